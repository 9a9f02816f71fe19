/*
 * build_data.c - build-scenario: read the five data files and fix the
 * year each one is read at.
 *
 * The datasets end in different years (data/MANIFEST.md: NMC 2022, UN
 * voting session 78 = 2023, ATOP 2018, COW membership 2016, rivalries
 * 2010). As in the reference scenario, each is read at its latest year at
 * or before the year asked, and that year is named in every source. The
 * year asked must lie in the UN voting data (1946 on) or one year past
 * its end, as the reference's 2024 scenario does: further out, every
 * value would be two or more years stale and say so only in its source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "build.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const nmc_cols[NMC_NCOLS] = {
    "ccode", "year", "milex", "milper", "pec", "tpop", "cinc"};
static const char *const cow_cols[COW_NCOLS] = {
    "stateabb", "ccode", "statenme", "styear", "stmonth", "stday",
    "endyear", "endmonth", "endday"};
static const char *const at_cols[AT_NCOLS] = {
    "ccode1", "ccode2", "year", "atop_defense", "atop_offense",
    "atop_neutral", "atop_nonagg", "atop_consul"};
static const char *const un_cols[UN_NCOLS] = {
    "ccode", "session", "idealpoint_all", "q5_all", "q95_all"};
static const char *const rv_cols[RV_NCOLS] = {
    "rivalryname", "ccode1", "ccode2", "styear", "endyear"};

int sp_build_int(const char *s)
{
    long long v = 0;
    if (!sp_parse_int64(s, &v) || v < INT_MIN + 1 || v > INT_MAX)
        return INT_MIN;
    return (int)v;
}

double sp_build_num(const char *s)
{
    double v = 0;
    return s && *s && sp_parse_double(s, &v) ? v : NAN;
}

static int load_one(const sp_build *b, const char *name, sp_csv *c,
                    const char *const *cols, size_t n, size_t *idx,
                    sp_error *err)
{
    const char *dir = b->o->data_dir ? b->o->data_dir : "data";
    return sp_csv_load_in(dir, name, cols, n, idx, c, err);
}

/* Largest (or smallest) whole number of a column; INT_MIN if none. */
static int col_extreme(const sp_csv *c, size_t col, bool largest)
{
    int best = INT_MIN;
    for (size_t r = 0; r < c->n_rows; r++) {
        int v = sp_build_int(sp_csv_at(c, r, col));
        if (v != INT_MIN && (best == INT_MIN || (largest ? v > best
                                                         : v < best)))
            best = v;
    }
    return best;
}

static int min_int(int a, int b) { return a < b ? a : b; }

static int fix_years(sp_build *b, sp_error *err)
{
    b->first_session = col_extreme(&b->un, b->un_c[UN_SESSION], false);
    b->last_session = col_extreme(&b->un, b->un_c[UN_SESSION], true);
    int lo = 1945 + b->first_session, hi = 1945 + b->last_session + 1;
    if (b->first_session == INT_MIN || b->year < lo || b->year > hi)
        return SP_FAIL(err, SP_EINVAL, "--year %d is outside the data: it "
                       "takes %d to %d (UN voting sessions %d-%d, session s "
                       "opening in year 1945+s, in %s/unga_ideal_points.csv, "
                       "and one year past them)", b->year, lo, hi,
                       b->first_session, b->last_session,
                       b->o->data_dir ? b->o->data_dir : "data");
    b->session = min_int(b->year - 1945, b->last_session);
    b->nmc_year = min_int(b->year, col_extreme(&b->nmc, b->nmc_c[NMC_YEAR],
                                               true));
    b->cow_year = min_int(b->year, col_extreme(&b->cow,
                                               b->cow_c[COW_ENDYEAR], true));
    b->atop_year = min_int(b->year, col_extreme(&b->atop, b->at_c[AT_YEAR],
                                                true));
    b->riv_end = col_extreme(&b->riv, b->rv_c[RV_END], true);
    b->riv_year = min_int(b->year, b->riv_end);
    return SP_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The session's ideal points in ascending order, for the ranks. */
static int rank_session(sp_build *b, sp_error *err)
{
    b->ranked = sp_calloc(b->un.n_rows ? b->un.n_rows : 1, sizeof(double));
    if (!b->ranked)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    for (size_t r = 0; r < b->un.n_rows; r++) {
        if (sp_build_int(sp_csv_at(&b->un, r, b->un_c[UN_SESSION])) !=
            b->session)
            continue;
        double v = sp_build_num(sp_csv_at(&b->un, r, b->un_c[UN_IDEAL]));
        if (!isnan(v))
            b->ranked[b->n_ranked++] = v;
    }
    if (b->n_ranked < 2)
        return SP_FAIL(err, SP_EFORMAT, "%s: fewer than 2 ideal points in "
                       "session %d", b->un.path, b->session);
    qsort(b->ranked, b->n_ranked, sizeof(double), cmp_double);
    return SP_OK;
}

int sp_build_load(sp_build *b, sp_error *err)
{
    int rc = load_one(b, "nmc.csv", &b->nmc, nmc_cols, NMC_NCOLS, b->nmc_c,
                      err);
    if (!rc)
        rc = load_one(b, "cow_states.csv", &b->cow, cow_cols, COW_NCOLS,
                      b->cow_c, err);
    if (!rc)
        rc = load_one(b, "atop_alliance_dyad_year.csv", &b->atop, at_cols,
                      AT_NCOLS, b->at_c, err);
    if (!rc)
        rc = load_one(b, "unga_ideal_points.csv", &b->un, un_cols, UN_NCOLS,
                      b->un_c, err);
    if (!rc)
        rc = load_one(b, "rivalries.csv", &b->riv, rv_cols, RV_NCOLS,
                      b->rv_c, err);
    if (!rc)
        rc = fix_years(b, err);
    if (!rc)
        rc = rank_session(b, err);
    if (!rc)
        rc = sp_build_index_atop(b, err);
    return rc;
}

void sp_build_free(sp_build *b)
{
    sp_csv_free(&b->nmc);
    sp_csv_free(&b->cow);
    sp_csv_free(&b->atop);
    sp_csv_free(&b->un);
    sp_csv_free(&b->riv);
    sp_xfree(b->ranked);
    sp_xfree(b->atop_rows);
    sp_xfree(b->act);
}
