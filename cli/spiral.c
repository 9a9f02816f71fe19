/*
 * spiral.c - the command-line program: one table of verbs, one table of
 * options; both drive parsing, arity checks and --help. Each verb is a
 * short function that calls the library and maps its status to an exit
 * code. Nothing here models anything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- options ------------------------------------------------------------ */

enum { ARG_NONE, ARG_STRING, ARG_INT };

typedef struct option_def {
    const char *name;
    int arg;
    const char *metavar;
    const char *help;
} option_def;

enum {
    O_SET, O_JSON, O_QUIET, O_VERBOSE, O_MARKDOWN, O_DB, O_OUTPUT, O_PACKAGE,
    O_PACKAGES, O_RUNS, O_SEED, O_THREADS, O_HORIZON, O_WITHOUT, O_SAMPLE,
    O_ID, O_SERIES, O_RULE, O_ACTOR, O_ALLY, O_TARGET, O_OAT, O_CASE,
    O_DATA, O_SCENARIO, O_YEAR, O_STATES, O_COMPACT, O_DESIGN, O_SAMPLES,
    O_REPLICATIONS, O_LEVELS, O_RESUME, O_RETRY, O_SHARD, O_DECISIVE,
    O_GROUPS, O_OUTCOME, O_SOBOL, O_MORRIS, O_PRIM, O_REGRET, O_THRESHOLD,
    O_HIGHER, O_FORMAT, O_HELP, N_OPTIONS
};

static const option_def options[N_OPTIONS] = {
    [O_SET] = {"--set", ARG_STRING, "PATH=VALUE",
               "override one scenario value (repeatable; grammar in "
               "docs/SCENARIO.md)"},
    [O_JSON] = {"--json", ARG_NONE, NULL, "machine-readable output on stdout"},
    [O_QUIET] = {"--quiet", ARG_NONE, NULL, "no progress output"},
    [O_VERBOSE] = {"--verbose", ARG_NONE, NULL, "more detail on stderr"},
    [O_MARKDOWN] = {"--markdown", ARG_NONE, NULL, "Markdown output"},
    [O_DB] = {"--db", ARG_STRING, "FILE", "results database"},
    [O_OUTPUT] = {"-o", ARG_STRING, "FILE", "output file"},
    [O_PACKAGE] = {"--package", ARG_STRING, "P",
                   "the package to run (default: the scenario's first)"},
    [O_PACKAGES] = {"--packages", ARG_STRING, "A,B,...",
                    "packages to compare; the first is the baseline "
                    "(default: all, in scenario order)"},
    [O_RUNS] = {"--runs", ARG_INT, "N", "runs per package (default 10000)"},
    [O_SEED] = {"--seed", ARG_INT, "S",
                "master seed (default: SPIRAL_SEED, else 1)"},
    [O_THREADS] = {"--threads", ARG_INT, "T",
                   "threads (default: SPIRAL_THREADS, else all cores)"},
    [O_HORIZON] = {"--horizon", ARG_INT, "YEARS",
                   "years after the package start (default: the "
                   "scenario's)"},
    [O_WITHOUT] = {"--without-event", ARG_STRING, "ID",
                   "drop a dated event (repeatable): a counterfactual with "
                   "common random numbers"},
    [O_SAMPLE] = {"--sample-params", ARG_NONE, NULL,
                  "draw uncertain parameters per replication (default: "
                  "their nominal values)"},
    [O_ID] = {"--id", ARG_INT, "ID",
              "the invocation to read (default: the newest)"},
    [O_SERIES] = {"--series", ARG_NONE, NULL,
                  "also store one legal-ledger row per violation (needs "
                  "--db; per-run counts are always stored)"},
    [O_RULE] = {"--rule", ARG_STRING, "R",
                "only this rule (unscr_1718, distinction, ...)"},
    [O_ACTOR] = {"--actor", ARG_STRING, "A", "only this actor (an id)"},
    [O_ALLY] = {"--ally", ARG_STRING, "A",
                "questions 2-3: the treaty partner and sender of help "
                "(default RUS)"},
    [O_TARGET] = {"--target", ARG_STRING, "T",
                  "questions 2-3: the receiver and sanctions target "
                  "(default PRK)"},
    [O_OAT] = {"--one-at-a-time", ARG_NONE, NULL,
               "question 5: rerun question 1 with each guessed parameter "
               "at the ends of its range (2 x parameters x packages x "
               "runs more runs)"},
    [O_CASE] = {"--case", ARG_STRING, "NAME", "only this validation case"},
    [O_DATA] = {"--data", ARG_STRING, "DIR",
                "the shipped data (default: data, as in a clone)"},
    [O_SCENARIO] = {"--scenario", ARG_STRING, "FILE",
                    "whose states the incident rate is fitted to (default: "
                    "DIR/../scenarios/northeast-asia-2024.yaml)"},
    [O_YEAR] = {"--year", ARG_INT, "Y",
                "the scenario's year; each dataset is read at its latest "
                "year up to Y"},
    [O_STATES] = {"--states", ARG_STRING, "ISO3,...",
                  "the actors, as ISO 3166 alpha-3 codes, or 'un' for the "
                  "UN members of the year's session"},
    [O_COMPACT] = {"--compact", ARG_NONE, NULL,
                   "one line per dyad with short sources (for large "
                   "scenarios)"},
    [O_DESIGN] = {"--design", ARG_STRING, "D",
                  "mc, lhs, sobol (Saltelli), morris or factorial"},
    [O_SAMPLES] = {"--samples", ARG_INT, "N",
                   "design size: points (mc, lhs), base points (sobol: "
                   "N(k+2) points), trajectories (morris: N(k+1))"},
    [O_REPLICATIONS] = {"--replications", ARG_INT, "R",
                        "runs per point and package (default 1)"},
    [O_LEVELS] = {"--levels", ARG_INT, "L",
                  "factorial: levels per parameter (default 2)"},
    [O_RESUME] = {"--resume", ARG_NONE, NULL,
                  "continue the database's newest sweep: run only what is "
                  "missing"},
    [O_RETRY] = {"--retry-failed", ARG_NONE, NULL,
                 "with --resume: run failed runs again"},
    [O_SHARD] = {"--shard", ARG_STRING, "K/N",
                 "run only shard K of N (points with point % N = K - 1)"},
    [O_DECISIVE] = {"--decisive", ARG_NONE, NULL,
                    "question 5 by a sweep: which uncertain parameters "
                    "decide whether reassurance or deterrence is safer "
                    "(--samples points, default 200; --replications each, "
                    "default 40)"},
    [O_GROUPS] = {"--groups", ARG_STRING, "G",
                  "none (each parameter alone, the default) or section "
                  "(by the path's first two parts: parameters.arms, "
                  "actors.PRK, ...): sobol and morris move and measure "
                  "a group together"},
    [O_OUTCOME] = {"--outcome", ARG_STRING, "NAME",
                   "the outcome analysed (default major_war_10y; NAME_<Y>y: "
                   "reached within Y years)"},
    [O_SOBOL] = {"--sobol", ARG_NONE, NULL,
                 "Sobol' first- and total-order indices (sobol designs)"},
    [O_MORRIS] = {"--morris", ARG_NONE, NULL,
                  "Morris mu*, mu, sigma (morris designs)"},
    [O_PRIM] = {"--prim", ARG_STRING, "\"OUTCOME > VALUE\"",
                "PRIM: the box of parameters where the condition holds "
                "(>, >=, <, <=)"},
    [O_REGRET] = {"--regret", ARG_STRING, "OUTCOME",
                  "regret of each package against the best at each point"},
    [O_THRESHOLD] = {"--threshold", ARG_STRING, "\"OUTCOME < VALUE\"",
                     "share of points where each package meets the "
                     "condition"},
    [O_HIGHER] = {"--higher-better", ARG_NONE, NULL,
                  "--regret: higher values are better (default: lower)"},
    [O_FORMAT] = {"--format", ARG_STRING, "F",
                  "export format: csv, jsonl or ema (EMA Workbench "
                  "archive)"},
    [O_HELP] = {"--help", ARG_NONE, NULL, "this help"},
};

#define OPT(o) (UINT64_C(1) << (o))
_Static_assert(N_OPTIONS <= 64, "options are bits of a uint64_t");

/* ---- verbs ---------------------------------------------------------------- */

typedef int (*verb_fn)(const cli_opts *o);

typedef struct verb_def {
    const char *name;
    const char *args;   /* positional arguments, for usage */
    int min_args, max_args;
    uint64_t opts;      /* accepted options besides --help */
    const char *summary;
    const char *details;
    verb_fn fn;
} verb_def;


#define ENSEMBLE_OPTS (OPT(O_RUNS) | OPT(O_SEED) | OPT(O_THREADS) |          \
                       OPT(O_HORIZON) | OPT(O_SET) | OPT(O_WITHOUT) |         \
                       OPT(O_SAMPLE) | OPT(O_DB) | OPT(O_JSON) | OPT(O_QUIET) |\
                       OPT(O_VERBOSE) | OPT(O_SERIES))

static const verb_def verbs[] = {
    {"check", "SCENARIO", 1, 1, OPT(O_SET) | OPT(O_JSON),
     "validate a scenario; print the resolved model with the source of "
     "every value, its uncertain parameters and warnings",
     "Exit 0 if the scenario is valid, 1 with a located error if not.",
     verb_check},
    {"run", "SCENARIO", 1, 1, ENSEMBLE_OPTS | OPT(O_PACKAGE),
     "run one package many times; print P(outcome within 1, 5, 10 years) "
     "with 95% intervals",
     "Exit 0 ok, 1 bad input, 2 runtime failure or interrupted, 3 some "
     "runs failed (recorded; the rest is reported).", verb_run},
    {"compare", "SCENARIO", 1, 1, ENSEMBLE_OPTS | OPT(O_PACKAGES),
     "run several packages with common random numbers; print each with "
     "intervals and the paired differences from the first",
     "Exit codes as for run.", verb_compare},
    {"report", "DB", 1, 1, OPT(O_ID) | OPT(O_OUTPUT),
     "write one self-contained HTML page (no network) for a run or "
     "compare stored in DB: the comparison with intervals first, then "
     "P(outcome) over time",
     "-o FILE is required; the page is written to FILE.tmp and renamed, so "
     "a failure leaves no half page.", verb_report},
    {"ls", "DB", 1, 1, OPT(O_JSON),
     "list what a results database holds (ids, kinds, scenarios, dates, "
     "run counts)",
     "Exit 1 if DB is missing or not a spiral database.", verb_ls},
    {"ledger", "DB", 1, 1, OPT(O_ID) | OPT(O_RULE) | OPT(O_ACTOR) |
                           OPT(O_JSON),
     "list and count the legal ledger of a stored run or compare: "
     "violations by rule, act and actor per package, and the violations "
     "themselves when it was run with --series",
     "Exit 1 if DB, the id, the rule or the actor is unknown.", verb_ledger},
    {"questions", "SCENARIO", 1, 1,
     OPT(O_RUNS) | OPT(O_SEED) | OPT(O_THREADS) | OPT(O_SET) |
         OPT(O_JSON) | OPT(O_QUIET) | OPT(O_ALLY) | OPT(O_TARGET) |
         OPT(O_OAT) | OPT(O_DB) | OPT(O_DECISIVE) | OPT(O_SAMPLES) |
         OPT(O_REPLICATIONS),
     "answer the five questions of the seed facts with numbers and "
     "intervals: the safest package, what the treaty adds to a wider "
     "war, capability with and without help and sanctions, the Global "
     "South's drift, and (--one-at-a-time) how the answer moves with "
     "each guessed parameter",
     "Runs every configuration --runs times (default 10000) with common "
     "random numbers. --db FILE also stores the text answers, which "
     "`spiral report` then shows for the same scenario. Exit 0, 1 bad "
     "input, 2 runtime failure.",
     verb_questions},
    {"validate", "", 0, 0, OPT(O_CASE) | OPT(O_DATA) | OPT(O_JSON),
     "run the validation cases (validation.md): figure, expected, "
     "tolerance, result and source of each",
     "Exit 0 if every case passes or is known-failing, 3 if one fails, 1 "
     "for an unknown case or missing data.", verb_validate},
    {"sweep", "SCENARIO", 1, 1,
     OPT(O_DESIGN) | OPT(O_SAMPLES) | OPT(O_PACKAGES) | OPT(O_REPLICATIONS) |
         OPT(O_LEVELS) | OPT(O_SEED) | OPT(O_DB) | OPT(O_RESUME) |
         OPT(O_RETRY) | OPT(O_SHARD) | OPT(O_THREADS) | OPT(O_HORIZON) |
         OPT(O_SET) | OPT(O_JSON) | OPT(O_QUIET) | OPT(O_GROUPS),
     "run a design over the scenario's uncertain parameters: every point x "
     "package x replication, streamed into a database",
     "--design and --samples are required, and --db FILE. Replication r "
     "uses the same random stream at every point and package. A killed "
     "sweep continues with --resume (only missing runs are computed); "
     "failed runs are stored with their reason and give exit 3. Exit 1 "
     "bad input (including --resume with other inputs), 2 runtime failure "
     "or interrupted.", verb_sweep},
    {"analyze", "DB", 1, 1,
     OPT(O_ID) | OPT(O_PACKAGE) | OPT(O_OUTCOME) | OPT(O_SOBOL) |
         OPT(O_MORRIS) | OPT(O_PRIM) | OPT(O_REGRET) | OPT(O_THRESHOLD) |
         OPT(O_HIGHER) | OPT(O_JSON),
     "analyse a stored sweep without re-running it: per point the "
     "outcome's mean over replications, then Sobol' indices, Morris "
     "measures, a PRIM box, regret or threshold shares",
     "--id defaults to the newest sweep, --package to its first package "
     "(for --sobol, --morris, --prim). Without an analysis flag: a summary "
     "and the analyses that fit the design. A point with a failed "
     "replication has no mean and is left out (counted). Exit 0, 1 for a "
     "missing or foreign DB, no sweep, an unknown id, package or outcome, "
     "a malformed condition, or --sobol/--morris on another design.",
     verb_analyze},
    {"merge", "A.db B.db ...", 1, MAX_POSITIONAL, OPT(O_OUTPUT),
     "join the shards of one sweep (spiral sweep --shard K/N) into a new "
     "database holding the whole sweep, as if run unsharded",
     "-o FILE is required and must not exist; every shard 1..N must be "
     "given once and be complete. The database is written as FILE.tmp and "
     "renamed; nothing is left on failure. Exit 0, 1 for shards of "
     "different sweeps, a shard twice or missing, an incomplete shard, an "
     "input that is not a spiral database or holds no sweep, or an -o "
     "that exists or is an input.", verb_merge},
    {"export", "DB", 1, 1, OPT(O_ID) | OPT(O_FORMAT) | OPT(O_OUTPUT),
     "write a stored sweep, run or compare one row per run as CSV, JSON "
     "Lines or an EMA Workbench archive",
     "--format is required. With -o FILE the file is written as FILE.tmp "
     "and renamed, and FILE.meta.json records the scenario, seed, code "
     "version, command line and design; without -o, csv and jsonl go to "
     "stdout with no metadata file (ema needs -o). Exit 0, 1 for a missing "
     "or foreign DB, an unknown id or format, 2 if writing fails.",
     verb_export},
    {"calibrate", "", 0, 0, OPT(O_DATA) | OPT(O_SCENARIO) | OPT(O_JSON),
     "fit the numbers the model takes from data (escalation ladder, "
     "episode hazard, incident rate) with 95% intervals, units and "
     "methods, beside the values in use; docs/CALIBRATION.md explains "
     "each",
     "Units: the ladder and hazard per dispute (MID 5.0), the incident "
     "rate per pair of states (MID dyads), provocations per year, ICB per "
     "crisis. Exit 0, 1 for missing or malformed data or scenario.",
     verb_calibrate},
    {"params", "", 0, 0, OPT(O_MARKDOWN),
     "print the parameter tables as Markdown (the reference part of "
     "docs/SCENARIO.md); Markdown is the only format so far",
     NULL, verb_params},
    {"build-scenario", "", 0, 0,
     OPT(O_YEAR) | OPT(O_STATES) | OPT(O_OUTPUT) | OPT(O_DATA) |
         OPT(O_COMPACT),
     "write a scenario whose actors, alignments and treaties come from the "
     "shipped data (COW NMC, UN ideal points, ATOP, rivalries); gaps become "
     "uncertain parameters",
     "--year and --states are required. Without -o the YAML goes to "
     "stdout; with -o FILE it is written to FILE.tmp and renamed. Exit 0, "
     "1 for an unknown state, a year outside the data, missing data or an "
     "unwritable FILE.", verb_build},
};
#define N_VERBS (sizeof verbs / sizeof verbs[0])

static const verb_def *find_verb(const char *name)
{
    for (size_t i = 0; i < N_VERBS; i++)
        if (strcmp(verbs[i].name, name) == 0)
            return &verbs[i];
    return NULL;
}

static void usage_line(FILE *f, const verb_def *v)
{
    fprintf(f, "usage: spiral %s%s%s", v->name, v->args[0] ? " " : "",
            v->args);
    for (int i = 0; i < N_OPTIONS; i++)
        if (v->opts & OPT(i))
            fprintf(f, " [%s%s%s]", options[i].name,
                    options[i].metavar ? " " : "",
                    options[i].metavar ? options[i].metavar : "");
    fputc('\n', f);
}

static void verb_help(const verb_def *v)
{
    usage_line(stdout, v);
    printf("\n%s.\n", v->summary);
    if (v->details)
        printf("%s\n", v->details);
    printf("\noptions:\n");
    for (int i = 0; i < N_OPTIONS; i++) {
        if (!((v->opts | OPT(O_HELP)) & OPT(i)))
            continue;
        char flag[64];
        snprintf(flag, sizeof flag, "%s%s%s", options[i].name,
                 options[i].metavar ? " " : "",
                 options[i].metavar ? options[i].metavar : "");
        printf("  %-22s %s\n", flag, options[i].help);
    }
}

/* To stdout when asked for (--help), to stderr when the verb is missing. */
static void main_help(FILE *f)
{
    fprintf(f, "spiral %s - simulate a regional security system and test "
            "the policies meant to make it safer\n\nusage: spiral VERB "
            "[ARGS] [OPTIONS]\n       spiral VERB --help\n       spiral "
            "--version\n\nverbs:\n", sp_version());
    int width = 0; /* the longest verb name, so the summaries line up */
    for (size_t i = 0; i < N_VERBS; i++)
        width = (int)strlen(verbs[i].name) > width ? (int)strlen(verbs[i].name)
                                                   : width;
    for (size_t i = 0; i < N_VERBS; i++)
        fprintf(f, "  %-*s %s\n", width, verbs[i].name, verbs[i].summary);
    fprintf(f, "\nexit codes: 0 ok, 1 bad input, 2 runtime failure, 3 a "
            "check failed\nmore: man spiral, docs/CLI.md\n");
}

/* Levenshtein distance of two short words (verbs, options). */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[64];
    if (la > 63 || lb > 63)
        return la > lb ? la : lb;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* " (did you mean 'check'?)" in buf for the name closest to word, if
 * close enough; else "". */
static const char *suggest(char *buf, size_t size, const char *word,
                           const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1, limit = strlen(word) < 5 ? 1 : 2;
    for (size_t i = 0; i < n; i++) {
        size_t d = distance(word, names[i]);
        if (d < best_d)
            best_d = d, best = names[i];
    }
    buf[0] = '\0';
    if (best && best_d <= limit)
        snprintf(buf, size, " (did you mean '%s'?)", best);
    return buf;
}

static const char *verb_hint(char *buf, size_t size, const char *word)
{
    const char *names[N_VERBS];
    for (size_t i = 0; i < N_VERBS; i++)
        names[i] = verbs[i].name;
    return suggest(buf, size, word, names, N_VERBS);
}

static const char *option_hint(char *buf, size_t size, const char *word)
{
    const char *names[N_OPTIONS];
    for (size_t i = 0; i < N_OPTIONS; i++)
        names[i] = options[i].name;
    return suggest(buf, size, word, names, N_OPTIONS);
}

/* ---- parsing ---------------------------------------------------------------- */

static int bad_usage(const verb_def *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int bad_usage(const verb_def *v, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "spiral: error: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (v) {
        usage_line(stderr, v);
        fprintf(stderr, "try 'spiral %s --help'\n", v->name);
    } else
        fprintf(stderr, "try 'spiral --help'\n");
    return EXIT_BAD_INPUT;
}

static int find_option(const char *arg)
{
    for (int i = 0; i < N_OPTIONS; i++)
        if (strcmp(options[i].name, arg) == 0)
            return i;
    return -1;
}

static int store_option(cli_opts *o, int opt, const char *val)
{
    switch (opt) {
    case O_SET:
        if (o->n_sets == MAX_SETS)
            return -1;
        o->sets[o->n_sets++] = val;
        return 0;
    case O_JSON: o->json = true; return 0;
    case O_QUIET: o->quiet = true; return 0;
    case O_VERBOSE: o->verbose = true; return 0;
    case O_MARKDOWN: o->markdown = true; return 0;
    case O_DB: o->db = val; return 0;
    case O_OUTPUT: o->output = val; return 0;
    case O_PACKAGE: o->package = val; return 0;
    case O_PACKAGES: o->packages = val; return 0;
    case O_WITHOUT:
        if (o->n_without == MAX_SETS)
            return -1;
        o->without[o->n_without++] = val;
        return 0;
    case O_SAMPLE: o->sample_params = 1; return 0;
    case O_SERIES: o->series = 1; return 0;
    case O_RULE: o->rule = val; return 0;
    case O_ACTOR: o->actor = val; return 0;
    case O_ALLY: o->ally = val; return 0;
    case O_TARGET: o->target = val; return 0;
    case O_OAT: o->one_at_a_time = 1; return 0;
    case O_CASE: o->vcase = val; return 0;
    case O_DATA: o->data = val; return 0;
    case O_SCENARIO: o->scenario_path = val; return 0;
    case O_DESIGN: o->design = val; return 0;
    case O_RESUME: o->resume = true; return 0;
    case O_DECISIVE: o->decisive = true; return 0;
    case O_GROUPS: o->groups = val; return 0;
    case O_RETRY: o->retry_failed = true; return 0;
    case O_SHARD: o->shard = val; return 0;
    case O_FORMAT: o->format = val; return 0;
    case O_STATES: o->states = val; return 0;
    case O_COMPACT: o->compact = true; return 0;
    case O_OUTCOME: o->outcome = val; return 0;
    case O_SOBOL: o->sobol = true; return 0;
    case O_MORRIS: o->morris = true; return 0;
    case O_PRIM: o->prim = val; return 0;
    case O_REGRET: o->regret = val; return 0;
    case O_THRESHOLD: o->threshold = val; return 0;
    case O_HIGHER: o->higher_better = true; return 0;
    case O_HELP: o->help = true; return 0;
    default: return -1;
    }
}

/* Whole-number options: their valid ranges. */
static bool int_range(int opt, long long *lo, long long *hi)
{
    switch (opt) {
    case O_RUNS: *lo = 1, *hi = 1000000000LL; return true;
    case O_SEED: *lo = 0, *hi = 9007199254740991LL; return true;
    case O_THREADS: *lo = 1, *hi = 1024; return true;
    case O_HORIZON: *lo = 1, *hi = 100; return true;
    case O_ID: *lo = 1, *hi = 9007199254740991LL; return true;
    case O_YEAR: *lo = 1, *hi = 9999; return true;
    case O_SAMPLES: *lo = 1, *hi = 1000000000LL; return true;
    case O_REPLICATIONS: *lo = 1, *hi = 1000000; return true;
    case O_LEVELS: *lo = 1, *hi = 1000; return true;
    default: return false;
    }
}

static bool parse_ll(const char *s, long long *out)
{
    char *end = NULL;
    if (!s || !*s || *s == '-' || *s == '+')
        return false;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

static int store_int(const verb_def *v, cli_opts *o, int opt, const char *val)
{
    long long lo = 0, hi = 0, x = 0;
    int_range(opt, &lo, &hi);
    if (!parse_ll(val, &x) || x < lo || x > hi)
        return bad_usage(v, "option '%s' expects a whole number from %lld to "
                         "%lld, got '%s'", options[opt].name, lo, hi, val);
    long long *slot = opt == O_RUNS ? &o->runs : opt == O_SEED ? &o->seed
                      : opt == O_THREADS ? &o->threads
                      : opt == O_ID ? &o->id : opt == O_YEAR ? &o->year
                      : opt == O_SAMPLES ? &o->samples
                      : opt == O_REPLICATIONS ? &o->replications
                      : opt == O_LEVELS ? &o->levels
                      : &o->horizon;
    *slot = x;
    return EXIT_OK;
}

/* Flags win over the environment, which wins over defaults. */
static int apply_defaults(const verb_def *v, cli_opts *o)
{
    if (!(v->opts & OPT(O_SEED)))
        return EXIT_OK; /* only verbs that run read the environment */
    static const struct { const char *var; int opt; } env[] = {
        {"SPIRAL_SEED", O_SEED}, {"SPIRAL_THREADS", O_THREADS}};
    if (!(o->given & OPT(O_RUNS)))
        o->runs = 10000;
    if (!(o->given & OPT(O_SEED)))
        o->seed = 1;
    for (size_t i = 0; i < 2; i++) {
        const char *val = getenv(env[i].var);
        long long lo = 0, hi = 0, x = 0;
        if (!val || !*val || (o->given & OPT(env[i].opt)))
            continue;
        int_range(env[i].opt, &lo, &hi);
        if (!parse_ll(val, &x) || x < lo || x > hi) {
            cli_errorf("environment %s expects a whole number from %lld to "
                       "%lld, got '%s'", env[i].var, lo, hi, val);
            return EXIT_BAD_INPUT;
        }
        *(env[i].opt == O_SEED ? &o->seed : &o->threads) = x;
    }
    return EXIT_OK;
}

static int parse_args(const verb_def *v, int argc, char **argv, cli_opts *o)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1]) {
            if (o->n_positional == MAX_POSITIONAL)
                return bad_usage(v, "too many arguments%s", "");
            o->positional[o->n_positional++] = a;
            continue;
        }
        int opt = find_option(a);
        char hint[96];
        if (opt < 0)
            return bad_usage(v, "unknown option '%s'%s", a,
                             option_hint(hint, sizeof hint, a));
        if (opt != O_HELP && !(v->opts & OPT(opt)))
            return bad_usage(v, "option '%s' does not apply to verb '%s'", a,
                             v->name);
        const char *val = NULL;
        if (options[opt].arg != ARG_NONE) {
            if (i + 1 >= argc)
                return bad_usage(v, "option '%s' needs a value", a);
            val = argv[++i];
        }
        if (options[opt].arg == ARG_INT) {
            int rc = store_int(v, o, opt, val);
            if (rc)
                return rc;
        } else if (store_option(o, opt, val) != 0)
            return bad_usage(v, "too many uses of '%s'", a);
        o->given |= OPT(opt);
    }
    if (o->help)
        return EXIT_OK;
    if (o->n_positional < v->min_args)
        return bad_usage(v, "missing argument %s", v->args);
    if (o->n_positional > v->max_args)
        return bad_usage(v, "unexpected argument '%s'",
                         o->positional[v->max_args]);
    return EXIT_OK;
}

/* The command line as typed (quoted where needed), for the store. */
static const char *command_line(char *buf, size_t n, int argc, char **argv)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int i = 0; i < argc && at < n; i++) {
        const char *a = i ? argv[i] : "spiral";
        bool quote = strpbrk(a, " \t'\"{}[]*") != NULL;
        int w = snprintf(buf + at, n - at, "%s%s%s%s", i ? " " : "",
                         quote ? "'" : "", a, quote ? "'" : "");
        at += w > 0 ? (size_t)w : 0;
    }
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        main_help(stderr);
        return EXIT_BAD_INPUT;
    }
    const char *verb = argv[1];
    if (!strcmp(verb, "--version") || !strcmp(verb, "version")) {
        printf("spiral %s\n", sp_version_full());
        return cli_flush_stdout();
    }
    if (!strcmp(verb, "--help") || !strcmp(verb, "-h") ||
        !strcmp(verb, "help")) {
        main_help(stdout);
        return EXIT_OK;
    }
    const verb_def *v = find_verb(verb);
    char hint[96];
    if (!v)
        return bad_usage(NULL, "unknown verb '%s'%s", verb,
                         verb_hint(hint, sizeof hint, verb));
    cli_opts o = {0};
    int rc = parse_args(v, argc - 2, argv + 2, &o);
    if (rc != EXIT_OK)
        return rc;
    if (o.help) {
        verb_help(v);
        return EXIT_OK;
    }
    if ((rc = apply_defaults(v, &o)) != EXIT_OK)
        return rc;
    char line[4096];
    o.command_line = command_line(line, sizeof line, argc, argv);
    return v->fn(&o);
}
