/*
 * prim.c - the Patient Rule Induction Method for scenario discovery.
 *
 * What it is for. After a sweep, "in which part of the uncertainty space
 * does a major war become likely?" PRIM (Friedman & Fisher 1999, "Bump
 * hunting in high-dimensional data", Statistics and Computing 9:123-143)
 * finds a box, a range per parameter, where the share of runs meeting a
 * condition is high; Bryant & Lempert (2010, "Thinking inside the box",
 * Technological Forecasting & Social Change 77:34-49) use it as scenario
 * discovery, judging a box by
 *
 *     coverage = (y = 1 points in the box) / (all y = 1 points)
 *     density  = (y = 1 points in the box) / (points in the box)
 *     mass     = (points in the box) / n
 *
 * and by how few parameters it restricts (interpretability). The
 * behaviour follows EMA Workbench's prim.py (Kwakkel 2017, Environmental
 * Modelling & Software 96:239-250) for continuous parameters, re-written
 * here, with the differences said below.
 *
 * 1. Peeling. Start from the whole range. For every parameter j and both
 *    ends, the candidate peel removes the points below the peel_alpha
 *    quantile (low end) or above the 1 - peel_alpha quantile (high end)
 *    of the box's points along j. The quantile is the r-th order statistic
 *    of the box's values, r = floor(peel_alpha (m - 1)) from that end,
 *    and the cut lies midway between it and the next distinct value
 *    inwards, so no point sits on a limit and ties are removed together
 *    (the rule of EMA's get_quantile, from sdtoolkit). A parameter
 *    whose box values are all equal offers no peel. Each candidate is
 *    scored by Friedman & Fisher's criterion, the gain in density per
 *    point removed,
 *
 *        obj = (density_new - density_old) / (n_old - n_new),
 *
 *    (EMA's default "lenient1"); the best is taken, ties going to a peel
 *    that does not restrict a new parameter, then to the lower j, then to
 *    the low end. Peeling stops when the best peel does not raise the
 *    density (obj <= 0) or would leave mass < mass_min. Every box is
 *    recorded: the trajectory.
 *
 * 2. Choosing a box (spiral's rule; EMA leaves it to the user, who
 *    reads the coverage-density trade-off off the trajectory). Among the
 *    trajectory's boxes with coverage >= min_coverage (default 0.5), the
 *    default rule takes the one with the highest harmonic mean of
 *    coverage and density,
 *
 *        F = 2 coverage density / (coverage + density),
 *
 *    the F1 score with coverage as recall and density as precision: a
 *    knee criterion, since a peel raises F only while the density it
 *    gains outweighs the coverage it loses, in relative terms. The other
 *    rule (SP_PRIM_DENSITY) takes the highest density, which on noisy
 *    data keeps peeling past the true edges into noise (in
 *    test_noisy_box it chooses a box with coverage 0.52 whose limits are
 *    0.03-0.04 inside the true ones, where F stops at the true box). Ties
 *    go to the earlier box (higher coverage). Box 0 has coverage 1, so
 *    there is always a candidate. The caller has the whole trajectory to
 *    show the trade-off and pick another box (sp_prim_get).
 *
 * 3. Pasting (Friedman & Fisher §4.1), on the chosen box. For each
 *    restricted parameter j and each end not at its range limit, the
 *    candidate paste moves that limit outwards over the points that are
 *    inside the box in every other parameter, nearest first, until it has
 *    added ceil(paste_alpha * n_in) of them (at least one; ties together);
 *    the new limit lies midway between the last added value and the next
 *    such point, or at the range limit when none is left. The paste with
 *    the highest (density_new - density_old) / (n_new - n_old) is taken
 *    while it raises the density. This differs from EMA, which pastes
 *    the last peeled box and sizes a paste as paste_alpha of the points
 *    in the strip outside the face; F&F size it by the box (alpha * N_B),
 *    as here.
 *
 * Cost. Each parameter is sorted once (k * n 32-bit indices); a peel or
 * paste step walks the sorted orders, O(n k) per peel step and O(n k^2)
 * per paste step, with no sorting inside the loop. n = 5000, k = 5 takes
 * about a millisecond.
 *
 * Only continuous parameters: integer ones work as continuous (ties are
 * peeled together); categorical parameters are not handled.
 *
 * Tests: tests/unit/test_prim.c (a known box in 5 dimensions, the same
 * with noise, membership against the limits, degenerate inputs).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "analysis/prim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct sp_prim {
    size_t k;
    double *range;        /* lo[k], hi[k] */
    size_t n_boxes, cap;
    sp_prim_box *boxes;   /* trajectory; lo/hi point into lims */
    double *lims;         /* cap x 2k */
    size_t chosen;
    sp_prim_box result;
    double *result_lims;  /* 2k */
};

/* The working state of one run. */
typedef struct work {
    const double *x;
    const uint8_t *y;
    size_t n, k, y_total;
    uint32_t *order;      /* [k][n]: point indices sorted by x_j */
    uint8_t *in;          /* in the current box */
    size_t n_in, y_in;
    double *lo, *hi;      /* current box */
    const double *rlo, *rhi;
    sp_prim_opts o;
} work;

/* A candidate peel or paste: the new limit of one end of one dimension
 * and the box's counts after it. */
typedef struct cand {
    size_t dim;
    int high;             /* 0: the low limit moves; 1: the high one */
    double cut;
    size_t n_new, y_new;
    double obj;
    size_t n_res;         /* restricted dimensions after it */
} cand;

void sp_prim_opts_default(sp_prim_opts *o)
{
    o->peel_alpha = 0.05;
    o->paste_alpha = 0.05;
    o->mass_min = 0.05;
    o->min_coverage = 0.5;
    o->rule = SP_PRIM_F1;
}

#define X(w, i, j) ((w)->x[(size_t)(i) * (w)->k + (j)])

/* ---- sorting each dimension once ---------------------------------- */

typedef struct sort_ctx { const double *x; size_t k, j; } sort_ctx;

/* Merge sort of indices by x_j (stable, so equal values keep index
 * order and the result does not depend on the C library's qsort). */
static void merge_sort(uint32_t *a, uint32_t *tmp, size_t n,
                       const sort_ctx *c)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    merge_sort(a, tmp, h, c);
    merge_sort(a + h, tmp, n - h, c);
    size_t i = 0, j = h, t = 0;
    while (i < h && j < n) {
        double vi = c->x[a[i] * c->k + c->j], vj = c->x[a[j] * c->k + c->j];
        tmp[t++] = vj < vi ? a[j++] : a[i++];
    }
    while (i < h)
        tmp[t++] = a[i++];
    while (j < n)
        tmp[t++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

static int sort_dims(work *w)
{
    uint32_t *tmp = sp_malloc(w->n * sizeof *tmp);
    if (!tmp)
        return SP_ENOMEM;
    for (size_t j = 0; j < w->k; j++) {
        uint32_t *a = w->order + j * w->n;
        for (size_t i = 0; i < w->n; i++)
            a[i] = (uint32_t)i;
        sort_ctx c = {w->x, w->k, j};
        merge_sort(a, tmp, w->n, &c);
    }
    sp_xfree(tmp);
    return SP_OK;
}

/* ---- boxes ---------------------------------------------------------- */

static size_t count_restricted(const work *w, const double *lo,
                               const double *hi)
{
    size_t r = 0;
    for (size_t j = 0; j < w->k; j++)
        r += lo[j] > w->rlo[j] || hi[j] < w->rhi[j];
    return r;
}

static bool inside_except(const work *w, size_t i, size_t skip)
{
    for (size_t j = 0; j < w->k; j++) {
        double v = X(w, i, j);
        if (j != skip && !(w->lo[j] <= v && v <= w->hi[j]))
            return false;
    }
    return true;
}

/* Membership from the limits; every change of a limit ends here, so the
 * box is always exactly the points within its limits. */
static void recount(work *w)
{
    w->n_in = w->y_in = 0;
    for (size_t i = 0; i < w->n; i++) {
        w->in[i] = inside_except(w, i, SIZE_MAX);
        w->n_in += w->in[i];
        w->y_in += w->in[i] && w->y[i];
    }
}

static void fill_box(const work *w, sp_prim_box *b, double *lims)
{
    memcpy(lims, w->lo, w->k * sizeof *lims);
    memcpy(lims + w->k, w->hi, w->k * sizeof *lims);
    b->lo = lims;
    b->hi = lims + w->k;
    b->n_in = w->n_in;
    b->y_in = w->y_in;
    b->coverage = (double)w->y_in / (double)w->y_total;
    b->density = (double)w->y_in / (double)w->n_in;
    b->mass = (double)w->n_in / (double)w->n;
    b->n_restricted = count_restricted(w, w->lo, w->hi);
}

static int record(sp_prim *p, const work *w)
{
    if (p->n_boxes == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 64;
        sp_prim_box *b = sp_realloc(p->boxes, cap * sizeof *b);
        if (!b)
            return SP_ENOMEM;
        p->boxes = b;
        double *l = sp_realloc(p->lims, cap * 2 * w->k * sizeof *l);
        if (!l)
            return SP_ENOMEM;
        p->lims = l;
        p->cap = cap;
        for (size_t i = 0; i < p->n_boxes; i++) { /* lims moved */
            p->boxes[i].lo = l + i * 2 * w->k;
            p->boxes[i].hi = p->boxes[i].lo + w->k;
        }
    }
    fill_box(w, &p->boxes[p->n_boxes], p->lims + p->n_boxes * 2 * w->k);
    p->n_boxes++;
    return SP_OK;
}

/* Midway between two neighbouring distinct values, on the `out` side
 * (the removed value's side) never: if rounding lands on `out`, take
 * `in`, so the limit still separates them. */
static double cut_between(double out, double in)
{
    double c = 0.5 * out + 0.5 * in;
    return c == out ? in : c;
}

static void score(const work *w, cand *c, size_t changed)
{
    double d_old = (double)w->y_in / (double)w->n_in;
    double d_new = (double)c->y_new / (double)c->n_new;
    c->obj = (d_new - d_old) / (double)changed;
    double lo = w->lo[c->dim], hi = w->hi[c->dim];
    *(c->high ? &hi : &lo) = c->cut;
    bool was = w->lo[c->dim] > w->rlo[c->dim] || w->hi[c->dim] < w->rhi[c->dim];
    bool now = lo > w->rlo[c->dim] || hi < w->rhi[c->dim];
    c->n_res = count_restricted(w, w->lo, w->hi) - was + now;
}

/* c better than best: higher objective, then fewer restricted
 * dimensions; otherwise the earlier candidate stays. */
static bool better(const cand *c, const cand *best, bool have)
{
    if (!have || c->obj > best->obj)
        return true;
    return c->obj == best->obj && c->n_res < best->n_res;
}

/* ---- peeling ---------------------------------------------------------- */

/* The peel of dimension j at one end (see 1. above); false if the box's
 * values along j are all equal from the quantile on. */
static bool peel_candidate(const work *w, size_t j, int high, cand *c)
{
    size_t r = (size_t)floor(w->o.peel_alpha * (double)(w->n_in - 1));
    const uint32_t *ord = w->order + j * w->n;
    size_t seen = 0, y_gone = 0;
    double vr = 0.0;
    for (size_t t = 0; t < w->n; t++) {
        uint32_t i = ord[high ? w->n - 1 - t : t];
        if (!w->in[i])
            continue;
        double v = X(w, i, j);
        if (seen > r && v != vr) {
            *c = (cand){.dim = j, .high = high, .cut = cut_between(vr, v),
                        .n_new = w->n_in - seen, .y_new = w->y_in - y_gone};
            score(w, c, seen);
            return true;
        }
        if (seen == r)
            vr = v;
        seen++;
        y_gone += w->y[i];
    }
    return false;
}

static void apply(work *w, const cand *c)
{
    if (c->high)
        w->hi[c->dim] = c->cut;
    else
        w->lo[c->dim] = c->cut;
    recount(w);
}

static int peel(sp_prim *p, work *w)
{
    for (;;) {
        cand best = {0}, c;
        bool have = false;
        for (size_t j = 0; j < w->k; j++)
            for (int high = 0; high < 2; high++)
                if (peel_candidate(w, j, high, &c) && better(&c, &best, have)) {
                    best = c;
                    have = true;
                }
        if (!have || !(best.obj > 0.0) ||
            (double)best.n_new / (double)w->n < w->o.mass_min)
            return SP_OK;
        apply(w, &best);
        if (record(p, w) != SP_OK)
            return SP_ENOMEM;
    }
}

/* ---- choosing and pasting -------------------------------------------- */

static double merit(const sp_prim_box *b, sp_prim_rule rule)
{
    if (rule == SP_PRIM_DENSITY)
        return b->density;
    return 2.0 * b->coverage * b->density / (b->coverage + b->density);
}

/* Coverage falls along the trajectory, so the first box of the highest
 * merit is also the one of higher coverage among equals. */
static size_t choose(const sp_prim *p, const sp_prim_opts *o)
{
    size_t best = 0;
    for (size_t i = 1; i < p->n_boxes; i++)
        if (p->boxes[i].coverage >= o->min_coverage &&
            merit(&p->boxes[i], o->rule) > merit(&p->boxes[best], o->rule))
            best = i;
    return best;
}

/* The paste of dimension j at one end (see 3. above). */
static bool paste_candidate(const work *w, size_t j, int high, cand *c)
{
    double limit = high ? w->hi[j] : w->lo[j];
    double range = high ? w->rhi[j] : w->rlo[j];
    if (limit == range)
        return false;
    size_t want = (size_t)ceil(w->o.paste_alpha * (double)w->n_in);
    want = want < 1 ? 1 : want;
    const uint32_t *ord = w->order + j * w->n;
    size_t added = 0, y_add = 0;
    double last = 0.0, cut = range;
    for (size_t t = 0; t < w->n; t++) {
        uint32_t i = ord[high ? t : w->n - 1 - t]; /* nearest first */
        double v = X(w, i, j);
        if ((high ? v <= limit : v >= limit) || !inside_except(w, i, j))
            continue;
        if (added >= want && v != last) {
            cut = cut_between(v, last);
            break;
        }
        added++;
        y_add += w->y[i];
        last = v;
    }
    if (added == 0)
        return false;
    *c = (cand){.dim = j, .high = high, .cut = cut,
                .n_new = w->n_in + added, .y_new = w->y_in + y_add};
    score(w, c, added);
    return true;
}

static void paste(work *w)
{
    for (;;) {
        cand best = {0}, c;
        bool have = false;
        for (size_t j = 0; j < w->k; j++)
            for (int high = 0; high < 2; high++)
                if (paste_candidate(w, j, high, &c) &&
                    better(&c, &best, have)) {
                    best = c;
                    have = true;
                }
        if (!have || !(best.obj > 0.0))
            return;
        apply(w, &best);
    }
}

/* ---- checks and the driver ------------------------------------------ */

static int check_opts(const sp_prim_opts *o, sp_error *err)
{
    if (!(o->peel_alpha > 0.0 && o->peel_alpha < 0.5) ||
        !(o->paste_alpha > 0.0 && o->paste_alpha < 0.5))
        return SP_FAIL(err, SP_EINVAL,
                       "prim: peel and paste alpha must be in (0, 0.5)");
    if (!(o->mass_min > 0.0 && o->mass_min < 1.0))
        return SP_FAIL(err, SP_EINVAL, "prim: mass_min must be in (0, 1)");
    if (!(o->min_coverage >= 0.0 && o->min_coverage <= 1.0))
        return SP_FAIL(err, SP_EINVAL,
                       "prim: min_coverage must be in [0, 1]");
    if (o->rule != SP_PRIM_F1 && o->rule != SP_PRIM_DENSITY)
        return SP_FAIL(err, SP_EINVAL, "prim: unknown rule for the box");
    return SP_OK;
}

static int check_data(const double *x, size_t n, size_t k, const double *lo,
                      const double *hi, const uint8_t *y, size_t *y_total,
                      sp_error *err)
{
    if (n == 0 || k == 0)
        return SP_FAIL(err, SP_EINVAL, "prim: no %s", n ? "parameters"
                                                        : "points");
    if (n >= UINT32_MAX)
        return SP_FAIL(err, SP_ELIMIT, "prim: at most %u points",
                       UINT32_MAX - 1);
    for (size_t j = 0; j < k; j++)
        if (!(isfinite(lo[j]) && isfinite(hi[j]) && lo[j] < hi[j]))
            return SP_FAIL(err, SP_EINVAL,
                           "prim: parameter %zu: range needs lo < hi", j);
    size_t ys = 0;
    for (size_t i = 0; i < n; i++) {
        if (y[i] > 1)
            return SP_FAIL(err, SP_EINVAL, "prim: y[%zu] is %u, not 0/1", i,
                           (unsigned)y[i]);
        ys += y[i];
        for (size_t j = 0; j < k; j++) {
            double v = x[i * k + j];
            if (!(v >= lo[j] && v <= hi[j]))
                return SP_FAIL(err, SP_EINVAL,
                               "prim: point %zu, parameter %zu: %g is not "
                               "within its range", i, j, v);
        }
    }
    if (ys == 0 || ys == n)
        return SP_FAIL(err, SP_EINVAL,
                       "prim: %s of the %zu points meet%s the condition; "
                       "there is no box to find", ys ? "all" : "none", n,
                       ys ? "" : "s");
    *y_total = ys;
    return SP_OK;
}

static void work_free(work *w)
{
    sp_xfree(w->order);
    sp_xfree(w->in);
    sp_xfree(w->lo);
}

static int work_init(work *w, const double *x, size_t n, size_t k,
                     const double *lo, const double *hi, const uint8_t *y)
{
    *w = (work){.x = x, .y = y, .n = n, .k = k, .rlo = lo, .rhi = hi};
    w->order = sp_malloc(k * n * sizeof *w->order);
    w->in = sp_malloc(n);
    w->lo = sp_malloc(2 * k * sizeof *w->lo);
    if (!w->order || !w->in || !w->lo)
        return SP_ENOMEM;
    w->hi = w->lo + k;
    memcpy(w->lo, lo, k * sizeof *lo);
    memcpy(w->hi, hi, k * sizeof *hi);
    recount(w);
    return sort_dims(w);
}

static int prim_alloc(sp_prim **out, const double *lo, const double *hi,
                      size_t k)
{
    sp_prim *p = sp_calloc(1, sizeof *p);
    if (!p)
        return SP_ENOMEM;
    p->k = k;
    p->range = sp_malloc(2 * k * sizeof *p->range);
    p->result_lims = sp_malloc(2 * k * sizeof *p->result_lims);
    if (!p->range || !p->result_lims) {
        sp_prim_free(p);
        return SP_ENOMEM;
    }
    memcpy(p->range, lo, k * sizeof *lo);
    memcpy(p->range + k, hi, k * sizeof *hi);
    *out = p;
    return SP_OK;
}

/* Peel, choose, paste the chosen box. */
static int discover(sp_prim *p, work *w)
{
    if (record(p, w) != SP_OK || peel(p, w) != SP_OK)
        return SP_ENOMEM;
    p->chosen = choose(p, &w->o);
    const sp_prim_box *c = &p->boxes[p->chosen];
    memcpy(w->lo, c->lo, w->k * sizeof *w->lo);
    memcpy(w->hi, c->hi, w->k * sizeof *w->hi);
    recount(w);
    paste(w);
    fill_box(w, &p->result, p->result_lims);
    return SP_OK;
}

int sp_prim_run(const double *x, size_t n, size_t k, const double *lo,
                const double *hi, const uint8_t *y,
                const sp_prim_opts *opts, sp_prim **out, sp_error *err)
{
    *out = NULL;
    sp_prim_opts o;
    if (opts)
        o = *opts;
    else
        sp_prim_opts_default(&o);
    size_t y_total = 0;
    int rc = check_opts(&o, err);
    if (rc == SP_OK)
        rc = check_data(x, n, k, lo, hi, y, &y_total, err);
    if (rc != SP_OK)
        return rc;
    work w;
    sp_prim *p = NULL;
    rc = work_init(&w, x, n, k, lo, hi, y);
    w.o = o;
    w.y_total = y_total;
    if (rc == SP_OK)
        rc = prim_alloc(&p, lo, hi, k);
    if (rc == SP_OK)
        rc = discover(p, &w);
    work_free(&w);
    if (rc != SP_OK) {
        sp_prim_free(p);
        return SP_FAIL(err, rc, "out of memory");
    }
    *out = p;
    return SP_OK;
}

void sp_prim_free(sp_prim *p)
{
    if (!p)
        return;
    sp_xfree(p->range);
    sp_xfree(p->boxes);
    sp_xfree(p->lims);
    sp_xfree(p->result_lims);
    sp_xfree(p);
}

size_t sp_prim_n_boxes(const sp_prim *p)
{
    return p->n_boxes;
}

size_t sp_prim_chosen(const sp_prim *p)
{
    return p->chosen;
}

bool sp_prim_get(const sp_prim *p, size_t i, sp_prim_box *b)
{
    if (i == SP_PRIM_RESULT) {
        *b = p->result;
        return true;
    }
    if (i >= p->n_boxes)
        return false;
    *b = p->boxes[i];
    return true;
}

bool sp_prim_restricts(const sp_prim *p, const sp_prim_box *b, size_t j)
{
    return j < p->k && (b->lo[j] > p->range[j] || b->hi[j] < p->range[p->k + j]);
}
