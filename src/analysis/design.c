/*
 * design.c - experimental designs for sweeps: mc, lhs, sobol (Saltelli),
 * morris and factorial, each point computed alone from its index.
 *
 * Why random access: a sweep may be sharded over ranks (--shard K/N) or
 * resumed after an interrupt; point i must then come out bit-identical
 * without replaying points 0..i-1 or keeping a table of them. So every
 * coordinate is a pure function of (kind, k, groups, N, seed, levels, i):
 * Philox draws keyed by identity (model.md §4, stream SP_STREAM_DESIGN),
 * Sobol' points by Gray-code index, and random permutations as keyed
 * Feistel networks (below) instead of shuffled arrays. Memory is O(k)
 * whatever N: for N = 100000 and k = 60 a sobol design holds 15,360
 * bytes of direction numbers (120 dimensions x 32 words) plus 480 bytes
 * of group numbers; the others less. Nothing grows with N.
 *
 * u in (0,1), never 0: the caller maps u_p through parameter p's
 * quantile function, and 0 or 1 would be -inf/+inf for a normal.
 *
 * Draws: sp_rng_words(seed, rep, SP_STREAM_DESIGN, step = purpose,
 * entity, draw); the purposes below are fixed once used, as streams are.
 *
 * mc (purpose 1)   u_ip = uniform(rep = i, entity = p): 53-bit uniforms.
 *
 * lhs (2, 3)       u_ip = (pi_p(i) + U_ip) / N, pi_p a random permutation
 *                  of 0..N-1 per parameter (purpose 2, entity p), U_ip a
 *                  uniform (purpose 3, rep i, entity p): each of the N
 *                  strata [s/N, (s+1)/N) holds exactly one point per
 *                  parameter (McKay, Beckman & Conover 1979).
 *
 * sobol            Saltelli's scheme (Saltelli 2002, CPC 145:280-297;
 *                  Saltelli et al. 2010, CPC 181:259-270): base point j is
 *                  point j of a 2k-dimensional Sobol' sequence
 *                  (sobolseq.h, Joe-Kuo direction numbers), A_j its first
 *                  k coordinates, B_j the next k. Per base point the
 *                  g + 2 points A_j, B_j, AB^(1)_j .. AB^(g)_j, where
 *                  AB^(h)_j is A_j with the columns of group h taken from
 *                  B_j. u = (X + 0.5) / 2^32 for the 32-bit word X: the
 *                  middle of X's cell, so point 0 (all zeros) becomes
 *                  2^-33 and every 2^m-prefix keeps its stratification.
 *                  Point 0 is NOT skipped: skipping it breaks the balance
 *                  of every 2^m-point prefix (Owen 2020, "On dropping the
 *                  first Sobol' point"); its u = 2^-33 maps to a finite
 *                  far-tail value (-6.4 sd for a normal). Use N a power
 *                  of 2 for the sequence's balance (not enforced).
 *
 * morris (4, 5)    N trajectories (Morris 1991, Technometrics 33:161-174;
 *                  groups and mu* as Campolongo, Cariboni & Saltelli 2007,
 *                  Env. Modelling & Software 22:1509-1518). p = 4 levels
 *                  at the bin midpoints u = (l + 0.5)/4 = 1/8, 3/8, 5/8,
 *                  7/8 (Morris's grid {0, 1/3, 2/3, 1} is not usable
 *                  through a quantile function: 0 and 1 are infinite for
 *                  unbounded distributions); delta = p/(2(p-1)) = 2/3 on
 *                  Morris's grid is p/2 = 2 levels, 1/2 in u. Trajectory
 *                  t: each parameter's start level l_tp uniform on 0..3
 *                  (purpose 5, rep t, entity p, the top 2 bits of word
 *                  0); the groups move in a random order (purpose 4, a
 *                  permutation of 0..g-1 keyed by t); at its step every
 *                  parameter of the group jumps 2 levels, up from levels
 *                  0-1 and down from 2-3. That is Morris's B* = (x* +
 *                  delta/2 ((2B - J) D* + J)) P* in other words: a start
 *                  uniform over all levels and a direction that keeps the
 *                  point on the grid, as x* uniform on the lower levels
 *                  with random signs D* gives.
 *
 * factorial        every combination of levels[p] values per parameter,
 *                  u = (l + 0.5)/levels[p] (midpoints of equal-probability
 *                  bins: 1 level is the median, 2 levels the quartiles);
 *                  point i in mixed radix, parameter 0 slowest.
 *
 * Random permutations with random access: a balanced Feistel network on
 * 2h bits (2^2h >= n), 6 rounds whose round function is a Philox word
 * (Luby & Rackoff 1988: a Feistel network of a pseudo-random function is
 * a pseudo-random permutation), restricted to 0..n-1 by cycle walking
 * (Black & Rogaway 2002): apply it again until the value is below n. It
 * is a bijection on 0..n-1 by construction, invertible (morris needs the
 * position of a group in the order), and needs no table; on average
 * fewer than 4 passes, since 2^2h < 4n.
 *
 * Tests: tests/unit/test_design.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "design.h"

#include "../rng.h"
#include "sobolseq.h"

#include <inttypes.h>
#include <string.h>

enum { /* purposes (the counter's step word) in SP_STREAM_DESIGN */
    PURPOSE_MC = 1,
    PURPOSE_LHS_PERM = 2,
    PURPOSE_LHS_JITTER = 3,
    PURPOSE_MORRIS_ORDER = 4,
    PURPOSE_MORRIS_LEVEL = 5
};

#define FEISTEL_ROUNDS 6

/* A keyed permutation of 0..n-1 (see the top of the file). */
typedef struct feistel {
    uint32_t n;
    unsigned h; /* half width in bits */
    uint32_t purpose;
} feistel;

struct sp_design {
    sp_design_kind kind;
    size_t k, g, n_samples, n_points;
    uint64_t seed;
    int *group;    /* [k] */
    int *levels;   /* [k], factorial only */
    feistel perm;  /* lhs: over N points; morris: over g groups */
    sp_sobolseq seq; /* sobol: 2k dimensions */
};

/* ---- permutations ------------------------------------------------------ */

static feistel feistel_make(uint32_t n, uint32_t purpose)
{
    unsigned b = 0;
    while (b < 32 && ((uint64_t)1 << b) < n)
        b++;
    feistel f = {n, b < 2 ? 1 : (b + 1) / 2, purpose};
    return f;
}

static uint32_t feistel_f(const feistel *f, uint64_t seed, uint32_t entity,
                          unsigned round, uint32_t half)
{
    uint32_t w[4];
    sp_rng_words(seed, half, SP_STREAM_DESIGN, f->purpose, entity, round, w);
    return w[0] & ((1u << f->h) - 1u);
}

static uint32_t feistel_once(const feistel *f, uint64_t seed,
                             uint32_t entity, uint32_t x)
{
    uint32_t mask = (1u << f->h) - 1u, l = x >> f->h, r = x & mask;
    for (unsigned round = 0; round < FEISTEL_ROUNDS; round++) {
        uint32_t t = l ^ feistel_f(f, seed, entity, round, r);
        l = r;
        r = t;
    }
    return (l << f->h) | r;
}

static uint32_t feistel_once_inv(const feistel *f, uint64_t seed,
                                 uint32_t entity, uint32_t y)
{
    uint32_t mask = (1u << f->h) - 1u, l = y >> f->h, r = y & mask;
    for (unsigned round = FEISTEL_ROUNDS; round-- > 0;) {
        uint32_t t = r ^ feistel_f(f, seed, entity, round, l);
        r = l;
        l = t;
    }
    return (l << f->h) | r;
}

/* pi(x) for x < n, by cycle walking. */
static uint32_t perm_apply(const feistel *f, uint64_t seed, uint32_t entity,
                           uint32_t x)
{
    do
        x = feistel_once(f, seed, entity, x);
    while (x >= f->n);
    return x;
}

/* pi^-1(y) for y < n. */
static uint32_t perm_invert(const feistel *f, uint64_t seed, uint32_t entity,
                            uint32_t y)
{
    do
        y = feistel_once_inv(f, seed, entity, y);
    while (y >= f->n);
    return y;
}

/* ---- points ------------------------------------------------------------ */

static void point_mc(const sp_design *d, size_t i, double *u)
{
    for (size_t p = 0; p < d->k; p++)
        u[p] = sp_rng_uniform(d->seed, (uint32_t)i, SP_STREAM_DESIGN,
                              PURPOSE_MC, (uint32_t)p, 0);
}

static void point_lhs(const sp_design *d, size_t i, double *u)
{
    double n = (double)d->n_samples;
    for (size_t p = 0; p < d->k; p++) {
        uint32_t s = perm_apply(&d->perm, d->seed, (uint32_t)p, (uint32_t)i);
        double jit = sp_rng_uniform(d->seed, (uint32_t)i, SP_STREAM_DESIGN,
                                    PURPOSE_LHS_JITTER, (uint32_t)p, 0);
        double v = ((double)s + jit) / n;
        /* (N - 1 + jit) / N can round up to 1 for large N */
        u[p] = v < 1.0 ? v : 0x1.fffffffffffffp-1;
    }
}

static void point_sobol(const sp_design *d, size_t i, double *u)
{
    size_t per = d->g + 2;
    uint32_t j = (uint32_t)(i / per);
    size_t r = i % per;
    for (size_t p = 0; p < d->k; p++) {
        bool from_b = r == 1 || (r >= 2 && (size_t)d->group[p] == r - 2);
        unsigned dim = (unsigned)(from_b ? d->k + p : p);
        uint32_t x = sp_sobolseq_word(&d->seq, j, dim);
        u[p] = ((double)x + 0.5) * 0x1p-32;
    }
}

static void point_morris(const sp_design *d, size_t i, double *u)
{
    size_t per = d->g + 1;
    uint32_t t = (uint32_t)(i / per);
    size_t step = i % per;
    for (size_t p = 0; p < d->k; p++) {
        uint32_t w[4];
        sp_rng_words(d->seed, t, SP_STREAM_DESIGN, PURPOSE_MORRIS_LEVEL,
                     (uint32_t)p, 0, w);
        unsigned level = w[0] >> 30; /* 0..3 */
        /* group h moves at step pos(h) + 1 */
        uint32_t pos = perm_invert(&d->perm, d->seed, t,
                                   (uint32_t)d->group[p]);
        if (pos < step)
            level = level < SP_MORRIS_LEVELS / 2 ? level + SP_MORRIS_LEVELS / 2
                                                 : level - SP_MORRIS_LEVELS / 2;
        u[p] = ((double)level + 0.5) / SP_MORRIS_LEVELS;
    }
}

static void point_factorial(const sp_design *d, size_t i, double *u)
{
    for (size_t p = d->k; p-- > 0;) {
        size_t L = (size_t)d->levels[p];
        u[p] = ((double)(i % L) + 0.5) / (double)L;
        i /= L;
    }
}

int sp_design_point(const sp_design *d, size_t i, double *u)
{
    if (!d || !u || i >= d->n_points)
        return SP_EINVAL;
    switch (d->kind) {
    case SP_DESIGN_MC: point_mc(d, i, u); break;
    case SP_DESIGN_LHS: point_lhs(d, i, u); break;
    case SP_DESIGN_SOBOL: point_sobol(d, i, u); break;
    case SP_DESIGN_MORRIS: point_morris(d, i, u); break;
    case SP_DESIGN_FACTORIAL: point_factorial(d, i, u); break;
    }
    return SP_OK;
}

/* ---- construction ------------------------------------------------------ */

/* Copy or default the groups; set d->g. Groups must be 0..g-1, all used. */
static int set_groups(sp_design *d, const int *group_of_param, sp_error *err)
{
    size_t k = d->k, g = 0;
    for (size_t p = 0; p < k; p++) {
        int h = group_of_param ? group_of_param[p] : (int)p;
        if (h < 0 || (size_t)h >= k)
            return SP_FAIL(err, SP_EINVAL, "design: parameter %zu has group "
                           "%d, not in 0..%zu", p, h, k - 1);
        d->group[p] = h;
        if ((size_t)h + 1 > g)
            g = (size_t)h + 1;
    }
    for (size_t h = 0; h < g; h++) {
        size_t p = 0;
        while (p < k && (size_t)d->group[p] != h)
            p++;
        if (p == k)
            return SP_FAIL(err, SP_EINVAL, "design: group %zu has no "
                           "parameter (groups must be numbered 0..%zu)", h,
                           g - 1);
    }
    d->g = g;
    return SP_OK;
}

/* n_points = a * b, or SP_ELIMIT. */
static int mul_points(size_t a, size_t b, size_t *out, sp_error *err)
{
    if (b != 0 && a > SIZE_MAX / b)
        return SP_FAIL(err, SP_ELIMIT, "design: too many points (%zu x %zu)",
                       a, b);
    *out = a * b;
    return SP_OK;
}

static int setup_factorial(sp_design *d, const int *levels, sp_error *err)
{
    if (!levels)
        return SP_FAIL(err, SP_EINVAL, "design: factorial needs the number "
                       "of levels of each parameter");
    d->levels = sp_malloc(d->k * sizeof *d->levels);
    if (!d->levels)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    size_t n = 1;
    for (size_t p = 0; p < d->k; p++) {
        if (levels[p] < 1)
            return SP_FAIL(err, SP_EINVAL, "design: parameter %zu has %d "
                           "levels; factorial needs at least 1", p, levels[p]);
        d->levels[p] = levels[p];
        int rc = mul_points(n, (size_t)levels[p], &n, err);
        if (rc != SP_OK)
            return rc;
    }
    d->n_points = n;
    return SP_OK;
}

/* mc, lhs and morris index Philox counters with 32-bit words. */
static int check_u32(size_t n, const char *what, sp_error *err)
{
    if (n > UINT32_MAX)
        return SP_FAIL(err, SP_ELIMIT, "design: %s %zu above the limit "
                       "%" PRIu32, what, n, UINT32_MAX);
    return SP_OK;
}

static int setup_kind(sp_design *d, const int *levels, sp_error *err)
{
    size_t n = d->n_samples;
    int rc;
    if (d->kind != SP_DESIGN_FACTORIAL && n == 0)
        return SP_FAIL(err, SP_EINVAL, "design: --samples must be at least 1");
    switch (d->kind) {
    case SP_DESIGN_MC:
        d->n_points = n;
        return check_u32(n, "samples", err);
    case SP_DESIGN_LHS:
        d->n_points = n;
        d->perm = feistel_make((uint32_t)n, PURPOSE_LHS_PERM);
        return check_u32(n, "samples", err);
    case SP_DESIGN_SOBOL:
        if ((rc = check_u32(n, "base points", err)) != SP_OK)
            return rc;
        if (d->k > SP_SOBOLSEQ_MAX_DIM / 2)
            return SP_FAIL(err, SP_ELIMIT, "design: sobol supports at most %d "
                           "parameters (2k dimensions of the Joe-Kuo table, "
                           "%d); %zu given", SP_SOBOLSEQ_MAX_DIM / 2,
                           SP_SOBOLSEQ_MAX_DIM, d->k);
        if ((rc = sp_sobolseq_init(&d->seq, (unsigned)(2 * d->k), err)) != SP_OK)
            return rc;
        return mul_points(n, d->g + 2, &d->n_points, err);
    case SP_DESIGN_MORRIS:
        if (n > SP_RNG_MAX_ENTITY)
            return SP_FAIL(err, SP_ELIMIT, "design: morris supports at most "
                           "%u trajectories", (unsigned)SP_RNG_MAX_ENTITY);
        d->perm = feistel_make((uint32_t)d->g, PURPOSE_MORRIS_ORDER);
        return mul_points(n, d->g + 1, &d->n_points, err);
    case SP_DESIGN_FACTORIAL:
        return setup_factorial(d, levels, err);
    }
    return SP_FAIL(err, SP_EINVAL, "design: unknown kind %d", (int)d->kind);
}

int sp_design_new(sp_design_kind kind, size_t k, const int *group_of_param,
                  size_t n_samples, uint64_t seed, const int *levels,
                  sp_design **out, sp_error *err)
{
    *out = NULL;
    if (!sp_design_kind_name(kind))
        return SP_FAIL(err, SP_EINVAL, "design: unknown kind %d", (int)kind);
    if (k == 0)
        return SP_FAIL(err, SP_EINVAL, "design: no uncertain parameters to "
                       "sweep (k = 0)");
    if (k > SP_RNG_MAX_ENTITY)
        return SP_FAIL(err, SP_ELIMIT, "design: %zu parameters, at most %u",
                       k, (unsigned)SP_RNG_MAX_ENTITY);
    sp_design *d = sp_calloc(1, sizeof *d);
    if (!d)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    d->kind = kind;
    d->k = k;
    d->n_samples = n_samples;
    d->seed = seed;
    d->group = sp_malloc(k * sizeof *d->group);
    int rc = d->group ? set_groups(d, group_of_param, err)
                      : SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (rc == SP_OK)
        rc = setup_kind(d, levels, err);
    if (rc == SP_OK && d->n_points == 0)
        rc = SP_FAIL(err, SP_EINVAL, "design: no points");
    if (rc != SP_OK) {
        sp_design_free(d);
        return rc;
    }
    *out = d;
    return SP_OK;
}

void sp_design_free(sp_design *d)
{
    if (!d)
        return;
    sp_sobolseq_free(&d->seq);
    sp_xfree(d->group);
    sp_xfree(d->levels);
    sp_xfree(d);
}

/* ---- accessors --------------------------------------------------------- */

size_t sp_design_n_points(const sp_design *d) { return d ? d->n_points : 0; }
size_t sp_design_n_params(const sp_design *d) { return d ? d->k : 0; }
size_t sp_design_n_groups(const sp_design *d) { return d ? d->g : 0; }
size_t sp_design_n_samples(const sp_design *d) { return d ? d->n_samples : 0; }
sp_design_kind sp_design_kind_of(const sp_design *d) { return d->kind; }
int sp_design_group_of(const sp_design *d, size_t p) { return d->group[p]; }

static const char *const kind_names[] = {
    [SP_DESIGN_MC] = "mc", [SP_DESIGN_LHS] = "lhs",
    [SP_DESIGN_SOBOL] = "sobol", [SP_DESIGN_MORRIS] = "morris",
    [SP_DESIGN_FACTORIAL] = "factorial"};

const char *sp_design_kind_name(sp_design_kind kind)
{
    size_t n = sizeof kind_names / sizeof kind_names[0];
    return (size_t)kind < n ? kind_names[kind] : NULL;
}

int sp_design_kind_parse(const char *name, sp_design_kind *kind)
{
    size_t n = sizeof kind_names / sizeof kind_names[0];
    for (size_t i = 0; name && i < n; i++)
        if (kind_names[i] && strcmp(name, kind_names[i]) == 0) {
            *kind = (sp_design_kind)i;
            return SP_OK;
        }
    return SP_EINVAL;
}
