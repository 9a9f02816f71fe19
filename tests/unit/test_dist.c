/*
 * test_dist.c - distributions of uncertain parameters (src/dist.c).
 *
 * Quantiles against values computed independently (published normal
 * quantiles; the beta(2,3) CDF 6x^2 - 8x^3 + 3x^4 inverted by bisection
 * in Python; the triangular closed form evaluated in Python and checked
 * back through its CDF), medians, supports, discrete edge cases, and
 * every rejection of sp_dist_validate with its exact message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "dist.h"

#define Z975 1.959963984540054  /* Phi^-1(0.975) */
#define Z999 3.090232306167813  /* Phi^-1(0.999) */

static sp_dist make(sp_dist_kind k, double a, double b, double c, double d)
{
    sp_dist x;
    memset(&x, 0, sizeof x);
    x.kind = k;
    x.p[0] = a;
    x.p[1] = b;
    x.p[2] = c;
    x.p[3] = d;
    return x;
}

static sp_dist make_discrete(const double *v, const double *w, size_t n)
{
    sp_dist d;
    char why[128] = "";
    assert_true(sp_dist_set_discrete(&d, v, n, w, n, why, sizeof why));
    assert_string_equal(why, "");
    return d;
}

static void assert_near(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("got %.17g, want %.17g (tol %g)", got, want, tol);
}

/* ---- names --------------------------------------------------------------- */

static void test_names(void **state)
{
    static const char *const names[] = {"fixed", "uniform", "normal",
                                        "lognormal", "beta", "triangular",
                                        "discrete"};
    for (int i = 0; i < 7; i++) {
        sp_dist_kind k = SP_DIST_NORMAL;
        assert_string_equal(sp_dist_name((sp_dist_kind)i), names[i]);
        assert_true(sp_dist_from_name(names[i], &k));
        assert_int_equal(k, i);
    }
    sp_dist_kind k = SP_DIST_BETA;
    assert_false(sp_dist_from_name("gaussian", &k));
    assert_false(sp_dist_from_name("Normal", &k));
    assert_false(sp_dist_from_name(NULL, &k));
    assert_int_equal(k, SP_DIST_BETA);
    assert_string_equal(sp_dist_name((sp_dist_kind)99), "unknown");
}

/* ---- quantiles ----------------------------------------------------------- */

static void test_fixed(void **state)
{
    sp_dist d = make(SP_DIST_FIXED, 2.385, 0, 0, 0);
    double lo, hi;
    assert_true(sp_dist_quantile(&d, 0.137) == 2.385);
    assert_true(sp_dist_median(&d) == 2.385);
    sp_dist_support(&d, &lo, &hi);
    assert_true(lo == 2.385 && hi == 2.385);
}

static void test_uniform(void **state)
{
    sp_dist d = make(SP_DIST_UNIFORM, -1.75, 2.385, 0, 0);
    double lo, hi;
    assert_near(sp_dist_quantile(&d, 0.2385), -1.75 + 0.2385 * 4.135, 1e-15);
    assert_near(sp_dist_median(&d), 0.3175, 1e-15);
    sp_dist_support(&d, &lo, &hi);
    assert_true(lo == -1.75 && hi == 2.385);
}

static void test_normal(void **state)
{
    sp_dist d = make(SP_DIST_NORMAL, 2.385, 0.731, 0, 0);
    double lo, hi;
    assert_near(sp_dist_quantile(&d, 0.975), 2.385 + 1.959963985 * 0.731,
                1e-9);
    assert_near(sp_dist_quantile(&d, 0.025), 2.385 - Z975 * 0.731, 1e-12);
    assert_near(sp_dist_median(&d), 2.385, 1e-15);
    sp_dist_support(&d, &lo, &hi);
    assert_near(lo, 2.385 - Z999 * 0.731, 1e-12);
    assert_near(hi, 2.385 + Z999 * 0.731, 1e-12);
}

static void test_lognormal(void **state)
{
    sp_dist d = make(SP_DIST_LOGNORMAL, 3.17, 0.415, 0, 0);
    double lo, hi;
    assert_near(sp_dist_median(&d), 3.17, 1e-14);
    assert_near(sp_dist_quantile(&d, 0.975), 3.17 * exp(0.415 * Z975),
                1e-12);
    sp_dist_support(&d, &lo, &hi);
    assert_near(lo, 3.17 * exp(-0.415 * Z999), 1e-12);
    assert_near(hi, 3.17 * exp(0.415 * Z999), 1e-12);
}

static void test_beta(void **state)
{
    /* beta(2,3): CDF 6x^2 - 8x^3 + 3x^4; median by bisection. */
    sp_dist d = make(SP_DIST_BETA, 2.0, 3.0, 0.0, 1.0);
    assert_near(sp_dist_median(&d), 0.3857275681, 1e-8);
    assert_near(sp_dist_median(&d), 0.38572756813238945, 1e-12);
    /* Scaled to [min, max]. */
    sp_dist s = make(SP_DIST_BETA, 2.0, 3.0, -1.5, 2.385);
    assert_near(sp_dist_median(&s), -1.5 + 3.885 * 0.38572756813238945,
                1e-11);
    double lo, hi;
    sp_dist_support(&s, &lo, &hi);
    assert_true(lo == -1.5 && hi == 2.385);
}

/* Inverts the CDF for shapes either side of 1. */
static void test_beta_inverts_cdf(void **state)
{
    static const double shapes[][2] = {
        {2.385, 5.1}, {0.45, 0.6}, {0.8, 3.7}, {17.3, 1.25}};
    static const double us[] = {0.0137, 0.2385, 0.5, 0.871, 0.9991};
    for (int i = 0; i < 4; i++) {
        sp_dist d = make(SP_DIST_BETA, shapes[i][0], shapes[i][1], 0, 1);
        for (int j = 0; j < 5; j++) {
            double x = sp_dist_quantile(&d, us[j]);
            assert_true(x > 0.0 && x < 1.0);
            assert_near(gsl_cdf_beta_P(x, shapes[i][0], shapes[i][1]), us[j],
                        1e-9);
        }
    }
}

/* Shapes where GSL 2.7's gsl_cdf_beta_Pinv fails to converge (returns
 * NaN with the handler off), so the bisection fallback answers. Beta(a, 1)
 * has CDF x^a, so its quantile is u^(1/a): 0.1^20 = 1e-20. */
static void test_beta_fallback(void **state)
{
    sp_dist d = make(SP_DIST_BETA, 0.05, 1.0, 0.0, 1.0);
    assert_near(sp_dist_quantile(&d, 0.1) / 1e-20, 1.0, 1e-12);
    sp_dist e = make(SP_DIST_BETA, 0.3, 0.05, 0.0, 1.0);
    double x = sp_dist_quantile(&e, 0.5);
    assert_true(x > 0.0 && x < 1.0);
    assert_near(gsl_cdf_beta_P(x, 0.3, 0.05), 0.5, 1e-12);
    sp_dist f = make(SP_DIST_BETA, 0.05, 2.385, 0.0, 1.0);
    x = sp_dist_quantile(&f, 0.7);
    assert_near(gsl_cdf_beta_P(x, 0.05, 2.385), 0.7, 1e-12);
}

static double triangular_cdf(double a, double c, double b, double x)
{
    if (x <= c)
        return (x - a) * (x - a) / ((b - a) * (c - a));
    return 1.0 - (b - x) * (b - x) / ((b - a) * (b - c));
}

static void test_triangular(void **state)
{
    /* min 1.2, mode 2.385, max 7.9; F(mode) = 0.17686567... */
    sp_dist d = make(SP_DIST_TRIANGULAR, 1.2, 2.385, 7.9, 0);
    static const double us[] = {0.1, 0.6, 0.95};
    static const double want[] = {2.0910387196974103, 4.055497431396358,
                                  6.540763081725632};
    for (int i = 0; i < 3; i++) {
        double x = sp_dist_quantile(&d, us[i]);
        assert_near(x, want[i], 1e-13);
        assert_near(triangular_cdf(1.2, 2.385, 7.9, x), us[i], 1e-13);
    }
    assert_near(sp_dist_quantile(&d, 1.185 / 6.7), 2.385, 1e-13);
    double lo, hi;
    sp_dist_support(&d, &lo, &hi);
    assert_true(lo == 1.2 && hi == 7.9);
    /* Mode at either end. */
    sp_dist left = make(SP_DIST_TRIANGULAR, 0.5, 0.5, 3.25, 0);
    sp_dist right = make(SP_DIST_TRIANGULAR, 0.5, 3.25, 3.25, 0);
    assert_near(sp_dist_quantile(&left, 0.75), 3.25 - sqrt(0.25) * 2.75,
                1e-14);
    assert_near(sp_dist_quantile(&right, 0.25), 0.5 + sqrt(0.25) * 2.75,
                1e-14);
}

static void test_discrete(void **state)
{
    static const double v[] = {7.25, -1.5, 2.385};
    static const double w[] = {1.0, 2.0, 1.0};
    sp_dist d = make_discrete(v, w, 3);
    assert_true(d.weights[0] == 0.25 && d.weights[1] == 0.5 &&
                d.weights[2] == 0.25);
    assert_true(sp_dist_quantile(&d, 1e-9) == 7.25);
    assert_true(sp_dist_quantile(&d, 0.25) == 7.25);
    assert_true(sp_dist_quantile(&d, nextafter(0.25, 1.0)) == -1.5);
    assert_true(sp_dist_median(&d) == -1.5);
    assert_true(sp_dist_quantile(&d, 0.75) == -1.5);
    assert_true(sp_dist_quantile(&d, 0.7501) == 2.385);
    assert_true(sp_dist_quantile(&d, nextafter(1.0, 0.0)) == 2.385);
    double lo, hi;
    sp_dist_support(&d, &lo, &hi);
    assert_true(lo == -1.5 && hi == 7.25);
}

/* Zero weights are never chosen, and rounding in the cumulative sum
 * cannot push u close to 1 past the last value. */
static void test_discrete_edges(void **state)
{
    static const double v[] = {4.5, 5.5, 6.5, 9.75};
    static const double w[] = {1.0, 0.0, 1.0, 0.0};
    sp_dist d = make_discrete(v, w, 4);
    assert_true(sp_dist_quantile(&d, 0.5) == 4.5);
    assert_true(sp_dist_quantile(&d, 0.6) == 6.5);
    assert_true(sp_dist_quantile(&d, nextafter(1.0, 0.0)) == 6.5);
    assert_true(sp_dist_quantile(&d, 1.0) == 6.5);
    double lo, hi;
    sp_dist_support(&d, &lo, &hi);
    assert_true(lo == 4.5 && hi == 6.5);

    /* A leading zero weight is skipped even at u = 0. */
    static const double zv[] = {9.75, 4.5};
    static const double zw[] = {0.0, 2.385};
    sp_dist z = make_discrete(zv, zw, 2);
    assert_true(sp_dist_quantile(&z, 0.0) == 4.5);

    /* These normalised weights sum to 0.9999999999999998 (found by a
     * search in Python, same IEEE order of operations), below the
     * largest u; the answer is the last value of positive weight. */
    static const double tv[] = {0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5};
    static const double tw[] = {2.418, 2.212, 2.203, 2.54,
                                2.056, 0.597, 0.9,   0.0};
    sp_dist t = make_discrete(tv, tw, 8);
    double cum = 0.0;
    for (int i = 0; i < 8; i++)
        cum += t.weights[i];
    assert_true(cum < nextafter(1.0, 0.0));
    assert_true(sp_dist_quantile(&t, nextafter(1.0, 0.0)) == 6.5);
}

static void test_quantile_outside_unit_interval(void **state)
{
    sp_dist n = make(SP_DIST_NORMAL, 2.385, 0.731, 0, 0);
    sp_dist b = make(SP_DIST_BETA, 2.0, 3.0, 0.0, 1.0);
    assert_true(isnan(sp_dist_quantile(&n, -0.1)));
    assert_true(isnan(sp_dist_quantile(&b, 1.5)));
    assert_true(isnan(sp_dist_quantile(&b, NAN)));
    assert_true(sp_dist_quantile(&b, 0.0) == 0.0);
    assert_true(sp_dist_quantile(&b, 1.0) == 1.0);
}

/* ---- validation ---------------------------------------------------------- */

static void expect_reject(sp_dist d, const char *msg)
{
    char why[256] = "";
    assert_false(sp_dist_validate(&d, why, sizeof why));
    assert_string_equal(why, msg);
}

static void test_validate_rejects(void **state)
{
    expect_reject(make(SP_DIST_NORMAL, 0.5, -1, 0, 0),
                  "sd must be > 0, got -1");
    expect_reject(make(SP_DIST_NORMAL, 0.5, 0, 0, 0), "sd must be > 0, got 0");
    expect_reject(make(SP_DIST_NORMAL, NAN, 1.5, 0, 0),
                  "mean must be a finite number, got nan");
    expect_reject(make(SP_DIST_UNIFORM, 5, 2, 0, 0),
                  "min (5) must be below max (2)");
    expect_reject(make(SP_DIST_UNIFORM, 2.385, 2.385, 0, 0),
                  "min (2.385) must be below max (2.385)");
    expect_reject(make(SP_DIST_TRIANGULAR, 0, 7, 5, 0),
                  "mode 7 outside [min, max] = [0, 5]");
    expect_reject(make(SP_DIST_TRIANGULAR, 0, -0.25, 5, 0),
                  "mode -0.25 outside [min, max] = [0, 5]");
    expect_reject(make(SP_DIST_TRIANGULAR, 5, 3, 2, 0),
                  "min (5) must be below max (2)");
    expect_reject(make(SP_DIST_LOGNORMAL, -2.385, 0.5, 0, 0),
                  "median must be > 0, got -2.385");
    expect_reject(make(SP_DIST_LOGNORMAL, 2.385, 0, 0, 0),
                  "sigma must be > 0, got 0");
    expect_reject(make(SP_DIST_BETA, 0, 3, 0, 1), "alpha must be > 0, got 0");
    expect_reject(make(SP_DIST_BETA, 2, -0.5, 0, 1),
                  "beta must be > 0, got -0.5");
    expect_reject(make(SP_DIST_BETA, 2, 3, 1.5, 1.5),
                  "min (1.5) must be below max (1.5)");
    expect_reject(make(SP_DIST_FIXED, INFINITY, 0, 0, 0),
                  "value must be a finite number, got inf");
    expect_reject(make((sp_dist_kind)42, 0, 0, 0, 0),
                  "unknown distribution kind 42");
}

static void expect_reject_discrete(const double *v, size_t nv,
                                   const double *w, size_t nw,
                                   const char *msg)
{
    sp_dist d;
    char why[256] = "";
    assert_false(sp_dist_set_discrete(&d, v, nv, w, nw, why, sizeof why));
    assert_string_equal(why, msg);
}

static void test_validate_rejects_discrete(void **state)
{
    static const double v[3] = {1.5, 2.385, 4.0};
    static const double neg[3] = {0.5, -1.0, 2.0};
    static const double zero[3] = {0.0, 0.0, 0.0};
    static const double nan3[3] = {0.5, NAN, 2.0};
    static const double big[SP_DIST_MAX_DISCRETE + 1] = {0};
    expect_reject_discrete(v, 3, neg, 3, "weights must be >= 0 and not all 0");
    expect_reject_discrete(v, 3, zero, 3, "weights must be >= 0 and not all 0");
    expect_reject_discrete(v, 3, nan3, 3, "weights must be >= 0 and not all 0");
    expect_reject_discrete(v, 3, neg, 2,
                           "values and weights differ in length (3 vs 2)");
    expect_reject_discrete(big, SP_DIST_MAX_DISCRETE + 1, big,
                           SP_DIST_MAX_DISCRETE + 1,
                           "discrete takes at most 64 values, got 65");
    expect_reject_discrete(v, 0, v, 0, "discrete needs at least one value");
    static const double w[3] = {1.0, 1.0, 1.0};
    expect_reject_discrete(nan3, 3, w, 3,
                           "values must be finite numbers, got nan");

    /* The same checks on a struct filled by hand. */
    sp_dist d;
    memset(&d, 0, sizeof d);
    d.kind = SP_DIST_DISCRETE;
    d.n = SP_DIST_MAX_DISCRETE + 1;
    expect_reject(d, "discrete takes at most 64 values, got 65");
}

static void test_validate_accepts(void **state)
{
    sp_dist good[] = {
        make(SP_DIST_FIXED, 2.385, 0, 0, 0),
        make(SP_DIST_UNIFORM, -1.75, 2.385, 0, 0),
        make(SP_DIST_NORMAL, -3.5, 0.731, 0, 0),
        make(SP_DIST_LOGNORMAL, 3.17, 0.415, 0, 0),
        make(SP_DIST_BETA, 2.385, 0.6, -4.0, 11.5),
        make(SP_DIST_TRIANGULAR, 1.2, 1.2, 7.9, 0),
        make(SP_DIST_TRIANGULAR, 1.2, 7.9, 7.9, 0),
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char why[64] = "";
        assert_true(sp_dist_validate(&good[i], why, sizeof why));
        assert_string_equal(why, "");
    }
    /* Validation normalises discrete weights. */
    sp_dist d;
    memset(&d, 0, sizeof d);
    d.kind = SP_DIST_DISCRETE;
    d.n = 2;
    d.values[0] = 0.5;
    d.values[1] = 2.385;
    d.weights[0] = 3.0;
    d.weights[1] = 1.0;
    char why[64] = "";
    assert_true(sp_dist_validate(&d, why, sizeof why));
    assert_true(d.weights[0] == 0.75 && d.weights[1] == 0.25);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_fixed),
        cmocka_unit_test(test_uniform),
        cmocka_unit_test(test_normal),
        cmocka_unit_test(test_lognormal),
        cmocka_unit_test(test_beta),
        cmocka_unit_test(test_beta_inverts_cdf),
        cmocka_unit_test(test_beta_fallback),
        cmocka_unit_test(test_triangular),
        cmocka_unit_test(test_discrete),
        cmocka_unit_test(test_discrete_edges),
        cmocka_unit_test(test_quantile_outside_unit_interval),
        cmocka_unit_test(test_validate_rejects),
        cmocka_unit_test(test_validate_rejects_discrete),
        cmocka_unit_test(test_validate_accepts),
    };
    gsl_set_error_handler_off(); /* as the library's init does */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
