/*
 * test_globalsouth.c - the Global South's leaning
 * (src/mech/globalsouth.c).
 *
 * Code checks against hand-computed values (the rates are guessed,
 * docs/MODEL.md; nothing here is validation):
 *   - the `mode` index of needs-based aid is the one the code assumes;
 *   - one step of the flows by hand: pressure and conflict move leaners
 *     to neutral, the standing gap moves neutrals to the better bloc, the
 *     shares still sum to 1;
 *   - blocs: the anchors are the highest and lowest ideal points, others
 *     join the anchor they are more aligned with;
 *   - in a still world (no levers, G = 1) the shares do not move;
 *   - against the same run without the lever: a bloc's pressure loses
 *     it leaners, its needs-based aid gains it leaners, and loyalty-based
 *     aid acts as pressure.
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

#include "mech/globalsouth.h"
#include "world.h"
#include "world_fixture.h"

#include "expect.h"

/* WWW anchors the West (ideal 2), EEE the East (-1); MMM leans West by
 * alignment. G is 1 and nothing erodes it (no hostility). */
static const char *scn =
    "spiral: 1\n"
    "name: gs-world\n"
    "time: {start: 2025-01, forecast_start: 2025-01, horizon_years: 3}\n"
    "actors:\n"
    "  WWW: {cow: 2, milex: 8.3e8, ideal_point: 2}\n"
    "  EEE: {cow: 710, milex: 2.9e8, ideal_point: -1}\n"
    "  MMM: {cow: 750, milex: 8e7, ideal_point: -0.2}\n"
    "dyads:\n"
    "  WWW-MMM: {alignment: 0.4}\n"
    "  EEE-MMM: {alignment: 0.1}\n"
    "parameters:\n"
    "  global: {cooperation: 1}\n"
    "  global_south: {west: 0.2, east: 0.3}\n"
    "packages:\n"
    "  none:\n"
    "    levers: []\n"
    "  press:\n"
    "    levers:\n"
    "      - {id: p, kind: pressure_to_choose_sides, actor: MMM, "
    "value: 0.5}\n"
    "  aid:\n"
    "    levers:\n"
    "      - {id: a, kind: aid, actor: WWW, mode: needs_based, value: 20}\n"
    "  loyal:\n"
    "    levers:\n"
    "      - {id: a, kind: aid, actor: WWW, mode: loyalty_based, "
    "value: 20}\n";

static void test_mode_index(void **state)
{
    (void)state;
    assert_int_equal(sp_choice_index(sp_comp_fields.params[SP_F_MODE].choices,
                                     "needs_based"),
                     SP_GS_MODE_NEEDS);
}

static void test_flows_by_hand(void **state)
{
    (void)state;
    const double par[SP_GS_N] = {
        [SP_GS_BACKFIRE] = 0.5, [SP_GS_CONFLICT] = 0.2,
        [SP_GS_EXAMPLE] = 1.0};
    double sh[3] = {0.2, 0.5, 0.3}, P[2] = {0.5, 0}, S[2] = {0.1, 0.02};
    double G = 0.4, dt = 1.0 / 12;
    double conflict = 0.2 * (1 - G);
    double w_out = 0.2 * (1 - exp(-(0.5 * 0.5 + conflict) * dt));
    double e_out = 0.3 * (1 - exp(-conflict * dt));
    double to_w = 0.5 * (1 - exp(-1.0 * 0.08 * dt));
    sp_gs_flows(sh, P, S, G, par, dt);
    EXPECT_NEAR(sh[0], 0.2 - w_out + to_w, 1e-15, "West-leaning share");
    EXPECT_NEAR(sh[2], 0.3 - e_out, 1e-15, "East-leaning share");
    EXPECT_NEAR(sh[0] + sh[1] + sh[2], 1.0, 1e-15, "a distribution");
}

static double run_gs(const char *package, int k)
{
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    wf_open("gs-world.yaml", scn, package, NULL, 0, &s, &m, &w);
    wf_init(w, 2, 0);
    assert_int_equal(sp_gs_bloc(w, 0, 0, 1), SP_GS_BLOC_WEST);
    assert_int_equal(sp_gs_bloc(w, 1, 0, 1), SP_GS_BLOC_EAST);
    assert_int_equal(sp_gs_bloc(w, 2, 0, 1), SP_GS_BLOC_WEST);
    while (!sp_run_finished(w)) {
        wf_step(w);
        EXPECT_NEAR(w->gs[0] + w->gs[1] + w->gs[2], 1.0, 1e-12,
                    "shares sum to 1");
    }
    double v = w->gs[k];
    wf_close(s, m, w);
    return v;
}

static void test_still_world(void **state)
{
    (void)state;
    EXPECT_NEAR(run_gs("none", 0), 0.2, 1e-12, "West share at rest");
    EXPECT_NEAR(run_gs("none", 2), 0.3, 1e-12, "East share at rest");
}

static void test_levers_against_none(void **state)
{
    (void)state;
    double none = run_gs("none", 0);
    double press = run_gs("press", 0), aid = run_gs("aid", 0);
    double loyal = run_gs("loyal", 0);
    if (!(press < none))
        fail_msg("the West's pressure should cost it leaners: %.4f vs %.4f",
                 press, none);
    if (!(aid > none))
        fail_msg("needs-based aid should win leaners: %.4f vs %.4f", aid,
                 none);
    if (!(loyal < none))
        fail_msg("loyalty-based aid acts as pressure: %.4f vs %.4f", loyal,
                 none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mode_index),
        cmocka_unit_test(test_flows_by_hand),
        cmocka_unit_test(test_still_world),
        cmocka_unit_test(test_levers_against_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
