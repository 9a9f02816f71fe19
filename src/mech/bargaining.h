/*
 * bargaining.h - crisis bargaining (Fearon 1995; Powell 2006): the
 * functions the escalation mechanism calls at the clash -> war step.
 * The equations, symbols and parameters are in bargaining.c.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_MECH_BARGAINING_H
#define SP_MECH_BARGAINING_H

#include "mech.h"

/* parameters.bargaining, in table order. */
enum {
    SP_BARG_COST_BASE, SP_BARG_NUCLEAR_MULT, SP_BARG_UNCERTAINTY,
    SP_BARG_SHIFT_YEARS, SP_BARG_DISCOUNT, SP_BARG_P_PREVENT,
    SP_BARG_P_OTHER, SP_BARG_N
};
/* The table; registered in params.c by the lead, not here. */
SP_INTERNAL extern const sp_component sp_comp_bargaining;

/* Bargaining range with u(x) = x^r for both sides (r = 1 risk neutral,
 * 0 < r < 1 risk averse): the shares x for A that both prefer to war,
 * when A wins with probability p and the costs (utility units, shares of
 * the stake) are cA, cB. lo = max(0, p - cA)^(1/r), hi = 1 - max(0,
 * 1 - p - cB)^(1/r). False (lo, hi NaN) on bad input (r <= 0, p outside
 * [0,1], a cost < 0, NaN); false with lo > hi when the range is empty
 * (possible only for r > 1, risk acceptance). */
SP_INTERNAL bool sp_bargain_range(double p, double cA, double cB, double r,
                                  double *lo, double *hi);

/* Take-it-or-leave-it demand by a risk-neutral A who wins with
 * probability p, pays cA, and believes B's cost is uniform on [lo, hi]
 * (lo <= hi; lo may be negative: types for whom fighting pays). Returns
 * the probability B rejects (war); *demand (may be NULL) gets A's
 * optimal demand in [0, 1]. NaN on bad input. */
SP_INTERNAL double sp_bargain_war_prob_uniform(double p, double cA,
                                               double lo, double hi,
                                               double *demand);
/* Fearon's case: B's cost uniform on [0, cbar] (validation.md case 11):
 * demand min(1, p + max(0, (cbar - cA)/2)), P(war) = (cbar - cA)/(2 cbar)
 * when interior. */
SP_INTERNAL double sp_bargain_war_prob_private(double p, double cA,
                                               double cbar, double *demand);

/* Powell's commitment problem: does the declining state D, winning with
 * p_now today and p_later after the shift, prefer war now?
 *   war   = p_now - cD
 *   peace = (1 - delta) + delta * min(1, p_later + cR)
 * true iff war > peace (validation.md case 12). Either value pointer may
 * be NULL. */
SP_INTERNAL bool sp_bargain_preventive(double p_now, double p_later,
                                       double cD, double cR, double delta,
                                       double *war, double *peace);

/* One side of a dyad in a crisis, as the escalation step sees it. */
typedef struct sp_bargain_side {
    double C;      /* capability, > 0, in a unit common to both sides */
    double growth; /* d ln C / dt, 1/yr */
    double cost;   /* cost of war, share of the stake (sp_bargain_cost) */
} sp_bargain_side;

/* The parts of sp_bargain_p_war, for reports and tests. */
typedef struct sp_bargain_terms {
    double p;          /* i's win probability now, C_i / (C_i + C_j) */
    double p_later;    /* i's win probability after shift_years */
    double p_private;  /* private-information term (Fearon) */
    double p_prevent;  /* commitment term (Powell): p_prevent or 0 */
    int declining;     /* 0: no shift, 1: i declines, 2: j declines */
} sp_bargain_terms;

/* Intended cost of war to a side: cost_base, times cost_nuclear_mult
 * when the opponent is nuclear. */
SP_INTERNAL double sp_bargain_cost(const double *par, bool opponent_nuclear);

/* Probability that a clash between i and j becomes a war by the logic
 * of crisis bargaining: 1 - (1 - p_other)(1 - P_private)(1 - P_prevent).
 * In [0, 1]; symmetric in (i, j); NaN on non-finite input. terms may be
 * NULL. */
SP_INTERNAL double sp_bargain_p_war(const double *par,
                                    const sp_bargain_side *i,
                                    const sp_bargain_side *j,
                                    sp_bargain_terms *terms);
/* sp_bargain_p_war at the calibration point: equal capabilities, no
 * growth, both costs cost_base. In [p_other, 1]. */
SP_INTERNAL double sp_bargain_ref(const double *par);
/* m = sp_bargain_p_war / sp_bargain_ref: 1 at the calibration point, in
 * [0, 1 / ref]. The escalation step multiplies the odds of its clash ->
 * war probability by m (sp_bargain_apply). */
SP_INTERNAL double sp_bargain_multiplier(const double *par,
                                         const sp_bargain_side *i,
                                         const sp_bargain_side *j);
/* The weight of the time after the shift, delta = discount^shift_years. */
SP_INTERNAL double sp_bargain_delta(const double *par);
/* sp_bargain_multiplier with ref = sp_bargain_ref(par) and delta =
 * sp_bargain_delta(par) given: the escalation step keeps both per run. */
SP_INTERNAL double sp_bargain_multiplier_at(const double *par, double ref,
                                            double delta,
                                            const sp_bargain_side *i,
                                            const sp_bargain_side *j);
/* q with odds(q) = m * odds(q0): q0 m / (1 - q0 + q0 m); q0 in [0,1],
 * m >= 0. Equivalently logit q = logit q0 + ln m. */
SP_INTERNAL double sp_bargain_apply(double q0, double m);

#endif /* SP_MECH_BARGAINING_H */
