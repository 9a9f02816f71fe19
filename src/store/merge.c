/*
 * merge.c - `spiral merge`: join the shards of one sweep into a new
 * database that holds the sweep as one invocation, as if it had been run
 * unsharded.
 *
 * What "as if unsharded" means. A unit's numbers depend only on (point,
 * replication, package) (src/sweep.c), so a shard's runs are the
 * unsharded sweep's runs for its points. The merge copies every run by
 * its key with its outcome BLOB unchanged (the bytes, NaN payloads
 * included), every design point's parameter values, the parameters,
 * package and outcome names once, and the sweeps row with shard 1/1 and
 * the shards' identity, so `spiral sweep --resume` on the merged file
 * finds nothing missing. Run row ids differ from an unsharded file's (the
 * shards are copied one after another); nothing refers to a run by id
 * across files. The invocation row is shard 1's with the merge's command
 * line, the earliest start and the latest finish of the shards, and
 * status done; its code_version stays the shards' (the code that computed
 * the runs), while meta.created_by names the build that merged.
 *
 * What is refused, before any file is written (SP_EINVAL unless the
 * store says otherwise): an input that is not a spiral database or
 * holds no sweep (the newest sweep of each input is the one merged);
 * inputs from different sweeps (sweeps.identity differs: scenario
 * sha256, design, samples, levels, replications, seed, packages, horizon,
 * code version) or with different shard counts; the same shard twice, or
 * the same file twice; a missing shard (all of 1..N must be given, once
 * each: a merge that silently lacked points would look like a whole
 * sweep); a shard with missing runs or runs outside its points (finish it
 * with --resume first); an output that exists (no silent overwrite) or is
 * one of the inputs; a leftover OUT.tmp.
 *
 * How. The output is built as OUT.tmp with the store API (fresh schema),
 * then each input in turn is ATTACHed to that connection and copied with
 * INSERT ... SELECT, one transaction per shard. SQLite streams the rows,
 * so memory does not depend on the run count, and the BLOBs are never
 * decoded. Inputs are attached one at a time because SQLite attaches at
 * most 10 databases, and ATTACH cannot run inside a transaction. On
 * success OUT.tmp is linked to OUT (link fails if OUT appeared meanwhile,
 * where rename would overwrite it) and unlinked; on any failure OUT.tmp
 * and its WAL files are removed, so nothing is left behind.
 *
 * Tests: tests/check_merge_export_cli.sh (a 3-shard sweep merged and
 * compared byte for byte with the unsharded one; every refusal).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One input: its path, the sweep it holds and its file's identity. */
typedef struct shard {
    const char *path;
    sp_store_sweep sw;
    int64_t n_packages;
    dev_t dev;
    ino_t ino;
} shard;

/* ---- checks on the files ------------------------------------------------ */

/* OUT must not exist (nor OUT.tmp) and must not be an input; an input
 * must not be given twice. Inputs that do not exist are left to
 * sp_store_open, which words that error. */
static int check_files(shard *sh, size_t n, const char *out,
                       const char *tmp, sp_error *err)
{
    struct stat so, si;
    bool out_exists = stat(out, &so) == 0;
    for (size_t i = 0; i < n; i++) {
        if (stat(sh[i].path, &si) != 0)
            continue;
        sh[i].dev = si.st_dev, sh[i].ino = si.st_ino;
        if (out_exists && si.st_dev == so.st_dev && si.st_ino == so.st_ino)
            return SP_FAIL(err, SP_EINVAL, "-o %s is also an input; merge "
                           "writes a new file", out);
        for (size_t j = 0; j < i; j++)
            if (sh[j].dev == si.st_dev && sh[j].ino == si.st_ino)
                return strcmp(sh[i].path, sh[j].path) == 0
                           ? SP_FAIL(err, SP_EINVAL, "%s is given twice",
                                     sh[i].path)
                           : SP_FAIL(err, SP_EINVAL, "%s is given twice (as "
                                     "%s and %s)", sh[i].path, sh[j].path,
                                     sh[i].path);
    }
    if (out_exists)
        return SP_FAIL(err, SP_EINVAL, "%s exists; merge does not "
                       "overwrite (remove it or choose another -o)", out);
    if (access(tmp, F_OK) == 0)
        return SP_FAIL(err, SP_EINVAL, "%s exists (another merge, or one "
                       "that crashed); remove it first", tmp);
    return SP_OK;
}

/* One integer from sql with ?1 bound to a. */
static int query_int(sp_store *st, const char *sql, int64_t a, int64_t *out,
                     sp_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, a);
        rc = sqlite3_step(s);
        *out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? SP_OK
                            : sp_store_db_fail(st, rc, "reading a count", err);
}

/* Runs of the shard that lie on its points, and all its runs. */
static int count_runs(sp_store *st, const sp_store_sweep *w, int64_t P,
                      int64_t *inside, int64_t *all, sp_error *err)
{
    char sql[400];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM runs WHERE invocation "
             "= ?1 AND point %% %lld = %lld AND point < %lld AND "
             "replication < %lld AND package < %lld",
             (long long)w->shard_n, (long long)(w->shard_k - 1),
             (long long)w->n_points, (long long)w->replications,
             (long long)P);
    int rc = query_int(st, sql, w->invocation, inside, err);
    if (!rc)
        rc = query_int(st, "SELECT count(*) FROM runs WHERE invocation = ?1",
                       w->invocation, all, err);
    return rc;
}

/* A shard must hold every run of its points and nothing else. */
static int check_complete(sp_store *st, shard *s, sp_error *err)
{
    const sp_store_sweep *w = &s->sw;
    int rc = query_int(st, "SELECT count(*) FROM packages WHERE invocation "
                       "= ?1", w->invocation, &s->n_packages, err);
    int64_t inside = 0, all = 0;
    if (!rc)
        rc = count_runs(st, w, s->n_packages, &inside, &all, err);
    if (rc)
        return rc;
    int64_t pts = w->n_points > w->shard_k - 1
                      ? (w->n_points - w->shard_k) / w->shard_n + 1 : 0;
    int64_t want = pts * w->replications * s->n_packages;
    if (inside != all)
        return SP_FAIL(err, SP_EFORMAT, "%s: sweep %lld has %lld runs "
                       "outside shard %lld/%lld", s->path,
                       (long long)w->invocation, (long long)(all - inside),
                       (long long)w->shard_k, (long long)w->shard_n);
    if (all != want)
        return SP_FAIL(err, SP_EINVAL, "%s: shard %lld/%lld is incomplete "
                       "(%lld of %lld runs); finish it with the same `spiral "
                       "sweep` command and --resume", s->path,
                       (long long)w->shard_k, (long long)w->shard_n,
                       (long long)all, (long long)want);
    return SP_OK;
}

/* Open one input read-only and read its newest sweep. */
static int read_shard(shard *s, sp_error *err)
{
    sp_store *st = NULL;
    int rc = sp_store_open(s->path, SP_STORE_READONLY, &st, err);
    if (!rc)
        rc = sp_store_get_sweep(st, 0, &s->sw, err);
    if (!rc)
        rc = check_complete(st, s, err);
    sp_store_close(st);
    return rc;
}

/* The first ;-separated field where two identities differ. */
static void first_difference(const char *a, const char *b, char *out,
                             size_t n)
{
    while (*a && *b) {
        size_t la = strcspn(a, ";"), lb = strcspn(b, ";");
        if (la != lb || strncmp(a, b, la) != 0)
            break;
        a += la + (a[la] == ';'), b += lb + (b[lb] == ';');
    }
    snprintf(out, n, "%.*s against %.*s", (int)strcspn(a, ";"), a,
             (int)strcspn(b, ";"), b);
}

static bool has_shard(const shard *sh, size_t n, int64_t k)
{
    for (size_t i = 0; i < n; i++)
        if (sh[i].sw.shard_k == k)
            return true;
    return false;
}

/* One sweep, N shards, each of 1..N exactly once. */
static int check_set(const shard *sh, size_t n, sp_error *err)
{
    const sp_store_sweep *w0 = &sh[0].sw;
    for (size_t i = 1; i < n; i++) {
        char diff[600];
        if (strcmp(sh[i].sw.identity, w0->identity) != 0) {
            first_difference(sh[i].sw.identity, w0->identity, diff,
                             sizeof diff);
            return SP_FAIL(err, SP_EINVAL, "%s and %s hold shards of "
                           "different sweeps (%s)", sh[i].path, sh[0].path,
                           diff);
        }
        if (sh[i].sw.shard_n != w0->shard_n)
            return SP_FAIL(err, SP_EINVAL, "%s is shard %lld/%lld but %s "
                           "is %lld/%lld: shards of one sweep share N",
                           sh[i].path, (long long)sh[i].sw.shard_k,
                           (long long)sh[i].sw.shard_n, sh[0].path,
                           (long long)w0->shard_k, (long long)w0->shard_n);
        for (size_t j = 0; j < i; j++)
            if (sh[j].sw.shard_k == sh[i].sw.shard_k)
                return SP_FAIL(err, SP_EINVAL, "shard %lld/%lld is in both "
                               "%s and %s", (long long)sh[i].sw.shard_k,
                               (long long)w0->shard_n, sh[j].path,
                               sh[i].path);
    }
    if ((int64_t)n == w0->shard_n)
        return SP_OK;
    int64_t k = 1; /* the lowest missing shard */
    while (has_shard(sh, n, k))
        k++;
    return SP_FAIL(err, SP_EINVAL, "shard %lld/%lld is missing (%zu of %lld "
                   "given); merge needs every shard of the sweep once",
                   (long long)k, (long long)w0->shard_n, n,
                   (long long)w0->shard_n);
}

/* ---- copying ------------------------------------------------------------- */

/* Run sql with ?1 = a, ?2 = b (and ?3 = text, if given). */
static int exec2(sp_store *st, const char *sql, int64_t a, int64_t b,
                 const char *text, const char *what, sp_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, a);
        sqlite3_bind_int64(s, 2, b);
        if (text)
            sqlite3_bind_text(s, 3, text, -1, SQLITE_STATIC);
        rc = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SP_OK : sp_store_db_fail(st, rc, what, err);
}

/* The invocation row (shard 1's, command line replaced) and everything
 * kept once per sweep. ?1 = the new id, ?2 = the shard's id. */
static const char *const copy_once[] = {
    "INSERT INTO main.invocations(id, kind, started_at, finished_at, status,"
    " command_line, code_version, scenario_name, scenario_sha256,"
    " scenario_text, params_json, seed, series) SELECT ?1, kind, started_at,"
    " finished_at, 'done', coalesce(?3, command_line), code_version,"
    " scenario_name, scenario_sha256, scenario_text, params_json, seed,"
    " series FROM src.invocations WHERE id = ?2",
    "INSERT INTO main.packages SELECT ?1, idx, name FROM src.packages"
    " WHERE invocation = ?2",
    "INSERT INTO main.outcome_names SELECT ?1, idx, name FROM"
    " src.outcome_names WHERE invocation = ?2",
    "INSERT INTO main.sweeps SELECT ?1, design, samples, replications,"
    " n_points, n_params, 1, 1, identity FROM src.sweeps"
    " WHERE invocation = ?2",
    "INSERT INTO main.sweep_params SELECT ?1, idx, path, dist, grp FROM"
    " src.sweep_params WHERE invocation = ?2",
    "INSERT INTO main.actors SELECT ?1, idx, id FROM src.actors"
    " WHERE invocation = ?2",
    "INSERT INTO main.ledger_rules SELECT ?1, idx, name, summary, citation"
    " FROM src.ledger_rules WHERE invocation = ?2",
    "INSERT INTO main.ledger_acts SELECT ?1, idx, name, unit FROM"
    " src.ledger_acts WHERE invocation = ?2",
};

/* Later shards must name the same things (the identity should already
 * guarantee it; this is the check that does not trust it). The count of
 * rows in one table but not the other, either way. */
static const char *const same_names[] = {
    "SELECT (SELECT count(*) FROM (SELECT idx, name FROM main.packages"
    " WHERE invocation = ?1 EXCEPT SELECT idx, name FROM src.packages WHERE"
    " invocation = ?2)) + (SELECT count(*) FROM (SELECT idx, name FROM"
    " src.packages WHERE invocation = ?2 EXCEPT SELECT idx, name FROM"
    " main.packages WHERE invocation = ?1))",
    "SELECT (SELECT count(*) FROM (SELECT idx, name FROM main.outcome_names"
    " WHERE invocation = ?1 EXCEPT SELECT idx, name FROM src.outcome_names"
    " WHERE invocation = ?2)) + (SELECT count(*) FROM (SELECT idx, name FROM"
    " src.outcome_names WHERE invocation = ?2 EXCEPT SELECT idx, name FROM"
    " main.outcome_names WHERE invocation = ?1))",
    "SELECT (SELECT count(*) FROM (SELECT idx, path, dist, grp FROM"
    " main.sweep_params WHERE invocation = ?1 EXCEPT SELECT idx, path, dist,"
    " grp FROM src.sweep_params WHERE invocation = ?2)) + (SELECT count(*)"
    " FROM (SELECT idx, path, dist, grp FROM src.sweep_params WHERE"
    " invocation = ?2 EXCEPT SELECT idx, path, dist, grp FROM"
    " main.sweep_params WHERE invocation = ?1))",
};

/* Every shard: its runs (BLOBs as stored), points, ledgers, times. */
static const char *const copy_each[] = {
    "INSERT INTO main.runs(invocation, package, point, replication, failure,"
    " outcomes) SELECT ?1, package, point, replication, failure, outcomes"
    " FROM src.runs WHERE invocation = ?2 ORDER BY point, replication,"
    " package",
    "INSERT INTO main.sweep_points SELECT ?1, point, x FROM src.sweep_points"
    " WHERE invocation = ?2",
    "INSERT INTO main.run_ledger SELECT m.id, l.rule, l.act, l.actor,"
    " l.count, l.size FROM src.runs r JOIN src.run_ledger l ON l.run = r.id"
    " JOIN main.runs m ON m.invocation = ?1 AND m.package = r.package AND"
    " m.point = r.point AND m.replication = r.replication"
    " WHERE r.invocation = ?2",
    "INSERT INTO main.ledger_rows SELECT m.id, l.seq, l.month, l.date,"
    " l.rule, l.act, l.actor, l.other, l.size FROM src.runs r JOIN"
    " src.ledger_rows l ON l.run = r.id JOIN main.runs m ON m.invocation ="
    " ?1 AND m.package = r.package AND m.point = r.point AND"
    " m.replication = r.replication WHERE r.invocation = ?2",
    "UPDATE main.invocations SET started_at = (SELECT min(main.invocations."
    "started_at, s.started_at) FROM src.invocations s WHERE s.id = ?2),"
    " finished_at = (SELECT nullif(max(coalesce(main.invocations.finished_at,"
    " ''), coalesce(s.finished_at, '')), '') FROM src.invocations s"
    " WHERE s.id = ?2)"
    " WHERE id = ?1",
};

#define N_OF(a) (sizeof(a) / sizeof *(a))

static int check_names(sp_store *st, const shard *s, int64_t id,
                       sp_error *err)
{
    for (size_t q = 0; q < N_OF(same_names); q++) {
        sqlite3_stmt *stmt = NULL;
        int rc = sqlite3_prepare_v2(st->db, same_names[q], -1, &stmt, NULL);
        int64_t differ = 0;
        if (rc == SQLITE_OK) {
            sqlite3_bind_int64(stmt, 1, id);
            sqlite3_bind_int64(stmt, 2, s->sw.invocation);
            if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
                differ = sqlite3_column_int64(stmt, 0);
        }
        sqlite3_finalize(stmt);
        if (rc != SQLITE_ROW)
            return sp_store_db_fail(st, rc, "comparing names", err);
        if (differ)
            return SP_FAIL(err, SP_EINVAL, "%s: its %s differ from the first "
                           "shard's", s->path, q == 0 ? "packages"
                           : q == 1 ? "outcome names" : "parameters");
    }
    return SP_OK;
}

/* Copy one attached shard inside the caller's transaction. */
static int copy_shard(sp_store *st, const shard *s, bool first,
                      const char *command_line, sp_error *err)
{
    const int64_t id = 1; /* the output is fresh: its first invocation */
    int rc = SP_OK;
    for (size_t q = 0; first && !rc && q < N_OF(copy_once); q++)
        rc = exec2(st, copy_once[q], id, s->sw.invocation,
                   q == 0 ? command_line : NULL, "copying a shard", err);
    if (!first && !rc)
        rc = check_names(st, s, id, err);
    for (size_t q = 0; !rc && q < N_OF(copy_each); q++)
        rc = exec2(st, copy_each[q], id, s->sw.invocation, NULL,
                   "copying a shard's runs", err);
    return rc;
}

static int attach_and_copy(sp_store *st, const shard *s, bool first,
                           const char *command_line, sp_error *err)
{
    sqlite3_stmt *a = NULL;
    int src = sqlite3_prepare_v2(st->db, "ATTACH ?1 AS src", -1, &a, NULL);
    if (src == SQLITE_OK) {
        sqlite3_bind_text(a, 1, s->path, -1, SQLITE_STATIC);
        src = sqlite3_step(a);
    }
    sqlite3_finalize(a);
    if (src != SQLITE_DONE)
        return sp_store_db_fail(st, src, "attaching a shard", err);
    int rc = sp_store_exec(st, "BEGIN IMMEDIATE", "starting the copy", err);
    if (!rc)
        rc = copy_shard(st, s, first, command_line, err);
    if (!rc)
        rc = sp_store_exec(st, "COMMIT", "committing the copy", err);
    if (rc && !sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    int drc = sp_store_exec(st, "DETACH src", "detaching a shard", err);
    return rc ? rc : drc;
}

/* ---- the whole merge ------------------------------------------------------ */

static void remove_tmp(const char *tmp)
{
    static const char *const tails[] = {"", "-wal", "-shm", "-journal"};
    char p[4200];
    for (size_t i = 0; i < N_OF(tails); i++) {
        snprintf(p, sizeof p, "%s%s", tmp, tails[i]);
        unlink(p);
    }
}

/* OUT.tmp -> OUT without overwriting an OUT that appeared meanwhile. */
static int publish(const char *tmp, const char *out, sp_error *err)
{
    if (link(tmp, out) == 0)
        return unlink(tmp) == 0 ? SP_OK
                                : SP_FAIL(err, SP_EIO, "cannot remove %s: %s",
                                          tmp, strerror(errno));
    if (errno == EEXIST)
        return SP_FAIL(err, SP_EINVAL, "%s appeared during the merge; not "
                       "overwritten", out);
    if (access(out, F_OK) == 0) /* no hard links here: rename, carefully */
        return SP_FAIL(err, SP_EINVAL, "%s exists; not overwritten", out);
    if (rename(tmp, out) != 0)
        return SP_FAIL(err, SP_EIO, "cannot rename %s to %s: %s", tmp, out,
                       strerror(errno));
    return SP_OK;
}

/* Shards in order 1..N, so the runs are copied in point order per shard
 * and the result does not depend on the order of the arguments. */
static int by_shard(const void *a, const void *b)
{
    int64_t x = ((const shard *)a)->sw.shard_k;
    int64_t y = ((const shard *)b)->sw.shard_k;
    return (x > y) - (x < y);
}

static int write_merged(shard *sh, size_t n, const char *tmp,
                        const char *command_line, uint64_t *n_runs,
                        sp_error *err)
{
    sp_store *st = NULL;
    int rc = sp_store_open(tmp, SP_STORE_CREATE, &st, err);
    qsort(sh, n, sizeof *sh, by_shard);
    for (size_t i = 0; !rc && i < n; i++)
        rc = attach_and_copy(st, &sh[i], i == 0, command_line, err);
    int64_t runs = 0;
    if (!rc)
        rc = query_int(st, "SELECT count(*) FROM runs WHERE invocation = ?1",
                       1, &runs, err);
    if (n_runs)
        *n_runs = (uint64_t)runs;
    sp_store_close(st);
    return rc;
}

int sp_store_merge(const char *const *inputs, size_t n_inputs,
                   const char *out, const char *command_line,
                   uint64_t *n_runs, sp_error *err)
{
    if (n_runs)
        *n_runs = 0;
    if (!inputs || !n_inputs || !out || !*out)
        return SP_FAIL(err, SP_EINVAL, "merge needs input databases and an "
                       "output (-o FILE)");
    shard *sh = sp_calloc(n_inputs, sizeof *sh);
    char *tmp = sp_malloc(strlen(out) + 5);
    if (!sh || !tmp) {
        sp_xfree(sh);
        sp_xfree(tmp);
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    }
    sprintf(tmp, "%s.tmp", out);
    for (size_t i = 0; i < n_inputs; i++)
        sh[i].path = inputs[i];
    int rc = check_files(sh, n_inputs, out, tmp, err);
    for (size_t i = 0; !rc && i < n_inputs; i++)
        rc = read_shard(&sh[i], err);
    if (!rc)
        rc = check_set(sh, n_inputs, err);
    if (!rc) {
        rc = write_merged(sh, n_inputs, tmp, command_line, n_runs, err);
        if (!rc)
            rc = publish(tmp, out, err);
        if (rc)
            remove_tmp(tmp);
    }
    for (size_t i = 0; i < n_inputs; i++)
        sp_store_sweep_clear(&sh[i].sw);
    sp_xfree(sh);
    sp_xfree(tmp);
    return rc;
}
