/*
 * test_bargaining.c - crisis bargaining (src/mech/bargaining.c), through
 * the API the escalation mechanism calls.
 *
 * Validation (validation.md, all [D], derived by algebra, so exact to
 * 1e-12; expected verdict before running: pass):
 *   case 10: bargaining range [0.50, 0.75]; with u(x) = sqrt(x) for both,
 *            [0.25, 0.9375] (Fearon 1995);
 *   case 11: cB ~ U[0, 0.3], p = 0.6, cA = 0.1: demand 0.70, P(war) = 1/3
 *            (Fearon 1995, risk-return trade-off);
 *   case 12: p_now = 0.6, cD = cR = 0.05, delta = 0.9: war at p_later =
 *            0.3 (0.55 > 0.415), peace at 0.5 (0.55 < 0.595) (Powell 2006).
 * Code checks: the range's defining property at a generic point; the
 * optimal demand against a brute-force search over demands (the naive
 * reference); the corners (no war when cA >= cbar, demand capped at 1,
 * known costs, hawkish types, bad input); sp_bargain_p_war: equal to the
 * reference (multiplier exactly 1) at the calibration point, the
 * preventive threshold where eq. 3 puts it, non-decreasing in the power
 * shift (Powell: the declining side's incentive grows with the shift),
 * non-increasing in each cost, symmetric in (i, j), in [0, 1] over a grid
 * of inputs and parameter sets; sp_bargain_apply multiplies the odds;
 * the parameter table is well formed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mech/bargaining.h"

#include "expect.h"

/* The table's defaults: the parameters a run gets when the scenario
 * sets none. */
static void defaults(double *par)
{
    for (size_t k = 0; k < sp_comp_bargaining.n_params; k++)
        par[k] = sp_comp_bargaining.params[k].def;
}

/* ---- validation.md case 10 [D]: the bargaining range ---- */

/* Source: validation.md case 10 (Fearon 1995, bargaining range) [D].
 * Risk neutral (r = 1): [p - cA, p + cB] = [0.50, 0.75]. Tol 1e-12. */
static void test_case10_risk_neutral(void **state)
{
    (void)state;
    double lo = NAN, hi = NAN;
    assert_true(sp_bargain_range(0.6, 0.10, 0.15, 1.0, &lo, &hi));
    EXPECT_NEAR(lo, 0.50, 1e-12, "validation.md case 10 [D] (Fearon 1995), "
                "r = 1: low end p - cA (tol 1e-12)");
    EXPECT_NEAR(hi, 0.75, 1e-12, "validation.md case 10 [D] (Fearon 1995), "
                "r = 1: high end p + cB (tol 1e-12)");
}

/* Source: validation.md case 10 [D]: u(x) = sqrt(x) for both:
 * lo = 0.5^2 = 0.25, hi = 1 - 0.25^2 = 0.9375. Tol 1e-12. */
static void test_case10_risk_averse(void **state)
{
    (void)state;
    double lo = NAN, hi = NAN;
    assert_true(sp_bargain_range(0.6, 0.10, 0.15, 0.5, &lo, &hi));
    EXPECT_NEAR(lo, 0.25, 1e-12, "validation.md case 10 [D] (Fearon 1995), "
                "u = sqrt: low end (tol 1e-12)");
    EXPECT_NEAR(hi, 0.9375, 1e-12, "validation.md case 10 [D] (Fearon "
                "1995), u = sqrt: high end (tol 1e-12)");
}

/* The defining property at a generic point: u_A(lo) = p - cA and
 * u_B(1 - hi) = 1 - p - cB; risk aversion widens the range. Corners:
 * a cost above the win share gives an end at 0 or 1; risk acceptance can
 * empty the range; bad input is refused. */
static void test_range_property_and_corners(void **state)
{
    (void)state;
    double p = 0.3817, cA = 0.0713, cB = 0.1291, r = 0.6349;
    double lo = NAN, hi = NAN, lo1 = NAN, hi1 = NAN;
    assert_true(sp_bargain_range(p, cA, cB, r, &lo, &hi));
    EXPECT_NEAR(pow(lo, r), p - cA, 1e-12, "u_A(lo) = A's war value");
    EXPECT_NEAR(pow(1 - hi, r), 1 - p - cB, 1e-12, "u_B(1 - hi) = B's war "
                "value");
    assert_true(sp_bargain_range(p, cA, cB, 1, &lo1, &hi1));
    assert_true(lo < lo1 && hi > hi1);

    assert_true(sp_bargain_range(0.07, 0.2, 0.95, 0.8, &lo, &hi));
    EXPECT_NEAR(lo, 0, 0, "cA > p: A accepts any share");
    EXPECT_NEAR(hi, 1, 0, "cB > 1 - p: B accepts giving up all");

    /* r = 2 (risk acceptant), p = 0.5, costs 0.01: lo = 0.7, hi = 0.3 */
    assert_false(sp_bargain_range(0.5, 0.01, 0.01, 2, &lo, &hi));
    EXPECT_NEAR(lo, 0.7, 1e-12, "empty range, r = 2: lo");
    EXPECT_NEAR(hi, 0.3, 1e-12, "empty range, r = 2: hi");

    assert_false(sp_bargain_range(0.5, 0.1, 0.1, 0, &lo, &hi));
    assert_true(isnan(lo) && isnan(hi));
    assert_false(sp_bargain_range(1.2, 0.1, 0.1, 1, &lo, &hi));
    assert_false(sp_bargain_range(0.5, -0.1, 0.1, 1, &lo, &hi));
    assert_false(sp_bargain_range(NAN, 0.1, 0.1, 1, &lo, &hi));
}

/* ---- validation.md case 11 [D]: the risk-return trade-off ---- */

/* Source: validation.md case 11 (Fearon 1995, private information) [D]:
 * cB ~ U[0, 0.3], p = 0.6, cA = 0.1: demand p + (cbar - cA)/2 = 0.70,
 * P(war) = (cbar - cA)/(2 cbar) = 1/3. Tol 1e-12. */
static void test_case11(void **state)
{
    (void)state;
    double demand = NAN;
    double pw = sp_bargain_war_prob_private(0.6, 0.1, 0.3, &demand);
    EXPECT_NEAR(demand, 0.70, 1e-12, "validation.md case 11 [D] (Fearon "
                "1995): optimal demand (tol 1e-12)");
    EXPECT_NEAR(pw, 1.0 / 3.0, 1e-12, "validation.md case 11 [D] (Fearon "
                "1995): P(war) (tol 1e-12)");
}

/* Corners of case 11's formula: cA >= cbar -> demand p, no war;
 * p + t* > 1 -> demand 1, P(war) = (1 - p)/cbar; no uncertainty -> no
 * war; bad input -> NaN. */
static void test_case11_corners(void **state)
{
    (void)state;
    double d = NAN;
    EXPECT_NEAR(sp_bargain_war_prob_private(0.6, 0.3, 0.3, &d), 0, 0,
                "cA = cbar: no war");
    EXPECT_NEAR(d, 0.6, 0, "cA = cbar: demand p");
    EXPECT_NEAR(sp_bargain_war_prob_private(0.4137, 0.45, 0.3, &d), 0, 0,
                "cA > cbar: no war");
    EXPECT_NEAR(d, 0.4137, 0, "cA > cbar: demand p");
    /* t* = (0.3817 - 0.0213)/2 = 0.1802 > 1 - p = 0.0688 */
    EXPECT_NEAR(sp_bargain_war_prob_private(0.9312, 0.0213, 0.3817, &d),
                (1 - 0.9312) / 0.3817, 1e-12, "demand capped at 1: P(war) "
                "= (1 - p)/cbar");
    EXPECT_NEAR(d, 1, 1e-15, "demand capped at 1");
    EXPECT_NEAR(sp_bargain_war_prob_private(0.6, 0.1, 0, &d), 0, 0,
                "cbar = 0 (B's cost known to be 0): no war");
    EXPECT_NEAR(d, 0.6, 0, "cbar = 0: demand p");
    /* known cost -0.2 with p = 0.1: B refuses even x = 0 */
    EXPECT_NEAR(sp_bargain_war_prob_uniform(0.1, 0.05, -0.2, -0.2, &d), 1, 0,
                "a known hawkish type fights whatever");
    EXPECT_NEAR(d, 0, 1e-15, "hawkish type: demand 0");
    /* all types so hawkish that even x = 0 is refused */
    EXPECT_NEAR(sp_bargain_war_prob_uniform(0.0517, 0.6, -0.7, -0.2, &d), 1,
                0, "every type refuses x = 0");
    assert_true(isnan(sp_bargain_war_prob_uniform(0.5, 0.1, 0.3, 0.2, &d)));
    assert_true(isnan(d));
    assert_true(isnan(sp_bargain_war_prob_private(1.5, 0.1, 0.3, NULL)));
    assert_true(isnan(sp_bargain_war_prob_private(0.5, NAN, 0.3, NULL)));
}

/* Naive reference: A's expected utility over a grid of demands, the
 * first maximiser; returns its P(war). */
static double brute_force(double p, double cA, double lo, double hi,
                          double *demand)
{
    const int n = 200000;
    double best = -INFINITY, bx = NAN, br = NAN;
    for (int k = 0; k <= n; k++) {
        double x = (double)k / n, t = x - p;
        double r = (t - lo) / (hi - lo);
        r = r < 0 ? 0 : r > 1 ? 1 : r;
        double u = x * (1 - r) + (p - cA) * r;
        if (u > best + 1e-15) {
            best = u;
            bx = x;
            br = r;
        }
    }
    *demand = bx;
    return br;
}

/* The closed-form optimum equals the brute-force optimum (grid 5e-6) for
 * interior, lower-corner, capped and negative-support cases. */
static void test_uniform_vs_brute_force(void **state)
{
    (void)state;
    static const double cases[][4] = {
        {0.6, 0.1, 0, 0.3},             /* case 11 */
        {0.4137, 0.0871, -0.0523, 0.2411},
        {0.9312, 0.0213, 0, 0.3817},    /* demand capped at 1 */
        {0.2285, 0.4721, 0.1013, 0.3309}, /* t* < lo: sure acceptance */
        {0.6696, 0.05, -0.017, 0.183},
        {0.1734, 0.0112, 0.0431, 0.6123},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const double *c = cases[k];
        double d = NAN, db = NAN;
        double pw = sp_bargain_war_prob_uniform(c[0], c[1], c[2], c[3], &d);
        double pb = brute_force(c[0], c[1], c[2], c[3], &db);
        char what[160];
        snprintf(what, sizeof what, "case %zu (p %.4f cA %.4f U[%.4f, "
                 "%.4f]): demand vs brute force (grid 5e-6)", k, c[0], c[1],
                 c[2], c[3]);
        EXPECT_NEAR(d, db, 2e-5, what);
        snprintf(what, sizeof what, "case %zu: P(war) vs brute force", k);
        EXPECT_NEAR(pw, pb, 2e-4, what);
    }
}

/* ---- validation.md case 12 [D]: the commitment problem ---- */

/* Source: validation.md case 12 (Powell 2006) [D]: p_now = 0.6,
 * cD = cR = 0.05, delta = 0.9. p_later = 0.3: war 0.55 > peace
 * 0.1 + 0.9 * 0.35 = 0.415; p_later = 0.5: 0.55 < 0.595. Tol 1e-12. */
static void test_case12(void **state)
{
    (void)state;
    double war = NAN, peace = NAN;
    assert_true(sp_bargain_preventive(0.6, 0.3, 0.05, 0.05, 0.9, &war,
                                      &peace));
    EXPECT_NEAR(war, 0.55, 1e-12, "validation.md case 12 [D] (Powell 2006), "
                "p_later 0.3: value of war now (tol 1e-12)");
    EXPECT_NEAR(peace, 0.415, 1e-12, "validation.md case 12 [D] (Powell "
                "2006), p_later 0.3: best peace (tol 1e-12)");
    assert_false(sp_bargain_preventive(0.6, 0.5, 0.05, 0.05, 0.9, &war,
                                       &peace));
    EXPECT_NEAR(war, 0.55, 1e-12, "validation.md case 12 [D] (Powell 2006), "
                "p_later 0.5: value of war now (tol 1e-12)");
    EXPECT_NEAR(peace, 0.595, 1e-12, "validation.md case 12 [D] (Powell "
                "2006), p_later 0.5: best peace (tol 1e-12)");
}

/* No shift, no preventive war, whatever the costs (>= 0) and delta. */
static void test_no_shift_no_prevention(void **state)
{
    (void)state;
    for (int a = 0; a <= 20; a++)
        for (int b = 0; b <= 10; b++)
            for (int e = 0; e < 10; e++) {
                double p = a / 20.0, c = b / 20.0, delta = 0.05 + e / 10.0;
                if (sp_bargain_preventive(p, p, c, c, delta, NULL, NULL))
                    fail_msg("preventive war without a shift: p %g c %g "
                             "delta %g", p, c, delta);
            }
    /* p_later + cR > 1 caps the promise at the whole stake */
    double war = NAN, peace = NAN;
    assert_false(sp_bargain_preventive(0.95, 0.9, 0.0, 0.3, 0.7, &war,
                                       &peace));
    EXPECT_NEAR(peace, 1, 1e-15, "promise capped at the whole stake");
}

/* ---- the mechanism-level combination ---- */

/* Source: bargaining.c equation 4. At the calibration point (equal
 * capabilities, equal growth, both costs cost_base) the multiplier is
 * exactly 1, and with the defaults (w = 0.3, cost 0.1) the belief is
 * U[0, 0.6] (case 11's form with cbar = 0.6): demand 0.5 + 0.25,
 * P_private = (0.6 - 0.1)/1.2 = 5/12, P_ref = 1 - 0.95 * 7/12. */
static void test_calibration_point(void **state)
{
    (void)state;
    double par[SP_BARG_N];
    defaults(par);
    double c0 = sp_bargain_cost(par, false);
    EXPECT_NEAR(c0, 0.1, 0, "default cost_base");
    EXPECT_NEAR(sp_bargain_ref(par), 1 - 0.95 * 7.0 / 12.0, 1e-12,
                "P_ref with defaults");
    sp_bargain_side a = {2.385, 0.0317, c0}, b = {2.385, 0.0317, c0};
    sp_bargain_terms tm;
    double pw = sp_bargain_p_war(par, &a, &b, &tm);
    EXPECT_NEAR(pw, sp_bargain_ref(par), 0, "P at the calibration point");
    EXPECT_NEAR(sp_bargain_multiplier(par, &a, &b), 1, 0, "m = 1 at the "
                "calibration point");
    EXPECT_NEAR(tm.p, 0.5, 0, "equal capabilities: p = 1/2");
    EXPECT_NEAR(tm.p_private, 5.0 / 12.0, 1e-12, "P_private at "
                "calibration");
    EXPECT_NEAR(tm.p_prevent, 0, 0, "no shift: no prevention");
    assert_int_equal(tm.declining, 0);

    /* a changed parameter set keeps m = 1 there */
    par[SP_BARG_COST_BASE] = 0.2731;
    par[SP_BARG_UNCERTAINTY] = 0.0617;
    par[SP_BARG_P_OTHER] = 0.0023;
    sp_bargain_side a2 = {1, 0, par[SP_BARG_COST_BASE]};
    EXPECT_NEAR(sp_bargain_multiplier(par, &a2, &a2), 1, 0, "m = 1 at the "
                "calibration point (other parameters)");
}

/* Source: bargaining.c equation 4 by hand at a generic point. Defaults
 * (w = 0.3), C = 2.385 vs 1.177 (p = 0.66957), costs 0.05 and 0.4137.
 * i demands: belief U[0.1137, 0.7137], t* = 0.33185 > 1 - p: demand
 * capped at 1, P_ij = (1 - p - 0.1137)/0.6. j demands: belief U[0, 0.6],
 * own cost 0.4137: t* = 0.09315, P_ji = 0.09315/0.6. Each direction is
 * also checked against the brute-force optimum. */
static void test_private_term_by_hand(void **state)
{
    (void)state;
    double par[SP_BARG_N];
    defaults(par);
    sp_bargain_side a = {2.385, 0, 0.05}, b = {1.177, 0, 0.4137};
    sp_bargain_terms tm;
    double pw = sp_bargain_p_war(par, &a, &b, &tm);
    double p = 2.385 / (2.385 + 1.177);
    double pij = (1 - p - 0.1137) / 0.6, pji = (0.6 - 0.4137) / 2 / 0.6;
    EXPECT_NEAR(tm.p, p, 1e-15, "p = C_i / (C_i + C_j)");
    EXPECT_NEAR(tm.p_private, (pij + pji) / 2, 1e-12, "P_private by hand");
    double d = NAN;
    double bij = brute_force(p, 0.05, 0.1137, 0.7137, &d);
    EXPECT_NEAR(d, 1, 1e-12, "i's demand capped at 1 (brute force)");
    double bji = brute_force(1 - p, 0.4137, 0, 0.6, &d);
    EXPECT_NEAR(tm.p_private, (bij + bji) / 2, 2e-4, "P_private vs brute "
                "force");
    EXPECT_NEAR(pw, 1 - 0.95 * (1 - (pij + pji) / 2), 1e-12,
                "P with p_other 0.05");
}

/* Powell: the declining side's incentive to strike rises with the shift.
 * i static, j growing ever faster: P never falls, i is the declining
 * side, and the preventive term switches on exactly where eq. 3 says:
 * at p_later* = ((p - c_i) - (1 - delta))/delta - c_j, i.e. at
 * g_j = -logit(p_later*)/T + ln(C_i/C_j)/T. */
static void test_shift_monotone(void **state)
{
    (void)state;
    double par[SP_BARG_N];
    defaults(par);
    const double Ci = 2.385, Cj = 1.177, ci = 0.1, cj = 0.3;
    double T = par[SP_BARG_SHIFT_YEARS];
    double delta = pow(par[SP_BARG_DISCOUNT], T);
    double p = Ci / (Ci + Cj);
    double pl = ((p - ci) - (1 - delta)) / delta - cj;
    double gstar = (log(Ci / Cj) - log(pl / (1 - pl))) / T;
    double prev = -1, first = NAN, last = NAN;
    bool switched = false;
    for (double g = 0; g <= 1.0; g += 0.001) {
        sp_bargain_side a = {Ci, 0, ci}, b = {Cj, g, cj};
        sp_bargain_terms tm;
        double pw = sp_bargain_p_war(par, &a, &b, &tm);
        if (pw < prev - 1e-15)
            fail_msg("P fell as the shift grew: g_j %g: %.17g < %.17g", g,
                     pw, prev);
        if (g > 0 && tm.declining != 1)
            fail_msg("g_j %g > 0 = g_i: i should be the declining side", g);
        if (tm.p_prevent > 0 && !switched) {
            switched = true;
            if (!(g >= gstar && g - 0.001 < gstar))
                fail_msg("preventive term switched on at g_j %g; eq. 3 "
                         "puts the threshold at %.6f", g, gstar);
        }
        if (g == 0)
            first = pw;
        last = pw;
        prev = pw;
    }
    assert_true(switched);
    EXPECT_NEAR(last, 1 - (1 - first) * (1 - 0.5), 1e-12, "past the "
                "threshold: P combines p_prevent 0.5 with the unchanged "
                "private and other terms");
    assert_true(last > first);
}

/* Costs: P never rises when either side's cost rises (role 0: the first
 * side's, role 1: the second's), over a grid of capability ratios and
 * shifts; a nuclear opponent (cost x3) lowers it. */
static void test_costs_monotone(void **state)
{
    (void)state;
    double par[SP_BARG_N];
    defaults(par);
    static const double Cs[] = {0.05, 0.6, 1, 2.385, 19.7};
    static const double gs[] = {0, 0.0731, 0.4};
    for (int role = 0; role < 2; role++)
        for (size_t a = 0; a < 5; a++)
            for (size_t b = 0; b < 3; b++)
                for (double co = 0; co <= 0.8; co += 0.0125) {
                    double prev = 2;
                    for (double cv = 0; cv <= 0.8; cv += 0.0125) {
                        sp_bargain_side x = {Cs[a], 0, role ? co : cv};
                        sp_bargain_side y = {1, gs[b], role ? cv : co};
                        double pw = sp_bargain_p_war(par, &x, &y, NULL);
                        double pw2 = sp_bargain_p_war(par, &y, &x, NULL);
                        if (pw > prev + 1e-15)
                            fail_msg("P rose with side %d's cost: C_i %g "
                                     "g_j %g other cost %g cost %g: %.17g > "
                                     "%.17g", role + 1, Cs[a], gs[b], co, cv,
                                     pw, prev);
                        EXPECT_NEAR(pw2, pw, 1e-12, "P symmetric in (i, j)");
                        prev = pw;
                    }
                }
    double c0 = sp_bargain_cost(par, false), cn = sp_bargain_cost(par, true);
    EXPECT_NEAR(cn, 0.3, 1e-15, "nuclear opponent: cost x cost_nuclear_mult");
    sp_bargain_side base = {1, 0, c0}, nuc = {1, 0, cn};
    double m0 = sp_bargain_multiplier(par, &base, &base);
    double m1 = sp_bargain_multiplier(par, &nuc, &base);
    double m2 = sp_bargain_multiplier(par, &nuc, &nuc);
    assert_true(m2 < m1 && m1 < m0);
}

/* Every output in range over a grid of inputs and of parameter sets
 * (each parameter at its default, low or high end, in turn). */
static void test_grid_in_range(void **state)
{
    (void)state;
    static const double Cs[] = {0, 1e-6, 0.31, 1, 2.385, 50};
    static const double gs[] = {-0.3, 0, 0.07, 0.5, 3};
    static const double cs[] = {0, 0.1, 0.3, 0.77, 1.5};
    const sp_param_def *d = sp_comp_bargaining.params;
    long n = 0;
    for (size_t k = 0; k <= SP_BARG_N; k++)
        for (int end = 0; end < 2; end++) {
            double par[SP_BARG_N];
            defaults(par);
            if (k < SP_BARG_N)
                par[k] = end ? d[k].hi : d[k].lo;
            double ref = sp_bargain_ref(par);
            if (!(ref >= par[SP_BARG_P_OTHER] && ref <= 1))
                fail_msg("P_ref %g outside [p_other, 1] (param %zu)", ref, k);
            for (size_t a = 0; a < 6; a++)
                for (size_t b = 0; b < 6; b++)
                    for (size_t g = 0; g < 25; g++)
                        for (size_t c = 0; c < 25; c++) {
                            sp_bargain_side x = {Cs[a], gs[g / 5], cs[c / 5]};
                            sp_bargain_side y = {Cs[b], gs[g % 5], cs[c % 5]};
                            double pw = sp_bargain_p_war(par, &x, &y, NULL);
                            double m = sp_bargain_multiplier(par, &x, &y);
                            if (!(pw >= 0 && pw <= 1) ||
                                !(m >= 0 && m <= 1 / ref + 1e-12))
                                fail_msg("P %g or m %g out of range at "
                                         "param %zu end %d", pw, m, k, end);
                            n++;
                        }
        }
    assert_true(n > 0);
}

static void test_bad_input(void **state)
{
    (void)state;
    double par[SP_BARG_N];
    defaults(par);
    sp_bargain_side a = {1, 0, 0.1}, b = {NAN, 0, 0.1};
    sp_bargain_terms tm;
    assert_true(isnan(sp_bargain_p_war(par, &a, &b, &tm)));
    assert_true(isnan(tm.p) && isnan(tm.p_private));
    b = (sp_bargain_side){1, INFINITY, 0.1};
    assert_true(isnan(sp_bargain_p_war(par, &a, &b, NULL)));
    /* both capabilities 0: treated as equal */
    sp_bargain_side z = {0, 0, 0.1};
    EXPECT_NEAR(sp_bargain_multiplier(par, &z, &z), 1, 0,
                "no capability on either side: as equal");
}

/* odds(q) = m odds(q0). */
static void test_apply(void **state)
{
    (void)state;
    double q0 = 0.0237;
    EXPECT_NEAR(sp_bargain_apply(q0, 1), q0, 1e-16, "m = 1 leaves q0");
    double q = sp_bargain_apply(q0, 2.713);
    EXPECT_NEAR((q / (1 - q)) / (q0 / (1 - q0)), 2.713, 1e-12, "odds ratio "
                "equals m");
    EXPECT_NEAR(log(q / (1 - q)) - log(q0 / (1 - q0)), log(2.713), 1e-12,
                "logit shift equals ln m");
    EXPECT_NEAR(sp_bargain_apply(q0, 0), 0, 0, "m = 0: no war");
    EXPECT_NEAR(sp_bargain_apply(0, 3), 0, 0, "q0 = 0 stays 0");
    EXPECT_NEAR(sp_bargain_apply(1, 0.5), 1, 0, "q0 = 1 stays 1");
    assert_true(isnan(sp_bargain_apply(NAN, 1)));
}

/* The table: name and place, every row complete, defaults inside their
 * ranges, keys unique, the enum matching the rows. */
static void test_param_table(void **state)
{
    (void)state;
    const sp_component *c = &sp_comp_bargaining;
    assert_string_equal(c->name, "bargaining");
    assert_string_equal(c->where, "parameters.bargaining");
    assert_int_equal(c->n_params, SP_BARG_N);
    static const char *const keys[SP_BARG_N] = {
        "cost_base", "cost_nuclear_mult", "cost_uncertainty", "shift_years",
        "discount", "p_prevent", "p_other"};
    for (size_t k = 0; k < c->n_params; k++) {
        const sp_param_def *d = &c->params[k];
        assert_non_null(d->key);
        assert_string_equal(d->key, keys[k]);
        assert_true(d->type == SP_PT_REAL);
        assert_true(d->lo <= d->def && d->def <= d->hi);
        assert_non_null(d->unit);
        assert_non_null(d->help);
        assert_non_null(d->citation);
        for (size_t l = 0; l < k; l++)
            assert_string_not_equal(d->key, c->params[l].key);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case10_risk_neutral),
        cmocka_unit_test(test_case10_risk_averse),
        cmocka_unit_test(test_range_property_and_corners),
        cmocka_unit_test(test_case11),
        cmocka_unit_test(test_case11_corners),
        cmocka_unit_test(test_uniform_vs_brute_force),
        cmocka_unit_test(test_case12),
        cmocka_unit_test(test_no_shift_no_prevention),
        cmocka_unit_test(test_calibration_point),
        cmocka_unit_test(test_private_term_by_hand),
        cmocka_unit_test(test_shift_monotone),
        cmocka_unit_test(test_costs_monotone),
        cmocka_unit_test(test_grid_in_range),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_apply),
        cmocka_unit_test(test_param_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
