/*
 * alignment.c - alignment and counter-alignment: structural balance, bloc
 * building and the security dilemma, dialogue.
 *
 * What it models (Heider 1946; Antal, Krapivsky & Redner 2006; Marvel,
 * Kleinberg, Kleinberg & Strogatz 2011; first source, mechanism 1):
 * relations tend toward balance (the friend of my friend is my friend,
 * the enemy of my enemy my friend), so a signed network drifts toward at
 * most two opposed camps; each strengthening of a bloc raises alignment
 * inside it and, through the opponents' perception, drives the states
 * outside it that are hostile to it closer together and further from it
 * (counter-alignment); institutionalised dialogue pulls enmity toward 0.
 *
 * Which form, and why: the bounded continuous form
 *
 *   ds_ij/dt = beta (1 - s_ij^2) sum_k s_ik s_kj / N            (balance)
 *            + v_b (1 - s_ij)             for i, j in bloc b    (bloc building)
 *            + gamma v_b (1 - s_kl)       for k, l outside b, both hostile to b
 *            - gamma v_b (1 + s_km)       for k outside b hostile to b, m in b
 *            + delta d_ij (-s_ij)         when s_ij < 0         (dialogue)
 *
 * rather than triad dynamics (Antal et al.): the scenario's alignments
 * are continuous, policy acts move them by small amounts each month, and
 * a discrete sign-flip process would throw those magnitudes away and
 * inject its own randomness into every run. The (1 - s^2) factor keeps s
 * in [-1, 1] without the finite-time blow-up of dX/dt = X^2, which it
 * shares the fixed points and the two-faction attractor with; the
 * leading eigenvector of the initial matrix predicts the factions of
 * both (test_alignment: validation.md cases 6-7, and from random signs
 * at most two factions).
 *
 * Symbols and units: s in [-1, 1]; t in years; v_b the bloc's
 * alliance_deepening per year (levers and events, mix-weighted); d in
 * [0, 1]. "Hostile to b": mean alignment with b's members below 0.
 * Parameters (parameters.alignment): beta 0.1 /yr [0, 2], counter
 * (gamma) 0.5 [0, 2], dialogue_pull (delta) 0.2 /yr [0, 2]; guessed.
 * Integration: explicit Euler per step, then clamped to [-1, 1] (the
 * right side is bounded, dt = 1/12 year). The balance term, O(N^3) and
 * slow (beta ~0.1/yr moves s by < 1% a quarter), is evaluated once a
 * quarter (every BALANCE_MONTHS months) and held in between, a
 * multi-rate splitting: the policy terms, which change month to month,
 * are evaluated every step. It was the largest single cost of a run.
 * Tests: tests/unit/test_alignment.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "alignment.h"
#include "lanes.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

static const sp_param_def al_params[] = {
    [SP_AL_BETA] = {"beta", SP_PT_REAL, SP_PF_UNCERTAIN, 0.1, 0, 2, "1/yr",
                    NULL, "rate at which relations move toward balance",
                    "Marvel et al. 2011 (form); guessed (rate)"},
    [SP_AL_COUNTER] = {"counter", SP_PT_REAL, SP_PF_UNCERTAIN, 0.5, 0, 2,
                       "share", NULL,
                       "counter-alignment of outsiders hostile to a bloc, "
                       "per unit of its deepening",
                       "first source, mechanism 1; guessed"},
    [SP_AL_DIALOGUE] = {"dialogue_pull", SP_PT_REAL, SP_PF_UNCERTAIN, 0.2, 0,
                        2, "1/yr", NULL,
                        "pull of enmity toward 0 at full dialogue",
                        "first source: prescription; guessed"},
};
const sp_component sp_comp_alignment = {
    "alignment", "parameters.alignment",
    "structural balance, bloc building and counter-alignment "
    "(src/mech/alignment.c)",
    al_params, sizeof al_params / sizeof al_params[0]};

void sp_balance_triads(const double *s, int n, long *complete,
                       long *imbalanced)
{
    *complete = *imbalanced = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            for (int k = j + 1; k < n; k++) {
                double a = s[i * n + j], b = s[j * n + k], c = s[i * n + k];
                if (a == 0 || b == 0 || c == 0)
                    continue;
                (*complete)++;
                *imbalanced += a * b * c < 0;
            }
}

double sp_balance_factions(const double *X, int n, int *side)
{
    gsl_matrix *m = gsl_matrix_alloc((size_t)n, (size_t)n);
    gsl_matrix *v = gsl_matrix_alloc((size_t)n, (size_t)n);
    gsl_vector *e = gsl_vector_alloc((size_t)n);
    gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc((size_t)n);
    double top = NAN;
    if (m && v && e && ws) {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                gsl_matrix_set(m, (size_t)i, (size_t)j, X[i * n + j]);
        if (gsl_eigen_symmv(m, e, v, ws) == 0) {
            gsl_eigen_symmv_sort(e, v, GSL_EIGEN_SORT_VAL_DESC);
            top = gsl_vector_get(e, 0);
            /* sign convention: the first nonzero component is positive */
            double flip = 1;
            for (int i = 0; i < n; i++) {
                double x = gsl_matrix_get(v, (size_t)i, 0);
                if (fabs(x) > 1e-9) {
                    flip = x > 0 ? 1 : -1;
                    break;
                }
            }
            for (int i = 0; i < n; i++) {
                double x = flip * gsl_matrix_get(v, (size_t)i, 0);
                side[i] = x > 1e-9 ? 1 : x < -1e-9 ? -1 : 0;
            }
        }
    }
    gsl_eigen_symmv_free(ws);
    gsl_vector_free(e);
    gsl_matrix_free(v);
    gsl_matrix_free(m);
    return top;
}

double sp_balance_blowup_time(const double *X0, int n)
{
    int side[256];
    if (n > 256)
        return NAN;
    double top = sp_balance_factions(X0, n, side);
    return top > 0 ? 1.0 / top : INFINITY;
}

/* The dot product of rows a and b summed in four fixed lanes (k mod 4,
 * the last n mod 4 terms in lane 0), then (l0 + l1) + (l2 + l3): a
 * fixed order, the same bytes everywhere. */
static inline double dot_lanes(const double *a, const double *b, int n)
{
    double l0 = 0, l1 = 0, l2 = 0, l3 = 0;
    int k = 0;
    for (; k + 4 <= n; k += 4) {
        l0 += a[k] * b[k];
        l1 += a[k + 1] * b[k + 1];
        l2 += a[k + 2] * b[k + 2];
        l3 += a[k + 3] * b[k + 3];
    }
    for (; k < n; k++)
        l0 += a[k] * b[k];
    return (l0 + l1) + (l2 + l3);
}

/* dot_lanes of a with b and with c at once, each sum in its own four
 * lanes (held as pairs: lanes 0-1, lanes 2-3), in the same order as
 * dot_lanes; the loads of a serve both. The tail and the final sums run
 * on the two dot products side by side: {a.b, a.c}. */
static inline lane_pair dot_lanes2(const double *a, const double *b,
                                   const double *c, int n)
{
    lane_pair b01 = {0, 0}, b23 = {0, 0}, c01 = {0, 0}, c23 = {0, 0};
    int k = 0;
    for (; k + 4 <= n; k += 4) {
        lane_pair a01 = load_pair(a + k), a23 = load_pair(a + k + 2);
        b01 += a01 * load_pair(b + k);
        b23 += a23 * load_pair(b + k + 2);
        c01 += a01 * load_pair(c + k);
        c23 += a23 * load_pair(c + k + 2);
    }
    lane_pair lane0 = {b01[0], c01[0]}; /* the tail goes to lane 0 */
    for (; k < n; k++)
        lane0 += a[k] * (lane_pair){b[k], c[k]};
    return (lane0 + (lane_pair){b01[1], c01[1]}) +
           ((lane_pair){b23[0], c23[0]} + (lane_pair){b23[1], c23[1]});
}

/* dot_lanes2 for two rows a and a2 against the same b and c: {a.b, a.c}
 * into *r, {a2.b, a2.c} into *r2, each product summed as in dot_lanes
 * (the loads of b and c serve both rows). */
static inline void dot_lanes4(const double *a, const double *a2,
                              const double *b, const double *c, int n,
                              lane_pair *r, lane_pair *r2)
{
    lane_pair b01 = {0, 0}, b23 = {0, 0}, c01 = {0, 0}, c23 = {0, 0};
    lane_pair e01 = {0, 0}, e23 = {0, 0}, f01 = {0, 0}, f23 = {0, 0};
    int k = 0;
    for (; k + 4 <= n; k += 4) {
        lane_pair a01 = load_pair(a + k), a23 = load_pair(a + k + 2);
        lane_pair g01 = load_pair(a2 + k), g23 = load_pair(a2 + k + 2);
        lane_pair y01 = load_pair(b + k), y23 = load_pair(b + k + 2);
        lane_pair z01 = load_pair(c + k), z23 = load_pair(c + k + 2);
        b01 += a01 * y01;
        b23 += a23 * y23;
        c01 += a01 * z01;
        c23 += a23 * z23;
        e01 += g01 * y01;
        e23 += g23 * y23;
        f01 += g01 * z01;
        f23 += g23 * z23;
    }
    lane_pair lane0 = {b01[0], c01[0]}, lane0_2 = {e01[0], f01[0]};
    for (; k < n; k++) {
        lane_pair bc = {b[k], c[k]};
        lane0 += a[k] * bc;
        lane0_2 += a2[k] * bc;
    }
    *r = (lane0 + (lane_pair){b01[1], c01[1]}) +
         ((lane_pair){b23[0], c23[0]} + (lane_pair){b23[1], c23[1]});
    *r2 = (lane0_2 + (lane_pair){e01[1], f01[1]}) +
          ((lane_pair){e23[0], f23[0]} + (lane_pair){e23[1], f23[1]});
}

/* ds_ij = ds_ji = bn (1 - s_ij^2) sum for j, j + 1 of row i, sums
 * {(S^2)_ij, (S^2)_i,j+1}. */
static inline void put_two(double *ds, const double *s, int n, int i, int j,
                           double bn, lane_pair sum)
{
    lane_pair x = load_pair(s + i * n + j);
    lane_pair d = bn * (1 - x * x) * sum;
    store_pair(ds + i * n + j, d);
    ds[j * n + i] = d[0], ds[(j + 1) * n + i] = d[1];
}

/* The same for one pair. */
static inline void put_one(double *ds, const double *s, int n, int i, int j,
                           double bn, double sum)
{
    double x = s[i * n + j];
    ds[i * n + j] = ds[j * n + i] = bn * (1 - x * x) * sum;
}

void sp_balance_rhs(const double *s, int n, double beta, double *ds)
{
    double bn = beta / n; /* one division a step, not one a pair */
    /* s is symmetric with a zero diagonal: (S^2)_ij is the dot product
     * of rows i and j (contiguous). Rows i, i + 1 together against two
     * j at a time: four products share their loads; each is the sum of
     * dot_lanes (products commute exactly, so a.b is b.a). */
    int i = 0;
    for (; i + 2 <= n; i += 2) {
        const double *a = s + i * n, *a2 = a + n;
        ds[i * n + i] = ds[(i + 1) * n + i + 1] = 0;
        put_one(ds, s, n, i, i + 1, bn, dot_lanes(a, a2, n));
        int j = i + 2;
        for (; j + 2 <= n; j += 2) {
            lane_pair sum, sum2;
            dot_lanes4(a, a2, s + j * n, s + (j + 1) * n, n, &sum, &sum2);
            put_two(ds, s, n, i, j, bn, sum);
            put_two(ds, s, n, i + 1, j, bn, sum2);
        }
        if (j < n) { /* {a.c, a2.c} for the last row c */
            lane_pair sum = dot_lanes2(s + j * n, a, a2, n);
            put_one(ds, s, n, i, j, bn, sum[0]);
            put_one(ds, s, n, i + 1, j, bn, sum[1]);
        }
    }
    if (i < n)
        ds[i * n + i] = 0; /* the last row has no pair of its own */
}

/* tw[k] for one bloc: NAN for a member, else k's mean alignment with the
 * members (0 for an empty bloc): the sum over the members in their
 * order, divided by their count. Two k at a time, each in its own lane
 * (the members' entries of rows k and k + 1); a member's lane is
 * computed like the others' and then marked. */
static __attribute__((noinline)) void toward_bloc(const sp_world *w,
                                                  const int *b, int nb,
                                                  double *tw)
{
    int n = w->N, k = 0;
    const double *s = w->s;
    if (nb == 0) {
        for (; k < n; k++)
            tw[k] = 0;
        return;
    }
    for (; k + 2 <= n; k += 2) {
        const double *r0 = s + k * n, *r1 = r0 + n;
        lane_pair sum = {0, 0};
        for (int q = 0; q < nb; q++)
            sum += (lane_pair){r0[b[q]], r1[b[q]]};
        sum /= (double)nb;
        store_pair(tw + k, sum);
    }
    if (k < n) {
        const double *row = s + k * n;
        double sum = 0;
        for (int q = 0; q < nb; q++)
            sum += row[b[q]];
        tw[k] = sum / nb;
    }
    for (int q = 0; q < nb; q++)
        tw[b[q]] = NAN;
}

/* One bloc-building act of size v (per year) by bloc b, into ds. Each
 * entry of ds receives its additions in the order of the loops over
 * actors below (hostile outsiders ascending, then the bloc's order). */
static __attribute__((noinline)) void bloc_building(sp_world *w, const int *b,
                                                   int nb, double v,
                          double gamma, double *ds)
{
    int n = w->N, nh = 0;
    const double *s = w->s;
    double *tw = w->toward, gv = gamma * v;
    int *hostile = w->hostile; /* outsiders hostile to the bloc, ascending */
    toward_bloc(w, b, nb, tw);
    for (int k = 0; k < n; k++)
        if (tw[k] < 0) /* NAN (a member) is not */
            hostile[nh++] = k;
    for (int p = 0; p < nb; p++)
        for (int q = 0; q < nb; q++)
            if (b[p] != b[q])
                ds[b[p] * n + b[q]] += v * (1 - s[b[p] * n + b[q]]);
    for (int h = 0; h < nh; h++) {
        int k = hostile[h];
        for (int g = 0; g < h; g++) /* the others before k, after k */
            ds[k * n + hostile[g]] += gv * (1 - s[k * n + hostile[g]]);
        for (int g = h + 1; g < nh; g++)
            ds[k * n + hostile[g]] += gv * (1 - s[k * n + hostile[g]]);
        for (int q = 0; q < nb; q++) {
            ds[k * n + b[q]] -= gv * (1 + s[k * n + b[q]]);
            ds[b[q] * n + k] -= gv * (1 + s[b[q] * n + k]);
        }
    }
}

/* The bloc-building terms of this step's alliance_deepening acts, added
 * to a copy of the held balance term in ds. Returns the change before
 * dialogue: ds, or the balance term itself when no act ran (no copy). */
static const double *bloc_terms(sp_world *w, double gamma)
{
    const double *base = w->bal;
    for (int q = 0; q < sp_n_active(w, SP_K_ALLIANCE_DEEPENING); q++) {
        const sp_act *a = sp_active(w, SP_K_ALLIANCE_DEEPENING, q);
        if (a->actor < 0)
            continue;
        if (base != w->ds) {
            memcpy(w->ds, w->bal, (size_t)w->N * (size_t)w->N * sizeof *w->ds);
            base = w->ds;
        }
        double v = sp_act_value(w, a);
        bloc_building(w, w->M->idx + a->actor, a->n_actor, v, gamma, w->ds);
    }
    return base;
}

/* One direction's change with the dialogue term added (enmity only).
 * change + delta d (-s) is computed as change - (delta d) s: the same
 * number (IEEE negation is exact). */
static inline double with_dialogue(double change, double s, double d,
                                   double delta)
{
    return s < 0 ? change - delta * d * s : change;
}

/* with_dialogue in two lanes. A lane that is not hostile subtracts +0,
 * which leaves every change as it is (-0 - +0 is -0). */
static inline lane_pair with_dialogue2(lane_pair change, lane_pair s,
                                       lane_pair d, lane_pair delta)
{
    const lane_pair zero = {0, 0};
    lane_mask pull = (lane_mask)(delta * d * s) & (s < zero);
    return change - (lane_pair)pull;
}

/* The symmetric update of pair (i, j): the average of the two
 * directions' changes over dt, clamped to [-1, 1]. False on NaN. */
static inline bool update_pair(double *sij, double *sji, double up,
                               double down, double dt)
{
    double x = *sij + 0.5 * (up + down) * dt;
    /* clamped to [-1, 1]; after the clamp only NaN is not finite, so
     * one test in range covers the common case */
    if (!(x >= -1 && x <= 1)) {
        if (x > 1)
            x = 1;
        else if (x < -1)
            x = -1;
        else
            return false; /* NaN */
    }
    *sij = *sji = x;
    return true;
}

#if defined(__GNUC__) && !defined(__clang__)
#define NOT_SPECIALISED __attribute__((noipa))
#else
#define NOT_SPECIALISED __attribute__((noinline))
#endif

/* The lane constants of the update, built once a step and passed in
 * (as constants the compiler would build them again in the loop). */
typedef struct {
    lane_pair delta, half, dt, one;
    lane_mask magnitude; /* all bits but the sign */
} update_lanes;

/* Every pair (i, j), i < j, in rows; two pairs (i, j), (i, j + 1) at a
 * time, each in its own lane with the operations of the scalar form
 * (the two pairs share no entry); a row's odd last pair alone. r walks
 * the row, col the column (entry (j, i)); the _n pointers are one row
 * further, for entry (j + 1, i). Not inlined nor specialised: the lanes
 * stay parameters held in registers (as constants the compiler would
 * build them again in the loop). */
static NOT_SPECIALISED bool update_all(double *s, const double *ds,
                                              const double *dlg, int n,
                                              update_lanes lanes)
{
    double delta = lanes.delta[0], dt = lanes.dt[0];
    size_t nn = (size_t)n;
    double *s_n = s + nn;
    const double *ds_n = ds + nn, *dlg_n = dlg + nn;
    for (size_t i = 0; i < nn; i++) {
        size_t r = i * nn + i + 1, col = (i + 1) * nn + i;
        size_t end = (i + 1) * nn; /* the row's last pair: r = end - 1 */
        for (; r + 2 <= end; r += 2, col += 2 * nn) {
            lane_pair sij = load_pair(s + r);
            lane_pair up = with_dialogue2(load_pair(ds + r), sij,
                                          load_pair(dlg + r), lanes.delta);
            lane_pair down = with_dialogue2(
                (lane_pair){ds[col], ds_n[col]},
                (lane_pair){s[col], s_n[col]},
                (lane_pair){dlg[col], dlg_n[col]}, lanes.delta);
            lane_pair x = sij + lanes.half * (up + down) * lanes.dt;
            /* |x| <= 1 is -1 <= x <= 1 (and false for NaN) */
            lane_pair size = (lane_pair)((lane_mask)x & lanes.magnitude);
            if (both(size <= lanes.one)) {
                store_pair(s + r, x);
                s[col] = x[0], s_n[col] = x[1];
            } else if (!update_pair(s + r, s + col, up[0], down[0], dt) ||
                       !update_pair(s + r + 1, s_n + col, up[1], down[1],
                                    dt))
                return false;
        }
        if (r < end &&
            !update_pair(s + r, s + col,
                         with_dialogue(ds[r], s[r], dlg[r], delta),
                         with_dialogue(ds[col], s[col], dlg[col], delta),
                         dt))
            return false;
    }
    return true;
}

/* Months between evaluations of the balance term (held in between). */
#define BALANCE_MONTHS 3

static int step(sp_world *w)
{
    int n = w->N;
    const double *par = w->p.par[SP_COMP_ALIGNMENT];
    double dt = w->M->dt, delta = par[SP_AL_DIALOGUE];
    int every = w->M->dt_months < BALANCE_MONTHS
                    ? BALANCE_MONTHS / w->M->dt_months : 1;
    if (w->step % every == 0)
        sp_balance_rhs(w->s, n, par[SP_AL_BETA], w->bal);
    const double *ds = bloc_terms(w, par[SP_AL_COUNTER]);
    /* dialogue and the update in one pass: each pair's two directions
     * get their dialogue terms before they are averaged */
    update_lanes lanes = {{delta, delta}, {0.5, 0.5}, {dt, dt}, {1, 1},
                          {INT64_MAX, INT64_MAX}};
    return update_all(w->s, ds, w->d, n, lanes) ? SP_OK : SP_ENUMERIC;
}

static const char *const reads[] = {"alliance_deepening", NULL};

const sp_mech sp_mech_alignment = {
    "alignment", &sp_comp_alignment, reads,
    "Heider 1946; Antal, Krapivsky & Redner 2006; Marvel et al. 2011",
    NULL, step};

void sp_balance_evolve(double *s, int n, double beta, double years,
                       double dt, double *ds)
{
    long steps = lround(years / dt);
    for (long t = 0; t < steps; t++) {
        sp_balance_rhs(s, n, beta, ds);
        for (int k = 0; k < n * n; k++) {
            double x = s[k] + dt * ds[k];
            s[k] = x > 1 ? 1 : x < -1 ? -1 : x;
        }
    }
}
