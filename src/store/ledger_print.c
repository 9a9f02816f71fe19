/*
 * ledger_print.c - `spiral ledger`: the legal ledger of one stored
 * invocation, counted per package and, for --series invocations, listed.
 *
 * Counts per package and (rule, act, actor): the share of runs with at
 * least one violation, the mean number of violations a run (ledger rows:
 * an actor's breach in one month against one other party) and the mean
 * size a run in the act's unit. Means are over the package's runs that
 * did not fail, violations or not. Names (rules, acts, actors) are read
 * from the file, so a file written by another version reads the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "store/store.h"

#include <string.h>

/* The names an invocation's ledger refers to, by index. */
typedef struct names {
    char **v;
    size_t n;
} names;

typedef struct ledger_view {
    sp_store *st;
    sp_store_invocation inv;
    names rules, summaries, citations, acts, units, actors;
    int64_t *runs;       /* per package: runs that did not fail */
    int series;
    int rule, actor;     /* filters, -1 none */
} ledger_view;

static void names_free(names *n)
{
    for (size_t i = 0; n->v && i < n->n; i++)
        sp_xfree(n->v[i]);
    sp_xfree(n->v);
    n->v = NULL, n->n = 0;
}

static void view_free(ledger_view *v)
{
    names *all[] = {&v->rules, &v->summaries, &v->citations, &v->acts,
                    &v->units, &v->actors};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        names_free(all[i]);
    sp_xfree(v->runs);
    sp_store_invocation_free(&v->inv);
}

static int prepare(sp_store *st, const char *sql, sqlite3_stmt **s,
                   sp_error *err)
{
    int rc = sqlite3_prepare_v2(st->db, sql, -1, s, NULL);
    return rc == SQLITE_OK ? SP_OK
                           : sp_store_db_fail(st, rc, "reading the ledger",
                                              err);
}

static int step_done(sp_store *st, int rc, sp_error *err)
{
    return rc == SQLITE_DONE ? SP_OK
                             : sp_store_db_fail(st, rc, "reading the ledger",
                                                err);
}

/* Column `col` of "SELECT idx, ... FROM table WHERE invocation = ?1
 * ORDER BY idx" into out[idx]; indices must run 0..n-1. */
static int read_names(ledger_view *v, const char *sql, int n_cols,
                      names **out, sp_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = prepare(v->st, sql, &s, err), src = SQLITE_DONE;
    if (rc == SP_OK)
        sqlite3_bind_int64(s, 1, v->inv.id);
    while (rc == SP_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
        size_t idx = (size_t)sqlite3_column_int64(s, 0);
        if (idx != out[0]->n) {
            rc = SP_FAIL(err, SP_EFORMAT, "%s: invocation %lld: ledger "
                         "names out of order", v->st->path,
                         (long long)v->inv.id);
            break;
        }
        for (int c = 0; c < n_cols && rc == SP_OK; c++) {
            const char *t = (const char *)sqlite3_column_text(s, 1 + c);
            char **grown = sp_realloc(out[c]->v, (idx + 1) * sizeof *grown);
            if (grown)
                out[c]->v = grown;
            char *copy = grown ? sp_strdup(t ? t : "") : NULL;
            if (!copy)
                rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
            else
                out[c]->v[out[c]->n++] = copy;
        }
    }
    if (rc == SP_OK)
        rc = step_done(v->st, src, err);
    sqlite3_finalize(s);
    return rc;
}

static int read_all_names(ledger_view *v, sp_error *err)
{
    names *rules[] = {&v->rules, &v->summaries, &v->citations};
    names *acts[] = {&v->acts, &v->units};
    names *actors[] = {&v->actors};
    int rc = read_names(v, "SELECT idx, name, summary, citation FROM "
                        "ledger_rules WHERE invocation = ?1 ORDER BY idx",
                        3, rules, err);
    if (rc == SP_OK)
        rc = read_names(v, "SELECT idx, name, unit FROM ledger_acts WHERE "
                        "invocation = ?1 ORDER BY idx", 2, acts, err);
    if (rc == SP_OK)
        rc = read_names(v, "SELECT idx, id FROM actors WHERE invocation = "
                        "?1 ORDER BY idx", 1, actors, err);
    if (rc == SP_OK && (v->rules.n == 0 || v->actors.n == 0))
        rc = SP_FAIL(err, SP_EINVAL, "invocation %lld of %s has no legal "
                     "ledger (a %s stored before the ledger existed, or "
                     "not a run or compare)", (long long)v->inv.id,
                     v->st->path, v->inv.kind ? v->inv.kind : "?");
    return rc;
}

static int read_runs(ledger_view *v, sp_error *err)
{
    sqlite3_stmt *s = NULL;
    v->runs = sp_calloc(v->inv.n_packages + 1, sizeof *v->runs);
    if (!v->runs)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    int rc = prepare(v->st, "SELECT package, count(*) FROM runs WHERE "
                     "invocation = ?1 AND failure IS NULL GROUP BY package",
                     &s, err), src = SQLITE_DONE;
    if (rc == SP_OK)
        sqlite3_bind_int64(s, 1, v->inv.id);
    while (rc == SP_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t p = sqlite3_column_int64(s, 0);
        if (p >= 0 && (size_t)p < v->inv.n_packages)
            v->runs[p] = sqlite3_column_int64(s, 1);
    }
    if (rc == SP_OK)
        rc = step_done(v->st, src, err);
    sqlite3_finalize(s);
    if (rc == SP_OK) {
        s = NULL;
        rc = prepare(v->st, "SELECT series FROM invocations WHERE id = ?1",
                     &s, err);
        if (rc == SP_OK) {
            sqlite3_bind_int64(s, 1, v->inv.id);
            if (sqlite3_step(s) == SQLITE_ROW)
                v->series = sqlite3_column_int(s, 0);
        }
        sqlite3_finalize(s);
    }
    return rc;
}

/* A --rule or --actor value: its index, or a message with the names. */
static int find_filter(ledger_view *v, const char *what, const char *want,
                       const names *n, int *out, sp_error *err)
{
    *out = -1;
    if (!want)
        return SP_OK;
    for (size_t i = 0; i < n->n; i++)
        if (!strcmp(n->v[i], want)) {
            *out = (int)i;
            return SP_OK;
        }
    sp_strbuf b;
    sp_strbuf_init(&b);
    for (size_t i = 0; i < n->n; i++)
        sp_strbuf_printf(&b, "%s%s", i ? ", " : "", n->v[i]);
    const char *near = sp_did_you_mean(want, (const char *const *)n->v, n->n);
    char hint[96] = "";
    if (near)
        snprintf(hint, sizeof hint, " (did you mean '%s'?)", near);
    int rc = SP_FAIL(err, SP_ENOTFOUND, "invocation %lld of %s has no %s "
                     "'%s'%s; it has: %s", (long long)v->inv.id, v->st->path,
                     what, want, hint, b.failed ? "..." : b.s ? b.s : "");
    sp_strbuf_free(&b);
    return rc;
}

/* ---- output ------------------------------------------------------------ */

static const char *pkg(const ledger_view *v, int64_t p)
{
    return p >= 0 && (size_t)p < v->inv.n_packages ? v->inv.packages[p] : "?";
}

static const char *nm(const names *n, int64_t i)
{
    return i >= 0 && (size_t)i < n->n ? n->v[i] : "?";
}

static void header_text(sp_strbuf *b, const ledger_view *v)
{
    sp_strbuf_printf(b, "invocation %lld of %s: %s of %s, seed %llu\n",
                     (long long)v->inv.id, v->st->path,
                     v->inv.kind ? v->inv.kind : "?",
                     v->inv.scenario_name ? v->inv.scenario_name : "?",
                     (unsigned long long)v->inv.seed);
    sp_strbuf_puts(b, "rules:\n");
    for (size_t r = 0; r < v->rules.n; r++)
        if (v->rule < 0 || (size_t)v->rule == r)
            sp_strbuf_printf(b, "  %-16s %s [%s]\n", v->rules.v[r],
                             v->summaries.v[r], v->citations.v[r]);
    sp_strbuf_puts(b, "\nviolations from the package start: a violation is "
                      "one actor's breach in one month\nagainst one other "
                      "party; means are per run (runs without any count as "
                      "0)\n");
}

static void header_json(sp_strbuf *b, const ledger_view *v)
{
    sp_strbuf_printf(b, "{\"invocation\": %lld, \"kind\": ",
                     (long long)v->inv.id);
    sp_strbuf_json_str(b, v->inv.kind ? v->inv.kind : "");
    sp_strbuf_puts(b, ", \"scenario\": ");
    sp_strbuf_json_str(b, v->inv.scenario_name ? v->inv.scenario_name : "");
    sp_strbuf_printf(b, ", \"seed\": %llu, \"series\": %s,\n \"rules\": [",
                     (unsigned long long)v->inv.seed,
                     v->series ? "true" : "false");
    for (size_t r = 0; r < v->rules.n; r++) {
        sp_strbuf_puts(b, r ? ",\n   {\"name\": " : "\n   {\"name\": ");
        sp_strbuf_json_str(b, v->rules.v[r]);
        sp_strbuf_puts(b, ", \"summary\": ");
        sp_strbuf_json_str(b, v->summaries.v[r]);
        sp_strbuf_puts(b, ", \"citation\": ");
        sp_strbuf_json_str(b, v->citations.v[r]);
        sp_strbuf_puts(b, "}");
    }
    sp_strbuf_puts(b, "],\n \"counts\": [");
}

/* One summary line (package, rule, act, actor, runs with, rows, size). */
static void count_line(sp_strbuf *b, const ledger_view *v, sqlite3_stmt *s,
                       bool json, size_t k)
{
    int64_t p = sqlite3_column_int64(s, 0);
    int64_t rule = sqlite3_column_int64(s, 1), act = sqlite3_column_int64(s, 2);
    int64_t actor = sqlite3_column_int64(s, 3);
    double with = (double)sqlite3_column_int64(s, 4);
    double rows = (double)sqlite3_column_int64(s, 5);
    double size = sqlite3_column_double(s, 6);
    double n = p >= 0 && (size_t)p < v->inv.n_packages && v->runs[p] > 0
                   ? (double)v->runs[p] : 1.0;
    if (!json) {
        char sz[32];
        sp_fmt_double(sz, sizeof sz, size / n, 4);
        sp_strbuf_printf(b, "%-16s %-16s %-20s %-6s %7.1f%% %10.2f %12s %s\n",
                         pkg(v, p), nm(&v->rules, rule), nm(&v->acts, act),
                         nm(&v->actors, actor), 100.0 * with / n, rows / n,
                         sz, nm(&v->units, act));
        return;
    }
    sp_strbuf_puts(b, k ? ",\n   {\"package\": " : "\n   {\"package\": ");
    sp_strbuf_json_str(b, pkg(v, p));
    sp_strbuf_puts(b, ", \"rule\": ");
    sp_strbuf_json_str(b, nm(&v->rules, rule));
    sp_strbuf_puts(b, ", \"act\": ");
    sp_strbuf_json_str(b, nm(&v->acts, act));
    sp_strbuf_puts(b, ", \"actor\": ");
    sp_strbuf_json_str(b, nm(&v->actors, actor));
    sp_strbuf_puts(b, ", \"runs\": ");
    sp_strbuf_double(b, n, 15);
    sp_strbuf_puts(b, ", \"share_of_runs\": ");
    sp_strbuf_double(b, with / n, 6);
    sp_strbuf_puts(b, ", \"violations_per_run\": ");
    sp_strbuf_double(b, rows / n, 6);
    sp_strbuf_puts(b, ", \"size_per_run\": ");
    sp_strbuf_double(b, size / n, 6);
    sp_strbuf_puts(b, ", \"unit\": ");
    sp_strbuf_json_str(b, nm(&v->units, act));
    sp_strbuf_puts(b, "}");
}

static void bind_filters(sqlite3_stmt *s, const ledger_view *v)
{
    sqlite3_bind_int64(s, 1, v->inv.id);
    sqlite3_bind_int(s, 2, v->rule);
    sqlite3_bind_int(s, 3, v->actor);
}

static int write_counts(sp_strbuf *b, const ledger_view *v, bool json,
                        sp_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = prepare(v->st,
                     "SELECT r.package, l.rule, l.act, l.actor, count(*),"
                     " sum(l.count), sum(l.size) FROM runs r JOIN run_ledger"
                     " l ON l.run = r.id WHERE r.invocation = ?1 AND"
                     " (?2 < 0 OR l.rule = ?2) AND (?3 < 0 OR l.actor = ?3)"
                     " GROUP BY r.package, l.rule, l.act, l.actor"
                     " ORDER BY r.package, l.rule, l.act, l.actor", &s, err);
    int src = SQLITE_DONE;
    size_t k = 0;
    if (rc == SP_OK) {
        bind_filters(s, v);
        if (!json)
            sp_strbuf_printf(b, "\n%-16s %-16s %-20s %-6s %8s %10s %12s %s\n",
                             "package", "rule", "act", "actor", "runs",
                             "per run", "size/run", "unit");
    }
    while (rc == SP_OK && (src = sqlite3_step(s)) == SQLITE_ROW)
        count_line(b, v, s, json, k++);
    if (rc == SP_OK)
        rc = step_done(v->st, src, err);
    sqlite3_finalize(s);
    if (rc == SP_OK && !json && k == 0)
        sp_strbuf_puts(b, "(no violations recorded)\n");
    if (rc == SP_OK && !json)
        for (size_t p = 0; p < v->inv.n_packages; p++)
            sp_strbuf_printf(b, "%s%s: %lld runs", p ? ", " : "runs: ",
                             v->inv.packages[p], (long long)v->runs[p]);
    if (rc == SP_OK && !json)
        sp_strbuf_puts(b, "\n");
    return rc;
}

static void row_line(sp_strbuf *b, const ledger_view *v, sqlite3_stmt *s,
                     bool json, size_t k)
{
    int64_t p = sqlite3_column_int64(s, 0), rep = sqlite3_column_int64(s, 1);
    const char *date = (const char *)sqlite3_column_text(s, 2);
    int64_t rule = sqlite3_column_int64(s, 3), act = sqlite3_column_int64(s, 4);
    int64_t actor = sqlite3_column_int64(s, 5);
    bool has_other = sqlite3_column_type(s, 6) != SQLITE_NULL;
    int64_t other = sqlite3_column_int64(s, 6);
    double size = sqlite3_column_double(s, 7);
    char sz[32];
    sp_fmt_double(sz, sizeof sz, size, 6);
    if (!json) {
        sp_strbuf_printf(b, "%-16s %6lld %-8s %-16s %-20s %-6s %-6s %s\n",
                         pkg(v, p), (long long)rep, date ? date : "?",
                         nm(&v->rules, rule), nm(&v->acts, act),
                         nm(&v->actors, actor),
                         has_other ? nm(&v->actors, other) : "-", sz);
        return;
    }
    sp_strbuf_puts(b, k ? ",\n   {\"package\": " : "\n   {\"package\": ");
    sp_strbuf_json_str(b, pkg(v, p));
    sp_strbuf_printf(b, ", \"replication\": %lld, \"date\": ", (long long)rep);
    sp_strbuf_json_str(b, date ? date : "");
    sp_strbuf_puts(b, ", \"rule\": ");
    sp_strbuf_json_str(b, nm(&v->rules, rule));
    sp_strbuf_puts(b, ", \"act\": ");
    sp_strbuf_json_str(b, nm(&v->acts, act));
    sp_strbuf_puts(b, ", \"actor\": ");
    sp_strbuf_json_str(b, nm(&v->actors, actor));
    sp_strbuf_puts(b, ", \"other\": ");
    if (has_other)
        sp_strbuf_json_str(b, nm(&v->actors, other));
    else
        sp_strbuf_puts(b, "null");
    sp_strbuf_printf(b, ", \"size\": %s}", sz);
}

static int write_rows(sp_strbuf *b, const ledger_view *v, bool json,
                      sp_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = prepare(v->st,
                     "SELECT r.package, r.replication, x.date, x.rule, x.act,"
                     " x.actor, x.other, x.size FROM runs r JOIN ledger_rows"
                     " x ON x.run = r.id WHERE r.invocation = ?1 AND"
                     " (?2 < 0 OR x.rule = ?2) AND (?3 < 0 OR x.actor = ?3)"
                     " ORDER BY r.package, r.point, r.replication, x.seq",
                     &s, err);
    int src = SQLITE_DONE;
    size_t k = 0;
    if (rc == SP_OK) {
        bind_filters(s, v);
        if (!json)
            sp_strbuf_printf(b, "\nviolations (--series)\n%-16s %6s %-8s "
                             "%-16s %-20s %-6s %-6s %s\n", "package", "rep",
                             "month", "rule", "act", "actor", "other",
                             "size");
    }
    while (rc == SP_OK && (src = sqlite3_step(s)) == SQLITE_ROW)
        row_line(b, v, s, json, k++);
    if (rc == SP_OK)
        rc = step_done(v->st, src, err);
    sqlite3_finalize(s);
    return rc;
}

static int flush(sp_strbuf *b, FILE *out, sp_error *err)
{
    if (b->failed)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    size_t n = b->len;
    if (n && fwrite(b->s, 1, n, out) != n)
        return SP_FAIL(err, SP_EIO, "writing the ledger failed");
    b->len = 0;
    return SP_OK;
}

static int write_all(ledger_view *v, FILE *out, bool json, sp_error *err)
{
    sp_strbuf b;
    sp_strbuf_init(&b);
    if (json)
        header_json(&b, v);
    else
        header_text(&b, v);
    int rc = write_counts(&b, v, json, err);
    if (rc == SP_OK && v->series) {
        if (json)
            sp_strbuf_puts(&b, "],\n \"violations\": [");
        rc = write_rows(&b, v, json, err);
    } else if (rc == SP_OK && !json)
        sp_strbuf_puts(&b, "(one row per violation: run with --series)\n");
    if (json)
        sp_strbuf_puts(&b, "]}\n");
    if (rc == SP_OK)
        rc = flush(&b, out, err);
    sp_strbuf_free(&b);
    return rc;
}

int sp_ledger_write(sp_store *st, int64_t id, const char *rule,
                    const char *actor, FILE *out, int json, sp_error *err)
{
    if (!st || !out)
        return SP_FAIL(err, SP_EINVAL, "sp_ledger_write: no store or output");
    ledger_view v = {.st = st, .rule = -1, .actor = -1};
    int rc = sp_store_find_invocation(st, id, &v.inv, err);
    if (rc == SP_OK)
        rc = read_all_names(&v, err);
    if (rc == SP_OK)
        rc = find_filter(&v, "rule", rule, &v.rules, &v.rule, err);
    if (rc == SP_OK)
        rc = find_filter(&v, "actor", actor, &v.actors, &v.actor, err);
    if (rc == SP_OK)
        rc = read_runs(&v, err);
    if (rc == SP_OK)
        rc = write_all(&v, out, json != 0, err);
    view_free(&v);
    return rc;
}
