/*
 * run.c - the `run` and `compare` verbs: load, compile, run an ensemble
 * with a progress line and Ctrl-C handling, store, print.
 *
 * Precedence (architecture.md): flags, then SPIRAL_THREADS / SPIRAL_SEED,
 * then defaults (seed 1, 10,000 runs, the scenario's first package).
 * SIGINT/SIGTERM set a flag the ensemble checks between batches; what
 * finished is committed and reported, and the exit says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cli.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile int interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef struct progress {
    double start, last;
    bool on;
} progress;

static void draw(void *ud, uint64_t done, uint64_t total)
{
    progress *p = ud;
    double t = now();
    if (!p->on || (t - p->last < 0.2 && done < total))
        return;
    p->last = t;
    char line[256];
    sp_progress_format(line, sizeof line, done, total, t - p->start, 24);
    fprintf(stderr, "\r%s", line);
    if (done >= total)
        fputc('\n', stderr);
    fflush(stderr);
}

/* Package names (comma-separated) to indices; NULL list: the first. */
static int pick_packages(const sp_scenario *s, const char *list,
                         size_t *idx, size_t *n)
{
    *n = 0;
    if (!list) {
        idx[(*n)++] = 0;
        return EXIT_OK;
    }
    if (!strcmp(list, "*")) { /* all, in scenario order */
        for (size_t k = 0; k < sp_scenario_n_packages(s) && k < 64; k++)
            idx[(*n)++] = k;
        return EXIT_OK;
    }
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        size_t k = 0;
        while (k < sp_scenario_n_packages(s) &&
               strcmp(sp_scenario_package_name(s, k), tok) != 0)
            k++;
        if (k == sp_scenario_n_packages(s)) {
            char have[512] = "";
            for (size_t i = 0; i < sp_scenario_n_packages(s); i++)
                snprintf(have + strlen(have), sizeof have - strlen(have),
                         "%s%s", i ? ", " : "",
                         sp_scenario_package_name(s, i));
            cli_errorf("no package '%s' in scenario %s (it has: %s)", tok,
                       sp_scenario_name(s), have);
            return EXIT_BAD_INPUT;
        }
        for (size_t i = 0; i < *n; i++)
            if (idx[i] == k) {
                cli_errorf("package '%s' named twice", tok);
                return EXIT_BAD_INPUT;
            }
        if (*n == 64) {
            cli_errorf("at most 64 packages");
            return EXIT_BAD_INPUT;
        }
        idx[(*n)++] = k;
    }
    if (*n == 0) {
        cli_errorf("empty package list");
        return EXIT_BAD_INPUT;
    }
    return EXIT_OK;
}

static int open_store(const cli_opts *o, const sp_scenario *s,
                      const char *kind, sp_store **st, int64_t *id)
{
    sp_error err = {0};
    char *params = NULL;
    int rc = sp_store_open(o->db, SP_STORE_CREATE, st, &err);
    if (!rc)
        rc = sp_scenario_params_json(s, &params, &err);
    sp_invocation_info info = {kind, o->command_line, sp_scenario_name(s),
                               sp_scenario_text(s), sp_scenario_sha256(s),
                               params, (uint64_t)o->seed};
    if (!rc)
        rc = sp_store_begin_invocation(*st, &info, id, &err);
    sp_free(params);
    if (rc) {
        cli_print_error(&err);
        return cli_exit_code(rc);
    }
    return EXIT_OK;
}

static int finish(const cli_opts *o, sp_ensemble *e, int rc, sp_store *st,
                  int64_t id, double elapsed, size_t n_packages)
{
    if (st)
        sp_store_end_invocation(st, id, rc == SP_EINTR ? "interrupted"
                                : rc ? "failed" : "done", &(sp_error){0});
    if (rc == SP_EINTR)
        fprintf(stderr, "spiral: interrupted: %llu runs per package "
                "finished%s%s%s; run the command again for a full ensemble\n",
                (unsigned long long)sp_ensemble_runs_done(e),
                st ? " and were stored in " : "", st ? o->db : "",
                st ? "" : "");
    sp_error perr = {0};
    int wrc = o->json ? sp_ensemble_write_json(e, stdout, elapsed, &perr)
                      : sp_ensemble_write_text(e, stdout, o->verbose, &perr);
    fflush(stdout); /* before the timing line on stderr */
    if (wrc) {
        cli_print_error(&perr);
        return EXIT_RUNTIME;
    }
    if (!o->json && !o->quiet)
        fprintf(stderr, "%.1f s, %.0f runs/s%s%s\n", elapsed,
                elapsed > 0 ? (double)sp_ensemble_runs_done(e) *
                                  (double)n_packages / elapsed
                            : 0,
                st ? "; stored in " : "", st ? o->db : "");
    if (rc == SP_EINTR)
        return EXIT_RUNTIME;
    int out = cli_flush_stdout();
    if (out)
        return out;
    return sp_ensemble_runs_failed(e) ? EXIT_CHECK : EXIT_OK;
}

/* The scenario with its --set overrides. --horizon is a --set of
 * time.horizon_years, so the stored scenario, its hash (a sweep's
 * identity) and the report all see the horizon actually run. */
static int load_with_horizon(const cli_opts *o, sp_scenario **s,
                             sp_error *err)
{
    const char *sets[MAX_SETS + 1];
    char hz[64];
    int n_sets = o->n_sets;
    memcpy(sets, o->sets, (size_t)n_sets * sizeof *sets);
    if (o->horizon > 0) {
        snprintf(hz, sizeof hz, "time.horizon_years=%lld", o->horizon);
        sets[n_sets++] = hz;
    }
    return sp_scenario_load(o->positional[0], sets, (size_t)n_sets, s, err);
}

int cli_run_ensemble(const cli_opts *o, const char *kind,
                     const char *packages)
{
    sp_error err = {0};
    sp_scenario *s = NULL;
    if (o->series && !o->db) {
        cli_errorf("--series stores ledger rows: it needs --db FILE");
        return EXIT_BAD_INPUT;
    }
    int rc = load_with_horizon(o, &s, &err);
    if (rc) {
        cli_print_error(&err);
        return cli_exit_code(rc);
    }
    size_t idx[64], n = 0;
    int ex = pick_packages(s, packages, idx, &n);
    sp_store *st = NULL;
    int64_t id = 0;
    if (!ex && o->db)
        ex = open_store(o, s, kind, &st, &id);
    if (ex) {
        sp_store_close(st);
        sp_scenario_free(s);
        return ex;
    }
    progress pr = {now(), 0, !o->quiet && !o->json && isatty(2)};
    sp_ensemble_opts eo = {
        .packages = idx, .n_packages = n, .runs = (uint64_t)o->runs,
        .seed = (uint64_t)o->seed, .threads = (int)o->threads,
        .sample_params = o->sample_params, .series = o->series,
        .without_events = o->without, .n_without = (size_t)o->n_without,
        .store = st, .invocation = id, .progress = draw, .progress_ud = &pr,
        .interrupt = &interrupted};
    catch_signals();
    if (!o->quiet && !o->json)
        fprintf(stderr, "spiral: %s %s: %zu package%s x %lld runs, seed %lld"
                "\n", kind, sp_scenario_name(s), n, n == 1 ? "" : "s",
                o->runs, o->seed);
    sp_ensemble *e = NULL;
    rc = sp_ensemble_run(s, &eo, &e, &err);
    double elapsed = now() - pr.start;
    if (rc && rc != SP_EINTR) {
        cli_print_error(&err);
        ex = rc == SP_EINVAL || rc == SP_ENOTFOUND ? EXIT_BAD_INPUT
                                                   : EXIT_RUNTIME;
        if (st)
            sp_store_end_invocation(st, id, "failed", &(sp_error){0});
    } else
        ex = finish(o, e, rc, st, id, elapsed, n);
    sp_ensemble_free(e);
    sp_store_close(st);
    sp_scenario_free(s);
    return ex;
}

/* `questions --db`: answer into memory, print, then store the text as
 * printed under a new invocation of kind "questions". */
int cli_questions_stored(const cli_opts *o, const sp_questions_opts *q)
{
    sp_error err = {0};
    sp_scenario *s = NULL;
    int rc = sp_scenario_load(o->positional[0], o->sets, (size_t)o->n_sets,
                              &s, &err);
    if (rc) {
        cli_print_error(&err);
        return cli_exit_code(rc);
    }
    sp_store *st = NULL;
    int64_t id = 0;
    int ex = open_store(o, s, "questions", &st, &id);
    sp_scenario_free(s);
    if (ex) {
        sp_store_close(st);
        return ex;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    rc = mem ? sp_questions_write(q, mem, o->json, &err) : SP_ENOMEM;
    if (mem && fclose(mem) != 0 && !rc)
        rc = SP_ENOMEM;
    if (!rc && fwrite(text, 1, len, stdout) != len)
        rc = SP_EIO;
    if (!rc)
        rc = sp_store_put_answers(st, id, text, &err);
    sp_store_end_invocation(st, id, rc ? "failed" : "done",
                            &(sp_error){0});
    sp_store_close(st);
    free(text);
    if (rc) {
        if (err.message[0])
            cli_print_error(&err);
        else
            cli_errorf("questions: %s", rc == SP_EIO ? "writing failed"
                                                     : "out of memory");
        return cli_exit_code(rc);
    }
    return cli_flush_stdout();
}

/* --shard K/N into k and n (1/1 when absent). */
static int parse_shard(const char *text, int *k, int *n)
{
    *k = *n = 1;
    if (!text)
        return EXIT_OK;
    char *end;
    long a = strtol(text, &end, 10), b = 0;
    if (end != text && *end == '/')
        b = strtol(end + 1, &end, 10);
    if (*end || a < 1 || b < 1 || a > b || b > 1000000) {
        cli_errorf("--shard expects K/N with 1 <= K <= N, got '%s'", text);
        return EXIT_BAD_INPUT;
    }
    *k = (int)a, *n = (int)b;
    return EXIT_OK;
}

static int sweep_check_flags(const cli_opts *o)
{
    bool factorial = o->design && !strcmp(o->design, "factorial");
    if (!o->design || (!o->samples && !factorial)) {
        cli_errorf("sweep needs --design D and --samples N (spiral sweep "
                   "--help)");
        return EXIT_BAD_INPUT;
    }
    if (!o->db) {
        cli_errorf("sweep streams its runs into a database: give --db FILE");
        return EXIT_BAD_INPUT;
    }
    if (o->retry_failed && !o->resume) {
        cli_errorf("--retry-failed reruns the failed runs of a stored sweep: "
                   "use it with --resume");
        return EXIT_BAD_INPUT;
    }
    return EXIT_OK;
}

static void sweep_summary(const cli_opts *o, const sp_sweep_result *r,
                          double elapsed)
{
    double rate = elapsed > 0 ? (double)r->runs_done / elapsed : 0;
    if (o->json) {
        printf("{\"invocation\": %lld, \"points\": %zu, \"parameters\": %zu, "
               "\"runs_total\": %llu, \"runs_skipped\": %llu, "
               "\"runs_done\": %llu, \"runs_failed\": %llu, "
               "\"seconds\": %.3f}\n", (long long)r->invocation, r->n_points,
               r->n_params, (unsigned long long)r->runs_total,
               (unsigned long long)r->runs_skipped,
               (unsigned long long)r->runs_done,
               (unsigned long long)r->runs_failed, elapsed);
        return;
    }
    printf("sweep %lld in %s: %zu points x %zu parameters; %llu runs in "
           "this shard, %llu already stored, %llu run now (%.0f runs/s), "
           "%llu failed\n", (long long)r->invocation, o->db, r->n_points,
           r->n_params, (unsigned long long)r->runs_total,
           (unsigned long long)r->runs_skipped,
           (unsigned long long)r->runs_done, rate,
           (unsigned long long)r->runs_failed);
}

int cli_sweep(const cli_opts *o)
{
    int shard_k, shard_n;
    int ex = sweep_check_flags(o);
    if (!ex)
        ex = parse_shard(o->shard, &shard_k, &shard_n);
    if (ex)
        return ex;
    sp_error err = {0};
    sp_scenario *s = NULL;
    sp_store *st = NULL;
    int rc = load_with_horizon(o, &s, &err);
    size_t idx[64], n = 0;
    if (!rc && (ex = pick_packages(s, o->packages, idx, &n)) != EXIT_OK) {
        sp_scenario_free(s);
        return ex;
    }
    if (!rc)
        rc = sp_store_open(o->db, SP_STORE_CREATE, &st, &err);
    progress pr = {now(), 0, !o->quiet && !o->json && isatty(2)};
    sp_sweep_opts so = {
        .design = o->design,
        .samples = o->samples ? (uint64_t)o->samples : 1, /* factorial */
        .levels = (int)o->levels, .groups = o->groups,
        .replications = o->replications ? (uint32_t)o->replications : 1,
        .seed = (uint64_t)o->seed, .packages = idx, .n_packages = n,
        .threads = (int)o->threads, .resume = o->resume,
        .retry_failed = o->retry_failed, .shard_k = shard_k,
        .shard_n = shard_n, .store = st, .command_line = o->command_line,
        .progress = draw, .progress_ud = &pr, .interrupt = &interrupted};
    sp_sweep_result res = {0};
    catch_signals();
    if (!rc)
        rc = sp_sweep_run(s, &so, &res, &err);
    double elapsed = now() - pr.start;
    if (rc == SP_EINTR) {
        fprintf(stderr, "spiral: interrupted: %llu runs stored in %s; "
                "continue with the same command and --resume\n",
                (unsigned long long)(res.runs_skipped + res.runs_done),
                o->db);
        ex = EXIT_RUNTIME;
    } else if (rc) {
        cli_print_error(&err);
        ex = cli_exit_code(rc);
    } else {
        sweep_summary(o, &res, elapsed);
        ex = cli_flush_stdout();
        if (!ex && res.runs_failed) {
            fprintf(stderr, "spiral: %llu runs failed (stored with their "
                    "reason; rerun them with --resume --retry-failed)\n",
                    (unsigned long long)res.runs_failed);
            ex = EXIT_CHECK;
        }
    }
    sp_store_close(st);
    sp_scenario_free(s);
    return ex;
}
