/*
 * ledger.c - recording violations in a run (design in ledger.h).
 *
 * The rules are facts of law, not parameters: a scenario cannot add one
 * yet (a `resolutions:` section would be the way). Which act breaches
 * which rule is decided by the mechanism that sees the act (sanctions.c,
 * conduct.c), where the model's reasoning is documented.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ledger.h"

#include <string.h>

#include "world.h"

const sp_rule_def sp_rules[SP_N_RULES] = {
    [SP_RULE_UNSCR_1718] = {"unscr_1718",
        "UN Security Council sanctions on the DPRK: no arms or related "
        "materiel, military services or related technical assistance to "
        "or from the DPRK (seller and buyer both breach)",
        "UNSC resolution 1718 (2006) and its successors, among them 1874 "
        "(2009), 2270 (2016) and 2397 (2017)"},
    [SP_RULE_DISTINCTION] = {"distinction",
        "attacks only on combatants and military objectives, never on "
        "civilians or civilian objects",
        "Additional Protocol I (1977) arts. 48, 51, 52; ICRC customary IHL "
        "rules 1 and 7"},
    [SP_RULE_PROPORTIONALITY] = {"proportionality",
        "no attack whose expected civilian harm is excessive to the "
        "concrete military advantage anticipated",
        "Additional Protocol I (1977) arts. 51(5)(b), 57; ICRC customary "
        "IHL rule 14"},
    [SP_RULE_NECESSITY] = {"necessity",
        "no destruction beyond what the military purpose requires",
        "Hague Regulations (1907) art. 23(g); ICRC customary IHL rule 50"},
    [SP_RULE_HUMANITY] = {"humanity",
        "no means or methods that cause superfluous injury or unnecessary "
        "suffering",
        "Hague Regulations (1907) art. 23(e); Additional Protocol I (1977) "
        "art. 35(2); ICRC customary IHL rule 70"},
};

const sp_lact_def sp_lacts[SP_N_LACTS] = {
    [SP_LACT_ARTILLERY] = {"transfer:artillery", "rounds"},
    [SP_LACT_MISSILES] = {"transfer:missiles", "missiles"},
    [SP_LACT_TROOPS] = {"transfer:troops", "troops"},
    [SP_LACT_TECHNOLOGY] = {"transfer:technology", "index points"},
    [SP_LACT_CIVILIAN_ATTACKS] = {"attack_on_civilians", "attacks"},
};

const sp_line_def sp_lines[SP_N_LINES] = {
    [SP_LINE_UNSC_ARTILLERY] = {SP_RULE_UNSCR_1718, SP_LACT_ARTILLERY},
    [SP_LINE_UNSC_MISSILES] = {SP_RULE_UNSCR_1718, SP_LACT_MISSILES},
    [SP_LINE_UNSC_TROOPS] = {SP_RULE_UNSCR_1718, SP_LACT_TROOPS},
    [SP_LINE_UNSC_TECHNOLOGY] = {SP_RULE_UNSCR_1718, SP_LACT_TECHNOLOGY},
    [SP_LINE_DISTINCTION] = {SP_RULE_DISTINCTION, SP_LACT_CIVILIAN_ATTACKS},
    [SP_LINE_PROPORTIONALITY] = {SP_RULE_PROPORTIONALITY,
                                 SP_LACT_CIVILIAN_ATTACKS},
    [SP_LINE_NECESSITY] = {SP_RULE_NECESSITY, SP_LACT_CIVILIAN_ATTACKS},
    [SP_LINE_HUMANITY] = {SP_RULE_HUMANITY, SP_LACT_CIVILIAN_ATTACKS},
};

int sp_ledger_init(sp_ledger *l, int n_actors)
{
    memset(l, 0, sizeof *l);
    size_t cells = (size_t)SP_N_LINES * (size_t)n_actors;
    l->n_actors = n_actors;
    l->month = -1;
    l->count = sp_calloc(cells, sizeof *l->count);
    l->size = sp_calloc(cells, sizeof *l->size);
    return l->count && l->size ? SP_OK : SP_ENOMEM;
}

void sp_ledger_free(sp_ledger *l)
{
    sp_xfree(l->count);
    sp_xfree(l->size);
    sp_xfree(l->rows);
    memset(l, 0, sizeof *l);
}

void sp_ledger_reset(sp_ledger *l, int n_actors)
{
    size_t cells = (size_t)SP_N_LINES * (size_t)n_actors;
    memset(l->count, 0, cells * sizeof *l->count);
    memset(l->size, 0, cells * sizeof *l->size);
    l->n_rows = 0;
    l->month = -1;
}

static int keep_row(sp_ledger *l, const sp_ledger_row *row)
{
    if (l->n_rows == l->cap_rows) {
        size_t cap = l->cap_rows ? 2 * l->cap_rows : 256;
        sp_ledger_row *r = sp_realloc(l->rows, cap * sizeof *r);
        if (!r)
            return SP_ENOMEM;
        l->rows = r;
        l->cap_rows = cap;
    }
    l->rows[l->n_rows++] = *row;
    return SP_OK;
}

int sp_ledger_keep_row(sp_ledger *l, int line, int actor, int other,
                       double size)
{
    sp_ledger_row row = {l->month, (int16_t)actor, (int16_t)other,
                         (uint8_t)sp_lines[line].rule,
                         (uint8_t)sp_lines[line].act, size};
    return keep_row(l, &row);
}

double sp_ledger_rule_total(const sp_ledger *l, int n_actors, int rule)
{
    double total = 0;
    for (int k = 0; k < SP_N_LINES; k++)
        if (sp_lines[k].rule == rule)
            for (int i = 0; i < n_actors; i++)
                total += l->count[k * n_actors + i];
    return total;
}
