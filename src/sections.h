/*
 * sections.h - scenario sections decoded in scenario_wars.c.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_SECTIONS_H
#define SP_SECTIONS_H

#include "decode.h"

SP_INTERNAL int sp_decode_flashpoints(sp_dctx *c, const sp_ynode *n);
SP_INTERNAL int sp_decode_wars(sp_dctx *c, const sp_ynode *n);

#endif
