/*
 * world_fixture.h - one scenario compiled for one package, with a world:
 * the common set-up of the mechanism tests (test_arms, test_trust,
 * test_transfers, test_sanctions). Include after <cmocka.h>; any failure
 * fails the test with the library's located message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SPIRAL_TEST_WORLD_FIXTURE_H
#define SPIRAL_TEST_WORLD_FIXTURE_H

#include <string.h>

#include "world.h"

static inline int wf_actor(const sp_scenario *s, const char *id)
{
    for (size_t i = 0; i < sp_scenario_n_actors(s); i++)
        if (!strcmp(sp_scenario_actor_id(s, i), id))
            return (int)i;
    fail_msg("no actor %s", id);
    return -1;
}

static inline size_t wf_package(const sp_scenario *s, const char *name)
{
    for (size_t i = 0; i < sp_scenario_n_packages(s); i++)
        if (!strcmp(sp_scenario_package_name(s, i), name))
            return i;
    fail_msg("no package %s", name);
    return 0;
}

/* Load text (with --set overrides) as file `name`, compile `package`,
 * allocate a world. */
static inline void wf_open(const char *name, const char *text,
                           const char *package, const char *const *sets,
                           size_t n_sets, sp_scenario **s, sp_model **m,
                           sp_world **w)
{
    sp_error err = {0};
    *s = NULL, *m = NULL, *w = NULL;
    if (sp_scenario_load_text(name, text, strlen(text), sets, n_sets, s,
                              &err))
        fail_msg("load: %s:%d:%d: %s", err.file, err.line, err.col,
                 err.message);
    if (sp_model_new(*s, wf_package(*s, package), NULL, m, &err))
        fail_msg("model: %s", err.message);
    if (sp_world_new(*m, w, &err))
        fail_msg("world: %s", err.message);
}

static inline void wf_init(sp_world *w, uint64_t seed, uint32_t rep)
{
    sp_error err = {0};
    if (sp_run_init(w, seed, rep, 0, &err))
        fail_msg("init: %s", err.message);
}

static inline void wf_close(sp_scenario *s, sp_model *m, sp_world *w)
{
    sp_world_free(w);
    sp_model_free(m);
    sp_scenario_free(s);
}

static inline void wf_step(sp_world *w)
{
    sp_error err = {0};
    if (sp_run_step(w, &err) != SP_OK)
        fail_msg("step %d: %s", w->step, err.message);
}

#endif
