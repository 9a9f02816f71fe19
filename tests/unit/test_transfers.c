/*
 * test_transfers.c - the transfers mechanism (src/mech/transfers.c).
 *
 * Code checks against hand-computed values (no data to validate against:
 * the effect sizes are guessed, docs/MODEL.md):
 *   - without transfers nothing moves: c = 1, boost = 0, war capacity 1;
 *   - a technology flow of v = 0.0235 index points a month for 12 months
 *     raises the receiver's capability by technology_effect * 12 * v
 *     (depreciation 0: exactly; with depreciation the geometric sum of
 *     the exact per-step update), leaves the sender and a bystander at 1,
 *     and stops when the lever ends (boost 0, no further rise);
 *   - food and fuel from a group count once per sender;
 *   - artillery and missiles raise the receiver's war capacity by
 *     effect * 12 * v / scale while they flow, and only then; the
 *     sender's capability is unchanged;
 *   - a transfer event (history) flows from its date to its end.
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

#include "mech/transfers.h"
#include "world.h"
#include "world_fixture.h"

#include "expect.h"

/* Three actors, no hostility (effort stays at 1, so capability moves only
 * by transfers), depreciation 0 unless a test sets it. */
#define HEAD                                                                   \
    "spiral: 1\n"                                                              \
    "name: transfers-world\n"                                                  \
    "time: {start: 2025-01, forecast_start: 2025-01, horizon_years: 2}\n"      \
    "actors:\n"                                                                \
    "  AAA: {cow: 365, milex: 7.4742e7}\n"                                     \
    "  BBB: {cow: 731, milex: 2.385e6}\n"                                      \
    "  CCC: {cow: 740, milex: 4.6954e7}\n"                                     \
    "parameters:\n"                                                            \
    "  arms: {depreciation: 0}\n"

static const char *scn =
    HEAD
    "packages:\n"
    "  none:\n"
    "    levers: []\n"
    "  tech:\n"
    "    levers:\n"
    "      - {id: tech, kind: transfer, actor: AAA, target: BBB, "
    "item: technology, value: 0.0235, start: 2025-01, end: 2025-12}\n"
    "  food:\n"
    "    levers:\n"
    "      - {id: food, kind: transfer, actor: [AAA, CCC], target: BBB, "
    "item: food_fuel, value: 23.85}\n"
    "  munitions:\n"
    "    levers:\n"
    "      - {id: shells, kind: transfer, actor: BBB, target: AAA, "
    "item: artillery, value: 315000}\n"
    "      - {id: missiles, kind: transfer, actor: BBB, target: AAA, "
    "item: missiles, value: 12.5, end: 2025-06}\n"
    "  support:\n"
    "    levers:\n"
    "      - {id: help, kind: war_support, actor: [AAA, CCC], target: BBB, "
    "value: 0.615}\n";

/* The same world with a history event: missiles CCC -> AAA in
 * 2025-03..2025-05 (steps 2-4). */
static const char *scn_event =
    HEAD
    "events:\n"
    "  - {id: ccc-missiles, date: 2025-03, end: 2025-05, kind: transfer, "
    "actor: CCC, target: AAA, item: missiles, value: 61.5}\n"
    "packages:\n"
    "  none:\n"
    "    levers: []\n";

typedef struct {
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    int A, B, C;
} fixture;

static void open_world(fixture *f, const char *text, const char *package,
                       const char *const *sets, size_t n_sets)
{
    memset(f, 0, sizeof *f);
    wf_open("transfers-world.yaml", text, package, sets, n_sets, &f->s, &f->m, &f->w);
    wf_init(f->w, 2385, 1);
    f->A = wf_actor(f->s, "AAA");
    f->B = wf_actor(f->s, "BBB");
    f->C = wf_actor(f->s, "CCC");
}

static void close_world(fixture *f)
{
    wf_close(f->s, f->m, f->w);
}

static void step(fixture *f)
{
    wf_step(f->w);
}

/* Reset: boost 0, war capacity 1. No transfer: nothing moves, at every
 * step of the run (exact: no flow touches c). */
static void test_no_transfer(void **state)
{
    (void)state;
    fixture f;
    open_world(&f, scn, "none", NULL, 0);
    for (int i = 0; i < f.w->N; i++) {
        assert_true(f.w->boost[i] == 0);
        assert_true(f.w->war_capacity[i] == 1.0);
    }
    while (!sp_run_finished(f.w)) {
        step(&f);
        for (int i = 0; i < f.w->N; i++) {
            assert_true(f.w->c[i] == 1.0);
            assert_true(f.w->boost[i] == 0);
            assert_true(f.w->war_capacity[i] == 1.0);
        }
    }
    close_world(&f);
}

/* Technology 0.0235 points a month for 12 months (2025-01..12), effect
 * set to 0.2385 per point: boost = 0.2385 * 12 * 0.0235 = 0.067257 /yr,
 * and with depreciation 0 the receiver gains dt * boost a step, 12 steps
 * of dt = 1/12: c_BBB = 1.067257 (tol 1e-12). The sender and the
 * bystander stay at 1 (exact). From step 12 the lever has ended: boost 0
 * and c_BBB stays where it was. */
static void test_technology_hand_computed(void **state)
{
    (void)state;
    const char *set[] = {"parameters.transfers.technology_effect=0.2385"};
    fixture f;
    open_world(&f, scn, "tech", set, 1);
    double want = 0.2385 * 12 * 0.0235;
    for (int t = 0; t < 12; t++) {
        step(&f);
        EXPECT_NEAR(f.w->boost[f.B], want, 1e-15, "boost while flowing");
        assert_true(f.w->c[f.A] == 1.0 && f.w->c[f.C] == 1.0);
    }
    EXPECT_NEAR(f.w->c[f.B], 1.0 + want, 1e-12,
                "c_BBB after 12 months of technology, depreciation 0");
    double after = f.w->c[f.B];
    while (!sp_run_finished(f.w)) {
        step(&f);
        assert_true(f.w->boost[f.B] == 0);
        assert_true(f.w->c[f.B] == after); /* the flow has stopped */
        assert_true(f.w->c[f.A] == 1.0 && f.w->c[f.C] == 1.0);
    }
    close_world(&f);
}

/* The same flow with depreciation 0.08 /yr and the default effect 0.15:
 * arms.c moves e = c - 1 to e * exp(-0.08 dt), then the transfer adds
 * dt * b, so after 12 steps e = dt b sum_{k<12} q^k, q = exp(-0.08/12);
 * after the end e shrinks by q a step (tol 1e-12). */
static void test_technology_depreciates(void **state)
{
    (void)state;
    const char *set[] = {"parameters.arms.depreciation=0.08"};
    fixture f;
    open_world(&f, scn, "tech", set, 1);
    double b = 0.15 * 12 * 0.0235, dt = 1.0 / 12, q = exp(-0.08 * dt);
    double e = 0;
    for (int k = 0; k < 12; k++)
        e += dt * b * pow(q, k);
    for (int t = 0; t < 12; t++)
        step(&f);
    EXPECT_NEAR(f.w->c[f.B] - 1, e, 1e-12, "geometric sum of the flow");
    for (int t = 12; t < 18; t++) {
        step(&f);
        e *= q;
        EXPECT_NEAR(f.w->c[f.B] - 1, e, 1e-12, "decay after the end");
    }
    close_world(&f);
}

/* Food and fuel 23.85 kt a month from a group of two senders: each pair
 * counts, boost = 2 * 0.02 * 12 * 23.85 / 1000 = 0.011448 /yr; after
 * 24 steps (depreciation 0) c_BBB = 1 + 2 * 0.011448 (tol 1e-12). */
static void test_food_fuel_group(void **state)
{
    (void)state;
    fixture f;
    open_world(&f, scn, "food", NULL, 0);
    double b = 2 * 0.02 * 12 * 23.85 / 1000;
    int steps = 0;
    while (!sp_run_finished(f.w)) {
        step(&f);
        steps++;
        EXPECT_NEAR(f.w->boost[f.B], b, 1e-15, "food and fuel boost");
        assert_true(f.w->war_capacity[f.B] == 1.0);
    }
    assert_int_equal(steps, 24);
    EXPECT_NEAR(f.w->c[f.B], 1 + 2 * b, 1e-12, "c_BBB after two years");
    assert_true(f.w->c[f.A] == 1.0 && f.w->c[f.C] == 1.0);
    close_world(&f);
}

/* Artillery 315,000 rounds a month and missiles 12.5 a month (to
 * 2025-06, steps 0-5) from BBB to AAA:
 *   war capacity of AAA = 1 + 0.15 * 12 * 0.315 + 0.02 * 12 * 12.5 / 100
 *                       = 1.597 while both flow, 1.567 after 2025-06;
 * artillery_effect set to 0.1385 in a second run: 1 + 0.1385 * 3.78.
 * Nobody's capability changes (the sender's included); BBB's war
 * capacity stays 1 (tol 1e-14). */
static void test_munitions_war_capacity(void **state)
{
    (void)state;
    fixture f;
    open_world(&f, scn, "munitions", NULL, 0);
    while (!sp_run_finished(f.w)) {
        int t = f.w->step;
        step(&f);
        double want = 1 + 0.15 * 12 * 0.315 + (t <= 5 ? 0.03 : 0);
        EXPECT_NEAR(f.w->war_capacity[f.A], want, 1e-14,
                    "war capacity from artillery and missiles");
        assert_true(f.w->war_capacity[f.B] == 1.0);
        for (int i = 0; i < f.w->N; i++)
            assert_true(f.w->c[i] == 1.0 && f.w->boost[i] == 0);
    }
    close_world(&f);
    const char *set[] = {"parameters.transfers.artillery_effect=0.1385"};
    open_world(&f, scn, "munitions", set, 1);
    for (int t = 0; t < 8; t++)
        step(&f);
    EXPECT_NEAR(f.w->war_capacity[f.A], 1 + 0.1385 * 12 * 0.315, 1e-14,
                "artillery_effect is read from the scenario");
    close_world(&f);
}

/* War support meets 0.615 of BBB's needs: its war capacity rises by
 * war_support_effect * 0.615 = 0.3075, once for the lever however many
 * supporters it has; nobody's capability moves. */
static void test_war_support(void **state)
{
    (void)state;
    fixture f;
    open_world(&f, scn, "support", NULL, 0);
    for (int t = 0; t < 3; t++) {
        step(&f);
        EXPECT_NEAR(f.w->war_capacity[f.B], 1 + 0.5 * 0.615, 1e-15,
                    "war capacity from outside support");
        assert_true(f.w->war_capacity[f.A] == 1.0);
        assert_true(f.w->war_capacity[f.C] == 1.0);
        for (int i = 0; i < f.w->N; i++)
            assert_true(f.w->c[i] == 1.0);
    }
    close_world(&f);
}

/* A history event flows from its date to its end: missiles 61.5 a month
 * CCC -> AAA in steps 2-4 give AAA 1 + 0.02 * 12 * 61.5 / 100 = 1.1476
 * then, and 1 before and after. */
static void test_event_flow(void **state)
{
    (void)state;
    fixture f;
    open_world(&f, scn_event, "none", NULL, 0);
    while (!sp_run_finished(f.w)) {
        int t = f.w->step;
        step(&f);
        double want = t >= 2 && t <= 4 ? 1 + 0.02 * 12 * 61.5 / 100 : 1.0;
        EXPECT_NEAR(f.w->war_capacity[f.A], want, 1e-14, "event flow");
    }
    close_world(&f);
}

/* The per-year rate helper and the scales: 12 * v / scale * effect. */
static void test_rate(void **state)
{
    (void)state;
    EXPECT_NEAR(sp_transfer_rate(0.15, SP_ITEM_ARTILLERY, 1e6 / 12), 0.15,
                1e-15, "a million rounds a year");
    EXPECT_NEAR(sp_transfer_rate(0.02, SP_ITEM_FOOD_FUEL, 1000.0 / 12), 0.02,
                1e-15, "a million tonnes a year");
    EXPECT_NEAR(sp_transfer_rate(0.03, SP_ITEM_TROOPS, 1e4 / 12), 0.03,
                1e-15, "ten thousand troops a year");
    assert_true(sp_transfer_rate(0.5, -1, 10) == 0);
    assert_true(sp_transfer_is_munition(SP_ITEM_TROOPS));
    assert_false(sp_transfer_is_munition(SP_ITEM_TECHNOLOGY));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_transfer),
        cmocka_unit_test(test_technology_hand_computed),
        cmocka_unit_test(test_technology_depreciates),
        cmocka_unit_test(test_food_fuel_group),
        cmocka_unit_test(test_munitions_war_capacity),
        cmocka_unit_test(test_event_flow),
        cmocka_unit_test(test_war_support),
        cmocka_unit_test(test_rate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
