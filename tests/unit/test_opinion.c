/*
 * test_opinion.c - public opinion and the cap on levers
 * (src/mech/opinion.c).
 *
 * Code checks against hand-computed values (the rates are guessed,
 * docs/MODEL.md; nothing here is validation):
 *   - the cap: min(1, S / support_needed), 1 when nothing is needed, 0
 *     with no support; which lever kinds are of the soft line;
 *   - a hard lever (defence growth, support_needed 0.5) of an actor whose
 *     public gives 0.3 delivers 0.6 of its value; a soft one (dialogue,
 *     needs 0.8) delivers 0.7 / 0.8; an event is never capped;
 *   - in a world where nothing happens opinion stays where it started;
 *   - with the other terms off, each incident moves o by rally (1 - o)
 *     and each month at war multiplies o by (1 - dt war_weariness / K),
 *     K the war capacity (1, or 1.3 with outside support);
 *   - opinion stays in [0, 1] under a storm of incidents.
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

#include "mech/opinion.h"
#include "world.h"
#include "world_fixture.h"

#include "expect.h"

/* AAA (opinion 0.3) and BBB; %s: dyads; %s: opinion parameters; %s:
 * escalation parameters; %s: wars. */
static const char *fmt =
    "spiral: 1\n"
    "name: opinion-world\n"
    "time: {start: 2025-01, forecast_start: 2025-01, horizon_years: 2}\n"
    "actors:\n"
    "  AAA: {cow: 740, milex: 4.7e7, economy: 5e9, opinion: 0.3}\n"
    "  BBB: {cow: 710, milex: 2.9e8, economy: 1.8e10}\n"
    "%s"
    "parameters:\n"
    "  opinion: {%s}\n"
    "  escalation: {%s}\n"
    "  alignment: {beta: 0}\n"
    "%s"
    "packages:\n"
    "  none:\n"
    "    levers: []\n"
    "  levers:\n"
    "    levers:\n"
    "      - {id: build, kind: defence_growth, actor: AAA, value: 4, "
    "support_needed: 0.5}\n"
    "      - {id: talk, kind: dialogue, actor: AAA, target: BBB, "
    "value: 0.2, support_needed: 0.8}\n"
    "      - {id: easy, kind: dialogue, actor: BBB, target: AAA, "
    "value: 0.1, support_needed: 0.2}\n";

static void open_world(const char *dyads, const char *opinion,
                       const char *escalation, const char *wars,
                       const char *package, sp_scenario **s, sp_model **m,
                       sp_world **w)
{
    char text[4096];
    snprintf(text, sizeof text, fmt, dyads, opinion, escalation, wars);
    wf_open("opinion-world.yaml", text, package, NULL, 0, s, m, w);
}

static void test_cap_function(void **state)
{
    (void)state;
    EXPECT_NEAR(sp_opinion_scale(0.3, 0.5), 0.6, 1e-15, "0.3 of 0.5");
    EXPECT_NEAR(sp_opinion_scale(0.6, 0.5), 1.0, 0, "enough support");
    EXPECT_NEAR(sp_opinion_scale(0.2, 0), 1.0, 0, "nothing needed");
    EXPECT_NEAR(sp_opinion_scale(0, 0.4), 0.0, 0, "no support");
    assert_true(sp_opinion_soft(SP_K_DIALOGUE));
    assert_true(sp_opinion_soft(SP_K_REASSURANCE));
    assert_true(sp_opinion_soft(SP_K_AID));
    assert_false(sp_opinion_soft(SP_K_DEFENCE_GROWTH));
    assert_false(sp_opinion_soft(SP_K_EXERCISES));
}

/* The cap of the package lever `id` (found by kind and value: the three
 * levers of this scenario differ in both). */
static double scale_of(const sp_world *w, const char *id)
{
    const sp_model *m = w->M;
    const sp_package *p = &m->scn->packages[m->package];
    for (size_t l = 0; l < p->n_levers; l++) {
        const sp_action *lv = &p->levers[l];
        if (strcmp(lv->id, id) != 0)
            continue;
        for (size_t k = 0; k < m->n_acts; k++)
            if (m->acts[k].kind == lv->kind &&
                w->p.vals[m->acts[k].value] == lv->value.v)
                return w->act_scale[k];
    }
    fail_msg("no lever %s", id);
    return NAN;
}

static void test_levers_capped(void **state)
{
    (void)state;
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    open_world("", "relax: 0, threat_gain: 0", "base_rate: 0", "", "levers",
               &s, &m, &w);
    wf_init(w, 5, 0);
    EXPECT_NEAR(scale_of(w, "build"), 0.3 / 0.5, 1e-15,
                "hard lever at o = 0.3, needs 0.5");
    EXPECT_NEAR(scale_of(w, "talk"), 0.7 / 0.8, 1e-15,
                "soft lever at 1 - o = 0.7, needs 0.8");
    EXPECT_NEAR(scale_of(w, "easy"), 1.0, 0,
                "soft lever of BBB (o = 0.5), needs 0.2");
    wf_step(w);
    /* policy.c turned the capped build-up into growth: 4%/yr * 0.6 */
    EXPECT_NEAR(w->growth[0], 0.04 * 0.6, 1e-15, "capped defence growth");
    wf_close(s, m, w);
}

/* No hostility, no incidents, no war: o stays at 0.3 and 0.5. */
static void test_still_world(void **state)
{
    (void)state;
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    open_world("", "", "base_rate: 0", "", "none", &s, &m, &w);
    wf_init(w, 5, 0);
    while (!sp_run_finished(w)) {
        wf_step(w);
        EXPECT_NEAR(w->opinion[0], 0.3, 1e-15, "AAA's opinion at rest");
        EXPECT_NEAR(w->opinion[1], 0.5, 1e-15, "BBB's opinion at rest");
    }
    wf_close(s, m, w);
}

/* A hostile, close pair with many incidents; only the rally term on. */
static void test_rally(void **state)
{
    (void)state;
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    open_world("dyads:\n  AAA-BBB: {alignment: -0.9, proximity: 1}\n",
               "relax: 0, threat_gain: 0, war_weariness: 0, rally: 0.05",
               "base_rate: 20, p_crisis: 0, hazard: 1", "", "none", &s, &m,
               &w);
    wf_init(w, 5, 1);
    long seen = 0;
    double o = 0.3;
    while (!sp_run_finished(w)) {
        long before = w->incidents;
        wf_step(w);
        long now = w->incidents - before;
        seen += now;
        o += 0.05 * (double)now * (1 - o);
        EXPECT_NEAR(w->opinion[0], o, 1e-12, "rally by incidents");
        assert_true(w->opinion[0] <= 1.0);
    }
    assert_true(seen > 5); /* the test saw the term at work */
    wf_close(s, m, w);
}

/* A war in progress, no incidents (no hostility); only weariness on. */
static void test_war_weariness(void **state)
{
    (void)state;
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    open_world("", "relax: 0, threat_gain: 0, rally: 0, war_weariness: 0.3",
               "base_rate: 0, war_hazard: 0",
               "wars:\n  - {id: ab, sides: [[AAA], [BBB]], level: "
               "major_war}\n", "none", &s, &m, &w);
    wf_init(w, 5, 0);
    double o = 0.3;
    for (int k = 0; k < 12; k++) {
        wf_step(w);
        o *= 1 - 0.3 / 12;
        EXPECT_NEAR(w->opinion[0], o, 1e-12, "a month of war");
    }
    wf_close(s, m, w);
}

/* The same war with outside support meeting 0.6 of AAA's needs (war
 * capacity 1 + 0.5 * 0.6 = 1.3): the weariness is divided by it. */
static void test_support_slows_weariness(void **state)
{
    (void)state;
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    open_world("", "relax: 0, threat_gain: 0, rally: 0, war_weariness: 0.3",
               "base_rate: 0, war_hazard: 0",
               "wars:\n  - {id: ab, sides: [[AAA], [BBB]], level: "
               "major_war}\nevents:\n  - {id: help, date: 2025-01, kind: "
               "war_support, actor: BBB, target: AAA, value: 0.6}\n",
               "none", &s, &m, &w);
    wf_init(w, 5, 0);
    double o = 0.3;
    for (int k = 0; k < 12; k++) {
        wf_step(w);
        o *= 1 - 0.3 / 12 / 1.3;
        EXPECT_NEAR(w->opinion[0], o, 1e-12, "a month of supported war");
    }
    wf_close(s, m, w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cap_function),
        cmocka_unit_test(test_levers_capped),
        cmocka_unit_test(test_still_world),
        cmocka_unit_test(test_rally),
        cmocka_unit_test(test_war_weariness),
        cmocka_unit_test(test_support_slows_weariness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
