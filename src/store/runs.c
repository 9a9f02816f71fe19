/*
 * runs.c - runs by key, written in batches.
 *
 * A batch is one BEGIN IMMEDIATE ... COMMIT: the unit a crash can lose and
 * the unit a resumed sweep trusts (a finished run is one whose batch has
 * committed). Within a batch each sp_store_put_run is one INSERT through
 * a statement prepared once per store; the outcomes are encoded into a
 * buffer kept on the store, so a batch allocates nothing once the buffer
 * is big enough.
 *
 * Keys are unique: a second put of the same (invocation, package, point,
 * replication) is SP_EINVAL and leaves the batch open (the caller may go
 * on or roll back). A run of an invocation that does not exist is
 * SP_ENOTFOUND. The outcome encoding (little-endian binary64, 8 bytes a
 * value) is described in store.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "store/store.h"

#include <string.h>

/* ---- the BLOB encoding ------------------------------------------------- */

void sp_store_encode_doubles(const double *v, size_t n, unsigned char *out)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t bits;
        memcpy(&bits, &v[i], sizeof bits);
        for (int b = 0; b < 8; b++)
            out[8 * i + (size_t)b] = (unsigned char)(bits >> (8 * b));
    }
}

void sp_store_decode_doubles(const unsigned char *in, size_t n, double *out)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t bits = 0;
        for (int b = 0; b < 8; b++)
            bits |= (uint64_t)in[8 * i + (size_t)b] << (8 * b);
        memcpy(&out[i], &bits, sizeof bits);
    }
}

/* ---- batches ----------------------------------------------------------- */

int sp_store_begin_batch(sp_store *st, sp_error *err)
{
    if (!st)
        return SP_FAIL(err, SP_EINVAL, "no store");
    if (st->readonly)
        return SP_FAIL(err, SP_EINVAL, "%s: opened read-only", st->path);
    if (st->in_batch)
        return SP_FAIL(err, SP_EINVAL, "%s: a batch is already open",
                       st->path);
    int rc = sp_store_exec(st, "BEGIN IMMEDIATE", "starting a batch", err);
    st->in_batch = rc == SP_OK;
    return rc;
}

/* SQLite rolls a transaction back by itself after some errors (disk
 * full, I/O); later puts must not then slip into autocommit mode. */
static int check_batch_alive(sp_store *st, sp_error *err)
{
    if (!st->in_batch)
        return SP_FAIL(err, SP_EINVAL, "%s: no batch is open (call "
                       "sp_store_begin_batch first)", st->path);
    if (sqlite3_get_autocommit(st->db))
        return SP_FAIL(err, SP_EIO, "%s: the batch was rolled back after an "
                       "earlier error", st->path);
    return SP_OK;
}

int sp_store_commit_batch(sp_store *st, sp_error *err)
{
    if (!st)
        return SP_FAIL(err, SP_EINVAL, "no store");
    int rc = check_batch_alive(st, err);
    if (rc != SP_OK)
        return rc;
    rc = sp_store_exec(st, "COMMIT", "committing a batch", err);
    /* A failed COMMIT (busy, disk full) may leave the transaction open;
     * the caller then rolls back. */
    st->in_batch = !sqlite3_get_autocommit(st->db);
    return rc;
}

int sp_store_rollback_batch(sp_store *st)
{
    if (!st || !st->in_batch)
        return SP_OK;
    st->in_batch = 0;
    st->names_inv = 0; /* names added in the batch are gone */
    if (sqlite3_get_autocommit(st->db))
        return SP_OK; /* SQLite already rolled it back */
    return sp_store_exec(st, "ROLLBACK", "rolling back a batch", NULL);
}

/* ---- putting runs ------------------------------------------------------ */

/* How many outcome names the invocation has (cached per invocation). */
static int names_count(sp_store *st, int64_t invocation, int64_t *n,
                       sp_error *err)
{
    if (st->names_inv != invocation || invocation == 0) {
        int rc = sp_store_count_by(st, SP_ST_COUNT_OUTCOME_NAMES, invocation,
                                   &st->names_n, err);
        if (rc != SP_OK)
            return rc;
        st->names_inv = invocation;
    }
    *n = st->names_n;
    return SP_OK;
}

static int check_put(sp_store *st, const sp_run_key *k, const double *out,
                     size_t n, const char *failure, sp_error *err)
{
    int rc = check_batch_alive(st, err);
    if (rc != SP_OK)
        return rc;
    if (k->package < 0 || k->point < 0 || k->replication < 0 || (n && !out))
        return SP_FAIL(err, SP_EINVAL, "%s: invalid run (package %d, point "
                       "%d, replication %d)", st->path, (int)k->package,
                       (int)k->point, (int)k->replication);
    if (n > SP_STORE_MAX_OUTCOMES)
        return SP_FAIL(err, SP_ELIMIT, "%s: %zu outcomes in one run (at most "
                       "%u)", st->path, n, SP_STORE_MAX_OUTCOMES);
    int64_t names = 0;
    rc = names_count(st, k->invocation, &names, err);
    if (rc == SP_OK && names > 0 && (int64_t)n != names && !(failure && !n))
        rc = SP_FAIL(err, SP_EINVAL, "%s: run (package %d, point %d, "
                     "replication %d) has %zu outcomes; invocation %lld names "
                     "%lld", st->path, (int)k->package, (int)k->point,
                     (int)k->replication, n, (long long)k->invocation,
                     (long long)names);
    return rc;
}

static int reserve_blob(sp_store *st, size_t bytes, sp_error *err)
{
    if (bytes <= st->blob_cap)
        return SP_OK;
    size_t cap = st->blob_cap ? st->blob_cap : 256;
    while (cap < bytes)
        cap *= 2;
    unsigned char *p = sp_realloc(st->blob, cap);
    if (!p)
        return SP_FAIL(err, SP_ENOMEM, "%s: out of memory", st->path);
    st->blob = p;
    st->blob_cap = cap;
    return SP_OK;
}

static int put_failed(sp_store *st, const sp_run_key *k, int rc,
                      sp_error *err)
{
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return SP_FAIL(err, SP_EINVAL, "%s: run (package %d, point %d, "
                       "replication %d) of invocation %lld already stored",
                       st->path, (int)k->package, (int)k->point,
                       (int)k->replication, (long long)k->invocation);
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return SP_FAIL(err, SP_ENOTFOUND, "%s: no invocation %lld", st->path,
                       (long long)k->invocation);
    return sp_store_db_fail(st, rc, "storing a run", err);
}

int sp_store_put_run(sp_store *st, const sp_run_key *key,
                     const double *outcomes, size_t n, const char *failure,
                     sp_error *err)
{
    if (!st || !key)
        return SP_FAIL(err, SP_EINVAL, "sp_store_put_run: no store or key");
    sqlite3_stmt *s;
    int rc = check_put(st, key, outcomes, n, failure, err);
    if (rc == SP_OK)
        rc = reserve_blob(st, n * 8, err);
    if (rc == SP_OK)
        rc = sp_store_stmt(st, SP_ST_INSERT_RUN, &s, err);
    if (rc != SP_OK)
        return rc;
    sp_store_encode_doubles(outcomes, n, st->blob);
    sqlite3_bind_int64(s, 1, key->invocation);
    sqlite3_bind_int(s, 2, key->package);
    sqlite3_bind_int(s, 3, key->point);
    sqlite3_bind_int(s, 4, key->replication);
    if (failure)
        sqlite3_bind_text(s, 5, failure, -1, SQLITE_STATIC);
    if (n)
        sqlite3_bind_blob64(s, 6, st->blob, n * 8, SQLITE_STATIC);
    else
        sqlite3_bind_zeroblob(s, 6, 0); /* empty, not NULL */
    int src = sqlite3_step(s);
    sqlite3_reset(s);
    return src == SQLITE_DONE ? SP_OK : put_failed(st, key, src, err);
}

/* ---- reading runs ------------------------------------------------------ */

static int copy_outcomes(sp_store *st, const sp_run_key *k, sqlite3_stmt *s,
                         double *out, size_t *n, sp_error *err)
{
    const unsigned char *blob = sqlite3_column_blob(s, 0);
    size_t bytes = (size_t)sqlite3_column_bytes(s, 0);
    if (!blob && bytes)
        return SP_FAIL(err, SP_ENOMEM, "%s: out of memory", st->path);
    if (bytes % 8 != 0)
        return SP_FAIL(err, SP_EFORMAT, "%s: run (package %d, point %d, "
                       "replication %d): outcomes of %zu bytes, not a "
                       "multiple of 8", st->path, (int)k->package,
                       (int)k->point, (int)k->replication, bytes);
    size_t cap = *n, count = bytes / 8;
    *n = count;
    if (!out)
        return SP_OK; /* the caller asked only how many */
    if (count > cap)
        return SP_FAIL(err, SP_ELIMIT, "%s: run (package %d, point %d, "
                       "replication %d) has %zu outcomes; room for %zu",
                       st->path, (int)k->package, (int)k->point,
                       (int)k->replication, count, cap);
    sp_store_decode_doubles(blob, count, out);
    return SP_OK;
}

int sp_store_get_run(sp_store *st, const sp_run_key *key, double *outcomes,
                     size_t *n, sp_error *err)
{
    if (!st || !key || !n)
        return SP_FAIL(err, SP_EINVAL, "sp_store_get_run: invalid arguments");
    sqlite3_stmt *s;
    int rc = sp_store_stmt(st, SP_ST_GET_RUN, &s, err);
    if (rc != SP_OK)
        return rc;
    sqlite3_bind_int64(s, 1, key->invocation);
    sqlite3_bind_int(s, 2, key->package);
    sqlite3_bind_int(s, 3, key->point);
    sqlite3_bind_int(s, 4, key->replication);
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW)
        rc = copy_outcomes(st, key, s, outcomes, n, err);
    else if (src == SQLITE_DONE)
        rc = SP_FAIL(err, SP_ENOTFOUND, "%s: run (package %d, point %d, "
                     "replication %d) of invocation %lld is not stored",
                     st->path, (int)key->package, (int)key->point,
                     (int)key->replication, (long long)key->invocation);
    else
        rc = sp_store_db_fail(st, src, "reading a run", err);
    sqlite3_reset(s);
    return rc;
}

int sp_store_check_invocation(sp_store *st, int64_t invocation,
                              sp_error *err)
{
    sqlite3_stmt *s;
    int rc = sp_store_stmt(st, SP_ST_INVOCATION_EXISTS, &s, err);
    if (rc != SP_OK)
        return rc;
    sqlite3_bind_int64(s, 1, invocation);
    int src = sqlite3_step(s);
    sqlite3_reset(s);
    if (src == SQLITE_ROW)
        return SP_OK;
    if (src == SQLITE_DONE)
        return SP_FAIL(err, SP_ENOTFOUND, "%s: no invocation %lld", st->path,
                       (long long)invocation);
    return sp_store_db_fail(st, src, "looking up an invocation", err);
}

/* Every stored run of the invocation, failed ones included. */
int sp_store_count_runs(sp_store *st, int64_t invocation, int64_t *count,
                        sp_error *err)
{
    if (!st || !count)
        return SP_FAIL(err, SP_EINVAL, "sp_store_count_runs: invalid "
                       "arguments");
    int rc = sp_store_check_invocation(st, invocation, err);
    return rc != SP_OK ? rc
                       : sp_store_count_by(st, SP_ST_COUNT_RUNS, invocation,
                                           count, err);
}

int sp_store_count_failed(sp_store *st, int64_t invocation, int64_t *count,
                          sp_error *err)
{
    if (!st || !count)
        return SP_FAIL(err, SP_EINVAL, "sp_store_count_failed: invalid "
                       "arguments");
    int rc = sp_store_check_invocation(st, invocation, err);
    return rc != SP_OK ? rc
                       : sp_store_count_by(st, SP_ST_COUNT_FAILED, invocation,
                                           count, err);
}
