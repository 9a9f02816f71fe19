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
        const char *hint = sp_did_you_mean(k->str, names, n);
        if (hint)
            return sp_yerr(c->err, k, "unknown %s '%s' (did you mean '%s'?)",
                           what, k->str, hint);
        return sp_yerr(c->err, k, "unknown %s '%s'", what, k->str);
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

static int parse_number(sp_dctx *c, const sp_ynode *n, const char *what,
                        double *out)
{
    if (n->kind != SP_Y_SCALAR || !n->plain || !sp_parse_double(n->str, out))
        return sp_yerr(c->err, n, "%s: expected a number, found %s%s%s%s",
                       what, n->kind == SP_Y_SCALAR ? "'" : "",
                       n->kind == SP_Y_SCALAR ? n->str
                                              : sp_ynode_kind_name(n),
                       n->kind == SP_Y_SCALAR ? "'" : "",
                       n->kind == SP_Y_SCALAR && !n->plain ? " (quoted)" : "");
    return SP_OK;
}

static int check_range(sp_dctx *c, const sp_ynode *n, const sp_param_def *d,
                       double v, const char *what)
{
    if (v >= d->lo && v <= d->hi)
        return SP_OK;
    char a[32], b[32], x[32];
    return sp_yerr(c->err, n, "%s %s is outside the valid range [%s, %s]%s%s",
                   what, sp_fmt_double(x, sizeof x, v, 10),
                   sp_fmt_double(a, sizeof a, d->lo, 10),
                   sp_fmt_double(b, sizeof b, d->hi, 10),
                   d->unit ? " " : "", d->unit ? d->unit : "");
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
    const char *names[8] = {"dist", "nominal", "source"};
    size_t n = 3;
    for (size_t f = 0; f < dist_nfields[k]; f++)
        names[n++] = dist_fields[k][f];
    char what[64];
    snprintf(what, sizeof what, "key for a %s distribution", sp_dist_name(k));
    return sp_check_names(c, map, names, n, what);
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
    double lo, hi;
    sp_dist_support(d, &lo, &hi);
    if ((rc = check_range(c, map, def, lo, "its lowest value")) ||
        (rc = check_range(c, map, def, hi, "its highest value")))
        return rc;
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
        static const char *const plain_keys[] = {"value", "source"};
        if ((rc = sp_check_names(c, n, plain_keys, 2, "key for a value "
                                 "(or add dist: for an uncertain one)")))
            return rc;
        vn = sp_ymap_get(n, "value");
        if (!vn)
            return sp_yerr(c->err, n, "%s: expected a number, {value: X, "
                           "source: ...} or {dist: ...}", def->key);
    }
    if (def->type == SP_PT_BOOL) {
        bool b;
        if ((rc = sp_decode_bool(c, vn, &b)))
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
    return sp_yerr(c->err, n, "expected true or false, found %s%s%s",
                   n->kind == SP_Y_SCALAR ? "'" : "",
                   n->kind == SP_Y_SCALAR ? n->str : sp_ynode_kind_name(n),
                   n->kind == SP_Y_SCALAR ? "'" : "");
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

bool sp_parse_date(const char *s, int *month)
{
    int y = 0, m = 0, d = 1, used = 0;
    size_t len = strlen(s);
    if (len == 7 && sscanf(s, "%4d-%2d%n", &y, &m, &used) == 2 && used == 7) {
    } else if (len == 10 &&
               sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 &&
               used == 10) {
    } else
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)s[i]) && s[i] != '-')
            return false;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
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
    if (n->kind != SP_Y_SCALAR || !sp_parse_date(n->str, month))
        return sp_yerr(c->err, n, "expected a date YYYY-MM or YYYY-MM-DD, "
                       "found %s%s%s", n->kind == SP_Y_SCALAR ? "'" : "",
                       n->kind == SP_Y_SCALAR ? n->str
                                              : sp_ynode_kind_name(n),
                       n->kind == SP_Y_SCALAR ? "'" : "");
    return SP_OK;
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
    return sp_yerr(c->err, n, "%s: unknown value '%s' (expected one of %s)",
                   def->key, n->str, def->choices);
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
