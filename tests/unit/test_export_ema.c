/*
 * test_export_ema.c - the EMA Workbench archive writer
 * (src/store/export_ema.c).
 *
 * A small export is written, listed and extracted with the system's tar
 * (`tar -tzf`, `tar -xzf`) and every file compared byte for byte with
 * what EMA Workbench 2.5's save_results writes for the same data. The
 * expected texts were produced independently in Python from the same
 * primitives pandas uses (repr of each float, csv.writer with
 * QUOTE_MINIMAL and "\n", json.dumps of the metadata dict); pandas itself
 * is not installed here. Also: the uncompressed tar is a whole number of
 * 10240-byte records, nothing is left beside the archive, a writer freed
 * unfinished leaves no file, and bad names and values are refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/export_ema.h"

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/spiral-ema-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The whole file at path, NUL-terminated; the caller frees. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot read %s", path);
    char *s = calloc(1, 1 << 16);
    size_t n = fread(s, 1, (1 << 16) - 1, f);
    s[n] = '\0';
    fclose(f);
    return s;
}

static void expect_file(const char *name, const char *want)
{
    char path[256];
    snprintf(path, sizeof path, "%s/x/%s", dir, name);
    char *got = slurp(path);
    if (strcmp(got, want) != 0)
        fail_msg("%s differs:\n--- got ---\n%s--- want ---\n%s", name, got,
                 want);
    free(got);
}

static void run(const char *fmt, const char *arg)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, fmt, arg, arg, arg);
    if (system(cmd) != 0)
        fail_msg("failed: %s", cmd);
}

/* Entries of dir other than "." and "..", and the first one. */
static int dir_entries(char *first, size_t n)
{
    DIR *d = opendir(dir);
    int count = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (count++ == 0)
            snprintf(first, n, "%s", e->d_name);
    }
    closedir(d);
    return count;
}

static const char *const UNC[3] = {"growth \xce\x94", "trust,decay",
                                   "n_actors"};
static const sp_ema_dtype DT[3] = {SP_EMA_FLOAT64, SP_EMA_FLOAT64,
                                   SP_EMA_INT64};
static const char *const OUT[2] = {"major_war_10y", "nuclear_use"};

static const char WANT_EXPERIMENTS[] =
    "growth \xce\x94,\"trust,decay\",n_actors,scenario,policy,model\n"
    "0.1,2.385,3,0,baseline,spiral\n"
    "1e-05,,12,1,\"dialogue \"\"plus\"\"\",spiral\n"
    "1e+16,-0.0,-7,2,baseline,spiral\n";
static const char WANT_WAR[] = "0.05\n\"\"\ninf\n";
static const char WANT_NUC[] = "0.0\n1.0\n123456789.125\n";
static const char WANT_META[] =
    "{\"version\": 0.1, \"outcomes\": [[\"ScalarOutcome\", "
    "\"major_war_10y\", \"major_war_10y.cls\"], [\"ScalarOutcome\", "
    "\"nuclear_use\", \"nuclear_use.cls\"]], \"experiments\": "
    "{\"growth \\u0394\": \"float64\", \"trust,decay\": \"float64\", "
    "\"n_actors\": \"int64\", \"scenario\": \"category\", \"policy\": "
    "\"category\", \"model\": \"category\"}}";

static void test_archive_contents(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/out.tar.gz", dir);
    sp_ema_export *x = NULL;
    sp_error err = {0};
    assert_int_equal(sp_ema_export_open(path, UNC, DT, 3, OUT, 2, &x, &err),
                     SP_OK);
    const double u[3][3] = {{0.1, 2.385, 3}, {1e-05, NAN, 12},
                            {1e16, -0.0, -7}};
    const double o[3][2] = {{0.05, 0.0}, {NAN, 1.0},
                            {INFINITY, 123456789.125}};
    const char *pol[3] = {"baseline", "dialogue \"plus\"", "baseline"};
    const char *scen[3] = {"0", "1", "2"};
    for (int i = 0; i < 3; i++)
        assert_int_equal(sp_ema_export_add_row(x, u[i], scen[i], pol[i],
                                               "spiral", o[i], &err), SP_OK);
    char first[256];
    assert_int_equal(dir_entries(first, sizeof first), 0); /* unlinked */
    assert_int_equal(sp_ema_export_finish(x, &err), SP_OK);
    sp_ema_export_free(x);
    assert_int_equal(dir_entries(first, sizeof first), 1);
    assert_string_equal(first, "out.tar.gz");

    run("cd '%s' && tar -tzf out.tar.gz > list.txt && mkdir x && "
        "tar -xzf out.tar.gz -C x && gzip -dc out.tar.gz | wc -c > size.txt",
        dir);
    char lp[160];
    snprintf(lp, sizeof lp, "%s/list.txt", dir);
    char *list = slurp(lp);
    assert_string_equal(list, "experiments.csv\nmajor_war_10y.cls\n"
                              "nuclear_use.cls\nmetadata.json\n");
    free(list);
    snprintf(lp, sizeof lp, "%s/size.txt", dir);
    char *size = slurp(lp);
    assert_int_equal(atol(size) % 10240, 0);
    free(size);
    expect_file("experiments.csv", WANT_EXPERIMENTS);
    expect_file("major_war_10y.cls", WANT_WAR);
    expect_file("nuclear_use.cls", WANT_NUC);
    expect_file("metadata.json", WANT_META);
    run("rm -rf '%s'/x '%s'/*.txt '%s'/out.tar.gz", dir);
}

/* Freed before finish: no archive, no PATH.tmp, nothing left. */
static void test_abandoned(void **state)
{
    (void)state;
    char path[128], first[256];
    snprintf(path, sizeof path, "%s/gone.tar.gz", dir);
    sp_ema_export *x = NULL;
    sp_error err = {0};
    assert_int_equal(sp_ema_export_open(path, UNC, NULL, 3, OUT, 2, &x, &err),
                     SP_OK);
    const double u[3] = {1.5, 2.5, 3.5}, o[2] = {0.25, 0.75};
    assert_int_equal(sp_ema_export_add_row(x, u, "0", "p", "m", o, &err),
                     SP_OK);
    sp_ema_export_free(x);
    assert_int_equal(dir_entries(first, sizeof first), 0);
}

static void expect_open_fails(const char *const *unc, size_t nu,
                              const char *const *out, size_t no, int code,
                              const char *msg)
{
    char path[128];
    snprintf(path, sizeof path, "%s/bad.tar.gz", dir);
    sp_ema_export *x = (sp_ema_export *)&x;
    sp_error err = {0};
    assert_int_equal(sp_ema_export_open(path, unc, NULL, nu, out, no, &x,
                                        &err), code);
    assert_null(x);
    if (!strstr(err.message, msg))
        fail_msg("message '%s' lacks '%s'", err.message, msg);
}

static void test_refused(void **state)
{
    (void)state;
    const char *const dup[2] = {"a", "a"}, *const fixed[1] = {"policy"};
    const char *const slash[1] = {"a/b"}, *const empty[1] = {""};
    const char *const utf[1] = {"\xce\x94"}, *const bad8[1] = {"\xc0\xaf"};
    char longname[120];
    memset(longname, 'w', 97);
    longname[97] = '\0';
    const char *const longv[1] = {longname};
    expect_open_fails(dup, 2, OUT, 2, SP_EINVAL, "named twice");
    expect_open_fails(UNC, 3, dup, 2, SP_EINVAL, "named twice");
    expect_open_fails(fixed, 1, OUT, 2, SP_EINVAL, "EMA's own column");
    expect_open_fails(UNC, 3, slash, 1, SP_EINVAL, "without '/'");
    expect_open_fails(UNC, 3, utf, 1, SP_EINVAL, "printable ASCII");
    expect_open_fails(empty, 1, OUT, 2, SP_EINVAL, "empty");
    expect_open_fails(bad8, 1, OUT, 2, SP_EINVAL, "not UTF-8");
    expect_open_fails(UNC, 3, longv, 1, SP_EINVAL, "96 bytes");
    char path[128];
    snprintf(path, sizeof path, "%s/no/such/dir/x.tar.gz", dir);
    sp_ema_export *x = NULL;
    sp_error err = {0};
    assert_int_equal(sp_ema_export_open(path, UNC, NULL, 3, OUT, 2, &x, &err),
                     SP_EIO);

    /* A non-whole int64 value is refused and the writer stays usable;
     * after finish, rows are refused. */
    snprintf(path, sizeof path, "%s/int.tar.gz", dir);
    sp_error_clear(&err);
    assert_int_equal(sp_ema_export_open(path, UNC, DT, 3, OUT, 2, &x, &err),
                     SP_OK);
    const double bad[3] = {1.0, 2.0, 2.5}, good[3] = {1.0, 2.0, 2.0};
    const double o[2] = {0.125, 0.5};
    assert_int_equal(sp_ema_export_add_row(x, bad, "0", "p", "m", o, &err),
                     SP_EINVAL);
    sp_error_clear(&err);
    assert_int_equal(sp_ema_export_add_row(x, good, "0", "p", "m", o, &err),
                     SP_OK);
    assert_int_equal(sp_ema_export_finish(x, &err), SP_OK);
    assert_int_equal(sp_ema_export_add_row(x, good, "0", "p", "m", o, &err),
                     SP_EINVAL);
    sp_ema_export_free(x);
    sp_ema_export_free(NULL);
    remove(path);
}

/* Python's repr for the cases that decide the format (values from
 * CPython 3 repr()). */
static void test_py_repr(void **state)
{
    (void)state;
    const struct { double v; const char *want; } cases[] = {
        {0.0, "0.0"}, {-0.0, "-0.0"}, {1.0, "1.0"}, {0.1, "0.1"},
        {1e-4, "0.0001"}, {1e-5, "1e-05"}, {1.5e-7, "1.5e-07"},
        {1e15, "1000000000000000.0"}, {1e16, "1e+16"},
        {9999999999999998.0, "9999999999999998.0"}, {1.0 / 3.0,
        "0.3333333333333333"}, {5e-324, "5e-324"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {2.385, "2.385"}, {-123456.75, "-123456.75"}, {NAN, "nan"},
        {INFINITY, "inf"}, {-INFINITY, "-inf"},
    };
    char buf[40];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(sp_fmt_py_repr(buf, sizeof buf, cases[i].v),
                            cases[i].want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_py_repr),
        cmocka_unit_test_setup_teardown(test_archive_contents, make_dir,
                                        remove_dir),
        cmocka_unit_test_setup_teardown(test_abandoned, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_refused, make_dir, remove_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
