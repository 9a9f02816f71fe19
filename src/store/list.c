/*
 * list.c - what a database holds, for `spiral ls`.
 *
 * Text: one header line, then one line per invocation, oldest first:
 *
 *   id  kind      started               status           runs  failed  seed    sha256        scenario
 *    1  sweep    2024-05-01T12:34:56Z  done          1000000      12  1       3f2a9c01b4e7  korea-2030
 *
 * (the scenario last, so a long name does not push the other columns;
 * "-" for a missing value; "no invocations" for an empty database).
 * JSON: an array with one object per invocation holding the full values
 * (whole sha256, command line, code version, finish time, package and
 * outcome names), not the scenario text or parameters. Numbers are
 * integers, printed the same in every locale.
 *
 * Run and failure counts come from the runs_key and runs_failed indexes,
 * so listing a million-run sweep does not read its outcomes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "store/store.h"

#include <string.h>

enum { C_ID, C_KIND, C_STARTED, C_FINISHED, C_STATUS, C_CMD, C_CODE,
       C_SCENARIO, C_SHA, C_SEED, C_RUNS, C_FAILED };

static const char *col_text(sqlite3_stmt *s, int c)
{
    return (const char *)sqlite3_column_text(s, c);
}

static const char *or_dash(const char *v)
{
    return v && *v ? v : "-";
}

static void text_header(sp_strbuf *b)
{
    sp_strbuf_printf(b, "%4s  %-9s %-20s  %-11s %9s  %6s  %-6s  %-12s  %s\n",
                     "id", "kind", "started", "status", "runs", "failed",
                     "seed", "sha256", "scenario");
}

static void text_row(sp_strbuf *b, sqlite3_stmt *s)
{
    char sha[13];
    snprintf(sha, sizeof sha, "%s", or_dash(col_text(s, C_SHA)));
    sp_strbuf_printf(b, "%4lld  %-9s %-20s  %-11s %9lld  %6lld  %-6llu  "
                     "%-12s  %s\n",
                     (long long)sqlite3_column_int64(s, C_ID),
                     or_dash(col_text(s, C_KIND)),
                     or_dash(col_text(s, C_STARTED)),
                     or_dash(col_text(s, C_STATUS)),
                     (long long)sqlite3_column_int64(s, C_RUNS),
                     (long long)sqlite3_column_int64(s, C_FAILED),
                     (unsigned long long)sqlite3_column_int64(s, C_SEED), sha,
                     or_dash(col_text(s, C_SCENARIO)));
}

static void json_field(sp_strbuf *b, const char *key, const char *v)
{
    sp_strbuf_printf(b, ", \"%s\": ", key);
    if (v)
        sp_strbuf_json_str(b, v);
    else
        sp_strbuf_puts(b, "null");
}

/* ", "key": ["a", "b"]" from a name-listing statement. */
static int json_names(sp_store *st, sp_strbuf *b, const char *key,
                      int stmt_id, int64_t invocation, sp_error *err)
{
    sqlite3_stmt *s;
    int rc = sp_store_stmt(st, stmt_id, &s, err);
    if (rc != SP_OK)
        return rc;
    sqlite3_bind_int64(s, 1, invocation);
    sp_strbuf_printf(b, ", \"%s\": [", key);
    int src, i = 0;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        sp_strbuf_puts(b, i++ ? ", " : "");
        sp_strbuf_json_str(b, col_text(s, 0));
    }
    sqlite3_reset(s);
    sp_strbuf_puts(b, "]");
    return src == SQLITE_DONE ? SP_OK
                              : sp_store_db_fail(st, src, "listing", err);
}

static int json_row(sp_store *st, sp_strbuf *b, sqlite3_stmt *s,
                    sp_error *err)
{
    int64_t id = sqlite3_column_int64(s, C_ID);
    sp_strbuf_printf(b, "  {\"id\": %lld", (long long)id);
    json_field(b, "kind", col_text(s, C_KIND));
    json_field(b, "started_at", col_text(s, C_STARTED));
    json_field(b, "finished_at", col_text(s, C_FINISHED));
    json_field(b, "status", col_text(s, C_STATUS));
    json_field(b, "command_line", col_text(s, C_CMD));
    json_field(b, "code_version", col_text(s, C_CODE));
    json_field(b, "scenario_name", col_text(s, C_SCENARIO));
    json_field(b, "scenario_sha256", col_text(s, C_SHA));
    sp_strbuf_printf(b, ", \"seed\": %llu, \"runs\": %lld, \"failed\": %lld",
                     (unsigned long long)sqlite3_column_int64(s, C_SEED),
                     (long long)sqlite3_column_int64(s, C_RUNS),
                     (long long)sqlite3_column_int64(s, C_FAILED));
    int rc = json_names(st, b, "packages", SP_ST_LIST_PACKAGES, id, err);
    if (rc == SP_OK)
        rc = json_names(st, b, "outcomes", SP_ST_LIST_OUTCOME_NAMES, id, err);
    sp_strbuf_puts(b, "}");
    return rc;
}

/* Write b to out and empty it. */
static int flush(sp_store *st, sp_strbuf *b, FILE *out, sp_error *err)
{
    if (b->failed)
        return SP_FAIL(err, SP_ENOMEM, "%s: out of memory", st->path);
    if (b->len && fwrite(b->s, 1, b->len, out) != b->len)
        return SP_FAIL(err, SP_EIO, "%s: writing the listing failed",
                       st->path);
    b->len = 0;
    return SP_OK;
}

static int list_rows(sp_store *st, sqlite3_stmt *s, sp_strbuf *b, FILE *out,
                     int json, sp_error *err)
{
    int rc = SP_OK, src = SQLITE_DONE, n = 0;
    while (rc == SP_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
        if (json) {
            sp_strbuf_puts(b, n ? ",\n" : "[\n");
            rc = json_row(st, b, s, err);
        } else {
            if (!n)
                text_header(b);
            text_row(b, s);
        }
        n++;
        if (rc == SP_OK)
            rc = flush(st, b, out, err);
    }
    if (rc == SP_OK && src != SQLITE_DONE)
        return sp_store_db_fail(st, src, "listing", err);
    if (rc == SP_OK)
        sp_strbuf_puts(b, json ? (n ? "\n]\n" : "[]\n")
                               : (n ? "" : "no invocations\n"));
    return rc;
}

int sp_store_list(sp_store *st, FILE *out, int json, sp_error *err)
{
    if (!st || !out)
        return SP_FAIL(err, SP_EINVAL, "sp_store_list: invalid arguments");
    sqlite3_stmt *s;
    int rc = sp_store_stmt(st, SP_ST_LIST_INVOCATIONS, &s, err);
    if (rc != SP_OK)
        return rc;
    sp_strbuf b;
    sp_strbuf_init(&b);
    rc = list_rows(st, s, &b, out, json, err);
    sqlite3_reset(s);
    if (rc == SP_OK)
        rc = flush(st, &b, out, err);
    if (rc == SP_OK && (fflush(out) != 0 || ferror(out)))
        rc = SP_FAIL(err, SP_EIO, "%s: writing the listing failed", st->path);
    sp_strbuf_free(&b);
    return rc;
}
