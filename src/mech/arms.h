/*
 * arms.h - the arms-race mechanism's pure functions (for tests and for
 * the world step, which calls the same integrator).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_MECH_ARMS_H
#define SP_MECH_ARMS_H

#include "mech.h"

enum { SP_ARMS_K, SP_ARMS_A, SP_ARMS_CAP, SP_ARMS_DEPRECIATION, SP_ARMS_N };

/* Two-actor Richardson system dx/dt = k y - a x + g, dy/dt = l x - b y + h:
 * equilibrium (false if ab = kl), Jacobian eigenvalues, stability. */
SP_INTERNAL bool sp_arms_equilibrium2(double k, double l, double a, double b,
                                      double g, double h, double *x,
                                      double *y);
SP_INTERNAL void sp_arms_eigen2(double k, double l, double a, double b,
                                double *e1, double *e2);
SP_INTERNAL bool sp_arms_stable2(double k, double l, double a, double b);

/* dx/dt = k W x - a x + g + growth .* x for n actors; one classical RK4
 * step of length dt (years). scratch: 5n doubles. */
SP_INTERNAL void sp_arms_rk4(int n, const double *W, double k, double a,
                             const double *g, const double *growth,
                             double *x, double dt, double *scratch);

#endif
