/*
 * test_analyze.c - `spiral analyze` (src/analysis/analyze.c) on a
 * synthetic sweep written through the store API into a temporary file,
 * where the outcome is a known function of the parameters.
 *
 * The sweep: a sobol design on k = 3 parameters x1..x3 uniform on
 * [-pi, pi], N = 4096 base points (20,480 points), 2 packages x 2
 * replications. Outcome "y" of package 0 is the Ishigami function (a =
 * 7, b = 0.1; analytic indices derived in test_sobol.c: S = 0.3139,
 * 0.4424, 0 and ST = 0.5576, 0.4424, 0.2437), stored as f + d in
 * replication 0 and f - d in replication 1 (d = 0.5 sin(37 x1 x2)), so
 * only the mean over replications is f; package 1 stores f + 1.
 * "major_war" (a first-month outcome) is month 30 in replication 0 and
 * -1 (never) in replication 1, so major_war_10y has mean 0.5 everywhere.
 * One run (point 7, replication 1, package 0) is stored as failed.
 *
 * Checked, through sp_analyze_write's JSON:
 *   - S1 and ST of each parameter within 0.01 of the analytic values, and
 *     the analytic value inside the 95% interval. Observed at N = 4096
 *     with the failed base point left out: S = 0.3142, 0.4426, -0.0001,
 *     ST = 0.5576, 0.4425, 0.2433, all within 0.0006; intervals 0.05-0.09
 *     wide. test_sobol.c saw errors up to 0.02 at N = 1024, so 0.01 at
 *     4096 leaves a margin of about 15 over what is seen.
 *   - the failed run makes its point NaN, so its base point (7 / 5 = 1)
 *     is left out: base_points_used = 4095, points_failed = 1;
 *   - the default outcome is major_war_10y, its mean over points 0.5;
 *   - regret on y: package 0 is best everywhere (regret 0, share best
 *     1), package 1 has regret exactly 1 at every point;
 *   - threshold "y < 0" counts the same points for both packages' shift;
 *   - errors: an unknown outcome (with did-you-mean), an unknown package,
 *     a malformed --prim (with its column), --morris on a sobol sweep, an
 *     id that is not a sweep, a store with no sweep.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "expect.h"
#include "spiral.h"
#include "store/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_BASE 4096u
#define K 3
#define R 2
#define SEED 0x2385ull
#define TOL 0.01
#define FAILED_POINT 7

static const char *const OUTCOMES[] = {"clash", "major_war", "highest_level",
                                       "y"};
static const char *const PACKAGES[] = {"calm", "shifted"};
static const char *const PATHS[K] = {"x1", "x2", "x3"};
static const char *const DISTS[K] = {"uniform(min=-3.14159, max=3.14159)",
                                     "uniform(min=-3.14159, max=3.14159)",
                                     "uniform(min=-3.14159, max=3.14159)"};

typedef struct fixture {
    char dir[64], path[96];
    sp_store *st;
} fixture;

static void must(int rc, const sp_error *e)
{
    if (rc != SP_OK)
        fail_msg("status %d: %s", rc, e->message);
}

static double ishigami(const double *x)
{
    double s2 = sin(x[1]);
    return sin(x[0]) + 7.0 * s2 * s2 + 0.1 * pow(x[2], 4) * sin(x[0]);
}

static int64_t begin(sp_store *st, const char *kind)
{
    sp_invocation_info in = {.kind = kind, .command_line = "test",
                             .scenario_name = "ishigami", .seed = SEED};
    sp_error e = {0};
    int64_t id = 0;
    must(sp_store_begin_invocation(st, &in, &id, &e), &e);
    must(sp_store_add_outcome_names(st, id, OUTCOMES, 4, &e), &e);
    must(sp_store_add_package_names(st, id, PACKAGES, 2, &e), &e);
    return id;
}

static void put_point_runs(sp_store *st, int64_t id, size_t i,
                           const double *x)
{
    sp_error e = {0};
    double f = ishigami(x), d = 0.5 * sin(37.0 * x[0] * x[1]);
    must(sp_store_put_point(st, id, (int64_t)i, x, K, &e), &e);
    for (int r = 0; r < R; r++)
        for (int p = 0; p < 2; p++) {
            double out[4] = {-1, r == 0 ? 30 : -1, 2,
                             (r == 0 ? f + d : f - d) + p};
            bool fail = i == FAILED_POINT && r == 1 && p == 0;
            sp_run_key key = {id, p, (int32_t)i, r};
            if (fail)
                out[3] = NAN;
            must(sp_store_put_run(st, &key, out, 4, fail ? "diverged" : NULL,
                                  &e), &e);
        }
}

/* The sweep of the header, as `spiral sweep` would store it. */
static int64_t write_sweep(sp_store *st)
{
    sp_error e = {0};
    int64_t id = begin(st, "sweep");
    sp_design *d = NULL;
    must(sp_design_new(SP_DESIGN_SOBOL, K, NULL, N_BASE, SEED, NULL, &d, &e),
         &e);
    size_t n = sp_design_n_points(d);
    sp_store_sweep sw = {id, "sobol", N_BASE, R, (int64_t)n, K, 1, 1,
                         "test"};
    must(sp_store_put_sweep(st, &sw, PATHS, DISTS, PATHS, &e), &e);
    must(sp_store_begin_batch(st, &e), &e);
    for (size_t i = 0; i < n; i++) {
        double u[K], x[K];
        must(sp_design_point(d, i, u), &e);
        for (int j = 0; j < K; j++)
            x[j] = -M_PI + 2.0 * M_PI * u[j];
        put_point_runs(st, id, i, x);
    }
    must(sp_store_commit_batch(st, &e), &e);
    sp_design_free(d);
    return id;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/spiral-analyze-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/s.db", f->dir);
    sp_error e = {0};
    if (sp_store_open(f->path, SP_STORE_CREATE, &f->st, &e))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    sp_store_close(f->st);
    char p[128];
    unlink(f->path);
    snprintf(p, sizeof p, "%s-journal", f->path);
    unlink(p);
    rmdir(f->dir);
    free(f);
    return 0;
}

/* sp_analyze_write into a string. */
static int analyze(sp_store *st, const sp_analyze_opts *o, char **text,
                   sp_error *e)
{
    size_t len = 0;
    FILE *m = open_memstream(text, &len);
    assert_non_null(m);
    int rc = sp_analyze_write(st, o, m, 1, e);
    fclose(m);
    return rc;
}

/* The number after "key": following `from` in s. */
static double field(const char *s, const char *from, const char *key)
{
    const char *p = from ? strstr(s, from) : s;
    if (!p)
        fail_msg("no %s in the output", from);
    char k[64];
    snprintf(k, sizeof k, "\"%s\": ", key);
    p = strstr(p, k);
    if (!p)
        fail_msg("no %s after %s", key, from ? from : "the start");
    return strtod(p + strlen(k), NULL);
}

static void test_sobol_from_store(void **state)
{
    fixture *f = *state;
    write_sweep(f->st);
    sp_analyze_opts o = {.outcome = "y", .sobol = 1, .regret = "y",
                         .threshold = "y < 3.5"};
    char *s = NULL;
    sp_error e = {0};
    must(analyze(f->st, &o, &s, &e), &e);
    /* analytic values: test_sobol.c */
    double pi4 = pow(M_PI, 4), pi8 = pow(M_PI, 8);
    double v1 = 0.5 * pow(1.0 + 0.1 * pi4 / 5.0, 2), v2 = 49.0 / 8.0;
    double v13 = 8.0 * 0.01 * pi8 / 225.0, v = v1 + v2 + v13;
    double s1[K] = {v1 / v, v2 / v, 0}, st[K] = {(v1 + v13) / v, v2 / v,
                                                 v13 / v};
    for (int j = 0; j < K; j++) {
        char from[64], what[64];
        snprintf(from, sizeof from, "\"parameter\": \"%s\"", PATHS[j]);
        double a = field(s, from, "s1"), lo = field(s, from, "s1_lo");
        double hi = field(s, from, "s1_hi"), t = field(s, from, "st");
        double tlo = field(s, from, "st_lo"), thi = field(s, from, "st_hi");
        snprintf(what, sizeof what, "S1 of %s", PATHS[j]);
        EXPECT_NEAR(a, s1[j], TOL, what);
        assert_true(lo <= s1[j] && s1[j] <= hi);
        snprintf(what, sizeof what, "ST of %s", PATHS[j]);
        EXPECT_NEAR(t, st[j], TOL, what);
        assert_true(tlo <= st[j] && st[j] <= thi);
    }
    assert_int_equal((int)field(s, "\"sobol\"", "base_points_used"),
                     N_BASE - 1);
    assert_int_equal((int)field(s, NULL, "points_failed"), 1);
    assert_int_equal((int)field(s, NULL, "runs_failed"), 1);
    /* regret: package 1 is package 0 + 1 at every point */
    EXPECT_NEAR(field(s, "\"package\": \"calm\", \"max\"", "max"), 0, 0,
                "regret of the best package");
    EXPECT_NEAR(field(s, "\"package\": \"calm\", \"max\"", "share_best"), 1,
                0, "share best");
    EXPECT_NEAR(field(s, "\"package\": \"shifted\", \"max\"", "max"), 1,
                1e-9, "regret of the shifted package");
    EXPECT_NEAR(field(s, "\"package\": \"shifted\", \"max\"", "mean"), 1,
                1e-9, "mean regret of the shifted package");
    /* threshold: the shifted package meets y < 3.5 less often */
    double calm = field(s, "\"threshold\"", "share");
    double shifted = field(strstr(s, "\"threshold\""), "\"shifted\"",
                           "share");
    assert_true(calm > shifted && shifted > 0 && calm < 1);
    free(s);
}

static void test_default_outcome(void **state)
{
    fixture *f = *state;
    write_sweep(f->st);
    sp_analyze_opts o = {0};
    char *s = NULL;
    sp_error e = {0};
    must(analyze(f->st, &o, &s, &e), &e);
    assert_non_null(strstr(s, "\"outcome\": \"major_war_10y\""));
    EXPECT_NEAR(field(s, "\"means\"", "mean"), 0.5, 1e-12,
                "major_war_10y: reached in one of two replications");
    assert_non_null(strstr(s, "\"sobol\""));  /* the design's analysis */
    assert_non_null(strstr(s, "\"regret\"")); /* two packages */
    free(s);
}

static void expect_error(sp_store *st, const sp_analyze_opts *o, int code,
                         const char *part)
{
    char *s = NULL;
    sp_error e = {0};
    int rc = analyze(st, o, &s, &e);
    free(s);
    if (rc != code || !strstr(e.message, part))
        fail_msg("want status %d with '%s', got %d: %s", code, part, rc,
                 e.message);
}

static void test_errors(void **state)
{
    fixture *f = *state;
    sp_analyze_opts none = {0};
    expect_error(f->st, &none, SP_ENOTFOUND, "holds no sweep");
    int64_t run = begin(f->st, "run");
    expect_error(f->st, &none, SP_ENOTFOUND, "holds no sweep");
    write_sweep(f->st);
    sp_analyze_opts o = {.id = run};
    expect_error(f->st, &o, SP_ENOTFOUND, "is not a sweep");
    o = (sp_analyze_opts){.id = 9};
    expect_error(f->st, &o, SP_ENOTFOUND, "no invocation 9");
    o = (sp_analyze_opts){.outcome = "major_war10y"};
    expect_error(f->st, &o, SP_ENOTFOUND, "did you mean 'major_war_10y'");
    o = (sp_analyze_opts){.package = "clam"};
    expect_error(f->st, &o, SP_ENOTFOUND, "did you mean 'calm'");
    o = (sp_analyze_opts){.morris = 1};
    expect_error(f->st, &o, SP_EINVAL, "--morris needs a morris design");
    o = (sp_analyze_opts){.prim = "y >> 2"};
    expect_error(f->st, &o, SP_EINVAL, "column 4: '>' is not a number");
    o = (sp_analyze_opts){.prim = "y 2"};
    expect_error(f->st, &o, SP_EINVAL, "column 3: expected >, >=, < or <=");
    o = (sp_analyze_opts){.threshold = "y < 2 x"};
    expect_error(f->st, &o, SP_EINVAL, "column 7: unexpected text");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sobol_from_store, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_default_outcome, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
