/*
 * export.c - `spiral export`: one stored invocation's runs as CSV, JSON
 * Lines or an EMA Workbench archive, for tools that do not read SQLite.
 *
 * Rows. One per stored run, in (point, replication, package) order, from
 * the sweep runs cursor (src/store/sweep.c), which joins each run to its
 * design point's parameter values. Memory is flat in the run count: one
 * row buffer here, one cursor row; SQLite's sort for that order spills
 * to temporary files past its cache. A run or compare invocation has no
 * design: its runs have point 0 and there are no parameter columns
 * (with --sample-params the drawn values are not stored, so they cannot
 * be exported). An invocation without runs (questions) gives the header
 * alone.
 *
 * Fields. point, package (its name), replication, failure (empty, or why
 * the run failed), one per swept parameter (sweep_params paths, in design
 * order), one per outcome (outcome_names, in order).
 *   csv    RFC 4180: comma-separated, "\r\n" line ends, a field quoted
 *          (quotes doubled) when it holds , " CR or LF; a header line;
 *          no comment lines (metadata goes to the sidecar).
 *   jsonl  one object a line: {"point", "package", "replication",
 *          "failure" (null if none), "parameters": {path: value},
 *          "outcomes": {name: value}}; nested so that no name can clash
 *          with another.
 *   ema    src/store/export_ema.h: uncertainties = the parameters, then
 *          scenario = the point index as text, policy = the package,
 *          model = "spiral"; one experiment per run; one NAME.cls per
 *          outcome.
 * Numbers are sp_fmt_py_repr's text: the shortest digits that read back
 * as the same double, '.' as separator in every locale, so a value
 * survives the trip to text and back bit for bit. NaN (a failed run) is
 * an empty CSV field and JSON null; +-inf is "inf"/"-inf" in CSV (what
 * Python and pandas read back) and null in JSON, which has no infinity.
 *
 * Files. With a path the rows go to PATH.tmp, renamed to PATH when
 * complete (the EMA writer does the same), and a sidecar PATH.meta.json
 * (written as .tmp and renamed too) records what the file holds and where
 * it came from: the invocation's id, kind, status, times, scenario name
 * and sha256, seed, code version, command line, packages, outcomes, the
 * design (design, samples, levels are in the identity, replications,
 * points, parameters with their distributions) and the build that
 * exported. Without a path (csv and jsonl) the rows go to the caller's
 * stream and there is no sidecar; ema needs a path (a .tar.gz is not for
 * a terminal, and its writer renames into place).
 *
 * Tests: tests/check_merge_export_cli.sh (row and column counts, JSON
 * parsed by Python, the archive extracted by tar).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "store/export_ema.h"
#include "store/store.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_CSV, F_JSONL, F_EMA };

typedef struct exporter {
    sp_store *st;
    int fmt;
    sp_store_invocation inv;
    sp_store_sweep sw;      /* zeroed for a run or compare */
    bool is_sweep;
    char **paths, **dists;  /* the swept parameters, k of them */
    size_t k;
    FILE *f;                /* csv, jsonl */
    sp_ema_export *ema;
    sp_strbuf line;         /* one row, reused */
    uint64_t rows;
} exporter;

static int parse_format(const char *name, int *fmt, sp_error *err)
{
    static const char *const names[] = {"csv", "jsonl", "ema"};
    for (int i = 0; name && i < 3; i++)
        if (!strcmp(name, names[i])) {
            *fmt = i;
            return SP_OK;
        }
    return SP_FAIL(err, SP_EINVAL, "unknown export format '%s' (csv, jsonl, "
                   "ema)", name ? name : "");
}

/* The invocation, and its sweep and parameters if it is one. */
static int load(exporter *x, int64_t id, sp_error *err)
{
    int rc = sp_store_find_invocation(x->st, id, &x->inv, err);
    if (rc)
        return rc;
    sp_error probe = {0}; /* "not a sweep" is an answer, not an error */
    rc = sp_store_get_sweep(x->st, x->inv.id, &x->sw, &probe);
    if (rc == SP_ENOTFOUND)
        return SP_OK;
    if (rc)
        return SP_FAIL(err, rc, "%s", probe.message);
    x->is_sweep = true;
    return sp_store_sweep_params(x->st, x->inv.id, &x->paths, &x->dists,
                                 NULL, &x->k, err);
}

/* ---- cells ------------------------------------------------------------- */

static void csv_text(sp_strbuf *b, const char *s)
{
    if (!s || !strpbrk(s, ",\"\r\n")) {
        sp_strbuf_puts(b, s ? s : "");
        return;
    }
    sp_strbuf_add(b, "\"", 1);
    for (const char *p = s; *p; p++) {
        sp_strbuf_add(b, p, 1);
        if (*p == '"')
            sp_strbuf_add(b, "\"", 1); /* a quote is doubled */
    }
    sp_strbuf_add(b, "\"", 1);
}

static void put_number(sp_strbuf *b, double v, bool json)
{
    char buf[40];
    if (isnan(v) || (json && isinf(v)))
        sp_strbuf_puts(b, json ? "null" : "");
    else
        sp_strbuf_puts(b, sp_fmt_py_repr(buf, sizeof buf, v));
}

/* ---- csv and jsonl ------------------------------------------------------- */

static void csv_header(exporter *x)
{
    sp_strbuf *b = &x->line;
    sp_strbuf_puts(b, "point,package,replication,failure");
    for (size_t j = 0; j < x->k; j++)
        sp_strbuf_add(b, ",", 1), csv_text(b, x->paths[j]);
    for (size_t i = 0; i < x->inv.n_outcomes; i++)
        sp_strbuf_add(b, ",", 1), csv_text(b, x->inv.outcomes[i]);
    sp_strbuf_add(b, "\r\n", 2);
}

static void csv_row(exporter *x, const sp_sweep_row *r, const char *pkg)
{
    sp_strbuf *b = &x->line;
    sp_strbuf_printf(b, "%lld,", (long long)r->point);
    csv_text(b, pkg);
    sp_strbuf_printf(b, ",%lld,", (long long)r->replication);
    csv_text(b, r->failure);
    for (size_t j = 0; j < x->k; j++)
        sp_strbuf_add(b, ",", 1), put_number(b, r->x[j], false);
    for (size_t i = 0; i < x->inv.n_outcomes; i++)
        sp_strbuf_add(b, ",", 1), put_number(b, r->outcomes[i], false);
    sp_strbuf_add(b, "\r\n", 2);
}

/* {"name": value, ...} */
static void json_map(sp_strbuf *b, char *const *names, const double *v,
                     size_t n)
{
    sp_strbuf_add(b, "{", 1);
    for (size_t i = 0; i < n; i++) {
        sp_strbuf_puts(b, i ? ", " : "");
        sp_strbuf_json_str(b, names[i]);
        sp_strbuf_add(b, ": ", 2);
        put_number(b, v[i], true);
    }
    sp_strbuf_add(b, "}", 1);
}

static void json_row(exporter *x, const sp_sweep_row *r, const char *pkg)
{
    sp_strbuf *b = &x->line;
    sp_strbuf_printf(b, "{\"point\": %lld, \"package\": ",
                     (long long)r->point);
    sp_strbuf_json_str(b, pkg);
    sp_strbuf_printf(b, ", \"replication\": %lld, \"failure\": ",
                     (long long)r->replication);
    if (r->failure)
        sp_strbuf_json_str(b, r->failure);
    else
        sp_strbuf_puts(b, "null");
    sp_strbuf_puts(b, ", \"parameters\": ");
    json_map(b, x->paths, r->x, x->k);
    sp_strbuf_puts(b, ", \"outcomes\": ");
    json_map(b, x->inv.outcomes, r->outcomes, x->inv.n_outcomes);
    sp_strbuf_add(b, "}\n", 2);
}

/* The row buffer to the stream, then empty it. */
static int flush_line(exporter *x, sp_error *err)
{
    if (x->line.failed)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (x->line.len && fwrite(x->line.s, 1, x->line.len, x->f) !=
                           x->line.len)
        return SP_FAIL(err, SP_EIO, "writing the export failed: %s",
                       strerror(errno));
    x->line.len = 0;
    return SP_OK;
}

/* ---- rows ------------------------------------------------------------------ */

static int put_row(exporter *x, const sp_sweep_row *r, sp_error *err)
{
    if (r->package < 0 || (size_t)r->package >= x->inv.n_packages)
        return SP_FAIL(err, SP_EFORMAT, "%s: a run of invocation %lld has "
                       "package %lld, which it does not name",
                       x->st->path, (long long)x->inv.id,
                       (long long)r->package);
    const char *pkg = x->inv.packages[r->package];
    if (x->fmt == F_EMA) {
        char point[24];
        snprintf(point, sizeof point, "%lld", (long long)r->point);
        return sp_ema_export_add_row(x->ema, r->x, point, pkg, "spiral",
                                     r->outcomes, err);
    }
    if (x->fmt == F_CSV)
        csv_row(x, r, pkg);
    else
        json_row(x, r, pkg);
    return flush_line(x, err);
}

static int write_rows(exporter *x, sp_error *err)
{
    sp_sweep_cursor *c = NULL;
    int rc = sp_store_sweep_runs_open(x->st, x->inv.id, x->inv.n_outcomes,
                                      x->k, &c, err);
    bool has = true;
    while (!rc && has) {
        sp_sweep_row r;
        rc = sp_store_sweep_runs_next(c, &r, &has, err);
        if (!rc && has) {
            rc = put_row(x, &r, err);
            x->rows++;
        }
    }
    sp_store_sweep_runs_close(c);
    return rc;
}

/* ---- the sidecar ----------------------------------------------------------- */

static void json_field(sp_strbuf *b, const char *key, const char *v)
{
    sp_strbuf_printf(b, ",\n  \"%s\": ", key);
    if (v)
        sp_strbuf_json_str(b, v);
    else
        sp_strbuf_puts(b, "null");
}

static void json_names(sp_strbuf *b, const char *key, char *const *v,
                       size_t n)
{
    sp_strbuf_printf(b, ",\n  \"%s\": [", key);
    for (size_t i = 0; i < n; i++) {
        sp_strbuf_puts(b, i ? ", " : "");
        sp_strbuf_json_str(b, v[i]);
    }
    sp_strbuf_add(b, "]", 1);
}

static void meta_design(sp_strbuf *b, const exporter *x)
{
    if (!x->is_sweep) {
        sp_strbuf_puts(b, ",\n  \"sweep\": null");
        return;
    }
    const sp_store_sweep *w = &x->sw;
    sp_strbuf_printf(b, ",\n  \"sweep\": {\"design\": ");
    sp_strbuf_json_str(b, w->design);
    sp_strbuf_printf(b, ", \"samples\": %lld, \"replications\": %lld, "
                     "\"points\": %lld, \"shard\": \"%lld/%lld\", "
                     "\"identity\": ", (long long)w->samples,
                     (long long)w->replications, (long long)w->n_points,
                     (long long)w->shard_k, (long long)w->shard_n);
    sp_strbuf_json_str(b, w->identity);
    sp_strbuf_puts(b, ", \"parameters\": [");
    for (size_t j = 0; j < x->k; j++) {
        sp_strbuf_puts(b, j ? ", " : "");
        sp_strbuf_puts(b, "{\"path\": ");
        sp_strbuf_json_str(b, x->paths[j]);
        sp_strbuf_puts(b, ", \"dist\": ");
        sp_strbuf_json_str(b, x->dists[j]);
        sp_strbuf_add(b, "}", 1);
    }
    sp_strbuf_puts(b, "]}");
}

static char *meta_json(const exporter *x, const char *path)
{
    static const char *const fmts[] = {"csv", "jsonl", "ema"};
    const sp_store_invocation *v = &x->inv;
    sp_strbuf b;
    sp_strbuf_init(&b);
    sp_strbuf_puts(&b, "{\n  \"file\": ");
    sp_strbuf_json_str(&b, path);
    json_field(&b, "format", fmts[x->fmt]);
    sp_strbuf_printf(&b, ",\n  \"rows\": %llu,\n  \"invocation\": %lld",
                     (unsigned long long)x->rows, (long long)v->id);
    json_field(&b, "kind", v->kind);
    json_field(&b, "status", v->status);
    json_field(&b, "started_at", v->started_at);
    json_field(&b, "finished_at", v->finished_at);
    json_field(&b, "scenario_name", v->scenario_name);
    json_field(&b, "scenario_sha256", v->scenario_sha256);
    sp_strbuf_printf(&b, ",\n  \"seed\": %llu", (unsigned long long)v->seed);
    json_field(&b, "code_version", v->code_version);
    json_field(&b, "command_line", v->command_line);
    json_names(&b, "packages", v->packages, v->n_packages);
    json_names(&b, "outcomes", v->outcomes, v->n_outcomes);
    meta_design(&b, x);
    json_field(&b, "exported_by", sp_version_full());
    sp_strbuf_puts(&b, "\n}\n");
    return sp_strbuf_take(&b);
}

/* PATH followed by suffix (owned; NULL when out of memory). */
static char *with_suffix(const char *path, const char *suffix)
{
    size_t a = strlen(path), b = strlen(suffix);
    char *s = sp_malloc(a + b + 1);
    if (s) {
        memcpy(s, path, a);
        memcpy(s + a, suffix, b + 1);
    }
    return s;
}

/* text to path via path.tmp and a rename. */
static int write_file(const char *path, const char *text, sp_error *err)
{
    char *tmp = with_suffix(path, ".tmp");
    FILE *f = tmp ? fopen(tmp, "w") : NULL;
    int rc = SP_OK;
    if (!tmp)
        rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
    else if (!f)
        rc = SP_FAIL(err, SP_EIO, "cannot write %s: %s", tmp,
                     strerror(errno));
    if (f) {
        bool ok = fputs(text, f) >= 0;
        ok = (fclose(f) == 0) && ok;
        if (!ok || rename(tmp, path) != 0) {
            rc = SP_FAIL(err, SP_EIO, "cannot write %s: %s", path,
                         strerror(errno));
            remove(tmp);
        }
    }
    sp_xfree(tmp);
    return rc;
}

static int write_sidecar(const exporter *x, const char *path, sp_error *err)
{
    char *meta = with_suffix(path, ".meta.json");
    char *text = meta_json(x, path);
    int rc = meta && text ? write_file(meta, text, err)
                          : SP_FAIL(err, SP_ENOMEM, "out of memory");
    sp_xfree(text);
    sp_xfree(meta);
    return rc;
}

/* ---- the formats' whole runs ---------------------------------------------- */

static int export_ema(exporter *x, const char *path, sp_error *err)
{
    int rc = sp_ema_export_open(path, (const char *const *)x->paths, NULL,
                                x->k, (const char *const *)x->inv.outcomes,
                                x->inv.n_outcomes, &x->ema, err);
    if (!rc)
        rc = write_rows(x, err);
    if (!rc)
        rc = sp_ema_export_finish(x->ema, err);
    sp_ema_export_free(x->ema);
    x->ema = NULL;
    return rc;
}

/* csv or jsonl into x->f (already open). */
static int export_text(exporter *x, sp_error *err)
{
    int rc = SP_OK;
    if (x->fmt == F_CSV) {
        csv_header(x);
        rc = flush_line(x, err);
    }
    if (!rc)
        rc = write_rows(x, err);
    if (!rc && (fflush(x->f) != 0 || ferror(x->f)))
        rc = SP_FAIL(err, SP_EIO, "writing the export failed: %s",
                     strerror(errno));
    return rc;
}

static int export_text_file(exporter *x, const char *path, sp_error *err)
{
    char *tmp = with_suffix(path, ".tmp");
    if (!tmp)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (!(x->f = fopen(tmp, "w"))) {
        int rc = SP_FAIL(err, SP_EIO, "cannot write %s: %s", tmp,
                         strerror(errno));
        sp_xfree(tmp);
        return rc;
    }
    int rc = export_text(x, err);
    if (fclose(x->f) != 0 && !rc)
        rc = SP_FAIL(err, SP_EIO, "cannot write %s: %s", tmp,
                     strerror(errno));
    x->f = NULL;
    if (!rc && rename(tmp, path) != 0)
        rc = SP_FAIL(err, SP_EIO, "cannot rename %s to %s: %s", tmp, path,
                     strerror(errno));
    if (rc)
        remove(tmp);
    sp_xfree(tmp);
    return rc;
}

static void exporter_free(exporter *x)
{
    sp_store_invocation_free(&x->inv);
    sp_store_sweep_clear(&x->sw);
    sp_store_strv_free(x->paths, x->k);
    sp_store_strv_free(x->dists, x->k);
    sp_strbuf_free(&x->line);
}

int sp_store_export(sp_store *st, int64_t id, const char *format,
                    const char *path, FILE *out, uint64_t *n_rows,
                    sp_error *err)
{
    exporter x = {.st = st};
    if (n_rows)
        *n_rows = 0;
    if (!st || (!path && !out))
        return SP_FAIL(err, SP_EINVAL, "sp_store_export: invalid arguments");
    int rc = parse_format(format, &x.fmt, err);
    if (!rc && x.fmt == F_EMA && !path)
        rc = SP_FAIL(err, SP_EINVAL, "the ema format is a .tar.gz archive: "
                     "give -o FILE");
    if (!rc)
        rc = load(&x, id, err);
    if (!rc && x.fmt == F_EMA)
        rc = export_ema(&x, path, err);
    else if (!rc && path)
        rc = export_text_file(&x, path, err);
    else if (!rc) {
        x.f = out;
        rc = export_text(&x, err);
    }
    if (!rc && path)
        rc = write_sidecar(&x, path, err);
    if (n_rows)
        *n_rows = x.rows;
    exporter_free(&x);
    return rc;
}
