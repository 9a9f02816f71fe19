/*
 * tally.h - ensemble statistics accumulated run by run.
 *
 * Memory is fixed by the number of packages, outcomes and months, never
 * by the run count: per package and "first month" outcome a histogram of
 * the month reached (the last bin: not reached), and per package, outcome
 * and reporting year the paired 2x2 counts against the first package.
 * Runs are added one replication at a time (all packages together), in
 * replication order, so the numbers do not depend on thread count.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_ANALYSIS_TALLY_H
#define SP_ANALYSIS_TALLY_H

#include "../internal.h"

#define SP_TALLY_MAX_YEARS 3

typedef struct sp_tally {
    size_t P, n_time, n_extra;
    int months;                    /* horizon in months */
    int n_years, years[SP_TALLY_MAX_YEARS];
    uint64_t runs, failed;         /* per package (all packages alike) */
    uint64_t *hist;                /* [P][n_time][months + 1] */
    uint64_t *pair;                /* [P][n_time][n_years][4] */
    double *mean, *m2;             /* [P][n_extra]: Welford's running
                                      mean and sum of squared deviations */
} sp_tally;

SP_INTERNAL int sp_tally_init(sp_tally *t, size_t P, size_t n_time,
                              size_t n_extra, int months);
SP_INTERNAL void sp_tally_free(sp_tally *t);
/* out: P rows of n_time + n_extra outcomes; failed: P flags (a failed
 * package run makes the whole replication count as failed). */
SP_INTERNAL void sp_tally_add(sp_tally *t, const double *out,
                              const bool *failed);
/* Runs of package p whose outcome o happened within `months`. */
SP_INTERNAL uint64_t sp_tally_within(const sp_tally *t, size_t p, size_t o,
                                     int months);
/* Mean and sample standard deviation of per-run outcome x (0-based
 * among the n_extra) of package p; sd 0 below two runs. */
SP_INTERNAL void sp_tally_extra(const sp_tally *t, size_t p, size_t x,
                                double *mean, double *sd);
SP_INTERNAL const uint64_t *sp_tally_pair(const sp_tally *t, size_t p,
                                          size_t o, int year_index);

#endif
