/*
 * dist.c - distributions of uncertain parameters: names, checks,
 * quantiles, medians and supports.
 *
 * Every distribution is sampled by its inverse CDF (quantile) at one
 * uniform u in (0,1), so a sampled parameter uses exactly one counter of
 * the random stream and a Latin-hypercube or Sobol design point maps
 * through the same function (dist.h). The quantiles:
 *
 *   fixed       v
 *   uniform     min + u (max - min)
 *   normal      mean + sd * Phi^-1(u)                 (gsl_cdf_gaussian_Pinv)
 *   lognormal   median * exp(sigma * Phi^-1(u))
 *   beta        min + (max - min) * I^-1_u(alpha, beta) (gsl_cdf_beta_Pinv)
 *   triangular  F_c = (c - a) / (b - a);
 *               u <  F_c: a + sqrt(u (b - a)(c - a))
 *               u >= F_c: b - sqrt((1 - u)(b - a)(b - c))
 *   discrete    the first value whose cumulative weight is >= u (values
 *               of weight 0 are never chosen)
 *
 * The median is the quantile at 0.5. The support is exact for bounded
 * kinds and the 0.001 and 0.999 quantiles for normal and lognormal.
 *
 * GSL is never allowed near its error handler: parameters are checked
 * here first (sp_dist_validate), u outside [0,1] gives NaN before any GSL
 * call, and if gsl_cdf_beta_Pinv still fails to converge (it returns NaN
 * once the library has switched GSL's handler off) the beta quantile
 * falls back to bisection on gsl_cdf_beta_P.
 *
 * Tests: tests/unit/test_dist.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dist.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

static const char *const dist_names[] = {
    "fixed", "uniform", "normal", "lognormal", "beta", "triangular",
    "discrete",
};
#define N_DIST_NAMES (sizeof dist_names / sizeof dist_names[0])

const char *sp_dist_name(sp_dist_kind k)
{
    if ((unsigned)k >= N_DIST_NAMES)
        return "unknown";
    return dist_names[k];
}

bool sp_dist_from_name(const char *name, sp_dist_kind *k)
{
    if (!name)
        return false;
    for (size_t i = 0; i < N_DIST_NAMES; i++) {
        if (strcmp(name, dist_names[i]) == 0) {
            *k = (sp_dist_kind)i;
            return true;
        }
    }
    return false;
}

/* ---- validation ---------------------------------------------------------- */

/* A number as the user wrote it (well enough): '.' whatever the locale. */
static const char *num(char buf[32], double v)
{
    return sp_fmt_double(buf, 32, v, 15);
}

static bool fail_finite(const char *what, double v, char *why, size_t n)
{
    char b[32];
    snprintf(why, n, "%s must be a finite number, got %s", what, num(b, v));
    return false;
}

static bool fail_positive(const char *what, double v, char *why, size_t n)
{
    char b[32];
    snprintf(why, n, "%s must be > 0, got %s", what, num(b, v));
    return false;
}

/* Each of the first k parameters finite. */
static bool check_finite(const sp_dist *d, size_t k,
                         const char *const *names, char *why, size_t n)
{
    for (size_t i = 0; i < k; i++)
        if (!isfinite(d->p[i]))
            return fail_finite(names[i], d->p[i], why, n);
    return true;
}

static bool check_range(double lo, double hi, char *why, size_t n)
{
    char a[32], b[32];
    if (lo < hi)
        return true;
    snprintf(why, n, "min (%s) must be below max (%s)", num(a, lo),
             num(b, hi));
    return false;
}

static bool validate_normal(const sp_dist *d, char *why, size_t n)
{
    static const char *const names[] = {"mean", "sd"};
    if (!check_finite(d, 2, names, why, n))
        return false;
    if (!(d->p[1] > 0.0))
        return fail_positive("sd", d->p[1], why, n);
    return true;
}

static bool validate_lognormal(const sp_dist *d, char *why, size_t n)
{
    static const char *const names[] = {"median", "sigma"};
    if (!check_finite(d, 2, names, why, n))
        return false;
    if (!(d->p[0] > 0.0))
        return fail_positive("median", d->p[0], why, n);
    if (!(d->p[1] > 0.0))
        return fail_positive("sigma", d->p[1], why, n);
    return true;
}

static bool validate_beta(const sp_dist *d, char *why, size_t n)
{
    static const char *const names[] = {"alpha", "beta", "min", "max"};
    if (!check_finite(d, 4, names, why, n))
        return false;
    if (!(d->p[0] > 0.0))
        return fail_positive("alpha", d->p[0], why, n);
    if (!(d->p[1] > 0.0))
        return fail_positive("beta", d->p[1], why, n);
    return check_range(d->p[2], d->p[3], why, n);
}

static bool validate_triangular(const sp_dist *d, char *why, size_t n)
{
    static const char *const names[] = {"min", "mode", "max"};
    char a[32], b[32], c[32];
    if (!check_finite(d, 3, names, why, n))
        return false;
    if (!check_range(d->p[0], d->p[2], why, n))
        return false;
    if (d->p[1] >= d->p[0] && d->p[1] <= d->p[2])
        return true;
    snprintf(why, n, "mode %s outside [min, max] = [%s, %s]",
             num(b, d->p[1]), num(a, d->p[0]), num(c, d->p[2]));
    return false;
}

static bool check_count(size_t k, char *why, size_t n)
{
    if (k == 0) {
        snprintf(why, n, "discrete needs at least one value");
        return false;
    }
    if (k > SP_DIST_MAX_DISCRETE) {
        snprintf(why, n, "discrete takes at most %d values, got %zu",
                 SP_DIST_MAX_DISCRETE, k);
        return false;
    }
    return true;
}

/* Sum of the weights, or -1 if one is negative, NaN or infinite. */
static double weight_total(const sp_dist *d)
{
    double total = 0.0;
    for (size_t i = 0; i < d->n; i++) {
        if (!(d->weights[i] >= 0.0) || !isfinite(d->weights[i]))
            return -1.0;
        total += d->weights[i];
    }
    return total;
}

/* Checks values and weights, then normalises the weights to sum 1. */
static bool validate_discrete(sp_dist *d, char *why, size_t n)
{
    char b[32];
    if (!check_count(d->n, why, n))
        return false;
    for (size_t i = 0; i < d->n; i++) {
        if (!isfinite(d->values[i])) {
            snprintf(why, n, "values must be finite numbers, got %s",
                     num(b, d->values[i]));
            return false;
        }
    }
    double total = weight_total(d);
    if (!(total > 0.0) || !isfinite(total)) {
        snprintf(why, n, "weights must be >= 0 and not all 0");
        return false;
    }
    for (size_t i = 0; i < d->n; i++)
        d->weights[i] /= total;
    return true;
}

bool sp_dist_set_discrete(sp_dist *d, const double *values, size_t n_values,
                          const double *weights, size_t n_weights, char *why,
                          size_t n)
{
    if (n_values != n_weights) {
        snprintf(why, n, "values and weights differ in length (%zu vs %zu)",
                 n_values, n_weights);
        return false;
    }
    if (!check_count(n_values, why, n))
        return false;
    memset(d, 0, sizeof *d);
    d->kind = SP_DIST_DISCRETE;
    d->n = n_values;
    memcpy(d->values, values, n_values * sizeof *values);
    memcpy(d->weights, weights, n_weights * sizeof *weights);
    return validate_discrete(d, why, n);
}

bool sp_dist_validate(sp_dist *d, char *why, size_t n)
{
    static const char *const value[] = {"value"};
    static const char *const bounds[] = {"min", "max"};
    sp_lib_init(); /* quantiles below must not hit GSL's aborting handler */
    switch (d->kind) {
    case SP_DIST_FIXED:
        return check_finite(d, 1, value, why, n);
    case SP_DIST_UNIFORM:
        return check_finite(d, 2, bounds, why, n) &&
               check_range(d->p[0], d->p[1], why, n);
    case SP_DIST_NORMAL: return validate_normal(d, why, n);
    case SP_DIST_LOGNORMAL: return validate_lognormal(d, why, n);
    case SP_DIST_BETA: return validate_beta(d, why, n);
    case SP_DIST_TRIANGULAR: return validate_triangular(d, why, n);
    case SP_DIST_DISCRETE: return validate_discrete(d, why, n);
    }
    snprintf(why, n, "unknown distribution kind %d", (int)d->kind);
    return false;
}

/* ---- quantiles ----------------------------------------------------------- */

/* The smallest double x in [0,1] with I_x(a, b) >= u, by bisection on
 * the bit patterns (for x >= 0 they order as the values do), so 64 steps
 * reach adjacent doubles even for quantiles near the smallest subnormal.
 * The fallback when GSL's inversion does not converge. */
static double beta_bisect(double u, double a, double b)
{
    double one = 1.0, x;
    uint64_t lo = 0, hi;
    memcpy(&hi, &one, sizeof hi);
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        memcpy(&x, &mid, sizeof x);
        if (gsl_cdf_beta_P(x, a, b) < u)
            lo = mid;
        else
            hi = mid;
    }
    memcpy(&x, &hi, sizeof x);
    return x;
}

static double beta_quantile(const sp_dist *d, double u)
{
    double x = gsl_cdf_beta_Pinv(u, d->p[0], d->p[1]);
    if (!(x >= 0.0 && x <= 1.0))
        x = beta_bisect(u, d->p[0], d->p[1]);
    return d->p[2] + (d->p[3] - d->p[2]) * x;
}

static double triangular_quantile(const sp_dist *d, double u)
{
    double a = d->p[0], c = d->p[1], b = d->p[2];
    double fc = (c - a) / (b - a);
    if (u < fc)
        return a + sqrt(u * (b - a) * (c - a));
    return b - sqrt((1.0 - u) * (b - a) * (b - c));
}

/* The last value of positive weight: the answer when rounding leaves the
 * cumulative sum just below a u close to 1. */
static double discrete_last(const sp_dist *d)
{
    for (size_t i = d->n; i > 0; i--)
        if (d->weights[i - 1] > 0.0)
            return d->values[i - 1];
    return NAN;
}

static double discrete_quantile(const sp_dist *d, double u)
{
    double cum = 0.0;
    for (size_t i = 0; i < d->n; i++) {
        cum += d->weights[i];
        if (d->weights[i] > 0.0 && cum >= u)
            return d->values[i];
    }
    return discrete_last(d);
}

double sp_dist_quantile(const sp_dist *d, double u)
{
    if (d->kind == SP_DIST_FIXED)
        return d->p[0];
    if (!(u >= 0.0 && u <= 1.0)) /* also NaN */
        return NAN;
    switch (d->kind) {
    case SP_DIST_UNIFORM: return d->p[0] + u * (d->p[1] - d->p[0]);
    case SP_DIST_NORMAL: return d->p[0] + gsl_cdf_gaussian_Pinv(u, d->p[1]);
    case SP_DIST_LOGNORMAL:
        return d->p[0] * exp(d->p[1] * gsl_cdf_ugaussian_Pinv(u));
    case SP_DIST_BETA: return beta_quantile(d, u);
    case SP_DIST_TRIANGULAR: return triangular_quantile(d, u);
    case SP_DIST_DISCRETE: return discrete_quantile(d, u);
    case SP_DIST_FIXED: break;
    }
    return NAN;
}

double sp_dist_median(const sp_dist *d)
{
    return sp_dist_quantile(d, 0.5);
}

static void discrete_support(const sp_dist *d, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < d->n; i++) {
        if (!(d->weights[i] > 0.0))
            continue;
        *lo = fmin(*lo, d->values[i]);
        *hi = fmax(*hi, d->values[i]);
    }
}

void sp_dist_support(const sp_dist *d, double *lo, double *hi)
{
    switch (d->kind) {
    case SP_DIST_FIXED: *lo = *hi = d->p[0]; return;
    case SP_DIST_UNIFORM: *lo = d->p[0]; *hi = d->p[1]; return;
    case SP_DIST_BETA: *lo = d->p[2]; *hi = d->p[3]; return;
    case SP_DIST_TRIANGULAR: *lo = d->p[0]; *hi = d->p[2]; return;
    case SP_DIST_DISCRETE: discrete_support(d, lo, hi); return;
    case SP_DIST_NORMAL:
    case SP_DIST_LOGNORMAL: break;
    }
    *lo = sp_dist_quantile(d, 0.001);
    *hi = sp_dist_quantile(d, 0.999);
}
