/*
 * deterrence.h - counter-strike capability and isolation
 * (src/mech/deterrence.c): what bargaining.c and trust.c read.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_MECH_DETERRENCE_H
#define SP_MECH_DETERRENCE_H

#include "mech.h"

enum { SP_DET_CS_COST, SP_DET_CS_THREAT, SP_DET_ISO_COST, SP_DET_ISO_DECAY,
       SP_DET_N };

/* Multiplier on a's cost of war against b: (1 + cs_cost k_b)(1 +
 * iso_cost iso_a). */
SP_INTERNAL double sp_deterrence_cost_factor(const sp_world *w, int a,
                                             int b);
/* Multiplier on i's capability as others perceive it: 1 + cs_threat k_i.
 * Inline: trust.c asks for it for every actor every step. */
static inline double sp_deterrence_seen(const sp_world *w, int i)
{
    return 1 + w->p.par[SP_COMP_DETERRENCE][SP_DET_CS_THREAT] * w->cs[i];
}

#endif
