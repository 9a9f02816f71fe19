/*
 * transfers.h - the transfers mechanism's parameter indices and item
 * scales (for tests and for sanctions.c, which asks which transfers
 * breach).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_MECH_TRANSFERS_H
#define SP_MECH_TRANSFERS_H

#include "mech.h"

/* Transfer items, in the order of the `item` choices (params.c field
 * table): artillery|missiles|troops|technology|food_fuel. The parameter
 * table of parameters.transfers has one effect per item, same order. */
enum { SP_ITEM_ARTILLERY, SP_ITEM_MISSILES, SP_ITEM_TROOPS,
       SP_ITEM_TECHNOLOGY, SP_ITEM_FOOD_FUEL, SP_N_ITEMS };
/* After the per-item effects: the war_support effect. */
enum { SP_TRANSFER_WAR_SUPPORT = SP_N_ITEMS };

/* The size of one unit of an item's effect parameter, in the item's
 * per-month unit summed over a year: a million rounds, a hundred
 * missiles, ten thousand troops, one technology index point, a million
 * tonnes (1000 thousand tonnes). */
SP_INTERNAL extern const double sp_transfer_scale[SP_N_ITEMS];

/* True for items that raise the receiver's war capacity (artillery,
 * missiles, troops); the others raise its capability. */
static inline bool sp_transfer_is_munition(int item)
{
    return item >= 0 && item <= SP_ITEM_TROOPS;
}

/* Per-year effect of a flow of `per_month` units of `item`:
 * effect * 12 * per_month / scale. */
SP_INTERNAL double sp_transfer_rate(double effect, int item,
                                    double per_month);

#endif
