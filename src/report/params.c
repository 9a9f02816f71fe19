/*
 * params.c - what a report needs from an invocation's params_json, read
 * with a small JSON reader of its own.
 *
 * What is read. params_json is the flat object sp_scenario_params_json
 * writes: {"path": nominal value, ...}, plus, in the extended form,
 * "uncertain": {"path": "distribution text", ...} and "warnings":
 * ["text", ...]. The report takes the horizon ("time.horizon_years"),
 * the package start ("time.forecast_start", a month index
 * year * 12 + month - 1), the uncertain parameters and the warnings.
 * One optional key says how the ensemble was run: "run.sample_params"
 * (0/1 or false/true: parameters drawn per replication). Every other key
 * is skipped, whatever its value, so the format can grow.
 *
 * Why a reader of its own. The needs are tiny (strings, numbers, one
 * level of object and array), the input comes from our own writer, and a
 * JSON library would be a dependency for 200 lines. It is still strict
 * JSON (RFC 8259): a malformed text is SP_EFORMAT with the byte offset,
 * never a guess; nesting is bounded (64) so no input can exhaust the
 * stack; \uXXXX escapes, surrogate pairs included, become UTF-8; numbers
 * are parsed the same in every locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "report/report.h"

#include <string.h>

#define MAX_DEPTH 64

typedef struct reader {
    const char *s;
    size_t i, n;
    bool bad;
} reader;

static void ws(reader *r)
{
    while (r->i < r->n && strchr(" \t\r\n", r->s[r->i]) && r->s[r->i])
        r->i++;
}

static bool eat(reader *r, char c)
{
    ws(r);
    if (r->i < r->n && r->s[r->i] == c) {
        r->i++;
        return true;
    }
    return false;
}

static int peek(reader *r)
{
    ws(r);
    return r->i < r->n ? (unsigned char)r->s[r->i] : -1;
}

static bool fail(reader *r)
{
    r->bad = true;
    return false;
}

/* ---- strings ----------------------------------------------------------- */

static bool hex4(reader *r, unsigned *v)
{
    *v = 0;
    for (int k = 0; k < 4; k++, r->i++) {
        if (r->i >= r->n)
            return fail(r);
        char c = r->s[r->i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d > 15)
            return fail(r);
        *v = *v * 16 + d;
    }
    return true;
}

/* Append to b; b NULL: the text is being skipped. */
static void add(sp_strbuf *b, const char *s, size_t n)
{
    if (b)
        sp_strbuf_add(b, s, n);
}

static void put_utf8(sp_strbuf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80)
        u[0] = (char)cp, n = 1;
    else if (cp < 0x800)
        u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)),
        n = 2;
    else if (cp < 0x10000)
        u[0] = (char)(0xE0 | cp >> 12),
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
        u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    else
        u[0] = (char)(0xF0 | cp >> 18),
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)),
        u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    add(b, u, n);
}

/* \uXXXX (r->i just after the 'u'), with a following low surrogate. */
static bool unicode_escape(reader *r, sp_strbuf *b)
{
    unsigned cp, lo;
    if (!hex4(r, &cp))
        return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (r->i + 2 > r->n || r->s[r->i] != '\\' || r->s[r->i + 1] != 'u')
            return fail(r);
        r->i += 2;
        if (!hex4(r, &lo) || lo < 0xDC00 || lo > 0xDFFF)
            return fail(r);
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF)
        return fail(r);
    put_utf8(b, cp ? cp : 0xFFFD); /* no NUL inside C strings */
    return true;
}

static bool escape(reader *r, sp_strbuf *b)
{
    if (r->i >= r->n)
        return fail(r);
    char c = r->s[r->i++];
    const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
    const char *k = c ? strchr(from, c) : NULL;
    if (k) {
        add(b, to + (k - from), 1);
        return true;
    }
    return c == 'u' ? unicode_escape(r, b) : fail(r);
}

/* A string into b, emptied first (NULL b: skip it). */
static bool string(reader *r, sp_strbuf *b)
{
    if (b)
        b->len = 0;
    bool ok = eat(r, '"');
    while (ok && r->i < r->n && r->s[r->i] != '"') {
        unsigned char c = (unsigned char)r->s[r->i++];
        if (c < 0x20)
            ok = fail(r);
        else if (c == '\\')
            ok = escape(r, b);
        else
            add(b, (const char *)&c, 1);
    }
    ok = ok && r->i < r->n && r->s[r->i++] == '"';
    add(b, "", 0); /* terminated, and non-NULL even when empty */
    return ok ? true : fail(r);
}

/* ---- numbers and other values ------------------------------------------ */

static bool number(reader *r, double *v)
{
    ws(r);
    size_t start = r->i;
    while (r->i < r->n && r->s[r->i] && strchr("+-0123456789.eE", r->s[r->i]))
        r->i++;
    char buf[64];
    size_t len = r->i - start;
    if (len == 0 || len >= sizeof buf)
        return fail(r);
    memcpy(buf, r->s + start, len);
    buf[len] = '\0';
    return sp_parse_double(buf, v) ? true : fail(r);
}

static bool literal(reader *r, const char *word)
{
    size_t len = strlen(word);
    ws(r);
    if (r->n - r->i < len || memcmp(r->s + r->i, word, len) != 0)
        return fail(r);
    r->i += len;
    return true;
}

static bool value(reader *r, int depth);

static bool members(reader *r, int depth, char open, char close)
{
    if (!eat(r, open))
        return fail(r);
    if (eat(r, close))
        return true;
    do {
        if (open == '{' && (!string(r, NULL) || !eat(r, ':')))
            return fail(r);
        if (!value(r, depth + 1))
            return false;
    } while (eat(r, ','));
    return eat(r, close) ? true : fail(r);
}

/* Skip any value. */
static bool value(reader *r, int depth)
{
    if (depth > MAX_DEPTH)
        return fail(r);
    double d;
    switch (peek(r)) {
    case '{': return members(r, depth, '{', '}');
    case '[': return members(r, depth, '[', ']');
    case '"': return string(r, NULL);
    case 't': return literal(r, "true");
    case 'f': return literal(r, "false");
    case 'n': return literal(r, "null");
    default: return number(r, &d);
    }
}

/* A number, or true/false as 1/0. */
static bool number_or_bool(reader *r, double *v)
{
    if (peek(r) == 't')
        return (*v = 1, literal(r, "true"));
    if (peek(r) == 'f')
        return (*v = 0, literal(r, "false"));
    return number(r, v);
}

/* ---- the parts a report needs ------------------------------------------ */

static bool push(sp_report_strs *v, const char *s)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 16;
        char **p = sp_realloc(v->s, cap * sizeof *p);
        if (!p)
            return false;
        v->s = p, v->cap = cap;
    }
    char *copy = sp_strdup(s);
    if (!copy)
        return false;
    v->s[v->n++] = copy;
    return true;
}

/* "uncertain": {"path": "dist", ...}; a number as a dist is formatted. */
static bool uncertain(reader *r, sp_report_params *p, sp_strbuf *key,
                      sp_strbuf *val, bool *oom)
{
    if (!eat(r, '{'))
        return fail(r);
    if (eat(r, '}'))
        return true;
    do {
        double d;
        if (!string(r, key) || !eat(r, ':'))
            return fail(r);
        if (peek(r) == '"') {
            if (!string(r, val))
                return false;
        } else if (number(r, &d)) {
            val->len = 0;
            sp_strbuf_double(val, d, 6);
        } else
            return false;
        if (!key->failed && !val->failed &&
            (!push(&p->unc_path, key->s) || !push(&p->unc_dist, val->s)))
            *oom = true;
    } while (eat(r, ','));
    return eat(r, '}') ? true : fail(r);
}

/* "warnings": ["...", ...]; a non-string item is skipped. */
static bool warnings(reader *r, sp_report_params *p, sp_strbuf *val,
                     bool *oom)
{
    if (!eat(r, '['))
        return fail(r);
    if (eat(r, ']'))
        return true;
    do {
        if (peek(r) != '"') {
            if (!value(r, 1))
                return false;
            continue;
        }
        if (!string(r, val))
            return false;
        if (!val->failed && !push(&p->warnings, val->s))
            *oom = true;
    } while (eat(r, ','));
    return eat(r, ']') ? true : fail(r);
}

static const char *const known_keys[] = {
    "time.horizon_years", "time.forecast_start", "run.sample_params"};

static bool is_known(const char *key)
{
    for (size_t i = 0; i < sizeof known_keys / sizeof *known_keys; i++)
        if (!strcmp(key, known_keys[i]))
            return true;
    return false;
}

static void set_known(const char *key, sp_report_params *p, double v)
{
    if (!strcmp(key, "time.horizon_years"))
        p->scenario_horizon = v > 0 && v <= 1000 ? (int)v : 0;
    else if (!strcmp(key, "time.forecast_start"))
        p->forecast_start = v >= 0 && v < 12.0 * 100000 ? (int)v : -1;
    else if (!strcmp(key, "run.sample_params"))
        p->sample_params = v != 0;
}

static bool member(reader *r, sp_report_params *p, sp_strbuf *key,
                   sp_strbuf *val, bool *oom)
{
    if (!string(r, key) || !eat(r, ':'))
        return fail(r);
    const char *k = key->s ? key->s : "";
    if (!strcmp(k, "uncertain") && peek(r) == '{') {
        p->has_uncertain = true;
        return uncertain(r, p, key, val, oom);
    }
    if (!strcmp(k, "warnings") && peek(r) == '[') {
        p->has_warnings = true;
        return warnings(r, p, val, oom);
    }
    int c = peek(r);
    if (c == '"' || c == '{' || c == '[' || c == 'n' || !is_known(k))
        return value(r, 1);
    double v;
    if (!number_or_bool(r, &v))
        return false;
    set_known(k, p, v);
    return true;
}

static void reset(sp_report_params *p)
{
    memset(p, 0, sizeof *p);
    p->forecast_start = -1;
    p->sample_params = -1;
}

int sp_report_params_parse(const char *json, sp_report_params *p,
                           sp_error *err)
{
    reset(p);
    if (!json)
        return SP_OK; /* nothing stored: every field unknown */
    reader r = {json, 0, strlen(json), false};
    sp_strbuf key, val;
    sp_strbuf_init(&key);
    sp_strbuf_init(&val);
    bool oom = false, ok = eat(&r, '{');
    if (ok && !eat(&r, '}')) {
        do
            ok = member(&r, p, &key, &val, &oom);
        while (ok && eat(&r, ','));
        ok = ok && eat(&r, '}');
    }
    ws(&r);
    ok = ok && r.i == r.n;
    oom = oom || key.failed || val.failed;
    sp_strbuf_free(&key);
    sp_strbuf_free(&val);
    if (oom || !ok) {
        size_t at = r.i;
        sp_report_params_free(p);
        if (oom)
            return SP_FAIL(err, SP_ENOMEM, "out of memory");
        return SP_FAIL(err, SP_EFORMAT, "the stored parameters are not "
                       "valid JSON (at byte %zu)", at);
    }
    return SP_OK;
}

static void strs_free(sp_report_strs *v)
{
    for (size_t i = 0; i < v->n; i++)
        sp_xfree(v->s[i]);
    sp_xfree(v->s);
}

void sp_report_params_free(sp_report_params *p)
{
    strs_free(&p->unc_path);
    strs_free(&p->unc_dist);
    strs_free(&p->warnings);
    reset(p);
}
