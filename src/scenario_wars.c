/*
 * scenario_wars.c - flashpoints and wars in progress.
 *
 *   flashpoints:
 *     korea: [PRK-KOR, PRK-USA]        # dyad keys (actors or groups)
 *   wars:
 *     - {id: rus-ukr, sides: [[RUS], [UKR]], level: major_war, since: 2022-02}
 *
 * A dyad belongs to the first flashpoint that lists it (a pair named by
 * two flashpoints counts for the first: say so in the scenario). A war in
 * progress puts every cross-side pair at its level from the first step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sections.h"

#include <string.h>

static const char *const level_names[SP_N_LEVELS] = {
    "none", "incident", "crisis", "clash", "limited_war", "major_war",
    "nuclear_use"};

const char *sp_level_name(int level)
{
    return level >= 0 && level < SP_N_LEVELS ? level_names[level] : "?";
}

static int nomem(sp_dctx *c)
{
    return sp_error_set(c->err, SP_ENOMEM, "out of memory");
}

/* Resolve "A-B" into both sides' actor lists. */
static int pair_sides(sp_dctx *c, const sp_ynode *key, sp_alist *a,
                      sp_alist *b)
{
    int rc = sp_need_scalar(c, key, "dyad");
    if (rc)
        return rc;
    const char *dash = strchr(key->str, '-');
    if (!dash || dash == key->str || !dash[1] || strchr(dash + 1, '-'))
        return sp_yerr(c->err, key, "'%s': expected A-B (two actor ids or "
                       "group names joined by '-')", key->str);
    char left[64];
    snprintf(left, sizeof left, "%.*s", (int)(dash - key->str), key->str);
    int oom = 0;
    if (!sp_lookup_actors(c->s, left, a, &oom) ||
        (!oom && !sp_lookup_actors(c->s, dash + 1, b, &oom)))
        return oom ? nomem(c)
                   : sp_yerr(c->err, key, "'%s': unknown actor or group",
                             key->str);
    return oom ? nomem(c) : SP_OK;
}

static int add_pairs(sp_dctx *c, const sp_ynode *key, sp_flashpoint *f)
{
    sp_alist a = {0}, b = {0};
    int rc = pair_sides(c, key, &a, &b);
    size_t n = c->s->n_actors;
    for (size_t x = 0; x < a.n && !rc; x++)
        for (size_t y = 0; y < b.n && !rc; y++) {
            int i = a.idx[x], j = b.idx[y];
            if (i == j)
                continue;
            int k = i < j ? i * (int)n + j : j * (int)n + i;
            int *p = sp_realloc(f->pairs, (f->n + 1) * sizeof *p);
            if (!p) {
                rc = nomem(c);
                break;
            }
            f->pairs = p;
            f->pairs[f->n++] = k;
        }
    sp_alist_free(&a);
    sp_alist_free(&b);
    return rc;
}

int sp_decode_flashpoints(sp_dctx *c, const sp_ynode *n)
{
    sp_scenario *s = c->s;
    int rc = sp_need_map(c, n, "flashpoints");
    if (rc || n->n == 0)
        return rc;
    s->flashpoints = sp_calloc(n->n, sizeof *s->flashpoints);
    if (!s->flashpoints)
        return nomem(c);
    for (size_t i = 0; i < n->n && !rc; i++) {
        sp_flashpoint *f = &s->flashpoints[i];
        s->n_flashpoints = i + 1;
        rc = sp_decode_id(c, sp_ymap_key(n, i), "flashpoint name", &f->name);
        const sp_ynode *list = rc ? NULL : sp_ymap_val(n, i);
        if (list)
            rc = sp_need_seq(c, list, f->name);
        for (size_t k = 0; !rc && k < list->n; k++)
            rc = add_pairs(c, list->kids[k], f);
    }
    return rc;
}

static int decode_level(sp_dctx *c, const sp_ynode *n, int *level)
{
    int rc = sp_need_scalar(c, n, "level");
    for (int l = SP_LEVEL_LIMITED_WAR; !rc && l < SP_N_LEVELS; l++)
        if (!strcmp(n->str, level_names[l])) {
            *level = l;
            return SP_OK;
        }
    return rc ? rc : sp_yerr(c->err, n, "level '%s': a war in progress is "
                             "limited_war, major_war or nuclear_use", n->str);
}

static int decode_war(sp_dctx *c, const sp_ynode *n, sp_war *w)
{
    static const char *const keys[] = {"id", "sides", "level", "since",
                                       "source"};
    int rc = sp_need_map(c, n, "war");
    if (!rc)
        rc = sp_check_names(c, n, keys, 5, "war key");
    const sp_ynode *id = rc ? NULL : sp_ymap_get(n, "id");
    const sp_ynode *sides = rc ? NULL : sp_ymap_get(n, "sides");
    const sp_ynode *level = rc ? NULL : sp_ymap_get(n, "level");
    if (!rc && (!id || !sides || !level))
        return sp_yerr(c->err, n, "a war needs 'id', 'sides' ([[A, ...], "
                       "[B, ...]]) and 'level'");
    if (!rc)
        rc = sp_decode_id(c, id, "war id", &w->id);
    if (!rc && (sides->kind != SP_Y_SEQ || sides->n != 2))
        rc = sp_yerr(c->err, sides, "sides: expected two lists of actors");
    for (int k = 0; k < 2 && !rc; k++)
        rc = sp_decode_actors(c, sides->kids[k], &w->side[k]);
    if (!rc)
        rc = decode_level(c, level, &w->level);
    w->since = c->s->start;
    const sp_ynode *since = rc ? NULL : sp_ymap_get(n, "since");
    if (since)
        rc = sp_decode_date(c, since, &w->since);
    for (size_t x = 0; !rc && x < w->side[0].n; x++)
        for (size_t y = 0; y < w->side[1].n; y++)
            if (w->side[0].idx[x] == w->side[1].idx[y])
                return sp_yerr(c->err, sides, "an actor is on both sides");
    return rc;
}

int sp_decode_wars(sp_dctx *c, const sp_ynode *n)
{
    sp_scenario *s = c->s;
    int rc = sp_need_seq(c, n, "wars");
    if (rc || n->n == 0)
        return rc;
    s->wars = sp_calloc(n->n, sizeof *s->wars);
    if (!s->wars)
        return nomem(c);
    for (size_t i = 0; i < n->n && !rc; i++) {
        s->n_wars = i + 1;
        rc = decode_war(c, n->kids[i], &s->wars[i]);
    }
    return rc;
}
