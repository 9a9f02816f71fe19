/*
 * decode.c - typed values from YAML nodes (see decode.h).
 *
 * A numeric value is a plain scalar, {value, source}, or a distribution
 * {dist, <its fields>, nominal, source}. Ranges come from the parameter
 * table: a fixed value outside is an error, and so is a distribution
 * whose support leaves the range (a probability drawn from a normal that
 * can go below 0 would be clipped silently otherwise).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "decode.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sp_need_map(sp_dctx *c, const sp_ynode *n, const char *what)
{
    if (n && n->kind == SP_Y_MAP)
        return SP_OK;
    return sp_yerr(c->err, n, "%s: expected a mapping (key: value), found %s",
                   what, sp_ynode_kind_name(n));
}

int sp_need_seq(sp_dctx *c, const sp_ynode *n, const char *what)
{
    if (n && n->kind == SP_Y_SEQ)
        return SP_OK;
    return sp_yerr(c->err, n, "%s: expected a list, found %s", what,
                   sp_ynode_kind_name(n));
}

int sp_need_scalar(sp_dctx *c, const sp_ynode *n, const char *what)
{
    if (n && n->kind == SP_Y_SCALAR && !sp_ynode_is_null(n))
        return SP_OK;
    return sp_yerr(c->err, n, "%s: expected a single value, found %s", what,
                   sp_ynode_kind_name(n));
}

static bool all_digits(const char *s)
{
    return s[0] && strspn(s, "0123456789") == strlen(s);
}

static bool all_digits_n(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return n > 0;
}

/* "1e3" for the digits "1000": how to write a big whole number. */
static void sci_form(char *buf, size_t n, const char *digits)
{
    size_t len = strlen(digits), sig = len;
    while (sig > 1 && digits[sig - 1] == '0')
        sig--;
    snprintf(buf, n, "%c%s%.*se%zu", digits[0], sig > 1 ? "." : "",
             (int)(sig - 1), digits + 1, len - 1);
}

/* text is "1,000" or "0,5" (digits and commas): say how to write it.
 * false if it is neither a grouped number nor a decimal comma. */
static bool comma_advice(char *buf, size_t n, const char *text, bool *grouped)
{
    char digits[64] = "";
    size_t first = strcspn(text, ","), nd = 0;
    *grouped = first >= 1 && first <= 3 && text[0] != '0';
    for (const char *p = text; *p; p++) {
        if (*p == ',') {
            size_t g = strcspn(p + 1, ",");
            *grouped = *grouped && g == 3 && all_digits_n(p + 1, g);
            continue;
        }
        if (!isdigit((unsigned char)*p) || nd + 1 >= sizeof digits)
            return false;
        digits[nd++] = *p;
    }
    char sci[72];
    if (*grouped) {
        sci_form(sci, sizeof sci, digits);
        snprintf(buf, n, "write %s or %s, not %s", digits, sci, text);
        return true;
    }
    const char *comma = strchr(text, ',');
    if (!comma || strchr(comma + 1, ',') || !comma[1] || comma == text)
        return false;
    snprintf(buf, n, "write %.*s.%s, not %s", (int)(comma - text), text,
             comma + 1, text);
    return true;
}

/* Key i of map is digits after a number, with no value: "milex: 1,000"
 * inside {...} read as milex: 1 and a key 000. Explain, or "". */
static void comma_split_hint(char *buf, size_t n, const sp_ynode *map,
                             size_t i)
{
    buf[0] = '\0';
    const sp_ynode *k = sp_ymap_key(map, i), *v = sp_ymap_val(map, i);
    const sp_ynode *prev = i ? sp_ymap_val(map, i - 1) : NULL;
    if (!prev || prev->kind != SP_Y_SCALAR || !prev->plain ||
        !all_digits(prev->str) || !k->plain || !all_digits(k->str) ||
        !sp_ynode_is_null(v))
        return;
    char text[80], advice[200];
    bool grouped;
    snprintf(text, sizeof text, "%s,%s", prev->str, k->str);
    if (comma_advice(advice, sizeof advice, text, &grouped))
        snprintf(buf, n, " (inside {...} a ',' separates entries: %s)",
                 advice);
}

int sp_check_names(sp_dctx *c, const sp_ynode *map, const char *const *names,
                   size_t n, const char *what)
{
    for (size_t i = 0; i < map->n; i++) {
        const sp_ynode *k = sp_ymap_key(map, i);
        bool ok = false;
        for (size_t j = 0; j < n && !ok; j++)
            ok = strcmp(k->str, names[j]) == 0;
        if (ok)
            continue;
        char why[300];
        comma_split_hint(why, sizeof why, map, i);
        const char *hint = why[0] ? NULL : sp_did_you_mean(k->str, names, n);
        if (hint)
            return sp_yerr(c->err, k, "unknown %s '%s' (did you mean '%s'?)",
                           what, k->str, hint);
        return sp_yerr(c->err, k, "unknown %s '%s'%s", what, k->str, why);
    }
    return SP_OK;
}

/* Keys of a value mapping: "unknown key 'min' for a normal distribution
 * (it takes mean, sd, nominal, source)". names[0] is not listed (dist). */
static int check_value_keys(sp_dctx *c, const sp_ynode *map,
                            const char *const *names, size_t n,
                            const char *for_what, const char *extra)
{
    for (size_t i = 0; i < map->n; i++) {
        const sp_ynode *k = sp_ymap_key(map, i);
        bool ok = false;
        for (size_t j = 0; j < n && !ok; j++)
            ok = strcmp(k->str, names[j]) == 0;
        if (ok)
            continue;
        const char *hint = sp_did_you_mean(k->str, names, n);
        if (hint)
            return sp_yerr(c->err, k, "unknown key '%s' for %s (did you mean "
                           "'%s'?)", k->str, for_what, hint);
        sp_strbuf list;
        sp_strbuf_init(&list);
        for (size_t j = 1; j < n; j++)
            sp_strbuf_printf(&list, "%s%s", j > 1 ? ", " : "", names[j]);
        int rc = sp_yerr(c->err, k, "unknown key '%s' for %s (it takes %s%s)",
                         k->str, for_what, list.s ? list.s : "", extra);
        sp_strbuf_free(&list);
        return rc;
    }
    return SP_OK;
}

int sp_check_keys(sp_dctx *c, const sp_ynode *map, const sp_component *comp,
                  const char *what)
{
    const char *names[64];
    size_t n = comp->n_params < 64 ? comp->n_params : 64;
    for (size_t i = 0; i < n; i++)
        names[i] = comp->params[i].key;
    return sp_check_names(c, map, names, n, what);
}

/* Text in the number grammar that sp_parse_double refused: its value is
 * beyond a double (the same text with every digit 0 parses). */
static bool beyond_double(const char *s)
{
    char *z = sp_strdup(s);
    double v;
    if (!z)
        return false;
    for (char *p = z; *p; p++)
        if (isdigit((unsigned char)*p))
            *p = '0';
    bool numeric = sp_parse_double(z, &v);
    sp_xfree(z);
    return numeric;
}

/* " (a ',' does not group digits: write 1000 or 1e3, not 1,000)" or "". */
static void comma_number_hint(char *buf, size_t n, const char *s)
{
    char advice[200];
    bool grouped;
    buf[0] = '\0';
    if (strchr(s, ',') && comma_advice(advice, sizeof advice, s, &grouped))
        snprintf(buf, n, " (%s: %s)", grouped ? "a ',' does not group digits"
                 : "the decimal point is '.'", advice);
}

static int parse_number(sp_dctx *c, const sp_ynode *n, const char *what,
                        double *out)
{
    if (n->kind == SP_Y_SCALAR && n->plain && sp_parse_double(n->str, out))
        return SP_OK;
    if (n->kind != SP_Y_SCALAR)
        return sp_yerr(c->err, n, "%s: expected a number, found %s", what,
                       sp_ynode_kind_name(n));
    if (n->plain && beyond_double(n->str))
        return sp_yerr(c->err, n, "%s: %s is too large for a number (at %s "
                       "about %s1.8e308)", what, n->str,
                       n->str[0] == '-' ? "least" : "most",
                       n->str[0] == '-' ? "-" : "");
    char hint[300];
    comma_number_hint(hint, sizeof hint, n->str);
    return sp_yerr(c->err, n, "%s: expected a number, found '%s'%s%s", what,
                   n->str, n->plain ? "" : " (quoted)", hint);
}

static int check_range(sp_dctx *c, const sp_ynode *n, const sp_param_def *d,
                       double v, const char *what)
{
    if (v >= d->lo && v <= d->hi)
        return SP_OK;
    char a[32], b[32], x[32];
    bool unit = d->unit && d->unit[0] != '['; /* "[0, 1]" repeats the range */
    return sp_yerr(c->err, n, "%s %s is outside the valid range [%s, %s]%s%s",
                   what, sp_fmt_double(x, sizeof x, v, 10),
                   sp_fmt_double(a, sizeof a, d->lo, 10),
                   sp_fmt_double(b, sizeof b, d->hi, 10),
                   unit ? " " : "", unit ? d->unit : "");
}

void sp_value_default(const sp_param_def *def, sp_value *out)
{
    memset(out, 0, sizeof *out);
    out->v = def->def;
}

void sp_value_free(sp_value *v)
{
    sp_xfree(v->dist);
    v->dist = NULL;
}

static void locate(sp_value *out, const sp_ynode *n)
{
    out->file = n->src;
    out->line = n->line;
}

/* Distribution fields by kind, in sp_dist.p order. */
static const char *const dist_fields[][4] = {
    [SP_DIST_FIXED] = {"value"},
    [SP_DIST_UNIFORM] = {"min", "max"},
    [SP_DIST_NORMAL] = {"mean", "sd"},
    [SP_DIST_LOGNORMAL] = {"median", "sigma"},
    [SP_DIST_BETA] = {"alpha", "beta", "min", "max"},
    [SP_DIST_TRIANGULAR] = {"min", "mode", "max"},
    [SP_DIST_DISCRETE] = {"values", "weights"},
};
static const size_t dist_nfields[] = {1, 2, 2, 2, 4, 3, 2};
static const size_t dist_nrequired[] = {1, 2, 2, 2, 2, 3, 1};

static int decode_list(sp_dctx *c, const sp_ynode *n, const char *what,
                       double *vals, size_t *count)
{
    int rc = sp_need_seq(c, n, what);
    if (rc)
        return rc;
    if (n->n == 0 || n->n > SP_DIST_MAX_DISCRETE)
        return sp_yerr(c->err, n, "%s: expected 1 to %d numbers, found %zu",
                       what, SP_DIST_MAX_DISCRETE, n->n);
    for (size_t i = 0; i < n->n && !rc; i++)
        rc = parse_number(c, n->kids[i], what, &vals[i]);
    *count = n->n;
    return rc;
}

static int decode_dist_fields(sp_dctx *c, const sp_ynode *map, sp_dist *d)
{
    size_t k = d->kind;
    d->p[2] = 0, d->p[3] = 1; /* beta's default scale */
    for (size_t f = 0; f < dist_nfields[k]; f++) {
        const sp_ynode *v = sp_ymap_get(map, dist_fields[k][f]);
        char what[64];
        snprintf(what, sizeof what, "%s", dist_fields[k][f]);
        if (!v && f < dist_nrequired[k])
            return sp_yerr(c->err, map, "%s distribution needs '%s'",
                           sp_dist_name(d->kind), dist_fields[k][f]);
        if (!v)
            continue;
        int rc;
        size_t cnt = 0;
        if (d->kind == SP_DIST_DISCRETE && f == 0)
            rc = decode_list(c, v, what, d->values, &d->n);
        else if (d->kind == SP_DIST_DISCRETE) {
            rc = decode_list(c, v, what, d->weights, &cnt);
            if (!rc && cnt != d->n)
                rc = sp_yerr(c->err, v, "weights: %zu numbers for %zu values",
                             cnt, d->n);
        } else
            rc = parse_number(c, v, what, &d->p[f]);
        if (rc)
            return rc;
    }
    if (d->kind == SP_DIST_DISCRETE && !sp_ymap_get(map, "weights"))
        for (size_t i = 0; i < d->n; i++)
            d->weights[i] = 1.0;
    return SP_OK;
}

static int check_dist_keys(sp_dctx *c, const sp_ynode *map, sp_dist_kind k)
{
    const char *names[8] = {"dist"};
    size_t n = 1;
    for (size_t f = 0; f < dist_nfields[k]; f++)
        names[n++] = dist_fields[k][f];
    names[n++] = "nominal";
    names[n++] = "source";
    char what[64];
    snprintf(what, sizeof what, "a %s distribution", sp_dist_name(k));
    return check_value_keys(c, map, names, n, what, "");
}

void sp_put_dist(sp_strbuf *b, const sp_dist *d)
{
    sp_strbuf_printf(b, "%s(", sp_dist_name(d->kind));
    for (size_t i = 0; d->kind != SP_DIST_DISCRETE &&
                       i < dist_nfields[d->kind]; i++) {
        sp_strbuf_printf(b, "%s%s=", i ? ", " : "", dist_fields[d->kind][i]);
        sp_strbuf_double(b, d->p[i], 6);
    }
    for (size_t i = 0; d->kind == SP_DIST_DISCRETE && i < d->n; i++) {
        sp_strbuf_puts(b, i ? ", " : "");
        sp_strbuf_double(b, d->values[i], 6);
        sp_strbuf_puts(b, "@");
        sp_strbuf_double(b, d->weights[i], 3);
    }
    sp_strbuf_puts(b, ")");
}

/* v with the fewest digits (from 3) that still show it outside [lo, hi]. */
static char *fmt_outside(char *buf, size_t n, double v, double lo, double hi)
{
    for (int digits = 3; digits < 17; digits++) {
        double back;
        sp_fmt_double(buf, n, v, digits);
        if (sp_parse_double(buf, &back) && (back < lo || back > hi))
            break;
    }
    return buf;
}

/* A distribution whose support (or 0.1%..99.9% quantiles, if unbounded)
 * leaves the valid range: refused, since draws would be clipped. */
static int check_support(sp_dctx *c, const sp_ynode *map,
                         const sp_param_def *def, const sp_dist *d)
{
    double lo, hi;
    sp_dist_support(d, &lo, &hi);
    if (lo >= def->lo && hi <= def->hi)
        return SP_OK;
    bool low = lo < def->lo;
    bool unbounded = d->kind == SP_DIST_NORMAL || d->kind == SP_DIST_LOGNORMAL;
    const char *which = unbounded ? (low ? "its 0.1% quantile"
                                         : "its 99.9% quantile")
                                  : (low ? "its minimum" : "its maximum");
    char x[40], a[32], b[32];
    sp_strbuf dist;
    sp_strbuf_init(&dist);
    sp_put_dist(&dist, d);
    int rc = sp_yerr(c->err, map, "%s: %s reaches %s (%s), outside the valid "
                     "range [%s, %s]%s", def->key, dist.s ? dist.s : "?",
                     fmt_outside(x, sizeof x, low ? lo : hi, def->lo, def->hi),
                     which, sp_fmt_double(a, sizeof a, def->lo, 10),
                     sp_fmt_double(b, sizeof b, def->hi, 10),
                     unbounded ? "; use a bounded distribution (uniform, "
                                 "triangular, beta)" : "");
    sp_strbuf_free(&dist);
    return rc;
}

static int decode_dist(sp_dctx *c, const sp_ynode *map,
                       const sp_param_def *def, sp_value *out)
{
    const sp_ynode *kn = sp_ymap_get(map, "dist");
    sp_dist_kind k;
    if (kn->kind != SP_Y_SCALAR || !sp_dist_from_name(kn->str, &k) ||
        k == SP_DIST_FIXED)
        return sp_yerr(c->err, kn, "unknown distribution '%s' (expected "
                       "uniform, normal, lognormal, beta, triangular or "
                       "discrete)", kn->kind == SP_Y_SCALAR ? kn->str : "?");
    if (!(def->flags & SP_PF_UNCERTAIN))
        return sp_yerr(c->err, kn, "%s cannot be uncertain: give one value",
                       def->key);
    int rc = check_dist_keys(c, map, k);
    if (rc)
        return rc;
    sp_dist *d = sp_calloc(1, sizeof *d);
    if (!d)
        return sp_error_set(c->err, SP_ENOMEM, "out of memory");
    out->dist = d;
    d->kind = k;
    if ((rc = decode_dist_fields(c, map, d)))
        return rc;
    char why[200];
    if (!sp_dist_validate(d, why, sizeof why))
        return sp_yerr(c->err, map, "%s distribution: %s", sp_dist_name(k),
                       why);
    if ((rc = check_support(c, map, def, d)))
        return rc;
    double lo, hi;
    sp_dist_support(d, &lo, &hi);
    out->v = sp_dist_median(d);
    const sp_ynode *nom = sp_ymap_get(map, "nominal");
    if (nom && ((rc = parse_number(c, nom, "nominal", &out->v)) ||
                (rc = check_range(c, nom, def, out->v, "nominal"))))
        return rc;
    if (nom && (out->v < lo || out->v > hi))
        return sp_yerr(c->err, nom, "nominal value lies outside the "
                       "distribution's support");
    return SP_OK;
}

/* what (may be NULL) names the field in the message. */
static int decode_bool(sp_dctx *c, const sp_ynode *n, const char *what,
                       bool *out)
{
    if (n->kind == SP_Y_SCALAR && n->plain) {
        if (!strcmp(n->str, "true")) {
            *out = true;
            return SP_OK;
        }
        if (!strcmp(n->str, "false")) {
            *out = false;
            return SP_OK;
        }
    }
    return sp_yerr(c->err, n, "%s%sexpected true or false, found %s%s%s",
                   what ? what : "", what ? ": " : "",
                   n->kind == SP_Y_SCALAR ? "'" : "",
                   n->kind == SP_Y_SCALAR ? n->str : sp_ynode_kind_name(n),
                   n->kind == SP_Y_SCALAR ? "'" : "");
}

int sp_decode_value(sp_dctx *c, const sp_ynode *n, const sp_param_def *def,
                    sp_value *out)
{
    sp_value_default(def, out);
    locate(out, n);
    const sp_ynode *vn = n;
    int rc;
    if (n->kind == SP_Y_MAP) {
        const sp_ynode *src = sp_ymap_get(n, "source");
        if (src && (rc = sp_need_scalar(c, src, "source")))
            return rc;
        out->source = src ? src->str : NULL;
        if (sp_ymap_get(n, "dist"))
            return decode_dist(c, n, def, out);
        static const char *const plain_keys[] = {"dist", "value", "source"};
        if ((rc = check_value_keys(c, n, plain_keys, 3, "a value",
                                   "; add dist: for an uncertain value")))
            return rc;
        vn = sp_ymap_get(n, "value");
        if (!vn)
            return sp_yerr(c->err, n, "%s: expected a number, {value: X, "
                           "source: ...} or {dist: ...}", def->key);
    }
    if (def->type == SP_PT_BOOL) {
        bool b;
        if ((rc = decode_bool(c, vn, def->key, &b)))
            return rc;
        out->v = b;
        return SP_OK;
    }
    if ((rc = parse_number(c, vn, def->key, &out->v)))
        return rc;
    if (def->type == SP_PT_INT && out->v != floor(out->v))
        return sp_yerr(c->err, vn, "%s: expected a whole number, found %s",
                       def->key, vn->str);
    return check_range(c, vn, def, out->v, def->key);
}

int sp_decode_bool(sp_dctx *c, const sp_ynode *n, bool *out)
{
    return decode_bool(c, n, NULL, out);
}

int sp_decode_int(sp_dctx *c, const sp_ynode *n, const sp_param_def *def,
                  long long *out)
{
    sp_value v;
    int rc = sp_decode_value(c, n, def, &v);
    sp_value_free(&v);
    *out = (long long)v.v;
    return rc;
}

/* The YYYY-MM or YYYY-MM-DD form (d = 1 for the first), numbers unchecked. */
static bool date_form(const char *s, int *y, int *m, int *d)
{
    size_t len = strlen(s);
    int used = 0;
    *d = 1;
    if (strspn(s, "0123456789-") != len)
        return false;
    if (len == 7)
        return sscanf(s, "%4d-%2d%n", y, m, &used) == 2 && used == 7;
    return len == 10 && sscanf(s, "%4d-%2d-%2d%n", y, m, d, &used) == 3 &&
           used == 10;
}

static int month_days(int y, int m)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return mdays[m - 1] + (m == 2 && leap);
}

bool sp_parse_date(const char *s, int *month)
{
    int y, m, d;
    if (!date_form(s, &y, &m, &d) || m < 1 || m > 12 || d < 1 ||
        d > month_days(y, m))
        return false;
    *month = y * 12 + (m - 1);
    return true;
}

char *sp_fmt_month(char *buf, size_t n, int month)
{
    snprintf(buf, n, "%04d-%02d", month / 12, month % 12 + 1);
    return buf;
}

int sp_decode_date(sp_dctx *c, const sp_ynode *n, int *month)
{
    if (n->kind == SP_Y_SCALAR && sp_parse_date(n->str, month))
        return SP_OK;
    int y, m, d;
    if (n->kind == SP_Y_SCALAR && date_form(n->str, &y, &m, &d)) {
        if (m < 1 || m > 12)
            return sp_yerr(c->err, n, "'%s' is not a date: months run from "
                           "01 to 12", n->str);
        return sp_yerr(c->err, n, "'%s' is not a date: %04d-%02d has %d "
                       "days", n->str, y, m, month_days(y, m));
    }
    return sp_yerr(c->err, n, "expected a date YYYY-MM or YYYY-MM-DD, "
                   "found %s%s%s", n->kind == SP_Y_SCALAR ? "'" : "",
                   n->kind == SP_Y_SCALAR ? n->str : sp_ynode_kind_name(n),
                   n->kind == SP_Y_SCALAR ? "'" : "");
}

int sp_decode_enum(sp_dctx *c, const sp_ynode *n, const sp_param_def *def,
                   int *out)
{
    int rc = sp_need_scalar(c, n, def->key);
    if (rc)
        return rc;
    *out = sp_choice_index(def->choices, n->str);
    if (*out >= 0)
        return SP_OK;
    const char *cands[16];
    char names[16][40];
    size_t k = 0;
    for (; k < 16; k++) {
        sp_choice_name(def->choices, (int)k, names[k], sizeof names[k]);
        if (!names[k][0])
            break;
        cands[k] = names[k];
    }
    const char *hint = sp_did_you_mean(n->str, cands, k);
    if (hint)
        return sp_yerr(c->err, n, "%s: unknown value '%s' (did you mean "
                       "'%s'?)", def->key, n->str, hint);
    char list[400];
    return sp_yerr(c->err, n, "%s: unknown value '%s' (expected one of %s)",
                   def->key, n->str,
                   sp_choices_text(list, sizeof list, def->choices));
}

char *sp_choices_text(char *buf, size_t n, const char *choices)
{
    size_t k = 0;
    for (const char *p = choices; *p && k + 3 < n; p++) {
        if (*p == '|') {
            buf[k++] = ',';
            buf[k++] = ' ';
        } else
            buf[k++] = *p;
    }
    buf[k] = '\0';
    return buf;
}

int sp_decode_string(sp_dctx *c, const sp_ynode *n, char **out)
{
    int rc = sp_need_scalar(c, n, "text");
    if (rc)
        return rc;
    *out = sp_strdup(n->str);
    return *out ? SP_OK : sp_error_set(c->err, SP_ENOMEM, "out of memory");
}

int sp_decode_id(sp_dctx *c, const sp_ynode *n, const char *what, char **out)
{
    int rc = sp_need_scalar(c, n, what);
    if (rc)
        return rc;
    size_t len = strlen(n->str);
    bool ok = len > 0 && len < 64;
    for (size_t i = 0; i < len && ok; i++)
        ok = islower((unsigned char)n->str[i]) ||
             isdigit((unsigned char)n->str[i]) || n->str[i] == '-' ||
             n->str[i] == '_';
    if (!ok)
        return sp_yerr(c->err, n, "%s '%s': use 1 to 63 characters from "
                       "a-z, 0-9, '-' and '_'", what, n->str);
    return sp_decode_string(c, n, out);
}
