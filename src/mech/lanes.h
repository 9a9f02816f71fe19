/*
 * lanes.h - two doubles side by side (GCC/Clang vector extension), for
 * loops that do the same arithmetic on two independent values: each
 * lane is one IEEE double operation, exactly as in the scalar form
 * (SSE2 on x86-64), so the results are the same bytes.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_MECH_LANES_H
#define SP_MECH_LANES_H

#include <stdbool.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

typedef double lane_pair __attribute__((vector_size(16)));
typedef long long lane_mask __attribute__((vector_size(16)));

/* p[0], p[1] (unaligned). */
static inline lane_pair load_pair(const double *p)
{
    lane_pair v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void store_pair(double *p, lane_pair v)
{
    memcpy(p, &v, sizeof v);
}

/* Both lanes of a comparison true. */
static inline bool both(lane_mask m)
{
#ifdef __SSE2__
    return _mm_movemask_pd((__m128d)m) == 3;
#else
    return m[0] && m[1];
#endif
}

#endif
