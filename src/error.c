/*
 * error.c - the sticky error object.
 *
 * The first failure recorded in an sp_error wins: a cleanup path that
 * fails again (closing a file after a parse error) must not hide the
 * cause the user needs to see. sp_error_vset is the single funnel, so a
 * debugger breakpoint on it catches every error the library raises.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

void sp_error_clear(sp_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

const char *sp_status_name(int code)
{
    switch (code) {
    case SP_OK: return "ok";
    case SP_EINVAL: return "invalid input";
    case SP_ENOMEM: return "out of memory";
    case SP_EIO: return "I/O error";
    case SP_EFORMAT: return "bad file format";
    case SP_ELIMIT: return "limit exceeded";
    case SP_ENUMERIC: return "numerical failure";
    case SP_EINTR: return "interrupted";
    case SP_ENOTFOUND: return "not found";
    case SP_EINTERNAL: return "internal error";
    default: return "unknown error";
    }
}

int sp_error_vset(sp_error *err, int code, const char *fmt, va_list ap)
{
    if (!err || err->code != SP_OK)
        return code; /* keep the first failure */
    err->code = code;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    return code;
}

int sp_error_set(sp_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sp_error_vset(err, code, fmt, ap);
    va_end(ap);
    return code;
}

/* Copy line `line` (1-based) of text into dst, tabs kept. */
static void copy_line(char *dst, size_t n, const char *text, int line)
{
    dst[0] = '\0';
    if (!text || line < 1)
        return;
    const char *p = text;
    for (int l = 1; l < line && p; l++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    if (!p)
        return;
    size_t len = strcspn(p, "\r\n");
    if (len >= n)
        len = n - 1;
    memcpy(dst, p, len);
    dst[len] = '\0';
}

int sp_error_at(sp_error *err, int code, const char *file, const char *text,
                int line, int col, const char *fmt, ...)
{
    if (!err || err->code != SP_OK)
        return code;
    va_list ap;
    va_start(ap, fmt);
    sp_error_vset(err, code, fmt, ap);
    va_end(ap);
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
    copy_line(err->source_line, sizeof err->source_line, text, line);
    return code;
}
