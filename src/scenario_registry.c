/*
 * scenario_registry.c - every value of a loaded scenario by its path.
 *
 * The path is the one --set takes (docs/SCENARIO.md), so what `spiral
 * check` lists can be pasted into --set, and the uncertain parameters a
 * sweep varies are named the same way everywhere: check, the store, the
 * exports. Built once after decoding, when no array moves any more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "decode.h"
#include "mech/mech.h"

#include <stdio.h>
#include <string.h>


typedef struct reg {
    sp_scenario *s;
    size_t cap;
    int rc;
} reg;

static void add(reg *r, sp_value *v, const sp_param_def *def,
                const char *unit, const char *fmt, ...) SP_PRINTF(5, 6);
static void add(reg *r, sp_value *v, const sp_param_def *def,
                const char *unit, const char *fmt, ...)
{
    sp_scenario *s = r->s;
    if (r->rc)
        return;
    if (s->n_entries == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        sp_entry *e = sp_realloc(s->entries, cap * sizeof *e);
        if (!e) {
            r->rc = SP_ENOMEM;
            return;
        }
        s->entries = e;
        r->cap = cap;
    }
    char path[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    sp_entry *e = &s->entries[s->n_entries];
    if (!(e->path = sp_strdup(path))) {
        r->rc = SP_ENOMEM;
        return;
    }
    e->val = v;
    e->def = def;
    e->unit = unit ? unit : def->unit;
    s->n_entries++;
}

static void add_actors(reg *r)
{
    sp_scenario *s = r->s;
    for (size_t i = 0; i < s->n_actors; i++)
        for (size_t a = 0; a < SP_ACTOR_NATTR; a++)
            if (a != SP_A_NAME)
                add(r, &s->actors[i].attr[a], &sp_comp_actor.params[a], NULL,
                    "actors.%s.%s", s->actors[i].id,
                    sp_comp_actor.params[a].key);
}

/* Only pairs the scenario sets (the rest are table defaults). */
static void add_dyads(reg *r)
{
    sp_scenario *s = r->s;
    size_t n = s->n_actors;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            const char *a = s->actors[i].id, *b = s->actors[j].id;
            for (size_t at = 0; at < SP_D_TREATY; at++)
                if (s->dyad[at][i * n + j].file)
                    add(r, &s->dyad[at][i * n + j], &sp_comp_dyad.params[at],
                        NULL, "dyads.%s-%s.%s", a, b,
                        sp_comp_dyad.params[at].key);
            size_t k = s->treaty_type[i * n + j] ? i * n + j : j * n + i;
            if (s->treaty_type[k])
                add(r, &s->treaty_rel[k],
                    &sp_comp_treaty.params[SP_T_RELIABILITY], NULL,
                    "dyads.%s-%s.treaty.reliability", a, b);
        }
}

static void add_action(reg *r, sp_action *a, const char *prefix)
{
    const sp_kind_def *k = sp_action_kind(a->kind);
    if (a->value.file)
        add(r, &a->value, &sp_comp_fields.params[SP_F_VALUE], k->unit,
            "%s.%s.value", prefix, a->id);
    if (a->reliability.file)
        add(r, &a->reliability, &sp_comp_fields.params[SP_F_RELIABILITY],
            NULL, "%s.%s.reliability", prefix, a->id);
    if (a->support.file)
        add(r, &a->support, &sp_comp_fields.params[SP_F_SUPPORT], NULL,
            "%s.%s.support_needed", prefix, a->id);
}

static void add_actions(reg *r)
{
    sp_scenario *s = r->s;
    for (size_t i = 0; i < s->n_events; i++)
        add_action(r, &s->events[i], "events");
    for (size_t p = 0; p < s->n_packages; p++) {
        sp_package *pk = &s->packages[p];
        char prefix[128];
        snprintf(prefix, sizeof prefix, "packages.%s.levers", pk->name);
        for (size_t l = 0; !pk->n_mix && l < pk->n_levers; l++)
            add_action(r, &pk->levers[l], prefix);
    }
}

int sp_scenario_warn(sp_scenario *s, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char **w = sp_realloc(s->warnings, (s->n_warnings + 1) * sizeof *w);
    if (!w)
        return SP_ENOMEM;
    s->warnings = w;
    if (!(w[s->n_warnings] = sp_strdup(msg)))
        return SP_ENOMEM;
    s->n_warnings++;
    return SP_OK;
}

/* Kinds used by the scenario that no mechanism reads yet (each
 * mechanism declares what it reads: src/mech/registry.c). Silence would
 * be worse: an author would think a lever had an effect. */
static int warn_unread(sp_scenario *s)
{
    size_t nk = sp_n_lever_kinds + sp_n_event_kinds;
    for (size_t k = 0; k < nk; k++) {
        size_t uses = 0;
        for (size_t i = 0; i < s->n_events; i++)
            uses += s->events[i].kind == (int)k;
        for (size_t p = 0; p < s->n_packages; p++) /* a mix only copies */
            for (size_t l = 0; !s->packages[p].n_mix &&
                               l < s->packages[p].n_levers; l++)
                uses += s->packages[p].levers[l].kind == (int)k;
        if (uses && !sp_kind_is_read(sp_action_kind((int)k)->name) &&
            sp_scenario_warn(s, "%s kind '%s' (%zu use%s): no "
                                     "mechanism reads it yet, so it has no "
                                     "effect", k < sp_n_lever_kinds ? "lever"
                                     : "event", sp_action_kind((int)k)->name,
                                     uses, uses == 1 ? "" : "s"))
            return SP_ENOMEM;
    }
    return SP_OK;
}

int sp_scenario_build_registry(sp_scenario *s, sp_error *err)
{
    reg r = {.s = s};
    for (size_t i = 0; i < SP_TIME_NATTR; i++)
        add(&r, &s->time[i], &sp_comp_time.params[i], NULL, "time.%s",
            sp_comp_time.params[i].key);
    add_actors(&r);
    add_dyads(&r);
    for (size_t c = 0; c < sp_n_param_components; c++) {
        const sp_component *comp = sp_param_components[c];
        for (size_t i = 0; i < comp->n_params; i++)
            add(&r, &s->params[c][i], &comp->params[i], NULL,
                "parameters.%s.%s", comp->name, comp->params[i].key);
    }
    add_actions(&r);
    if (!r.rc)
        r.rc = warn_unread(s);
    return r.rc ? sp_error_set(err, SP_ENOMEM, "out of memory") : SP_OK;
}
