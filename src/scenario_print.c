/*
 * scenario_print.c - what `spiral check` shows, and the resolved
 * parameters stored with every result.
 *
 * Every value is printed with its path (the one --set takes), its unit
 * and where it came from: the scenario's own `source:` text, else the
 * file and line it was written on, else "default" with the parameter
 * table's citation. An analyst must be able to trace every number.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "decode.h"

#include <stdio.h>
#include <string.h>


static void put_num(sp_strbuf *b, double v)
{
    sp_strbuf_double(b, v, 6);
}

/* "s" when n is not 1: "1 lever", "2 levers". */
static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/* A unit after a value: "years", but "1 year" (a plural first word loses
 * its s: "1 exercise/yr"; "1 thousand persons" stays). */
static void put_unit(sp_strbuf *b, const char *unit, double v)
{
    size_t word = strspn(unit, "abcdefghijklmnopqrstuvwxyz");
    bool one = v == 1 && word > 1 && unit[word - 1] == 's' &&
               (unit[word] == '\0' || unit[word] == '/');
    sp_strbuf_printf(b, " %.*s%s", (int)(one ? word - 1 : word), unit,
                     unit + word);
}

static void put_source(sp_strbuf *b, const sp_entry *e)
{
    const sp_value *v = e->val;
    if (v->source)
        sp_strbuf_puts(b, v->source);
    else if (v->file)
        sp_strbuf_printf(b, "%s:%d", v->file->name, v->line);
    else
        sp_strbuf_printf(b, "default%s%s", e->def->citation ? "; " : "",
                         e->def->citation ? e->def->citation : "");
}

static void put_value(sp_strbuf *b, const sp_entry *e)
{
    char m[16];
    if (e->def->type == SP_PT_DATE)
        sp_strbuf_puts(b, sp_fmt_month(m, sizeof m, (int)e->val->v));
    else if (e->def->type == SP_PT_BOOL)
        sp_strbuf_puts(b, e->val->v ? "true" : "false");
    else
        put_num(b, e->val->v);
}

static void text_entry(sp_strbuf *b, const sp_entry *e)
{
    sp_strbuf_printf(b, "  %-44s ", e->path);
    put_value(b, e);
    if (e->unit && e->def->type != SP_PT_DATE)
        put_unit(b, e->unit, e->val->v);
    if (e->val->dist) {
        sp_strbuf_puts(b, "  ~ ");
        sp_put_dist(b, e->val->dist);
    }
    sp_strbuf_puts(b, "  [");
    put_source(b, e);
    sp_strbuf_puts(b, "]\n");
}

static void text_alist(sp_strbuf *b, const sp_scenario *s, const sp_alist *a)
{
    for (size_t i = 0; i < a->n; i++)
        sp_strbuf_printf(b, "%s%s", i ? "," : "", s->actors[a->idx[i]].id);
}

static void text_action(sp_strbuf *b, const sp_scenario *s,
                        const sp_action *a)
{
    char m[16];
    sp_strbuf_printf(b, "  %s  %-24s %-22s ", sp_fmt_month(m, sizeof m,
                     a->start), a->id, sp_action_kind(a->kind)->name);
    const sp_alist *who = a->actor.n ? &a->actor : &a->actors;
    text_alist(b, s, who);
    if (a->target.n) {
        sp_strbuf_puts(b, " -> ");
        text_alist(b, s, &a->target);
    }
    if (a->value.file || a->value.v != 0) {
        sp_strbuf_puts(b, "  value ");
        put_num(b, a->value.v);
    }
    if (a->weight != 1.0) {
        sp_strbuf_puts(b, "  weight ");
        put_num(b, a->weight);
        sp_strbuf_printf(b, " (from %s)", a->from_package);
    }
    sp_strbuf_puts(b, "\n");
}

static void text_section(sp_strbuf *b, const sp_scenario *s,
                         const char *prefix, const char *title)
{
    size_t n = 0, len = strlen(prefix);
    for (size_t i = 0; i < s->n_entries; i++)
        n += !strncmp(s->entries[i].path, prefix, len);
    sp_strbuf_printf(b, "\n%s (%zu value%s)\n", title, n, plural(n));
    for (size_t i = 0; i < s->n_entries; i++)
        if (!strncmp(s->entries[i].path, prefix, len))
            text_entry(b, &s->entries[i]);
}

/* Treaty commitments at the start (before treaty events). */
static void text_treaties(sp_strbuf *b, const sp_scenario *s)
{
    size_t n = s->n_actors, count = 0;
    const char *types = sp_comp_treaty.params[SP_T_TYPE].choices;
    for (size_t k = 0; k < n * n; k++)
        count += s->treaty_type[k] != 0;
    sp_strbuf_printf(b, "\ntreaty commitments at start (%zu, i committed "
                     "to j)\n", count);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            uint8_t t = s->treaty_type[i * n + j];
            if (!t)
                continue;
            char name[32];
            sp_strbuf_printf(b, "  %-4s -> %-4s %-14s reliability ",
                             s->actors[i].id, s->actors[j].id,
                             sp_choice_name(types, t, name, sizeof name));
            put_num(b, s->treaty_rel[i * n + j].v);
            sp_strbuf_puts(b, "\n");
        }
}

static void text_structure(sp_strbuf *b, const sp_scenario *s)
{
    sp_strbuf_printf(b, "\nactors (%zu)\n", s->n_actors);
    for (size_t i = 0; i < s->n_actors; i++)
        sp_strbuf_printf(b, "  %-4s cow %-4.0f %s\n", s->actors[i].id,
                         s->actors[i].attr[SP_A_COW].v,
                         s->actors[i].name ? s->actors[i].name : "");
    sp_strbuf_printf(b, "\ngroups (%zu)\n", s->n_groups);
    for (size_t i = 0; i < s->n_groups; i++) {
        sp_strbuf_printf(b, "  %-16s ", s->groups[i].name);
        text_alist(b, s, &s->groups[i].members);
        sp_strbuf_puts(b, "\n");
    }
    text_treaties(b, s);
    sp_strbuf_printf(b, "\nevents (%zu, dated history)\n", s->n_events);
    for (size_t i = 0; i < s->n_events; i++)
        text_action(b, s, &s->events[i]);
    for (size_t p = 0; p < s->n_packages; p++) {
        const sp_package *pk = &s->packages[p];
        sp_strbuf_printf(b, "\npackage %s (%zu lever%s)%s%s\n", pk->name,
                         pk->n_levers, plural(pk->n_levers),
                         pk->description ? ": " : "",
                         pk->description ? pk->description : "");
        for (size_t l = 0; l < pk->n_levers; l++)
            text_action(b, s, &pk->levers[l]);
    }
}

static void text_describe(sp_strbuf *b, const sp_scenario *s)
{
    char m1[16], m2[16], m3[16];
    int end = s->forecast_start + 12 * s->horizon_years - 1;
    sp_strbuf_printf(b, "scenario %s%s%s\nsha256   %s\n", s->name,
                     s->title ? ": " : "", s->title ? s->title : "",
                     s->sha256);
    sp_strbuf_printf(b, "time     %s to %s; packages from %s; horizon %d "
                     "year%s; step %d month%s\n",
                     sp_fmt_month(m1, sizeof m1, s->start),
                     sp_fmt_month(m2, sizeof m2, end),
                     sp_fmt_month(m3, sizeof m3, s->forecast_start),
                     s->horizon_years, plural((size_t)s->horizon_years),
                     s->dt_months, plural((size_t)s->dt_months));
    text_structure(b, s);
    text_section(b, s, "time.", "time");
    text_section(b, s, "actors.", "actor attributes");
    text_section(b, s, "dyads.", "dyads (pairs the scenario sets; others "
                 "default to alignment 0, dialogue 0, proximity 0, no treaty)");
    text_section(b, s, "parameters.", "parameters");
    text_section(b, s, "events.", "event values");
    text_section(b, s, "packages.", "lever values");
    size_t nu = sp_scenario_n_uncertain(s);
    sp_strbuf_printf(b, "\nuncertain parameters (%zu)\n", nu);
    for (size_t i = 0; i < s->n_entries; i++)
        if (s->entries[i].val->dist) {
            sp_strbuf_printf(b, "  %-44s ", s->entries[i].path);
            sp_put_dist(b, s->entries[i].val->dist);
            sp_strbuf_puts(b, "  nominal ");
            put_num(b, s->entries[i].val->v);
            sp_strbuf_puts(b, "\n");
        }
    sp_strbuf_printf(b, "\nwarnings (%zu)\n", s->n_warnings);
    for (size_t i = 0; i < s->n_warnings; i++)
        sp_strbuf_printf(b, "  warning: %s\n", s->warnings[i]);
}

static void json_entry(sp_strbuf *b, const sp_entry *e)
{
    sp_strbuf_puts(b, "{\"path\": ");
    sp_strbuf_json_str(b, e->path);
    sp_strbuf_puts(b, ", \"value\": ");
    if (e->def->type == SP_PT_DATE) {
        sp_strbuf_puts(b, "\"");
        put_value(b, e);
        sp_strbuf_puts(b, "\"");
    } else
        put_value(b, e);
    sp_strbuf_puts(b, ", \"unit\": ");
    sp_strbuf_json_str(b, e->unit ? e->unit : "");
    sp_strbuf_puts(b, ", \"dist\": ");
    if (e->val->dist) {
        sp_strbuf tmp;
        sp_strbuf_init(&tmp);
        sp_put_dist(&tmp, e->val->dist);
        sp_strbuf_json_str(b, tmp.s ? tmp.s : "");
        sp_strbuf_free(&tmp);
    } else
        sp_strbuf_puts(b, "null");
    sp_strbuf_puts(b, ", \"source\": ");
    sp_strbuf tmp;
    sp_strbuf_init(&tmp);
    put_source(&tmp, e);
    sp_strbuf_json_str(b, tmp.s ? tmp.s : "");
    sp_strbuf_free(&tmp);
    sp_strbuf_puts(b, "}");
}

static void json_describe(sp_strbuf *b, const sp_scenario *s)
{
    sp_strbuf_puts(b, "{\"scenario\": ");
    sp_strbuf_json_str(b, s->name);
    sp_strbuf_printf(b, ", \"scenario_sha256\": \"%s\", \"actors\": [",
                     s->sha256);
    for (size_t i = 0; i < s->n_actors; i++) {
        sp_strbuf_puts(b, i ? ", " : "");
        sp_strbuf_json_str(b, s->actors[i].id);
    }
    sp_strbuf_puts(b, "], \"packages\": [");
    for (size_t i = 0; i < s->n_packages; i++) {
        sp_strbuf_puts(b, i ? ", " : "");
        sp_strbuf_json_str(b, s->packages[i].name);
    }
    sp_strbuf_puts(b, "],\n \"values\": [\n");
    for (size_t i = 0; i < s->n_entries; i++) {
        sp_strbuf_puts(b, i ? ",\n  " : "  ");
        json_entry(b, &s->entries[i]);
    }
    sp_strbuf_puts(b, "],\n \"uncertain\": [");
    for (size_t i = 0, k = 0; i < s->n_entries; i++)
        if (s->entries[i].val->dist) {
            sp_strbuf_puts(b, k++ ? ", " : "");
            sp_strbuf_json_str(b, s->entries[i].path);
        }
    sp_strbuf_puts(b, "],\n \"warnings\": [");
    for (size_t i = 0; i < s->n_warnings; i++) {
        sp_strbuf_puts(b, i ? ", " : "");
        sp_strbuf_json_str(b, s->warnings[i]);
    }
    sp_strbuf_puts(b, "]}\n");
}

int sp_scenario_describe(const sp_scenario *s, FILE *out, int json,
                         sp_error *err)
{
    sp_strbuf b;
    sp_strbuf_init(&b);
    if (json)
        json_describe(&b, s);
    else
        text_describe(&b, s);
    if (b.failed) {
        sp_strbuf_free(&b);
        return sp_error_set(err, SP_ENOMEM, "out of memory");
    }
    size_t len = b.len, n = fwrite(b.s, 1, len, out);
    sp_strbuf_free(&b);
    if (n != len)
        return sp_error_set(err, SP_EIO, "write failed");
    return SP_OK;
}

int sp_scenario_params_json(const sp_scenario *s, char **json, sp_error *err)
{
    sp_strbuf b;
    sp_strbuf_init(&b);
    sp_strbuf_puts(&b, "{");
    for (size_t i = 0; i < s->n_entries; i++) {
        sp_strbuf_puts(&b, i ? ", " : "");
        sp_strbuf_json_str(&b, s->entries[i].path);
        sp_strbuf_puts(&b, ": ");
        put_num(&b, s->entries[i].val->v);
    }
    /* what the answer is conditional on, for reports */
    sp_strbuf_puts(&b, ", \"uncertain\": {");
    for (size_t i = 0, k = 0; i < s->n_entries; i++) {
        if (!s->entries[i].val->dist)
            continue;
        sp_strbuf_puts(&b, k++ ? ", " : "");
        sp_strbuf_json_str(&b, s->entries[i].path);
        sp_strbuf tmp;
        sp_strbuf_init(&tmp);
        sp_put_dist(&tmp, s->entries[i].val->dist);
        sp_strbuf_puts(&b, ": ");
        sp_strbuf_json_str(&b, tmp.s ? tmp.s : "");
        sp_strbuf_free(&tmp);
    }
    sp_strbuf_puts(&b, "}, \"warnings\": [");
    for (size_t i = 0; i < s->n_warnings; i++) {
        sp_strbuf_puts(&b, i ? ", " : "");
        sp_strbuf_json_str(&b, s->warnings[i]);
    }
    sp_strbuf_puts(&b, "]}");
    *json = sp_strbuf_take(&b);
    return *json ? SP_OK : sp_error_set(err, SP_ENOMEM, "out of memory");
}
