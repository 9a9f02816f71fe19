/*
 * rng.h - counter-based random numbers (internal part).
 *
 * The one definition (model.md §4): Philox4x32-10 with
 *   key     = the 64-bit master seed, split (low word, high word)
 *   counter = (replication, stream, step, entity * 256 + draw)
 * The package and the design point are not in the counter, so every
 * package and every design point sees the same chance events in
 * replication r (common random numbers), and a run's draws depend on
 * nothing else: not thread, rank, batch or what else runs.
 *
 * Stream numbers are fixed forever once used; add new ones at the end of
 * the list in spiral.h (SP_STREAM_*) or here, never renumber.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_RNG_H
#define SP_RNG_H

#include "internal.h"
#include "poisson.h" /* the variates of a given uniform */

#define SP_RNG_MAX_DRAW 255u     /* draw index lives in the low 8 bits */
#define SP_RNG_MAX_ENTITY 0xFFFFFFu

/* A stream bound to one run: seed and replication fixed. Cheap to copy;
 * holds no pointers; no allocation. */
typedef struct sp_rng {
    uint64_t seed;
    uint32_t rep;
} sp_rng;

static inline sp_rng sp_rng_make(uint64_t seed, uint32_t rep)
{
    sp_rng r = {seed, rep};
    return r;
}

/* Uniform in (0,1) for (stream, step, entity, draw). */
SP_INTERNAL double sp_rng_u01(const sp_rng *r, uint32_t stream, uint32_t step,
                              uint32_t entity, uint32_t draw);
/* Standard normal by inverse CDF of one uniform. */
SP_INTERNAL double sp_rng_normal(const sp_rng *r, uint32_t stream,
                                 uint32_t step, uint32_t entity, uint32_t draw);
/* Four uniforms in (0,1) from one counter (one Philox call), one per
 * 32-bit word: (w + 0.5) / 2^32. Coarser than sp_rng_u01 (32 bits, not
 * 53: the smallest is 1.2e-10), for mechanisms that need several
 * independent variates per entity and step where that resolution is
 * ample (Poisson counts by inversion). */
SP_INTERNAL void sp_rng_u01x4(const sp_rng *r, uint32_t stream,
                              uint32_t step, uint32_t entity, uint32_t draw,
                              double u[4]);
/* Poisson(lambda) by inversion of one uniform (lambda < ~700). */
SP_INTERNAL unsigned sp_rng_poisson(const sp_rng *r, uint32_t stream,
                                    uint32_t step, uint32_t entity,
                                    uint32_t draw, double lambda);
/* Bernoulli(p). */
SP_INTERNAL bool sp_rng_bernoulli(const sp_rng *r, uint32_t stream,
                                  uint32_t step, uint32_t entity,
                                  uint32_t draw, double p);

/* Map a 32-bit word to (0,1): (w + 0.5) / 2^32, never 0 or 1. Two words
 * give 53 bits: ((hi >> 5) * 2^26 + (lo >> 6) + 0.5) / 2^53. */
SP_INTERNAL double sp_rng_words_to_u01(uint32_t hi, uint32_t lo);

#endif /* SP_RNG_H */
