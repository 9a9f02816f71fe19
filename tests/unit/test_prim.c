/*
 * test_prim.c - PRIM scenario discovery (src/analysis/prim.c).
 *
 * 1. Two one-dimensional cases worked by hand from the rules in prim.c
 *    (x = 0, 1, ..., 19 on the range [0, 19]):
 *    a. y = 1 for x >= 15, peel_alpha 0.05: each peel removes the lowest
 *       point (r = floor(0.05 * (m - 1)) = 0 while m <= 20), cutting
 *       midway, so 15 peels reach [14.5, 19] at density 1, where no peel
 *       raises the density and peeling stops.
 *    b. y = 1 for x in {7, 8, 10..19}, peel_alpha 0.45, min_coverage
 *       0.6: peel 1 removes 0..8 (cut 8.5; density 10/11), peel 2 removes
 *       9..13 (cut 13.5; density 1 but coverage 6/12 < 0.6), so box 1 is
 *       chosen (F1 0.870 against box 0's 0.750); pasting adds 8 then 7 (density 11/12, 12/13) and stops
 *       before 6 (12/14): the result is [6.5, 19], coverage 1, mass 0.65.
 * 2. The brief's synthetic case: 5 uniform parameters on [0, 1], n =
 *    5000 from a fixed seed, y = 1 exactly when x1 > 0.7 and x2 < 0.4
 *    (0-based): the chosen box restricts exactly x1 (low end) and x2
 *    (high end), limits within 0.05 of the truth, coverage and density
 *    >= 0.9. Then the same with noise.
 * 3. Invariants on every box: counts equal a recount from the limits,
 *    peeling lowers mass and raises density, coverage never rises.
 * 4. Degenerate inputs give SP_EINVAL with a message.
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

#include "analysis/prim.h"

/* splitmix64 (Steele, Lea & Flood 2014): a fixed, self-contained stream
 * so the data do not move when the library's RNG changes. */
static uint64_t mix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double unif(uint64_t *s)
{
    return (double)(mix(s) >> 11) * 0x1.0p-53;
}

enum { N = 5000, K = 5 };

typedef struct data {
    double x[N * K];
    uint8_t y[N];
    double lo[K], hi[K];
} data;

/* The brief's box; inside, y = 1 with probability p_in, outside p_out. */
static void make_data(data *d, uint64_t seed, double p_in, double p_out)
{
    uint64_t s = seed;
    for (size_t j = 0; j < K; j++) {
        d->lo[j] = 0.0;
        d->hi[j] = 1.0;
    }
    for (size_t i = 0; i < N; i++) {
        double *x = d->x + i * K;
        for (size_t j = 0; j < K; j++)
            x[j] = unif(&s);
        bool inside = x[1] > 0.7 && x[2] < 0.4;
        d->y[i] = unif(&s) < (inside ? p_in : p_out);
    }
}

/* Counts of a box recomputed from its limits alone. */
static void check_counts(const data *d, size_t n, size_t k,
                         const sp_prim_box *b, size_t y_total)
{
    size_t n_in = 0, y_in = 0;
    for (size_t i = 0; i < n; i++) {
        bool in = true;
        for (size_t j = 0; j < k; j++) {
            double v = d->x[i * k + j];
            in = in && b->lo[j] <= v && v <= b->hi[j];
        }
        n_in += in;
        y_in += in && d->y[i];
    }
    assert_int_equal(b->n_in, n_in);
    assert_int_equal(b->y_in, y_in);
    EXPECT_NEAR(b->mass, (double)n_in / (double)n, 0.0, "mass");
    EXPECT_NEAR(b->coverage, (double)y_in / (double)y_total, 0.0, "coverage");
    EXPECT_NEAR(b->density, (double)y_in / (double)n_in, 0.0, "density");
}

static void check_trajectory(const sp_prim *p, const data *d, size_t n,
                             size_t k)
{
    size_t y_total = 0;
    for (size_t i = 0; i < n; i++)
        y_total += d->y[i];
    sp_prim_box prev, b;
    assert_true(sp_prim_get(p, 0, &prev));
    EXPECT_NEAR(prev.mass, 1.0, 0.0, "box 0 mass");
    EXPECT_NEAR(prev.coverage, 1.0, 0.0, "box 0 coverage");
    assert_int_equal(prev.n_restricted, 0);
    check_counts(d, n, k, &prev, y_total);
    for (size_t i = 1; i < sp_prim_n_boxes(p); i++) {
        assert_true(sp_prim_get(p, i, &b));
        check_counts(d, n, k, &b, y_total);
        assert_true(b.mass < prev.mass && b.density > prev.density);
        assert_true(b.coverage <= prev.coverage);
        assert_true(b.mass >= 0.05);
        size_t r = 0;
        for (size_t j = 0; j < k; j++)
            r += sp_prim_restricts(p, &b, j);
        assert_int_equal(b.n_restricted, r);
        prev = b;
    }
    assert_false(sp_prim_get(p, sp_prim_n_boxes(p), &b));
    assert_true(sp_prim_get(p, SP_PRIM_RESULT, &b));
    check_counts(d, n, k, &b, y_total);
}

/* 1a. */
static void test_one_dim_peel(void **state)
{
    (void)state;
    static data d;
    for (size_t i = 0; i < 20; i++) {
        d.x[i] = (double)i;
        d.y[i] = i >= 15;
    }
    double lo = 0.0, hi = 19.0;
    sp_prim *p = NULL;
    sp_error err = {0};
    assert_int_equal(sp_prim_run(d.x, 20, 1, &lo, &hi, d.y, NULL, &p, &err),
                     SP_OK);
    assert_int_equal(sp_prim_n_boxes(p), 16);
    for (size_t i = 1; i < 16; i++) {
        sp_prim_box b;
        sp_prim_get(p, i, &b);
        EXPECT_NEAR(b.lo[0], (double)i - 0.5, 0.0, "cut midway");
        EXPECT_NEAR(b.hi[0], 19.0, 0.0, "high end untouched");
    }
    assert_int_equal(sp_prim_chosen(p), 15);
    sp_prim_box r;
    sp_prim_get(p, SP_PRIM_RESULT, &r);
    EXPECT_NEAR(r.lo[0], 14.5, 0.0, "result lo");
    EXPECT_NEAR(r.density, 1.0, 0.0, "density");
    EXPECT_NEAR(r.coverage, 1.0, 0.0, "coverage");
    EXPECT_NEAR(r.mass, 0.25, 0.0, "mass");
    check_trajectory(p, &d, 20, 1);
    sp_prim_free(p);
}

/* 1b. */
static void test_one_dim_paste(void **state)
{
    (void)state;
    static data d;
    for (size_t i = 0; i < 20; i++) {
        d.x[i] = (double)i;
        d.y[i] = i == 7 || i == 8 || i >= 10;
    }
    double lo = 0.0, hi = 19.0;
    sp_prim_opts o;
    sp_prim_opts_default(&o);
    o.peel_alpha = 0.45;
    o.min_coverage = 0.6;
    sp_prim *p = NULL;
    sp_error err = {0};
    assert_int_equal(sp_prim_run(d.x, 20, 1, &lo, &hi, d.y, &o, &p, &err),
                     SP_OK);
    assert_int_equal(sp_prim_n_boxes(p), 3);
    sp_prim_box b;
    sp_prim_get(p, 1, &b);
    EXPECT_NEAR(b.lo[0], 8.5, 0.0, "peel 1");
    EXPECT_NEAR(b.density, 10.0 / 11.0, 1e-15, "peel 1 density");
    sp_prim_get(p, 2, &b);
    EXPECT_NEAR(b.lo[0], 13.5, 0.0, "peel 2");
    EXPECT_NEAR(b.coverage, 0.5, 0.0, "peel 2 coverage");
    assert_int_equal(sp_prim_chosen(p), 1);
    sp_prim_get(p, SP_PRIM_RESULT, &b);
    EXPECT_NEAR(b.lo[0], 6.5, 0.0, "pasted lo");
    EXPECT_NEAR(b.density, 12.0 / 13.0, 1e-15, "pasted density");
    EXPECT_NEAR(b.coverage, 1.0, 0.0, "pasted coverage");
    EXPECT_NEAR(b.mass, 0.65, 1e-15, "pasted mass");
    check_trajectory(p, &d, 20, 1);
    sp_prim_free(p);
}

/* The chosen box restricts exactly x1 from below and x2 from above. */
static void check_found(const sp_prim *p, double tol, double min_cov,
                        double min_dens)
{
    sp_prim_box b;
    sp_prim_get(p, SP_PRIM_RESULT, &b);
    for (size_t j = 0; j < K; j++)
        if (sp_prim_restricts(p, &b, j) != (j == 1 || j == 2))
            fail_msg("x%zu restricted: %d (limits %g..%g)", j,
                     sp_prim_restricts(p, &b, j), b.lo[j], b.hi[j]);
    EXPECT_NEAR(b.lo[1], 0.7, tol, "x1 low limit");
    EXPECT_NEAR(b.hi[1], 1.0, 0.0, "x1 high limit");
    EXPECT_NEAR(b.lo[2], 0.0, 0.0, "x2 low limit");
    EXPECT_NEAR(b.hi[2], 0.4, tol, "x2 high limit");
    if (!(b.coverage >= min_cov && b.density >= min_dens))
        fail_msg("coverage %g, density %g, want >= %g and %g", b.coverage,
                 b.density, min_cov, min_dens);
}

static void test_known_box(void **state)
{
    (void)state;
    static data d;
    make_data(&d, 2385, 1.0, 0.0);
    sp_prim *p = NULL;
    sp_error err = {0};
    assert_int_equal(sp_prim_run(d.x, N, K, d.lo, d.hi, d.y, NULL, &p, &err),
                     SP_OK);
    check_found(p, 0.05, 0.9, 0.9);
    check_trajectory(p, &d, N, K);
    sp_prim_free(p);
    /* Without noise the density rule finds the same box. */
    sp_prim_opts o;
    sp_prim_opts_default(&o);
    o.rule = SP_PRIM_DENSITY;
    assert_int_equal(sp_prim_run(d.x, N, K, d.lo, d.hi, d.y, &o, &p, &err),
                     SP_OK);
    check_found(p, 0.05, 0.9, 0.9);
    sp_prim_free(p);
}

/* Noise: inside, y = 1 with probability 0.8; outside 0.05. The
 * population box then has density 0.8 and coverage 0.096 / (0.096 +
 * 0.044) = 0.686. The F1 rule stops at it (limits within 0.02 on this
 * seed and eight others tried); the density rule peels on into noise,
 * to a later box of lower coverage. */
static void test_noisy_box(void **state)
{
    (void)state;
    static data d;
    make_data(&d, 4711, 0.8, 0.05);
    sp_prim *p = NULL;
    sp_error err = {0};
    assert_int_equal(sp_prim_run(d.x, N, K, d.lo, d.hi, d.y, NULL, &p, &err),
                     SP_OK);
    check_found(p, 0.05, 0.6, 0.7);
    check_trajectory(p, &d, N, K);
    sp_prim_box f1, dens;
    sp_prim_get(p, SP_PRIM_RESULT, &f1);
    size_t f1_index = sp_prim_chosen(p);
    sp_prim_free(p);

    sp_prim_opts o;
    sp_prim_opts_default(&o);
    o.rule = SP_PRIM_DENSITY;
    assert_int_equal(sp_prim_run(d.x, N, K, d.lo, d.hi, d.y, &o, &p, &err),
                     SP_OK);
    sp_prim_get(p, SP_PRIM_RESULT, &dens);
    assert_true(sp_prim_chosen(p) > f1_index);
    assert_true(dens.coverage < f1.coverage && dens.density > f1.density);
    assert_true(dens.coverage >= 0.5);
    sp_prim_free(p);
}

static void expect_einval(const double *x, size_t n, size_t k,
                          const double *lo, const double *hi,
                          const uint8_t *y, const sp_prim_opts *o,
                          const char *msg)
{
    sp_prim *p = (sp_prim *)&p; /* must be reset to NULL */
    sp_error err = {0};
    assert_int_equal(sp_prim_run(x, n, k, lo, hi, y, o, &p, &err), SP_EINVAL);
    assert_null(p);
    if (!strstr(err.message, msg))
        fail_msg("message '%s' lacks '%s'", err.message, msg);
}

static void test_degenerate(void **state)
{
    (void)state;
    const double x[6] = {0.25, 0.5, 0.75, 0.125, 0.375, 0.625};
    const double lo[2] = {0.0, 0.0}, hi[2] = {1.0, 1.0};
    const uint8_t none[3] = {0, 0, 0}, all[3] = {1, 1, 1}, some[3] = {0, 1, 0};
    const uint8_t bad[3] = {0, 2, 1};
    expect_einval(x, 0, 2, lo, hi, some, NULL, "no points");
    expect_einval(x, 3, 0, lo, hi, some, NULL, "no parameters");
    expect_einval(x, 3, 2, lo, hi, none, NULL,
                  "none of the 3 points meets the condition");
    expect_einval(x, 3, 2, lo, hi, all, NULL,
                  "all of the 3 points meet the condition");
    expect_einval(x, 3, 2, lo, hi, bad, NULL, "not 0/1");
    const double lo2[2] = {0.0, 0.5};
    expect_einval(x, 3, 2, lo2, hi, some, NULL, "within its range");
    const double hi2[2] = {1.0, 0.0};
    expect_einval(x, 3, 2, lo, hi2, some, NULL, "lo < hi");
    const double xn[6] = {0.25, 0.5, NAN, 0.125, 0.375, 0.625};
    expect_einval(xn, 3, 2, lo, hi, some, NULL, "within its range");
    sp_prim_opts o;
    sp_prim_opts_default(&o);
    o.peel_alpha = 0.5;
    expect_einval(x, 3, 2, lo, hi, some, &o, "alpha");
    sp_prim_opts_default(&o);
    o.mass_min = 0.0;
    expect_einval(x, 3, 2, lo, hi, some, &o, "mass_min");
    sp_prim_opts_default(&o);
    o.min_coverage = NAN;
    expect_einval(x, 3, 2, lo, hi, some, &o, "min_coverage");
    sp_prim_opts_default(&o);
    o.rule = (sp_prim_rule)7;
    expect_einval(x, 3, 2, lo, hi, some, &o, "rule");
}

/* Three points, one y = 1: a valid, tiny problem runs to the end. */
static void test_tiny(void **state)
{
    (void)state;
    const double x[3] = {0.25, 0.5, 0.75};
    const double lo = 0.0, hi = 1.0;
    const uint8_t y[3] = {0, 0, 1};
    sp_prim *p = NULL;
    sp_error err = {0};
    assert_int_equal(sp_prim_run(x, 3, 1, &lo, &hi, y, NULL, &p, &err), SP_OK);
    sp_prim_box b;
    sp_prim_get(p, SP_PRIM_RESULT, &b);
    EXPECT_NEAR(b.lo[0], 0.625, 0.0, "tiny lo");
    EXPECT_NEAR(b.density, 1.0, 0.0, "tiny density");
    sp_prim_free(p);
    sp_prim_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_dim_peel),
        cmocka_unit_test(test_one_dim_paste),
        cmocka_unit_test(test_known_box),
        cmocka_unit_test(test_noisy_box),
        cmocka_unit_test(test_degenerate),
        cmocka_unit_test(test_tiny),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
