/*
 * charts.c - one SVG chart per "first month" outcome: the cumulative
 * probability that it has happened by month m after the package start,
 * per package, with a shaded 95% Wilson band.
 *
 * What is drawn. For month m = 0..M (M = the horizon in months) the
 * value is k(m) / n, k(m) the runs whose first month is below m (so the
 * value at 12 is "within 1 year", the same count as the tables), and the
 * band is the Wilson interval of k(m) in n. Lines join the monthly
 * values; the band is one polygon (upper ends forward, lower ends back).
 *
 * Why it looks like this. Packages are told apart by colour AND dash
 * pattern (the Okabe-Ito palette, safe for the common colour-vision
 * deficiencies, and still readable printed in grey); the baseline is a
 * dark solid line. The y axis is scaled to the largest upper interval
 * end so rare outcomes (nuclear use) are not flattened against zero;
 * its ticks are round percentages. Every chart carries its own legend,
 * so a chart copied out of the page still says which line is which.
 * Coordinates are written with one decimal, locale-independent. A
 * per-flashpoint outcome that never happened in any run is named in a
 * sentence instead of drawn; the global ones are always drawn (the band
 * then shows how rare "never in n runs" allows it to be).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "report/report.h"

#include <math.h>
#include <string.h>

#include "analysis/intervals.h"

#define W 560.0
#define LEFT 50.0
#define RIGHT 14.0
#define PLOT_H 230.0
#define BOTTOM 42.0
#define LEGEND_ROW 18.0

static const struct {
    const char *colour, *dash;
} styles[] = {
    {"#333333", ""},        {"#0072B2", "8 4"},  {"#D55E00", "2 3"},
    {"#009E73", "10 3 2 3"}, {"#CC79A7", "5 2"}, {"#E69F00", "1 3"},
    {"#56B4E9", "12 4 2 4"}, {"#000000", "4 4"},
};
#define N_STYLES (sizeof styles / sizeof *styles)

typedef struct frame {
    double top, ymax, ystep;
    int months;
} frame;

static double px_x(const frame *f, int m)
{
    return LEFT + (W - LEFT - RIGHT) * (double)m / (double)f->months;
}

static double px_y(const frame *f, double v)
{
    return f->top + PLOT_H * (1.0 - v / f->ymax);
}

static void xy(sp_strbuf *b, double x, double y)
{
    sp_report_fixed(b, x, 1);
    sp_strbuf_puts(b, ",");
    sp_report_fixed(b, y, 1);
}

/* ---- scales ------------------------------------------------------------ */

/* A round step (1, 2, 2.5 or 5 times a power of ten) for ~5 ticks. */
static double nice_step(double span)
{
    double raw = span / 5.0;
    double mag = pow(10.0, floor(log10(raw)));
    double f = raw / mag;
    return mag * (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10);
}

static void y_scale(const sp_report *r, size_t o, frame *f)
{
    double top = 0.0;
    for (size_t p = 0; p < r->P; p++) {
        double pr, lo, hi;
        sp_report_prob(r, p, o, r->months, &pr, &lo, &hi);
        top = fmax(top, hi); /* cumulative: the last month is the highest */
    }
    top = fmax(top, 0.01);
    f->ystep = nice_step(top);
    f->ymax = fmin(ceil(top / f->ystep - 1e-9) * f->ystep, 1.0);
    if (f->ymax < top)
        f->ymax = 1.0;
}

/* Decimals a percentage tick label needs (2.5% -> 1). */
static int tick_decimals(double step)
{
    int d = 0;
    double v = 100.0 * step;
    while (d < 3 && fabs(v - round(v)) > 1e-9 * fmax(1.0, v))
        v *= 10.0, d++;
    return d;
}

/* ---- the legend -------------------------------------------------------- */

static double label_width(const char *s)
{
    return 7.0 * (double)strlen(s); /* 12px sans-serif, generous */
}

static int legend_rows(const sp_report *r)
{
    double x = LEFT, room = W - RIGHT;
    int rows = 1;
    for (size_t p = 0; p < r->P; p++) {
        double w = 34.0 + label_width(sp_report_package(r, p)) + 18.0;
        if (x + w > room && x > LEFT)
            rows++, x = LEFT;
        x += w;
    }
    return rows;
}

static void line_attrs(sp_strbuf *b, size_t p)
{
    sp_strbuf_printf(b, " fill=\"none\" stroke=\"%s\" stroke-width=\"2\"",
                     styles[p % N_STYLES].colour);
    if (styles[p % N_STYLES].dash[0])
        sp_strbuf_printf(b, " stroke-dasharray=\"%s\"",
                         styles[p % N_STYLES].dash);
}

static void legend(sp_report *r)
{
    sp_strbuf *b = &r->b;
    double x = LEFT, y = 16.0, room = W - RIGHT;
    sp_strbuf_puts(b, "<g class=\"legend\">");
    for (size_t p = 0; p < r->P; p++) {
        const char *name = sp_report_package(r, p);
        double w = 34.0 + label_width(name) + 18.0;
        if (x + w > room && x > LEFT)
            x = LEFT, y += LEGEND_ROW;
        sp_strbuf_puts(b, "<line x1=\"");
        sp_report_fixed(b, x, 1);
        sp_strbuf_puts(b, "\" x2=\"");
        sp_report_fixed(b, x + 28.0, 1);
        sp_strbuf_puts(b, "\" y1=\"");
        sp_report_fixed(b, y - 4.0, 1);
        sp_strbuf_puts(b, "\" y2=\"");
        sp_report_fixed(b, y - 4.0, 1);
        sp_strbuf_puts(b, "\"");
        line_attrs(b, p);
        sp_strbuf_puts(b, "/><text x=\"");
        sp_report_fixed(b, x + 34.0, 1);
        sp_strbuf_puts(b, "\" y=\"");
        sp_report_fixed(b, y, 1);
        sp_strbuf_puts(b, "\">");
        sp_report_esc(b, name);
        sp_strbuf_puts(b, "</text>");
        x += w;
    }
    sp_strbuf_puts(b, "</g>\n");
}

/* ---- axes -------------------------------------------------------------- */

static void y_axis(sp_strbuf *b, const frame *f)
{
    int dec = tick_decimals(f->ystep);
    int n = (int)round(f->ymax / f->ystep);
    for (int i = 0; i <= n; i++) {
        double v = f->ystep * i, y = px_y(f, v);
        sp_strbuf_printf(b, "<line class=\"grid\" x1=\"%.0f\" x2=\"%.0f\" "
                         "y1=\"", LEFT, W - RIGHT);
        sp_report_fixed(b, y, 1);
        sp_strbuf_puts(b, "\" y2=\"");
        sp_report_fixed(b, y, 1);
        sp_strbuf_printf(b, "\"/><text class=\"yt\" x=\"%.0f\" y=\"",
                         LEFT - 6.0);
        sp_report_fixed(b, y + 4.0, 1);
        sp_strbuf_puts(b, "\">");
        sp_report_pct(b, v, dec);
        sp_strbuf_puts(b, "</text>");
    }
    sp_strbuf_puts(b, "\n");
}

static void x_axis(sp_report *r, const frame *f)
{
    sp_strbuf *b = &r->b;
    int years = f->months / 12, every = years <= 15 ? 1 : years <= 30 ? 2
                                                                      : 5;
    double base = f->top + PLOT_H;
    sp_strbuf_printf(b, "<line class=\"axis\" x1=\"%.0f\" x2=\"%.0f\" y1=\"",
                     LEFT, W - RIGHT);
    sp_report_fixed(b, base, 1);
    sp_strbuf_puts(b, "\" y2=\"");
    sp_report_fixed(b, base, 1);
    sp_strbuf_puts(b, "\"/>");
    for (int yr = 0; 12 * yr <= f->months; yr += every) {
        double x = px_x(f, 12 * yr);
        sp_strbuf_puts(b, "<line class=\"axis\" x1=\"");
        sp_report_fixed(b, x, 1);
        sp_strbuf_puts(b, "\" x2=\"");
        sp_report_fixed(b, x, 1);
        sp_strbuf_puts(b, "\" y1=\"");
        sp_report_fixed(b, base, 1);
        sp_strbuf_puts(b, "\" y2=\"");
        sp_report_fixed(b, base + 5.0, 1);
        sp_strbuf_puts(b, "\"/><text class=\"xt\" x=\"");
        sp_report_fixed(b, x, 1);
        sp_strbuf_puts(b, "\" y=\"");
        sp_report_fixed(b, base + 18.0, 1);
        sp_strbuf_printf(b, "\">%d</text>", yr);
    }
    sp_strbuf_printf(b, "<text class=\"xl\" x=\"%.0f\" y=\"", (W + LEFT) / 2);
    sp_report_fixed(b, base + 36.0, 1);
    sp_strbuf_puts(b, "\">years after ");
    sp_report_month(b, r->par.forecast_start);
    sp_strbuf_puts(b, "</text>\n");
}

/* ---- bands and lines --------------------------------------------------- */

static void band(sp_report *r, size_t o, size_t p, const frame *f)
{
    sp_strbuf *b = &r->b;
    sp_strbuf_printf(b, "<polygon fill=\"%s\" fill-opacity=\"0.13\" "
                     "stroke=\"none\" points=\"", styles[p % N_STYLES].colour);
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i <= f->months; i++) {
            int m = pass ? f->months - i : i;
            double pr, lo, hi;
            sp_report_prob(r, p, o, m, &pr, &lo, &hi);
            sp_strbuf_puts(b, pass || i ? " " : "");
            xy(b, px_x(f, m), px_y(f, pass ? lo : hi));
        }
    sp_strbuf_puts(b, "\"/>\n");
}

static void line(sp_report *r, size_t o, size_t p, const frame *f)
{
    sp_strbuf *b = &r->b;
    double pr, lo, hi;
    sp_strbuf_puts(b, "<polyline");
    line_attrs(b, p);
    sp_strbuf_puts(b, " points=\"");
    for (int m = 0; m <= f->months; m++) {
        sp_report_prob(r, p, o, m, &pr, &lo, &hi);
        sp_strbuf_puts(b, m ? " " : "");
        xy(b, px_x(f, m), px_y(f, pr));
    }
    sp_strbuf_puts(b, "\"><title>");
    sp_report_esc(b, sp_report_package(r, p));
    sp_strbuf_puts(b, ": ");
    int dec = sp_report_pct_decimals(hi);
    sp_report_pct(b, pr, dec);
    sp_strbuf_puts(b, " [");
    sp_report_fixed(b, 100.0 * lo, dec);
    sp_strbuf_puts(b, ", ");
    sp_report_fixed(b, 100.0 * hi, dec);
    sp_strbuf_printf(b, "] by the horizon</title></polyline>\n");
}

/* ---- one chart --------------------------------------------------------- */

void sp_report_chart(sp_report *r, size_t o)
{
    sp_strbuf *b = &r->b;
    const char *name = sp_report_outcome_name(r, o);
    frame f = {10.0 + LEGEND_ROW * legend_rows(r) + 8.0, 1.0, 0.2, r->months};
    y_scale(r, o, &f);
    double h = f.top + PLOT_H + BOTTOM;
    sp_strbuf_puts(b, "<figure class=\"chart\" data-outcome=\"");
    sp_report_esc(b, name);
    sp_strbuf_puts(b, "\">\n<figcaption><b>");
    sp_report_outcome(b, name, false);
    sp_strbuf_puts(b, "</b>: probability it has happened by each month "
                      "(shaded: 95% interval)</figcaption>\n");
    sp_strbuf_puts(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "viewBox=\"0 0 ");
    sp_report_fixed(b, W, 0);
    sp_strbuf_puts(b, " ");
    sp_report_fixed(b, h, 0);
    sp_strbuf_puts(b, "\" role=\"img\"><title>Cumulative probability of ");
    sp_report_outcome(b, name, true);
    sp_strbuf_puts(b, " by month, per package</title>\n");
    legend(r);
    y_axis(b, &f);
    for (size_t p = 0; p < r->P; p++)
        band(r, o, p, &f);
    for (size_t p = r->P; p-- > 0;) /* the baseline on top */
        line(r, o, p, &f);
    x_axis(r, &f);
    sp_strbuf_puts(b, "</svg>\n</figure>\n");
}

/* ---- all charts -------------------------------------------------------- */

/* Did outcome o never happen, in any package, within the horizon? */
static bool never(const sp_report *r, size_t o)
{
    for (size_t p = 0; p < r->P; p++)
        if (sp_tally_within(&r->t, p, o, r->months) > 0)
            return false;
    return true;
}

/* The per-flashpoint outcomes that never happened, named instead of
 * drawn (a flat line at 0 says less than a sentence). */
static void never_note(sp_report *r)
{
    sp_strbuf *b = &r->b;
    size_t shown = 0;
    for (size_t i = r->n_global; i < r->n_time; i++) {
        size_t o = r->order[i];
        if (!never(r, o))
            continue;
        sp_strbuf_puts(b, shown++ ? ", " : "<p class=\"note\">Not drawn: "
                                          "never happened in any run of any "
                                          "package within the horizon: ");
        sp_strbuf_puts(b, "<span class=\"never\" data-outcome=\"");
        sp_report_esc(b, sp_report_outcome_name(r, o));
        sp_strbuf_puts(b, "\">");
        sp_report_outcome(b, sp_report_outcome_name(r, o), false);
        sp_strbuf_puts(b, "</span>");
    }
    if (shown)
        sp_strbuf_puts(b, ".</p>\n");
}

void sp_report_charts(sp_report *r)
{
    sp_strbuf *b = &r->b;
    sp_strbuf_puts(b, "<section id=\"charts\">\n<h2>Over time</h2>\n"
                      "<div class=\"charts\">\n");
    for (size_t i = 0; i < r->n_time; i++) {
        if (i == r->n_global)
            sp_strbuf_puts(b, "</div>\n<h3>By flashpoint</h3>\n"
                              "<div class=\"charts\">\n");
        if (i < r->n_global || !never(r, r->order[i]))
            sp_report_chart(r, r->order[i]);
    }
    sp_strbuf_puts(b, "</div>\n");
    never_note(r);
    sp_strbuf_puts(b, "</section>\n");
}
