/*
 * schema.c - what a spiral database looks like, and how an old one
 * becomes a current one.
 *
 * The schema is a history: builtin_steps[k] is SQL taking version k to
 * k + 1, and step 0 creates version 1 from an empty file. A fresh file
 * runs every step; an older file runs the steps it lacks; both in one
 * IMMEDIATE transaction that also sets meta.schema_version, so a crash or
 * a failed step leaves the file as it was. Foreign keys are off while
 * steps run (SQLite's procedure for table rebuilds) and checked with
 * PRAGMA foreign_key_check before the commit.
 *
 * To change the schema: append a step (e.g. "ALTER TABLE ... ADD COLUMN",
 * "CREATE TABLE run_series ..."), bump SP_STORE_SCHEMA_VERSION in
 * store.h, extend the design comment in store.c. Never edit a step that
 * has been released: files in the wild were made by it.
 *
 * Identity is checked before anything is written: PRAGMA application_id
 * must be SP_STORE_APP_ID and a meta table must exist, or the file must
 * be fresh (no application id, no tables) and opened with CREATE.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "store/store.h"

#include <string.h>

/* Version 1. See the design comment in store.c for the why of each table. */
static const char schema_v1[] =
    "CREATE TABLE meta(\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE invocations(\n"
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  kind TEXT NOT NULL,\n"
    "  started_at TEXT NOT NULL,\n"
    "  finished_at TEXT,\n"
    "  status TEXT NOT NULL DEFAULT 'running' CHECK (status IN\n"
    "    ('running', 'done', 'interrupted', 'failed')),\n"
    "  command_line TEXT,\n"
    "  code_version TEXT NOT NULL,\n"
    "  scenario_name TEXT,\n"
    "  scenario_sha256 TEXT,\n"
    "  scenario_text TEXT,\n"
    "  params_json TEXT,\n"
    "  seed INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE packages(\n"
    "  invocation INTEGER NOT NULL REFERENCES invocations(id)\n"
    "    ON DELETE CASCADE,\n"
    "  idx INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  PRIMARY KEY (invocation, idx),\n"
    "  UNIQUE (invocation, name)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE outcome_names(\n"
    "  invocation INTEGER NOT NULL REFERENCES invocations(id)\n"
    "    ON DELETE CASCADE,\n"
    "  idx INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  PRIMARY KEY (invocation, idx),\n"
    "  UNIQUE (invocation, name)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE runs(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  invocation INTEGER NOT NULL REFERENCES invocations(id)\n"
    "    ON DELETE CASCADE,\n"
    "  package INTEGER NOT NULL CHECK (package >= 0),\n"
    "  point INTEGER NOT NULL CHECK (point >= 0),\n"
    "  replication INTEGER NOT NULL CHECK (replication >= 0),\n"
    "  failure TEXT,\n"
    "  outcomes BLOB NOT NULL\n"
    ");\n"
    "CREATE UNIQUE INDEX runs_key\n"
    "  ON runs(invocation, package, point, replication);\n"
    "CREATE INDEX runs_failed\n"
    "  ON runs(invocation) WHERE failure IS NOT NULL;\n";

/* Version 2: the legal ledger. Names of actors, rules and acts per
 * invocation (the code's tables can change between versions); per run,
 * counts and sizes by rule, act and actor (nonzero cells only); one row
 * per violation only for invocations run with --series. */
static const char schema_v2[] =
    "ALTER TABLE invocations ADD COLUMN series INTEGER NOT NULL DEFAULT 0\n"
    "  CHECK (series IN (0, 1));\n"
    "CREATE TABLE actors(\n"
    "  invocation INTEGER NOT NULL REFERENCES invocations(id)\n"
    "    ON DELETE CASCADE,\n"
    "  idx INTEGER NOT NULL,\n"
    "  id TEXT NOT NULL,\n"
    "  PRIMARY KEY (invocation, idx),\n"
    "  UNIQUE (invocation, id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE ledger_rules(\n"
    "  invocation INTEGER NOT NULL REFERENCES invocations(id)\n"
    "    ON DELETE CASCADE,\n"
    "  idx INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  summary TEXT NOT NULL,\n"
    "  citation TEXT NOT NULL,\n"
    "  PRIMARY KEY (invocation, idx),\n"
    "  UNIQUE (invocation, name)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE ledger_acts(\n"
    "  invocation INTEGER NOT NULL REFERENCES invocations(id)\n"
    "    ON DELETE CASCADE,\n"
    "  idx INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  unit TEXT NOT NULL,\n"
    "  PRIMARY KEY (invocation, idx),\n"
    "  UNIQUE (invocation, name)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE run_ledger(\n"
    "  run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  rule INTEGER NOT NULL,\n"
    "  act INTEGER NOT NULL,\n"
    "  actor INTEGER NOT NULL,\n"
    "  count INTEGER NOT NULL CHECK (count > 0),\n"
    "  size REAL NOT NULL,\n"
    "  PRIMARY KEY (run, rule, act, actor)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE ledger_rows(\n"
    "  run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  seq INTEGER NOT NULL,\n"
    "  month INTEGER NOT NULL,\n"
    "  date TEXT NOT NULL,\n"
    "  rule INTEGER NOT NULL,\n"
    "  act INTEGER NOT NULL,\n"
    "  actor INTEGER NOT NULL,\n"
    "  other INTEGER,\n"
    "  size REAL NOT NULL,\n"
    "  PRIMARY KEY (run, seq)\n"
    ") WITHOUT ROWID;\n";

/* Version 3: the answers of `spiral questions --db` (its text, as
 * printed), one row per questions invocation; the report shows the
 * newest for the same scenario. */
static const char schema_v3[] =
    "CREATE TABLE answers(\n"
    "  invocation INTEGER PRIMARY KEY REFERENCES invocations(id)\n"
    "    ON DELETE CASCADE,\n"
    "  text TEXT NOT NULL\n"
    ");\n";

/* Version 4: sweeps (spiral sweep). One row per sweep invocation with
 * its design and what --resume and merge compare (identity: scenario
 * sha256, design, samples, replications, seed, packages, horizon, code
 * version; not the shard); the uncertain parameters in design order, each
 * with its group (Sobol and Morris work per group; a parameter alone is
 * its own group, named by its path); the
 * parameter values of each design point that has runs (written with its
 * first batch). The runs themselves go to `runs` keyed by (package,
 * point, replication). */
static const char schema_v4[] =
    "CREATE TABLE sweeps(\n"
    "  invocation INTEGER PRIMARY KEY REFERENCES invocations(id)\n"
    "    ON DELETE CASCADE,\n"
    "  design TEXT NOT NULL,\n"
    "  samples INTEGER NOT NULL,\n"
    "  replications INTEGER NOT NULL CHECK (replications > 0),\n"
    "  n_points INTEGER NOT NULL,\n"
    "  n_params INTEGER NOT NULL,\n"
    "  shard_k INTEGER NOT NULL,\n"
    "  shard_n INTEGER NOT NULL CHECK (shard_k >= 1 AND shard_k <= shard_n),\n"
    "  identity TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE sweep_params(\n"
    "  invocation INTEGER NOT NULL REFERENCES invocations(id)\n"
    "    ON DELETE CASCADE,\n"
    "  idx INTEGER NOT NULL,\n"
    "  path TEXT NOT NULL,\n"
    "  dist TEXT NOT NULL,\n"
    "  grp TEXT NOT NULL,\n"
    "  PRIMARY KEY (invocation, idx)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE sweep_points(\n"
    "  invocation INTEGER NOT NULL REFERENCES invocations(id)\n"
    "    ON DELETE CASCADE,\n"
    "  point INTEGER NOT NULL,\n"
    "  x BLOB NOT NULL,\n"
    "  PRIMARY KEY (invocation, point)\n"
    ") WITHOUT ROWID;\n";

static const char *const builtin_steps[] = {schema_v1, schema_v2, schema_v3,
                                            schema_v4};

_Static_assert(sizeof builtin_steps / sizeof *builtin_steps ==
                   SP_STORE_SCHEMA_VERSION,
               "one step per schema version");

static const sp_store_schema builtin = {SP_STORE_SCHEMA_VERSION,
                                        builtin_steps};

const sp_store_schema *sp_store_builtin_schema(void)
{
    return &builtin;
}

/* ---- small queries ----------------------------------------------------- */

/* One integer from a one-off query (*out is left alone if there is no
 * row); "not a database" gets its own words. */
static int query_int64(sp_store *st, const char *sql, int64_t *out,
                       const char *what, sp_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW)
            *out = sqlite3_column_int64(s, 0);
    }
    int code = SP_OK;
    if ((rc & 0xff) == SQLITE_NOTADB)
        code = SP_FAIL(err, SP_EFORMAT, "%s: not an SQLite database",
                       st->path);
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        code = sp_store_db_fail(st, rc, what, err);
    sqlite3_finalize(s);
    return code;
}

static int meta_set(sp_store *st, const char *key, const char *value,
                    sp_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "INSERT OR REPLACE INTO meta(key, value)"
                                " VALUES (?1, ?2)", -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
        rc = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SP_OK
                             : sp_store_db_fail(st, rc, "writing meta", err);
}

/* meta.schema_version; the file must have a meta table. */
static int read_version(sp_store *st, int64_t *version, sp_error *err)
{
    int64_t has_meta = 0;
    int rc = query_int64(st, "SELECT count(*) FROM sqlite_master WHERE"
                         " type = 'table' AND name = 'meta'", &has_meta,
                         "reading the schema", err);
    if (rc != SP_OK)
        return rc;
    if (!has_meta)
        return SP_FAIL(err, SP_EFORMAT, "%s: not a spiral database (no meta "
                       "table)", st->path);
    *version = -1;
    rc = query_int64(st, "SELECT CAST(value AS INTEGER) FROM meta WHERE key ="
                     " 'schema_version' AND value GLOB '[0-9]*' AND value"
                     " NOT GLOB '*[^0-9]*'", version, "reading meta", err);
    if (rc == SP_OK && *version < 0)
        return SP_FAIL(err, SP_EFORMAT, "%s: not a spiral database (no valid "
                       "schema_version in meta)", st->path);
    return rc;
}

/* ---- creating and migrating -------------------------------------------- */

static int run_steps(sp_store *st, const sp_store_schema *schema, int from,
                     sp_error *err)
{
    for (int k = from; k < schema->version; k++) {
        char what[80];
        snprintf(what, sizeof what, "migrating schema %d to %d", k, k + 1);
        int rc = sp_store_exec(st, schema->steps[k], what, err);
        if (rc != SP_OK)
            return rc;
    }
    return SP_OK;
}

static int check_foreign_keys(sp_store *st, sp_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s,
                                NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return SP_FAIL(err, SP_EFORMAT, "%s: migration left dangling "
                       "references; the file is unchanged", st->path);
    return rc == SQLITE_DONE ? SP_OK
                             : sp_store_db_fail(st, rc, "checking keys", err);
}

/* Steps from..version, then meta; the caller holds the transaction. */
static int upgrade(sp_store *st, const sp_store_schema *schema, int from,
                   sp_error *err)
{
    char buf[32];
    int rc = run_steps(st, schema, from, err);
    if (rc == SP_OK && from == 0) {
        rc = meta_set(st, "created_by", sp_version_full(), err);
        sp_store_now(st, buf);
        if (rc == SP_OK)
            rc = meta_set(st, "created_at", buf, err);
    } else if (rc == SP_OK) {
        sp_store_now(st, buf);
        rc = meta_set(st, "migrated_at", buf, err);
    }
    snprintf(buf, sizeof buf, "%d", schema->version);
    if (rc == SP_OK)
        rc = meta_set(st, "schema_version", buf, err);
    return rc == SP_OK ? check_foreign_keys(st, err) : rc;
}

static int commit_or_rollback(sp_store *st, int rc, sp_error *err)
{
    if (rc == SP_OK)
        rc = sp_store_exec(st, "COMMIT", "committing the schema", err);
    if (rc != SP_OK && !sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static int identify(sp_store *st, int64_t *app_id, int64_t *n_objects,
                    sp_error *err)
{
    int rc = query_int64(st, "PRAGMA application_id", app_id,
                         "reading the header", err);
    if (rc == SP_OK)
        rc = query_int64(st, "SELECT count(*) FROM sqlite_master", n_objects,
                         "reading the schema", err);
    return rc;
}

/* Initialise a fresh file. *raced is set if another process got there
 * first (the file is no longer fresh once we hold the write lock). */
static int create_fresh(sp_store *st, const sp_store_schema *schema,
                        bool *raced, sp_error *err)
{
    int64_t app_id = 0, n_objects = 0;
    int rc = sp_store_exec(st, "BEGIN IMMEDIATE", "creating the schema", err);
    if (rc != SP_OK)
        return rc;
    rc = identify(st, &app_id, &n_objects, err);
    *raced = rc == SP_OK && (app_id != 0 || n_objects != 0);
    if (rc == SP_OK && !*raced) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d",
                 SP_STORE_APP_ID);
        rc = sp_store_exec(st, sql, "creating the schema", err);
        if (rc == SP_OK)
            rc = upgrade(st, schema, 0, err);
    }
    if (*raced && rc == SP_OK) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return SP_OK;
    }
    return commit_or_rollback(st, rc, err);
}

static int migrate(sp_store *st, const sp_store_schema *schema, sp_error *err)
{
    int64_t v = 0;
    int rc = sp_store_exec(st, "BEGIN IMMEDIATE", "migrating the schema", err);
    if (rc != SP_OK)
        return rc;
    rc = read_version(st, &v, err); /* again, under the write lock */
    if (rc == SP_OK && v < schema->version)
        rc = upgrade(st, schema, (int)v, err);
    return commit_or_rollback(st, rc, err);
}

/* The file claims to be ours: compare its version with the schema's. */
static int check_version(sp_store *st, const sp_store_schema *schema,
                         sp_error *err)
{
    int64_t v = 0;
    int rc = read_version(st, &v, err);
    if (rc != SP_OK)
        return rc;
    if (v > schema->version)
        return SP_FAIL(err, SP_EFORMAT, "%s: written by a newer spiral "
                       "(schema %lld, this build knows up to %d)", st->path,
                       (long long)v, schema->version);
    if (v < schema->version && st->readonly)
        return SP_FAIL(err, SP_EFORMAT, "%s: schema %lld is older than this "
                       "build's %d; open it for writing once to migrate it",
                       st->path, (long long)v, schema->version);
    st->found_version = (int)v;
    if (v < schema->version && (rc = migrate(st, schema, err)) != SP_OK)
        return rc;
    st->version = schema->version;
    return SP_OK;
}

int sp_store_prepare_schema(sp_store *st, int create,
                            const sp_store_schema *schema, sp_error *err)
{
    int64_t app_id = 0, n_objects = 0;
    int rc = identify(st, &app_id, &n_objects, err);
    if (rc != SP_OK)
        return rc;
    if (app_id == 0 && n_objects == 0) {
        if (!create)
            return SP_FAIL(err, SP_EFORMAT, "%s: not a spiral database "
                           "(empty)", st->path);
        bool raced = false;
        if ((rc = create_fresh(st, schema, &raced, err)) != SP_OK)
            return rc;
        if (!raced) {
            st->found_version = 0;
            st->version = schema->version;
            return SP_OK;
        }
        if ((rc = identify(st, &app_id, &n_objects, err)) != SP_OK)
            return rc;
    }
    if (app_id != SP_STORE_APP_ID)
        return SP_FAIL(err, SP_EFORMAT, "%s: not a spiral database "
                       "(application_id 0x%08llX, expected 0x%08X)", st->path,
                       (unsigned long long)(uint32_t)app_id,
                       (unsigned)SP_STORE_APP_ID);
    return check_version(st, schema, err);
}
