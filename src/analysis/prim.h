/*
 * prim.h - PRIM scenario discovery: which box in the space of uncertain
 * parameters holds the runs where a condition of interest happened
 * (Friedman & Fisher 1999; Bryant & Lempert 2010). The algorithm, its
 * stopping rules and the rule that chooses one box are in prim.c's
 * header comment.
 *
 * Input: n points x k parameters, row-major (x[i * k + j]), the range
 * [lo[j], hi[j]] each parameter was sampled from, and y[i] = 1 when point
 * i meets the condition (e.g. major_war_10y > 0.05), else 0. The caller
 * turns outcomes into y; PRIM only sees 0/1.
 *
 * Output: an opaque sp_prim holding the peeling trajectory (box 0 is the
 * whole range; each later box is one peel further) and the chosen box
 * after pasting. A box's limits are k lows and k highs; a parameter is
 * restricted when a limit differs from its range. Points on a limit are
 * inside (lo <= x <= hi); limits fall midway between data values.
 *
 * Tests: tests/unit/test_prim.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_ANALYSIS_PRIM_H
#define SP_ANALYSIS_PRIM_H

#include "internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Which box of the trajectory is chosen (prim.c, 2.). */
typedef enum sp_prim_rule {
    SP_PRIM_F1 = 0,   /* highest harmonic mean of coverage and density */
    SP_PRIM_DENSITY   /* highest density */
} sp_prim_rule;

typedef struct sp_prim_opts {
    double peel_alpha;   /* share of a box's points one peel removes
                            (default 0.05), in (0, 0.5) */
    double paste_alpha;  /* share of the box's points one paste adds
                            (default 0.05), in (0, 0.5) */
    double mass_min;     /* peeling stops before mass < this (0.05), in
                            (0, 1) */
    double min_coverage; /* the chosen box is taken among the
                            trajectory's boxes with coverage >= this
                            (0.5), in [0, 1] */
    sp_prim_rule rule;   /* how it is chosen (SP_PRIM_F1) */
} sp_prim_opts;

typedef struct sp_prim_box {
    double coverage;     /* y = 1 points inside / all y = 1 points */
    double density;      /* y = 1 points inside / points inside */
    double mass;         /* points inside / n */
    size_t n_in, y_in;   /* points inside, y = 1 points inside */
    size_t n_restricted; /* parameters whose limits differ from range */
    const double *lo, *hi; /* k limits each, owned by the sp_prim */
} sp_prim_box;

typedef struct sp_prim sp_prim;

/* Index that sp_prim_get takes for the chosen box after pasting. */
#define SP_PRIM_RESULT SIZE_MAX

SP_INTERNAL void sp_prim_opts_default(sp_prim_opts *o);

/* Run PRIM. opts may be NULL for the defaults. SP_EINVAL for n = 0,
 * k = 0, no y = 1 point, no y = 0 point (nothing to discover either
 * way), y other than 0/1, a non-finite x or one outside its range, a
 * range with lo >= hi, or options out of range; SP_ELIMIT for n >= 2^32;
 * SP_ENOMEM. Memory: k * n 32-bit indices (each parameter sorted once)
 * plus n flags and the trajectory. */
SP_INTERNAL int sp_prim_run(const double *x, size_t n, size_t k,
                            const double *lo, const double *hi,
                            const uint8_t *y, const sp_prim_opts *opts,
                            sp_prim **out, sp_error *err);
SP_INTERNAL void sp_prim_free(sp_prim *p);

/* Boxes on the peeling trajectory (at least 1). */
SP_INTERNAL size_t sp_prim_n_boxes(const sp_prim *p);
/* Which trajectory box the rule chose (before pasting). */
SP_INTERNAL size_t sp_prim_chosen(const sp_prim *p);
/* Box i of the trajectory, or SP_PRIM_RESULT for the chosen box after
 * pasting. false if i is out of range. */
SP_INTERNAL bool sp_prim_get(const sp_prim *p, size_t i, sp_prim_box *b);
/* Whether box b restricts parameter j. */
SP_INTERNAL bool sp_prim_restricts(const sp_prim *p, const sp_prim_box *b,
                                   size_t j);

#endif /* SP_ANALYSIS_PRIM_H */
