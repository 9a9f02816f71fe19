/*
 * calibrate.c - `spiral calibrate`: the numbers the model takes from
 * data, fitted from the shipped files, each with its 95% interval, its
 * unit (dispute, dyad, crisis or event) and its method; the literature's
 * alliance reliability beside them; and the value the code or the
 * reference scenario uses, so a difference shows. docs/CALIBRATION.md
 * explains each row.
 *
 * Rows:
 *   ladder (MID 5.0, dispute unit): p_crisis, p_clash, p_war for
 *     1946-2014 (the code's defaults), p_war for 2000-2014 and 1816-2014
 *     (the ends of the reference scenario's range); Wilson intervals.
 *   hazard (dispute unit): the chance an episode below war moves in a
 *     monthly step, from the median duration m (days) of the 1946-2014
 *     disputes: 1 - 2^(-30.44/m); interval from the median's
 *     order-statistic interval.
 *   base_rate (dyad unit, mid_dyadic.csv): MID onsets a year between
 *     pairs of the scenario's states in 2000-2014, divided by the sum over
 *     pairs of hostility x proximity at the start (the rate's own
 *     covariates), so it is the rate of a pair at h = prox = 1; exact
 *     Poisson interval (Garwood) of the onset count.
 *   reliability (literature): Leeds, Long & Mitchell 2000.
 *   DPRK provocations (event unit): mean a year, 2005-2014 and 2015-2025,
 *     exact Poisson intervals.
 *   ICB crises (crisis unit): the share of international crises
 *     1946-2015 with full-scale war, a cross-check of the ladder on
 *     another unit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "calib/dprk.h"
#include "calib/mid.h"
#include "analysis/intervals.h"
#include "model.h"
#include "dist.h"
#include "mech/escalation.h"
#include "params.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct cal_row {
    char name[48];
    double value, lo, hi, in_use; /* in_use NAN: none */
    const char *unit;
    char method[320];
} cal_row;

enum { MAX_ROWS = 16 };

typedef struct cal {
    cal_row row[MAX_ROWS];
    int n;
} cal;

static cal_row *add_row(cal *c, const char *name, double v, double lo,
                        double hi, double in_use, const char *unit)
{
    cal_row *r = &c->row[c->n++];
    snprintf(r->name, sizeof r->name, "%s", name);
    r->value = v, r->lo = lo, r->hi = hi, r->in_use = in_use;
    r->unit = unit;
    r->method[0] = '\0';
    return r;
}

/* The escalation parameter `key` as the scenario resolves it (nominal),
 * and the ends of its range if it is uncertain uniform (else NAN). */
static double esc_in_use(const sp_model *m, int key, double *min,
                         double *max)
{
    size_t slot = m->lay.par[SP_COMP_ESCALATION] + (size_t)key;
    if (min)
        *min = *max = NAN;
    for (size_t b = 0; min && b < m->n_bind; b++)
        if (m->bind[b].slot == slot &&
            m->bind[b].dist->kind == SP_DIST_UNIFORM) {
            *min = m->bind[b].dist->p[0] * m->bind[b].scale;
            *max = m->bind[b].dist->p[1] * m->bind[b].scale;
        }
    return m->pv.par[SP_COMP_ESCALATION][key];
}

/* Exact (Garwood) 95% interval of a Poisson count k. */
static void garwood(double k, double *lo, double *hi)
{
    *lo = k > 0 ? 0.5 * gsl_cdf_chisq_Pinv(0.025, 2 * k) : 0;
    *hi = 0.5 * gsl_cdf_chisq_Pinv(0.975, 2 * k + 2);
}

/* ---- the ladder and the hazard (mid_disputes.csv) ----------------------- */

static void ladder_row(cal *c, const char *name, uint64_t k, uint64_t n,
                       double in_use, const char *what, int y0, int y1)
{
    double lo, hi;
    sp_wilson(k, n, sp_z_for_level(0.95), &lo, &hi);
    cal_row *r = add_row(c, name, n ? (double)k / (double)n : NAN, lo, hi,
                         in_use, "probability per dispute");
    snprintf(r->method, sizeof r->method, "%s: %llu of %llu disputes "
             "%d-%d (mid_disputes.csv hostlev), Wilson interval", what,
             (unsigned long long)k, (unsigned long long)n, y0, y1);
}

static void ladder_rows(cal *c, const sp_mid *d, size_t n,
                        const sp_model *m)
{
    uint64_t k[SP_MID_N];
    double lo, hi;
    sp_mid_count(d, n, 1946, 2014, NULL, k);
    uint64_t disp = k[1] + k[2] + k[3], force = k[2] + k[3];
    ladder_row(c, "escalation.p_crisis", disp, disp + k[0],
               esc_in_use(m, SP_ESC_P_CRISIS, NULL, NULL), "P(>= display)",
               1946, 2014);
    ladder_row(c, "escalation.p_clash", force, disp,
               esc_in_use(m, SP_ESC_P_CLASH, NULL, NULL),
               "P(>= use of force | >= display)", 1946, 2014);
    ladder_row(c, "escalation.p_war", k[3], force,
               esc_in_use(m, SP_ESC_P_WAR, &lo, &hi),
               "P(war | >= use of force)", 1946, 2014);
    sp_mid_count(d, n, 2000, 2014, NULL, k);
    ladder_row(c, "escalation.p_war 2000-2014", k[3], k[2] + k[3], lo,
               "the low end of the scenario's range: P(war | >= force)",
               2000, 2014);
    sp_mid_count(d, n, 1816, 2014, NULL, k);
    ladder_row(c, "escalation.p_war 1816-2014", k[3], k[2] + k[3], hi,
               "the high end of the scenario's range: P(war | >= force)",
               1816, 2014);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A monthly step's chance of moving, from a median duration in days. */
static double hazard_of_median(double days)
{
    return 1 - pow(2, -30.4375 / fmax(days, 1e-9));
}

static int hazard_row(cal *c, const sp_mid *d, size_t n, const sp_model *mo,
                      sp_error *err)
{
    double *days = sp_calloc(n ? n : 1, sizeof *days);
    if (!days)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (d[i].year >= 1946 && d[i].year <= 2014 && !isnan(d[i].days))
            days[m++] = d[i].days;
    qsort(days, m, sizeof *days, cmp_double);
    if (m < 10) {
        sp_xfree(days);
        return SP_FAIL(err, SP_EFORMAT, "mid_disputes.csv: too few "
                       "durations for 1946-2014");
    }
    /* order-statistic interval of the median: ranks m/2 -+ 1.96 sqrt(m)/2 */
    double h = 0.98 * sqrt((double)m);
    size_t j = (size_t)fmax(0, floor(m / 2.0 - h));
    size_t k = (size_t)fmin((double)m - 1, ceil(m / 2.0 + h));
    double med = 0.5 * (days[(m - 1) / 2] + days[m / 2]);
    cal_row *r = add_row(c, "escalation.hazard", hazard_of_median(med),
                         hazard_of_median(days[k]), hazard_of_median(days[j]),
                         esc_in_use(mo, SP_ESC_HAZARD, NULL, NULL),
                         "probability per month");
    snprintf(r->method, sizeof r->method, "1 - 2^(-30.44/m), m = median "
             "duration %.1f days of %zu disputes 1946-2014 (mean of mindur "
             "and maxdur); order-statistic interval of m [%.1f, %.1f]",
             med, m, days[j], days[k]);
    sp_xfree(days);
    return SP_OK;
}

static int mid_rows(cal *c, const char *dir, const sp_model *m,
                    sp_error *err)
{
    sp_mid *d;
    size_t n;
    int rc = sp_mid_load(dir, &d, &n, err);
    if (rc)
        return rc;
    ladder_rows(c, d, n, m);
    rc = hazard_row(c, d, n, m, err);
    sp_xfree(d);
    return rc;
}

/* ---- the incident rate (mid_dyadic.csv, dyad unit) ------------------------ */

static bool in_scenario(const sp_scenario *s, double cow)
{
    for (size_t i = 0; i < s->n_actors; i++)
        if (s->actors[i].attr[SP_A_COW].v == cow)
            return true;
    return false;
}

/* Undirected onsets (ccode1 < ccode2) among the scenario's states. */
static int count_onsets(const char *dir, const sp_scenario *s, int y0,
                        int y1, double *onsets, sp_error *err)
{
    static const char *const names[] = {"ccode1", "ccode2", "year",
                                        "cowmidonset"};
    sp_csv f;
    size_t col[4];
    *onsets = 0;
    int rc = sp_csv_load_in(dir, "mid_dyadic.csv", names, 4, col, &f, err);
    for (size_t r = 0; !rc && r < f.n_rows; r++) {
        double v[4];
        bool p[4], all = true;
        for (int k = 0; !rc && k < 4; k++) {
            rc = sp_csv_number(&f, r, col[k], &v[k], &p[k], err);
            all = all && p[k];
        }
        if (!rc && all && v[3] == 1 && v[0] < v[1] && v[2] >= y0 &&
            v[2] <= y1 && in_scenario(s, v[0]) && in_scenario(s, v[1]))
            ++*onsets;
    }
    sp_csv_free(&f);
    return rc;
}

/* Sum over pairs of hostility x proximity at the scenario's start. */
static double exposure(const sp_model *m)
{
    int n = m->N;
    double sum = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            sum += fmax(0, -m->pv.s0[i * n + j]) * m->pv.prox[i * n + j];
    return sum;
}

static int base_rate_row(cal *c, const char *dir, const sp_scenario *s,
                         const sp_model *m, sp_error *err)
{
    double onsets, hp = exposure(m), lo, hi;
    int rc = count_onsets(dir, s, 2000, 2014, &onsets, err);
    if (rc)
        return rc;
    if (hp <= 0)
        return SP_FAIL(err, SP_EINVAL, "%s: no hostile pair at the start; "
                       "the incident rate cannot be fitted",
                       sp_scenario_name(s));
    garwood(onsets, &lo, &hi);
    cal_row *r = add_row(c, "escalation.base_rate", onsets / 15 / hp,
                         lo / 15 / hp, hi / 15 / hp,
                         esc_in_use(m, SP_ESC_BASE_RATE, NULL, NULL),
                         "incidents a year per pair at h = prox = 1");
    snprintf(r->method, sizeof r->method, "%.0f MID onsets 2000-2014 "
             "between pairs of %s's %zu states (mid_dyadic.csv, undirected "
             "dyads, naive multilateral pairs) / 15 years / %.2f, the sum "
             "of hostility x proximity at the start; Garwood interval",
             onsets, sp_scenario_name(s), s->n_actors, hp);
    return SP_OK;
}

/* ---- DPRK provocations, ICB crises, alliance reliability ----------------- */

static int dprk_rows(cal *c, const char *dir, sp_error *err)
{
    double count[2025 - 2005 + 1];
    int rc = sp_dprk_counts(dir, 2005, 2025, count, err);
    if (rc)
        return rc;
    static const int span[2][2] = {{2005, 2014}, {2015, 2025}};
    for (int p = 0; p < 2; p++) {
        double k = 0, lo, hi;
        int years = span[p][1] - span[p][0] + 1;
        for (int y = span[p][0]; y <= span[p][1]; y++)
            k += count[y - 2005];
        garwood(k, &lo, &hi);
        char name[48];
        snprintf(name, sizeof name, "DPRK provocations %d-%d", span[p][0],
                 span[p][1]);
        cal_row *r = add_row(c, name, k / years, lo / years, hi / years,
                             NAN, "events a year");
        snprintf(r->method, sizeof r->method, "%.0f events in %d years "
                 "(dprk_provocations.csv, CSIS Beyond Parallel); Garwood "
                 "interval; not a model parameter: the model's "
                 "provocations are dated events and levers", k, years);
    }
    return SP_OK;
}

static int icb_row(cal *c, const char *dir, sp_error *err)
{
    static const char *const names[] = {"yrtrig", "viol"};
    sp_csv f;
    size_t col[2];
    int rc = sp_csv_load_in(dir, "icb_system.csv", names, 2, col, &f, err);
    uint64_t n = 0, war = 0;
    for (size_t r = 0; !rc && r < f.n_rows; r++) {
        double y, v;
        bool p1 = false, p2 = false;
        rc = sp_csv_number(&f, r, col[0], &y, &p1, err);
        if (!rc)
            rc = sp_csv_number(&f, r, col[1], &v, &p2, err);
        if (!rc && p1 && p2 && y >= 1946) {
            n++;
            war += v == 4;
        }
    }
    sp_csv_free(&f);
    if (rc)
        return rc;
    double lo, hi;
    sp_wilson(war, n, sp_z_for_level(0.95), &lo, &hi);
    cal_row *r = add_row(c, "ICB P(full-scale war)",
                         n ? (double)war / (double)n : NAN, lo, hi, NAN,
                         "probability per crisis");
    snprintf(r->method, sizeof r->method, "%llu of %llu international "
             "crises triggered from 1946 with viol = 4 (icb_system.csv); "
             "Wilson interval; a cross-check on another unit (an ICB "
             "crisis is rarer and graver than a MID), not a parameter",
             (unsigned long long)war, (unsigned long long)n);
    return SP_OK;
}

static void reliability_row(cal *c)
{
    cal_row *r = add_row(c, "treaty reliability", 0.745, NAN, NAN, 0.745,
                         "probability per commitment");
    snprintf(r->method, sizeof r->method, "literature, not fitted: "
             "alliance commitments honoured 74.5%% of the time (Leeds, Long "
             "& Mitchell 2000; about 75%% in Leeds 2003); the default "
             "reliability of every treaty in the reference scenario");
}

/* ---- output ------------------------------------------------------------------ */

static void write_text(sp_strbuf *b, const cal *c)
{
    sp_strbuf_printf(b, "%-28s %9s  %-21s %9s  %s\n", "parameter", "fitted",
                     "95% interval", "in use", "unit; method and data");
    for (int i = 0; i < c->n; i++) {
        const cal_row *r = &c->row[i];
        char v[24], lo[24], hi[24], use[24], iv[56];
        sp_fmt_double(v, sizeof v, r->value, 4);
        sp_fmt_double(lo, sizeof lo, r->lo, 3);
        sp_fmt_double(hi, sizeof hi, r->hi, 3);
        snprintf(iv, sizeof iv, isnan(r->lo) ? "-" : "[%s, %s]", lo, hi);
        if (isnan(r->in_use))
            snprintf(use, sizeof use, "-");
        else
            sp_fmt_double(use, sizeof use, r->in_use, 4);
        sp_strbuf_printf(b, "%-28s %9s  %-21s %9s  %s; %s\n", r->name, v, iv,
                         use, r->unit, r->method);
    }
}

static void json_num(sp_strbuf *b, const char *key, double v)
{
    sp_strbuf_printf(b, ", \"%s\": ", key);
    if (isfinite(v))
        sp_strbuf_double(b, v, 10);
    else
        sp_strbuf_puts(b, "null");
}

static void write_json(sp_strbuf *b, const cal *c)
{
    sp_strbuf_puts(b, "{\"calibration\": [");
    for (int i = 0; i < c->n; i++) {
        const cal_row *r = &c->row[i];
        sp_strbuf_puts(b, i ? ",\n  {\"name\": " : "\n  {\"name\": ");
        sp_strbuf_json_str(b, r->name);
        json_num(b, "value", r->value);
        json_num(b, "lo", r->lo);
        json_num(b, "hi", r->hi);
        json_num(b, "in_use", r->in_use);
        sp_strbuf_puts(b, ", \"unit\": ");
        sp_strbuf_json_str(b, r->unit);
        sp_strbuf_puts(b, ", \"method\": ");
        sp_strbuf_json_str(b, r->method);
        sp_strbuf_puts(b, "}");
    }
    sp_strbuf_puts(b, "]}\n");
}

static int fit_all(cal *c, const char *dir, const sp_scenario *s,
                   sp_error *err)
{
    sp_model_opts o = {0};
    sp_model *m;
    int rc = sp_model_new(s, 0, &o, &m, err);
    if (rc)
        return rc;
    rc = mid_rows(c, dir, m, err);
    if (!rc)
        rc = base_rate_row(c, dir, s, m, err);
    sp_model_free(m);
    if (!rc)
        reliability_row(c);
    if (!rc)
        rc = dprk_rows(c, dir, err);
    if (!rc)
        rc = icb_row(c, dir, err);
    return rc;
}

int sp_calibrate_write(const char *data_dir, const char *scenario_path,
                       FILE *out, int json, sp_error *err)
{
    const char *dir = data_dir ? data_dir : "data";
    char path[1024];
    if (!scenario_path) { /* the reference, beside the data folder */
        int rc = sp_path_join(path, sizeof path, dir,
                              "../scenarios/northeast-asia-2024.yaml", err);
        if (rc)
            return rc;
        scenario_path = path;
    }
    sp_scenario *s;
    int rc = sp_scenario_load(scenario_path, NULL, 0, &s, err);
    if (rc)
        return rc;
    cal *c = sp_calloc(1, sizeof *c);
    if (!c) {
        sp_scenario_free(s);
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    }
    rc = fit_all(c, dir, s, err);
    sp_strbuf b;
    sp_strbuf_init(&b);
    if (!rc)
        (json ? write_json : write_text)(&b, c);
    if (!rc && b.failed)
        rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (!rc && fwrite(b.s, 1, b.len, out) != b.len)
        rc = SP_FAIL(err, SP_EIO, "writing the calibration table failed");
    sp_strbuf_free(&b);
    sp_xfree(c);
    sp_scenario_free(s);
    return rc;
}
