/*
 * ledger.h - the legal ledger of one run (model.md §2.6; second source,
 * mechanisms 5 and 6).
 *
 * A violation is an act by an actor that breaches a rule: a UN Security
 * Council resolution or a principle of the law of armed conflict. The
 * mechanisms that see the act write it here (sanctions.c: transfers that
 * breach the DPRK resolutions, both sides of each; conduct.c: attacks on
 * civilians in a war). Only steps from the package start on are
 * recorded, like every outcome.
 *
 * A "line" is a (rule, act) pair the model can produce; the per-run
 * summary is a count and a summed size per line and actor (dense, 8 x N
 * doubles each, so copying it out of a run allocates nothing). The row
 * list (one row per violation and step) is kept only when the world is
 * asked to (--series): a million-run sweep must not write 10^8 rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_LEDGER_H
#define SP_LEDGER_H

#include "internal.h"

typedef struct sp_world sp_world;

/* Rules, in the order stored in ledger_rules.idx. Never renumber: add
 * at the end. */
enum { SP_RULE_UNSCR_1718, SP_RULE_DISTINCTION, SP_RULE_PROPORTIONALITY,
       SP_RULE_NECESSITY, SP_RULE_HUMANITY, SP_N_RULES };

/* Acts, with their units. The first four are transfers and follow the
 * transfer items (transfers.h) artillery..technology. */
enum { SP_LACT_ARTILLERY, SP_LACT_MISSILES, SP_LACT_TROOPS,
       SP_LACT_TECHNOLOGY, SP_LACT_CIVILIAN_ATTACKS, SP_N_LACTS };

/* Lines: the (rule, act) pairs a run can record. */
enum { SP_LINE_UNSC_ARTILLERY, SP_LINE_UNSC_MISSILES, SP_LINE_UNSC_TROOPS,
       SP_LINE_UNSC_TECHNOLOGY, SP_LINE_DISTINCTION, SP_LINE_PROPORTIONALITY,
       SP_LINE_NECESSITY, SP_LINE_HUMANITY, SP_N_LINES };
/* The law-of-armed-conflict lines, distinction first (conduct.c). */
#define SP_N_LOAC_LINES (SP_N_LINES - SP_LINE_DISTINCTION)

typedef struct sp_rule_def {
    const char *name;     /* as in outcomes (violations@NAME), --rule */
    const char *summary;  /* what it forbids, one line */
    const char *citation;
} sp_rule_def;

typedef struct sp_lact_def {
    const char *name;     /* "transfer:artillery", "attack_on_civilians" */
    const char *unit;     /* of the size */
} sp_lact_def;

SP_INTERNAL extern const sp_rule_def sp_rules[SP_N_RULES];
SP_INTERNAL extern const sp_lact_def sp_lacts[SP_N_LACTS];
typedef struct sp_line_def {
    int rule, act;
} sp_line_def;
SP_INTERNAL extern const sp_line_def sp_lines[SP_N_LINES];

/* One violation: in a step, by an actor (against or with `other`, -1
 * none), of a rule, by an act of a size in the act's unit. month counts
 * from the package start, as "first month" outcomes do. */
typedef struct sp_ledger_row {
    int32_t month;
    int16_t actor, other;
    uint8_t rule, act;
    double size;
} sp_ledger_row;

/* The ledger of a world. count/size: [line * N + actor]. */
typedef struct sp_ledger {
    double *count, *size;
    sp_ledger_row *rows;  /* only when keep_rows */
    size_t n_rows, cap_rows;
    int n_actors;
    int month;            /* of this step, from the package start; < 0 in
                             the history, which is not recorded (run.c
                             sets it before each step) */
    bool keep_rows;
} sp_ledger;

SP_INTERNAL int sp_ledger_init(sp_ledger *l, int n_actors);
SP_INTERNAL void sp_ledger_free(sp_ledger *l);
/* Forget the previous run (keeps the row buffer's memory). */
SP_INTERNAL void sp_ledger_reset(sp_ledger *l, int n_actors);

/* Keep a row for a violation sp_ledger_add has counted (keep_rows). */
SP_INTERNAL int sp_ledger_keep_row(sp_ledger *l, int line, int actor,
                                   int other, double size);

/* Record a violation of `line` by `actor` (against or with `other`) this
 * step, if the step is in the forecast. SP_OK, or SP_ENOMEM when a row
 * could not be kept (only with keep_rows; the buffer grows by doubling,
 * so a long run allocates a handful of times, never per step once it
 * has grown). Inline: a war's attacks add thousands a run. */
static inline int sp_ledger_add(sp_ledger *l, int line, int actor, int other,
                                double size)
{
    if (l->month < 0)
        return SP_OK;
    size_t cell = (size_t)line * (size_t)l->n_actors + (size_t)actor;
    l->count[cell] += 1;
    l->size[cell] += size;
    return l->keep_rows ? sp_ledger_keep_row(l, line, actor, other, size)
                        : SP_OK;
}

/* Total count of violations of `rule` in this run (all acts, actors). */
SP_INTERNAL double sp_ledger_rule_total(const sp_ledger *l, int n_actors,
                                        int rule);

#endif /* SP_LEDGER_H */
