/*
 * scenario_dyads.c - the dyads: section, pair relations.
 *
 * A key "A-B" names an unordered pair of actors, or of groups, which sets
 * every pair of members. Precedence when keys overlap: actor-actor beats
 * group-actor beats group-group; two keys of equal rank that give one
 * pair different values are an error (the author must say which wins),
 * rather than the order of the file deciding silently.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "decode.h"

#include <stdio.h>
#include <string.h>

typedef struct dyad_ctx {
    sp_dctx *c;
    size_t n;
    uint8_t *rank[SP_DYAD_NATTR];          /* 0 = unset, else 1 + key rank */
    const sp_ynode **setby[SP_DYAD_NATTR]; /* the key that set it */
} dyad_ctx;

static int nomem(sp_dctx *c)
{
    return sp_error_set(c->err, SP_ENOMEM, "out of memory");
}

static int alloc_arrays(sp_dctx *c, dyad_ctx *d)
{
    sp_scenario *s = c->s;
    size_t nn = d->n * d->n;
    for (size_t a = 0; a < SP_D_TREATY; a++) {
        s->dyad[a] = sp_calloc(nn, sizeof(sp_value));
        if (!s->dyad[a])
            return nomem(c);
        for (size_t k = 0; k < nn; k++)
            sp_value_default(&sp_comp_dyad.params[a], &s->dyad[a][k]);
    }
    s->treaty_type = sp_calloc(nn, 1);
    s->treaty_rel = sp_calloc(nn, sizeof(sp_value));
    if (!s->treaty_type || !s->treaty_rel)
        return nomem(c);
    for (size_t k = 0; k < nn; k++)
        sp_value_default(&sp_comp_treaty.params[SP_T_RELIABILITY],
                         &s->treaty_rel[k]);
    for (size_t a = 0; a < SP_DYAD_NATTR; a++) {
        d->rank[a] = sp_calloc(nn, 1);
        d->setby[a] = sp_calloc(nn, sizeof(sp_ynode *));
        if (!d->rank[a] || !d->setby[a])
            return nomem(c);
    }
    return SP_OK;
}

static void free_ctx(dyad_ctx *d)
{
    for (size_t a = 0; a < SP_DYAD_NATTR; a++) {
        sp_xfree(d->rank[a]);
        sp_xfree((void *)d->setby[a]);
    }
}

static bool same_value(const sp_value *a, const sp_value *b)
{
    return !a->dist && !b->dist && a->v == b->v;
}

static int copy_value(sp_dctx *c, sp_value *dst, const sp_value *src)
{
    sp_value_free(dst);
    *dst = *src;
    if (src->dist) {
        dst->dist = sp_malloc(sizeof *dst->dist);
        if (!dst->dist)
            return nomem(c);
        *dst->dist = *src->dist;
    }
    return SP_OK;
}

/* Precedence is tracked per unordered pair. */
static size_t pair_slot(const dyad_ctx *d, size_t i, size_t j)
{
    return i < j ? i * d->n + j : j * d->n + i;
}

/* A value as a message shows it: "-0.6", "normal(mean=0, sd=0.1)". */
static void value_text(char *buf, size_t n, const sp_value *v)
{
    if (!v->dist) {
        sp_fmt_double(buf, n, v->v, 6);
        return;
    }
    sp_strbuf b;
    sp_strbuf_init(&b);
    sp_put_dist(&b, v->dist);
    snprintf(buf, n, "%s", b.s ? b.s : "?");
    sp_strbuf_free(&b);
}

/* Two keys of equal rank give pair i-j different values of attribute a
 * (was: what the earlier key set, now: what key sets). */
static int conflict(dyad_ctx *d, size_t a, size_t i, size_t j,
                    const sp_ynode *key, const char *was, const char *now)
{
    const sp_scenario *s = d->c->s;
    const sp_ynode *first = d->setby[a][pair_slot(d, i, j)];
    char at[600];
    if (first->src == key->src)
        snprintf(at, sizeof at, "line %d", first->line);
    else
        snprintf(at, sizeof at, "%s:%d", first->src->name, first->line);
    const char *x = s->actors[i].id, *y = s->actors[j].id;
    return sp_yerr(d->c->err, key, "%s of %s-%s: '%s' sets %s but '%s' at %s "
                   "sets %s; add a key %s-%s to say which wins",
                   sp_comp_dyad.params[a].key, x, y, key->str, now,
                   first->str, at, was, x, y);
}

/* May key (of rank r) set attribute a of pair k? false: a higher-ranked
 * key set it; *clash: one of the same rank set it differently. */
static bool claim(dyad_ctx *d, size_t a, size_t k, uint8_t r,
                  const sp_ynode *key, bool same, bool *clash)
{
    *clash = d->rank[a][k] == r && !same;
    if (d->rank[a][k] > r || *clash)
        return false;
    d->rank[a][k] = r;
    d->setby[a][k] = key;
    return true;
}

static int set_value(dyad_ctx *d, size_t a, size_t i, size_t j, uint8_t r,
                     const sp_ynode *key, const sp_value *v)
{
    sp_scenario *s = d->c->s;
    size_t k = i * d->n + j;
    bool clash;
    int rc;
    if (!claim(d, a, pair_slot(d, i, j), r, key,
               same_value(&s->dyad[a][k], v), &clash)) {
        if (!clash)
            return SP_OK;
        char was[200], now[200];
        value_text(was, sizeof was, &s->dyad[a][k]);
        value_text(now, sizeof now, v);
        return conflict(d, a, i, j, key, was, now);
    }
    if ((rc = copy_value(d->c, &s->dyad[a][k], v)))
        return rc;
    return copy_value(d->c, &s->dyad[a][j * d->n + i], v);
}

typedef struct treaty {
    int type, direction;
    sp_value rel;
} treaty;

/* "a defence_pact treaty (reliability 0.8)". */
static void treaty_text(char *buf, size_t n, int type, const sp_value *rel)
{
    char name[40], r[200];
    sp_choice_name(sp_comp_treaty.params[SP_T_TYPE].choices, type, name,
                   sizeof name);
    value_text(r, sizeof r, rel);
    snprintf(buf, n, "a %s treaty (reliability %s)", name, r);
}

static int set_treaty(dyad_ctx *d, size_t i, size_t j, uint8_t r,
                      const sp_ynode *key, const treaty *t)
{
    sp_scenario *s = d->c->s;
    size_t k = i * d->n + j;
    bool same = s->treaty_type[k] == t->type &&
                same_value(&s->treaty_rel[k], &t->rel);
    bool clash;
    int rc;
    if (!claim(d, SP_D_TREATY, pair_slot(d, i, j), r, key, same, &clash)) {
        if (!clash)
            return SP_OK;
        char was[300], now[300];
        treaty_text(was, sizeof was, s->treaty_type[k], &s->treaty_rel[k]);
        treaty_text(now, sizeof now, t->type, &t->rel);
        return conflict(d, SP_D_TREATY, i, j, key, was, now);
    }
    s->treaty_type[k] = (uint8_t)t->type;
    s->treaty_type[j * d->n + i] = t->direction == 0 ? (uint8_t)t->type : 0;
    rc = copy_value(d->c, &s->treaty_rel[k], &t->rel);
    if (!rc && t->direction == 0)
        rc = copy_value(d->c, &s->treaty_rel[j * d->n + i], &t->rel);
    return rc;
}

static int decode_treaty(sp_dctx *c, const sp_ynode *n, treaty *t)
{
    const sp_component *comp = &sp_comp_treaty;
    memset(t, 0, sizeof *t);
    sp_value_default(&comp->params[SP_T_RELIABILITY], &t->rel);
    int rc = sp_need_map(c, n, "treaty");
    if (!rc)
        rc = sp_check_keys(c, n, comp, "treaty key");
    char list[300];
    if (!rc && !sp_ymap_get(n, "type"))
        rc = sp_yerr(c->err, n, "treaty needs a 'type' (one of %s)",
                     sp_choices_text(list, sizeof list,
                                     comp->params[SP_T_TYPE].choices));
    if (!rc)
        rc = sp_decode_enum(c, sp_ymap_get(n, "type"),
                            &comp->params[SP_T_TYPE], &t->type);
    const sp_ynode *v = sp_ymap_get(n, "reliability");
    if (!rc && v)
        rc = sp_decode_value(c, v, &comp->params[SP_T_RELIABILITY], &t->rel);
    if (!rc && (v = sp_ymap_get(n, "direction")))
        rc = sp_decode_enum(c, v, &comp->params[SP_T_DIRECTION],
                            &t->direction);
    int month;
    if (!rc && (v = sp_ymap_get(n, "since")))
        rc = sp_decode_date(c, v, &month);
    /* The treaty's source covers its reliability only when the reliability
     * is not written (a default); a written one keeps its own location. */
    if (!rc && (v = sp_ymap_get(n, "source")) &&
        !(rc = sp_need_scalar(c, v, "source")) && !t->rel.file)
        t->rel.source = v->str;
    return rc;
}

/* Split "A-B" and resolve both sides; rank 3 actor-actor ... 1. */
static int resolve_key(sp_dctx *c, const sp_ynode *key, sp_alist *a,
                       sp_alist *b, uint8_t *rank)
{
    const char *dash = strchr(key->str, '-');
    if (!dash || dash == key->str || !dash[1] || strchr(dash + 1, '-'))
        return sp_yerr(c->err, key, "dyad key '%s': expected A-B (two actor "
                       "ids or group names joined by '-')", key->str);
    char left[64];
    snprintf(left, sizeof left, "%.*s", (int)(dash - key->str), key->str);
    if (!strcmp(left, dash + 1) && sp_actor_index(c->s, left) >= 0)
        return sp_yerr(c->err, key, "dyad key '%s': an actor has no "
                       "relation with itself", key->str);
    sp_ynode tmp = *key;
    int oom = 0, rc = SP_OK;
    const char *sides[2] = {left, dash + 1};
    sp_alist *lists[2] = {a, b};
    *rank = 3;
    for (int s = 0; s < 2 && !rc; s++) {
        tmp.str = (char *)sides[s];
        tmp.col = key->col + (s ? (int)(dash - key->str) + 1 : 0);
        if (sp_actor_index(c->s, sides[s]) < 0)
            (*rank)--;
        if (!sp_lookup_actors(c->s, sides[s], lists[s], &oom))
            rc = sp_yerr(c->err, &tmp, "unknown actor or group '%s' in dyad "
                         "key '%s'", sides[s], key->str);
        else if (oom)
            rc = nomem(c);
    }
    return rc;
}

static int decode_one(dyad_ctx *d, const sp_ynode *key, const sp_ynode *val)
{
    sp_dctx *c = d->c;
    sp_alist a = {0}, b = {0};
    uint8_t rank = 0;
    sp_value v[SP_D_TREATY];
    memset(v, 0, sizeof v);
    treaty t = {0};
    int rc = resolve_key(c, key, &a, &b, &rank);
    if (!rc)
        rc = sp_need_map(c, val, key->str);
    if (!rc)
        rc = sp_check_keys(c, val, &sp_comp_dyad, "dyad attribute");
    const sp_ynode *tn = rc ? NULL : sp_ymap_get(val, "treaty");
    if (tn)
        rc = decode_treaty(c, tn, &t);
    for (size_t at = 0; at < SP_D_TREATY && !rc; at++) {
        const sp_ynode *vn = sp_ymap_get(val, sp_comp_dyad.params[at].key);
        if (vn)
            rc = sp_decode_value(c, vn, &sp_comp_dyad.params[at], &v[at]);
    }
    for (size_t x = 0; x < a.n && !rc; x++)
        for (size_t y = 0; y < b.n && !rc; y++) {
            size_t i = (size_t)a.idx[x], j = (size_t)b.idx[y];
            if (i == j)
                continue;
            for (size_t at = 0; at < SP_D_TREATY && !rc; at++)
                if (v[at].file)
                    rc = set_value(d, at, i, j, rank, key, &v[at]);
            if (!rc && tn)
                rc = set_treaty(d, i, j, rank, key, &t);
        }
    for (size_t at = 0; at < SP_D_TREATY; at++)
        sp_value_free(&v[at]);
    sp_value_free(&t.rel);
    sp_alist_free(&a);
    sp_alist_free(&b);
    return rc;
}

int sp_decode_dyads(sp_dctx *c, const sp_ynode *n)
{
    dyad_ctx d = {.c = c, .n = c->s->n_actors};
    int rc = alloc_arrays(c, &d);
    if (!rc && n)
        rc = sp_need_map(c, n, "dyads");
    for (size_t i = 0; n && !rc && i < n->n; i++)
        rc = decode_one(&d, sp_ymap_key(n, i), sp_ymap_val(n, i));
    free_ctx(&d);
    return rc;
}
