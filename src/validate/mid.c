/*
 * mid.c - validation.md case 13: the escalation ladder against the COW
 * MID 5.0 disputes (data/mid_disputes.csv; unit: the dispute).
 *
 * Out of sample (pass/fail): the post-1945 disputes (start 1946-2014)
 * are split into two random halves (Philox, seed 1, a fixed shuffle);
 * the ladder's p_crisis, p_clash and p_war are fitted on the first half
 * and the shares of threat, display, force and war the ladder then
 * predicts must each fall inside the 95% Wilson interval of the
 * held-out half's share. (Fitting and predicting on the same disputes
 * would only check the code: test_escalation.c does that.)
 *
 * Diagnostic (expected verdict: fails): the data is not stationary. A
 * ladder fitted on 1946-1999 predicts 2000-2014 badly (display 23.3% vs
 * 38.2%, war 2.16% vs 0.23%, validation.md). Reported with that expected
 * verdict as known-failing, not as a target. The model's ladder has
 * covariates (hostility, arsenal, dialogue, nuclear parties), but the
 * dispute file carries none of them, so how much of the shift they
 * explain is not measured here (docs/CALIBRATION.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vcase.h"

#include "analysis/intervals.h"
#include "calib/mid.h"

/* Fit on the disputes with fit[i] set (years f0..f1), test the share of
 * `level` among those with test[i] set (years t0..t1). */
typedef struct mid_split_spec {
    int f0, f1, t0, t1;
    bool random_halves; /* else: the two periods, whole */
} mid_split_spec;

static int ladder_case(const vctx *x, const mid_split_spec *sp, int level,
                       vresult *r, sp_error *err)
{
    sp_mid *d;
    size_t n;
    int rc = sp_mid_load(x->data_dir, &d, &n, err);
    if (rc)
        return rc;
    uint8_t *half = sp_calloc(n ? n : 1, 1), *fit = sp_calloc(n ? n : 1, 1),
            *test = sp_calloc(n ? n : 1, 1);
    size_t *idx = sp_calloc(n ? n : 1, sizeof *idx);
    if (!half || !fit || !test || !idx) {
        rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
        goto done;
    }
    if (sp->random_halves)
        sp_mid_split(d, n, sp->f0, sp->f1, 1, half, idx);
    for (size_t i = 0; i < n; i++) {
        fit[i] = sp->random_halves ? half[i] == 1 : 1;
        test[i] = sp->random_halves ? half[i] == 2 : 1;
    }
    uint64_t cf[SP_MID_N], ct[SP_MID_N];
    sp_mid_count(d, n, sp->f0, sp->f1, fit, cf);
    sp_mid_count(d, n, sp->t0, sp->t1, test, ct);
    double q[3], share[SP_MID_N], lo, hi;
    sp_mid_ladder_fit(cf, q);
    sp_mid_ladder_shares(q, share);
    uint64_t total = ct[0] + ct[1] + ct[2] + ct[3];
    sp_wilson(ct[level], total, sp_z_for_level(0.95), &lo, &hi);
    *r = vr_within(share[level], lo, hi);
done:
    sp_xfree(idx);
    sp_xfree(test);
    sp_xfree(fit);
    sp_xfree(half);
    sp_xfree(d);
    return rc;
}

static const mid_split_spec halves = {1946, 2014, 1946, 2014, true};
static const mid_split_spec periods = {1946, 1999, 2000, 2014, false};

static const char *const not_stationary =
    "validation.md case 13: MID hostility is not stationary (display 23.3% "
    "in 1946-1999 vs 38.2% in 2000-2014, war 2.16% vs 0.23%); a constant "
    "ladder fitted on one period fails on the other (expected verdict)";

#define HALF_CASE(lv, L)                                                    \
    int sp_v_mid_holdout_##lv(const vctx *x, vresult *r, sp_error *err)     \
    {                                                                       \
        return ladder_case(x, &halves, L, r, err);                          \
    }                                                                       \
    int sp_v_mid_period_##lv(const vctx *x, vresult *r, sp_error *err)      \
    {                                                                       \
        int rc = ladder_case(x, &periods, L, r, err);                       \
        r->known_failing = not_stationary;                                  \
        return rc;                                                          \
    }
HALF_CASE(threat, SP_MID_THREAT)
HALF_CASE(display, SP_MID_DISPLAY)
HALF_CASE(force, SP_MID_FORCE)
HALF_CASE(war, SP_MID_WAR)

