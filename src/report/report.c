/*
 * report.c - sp_report_write: one invocation of the results store as a
 * self-contained HTML page (`spiral report DB -o report.html`).
 *
 * What. The page answers the analyst's question on its first screen (the
 * packages' P(major war) at 1/5/10 years with intervals, the significant
 * differences in words, and what the answer is conditional on), then
 * shows each outcome over time, every outcome's table, the uncertain
 * parameters and the provenance. One file: inline CSS and SVG, no
 * script, no font or image fetched, so it opens offline, survives e-mail
 * and prints (an @media print rule tightens it to paper).
 *
 * How. Nothing is re-run: the invocation's row, package and outcome
 * names and params_json come from the store (src/store/read.c), and its
 * runs are streamed replication by replication into the same sp_tally an
 * ensemble fills while running (src/analysis/tally.h), so the report
 * quotes exactly the numbers `spiral run --json` printed, and memory is
 * fixed by packages x outcomes x months, not by the run count. The
 * outcomes before "highest_level" are the "first month" outcomes
 * (model.h); the horizon is params_json's "time.horizon_years" (the CLI
 * turns --horizon into a --set of it, so it is the horizon run); whether
 * parameters were drawn per run is "run.sample_params" when stored, else
 * read off the stored command line (--sample-params).
 *
 * Errors. An id that does not exist is SP_ENOTFOUND naming the ids the
 * file has; an invocation without packages or outcome names (not a run
 * or compare), or without a complete replication, is SP_EINVAL; a
 * failed write is SP_EIO. Nothing is printed except into `out`.
 *
 * All text from the store is escaped; numbers are locale-independent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "report/report.h"

#include <stdio.h>
#include <string.h>

static const char css[] =
    ":root{--ink:#1b1f24;--muted:#5c6570;--line:#d8dde3;--soft:#f3f5f8;"
    "--warn:#fff7e3;--warnline:#dcae45;--lower:#0a6b4d;--higher:#a3262a}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;color:var(--ink);background:#fff;font:15px/1.45 "
    "system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,"
    "sans-serif}\n"
    "main{max-width:1220px;margin:0 auto;padding:18px 28px 40px}\n"
    "h1{font-size:1.45rem;margin:0 0 2px;line-height:1.25}\n"
    "h2{font-size:1.08rem;margin:0 0 8px}\n"
    "h3{font-size:.95rem;margin:14px 0 6px}\n"
    "section{margin-top:30px}\n"
    "pre.answers{font-size:12px;overflow-x:auto;line-height:1.35}\n"
    "a{color:#0b5cad}\n"
    "code{font:.86em/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,"
    "monospace;overflow-wrap:anywhere}\n"
    ".meta{color:var(--muted);margin:0 0 12px;font-size:.9rem}\n"
    ".meta span{white-space:nowrap}\n"
    ".banner{background:var(--warn);border-left:4px solid var(--warnline);"
    "padding:6px 10px;margin:0 0 12px}\n"
    ".first{display:grid;grid-template-columns:minmax(0,1.6fr) "
    "minmax(0,1fr);gap:24px;align-items:start}\n"
    "table{border-collapse:collapse;width:100%;"
    "font-variant-numeric:tabular-nums}\n"
    "caption{text-align:left;font-weight:700;font-size:1.08rem;"
    "padding:0 0 6px}\n"
    "th,td{padding:6px 8px;border-bottom:1px solid var(--line);"
    "text-align:right;white-space:nowrap;vertical-align:top}\n"
    "th:first-child,td:first-child,tbody th{text-align:left}\n"
    "thead th{font-size:.8rem;color:var(--muted);font-weight:600;"
    "border-bottom:2px solid var(--ink);vertical-align:bottom}\n"
    ".p,.d{font-weight:650}\n"
    ".ci{color:var(--muted);font-size:.84em;font-weight:400}\n"
    "tr.base>td,tr.base>th[scope=row]{background:var(--soft)}\n"
    ".cmp td .ci{display:block}\n"
    ".cmp th.chg{white-space:normal}\n"
    "td.base{color:var(--muted);font-style:italic}\n"
    ".sig.lower .d{color:var(--lower)}.sig.higher .d{color:var(--higher)}\n"
    ".tag{display:inline-block;font-size:.72rem;padding:0 5px;"
    "border-radius:3px;border:1px solid var(--line);color:var(--muted);"
    "margin-left:2px}\n"
    ".sig .tag{font-weight:700;color:var(--ink);border-color:currentColor}\n"
    ".note{color:var(--muted);font-size:.84rem;margin:6px 0 0}\n"
    ".findings{margin-top:16px}\n"
    ".findings ul{margin:0;padding-left:20px}\n"
    ".findings li{margin:0 0 7px}\n"
    ".hint{color:var(--muted)}\n"
    ".caveat{background:var(--warn);border:1px solid var(--warnline);"
    "border-radius:6px;padding:12px 15px;font-size:.86rem}\n"
    ".caveat h2{font-size:1.02rem}\n"
    ".caveat p{margin:0 0 8px}\n"
    ".caveat ul{margin:0 0 8px;padding-left:18px}\n"
    ".groups{display:flex;flex-wrap:wrap;gap:3px 14px;padding:0!important;"
    "list-style:none}\n"
    ".warn li{margin:0 0 3px}\n"
    ".more{font-size:.84rem}\n"
    ".charts{display:grid;grid-template-columns:repeat(auto-fill,"
    "minmax(470px,1fr));gap:18px 26px}\n"
    "figure{margin:0}\n"
    "figcaption{font-size:.88rem;margin:0 0 4px}\n"
    "svg{display:block;width:100%;height:auto;font-size:12px;"
    "font-family:inherit}\n"
    "svg .grid{stroke:#e4e7eb;stroke-width:1}\n"
    "svg .axis{stroke:#6b7480;stroke-width:1}\n"
    "svg text{fill:#39414a}\n"
    "svg .yt{text-anchor:end}svg .xt,svg .xl{text-anchor:middle}\n"
    "table.all th.outcome{font-weight:700;text-align:left}\n"
    "table.all thead th:nth-child(2){text-align:left}\n"
    "table.all tbody{border-bottom:2px solid var(--line)}\n"
    "table.extras,table.prov{margin-top:16px}\n"
    "table.prov td{text-align:left;white-space:normal}\n"
    ".params{columns:2 420px;column-gap:28px;list-style:none;padding:0;"
    "margin:8px 0 0;font-size:.86rem}\n"
    ".params li{break-inside:avoid;padding:2px 0;"
    "border-bottom:1px solid var(--soft)}\n"
    "table.prov th{width:12em;color:var(--muted);font-weight:600}\n"
    "footer{margin-top:30px;color:var(--muted);font-size:.8rem}\n"
    "@media (max-width:1000px){.first{grid-template-columns:1fr}}\n"
    "@media print{@page{margin:14mm}body{font-size:9.5pt}"
    "main{max-width:none;padding:0}"
    ".first{grid-template-columns:1.55fr 1fr;gap:14px}"
    ".charts{grid-template-columns:1fr 1fr;gap:10px 16px}"
    "figure,tr,.caveat,.findings li{break-inside:avoid}"
    "h2,h3{break-after:avoid}"
    "section{break-before:auto;margin-top:18px}"
    "#charts{break-before:page}"
    "a{color:inherit;text-decoration:none}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* ---- finding and checking the invocation ------------------------------- */

static int check_kind(sp_report *r, sp_error *err)
{
    const sp_store_invocation *v = &r->inv;
    const char *kind = v->kind ? v->kind : "?";
    if (v->n_packages == 0 || v->n_outcomes == 0)
        return SP_FAIL(err, SP_EINVAL, "invocation %lld of %s is a %s with "
                       "no %s names: a report covers `run` and `compare` "
                       "invocations", (long long)v->id, r->st->path, kind,
                       v->n_packages ? "outcome" : "package");
    size_t n_time = 0;
    while (n_time < v->n_outcomes &&
           strcmp(v->outcomes[n_time], "highest_level") != 0)
        n_time++;
    if (n_time == v->n_outcomes || n_time == 0)
        return SP_FAIL(err, SP_EINVAL, "invocation %lld of %s (%s) has no "
                       "\"first month\" outcomes before highest_level: a "
                       "report covers `run` and `compare` invocations",
                       (long long)v->id, r->st->path, kind);
    r->n_time = n_time;
    r->P = v->n_packages;
    r->order = sp_calloc(n_time, sizeof *r->order);
    if (!r->order)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    r->n_global = sp_report_outcome_order(r, r->order);
    for (size_t o = 0; o < n_time; o++)
        if (!strcmp(v->outcomes[o], "major_war"))
            r->major = o;
    return SP_OK;
}

/* ---- the command line, for what params_json may not say ---------------- */

/* Is `flag` a token of the stored command line? Quoted tokens ('...')
 * are skipped as a whole. */
static bool has_flag(const char *cmd, const char *flag)
{
    size_t fl = strlen(flag);
    for (const char *p = cmd; p && *p;) {
        p += strspn(p, " ");
        if (*p == '\'') {
            const char *q = strchr(p + 1, '\'');
            p = q ? q + 1 : p + strlen(p);
            continue;
        }
        size_t len = strcspn(p, " ");
        if (len == fl && !strncmp(p, flag, fl))
            return true;
        p += len;
    }
    return false;
}

static int sample_mode(const sp_report *r)
{
    if (r->par.sample_params >= 0)
        return r->par.sample_params;
    if (!r->inv.command_line || !*r->inv.command_line)
        return -1;
    return has_flag(r->inv.command_line, "--sample-params");
}

/* ---- the tally --------------------------------------------------------- */

static int read_runs(sp_report *r, sp_store_reps *c, double *row,
                     bool *failed, sp_error *err)
{
    bool more = true;
    const char *why = NULL;
    int rc = SP_OK;
    while (rc == SP_OK) {
        rc = sp_store_reps_next(c, row, failed, &why, &more, err);
        if (rc != SP_OK || !more)
            break;
        sp_tally_add(&r->t, row, failed);
        if (why && !r->first_failure[0])
            snprintf(r->first_failure, sizeof r->first_failure, "%.250s",
                     why);
    }
    r->skipped = sp_store_reps_skipped(c);
    return rc;
}

static int tally(sp_report *r, sp_error *err)
{
    size_t n = r->inv.n_outcomes;
    if (sp_tally_init(&r->t, r->P, r->n_time, n - r->n_time, r->months))
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    sp_store_reps *c = NULL;
    double *row = sp_calloc(r->P * n + 1, sizeof *row);
    bool *failed = sp_calloc(r->P, sizeof *failed);
    int rc = row && failed ? SP_OK : SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (rc == SP_OK)
        rc = sp_store_reps_open(r->st, r->inv.id, 0, r->P, n, &c, err);
    if (rc == SP_OK)
        rc = read_runs(r, c, row, failed, err);
    sp_store_reps_close(c);
    sp_xfree(row);
    sp_xfree(failed);
    if (rc == SP_OK && r->t.runs == 0)
        rc = SP_FAIL(err, SP_EINVAL, "invocation %lld of %s has no complete "
                     "replication to report (%llu failed, %llu incomplete)",
                     (long long)r->inv.id, r->st->path,
                     (unsigned long long)r->t.failed,
                     (unsigned long long)r->skipped);
    return rc;
}

/* The newest run or compare (id 0 means that, not merely the newest
 * invocation: a `questions` invocation has no runs to report). */
static int newest_ensemble(sp_store *st, int64_t *id, sp_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT max(id) FROM invocations "
                                "WHERE kind IN ('run', 'compare')", -1, &s,
                                NULL);
    if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
        sqlite3_column_type(s, 0) != SQLITE_NULL)
        *id = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_OK ? SP_OK
                           : sp_store_db_fail(st, rc, "finding the newest "
                                              "run", err);
}

static int load(sp_report *r, int64_t id, sp_error *err)
{
    int rc = id == 0 ? newest_ensemble(r->st, &id, err) : SP_OK;
    if (rc == SP_OK)
        rc = sp_store_find_invocation(r->st, id, &r->inv, err);
    if (rc == SP_OK)
        rc = check_kind(r, err);
    if (rc == SP_OK) {
        sp_error local = {0};
        rc = sp_report_params_parse(r->inv.params_json, &r->par, &local);
        if (rc != SP_OK)
            return SP_FAIL(err, rc, "invocation %lld of %s: %s",
                           (long long)id, r->st->path, local.message);
    }
    if (rc != SP_OK)
        return rc;
    int years = r->par.scenario_horizon;
    if (years <= 0)
        return SP_FAIL(err, SP_EFORMAT, "invocation %lld of %s: the stored "
                       "parameters do not give the horizon "
                       "(time.horizon_years)", (long long)id, r->st->path);
    r->months = 12 * years;
    r->sample = sample_mode(r);
    return tally(r, err);
}

/* ---- the page ---------------------------------------------------------- */

static int flush(sp_report *r, FILE *out, sp_error *err)
{
    sp_strbuf *b = &r->b;
    if (b->failed)
        return SP_FAIL(err, SP_ENOMEM, "out of memory writing the report");
    if (b->len && fwrite(b->s, 1, b->len, out) != b->len)
        return SP_FAIL(err, SP_EIO, "writing the report failed");
    b->len = 0;
    return SP_OK;
}

static void head(sp_report *r)
{
    sp_strbuf *b = &r->b;
    sp_strbuf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                      "content=\"width=device-width, initial-scale=1\">\n"
                      "<meta name=\"generator\" content=\"spiral ");
    sp_report_esc(b, sp_version());
    sp_strbuf_puts(b, "\">\n<title>");
    sp_report_esc(b, r->inv.scenario_name ? r->inv.scenario_name : "spiral");
    sp_strbuf_printf(b, " &middot; spiral report, invocation %lld</title>\n"
                        "<style>\n", (long long)r->inv.id);
    sp_strbuf_puts(b, css);
    sp_strbuf_puts(b, "</style>\n</head>\n<body>\n<main>\n");
}

static void foot(sp_report *r)
{
    sp_strbuf_puts(&r->b, "<footer>Written by spiral ");
    sp_report_esc(&r->b, sp_version());
    sp_strbuf_puts(&r->b, " from the results store; nothing was re-run. "
                          "GPL-3.0-or-later.</footer>\n</main>\n</body>\n"
                          "</html>\n");
}

static int write_page(sp_report *r, FILE *out, sp_error *err)
{
    void (*const parts[])(sp_report *) = {
        head, sp_report_summary, sp_report_answers, sp_report_charts,
        sp_report_all_outcomes,
        sp_report_uncertain, sp_report_provenance, foot};
    int rc = SP_OK;
    for (size_t i = 0; i < sizeof parts / sizeof *parts && rc == SP_OK; i++) {
        parts[i](r);
        rc = flush(r, out, err);
    }
    if (rc == SP_OK && (fflush(out) != 0 || ferror(out)))
        rc = SP_FAIL(err, SP_EIO, "writing the report failed");
    return rc;
}

int sp_report_write(sp_store *st, int64_t id, FILE *out, sp_error *err)
{
    if (!st || !out || id < 0)
        return SP_FAIL(err, SP_EINVAL, "sp_report_write: invalid arguments");
    sp_report r;
    memset(&r, 0, sizeof r);
    r.st = st;
    r.par.forecast_start = -1;
    r.par.sample_params = -1;
    sp_strbuf_init(&r.b);
    int rc = load(&r, id, err);
    if (rc == SP_OK)
        rc = sp_store_find_answers(st, r.inv.scenario_sha256, &r.answers_inv,
                                   &r.answers, err);
    if (rc == SP_OK)
        rc = write_page(&r, out, err);
    sp_strbuf_free(&r.b);
    sp_xfree(r.answers);
    sp_xfree(r.order);
    sp_tally_free(&r.t);
    sp_report_params_free(&r.par);
    sp_store_invocation_free(&r.inv);
    return rc;
}
