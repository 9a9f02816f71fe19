/*
 * questions.h - `spiral questions` (src/questions.c): the five questions
 * of seed-facts.md answered from runs with common random numbers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_QUESTIONS_H
#define SP_QUESTIONS_H

#include "internal.h"
#include "model.h"

/* Most --set overrides passed on to the one-at-a-time reloads. */
#define SP_QUESTIONS_MAX_SETS 256

#endif
