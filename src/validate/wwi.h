/*
 * wwi.h - the six European great powers' signed network, 1872-1918
 * (data/wwi_alliances.csv), for validation.md case 6.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_VALIDATE_WWI_H
#define SP_VALIDATE_WWI_H

#include "internal.h"

enum { SP_WWI_N = 6 };

/* The powers in matrix order: GBR FRA RUS AUH DEU ITA. */
SP_INTERNAL const char *sp_wwi_power(int i);
/* The signed network of `year` (a tie holds for begin <= year < end;
 * absent ties 0) from DIR/wwi_alliances.csv, into s (6*6, symmetric). */
SP_INTERNAL int sp_wwi_network(const char *dir, int year,
                               double s[SP_WWI_N * SP_WWI_N], sp_error *err);

#endif
