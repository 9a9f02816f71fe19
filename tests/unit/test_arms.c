/*
 * test_arms.c - the arms-race mechanism (src/mech/arms.c): Richardson's
 * two-actor equilibrium, eigenvalues and stability (validation.md cases 1
 * and 2); the RK4 integrator against the closed-form solution of the
 * linear system (stable, unstable, with a build-up term) and against the
 * RK4 step polynomial for a generic three-actor system; and the
 * world-level properties (rest state without levers, a build-up lever
 * starting a Richardson reaction, effort bounded by the economy, the
 * world's sparse step equal to the dense sp_arms_rk4).
 *
 * Every validation-style assertion names its source and tolerance in the
 * comment and in the failure message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mech/arms.h"
#include "world_fixture.h"
#include "world.h"

#include "expect.h"

/* ---- validation.md case 1 [D]: equilibrium, eigenvalues, stability ---- */

/* Source: validation.md case 1 (algebra of Richardson's system, [D]).
 * k = l = 1, a = b = 2, g = h = 1: x* = y* = (2 + 1)/(4 - 1) = 1;
 * eigenvalues (-(4) +- sqrt(0 + 4))/2 = -1, -3; ab = 4 > kl = 1: stable.
 * Tolerance 1e-12. */
static void test_case1_stable(void **state)
{
    (void)state;
    double x = NAN, y = NAN, e1 = NAN, e2 = NAN;
    assert_true(sp_arms_equilibrium2(1, 1, 2, 2, 1, 1, &x, &y));
    EXPECT_NEAR(x, 1.0, 1e-12, "validation.md case 1 [D] x* (tol 1e-12)");
    EXPECT_NEAR(y, 1.0, 1e-12, "validation.md case 1 [D] y* (tol 1e-12)");
    sp_arms_eigen2(1, 1, 2, 2, &e1, &e2);
    EXPECT_NEAR(e1, -1.0, 1e-12, "validation.md case 1 [D] eigenvalue 1 "
                "(tol 1e-12)");
    EXPECT_NEAR(e2, -3.0, 1e-12, "validation.md case 1 [D] eigenvalue 2 "
                "(tol 1e-12)");
    assert_true(sp_arms_stable2(1, 1, 2, 2));
}

/* Source: validation.md case 1 [D]. k = l = 2, a = b = 1: ab - kl = -3;
 * eigenvalues (-2 +- sqrt(16))/2 = +1, -3; unstable. The equilibrium
 * exists (det != 0) but is a saddle: x* = (1 + 2)/(-3) = -1 for g = h = 1.
 * Tolerance 1e-12. */
static void test_case1_unstable(void **state)
{
    (void)state;
    double x = NAN, y = NAN, e1 = NAN, e2 = NAN;
    assert_true(sp_arms_equilibrium2(2, 2, 1, 1, 1, 1, &x, &y));
    EXPECT_NEAR(x, -1.0, 1e-12, "validation.md case 1 [D] saddle x* "
                "(tol 1e-12)");
    EXPECT_NEAR(y, -1.0, 1e-12, "validation.md case 1 [D] saddle y* "
                "(tol 1e-12)");
    sp_arms_eigen2(2, 2, 1, 1, &e1, &e2);
    EXPECT_NEAR(e1, 1.0, 1e-12, "validation.md case 1 [D] eigenvalue +1 "
                "(tol 1e-12)");
    EXPECT_NEAR(e2, -3.0, 1e-12, "validation.md case 1 [D] eigenvalue -3 "
                "(tol 1e-12)");
    assert_false(sp_arms_stable2(2, 2, 1, 1));
}

/* Code check (not validation): ab = kl has no isolated equilibrium, and
 * the boundary itself is not stable (ab > kl is strict); k = l = 0.5,
 * a = 0.25, b = 1 make ab = kl exactly in binary. Then a general
 * asymmetric case with high-entropy inputs. */
static void test_equilibrium_degenerate(void **state)
{
    (void)state;
    double x = 42.5, y = 17.25;
    assert_false(sp_arms_equilibrium2(0.5, 0.5, 0.25, 1.0, 0.3, 0.7, &x, &y));
    assert_true(x == 42.5 && y == 17.25); /* untouched */
    assert_false(sp_arms_stable2(0.5, 0.5, 0.25, 1.0));
    /* asymmetric general case against the formula of case 1, with
     * high-entropy inputs: x* = (b g + k h)/(ab - kl) */
    double k = 0.385, l = 0.7, a = 0.95, b = 0.49, g = 0.137, h = 0.0615;
    assert_true(sp_arms_equilibrium2(k, l, a, b, g, h, &x, &y));
    double det = a * b - k * l;
    EXPECT_NEAR(x, (b * g + k * h) / det, 1e-15, "validation.md x* formula");
    EXPECT_NEAR(y, (a * h + l * g) / det, 1e-15, "validation.md y* formula");
    /* and it is a fixed point of the vector field */
    EXPECT_NEAR(k * y - a * x + g, 0, 1e-14, "dx/dt at x*");
    EXPECT_NEAR(l * x - b * y + h, 0, 1e-14, "dy/dt at y*");
}

/* ---- validation.md case 2 [V params, C eigenvalues] ------------------- */

/* Source: validation.md case 2 (Cold War fit, US/USSR 1960-1990,
 * ufuksahinn/richardson-arms-race-simulation README): k = 0.034,
 * a = 0.050, l = 0.042, b = 0.050 -> eigenvalues -0.01221 and -0.08779,
 * tolerance 1e-4 (the README rounds them to -0.013 and -0.088); stable. */
static void test_case2_cold_war(void **state)
{
    (void)state;
    double e1 = NAN, e2 = NAN;
    sp_arms_eigen2(0.034, 0.042, 0.050, 0.050, &e1, &e2);
    EXPECT_NEAR(e1, -0.01221, 1e-4, "validation.md case 2 [C] eigenvalue 1 "
                "(ufuksahinn/richardson-arms-race-simulation; tol 1e-4)");
    EXPECT_NEAR(e2, -0.08779, 1e-4, "validation.md case 2 [C] eigenvalue 2 "
                "(ufuksahinn/richardson-arms-race-simulation; tol 1e-4)");
    assert_true(e1 < 0 && e2 < 0);
    assert_true(sp_arms_stable2(0.034, 0.042, 0.050, 0.050));
}

/* ---- the integrator against the closed form ---------------------------- */

/* Two actors, W = [[0,1],[1,0]], common k, a, grievance g and build-up u:
 *   S = x + y:  dS/dt = (k - a + u) S + 2 g
 *   D = x - y:  dD/dt = (u - k - a) D
 * so S(t) = (S0 + 2g/r) e^{r t} - 2g/r with r = k - a + u (r != 0) and
 * D(t) = D0 e^{(u - k - a) t}. */
static void closed_form(double k, double a, double g, double u,
                        const double x0[2], double t, double out[2])
{
    double r = k - a + u, S0 = x0[0] + x0[1], D0 = x0[0] - x0[1];
    double S = (S0 + 2 * g / r) * exp(r * t) - 2 * g / r;
    double D = D0 * exp((u - k - a) * t);
    out[0] = (S + D) / 2;
    out[1] = (S - D) / 2;
}

/* Integrate with sp_arms_rk4 for `steps` steps of dt; return the largest
 * relative error against the closed form at every step. */
static double rk4_max_rel_error(double k, double a, double g, double u,
                                const double x0[2], int steps, double dt,
                                double xend[2])
{
    const double W[4] = {0, 1, 1, 0};
    const double gv[2] = {g, g}, uv[2] = {u, u};
    double x[2] = {x0[0], x0[1]}, scratch[10], exact[2], worst = 0;
    for (int s = 1; s <= steps; s++) {
        sp_arms_rk4(2, W, k, a, gv, uv, x, dt, scratch);
        closed_form(k, a, g, u, x0, s * dt, exact);
        for (int i = 0; i < 2; i++)
            worst = fmax(worst, fabs(x[i] - exact[i]) / fabs(exact[i]));
    }
    if (xend)
        xend[0] = x[0], xend[1] = x[1];
    return worst;
}

/* Stable case (k < a). Source: the closed form above (validation.md,
 * Richardson section: with k = l, a = b, d(x+y)/dt = (k - a)(x+y) +
 * (g+h)). Tolerance: classical RK4 has global error O(dt^4); the
 * fastest mode here is k + a = 0.4/yr, so over 10 years the relative
 * error of that (decaying) difference mode is about
 * 10 (0.4)^5 dt^4 / 120 ~ 4e-8, a few 1e-9 of x; we require 1e-8
 * relative at every step (measured: 3.1e-9). No random input: the
 * result is deterministic. */
static void test_rk4_closed_form_stable(void **state)
{
    (void)state;
    const double x0[2] = {1.7, 0.45};
    double xend[2];
    double err = rk4_max_rel_error(0.15, 0.25, 0.093, 0, x0, 120, 1.0 / 12,
                                   xend);
    if (!(err < 1e-8))
        fail_msg("RK4 vs closed form (stable, k=0.15 a=0.25 g=0.093, dt=1/12,"
                 " 120 steps): max relative error %.3g > tolerance 1e-8", err);
    /* the state has moved a lot: the comparison is not trivial */
    assert_true(fabs(xend[0] - x0[0]) > 0.2 && fabs(xend[1] - x0[1]) > 0.2);
    /* and it heads for the equilibrium of case 1's formula */
    double xs, ys;
    assert_true(sp_arms_equilibrium2(0.15, 0.15, 0.25, 0.25, 0.093, 0.093,
                                     &xs, &ys));
    EXPECT_NEAR(xs, 0.093 / 0.1, 1e-12, "x* = g/(a-k)");
    assert_true(fabs(xend[0] - xs) < fabs(x0[0] - xs));
    assert_true(fabs(xend[1] - ys) < fabs(x0[1] - ys));
}

/* The comparison can fail: a coarse step of dt = 1 year (10 steps) is
 * far less accurate, error > 1e-6 (measured 8.7e-5; the difference
 * mode's e^{-0.4} against its 4th-order Taylor polynomial is off by
 * ~1.2e-4 per step), and the fine step is at least 1000 times better
 * (dt^4 ratio 12^4 = 20736; measured ~28000). */
static void test_rk4_coarse_step_fails(void **state)
{
    (void)state;
    const double x0[2] = {1.7, 0.45};
    double fine = rk4_max_rel_error(0.15, 0.25, 0.093, 0, x0, 120, 1.0 / 12,
                                    NULL);
    double coarse = rk4_max_rel_error(0.15, 0.25, 0.093, 0, x0, 10, 1.0,
                                      NULL);
    if (!(coarse > 1e-6))
        fail_msg("coarse RK4 (dt = 1) relative error %.3g should exceed the "
                 "fine-step tolerance by far (> 1e-6)", coarse);
    if (!(coarse > 1000 * fine))
        fail_msg("coarse/fine error ratio %.3g, expected > 1000 (O(dt^4))",
                 coarse / fine);
}

/* Unstable case (k > a): k = 0.35, a = 0.2, g = 0.0715; the sum grows as
 * e^{0.15 t}. Source: the closed form above. Tolerance 1e-8 relative at
 * every step (measured: 7.9e-9, dominated by the fast difference mode,
 * k + a = 0.55/yr, in the first years while y is small; the margin is
 * small but the check is deterministic and the error is truncation, not
 * rounding, so it does not depend on the compiler). */
static void test_rk4_closed_form_unstable(void **state)
{
    (void)state;
    assert_false(sp_arms_stable2(0.35, 0.35, 0.2, 0.2));
    const double x0[2] = {1.7, 0.45};
    double xend[2];
    double err = rk4_max_rel_error(0.35, 0.2, 0.0715, 0, x0, 120, 1.0 / 12,
                                   xend);
    if (!(err < 1e-8))
        fail_msg("RK4 vs closed form (unstable, k=0.35 a=0.2 g=0.0715, "
                 "dt=1/12, 120 steps): max relative error %.3g > tolerance "
                 "1e-8", err);
    /* the race runs away: the sum more than quadruples in 10 years */
    assert_true(xend[0] + xend[1] > 4 * (x0[0] + x0[1]));
}

/* With a build-up term u x_i for both: dS/dt = (k - a + u) S + 2 g.
 * k = 0.15, a = 0.25, u = 0.118 (r = +0.018: the build-up turns a stable
 * race unstable), g = 0.093. Source: the closed form above. Tolerance
 * 1e-8 relative (measured: 5.5e-10). */
static void test_rk4_closed_form_growth(void **state)
{
    (void)state;
    const double x0[2] = {1.7, 0.45};
    double xend[2], xnog[2];
    double err = rk4_max_rel_error(0.15, 0.25, 0.093, 0.118, x0, 120,
                                   1.0 / 12, xend);
    if (!(err < 1e-8))
        fail_msg("RK4 vs closed form (growth u=0.118, k=0.15 a=0.25 "
                 "g=0.093, dt=1/12, 120 steps): max relative error %.3g > "
                 "tolerance 1e-8", err);
    rk4_max_rel_error(0.15, 0.25, 0.093, 0, x0, 120, 1.0 / 12, xnog);
    assert_true(xend[0] + xend[1] > xnog[0] + xnog[1] + 0.5);
}

/* Naive reference for one step of a generic system (three actors,
 * asymmetric W, different g and u): for a linear system dx/dt = M x + f,
 * one classical RK4 step is exactly
 *   x + h v + h^2/2 M v + h^3/6 M^2 v + h^4/24 M^3 v,   v = M x + f,
 * the Taylor polynomial of the exact flow. Compare to rounding (1e-14
 * relative). Code check, not validation. */
static void test_rk4_step_polynomial_three_actors(void **state)
{
    (void)state;
    enum { n = 3 };
    const double W[n * n] = {0, 0.615, 0.385, 1, 0, 0, 0.27, 0.73, 0};
    const double g[n] = {0.0935, -0.0215, 0.1375};
    const double u[n] = {0.061, 0, -0.0385};
    const double k = 0.235, a = 0.315, h = 0.2385;
    double x[n] = {1.385, 0.715, 2.05}, scratch[5 * n];
    double M[n * n];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            M[i * n + j] = k * W[i * n + j] - (i == j ? a - u[i] : 0);
    double v[n], term[n], next[n], want[n];
    for (int i = 0; i < n; i++) {
        v[i] = g[i];
        for (int j = 0; j < n; j++)
            v[i] += M[i * n + j] * x[j];
        want[i] = x[i] + h * v[i];
        term[i] = v[i];
    }
    double coef = h;
    for (int p = 2; p <= 4; p++) {
        coef *= h / p;
        for (int i = 0; i < n; i++) {
            next[i] = 0;
            for (int j = 0; j < n; j++)
                next[i] += M[i * n + j] * term[j];
        }
        for (int i = 0; i < n; i++) {
            term[i] = next[i];
            want[i] += coef * term[i];
        }
    }
    sp_arms_rk4(n, W, k, a, g, u, x, h, scratch);
    for (int i = 0; i < n; i++)
        EXPECT_NEAR(x[i], want[i], 1e-14 * fabs(want[i]),
                    "RK4 step vs its Taylor polynomial (code check, tol "
                    "1e-14 relative)");
}

/* ---- world level ------------------------------------------------------- */

/* AAA and BBB hostile; CCC friendly with AAA and neutral to BBB. AAA's
 * economy bounds its effort at 0.25 * 1.1448e8 / 2.385e7 = 1.2 times its
 * start. History 2024 (12 steps), forecast 2025-2034. */
static const char *arms_scn =
    "spiral: 1\n"
    "name: arms-world\n"
    "time: {start: 2024-01, forecast_start: 2025-01, horizon_years: 10}\n"
    "actors:\n"
    "  AAA: {cow: 731, milex: 2.385e7, economy: 1.1448e8}\n"
    "  BBB: {cow: 732, milex: 1.735e6, economy: 9.81e8}\n"
    "  CCC: {cow: 740, milex: 3.1e6, economy: 5.7e7}\n"
    "dyads:\n"
    "  AAA-BBB: {alignment: -0.735, proximity: 0.4}\n"
    "  AAA-CCC: {alignment: 0.215}\n"
    /* alignment held fixed (no balance dynamics): arms alone is tested */
    "parameters: {alignment: {beta: 0}}\n"
    "packages:\n"
    "  rest:\n"
    "    levers: []\n"
    "  build-up:\n"
    "    levers:\n"
    "      - {id: grow, kind: defence_growth, actor: AAA, value: 10}\n";

typedef struct {
    sp_scenario *s;
    sp_model *m;
    sp_world *w;
} fixture;

#define find_actor wf_actor

static void open_world(fixture *f, const char *text, const char *package)
{
    wf_open("arms-world.yaml", text, package, NULL, 0, &f->s, &f->m, &f->w);
}

static void close_world(fixture *f)
{
    wf_close(f->s, f->m, f->w);
}


/* Without levers nothing moves: x = c = 1 for every actor at every step
 * (g_i = a - k sum_j W_ij holds the rest state; exact up to rounding,
 * tolerance 1e-13). A full sp_run_all also succeeds. */
static void test_world_rest(void **state)
{
    (void)state;
    fixture f;
    open_world(&f, arms_scn, "rest");
    sp_error err = {0};
    assert_int_equal(sp_run_init(f.w, 2385, 3, 0, &err), SP_OK);
    int n = f.w->N;
    assert_int_equal(n, 3);
    while (!sp_run_finished(f.w)) {
        assert_int_equal(sp_run_step(f.w, &err), SP_OK);
        for (int i = 0; i < n; i++) {
            EXPECT_NEAR(f.w->x[i], 1.0, 1e-13, "effort at rest, no levers");
            EXPECT_NEAR(f.w->c[i], 1.0, 1e-13, "capability at rest");
        }
    }
    size_t no = sp_model_n_outcomes(f.m);
    double *out = calloc(no, sizeof *out);
    assert_non_null(out);
    assert_int_equal(sp_run_all(f.w, 2385, 4, 0, out, no, &err), SP_OK);
    for (int i = 0; i < n; i++)
        EXPECT_NEAR(f.w->x[i], 1.0, 1e-13, "effort at rest after run_all");
    free(out);
    close_world(&f);
}

/* A 10 %/yr build-up by AAA from forecast_start: during the history
 * (before the lever starts) nothing moves; then AAA's effort rises, its
 * hostile partner BBB's rises after it (Richardson reaction: BBB's first
 * monthly increment is O(dt^2), AAA's O(dt)), CCC (no hostile partner)
 * stays at 1; effort never exceeds the economic bound and AAA reaches
 * it; BBB stays below its equilibrium against a capped AAA,
 * (k cap_A + g_B) / a; capability follows effort with a lag. */
static void test_world_build_up(void **state)
{
    (void)state;
    fixture f;
    open_world(&f, arms_scn, "build-up");
    sp_error err = {0};
    assert_int_equal(sp_run_init(f.w, 2385, 0, 0, &err), SP_OK);
    int A = find_actor(f.s, "AAA"), B = find_actor(f.s, "BBB"),
        C = find_actor(f.s, "CCC"), n = f.w->N, step0 = f.m->step0;
    double k = f.w->p.par[SP_COMP_ARMS][SP_ARMS_K];
    double a = f.w->p.par[SP_COMP_ARMS][SP_ARMS_A];
    assert_int_equal(step0, 12);
    /* the economic bound, from the scenario's numbers */
    EXPECT_NEAR(f.w->cap[A], 0.25 * 1.1448e8 / 2.385e7, 1e-12,
                "cap = effort_cap * Y / m0");
    EXPECT_NEAR(f.w->cap[A], 1.2, 1e-12, "cap of AAA");
    EXPECT_NEAR(f.w->cap[C], 0.25 * 5.7e7 / 3.1e6, 1e-12, "cap of CCC");
    /* BBB's only threat is AAA: W_BA = theta_BA / Theta_B can grow (trust
     * falls, AAA's share rises) but theta_BA <= proximity * hostility, so
     * x_B stays below (k W_max cap_A + g_B) / a. */
    double w_max = 0.4 * 0.735 / f.w->threat_ref[B];
    double bound_B = (k * w_max * f.w->cap[A] + f.w->grievance[B]) / a;
    double prevA = 1, prevB = 1, dA1 = 0, dB1 = 0;
    bool capped = false;
    while (!sp_run_finished(f.w)) {
        int t = f.w->step;
        assert_int_equal(sp_run_step(f.w, &err), SP_OK);
        double xa = f.w->x[A], xb = f.w->x[B];
        for (int i = 0; i < n; i++)
            if (!(f.w->x[i] >= 0 && f.w->x[i] <= f.w->cap[i]))
                fail_msg("step %d actor %d: effort %.17g outside [0, cap = "
                         "%.17g]", t, i, f.w->x[i], f.w->cap[i]);
        EXPECT_NEAR(f.w->x[C], 1.0, 1e-13, "CCC has no hostile partner");
        if (t < step0) {
            EXPECT_NEAR(xa, 1.0, 1e-13, "AAA before the lever starts");
            EXPECT_NEAR(xb, 1.0, 1e-13, "BBB before the lever starts");
            continue;
        }
        if (t == step0) {
            dA1 = xa - 1, dB1 = xb - 1;
            assert_true(dA1 > 0 && dB1 > 0);
        }
        if (!capped) {
            assert_true(xa > prevA);
            capped = xa == f.w->cap[A];
        } else {
            assert_true(xa == f.w->cap[A]);
        }
        assert_true(xb > prevB);       /* BBB keeps reacting */
        /* (BBB may overtake AAA: its weight on AAA grows as trust falls
         * and AAA's share rises; the bound below still holds) */
        assert_true(xb < bound_B);
        assert_true(f.w->c[A] > 1 && f.w->c[A] < xa);
        prevA = xa, prevB = xb;
    }
    /* AAA's first step ~ u dt = 0.1/12; BBB's ~ k u dt^2 / 2, a ratio of
     * k dt / 2 = 0.00625: the reaction lags. */
    if (!(dB1 < dA1 * f.m->dt))
        fail_msg("first-step increments AAA %.3g BBB %.3g: BBB should lag "
                 "(ratio < dt)", dA1, dB1);
    assert_true(capped);
    assert_true(f.w->x[B] > 1.05);
    close_world(&f);
}

/* Four actors, several hostile partners per row, levers that start and
 * stop (AAA +10 %/yr from the forecast; BBB +6.15 %/yr from 2027-03 to
 * 2030-08; DDD -3.5 %/yr, a restraint) and one economic bound that binds
 * (AAA at 1.2). */
static const char *arms4_scn =
    "spiral: 1\n"
    "name: arms-four\n"
    "time: {start: 2024-01, forecast_start: 2025-01, horizon_years: 10}\n"
    "actors:\n"
    "  AAA: {cow: 731, milex: 2.385e7, economy: 1.1448e8}\n"
    "  BBB: {cow: 732, milex: 1.735e6, economy: 9.81e8}\n"
    "  CCC: {cow: 740, milex: 3.1e6, economy: 5.7e7}\n"
    "  DDD: {cow: 2, milex: 6.15e7, economy: 2.2e9}\n"
    "dyads:\n"
    "  AAA-BBB: {alignment: -0.735, proximity: 0.4}\n"
    "  AAA-DDD: {alignment: -0.27}\n"
    "  BBB-DDD: {alignment: -0.515}\n"
    "  AAA-CCC: {alignment: 0.215}\n"
    "  CCC-DDD: {alignment: -0.0385}\n"
    /* alignment held fixed (no balance dynamics): arms alone is tested */
    "parameters: {alignment: {beta: 0}}\n"
    "packages:\n"
    "  several:\n"
    "    levers:\n"
    "      - {id: grow-a, kind: defence_growth, actor: AAA, value: 10}\n"
    "      - {id: grow-b, kind: defence_growth, actor: BBB, value: 6.15, "
    "start: 2027-03, end: 2030-08}\n"
    "      - {id: hold-d, kind: defence_growth, actor: DDD, value: -3.5}\n";

/* The world's step (arms.c integrates over the sparse hostile rows) is
 * the dense sp_arms_rk4 from the same state, then the clamp to
 * [0, cap]; the capability update is c + (x - c)(1 - e^{-delta dt}).
 * Naive-reference check (style.md §13), code check: expected identical
 * (zero terms do not change a sum); tolerance 1e-15 relative. Also the
 * weights: W_ij = h_ij / sum_j h_ij. */
static void test_world_step_matches_dense_rk4(void **state)
{
    (void)state;
    fixture f;
    open_world(&f, arms4_scn, "several");
    sp_error err = {0};
    assert_int_equal(sp_run_init(f.w, 2385, 1, 0, &err), SP_OK);
    enum { n = 4 };
    assert_int_equal(f.w->N, n);
    int A = find_actor(f.s, "AAA"), B = find_actor(f.s, "BBB"),
        C = find_actor(f.s, "CCC"), D = find_actor(f.s, "DDD");
    /* weights at the start: perceived threat over its row total (arms.c
     * reads trust.c's theta), a naive reference */
    const double *W = f.w->W, *th = f.w->threat;
    for (int i = 0; i < n; i++) {
        double row = 0;
        for (int j = 0; j < n; j++)
            row += i == j ? 0 : th[i * n + j];
        for (int j = 0; j < n; j++)
            EXPECT_NEAR(W[i * n + j], i == j || row == 0 ? 0
                        : th[i * n + j] / row, 1e-15, "W = theta / Theta");
    }
    assert_true(W[A * n + C] == 0 && W[C * n + A] == 0 && W[A * n + A] == 0);
    /* CCC and DDD are mildly hostile but not near (proximity 0): no
     * perceived threat, so no weight */
    EXPECT_NEAR(W[C * n + D], 0.0, 0, "no threat without proximity");
    (void)B;
    double k = f.w->p.par[SP_COMP_ARMS][SP_ARMS_K];
    double a = f.w->p.par[SP_COMP_ARMS][SP_ARMS_A];
    double delta = f.w->p.par[SP_COMP_ARMS][SP_ARMS_DEPRECIATION];
    double dt = f.m->dt, decay = exp(-delta * dt);
    double xr[n], c0[n], scratch[5 * n];
    bool moved_b = false, stopped_b = false, capped_a = false;
    while (!sp_run_finished(f.w)) {
        int t = f.w->step;
        memcpy(xr, f.w->x, sizeof xr);
        memcpy(c0, f.w->c, sizeof c0);
        assert_int_equal(sp_run_step(f.w, &err), SP_OK);
        /* w->growth holds what the policy set for this step */
        sp_arms_rk4(n, f.w->W, k, a, f.w->grievance, f.w->growth, xr, dt,
                    scratch);
        for (int i = 0; i < n; i++) {
            xr[i] = fmin(fmax(xr[i], 0.0), f.w->cap[i]);
            if (!(fabs(f.w->x[i] - xr[i]) <= 1e-15 * fabs(xr[i])))
                fail_msg("step %d actor %d: world x %.17g, dense RK4 %.17g "
                         "(code check, tol 1e-15 relative)", t, i,
                         f.w->x[i], xr[i]);
            double cr = xr[i] + (c0[i] - xr[i]) * decay;
            if (!(fabs(f.w->c[i] - cr) <= 1e-15 * fabs(cr)))
                fail_msg("step %d actor %d: world c %.17g, reference %.17g",
                         t, i, f.w->c[i], cr);
        }
        moved_b |= f.w->growth[B] > 0;
        stopped_b |= moved_b && f.w->growth[B] == 0;
        capped_a |= f.w->x[A] == f.w->cap[A];
        if (t < f.m->step0)
            for (int i = 0; i < n; i++)
                EXPECT_NEAR(f.w->x[i], 1.0, 1e-13, "before the levers");
    }
    /* the levers did what the scenario says, so the comparison covered
     * growth on and off and the bound */
    EXPECT_NEAR(f.w->growth[A], 0.10, 1e-15, "AAA's lever in 1/yr");
    EXPECT_NEAR(f.w->growth[D], -0.035, 1e-15, "DDD's lever in 1/yr");
    assert_true(moved_b && stopped_b && capped_a);
    close_world(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case1_stable),
        cmocka_unit_test(test_case1_unstable),
        cmocka_unit_test(test_equilibrium_degenerate),
        cmocka_unit_test(test_case2_cold_war),
        cmocka_unit_test(test_rk4_closed_form_stable),
        cmocka_unit_test(test_rk4_coarse_step_fails),
        cmocka_unit_test(test_rk4_closed_form_unstable),
        cmocka_unit_test(test_rk4_closed_form_growth),
        cmocka_unit_test(test_rk4_step_polynomial_three_actors),
        cmocka_unit_test(test_world_rest),
        cmocka_unit_test(test_world_build_up),
        cmocka_unit_test(test_world_step_matches_dense_rk4),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
