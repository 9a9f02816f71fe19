/*
 * test_morris.c - Morris measures (src/analysis/morris.c) on functions
 * whose elementary effects are known, through the morris design.
 *
 * Levels are u = 1/8, 3/8, 5/8, 7/8 and every step moves by 1/2
 * (design.c), so:
 *   - linear f = sum c_p u_p: every effect of p is c_p exactly, so
 *     mu = c_p, mu* = |c_p|, sigma = 0 (to rounding, 1e-12);
 *   - f = 2 u1^2: a step 1/8 <-> 5/8 has effect 2 (1/8 + 5/8) = 1.5,
 *     3/8 <-> 7/8 has 2 (3/8 + 7/8) = 2.5 (either direction); the start
 *     level is uniform, so each with probability 1/2: mu* = 2 and sigma
 *     (population) = 0.5. With one trajectory mu* is one effect, which
 *     must be 1.5 or 2.5 exactly;
 *   - f = u2 u3: the effect of u2 is the current u3, uniform on the four
 *     levels (before and after its own jump): mu* = 1/2, sigma^2 = (9 +
 *     1 + 1 + 9)/(4 * 64) = 0.078125, sigma = 0.2795;
 *   - an inert u4: mu* = sigma = 0 exactly.
 * With 2000 trajectories the standard error of mu* is below 0.5 /
 * sqrt(2000) = 0.011, so the tolerances are 0.04 for mu* and 0.03 for
 * sigma (about 3 standard errors; the seed is fixed, so the test is
 * deterministic). Groups: {u0, u1} moved together in f = u0 + u1 +
 * 3 u2; the group's effect is 2 when both jump the same way and 0 when
 * they cancel; u2's is 3 exactly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "expect.h"
#include "spiral.h"

typedef double (*fn)(const double *u);

static sp_design *morris(size_t k, const int *groups, size_t n, uint64_t seed)
{
    sp_design *d = NULL;
    sp_error err = {0};
    assert_int_equal(sp_design_new(SP_DESIGN_MORRIS, k, groups, n, seed,
                                   NULL, &d, &err), SP_OK);
    return d;
}

static double *evaluate(const sp_design *d, fn f)
{
    size_t n = sp_design_n_points(d);
    double *y = malloc(n * sizeof *y), u[8];
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(sp_design_point(d, i, u), SP_OK);
        y[i] = f(u);
    }
    return y;
}

static void analyze(const sp_design *d, const double *y, sp_morris_index *m)
{
    sp_error err = {0};
    int rc = sp_morris_analyze(d, y, sp_design_n_points(d), m, &err);
    if (rc != SP_OK)
        fail_msg("sp_morris_analyze: %s", err.message);
}

static const double coef[5] = {2.385, -1.25, 0.0, 0.5, 7.1};

static double linear(const double *u)
{
    double s = 0.0;
    for (int p = 0; p < 5; p++)
        s += coef[p] * u[p];
    return s;
}

static void test_linear_exact(void **state)
{
    (void)state;
    sp_design *d = morris(5, NULL, 50, 11);
    double *y = evaluate(d, linear);
    sp_morris_index m[5];
    analyze(d, y, m);
    for (int p = 0; p < 5; p++) {
        assert_int_equal(m[p].n, 50);
        EXPECT_NEAR(m[p].mu, coef[p], 1e-12, "linear mu");
        EXPECT_NEAR(m[p].mu_star, fabs(coef[p]), 1e-12, "linear mu*");
        EXPECT_NEAR(m[p].sigma, 0.0, 1e-12, "linear sigma");
    }
    free(y);
    sp_design_free(d);
}

static double nonlinear(const double *u)
{
    return 2.0 * u[0] * u[0] + u[1] * u[2] + 0.0 * u[3];
}

static void test_nonlinear_known_effects(void **state)
{
    (void)state;
    sp_design *d = morris(4, NULL, 2000, 12);
    double *y = evaluate(d, nonlinear);
    sp_morris_index m[4];
    analyze(d, y, m);
    EXPECT_NEAR(m[0].mu_star, 2.0, 0.04, "mu* of 2 u1^2");
    EXPECT_NEAR(m[0].mu, 2.0, 0.04, "mu of 2 u1^2");
    EXPECT_NEAR(m[0].sigma, 0.5, 0.03, "sigma of 2 u1^2");
    for (int p = 1; p <= 2; p++) {
        EXPECT_NEAR(m[p].mu_star, 0.5, 0.04, "mu* of u2 u3");
        EXPECT_NEAR(m[p].sigma, sqrt(0.078125), 0.03, "sigma of u2 u3");
    }
    EXPECT_NEAR(m[3].mu_star, 0.0, 0.0, "mu* of the inert u4");
    EXPECT_NEAR(m[3].sigma, 0.0, 0.0, "sigma of the inert u4");
    free(y);
    sp_design_free(d);
    /* one trajectory: mu* is a single effect of u1, 1.5 or 2.5 exactly */
    int seen15 = 0, seen25 = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        sp_design *one = morris(4, NULL, 1, seed);
        double *y1 = evaluate(one, nonlinear);
        analyze(one, y1, m);
        assert_true(isnan(m[0].sigma));
        if (fabs(m[0].mu_star - 1.5) < 1e-12)
            seen15 = 1;
        else if (fabs(m[0].mu_star - 2.5) < 1e-12)
            seen25 = 1;
        else
            fail_msg("seed %llu: effect of 2 u1^2 is %.17g, not 1.5 or 2.5",
                     (unsigned long long)seed, m[0].mu_star);
        free(y1);
        sp_design_free(one);
    }
    assert_true(seen15 && seen25);
}

static double grouped(const double *u) { return u[0] + u[1] + 3.0 * u[2]; }

static void test_groups(void **state)
{
    (void)state;
    int groups[3] = {0, 0, 1};
    sp_design *d = morris(3, groups, 400, 13);
    double *y = evaluate(d, grouped);
    sp_morris_index m[2];
    analyze(d, y, m);
    EXPECT_NEAR(m[1].mu_star, 3.0, 1e-12, "mu* of 3 u2");
    EXPECT_NEAR(m[1].sigma, 0.0, 1e-12, "sigma of 3 u2");
    /* effects 0 or 2, each about half the time */
    assert_true(m[0].mu_star > 0.8 && m[0].mu_star < 1.2);
    free(y);
    sp_design_free(d);
}

static void test_failed_steps_and_errors(void **state)
{
    (void)state;
    sp_design *d = morris(5, NULL, 10, 14);
    double *y = evaluate(d, linear);
    y[6 * 3 + 2] = NAN; /* trajectory 3, point 2: two steps lost */
    sp_morris_index m[5];
    analyze(d, y, m);
    size_t total = 0;
    for (int p = 0; p < 5; p++) {
        total += m[p].n;
        if (m[p].n)
            EXPECT_NEAR(m[p].mu_star, fabs(coef[p]), 1e-12, "with NaN");
    }
    assert_int_equal(total, 50 - 2);
    sp_error err = {0};
    assert_int_equal(sp_morris_analyze(d, y, 59, m, &err), SP_EINVAL);
    sp_design *lhs = NULL;
    assert_int_equal(sp_design_new(SP_DESIGN_LHS, 5, NULL, 60, 1, NULL, &lhs,
                                   &err), SP_OK);
    sp_error_clear(&err);
    assert_int_equal(sp_morris_analyze(lhs, y, 60, m, &err), SP_EINVAL);
    sp_design_free(lhs);
    free(y);
    sp_design_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear_exact),
        cmocka_unit_test(test_nonlinear_known_effects),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_failed_steps_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
