/*
 * analyze.h - `spiral analyze`: a stored sweep read back into per-point
 * means (analyze_data.c), then the analyses and their text or JSON
 * (analyze.c). The public entry is sp_analyze_write in spiral.h.
 *
 * Outcomes. A run stores named doubles (sp_model_outcome_name); the ones
 * before "highest_level" are "first month" outcomes (month from the
 * package start, -1 = not reached: model.h, the report's rule). Their
 * mean over replications is not a useful quantity, so each first-month
 * outcome NAME also has derived outcomes NAME_<Y>y (Y whole years, 1 to
 * 100): 1 for a run that reached it in months [0, 12 Y), else 0, whose
 * mean over replications is P(NAME within Y years) at that point, the
 * number `spiral run` prints. "major_war_10y" is the default outcome.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_ANALYSIS_ANALYZE_H
#define SP_ANALYSIS_ANALYZE_H

#include "internal.h"
#include "analysis/regret.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One outcome as analysed: a stored one (years 0) or a derived one. */
typedef struct sp_an_outcome {
    size_t index;  /* into the invocation's outcome names */
    int years;     /* > 0: "reached within years" of first-month `index` */
    char name[128];
} sp_an_outcome;

/* "OUTCOME OP VALUE" of --prim and --threshold. */
typedef struct sp_an_cond {
    sp_an_outcome o;
    sp_cmp cmp;
    double value;
} sp_an_cond;

/* Most outcomes one analysis reads at once: the outcome, --prim's,
 * --regret's and --threshold's. */
#define SP_AN_MAX_SPECS 4

typedef struct sp_analysis {
    sp_store *st;
    sp_store_sweep sw;
    sp_store_invocation inv;
    char **paths, **dists; /* k parameters (sweep_params) */
    size_t k;
    char **groups;         /* k: each parameter's group name */
    int *group_of;         /* k: its group index, first-seen order */
    char **gnames;         /* g: the groups' names (pointers into groups) */
    size_t g;              /* groups: sobol and morris report per group */
    size_t n_time;         /* first-month outcomes: the first n_time */
    size_t n_points, P, R;
    size_t pkg;            /* the package analysed (sobol, morris, prim) */
    size_t n_spec;
    sp_an_outcome spec[SP_AN_MAX_SPECS];
    double *mean;          /* [spec][point][P]: NaN if a replication
                              failed or fewer than R are stored */
    double *x;             /* [point][k]: NaN for a point with no run */
    uint64_t runs, runs_failed;
    size_t pts_complete, pts_failed, pts_incomplete;
} sp_analysis;

/* The sweep `id` (0: the newest) with its names and parameters. An id
 * that does not exist, or is not a sweep, or a file with no sweep, is
 * SP_ENOTFOUND with a message. */
SP_INTERNAL int sp_an_open(sp_analysis *a, sp_store *st, int64_t id,
                           sp_error *err);
SP_INTERNAL void sp_an_free(sp_analysis *a);
/* idx = 0..k-1 ordered by key, largest first, NaN last; stable
 * (insertion sort: k is at most a few hundred parameters). */
SP_INTERNAL void sp_order_desc(const double *key, size_t k, size_t *idx);
/* The outcome called `name` (stored or derived); NULL: major_war_10y if
 * there is one, else the first stored outcome. Unknown: SP_ENOTFOUND
 * with the names and a did-you-mean. */
SP_INTERNAL int sp_an_outcome_find(const sp_analysis *a, const char *name,
                                   sp_an_outcome *o, sp_error *err);
/* The package called `name` (NULL: the first) into a->pkg. */
SP_INTERNAL int sp_an_package_find(sp_analysis *a, const char *name,
                                   sp_error *err);
/* Parse "OUTCOME OP VALUE" (OP > >= < <=) given to `flag`; a malformed
 * one is SP_EINVAL with the column and a caret. */
SP_INTERNAL int sp_an_cond_parse(const sp_analysis *a, const char *flag,
                                 const char *text, sp_an_cond *c,
                                 sp_error *err);
/* Add an outcome to read; returns its spec index (an equal one is
 * shared). */
SP_INTERNAL size_t sp_an_want(sp_analysis *a, const sp_an_outcome *o);
/* One pass over the stored runs: means and parameter values. */
SP_INTERNAL int sp_an_load(sp_analysis *a, sp_error *err);
/* Mean of spec s at point i for package p. */
SP_INTERNAL double sp_an_mean(const sp_analysis *a, size_t s, size_t i,
                              size_t p);
SP_INTERNAL bool sp_an_cmp(sp_cmp c, double v, double threshold);
SP_INTERNAL const char *sp_an_cmp_text(sp_cmp c);

#endif
