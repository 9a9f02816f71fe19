/*
 * analyze_data.c - a stored sweep read back for `spiral analyze`: which
 * sweep, its names, the outcome and package asked for, the conditions
 * of --prim and --threshold, and one pass over the runs that leaves, per
 * design point and package, the mean over replications of each outcome
 * the analyses need, with each point's parameter values.
 *
 * Nothing is re-run: everything comes from the store (the runs with
 * their points, sweep_params, the invocation's names).
 *
 * Means. A point's value for a package is the mean of its R stored
 * replications. It is NaN when one of them failed (a failed run has NaN
 * outcomes, and a mean that silently dropped it would describe another
 * population of runs than its neighbours'), and NaN when fewer than R are
 * stored (an interrupted or sharded sweep: that point's noise would
 * differ from the others'; `spiral sweep --resume` completes it). The
 * analyses leave NaN points out and say how many.
 *
 * Memory: per point and package one count, one flag and one double per
 * outcome read (at most SP_AN_MAX_SPECS), plus k doubles per point; the
 * runs stream through one cursor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "analysis/analyze.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- the sweep ------------------------------------------------------- */

static size_t count_time_outcomes(const sp_store_invocation *v)
{
    size_t n = 0;
    while (n < v->n_outcomes && strcmp(v->outcomes[n], "highest_level") != 0)
        n++;
    return n == v->n_outcomes ? 0 : n;
}

static int check_shape(sp_analysis *a, sp_error *err)
{
    const sp_store_sweep *sw = &a->sw;
    if (sw->n_points < 1 || sw->replications < 1 || sw->n_params < 1 ||
        (size_t)sw->n_params != a->k)
        return SP_FAIL(err, SP_EFORMAT, "%s: sweep %lld is malformed (%lld "
                       "points, %lld replications, %lld parameters, %zu "
                       "stored)", a->st->path, (long long)sw->invocation,
                       (long long)sw->n_points, (long long)sw->replications,
                       (long long)sw->n_params, a->k);
    if (a->inv.n_packages == 0 || a->inv.n_outcomes == 0)
        return SP_FAIL(err, SP_EFORMAT, "%s: sweep %lld has no %s names",
                       a->st->path, (long long)sw->invocation,
                       a->inv.n_packages ? "outcome" : "package");
    a->n_points = (size_t)sw->n_points;
    a->R = (size_t)sw->replications;
    a->P = a->inv.n_packages;
    a->n_time = count_time_outcomes(&a->inv);
    return SP_OK;
}

/* Group indices in first-seen order, as the sweep gave them to its
 * design (src/sweep.c make_groups). */
static int index_groups(sp_analysis *a, sp_error *err)
{
    a->group_of = sp_calloc(a->k, sizeof *a->group_of);
    a->gnames = sp_calloc(a->k, sizeof *a->gnames);
    if (!a->group_of || !a->gnames)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    for (size_t j = 0; j < a->k; j++) {
        size_t q = 0;
        while (q < a->g && strcmp(a->gnames[q], a->groups[j]) != 0)
            q++;
        if (q == a->g)
            a->gnames[a->g++] = a->groups[j];
        a->group_of[j] = (int)q;
    }
    return SP_OK;
}

int sp_an_open(sp_analysis *a, sp_store *st, int64_t id, sp_error *err)
{
    memset(a, 0, sizeof *a);
    a->st = st;
    int rc = SP_OK;
    if (id) /* "no invocation 9 (it has 1..3)" before "not a sweep" */
        rc = sp_store_find_invocation(st, id, &a->inv, err);
    sp_store_invocation_free(&a->inv);
    if (!rc)
        rc = sp_store_get_sweep(st, id, &a->sw, err);
    if (!rc)
        rc = sp_store_read_invocation(st, a->sw.invocation, &a->inv, err);
    if (!rc)
        rc = sp_store_sweep_params(st, a->sw.invocation, &a->paths,
                                   &a->dists, &a->groups, &a->k, err);
    if (!rc)
        rc = check_shape(a, err);
    if (!rc)
        rc = index_groups(a, err);
    return rc;
}

void sp_an_free(sp_analysis *a)
{
    sp_store_sweep_clear(&a->sw);
    sp_store_invocation_free(&a->inv);
    sp_store_strv_free(a->paths, a->k);
    sp_store_strv_free(a->dists, a->k);
    sp_store_strv_free(a->groups, a->k);
    sp_xfree(a->group_of);
    sp_xfree(a->gnames);
    sp_xfree(a->mean);
    sp_xfree(a->x);
    memset(a, 0, sizeof *a);
}

/* ---- names -------------------------------------------------------------- */

/* NAME_<Y>y for a first-month outcome NAME, Y in 1..100. */
static bool parse_derived(const sp_analysis *a, const char *name,
                          sp_an_outcome *o)
{
    const char *us = strrchr(name, '_');
    if (!us || us == name)
        return false;
    const char *d = us + 1;
    int years = 0;
    while (isdigit((unsigned char)*d) && years <= 100)
        years = 10 * years + (*d++ - '0');
    if (d == us + 1 || strcmp(d, "y") != 0 || years < 1 || years > 100)
        return false;
    size_t len = (size_t)(us - name);
    for (size_t i = 0; i < a->n_time; i++)
        if (strlen(a->inv.outcomes[i]) == len &&
            !strncmp(a->inv.outcomes[i], name, len)) {
            o->index = i, o->years = years;
            return true;
        }
    return false;
}

/* Every name one can ask for: the stored ones and, for first-month
 * outcomes, NAME_1y, NAME_5y and NAME_10y (the years `spiral run`
 * prints; other years are accepted too). Owned strings in *names. */
static int candidate_names(const sp_analysis *a, char ***names, size_t *n,
                           sp_error *err)
{
    size_t cap = a->inv.n_outcomes + 3 * a->n_time;
    *n = 0;
    if (!(*names = sp_calloc(cap + 1, sizeof **names)))
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    static const int years[3] = {1, 5, 10};
    for (size_t i = 0; i < a->n_time; i++)
        for (int y = 0; y < 3; y++) {
            char buf[160];
            snprintf(buf, sizeof buf, "%s_%dy", a->inv.outcomes[i], years[y]);
            (*names)[(*n)++] = sp_strdup(buf);
        }
    for (size_t i = 0; i < a->inv.n_outcomes; i++)
        (*names)[(*n)++] = sp_strdup(a->inv.outcomes[i]);
    for (size_t i = 0; i < *n; i++)
        if (!(*names)[i])
            return SP_FAIL(err, SP_ENOMEM, "out of memory");
    return SP_OK;
}

static int unknown_name(const char *what, const char *want,
                        const char *const *names, size_t n, const char *where,
                        sp_error *err)
{
    sp_strbuf b;
    sp_strbuf_init(&b);
    for (size_t i = 0; i < n; i++)
        sp_strbuf_printf(&b, "%s%s", i ? ", " : "", names[i]);
    const char *near = sp_did_you_mean(want, names, n);
    char hint[200] = "";
    if (near)
        snprintf(hint, sizeof hint, " (did you mean '%s'?)", near);
    int rc = SP_FAIL(err, SP_ENOTFOUND, "%s has no %s '%s'%s; it has: %s",
                     where, what, want, hint,
                     b.failed ? "..." : b.s ? b.s : "");
    sp_strbuf_free(&b);
    return rc;
}

static void name_outcome(const sp_analysis *a, sp_an_outcome *o)
{
    if (o->years)
        snprintf(o->name, sizeof o->name, "%s_%dy", a->inv.outcomes[o->index],
                 o->years);
    else
        snprintf(o->name, sizeof o->name, "%s", a->inv.outcomes[o->index]);
}

int sp_an_outcome_find(const sp_analysis *a, const char *name,
                       sp_an_outcome *o, sp_error *err)
{
    memset(o, 0, sizeof *o);
    if (!name) { /* the default: else the first stored outcome */
        parse_derived(a, "major_war_10y", o);
        name_outcome(a, o);
        return SP_OK;
    }
    bool found = false;
    for (size_t i = 0; !found && i < a->inv.n_outcomes; i++)
        if (!strcmp(a->inv.outcomes[i], name))
            o->index = i, found = true;
    if (!found)
        found = parse_derived(a, name, o);
    if (found) {
        name_outcome(a, o);
        return SP_OK;
    }
    char **names = NULL, where[600];
    size_t n = 0;
    int rc = candidate_names(a, &names, &n, err);
    snprintf(where, sizeof where, "sweep %lld of %s",
             (long long)a->sw.invocation, a->st->path);
    if (!rc)
        rc = unknown_name("outcome", name, (const char *const *)names, n,
                          where, err);
    sp_store_strv_free(names, n);
    return rc;
}

int sp_an_package_find(sp_analysis *a, const char *name, sp_error *err)
{
    a->pkg = 0;
    if (!name)
        return SP_OK;
    for (size_t p = 0; p < a->P; p++)
        if (!strcmp(a->inv.packages[p], name)) {
            a->pkg = p;
            return SP_OK;
        }
    char where[600];
    snprintf(where, sizeof where, "sweep %lld of %s",
             (long long)a->sw.invocation, a->st->path);
    return unknown_name("package", name,
                        (const char *const *)a->inv.packages, a->P, where,
                        err);
}

/* ---- conditions --------------------------------------------------------- */

static int cond_fail(sp_error *err, const char *flag, const char *text,
                     const char *at, const char *what)
{
    int col = (int)(at - text) + 1;
    return sp_error_at(err, SP_EINVAL, NULL, text, 1, col, "%s '%s': column "
                       "%d: %s (the form is \"OUTCOME > VALUE\", with >, >=, "
                       "< or <=)", flag, text, col, what);
}

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

static const char *parse_op(const char *p, sp_cmp *cmp)
{
    if (p[0] != '<' && p[0] != '>')
        return NULL;
    bool eq = p[1] == '=';
    *cmp = p[0] == '<' ? (eq ? SP_CMP_LE : SP_CMP_LT)
                       : (eq ? SP_CMP_GE : SP_CMP_GT);
    return p + 1 + eq;
}

int sp_an_cond_parse(const sp_analysis *a, const char *flag,
                     const char *text, sp_an_cond *c, sp_error *err)
{
    memset(c, 0, sizeof *c);
    const char *p = skip_space(text), *name = p;
    while (*p && !strchr(" \t<>=!", *p))
        p++;
    if (p == name)
        return cond_fail(err, flag, text, p, "expected an outcome name");
    char nm[128];
    snprintf(nm, sizeof nm, "%.*s", (int)(p - name), name);
    const char *at = skip_space(p), *num = parse_op(at, &c->cmp);
    if (!num)
        return cond_fail(err, flag, text, at, *at ? "expected >, >=, < or <="
                                                  : "missing the comparison");
    num = skip_space(num);
    const char *end = num;
    while (*end && *end != ' ' && *end != '\t')
        end++;
    char val[64];
    snprintf(val, sizeof val, "%.*s", (int)(end - num), num);
    if (end == num)
        return cond_fail(err, flag, text, num, "expected a number");
    if ((size_t)(end - num) >= sizeof val ||
        !sp_parse_double(val, &c->value)) {
        char what[96];
        snprintf(what, sizeof what, "'%.40s' is not a number", val);
        return cond_fail(err, flag, text, num, what);
    }
    if (*skip_space(end))
        return cond_fail(err, flag, text, skip_space(end),
                         "unexpected text after the number");
    return sp_an_outcome_find(a, nm, &c->o, err);
}

bool sp_an_cmp(sp_cmp c, double v, double t)
{
    switch (c) {
    case SP_CMP_LT: return v < t;
    case SP_CMP_LE: return v <= t;
    case SP_CMP_GT: return v > t;
    case SP_CMP_GE: return v >= t;
    default: return false;
    }
}

const char *sp_an_cmp_text(sp_cmp c)
{
    static const char *const t[] = {"?", "<", "<=", ">", ">="};
    return (unsigned)c < 5 ? t[c] : "?";
}

/* ---- the runs ------------------------------------------------------------- */

size_t sp_an_want(sp_analysis *a, const sp_an_outcome *o)
{
    for (size_t s = 0; s < a->n_spec; s++)
        if (a->spec[s].index == o->index && a->spec[s].years == o->years)
            return s;
    a->spec[a->n_spec] = *o;
    return a->n_spec++;
}

double sp_an_mean(const sp_analysis *a, size_t s, size_t i, size_t p)
{
    return a->mean[(s * a->n_points + i) * a->P + p];
}

/* A run's value of outcome spec o. */
static double value_of(const sp_an_outcome *o, const double *out)
{
    double v = out[o->index];
    if (!o->years || !isfinite(v))
        return v;
    return v >= 0 && v < 12.0 * o->years ? 1.0 : 0.0;
}

typedef struct tally {
    uint32_t *count; /* [point][P] replications stored */
    uint8_t *failed; /* [point][P] */
} tally;

static int add_row(sp_analysis *a, tally *t, const sp_sweep_row *r,
                   sp_error *err)
{
    if (r->point < 0 || (size_t)r->point >= a->n_points ||
        r->replication < 0 || (size_t)r->replication >= a->R ||
        r->package < 0 || (size_t)r->package >= a->P)
        return SP_FAIL(err, SP_EFORMAT, "%s: run (point %lld, replication "
                       "%lld, package %lld) outside sweep %lld", a->st->path,
                       (long long)r->point, (long long)r->replication,
                       (long long)r->package, (long long)a->sw.invocation);
    size_t cell = (size_t)r->point * a->P + (size_t)r->package;
    a->runs++;
    t->count[cell]++;
    if (r->failure) {
        a->runs_failed++;
        t->failed[cell] = 1;
    }
    for (size_t s = 0; s < a->n_spec; s++)
        a->mean[s * a->n_points * a->P + cell] += value_of(&a->spec[s],
                                                           r->outcomes);
    memcpy(a->x + (size_t)r->point * a->k, r->x, a->k * sizeof *a->x);
    return SP_OK;
}

/* Sums to means; NaN for failed or incomplete cells; count the points. */
static void finish_means(sp_analysis *a, const tally *t)
{
    for (size_t i = 0; i < a->n_points; i++) {
        bool failed = false, short_ = false;
        for (size_t p = 0; p < a->P; p++) {
            size_t cell = i * a->P + p;
            failed |= t->failed[cell] != 0;
            short_ |= t->count[cell] < a->R;
            for (size_t s = 0; s < a->n_spec; s++) {
                double *m = &a->mean[s * a->n_points * a->P + cell];
                *m = t->failed[cell] || t->count[cell] < a->R
                         ? NAN : *m / (double)a->R;
            }
        }
        a->pts_failed += failed;
        a->pts_incomplete += !failed && short_;
        a->pts_complete += !failed && !short_;
    }
}

static int read_runs(sp_analysis *a, tally *t, sp_error *err)
{
    sp_sweep_cursor *c = NULL;
    int rc = sp_store_sweep_runs_open(a->st, a->sw.invocation,
                                      a->inv.n_outcomes, a->k, &c, err);
    bool has = true;
    while (!rc && has) {
        sp_sweep_row row;
        rc = sp_store_sweep_runs_next(c, &row, &has, err);
        if (!rc && has)
            rc = add_row(a, t, &row, err);
    }
    sp_store_sweep_runs_close(c);
    return rc;
}

int sp_an_load(sp_analysis *a, sp_error *err)
{
    size_t cells = a->n_points * a->P;
    if (a->n_points > SIZE_MAX / 8 / (a->k + a->P * (SP_AN_MAX_SPECS + 1)))
        return SP_FAIL(err, SP_ELIMIT, "sweep too large to analyse here");
    tally t = {sp_calloc(cells, sizeof *t.count),
               sp_calloc(cells, sizeof *t.failed)};
    a->mean = sp_calloc(cells * (a->n_spec ? a->n_spec : 1), sizeof *a->mean);
    a->x = sp_malloc(a->n_points * a->k * sizeof *a->x);
    int rc = t.count && t.failed && a->mean && a->x
                 ? SP_OK : SP_FAIL(err, SP_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < a->n_points * a->k; i++)
        a->x[i] = NAN;
    if (!rc)
        rc = read_runs(a, &t, err);
    if (!rc)
        finish_means(a, &t);
    sp_xfree(t.count);
    sp_xfree(t.failed);
    return rc;
}
