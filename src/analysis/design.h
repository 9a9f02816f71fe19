/*
 * design.h - sweep designs (internal part; the API is in spiral.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_ANALYSIS_DESIGN_H
#define SP_ANALYSIS_DESIGN_H

#include "../internal.h"

/* Morris levels p and the jump in u: delta = p / (2 (p - 1)) on Morris's
 * grid {0, 1/(p-1), ..., 1} is p/2 levels; on spiral's grid of bin
 * midpoints (l + 0.5)/p that is 1/2. */
#define SP_MORRIS_LEVELS 4
#define SP_MORRIS_DELTA 0.5

/* Group of parameter p (0-based, p < k). */
SP_INTERNAL int sp_design_group_of(const sp_design *d, size_t p);

#endif
