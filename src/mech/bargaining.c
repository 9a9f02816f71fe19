/*
 * bargaining.c - crisis bargaining: how a clash ends in a settlement or a
 * war (model.md §2.7), after Fearon 1995 and Powell 2006. The escalation
 * mechanism calls these functions at its clash -> limited war step; this
 * file has no step of its own.
 *
 * What it models. Two states dispute a stake of size 1. War is costly,
 * so a range of settlements both prefer to fighting always exists
 * (Fearon 1995); war happens only when bargaining fails, for two
 * rationalist reasons: (a) private information about the costs of war,
 * which makes a demand a gamble between a better deal and a war (the
 * risk-return trade-off: Fearon 1995), and (b) a commitment problem: a
 * state in rapid decline strikes now because the rising state cannot
 * promise not to exploit its future strength (Powell 2006; Fearon 1995,
 * preventive war). DPRK capability growing with Russian help is such a
 * shift. So the escalation odds come from capabilities, costs and their
 * change; they stay anchored to the data-based p_war by a multiplier
 * that is 1 at a calibration point.
 *
 * Equations (derived here [D]; validation.md cases 10-12 check them).
 * 1. Bargaining range. A gets share x, B gets 1 - x. A wins the war with
 *    probability p; war costs cA, cB (shares of the stake, in utility
 *    units: u(0) = 0, u(1) = 1). Both have u(x) = x^r (0 < r <= 1:
 *    risk averse). A's war value p u(1) + (1 - p) u(0) - cA = p - cA,
 *    B's 1 - p - cB. A prefers x to war iff u(x) >= p - cA, B iff
 *    u(1 - x) >= 1 - p - cB:
 *        lo = max(0, p - cA)^(1/r),   hi = 1 - max(0, 1 - p - cB)^(1/r).
 *    r = 1 gives [p - cA, p + cB]; r < 1 widens the range (u^-1(y) <= y
 *    on [0, 1]): risk aversion makes war less attractive. Case 10: p =
 *    0.6, cA = 0.10, cB = 0.15 -> [0.50, 0.75]; r = 1/2 -> [0.5^2,
 *    1 - 0.25^2] = [0.25, 0.9375].
 * 2. Risk-return trade-off. Risk-neutral A makes a take-it-or-leave-it
 *    demand x = p + t; B's cost cB is private, uniform on [lo, hi]; B
 *    accepts iff 1 - x >= 1 - p - cB, i.e. cB >= t. For t in [lo, hi]:
 *        R(t) = (t - lo) / (hi - lo)                  (P reject = war)
 *        U(t) = (p + t)(1 - R) + (p - cA) R
 *        U'(t) = 0  ->  t* = (hi - cA) / 2             (U concave)
 *    t = clamp(t*, lo, hi), then clamp(t, -p, 1 - p) (0 <= x <= 1);
 *    P(war) = R(t), demand p + t. Fearon's case lo = 0, hi = cbar:
 *    demand p + (cbar - cA)/2, P(war) = (cbar - cA)/(2 cbar); corners:
 *    cA >= cbar -> demand p, no war; p + t* > 1 -> demand 1, P(war) =
 *    (1 - p)/cbar. Case 11: p = 0.6, cA = 0.1, cbar = 0.3 -> 0.70, 1/3.
 * 3. Commitment problem. D wins with p_now today, p_later after the
 *    shift. The most the rising R can credibly give D is everything
 *    until the shift and, after it, what leaves R indifferent to war
 *    then: 1 - (1 - p_later - cR) = p_later + cR. In per-year averages,
 *    with weight delta on the time after the shift,
 *        war now = p_now - cD,   peace <= (1 - delta) + delta min(1, p_later + cR),
 *    and D prefers preventive war iff war > peace. With no shift this
 *    never holds ((1 - delta)(p - 1) <= 0 < cD + delta cR). Case 12:
 *    p_now = 0.6, cD = cR = 0.05, delta = 0.9: p_later = 0.3 -> 0.55 >
 *    0.415 (war); p_later = 0.5 -> 0.55 < 0.595 (peace).
 * 4. The escalation step's combination, dyad (i, j):
 *        p        = C_i / (C_i + C_j)       (capability ratio as the win
 *                   probability: a ratio contest function, ignoring
 *                   terrain, resolve and allies)
 *        P_ij     = eq. 2 with A = i: p, cA = c_i, cB ~ U[l_j, l_j + 2w],
 *                   l_j = max(0, c_j - w)
 *        P_ji     = eq. 2 with A = j: 1 - p, cA = c_j, cB ~ U[l_i, l_i + 2w]
 *        P_private = (P_ij + P_ji) / 2      (either side equally likely to
 *                   make the demand)
 *        p_later  = logistic(ln(C_i / C_j) + (g_i - g_j) T)  (growth rates
 *                   g held for T = shift_years)
 *        D        = the side with the lower growth rate; delta = beta^T
 *        P_prevent = p_prevent if eq. 3 holds for D, else 0
 *        P        = 1 - (1 - p_other)(1 - P_private)(1 - P_prevent)
 *        m        = P / P_ref,  P_ref = P at C_i = C_j, g_i = g_j = 0,
 *                   c_i = c_j = cost_base
 *    The escalation step uses odds(q) = m * odds(q0), q0 its p_war with
 *    its covariate shifts (sp_bargain_apply; = adding ln m to the logit),
 *    so at the calibration point the ladder's p_war stands unchanged.
 *    The belief about the other's cost is a window of width 2w centred
 *    on the true cost, pushed up to start at 0 when it would reach below
 *    (costs are not negative): for a cost below w it is U[0, 2w],
 *    Fearon's uniform case with cbar = 2w, and the other's cost does not
 *    move P_ij. Properties (tested): P_ij is non-increasing in both
 *    costs (raising either lowers t - l or leaves it) and strictly
 *    decreasing in the proposer's own where interior; P_prevent is
 *    non-increasing in both costs and non-decreasing in the size of the
 *    shift; P_private <= 1/2 for non-negative costs, so m <= 1 / P_ref.
 *    A wider belief (larger w) raises P_private and weakens the effect
 *    of costs; with w small against the costs of a nuclear dyad the
 *    private term vanishes and only p_other and P_prevent remain.
 *
 * Symbols and units: p, x, t shares of the stake or probabilities; c, cA,
 * cB, cD, cR, w shares of the stake per war (utility units); C
 * capability in any unit common to both sides (not the world's c, which
 * is relative to each actor's own start); g = d ln C / dt per year; T
 * years; beta per year; delta, P, m dimensionless.
 * Parameters (parameters.bargaining), all guessed:
 *   cost_base 0.1 [0.01, 0.5]  cost of war against a non-nuclear
 *     opponent, share of the stake (sp_bargain_cost; intended use: the
 *     caller passes cost_base, times cost_nuclear_mult when the opponent
 *     is nuclear);
 *   cost_nuclear_mult 3 [1, 10];
 *   cost_uncertainty 0.3 [0.05, 1]  half-width w of the belief about the
 *     other side's cost (at the calibration point the belief is U[0, 0.6]:
 *     demand p + 0.25, P_private = 5/12, P_ref = 0.4458; a nuclear
 *     opponent's cost 0.3 still leaves P_private > 0);
 *   shift_years 5 [1, 20] yr  horizon T of the power shift;
 *   discount 0.98 [0.8, 0.999] /yr  beta (delta = beta^T = 0.904 by
 *     default; case 12 uses 0.9);
 *   p_prevent 0.5 [0, 1]  chance a declining state uses the window;
 *   p_other 0.05 [0.001, 0.5]  chance a clash becomes war for reasons
 *     outside the rationalist model (Fearon 1995 sets aside irrational
 *     leaders, leaders' private interests, indivisible stakes); it keeps
 *     P_ref > 0 for every parameter set, so m is always defined.
 * Sources: Fearon, J. D. 1995, "Rationalist Explanations for War",
 *   International Organization 49(3): 379-414: the sections "When will
 *   there exist bargains both sides prefer to war?" (the range, risk
 *   aversion), "War due to private information and incentives to
 *   misrepresent" (the risk-return trade-off) and "Preventive war as a
 *   commitment problem". Powell, R. 2006, "War as a Commitment Problem",
 *   International Organization 60(1): 169-203 (large, rapid shifts in the
 *   distribution of power). The closed forms above are derived here
 *   from those setups [D]; page numbers are not checked.
 * Tests: test_bargaining.c (validation.md cases 10, 11, 12 exactly, tol
 *   1e-12; the optimal demand against a brute-force search; the corners;
 *   sp_bargain_p_war: 1 at the calibration point, monotone in the shift
 *   and the costs, symmetric, in [0, 1] over a grid).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bargaining.h"

#include <math.h>

#define P SP_UNCERTAIN_REAL

static const sp_param_def barg_params[] = {
    [SP_BARG_COST_BASE] = P("cost_base", 0.1, 0.01, 0.5, "share of the stake",
        "cost of a war to a side against a non-nuclear opponent",
        "Fearon 1995 (costs of war c_A, c_B); guessed"),
    [SP_BARG_NUCLEAR_MULT] = P("cost_nuclear_mult", 3, 1, 10, "factor",
        "cost of war multiplied by this when the opponent is nuclear",
        "guessed"),
    [SP_BARG_UNCERTAINTY] = P("cost_uncertainty", 0.3, 0.05, 1,
        "share of the stake", "half-width of the uniform belief about the "
        "other side's cost of war (private information)",
        "Fearon 1995 (risk-return trade-off); guessed"),
    [SP_BARG_SHIFT_YEARS] = P("shift_years", 5, 1, 20, "years",
        "horizon over which current growth rates shift the balance",
        "Powell 2006; guessed"),
    [SP_BARG_DISCOUNT] = P("discount", 0.98, 0.8, 0.999, "per year",
        "annual discount factor; the weight of the time after the shift "
        "is discount^shift_years", "Powell 2006; guessed"),
    [SP_BARG_P_PREVENT] = P("p_prevent", 0.5, 0, 1, "probability",
        "chance a declining state that prefers preventive war uses the "
        "window", "Powell 2006; guessed"),
    [SP_BARG_P_OTHER] = P("p_other", 0.05, 0.001, 0.5, "probability",
        "chance a clash becomes war for reasons outside the rationalist "
        "model (irrationality, leaders' interests)",
        "Fearon 1995 (the causes it sets aside); guessed"),
};
const sp_component sp_comp_bargaining = {
    "bargaining", "parameters.bargaining",
    "crisis bargaining at the clash -> war step: private information and "
    "the commitment problem (src/mech/bargaining.c)",
    barg_params, sizeof barg_params / sizeof barg_params[0]};

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

bool sp_bargain_range(double p, double cA, double cB, double r, double *lo,
                      double *hi)
{
    *lo = *hi = NAN;
    if (!(r > 0) || !isfinite(r) || !(p >= 0 && p <= 1) || !(cA >= 0) ||
        !(cB >= 0) || !isfinite(cA) || !isfinite(cB))
        return false;
    double inv = 1 / r;
    *lo = pow(fmax(0, p - cA), inv);
    *hi = 1 - pow(fmax(0, 1 - p - cB), inv);
    return *lo <= *hi;
}

double sp_bargain_war_prob_uniform(double p, double cA, double lo, double hi,
                                   double *demand)
{
    if (demand)
        *demand = NAN;
    if (!(p >= 0 && p <= 1) || !isfinite(cA) || !isfinite(lo) ||
        !isfinite(hi) || !(lo <= hi))
        return NAN;
    double t = clamp((hi - cA) / 2, lo, hi);
    t = clamp(t, -p, 1 - p);
    if (demand)
        *demand = p + t;
    if (hi == lo) /* cost known: war only if B refuses even x = 0 */
        return t > lo ? 1 : 0;
    return clamp((t - lo) / (hi - lo), 0, 1);
}

double sp_bargain_war_prob_private(double p, double cA, double cbar,
                                   double *demand)
{
    return sp_bargain_war_prob_uniform(p, cA, 0, cbar, demand);
}

bool sp_bargain_preventive(double p_now, double p_later, double cD,
                           double cR, double delta, double *war,
                           double *peace)
{
    double w = p_now - cD;
    double v = (1 - delta) + delta * fmin(1, p_later + cR);
    if (war)
        *war = w;
    if (peace)
        *peace = v;
    return w > v;
}

double sp_bargain_cost(const double *par, bool opponent_nuclear)
{
    return par[SP_BARG_COST_BASE] *
           (opponent_nuclear ? par[SP_BARG_NUCLEAR_MULT] : 1);
}

/* Private-information term, averaged over who makes the demand. */
static double private_term(const double *par, double p, double ci, double cj)
{
    double w = par[SP_BARG_UNCERTAINTY];
    double li = fmax(0, ci - w), lj = fmax(0, cj - w);
    double pij = sp_bargain_war_prob_uniform(p, ci, lj, lj + 2 * w, NULL);
    double pji = sp_bargain_war_prob_uniform(1 - p, cj, li, li + 2 * w, NULL);
    return (pij + pji) / 2;
}

double sp_bargain_delta(const double *par)
{
    return pow(par[SP_BARG_DISCOUNT], par[SP_BARG_SHIFT_YEARS]);
}

/* Commitment term: p_prevent if the declining side prefers war now.
 * delta: sp_bargain_delta if the caller keeps it, else NULL. */
static double prevent_term(const double *par, const double *delta_kept,
                           const sp_bargain_side *i, const sp_bargain_side *j,
                           double Ci, double Cj, sp_bargain_terms *tm)
{
    tm->declining = i->growth < j->growth ? 1 : j->growth < i->growth ? 2 : 0;
    tm->p_later = tm->p;
    if (tm->declining == 0 || Ci <= 0 || Cj <= 0)
        return 0;
    double T = par[SP_BARG_SHIFT_YEARS];
    double delta = delta_kept ? *delta_kept : sp_bargain_delta(par);
    double z = log(Ci / Cj) + (i->growth - j->growth) * T;
    tm->p_later = 1 / (1 + exp(-z));
    bool war = tm->declining == 1
                   ? sp_bargain_preventive(tm->p, tm->p_later, i->cost,
                                           j->cost, delta, NULL, NULL)
                   : sp_bargain_preventive(1 - tm->p, 1 - tm->p_later,
                                           j->cost, i->cost, delta, NULL,
                                           NULL);
    return war ? par[SP_BARG_P_PREVENT] : 0;
}

static double p_war(const double *par, const double *delta_kept,
                    const sp_bargain_side *i, const sp_bargain_side *j,
                    sp_bargain_terms *terms)
{
    sp_bargain_terms tm = {NAN, NAN, NAN, NAN, 0};
    if (terms)
        *terms = tm;
    if (!isfinite(i->C) || !isfinite(j->C) || !isfinite(i->growth) ||
        !isfinite(j->growth) || !isfinite(i->cost) || !isfinite(j->cost))
        return NAN;
    double Ci = fmax(0, i->C), Cj = fmax(0, j->C);
    tm.p = Ci + Cj > 0 ? Ci / (Ci + Cj) : 0.5;
    tm.p_private = private_term(par, tm.p, i->cost, j->cost);
    tm.p_prevent = prevent_term(par, delta_kept, i, j, Ci, Cj, &tm);
    if (terms)
        *terms = tm;
    return 1 - (1 - par[SP_BARG_P_OTHER]) * (1 - tm.p_private) *
                   (1 - tm.p_prevent);
}

double sp_bargain_p_war(const double *par, const sp_bargain_side *i,
                        const sp_bargain_side *j, sp_bargain_terms *terms)
{
    return p_war(par, NULL, i, j, terms);
}

double sp_bargain_ref(const double *par)
{
    sp_bargain_side s = {1, 0, par[SP_BARG_COST_BASE]};
    return sp_bargain_p_war(par, &s, &s, NULL);
}

double sp_bargain_multiplier(const double *par, const sp_bargain_side *i,
                             const sp_bargain_side *j)
{
    return sp_bargain_p_war(par, i, j, NULL) / sp_bargain_ref(par);
}

double sp_bargain_multiplier_at(const double *par, double ref, double delta,
                                const sp_bargain_side *i,
                                const sp_bargain_side *j)
{
    return p_war(par, &delta, i, j, NULL) / ref;
}

double sp_bargain_apply(double q0, double m)
{
    if (isnan(q0) || isnan(m))
        return NAN;
    if (!(m > 0) || !(q0 > 0))
        return 0;
    if (q0 >= 1 || isinf(m))
        return 1;
    return q0 * m / (1 - q0 + q0 * m);
}
