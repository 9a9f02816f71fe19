/*
 * model.c - compile a scenario and one package into an sp_model.
 *
 * What compiling does, in order: lay out one block of doubles for every
 * number the mechanisms read (actors, dyads, mechanism parameters, action
 * values); fill it with nominal values; record a binding for each
 * uncertain value so a world can redraw it per replication (keyed by the
 * value's registry index, so replication r draws the same parameters in
 * every package: common random numbers); turn the history's events and
 * the package's levers into step-indexed actions; name the outcomes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "model.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "mech/mech.h" /* sp_policy_plan */

typedef struct compiler {
    sp_model *m;
    const sp_scenario *s;
    const sp_model_opts *o;
    sp_error *err;
    size_t cap_bind, cap_idx;
} compiler;

static int nomem(compiler *c)
{
    return sp_error_set(c->err, SP_ENOMEM, "out of memory");
}

/* ---- the value block ---------------------------------------------------- */

static void layout(compiler *c)
{
    sp_model *m = c->m;
    size_t n = (size_t)m->N, at = 0;
    m->lay.m0 = at, at += n;
    m->lay.Y = at, at += n;
    m->lay.nuclear = at, at += n;
    m->lay.harm = at, at += n;
    m->lay.opinion0 = at, at += n;
    m->lay.s0 = at, at += n * n;
    m->lay.d0 = at, at += n * n;
    m->lay.prox = at, at += n * n;
    m->lay.rel0 = at, at += n * n;
    for (size_t k = 0; k < sp_n_param_components; k++)
        m->lay.par[k] = at, at += sp_param_components[k]->n_params;
    m->n_vals = at; /* actions are appended later */
}

void sp_pview_bind(sp_pview *pv, const sp_layout *lay, const double *vals)
{
    pv->vals = vals;
    pv->m0 = vals + lay->m0;
    pv->Y = vals + lay->Y;
    pv->nuclear = vals + lay->nuclear;
    pv->harm = vals + lay->harm;
    pv->opinion0 = vals + lay->opinion0;
    pv->s0 = vals + lay->s0;
    pv->d0 = vals + lay->d0;
    pv->prox = vals + lay->prox;
    pv->rel0 = vals + lay->rel0;
    for (size_t k = 0; k < sp_n_param_components; k++)
        pv->par[k] = vals + lay->par[k];
}

static long entry_of(const sp_scenario *s, const sp_value *v)
{
    for (size_t i = 0; i < s->n_entries; i++)
        if (s->entries[i].val == v)
            return (long)i;
    return -1;
}

static long entry_of_path(const sp_scenario *s, const char *path)
{
    for (size_t i = 0; i < s->n_entries; i++)
        if (!strcmp(s->entries[i].path, path))
            return (long)i;
    return -1;
}

/* Put v (times scale) at slot; bind it if uncertain. entry is the
 * registry entry that keys the draw (a mirror or copy shares it), or
 * ENTRY_OF_KEY: look up `key`'s entry, only when v is uncertain (the
 * lookup is a linear search, and a world-sized scenario has ~10^5
 * certain values). */
#define ENTRY_OF_KEY (-2L)
static int put_keyed(compiler *c, size_t slot, const sp_value *v,
                     double scale, long entry, const sp_value *key)
{
    sp_model *m = c->m;
    m->vals[slot] = scale * v->v;
    if (!v->dist)
        return SP_OK;
    if (entry == ENTRY_OF_KEY)
        entry = entry_of(c->s, key);
    if (entry < 0)
        return sp_error_set(c->err, SP_EINTERNAL, "uncertain value without "
                            "a registry entry (slot %zu)", slot);
    if (m->n_bind == c->cap_bind) {
        size_t cap = c->cap_bind ? 2 * c->cap_bind : 64;
        sp_binding *b = sp_realloc(m->bind, cap * sizeof *b);
        if (!b)
            return nomem(c);
        m->bind = b;
        c->cap_bind = cap;
    }
    m->bind[m->n_bind++] = (sp_binding){slot, v->dist, scale,
                                        (uint32_t)entry};
    return SP_OK;
}

static int put(compiler *c, size_t slot, const sp_value *v, double scale,
               long entry)
{
    return put_keyed(c, slot, v, scale, entry, NULL);
}

/* v keyed by its own entry, or by a mirror's (key). */
static int put_value(compiler *c, size_t slot, const sp_value *v,
                     const sp_value *key)
{
    return put_keyed(c, slot, v, 1.0, ENTRY_OF_KEY, key);
}

static int fill_actors(compiler *c)
{
    const sp_scenario *s = c->s;
    sp_model *m = c->m;
    int rc = SP_OK;
    for (int i = 0; i < m->N && !rc; i++) {
        const sp_actor *a = &s->actors[i];
        const sp_value *mil = &a->attr[SP_A_MILEX];
        rc = put_value(c, m->lay.m0 + i, mil, mil);
        if (!rc)
            rc = put_value(c, m->lay.Y + i, &a->attr[SP_A_ECONOMY],
                           &a->attr[SP_A_ECONOMY]);
        if (!rc)
            rc = put_value(c, m->lay.harm + i, &a->attr[SP_A_CIVILIAN_HARM],
                           &a->attr[SP_A_CIVILIAN_HARM]);
        if (!rc)
            rc = put_value(c, m->lay.opinion0 + i, &a->attr[SP_A_OPINION],
                           &a->attr[SP_A_OPINION]);
        m->vals[m->lay.nuclear + i] = a->attr[SP_A_NUCLEAR].v;
    }
    return rc;
}

static int fill_dyads(compiler *c)
{
    const sp_scenario *s = c->s;
    sp_model *m = c->m;
    size_t n = (size_t)m->N;
    const size_t off[3] = {m->lay.s0, m->lay.d0, m->lay.prox};
    int rc = SP_OK;
    for (size_t i = 0; i < n && !rc; i++)
        for (size_t j = 0; j < n && !rc; j++) {
            size_t k = i * n + j, canon = i < j ? k : j * n + i;
            for (size_t a = 0; a < 3 && !rc; a++)
                rc = put_value(c, off[a] + k, &s->dyad[a][k],
                               &s->dyad[a][canon]);
            size_t tk = s->treaty_type[canon] ? canon
                                              : (i < j ? j * n + i : i * n + j);
            if (!rc)
                rc = put_value(c, m->lay.rel0 + k, &s->treaty_rel[k],
                               &s->treaty_rel[tk]);
            m->treaty0[k] = s->treaty_type[k];
        }
    return rc;
}

static int fill_params(compiler *c)
{
    const sp_scenario *s = c->s;
    int rc = SP_OK;
    for (size_t k = 0; k < sp_n_param_components && !rc; k++)
        for (size_t i = 0; i < sp_param_components[k]->n_params && !rc; i++)
            rc = put_value(c, c->m->lay.par[k] + i, &s->params[k][i],
                           &s->params[k][i]);
    return rc;
}

/* ---- flashpoints and wars in progress ---------------------------------- */

static void fill_flash_and_wars(compiler *c)
{
    const sp_scenario *s = c->s;
    sp_model *m = c->m;
    size_t n = (size_t)m->N;
    for (size_t k = 0; k < n * n; k++)
        m->flash[k] = -1;
    for (size_t f = s->n_flashpoints; f-- > 0;) /* first listed wins */
        for (size_t p = 0; p < s->flashpoints[f].n; p++)
            m->flash[s->flashpoints[f].pairs[p]] = (int)f;
    m->n_flash = (int)s->n_flashpoints;
    for (size_t w = 0; w < s->n_wars; w++) {
        const sp_war *war = &s->wars[w];
        for (size_t x = 0; x < war->side[0].n; x++)
            for (size_t y = 0; y < war->side[1].n; y++) {
                int i = war->side[0].idx[x], j = war->side[1].idx[y];
                size_t k = i < j ? (size_t)i * n + (size_t)j
                                 : (size_t)j * n + (size_t)i;
                if (war->level > m->war0[k])
                    m->war0[k] = (uint8_t)war->level;
            }
    }
}

/* ---- actions ------------------------------------------------------------- */

static int add_list(compiler *c, const sp_alist *a, int *off, int *count)
{
    sp_model *m = c->m;
    *off = -1;
    *count = (int)a->n;
    if (!a->n)
        return SP_OK;
    if (m->n_idx + a->n > c->cap_idx) {
        size_t cap = c->cap_idx ? 2 * c->cap_idx : 256;
        while (cap < m->n_idx + a->n)
            cap *= 2;
        int *p = sp_realloc(m->idx, cap * sizeof *p);
        if (!p)
            return nomem(c);
        m->idx = p;
        c->cap_idx = cap;
    }
    *off = (int)m->n_idx;
    memcpy(m->idx + m->n_idx, a->idx, a->n * sizeof *a->idx);
    m->n_idx += a->n;
    return SP_OK;
}

static int to_step(const sp_model *m, int month)
{
    int d = month - m->scn->start;
    return d < 0 ? 0 : d / m->dt_months;
}

static bool dropped(const sp_model_opts *o, const char *id)
{
    for (size_t i = 0; o && i < o->n_without; i++)
        if (!strcmp(o->without_events[i], id))
            return true;
    return false;
}

static bool lever_dropped(const sp_model_opts *o, const char *id)
{
    for (size_t i = 0; o && i < o->n_without_levers; i++)
        if (!strcmp(o->without_levers[i], id))
            return true;
    return false;
}

/* Value slots of actions come after the fixed layout. */
static int add_action(compiler *c, const sp_action *a, const char *pkg)
{
    sp_model *m = c->m;
    sp_act *x = &m->acts[m->n_acts];
    memset(x, 0, sizeof *x);
    x->kind = a->kind;
    x->start = to_step(m, a->start);
    x->end = a->end < 0 ? INT_MAX : to_step(m, a->end);
    x->item = a->item;
    x->mode = a->mode;
    if (a->kind == SP_K_TREATY) /* the treaty type travels in item */
        x->item = sp_choice_index(sp_comp_treaty.params[SP_T_TYPE].choices,
                                  a->type);
    int rc = add_list(c, &a->actor, &x->actor, &x->n_actor);
    if (!rc)
        rc = add_list(c, &a->target, &x->target, &x->n_target);
    if (!rc)
        rc = add_list(c, &a->near, &x->near, &x->n_near);
    if (!rc)
        rc = add_list(c, &a->actors, &x->actors, &x->n_actors);
    x->value = m->n_vals++;
    x->reliability = m->n_vals++;
    x->support = m->n_vals++;
    long e = -1, es = -1;
    if (!rc && a->value.dist && pkg) {
        char path[256];
        snprintf(path, sizeof path, "packages.%s.levers.%s.value", pkg, a->id);
        e = entry_of_path(c->s, path);
    } else if (!rc && a->value.dist)
        e = entry_of(c->s, &a->value);
    if (!rc && a->support.dist && pkg) {
        char path[256];
        snprintf(path, sizeof path, "packages.%s.levers.%s.support_needed",
                 pkg, a->id);
        es = entry_of_path(c->s, path);
    } else if (!rc && a->support.dist)
        es = entry_of(c->s, &a->support);
    if (!rc)
        rc = put(c, x->value, &a->value, a->weight, e);
    if (!rc)
        rc = put(c, x->support, &a->support, 1.0, es);
    if (!rc)
        rc = put_value(c, x->reliability, &a->reliability, &a->reliability);
    m->n_acts++;
    return rc;
}

static int cmp_acts(const void *a, const void *b)
{
    const sp_act *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->value < y->value ? -1 : x->value > y->value; /* stable */
}

static int compile_actions(compiler *c)
{
    const sp_scenario *s = c->s;
    sp_model *m = c->m;
    const sp_package *p = &s->packages[m->package];
    size_t total = s->n_events + p->n_levers;
    m->acts = sp_calloc(total ? total : 1, sizeof *m->acts);
    /* three value slots per action (value, reliability, support_needed),
     * appended to the block */
    double *v = sp_realloc(m->vals, (m->n_vals + 3 * total + 1) * sizeof *v);
    if (!m->acts || !v)
        return v ? nomem(c) : (sp_xfree(m->acts), m->acts = NULL, nomem(c));
    m->vals = v;
    int rc = SP_OK;
    for (size_t i = 0; i < s->n_events && !rc; i++)
        if (!dropped(c->o, s->events[i].id))
            rc = add_action(c, &s->events[i], NULL);
    for (size_t i = 0; i < p->n_levers && !rc; i++)
        if (!lever_dropped(c->o, p->levers[i].id))
            rc = add_action(c, &p->levers[i],
                            p->n_mix ? p->levers[i].from_package : p->name);
    qsort(m->acts, m->n_acts, sizeof *m->acts, cmp_acts);
    return rc;
}

static int check_without(compiler *c)
{
    for (size_t i = 0; c->o && i < c->o->n_without; i++) {
        bool found = false;
        for (size_t e = 0; e < c->s->n_events && !found; e++)
            found = !strcmp(c->s->events[e].id, c->o->without_events[i]);
        if (!found)
            return sp_error_set(c->err, SP_EINVAL, "--without-event %s: the "
                                "scenario has no event with that id",
                                c->o->without_events[i]);
    }
    return SP_OK;
}

/* ---- outcomes ------------------------------------------------------------- */

size_t sp_model_flash_outcome(const sp_model *m, int flash, int level)
{
    (void)m;
    return SP_OUT_N_GLOBAL + 4 * (size_t)flash +
           (size_t)(level - SP_LEVEL_CLASH);
}

/* The name of per-run outcome x (counted after the "first month" ones):
 * the fixed ones, then capability@ID per nuclear actor, violations@RULE
 * per ledger rule, opinion@ID per actor (model.h). */
static void per_run_name(const compiler *c, size_t x, char *buf, size_t n)
{
    static const char *const extra[SP_OUT_X_N] = {
        "highest_level", "incidents", "sanctions_integrity", "cooperation",
        "gs_west", "gs_neutral", "gs_east"};
    const sp_model *m = c->m;
    if (x < SP_OUT_X_N) {
        snprintf(buf, n, "%s", extra[x]);
        return;
    }
    x -= SP_OUT_X_N;
    if (x < m->n_capability) {
        snprintf(buf, n, "capability@%s",
                 c->s->actors[m->capability_actors[x]].id);
        return;
    }
    x -= m->n_capability;
    if (x < SP_N_RULES) {
        snprintf(buf, n, "violations@%s", sp_rules[x].name);
        return;
    }
    x -= SP_N_RULES;
    snprintf(buf, n, "opinion@%s", c->s->actors[x].id);
}

static int name_outcomes(compiler *c)
{
    sp_model *m = c->m;
    size_t nf = (size_t)m->n_flash;
    m->n_time_outcomes = SP_OUT_N_GLOBAL + 4 * nf;
    m->capability_actors = sp_calloc((size_t)m->N + 1, sizeof(int));
    if (!m->capability_actors)
        return nomem(c);
    for (int i = 0; i < m->N; i++)
        if (c->s->actors[i].attr[SP_A_NUCLEAR].v > 0)
            m->capability_actors[m->n_capability++] = i;
    m->n_outcomes = m->n_time_outcomes + SP_OUT_X_N + m->n_capability +
                    SP_N_RULES + (size_t)m->N;
    m->outcome_names = sp_calloc(m->n_outcomes, sizeof(char *));
    if (!m->outcome_names)
        return nomem(c);
    char buf[128];
    for (size_t i = 0; i < m->n_outcomes; i++) {
        if (i < SP_OUT_WIDER)
            snprintf(buf, sizeof buf, "%s", sp_level_name((int)i + 3));
        else if (i == SP_OUT_WIDER)
            snprintf(buf, sizeof buf, "wider_war");
        else if (i < m->n_time_outcomes)
            snprintf(buf, sizeof buf, "%s@%s",
                     sp_level_name((int)((i - SP_OUT_N_GLOBAL) % 4) + 3),
                     c->s->flashpoints[(i - SP_OUT_N_GLOBAL) / 4].name);
        else
            per_run_name(c, i - m->n_time_outcomes, buf, sizeof buf);
        if (!(m->outcome_names[i] = sp_strdup(buf)))
            return nomem(c);
    }
    return SP_OK;
}

/* ---- public ----------------------------------------------------------------- */

static int allocate(compiler *c)
{
    sp_model *m = c->m;
    size_t n = (size_t)m->N;
    m->vals = sp_calloc(m->n_vals + 1, sizeof *m->vals);
    m->treaty0 = sp_calloc(n * n, 1);
    m->flash = sp_calloc(n * n, sizeof *m->flash);
    m->war0 = sp_calloc(n * n, 1);
    return m->vals && m->treaty0 && m->flash && m->war0 ? SP_OK : nomem(c);
}

static int set_time(compiler *c)
{
    const sp_scenario *s = c->s;
    sp_model *m = c->m;
    int horizon = c->o && c->o->horizon_years > 0 ? c->o->horizon_years
                                                  : s->horizon_years;
    if (horizon > 100)
        return sp_error_set(c->err, SP_EINVAL, "horizon %d years: at most "
                            "100", horizon);
    m->dt_months = s->dt_months;
    m->dt = s->dt_months / 12.0;
    m->step0 = (s->forecast_start - s->start) / s->dt_months;
    m->n_steps = m->step0 + (12 * horizon) / s->dt_months;
    return SP_OK;
}

int sp_model_new(const sp_scenario *s, size_t package,
                 const sp_model_opts *opts, sp_model **out, sp_error *err)
{
    *out = NULL;
    if (package >= s->n_packages)
        return sp_error_set(err, SP_ENOTFOUND, "no package number %zu",
                            package);
    sp_model *m = sp_calloc(1, sizeof *m);
    if (!m)
        return sp_error_set(err, SP_ENOMEM, "out of memory");
    compiler c = {.m = m, .s = s, .o = opts, .err = err};
    m->scn = s;
    m->package = package;
    m->N = (int)s->n_actors;
    layout(&c);
    int rc = set_time(&c);
    if (!rc)
        rc = check_without(&c);
    if (!rc)
        rc = allocate(&c);
    if (!rc)
        rc = fill_actors(&c);
    if (!rc)
        rc = fill_dyads(&c);
    if (!rc)
        rc = fill_params(&c);
    if (!rc)
        fill_flash_and_wars(&c);
    if (!rc)
        rc = compile_actions(&c);
    if (!rc)
        rc = name_outcomes(&c);
    if (!rc && !sp_policy_plan(m))
        rc = nomem(&c);
    if (rc) {
        sp_model_free(m);
        return rc;
    }
    sp_pview_bind(&m->pv, &m->lay, m->vals);
    *out = m;
    return SP_OK;
}

void sp_model_free(sp_model *m)
{
    if (!m)
        return;
    sp_xfree(m->vals);
    sp_xfree(m->bind);
    sp_xfree(m->treaty0);
    sp_xfree(m->flash);
    sp_xfree(m->war0);
    sp_xfree(m->acts);
    sp_xfree(m->plan_idx);
    sp_xfree(m->plan_at);
    sp_xfree(m->plan_start);
    sp_xfree(m->idx);
    sp_xfree(m->capability_actors);
    for (size_t i = 0; m->outcome_names && i < m->n_outcomes; i++)
        sp_xfree(m->outcome_names[i]);
    sp_xfree(m->outcome_names);
    sp_xfree(m);
}

size_t sp_model_n_outcomes(const sp_model *m) { return m->n_outcomes; }
int sp_model_n_steps(const sp_model *m) { return m->n_steps; }

const char *sp_model_outcome_name(const sp_model *m, size_t i)
{
    return i < m->n_outcomes ? m->outcome_names[i] : NULL;
}
