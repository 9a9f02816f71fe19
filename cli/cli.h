/*
 * cli.h - the command-line program's shared pieces.
 *
 * The program only parses arguments and calls the library; all model
 * work is in libspiral. It is the one place that prints and exits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SPIRAL_CLI_H
#define SPIRAL_CLI_H

#include "spiral.h"

#include <stdbool.h>

/* Exit codes (architecture.md): one enum for the whole program. */
enum {
    EXIT_OK = 0,
    EXIT_BAD_INPUT = 1,  /* scenario, flags, database */
    EXIT_RUNTIME = 2,    /* a failure while working */
    EXIT_CHECK = 3       /* a check failed, or runs failed (recorded) */
};

#define MAX_SETS 256
#define MAX_POSITIONAL 1024 /* merge takes one per shard */

/* Parsed options of one invocation; which ones a verb accepts is in the
 * verb table (cli/spiral.c). */
typedef struct cli_opts {
    const char *positional[MAX_POSITIONAL];
    int n_positional;
    const char *sets[MAX_SETS];
    int n_sets;
    bool json, quiet, verbose, markdown, help;
    const char *db, *output;
    long long runs, seed, threads, horizon, id, year;
    long long samples, replications, levels;  /* sweep */
    const char *design, *shard, *groups;      /* sweep */
    const char *format;                       /* export */
    bool resume, retry_failed;                /* sweep */
    bool decisive;                            /* questions */
    const char *outcome, *prim, *regret, *threshold; /* analyze */
    bool sobol, morris, higher_better;               /* analyze */
    const char *package, *packages;
    const char *rule, *actor;
    const char *ally, *target;
    int one_at_a_time;
    const char *vcase, *data;   /* validate --case, --data */
    const char *scenario_path;  /* calibrate --scenario */
    const char *states;         /* build-scenario --states */
    bool compact;               /* build-scenario --compact */
    const char *without[MAX_SETS];
    int n_without;
    int sample_params;
    int series;               /* --series: keep ledger rows */
    uint64_t given;           /* bit per option seen (cli/spiral.c) */
    const char *command_line; /* for the store */
} cli_opts;

/* report (cli/report.c). */
int cli_report(const char *db, long long id, const char *path);
/* merge and export (cli/store.c). */
int cli_merge(const cli_opts *o);
int cli_export(const cli_opts *o);

/* questions --db: answer, print and store (cli/run.c). */
int cli_questions_stored(const cli_opts *o, const sp_questions_opts *q);

/* run and compare (cli/run.c). */
int cli_run_ensemble(const cli_opts *o, const char *kind,
                     const char *packages);

/* Print an sp_error as "spiral: error: FILE:LINE:COL: msg", the source
 * line and a caret under the column. */
void cli_print_error(const sp_error *err);
void cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Flush stdout; a failed write (disk full, closed pipe) is exit 2. */
/* The verbs (cli/verbs.c), dispatched by the verb table in spiral.c. */
int verb_check(const cli_opts *o);
int verb_run(const cli_opts *o);
int verb_compare(const cli_opts *o);
int verb_report(const cli_opts *o);
int verb_ls(const cli_opts *o);
int verb_ledger(const cli_opts *o);
int verb_questions(const cli_opts *o);
int verb_validate(const cli_opts *o);
int verb_params(const cli_opts *o);
int verb_calibrate(const cli_opts *o);
int verb_sweep(const cli_opts *o);
int verb_build(const cli_opts *o);
int verb_analyze(const cli_opts *o);
int verb_merge(const cli_opts *o);
int verb_export(const cli_opts *o);

/* `spiral sweep` (cli/run.c). */
int cli_sweep(const cli_opts *o);
int cli_flush_stdout(void);
/* `spiral analyze` (cli/analyze.c). */
int cli_analyze(const cli_opts *o);
/* Exit code for a library status. */
int cli_exit_code(int status);

#endif
