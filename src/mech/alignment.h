/*
 * alignment.h - structural balance: pure functions for tests and the step.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_MECH_ALIGNMENT_H
#define SP_MECH_ALIGNMENT_H

#include "mech.h"

enum { SP_AL_BETA, SP_AL_COUNTER, SP_AL_DIALOGUE, SP_AL_N };

/* Triads with all three ties present (nonzero), and how many of them are
 * imbalanced (product of signs < 0). s is n*n, symmetric. */
SP_INTERNAL void sp_balance_triads(const double *s, int n, long *complete,
                                   long *imbalanced);
/* Sign classes of the leading eigenvector of the symmetric matrix X:
 * side[i] = +1 or -1 (0 for a zero component). Returns the largest
 * eigenvalue, or NAN on failure. */
SP_INTERNAL double sp_balance_factions(const double *X, int n, int *side);
/* Blow-up time of the unbounded form dX/dt = X^2 from X0: 1/lambda_max
 * (Marvel, Kleinberg, Kleinberg & Strogatz 2011); INFINITY if
 * lambda_max <= 0. */
SP_INTERNAL double sp_balance_blowup_time(const double *X0, int n);
/* The bounded form the model runs: ds_ij/dt = beta (1 - s_ij^2)
 * sum_k s_ik s_kj / n, written into ds (diagonal 0). */
SP_INTERNAL void sp_balance_rhs(const double *s, int n, double beta,
                                double *ds);
/* The bounded form alone, integrated as the model does (explicit Euler
 * with step dt years, clamped to [-1, 1]) for `years`; ds is n*n
 * scratch. For validation and tests: the step adds the other terms. */
SP_INTERNAL void sp_balance_evolve(double *s, int n, double beta,
                                   double years, double dt, double *ds);

#endif
