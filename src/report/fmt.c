/*
 * fmt.c - the report's small pieces: HTML escaping, numbers, outcome
 * names in words, and the statistics the page quotes.
 *
 * Numbers. Everything a reader sees is formatted here, with fixed
 * decimals and '.' whatever the locale (snprintf follows LC_NUMERIC, so
 * the separator is fixed up afterwards, as in ensemble_print.c), without
 * negative zero, and with U+2212 for a minus sign. Probabilities are
 * shown as percentages with one decimal, or two when the interval's
 * upper end is below 1% (nuclear use), so a rare outcome does not read
 * as "0.0%". Differences are percentage points, with the same rule.
 *
 * Statistics. The same calls as ensemble_print.c (Wilson for one
 * proportion, Newcombe's method 10 for a paired difference, significant
 * when the 95% interval excludes 0) on the same tally, so the page shows
 * exactly the numbers `spiral run --json` printed for the same runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/intervals.h"

#define MINUS "\xe2\x88\x92" /* U+2212 */

void sp_report_esc_n(sp_strbuf *b, const char *s, size_t n)
{
    const char *end = s + n;
    for (const char *p = s; p < end; p++) {
        size_t run = 0;
        while (p + run < end && !strchr("&<>\"'", p[run]))
            run++;
        sp_strbuf_add(b, p, run);
        p += run;
        if (p == end)
            break;
        switch (*p) {
        case '&': sp_strbuf_puts(b, "&amp;"); break;
        case '<': sp_strbuf_puts(b, "&lt;"); break;
        case '>': sp_strbuf_puts(b, "&gt;"); break;
        case '"': sp_strbuf_puts(b, "&quot;"); break;
        default: sp_strbuf_puts(b, "&#39;"); break;
        }
    }
}

void sp_report_esc(sp_strbuf *b, const char *s)
{
    s = s ? s : "";
    sp_report_esc_n(b, s, strlen(s));
}

void sp_report_fixed(sp_strbuf *b, double v, int decimals)
{
    if (isfinite(v))
        sp_strbuf_fixed(b, v, decimals);
    else
        sp_strbuf_puts(b, "?");
}

void sp_report_count(sp_strbuf *b, uint64_t n)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
    size_t len = strlen(digits);
    for (size_t i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            sp_strbuf_puts(b, ",");
        sp_strbuf_add(b, digits + i, 1);
    }
}

int sp_report_pct_decimals(double hi)
{
    return hi < 0.01 ? 2 : 1;
}

void sp_report_pct(sp_strbuf *b, double v, int decimals)
{
    sp_report_fixed(b, 100.0 * v, decimals);
    sp_strbuf_puts(b, "%");
}

void sp_report_prob_html(sp_strbuf *b, double p, double lo, double hi)
{
    int dec = sp_report_pct_decimals(hi);
    sp_strbuf_puts(b, "<span class=\"p\">");
    sp_report_pct(b, p, dec);
    sp_strbuf_puts(b, "</span> <span class=\"ci\">[");
    sp_report_fixed(b, 100.0 * lo, dec);
    sp_strbuf_puts(b, ", ");
    sp_report_fixed(b, 100.0 * hi, dec);
    sp_strbuf_puts(b, "]</span>");
}

/* Signed percentage points: "+1.3", MINUS "3.6", "0.0". */
static void signed_points(sp_strbuf *b, double v, int decimals)
{
    char buf[64];
    if (!isfinite(v)) {
        sp_strbuf_puts(b, "?");
        return;
    }
    sp_fmt_fixed(buf, sizeof buf, 100.0 * v, decimals);
    if (buf[0] == '-')
        sp_strbuf_printf(b, MINUS "%s", buf + 1);
    else if (strspn(buf, "0.") == strlen(buf))
        sp_strbuf_puts(b, buf);
    else
        sp_strbuf_printf(b, "+%s", buf);
}

/* Decimals for percentage points: 1, or 2 when the interval is within
 * +-1 point; more while a non-zero end would print as 0 (an interval
 * that excludes 0 must not show a 0 end). */
static int points_decimals(double lo, double hi)
{
    int dec = fmax(fabs(lo), fabs(hi)) < 0.01 ? 2 : 1;
    double small = fmin(lo != 0 ? fabs(lo) : 1, hi != 0 ? fabs(hi) : 1);
    while (dec < 4 && 100.0 * small < 0.5 * pow(10.0, -dec))
        dec++;
    return dec;
}

void sp_report_points_html(sp_strbuf *b, double d, double lo, double hi,
                           const char *unit)
{
    int dec = points_decimals(lo, hi);
    sp_strbuf_puts(b, "<span class=\"d\">");
    signed_points(b, d, dec);
    sp_strbuf_puts(b, unit ? unit : "");
    sp_strbuf_puts(b, "</span> <span class=\"ci\">[");
    signed_points(b, lo, dec);
    sp_strbuf_puts(b, ", ");
    signed_points(b, hi, dec);
    sp_strbuf_puts(b, "]</span>");
}

/* ---- outcomes in words ------------------------------------------------- */

static const struct {
    const char *name, *words, *article, *definition;
} outcomes[] = {
    {"clash", "clash", "a ",
     "some pair of states not already at that level reaches a clash "
     "(use of force)"},
    {"limited_war", "limited war", "a ",
     "some pair of states not already at war reaches a limited war"},
    {"major_war", "major war", "a ",
     "some pair of states not already at major war reaches it"},
    {"nuclear_use", "nuclear use", "",
     "some pair of states reaches nuclear use"},
    {"wider_war", "wider war", "a ",
     "a state not party to a war in progress at the package start goes "
     "to war with one of its parties (chain-ganging or direct)"},
};

static int find_outcome(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof outcomes / sizeof *outcomes; i++)
        if (strlen(outcomes[i].name) == len &&
            !strncmp(outcomes[i].name, name, len))
            return (int)i;
    return -1;
}

/* name[0..len) with '_' as spaces, escaped */
static void words(sp_strbuf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        size_t run = strcspn(s + i, "_");
        run = run < len - i ? run : len - i;
        sp_report_esc_n(b, s + i, run);
        i += run;
        if (i < len) {
            sp_strbuf_puts(b, " ");
            i++;
        }
    }
}

void sp_report_outcome(sp_strbuf *b, const char *name, bool with_article)
{
    const char *at = strchr(name, '@');
    size_t len = at ? (size_t)(at - name) : strlen(name);
    int k = find_outcome(name, len);
    if (k >= 0 && with_article)
        sp_strbuf_puts(b, outcomes[k].article);
    words(b, name, len);
    if (at) {
        sp_strbuf_puts(b, " (");
        words(b, at + 1, strlen(at + 1));
        sp_strbuf_puts(b, ")");
    }
}

const char *sp_report_outcome_definition(const char *name)
{
    int k = find_outcome(name, strlen(name));
    return k >= 0 ? outcomes[k].definition : NULL;
}

void sp_report_month(sp_strbuf *b, int month)
{
    if (month < 0)
        sp_strbuf_puts(b, "?");
    else
        sp_strbuf_printf(b, "%04d-%02d", month / 12, month % 12 + 1);
}

/* ---- the order outcomes are shown in --------------------------------- */

static const char *const preferred[] = {"major_war", "limited_war",
                                        "wider_war", "nuclear_use", "clash"};
#define N_PREFERRED (sizeof preferred / sizeof *preferred)

/* 0.. for the named global outcomes, then other global ones, then the
 * per-flashpoint ones. */
static int rank(const char *name)
{
    for (size_t i = 0; i < N_PREFERRED; i++)
        if (!strcmp(name, preferred[i]))
            return (int)i;
    return strchr(name, '@') ? (int)N_PREFERRED + 1 : (int)N_PREFERRED;
}

size_t sp_report_outcome_order(const sp_report *r, size_t *order)
{
    size_t n = 0, global = 0;
    for (int k = 0; k <= (int)N_PREFERRED + 1; k++)
        for (size_t o = 0; o < r->n_time; o++)
            if (rank(sp_report_outcome_name(r, o)) == k) {
                order[n++] = o;
                global += k <= (int)N_PREFERRED;
            }
    return global;
}

/* ---- statistics -------------------------------------------------------- */

void sp_report_prob(const sp_report *r, size_t p, size_t o, int months,
                    double *pr, double *lo, double *hi)
{
    uint64_t n = r->t.runs;
    uint64_t k = sp_tally_within(&r->t, p, o, months);
    *pr = n ? (double)k / (double)n : 0;
    sp_wilson(k, n, SP_Z95, lo, hi);
}

bool sp_report_paired(const sp_report *r, size_t p, size_t o, int y,
                      double *d, double *lo, double *hi)
{
    const uint64_t *c = sp_tally_pair(&r->t, p, o, y);
    sp_newcombe_paired(c[0], c[1], c[2], c[3], SP_Z95, d, lo, hi);
    return *lo > 0 || *hi < 0;
}

const char *sp_report_package(const sp_report *r, size_t p)
{
    return r->inv.packages[p];
}

const char *sp_report_outcome_name(const sp_report *r, size_t o)
{
    return r->inv.outcomes[o];
}
