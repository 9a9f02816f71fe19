/*
 * sweep.c - `spiral sweep`: every point of a design (src/analysis/
 * design.c) times every package times R replications, streamed into the
 * store; resumable, shardable.
 *
 * The uncertainties are the scenario's values with a distribution (its
 * registry entries with a dist, in registry order: what `spiral check`
 * lists); design point i gives u in (0,1)^k and parameter j takes the
 * quantile of its distribution at u_j. Everything else stays nominal.
 *
 * Work is cut into units (point, replication); a unit runs every package
 * with the same random stream (seed, replication): common random numbers
 * across packages and across points (model.md §4). Units are computed in
 * batches on OpenMP threads and each batch is stored in one transaction,
 * with the points it used. So:
 *   - memory is flat: fixed batch buffers, one byte per unit for "done";
 *   - a kill at any moment loses at most the batch in flight; a unit is
 *     in the store whole or not at all, and --resume recomputes exactly
 *     the missing units (the unique run key forbids duplicates);
 *   - results do not depend on threads, shards or resumes: a unit's
 *     numbers depend only on (point, replication, package).
 * A run that fails (a numerical error) is stored with its reason and
 * NaN outcomes; the sweep goes on. --retry-failed reruns those units.
 *
 * Sharding: shard K of N takes the points with point % N == K - 1 (all
 * their replications and packages), so shards never overlap and their
 * union is the whole sweep; `spiral merge` joins them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "model.h"
#include "world.h"

#include "decode.h"
#include "dist.h"
#include "store/store.h"

#include <math.h>
#include <omp.h>
#include <string.h>

enum { UNITS_PER_BATCH = 128 };

typedef struct sweep {
    const sp_scenario *s;
    const sp_sweep_opts *o;
    sp_design *design;
    size_t k, P, n_entries, n_out, n_points;
    size_t *entry;          /* k: registry entry of parameter j */
    char **group;           /* k: group name of parameter j */
    int *group_of;          /* k: its group index, first-seen order */
    sp_model **models;      /* P */
    sp_world **worlds;      /* T * P */
    double **entry_vals;    /* T: n_entries each, NaN = nominal */
    double **u;             /* T: k each */
    int threads;
    uint8_t *done;          /* n_points * R */
    /* the batch */
    uint64_t *units;        /* UNITS_PER_BATCH */
    double *x;              /* [unit][k] parameter values */
    double *out;            /* [unit][P][n_out] */
    char (*why)[160];       /* [unit][P]: "" = ok */
    int64_t invocation;
} sweep;

/* ---- setup ------------------------------------------------------------- */

/* The uncertain values some swept package reads (a lever of a package
 * not in the sweep is not a parameter of it), in registry order. */
static int list_uncertain(sweep *w, sp_error *err)
{
    const sp_scenario *s = w->s;
    uint8_t *used = sp_calloc(s->n_entries ? s->n_entries : 1, 1);
    w->entry = sp_calloc(s->n_entries ? s->n_entries : 1, sizeof *w->entry);
    if (!w->entry || !used) {
        sp_xfree(used);
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    }
    for (size_t p = 0; p < w->P; p++)
        for (size_t b = 0; b < w->models[p]->n_bind; b++)
            used[w->models[p]->bind[b].entry] = 1;
    for (size_t e = 0; e < s->n_entries; e++)
        if (used[e] && s->entries[e].val && s->entries[e].val->dist)
            w->entry[w->k++] = e;
    sp_xfree(used);
    if (!w->k)
        return SP_FAIL(err, SP_EINVAL, "%s: no uncertain parameters to sweep "
                       "(give values a dist: ..., see docs/SCENARIO.md)",
                       sp_scenario_name(s));
    return SP_OK;
}

/* Group of a parameter: its path under --groups none (each alone), or
 * with --groups section the path's first two parts ("parameters.arms",
 * "actors.PRK", "dyads.CHN-JPN", "packages.deterrence"). */
static char *group_name(const char *path, bool section)
{
    if (!section)
        return sp_strdup(path);
    const char *dot = strchr(path, '.');
    const char *end = dot ? strchr(dot + 1, '.') : NULL;
    return end ? sp_strndup(path, (size_t)(end - path)) : sp_strdup(path);
}

static int make_groups(sweep *w, sp_error *err)
{
    const char *g = w->o->groups;
    bool section = g && !strcmp(g, "section");
    if (g && !section && strcmp(g, "none") != 0)
        return SP_FAIL(err, SP_EINVAL, "unknown --groups '%s' (none, "
                       "section)", g);
    w->group = sp_calloc(w->k, sizeof *w->group);
    w->group_of = sp_calloc(w->k, sizeof *w->group_of);
    if (!w->group || !w->group_of)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    int n_groups = 0;
    for (size_t j = 0; j < w->k; j++) {
        w->group[j] = group_name(w->s->entries[w->entry[j]].path, section);
        if (!w->group[j])
            return SP_FAIL(err, SP_ENOMEM, "out of memory");
        size_t q = 0;
        while (q < j && strcmp(w->group[q], w->group[j]) != 0)
            q++;
        w->group_of[j] = q < j ? w->group_of[q] : n_groups++;
    }
    return SP_OK;
}

static int make_design(sweep *w, sp_error *err)
{
    sp_design_kind kind;
    int rc = sp_design_kind_parse(w->o->design, &kind);
    if (rc)
        return SP_FAIL(err, SP_EINVAL, "unknown design '%s' (mc, lhs, sobol, "
                       "morris, factorial)", w->o->design);
    int *levels = NULL;
    if (kind == SP_DESIGN_FACTORIAL) {
        int L = w->o->levels > 0 ? w->o->levels : 2;
        double points = pow(L, (double)w->k);
        if (points > (double)INT32_MAX)
            return SP_FAIL(err, SP_ELIMIT, "factorial: %d^%zu points for %zu "
                           "parameters is more than a sweep holds; use lhs, "
                           "sobol or morris, or fewer uncertain values", L,
                           w->k, w->k);
        if (!(levels = sp_calloc(w->k, sizeof *levels)))
            return SP_FAIL(err, SP_ENOMEM, "out of memory");
        for (size_t j = 0; j < w->k; j++)
            levels[j] = w->o->levels > 0 ? w->o->levels : 2;
    }
    rc = sp_design_new(kind, w->k, w->group_of, w->o->samples, w->o->seed,
                       levels, &w->design, err);
    sp_xfree(levels);
    if (rc)
        return rc;
    w->n_points = sp_design_n_points(w->design);
    if (w->n_points > (size_t)INT32_MAX ||
        w->n_points * w->o->replications > (size_t)INT32_MAX)
        return SP_FAIL(err, SP_ELIMIT, "%zu design points x %u replications "
                       "is more than a sweep holds (2^31 - 1)", w->n_points,
                       w->o->replications);
    return SP_OK;
}

static int make_models(sweep *w, sp_error *err)
{
    sp_model_opts mo = {w->o->horizon_years, NULL, 0, NULL, 0};
    w->models = sp_calloc(w->P, sizeof *w->models);
    w->worlds = sp_calloc(w->P * (size_t)w->threads, sizeof *w->worlds);
    w->entry_vals = sp_calloc((size_t)w->threads, sizeof *w->entry_vals);
    w->u = sp_calloc((size_t)w->threads, sizeof *w->u);
    if (!w->models || !w->worlds || !w->entry_vals || !w->u)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    int rc = SP_OK;
    for (size_t p = 0; !rc && p < w->P; p++)
        rc = sp_model_new(w->s, w->o->packages[p], &mo, &w->models[p], err);
    for (size_t p = 1; !rc && p < w->P; p++)
        if (w->models[p]->n_outcomes != w->models[0]->n_outcomes)
            rc = SP_FAIL(err, SP_EINTERNAL, "%s: packages %s and %s have "
                         "different outcomes (an internal error)",
                         sp_scenario_name(w->s),
                         w->s->packages[w->o->packages[0]].name,
                         w->s->packages[w->o->packages[p]].name);
    if (rc)
        return rc;
    w->n_out = w->models[0]->n_outcomes;
    for (int t = 0; !rc && t < w->threads; t++) {
        w->entry_vals[t] = sp_malloc((w->n_entries + 1) * sizeof(double));
        w->u[t] = sp_malloc((w->n_entries + 1) * sizeof(double));
        if (!w->entry_vals[t] || !w->u[t])
            return SP_FAIL(err, SP_ENOMEM, "out of memory");
        for (size_t e = 0; e < w->n_entries; e++)
            w->entry_vals[t][e] = NAN;
        for (size_t p = 0; !rc && p < w->P; p++)
            rc = sp_world_new(w->models[p], &w->worlds[t * w->P + p], err);
    }
    return rc;
}

static int make_buffers(sweep *w, sp_error *err)
{
    size_t R = w->o->replications, B = UNITS_PER_BATCH;
    w->done = sp_calloc(w->n_points * R, 1);
    w->units = sp_calloc(B, sizeof *w->units);
    w->x = sp_calloc(B * w->k, sizeof *w->x);
    w->out = sp_calloc(B * w->P * (w->n_out + 1), sizeof *w->out);
    w->why = sp_calloc(B * w->P, sizeof *w->why);
    if (!w->done || !w->units || !w->x || !w->out || !w->why)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    return SP_OK;
}

static void sweep_free(sweep *w)
{
    for (size_t i = 0; w->worlds && i < w->P * (size_t)w->threads; i++)
        sp_world_free(w->worlds[i]);
    for (int t = 0; t < w->threads; t++) {
        if (w->entry_vals)
            sp_xfree(w->entry_vals[t]);
        if (w->u)
            sp_xfree(w->u[t]);
    }
    for (size_t p = 0; w->models && p < w->P; p++)
        sp_model_free(w->models[p]);
    sp_xfree(w->worlds);
    sp_xfree(w->models);
    sp_xfree(w->entry_vals);
    sp_xfree(w->u);
    sp_xfree(w->entry);
    for (size_t j = 0; w->group && j < w->k; j++)
        sp_xfree(w->group[j]);
    sp_xfree(w->group);
    sp_xfree(w->group_of);
    sp_xfree(w->done);
    sp_xfree(w->units);
    sp_xfree(w->x);
    sp_xfree(w->out);
    sp_xfree(w->why);
    sp_design_free(w->design);
}

/* ---- identity (what --resume and merge compare) ------------------------- */

/* "key=value;..." of everything that decides the numbers, shard aside. */
static char *identity(const sweep *w)
{
    sp_strbuf b;
    sp_strbuf_init(&b);
    /* levels only matter to factorial (2 when not given); the horizon and
     * --set are part of the scenario's sha256 (the CLI passes --horizon
     * as a --set), so "scenario=" covers them */
    bool factorial = !strcmp(w->o->design, "factorial");
    int levels = factorial ? (w->o->levels > 0 ? w->o->levels : 2) : 0;
    sp_strbuf_printf(&b, "scenario=%s;design=%s;samples=%llu;levels=%d;"
                     "replications=%u;seed=%llu;horizon=%d;groups=%s;"
                     "packages=",
                     sp_scenario_sha256(w->s), w->o->design,
                     (unsigned long long)(factorial ? 0 : w->o->samples),
                     levels, w->o->replications,
                     (unsigned long long)w->o->seed, w->o->horizon_years,
                     w->o->groups ? w->o->groups : "none");
    for (size_t p = 0; p < w->P; p++)
        sp_strbuf_printf(&b, "%s%s", p ? "," : "",
                         w->s->packages[w->o->packages[p]].name);
    sp_strbuf_printf(&b, ";code=%s", sp_version_full());
    return sp_strbuf_take(&b);
}

/* The first field where two identities differ, for the message. */
static void first_difference(const char *a, const char *b, char *out,
                             size_t n)
{
    while (*a && *b) {
        size_t la = strcspn(a, ";"), lb = strcspn(b, ";");
        if (la != lb || strncmp(a, b, la) != 0) {
            snprintf(out, n, "stored %.*s, now %.*s", (int)la, a, (int)lb, b);
            return;
        }
        a += la + (a[la] == ';'), b += lb + (b[lb] == ';');
    }
    snprintf(out, n, "stored '%s', now '%s'", a, b);
}

/* ---- the store ---------------------------------------------------------- */

static int param_texts(const sweep *w, char **paths, char **dists,
                       sp_error *err)
{
    for (size_t j = 0; j < w->k; j++) {
        const sp_entry *e = &w->s->entries[w->entry[j]];
        sp_strbuf b;
        sp_strbuf_init(&b);
        sp_put_dist(&b, e->val->dist);
        paths[j] = e->path;
        if (!(dists[j] = sp_strbuf_take(&b)))
            return SP_FAIL(err, SP_ENOMEM, "out of memory");
    }
    return SP_OK;
}

static int new_sweep(sweep *w, const char *id_text, sp_error *err)
{
    const sp_sweep_opts *o = w->o;
    char *params = NULL;
    int rc = sp_scenario_params_json(w->s, &params, err);
    sp_invocation_info info = {"sweep", o->command_line,
                               sp_scenario_name(w->s), sp_scenario_text(w->s),
                               sp_scenario_sha256(w->s), params, o->seed};
    if (!rc)
        rc = sp_store_begin_invocation(o->store, &info, &w->invocation, err);
    sp_free(params);
    const sp_model *m = w->models[0];
    if (!rc)
        rc = sp_store_add_outcome_names(o->store, w->invocation,
                                        (const char *const *)m->outcome_names,
                                        m->n_outcomes, err);
    const char *names[64];
    for (size_t p = 0; p < w->P && p < 64; p++)
        names[p] = w->s->packages[o->packages[p]].name;
    if (!rc)
        rc = sp_store_add_package_names(o->store, w->invocation, names, w->P,
                                        err);
    char **paths = sp_calloc(w->k, sizeof *paths);
    char **dists = sp_calloc(w->k, sizeof *dists);
    if (!rc && (!paths || !dists))
        rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (!rc)
        rc = param_texts(w, paths, dists, err);
    sp_store_sweep sw = {w->invocation, "", (int64_t)o->samples,
                         o->replications, (int64_t)w->n_points,
                         (int64_t)w->k, o->shard_k, o->shard_n,
                         (char *)id_text};
    snprintf(sw.design, sizeof sw.design, "%s", o->design);
    if (!rc)
        rc = sp_store_put_sweep(o->store, &sw, (const char *const *)paths,
                                (const char *const *)dists,
                                (const char *const *)w->group, err);
    for (size_t j = 0; dists && j < w->k; j++)
        sp_xfree(dists[j]);
    sp_xfree(dists);
    sp_xfree(paths);
    return rc;
}

/* --resume: the newest sweep of the store must be this one. */
static int resume_sweep(sweep *w, const char *id_text, uint64_t *failed,
                        sp_error *err)
{
    sp_store_sweep sw;
    int rc = sp_store_get_sweep(w->o->store, 0, &sw, err);
    if (rc == SP_ENOTFOUND)
        return SP_FAIL(err, SP_EINVAL, "--resume: the database holds no "
                       "sweep to resume (drop --resume to start one)");
    if (rc)
        return rc;
    char diff[600];
    if (strcmp(sw.identity, id_text) != 0) {
        first_difference(sw.identity, id_text, diff, sizeof diff);
        rc = SP_FAIL(err, SP_EINVAL, "--resume: sweep %lld was run with "
                     "other inputs (%s%s); resume with the same scenario, "
                     "options and spiral build, or drop --resume to start "
                     "a new sweep", (long long)sw.invocation, diff,
                     strncmp(diff, "stored scenario=", 16) ? ""
                     : ": the scenario text, a --set or --horizon differs");
    } else if (sw.shard_k != w->o->shard_k || sw.shard_n != w->o->shard_n) {
        rc = SP_FAIL(err, SP_EINVAL, "--resume: sweep %lld is shard "
                     "%lld/%lld, not %d/%d", (long long)sw.invocation,
                     (long long)sw.shard_k, (long long)sw.shard_n,
                     w->o->shard_k, w->o->shard_n);
    }
    /* only a matching sweep becomes ours: a refused resume must leave
     * the stored sweep's status and times as they were */
    if (!rc)
        w->invocation = sw.invocation;
    if (!rc)
        rc = sp_store_sweep_done(w->o->store, &sw, (int64_t)w->P,
                                 w->o->retry_failed, w->done, failed, err);
    sp_store_sweep_clear(&sw);
    return rc;
}

/* ---- running ---------------------------------------------------------- */

/* One package run at the unit's point; failures recorded, not fatal. */
static void run_one(sp_world *wd, const sweep *w, uint32_t rep,
                    const double *ev, double *out, char *why)
{
    sp_error e = {0};
    int rc = sp_run_init_at(wd, w->o->seed, rep, ev, &e);
    while (!rc && !sp_run_finished(wd))
        rc = sp_run_step(wd, &e);
    if (!rc)
        rc = sp_run_done(wd, out, w->n_out, &e);
    why[0] = '\0';
    if (rc) {
        const char *msg = e.message[0] ? e.message : "run failed";
        size_t len = strnlen(msg, 159); /* a long message is cut */
        memcpy(why, msg, len);
        why[len] = '\0';
        for (size_t i = 0; i < w->n_out; i++)
            out[i] = NAN;
    }
}

/* Unit b of the batch on thread t: its point's values, then every
 * package with the same replication. */
static void run_unit(sweep *w, size_t b, int t)
{
    uint64_t unit = w->units[b], R = w->o->replications;
    size_t point = (size_t)(unit / R);
    uint32_t rep = (uint32_t)(unit % R);
    double *u = w->u[t], *ev = w->entry_vals[t], *x = w->x + b * w->k;
    sp_design_point(w->design, point, u);
    for (size_t j = 0; j < w->k; j++) {
        x[j] = sp_dist_quantile(w->s->entries[w->entry[j]].val->dist, u[j]);
        ev[w->entry[j]] = x[j];
    }
    for (size_t p = 0; p < w->P; p++)
        run_one(w->worlds[(size_t)t * w->P + p], w, rep,
                ev, w->out + (b * w->P + p) * w->n_out, w->why[b * w->P + p]);
}

static int store_batch(sweep *w, size_t n, uint64_t *failed, sp_error *err)
{
    sp_store *st = w->o->store;
    uint64_t R = w->o->replications;
    int rc = sp_store_begin_batch(st, err);
    for (size_t b = 0; !rc && b < n; b++) {
        int64_t point = (int64_t)(w->units[b] / R);
        rc = sp_store_put_point(st, w->invocation, point, w->x + b * w->k,
                                w->k, err);
        for (size_t p = 0; !rc && p < w->P; p++) {
            const char *why = w->why[b * w->P + p];
            sp_run_key key = {w->invocation, (int32_t)p, (int32_t)point,
                              (int32_t)(w->units[b] % R)};
            rc = sp_store_put_run(st, &key, w->out + (b * w->P + p) * w->n_out,
                                  w->n_out, why[0] ? why : NULL, err);
            *failed += why[0] != '\0';
        }
    }
    if (!rc)
        return sp_store_commit_batch(st, err);
    sp_store_rollback_batch(st);
    return rc;
}

/* The next units of this shard that are not done, from *next on. */
static size_t fill_batch(sweep *w, uint64_t *next)
{
    uint64_t R = w->o->replications, total = (uint64_t)w->n_points * R;
    size_t n = 0;
    while (n < UNITS_PER_BATCH && *next < total) {
        uint64_t unit = (*next)++;
        uint64_t point = unit / R;
        if (point % (uint64_t)w->o->shard_n == (uint64_t)(w->o->shard_k - 1) &&
            !w->done[unit])
            w->units[n++] = unit;
    }
    return n;
}

static int run_all(sweep *w, sp_sweep_result *res, sp_error *err)
{
    uint64_t next = 0;
    int rc = SP_OK;
    for (;;) {
        if (w->o->interrupt && *w->o->interrupt)
            return SP_FAIL(err, SP_EINTR, "interrupted");
        size_t n = fill_batch(w, &next);
        if (!n)
            break;
#pragma omp parallel for num_threads(w->threads) schedule(dynamic, 1)
        for (size_t b = 0; b < n; b++)
            run_unit(w, b, omp_get_thread_num());
        rc = store_batch(w, n, &res->runs_failed, err);
        if (rc)
            return rc;
        res->runs_done += n * w->P;
        if (w->o->progress)
            w->o->progress(w->o->progress_ud, res->runs_skipped +
                           res->runs_done, res->runs_total);
    }
    return rc;
}

/* Runs in this shard, and those of them already stored. */
static void count_shard(const sweep *w, sp_sweep_result *res)
{
    uint64_t R = w->o->replications;
    for (size_t pt = (size_t)(w->o->shard_k - 1); pt < w->n_points;
         pt += (size_t)w->o->shard_n)
        for (uint64_t r = 0; r < R; r++) {
            res->runs_total += w->P;
            res->runs_skipped += w->done[pt * R + r] ? w->P : 0;
        }
}

static int check_opts(const sp_scenario *s, const sp_sweep_opts *o,
                      sp_error *err)
{
    if (!o->store)
        return SP_FAIL(err, SP_EINVAL, "a sweep needs a database (--db)");
    if (!o->n_packages || o->n_packages > 64)
        return SP_FAIL(err, SP_EINVAL, "a sweep needs 1 to 64 packages");
    for (size_t p = 0; p < o->n_packages; p++)
        if (o->packages[p] >= s->n_packages)
            return SP_FAIL(err, SP_EINVAL, "no package %zu", o->packages[p]);
    if (o->replications < 1)
        return SP_FAIL(err, SP_EINVAL, "--replications must be at least 1");
    if (o->shard_n < 1 || o->shard_k < 1 || o->shard_k > o->shard_n)
        return SP_FAIL(err, SP_EINVAL, "--shard K/N needs 1 <= K <= N");
    return SP_OK;
}

int sp_sweep_run(const sp_scenario *s, const sp_sweep_opts *o,
                 sp_sweep_result *res, sp_error *err)
{
    memset(res, 0, sizeof *res);
    int rc = check_opts(s, o, err);
    if (rc)
        return rc;
    sweep w = {.s = s, .o = o, .P = o->n_packages};
    w.threads = o->threads > 0 ? o->threads : omp_get_max_threads();
    w.n_entries = s->n_entries;
    char *id_text = NULL;
    rc = make_models(&w, err);
    if (!rc)
        rc = list_uncertain(&w, err);
    if (!rc)
        rc = make_groups(&w, err);
    if (!rc)
        rc = make_design(&w, err);
    if (!rc)
        rc = make_buffers(&w, err);
    if (!rc && !(id_text = identity(&w)))
        rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
    uint64_t kept_failed = 0;
    if (!rc)
        rc = o->resume ? resume_sweep(&w, id_text, &kept_failed, err)
                       : new_sweep(&w, id_text, err);
    res->invocation = w.invocation;
    res->n_points = w.n_points;
    res->n_params = w.k;
    if (!rc) {
        count_shard(&w, res);
        rc = run_all(&w, res, err);
        res->runs_failed += kept_failed;
    }
    if (w.invocation)
        sp_store_end_invocation(o->store, w.invocation,
                                rc == SP_EINTR ? "interrupted"
                                : rc ? "failed" : "done", &(sp_error){0});
    sp_xfree(id_text);
    sweep_free(&w);
    return rc;
}
