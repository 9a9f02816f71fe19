/*
 * details.c - the report below the charts: every outcome's table, the
 * per-run means, the uncertain parameters with their ranges, and the
 * provenance of the numbers (what ran, on which code, with which
 * method), so that a reader of a forwarded file can trace and rerun it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "report/report.h"

#include <math.h>
#include <string.h>

#include "analysis/intervals.h"
#include "scenario.h"

/* ---- every "first month" outcome --------------------------------------- */

static void outcome_rows(sp_report *r, size_t o)
{
    sp_strbuf lead;
    sp_strbuf_init(&lead);
    sp_strbuf_printf(&lead, "<th scope=\"rowgroup\" rowspan=\"%zu\" "
                     "class=\"outcome\">", r->P);
    sp_report_outcome(&lead, sp_report_outcome_name(r, o), false);
    sp_strbuf_puts(&lead, "</th>");
    sp_strbuf_puts(&r->b, "<tbody>\n");
    for (size_t p = 0; p < r->P; p++)
        sp_report_table_row(r, p, o, p == 0 && lead.s ? lead.s : NULL);
    sp_strbuf_puts(&r->b, "</tbody>\n");
    r->b.failed |= lead.failed;
    sp_strbuf_free(&lead);
}

static void definitions(sp_report *r)
{
    sp_strbuf *b = &r->b;
    sp_strbuf_puts(b, "<p class=\"note\">Each outcome is counted in the "
                      "first month it happens after the package start (");
    sp_report_month(b, r->par.forecast_start);
    sp_strbuf_puts(b, ")");
    for (size_t i = 0, any = 0; i < r->n_time; i++) {
        const char *name = sp_report_outcome_name(r, r->order[i]);
        const char *def = sp_report_outcome_definition(name);
        if (!def)
            continue;
        sp_strbuf_puts(b, any++ ? "; <b>" : ". <b>");
        sp_report_outcome(b, name, false);
        sp_strbuf_puts(b, "</b>: ");
        sp_report_esc(b, def);
    }
    sp_strbuf_puts(b, ". An outcome named <i>x (place)</i> counts only the "
                      "pairs at that flashpoint.</p>\n");
}

static void extras_note(sp_report *r)
{
    const sp_tally *t = &r->t;
    for (size_t e = 0; e < t->n_extra; e++)
        if (!strcmp(sp_report_outcome_name(r, r->n_time + e),
                    "highest_level"))
            sp_strbuf_printf(&r->b, "<p class=\"note\"><b>highest level</b>: "
                             "the highest rung of the escalation ladder "
                             "reached after the package start: %d none, %d "
                             "incident, %d crisis, %d clash, %d limited war, "
                             "%d major war, %d nuclear use.</p>\n",
                             SP_LEVEL_NONE, SP_LEVEL_INCIDENT,
                             SP_LEVEL_CRISIS, SP_LEVEL_CLASH,
                             SP_LEVEL_LIMITED_WAR, SP_LEVEL_MAJOR_WAR,
                             SP_LEVEL_NUCLEAR);
}

static void extras(sp_report *r)
{
    const sp_tally *t = &r->t;
    if (t->n_extra == 0 || t->runs < 2)
        return;
    sp_strbuf *b = &r->b;
    double n = (double)t->runs;
    sp_strbuf_puts(b, "<table class=\"extras\">\n<caption>Other per-run "
                      "outcomes: mean, 95% interval</caption>\n<thead><tr>"
                      "<th>package</th>");
    for (size_t e = 0; e < t->n_extra; e++) {
        sp_strbuf_puts(b, "<th>");
        sp_report_outcome(b, sp_report_outcome_name(r, r->n_time + e), false);
        sp_strbuf_puts(b, "</th>");
    }
    sp_strbuf_puts(b, "</tr></thead>\n<tbody>\n");
    for (size_t p = 0; p < r->P; p++) {
        sp_strbuf_puts(b, "<tr><th scope=\"row\">");
        sp_report_esc(b, sp_report_package(r, p));
        sp_strbuf_puts(b, "</th>");
        for (size_t e = 0; e < t->n_extra; e++) {
            double mean, sd;
            sp_tally_extra(t, p, e, &mean, &sd);
            double half = SP_Z95 * sd / sqrt(n);
            sp_strbuf_puts(b, "<td><span class=\"p\">");
            sp_report_fixed(b, mean, 2);
            sp_strbuf_puts(b, "</span> <span class=\"ci\">[");
            sp_report_fixed(b, mean - half, 2);
            sp_strbuf_puts(b, ", ");
            sp_report_fixed(b, mean + half, 2);
            sp_strbuf_puts(b, "]</span></td>");
        }
        sp_strbuf_puts(b, "</tr>\n");
    }
    sp_strbuf_puts(b, "</tbody></table>\n");
    extras_note(r);
}

void sp_report_all_outcomes(sp_report *r)
{
    sp_strbuf *b = &r->b;
    sp_strbuf_puts(b, "<section id=\"all-outcomes\">\n<h2>All outcomes: "
                      "probability of each, with 95% intervals</h2>\n"
                      "<table class=\"all\">\n");
    sp_report_year_head(r, "outcome</th><th>package");
    for (size_t i = 0; i < r->n_time; i++)
        outcome_rows(r, r->order[i]);
    sp_strbuf_puts(b, "</table>\n");
    definitions(r);
    extras(r);
    sp_strbuf_puts(b, "</section>\n");
}

/* ---- the uncertain parameters ------------------------------------------ */

void sp_report_uncertain(sp_report *r)
{
    sp_strbuf *b = &r->b;
    const sp_report_strs *path = &r->par.unc_path, *dist = &r->par.unc_dist;
    if (!r->par.has_uncertain || path->n == 0)
        return;
    sp_strbuf_puts(b, "<section id=\"uncertain\">\n<h2>Uncertain "
                      "parameters (");
    sp_report_count(b, path->n);
    sp_strbuf_puts(b, ")</h2>\n<p class=\"note\">Paths as <code>--set"
                      "</code> takes them, with the distribution each is "
                      "drawn from under <code>--sample-params</code>; "
                      "<code>spiral check</code> shows each value's "
                      "source.</p>\n<ul class=\"params\">\n");
    for (size_t i = 0; i < path->n && i < dist->n; i++) {
        sp_strbuf_puts(b, "<li><code>");
        sp_report_esc(b, path->s[i]);
        sp_strbuf_puts(b, "</code> ");
        sp_report_esc(b, dist->s[i]);
        sp_strbuf_puts(b, "</li>\n");
    }
    sp_strbuf_puts(b, "</ul>\n</section>\n");
}

/* ---- provenance -------------------------------------------------------- */

static void row(sp_strbuf *b, const char *key, const char *value, bool code)
{
    sp_strbuf_printf(b, "<tr><th scope=\"row\">%s</th><td>%s", key,
                     code ? "<code>" : "");
    sp_report_esc(b, value && *value ? value : "-");
    sp_strbuf_printf(b, "%s</td></tr>\n", code ? "</code>" : "");
}

static void run_counts(sp_report *r)
{
    sp_strbuf *b = &r->b;
    sp_strbuf_puts(b, "<tr><th scope=\"row\">replications</th><td>");
    sp_report_count(b, r->t.runs);
    sp_strbuf_puts(b, " complete per package");
    if (r->t.failed) {
        sp_strbuf_puts(b, "; ");
        sp_report_count(b, r->t.failed);
        sp_strbuf_puts(b, " left out with a failed run");
    }
    if (r->skipped) {
        sp_strbuf_puts(b, "; ");
        sp_report_count(b, r->skipped);
        sp_strbuf_puts(b, " left out as incomplete");
    }
    sp_strbuf_puts(b, "</td></tr>\n");
}

static void method(sp_strbuf *b)
{
    sp_strbuf_puts(b,
        "<h3>Method</h3>\n<p>Each package was run on the same "
        "replications: replication <i>r</i> of every package uses the same "
        "seed and draws the same chance events (common random numbers), so "
        "differences between packages are paired by replication. P(outcome "
        "within <i>N</i> years) is the share of replications in which it "
        "happened, with a 95% Wilson score interval (Wilson 1927). A "
        "difference between a package and the baseline is the paired "
        "difference of proportions with Newcombe&rsquo;s method 10 interval "
        "(Newcombe 1998, <i>Statistics in Medicine</i> 17:2635&ndash;2650); "
        "it is called <b>significant</b> when its 95% interval excludes 0. "
        "&ldquo;Cannot tell them apart&rdquo;: the interval contains 0 and "
        "is wider than &plusmn;0.1 points; the suggested run count brings "
        "its half-width to half the observed difference. A replication in "
        "which any package&rsquo;s run failed is left out for every "
        "package, so pairs stay paired. Charts: the same Wilson interval "
        "month by month. Means: normal-approximation 95% interval.</p>\n");
}

void sp_report_provenance(sp_report *r)
{
    sp_strbuf *b = &r->b;
    const sp_store_invocation *v = &r->inv;
    char id[32], seed[32];
    snprintf(id, sizeof id, "%lld", (long long)v->id);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)v->seed);
    sp_strbuf_puts(b, "<section id=\"provenance\">\n<h2>Provenance</h2>\n"
                      "<table class=\"prov\"><tbody>\n");
    row(b, "scenario", v->scenario_name, false);
    row(b, "scenario sha256", v->scenario_sha256, true);
    row(b, "command line", v->command_line, true);
    row(b, "code version", v->code_version, false);
    row(b, "seed", seed, false);
    run_counts(r);
    row(b, "kind", v->kind, false);
    row(b, "status", v->status, false);
    row(b, "started", v->started_at, false);
    row(b, "finished", v->finished_at, false);
    row(b, "results store", r->st->path, true);
    row(b, "invocation id", id, false);
    sp_strbuf_puts(b, "</tbody></table>\n<p class=\"note\">To rerun: the "
                      "command line above with the same scenario file "
                      "(check its sha256 with <code>spiral check</code>) "
                      "and the same code version gives the same numbers on "
                      "any thread count.</p>\n");
    method(b);
    sp_strbuf_puts(b, "</section>\n");
}

void sp_report_answers(sp_report *r)
{
    sp_strbuf *b = &r->b;
    sp_strbuf_puts(b, "<section id=\"answers\">\n<h2>Answers to the five "
                      "questions</h2>\n");
    if (!r->answers) {
        sp_strbuf_puts(b, "<p class=\"caveat\">None stored for this "
                          "scenario: <code>spiral questions SCENARIO --db "
                          "FILE</code> answers them (the safest package, "
                          "what the treaty adds, capability with and "
                          "without help and sanctions, the Global South) "
                          "and this page shows the newest.</p>\n"
                          "</section>\n");
        return;
    }
    sp_strbuf_printf(b, "<p>From <code>spiral questions</code> (invocation "
                        "%lld of this file, same scenario sha256), from "
                        "runs of its own, separate from this page's.</p>\n<pre "
                        "class=\"answers\">", (long long)r->answers_inv);
    sp_report_esc(b, r->answers);
    sp_strbuf_puts(b, "</pre>\n</section>\n");
}
