/*
 * build.h - `spiral build-scenario`: what its files share.
 *
 * The builder reads five shipped data files once (build_data.c), turns
 * the requested ISO3 codes into COW states (build_states.c), works out
 * each actor's values and gaps (build_actors.c) and each pair's
 * alignment and treaty (build_dyads.c), and writes one YAML text
 * (build_scenario.c). Every dataset is read at the latest year it has at
 * or before the requested one; that year is named in every source string,
 * as in the reference scenario.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_BUILD_H
#define SP_BUILD_H

#include "internal.h"

/* Columns used, by file (names as in data/MANIFEST.md). */
enum { NMC_CCODE, NMC_YEAR, NMC_MILEX, NMC_MILPER, NMC_PEC, NMC_TPOP,
       NMC_CINC, NMC_NCOLS };
enum { COW_ABB, COW_CCODE, COW_NAME, COW_STYEAR, COW_STMONTH, COW_STDAY,
       COW_ENDYEAR, COW_ENDMONTH, COW_ENDDAY, COW_NCOLS };
enum { AT_C1, AT_C2, AT_YEAR, AT_DEFENSE, AT_OFFENSE, AT_NEUTRAL,
       AT_NONAGG, AT_CONSUL, AT_NCOLS };
enum { UN_CCODE, UN_SESSION, UN_IDEAL, UN_Q5, UN_Q95, UN_NCOLS };
enum { RV_NAME, RV_C1, RV_C2, RV_START, RV_END, RV_NCOLS };

/* One ATOP directed dyad at the treaty year: flags in column order
 * defense, offense, neutral, nonagg, consul (bit 0 = defense). */
typedef struct sp_atop_row {
    int c1, c2;
    unsigned flags;
} sp_atop_row;

/* One actor as built. */
typedef struct sp_bactor {
    char iso[8];              /* the actor id */
    int cow;
    size_t cow_row;           /* its spell in cow_states.csv at cow_year */
    int nmc_row;              /* its nmc.csv row at nmc_year, or -1 */
    /* ideal point: known (ip_text != NULL, lo == hi) or a gap [lo, hi] */
    const char *ip_text;
    double ip_lo, ip_hi, x_lo, x_hi;
    char ip_src[400];         /* source string of the ideal point */
    char ip_gap[200];         /* for dyad sources: why and which range */
} sp_bactor;

typedef struct sp_build {
    const sp_build_opts *o;
    sp_csv nmc, cow, atop, un, riv;
    size_t nmc_c[NMC_NCOLS], cow_c[COW_NCOLS], at_c[AT_NCOLS],
        un_c[UN_NCOLS], rv_c[RV_NCOLS];
    /* the year each dataset is read at (its latest <= the year asked) */
    int year, nmc_year, cow_year, atop_year, riv_year, riv_end, session;
    int first_session, last_session;
    double *ranked;           /* the session's ideal points, ascending */
    size_t n_ranked;
    sp_atop_row *atop_rows;   /* at atop_year, sorted by (c1, c2) */
    size_t n_atop;
    sp_bactor *act;
    size_t n_act;
} sp_build;

/* build_data.c */
SP_INTERNAL int sp_build_load(sp_build *b, sp_error *err);
SP_INTERNAL void sp_build_free(sp_build *b);
SP_INTERNAL int sp_build_int(const char *s);     /* "" or junk: INT_MIN */
SP_INTERNAL double sp_build_num(const char *s);  /* "" or junk: NAN */

/* build_states.c */
SP_INTERNAL int sp_build_states(sp_build *b, sp_error *err);
SP_INTERNAL int sp_build_iso_to_cow(const sp_build *b, const char *iso,
                                    int *cow, sp_error *err);
SP_INTERNAL const char *sp_build_cow_to_iso(const sp_build *b, int cow,
                                            char buf[8]);
SP_INTERNAL bool sp_build_nuclear(int cow, int year);
SP_INTERNAL bool sp_build_veto(int cow, int year);

/* build_actors.c */
SP_INTERNAL int sp_build_ideal_points(sp_build *b, sp_error *err);
SP_INTERNAL double sp_build_x(const sp_build *b, double ideal);
SP_INTERNAL void sp_build_emit_actors(const sp_build *b, sp_strbuf *out);
/* A YAML double-quoted string; "    key: {dist: uniform, ...}" line. */
SP_INTERNAL void sp_build_put_quoted(sp_strbuf *o, const char *s);
SP_INTERNAL void sp_build_put_uniform(sp_strbuf *o, const char *key,
                                      double lo, double hi, const char *src);

/* build_dyads.c */
SP_INTERNAL int sp_build_index_atop(sp_build *b, sp_error *err);
SP_INTERNAL void sp_build_emit_dyads(const sp_build *b, sp_strbuf *out);

#endif
