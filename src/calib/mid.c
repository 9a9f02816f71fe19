/*
 * mid.c - COW MID 5.0 disputes for the escalation ladder (see mid.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "mid.h"

#include "mech/escalation.h"
#include "rng.h"
#include "util/csv.h"

#include <math.h>
#include <string.h>

typedef struct mid_cols {
    int year, hostlev, mindur, maxdur;
} mid_cols;

static int mid_columns(sp_csv *c, mid_cols *k, sp_error *err)
{
    int rc = sp_csv_col(c, "styear", &k->year, err);
    if (!rc)
        rc = sp_csv_col(c, "hostlev", &k->hostlev, err);
    if (!rc)
        rc = sp_csv_col(c, "mindur", &k->mindur, err);
    if (!rc)
        rc = sp_csv_col(c, "maxdur", &k->maxdur, err);
    return rc;
}

static int mid_row(const sp_csv *c, const mid_cols *k, sp_mid *m,
                   sp_error *err)
{
    double year, lev, lo, hi;
    bool p[4];
    int rc = sp_csv_number(c, k->year, &year, &p[0], err);
    if (!rc)
        rc = sp_csv_number(c, k->hostlev, &lev, &p[1], err);
    if (!rc)
        rc = sp_csv_number(c, k->mindur, &lo, &p[2], err);
    if (!rc)
        rc = sp_csv_number(c, k->maxdur, &hi, &p[3], err);
    if (rc)
        return rc;
    if (!p[0] || !p[1] || lev < 2 || lev > 5 || lev != (int)lev)
        return SP_FAIL(err, SP_EFORMAT, "%s:%d: a dispute needs styear and "
                       "hostlev 2-5", sp_csv_path(c), sp_csv_line(c));
    m->year = (int)year;
    m->hostlev = (int)lev;
    m->days = p[2] && p[3] ? 0.5 * (lo + hi) : p[2] ? lo : p[3] ? hi : NAN;
    return SP_OK;
}

static int push(sp_mid **d, size_t *n, size_t *cap, sp_error *err)
{
    if (*n < *cap)
        return SP_OK;
    size_t c = *cap ? 2 * *cap : 1024;
    sp_mid *p = sp_realloc(*d, c * sizeof *p);
    if (!p)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    *d = p, *cap = c;
    return SP_OK;
}

int sp_mid_load(const char *dir, sp_mid **out, size_t *n, sp_error *err)
{
    char path[1024];
    sp_csv *c;
    *out = NULL, *n = 0;
    int len = snprintf(path, sizeof path, "%s/mid_disputes.csv", dir);
    if (len < 0 || (size_t)len >= sizeof path)
        return SP_FAIL(err, SP_EINVAL, "path too long: %s", dir);
    int rc = sp_csv_open(path, &c, err);
    if (rc)
        return rc;
    mid_cols k;
    bool row;
    size_t cap = 0;
    sp_mid *d = NULL;
    rc = mid_columns(c, &k, err);
    while (!rc && !(rc = sp_csv_next(c, &row, err)) && row)
        if (!(rc = push(&d, n, &cap, err)))
            rc = mid_row(c, &k, &d[*n], err), ++*n;
    sp_csv_close(c);
    if (rc) {
        sp_xfree(d);
        *n = 0;
        return rc;
    }
    *out = d;
    return SP_OK;
}

void sp_mid_count(const sp_mid *d, size_t n, int y0, int y1,
                  const uint8_t *pick, uint64_t count[SP_MID_N])
{
    memset(count, 0, SP_MID_N * sizeof *count);
    for (size_t i = 0; i < n; i++)
        if (d[i].year >= y0 && d[i].year <= y1 && (!pick || pick[i]))
            count[d[i].hostlev - 2]++;
}

static double ratio(uint64_t a, uint64_t b)
{
    return b ? (double)a / (double)b : 0;
}

void sp_mid_ladder_fit(const uint64_t c[SP_MID_N], double q[3])
{
    uint64_t ge_display = c[1] + c[2] + c[3], ge_force = c[2] + c[3];
    q[0] = ratio(ge_display, ge_display + c[0]);
    q[1] = ratio(ge_force, ge_display);
    q[2] = ratio(c[3], ge_force);
}

void sp_mid_ladder_shares(const double q[3], double share[SP_MID_N])
{
    double par[SP_ESC_N] = {0};
    par[SP_ESC_P_CRISIS] = q[0];
    par[SP_ESC_P_CLASH] = q[1];
    par[SP_ESC_P_WAR] = q[2];
    /* P(reach L+1 | reached L) at the neutral covariates; with no steps
     * down below war the ladder's shares are products of these */
    double up[3];
    for (int L = 0; L < 3; L++)
        up[L] = sp_escalation_p_up(par, SP_LEVEL_INCIDENT + L, 0.5, 1.0, 0,
                                   false);
    share[SP_MID_THREAT] = 1 - up[0];
    share[SP_MID_DISPLAY] = up[0] * (1 - up[1]);
    share[SP_MID_FORCE] = up[0] * up[1] * (1 - up[2]);
    share[SP_MID_WAR] = up[0] * up[1] * up[2];
}

void sp_mid_split(const sp_mid *d, size_t n, int y0, int y1, uint64_t seed,
                  uint8_t *half, size_t *idx)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        half[i] = 0;
        if (d[i].year >= y0 && d[i].year <= y1)
            idx[m++] = i;
    }
    sp_rng r = sp_rng_make(seed, 0);
    for (size_t i = m; i > 1; i--) { /* Fisher-Yates */
        double u = sp_rng_u01(&r, SP_STREAM_DATA_SPLIT, 0, 0, (uint32_t)i);
        size_t j = (size_t)(u * (double)i), t = idx[i - 1];
        if (j >= i)
            j = i - 1;
        idx[i - 1] = idx[j], idx[j] = t;
    }
    for (size_t i = 0; i < m; i++)
        half[idx[i]] = i < m / 2 ? 1 : 2;
}
