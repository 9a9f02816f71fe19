/*
 * ytree.c - build a located tree from libyaml events, with bounds.
 *
 * libyaml's event API gives each event a start mark (0-based line and
 * column); we keep them 1-based on every node. Aliases are expanded by
 * deep copy, counted against SP_YAML_MAX_ALIASES and the total node bound,
 * so a "billion laughs" file stops with a located message instead of
 * eating memory. Nesting is bounded by SP_YAML_MAX_DEPTH.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ytree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct anchor {
    char *name;
    sp_ynode *node;
    bool open; /* still being built: an alias to it would be recursive */
} anchor;

typedef struct builder {
    const sp_ysrc *src;
    int col_offset;
    size_t *counter;
    sp_error *err;
    sp_ynode *stack[SP_YAML_MAX_DEPTH + 1];
    yaml_mark_t opened[SP_YAML_MAX_DEPTH + 1]; /* where each was opened */
    bool flow[SP_YAML_MAX_DEPTH + 1];          /* opened by '[' or '{' */
    int depth;
    sp_ynode *root;
    anchor anchors[SP_YAML_MAX_ALIASES * 4];
    size_t n_anchors;
    size_t n_aliases;
} builder;

sp_ynode *sp_ynode_new(sp_ykind kind, const sp_ysrc *src, int line, int col)
{
    sp_ynode *n = sp_calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->kind = kind;
    n->src = src;
    n->line = line;
    n->col = col;
    return n;
}

void sp_ynode_free(sp_ynode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->nkids; i++)
        sp_ynode_free(n->kids[i]);
    sp_xfree(n->kids);
    sp_xfree(n->str);
    sp_xfree(n);
}

static bool grow(sp_ynode *p, size_t need)
{
    if (need <= p->cap)
        return true;
    size_t cap = p->cap ? p->cap * 2 : 8;
    while (cap < need)
        cap *= 2;
    sp_ynode **k = sp_realloc(p->kids, cap * sizeof *k);
    if (!k)
        return false;
    p->kids = k;
    p->cap = cap;
    return true;
}

/* For maps, kids are pushed key then value; n counts complete pairs. */
bool sp_ynode_push(sp_ynode *p, sp_ynode *kid)
{
    if (!grow(p, p->nkids + 1))
        return false;
    p->kids[p->nkids++] = kid;
    p->n = p->kind == SP_Y_MAP ? p->nkids / 2 : p->nkids;
    return true;
}

int sp_yerr(sp_error *err, const sp_ynode *n, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!n)
        return sp_error_set(err, SP_EINVAL, "%s", msg);
    return sp_error_at(err, SP_EINVAL, n->src ? n->src->name : "",
                       n->src ? n->src->text : NULL, n->line, n->col, "%s",
                       msg);
}

static int berr(builder *b, int code, yaml_mark_t m, const char *fmt, ...)
    SP_PRINTF(4, 5);
static int berr(builder *b, int code, yaml_mark_t m, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sp_error_at(b->err, code, b->src->name, b->src->text,
                       (int)m.line + 1, (int)m.column + 1 + b->col_offset,
                       "%s", msg);
}

static bool count_node(builder *b)
{
    if (!b->counter)
        return true;
    return ++*b->counter <= SP_YAML_MAX_NODES;
}

static sp_ynode *copy_tree(builder *b, const sp_ynode *n, int line, int col)
{
    if (!count_node(b))
        return NULL;
    sp_ynode *c = sp_ynode_new(n->kind, n->src, line, col);
    if (!c)
        return NULL;
    c->plain = n->plain;
    if (n->str && !(c->str = sp_strdup(n->str)))
        goto fail;
    for (size_t i = 0; i < n->nkids; i++) {
        sp_ynode *k = copy_tree(b, n->kids[i], n->kids[i]->line,
                                n->kids[i]->col);
        if (!k || !sp_ynode_push(c, k)) {
            sp_ynode_free(k);
            goto fail;
        }
    }
    return c;
fail:
    sp_ynode_free(c);
    return NULL;
}

/* Attach a finished node to the open container (or make it the root). */
static int attach(builder *b, sp_ynode *n, yaml_mark_t m)
{
    if (b->depth == 0) {
        b->root = n;
        return SP_OK;
    }
    sp_ynode *p = b->stack[b->depth - 1];
    if (p->kind == SP_Y_MAP && p->nkids % 2 == 0 && n->kind != SP_Y_SCALAR) {
        int rc = sp_yerr(b->err, n, "a mapping key must be a plain value, "
                         "not a %s", n->kind == SP_Y_MAP ? "mapping" : "list");
        sp_ynode_free(n);
        return rc;
    }
    if (!sp_ynode_push(p, n)) {
        sp_ynode_free(n);
        return sp_error_set(b->err, SP_ENOMEM, "out of memory reading %s",
                            b->src->name);
    }
    return SP_OK;
}

static int remember_anchor(builder *b, const yaml_char_t *name, sp_ynode *n,
                           yaml_mark_t m)
{
    if (!name)
        return SP_OK;
    if (b->n_anchors == sizeof b->anchors / sizeof b->anchors[0])
        return berr(b, SP_ELIMIT, m, "too many anchors (at most %zu)",
                    sizeof b->anchors / sizeof b->anchors[0]);
    anchor *a = &b->anchors[b->n_anchors];
    if (!(a->name = sp_strdup((const char *)name)))
        return sp_error_set(b->err, SP_ENOMEM, "out of memory");
    a->node = n;
    a->open = n->kind != SP_Y_SCALAR;
    b->n_anchors++;
    return SP_OK;
}

static int on_alias(builder *b, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    if (++b->n_aliases > SP_YAML_MAX_ALIASES)
        return berr(b, SP_ELIMIT, ev->start_mark,
                    "too many aliases (at most %d)", SP_YAML_MAX_ALIASES);
    for (size_t i = b->n_anchors; i-- > 0;) {
        anchor *a = &b->anchors[i];
        if (strcmp(a->name, name) != 0)
            continue;
        if (a->open)
            return berr(b, SP_EINVAL, ev->start_mark,
                        "alias '*%s' refers to a node that contains it", name);
        sp_ynode *c = copy_tree(b, a->node, (int)ev->start_mark.line + 1,
                                (int)ev->start_mark.column + 1 + b->col_offset);
        if (!c)
            return b->counter && *b->counter > SP_YAML_MAX_NODES
                       ? berr(b, SP_ELIMIT, ev->start_mark,
                              "aliases expand to more than %u nodes",
                              SP_YAML_MAX_NODES)
                       : sp_error_set(b->err, SP_ENOMEM, "out of memory");
        return attach(b, c, ev->start_mark);
    }
    return berr(b, SP_EINVAL, ev->start_mark, "unknown alias '*%s'", name);
}

static int on_scalar(builder *b, const yaml_event_t *ev)
{
    yaml_mark_t m = ev->start_mark;
    if (!count_node(b))
        return berr(b, SP_ELIMIT, m, "more than %u nodes", SP_YAML_MAX_NODES);
    sp_ynode *n = sp_ynode_new(SP_Y_SCALAR, b->src, (int)m.line + 1,
                               (int)m.column + 1 + b->col_offset);
    if (!n || !(n->str = sp_strndup((const char *)ev->data.scalar.value,
                                    ev->data.scalar.length))) {
        sp_ynode_free(n);
        return sp_error_set(b->err, SP_ENOMEM, "out of memory");
    }
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    int rc = remember_anchor(b, ev->data.scalar.anchor, n, m);
    if (rc) {
        sp_ynode_free(n);
        return rc;
    }
    return attach(b, n, m);
}

static int on_open(builder *b, const yaml_event_t *ev, sp_ykind kind,
                   const yaml_char_t *anchor_name)
{
    yaml_mark_t m = ev->start_mark;
    if (b->depth >= SP_YAML_MAX_DEPTH)
        return berr(b, SP_ELIMIT, m, "nesting deeper than %d levels",
                    SP_YAML_MAX_DEPTH);
    if (!count_node(b))
        return berr(b, SP_ELIMIT, m, "more than %u nodes", SP_YAML_MAX_NODES);
    sp_ynode *n = sp_ynode_new(kind, b->src, (int)m.line + 1,
                               (int)m.column + 1 + b->col_offset);
    if (!n)
        return sp_error_set(b->err, SP_ENOMEM, "out of memory");
    int rc = remember_anchor(b, anchor_name, n, m);
    if (rc) {
        sp_ynode_free(n);
        return rc;
    }
    b->opened[b->depth] = m;
    b->flow[b->depth] = kind == SP_Y_SEQ
        ? ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
        : ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
    b->stack[b->depth++] = n;
    return SP_OK;
}

static int cmp_keys(const void *a, const void *b)
{
    const sp_ynode *x = *(const sp_ynode *const *)a;
    const sp_ynode *y = *(const sp_ynode *const *)b;
    int c = strcmp(x->str, y->str);
    if (c)
        return c;
    return x->line != y->line ? x->line - y->line : x->col - y->col;
}

/* "000" is a key when 1,000,000 is written inside {...}. */
static bool digits_only(const char *s)
{
    return s[0] && strspn(s, "0123456789") == strlen(s);
}

/* Duplicate keys are an error (YAML says so; libyaml does not check). */
static int check_duplicates(builder *b, const sp_ynode *map)
{
    if (map->n < 2)
        return SP_OK;
    sp_ynode **keys = sp_malloc(map->n * sizeof *keys);
    if (!keys)
        return sp_error_set(b->err, SP_ENOMEM, "out of memory");
    for (size_t i = 0; i < map->n; i++)
        keys[i] = sp_ymap_key(map, i);
    qsort(keys, map->n, sizeof *keys, cmp_keys);
    int rc = SP_OK;
    for (size_t i = 1; i < map->n && !rc; i++)
        if (strcmp(keys[i - 1]->str, keys[i]->str) == 0)
            rc = sp_yerr(b->err, keys[i], "duplicate key '%s' (first at line "
                         "%d)%s", keys[i]->str, keys[i - 1]->line,
                         digits_only(keys[i]->str) ? ": inside {...} a ',' "
                         "separates entries, so write numbers without ','"
                         : "");
    sp_xfree(keys);
    return rc;
}

static int on_close(builder *b, const yaml_event_t *ev)
{
    sp_ynode *n = b->stack[--b->depth];
    for (size_t i = 0; i < b->n_anchors; i++)
        if (b->anchors[i].node == n)
            b->anchors[i].open = false;
    if (n->kind == SP_Y_MAP) {
        int rc = check_duplicates(b, n);
        if (rc) {
            sp_ynode_free(n);
            return rc;
        }
    }
    return attach(b, n, ev->start_mark);
}

static int on_event(builder *b, const yaml_event_t *ev, bool *done)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT: return on_scalar(b, ev);
    case YAML_ALIAS_EVENT: return on_alias(b, ev);
    case YAML_SEQUENCE_START_EVENT:
        return on_open(b, ev, SP_Y_SEQ, ev->data.sequence_start.anchor);
    case YAML_MAPPING_START_EVENT:
        return on_open(b, ev, SP_Y_MAP, ev->data.mapping_start.anchor);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: return on_close(b, ev);
    case YAML_DOCUMENT_START_EVENT:
        if (b->root)
            return berr(b, SP_EINVAL, ev->start_mark,
                        "more than one YAML document (a scenario is one "
                        "document)");
        return SP_OK;
    case YAML_STREAM_END_EVENT: *done = true; return SP_OK;
    default: return SP_OK;
    }
}

/* Only blanks before offset i on its line: i is in the indentation. */
static bool in_indentation(const char *text, size_t i)
{
    while (i > 0 && text[i - 1] != '\n') {
        if (text[i - 1] != ' ' && text[i - 1] != '\t')
            return false;
        i--;
    }
    return true;
}

/* libyaml gave up at the end of the text: point at what was left open
 * (the innermost '[' or '{', else the construct libyaml names), since a
 * mark past the last line shows the author nothing. */
static int error_at_end(builder *b, const yaml_parser_t *p)
{
    const char *text = b->src->text;
    const char *problem = p->problem ? p->problem : "unexpected end";
    for (int d = b->depth; d-- > 0;)
        if (b->flow[d])
            return berr(b, SP_EINVAL, b->opened[d], "YAML syntax error: this "
                        "'%c' is never closed (%s)",
                        b->stack[d]->kind == SP_Y_SEQ ? '[' : '{', problem);
    yaml_mark_t cm = p->context_mark;
    if (!p->context || cm.index >= b->src->len)
        return berr(b, SP_EINVAL, p->problem_mark, "YAML syntax error: %s%s%s",
                    problem, p->context ? " " : "",
                    p->context ? p->context : "");
    char ch = text[cm.index];
    if (ch == '"' || ch == '\'')
        return berr(b, SP_EINVAL, cm, "YAML syntax error: this quoted text "
                    "is never closed (%s)", problem);
    return berr(b, SP_EINVAL, cm, "YAML syntax error: %s %s", problem,
                p->context);
}

static int parser_error(builder *b, const yaml_parser_t *p)
{
    yaml_mark_t m = p->problem_mark;
    if (p->error == YAML_MEMORY_ERROR)
        return sp_error_set(b->err, SP_ENOMEM, "out of memory parsing %s",
                            b->src->name);
    if (m.index < b->src->len && b->src->text[m.index] == '\t' &&
        in_indentation(b->src->text, m.index))
        return berr(b, SP_EINVAL, m, "a tab cannot indent YAML; indent with "
                    "spaces");
    if (m.index >= b->src->len)
        return error_at_end(b, p);
    if (p->context)
        return berr(b, SP_EINVAL, m, "YAML syntax error: %s %s",
                    p->problem ? p->problem : "error", p->context);
    return berr(b, SP_EINVAL, m, "YAML syntax error: %s",
                p->problem ? p->problem : "unreadable input");
}

static void builder_free(builder *b)
{
    while (b->depth > 0)
        sp_ynode_free(b->stack[--b->depth]);
    for (size_t i = 0; i < b->n_anchors; i++)
        sp_xfree(b->anchors[i].name);
}

int sp_yaml_parse(const sp_ysrc *src, int col_offset, sp_ynode **root,
                  size_t *counter, sp_error *err)
{
    *root = NULL;
    if (src->len > SP_YAML_MAX_BYTES)
        return sp_error_at(err, SP_ELIMIT, src->name, NULL, 0, 0,
                           "file is %zu bytes; a scenario may be at most %u",
                           src->len, SP_YAML_MAX_BYTES);
    if (memchr(src->text, '\0', src->len))
        return sp_error_at(err, SP_EINVAL, src->name, NULL, 0, 0,
                           "file contains a NUL byte: not a text file");
    builder b = {.src = src, .col_offset = col_offset, .counter = counter,
                 .err = err};
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return sp_error_set(err, SP_ENOMEM, "out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)src->text,
                                 src->len);
    int rc = SP_OK;
    for (bool done = false; !done && !rc;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            rc = parser_error(&b, &p);
            break;
        }
        rc = on_event(&b, &ev, &done);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    builder_free(&b);
    if (rc) {
        sp_ynode_free(b.root);
        return rc;
    }
    *root = b.root;
    return SP_OK;
}

/* ---- access ------------------------------------------------------------ */

long sp_ymap_find(const sp_ynode *m, const char *key)
{
    if (!m || m->kind != SP_Y_MAP)
        return -1;
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(sp_ymap_key(m, i)->str, key) == 0)
            return (long)i;
    return -1;
}

sp_ynode *sp_ymap_get(const sp_ynode *m, const char *key)
{
    long i = sp_ymap_find(m, key);
    return i < 0 ? NULL : sp_ymap_val(m, (size_t)i);
}

long sp_yseq_find_id(const sp_ynode *s, const char *id)
{
    if (!s || s->kind != SP_Y_SEQ)
        return -1;
    for (size_t i = 0; i < s->n; i++) {
        const sp_ynode *v = sp_ymap_get(s->kids[i], "id");
        if (v && v->kind == SP_Y_SCALAR && strcmp(v->str, id) == 0)
            return (long)i;
    }
    return -1;
}

const char *sp_ynode_kind_name(const sp_ynode *n)
{
    if (!n)
        return "nothing";
    switch (n->kind) {
    case SP_Y_MAP: return "a mapping";
    case SP_Y_SEQ: return "a list";
    default: return sp_ynode_is_null(n) ? "an empty value" : "a scalar";
    }
}

bool sp_ynode_is_null(const sp_ynode *n)
{
    return n && n->kind == SP_Y_SCALAR && n->plain &&
           (!n->str[0] || !strcmp(n->str, "~") || !strcmp(n->str, "null"));
}
