/*
 * arms.c - arms dynamics: Richardson's equations with threat from hostile
 * actors, effort bounded by economic size, capability with depreciation.
 *
 * Effort is measured relative to each actor's own starting effort,
 * x_i = m_i / m_i(start), so the United States and the DPRK can share one
 * equation without the larger budget swamping the smaller (a threat is
 * felt as a change in the adversary's effort, not in dollars):
 *
 *   dx_i/dt = k * sum_j W_ij x_j  -  a * x_i  +  g_i  +  u_i * x_i
 *   W_ij    = theta_ij / Theta_i   (perceived threat of j to i, trust.c:
 *             (1 - b_ij) * capability share * proximity * hostility, allies
 *             pooled; Theta_i = sum_j theta_ij at the start)
 *   g_i     = a - k * sum_j W_ij(start)   (makes x = 1 the rest state)
 *   0 <= x_i <= cap_i,   cap_i = max(1, effort_cap * Y_i / m_i(start))
 *                        (no bound when the scenario gives no economy)
 *   dc_i/dt = delta * (x_i - c_i)  (capability stock, c = C / C(start),
 *                                   C(start) = m(start) / delta)
 *
 * The threat term is driven by perceived threat, not by hostility alone
 * (Model core issue, item 2): as trust falls (Kydd 1997) or an
 * adversary's capability grows, the weights grow and so does the arming
 * response; costly reassurance that restores trust damps it (Jervis 1976:
 * the spiral model).
 * This is Richardson's linear system (Richardson 1960, Arms and
 * Insecurity) in normalised units: with two actors and W = [[0,1],[1,0]]
 * it is dx/dt = k y - a x + g exactly. At rest (no levers, constant
 * alignment) nothing moves; a build-up lever (u_i, the package's
 * defence_growth) or a change in hostility sets the race going, and it
 * converges iff k * rho(W) < a, i.e. k < a for connected hostile rows
 * (the stability condition ab > kl with k = l, a = b).
 *
 * Symbols and units: x, c dimensionless; k (reaction) and a (fatigue)
 * per year; u_i per year; delta per year; effort_cap a share of the
 * economy (milex and economy in thousand current USD per year).
 * Parameters (parameters.arms): k 0.15 [0, 5] /yr, a 0.25 [0, 5] /yr,
 * effort_cap 0.25 [0.001, 1], depreciation 0.08 [0, 1] /yr; all guessed
 * (a fit to a sum of budgets cannot identify k and a separately: Wagner,
 * Perkins & Taagepera 1975).
 * Integration: classical RK4 per step (local error O(dt^5)) over the
 * sparse rows of W (rebuilt each step from the perceived threat); the capping
 * after each step is the only non-smooth part. Capability uses the
 * exact exponential update for constant x over the step.
 * Tests: test_arms.c (validation.md cases 1-2: equilibrium, eigenvalues,
 * stability; the RK4 integrator against the closed-form solution).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "arms.h"

#include <math.h>
#include <string.h>

static const sp_param_def arms_params[] = {
    [SP_ARMS_K] = {"k", SP_PT_REAL, SP_PF_UNCERTAIN, 0.15, 0, 5, "1/yr", NULL,
                   "reaction: growth of effort per unit of hostile effort "
                   "(relative to the start)", "Richardson 1960; guessed"},
    [SP_ARMS_A] = {"a", SP_PT_REAL, SP_PF_UNCERTAIN, 0.25, 0, 5, "1/yr", NULL,
                   "fatigue: restraint proportional to own effort",
                   "Richardson 1960; guessed"},
    [SP_ARMS_CAP] = {"effort_cap", SP_PT_REAL, SP_PF_UNCERTAIN, 0.25, 0.001,
                     1, "share of economy", NULL,
                     "highest military effort an economy sustains",
                     "guessed (the DPRK's share is thought near a quarter)"},
    [SP_ARMS_DEPRECIATION] = {"depreciation", SP_PT_REAL, SP_PF_UNCERTAIN,
                              0.08, 0, 1, "1/yr", NULL,
                              "decay of the capability stock",
                              "guessed (a 12-year service life)"},
};
const sp_component sp_comp_arms = {
    "arms", "parameters.arms", "Richardson arms dynamics (src/mech/arms.c)",
    arms_params, sizeof arms_params / sizeof arms_params[0]};

bool sp_arms_equilibrium2(double k, double l, double a, double b, double g,
                          double h, double *x, double *y)
{
    double det = a * b - k * l;
    if (det == 0)
        return false;
    *x = (b * g + k * h) / det;
    *y = (a * h + l * g) / det;
    return true;
}

void sp_arms_eigen2(double k, double l, double a, double b, double *e1,
                    double *e2)
{
    double disc = sqrt((a - b) * (a - b) + 4 * k * l);
    *e1 = (-(a + b) + disc) / 2;
    *e2 = (-(a + b) - disc) / 2;
}

bool sp_arms_stable2(double k, double l, double a, double b)
{
    return a * b > k * l;
}

static void deriv(int n, const double *W, double k, double a, const double *g,
                  const double *growth, const double *x, double *dx)
{
    for (int i = 0; i < n; i++) {
        double threat = 0;
        for (int j = 0; j < n; j++)
            threat += W[i * n + j] * x[j];
        dx[i] = k * threat - a * x[i] + g[i] + growth[i] * x[i];
    }
}

/* The same right side for row i over its sparse row (hostile partners
 * only, in ascending j, as the dense sum without its zero terms): the
 * world's hot path; test_arms compares it with the dense form. Two terms
 * an iteration, added one after the other (the order of the sum). */
static inline double rate_sparse(const sp_world *w, int i, double k, double a,
                                 const double *y)
{
    int n = w->N, m = w->wn[i], q = 0;
    const int *j = w->wj + i * n;
    const double *v = w->wv + i * n;
    double threat = 0;
    if (m & 1) /* an odd count: the first term alone, then in twos */
        threat += v[q] * y[j[q]], q++;
    for (; q < m; q += 2) {
        threat += v[q] * y[j[q]];
        threat += v[q + 1] * y[j[q + 1]];
    }
    return k * threat - a * y[i] + w->grievance[i] + w->growth[i] * y[i];
}

/* An inner RK4 stage: dy = f(y), and the next stage's point
 * next = x + h * dy in the same pass (next is not y: y is read by every
 * row). */
static void rk4_stage(sp_world *w, double k, double a, const double *y,
                      double *dy, double h, double *next)
{
    const double *x = w->x;
    for (int i = 0; i < w->N; i++) {
        dy[i] = rate_sparse(w, i, k, a, y);
        next[i] = x[i] + h * dy[i];
    }
}

/* Classical RK4 over the sparse rows, k1 (and the point of the second
 * stage, w->tmp) already taken by weights. */
static void rk4_sparse(sp_world *w, double k, double a, double dt)
{
    int n = w->N;
    double *x = w->x, *k1 = w->k1, *k2 = w->k2, *k3 = w->k3, *k4 = w->k4;
    rk4_stage(w, k, a, w->tmp, k2, 0.5 * dt, w->tmp2);
    rk4_stage(w, k, a, w->tmp2, k3, dt, w->tmp);
    double sixth = dt / 6.0;
    for (int i = 0; i < n; i++) {
        k4[i] = rate_sparse(w, i, k, a, w->tmp);
        x[i] += sixth * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    }
}

void sp_arms_rk4(int n, const double *W, double k, double a, const double *g,
                 const double *growth, double *x, double dt, double *scratch)
{
    double *k1 = scratch, *k2 = k1 + n, *k3 = k2 + n, *k4 = k3 + n,
           *t = k4 + n;
    deriv(n, W, k, a, g, growth, x, k1);
    for (int i = 0; i < n; i++)
        t[i] = x[i] + 0.5 * dt * k1[i];
    deriv(n, W, k, a, g, growth, t, k2);
    for (int i = 0; i < n; i++)
        t[i] = x[i] + 0.5 * dt * k2[i];
    deriv(n, W, k, a, g, growth, t, k3);
    for (int i = 0; i < n; i++)
        t[i] = x[i] + dt * k3[i];
    deriv(n, W, k, a, g, growth, t, k4);
    for (int i = 0; i < n; i++)
        x[i] += dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
}

/* Threat weights from the perceived threat of the signals-and-perception
 * mechanism (trust.c, which runs first): W_ij = theta_ij / Theta_i, with
 * Theta_i the actor's total perceived threat at the start, so the weights
 * of a row sum to 1 at rest and rise with threat as trust falls or
 * adversaries' capabilities grow. Dense (W) and sparse rows (wn, wj, wv).
 * Only the j that trust.c's near_bits holds (ascending) are visited:
 * theta_ij = 0 for every other j, so is W_ij (W_ij may be nonzero only
 * where w_bits says: those that left the set are written 0); a theta_ij
 * = 0 gives W_ij = 0 too. One row: t, W, v, col its rows of threat, W,
 * wv, wj; near, was its bits (nw words). Returns the row's threat
 * sum_j W_ij x_j over its positive weights in ascending j (the first RK4
 * stage's), taken in the same pass; *count: their number. */
static inline double weights_row(const double *t, const uint64_t *near,
                                 uint64_t *was, int nw, double ref,
                                 double *W, double *v, int *col, int *count,
                                 const double *x)
{
    double threat = 0;
    int cnt = 0;
    for (int wd = 0; wd < nw; wd++) {
        uint64_t now = near[wd], gone = was[wd] & ~now;
        was[wd] = now;
        for (; gone; gone &= gone - 1)
            W[64 * (size_t)wd + sp_lowest_bit(gone)] = 0;
        for (; now; now &= now - 1) {
            size_t j = 64 * (size_t)wd + sp_lowest_bit(now);
            double th = t[j] / ref;
            if (th > 0) {
                W[j] = th;
                v[cnt] = th;
                col[cnt++] = (int)j;
                threat += th * x[j];
            } else /* 0 where theta_ij is (not -0); else <= 0 or NaN */
                W[j] = t[j] == 0 ? 0 : th;
        }
    }
    *count = cnt;
    return threat;
}

/* The weights of this step, row by row; with k1, as each row is built,
 * RK4's first stage k1 = f(x) and the second stage's point next = x +
 * h k1. The world's fields in locals: the loop stores ints (wj), which
 * could otherwise be the world's. */
static inline __attribute__((always_inline)) void
weights_of(sp_world *w, double k, double a, double h, double *k1,
           double *next, int nw)
{
    int n = w->N;
    const double *x = w->x, *t = w->threat, *ref = w->threat_ref;
    const double *g = w->grievance, *growth = w->growth;
    const uint64_t *near = w->near_bits;
    uint64_t *was = w->w_bits;
    double *W = w->W, *v = w->wv;
    int *col = w->wj, *wn = w->wn;
    for (int i = 0; i < n; i++) {
        double threat =
            weights_row(t, near, was, nw, ref[i], W, v, col, &wn[i], x);
        if (k1) {
            k1[i] = k * threat - a * x[i] + g[i] + growth[i] * x[i];
            next[i] = x[i] + h * k1[i];
        }
        t += n, W += n, v += n, col += n, near += nw, was += nw;
    }
}

/* weights_of, with a loop of its own for one word a row (up to 64
 * actors). */
static void weights(sp_world *w, double k, double a, double h, double *k1,
                    double *next)
{
    int nw = sp_bit_words(w->N);
    if (nw == 1)
        weights_of(w, k, a, h, k1, next, 1);
    else
        weights_of(w, k, a, h, k1, next, nw);
}

/* Theta_i at the start; an actor that perceives no threat then is scaled
 * by the mean of the others (so a threat that appears later counts). */
static void threat_reference(sp_world *w)
{
    int n = w->N, pos = 0;
    double mean = 0;
    for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int j = 0; j < n; j++)
            sum += i == j ? 0 : w->threat[i * n + j];
        w->threat_ref[i] = sum;
        if (sum > 0)
            mean += sum, pos++;
    }
    mean = pos ? mean / pos : 1.0;
    for (int i = 0; i < n; i++)
        if (!(w->threat_ref[i] > 0))
            w->threat_ref[i] = mean;
}

static void reset(sp_world *w)
{
    int n = w->N;
    double k = sp_par(w, SP_COMP_ARMS, SP_ARMS_K);
    double a = sp_par(w, SP_COMP_ARMS, SP_ARMS_A);
    double cap = sp_par(w, SP_COMP_ARMS, SP_ARMS_CAP);
    threat_reference(w);
    for (int i = 0; i < n; i++)
        w->x[i] = w->c[i] = 1.0;
    /* the last run's weights cleared: weights_row writes the nonzero */
    memset(w->W, 0, (size_t)n * (size_t)n * sizeof *w->W);
    memset(w->w_bits, 0,
           (size_t)n * (size_t)sp_bit_words(n) * sizeof *w->w_bits);
    weights(w, 0, 0, 0, NULL, NULL);
    for (int i = 0; i < n; i++) {
        double row = 0;
        for (int j = 0; j < n; j++)
            row += w->W[i * n + j];
        w->grievance[i] = a - k * row;
        double m0 = w->p.m0[i] > 0 ? w->p.m0[i] : 1.0;
        /* economy 0 (not given) means no bound, not a bound at the start */
        w->cap[i] = w->p.Y[i] > 0 ? fmax(1.0, cap * w->p.Y[i] / m0) : 1e300;
    }
}

static int step(sp_world *w)
{
    int n = w->N;
    double dt = w->M->dt;
    double k = sp_par(w, SP_COMP_ARMS, SP_ARMS_K);
    double a = sp_par(w, SP_COMP_ARMS, SP_ARMS_A);
    double decay = exp(-sp_par(w, SP_COMP_ARMS, SP_ARMS_DEPRECIATION) * dt);
    /* threat moves every step with trust and capability */
    weights(w, k, a, 0.5 * dt, w->k1, w->tmp);
    rk4_sparse(w, k, a, dt);
    double *xs = w->x, *cs = w->c;
    const double *cap = w->cap;
    for (int i = 0; i < n; i++) {
        double x = xs[i];
        x = x < 0 ? 0 : x > cap[i] ? cap[i] : x;
        double c = x + (cs[i] - x) * decay;
        xs[i] = x, cs[i] = c;
        if (!isfinite(x) || !isfinite(c))
            return SP_ENUMERIC;
    }
    return SP_OK;
}

const sp_mech sp_mech_arms = {
    "arms", &sp_comp_arms, NULL, "Richardson 1960, Arms and Insecurity",
    reset, step};
