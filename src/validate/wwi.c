/*
 * wwi.c - validation.md case 6: the road to 1914 as a signed network of
 * the six European great powers (data/wwi_alliances.csv: each tie with
 * its sign and its years).
 *
 * Three things, each through the alignment mechanism's own functions:
 *   1. triad counts per snapshot (a unit test of the balance measure):
 *      imbalanced triads among complete ones are 2 in 1872, 1882, 1890,
 *      1891 and 1904, and 0 in 1907 [V data, C counts]; exact.
 *   2. the factions the leading eigenvector of each snapshot predicts
 *      (the continuous form's end state, Marvel et al. 2011);
 *   3. where the form the model runs (bounded, ds/dt = beta (1 - s^2)
 *      S^2 / n) ends from each snapshot, ties halved so that they can
 *      move, absent ties 0.
 * Expected verdicts, stated before running (validation.md): from 1904
 * both give the 1914 blocs {GBR, FRA, RUS} vs {AUH, DEU, ITA}; from 1872
 * the eigenvector splits {RUS, AUH, DEU} vs {GBR, FRA} with ITA
 * undetermined, so balance alone does not predict 1914 from 1872. Those
 * two cases are known-failing and stay so: they are not tuned.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "wwi.h"

#include "mech/alignment.h"
#include "model.h"
#include "vcase.h"

#include <string.h>

#define NP SP_WWI_N

static const char *const powers[NP] = {"GBR", "FRA", "RUS", "AUH", "DEU",
                                      "ITA"};

const char *sp_wwi_power(int i)
{
    return i >= 0 && i < NP ? powers[i] : NULL;
}

static int power_index(const char *id)
{
    for (int i = 0; i < NP; i++)
        if (!strcmp(powers[i], id))
            return i;
    return -1;
}

enum { C_A, C_B, C_SIGN, C_BEGIN, C_END, C_N };

/* Row r of the file into s if its tie holds in `year`. */
static int wwi_row(const sp_csv *c, size_t r, const size_t *col, int year,
                   double *s, sp_error *err)
{
    int i = power_index(sp_csv_at(c, r, col[C_A]));
    int j = power_index(sp_csv_at(c, r, col[C_B]));
    if (i < 0 || j < 0 || i == j)
        return SP_FAIL(err, SP_EFORMAT, "%s:%zu: '%s-%s' is not a pair of "
                       "GBR FRA RUS AUH DEU ITA", c->path, r + 2,
                       sp_csv_at(c, r, col[C_A]), sp_csv_at(c, r, col[C_B]));
    double v[3];
    bool p = true;
    int rc = SP_OK;
    for (int k = 0; !rc && k < 3; k++) {
        rc = sp_csv_number(c, r, col[C_SIGN + k], &v[k], &p, err);
        if (!rc && !p)
            rc = SP_FAIL(err, SP_EFORMAT, "%s:%zu: a tie needs sign, begin "
                         "and end", c->path, r + 2);
    }
    if (!rc && v[0] != 1 && v[0] != -1)
        rc = SP_FAIL(err, SP_EFORMAT, "%s:%zu: sign must be 1 or -1",
                     c->path, r + 2);
    if (!rc && v[1] <= year && year < v[2])
        s[i * NP + j] = s[j * NP + i] = v[0];
    return rc;
}

int sp_wwi_network(const char *dir, int year, double s[NP * NP],
                   sp_error *err)
{
    static const char *const names[C_N] = {"a", "b", "sign", "begin",
                                           "end"};
    sp_csv c;
    size_t col[C_N];
    memset(s, 0, NP * NP * sizeof *s);
    int rc = sp_csv_load_in(dir, "wwi_alliances.csv", names, C_N, col, &c,
                            err);
    for (size_t r = 0; !rc && r < c.n_rows; r++)
        rc = wwi_row(&c, r, col, year, s, err);
    sp_csv_free(&c);
    return rc;
}

/* ---- 1. triad counts ---------------------------------------------------- */

static int imbalanced(const vctx *x, int year, double *count, sp_error *err)
{
    double s[NP * NP];
    long complete, bad;
    int rc = sp_wwi_network(x->data_dir, year, s, err);
    if (rc)
        return rc;
    sp_balance_triads(s, NP, &complete, &bad);
    *count = (double)bad;
    return SP_OK;
}

#define TRIAD_CASE(year, expected)                                         \
    int sp_v_wwi_triads_##year(const vctx *x, vresult *r, sp_error *err)    \
    {                                                                       \
        double n;                                                           \
        int rc = imbalanced(x, year, &n, err);                              \
        if (!rc)                                                            \
            *r = vr_near(n, expected, 0);                                   \
        return rc;                                                          \
    }
TRIAD_CASE(1872, 2)
TRIAD_CASE(1882, 2)
TRIAD_CASE(1890, 2)
TRIAD_CASE(1891, 2)
TRIAD_CASE(1904, 2)
TRIAD_CASE(1907, 0)

/* ---- 2 and 3. factions ---------------------------------------------------- */

/* 1 if side[] (+1/-1/0 per power) is the 1914 split {GBR, FRA, RUS} vs
 * {AUH, DEU, ITA}, else 0. */
static double is_1914(const int side[NP])
{
    for (int i = 0; i < NP; i++)
        if (side[i] == 0 || side[i] != (i < 3 ? side[0] : -side[0]))
            return 0;
    return 1;
}

static const char *const from_1872 =
    "validation.md case 6: from 1872 the signed network splits {RUS, AUH, "
    "DEU} vs {GBR, FRA} (ITA undetermined); structural balance alone does "
    "not predict the 1914 blocs from 1872 (not tuned)";

static int eigen_case(const vctx *x, int year, vresult *r, sp_error *err)
{
    double s[NP * NP];
    int side[NP];
    int rc = sp_wwi_network(x->data_dir, year, s, err);
    if (rc)
        return rc;
    if (isnan(sp_balance_factions(s, NP, side)))
        return SP_FAIL(err, SP_ENUMERIC, "the eigenvector of the %d network "
                       "failed", year);
    *r = vr_near(is_1914(side), 1, 0);
    r->known_failing = year == 1872 ? from_1872 : NULL;
    return SP_OK;
}

/* The 1904 network as scenarios/wwi-1914.yaml states it (its compiled
 * start alignment, in GBR FRA RUS AUH DEU ITA order); an error if it
 * differs from the data's 1904 snapshot `data`. */
static int scenario_network(const vctx *x, const double *data, double *s,
                            sp_error *err)
{
    char path[1024];
    sp_scenario *scn;
    int rc = sp_path_join(path, sizeof path, x->scenario_dir, "wwi-1914.yaml",
                      err);
    if (rc || (rc = sp_scenario_load(path, NULL, 0, &scn, err)))
        return rc;
    sp_model_opts o = {0};
    sp_model *m = NULL;
    int at[NP];
    rc = sp_model_new(scn, 0, &o, &m, err);
    for (int i = 0; !rc && i < NP; i++) {
        at[i] = (int)sp_actor_index(scn, powers[i]);
        if (at[i] < 0)
            rc = SP_FAIL(err, SP_EFORMAT, "%s: no actor %s", path,
                         powers[i]);
    }
    for (int i = 0; !rc && i < NP; i++)
        for (int j = 0; !rc && j < NP; j++) {
            s[i * NP + j] = i == j ? 0 : m->pv.s0[at[i] * m->N + at[j]];
            if (s[i * NP + j] != data[i * NP + j])
                rc = SP_FAIL(err, SP_EFORMAT, "%s: %s-%s alignment %g, "
                             "wwi_alliances.csv has %g in 1904", path,
                             powers[i], powers[j], s[i * NP + j],
                             data[i * NP + j]);
        }
    sp_model_free(m);
    sp_scenario_free(scn);
    return rc;
}

/* The bounded form from the snapshot (1904: as scenarios/wwi-1914.yaml
 * states it, checked against the data): beta 1/yr, monthly steps as the
 * model, 60 years (long past convergence from ties of +-0.5), then each
 * power's side = the sign of its tie to GBR (GBR itself +1). */
static int dynamics_case(const vctx *x, int year, vresult *r, sp_error *err)
{
    double data[NP * NP], s[NP * NP], ds[NP * NP];
    int side[NP];
    int rc = sp_wwi_network(x->data_dir, year, data, err);
    if (!rc && year == 1904)
        rc = scenario_network(x, data, s, err);
    else if (!rc)
        memcpy(s, data, sizeof s);
    if (rc)
        return rc;
    for (int k = 0; k < NP * NP; k++)
        s[k] *= 0.5;
    sp_balance_evolve(s, NP, 1.0, 60, 1.0 / 12, ds);
    long complete, bad;
    sp_balance_triads(s, NP, &complete, &bad);
    side[0] = 1;
    for (int j = 1; j < NP; j++)
        side[j] = s[j] > 0 ? 1 : s[j] < 0 ? -1 : 0;
    /* unbalanced or incomplete end states are not two blocs */
    *r = vr_near(complete == 20 && bad == 0 ? is_1914(side) : 0, 1, 0);
    r->known_failing = year == 1872 ? from_1872 : NULL;
    return SP_OK;
}

int sp_v_wwi_eigen_1872(const vctx *x, vresult *r, sp_error *err)
{
    return eigen_case(x, 1872, r, err);
}

int sp_v_wwi_eigen_1904(const vctx *x, vresult *r, sp_error *err)
{
    return eigen_case(x, 1904, r, err);
}

int sp_v_wwi_dynamics_1872(const vctx *x, vresult *r, sp_error *err)
{
    return dynamics_case(x, 1872, r, err);
}

int sp_v_wwi_dynamics_1904(const vctx *x, vresult *r, sp_error *err)
{
    return dynamics_case(x, 1904, r, err);
}
