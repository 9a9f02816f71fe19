/*
 * ensemble.h - the ensemble object (internal layout), shared by
 * ensemble.c (running) and ensemble_print.c (JSON and text).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_ENSEMBLE_H
#define SP_ENSEMBLE_H

#include "analysis/tally.h"
#include "model.h"

struct sp_ensemble {
    const sp_scenario *scn;
    size_t P;
    size_t *packages;         /* scenario package indices */
    sp_model **models;        /* one per package */
    uint64_t seed, runs_asked;
    int horizon_years, sample_params;
    bool series;            /* keep ledger rows (--series) */
    sp_tally tally;
    char first_failure[256];
};

#endif
