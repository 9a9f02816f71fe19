/*
 * intervals.c - confidence intervals for ensemble proportions, paired
 * differences between packages, the "too few runs" rule, and summaries
 * of continuous outcomes.
 *
 * Why these methods. An ensemble estimates P(outcome) from k of n runs;
 * outcomes such as nuclear_use are rare, so the interval must behave at
 * k = 0 and k = n, where the Wald interval p -/+ z sqrt(p(1-p)/n)
 * collapses to a point. Two packages are run on the same replications
 * (common random numbers, model.md §4), so their outcomes are paired and
 * strongly correlated; an interval for independent samples would be far
 * too wide. model.md §4 asks for Newcombe's method or Tango's score
 * interval, stating which: spiral uses Newcombe's method 10, which is
 * closed form, never leaves [-1, 1], and performed well in his
 * evaluation.
 *
 * 1. Wilson score interval (Wilson 1927, JASA 22:209-212; method 3 of
 *    Newcombe 1998a, Statistics in Medicine 17:857-872). The limits are
 *    the two roots p of (k/n - p)^2 = z^2 p (1 - p) / n:
 *
 *        centre = (k + z^2/2) / (n + z^2)
 *        half   = z sqrt(k (n - k) / n + z^2 / 4) / (n + z^2)
 *        hi     = centre + half
 *        lo     = k^2 / (n (n + z^2) hi)     (product of the roots)
 *
 *    lo from the product of the roots avoids cancellation in
 *    centre - half for small k/n. k = 0 gives lo = 0 and k = n gives
 *    hi = 1 exactly (set, not computed); n = 0 gives [0, 1].
 *
 * 2. Paired difference, Newcombe's method 10 (Newcombe R.G. 1998b,
 *    "Improved confidence intervals for the difference between binomial
 *    proportions based on paired data", Statistics in Medicine
 *    17:2635-2650). With n11 (both), n10 (a only), n01 (b only), n00
 *    (neither), n their sum:
 *
 *        p_a = (n11 + n10)/n,  p_b = (n11 + n01)/n,
 *        diff = p_a - p_b = (n10 - n01)/n
 *        [l1, u1] = Wilson(n11 + n10, n),  [l2, u2] = Wilson(n11 + n01, n)
 *        A = n11 n00 - n10 n01
 *        D = (n11 + n10)(n01 + n00)(n11 + n01)(n10 + n00)
 *        A' = max(A - n/2, 0) if A > 0, else A     (Newcombe's correction)
 *        phi = A' / sqrt(D), or 0 if D = 0
 *        delta   = sqrt((p_a - l1)^2 - 2 phi (p_a - l1)(u2 - p_b) + (u2 - p_b)^2)
 *        epsilon = sqrt((p_b - l2)^2 - 2 phi (p_b - l2)(u1 - p_a) + (u1 - p_a)^2)
 *        lo = diff - delta,  hi = diff + epsilon
 *
 *    Method 8 is the same with the uncorrected phi = A / sqrt(D). The
 *    correction rule was checked against three independent public
 *    implementations that agree on it: R ratesci::moverpairci (corc =
 *    TRUE), contingencytables::Newcombe_square_and_add_CI_paired_2x2
 *    (Fagerland, Lydersen & Laake 2017) and biostatUZH's
 *    confIntPairedProportion. The interval lies within [l1 - u2, u1 - l2]
 *    and so within [-1, 1]; the result is clamped to [-1, 1] against
 *    rounding only. n = 0 gives diff 0 and [-1, 1]. Counts are converted
 *    to double; A is exact while n11 n00 and n10 n01 are below 2^53.
 *
 * 3. z for a two-sided level: z = Phi^-1(1 - (1 - level)/2), computed as
 *    the upper-tail inverse gsl_cdf_ugaussian_Qinv((1 - level)/2), which
 *    keeps full relative accuracy for levels near 1.
 *
 * 4. "Too few runs" rule (spiral's own, reported in `compare`). The
 *    paired difference of an outcome is UNRESOLVED when its 95% interval
 *    contains 0 AND its half-width (hi - lo)/2 exceeds
 *    0.5 * max(|diff|, 0.002). The first part means the sign of the
 *    difference is not established; the second lets an interval that is
 *    tight around 0 (within about -/+0.001, a tenth of a percentage
 *    point) count as resolved: the packages do not differ by a margin
 *    worth reporting. Since an interval that contains 0 is at least
 *    |diff| wide, in practice the rule reads "not significant, and wider
 *    than -/+0.001". The warning suggests a run count:
 *
 *        sp_runs_for_halfwidth(p, h, z) = max(1, ceil(z^2 p (1 - p) / h^2))
 *
 *    for one proportion near p (the Wald approximation to the Wilson
 *    half-width, fine at the large n it is used for), and for the paired
 *    difference sp_paired_runs_hint, ceil(z^2 s^2 / h^2) with
 *    h = 0.5 * max(|diff|, 0.002) and the per-run variance of the paired
 *    difference s^2 = p10 + p01 - (p10 - p01)^2 (Agresti, Categorical
 *    Data Analysis, 2nd ed. 2002, §10.1.1: the variance of the paired
 *    difference of proportions). Newcombe's interval approaches
 *    diff -/+ z s / sqrt(n) as n grows (phi's correction is O(1/n)).
 *    With no discordant run, p10 + p01 is replaced by 3/n (the "rule of
 *    three" upper bound on a rate never observed). The hint is at least
 *    n + 1 while the difference is unresolved.
 *
 * 5. Continuous outcomes. sp_mean_ci: mean -/+ z sd / sqrt(n), sd the
 *    sample standard deviation by the corrected two-pass algorithm
 *    (Chan, Golub & LeVeque 1983, The American Statistician 37:242-247):
 *    var = (sum d_i^2 - (sum d_i)^2 / n) / (n - 1), d_i = x_i - mean,
 *    summed in index order so the result is the same on every thread
 *    count. sp_quantile_sorted: Hyndman & Fan (1996, The American
 *    Statistician 50:361-365) type 7, R's default quantile():
 *    h = (n - 1) q, j = floor(h), g = h - j,
 *    Q = (1 - g) x[j] + g x[j+1] (0-based), written as R writes it and,
 *    as in R, x[j] itself when x[j+1] == x[j].
 *
 * Tests: tests/unit/test_intervals.c (published values from Newcombe
 * 1998a/b, Fagerland et al. 2014 and 2017, with their sources).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "analysis/intervals.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

/* A non-negative count estimate as uint64_t: ceil, saturating. */
static uint64_t count_ceil(double x)
{
    if (!(x < 18446744073709551616.0)) /* 2^64; also catches +inf */
        return UINT64_MAX;
    return (uint64_t)ceil(x);
}

static double clamp(double x, double a, double b)
{
    return x < a ? a : (x > b ? b : x);
}

double sp_z_for_level(double level)
{
    if (!(level > 0.0 && level < 1.0))
        return NAN;
    sp_lib_init(); /* GSL's aborting handler off (style.md §4) */
    return gsl_cdf_ugaussian_Qinv((1.0 - level) / 2.0);
}

void sp_wilson(uint64_t k, uint64_t n, double z, double *lo, double *hi)
{
    if (k > n || !(z >= 0.0)) {
        *lo = *hi = NAN;
        return;
    }
    if (n == 0) {
        *lo = 0.0;
        *hi = 1.0;
        return;
    }
    double kd = (double)k, nd = (double)n, z2 = z * z;
    double denom = nd + z2;
    double centre = (kd + z2 / 2.0) / denom;
    double half = z * sqrt(kd * (double)(n - k) / nd + z2 / 4.0) / denom;
    double h = (k == n) ? 1.0 : centre + half;
    double l = (k == 0) ? 0.0 : (kd / nd) * kd / (denom * h);
    *lo = clamp(l, 0.0, 1.0);
    *hi = clamp(h, 0.0, 1.0);
}

/* Newcombe's phi with his correction; 0 when a margin is empty. */
static double newcombe_phi(uint64_t n11, uint64_t n10, uint64_t n01,
                           uint64_t n00)
{
    double n = (double)n11 + (double)n10 + (double)n01 + (double)n00;
    double r1 = (double)(n11 + n10), r2 = (double)(n01 + n00);
    double c1 = (double)(n11 + n01), c2 = (double)(n10 + n00);
    if (r1 == 0.0 || r2 == 0.0 || c1 == 0.0 || c2 == 0.0)
        return 0.0;
    double a = (double)n11 * (double)n00 - (double)n10 * (double)n01;
    if (a > 0.0)
        a = fmax(a - n / 2.0, 0.0);
    double phi = a / (sqrt(r1) * sqrt(r2) * sqrt(c1) * sqrt(c2));
    return clamp(phi, -1.0, 1.0);
}

/* sqrt(x^2 - 2 phi x y + y^2), never NaN from rounding. */
static double combine(double x, double y, double phi)
{
    return sqrt(fmax(x * x - 2.0 * phi * x * y + y * y, 0.0));
}

void sp_newcombe_paired(uint64_t n11, uint64_t n10, uint64_t n01,
                        uint64_t n00, double z, double *diff, double *lo,
                        double *hi)
{
    uint64_t n = n11 + n10 + n01 + n00;
    if (!(z >= 0.0)) {
        *diff = *lo = *hi = NAN;
        return;
    }
    if (n == 0) {
        *diff = 0.0;
        *lo = -1.0;
        *hi = 1.0;
        return;
    }
    double nd = (double)n;
    double pa = (double)(n11 + n10) / nd, pb = (double)(n11 + n01) / nd;
    double d = ((double)n10 - (double)n01) / nd;
    double l1, u1, l2, u2;
    sp_wilson(n11 + n10, n, z, &l1, &u1);
    sp_wilson(n11 + n01, n, z, &l2, &u2);
    double phi = newcombe_phi(n11, n10, n01, n00);
    double delta = combine(pa - l1, u2 - pb, phi);
    double epsilon = combine(pb - l2, u1 - pa, phi);
    *diff = d;
    *lo = clamp(d - delta, -1.0, d);
    *hi = clamp(d + epsilon, d, 1.0);
}

bool sp_paired_unresolved(uint64_t n11, uint64_t n10, uint64_t n01,
                          uint64_t n00, double z)
{
    if (n11 + n10 + n01 + n00 == 0 || !(z >= 0.0))
        return true;
    double d, lo, hi;
    sp_newcombe_paired(n11, n10, n01, n00, z, &d, &lo, &hi);
    bool contains_zero = lo <= 0.0 && hi >= 0.0;
    double half = (hi - lo) / 2.0;
    return contains_zero && half > 0.5 * fmax(fabs(d), 0.002);
}

uint64_t sp_runs_for_halfwidth(double p, double halfwidth, double z)
{
    if (!(p >= 0.0 && p <= 1.0) || !(halfwidth > 0.0) || !(z >= 0.0))
        return 0;
    uint64_t r = count_ceil(z * z * p * (1.0 - p) / (halfwidth * halfwidth));
    return r < 1 ? 1 : r;
}

uint64_t sp_paired_runs_hint(uint64_t n11, uint64_t n10, uint64_t n01,
                             uint64_t n00, double z)
{
    uint64_t n = n11 + n10 + n01 + n00;
    if (n == 0 || !(z >= 0.0))
        return 0;
    double nd = (double)n;
    double d = ((double)n10 - (double)n01) / nd;
    double disc = (double)(n10 + n01) / nd;
    if (n10 + n01 == 0)
        disc = fmin(3.0 / nd, 1.0);
    double s2 = fmax(disc - d * d, 0.0);
    double h = 0.5 * fmax(fabs(d), 0.002);
    uint64_t r = count_ceil(z * z * s2 / (h * h));
    if (r < 1)
        r = 1;
    if (r <= n && sp_paired_unresolved(n11, n10, n01, n00, z))
        r = n == UINT64_MAX ? n : n + 1;
    return r;
}

void sp_mean_ci(const double *x, size_t n, double z, double *mean,
                double *sd, double *lo, double *hi)
{
    double m = NAN, s = NAN, l = NAN, h = NAN;
    if (n > 0) {
        double sum = 0.0;
        for (size_t i = 0; i < n; i++)
            sum += x[i];
        m = sum / (double)n;
    }
    if (n > 1) {
        double ss = 0.0, c = 0.0;
        for (size_t i = 0; i < n; i++) {
            double dv = x[i] - m;
            ss += dv * dv;
            c += dv;
        }
        double var = (ss - c * c / (double)n) / (double)(n - 1);
        s = sqrt(fmax(var, 0.0));
        if (z >= 0.0) {
            double half = z * s / sqrt((double)n);
            l = m - half;
            h = m + half;
        }
    }
    if (mean)
        *mean = m;
    if (sd)
        *sd = s;
    if (lo)
        *lo = l;
    if (hi)
        *hi = h;
}

double sp_quantile_sorted(const double *sorted, size_t n, double q)
{
    if (n == 0 || !(q >= 0.0 && q <= 1.0))
        return NAN;
    double h = (double)(n - 1) * q;
    double jf = floor(h);
    size_t j = (size_t)jf;
    if (j >= n - 1)
        return sorted[n - 1];
    double g = h - jf;
    if (g == 0.0 || sorted[j + 1] == sorted[j])
        return sorted[j];
    return (1.0 - g) * sorted[j] + g * sorted[j + 1];
}
