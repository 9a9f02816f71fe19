/*
 * sanctions.h - the sanctions mechanism's parameter indices.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_MECH_SANCTIONS_H
#define SP_MECH_SANCTIONS_H

#include "mech.h"

enum { SP_SANC_MAX_DRAG, SP_SANC_VETO_HIT, SP_SANC_MONITORING_HIT,
       SP_SANC_BREACH_EROSION, SP_SANC_RESTORE_RATE,
       SP_SANC_RESOLUTION_GAIN, SP_SANC_N };

/* True if actor i holds a Security Council veto (actors.<ID>.veto). */
SP_INTERNAL bool sp_sanctions_veto(const sp_world *w, int i);

#endif
