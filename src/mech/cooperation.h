/*
 * cooperation.h - global cooperation capacity (src/mech/cooperation.c):
 * parameter indices and the pieces of the step, for the tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_MECH_COOPERATION_H
#define SP_MECH_COOPERATION_H

#include "mech.h"

enum { SP_COOP_RATE, SP_COOP_CRISIS_WEIGHT, SP_COOP_BASELINE, SP_COOP_N };

/* Mean hostility, mean dialogue and the share of pairs at crisis level
 * or above, over the N(N-1)/2 pairs. */
SP_INTERNAL void sp_cooperation_drivers(const sp_world *w, double *hbar,
                                        double *dbar, double *crisis);
/* G after dt years of dG/dt = a (1 - G) - b G (exact). */
SP_INTERNAL double sp_cooperation_next(double G, double a, double b,
                                       double dt);

#endif
