/*
 * cooperation.c - global cooperation capacity G (first source,
 * mechanism 4; model.md §2.11).
 *
 * What it models: the capacity of the system to cooperate on shared
 * problems falls as states grow hostile and crises multiply, and rises
 * with dialogue and multilateral cooperation on non-security topics.
 *
 * Equations (each step of dt years, after escalation). Drivers over the
 * N(N-1)/2 pairs:
 *   Hbar = mean hostility max(0, -s_ij);   Dbar = mean dialogue d_ij;
 *   C    = share of pairs in an episode at crisis level or above;
 *   NSC  = min(1, sum of active non_security_cooperation values).
 * Both sides relative to the first step (subscript 0), as arms.c scales
 * threat, so the start is an equilibrium and the guessed rate sets only
 * how fast G follows a change:
 *   x = (NSC + Dbar + beta) / (NSC_0 + Dbar_0 + beta)        (recovery)
 *   y = (Hbar + kappa C + nu) / (Hbar_0 + kappa C_0 + nu)     (erosion)
 *   dG/dt = r G_0 x (1 - G) - r (1 - G_0) y G
 * solved exactly over the step with x and y held: with a = r G_0 x and
 * b = r (1 - G_0) y, G* = a / (a + b), G <- G* + (G - G*) exp(-(a+b) dt).
 * At x = y = 1, G* = G_0; twice the hostility (y = 2) moves G* to
 * G_0 / (G_0 + 2 (1 - G_0)) (0.43 from 0.6). The exact solution keeps G
 * in [0, 1] for any step and parameters. beta stands for the channels
 * of cooperation the model does not represent (trade, science, health),
 * so a package that adds non-security cooperation raises recovery in
 * proportion to what already exists rather than without bound; nu =
 * 0.01 keeps a calm start (no hostility, no crisis) from dividing by 0.
 *
 * Symbols and units: G in [0, 1] (reset from parameters.global.
 * cooperation); s alignment in [-1, 1], d dialogue in [0, 1]; r per year.
 *
 * Parameters (parameters.cooperation), guessed, defaults with the range
 * a sweep should cover:
 *   rate r 0.5 [0.1, 2] /yr: G closes about 40% of a gap a year;
 *   crisis_weight kappa 2 [0.5, 5]: a pair in crisis weighs as much as
 *     two pairs at s = -1;
 *   baseline beta 0.25 [0.05, 1]: cooperation outside the model, in the
 *     units of the non_security_cooperation lever (full cooperation, 1,
 *     then multiplies recovery by ~4 at the reference's start).
 * Source: first source, mechanism 4 (seed-facts); magnitudes guessed.
 * Tests: test_cooperation.c (G stays at G_0 when nothing changes; the
 * exact one-step formula; non-security cooperation raises G and
 * hostility lowers it against the same run without; G stays in [0, 1]).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cooperation.h"

#include <math.h>

#define P(key, def, hi, unit, help, cite)                                      \
    SP_UNCERTAIN_REAL(key, def, 0, hi, unit, help, cite)

static const sp_param_def coop_params[] = {
    [SP_COOP_RATE] = P("rate", 0.5, 20, "1/yr",
        "how fast cooperation capacity follows a change in hostility, "
        "crises, dialogue or non-security cooperation; plausible 0.1-2",
        "first source, mechanism 4; guessed"),
    [SP_COOP_CRISIS_WEIGHT] = P("crisis_weight", 2, 100, "ratio",
        "weight of the share of pairs in crisis relative to mean "
        "hostility; plausible 0.5-5", "first source, mechanism 4; guessed"),
    [SP_COOP_BASELINE] = P("baseline", 0.25, 10, "lever units",
        "cooperation outside the model (trade, science, health) against "
        "which non-security cooperation and dialogue are measured; "
        "plausible 0.05-1", "first source, mechanism 4; guessed"),
};
const sp_component sp_comp_cooperation = {
    "cooperation", "parameters.cooperation",
    "global cooperation capacity G (src/mech/cooperation.c)", coop_params,
    sizeof coop_params / sizeof coop_params[0]};

static const char *const reads[] = {"non_security_cooperation", NULL};

void sp_cooperation_drivers(const sp_world *w, double *hbar, double *dbar,
                            double *crisis)
{
    int n = w->N;
    double h = 0, d = 0;
    long c = 0; /* a count: the same as summing 1.0s, exactly */
    for (int i = 0; i < n; i++) {
        size_t row = (size_t)i * (size_t)n;
        const double *s = w->s + row, *dl = w->d + row;
        const uint8_t *level = w->level + row;
        for (int j = i + 1; j < n; j++) {
            /* max(0, -s): adding its 0 changes nothing (h is never -0) */
            if (s[j] < 0)
                h -= s[j];
            d += dl[j];
            c += level[j] >= SP_LEVEL_CRISIS;
        }
    }
    double pairs = n > 1 ? 0.5 * n * (n - 1) : 1;
    *hbar = h / pairs, *dbar = d / pairs, *crisis = (double)c / pairs;
}

double sp_cooperation_next(double G, double a, double b, double dt)
{
    if (!(a + b > 0))
        return G;
    double star = a / (a + b);
    return star + (G - star) * exp(-(a + b) * dt);
}

#define NU 0.01

static void reset(sp_world *w)
{
    w->G = sp_par(w, SP_COMP_GLOBAL, SP_G_COOPERATION);
    w->coop_up0 = w->coop_down0 = -1; /* set at the first step */
}

static int step(sp_world *w)
{
    double nsc = 0, hbar, dbar, crisis;
    for (int q = 0; q < sp_n_active(w, SP_K_NON_SECURITY); q++)
        nsc += sp_act_value(w, sp_active(w, SP_K_NON_SECURITY, q));
    nsc = nsc > 1 ? 1 : nsc < 0 ? 0 : nsc;
    sp_cooperation_drivers(w, &hbar, &dbar, &crisis);
    const double *par = w->p.par[SP_COMP_COOPERATION];
    double up = nsc + dbar + par[SP_COOP_BASELINE];
    double down = hbar + par[SP_COOP_CRISIS_WEIGHT] * crisis + NU;
    if (w->coop_up0 < 0)
        w->coop_up0 = up, w->coop_down0 = down;
    double G0 = sp_par(w, SP_COMP_GLOBAL, SP_G_COOPERATION);
    double r = par[SP_COOP_RATE];
    w->G = sp_cooperation_next(w->G, r * G0 * up / w->coop_up0,
                               r * (1 - G0) * down / w->coop_down0,
                               w->M->dt);
    return isfinite(w->G) ? SP_OK : SP_ENUMERIC;
}

const sp_mech sp_mech_cooperation = {
    "cooperation", &sp_comp_cooperation, reads,
    "first source, mechanism 4 (model.md §2.11)", reset, step};
