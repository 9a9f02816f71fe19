/*
 * transfers.c - arms, troops, technology, food and fuel moving between
 * actors (second source, mechanisms 1-2; model.md §2.4).
 *
 * What it models: every active `transfer` lever or event (a flow from its
 * start to its end, or open) moves `value` units of `item` a month from
 * each of its actors to each of its targets. Technology, food and fuel
 * raise the receiver's capability growth (Russian help to the DPRK);
 * artillery, missiles and troops raise the receiver's capacity to
 * sustain a war (DPRK munitions and soldiers for Russia's war). The
 * sender's capability is not changed: the DPRK ships from old stocks and
 * is paid in kind, and what it gets back is its own transfer.
 *
 * Equations (each step of dt years, after arms.c has moved c):
 *   F_k      = 12 * v / S_k            flow of item k, in effect units a
 *                                      year (v per month, S_k its scale)
 *   boost_j  = sum over transfers to j of e_tech * F_tech
 *                                       + e_food * F_food      (1/yr)
 *   c_j     <- c_j + dt * boost_j
 *   war_capacity_j = 1 + sum over transfers to j of
 *                    e_art * F_art + e_mis * F_mis + e_trp * F_trp
 *                    + e_sup * (sum of war_support values for j)
 *   (war_support, model.md §2.10: outside supporters meeting a share of
 *   a war party's needs, once per lever whatever its number of members)
 * The capability added is a stock like the rest of c: arms.c depreciates
 * it with the same rate from the next step on, so a steady flow b/yr
 * lifts c toward x + b/delta. War capacity is a rate (munitions are
 * consumed within months of delivery): it is recomputed from this step's
 * flows and falls back to 1 (own means) when they stop.
 *
 * Symbols and units: c capability relative to the actor's start
 * (arms.c); v the lever's value in the item's unit per month (rounds,
 * missiles, troops, technology index 0-1, thousand tonnes), already
 * multiplied by its mix weight; S_k the scale of one effect unit:
 * artillery 1e6 rounds, missiles 100, troops 10,000, technology 1 index
 * point, food_fuel 1000 thousand tonnes (a million tonnes); boost_j per
 * year; war_capacity dimensionless (1 = own means). A group as actor or
 * target sends or receives v per member pair.
 *
 * Parameters (parameters.transfers), all guessed, defaults with the
 * plausible range a sweep should cover:
 *   artillery_effect  0.15 [0.05, 0.4] per million rounds/yr: Russia's
 *     own supply of shells was put at 3-5 million a year in 2023-2024
 *     (production plus refurbished stocks, public estimates), and shells
 *     are about half of what sustains the war, so a million rounds a
 *     year is about +15% of its own means.
 *   missile_effect    0.02 [0.005, 0.05] per 100 missiles/yr: a hundred
 *     short-range ballistic missiles a year against a Russian output of
 *     several hundred a year, missiles a small part of the war's needs.
 *   troop_effect      0.03 [0.01, 0.1] per 10,000 troops/yr: Russia
 *     recruited on the order of 300,000 a year in 2024; 10,000 is ~3%
 *     (more if they spare politically costly recruits, second source).
 *   technology_effect 0.15 [0.03, 0.6] capability per technology index
 *     point received: the reference scenario's 0.005-0.03 points a month
 *     (nominal 0.0175, 0.21 a year) then add ~3%/yr to the DPRK's
 *     capability (0.6-10%/yr over the range): "Russian help may
 *     accelerate DPRK missile and nuclear programmes" read as a few
 *     percent a year.
 *   war_support_effect 0.5 [0.2, 1] war capacity when all needs are met
 *     (support 1): the reference's G7 support for Ukraine, 0.4-0.7 of its
 *     needs, then adds 0.2-0.35 to its capacity;
 *   food_fuel_effect  0.02 [0, 0.08] capability per million tonnes: at
 *     ~600 USD/t a million tonnes frees ~0.6 bn USD, ~1.6% of the DPRK's
 *     capability stock (m0/delta ~ 3 bn / 0.08 = 37.5 bn USD) if all of
 *     it went to the military; the reference's 5-40 kt a month (nominal
 *     0.27 Mt/yr) then adds ~0.5%/yr.
 * With both Russian flows at their nominal levels the DPRK's capability
 * grows ~3.7%/yr faster than without them (before depreciation).
 * Source: second source, mechanisms 1-2 (seed-facts: transfers);
 * magnitudes guessed as above.
 * Tests: test_transfers.c (no transfer leaves c alone; a technology flow
 * adds the hand-computed amount in 12 steps and leaves the sender alone;
 * munitions raise war capacity by the formula; a flow that ends stops).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "transfers.h"

#include <math.h>
#include <string.h>

#define P(key, def, hi, unit, help, cite)                                      \
    SP_UNCERTAIN_REAL(key, def, 0, hi, unit, help, cite)

/* Index = item (artillery|missiles|troops|technology|food_fuel). */
static const sp_param_def transfer_params[] = {
    [SP_ITEM_ARTILLERY] = P("artillery_effect", 0.15, 10,
        "war capacity per million rounds/yr",
        "rise of the receiver's war capacity (1 = own means) per million "
        "artillery rounds a year; plausible 0.05-0.4",
        "second source, mechanism 1; guessed (Russia's own supply 3-5 "
        "million shells/yr in 2023-2024, shells about half of its needs)"),
    [SP_ITEM_MISSILES] = P("missile_effect", 0.02, 10,
        "war capacity per 100 missiles/yr",
        "rise of the receiver's war capacity per hundred ballistic "
        "missiles a year; plausible 0.005-0.05",
        "second source, mechanism 1; guessed"),
    [SP_ITEM_TROOPS] = P("troop_effect", 0.03, 10,
        "war capacity per 10,000 troops/yr",
        "rise of the receiver's war capacity per ten thousand troops a "
        "year; plausible 0.01-0.1",
        "second source, mechanism 1; guessed (Russia recruited ~300,000 "
        "a year in 2024)"),
    [SP_ITEM_TECHNOLOGY] = P("technology_effect", 0.15, 10,
        "capability per index point",
        "capability (relative to the receiver's start) added per "
        "technology index point received; plausible 0.03-0.6",
        "second source, mechanism 2; guessed (the reference's Russian "
        "help then adds ~3%/yr to DPRK capability)"),
    [SP_ITEM_FOOD_FUEL] = P("food_fuel_effect", 0.02, 10,
        "capability per million tonnes",
        "capability (relative to the receiver's start) added per million "
        "tonnes of food and fuel received; plausible 0-0.08",
        "second source, mechanism 1; guessed (~600 USD/t against a DPRK "
        "capability stock of ~37.5 bn USD)"),
    [SP_TRANSFER_WAR_SUPPORT] = P("war_support_effect", 0.5, 10,
        "war capacity per unit of support",
        "rise of a war party's war capacity when outside supporters meet "
        "all its needs (war_support value 1); plausible 0.2-1",
        "model.md §2.10 (Western support for Ukraine's side); guessed"),
};
const sp_component sp_comp_transfers = {
    "transfers", "parameters.transfers",
    "arms, troops, technology, food and fuel transfers "
    "(src/mech/transfers.c)",
    transfer_params, sizeof transfer_params / sizeof transfer_params[0]};

const double sp_transfer_scale[SP_N_ITEMS] = {
    [SP_ITEM_ARTILLERY] = 1e6, [SP_ITEM_MISSILES] = 100,
    [SP_ITEM_TROOPS] = 1e4, [SP_ITEM_TECHNOLOGY] = 1,
    [SP_ITEM_FOOD_FUEL] = 1e3};

double sp_transfer_rate(double effect, int item, double per_month)
{
    if (item < 0 || item >= SP_N_ITEMS)
        return 0;
    return effect * 12.0 * per_month / sp_transfer_scale[item];
}

static const char *const reads[] = {"transfer", "war_support", NULL};

/* Outside support for a side of a war (a share of its needs met, 0-1):
 * once per lever and target, whatever the number of supporters. */
static void support(sp_world *w, const sp_act *a)
{
    double v = sp_act_value(w, a);
    if (!(v > 0) || a->target < 0)
        return;
    double rise = sp_par(w, SP_COMP_TRANSFERS, SP_TRANSFER_WAR_SUPPORT) * v;
    for (int q = 0; q < a->n_target; q++)
        w->war_capacity[w->M->idx[a->target + q]] += rise;
}

/* One active transfer: add its rate to each target's boost or war
 * capacity, once per (sender, receiver) pair with sender != receiver. */
static void apply(sp_world *w, const sp_act *a)
{
    double v = sp_act_value(w, a);
    if (v == 0 || a->item < 0 || a->item >= SP_N_ITEMS || a->actor < 0 ||
        a->target < 0)
        return;
    double rate = sp_transfer_rate(
        sp_par(w, SP_COMP_TRANSFERS, (size_t)a->item), a->item, v);
    double *into = sp_transfer_is_munition(a->item) ? w->war_capacity
                                                    : w->boost;
    const int *from = w->M->idx + a->actor, *to = w->M->idx + a->target;
    for (int p = 0; p < a->n_actor; p++)
        for (int q = 0; q < a->n_target; q++)
            if (from[p] != to[q])
                into[to[q]] += rate;
}

static void reset(sp_world *w)
{
    for (int i = 0; i < w->N; i++) {
        w->boost[i] = 0;
        w->war_capacity[i] = 1.0;
    }
}

static int step(sp_world *w)
{
    int n = w->N;
    double dt = w->M->dt;
    reset(w);
    for (int q = 0; q < sp_n_active(w, SP_K_TRANSFER); q++)
        apply(w, sp_active(w, SP_K_TRANSFER, q));
    for (int q = 0; q < sp_n_active(w, SP_K_WAR_SUPPORT); q++)
        support(w, sp_active(w, SP_K_WAR_SUPPORT, q));
    for (int j = 0; j < n; j++) {
        if (w->boost[j] != 0)
            w->c[j] += dt * w->boost[j];
        if (!isfinite(w->c[j]) || !isfinite(w->war_capacity[j]))
            return SP_ENUMERIC;
    }
    return SP_OK;
}

const sp_mech sp_mech_transfers = {
    "transfers", &sp_comp_transfers, reads,
    "second source, mechanisms 1-2 (model.md §2.4)", reset, step};
