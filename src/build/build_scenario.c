/*
 * build_scenario.c - `spiral build-scenario` (issue 7 part 2): a scenario
 * YAML whose actors and relations come from the shipped data.
 *
 * The whole text is built in memory first, so a data error never leaves
 * a file behind; with a path it is written to PATH.tmp and renamed, so a
 * failure half-way (a full disk) never leaves half a scenario under the
 * real name. What the data cannot say (time, packages, dialogue,
 * proximity, economy, opinion, groups, events) is left to the language's
 * defaults or to one-line placeholders that the header lists, so the
 * output passes `spiral check` as it is and says what to edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "build.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The scenario name from the output file ("scenarios/world-2024.yaml"
 * -> "world-2024") if it is a valid name, else "built-YEAR". */
static void scenario_name(const char *path, int year, char name[64])
{
    const char *base = path ? strrchr(path, '/') : NULL;
    base = base ? base + 1 : path ? path : "";
    size_t n = strcspn(base, ".");
    bool ok = n > 0 && n < 64;
    for (size_t i = 0; ok && i < n; i++)
        ok = (base[i] >= 'a' && base[i] <= 'z') ||
             (base[i] >= '0' && base[i] <= '9') || base[i] == '-' ||
             base[i] == '_';
    if (ok)
        snprintf(name, 64, "%.*s", (int)n, base);
    else
        snprintf(name, 64, "built-%d", year);
}

static void emit_header(const sp_build *b, const char *name, sp_strbuf *o)
{
    sp_strbuf_printf(o,
        "# %s.yaml - built by `spiral build-scenario` from the shipped data.\n"
        "# SPDX-License-Identifier: GPL-3.0-or-later\n#\n", name);
    if (b->o->command_line)
        sp_strbuf_printf(o, "# Made with: %s\n#\n", b->o->command_line);
    if (b->o->states && strcmp(b->o->states, "un") == 0)
        sp_strbuf_printf(o, "# States (--states un): the %zu members of the "
                         "state system (cow_states.csv %d)\n# with an ideal "
                         "point in UN session %d or one of the five before: "
                         "the UN members\n# of the session, kept when their "
                         "vote was suspended for a few sessions.\n#\n",
                         b->n_act, b->cow_year, b->session);
    sp_strbuf_printf(o,
        "# Data (../data; sources, citations and terms in ../data/MANIFEST.md),\n"
        "# each read at its latest year at or before %d, named in every source:\n"
        "#   nmc.csv %d; unga_ideal_points.csv session %d (%d);\n"
        "#   atop_alliance_dyad_year.csv %d; cow_states.csv %d (membership);\n"
        "#   rivalries.csv %d (rivalries ongoing at its end are right-censored).\n",
        b->year, b->nmc_year, b->session, 1945 + b->session, b->atop_year,
        b->cow_year, b->riv_year);
    sp_strbuf_puts(o,
        "#\n"
        "# Rules (docs/CLI.md, build-scenario; src/build/*.c):\n"
        "#   - milex, milper, population (tpop), energy (pec), cinc: nmc.csv.\n"
        "#     An empty value is uniform from half to twice the state's last\n"
        "#     reported one (0 to the year's smallest positive value if that\n"
        "#     was 0; 0 to the year's highest if it never reported).\n"
        "#   - ideal_point: idealpoint_all of the session. Missing: Taiwan\n"
        "#     between Japan and the US (as the reference scenario assumes);\n"
        "#     a state that voted in one of the five sessions before, from the\n"
        "#     lowest q5_all to the highest q95_all of its last three; else the\n"
        "#     session's whole range.\n"
        "#   - nuclear, veto: public facts (SIPRI Yearbook 2024's nine\n"
        "#     nuclear-armed states; UN Charter art. 23), not data.\n"
        "#   - alignment = clamp(1 - |x_A - x_B| - 0.5 rivalry_AB, -1, 1), x the\n"
        "#     ideal point's rank in the session mapped to (-1, 1):\n"
        "#     x = 2 (rank - 0.5) / N - 1. A gap gives the range of the formula.\n"
        "#   - treaty: ATOP flags, first set of defense/offense (defence_pact),\n"
        "#     neutral, consul, nonagg; mutual unless the two directions differ\n"
        "#     (then forward from the stronger); reliability 0.745 (Leeds, Long\n"
        "#     & Mitchell 2000). The shipped ATOP file holds only pairs with one\n"
        "#     of the 18 focal states of MANIFEST.md: other pairs get no\n"
        "#     treaty because the data is not here, not because they have none.\n");
    if (b->o->compact)
        sp_strbuf_puts(o,
        "#   - compact dyads (--compact, to stay well under the loader's 4 MiB):\n"
        "#     one line per pair; \"s78 x A B\" = unga_ideal_points.csv\n"
        "#     idealpoint_all session 78, the two x; \"atop 2018 F...\" =\n"
        "#     atop_alliance_dyad_year.csv 2018 with flags F set to 1; a treaty's\n"
        "#     direction is written only when forward and its reliability is\n"
        "#     the language default (0.745, Leeds, Long & Mitchell 2000).\n");
    sp_strbuf_puts(o,
        "#\n"
        "# Placeholders to edit (not from data): time, the one empty package,\n"
        "# and everything left to the language's defaults: economy (absent = no\n"
        "# cap on military effort), opinion 0.5, dialogue 0, proximity 0, no\n"
        "# groups, events, flashpoints or wars in progress.\n\n");
}

static void emit_body(const sp_build *b, const char *name, sp_strbuf *o)
{
    sp_strbuf_printf(o, "spiral: 1\nname: %s\ntitle: \"%zu states from the "
                     "data, %d\"\n\n", name, b->n_act, b->year);
    sp_strbuf_printf(o, "# Placeholder: when the run starts and how far it "
                     "goes.\ntime:\n  start: %d-01\n  forecast_start: "
                     "%d-01\n  horizon_years: 10\n\n", b->year, b->year);
    sp_build_emit_actors(b, o);
    sp_strbuf_puts(o, "\n");
    sp_build_emit_dyads(b, o);
    sp_strbuf_puts(o, "\n# Placeholder: one package with no levers.\n"
                   "packages:\n  status-quo: {levers: []}\n");
}

static int build_text(const sp_build_opts *o, const char *path,
                      sp_strbuf *out, sp_error *err)
{
    sp_build b;
    memset(&b, 0, sizeof b);
    b.o = o;
    b.year = o->year;
    int rc = sp_build_load(&b, err);
    if (!rc)
        rc = sp_build_states(&b, err);
    if (!rc)
        rc = sp_build_ideal_points(&b, err);
    if (!rc) {
        char name[64];
        scenario_name(path, o->year, name);
        emit_header(&b, name, out);
        emit_body(&b, name, out);
        if (out->failed)
            rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
    }
    sp_build_free(&b);
    return rc;
}

static int write_file(const char *path, const sp_strbuf *text, sp_error *err)
{
    sp_strbuf tmp;
    sp_strbuf_init(&tmp);
    sp_strbuf_printf(&tmp, "%s.tmp", path);
    if (tmp.failed)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    FILE *f = fopen(tmp.s, "w");
    int rc = SP_OK;
    if (!f) {
        rc = SP_FAIL(err, SP_EIO, "-o %s: cannot write %s: %s", path, tmp.s,
                     strerror(errno));
    } else {
        size_t n = fwrite(text->s, 1, text->len, f);
        int closed = fclose(f);
        if (n != text->len || closed != 0)
            rc = SP_FAIL(err, SP_EIO, "-o %s: cannot write %s: %s", path,
                         tmp.s, strerror(errno));
        else if (rename(tmp.s, path) != 0)
            rc = SP_FAIL(err, SP_EIO, "-o %s: cannot rename %s to it: %s",
                         path, tmp.s, strerror(errno));
        if (rc)
            remove(tmp.s);
    }
    sp_strbuf_free(&tmp);
    return rc;
}

int sp_build_scenario_write(const sp_build_opts *o, const char *path,
                            FILE *out, sp_error *err)
{
    sp_lib_init();
    sp_strbuf text;
    sp_strbuf_init(&text);
    int rc = build_text(o, path, &text, err);
    if (!rc && path)
        rc = write_file(path, &text, err);
    else if (!rc && fwrite(text.s, 1, text.len, out) != text.len)
        rc = SP_FAIL(err, SP_EIO, "writing the scenario failed");
    sp_strbuf_free(&text);
    return rc;
}
