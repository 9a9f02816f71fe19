/*
 * store.h - internals of the SQLite results store (src/store/).
 *
 * The public contract is the "results store" section of spiral.h; this
 * header holds what the store's own files share (the sp_store struct,
 * statement ids, the error funnel) and a few internal entry points that
 * the CLI and the tests use but that are not part of the public API:
 * package names, failed-run counts, a fixed clock for tests, and an open
 * with a caller-supplied migration table (to exercise the migration path).
 * The design essay (schema, BLOB encoding, migration rule) is at the top
 * of store.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_STORE_H
#define SP_STORE_H

#include "internal.h"

#include <sqlite3.h>

/* PRAGMA application_id of every spiral database: 'SPR1'. */
#define SP_STORE_APP_ID 0x53505231
/* The schema this build writes. */
#define SP_STORE_SCHEMA_VERSION 4
/* Most outcomes one run may carry (keeps the BLOB size far from limits). */
#define SP_STORE_MAX_OUTCOMES (1u << 20)

/* A schema history: steps[k] is the SQL (one or more statements) taking
 * a database from version k to k + 1; steps[0] creates version 1 from
 * nothing. version = number of steps = the version this table reaches. */
typedef struct sp_store_schema {
    int version;
    const char *const *steps;
} sp_store_schema;

/* Prepared statements kept on the store, prepared on first use. */
enum sp_store_stmt_id {
    SP_ST_INSERT_INVOCATION,
    SP_ST_END_INVOCATION,
    SP_ST_INVOCATION_EXISTS,
    SP_ST_INSERT_OUTCOME_NAME,
    SP_ST_COUNT_OUTCOME_NAMES,
    SP_ST_INSERT_PACKAGE,
    SP_ST_COUNT_PACKAGES,
    SP_ST_INSERT_RUN,
    SP_ST_GET_RUN,
    SP_ST_COUNT_RUNS,
    SP_ST_COUNT_FAILED,
    SP_ST_LIST_INVOCATIONS,
    SP_ST_LIST_PACKAGES,
    SP_ST_LIST_OUTCOME_NAMES,
    SP_ST_INSERT_RUN_LEDGER,
    SP_ST_INSERT_LEDGER_ROW,
    SP_ST_INSERT_POINT,
    SP_ST_COUNT
};

struct sp_store {
    sqlite3 *db;
    char *path;            /* as given, for messages */
    int readonly;
    int version;           /* schema version after open (and migration) */
    int found_version;     /* schema version found on disk (0 = fresh) */
    int in_batch;
    int64_t fixed_time;    /* nonzero: the clock for tests (unix seconds) */
    int64_t names_inv;     /* cache: invocation whose names were counted */
    int64_t names_n;       /* ... and how many it has */
    unsigned char *blob;   /* reusable encoding buffer for put_run */
    size_t blob_cap;
    sqlite3_stmt *stmt[SP_ST_COUNT];
};

/* ---- sweep.c: sweeps (schema v4) ---- */
typedef struct sp_store_sweep {
    int64_t invocation;
    char design[16];
    int64_t samples, replications, n_points, n_params, shard_k, shard_n;
    char *identity; /* owned (sp_store_sweep_clear) */
} sp_store_sweep;
/* Record a sweep: its row and its k uncertain parameters (path, the
 * distribution as text, the group name), in one transaction. */
SP_INTERNAL int sp_store_put_sweep(sp_store *st, const sp_store_sweep *sw,
                                   const char *const *paths,
                                   const char *const *dists,
                                   const char *const *groups, sp_error *err);
/* The sweep of invocation id (0: the newest sweep). SP_ENOTFOUND if
 * none. */
SP_INTERNAL int sp_store_get_sweep(sp_store *st, int64_t id,
                                   sp_store_sweep *out, sp_error *err);
SP_INTERNAL void sp_store_sweep_clear(sp_store_sweep *sw);
/* A design point's parameter values, once (inside the caller's batch). */
SP_INTERNAL int sp_store_put_point(sp_store *st, int64_t invocation,
                                   int64_t point, const double *x, size_t k,
                                   sp_error *err);
/* Which (point, replication) units of a sweep are finished: done[point *
 * R + rep] = 1 when all P package runs are committed. Units with fewer
 * than P runs (none should exist: a unit commits in one transaction) are
 * deleted; with retry_failed, so are units with a failed run. *failed
 * counts failed runs kept. */
SP_INTERNAL int sp_store_sweep_done(sp_store *st, const sp_store_sweep *sw,
                                    int64_t P, int retry_failed,
                                    uint8_t *done, uint64_t *failed,
                                    sp_error *err);
/* The sweep's uncertain parameters in design order: paths,
 * distributions as text and group names (each array owned; free with
 * sp_store_strv_free; groups may be NULL if not wanted). */
SP_INTERNAL int sp_store_sweep_params(sp_store *st, int64_t invocation,
                                      char ***paths, char ***dists,
                                      char ***groups, size_t *k,
                                      sp_error *err);
SP_INTERNAL void sp_store_strv_free(char **v, size_t n);
/* Every stored run of a sweep, ordered by (point, replication, package),
 * with the point's parameter values: one cursor, memory flat. */
typedef struct sp_sweep_cursor sp_sweep_cursor;
typedef struct sp_sweep_row {
    int64_t point, replication, package;
    const char *failure; /* NULL, or why the run failed (valid until next) */
    double *outcomes;    /* n_outcomes values (owned by the cursor) */
    double *x;           /* k parameter values (owned by the cursor) */
} sp_sweep_row;
SP_INTERNAL int sp_store_sweep_runs_open(sp_store *st, int64_t invocation,
                                         size_t n_outcomes, size_t k,
                                         sp_sweep_cursor **out,
                                         sp_error *err);
/* The next run into *row; *has false at the end. A blob of the wrong
 * size is SP_EFORMAT naming the run. */
SP_INTERNAL int sp_store_sweep_runs_next(sp_sweep_cursor *c,
                                         sp_sweep_row *row, bool *has,
                                         sp_error *err);
SP_INTERNAL void sp_store_sweep_runs_close(sp_sweep_cursor *c);

/* ---- store.c ---- */
/* Record an SQLite failure: maps rc to an SP_E* code and writes
 * "PATH: WHAT: sqlite message". Returns the code. */
SP_INTERNAL int sp_store_db_fail(sp_store *st, int rc, const char *what,
                                 sp_error *err);
/* The statement `id`, prepared on first use, reset and unbound. */
SP_INTERNAL int sp_store_stmt(sp_store *st, int id, sqlite3_stmt **out,
                              sp_error *err);
/* Run a "SELECT count(*) ... WHERE invocation = ?1" statement. */
SP_INTERNAL int sp_store_count_by(sp_store *st, int stmt_id,
                                  int64_t invocation, int64_t *count,
                                  sp_error *err);
/* Run one or more SQL statements without results. */
SP_INTERNAL int sp_store_exec(sp_store *st, const char *sql, const char *what,
                              sp_error *err);
/* The current time as "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
SP_INTERNAL void sp_store_now(const sp_store *st, char buf[32]);
/* Make the clock return `unix_seconds` (0 restores the real clock). */
SP_INTERNAL void sp_store_set_clock(sp_store *st, int64_t unix_seconds);
/* Open against a given schema history (tests; sp_store_open uses the
 * built-in one). */
SP_INTERNAL int sp_store_open_schema(const char *path, int flags,
                                     const sp_store_schema *schema,
                                     sp_store **out, sp_error *err);
/* The schema version found on disk before any migration (0: created). */
SP_INTERNAL int sp_store_found_version(const sp_store *st);
/* Name the invocation's packages (index = position, appended). */
SP_INTERNAL int sp_store_add_package_names(sp_store *st, int64_t invocation,
                                           const char *const *names, size_t n,
                                           sp_error *err);

/* ---- schema.c ---- */
/* The schema history this build knows. */
SP_INTERNAL const sp_store_schema *sp_store_builtin_schema(void);
/* Check the file is a spiral database; create or migrate it as needed;
 * set st->version and st->found_version. */
SP_INTERNAL int sp_store_prepare_schema(sp_store *st, int create,
                                        const sp_store_schema *schema,
                                        sp_error *err);

/* ---- runs.c ---- */
SP_INTERNAL int sp_store_count_failed(sp_store *st, int64_t invocation,
                                      int64_t *count, sp_error *err);
/* Does the invocation exist? SP_OK or SP_ENOTFOUND (with message). */
SP_INTERNAL int sp_store_check_invocation(sp_store *st, int64_t invocation,
                                          sp_error *err);
/* Little-endian IEEE 754 binary64 encoding of outcomes (8 bytes each). */
SP_INTERNAL void sp_store_encode_doubles(const double *v, size_t n,
                                         unsigned char *out);
SP_INTERNAL void sp_store_decode_doubles(const unsigned char *in, size_t n,
                                         double *out);

/* ---- ledger.c: the legal ledger (ledger.h) ---- */
/* Name the invocation's actors, rules and acts (once, before its runs);
 * with series, mark it as holding one row per violation. */
SP_INTERNAL int sp_store_add_ledger_names(sp_store *st, int64_t invocation,
                                          const char *const *actor_ids,
                                          size_t n_actors, bool series,
                                          sp_error *err);
/* The newest answers (`spiral questions --db`) stored for a scenario of
 * this sha256: *text is NULL (and SP_OK) when there are none; the caller
 * frees it with sp_free. */
SP_INTERNAL int sp_store_find_answers(sp_store *st, const char *sha256,
                                      int64_t *invocation, char **text,
                                      sp_error *err);
/* The id of the run the last sp_store_put_run stored. */
SP_INTERNAL int64_t sp_store_last_run_id(const sp_store *st);
/* A run's ledger summary: count/size are [SP_N_LINES][n_actors] as in
 * sp_ledger; only nonzero counts are written. */
SP_INTERNAL int sp_store_put_ledger(sp_store *st, int64_t run,
                                    const double *count, const double *size,
                                    int n_actors, sp_error *err);
/* A run's violations, one row each; start_month is the package start as
 * a month index (scenario.h), so a row's date is start + its month. */
struct sp_ledger_row;
SP_INTERNAL int sp_store_put_ledger_rows(sp_store *st, int64_t run,
                                         const struct sp_ledger_row *rows,
                                         size_t n, int start_month,
                                         sp_error *err);

/* ---- read.c: reading an invocation back (reports, analysis) ---- */
/* The invocation ids the file holds: lowest, highest and how many (all
 * 0 when it holds none). */
SP_INTERNAL int sp_store_invocation_range(sp_store *st, int64_t *lo,
                                          int64_t *hi, int64_t *n,
                                          sp_error *err);
/* One invocation with its package and outcome names, in index order.
 * Strings are owned by the struct (NULL where the column is NULL). */
typedef struct sp_store_invocation {
    int64_t id;
    uint64_t seed;
    char *kind, *started_at, *finished_at, *status, *command_line,
        *code_version, *scenario_name, *scenario_sha256, *params_json;
    char **packages;
    size_t n_packages;
    char **outcomes;
    size_t n_outcomes;
} sp_store_invocation;
/* Fill *inv (zeroed first); SP_ENOTFOUND if the id does not exist. On
 * failure *inv holds nothing to free (freeing it is still safe). */
SP_INTERNAL int sp_store_read_invocation(sp_store *st, int64_t id,
                                         sp_store_invocation *inv,
                                         sp_error *err);
SP_INTERNAL void sp_store_invocation_free(sp_store_invocation *inv);
/* Invocation `id` (0: the newest) into *inv, with messages for a user:
 * an empty file, or an id out of the range the file holds. */
SP_INTERNAL int sp_store_find_invocation(sp_store *st, int64_t id,
                                         sp_store_invocation *inv,
                                         sp_error *err);

/* A cursor over the replications of one design point, all packages side
 * by side, in replication order. One prepared statement per package walks
 * the runs_key index, so memory does not grow with the run count and no
 * sort is needed; the statements share one read snapshot. A replication
 * missing for some package (a run that was never stored) is skipped and
 * counted. */
typedef struct sp_store_reps sp_store_reps;
SP_INTERNAL int sp_store_reps_open(sp_store *st, int64_t invocation,
                                   int32_t point, size_t n_packages,
                                   size_t n_outcomes, sp_store_reps **out,
                                   sp_error *err);
/* The next complete replication: out gets n_packages rows of n_outcomes
 * doubles (zeros for a failed run), failed one flag per package, and
 * *failure the first failure message of the replication (NULL if none;
 * valid until the next call). *more is false at the end (nothing filled).
 * A run that is not failed but has the wrong number of outcomes is
 * SP_EFORMAT. */
SP_INTERNAL int sp_store_reps_next(sp_store_reps *r, double *out,
                                   bool *failed, const char **failure,
                                   bool *more, sp_error *err);
/* Replications skipped so far because some package's run was missing. */
SP_INTERNAL uint64_t sp_store_reps_skipped(const sp_store_reps *r);
SP_INTERNAL void sp_store_reps_close(sp_store_reps *r);

#endif /* SP_STORE_H */
