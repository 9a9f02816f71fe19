/*
 * summary.c - the report's first screen: what was run, P(major war) per
 * package at 1/5/10 years with intervals, the differences from the
 * baseline package in words, and a box saying what the answer is
 * conditional on.
 *
 * Why this order (docs: users.md, the policy analyst). The reader opens
 * the page to learn whether a package makes war less likely, so the
 * table and the sentences come before anything else, and every number
 * carries its 95% interval. The box beside them is part of the answer,
 * not a footnote: with nominal parameters the intervals show chance
 * events only, and levers that no mechanism reads cannot have an effect,
 * which changes how a difference between packages should be read.
 *
 * "Significant" is the rule of ensemble_print.c: the 95% Newcombe
 * interval of the paired difference excludes 0. A difference that is not
 * significant is reported as such, with the "too few runs" hint of
 * intervals.h when the interval is too wide to tell.
 *
 * The comparison table carries the exact values (4 decimals, as in the
 * JSON output) in data-* attributes, so scripts and tests can read them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "report/report.h"

#include <string.h>

#include "analysis/intervals.h"

/* ---- header ------------------------------------------------------------ */

static void started(sp_strbuf *b, const char *iso)
{
    /* "2024-05-01T12:34:56Z" -> "2024-05-01 12:34 UTC" */
    if (iso && strlen(iso) >= 16 && iso[10] == 'T') {
        sp_report_esc_n(b, iso, 10);
        sp_strbuf_puts(b, " ");
        sp_report_esc_n(b, iso + 11, 5);
        sp_strbuf_puts(b, " UTC");
    } else
        sp_report_esc(b, iso ? iso : "?");
}

/* The line under the title: items kept whole when the line wraps. */
static void meta_line(sp_report *r)
{
    sp_strbuf *b = &r->b;
    sp_strbuf_puts(b, "<p class=\"meta\"><span>");
    sp_report_count(b, r->P);
    sp_strbuf_printf(b, " package%s &times; ", r->P == 1 ? "" : "s");
    sp_report_count(b, r->t.runs);
    sp_strbuf_printf(b, " run%s%s</span> &middot; <span>seed %llu</span> "
                     "&middot; <span>horizon %d year%s from ",
                     r->t.runs == 1 ? "" : "s",
                     r->P > 1 ? " (the same chance events in every package)"
                              : "",
                     (unsigned long long)r->inv.seed, r->months / 12,
                     r->months == 12 ? "" : "s");
    sp_report_month(b, r->par.forecast_start);
    sp_strbuf_puts(b, r->sample == 1   ? "</span> &middot; <span>parameters "
                                         "drawn per run"
                      : r->sample == 0 ? "</span> &middot; <span>parameters "
                                         "at nominal values"
                                       : "");
    sp_strbuf_puts(b, "</span> &middot; <span>run ");
    started(b, r->inv.started_at);
    sp_strbuf_printf(b, "</span> &middot; <span>invocation %lld</span></p>\n",
                     (long long)r->inv.id);
}

/* A notice when the invocation did not finish or lost runs. */
static void banner(sp_report *r)
{
    sp_strbuf *b = &r->b;
    const char *status = r->inv.status ? r->inv.status : "done";
    bool partial = strcmp(status, "done") != 0;
    if (!partial && !r->t.failed && !r->skipped)
        return;
    sp_strbuf_puts(b, "<p class=\"banner\">");
    if (partial) {
        sp_strbuf_puts(b, "This invocation is marked <b>");
        sp_report_esc(b, status);
        sp_strbuf_puts(b, "</b>: the numbers come from the ");
        sp_report_count(b, r->t.runs);
        sp_strbuf_puts(b, " replications stored. ");
    }
    if (r->t.failed) {
        sp_report_count(b, r->t.failed);
        sp_strbuf_puts(b, r->t.failed == 1 ? " replication had a failed run "
                                             "and is left out"
                                           : " replications had a failed "
                                             "run and are left out");
        sp_strbuf_puts(b, " (first failure: ");
        sp_report_esc(b, r->first_failure);
        sp_strbuf_puts(b, "). ");
    }
    if (r->skipped) {
        sp_report_count(b, r->skipped);
        sp_strbuf_puts(b, r->skipped == 1 ? " replication lacks some "
                                            "package&rsquo;s run and is left "
                                            "out."
                                          : " replications lack some "
                                            "package&rsquo;s run and are "
                                            "left out.");
    }
    sp_strbuf_puts(b, "</p>\n");
}

static void header(sp_report *r)
{
    sp_strbuf *b = &r->b;
    sp_strbuf_puts(b, "<header>\n<h1>");
    sp_strbuf_puts(b, r->P > 1 ? "Policy packages compared: "
                               : "Ensemble: ");
    sp_report_esc(b, r->inv.scenario_name ? r->inv.scenario_name : "?");
    if (r->P == 1) {
        sp_strbuf_puts(b, ", package ");
        sp_report_esc(b, sp_report_package(r, 0));
    }
    sp_strbuf_puts(b, "</h1>\n");
    meta_line(r);
    banner(r);
    sp_strbuf_puts(b, "</header>\n");
}

/* ---- the comparison table ---------------------------------------------- */

static void data_attrs(sp_strbuf *b, const char *k1, double v1, double lo,
                       double hi)
{
    sp_strbuf_printf(b, " data-%s=\"", k1);
    sp_report_fixed(b, v1, 4);
    sp_strbuf_puts(b, "\" data-lo=\"");
    sp_report_fixed(b, lo, 4);
    sp_strbuf_puts(b, "\" data-hi=\"");
    sp_report_fixed(b, hi, 4);
    sp_strbuf_puts(b, "\"");
}

static void prob_cell(sp_report *r, size_t p, size_t o, int year)
{
    double pr, lo, hi;
    sp_report_prob(r, p, o, 12 * year, &pr, &lo, &hi);
    sp_strbuf_puts(&r->b, "<td");
    data_attrs(&r->b, "p", pr, lo, hi);
    sp_strbuf_puts(&r->b, ">");
    sp_report_prob_html(&r->b, pr, lo, hi);
    sp_strbuf_puts(&r->b, "</td>");
}

/* The change from the baseline at the last year, in a cell. */
static void diff_cell(sp_report *r, size_t p, size_t o)
{
    sp_strbuf *b = &r->b;
    if (p == 0) {
        sp_strbuf_puts(b, "<td class=\"base\">baseline</td>");
        return;
    }
    double d, lo, hi;
    bool sig = sp_report_paired(r, p, o, r->t.n_years - 1, &d, &lo, &hi);
    sp_strbuf_printf(b, "<td class=\"%s\"",
                     !sig ? "ns" : d < 0 ? "sig lower" : "sig higher");
    data_attrs(b, "diff", d, lo, hi);
    sp_strbuf_puts(b, ">");
    sp_report_points_html(b, d, lo, hi,
                          !sig    ? " <span class=\"tag\">n.s.</span>"
                          : d < 0 ? " <span class=\"tag\">lower</span>"
                                  : " <span class=\"tag\">higher</span>");
    sp_strbuf_puts(b, "</td>");
}

void sp_report_year_head(sp_report *r, const char *first)
{
    sp_strbuf *b = &r->b;
    sp_strbuf_puts(b, "<thead><tr><th>");
    sp_strbuf_puts(b, first);
    sp_strbuf_puts(b, "</th>");
    for (int y = 0; y < r->t.n_years; y++)
        sp_strbuf_printf(b, "<th class=\"yr\">%d year%s</th>", r->t.years[y],
                         r->t.years[y] == 1 ? "" : "s");
    if (r->P > 1) {
        sp_strbuf_puts(b, "<th class=\"chg\">vs ");
        sp_report_esc(b, sp_report_package(r, 0));
        sp_strbuf_printf(b, " at %d years<br><span class=\"ci\">percentage "
                         "points</span></th>", r->t.years[r->t.n_years - 1]);
    }
    sp_strbuf_puts(b, "</tr></thead>\n");
}

void sp_report_table_row(sp_report *r, size_t p, size_t o, const char *lead)
{
    sp_strbuf *b = &r->b;
    sp_strbuf_printf(b, "<tr%s>%s<th scope=\"row\">",
                     p == 0 && r->P > 1 ? " class=\"base\"" : "",
                     lead ? lead : "");
    sp_report_esc(b, sp_report_package(r, p));
    sp_strbuf_puts(b, "</th>");
    for (int y = 0; y < r->t.n_years; y++)
        prob_cell(r, p, o, r->t.years[y]);
    if (r->P > 1)
        diff_cell(r, p, o);
    sp_strbuf_puts(b, "</tr>\n");
}

static void comparison_table(sp_report *r)
{
    sp_strbuf *b = &r->b;
    const char *name = sp_report_outcome_name(r, r->major);
    sp_strbuf_puts(b, "<table class=\"cmp\" id=\"comparison\">\n<caption>"
                      "Probability of ");
    sp_report_outcome(b, name, true);
    sp_strbuf_puts(b, " within ");
    for (int y = 0; y < r->t.n_years; y++)
        sp_strbuf_printf(b, "%s%d", y == 0 ? "" : y + 1 == r->t.n_years
                                                       ? " and " : ", ",
                         r->t.years[y]);
    sp_strbuf_printf(b, " year%s, with 95%% intervals</caption>\n",
                     r->t.years[r->t.n_years - 1] == 1 ? "" : "s");
    sp_report_year_head(r, "package");
    sp_strbuf_puts(b, "<tbody>\n");
    for (size_t p = 0; p < r->P; p++)
        sp_report_table_row(r, p, r->major, NULL);
    sp_strbuf_puts(b, "</tbody></table>\n");
    const char *def = sp_report_outcome_definition(name);
    sp_strbuf_puts(b, "<p class=\"note\">");
    sp_report_outcome(b, name, false);
    sp_strbuf_puts(b, ": ");
    sp_report_esc(b, def ? def : "as named in the model");
    sp_strbuf_puts(b, ", counted from the package start ");
    sp_report_month(b, r->par.forecast_start);
    sp_strbuf_puts(b, ". Intervals: Wilson 95%");
    if (r->P > 1)
        sp_strbuf_puts(b, "; changes: paired by replication, "
                          "Newcombe&rsquo;s method 10");
    sp_strbuf_puts(b, ". <a href=\"#all-outcomes\">All outcomes</a> "
                      "&middot; <a href=\"#charts\">over time</a></p>\n");
}

/* ---- the findings in words --------------------------------------------- */

static bool is_global(const sp_report *r, size_t o)
{
    return strchr(sp_report_outcome_name(r, o), '@') == NULL;
}

/* The headline outcome's sentence; returns whether it was significant. */
static bool major_sentence(sp_report *r, size_t p)
{
    sp_strbuf *b = &r->b;
    int y = r->t.n_years - 1, year = r->t.years[y];
    const char *base = sp_report_package(r, 0);
    const char *name = sp_report_outcome_name(r, r->major);
    double d, lo, hi;
    bool sig = sp_report_paired(r, p, r->major, y, &d, &lo, &hi);
    sp_strbuf_puts(b, "<li><b>");
    sp_report_esc(b, sp_report_package(r, p));
    if (sig) {
        sp_strbuf_puts(b, "</b> makes ");
        sp_report_outcome(b, name, true);
        sp_strbuf_printf(b, " within %d year%s <b>%s likely</b> than ", year,
                         year == 1 ? "" : "s", d < 0 ? "less" : "more");
        sp_report_esc(b, base);
        sp_strbuf_puts(b, ": ");
        sp_report_points_html(b, d, lo, hi, " points");
        sp_strbuf_puts(b, ", paired over ");
        sp_report_count(b, r->t.runs);
        sp_strbuf_puts(b, " replications.");
        return true;
    }
    sp_strbuf_puts(b, "</b>: no significant difference from ");
    sp_report_esc(b, base);
    sp_strbuf_puts(b, " in ");
    sp_report_outcome(b, name, true);
    sp_strbuf_printf(b, " within %d year%s (", year, year == 1 ? "" : "s");
    sp_report_points_html(b, d, lo, hi, " points");
    sp_strbuf_puts(b, ").");
    const uint64_t *c = sp_tally_pair(&r->t, p, r->major, y);
    if (sp_paired_unresolved(c[0], c[1], c[2], c[3], SP_Z95)) {
        sp_strbuf_puts(b, " <span class=\"hint\">");
        sp_report_count(b, r->t.runs);
        sp_strbuf_puts(b, " runs per package cannot tell them apart; about ");
        sp_report_count(b, sp_paired_runs_hint(c[0], c[1], c[2], c[3],
                                               SP_Z95));
        sp_strbuf_puts(b, " would, if the difference is real.</span>");
    } else
        sp_strbuf_puts(b, " The interval is narrow: any difference is "
                          "smaller than 0.2 points.");
    return false;
}

/* "It also makes limited war (−3.3 [..]) and wider war (..) less
 * likely": the other global outcomes with a significant difference in
 * one direction. Returns whether it wrote anything. */
static bool other_outcomes(sp_report *r, size_t p, bool lower, bool also)
{
    sp_strbuf *b = &r->b;
    int y = r->t.n_years - 1;
    size_t list[64], n = 0;
    for (size_t i = 0; i < r->n_global && n < 64; i++) {
        size_t o = r->order[i];
        double d, lo, hi;
        if (o != r->major && is_global(r, o) &&
            sp_report_paired(r, p, o, y, &d, &lo, &hi) && (d < 0) == lower)
            list[n++] = o;
    }
    if (!n)
        return false;
    sp_strbuf_puts(b, also ? " It also makes " : " It makes ");
    for (size_t i = 0; i < n; i++) {
        double d, lo, hi;
        sp_report_paired(r, p, list[i], y, &d, &lo, &hi);
        sp_strbuf_puts(b, i == 0 ? "" : i + 1 == n ? " and " : ", ");
        sp_report_outcome(b, sp_report_outcome_name(r, list[i]), false);
        sp_strbuf_puts(b, " (");
        sp_report_points_html(b, d, lo, hi, NULL);
        sp_strbuf_puts(b, ")");
    }
    sp_strbuf_printf(b, " %s likely.", lower ? "less" : "more");
    return true;
}

static void findings(sp_report *r)
{
    sp_strbuf *b = &r->b;
    if (r->P < 2) {
        sp_strbuf_puts(b, "<p class=\"findings\">One package only: "
                          "<code>spiral compare</code> runs several with the "
                          "same chance events and tells whether they "
                          "differ.</p>\n");
        return;
    }
    sp_strbuf_puts(b, "<section class=\"findings\"><h2>What differs from ");
    sp_report_esc(b, sp_report_package(r, 0));
    sp_strbuf_puts(b, "</h2>\n<ul>\n");
    for (size_t p = 1; p < r->P; p++) {
        bool said = major_sentence(r, p);
        said |= other_outcomes(r, p, true, said);
        other_outcomes(r, p, false, said);
        sp_strbuf_puts(b, "</li>\n");
    }
    sp_strbuf_puts(b, "</ul>\n<p class=\"note\">Significant: the 95% "
                      "interval of the paired difference excludes 0. "
                      "Differences in percentage points.</p></section>\n");
}

/* ---- the box: what the answer is conditional on ------------------------ */

/* Split "a.b.KEY.c" into the part before the second-to-last segment and
 * the last segment; last is NULL when the path has fewer than 3. */
static void split_path(const char *path, size_t *pre, const char **last)
{
    const char *l = strrchr(path, '.');
    const char *p = l;
    while (p && p > path && p[-1] != '.')
        p--;
    bool ok = l && p && p > path; /* a segment before the wildcard */
    *pre = ok ? (size_t)(p - path) : strlen(path);
    *last = ok ? l + 1 : NULL;
}

/* Same path but for the second-to-last segment (actors.*.economy)? */
static bool same_inner(const char *a, const char *b)
{
    size_t pa, pb;
    const char *la, *lb;
    split_path(a, &pa, &la);
    split_path(b, &pb, &lb);
    return la && lb && pa == pb && !strncmp(a, b, pa) && !strcmp(la, lb);
}

/* Same path but for the last segment (parameters.escalation.*)? */
static bool same_parent(const char *a, const char *b)
{
    const char *la = strrchr(a, '.'), *lb = strrchr(b, '.');
    return la && lb && la - a == lb - b && !strncmp(a, b, (size_t)(la - a));
}

/* Grouping is quadratic; past this many the box gives the count only. */
#define MAX_GROUPED 2000

static void group_item(sp_strbuf *b, const char *path, size_t count,
                       bool inner)
{
    size_t pre;
    const char *last;
    split_path(path, &pre, &last);
    sp_strbuf_puts(b, "<li><code>");
    if (count < 2)
        sp_report_esc(b, path);
    else if (inner) {
        sp_report_esc_n(b, path, pre);
        sp_strbuf_puts(b, "*.");
        sp_report_esc(b, last);
    } else {
        sp_report_esc_n(b, path, (size_t)(strrchr(path, '.') - path));
        sp_strbuf_puts(b, ".*");
    }
    sp_strbuf_puts(b, "</code>");
    if (count > 1)
        sp_strbuf_printf(b, "&nbsp;&times;%zu", count);
    sp_strbuf_puts(b, "</li>");
}

/* Path i's entry: with the others of its inner group if it has one
 * (n_inner[i] >= 2), else with the others of its parent that have none;
 * only the first of a group is written. */
static void group_entry(sp_strbuf *b, const sp_report_strs *u,
                        const size_t *n_inner, size_t i)
{
    const char *pi = u->s[i];
    if (n_inner[i] >= 2) {
        for (size_t j = 0; j < i; j++)
            if (same_inner(u->s[j], pi))
                return;
        group_item(b, pi, n_inner[i], true);
        return;
    }
    size_t count = 0;
    for (size_t j = 0; j < u->n; j++) {
        bool mate = n_inner[j] < 2 && (j == i || same_parent(u->s[j], pi));
        if (mate && j < i)
            return;
        count += mate;
    }
    group_item(b, pi, count, false);
}

static void uncertain_groups(sp_report *r)
{
    const sp_report_strs *u = &r->par.unc_path;
    if (u->n > MAX_GROUPED)
        return;
    size_t *n_inner = sp_calloc(u->n + 1, sizeof *n_inner);
    if (!n_inner) {
        r->b.failed = true;
        return;
    }
    for (size_t i = 0; i < u->n; i++)
        for (size_t j = 0; j < u->n; j++)
            n_inner[i] += same_inner(u->s[i], u->s[j]);
    sp_strbuf_puts(&r->b, "<ul class=\"groups\">");
    for (size_t i = 0; i < u->n; i++)
        group_entry(&r->b, u, n_inner, i);
    sp_strbuf_puts(&r->b, "</ul>\n");
    sp_xfree(n_inner);
}

static void uncertain_text(sp_report *r)
{
    sp_strbuf *b = &r->b;
    size_t n = r->par.unc_path.n;
    if (!r->par.has_uncertain) {
        sp_strbuf_puts(b, "<p>The stored parameters do not say which values "
                          "are guesses (written by an older spiral); "
                          "<code>spiral check SCENARIO</code> lists them with "
                          "their ranges.</p>\n");
        return;
    }
    if (n == 0) {
        sp_strbuf_puts(b, "<p>The scenario declares no uncertain parameter; "
                          "the numbers are still conditional on its stated "
                          "values.</p>\n");
        return;
    }
    sp_strbuf_puts(b, "<p>");
    sp_report_count(b, n);
    sp_strbuf_printf(b, " value%s in the scenario %s guesses or fill gaps "
                     "in the data, each with a range. ", n == 1 ? "" : "s",
                     n == 1 ? "is one of the" : "are");
    if (r->sample == 1)
        sp_strbuf_puts(b, "Each replication drew them from their ranges, so "
                          "the intervals include that uncertainty; the "
                          "ranges themselves are guesses.");
    else if (r->sample == 0)
        sp_strbuf_puts(b, "Every run used their <b>nominal values</b>, so the "
                          "intervals show chance events only, not what "
                          "happens if the guesses are wrong "
                          "(<code>--sample-params</code> draws them per "
                          "run).");
    else
        sp_strbuf_puts(b, "Unless the ensemble was run with "
                          "<code>--sample-params</code>, every run used their "
                          "nominal values and the intervals show chance "
                          "events only.");
    sp_strbuf_puts(b, "</p>\n");
    uncertain_groups(r);
    sp_strbuf_puts(b, "<p class=\"more\"><a href=\"#uncertain\">All ");
    sp_report_count(b, n);
    sp_strbuf_puts(b, " with their ranges</a></p>\n");
}

/* "lever kind 'aid' (1 use): no mechanism reads it ..." -> lever, aid, 1 */
static bool no_effect(const char *w, char kind[8], const char **name,
                      size_t *len, unsigned *uses)
{
    const char *forms[] = {"lever", "event"};
    for (int f = 0; f < 2; f++) {
        size_t fl = strlen(forms[f]);
        if (strncmp(w, forms[f], fl) || strncmp(w + fl, " kind '", 7))
            continue;
        const char *s = w + fl + 7, *q = strchr(s, '\'');
        char tail[8];
        int consumed = 0;
        if (!q || sscanf(q, "' (%u us%7[^)]): %n", uses, tail,
                         &consumed) < 2 || !consumed ||
            strncmp(q + consumed, "no mechanism reads it", 21))
            return false;
        snprintf(kind, 8, "%s", forms[f]);
        *name = s;
        *len = (size_t)(q - s);
        return true;
    }
    return false;
}

/* The no-effect levers (or events) as one line. */
static void no_effect_line(sp_report *r, const char *want)
{
    sp_strbuf *b = &r->b;
    size_t shown = 0;
    for (size_t i = 0; i < r->par.warnings.n; i++) {
        char kind[8];
        const char *name;
        size_t len;
        unsigned uses;
        if (!no_effect(r->par.warnings.s[i], kind, &name, &len, &uses) ||
            strcmp(kind, want))
            continue;
        if (!shown++)
            sp_strbuf_printf(b, "<li><b>%ss</b>: ", want);
        else
            sp_strbuf_puts(b, ", ");
        sp_strbuf_puts(b, "<code>");
        sp_report_esc_n(b, name, len);
        sp_strbuf_printf(b, "</code>&nbsp;(%u)", uses);
    }
    if (shown)
        sp_strbuf_puts(b, "</li>\n");
}

static void warnings_text(sp_report *r)
{
    sp_strbuf *b = &r->b;
    const sp_report_strs *w = &r->par.warnings;
    if (!r->par.has_warnings || w->n == 0)
        return;
    size_t compact = 0;
    for (size_t i = 0; i < w->n; i++) {
        char kind[8];
        const char *name;
        size_t len;
        unsigned uses;
        compact += no_effect(w->s[i], kind, &name, &len, &uses);
    }
    sp_strbuf_puts(b, "<h3>Not modelled yet</h3>\n");
    if (compact)
        sp_strbuf_puts(b, "<p>No mechanism reads these kinds of lever or "
                          "event (uses in brackets), so they have <b>no "
                          "effect</b>: packages differ only through their "
                          "other levers.</p>\n");
    sp_strbuf_puts(b, "<ul class=\"warn\">\n");
    no_effect_line(r, "lever");
    no_effect_line(r, "event");
    for (size_t i = 0; i < w->n; i++) {
        char kind[8];
        const char *name;
        size_t len;
        unsigned uses;
        if (no_effect(w->s[i], kind, &name, &len, &uses))
            continue;
        sp_strbuf_puts(b, "<li>");
        sp_report_esc(b, w->s[i]);
        sp_strbuf_puts(b, "</li>\n");
    }
    sp_strbuf_puts(b, "</ul>\n");
}

static void caveat_box(sp_report *r)
{
    sp_strbuf_puts(&r->b, "<aside class=\"caveat\" id=\"conditional\">\n"
                          "<h2>These numbers are conditional on guessed "
                          "values</h2>\n");
    uncertain_text(r);
    warnings_text(r);
    sp_strbuf_puts(&r->b, "</aside>\n");
}

void sp_report_summary(sp_report *r)
{
    header(r);
    sp_strbuf_puts(&r->b, "<div class=\"first\">\n<div class=\"answer\">\n");
    comparison_table(r);
    findings(r);
    sp_strbuf_puts(&r->b, "</div>\n");
    caveat_box(r);
    sp_strbuf_puts(&r->b, "</div>\n");
}
