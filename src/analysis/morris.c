/*
 * morris.c - Morris screening measures from the morris design's outcomes.
 *
 * In trajectory t (points t(g+1) .. t(g+1)+g of the design, design.c)
 * step s moves the parameters of one group h by +-delta in u (delta =
 * 1/2, SP_MORRIS_DELTA). Its elementary effect (Morris 1991,
 * Technometrics 33:161-174) is
 *
 *     EE_h,t = (y_s - y_(s-1)) / (u_s,p - u_(s-1),p)
 *
 * with p the group's first parameter (for a group of one parameter this
 * is Morris's effect; for a larger group its sign follows the first
 * parameter's direction, so only |EE| is meaningful, as Campolongo,
 * Cariboni & Saltelli 2007, Env. Modelling & Software 22:1509-1518,
 * use for groups). Effects are per unit of u, i.e. per unit of
 * probability of the parameter's distribution. Over the trajectories:
 *
 *     mu      = mean of EE_h,t                   (Morris 1991)
 *     mu_star = mean of |EE_h,t|                 (Campolongo et al. 2007)
 *     sigma   = standard deviation of EE_h,t     (n - 1 denominator;
 *               NaN for fewer than 2 effects)
 *
 * The moved group and the step's direction are read from the design's
 * points themselves (the coordinates that changed), so this file relies
 * on nothing but the design's public contract. A step with a non-finite
 * y at either end gives no effect (n counts the effects used).
 *
 * Tests: tests/unit/test_morris.c (linear function: mu* = |coefficient|
 * and sigma = 0 exactly; a quadratic and an interaction with known
 * effect distributions).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "morris.h"

#include "design.h"

#include <math.h>
#include <string.h>

/* Running sums per group. */
typedef struct acc {
    double sum, sum_abs, mean, m2; /* Welford for sigma */
    size_t n;
} acc;

static void acc_add(acc *a, double ee)
{
    a->n++;
    a->sum += ee;
    a->sum_abs += fabs(ee);
    double d = ee - a->mean;
    a->mean += d / (double)a->n;
    a->m2 += d * (ee - a->mean);
}

/* The first parameter whose u differs between prev and cur; k if none. */
static size_t moved_param(const double *prev, const double *cur, size_t k)
{
    size_t p = 0;
    while (p < k && prev[p] == cur[p])
        p++;
    return p;
}

static int add_trajectory(const sp_design *d, const double *y, size_t t,
                          double *prev, double *cur, acc *a, sp_error *err)
{
    size_t k = sp_design_n_params(d), per = sp_design_n_groups(d) + 1;
    size_t i0 = t * per;
    sp_design_point(d, i0, prev);
    for (size_t s = 1; s < per; s++) {
        sp_design_point(d, i0 + s, cur);
        size_t p = moved_param(prev, cur, k);
        if (p == k)
            return SP_FAIL(err, SP_EINTERNAL, "morris: step %zu of "
                           "trajectory %zu moves nothing", s, t);
        double dy = y[i0 + s] - y[i0 + s - 1];
        if (isfinite(dy))
            acc_add(&a[sp_design_group_of(d, p)], dy / (cur[p] - prev[p]));
        memcpy(prev, cur, k * sizeof *cur);
    }
    return SP_OK;
}

static void finish(const acc *a, size_t g, sp_morris_index *out)
{
    for (size_t h = 0; h < g; h++) {
        double n = (double)a[h].n;
        out[h].n = a[h].n;
        out[h].mu = a[h].n ? a[h].sum / n : NAN;
        out[h].mu_star = a[h].n ? a[h].sum_abs / n : NAN;
        out[h].sigma = a[h].n > 1 ? sqrt(a[h].m2 / (n - 1.0)) : NAN;
    }
}

int sp_morris_analyze(const sp_design *d, const double *y, size_t n_points,
                      sp_morris_index *out, sp_error *err)
{
    if (!d || sp_design_kind_of(d) != SP_DESIGN_MORRIS)
        return SP_FAIL(err, SP_EINVAL, "morris: not a morris design");
    if (n_points != sp_design_n_points(d))
        return SP_FAIL(err, SP_EINVAL, "morris: %zu outcomes for a design "
                       "of %zu points", n_points, sp_design_n_points(d));
    size_t k = sp_design_n_params(d), g = sp_design_n_groups(d);
    double *u = sp_malloc(2 * k * sizeof *u);
    acc *a = sp_calloc(g, sizeof *a);
    int rc = u && a ? SP_OK : SP_FAIL(err, SP_ENOMEM, "out of memory");
    size_t n_traj = n_points / (g + 1);
    for (size_t t = 0; rc == SP_OK && t < n_traj; t++)
        rc = add_trajectory(d, y, t, u, u + k, a, err);
    if (rc == SP_OK)
        finish(a, g, out);
    sp_xfree(u);
    sp_xfree(a);
    return rc;
}
