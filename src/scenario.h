/*
 * scenario.h - a loaded scenario (internal layout).
 *
 * sp_scenario is what a YAML file (with its extends chain and --set
 * overrides) decodes to: immutable after sp_scenario_load. Every number
 * is an sp_value that remembers whether it is fixed or uncertain, its
 * nominal value and where it came from (explicit source text, or the
 * file and line it was written on, or the parameter table's default).
 * The model compiler (run.c, later) reads these into flat arrays.
 *
 * Levers and events share one struct, sp_action: an event is an action
 * dated in history, a lever an action a package takes from its start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_SCENARIO_H
#define SP_SCENARIO_H

#include "dist.h"
#include "params.h"
#include "ytree.h"

#define SP_MAX_COMPONENTS 16

/* The escalation ladder (model.md §2.7); 0 = no episode. */
enum { SP_LEVEL_NONE, SP_LEVEL_INCIDENT, SP_LEVEL_CRISIS, SP_LEVEL_CLASH,
       SP_LEVEL_LIMITED_WAR, SP_LEVEL_MAJOR_WAR, SP_LEVEL_NUCLEAR,
       SP_N_LEVELS };

typedef struct sp_value {
    double v;              /* fixed value, or the nominal of dist */
    sp_dist *dist;         /* NULL when fixed */
    const char *source;    /* explicit `source:` text, or NULL */
    const sp_ysrc *file;   /* where written; NULL = table default */
    int line;
} sp_value;

typedef struct sp_actor {
    char id[8];
    char *name;
    sp_value attr[SP_ACTOR_NATTR]; /* SP_A_NAME unused (name above) */
} sp_actor;

typedef struct sp_alist {  /* actors, groups expanded, sorted, unique */
    size_t n;
    int *idx;
} sp_alist;

typedef struct sp_group {
    char name[32];
    sp_alist members;
    const sp_ysrc *file;
    int line;
} sp_group;

typedef struct sp_action {
    char *id;
    int kind;           /* < sp_n_lever_kinds: a lever kind; else an
                           event kind at kind - sp_n_lever_kinds */
    int start, end;     /* months; end = -1: open */
    sp_alist actor, actors, target, near, with;
    int item, mode;     /* choice indices, -1 = none */
    char *type, *subject, *source, *note;
    sp_value value, reliability, support;
    double weight;      /* 1, or the mix weight of the package it came from */
    const char *from_package; /* mix: the package it came from */
    const sp_ysrc *file;
    int line;
} sp_action;

/* A named set of dyads (korea, taiwan_strait, ...): incidents in these
 * dyads count toward the flashpoint's outcomes (LEVEL@NAME). */
typedef struct sp_flashpoint {
    char *name;
    size_t n;
    int *pairs;          /* i * N + j with i < j */
} sp_flashpoint;

/* A war in progress at the start (model.md §2.10). */
typedef struct sp_war {
    char *id;
    sp_alist side[2];
    int level;           /* SP_LEVEL_* */
    int since;           /* month */
} sp_war;

typedef struct sp_package {
    char *name;
    char *description;
    sp_action *levers;
    size_t n_levers;
    size_t n_mix;       /* mix: components */
    char **mix_names;
    double *mix_weights;
} sp_package;

/* One addressable value: its --set path, the value, its table entry. */
typedef struct sp_entry {
    char *path;
    sp_value *val;
    const sp_param_def *def;
    const char *unit;   /* for lever values: the kind's unit */
} sp_entry;

struct sp_scenario {
    char *name, *title, *description;
    char sha256[65];
    char *text;               /* all hashed text, for the store */
    sp_ysrc *sources;         /* owned; nodes and values point into them */
    sp_ynode *tree;           /* owned; values' source texts point into it */

    sp_value time[SP_TIME_NATTR];
    int start, forecast_start, horizon_years, dt_months;

    size_t n_actors;
    sp_actor *actors;
    size_t n_groups;
    sp_group *groups;

    sp_value *dyad[SP_D_TREATY];    /* N*N each, symmetric */
    uint8_t *treaty_type;         /* N*N, directed: i committed to j */
    sp_value *treaty_rel;         /* N*N */

    /* parameters: one array per component of sp_param_components (global
     * state first, then each mechanism's table), in table order. */
    sp_value *params[SP_MAX_COMPONENTS];

    size_t n_flashpoints;
    sp_flashpoint *flashpoints;
    size_t n_wars;
    sp_war *wars;

    size_t n_events;
    sp_action *events;
    size_t n_packages;
    sp_package *packages;

    size_t n_entries;
    sp_entry *entries;
    size_t n_warnings;
    char **warnings;
};

/* scenario_decode.c: tree -> scenario (fills everything but sources,
 * text and sha256). */
SP_INTERNAL int sp_scenario_decode(sp_scenario *s, const sp_ynode *root,
                                   sp_error *err);
SP_INTERNAL void sp_scenario_clear(sp_scenario *s);
/* scenario_registry.c: the path -> value list, built after decoding. */
SP_INTERNAL int sp_scenario_build_registry(sp_scenario *s, sp_error *err);
SP_INTERNAL int sp_scenario_warn(sp_scenario *s, const char *fmt, ...)
    SP_PRINTF(2, 3);

/* Dates as month indices: year * 12 + (month - 1). */
SP_INTERNAL bool sp_parse_date(const char *s, int *month);
SP_INTERNAL char *sp_fmt_month(char *buf, size_t n, int month);
SP_INTERNAL long sp_actor_index(const sp_scenario *s, const char *id);
/* The package named `name`, or -1. */
SP_INTERNAL long sp_package_index(const sp_scenario *s, const char *name);
SP_INTERNAL bool sp_value_uncertain(const sp_value *v);
/* "clash", "major_war", ... (scenario_wars.c). */
SP_INTERNAL const char *sp_level_name(int level);

#endif /* SP_SCENARIO_H */
