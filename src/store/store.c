/*
 * store.c - the results store: SQLite files that hold what spiral wrote.
 *
 * What. Every invocation that writes (run, compare, sweep, ...) gets an
 * id and a row holding its command line, code version, scenario name,
 * text and sha256, resolved parameters and seed. Its runs are stored by
 * key (invocation, package, design point, replication) with their
 * outcomes, or with the reason they failed. Analysis, reports and the
 * dashboard read only this file; nothing downstream re-runs the model.
 *
 * Why SQLite. One file, transactional, readable from any language, and
 * a committed batch survives a crash: a finished run is one whose batch
 * has committed, so a resumed sweep recomputes exactly the missing keys.
 *
 * Identity. PRAGMA application_id is 0x53505231 ('SPR1') and a `meta`
 * table holds schema_version, created_by (code version) and created_at.
 * A file that is not SQLite, or is SQLite without that id and table, is
 * refused with SP_EFORMAT and is never modified (the identity check runs
 * before any pragma that writes). A 0-byte or table-less SQLite file with
 * no application id is "fresh" and is initialised when opened with
 * SP_STORE_CREATE.
 *
 * Schema, version 2 (the SQL is in schema.c, one string per version step):
 *
 *   meta(key TEXT PRIMARY KEY, value TEXT)                  WITHOUT ROWID
 *   invocations(id INTEGER PRIMARY KEY AUTOINCREMENT, kind, started_at,
 *               finished_at, status running|done|interrupted|failed,
 *               command_line, code_version, scenario_name,
 *               scenario_sha256, scenario_text, params_json, seed,
 *               series 0|1 [v2])
 *   packages(invocation, idx, name)       PK (invocation, idx), WITHOUT ROWID
 *   outcome_names(invocation, idx, name)  PK (invocation, idx), WITHOUT ROWID
 *   runs(id INTEGER PRIMARY KEY, invocation, package, point, replication,
 *        failure TEXT NULL, outcomes BLOB)
 *     UNIQUE INDEX runs_key(invocation, package, point, replication)
 *     INDEX runs_failed(invocation) WHERE failure IS NOT NULL
 *   [v2, the legal ledger; indices into the per-invocation name tables]
 *   actors(invocation, idx, id)                       WITHOUT ROWID
 *   ledger_rules(invocation, idx, name, summary, citation) WITHOUT ROWID
 *   ledger_acts(invocation, idx, name, unit)          WITHOUT ROWID
 *   run_ledger(run -> runs(id), rule, act, actor, count > 0, size)
 *     PK (run, rule, act, actor), WITHOUT ROWID: per run, the nonzero
 *     cells only (a few dozen a run in the reference scenario)
 *   ledger_rows(run -> runs(id), seq, month, date, rule, act, actor,
 *     other NULL, size)  PK (run, seq), WITHOUT ROWID: one row per
 *     violation, only for invocations with series = 1 (--series)
 *   answers(invocation PK, text)             (v3) `spiral questions --db`
 *   sweeps(invocation PK, design, samples, replications, n_points,
 *     n_params, shard_k, shard_n, identity)  (v4) one row per sweep;
 *     identity is what --resume and merge compare (sweep.c)
 *   sweep_params(invocation, idx, path, dist) WITHOUT ROWID  (v4)
 *   sweep_points(invocation, point, x BLOB)  WITHOUT ROWID  (v4) the
 *     parameter values of each point that has runs
 *
 * Times are UTC ISO 8601 text ("2024-05-01T12:34:56Z"). The seed, a
 * uint64, is stored as the int64 with the same bits. AUTOINCREMENT keeps
 * an id from ever being reused, since users refer to ids (--id).
 *
 * Why runs is a rowid table with a key index rather than WITHOUT ROWID:
 * for a million-run sweep, counting runs, listing stored keys (resume)
 * and counting failures read only the small key and partial indexes,
 * not the outcome BLOBs (measured 4x faster counts, faster inserts, same
 * size), and later per-run tables (legal-ledger summary, per-step series)
 * can refer to a run by one integer (run_ledger, ledger_rows; later
 * run_series and design_points arrive as migrations too). Deleting a run
 * deletes its ledger (ON DELETE CASCADE). A
 * failed run is a row with failure set (its outcomes may be empty), so
 * --retry-failed deletes those rows and stores the runs again; shards
 * merge by copying rows by key with their BLOBs unchanged, which is
 * exact.
 *
 * Outcome encoding. runs.outcomes holds the run's n outcomes, in the
 * order of outcome_names.idx, as n * 8 bytes: each double's IEEE 754
 * binary64 bit pattern, least significant byte first, whatever the host.
 * Reading gives back the same bits, NaN payloads and -0.0 included.
 * A run with no outcomes has an empty (not NULL) BLOB. When an invocation
 * has outcome names, a run must have exactly that many outcomes (a failed
 * run may have none).
 *
 * Migration rule. The schema history is a table of SQL steps; step k
 * takes version k to k + 1, and step 0 creates version 1 from nothing,
 * so a fresh file and a migrated file go through the same SQL. Opening a
 * file of an older version for writing runs the missing steps and sets
 * meta.schema_version in one IMMEDIATE transaction (all or nothing); a
 * newer version is refused (SP_EFORMAT), and an older one opened read-only
 * is refused with a note to open it for writing. To change the schema,
 * append a step; never edit a released one.
 *
 * Connection. WAL journal, synchronous=NORMAL (a committed batch can be
 * lost only by an OS crash, never corrupted), foreign keys on, 5 s busy
 * timeout. Statements are prepared once per store, kept on it and reset
 * after each use (so no read snapshot stays open), finalized on close.
 * Runs are written in batches: one BEGIN IMMEDIATE ... COMMIT per batch.
 *
 * Errors. Every SQLite failure passes through sp_store_db_fail, which
 * maps it to an SP_E* code (corrupt / not a database -> SP_EFORMAT, full
 * disk / I/O / locked -> SP_EIO, constraint -> SP_EINVAL) and writes
 * "FILE: what was being done: sqlite's message". Nothing here prints.
 *
 * Files: store.c (open, close, errors, invocations), schema.c (identity,
 * creation, migration), runs.c (batches and runs), list.c (`spiral ls`).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "store/store.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *const stmt_sql[SP_ST_COUNT] = {
    [SP_ST_INSERT_INVOCATION] =
        "INSERT INTO invocations(kind, started_at, status, command_line,"
        " code_version, scenario_name, scenario_sha256, scenario_text,"
        " params_json, seed) VALUES (?1, ?2, 'running', ?3, ?4, ?5, ?6, ?7,"
        " ?8, ?9)",
    [SP_ST_END_INVOCATION] =
        "UPDATE invocations SET finished_at = ?1, status = ?2 WHERE id = ?3",
    [SP_ST_INVOCATION_EXISTS] = "SELECT 1 FROM invocations WHERE id = ?1",
    [SP_ST_INSERT_OUTCOME_NAME] =
        "INSERT INTO outcome_names(invocation, idx, name) VALUES (?1, ?2, ?3)",
    [SP_ST_COUNT_OUTCOME_NAMES] =
        "SELECT count(*) FROM outcome_names WHERE invocation = ?1",
    [SP_ST_INSERT_PACKAGE] =
        "INSERT INTO packages(invocation, idx, name) VALUES (?1, ?2, ?3)",
    [SP_ST_COUNT_PACKAGES] =
        "SELECT count(*) FROM packages WHERE invocation = ?1",
    [SP_ST_INSERT_POINT] =
        "INSERT OR IGNORE INTO sweep_points(invocation, point, x)"
        " VALUES (?1, ?2, ?3)",
    [SP_ST_INSERT_RUN] =
        "INSERT INTO runs(invocation, package, point, replication, failure,"
        " outcomes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [SP_ST_GET_RUN] =
        "SELECT outcomes FROM runs WHERE invocation = ?1 AND package = ?2"
        " AND point = ?3 AND replication = ?4",
    [SP_ST_COUNT_RUNS] = "SELECT count(*) FROM runs WHERE invocation = ?1",
    [SP_ST_COUNT_FAILED] =
        "SELECT count(*) FROM runs WHERE invocation = ?1"
        " AND failure IS NOT NULL",
    [SP_ST_LIST_INVOCATIONS] =
        "SELECT i.id, i.kind, i.started_at, i.finished_at, i.status,"
        " i.command_line, i.code_version, i.scenario_name,"
        " i.scenario_sha256, i.seed,"
        " (SELECT count(*) FROM runs r WHERE r.invocation = i.id),"
        " (SELECT count(*) FROM runs r WHERE r.invocation = i.id"
        "  AND r.failure IS NOT NULL)"
        " FROM invocations i ORDER BY i.id",
    [SP_ST_LIST_PACKAGES] =
        "SELECT name FROM packages WHERE invocation = ?1 ORDER BY idx",
    [SP_ST_LIST_OUTCOME_NAMES] =
        "SELECT name FROM outcome_names WHERE invocation = ?1 ORDER BY idx",
    [SP_ST_INSERT_RUN_LEDGER] =
        "INSERT INTO run_ledger(run, rule, act, actor, count, size)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [SP_ST_INSERT_LEDGER_ROW] =
        "INSERT INTO ledger_rows(run, seq, month, date, rule, act, actor,"
        " other, size) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
};

/* ---- errors and statements --------------------------------------------- */

static int map_sqlite(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK: return SP_OK;
    case SQLITE_NOMEM: return SP_ENOMEM;
    case SQLITE_CORRUPT: case SQLITE_NOTADB: case SQLITE_FORMAT:
        return SP_EFORMAT;
    case SQLITE_FULL: case SQLITE_IOERR: case SQLITE_CANTOPEN:
    case SQLITE_READONLY: case SQLITE_BUSY: case SQLITE_LOCKED:
    case SQLITE_PROTOCOL: case SQLITE_PERM: case SQLITE_NOLFS:
        return SP_EIO;
    case SQLITE_CONSTRAINT: case SQLITE_MISMATCH: case SQLITE_RANGE:
        return SP_EINVAL;
    case SQLITE_TOOBIG: return SP_ELIMIT;
    case SQLITE_INTERRUPT: return SP_EINTR;
    default: return SP_EINTERNAL;
    }
}

int sp_store_db_fail(sp_store *st, int rc, const char *what, sp_error *err)
{
    int code = map_sqlite(rc);
    if (code == SP_OK)
        code = SP_EINTERNAL;
    const char *msg = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
    return SP_FAIL(err, code, "%s: %s: %s", st->path, what, msg);
}

int sp_store_stmt(sp_store *st, int id, sqlite3_stmt **out, sp_error *err)
{
    sqlite3_stmt **s = &st->stmt[id];
    if (*s) {
        sqlite3_reset(*s);
        sqlite3_clear_bindings(*s);
    } else {
        int rc = sqlite3_prepare_v3(st->db, stmt_sql[id], -1,
                                    SQLITE_PREPARE_PERSISTENT, s, NULL);
        if (rc != SQLITE_OK)
            return sp_store_db_fail(st, rc, "preparing a statement", err);
    }
    *out = *s;
    return SP_OK;
}

int sp_store_exec(sp_store *st, const char *sql, const char *what,
                  sp_error *err)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? SP_OK : sp_store_db_fail(st, rc, what, err);
}

/* ---- the clock --------------------------------------------------------- */

void sp_store_now(const sp_store *st, char buf[32])
{
    time_t t = st->fixed_time ? (time_t)st->fixed_time : time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(buf, 32, "1970-01-01T00:00:00Z");
}

void sp_store_set_clock(sp_store *st, int64_t unix_seconds)
{
    st->fixed_time = unix_seconds;
}

/* ---- open and close ---------------------------------------------------- */

static int open_db(sp_store *st, int flags, sp_error *err)
{
    struct stat sb;
    if (stat(st->path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return SP_FAIL(err, SP_EIO, "cannot open %s: is a directory",
                       st->path);
    if (flags == SP_STORE_READONLY && stat(st->path, &sb) != 0 &&
        errno == ENOENT)
        return SP_FAIL(err, SP_EIO, "cannot open %s: no such file", st->path);
    int oflags = flags == SP_STORE_CREATE
                     ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                     : SQLITE_OPEN_READONLY;
    int rc = sqlite3_open_v2(st->path, &st->db, oflags, NULL);
    if (rc != SQLITE_OK) {
        int code = rc == SQLITE_NOMEM ? SP_ENOMEM : SP_EIO;
        return SP_FAIL(err, code, "cannot open %s: %s", st->path,
                       st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, 5000);
    return SP_OK;
}

/* Foreign keys (off while migrating, as SQLite's ALTER TABLE procedure
 * asks), then WAL and synchronous=NORMAL, once the file is known to be
 * ours: a foreign file is never switched to WAL. */
static int tune_db(sp_store *st, sp_error *err)
{
    int rc = sp_store_exec(st, "PRAGMA foreign_keys = ON", "setting up", err);
    if (rc != SP_OK || st->readonly)
        return rc;
    rc = sp_store_exec(st, "PRAGMA journal_mode = WAL", "switching to WAL",
                       err);
    if (rc == SP_OK)
        rc = sp_store_exec(st, "PRAGMA synchronous = NORMAL",
                           "setting synchronous", err);
    return rc;
}

int sp_store_open_schema(const char *path, int flags,
                         const sp_store_schema *schema, sp_store **out,
                         sp_error *err)
{
    if (out)
        *out = NULL;
    if (!path || !*path || !out || !schema ||
        (flags != SP_STORE_READONLY && flags != SP_STORE_CREATE))
        return SP_FAIL(err, SP_EINVAL, "sp_store_open: invalid arguments");
    sp_store *st = sp_calloc(1, sizeof *st);
    if (!st || !(st->path = sp_strdup(path))) {
        sp_xfree(st);
        return SP_FAIL(err, SP_ENOMEM, "%s: out of memory", path);
    }
    st->readonly = flags == SP_STORE_READONLY;
    int rc = open_db(st, flags, err);
    if (rc == SP_OK)
        rc = sp_store_prepare_schema(st, flags == SP_STORE_CREATE, schema,
                                     err);
    if (rc == SP_OK)
        rc = tune_db(st, err);
    if (rc != SP_OK) {
        sp_store_close(st);
        return rc;
    }
    *out = st;
    return SP_OK;
}

int sp_store_open(const char *path, int flags, sp_store **out, sp_error *err)
{
    return sp_store_open_schema(path, flags, sp_store_builtin_schema(), out,
                                err);
}

void sp_store_close(sp_store *st)
{
    if (!st)
        return;
    if (st->in_batch)
        sp_store_rollback_batch(st);
    for (int i = 0; i < SP_ST_COUNT; i++)
        sqlite3_finalize(st->stmt[i]);
    sqlite3_close_v2(st->db);
    sp_xfree(st->blob);
    sp_xfree(st->path);
    sp_xfree(st);
}

int sp_store_schema_version(const sp_store *st)
{
    return st ? st->version : 0;
}

int sp_store_found_version(const sp_store *st)
{
    return st ? st->found_version : 0;
}

/* ---- invocations ------------------------------------------------------- */

static int check_writable(sp_store *st, sp_error *err)
{
    if (!st)
        return SP_FAIL(err, SP_EINVAL, "no store");
    if (st->readonly)
        return SP_FAIL(err, SP_EINVAL, "%s: opened read-only", st->path);
    return SP_OK;
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static void bind_invocation(sqlite3_stmt *s, const sp_invocation_info *in,
                            const char *now)
{
    sqlite3_bind_text(s, 1, in->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
    bind_text_or_null(s, 3, in->command_line);
    sqlite3_bind_text(s, 4, sp_version_full(), -1, SQLITE_STATIC);
    bind_text_or_null(s, 5, in->scenario_name);
    bind_text_or_null(s, 6, in->scenario_sha256);
    bind_text_or_null(s, 7, in->scenario_text);
    bind_text_or_null(s, 8, in->params_json);
    sqlite3_bind_int64(s, 9, (int64_t)in->seed); /* same bits */
}

int sp_store_begin_invocation(sp_store *st, const sp_invocation_info *info,
                              int64_t *id, sp_error *err)
{
    int rc = check_writable(st, err);
    if (rc != SP_OK)
        return rc;
    if (!info || !id || !info->kind || !*info->kind)
        return SP_FAIL(err, SP_EINVAL,
                       "%s: an invocation needs a kind and an id to fill",
                       st->path);
    sqlite3_stmt *s;
    if ((rc = sp_store_stmt(st, SP_ST_INSERT_INVOCATION, &s, err)) != SP_OK)
        return rc;
    char now[32];
    sp_store_now(st, now);
    bind_invocation(s, info, now);
    int src = sqlite3_step(s);
    sqlite3_reset(s);
    if (src != SQLITE_DONE)
        return sp_store_db_fail(st, src, "storing the invocation", err);
    *id = sqlite3_last_insert_rowid(st->db);
    return SP_OK;
}

static bool valid_status(const char *status)
{
    return status && (!strcmp(status, "done") ||
                      !strcmp(status, "interrupted") ||
                      !strcmp(status, "failed"));
}

int sp_store_end_invocation(sp_store *st, int64_t id, const char *status,
                            sp_error *err)
{
    int rc = check_writable(st, err);
    if (rc != SP_OK)
        return rc;
    if (!valid_status(status))
        return SP_FAIL(err, SP_EINVAL,
                       "invocation status '%s' (expected done, interrupted "
                       "or failed)", status ? status : "(null)");
    sqlite3_stmt *s;
    if ((rc = sp_store_stmt(st, SP_ST_END_INVOCATION, &s, err)) != SP_OK)
        return rc;
    char now[32];
    sp_store_now(st, now);
    sqlite3_bind_text(s, 1, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, id);
    int src = sqlite3_step(s);
    sqlite3_reset(s);
    if (src != SQLITE_DONE)
        return sp_store_db_fail(st, src, "ending the invocation", err);
    if (sqlite3_changes(st->db) == 0)
        return SP_FAIL(err, SP_ENOTFOUND, "%s: no invocation %lld", st->path,
                       (long long)id);
    return SP_OK;
}

/* ---- names of packages and outcomes ------------------------------------ */

int sp_store_count_by(sp_store *st, int stmt_id, int64_t invocation,
                      int64_t *count, sp_error *err)
{
    sqlite3_stmt *s;
    int rc = sp_store_stmt(st, stmt_id, &s, err);
    if (rc != SP_OK)
        return rc;
    sqlite3_bind_int64(s, 1, invocation);
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW)
        *count = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return src == SQLITE_ROW ? SP_OK : sp_store_db_fail(st, src, "counting",
                                                        err);
}

static int insert_name(sp_store *st, int stmt_id, int64_t invocation,
                       int64_t idx, const char *name, const char *what,
                       sp_error *err)
{
    if (!name || !*name)
        return SP_FAIL(err, SP_EINVAL, "%s: empty %s name", st->path, what);
    sqlite3_stmt *s;
    int rc = sp_store_stmt(st, stmt_id, &s, err);
    if (rc != SP_OK)
        return rc;
    sqlite3_bind_int64(s, 1, invocation);
    sqlite3_bind_int64(s, 2, idx);
    sqlite3_bind_text(s, 3, name, -1, SQLITE_STATIC);
    int src = sqlite3_step(s);
    sqlite3_reset(s);
    if (src == SQLITE_DONE)
        return SP_OK;
    if (src == SQLITE_CONSTRAINT_UNIQUE || src == SQLITE_CONSTRAINT_PRIMARYKEY)
        return SP_FAIL(err, SP_EINVAL, "%s: %s name '%s' given twice for "
                       "invocation %lld", st->path, what, name,
                       (long long)invocation);
    return sp_store_db_fail(st, src, "storing names", err);
}

/* Append names[0..n) to the invocation's list, all or none. */
static int add_names(sp_store *st, int64_t invocation,
                     const char *const *names, size_t n, int count_id,
                     int insert_id, const char *what, sp_error *err)
{
    int rc = check_writable(st, err);
    if (rc != SP_OK)
        return rc;
    if (n && !names)
        return SP_FAIL(err, SP_EINVAL, "%s: no %s names given", st->path,
                       what);
    if ((rc = sp_store_check_invocation(st, invocation, err)) != SP_OK)
        return rc;
    int64_t base = 0;
    rc = sp_store_exec(st, "SAVEPOINT names", "storing names", err);
    if (rc == SP_OK)
        rc = sp_store_count_by(st, count_id, invocation, &base, err);
    for (size_t i = 0; rc == SP_OK && i < n; i++)
        rc = insert_name(st, insert_id, invocation, base + (int64_t)i,
                         names[i], what, err);
    if (rc != SP_OK)
        sqlite3_exec(st->db, "ROLLBACK TO names", NULL, NULL, NULL);
    int rel = sqlite3_exec(st->db, "RELEASE names", NULL, NULL, NULL);
    st->names_inv = 0; /* the outcome-count cache may be stale */
    if (rc == SP_OK && rel != SQLITE_OK)
        rc = sp_store_db_fail(st, rel, "storing names", err);
    return rc;
}

int sp_store_add_outcome_names(sp_store *st, int64_t invocation,
                               const char *const *names, size_t n,
                               sp_error *err)
{
    return add_names(st, invocation, names, n, SP_ST_COUNT_OUTCOME_NAMES,
                     SP_ST_INSERT_OUTCOME_NAME, "outcome", err);
}

int sp_store_add_package_names(sp_store *st, int64_t invocation,
                               const char *const *names, size_t n,
                               sp_error *err)
{
    return add_names(st, invocation, names, n, SP_ST_COUNT_PACKAGES,
                     SP_ST_INSERT_PACKAGE, "package", err);
}
