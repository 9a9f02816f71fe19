/*
 * vcase.h - one validation case of `spiral validate` (validate.c holds
 * the list; one file per family of cases: richardson.c, wwi.c, mid.c,
 * dprk.c, mechanism.c).
 *
 * A case computes a figure and says where it must fall: within tol of
 * an expected value (vr_near) or inside an interval (vr_within). A case
 * whose honest result is a failure sets known_failing to the reason; it
 * stays in the suite and is never tuned away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_VALIDATE_VCASE_H
#define SP_VALIDATE_VCASE_H

#include "internal.h"

#include <math.h>

typedef struct vresult {
    double figure;
    double expected, tol; /* NAN for an interval case */
    double lo, hi;        /* pass iff lo <= figure <= hi */
    const char *known_failing; /* NULL, or why failing is the honest result */
} vresult;

/* Where the inputs are: the data folder and, beside it, scenarios/. */
typedef struct vctx {
    const char *data_dir;
    const char *scenario_dir;
} vctx;

typedef int (*vcase_fn)(const vctx *ctx, vresult *r, sp_error *err);

static inline vresult vr_near(double figure, double expected, double tol)
{
    return (vresult){figure, expected, tol, expected - tol, expected + tol,
                     NULL};
}

static inline vresult vr_within(double figure, double lo, double hi)
{
    return (vresult){figure, NAN, NAN, lo, hi, NULL};
}


/* Richardson (validation.md cases 1-3): richardson.c */
SP_INTERNAL int sp_v_rich_stable(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_rich_unstable(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_rich_cold_war(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_rich_slope(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_rich_zero(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_rich_integrator(const vctx *, vresult *, sp_error *);

/* WWI (validation.md case 6): wwi.c */
SP_INTERNAL int sp_v_wwi_triads_1872(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_wwi_triads_1882(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_wwi_triads_1890(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_wwi_triads_1891(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_wwi_triads_1904(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_wwi_triads_1907(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_wwi_eigen_1872(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_wwi_eigen_1904(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_wwi_dynamics_1872(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_wwi_dynamics_1904(const vctx *, vresult *, sp_error *);

/* The MID ladder (validation.md case 13): mid.c */
SP_INTERNAL int sp_v_mid_holdout_threat(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_mid_holdout_display(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_mid_holdout_force(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_mid_holdout_war(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_mid_period_threat(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_mid_period_display(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_mid_period_force(const vctx *, vresult *, sp_error *);
SP_INTERNAL int sp_v_mid_period_war(const vctx *, vresult *, sp_error *);

/* DPRK provocations (validation.md case 13): dprk.c */
SP_INTERNAL int sp_v_dprk_constant_rate(const vctx *, vresult *, sp_error *);

/* Mechanism checks (docs/CALIBRATION.md): mechanism.c */
SP_INTERNAL int sp_v_mech_counter_alignment(const vctx *, vresult *,
                                            sp_error *);
SP_INTERNAL int sp_v_mech_sanctions_integrity(const vctx *, vresult *,
                                              sp_error *);

#endif
