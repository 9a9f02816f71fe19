/*
 * test_alignment.c - structural balance: validation.md cases 6 and 7 and
 * the form the model runs (bounded continuous dynamics).
 *
 * Expected verdicts, stated before running (validation.md "How to use
 * these"): case 6 counts are exact; from 1904 the leading eigenvector
 * gives the 1914 blocs, from 1872 it does not (RUS sides with AUH and
 * DEU; ITA undetermined) - reported, not tuned; from random signs the
 * bounded form ends with at most two factions in >= 95% of runs.
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

#include "mech/alignment.h"
#include "validate/wwi.h"
#include "world.h"

/* The signed network of the year from data/wwi_alliances.csv, through
 * the reader `spiral validate` uses. */
static void wwi(int year, double s[36])
{
    sp_error err = {0};
    if (sp_wwi_network("data", year, s, &err))
        fail_msg("%s", err.message);
}

/* validation.md case 6 [V data, C counts]: exact. */
static void test_wwi_triad_counts(void **state)
{
    (void)state;
    static const int years[] = {1872, 1882, 1890, 1891, 1904, 1907};
    static const long imbalanced[] = {2, 2, 2, 2, 2, 0};
    double s[36];
    for (size_t y = 0; y < 6; y++) {
        long complete, bad;
        wwi(years[y], s);
        sp_balance_triads(s, 6, &complete, &bad);
        if (bad != imbalanced[y])
            fail_msg("%d: %ld imbalanced triads, validation.md case 6 says "
                     "%ld", years[y], bad, imbalanced[y]);
    }
    wwi(1907, s);
    long complete, bad;
    sp_balance_triads(s, 6, &complete, &bad);
    assert_int_equal(complete, 20); /* the complete graph */
}

static void factions_of(const double s[36], int side[6])
{
    double top = sp_balance_factions(s, 6, side);
    assert_false(isnan(top));
}

/* Eigenvector factions: from 1904 the 1914 blocs; from 1872 not. */
static void test_wwi_eigenvector_factions(void **state)
{
    (void)state;
    double s[36];
    int side[6];
    wwi(1904, s);
    factions_of(s, side);
    /* {GBR, FRA, RUS} vs {AUH, DEU, ITA} */
    assert_int_equal(side[0], side[1]);
    assert_int_equal(side[0], side[2]);
    assert_int_equal(side[3], side[4]);
    assert_int_equal(side[3], side[5]);
    assert_int_not_equal(side[0], side[3]);
    assert_int_not_equal(side[0], 0);
    wwi(1872, s);
    factions_of(s, side);
    /* [C] validation.md: {RUS, AUH, DEU} vs {GBR, FRA}, ITA undetermined:
     * the continuous form does not predict 1914 from 1872 */
    assert_int_equal(side[2], side[3]);
    assert_int_equal(side[2], side[4]);
    assert_int_equal(side[0], side[1]);
    assert_int_not_equal(side[0], side[2]);
    assert_int_equal(side[5], 0);
}

/* validation.md case 7 [D, C]: X0 = v v^T - I, blow-up at t* = 0.200
 * (+-0.001), factions {1,2,3} vs {4,5,6}. */
static void test_blowup_time_and_factions(void **state)
{
    (void)state;
    static const double v[6] = {1, 1, 1, -1, -1, -1};
    double X[36];
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++)
            X[i * 6 + j] = v[i] * v[j] - (i == j);
    double t = sp_balance_blowup_time(X, 6);
    assert_true(fabs(t - 0.200) <= 0.001);
    int side[6];
    factions_of(X, side);
    for (int i = 0; i < 6; i++)
        assert_int_equal(side[i], i < 3 ? side[0] : -side[0]);
}

/* Integrate the bounded form (Euler, dt 0.02, clamped) for t years. */
static void evolve(double *s, int n, double beta, double years)
{
    double ds[18 * 18];
    sp_balance_evolve(s, n, beta, years, 0.02, ds);
}

/* The form the model runs, from random signs, N = 18: at most two
 * factions (every triad balanced) in >= 95% of runs. */
static void test_random_signs_two_factions(void **state)
{
    (void)state;
    enum { N = 18, RUNS = 100 };
    int balanced = 0;
    for (uint32_t r = 0; r < RUNS; r++) {
        double s[N * N] = {0};
        for (int i = 0; i < N; i++)
            for (int j = i + 1; j < N; j++) {
                double u = sp_rng_uniform(29, r, SP_STREAM_TEST, 0,
                                          (uint32_t)(i * N + j), 0);
                s[i * N + j] = s[j * N + i] = u < 0.5 ? -0.5 : 0.5;
            }
        evolve(s, N, 1.0, 60);
        long complete, bad;
        sp_balance_triads(s, N, &complete, &bad);
        balanced += complete == N * (N - 1) * (N - 2) / 6 && bad == 0;
    }
    if (balanced < 95)
        fail_msg("two factions in %d of %d runs; expected >= 95%%", balanced,
                 RUNS);
}

/* From 1904 (absent ties 0), the bounded form ends in the factions the
 * leading eigenvector predicts: the 1914 blocs. */
static void test_wwi_1904_dynamics(void **state)
{
    (void)state;
    double s[36];
    int side[6];
    wwi(1904, s);
    factions_of(s, side);
    for (int k = 0; k < 36; k++)
        s[k] *= 0.5;
    evolve(s, 6, 1.0, 60);
    for (int i = 0; i < 6; i++)
        for (int j = i + 1; j < 6; j++)
            if ((s[i * 6 + j] > 0) != (side[i] == side[j]))
                fail_msg("%s-%s ends at %.3f; the eigenvector puts them on %s "
                         "sides", sp_wwi_power(i), sp_wwi_power(j), s[i * 6 + j],
                         side[i] == side[j] ? "the same" : "opposite");
}

/* The first source's security dilemma: a bloc's deepening raises
 * alignment inside it, and the outsiders hostile to it draw together and
 * further from it; dialogue pulls enmity toward 0. */
static const char *dilemma =
    "spiral: 1\nname: dilemma\n"
    "time: {start: 2025-01, forecast_start: 2025-01, horizon_years: 2}\n"
    "actors:\n  AAA: {cow: 2}\n  BBB: {cow: 740}\n  CCC: {cow: 710}\n"
    "  DDD: {cow: 731}\n"
    "groups: {BLOC: [AAA, BBB]}\n"
    "dyads:\n  AAA-BBB: {alignment: 0.3}\n  CCC-DDD: {alignment: 0.1}\n"
    "  BLOC-CCC: {alignment: -0.4}\n  BLOC-DDD: {alignment: -0.3}\n"
    "parameters: {alignment: {beta: 0}}\n"
    "packages:\n  none: {levers: []}\n"
    "  bloc:\n    levers:\n"
    "      - {id: deepen, kind: alliance_deepening, actor: BLOC, value: 0.2}\n"
    "  talk:\n    levers:\n"
    "      - {id: t, kind: dialogue, actor: BLOC, target: CCC, value: 0.5}\n";

static void final_alignment(size_t package, double *s)
{
    sp_error err = {0};
    sp_scenario *scn = NULL;
    sp_model *m = NULL;
    sp_world *w = NULL;
    if (sp_scenario_load_text("d.yaml", dilemma, strlen(dilemma), NULL, 0,
                              &scn, &err) ||
        sp_model_new(scn, package, NULL, &m, &err) ||
        sp_world_new(m, &w, &err))
        fail_msg("%s:%d: %s", err.file, err.line, err.message);
    double out[64];
    assert_int_equal(sp_run_all(w, 3, 0, 0, out, 64, &err), SP_OK);
    memcpy(s, w->s, 16 * sizeof *s);
    sp_world_free(w);
    sp_model_free(m);
    sp_scenario_free(scn);
}

static void test_bloc_building_and_dialogue(void **state)
{
    (void)state;
    double none[16], bloc[16], talk[16];
    final_alignment(0, none);
    final_alignment(1, bloc);
    final_alignment(2, talk);
    enum { A, B, C, D };
    assert_true(fabs(none[A * 4 + B] - 0.3) < 1e-12); /* beta 0: at rest */
    assert_true(bloc[A * 4 + B] > none[A * 4 + B] + 0.1);  /* inside */
    assert_true(bloc[C * 4 + D] > none[C * 4 + D] + 0.05); /* counter */
    assert_true(bloc[C * 4 + A] < none[C * 4 + A] - 0.05); /* further */
    assert_true(bloc[A * 4 + C] == bloc[C * 4 + A]);       /* symmetric */
    assert_true(talk[A * 4 + C] > none[A * 4 + C]);        /* dialogue */
    assert_true(talk[A * 4 + C] < 0);                      /* toward 0 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wwi_triad_counts),
        cmocka_unit_test(test_wwi_eigenvector_factions),
        cmocka_unit_test(test_blowup_time_and_factions),
        cmocka_unit_test(test_random_signs_two_factions),
        cmocka_unit_test(test_wwi_1904_dynamics),
        cmocka_unit_test(test_bloc_building_and_dialogue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
