/*
 * strbuf.c - growable strings and "did you mean".
 *
 * sp_strbuf keeps a sticky `failed` flag (as SQLite's StrAccum does): a
 * caller appends freely and checks once at the end, instead of testing
 * every append for out-of-memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

void sp_strbuf_init(sp_strbuf *b)
{
    memset(b, 0, sizeof *b);
}

void sp_strbuf_free(sp_strbuf *b)
{
    sp_xfree(b->s);
    sp_strbuf_init(b);
}

static bool reserve(sp_strbuf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *s = sp_realloc(b->s, cap);
    if (!s) {
        b->failed = true;
        return false;
    }
    b->s = s;
    b->cap = cap;
    return true;
}

void sp_strbuf_add(sp_strbuf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sp_strbuf_puts(sp_strbuf *b, const char *s)
{
    sp_strbuf_add(b, s, strlen(s));
}

void sp_strbuf_printf(sp_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sp_strbuf_json_str(sp_strbuf *b, const char *s)
{
    sp_strbuf_add(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        switch (*p) {
        case '"': sp_strbuf_add(b, "\\\"", 2); break;
        case '\\': sp_strbuf_add(b, "\\\\", 2); break;
        case '\n': sp_strbuf_add(b, "\\n", 2); break;
        case '\r': sp_strbuf_add(b, "\\r", 2); break;
        case '\t': sp_strbuf_add(b, "\\t", 2); break;
        default:
            if (*p < 0x20)
                sp_strbuf_printf(b, "\\u%04x", *p);
            else
                sp_strbuf_add(b, (const char *)p, 1);
        }
    }
    sp_strbuf_add(b, "\"", 1);
}

void sp_strbuf_double(sp_strbuf *b, double v, int digits)
{
    char buf[64];
    sp_strbuf_puts(b, sp_fmt_double(buf, sizeof buf, v, digits));
}

char *sp_strbuf_take(sp_strbuf *b)
{
    char *s = b->failed ? NULL : b->s;
    if (b->failed)
        sp_xfree(b->s);
    else if (!s)
        s = sp_strdup("");
    sp_strbuf_init(b);
    return s;
}

/* Levenshtein distance, two rows; words here are short (keys, ids). */
size_t sp_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return la > lb ? la : lb;
    size_t prev[64], cur[64];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            size_t m = sub < del ? sub : del;
            cur[j] = m < ins ? m : ins;
        }
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb];
}

/* The shortest candidate that starts with word (of 3 or more letters)
 * as a whole part: "horizon" -> "horizon_years". */
static const char *completion(const char *word, const char *const *cands,
                              size_t n)
{
    const char *best = NULL;
    size_t len = strlen(word);
    for (size_t i = 0; i < n && len >= 3; i++) {
        const char *c = cands[i];
        if (strncmp(c, word, len) == 0 && (c[len] == '_' || c[len] == '-') &&
            (!best || strlen(c) < strlen(best)))
            best = c;
    }
    return best;
}

const char *sp_did_you_mean(const char *word, const char *const *cands,
                            size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    size_t len = strlen(word);
    size_t limit = len < 4 ? 1 : len < 8 ? 2 : 3;
    for (size_t i = 0; i < n; i++) {
        size_t d = sp_edit_distance(word, cands[i]);
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
    }
    return best_d <= limit ? best : completion(word, cands, n);
}

int sp_path_join(char *buf, size_t n, const char *dir, const char *name,
                 sp_error *err)
{
    int len = snprintf(buf, n, "%s/%s", dir, name);
    if (len < 0 || (size_t)len >= n)
        return SP_FAIL(err, SP_EINVAL, "path too long: %s/%s", dir, name);
    return SP_OK;
}
