/*
 * ymerge.c - change a YAML tree: extends: merging and --set overrides.
 *
 * Both work on the tree before validation, so a value that came from a
 * base file, an extending file or the command line is checked by the same
 * decoder and, when wrong, reported at its own location (each node keeps
 * its source).
 *
 * Merge rule (docs/SCENARIO.md): maps merge key by key, lists whose items
 * all carry an `id` merge item by item (new ids are appended), anything
 * else is replaced by the extending file's value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ytree.h"

#include <string.h>
#include <strings.h>

/* Free a container whose kids were moved elsewhere. */
static void free_shell(sp_ynode *n)
{
    sp_xfree(n->kids);
    sp_xfree(n->str);
    sp_xfree(n);
}

static bool items_have_ids(const sp_ynode *seq)
{
    for (size_t i = 0; i < seq->n; i++) {
        const sp_ynode *id = sp_ymap_get(seq->kids[i], "id");
        if (!id || id->kind != SP_Y_SCALAR)
            return false;
    }
    return true;
}

static int nomem(sp_error *err)
{
    return sp_error_set(err, SP_ENOMEM, "out of memory");
}

static int merge_maps(sp_ynode *base, sp_ynode *over, sp_error *err)
{
    int rc = SP_OK;
    for (size_t i = 0; i < over->n; i++) {
        sp_ynode *k = sp_ymap_key(over, i), *v = sp_ymap_val(over, i);
        long j = rc ? -1 : sp_ymap_find(base, k->str);
        if (rc) {
            sp_ynode_free(k);
            sp_ynode_free(v);
        } else if (j >= 0) {
            sp_ynode_free(k);
            rc = sp_ymerge(&base->kids[2 * (size_t)j + 1], v, err);
        } else if (!sp_ynode_push(base, k)) {
            sp_ynode_free(k);
            sp_ynode_free(v);
            rc = nomem(err);
        } else if (!sp_ynode_push(base, v)) {
            sp_ynode_free(v);
            base->nkids--; /* drop the orphan key */
            sp_ynode_free(k);
            base->n = base->nkids / 2;
            rc = nomem(err);
        }
    }
    free_shell(over);
    return rc;
}

static int merge_items(sp_ynode *base, sp_ynode *over, sp_error *err)
{
    int rc = SP_OK;
    for (size_t i = 0; i < over->n; i++) {
        sp_ynode *item = over->kids[i];
        long j = rc ? -1 : sp_yseq_find_id(base, sp_ymap_get(item, "id")->str);
        if (rc)
            sp_ynode_free(item);
        else if (j >= 0)
            rc = sp_ymerge(&base->kids[j], item, err);
        else if (!sp_ynode_push(base, item)) {
            sp_ynode_free(item);
            rc = nomem(err);
        }
    }
    free_shell(over);
    return rc;
}

int sp_ymerge(sp_ynode **slot, sp_ynode *over, sp_error *err)
{
    sp_ynode *base = *slot;
    if (base && base->kind == SP_Y_MAP && over->kind == SP_Y_MAP)
        return merge_maps(base, over, err);
    if (base && base->kind == SP_Y_SEQ && over->kind == SP_Y_SEQ &&
        base->n > 0 && over->n > 0 && items_have_ids(base) &&
        items_have_ids(over))
        return merge_items(base, over, err);
    sp_ynode_free(base);
    *slot = over;
    return SP_OK;
}

/* ---- --set ------------------------------------------------------------- */

static void adopt(sp_ynode *n, const sp_ysrc *src)
{
    n->src = src;
    for (size_t i = 0; i < n->nkids; i++)
        adopt(n->kids[i], src);
}

static int set_error(sp_error *err, const sp_ysrc *src, int col,
                     const char *fmt, const char *a, const char *b,
                     const char *hint)
{
    char msg[600];
    snprintf(msg, sizeof msg, fmt, a, b);
    return sp_error_at(err, SP_EINVAL, src->name, src->text, 1, col,
                       "%s%s%s%s", msg, hint ? " (did you mean '" : "",
                       hint ? hint : "", hint ? "'?)" : "");
}

/* Names a "did you mean" can pick from: map keys or item ids. */
static const char *suggest(const sp_ynode *n, const char *word)
{
    const char *cands[256];
    size_t k = 0;
    for (size_t i = 0; i < n->n && k < 256; i++) {
        const sp_ynode *c = n->kind == SP_Y_MAP ? sp_ymap_key(n, i)
                                                : sp_ymap_get(n->kids[i], "id");
        if (c && c->kind == SP_Y_SCALAR)
            cands[k++] = c->str;
    }
    return sp_did_you_mean(word, cands, k);
}

/* An error inside a --set value is shown on the argument's one line:
 * line 1, the column kept within the argument, the whole argument as
 * the source line (a mark past the value's end means its end). */
static void locate_in_argument(sp_error *err, const sp_ysrc *src)
{
    int end = (int)src->len + 1;
    if (!err->file[0])
        return;
    if (err->line != 1 || err->col > end)
        err->col = end;
    if (err->col < 1)
        err->col = 1;
    err->line = 1;
    snprintf(err->source_line, sizeof err->source_line, "%s", src->text);
    for (char *p = err->source_line; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' '; /* one line, so the caret lines up */
}

static int parse_value(const sp_ysrc *src, size_t at, size_t *counter,
                       sp_ynode **out, sp_error *err)
{
    sp_ysrc sub = {.name = src->name, .text = src->text + at,
                   .len = src->len - at};
    int rc = sp_yaml_parse(&sub, (int)at, out, counter, err);
    if (rc == SP_OK && !*out)
        rc = sp_error_at(err, SP_EINVAL, src->name, src->text, 1,
                         (int)at + 1, "missing value after '='");
    if (rc == SP_OK)
        adopt(*out, src);
    else
        locate_in_argument(err, src);
    return rc;
}

/* Put value at seg inside node cur (the last path segment). */
static int set_last(sp_ynode *cur, const sp_ysrc *src, const char *seg,
                    int col, sp_ynode *value, sp_error *err)
{
    if (cur->kind == SP_Y_MAP) {
        long j = sp_ymap_find(cur, seg);
        if (j >= 0) {
            sp_ynode_free(cur->kids[2 * (size_t)j + 1]);
            cur->kids[2 * (size_t)j + 1] = value;
            return SP_OK;
        }
        sp_ynode *k = sp_ynode_new(SP_Y_SCALAR, src, 1, col);
        if (!k || !(k->str = sp_strdup(seg)) || !sp_ynode_push(cur, k)) {
            sp_ynode_free(k);
            sp_ynode_free(value);
            return nomem(err);
        }
        if (!sp_ynode_push(cur, value)) {
            sp_ynode_free(value);
            return nomem(err); /* the dangling key is freed with the tree */
        }
        return SP_OK;
    }
    long j = sp_yseq_find_id(cur, seg);
    if (j < 0) {
        sp_ynode_free(value);
        return set_error(err, src, col, "no item with id '%s'%s", seg, "",
                         suggest(cur, seg));
    }
    sp_ynode_free(cur->kids[j]);
    cur->kids[j] = value;
    return SP_OK;
}

/* One slip apart: one edit, one swap of neighbours, or case only. */
static bool one_slip(const char *a, const char *b)
{
    size_t la = strlen(a), d = 0, first = 0;
    if (sp_edit_distance(a, b) <= 1 || strcasecmp(a, b) == 0)
        return true;
    if (la != strlen(b))
        return false;
    for (size_t i = 0; i < la; i++)
        if (a[i] != b[i] && d++ == 0)
            first = i;
    return d == 2 && a[first] == b[first + 1] && a[first + 1] == b[first];
}

/* An existing key of map one slip from seg, or NULL. */
static const char *slip_of(const sp_ynode *map, const char *seg)
{
    for (size_t i = 0; i < map->n; i++)
        if (one_slip(seg, sp_ymap_key(map, i)->str))
            return sp_ymap_key(map, i)->str;
    return NULL;
}

/* Add seg: {} to map (a section the file does not have yet). */
static sp_ynode *add_map(sp_ynode *map, const sp_ysrc *src, const char *seg,
                         int col, sp_error *err)
{
    sp_ynode *k = sp_ynode_new(SP_Y_SCALAR, src, 1, col);
    sp_ynode *v = sp_ynode_new(SP_Y_MAP, src, 1, col);
    if (k && v && (k->str = sp_strdup(seg)) && sp_ynode_push(map, k)) {
        if (sp_ynode_push(map, v))
            return v;
        k = NULL; /* pushed: freed with the tree */
    }
    sp_ynode_free(k);
    sp_ynode_free(v);
    nomem(err);
    return NULL;
}

/* Step from cur into segment seg; NULL (with err set) if absent. A key
 * missing from a map is created (the decoder checks it later) unless it
 * is one slip from an existing key: then it is taken for a typo. */
static sp_ynode *descend(sp_ynode *cur, const sp_ysrc *src, const char *seg,
                         int col, const char *prefix, sp_error *err)
{
    const char *where = prefix[0] ? prefix : "the scenario";
    if (cur->kind == SP_Y_SCALAR) {
        set_error(err, src, col, "'%s' is a single value; it has no '%s'",
                  prefix, seg, NULL);
        return NULL;
    }
    long j = cur->kind == SP_Y_MAP ? sp_ymap_find(cur, seg)
                                   : sp_yseq_find_id(cur, seg);
    if (j >= 0)
        return cur->kind == SP_Y_MAP ? sp_ymap_val(cur, (size_t)j)
                                     : cur->kids[j];
    if (cur->kind == SP_Y_SEQ) {
        set_error(err, src, col, "no item with id '%s' in '%s'", seg, where,
                  suggest(cur, seg));
        return NULL;
    }
    const char *typo = slip_of(cur, seg);
    if (!typo)
        return add_map(cur, src, seg, col, err);
    set_error(err, src, col, prefix[0] ? "no '%s' in '%s'" : "no '%s' in %s",
              seg, where, typo);
    return NULL;
}

int sp_yset(sp_ynode *root, const sp_ysrc *src, size_t *counter,
            sp_error *err)
{
    const char *arg = src->text;
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg)
        return sp_error_at(err, SP_EINVAL, src->name, src->text, 1, 1,
                           "expected PATH=VALUE, e.g. actors.PRK.milex=3.2e6");
    size_t plen = (size_t)(eq - arg);
    if (plen >= 512)
        return sp_error_at(err, SP_EINVAL, src->name, src->text, 1, 1,
                           "path longer than 511 characters");
    sp_ynode *value = NULL;
    int rc = parse_value(src, plen + 1, counter, &value, err);
    if (rc)
        return rc;
    char path[512], prefix[512] = "";
    memcpy(path, arg, plen);
    path[plen] = '\0';
    sp_ynode *cur = root;
    size_t start = 0;
    for (;;) {
        size_t end = start + strcspn(path + start, ".");
        bool last = path[end] == '\0';
        path[end] = '\0';
        const char *seg = path + start;
        int col = (int)start + 1;
        if (!seg[0]) {
            sp_ynode_free(value);
            return sp_error_at(err, SP_EINVAL, src->name, src->text, 1, col,
                               "empty path segment");
        }
        if (last && cur->kind != SP_Y_SCALAR)
            return set_last(cur, src, seg, col, value, err);
        sp_ynode *next = last ? NULL
                              : descend(cur, src, seg, col, prefix, err);
        if (last)
            set_error(err, src, col, "'%s' is a single value; it has no '%s'",
                      prefix, seg, NULL);
        if (!next) {
            sp_ynode_free(value);
            return err->code ? err->code : SP_EINVAL; /* ENOMEM from add_map */
        }
        memcpy(prefix, path, end + 1); /* "a.b" so far */
        path[end] = '.';
        cur = next;
        start = end + 1;
    }
}
