/*
 * poisson.c - Poisson variates from one uniform, and the memo of their
 * inversion tables.
 *
 * Inversion: the smallest k with P(K <= k) >= u, found by summing the
 * pmf from k = 0 (p_0 = e^-lambda, p_k = p_(k-1) * lambda * (1/k)); the
 * walk also stops once past the mean the terms no longer change the sum,
 * so a u above the rounded total cannot loop for ever (for lambda <= 500
 * that happens below k = 1000). Above lambda 500 e^-lambda heads for
 * underflow and the walk gets long, so a normal approximation with
 * continuity correction and the first Cornish-Fisher (skewness) term is
 * used instead; its error in any probability is O(1/lambda), below 0.2%
 * there. Callers may lower that switch (sp_rng_poisson_approx_u).
 *
 * The memo: a war side's monthly attack rate is the same month after
 * month, and inversion costs about lambda dependent multiply-adds plus an
 * exp(), so conduct.c's draws were a seventh of a run. A table of the
 * walk's partial sums, kept in a slot the caller names (one per series
 * of draws that tends to repeat its mean) and rebuilt when the mean
 * changes, turns a repeated draw into a search of a few entries. The
 * tables are filled by the same walk, term by term, so a memo draw
 * returns exactly the variate the walk would (test_poisson checks it
 * over a grid of means and uniforms, and at the tables' own entries).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "poisson.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>

#include <gsl/gsl_cdf.h>

/* 1/k for k = 1..RECIP_N - 1, as the compiler rounds each constant:
 * the walk multiplies by it instead of dividing by k (a division in a
 * dependent chain costs ~4x a multiplication). Read-only. */
#define RECIP_N 1024
#define R8(k) 1.0 / (k), 1.0 / ((k) + 1), 1.0 / ((k) + 2), 1.0 / ((k) + 3),  \
              1.0 / ((k) + 4), 1.0 / ((k) + 5), 1.0 / ((k) + 6), 1.0 / ((k) + 7)
#define R64(k) R8(k), R8((k) + 8), R8((k) + 16), R8((k) + 24), R8((k) + 32), \
               R8((k) + 40), R8((k) + 48), R8((k) + 56)
static const double recip[RECIP_N] = {
    0, 1.0 / 1, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6, 1.0 / 7,
    R8(8), R8(16), R8(24), R8(32), R8(40), R8(48), R8(56),
    R64(64), R64(128), R64(192), R64(256), R64(320), R64(384), R64(448),
    R64(512), R64(576), R64(640), R64(704), R64(768), R64(832), R64(896),
    R64(960)};
_Static_assert(RECIP_N > (int)SP_POISSON_INVERSION_MAX * 2,
               "the walk stops well before the table ends");

/* ---- the walk ------------------------------------------------------------ */

/* Term k and the partial sum through it, from term k - 1. */
static inline void walk_step(double lambda, unsigned k, double *p,
                             double *cdf)
{
    *p *= lambda * recip[k];
    *cdf += *p;
}

/* Past the mean, a term too small to change the sum ends the walk. */
static inline int walk_done(double lambda, unsigned k, double p, double cdf)
{
    return (double)k > lambda && p <= cdf * DBL_EPSILON;
}

static unsigned poisson_inversion(double lambda, double u)
{
    double p = exp(-lambda);
    double cdf = p;
    unsigned k = 0;
    while (u > cdf && k + 1 < RECIP_N) {
        k++;
        walk_step(lambda, k, &p, &cdf);
        if (walk_done(lambda, k, p, cdf))
            break;
    }
    return k;
}

/* ceil(lambda + sqrt(lambda) z + (z^2 - 1) / 6 - 0.5), clamped. */
static unsigned poisson_normal_approx(double lambda, double u)
{
    double z = gsl_cdf_ugaussian_Pinv(u);
    double x = lambda + sqrt(lambda) * z + (z * z - 1.0) / 6.0 - 0.5;
    double k = ceil(x);
    if (!(k > 0.0))
        return 0;
    if (k >= (double)UINT_MAX)
        return UINT_MAX;
    return (unsigned)k;
}

unsigned sp_rng_poisson_u(double lambda, double u)
{
    return sp_rng_poisson_approx_u(lambda, u, SP_POISSON_INVERSION_MAX);
}

/* Does lambda take the inversion (not the normal approximation)? */
static int inverts(double lambda, double normal_from)
{
    return lambda <= normal_from && lambda <= SP_POISSON_INVERSION_MAX;
}

unsigned sp_rng_poisson_approx_u(double lambda, double u, double normal_from)
{
    if (!(lambda > 0.0)) /* also NaN */
        return 0;
    if (inverts(lambda, normal_from))
        return poisson_inversion(lambda, u);
    return poisson_normal_approx(lambda, u);
}

/* ---- the memo ------------------------------------------------------------ */

/* Entries per table: a mean of 30 (conduct.c's switch to the normal
 * approximation) ends its walk near k = 86; a longer walk is not kept. */
#define MEMO_LEN 96
_Static_assert(MEMO_LEN < RECIP_N, "a kept walk never reaches the end of "
                                   "recip, so it ends as the search's does");

/* One table per slot; the caller picks the slot, so draws that share a
 * mean month after month (one war side's attacks on one principle) find
 * their table again and never evict each other's. */
/* Guide cells: cell g holds the first k with cdf[k] >= g / GUIDE_N, so
 * a draw starts its search there and usually stops at once (Chen &
 * Asau 1974, "guide tables"); a search that starts near the mean and
 * walks to the answer costs a mispredicted branch or two per draw. */
#define GUIDE_N 64

typedef struct memo_table {
    double mean;            /* the table's lambda; 0 = empty */
    double seen;            /* the last mean drawn without the table */
    unsigned last;          /* the index where its walk ended */
    double cdf[MEMO_LEN];   /* the walk's partial sums */
    uint8_t guide[GUIDE_N]; /* where a search for u in cell g starts */
} memo_table;
_Static_assert(MEMO_LEN <= 256, "guide entries are bytes");

struct sp_poisson_memo {
    size_t n_slots;
    memo_table slot[]; /* n_slots */
};

sp_poisson_memo *sp_poisson_memo_new(size_t n_slots)
{
    sp_poisson_memo *m =
        sp_calloc(1, sizeof *m + n_slots * sizeof(memo_table));
    if (m)
        m->n_slots = n_slots;
    return m;
}

void sp_poisson_memo_free(sp_poisson_memo *m)
{
    sp_xfree(m);
}

/* guide[g] = the first k with cdf[k] >= g / GUIDE_N (last if none), in
 * one merge of the sums with the cells' lower edges. */
static void fill_guide(memo_table *tb)
{
    unsigned g = 0;
    for (unsigned k = 0; k <= tb->last && g < GUIDE_N; k++)
        while (g < GUIDE_N && (double)g / GUIDE_N <= tb->cdf[k])
            tb->guide[g++] = (uint8_t)k; /* g / GUIDE_N is exact */
    while (g < GUIDE_N)
        tb->guide[g++] = (uint8_t)tb->last;
}

/* Fill a table with lambda's walk; false if it is too long to keep. */
static int build(memo_table *tb, double lambda)
{
    double *t = tb->cdf;
    double p = exp(-lambda), cdf = p;
    unsigned k = 0;
    tb->mean = 0; /* empty until complete */
    t[0] = cdf;
    for (;;) {
        if (k + 1 >= MEMO_LEN)
            return 0;
        k++;
        walk_step(lambda, k, &p, &cdf);
        t[k] = cdf;
        if (walk_done(lambda, k, p, cdf))
            break;
    }
    tb->last = k;
    fill_guide(tb);
    tb->mean = lambda;
    return 1;
}

/* The first k <= last with cdf[k] >= u, else last: what the walk
 * returns. No answer lies below the guide's start for u's cell (the
 * sums do not decrease), and few entries lie inside one cell. */
static unsigned search(const memo_table *tb, double u)
{
    unsigned k = tb->guide[(unsigned)(u * GUIDE_N)]; /* u in (0,1): checked */
    while (k < tb->last && tb->cdf[k] < u)
        k++;
    return k;
}

static inline unsigned memo_draw(sp_poisson_memo *m, size_t slot,
                                 double lambda, double u, double normal_from)
{
    if (!(lambda > 0.0) || !inverts(lambda, normal_from) ||
        slot >= m->n_slots || !(u > 0.0 && u < 1.0)) /* u indexes the guide */
        return sp_rng_poisson_approx_u(lambda, u, normal_from);
    memo_table *tb = &m->slot[slot];
    if (tb->mean != lambda) {
        /* A table costs several walks to build: build it for a mean seen
         * twice running (a steady war), not for one that moves each
         * month (a side whose outside supply changes). */
        if (tb->seen != lambda || !build(tb, lambda)) {
            tb->seen = lambda;
            return poisson_inversion(lambda, u);
        }
    }
    return search(tb, u);
}

unsigned sp_poisson_memo_draw(sp_poisson_memo *m, size_t slot,
                              double lambda, double u, double normal_from)
{
    return memo_draw(m, slot, lambda, u, normal_from);
}

void sp_poisson_memo_draw4(sp_poisson_memo *m, size_t slot0,
                           const double lambda[4], const double u[4],
                           double normal_from, unsigned n[4])
{
    for (size_t k = 0; k < 4; k++)
        n[k] = memo_draw(m, slot0 + k, lambda[k], u[k], normal_from);
}
