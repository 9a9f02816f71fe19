/*
 * morris.h - Morris elementary effects (sp_morris_analyze in spiral.h;
 * method and citations in morris.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_ANALYSIS_MORRIS_H
#define SP_ANALYSIS_MORRIS_H

#include "../internal.h"

#endif
