/*
 * intervals.h - confidence intervals and summaries for ensemble results.
 *
 * What an ensemble reports (model.md §4): P(outcome within 1, 5, 10
 * years) with a Wilson score interval; the paired difference between two
 * packages run on the same replications (common random numbers) with
 * Newcombe's (1998) method 10 interval; whether the run count is too
 * small to tell the packages apart, and roughly how many runs would be
 * enough; means and quantiles of continuous per-run outcomes.
 *
 * All functions are pure: no allocation, no error object, no printing.
 * Impossible input (k > n, a level outside (0, 1), a negative z) gives
 * NaN results rather than a status code, so a caller sees it in the
 * output instead of a silently clamped number. The formulas, sources and
 * the "unresolved" rule are in intervals.c's header comment.
 *
 * Tests: tests/unit/test_intervals.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_ANALYSIS_INTERVALS_H
#define SP_ANALYSIS_INTERVALS_H

#include "internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Phi^-1(0.975): z for a two-sided 95% interval. */
#define SP_Z95 1.959963984540054

/* z for a two-sided interval of the given level: Phi^-1((1 + level)/2),
 * so 0.95 gives 1.959963985. NaN unless 0 < level < 1. */
SP_INTERNAL double sp_z_for_level(double level);

/* Wilson score interval for k successes in n trials. n = 0 gives [0, 1];
 * k = 0 gives lo = 0 exactly and k = n gives hi = 1 exactly. k > n, or z
 * negative or NaN, gives NaN. */
SP_INTERNAL void sp_wilson(uint64_t k, uint64_t n, double z, double *lo,
                           double *hi);

/* Paired difference p_a - p_b of two proportions observed on the same n
 * runs: n11 runs with both outcomes, n10 with a only, n01 with b only,
 * n00 with neither. *diff = (n10 - n01)/n and [*lo, *hi] is Newcombe's
 * method 10 interval, within [-1, 1] with lo <= diff <= hi. n = 0 gives
 * diff 0 and [-1, 1]. z negative or NaN gives NaN. */
SP_INTERNAL void sp_newcombe_paired(uint64_t n11, uint64_t n10, uint64_t n01,
                                    uint64_t n00, double z, double *diff,
                                    double *lo, double *hi);

/* True when the run count is too small to tell the two packages apart on
 * this outcome: the interval at z (pass SP_Z95 for the reported rule)
 * contains 0 and its half-width (hi - lo)/2 exceeds
 * 0.5 * max(|diff|, 0.002). n = 0 is unresolved. */
SP_INTERNAL bool sp_paired_unresolved(uint64_t n11, uint64_t n10,
                                      uint64_t n01, uint64_t n00, double z);

/* ceil(z^2 p (1 - p) / h^2), at least 1: the run count at which an
 * interval for a proportion near p has half-width about h. 0 if p is
 * outside [0, 1], h <= 0, z < 0 or any is NaN; UINT64_MAX if the count
 * does not fit. */
SP_INTERNAL uint64_t sp_runs_for_halfwidth(double p, double halfwidth,
                                           double z);

/* For the "too few runs" warning: about how many runs per package would
 * bring the paired interval's half-width down to 0.5 * max(|diff|, 0.002)
 * at the observed discordance, i.e. ceil(z^2 s^2 / h^2) with the per-run
 * variance of the paired difference s^2 = p10 + p01 - (p10 - p01)^2
 * (3/n in place of p10 + p01 when no run is discordant). At least n + 1
 * when the difference is unresolved; 0 if n = 0. */
SP_INTERNAL uint64_t sp_paired_runs_hint(uint64_t n11, uint64_t n10,
                                         uint64_t n01, uint64_t n00,
                                         double z);

/* Mean of x[0..n) with the normal-approximation interval
 * mean -/+ z * sd / sqrt(n), sd the sample standard deviation (n - 1 in
 * the denominator). n = 0: all NaN. n = 1: *mean = x[0], *sd, *lo, *hi
 * NaN (no spread to estimate). Any output pointer may be NULL. */
SP_INTERNAL void sp_mean_ci(const double *x, size_t n, double z,
                            double *mean, double *sd, double *lo,
                            double *hi);

/* The q-quantile of sorted[0..n) (ascending) by R's default type 7:
 * h = (n - 1) q, j = floor(h), Q = x[j] + (h - j)(x[j+1] - x[j]).
 * NaN if n = 0 or q is outside [0, 1] or NaN. */
SP_INTERNAL double sp_quantile_sorted(const double *sorted, size_t n,
                                      double q);

#endif /* SP_ANALYSIS_INTERVALS_H */
