/*
 * errors.c - how the program reports errors: one format everywhere
 * (style.md §15), with the offending line and a caret under the column.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void cli_errorf(const char *fmt, ...)
{
    va_list ap;
    fputs("spiral: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* The caret goes under column col (1-based) of line; tabs are copied so
 * the caret lines up in a terminal. */
static void print_caret(const char *line, int col)
{
    fprintf(stderr, "  %s\n  ", line);
    int len = (int)strlen(line);
    for (int i = 0; i < col - 1; i++)
        fputc(i < len && line[i] == '\t' ? '\t' : ' ', stderr);
    fputs("^\n", stderr);
}

void cli_print_error(const sp_error *err)
{
    const char *msg = err->message[0] ? err->message
                                      : sp_status_name(err->code);
    if (err->file[0] && err->line > 0)
        fprintf(stderr, "spiral: error: %s:%d:%d: %s\n", err->file,
                err->line, err->col, msg);
    else if (err->file[0])
        fprintf(stderr, "spiral: error: %s: %s\n", err->file, msg);
    else
        fprintf(stderr, "spiral: error: %s\n", msg);
    if (err->source_line[0] && err->col > 0)
        print_caret(err->source_line, err->col);
}

int cli_exit_code(int status)
{
    switch (status) {
    case SP_OK: return EXIT_OK;
    case SP_EINVAL:
    case SP_EFORMAT:
    case SP_ELIMIT:
    case SP_ENOTFOUND:
    case SP_EIO: return EXIT_BAD_INPUT;
    default: return EXIT_RUNTIME;
    }
}

int cli_flush_stdout(void)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return EXIT_OK;
    cli_errorf("writing the output failed");
    return EXIT_RUNTIME;
}
