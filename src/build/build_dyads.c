/*
 * build_dyads.c - build-scenario: alignment and treaty of every pair, by
 * the rules the reference scenario documents (its `dyads:` comment):
 *
 *   alignment_AB = clamp(1 - |x_A - x_B| - 0.5 * rivalry_AB, -1, 1)
 *     x: the rank transform of the UN ideal points (build_actors.c);
 *     rivalry_AB = 1 if rivalries.csv has a rivalry of the pair in force
 *     at riv_year (the year asked, or the data's last year, 2010, where
 *     ongoing rivalries are right-censored). Printed to 3 decimals.
 *     If an ideal point is a gap [lo, hi], the alignment is uniform over
 *     the values the formula takes as x runs over [x(lo), x(hi)].
 *   treaty: ATOP at atop_year; per direction, the first flag set in the
 *     order defense or offense -> defence_pact, neutral -> neutrality,
 *     consul -> consultation, nonagg -> nonaggression; no row (or no flag)
 *     = no treaty. Mutual when both directions give the same type, else
 *     `forward` from the stronger side (the key is written that way
 *     round). Reliability 0.745 (Leeds, Long & Mitchell 2000).
 *
 * The shipped ATOP file holds only dyads with a focal state (MANIFEST.md
 * Conventions), so for a pair of two non-focal states "no row" means
 * "not in the file", not "no alliance": no treaty is written for them,
 * and the header says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "build.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"

/* The focal states of data/MANIFEST.md (ATOP was filtered to them). */
static const int focal[] = {2, 20, 200, 220, 255, 260, 325, 365, 369, 710,
                            713, 731, 732, 740, 750, 816, 817, 840, 900, 920};

static bool is_focal(int cow)
{
    for (size_t i = 0; i < sizeof focal / sizeof focal[0]; i++)
        if (focal[i] == cow)
            return true;
    return false;
}

static const char *const flag_names[] = {"defense", "offense", "neutral",
                                         "nonagg", "consul"};

static int cmp_atop(const void *pa, const void *pb)
{
    const sp_atop_row *a = pa, *b = pb;
    if (a->c1 != b->c1)
        return (a->c1 > b->c1) - (a->c1 < b->c1);
    return (a->c2 > b->c2) - (a->c2 < b->c2);
}

int sp_build_index_atop(sp_build *b, sp_error *err)
{
    b->atop_rows = sp_calloc(b->atop.n_rows + 1, sizeof *b->atop_rows);
    if (!b->atop_rows)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    for (size_t r = 0; r < b->atop.n_rows; r++) {
        const size_t *k = b->at_c;
        if (sp_build_int(sp_csv_at(&b->atop, r, k[AT_YEAR])) != b->atop_year)
            continue;
        sp_atop_row *x = &b->atop_rows[b->n_atop++];
        x->c1 = sp_build_int(sp_csv_at(&b->atop, r, k[AT_C1]));
        x->c2 = sp_build_int(sp_csv_at(&b->atop, r, k[AT_C2]));
        for (int f = 0; f < 5; f++)
            if (sp_build_int(sp_csv_at(&b->atop, r, k[AT_DEFENSE + f])) == 1)
                x->flags |= 1u << f;
    }
    qsort(b->atop_rows, b->n_atop, sizeof *b->atop_rows, cmp_atop);
    return SP_OK;
}

static const sp_atop_row *atop_find(const sp_build *b, int c1, int c2)
{
    sp_atop_row key = {c1, c2, 0};
    return bsearch(&key, b->atop_rows, b->n_atop, sizeof key, cmp_atop);
}

/* SP_TREATY_* of one direction's flags, by the rule's order; its
 * strength (4 defence pact ... 1 nonaggression, 0 none) in *strength. */
static int treaty_type(unsigned flags, int *strength)
{
    static const struct { unsigned mask; int type, strength; } order[] = {
        {3u, SP_TREATY_DEFENCE_PACT, 4}, {4u, SP_TREATY_NEUTRALITY, 3},
        {16u, SP_TREATY_CONSULTATION, 2}, {8u, SP_TREATY_NONAGGRESSION, 1}};
    for (size_t i = 0; i < 4; i++)
        if (flags & order[i].mask)
            return *strength = order[i].strength, order[i].type;
    return *strength = 0, SP_TREATY_NONE;
}

static const char *type_name(int t)
{
    static const char *const names[] = {"none", "consultation",
                                        "nonaggression", "neutrality",
                                        "defence_pact"};
    return names[t];
}

/* " atop_defense=1 atop_nonagg=1" (full) or " defense nonagg". */
static void put_flags(sp_strbuf *o, const sp_atop_row *r, bool compact)
{
    if (!r) {
        sp_strbuf_puts(o, " no row");
        return;
    }
    for (int f = 0; f < 5; f++)
        if (r->flags & (1u << f))
            sp_strbuf_printf(o, compact ? " %s" : " atop_%s=1",
                             flag_names[f]);
}

/* The pair's treaty as written from `from`'s side. */
typedef struct treaty {
    int type;                 /* SP_TREATY_*; NONE: no treaty written */
    bool forward, swap;       /* swap: the key is B-A */
    const sp_atop_row *ab, *ba;
} treaty;

static treaty find_treaty(const sp_build *b, const sp_bactor *a,
                          const sp_bactor *c)
{
    treaty t = {SP_TREATY_NONE, false, false, NULL, NULL};
    if (!is_focal(a->cow) && !is_focal(c->cow))
        return t;
    t.ab = atop_find(b, a->cow, c->cow);
    t.ba = atop_find(b, c->cow, a->cow);
    int sab = 0, sba = 0;
    int tab = treaty_type(t.ab ? t.ab->flags : 0, &sab);
    int tba = treaty_type(t.ba ? t.ba->flags : 0, &sba);
    t.type = sab >= sba ? tab : tba;
    t.forward = tab != tba;
    t.swap = sba > sab;
    return t;
}

static void put_treaty_source(const sp_build *b, const sp_bactor *a,
                              const sp_bactor *c, const treaty *t,
                              sp_strbuf *o)
{
    bool cp = b->o->compact;
    sp_strbuf_printf(o, "\"%s %d", cp ? "atop" : "atop_alliance_dyad_year.csv",
                     b->atop_year);
    bool same = t->ab && t->ba && t->ab->flags == t->ba->flags;
    if (same) {
        put_flags(o, t->ab, cp);
    } else {
        const sp_bactor *x = t->swap ? c : a, *y = t->swap ? a : c;
        const sp_atop_row *xy = t->swap ? t->ba : t->ab;
        const sp_atop_row *yx = t->swap ? t->ab : t->ba;
        sp_strbuf_printf(o, " %s->%s", x->iso, y->iso);
        put_flags(o, xy, cp);
        sp_strbuf_printf(o, "; %s->%s", y->iso, x->iso);
        put_flags(o, yx, cp);
    }
    sp_strbuf_puts(o, "\"");
}

static void put_treaty(const sp_build *b, const sp_bactor *a,
                       const sp_bactor *c, const treaty *t, sp_strbuf *o)
{
    const char *dir = t->forward ? "forward" : "mutual";
    if (b->o->compact) {
        sp_strbuf_printf(o, ", treaty: {type: %s, %s%s%ssource: ",
                         type_name(t->type), t->forward ? "direction: " : "",
                         t->forward ? dir : "", t->forward ? ", " : "");
        put_treaty_source(b, a, c, t, o);
        sp_strbuf_puts(o, "}");
        return;
    }
    sp_strbuf_printf(o, "    treaty: {type: %s, direction: %s,\n"
                     "             reliability: {value: 0.745, source: "
                     "\"Leeds, Long & Mitchell 2000: 74.5%% of commitments "
                     "honoured\"},\n             source: ",
                     type_name(t->type), dir);
    put_treaty_source(b, a, c, t, o);
    sp_strbuf_puts(o, "}\n");
}

/* The rivalries.csv row of the pair in force at riv_year, or -1. */
static long rivalry(const sp_build *b, int c1, int c2)
{
    for (size_t r = 0; r < b->riv.n_rows; r++) {
        const size_t *k = b->rv_c;
        int a = sp_build_int(sp_csv_at(&b->riv, r, k[RV_C1]));
        int c = sp_build_int(sp_csv_at(&b->riv, r, k[RV_C2]));
        if (!((a == c1 && c == c2) || (a == c2 && c == c1)))
            continue;
        if (sp_build_int(sp_csv_at(&b->riv, r, k[RV_START])) <= b->riv_year &&
            sp_build_int(sp_csv_at(&b->riv, r, k[RV_END])) >= b->riv_year)
            return (long)r;
    }
    return -1;
}

static double clamp1(double v)
{
    return v < -1 ? -1 : v > 1 ? 1 : v;
}

/* " PRK -0.7404689 (x -0.714)" (full) or " -0.714" (compact). */
static void put_point(const sp_build *b, const sp_bactor *a, sp_strbuf *o)
{
    if (b->o->compact)
        sp_strbuf_printf(o, " %.3f", a->x_lo);
    else
        sp_strbuf_printf(o, " %s %s (x %.3f)", a->iso, a->ip_text, a->x_lo);
}

static void put_alignment_source(const sp_build *b, const sp_bactor *a,
                                 const sp_bactor *c, long riv, bool clamped,
                                 sp_strbuf *o)
{
    bool cp = b->o->compact;
    if (!a->ip_text || !c->ip_text) {
        /* the gap first, as the reference writes it */
        const sp_bactor *g = a->ip_text ? c : a, *k = g == a ? c : a;
        sp_strbuf_printf(o, "gap: %s; ", g->ip_gap);
        if (!k->ip_text)
            sp_strbuf_puts(o, k->ip_gap);
        else if (cp)
            sp_strbuf_printf(o, "x_%s %.3f", k->iso, k->x_lo);
        else
            sp_strbuf_printf(o, "%s %s (x %.3f)", k->iso, k->ip_text,
                             k->x_lo);
    } else {
        sp_strbuf_printf(o, cp ? "s%d x" : "unga_ideal_points.csv "
                         "idealpoint_all s%d:", b->session);
        put_point(b, a, o);
        sp_strbuf_puts(o, cp ? "" : ",");
        put_point(b, c, o);
    }
    if (riv >= 0 && cp)
        sp_strbuf_puts(o, "; rivalry -0.5");
    else if (riv >= 0) {
        const size_t *k = b->rv_c;
        const char *end = sp_csv_at(&b->riv, (size_t)riv, k[RV_END]);
        sp_strbuf_printf(o, "; rivalries.csv %s (%s-%s%s): -0.5",
                         sp_csv_at(&b->riv, (size_t)riv, k[RV_NAME]),
                         sp_csv_at(&b->riv, (size_t)riv, k[RV_START]), end,
                         sp_build_int(end) == b->riv_end ? ", censored" : "");
    }
    sp_strbuf_puts(o, clamped ? "; clamped to -1" : "");
}

static void put_alignment(const sp_build *b, const sp_bactor *a,
                          const sp_bactor *c, sp_strbuf *o)
{
    long riv = rivalry(b, a->cow, c->cow);
    double pen = riv >= 0 ? 0.5 : 0;
    double dmin = fmax(0, fmax(a->x_lo - c->x_hi, c->x_lo - a->x_hi));
    double dmax = fmax(fabs(a->x_hi - c->x_lo), fabs(c->x_hi - a->x_lo));
    double lo = clamp1(1 - dmax - pen), hi = clamp1(1 - dmin - pen);
    bool clamped = 1 - dmin - pen < -1;
    char l[32], h[32];
    sp_fmt_fixed(l, sizeof l, lo, 3);
    sp_fmt_fixed(h, sizeof h, hi, 3);
    if (strcmp(l, h) == 0)
        sp_strbuf_printf(o, "alignment: {value: %s, source: \"", l);
    else
        sp_strbuf_printf(o, "alignment: {dist: uniform, min: %s, max: %s, "
                         "source: \"", l, h);
    put_alignment_source(b, a, c, riv, clamped, o);
    sp_strbuf_puts(o, "\"}");
}

static void emit_pair(const sp_build *b, const sp_bactor *a,
                      const sp_bactor *c, sp_strbuf *o)
{
    treaty t = find_treaty(b, a, c);
    const sp_bactor *x = t.swap ? c : a, *y = t.swap ? a : c;
    if (b->o->compact) {
        sp_strbuf_printf(o, "  %s-%s: {", x->iso, y->iso);
        put_alignment(b, a, c, o);
        if (t.type != SP_TREATY_NONE)
            put_treaty(b, a, c, &t, o);
        sp_strbuf_puts(o, "}\n");
        return;
    }
    sp_strbuf_printf(o, "  %s-%s:\n    ", x->iso, y->iso);
    put_alignment(b, a, c, o);
    sp_strbuf_puts(o, "\n");
    if (t.type != SP_TREATY_NONE)
        put_treaty(b, a, c, &t, o);
}

void sp_build_emit_dyads(const sp_build *b, sp_strbuf *o)
{
    sp_strbuf_puts(o, "dyads:\n");
    for (size_t i = 0; i < b->n_act; i++)
        for (size_t j = i + 1; j < b->n_act; j++)
            emit_pair(b, &b->act[i], &b->act[j], o);
}
