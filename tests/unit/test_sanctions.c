/*
 * test_sanctions.c - sanctions enforcement and the regime's integrity R
 * (src/mech/sanctions.c).
 *
 * Code checks against hand-computed values (the parameters are guessed,
 * docs/MODEL.md; nothing here is validation):
 *   - with nothing happening R stays at its start value exactly and no
 *     capability is dragged;
 *   - enforcement slows the target's capability against the same run
 *     without the lever (common random numbers: same seed and
 *     replication), step by step as c <- (x + (c - x) q) exp(-dt D e R),
 *     leaves everyone else alone, and caps e at 1;
 *   - with R held fixed (restore_rate 0) the drag is proportional to R:
 *     half the integrity, half the drag and half the log-capability loss;
 *   - a veto by a permanent member lowers R by veto_hit in its step, a
 *     `veto` by an actor without the attribute does nothing;
 *   - breaches (arms to or from a sanctions target) erode R at
 *     breach_erosion per flow a year, twice as fast from the monitoring
 *     end on (which also costs monitoring_hit); food and fuel, transfers
 *     between others, and transfers with a sanctioned veto holder do not
 *     count;
 *   - coordinated enforcement restores R at restore_rate * K, K the mean
 *     enforcement by the non-veto actors other than the target; a
 *     sanctions resolution adds resolution_gain;
 *   - R stays in [0, 1] under strong restoration and strong erosion, and
 *     at R = 0 enforcement drags nothing.
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

#include "mech/arms.h"
#include "mech/sanctions.h"
#include "world.h"
#include "world_fixture.h"

#include "expect.h"

/* Five actors, AAA a permanent member; CCC and DDD (COAL) enforce
 * against BBB; EEE stays out. No hostility: effort stays at 1. */
#define HEAD                                                                   \
    "spiral: 1\n"                                                              \
    "name: sanctions-world\n"                                                  \
    "time: {start: 2025-01, forecast_start: 2025-01, horizon_years: 2}\n"      \
    "actors:\n"                                                                \
    "  AAA: {cow: 365, milex: 7.4742e7, veto: true}\n"                         \
    "  BBB: {cow: 731, milex: 2.385e6}\n"                                      \
    "  CCC: {cow: 740, milex: 4.6954e7}\n"                                     \
    "  DDD: {cow: 732, milex: 4.2287e7}\n"                                     \
    "  EEE: {cow: 900, milex: 3.3197e7}\n"                                     \
    "groups:\n"                                                                \
    "  COAL: [CCC, DDD]\n"                                                     \
    "parameters:\n"                                                            \
    "  global: {sanctions_integrity: 0.615}\n"

static const char *scn =
    HEAD
    "packages:\n"
    "  none:\n"
    "    levers: []\n"
    "  enforce:\n"
    "    levers:\n"
    "      - {id: sanc, kind: sanctions_enforcement, actor: COAL, "
    "target: BBB, value: 0.735}\n"
    "  double:\n"
    "    levers:\n"
    "      - {id: sanc, kind: sanctions_enforcement, actor: COAL, "
    "target: BBB, value: 0.735}\n"
    "      - {id: sanc-2, kind: sanctions_enforcement, actor: CCC, "
    "target: BBB, value: 0.615}\n"
    "  breach:\n"
    "    levers:\n"
    "      - {id: sanc, kind: sanctions_enforcement, actor: COAL, "
    "target: BBB, value: 0.735}\n"
    "      - {id: sanc-aaa, kind: sanctions_enforcement, actor: COAL, "
    "target: AAA, value: 0.5}\n"
    "      - {id: shells, kind: transfer, actor: BBB, target: AAA, "
    "item: artillery, value: 250000}\n"
    "      - {id: food, kind: transfer, actor: AAA, target: BBB, "
    "item: food_fuel, value: 20}\n"
    "      - {id: others, kind: transfer, actor: CCC, target: EEE, "
    "item: missiles, value: 5}\n"
    "      - {id: veto-holder, kind: transfer, actor: EEE, target: AAA, "
    "item: technology, value: 0.01}\n";

/* One-off events: a veto by the permanent member (2025-06, step 5), a
 * `veto` by an actor without the attribute (2025-09, step 8), the end of
 * monitoring (2025-07, step 6), a resolution (2026-02, step 13). */
static const char *scn_events =
    HEAD
    "events:\n"
    "  - {id: aaa-veto, date: 2025-06-12, kind: veto, actor: AAA, "
    "subject: panel}\n"
    "  - {id: ccc-veto, date: 2025-09, kind: veto, actor: CCC, "
    "subject: panel}\n"
    "packages:\n"
    "  none:\n"
    "    levers: []\n";

static const char *scn_monitoring =
    HEAD
    "events:\n"
    "  - {id: panel-ends, date: 2025-07, kind: monitoring_end, "
    "subject: panel}\n"
    "  - {id: resolution, date: 2026-02, kind: sanctions_resolution, "
    "actors: COAL, target: BBB}\n"
    "packages:\n"
    "  breach:\n"
    "    levers:\n"
    "      - {id: sanc, kind: sanctions_enforcement, actor: COAL, "
    "target: BBB, value: 0.735}\n"
    "      - {id: sanc-aaa, kind: sanctions_enforcement, actor: COAL, "
    "target: AAA, value: 0.5}\n"
    "      - {id: shells, kind: transfer, actor: BBB, target: AAA, "
    "item: artillery, value: 250000}\n"
    "      - {id: food, kind: transfer, actor: AAA, target: BBB, "
    "item: food_fuel, value: 20}\n"
    "      - {id: others, kind: transfer, actor: CCC, target: EEE, "
    "item: missiles, value: 5}\n"
    "      - {id: veto-holder, kind: transfer, actor: EEE, target: AAA, "
    "item: technology, value: 0.01}\n";

typedef struct {
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    int A, B, C, D, E;
} fixture;

static void open_world(fixture *f, const char *text, const char *package,
                       const char *const *sets, size_t n_sets)
{
    memset(f, 0, sizeof *f);
    wf_open("sanctions-world.yaml", text, package, sets, n_sets, &f->s, &f->m, &f->w);
    wf_init(f->w, 2385, 7);
    f->A = wf_actor(f->s, "AAA");
    f->B = wf_actor(f->s, "BBB");
    f->C = wf_actor(f->s, "CCC");
    f->D = wf_actor(f->s, "DDD");
    f->E = wf_actor(f->s, "EEE");
}

static void close_world(fixture *f)
{
    wf_close(f->s, f->m, f->w);
}

static void step(fixture *f)
{
    wf_step(f->w);
}

static double par(const fixture *f, int i)
{
    return f->w->p.par[SP_COMP_SANCTIONS][i];
}

/* Nothing happening: R = 0.615 exactly at every step (also right after
 * the reset), no drag, capability at 1. */
static void test_rest(void **state)
{
    (void)state;
    fixture f;
    open_world(&f, scn, "none", NULL, 0);
    assert_true(f.w->R == 0.615);
    while (!sp_run_finished(f.w)) {
        step(&f);
        assert_true(f.w->R == 0.615);
        for (int i = 0; i < f.w->N; i++)
            assert_true(f.w->drag[i] == 0 && f.w->c[i] == 1.0);
    }
    close_world(&f);
}

/* COAL enforces 0.735 against BBB. Against the same run without the
 * lever (same seed and replication), BBB's capability is lower at every
 * step, and follows c <- (x + (c - x) q) exp(-dt D e R) with R the
 * integrity after the step and q = exp(-delta dt) (tol 1e-14 relative);
 * drag_BBB = D e R; nobody else is touched. */
static void test_enforcement_slows(void **state)
{
    (void)state;
    fixture on, off;
    open_world(&on, scn, "enforce", NULL, 0);
    open_world(&off, scn, "none", NULL, 0);
    double dt = on.m->dt, D = par(&on, SP_SANC_MAX_DRAG);
    double q = exp(-on.w->p.par[SP_COMP_ARMS][SP_ARMS_DEPRECIATION] * dt);
    double cref = 1;
    assert_true(D > 0);
    while (!sp_run_finished(on.w)) {
        int t = on.w->step;
        step(&on);
        step(&off);
        double x = on.w->x[on.B];
        cref = (x + (cref - x) * q) * exp(-dt * D * 0.735 * on.w->R);
        EXPECT_NEAR(on.w->drag[on.B], D * 0.735 * on.w->R, 1e-15,
                    "drag = D e R");
        EXPECT_NEAR(on.w->c[on.B], cref, 1e-14 * cref, "c under drag");
        if (!(on.w->c[on.B] < off.w->c[off.B]))
            fail_msg("step %d: enforced %.17g not below free %.17g", t,
                     on.w->c[on.B], off.w->c[off.B]);
        for (int i = 0; i < on.w->N; i++)
            if (i != on.B) {
                assert_true(on.w->c[i] == off.w->c[i]);
                assert_true(on.w->drag[i] == 0);
            }
    }
    close_world(&on);
    close_world(&off);
}

/* Two levers against BBB, 0.735 + 0.615 > 1: e is capped at 1, so
 * drag_BBB = D * R. */
static void test_enforcement_capped(void **state)
{
    (void)state;
    fixture f;
    open_world(&f, scn, "double", NULL, 0);
    for (int t = 0; t < 5; t++) {
        step(&f);
        EXPECT_NEAR(f.w->drag[f.B], par(&f, SP_SANC_MAX_DRAG) * f.w->R,
                    1e-15, "capped enforcement");
    }
    close_world(&f);
}

/* restore_rate 0 holds R at its start; depreciation 0 makes
 * ln c_BBB = -dt D e R per step. R 0.8 against R 0.4: drag exactly
 * twice, log-capability loss twice (tol 1e-12 relative). */
static void test_drag_proportional_to_R(void **state)
{
    (void)state;
    const char *hi[] = {"parameters.sanctions.restore_rate=0",
                        "parameters.arms.depreciation=0",
                        "parameters.global.sanctions_integrity=0.8"};
    const char *lo[] = {"parameters.sanctions.restore_rate=0",
                        "parameters.arms.depreciation=0",
                        "parameters.global.sanctions_integrity=0.4"};
    fixture h, l;
    open_world(&h, scn, "enforce", hi, 3);
    open_world(&l, scn, "enforce", lo, 3);
    int steps = 0;
    while (!sp_run_finished(h.w)) {
        step(&h);
        step(&l);
        steps++;
        assert_true(h.w->R == 0.8 && l.w->R == 0.4);
        EXPECT_NEAR(h.w->drag[h.B], 2 * l.w->drag[l.B], 1e-15,
                    "drag proportional to R");
    }
    double D = par(&h, SP_SANC_MAX_DRAG);
    EXPECT_NEAR(log(l.w->c[l.B]), -D * 0.735 * 0.4 * steps * l.m->dt,
                1e-12, "ln c at R = 0.4");
    EXPECT_NEAR(log(h.w->c[h.B]), 2 * log(l.w->c[l.B]), 1e-12,
                "half the integrity, half the loss");
    close_world(&h);
    close_world(&l);
}

/* AAA (veto: true) vetoes in 2025-06 (step 5): R = 0.615 before, then
 * 0.615 - veto_hit (set to 0.1385). CCC's `veto` (no attribute, step 8)
 * changes nothing. Nothing else moves R. */
static void test_veto(void **state)
{
    (void)state;
    const char *set[] = {"parameters.sanctions.veto_hit=0.1385"};
    fixture f;
    open_world(&f, scn_events, "none", set, 1);
    while (!sp_run_finished(f.w)) {
        int t = f.w->step;
        step(&f);
        double want = t < 5 ? 0.615 : 0.615 - 0.1385;
        EXPECT_NEAR(f.w->R, want, 1e-15, "R around the veto");
    }
    close_world(&f);
}

/* Breaches with restore_rate 0: one breaching flow (BBB's artillery to
 * AAA; BBB is a target); food to BBB, missiles CCC -> EEE and technology
 * EEE -> AAA (AAA is sanctioned but holds a veto, so not a target) do not
 * count. Without monitoring_end (package `breach` of scn): R falls by
 * dt * eps a step. With it (scn_monitoring, step 6 on): the end costs
 * monitoring_hit and the erosion doubles from its step; the resolution
 * at step 13 adds resolution_gain (tol 1e-14). */
static void test_monitoring_end_doubles_erosion(void **state)
{
    (void)state;
    const char *set[] = {"parameters.sanctions.restore_rate=0",
                         "parameters.sanctions.breach_erosion=0.0615"};
    fixture plain, mon;
    open_world(&plain, scn, "breach", set, 2);
    open_world(&mon, scn_monitoring, "breach", set, 2);
    double dt = plain.m->dt, eps = 0.0615;
    double hm = par(&mon, SP_SANC_MONITORING_HIT);
    double gr = par(&mon, SP_SANC_RESOLUTION_GAIN);
    double r_plain = 0.615, r_mon = 0.615;
    while (!sp_run_finished(plain.w)) {
        int t = plain.w->step;
        step(&plain);
        step(&mon);
        r_plain -= dt * eps;
        r_mon -= dt * eps * (t >= 6 ? 2 : 1) + (t == 6 ? hm : 0) -
                 (t == 13 ? gr : 0);
        EXPECT_NEAR(plain.w->R, r_plain, 1e-14, "erosion, one breach");
        EXPECT_NEAR(mon.w->R, r_mon, 1e-14, "erosion after monitoring end");
    }
    /* the hand sums, spelled out: 24 steps of dt eps, then 18 more of it
     * after the end, the two jumps */
    EXPECT_NEAR(plain.w->R, 0.615 - 2 * eps, 1e-13, "two years of erosion");
    EXPECT_NEAR(mon.w->R, 0.615 - 2 * eps - 18 * dt * eps - hm + gr, 1e-13,
                "two years with monitoring ended at step 6");
    close_world(&plain);
    close_world(&mon);
}

/* COAL (CCC, DDD) enforces 0.735 against BBB; the non-veto actors other
 * than BBB are CCC, DDD, EEE, so K = 2 * 0.735 / 3 = 0.49 and R rises by
 * restore_rate * K = 0.098 a year: 0.713 after 12 steps, 0.811 after 24
 * (tol 1e-13). */
static void test_enforcement_restores(void **state)
{
    (void)state;
    fixture f;
    open_world(&f, scn, "enforce", NULL, 0);
    double rho = par(&f, SP_SANC_RESTORE_RATE), K = 2 * 0.735 / 3;
    for (int t = 0; t < 12; t++)
        step(&f);
    EXPECT_NEAR(f.w->R, 0.615 + rho * K, 1e-13, "R after a year");
    while (!sp_run_finished(f.w))
        step(&f);
    EXPECT_NEAR(f.w->R, 0.615 + 2 * rho * K, 1e-13, "R after two years");
    close_world(&f);
}

/* Strong restoration (restore_rate 5) takes R to 1 and holds it there;
 * strong erosion (breach_erosion 5, monitoring ended) takes it to 0 and
 * holds it, and at R = 0 the target's capability is not dragged. */
static void test_bounds(void **state)
{
    (void)state;
    const char *up[] = {"parameters.sanctions.restore_rate=5"};
    const char *down[] = {"parameters.sanctions.breach_erosion=5"};
    fixture f;
    open_world(&f, scn, "enforce", up, 1);
    bool hit = false;
    while (!sp_run_finished(f.w)) {
        step(&f);
        assert_true(f.w->R >= 0 && f.w->R <= 1);
        hit |= f.w->R == 1.0;
        if (hit)
            assert_true(f.w->R == 1.0);
    }
    assert_true(hit);
    close_world(&f);
    open_world(&f, scn_monitoring, "breach", down, 1);
    hit = false;
    while (!sp_run_finished(f.w)) {
        step(&f);
        assert_true(f.w->R >= 0 && f.w->R <= 1);
        if (hit) {
            assert_true(f.w->R == 0.0);
            assert_true(f.w->drag[f.B] == 0);
        }
        hit |= f.w->R == 0.0;
    }
    assert_true(hit);
    close_world(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rest),
        cmocka_unit_test(test_enforcement_slows),
        cmocka_unit_test(test_enforcement_capped),
        cmocka_unit_test(test_drag_proportional_to_R),
        cmocka_unit_test(test_veto),
        cmocka_unit_test(test_monitoring_end_doubles_erosion),
        cmocka_unit_test(test_enforcement_restores),
        cmocka_unit_test(test_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
