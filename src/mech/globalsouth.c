/*
 * globalsouth.c - the Global South: where the states outside the
 * scenario lean (first source, mechanism 5; model.md §2.9).
 *
 * What it models: a population-weighted distribution of the Global
 * South over West-leaning (w), neutral (u) and East-leaning (e) states,
 * u = 1 - w - e. Pressure to choose sides backfires: it pushes the
 * pressing bloc's leaners back to neutral. Needs-based aid raises the
 * giver's standing without pulling anyone; loyalty-based aid counts as
 * pressure. A bloc's standing falls with its own violations in the legal
 * ledger; neutrals drift toward the bloc with the better standing (norms
 * spread by example, not by pressure). The economic cost of bloc
 * conflict (low global cooperation G) pushes leaners back to neutral.
 *
 * Blocs: the scenario actor with the highest UN ideal point anchors the
 * West and the one with the lowest the East (USA and CHN in the
 * reference); each step an actor belongs to the bloc whose anchor it is
 * more aligned with (s), or to neither at a tie. So India, the
 * Philippines and Vietnam count by their alignments, not their votes.
 *
 * Equations (each step of dt years, after cooperation; a flow at rate
 * r moves the fraction 1 - exp(-r dt) of its source, so shares stay in
 * [0, 1] and sum to 1):
 *   P_b  = min(1, pressure_to_choose_sides values + loyalty_based aid /
 *          aid_scale, by bloc b's actors)
 *   A_b  = needs_based aid by b's actors (billion USD/yr)
 *   V_b  = ledger violations by b's actors this step
 *   S_b  = aid_goodwill A_b - conduct_cost V_b / dt_months     (standing)
 *   w -> u at backfire P_W + conflict (1 - G);  e -> u at backfire P_E
 *          + conflict (1 - G)
 *   u -> w at example max(0, S_W - S_E);  u -> e at example
 *          max(0, S_E - S_W)
 * Flows are computed from the shares at the start of the step.
 *
 * Start (parameters.global_south.west, .east): from the data, by
 * scripts/global-south-shares.py: the UN members outside the scenario
 * in Latin America, Africa, the Middle East (without Israel and Turkey),
 * Asia and Oceania (without Japan, the Koreas, Taiwan, China, Australia
 * and New Zealand), weighted by COW NMC population (2022); a state leans
 * East if its 2023 UN ideal point is at or below the mean of Russia's
 * and China's, West if it is nearer the mean of the US, UK, France and
 * Germany than that; otherwise neutral. Reference: West 0.0016, East
 * 0.3495, neutral 0.6488 of 3.40 bn people in 131 states.
 *
 * Parameters (parameters.global_south), guessed unless said, defaults
 * with the range a sweep should cover:
 *   backfire 0.5 [0.1, 2] /yr per unit of pressure;
 *   conflict 0.2 [0.05, 1] /yr at G = 0;
 *   example 1 [0.2, 5] /yr per unit of standing gap;
 *   aid_goodwill 0.002 [0.0005, 0.01] standing per bn USD/yr: 10 bn a
 *     year then weighs like ~20 violations a month (conduct_cost);
 *   conduct_cost 0.001 [0.0002, 0.01] standing per violation a month;
 *   aid_scale 10 [2, 50] bn USD/yr of loyalty aid that counts as full
 *     pressure.
 * Source: first source, mechanism 5 (seed-facts); UN ideal points
 * (Bailey, Strezhnev & Voeten 2017) and COW NMC for the start.
 * Tests: test_globalsouth.c (still world: shares constant; pressure
 * backfires on the presser by the formula; needs aid draws neutrals to
 * the giver; violations cost standing; shares stay a distribution).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "globalsouth.h"
#include "lanes.h"

#include <math.h>

#define P(key, def, hi, unit, help, cite)                                      \
    SP_UNCERTAIN_REAL(key, def, 0, hi, unit, help, cite)

static const sp_param_def gs_params[] = {
    [SP_GS_WEST] = P("west", 0.0016, 1, "share",
        "West-leaning share of the Global South's population at the start",
        "unga_ideal_points.csv session 78 and nmc.csv tpop 2022 "
        "(scripts/global-south-shares.py)"),
    [SP_GS_EAST] = P("east", 0.3495, 1, "share",
        "East-leaning share at the start (neutral is the rest)",
        "unga_ideal_points.csv session 78 and nmc.csv tpop 2022 "
        "(scripts/global-south-shares.py)"),
    [SP_GS_BACKFIRE] = P("backfire", 0.5, 50, "1/yr",
        "rate at which a bloc's pressure to choose sides sends its own "
        "leaners back to neutral, per unit of pressure; plausible 0.1-2",
        "first source, mechanism 5; guessed"),
    [SP_GS_CONFLICT] = P("conflict", 0.2, 50, "1/yr",
        "rate at which the cost of bloc conflict sends leaners back to "
        "neutral at G = 0; plausible 0.05-1",
        "first source, mechanism 5; guessed"),
    [SP_GS_EXAMPLE] = P("example", 1, 100, "1/yr",
        "rate at which neutrals follow the bloc with the better standing, "
        "per unit of standing gap; plausible 0.2-5",
        "first source, mechanism 5 (norms spread by example); guessed"),
    [SP_GS_AID_GOODWILL] = P("aid_goodwill", 0.002, 1,
        "standing per bn USD/yr", "standing a bloc gains per billion USD a "
        "year of needs-based aid; plausible 0.0005-0.01",
        "first source, mechanism 5; guessed"),
    [SP_GS_CONDUCT_COST] = P("conduct_cost", 0.001, 1,
        "standing per violation a month", "standing a bloc loses per "
        "violation in the legal ledger a month; plausible 0.0002-0.01",
        "first source, mechanism 5; guessed"),
    [SP_GS_AID_SCALE] = P("aid_scale", 10, 1e4, "bn USD/yr",
        "loyalty-based aid that counts as full pressure; plausible 2-50",
        "first source, mechanism 5; guessed"),
};
const sp_component sp_comp_globalsouth = {
    "global_south", "parameters.global_south",
    "the Global South's leaning (src/mech/globalsouth.c)", gs_params,
    sizeof gs_params / sizeof gs_params[0]};

static const char *const reads[] = {"aid", "pressure_to_choose_sides", NULL};

/* The anchors: highest and lowest ideal point among the actors. */
static void anchors(const sp_world *w, int *west, int *east)
{
    const sp_scenario *s = w->M->scn;
    int hi = 0, lo = 0; /* kept in registers, not re-read through the
                           out-parameters at every actor */
    double top = s->actors[0].attr[SP_A_IDEAL_POINT].v, bottom = top;
    for (int i = 1; i < w->N; i++) {
        double x = s->actors[i].attr[SP_A_IDEAL_POINT].v;
        if (x > top)
            hi = i, top = x;
        if (x < bottom)
            lo = i, bottom = x;
    }
    *west = hi, *east = lo;
}

/* The bloc of an actor that is not an anchor, from its alignments with
 * the two anchors. */
static inline int bloc_by(double sw, double se)
{
    return sw > se ? SP_GS_BLOC_WEST : se > sw ? SP_GS_BLOC_EAST
                                               : SP_GS_BLOC_NONE;
}

int sp_gs_bloc(const sp_world *w, int i, int west, int east)
{
    if (i == west)
        return SP_GS_BLOC_WEST;
    if (i == east)
        return SP_GS_BLOC_EAST;
    return bloc_by(w->s[i * w->N + west], w->s[i * w->N + east]);
}

/* Violations in the ledger so far by actors i and i + 1 (all rules),
 * side by side (lanes.h): per lane the same sum, in line order. */
static lane_pair violations_by2(const double *count, int n, int i)
{
    const double *c = count + i;
    lane_pair v = {0, 0};
    /* a fixed, short count: unrolled */
#pragma GCC unroll 8
    for (int k = 0; k < SP_N_LINES; k++)
        v += load_pair(c + k * n);
    return v;
}

/* The same for one actor. */
static double violations_by(const double *count, int n, int i)
{
    const double *c = count + i;
    double v = 0;
#pragma GCC unroll 8
    for (int k = 0; k < SP_N_LINES; k++)
        v += c[k * n];
    return v;
}

/* The columns of the two anchors in s, for sp_gs_bloc's test without
 * going through the world for every actor. */
typedef struct {
    const double *west_col, *east_col;
    int west, east, n;
} anchor_cols;

/* Actor i's violations since the last step into its bloc's V (the
 * bloc as sp_gs_bloc finds it). */
static inline void add_violations(const anchor_cols *a, int i,
                                  double fresh, double V[2])
{
    int b = i == a->west   ? SP_GS_BLOC_WEST
            : i == a->east ? SP_GS_BLOC_EAST
                           : bloc_by(a->west_col[i * a->n],
                                     a->east_col[i * a->n]);
    if (b != SP_GS_BLOC_NONE)
        V[b] += fresh;
}

/* Pressure, needs aid and this step's violations per bloc. */
static void bloc_inputs(sp_world *w, const double *par, double P[2],
                        double A[2], double V[2])
{
    int west = w->gs_anchor[0], east = w->gs_anchor[1], n = w->N, i = 0;
    anchor_cols cols = {w->s + west, w->s + east, west, east, n};
    const double *count = w->ledger.count;
    double *seen = w->gs_viol;
    P[0] = P[1] = A[0] = A[1] = V[0] = V[1] = 0;
    for (; i + 2 <= n; i += 2) { /* two actors' totals at a time */
        lane_pair total = violations_by2(count, n, i);
        lane_pair fresh = total - load_pair(seen + i);
        store_pair(seen + i, total);
        add_violations(&cols, i, fresh[0], V);
        add_violations(&cols, i + 1, fresh[1], V);
    }
    if (i < n) {
        double total = violations_by(count, n, i);
        add_violations(&cols, i, total - seen[i], V);
        seen[i] = total;
    }
    for (int k = 0; k < 2; k++) {
        int kind = k ? SP_K_AID : SP_K_PRESSURE;
        for (int q = 0; q < sp_n_active(w, kind); q++) {
            const sp_act *a = sp_active(w, kind, q);
            if (a->actor < 0 || a->n_actor == 0)
                continue;
            int b = sp_gs_bloc(w, w->M->idx[a->actor], west, east);
            if (b == SP_GS_BLOC_NONE)
                continue;
            double v = sp_act_value(w, a);
            if (kind == SP_K_PRESSURE)
                P[b] += v;
            else if (a->mode == SP_GS_MODE_NEEDS)
                A[b] += v;
            else
                P[b] += v / par[SP_GS_AID_SCALE];
        }
    }
    for (int b = 0; b < 2; b++)
        P[b] = P[b] > 1 ? 1 : P[b];
}

/* Fraction of a share that a flow at `rate` (1/yr) moves in dt. */
static double moved(double rate, double dt)
{
    return rate > 0 ? 1.0 - exp(-rate * dt) : 0.0;
}

void sp_gs_flows(double shares[3], const double P[2], const double S[2],
                 double G, const double *par, double dt)
{
    double w = shares[0], e = shares[2], u = 1.0 - w - e;
    double conflict = par[SP_GS_CONFLICT] * (1.0 - G);
    double w_out = w * moved(par[SP_GS_BACKFIRE] * P[0] + conflict, dt);
    double e_out = e * moved(par[SP_GS_BACKFIRE] * P[1] + conflict, dt);
    double gap = S[0] - S[1];
    double to_w = u * moved(par[SP_GS_EXAMPLE] * (gap > 0 ? gap : 0), dt);
    double to_e = u * moved(par[SP_GS_EXAMPLE] * (gap < 0 ? -gap : 0), dt);
    shares[0] = w - w_out + to_w;
    shares[2] = e - e_out + to_e;
    shares[1] = 1.0 - shares[0] - shares[2];
}

static void reset(sp_world *w)
{
    double west = sp_par(w, SP_COMP_GLOBALSOUTH, SP_GS_WEST);
    double east = sp_par(w, SP_COMP_GLOBALSOUTH, SP_GS_EAST);
    if (west + east > 1) /* keep a distribution whatever was sampled */
        west /= west + east, east = 1 - west;
    w->gs[0] = west, w->gs[2] = east, w->gs[1] = 1 - west - east;
    /* the anchors depend on the scenario only: found once a run */
    anchors(w, &w->gs_anchor[0], &w->gs_anchor[1]);
    for (int i = 0; i < w->N; i++)
        w->gs_viol[i] = 0;
}

static int step(sp_world *w)
{
    const double *par = w->p.par[SP_COMP_GLOBALSOUTH];
    double P[2], A[2], V[2], S[2];
    bloc_inputs(w, par, P, A, V);
    for (int b = 0; b < 2; b++)
        S[b] = par[SP_GS_AID_GOODWILL] * A[b] -
               par[SP_GS_CONDUCT_COST] * V[b] / w->M->dt_months;
    sp_gs_flows(w->gs, P, S, w->G, par, w->M->dt);
    return isfinite(w->gs[0]) && isfinite(w->gs[2]) ? SP_OK : SP_ENUMERIC;
}

const sp_mech sp_mech_globalsouth = {
    "global_south", &sp_comp_globalsouth, reads,
    "first source, mechanism 5 (model.md §2.9)", reset, step};
