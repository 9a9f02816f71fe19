/*
 * report.c - the `report` verb: one HTML page from a stored ensemble,
 * written to FILE.tmp and renamed into place, so a failure (bad id, full
 * disk) never leaves a half-written report behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int cli_report(const char *db, long long id, const char *path)
{
    sp_error err = {0};
    sp_store *st = NULL;
    int rc = sp_store_open(db, SP_STORE_READONLY, &st, &err);
    if (rc) {
        cli_print_error(&err);
        return cli_exit_code(rc);
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        cli_errorf("cannot write %s: %s", tmp, strerror(errno));
        sp_store_close(st);
        return EXIT_RUNTIME;
    }
    rc = sp_report_write(st, (int64_t)id, f, &err);
    sp_store_close(st);
    int closed = fclose(f);
    if (rc || closed != 0) {
        remove(tmp);
        if (rc)
            cli_print_error(&err);
        else
            cli_errorf("cannot write %s: %s", tmp, strerror(errno));
        return rc == SP_ENOTFOUND || rc == SP_EINVAL || rc == SP_EFORMAT
                   ? EXIT_BAD_INPUT : EXIT_RUNTIME;
    }
    if (rename(tmp, path) != 0) {
        cli_errorf("cannot rename %s to %s: %s", tmp, path, strerror(errno));
        remove(tmp);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}
