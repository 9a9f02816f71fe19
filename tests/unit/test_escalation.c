/*
 * test_escalation.c - the incident and escalation mechanism
 * (src/mech/escalation.c).
 *
 * Everything here is a CODE CHECK, NOT VALIDATION (validation.md case 13:
 * "a ladder fed these numbers reproducing them is a check of the code,
 * not validation"; case 14: "a simulated joining frequency equal to it
 * is a code check"):
 *   - the ladder fed the dispute-level probabilities of case 13
 *     reproduces the shares of the highest level reached, within 4
 *     binomial standard errors;
 *   - sp_ladder_step's exact boundaries; sp_escalation_p_up's logit
 *     shifts; sp_incident_p's and sp_incident_mean's formula and
 *     monotonicity; the world's clock method gives the first incident
 *     the geometric distribution of one Bernoulli(sp_incident_p) a step;
 *   - case 14: sp_ally_joins joins with frequency = reliability; in a
 *     world, an ally with a defence pact joins a new war with its
 *     reliability (0.6 given; the default 0.745 of Leeds, Long & Mitchell
 *     2000), a one-way commitment binds only its giver, and a war in
 *     progress at the start calls no allies.
 * Each statistical check uses 4 binomial standard errors (two-sided
 * false-failure chance ~6e-5 per check) with fixed seeds.
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
#include <stdlib.h>
#include <string.h>

#include "mech/escalation.h"
#include "world.h"

#include "expect.h"

/* A share within z binomial standard errors of p over n trials. */
static void expect_share(double count, double n, double p, double z,
                         const char *what)
{
    double f = count / n, se = sqrt(p * (1 - p) / n);
    if (!(fabs(f - p) <= z * se))
        fail_msg("%s: frequency %.5f over %.0f, want %.5f +- %.0f s.e. "
                 "(s.e. %.5f; off by %.2f s.e.)", what, f, n, p, z, se,
                 fabs(f - p) / se);
}

static double logit(double p)
{
    return log(p / (1 - p));
}

/* A parameter array with every entry set (the defaults' order does not
 * matter: each test sets what it reads). */
static void par_zero(double par[SP_ESC_N])
{
    for (int i = 0; i < SP_ESC_N; i++)
        par[i] = 0;
}

/* ---- case 13 shares (code check, not validation) ---------------------- */

/* Source of the numbers: validation.md case 13 (COW MID 5.0 dispute
 * level, 1816-2014, computed from mid_disputes.csv): P(>= display) =
 * 0.9696, P(>= force | >= display) = 0.7235, P(war | >= force) = 0.0620.
 * With betas 0 and no steps down, P(reach L+1 | reached L) = q0_L, so the
 * shares of the highest level reached are
 *   incident only  1 - 0.9696                    = 0.0304   (threat)
 *   crisis         0.9696 (1 - 0.7235)           = 0.26809  (display)
 *   clash          0.9696 0.7235 (1 - 0.0620)    = 0.65801  (use of force)
 *   limited war    0.9696 0.7235 0.0620          = 0.04349  (war)
 * (the data's 3.04%, 26.81%, 65.80%, 4.35%). Tolerance: 4 binomial s.e.
 * over N = 200000 episodes. Code check, not validation. */
#define N_EPISODES 200000

static void test_case13_ladder_shares(void **state)
{
    (void)state;
    double par[SP_ESC_N];
    par_zero(par);
    par[SP_ESC_P_CRISIS] = 0.9696;
    par[SP_ESC_P_CLASH] = 0.7235;
    par[SP_ESC_P_WAR] = 0.0620;
    par[SP_ESC_P_MAJOR] = 0.3;
    par[SP_ESC_HAZARD] = 0.6;
    par[SP_ESC_WAR_HAZARD] = 0.03;
    par[SP_ESC_DEESCALATE] = 0;
    /* betas 0: the covariates below must not matter */
    const double h = 0.835, A = 1.385, d = 0.215;
    long reached[SP_N_LEVELS] = {0};
    long steps = 0;
    for (uint32_t e = 0; e < N_EPISODES; e++) {
        int L = SP_LEVEL_INCIDENT, top = L;
        for (uint32_t t = 0;; t++) {
            if (t > 10000)
                fail_msg("episode %u did not end", e);
            double q = sp_escalation_p_up(par, L, h, A, d, false);
            double u = sp_rng_uniform(7, 0, SP_STREAM_TEST, t, e, 0);
            sp_ladder_move mv = sp_ladder_step(par, L, q, u);
            steps++;
            if (mv == SP_LADDER_UP)
                top = ++L;
            else if (mv == SP_LADDER_END)
                break;
            else if (mv == SP_LADDER_DOWN)
                fail_msg("step down below war (level %d)", L);
            if (L >= SP_LEVEL_LIMITED_WAR)
                break;
        }
        reached[top]++;
    }
    const double q1 = 0.9696, q2 = 0.7235, q3 = 0.0620;
    expect_share(reached[SP_LEVEL_INCIDENT], N_EPISODES, 1 - q1, 4,
                 "validation.md case 13 (code check): share ending at "
                 "incident (threat 3.04%), 4 s.e.");
    expect_share(reached[SP_LEVEL_CRISIS], N_EPISODES, q1 * (1 - q2), 4,
                 "validation.md case 13 (code check): share ending at "
                 "crisis (display 26.81%), 4 s.e.");
    expect_share(reached[SP_LEVEL_CLASH], N_EPISODES, q1 * q2 * (1 - q3), 4,
                 "validation.md case 13 (code check): share ending at clash "
                 "(use of force 65.80%), 4 s.e.");
    expect_share(reached[SP_LEVEL_LIMITED_WAR], N_EPISODES, q1 * q2 * q3, 4,
                 "validation.md case 13 (code check): share reaching war "
                 "(4.35%), 4 s.e.");
    /* the expected shares are the data's, to their rounding (4 digits) */
    EXPECT_NEAR(1 - q1, 0.0304, 5e-5, "case 13 threat share");
    EXPECT_NEAR(q1 * (1 - q2), 0.2681, 5e-5, "case 13 display share");
    EXPECT_NEAR(q1 * q2 * (1 - q3), 0.6580, 5e-5, "case 13 force share");
    EXPECT_NEAR(q1 * q2 * q3, 0.0435, 5e-5,
                "case 13: P(war) = 0.9696 * 0.7235 * 0.0620 = 0.0435");
    /* the hazard sets the pace, not the shares: with hazard 0.6 an episode
     * spends 1/0.6 steps per level visited; mean levels visited =
     * 1 + q1 + q1 q2 (the last, war, is entered, not left) */
    double visits = 1 + q1 + q1 * q2;
    EXPECT_NEAR((double)steps / N_EPISODES, visits / 0.6, 0.02,
                "mean steps per episode = levels visited / hazard (code "
                "check, tol 0.02 ~ 4.6 s.e.; s.e. 0.0043)");
}

/* ---- sp_ladder_step: exact boundaries ---------------------------------- */

/* Below war: u < tau q -> UP; tau q <= u < tau -> END; u >= tau -> STAY.
 * tau = 0.6 (hazard), q = 0.25 (tau q = fl(0.6)/4 exactly). */
static void test_ladder_boundaries_below_war(void **state)
{
    (void)state;
    double par[SP_ESC_N];
    par_zero(par);
    par[SP_ESC_HAZARD] = 0.6;
    par[SP_ESC_WAR_HAZARD] = 0.375;
    par[SP_ESC_DEESCALATE] = 0.5;
    const double q = 0.25, tq = 0.6 * 0.25, tau = 0.6;
    for (int L = SP_LEVEL_INCIDENT; L <= SP_LEVEL_CLASH; L++) {
        assert_int_equal(sp_ladder_step(par, L, q, 1e-300), SP_LADDER_UP);
        assert_int_equal(sp_ladder_step(par, L, q, nextafter(tq, 0)),
                         SP_LADDER_UP);
        assert_int_equal(sp_ladder_step(par, L, q, tq), SP_LADDER_END);
        assert_int_equal(sp_ladder_step(par, L, q, nextafter(tau, 0)),
                         SP_LADDER_END);
        assert_int_equal(sp_ladder_step(par, L, q, tau), SP_LADDER_STAY);
        assert_int_equal(sp_ladder_step(par, L, q, nextafter(1, 0)),
                         SP_LADDER_STAY);
        /* deescalate is for wars only: never DOWN below war */
        for (double u = 0.0005; u < 1; u += 0.001)
            assert_int_not_equal(sp_ladder_step(par, L, q, u),
                                 SP_LADDER_DOWN);
    }
    /* q = 1: every move is up; q = 0: no move is up */
    assert_int_equal(sp_ladder_step(par, SP_LEVEL_CRISIS, 1, 0.5999),
                     SP_LADDER_UP);
    assert_int_equal(sp_ladder_step(par, SP_LEVEL_CRISIS, 0, 1e-300),
                     SP_LADDER_END);
    /* hazard 0: nothing moves */
    par[SP_ESC_HAZARD] = 0;
    assert_int_equal(sp_ladder_step(par, SP_LEVEL_CLASH, 1, 1e-300),
                     SP_LADDER_STAY);
}

/* At war levels tau = war_hazard and the moves that are not up split
 * into DOWN (share `deescalate`) and END: with tau = 0.375, q = 0.25,
 * deescalate 0.5 (all exact in binary): UP below 0.09375, DOWN in
 * [0.09375, 0.234375), END in [0.234375, 0.375), STAY from 0.375. */
static void test_ladder_boundaries_at_war(void **state)
{
    (void)state;
    double par[SP_ESC_N];
    par_zero(par);
    par[SP_ESC_HAZARD] = 0.6;
    par[SP_ESC_WAR_HAZARD] = 0.375;
    par[SP_ESC_DEESCALATE] = 0.5;
    const double q = 0.25;
    for (int L = SP_LEVEL_LIMITED_WAR; L <= SP_LEVEL_NUCLEAR; L++) {
        assert_int_equal(sp_ladder_step(par, L, q, nextafter(0.09375, 0)),
                         SP_LADDER_UP);
        assert_int_equal(sp_ladder_step(par, L, q, 0.09375), SP_LADDER_DOWN);
        assert_int_equal(sp_ladder_step(par, L, q, nextafter(0.234375, 0)),
                         SP_LADDER_DOWN);
        assert_int_equal(sp_ladder_step(par, L, q, 0.234375), SP_LADDER_END);
        assert_int_equal(sp_ladder_step(par, L, q, nextafter(0.375, 0)),
                         SP_LADDER_END);
        assert_int_equal(sp_ladder_step(par, L, q, 0.375), SP_LADDER_STAY);
    }
    /* deescalate 0: every move down ends the episode; 1: every one steps
     * down */
    par[SP_ESC_DEESCALATE] = 0;
    assert_int_equal(sp_ladder_step(par, SP_LEVEL_MAJOR_WAR, q, 0.09375),
                     SP_LADDER_END);
    par[SP_ESC_DEESCALATE] = 1;
    assert_int_equal(sp_ladder_step(par, SP_LEVEL_MAJOR_WAR, q,
                                    nextafter(0.375, 0)), SP_LADDER_DOWN);
    /* q = 0 at war (major war without a nuclear party): the whole of
     * [0, tau) is down or end, split at tau * deescalate */
    par[SP_ESC_DEESCALATE] = 0.5;
    assert_int_equal(sp_ladder_step(par, SP_LEVEL_MAJOR_WAR, 0,
                                    nextafter(0.1875, 0)), SP_LADDER_DOWN);
    assert_int_equal(sp_ladder_step(par, SP_LEVEL_MAJOR_WAR, 0, 0.1875),
                     SP_LADDER_END);
    /* the split's frequency over uniforms (code check, 4 s.e.) */
    long up = 0, down = 0, end = 0, n = 100000;
    par[SP_ESC_WAR_HAZARD] = 0.0385;
    par[SP_ESC_DEESCALATE] = 0.615;
    for (long i = 0; i < n; i++) {
        double u = sp_rng_uniform(7, 1, SP_STREAM_TEST, 0, (uint32_t)i, 0);
        switch (sp_ladder_step(par, SP_LEVEL_LIMITED_WAR, 0.3, u)) {
        case SP_LADDER_UP: up++; break;
        case SP_LADDER_DOWN: down++; break;
        case SP_LADDER_END: end++; break;
        default: break;
        }
    }
    expect_share(up, n, 0.0385 * 0.3, 4, "war: P(up) = tau q");
    expect_share(down, n, 0.0385 * 0.7 * 0.615, 4,
                 "war: P(down) = tau (1 - q) deescalate");
    expect_share(end, n, 0.0385 * 0.7 * 0.385, 4,
                 "war: P(end) = tau (1 - q) (1 - deescalate)");
}

/* ---- sp_escalation_p_up ------------------------------------------------ */

static void test_p_up_base_and_levels(void **state)
{
    (void)state;
    double par[SP_ESC_N];
    par_zero(par);
    par[SP_ESC_P_CRISIS] = 0.9385;
    par[SP_ESC_P_CLASH] = 0.715;
    par[SP_ESC_P_WAR] = 0.0237;
    par[SP_ESC_P_MAJOR] = 0.315;
    par[SP_ESC_P_NUCLEAR] = 0.0065;
    /* betas 0: the base q, whatever the covariates (to rounding: the
     * function goes through logit and back; tolerance 1e-15) */
    const double h = 0.735, A = 2.385, d = 0.415;
    EXPECT_NEAR(sp_escalation_p_up(par, SP_LEVEL_INCIDENT, h, A, d, false),
                0.9385, 1e-15, "betas 0: p_crisis from incident");
    EXPECT_NEAR(sp_escalation_p_up(par, SP_LEVEL_CRISIS, h, A, d, false),
                0.715, 1e-15, "betas 0: p_clash from crisis");
    EXPECT_NEAR(sp_escalation_p_up(par, SP_LEVEL_CLASH, h, A, d, true),
                0.0237, 1e-15, "betas 0: p_war from clash");
    EXPECT_NEAR(sp_escalation_p_up(par, SP_LEVEL_LIMITED_WAR, h, A, d, false),
                0.315, 1e-15, "betas 0: p_major from limited war");
    /* from major war, nuclear use needs a nuclear party */
    assert_true(sp_escalation_p_up(par, SP_LEVEL_MAJOR_WAR, h, A, d, false)
                == 0);
    EXPECT_NEAR(sp_escalation_p_up(par, SP_LEVEL_MAJOR_WAR, h, A, d, true),
                0.0065, 1e-15, "betas 0: p_nuclear from major war");
    /* nothing above nuclear use, nothing from no episode */
    assert_true(sp_escalation_p_up(par, SP_LEVEL_NUCLEAR, h, A, d, true) ==
                0);
    assert_true(sp_escalation_p_up(par, SP_LEVEL_NONE, h, A, d, true) == 0);
    /* a certain or impossible step stays so whatever the covariates */
    par[SP_ESC_BETA_HOSTILITY] = 2.5;
    par[SP_ESC_BETA_DIALOGUE] = 3.5;
    par[SP_ESC_P_CRISIS] = 1;
    par[SP_ESC_P_CLASH] = 0;
    assert_true(sp_escalation_p_up(par, SP_LEVEL_INCIDENT, 0, 1, 1, false) ==
                1);
    assert_true(sp_escalation_p_up(par, SP_LEVEL_CRISIS, 1, 7.5, 0, false) ==
                0);
}

/* logit q = logit q0 + b_h (h - 0.5) + b_A ln A - b_d d; compared in logit
 * space to 1e-12 (exp/log rounding). */
static void test_p_up_logit_shifts(void **state)
{
    (void)state;
    double par[SP_ESC_N];
    par_zero(par);
    const double q0 = 0.2385;
    par[SP_ESC_P_CLASH] = q0;
    const int L = SP_LEVEL_CRISIS;
    /* beta_hostility = 1, h = 1: + 0.5 */
    par[SP_ESC_BETA_HOSTILITY] = 1;
    EXPECT_NEAR(logit(sp_escalation_p_up(par, L, 1, 1, 0, false)),
                logit(q0) + 0.5, 1e-12, "h = 1, b_h = 1: logit + 0.5");
    /* h = 0.5 is neutral; h = 0 lowers by b_h / 2 */
    EXPECT_NEAR(sp_escalation_p_up(par, L, 0.5, 1, 0, false), q0, 1e-15,
                "h = 0.5 neutral");
    par[SP_ESC_BETA_HOSTILITY] = 1.37;
    EXPECT_NEAR(logit(sp_escalation_p_up(par, L, 0, 1, 0, false)),
                logit(q0) - 0.685, 1e-12, "h = 0, b_h = 1.37: logit - 0.685");
    par[SP_ESC_BETA_HOSTILITY] = 0;
    /* A = e: + beta_arsenal */
    par[SP_ESC_BETA_ARSENAL] = 0.615;
    EXPECT_NEAR(logit(sp_escalation_p_up(par, L, 0.5, exp(1.0), 0, false)),
                logit(q0) + 0.615, 1e-12, "A = e: logit + b_A");
    EXPECT_NEAR(logit(sp_escalation_p_up(par, L, 0.5, 1.0 / 4.5, 0, false)),
                logit(q0) - 0.615 * log(4.5), 1e-12,
                "A = 1/4.5: logit - b_A ln 4.5");
    par[SP_ESC_BETA_ARSENAL] = 0;
    /* d = 1: - beta_dialogue */
    par[SP_ESC_BETA_DIALOGUE] = 0.83;
    EXPECT_NEAR(logit(sp_escalation_p_up(par, L, 0.5, 1, 1, false)),
                logit(q0) - 0.83, 1e-12, "d = 1: logit - b_d");
    /* all three add */
    par[SP_ESC_BETA_HOSTILITY] = 1.37;
    par[SP_ESC_BETA_ARSENAL] = 0.615;
    EXPECT_NEAR(logit(sp_escalation_p_up(par, L, 0.915, 1.735, 0.265, true)),
                logit(q0) + 1.37 * 0.415 + 0.615 * log(1.735) - 0.83 * 0.265,
                1e-12, "shifts add in logit space");
    /* monotone: up in h and A, down in d */
    double base = sp_escalation_p_up(par, L, 0.6, 1.2, 0.3, false);
    assert_true(sp_escalation_p_up(par, L, 0.7, 1.2, 0.3, false) > base);
    assert_true(sp_escalation_p_up(par, L, 0.6, 1.3, 0.3, false) > base);
    assert_true(sp_escalation_p_up(par, L, 0.6, 1.2, 0.4, false) < base);
}

/* ---- sp_incident_p ----------------------------------------------------- */

/* P = 1 - exp(-(lambda dt + kappa pv)),
 * lambda = base h prox (1 + eps exer) (1 - delta d) A^eta.
 * base 0.735, eps 0.053, delta 0.47, kappa 0.061, eta 0.55. Expected
 * values computed independently (Python 3 math, double precision);
 * tolerance 1e-15. */
static void incident_par(double par[SP_ESC_N])
{
    par_zero(par);
    par[SP_ESC_BASE_RATE] = 0.735;
    par[SP_ESC_EXERCISE] = 0.053;
    par[SP_ESC_DIALOGUE_RATE] = 0.47;
    par[SP_ESC_PROVOCATION] = 0.061;
    par[SP_ESC_ARSENAL_RATE] = 0.55;
}

static void test_incident_values(void **state)
{
    (void)state;
    double par[SP_ESC_N];
    incident_par(par);
    const double dt = 1.0 / 12;
    EXPECT_NEAR(sp_incident_p(par, dt, 0.83, 0.6, 3.5, 0.21, 1.37, 0),
                0.03801148150714817, 1e-15, "incident P, all covariates");
    EXPECT_NEAR(sp_incident_p(par, dt, 0.83, 0.6, 3.5, 0.21, 1.37, 2),
                0.1484974323377929, 1e-15, "incident P with 2 provocations");
    EXPECT_NEAR(sp_incident_p(par, dt, 0.35, 1, 0, 0, 1, 0),
                0.02120935002688973, 1e-15, "incident P = 1 - exp(-base h "
                "dt)");
    EXPECT_NEAR(sp_incident_p(par, dt, 0, 0.6, 0, 0, 1, 3),
                0.16723184426290905, 1e-15, "provocations only");
    EXPECT_NEAR(sp_incident_p(par, 1.0, 0.615, 0.25, 12, 1, 0.385, 0),
                0.05631692265583743, 1e-15, "a year, full dialogue");
    /* zero hostility or zero proximity, no provocations: no incident */
    assert_true(sp_incident_p(par, dt, 0, 1, 5, 0, 2, 0) == 0);
    assert_true(sp_incident_p(par, dt, 0.9, 0, 5, 0, 2, 0) == 0);
    /* provocations add to the mean count: -ln(1 - P) is additive */
    double m0 = -log1p(-sp_incident_p(par, dt, 0.83, 0.6, 3.5, 0.21, 1.37,
                                      0));
    double m2 = -log1p(-sp_incident_p(par, dt, 0.83, 0.6, 3.5, 0.21, 1.37,
                                      2));
    EXPECT_NEAR(m2 - m0, 2 * 0.061, 1e-14, "provocations add kappa each");
}

static void test_incident_monotone(void **state)
{
    (void)state;
    double par[SP_ESC_N];
    incident_par(par);
    const double dt = 1.0 / 12;
    double prev = -1;
    for (double h = 0; h <= 1.0001; h += 0.05) { /* up in hostility */
        double p = sp_incident_p(par, dt, h, 0.6, 3.5, 0.21, 1.37, 0);
        assert_true(p > prev);
        prev = p;
    }
    prev = -1;
    for (double e = 0; e <= 24; e += 1.5) { /* up in exercises */
        double p = sp_incident_p(par, dt, 0.83, 0.6, e, 0.21, 1.37, 0);
        assert_true(p > prev);
        prev = p;
    }
    prev = -1;
    for (double A = 0.25; A <= 4; A += 0.25) { /* up in capability */
        double p = sp_incident_p(par, dt, 0.83, 0.6, 3.5, 0.21, A, 0);
        assert_true(p > prev);
        prev = p;
    }
    prev = 2;
    for (double d = 0; d <= 1.0001; d += 0.05) { /* down in dialogue */
        double p = sp_incident_p(par, dt, 0.83, 0.6, 3.5, d, 1.37, 0);
        assert_true(p < prev);
        prev = p;
    }
    prev = -1;
    for (int pv = 0; pv <= 6; pv++) { /* up in provocations */
        double p = sp_incident_p(par, dt, 0.83, 0.6, 3.5, 0.21, 1.37, pv);
        assert_true(p > prev && p < 1);
        prev = p;
    }
}

/* sp_incident_mean is lambda dt + kappa pv, and sp_incident_p is
 * 1 - exp(-mean). Expected means from the lambdas computed in Python
 * (0.465033161115231 /yr for the first point); tolerance 1e-16. */
static void test_incident_mean(void **state)
{
    (void)state;
    double par[SP_ESC_N];
    incident_par(par);
    const double dt = 1.0 / 12;
    EXPECT_NEAR(sp_incident_mean(par, dt, 0.83, 0.6, 3.5, 0.21, 1.37, 0),
                0.465033161115231 / 12, 1e-16, "incident mean = lambda dt");
    EXPECT_NEAR(sp_incident_mean(par, dt, 0.83, 0.6, 3.5, 0.21, 1.37, 2),
                0.465033161115231 / 12 + 2 * 0.061, 1e-16,
                "incident mean + kappa pv");
    EXPECT_NEAR(sp_incident_mean(par, dt, 0, 0.6, 0, 0, 1, 3), 3 * 0.061,
                1e-16, "provocations only");
    const double pts[][7] = {{0.83, 0.6, 3.5, 0.21, 1.37, 0, 0},
                             {0.35, 1, 0, 0, 1, 1, 0},
                             {0.615, 0.25, 12, 1, 0.385, 4, 0}};
    for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        const double *q = pts[i];
        double mu = sp_incident_mean(par, dt, q[0], q[1], q[2], q[3], q[4],
                                     q[5]);
        EXPECT_NEAR(sp_incident_p(par, dt, q[0], q[1], q[2], q[3], q[4],
                                  q[5]), 1 - exp(-mu), 1e-16,
                    "P = 1 - exp(-mean)");
    }
}

/* ---- case 14: alliance reliability (code check, not validation) -------- */

/* Source: validation.md case 14 (Leeds, Long & Mitchell 2000: commitments
 * honoured 74.5% of the time). sp_ally_joins(0.745, u) over 200000
 * uniforms joins with frequency 0.745 within 4 s.e. Code check. */
static void test_case14_ally_joins_frequency(void **state)
{
    (void)state;
    const double r = 0.745;
    const long n = 200000;
    long joined = 0;
    for (long i = 0; i < n; i++)
        joined += sp_ally_joins(r, sp_rng_uniform(7, 2, SP_STREAM_TEST, 1,
                                                  (uint32_t)i, 0));
    expect_share(joined, n, r, 4, "validation.md case 14 (code check): "
                 "joining frequency = reliability 0.745 (Leeds, Long & "
                 "Mitchell 2000), 4 s.e.");
    /* exact boundary: joins iff u < r */
    assert_true(sp_ally_joins(r, nextafter(r, 0)));
    assert_false(sp_ally_joins(r, r));
    assert_false(sp_ally_joins(0, 1e-300));
    assert_true(sp_ally_joins(1, nextafter(1, 0)));
}

/* World-level chain-ganging. AAA and BBB are hostile with a certain
 * ladder (p_crisis = p_clash = p_war = 1, hazard 1) and a high incident
 * rate (P(incident) = 1 - exp(-50 * 0.865 / 12) = 0.973 a month), so
 * they reach limited war within the first months; war_hazard 0 keeps
 * every war where it is (the second %s: escalation parameters). CCC
 * has a defence pact to AAA (the first %s) and no quarrel of its own
 * (alignment 0: no incidents); the third %s is an optional wars:
 * section. */
static const char *chain_fmt =
    "spiral: 1\n"
    "name: chain-gang\n"
    "time: {start: 2025-01, forecast_start: 2025-01, horizon_years: 1}\n"
    "actors:\n"
    "  AAA: {cow: 731, milex: 2.385e6, economy: 3.1e7}\n"
    "  BBB: {cow: 732, milex: 4.6e7, economy: 1.7e9}\n"
    "  CCC: {cow: 2, milex: 8.3e8, economy: 2.6e10}\n"
    "dyads:\n"
    "  AAA-BBB: {alignment: -0.865, proximity: 1}\n"
    "%s"
    "parameters:\n"
    "  escalation: {base_rate: 50, p_crisis: 1, p_clash: 1, p_war: 1, "
    "hazard: 1, %s}\n"
    "%s"
    "packages:\n"
    "  none:\n"
    "    levers: []\n";

typedef struct {
    long runs, ab_war, cb_war, ac_war, same_step, b_allies;
} chain_result;

static void run_chain(const char *treaty, const char *wars, long runs,
                      chain_result *res)
{
    char text[2048];
    snprintf(text, sizeof text, chain_fmt, treaty, "war_hazard: 0", wars);
    sp_error err = {0};
    sp_scenario *s = NULL;
    sp_model *m = NULL;
    sp_world *w = NULL;
    if (sp_scenario_load_text("chain-gang.yaml", text, strlen(text), NULL, 0,
                              &s, &err))
        fail_msg("load: %s:%d:%d: %s", err.file, err.line, err.col,
                 err.message);
    if (sp_model_new(s, 0, NULL, &m, &err) || sp_world_new(m, &w, &err))
        fail_msg("model/world: %s", err.message);
    int n = w->N;
    assert_int_equal(n, 3);
    const int A = 0, B = 1, C = 2; /* scenario order */
    assert_string_equal(sp_scenario_actor_id(s, (size_t)C), "CCC");
    size_t ab = sp_pair(n, A, B), cb = sp_pair(n, C, B), ac = sp_pair(n, A, C);
    memset(res, 0, sizeof *res);
    res->runs = runs;
    for (long r = 0; r < runs; r++) {
        assert_int_equal(sp_run_init(w, 7, (uint32_t)r, 0, &err), SP_OK);
        int ab_start = -1, cb_start = -1;
        while (!sp_run_finished(w)) {
            int t = w->step;
            assert_int_equal(sp_run_step(w, &err), SP_OK);
            if (ab_start < 0 && w->level[ab] >= SP_LEVEL_LIMITED_WAR)
                ab_start = t;
            if (cb_start < 0 && w->level[cb] >= SP_LEVEL_LIMITED_WAR)
                cb_start = t;
        }
        res->ab_war += w->level[ab] >= SP_LEVEL_LIMITED_WAR;
        res->ac_war += w->level[ac] != SP_LEVEL_NONE;
        if (cb_start >= 0) {
            res->cb_war++;
            res->same_step += cb_start == ab_start;
        }
    }
    sp_world_free(w);
    sp_model_free(m);
    sp_scenario_free(s);
}

/* CCC committed to AAA (forward) with reliability 0.6: in every run AAA
 * and BBB go to war; CCC joins against BBB in the step the war starts,
 * in 60% of runs within 4 s.e. (4000 replications); CCC and AAA never
 * fight. Code check of case 14's mechanism, not validation. */
static void test_case14_world_join_given_reliability(void **state)
{
    (void)state;
    chain_result res;
    run_chain("  CCC-AAA: {treaty: {type: defence_pact, reliability: 0.6, "
              "direction: forward}}\n", "", 4000, &res);
    assert_int_equal(res.ab_war, res.runs);
    assert_int_equal(res.ac_war, 0);
    assert_int_equal(res.same_step, res.cb_war);
    expect_share(res.cb_war, res.runs, 0.6, 4,
                 "validation.md case 14 (code check): world joining "
                 "frequency = treaty reliability 0.6, 4 s.e.");
}

/* Without `reliability` the pact takes the default 0.745 (Leeds, Long &
 * Mitchell 2000, validation.md case 14): the world's joining frequency
 * is 0.745 within 4 s.e. (4000 replications). Code check. */
static void test_case14_world_join_default_reliability(void **state)
{
    (void)state;
    chain_result res;
    run_chain("  CCC-AAA: {treaty: {type: defence_pact, direction: "
              "forward}}\n", "", 4000, &res);
    assert_int_equal(res.ab_war, res.runs);
    assert_int_equal(res.same_step, res.cb_war);
    expect_share(res.cb_war, res.runs, 0.745, 4,
                 "validation.md case 14 (code check): world joining "
                 "frequency = default reliability 0.745 (Leeds, Long & "
                 "Mitchell 2000), 4 s.e.");
}

/* The commitment is one-way: AAA committed to CCC (forward) does not
 * bring CCC into AAA's war; and a mere consultation pact brings no one.
 * Expected: CCC never at war. */
static void test_world_join_direction_and_type(void **state)
{
    (void)state;
    chain_result res;
    run_chain("  AAA-CCC: {treaty: {type: defence_pact, reliability: 1, "
              "direction: forward}}\n", "", 500, &res);
    assert_int_equal(res.ab_war, res.runs);
    assert_int_equal(res.cb_war, 0);
    run_chain("  CCC-AAA: {treaty: {type: consultation, reliability: 1}}\n",
              "", 500, &res);
    assert_int_equal(res.ab_war, res.runs);
    assert_int_equal(res.cb_war, 0);
    /* reliability 1: always joins */
    run_chain("  CCC-AAA: {treaty: {type: defence_pact, reliability: 1, "
              "direction: forward}}\n", "", 500, &res);
    assert_int_equal(res.cb_war, res.runs);
}

/* A war in progress at the start (wars:) calls no allies (escalation.c:
 * only pairs that enter a war level during the run do). Documented
 * behaviour; expected: CCC never at war. */
static void test_world_war_in_progress_calls_no_allies(void **state)
{
    (void)state;
    chain_result res;
    run_chain("  CCC-AAA: {treaty: {type: defence_pact, reliability: 1, "
              "direction: forward}}\n",
              "wars:\n  - {id: ab, sides: [[AAA], [BBB]], level: "
              "limited_war}\n", 300, &res);
    assert_int_equal(res.ab_war, res.runs);
    assert_int_equal(res.cb_war, 0);
}

/* A joined pair is part of its ally's war (escalation.c: it follows the
 * level of the pair that started the war and ends with it). Short,
 * random wars: war_hazard 0.5, p_major 1, deescalate 0 and no nuclear
 * party, so each step AAA-BBB's limited war becomes major with chance
 * 0.5 and a major war ends with chance 0.5; then a new incident soon
 * starts the next war. A joined pair on its own ladder would move with
 * its own draws; following, it cannot differ. Expected, at every step
 * of 3000 one-year runs: CCC-BBB is at war only while AAA-BBB is, at
 * the same level; and CCC joins each new AAA-BBB war (a fresh draw each
 * time) with frequency 0.6 within 4 s.e. (validation.md case 14, code
 * check). */
static void test_world_joined_pair_follows_its_war(void **state)
{
    (void)state;
    char text[2048];
    snprintf(text, sizeof text, chain_fmt,
             "  CCC-AAA: {treaty: {type: defence_pact, reliability: 0.6, "
             "direction: forward}}\n",
             "war_hazard: 0.5, p_major: 1, deescalate: 0", "");
    sp_error err = {0};
    sp_scenario *s = NULL;
    sp_model *m = NULL;
    sp_world *w = NULL;
    if (sp_scenario_load_text("follow.yaml", text, strlen(text), NULL, 0, &s,
                              &err))
        fail_msg("load: %s:%d:%d: %s", err.file, err.line, err.col,
                 err.message);
    if (sp_model_new(s, 0, NULL, &m, &err) || sp_world_new(m, &w, &err))
        fail_msg("model/world: %s", err.message);
    const int n = w->N;
    size_t ab = sp_pair(n, 0, 1), cb = sp_pair(n, 2, 1);
    long onsets = 0, joined = 0, followed_major = 0;
    for (uint32_t r = 0; r < 3000; r++) {
        assert_int_equal(sp_run_init(w, 11, r, 0, &err), SP_OK);
        int prev_ab = w->level[ab];
        while (!sp_run_finished(w)) {
            int t = w->step;
            assert_int_equal(sp_run_step(w, &err), SP_OK);
            int lab = w->level[ab], lcb = w->level[cb];
            if (lcb != SP_LEVEL_NONE && lcb != lab)
                fail_msg("run %u step %d: CCC-BBB at level %d while its "
                         "war AAA-BBB is at %d", r, t, lcb, lab);
            if (lab >= SP_LEVEL_LIMITED_WAR &&
                prev_ab < SP_LEVEL_LIMITED_WAR) {
                onsets++;
                joined += lcb >= SP_LEVEL_LIMITED_WAR;
            }
            followed_major += lcb == SP_LEVEL_MAJOR_WAR;
            prev_ab = lab;
        }
    }
    assert_true(onsets > 3000);   /* more than one war a run */
    assert_true(followed_major > 0);
    expect_share(joined, onsets, 0.6, 4,
                 "validation.md case 14 (code check): CCC joins each new "
                 "war with reliability 0.6, 4 s.e.");
    sp_world_free(w);
    sp_model_free(m);
    sp_scenario_free(s);
}

/* The world draws incidents by the clock method (an Exp(1) threshold
 * used up by the step's hazard mean). Its claim: the same distribution
 * as one Bernoulli(P) per step with P = sp_incident_p. Two hostile
 * actors, h = 0.615, prox = 0.735, base_rate 2.385/yr, other covariates
 * neutral (no levers, capability 1): mean 2.385 * 0.615 * 0.735 / 12 =
 * 0.0898 a month, P = 0.0859. The step of the first incident is then
 * geometric: P(T = t) = (1 - P)^t P for t < 12, P(none in a year) =
 * (1 - P)^12. 20000 replications; each share within 4 s.e. Code check,
 * not validation. */
static const char *clock_scn =
    "spiral: 1\n"
    "name: clock\n"
    "time: {start: 2025-01, forecast_start: 2025-01, horizon_years: 1}\n"
    "actors:\n"
    "  AAA: {cow: 731, milex: 2.385e6, economy: 3.1e7}\n"
    "  BBB: {cow: 732, milex: 4.6e7, economy: 1.7e9}\n"
    "dyads:\n"
    "  AAA-BBB: {alignment: -0.615, proximity: 0.735}\n"
    "parameters:\n"
    "  escalation: {base_rate: 2.385}\n"
    "packages:\n"
    "  none:\n"
    "    levers: []\n";

static void test_world_incident_clock_is_geometric(void **state)
{
    (void)state;
    sp_error err = {0};
    sp_scenario *s = NULL;
    sp_model *m = NULL;
    sp_world *w = NULL;
    if (sp_scenario_load_text("clock.yaml", clock_scn, strlen(clock_scn),
                              NULL, 0, &s, &err))
        fail_msg("load: %s:%d:%d: %s", err.file, err.line, err.col,
                 err.message);
    if (sp_model_new(s, 0, NULL, &m, &err) || sp_world_new(m, &w, &err))
        fail_msg("model/world: %s", err.message);
    const int steps = sp_model_n_steps(m);
    assert_int_equal(steps, 12);
    const double *par = m->pv.par[SP_COMP_ESCALATION];
    double p = sp_incident_p(par, m->dt, 0.615, 0.735, 0, 0, 1, 0);
    EXPECT_NEAR(p, 1 - exp(-2.385 * 0.615 * 0.735 / 12), 1e-15,
                "P(incident) a month");
    enum { R = 20000 };
    long first[13] = {0};
    for (uint32_t r = 0; r < R; r++) {
        assert_int_equal(sp_run_init(w, 7, r, 0, &err), SP_OK);
        int t = 0;
        for (; t < steps; t++) {
            assert_int_equal(sp_run_step(w, &err), SP_OK);
            if (w->incidents > 0)
                break;
        }
        first[t]++;
    }
    char what[160];
    for (int t = 0; t <= steps; t++) {
        double want = t < steps ? pow(1 - p, t) * p : pow(1 - p, steps);
        snprintf(what, sizeof what, "clock method (code check): share of "
                 "first incidents in step %d%s, 4 s.e.", t,
                 t < steps ? "" : " (none in a year)");
        expect_share(first[t], R, want, 4, what);
    }
    sp_world_free(w);
    sp_model_free(m);
    sp_scenario_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case13_ladder_shares),
        cmocka_unit_test(test_ladder_boundaries_below_war),
        cmocka_unit_test(test_ladder_boundaries_at_war),
        cmocka_unit_test(test_p_up_base_and_levels),
        cmocka_unit_test(test_p_up_logit_shifts),
        cmocka_unit_test(test_incident_values),
        cmocka_unit_test(test_incident_monotone),
        cmocka_unit_test(test_incident_mean),
        cmocka_unit_test(test_case14_ally_joins_frequency),
        cmocka_unit_test(test_case14_world_join_given_reliability),
        cmocka_unit_test(test_case14_world_join_default_reliability),
        cmocka_unit_test(test_world_join_direction_and_type),
        cmocka_unit_test(test_world_war_in_progress_calls_no_allies),
        cmocka_unit_test(test_world_joined_pair_follows_its_war),
        cmocka_unit_test(test_world_incident_clock_is_geometric),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
