/*
 * test_poisson.c - the memo of Poisson inversion tables (src/poisson.c).
 *
 * The memo is a speed device only: every draw through it must be the
 * variate sp_rng_poisson_approx_u gives for the same mean and uniform,
 * bit for bit. Checked over a grid of means (tiny to past the normal
 * switch), uniforms from Philox, the extremes of (0,1), and uniforms
 * placed exactly on and next to the table's own partial sums (where a
 * search that is off by one would show); with means that repeat (a table
 * is built and reused), alternate in one slot (rebuilt), are too long to
 * keep, and with a slot past the memo's end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>

#include <gsl/gsl_errno.h>

#include "rng.h"
#include "spiral.h"

#define SEED 0x5eed0f00d5ull
#define SLOTS 8

/* Draw (lambda, u) through the memo and directly; they must agree. */
static void same(sp_poisson_memo *m, size_t slot, double lambda, double u,
                 double normal_from)
{
    unsigned memo = sp_poisson_memo_draw(m, slot, lambda, u, normal_from);
    unsigned walk = sp_rng_poisson_approx_u(lambda, u, normal_from);
    if (memo != walk)
        fail_msg("lambda %.17g u %.17g (normal from %g): memo %u, walk %u",
                 lambda, u, normal_from, memo, walk);
}

/* The walk's partial sums as poisson.c adds them (1.0 / k rounds as the
 * compiler's constant does: both are the correctly rounded quotient). */
static int partial_sums(double lambda, double *t, int cap)
{
    double p = exp(-lambda), cdf = p;
    int k = 0;
    t[0] = cdf;
    while (k + 1 < cap) {
        k++;
        p *= lambda * (1.0 / k);
        cdf += p;
        t[k] = cdf;
        if (k > lambda && p <= cdf * 0x1p-52)
            break;
    }
    return k;
}

static void test_memo_is_the_walk(void **state)
{
    (void)state;
    sp_poisson_memo *m = sp_poisson_memo_new(SLOTS);
    assert_non_null(m);
    sp_rng r = sp_rng_make(SEED, 1);
    uint32_t id = 0;
    for (double lambda = 1e-3; lambda < 40; lambda *= 1.37) {
        for (int rep = 0; rep < 3; rep++) /* the 2nd sighting builds */
            for (int i = 0; i < 400; i++, id++) {
                double u = sp_rng_u01(&r, SP_STREAM_TEST, 1, id >> 8,
                                      id & 255u);
                same(m, (size_t)i % SLOTS, lambda, u, 30.0);
            }
        double ends[] = {0x1p-53, 1e-10, 0.5, 1 - 1e-10,
                         0x1.fffffffffffffp-1};
        for (int e = 0; e < 5; e++)
            same(m, 0, lambda, ends[e], 30.0);
    }
    sp_poisson_memo_free(m);
}

/* u exactly on each partial sum and one ulp either side. */
static void test_memo_at_the_sums(void **state)
{
    (void)state;
    sp_poisson_memo *m = sp_poisson_memo_new(1);
    assert_non_null(m);
    double t[200];
    static const double lambdas[] = {0.05, 1.0, 2.5, 7.0, 13.25, 29.9};
    for (int l = 0; l < 6; l++) {
        double lambda = lambdas[l];
        int last = partial_sums(lambda, t, 200);
        same(m, 0, lambda, 0.25, 30.0); /* seen: the next draw builds */
        for (int k = 0; k <= last; k++) {
            if (!(t[k] < 1.0))
                break;
            same(m, 0, lambda, t[k], 30.0);
            same(m, 0, lambda, nextafter(t[k], 0.0), 30.0);
            if (nextafter(t[k], 1.0) < 1.0)
                same(m, 0, lambda, nextafter(t[k], 1.0), 30.0);
        }
    }
    sp_poisson_memo_free(m);
}

/* Means that alternate in one slot, a walk too long to keep, the
 * normal branch, a slot past the end, and no mean at all. */
static void test_memo_edges(void **state)
{
    (void)state;
    sp_poisson_memo *m = sp_poisson_memo_new(2);
    assert_non_null(m);
    sp_rng r = sp_rng_make(SEED, 2);
    for (uint32_t i = 0; i < 3000; i++) {
        double u = sp_rng_u01(&r, SP_STREAM_TEST, 2, i >> 8, i & 255u);
        same(m, 0, (i % 3 == 0) ? 4.5 : 11.0, u, 30.0); /* alternating */
        same(m, 1, 80.0, u, 500.0);  /* longer than a table: the walk */
        same(m, 1, 45.0, u, 30.0);   /* past normal_from: the normal */
        same(m, 7, 3.0, u, 30.0);    /* no such slot: drawn directly */
    }
    assert_int_equal(sp_poisson_memo_draw(m, 0, 0.0, 0.5, 30.0), 0);
    assert_int_equal(sp_poisson_memo_draw(m, 0, -1.0, 0.5, 30.0), 0);
    assert_int_equal(sp_poisson_memo_draw(m, 0, NAN, 0.5, 30.0), 0);
    for (int i = 0; i < 2; i++) { /* a uniform outside (0,1): the walk's */
        same(m, 0, 4.5, 1.0, 30.0);
        same(m, 0, 4.5, 0.0, 30.0);
        same(m, 0, 4.5, 2.0, 30.0);
    }
    sp_poisson_memo_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memo_is_the_walk),
        cmocka_unit_test(test_memo_at_the_sums),
        cmocka_unit_test(test_memo_edges),
    };
    gsl_set_error_handler_off(); /* as the library's init does */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
