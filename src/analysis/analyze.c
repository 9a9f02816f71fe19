/*
 * analyze.c - `spiral analyze`: the analyses of a stored sweep, from the
 * per-point means of analyze_data.c, as text or JSON.
 *
 *   summary    the sweep (design, points, parameters, replications, runs
 *              stored and failed, packages, outcomes) and, per package,
 *              the mean, min and max over points of the outcome.
 *   sobol      first- and total-order indices per group (each parameter
 *              its own group unless the sweep ran with --groups) with
 *              95% bootstrap intervals (sp_sobol_analyze), sorted by
 *              total order. Only the point order of the Saltelli design
 *              is needed (point i = base i / (g + 2), block i % (g + 2)),
 *              so the design is not rebuilt.
 *   morris     mu*, mu, sigma per group (sp_morris_analyze). Which
 *              parameter moved at which step is the design's (random)
 *              structure, so the design is rebuilt with sp_design_new
 *              from the sweep's row and the invocation's seed (what
 *              `spiral sweep` passed) and its size checked against the
 *              stored one.
 *   prim       (analyze_prim.c) y = 1 where the package's mean meets
 *              the condition; x = the point's stored parameter values; each parameter's
 *              range is the min and max of its stored values (the dist
 *              text would do for bounded distributions, but not for
 *              unbounded ones, and PRIM only compares order), which the
 *              output says. A constant parameter gets the range
 *              [v, nextafter(v)] so PRIM accepts it; it offers no peel.
 *   regret     per package, regret against the best package at each
 *              point (src/analysis/regret.c), max, mean, p90, share
 *              best; lower is better unless higher_better.
 *   threshold  per package, the share of points where it meets the
 *              condition, with a Wilson interval (regret.c).
 * Without a flag: the summary, then sobol or morris if the design is
 * one, and regret on the outcome when there are several packages.
 *
 * Points whose mean is NaN (a failed or missing replication) are left
 * out of every analysis; the counts say how many were used.
 *
 * Tests: tests/unit/test_analyze.c (Sobol' indices of the Ishigami
 * function through a store), tests/check_analyze_cli.sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "analysis/analyze.h"
#include "analysis/analyze_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>


/* A number for text: fixed decimals, "NaN" when not finite. */
const char *sp_an_fx(char buf[48], double v, int decimals)
{
    if (!isfinite(v))
        return "NaN";
    return sp_fmt_fixed(buf, 48, v, decimals);
}

/* ", \"key\": v" in JSON (null when not finite). */
void sp_an_jnum(sp_an_out *o, const char *key, double v)
{
    sp_strbuf_printf(&o->b, ", \"%s\": ", key);
    sp_strbuf_fixed(&o->b, v, 6);
}

/* Width of the parameter column: the longest path, 24 to 64. */
int sp_an_path_width(const sp_analysis *a)
{
    size_t w = 24;
    for (size_t j = 0; j < a->k; j++)
        w = strlen(a->paths[j]) > w ? strlen(a->paths[j]) : w;
    return w > 64 ? 64 : (int)w;
}

const char *sp_an_pkg_name(const sp_analysis *a, size_t p)
{
    return a->inv.packages[p];
}

/* ---- summary -------------------------------------------------------------- */

typedef struct range3 {
    double mean, min, max;
    size_t n;
} range3;

static range3 over_points(const sp_analysis *a, size_t s, size_t p)
{
    range3 r = {0, INFINITY, -INFINITY, 0};
    for (size_t i = 0; i < a->n_points; i++) {
        double v = sp_an_mean(a, s, i, p);
        if (!isfinite(v))
            continue;
        r.mean += v, r.n++;
        r.min = v < r.min ? v : r.min;
        r.max = v > r.max ? v : r.max;
    }
    r.mean = r.n ? r.mean / (double)r.n : NAN;
    if (!r.n)
        r.min = r.max = NAN;
    return r;
}

static void json_strings(sp_an_out *o, const char *key, char **v, size_t n)
{
    sp_strbuf_printf(&o->b, ", \"%s\": [", key);
    for (size_t i = 0; i < n; i++) {
        sp_strbuf_puts(&o->b, i ? ", " : "");
        sp_strbuf_json_str(&o->b, v[i]);
    }
    sp_strbuf_puts(&o->b, "]");
}

static void summary_json(sp_an_out *o, const sp_analysis *a, const sp_an_plan *pl)
{
    sp_strbuf *b = &o->b;
    const sp_store_sweep *sw = &a->sw;
    sp_strbuf_printf(b, "{\"invocation\": %lld, \"status\": ",
                     (long long)sw->invocation);
    sp_strbuf_json_str(b, a->inv.status ? a->inv.status : "");
    sp_strbuf_puts(b, ", \"design\": ");
    sp_strbuf_json_str(b, sw->design);
    sp_strbuf_printf(b, ", \"samples\": %lld, \"seed\": %llu, \"points\": %zu"
                     ", \"replications\": %zu, \"runs_stored\": %llu, "
                     "\"runs_failed\": %llu, \"points_complete\": %zu, "
                     "\"points_failed\": %zu, \"points_incomplete\": %zu, "
                     "\"parameters\": [", (long long)sw->samples,
                     (unsigned long long)a->inv.seed, a->n_points, a->R,
                     (unsigned long long)a->runs,
                     (unsigned long long)a->runs_failed, a->pts_complete,
                     a->pts_failed, a->pts_incomplete);
    for (size_t j = 0; j < a->k; j++) {
        sp_strbuf_puts(b, j ? ", {\"path\": " : "{\"path\": ");
        sp_strbuf_json_str(b, a->paths[j]);
        sp_strbuf_puts(b, ", \"dist\": ");
        sp_strbuf_json_str(b, a->dists[j]);
        sp_strbuf_puts(b, "}");
    }
    sp_strbuf_puts(b, "]");
    json_strings(o, "packages", a->inv.packages, a->P);
    json_strings(o, "outcomes", a->inv.outcomes, a->inv.n_outcomes);
    sp_strbuf_puts(b, ", \"outcome\": ");
    sp_strbuf_json_str(b, a->spec[pl->s_main].name);
    sp_strbuf_puts(b, ", \"package\": ");
    sp_strbuf_json_str(b, sp_an_pkg_name(a, a->pkg));
    sp_strbuf_puts(b, ", \"means\": [");
    for (size_t p = 0; p < a->P; p++) {
        range3 r = over_points(a, pl->s_main, p);
        sp_strbuf_puts(b, p ? ", {\"package\": " : "{\"package\": ");
        sp_strbuf_json_str(b, sp_an_pkg_name(a, p));
        sp_strbuf_printf(b, ", \"points\": %zu", r.n);
        sp_an_jnum(o, "mean", r.mean), sp_an_jnum(o, "min", r.min), sp_an_jnum(o, "max", r.max);
        sp_strbuf_puts(b, "}");
    }
    sp_strbuf_puts(b, "]");
}

static void outcome_note(sp_an_out *o, const sp_analysis *a, const sp_an_outcome *c)
{
    if (c->years)
        sp_strbuf_printf(&o->b, "%s: 1 if %s is reached within %d year%s, "
                         "else 0", c->name, a->inv.outcomes[c->index],
                         c->years, c->years == 1 ? "" : "s");
    else
        sp_strbuf_printf(&o->b, "%s (as stored)", c->name);
}

static void summary_text(sp_an_out *o, const sp_analysis *a, const sp_an_plan *pl)
{
    sp_strbuf *b = &o->b;
    const sp_store_sweep *sw = &a->sw;
    char m[48], lo[48], hi[48];
    sp_strbuf_printf(b, "sweep %lld in %s: %s design, samples %lld, seed "
                     "%llu\n  %zu points x %zu parameters x %zu package%s x "
                     "%zu replication%s\n  runs: %llu stored, %llu failed\n"
                     "  points: %zu complete, %zu with a failed run (mean "
                     "NaN, left out), %zu incomplete or not stored (left "
                     "out)\n  packages: ", (long long)sw->invocation,
                     a->st->path, sw->design, (long long)sw->samples,
                     (unsigned long long)a->inv.seed, a->n_points, a->k,
                     a->P, a->P == 1 ? "" : "s", a->R, a->R == 1 ? "" : "s",
                     (unsigned long long)a->runs,
                     (unsigned long long)a->runs_failed, a->pts_complete,
                     a->pts_failed, a->pts_incomplete);
    for (size_t p = 0; p < a->P; p++)
        sp_strbuf_printf(b, "%s%s", p ? ", " : "", sp_an_pkg_name(a, p));
    /* a sweep still running, interrupted or killed (a SIGKILL leaves it
     * "running") is analysed as it stands: say so */
    if (a->inv.status && strcmp(a->inv.status, "done") != 0)
        sp_strbuf_printf(b, "\n  status: %s: the sweep has not finished "
                         "(spiral sweep ... --resume completes it); what "
                         "follows covers the points stored so far",
                         a->inv.status);
    sp_strbuf_puts(b, "\n  outcomes: ");
    for (size_t i = 0; i < a->inv.n_outcomes; i++)
        sp_strbuf_printf(b, "%s%s", i ? ", " : "", a->inv.outcomes[i]);
    sp_strbuf_printf(b, "\n    (and NAME_<Y>y for the first %zu: reached "
                     "within Y years)\n\noutcome ", a->n_time);
    outcome_note(o, a, &a->spec[pl->s_main]);
    sp_strbuf_printf(b, ";\nper point the mean over its %zu replication%s; "
                     "over the points:\n  %-24s %6s %10s %10s %10s\n", a->R,
                     a->R == 1 ? "" : "s", "package", "points", "mean", "min",
                     "max");
    for (size_t p = 0; p < a->P; p++) {
        range3 r = over_points(a, pl->s_main, p);
        sp_strbuf_printf(b, "  %-24s %6zu %10s %10s %10s\n", sp_an_pkg_name(a, p),
                         r.n, sp_an_fx(m, r.mean, 4), sp_an_fx(lo, r.min, 4),
                         sp_an_fx(hi, r.max, 4));
    }
}

/* ---- sobol ------------------------------------------------------------------- */

/* The outcome of package a->pkg at every point. */
static double *column(const sp_analysis *a, size_t s, sp_error *err)
{
    double *y = sp_malloc((a->n_points + 1) * sizeof *y);
    if (!y) {
        SP_FAIL(err, SP_ENOMEM, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < a->n_points; i++)
        y[i] = sp_an_mean(a, s, i, a->pkg);
    return y;
}

/* Indices 0..k-1 by key descending, NaN last (insertion sort: k is the
 * number of parameters, at most a few hundred). */
void sp_order_desc(const double *key, size_t k, size_t *idx)
{
    for (size_t j = 0; j < k; j++) {
        size_t i = j;
        double v = key[j];
        while (i > 0) {
            double u = key[idx[i - 1]];
            bool before = isnan(u) ? !isnan(v) : (!isnan(v) && v > u);
            if (!before)
                break;
            idx[i] = idx[i - 1];
            i--;
        }
        idx[i] = j;
    }
}

static void noise_note(sp_an_out *o, const sp_analysis *a)
{
    if (a->R == 1)
        sp_strbuf_puts(&o->b, "one replication per point: its run-to-run "
                       "chance is part of y, so Var(y) includes it, S1 is "
                       "biased toward 0 and ST toward the noise's share; "
                       "the intervals include the noise, not the bias "
                       "(src/analysis/sobol.h)");
    else
        sp_strbuf_printf(&o->b, "y is each point's mean over %zu "
                         "replications, so Var(y) includes the replication "
                         "noise E[sigma^2]/%zu: S1 is biased toward 0 and "
                         "ST toward the noise's share; the bootstrap "
                         "intervals include the noise, not the bias "
                         "(src/analysis/sobol.h)", a->R, a->R);
}

static void sobol_print(sp_an_out *o, const sp_analysis *a, const sp_an_plan *pl,
                        const sp_sobol_index *ix, const size_t *ord,
                        double var, size_t used)
{
    sp_strbuf *b = &o->b;
    size_t n_base = a->n_points / (a->g + 2);
    char v[6][48];
    if (o->json) {
        sp_strbuf_printf(b, ", \"sobol\": {\"base_points\": %zu, "
                         "\"base_points_used\": %zu", n_base, used);
        sp_an_jnum(o, "variance", var);
        sp_strbuf_puts(b, ", \"level\": 0.95, \"bootstrap\": 1000, "
                       "\"noise\": ");
        sp_an_out tmp = {{0}, false};
        noise_note(&tmp, a);
        sp_strbuf_json_str(b, tmp.b.s ? tmp.b.s : "");
        sp_strbuf_free(&tmp.b);
        sp_strbuf_puts(b, ", \"indices\": [");
    } else {
        sp_strbuf_printf(b, "\nSobol' indices of %s for %s: %zu of %zu base "
                         "points used, variance %s\n  ",
                         a->spec[pl->s_main].name, sp_an_pkg_name(a, a->pkg), used,
                         n_base, sp_an_fx(v[0], var, 6));
        noise_note(o, a);
        sp_strbuf_printf(b, ".\n  95%% intervals: bootstrap over base "
                         "points, 1000 resamples. Sorted by total order.\n"
                         "  %-*s %7s %17s %7s %17s\n", sp_an_path_width(a),
                         "parameter", "S1",
                         "[95% interval]", "ST", "[95% interval]");
    }
    for (size_t r = 0; r < a->g; r++) {
        const sp_sobol_index *s = &ix[ord[r]];
        if (o->json) {
            sp_strbuf_puts(b, r ? ", {\"parameter\": " : "{\"parameter\": ");
            sp_strbuf_json_str(b, a->gnames[ord[r]]);
            sp_an_jnum(o, "s1", s->s1), sp_an_jnum(o, "s1_lo", s->s1_lo);
            sp_an_jnum(o, "s1_hi", s->s1_hi), sp_an_jnum(o, "st", s->st);
            sp_an_jnum(o, "st_lo", s->st_lo), sp_an_jnum(o, "st_hi", s->st_hi);
            sp_strbuf_puts(b, "}");
        } else
            sp_strbuf_printf(b, "  %-*s %7s [%7s, %7s] %7s [%7s, %7s]\n",
                             sp_an_path_width(a), a->gnames[ord[r]],
                             sp_an_fx(v[0], s->s1, 3),
                             sp_an_fx(v[1], s->s1_lo, 3), sp_an_fx(v[2], s->s1_hi, 3),
                             sp_an_fx(v[3], s->st, 3), sp_an_fx(v[4], s->st_lo, 3),
                             sp_an_fx(v[5], s->st_hi, 3));
    }
    if (o->json)
        sp_strbuf_puts(b, "]}");
}

static int sobol_section(sp_an_out *o, const sp_analysis *a, const sp_an_plan *pl,
                         sp_error *err)
{
    if (a->sw.shard_n > 1)
        return SP_FAIL(err, SP_EINVAL, "%s: sweep %lld is shard %lld/%lld: "
                       "Sobol indices need every point of the design; join "
                       "the shards with spiral merge first", a->st->path,
                       (long long)a->sw.invocation, (long long)a->sw.shard_k,
                       (long long)a->sw.shard_n);
    if (a->n_points % (a->g + 2))
        return SP_FAIL(err, SP_EFORMAT, "%s: sweep %lld has %zu points, not "
                       "a multiple of g + 2 = %zu (g groups) as a sobol "
                       "design", a->st->path, (long long)a->sw.invocation,
                       a->n_points, a->g + 2);
    double *y = column(a, pl->s_main, err), var = NAN;
    sp_sobol_index *ix = sp_calloc(a->g, sizeof *ix);
    size_t *ord = sp_calloc(a->g, sizeof *ord), used = 0;
    int rc = y && ix && ord ? SP_OK : SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (!rc)
        rc = sp_sobol_analyze(y, a->n_points, a->g, 0, a->inv.seed, 0.95, ix,
                              &var, &used, err);
    if (!rc) { /* y is free now: the sort keys */
        for (size_t j = 0; j < a->g; j++)
            y[j] = ix[j].st;
        sp_order_desc(y, a->g, ord);
        sobol_print(o, a, pl, ix, ord, var, used);
    }
    sp_xfree(y);
    sp_xfree(ix);
    sp_xfree(ord);
    return rc;
}

/* ---- morris ------------------------------------------------------------------ */

static void morris_print(sp_an_out *o, const sp_analysis *a, const sp_an_plan *pl,
                         const sp_morris_index *ix, const size_t *ord)
{
    sp_strbuf *b = &o->b;
    char v[3][48];
    if (o->json)
        sp_strbuf_printf(b, ", \"morris\": {\"trajectories\": %lld, "
                         "\"effects_per\": \"unit of u\", \"indices\": [",
                         (long long)a->sw.samples);
    else
        sp_strbuf_printf(b, "\nMorris elementary effects of %s for %s: %lld "
                         "trajectories; effects per unit of u (the "
                         "parameter's quantile), so comparable across "
                         "parameters. Sorted by mu*.\n  %-*s %9s %9s %9s "
                         "%5s\n", a->spec[pl->s_main].name,
                         sp_an_pkg_name(a, a->pkg), (long long)a->sw.samples,
                         sp_an_path_width(a), "parameter", "mu*", "mu", "sigma", "n");
    for (size_t r = 0; r < a->g; r++) {
        const sp_morris_index *m = &ix[ord[r]];
        if (o->json) {
            sp_strbuf_puts(b, r ? ", {\"parameter\": " : "{\"parameter\": ");
            sp_strbuf_json_str(b, a->gnames[ord[r]]);
            sp_an_jnum(o, "mu_star", m->mu_star), sp_an_jnum(o, "mu", m->mu);
            sp_an_jnum(o, "sigma", m->sigma);
            sp_strbuf_printf(b, ", \"n\": %zu}", m->n);
        } else
            sp_strbuf_printf(b, "  %-*s %9s %9s %9s %5zu\n", sp_an_path_width(a),
                             a->gnames[ord[r]],
                             sp_an_fx(v[0], m->mu_star, 4), sp_an_fx(v[1], m->mu, 4),
                             sp_an_fx(v[2], m->sigma, 4), m->n);
    }
    if (o->json)
        sp_strbuf_puts(b, "]}");
}

static int morris_section(sp_an_out *o, const sp_analysis *a, const sp_an_plan *pl,
                          sp_error *err)
{
    sp_design *d = NULL;
    int rc = sp_design_new(SP_DESIGN_MORRIS, a->k, a->group_of,
                           (size_t)a->sw.samples, a->inv.seed, NULL, &d, err);
    if (!rc && sp_design_n_points(d) != a->n_points)
        rc = SP_FAIL(err, SP_EFORMAT, "%s: sweep %lld has %zu points; its "
                     "morris design rebuilt has %zu", a->st->path,
                     (long long)a->sw.invocation, a->n_points,
                     sp_design_n_points(d));
    double *y = rc ? NULL : column(a, pl->s_main, err);
    sp_morris_index *ix = sp_calloc(a->g, sizeof *ix);
    size_t *ord = sp_calloc(a->g, sizeof *ord);
    if (!rc && (!y || !ix || !ord))
        rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (!rc)
        rc = sp_morris_analyze(d, y, a->n_points, ix, err);
    if (!rc) { /* y is free now: the sort keys */
        for (size_t j = 0; j < a->g; j++)
            y[j] = ix[j].mu_star;
        sp_order_desc(y, a->g, ord);
        morris_print(o, a, pl, ix, ord);
    }
    sp_design_free(d);
    sp_xfree(y);
    sp_xfree(ix);
    sp_xfree(ord);
    return rc;
}

/* ---- regret and threshold ------------------------------------------------- */

static int regret_table(const sp_analysis *a, size_t s, const sp_regret_opts
                        *ro, sp_regret_pkg *res, size_t *used, sp_error *err)
{
    double *v = sp_malloc((a->n_points * a->P + 1) * sizeof *v);
    if (!v)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    for (size_t i = 0; i < a->n_points; i++)
        for (size_t p = 0; p < a->P; p++)
            v[i * a->P + p] = sp_an_mean(a, s, i, p);
    int rc = sp_regret_compute(v, a->n_points, a->P, ro, res, used, err);
    sp_xfree(v);
    return rc;
}

static void regret_print(sp_an_out *o, const sp_analysis *a, const sp_an_plan *pl,
                         const sp_regret_pkg *res, size_t used)
{
    char v[4][48];
    const char *name = a->spec[pl->s_regret].name;
    if (o->json) {
        sp_strbuf_puts(&o->b, ", \"regret\": {\"outcome\": ");
        sp_strbuf_json_str(&o->b, name);
        sp_strbuf_printf(&o->b, ", \"lower_is_better\": %s, \"points\": %zu, "
                         "\"packages\": [", pl->higher_better ? "false"
                                                              : "true", used);
    } else
        sp_strbuf_printf(&o->b, "\nregret on %s (%s is better) against the "
                         "best package at each point, over %zu points "
                         "without a failed run:\n  %-24s %9s %9s %9s %9s\n",
                         name, pl->higher_better ? "higher" : "lower", used,
                         "package", "max", "mean", "p90", "best at");
    for (size_t p = 0; p < a->P; p++) {
        const sp_regret_pkg *r = &res[p];
        if (o->json) {
            sp_strbuf_puts(&o->b, p ? ", {\"package\": " : "{\"package\": ");
            sp_strbuf_json_str(&o->b, sp_an_pkg_name(a, p));
            sp_an_jnum(o, "max", r->max_regret), sp_an_jnum(o, "mean", r->mean_regret);
            sp_an_jnum(o, "p90", r->p90_regret), sp_an_jnum(o, "share_best", r->share_best);
            sp_strbuf_puts(&o->b, "}");
        } else
            sp_strbuf_printf(&o->b, "  %-24s %9s %9s %9s %8s%%\n",
                             sp_an_pkg_name(a, p), sp_an_fx(v[0], r->max_regret, 4),
                             sp_an_fx(v[1], r->mean_regret, 4),
                             sp_an_fx(v[2], r->p90_regret, 4),
                             sp_an_fx(v[3], 100 * r->share_best, 1));
    }
    if (o->json)
        sp_strbuf_puts(&o->b, "]}");
}

static int regret_section(sp_an_out *o, const sp_analysis *a, const sp_an_plan *pl,
                          sp_error *err)
{
    sp_regret_opts ro;
    sp_regret_opts_default(&ro);
    ro.higher_is_better = pl->higher_better;
    sp_regret_pkg *res = sp_calloc(a->P, sizeof *res);
    size_t used = 0;
    int rc = res ? regret_table(a, pl->s_regret, &ro, res, &used, err)
                 : SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (!rc)
        regret_print(o, a, pl, res, used);
    sp_xfree(res);
    return rc;
}

static void threshold_print(sp_an_out *o, const sp_analysis *a, const sp_an_plan *pl,
                            const sp_regret_pkg *res, size_t used)
{
    char v[3][48], val[48], cond[200];
    sp_fmt_double(val, sizeof val, pl->thr.value, 10);
    snprintf(cond, sizeof cond, "%s %s %s", pl->thr.o.name,
             sp_an_cmp_text(pl->thr.cmp), val);
    if (o->json) {
        sp_strbuf_puts(&o->b, ", \"threshold\": {\"condition\": ");
        sp_strbuf_json_str(&o->b, cond);
        sp_strbuf_printf(&o->b, ", \"points\": %zu, \"level\": 0.95, "
                         "\"packages\": [", used);
    } else
        sp_strbuf_printf(&o->b, "\nthreshold %s: share of the %zu points "
                         "without a failed run where each package meets it "
                         "(95%% Wilson interval)\n  %-24s %8s %8s %17s\n",
                         cond, used, "package", "points", "share",
                         "[95% interval]");
    for (size_t p = 0; p < a->P; p++) {
        const sp_regret_pkg *r = &res[p];
        if (o->json) {
            sp_strbuf_puts(&o->b, p ? ", {\"package\": " : "{\"package\": ");
            sp_strbuf_json_str(&o->b, sp_an_pkg_name(a, p));
            sp_strbuf_printf(&o->b, ", \"points_meeting\": %llu",
                             (unsigned long long)r->n_meets);
            sp_an_jnum(o, "share", r->meets), sp_an_jnum(o, "lo", r->meets_lo);
            sp_an_jnum(o, "hi", r->meets_hi);
            sp_strbuf_puts(&o->b, "}");
        } else
            sp_strbuf_printf(&o->b, "  %-24s %8llu %8s [%6s, %6s]\n",
                             sp_an_pkg_name(a, p), (unsigned long long)r->n_meets,
                             sp_an_fx(v[0], r->meets, 3), sp_an_fx(v[1], r->meets_lo, 3),
                             sp_an_fx(v[2], r->meets_hi, 3));
    }
    if (o->json)
        sp_strbuf_puts(&o->b, "]}");
}

static int threshold_section(sp_an_out *o, const sp_analysis *a, const sp_an_plan *pl,
                             sp_error *err)
{
    sp_regret_opts ro;
    sp_regret_opts_default(&ro);
    ro.cmp = pl->thr.cmp;
    ro.threshold = pl->thr.value;
    sp_regret_pkg *res = sp_calloc(a->P, sizeof *res);
    size_t used = 0;
    int rc = res ? regret_table(a, pl->s_thr, &ro, res, &used, err)
                 : SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (!rc)
        threshold_print(o, a, pl, res, used);
    sp_xfree(res);
    return rc;
}

/* ---- the plan ---------------------------------------------------------------- */

static int design_check(const sp_analysis *a, const char *flag,
                        const char *want, sp_error *err)
{
    if (!strcmp(a->sw.design, want))
        return SP_OK;
    return SP_FAIL(err, SP_EINVAL, "%s needs a %s design; sweep %lld of %s "
                   "is %s (--prim, --regret and --threshold take any "
                   "design)", flag, want, (long long)a->sw.invocation,
                   a->st->path, a->sw.design);
}

static int make_plan(sp_analysis *a, const sp_analyze_opts *o, sp_an_plan *pl,
                     sp_error *err)
{
    memset(pl, 0, sizeof *pl);
    bool any = o->sobol || o->morris || o->prim || o->regret || o->threshold;
    sp_an_outcome main_o, reg;
    int rc = sp_an_outcome_find(a, o->outcome, &main_o, err);
    if (!rc)
        rc = sp_an_package_find(a, o->package, err);
    if (!rc && o->sobol)
        rc = design_check(a, "--sobol", "sobol", err);
    if (!rc && o->morris)
        rc = design_check(a, "--morris", "morris", err);
    if (!rc && o->prim)
        rc = sp_an_cond_parse(a, "--prim", o->prim, &pl->prim, err);
    if (!rc && o->threshold)
        rc = sp_an_cond_parse(a, "--threshold", o->threshold, &pl->thr, err);
    if (!rc && o->regret)
        rc = sp_an_outcome_find(a, o->regret, &reg, err);
    if (rc)
        return rc;
    pl->s_main = sp_an_want(a, &main_o);
    pl->sobol = any ? o->sobol : !strcmp(a->sw.design, "sobol");
    pl->morris = any ? o->morris : !strcmp(a->sw.design, "morris");
    pl->do_prim = o->prim != NULL;
    pl->thr_on = o->threshold != NULL;
    pl->regret = o->regret || (!any && a->P > 1);
    pl->higher_better = o->higher_better;
    if (pl->do_prim)
        pl->s_prim = sp_an_want(a, &pl->prim.o);
    if (pl->thr_on)
        pl->s_thr = sp_an_want(a, &pl->thr.o);
    pl->s_regret = o->regret ? sp_an_want(a, &reg) : pl->s_main;
    return SP_OK;
}

static int write_all(sp_an_out *o, const sp_analysis *a, const sp_an_plan *pl,
                     sp_error *err)
{
    if (o->json)
        summary_json(o, a, pl);
    else
        summary_text(o, a, pl);
    int rc = SP_OK;
    if (!rc && pl->sobol)
        rc = sobol_section(o, a, pl, err);
    if (!rc && pl->morris)
        rc = morris_section(o, a, pl, err);
    if (!rc && pl->do_prim)
        rc = sp_an_prim_section(o, a, pl, err);
    if (!rc && pl->regret)
        rc = regret_section(o, a, pl, err);
    if (!rc && pl->thr_on)
        rc = threshold_section(o, a, pl, err);
    if (o->json)
        sp_strbuf_puts(&o->b, "}\n");
    if (!rc && o->b.failed)
        rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
    return rc;
}

int sp_analyze_write(sp_store *st, const sp_analyze_opts *opts, FILE *f,
                     int json, sp_error *err)
{
    sp_analysis a;
    sp_an_plan pl;
    sp_an_out o = {{0}, json != 0};
    sp_strbuf_init(&o.b);
    int rc = sp_an_open(&a, st, opts->id, err);
    if (!rc)
        rc = make_plan(&a, opts, &pl, err);
    if (!rc)
        rc = sp_an_load(&a, err);
    if (!rc)
        rc = write_all(&o, &a, &pl, err);
    if (!rc && (fwrite(o.b.s, 1, o.b.len, f) != o.b.len || fflush(f) != 0))
        rc = SP_FAIL(err, SP_EIO, "writing the analysis failed");
    sp_strbuf_free(&o.b);
    sp_an_free(&a);
    return rc;
}
