/*
 * sanctions.c - sanctions enforcement and the integrity of the sanctions
 * regime (second source, mechanism 5; model.md §2.5).
 *
 * What it models: enforcement against a target slows the target's
 * capability growth, by less as the regime's integrity R falls; a veto
 * player that blocks measures and monitoring lowers R; every transfer
 * that breaches the sanctions erodes R, faster once monitoring has ended
 * (no one documents the breaches); coordinated enforcement by the states
 * without a veto restores it; a new sanctions resolution raises it.
 *
 * Equations (each step of dt years, after arms.c and transfers.c):
 *   e_j    = min(1, sum of the values of active sanctions_enforcement
 *            levers and events against j)        (per lever, not per member)
 *   drag_j = D * e_j * R                                       (1/yr)
 *   c_j   <- c_j * exp(-dt * drag_j)   (exact for dc/dt = -drag_j c over
 *                                       the step; ~ c_j - dt drag_j c_j)
 *   R     <- clamp01(R + dt * (rho * K - eps * B * (1 + M))
 *                    - h_v * V - h_m * Mnew + g_r * Snew)
 * where
 *   T   = the sanctions targets: actors j with e_j > 0 and no veto (a
 *         permanent member cannot be the target of UN sanctions: it
 *         vetoes them; in the reference scenario T = {PRK});
 *   B   = number of breaching flows this step: active transfer levers or
 *         events of artillery, missiles, troops or technology with a
 *         value > 0, counted per (sender, receiver) pair, whose sender or
 *         receiver is in T (food and fuel are not counted: food is not
 *         sanctioned and the model cannot tell fuel above the UN cap);
 *   M   = 1 from the step of the first monitoring_end event on, else 0;
 *   K   = coordination: mean over j in T of the mean over actors i != j
 *         without a veto of min(1, sum of i's enforcement against j)
 *         (0 when T is empty): the share of the non-veto world that
 *         enforces, weighted by how hard;
 *   V   = vetoes this step by actors holding a veto (a `veto` event by an
 *         actor without the veto attribute changes nothing);
 *   Mnew, Snew = monitoring_end and sanctions_resolution events this step.
 * Ledger: each breaching flow is written to the legal ledger (ledger.h)
 * under unscr_1718 twice, once for the sender and once for the receiver
 * (the resolutions bind seller and buyer alike), sized by the units that
 * moved in the step (v * dt_months).
 * Enforcement against a veto holder (the G7's sanctions on Russia) drags
 * its capability too, scaled by the same R: a simplification (those
 * sanctions are not the UN's, but they leak through the same evasion
 * networks); they do not make it a target in T.
 *
 * Symbols and units: R in [0, 1] (reset from parameters.global.
 * sanctions_integrity); e_j and K in [0, 1]; c capability relative to
 * the start (arms.c); drag_j per year (recorded in w->drag).
 *
 * Parameters (parameters.sanctions), all guessed, defaults with the
 * plausible range a sweep should cover:
 *   max_drag D 0.05 [0.01, 0.15] 1/yr: full enforcement of an intact
 *     regime slows capability by 5% a year (sanctions partly succeed in
 *     about a third of cases: Hufbauer, Schott, Elliott & Oegg 2007);
 *   veto_hit h_v 0.1 [0.05, 0.2]; monitoring_hit h_m 0.1 [0.05, 0.2];
 *   breach_erosion eps 0.05 [0.01, 0.15] per breaching flow a year;
 *   restore_rate rho 0.2 [0.05, 0.5] per year at K = 1;
 *   resolution_gain g_r 0.05 [0.02, 0.1].
 * R moves linearly, not in proportion to what is left: three breaching
 * flows after the monitoring ends (the reference scenario's artillery,
 * missiles and technology) erode 0.3 a year, more than coordinated G7+
 * enforcement restores at the defaults (~0.2 * 7/12 * 0.65 = 0.08), so
 * R reaches 0 within a few years of 2024 under every package.
 * Source: second source, mechanism 5; seed-facts timeline (the 2024-03
 * veto and the end of the Panel of Experts, 2024-04).
 * Tests: test_sanctions.c (R constant at rest; enforcement slows the
 * target against the same run without it; drag proportional to R; a
 * veto lowers R by veto_hit in its step; monitoring_end doubles the
 * erosion from breaches; enforcement restores R; R stays in [0, 1]).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sanctions.h"

#include "transfers.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define P(key, def, hi, unit, help, cite)                                      \
    SP_UNCERTAIN_REAL(key, def, 0, hi, unit, help, cite)

static const sp_param_def sanction_params[] = {
    [SP_SANC_MAX_DRAG] = P("max_drag", 0.05, 1, "1/yr",
        "capability growth removed by full enforcement of an intact regime "
        "(R = 1); plausible 0.01-0.15",
        "second source, mechanism 5; guessed (cf. Hufbauer, Schott, Elliott "
        "& Oegg 2007: sanctions partly succeed in about a third of cases)"),
    [SP_SANC_VETO_HIT] = P("veto_hit", 0.1, 1, "[0, 1]",
        "fall of R when a permanent member vetoes a measure; plausible "
        "0.05-0.2", "second source, mechanism 5; guessed"),
    [SP_SANC_MONITORING_HIT] = P("monitoring_hit", 0.1, 1, "[0, 1]",
        "fall of R when sanctions monitoring ends (and breaches erode "
        "twice as fast from then on); plausible 0.05-0.2",
        "seed-facts timeline: the Panel of Experts ends 2024-04; guessed"),
    [SP_SANC_BREACH_EROSION] = P("breach_erosion", 0.05, 5,
        "1/yr per breaching flow",
        "fall of R a year for each transfer of arms, troops or technology "
        "to or from a sanctions target; plausible 0.01-0.15",
        "second source, mechanism 5; guessed"),
    [SP_SANC_RESTORE_RATE] = P("restore_rate", 0.2, 5, "1/yr",
        "rise of R a year when every state without a veto enforces fully "
        "against the target; plausible 0.05-0.5",
        "second source: coordinate the response (G7 and partners); "
        "guessed"),
    [SP_SANC_RESOLUTION_GAIN] = P("resolution_gain", 0.05, 1, "[0, 1]",
        "rise of R when a new sanctions resolution is adopted; plausible "
        "0.02-0.1", "second source, mechanism 5; guessed"),
};
const sp_component sp_comp_sanctions = {
    "sanctions", "parameters.sanctions",
    "sanctions enforcement and the integrity of the sanctions regime "
    "(src/mech/sanctions.c)",
    sanction_params, sizeof sanction_params / sizeof sanction_params[0]};

static const char *const reads[] = {"sanctions_enforcement", "veto",
                                    "monitoring_end", "sanctions_resolution",
                                    NULL};

bool sp_sanctions_veto(const sp_world *w, int i)
{
    return w->M->scn->actors[i].attr[SP_A_VETO].v != 0;
}

static bool in_list(const sp_world *w, int off, int n, int x)
{
    for (int p = 0; p < n; p++)
        if (w->M->idx[off + p] == x)
            return true;
    return false;
}

/* A sanctions target: enforcement against it and no veto. */
static bool is_target(const sp_world *w, const double *e, int j)
{
    return e[j] > 0 && !sp_sanctions_veto(w, j);
}

/* Both parties to a breaching flow breach the resolutions (seller and
 * buyer, second source mechanism 5): one ledger row each, sized by what
 * moved in this step. */
static int write_breach(sp_world *w, const sp_act *a, int i, int j)
{
    double moved = sp_act_value(w, a) * w->M->dt_months;
    int line = SP_LINE_UNSC_ARTILLERY + a->item; /* same order as items */
    int rc = sp_ledger_add(&w->ledger, line, i, j, moved);
    return rc ? rc : sp_ledger_add(&w->ledger, line, j, i, moved);
}

/* Flows of arms, troops or technology to or from a target this step,
 * counted into *count and written to the ledger. */
static int breaches(sp_world *w, const double *e, int *count)
{
    *count = 0;
    for (int qa = 0; qa < sp_n_active(w, SP_K_TRANSFER); qa++) {
        const sp_act *a = sp_active(w, SP_K_TRANSFER, qa);
        if (a->item < 0 ||
            a->item > SP_ITEM_TECHNOLOGY || sp_act_value(w, a) <= 0 ||
            a->actor < 0 || a->target < 0)
            continue;
        for (int p = 0; p < a->n_actor; p++)
            for (int q = 0; q < a->n_target; q++) {
                int i = w->M->idx[a->actor + p], j = w->M->idx[a->target + q];
                if (i == j || !(is_target(w, e, i) || is_target(w, e, j)))
                    continue;
                ++*count;
                int rc = write_breach(w, a, i, j);
                if (rc)
                    return rc;
            }
    }
    return SP_OK;
}

/* The sum of each actor's active enforcement against j, into enf (the
 * actions in their order, each counted once per actor): one pass over
 * the actions for all actors, not one per actor. */
static void enforcement_against(sp_world *w, int j, double *enf)
{
    int *counted = w->enf_act; /* the last action counted for the actor */
    memset(enf, 0, (size_t)w->N * sizeof *enf);             /* all +0 */
    memset(counted, 0xff, (size_t)w->N * sizeof *counted);  /* all -1 */
    for (int qa = 0; qa < sp_n_active(w, SP_K_SANCTIONS); qa++) {
        const sp_act *a = sp_active(w, SP_K_SANCTIONS, qa);
        if (a->actor < 0 || a->target < 0 ||
            !in_list(w, a->target, a->n_target, j))
            continue;
        double v = sp_act_value(w, a);
        for (int p = 0; p < a->n_actor; p++) {
            int i = w->M->idx[a->actor + p];
            if (counted[i] != qa)
                enf[i] += v, counted[i] = qa;
        }
    }
}

/* K: mean over targets of the mean enforcement by non-veto actors, an
 * actor's enforcement against j being min(1, its sum against j). The
 * non-veto actors are listed at reset (ascending: the same sum). */
static double coordination(sp_world *w, const double *e)
{
    double sum = 0, *enf = w->enf;
    const int *no_veto = w->no_veto;
    int targets = 0;
    for (int j = 0; j < w->N; j++) {
        if (!is_target(w, e, j))
            continue;
        enforcement_against(w, j, enf);
        double s = 0;
        int m = 0;
        for (int q = 0; q < w->n_no_veto; q++) {
            int i = no_veto[q];
            if (i != j) {
                s += enf[i] > 1 ? 1 : enf[i];
                m++;
            }
        }
        sum += m ? s / m : 0;
        targets++;
    }
    return targets ? sum / targets : 0;
}

/* Enforcement per target into e (capped at 1); the one-off changes of R
 * this step into *jump; whether monitoring has ended into *ended. */
static void scan_acts(sp_world *w, double *e, double *jump, bool *ended)
{
    double veto_hit = sp_par(w, SP_COMP_SANCTIONS, SP_SANC_VETO_HIT);
    for (int qa = 0; qa < sp_n_active(w, SP_K_SANCTIONS); qa++) {
        const sp_act *a = sp_active(w, SP_K_SANCTIONS, qa);
        for (int q = 0; a->target >= 0 && q < a->n_target; q++)
            e[w->M->idx[a->target + q]] += sp_act_value(w, a);
    }
    /* one-off events are active in their own step only; the end of
     * monitoring persists (world flag, cleared at reset) */
    for (int qa = 0; qa < sp_n_active(w, SP_K_MONITORING_END); qa++) {
        w->monitoring_ended = true;
        *jump -= sp_par(w, SP_COMP_SANCTIONS, SP_SANC_MONITORING_HIT);
    }
    *ended = w->monitoring_ended;
    for (int qa = 0; qa < sp_n_active(w, SP_K_VETO); qa++) {
        const sp_act *a = sp_active(w, SP_K_VETO, qa);
        for (int p = 0; a->actor >= 0 && p < a->n_actor; p++)
            if (sp_sanctions_veto(w, w->M->idx[a->actor + p]))
                *jump -= veto_hit;
    }
    *jump += sp_n_active(w, SP_K_SANCTIONS_RESOLUTION) *
             sp_par(w, SP_COMP_SANCTIONS, SP_SANC_RESOLUTION_GAIN);
    /* capped: only the targets' entries can be out of [0, 1] (the rest
     * are still +0); capping an entry twice changes nothing */
    for (int qa = 0; qa < sp_n_active(w, SP_K_SANCTIONS); qa++) {
        const sp_act *a = sp_active(w, SP_K_SANCTIONS, qa);
        for (int q = 0; a->target >= 0 && q < a->n_target; q++) {
            double *x = e + w->M->idx[a->target + q];
            *x = *x > 1 ? 1 : *x < 0 ? 0 : *x;
        }
    }
}

static void reset(sp_world *w)
{
    w->n_no_veto = 0;
    for (int i = 0; i < w->N; i++)
        if (!sp_sanctions_veto(w, i))
            w->no_veto[w->n_no_veto++] = i;
    w->R = sp_par(w, SP_COMP_GLOBAL, SP_G_SANCTIONS);
    w->monitoring_ended = false;
    memset(w->drag, 0, (size_t)w->N * sizeof *w->drag);
}

static int step(sp_world *w)
{
    int n = w->N;
    double dt = w->M->dt, jump = 0, *e = w->drag; /* e first, then drag */
    bool ended = false;
    memset(e, 0, (size_t)n * sizeof *e);
    scan_acts(w, e, &jump, &ended);
    int n_breach = 0, rc = breaches(w, e, &n_breach);
    if (rc)
        return rc;
    double erode = sp_par(w, SP_COMP_SANCTIONS, SP_SANC_BREACH_EROSION) *
                   n_breach * (ended ? 2.0 : 1.0);
    double restore = sp_par(w, SP_COMP_SANCTIONS, SP_SANC_RESTORE_RATE) *
                     coordination(w, e);
    double R = w->R + dt * (restore - erode) + jump;
    w->R = R < 0 ? 0 : R > 1 ? 1 : R;
    if (!isfinite(R))
        return SP_ENUMERIC;
    double D = sp_par(w, SP_COMP_SANCTIONS, SP_SANC_MAX_DRAG);
    double integrity = w->R; /* in [0, 1] */
    /* e_j = 0 (no enforcement against j) gives drag D * e_j * R = e_j,
     * the same zero, which the entry already holds (drag is e), and
     * leaves c_j as it is: skipped, when D is finite and not negative */
    bool zero_is_zero = D >= 0 && D <= DBL_MAX;
    double *drag = w->drag, *c = w->c;
    for (int j = 0; j < n; j++) {
        if (!(zero_is_zero && e[j] == 0)) {
            drag[j] = D * e[j] * integrity;
            if (drag[j] > 0)
                c[j] *= exp(-dt * drag[j]);
        }
        if (!isfinite(c[j]))
            return SP_ENUMERIC;
    }
    return SP_OK;
}

const sp_mech sp_mech_sanctions = {
    "sanctions", &sp_comp_sanctions, reads,
    "second source, mechanism 5 (model.md §2.5)", reset, step};
