/*
 * params.h - the declarative parameter tables.
 *
 * One table per component (time, actor, dyad, treaty, global state, each
 * lever kind, each event kind, and later each mechanism) says, for every
 * key a scenario may write: its type, unit, default, valid range, help
 * and citation. That one table drives YAML validation (with "did you
 * mean"), --set, `spiral check`, the resolved parameters stored with
 * results, and the reference part of docs/SCENARIO.md (`spiral params
 * --markdown`). Nothing else lists parameters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_PARAMS_H
#define SP_PARAMS_H

#include "internal.h"

typedef enum sp_ptype {
    SP_PT_REAL,    /* number; may be uncertain (a distribution) if flagged */
    SP_PT_INT,     /* whole number */
    SP_PT_BOOL,    /* true / false */
    SP_PT_DATE,    /* YYYY-MM or YYYY-MM-DD, kept as a month index */
    SP_PT_STRING,  /* free text */
    SP_PT_ENUM,    /* one of `choices` ("a|b|c") */
    SP_PT_ACTORS,  /* an actor or group, or a list of them */
    SP_PT_ID       /* [a-z0-9-]+ identifier */
} sp_ptype;

enum {
    SP_PF_REQUIRED = 1u << 0,
    SP_PF_UNCERTAIN = 1u << 1, /* may be written as a distribution */
    SP_PF_ONOFF = 1u << 2      /* a lever value that is 0 or 1 (mix rule) */
};

typedef struct sp_param_def {
    const char *key;
    sp_ptype type;
    unsigned flags;
    double def;          /* default for numbers and bools (NAN = none) */
    double lo, hi;       /* valid range, inclusive */
    const char *unit;
    const char *choices; /* SP_PT_ENUM */
    const char *help;
    const char *citation;
} sp_param_def;

typedef struct sp_component {
    const char *name;    /* "actor", "lever exercises", ... */
    const char *where;   /* where it is written: "actors.<ID>" */
    const char *help;
    const sp_param_def *params;
    size_t n_params;
} sp_component;

/* Actor attributes, in the order of the table (index = enum). */
enum {
    SP_A_COW, SP_A_NAME, SP_A_MILEX, SP_A_MILPER, SP_A_POPULATION,
    SP_A_ENERGY, SP_A_CINC, SP_A_ECONOMY, SP_A_NUCLEAR, SP_A_VETO,
    SP_A_OPINION, SP_A_IDEAL_POINT, SP_A_CIVILIAN_HARM, SP_ACTOR_NATTR
};
/* Dyad attributes (symmetric), in table order. */
enum { SP_D_ALIGNMENT, SP_D_DIALOGUE, SP_D_PROXIMITY, SP_D_TREATY,
       SP_DYAD_NATTR };
/* Treaty fields. */
enum { SP_T_TYPE, SP_T_RELIABILITY, SP_T_DIRECTION, SP_T_SINCE, SP_T_SOURCE,
       SP_TREATY_NATTR };
/* Treaty types; index into the choices string of the treaty table. */
enum { SP_TREATY_NONE, SP_TREATY_CONSULTATION, SP_TREATY_NONAGGRESSION,
       SP_TREATY_NEUTRALITY, SP_TREATY_DEFENCE_PACT };
/* Time keys. */
enum { SP_TM_START, SP_TM_FORECAST, SP_TM_HORIZON, SP_TM_DT, SP_TIME_NATTR };
/* Global state. */
enum { SP_G_SANCTIONS, SP_G_COOPERATION, SP_GLOBAL_NATTR };

/* Fields a lever or event may carry; one table lists them all with
 * their types, each kind says which it requires and allows. */
enum {
    SP_F_ID, SP_F_KIND, SP_F_DATE, SP_F_START, SP_F_END, SP_F_ACTOR,
    SP_F_ACTORS, SP_F_TARGET, SP_F_NEAR, SP_F_WITH, SP_F_ITEM, SP_F_MODE,
    SP_F_TYPE, SP_F_SUBJECT, SP_F_VALUE, SP_F_RELIABILITY,
    SP_F_SUPPORT, SP_F_SOURCE, SP_F_NOTE, SP_NFIELDS
};

typedef struct sp_kind_def {
    const char *name;
    const char *unit;     /* unit of `value` */
    double lo, hi, def;   /* range and default of `value` */
    unsigned flags;       /* SP_PF_ONOFF */
    uint32_t required;    /* bit per SP_F_* */
    uint32_t allowed;     /* bit per SP_F_* (required included) */
    const char *help;
    const char *citation;
} sp_kind_def;

#define SP_BIT(f) (1u << (f))

/* A table entry for a real parameter that may be uncertain (the common
 * case in mechanism tables). */
#define SP_UNCERTAIN_REAL(key, def, lo, hi, unit, help, cite)                  \
    {key, SP_PT_REAL, SP_PF_UNCERTAIN, def, lo, hi, unit, NULL, help, cite}

/* Kind numbers: lever kinds in sp_lever_kinds order, then event kinds in
 * sp_event_kinds order (test_scenario checks the tables match). */
enum {
    SP_K_DEFENCE_GROWTH, SP_K_COUNTERSTRIKE, SP_K_EXERCISES,
    SP_K_ALLIANCE_DEEPENING, SP_K_REASSURANCE, SP_K_DIALOGUE,
    SP_K_NON_SECURITY, SP_K_SANCTIONS, SP_K_ISOLATION, SP_K_AID,
    SP_K_PRESSURE, SP_K_WAR_SUPPORT, SP_K_TRANSFER, SP_N_LEVER_KINDS,
    SP_K_TREATY = SP_N_LEVER_KINDS, SP_K_VETO, SP_K_MONITORING_END,
    SP_K_SANCTIONS_RESOLUTION, SP_K_DEPLOYMENT, SP_K_SUMMIT, SP_K_EXERCISE,
    SP_K_PROVOCATION, SP_K_STATEMENT, SP_N_KINDS
};

/* Mechanism parameter components, in sp_param_components order. */
enum {
    SP_COMP_GLOBAL,
    SP_COMP_ARMS,
    SP_COMP_ESCALATION,
    SP_COMP_ALIGNMENT,
    SP_COMP_TRANSFERS,
    SP_COMP_SANCTIONS,
    SP_COMP_BARGAINING,
    SP_COMP_TRUST,
    SP_COMP_CONDUCT,
    SP_COMP_COOPERATION,
    SP_COMP_OPINION,
    SP_COMP_GLOBALSOUTH,
    SP_COMP_DETERRENCE,
    SP_N_COMPONENTS
};
SP_INTERNAL extern const sp_component sp_comp_arms;
SP_INTERNAL extern const sp_component sp_comp_escalation;
SP_INTERNAL extern const sp_component sp_comp_alignment;
SP_INTERNAL extern const sp_component sp_comp_bargaining;
SP_INTERNAL extern const sp_component sp_comp_transfers;
SP_INTERNAL extern const sp_component sp_comp_sanctions;
SP_INTERNAL extern const sp_component sp_comp_trust;
SP_INTERNAL extern const sp_component sp_comp_conduct;
SP_INTERNAL extern const sp_component sp_comp_cooperation;
SP_INTERNAL extern const sp_component sp_comp_opinion;
SP_INTERNAL extern const sp_component sp_comp_globalsouth;
SP_INTERNAL extern const sp_component sp_comp_deterrence;

SP_INTERNAL extern const sp_component sp_comp_time;
SP_INTERNAL extern const sp_component sp_comp_actor;
SP_INTERNAL extern const sp_component sp_comp_dyad;
SP_INTERNAL extern const sp_component sp_comp_treaty;
SP_INTERNAL extern const sp_component sp_comp_global;
SP_INTERNAL extern const sp_component sp_comp_fields;

/* Lever kinds (model.md §3), then event-only kinds. */
SP_INTERNAL extern const sp_kind_def sp_lever_kinds[];
SP_INTERNAL extern const size_t sp_n_lever_kinds;
SP_INTERNAL extern const sp_kind_def sp_event_kinds[];
SP_INTERNAL extern const size_t sp_n_event_kinds;

/* Mechanism parameter components under `parameters:` (none but global in
 * the skeleton; mechanisms register theirs here). */
SP_INTERNAL extern const sp_component *const sp_param_components[];
SP_INTERNAL extern const size_t sp_n_param_components;

SP_INTERNAL long sp_param_index(const sp_component *c, const char *key);
SP_INTERNAL const char *sp_param_suggest(const sp_component *c,
                                         const char *key);
/* Index of word in "a|b|c", or -1. */
SP_INTERNAL int sp_choice_index(const char *choices, const char *word);
SP_INTERNAL const char *sp_choice_name(const char *choices, int idx,
                                       char *buf, size_t n);
SP_INTERNAL const char *sp_ptype_name(sp_ptype t);

#endif /* SP_PARAMS_H */
