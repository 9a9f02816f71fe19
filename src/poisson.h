/*
 * poisson.h - Poisson variates from a given uniform, and a memo of the
 * inversion's CDF tables (internal part).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_POISSON_H
#define SP_POISSON_H

#include "internal.h"

/* Above this mean a Poisson draw uses the normal approximation. */
#define SP_POISSON_INVERSION_MAX 500.0

/* Poisson(lambda) from a given uniform u in (0,1): inversion up to
 * lambda SP_POISSON_INVERSION_MAX, then the normal approximation. */
SP_INTERNAL unsigned sp_rng_poisson_u(double lambda, double u);
/* The same with the normal approximation from lambda > normal_from
 * (>= 10 is sensible: the error in any probability is O(1/lambda), ~1%
 * at 30), for counts whose exact tail does not matter and whose
 * inversion (about lambda steps) would dominate a run. */
SP_INTERNAL unsigned sp_rng_poisson_approx_u(double lambda, double u,
                                             double normal_from);

/* A memo of inversion tables, one per slot. A run draws many counts
 * from few means (a war side's monthly attack rate stays put for
 * months), so a slot keeps the table of its last mean and answers the
 * next draw with that mean by a short search: the same variate
 * sp_rng_poisson_approx_u returns, bit for bit, since the table holds
 * the very partial sums the sequential walk adds. The caller gives each
 * series of draws that tends to repeat its mean its own slot. Per
 * thread (a draw may rewrite its slot). */
typedef struct sp_poisson_memo sp_poisson_memo;

SP_INTERNAL sp_poisson_memo *sp_poisson_memo_new(size_t n_slots);
SP_INTERNAL void sp_poisson_memo_free(sp_poisson_memo *m);
/* sp_rng_poisson_approx_u(lambda, u, normal_from), through slot `slot`
 * (a slot past the memo's end draws without it). */
SP_INTERNAL unsigned sp_poisson_memo_draw(sp_poisson_memo *m, size_t slot,
                                          double lambda, double u,
                                          double normal_from);
/* Four draws, n[k] = sp_poisson_memo_draw(m, slot0 + k, lambda[k], u[k],
 * normal_from): one call for the four counts of one Philox call. */
SP_INTERNAL void sp_poisson_memo_draw4(sp_poisson_memo *m, size_t slot0,
                                       const double lambda[4],
                                       const double u[4], double normal_from,
                                       unsigned n[4]);

#endif /* SP_POISSON_H */
