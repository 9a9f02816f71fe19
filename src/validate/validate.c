/*
 * validate.c - `spiral validate`: the validation suite (validation.md),
 * one case per published or derived number, each with its kind, the
 * figure the code computes, where it must fall and the source. A case
 * whose honest result is a failure stays in the suite, marked
 * known-failing with its reason, and is never tuned away.
 *
 * Kinds: "closed form" (a formula's exact value), "paper" (a number a
 * paper reports, recomputed from its data), "out of sample" (fitted on
 * one part of the data, tested on another), "mechanism check" (the model
 * run with and without something, paired; the quantity and threshold are
 * written in docs/CALIBRATION.md before the run), "diagnostic" (reported
 * with its stated expected verdict, e.g. the MID ladder across periods).
 * The unit tests check validation.md cases 4-12 through the mechanisms'
 * own functions as well.
 *
 * This file holds the list and the table; the cases live beside it, one
 * file per family.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vcase.h"

#include <string.h>

typedef struct vcase {
    const char *name, *kind, *what, *source;
    vcase_fn run;
} vcase;

#define WWI_TRIADS "validation.md case 6 [V data, C counts]; " \
    "data/wwi_alliances.csv; exact"
#define WWI_SOURCE "validation.md case 6 [C]; data/wwi_alliances.csv; " \
    "Marvel et al. 2011"

#define MID_HOLDOUT "validation.md case 13; data/mid_disputes.csv " \
    "(unit: dispute); halves by Philox seed 1; pass: inside the held-out " \
    "share's 95% Wilson interval"
#define MID_PERIOD "validation.md case 13 (diagnostic, expected to " \
    "fail); data/mid_disputes.csv (unit: dispute); 95% Wilson interval " \
    "of the 2000-2014 share"

static const vcase cases[] = {
    {"richardson_stable", "closed form",
     "larger eigenvalue, k = l = 1, a = b = 2",
     "validation.md case 1 [D]", sp_v_rich_stable},
    {"richardson_unstable", "closed form",
     "larger eigenvalue, k = l = 2, a = b = 1",
     "validation.md case 1 [D]", sp_v_rich_unstable},
    {"richardson_cold_war", "paper",
     "slower eigenvalue of the US/USSR 1960-1990 fit",
     "validation.md case 2 (ufuksahinn/richardson-arms-race-simulation)",
     sp_v_rich_cold_war},
    {"richardson_1909_slope", "paper",
     "OLS slope of the yearly increase on the mid-year total, 1909-1913",
     "Richardson 1960 (0.73/yr); data/richardson_1909_1913.csv; tolerance "
     "2 standard errors of the fit", sp_v_rich_slope},
    {"richardson_1909_zero", "paper",
     "total at which the increase is zero (GBP million)",
     "Richardson 1960 (194); data/richardson_1909_1913.csv; tolerance 2 "
     "standard errors (delta method)", sp_v_rich_zero},
    {"richardson_1909_integrator", "closed form",
     "RK4 of dS/dt = 0.73 (S - 194) from the 1909 total of "
     "scenarios/richardson-1909.yaml to 1913 vs the 1913 total",
     "validation.md case 3 (290.4 vs 289.0); tolerance 1%",
     sp_v_rich_integrator},
    {"wwi_triads_1872", "paper",
     "imbalanced triads among complete triads, 1872", WWI_TRIADS,
     sp_v_wwi_triads_1872},
    {"wwi_triads_1882", "paper",
     "imbalanced triads among complete triads, 1882", WWI_TRIADS,
     sp_v_wwi_triads_1882},
    {"wwi_triads_1890", "paper",
     "imbalanced triads among complete triads, 1890", WWI_TRIADS,
     sp_v_wwi_triads_1890},
    {"wwi_triads_1891", "paper",
     "imbalanced triads among complete triads, 1891", WWI_TRIADS,
     sp_v_wwi_triads_1891},
    {"wwi_triads_1904", "paper",
     "imbalanced triads among complete triads, 1904", WWI_TRIADS,
     sp_v_wwi_triads_1904},
    {"wwi_triads_1907", "paper",
     "imbalanced triads among complete triads, 1907", WWI_TRIADS,
     sp_v_wwi_triads_1907},
    {"wwi_eigen_1904", "paper",
     "leading-eigenvector factions of 1904 are the 1914 blocs (1 = yes)",
     WWI_SOURCE, sp_v_wwi_eigen_1904},
    {"wwi_eigen_1872", "paper",
     "leading-eigenvector factions of 1872 are the 1914 blocs (1 = yes)",
     WWI_SOURCE, sp_v_wwi_eigen_1872},
    {"wwi_dynamics_1904", "paper",
     "the model's bounded balance dynamics from 1904 end in the 1914 "
     "blocs (1 = yes)", WWI_SOURCE, sp_v_wwi_dynamics_1904},
    {"wwi_dynamics_1872", "paper",
     "the model's bounded balance dynamics from 1872 end in the 1914 "
     "blocs (1 = yes)", WWI_SOURCE, sp_v_wwi_dynamics_1872},
    {"mid_holdout_threat", "out of sample",
     "share of threat disputes the ladder fitted on a random half of "
     "1946-2014 predicts for the other half", MID_HOLDOUT,
     sp_v_mid_holdout_threat},
    {"mid_holdout_display", "out of sample",
     "share of display of force disputes the ladder fitted on a random half of "
     "1946-2014 predicts for the other half", MID_HOLDOUT,
     sp_v_mid_holdout_display},
    {"mid_holdout_force", "out of sample",
     "share of use of force disputes the ladder fitted on a random half of "
     "1946-2014 predicts for the other half", MID_HOLDOUT,
     sp_v_mid_holdout_force},
    {"mid_holdout_war", "out of sample",
     "share of war disputes the ladder fitted on a random half of "
     "1946-2014 predicts for the other half", MID_HOLDOUT,
     sp_v_mid_holdout_war},
    {"mid_period_threat", "diagnostic",
     "share of threat disputes in 2000-2014 predicted by the ladder "
     "fitted on 1946-1999", MID_PERIOD, sp_v_mid_period_threat},
    {"mid_period_display", "diagnostic",
     "share of display of force disputes in 2000-2014 predicted by the ladder "
     "fitted on 1946-1999", MID_PERIOD, sp_v_mid_period_display},
    {"mid_period_force", "diagnostic",
     "share of use of force disputes in 2000-2014 predicted by the ladder "
     "fitted on 1946-1999", MID_PERIOD, sp_v_mid_period_force},
    {"mid_period_war", "diagnostic",
     "share of war disputes in 2000-2014 predicted by the ladder "
     "fitted on 1946-1999", MID_PERIOD, sp_v_mid_period_war},
    {"dprk_constant_rate", "out of sample",
     "years of 2015-2025 whose provocation count falls in the 95% "
     "predictive interval of a constant rate fitted to 2005-2014",
     "validation.md case 13; data/dprk_provocations.csv (CSIS; unit: "
     "event a year); Jeffreys-prior negative binomial; exact (all 11)",
     sp_v_dprk_constant_rate},
    {"mechanism_counter_alignment", "mechanism check",
     "lower end of the paired 95% interval of the rise in mean RUS-CHN-PRK "
     "alignment at 2024-12 due to the observed 2023-2024 events",
     "docs/CALIBRATION.md (written before the run); reference scenario, "
     "1000 paired runs, seed 1", sp_v_mech_counter_alignment},
    {"mechanism_sanctions_integrity", "mechanism check",
     "upper end of the paired 95% interval of the change in sanctions "
     "integrity at 2024-12 due to the observed 2023-2024 events",
     "docs/CALIBRATION.md (written before the run); reference scenario, "
     "1000 paired runs, seed 1", sp_v_mech_sanctions_integrity},
};
#define N_CASES (sizeof cases / sizeof cases[0])

/* The "expected" and "tolerance" cells: "E" and "T", or "[lo, hi]" and
 * "-" for an interval case (an open end shown as "> lo" or "< hi"). */
static void expected_cells(const vresult *r, char *e, size_t ne, char *t,
                           size_t nt)
{
    char lo[24], hi[24];
    if (!isnan(r->tol)) {
        sp_fmt_double(e, ne, r->expected, 6);
        sp_fmt_double(t, nt, r->tol, 3);
        return;
    }
    sp_fmt_double(lo, sizeof lo, r->lo, 4);
    sp_fmt_double(hi, sizeof hi, r->hi, 4);
    if (isinf(r->hi))
        snprintf(e, ne, "> %s", lo);
    else if (isinf(r->lo))
        snprintf(e, ne, "< %s", hi);
    else
        snprintf(e, ne, "[%s, %s]", lo, hi);
    snprintf(t, nt, "-");
}

static const char *verdict(const vresult *r, bool pass, bool json)
{
    return pass ? "pass" : r->known_failing ? "known-failing"
                                            : json ? "fail" : "FAIL";
}

static void line_text(sp_strbuf *b, const vcase *c, const vresult *r,
                      bool pass)
{
    char fig[32], exp[64], tol[32];
    sp_fmt_double(fig, sizeof fig, r->figure, 6);
    expected_cells(r, exp, sizeof exp, tol, sizeof tol);
    sp_strbuf_printf(b, "%-30s %-15s %12s %18s %9s  %-13s %s\n", c->name,
                     c->kind, fig, exp, tol, verdict(r, pass, false),
                     c->source);
    if (!pass && r->known_failing)
        sp_strbuf_printf(b, "%-30s   why: %s\n", "", r->known_failing);
}

static void json_num(sp_strbuf *b, const char *key, double v, int digits)
{
    sp_strbuf_printf(b, ", \"%s\": ", key);
    if (isfinite(v))
        sp_strbuf_double(b, v, digits);
    else
        sp_strbuf_puts(b, "null");
}

static void line_json(sp_strbuf *b, const vcase *c, const vresult *r,
                      bool pass, bool first)
{
    sp_strbuf_puts(b, first ? "\n  {\"case\": " : ",\n  {\"case\": ");
    sp_strbuf_json_str(b, c->name);
    sp_strbuf_puts(b, ", \"kind\": ");
    sp_strbuf_json_str(b, c->kind);
    sp_strbuf_puts(b, ", \"what\": ");
    sp_strbuf_json_str(b, c->what);
    json_num(b, "figure", r->figure, 10);
    json_num(b, "expected", r->expected, 10);
    json_num(b, "tolerance", r->tol, 6);
    json_num(b, "lo", r->lo, 10);
    json_num(b, "hi", r->hi, 10);
    sp_strbuf_printf(b, ", \"result\": \"%s\", \"why\": ",
                     verdict(r, pass, true));
    if (!pass && r->known_failing)
        sp_strbuf_json_str(b, r->known_failing);
    else
        sp_strbuf_puts(b, "null");
    sp_strbuf_puts(b, ", \"source\": ");
    sp_strbuf_json_str(b, c->source);
    sp_strbuf_puts(b, "}");
}

static int unknown_case(const char *name, sp_error *err)
{
    const char *names[N_CASES];
    for (size_t i = 0; i < N_CASES; i++)
        names[i] = cases[i].name;
    const char *near = sp_did_you_mean(name, names, N_CASES);
    return SP_FAIL(err, SP_ENOTFOUND, "no validation case '%s'%s%s%s "
                   "(spiral validate lists them all)", name,
                   near ? " (did you mean '" : "", near ? near : "",
                   near ? "'?)" : "");
}

/* The scenarios folder beside the data folder (DATA/../scenarios), where
 * the mechanism checks find the reference scenario. */
static int scenario_dir(const char *data_dir, char *buf, size_t n,
                        sp_error *err)
{
    return sp_path_join(buf, n, data_dir, "../scenarios", err);
}

int sp_validate_write(const char *data_dir, const char *only, FILE *out,
                      int json, int *n_failed, sp_error *err)
{
    *n_failed = 0;
    bool found = !only;
    for (size_t i = 0; only && i < N_CASES; i++)
        found |= !strcmp(cases[i].name, only);
    if (!found)
        return unknown_case(only, err);
    sp_strbuf b;
    sp_strbuf_init(&b);
    if (json)
        sp_strbuf_puts(&b, "{\"cases\": [");
    else
        sp_strbuf_printf(&b, "%-30s %-15s %12s %18s %9s  %-13s %s\n",
                         "case", "kind", "figure", "expected", "tolerance",
                         "result", "source");
    char scen[1024];
    vctx ctx = {data_dir ? data_dir : "data", scen};
    int rc = scenario_dir(ctx.data_dir, scen, sizeof scen, err);
    bool first = true;
    for (size_t i = 0; i < N_CASES && rc == SP_OK; i++) {
        if (only && strcmp(cases[i].name, only) != 0)
            continue;
        vresult r;
        rc = cases[i].run(&ctx, &r, err);
        if (rc)
            break;
        bool pass = r.figure >= r.lo && r.figure <= r.hi; /* NaN fails */
        if (!pass && !r.known_failing)
            ++*n_failed;
        if (json)
            line_json(&b, &cases[i], &r, pass, first);
        else
            line_text(&b, &cases[i], &r, pass);
        first = false;
    }
    if (json)
        sp_strbuf_printf(&b, "],\n \"failed\": %d}\n", *n_failed);
    if (rc == SP_OK && b.failed)
        rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (rc == SP_OK && b.len && fwrite(b.s, 1, b.len, out) != b.len)
        rc = SP_FAIL(err, SP_EIO, "writing the validation table failed");
    sp_strbuf_free(&b);
    return rc;
}

size_t sp_validate_n_cases(void)
{
    return N_CASES;
}

const char *sp_validate_case_name(size_t i)
{
    return i < N_CASES ? cases[i].name : NULL;
}
