/*
 * sobol.h - Sobol' sensitivity indices from a Saltelli design
 * (sp_sobol_analyze in spiral.h; estimators and citations in sobol.c).
 *
 * Replication noise. spiral's model is stochastic: the sweep runs R
 * replications per design point and feeds sp_sobol_analyze, per point,
 * the MEAN of the R outcomes, y(x) = f(x) + e(x), f the expected outcome
 * and e the mean of R replications' chance, variance sigma^2(x)/R. The
 * indices estimated are then those of y, not of f:
 *
 *   - the variance V = Var(y) = Var(f) + E[sigma^2]/R is inflated by the
 *     noise, so the first-order indices (numerator E[f(B)(f(AB)-f(A))],
 *     which independent noise leaves unbiased) are biased toward 0 by
 *     the factor Var(f) / (Var(f) + E[sigma^2]/R);
 *   - the total-order numerator E[(y(A) - y(AB))^2]/2 gains
 *     E[(e(A) - e(AB))^2]/2, so a parameter with no effect gets ST > 0
 *     and the ST of all parameters drift toward the noise's share.
 *   - Common random numbers (model.md §4: replication r of every design
 *     point sees the same chance events) correlate e(A), e(B) and
 *     e(AB) positively, which shrinks the total-order term and the
 *     first-order noise term, but the variance inflation remains.
 *
 * The bootstrap resamples whole base points, each with its own noise, so
 * its interval includes the replication noise as well as the design's
 * sampling error; it does not remove the bias. With few replications
 * (noise variance comparable to Var(f)) S is biased toward 0 and the
 * intervals are wide: raise R until E[sigma^2]/R is small against the
 * outcome's variance across points (for a probability, sigma^2 <= 1/4
 * per run, so R = 100 keeps the noise variance below 0.0025).
 *
 * The bootstrap treats base points as independent draws. For Sobol'
 * points (not random) that overstates the design's sampling error, so
 * the intervals are conservative for a smooth f.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_ANALYSIS_SOBOL_H
#define SP_ANALYSIS_SOBOL_H

#include "../internal.h"

#define SP_SOBOL_DEFAULT_BOOT 1000

#endif
