/*
 * sobolseq.h - Sobol' low-discrepancy sequence, random access by index.
 *
 * The sequence of Sobol' (1967) in the Gray-code order of Antonov and
 * Saleev (1979), built as Bratley and Fox (1988, ACM TOMS 14:88-100,
 * Algorithm 659) describe, with 32-bit direction numbers. Dimension 1 is
 * van der Corput's sequence; dimensions 2..SP_SOBOLSEQ_MAX_DIM take their
 * primitive polynomials and initial direction numbers from Joe and Kuo
 * (2008), file new-joe-kuo-6.21201 (table and terms in joekuo.c).
 *
 * Point n (n = 0, 1, ..., 2^32 - 1) in dimension d is the 32-bit word
 *
 *     X_n = XOR of V_b over the bits b set in gray(n) = n ^ (n >> 1),
 *
 * so any point is computed alone, in at most 32 XORs per dimension: a
 * sharded or resumed sweep never replays the sequence. Point 0 is all
 * zeros; the words are the sequence scaled by 2^32 (the value is
 * X_n / 2^32). Nothing here decides whether to skip point 0: that is the
 * design's business (design.c keeps it; the reason is there).
 *
 * Tests: tests/unit/test_sobolseq.c (GSL's own initial numbers reproduce
 * gsl_qrng_sobol exactly in dimensions 1..40; Joe-Kuo points against
 * values computed by SciPy; every 2^m-point prefix stratified).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_ANALYSIS_SOBOLSEQ_H
#define SP_ANALYSIS_SOBOLSEQ_H

#include "../internal.h"

#include <stdint.h>

#define SP_SOBOLSEQ_BITS 32
#define SP_SOBOLSEQ_MAX_DIM 1024 /* dimensions the Joe-Kuo table holds */
#define SP_SOBOLSEQ_MAX_DEGREE 13 /* highest polynomial degree in it */

/* One dimension's primitive polynomial x^s + a_1 x^(s-1) + ... +
 * a_(s-1) x + 1 over GF(2), in Joe and Kuo's encoding: s the degree, a
 * the inner coefficients with a_1 as the most significant of s - 1 bits,
 * m the initial direction numbers m_1..m_s (m_i odd, m_i < 2^i). */
typedef struct sp_sobolseq_poly {
    uint16_t s;
    uint16_t a;
    uint16_t m[SP_SOBOLSEQ_MAX_DEGREE];
} sp_sobolseq_poly;

/* Joe and Kuo's polynomial for dimension d = 2..SP_SOBOLSEQ_MAX_DIM
 * (joekuo.c); NULL outside that range. */
SP_INTERNAL const sp_sobolseq_poly *sp_sobolseq_joekuo(unsigned d);

/* The 32 direction numbers V_1..V_32 (v[0..31], scaled by 2^32) of one
 * dimension: V_i = m_i 2^(32 - i) for i <= s, then Bratley and Fox's
 * recurrence
 *     V_i = V_(i-s) ^ (V_(i-s) >> s) ^ a_1 V_(i-1) ^ ... ^ a_(s-1) V_(i-s+1).
 * poly NULL means dimension 1 (every m_i = 1). SP_EINVAL if s is 0 or
 * above SP_SOBOLSEQ_MAX_DEGREE, a does not fit s - 1 bits, or an m_i is
 * even or not below 2^i: such numbers do not give a Sobol' sequence. */
SP_INTERNAL int sp_sobolseq_directions(const sp_sobolseq_poly *poly,
                                       uint32_t v[SP_SOBOLSEQ_BITS],
                                       sp_error *err);

/* A sequence of `dim` dimensions: dim * 32 direction numbers. */
typedef struct sp_sobolseq {
    unsigned dim;
    uint32_t *v; /* [dim][32] */
} sp_sobolseq;

/* Dimensions 1..dim from the Joe-Kuo table; SP_ELIMIT above
 * SP_SOBOLSEQ_MAX_DIM, SP_EINVAL for dim 0, SP_ENOMEM. */
SP_INTERNAL int sp_sobolseq_init(sp_sobolseq *q, unsigned dim, sp_error *err);
/* Dimensions from the caller's polynomials: dimension 1 is van der
 * Corput's, dimension j + 2 uses polys[j] (tests load GSL's here). */
SP_INTERNAL int sp_sobolseq_init_polys(sp_sobolseq *q, unsigned dim,
                                       const sp_sobolseq_poly *polys,
                                       sp_error *err);
SP_INTERNAL void sp_sobolseq_free(sp_sobolseq *q);

/* X_n in dimension d (0-based), scaled by 2^32. d < q->dim. */
static inline uint32_t sp_sobolseq_word(const sp_sobolseq *q, uint32_t n,
                                        unsigned d)
{
    const uint32_t *v = q->v + (size_t)d * SP_SOBOLSEQ_BITS;
    uint32_t g = n ^ (n >> 1), x = 0;
    for (unsigned b = 0; g; b++, g >>= 1)
        if (g & 1u)
            x ^= v[b];
    return x;
}

#endif /* SP_ANALYSIS_SOBOLSEQ_H */
