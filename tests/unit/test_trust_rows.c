/*
 * test_trust_rows.c - the hostile pairs as sets of bits (src/mech/trust.c
 * observes and perceives, src/mech/arms.c weighs only those): every
 * step's beliefs, perceived threat and threat weights against naive
 * references that visit every pair, in a world of 70 actors (two words
 * of bits a row; an arming actor past the first word, with exercises, a
 * provocation, defence pacts, alignment free to move so that pairs enter
 * and leave the hostile set) and in test_trust.c's six actors (one word).
 *
 * Expected verdicts, stated before the first run: every test passes; the
 * beliefs, theta, Theta and the weights equal the references exactly
 * (the same operations in the same order); the odds stay e^trust within
 * 1e-12 relative.
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

#include "mech/deterrence.h"
#include "mech/trust.h"
#include "spiral.h"
#include "world_fixture.h"

enum { WIDE = 70 };

/* Actor k of the wide world: two upper-case letters. */
static void wide_id(int k, char id[3])
{
    id[0] = (char)('A' + k / 26), id[1] = (char)('A' + k % 26), id[2] = 0;
}

/* The wide world: a hostile ring (k, k+1) in proximity, friends (k, k+5)
 * near, distant enemies (k, k+33), weak ties (k, k+11) of either sign
 * that structural balance can turn, defence pacts (k, k+7) for k a
 * multiple of 10; CO (66) builds up from the forecast and exercises near
 * AD and CN; AC provokes in 2024-03. Returned text: free() it. */
static char *wide_scenario(void)
{
    size_t cap = 1 << 16, len = 0;
    char *t = malloc(cap), a[3], b[3];
    assert_non_null(t);
#define PUT(...) (len += (size_t)snprintf(t + len, cap - len, __VA_ARGS__))
    PUT("spiral: 1\nname: wide\n"
        "time: {start: 2024-01, forecast_start: 2025-01, horizon_years: 3}\n"
        "actors:\n");
    for (int k = 0; k < WIDE; k++) {
        wide_id(k, a);
        PUT("  %s: {cow: %d, milex: %g, economy: %g}\n", a, 100 + k,
            1e6 * (1 + k % 7), 4e7 * (1 + k % 5));
    }
    PUT("dyads:\n");
    for (int k = 0; k < WIDE; k++) {
        wide_id(k, a);
        wide_id((k + 1) % WIDE, b);
        PUT("  %s-%s: {alignment: -0.5, proximity: 0.3}\n", a, b);
        wide_id((k + 5) % WIDE, b);
        PUT("  %s-%s: {alignment: 0.4, proximity: 0.5}\n", a, b);
        wide_id((k + 33) % WIDE, b);
        PUT("  %s-%s: {alignment: -0.3}\n", a, b);
        wide_id((k + 11) % WIDE, b);
        PUT("  %s-%s: {alignment: %g, proximity: 0.2}\n", a, b,
            k % 2 ? 0.02 : -0.02);
        if (k % 10 == 0) {
            wide_id((k + 7) % WIDE, b);
            PUT("  %s-%s: {alignment: 0.3, treaty: {type: defence_pact, "
                "direction: forward, reliability: 0.7}}\n", a, b);
        }
    }
    PUT("events:\n"
        "  - {id: test, date: 2024-03, kind: provocation, actor: AC, "
        "type: missile_test, value: 3}\n"
        "packages:\n"
        "  build:\n"
        "    levers:\n"
        "      - {id: grow, kind: defence_growth, actor: CO, value: 10}\n"
        "      - {id: drill, kind: exercises, actor: CO, near: [AD, CN], "
        "value: 3}\n");
#undef PUT
    assert_true(len < cap);
    return t;
}

/* test_trust.c's six actors, AAA building up and exercising near BBB. */
static const char *narrow_scn =
    "spiral: 1\n"
    "name: trust-world\n"
    "time: {start: 2024-01, forecast_start: 2025-01, horizon_years: 3}\n"
    "actors:\n"
    "  AAA: {cow: 731, milex: 2.385e7, economy: 1.1448e8}\n"
    "  BBB: {cow: 732, milex: 1.735e6, economy: 9.81e8}\n"
    "  CCC: {cow: 740, milex: 3.1e6, economy: 5.7e7}\n"
    "  DDD: {cow: 2, milex: 6.15e7, economy: 2.2e9}\n"
    "  EEE: {cow: 20, milex: 8.5e5, economy: 4.4e7}\n"
    "  FFF: {cow: 200, milex: 5.2e6, economy: 3.3e8}\n"
    "dyads:\n"
    "  AAA-BBB: {alignment: -0.735, proximity: 0.4}\n"
    "  AAA-CCC: {alignment: 0.215, proximity: 0.615}\n"
    "  AAA-DDD: {alignment: -0.515}\n"
    "  EEE-BBB: {alignment: 0.385, treaty: {type: defence_pact, "
    "direction: forward, reliability: 0.745}}\n"
    "  FFF-AAA: {alignment: -0.27, proximity: 0.2, treaty: {type: "
    "defence_pact, direction: forward, reliability: 0.6}}\n"
    "events:\n"
    "  - {id: test, date: 2024-03, kind: provocation, actor: AAA, "
    "type: missile_test, value: 3}\n"
    "packages:\n"
    "  build:\n"
    "    levers:\n"
    "      - {id: grow, kind: defence_growth, actor: AAA, value: 10}\n"
    "      - {id: drill, kind: exercises, actor: AAA, near: [BBB], "
    "value: 3}\n";

/* What a step starts from: the state trust.c reads before it moves. */
typedef struct {
    double *trust, *s, *x, *xprev, *c;
} before;

static double par(const sp_world *w, size_t i)
{
    return w->p.par[SP_COMP_TRUST][i];
}

/* Naive reference (style.md §13) for observation: every column j that
 * acted, every i != j whose belief moves, in the rule's order. */
static void expect_beliefs(const sp_world *w, const before *b)
{
    int n = w->N;
    double dt = w->M->dt, thr = par(w, SP_TRUST_ARM_THRESHOLD);
    double la = log(par(w, SP_TRUST_ARM_LR));
    double le = log(par(w, SP_TRUST_EXERCISE_LR));
    double lp = log(par(w, SP_TRUST_PROVOCATION_LR));
    for (int j = 0; j < n; j++) {
        double xp = b->xprev[j], x = b->x[j];
        bool arms = xp > 0 ? x - xp > thr * xp * dt : x > 0;
        double armed = arms ? dt : 0, pv = w->provoke[j];
        for (int i = 0; i < n; i++) {
            size_t ij = (size_t)i * (size_t)n + (size_t)j;
            double e = w->exer[(size_t)j * (size_t)n + (size_t)i];
            bool hostile = b->s[ij] < 0;
            double t = b->trust[ij];
            if (i != j && (hostile || e != 0)) {
                if (hostile)
                    t = t - armed * la;
                if (e != 0)
                    t = t - dt * e * le;
                if (pv != 0 && w->p.prox[ij] > 0 && hostile)
                    t = t - pv * lp;
                t = t < -SP_TRUST_BOUND  ? -SP_TRUST_BOUND
                    : t > SP_TRUST_BOUND ? SP_TRUST_BOUND
                                         : t;
            }
            if (!(w->trust[ij] == t))
                fail_msg("step %d: trust[%d][%d] %.17g, reference %.17g",
                         w->step - 1, i, j, w->trust[ij], t);
            double o = exp(w->trust[ij]);
            if (!(fabs(w->odds[ij] - o) <= 1e-12 * o))
                fail_msg("step %d: odds[%d][%d] %.17g, e^trust %.17g",
                         w->step - 1, i, j, w->odds[ij], o);
        }
    }
}

/* Naive reference for theta, Theta and the weights: every pair, the
 * capabilities pooled over every k, the model's operations in order. */
static void expect_threat(const sp_world *w, const before *b)
{
    int n = w->N;
    double C[WIDE], cp[WIDE];
    for (int k = 0; k < n; k++)
        C[k] = w->p.m0[k] * b->c[k] * sp_deterrence_seen(w, k);
    for (int j = 0; j < n; j++) {
        int allies = 0;
        cp[j] = C[j];
        for (int k = 0; k < n; k++)
            if (k != j && w->treaty[k * n + j] == SP_TREATY_DEFENCE_PACT)
                cp[j] += w->rel[k * n + j] * C[k], allies++;
        if (allies < n - 1)
            cp[j] += 0.0;
    }
    for (int i = 0; i < n; i++) {
        double sum = 0;
        int cnt = 0;
        for (int j = 0; j < n; j++) {
            size_t ij = (size_t)i * (size_t)n + (size_t)j;
            double theta = 0, prox = w->p.prox[ij], s = b->s[ij];
            if (i != j && s < 0 && prox > 0) {
                double ci = C[i], cj = cp[j];
                if (w->treaty[ij] == SP_TREATY_DEFENCE_PACT)
                    cj = cp[j] - w->rel[ij] * ci;
                double den =
                    (1.0 + w->odds[ij]) * (ci + cj > 0 ? ci + cj : 2.0);
                theta = (ci + cj > 0 ? cj : 1.0) * prox * -s / den;
                sum += theta;
            }
            if (memcmp(&w->threat[ij], &theta, sizeof theta))
                fail_msg("step %d: theta[%d][%d] %.17g, reference %.17g",
                         w->step - 1, i, j, w->threat[ij], theta);
            double wt = theta == 0 ? 0 : theta / w->threat_ref[i];
            if (memcmp(&w->W[ij], &wt, sizeof wt))
                fail_msg("step %d: W[%d][%d] %.17g, reference %.17g",
                         w->step - 1, i, j, w->W[ij], wt);
            if (wt > 0) {
                assert_true(cnt < w->wn[i]);
                assert_int_equal(w->wj[i * n + cnt], j);
                assert_true(w->wv[i * n + cnt] == wt);
                cnt++;
            }
        }
        assert_int_equal(cnt, w->wn[i]);
        if (!(w->theta_sum[i] == sum))
            fail_msg("step %d: Theta[%d] %.17g, reference %.17g",
                     w->step - 1, i, w->theta_sum[i], sum);
    }
}

static double *copy(const double *a, size_t len)
{
    double *c = malloc(len * sizeof *c);
    assert_non_null(c);
    memcpy(c, a, len * sizeof *c);
    return c;
}

/* Every step of the run against the references; returns how many
 * times a pair entered or left the hostile set, and how many beliefs
 * an exercise and an arming moved in one observation. */
static void check_run(const char *name, const char *text, int *turned)
{
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    wf_open(name, text, "build", NULL, 0, &s, &m, &w);
    wf_init(w, 2385, 0);
    int n = w->N;
    size_t nn = (size_t)n * (size_t)n;
    *turned = 0;
    while (!sp_run_finished(w)) {
        before b = {copy(w->trust, nn), copy(w->s, nn), copy(w->x, n),
                    copy(w->xprev, n), copy(w->c, n)};
        wf_step(w);
        expect_beliefs(w, &b);
        expect_threat(w, &b);
        for (size_t k = 0; k < nn; k++)
            *turned += (b.s[k] < 0) != (w->s[k] < 0);
        free(b.trust), free(b.s), free(b.x), free(b.xprev), free(b.c);
    }
    wf_close(s, m, w);
}

/* 70 actors: bits in two words a row; CO (66) is in the second. */
static void test_wide_world(void **state)
{
    (void)state;
    char *text = wide_scenario();
    int turned;
    check_run("wide.yaml", text, &turned);
    free(text);
    assert_true(turned > 0); /* the sets changed: entries left them */
}

/* Six actors: one word a row. */
static void test_narrow_world(void **state)
{
    (void)state;
    int turned;
    check_run("narrow.yaml", narrow_scn, &turned);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_narrow_world),
        cmocka_unit_test(test_wide_world),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
