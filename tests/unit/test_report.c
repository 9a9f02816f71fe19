/*
 * test_report.c - the HTML report (src/report/) and the store's read
 * side it uses (src/store/read.c).
 *
 * A real comparison: 300 runs of two packages of the reference scenario
 * stored, then reported; the page is one self-contained file (no URL
 * fetched), names every package, has one chart per "first month"
 * outcome, and quotes the same Wilson and Newcombe intervals as the
 * ensemble's JSON for the same cell. A hand-made invocation: text from
 * the store is escaped, a failed replication and a half-stored one are
 * left out (and said so), an old flat params_json is read, counts are
 * exact. Errors: a missing id, an empty file, an invocation that is not a
 * run, a write that fails, a failure at every allocation. The JSON reader
 * of params_json: escapes, surrogate pairs, skipped values, malformed
 * text.
 *
 * Databases live in a fresh mkdtemp directory under /tmp.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report.h"

static const char *ref = "scenarios/northeast-asia-2024.yaml";

typedef struct fixture {
    char dir[64], db[128];
} fixture;

static void must(int rc, const sp_error *e)
{
    if (rc != SP_OK)
        fail_msg("%s: %s", sp_status_name(rc), e->message);
}

static int make_dir(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/spiral-report-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->db, sizeof f->db, "%s/r.db", f->dir);
    *state = f;
    return 0;
}

static int remove_dir(void **state)
{
    fixture *f = *state;
    const char *suffix[] = {"", "-wal", "-shm"};
    char p[160];
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", f->db, suffix[i]);
        unlink(p);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* The report of invocation id as a string (NULL on failure, *rc set). */
static char *report(sp_store *st, int64_t id, int *rc, sp_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    *rc = sp_report_write(st, id, f, err);
    fclose(f);
    if (*rc != SP_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* ---- a real comparison ------------------------------------------------- */

/* Run packages 0 and 1 of the reference scenario, 300 runs, stored as a
 * "compare" invocation; returns the ensemble's JSON. */
static char *stored_compare(sp_store *st, int64_t *inv)
{
    sp_error err = {0};
    sp_scenario *s = NULL;
    must(sp_scenario_load(ref, NULL, 0, &s, &err), &err);
    char *params = NULL;
    must(sp_scenario_params_json(s, &params, &err), &err);
    sp_invocation_info info = {"compare", "spiral compare test",
                               sp_scenario_name(s), sp_scenario_text(s),
                               sp_scenario_sha256(s), params, 7};
    must(sp_store_begin_invocation(st, &info, inv, &err), &err);
    sp_free(params);
    size_t pk[] = {0, 1};
    sp_ensemble_opts o = {0};
    o.packages = pk, o.n_packages = 2, o.runs = 300, o.seed = 7;
    o.threads = 2, o.store = st, o.invocation = *inv;
    sp_ensemble *e = NULL;
    must(sp_ensemble_run(s, &o, &e, &err), &err);
    char *json = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&json, &len);
    must(sp_ensemble_write_json(e, f, 0.0, &err), &err);
    fclose(f);
    must(sp_store_end_invocation(st, *inv, "done", &err), &err);
    sp_ensemble_free(e);
    sp_scenario_free(s);
    char *copy = strdup(json); /* (gcc 12 takes json for a dangling local) */
    free(json);
    return copy;
}

/* The three numbers after `"p": ` (or "diff") in json from `from` on:
 * "0.1234", "0.1000", "0.1500" -> data-p="..." data-lo="..." data-hi="..." */
static void json_triple(const char *from, const char *key, char *out,
                        size_t n)
{
    char k[16];
    snprintf(k, sizeof k, "\"%s\": ", key);
    const char *p = strstr(from, k), *lo = strstr(from, "\"lo\": "),
               *hi = strstr(from, "\"hi\": ");
    assert_non_null(p);
    assert_non_null(lo);
    assert_non_null(hi);
    p += strlen(k), lo += 6, hi += 6;
    snprintf(out, n, "data-%s=\"%.*s\" data-lo=\"%.*s\" data-hi=\"%.*s\"",
             key, (int)strcspn(p, ",}"), p, (int)strcspn(lo, ",}"), lo,
             (int)strcspn(hi, ",}"), hi);
}

/* The comparison-table row of package `name` (up to </tr>), copied. */
static char *comparison_row(const char *html, const char *name)
{
    const char *table = strstr(html, "id=\"comparison\"");
    assert_non_null(table);
    char th[128];
    snprintf(th, sizeof th, "<th scope=\"row\">%s</th>", name);
    const char *row = strstr(table, th);
    assert_non_null(row);
    const char *end = strstr(row, "</tr>");
    assert_non_null(end);
    return strndup(row, (size_t)(end - row));
}

static void test_compare_report_matches_json(void **state)
{
    fixture *f = *state;
    sp_error err = {0};
    sp_store *st = NULL;
    must(sp_store_open(f->db, SP_STORE_CREATE, &st, &err), &err);
    int64_t inv = 0;
    char *json = stored_compare(st, &inv);
    int rc;
    char *html = report(st, 0, &rc, &err); /* 0: the newest */
    must(rc, &err);
    assert_int_equal(strncmp(html, "<!DOCTYPE html>", 15), 0);
    assert_non_null(strstr(html, "</html>\n"));
    assert_non_null(strstr(html, "status-quo"));
    assert_non_null(strstr(html, "reassurance"));
    /* P(major war within 10 years) of reassurance, as the JSON said */
    const char *pkg = strstr(json, "{\"name\": \"reassurance\"");
    assert_non_null(pkg);
    const char *cell = strstr(strstr(pkg, "\"major_war\": {"), "\"10\": {");
    assert_non_null(cell);
    char want[160];
    json_triple(cell, "p", want, sizeof want);
    char *row = comparison_row(html, "reassurance");
    assert_non_null(strstr(row, want));
    /* the paired difference too */
    const char *pair = strstr(json, "\"outcome\": \"major_war\", "
                                    "\"years\": 10, ");
    assert_non_null(pair);
    json_triple(pair, "diff", want, sizeof want);
    assert_non_null(strstr(row, want));
    free(row);
    /* one chart per "first month" outcome, one line per package in each */
    sp_store_invocation v;
    must(sp_store_read_invocation(st, inv, &v, &err), &err);
    size_t n_time = 0;
    while (n_time < v.n_outcomes &&
           strcmp(v.outcomes[n_time], "highest_level") != 0)
        n_time++;
    assert_true(n_time >= 4 && n_time < v.n_outcomes);
    assert_int_equal(v.n_packages, 2);
    for (size_t o = 0; o < n_time; o++) { /* drawn, or named as never */
        char attr[160];
        snprintf(attr, sizeof attr, "data-outcome=\"%s\"", v.outcomes[o]);
        assert_non_null(strstr(html, attr));
    }
    sp_store_invocation_free(&v);
    size_t never = count_of(html, "class=\"never\"");
    assert_int_equal(count_of(html, "<svg") + never, n_time);
    assert_int_equal(count_of(html, "<polyline"), 2 * (n_time - never));
    for (size_t i = 0; i < 4; i++) { /* always drawn */
        const char *global[] = {"major_war", "limited_war", "wider_war",
                                "nuclear_use"};
        char fig[160];
        snprintf(fig, sizeof fig, "<figure class=\"chart\" "
                 "data-outcome=\"%s\"", global[i]);
        assert_non_null(strstr(html, fig));
    }
    /* self-contained: nothing fetched */
    assert_null(strstr(html, "src=\"http"));
    assert_null(strstr(html, "href=\"http"));
    assert_null(strstr(html, "url("));
    assert_null(strstr(html, "@import"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<link"));
    /* what the answer is conditional on */
    assert_non_null(strstr(html, "conditional on guessed values"));
    assert_non_null(strstr(html, "actors.PRK.milex"));
    assert_non_null(strstr(html, "statement"));
    assert_non_null(strstr(html, "@media print"));
    assert_non_null(strstr(html, "Newcombe"));
    free(html);
    free(json);
    sp_store_close(st);
}

static void test_missing_id_is_not_found(void **state)
{
    fixture *f = *state;
    sp_error err = {0};
    sp_store *st = NULL;
    must(sp_store_open(f->db, SP_STORE_CREATE, &st, &err), &err);
    int rc;
    assert_null(report(st, 0, &rc, &err));
    assert_int_equal(rc, SP_ENOTFOUND); /* an empty file */
    assert_non_null(strstr(err.message, "no invocations"));
    sp_invocation_info info = {"compare", NULL, "x", NULL, NULL, NULL, 1};
    int64_t inv;
    for (int i = 0; i < 3; i++)
        must(sp_store_begin_invocation(st, &info, &inv, &err), &err);
    sp_error_clear(&err);
    assert_null(report(st, 99, &rc, &err));
    assert_int_equal(rc, SP_ENOTFOUND);
    assert_non_null(strstr(err.message, "no invocation 99 in "));
    assert_non_null(strstr(err.message, "(it has 1..3)"));
    sp_store_close(st);
}

/* ---- a hand-made invocation -------------------------------------------- */

#define NOUT 4

/* Two packages, outcomes clash, major_war, highest_level, incidents;
 * the horizon from params_json (here the flat form older spirals
 * stored).
 * Replications 0..9: package p reaches major war in month 3 * r + p when
 * r is even, never when odd; replication 3 of package 1 failed;
 * replication 7 has no run of package 1. */
static int64_t handmade(sp_store *st, const char *const *packages,
                        const char *params)
{
    sp_error err = {0};
    sp_invocation_info info = {"compare", "spiral compare <x> & 'y'",
                               "scen<a>&\"b\"", NULL, "sha", params, 5};
    int64_t inv = 0;
    must(sp_store_begin_invocation(st, &info, &inv, &err), &err);
    const char *names[NOUT] = {"clash", "major_war", "highest_level",
                               "incidents"};
    must(sp_store_add_outcome_names(st, inv, names, NOUT, &err), &err);
    must(sp_store_add_package_names(st, inv, packages, 2, &err), &err);
    must(sp_store_begin_batch(st, &err), &err);
    for (int r = 0; r < 10; r++)
        for (int p = 0; p < 2; p++) {
            if (r == 7 && p == 1)
                continue;
            double out[NOUT] = {0, r % 2 ? -1 : 3 * r + p, 5, 2.5};
            sp_run_key key = {inv, p, 0, r};
            bool failed = r == 3 && p == 1;
            must(sp_store_put_run(st, &key, out, failed ? 0 : NOUT,
                                  failed ? "NaN in arms at step 4" : NULL,
                                  &err), &err);
        }
    must(sp_store_commit_batch(st, &err), &err);
    return inv;
}

static void test_handmade_counts_and_escaping(void **state)
{
    fixture *f = *state;
    sp_error err = {0};
    sp_store *st = NULL;
    must(sp_store_open(f->db, SP_STORE_CREATE, &st, &err), &err);
    const char *pk[] = {"base<1>", "alt&\"2\""};
    int64_t inv = handmade(st, pk, "{\"time.horizon_years\": 5, "
                                   "\"time.forecast_start\": 24300}");
    int rc;
    char *html = report(st, inv, &rc, &err);
    must(rc, &err);
    /* escaped everywhere, never raw */
    assert_null(strstr(html, "base<1>"));
    assert_null(strstr(html, "scen<a>"));
    assert_null(strstr(html, "<x>"));
    assert_non_null(strstr(html, "base&lt;1&gt;"));
    assert_non_null(strstr(html, "alt&amp;&quot;2&quot;"));
    assert_non_null(strstr(html, "compare &lt;x&gt; &amp; &#39;y&#39;"));
    /* 8 complete replications (3 failed, 7 incomplete): even ones 0, 2,
     * 4, 6, 8 reach major war in month 3r + p: within 1 year (month < 12)
     * r = 0, 2 -> 2 of 8; within 5 years all 5 of 8 */
    assert_non_null(strstr(html, "8 runs"));
    char *row = comparison_row(html, "base&lt;1&gt;");
    assert_non_null(strstr(row, "data-p=\"0.2500\""));
    assert_non_null(strstr(row, "data-p=\"0.6250\""));
    free(row);
    assert_non_null(strstr(html, "1 replication had a failed run"));
    assert_non_null(strstr(html, "NaN in arms at step 4"));
    assert_non_null(strstr(html, "1 replication lacks some package"));
    /* no "uncertain" key: said, not guessed */
    assert_non_null(strstr(html, "written by an older spiral"));
    assert_non_null(strstr(html, "2025-01"));
    assert_int_equal(count_of(html, "<svg"), 2);
    free(html);
    sp_store_close(st);
}

static void test_not_a_run_is_invalid(void **state)
{
    fixture *f = *state;
    sp_error err = {0};
    sp_store *st = NULL;
    must(sp_store_open(f->db, SP_STORE_CREATE, &st, &err), &err);
    sp_invocation_info info = {"sweep", NULL, "x", NULL, NULL, "{}", 1};
    int64_t inv;
    must(sp_store_begin_invocation(st, &info, &inv, &err), &err);
    int rc;
    assert_null(report(st, inv, &rc, &err));
    assert_int_equal(rc, SP_EINVAL);
    assert_non_null(strstr(err.message, "`run` and `compare`"));
    /* packages but no horizon in the parameters */
    const char *pk[] = {"a", "b"};
    inv = handmade(st, pk, "{}");
    sp_error_clear(&err);
    assert_null(report(st, inv, &rc, &err));
    assert_int_equal(rc, SP_EFORMAT);
    assert_non_null(strstr(err.message, "horizon"));
    /* parameters that are not JSON */
    inv = handmade(st, pk, "{\"time.horizon_years\": 2,");
    sp_error_clear(&err);
    assert_null(report(st, inv, &rc, &err));
    assert_int_equal(rc, SP_EFORMAT);
    assert_non_null(strstr(err.message, "not valid JSON"));
    sp_store_close(st);
}

static void test_write_failure_is_io(void **state)
{
    fixture *f = *state;
    sp_error err = {0};
    sp_store *st = NULL;
    must(sp_store_open(f->db, SP_STORE_CREATE, &st, &err), &err);
    const char *pk[] = {"a", "b"};
    handmade(st, pk, "{\"time.horizon_years\": 2}");
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    assert_int_equal(sp_report_write(st, 0, full, &err), SP_EIO);
    fclose(full);
    sp_store_close(st);
}

/* ---- allocation failures ----------------------------------------------- */

typedef struct failing {
    long calls, fail_at;
} failing;

static void *failing_realloc(void *ud, void *ptr, size_t size)
{
    failing *f = ud;
    if (!size) {
        free(ptr);
        return NULL;
    }
    if (++f->calls == f->fail_at)
        return NULL;
    return realloc(ptr, size);
}

static void test_every_allocation_failure(void **state)
{
    fixture *f = *state;
    sp_error err = {0};
    sp_store *st = NULL;
    must(sp_store_open(f->db, SP_STORE_CREATE, &st, &err), &err);
    const char *pk[] = {"a", "b"};
    handmade(st, pk, "{\"time.horizon_years\": 2, \"uncertain\": "
                     "{\"x.y.z\": \"uniform(min=1, max=2)\"}, "
                     "\"warnings\": [\"lever kind 'aid' (1 use): no "
                     "mechanism reads it yet, so it has no effect\"]}");
    for (long n = 1;; n++) {
        failing fl = {0, n};
        sp_set_allocator(failing_realloc, &fl);
        char *buf = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&buf, &len);
        sp_error_clear(&err);
        int rc = sp_report_write(st, 0, out, &err);
        sp_set_allocator(NULL, NULL);
        fclose(out);
        free(buf);
        if (fl.calls < n) { /* no failure was injected: done */
            assert_int_equal(rc, SP_OK);
            break;
        }
        if (rc != SP_ENOMEM)
            fail_msg("allocation %ld: %s (%s)", n, sp_status_name(rc),
                     err.message);
    }
    sp_store_close(st);
}

/* ---- the params_json reader -------------------------------------------- */

static void test_params_reader(void **state)
{
    (void)state;
    sp_report_params p;
    sp_error err = {0};
    const char *json =
        "{\"a\": {\"x\": [1, {\"y\": null}], \"z\": true}, "
        "\"time.horizon_years\": 12, \"run.horizon_years\": 3, "
        "\"time.forecast_start\": 2.43e4, \"run.sample_params\": true, "
        "\"uncertain\": {\"p.\\u00e9\\ud83d\\ude00\": \"u(\\\"q\\\")\", "
        "\"n\": 2.5}, \"warnings\": [\"w1\\n\", 3, \"w2\"]}";
    must(sp_report_params_parse(json, &p, &err), &err);
    assert_int_equal(p.scenario_horizon, 12);
    assert_int_equal(p.forecast_start, 24300);
    assert_int_equal(p.sample_params, 1);
    assert_true(p.has_uncertain && p.has_warnings);
    assert_int_equal(p.unc_path.n, 2);
    assert_string_equal(p.unc_path.s[0], "p.\xc3\xa9\xf0\x9f\x98\x80");
    assert_string_equal(p.unc_dist.s[0], "u(\"q\")");
    assert_string_equal(p.unc_dist.s[1], "2.5");
    assert_int_equal(p.warnings.n, 2);
    assert_string_equal(p.warnings.s[0], "w1\n");
    sp_report_params_free(&p);
    /* flat form: nothing but numbers */
    must(sp_report_params_parse("{\"time.horizon_years\": 10}", &p, &err),
         &err);
    assert_int_equal(p.scenario_horizon, 10);
    assert_false(p.has_uncertain);
    assert_int_equal(p.sample_params, -1);
    sp_report_params_free(&p);
    const char *bad[] = {"", "{", "{\"a\" 1}", "{\"a\": 1,}", "[1]",
                         "{\"a\": \"\\ud800\"}", "{\"a\": 01x}",
                         "{\"a\": \"\t\"}", "{\"a\": 1} x",
                         "{\"uncertain\": {\"a\": [1]}}"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        sp_error_clear(&err);
        if (sp_report_params_parse(bad[i], &p, &err) != SP_EFORMAT)
            fail_msg("accepted: %s", bad[i]);
        assert_int_equal(p.unc_path.n, 0);
    }
    /* nesting is bounded */
    char deep[400];
    memset(deep, '[', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    memcpy(deep, "{\"a\": ", 6);
    assert_int_equal(sp_report_params_parse(deep, &p, &err), SP_EFORMAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_compare_report_matches_json,
                                        make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_missing_id_is_not_found,
                                        make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_handmade_counts_and_escaping,
                                        make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_not_a_run_is_invalid, make_dir,
                                        remove_dir),
        cmocka_unit_test_setup_teardown(test_write_failure_is_io, make_dir,
                                        remove_dir),
        cmocka_unit_test_setup_teardown(test_every_allocation_failure,
                                        make_dir, remove_dir),
        cmocka_unit_test(test_params_reader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
