/*
 * test_cooperation.c - global cooperation capacity G
 * (src/mech/cooperation.c).
 *
 * Code checks against hand-computed values (the rates are guessed,
 * docs/MODEL.md; nothing here is validation):
 *   - the one-step solution: G* + (G - G*) exp(-(a + b) dt), G when
 *     a + b = 0, always in [0, 1] even for huge rates and steps;
 *   - the drivers: mean hostility, mean dialogue and the crisis share
 *     over the pairs, by hand for a three-actor world;
 *   - in a world where nothing changes G stays at its start value;
 *   - non-security cooperation raises G step by step by the formula
 *     (x = (NSC + Dbar + beta) / (Dbar_0 + beta), y = 1);
 *   - exercises that multiply incidents, hence crises, lower G against
 *     the same run without them (same seed and replication).
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

#include "mech/cooperation.h"
#include "world.h"
#include "world_fixture.h"

#include "expect.h"

/* Three actors; AAA-BBB hostile (s = -0.6) and close; dialogue 0.3 on
 * AAA-CCC. G starts at 0.55. */
static const char *scn =
    "spiral: 1\n"
    "name: coop-world\n"
    "time: {start: 2024-01, forecast_start: 2025-01, horizon_years: 2}\n"
    "actors:\n"
    "  AAA: {cow: 2, milex: 8.3e8}\n"
    "  BBB: {cow: 710, milex: 2.9e8}\n"
    "  CCC: {cow: 740, milex: 4.7e7}\n"
    "dyads:\n"
    "  AAA-BBB: {alignment: -0.6, proximity: 1}\n"
    "  AAA-CCC: {dialogue: 0.3}\n"
    "parameters:\n"
    "  global: {cooperation: 0.55}\n"
    "  escalation: {base_rate: %s}\n"
    "  alignment: {beta: 0}\n"
    "packages:\n"
    "  none:\n"
    "    levers: []\n"
    "  nsc:\n"
    "    levers:\n"
    "      - {id: nsc, kind: non_security_cooperation, actor: CCC, "
    "target: AAA, value: 0.4}\n"
    "  drills:\n"
    "    levers:\n"
    "      - {id: drills, kind: exercises, actor: AAA, near: BBB, "
    "value: 24}\n";

static void open_world(const char *base_rate, const char *package,
                       sp_scenario **s, sp_model **m, sp_world **w)
{
    char text[2048];
    snprintf(text, sizeof text, scn, base_rate);
    wf_open("coop-world.yaml", text, package, NULL, 0, s, m, w);
}

static void test_one_step_formula(void **state)
{
    (void)state;
    double a = 0.3, b = 0.2, dt = 1.0 / 12, G = 0.55;
    double star = a / (a + b);
    EXPECT_NEAR(sp_cooperation_next(G, a, b, dt),
                star + (G - star) * exp(-(a + b) * dt), 1e-15,
                "one step of the exact solution");
    assert_true(sp_cooperation_next(G, 0, 0, dt) == G);
    assert_true(sp_cooperation_next(0.2, 1e6, 0, 100) <= 1.0);
    assert_true(sp_cooperation_next(0.9, 0, 1e6, 100) >= 0.0);
    EXPECT_NEAR(sp_cooperation_next(0.9, 0, 1e6, 100), 0.0, 1e-12,
                "pure erosion empties G");
}

static void test_drivers_by_hand(void **state)
{
    (void)state;
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    open_world("0", "none", &s, &m, &w);
    wf_init(w, 3, 0);
    double h, d, c;
    sp_cooperation_drivers(w, &h, &d, &c);
    EXPECT_NEAR(h, 0.6 / 3, 1e-15, "mean hostility");
    EXPECT_NEAR(d, 0.3 / 3, 1e-15, "mean dialogue");
    EXPECT_NEAR(c, 0, 0, "no crisis at the start");
    w->level[sp_pair(3, 0, 1)] = SP_LEVEL_CRISIS;
    sp_cooperation_drivers(w, &h, &d, &c);
    EXPECT_NEAR(c, 1.0 / 3, 1e-15, "one pair of three in crisis");
    wf_close(s, m, w);
}

/* base_rate 0: no incidents; alignment and dialogue do not move. */
static void test_still_world_keeps_G(void **state)
{
    (void)state;
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    open_world("0", "none", &s, &m, &w);
    wf_init(w, 3, 0);
    while (!sp_run_finished(w)) {
        wf_step(w);
        EXPECT_NEAR(w->G, 0.55, 1e-12, "G in a world where nothing moves");
    }
    wf_close(s, m, w);
}

/* The lever starts at the package start (step 12); the reference is the
 * first step, without it. */
static void test_nsc_raises_G_by_formula(void **state)
{
    (void)state;
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    open_world("0", "nsc", &s, &m, &w);
    wf_init(w, 3, 0);
    const double r = 0.5, beta = 0.25, G0 = 0.55, dt = 1.0 / 12;
    const double dbar = 0.1; /* 0.3 over 3 pairs */
    while (w->step < m->step0) {
        wf_step(w);
        EXPECT_NEAR(w->G, G0, 1e-12, "G before the package start");
    }
    double x = (0.4 + dbar + beta) / (dbar + beta);
    double G = w->G;
    for (int k = 0; k < 6; k++) {
        wf_step(w);
        G = sp_cooperation_next(G, r * G0 * x, r * (1 - G0), dt);
        EXPECT_NEAR(w->G, G, 1e-12, "G under non-security cooperation");
    }
    assert_true(w->G > G0 + 0.05);
    wf_close(s, m, w);
}

static void test_crises_lower_G(void **state)
{
    (void)state;
    double G_calm = 0, G_drills = 0;
    for (int k = 0; k < 2; k++) {
        sp_scenario *s;
        sp_model *m;
        sp_world *w;
        open_world("2", k ? "drills" : "none", &s, &m, &w);
        double sum = 0;
        for (uint32_t r = 0; r < 50; r++) {
            wf_init(w, 11, r);
            while (!sp_run_finished(w))
                wf_step(w);
            assert_true(w->G >= 0 && w->G <= 1);
            sum += w->G;
        }
        *(k ? &G_drills : &G_calm) = sum / 50;
        wf_close(s, m, w);
    }
    if (!(G_drills < G_calm))
        fail_msg("exercises near a rival should lower G: %.4f vs %.4f",
                 G_drills, G_calm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_step_formula),
        cmocka_unit_test(test_drivers_by_hand),
        cmocka_unit_test(test_still_world_keeps_G),
        cmocka_unit_test(test_nsc_raises_G_by_formula),
        cmocka_unit_test(test_crises_lower_G),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
