/*
 * rng.c - counter-based random numbers: Philox4x32-10 keyed by identity.
 *
 * Every random number in spiral is a pure function of who asks and why
 * (model.md §4, style.md §11):
 *
 *     key     = (seed & 0xFFFFFFFF, seed >> 32)
 *     counter = (rep, stream, step, entity * 256 + draw)
 *     words   = Philox4x32-10(counter, key)          (Random123)
 *
 * There is no generator state to carry, seed or split, so a run's draws
 * cannot depend on thread, rank, batch or on what else runs, and adding
 * a stream never shifts another's draws. The counter's last word is
 * computed in 32-bit unsigned arithmetic exactly as written above; callers
 * keep entity <= SP_RNG_MAX_ENTITY and draw <= SP_RNG_MAX_DRAW (rng.h),
 * otherwise two identities share a counter. This file does not check it:
 * a pure function with no error channel has nothing sensible to report,
 * and the tests pin the mapping instead.
 *
 * Variates, all from one counter (one Philox call) each:
 *   uniform   words 0 (hi) and 1 (lo) give 53 bits,
 *             u = ((hi >> 5) * 2^26 + (lo >> 6) + 0.5) / 2^53, in (0,1).
 *             In double arithmetic the +0.5 rounds (ties to even) once
 *             the integer part reaches 2^52; the one input that would
 *             round to exactly 1.0 (hi = lo = 0xFFFFFFFF) is mapped to
 *             the largest double below 1, so 0 and 1 never occur.
 *   normal    inverse CDF of the uniform (gsl_cdf_ugaussian_Pinv; the
 *             uniform is strictly inside (0,1), so the result is finite
 *             and GSL never reaches its error handler).
 *   Poisson   of one uniform: inversion up to lambda 500, a normal
 *             approximation above (src/poisson.c).
 *   Bernoulli u < p.
 *   four      sp_rng_u01x4: each of the four words of one call as a
 *             32-bit uniform (w + 0.5) / 2^32, for mechanisms that need
 *             several independent variates per entity and step
 *             (Philox's four words are independent).
 *
 * Nothing here allocates or touches global state; every function is
 * safe to call from any thread.
 *
 * Tests: tests/unit/test_rng.c (Random123's own known-answer vectors,
 * through the raw call and through sp_rng_words; moments of each variate).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "rng.h"

#include <math.h>

#include <Random123/philox.h>
#include <gsl/gsl_cdf.h>

void sp_rng_words(uint64_t seed, uint32_t rep, uint32_t stream,
                  uint32_t step, uint32_t entity, uint32_t draw,
                  uint32_t out[4])
{
    philox4x32_key_t key = {{(uint32_t)(seed & 0xFFFFFFFFu),
                             (uint32_t)(seed >> 32)}};
    philox4x32_ctr_t ctr = {{rep, stream, step, entity * 256u + draw}};
    philox4x32_ctr_t r = philox4x32_R(10, ctr, key);
    for (int i = 0; i < 4; i++)
        out[i] = r.v[i];
}

double sp_rng_words_to_u01(uint32_t hi, uint32_t lo)
{
    uint64_t m = ((uint64_t)(hi >> 5) << 26) | (uint64_t)(lo >> 6);
    double u = ((double)m + 0.5) * 0x1p-53;
    /* Only m = 2^53 - 1 rounds up to 1.0; see the note at the top. */
    return u < 1.0 ? u : 0x1.fffffffffffffp-1;
}

double sp_rng_uniform(uint64_t seed, uint32_t rep, uint32_t stream,
                      uint32_t step, uint32_t entity, uint32_t draw)
{
    uint32_t w[4];
    sp_rng_words(seed, rep, stream, step, entity, draw, w);
    return sp_rng_words_to_u01(w[0], w[1]);
}

double sp_rng_u01(const sp_rng *r, uint32_t stream, uint32_t step,
                  uint32_t entity, uint32_t draw)
{
    return sp_rng_uniform(r->seed, r->rep, stream, step, entity, draw);
}

double sp_rng_normal(const sp_rng *r, uint32_t stream, uint32_t step,
                     uint32_t entity, uint32_t draw)
{
    return gsl_cdf_ugaussian_Pinv(sp_rng_u01(r, stream, step, entity, draw));
}

unsigned sp_rng_poisson(const sp_rng *r, uint32_t stream, uint32_t step,
                        uint32_t entity, uint32_t draw, double lambda)
{
    if (!(lambda > 0.0))
        return 0;
    return sp_rng_poisson_u(lambda, sp_rng_u01(r, stream, step, entity, draw));
}

void sp_rng_u01x4(const sp_rng *r, uint32_t stream, uint32_t step,
                  uint32_t entity, uint32_t draw, double u[4])
{
    uint32_t w[4];
    sp_rng_words(r->seed, r->rep, stream, step, entity, draw, w);
    for (int i = 0; i < 4; i++)
        u[i] = ((double)w[i] + 0.5) * 0x1p-32;
}

bool sp_rng_bernoulli(const sp_rng *r, uint32_t stream, uint32_t step,
                      uint32_t entity, uint32_t draw, double p)
{
    /* u is in (0,1): p <= 0 (or NaN) never fires, p >= 1 always does. */
    return sp_rng_u01(r, stream, step, entity, draw) < p;
}
