/*
 * num.c - numbers in and out, the same in every locale.
 *
 * strtod and printf follow LC_NUMERIC, so a host program that sets a
 * German locale would read "0.5" as 0 and print "0,5". Parsing here uses
 * strtod_l with a C locale made once per call chain; formatting fixes up
 * the decimal separator, whatever the locale says it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE 1 /* strtod_l */
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The YAML-ish number grammar we accept: [+-]? digits [. digits] [e[+-]digits]
 * or [+-]? . digits ...; also .inf/.nan are rejected (finite only). */
static bool looks_numeric(const char *s)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    bool digits = false;
    while (isdigit((unsigned char)*p)) {
        p++;
        digits = true;
    }
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p)) {
            p++;
            digits = true;
        }
    }
    if (!digits)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == '\0';
}

bool sp_parse_double(const char *s, double *out)
{
    if (!s || !looks_numeric(s))
        return false;
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (!c)
        return false;
    errno = 0;
    char *end = NULL;
    double v = strtod_l(s, &end, c);
    freelocale(c);
    if (end == s || *end != '\0' || !isfinite(v) ||
        (errno == ERANGE && fabs(v) > 1.0))
        return false;
    *out = v;
    return true;
}

bool sp_parse_int64(const char *s, long long *out)
{
    const char *p = s;
    if (!p || !*p)
        return false;
    if (*p == '+' || *p == '-')
        p++;
    if (!*p)
        return false;
    for (const char *q = p; *q; q++)
        if (!isdigit((unsigned char)*q))
            return false;
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno == ERANGE)
        return false;
    *out = v;
    return true;
}

char *sp_fmt_double(char *buf, size_t n, double v, int digits)
{
    if (isnan(v)) {
        snprintf(buf, n, "nan");
        return buf;
    }
    if (isinf(v)) {
        snprintf(buf, n, v > 0 ? "inf" : "-inf");
        return buf;
    }
    snprintf(buf, n, "%.*g", digits, v);
    /* Whatever the locale's separator, make it '.'. */
    const char *dp = localeconv()->decimal_point;
    if (dp && strcmp(dp, ".") != 0) {
        char *hit = strstr(buf, dp);
        if (hit) {
            size_t dl = strlen(dp);
            *hit = '.';
            memmove(hit + 1, hit + dl, strlen(hit + dl) + 1);
        }
    }
    return buf;
}

char *sp_fmt_fixed(char *buf, size_t n, double v, int decimals)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "null");
        return buf;
    }
    snprintf(buf, n, "%.*f", decimals, v);
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
    return buf;
}

void sp_strbuf_fixed(sp_strbuf *b, double v, int decimals)
{
    char buf[64];
    sp_strbuf_puts(b, sp_fmt_fixed(buf, sizeof buf, v, decimals));
}
