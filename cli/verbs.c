/*
 * verbs.c - the verbs of the command-line program: each a short function
 * that calls the library and maps its status to an exit code (the verb
 * and option tables that dispatch to them are in spiral.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int verb_check(const cli_opts *o)
{
    sp_error err = {0};
    sp_scenario *s = NULL;
    int rc = sp_scenario_load(o->positional[0], o->sets, (size_t)o->n_sets,
                              &s, &err);
    if (rc) {
        cli_print_error(&err);
        return cli_exit_code(rc);
    }
    rc = sp_scenario_describe(s, stdout, o->json, &err);
    sp_scenario_free(s);
    if (rc) {
        cli_print_error(&err);
        return EXIT_RUNTIME; /* writing the output failed */
    }
    return cli_flush_stdout();
}

int verb_ls(const cli_opts *o)
{
    sp_error err = {0};
    sp_store *st = NULL;
    int rc = sp_store_open(o->positional[0], SP_STORE_READONLY, &st, &err);
    if (rc) {
        cli_print_error(&err);
        return cli_exit_code(rc);
    }
    rc = sp_store_list(st, stdout, o->json, &err);
    sp_store_close(st);
    if (rc) {
        cli_print_error(&err);
        return rc == SP_EFORMAT ? EXIT_BAD_INPUT : EXIT_RUNTIME;
    }
    return cli_flush_stdout();
}

int verb_ledger(const cli_opts *o)
{
    sp_error err = {0};
    sp_store *st = NULL;
    int rc = sp_store_open(o->positional[0], SP_STORE_READONLY, &st, &err);
    if (rc) {
        cli_print_error(&err);
        return cli_exit_code(rc); /* missing or not a spiral database */
    }
    rc = sp_ledger_write(st, o->id, o->rule, o->actor, stdout, o->json,
                         &err);
    sp_store_close(st);
    if (rc) {
        cli_print_error(&err);
        return rc == SP_EIO || rc == SP_ENOMEM ? EXIT_RUNTIME
                                               : EXIT_BAD_INPUT;
    }
    return cli_flush_stdout();
}

static void questions_progress(void *ud, const char *what)
{
    const cli_opts *o = ud;
    if (!o->quiet && !o->json)
        fprintf(stderr, "spiral: questions: done %s\n", what);
}

int verb_questions(const cli_opts *o)
{
    sp_error err = {0};
    if ((o->samples || o->replications) && !o->decisive) {
        cli_errorf("--samples and --replications size the sweep of "
                   "--decisive; add --decisive or drop them");
        return EXIT_BAD_INPUT;
    }
    sp_questions_opts q = {
        .path = o->positional[0], .sets = o->sets,
        .n_sets = (size_t)o->n_sets, .runs = (uint64_t)o->runs,
        .seed = (uint64_t)o->seed, .threads = (int)o->threads,
        .ally = o->ally ? o->ally : "RUS",
        .target = o->target ? o->target : "PRK",
        .one_at_a_time = o->one_at_a_time, .decisive = o->decisive,
        .points = (uint32_t)o->samples, .reps = (uint32_t)o->replications,
        .db = o->db, .command_line = o->command_line,
        .progress = questions_progress, .progress_ud = (void *)o};
    if (!o->db) {
        int rc = sp_questions_write(&q, stdout, o->json, &err);
        if (rc) {
            cli_print_error(&err);
            return cli_exit_code(rc);
        }
        return cli_flush_stdout();
    }
    return cli_questions_stored(o, &q);
}

int verb_validate(const cli_opts *o)
{
    sp_error err = {0};
    int failed = 0;
    int rc = sp_validate_write(o->data, o->vcase, stdout, o->json, &failed,
                               &err);
    if (rc) {
        cli_print_error(&err);
        return cli_exit_code(rc);
    }
    int ex = cli_flush_stdout();
    return ex ? ex : failed ? EXIT_CHECK : EXIT_OK;
}

int verb_sweep(const cli_opts *o)
{
    return cli_sweep(o);
}

int verb_analyze(const cli_opts *o)
{
    return cli_analyze(o);
}

int verb_calibrate(const cli_opts *o)
{
    sp_error err = {0};
    int rc = sp_calibrate_write(o->data, o->scenario_path, stdout, o->json,
                                &err);
    if (rc) {
        cli_print_error(&err);
        return cli_exit_code(rc);
    }
    return cli_flush_stdout();
}

int verb_params(const cli_opts *o)
{
    sp_error err = {0};
    int rc = sp_params_markdown(stdout, &err);
    if (rc) {
        cli_print_error(&err);
        return EXIT_RUNTIME;
    }
    return cli_flush_stdout();
}

int verb_build(const cli_opts *o)
{
    if (!o->year || !o->states) { /* --year is at least 1 when given */
        cli_errorf("build-scenario needs --year Y and --states ISO3,... (or "
                   "--states un)");
        return EXIT_BAD_INPUT;
    }
    sp_error err = {0};
    sp_build_opts b = {.year = (int)o->year, .states = o->states,
                       .data_dir = o->data, .compact = o->compact,
                       .command_line = o->command_line};
    int rc = sp_build_scenario_write(&b, o->output, stdout, &err);
    if (rc) {
        cli_print_error(&err);
        return rc == SP_ENOMEM ? EXIT_RUNTIME : EXIT_BAD_INPUT;
    }
    return o->output ? EXIT_OK : cli_flush_stdout();
}

int verb_merge(const cli_opts *o)
{
    return cli_merge(o);
}

int verb_export(const cli_opts *o)
{
    return cli_export(o);
}

int verb_report(const cli_opts *o)
{
    if (!o->output) {
        cli_errorf("report needs -o FILE (e.g. -o report.html)");
        return EXIT_BAD_INPUT;
    }
    return cli_report(o->positional[0], o->id, o->output);
}

int verb_run(const cli_opts *o)
{
    return cli_run_ensemble(o, "run", o->package);
}

int verb_compare(const cli_opts *o)
{
    return cli_run_ensemble(o, "compare", o->packages ? o->packages : "*");
}
