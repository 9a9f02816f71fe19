/*
 * analyze.c - the `analyze` verb: open the database read-only, hand the
 * flags to sp_analyze_write (src/analysis/analyze.c), map its status to
 * an exit code. Nothing is run; the library reads only the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>

int cli_analyze(const cli_opts *o)
{
    sp_error err = {0};
    sp_store *st = NULL;
    int rc = sp_store_open(o->positional[0], SP_STORE_READONLY, &st, &err);
    if (rc) {
        cli_print_error(&err);
        return cli_exit_code(rc); /* missing, or not a spiral database */
    }
    sp_analyze_opts a = {.id = o->id, .package = o->package,
                         .outcome = o->outcome, .sobol = o->sobol,
                         .morris = o->morris, .prim = o->prim,
                         .regret = o->regret, .threshold = o->threshold,
                         .higher_better = o->higher_better};
    rc = sp_analyze_write(st, &a, stdout, o->json, &err);
    sp_store_close(st);
    if (rc) {
        fflush(stdout);
        cli_print_error(&err);
        bool out_failed = rc == SP_EIO && ferror(stdout);
        return out_failed || rc == SP_ENOMEM || rc == SP_EINTERNAL
                   ? EXIT_RUNTIME : EXIT_BAD_INPUT;
    }
    return cli_flush_stdout();
}
