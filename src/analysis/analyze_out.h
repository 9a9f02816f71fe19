/*
 * analyze_out.h - what the parts of `spiral analyze` share: the plan of
 * one invocation (which analyses, which outcomes) and the output buffer
 * with its number helpers (analyze.c), and the PRIM section
 * (analyze_prim.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_ANALYSIS_ANALYZE_OUT_H
#define SP_ANALYSIS_ANALYZE_OUT_H

#include "analysis/analyze.h"

typedef struct sp_an_plan {
    size_t s_main, s_prim, s_regret, s_thr; /* spec indices */
    sp_an_cond prim, thr;
    bool sobol, morris, do_prim, regret, thr_on, higher_better;
} sp_an_plan;

typedef struct sp_an_out {
    sp_strbuf b;
    bool json;
} sp_an_out;

/* A number for text: fixed decimals, "NaN" when not finite. */
SP_INTERNAL const char *sp_an_fx(char buf[48], double v, int decimals);
/* ", \"key\": v" in JSON (null when not finite). */
SP_INTERNAL void sp_an_jnum(sp_an_out *o, const char *key, double v);
/* Width of the parameter column: the longest path, 24 to 64. */
SP_INTERNAL int sp_an_path_width(const sp_analysis *a);
SP_INTERNAL const char *sp_an_pkg_name(const sp_analysis *a, size_t p);
/* --prim: the trajectory and the chosen box (analyze_prim.c). */
SP_INTERNAL int sp_an_prim_section(sp_an_out *o, const sp_analysis *a,
                                   const sp_an_plan *pl, sp_error *err);

#endif
