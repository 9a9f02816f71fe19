/*
 * questions.c - `spiral questions`: the five questions at the end of
 * seed-facts.md answered with numbers and intervals, from runs made
 * here with common random numbers (replication r of every
 * configuration sees the same chance events, so differences are paired).
 *
 *  1. Which package gives the lowest P(major war) within 1, 5 and 10
 *     years, and how sure is that: each package's P with a Wilson
 *     interval, and every other package against the lowest, paired
 *     (Newcombe), resolved or not.
 *  2. How much the treaty between two actors (default RUS and PRK) adds
 *     to the risk of a wider war: wider_war within the horizon under the
 *     first package with and without the scenario's treaty events
 *     between them, paired.
 *  3. The target's (default PRK) capability at the horizon with and
 *     without the transfers it receives from the ally (events), and with
 *     and without sanctions enforcement against it (events and levers of
 *     the first package), under the first package: means with 95%
 *     intervals and paired differences (a paired t interval).
 *  4. Where the Global South drifts under each package: the mean shares
 *     at the horizon with 95% intervals.
 *  5. How the answer to 1 moves when each guessed value under
 *     `parameters.` goes to the ends of its range, one at a time (the
 *     distribution's support, or its 2.5% and 97.5% quantiles when
 *     unbounded): the lowest package and P(major war) at the horizon
 *     for each package, with the baseline beside it.
 * Every answer is conditional on the guessed values (nominal parameters).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "questions.h"

#include "decisive.h"

#include <math.h>
#include <omp.h>
#include <string.h>

#include "analysis/intervals.h"
#include "dist.h"
#include "world.h"

/* ---- running one configuration --------------------------------------- */

#define MAX_NAMES 4

/* Outcomes names[0..k) of every replication of one package with some
 * events and levers dropped, into vals[0..k) (NAN for a failed run). */
static int run_many(const sp_scenario *s, size_t pkg, const sp_model_opts *mo,
                    const char *const *names, size_t k,
                    const sp_questions_opts *o, double **vals, sp_error *err)
{
    sp_model *m = NULL;
    int rc = sp_model_new(s, pkg, mo, &m, err);
    if (rc)
        return rc;
    size_t idx[MAX_NAMES], n_out = sp_model_n_outcomes(m);
    for (size_t j = 0; j < k && !rc; j++) {
        idx[j] = 0;
        while (idx[j] < n_out && strcmp(sp_model_outcome_name(m, idx[j]),
                                        names[j]))
            idx[j]++;
        if (idx[j] == n_out)
            rc = SP_FAIL(err, SP_EINTERNAL, "no outcome %s", names[j]);
    }
    int threads = o->threads > 0 ? o->threads : omp_get_max_threads();
    sp_world **w = sp_calloc((size_t)threads, sizeof *w);
    double *buf = sp_calloc((size_t)threads * n_out + 1, sizeof *buf);
    if (!rc && (!w || !buf))
        rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
    for (int t = 0; !rc && t < threads; t++)
        rc = sp_world_new(m, &w[t], err);
    if (!rc) {
#pragma omp parallel for num_threads(threads) schedule(dynamic, 64)
        for (uint64_t r = 0; r < o->runs; r++) {
            int t = omp_get_thread_num();
            sp_error e = {0};
            double *out = buf + (size_t)t * n_out;
            int st = sp_run_all(w[t], o->seed, (uint32_t)r, 0, out, n_out,
                                &e);
            for (size_t j = 0; j < k; j++)
                vals[j][r] = st ? NAN : out[idx[j]];
        }
    }
    for (int t = 0; w && t < threads; t++)
        sp_world_free(w[t]);
    sp_xfree(w);
    sp_xfree(buf);
    sp_model_free(m);
    return rc;
}

static int run_values(const sp_scenario *s, size_t pkg,
                      const sp_model_opts *mo, const char *name,
                      const sp_questions_opts *o, double *vals,
                      sp_error *err)
{
    return run_many(s, pkg, mo, &name, 1, o, &vals, err);
}

/* ---- statistics of per-replication values ------------------------------ */

static bool within(double month, int months)
{
    return month >= 0 && month < months;
}

typedef struct prop {
    double p, lo, hi;
    uint64_t k, n;
} prop;

static prop proportion(const double *v, uint64_t n, int months)
{
    prop r = {0, 0, 1, 0, 0};
    for (uint64_t i = 0; i < n; i++)
        if (!isnan(v[i])) {
            r.n++;
            r.k += within(v[i], months);
        }
    r.p = r.n ? (double)r.k / (double)r.n : 0;
    sp_wilson(r.k, r.n, SP_Z95, &r.lo, &r.hi);
    return r;
}

typedef struct pdiff {
    double d, lo, hi;
    bool unresolved;
} pdiff;

/* P(a) - P(b) over the same replications (Newcombe's method 10). */
static pdiff paired_prop(const double *a, const double *b, uint64_t n,
                         int months)
{
    uint64_t c[4] = {0, 0, 0, 0};
    for (uint64_t i = 0; i < n; i++) {
        if (isnan(a[i]) || isnan(b[i]))
            continue;
        bool x = within(a[i], months), y = within(b[i], months);
        c[x ? (y ? 0 : 1) : (y ? 2 : 3)]++;
    }
    pdiff r;
    sp_newcombe_paired(c[0], c[1], c[2], c[3], SP_Z95, &r.d, &r.lo, &r.hi);
    r.unresolved = sp_paired_unresolved(c[0], c[1], c[2], c[3], SP_Z95);
    return r;
}

typedef struct mean_ci {
    double m, lo, hi;
} mean_ci;

/* Mean of a (minus b if given: a paired difference) with a normal 95%
 * interval; NaN runs left out. */
static mean_ci mean_of(const double *a, const double *b, uint64_t n)
{
    double mean = 0, m2 = 0;
    uint64_t k = 0;
    for (uint64_t i = 0; i < n; i++) {
        double x = b ? a[i] - b[i] : a[i];
        if (isnan(x))
            continue;
        k++;
        double d = x - mean;
        mean += d / (double)k;
        m2 += d * (x - mean);
    }
    double se = k > 1 ? sqrt(m2 / (double)(k - 1) / (double)k) : 0;
    mean_ci r = {mean, mean - SP_Z95 * se, mean + SP_Z95 * se};
    return r;
}

/* ---- output helpers ------------------------------------------------------ */

static void interval(sp_strbuf *b, double v, double lo, double hi, int dec,
                     bool json, bool sign)
{
    if (json) {
        sp_strbuf_puts(b, "{\"value\": ");
        sp_strbuf_fixed(b, v, dec);
        sp_strbuf_puts(b, ", \"lo\": ");
        sp_strbuf_fixed(b, lo, dec);
        sp_strbuf_puts(b, ", \"hi\": ");
        sp_strbuf_fixed(b, hi, dec);
        sp_strbuf_puts(b, "}");
        return;
    }
    if (sign && v >= 0)
        sp_strbuf_puts(b, "+");
    sp_strbuf_fixed(b, v, dec);
    sp_strbuf_puts(b, " [");
    if (sign && lo >= 0)
        sp_strbuf_puts(b, "+");
    sp_strbuf_fixed(b, lo, dec);
    sp_strbuf_puts(b, ", ");
    if (sign && hi >= 0)
        sp_strbuf_puts(b, "+");
    sp_strbuf_fixed(b, hi, dec);
    sp_strbuf_puts(b, "]");
}

/* ---- the questions --------------------------------------------------------- */

typedef struct qctx {
    const sp_scenario *s;
    const sp_questions_opts *o;
    sp_strbuf *b;
    bool json;
    int years[3], n_years, horizon_months;
    double **major;   /* [package][run]: first month of major war */
    double **gs[3];   /* [package][run]: Global South shares (or NULL) */
    size_t P;
} qctx;

/* First month of major war per package, and with gs the Global South's
 * final shares from the same runs. */
static int major_war_values(qctx *q, const sp_scenario *s, double **major,
                            double **gs[3], sp_error *err)
{
    static const char *const names[4] = {"major_war", "gs_west",
                                         "gs_neutral", "gs_east"};
    sp_model_opts mo = {0};
    for (size_t p = 0; p < q->P; p++) {
        double *v[4] = {major[p], gs ? gs[0][p] : NULL,
                        gs ? gs[1][p] : NULL, gs ? gs[2][p] : NULL};
        int rc = run_many(s, p, &mo, names, gs ? 4 : 1, q->o, v, err);
        if (rc)
            return rc;
    }
    return SP_OK;
}

/* The package with the lowest P within `months`. */
static size_t lowest(const qctx *q, double **major, int months)
{
    size_t best = 0;
    double bp = 2;
    for (size_t p = 0; p < q->P; p++) {
        prop r = proportion(major[p], q->o->runs, months);
        if (r.p < bp)
            bp = r.p, best = p;
    }
    return best;
}

static void question1(qctx *q)
{
    sp_strbuf *b = q->b;
    const sp_scenario *s = q->s;
    sp_strbuf_puts(b, q->json ? "\"q1_lowest_major_war\": ["
                              : "1. Which package gives the lowest "
                                "P(major war)?\n");
    for (int y = 0; y < q->n_years; y++) {
        int months = 12 * q->years[y];
        size_t best = lowest(q, q->major, months);
        if (q->json) {
            sp_strbuf_printf(b, "%s\n  {\"years\": %d, \"lowest\": ",
                             y ? "," : "", q->years[y]);
            sp_strbuf_json_str(b, sp_scenario_package_name(s, best));
            sp_strbuf_puts(b, ", \"packages\": [");
        } else
            sp_strbuf_printf(b, "   within %d year%s: lowest %s\n",
                             q->years[y], q->years[y] == 1 ? "" : "s",
                             sp_scenario_package_name(s, best));
        for (size_t p = 0; p < q->P; p++) {
            prop r = proportion(q->major[p], q->o->runs, months);
            pdiff d = paired_prop(q->major[p], q->major[best], q->o->runs,
                                  months);
            if (q->json) {
                sp_strbuf_puts(b, p ? ", {\"name\": " : "{\"name\": ");
                sp_strbuf_json_str(b, sp_scenario_package_name(s, p));
                sp_strbuf_puts(b, ", \"p\": ");
                interval(b, r.p, r.lo, r.hi, 4, true, false);
                sp_strbuf_puts(b, ", \"minus_lowest\": ");
                interval(b, d.d, d.lo, d.hi, 4, true, true);
                sp_strbuf_printf(b, ", \"resolved\": %s}",
                                 d.unresolved ? "false" : "true");
                continue;
            }
            sp_strbuf_printf(b, "     %-22s ", sp_scenario_package_name(s, p));
            interval(b, r.p, r.lo, r.hi, 4, false, false);
            if (p != best) {
                sp_strbuf_puts(b, "   minus lowest ");
                interval(b, d.d, d.lo, d.hi, 4, false, true);
                sp_strbuf_puts(b, d.lo > 0 ? "  (higher: significant)"
                                  : d.unresolved ? "  (not resolved)"
                                                 : "  (no clear difference)");
            }
            sp_strbuf_puts(b, "\n");
        }
        if (q->json)
            sp_strbuf_puts(b, "]}");
    }
    sp_strbuf_puts(b, q->json ? "],\n " : "\n");
}

/* Ids of the events of `kind` whose actor lists name both a and b (a
 * treaty: actors) or run from a to b (a transfer: actor -> target). */
static size_t event_ids(const sp_scenario *s, int kind, const char *a,
                        const char *b, const char **ids, size_t max)
{
    size_t n = 0;
    for (size_t e = 0; e < s->n_events && n < max; e++) {
        const sp_action *x = &s->events[e];
        if (x->kind != kind)
            continue;
        bool has_a = false, has_b = false;
        const sp_alist *la = kind == SP_K_TREATY ? &x->actors : &x->actor;
        const sp_alist *lb = kind == SP_K_TREATY ? &x->actors : &x->target;
        for (size_t i = 0; i < la->n; i++)
            has_a |= !strcmp(s->actors[la->idx[i]].id, a);
        for (size_t i = 0; i < lb->n; i++)
            has_b |= !strcmp(s->actors[lb->idx[i]].id, b);
        if (has_a && has_b)
            ids[n++] = x->id;
    }
    return n;
}

/* Events and first-package levers of sanctions enforcement against t. */
static size_t enforcement_ids(const sp_scenario *s, const char *t,
                              const char **ev, size_t *n_ev,
                              const char **lv, size_t max)
{
    size_t n = 0;
    *n_ev = 0;
    for (int pass = 0; pass < 2; pass++) {
        const sp_action *list = pass ? s->packages[0].levers : s->events;
        size_t count = pass ? s->packages[0].n_levers : s->n_events;
        for (size_t e = 0; e < count; e++) {
            const sp_action *x = &list[e];
            bool hit = x->kind == SP_K_SANCTIONS;
            bool on = false;
            for (size_t i = 0; hit && i < x->target.n; i++)
                on |= !strcmp(s->actors[x->target.idx[i]].id, t);
            if (!on)
                continue;
            if (!pass && *n_ev < max)
                ev[(*n_ev)++] = x->id;
            else if (pass && n < max)
                lv[n++] = x->id;
        }
    }
    return n;
}

static int question2(qctx *q, sp_error *err)
{
    sp_strbuf *b = q->b;
    const char *ids[16];
    size_t n = event_ids(q->s, SP_K_TREATY, q->o->ally, q->o->target, ids,
                         16);
    if (!q->json)
        sp_strbuf_printf(b, "2. How much does the %s-%s treaty add to the "
                         "risk of a wider war within %d years (%s)?\n",
                         q->o->ally, q->o->target,
                         q->horizon_months / 12,
                         sp_scenario_package_name(q->s, 0));
    if (n == 0) {
        sp_strbuf_printf(b, q->json ? "\"q2_treaty_wider_war\": null,\n "
                                    : "   the scenario has no treaty event "
                                      "between %s and %s\n\n",
                         q->o->ally, q->o->target);
        return SP_OK;
    }
    double *with = sp_calloc(q->o->runs + 1, sizeof *with);
    double *without = sp_calloc(q->o->runs + 1, sizeof *without);
    sp_model_opts mo = {0}, mw = {0, ids, n, NULL, 0};
    int rc = with && without ? SP_OK
                             : SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (!rc)
        rc = run_values(q->s, 0, &mo, "wider_war", q->o, with, err);
    if (!rc)
        rc = run_values(q->s, 0, &mw, "wider_war", q->o, without, err);
    if (!rc) {
        prop a = proportion(with, q->o->runs, q->horizon_months);
        prop c = proportion(without, q->o->runs, q->horizon_months);
        pdiff d = paired_prop(with, without, q->o->runs, q->horizon_months);
        if (q->json) {
            sp_strbuf_puts(b, "\"q2_treaty_wider_war\": {\"events\": [");
            for (size_t i = 0; i < n; i++) {
                sp_strbuf_puts(b, i ? ", " : "");
                sp_strbuf_json_str(b, ids[i]);
            }
            sp_strbuf_puts(b, "], \"with\": ");
            interval(b, a.p, a.lo, a.hi, 4, true, false);
            sp_strbuf_puts(b, ", \"without\": ");
            interval(b, c.p, c.lo, c.hi, 4, true, false);
            sp_strbuf_puts(b, ", \"adds\": ");
            interval(b, d.d, d.lo, d.hi, 4, true, true);
            sp_strbuf_printf(b, ", \"resolved\": %s},\n ",
                             d.unresolved ? "false" : "true");
        } else {
            sp_strbuf_puts(b, "   with the treaty         ");
            interval(b, a.p, a.lo, a.hi, 4, false, false);
            sp_strbuf_puts(b, "  (events:");
            for (size_t i = 0; i < n; i++)
                sp_strbuf_printf(b, " %s", ids[i]);
            sp_strbuf_puts(b, ")\n   without it              ");
            interval(b, c.p, c.lo, c.hi, 4, false, false);
            sp_strbuf_puts(b, "\n   the treaty adds         ");
            interval(b, d.d, d.lo, d.hi, 4, false, true);
            sp_strbuf_printf(b, "  (paired by replication%s)\n\n",
                             d.unresolved ? "; not resolved" : "");
        }
    }
    sp_xfree(with);
    sp_xfree(without);
    return rc;
}

/* Capability of the target at the horizon in four configurations. */
static int question3(qctx *q, sp_error *err)
{
    sp_strbuf *b = q->b;
    char name[96];
    snprintf(name, sizeof name, "capability@%s", q->o->target);
    const char *help[16], *ev[16], *lv[16], *both[32];
    size_t nh = event_ids(q->s, SP_K_TRANSFER, q->o->ally, q->o->target,
                          help, 16);
    size_t ne = 0, nl = enforcement_ids(q->s, q->o->target, ev, &ne, lv, 16);
    memcpy(both, help, nh * sizeof *help);
    memcpy(both + nh, ev, ne * sizeof *ev);
    sp_model_opts cfg[4] = {{0},
                            {0, help, nh, NULL, 0},
                            {0, ev, ne, lv, nl},
                            {0, both, nh + ne, lv, nl}};
    static const char *const label[4] = {
        "as in the scenario", "without the ally's transfers",
        "without sanctions enforcement", "without both"};
    static const char *const key[4] = {"as_is", "without_help",
                                       "without_enforcement", "without_both"};
    double *v[4] = {0};
    int rc = SP_OK;
    for (int k = 0; k < 4 && !rc; k++) {
        v[k] = sp_calloc(q->o->runs + 1, sizeof *v[k]);
        rc = v[k] ? run_values(q->s, 0, &cfg[k], name, q->o, v[k], err)
                  : SP_FAIL(err, SP_ENOMEM, "out of memory");
    }
    if (rc == SP_EINTERNAL) { /* not a nuclear actor: no capability@ */
        sp_error_clear(err);
        sp_strbuf_printf(b, q->json ? "\"q3_capability\": null,\n "
                                    : "3. %s has no capability outcome "
                                      "(only nuclear actors do)\n\n",
                         q->o->target);
        rc = SP_OK;
    } else if (!rc) {
        if (!q->json)
            sp_strbuf_printf(b, "3. %s's capability at the horizon "
                             "(relative to the start, %s; sanctions "
                             "breaches by a veto player as in the "
                             "scenario)\n", q->o->target,
                             sp_scenario_package_name(q->s, 0));
        else
            sp_strbuf_puts(b, "\"q3_capability\": {");
        for (int k = 0; k < 4; k++) {
            mean_ci m = mean_of(v[k], NULL, q->o->runs);
            mean_ci d = mean_of(v[0], v[k], q->o->runs);
            if (q->json) {
                sp_strbuf_printf(b, "%s\"%s\": {\"mean\": ", k ? ", " : "",
                                 key[k]);
                interval(b, m.m, m.lo, m.hi, 4, true, false);
                sp_strbuf_puts(b, ", \"as_is_minus_this\": ");
                interval(b, d.m, d.lo, d.hi, 4, true, true);
                sp_strbuf_puts(b, "}");
                continue;
            }
            sp_strbuf_printf(b, "   %-32s ", label[k]);
            interval(b, m.m, m.lo, m.hi, 4, false, false);
            if (k) {
                sp_strbuf_puts(b, "   as is minus this ");
                interval(b, d.m, d.lo, d.hi, 4, false, true);
            }
            sp_strbuf_puts(b, "\n");
        }
        sp_strbuf_puts(b, q->json ? "},\n " : "\n");
    }
    for (int k = 0; k < 4; k++)
        sp_xfree(v[k]);
    return rc;
}

static void question4(qctx *q)
{
    static const char *const share[3] = {"west", "neutral", "east"};
    sp_strbuf *b = q->b;
    sp_strbuf_puts(b, q->json ? "\"q4_global_south\": ["
                              : "4. Where the Global South drifts "
                                "(population shares at the horizon)\n");
    if (!q->json)
        sp_strbuf_printf(b, "     %-22s %-25s %-25s %s\n", "package",
                         "West-leaning", "neutral", "East-leaning");
    for (size_t p = 0; p < q->P; p++) {
        if (q->json) {
            sp_strbuf_puts(b, p ? ", {\"name\": " : "{\"name\": ");
            sp_strbuf_json_str(b, sp_scenario_package_name(q->s, p));
        } else
            sp_strbuf_printf(b, "     %-22s", sp_scenario_package_name(q->s, p));
        for (int k = 0; k < 3; k++) {
            mean_ci m = mean_of(q->gs[k][p], NULL, q->o->runs);
            if (q->json) {
                sp_strbuf_printf(b, ", \"%s\": ", share[k]);
                interval(b, m.m, m.lo, m.hi, 4, true, false);
            } else {
                sp_strbuf_puts(b, " ");
                interval(b, m.m, m.lo, m.hi, 4, false, false);
            }
        }
        sp_strbuf_puts(b, q->json ? "}" : "\n");
    }
    sp_strbuf_puts(b, q->json ? "],\n " : "\n");
}

/* ---- 5. one at a time ------------------------------------------------------ */

/* The ends of an uncertain value's range: its support, or its 2.5% and
 * 97.5% quantiles where the support is unbounded. */
static void range_ends(const sp_dist *d, double *lo, double *hi)
{
    sp_dist_support(d, lo, hi);
    if (!isfinite(*lo))
        *lo = sp_dist_quantile(d, 0.025);
    if (!isfinite(*hi))
        *hi = sp_dist_quantile(d, 0.975);
}

static int one_end(qctx *q, const char *path, double value,
                   double **major, sp_error *err)
{
    const char *sets[SP_QUESTIONS_MAX_SETS + 1];
    size_t n = q->o->n_sets < SP_QUESTIONS_MAX_SETS ? q->o->n_sets
                                                   : SP_QUESTIONS_MAX_SETS;
    memcpy(sets, q->o->sets, n * sizeof *sets);
    char set[512];
    snprintf(set, sizeof set, "%s=%.17g", path, value);
    sets[n++] = set;
    sp_scenario *s = NULL;
    int rc = sp_scenario_load(q->o->path, sets, n, &s, err);
    if (!rc)
        rc = major_war_values(q, s, major, NULL, err);
    sp_scenario_free(s);
    return rc;
}

static void oat_line(qctx *q, const char *path, const char *end,
                     double value, double **major, bool first)
{
    sp_strbuf *b = q->b;
    size_t best = lowest(q, major, q->horizon_months);
    if (q->json) {
        sp_strbuf_puts(b, first ? "\n  {\"path\": " : ",\n  {\"path\": ");
        sp_strbuf_json_str(b, path);
        sp_strbuf_printf(b, ", \"end\": \"%s\", \"value\": ", end);
        sp_strbuf_double(b, value, 6);
        sp_strbuf_puts(b, ", \"lowest\": ");
        sp_strbuf_json_str(b, sp_scenario_package_name(q->s, best));
        sp_strbuf_puts(b, ", \"p\": [");
    } else {
        char v[32] = "-";
        if (!isnan(value))
            sp_fmt_double(v, sizeof v, value, 4);
        sp_strbuf_printf(b, "   %-38s %-4s %-10s %-14s", path, end, v,
                         sp_scenario_package_name(q->s, best));
    }
    for (size_t p = 0; p < q->P; p++) {
        prop r = proportion(major[p], q->o->runs, q->horizon_months);
        if (q->json) {
            sp_strbuf_puts(b, p ? ", " : "");
            sp_strbuf_fixed(b, r.p, 4);
        } else {
            sp_strbuf_puts(b, " ");
            sp_strbuf_fixed(b, r.p, 4);
        }
    }
    sp_strbuf_puts(b, q->json ? "]}" : "\n");
}

static int question5(qctx *q, double **scratch, sp_error *err)
{
    sp_strbuf *b = q->b;
    const sp_scenario *s = q->s;
    if (!q->json) {
        sp_strbuf_printf(b, "5. How the answer to 1 (within %d years) moves "
                         "with each guessed parameter at the ends of its "
                         "range, one at a time\n   %-38s %-4s %-10s %-14s",
                         q->horizon_months / 12, "parameter", "end", "value",
                         "lowest");
        for (size_t p = 0; p < q->P; p++)
            sp_strbuf_printf(b, " %.6s", sp_scenario_package_name(s, p));
        sp_strbuf_puts(b, "\n");
        oat_line(q, "(nominal)", "-", NAN, q->major, true);
    } else
        sp_strbuf_puts(b, "\"q5_one_at_a_time\": [");
    int rc = SP_OK;
    bool first = true;
    for (size_t i = 0; i < s->n_entries && !rc; i++) {
        const sp_entry *e = &s->entries[i];
        if (!sp_value_uncertain(e->val) ||
            strncmp(e->path, "parameters.", 11) != 0)
            continue;
        double lo, hi;
        range_ends(e->val->dist, &lo, &hi);
        for (int end = 0; end < 2 && !rc; end++) {
            double x = end ? hi : lo;
            rc = one_end(q, e->path, x, scratch, err);
            if (!rc)
                oat_line(q, e->path, end ? "high" : "low", x, scratch, first);
            first = false;
            if (q->o->progress)
                q->o->progress(q->o->progress_ud, e->path);
        }
    }
    sp_strbuf_puts(b, q->json ? "]" : "");
    return rc;
}

/* Question 5 by a sweep (decisive.c): the package named `name`, or none. */
static bool package_named(const sp_scenario *s, const char *name, size_t *p)
{
    long i = sp_package_index(s, name);
    *p = i < 0 ? 0 : (size_t)i;
    return i >= 0;
}

static int question5_sweep(qctx *q, sp_error *err)
{
    sp_decisive_opts d = {
        .scenario = q->s, .soft_name = "reassurance",
        .hard_name = "deterrence",
        .points = q->o->points ? q->o->points : 200,
        .reps = q->o->reps ? q->o->reps : 40, .seed = q->o->seed,
        .threads = q->o->threads, .db = q->o->db,
        .command_line = q->o->command_line, .json = q->json};
    bool ok = package_named(q->s, d.soft_name, &d.soft) &&
              package_named(q->s, d.hard_name, &d.hard);
    sp_strbuf_puts(q->b, q->json ? ", \"q5_decisive\": "
                                 : "5. Which uncertain parameters decide "
                                   "whether reassurance or deterrence is "
                                   "safer, and where each fails\n");
    if (!ok) {
        sp_strbuf_puts(q->b, q->json ? "null" : "   (the scenario has no "
                       "packages named reassurance and deterrence)\n");
        return SP_OK;
    }
    sp_model *m = NULL;
    int rc = sp_model_new(q->s, d.soft, NULL, &m, err);
    if (rc)
        return rc;
    d.n_outcomes = m->n_outcomes;
    d.major_outcome = m->n_outcomes;
    for (size_t i = 0; i < m->n_outcomes; i++)
        if (!strcmp(m->outcome_names[i], "major_war"))
            d.major_outcome = i;
    sp_model_free(m);
    if (d.major_outcome == d.n_outcomes)
        return SP_FAIL(err, SP_EINTERNAL, "no major_war outcome");
    if (q->json)
        sp_strbuf_puts(q->b, "{");
    rc = sp_decisive_write(&d, q->b, err);
    if (q->json)
        sp_strbuf_puts(q->b, "}");
    if (q->o->progress)
        q->o->progress(q->o->progress_ud, "question 5 (sweep)");
    return rc;
}

/* ---- entry point ------------------------------------------------------------- */

static int alloc_major(size_t P, uint64_t runs, double ***out)
{
    double **m = sp_calloc(P + 1, sizeof *m);
    if (!m)
        return SP_ENOMEM;
    *out = m;
    for (size_t p = 0; p < P; p++)
        if (!(m[p] = sp_calloc(runs + 1, sizeof *m[p])))
            return SP_ENOMEM;
    return SP_OK;
}

static void free_major(double **m, size_t P)
{
    for (size_t p = 0; m && p < P; p++)
        sp_xfree(m[p]);
    sp_xfree(m);
}

static void set_years(qctx *q)
{
    int h = q->horizon_months / 12, k = 0;
    static const int want[3] = {1, 5, 10};
    for (int i = 0; i < 3; i++)
        if (want[i] < h)
            q->years[k++] = want[i];
    if (k == 3)
        k = 2;
    q->years[k++] = h;
    q->n_years = k;
}

static int answer(qctx *q, sp_error *err)
{
    double **scratch = NULL;
    int rc = alloc_major(q->P, q->o->runs, &q->major);
    if (!rc)
        rc = alloc_major(q->P, q->o->runs, &scratch);
    for (int k = 0; k < 3 && !rc; k++)
        rc = alloc_major(q->P, q->o->runs, &q->gs[k]);
    if (rc) {
        free_major(scratch, q->P);
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    }
    rc = major_war_values(q, q->s, q->major, q->gs, err);
    if (!rc)
        question1(q);
    if (!rc)
        rc = question2(q, err);
    if (!rc)
        rc = question3(q, err);
    if (!rc)
        question4(q);
    if (!rc && q->o->one_at_a_time)
        rc = question5(q, scratch, err);
    else if (!rc && q->json)
        sp_strbuf_puts(q->b, "\"q5_one_at_a_time\": null");
    if (!rc && q->o->decisive)
        rc = question5_sweep(q, err);
    else if (!rc && q->json)
        sp_strbuf_puts(q->b, ", \"q5_decisive\": null");
    free_major(scratch, q->P);
    return rc;
}

int sp_questions_write(const sp_questions_opts *o, FILE *out, int json,
                       sp_error *err)
{
    if (!o || !o->path || !out || o->runs == 0 || o->runs > UINT32_MAX)
        return SP_FAIL(err, SP_EINVAL, "sp_questions_write: invalid "
                       "arguments (runs must be 1 to %u)", UINT32_MAX);
    sp_scenario *s = NULL;
    int rc = sp_scenario_load(o->path, o->sets, o->n_sets, &s, err);
    if (rc)
        return rc;
    sp_strbuf b;
    sp_strbuf_init(&b);
    qctx q = {.s = s, .o = o, .b = &b, .json = json != 0,
              .P = s->n_packages};
    sp_model *m = NULL;
    rc = sp_model_new(s, 0, NULL, &m, err);
    if (!rc) {
        q.horizon_months = (m->n_steps - m->step0) * m->dt_months;
        set_years(&q);
    }
    sp_model_free(m);
    if (!rc && json)
    {
        sp_strbuf_puts(&b, "{\"scenario\": ");
        sp_strbuf_json_str(&b, s->name);
        sp_strbuf_printf(&b, ", \"seed\": %llu, \"runs\": %llu, "
                         "\"parameters\": \"nominal\",\n ",
                         (unsigned long long)o->seed,
                         (unsigned long long)o->runs);
    }
    else if (!rc)
        sp_strbuf_printf(&b, "Answers for %s (seed %llu, %llu runs per "
                         "configuration, common random numbers). Every "
                         "answer is conditional on the guessed values "
                         "(nominal parameters); intervals are 95%% and "
                         "cover chance events only.\n\n", s->name,
                         (unsigned long long)o->seed,
                         (unsigned long long)o->runs);
    if (!rc)
        rc = answer(&q, err);
    if (!rc)
        sp_strbuf_puts(&b, json ? "}\n" : "\n");
    if (!rc && b.failed)
        rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (!rc && b.len && fwrite(b.s, 1, b.len, out) != b.len)
        rc = SP_FAIL(err, SP_EIO, "writing the answers failed");
    sp_strbuf_free(&b);
    free_major(q.major, q.P);
    for (int k = 0; k < 3; k++)
        free_major(q.gs[k], q.P);
    sp_scenario_free(s);
    return rc;
}
