/*
 * mechanism.c - mechanism checks of `spiral validate`: the reference
 * scenario with and without its observed 2023-2024 events, paired by
 * replication (common random numbers), read at the end of the observed
 * period. The quantities and thresholds are in docs/CALIBRATION.md,
 * written before the first run; they are checks of the mechanisms, not
 * validation against data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vcase.h"

#include "model.h"
#include "world.h"

#include <string.h>

enum { REPS = 1000 };
#define REF_SCENARIO "northeast-asia-2024.yaml"

/* What a check reads from the world after the observed period. */
typedef double (*probe_fn)(const sp_world *w, const int *who);

/* Mean alignment of the pairs among who[0..2]. */
static double bloc_alignment(const sp_world *w, const int *who)
{
    int n = w->N;
    return (w->s[who[0] * n + who[1]] + w->s[who[0] * n + who[2]] +
            w->s[who[1] * n + who[2]]) / 3;
}

static double sanctions_integrity(const sp_world *w, const int *who)
{
    (void)who;
    return w->R;
}

/* Run replication rep up to the package start (the end of 2024-12) and
 * probe it. */
static int probe_run(sp_world *w, const sp_model *m, uint32_t rep,
                     probe_fn probe, const int *who, double *out,
                     sp_error *err)
{
    int rc = sp_run_init(w, 1, rep, 0, err);
    while (!rc && w->step < m->step0)
        rc = sp_run_step(w, err);
    if (!rc)
        *out = probe(w, who);
    return rc;
}

/* The ids of every event (the observed history). */
static const char **all_events(const sp_scenario *s, size_t *n,
                               sp_error *err)
{
    const char **ids = sp_calloc(s->n_events ? s->n_events : 1, sizeof *ids);
    if (!ids) {
        SP_FAIL(err, SP_ENOMEM, "out of memory");
        return NULL;
    }
    for (size_t e = 0; e < s->n_events; e++)
        ids[e] = s->events[e].id;
    *n = s->n_events;
    return ids;
}

static int actor_index(const sp_scenario *s, const char *id, int *out,
                       sp_error *err)
{
    long i = sp_actor_index(s, id);
    if (i >= 0) {
        *out = (int)i;
        return SP_OK;
    }
    return SP_FAIL(err, SP_ENOTFOUND, "%s: no actor %s (the mechanism "
                   "checks need the reference scenario)", REF_SCENARIO, id);
}

typedef struct paired {
    double mean, lo, hi; /* with - without, 95% interval */
} paired;

/* The paired difference of probe() with minus without the events. */
static int run_pairs(const sp_scenario *s, probe_fn probe, const int *who,
                     paired *out, sp_error *err)
{
    size_t n_ev = 0;
    const char **ev = all_events(s, &n_ev, err);
    if (!ev)
        return SP_ENOMEM;
    sp_model_opts with = {0}, without = {0};
    without.without_events = ev;
    without.n_without = n_ev;
    sp_model *m1 = NULL, *m0 = NULL;
    sp_world *w1 = NULL, *w0 = NULL;
    int rc = sp_model_new(s, 0, &with, &m1, err);
    if (!rc)
        rc = sp_model_new(s, 0, &without, &m0, err);
    if (!rc)
        rc = sp_world_new(m1, &w1, err);
    if (!rc)
        rc = sp_world_new(m0, &w0, err);
    double sum = 0, sum2 = 0;
    for (uint32_t r = 0; !rc && r < REPS; r++) {
        double a, b;
        rc = probe_run(w1, m1, r, probe, who, &a, err);
        if (!rc)
            rc = probe_run(w0, m0, r, probe, who, &b, err);
        sum += a - b, sum2 += (a - b) * (a - b);
    }
    if (!rc) {
        double mean = sum / REPS;
        double sd = sqrt(fmax(0, (sum2 - REPS * mean * mean) / (REPS - 1)));
        double h = 1.96 * sd / sqrt(REPS);
        *out = (paired){mean, mean - h, mean + h};
    }
    sp_world_free(w0);
    sp_world_free(w1);
    sp_model_free(m0);
    sp_model_free(m1);
    sp_xfree(ev);
    return rc;
}

static int load_reference(const vctx *x, sp_scenario **s, sp_error *err)
{
    char path[1024];
    int rc = sp_path_join(path, sizeof path, x->scenario_dir, REF_SCENARIO, err);
    return rc ? rc : sp_scenario_load(path, NULL, 0, s, err);
}

int sp_v_mech_counter_alignment(const vctx *x, vresult *r, sp_error *err)
{
    sp_scenario *s;
    int rc = load_reference(x, &s, err), who[3];
    if (rc)
        return rc;
    paired d;
    rc = actor_index(s, "RUS", &who[0], err);
    if (!rc)
        rc = actor_index(s, "CHN", &who[1], err);
    if (!rc)
        rc = actor_index(s, "PRK", &who[2], err);
    if (!rc)
        rc = run_pairs(s, bloc_alignment, who, &d, err);
    if (!rc)
        *r = vr_within(d.lo, 0, INFINITY);
    sp_scenario_free(s);
    return rc;
}

int sp_v_mech_sanctions_integrity(const vctx *x, vresult *r, sp_error *err)
{
    sp_scenario *s;
    int rc = load_reference(x, &s, err);
    if (rc)
        return rc;
    paired d;
    rc = run_pairs(s, sanctions_integrity, NULL, &d, err);
    if (!rc)
        *r = vr_within(d.hi, -INFINITY, 0);
    sp_scenario_free(s);
    return rc;
}
