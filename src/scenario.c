/*
 * scenario.c - load a scenario: read files, follow extends:, apply --set,
 * hash, decode, and index every value by its path.
 *
 * The hash identifies the scenario as the model sees it: the text of
 * every file of the extends chain (base first) and every --set argument,
 * each length-prefixed; not the file names, so a copied scenario keeps
 * its identity.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "decode.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_EXTENDS 8


static sp_ysrc *add_source(sp_scenario *s, const char *name, char *text,
                           size_t len)
{
    sp_ysrc *src = sp_calloc(1, sizeof *src);
    if (!src || !(src->name = sp_strdup(name))) {
        sp_xfree(src);
        sp_xfree(text);
        return NULL;
    }
    src->text = text;
    src->len = len;
    sp_ysrc **tail = &s->sources;
    while (*tail)
        tail = &(*tail)->next;
    *tail = src;
    return src;
}

static int read_file(const char *path, char **text, size_t *len,
                     sp_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sp_error_at(err, SP_EIO, path, NULL, 0, 0, "cannot read: %s",
                           strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        fclose(f);
        return sp_error_at(err, SP_EIO, path, NULL, 0, 0,
                           "cannot read: not a regular file");
    }
    if (st.st_size > (off_t)SP_YAML_MAX_BYTES) {
        fclose(f);
        return sp_error_at(err, SP_ELIMIT, path, NULL, 0, 0,
                           "file is %lld bytes; a scenario may be at most %u",
                           (long long)st.st_size, SP_YAML_MAX_BYTES);
    }
    char *buf = sp_malloc((size_t)st.st_size + 1);
    if (!buf) {
        fclose(f);
        return sp_error_set(err, SP_ENOMEM, "out of memory reading %s", path);
    }
    size_t n = fread(buf, 1, (size_t)st.st_size, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        sp_xfree(buf);
        return sp_error_at(err, SP_EIO, path, NULL, 0, 0, "read error");
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return SP_OK;
}

static void map_remove(sp_ynode *m, const char *key)
{
    long i = sp_ymap_find(m, key);
    if (i < 0)
        return;
    sp_ynode_free(m->kids[2 * i]);
    sp_ynode_free(m->kids[2 * i + 1]);
    memmove(&m->kids[2 * i], &m->kids[2 * i + 2],
            (m->nkids - 2 * (size_t)i - 2) * sizeof *m->kids);
    m->nkids -= 2;
    m->n--;
}

typedef struct chain {
    sp_scenario *s;
    size_t counter;
    char *paths[MAX_EXTENDS + 1];
    int depth;
    sp_error *err;
} chain;

static int load_tree(chain *ch, const char *name, char *text, size_t len,
                     sp_ynode **out);

/* Resolve extends relative to the extending file's directory. */
static int load_base(chain *ch, const sp_ynode *ext, const char *from,
                     sp_ynode **base)
{
    if (ext->kind != SP_Y_SCALAR || !ext->str[0])
        return sp_yerr(ch->err, ext, "extends: expected a file name");
    if (ch->depth >= MAX_EXTENDS)
        return sp_yerr(ch->err, ext, "extends: chain deeper than %d files",
                       MAX_EXTENDS);
    char dir[PATH_MAX], path[PATH_MAX], real[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", from);
    if (ext->str[0] == '/')
        snprintf(path, sizeof path, "%s", ext->str);
    else
        snprintf(path, sizeof path, "%s/%s", dirname(dir), ext->str);
    if (!realpath(path, real))
        return sp_yerr(ch->err, ext, "extends: cannot read '%s': %s", path,
                       strerror(errno));
    for (int i = 0; i < ch->depth; i++)
        if (ch->paths[i] && !strcmp(ch->paths[i], real))
            return sp_yerr(ch->err, ext, "extends: '%s' is already in the "
                           "chain (a cycle)", ext->str);
    char *text;
    size_t len;
    sp_error sub = {0};
    int rc = read_file(path, &text, &len, &sub);
    if (rc)
        return sp_yerr(ch->err, ext, "extends: %s", sub.message);
    return load_tree(ch, path, text, len, base);
}

static int load_tree(chain *ch, const char *name, char *text, size_t len,
                     sp_ynode **out)
{
    *out = NULL;
    sp_ysrc *src = add_source(ch->s, name, text, len);
    if (!src)
        return sp_error_set(ch->err, SP_ENOMEM, "out of memory");
    char real[PATH_MAX];
    ch->paths[ch->depth] = realpath(name, real) ? sp_strdup(real) : NULL;
    ch->depth++;
    sp_ynode *tree;
    int rc = sp_yaml_parse(src, 0, &tree, &ch->counter, ch->err);
    const sp_ynode *ext = !rc && tree && tree->kind == SP_Y_MAP
                              ? sp_ymap_get(tree, "extends") : NULL;
    if (rc || !ext) {
        *out = tree;
        return rc;
    }
    sp_ynode *base = NULL;
    rc = load_base(ch, ext, name, &base);
    if (!rc && (!base || base->kind != SP_Y_MAP))
        rc = sp_yerr(ch->err, ext, "extends: the base scenario is not a "
                     "mapping");
    map_remove(tree, "extends"); /* frees ext */
    if (rc) {
        sp_ynode_free(base);
        sp_ynode_free(tree);
        return rc;
    }
    rc = sp_ymerge(&base, tree, ch->err);
    *out = base;
    return rc;
}

static int apply_sets(chain *ch, sp_ynode *root, const char *const *sets,
                      size_t n_sets)
{
    for (size_t i = 0; i < n_sets; i++) {
        char *copy = sp_strdup(sets[i]);
        sp_ysrc *src = copy ? add_source(ch->s, "--set", copy, strlen(copy))
                            : NULL;
        if (!src)
            return sp_error_set(ch->err, SP_ENOMEM, "out of memory");
        int rc = sp_yset(root, src, &ch->counter, ch->err);
        if (rc)
            return rc;
    }
    return SP_OK;
}

static int hash_and_keep_text(sp_scenario *s, sp_error *err)
{
    sp_sha256 h;
    sp_sha256_init(&h);
    sp_strbuf text;
    sp_strbuf_init(&text);
    for (const sp_ysrc *src = s->sources; src; src = src->next) {
        bool is_set = !strcmp(src->name, "--set");
        char head[64];
        int n = snprintf(head, sizeof head, "%s %zu\n", is_set ? "set" : "file",
                         src->len);
        sp_sha256_update(&h, head, (size_t)n);
        sp_sha256_update(&h, src->text, src->len);
        sp_strbuf_printf(&text, "# spiral: %s %s\n", is_set ? "--set" : "file",
                         is_set ? src->text : src->name);
        if (!is_set)
            sp_strbuf_add(&text, src->text, src->len);
    }
    sp_sha256_hex(&h, s->sha256);
    s->text = sp_strbuf_take(&text);
    return s->text ? SP_OK : sp_error_set(err, SP_ENOMEM, "out of memory");
}

static int load(const char *name, char *text, size_t len,
                const char *const *sets, size_t n_sets, sp_scenario **out,
                sp_error *err)
{
    *out = NULL;
    sp_lib_init();
    sp_scenario *s = sp_calloc(1, sizeof *s);
    if (!s) {
        sp_xfree(text);
        return sp_error_set(err, SP_ENOMEM, "out of memory");
    }
    chain ch = {.s = s, .err = err};
    sp_ynode *root = NULL;
    int rc = load_tree(&ch, name, text, len, &root);
    if (!rc && (!root || root->kind != SP_Y_MAP))
        rc = root ? sp_yerr(err, root, "a scenario is a mapping of keys "
                            "(spiral, name, actors, ...), found %s",
                            sp_ynode_kind_name(root))
                  : sp_error_at(err, SP_EINVAL, name, NULL, 0, 0,
                                "the scenario is empty");
    if (!rc)
        rc = apply_sets(&ch, root, sets, n_sets);
    if (!rc)
        rc = hash_and_keep_text(s, err);
    if (!rc)
        rc = sp_scenario_decode(s, root, err);
    if (!rc)
        rc = sp_scenario_build_registry(s, err);
    s->tree = root; /* kept: sources and names point into it */
    for (int i = 0; i < ch.depth; i++)
        sp_xfree(ch.paths[i]);
    if (rc) {
        sp_scenario_free(s);
        return rc;
    }
    *out = s;
    return SP_OK;
}

int sp_scenario_load(const char *path, const char *const *sets,
                     size_t n_sets, sp_scenario **out, sp_error *err)
{
    char *text;
    size_t len;
    *out = NULL;
    int rc = read_file(path, &text, &len, err);
    return rc ? rc : load(path, text, len, sets, n_sets, out, err);
}

int sp_scenario_load_text(const char *name, const char *text, size_t len,
                          const char *const *sets, size_t n_sets,
                          sp_scenario **out, sp_error *err)
{
    *out = NULL;
    char *copy = sp_strndup(text, len);
    if (!copy)
        return sp_error_set(err, SP_ENOMEM, "out of memory");
    return load(name, copy, len, sets, n_sets, out, err);
}

static void free_package(sp_package *p)
{
    for (size_t i = 0; i < p->n_levers; i++)
        sp_action_free(&p->levers[i]);
    sp_xfree(p->levers);
    for (size_t i = 0; i < p->n_mix; i++)
        sp_xfree(p->mix_names[i]);
    sp_xfree(p->mix_names);
    sp_xfree(p->mix_weights);
    sp_xfree(p->name);
    sp_xfree(p->description);
}

static void free_values(sp_value *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        sp_value_free(&v[i]);
}

void sp_scenario_free(sp_scenario *s)
{
    if (!s)
        return;
    size_t nn = s->n_actors * s->n_actors;
    for (size_t i = 0; i < s->n_actors; i++) {
        sp_xfree(s->actors[i].name);
        free_values(s->actors[i].attr, SP_ACTOR_NATTR);
    }
    sp_xfree(s->actors);
    for (size_t i = 0; i < s->n_groups; i++)
        sp_alist_free(&s->groups[i].members);
    sp_xfree(s->groups);
    for (size_t a = 0; a < SP_D_TREATY; a++) {
        free_values(s->dyad[a], nn);
        sp_xfree(s->dyad[a]);
    }
    free_values(s->treaty_rel, nn);
    sp_xfree(s->treaty_rel);
    sp_xfree(s->treaty_type);
    for (size_t c = 0; c < sp_n_param_components; c++) {
        free_values(s->params[c], sp_param_components[c]->n_params);
        sp_xfree(s->params[c]);
    }
    for (size_t i = 0; i < s->n_flashpoints; i++) {
        sp_xfree(s->flashpoints[i].name);
        sp_xfree(s->flashpoints[i].pairs);
    }
    sp_xfree(s->flashpoints);
    for (size_t i = 0; i < s->n_wars; i++) {
        sp_xfree(s->wars[i].id);
        sp_alist_free(&s->wars[i].side[0]);
        sp_alist_free(&s->wars[i].side[1]);
    }
    sp_xfree(s->wars);
    free_values(s->time, SP_TIME_NATTR);
    for (size_t i = 0; i < s->n_events; i++)
        sp_action_free(&s->events[i]);
    sp_xfree(s->events);
    for (size_t i = 0; i < s->n_packages; i++)
        free_package(&s->packages[i]);
    sp_xfree(s->packages);
    for (size_t i = 0; i < s->n_entries; i++)
        sp_xfree(s->entries[i].path);
    sp_xfree(s->entries);
    for (size_t i = 0; i < s->n_warnings; i++)
        sp_xfree(s->warnings[i]);
    sp_xfree(s->warnings);
    sp_ynode_free(s->tree);
    while (s->sources) {
        sp_ysrc *next = s->sources->next;
        sp_xfree(s->sources->name);
        sp_xfree(s->sources->text);
        sp_xfree(s->sources);
        s->sources = next;
    }
    sp_xfree(s->name);
    sp_xfree(s->title);
    sp_xfree(s->description);
    sp_xfree(s->text);
    sp_xfree(s);
}

/* ---- accessors ---------------------------------------------------------- */

const char *sp_scenario_name(const sp_scenario *s) { return s->name; }
const char *sp_scenario_sha256(const sp_scenario *s) { return s->sha256; }
const char *sp_scenario_text(const sp_scenario *s) { return s->text; }
size_t sp_scenario_n_actors(const sp_scenario *s) { return s->n_actors; }
size_t sp_scenario_n_packages(const sp_scenario *s) { return s->n_packages; }
size_t sp_scenario_n_events(const sp_scenario *s) { return s->n_events; }

const char *sp_scenario_actor_id(const sp_scenario *s, size_t i)
{
    return i < s->n_actors ? s->actors[i].id : NULL;
}

const char *sp_scenario_package_name(const sp_scenario *s, size_t i)
{
    return i < s->n_packages ? s->packages[i].name : NULL;
}

bool sp_value_uncertain(const sp_value *v)
{
    return v->dist != NULL;
}

size_t sp_scenario_n_uncertain(const sp_scenario *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_entries; i++)
        n += sp_value_uncertain(s->entries[i].val);
    return n;
}

const char *sp_scenario_uncertain_path(const sp_scenario *s, size_t k)
{
    for (size_t i = 0; i < s->n_entries; i++)
        if (sp_value_uncertain(s->entries[i].val) && k-- == 0)
            return s->entries[i].path;
    return NULL;
}
