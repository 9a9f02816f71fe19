/*
 * policy.c - levers and events, applied each step.
 *
 * What it models: the package's levers (flows from their start to their
 * end) and the history's dated events (once, in their month), turned into
 * the quantities the other mechanisms read this step:
 *   growth_i   defence_growth: extra growth of effort, 1/yr (value %/yr / 100)
 *   exer_ij    exercises by i near j, per year (levers; an `exercise`
 *              event of count c in one step counts c / dt per year)
 *   talk_ij    dialogue investment, per year; dialogue then moves as
 *              d_ij <- d_ij + dt * (talk_ij + talk_ji) * (1 - d_ij)
 *              and a summit of size v moves it by v * (1 - d_ij) at once
 *   provoke_i  provocations (missile tests, launches) this step
 * and applies one-off structural events: a treaty enters into force
 * (commitments of type `type` with reliability r among its actors, from
 * its date: model.md §3b); a deployment makes the actor a party to the
 * wars its target fights, at the same level.
 * Lever values arrive already multiplied by their mix weight.
 * Parameters: none. Source: model.md §3, §3b. Tests: test_run.c (levers
 * change outcomes; events act at their date).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "escalation.h"

#include <string.h>

static const char *const reads[] = {
    "defence_growth", "exercises", "dialogue", "exercise", "summit",
    "provocation", "treaty", "deployment", NULL};

static const int *list(const sp_world *w, int off)
{
    return off < 0 ? NULL : w->M->idx + off;
}

static void cross_add(sp_world *w, double *a, const int *x, int nx,
                      const int *y, int ny, double v)
{
    for (int p = 0; p < nx; p++)
        for (int q = 0; q < ny; q++)
            if (x[p] != y[q])
                a[x[p] * w->N + y[q]] += v;
}

/* cross_add into exer, noting each entry written so that the next step
 * clears only those (a few of the N*N; all of them if the notes run
 * out of room). */
static void add_exercises(sp_world *w, const int *x, int nx, const int *y,
                          int ny, double v)
{
    int room = w->N * w->N;
    for (int p = 0; p < nx; p++)
        for (int q = 0; q < ny; q++)
            if (x[p] != y[q]) {
                int k = x[p] * w->N + y[q];
                w->exer[k] += v;
                if (w->n_exer_at < room)
                    w->exer_at[w->n_exer_at++] = k;
                else
                    w->exer_all = true;
            }
}

/* exer back to zero: the entries noted last step, or all of it. */
static void clear_exercises(sp_world *w)
{
    if (w->exer_all)
        memset(w->exer, 0, (size_t)w->N * (size_t)w->N * sizeof *w->exer);
    else
        for (int r = 0; r < w->n_exer_at; r++)
            w->exer[w->exer_at[r]] = 0;
    w->n_exer_at = 0;
    w->exer_all = false;
}

static void summit(sp_world *w, const int *x, int nx, double v)
{
    for (int p = 0; p < nx; p++)
        for (int q = 0; q < nx; q++)
            if (x[p] != x[q]) {
                double *d = &w->d[x[p] * w->N + x[q]];
                *d += v * (1.0 - *d);
            }
}

static void treaty(sp_world *w, const sp_act *a, const int *x, int nx)
{
    /* type is the treaty event's `type` text: the model keeps only
     * whether it is a defence pact; other types are consultations. */
    for (int p = 0; p < nx; p++)
        for (int q = 0; q < nx; q++)
            if (x[p] != x[q]) {
                size_t k = (size_t)(x[p] * w->N + x[q]);
                w->treaty[k] = (uint8_t)a->item; /* item holds the type */
                w->rel[k] = w->p.vals[a->reliability];
            }
}

/* The actor joins every war its target fights, at that war's level. */
static void deploy(sp_world *w, const int *who, int nw, const int *tg, int nt)
{
    int n = w->N;
    for (int t = 0; t < nt; t++)
        for (int e = 0; e < n; e++) {
            uint8_t lv = w->level[sp_pair(n, tg[t], e)];
            if (e == tg[t] || lv < SP_LEVEL_LIMITED_WAR)
                continue;
            for (int a = 0; a < nw; a++) {
                if (who[a] == e)
                    continue;
                size_t k = sp_pair(n, who[a], e);
                size_t via = sp_pair(n, tg[t], e);
                if (w->level[k] < lv) {
                    w->level[k] = lv;
                    sp_escalation_follow(w, k, via);
                }
            }
        }
}

static void one_off(sp_world *w, const sp_act *a)
{
    double v = sp_act_value(w, a);
    const int *act = list(w, a->actor), *acts = list(w, a->actors);
    const int *near = list(w, a->near), *tg = list(w, a->target);
    if (a->kind == SP_K_EXERCISE)
        add_exercises(w, acts, a->n_actors, near, a->n_near, v / w->M->dt);
    else if (a->kind == SP_K_SUMMIT)
        summit(w, acts, a->n_actors, v);
    else if (a->kind == SP_K_PROVOCATION)
        for (int p = 0; p < a->n_actor; p++)
            w->provoke[act[p]] += v;
    else if (a->kind == SP_K_TREATY)
        treaty(w, a, acts, a->n_actors);
    else if (a->kind == SP_K_DEPLOYMENT)
        deploy(w, act, a->n_actor, tg, a->n_target);
}

static void flow(sp_world *w, const sp_act *a)
{
    double v = sp_act_value(w, a);
    const int *act = list(w, a->actor), *near = list(w, a->near);
    const int *tg = list(w, a->target);
    if (a->kind == SP_K_DEFENCE_GROWTH)
        for (int p = 0; p < a->n_actor; p++)
            w->growth[act[p]] += v / 100.0;
    else if (a->kind == SP_K_EXERCISES)
        add_exercises(w, act, a->n_actor, near, a->n_near, v);
    else if (a->kind == SP_K_DIALOGUE)
        cross_add(w, w->talk, act, a->n_actor, tg, a->n_target, v),
            w->talk_dirty = true;
}

static void move_dialogue(sp_world *w)
{
    int n = w->N;
    double dt = w->M->dt;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double inv = w->talk[i * n + j] + w->talk[j * n + i];
            if (inv != 0)
                w->d[i * n + j] += dt * inv * (1.0 - w->d[i * n + j]);
        }
}

static bool active(const sp_act *a, int t)
{
    return a->kind < SP_N_LEVER_KINDS ? t <= a->end : a->start == t;
}

/* The actions active at step t grouped by kind (a counting sort, in
 * model order within a kind), so every mechanism visits only the kinds
 * it reads: indices into idx (room for n_acts), kind k's from start[k]
 * to start[k + 1] (SP_N_KINDS + 1 entries); returns their number. */
static int group_active(const sp_model *M, int t, int *idx, int *start)
{
    size_t last = 0;
    memset(start, 0, (SP_N_KINDS + 1) * sizeof *start);
    for (; last < M->n_acts && M->acts[last].start <= t; last++)
        if (active(&M->acts[last], t))
            start[M->acts[last].kind + 1]++;
    for (int k = 0; k < SP_N_KINDS; k++)
        start[k + 1] += start[k];
    int fill[SP_N_KINDS];
    memcpy(fill, start, sizeof fill);
    for (size_t i = 0; i < last; i++)
        if (active(&M->acts[i], t))
            idx[fill[M->acts[i].kind]++] = (int)i;
    return start[SP_N_KINDS];
}

bool sp_policy_plan(sp_model *M)
{
    int steps = M->n_steps > 0 ? M->n_steps : 0, total = 0;
    int start[SP_N_KINDS + 1];
    int *scratch = sp_calloc(M->n_acts + 1, sizeof *scratch);
    M->plan_at = sp_calloc((size_t)steps + 1, sizeof *M->plan_at);
    M->plan_start = sp_calloc((size_t)steps * (SP_N_KINDS + 1) + 1,
                              sizeof *M->plan_start);
    bool ok = scratch && M->plan_at && M->plan_start;
    for (int t = 0; ok && t < steps; t++) /* first, how many in all */
        total += group_active(M, t, scratch, start);
    sp_xfree(scratch);
    if (ok)
        ok = (M->plan_idx = sp_calloc((size_t)total + 1,
                                      sizeof *M->plan_idx)) != NULL;
    for (int t = 0; ok && t < steps; t++)
        M->plan_at[t + 1] = M->plan_at[t] +
            group_active(M, t, M->plan_idx + M->plan_at[t],
                         M->plan_start + (size_t)t * (SP_N_KINDS + 1));
    return ok;
}

/* This step's lists: a copy from the plan (they depend on the model and
 * the step only), or grouped afresh for a step outside it. */
static void build_active(sp_world *w)
{
    int t = w->step;
    if (t < 0 || t >= w->M->n_steps) {
        group_active(w->M, t, w->act_idx, w->kind_start);
        return;
    }
    const sp_model *M = w->M;
    memcpy(w->kind_start, M->plan_start + (size_t)t * (SP_N_KINDS + 1),
           sizeof w->kind_start);
    memcpy(w->act_idx, M->plan_idx + M->plan_at[t],
           (size_t)(M->plan_at[t + 1] - M->plan_at[t]) * sizeof *w->act_idx);
}

static int step(sp_world *w)
{
    int n = w->N;
    memset(w->growth, 0, (size_t)n * sizeof *w->growth);
    /* the N*N rates are cleared only where last step wrote them (most
     * steps of most packages write no dialogue, and exercises touch a
     * few pairs) */
    clear_exercises(w);
    if (w->talk_dirty)
        memset(w->talk, 0, (size_t)n * (size_t)n * sizeof *w->talk);
    w->talk_dirty = false;
    memset(w->provoke, 0, (size_t)n * sizeof *w->provoke);
    build_active(w);
    static const int flows[] = {SP_K_DEFENCE_GROWTH, SP_K_EXERCISES,
                                SP_K_DIALOGUE};
    static const int once[] = {SP_K_EXERCISE, SP_K_SUMMIT, SP_K_PROVOCATION,
                               SP_K_TREATY, SP_K_DEPLOYMENT};
    for (size_t f = 0; f < sizeof flows / sizeof *flows; f++)
        for (int q = 0; q < sp_n_active(w, flows[f]); q++)
            flow(w, sp_active(w, flows[f], q));
    for (size_t f = 0; f < sizeof once / sizeof *once; f++)
        for (int q = 0; q < sp_n_active(w, once[f]); q++)
            one_off(w, sp_active(w, once[f], q));
    if (w->talk_dirty) /* no investment, no change */
        move_dialogue(w);
    return SP_OK;
}

/* A run starts from whatever the last run left in the rates. */
static void reset(sp_world *w)
{
    w->exer_all = w->talk_dirty = true;
}

const sp_mech sp_mech_policy = {
    "policy", NULL, reads, "model.md §3, §3b", reset, step};
