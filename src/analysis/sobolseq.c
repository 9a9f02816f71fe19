/*
 * sobolseq.c - Sobol' sequence: direction numbers and the sequence object.
 *
 * Why our own generator: Saltelli's scheme needs a 2k-dimensional
 * sequence (the A and B matrices side by side), and the reference
 * scenario has k = 59 uncertain parameters, 118 dimensions. GSL's
 * gsl_qrng_sobol stops at 40. This file computes the direction numbers
 * of Bratley and Fox (1988) from a table of primitive polynomials and
 * initial numbers, Joe and Kuo's (2008) by default, good to
 * SP_SOBOLSEQ_MAX_DIM dimensions; the points themselves are computed by
 * sp_sobolseq_word (sobolseq.h) from the index alone.
 *
 * Direction numbers (i = 1..32, word scaled by 2^32): V_i = m_i << (32-i)
 * for i <= s; for i > s
 *
 *     V_i = V_(i-s) ^ (V_(i-s) >> s) ^ XOR_(j=1..s-1) a_j V_(i-j)
 *
 * which is the recurrence m_i = 2 a_1 m_(i-1) ^ 4 a_2 m_(i-2) ^ ... ^
 * 2^s m_(i-s) ^ m_(i-s) of Bratley and Fox (their eq. 2.2) written on the
 * scaled words: multiplying m by 2^j is the same shift as dividing V by
 * 2^j less. With 32 bits, bits shifted out below 2^-32 are dropped; a
 * generator with B < 32 bits (GSL uses 30) gets V_i >> (32 - B) with the
 * same dropping at its own precision, so its words are ours with the low
 * 32 - B bits cleared: the test compares X >> 2 with GSL's X.
 *
 * Tests: tests/unit/test_sobolseq.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sobolseq.h"

#include <string.h>

/* The polynomial's numbers make a Sobol' sequence: degree in range, a
 * inside s - 1 bits, each m_i odd and below 2^i. */
static int check_poly(const sp_sobolseq_poly *p, sp_error *err)
{
    if (p->s < 1 || p->s > SP_SOBOLSEQ_MAX_DEGREE)
        return SP_FAIL(err, SP_EINVAL, "sobol: polynomial degree %u not in "
                       "1..%d", (unsigned)p->s, SP_SOBOLSEQ_MAX_DEGREE);
    if ((uint32_t)p->a >> (p->s - 1))
        return SP_FAIL(err, SP_EINVAL, "sobol: coefficients %u do not fit a "
                       "degree-%u polynomial", (unsigned)p->a, (unsigned)p->s);
    for (unsigned i = 1; i <= p->s; i++) {
        uint32_t m = p->m[i - 1];
        if (!(m & 1u) || m >= (1u << i))
            return SP_FAIL(err, SP_EINVAL, "sobol: initial number m_%u = %u "
                           "must be odd and below 2^%u", i, (unsigned)m, i);
    }
    return SP_OK;
}

int sp_sobolseq_directions(const sp_sobolseq_poly *poly,
                           uint32_t v[SP_SOBOLSEQ_BITS], sp_error *err)
{
    if (!poly) { /* dimension 1: van der Corput, every m_i = 1 */
        for (unsigned i = 1; i <= SP_SOBOLSEQ_BITS; i++)
            v[i - 1] = 1u << (SP_SOBOLSEQ_BITS - i);
        return SP_OK;
    }
    int rc = check_poly(poly, err);
    if (rc != SP_OK)
        return rc;
    unsigned s = poly->s;
    /* s <= SP_SOBOLSEQ_MAX_DEGREE (checked); the second bound says so to
     * the compiler, whose -Warray-bounds cannot see through check_poly */
    for (unsigned i = 1; i <= s && i <= SP_SOBOLSEQ_MAX_DEGREE; i++)
        v[i - 1] = (uint32_t)poly->m[i - 1] << (SP_SOBOLSEQ_BITS - i);
    for (unsigned i = s + 1; i <= SP_SOBOLSEQ_BITS; i++) {
        uint32_t x = v[i - s - 1] ^ (v[i - s - 1] >> s);
        for (unsigned j = 1; j < s; j++)
            if ((poly->a >> (s - 1 - j)) & 1u) /* a_j */
                x ^= v[i - j - 1];
        v[i - 1] = x;
    }
    return SP_OK;
}

/* dim dimensions; dimension j + 2 from poly_of(j). */
static int init_with(sp_sobolseq *q, unsigned dim,
                     const sp_sobolseq_poly *polys, sp_error *err)
{
    q->dim = 0;
    q->v = NULL;
    if (dim == 0)
        return SP_FAIL(err, SP_EINVAL, "sobol: dimension must be at least 1");
    uint32_t *v = sp_malloc((size_t)dim * SP_SOBOLSEQ_BITS * sizeof *v);
    if (!v)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    for (unsigned d = 0; d < dim; d++) {
        const sp_sobolseq_poly *p =
            d == 0 ? NULL : polys ? &polys[d - 1] : sp_sobolseq_joekuo(d + 1);
        int rc = sp_sobolseq_directions(p, v + (size_t)d * SP_SOBOLSEQ_BITS,
                                        err);
        if (rc != SP_OK) {
            sp_xfree(v);
            return rc;
        }
    }
    q->dim = dim;
    q->v = v;
    return SP_OK;
}

int sp_sobolseq_init(sp_sobolseq *q, unsigned dim, sp_error *err)
{
    if (dim > SP_SOBOLSEQ_MAX_DIM) {
        q->dim = 0;
        q->v = NULL;
        return SP_FAIL(err, SP_ELIMIT, "sobol: %u dimensions asked, the "
                       "direction-number table (Joe and Kuo 2008) holds %d",
                       dim, SP_SOBOLSEQ_MAX_DIM);
    }
    return init_with(q, dim, NULL, err);
}

int sp_sobolseq_init_polys(sp_sobolseq *q, unsigned dim,
                           const sp_sobolseq_poly *polys, sp_error *err)
{
    if (!polys && dim > 1) {
        q->dim = 0;
        q->v = NULL;
        return SP_FAIL(err, SP_EINVAL, "sobol: no polynomials given");
    }
    return init_with(q, dim, polys, err);
}

void sp_sobolseq_free(sp_sobolseq *q)
{
    if (!q)
        return;
    sp_xfree(q->v);
    q->v = NULL;
    q->dim = 0;
}
