/*
 * sobol.c - first- and total-order Sobol' indices with bootstrap
 * intervals, from outcomes in the order of the sobol design (design.c).
 *
 * For base point j the design holds A_j, B_j and AB^(h)_j (A_j with group
 * h's columns from B_j), h = 0..g-1; write fA, fB, fAB_h for the outcomes
 * there. Over the n base points used:
 *
 *   V      = variance of the 2n values {fA_j, fB_j}, divided by 2n
 *   S_h    = (1/n) sum_j fB_j (fAB_h,j - fA_j) / V
 *              (Saltelli et al. 2010, Computer Physics Communications
 *              181:259-270, Table 2 (b); with A and B named as here)
 *   ST_h   = (1/2n) sum_j (fA_j - fAB_h,j)^2 / V
 *              (Jansen 1999, Computer Physics Communications 117:35-43;
 *              Saltelli et al. 2010 Table 2 (f))
 *
 * For a group h, S_h is the closed first-order index of its parameters
 * together (their main effects and interactions among themselves), ST_h
 * their total effect.
 *
 * Every value is centred on c, the mean of the fA and fB used, before it
 * enters the sums: V is then a sum of squares of small numbers (no
 * cancellation for outcomes with a large mean, such as months), and the
 * first-order numerator loses the term c (fAB - fA), which has mean 0 but
 * adds variance. Both estimators are unchanged in expectation by any
 * constant shift.
 *
 * Intervals: n_boot bootstrap samples of the base points (Efron 1979),
 * each a multiset of n used base points drawn with replacement, index m
 * of sample b from Philox words (rep b, stream SP_STREAM_BOOTSTRAP,
 * entity/draw m/2, two 32-bit words per index as a 53-bit uniform);
 * the same c; the percentile interval (R's quantile type 7 at
 * (1 - level)/2 and (1 + level)/2) of each index over the samples, NaN
 * samples (V = 0) left out. Replication noise: sobol.h.
 *
 * Memory: n_used indices (size_t) plus n_boot * 2g doubles; for N =
 * 100000 base points, g = 60 and B = 1000: 0.8 MB + 0.96 MB.
 *
 * Tests: tests/unit/test_sobol.c (Ishigami, groups, failed points).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sobol.h"

#include "../rng.h"
#include "intervals.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sums over one (re)sample of base points. */
typedef struct sums {
    double sf, sff;   /* of fA - c and fB - c */
    double *first;    /* [g]: (fB - c)(fAB - fA) */
    double *total;    /* [g]: (fA - fAB)^2 */
    size_t n;
} sums;

static void sums_reset(sums *s, size_t g)
{
    s->sf = s->sff = 0.0;
    s->n = 0;
    memset(s->first, 0, g * sizeof *s->first);
    memset(s->total, 0, g * sizeof *s->total);
}

static void sums_add(sums *s, const double *yj, size_t g, double c)
{
    double a = yj[0] - c, b = yj[1] - c;
    s->sf += a + b;
    s->sff += a * a + b * b;
    for (size_t h = 0; h < g; h++) {
        double ab = yj[2 + h] - c, d = a - ab;
        s->first[h] += b * (ab - a);
        s->total[h] += d * d;
    }
    s->n++;
}

/* Indices from the sums; NaN if V = 0. Returns V. */
static double sums_indices(const sums *s, size_t g, double *s1, double *st)
{
    double m2 = 2.0 * (double)s->n;
    double mean = s->sf / m2;
    double v = s->sff / m2 - mean * mean;
    for (size_t h = 0; h < g; h++) {
        s1[h] = v > 0.0 ? s->first[h] / (double)s->n / v : NAN;
        st[h] = v > 0.0 ? s->total[h] / m2 / v : NAN;
    }
    return v > 0.0 ? v : 0.0;
}

/* Uniform index in 0..n-1 for sample b, draw m. */
static size_t boot_index(uint64_t seed, uint32_t b, size_t m, size_t n)
{
    uint32_t w[4];
    size_t c = m / 2;
    sp_rng_words(seed, b, SP_STREAM_BOOTSTRAP, 0, (uint32_t)(c >> 8),
                 (uint32_t)(c & 255u), w);
    double u = m % 2 ? sp_rng_words_to_u01(w[2], w[3])
                     : sp_rng_words_to_u01(w[0], w[1]);
    size_t i = (size_t)(u * (double)n);
    return i < n ? i : n - 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Percentile interval of the finite values among x[0..n) (reordered). */
static void percentile(double *x, size_t n, double level, double *lo,
                       double *hi)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]))
            x[m++] = x[i];
    qsort(x, m, sizeof *x, cmp_double);
    *lo = sp_quantile_sorted(x, m, (1.0 - level) / 2.0);
    *hi = sp_quantile_sorted(x, m, (1.0 + level) / 2.0);
}

/* The base points whose g + 2 values are all finite. */
static size_t usable(const double *y, size_t n_base, size_t per, size_t *ok)
{
    size_t n = 0;
    for (size_t j = 0; j < n_base; j++) {
        size_t r = 0;
        while (r < per && isfinite(y[j * per + r]))
            r++;
        if (r == per)
            ok[n++] = j;
    }
    return n;
}

typedef struct work {
    size_t *ok;
    double *boot; /* [2g][n_boot]: S of group h at h, ST at g + h */
    double *s1, *st;
    sums s;
} work;

static void work_free(work *w)
{
    sp_xfree(w->ok);
    sp_xfree(w->boot);
    sp_xfree(w->s1);
    sp_xfree(w->s.first);
}

static int work_alloc(work *w, size_t n_base, size_t g, size_t n_boot)
{
    memset(w, 0, sizeof *w);
    w->ok = sp_malloc(n_base * sizeof *w->ok);
    w->boot = n_boot <= SIZE_MAX / sizeof(double) / (2 * g)
                  ? sp_malloc(2 * g * n_boot * sizeof *w->boot) : NULL;
    w->s1 = sp_malloc(2 * g * sizeof *w->s1);
    w->s.first = sp_malloc(2 * g * sizeof *w->s.first);
    if (!w->ok || !w->boot || !w->s1 || !w->s.first) {
        work_free(w);
        return SP_ENOMEM;
    }
    w->st = w->s1 + g;
    w->s.total = w->s.first + g;
    return SP_OK;
}

static void bootstrap(work *w, const double *y, size_t per, size_t g,
                      size_t n, size_t n_boot, uint64_t seed, double c)
{
    for (size_t b = 0; b < n_boot; b++) {
        sums_reset(&w->s, g);
        for (size_t m = 0; m < n; m++) {
            size_t j = w->ok[boot_index(seed, (uint32_t)b, m, n)];
            sums_add(&w->s, y + j * per, g, c);
        }
        sums_indices(&w->s, g, w->s1, w->st);
        for (size_t h = 0; h < g; h++) {
            w->boot[h * n_boot + b] = w->s1[h];
            w->boot[(g + h) * n_boot + b] = w->st[h];
        }
    }
}

static int check_args(size_t n_points, size_t n_groups, size_t n_boot,
                      double level, sp_error *err)
{
    if (n_groups == 0 || n_groups > SIZE_MAX - 2 ||
        n_points % (n_groups + 2) != 0)
        return SP_FAIL(err, SP_EINVAL, "sobol: %zu outcomes is not a whole "
                       "number of base points of %zu groups + 2", n_points,
                       n_groups);
    if (!(level > 0.0 && level < 1.0))
        return SP_FAIL(err, SP_EINVAL, "sobol: interval level %g not in "
                       "(0, 1)", level);
    if (n_boot > UINT32_MAX)
        return SP_FAIL(err, SP_ELIMIT, "sobol: at most %" PRIu32
                       " bootstrap samples", UINT32_MAX);
    return SP_OK;
}

int sp_sobol_analyze(const double *y, size_t n_points, size_t n_groups,
                     size_t n_boot, uint64_t seed, double level,
                     sp_sobol_index *out, double *variance, size_t *n_used,
                     sp_error *err)
{
    int rc = check_args(n_points, n_groups, n_boot, level, err);
    if (rc != SP_OK)
        return rc;
    size_t g = n_groups, per = g + 2, n_base = n_points / per;
    if (n_boot == 0)
        n_boot = SP_SOBOL_DEFAULT_BOOT;
    work w;
    if (work_alloc(&w, n_base ? n_base : 1, g, n_boot) != SP_OK)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    size_t n = usable(y, n_base, per, w.ok);
    if (n_used)
        *n_used = n;
    if (n < 2) {
        work_free(&w);
        return SP_FAIL(err, SP_EINVAL, "sobol: %zu usable base points of "
                       "%zu; at least 2 are needed", n, n_base);
    }
    double c = 0.0;
    for (size_t m = 0; m < n; m++)
        c += y[w.ok[m] * per] + y[w.ok[m] * per + 1];
    c /= 2.0 * (double)n;
    sums_reset(&w.s, g);
    for (size_t m = 0; m < n; m++)
        sums_add(&w.s, y + w.ok[m] * per, g, c);
    double v = sums_indices(&w.s, g, w.s1, w.st);
    if (variance)
        *variance = v;
    for (size_t h = 0; h < g; h++) {
        out[h].s1 = w.s1[h];
        out[h].st = w.st[h];
    }
    bootstrap(&w, y, per, g, n, n_boot, seed, c);
    for (size_t h = 0; h < g; h++) {
        percentile(w.boot + h * n_boot, n_boot, level, &out[h].s1_lo,
                   &out[h].s1_hi);
        percentile(w.boot + (g + h) * n_boot, n_boot, level, &out[h].st_lo,
                   &out[h].st_hi);
    }
    work_free(&w);
    return SP_OK;
}
