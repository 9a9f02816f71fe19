/*
 * decisive.c - the fifth question of the seed facts, answered with a
 * sweep: which uncertain parameters decide whether reassurance or
 * deterrence is safer, and in which combinations each fails.
 *
 * Method:
 *   1. A Latin-hypercube sweep (src/sweep.c) over every uncertain value
 *      the two packages read: `points` points x `reps` replications x the
 *      two packages, with common random numbers (replication r is the
 *      same chance at every point and in both packages). It goes to the
 *      caller's database (kept: `spiral analyze` reads it) or to a
 *      temporary file removed afterwards.
 *   2. Per point, P(major war within the horizon) of each package (share
 *      of its replications) and the difference d = P(soft) - P(hard):
 *      d > 0 where deterrence is safer, d < 0 where reassurance is.
 *   3. Which parameters decide: Spearman's rank correlation of each
 *      parameter with d over the points (sign says which way it pushes).
 *   4. In which combinations each fails: PRIM boxes (src/analysis/prim.c)
 *      for "reassurance is worse" (d > 0) and "deterrence is worse"
 *      (d < 0), with the parameters each box restricts.
 * Each point's P comes from `reps` runs, so d carries sampling noise
 * (about 0.1 with 40 replications at P ~ 0.25); the correlations and
 * boxes are statements about the design's points, not about the world.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "decisive.h"

#include "analysis/analyze.h"
#include "analysis/prim.h"
#include "store/store.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct q5 {
    size_t n, k;           /* points (with a finite d), parameters */
    size_t dropped;        /* points left out: a replication failed */
    double *x;             /* [n][k] */
    double *p[2];          /* [n]: P(major war) of soft, hard */
    double *d;             /* [n]: p[0] - p[1] */
    char **paths, **dists; /* k */
} q5;

static void q5_free(q5 *q)
{
    sp_xfree(q->x);
    sp_xfree(q->p[0]);
    sp_xfree(q->p[1]);
    sp_xfree(q->d);
    sp_store_strv_free(q->paths, q->k);
    sp_store_strv_free(q->dists, q->k);
}

static int q5_alloc(q5 *q, sp_error *err)
{
    q->x = sp_calloc(q->n * q->k + 1, sizeof *q->x);
    q->p[0] = sp_calloc(q->n + 1, sizeof *q->p[0]);
    q->p[1] = sp_calloc(q->n + 1, sizeof *q->p[1]);
    q->d = sp_calloc(q->n + 1, sizeof *q->d);
    return q->x && q->p[0] && q->p[1] && q->d
               ? SP_OK
               : SP_FAIL(err, SP_ENOMEM, "out of memory");
}

/* Per point: the parameter values and each package's share of
 * replications with a major war (outcome `major`, a first month >= 0). */
static int read_points(sp_store *st, int64_t inv, size_t n_out, size_t major,
                       uint32_t reps, q5 *q, sp_error *err)
{
    sp_sweep_cursor *c;
    int rc = sp_store_sweep_runs_open(st, inv, n_out, q->k, &c, err);
    if (rc)
        return rc;
    sp_sweep_row row;
    bool has;
    while (!(rc = sp_store_sweep_runs_next(c, &row, &has, err)) && has) {
        if (row.point < 0 || (size_t)row.point >= q->n || row.package > 1) {
            rc = SP_FAIL(err, SP_EINTERNAL, "question 5: sweep %lld has a run "
                         "(point %lld, package %lld) outside its design",
                         (long long)inv, (long long)row.point,
                         (long long)row.package);
            break;
        }
        memcpy(q->x + (size_t)row.point * q->k, row.x, q->k * sizeof *row.x);
        double m = row.outcomes[major];
        q->p[row.package][row.point] +=
            (row.failure || isnan(m)) ? NAN : (m >= 0) / (double)reps;
    }
    sp_store_sweep_runs_close(c);
    for (size_t i = 0; !rc && i < q->n; i++)
        q->d[i] = q->p[0][i] - q->p[1][i];
    return rc;
}

/* Keep the points whose d is finite, in order (a point with a failed
 * replication has no P): ranks, thresholds and PRIM see only those. */
static void keep_finite(q5 *q)
{
    size_t m = 0;
    for (size_t i = 0; i < q->n; i++) {
        if (!isfinite(q->d[i]))
            continue;
        if (m != i) {
            memmove(q->x + m * q->k, q->x + i * q->k, q->k * sizeof *q->x);
            q->p[0][m] = q->p[0][i], q->p[1][m] = q->p[1][i];
            q->d[m] = q->d[i];
        }
        m++;
    }
    q->dropped = q->n - m;
    q->n = m;
}

/* ---- Spearman's rank correlation ---------------------------------------- */

typedef struct ranked {
    double v;
    size_t i;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    double x = ((const ranked *)a)->v, y = ((const ranked *)b)->v;
    return (x > y) - (x < y);
}

/* Average ranks (ties share the mean rank) of v[i * stride], i < n. */
static void ranks(const double *v, size_t n, size_t stride, ranked *tmp,
                  double *r)
{
    for (size_t i = 0; i < n; i++)
        tmp[i] = (ranked){v[i * stride], i};
    qsort(tmp, n, sizeof *tmp, cmp_ranked);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && tmp[j + 1].v == tmp[i].v)
            j++;
        for (size_t t = i; t <= j; t++)
            r[tmp[t].i] = 0.5 * (double)(i + j) + 1;
        i = j + 1;
    }
}

static double pearson(const double *a, const double *b, size_t n)
{
    double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; i++)
        ma += a[i] / (double)n, mb += b[i] / (double)n;
    for (size_t i = 0; i < n; i++) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : 0;
}

/* rho[j] = Spearman correlation of parameter j with d. */
static int spearman_all(const q5 *q, double *rho, sp_error *err)
{
    ranked *tmp = sp_calloc(q->n + 1, sizeof *tmp);
    double *rd = sp_calloc(q->n + 1, sizeof *rd);
    double *rx = sp_calloc(q->n + 1, sizeof *rx);
    int rc = tmp && rd && rx ? SP_OK
                             : SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (!rc) {
        ranks(q->d, q->n, 1, tmp, rd);
        for (size_t j = 0; j < q->k; j++) {
            ranks(q->x + j, q->n, q->k, tmp, rx);
            rho[j] = pearson(rx, rd, q->n);
        }
    }
    sp_xfree(tmp);
    sp_xfree(rd);
    sp_xfree(rx);
    return rc;
}

/* ---- output ---------------------------------------------------------------- */

typedef struct out {
    sp_strbuf *b;
    bool json;
    const char *soft, *hard;
} out;

static void put_shares(const out *o, const q5 *q, uint32_t reps)
{
    size_t soft = 0, hard = 0, n = 0;
    for (size_t i = 0; i < q->n; i++) {
        if (isnan(q->d[i]))
            continue;
        n++;
        soft += q->d[i] < 0, hard += q->d[i] > 0;
    }
    if (o->json) {
        sp_strbuf_printf(o->b, "\"points\": %zu, \"points_failed\": %zu, "
                         "\"replications\": %u, \"parameters\": %zu, "
                         "\"share_%s_safer\": ", n, q->dropped, reps, q->k,
                         o->soft);
        sp_strbuf_fixed(o->b, n ? (double)soft / (double)n : NAN, 4);
        sp_strbuf_printf(o->b, ", \"share_%s_safer\": ", o->hard);
        sp_strbuf_fixed(o->b, n ? (double)hard / (double)n : NAN, 4);
        return;
    }
    sp_strbuf_printf(o->b, "   %zu design points (Latin hypercube over %zu "
                     "uncertain values) x %u replications x 2 packages:\n"
                     "   %s is safer at %.0f%% of points, %s at %.0f%%, "
                     "equal at the rest\n", n, q->k, reps, o->soft,
                     n ? 100.0 * (double)soft / (double)n : 0, o->hard,
                     n ? 100.0 * (double)hard / (double)n : 0);
    if (q->dropped)
        sp_strbuf_printf(o->b, "   (%zu more points left out: a run failed "
                         "there, so it has no P)\n", q->dropped);
}

enum { TOP = 8 };

/* |rho| a parameter with no effect exceeds with probability alpha: the
 * large-sample null sd of Spearman's rho is 1/sqrt(n - 1). */
static double rho_threshold(size_t n, double alpha)
{
    return n > 2 ? fmin(1, gsl_cdf_ugaussian_Qinv(alpha / 2) /
                               sqrt((double)n - 1))
                 : 1;
}

static void put_decisive(const out *o, const q5 *q, const double *rho,
                         const size_t *idx)
{
    size_t top = q->k < TOP ? q->k : TOP;
    double one = rho_threshold(q->n, 0.05);
    double all = rho_threshold(q->n, 0.05 / (double)q->k); /* Bonferroni */
    if (o->json) {
        sp_strbuf_puts(o->b, ", \"rho_noise_5pct\": ");
        sp_strbuf_fixed(o->b, one, 3);
        sp_strbuf_puts(o->b, ", \"rho_noise_5pct_all\": ");
        sp_strbuf_fixed(o->b, all, 3);
    }
    sp_strbuf_printf(o->b, o->json ? ", \"decisive\": ["
                                   : "   the parameters that decide it most "
                                     "(Spearman correlation with P(major "
                                     "war, reassurance) - P(deterrence); "
                                     "a parameter with no effect exceeds "
                                     "%.2f 5%% of the time, and any of the "
                                     "%zu exceeds %.2f 5%% of the time; * "
                                     "marks those above it):\n",
                     one, q->k, all);
    for (size_t t = 0; t < top; t++) {
        size_t j = idx[t];
        if (o->json) {
            sp_strbuf_puts(o->b, t ? ", {\"parameter\": " : "{\"parameter\": ");
            sp_strbuf_json_str(o->b, q->paths[j]);
            sp_strbuf_puts(o->b, ", \"rho\": ");
            sp_strbuf_fixed(o->b, rho[j], 3);
            sp_strbuf_puts(o->b, "}");
        } else {
            sp_strbuf_printf(o->b, "     %-52s %+.3f%s higher favours %s\n",
                             q->paths[j], rho[j],
                             fabs(rho[j]) > all ? "*" : " ",
                             rho[j] > 0 ? o->hard : rho[j] < 0 ? o->soft
                                                              : "neither");
        }
    }
    sp_strbuf_puts(o->b, o->json ? "]" : "");
}

/* The PRIM box of the points where `who` is the worse package. */
static int put_failure_box(const out *o, const q5 *q, int sign,
                           const char *who, sp_error *err)
{
    uint8_t *y = sp_calloc(q->n + 1, 1);
    double *lo = sp_calloc(q->k + 1, sizeof *lo);
    double *hi = sp_calloc(q->k + 1, sizeof *hi);
    if (!y || !lo || !hi) {
        sp_xfree(y), sp_xfree(lo), sp_xfree(hi);
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    }
    for (size_t j = 0; j < q->k; j++) {
        lo[j] = INFINITY, hi[j] = -INFINITY;
        for (size_t i = 0; i < q->n; i++) {
            lo[j] = fmin(lo[j], q->x[i * q->k + j]);
            hi[j] = fmax(hi[j], q->x[i * q->k + j]);
        }
        if (!(hi[j] > lo[j]))
            hi[j] = lo[j] + 1; /* a constant column: never restricted */
    }
    for (size_t i = 0; i < q->n; i++)
        y[i] = sign * q->d[i] > 0;
    sp_prim *p = NULL;
    sp_error perr = {0};
    sp_prim_box box;
    int prc = sp_prim_run(q->x, q->n, q->k, lo, hi, y, NULL, &p, &perr);
    bool ok = !prc && sp_prim_get(p, SP_PRIM_RESULT, &box);
    if (o->json) {
        sp_strbuf_printf(o->b, ", \"%s_fails\": ", who);
        if (!ok)
            sp_strbuf_puts(o->b, "null");
    } else {
        sp_strbuf_printf(o->b, "   where %s is the worse package (PRIM box)",
                         who);
        if (!ok)
            sp_strbuf_printf(o->b, ": none found (%s)\n", perr.message);
    }
    if (ok) {
        if (o->json) {
            sp_strbuf_puts(o->b, "{\"coverage\": ");
            sp_strbuf_fixed(o->b, box.coverage, 3);
            sp_strbuf_puts(o->b, ", \"density\": ");
            sp_strbuf_fixed(o->b, box.density, 3);
            sp_strbuf_puts(o->b, ", \"limits\": [");
        } else {
            sp_strbuf_printf(o->b, ": coverage %.2f, density %.2f, %zu of "
                             "%zu points\n", box.coverage, box.density,
                             box.n_in, q->n);
        }
        bool first = true;
        size_t minor = 0;
        for (size_t j = 0; j < q->k; j++) {
            if (!sp_prim_restricts(p, &box, j))
                continue;
            /* a cut of under 10% of the range is a sliver PRIM peeled
             * off the edge: counted, not listed */
            if (box.hi[j] - box.lo[j] > 0.9 * (hi[j] - lo[j])) {
                minor++;
                continue;
            }
            if (o->json) {
                sp_strbuf_puts(o->b, first ? "{\"parameter\": "
                                           : ", {\"parameter\": ");
                sp_strbuf_json_str(o->b, q->paths[j]);
                sp_strbuf_puts(o->b, ", \"lo\": ");
                sp_strbuf_double(o->b, box.lo[j], 6);
                sp_strbuf_puts(o->b, ", \"hi\": ");
                sp_strbuf_double(o->b, box.hi[j], 6);
                sp_strbuf_puts(o->b, "}");
            } else {
                char a[32], b2[32];
                sp_fmt_double(a, sizeof a, box.lo[j], 4);
                sp_fmt_double(b2, sizeof b2, box.hi[j], 4);
                sp_strbuf_printf(o->b, "     %-52s in [%s, %s] (range %s)\n",
                                 q->paths[j], a, b2, q->dists[j]);
            }
            first = false;
        }
        if (o->json)
            sp_strbuf_printf(o->b, "], \"slivers\": %zu}", minor);
        else if (minor)
            sp_strbuf_printf(o->b, "     and %zu parameters cut by less than "
                             "10%% of their range (not listed)\n", minor);
        if (!o->json && box.n_in < 30)
            sp_strbuf_printf(o->b, "     (a box of %zu points over %zu "
                             "parameters is likely overfitted: more "
                             "--samples)\n", box.n_in, q->k);
    }
    sp_prim_free(p);
    sp_xfree(y), sp_xfree(lo), sp_xfree(hi);
    return SP_OK;
}

/* ---- the sweep -------------------------------------------------------------- */

/* A temporary database path under TMPDIR (the file is created empty, so
 * the name is ours; the store opens it as a fresh database). */
static int temp_db(char *path, size_t n, sp_error *err)
{
    const char *dir = getenv("TMPDIR");
    int len = snprintf(path, n, "%s/spiral-q5-XXXXXX",
                       dir && *dir ? dir : "/tmp");
    if (len < 0 || (size_t)len >= n)
        return SP_FAIL(err, SP_EINVAL, "TMPDIR is too long");
    int fd = mkstemp(path);
    if (fd < 0)
        return SP_FAIL(err, SP_EIO, "%s: cannot create a temporary "
                       "database", path);
    close(fd);
    unlink(path); /* the store creates it; we only wanted a unique name */
    return SP_OK;
}

static void remove_db(const char *path)
{
    char side[1100];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-journal", path);
    unlink(side);
}

static int run_sweep(const sp_decisive_opts *o, const size_t pk[2],
                     sp_store *st, int64_t *inv, size_t *n_points,
                     size_t *k, sp_error *err)
{
    sp_sweep_opts so = {.design = "lhs", .samples = o->points,
                        .replications = o->reps, .seed = o->seed,
                        .packages = pk, .n_packages = 2,
                        .threads = o->threads, .shard_k = 1, .shard_n = 1,
                        .store = st, .command_line = o->command_line};
    sp_sweep_result res;
    int rc = sp_sweep_run(o->scenario, &so, &res, err);
    *inv = res.invocation, *n_points = res.n_points, *k = res.n_params;
    return rc;
}

static int analyse(const sp_decisive_opts *o, sp_store *st, int64_t inv,
                   size_t n_out, size_t major, q5 *q, sp_strbuf *b,
                   sp_error *err)
{
    size_t k2;
    int rc = sp_store_sweep_params(st, inv, &q->paths, &q->dists, NULL, &k2,
                                   err);
    if (!rc && k2 != q->k)
        rc = SP_FAIL(err, SP_EINTERNAL, "question 5: sweep %lld stores %zu "
                     "parameters, its run had %zu", (long long)inv, k2, q->k);
    if (!rc)
        rc = q5_alloc(q, err);
    if (!rc)
        rc = read_points(st, inv, n_out, major, o->reps, q, err);
    if (!rc) {
        keep_finite(q);
        if (q->n < 3)
            rc = SP_FAIL(err, SP_EINVAL, "question 5: only %zu design points "
                         "without a failed run; give more --samples", q->n);
    }
    double *rho = sp_calloc(q->k + 1, sizeof *rho);
    double *mag = sp_calloc(q->k + 1, sizeof *mag);
    size_t *idx = sp_calloc(q->k + 1, sizeof *idx);
    if (!rc && (!rho || !mag || !idx))
        rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (!rc)
        rc = spearman_all(q, rho, err);
    out ou = {b, o->json, o->soft_name, o->hard_name};
    if (!rc) {
        for (size_t j = 0; j < q->k; j++) /* by |rho|, largest first */
            mag[j] = fabs(rho[j]);
        sp_order_desc(mag, q->k, idx);
        put_shares(&ou, q, o->reps);
        put_decisive(&ou, q, rho, idx);
        rc = put_failure_box(&ou, q, +1, o->soft_name, err);
    }
    if (!rc)
        rc = put_failure_box(&ou, q, -1, o->hard_name, err);
    sp_xfree(rho);
    sp_xfree(mag);
    sp_xfree(idx);
    return rc;
}

int sp_decisive_write(const sp_decisive_opts *o, sp_strbuf *b, sp_error *err)
{
    const size_t pk[2] = {o->soft, o->hard};
    char path[1024];
    const char *db = o->db;
    int rc = db ? SP_OK : temp_db(path, sizeof path, err);
    if (!db)
        db = path;
    sp_store *st = NULL;
    if (!rc)
        rc = sp_store_open(db, SP_STORE_CREATE, &st, err);
    int64_t inv = 0;
    q5 q = {0};
    if (!rc)
        rc = run_sweep(o, pk, st, &inv, &q.n, &q.k, err);
    if (!rc)
        rc = analyse(o, st, inv, o->n_outcomes, o->major_outcome, &q, b,
                     err);
    q5_free(&q);
    sp_store_close(st);
    if (!o->db)
        remove_db(path);
    return rc;
}
