/*
 * sweep.c - the store's side of `spiral sweep` (schema v4): the sweep's
 * row and parameters, design points, and which runs are finished (for
 * --resume and --retry-failed).
 *
 * A finished run is one whose batch committed. Every (point, replication)
 * unit commits its P package runs in one transaction, so after any kill
 * a unit is either complete or absent; resume recomputes exactly the
 * absent ones, and the unique run key (invocation, package, point,
 * replication) makes a duplicate impossible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "store.h"

#include <math.h>
#include <string.h>

static int prepare(sp_store *st, const char *sql, sqlite3_stmt **s,
                   sp_error *err)
{
    int rc = sqlite3_prepare_v2(st->db, sql, -1, s, NULL);
    return rc == SQLITE_OK ? SP_OK
                           : sp_store_db_fail(st, rc, "preparing a query",
                                              err);
}

static int put_params(sp_store *st, int64_t inv, const char *const *paths,
                      const char *const *dists, const char *const *groups,
                      int64_t k, sp_error *err)
{
    sqlite3_stmt *s;
    int rc = prepare(st, "INSERT INTO sweep_params(invocation, idx, path, "
                     "dist, grp) VALUES (?1, ?2, ?3, ?4, ?5)", &s, err);
    for (int64_t j = 0; !rc && j < k; j++) {
        sqlite3_bind_int64(s, 1, inv);
        sqlite3_bind_int64(s, 2, j);
        sqlite3_bind_text(s, 3, paths[j], -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, dists[j], -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, groups[j], -1, SQLITE_STATIC);
        int src = sqlite3_step(s);
        sqlite3_reset(s);
        if (src != SQLITE_DONE)
            rc = sp_store_db_fail(st, src, "storing the sweep's parameters",
                                  err);
    }
    sqlite3_finalize(s);
    return rc;
}

int sp_store_put_sweep(sp_store *st, const sp_store_sweep *sw,
                       const char *const *paths, const char *const *dists,
                       const char *const *groups, sp_error *err)
{
    sqlite3_stmt *s;
    int rc = sp_store_exec(st, "BEGIN IMMEDIATE", "starting a transaction",
                           err);
    if (rc)
        return rc;
    rc = prepare(st, "INSERT INTO sweeps(invocation, design, samples, "
                 "replications, n_points, n_params, shard_k, shard_n, "
                 "identity) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                 &s, err);
    if (!rc) {
        sqlite3_bind_int64(s, 1, sw->invocation);
        sqlite3_bind_text(s, 2, sw->design, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, sw->samples);
        sqlite3_bind_int64(s, 4, sw->replications);
        sqlite3_bind_int64(s, 5, sw->n_points);
        sqlite3_bind_int64(s, 6, sw->n_params);
        sqlite3_bind_int64(s, 7, sw->shard_k);
        sqlite3_bind_int64(s, 8, sw->shard_n);
        sqlite3_bind_text(s, 9, sw->identity, -1, SQLITE_STATIC);
        int src = sqlite3_step(s);
        if (src != SQLITE_DONE)
            rc = sp_store_db_fail(st, src, "storing the sweep", err);
        sqlite3_finalize(s);
    }
    if (!rc)
        rc = put_params(st, sw->invocation, paths, dists, groups,
                        sw->n_params, err);
    if (!rc)
        return sp_store_exec(st, "COMMIT", "committing the sweep", err);
    sp_store_exec(st, "ROLLBACK", "rolling back", NULL);
    return rc;
}

void sp_store_sweep_clear(sp_store_sweep *sw)
{
    sp_xfree(sw->identity);
    memset(sw, 0, sizeof *sw);
}

int sp_store_get_sweep(sp_store *st, int64_t id, sp_store_sweep *out,
                       sp_error *err)
{
    sqlite3_stmt *s;
    memset(out, 0, sizeof *out);
    int rc = prepare(st, "SELECT invocation, design, samples, replications, "
                     "n_points, n_params, shard_k, shard_n, identity FROM "
                     "sweeps WHERE ?1 = 0 OR invocation = ?1 ORDER BY "
                     "invocation DESC LIMIT 1", &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        out->invocation = sqlite3_column_int64(s, 0);
        snprintf(out->design, sizeof out->design, "%s",
                 (const char *)sqlite3_column_text(s, 1));
        out->samples = sqlite3_column_int64(s, 2);
        out->replications = sqlite3_column_int64(s, 3);
        out->n_points = sqlite3_column_int64(s, 4);
        out->n_params = sqlite3_column_int64(s, 5);
        out->shard_k = sqlite3_column_int64(s, 6);
        out->shard_n = sqlite3_column_int64(s, 7);
        out->identity = sp_strdup((const char *)sqlite3_column_text(s, 8));
        if (!out->identity)
            rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
    } else if (src == SQLITE_DONE) {
        rc = id ? SP_FAIL(err, SP_ENOTFOUND, "%s: invocation %lld is not a "
                          "sweep (spiral ls lists them)", st->path,
                          (long long)id)
                : SP_FAIL(err, SP_ENOTFOUND, "%s: holds no sweep", st->path);
    } else {
        rc = sp_store_db_fail(st, src, "reading the sweep", err);
    }
    sqlite3_finalize(s);
    return rc;
}

int sp_store_put_point(sp_store *st, int64_t invocation, int64_t point,
                       const double *x, size_t k, sp_error *err)
{
    sqlite3_stmt *s;
    int rc = sp_store_stmt(st, SP_ST_INSERT_POINT, &s, err);
    if (rc)
        return rc;
    unsigned char buf[8 * 64], *blob = k <= 64 ? buf : sp_malloc(8 * k);
    if (!blob)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    sp_store_encode_doubles(x, k, blob);
    sqlite3_bind_int64(s, 1, invocation);
    sqlite3_bind_int64(s, 2, point);
    sqlite3_bind_blob64(s, 3, blob, 8 * k, SQLITE_STATIC);
    int src = sqlite3_step(s);
    sqlite3_reset(s);
    if (blob != buf)
        sp_xfree(blob);
    return src == SQLITE_DONE ? SP_OK
                              : sp_store_db_fail(st, src, "storing a design "
                                                 "point", err);
}

/* Delete the units (point, replication) of a sweep that are incomplete,
 * or (retry_failed) have a failed run: they will be rerun whole. */
static int drop_units(sp_store *st, int64_t inv, int64_t P, int retry_failed,
                      sp_error *err)
{
    sqlite3_stmt *s;
    int rc = prepare(st, "DELETE FROM runs WHERE invocation = ?1 AND "
                     "(point, replication) IN (SELECT point, replication "
                     "FROM runs WHERE invocation = ?1 GROUP BY point, "
                     "replication HAVING count(*) <> ?2 OR (?3 AND "
                     "sum(failure IS NOT NULL) > 0))", &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, inv);
    sqlite3_bind_int64(s, 2, P);
    sqlite3_bind_int(s, 3, retry_failed);
    int src = sqlite3_step(s);
    sqlite3_finalize(s);
    return src == SQLITE_DONE ? SP_OK
                              : sp_store_db_fail(st, src, "dropping runs to "
                                                 "redo", err);
}

int sp_store_sweep_done(sp_store *st, const sp_store_sweep *sw, int64_t P,
                        int retry_failed, uint8_t *done, uint64_t *failed,
                        sp_error *err)
{
    *failed = 0;
    int rc = drop_units(st, sw->invocation, P, retry_failed, err);
    sqlite3_stmt *s;
    if (!rc)
        rc = prepare(st, "SELECT point, replication, sum(failure IS NOT "
                     "NULL) FROM runs WHERE invocation = ?1 GROUP BY point, "
                     "replication", &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, sw->invocation);
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t pt = sqlite3_column_int64(s, 0), r = sqlite3_column_int64(s, 1);
        if (pt < 0 || pt >= sw->n_points || r < 0 || r >= sw->replications) {
            rc = SP_FAIL(err, SP_EFORMAT, "%s: run (point %lld, replication "
                         "%lld) outside sweep %lld", st->path, (long long)pt,
                         (long long)r, (long long)sw->invocation);
            break;
        }
        done[pt * sw->replications + r] = 1;
        *failed += (uint64_t)sqlite3_column_int64(s, 2);
    }
    if (!rc && src != SQLITE_DONE)
        rc = sp_store_db_fail(st, src, "reading finished runs", err);
    sqlite3_finalize(s);
    return rc;
}

void sp_store_strv_free(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        sp_xfree(v[i]);
    sp_xfree(v);
}

/* Grow the three name arrays to hold one more. */
static int grow3(char ***v, size_t n, size_t *cap, sp_error *err)
{
    if (n < *cap)
        return SP_OK;
    size_t c = *cap ? 2 * *cap : 16;
    for (int t = 0; t < 3; t++) {
        char **p = sp_realloc(v[t], c * sizeof *p);
        if (!p)
            return SP_FAIL(err, SP_ENOMEM, "out of memory");
        v[t] = p;
    }
    *cap = c;
    return SP_OK;
}

int sp_store_sweep_params(sp_store *st, int64_t invocation, char ***paths,
                          char ***dists, char ***groups, size_t *k,
                          sp_error *err)
{
    sqlite3_stmt *s;
    char **v[3] = {NULL, NULL, NULL};
    *k = 0;
    int rc = prepare(st, "SELECT path, dist, grp FROM sweep_params WHERE "
                     "invocation = ?1 ORDER BY idx", &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, invocation);
    size_t cap = 0, n = 0;
    int src = SQLITE_DONE;
    while (!rc && (src = sqlite3_step(s)) == SQLITE_ROW) {
        rc = grow3(v, n, &cap, err);
        for (int t = 0; !rc && t < 3; t++) {
            v[t][n] = sp_strdup((const char *)sqlite3_column_text(s, t));
            if (!v[t][n]) {
                for (int u = 0; u < t; u++)
                    sp_xfree(v[u][n]);
                rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
            }
        }
        n += !rc;
    }
    if (!rc && src != SQLITE_DONE)
        rc = sp_store_db_fail(st, src, "reading the sweep's parameters", err);
    sqlite3_finalize(s);
    if (rc || !groups) {
        sp_store_strv_free(v[2], n);
        v[2] = NULL;
    }
    if (rc) {
        sp_store_strv_free(v[0], n);
        sp_store_strv_free(v[1], n);
        return rc;
    }
    *paths = v[0], *dists = v[1], *k = n;
    if (groups)
        *groups = v[2];
    return SP_OK;
}

struct sp_sweep_cursor {
    sp_store *st;
    sqlite3_stmt *s;
    size_t n, k;
    double *outcomes, *x;
};

int sp_store_sweep_runs_open(sp_store *st, int64_t invocation,
                             size_t n_outcomes, size_t k,
                             sp_sweep_cursor **out, sp_error *err)
{
    *out = NULL;
    sp_sweep_cursor *c = sp_calloc(1, sizeof *c);
    if (!c)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    c->st = st, c->n = n_outcomes, c->k = k;
    c->outcomes = sp_calloc(n_outcomes + 1, sizeof *c->outcomes);
    c->x = sp_calloc(k + 1, sizeof *c->x);
    int rc = c->outcomes && c->x ? SP_OK
                                 : SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (!rc)
        rc = prepare(st, "SELECT r.point, r.replication, r.package, "
                     "r.failure, r.outcomes, p.x FROM runs r LEFT JOIN "
                     "sweep_points p ON p.invocation = r.invocation AND "
                     "p.point = r.point WHERE r.invocation = ?1 ORDER BY "
                     "r.point, r.replication, r.package", &c->s, err);
    if (rc) {
        sp_store_sweep_runs_close(c);
        return rc;
    }
    sqlite3_bind_int64(c->s, 1, invocation);
    *out = c;
    return SP_OK;
}

/* Column col as exactly n doubles into v. */
static bool blob_doubles(sqlite3_stmt *s, int col, size_t n, double *v)
{
    const unsigned char *b = sqlite3_column_blob(s, col);
    if ((size_t)sqlite3_column_bytes(s, col) != 8 * n || (n && !b))
        return false;
    sp_store_decode_doubles(b, n, v);
    return true;
}

int sp_store_sweep_runs_next(sp_sweep_cursor *c, sp_sweep_row *row,
                             bool *has, sp_error *err)
{
    *has = false;
    int src = sqlite3_step(c->s);
    if (src == SQLITE_DONE)
        return SP_OK;
    if (src != SQLITE_ROW)
        return sp_store_db_fail(c->st, src, "reading runs", err);
    row->point = sqlite3_column_int64(c->s, 0);
    row->replication = sqlite3_column_int64(c->s, 1);
    row->package = sqlite3_column_int64(c->s, 2);
    row->failure = (const char *)sqlite3_column_text(c->s, 3);
    row->outcomes = c->outcomes, row->x = c->x;
    /* run and compare store a failed run with no outcomes: NaN each */
    bool empty_failed = row->failure && !sqlite3_column_bytes(c->s, 4);
    for (size_t i = 0; empty_failed && i < c->n; i++)
        c->outcomes[i] = NAN;
    if ((!empty_failed && !blob_doubles(c->s, 4, c->n, c->outcomes)) ||
        !blob_doubles(c->s, 5, c->k, c->x))
        return SP_FAIL(err, SP_EFORMAT, "%s: run (point %lld, replication "
                       "%lld, package %lld) or its point has the wrong "
                       "number of values", c->st->path,
                       (long long)row->point, (long long)row->replication,
                       (long long)row->package);
    *has = true;
    return SP_OK;
}

void sp_store_sweep_runs_close(sp_sweep_cursor *c)
{
    if (!c)
        return;
    sqlite3_finalize(c->s);
    sp_xfree(c->outcomes);
    sp_xfree(c->x);
    sp_xfree(c);
}
