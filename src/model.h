/*
 * model.h - a scenario compiled for one package: flat arrays, no YAML.
 *
 * sp_model is immutable and shared by all threads. Every number a
 * mechanism reads lives in one block of doubles (`vals`), addressed
 * through an sp_pview of pointers; a world that samples parameters
 * (--sample-params) copies the block and redraws its uncertain entries
 * (the bindings) at the start of each run, without allocating.
 *
 * Time: step t covers month start + t * dt_months; step0 is the first
 * step of the forecast (forecast_start); a run has n_steps steps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_MODEL_H
#define SP_MODEL_H

#include "ledger.h"
#include "scenario.h"

/* A compiled action (lever or event) of the package and the history. */
typedef struct sp_act {
    int kind;            /* as sp_action.kind */
    int start, end;      /* steps, inclusive; end = INT_MAX when open */
    int item, mode;
    int actor, target, near, actors; /* offsets into sp_model.idx; -1 none */
    int n_actor, n_target, n_near, n_actors;
    size_t value;        /* index into vals: weight * value */
    size_t reliability;  /* index into vals */
    size_t support;      /* index into vals: support_needed (0 = none) */
} sp_act;

/* Pointers into a block of values (the model's, or a world's copy). */
typedef struct sp_pview {
    const double *m0, *Y, *nuclear, *harm, *opinion0, *s0, *d0, *prox, *rel0;
    const double *par[SP_MAX_COMPONENTS];
    const double *vals;
} sp_pview;

/* Offsets of the same arrays inside the block. */
typedef struct sp_layout {
    size_t m0, Y, nuclear, harm, opinion0, s0, d0, prox, rel0;
    size_t par[SP_MAX_COMPONENTS];
} sp_layout;

/* An uncertain value: slot = scale * quantile(dist, u(entry)). */
typedef struct sp_binding {
    size_t slot;
    const sp_dist *dist;
    double scale;
    uint32_t entry;      /* the registry index: keys the draw */
} sp_binding;

struct sp_model {
    const sp_scenario *scn;
    size_t package;
    int N;
    int n_steps, step0, dt_months;
    double dt;           /* years per step */

    double *vals;        /* every resolved number */
    size_t n_vals;
    sp_layout lay;
    sp_pview pv;
    sp_binding *bind;
    size_t n_bind;

    uint8_t *treaty0;    /* N*N, i committed to j, at the start */
    int *flash;          /* N*N: flashpoint of pair (i<j), -1 none */
    int n_flash;
    uint8_t *war0;       /* N*N: level of a war in progress (i<j), 0 none */

    sp_act *acts;        /* sorted by start */
    size_t n_acts;
    /* the active actions of every step, grouped by kind, built once with
     * the model (mech/policy.c: sp_policy_plan; a world copies step t's
     * into its act_idx and kind_start): step t's indices
     * plan_idx[plan_at[t] .. plan_at[t+1]), its kind starts at
     * plan_start[t * (SP_N_KINDS + 1)] */
    int *plan_idx, *plan_at, *plan_start;
    int *idx;            /* actor index pool for sp_act lists */
    size_t n_idx;

    size_t n_outcomes;
    char **outcome_names;
    size_t n_time_outcomes; /* the first ones are "first month" outcomes */
    int *capability_actors; /* actors with a capability@ID outcome */
    size_t n_capability;
};

/* Outcome layout (model.c builds the names; run.c fills them). */
enum { SP_OUT_CLASH, SP_OUT_LIMITED, SP_OUT_MAJOR, SP_OUT_NUCLEAR,
       SP_OUT_WIDER, SP_OUT_N_GLOBAL };
/* Then 4 per flashpoint (clash..nuclear @ name), then: */
enum { SP_OUT_X_HIGHEST, SP_OUT_X_INCIDENTS, SP_OUT_X_SANCTIONS,
       SP_OUT_X_COOPERATION, SP_OUT_X_GS_WEST, SP_OUT_X_GS_NEUTRAL,
       SP_OUT_X_GS_EAST, SP_OUT_X_N };
/* then capability@ID (relative to the start) for each nuclear actor, in
 * actor order: sp_model.capability_actors; then violations@RULE for each
 * rule of the legal ledger (ledger.h), in rule order: the number of
 * violations of that rule in the run (all acts and actors); then
 * opinion@ID for every actor, in actor order: its public's final support
 * for a harder line. */

SP_INTERNAL void sp_pview_bind(sp_pview *pv, const sp_layout *lay,
                               const double *vals);
SP_INTERNAL size_t sp_model_flash_outcome(const sp_model *m, int flash,
                                          int level);

#endif /* SP_MODEL_H */
