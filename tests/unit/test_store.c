/*
 * test_store.c - the SQLite results store (src/store/).
 *
 * Round trip: 1000 runs in batches of 128, outcomes with NaN payloads,
 * -0.0, subnormals and infinities, read back bitwise after a read-only
 * reopen. Refusals: a text file, another application's SQLite file, a
 * newer schema, an empty file opened read-only, a missing file, a corrupt
 * and a truncated file. Batches: a duplicate key, a rollback, a close
 * with a batch open, a batch SQLite rolled back by itself. Migration: a
 * test schema history with a version 2 step, and a failing step.
 * Allocation failures at every allocation of a whole session.
 * Every database lives in a fresh mkdtemp directory under /tmp.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "spiral.h"
#include "ledger.h"
#include "store/store.h"

#include <dirent.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_OUT 7
#define N_RUNS 1000
#define BATCH 128
#define CLOCK 1700000000 /* 2023-11-14T22:13:20Z */
#define SHA "3f2a9c01b4e7d8a65c0e1f9b27d3a4c85e6f70b19a2c3d4e5f60718293a4b5c6"
#define SEED 18446744073709551557ull /* the largest prime below 2^64 */

typedef struct fixture {
    char dir[64];
} fixture;

static const char *const outcome_names[N_OUT] = {
    "nan_payload", "neg_zero", "subnormal", "raw_bits", "tiny", "neg_inf",
    "war_years"};

/* ---- helpers ----------------------------------------------------------- */

static void must(int rc, const sp_error *e)
{
    if (rc != SP_OK)
        fail_msg("%s: %s", sp_status_name(rc), e->message);
}

static void path_in(void **state, const char *name, char *out, size_t n)
{
    const fixture *f = *state;
    snprintf(out, n, "%s/%s", f->dir, name);
}

static uint64_t splitmix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static double from_bits(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static sp_run_key key_of(int64_t inv, int i)
{
    /* (i % 3, i / 15, i % 5) is unique for every i (CRT on 15). */
    sp_run_key k = {inv, i % 3, i / 15, i % 5};
    return k;
}

static int is_failed(int i)
{
    return i % 97 == 13;
}

/* The outcomes of run i: specials and raw random bit patterns. */
static void outcomes_of(int i, double out[N_OUT])
{
    uint64_t h = splitmix((uint64_t)i * 2654435761u + 17);
    out[0] = from_bits(0x7ff0000000000001ull | (h & 0x000fffffffffffffull));
    out[1] = -0.0;
    out[2] = i % 2 ? 1e-308 : -4.9e-324;
    out[3] = from_bits(splitmix(h));
    out[4] = (i % 4 == 0) ? DBL_MIN : DBL_MAX / (1.0 + i);
    out[5] = (i % 5 == 0) ? -INFINITY : from_bits(0x7ff8000000000000ull | h);
    out[6] = 2.385 * i + 0.0731;
}

static sp_invocation_info info_of(void)
{
    sp_invocation_info in = {
        .kind = "sweep",
        .command_line = "spiral sweep scenarios/korea.yaml --design lhs "
                        "--samples 200 --set 'actors.PRK.milex=2.385'",
        .scenario_name = "korea-2031 \"quoted\"\ttab",
        .scenario_text = "name: korea-2031\nregion: Gyeongsang-d\xc5\x8d "
                         "\xe2\x9c\x93\nactors: [ROK, PRK, JPN]\n",
        .scenario_sha256 = SHA,
        .params_json = "{\"actors.PRK.milex\": 2.385, \"k\": 0.0731}",
        .seed = SEED,
    };
    return in;
}

static sp_store *open_or_fail(const char *path, int flags)
{
    sp_store *st = NULL;
    sp_error e = {0};
    must(sp_store_open(path, flags, &st, &e), &e);
    assert_non_null(st);
    return st;
}

/* A new invocation with outcome and package names. */
static int64_t new_invocation(sp_store *st)
{
    sp_error e = {0};
    int64_t id = 0;
    sp_invocation_info in = info_of();
    static const char *const pkgs[] = {"baseline", "sanctions+", "talks"};
    must(sp_store_begin_invocation(st, &in, &id, &e), &e);
    must(sp_store_add_outcome_names(st, id, outcome_names, N_OUT, &e), &e);
    must(sp_store_add_package_names(st, id, pkgs, 3, &e), &e);
    return id;
}

static void put_one(sp_store *st, int64_t inv, int i, sp_error *e)
{
    double out[N_OUT];
    sp_run_key k = key_of(inv, i);
    outcomes_of(i, out);
    if (is_failed(i))
        must(sp_store_put_run(st, &k, NULL, 0,
                              "numerical failure: war intensity NaN at step "
                              "412", e), e);
    else
        must(sp_store_put_run(st, &k, out, N_OUT, NULL, e), e);
}

/* N_RUNS runs in batches of BATCH; returns the invocation id. */
static int64_t fill(sp_store *st)
{
    sp_error e = {0};
    int64_t inv = new_invocation(st);
    for (int i = 0; i < N_RUNS; i += BATCH) {
        must(sp_store_begin_batch(st, &e), &e);
        for (int j = i; j < i + BATCH && j < N_RUNS; j++)
            put_one(st, inv, j, &e);
        must(sp_store_commit_batch(st, &e), &e);
    }
    must(sp_store_end_invocation(st, inv, "done", &e), &e);
    return inv;
}

static int64_t count(sp_store *st, int64_t inv)
{
    sp_error e = {0};
    int64_t n = -1;
    must(sp_store_count_runs(st, inv, &n, &e), &e);
    return n;
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static char *list_to_string(sp_store *st, int json)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    sp_error e = {0};
    must(sp_store_list(st, f, json, &e), &e);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* Open must fail with `code` and a message containing `needle`. */
static void expect_open_fails(const char *path, int flags, int code,
                              const char *needle)
{
    sp_store *st = (sp_store *)1;
    sp_error e = {0};
    int rc = sp_store_open(path, flags, &st, &e);
    if (rc != code || !strstr(e.message, needle) || !strstr(e.message, path))
        fail_msg("expected %s with '%s', got %s: %s", sp_status_name(code),
                 needle, sp_status_name(rc), e.message);
    assert_null(st);
}

/* Run raw SQL on a file with SQLite itself (to forge test files). */
static void raw_sql(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

static void raw_text(const char *path, const char *sql, char *out, size_t n)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    snprintf(out, n, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
}

/* ---- round trip -------------------------------------------------------- */

static void check_run(sp_store *st, int64_t inv, int i)
{
    sp_error e = {0};
    double want[N_OUT], got[N_OUT + 3];
    size_t n = N_OUT + 3;
    sp_run_key k = key_of(inv, i);
    outcomes_of(i, want);
    must(sp_store_get_run(st, &k, got, &n, &e), &e);
    if (is_failed(i)) {
        assert_int_equal(n, 0);
        return;
    }
    assert_int_equal(n, N_OUT);
    if (memcmp(want, got, sizeof want) != 0)
        fail_msg("run %d: outcomes differ bitwise", i);
}

static void test_round_trip(void **state)
{
    char path[128];
    path_in(state, "round.db", path, sizeof path);
    sp_store *st = open_or_fail(path, SP_STORE_CREATE);
    assert_int_equal(sp_store_schema_version(st), SP_STORE_SCHEMA_VERSION);
    assert_int_equal(sp_store_found_version(st), 0);
    int64_t inv = fill(st);
    assert_true(inv >= 1);
    sp_store_close(st);

    st = open_or_fail(path, SP_STORE_READONLY);
    for (int i = 0; i < N_RUNS; i++)
        check_run(st, inv, i);
    assert_int_equal(count(st, inv), N_RUNS);
    sp_error e = {0};
    int64_t failed = -1;
    must(sp_store_count_failed(st, inv, &failed, &e), &e);
    assert_int_equal(failed, 11); /* i = 13 + 97k < 1000 */
    sp_store_close(st);
}

static void test_get_run_sizes(void **state)
{
    char path[128];
    path_in(state, "sizes.db", path, sizeof path);
    sp_store *st = open_or_fail(path, SP_STORE_CREATE);
    int64_t inv = fill(st);
    sp_error e = {0};
    double out[N_OUT];
    sp_run_key k = key_of(inv, 2);
    size_t n = 0;
    must(sp_store_get_run(st, &k, NULL, &n, &e), &e); /* size query */
    assert_int_equal(n, N_OUT);
    n = 3;
    assert_int_equal(sp_store_get_run(st, &k, out, &n, &e), SP_ELIMIT);
    assert_int_equal(n, N_OUT);
    sp_error_clear(&e);
    sp_run_key missing = {inv, 2, 9999, 0};
    n = N_OUT;
    assert_int_equal(sp_store_get_run(st, &missing, out, &n, &e),
                     SP_ENOTFOUND);
    assert_non_null(strstr(e.message, "not stored"));
    sp_store_close(st);
}

static void test_list(void **state)
{
    char path[128];
    path_in(state, "list.db", path, sizeof path);
    sp_store *st = open_or_fail(path, SP_STORE_CREATE);
    char *empty = list_to_string(st, 0);
    assert_string_equal(empty, "no invocations\n");
    free(empty);
    empty = list_to_string(st, 1);
    assert_string_equal(empty, "[]\n");
    free(empty);
    sp_store_set_clock(st, CLOCK);
    int64_t inv = fill(st);
    sp_store_close(st);

    st = open_or_fail(path, SP_STORE_READONLY);
    char *text = list_to_string(st, 0);
    char row[160];
    snprintf(row, sizeof row, "%4lld  sweep     2023-11-14T22:13:20Z  %-11s "
             "%9d  %6d  %llu  3f2a9c01b4e7  korea-2031 \"quoted\"\ttab\n",
             (long long)inv, "done", 1000, 11, SEED);
    if (!strstr(text, row))
        fail_msg("no row\n%s\nin\n%s", row, text);
    assert_null(strstr(text, SHA)); /* only 12 hex digits in text */
    free(text);

    char *json = list_to_string(st, 1);
    const char *want[] = {
        "\"seed\": 18446744073709551557", "\"runs\": 1000",
        "\"failed\": 11", "\"scenario_sha256\": \"" SHA "\"",
        "\"scenario_name\": \"korea-2031 \\\"quoted\\\"\\ttab\"",
        "\"started_at\": \"2023-11-14T22:13:20Z\"",
        "\"finished_at\": \"2023-11-14T22:13:20Z\"", "\"status\": \"done\"",
        "\"packages\": [\"baseline\", \"sanctions+\", \"talks\"]",
        "\"outcomes\": [\"nan_payload\", \"neg_zero\""};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(json, want[i]))
            fail_msg("no %s in\n%s", want[i], json);
    size_t len = strlen(json);
    assert_true(json[0] == '[' && len > 4);
    assert_string_equal(json + len - 4, "}\n]\n");
    free(json);
    sp_store_close(st);
}

/* ---- refusals ---------------------------------------------------------- */

static void test_refuse_text_file(void **state)
{
    char path[128];
    path_in(state, "notes.txt", path, sizeof path);
    const char text[] = "This is a plain text file, not a database.\n"
                        "It has two lines and should be left alone.\n";
    write_file(path, text, sizeof text - 1);
    expect_open_fails(path, SP_STORE_READONLY, SP_EFORMAT,
                      "not an SQLite database");
    expect_open_fails(path, SP_STORE_CREATE, SP_EFORMAT,
                      "not an SQLite database");
    char back[256] = {0};
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(back, 1, sizeof back - 1, f);
    fclose(f);
    assert_int_equal(n, sizeof text - 1);
    assert_string_equal(back, text); /* untouched */
}

static void test_refuse_other_application(void **state)
{
    char path[128];
    path_in(state, "other.sqlite", path, sizeof path);
    raw_sql(path, "CREATE TABLE birds(name TEXT, wingspan REAL);"
                  "INSERT INTO birds VALUES ('albatross', 3.4);");
    expect_open_fails(path, SP_STORE_CREATE, SP_EFORMAT,
                      "not a spiral database (application_id 0x00000000, "
                      "expected 0x53505231)");
    char mode[32];
    raw_text(path, "PRAGMA journal_mode", mode, sizeof mode);
    assert_string_equal(mode, "delete"); /* not switched to WAL */

    path_in(state, "other-id.sqlite", path, sizeof path);
    raw_sql(path, "PRAGMA application_id = 1234567; CREATE TABLE t(x);");
    expect_open_fails(path, SP_STORE_READONLY, SP_EFORMAT,
                      "(application_id 0x0012D687, expected 0x53505231)");

    path_in(state, "no-meta.sqlite", path, sizeof path);
    raw_sql(path, "PRAGMA application_id = 1397772849; CREATE TABLE t(x);");
    expect_open_fails(path, SP_STORE_READONLY, SP_EFORMAT, "no meta table");
}

static void test_refuse_newer_schema(void **state)
{
    char path[128];
    path_in(state, "newer.db", path, sizeof path);
    sp_store_close(open_or_fail(path, SP_STORE_CREATE));
    raw_sql(path, "UPDATE meta SET value = '999' WHERE key = "
                  "'schema_version'");
    char want[128];
    snprintf(want, sizeof want, "written by a newer spiral (schema 999, this "
             "build knows up to %d)", SP_STORE_SCHEMA_VERSION);
    expect_open_fails(path, SP_STORE_CREATE, SP_EFORMAT, want);
    expect_open_fails(path, SP_STORE_READONLY, SP_EFORMAT, want);
    raw_sql(path, "UPDATE meta SET value = 'one' WHERE key = "
                  "'schema_version'");
    expect_open_fails(path, SP_STORE_READONLY, SP_EFORMAT,
                      "no valid schema_version");
}

static void test_missing_and_empty_files(void **state)
{
    char path[128];
    path_in(state, "missing.db", path, sizeof path);
    expect_open_fails(path, SP_STORE_READONLY, SP_EIO,
                      ": no such file");
    assert_int_not_equal(access(path, F_OK), 0); /* not created */

    path_in(state, "no-such-dir/x.db", path, sizeof path);
    expect_open_fails(path, SP_STORE_CREATE, SP_EIO, "cannot open");

    path_in(state, "", path, sizeof path); /* the directory itself */
    expect_open_fails(path, SP_STORE_CREATE, SP_EIO, "is a directory");

    path_in(state, "empty.db", path, sizeof path);
    write_file(path, "", 0);
    expect_open_fails(path, SP_STORE_READONLY, SP_EFORMAT,
                      "not a spiral database (empty)");
    sp_store *st = open_or_fail(path, SP_STORE_CREATE);
    assert_int_equal(sp_store_schema_version(st), SP_STORE_SCHEMA_VERSION);
    sp_store_close(st);
    char mode[32];
    raw_text(path, "PRAGMA journal_mode", mode, sizeof mode);
    assert_string_equal(mode, "wal");
    sp_store_close(open_or_fail(path, SP_STORE_READONLY));
}

static void test_bad_arguments(void **state)
{
    char path[128];
    path_in(state, "args.db", path, sizeof path);
    sp_store *st = NULL;
    sp_error e = {0};
    assert_int_equal(sp_store_open(path, 7, &st, &e), SP_EINVAL);
    assert_null(st);
    sp_error_clear(&e);
    assert_int_equal(sp_store_open(NULL, SP_STORE_CREATE, &st, &e),
                     SP_EINVAL);
    sp_store_close(NULL); /* accepted */
    assert_int_equal(sp_store_rollback_batch(NULL), SP_OK);
}

/* A filled database at path; returns its invocation id. */
static int64_t filled_db(const char *path)
{
    sp_store *st = open_or_fail(path, SP_STORE_CREATE);
    int64_t inv = fill(st);
    sp_store_close(st);
    return inv;
}

/* Open and read everything from a damaged file: every answer must be a
 * clean status, and the damage must show somewhere. */
static void probe_damaged(const char *path, int64_t inv, const char *label)
{
    sp_store *st = NULL;
    sp_error e = {0}, first = {0};
    int rc = sp_store_open(path, SP_STORE_READONLY, &st, &first);
    int bad = rc != SP_OK;
    for (int i = 0; rc == SP_OK && i <= N_RUNS; i++) {
        double out[N_OUT];
        size_t n = N_OUT;
        sp_run_key k = key_of(inv, i);
        int64_t c = 0;
        sp_error_clear(&e);
        int r = i < N_RUNS ? sp_store_get_run(st, &k, out, &n, &e)
                           : sp_store_count_runs(st, inv, &c, &e);
        assert_true(r == SP_OK || r == SP_ENOTFOUND || r == SP_EFORMAT ||
                    r == SP_EIO);
        if (r == SP_EFORMAT || r == SP_EIO) {
            assert_non_null(strstr(e.message, path));
            if (!bad++)
                first = e;
        }
    }
    print_message("%s: open %s, %d failures, first: %s\n", label,
                  sp_status_name(rc), bad, first.message);
    if (rc != SP_OK)
        assert_true(rc == SP_EFORMAT || rc == SP_EIO);
    assert_true(bad > 0);
    sp_store_close(st);
    st = NULL;
    rc = sp_store_open(path, SP_STORE_CREATE, &st, &e); /* no crash */
    assert_true(rc == SP_OK || rc == SP_EFORMAT || rc == SP_EIO);
    sp_store_close(st);
}

static void test_corrupt_file(void **state)
{
    char path[128];
    path_in(state, "corrupt.db", path, sizeof path);
    int64_t inv = filled_db(path);
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    assert_true(size > 16384);
    unsigned char junk[8192];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)(splitmix(i) >> 13);
    assert_int_equal(fseek(f, size / 2 - 4096, SEEK_SET), 0);
    assert_int_equal(fwrite(junk, 1, sizeof junk, f), sizeof junk);
    fclose(f);
    probe_damaged(path, inv, "overwritten middle");
}

static void test_truncated_file(void **state)
{
    char path[128];
    path_in(state, "truncated.db", path, sizeof path);
    int64_t inv = filled_db(path);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    fclose(f);
    assert_int_equal(truncate(path, size * 2 / 5), 0);
    probe_damaged(path, inv, "truncated to 40%");
}

/* ---- batches ----------------------------------------------------------- */

static void test_duplicate_key(void **state)
{
    char path[128];
    path_in(state, "dup.db", path, sizeof path);
    sp_store *st = open_or_fail(path, SP_STORE_CREATE);
    int64_t inv = new_invocation(st);
    sp_error e = {0};
    must(sp_store_begin_batch(st, &e), &e);
    put_one(st, inv, 41, &e);
    double out[N_OUT];
    outcomes_of(41, out);
    sp_run_key k = key_of(inv, 41);
    assert_int_equal(sp_store_put_run(st, &k, out, N_OUT, NULL, &e),
                     SP_EINVAL);
    assert_non_null(strstr(e.message, "already stored"));
    assert_non_null(strstr(e.message, path));
    sp_error_clear(&e);
    put_one(st, inv, 42, &e); /* the batch goes on */
    must(sp_store_commit_batch(st, &e), &e);
    assert_int_equal(count(st, inv), 2);

    must(sp_store_begin_batch(st, &e), &e); /* across batches, too */
    assert_int_equal(sp_store_put_run(st, &k, out, N_OUT, NULL, &e),
                     SP_EINVAL);
    assert_int_equal(sp_store_rollback_batch(st), SP_OK);
    sp_store_close(st);
}

static void test_rollback(void **state)
{
    char path[128];
    path_in(state, "rollback.db", path, sizeof path);
    sp_store *st = open_or_fail(path, SP_STORE_CREATE);
    int64_t inv = new_invocation(st);
    sp_error e = {0};
    must(sp_store_begin_batch(st, &e), &e);
    for (int i = 0; i < 5; i++)
        put_one(st, inv, i, &e);
    must(sp_store_commit_batch(st, &e), &e);
    assert_int_equal(count(st, inv), 5);

    must(sp_store_begin_batch(st, &e), &e);
    for (int i = 100; i < 110; i++)
        put_one(st, inv, i, &e);
    assert_int_equal(count(st, inv), 15); /* visible inside the batch */
    assert_int_equal(sp_store_rollback_batch(st), SP_OK);
    assert_int_equal(count(st, inv), 5);

    must(sp_store_begin_batch(st, &e), &e);
    put_one(st, inv, 200, &e);
    sp_store_close(st); /* an open batch is not a finished one */
    st = open_or_fail(path, SP_STORE_READONLY);
    assert_int_equal(count(st, inv), 5);
    sp_store_close(st);
}

static void test_batch_misuse(void **state)
{
    char path[128];
    path_in(state, "misuse.db", path, sizeof path);
    sp_store *st = open_or_fail(path, SP_STORE_CREATE);
    int64_t inv = new_invocation(st);
    sp_error e = {0};
    double out[N_OUT] = {0};
    sp_run_key k = key_of(inv, 1);
    assert_int_equal(sp_store_put_run(st, &k, out, N_OUT, NULL, &e),
                     SP_EINVAL);
    assert_non_null(strstr(e.message, "no batch is open"));
    sp_error_clear(&e);
    assert_int_equal(sp_store_commit_batch(st, &e), SP_EINVAL);
    sp_error_clear(&e);
    must(sp_store_begin_batch(st, &e), &e);
    assert_int_equal(sp_store_begin_batch(st, &e), SP_EINVAL);
    sp_error_clear(&e);
    assert_int_equal(sp_store_put_run(st, &k, out, 3, NULL, &e), SP_EINVAL);
    assert_non_null(strstr(e.message, "has 3 outcomes"));
    sp_error_clear(&e);
    sp_run_key nobody = {inv + 50, 0, 0, 0};
    assert_int_equal(sp_store_put_run(st, &nobody, out, 2, NULL, &e),
                     SP_ENOTFOUND);
    sp_error_clear(&e);
    sp_run_key neg = {inv, -1, 0, 0};
    assert_int_equal(sp_store_put_run(st, &neg, out, N_OUT, NULL, &e),
                     SP_EINVAL);
    sp_error_clear(&e);
    must(sp_store_commit_batch(st, &e), &e);
    assert_int_equal(count(st, inv), 0);

    /* SQLite may roll a batch back by itself (disk full): later puts must
     * fail instead of slipping into autocommit. */
    must(sp_store_begin_batch(st, &e), &e);
    put_one(st, inv, 1, &e);
    assert_int_equal(sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL),
                     SQLITE_OK);
    k = key_of(inv, 2);
    assert_int_equal(sp_store_put_run(st, &k, out, N_OUT, NULL, &e), SP_EIO);
    assert_non_null(strstr(e.message, "rolled back"));
    sp_error_clear(&e);
    assert_int_equal(sp_store_commit_batch(st, &e), SP_EIO);
    assert_int_equal(sp_store_rollback_batch(st), SP_OK);
    assert_int_equal(count(st, inv), 0);
    sp_store_close(st);
}

/* ---- invocations ------------------------------------------------------- */

static void test_invocations(void **state)
{
    char path[128];
    path_in(state, "inv.db", path, sizeof path);
    sp_store *st = open_or_fail(path, SP_STORE_CREATE);
    int64_t a = new_invocation(st), b = new_invocation(st);
    assert_true(b > a);
    sp_error e = {0};
    assert_int_equal(sp_store_end_invocation(st, b + 7, "done", &e),
                     SP_ENOTFOUND);
    sp_error_clear(&e);
    assert_int_equal(sp_store_end_invocation(st, a, "finished", &e),
                     SP_EINVAL);
    sp_error_clear(&e);
    must(sp_store_end_invocation(st, a, "interrupted", &e), &e);
    int64_t n = -1;
    assert_int_equal(sp_store_count_runs(st, b + 7, &n, &e), SP_ENOTFOUND);
    sp_error_clear(&e);
    assert_int_equal(count(st, b), 0);
    assert_int_equal(sp_store_add_outcome_names(st, a, outcome_names, 1, &e),
                     SP_EINVAL); /* a name given twice */
    assert_non_null(strstr(e.message, "given twice"));
    sp_error_clear(&e);
    sp_invocation_info bare = {.kind = "run", .seed = 1};
    int64_t c = 0;
    must(sp_store_begin_invocation(st, &bare, &c, &e), &e); /* NULLs ok */
    bare.kind = NULL;
    assert_int_equal(sp_store_begin_invocation(st, &bare, &c, &e), SP_EINVAL);
    sp_store_close(st);

    st = open_or_fail(path, SP_STORE_CREATE); /* ids never reused */
    int64_t d = new_invocation(st);
    assert_true(d > c);
    sp_store_close(st);

    st = open_or_fail(path, SP_STORE_READONLY);
    sp_error_clear(&e);
    sp_invocation_info in = info_of();
    assert_int_equal(sp_store_begin_invocation(st, &in, &c, &e), SP_EINVAL);
    assert_non_null(strstr(e.message, "read-only"));
    sp_error_clear(&e);
    assert_int_equal(sp_store_begin_batch(st, &e), SP_EINVAL);
    sp_store_close(st);
}

/* ---- migration --------------------------------------------------------- */

static int open_with(const char *path, const sp_store_schema *schema,
                     sp_store **st, sp_error *e)
{
    return sp_store_open_schema(path, SP_STORE_CREATE, schema, st, e);
}

/* A file made by schema version 1 only (the first released step). */
static int64_t make_v1_file(const char *path)
{
    sp_store_schema s1 = {1, sp_store_builtin_schema()->steps};
    sp_store *st = NULL;
    sp_error e = {0};
    must(open_with(path, &s1, &st, &e), &e);
    int64_t inv = fill(st);
    sp_store_close(st);
    return inv;
}

static void test_migration(void **state)
{
    char path[128];
    path_in(state, "migrate.db", path, sizeof path);
    int64_t inv = make_v1_file(path);
    sp_store *st = NULL;

    /* A schema newer than this build's: the built-in steps, then one. */
    const char *const *b = sp_store_builtin_schema()->steps;
    const char *v5[] = {b[0], b[1], b[2], b[3],
                        "ALTER TABLE invocations ADD COLUMN note TEXT;"
                        "CREATE TABLE run_series(run INTEGER PRIMARY KEY "
                        "REFERENCES runs(id), steps BLOB NOT NULL);"};
    const char *bad[] = {b[0], b[1], b[2], b[3],
                         "ALTER TABLE runs ADD COLUMN ok INTEGER;"
                         "ALTER TABLE no_such_table ADD COLUMN x;"};
    sp_store_schema s2 = {5, v5}, sbad = {5, bad};
    sp_error e = {0};

    /* A failing step changes nothing, the steps before it included. */
    assert_int_not_equal(open_with(path, &sbad, &st, &e), SP_OK);
    assert_null(st);
    assert_non_null(strstr(e.message, "migrating schema 4 to 5"));
    sp_store_schema s1 = {1, b};
    must(sp_store_open_schema(path, SP_STORE_READONLY, &s1, &st, &e), &e);
    assert_int_equal(sp_store_found_version(st), 1);
    assert_int_equal(count(st, inv), N_RUNS);
    sp_store_close(st);

    /* Read-only does not migrate. */
    sp_error_clear(&e);
    assert_int_equal(sp_store_open_schema(path, SP_STORE_READONLY, &s2, &st,
                                          &e), SP_EFORMAT);
    assert_non_null(strstr(e.message, "open it for writing"));

    /* 1 -> 5 keeps the data and reports both versions. */
    sp_error_clear(&e);
    must(open_with(path, &s2, &st, &e), &e);
    assert_int_equal(sp_store_found_version(st), 1);
    assert_int_equal(sp_store_schema_version(st), 5);
    check_run(st, inv, 500);
    assert_int_equal(count(st, inv), N_RUNS);
    sp_store_close(st);
    char v[16];
    raw_text(path, "SELECT value FROM meta WHERE key = 'schema_version'", v,
             sizeof v);
    assert_string_equal(v, "5");
    raw_text(path, "SELECT count(*) FROM pragma_table_info('invocations')"
             " WHERE name = 'note'", v, sizeof v);
    assert_string_equal(v, "1");

    /* This build now sees a newer file; a fresh file runs every step. */
    expect_open_fails(path, SP_STORE_READONLY, SP_EFORMAT, "newer spiral");
    path_in(state, "fresh2.db", path, sizeof path);
    must(open_with(path, &s2, &st, &e), &e);
    assert_int_equal(sp_store_found_version(st), 0);
    assert_int_equal(sp_store_schema_version(st), 5);
    sp_store_close(st);
}

/* The released migrations 1 -> 2 (the legal ledger), 2 -> 3 (the
 * answers of `spiral questions`) and 3 -> 4 (sweeps): a version-1 file
 * opened for writing gains their tables and keeps its runs; its
 * invocations have no ledger, which `spiral ledger` says in words. */
static void test_builtin_migration_to_ledger(void **state)
{
    char path[128];
    path_in(state, "v1.db", path, sizeof path);
    int64_t inv = make_v1_file(path);
    expect_open_fails(path, SP_STORE_READONLY, SP_EFORMAT,
                      "open it for writing");
    sp_store *st = open_or_fail(path, SP_STORE_CREATE);
    assert_int_equal(sp_store_found_version(st), 1);
    assert_int_equal(sp_store_schema_version(st), 4);
    check_run(st, inv, 500);
    assert_int_equal(count(st, inv), N_RUNS);
    sp_error e = {0};
    FILE *f = tmpfile();
    assert_int_equal(sp_ledger_write(st, inv, NULL, NULL, f, 0, &e),
                     SP_EINVAL);
    assert_non_null(strstr(e.message, "has no legal ledger"));
    fclose(f);
    sp_store_close(st);
    char v[16];
    raw_text(path, "SELECT count(*) FROM sqlite_master WHERE name IN "
             "('run_ledger', 'ledger_rows', 'actors', 'ledger_rules', "
             "'ledger_acts', 'answers', 'sweeps', 'sweep_params', "
             "'sweep_points')", v, sizeof v);
    assert_string_equal(v, "9");
}

/* ---- the legal ledger ----------------------------------------------------- */

static char *ledger_text(sp_store *st, int64_t inv, const char *rule,
                         const char *actor, int json, int want)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sp_error e = {0};
    assert_int_equal(sp_ledger_write(st, inv, rule, actor, f, json, &e),
                     want);
    fclose(f);
    if (want != SP_OK) {
        free(buf);
        return strdup(e.message);
    }
    return buf;
}

/* Runs with ledgers: run i has unscr_1718 (artillery) rows for PRK and
 * RUS when i is even, and distinction rows for RUS in every run. */
static int64_t fill_ledger(sp_store *st, bool series)
{
    sp_error e = {0};
    int64_t inv = new_invocation(st);
    static const char *const ids[] = {"PRK", "RUS", "UKR"};
    must(sp_store_add_ledger_names(st, inv, ids, 3, series, &e), &e);
    must(sp_store_begin_batch(st, &e), &e);
    for (int i = 0; i < 4; i++) {
        double out[N_OUT] = {0}, count[SP_N_LINES * 3] = {0},
               size[SP_N_LINES * 3] = {0};
        sp_run_key k = {inv, 0, 0, i};
        must(sp_store_put_run(st, &k, out, N_OUT, NULL, &e), &e);
        int64_t run = sp_store_last_run_id(st);
        if (i % 2 == 0) {
            count[SP_LINE_UNSC_ARTILLERY * 3 + 0] = 12;
            size[SP_LINE_UNSC_ARTILLERY * 3 + 0] = 3.6e6;
            count[SP_LINE_UNSC_ARTILLERY * 3 + 1] = 12;
            size[SP_LINE_UNSC_ARTILLERY * 3 + 1] = 3.6e6;
        }
        count[SP_LINE_DISTINCTION * 3 + 1] = 2;
        size[SP_LINE_DISTINCTION * 3 + 1] = 7;
        must(sp_store_put_ledger(st, run, count, size, 3, &e), &e);
        sp_ledger_row rows[2] = {
            {0, 1, 2, SP_RULE_DISTINCTION, SP_LACT_CIVILIAN_ATTACKS, 3},
            {5, 1, 2, SP_RULE_DISTINCTION, SP_LACT_CIVILIAN_ATTACKS, 4}};
        if (series)
            must(sp_store_put_ledger_rows(st, run, rows, 2,
                                          2025 * 12 + 0, &e), &e);
    }
    must(sp_store_commit_batch(st, &e), &e);
    return inv;
}

static void test_ledger_counts_and_rows(void **state)
{
    char path[128];
    path_in(state, "ledger.db", path, sizeof path);
    sp_store *st = open_or_fail(path, SP_STORE_CREATE);
    int64_t plain = fill_ledger(st, false), series = fill_ledger(st, true);

    char *t = ledger_text(st, plain, NULL, NULL, 0, SP_OK);
    /* PRK breached in 2 of 4 runs, 12 a run when it did: 6 per run */
    assert_non_null(strstr(t, "unscr_1718       transfer:artillery   PRK"
                              "       50.0%       6.00      1.8e+06 rounds"));
    assert_non_null(strstr(t, "distinction      attack_on_civilians  RUS"
                              "      100.0%       2.00            7 "
                              "attacks"));
    assert_non_null(strstr(t, "run with --series"));
    assert_null(strstr(t, "violations (--series)"));
    free(t);

    t = ledger_text(st, series, NULL, "RUS", 0, SP_OK);
    assert_null(strstr(t, " PRK "));
    assert_non_null(strstr(t, "violations (--series)"));
    assert_non_null(strstr(t, "2025-06  distinction      attack_on_civilians"
                              "  RUS    UKR    4"));
    free(t);

    t = ledger_text(st, series, "distinction", NULL, 1, SP_OK);
    assert_non_null(strstr(t, "\"series\": true"));
    assert_null(strstr(t, "\"rule\": \"unscr_1718\""));
    assert_non_null(strstr(t, "\"date\": \"2025-01\""));
    free(t);

    t = ledger_text(st, series, "distinctoin", NULL, 0, SP_ENOTFOUND);
    assert_non_null(strstr(t, "did you mean 'distinction'"));
    free(t);
    t = ledger_text(st, series, NULL, "XYZ", 0, SP_ENOTFOUND);
    assert_non_null(strstr(t, "it has: PRK, RUS, UKR"));
    free(t);
    t = ledger_text(st, 999, NULL, NULL, 0, SP_ENOTFOUND);
    assert_non_null(strstr(t, "no invocation 999"));
    free(t);
    sp_store_close(st);

    /* Deleting a run deletes its ledger. */
    char v[32];
    raw_sql(path, "PRAGMA foreign_keys = ON; DELETE FROM runs WHERE "
            "replication = 0");
    raw_text(path, "SELECT count(*) FROM run_ledger", v, sizeof v);
    assert_string_equal(v, "10"); /* 2 invocations x (1 + 2 + 1 + 2) left */
    raw_text(path, "SELECT count(*) FROM ledger_rows", v, sizeof v);
    assert_string_equal(v, "6");
}

/* ---- allocation failures ----------------------------------------------- */

typedef struct alloc_ctl {
    long calls, fail_at;
} alloc_ctl;

static void *failing_realloc(void *ud, void *ptr, size_t size)
{
    alloc_ctl *c = ud;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    if (++c->calls == c->fail_at)
        return NULL;
    return realloc(ptr, size);
}

/* One whole session; returns the first failure's code. */
static int session(const char *path)
{
    sp_store *st = NULL;
    sp_error e = {0};
    int64_t inv = 0;
    sp_invocation_info in = info_of();
    double out[N_OUT];
    outcomes_of(3, out);
    sp_run_key k = key_of(0, 3);
    int rc = sp_store_open(path, SP_STORE_CREATE, &st, &e);
    if (rc == SP_OK)
        rc = sp_store_begin_invocation(st, &in, &inv, &e);
    k.invocation = inv;
    if (rc == SP_OK)
        rc = sp_store_begin_batch(st, &e);
    if (rc == SP_OK)
        rc = sp_store_put_run(st, &k, out, N_OUT, NULL, &e);
    if (rc == SP_OK)
        rc = sp_store_commit_batch(st, &e);
    FILE *f = fopen("/dev/null", "w");
    if (rc == SP_OK)
        rc = sp_store_list(st, f, 1, &e);
    fclose(f);
    sp_store_close(st);
    return rc;
}

static void test_allocation_failures(void **state)
{
    char path[128];
    path_in(state, "alloc.db", path, sizeof path);
    alloc_ctl c = {0, 0};
    int rc = SP_ENOMEM;
    for (c.fail_at = 1; rc != SP_OK && c.fail_at < 1000; c.fail_at++) {
        c.calls = 0;
        sp_set_allocator(failing_realloc, &c);
        rc = session(path);
        sp_set_allocator(NULL, NULL);
        assert_true(rc == SP_OK || rc == SP_ENOMEM);
    }
    assert_int_equal(rc, SP_OK);
    assert_true(c.fail_at > 2); /* some allocations did fail */
    print_message("allocation failures: %ld sessions\n", c.fail_at - 1);
}

/* ---- the encoding itself ----------------------------------------------- */

static void test_encoding_is_little_endian(void **state)
{
    (void)state;
    double v[2] = {1.0, -0.0};
    unsigned char b[16];
    sp_store_encode_doubles(v, 2, b);
    const unsigned char want[16] = {0, 0, 0, 0, 0, 0, 0xf0, 0x3f,
                                    0, 0, 0, 0, 0, 0, 0, 0x80};
    assert_memory_equal(b, want, 16);
    double back[2];
    sp_store_decode_doubles(b, 2, back);
    assert_memory_equal(back, v, sizeof v);
}

/* ---- fixture ----------------------------------------------------------- */

static int make_dir(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/spiral-store-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *ent;
    char p[512];
    while (d && (ent = readdir(d))) {
        if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, ".."))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, ent->d_name);
        if (remove(p) != 0)
            remove_tree(p);
    }
    if (d)
        closedir(d);
    remove(dir);
}

static int remove_dir(void **state)
{
    fixture *f = *state;
    if (!getenv("SPIRAL_KEEP_TMP"))
        remove_tree(f->dir);
    free(f);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_get_run_sizes),
        cmocka_unit_test(test_list),
        cmocka_unit_test(test_refuse_text_file),
        cmocka_unit_test(test_refuse_other_application),
        cmocka_unit_test(test_refuse_newer_schema),
        cmocka_unit_test(test_missing_and_empty_files),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_corrupt_file),
        cmocka_unit_test(test_truncated_file),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_rollback),
        cmocka_unit_test(test_batch_misuse),
        cmocka_unit_test(test_invocations),
        cmocka_unit_test(test_migration),
        cmocka_unit_test(test_builtin_migration_to_ledger),
        cmocka_unit_test(test_ledger_counts_and_rows),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_encoding_is_little_endian),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
