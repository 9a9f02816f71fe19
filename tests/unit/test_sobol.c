/*
 * test_sobol.c - Sobol' indices (src/analysis/sobol.c) on the Ishigami
 * function, through the sobol design (src/analysis/design.c).
 *
 * Ishigami & Homma (1990): f = sin x1 + a sin^2 x2 + b x3^4 sin x1,
 * x_i uniform on [-pi, pi], a = 7, b = 0.1. Analytic indices (e.g.
 * Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, §4.9),
 * derived here. With E over one uniform on [-pi, pi]: E sin x = 0,
 * E sin^2 x = 1/2, E sin^4 x = 3/8, E x^4 = pi^4/5, E x^8 = pi^8/9.
 * Write f = sin x1 (1 + b x3^4) + a sin^2 x2.
 *   V2  = a^2 Var(sin^2 x2) = a^2 (3/8 - 1/4) = a^2/8 = 6.125
 *   V1  = Var(E[f | x1]) = Var(sin x1 (1 + b pi^4/5))
 *       = (1 + b pi^4/5)^2 / 2 = 4.3459
 *   V3  = 0 (E[f | x3] = a/2, since E sin x1 = 0)
 *   V13 = Var(sin x1 (1 + b x3^4)) - V1
 *       = (1/2) E(1 + b x3^4)^2 - V1 = (b^2/2)(pi^8/9 - pi^8/25)
 *       = 8 b^2 pi^8 / 225 = 3.3737
 *   no other terms (x2 enters additively), so
 *   V   = V1 + V2 + V13 = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2 = 13.8446
 *   S1 = V1/V = 0.3139, S2 = V2/V = 0.4424, S3 = 0,
 *   ST1 = (V1 + V13)/V = 0.5576, ST2 = 0.4424, ST3 = V13/V = 0.2437.
 * With {x1, x3} as one group: its closed first-order index is
 * (V1 + V3 + V13)/V = 0.5576, equal to its total (no interaction with
 * x2); the group {x2}: 0.4424 both.
 * The values below are computed from these formulas in double.
 *
 * Tolerance. N = 2^13 base points (40,960 evaluations with 3 groups):
 * every estimate within 0.01 of the analytic value, and the analytic
 * value inside the 95% bootstrap interval (B = 1000). Observed at this
 * N (seed below): S = 0.3148, 0.4424, 0.0008 and ST = 0.5586, 0.4424,
 * 0.2434, all within 0.001; interval widths 0.02-0.06 (the bootstrap
 * treats Sobol' points as random, so it is conservative); grouped
 * {x1,x3}: S = ST = 0.5583. At N = 1024 the errors reach 0.02 (S1
 * 0.3330), so the tolerance leaves a margin of 10 at 2^13.
 *
 * Also: the estimates equal a naive evaluation of the same
 * formulas (Saltelli 2010 (b), Jansen 1999) on the same outputs within
 * 1e-9; base points with NaN are dropped; constant output gives NaN
 * indices with variance 0; the same seed gives the same intervals; bad
 * arguments are refused.
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
#include <string.h>

#include "expect.h"
#include "spiral.h"

#define N_BASE 8192u
#define SEED 0x15b1a9a1ull
#define TOL 0.01

static const double A7 = 7.0, B01 = 0.1;

typedef struct truth {
    double s1[3], st[3];
} truth;

static truth ishigami_truth(void)
{
    double pi4 = pow(M_PI, 4), pi8 = pow(M_PI, 8);
    double v1 = 0.5 * pow(1.0 + B01 * pi4 / 5.0, 2);
    double v2 = A7 * A7 / 8.0;
    double v13 = 8.0 * B01 * B01 * pi8 / 225.0;
    double v = v1 + v2 + v13;
    truth t = {{v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
    return t;
}

static double ishigami(const double *u)
{
    double x1 = -M_PI + 2.0 * M_PI * u[0], x2 = -M_PI + 2.0 * M_PI * u[1];
    double x3 = -M_PI + 2.0 * M_PI * u[2];
    double s2 = sin(x2);
    return sin(x1) + A7 * s2 * s2 + B01 * pow(x3, 4) * sin(x1);
}

/* Outcomes of the Ishigami function over a sobol design. */
static double *evaluate(const int *groups, size_t *n_points)
{
    sp_design *d = NULL;
    sp_error err = {0};
    assert_int_equal(sp_design_new(SP_DESIGN_SOBOL, 3, groups, N_BASE, SEED,
                                   NULL, &d, &err), SP_OK);
    size_t n = sp_design_n_points(d);
    double *y = malloc(n * sizeof *y), u[3];
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(sp_design_point(d, i, u), SP_OK);
        y[i] = ishigami(u);
    }
    sp_design_free(d);
    *n_points = n;
    return y;
}

static void check_index(double got, double lo, double hi, double want,
                        const char *what)
{
    EXPECT_NEAR(got, want, TOL, what);
    if (!(lo <= want && want <= hi))
        fail_msg("%s: analytic %.4f outside the interval [%.4f, %.4f] "
                 "(estimate %.4f)", what, want, lo, hi, got);
    assert_true(lo <= got && got <= hi);
}

static void test_ishigami(void **state)
{
    (void)state;
    truth t = ishigami_truth();
    EXPECT_NEAR(t.s1[0], 0.3139, 5e-5, "S1 formula");
    EXPECT_NEAR(t.s1[1], 0.4424, 5e-5, "S2 formula");
    EXPECT_NEAR(t.st[0], 0.5576, 5e-5, "ST1 formula");
    EXPECT_NEAR(t.st[2], 0.2437, 5e-5, "ST3 formula");
    size_t n;
    double *y = evaluate(NULL, &n);
    sp_sobol_index s[3];
    double v;
    size_t used;
    sp_error err = {0};
    assert_int_equal(sp_sobol_analyze(y, n, 3, 0 /* 1000 */, SEED, 0.95, s, &v,
                                      &used, &err), SP_OK);
    assert_int_equal(used, N_BASE);
    EXPECT_NEAR(v, 13.8446, 0.3, "variance");
    const char *s1n[3] = {"S1", "S2", "S3"}, *stn[3] = {"ST1", "ST2", "ST3"};
    for (int i = 0; i < 3; i++) {
        check_index(s[i].s1, s[i].s1_lo, s[i].s1_hi, t.s1[i], s1n[i]);
        check_index(s[i].st, s[i].st_lo, s[i].st_hi, t.st[i], stn[i]);
        /* intervals informative, not the whole line */
        assert_true(s[i].s1_hi - s[i].s1_lo < 0.1);
        assert_true(s[i].st_hi - s[i].st_lo < 0.1);
    }
    free(y);
}

static void test_ishigami_groups(void **state)
{
    (void)state;
    int groups[3] = {0, 1, 0}; /* {x1, x3}, {x2} */
    truth t = ishigami_truth();
    double g13 = t.st[0]; /* (V1 + V13)/V */
    size_t n;
    double *y = evaluate(groups, &n);
    assert_int_equal(n, N_BASE * 4);
    sp_sobol_index s[2];
    sp_error err = {0};
    assert_int_equal(sp_sobol_analyze(y, n, 2, 300, SEED, 0.95, s, NULL,
                                      NULL, &err), SP_OK);
    EXPECT_NEAR(g13, 0.5576, 5e-5, "S13 formula");
    check_index(s[0].s1, s[0].s1_lo, s[0].s1_hi, g13, "S{1,3}");
    check_index(s[0].st, s[0].st_lo, s[0].st_hi, g13, "ST{1,3}");
    check_index(s[1].s1, s[1].s1_lo, s[1].s1_hi, t.s1[1], "S{2}");
    check_index(s[1].st, s[1].st_lo, s[1].st_hi, t.st[1], "ST{2}");
    free(y);
}

/* The same formulas straight from the papers, evaluated plainly. The
 * first-order numerator uses fB - c with c the mean of fA and fB, as
 * sobol.c does: the plain fB differs by c mean(fAB - fA), which has
 * mean 0 but here is 1.3e-6 (so the comparison would test nothing
 * finer than that). */
static void naive(const double *y, size_t n_base, size_t g, double *s1,
                  double *st)
{
    size_t per = g + 2;
    double sum = 0.0, sum2 = 0.0;
    for (size_t j = 0; j < n_base; j++)
        for (int r = 0; r < 2; r++) {
            sum += y[j * per + r];
            sum2 += y[j * per + r] * y[j * per + r];
        }
    double m = 2.0 * (double)n_base, v = sum2 / m - (sum / m) * (sum / m);
    double c = sum / m;
    for (size_t h = 0; h < g; h++) {
        double f = 0.0, t = 0.0;
        for (size_t j = 0; j < n_base; j++) {
            const double *b = y + j * per;
            f += (b[1] - c) * (b[2 + h] - b[0]);
            t += (b[0] - b[2 + h]) * (b[0] - b[2 + h]);
        }
        s1[h] = f / (double)n_base / v;
        st[h] = t / (2.0 * (double)n_base) / v;
    }
}

static void test_matches_naive_formulas(void **state)
{
    (void)state;
    size_t n;
    double *y = evaluate(NULL, &n);
    double s1[3], st[3];
    naive(y, N_BASE, 3, s1, st);
    sp_sobol_index s[3];
    sp_error err = {0};
    assert_int_equal(sp_sobol_analyze(y, n, 3, 10, SEED, 0.95, s, NULL, NULL,
                                      &err), SP_OK);
    for (int i = 0; i < 3; i++) {
        EXPECT_NEAR(s[i].s1, s1[i], 1e-9, "first order vs naive");
        EXPECT_NEAR(s[i].st, st[i], 1e-9, "total order vs naive");
    }
    free(y);
}

static void test_failed_points_dropped(void **state)
{
    (void)state;
    size_t n;
    double *y = evaluate(NULL, &n);
    for (size_t j = 0; j < N_BASE; j += 97) /* one value of the block */
        y[j * 5 + (j % 5)] = NAN;
    sp_sobol_index s[3];
    size_t used;
    sp_error err = {0};
    assert_int_equal(sp_sobol_analyze(y, n, 3, 200, SEED, 0.95, s, NULL,
                                      &used, &err), SP_OK);
    assert_int_equal(used, N_BASE - (N_BASE + 96) / 97);
    truth t = ishigami_truth();
    for (int i = 0; i < 3; i++) {
        EXPECT_NEAR(s[i].s1, t.s1[i], TOL, "first order with NaNs");
        EXPECT_NEAR(s[i].st, t.st[i], TOL, "total order with NaNs");
    }
    free(y);
}

static void test_bootstrap_reproducible(void **state)
{
    (void)state;
    size_t n;
    double *y = evaluate(NULL, &n);
    sp_sobol_index a[3], b[3], c[3];
    sp_error err = {0};
    assert_int_equal(sp_sobol_analyze(y, n, 3, 100, 7, 0.9, a, NULL, NULL,
                                      &err), SP_OK);
    assert_int_equal(sp_sobol_analyze(y, n, 3, 100, 7, 0.9, b, NULL, NULL,
                                      &err), SP_OK);
    assert_int_equal(sp_sobol_analyze(y, n, 3, 100, 8, 0.9, c, NULL, NULL,
                                      &err), SP_OK);
    assert_memory_equal(a, b, sizeof a);
    assert_true(a[0].s1 == c[0].s1 && a[0].s1_lo != c[0].s1_lo);
    free(y);
}

static void test_constant_and_errors(void **state)
{
    (void)state;
    double y[40];
    for (int i = 0; i < 40; i++)
        y[i] = 2.385;
    sp_sobol_index s[2];
    double v = -1.0;
    sp_error err = {0};
    assert_int_equal(sp_sobol_analyze(y, 40, 2, 50, 1, 0.95, s, &v, NULL,
                                      &err), SP_OK);
    assert_true(v == 0.0 && isnan(s[0].s1) && isnan(s[1].st) &&
                isnan(s[0].s1_lo));
    assert_int_equal(sp_sobol_analyze(y, 39, 2, 50, 1, 0.95, s, NULL, NULL,
                                      &err), SP_EINVAL);
    sp_error_clear(&err);
    assert_int_equal(sp_sobol_analyze(y, 40, 2, 50, 1, 1.0, s, NULL, NULL,
                                      &err), SP_EINVAL);
    sp_error_clear(&err);
    assert_int_equal(sp_sobol_analyze(y, 40, 0, 50, 1, 0.95, s, NULL, NULL,
                                      &err), SP_EINVAL);
    sp_error_clear(&err);
    for (int i = 4; i < 40; i++)
        y[i] = NAN; /* one usable base point */
    size_t used = 99;
    assert_int_equal(sp_sobol_analyze(y, 40, 2, 50, 1, 0.95, s, NULL, &used,
                                      &err), SP_EINVAL);
    assert_int_equal(used, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ishigami),
        cmocka_unit_test(test_ishigami_groups),
        cmocka_unit_test(test_matches_naive_formulas),
        cmocka_unit_test(test_failed_points_dropped),
        cmocka_unit_test(test_bootstrap_reproducible),
        cmocka_unit_test(test_constant_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
