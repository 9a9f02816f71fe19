/*
 * scenario_decode.c - the scenario's sections: top level, time, actors,
 * groups, dyads and parameters. Events and packages are in
 * scenario_actions.c.
 *
 * Order matters: actors first (everything refers to them), then groups
 * (dyads, levers and events may name groups), then the rest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sections.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>


static const char *const top_keys[] = {
    "spiral", "name", "title", "description", "extends", "time",
    "actors", "groups", "dyads", "flashpoints", "wars", "parameters",
    "events", "packages"};

static int nomem(sp_dctx *c)
{
    return sp_error_set(c->err, SP_ENOMEM, "out of memory");
}

/* ---- actor lists --------------------------------------------------------- */

long sp_actor_index(const sp_scenario *s, const char *id)
{
    for (size_t i = 0; i < s->n_actors; i++)
        if (strcmp(s->actors[i].id, id) == 0)
            return (long)i;
    return -1;
}

static long group_index(const sp_scenario *s, const char *name)
{
    for (size_t i = 0; i < s->n_groups; i++)
        if (strcmp(s->groups[i].name, name) == 0)
            return (long)i;
    return -1;
}

void sp_alist_free(sp_alist *a)
{
    sp_xfree(a->idx);
    a->idx = NULL;
    a->n = 0;
}

/* Add actor i to a sorted unique list. */
static bool alist_add(sp_alist *a, int i)
{
    size_t pos = 0;
    while (pos < a->n && a->idx[pos] < i)
        pos++;
    if (pos < a->n && a->idx[pos] == i)
        return true;
    int *p = sp_realloc(a->idx, (a->n + 1) * sizeof *p);
    if (!p)
        return false;
    memmove(p + pos + 1, p + pos, (a->n - pos) * sizeof *p);
    p[pos] = i;
    a->idx = p;
    a->n++;
    return true;
}

bool sp_lookup_actors(const sp_scenario *s, const char *name, sp_alist *out,
                      int *err_nomem)
{
    *err_nomem = 0;
    long i = sp_actor_index(s, name);
    if (i >= 0) {
        *err_nomem = !alist_add(out, (int)i);
        return true;
    }
    long g = group_index(s, name);
    if (g < 0)
        return false;
    const sp_alist *m = &s->groups[g].members;
    for (size_t k = 0; k < m->n && !*err_nomem; k++)
        *err_nomem = !alist_add(out, m->idx[k]);
    return true;
}

static int unknown_actor(sp_dctx *c, const sp_ynode *n)
{
    const sp_scenario *s = c->s;
    const char **cands = sp_malloc((s->n_actors + s->n_groups + 1) *
                                   sizeof *cands);
    if (!cands)
        return nomem(c);
    size_t k = 0;
    for (size_t i = 0; i < s->n_actors; i++)
        cands[k++] = s->actors[i].id;
    for (size_t i = 0; i < s->n_groups; i++)
        cands[k++] = s->groups[i].name;
    const char *hint = sp_did_you_mean(n->str, cands, k);
    int rc = hint ? sp_yerr(c->err, n, "unknown actor or group '%s' (did you "
                            "mean '%s'?)", n->str, hint)
                  : sp_yerr(c->err, n, "unknown actor or group '%s'", n->str);
    sp_xfree(cands);
    return rc;
}

static int add_name(sp_dctx *c, const sp_ynode *n, sp_alist *out)
{
    int rc = sp_need_scalar(c, n, "actor");
    if (rc)
        return rc;
    int oom;
    if (!sp_lookup_actors(c->s, n->str, out, &oom))
        return unknown_actor(c, n);
    return oom ? nomem(c) : SP_OK;
}

int sp_decode_actors(sp_dctx *c, const sp_ynode *n, sp_alist *out)
{
    if (n->kind != SP_Y_SEQ)
        return add_name(c, n, out);
    if (n->n == 0)
        return sp_yerr(c->err, n, "empty list of actors");
    for (size_t i = 0; i < n->n; i++) {
        int rc = add_name(c, n->kids[i], out);
        if (rc)
            return rc;
    }
    return SP_OK;
}

/* ---- time ------------------------------------------------------------------ */

static int decode_time(sp_dctx *c, const sp_ynode *n)
{
    sp_scenario *s = c->s;
    const sp_component *comp = &sp_comp_time;
    for (size_t i = 0; i < SP_TIME_NATTR; i++)
        sp_value_default(&comp->params[i], &s->time[i]);
    s->time[SP_TM_START].v = 2023 * 12;
    int rc = n ? sp_need_map(c, n, "time") : SP_OK;
    if (!rc && n)
        rc = sp_check_keys(c, n, comp, "time key");
    for (size_t i = 0; i < SP_TIME_NATTR && !rc && n; i++) {
        const sp_ynode *v = sp_ymap_get(n, comp->params[i].key);
        if (!v)
            continue;
        int month;
        if (comp->params[i].type == SP_PT_DATE) {
            rc = sp_decode_date(c, v, &month);
            s->time[i].v = month;
            s->time[i].file = v->src;
            s->time[i].line = v->line;
        } else
            rc = sp_decode_value(c, v, &comp->params[i], &s->time[i]);
    }
    if (rc)
        return rc;
    if (!n || !sp_ymap_get(n, "forecast_start"))
        s->time[SP_TM_FORECAST].v = s->time[SP_TM_START].v;
    s->start = (int)s->time[SP_TM_START].v;
    s->forecast_start = (int)s->time[SP_TM_FORECAST].v;
    s->horizon_years = (int)s->time[SP_TM_HORIZON].v;
    s->dt_months = (int)s->time[SP_TM_DT].v;
    char a[16], b[16];
    if (s->forecast_start < s->start)
        return sp_yerr(c->err, sp_ymap_get(n, "forecast_start"),
                       "forecast_start %s is before start %s",
                       sp_fmt_month(a, sizeof a, s->forecast_start),
                       sp_fmt_month(b, sizeof b, s->start));
    return SP_OK;
}

/* ---- actors ---------------------------------------------------------------- */

static bool valid_actor_id(const char *id)
{
    size_t len = strlen(id);
    if (len < 2 || len > 4)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isupper((unsigned char)id[i]))
            return false;
    return true;
}

static int decode_actor(sp_dctx *c, const sp_ynode *key, const sp_ynode *n,
                        sp_actor *a)
{
    if (!valid_actor_id(key->str))
        return sp_yerr(c->err, key, "actor id '%s': expected an ISO 3166 "
                       "alpha-3 code or a COW abbreviation (2-4 upper-case "
                       "letters)", key->str);
    snprintf(a->id, sizeof a->id, "%s", key->str);
    const sp_component *comp = &sp_comp_actor;
    for (size_t i = 0; i < SP_ACTOR_NATTR; i++)
        sp_value_default(&comp->params[i], &a->attr[i]);
    int rc = sp_need_map(c, n, a->id);
    if (!rc)
        rc = sp_check_keys(c, n, comp, "actor attribute");
    if (!rc && !sp_ymap_get(n, "cow"))
        rc = sp_yerr(c->err, key, "actor %s has no 'cow' (its Correlates of "
                     "War code is required)", a->id);
    for (size_t i = 0; i < SP_ACTOR_NATTR && !rc; i++) {
        const sp_ynode *v = sp_ymap_get(n, comp->params[i].key);
        if (!v)
            continue;
        if (i == SP_A_NAME)
            rc = sp_decode_string(c, v, &a->name);
        else
            rc = sp_decode_value(c, v, &comp->params[i], &a->attr[i]);
    }
    return rc;
}

static int decode_actors(sp_dctx *c, const sp_ynode *n)
{
    sp_scenario *s = c->s;
    int rc = sp_need_map(c, n, "actors");
    if (rc)
        return rc;
    if (n->n == 0)
        return sp_yerr(c->err, n, "actors: at least one actor is needed");
    s->actors = sp_calloc(n->n, sizeof *s->actors);
    if (!s->actors)
        return nomem(c);
    for (size_t i = 0; i < n->n && !rc; i++) {
        s->n_actors = i + 1;
        rc = decode_actor(c, sp_ymap_key(n, i), sp_ymap_val(n, i),
                          &s->actors[i]);
    }
    for (size_t i = 0; i < s->n_actors && !rc; i++)
        for (size_t j = 0; j < i && !rc; j++)
            if (s->actors[i].attr[SP_A_COW].v == s->actors[j].attr[SP_A_COW].v)
                rc = sp_yerr(c->err, sp_ymap_key(n, i), "actors %s and %s "
                             "have the same COW code %.0f", s->actors[j].id,
                             s->actors[i].id, s->actors[i].attr[SP_A_COW].v);
    return rc;
}

/* ---- groups ---------------------------------------------------------------- */

static bool valid_group_name(const char *g)
{
    size_t len = strlen(g);
    if (len == 0 || len >= 32 || !isupper((unsigned char)g[0]))
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isupper((unsigned char)g[i]) && !isdigit((unsigned char)g[i]) &&
            g[i] != '_')
            return false;
    return true;
}

/* Expand group gi (members may be groups): depth-first, cycle-checked. */
static int expand_group(sp_dctx *c, const sp_ynode *groups, size_t gi,
                        int *state)
{
    sp_group *g = &c->s->groups[gi];
    if (state[gi] == 2)
        return SP_OK;
    const sp_ynode *key = sp_ymap_key(groups, gi);
    if (state[gi] == 1)
        return sp_yerr(c->err, key, "group %s contains itself", g->name);
    state[gi] = 1;
    const sp_ynode *m = sp_ymap_val(groups, gi);
    int rc = sp_need_seq(c, m, g->name);
    for (size_t i = 0; i < (rc ? 0 : m->n) && !rc; i++) {
        const sp_ynode *item = m->kids[i];
        if ((rc = sp_need_scalar(c, item, "group member")))
            break;
        long sub = group_index(c->s, item->str);
        if (sub >= 0 && (rc = expand_group(c, groups, (size_t)sub, state)))
            break;
        rc = add_name(c, item, &g->members);
    }
    if (!rc && m->n == 0)
        rc = sp_yerr(c->err, m, "group %s is empty", g->name);
    state[gi] = 2;
    return rc;
}

static int decode_groups(sp_dctx *c, const sp_ynode *n)
{
    sp_scenario *s = c->s;
    int rc = sp_need_map(c, n, "groups");
    if (rc || n->n == 0)
        return rc;
    s->groups = sp_calloc(n->n, sizeof *s->groups);
    int *state = sp_calloc(n->n, sizeof *state);
    if (!s->groups || !state) {
        sp_xfree(state);
        return nomem(c);
    }
    s->n_groups = n->n;
    for (size_t i = 0; i < n->n && !rc; i++) {
        const sp_ynode *k = sp_ymap_key(n, i);
        if (!valid_group_name(k->str))
            rc = sp_yerr(c->err, k, "group name '%s': use upper-case "
                         "letters, digits and '_', starting with a letter",
                         k->str);
        else if (sp_actor_index(s, k->str) >= 0)
            rc = sp_yerr(c->err, k, "group name '%s' is also an actor id",
                         k->str);
        snprintf(s->groups[i].name, sizeof s->groups[i].name, "%s", k->str);
        s->groups[i].file = k->src;
        s->groups[i].line = k->line;
    }
    for (size_t i = 0; i < n->n && !rc; i++)
        rc = expand_group(c, n, i, state);
    sp_xfree(state);
    return rc;
}

/* ---- parameters ------------------------------------------------------------ */

static int decode_component(sp_dctx *c, const sp_ynode *n,
                            const sp_component *comp, sp_value *vals)
{
    for (size_t i = 0; i < comp->n_params; i++)
        sp_value_default(&comp->params[i], &vals[i]);
    if (!n)
        return SP_OK;
    char what[96];
    snprintf(what, sizeof what, "%s parameter", comp->name);
    int rc = sp_need_map(c, n, comp->where);
    if (!rc)
        rc = sp_check_keys(c, n, comp, what);
    for (size_t i = 0; i < comp->n_params && !rc; i++) {
        const sp_ynode *v = sp_ymap_get(n, comp->params[i].key);
        if (v)
            rc = sp_decode_value(c, v, &comp->params[i], &vals[i]);
    }
    return rc;
}

static int decode_parameters(sp_dctx *c, const sp_ynode *n)
{
    const char *names[SP_MAX_COMPONENTS];
    for (size_t i = 0; i < sp_n_param_components; i++)
        names[i] = sp_param_components[i]->name;
    int rc = n ? sp_need_map(c, n, "parameters") : SP_OK;
    if (!rc && n)
        rc = sp_check_names(c, n, names, sp_n_param_components,
                            "parameter component");
    for (size_t i = 0; i < sp_n_param_components && !rc; i++) {
        const sp_component *comp = sp_param_components[i];
        c->s->params[i] = sp_calloc(comp->n_params, sizeof(sp_value));
        if (!c->s->params[i])
            return nomem(c);
        rc = decode_component(c, n ? sp_ymap_get(n, comp->name) : NULL, comp,
                              c->s->params[i]);
    }
    return rc;
}

/* ---- top level ------------------------------------------------------------- */

static int decode_header(sp_dctx *c, const sp_ynode *root)
{
    sp_scenario *s = c->s;
    const sp_ynode *ver = sp_ymap_get(root, "spiral");
    if (!ver)
        return sp_yerr(c->err, root, "missing 'spiral: 1' (the scenario "
                       "language version) at the top of the file");
    if (ver->kind != SP_Y_SCALAR || strcmp(ver->str, "1") != 0)
        return sp_yerr(c->err, ver, "unsupported scenario language version "
                       "'%s' (this spiral reads version 1)",
                       ver->kind == SP_Y_SCALAR ? ver->str : "?");
    const sp_ynode *name = sp_ymap_get(root, "name");
    if (!name)
        return sp_yerr(c->err, root, "missing 'name' (a short name such as "
                       "northeast-asia-2024)");
    int rc = sp_decode_id(c, name, "scenario name", &s->name);
    const sp_ynode *t = sp_ymap_get(root, "title");
    if (!rc && t)
        rc = sp_decode_string(c, t, &s->title);
    const sp_ynode *d = sp_ymap_get(root, "description");
    if (!rc && d)
        rc = sp_decode_string(c, d, &s->description);
    return rc;
}

int sp_scenario_decode(sp_scenario *s, const sp_ynode *root, sp_error *err)
{
    sp_dctx c = {s, err};
    if (!root)
        return sp_error_set(err, SP_EINVAL, "the scenario is empty");
    int rc = sp_need_map(&c, root, "scenario");
    if (!rc)
        rc = sp_check_names(&c, root, top_keys,
                            sizeof top_keys / sizeof *top_keys,
                            "top-level key");
    if (!rc)
        rc = decode_header(&c, root);
    if (!rc)
        rc = decode_time(&c, sp_ymap_get(root, "time"));
    const sp_ynode *actors = sp_ymap_get(root, "actors");
    if (!rc && !actors)
        rc = sp_yerr(err, root, "missing 'actors'");
    if (!rc)
        rc = decode_actors(&c, actors);
    const sp_ynode *groups = sp_ymap_get(root, "groups");
    if (!rc && groups)
        rc = decode_groups(&c, groups);
    if (!rc)
        rc = sp_decode_dyads(&c, sp_ymap_get(root, "dyads"));
    const sp_ynode *fp = sp_ymap_get(root, "flashpoints");
    if (!rc && fp)
        rc = sp_decode_flashpoints(&c, fp);
    const sp_ynode *wars = sp_ymap_get(root, "wars");
    if (!rc && wars)
        rc = sp_decode_wars(&c, wars);
    if (!rc)
        rc = decode_parameters(&c, sp_ymap_get(root, "parameters"));
    const sp_ynode *events = sp_ymap_get(root, "events");
    if (!rc && events)
        rc = sp_decode_events(&c, events);
    const sp_ynode *packages = sp_ymap_get(root, "packages");
    if (!rc && !packages)
        rc = sp_yerr(err, root, "missing 'packages' (at least one, e.g. "
                     "status-quo: {levers: []})");
    if (!rc)
        rc = sp_decode_packages(&c, packages);
    return rc;
}
