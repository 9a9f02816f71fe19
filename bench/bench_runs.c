/*
 * bench_runs.c - the naive reference loop: one world, one thread, runs
 * one after another through sp_run_all, no batching, no store. The
 * ensemble (`spiral run/compare`) is timed beside it in bench/run.sh, so
 * the cost of threads, tallies and SQLite shows as a ratio.
 *
 * usage: bench_runs SCENARIO PACKAGE_INDEX RUNS
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "spiral.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_runs SCENARIO PACKAGE_INDEX RUNS\n");
        return 1;
    }
    sp_error err = {0};
    sp_scenario *s = NULL;
    sp_model *m = NULL;
    sp_world *w = NULL;
    if (sp_scenario_load(argv[1], NULL, 0, &s, &err) ||
        sp_model_new(s, (size_t)atoi(argv[2]), NULL, &m, &err) ||
        sp_world_new(m, &w, &err)) {
        fprintf(stderr, "bench_runs: %s\n", err.message);
        return 1;
    }
    long runs = atol(argv[3]);
    double out[256], check = 0, t0 = now();
    for (long r = 0; r < runs; r++) {
        if (sp_run_all(w, 1, (uint32_t)r, 0, out, 256, &err)) {
            fprintf(stderr, "bench_runs: %s\n", err.message);
            return 1;
        }
        check += out[2];
    }
    double t = now() - t0;
    printf("  naive loop (1 thread, no store)   %8.0f runs/s   "
           "(checksum %.0f)\n", runs / t, check);
    sp_world_free(w);
    sp_model_free(m);
    sp_scenario_free(s);
    return 0;
}
