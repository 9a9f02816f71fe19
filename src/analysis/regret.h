/*
 * regret.h - regret and threshold satisfaction of packages across the
 * design points of a sweep (robustness measures after Lempert, Popper &
 * Bankes 2003 and Lempert et al. 2006; see regret.c for the definitions).
 *
 * Input: one outcome as an m x p matrix, row-major: value[i * p + j] is
 * package j at design point i (each cell typically the ensemble estimate
 * of that package at that point). Output: one sp_regret_pkg per package.
 *
 * A failed run is a non-finite cell (NaN, or +/-inf). Its whole design
 * point is dropped for every package, as the ensemble drops a whole
 * replication: regret needs the best package at the point, which is
 * unknown when one package is missing, and the shares stay comparable
 * across packages only if they count the same points. The number kept is
 * returned in *n_used.
 *
 * Tests: tests/unit/test_regret.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_ANALYSIS_REGRET_H
#define SP_ANALYSIS_REGRET_H

#include "internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The threshold condition a package "meets" at a design point. */
typedef enum sp_cmp {
    SP_CMP_NONE = 0, /* no threshold: the meets_* fields are not filled */
    SP_CMP_LT,       /* value <  threshold */
    SP_CMP_LE,       /* value <= threshold */
    SP_CMP_GT,       /* value >  threshold */
    SP_CMP_GE        /* value >= threshold */
} sp_cmp;

typedef struct sp_regret_opts {
    bool higher_is_better; /* false (default): lower values are better */
    sp_cmp cmp;            /* threshold condition, SP_CMP_NONE for none */
    double threshold;
    double z;              /* for the Wilson interval; 0 means SP_Z95 */
} sp_regret_opts;

typedef struct sp_regret_pkg {
    double max_regret, mean_regret;
    double p90_regret;    /* R type 7 quantile (sp_quantile_sorted) */
    uint64_t n_best;      /* points where its regret is 0 (ties count for
                             every tied package, so shares may sum > 1) */
    double share_best;    /* n_best / n_used */
    uint64_t n_meets;     /* points where it meets the threshold */
    double meets, meets_lo, meets_hi; /* n_meets / n_used, Wilson interval */
} sp_regret_pkg;

/* Defaults: lower is better, no threshold, 95% intervals. */
SP_INTERNAL void sp_regret_opts_default(sp_regret_opts *o);

/* Fill out[0..p) from the m x p matrix `value`. *n_used (may be NULL)
 * gets the number of design points without a failed run. SP_EINVAL if
 * m or p is 0, the options are invalid (an unknown comparison, a NaN
 * threshold, z < 0), or every design point has a failed run; SP_ENOMEM
 * if the scratch column (m doubles) cannot be allocated. */
SP_INTERNAL int sp_regret_compute(const double *value, size_t m, size_t p,
                                  const sp_regret_opts *opts,
                                  sp_regret_pkg *out, size_t *n_used,
                                  sp_error *err);

#endif /* SP_ANALYSIS_REGRET_H */
