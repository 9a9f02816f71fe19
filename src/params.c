/*
 * params.c - the parameter tables themselves (see params.h for why).
 *
 * Ranges are validity bounds (a value outside is an input error), not the
 * plausible ranges of uncertain parameters: those are written in the
 * scenario as distributions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "params.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define BIG 1e15

static const sp_param_def time_params[] = {
    {"start", SP_PT_DATE, 0, NAN, 1800 * 12, 2200 * 12, "month", NULL,
     "first simulated month; history (events) replays from here", NULL},
    {"forecast_start", SP_PT_DATE, 0, NAN, 1800 * 12, 2200 * 12, "month",
     NULL, "packages act from this month on; outcome horizons count from "
     "it, its own month included (default: start)", "model.md §1"},
    {"horizon_years", SP_PT_INT, 0, 10, 1, 100, "years", NULL,
     "length of the forecast after forecast_start", "model.md §1"},
    {"dt_months", SP_PT_INT, 0, 1, 1, 12, "months", NULL,
     "length of one step", "model.md §1"},
};
const sp_component sp_comp_time = {
    "time", "time", "when a run starts, when packages act, how far it goes",
    time_params, N_OF(time_params)};

static const sp_param_def actor_params[] = {
    {"cow", SP_PT_INT, SP_PF_REQUIRED, NAN, 1, 999, "code", NULL,
     "Correlates of War state code (joins the data)",
     "COW State System Membership v2016"},
    {"name", SP_PT_STRING, 0, NAN, 0, 0, NULL, NULL, "display name", NULL},
    {"milex", SP_PT_REAL, SP_PF_UNCERTAIN, 0, 0, BIG,
     "thousand current USD/yr", NULL,
     "military expenditure: Richardson's effort m",
     "COW NMC v7.0 milex; Richardson 1960"},
    {"milper", SP_PT_REAL, SP_PF_UNCERTAIN, 0, 0, 1e6, "thousand persons",
     NULL, "military personnel", "COW NMC v7.0 milper"},
    {"population", SP_PT_REAL, SP_PF_UNCERTAIN, 0, 0, 1e7,
     "thousand persons", NULL, "total population", "COW NMC v7.0 tpop"},
    {"energy", SP_PT_REAL, SP_PF_UNCERTAIN, 0, 0, BIG,
     "thousand coal-ton equivalents/yr", NULL,
     "primary energy consumption", "COW NMC v7.0 pec"},
    {"cinc", SP_PT_REAL, SP_PF_UNCERTAIN, 0, 0, 1, "share", NULL,
     "Composite Index of National Capability", "COW NMC v7.0 cinc"},
    {"economy", SP_PT_REAL, SP_PF_UNCERTAIN, 0, 0, BIG,
     "thousand current USD/yr", NULL,
     "economic size Y (bounds military effort); the data has no GDP, so a "
     "stated estimate with a range", "model.md §5"},
    {"nuclear", SP_PT_BOOL, 0, 0, 0, 1, NULL, NULL,
     "holds nuclear weapons", NULL},
    {"veto", SP_PT_BOOL, 0, 0, 0, 1, NULL, NULL,
     "permanent member of the UN Security Council", "UN Charter art. 23, 27"},
    {"opinion", SP_PT_REAL, SP_PF_UNCERTAIN, 0.5, 0, 1, "share", NULL,
     "public support for a harder line, o_i", "model.md §2.8"},
    {"ideal_point", SP_PT_REAL, SP_PF_UNCERTAIN, 0, -5, 5, "ideal point",
     NULL, "UN General Assembly ideal point (higher = closer to the US-led "
     "West)", "Bailey, Strezhnev & Voeten 2017"},
    {"civilian_harm", SP_PT_REAL, SP_PF_UNCERTAIN, 1, 0, 100, "relative",
     NULL, "attacks on civilians in its wars, relative to the rate in "
     "parameters.conduct (1 = that rate)", "model.md §2.6 and §2.10; "
     "src/mech/conduct.c"},
};
const sp_component sp_comp_actor = {
    "actor", "actors.<ID>", "a state (or a bloc acting as one)",
    actor_params, N_OF(actor_params)};

static const sp_param_def dyad_params[] = {
    {"alignment", SP_PT_REAL, SP_PF_UNCERTAIN, 0, -1, 1, "[-1, 1]", NULL,
     "s_ij: enmity < 0 < friendship, symmetric", "Heider 1946; model.md §1"},
    {"dialogue", SP_PT_REAL, SP_PF_UNCERTAIN, 0, 0, 1, "[0, 1]", NULL,
     "d_ij: institutionalised dialogue (hotlines, summits, working groups)",
     "model.md §1"},
    {"proximity", SP_PT_REAL, SP_PF_UNCERTAIN, 0, 0, 1, "[0, 1]", NULL,
     "1 = shared border or flashpoint; scales perceived threat",
     "model.md §2.1"},
    {"treaty", SP_PT_STRING, 0, NAN, 0, 0, NULL, NULL,
     "a treaty commitment: a mapping with the keys of the treaty table",
     NULL},
};
const sp_component sp_comp_dyad = {
    "dyad", "dyads.<A-B>", "relations of a pair of actors (or groups)",
    dyad_params, N_OF(dyad_params)};

static const sp_param_def treaty_params[] = {
    {"type", SP_PT_ENUM, SP_PF_REQUIRED, NAN, 0, 0, NULL,
     "none|consultation|nonaggression|neutrality|defence_pact",
     "the strongest obligation", "ATOP 5.1 (Leeds et al. 2002)"},
    {"reliability", SP_PT_REAL, SP_PF_UNCERTAIN, 0.745, 0, 1, "probability",
     NULL, "chance the commitment is honoured when invoked",
     "Leeds, Long & Mitchell 2000: 74.5%"},
    {"direction", SP_PT_ENUM, 0, 0, 0, 0, NULL, "mutual|forward",
     "mutual: each side to the other; forward: A to B only", NULL},
    {"since", SP_PT_DATE, 0, NAN, 1800 * 12, 2200 * 12, "month", NULL,
     "entry into force (informational)", NULL},
    {"source", SP_PT_STRING, 0, NAN, 0, 0, NULL, NULL,
     "where the treaty comes from (data file and year, or a document)",
     NULL},
};
const sp_component sp_comp_treaty = {
    "treaty", "dyads.<A-B>.treaty", "a treaty commitment of a dyad",
    treaty_params, N_OF(treaty_params)};

static const sp_param_def global_params[] = {
    {"sanctions_integrity", SP_PT_REAL, SP_PF_UNCERTAIN, 0.8, 0, 1,
     "[0, 1]", NULL, "R: integrity of the UN sanctions regime at start",
     "model.md §2.5"},
    {"cooperation", SP_PT_REAL, SP_PF_UNCERTAIN, 0.6, 0, 1, "[0, 1]", NULL,
     "G: global cooperation capacity at start", "model.md §2.11"},
};
const sp_component sp_comp_global = {
    "global", "parameters.global", "global state at the start",
    global_params, N_OF(global_params)};

const sp_component *const sp_param_components[] = {
    [SP_COMP_GLOBAL] = &sp_comp_global,
    [SP_COMP_ARMS] = &sp_comp_arms,
    [SP_COMP_ESCALATION] = &sp_comp_escalation,
    [SP_COMP_ALIGNMENT] = &sp_comp_alignment,
    [SP_COMP_TRANSFERS] = &sp_comp_transfers,
    [SP_COMP_SANCTIONS] = &sp_comp_sanctions,
    [SP_COMP_BARGAINING] = &sp_comp_bargaining,
    [SP_COMP_TRUST] = &sp_comp_trust,
    [SP_COMP_CONDUCT] = &sp_comp_conduct,
    [SP_COMP_COOPERATION] = &sp_comp_cooperation,
    [SP_COMP_OPINION] = &sp_comp_opinion,
    [SP_COMP_GLOBALSOUTH] = &sp_comp_globalsouth,
    [SP_COMP_DETERRENCE] = &sp_comp_deterrence,
};
const size_t sp_n_param_components = N_OF(sp_param_components);

/* Fields of levers and events (their kinds say which apply). */
static const sp_param_def field_params[] = {
    [SP_F_ID] = {"id", SP_PT_ID, SP_PF_REQUIRED, NAN, 0, 0, NULL, NULL,
                 "unique identifier, [a-z0-9-]", NULL},
    [SP_F_KIND] = {"kind", SP_PT_STRING, SP_PF_REQUIRED, NAN, 0, 0, NULL,
                   NULL, "a lever or event kind (tables below)", NULL},
    [SP_F_DATE] = {"date", SP_PT_DATE, 0, NAN, 1800 * 12, 2200 * 12, "month",
                   NULL, "when an event happens (events)", NULL},
    [SP_F_START] = {"start", SP_PT_DATE, 0, NAN, 1800 * 12, 2200 * 12,
                    "month", NULL,
                    "when a lever starts (levers; default forecast_start)",
                    NULL},
    [SP_F_END] = {"end", SP_PT_DATE, 0, NAN, 1800 * 12, 2200 * 12, "month",
                  NULL, "last month a flow or lever acts (default: open)",
                  NULL},
    [SP_F_ACTOR] = {"actor", SP_PT_ACTORS, 0, NAN, 0, 0, NULL, NULL,
                    "who acts: an actor or group", NULL},
    [SP_F_ACTORS] = {"actors", SP_PT_ACTORS, 0, NAN, 0, 0, NULL, NULL,
                     "the parties (actors or groups)", NULL},
    [SP_F_TARGET] = {"target", SP_PT_ACTORS, 0, NAN, 0, 0, NULL, NULL,
                     "toward whom", NULL},
    [SP_F_NEAR] = {"near", SP_PT_ACTORS, 0, NAN, 0, 0, NULL, NULL,
                   "near whom (exercises, deployments)", NULL},
    [SP_F_WITH] = {"with", SP_PT_ACTORS, 0, NAN, 0, 0, NULL, NULL,
                   "partners taking part", NULL},
    [SP_F_ITEM] = {"item", SP_PT_ENUM, 0, NAN, 0, 0, NULL,
                   "artillery|missiles|troops|technology|food_fuel",
                   "what a transfer carries", "seed-facts: transfers"},
    [SP_F_MODE] = {"mode", SP_PT_ENUM, 0, NAN, 0, 0, NULL,
                   "restraint|transparency|cbm|arms_control|needs_based|"
                   "loyalty_based",
                   "reassurance signal type, or aid mode", "Kydd 2005"},
    [SP_F_TYPE] = {"type", SP_PT_STRING, 0, NAN, 0, 0, NULL, NULL,
                   "sub-type (treaty type, provocation type, statement)",
                   NULL},
    [SP_F_SUBJECT] = {"subject", SP_PT_ID, 0, NAN, 0, 0, NULL, NULL,
                      "what a veto or a monitoring end concerns", NULL},
    [SP_F_VALUE] = {"value", SP_PT_REAL, SP_PF_UNCERTAIN, NAN, -BIG, BIG,
                    "(kind's unit)", NULL, "size, in the kind's unit", NULL},
    [SP_F_RELIABILITY] = {"reliability", SP_PT_REAL, SP_PF_UNCERTAIN, 0.745,
                          0, 1, "probability", NULL,
                          "chance a treaty is honoured",
                          "Leeds, Long & Mitchell 2000"},
    [SP_F_SUPPORT] = {"support_needed", SP_PT_REAL, SP_PF_UNCERTAIN, 0, 0, 1,
                      "share", NULL,
                      "public support the acting government needs to "
                      "sustain the lever", "model.md §3"},
    [SP_F_SOURCE] = {"source", SP_PT_STRING, 0, NAN, 0, 0, NULL, NULL,
                     "where the value or event comes from", NULL},
    [SP_F_NOTE] = {"note", SP_PT_STRING, 0, NAN, 0, 0, NULL, NULL,
                   "free text", NULL},
};
const sp_component sp_comp_fields = {
    "fields", "events[] and packages.<P>.levers[]",
    "fields of events and levers", field_params, N_OF(field_params)};

#define B SP_BIT
#define LEVER_BASE (B(SP_F_ID) | B(SP_F_KIND) | B(SP_F_START) | B(SP_F_END) | \
                    B(SP_F_ACTOR) | B(SP_F_VALUE) | B(SP_F_SUPPORT) |         \
                    B(SP_F_SOURCE) | B(SP_F_NOTE) | B(SP_F_WITH))
#define LREQ (B(SP_F_ID) | B(SP_F_KIND) | B(SP_F_ACTOR) | B(SP_F_VALUE))

const sp_kind_def sp_lever_kinds[] = {
    {"defence_growth", "%/yr of effort", -50, 100, 0, 0, LREQ, LEVER_BASE,
     "growth of military effort beyond the Richardson response (build-up, "
     "or restraint if negative)", "model.md §3"},
    {"counterstrike", "on/off", 0, 1, 0, SP_PF_ONOFF, LREQ, LEVER_BASE,
     "acquire counter-strike capability", "seed-facts: Japan"},
    {"exercises", "exercises/yr", 0, 52, 0, 0, LREQ | B(SP_F_NEAR),
     LEVER_BASE | B(SP_F_NEAR), "joint military exercises near others",
     "first source, mechanism 1"},
    {"alliance_deepening", "per yr, 0-1", 0, 1, 0, 0, LREQ, LEVER_BASE,
     "institutionalisation of a bloc (frameworks, regular meetings)",
     "first source, mechanism 1"},
    {"reassurance", "signals/yr", 0, 24, 0, 0, LREQ | B(SP_F_TARGET),
     LEVER_BASE | B(SP_F_TARGET) | B(SP_F_MODE),
     "costly reassuring signals: restraint, transparency, "
     "confidence-building measures, arms-control offers",
     "Kydd 2005; first source, mechanism 2"},
    {"dialogue", "per yr, 0-1", 0, 1, 0, 0, LREQ | B(SP_F_TARGET),
     LEVER_BASE | B(SP_F_TARGET),
     "investment in channels of dialogue with a target",
     "first source: prescription"},
    {"non_security_cooperation", "0-1", 0, 1, 0, 0, LREQ | B(SP_F_TARGET),
     LEVER_BASE | B(SP_F_TARGET),
     "multilateral cooperation on non-security topics",
     "first source, mechanism 4"},
    {"sanctions_enforcement", "0-1", 0, 1, 0, 0, LREQ | B(SP_F_TARGET),
     LEVER_BASE | B(SP_F_TARGET), "enforcement of sanctions against a target",
     "second source, mechanism 5"},
    {"isolation", "0-1", 0, 1, 0, 0, LREQ | B(SP_F_TARGET),
     LEVER_BASE | B(SP_F_TARGET), "diplomatic isolation of a target",
     "second source: prescription"},
    {"aid", "billion USD/yr", 0, 1000, 0, 0, LREQ | B(SP_F_MODE),
     LEVER_BASE | B(SP_F_MODE) | B(SP_F_TARGET),
     "aid to the Global South, needs_based or loyalty_based",
     "first source, mechanism 5"},
    {"pressure_to_choose_sides", "0-1", 0, 1, 0, 0, LREQ,
     LEVER_BASE | B(SP_F_TARGET), "pressure on others to join a bloc",
     "first source, mechanism 5"},
    {"war_support", "share of needs met, 0-1", 0, 1, 0, 0,
     LREQ | B(SP_F_TARGET), LEVER_BASE | B(SP_F_TARGET),
     "support to a party of a war in progress", "model.md §2.10"},
    {"transfer", "per month (item's unit)", 0, 1e9, 0, 0,
     LREQ | B(SP_F_TARGET) | B(SP_F_ITEM),
     LEVER_BASE | B(SP_F_TARGET) | B(SP_F_ITEM),
     "arms, troops, technology or food and fuel from actor to target; "
     "units: rounds, missiles, troops, technology index 0-1, thousand "
     "tonnes", "second source, mechanisms 1-2"},
};
const size_t sp_n_lever_kinds = N_OF(sp_lever_kinds);

#define EVENT_BASE (B(SP_F_ID) | B(SP_F_KIND) | B(SP_F_DATE) | B(SP_F_SOURCE) | \
                    B(SP_F_NOTE))
#define EREQ (B(SP_F_ID) | B(SP_F_KIND) | B(SP_F_DATE))

const sp_kind_def sp_event_kinds[] = {
    {"treaty", "none", 0, 0, 0, 0, EREQ | B(SP_F_ACTORS) | B(SP_F_TYPE),
     EVENT_BASE | B(SP_F_ACTORS) | B(SP_F_TYPE) | B(SP_F_RELIABILITY),
     "a treaty enters into force between the actors (type: a treaty type)",
     "model.md §3b"},
    {"veto", "none", 0, 0, 0, 0, EREQ | B(SP_F_ACTOR) | B(SP_F_SUBJECT),
     EVENT_BASE | B(SP_F_ACTOR) | B(SP_F_SUBJECT),
     "a permanent member vetoes a Security Council measure",
     "second source, mechanism 5"},
    {"monitoring_end", "none", 0, 0, 0, 0, EREQ | B(SP_F_SUBJECT),
     EVENT_BASE | B(SP_F_SUBJECT) | B(SP_F_ACTOR),
     "sanctions monitoring ends (the UN Panel of Experts, 2024-04)",
     "seed-facts: timeline"},
    {"sanctions_resolution", "none", 0, 0, 0, 0,
     EREQ | B(SP_F_ACTORS) | B(SP_F_TARGET),
     EVENT_BASE | B(SP_F_ACTORS) | B(SP_F_TARGET) | B(SP_F_VALUE),
     "a sanctions measure adopted", "second source, mechanism 5"},
    {"deployment", "troops", 0, 1e7, 0, 0,
     EREQ | B(SP_F_ACTOR) | B(SP_F_TARGET) | B(SP_F_VALUE),
     EVENT_BASE | B(SP_F_ACTOR) | B(SP_F_TARGET) | B(SP_F_VALUE) |
         B(SP_F_NEAR) | B(SP_F_END),
     "troops sent to fight for a war party", "seed-facts: 2024-10"},
    {"summit", "0-1 step", 0, 1, 0.1, 0, EREQ | B(SP_F_ACTORS),
     EVENT_BASE | B(SP_F_ACTORS) | B(SP_F_VALUE),
     "a leaders' or ministers' meeting", "seed-facts: timeline"},
    {"exercise", "exercises", 0, 1000, 1, 0, EREQ | B(SP_F_ACTORS),
     EVENT_BASE | B(SP_F_ACTORS) | B(SP_F_NEAR) | B(SP_F_VALUE),
     "joint exercises held", "first source, mechanism 1"},
    {"provocation", "count", 0, 1000, 1, 0, EREQ | B(SP_F_ACTOR) | B(SP_F_TYPE),
     EVENT_BASE | B(SP_F_ACTOR) | B(SP_F_TYPE) | B(SP_F_VALUE) | B(SP_F_NEAR),
     "missile test, satellite launch, nuclear test or other provocation",
     "second source, mechanism 2"},
    {"statement", "none", 0, 0, 0, 0, EREQ | B(SP_F_ACTORS),
     EVENT_BASE | B(SP_F_ACTORS) | B(SP_F_TARGET) | B(SP_F_TYPE),
     "a coordinated statement (e.g. condemnation)", "seed-facts: 2024-11"},
};
const size_t sp_n_event_kinds = N_OF(sp_event_kinds);

long sp_param_index(const sp_component *c, const char *key)
{
    for (size_t i = 0; i < c->n_params; i++)
        if (strcmp(c->params[i].key, key) == 0)
            return (long)i;
    return -1;
}

const char *sp_param_suggest(const sp_component *c, const char *key)
{
    const char *cands[64];
    size_t n = c->n_params < 64 ? c->n_params : 64;
    for (size_t i = 0; i < n; i++)
        cands[i] = c->params[i].key;
    return sp_did_you_mean(key, cands, n);
}

int sp_choice_index(const char *choices, const char *word)
{
    size_t wl = strlen(word);
    int idx = 0;
    for (const char *p = choices; *p; idx++) {
        size_t l = strcspn(p, "|");
        if (l == wl && strncmp(p, word, l) == 0)
            return idx;
        p += l + (p[l] == '|');
    }
    return -1;
}

const char *sp_choice_name(const char *choices, int idx, char *buf, size_t n)
{
    const char *p = choices;
    for (int i = 0; i < idx && *p; i++) {
        p += strcspn(p, "|");
        p += *p == '|';
    }
    snprintf(buf, n, "%.*s", (int)strcspn(p, "|"), p);
    return buf;
}

const char *sp_ptype_name(sp_ptype t)
{
    static const char *const names[] = {"number", "whole number", "true/false",
                                        "date", "text", "choice",
                                        "actors", "identifier"};
    return names[t];
}
