/*
 * mech.h - mechanisms as a table of type descriptors (style.md §6).
 *
 * Each src/mech/<name>.c exports one constant sp_mech: its name, its
 * parameter table (decoded under `parameters.<name>`), the lever and
 * event kinds it reads (`spiral check` warns about kinds nobody reads),
 * reset and step functions over the whole world, and its citation. The
 * registry (registry.c) lists them in step order (model.md §2).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_MECH_H
#define SP_MECH_H

#include "../world.h"

typedef struct sp_mech {
    const char *name;
    const sp_component *params;   /* NULL: none */
    const char *const *reads;     /* lever/event kinds read; NULL-ended */
    const char *citation;
    void (*reset)(sp_world *w);   /* at sp_run_init, after the world reset */
    int (*step)(sp_world *w);     /* one step; SP_OK or SP_ENUMERIC */
} sp_mech;

SP_INTERNAL extern const sp_mech sp_mech_policy;
SP_INTERNAL extern const sp_mech sp_mech_arms;
SP_INTERNAL extern const sp_mech sp_mech_escalation;
SP_INTERNAL extern const sp_mech sp_mech_alignment;
SP_INTERNAL extern const sp_mech sp_mech_transfers;
SP_INTERNAL extern const sp_mech sp_mech_sanctions;
SP_INTERNAL extern const sp_mech sp_mech_trust;
SP_INTERNAL extern const sp_mech sp_mech_conduct;
SP_INTERNAL extern const sp_mech sp_mech_cooperation;
SP_INTERNAL extern const sp_mech sp_mech_opinion;
SP_INTERNAL extern const sp_mech sp_mech_globalsouth;
SP_INTERNAL extern const sp_mech sp_mech_deterrence;

/* Step order. */
SP_INTERNAL extern const sp_mech *const sp_mechs[];
SP_INTERNAL extern const size_t sp_n_mechs;

/* True if some mechanism reads this lever/event kind name. */
SP_INTERNAL bool sp_kind_is_read(const char *kind);

/* The lists below for every step of a run, once with the model (into
 * its plan_*, freed by sp_model_free; model.c calls it); false when out
 * of memory. */
SP_INTERNAL bool sp_policy_plan(sp_model *m);

/* The actions of one kind active this step (built by policy.c, which
 * runs first): for (int q = 0; q < sp_n_active(w, K); q++) a =
 * sp_active(w, K, q). */
static inline int sp_n_active(const sp_world *w, int kind)
{
    return w->kind_start[kind + 1] - w->kind_start[kind];
}
static inline const sp_act *sp_active(const sp_world *w, int kind, int q)
{
    return &w->M->acts[w->act_idx[w->kind_start[kind] + q]];
}

/* What an active lever or event delivers this step: its value (times its
 * mix weight) scaled by the public support its actors give it
 * (opinion.c; 1 for events and for levers that need no support). Every
 * mechanism reads action values through this. */
static inline double sp_act_value(const sp_world *w, const sp_act *a)
{
    return w->p.vals[a->value] * w->act_scale[a - w->M->acts];
}

/* A mechanism's parameter by its index in its table, for this run. */
static inline double sp_par(const sp_world *w, size_t comp, size_t i)
{
    return w->p.par[comp][i];
}

/* Component index of a mechanism's table in sp_param_components. */
SP_INTERNAL size_t sp_component_index(const sp_component *c);

#endif /* SP_MECH_H */
