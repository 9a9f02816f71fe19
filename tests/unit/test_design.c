/*
 * test_design.c - sweep designs (src/analysis/design.c).
 *
 * Structure of each kind: LHS strata (each of N strata per parameter
 * holds one point, N = 1000 and 37); Saltelli (AB^(h) is A with group
 * h's columns from B, A and B the Sobol' sequence's two halves, the
 * 2^m-prefix of A and of B stratified); Morris (each step moves exactly
 * one group, every parameter of it by +-1/2, every group once per
 * trajectory, levels 1/8..7/8, orders and start levels varied); the
 * factorial grid complete, parameter 0 slowest. For every kind: u in
 * (0,1); point i computed alone (in reverse order, by a second design
 * object) equals point i computed in sequence, bit for bit; the seed
 * matters where the design is random. Memory: a sobol design for
 * N = 100000, k = 60 allocates under 17 KB (counted through the
 * allocator hook), and sp_design_point allocates nothing. Errors: every
 * check of sp_design_new.
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

#include "analysis/design.h"
#include "analysis/sobolseq.h"

#define SEED 0x5eed2385ull

static sp_design *make(sp_design_kind kind, size_t k, const int *groups,
                       size_t n, uint64_t seed, const int *levels)
{
    sp_design *d = NULL;
    sp_error err = {0};
    int rc = sp_design_new(kind, k, groups, n, seed, levels, &d, &err);
    if (rc != SP_OK)
        fail_msg("sp_design_new: %s", err.message);
    return d;
}

/* All points, row-major [n_points][k]. */
static double *all_points(const sp_design *d)
{
    size_t n = sp_design_n_points(d), k = sp_design_n_params(d);
    double *u = malloc(n * k * sizeof *u);
    assert_non_null(u);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(sp_design_point(d, i, u + i * k), SP_OK);
    return u;
}

static void check_open_unit(const double *u, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(u[i] > 0.0 && u[i] < 1.0))
            fail_msg("u[%zu] = %.17g not in (0,1)", i, u[i]);
}

/* ---- lhs ------------------------------------------------------------------ */

static void check_lhs(size_t n, size_t k)
{
    sp_design *d = make(SP_DESIGN_LHS, k, NULL, n, SEED, NULL);
    assert_int_equal(sp_design_n_points(d), n);
    double *u = all_points(d);
    check_open_unit(u, n * k);
    unsigned char *seen = calloc(n, 1);
    for (size_t p = 0; p < k; p++) {
        memset(seen, 0, n);
        for (size_t i = 0; i < n; i++) {
            size_t s = (size_t)(u[i * k + p] * (double)n);
            assert_true(s < n);
            if (seen[s]++)
                fail_msg("lhs N=%zu parameter %zu: stratum %zu twice", n, p,
                         s);
        }
    }
    /* the permutations differ between parameters (not the identity) */
    size_t same = 0;
    for (size_t i = 0; i < n; i++)
        same += (size_t)(u[i * k] * (double)n) ==
                (size_t)(u[i * k + 1] * (double)n);
    assert_true(same < n / 4 + 2);
    free(seen);
    free(u);
    sp_design_free(d);
}

static void test_lhs_strata(void **state)
{
    (void)state;
    check_lhs(1000, 5);
    check_lhs(37, 3);
    check_lhs(1, 2);
    check_lhs(2, 2);
}

/* ---- determinism ------------------------------------------------------- */

static void check_alone(sp_design_kind kind, size_t k, const int *groups,
                        size_t n, const int *levels)
{
    sp_design *a = make(kind, k, groups, n, SEED, levels);
    sp_design *b = make(kind, k, groups, n, SEED, levels);
    size_t np = sp_design_n_points(a);
    double *seq = all_points(a);
    double *one = malloc(k * sizeof *one);
    for (size_t i = np; i-- > 0;) {
        assert_int_equal(sp_design_point(b, i, one), SP_OK);
        if (memcmp(one, seq + i * k, k * sizeof *one) != 0)
            fail_msg("%s point %zu alone differs", sp_design_kind_name(kind),
                     i);
    }
    check_open_unit(seq, np * k);
    free(one);
    free(seq);
    sp_design_free(a);
    sp_design_free(b);
}

static void test_point_alone_equals_sequence(void **state)
{
    (void)state;
    int groups[6] = {0, 1, 0, 2, 1, 3};
    int levels[4] = {2, 3, 1, 4};
    check_alone(SP_DESIGN_MC, 6, NULL, 300, NULL);
    check_alone(SP_DESIGN_LHS, 6, NULL, 300, NULL);
    check_alone(SP_DESIGN_SOBOL, 6, groups, 64, NULL);
    check_alone(SP_DESIGN_MORRIS, 6, groups, 40, NULL);
    check_alone(SP_DESIGN_FACTORIAL, 4, NULL, 0, levels);
}

static void test_seed_matters(void **state)
{
    (void)state;
    sp_design_kind kinds[] = {SP_DESIGN_MC, SP_DESIGN_LHS, SP_DESIGN_MORRIS,
                              SP_DESIGN_SOBOL};
    for (size_t j = 0; j < 4; j++) {
        sp_design *a = make(kinds[j], 4, NULL, 16, SEED, NULL);
        sp_design *b = make(kinds[j], 4, NULL, 16, SEED + 1, NULL);
        double *ua = all_points(a), *ub = all_points(b);
        size_t n = sp_design_n_points(a) * 4;
        int same = memcmp(ua, ub, n * sizeof *ua) == 0;
        /* sobol is deterministic; the others depend on the seed */
        assert_int_equal(same, kinds[j] == SP_DESIGN_SOBOL);
        free(ua);
        free(ub);
        sp_design_free(a);
        sp_design_free(b);
    }
}

/* ---- sobol (Saltelli) --------------------------------------------------- */

static void test_saltelli_structure(void **state)
{
    (void)state;
    enum { K = 5, G = 3, N = 64 };
    int groups[K] = {0, 1, 0, 2, 1};
    sp_design *d = make(SP_DESIGN_SOBOL, K, groups, N, SEED, NULL);
    assert_int_equal(sp_design_n_groups(d), G);
    assert_int_equal(sp_design_n_points(d), N * (G + 2));
    sp_sobolseq q;
    sp_error err = {0};
    assert_int_equal(sp_sobolseq_init(&q, 2 * K, &err), SP_OK);
    double *u = all_points(d);
    unsigned char seen_a[K][N] = {{0}}, seen_b[K][N] = {{0}};
    for (size_t j = 0; j < N; j++) {
        const double *A = u + j * (G + 2) * K, *B = A + K;
        for (size_t p = 0; p < K; p++) {
            /* A and B: the two halves of the 2k-dimensional sequence */
            double a = ((double)sp_sobolseq_word(&q, (uint32_t)j,
                                                 (unsigned)p) + 0.5) * 0x1p-32;
            double b = ((double)sp_sobolseq_word(&q, (uint32_t)j,
                                                 (unsigned)(K + p)) + 0.5) *
                       0x1p-32;
            assert_true(A[p] == a && B[p] == b);
            assert_true(seen_a[p][(size_t)(a * N)]++ == 0);
            assert_true(seen_b[p][(size_t)(b * N)]++ == 0);
        }
        for (size_t h = 0; h < G; h++) {
            const double *AB = A + (2 + h) * K;
            for (size_t p = 0; p < K; p++)
                assert_true(AB[p] == ((size_t)groups[p] == h ? B[p] : A[p]));
        }
    }
    /* point 0 is kept: base point 0 is the sequence's zero point, at the
     * middle of its first 2^-32 cell */
    for (size_t p = 0; p < K; p++)
        assert_true(u[p] == 0x1p-33);
    free(u);
    sp_sobolseq_free(&q);
    sp_design_free(d);
}

/* ---- morris --------------------------------------------------------------- */

static int on_level(double v)
{
    return v == 0.125 || v == 0.375 || v == 0.625 || v == 0.875;
}

static void check_morris(size_t k, const int *groups, size_t g)
{
    enum { N = 200 };
    sp_design *d = make(SP_DESIGN_MORRIS, k, groups, N, SEED, NULL);
    assert_int_equal(sp_design_n_points(d), N * (g + 1));
    double *u = all_points(d);
    size_t first_moved[64] = {0}, start_level[4] = {0};
    for (size_t t = 0; t < N; t++) {
        const double *x = u + t * (g + 1) * k;
        unsigned char moved[64] = {0};
        for (size_t p = 0; p < k; p++) {
            assert_true(on_level(x[p]));
            start_level[(size_t)(x[p] * 4)]++;
        }
        for (size_t s = 1; s <= g; s++) {
            const double *a = x + (s - 1) * k, *b = x + s * k;
            long h = -1;
            for (size_t p = 0; p < k; p++) {
                if (a[p] == b[p])
                    continue;
                assert_true(on_level(b[p]));
                assert_true(fabs(b[p] - a[p]) == 0.5);
                if (h < 0)
                    h = groups ? groups[p] : (long)p;
                assert_int_equal(groups ? groups[p] : (long)p, h);
            }
            assert_true(h >= 0);
            /* every parameter of the group moved */
            for (size_t p = 0; p < k; p++)
                if ((groups ? groups[p] : (long)p) == h)
                    assert_true(a[p] != b[p]);
            assert_int_equal(moved[h]++, 0);
            if (s == 1)
                first_moved[h]++;
        }
    }
    for (size_t h = 0; h < g; h++)
        assert_true(first_moved[h] > 0); /* the orders vary */
    for (size_t l = 0; l < 4; l++)      /* start levels about uniform */
        assert_true(start_level[l] > N * k / 4 / 2);
    free(u);
    sp_design_free(d);
}

static void test_morris_trajectories(void **state)
{
    (void)state;
    int groups[6] = {0, 0, 1, 2, 3, 3};
    check_morris(6, NULL, 6);
    check_morris(6, groups, 4);
    check_morris(1, NULL, 1);
}

/* ---- factorial ------------------------------------------------------------ */

static void test_factorial_grid(void **state)
{
    (void)state;
    int levels[4] = {2, 3, 1, 4};
    sp_design *d = make(SP_DESIGN_FACTORIAL, 4, NULL, 0, SEED, levels);
    assert_int_equal(sp_design_n_points(d), 24);
    double *u = all_points(d);
    unsigned char seen[2][3][1][4] = {{{{0}}}};
    for (size_t i = 0; i < 24; i++) {
        size_t l[4];
        for (size_t p = 0; p < 4; p++) {
            double x = u[i * 4 + p] * levels[p] - 0.5;
            l[p] = (size_t)x;
            assert_true(x == (double)l[p]); /* a bin midpoint exactly */
        }
        assert_int_equal(seen[l[0]][l[1]][l[2]][l[3]]++, 0);
        /* mixed radix, parameter 0 slowest */
        assert_int_equal(i, ((l[0] * 3 + l[1]) * 1 + l[2]) * 4 + l[3]);
    }
    assert_true(u[2] == 0.5); /* one level: the median */
    free(u);
    sp_design_free(d);
}

/* ---- memory --------------------------------------------------------------- */

typedef struct counting {
    long calls;
    size_t bytes;
} counting;

static void *counting_realloc(void *ud, void *ptr, size_t size)
{
    if (!size) {
        free(ptr);
        return NULL;
    }
    ((counting *)ud)->calls++;
    ((counting *)ud)->bytes += size;
    return realloc(ptr, size);
}

static void test_memory_flat_in_n(void **state)
{
    (void)state;
    counting c = {0, 0};
    sp_set_allocator(counting_realloc, &c);
    sp_design *d = make(SP_DESIGN_SOBOL, 60, NULL, 100000, SEED, NULL);
    size_t built = c.bytes;
    long calls = c.calls;
    double u[60];
    for (size_t i = 0; i < 5000; i++)
        sp_design_point(d, i * 1234 % sp_design_n_points(d), u);
    sp_design_free(d);
    sp_design *l = make(SP_DESIGN_LHS, 60, NULL, 100000, SEED, NULL);
    size_t lhs_bytes = c.bytes - built;
    for (size_t i = 0; i < 1000; i++)
        sp_design_point(l, i * 97, u);
    long lhs_calls = c.calls - calls;
    sp_design_free(l);
    sp_set_allocator(NULL, NULL);
    /* 120 x 32 direction words (15,360 B) + 60 groups + the object */
    assert_true(built >= 15360 && built < 17 * 1024);
    assert_true(lhs_bytes < 1024);
    assert_int_equal(lhs_calls, 2); /* the object and its groups only */
}

/* ---- errors --------------------------------------------------------------- */

static void expect_fail(sp_design_kind kind, size_t k, const int *groups,
                        size_t n, const int *levels, int code)
{
    sp_design *d = (sp_design *)&d; /* must be reset to NULL */
    sp_error err = {0};
    assert_int_equal(sp_design_new(kind, k, groups, n, 1, levels, &d, &err),
                     code);
    assert_null(d);
    assert_true(err.message[0] != '\0');
}

static void test_errors(void **state)
{
    (void)state;
    int gap[3] = {0, 2, 2}, neg[2] = {0, -1}, big[2] = {0, 2};
    int lv0[2] = {2, 0}, huge[4] = {65536, 65536, 65536, 65536};
    expect_fail((sp_design_kind)0, 2, NULL, 10, NULL, SP_EINVAL);
    expect_fail((sp_design_kind)99, 2, NULL, 10, NULL, SP_EINVAL);
    expect_fail(SP_DESIGN_MC, 0, NULL, 10, NULL, SP_EINVAL);
    expect_fail(SP_DESIGN_LHS, 2, NULL, 0, NULL, SP_EINVAL);
    expect_fail(SP_DESIGN_SOBOL, 3, gap, 8, NULL, SP_EINVAL);
    expect_fail(SP_DESIGN_SOBOL, 2, neg, 8, NULL, SP_EINVAL);
    expect_fail(SP_DESIGN_MORRIS, 2, big, 8, NULL, SP_EINVAL);
    expect_fail(SP_DESIGN_SOBOL, 513, NULL, 8, NULL, SP_ELIMIT);
    expect_fail(SP_DESIGN_FACTORIAL, 2, NULL, 0, NULL, SP_EINVAL);
    expect_fail(SP_DESIGN_FACTORIAL, 2, NULL, 0, lv0, SP_EINVAL);
    if (sizeof(size_t) == 8)
        expect_fail(SP_DESIGN_FACTORIAL, 4, NULL, 0, huge, SP_ELIMIT);
    expect_fail(SP_DESIGN_MC, 2, NULL, (size_t)UINT32_MAX + 1, NULL,
                SP_ELIMIT);

    sp_design *d = make(SP_DESIGN_SOBOL, 512, NULL, 4, SEED, NULL);
    double *u = malloc(512 * sizeof *u);
    u[0] = 42.0;
    assert_int_equal(sp_design_point(d, sp_design_n_points(d), u), SP_EINVAL);
    assert_true(u[0] == 42.0);
    assert_int_equal(sp_design_point(d, 4 * 514 - 1, u), SP_OK);
    free(u);
    sp_design_free(d);
    sp_design_free(NULL);

    sp_design_kind kind;
    const char *names[] = {"mc", "lhs", "sobol", "morris", "factorial"};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(sp_design_kind_parse(names[i], &kind), SP_OK);
        assert_string_equal(sp_design_kind_name(kind), names[i]);
    }
    assert_int_equal(sp_design_kind_parse("sobl", &kind), SP_EINVAL);
    assert_int_equal(sp_design_kind_parse(NULL, &kind), SP_EINVAL);
    assert_null(sp_design_kind_name((sp_design_kind)0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lhs_strata),
        cmocka_unit_test(test_point_alone_equals_sequence),
        cmocka_unit_test(test_seed_matters),
        cmocka_unit_test(test_saltelli_structure),
        cmocka_unit_test(test_morris_trajectories),
        cmocka_unit_test(test_factorial_grid),
        cmocka_unit_test(test_memory_flat_in_n),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
