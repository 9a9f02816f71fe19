/*
 * decode.h - typed reading of YAML nodes against the parameter tables.
 *
 * Shared by the scenario sections (scenario_decode.c, scenario_actions.c).
 * Every function reports errors at the offending node, in words a
 * scenario author understands: what was found, what was expected.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_DECODE_H
#define SP_DECODE_H

#include "scenario.h"

typedef struct sp_dctx {
    sp_scenario *s;
    sp_error *err;
} sp_dctx;

/* Require a node of a kind; what names the thing for the message. */
SP_INTERNAL int sp_need_map(sp_dctx *c, const sp_ynode *n, const char *what);
SP_INTERNAL int sp_need_seq(sp_dctx *c, const sp_ynode *n, const char *what);
SP_INTERNAL int sp_need_scalar(sp_dctx *c, const sp_ynode *n,
                               const char *what);

/* Reject keys of map not in comp (with "did you mean"). */
SP_INTERNAL int sp_check_keys(sp_dctx *c, const sp_ynode *map,
                              const sp_component *comp, const char *what);
/* Same for a fixed list of names. */
SP_INTERNAL int sp_check_names(sp_dctx *c, const sp_ynode *map,
                               const char *const *names, size_t n,
                               const char *what);

/* A number, fixed or (if def allows) a distribution, in def's range. */
SP_INTERNAL int sp_decode_value(sp_dctx *c, const sp_ynode *n,
                                const sp_param_def *def, sp_value *out);
/* Set out to def's default (no location). */
SP_INTERNAL void sp_value_default(const sp_param_def *def, sp_value *out);
SP_INTERNAL void sp_value_free(sp_value *v);

SP_INTERNAL int sp_decode_bool(sp_dctx *c, const sp_ynode *n, bool *out);
SP_INTERNAL int sp_decode_int(sp_dctx *c, const sp_ynode *n,
                              const sp_param_def *def, long long *out);
SP_INTERNAL int sp_decode_date(sp_dctx *c, const sp_ynode *n, int *month);
SP_INTERNAL int sp_decode_enum(sp_dctx *c, const sp_ynode *n,
                               const sp_param_def *def, int *out);
/* "a|b|c" as "a, b, c" for messages; returns buf. */
SP_INTERNAL char *sp_choices_text(char *buf, size_t n, const char *choices);
/* "normal(mean=0.5, sd=0.2)", as check and messages show a distribution. */
SP_INTERNAL void sp_put_dist(sp_strbuf *b, const sp_dist *d);
SP_INTERNAL int sp_decode_string(sp_dctx *c, const sp_ynode *n, char **out);
SP_INTERNAL int sp_decode_id(sp_dctx *c, const sp_ynode *n, const char *what,
                             char **out);
/* An actor or group name, or a list of them, expanded into actors. */
SP_INTERNAL int sp_decode_actors(sp_dctx *c, const sp_ynode *n,
                                 sp_alist *out);
SP_INTERNAL void sp_alist_free(sp_alist *a);
/* Resolve one actor or group name to its actors; false if unknown. */
SP_INTERNAL bool sp_lookup_actors(const sp_scenario *s, const char *name,
                                  sp_alist *out, int *err_nomem);

/* Sections decoded in their own files. */
SP_INTERNAL int sp_decode_dyads(sp_dctx *c, const sp_ynode *n);
SP_INTERNAL int sp_decode_events(sp_dctx *c, const sp_ynode *seq);
SP_INTERNAL int sp_decode_packages(sp_dctx *c, const sp_ynode *map);
/* The kind table entry of an action's kind (lever or event). */
SP_INTERNAL const sp_kind_def *sp_action_kind(int kind);
SP_INTERNAL void sp_action_free(sp_action *a);

#endif /* SP_DECODE_H */
