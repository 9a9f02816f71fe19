/*
 * analyze_prim.c - `spiral analyze --prim "OUTCOME > VALUE"`: y = 1
 * where the package's per-point mean meets the condition, x = the
 * point's stored parameter values, each parameter's range the min and
 * max of its stored values (analyze.c's header says why); the peeling
 * trajectory and the chosen box with its restricted parameters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "analysis/analyze_out.h"
#include "analysis/prim.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct prim_data {
    double *x, *lo, *hi;
    uint8_t *y;
    size_t n, n_meet;
} prim_data;

static void prim_data_free(prim_data *d)
{
    sp_xfree(d->x), sp_xfree(d->lo), sp_xfree(d->hi), sp_xfree(d->y);
}

/* The points with a finite mean and stored values, their y, and each
 * parameter's range (min and max of the stored values). */
static int prim_gather(const sp_analysis *a, const sp_an_plan *pl, prim_data *d,
                       sp_error *err)
{
    size_t k = a->k;
    d->x = sp_malloc((a->n_points * k + 1) * sizeof *d->x);
    d->y = sp_malloc(a->n_points + 1);
    d->lo = sp_malloc(k * sizeof *d->lo);
    d->hi = sp_malloc(k * sizeof *d->hi);
    if (!d->x || !d->y || !d->lo || !d->hi)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    for (size_t j = 0; j < k; j++)
        d->lo[j] = INFINITY, d->hi[j] = -INFINITY;
    for (size_t i = 0; i < a->n_points; i++) {
        double v = sp_an_mean(a, pl->s_prim, i, a->pkg);
        const double *xi = a->x + i * k;
        bool ok = isfinite(v);
        for (size_t j = 0; ok && j < k; j++)
            ok = isfinite(xi[j]);
        if (!ok)
            continue;
        memcpy(d->x + d->n * k, xi, k * sizeof *xi);
        d->y[d->n] = sp_an_cmp(pl->prim.cmp, v, pl->prim.value);
        d->n_meet += d->y[d->n++];
        for (size_t j = 0; j < k; j++) {
            d->lo[j] = xi[j] < d->lo[j] ? xi[j] : d->lo[j];
            d->hi[j] = xi[j] > d->hi[j] ? xi[j] : d->hi[j];
        }
    }
    for (size_t j = 0; j < k; j++) /* constant: a range PRIM accepts */
        if (d->n && !(d->lo[j] < d->hi[j]))
            d->hi[j] = nextafter(d->lo[j], INFINITY);
    return SP_OK;
}

static void prim_header(sp_an_out *o, const sp_analysis *a, const sp_an_plan *pl,
                        const prim_data *d)
{
    const sp_an_cond *c = &pl->prim;
    char v[48];
    if (o->json) {
        sp_strbuf_puts(&o->b, ", \"prim\": {\"condition\": ");
        char t[200];
        snprintf(t, sizeof t, "%s %s %s", c->o.name, sp_an_cmp_text(c->cmp),
                 sp_an_fx(v, c->value, 6));
        sp_strbuf_json_str(&o->b, t);
        sp_strbuf_printf(&o->b, ", \"ranges\": \"min and max of the stored "
                         "values\", \"points\": %zu, \"points_meeting\": %zu",
                         d->n, d->n_meet);
        return;
    }
    char val[48];
    sp_fmt_double(val, sizeof val, c->value, 10);
    sp_strbuf_printf(&o->b, "\nPRIM for %s %s %s, %s: %zu of %zu points meet "
                     "it (%s%%); ranges: min and max of the stored values "
                     "per parameter\n", c->o.name, sp_an_cmp_text(c->cmp),
                     val, sp_an_pkg_name(a, a->pkg), d->n_meet, d->n,
                     sp_an_fx(v, d->n ? 100.0 * (double)d->n_meet / (double)d->n
                                : NAN, 1));
}

static void prim_trajectory(sp_an_out *o, const sp_prim *pr)
{
    char v[3][48];
    size_t nb = sp_prim_n_boxes(pr);
    if (o->json)
        sp_strbuf_puts(&o->b, ", \"trajectory\": [");
    else
        sp_strbuf_printf(&o->b, "  peeling trajectory:\n  %4s %9s %9s %9s "
                         "%10s\n", "box", "coverage", "density", "mass",
                         "restricted");
    for (size_t i = 0; i < nb; i++) {
        sp_prim_box bx;
        sp_prim_get(pr, i, &bx);
        if (o->json) {
            sp_strbuf_printf(&o->b, "%s{\"box\": %zu", i ? ", " : "", i);
            sp_an_jnum(o, "coverage", bx.coverage), sp_an_jnum(o, "density", bx.density);
            sp_an_jnum(o, "mass", bx.mass);
            sp_strbuf_printf(&o->b, ", \"restricted\": %zu}", bx.n_restricted);
        } else
            sp_strbuf_printf(&o->b, "  %4zu %9s %9s %9s %10zu\n", i,
                             sp_an_fx(v[0], bx.coverage, 3), sp_an_fx(v[1], bx.density, 3),
                             sp_an_fx(v[2], bx.mass, 3), bx.n_restricted);
    }
    if (o->json)
        sp_strbuf_puts(&o->b, "]");
}

static void prim_box(sp_an_out *o, const sp_analysis *a, const sp_prim *pr,
                     const prim_data *d)
{
    sp_prim_box bx;
    sp_prim_get(pr, SP_PRIM_RESULT, &bx);
    char v[5][48];
    if (o->json) {
        sp_strbuf_printf(&o->b, ", \"chosen\": %zu, \"box\": {\"coverage\": ",
                         sp_prim_chosen(pr));
        sp_strbuf_fixed(&o->b, bx.coverage, 6);
        sp_an_jnum(o, "density", bx.density), sp_an_jnum(o, "mass", bx.mass);
        sp_strbuf_printf(&o->b, ", \"points\": %zu, \"restricted\": [",
                         bx.n_in);
    } else
        sp_strbuf_printf(&o->b, "  chosen: box %zu (highest harmonic mean of "
                         "coverage and density among boxes with coverage >= "
                         "0.5), then pasted: coverage %s, density %s, mass "
                         "%s, %zu restricted parameter%s\n",
                         sp_prim_chosen(pr), sp_an_fx(v[0], bx.coverage, 3),
                         sp_an_fx(v[1], bx.density, 3), sp_an_fx(v[2], bx.mass, 3),
                         bx.n_restricted, bx.n_restricted == 1 ? "" : "s");
    size_t r = 0;
    for (size_t j = 0; j < a->k; j++) {
        if (!sp_prim_restricts(pr, &bx, j))
            continue;
        if (o->json) {
            sp_strbuf_puts(&o->b, r++ ? ", {\"parameter\": "
                                      : "{\"parameter\": ");
            sp_strbuf_json_str(&o->b, a->paths[j]);
            const char *k4[4] = {"lo", "hi", "range_lo", "range_hi"};
            double x4[4] = {bx.lo[j], bx.hi[j], d->lo[j], d->hi[j]};
            for (int q = 0; q < 4; q++) {
                sp_strbuf_printf(&o->b, ", \"%s\": ", k4[q]);
                sp_strbuf_double(&o->b, x4[q], 10);
            }
            sp_strbuf_puts(&o->b, "}");
        } else
            sp_strbuf_printf(&o->b, "    %-*s %12s <= x <= %-12s (range %s "
                             "to %s)\n", sp_an_path_width(a), a->paths[j],
                             sp_fmt_double(v[0], 48, bx.lo[j], 6),
                             sp_fmt_double(v[1], 48, bx.hi[j], 6),
                             sp_fmt_double(v[2], 48, d->lo[j], 6),
                             sp_fmt_double(v[3], 48, d->hi[j], 6));
    }
    if (o->json)
        sp_strbuf_puts(&o->b, "]}");
}

int sp_an_prim_section(sp_an_out *o, const sp_analysis *a, const sp_an_plan *pl,
                        sp_error *err)
{
    prim_data d = {0};
    sp_prim *pr = NULL;
    int rc = prim_gather(a, pl, &d, err);
    if (!rc)
        prim_header(o, a, pl, &d);
    bool nothing = !rc && (d.n_meet == 0 || d.n_meet == d.n);
    if (nothing) { /* no box to find: said, not an error */
        if (o->json)
            sp_strbuf_puts(&o->b, ", \"trajectory\": [], \"box\": null}");
        else
            sp_strbuf_printf(&o->b, "  %s point meets it: no box to "
                             "find\n", d.n_meet ? "every" : "no");
    } else if (!rc)
        rc = sp_prim_run(d.x, d.n, a->k, d.lo, d.hi, d.y, NULL, &pr, err);
    if (!rc && !nothing) {
        prim_trajectory(o, pr);
        prim_box(o, a, pr, &d);
        if (o->json)
            sp_strbuf_puts(&o->b, "}");
    }
    sp_prim_free(pr);
    prim_data_free(&d);
    return rc;
}
