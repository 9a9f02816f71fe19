/*
 * conduct.c - the conduct of wars: attacks that harm civilians, written
 * to the legal ledger under the law-of-armed-conflict principles
 * (second source, mechanism 6; model.md §2.6 and §2.10).
 *
 * What it models: each side of every pair at war (limited war or worse,
 * the war in progress included) makes attacks that harm civilians as a
 * Poisson process. The rate grows with the side's capacity to sustain
 * the war, so munitions from abroad (DPRK shells and missiles for
 * Russia) mean more such attacks: "attacks on civilians with these
 * weapons". Each attack breaches each principle independently with a
 * fixed probability (one attack can breach several); thinning a Poisson
 * process gives independent Poisson counts per principle.
 *
 * Equations (each step of dt_months months, from the package start on;
 * a pair i<j at level L >= limited war; side a attacks b, both ways):
 *   lambda_ab = rate * h_a * war_capacity_a * (L == limited war ? s_l : 1)
 *               / E_a                                 (attacks / month)
 *   n_abk     ~ Poisson(lambda_ab * dt_months * p_k)   k = distinction,
 *                                 proportionality, necessity, humanity
 *   each n_abk > 0 is one ledger row: actor a, other b, rule k, act
 *   attack_on_civilians, size n_abk. Means above 30 use the normal
 *   approximation of the Poisson (NORMAL_FROM below).
 * E_a is the number of actors a is at war with this step: a state's
 * capacity to strike is split among its enemies, so a state drawn into
 * wars with ten others does not strike ten times as often.
 * Draws: stream SP_STREAM_CONDUCT, the step, entity a * N + b, draw 0:
 * its four 32-bit words are the uniforms of distinction,
 * proportionality, necessity and humanity (sp_rng_u01x4), each inverted
 * to a Poisson variate; so a war elsewhere never shifts these draws.
 *
 * Symbols and units: h_a the actor's civilian_harm attribute (relative,
 * default 1); war_capacity_a from transfers.c (1 = own means); L the
 * pair's escalation level this step (escalation.c runs first); nuclear
 * use counts as major war.
 *
 * Parameters (parameters.conduct), all guessed, defaults with the
 * plausible range a sweep should cover:
 *   attack_rate 100 [20, 300] attacks a month that harm civilians, by
 *     one side of a major war at its own means: the UN Human Rights
 *     Monitoring Mission in Ukraine verified on the order of ten
 *     thousand civilians killed in 2022-2024 (not in ../shared/data);
 *     at a few killed per such attack that is of order a hundred a month.
 *   limited_share s_l 0.2 [0.05, 0.5]: a limited war's rate relative to
 *     a major war's.
 *   p_distinction 0.5 [0.2, 0.9], p_proportionality 0.3 [0.1, 0.6],
 *   p_necessity 0.1 [0.02, 0.3], p_humanity 0.05 [0.01, 0.2]: the chance
 *     that an attack which harms civilians breaches each principle.
 * The reference scenario sets civilian_harm for Ukraine well below 1
 * (its source line says why); every other actor has 1.
 * Source: second source, mechanism 6 (seed-facts); the principles as in
 * Additional Protocol I (1977) and the ICRC customary IHL study (ledger.c).
 * Tests: test_ledger.c (the mean count per principle matches lambda * p
 * * months; h = 0 silences a side; a limited war scales by s_l; a third
 * party splits a side's attacks; rows, when kept, add up to the per-run
 * counts).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "mech.h"

#define P(key, def, lo, hi, unit, help, cite)                                  \
    SP_UNCERTAIN_REAL(key, def, lo, hi, unit, help, cite)

enum { SP_COND_ATTACK_RATE, SP_COND_LIMITED_SHARE, SP_COND_P_FIRST };

/* Above this mean a month's attacks per principle are drawn by the
 * normal approximation (rng.c: continuity and skewness corrected, error
 * in any probability ~1% at 30 and falling as 1/mean): a big war's
 * attack count need not be exact in its tail, and inversion takes about
 * `mean` steps, which made conduct a fifth of a run's time. */
#define NORMAL_FROM 30.0

/* p_k, in the order of the ledger's LOAC lines (distinction first). */
#define N_PRINCIPLES SP_N_LOAC_LINES

static const sp_param_def conduct_params[] = {
    [SP_COND_ATTACK_RATE] = P("attack_rate", 100, 0, 1e5, "attacks/month",
        "attacks that harm civilians a month by one side of a major war "
        "at its own means (war capacity 1, civilian_harm 1); plausible "
        "20-300",
        "second source, mechanism 6; guessed (UN HRMMU: on the order of "
        "ten thousand civilians killed in Ukraine in 2022-2024)"),
    [SP_COND_LIMITED_SHARE] = P("limited_share", 0.2, 0, 1, "ratio",
        "a limited war's attack rate relative to a major war's; "
        "plausible 0.05-0.5", "guessed"),
    [SP_COND_P_FIRST + 0] = P("p_distinction", 0.5, 0, 1, "probability",
        "chance that an attack harming civilians breaches distinction "
        "(civilians targeted, or no distinction made); plausible 0.2-0.9",
        "Additional Protocol I arts. 48, 51; guessed"),
    [SP_COND_P_FIRST + 1] = P("p_proportionality", 0.3, 0, 1, "probability",
        "chance that it breaches proportionality (civilian harm excessive "
        "to the military advantage); plausible 0.1-0.6",
        "Additional Protocol I art. 51(5)(b); guessed"),
    [SP_COND_P_FIRST + 2] = P("p_necessity", 0.1, 0, 1, "probability",
        "chance that it breaches necessity (destruction the military "
        "purpose does not require); plausible 0.02-0.3",
        "Hague Regulations art. 23(g); guessed"),
    [SP_COND_P_FIRST + 3] = P("p_humanity", 0.05, 0, 1, "probability",
        "chance that it breaches humanity (superfluous injury or "
        "unnecessary suffering); plausible 0.01-0.2",
        "Hague Regulations art. 23(e); guessed"),
};
_Static_assert(sizeof conduct_params / sizeof conduct_params[0] ==
                   SP_COND_P_FIRST + N_PRINCIPLES,
               "one probability per LOAC line");

const sp_component sp_comp_conduct = {
    "conduct", "parameters.conduct",
    "the conduct of wars: attacks that harm civilians, written to the "
    "legal ledger (src/mech/conduct.c)",
    conduct_params, sizeof conduct_params / sizeof conduct_params[0]};

/* Attacks by side a on side b this step, per principle, into the
 * ledger: four Poisson draws from one Philox call (four 32-bit
 * uniforms). */
static int attacks(sp_world *w, int a, int b, double mean)
{
    double u[N_PRINCIPLES];
    _Static_assert(N_PRINCIPLES == 4, "one Philox call gives four");
    sp_rng_u01x4(&w->rng, SP_STREAM_CONDUCT, (uint32_t)w->step,
                 (uint32_t)(a * w->N + b), 0, u);
    double lambda[N_PRINCIPLES];
    for (int k = 0; k < N_PRINCIPLES; k++)
        lambda[k] = mean * sp_par(w, SP_COMP_CONDUCT,
                                  SP_COND_P_FIRST + (size_t)k);
    /* slots (side, principle): a mean stays put while the side's war
     * capacity and enemies do */
    unsigned n[N_PRINCIPLES];
    sp_poisson_memo_draw4(w->poisson, (size_t)a * N_PRINCIPLES, lambda, u,
                          NORMAL_FROM, n);
    for (int k = 0; k < N_PRINCIPLES; k++)
        if (n[k] > 0) {
            int rc = sp_ledger_add(&w->ledger, SP_LINE_DISTINCTION + k, a,
                                   b, n[k]);
            if (rc)
                return rc;
        }
    return SP_OK;
}

/* Mean attacks this step by a on one of its E_a enemies, in a war at
 * level L. */
static double mean_attacks(const sp_world *w, int a, int L)
{
    double scale = L == SP_LEVEL_LIMITED_WAR
                       ? sp_par(w, SP_COMP_CONDUCT, SP_COND_LIMITED_SHARE)
                       : 1.0;
    return sp_par(w, SP_COMP_CONDUCT, SP_COND_ATTACK_RATE) * scale *
           w->p.harm[a] * w->war_capacity[a] * w->M->dt_months /
           w->enemies[a];
}

/* E_i: how many actors i is at war with this step; and the pairs at war
 * (i < j, ascending), so the step visits those alone. */
static void count_enemies(sp_world *w)
{
    int n = w->N;
    for (int i = 0; i < n; i++)
        w->enemies[i] = 0;
    w->n_at_war = 0;
    for (int i = 0; i < n; i++) {
        const uint8_t *row = w->level + (size_t)i * (size_t)n;
        for (int j = i + 1; j < n; j++)
            if (row[j] >= SP_LEVEL_LIMITED_WAR) {
                w->enemies[i]++, w->enemies[j]++;
                w->at_war[w->n_at_war++] = i * n + j;
            }
    }
}

static int step(sp_world *w)
{
    int n = w->N;
    count_enemies(w); /* opinion.c reads it too */
    if (w->step < w->M->step0)
        return SP_OK; /* the ledger records the forecast only */
    for (int q = 0; q < w->n_at_war; q++) {
        int k = w->at_war[q], i = k / n, j = k % n, L = w->level[k];
        double mij = mean_attacks(w, i, L), mji = mean_attacks(w, j, L);
        int rc = mij > 0 ? attacks(w, i, j, mij) : SP_OK;
        if (!rc && mji > 0)
            rc = attacks(w, j, i, mji);
        if (rc)
            return rc;
    }
    return SP_OK;
}

const sp_mech sp_mech_conduct = {
    "conduct", &sp_comp_conduct, NULL,
    "second source, mechanism 6 (model.md §2.6, §2.10)", NULL, step};
