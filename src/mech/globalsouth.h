/*
 * globalsouth.h - the Global South (src/mech/globalsouth.c): parameter
 * indices, blocs and the flows, for the tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_MECH_GLOBALSOUTH_H
#define SP_MECH_GLOBALSOUTH_H

#include "mech.h"

enum { SP_GS_WEST, SP_GS_EAST, SP_GS_BACKFIRE, SP_GS_CONFLICT,
       SP_GS_EXAMPLE, SP_GS_AID_GOODWILL, SP_GS_CONDUCT_COST,
       SP_GS_AID_SCALE, SP_GS_N };

enum { SP_GS_BLOC_WEST, SP_GS_BLOC_EAST, SP_GS_BLOC_NONE };

/* The `mode` choice index of needs-based aid (params.c's mode choices:
 * restraint|transparency|cbm|arms_control|needs_based|loyalty_based;
 * test_globalsouth checks it). */
#define SP_GS_MODE_NEEDS 4

/* Bloc of actor i this step, given the anchors' indices. */
SP_INTERNAL int sp_gs_bloc(const sp_world *w, int i, int west, int east);
/* One step of the flows: shares = {west, neutral, east} in, out;
 * P pressure and S standing per bloc (0 West, 1 East); G cooperation. */
SP_INTERNAL void sp_gs_flows(double shares[3], const double P[2],
                             const double S[2], double G, const double *par,
                             double dt);

#endif
