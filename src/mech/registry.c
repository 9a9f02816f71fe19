/*
 * registry.c - the mechanisms in step order (model.md §2). Adding one is
 * adding a line here and its parameter table to sp_param_components.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "mech.h"

#include <string.h>

const sp_mech *const sp_mechs[] = {
    &sp_mech_policy, /* levers and events -> what mechanisms read */
    &sp_mech_deterrence, /* counter-strike and isolation (§3) */
    &sp_mech_trust,  /* signals and perception (model.md §2.1) */
    &sp_mech_arms,
    &sp_mech_alignment,
    &sp_mech_transfers,
    &sp_mech_sanctions,
    &sp_mech_escalation,
    &sp_mech_conduct,   /* conduct of wars -> legal ledger (§2.6) */
    &sp_mech_cooperation, /* global cooperation capacity G (§2.11) */
    &sp_mech_globalsouth, /* the Global South's leaning (§2.9) */
    &sp_mech_opinion,   /* public opinion; caps next step's levers (§2.8) */
};
const size_t sp_n_mechs = sizeof sp_mechs / sizeof sp_mechs[0];

bool sp_kind_is_read(const char *kind)
{
    for (size_t m = 0; m < sp_n_mechs; m++)
        for (const char *const *r = sp_mechs[m]->reads; r && *r; r++)
            if (!strcmp(*r, kind))
                return true;
    return false;
}

size_t sp_component_index(const sp_component *c)
{
    for (size_t i = 0; i < sp_n_param_components; i++)
        if (sp_param_components[i] == c)
            return i;
    return (size_t)-1;
}
