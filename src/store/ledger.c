/*
 * ledger.c - writing the legal ledger of runs (schema v2, store.c), and
 * the answers of `spiral questions` (schema v3).
 *
 * Per invocation the names: actors by index, the ledger's rules and acts
 * as this build defines them (src/ledger.c), so a file stays readable
 * when a later version adds a rule. Per run, the nonzero (rule, act,
 * actor) cells of its summary. With --series, every violation as a row.
 * All of it inside the caller's batch, so a run and its ledger commit
 * or vanish together.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "store/store.h"

#include "ledger.h"
#include "scenario.h"

static int exec_bound(sp_store *st, sqlite3_stmt *s, const char *what,
                      sp_error *err)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SP_OK : sp_store_db_fail(st, rc, what, err);
}

/* Run `sql` (invocation ?1, index ?2, then n_text text columns from
 * get(index, column)) for indices 0..n-1. */
static int insert_names(sp_store *st, int64_t inv, const char *sql,
                        size_t n, const char *(*get)(size_t, int),
                        int n_text, sp_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(s);
        return sp_store_db_fail(st, rc, "naming the ledger", err);
    }
    int out = SP_OK;
    for (size_t i = 0; i < n && out == SP_OK; i++) {
        sqlite3_bind_int64(s, 1, inv);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
        for (int c = 0; c < n_text; c++)
            sqlite3_bind_text(s, 3 + c, get(i, c), -1, SQLITE_STATIC);
        out = exec_bound(st, s, "naming the ledger", err);
    }
    sqlite3_finalize(s);
    return out;
}

static const char *rule_field(size_t i, int c)
{
    return c == 0 ? sp_rules[i].name : c == 1 ? sp_rules[i].summary
                                              : sp_rules[i].citation;
}

static const char *act_field(size_t i, int c)
{
    return c == 0 ? sp_lacts[i].name : sp_lacts[i].unit;
}

static int insert_actors(sp_store *st, int64_t inv, const char *const *ids,
                         size_t n, sp_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "INSERT INTO actors(invocation, idx,"
                                " id) VALUES (?1, ?2, ?3)", -1, &s, NULL);
    int out = rc == SQLITE_OK ? SP_OK
                              : sp_store_db_fail(st, rc, "naming actors", err);
    for (size_t i = 0; i < n && out == SP_OK; i++) {
        sqlite3_bind_int64(s, 1, inv);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
        sqlite3_bind_text(s, 3, ids[i], -1, SQLITE_STATIC);
        out = exec_bound(st, s, "naming actors", err);
    }
    sqlite3_finalize(s);
    return out;
}

int sp_store_add_ledger_names(sp_store *st, int64_t invocation,
                              const char *const *actor_ids, size_t n_actors,
                              bool series, sp_error *err)
{
    int rc = insert_actors(st, invocation, actor_ids, n_actors, err);
    if (rc == SP_OK)
        rc = insert_names(st, invocation, "INSERT INTO ledger_rules("
                          "invocation, idx, name, summary, citation) VALUES "
                          "(?1, ?2, ?3, ?4, ?5)", SP_N_RULES, rule_field, 3,
                          err);
    if (rc == SP_OK)
        rc = insert_names(st, invocation, "INSERT INTO ledger_acts("
                          "invocation, idx, name, unit) VALUES (?1, ?2, ?3, "
                          "?4)", SP_N_LACTS, act_field, 2, err);
    if (rc == SP_OK && series) {
        char sql[96];
        snprintf(sql, sizeof sql, "UPDATE invocations SET series = 1 WHERE "
                 "id = %lld", (long long)invocation);
        rc = sp_store_exec(st, sql, "marking the series", err);
    }
    return rc;
}

int64_t sp_store_last_run_id(const sp_store *st)
{
    return sqlite3_last_insert_rowid(st->db);
}

int sp_store_put_ledger(sp_store *st, int64_t run, const double *count,
                        const double *size, int n_actors, sp_error *err)
{
    sqlite3_stmt *s;
    int rc = sp_store_stmt(st, SP_ST_INSERT_RUN_LEDGER, &s, err);
    for (int k = 0; k < SP_N_LINES && rc == SP_OK; k++)
        for (int i = 0; i < n_actors && rc == SP_OK; i++) {
            size_t cell = (size_t)k * (size_t)n_actors + (size_t)i;
            if (count[cell] <= 0)
                continue;
            sqlite3_bind_int64(s, 1, run);
            sqlite3_bind_int(s, 2, sp_lines[k].rule);
            sqlite3_bind_int(s, 3, sp_lines[k].act);
            sqlite3_bind_int(s, 4, i);
            sqlite3_bind_int64(s, 5, (sqlite3_int64)count[cell]);
            sqlite3_bind_double(s, 6, size[cell]);
            rc = exec_bound(st, s, "storing a run's ledger", err);
        }
    return rc;
}

int sp_store_put_ledger_rows(sp_store *st, int64_t run,
                             const sp_ledger_row *rows, size_t n,
                             int start_month, sp_error *err)
{
    sqlite3_stmt *s;
    int rc = sp_store_stmt(st, SP_ST_INSERT_LEDGER_ROW, &s, err);
    for (size_t r = 0; r < n && rc == SP_OK; r++) {
        const sp_ledger_row *x = &rows[r];
        char date[16];
        sp_fmt_month(date, sizeof date, start_month + x->month);
        sqlite3_bind_int64(s, 1, run);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)r);
        sqlite3_bind_int(s, 3, x->month);
        sqlite3_bind_text(s, 4, date, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(s, 5, x->rule);
        sqlite3_bind_int(s, 6, x->act);
        sqlite3_bind_int(s, 7, x->actor);
        if (x->other >= 0)
            sqlite3_bind_int(s, 8, x->other);
        else
            sqlite3_bind_null(s, 8);
        sqlite3_bind_double(s, 9, x->size);
        rc = exec_bound(st, s, "storing a ledger row", err);
    }
    return rc;
}

/* ---- answers of `spiral questions` (schema v3) ---------------------------- */

int sp_store_put_answers(sp_store *st, int64_t invocation, const char *text,
                         sp_error *err)
{
    if (!st || !text)
        return SP_FAIL(err, SP_EINVAL, "sp_store_put_answers: no store or "
                       "text");
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "INSERT INTO answers(invocation, "
                                "text) VALUES (?1, ?2)", -1, &s, NULL);
    int out = rc == SQLITE_OK ? SP_OK
                              : sp_store_db_fail(st, rc, "storing answers",
                                                 err);
    if (out == SP_OK) {
        sqlite3_bind_int64(s, 1, invocation);
        sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
        out = exec_bound(st, s, "storing answers", err);
    }
    sqlite3_finalize(s);
    return out;
}

int sp_store_find_answers(sp_store *st, const char *sha256,
                          int64_t *invocation, char **text, sp_error *err)
{
    *text = NULL;
    *invocation = 0;
    if (!sha256)
        return SP_OK;
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT a.invocation, a.text FROM "
                                "answers a JOIN invocations i ON i.id = "
                                "a.invocation WHERE i.scenario_sha256 = ?1 "
                                "ORDER BY a.invocation DESC LIMIT 1", -1, &s,
                                NULL);
    int out = rc == SQLITE_OK ? SP_OK
                              : sp_store_db_fail(st, rc, "reading answers",
                                                 err);
    if (out == SP_OK) {
        sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            *invocation = sqlite3_column_int64(s, 0);
            const char *t = (const char *)sqlite3_column_text(s, 1);
            *text = sp_strdup(t ? t : "");
            if (!*text)
                out = SP_FAIL(err, SP_ENOMEM, "out of memory");
        } else if (rc != SQLITE_DONE)
            out = sp_store_db_fail(st, rc, "reading answers", err);
    }
    sqlite3_finalize(s);
    return out;
}
