/*
 * opinion.h - public opinion (src/mech/opinion.c): parameter indices and
 * the cap on levers, for the tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_MECH_OPINION_H
#define SP_MECH_OPINION_H

#include "mech.h"

#include <math.h>

enum { SP_OPN_RELAX, SP_OPN_THREAT_GAIN, SP_OPN_RALLY,
       SP_OPN_WAR_WEARINESS, SP_OPN_N };

/* True for lever kinds of the soft line (support = 1 - o). */
SP_INTERNAL bool sp_opinion_soft(int kind);
/* What a lever delivers given the support S its actors give and the
 * support it needs: min(1, S / needed); 1 when needed <= 0. */
SP_INTERNAL double sp_opinion_scale(double support, double needed);

#endif
