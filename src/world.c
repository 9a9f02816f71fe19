/*
 * world.c - allocate a world once; reset it per run without allocating.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "world.h"

#include <string.h>

#include "mech/mech.h"

static bool alloc_arrays(sp_world *w, size_t n)
{
    size_t nn = n * n;
    double **nd[] = {&w->growth, &w->provoke, &w->x, &w->c, &w->grievance,
                     &w->cap};
    for (size_t i = 0; i < sizeof nd / sizeof *nd; i++)
        if (!(*nd[i] = sp_calloc(n, sizeof(double))))
            return false;
    double **nnd[] = {&w->exer, &w->talk, &w->W, &w->s, &w->d, &w->rel};
    for (size_t i = 0; i < sizeof nnd / sizeof *nnd; i++)
        if (!(*nnd[i] = sp_calloc(nn, sizeof(double))))
            return false;
    uint8_t **bytes[] = {&w->treaty, &w->level, &w->level0, &w->newwar};
    for (size_t i = 0; i < sizeof bytes / sizeof *bytes; i++)
        if (!(*bytes[i] = sp_calloc(nn, 1)))
            return false;
    w->act_idx = sp_calloc(w->M->n_acts + 1, sizeof *w->act_idx);
    if (!w->act_idx)
        return false;
    w->party0 = sp_calloc(n, 1);
    w->ds = sp_calloc(nn, sizeof *w->ds);
    w->toward = sp_calloc(n, sizeof *w->toward);
    w->hostile = sp_calloc(n, sizeof *w->hostile);
    w->threat_ref = sp_calloc(n, sizeof *w->threat_ref);
    if (!w->ds || !w->toward || !w->hostile || !w->threat_ref)
        return false;
    w->boost = sp_calloc(n, sizeof *w->boost);
    w->drag = sp_calloc(n, sizeof *w->drag);
    w->war_capacity = sp_calloc(n, sizeof *w->war_capacity);
    if (!w->boost || !w->drag || !w->war_capacity)
        return false;
    w->trust = sp_calloc(nn, sizeof *w->trust);
    w->threat = sp_calloc(nn, sizeof *w->threat);
    w->odds = sp_calloc(nn, sizeof *w->odds);
    if (!w->odds)
        return false;
    w->xprev = sp_calloc(n, sizeof *w->xprev);
    if (!w->trust || !w->threat || !w->xprev)
        return false;
    w->exer_at = sp_calloc(nn, sizeof *w->exer_at);
    w->enf = sp_calloc(n, sizeof *w->enf);
    w->enf_act = sp_calloc(n, sizeof *w->enf_act);
    w->no_veto = sp_calloc(n, sizeof *w->no_veto);
    if (!w->exer_at || !w->enf || !w->enf_act || !w->no_veto)
        return false;
    w->follow = sp_calloc(nn, sizeof *w->follow);
    w->following = sp_calloc(nn, sizeof *w->following);
    w->episodes = sp_calloc(nn, sizeof *w->episodes);
    w->ended = sp_calloc(nn, sizeof *w->ended);
    if (!w->follow || !w->following || !w->episodes || !w->ended)
        return false;
    w->lnc = sp_calloc(n, sizeof *w->lnc);
    w->fa = sp_calloc(n, sizeof *w->fa);
    w->clock = sp_calloc(nn, sizeof *w->clock);
    w->n_inc = sp_calloc(nn, sizeof *w->n_inc);
    if (!w->clock || !w->n_inc || !w->lnc || !w->fa)
        return false;
    w->wn = sp_calloc(n, sizeof *w->wn);
    w->wj = sp_calloc(nn, sizeof *w->wj);
    w->wv = sp_calloc(nn, sizeof *w->wv);
    if (!w->wn || !w->wj || !w->wv)
        return false;
    if (sp_ledger_init(&w->ledger, (int)n) != SP_OK)
        return false;
    w->enemies = sp_calloc(n, sizeof *w->enemies);
    if (!(w->at_war = sp_calloc(nn, sizeof *w->at_war)))
        return false;
    if (!(w->poisson = sp_poisson_memo_new(n * SP_N_LOAC_LINES)))
        return false;
    w->opinion = sp_calloc(n, sizeof *w->opinion);
    w->inc_now = sp_calloc(n, sizeof *w->inc_now);
    w->theta0 = sp_calloc(n, sizeof *w->theta0);
    w->gs_viol = sp_calloc(n, sizeof *w->gs_viol);
    w->capab = sp_calloc(n, sizeof *w->capab);
    w->theta_sum = sp_calloc(n, sizeof *w->theta_sum);
    if (!w->theta_sum)
        return false;
    w->allies = sp_calloc(nn, sizeof *w->allies);
    w->n_allies = sp_calloc(n, sizeof *w->n_allies);
    w->pooled = sp_calloc(n, sizeof *w->pooled);
    w->treaty_seen = sp_calloc(nn, 1);
    if (!w->allies || !w->n_allies || !w->treaty_seen || !w->pooled)
        return false;
    size_t rows = n * sp_bit_words((int)n); /* N rows of bits */
    w->hostile_bits = sp_calloc(4 * rows + rows / n, sizeof(uint64_t));
    w->w_bits = sp_calloc(rows, sizeof(uint64_t));
    w->seen = sp_calloc(n, 1);
    if (!w->hostile_bits || !w->w_bits || !w->seen)
        return false;
    w->near_bits = w->hostile_bits + rows, w->prox_bits = w->near_bits + rows;
    w->drill_bits = w->prox_bits + rows, w->arm_bits = w->drill_bits + rows;
    w->cs = sp_calloc(n, sizeof *w->cs);
    w->iso = sp_calloc(n, sizeof *w->iso);
    if (!w->theta0 || !w->gs_viol || !w->capab || !w->cs || !w->iso)
        return false;
    w->act_scale = sp_calloc(w->M->n_acts + 1, sizeof *w->act_scale);
    w->capped = sp_calloc(w->M->n_acts + 1, sizeof *w->capped);
    w->bal = sp_calloc(n * n, sizeof *w->bal);
    if (!w->capped || !w->bal)
        return false;
    if (!w->enemies || !w->opinion || !w->inc_now || !w->act_scale)
        return false;
    w->k1 = sp_calloc(6 * n, sizeof(double)); /* RK4 stages, contiguous */
    w->out = sp_calloc(w->M->n_outcomes, sizeof(double));
    w->vals = sp_calloc(w->M->n_vals + 1, sizeof(double));
    if (!w->party0 || !w->k1 || !w->out || !w->vals)
        return false;
    w->k2 = w->k1 + n, w->k3 = w->k2 + n, w->k4 = w->k3 + n;
    w->tmp = w->k4 + n, w->tmp2 = w->tmp + n;
    return true;
}

int sp_world_new(const sp_model *m, sp_world **out, sp_error *err)
{
    *out = NULL;
    sp_world *w = sp_calloc(1, sizeof *w);
    if (!w)
        return sp_error_set(err, SP_ENOMEM, "out of memory");
    w->M = m;
    w->N = m->N;
    if (!alloc_arrays(w, (size_t)m->N)) {
        sp_world_free(w);
        return sp_error_set(err, SP_ENOMEM, "out of memory");
    }
    memcpy(w->vals, m->vals, m->n_vals * sizeof *w->vals);
    sp_pview_bind(&w->p, &m->lay, w->vals);
    *out = w;
    return SP_OK;
}

void sp_world_free(sp_world *w)
{
    if (!w)
        return;
    void *all[] = {w->growth, w->provoke, w->x, w->c, w->grievance, w->cap,
                   w->exer, w->talk, w->W, w->s, w->d, w->rel, w->treaty,
                   w->level, w->level0, w->newwar, w->party0, w->k1, w->out,
                   w->vals, w->wn, w->wj, w->wv, w->clock, w->n_inc, w->lnc,
                   w->fa, w->follow, w->following, w->episodes, w->ended,
                   w->exer_at, w->enf, w->enf_act, w->no_veto, w->trust,
                   w->threat, w->xprev,
                   w->boost, w->drag, w->war_capacity, w->ds, w->toward,
                   w->hostile, w->threat_ref, w->odds, w->act_idx, w->enemies,
                   w->at_war,
                   w->opinion, w->inc_now, w->act_scale, w->theta0,
                   w->gs_viol, w->capab, w->cs, w->iso, w->theta_sum,
                   w->capped, w->bal, w->allies, w->n_allies,
                   w->treaty_seen, w->pooled,
                   w->hostile_bits, w->w_bits, w->seen};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        sp_xfree(all[i]);
    sp_ledger_free(&w->ledger);
    sp_poisson_memo_free(w->poisson);
    sp_xfree(w);
}
