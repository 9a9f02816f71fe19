/*
 * spiral.h - public API of libspiral.
 *
 * spiral simulates a regional security system (states, alignments, arms,
 * sanctions, incidents and escalation) from a YAML scenario and stores
 * the results in SQLite. This header is the whole public surface: every
 * type is opaque except the error object, every name starts with sp_,
 * and the shared library exports nothing else.
 *
 * Conventions (docs/ARCHITECTURE.md has the long form):
 *   - Functions that can fail return an int status (SP_OK or an SP_E*
 *     code) and fill a caller-provided sp_error; they never print, never
 *     exit, never abort.
 *   - Constructors are sp_<noun>_new / _load / _open; each has a matching
 *     _free / _close that accepts NULL. The caller owns what it creates.
 *   - No global mutable state, except the allocator hook, which is set
 *     once before anything else (as sqlite3_config does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SPIRAL_H
#define SPIRAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define SP_API __attribute__((visibility("default")))
#else
#define SP_API
#endif

/* ---- status codes ------------------------------------------------------ */

typedef enum sp_status {
    SP_OK = 0,
    SP_EINVAL,    /* bad input: scenario, --set value, flag, argument */
    SP_ENOMEM,    /* allocation failed */
    SP_EIO,       /* file or database I/O failed */
    SP_EFORMAT,   /* a file is not what it should be (not a spiral database,
                     corrupt, newer schema) */
    SP_ELIMIT,    /* a bound was hit (file size, nesting, aliases, runs) */
    SP_ENUMERIC,  /* a numerical failure inside a run (NaN, overflow) */
    SP_EINTR,     /* interrupted by the caller (SIGINT) */
    SP_ENOTFOUND, /* asked for an id, package or key that does not exist */
    SP_EINTERNAL  /* a bug: an invariant did not hold */
} sp_status;

/* ---- errors ------------------------------------------------------------ */

/* The one error object. The first failure is kept ("sticky"): later
 * failures do not overwrite it until sp_error_clear. For input errors
 * file/line/col locate the problem (1-based; 0 when unknown) and
 * source_line holds the text of that line so a caller can draw a caret. */
typedef struct sp_error {
    int code;
    char message[1024];
    char file[512];
    int line;
    int col;
    char source_line[1024];
} sp_error;

SP_API void sp_error_clear(sp_error *err);
SP_API const char *sp_status_name(int code);

/* ---- version and allocator -------------------------------------------- */

SP_API const char *sp_version(void);        /* "0.1.0" */
SP_API const char *sp_version_full(void);   /* "0.1.0 (git abc123, gcc 12.2)" */

/* realloc-like: ptr NULL = malloc, size 0 = free (return NULL). */
typedef void *(*sp_realloc_fn)(void *ud, void *ptr, size_t size);
/* Replace the allocator. Call before creating any object; NULL restores
 * the default. Tests use it to count bytes and to fail the Nth call. */
SP_API void sp_set_allocator(sp_realloc_fn fn, void *ud);

/* ---- progress ---------------------------------------------------------- */

/* One progress line: bar of `width` cells, percent, done/total, runs/s,
 * elapsed and ETA ("--:--" until a rate is known). Locale-independent. */
SP_API void sp_progress_format(char *buf, size_t n, uint64_t done,
                               uint64_t total, double elapsed_s, int width);

/* ---- random numbers (Philox4x32-10, counter-based) -------------------- */

/* Streams: one fixed number per purpose, never reused (model.md §4).
 * Adding a stream never shifts another's draws. */
typedef enum sp_stream {
    SP_STREAM_PARAMS = 1,    /* sampled parameters (step 0) */
    SP_STREAM_TEST = 2,      /* tests and examples only */
    SP_STREAM_DATA_SPLIT = 3, /* random splits of data (spiral validate) */
    SP_STREAM_INCIDENTS = 10,
    SP_STREAM_LADDER = 11,
    SP_STREAM_JOIN = 12,
    SP_STREAM_WAR = 13,
    SP_STREAM_CONDUCT = 14,  /* attacks on civilians (mech/conduct.c) */
    SP_STREAM_DESIGN = 15,   /* sweep designs (analysis/design.c): rep =
                                point or Feistel half, step = purpose */
    SP_STREAM_BOOTSTRAP = 16 /* bootstrap resampling (analysis/sobol.c) */
    /* further mechanisms take further numbers; see src/rng.h */
} sp_stream;

/* Four raw 32-bit words for key = seed, counter = (rep, stream, step,
 * entity * 256 + draw). Pure function: no state. */
SP_API void sp_rng_words(uint64_t seed, uint32_t rep, uint32_t stream,
                         uint32_t step, uint32_t entity, uint32_t draw,
                         uint32_t out[4]);
/* A uniform double in (0, 1), never 0 or 1, from the same counter. */
SP_API double sp_rng_uniform(uint64_t seed, uint32_t rep, uint32_t stream,
                             uint32_t step, uint32_t entity, uint32_t draw);

/* ---- scenarios --------------------------------------------------------- */

typedef struct sp_scenario sp_scenario;

/* Load a scenario file (following extends:), apply --set overrides
 * ("PATH=VALUE", grammar in docs/SCENARIO.md), validate everything
 * against the parameter tables. On failure *out is NULL and err says
 * where and why. */
SP_API int sp_scenario_load(const char *path, const char *const *sets,
                            size_t n_sets, sp_scenario **out, sp_error *err);
/* The same from text in memory; name is used in error locations. */
SP_API int sp_scenario_load_text(const char *name, const char *text,
                                 size_t len, const char *const *sets,
                                 size_t n_sets, sp_scenario **out,
                                 sp_error *err);
SP_API void sp_scenario_free(sp_scenario *s);

SP_API const char *sp_scenario_name(const sp_scenario *s);
/* sha256 (hex) of the scenario text as loaded, its extends chain and the
 * --set overrides, in order: the identity stored with every result. */
SP_API const char *sp_scenario_sha256(const sp_scenario *s);
/* The full text that was hashed (files of the chain and overrides). */
SP_API const char *sp_scenario_text(const sp_scenario *s);
SP_API size_t sp_scenario_n_actors(const sp_scenario *s);
SP_API const char *sp_scenario_actor_id(const sp_scenario *s, size_t i);
SP_API size_t sp_scenario_n_packages(const sp_scenario *s);
SP_API const char *sp_scenario_package_name(const sp_scenario *s, size_t i);
SP_API size_t sp_scenario_n_events(const sp_scenario *s);
SP_API size_t sp_scenario_n_uncertain(const sp_scenario *s);
/* Path of the i-th uncertain parameter, e.g. "actors.PRK.milex". */
SP_API const char *sp_scenario_uncertain_path(const sp_scenario *s, size_t i);

/* Write the resolved model (every value with its source), the list of
 * uncertain parameters and the warnings to out, as text or JSON. */
SP_API int sp_scenario_describe(const sp_scenario *s, FILE *out, int json,
                                sp_error *err);
/* Resolved parameters as one JSON object (stored with every result):
 * "path": nominal value for every value, plus "uncertain" (path ->
 * distribution) and "warnings" (kinds no mechanism reads). */
SP_API int sp_scenario_params_json(const sp_scenario *s, char **json,
                                   sp_error *err);
SP_API void sp_free(void *p); /* frees strings the library returns */

/* The parameter tables as Markdown (docs/SCENARIO.md's reference part). */
SP_API int sp_params_markdown(FILE *out, sp_error *err);

/* ---- models, worlds and runs ----------------------------------------------- */

/* A scenario compiled for one package (immutable, shared by threads). */
typedef struct sp_model sp_model;
/* The mutable state of one run (one per thread, reset per run). */
typedef struct sp_world sp_world;

typedef struct sp_model_opts {
    int horizon_years;              /* 0: the scenario's */
    const char *const *without_events; /* event ids to drop */
    size_t n_without;
    const char *const *without_levers; /* the package's lever ids to drop
                                          (counterfactuals of `spiral
                                          questions`); unknown ids are
                                          ignored */
    size_t n_without_levers;
} sp_model_opts;

/* Compile package `package` (an index of sp_scenario_package_name). The
 * scenario must outlive the model. */
SP_API int sp_model_new(const sp_scenario *s, size_t package,
                        const sp_model_opts *opts, sp_model **out,
                        sp_error *err);
SP_API void sp_model_free(sp_model *m);
SP_API size_t sp_model_n_outcomes(const sp_model *m);
SP_API const char *sp_model_outcome_name(const sp_model *m, size_t i);
SP_API int sp_model_n_steps(const sp_model *m);

SP_API int sp_world_new(const sp_model *m, sp_world **out, sp_error *err);
SP_API void sp_world_free(sp_world *w);

/* Init / step / done (style.md §9). sp_run_step returns SP_OK after each
 * step; sp_run_finished says when the last one has run. sp_run_done
 * writes the run's outcomes (sp_model_n_outcomes doubles; "first month"
 * outcomes count months from the package start, -1 = not reached). A
 * numerical failure (NaN, overflow) gives SP_ENUMERIC with the step. */
SP_API int sp_run_init(sp_world *w, uint64_t seed, uint32_t rep,
                       int sample_params, sp_error *err);
/* The same at a sweep's design point: entry_values has one value per
 * registry entry of the scenario (sp_scenario_n_entries); an entry with a
 * value (not NaN) takes it, the others stay nominal. */
SP_API int sp_run_init_at(sp_world *w, uint64_t seed, uint32_t rep,
                          const double *entry_values, sp_error *err);
SP_API int sp_run_step(sp_world *w, sp_error *err);
SP_API int sp_run_finished(const sp_world *w);
SP_API int sp_run_done(sp_world *w, double *outcomes, size_t n,
                       sp_error *err);
SP_API int sp_run_all(sp_world *w, uint64_t seed, uint32_t rep,
                      int sample_params, double *outcomes, size_t n,
                      sp_error *err);

/* ---- ensembles ---------------------------------------------------------------- */

typedef struct sp_store sp_store;
typedef struct sp_ensemble sp_ensemble;

typedef struct sp_ensemble_opts {
    const size_t *packages;     /* package indices; the first is the baseline */
    size_t n_packages;
    uint64_t runs;              /* per package */
    uint64_t seed;
    int threads;                /* 0: OpenMP's default */
    int horizon_years;          /* 0: the scenario's */
    int sample_params;
    int series;                 /* store one ledger row per violation */
    const char *const *without_events;
    size_t n_without;
    sp_store *store;            /* NULL: do not store runs */
    int64_t invocation;         /* the store's invocation id */
    void (*progress)(void *ud, uint64_t done, uint64_t total);
    void *progress_ud;
    volatile int *interrupt;    /* non-zero: stop after the current batch */
} sp_ensemble_opts;

/* Run every package for runs replications with common random numbers:
 * replication r of every package sees the same chance events. Runs
 * stream to the store in batches (one transaction each); statistics are
 * accumulated as runs finish, so memory does not grow with the run
 * count. Interrupted: SP_EINTR with the finished batches kept. */
SP_API int sp_ensemble_run(const sp_scenario *s, const sp_ensemble_opts *o,
                           sp_ensemble **out, sp_error *err);
SP_API void sp_ensemble_free(sp_ensemble *e);
SP_API uint64_t sp_ensemble_runs_done(const sp_ensemble *e);
SP_API uint64_t sp_ensemble_runs_failed(const sp_ensemble *e);
/* Results: JSON (the shape in docs/CLI.md) or a text table with the
 * significant differences in words and warnings. */
SP_API int sp_ensemble_write_json(const sp_ensemble *e, FILE *out,
                                  double elapsed_s, sp_error *err);
SP_API int sp_ensemble_write_text(const sp_ensemble *e, FILE *out,
                                  int detail, sp_error *err);

/* ---- sweeps (spiral sweep) ------------------------------------------------ */

typedef struct sp_sweep_opts {
    const char *design;          /* "mc", "lhs", "sobol", "morris", "factorial" */
    uint64_t samples;            /* --samples N: its meaning per design in
                                    sp_design_new */
    int levels;                  /* factorial: levels of every parameter */
    const char *groups;          /* NULL or "none": each parameter alone;
                                    "section": by the path's first two
                                    parts (Sobol and Morris per group) */
    uint32_t replications;       /* R per point and package */
    uint64_t seed;               /* the runs' and the design's */
    const size_t *packages;      /* package indices */
    size_t n_packages;
    int horizon_years;           /* 0: the scenario's */
    int threads;                 /* 0: OpenMP's default */
    int resume, retry_failed;
    int shard_k, shard_n;        /* 1/1: the whole sweep */
    sp_store *store;             /* required */
    const char *command_line;
    void (*progress)(void *ud, uint64_t done, uint64_t total);
    void *progress_ud;
    volatile int *interrupt;     /* non-zero: stop after the current batch */
} sp_sweep_opts;

typedef struct sp_sweep_result {
    int64_t invocation;
    uint64_t runs_total;   /* runs of this shard */
    uint64_t runs_skipped; /* already stored (--resume) */
    uint64_t runs_done;    /* run now */
    uint64_t runs_failed;  /* stored with a failure reason */
    size_t n_points, n_params;
} sp_sweep_result;

/* Run every design point x package x replication not yet stored (all of
 * them for a new sweep, the missing ones with resume) and stream them to
 * the store in batches of whole (point, replication) units. See
 * src/sweep.c. SP_EINTR when interrupted (finished batches kept). */
SP_API int sp_sweep_run(const sp_scenario *s, const sp_sweep_opts *o,
                        sp_sweep_result *res, sp_error *err);

/* ---- answers to the five questions (spiral questions) ------------------- */

typedef struct sp_questions_opts {
    const char *path;               /* the scenario file */
    const char *const *sets;        /* --set overrides */
    size_t n_sets;
    uint64_t runs;                  /* replications per configuration */
    uint64_t seed;
    int threads;                    /* 0: OpenMP's default */
    const char *ally, *target;      /* questions 2-3, e.g. "RUS", "PRK" */
    int one_at_a_time;              /* question 5 (many more runs) */
    int decisive;                   /* question 5 by a sweep: points x reps
                                       x {reassurance, deterrence} */
    uint32_t points, reps;          /* its LHS points (0: 200) and
                                       replications per point (0: 40) */
    const char *db;                 /* keep that sweep here (NULL: a
                                       temporary file) */
    const char *command_line;
    void (*progress)(void *ud, const char *what);
    void *progress_ud;
} sp_questions_opts;

/* Answer the five questions of seed-facts.md (docs/CLI.md, `spiral
 * questions`) with numbers and 95% intervals, as text or JSON. Every
 * configuration runs `runs` replications with the same seed, so
 * differences are paired by replication. */
SP_API int sp_questions_write(const sp_questions_opts *o, FILE *out,
                              int json, sp_error *err);

/* ---- validation (spiral validate) ------------------------------------- */

/* Run the validation cases (all, or the one named `only`) and write a
 * table (or JSON): case, kind, figure, expected, tolerance, result,
 * source. data_dir holds the shipped data (NULL: "data"). *n_failed
 * counts cases that failed and are not known-failing. An unknown case is
 * SP_ENOTFOUND. */
SP_API int sp_validate_write(const char *data_dir, const char *only,
                             FILE *out, int json, int *n_failed,
                             sp_error *err);
SP_API size_t sp_validate_n_cases(void);
/* `spiral calibrate`: the numbers the model takes from data, fitted from
 * data_dir (NULL: "data") with their 95% intervals, units and methods,
 * beside the values in use; incident rates are fitted to the states of
 * the scenario at scenario_path (NULL: DATA/../scenarios/
 * northeast-asia-2024.yaml). A table, or JSON if json. */
SP_API int sp_calibrate_write(const char *data_dir, const char *scenario_path,
                              FILE *out, int json, sp_error *err);
SP_API const char *sp_validate_case_name(size_t i);

/* ---- building a scenario from the data (spiral build-scenario) ------- */

typedef struct sp_build_opts {
    int year;                 /* the scenario's year (time.start = year-01) */
    const char *states;       /* "ISO3,ISO3,..." or "un" (the UN members of
                                 the year's session: docs/CLI.md) */
    const char *data_dir;     /* the shipped data; NULL: "data" */
    int compact;              /* one line per dyad, short sources */
    const char *command_line; /* written into the header; NULL: none */
} sp_build_opts;

/* Build a scenario YAML from data/nmc.csv, cow_states.csv,
 * atop_alliance_dyad_year.csv, unga_ideal_points.csv and rivalries.csv
 * (rules: docs/CLI.md and the emitted header). With path, the text goes
 * to PATH.tmp, which is renamed to PATH only when complete; else to out.
 * An unknown state, a year outside the data or an unwritable path is
 * SP_EINVAL / SP_ENOTFOUND / SP_EIO with a message naming it. */
SP_API int sp_build_scenario_write(const sp_build_opts *o, const char *path,
                                   FILE *out, sp_error *err);

/* ---- the results store (SQLite) ---------------------------------------- */

enum { SP_STORE_READONLY = 0, SP_STORE_CREATE = 1 };

/* Open (or, with SP_STORE_CREATE, create) a spiral database. A file that
 * is not a spiral database, or has a newer schema, gives SP_EFORMAT. An
 * older schema is migrated in one transaction. */
SP_API int sp_store_open(const char *path, int flags, sp_store **out,
                         sp_error *err);
SP_API void sp_store_close(sp_store *st);
SP_API int sp_store_schema_version(const sp_store *st);

/* One invocation that writes: returns its id. */
typedef struct sp_invocation_info {
    const char *kind;        /* "run", "compare", "sweep", ... */
    const char *command_line;
    const char *scenario_name;
    const char *scenario_text;
    const char *scenario_sha256;
    const char *params_json; /* resolved parameters */
    uint64_t seed;
} sp_invocation_info;
SP_API int sp_store_begin_invocation(sp_store *st,
                                     const sp_invocation_info *info,
                                     int64_t *id, sp_error *err);
/* Mark an invocation finished (status: "done", "interrupted", "failed"). */
SP_API int sp_store_end_invocation(sp_store *st, int64_t id,
                                   const char *status, sp_error *err);

/* Runs: key = (invocation, package, design point, replication).
 * Outcomes are named doubles. Writes are batched: a batch is one
 * transaction; a finished run is one whose batch has committed. */
typedef struct sp_run_key {
    int64_t invocation;
    int32_t package;
    int32_t point;
    int32_t replication;
} sp_run_key;
SP_API int sp_store_add_outcome_names(sp_store *st, int64_t invocation,
                                      const char *const *names, size_t n,
                                      sp_error *err);
SP_API int sp_store_begin_batch(sp_store *st, sp_error *err);
SP_API int sp_store_put_run(sp_store *st, const sp_run_key *key,
                            const double *outcomes, size_t n,
                            const char *failure, sp_error *err);
SP_API int sp_store_commit_batch(sp_store *st, sp_error *err);
SP_API int sp_store_rollback_batch(sp_store *st);
/* Read one run's outcomes back (n in/out). SP_ENOTFOUND if absent. */
SP_API int sp_store_get_run(sp_store *st, const sp_run_key *key,
                            double *outcomes, size_t *n, sp_error *err);
SP_API int sp_store_count_runs(sp_store *st, int64_t invocation,
                               int64_t *count, sp_error *err);

/* Store the answers of a `questions` invocation (its text as printed). */
SP_API int sp_store_put_answers(sp_store *st, int64_t invocation,
                                const char *text, sp_error *err);

/* What the database holds, one line per invocation, for `spiral ls`. */
SP_API int sp_store_list(sp_store *st, FILE *out, int json, sp_error *err);

/* The legal ledger of invocation `id` (0: the newest), for `spiral
 * ledger`: per package, rule, act and actor the share of runs with a
 * violation, violations and size per run; then, for an invocation run
 * with series, every violation. rule/actor (NULL: all) filter both; an
 * unknown name is SP_ENOTFOUND with the names it has. */
SP_API int sp_ledger_write(sp_store *st, int64_t id, const char *rule,
                           const char *actor, FILE *out, int json,
                           sp_error *err);

/* Join the shards of one sweep (`spiral sweep --shard K/N`, each input's
 * newest sweep) into a new database `out` holding the sweep as one
 * invocation, shard 1/1, every run with its outcome bytes unchanged, as
 * an unsharded sweep would have stored it. Every shard 1..N must be
 * given once and be complete. Refused (SP_EINVAL, or the store's
 * SP_EFORMAT / SP_EIO for an input that is not a spiral database or
 * cannot be opened; SP_ENOTFOUND for one without a sweep): shards of
 * different sweeps, a shard twice, a missing or incomplete shard, an
 * existing `out`, `out` equal to an input. Written as OUT.tmp and
 * renamed; nothing is left behind on failure. command_line (NULL: shard
 * 1's) is stored with the invocation; *n_runs (may be NULL) gets the runs
 * merged. Memory does not grow with the runs. See src/store/merge.c. */
SP_API int sp_store_merge(const char *const *inputs, size_t n_inputs,
                          const char *out, const char *command_line,
                          uint64_t *n_runs, sp_error *err);

/* Export invocation `id` (0: the newest) one row per stored run, in
 * (point, replication, package) order, streamed (memory flat in the
 * runs). format: "csv" (RFC 4180; point, package, replication, failure,
 * one column per swept parameter, one per outcome; numbers as the
 * shortest text that reads back to the same double, NaN empty), "jsonl"
 * (one object per run with the same fields; NaN as null) or "ema" (EMA
 * Workbench's save_results .tar.gz). With path, the file is written as
 * PATH.tmp and renamed, and its metadata (scenario, seed, code version,
 * command line, design) goes to PATH.meta.json beside it; without
 * (csv and jsonl only) the rows go to out and there is no metadata file.
 * A run or compare exports with point 0 and no parameter columns.
 * SP_EINVAL: unknown format, ema without path; SP_ENOTFOUND: no such id;
 * SP_EIO: writing failed. See src/store/export.c. */
SP_API int sp_store_export(sp_store *st, int64_t id, const char *format,
                           const char *path, FILE *out, uint64_t *n_rows,
                           sp_error *err);

/* ---- reports ----------------------------------------------------------- */

/* Write invocation `id` of the store (0: the newest) as one
 * self-contained HTML page (inline CSS and SVG, nothing fetched): the
 * packages' P(major war) at 1/5/10 years with Wilson intervals, the
 * significant paired differences from the first package in words, what
 * the numbers are conditional on (uncertain parameters, levers no
 * mechanism reads), cumulative P(outcome) over time with interval bands,
 * and the provenance. Read from the stored runs; nothing is re-run.
 * SP_ENOTFOUND: no such id; SP_EINVAL: not a run or compare invocation,
 * or no complete replication; SP_EIO: writing to out failed. */
SP_API int sp_report_write(sp_store *st, int64_t id, FILE *out,
                           sp_error *err);

/* ---- sweeps: experimental designs and sensitivity analysis ------------ */

/* A design is a list of points u in (0,1)^k, one per sweep point, each a
 * pure function of (kind, k, groups, n_samples, seed, levels) and its
 * index i: a sharded or resumed sweep computes point i alone, on any
 * thread (the design is read-only after sp_design_new). The caller maps
 * u_p through parameter p's inverse CDF (its quantile function), so
 * every design is uniform in probability, whatever the distributions.
 * Every kind gives u strictly inside (0,1), so unbounded distributions
 * map to finite values.
 *
 * kind       points (N = n_samples, g = groups)   order of point i
 * mc         N, independent uniforms               i
 * lhs        N, Latin hypercube (one point in      i
 *            each of N strata per parameter)
 * sobol      N (g + 2): Saltelli's A, B and AB^h   base point j = i / (g+2),
 *            from a 2k-dim Sobol' sequence         r = i % (g+2): r = 0 A_j,
 *            (Joe-Kuo numbers; k <= 512)           1 B_j, 2 + h AB^(h)_j
 *                                                  (A_j with group h's
 *                                                  columns from B_j)
 * morris     N trajectories of g + 1 points,       trajectory t = i / (g+1),
 *            p = 4 levels, one group moved per     step s = i % (g+1): s = 0
 *            step by delta = 1/2 in u (Morris      start, step s moves one
 *            1991; Campolongo et al. 2007)         more group
 * factorial  prod(levels[p]) (n_samples unused),   mixed radix, parameter 0
 *            u = (l + 0.5) / levels[p]             slowest, the last fastest
 *
 * group_of_param: k group numbers 0..g-1, each used (NULL: every
 * parameter its own group, g = k). Groups matter to sobol and morris
 * only (indices per group; a group's parameters move together); the
 * other kinds check and ignore them. levels: factorial only (k counts,
 * each >= 1; NULL otherwise). seed: the random parts (mc, lhs, morris)
 * use Philox stream SP_STREAM_DESIGN under this seed; sobol is
 * deterministic and ignores it. Details and citations: src/analysis/
 * design.c and docs/ARCHITECTURE.md. */
typedef enum sp_design_kind {
    SP_DESIGN_MC = 1,
    SP_DESIGN_LHS,
    SP_DESIGN_SOBOL,
    SP_DESIGN_MORRIS,
    SP_DESIGN_FACTORIAL
} sp_design_kind;

typedef struct sp_design sp_design;

/* SP_EINVAL: unknown kind, k = 0, n_samples = 0 (not factorial), bad
 * groups or levels; SP_ELIMIT: too many points for a size_t or for the
 * kind (sobol: n_samples < 2^32 and 2k <= 1024 dimensions); SP_ENOMEM. */
SP_API int sp_design_new(sp_design_kind kind, size_t k,
                         const int *group_of_param, size_t n_samples,
                         uint64_t seed, const int *levels, sp_design **out,
                         sp_error *err);
SP_API void sp_design_free(sp_design *d);
SP_API size_t sp_design_n_points(const sp_design *d);
SP_API size_t sp_design_n_params(const sp_design *d);  /* k */
SP_API size_t sp_design_n_groups(const sp_design *d);  /* g */
SP_API size_t sp_design_n_samples(const sp_design *d); /* N as given */
SP_API sp_design_kind sp_design_kind_of(const sp_design *d);
/* Point i into u[0..k): SP_OK, or SP_EINVAL if i >= n_points (u
 * untouched). No allocation; safe from any number of threads. */
SP_API int sp_design_point(const sp_design *d, size_t i, double *u);
/* "mc", "lhs", "sobol", "morris", "factorial"; NULL for other values. */
SP_API const char *sp_design_kind_name(sp_design_kind kind);
/* The kind named (as --design spells it); SP_EINVAL if none. */
SP_API int sp_design_kind_parse(const char *name, sp_design_kind *kind);

/* Sobol' indices of one group, with bootstrap percentile intervals. */
typedef struct sp_sobol_index {
    double s1, s1_lo, s1_hi; /* first order (Saltelli et al. 2010) */
    double st, st_lo, st_hi; /* total order (Jansen 1999) */
} sp_sobol_index;

/* First- and total-order indices per group from outcomes y[0..n_points)
 * in the sobol design's order (n_points = n_base (n_groups + 2)). For a
 * stochastic model y is, per design point, the MEAN over its R
 * replications; how that noise enters the estimates and intervals is in
 * src/analysis/sobol.h. Base points with any non-finite value are left
 * out (*n_used says how many were used, may be NULL). n_boot resamples
 * of the base points (0: the default 1000) under Philox stream
 * SP_STREAM_BOOTSTRAP with `seed`; level in (0,1), e.g. 0.95. *variance
 * (may be NULL) is the outcome's variance; if it is 0 every index is
 * NaN. SP_EINVAL: n_points not a multiple of n_groups + 2, fewer than 2
 * usable base points, bad level; SP_ENOMEM. */
SP_API int sp_sobol_analyze(const double *y, size_t n_points,
                            size_t n_groups, size_t n_boot, uint64_t seed,
                            double level, sp_sobol_index *out,
                            double *variance, size_t *n_used, sp_error *err);

/* Morris measures of one group (Campolongo et al. 2007): mean of the
 * elementary effects, mean of their absolute values, their standard
 * deviation (n - 1; NaN below 2), from n trajectories. Effects are per
 * unit of u. For a group of several parameters only mu_star is
 * meaningful (its parameters may move in opposite directions). */
typedef struct sp_morris_index {
    double mu, mu_star, sigma;
    size_t n;
} sp_morris_index;

/* Elementary effects per group from y[0..n_points) in the morris
 * design's order; a trajectory with a non-finite value contributes no
 * effect from its affected steps. out has sp_design_n_groups entries.
 * SP_EINVAL: not a morris design or n_points differs. */
SP_API int sp_morris_analyze(const sp_design *d, const double *y,
                             size_t n_points, sp_morris_index *out,
                             sp_error *err);

/* ---- analysing a stored sweep (spiral analyze) ---------------------- */

typedef struct sp_analyze_opts {
    int64_t id;            /* the sweep's invocation; 0: the newest sweep */
    const char *package;   /* sobol, morris, prim: NULL for the first */
    const char *outcome;   /* NULL: major_war_10y if the sweep has it, else
                              its first outcome */
    int sobol, morris;     /* Sobol' indices (sobol designs), Morris
                              measures (morris designs) */
    const char *prim;      /* "OUTCOME > VALUE" (>, >=, <, <=): PRIM box */
    const char *regret;    /* an outcome: regret of each package */
    const char *threshold; /* "OUTCOME < VALUE": share of points meeting it */
    int higher_better;     /* regret: higher values are better */
} sp_analyze_opts;

/* Analyse sweep o->id of the store, reading only the store (nothing is
 * re-run): per design point and package the outcome's mean over its
 * replications (NaN when one failed), then a summary and the analyses
 * asked for (none asked: those that fit the design), as text or JSON.
 * Outcomes are the stored ones plus, for each "first month" outcome
 * NAME, NAME_<Y>y: reached within Y years (src/analysis/analyze.h).
 * SP_ENOTFOUND: no such id, not a sweep, no sweep, unknown package or
 * outcome (message with the names it has); SP_EINVAL: a malformed
 * condition (with its column), --sobol or --morris on another design;
 * SP_EFORMAT: stored data inconsistent with the sweep; SP_EIO: writing
 * failed. */
SP_API int sp_analyze_write(sp_store *st, const sp_analyze_opts *o,
                            FILE *out, int json, sp_error *err);

#ifdef __cplusplus
}
#endif
#endif /* SPIRAL_H */
