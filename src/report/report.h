/*
 * report.h - the HTML report (src/report/), shared by its files.
 *
 * sp_report_write (include/spiral.h) reads one invocation back from the
 * store, rebuilds the ensemble's tally from the stored runs (streamed,
 * so memory does not grow with the run count) and writes one
 * self-contained HTML page: inline CSS and SVG, no script, no network.
 *
 * Files:
 *   report.c  - loading and checking the invocation, the tally, the page
 *               skeleton and writing it out
 *   params.c  - a small JSON reader for the stored parameters
 *   fmt.c     - escaping, numbers (locale-independent), outcome labels,
 *               the statistics the page quotes
 *   summary.c - the first screen: title, comparison table, findings in
 *               words, the "conditional on guessed values" box
 *   charts.c  - cumulative P(outcome by month) per package, SVG
 *   details.c - every outcome's table, the uncertain parameters, the
 *               provenance and method notes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_REPORT_H
#define SP_REPORT_H

#include "analysis/tally.h"
#include "store/store.h"

/* A growable list of owned strings. */
typedef struct sp_report_strs {
    char **s;
    size_t n, cap;
} sp_report_strs;

/* What the report reads from params_json (params.c). */
typedef struct sp_report_params {
    int scenario_horizon;   /* "time.horizon_years"; 0 unknown */
    int forecast_start;     /* "time.forecast_start" month index; -1 unknown */
    int sample_params;      /* "run.sample_params"; -1 absent */
    bool has_uncertain, has_warnings; /* the extended form */
    sp_report_strs unc_path, unc_dist; /* parallel lists */
    sp_report_strs warnings;
} sp_report_params;

/* Parse; every key missing from the text stays unknown. A text that is
 * not JSON is SP_EFORMAT. On failure p holds nothing to free. */
SP_INTERNAL int sp_report_params_parse(const char *json, sp_report_params *p,
                                       sp_error *err);
SP_INTERNAL void sp_report_params_free(sp_report_params *p);

/* Everything the page is written from. */
typedef struct sp_report {
    sp_store *st;
    sp_store_invocation inv;
    sp_report_params par;
    sp_tally t;
    size_t P;               /* packages; 0 is the baseline */
    size_t n_time;          /* "first month" outcomes (before highest_level) */
    size_t major;           /* index of major_war, else 0 */
    size_t *order;          /* the time outcomes in display order */
    size_t n_global;        /* ... of which the first n_global are global */
    int months;             /* horizon in months */
    int sample;             /* parameters drawn per replication: 1, 0, -1 ? */
    uint64_t skipped;       /* replications missing some package's run */
    char first_failure[256];
    char *answers;          /* newest `questions` text for this scenario */
    int64_t answers_inv;
    sp_strbuf b;            /* the page, flushed section by section */
} sp_report;

/* ---- fmt.c ---- */
/* Text with & < > " ' escaped. */
SP_INTERNAL void sp_report_esc(sp_strbuf *b, const char *s);
/* The same for s[0..n). */
SP_INTERNAL void sp_report_esc_n(sp_strbuf *b, const char *s, size_t n);
/* Fixed decimals, '.' whatever the locale, no negative zero. */
SP_INTERNAL void sp_report_fixed(sp_strbuf *b, double v, int decimals);
/* An integer with thousands separators: 14,589. */
SP_INTERNAL void sp_report_count(sp_strbuf *b, uint64_t n);
/* "61.0%" / "0.15%": decimals from hi (2 below 1%, else 1). */
SP_INTERNAL int sp_report_pct_decimals(double hi);
SP_INTERNAL void sp_report_pct(sp_strbuf *b, double v, int decimals);
/* A probability and its interval as HTML: 61.0% [58.8, 63.1]. */
SP_INTERNAL void sp_report_prob_html(sp_strbuf *b, double p, double lo,
                                     double hi);
/* Percentage points with a sign (U+2212 for minus) and `unit` (HTML or
 * NULL) after the value: −3.6 points [−5.2, −2.0]. */
SP_INTERNAL void sp_report_points_html(sp_strbuf *b, double d, double lo,
                                       double hi, const char *unit);
/* "major war", "major war (taiwan strait)"; with_article: "a major war". */
SP_INTERNAL void sp_report_outcome(sp_strbuf *b, const char *name,
                                   bool with_article);
/* A one-line definition of a global outcome, or NULL. */
SP_INTERNAL const char *sp_report_outcome_definition(const char *name);
/* "YYYY-MM" for a month index; "?" when unknown (< 0). */
SP_INTERNAL void sp_report_month(sp_strbuf *b, int month);
/* P(outcome o of package p within `months`) and its Wilson interval. */
SP_INTERNAL void sp_report_prob(const sp_report *r, size_t p, size_t o,
                                int months, double *pr, double *lo,
                                double *hi);
/* Package p minus the baseline on outcome o at year index y, with
 * Newcombe's method 10 interval; significant when it excludes 0. */
SP_INTERNAL bool sp_report_paired(const sp_report *r, size_t p, size_t o,
                                  int y, double *d, double *lo, double *hi);
/* The n_time "first month" outcomes in display order (major war, limited
 * war, wider war, nuclear use, clash, other global ones, then the
 * per-flashpoint ones) into order[]; returns how many are global. */
SP_INTERNAL size_t sp_report_outcome_order(const sp_report *r,
                                           size_t *order);
SP_INTERNAL const char *sp_report_package(const sp_report *r, size_t p);
SP_INTERNAL const char *sp_report_outcome_name(const sp_report *r, size_t o);

/* ---- summary.c ---- */
SP_INTERNAL void sp_report_summary(sp_report *r);
/* The answers of `spiral questions --db` for the same scenario, or how
 * to add them (details.c). */
SP_INTERNAL void sp_report_answers(sp_report *r);
/* <thead> with a first column `first` (HTML), one column per reporting
 * year, and the change from the baseline when there are two packages. */
SP_INTERNAL void sp_report_year_head(sp_report *r, const char *first);
/* One <tr>: package p on outcome o; lead is HTML put before the package
 * cell (a rowspan cell naming the outcome), or NULL. */
SP_INTERNAL void sp_report_table_row(sp_report *r, size_t p, size_t o,
                                     const char *lead);

/* ---- charts.c ---- */
/* One SVG chart of cumulative P(outcome o by month) per package. */
SP_INTERNAL void sp_report_chart(sp_report *r, size_t o);
/* Every time outcome's chart, the global ones first. */
SP_INTERNAL void sp_report_charts(sp_report *r);

/* ---- details.c ---- */
SP_INTERNAL void sp_report_all_outcomes(sp_report *r);
SP_INTERNAL void sp_report_uncertain(sp_report *r);
SP_INTERNAL void sp_report_provenance(sp_report *r);

#endif /* SP_REPORT_H */
