/*
 * test_scenario.c - the scenario loader: values, groups, dyads, treaties,
 * events, packages, mix, extends, --set, errors with locations, the
 * reference scenario, the documentation check, and every allocation
 * failing in turn with nothing leaked.
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

#include "decode.h"

static const char *toy =
    "spiral: 1\n"
    "name: toy\n"
    "time: {start: 2023-01, forecast_start: 2025-01, horizon_years: 5}\n"
    "actors:\n"
    "  PRK: {cow: 731, name: North Korea, milex: {dist: uniform, min: 1.5e6, "
    "max: 4.5e6, source: gap}}\n"
    "  KOR: {cow: 732, milex: {value: 46000000.5, source: nmc 2022}, "
    "opinion: {dist: beta, alpha: 2.385, beta: 3.1}}\n"
    "  USA: {cow: 2, nuclear: true, veto: true}\n"
    "  JPN: {cow: 740, opinion: {dist: triangular, min: 0.2, mode: 0.3, max: "
    "0.45, nominal: 0.31}}\n"
    "groups:\n"
    "  ALLIES: [USA, JPN]\n"
    "  WEST: [ALLIES, KOR]\n"
    "dyads:\n"
    "  WEST-PRK: {alignment: -0.6}\n"
    "  USA-PRK: {alignment: -0.9}\n"
    "  USA-KOR: {treaty: {type: defence_pact, reliability: 0.8}}\n"
    "  USA-JPN: {treaty: {type: defence_pact, direction: forward}, dialogue: "
    "0.9}\n"
    "parameters: {global: {sanctions_integrity: {dist: normal, mean: 0.55, "
    "sd: 0.05}}}\n"
    "events:\n"
    "  - {id: late, date: 2024-12, kind: treaty, type: defence_pact, actors: "
    "[PRK, USA]}\n"
    "  - {id: early, date: 2023-08-18, kind: alliance_deepening, actor: "
    "ALLIES, value: 0.25}\n"
    "packages:\n"
    "  a:\n"
    "    levers:\n"
    "      - {id: ex, kind: exercises, actor: WEST, near: PRK, value: 4}\n"
    "      - {id: cs, kind: counterstrike, actor: JPN, value: 1}\n"
    "  b:\n"
    "    levers:\n"
    "      - {id: ex, kind: exercises, actor: WEST, near: PRK, value: 2, "
    "start: 2026-03}\n"
    "      - {id: talk, kind: dialogue, actor: USA, target: PRK, value: 0.3}\n"
    "  m: {mix: {a: 0.25, b: 0.75}}\n";

static sp_scenario *load_ok(const char *text, const char *const *sets,
                            size_t n_sets)
{
    sp_error err = {0};
    sp_scenario *s = NULL;
    int rc = sp_scenario_load_text("toy.yaml", text, strlen(text), sets,
                                   n_sets, &s, &err);
    if (rc)
        fail_msg("load failed: %s:%d:%d: %s", err.file, err.line, err.col,
                 err.message);
    return s;
}

static const sp_value *entry(const sp_scenario *s, const char *path)
{
    for (size_t i = 0; i < s->n_entries; i++)
        if (!strcmp(s->entries[i].path, path))
            return s->entries[i].val;
    fail_msg("no entry %s", path);
    return NULL;
}

static void test_values_and_sources(void **state)
{
    (void)state;
    sp_scenario *s = load_ok(toy, NULL, 0);
    assert_int_equal(s->n_actors, 4);
    assert_string_equal(s->actors[0].name, "North Korea");
    assert_true(fabs(entry(s, "actors.PRK.milex")->v - 3.0e6) < 1e-6);
    assert_string_equal(entry(s, "actors.PRK.milex")->source, "gap");
    assert_true(entry(s, "actors.KOR.milex")->v == 46000000.5);
    assert_string_equal(entry(s, "actors.KOR.milex")->source, "nmc 2022");
    assert_true(entry(s, "actors.JPN.opinion")->v == 0.31); /* nominal */
    /* beta(2.385, 3.1) median, by bisection of GSL's CDF elsewhere */
    assert_true(entry(s, "actors.KOR.opinion")->dist != NULL);
    assert_true(entry(s, "actors.USA.nuclear")->v == 1);
    assert_true(entry(s, "actors.PRK.nuclear")->v == 0); /* default */
    assert_null(entry(s, "actors.PRK.nuclear")->file);
    assert_int_equal(entry(s, "actors.KOR.milex")->line, 6);
    assert_int_equal(sp_scenario_n_uncertain(s), 4);
    assert_string_equal(sp_scenario_uncertain_path(s, 0), "actors.PRK.milex");
    assert_int_equal(s->start, 2023 * 12);
    assert_int_equal(s->forecast_start, 2025 * 12);
    assert_int_equal(s->horizon_years, 5);
    sp_scenario_free(s);
}

static void test_groups_and_dyads(void **state)
{
    (void)state;
    sp_scenario *s = load_ok(toy, NULL, 0);
    size_t n = s->n_actors;
    long prk = sp_actor_index(s, "PRK"), kor = sp_actor_index(s, "KOR"),
         usa = sp_actor_index(s, "USA"), jpn = sp_actor_index(s, "JPN");
    assert_int_equal(s->groups[1].members.n, 3); /* WEST = ALLIES + KOR */
    const sp_value *al = s->dyad[SP_D_ALIGNMENT];
    assert_true(al[prk * n + kor].v == -0.6);  /* from the group key */
    assert_true(al[kor * n + prk].v == -0.6);  /* symmetric */
    assert_true(al[usa * n + prk].v == -0.9);  /* actor key wins */
    assert_true(al[prk * n + usa].v == -0.9);
    assert_true(al[kor * n + jpn].v == 0);     /* default */
    /* treaties: mutual both ways, forward one way */
    assert_int_equal(s->treaty_type[usa * n + kor], SP_TREATY_DEFENCE_PACT);
    assert_int_equal(s->treaty_type[kor * n + usa], SP_TREATY_DEFENCE_PACT);
    assert_true(s->treaty_rel[kor * n + usa].v == 0.8);
    assert_int_equal(s->treaty_type[usa * n + jpn], SP_TREATY_DEFENCE_PACT);
    assert_int_equal(s->treaty_type[jpn * n + usa], SP_TREATY_NONE);
    assert_true(s->treaty_rel[usa * n + jpn].v == 0.745); /* Leeds et al. */
    sp_scenario_free(s);
}

static void test_events_sorted_and_mix(void **state)
{
    (void)state;
    sp_scenario *s = load_ok(toy, NULL, 0);
    assert_string_equal(s->events[0].id, "early");
    assert_int_equal(s->events[0].start, 2023 * 12 + 7);
    assert_string_equal(s->events[1].id, "late");
    const sp_package *m = &s->packages[2];
    assert_string_equal(m->name, "m");
    /* a: ex (0.25), cs dropped (b is heavier); b: ex (0.75), talk (0.75) */
    assert_int_equal(m->n_levers, 3);
    double ex = 0;
    for (size_t i = 0; i < m->n_levers; i++) {
        const sp_action *l = &m->levers[i];
        assert_true(strcmp(l->id, "cs") != 0);
        if (!strcmp(l->id, "ex"))
            ex += l->weight * l->value.v;
    }
    assert_true(fabs(ex - (0.25 * 4 + 0.75 * 2)) < 1e-12);
    assert_int_equal(s->packages[1].levers[0].start, 2026 * 12 + 2);
    assert_int_equal(s->packages[0].levers[0].start, 2025 * 12);
    sp_scenario_free(s);
}

static void test_set_overrides(void **state)
{
    (void)state;
    const char *sets[] = {
        "actors.PRK.milex=2.385e6", "time.horizon_years=7",
        "packages.b.levers.talk.value=0.55",
        "actors.USA.opinion={dist: uniform, min: 0.4, max: 0.6}"};
    sp_scenario *s = load_ok(toy, sets, 4);
    assert_true(entry(s, "actors.PRK.milex")->v == 2.385e6);
    assert_null(entry(s, "actors.PRK.milex")->dist);
    assert_int_equal(s->horizon_years, 7);
    assert_true(entry(s, "packages.b.levers.talk.value")->v == 0.55);
    assert_true(fabs(entry(s, "actors.USA.opinion")->v - 0.5) < 1e-12);
    assert_string_equal(entry(s, "actors.USA.opinion")->file->name, "--set");
    sp_scenario *plain = load_ok(toy, NULL, 0);
    assert_string_not_equal(sp_scenario_sha256(s), sp_scenario_sha256(plain));
    sp_scenario_free(plain);
    sp_scenario_free(s);
}

static void expect_error(const char *text, const char *const *sets,
                         size_t n_sets, int code, int line, int col,
                         const char *msg)
{
    sp_error err = {0};
    sp_scenario *s = (sp_scenario *)1;
    int rc = sp_scenario_load_text("bad.yaml", text, strlen(text), sets,
                                   n_sets, &s, &err);
    assert_int_equal(rc, code);
    assert_null(s);
    if (!strstr(err.message, msg))
        fail_msg("message '%s' lacks '%s'", err.message, msg);
    assert_int_equal(err.line, line);
    assert_int_equal(err.col, col);
}

static void test_errors_located(void **state)
{
    (void)state;
    const char *set_bad[] = {"actors.PRK.milx=3"};
    expect_error(toy, set_bad, 1, SP_EINVAL, 1, 12,
                 "unknown actor attribute 'milx' (did you mean 'milex'?)");
    const char *set_path[] = {"actors.PRKK.milex=1"};
    expect_error(toy, set_path, 1, SP_EINVAL, 1, 8,
                 "no 'PRKK' in 'actors' (did you mean 'PRK'?)");
    const char *set_range[] = {"actors.JPN.opinion=1.5"};
    expect_error(toy, set_range, 1, SP_EINVAL, 1, 20, "outside the valid "
                 "range [0, 1]");
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", toy);
    char *p = strstr(buf, "opinion: {dist: beta");
    memcpy(p, "opinoin", 7);
    expect_error(buf, NULL, 0, SP_EINVAL, 6, 65,
                 "unknown actor attribute 'opinoin' (did you mean "
                 "'opinion'?)");
    expect_error("spiral: 1\nname: x\nactors: [\n", NULL, 0, SP_EINVAL, 3, 9,
                 "YAML syntax error: this '[' is never closed");
    expect_error("a: &x [1]\nb: *y\n", NULL, 0, SP_EINVAL, 2, 4,
                 "unknown alias '*y'");
}

static void test_alias_bomb_bounded(void **state)
{
    (void)state;
    char text[8192] = "spiral: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 12; i++) {
        char line[256];
        snprintf(line, sizeof line, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, "
                 "*a%d]\n", i, i, i - 1, i - 1, i - 1, i - 1, i - 1);
        strcat(text, line);
    }
    sp_error err = {0};
    sp_scenario *s = NULL;
    int rc = sp_scenario_load_text("bomb.yaml", text, strlen(text), NULL, 0,
                                   &s, &err);
    assert_int_equal(rc, SP_ELIMIT);
    assert_non_null(strstr(err.message, "aliases"));
    assert_true(err.line > 0);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_extends(void **state)
{
    (void)state;
    char dir[] = "/tmp/spiral-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char base[256], child[256], loop_a[256], loop_b[256];
    snprintf(base, sizeof base, "%s/base.yaml", dir);
    snprintf(child, sizeof child, "%s/child.yaml", dir);
    write_file(base, toy);
    write_file(child, "spiral: 1\nname: child\nextends: base.yaml\n"
               "packages:\n  b:\n    levers:\n      - {id: talk, value: 0.7}\n"
               "events:\n  - {id: new, date: 2024-03, kind: veto, actor: USA,"
               " subject: x}\n");
    sp_error err = {0};
    sp_scenario *s = NULL;
    int rc = sp_scenario_load(child, NULL, 0, &s, &err);
    if (rc)
        fail_msg("%s:%d:%d %s", err.file, err.line, err.col, err.message);
    assert_string_equal(sp_scenario_name(s), "child");
    assert_true(entry(s, "packages.b.levers.talk.value")->v == 0.7);
    assert_string_equal(s->packages[1].levers[1].id, "talk");
    assert_int_equal(s->packages[1].levers[1].kind, 5); /* dialogue kept */
    assert_int_equal(s->n_events, 3);
    assert_non_null(strstr(entry(s, "packages.b.levers.talk.value")->file->name,
                           "child.yaml"));
    sp_scenario_free(s);
    snprintf(loop_a, sizeof loop_a, "%s/a.yaml", dir);
    snprintf(loop_b, sizeof loop_b, "%s/b.yaml", dir);
    write_file(loop_a, "spiral: 1\nextends: b.yaml\n");
    write_file(loop_b, "spiral: 1\nextends: a.yaml\n");
    sp_error_clear(&err);
    assert_int_equal(sp_scenario_load(loop_a, NULL, 0, &s, &err), SP_EINVAL);
    assert_non_null(strstr(err.message, "cycle"));
    unlink(base), unlink(child), unlink(loop_a), unlink(loop_b), rmdir(dir);
}

/* The reference scenario loads and has what seed-facts.md names. */
static void test_reference_scenario(void **state)
{
    (void)state;
    sp_error err = {0};
    sp_scenario *s = NULL;
    int rc = sp_scenario_load("scenarios/northeast-asia-2024.yaml", NULL, 0,
                              &s, &err);
    if (rc)
        fail_msg("%s:%d:%d %s", err.file, err.line, err.col, err.message);
    assert_int_equal(sp_scenario_n_actors(s), 18);
    static const char *const ids[] = {"PRK", "RUS", "CHN", "USA", "JPN",
                                      "KOR", "AUS", "IND", "GBR", "UKR",
                                      "CAN", "FRA", "DEU", "ITA", "NZL",
                                      "PHL", "VNM", "TWN"};
    for (size_t i = 0; i < 18; i++)
        assert_true(sp_actor_index(s, ids[i]) >= 0);
    static const char *const pk[] = {"status-quo", "reassurance",
                                     "deterrence", "mix"};
    assert_int_equal(sp_scenario_n_packages(s), 4);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(sp_scenario_package_name(s, i), pk[i]);
    assert_int_equal(s->forecast_start, 2025 * 12);
    bool treaty = false;
    for (size_t i = 0; i < s->n_events; i++)
        treaty |= !strcmp(s->events[i].id, "rus-prk-treaty") &&
                  s->events[i].start == 2024 * 12 + 11;
    assert_true(treaty);
    /* DPRK military spending is a data gap: uncertain, not a point */
    assert_non_null(entry(s, "actors.PRK.milex")->dist);
    sp_scenario_free(s);
}

/* docs/SCENARIO.md's reference part equals what the tables generate. */
static void test_docs_current(void **state)
{
    (void)state;
    char *gen = NULL;
    size_t gen_len = 0;
    FILE *mem = open_memstream(&gen, &gen_len);
    sp_error err = {0};
    assert_int_equal(sp_params_markdown(mem, &err), SP_OK);
    fclose(mem);
    FILE *f = fopen("docs/SCENARIO.md", "r");
    assert_non_null(f);
    static char doc[1 << 20];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = '\0';
    const char *ref = strstr(doc, "## Reference (generated");
    assert_non_null(ref);
    if (strcmp(ref, gen) != 0)
        fail_msg("docs/SCENARIO.md is stale: regenerate its reference part "
                 "with `spiral params --markdown`");
    free(gen);
}

/* ---- allocation failure at every site ----------------------------------- */

typedef struct counting {
    long calls, fail_at, live;
} counting;

static void *counting_realloc(void *ud, void *ptr, size_t size)
{
    counting *c = ud;
    if (size == 0) {
        if (ptr)
            c->live--;
        free(ptr);
        return NULL;
    }
    if (++c->calls == c->fail_at)
        return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        c->live++;
    return p;
}

static void test_every_allocation_fails_cleanly(void **state)
{
    (void)state;
    const char *sets[] = {"actors.PRK.milex=2.5e6",
                          "packages.b.levers.talk.value=0.55"};
    long sites = 0;
    for (long k = 1;; k++) {
        counting c = {0, k, 0};
        sp_set_allocator(counting_realloc, &c);
        sp_error err = {0};
        sp_scenario *s = NULL;
        int rc = sp_scenario_load_text("toy.yaml", toy, strlen(toy), sets, 2,
                                       &s, &err);
        if (rc == SP_OK) {
            char *json = NULL;
            if (sp_scenario_params_json(s, &json, &err) == SP_OK)
                sp_free(json);
            sp_scenario_free(s);
        } else {
            assert_int_equal(rc, SP_ENOMEM);
            assert_null(s);
        }
        sp_set_allocator(NULL, NULL);
        if (c.live != 0)
            fail_msg("allocation %ld failing leaks %ld blocks", k, c.live);
        if (rc == SP_OK && c.calls < k)
            break;
        sites++;
    }
    assert_true(sites > 100); /* the loop did fail many distinct sites */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_and_sources),
        cmocka_unit_test(test_groups_and_dyads),
        cmocka_unit_test(test_events_sorted_and_mix),
        cmocka_unit_test(test_set_overrides),
        cmocka_unit_test(test_errors_located),
        cmocka_unit_test(test_alias_bomb_bounded),
        cmocka_unit_test(test_extends),
        cmocka_unit_test(test_reference_scenario),
        cmocka_unit_test(test_docs_current),
        cmocka_unit_test(test_every_allocation_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
