/*
 * run.c - one run: init, step, done (style.md §9).
 *
 * sp_run_init resets the world for replication `rep` of seed `seed`:
 * parameters (redrawn when sampling, from stream SP_STREAM_PARAMS at step
 * 0, entity = the value's registry index), relations, then each
 * mechanism's reset. sp_run_step runs the mechanisms in registry order
 * and then records outcomes. Nothing here allocates.
 *
 * Outcomes (model.md §4): for clash, limited war, major war and nuclear
 * use, the first month from the package start (its own month = 0) in
 * which any pair not already at that level at the package start reaches
 * it (a pair at war at the package start counts as already at every war
 * level below nuclear use: its ups and downs are the war in progress); wider_war, the first month a state not party to a war in progress
 * at the package start is at war with one that is; the same levels per
 * flashpoint; -1 when not reached within the horizon. Then the highest
 * level reached after the package start, the number of incidents, the
 * final sanctions-regime integrity, and the final capability (relative
 * to the start) of each nuclear actor, named capability@ID.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "world.h"

#include <math.h>
#include <string.h>

#include "mech/mech.h"

static void draw_params(sp_world *w, int sample)
{
    const sp_model *m = w->M;
    memcpy(w->vals, m->vals, m->n_vals * sizeof *w->vals);
    if (!sample)
        return;
    for (size_t b = 0; b < m->n_bind; b++) {
        const sp_binding *bd = &m->bind[b];
        double u = sp_rng_u01(&w->rng, SP_STREAM_PARAMS, 0, bd->entry, 0);
        w->vals[bd->slot] = bd->scale * sp_dist_quantile(bd->dist, u);
    }
}

/* A sweep's design point: every bound value whose registry entry has a
 * value in x (not NaN) takes it (times the binding's unit scale); the
 * rest stay nominal. */
static void set_params(sp_world *w, const double *x)
{
    const sp_model *m = w->M;
    memcpy(w->vals, m->vals, m->n_vals * sizeof *w->vals);
    for (size_t b = 0; b < m->n_bind; b++) {
        const sp_binding *bd = &m->bind[b];
        if (!isnan(x[bd->entry]))
            w->vals[bd->slot] = bd->scale * x[bd->entry];
    }
}

static void reset_relations(sp_world *w)
{
    size_t nn = (size_t)w->N * (size_t)w->N;
    memcpy(w->s, w->p.s0, nn * sizeof *w->s);
    memcpy(w->d, w->p.d0, nn * sizeof *w->d);
    memcpy(w->rel, w->p.rel0, nn * sizeof *w->rel);
    memcpy(w->treaty, w->M->treaty0, nn);
    memset(w->party0, 0, (size_t)w->N);
}

static void reset_state(sp_world *w);

int sp_run_init(sp_world *w, uint64_t seed, uint32_t rep, int sample_params,
                sp_error *err)
{
    (void)err;
    w->rng = sp_rng_make(seed, rep);
    w->step = 0;
    draw_params(w, sample_params);
    reset_state(w);
    return SP_OK;
}

int sp_run_init_at(sp_world *w, uint64_t seed, uint32_t rep,
                   const double *entry_values, sp_error *err)
{
    (void)err;
    w->rng = sp_rng_make(seed, rep);
    w->step = 0;
    set_params(w, entry_values);
    reset_state(w);
    return SP_OK;
}

/* Everything but the parameters back to the start of a run. */
static void reset_state(sp_world *w)
{
    reset_relations(w);
    for (size_t i = 0; i < w->M->n_outcomes; i++)
        w->out[i] = -1;
    w->highest = 0;
    w->incidents = 0;
    sp_ledger_reset(&w->ledger, w->N);
    for (size_t m = 0; m < sp_n_mechs; m++)
        if (sp_mechs[m]->reset)
            sp_mechs[m]->reset(w);
}

/* The state at the package start: levels and the parties of wars. */
static void snapshot(sp_world *w)
{
    int n = w->N;
    memcpy(w->level0, w->level, (size_t)n * (size_t)n);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (w->level[i * n + j] >= SP_LEVEL_LIMITED_WAR)
                w->party0[i] = w->party0[j] = 1;
    w->incidents = 0;
}

static void first(sp_world *w, size_t o, int month)
{
    if (w->out[o] < 0)
        w->out[o] = month;
}

/* The outcomes pair k = i * N + j (i < j) reaches this month. */
static void record_pair(sp_world *w, int i, int j, size_t k, int month)
{
    const sp_model *m = w->M;
    int L = w->level[k], L0 = w->level0[k];
    /* A pair at war at the package start is the war in progress: its
     * course up and down the war levels is not a new war; only its
     * nuclear use counts. */
    if (L0 >= SP_LEVEL_LIMITED_WAR && L < SP_LEVEL_NUCLEAR)
        L0 = L;
    if (L <= L0 || L < SP_LEVEL_CLASH) {
        if (L >= SP_LEVEL_LIMITED_WAR && w->party0[i] != w->party0[j])
            first(w, SP_OUT_WIDER, month);
        return;
    }
    if (L > w->highest)
        w->highest = L;
    for (int l = SP_LEVEL_CLASH; l <= L; l++)
        if (L0 < l) {
            first(w, (size_t)(l - SP_LEVEL_CLASH), month);
            if (m->flash[k] >= 0)
                first(w, sp_model_flash_outcome(m, m->flash[k], l), month);
        }
    if (L >= SP_LEVEL_LIMITED_WAR && w->party0[i] != w->party0[j])
        first(w, SP_OUT_WIDER, month);
}

/* Does some byte of the 8 at p hold a level at or above a clash? A byte
 * b does iff its high bit is set or its low 7 bits reach the clash level
 * (adding 0x80 - clash to them sets the high bit then, and carries into
 * no other byte). */
static bool some_clash(const uint8_t *p)
{
    const uint64_t low7 = 0x7f7f7f7f7f7f7f7fu;
    const uint64_t bias = 0x0101010101010101u * (0x80 - SP_LEVEL_CLASH);
    uint64_t x;
    memcpy(&x, p, sizeof x);
    return ((x | ((x & low7) + bias)) & ~low7) != 0;
}

/* The pairs i < j at a clash or above among the levels [k, end). */
static void record_range(sp_world *w, size_t k, size_t end, int month)
{
    unsigned n = (unsigned)w->N;
    for (; k < end; k++)
        if (w->level[k] >= SP_LEVEL_CLASH) {
            unsigned i = (unsigned)k / n, j = (unsigned)k % n;
            if (i < j)
                record_pair(w, (int)i, (int)j, k, month);
        }
}

/* Only a pair at a clash or above can reach an outcome (record_pair
 * returns at once below it), and most pairs are below it most months,
 * so the levels are scanned 8 bytes at a time for one that is. */
static void record(sp_world *w)
{
    const sp_model *m = w->M;
    int month = (w->step - m->step0) * m->dt_months;
    size_t nn = (size_t)w->N * (size_t)w->N, k = 0;
    for (; k + 8 <= nn; k += 8)
        if (some_clash(w->level + k))
            record_range(w, k, k + 8, month);
    record_range(w, k, nn, month);
}

int sp_run_step(sp_world *w, sp_error *err)
{
    if (w->step >= w->M->n_steps)
        return SP_OK;
    if (w->step == w->M->step0)
        snapshot(w);
    w->ledger.month = w->step >= w->M->step0
                          ? (w->step - w->M->step0) * w->M->dt_months : -1;
    for (size_t m = 0; m < sp_n_mechs; m++) {
        int rc = sp_mechs[m]->step(w);
        if (rc == SP_ENOMEM)
            return sp_error_set(err, rc, "%s: out of memory at step %d "
                                "(replication %u)", sp_mechs[m]->name,
                                w->step, w->rng.rep);
        if (rc)
            return sp_error_set(err, rc, "%s: numerical failure at step %d "
                                "(replication %u)", sp_mechs[m]->name,
                                w->step, w->rng.rep);
    }
    if (w->step >= w->M->step0)
        record(w);
    w->step++;
    return SP_OK;
}

int sp_run_finished(const sp_world *w)
{
    return w->step >= w->M->n_steps;
}

int sp_run_done(sp_world *w, double *outcomes, size_t n, sp_error *err)
{
    const sp_model *m = w->M;
    if (n < m->n_outcomes)
        return sp_error_set(err, SP_EINVAL, "outcome buffer holds %zu, the "
                            "model has %zu outcomes", n, m->n_outcomes);
    w->out[m->n_time_outcomes + SP_OUT_X_HIGHEST] = w->highest;
    w->out[m->n_time_outcomes + SP_OUT_X_INCIDENTS] = (double)w->incidents;
    w->out[m->n_time_outcomes + SP_OUT_X_SANCTIONS] = w->R;
    w->out[m->n_time_outcomes + SP_OUT_X_COOPERATION] = w->G;
    for (int k = 0; k < 3; k++)
        w->out[m->n_time_outcomes + SP_OUT_X_GS_WEST + (size_t)k] = w->gs[k];
    size_t at = m->n_time_outcomes + SP_OUT_X_N;
    for (size_t k = 0; k < m->n_capability; k++)
        w->out[at++] = w->c[m->capability_actors[k]];
    for (int r = 0; r < SP_N_RULES; r++)
        w->out[at++] = sp_ledger_rule_total(&w->ledger, w->N, r);
    for (int i = 0; i < w->N; i++)
        w->out[at++] = w->opinion[i];
    memcpy(outcomes, w->out, m->n_outcomes * sizeof *outcomes);
    return SP_OK;
}

int sp_run_all(sp_world *w, uint64_t seed, uint32_t rep, int sample_params,
               double *outcomes, size_t n, sp_error *err)
{
    int rc = sp_run_init(w, seed, rep, sample_params, err);
    while (!rc && !sp_run_finished(w))
        rc = sp_run_step(w, err);
    return rc ? rc : sp_run_done(w, outcomes, n, err);
}
