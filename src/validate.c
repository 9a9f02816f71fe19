/*
 * validate.c - `spiral validate`: the validation suite (validation.md),
 * one case per published or derived number, each with its kind, the
 * figure the code computes, what is expected, the tolerance and the
 * source. A case whose honest result is a failure stays in the suite,
 * marked known-failing with its reason, and is never tuned away.
 *
 * Kinds: "closed form" (a formula's exact value), "paper" (a number a
 * paper reports, recomputed from its data), "out of sample", "mechanism
 * check". This first set covers the Richardson cases of validation.md
 * (1-3); the other cases of the issue (WWI, out of sample, mechanism
 * checks) are to come, and the unit tests already check validation.md
 * cases 4-12 through the mechanisms' own functions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "internal.h"

#include <math.h>
#include <string.h>

#include "mech/arms.h"

typedef struct vresult {
    double figure, expected, tol;
    const char *known_failing; /* NULL, or why failing is the honest result */
} vresult;

typedef struct vcase {
    const char *name, *kind, *what, *source;
    int (*run)(const char *data_dir, vresult *r, sp_error *err);
} vcase;

/* ---- Richardson (validation.md cases 1-3) ------------------------------ */

/* Case 1: k = l = 1, a = b = 2, g = h = 1: the larger eigenvalue is -1
 * (and x* = y* = 1, checked in test_arms). */
static int rich_stable(const char *d, vresult *r, sp_error *err)
{
    (void)d, (void)err;
    double e1, e2;
    sp_arms_eigen2(1, 1, 2, 2, &e1, &e2);
    *r = (vresult){fmax(e1, e2), -1.0, 1e-12, NULL};
    return SP_OK;
}

/* Case 1, unstable: k = l = 2, a = b = 1: the larger eigenvalue is +1. */
static int rich_unstable(const char *d, vresult *r, sp_error *err)
{
    (void)d, (void)err;
    double e1, e2;
    sp_arms_eigen2(2, 2, 1, 1, &e1, &e2);
    *r = (vresult){fmax(e1, e2), 1.0, 1e-12, NULL};
    return SP_OK;
}

/* Case 2: the Cold War fit's slower eigenvalue, -0.01221 (+-1e-4). */
static int rich_cold_war(const char *d, vresult *r, sp_error *err)
{
    (void)d, (void)err;
    double e1, e2;
    sp_arms_eigen2(0.034, 0.042, 0.050, 0.050, &e1, &e2);
    *r = (vresult){fmax(e1, e2), -0.01221, 1e-4, NULL};
    return SP_OK;
}

/* The yearly totals of richardson_1909_1913.csv (last column, "total"). */
static int read_totals(const char *dir, double S[5], sp_error *err)
{
    char path[1024], line[512];
    snprintf(path, sizeof path, "%s/richardson_1909_1913.csv", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return SP_FAIL(err, SP_ENOTFOUND, "%s: cannot open (the data "
                       "directory is --data DIR, default ./data)", path);
    int n = 0, rc = SP_OK;
    bool header = true;
    while (rc == SP_OK && fgets(line, sizeof line, f)) {
        char *last = strrchr(line, ',');
        if (!last) {
            rc = SP_FAIL(err, SP_EFORMAT, "%s: line without commas", path);
            break;
        }
        last[strcspn(last, "\r\n")] = '\0';
        if (header) {
            if (strcmp(last + 1, "total") != 0)
                rc = SP_FAIL(err, SP_EFORMAT, "%s: the last column is not "
                             "'total'", path);
            header = false;
            continue;
        }
        if (n == 5 || !sp_parse_double(last + 1, &S[n]))
            rc = SP_FAIL(err, SP_EFORMAT, "%s: expected 5 numeric totals "
                         "(1909-1913)", path);
        n++;
    }
    fclose(f);
    if (rc == SP_OK && n != 5)
        rc = SP_FAIL(err, SP_EFORMAT, "%s: %d years, expected 5", path, n);
    return rc;
}

/* OLS of the annual increase on the mid-year total: slope b, zero z
 * (where the increase is 0) and their standard errors (z by the delta
 * method). */
static void rich_fit(const double S[5], double *b, double *se_b, double *z,
                     double *se_z)
{
    double m[4], d[4], mx = 0, my = 0, sxx = 0, sxy = 0, ss = 0;
    for (int i = 0; i < 4; i++) {
        d[i] = S[i + 1] - S[i];
        m[i] = 0.5 * (S[i] + S[i + 1]);
        mx += m[i] / 4, my += d[i] / 4;
    }
    for (int i = 0; i < 4; i++) {
        sxx += (m[i] - mx) * (m[i] - mx);
        sxy += (m[i] - mx) * (d[i] - my);
    }
    *b = sxy / sxx;
    double a = my - *b * mx;
    for (int i = 0; i < 4; i++)
        ss += (d[i] - a - *b * m[i]) * (d[i] - a - *b * m[i]);
    double s2 = ss / 2; /* n - 2 degrees of freedom */
    double va = s2 * (0.25 + mx * mx / sxx), vb = s2 / sxx;
    double cab = -mx * s2 / sxx, ga = -1 / *b, gb = a / (*b * *b);
    *se_b = sqrt(vb);
    *z = -a / *b;
    *se_z = sqrt(ga * ga * va + gb * gb * vb + 2 * ga * gb * cab);
}

/* The 1909-1913 fit from the shipped data: fit[0..3] = slope, its
 * standard error, zero, its standard error. */
static int fit_from_data(const char *dir, double fit[4], sp_error *err)
{
    double S[5];
    int rc = read_totals(dir, S, err);
    if (rc == SP_OK)
        rich_fit(S, &fit[0], &fit[1], &fit[2], &fit[3]);
    return rc;
}

/* Case 3: Richardson's published slope 0.73 against the fit, within two
 * standard errors of the fitted value. */
static int rich_slope(const char *dir, vresult *r, sp_error *err)
{
    double fit[4];
    int rc = fit_from_data(dir, fit, err);
    if (rc == SP_OK)
        *r = (vresult){fit[0], 0.73, 2 * fit[1], NULL};
    return rc;
}

/* Case 3: Richardson's published zero 194 against the fit's. */
static int rich_zero(const char *dir, vresult *r, sp_error *err)
{
    double fit[4];
    int rc = fit_from_data(dir, fit, err);
    if (rc == SP_OK)
        *r = (vresult){fit[2], 194.0, 2 * fit[3], NULL};
    return rc;
}

/* Case 3, the integrator: dS/dt = 0.73 (S - 194) from 199.2 (1909) with
 * the model's RK4 (monthly steps) reaches 289.0 (1913) within 1%. */
static int rich_integrator(const char *dir, vresult *r, sp_error *err)
{
    double S[5];
    int rc = read_totals(dir, S, err);
    if (rc)
        return rc;
    double x = S[0], W = 0, g = -0.73 * 194.0, growth = 0, scratch[5];
    for (int t = 0; t < 48; t++) /* as dx/dt = k W x - a x + g */
        sp_arms_rk4(1, &W, 0, -0.73, &g, &growth, &x, 1.0 / 12, scratch);
    *r = (vresult){x, S[4], 0.01 * S[4], NULL};
    return SP_OK;
}

static const vcase cases[] = {
    {"richardson_stable", "closed form",
     "larger eigenvalue, k = l = 1, a = b = 2",
     "validation.md case 1 [D]", rich_stable},
    {"richardson_unstable", "closed form",
     "larger eigenvalue, k = l = 2, a = b = 1",
     "validation.md case 1 [D]", rich_unstable},
    {"richardson_cold_war", "paper",
     "slower eigenvalue of the US/USSR 1960-1990 fit",
     "validation.md case 2 (ufuksahinn/richardson-arms-race-simulation)",
     rich_cold_war},
    {"richardson_1909_slope", "paper",
     "OLS slope of the yearly increase on the mid-year total, 1909-1913",
     "Richardson 1960 (0.73/yr); data/richardson_1909_1913.csv; tolerance "
     "2 standard errors of the fit", rich_slope},
    {"richardson_1909_zero", "paper",
     "total at which the increase is zero (GBP million)",
     "Richardson 1960 (194); data/richardson_1909_1913.csv; tolerance 2 "
     "standard errors (delta method)", rich_zero},
    {"richardson_1909_integrator", "closed form",
     "RK4 of dS/dt = 0.73 (S - 194) from 1909 to 1913 vs the 1913 total",
     "validation.md case 3 (290.4 vs 289.0); tolerance 1%",
     rich_integrator},
};
#define N_CASES (sizeof cases / sizeof cases[0])

static void line_text(sp_strbuf *b, const vcase *c, const vresult *r,
                      bool pass)
{
    char fig[32], exp[32], tol[32];
    sp_fmt_double(fig, sizeof fig, r->figure, 6);
    sp_fmt_double(exp, sizeof exp, r->expected, 6);
    sp_fmt_double(tol, sizeof tol, r->tol, 3);
    sp_strbuf_printf(b, "%-28s %-12s %12s %12s %10s  %-13s %s\n", c->name,
                     c->kind, fig, exp, tol,
                     pass ? "pass" : r->known_failing ? "known-failing"
                                                      : "FAIL",
                     c->source);
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
    sp_strbuf_puts(b, ", \"figure\": ");
    sp_strbuf_double(b, r->figure, 10);
    sp_strbuf_puts(b, ", \"expected\": ");
    sp_strbuf_double(b, r->expected, 10);
    sp_strbuf_puts(b, ", \"tolerance\": ");
    sp_strbuf_double(b, r->tol, 6);
    sp_strbuf_printf(b, ", \"result\": \"%s\", \"source\": ",
                     pass ? "pass" : r->known_failing ? "known-failing"
                                                      : "fail");
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
        sp_strbuf_printf(&b, "%-28s %-12s %12s %12s %10s  %-13s %s\n",
                         "case", "kind", "figure", "expected", "tolerance",
                         "result", "source");
    int rc = SP_OK;
    bool first = true;
    for (size_t i = 0; i < N_CASES && rc == SP_OK; i++) {
        if (only && strcmp(cases[i].name, only) != 0)
            continue;
        vresult r;
        rc = cases[i].run(data_dir ? data_dir : "data", &r, err);
        if (rc)
            break;
        bool pass = fabs(r.figure - r.expected) <= r.tol;
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
