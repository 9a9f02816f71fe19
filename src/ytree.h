/*
  * ytree.h - a small located YAML tree on top of libyaml's event parser.
 *
 * Why not yaml_parser_load: we need hard bounds (size, depth, aliases,
 * total nodes after alias expansion) with located messages, duplicate-key
 * errors, trees that merge (extends:) and take --set overrides, and every
 * node keeping the file it came from so an error points at the right
 * file:line:col even after merging.
 *
 * Scalars keep their text; the decoder (scenario.c) gives them types,
 * because only it knows whether "2024-12" is a date or a string.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_YTREE_H
#define SP_YTREE_H

#include "internal.h"

#define SP_YAML_MAX_BYTES (4u << 20)
#define SP_YAML_MAX_DEPTH 64
#define SP_YAML_MAX_ALIASES 64
#define SP_YAML_MAX_NODES 1000000u

/* One text a node can come from: a scenario file or a --set argument. */
typedef struct sp_ysrc {
    char *name; /* as shown in errors: "scenarios/x.yaml", "--set" */
    char *text; /* whole text, NUL-terminated */
    size_t len;
    struct sp_ysrc *next;
} sp_ysrc;

typedef enum sp_ykind { SP_Y_SCALAR, SP_Y_SEQ, SP_Y_MAP } sp_ykind;

typedef struct sp_ynode {
    sp_ykind kind;
    int line, col;        /* 1-based */
    const sp_ysrc *src;
    char *str;            /* scalar text */
    bool plain;           /* plain (unquoted) scalar: may be a number/bool */
    size_t n;             /* seq: items; map: complete pairs */
    size_t nkids;         /* entries used in kids */
    size_t cap;
    struct sp_ynode **kids; /* seq: n items; map: 2n (key, value, ...) */
} sp_ynode;

/* Parse src->text into a tree. counter (may be NULL) accumulates node
 * counts across several parses (extends chains) against the bound. */
SP_INTERNAL int sp_yaml_parse(const sp_ysrc *src, int col_offset,
                              sp_ynode **root, size_t *counter,
                              sp_error *err);
SP_INTERNAL void sp_ynode_free(sp_ynode *n);
SP_INTERNAL sp_ynode *sp_ynode_new(sp_ykind kind, const sp_ysrc *src,
                                   int line, int col);
/* Append a child (seq) or a key/value pair (map). false on no memory. */
SP_INTERNAL bool sp_ynode_push(sp_ynode *parent, sp_ynode *kid);

/* Map access. */
static inline sp_ynode *sp_ymap_key(const sp_ynode *m, size_t i)
{
    return m->kids[2 * i];
}
static inline sp_ynode *sp_ymap_val(const sp_ynode *m, size_t i)
{
    return m->kids[2 * i + 1];
}
SP_INTERNAL sp_ynode *sp_ymap_get(const sp_ynode *m, const char *key);
SP_INTERNAL long sp_ymap_find(const sp_ynode *m, const char *key);
/* In a seq of maps, the item whose `id` scalar equals id. */
SP_INTERNAL long sp_yseq_find_id(const sp_ynode *s, const char *id);
SP_INTERNAL const char *sp_ynode_kind_name(const sp_ynode *n);
/* A null scalar: ~, null, or empty plain. */
SP_INTERNAL bool sp_ynode_is_null(const sp_ynode *n);

/* Located error at a node. */
SP_INTERNAL int sp_yerr(sp_error *err, const sp_ynode *n, const char *fmt,
                        ...) SP_PRINTF(3, 4);

/* Merge over onto *slot (extends:): maps key by key, lists of id'd items
 * by id, anything else replaced. Consumes over. */
SP_INTERNAL int sp_ymerge(sp_ynode **slot, sp_ynode *over, sp_error *err);

/* Apply one --set "PATH=VALUE" to the tree. src holds the argument text;
 * the caller owns src and keeps it alive as long as the tree. */
SP_INTERNAL int sp_yset(sp_ynode *root, const sp_ysrc *src, size_t *counter,
                        sp_error *err);

#endif /* SP_YTREE_H */
