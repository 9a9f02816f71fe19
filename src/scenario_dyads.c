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

/* May key (of rank r) set attribute a of pair k? */
static int claim(dyad_ctx *d, size_t a, size_t k, uint8_t r,
                 const sp_ynode *key, bool same, bool *take)
{
    *take = false;
    if (d->rank[a][k] > r)
        return SP_OK;
    if (d->rank[a][k] == r && !same)
        return sp_yerr(d->c->err, key, "%s of this pair is also set, "
                       "differently, by '%s' at line %d; say which wins by "
                       "naming the pair itself", sp_comp_dyad.params[a].key,
                       d->setby[a][k]->str, d->setby[a][k]->line);
    d->rank[a][k] = r;
    d->setby[a][k] = key;
    *take = true;
    return SP_OK;
}

static int set_value(dyad_ctx *d, size_t a, size_t i, size_t j, uint8_t r,
                     const sp_ynode *key, const sp_value *v)
{
    sp_scenario *s = d->c->s;
    size_t k = i * d->n + j;
    bool take;
    int rc = claim(d, a, pair_slot(d, i, j), r, key,
                   same_value(&s->dyad[a][k], v), &take);
    if (rc || !take)
        return rc;
    if ((rc = copy_value(d->c, &s->dyad[a][k], v)))
        return rc;
    return copy_value(d->c, &s->dyad[a][j * d->n + i], v);
}

typedef struct treaty {
    int type, direction;
    sp_value rel;
} treaty;

static int set_treaty(dyad_ctx *d, size_t i, size_t j, uint8_t r,
                      const sp_ynode *key, const treaty *t)
{
    sp_scenario *s = d->c->s;
    size_t k = i * d->n + j;
    bool same = s->treaty_type[k] == t->type &&
                same_value(&s->treaty_rel[k], &t->rel);
    bool take;
    int rc = claim(d, SP_D_TREATY, pair_slot(d, i, j), r, key, same, &take);
    if (rc || !take)
        return rc;
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
    if (!rc && !sp_ymap_get(n, "type"))
        rc = sp_yerr(c->err, n, "treaty needs a 'type' (%s)",
                     comp->params[SP_T_TYPE].choices);
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
