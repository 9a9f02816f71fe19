/*
 * richardson.c - validation.md cases 1-3: Richardson's arms-race model.
 * The closed forms (eigenvalues of the 2x2 system), the Cold War fit's
 * eigenvalue, and the 1909-1913 budgets of the two European blocs
 * (data/richardson_1909_1913.csv): the least-squares slope and zero
 * against Richardson's published 0.73 and 194, and the model's RK4 step
 * against the 1913 total. Each through the arms mechanism's functions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vcase.h"

#include "mech/arms.h"
#include "params.h"
#include "scenario.h"

#include <string.h>

/* Case 1: k = l = 1, a = b = 2, g = h = 1: the larger eigenvalue is -1
 * (and x* = y* = 1, checked in test_arms). */
int sp_v_rich_stable(const vctx *x, vresult *r, sp_error *err)
{
    (void)x, (void)err;
    double e1, e2;
    sp_arms_eigen2(1, 1, 2, 2, &e1, &e2);
    *r = vr_near(fmax(e1, e2), -1.0, 1e-12);
    return SP_OK;
}

/* Case 1, unstable: k = l = 2, a = b = 1: the larger eigenvalue is +1. */
int sp_v_rich_unstable(const vctx *x, vresult *r, sp_error *err)
{
    (void)x, (void)err;
    double e1, e2;
    sp_arms_eigen2(2, 2, 1, 1, &e1, &e2);
    *r = vr_near(fmax(e1, e2), 1.0, 1e-12);
    return SP_OK;
}

/* Case 2: the Cold War fit's slower eigenvalue, -0.01221 (+-1e-4). */
int sp_v_rich_cold_war(const vctx *x, vresult *r, sp_error *err)
{
    (void)x, (void)err;
    double e1, e2;
    sp_arms_eigen2(0.034, 0.042, 0.050, 0.050, &e1, &e2);
    *r = vr_near(fmax(e1, e2), -0.01221, 1e-4);
    return SP_OK;
}

/* The yearly totals of richardson_1909_1913.csv (last column, "total"). */
static int read_totals(const char *dir, double S[5], sp_error *err)
{
    static const char *const name[] = {"total"};
    sp_csv c;
    size_t col;
    bool present = true;
    int rc = sp_csv_load_in(dir, "richardson_1909_1913.csv", name, 1, &col,
                            &c, err);
    if (rc)
        return rc;
    if (c.n_rows != 5)
        rc = SP_FAIL(err, SP_EFORMAT, "%s: %zu years, expected 5 "
                     "(1909-1913)", c.path, c.n_rows);
    for (size_t r = 0; !rc && r < 5; r++) {
        rc = sp_csv_number(&c, r, col, &S[r], &present, err);
        if (!rc && !present)
            rc = SP_FAIL(err, SP_EFORMAT, "%s:%zu: no total", c.path, r + 2);
    }
    sp_csv_free(&c);
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
int sp_v_rich_slope(const vctx *x, vresult *r, sp_error *err)
{
    double fit[4];
    int rc = fit_from_data(x->data_dir, fit, err);
    if (rc == SP_OK)
        *r = vr_near(fit[0], 0.73, 2 * fit[1]);
    return rc;
}

/* Case 3: Richardson's published zero 194 against the fit's. */
int sp_v_rich_zero(const vctx *x, vresult *r, sp_error *err)
{
    double fit[4];
    int rc = fit_from_data(x->data_dir, fit, err);
    if (rc == SP_OK)
        *r = vr_near(fit[2], 194.0, 2 * fit[3]);
    return rc;
}

/* The 1909 total of scenarios/richardson-1909.yaml: the sum of its
 * actors' milex (GBP thousand) in GBP million. */
static int scenario_total(const vctx *x, double *total, sp_error *err)
{
    char path[1024];
    sp_scenario *s;
    int rc = sp_path_join(path, sizeof path, x->scenario_dir,
                      "richardson-1909.yaml", err);
    if (rc || (rc = sp_scenario_load(path, NULL, 0, &s, err)))
        return rc;
    *total = 0;
    for (size_t i = 0; i < s->n_actors; i++)
        *total += s->actors[i].attr[SP_A_MILEX].v / 1000;
    sp_scenario_free(s);
    return SP_OK;
}

/* Case 3, the integrator: dS/dt = 0.73 (S - 194) from the 1909 total of
 * scenarios/richardson-1909.yaml (which must equal the data's 199.2)
 * with the model's RK4 (monthly steps) reaches 289.0 (1913) within 1%. */
int sp_v_rich_integrator(const vctx *x, vresult *r, sp_error *err)
{
    double S[5], total;
    int rc = read_totals(x->data_dir, S, err);
    if (!rc)
        rc = scenario_total(x, &total, err);
    if (rc)
        return rc;
    if (fabs(total - S[0]) > 1e-9)
        return SP_FAIL(err, SP_EFORMAT, "richardson-1909.yaml: the actors' "
                       "1909 milex add up to %.4f GBP million, the data's "
                       "total is %.4f", total, S[0]);
    double W = 0, g = -0.73 * 194.0, growth = 0, scratch[5];
    for (int t = 0; t < 48; t++) /* as dx/dt = k W x - a x + g */
        sp_arms_rk4(1, &W, 0, -0.73, &g, &growth, &total, 1.0 / 12,
                    scratch);
    *r = vr_near(total, S[4], 0.01 * S[4]);
    return SP_OK;
}
