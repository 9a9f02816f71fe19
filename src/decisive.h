/*
 * decisive.h - the fifth question by a sweep (decisive.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_DECISIVE_H
#define SP_DECISIVE_H

#include "internal.h"

typedef struct sp_decisive_opts {
    const sp_scenario *scenario;
    size_t soft, hard;              /* package indices */
    const char *soft_name, *hard_name;
    uint32_t points, reps;          /* LHS points, replications each */
    uint64_t seed;
    int threads;
    const char *db;                 /* keep the sweep here; NULL: temp */
    const char *command_line;
    bool json;
    size_t n_outcomes, major_outcome; /* the model's outcome count and the
                                         index of "major_war" */
} sp_decisive_opts;

/* Run the sweep and append the answer (text, or JSON members without
 * braces) to b. */
SP_INTERNAL int sp_decisive_write(const sp_decisive_opts *o, sp_strbuf *b,
                                  sp_error *err);

#endif
