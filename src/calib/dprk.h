/*
 * dprk.h - North Korean provocations a year (data/dprk_provocations.csv,
 * CSIS Beyond Parallel; unit: event, counted per calendar year) and the
 * predictive interval of a constant Poisson rate fitted to some years.
 * Used by `spiral validate` (case 13) and `spiral calibrate`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_CALIB_DPRK_H
#define SP_CALIB_DPRK_H

#include "internal.h"

/* count[y - y0] = events dated in year y, for y0 <= y <= y1 (a year with
 * no rows counts 0: the file has none in 2018). */
SP_INTERNAL int sp_dprk_counts(const char *dir, int y0, int y1,
                               double *count, sp_error *err);
/* A constant rate fitted to `n` yearly counts summing to `total`: the
 * posterior predictive of next year's count under the Jeffreys prior,
 * rate ~ Gamma(total + 1/2, n), count ~ negative binomial; its central
 * interval of probability `level` as [lo, hi] counts. */
SP_INTERNAL void sp_poisson_predictive(double total, int n, double level,
                                       int *lo, int *hi);

#endif
