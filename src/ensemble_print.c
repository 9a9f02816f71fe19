/*
 * ensemble_print.c - an ensemble's results as JSON (docs/CLI.md) and as a
 * text table.
 *
 * Intervals: P(outcome within N years) with Wilson 95% intervals;
 * differences between each package and the first, paired by replication
 * (common random numbers), with Newcombe's (1998) method 10 interval for
 * paired proportions; a difference is significant when its interval
 * excludes 0. Numbers are printed with fixed decimals, independent of the
 * locale; only elapsed_s and runs_per_s vary between identical runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ensemble.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/intervals.h"

static const char *pkg_name(const sp_ensemble *e, size_t p)
{
    return e->scn->packages[e->packages[p]].name;
}

static void prob(const sp_ensemble *e, size_t p, size_t o, int year,
                 double *pr, double *lo, double *hi)
{
    uint64_t n = e->tally.runs;
    uint64_t k = sp_tally_within(&e->tally, p, o, 12 * year);
    *pr = n ? (double)k / (double)n : 0;
    sp_wilson(k, n, SP_Z95, lo, hi);
}

static void paired(const sp_ensemble *e, size_t p, size_t o, int y,
                   double *diff, double *lo, double *hi)
{
    const uint64_t *c = sp_tally_pair(&e->tally, p, o, y);
    sp_newcombe_paired(c[0], c[1], c[2], c[3], SP_Z95, diff, lo, hi);
}

static void json_outcomes(sp_strbuf *b, const sp_ensemble *e, size_t p)
{
    const sp_model *m = e->models[0];
    const sp_tally *t = &e->tally;
    sp_strbuf_puts(b, "{");
    for (size_t o = 0; o < t->n_time; o++) {
        sp_strbuf_puts(b, o ? ", " : "");
        sp_strbuf_json_str(b, m->outcome_names[o]);
        sp_strbuf_puts(b, ": {");
        for (int y = 0; y < t->n_years; y++) {
            double pr, lo, hi;
            prob(e, p, o, t->years[y], &pr, &lo, &hi);
            sp_strbuf_printf(b, "%s\"%d\": {\"p\": ", y ? ", " : "",
                             t->years[y]);
            sp_strbuf_fixed(b, pr, 4);
            sp_strbuf_puts(b, ", \"lo\": ");
            sp_strbuf_fixed(b, lo, 4);
            sp_strbuf_puts(b, ", \"hi\": ");
            sp_strbuf_fixed(b, hi, 4);
            sp_strbuf_puts(b, "}");
        }
        sp_strbuf_puts(b, "}");
    }
    sp_strbuf_puts(b, "}");
}

/* The per-run outcomes that are not "first month" ones: mean and sd. */
static void json_means(sp_strbuf *b, const sp_ensemble *e, size_t p)
{
    const sp_tally *t = &e->tally;
    sp_strbuf_puts(b, "{");
    for (size_t x = 0; x < t->n_extra; x++) {
        double mean, sd;
        sp_tally_extra(&e->tally, p, x, &mean, &sd);
        sp_strbuf_puts(b, x ? ", " : "");
        sp_strbuf_json_str(b, e->models[0]->outcome_names[t->n_time + x]);
        sp_strbuf_puts(b, ": {\"mean\": ");
        sp_strbuf_fixed(b, mean, 4);
        sp_strbuf_puts(b, ", \"sd\": ");
        sp_strbuf_fixed(b, sd, 4);
        sp_strbuf_puts(b, "}");
    }
    sp_strbuf_puts(b, "}");
}

static void json_paired(sp_strbuf *b, const sp_ensemble *e)
{
    const sp_tally *t = &e->tally;
    bool first = true;
    for (size_t p = 1; p < e->P; p++)
        for (size_t o = 0; o < t->n_time; o++)
            for (int y = 0; y < t->n_years; y++) {
                double d, lo, hi;
                paired(e, p, o, y, &d, &lo, &hi);
                sp_strbuf_puts(b, first ? "\n  " : ",\n  ");
                first = false;
                sp_strbuf_puts(b, "{\"a\": ");
                sp_strbuf_json_str(b, pkg_name(e, p));
                sp_strbuf_puts(b, ", \"b\": ");
                sp_strbuf_json_str(b, pkg_name(e, 0));
                sp_strbuf_puts(b, ", \"outcome\": ");
                sp_strbuf_json_str(b, e->models[0]->outcome_names[o]);
                sp_strbuf_printf(b, ", \"years\": %d, \"diff\": ",
                                 t->years[y]);
                sp_strbuf_fixed(b, d, 4);
                sp_strbuf_puts(b, ", \"lo\": ");
                sp_strbuf_fixed(b, lo, 4);
                sp_strbuf_puts(b, ", \"hi\": ");
                sp_strbuf_fixed(b, hi, 4);
                sp_strbuf_puts(b, ", \"method\": \"newcombe\"}");
            }
}

/* Warnings: paired differences of major_war at the last year that the
 * run count cannot resolve. */
static size_t warnings(const sp_ensemble *e, char out[][256], size_t max)
{
    const sp_tally *t = &e->tally;
    size_t n = 0, o = 2; /* major_war */
    int y = t->n_years - 1;
    for (size_t p = 1; p < e->P && n < max; p++) {
        const uint64_t *c = sp_tally_pair(t, p, o, y);
        if (!sp_paired_unresolved(c[0], c[1], c[2], c[3], SP_Z95))
            continue;
        uint64_t hint = sp_paired_runs_hint(c[0], c[1], c[2], c[3], SP_Z95);
        snprintf(out[n++], 256, "%s vs %s: major_war within %d years is not "
                 "resolved by %llu runs; about %llu runs per package would "
                 "tell them apart (if the difference is real)",
                 pkg_name(e, p), pkg_name(e, 0), t->years[y],
                 (unsigned long long)t->runs, (unsigned long long)hint);
    }
    if (e->tally.failed && n < max)
        snprintf(out[n++], 256, "%llu replications failed and are left out "
                 "(first: %.160s)", (unsigned long long)e->tally.failed,
                 e->first_failure);
    return n;
}

static int emit(sp_strbuf *b, FILE *out, sp_error *err)
{
    if (b->failed) {
        sp_strbuf_free(b);
        return sp_error_set(err, SP_ENOMEM, "out of memory");
    }
    size_t len = b->len, n = fwrite(b->s, 1, len, out);
    sp_strbuf_free(b);
    return n == len ? SP_OK : sp_error_set(err, SP_EIO, "write failed");
}

int sp_ensemble_write_json(const sp_ensemble *e, FILE *out, double elapsed,
                           sp_error *err)
{
    sp_strbuf b;
    sp_strbuf_init(&b);
    char month[16];
    sp_strbuf_puts(&b, "{\"scenario\": ");
    sp_strbuf_json_str(&b, e->scn->name);
    sp_strbuf_printf(&b, ", \"scenario_sha256\": \"%s\", \"seed\": %llu, "
                     "\"runs\": %llu, \"horizon_years\": %d, "
                     "\"package_start\": \"%s\", \"parameters\": \"%s\",\n "
                     "\"packages\": [", e->scn->sha256,
                     (unsigned long long)e->seed,
                     (unsigned long long)e->tally.runs, e->horizon_years,
                     sp_fmt_month(month, sizeof month, e->scn->forecast_start),
                     e->sample_params ? "sampled" : "nominal");
    for (size_t p = 0; p < e->P; p++) {
        sp_strbuf_puts(&b, p ? ",\n  {\"name\": " : "\n  {\"name\": ");
        sp_strbuf_json_str(&b, pkg_name(e, p));
        sp_strbuf_puts(&b, ",\n   \"outcomes\": ");
        json_outcomes(&b, e, p);
        sp_strbuf_puts(&b, ",\n   \"means\": ");
        json_means(&b, e, p);
        sp_strbuf_puts(&b, "}");
    }
    sp_strbuf_puts(&b, "],\n \"paired\": [");
    json_paired(&b, e);
    sp_strbuf_puts(&b, "],\n \"warnings\": [");
    char w[8][256];
    size_t nw = warnings(e, w, 8);
    for (size_t i = 0; i < nw; i++) {
        sp_strbuf_puts(&b, i ? ", " : "");
        sp_strbuf_json_str(&b, w[i]);
    }
    sp_strbuf_printf(&b, "],\n \"failed_runs\": %llu, \"elapsed_s\": ",
                     (unsigned long long)e->tally.failed);
    sp_strbuf_fixed(&b, elapsed, 3);
    sp_strbuf_puts(&b, ", \"runs_per_s\": ");
    sp_strbuf_fixed(&b, elapsed > 0 ? (double)e->tally.runs * (double)e->P / elapsed
                          : 0, 0);
    sp_strbuf_puts(&b, "}\n");
    return emit(&b, out, err);
}

static void text_cell(sp_strbuf *b, const sp_ensemble *e, size_t p,
                      size_t o, int year)
{
    double pr, lo, hi;
    prob(e, p, o, year, &pr, &lo, &hi);
    sp_strbuf_puts(b, "  ");
    sp_strbuf_fixed(b, pr, 4);
    sp_strbuf_puts(b, " [");
    sp_strbuf_fixed(b, lo, 4);
    sp_strbuf_puts(b, ", ");
    sp_strbuf_fixed(b, hi, 4);
    sp_strbuf_puts(b, "]");
}

static void text_header(sp_strbuf *b, const sp_tally *t, const char *first)
{
    sp_strbuf_printf(b, "%-28s", first);
    for (int y = 0; y < t->n_years; y++) {
        char h[32];
        snprintf(h, sizeof h, "%d year%s", t->years[y],
                 t->years[y] == 1 ? "" : "s");
        sp_strbuf_printf(b, "  %-23s", h);
    }
    sp_strbuf_puts(b, "\n");
}

/* Major war first (what "P(war)" means), then the other outcomes; the
 * flashpoint outcomes only in detail (they are always in the JSON). */
/* Per-run outcomes (levels, counts, integrity, capability, violations):
 * mean (sd), one column per package. */
static void text_means(sp_strbuf *b, const sp_ensemble *e)
{
    const sp_tally *t = &e->tally;
    sp_strbuf_puts(b, "\nPer-run outcomes, mean (sd)\n");
    sp_strbuf_printf(b, "%-28s", "outcome");
    for (size_t p = 0; p < e->P; p++)
        sp_strbuf_printf(b, " %-22.22s", pkg_name(e, p));
    sp_strbuf_puts(b, "\n");
    for (size_t x = 0; x < t->n_extra; x++) {
        sp_strbuf_printf(b, "%-28s", e->models[0]->outcome_names[t->n_time + x]);
        for (size_t p = 0; p < e->P; p++) {
            double mean, sd;
            char cell[64];
            sp_tally_extra(&e->tally, p, x, &mean, &sd);
            snprintf(cell, sizeof cell, "%.4g (%.3g)", mean, sd);
            sp_strbuf_printf(b, " %-22s", cell);
        }
        sp_strbuf_puts(b, "\n");
    }
}

static void text_table(sp_strbuf *b, const sp_ensemble *e, int detail)
{
    const sp_tally *t = &e->tally;
    sp_strbuf_puts(b, "\nP(major war within N years), 95% Wilson "
                      "intervals\n");
    text_header(b, t, "package");
    for (size_t p = 0; p < e->P; p++) {
        sp_strbuf_printf(b, "%-28s", pkg_name(e, p));
        for (int y = 0; y < t->n_years; y++)
            text_cell(b, e, p, SP_OUT_MAJOR, t->years[y]);
        sp_strbuf_puts(b, "\n");
    }
    sp_strbuf_puts(b, "\nOther outcomes\n");
    size_t last = detail ? t->n_time : SP_OUT_N_GLOBAL;
    for (size_t p = 0; p < e->P; p++) {
        sp_strbuf_printf(b, "%s\n", pkg_name(e, p));
        for (size_t o = 0; o < last; o++) {
            if (o == SP_OUT_MAJOR)
                continue;
            sp_strbuf_printf(b, "  %-26s", e->models[0]->outcome_names[o]);
            for (int y = 0; y < t->n_years; y++)
                text_cell(b, e, p, o, t->years[y]);
            sp_strbuf_puts(b, "\n");
        }
    }
    if (!detail && t->n_time > SP_OUT_N_GLOBAL)
        sp_strbuf_puts(b, "(per-flashpoint outcomes and per-run means: "
                          "--verbose, --json or the report)\n");
    if (detail)
        text_means(b, e);
}

static void text_differences(sp_strbuf *b, const sp_ensemble *e)
{
    const sp_tally *t = &e->tally;
    if (e->P < 2)
        return;
    sp_strbuf_printf(b, "\nSignificant differences from %s (paired by "
                     "replication, Newcombe's method 10, 95%%):\n",
                     pkg_name(e, 0));
    size_t shown = 0;
    for (size_t p = 1; p < e->P; p++)
        for (size_t o = 0; o < SP_OUT_N_GLOBAL; o++) {
            int y = t->n_years - 1;
            double d, lo, hi;
            paired(e, p, o, y, &d, &lo, &hi);
            if (lo <= 0 && hi >= 0)
                continue;
            shown++;
            sp_strbuf_printf(b, "  %s makes %s within %d years %s than %s: "
                             "%+.4f [%+.4f, %+.4f]\n", pkg_name(e, p),
                             e->models[0]->outcome_names[o], t->years[y],
                             d > 0 ? "MORE likely" : "less likely",
                             pkg_name(e, 0), d, lo, hi);
        }
    if (!shown)
        sp_strbuf_puts(b, "  none: no package differs significantly from the "
                          "first on any outcome at the horizon\n");
}

int sp_ensemble_write_text(const sp_ensemble *e, FILE *out, int detail,
                           sp_error *err)
{
    sp_strbuf b;
    sp_strbuf_init(&b);
    char month[16];
    sp_strbuf_printf(&b, "scenario %s (sha256 %.12s), seed %llu, %llu runs "
                     "per package, horizon %d years from %s\nparameters: %s\n",
                     e->scn->name, e->scn->sha256,
                     (unsigned long long)e->seed,
                     (unsigned long long)e->tally.runs, e->horizon_years,
                     sp_fmt_month(month, sizeof month, e->scn->forecast_start),
                     e->sample_params
                         ? "drawn per replication (--sample-params): "
                           "intervals include parameter uncertainty"
                         : "nominal values: intervals reflect chance events "
                           "only, conditional on the guessed values");
    text_table(&b, e, detail);
    text_differences(&b, e);
    char w[8][256];
    size_t nw = warnings(e, w, 8);
    for (size_t i = 0; i < nw; i++)
        sp_strbuf_printf(&b, "warning: %s\n", w[i]);
    return emit(&b, out, err);
}
