/*
 * mid.c - COW MID 5.0 disputes for the escalation ladder (see mid.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "mid.h"

#include "mech/escalation.h"
#include "rng.h"

#include <math.h>
#include <string.h>

enum { C_YEAR, C_HOSTLEV, C_MINDUR, C_MAXDUR, C_N };

static int mid_row(const sp_csv *c, size_t r, const size_t *col, sp_mid *m,
                   sp_error *err)
{
    double v[C_N];
    bool p[C_N];
    int rc = SP_OK;
    for (int k = 0; !rc && k < C_N; k++)
        rc = sp_csv_number(c, r, col[k], &v[k], &p[k], err);
    if (rc)
        return rc;
    double lev = v[C_HOSTLEV];
    if (!p[C_YEAR] || !p[C_HOSTLEV] || lev < 2 || lev > 5 || lev != (int)lev)
        return SP_FAIL(err, SP_EFORMAT, "%s:%zu: a dispute needs styear and "
                       "hostlev 2-5", c->path, r + 2);
    m->year = (int)v[C_YEAR];
    m->hostlev = (int)lev;
    m->days = p[C_MINDUR] && p[C_MAXDUR] ? 0.5 * (v[C_MINDUR] + v[C_MAXDUR])
              : p[C_MINDUR] ? v[C_MINDUR]
              : p[C_MAXDUR] ? v[C_MAXDUR] : NAN;
    return SP_OK;
}

int sp_mid_load(const char *dir, sp_mid **out, size_t *n, sp_error *err)
{
    static const char *const names[C_N] = {"styear", "hostlev", "mindur",
                                           "maxdur"};
    sp_csv c;
    size_t col[C_N];
    *out = NULL, *n = 0;
    int rc = sp_csv_load_in(dir, "mid_disputes.csv", names, C_N, col, &c,
                            err);
    if (rc)
        return rc;
    sp_mid *d = sp_calloc(c.n_rows ? c.n_rows : 1, sizeof *d);
    if (!d)
        rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
    for (size_t r = 0; !rc && r < c.n_rows; r++)
        rc = mid_row(&c, r, col, &d[r], err);
    if (!rc)
        *out = d, *n = c.n_rows;
    else
        sp_xfree(d);
    sp_csv_free(&c);
    return rc;
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
