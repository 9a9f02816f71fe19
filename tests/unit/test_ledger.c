/*
 * test_ledger.c - the legal ledger of a run (src/ledger.c) and what
 * writes it: sanctions.c (breaching transfers) and conduct.c (attacks on
 * civilians in wars).
 *
 * Code checks against hand-computed expectations (the rates are guessed,
 * docs/MODEL.md; nothing here is validation):
 *   - a breaching flow is one unscr_1718 row a month for the seller and
 *     one for the buyer, sized by what moved; a third party has none;
 *   - nothing is recorded before the package start;
 *   - in a major war kept where it is (war_hazard 0) the attacks by a
 *     side breaching principle k in a month are Poisson(rate * h * p_k):
 *     over 400 runs of 24 months the mean size is 24 rate h p_k and the
 *     mean number of rows (months with any) 24 (1 - exp(-rate h p_k)),
 *     each within 4 standard errors; h = 0.5 halves a side's rate;
 *   - a limited war scales the rate by limited_share;
 *   - a side at war with two enemies splits its attacks between them
 *     (its total is unchanged);
 *   - civilian_harm 0 silences a side;
 *   - with rows kept (--series) the rows add up to the per-run counts and
 *     sizes, and the violations@RULE outcomes are the per-rule totals;
 *   - keeping rows changes no number (same counts with and without).
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

#include "ledger.h"
#include "world.h"
#include "world_fixture.h"

/* AAA and BBB at war from before the package start; AAA sends BBB
 * technology (not a munition: war capacities stay 1); CCC enforces
 * sanctions on BBB, which makes BBB a sanctions target. Nobody is
 * hostile otherwise (no incidents). %s: the war's level; %s: more
 * wars; %s: more conduct parameters. */
static const char *fmt =
    "spiral: 1\n"
    "name: ledger-world\n"
    "time: {start: 2024-01, forecast_start: 2025-01, horizon_years: 2}\n"
    "actors:\n"
    "  AAA: {cow: 365, milex: 7.4742e7}\n"
    "  BBB: {cow: 369, milex: 3.547e6, civilian_harm: 0.5}\n"
    "  CCC: {cow: 740, milex: 4.6954e7}\n"
    "wars:\n"
    "  - {id: ab, sides: [[AAA], [BBB]], level: %s, since: 2023-06}\n"
    "%s"
    "parameters:\n"
    "  escalation: {war_hazard: 0}\n"
    "  conduct: {attack_rate: 2%s}\n"
    "events:\n"
    "  - {id: tech, date: 2024-01, kind: transfer, actor: AAA, target: "
    "BBB, item: technology, value: 0.01}\n"
    "  - {id: sanc, date: 2024-01, kind: sanctions_enforcement, actor: "
    "CCC, target: BBB, value: 0.5}\n"
    "packages:\n"
    "  none:\n"
    "    levers: []\n";

enum { A = 0, B = 1, C = 2, MONTHS = 24, REPS = 400 };

static const double p_k[4] = {0.5, 0.3, 0.1, 0.05}; /* conduct defaults */

typedef struct totals {
    double count[SP_N_LINES * 3], size[SP_N_LINES * 3];
    double count2[SP_N_LINES * 3], size2[SP_N_LINES * 3]; /* sums of squares */
} totals;

static void open_world(const char *level, const char *wars, const char *extra,
                       sp_scenario **s, sp_model **m, sp_world **w)
{
    char text[2048];
    snprintf(text, sizeof text, fmt, level, wars, extra);
    wf_open("ledger-world.yaml", text, "none", NULL, 0, s, m, w);
    assert_int_equal((*w)->N, 3);
}

static void run_once(sp_world *w, uint32_t rep)
{
    wf_init(w, 7, rep);
    while (!sp_run_finished(w))
        wf_step(w);
}

static void run_many(const char *level, const char *wars, const char *extra,
                     totals *t)
{
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    open_world(level, wars, extra, &s, &m, &w);
    memset(t, 0, sizeof *t);
    for (uint32_t r = 0; r < REPS; r++) {
        run_once(w, r);
        for (int c = 0; c < SP_N_LINES * 3; c++) {
            double n = w->ledger.count[c], z = w->ledger.size[c];
            t->count[c] += n, t->count2[c] += n * n;
            t->size[c] += z, t->size2[c] += z * z;
        }
    }
    wf_close(s, m, w);
}

/* |mean - want| within 4 standard errors of the sample. */
static void expect_mean(double sum, double sum2, double want,
                        const char *what)
{
    double mean = sum / REPS;
    double var = (sum2 - sum * sum / REPS) / (REPS - 1);
    double se = sqrt(var > 0 ? var / REPS : 0);
    if (fabs(mean - want) > 4 * se + 1e-12)
        fail_msg("%s: mean %.4f, expected %.4f (4 se = %.4f)", what, mean,
                 want, 4 * se);
}

static void expect_attacks(const totals *t, int actor, double rate,
                           const char *who)
{
    for (int k = 0; k < 4; k++) {
        int cell = (SP_LINE_DISTINCTION + k) * 3 + actor;
        double lam = rate * p_k[k];
        char what[96];
        snprintf(what, sizeof what, "%s %s size", who,
                 sp_rules[SP_RULE_DISTINCTION + k].name);
        expect_mean(t->size[cell], t->size2[cell], MONTHS * lam, what);
        snprintf(what, sizeof what, "%s %s rows", who,
                 sp_rules[SP_RULE_DISTINCTION + k].name);
        expect_mean(t->count[cell], t->count2[cell],
                    MONTHS * (1 - exp(-lam)), what);
    }
}

static void test_breaches_both_parties(void **state)
{
    (void)state;
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    open_world("major_war", "", "", &s, &m, &w);
    run_once(w, 0);
    size_t tech = (size_t)SP_LINE_UNSC_TECHNOLOGY * 3;
    /* 24 forecast months: the 12 history months of 2024 are not counted */
    assert_true(w->ledger.count[tech + A] == MONTHS);
    assert_true(w->ledger.count[tech + B] == MONTHS);
    assert_true(w->ledger.count[tech + C] == 0);
    assert_true(fabs(w->ledger.size[tech + A] - 0.01 * MONTHS) < 1e-12);
    assert_true(fabs(w->ledger.size[tech + B] - 0.01 * MONTHS) < 1e-12);
    for (int k = SP_LINE_UNSC_ARTILLERY; k < SP_LINE_UNSC_TECHNOLOGY; k++)
        for (int i = 0; i < 3; i++)
            assert_true(w->ledger.count[k * 3 + i] == 0);
    wf_close(s, m, w);
}

static void test_major_war_rates(void **state)
{
    (void)state;
    totals t;
    run_many("major_war", "", "", &t);
    expect_attacks(&t, A, 2.0, "AAA");
    expect_attacks(&t, B, 1.0, "BBB (civilian_harm 0.5)");
    for (int k = SP_LINE_DISTINCTION; k < SP_N_LINES; k++)
        assert_true(t.count[k * 3 + C] == 0);
}

static void test_limited_war_scales(void **state)
{
    (void)state;
    totals t;
    run_many("limited_war", "", ", limited_share: 0.25", &t);
    expect_attacks(&t, A, 0.5, "AAA in a limited war");
    expect_attacks(&t, B, 0.25, "BBB in a limited war");
}

/* AAA also at war with CCC: its strikes are split between its two
 * enemies, so its total is what it was with one, and CCC strikes back
 * at the full rate (one enemy). */
static void test_two_enemies_split(void **state)
{
    (void)state;
    totals t;
    run_many("major_war", "  - {id: ac, sides: [[AAA], [CCC]], level: "
             "major_war, since: 2023-06}\n", "", &t);
    for (int k = 0; k < 4; k++) {
        int a = (SP_LINE_DISTINCTION + k) * 3 + A;
        int c = (SP_LINE_DISTINCTION + k) * 3 + C;
        expect_mean(t.size[a], t.size2[a], MONTHS * 2.0 * p_k[k],
                    "AAA's attacks on two enemies");
        expect_mean(t.size[c], t.size2[c], MONTHS * 2.0 * p_k[k],
                    "CCC's attacks on AAA");
    }
}

static void test_harm_zero_silences(void **state)
{
    (void)state;
    const char *set[] = {"actors.BBB.civilian_harm=0"};
    char text[2048];
    snprintf(text, sizeof text, fmt, "major_war", "", "");
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    wf_open("ledger-world.yaml", text, "none", set, 1, &s, &m, &w);
    double a = 0;
    for (uint32_t r = 0; r < 20; r++) {
        run_once(w, r);
        for (int k = SP_LINE_DISTINCTION; k < SP_N_LINES; k++) {
            assert_true(w->ledger.count[k * 3 + B] == 0);
            a += w->ledger.count[k * 3 + A];
        }
    }
    assert_true(a > 0); /* the other side still attacks */
    wf_close(s, m, w);
}

static void test_rows_add_up(void **state)
{
    (void)state;
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
    open_world("major_war", "", "", &s, &m, &w);
    run_once(w, 3);
    double plain[SP_N_LINES * 3], plain_size[SP_N_LINES * 3];
    memcpy(plain, w->ledger.count, sizeof plain);
    memcpy(plain_size, w->ledger.size, sizeof plain_size);
    assert_int_equal(w->ledger.n_rows, 0);

    w->ledger.keep_rows = true;
    run_once(w, 3);
    double count[SP_N_LINES * 3] = {0}, size[SP_N_LINES * 3] = {0};
    for (size_t r = 0; r < w->ledger.n_rows; r++) {
        const sp_ledger_row *x = &w->ledger.rows[r];
        int line = -1;
        for (int k = 0; k < SP_N_LINES; k++)
            if (sp_lines[k].rule == x->rule && sp_lines[k].act == x->act)
                line = k;
        assert_true(line >= 0);
        assert_in_range(x->month, 0, MONTHS - 1);
        assert_true(x->other >= 0 && x->other != x->actor);
        count[line * 3 + x->actor] += 1;
        size[line * 3 + x->actor] += x->size;
    }
    for (int c = 0; c < SP_N_LINES * 3; c++) {
        assert_true(count[c] == w->ledger.count[c]);
        assert_true(fabs(size[c] - w->ledger.size[c]) < 1e-9);
        assert_true(plain[c] == w->ledger.count[c]); /* rows change nothing */
        assert_true(plain_size[c] == w->ledger.size[c]);
    }

    /* violations@RULE = the rule's total over acts and actors */
    double out[256];
    sp_error err = {0};
    size_t n = sp_model_n_outcomes(m);
    assert_true(n <= 256);
    assert_int_equal(sp_run_done(w, out, n, &err), SP_OK);
    for (int r = 0; r < SP_N_RULES; r++) {
        char name[64];
        snprintf(name, sizeof name, "violations@%s", sp_rules[r].name);
        size_t o = 0;
        while (o < n && strcmp(sp_model_outcome_name(m, o), name))
            o++;
        assert_true(o < n);
        double total = 0;
        for (int k = 0; k < SP_N_LINES; k++)
            if (sp_lines[k].rule == r)
                for (int i = 0; i < 3; i++)
                    total += w->ledger.count[k * 3 + i];
        assert_true(out[o] == total);
    }
    wf_close(s, m, w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_breaches_both_parties),
        cmocka_unit_test(test_major_war_rates),
        cmocka_unit_test(test_limited_war_scales),
        cmocka_unit_test(test_two_enemies_split),
        cmocka_unit_test(test_harm_zero_silences),
        cmocka_unit_test(test_rows_add_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
