/*
 * regret.c - regret and threshold satisfaction across design points.
 *
 * Robust decision making compares packages (policies) across many
 * plausible futures instead of under one forecast. Two of its standard
 * measures:
 *
 * 1. Regret (Savage 1951, JASA 46:55-67, "regret from the best" in
 *    McPhail et al. 2018, Earth's Future 6:169-191; used as the
 *    robustness measure of Lempert, Popper & Bankes 2003, "Shaping the
 *    Next One Hundred Years", RAND MR-1626, and Lempert et al. 2006,
 *    Management Science 52:514-528). At design point i, with v_ij the
 *    outcome of package j and lower values better,
 *
 *        regret_ij = v_ij - min_j' v_ij'          (>= 0)
 *
 *    and with higher values better, max_j' v_ij' - v_ij. Per package we
 *    report the maximum (minimax regret: the package whose worst case
 *    against hindsight is smallest), the mean, and the 90th percentile
 *    (a regret not exceeded in 90% of futures; Hyndman & Fan type 7, as
 *    sp_quantile_sorted), and the share of points where it is best
 *    (regret exactly 0; tied packages all count as best).
 *
 * 2. Threshold satisfaction, "satisficing" (Starr 1963's domain
 *    criterion; McPhail et al. 2018 §2; Lempert & Collins 2007, Risk
 *    Analysis 27:1009-1026): the share of points where a package meets a
 *    condition such as major_war_10y < 0.05. It is a proportion of
 *    n_used points, so it gets the Wilson interval of
 *    src/analysis/intervals.c. Read the interval with care: the design
 *    points are a sample of the uncertainty space only when the design
 *    samples it (Monte Carlo, LHS); for a factorial grid the interval
 *    says nothing about "the" share.
 *
 * Failed runs: a non-finite cell drops its design point for every
 * package (see regret.h for why); the caller learns how many were kept.
 *
 * Memory: one scratch column of m doubles, sorted per package for the
 * percentile.
 *
 * Tests: tests/unit/test_regret.c (hand-computed matrices, ties, failed
 * points, threshold operators, errors).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "analysis/regret.h"

#include "analysis/intervals.h"

#include <math.h>
#include <stdlib.h>

void sp_regret_opts_default(sp_regret_opts *o)
{
    o->higher_is_better = false;
    o->cmp = SP_CMP_NONE;
    o->threshold = 0.0;
    o->z = SP_Z95;
}

static bool row_ok(const double *row, size_t p)
{
    for (size_t j = 0; j < p; j++)
        if (!isfinite(row[j]))
            return false;
    return true;
}

/* The best value of one design point's row. */
static double row_best(const double *row, size_t p, bool higher)
{
    double b = row[0];
    for (size_t j = 1; j < p; j++)
        if (higher ? row[j] > b : row[j] < b)
            b = row[j];
    return b;
}

static bool meets(double v, sp_cmp cmp, double t)
{
    switch (cmp) {
    case SP_CMP_LT: return v < t;
    case SP_CMP_LE: return v <= t;
    case SP_CMP_GT: return v > t;
    case SP_CMP_GE: return v >= t;
    default: return false;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int check_opts(const sp_regret_opts *o, sp_error *err)
{
    if (o->cmp < SP_CMP_NONE || o->cmp > SP_CMP_GE)
        return SP_FAIL(err, SP_EINVAL, "regret: unknown threshold comparison");
    if (o->cmp != SP_CMP_NONE && isnan(o->threshold))
        return SP_FAIL(err, SP_EINVAL, "regret: the threshold is NaN");
    if (!(o->z >= 0.0))
        return SP_FAIL(err, SP_EINVAL, "regret: z must be >= 0");
    return SP_OK;
}

/* One package: its regrets at the kept points go into col[0..used). */
static void one_package(const double *value, size_t m, size_t p, size_t j,
                        const sp_regret_opts *o, double z, double *col,
                        sp_regret_pkg *r)
{
    size_t used = 0;
    double sum = 0.0;
    uint64_t best = 0, ok = 0;
    for (size_t i = 0; i < m; i++) {
        const double *row = value + i * p;
        if (!row_ok(row, p))
            continue;
        double b = row_best(row, p, o->higher_is_better);
        double g = o->higher_is_better ? b - row[j] : row[j] - b;
        col[used++] = g;
        sum += g;
        best += g == 0.0;
        ok += meets(row[j], o->cmp, o->threshold);
    }
    qsort(col, used, sizeof *col, cmp_double);
    r->max_regret = col[used - 1];
    r->mean_regret = sum / (double)used;
    r->p90_regret = sp_quantile_sorted(col, used, 0.9);
    r->n_best = best;
    r->share_best = (double)best / (double)used;
    if (o->cmp == SP_CMP_NONE) {
        r->n_meets = 0;
        r->meets = r->meets_lo = r->meets_hi = NAN;
        return;
    }
    r->n_meets = ok;
    r->meets = (double)ok / (double)used;
    sp_wilson(ok, used, z, &r->meets_lo, &r->meets_hi);
}

int sp_regret_compute(const double *value, size_t m, size_t p,
                      const sp_regret_opts *opts, sp_regret_pkg *out,
                      size_t *n_used, sp_error *err)
{
    sp_regret_opts o;
    if (opts)
        o = *opts;
    else
        sp_regret_opts_default(&o);
    if (o.z == 0.0)
        o.z = SP_Z95;
    if (m == 0 || p == 0)
        return SP_FAIL(err, SP_EINVAL,
                       "regret: need at least one design point and one "
                       "package (got %zu x %zu)", m, p);
    int rc = check_opts(&o, err);
    if (rc != SP_OK)
        return rc;
    size_t used = 0;
    for (size_t i = 0; i < m; i++)
        used += row_ok(value + i * p, p);
    if (n_used)
        *n_used = used;
    if (used == 0)
        return SP_FAIL(err, SP_EINVAL,
                       "regret: every one of the %zu design points has a "
                       "failed (non-finite) value", m);
    double *col = sp_malloc(used * sizeof *col);
    if (!col)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    for (size_t j = 0; j < p; j++)
        one_package(value, m, p, j, &o, o.z, col, &out[j]);
    sp_xfree(col);
    return SP_OK;
}
