/*
 * test_deterrence.c - counter-strike capability and diplomatic isolation
 * (src/mech/deterrence.c).
 *
 * Code checks against hand-computed values (the strengths are guessed,
 * docs/MODEL.md; nothing here is validation):
 *   - flags: k = 1 for the counter-strike holder while its lever runs,
 *     iso = the isolation value for the target, 0 elsewhere;
 *   - the cost factor (1 + cs_cost k_b)(1 + iso_cost iso_a) by hand;
 *   - the holder's perceived threat to a rival rises by the factor
 *     1 + cs_threat against the same run without the lever (same seed);
 *   - isolation multiplies the isolators' dialogue with the target by
 *     exp(-iso_decay v dt) each step.
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

#include "mech/deterrence.h"
#include "world.h"
#include "world_fixture.h"

#include "expect.h"

/* JJJ (counter-strike) and CCC are rivals and close; JJJ and KKK isolate
 * PPP, with whom they have dialogue 0.4. No incidents (base_rate 0),
 * alignment and arms frozen. */
static const char *scn =
    "spiral: 1\n"
    "name: deterrence-world\n"
    "time: {start: 2025-01, forecast_start: 2025-01, horizon_years: 1}\n"
    "actors:\n"
    "  JJJ: {cow: 740, milex: 4.7e7}\n"
    "  CCC: {cow: 710, milex: 2.9e8}\n"
    "  KKK: {cow: 732, milex: 4.6e7}\n"
    "  PPP: {cow: 731, milex: 2.4e6}\n"
    "dyads:\n"
    "  JJJ-CCC: {alignment: -0.5, proximity: 1}\n"
    "  JJJ-PPP: {dialogue: 0.4}\n"
    "  KKK-PPP: {dialogue: 0.4}\n"
    "parameters:\n"
    "  escalation: {base_rate: 0}\n"
    "  alignment: {beta: 0, counter: 0, dialogue_pull: 0}\n"
    "  arms: {k: 0}\n"
    "packages:\n"
    "  none:\n"
    "    levers: []\n"
    "  deter:\n"
    "    levers:\n"
    "      - {id: cs, kind: counterstrike, actor: JJJ, value: 1}\n"
    "      - {id: iso, kind: isolation, actor: [JJJ, KKK], target: PPP, "
    "value: 0.6}\n";

enum { J = 0, C = 1, K = 2, PP = 3 };

static void open_pkg(const char *pkg, sp_scenario **s, sp_model **m,
                     sp_world **w)
{
    wf_open("deterrence-world.yaml", scn, pkg, NULL, 0, s, m, w);
    wf_init(*w, 4, 0);
}

static void test_flags_and_cost(void **state)
{
    (void)state;
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    open_pkg("deter", &s, &m, &w);
    wf_step(w);
    EXPECT_NEAR(w->cs[J], 1, 0, "counter-strike holder");
    EXPECT_NEAR(w->cs[C] + w->cs[K] + w->cs[PP], 0, 0, "no one else");
    EXPECT_NEAR(w->iso[PP], 0.6, 1e-15, "the isolated target");
    EXPECT_NEAR(w->iso[J] + w->iso[C] + w->iso[K], 0, 0, "no one else");
    /* defaults cs_cost 0.5, iso_cost 0.3 */
    EXPECT_NEAR(sp_deterrence_cost_factor(w, C, J), 1.5, 1e-15,
                "attacking the holder");
    EXPECT_NEAR(sp_deterrence_cost_factor(w, PP, J), 1.5 * (1 + 0.3 * 0.6),
                1e-15, "the isolated target attacking the holder");
    EXPECT_NEAR(sp_deterrence_cost_factor(w, J, C), 1.0, 0,
                "the holder attacking a rival");
    wf_close(s, m, w);
}

static void test_threat_seen(void **state)
{
    (void)state;
    double theta[2];
    for (int k = 0; k < 2; k++) {
        sp_scenario *s;
        sp_model *m;
        sp_world *w;
        open_pkg(k ? "deter" : "none", &s, &m, &w);
        wf_step(w);
        theta[k] = w->threat[C * w->N + J]; /* J's threat to C, as C sees */
        wf_close(s, m, w);
    }
    assert_true(theta[0] > 0);
    /* theta_ij = C_j prox (-s) / ((1 + odds)(C_i + C_j)) with C_j scaled
     * by 1.2: the ratio is 1.2 (C_i + C_j) / (C_i + 1.2 C_j) */
    double ci = 2.9e8, cj = 4.7e7;
    EXPECT_NEAR(theta[1] / theta[0], 1.2 * (ci + cj) / (ci + 1.2 * cj),
                1e-12, "counter-strike seen as capability");
}

static void test_isolation_closes_channels(void **state)
{
    (void)state;
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    open_pkg("deter", &s, &m, &w);
    double d = 0.4, keep = exp(-0.5 * 0.6 / 12);
    for (int t = 0; t < 6; t++) {
        wf_step(w);
        d *= keep;
        EXPECT_NEAR(w->d[J * w->N + PP], d, 1e-15, "JJJ-PPP dialogue");
        EXPECT_NEAR(w->d[PP * w->N + K], d, 1e-15, "PPP-KKK dialogue");
    }
    wf_close(s, m, w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flags_and_cost),
        cmocka_unit_test(test_threat_seen),
        cmocka_unit_test(test_isolation_closes_channels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
