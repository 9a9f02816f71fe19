/*
 * ensemble.c - many runs of several packages, with common random numbers.
 *
 * Replications are processed in batches: the runs of a batch are spread
 * over OpenMP threads (each thread owns one world per package, allocated
 * before the first batch), then, on one thread and in replication order,
 * the batch is added to the tally and handed to a writer thread that
 * stores it in one transaction while the next batch runs (two batch
 * buffers; one writer at a time, so batches commit in order). So the
 * numbers are the same on any thread count, memory is flat in the run
 * count, and an interrupt loses at most the batch in flight (the batch
 * being written is waited for; finished batches are committed).
 *
 * Common random numbers: replication r of every package uses the same
 * seed and replication number, so the same chance draws (model.md §4);
 * a package's numbers are the same alone or inside a comparison.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ensemble.h"

#include <math.h>
#include <omp.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "world.h"

#define BATCH 512

typedef struct batch {
    size_t row;         /* doubles per package run */
    double *out;        /* [BATCH][P][row] */
    bool *failed;       /* [BATCH][P] */
    char (*why)[160];   /* [BATCH][P] */
    size_t lcells;      /* ledger cells per run: SP_N_LINES * N */
    double *lcount, *lsize; /* [BATCH][P][lcells]: each run's ledger */
    sp_ledger *rows;    /* [BATCH][P] with --series: each run's rows,
                           swapped out of its world (no copy) */
} batch;

static int compile_models(sp_ensemble *e, const sp_ensemble_opts *o,
                          sp_error *err)
{
    sp_model_opts mo = {o->horizon_years, o->without_events, o->n_without,
                        NULL, 0};
    for (size_t p = 0; p < e->P; p++) {
        int rc = sp_model_new(e->scn, e->packages[p], &mo, &e->models[p],
                              err);
        if (rc)
            return rc;
    }
    return SP_OK;
}

static int setup(sp_ensemble *e, const sp_scenario *s,
                 const sp_ensemble_opts *o, sp_error *err)
{
    e->scn = s;
    e->P = o->n_packages ? o->n_packages : 1;
    e->seed = o->seed;
    e->runs_asked = o->runs;
    e->sample_params = o->sample_params;
    e->series = o->series != 0;
    e->packages = sp_calloc(e->P, sizeof *e->packages);
    e->models = sp_calloc(e->P, sizeof *e->models);
    if (!e->packages || !e->models)
        return sp_error_set(err, SP_ENOMEM, "out of memory");
    for (size_t p = 0; p < e->P; p++)
        e->packages[p] = o->n_packages ? o->packages[p] : 0;
    int rc = compile_models(e, o, err);
    if (rc)
        return rc;
    const sp_model *m = e->models[0];
    e->horizon_years = (m->n_steps - m->step0) * m->dt_months / 12;
    if (sp_tally_init(&e->tally, e->P, m->n_time_outcomes,
                      m->n_outcomes - m->n_time_outcomes,
                      (m->n_steps - m->step0) * m->dt_months))
        return sp_error_set(err, SP_ENOMEM, "out of memory");
    return SP_OK;
}

static void free_worlds(sp_world **w, size_t n)
{
    for (size_t i = 0; w && i < n; i++)
        sp_world_free(w[i]);
    sp_xfree(w);
}

static int make_worlds(sp_ensemble *e, int threads, sp_world ***out,
                       sp_error *err)
{
    size_t n = (size_t)threads * e->P;
    sp_world **w = sp_calloc(n, sizeof *w);
    if (!w)
        return sp_error_set(err, SP_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int rc = sp_world_new(e->models[i % e->P], &w[i], err);
        if (rc) {
            free_worlds(w, n);
            return rc;
        }
        w[i]->ledger.keep_rows = e->series;
    }
    *out = w;
    return SP_OK;
}

static int batch_alloc(batch *b, size_t P, size_t row, int N, bool series)
{
    memset(b, 0, sizeof *b);
    b->row = row;
    b->lcells = (size_t)SP_N_LINES * (size_t)N;
    b->out = sp_calloc(BATCH * P * row, sizeof *b->out);
    b->failed = sp_calloc(BATCH * P, sizeof *b->failed);
    b->why = sp_calloc(BATCH * P, sizeof *b->why);
    b->lcount = sp_calloc(BATCH * P * b->lcells, sizeof *b->lcount);
    b->lsize = sp_calloc(BATCH * P * b->lcells, sizeof *b->lsize);
    if (series)
        b->rows = sp_calloc(BATCH * P, sizeof *b->rows);
    return b->out && b->failed && b->why && b->lcount && b->lsize &&
                   (b->rows || !series)
               ? SP_OK : SP_ENOMEM;
}

static void batch_free(batch *b, size_t P)
{
    sp_xfree(b->out);
    sp_xfree(b->failed);
    sp_xfree(b->why);
    sp_xfree(b->lcount);
    sp_xfree(b->lsize);
    for (size_t i = 0; b->rows && i < BATCH * P; i++)
        sp_xfree(b->rows[i].rows);
    sp_xfree(b->rows);
}

/* Take the finished run's ledger out of its world into the batch cell:
 * the summary by copy, the rows (--series) by swapping buffers. */
static void take_ledger(batch *b, size_t cell, sp_world *w)
{
    sp_ledger *l = &w->ledger;
    memcpy(b->lcount + cell * b->lcells, l->count,
           b->lcells * sizeof *b->lcount);
    memcpy(b->lsize + cell * b->lcells, l->size,
           b->lcells * sizeof *b->lsize);
    if (!b->rows)
        return;
    sp_ledger tmp = b->rows[cell];
    b->rows[cell].rows = l->rows;
    b->rows[cell].n_rows = l->n_rows;
    b->rows[cell].cap_rows = l->cap_rows;
    l->rows = tmp.rows;
    l->cap_rows = tmp.cap_rows;
    l->n_rows = 0;
}

/* One replication of every package into slot i of the batch. */
static void run_rep(sp_ensemble *e, sp_world **worlds, batch *b, size_t i,
                    uint32_t rep)
{
    for (size_t p = 0; p < e->P; p++) {
        size_t cell = i * e->P + p;
        sp_error err = {0};
        int rc = sp_run_all(worlds[p], e->seed, rep, e->sample_params,
                            b->out + cell * b->row, b->row, &err);
        b->failed[cell] = rc != SP_OK;
        if (rc)
            snprintf(b->why[cell], sizeof b->why[cell], "%.159s", err.message);
        else
            take_ledger(b, cell, worlds[p]);
    }
}

static int store_ledger(const sp_ensemble *e, const sp_ensemble_opts *o,
                        const batch *b, size_t cell, sp_error *err)
{
    int64_t run = sp_store_last_run_id(o->store);
    int rc = sp_store_put_ledger(o->store, run, b->lcount + cell * b->lcells,
                                 b->lsize + cell * b->lcells,
                                 e->models[0]->N, err);
    if (!rc && b->rows)
        rc = sp_store_put_ledger_rows(o->store, run, b->rows[cell].rows,
                                      b->rows[cell].n_rows,
                                      e->scn->forecast_start, err);
    return rc;
}

static int store_batch(sp_ensemble *e, const sp_ensemble_opts *o, batch *b,
                       uint64_t base, size_t count, sp_error *err)
{
    if (!o->store)
        return SP_OK;
    int rc = sp_store_begin_batch(o->store, err);
    for (size_t i = 0; i < count && !rc; i++)
        for (size_t p = 0; p < e->P && !rc; p++) {
            size_t cell = i * e->P + p;
            sp_run_key key = {o->invocation, (int32_t)p, 0,
                              (int32_t)(base + i)};
            rc = sp_store_put_run(o->store, &key, b->out + cell * b->row,
                                  b->failed[cell] ? 0 : b->row,
                                  b->failed[cell] ? b->why[cell] : NULL, err);
            if (!rc && !b->failed[cell])
                rc = store_ledger(e, o, b, cell, err);
        }
    if (rc) {
        sp_store_rollback_batch(o->store);
        return rc;
    }
    return sp_store_commit_batch(o->store, err);
}

static void tally_batch(sp_ensemble *e, const batch *b, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        sp_tally_add(&e->tally, b->out + i * e->P * b->row,
                     b->failed + i * e->P);
        for (size_t p = 0; p < e->P && !e->first_failure[0]; p++)
            if (b->failed[i * e->P + p])
                snprintf(e->first_failure, sizeof e->first_failure, "%.255s",
                         b->why[i * e->P + p]);
    }
}

static int record_names(sp_ensemble *e, const sp_ensemble_opts *o,
                        sp_error *err)
{
    if (!o->store)
        return SP_OK;
    const sp_model *m = e->models[0];
    int rc = sp_store_add_outcome_names(o->store, o->invocation,
                                        (const char *const *)m->outcome_names,
                                        m->n_outcomes, err);
    const char *names[64];
    for (size_t p = 0; p < e->P && p < 64; p++)
        names[p] = e->scn->packages[e->packages[p]].name;
    if (!rc)
        rc = sp_store_add_package_names(o->store, o->invocation, names, e->P,
                                        err);
    const char **ids = sp_calloc((size_t)m->N + 1, sizeof *ids);
    if (!ids)
        return rc ? rc : sp_error_set(err, SP_ENOMEM, "out of memory");
    for (int i = 0; i < m->N; i++)
        ids[i] = e->scn->actors[i].id;
    if (!rc)
        rc = sp_store_add_ledger_names(o->store, o->invocation, ids,
                                       (size_t)m->N, o->series != 0, err);
    sp_xfree(ids);
    return rc;
}

/* Storing a batch on its own thread while the next batch runs: SQLite
 * writes are serial, and done between batches they left the worker
 * threads idle (2 threads ran at 1.83x one). One writer at a time, so
 * batches still commit in order; the store is touched only by it. */
typedef struct writer {
    pthread_t thread;
    bool running;
    sp_ensemble *e;
    const sp_ensemble_opts *o;
    batch *b;
    uint64_t base;
    size_t count;
    int rc;
    sp_error err;
} writer;

static void *write_batch(void *arg)
{
    writer *wr = arg;
    wr->rc = store_batch(wr->e, wr->o, wr->b, wr->base, wr->count, &wr->err);
    return NULL;
}

/* Wait for the batch being written; its failure becomes ours. */
static int writer_join(writer *wr, sp_error *err)
{
    if (!wr->running)
        return SP_OK;
    pthread_join(wr->thread, NULL);
    wr->running = false;
    if (wr->rc)
        *err = wr->err;
    return wr->rc;
}

/* Write batch b in the background (or here, if no thread can start). */
static int writer_start(writer *wr, sp_ensemble *e, const sp_ensemble_opts *o,
                        batch *b, uint64_t base, size_t count, sp_error *err)
{
    if (!o->store)
        return SP_OK;
    *wr = (writer){.e = e, .o = o, .b = b, .base = base, .count = count};
    if (pthread_create(&wr->thread, NULL, write_batch, wr) == 0) {
        wr->running = true;
        return SP_OK;
    }
    return store_batch(e, o, b, base, count, err);
}

static int run_batches(sp_ensemble *e, const sp_ensemble_opts *o,
                       sp_world **worlds, int threads, sp_error *err)
{
    batch b[2]; /* one runs while the other is written */
    int rc = SP_OK;
    for (int k = 0; k < 2 && !rc; k++)
        rc = batch_alloc(&b[k], e->P, e->models[0]->n_outcomes,
                         e->models[0]->N, e->series);
    if (rc) {
        batch_free(&b[0], e->P);
        batch_free(&b[1], e->P);
        return sp_error_set(err, SP_ENOMEM, "out of memory");
    }
    writer wr = {.running = false};
    int cur = 0;
    for (uint64_t base = 0; base < o->runs && !rc; base += BATCH) {
        if (o->interrupt && *o->interrupt) {
            rc = sp_error_set(err, SP_EINTR, "interrupted after %llu runs "
                              "per package", (unsigned long long)base);
            break;
        }
        size_t count = o->runs - base < BATCH ? (size_t)(o->runs - base)
                                              : BATCH;
        /* b[cur] was written two batches ago and that writer joined */
#pragma omp parallel for num_threads(threads) schedule(dynamic, 8)
        for (size_t i = 0; i < count; i++)
            run_rep(e, worlds + (size_t)omp_get_thread_num() * e->P, &b[cur],
                    i, (uint32_t)(base + i));
        tally_batch(e, &b[cur], count);
        rc = writer_join(&wr, err);
        if (!rc)
            rc = writer_start(&wr, e, o, &b[cur], base, count, err);
        if (o->progress)
            o->progress(o->progress_ud, base + count, o->runs);
        cur ^= 1;
    }
    /* the last batch (or the one in flight when interrupted) */
    sp_error werr = {0};
    int wrc = writer_join(&wr, &werr);
    if (wrc && (rc == SP_OK || rc == SP_EINTR)) {
        *err = werr;
        rc = wrc;
    }
    batch_free(&b[0], e->P);
    batch_free(&b[1], e->P);
    return rc;
}

int sp_ensemble_run(const sp_scenario *s, const sp_ensemble_opts *o,
                    sp_ensemble **out, sp_error *err)
{
    *out = NULL;
    if (o->runs == 0 || o->runs > UINT32_MAX)
        return sp_error_set(err, SP_EINVAL, "runs must be between 1 and %u",
                            UINT32_MAX);
    sp_ensemble *e = sp_calloc(1, sizeof *e);
    if (!e)
        return sp_error_set(err, SP_ENOMEM, "out of memory");
    int threads = o->threads > 0 ? o->threads : omp_get_max_threads();
    sp_world **worlds = NULL;
    int rc = setup(e, s, o, err);
    if (!rc)
        rc = record_names(e, o, err);
    if (!rc)
        rc = make_worlds(e, threads, &worlds, err);
    if (!rc)
        rc = run_batches(e, o, worlds, threads, err);
    free_worlds(worlds, (size_t)threads * e->P);
    if (rc && rc != SP_EINTR) {
        sp_ensemble_free(e);
        return rc;
    }
    *out = e; /* interrupted: what finished is kept and reported */
    return rc;
}

void sp_ensemble_free(sp_ensemble *e)
{
    if (!e)
        return;
    for (size_t p = 0; e->models && p < e->P; p++)
        sp_model_free(e->models[p]);
    sp_xfree(e->models);
    sp_xfree(e->packages);
    sp_tally_free(&e->tally);
    sp_xfree(e);
}

uint64_t sp_ensemble_runs_done(const sp_ensemble *e)
{
    return e->tally.runs;
}

uint64_t sp_ensemble_runs_failed(const sp_ensemble *e)
{
    return e->tally.failed;
}
