/*
 * test_run.c - runs and ensembles: no allocation inside the step loop,
 * the same numbers on 1 and 2 threads, a package alone equals the same
 * package inside a comparison (common random numbers), parameters
 * sampled per replication, runs stored and read back, interrupt.
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
#include <unistd.h>

#include "world.h"

static const char *ref = "scenarios/northeast-asia-2024.yaml";

static sp_scenario *load_ref(void)
{
    sp_error err = {0};
    sp_scenario *s = NULL;
    if (sp_scenario_load(ref, NULL, 0, &s, &err))
        fail_msg("%s:%d: %s", err.file, err.line, err.message);
    return s;
}

typedef struct counting {
    long calls;
} counting;

static void *counting_realloc(void *ud, void *ptr, size_t size)
{
    if (size)
        ((counting *)ud)->calls++;
    if (!size) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, size);
}

static void test_no_allocation_in_step_loop(void **state)
{
    (void)state;
    sp_scenario *s = load_ref();
    sp_error err = {0};
    sp_model *m = NULL;
    sp_world *w = NULL;
    assert_int_equal(sp_model_new(s, 2, NULL, &m, &err), SP_OK);
    assert_int_equal(sp_world_new(m, &w, &err), SP_OK);
    double out[64];
    counting c = {0};
    sp_set_allocator(counting_realloc, &c);
    for (uint32_t rep = 0; rep < 20; rep++)
        assert_int_equal(sp_run_all(w, 3, rep, rep % 2, out, 64, &err),
                         SP_OK);
    sp_set_allocator(NULL, NULL);
    assert_int_equal(c.calls, 0);
    assert_true(sp_model_n_steps(m) == 144);
    sp_world_free(w);
    sp_model_free(m);
    sp_scenario_free(s);
}

/* Outcomes of every run, through the stepping API, for comparison. */
static void runs_of(const sp_scenario *s, size_t package, uint32_t n,
                    int sample, double *out, size_t stride)
{
    sp_error err = {0};
    sp_model *m = NULL;
    sp_world *w = NULL;
    assert_int_equal(sp_model_new(s, package, NULL, &m, &err), SP_OK);
    assert_int_equal(sp_world_new(m, &w, &err), SP_OK);
    for (uint32_t r = 0; r < n; r++)
        assert_int_equal(sp_run_all(w, 11, r, sample, out + r * stride,
                                    stride, &err), SP_OK);
    sp_world_free(w);
    sp_model_free(m);
}

static char *ensemble_json(const sp_scenario *s, const size_t *pk, size_t n,
                           int threads, uint64_t runs, int sample,
                           sp_store *st, int64_t inv)
{
    sp_ensemble_opts o = {0};
    o.packages = pk, o.n_packages = n, o.runs = runs, o.seed = 11;
    o.threads = threads, o.sample_params = sample, o.store = st;
    o.invocation = inv;
    sp_error err = {0};
    sp_ensemble *e = NULL;
    if (sp_ensemble_run(s, &o, &e, &err))
        fail_msg("%s", err.message);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(sp_ensemble_write_json(e, f, 0.0, &err), SP_OK);
    fclose(f);
    sp_ensemble_free(e);
    return buf;
}

static void test_same_bytes_on_1_and_2_threads(void **state)
{
    (void)state;
    sp_scenario *s = load_ref();
    size_t pk[] = {0, 1, 2, 3};
    for (int sample = 0; sample < 2; sample++) {
        char *one = ensemble_json(s, pk, 4, 1, 700, sample, NULL, 0);
        char *two = ensemble_json(s, pk, 4, 2, 700, sample, NULL, 0);
        assert_string_equal(one, two);
        assert_non_null(strstr(one, "\"method\": \"newcombe\""));
        free(one);
        free(two);
    }
    sp_scenario_free(s);
}

static void test_package_alone_equals_inside_comparison(void **state)
{
    (void)state;
    sp_scenario *s = load_ref();
    size_t alone[] = {2}, inside[] = {0, 2};
    char *a = ensemble_json(s, alone, 1, 2, 600, 0, NULL, 0);
    char *b = ensemble_json(s, inside, 2, 2, 600, 0, NULL, 0);
    /* the deterrence block of both outputs is the same text */
    const char *pa = strstr(a, "{\"name\": \"deterrence\"");
    const char *pb = strstr(b, "{\"name\": \"deterrence\"");
    assert_non_null(pa);
    assert_non_null(pb);
    size_t len = (size_t)(strstr(pa, "}}}") - pa);
    assert_int_equal(strncmp(pa, pb, len), 0);
    free(a);
    free(b);
    sp_scenario_free(s);
}

/* Common random numbers: with the same replication, two packages that
 * differ only in a lever see the same chance draws, so their runs agree
 * up to the point where the lever changes something. */
static void test_replications_differ_and_repeat(void **state)
{
    (void)state;
    sp_scenario *s = load_ref();
    enum { N = 40, W = 64 };
    static double a[N * W], b[N * W];
    runs_of(s, 0, N, 0, a, W);
    runs_of(s, 0, N, 0, b, W);
    assert_memory_equal(a, b, sizeof a);
    int distinct = 0;
    for (int r = 1; r < N; r++)
        distinct += memcmp(a, a + r * W, W * sizeof *a) != 0;
    assert_true(distinct > N / 2);
    runs_of(s, 0, N, 1, b, W); /* sampled parameters change runs */
    assert_true(memcmp(a, b, sizeof a) != 0);
    sp_scenario_free(s);
}

static void test_runs_stored_and_read_back(void **state)
{
    (void)state;
    char dir[] = "/tmp/spiral-run-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/r.db", dir);
    sp_scenario *s = load_ref();
    sp_error err = {0};
    sp_store *st = NULL;
    assert_int_equal(sp_store_open(path, SP_STORE_CREATE, &st, &err), SP_OK);
    sp_invocation_info info = {"compare", "test", "northeast-asia-2024",
                               "text", "hash", "{}", 11};
    int64_t inv = 0;
    assert_int_equal(sp_store_begin_invocation(st, &info, &inv, &err), SP_OK);
    size_t pk[] = {0, 3};
    char *j = ensemble_json(s, pk, 2, 2, 1100, 0, st, inv);
    free(j);
    int64_t count = 0;
    assert_int_equal(sp_store_count_runs(st, inv, &count, &err), SP_OK);
    assert_int_equal(count, 2200);
    /* a stored run equals the same run recomputed */
    double stored[64], fresh[64 * 1];
    size_t n = 64;
    sp_run_key key = {inv, 1, 0, 777};
    assert_int_equal(sp_store_get_run(st, &key, stored, &n, &err), SP_OK);
    sp_model *m = NULL;
    sp_world *w = NULL;
    assert_int_equal(sp_model_new(s, 3, NULL, &m, &err), SP_OK);
    assert_int_equal(sp_world_new(m, &w, &err), SP_OK);
    assert_int_equal(sp_run_all(w, 11, 777, 0, fresh, 64, &err), SP_OK);
    assert_int_equal(n, sp_model_n_outcomes(m));
    assert_memory_equal(stored, fresh, n * sizeof *fresh);
    sp_world_free(w);
    sp_model_free(m);
    sp_store_close(st);
    sp_scenario_free(s);
    unlink(path);
    char side[300];
    snprintf(side, sizeof side, "%s-wal", path), unlink(side);
    snprintf(side, sizeof side, "%s-shm", path), unlink(side);
    rmdir(dir);
}

static void test_interrupt_keeps_finished_batches(void **state)
{
    (void)state;
    sp_scenario *s = load_ref();
    volatile int stop = 1;
    size_t pk[] = {0};
    sp_ensemble_opts o = {0};
    o.packages = pk, o.n_packages = 1, o.runs = 5000, o.seed = 2;
    o.threads = 1, o.interrupt = &stop;
    sp_error err = {0};
    sp_ensemble *e = NULL;
    assert_int_equal(sp_ensemble_run(s, &o, &e, &err), SP_EINTR);
    assert_non_null(e);
    assert_int_equal(sp_ensemble_runs_done(e), 0);
    sp_ensemble_free(e);
    sp_scenario_free(s);
}

static void test_without_event_unknown_is_an_error(void **state)
{
    (void)state;
    sp_scenario *s = load_ref();
    const char *drop[] = {"no-such-event"};
    sp_model_opts mo = {.without_events = drop, .n_without = 1};
    sp_model *m = NULL;
    sp_error err = {0};
    assert_int_equal(sp_model_new(s, 0, &mo, &m, &err), SP_EINVAL);
    assert_non_null(strstr(err.message, "no-such-event"));
    sp_scenario_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_allocation_in_step_loop),
        cmocka_unit_test(test_same_bytes_on_1_and_2_threads),
        cmocka_unit_test(test_package_alone_equals_inside_comparison),
        cmocka_unit_test(test_replications_differ_and_repeat),
        cmocka_unit_test(test_runs_stored_and_read_back),
        cmocka_unit_test(test_interrupt_keeps_finished_batches),
        cmocka_unit_test(test_without_event_unknown_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
