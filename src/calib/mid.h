/*
 * mid.h - the COW MID 5.0 disputes (data/mid_disputes.csv) as the
 * escalation ladder sees them: counts by highest hostility, the ladder's
 * transition probabilities fitted to them, and the shares a ladder
 * predicts. Used by `spiral validate` (case 13) and `spiral calibrate`.
 *
 * Unit: the dispute (one row per MID, its highest hostility level).
 * Levels: 2 threat, 3 display, 4 use of force, 5 war; they map to the
 * model's ladder as incident (stopped there), crisis, clash, war.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_CALIB_MID_H
#define SP_CALIB_MID_H

#include "internal.h"

#include <stdint.h>

typedef struct sp_mid {
    int year;     /* start year */
    int hostlev;  /* 2..5 */
    double days;  /* duration, mean of mindur and maxdur */
} sp_mid;

enum { SP_MID_THREAT, SP_MID_DISPLAY, SP_MID_FORCE, SP_MID_WAR, SP_MID_N };

/* Every dispute of DIR/mid_disputes.csv (caller frees *out with
 * sp_xfree). A hostility level outside 2..5 is an error with file:line. */
SP_INTERNAL int sp_mid_load(const char *dir, sp_mid **out, size_t *n,
                            sp_error *err);
/* Counts by highest hostility of the disputes with y0 <= year <= y1 and
 * (if pick is not NULL) pick[i] set. */
SP_INTERNAL void sp_mid_count(const sp_mid *d, size_t n, int y0, int y1,
                              const uint8_t *pick, uint64_t count[SP_MID_N]);
/* The ladder's probabilities from counts: q[0] = P(>= display),
 * q[1] = P(>= force | >= display), q[2] = P(war | >= force) (0 where a
 * denominator is 0). These are the escalation mechanism's p_crisis,
 * p_clash and p_war. */
SP_INTERNAL void sp_mid_ladder_fit(const uint64_t count[SP_MID_N],
                                   double q[3]);
/* The shares of threat, display, force and war disputes the escalation
 * mechanism's ladder gives with p_crisis, p_clash, p_war = q, through
 * sp_escalation_p_up at the neutral covariates (hostility 0.5, arsenal
 * index 1, no dialogue, no nuclear party). */
SP_INTERNAL void sp_mid_ladder_shares(const double q[3],
                                      double share[SP_MID_N]);
/* Split disputes with y0 <= year <= y1 into two halves at random (a
 * Fisher-Yates shuffle driven by Philox with `seed`, SP_STREAM_DATA_SPLIT):
 * half[i] = 1 for the fitting half, 2 for the held-out half, 0 outside. */
SP_INTERNAL void sp_mid_split(const sp_mid *d, size_t n, int y0, int y1,
                              uint64_t seed, uint8_t *half, size_t *scratch);

#endif
