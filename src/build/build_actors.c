/*
 * build_actors.c - build-scenario: the actors block.
 *
 * Each actor gets its COW code and name (cow_states.csv), its material
 * capabilities (nmc.csv at nmc_year: milex, milper, tpop, pec, cinc), its
 * UN ideal point (unga_ideal_points.csv idealpoint_all at the session),
 * and `nuclear` / `veto` from the fact tables of build_states.c. A value
 * the data lacks becomes a uniform uncertain parameter whose range rule
 * is written in its source, never a made-up point:
 *
 *   nmc.csv value empty (or no row): half to twice the state's last
 *     reported value; 0 to the column's smallest positive value that year
 *     if the last report was 0; the column's whole range that year if it
 *     never reported. Capped at the parameter's valid range.
 *   ideal point missing in the session: for a state in proxies[] (Taiwan,
 *     no UN seat since 1971), between its two proxies' ideal points, as
 *     the reference scenario assumes; else, if it voted in one of the five
 *     sessions before, from the lowest q5_all to the highest q95_all of
 *     its last three sessions with data; else the session's whole range.
 *
 * The ideal point's rank transform x (for the dyads) is here too:
 *   x(v) = 2 * (r - 0.5) / N - 1, r = 1 + #{session ideal points < v}
 *   (capped at N), N = the number of states with an ideal point in the
 *   session; for a member of the session r is its rank (1 = lowest).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "build.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "params.h"

/* A state without a UN seat, placed between two that have one. */
typedef struct proxy_def {
    int cow, lo_cow, hi_cow;
    const char *seat, *why;
} proxy_def;

static const proxy_def proxies[] = {
    {713, 740, 2, "UN seat to 1971", "Taiwan aligns with the US and Japan"},
};

double sp_build_x(const sp_build *b, double v)
{
    size_t lo = 0, hi = b->n_ranked; /* first index with ranked >= v */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (b->ranked[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    double n = (double)b->n_ranked;
    double r = fmin(n, (double)lo + 1);
    return 2 * (r - 0.5) / n - 1;
}

static int un_int(const sp_build *b, size_t r, int col)
{
    return sp_build_int(sp_csv_at(&b->un, r, b->un_c[col]));
}

/* The UN row of cow in session s, or -1. */
static long un_row(const sp_build *b, int cow, int s)
{
    for (size_t r = 0; r < b->un.n_rows; r++)
        if (un_int(b, r, UN_SESSION) == s && un_int(b, r, UN_CCODE) == cow)
            return (long)r;
    return -1;
}

static double un_num(const sp_build *b, long r, int col)
{
    return sp_build_num(sp_csv_at(&b->un, (size_t)r, b->un_c[col]));
}

static void set_range(const sp_build *b, sp_bactor *a, double lo, double hi)
{
    a->ip_lo = lo, a->ip_hi = hi;
    a->x_lo = sp_build_x(b, lo), a->x_hi = sp_build_x(b, hi);
}

static bool gap_proxy(const sp_build *b, sp_bactor *a)
{
    for (size_t i = 0; i < sizeof proxies / sizeof proxies[0]; i++) {
        const proxy_def *p = &proxies[i];
        long rl = un_row(b, p->lo_cow, b->session);
        long rh = un_row(b, p->hi_cow, b->session);
        if (p->cow != a->cow || rl < 0 || rh < 0)
            continue;
        char il[8], ih[8];
        const char *tl = sp_csv_at(&b->un, (size_t)rl, b->un_c[UN_IDEAL]);
        const char *th = sp_csv_at(&b->un, (size_t)rh, b->un_c[UN_IDEAL]);
        sp_build_cow_to_iso(b, p->lo_cow, il);
        sp_build_cow_to_iso(b, p->hi_cow, ih);
        set_range(b, a, sp_build_num(tl), sp_build_num(th));
        int first = INT_MAX, last = INT_MIN;
        for (size_t r = 0; r < b->un.n_rows; r++)
            if (un_int(b, r, UN_CCODE) == a->cow) {
                int s = un_int(b, r, UN_SESSION);
                first = s < first ? s : first, last = s > last ? s : last;
            }
        snprintf(a->ip_src, sizeof a->ip_src, "gap: unga_ideal_points.csv "
                 "has %s (%d) only for sessions %d-%d (%s); assumed between "
                 "%s %s and %s %s (session %d): %s", a->iso, a->cow, first,
                 last, p->seat, il, tl, ih, th, b->session, p->why);
        snprintf(a->ip_gap, sizeof a->ip_gap, "no %s ideal point in s%d; "
                 "x_%s in [x_%s %.3f, x_%s %.3f] (assumed: %s)", a->iso,
                 b->session, a->iso, il, a->x_lo, ih, a->x_hi, p->why);
        return true;
    }
    return false;
}

/* Its last (up to) three sessions with data among the five before. */
static bool gap_recent(const sp_build *b, sp_bactor *a)
{
    double lo = INFINITY, hi = -INFINITY;
    int first = 0, last = 0, n = 0;
    for (int s = b->session - 1; s >= b->session - 5 && n < 3; s--) {
        long r = un_row(b, a->cow, s);
        if (r < 0)
            continue;
        lo = fmin(lo, un_num(b, r, UN_Q5));
        hi = fmax(hi, un_num(b, r, UN_Q95));
        last = n++ ? last : s, first = s;
    }
    if (n == 0 || !(lo < hi))
        return false;
    set_range(b, a, lo, hi);
    snprintf(a->ip_src, sizeof a->ip_src, "gap: unga_ideal_points.csv has "
             "no %s (%d) row for session %d; range: lowest q5_all to "
             "highest q95_all of its sessions %d-%d", a->iso, a->cow,
             b->session, first, last);
    snprintf(a->ip_gap, sizeof a->ip_gap, "no %s ideal point in s%d; x_%s "
             "in [%.3f, %.3f] (its s%d-%d range)", a->iso, b->session,
             a->iso, a->x_lo, a->x_hi, first, last);
    return true;
}

static void gap_session(const sp_build *b, sp_bactor *a)
{
    set_range(b, a, b->ranked[0], b->ranked[b->n_ranked - 1]);
    snprintf(a->ip_src, sizeof a->ip_src, "gap: unga_ideal_points.csv has "
             "no %s (%d) row for session %d nor the five before; range: the "
             "lowest to the highest of session %d", a->iso, a->cow,
             b->session, b->session);
    snprintf(a->ip_gap, sizeof a->ip_gap, "no %s ideal point in s%d; x_%s "
             "in [%.3f, %.3f] (the whole session)", a->iso, b->session,
             a->iso, a->x_lo, a->x_hi);
}

static void ideal_point(const sp_build *b, sp_bactor *a)
{
    long r = un_row(b, a->cow, b->session);
    double v = r < 0 ? NAN : un_num(b, r, UN_IDEAL);
    if (!isnan(v)) {
        a->ip_text = sp_csv_at(&b->un, (size_t)r, b->un_c[UN_IDEAL]);
        set_range(b, a, v, v);
        snprintf(a->ip_src, sizeof a->ip_src, "unga_ideal_points.csv "
                 "idealpoint_all session %d (%d)", b->session,
                 1945 + b->session);
    } else if (!gap_proxy(b, a) && !gap_recent(b, a)) {
        gap_session(b, a);
    }
}

static long nmc_row(const sp_build *b, int cow, int year)
{
    for (size_t r = 0; r < b->nmc.n_rows; r++)
        if (sp_build_int(sp_csv_at(&b->nmc, r, b->nmc_c[NMC_YEAR])) ==
                year &&
            sp_build_int(sp_csv_at(&b->nmc, r, b->nmc_c[NMC_CCODE])) == cow)
            return (long)r;
    return -1;
}

int sp_build_ideal_points(sp_build *b, sp_error *err)
{
    for (size_t i = 0; i < b->n_act; i++) {
        sp_bactor *a = &b->act[i];
        long r = nmc_row(b, a->cow, b->nmc_year);
        a->nmc_row = r < 0 ? -1 : (int)r;
        ideal_point(b, a);
    }
    (void)err;
    return SP_OK;
}

/* ---- emission --------------------------------------------------------- */

/* A YAML double-quoted string. */
void sp_build_put_quoted(sp_strbuf *o, const char *s)
{
    sp_strbuf_puts(o, "\"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            sp_strbuf_puts(o, "\\");
        sp_strbuf_add(o, s, 1);
    }
    sp_strbuf_puts(o, "\"");
}

static void put_num(sp_strbuf *o, double v)
{
    char buf[64];
    sp_strbuf_puts(o, sp_fmt_double(buf, sizeof buf, v, 10));
}

/* "    key: {dist: uniform, min: LO, max: HI, source: "SRC"}\n" */
void sp_build_put_uniform(sp_strbuf *o, const char *key, double lo,
                          double hi, const char *src)
{
    sp_strbuf_printf(o, "    %s: {dist: uniform, min: ", key);
    put_num(o, lo);
    sp_strbuf_puts(o, ", max: ");
    put_num(o, hi);
    sp_strbuf_puts(o, ",\n        source: ");
    sp_build_put_quoted(o, src);
    sp_strbuf_puts(o, "}\n");
}

typedef struct nmc_field {
    const char *key;  /* scenario attribute */
    int col;          /* NMC_* */
    int attr;         /* SP_A_*, for the valid range */
} nmc_field;

static const nmc_field nmc_fields[] = {
    {"milex", NMC_MILEX, SP_A_MILEX}, {"milper", NMC_MILPER, SP_A_MILPER},
    {"population", NMC_TPOP, SP_A_POPULATION},
    {"energy", NMC_PEC, SP_A_ENERGY}, {"cinc", NMC_CINC, SP_A_CINC},
};

static const char *nmc_cell(const sp_build *b, size_t r, int col)
{
    return sp_csv_at(&b->nmc, r, b->nmc_c[col]);
}

/* The column's smallest positive (want_min) or largest value in year. */
static double nmc_extreme(const sp_build *b, int col, bool smallest_pos)
{
    double best = NAN;
    for (size_t r = 0; r < b->nmc.n_rows; r++) {
        if (sp_build_int(nmc_cell(b, r, NMC_YEAR)) != b->nmc_year)
            continue;
        double v = sp_build_num(nmc_cell(b, r, col));
        if (isnan(v) || (smallest_pos && v <= 0))
            continue;
        if (isnan(best) || (smallest_pos ? v < best : v > best))
            best = v;
    }
    return isnan(best) ? 0 : best;
}

/* The gap rule of the header comment, for one nmc.csv column. */
static void nmc_gap(const sp_build *b, const sp_bactor *a,
                    const nmc_field *f, sp_strbuf *o)
{
    int years = 0, empty = 0, last_year = 0;
    double last = NAN;
    for (size_t r = 0; r < b->nmc.n_rows; r++) {
        int y = sp_build_int(nmc_cell(b, r, NMC_YEAR));
        if (y > b->nmc_year ||
            sp_build_int(nmc_cell(b, r, NMC_CCODE)) != a->cow)
            continue;
        double v = sp_build_num(nmc_cell(b, r, f->col));
        years++, empty += isnan(v);
        if (!isnan(v) && y > last_year)
            last = v, last_year = y;
    }
    const char *col = b->nmc.cell[b->nmc_c[f->col]];
    double cap = sp_comp_actor.params[f->attr].hi, lo, hi;
    char src[400], why[160];
    if (isnan(last) || years == 0) {
        lo = 0, hi = nmc_extreme(b, f->col, false);
        snprintf(why, sizeof why, "never reported; range: 0 to the highest "
                 "%s of %d", col, b->nmc_year);
    } else if (last > 0) {
        lo = last / 2, hi = fmin(cap, last * 2);
        snprintf(why, sizeof why, "last value %.10g (%d); range: half to "
                 "twice it", last, last_year);
    } else {
        lo = 0, hi = nmc_extreme(b, f->col, true);
        snprintf(why, sizeof why, "last value 0 (%d); range: 0 to the "
                 "smallest positive %s of %d", last_year, col, b->nmc_year);
    }
    snprintf(src, sizeof src, "gap: nmc.csv %s empty for %s %d (%d of %d "
             "years to %d); %s", col, a->iso, b->nmc_year, empty, years,
             b->nmc_year, why);
    sp_build_put_uniform(o, f->key, lo, hi, src);
}

static void emit_nmc(const sp_build *b, const sp_bactor *a, sp_strbuf *o)
{
    for (size_t i = 0; i < sizeof nmc_fields / sizeof nmc_fields[0]; i++) {
        const nmc_field *f = &nmc_fields[i];
        const char *v = a->nmc_row < 0 ? "" : nmc_cell(b, (size_t)a->nmc_row,
                                                       f->col);
        if (isnan(sp_build_num(v)))
            nmc_gap(b, a, f, o);
        else
            sp_strbuf_printf(o, "    %s: {value: %s, source: \"nmc.csv %s "
                             "%d\"}\n", f->key, v,
                             b->nmc.cell[b->nmc_c[f->col]], b->nmc_year);
    }
}

static void emit_ideal(const sp_bactor *a, sp_strbuf *o)
{
    if (a->ip_text) {
        sp_strbuf_printf(o, "    ideal_point: {value: %s, source: ", a->ip_text);
        sp_build_put_quoted(o, a->ip_src);
        sp_strbuf_puts(o, "}\n");
    } else {
        sp_build_put_uniform(o, "ideal_point", a->ip_lo, a->ip_hi, a->ip_src);
    }
}

/* "# PRK: COW 731 = PRK "North Korea" in cow_states.csv (member ...)" */
static void emit_comment(const sp_build *b, const sp_bactor *a, sp_strbuf *o)
{
    const sp_csv *c = &b->cow;
    const size_t *k = b->cow_c;
    sp_strbuf_printf(o, "  # %s: COW %d = %s \"%s\" in cow_states.csv "
                     "(member ", a->iso, a->cow,
                     sp_csv_at(c, a->cow_row, k[COW_ABB]),
                     sp_csv_at(c, a->cow_row, k[COW_NAME]));
    const char *sep = "";
    for (size_t r = 0; r < c->n_rows; r++) {
        if (sp_build_int(sp_csv_at(c, r, k[COW_CCODE])) != a->cow)
            continue;
        sp_strbuf_printf(o, "%s%s-%s-%s..%s-%s-%s", sep,
                         sp_csv_at(c, r, k[COW_STYEAR]),
                         sp_csv_at(c, r, k[COW_STMONTH]),
                         sp_csv_at(c, r, k[COW_STDAY]),
                         sp_csv_at(c, r, k[COW_ENDYEAR]),
                         sp_csv_at(c, r, k[COW_ENDMONTH]),
                         sp_csv_at(c, r, k[COW_ENDDAY]));
        sep = "; ";
    }
    sp_strbuf_puts(o, ")\n");
}

static void emit_actor(const sp_build *b, const sp_bactor *a, sp_strbuf *o)
{
    emit_comment(b, a, o);
    sp_strbuf_printf(o, "  %s:\n    cow: %d\n    name: ", a->iso, a->cow);
    sp_build_put_quoted(o, sp_csv_at(&b->cow, a->cow_row, b->cow_c[COW_NAME]));
    sp_strbuf_puts(o, "\n");
    emit_nmc(b, a, o);
    bool nuc = sp_build_nuclear(a->cow, b->year);
    bool veto = sp_build_veto(a->cow, b->year);
    sp_strbuf_printf(o, "    nuclear: %s\n    veto: %s\n",
                     nuc ? "true    # declared or known nuclear-armed state"
                         : "false",
                     veto ? "true       # UNSC permanent member" : "false");
    emit_ideal(a, o);
}

void sp_build_emit_actors(const sp_build *b, sp_strbuf *o)
{
    sp_strbuf_puts(o, "actors:\n");
    for (size_t i = 0; i < b->n_act; i++) {
        sp_strbuf_puts(o, i ? "\n" : "");
        emit_actor(b, &b->act[i], o);
    }
}
