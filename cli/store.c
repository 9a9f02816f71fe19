/*
 * store.c - the `merge` and `export` verbs: database files in, files out.
 * The work is in src/store/merge.c and src/store/export.c; here only the
 * flags that must be present, one summary line, and the exit code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cli.h"

#include <stdio.h>

int cli_merge(const cli_opts *o)
{
    if (!o->output) {
        cli_errorf("merge writes a new database: give -o FILE");
        return EXIT_BAD_INPUT;
    }
    sp_error err = {0};
    uint64_t runs = 0;
    int rc = sp_store_merge(o->positional, (size_t)o->n_positional,
                            o->output, o->command_line, &runs, &err);
    if (rc) {
        cli_print_error(&err);
        return cli_exit_code(rc);
    }
    printf("merged %d shard%s: %llu runs into %s\n", o->n_positional,
           o->n_positional == 1 ? "" : "s", (unsigned long long)runs,
           o->output);
    return cli_flush_stdout();
}

int cli_export(const cli_opts *o)
{
    if (!o->format) {
        cli_errorf("export needs --format csv, jsonl or ema");
        return EXIT_BAD_INPUT;
    }
    sp_error err = {0};
    sp_store *st = NULL;
    int rc = sp_store_open(o->positional[0], SP_STORE_READONLY, &st, &err);
    bool opened = rc == SP_OK;
    if (opened)
        rc = sp_store_export(st, (int64_t)o->id, o->format, o->output,
                             stdout, NULL, &err);
    sp_store_close(st);
    if (rc) {
        cli_print_error(&err);
        /* a store or writer failing mid-way is a runtime failure; a bad
         * DB, id or format is bad input */
        return rc == SP_EIO && opened ? EXIT_RUNTIME : cli_exit_code(rc);
    }
    return o->output ? EXIT_OK : cli_flush_stdout();
}
