/*
 * test_regret.c - regret and threshold satisfaction
 * (src/analysis/regret.c).
 *
 * Every expected number below was worked by hand from the definitions in
 * regret.c on the 5 x 3 matrix M (its fifth row is a failed run):
 *
 *             p0     p1     p2      regret (lower better)
 *     row 0   1.5    2.0    1.0     0.5   1.0   0
 *     row 1   3.0    2.5    2.5     0.5   0     0      (p1, p2 tie)
 *     row 2   0.25   4.0    3.0     0     3.75  2.75
 *     row 3   2.0    2.0    2.0     0     0     0      (three-way tie)
 *     row 4   NaN    1.0    0.5     dropped for every package
 *
 * 90th percentile, type 7 on 4 values: h = 3 * 0.9 = 2.7, so
 * x[2] + 0.7 (x[3] - x[2]) of the sorted regrets.
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

#include <gsl/gsl_errno.h>

#include "expect.h"

#include "analysis/intervals.h"
#include "analysis/regret.h"

static const double M[15] = {
    1.5, 2.0, 1.0,
    3.0, 2.5, 2.5,
    0.25, 4.0, 3.0,
    2.0, 2.0, 2.0,
    NAN, 1.0, 0.5,
};

static void check_pkg(const sp_regret_pkg *r, double max, double mean,
                      double p90, uint64_t best, const char *what)
{
    EXPECT_NEAR(r->max_regret, max, 1e-15, what);
    EXPECT_NEAR(r->mean_regret, mean, 1e-15, what);
    EXPECT_NEAR(r->p90_regret, p90, 1e-12, what);
    if (r->n_best != best)
        fail_msg("%s: n_best %llu, want %llu", what,
                 (unsigned long long)r->n_best, (unsigned long long)best);
    EXPECT_NEAR(r->share_best, best / 4.0, 1e-15, what);
}

static void test_lower_is_better(void **state)
{
    (void)state;
    sp_regret_pkg r[3];
    size_t used = 99;
    sp_error err = {0};
    assert_int_equal(sp_regret_compute(M, 5, 3, NULL, r, &used, &err), SP_OK);
    assert_int_equal(used, 4);
    /* p0: 0.5 0.5 0 0; p1: 1 0 3.75 0; p2: 0 0 2.75 0 */
    check_pkg(&r[0], 0.5, 0.25, 0.5, 2, "p0");
    check_pkg(&r[1], 3.75, 4.75 / 4, 1.0 + 0.7 * 2.75, 2, "p1");
    check_pkg(&r[2], 2.75, 2.75 / 4, 0.7 * 2.75, 3, "p2");
    /* No threshold asked: not filled. */
    assert_true(isnan(r[0].meets));
}

static void test_higher_is_better(void **state)
{
    (void)state;
    sp_regret_opts o;
    sp_regret_opts_default(&o);
    o.higher_is_better = true;
    sp_regret_pkg r[3];
    sp_error err = {0};
    assert_int_equal(sp_regret_compute(M, 5, 3, &o, r, NULL, &err), SP_OK);
    /* Best is the row maximum: 2.0, 3.0, 4.0, 2.0.
     * p0: 0.5 0 3.75 0; p1: 0 0.5 0 0; p2: 1 0.5 1 0 */
    check_pkg(&r[0], 3.75, 4.25 / 4, 0.5 + 0.7 * 3.25, 2, "p0 higher");
    check_pkg(&r[1], 0.5, 0.125, 0.7 * 0.5, 3, "p1 higher");
    check_pkg(&r[2], 1.0, 0.625, 1.0, 1, "p2 higher");
}

static void check_share(const sp_regret_pkg *r, uint64_t k,
                        const char *what)
{
    if (r->n_meets != k)
        fail_msg("%s: n_meets %llu, want %llu", what,
                 (unsigned long long)r->n_meets, (unsigned long long)k);
    double lo, hi;
    sp_wilson(k, 4, SP_Z95, &lo, &hi);
    EXPECT_NEAR(r->meets, k / 4.0, 1e-15, what);
    EXPECT_NEAR(r->meets_lo, lo, 0.0, what);
    EXPECT_NEAR(r->meets_hi, hi, 0.0, what);
}

static void test_threshold(void **state)
{
    (void)state;
    sp_regret_opts o;
    sp_regret_opts_default(&o);
    o.cmp = SP_CMP_LT;
    o.threshold = 2.0;
    sp_regret_pkg r[3];
    sp_error err = {0};
    assert_int_equal(sp_regret_compute(M, 5, 3, &o, r, NULL, &err), SP_OK);
    /* < 2: p0 rows 0, 2; p1 none; p2 row 0. The failed row 4 would have
     * counted for p1 and p2 had it been kept. */
    check_share(&r[0], 2, "p0 < 2");
    check_share(&r[1], 0, "p1 < 2");
    check_share(&r[2], 1, "p2 < 2");
    /* Wilson 2/4 at 95%: (0.1500, 0.8500) to 4 decimals. */
    EXPECT_NEAR(r[0].meets_lo, 0.1500, 5e-5, "Wilson 2/4 lo");
    EXPECT_NEAR(r[0].meets_hi, 0.8500, 5e-5, "Wilson 2/4 hi");
    assert_true(r[1].meets_lo == 0.0);

    o.cmp = SP_CMP_LE; /* the ties at exactly 2.0 now count */
    assert_int_equal(sp_regret_compute(M, 5, 3, &o, r, NULL, &err), SP_OK);
    check_share(&r[0], 3, "p0 <= 2");
    check_share(&r[1], 2, "p1 <= 2");
    check_share(&r[2], 2, "p2 <= 2");

    o.cmp = SP_CMP_GT;
    assert_int_equal(sp_regret_compute(M, 5, 3, &o, r, NULL, &err), SP_OK);
    check_share(&r[0], 1, "p0 > 2");
    check_share(&r[1], 2, "p1 > 2");
    check_share(&r[2], 2, "p2 > 2");

    o.cmp = SP_CMP_GE;
    assert_int_equal(sp_regret_compute(M, 5, 3, &o, r, NULL, &err), SP_OK);
    check_share(&r[1], 4, "p1 >= 2");
    assert_true(r[1].meets_hi == 1.0);
}

/* Infinity is a failed run too; one package alone has no regret. */
static void test_failed_and_single(void **state)
{
    (void)state;
    const double v[6] = {1.25, INFINITY, 3.5, 0.75, -INFINITY, 2.0};
    sp_regret_pkg r[2];
    size_t used = 0;
    sp_error err = {0};
    assert_int_equal(sp_regret_compute(v, 3, 2, NULL, r, &used, &err), SP_OK);
    assert_int_equal(used, 1); /* only row 1: 3.5, 0.75 */
    check_pkg(&r[0], 2.75, 2.75, 2.75, 0, "inf rows dropped");
    assert_int_equal(r[1].n_best, 1);

    const double one[3] = {4.5, 0.125, 9.0};
    assert_int_equal(sp_regret_compute(one, 3, 1, NULL, r, &used, &err), SP_OK);
    assert_true(r[0].max_regret == 0.0 && r[0].share_best == 1.0);
}

static void test_errors(void **state)
{
    (void)state;
    sp_regret_pkg r[3];
    sp_error err = {0};
    assert_int_equal(sp_regret_compute(M, 0, 3, NULL, r, NULL, &err),
                     SP_EINVAL);
    sp_error_clear(&err);
    assert_int_equal(sp_regret_compute(M, 5, 0, NULL, r, NULL, &err),
                     SP_EINVAL);
    sp_error_clear(&err);
    const double nan2[4] = {NAN, 1.0, 2.0, NAN};
    size_t used = 7;
    assert_int_equal(sp_regret_compute(nan2, 2, 2, NULL, r, &used, &err),
                     SP_EINVAL);
    assert_int_equal(used, 0);
    assert_non_null(strstr(err.message, "failed"));
    sp_error_clear(&err);

    sp_regret_opts o;
    sp_regret_opts_default(&o);
    o.cmp = (sp_cmp)99;
    assert_int_equal(sp_regret_compute(M, 5, 3, &o, r, NULL, &err),
                     SP_EINVAL);
    sp_error_clear(&err);
    o.cmp = SP_CMP_LT;
    o.threshold = NAN;
    assert_int_equal(sp_regret_compute(M, 5, 3, &o, r, NULL, &err),
                     SP_EINVAL);
    sp_error_clear(&err);
    o.threshold = 1.0;
    o.z = -1.0;
    assert_int_equal(sp_regret_compute(M, 5, 3, &o, r, NULL, &err),
                     SP_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lower_is_better),
        cmocka_unit_test(test_higher_is_better),
        cmocka_unit_test(test_threshold),
        cmocka_unit_test(test_failed_and_single),
        cmocka_unit_test(test_errors),
    };
    gsl_set_error_handler_off(); /* as the library's init does */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
