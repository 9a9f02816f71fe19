/*
 * tally.c - see tally.h.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "tally.h"

#include <math.h>
#include <string.h>

int sp_tally_init(sp_tally *t, size_t P, size_t n_time, size_t n_extra,
                  int months)
{
    memset(t, 0, sizeof *t);
    t->P = P, t->n_time = n_time, t->n_extra = n_extra, t->months = months;
    /* 1, 5 and 10 years, those within the horizon; a horizon that is not
     * one of them replaces the last column (3 years: 1 and 3). */
    static const int candidates[] = {1, 5, 10};
    int horizon = months / 12 > 0 ? months / 12 : 1;
    for (int i = 0; i < 3; i++)
        if (candidates[i] <= horizon)
            t->years[t->n_years++] = candidates[i];
    if (t->years[t->n_years - 1] != horizon) {
        if (t->n_years == SP_TALLY_MAX_YEARS)
            t->n_years--;
        t->years[t->n_years++] = horizon;
    }
    t->hist = sp_calloc(P * n_time * (size_t)(months + 1), sizeof *t->hist);
    t->pair = sp_calloc(P * n_time * SP_TALLY_MAX_YEARS * 4, sizeof *t->pair);
    t->mean = sp_calloc(P * n_extra + 1, sizeof *t->mean);
    t->m2 = sp_calloc(P * n_extra + 1, sizeof *t->m2);
    if (!t->hist || !t->pair || !t->mean || !t->m2) {
        sp_tally_free(t);
        return SP_ENOMEM;
    }
    return SP_OK;
}

void sp_tally_free(sp_tally *t)
{
    sp_xfree(t->hist);
    sp_xfree(t->pair);
    sp_xfree(t->mean);
    sp_xfree(t->m2);
    memset(t, 0, sizeof *t);
}

static bool within(double month, int limit)
{
    return month >= 0 && month < limit;
}

void sp_tally_add(sp_tally *t, const double *out, const bool *failed)
{
    for (size_t p = 0; p < t->P; p++)
        if (failed[p]) {
            t->failed++;
            return; /* pairs stay paired: drop the whole replication */
        }
    size_t row = t->n_time + t->n_extra;
    size_t H = (size_t)t->months + 1;
    for (size_t p = 0; p < t->P; p++) {
        const double *o = out + p * row;
        for (size_t k = 0; k < t->n_time; k++) {
            size_t bin = within(o[k], t->months) ? (size_t)o[k] : H - 1;
            t->hist[(p * t->n_time + k) * H + bin]++;
            for (int y = 0; y < t->n_years; y++) {
                bool a = within(o[k], 12 * t->years[y]);
                bool b = within(out[k], 12 * t->years[y]); /* package 0 */
                size_t cell = a ? (b ? 0 : 1) : (b ? 2 : 3);
                t->pair[((p * t->n_time + k) * SP_TALLY_MAX_YEARS + (size_t)y) *
                            4 + cell]++;
            }
        }
        /* Welford's update: sums of squares lose every digit when the
         * outcome barely varies (a capability near 1.6 in every run) */
        double n1 = (double)t->runs + 1.0;
        for (size_t e = 0; e < t->n_extra; e++) {
            size_t c = p * t->n_extra + e;
            double v = o[t->n_time + e], d = v - t->mean[c];
            t->mean[c] += d / n1;
            t->m2[c] += d * (v - t->mean[c]);
        }
    }
    t->runs++;
}

void sp_tally_extra(const sp_tally *t, size_t p, size_t x, double *mean,
                    double *sd)
{
    size_t c = p * t->n_extra + x;
    *mean = t->mean[c];
    *sd = t->runs > 1 ? sqrt(t->m2[c] / (double)(t->runs - 1)) : 0;
}

uint64_t sp_tally_within(const sp_tally *t, size_t p, size_t o, int months)
{
    size_t H = (size_t)t->months + 1;
    const uint64_t *h = t->hist + (p * t->n_time + o) * H;
    uint64_t n = 0;
    for (int m = 0; m < months && m < t->months; m++)
        n += h[m];
    return n;
}

const uint64_t *sp_tally_pair(const sp_tally *t, size_t p, size_t o,
                              int year_index)
{
    return t->pair + ((p * t->n_time + o) * SP_TALLY_MAX_YEARS +
                      (size_t)year_index) * 4;
}
