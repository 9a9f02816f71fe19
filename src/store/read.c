/*
 * read.c - reading an invocation back: its row, its package and outcome
 * names, and its runs replication by replication.
 *
 * Why a cursor per package. A report or an analysis wants the runs of
 * one replication for all packages together (paired statistics need
 * them side by side) in replication order (so results do not depend on
 * how the runs were written). "ORDER BY replication, package" would make
 * SQLite sort every row of the invocation, BLOBs included, in a temporary
 * b-tree. The runs_key index is (invocation, package, point, replication),
 * so one statement per package already yields its runs in replication
 * order; stepping the P statements in lockstep (a merge join on
 * replication) needs no sort and holds one row per package at a time.
 * All the statements run on one connection inside one implicit read
 * transaction, so they see the same snapshot even while another process
 * is appending runs.
 *
 * A replication present for some packages but not for others (a run that
 * was never stored) is skipped and counted: pairing is by replication,
 * so a half replication cannot be used. A failed run (failure text set)
 * is reported as failed with zero outcomes; its replication is the
 * caller's to drop.
 *
 * Nothing here writes; these functions work on a read-only store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "store/store.h"

#include <string.h>

/* ---- small helpers ----------------------------------------------------- */

static int prepare(sp_store *st, const char *sql, sqlite3_stmt **s,
                   sp_error *err)
{
    int rc = sqlite3_prepare_v2(st->db, sql, -1, s, NULL);
    return rc == SQLITE_OK ? SP_OK
                           : sp_store_db_fail(st, rc, "preparing a read", err);
}

/* A copy of column c, NULL for SQL NULL; *oom set if the copy failed. */
static char *column_dup(sqlite3_stmt *s, int c, bool *oom)
{
    const char *v = (const char *)sqlite3_column_text(s, c);
    if (!v)
        return NULL;
    char *copy = sp_strdup(v);
    if (!copy)
        *oom = true;
    return copy;
}

/* ---- the range of ids -------------------------------------------------- */

int sp_store_invocation_range(sp_store *st, int64_t *lo, int64_t *hi,
                              int64_t *n, sp_error *err)
{
    if (!st || !lo || !hi || !n)
        return SP_FAIL(err, SP_EINVAL, "sp_store_invocation_range: invalid "
                       "arguments");
    sqlite3_stmt *s = NULL;
    int rc = prepare(st, "SELECT coalesce(min(id), 0), coalesce(max(id), 0),"
                     " count(*) FROM invocations", &s, err);
    if (rc != SP_OK)
        return rc;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        *lo = sqlite3_column_int64(s, 0);
        *hi = sqlite3_column_int64(s, 1);
        *n = sqlite3_column_int64(s, 2);
    }
    sqlite3_finalize(s);
    return src == SQLITE_ROW ? SP_OK
                             : sp_store_db_fail(st, src, "listing ids", err);
}

/* ---- one invocation ---------------------------------------------------- */

enum { I_KIND, I_STARTED, I_FINISHED, I_STATUS, I_CMD, I_CODE, I_NAME,
       I_SHA, I_PARAMS, I_SEED };

static int read_row(sp_store *st, int64_t id, sp_store_invocation *inv,
                    sp_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = prepare(st, "SELECT kind, started_at, finished_at, status,"
                     " command_line, code_version, scenario_name,"
                     " scenario_sha256, params_json, seed"
                     " FROM invocations WHERE id = ?1", &s, err);
    if (rc != SP_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int src = sqlite3_step(s);
    bool oom = false;
    if (src == SQLITE_ROW) {
        inv->id = id;
        inv->seed = (uint64_t)sqlite3_column_int64(s, I_SEED);
        inv->kind = column_dup(s, I_KIND, &oom);
        inv->started_at = column_dup(s, I_STARTED, &oom);
        inv->finished_at = column_dup(s, I_FINISHED, &oom);
        inv->status = column_dup(s, I_STATUS, &oom);
        inv->command_line = column_dup(s, I_CMD, &oom);
        inv->code_version = column_dup(s, I_CODE, &oom);
        inv->scenario_name = column_dup(s, I_NAME, &oom);
        inv->scenario_sha256 = column_dup(s, I_SHA, &oom);
        inv->params_json = column_dup(s, I_PARAMS, &oom);
    }
    sqlite3_finalize(s);
    if (src == SQLITE_DONE)
        return SP_FAIL(err, SP_ENOTFOUND, "%s: no invocation %lld", st->path,
                       (long long)id);
    if (src != SQLITE_ROW)
        return sp_store_db_fail(st, src, "reading an invocation", err);
    return oom ? SP_FAIL(err, SP_ENOMEM, "%s: out of memory", st->path)
               : SP_OK;
}

static int push_name(char ***names, size_t *n, const char *name)
{
    if ((*n & (*n - 1)) == 0) { /* 0, 1, 2, 4, ...: grow to double */
        char **p = sp_realloc(*names, (*n ? 2 * *n : 1) * sizeof *p);
        if (!p)
            return SP_ENOMEM;
        *names = p;
    }
    char *copy = sp_strdup(name ? name : "");
    if (!copy)
        return SP_ENOMEM;
    (*names)[(*n)++] = copy;
    return SP_OK;
}

static int read_names(sp_store *st, int stmt_id, int64_t id, char ***names,
                      size_t *n, sp_error *err)
{
    sqlite3_stmt *s;
    int rc = sp_store_stmt(st, stmt_id, &s, err);
    if (rc != SP_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int src;
    while (rc == SP_OK && (src = sqlite3_step(s)) == SQLITE_ROW)
        rc = push_name(names, n, (const char *)sqlite3_column_text(s, 0));
    sqlite3_reset(s);
    if (rc != SP_OK)
        return SP_FAIL(err, SP_ENOMEM, "%s: out of memory", st->path);
    return src == SQLITE_DONE ? SP_OK
                              : sp_store_db_fail(st, src, "reading names",
                                                 err);
}

int sp_store_read_invocation(sp_store *st, int64_t id,
                             sp_store_invocation *inv, sp_error *err)
{
    if (!inv)
        return SP_FAIL(err, SP_EINVAL, "sp_store_read_invocation: no "
                       "invocation to fill");
    memset(inv, 0, sizeof *inv);
    if (!st)
        return SP_FAIL(err, SP_EINVAL, "sp_store_read_invocation: no store");
    int rc = read_row(st, id, inv, err);
    if (rc == SP_OK)
        rc = read_names(st, SP_ST_LIST_PACKAGES, id, &inv->packages,
                        &inv->n_packages, err);
    if (rc == SP_OK)
        rc = read_names(st, SP_ST_LIST_OUTCOME_NAMES, id, &inv->outcomes,
                        &inv->n_outcomes, err);
    if (rc != SP_OK)
        sp_store_invocation_free(inv);
    return rc;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        sp_xfree(names[i]);
    sp_xfree(names);
}

void sp_store_invocation_free(sp_store_invocation *inv)
{
    if (!inv)
        return;
    char *strings[] = {inv->kind, inv->started_at, inv->finished_at,
                       inv->status, inv->command_line, inv->code_version,
                       inv->scenario_name, inv->scenario_sha256,
                       inv->params_json};
    for (size_t i = 0; i < sizeof strings / sizeof *strings; i++)
        sp_xfree(strings[i]);
    free_names(inv->packages, inv->n_packages);
    free_names(inv->outcomes, inv->n_outcomes);
    memset(inv, 0, sizeof *inv);
}

/* ---- replications, all packages side by side -------------------------- */

typedef struct cursor {
    sqlite3_stmt *s;
    int64_t rep;     /* replication of the current row */
    bool live;       /* a current row exists */
    bool need_step;  /* the current row was used; step before reading */
} cursor;

struct sp_store_reps {
    sp_store *st;
    size_t P, n;
    uint64_t skipped;
    char failure[256];
    cursor c[];      /* one per package */
};

static const char reps_sql[] =
    "SELECT replication, failure, outcomes FROM runs"
    " WHERE invocation = ?1 AND package = ?2 AND point = ?3"
    " ORDER BY replication";

int sp_store_reps_open(sp_store *st, int64_t invocation, int32_t point,
                       size_t n_packages, size_t n_outcomes,
                       sp_store_reps **out, sp_error *err)
{
    if (!out)
        return SP_FAIL(err, SP_EINVAL, "sp_store_reps_open: no cursor");
    *out = NULL;
    if (!st || n_packages == 0 || n_packages > INT32_MAX ||
        n_outcomes > SP_STORE_MAX_OUTCOMES)
        return SP_FAIL(err, SP_EINVAL, "sp_store_reps_open: invalid "
                       "arguments");
    sp_store_reps *r = sp_calloc(1, sizeof *r + n_packages * sizeof r->c[0]);
    if (!r)
        return SP_FAIL(err, SP_ENOMEM, "%s: out of memory", st->path);
    r->st = st, r->P = n_packages, r->n = n_outcomes;
    int rc = SP_OK;
    for (size_t p = 0; p < n_packages && rc == SP_OK; p++) {
        rc = prepare(st, reps_sql, &r->c[p].s, err);
        if (rc == SP_OK) {
            sqlite3_bind_int64(r->c[p].s, 1, invocation);
            sqlite3_bind_int64(r->c[p].s, 2, (int64_t)p);
            sqlite3_bind_int64(r->c[p].s, 3, point);
            r->c[p].need_step = true;
        }
    }
    if (rc != SP_OK) {
        sp_store_reps_close(r);
        return rc;
    }
    *out = r;
    return SP_OK;
}

static int advance(sp_store_reps *r, cursor *c, sp_error *err)
{
    int src = sqlite3_step(c->s);
    c->need_step = false;
    c->live = src == SQLITE_ROW;
    if (c->live)
        c->rep = sqlite3_column_int64(c->s, 0);
    return src == SQLITE_ROW || src == SQLITE_DONE
               ? SP_OK
               : sp_store_db_fail(r->st, src, "reading runs", err);
}

/* Step the cursors until all stand on the same replication; *more is
 * false when one of them runs out. */
static int align(sp_store_reps *r, bool *more, sp_error *err)
{
    for (;;) {
        int64_t lo = INT64_MAX, hi = INT64_MIN;
        for (size_t p = 0; p < r->P; p++) {
            cursor *c = &r->c[p];
            int rc = c->need_step ? advance(r, c, err) : SP_OK;
            if (rc != SP_OK)
                return rc;
            if (!c->live) {
                *more = false;
                return SP_OK;
            }
            lo = c->rep < lo ? c->rep : lo;
            hi = c->rep > hi ? c->rep : hi;
        }
        if (lo == hi) {
            *more = true;
            return SP_OK;
        }
        r->skipped++; /* replication lo is not complete */
        for (size_t p = 0; p < r->P; p++)
            r->c[p].need_step = r->c[p].rep == lo;
    }
}

/* Package p's current row into row / *failed. */
static int take_row(sp_store_reps *r, size_t p, double *row, bool *failed,
                    sp_error *err)
{
    cursor *c = &r->c[p];
    c->need_step = true;
    const char *why = (const char *)sqlite3_column_text(c->s, 1);
    if (why) {
        *failed = true;
        memset(row, 0, r->n * sizeof *row);
        if (!r->failure[0])
            snprintf(r->failure, sizeof r->failure, "%s", why);
        return SP_OK;
    }
    *failed = false;
    const unsigned char *blob = sqlite3_column_blob(c->s, 2);
    size_t bytes = (size_t)sqlite3_column_bytes(c->s, 2);
    if (!blob && bytes)
        return SP_FAIL(err, SP_ENOMEM, "%s: out of memory", r->st->path);
    if (bytes != r->n * 8)
        return SP_FAIL(err, SP_EFORMAT, "%s: run (package %zu, replication "
                       "%lld) has %zu bytes of outcomes; %zu outcomes are "
                       "named", r->st->path, p, (long long)c->rep, bytes,
                       r->n);
    sp_store_decode_doubles(blob, r->n, row);
    return SP_OK;
}

int sp_store_reps_next(sp_store_reps *r, double *out, bool *failed,
                       const char **failure, bool *more, sp_error *err)
{
    *more = false;
    *failure = NULL;
    r->failure[0] = '\0';
    int rc = align(r, more, err);
    if (rc != SP_OK || !*more) {
        *more = false;
        return rc;
    }
    for (size_t p = 0; p < r->P && rc == SP_OK; p++)
        rc = take_row(r, p, out + p * r->n, &failed[p], err);
    if (rc != SP_OK)
        *more = false;
    *failure = r->failure[0] ? r->failure : NULL;
    return rc;
}

uint64_t sp_store_reps_skipped(const sp_store_reps *r)
{
    return r ? r->skipped : 0;
}

void sp_store_reps_close(sp_store_reps *r)
{
    if (!r)
        return;
    for (size_t p = 0; p < r->P; p++)
        sqlite3_finalize(r->c[p].s);
    sp_xfree(r);
}

/* ---- finding an invocation for a user ---------------------------------- */

int sp_store_find_invocation(sp_store *st, int64_t id,
                             sp_store_invocation *inv, sp_error *err)
{
    int64_t lo = 0, hi = 0, n = 0;
    int rc = sp_store_invocation_range(st, &lo, &hi, &n, err);
    if (rc != SP_OK)
        return rc;
    if (n == 0)
        return SP_FAIL(err, SP_ENOTFOUND, "%s holds no invocations yet "
                       "(`spiral run` or `spiral compare` with --db writes "
                       "one)", st->path);
    if (id == 0)
        id = hi;
    sp_error local = {0};
    rc = sp_store_read_invocation(st, id, inv, &local);
    if (rc == SP_ENOTFOUND && lo == hi)
        return SP_FAIL(err, rc, "no invocation %lld in %s (it has %lld)",
                       (long long)id, st->path, (long long)lo);
    if (rc == SP_ENOTFOUND)
        return SP_FAIL(err, rc, "no invocation %lld in %s (it has "
                       "%lld..%lld)", (long long)id, st->path, (long long)lo,
                       (long long)hi);
    return rc == SP_OK ? SP_OK : SP_FAIL(err, rc, "%s", local.message);
}
