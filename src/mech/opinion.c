/*
 * opinion.c - public opinion and the cap it puts on a package (first
 * source, mechanism 6; model.md §2.8).
 *
 * What it models: each actor's public support for a harder line, o_i,
 * rises with the threat its government perceives and with incidents
 * (the rally effect), falls with the costs of being at war, and drifts
 * back to where it started. It caps the package: a lever that needs
 * more support than its actors' publics give is scaled down. "Support"
 * is o_i for a lever of the hard line (build-up, counter-strike,
 * exercises, bloc building, sanctions, isolation, pressure, war
 * support, transfers) and 1 - o_i for a lever of the soft line
 * (reassurance, dialogue, non-security cooperation, aid): the first
 * source's Japanese figures (~70% prefer ties with China over a
 * build-up, ~75% oppose sending forces into a Taiwan contingency) are
 * both readings of one scale.
 *
 * Equations (each step of dt years, last in the step, so this step's
 * incidents and wars count and the cap applies from the next step):
 *   T_i = (Theta_i - Theta_i0) / Theta_ref_i   change of perceived threat
 *                     (Theta = sum_j theta_ij from trust.c; Theta_i0 its
 *                     value at the start; Theta_ref_i arms.c's scale: the
 *                     start value, or the mean of the others for an actor
 *                     that perceived no threat at the start)
 *   o_i <- clamp01(o_i + dt [rho (o_i0 - o_i)
 *                            + g_T T_i (T_i > 0 ? 1 - o_i : o_i)
 *                            - g_W [i at war] o_i / K_i]
 *                  + g_I I_i (1 - o_i))
 *   scale(lever) = min(1, S / support_needed), S = the mean over the
 *                  lever's actors of o_i (hard) or 1 - o_i (soft);
 *                  1 when support_needed is 0 and for every event.
 * I_i: incidents involving i this step (escalation.c counts them). K_i:
 * i's war capacity (transfers.c, 1 = own means): munitions, troops and
 * support from abroad bear part of the war's cost, so they slow the
 * weariness (second source: foreign troops spare Russian families).
 *
 * Symbols and units: o_i in [0, 1] (from actors.<ID>.opinion); o_i0 its
 * start value; T_i dimensionless; rates per year; support_needed in
 * [0, 1] (a lever field).
 *
 * Parameters (parameters.opinion), guessed, defaults with the range a
 * sweep should cover:
 *   relax rho 0.5 [0.1, 2] /yr: opinion shocks fade with a half-life of
 *     ~1.4 years;
 *   threat_gain g_T 0.5 [0.1, 2] /yr: a doubling of perceived threat
 *     moves o half of the way toward 1 in about 1.4 years (before relax);
 *   rally g_I 0.02 [0.005, 0.1] per incident: each incident moves o 2%
 *     of the way toward 1 (rally-round-the-flag; Mueller 1970 for the
 *     effect, not the size);
 *   war_weariness g_W 0.2 [0.05, 1] /yr: each year at war takes ~18% of
 *     the support for the harder line (war costs).
 * Source: first source, mechanism 6; magnitudes guessed.
 * Tests: test_opinion.c (o stays put when nothing happens; a lever is
 * scaled by S / support_needed for hard and soft kinds; an incident
 * rallies by g_I (1 - o); war wears support down; rising threat raises
 * it; o stays in [0, 1]).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "opinion.h"

#include <string.h>

#define P(key, def, hi, unit, help, cite)                                      \
    SP_UNCERTAIN_REAL(key, def, 0, hi, unit, help, cite)

static const sp_param_def opinion_params[] = {
    [SP_OPN_RELAX] = P("relax", 0.5, 20, "1/yr",
        "pull of opinion back to its start value; plausible 0.1-2",
        "first source, mechanism 6; guessed"),
    [SP_OPN_THREAT_GAIN] = P("threat_gain", 0.5, 20, "1/yr",
        "rise of support for a harder line per unit of relative rise in "
        "perceived threat; plausible 0.1-2",
        "first source, mechanism 6; guessed"),
    [SP_OPN_RALLY] = P("rally", 0.02, 1, "per incident",
        "share of the way to full support for a harder line that one "
        "incident moves opinion; plausible 0.005-0.1",
        "rally-round-the-flag (Mueller 1970); size guessed"),
    [SP_OPN_WAR_WEARINESS] = P("war_weariness", 0.2, 20, "1/yr",
        "fall of support for a harder line a year at war; plausible "
        "0.05-1", "first source, mechanism 6 (war costs); guessed"),
};
const sp_component sp_comp_opinion = {
    "opinion", "parameters.opinion",
    "public opinion and the support levers need (src/mech/opinion.c)",
    opinion_params, sizeof opinion_params / sizeof opinion_params[0]};

bool sp_opinion_soft(int kind)
{
    return kind == SP_K_REASSURANCE || kind == SP_K_DIALOGUE ||
           kind == SP_K_NON_SECURITY || kind == SP_K_AID;
}

double sp_opinion_scale(double support, double needed)
{
    if (!(needed > 0) || support >= needed)
        return 1.0;
    return support > 0 ? support / needed : 0.0;
}

/* Mean support of a lever's actors for what it asks (hard or soft):
 * the kind's reading chosen once, the actors read through a local list
 * (the same sum in the same order). */
static double support_for(const sp_world *w, const sp_act *a)
{
    if (a->actor < 0 || a->n_actor == 0)
        return 1.0;
    const int *who = w->M->idx + a->actor;
    const double *opinion = w->opinion;
    int n = a->n_actor;
    double sum = 0;
    if (sp_opinion_soft(a->kind))
        for (int p = 0; p < n; p++)
            sum += 1.0 - opinion[who[p]];
    else
        for (int p = 0; p < n; p++)
            sum += opinion[who[p]];
    return sum / n;
}

/* The cap of every lever that needs support, for the next step (the
 * list is built at reset; every other action stays at 1). */
static void set_scales(sp_world *w)
{
    const sp_act *acts = w->M->acts;
    const double *vals = w->p.vals;
    double *scale = w->act_scale;
    for (int q = 0; q < w->n_capped; q++) {
        int k = w->capped[q];
        const sp_act *a = &acts[k];
        scale[k] = sp_opinion_scale(support_for(w, a), vals[a->support]);
    }
}

/* Which actions opinion caps this run: levers with support_needed > 0
 * (the value may be sampled, so per run). */
static void list_capped(sp_world *w)
{
    const sp_model *m = w->M;
    w->n_capped = 0;
    for (size_t k = 0; k < m->n_acts; k++) {
        const sp_act *a = &m->acts[k];
        w->act_scale[k] = 1.0;
        if (a->kind < SP_N_LEVER_KINDS && w->p.vals[a->support] > 0)
            w->capped[w->n_capped++] = (int)k;
    }
}

/* Theta_i, summed by trust.c as it perceives. */
static double total_threat(const sp_world *w, int i)
{
    return w->theta_sum[i];
}

static void reset(sp_world *w)
{
    for (int i = 0; i < w->N; i++) {
        double o = w->p.opinion0[i];
        w->opinion[i] = o < 0 ? 0 : o > 1 ? 1 : o;
        w->inc_now[i] = 0;
        w->theta0[i] = total_threat(w, i); /* trust.c reset perceived it */
    }
    list_capped(w);
    set_scales(w);
}

/* Change of i's total perceived threat since the start, relative to
 * arms.c's scale for it. */
static double threat_change(const sp_world *w, int i)
{
    double ref = w->threat_ref[i];
    return ref > 0 ? (total_threat(w, i) - w->theta0[i]) / ref : 0.0;
}

static int step(sp_world *w)
{
    /* the parameters in locals: the stores to opinion could alias them */
    const double *par = w->p.par[SP_COMP_OPINION];
    double relax = par[SP_OPN_RELAX], gain = par[SP_OPN_THREAT_GAIN],
           weary = par[SP_OPN_WAR_WEARINESS], rally = par[SP_OPN_RALLY];
    double dt = w->M->dt;
    const double *o0 = w->p.opinion0, *capacity = w->war_capacity;
    const int *enemies = w->enemies;
    double *opinion = w->opinion, *inc_now = w->inc_now;
    for (int i = 0; i < w->N; i++) {
        double o = opinion[i], T = threat_change(w, i);
        double drift = relax * (o0[i] - o) +
                       gain * T * (T > 0 ? 1 - o : o) -
                       (enemies[i] > 0 ? weary * o / capacity[i] : 0);
        o += dt * drift + rally * inc_now[i] * (1 - o);
        if (!isfinite(o))
            return SP_ENUMERIC;
        opinion[i] = o < 0 ? 0 : o > 1 ? 1 : o;
        inc_now[i] = 0;
    }
    set_scales(w);
    return SP_OK;
}

const sp_mech sp_mech_opinion = {
    "opinion", &sp_comp_opinion, NULL,
    "first source, mechanism 6 (model.md §2.8)", reset, step};
