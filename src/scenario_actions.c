/*
 * scenario_actions.c - events (dated history) and packages (levers).
 *
 * Both are lists of actions decoded by one function against the field
 * table (params.c): each kind says which fields it requires and allows,
 * and the unit and range of its value. A `mix` package is resolved here
 * into the union of its components' levers, each carrying its package's
 * weight, so the engine computes a numeric lever as the weighted sum of
 * the mixed values at every month (model.md §3) and never needs to know
 * that a package was a mix. On/off levers come only from the component
 * with the largest weight.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "decode.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int nomem(sp_dctx *c)
{
    return sp_error_set(c->err, SP_ENOMEM, "out of memory");
}

const sp_kind_def *sp_action_kind(int kind)
{
    return (size_t)kind < sp_n_lever_kinds
               ? &sp_lever_kinds[kind]
               : &sp_event_kinds[(size_t)kind - sp_n_lever_kinds];
}

static int find_kind(sp_dctx *c, const sp_ynode *n, bool is_event, int *kind)
{
    int rc = sp_need_scalar(c, n, "kind");
    if (rc)
        return rc;
    const char *cands[64];
    size_t k = 0;
    for (size_t i = 0; i < sp_n_lever_kinds; i++)
        cands[k++] = sp_lever_kinds[i].name;
    for (size_t i = 0; is_event && i < sp_n_event_kinds; i++)
        cands[k++] = sp_event_kinds[i].name;
    for (size_t i = 0; i < k; i++)
        if (strcmp(cands[i], n->str) == 0) {
            *kind = (int)i;
            return SP_OK;
        }
    const char *hint = sp_did_you_mean(n->str, cands, k);
    if (hint)
        return sp_yerr(c->err, n, "unknown %s kind '%s' (did you mean '%s'?)",
                       is_event ? "event" : "lever", n->str, hint);
    return sp_yerr(c->err, n, "unknown %s kind '%s'%s", is_event ? "event"
                   : "lever", n->str, is_event ? "" : " (see docs/SCENARIO.md"
                   " for the lever kinds)");
}

/* A lever kind used as an event is dated by `date`, not `start`. */
static void event_fields(const sp_kind_def *k, bool is_event,
                         uint32_t *allowed, uint32_t *required)
{
    *allowed = k->allowed;
    *required = k->required;
    if (is_event) {
        *allowed = (*allowed & ~SP_BIT(SP_F_START)) | SP_BIT(SP_F_DATE);
        *required |= SP_BIT(SP_F_DATE);
    }
}

/* A field the kind does not take: known to another kind, or unknown. */
static int bad_field(sp_dctx *c, const sp_ynode *key, const sp_kind_def *k,
                     bool is_event, uint32_t allowed)
{
    const char *cands[SP_NFIELDS];
    size_t n = 0;
    for (size_t j = 0; j < SP_NFIELDS; j++)
        if (allowed & SP_BIT(j))
            cands[n++] = sp_comp_fields.params[j].key;
    const char *hint = sp_did_you_mean(key->str, cands, n);
    char mean[80] = "";
    if (hint)
        snprintf(mean, sizeof mean, " (did you mean '%s'?)", hint);
    if (sp_param_index(&sp_comp_fields, key->str) >= 0)
        return sp_yerr(c->err, key, "field '%s' does not apply to kind "
                       "'%s'%s", key->str, k->name, mean);
    return sp_yerr(c->err, key, "unknown %s field '%s'%s",
                   is_event ? "event" : "lever", key->str, mean);
}

/* What a missing required field takes: " (one of ...)", " (in UNIT)". */
static void field_hint(char *buf, size_t n, size_t f, const sp_kind_def *k)
{
    const sp_param_def *d = &sp_comp_fields.params[f];
    const char *choices = d->choices;
    char list[300];
    if (f == SP_F_TYPE && !strcmp(k->name, "treaty"))
        choices = sp_comp_treaty.params[SP_T_TYPE].choices;
    buf[0] = '\0';
    if (choices)
        snprintf(buf, n, " (one of %s)",
                 sp_choices_text(list, sizeof list, choices));
    else if (f == SP_F_VALUE && (k->flags & SP_PF_ONOFF))
        snprintf(buf, n, " (0 or 1)");
    else if (f == SP_F_VALUE && strcmp(k->unit, "none") != 0)
        snprintf(buf, n, " (in %s)", k->unit);
}

static int check_fields(sp_dctx *c, const sp_ynode *map, const sp_kind_def *k,
                        bool is_event, const char *id)
{
    uint32_t allowed, required;
    event_fields(k, is_event, &allowed, &required);
    const sp_param_def *f = sp_comp_fields.params;
    for (size_t i = 0; i < map->n; i++) {
        const sp_ynode *key = sp_ymap_key(map, i);
        long fi = sp_param_index(&sp_comp_fields, key->str);
        if (fi < 0 || !(allowed & SP_BIT(fi)))
            return bad_field(c, key, k, is_event, allowed);
    }
    for (size_t j = 0; j < SP_NFIELDS; j++) {
        if (!(required & SP_BIT(j)) || sp_ymap_get(map, f[j].key))
            continue;
        char hint[400];
        field_hint(hint, sizeof hint, j, k);
        return sp_yerr(c->err, map, "%s '%s' of kind '%s' needs '%s'%s",
                       is_event ? "event" : "lever", id, k->name, f[j].key,
                       hint);
    }
    return SP_OK;
}

/* A treaty event's type is a treaty type, checked as in dyads. */
static int decode_type(sp_dctx *c, const sp_ynode *v, const sp_kind_def *k,
                       char **out)
{
    int t;
    int rc = strcmp(k->name, "treaty") ? SP_OK
             : sp_decode_enum(c, v, &sp_comp_treaty.params[SP_T_TYPE], &t);
    return rc ? rc : sp_decode_string(c, v, out);
}

/* value in the kind's range; messages name the kind and its unit. */
static int decode_kind_value(sp_dctx *c, const sp_ynode *v,
                             const sp_kind_def *k, sp_action *a)
{
    sp_param_def vd = sp_comp_fields.params[SP_F_VALUE];
    char note[160];
    if (strcmp(k->unit, "none") != 0)
        snprintf(note, sizeof note, "for kind '%s' (unit: %s)", k->name,
                 k->unit);
    else
        snprintf(note, sizeof note, "for kind '%s'", k->name);
    vd.lo = k->lo, vd.hi = k->hi;
    vd.unit = note; /* printed after the range in messages */
    return sp_decode_value(c, v, &vd, &a->value);
}

static int decode_field(sp_dctx *c, const sp_ynode *v, size_t f,
                        const sp_kind_def *k, sp_action *a)
{
    const sp_param_def *d = &sp_comp_fields.params[f];
    switch (f) {
    case SP_F_DATE:
    case SP_F_START: return sp_decode_date(c, v, &a->start);
    case SP_F_END: return sp_decode_date(c, v, &a->end);
    case SP_F_ACTOR: return sp_decode_actors(c, v, &a->actor);
    case SP_F_ACTORS: return sp_decode_actors(c, v, &a->actors);
    case SP_F_TARGET: return sp_decode_actors(c, v, &a->target);
    case SP_F_NEAR: return sp_decode_actors(c, v, &a->near);
    case SP_F_WITH: return sp_decode_actors(c, v, &a->with);
    case SP_F_ITEM: return sp_decode_enum(c, v, d, &a->item);
    case SP_F_MODE: return sp_decode_enum(c, v, d, &a->mode);
    case SP_F_TYPE: return decode_type(c, v, k, &a->type);
    case SP_F_SUBJECT: return sp_decode_id(c, v, "subject", &a->subject);
    case SP_F_SOURCE: return sp_decode_string(c, v, &a->source);
    case SP_F_NOTE: return sp_decode_string(c, v, &a->note);
    case SP_F_RELIABILITY: return sp_decode_value(c, v, d, &a->reliability);
    case SP_F_SUPPORT: return sp_decode_value(c, v, d, &a->support);
    case SP_F_VALUE: return decode_kind_value(c, v, k, a);
    default: return SP_OK; /* id and kind are read before */
    }
}

static void action_init(sp_action *a)
{
    memset(a, 0, sizeof *a);
    a->end = -1;
    a->item = a->mode = -1;
    a->weight = 1.0;
    sp_value_default(&sp_comp_fields.params[SP_F_RELIABILITY],
                     &a->reliability);
    sp_value_default(&sp_comp_fields.params[SP_F_SUPPORT], &a->support);
}

static int check_action(sp_dctx *c, const sp_ynode *n, const sp_kind_def *k,
                        sp_action *a, bool is_event)
{
    const sp_scenario *s = c->s;
    char m1[16], m2[16];
    if (!is_event && a->start < s->forecast_start)
        return sp_yerr(c->err, sp_ymap_get(n, "start"), "lever '%s' starts "
                       "%s, before forecast_start %s (packages act from "
                       "forecast_start)", a->id,
                       sp_fmt_month(m1, sizeof m1, a->start),
                       sp_fmt_month(m2, sizeof m2, s->forecast_start));
    if (is_event && a->start < s->start)
        return sp_yerr(c->err, sp_ymap_get(n, "date"), "event '%s' is dated "
                       "%s, before time.start %s", a->id,
                       sp_fmt_month(m1, sizeof m1, a->start),
                       sp_fmt_month(m2, sizeof m2, s->start));
    if (a->end >= 0 && a->end < a->start)
        return sp_yerr(c->err, sp_ymap_get(n, "end"), "end %s is before %s "
                       "%s", sp_fmt_month(m1, sizeof m1, a->end),
                       is_event ? "date" : "start",
                       sp_fmt_month(m2, sizeof m2, a->start));
    if ((k->flags & SP_PF_ONOFF) && !a->value.dist && a->value.v != 0 &&
        a->value.v != 1)
        return sp_yerr(c->err, sp_ymap_get(n, "value"), "kind '%s' is on/off:"
                       " value must be 0 or 1", k->name);
    if (k->flags & SP_PF_ONOFF && a->value.dist)
        return sp_yerr(c->err, sp_ymap_get(n, "value"), "kind '%s' is on/off:"
                       " it cannot be uncertain", k->name);
    return SP_OK;
}

static int decode_action(sp_dctx *c, const sp_ynode *n, bool is_event,
                         sp_action *a)
{
    action_init(a);
    const char *what = is_event ? "event" : "lever";
    int rc = sp_need_map(c, n, what);
    const sp_ynode *idn = rc ? NULL : sp_ymap_get(n, "id");
    if (!rc && !idn)
        rc = sp_yerr(c->err, n, "%s without an 'id'", what);
    if (!rc)
        rc = sp_decode_id(c, idn, what, &a->id);
    const sp_ynode *kn = rc ? NULL : sp_ymap_get(n, "kind");
    if (!rc && !kn)
        rc = sp_yerr(c->err, n, "%s '%s' has no 'kind'", what, a->id);
    if (!rc)
        rc = find_kind(c, kn, is_event, &a->kind);
    if (rc)
        return rc;
    const sp_kind_def *k = sp_action_kind(a->kind);
    a->file = n->src;
    a->line = n->line;
    a->start = c->s->forecast_start;
    a->value.v = k->def;
    if ((rc = check_fields(c, n, k, is_event, a->id)))
        return rc;
    for (size_t i = 0; i < n->n && !rc; i++) {
        long f = sp_param_index(&sp_comp_fields, sp_ymap_key(n, i)->str);
        rc = decode_field(c, sp_ymap_val(n, i), (size_t)f, k, a);
    }
    return rc ? rc : check_action(c, n, k, a, is_event);
}

void sp_action_free(sp_action *a)
{
    sp_xfree(a->id);
    sp_xfree(a->type);
    sp_xfree(a->subject);
    sp_xfree(a->source);
    sp_xfree(a->note);
    sp_alist_free(&a->actor);
    sp_alist_free(&a->actors);
    sp_alist_free(&a->target);
    sp_alist_free(&a->near);
    sp_alist_free(&a->with);
    sp_value_free(&a->value);
    sp_value_free(&a->reliability);
    sp_value_free(&a->support);
}

static int decode_list(sp_dctx *c, const sp_ynode *seq, bool is_event,
                       sp_action **out, size_t *n_out)
{
    int rc = sp_need_seq(c, seq, is_event ? "events" : "levers");
    if (rc || seq->n == 0)
        return rc;
    *out = sp_calloc(seq->n, sizeof **out);
    if (!*out)
        return nomem(c);
    for (size_t i = 0; i < seq->n && !rc; i++) {
        *n_out = i + 1;
        rc = decode_action(c, seq->kids[i], is_event, &(*out)[i]);
        for (size_t j = 0; j < i && !rc; j++)
            if (!strcmp((*out)[j].id, (*out)[i].id))
                rc = sp_yerr(c->err, sp_ymap_get(seq->kids[i], "id"),
                             "duplicate %s id '%s' (first at line %d)",
                             is_event ? "event" : "lever", (*out)[i].id,
                             (*out)[j].line);
    }
    return rc;
}

/* History replays in date order; events of one month keep file order. */
static void sort_by_date(sp_action *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        sp_action x = a[i];
        size_t j = i;
        for (; j > 0 && a[j - 1].start > x.start; j--)
            a[j] = a[j - 1];
        a[j] = x;
    }
}

int sp_decode_events(sp_dctx *c, const sp_ynode *seq)
{
    int rc = decode_list(c, seq, true, &c->s->events, &c->s->n_events);
    if (!rc)
        sort_by_date(c->s->events, c->s->n_events);
    return rc;
}

/* ---- packages ---------------------------------------------------------- */

static int copy_alist(sp_alist *d, const sp_alist *s)
{
    d->idx = NULL;
    if (!s->n)
        return SP_OK;
    d->idx = sp_malloc(s->n * sizeof *d->idx);
    if (!d->idx)
        return SP_ENOMEM;
    memcpy(d->idx, s->idx, s->n * sizeof *d->idx);
    return SP_OK;
}

static int copy_str(char **d, const char *s)
{
    *d = s ? sp_strdup(s) : NULL;
    return s && !*d ? SP_ENOMEM : SP_OK;
}

static int copy_val(sp_value *d, const sp_value *s)
{
    d->dist = NULL;
    if (!s->dist)
        return SP_OK;
    if (!(d->dist = sp_malloc(sizeof *d->dist)))
        return SP_ENOMEM;
    *d->dist = *s->dist;
    return SP_OK;
}

/* Deep copy. On failure d owns what was copied (the rest is NULL), so
 * sp_action_free(d) is always safe. */
static int action_copy(sp_action *d, const sp_action *s)
{
    *d = *s;
    d->id = d->type = d->subject = d->source = d->note = NULL;
    d->actor.idx = d->actors.idx = d->target.idx = d->near.idx =
        d->with.idx = NULL;
    d->value.dist = d->reliability.dist = d->support.dist = NULL;
    int rc = copy_str(&d->id, s->id) | copy_str(&d->type, s->type) |
             copy_str(&d->subject, s->subject) |
             copy_str(&d->source, s->source) | copy_str(&d->note, s->note) |
             copy_alist(&d->actor, &s->actor) |
             copy_alist(&d->actors, &s->actors) |
             copy_alist(&d->target, &s->target) |
             copy_alist(&d->near, &s->near) | copy_alist(&d->with, &s->with) |
             copy_val(&d->value, &s->value) |
             copy_val(&d->reliability, &s->reliability) |
             copy_val(&d->support, &s->support);
    return rc ? SP_ENOMEM : SP_OK;
}

long sp_package_index(const sp_scenario *s, const char *name)
{
    for (size_t i = 0; i < s->n_packages; i++)
        if (s->packages[i].name && !strcmp(s->packages[i].name, name))
            return (long)i;
    return -1;
}

static int decode_mix_weights(sp_dctx *c, const sp_ynode *mix, sp_package *p)
{
    int rc = sp_need_map(c, mix, "mix");
    if (rc)
        return rc;
    if (mix->n < 2)
        return sp_yerr(c->err, mix, "mix: name at least two packages with "
                       "weights, e.g. {reassurance: 0.5, deterrence: 0.5}");
    p->mix_names = sp_calloc(mix->n, sizeof *p->mix_names);
    p->mix_weights = sp_calloc(mix->n, sizeof *p->mix_weights);
    if (!p->mix_names || !p->mix_weights)
        return nomem(c);
    static const sp_param_def wdef = {"weight", SP_PT_REAL, 0, NAN, 0, 1,
                                      NULL, NULL, NULL, NULL};
    double sum = 0;
    for (size_t i = 0; i < mix->n && !rc; i++) {
        p->n_mix = i + 1;
        sp_value w;
        rc = sp_decode_value(c, sp_ymap_val(mix, i), &wdef, &w);
        p->mix_weights[i] = w.v;
        sum += w.v;
        if (!rc && !(p->mix_names[i] = sp_strdup(sp_ymap_key(mix, i)->str)))
            rc = nomem(c);
    }
    if (!rc && fabs(sum - 1.0) > 1e-9)
        rc = sp_yerr(c->err, mix, "mix weights sum to %.6g; they must sum "
                     "to 1", sum);
    return rc;
}

/* The mix's levers: every component's levers with its weight; on/off
 * levers only from the heaviest component (the first, on ties). */
static int resolve_mix(sp_dctx *c, const sp_ynode *mix, sp_package *p)
{
    sp_scenario *s = c->s;
    size_t heaviest = 0, total = 0;
    for (size_t i = 0; i < p->n_mix; i++) {
        long q = sp_package_index(s, p->mix_names[i]);
        if (q < 0 || s->packages[q].n_mix)
            return sp_yerr(c->err, sp_ymap_key(mix, i), q < 0
                           ? "mix: unknown package '%s'"
                           : "mix: '%s' is itself a mix; mix plain packages",
                           p->mix_names[i]);
        total += s->packages[q].n_levers;
        if (p->mix_weights[i] > p->mix_weights[heaviest])
            heaviest = i;
    }
    p->levers = total ? sp_calloc(total, sizeof *p->levers) : NULL;
    if (total && !p->levers)
        return nomem(c);
    for (size_t i = 0; i < p->n_mix; i++) {
        const sp_package *q = &s->packages[sp_package_index(s, p->mix_names[i])];
        for (size_t l = 0; l < q->n_levers; l++) {
            const sp_action *src = &q->levers[l];
            bool onoff = sp_action_kind(src->kind)->flags & SP_PF_ONOFF;
            if (onoff && i != heaviest)
                continue;
            sp_action *dst = &p->levers[p->n_levers++];
            if (action_copy(dst, src))
                return nomem(c);
            dst->weight = onoff ? 1.0 : p->mix_weights[i];
            dst->from_package = q->name;
        }
    }
    return SP_OK;
}

static int decode_package(sp_dctx *c, const sp_ynode *key,
                          const sp_ynode *val, sp_package *p)
{
    static const char *const keys[] = {"description", "levers", "mix",
                                       "source"};
    int rc = sp_decode_id(c, key, "package name", &p->name);
    if (!rc)
        rc = sp_need_map(c, val, p->name);
    if (!rc)
        rc = sp_check_names(c, val, keys, 4, "package key");
    const sp_ynode *d = rc ? NULL : sp_ymap_get(val, "description");
    if (d)
        rc = sp_decode_string(c, d, &p->description);
    const sp_ynode *lv = sp_ymap_get(val, "levers");
    const sp_ynode *mix = sp_ymap_get(val, "mix");
    if (!rc && lv && mix)
        rc = sp_yerr(c->err, mix, "package %s has both 'levers' and 'mix'; "
                     "a mix takes its levers from the packages it mixes",
                     p->name);
    if (!rc && !lv && !mix)
        rc = sp_yerr(c->err, key, "package %s needs 'levers' (a list, may be "
                     "empty) or 'mix'", p->name);
    if (!rc && lv)
        rc = decode_list(c, lv, false, &p->levers, &p->n_levers);
    if (!rc && mix)
        rc = decode_mix_weights(c, mix, p);
    return rc;
}

int sp_decode_packages(sp_dctx *c, const sp_ynode *map)
{
    sp_scenario *s = c->s;
    int rc = sp_need_map(c, map, "packages");
    if (!rc && map->n == 0)
        rc = sp_yerr(c->err, map, "packages: at least one package is needed");
    if (rc)
        return rc;
    s->packages = sp_calloc(map->n, sizeof *s->packages);
    if (!s->packages)
        return nomem(c);
    for (size_t i = 0; i < map->n && !rc; i++) {
        s->n_packages = i + 1;
        rc = decode_package(c, sp_ymap_key(map, i), sp_ymap_val(map, i),
                            &s->packages[i]);
    }
    for (size_t i = 0; i < map->n && !rc; i++)
        if (s->packages[i].n_mix)
            rc = resolve_mix(c, sp_ymap_get(sp_ymap_val(map, i), "mix"),
                             &s->packages[i]);
    return rc;
}
