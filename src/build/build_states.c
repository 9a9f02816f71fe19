/*
 * build_states.c - build-scenario: which states, by which codes, and the
 * few public facts the data does not hold (nuclear weapons, the veto).
 *
 * Actors are named by ISO 3166-1 alpha-3 codes, as in the reference
 * scenario; the data is keyed by Correlates of War codes. An ISO3 code
 * maps to the COW state whose abbreviation in cow_states.csv is the same
 * letters, except for the codes in iso_cow[] below, where COW's
 * abbreviation differs. That table was written from the `iso3c` column
 * of data/unga_ideal_points.csv (which pairs ISO3 and COW codes) and is
 * checked against it by tests/unit/test_build.c. It matters beyond
 * spelling: several COW abbreviations are other states' ISO3 codes (COW
 * AUS is Austria, ISO3 AUS Australia; COW SLV Slovenia, ISO3 SLV El
 * Salvador; COW MNG Montenegro, ISO3 MNG Mongolia), so the table is
 * looked up first, and a COW abbreviation of a state whose ISO3 code
 * differs (UKG, ROK, TAW ...) is refused with the code to use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "build.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

typedef struct iso_cow_def {
    const char *iso;
    int cow;
} iso_cow_def;

/* ISO3 -> COW where COW's abbreviation differs (see above). The last
 * three are ISO 3166-3 codes of former states. */
static const iso_cow_def iso_cow[] = {
    {"BHS", 31}, {"HTI", 41}, {"TTO", 52}, {"BRB", 53}, {"GRD", 55},
    {"LCA", 56}, {"VCT", 57}, {"ATG", 58}, {"KNA", 60}, {"GTM", 90},
    {"HND", 91}, {"SLV", 92}, {"CRI", 94}, {"PRY", 150}, {"URY", 165},
    {"GBR", 200}, {"IRL", 205}, {"NLD", 210}, {"FRA", 220}, {"MCO", 221},
    {"CHE", 225}, {"ESP", 230}, {"PRT", 235}, {"DEU", 255}, {"AUT", 305},
    {"CZE", 316}, {"SVK", 317}, {"SMR", 331}, {"MNE", 341}, {"MKD", 343},
    {"HRV", 344}, {"BIH", 346}, {"SVN", 349}, {"BGR", 355}, {"MDA", 359},
    {"ROU", 360}, {"LVA", 367}, {"LTU", 368}, {"GEO", 372}, {"SWE", 380},
    {"DNK", 390}, {"ISL", 395}, {"CPV", 402}, {"GNQ", 411}, {"GMB", 420},
    {"MRT", 435}, {"NER", 436}, {"CIV", 437}, {"GIN", 438}, {"BFA", 439},
    {"SLE", 451}, {"TGO", 461}, {"CMR", 471}, {"NGA", 475}, {"CAF", 482},
    {"TCD", 483}, {"COG", 484}, {"COD", 490}, {"TZA", 510}, {"BDI", 516},
    {"AGO", 540}, {"MOZ", 541}, {"ZMB", 551}, {"ZWE", 552}, {"MWI", 553},
    {"ZAF", 560}, {"LSO", 570}, {"BWA", 571}, {"SWZ", 572}, {"MDG", 580},
    {"MUS", 590}, {"SYC", 591}, {"MAR", 600}, {"DZA", 615}, {"LBY", 620},
    {"SDN", 625}, {"LBN", 660}, {"KWT", 690}, {"BHR", 692}, {"ARE", 696},
    {"OMN", 698}, {"TJK", 702}, {"KGZ", 703}, {"KAZ", 705}, {"MNG", 712},
    {"TWN", 713}, {"KOR", 732}, {"BTN", 760}, {"BGD", 771}, {"MMR", 775},
    {"LKA", 780}, {"MDV", 781}, {"NPL", 790}, {"THA", 800}, {"KHM", 811},
    {"VNM", 816}, {"MYS", 820}, {"SGP", 830}, {"BRN", 835}, {"PHL", 840},
    {"IDN", 850}, {"TLS", 860}, {"AUS", 900}, {"NZL", 920}, {"VUT", 935},
    {"SLB", 940}, {"FJI", 950}, {"NRU", 970}, {"MHL", 983}, {"PLW", 986},
    {"DDR", 265}, {"CSK", 315}, {"YMD", 680},
};
#define N_ISO_COW (sizeof iso_cow / sizeof iso_cow[0])

/* Public facts by COW code and years (inclusive; 9999 = still). */
typedef struct fact_def {
    int cow, from, to;
} fact_def;

/* Nuclear-armed states: the nine of the SIPRI Yearbook 2024 (Israel
 * undeclared; its year is an estimate), from their first test or
 * weapon, and South Africa while it held weapons (1979-1991). */
static const fact_def nuclear[] = {
    {2, 1945, 9999},   {365, 1949, 9999}, {200, 1952, 9999},
    {220, 1960, 9999}, {710, 1964, 9999}, {666, 1967, 9999},
    {750, 1974, 9999}, {770, 1998, 9999}, {731, 2006, 9999},
    {560, 1979, 1991},
};

/* Permanent members of the UN Security Council (UN Charter art. 23);
 * China's seat was held by the Republic of China (713) until 1971. */
static const fact_def veto[] = {
    {2, 1945, 9999}, {365, 1945, 9999}, {200, 1945, 9999},
    {220, 1945, 9999}, {713, 1945, 1971}, {710, 1971, 9999},
};

static bool fact(const fact_def *t, size_t n, int cow, int year)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].cow == cow && year >= t[i].from && year <= t[i].to)
            return true;
    return false;
}

bool sp_build_nuclear(int cow, int year)
{
    return fact(nuclear, sizeof nuclear / sizeof nuclear[0], cow, year);
}

bool sp_build_veto(int cow, int year)
{
    return fact(veto, sizeof veto / sizeof veto[0], cow, year);
}

static const char *cow_cell(const sp_build *b, size_t r, int col)
{
    return sp_csv_at(&b->cow, r, b->cow_c[col]);
}

/* The ISO3 code the table gives a COW code, or NULL. */
static const char *table_iso(int cow)
{
    for (size_t i = 0; i < N_ISO_COW; i++)
        if (iso_cow[i].cow == cow)
            return iso_cow[i].iso;
    return NULL;
}

/* The first cow_states.csv row of a COW abbreviation, or -1. */
static long abb_row(const sp_build *b, const char *abb)
{
    for (size_t r = 0; r < b->cow.n_rows; r++)
        if (strcmp(cow_cell(b, r, COW_ABB), abb) == 0)
            return (long)r;
    return -1;
}

int sp_build_iso_to_cow(const sp_build *b, const char *iso, int *cow,
                        sp_error *err)
{
    for (size_t i = 0; i < N_ISO_COW; i++)
        if (strcmp(iso_cow[i].iso, iso) == 0)
            return *cow = iso_cow[i].cow, SP_OK;
    long r = abb_row(b, iso);
    if (r < 0)
        return SP_FAIL(err, SP_ENOTFOUND, "--states: unknown state '%s' "
                       "(not an ISO3 code of a state in %s)", iso,
                       b->cow.path);
    int c = sp_build_int(cow_cell(b, (size_t)r, COW_CCODE));
    const char *other = table_iso(c);
    if (other)
        return SP_FAIL(err, SP_EINVAL, "--states: '%s' is the COW "
                       "abbreviation of %s (COW %d); its ISO3 code is %s",
                       iso, cow_cell(b, (size_t)r, COW_NAME), c, other);
    *cow = c;
    return SP_OK;
}

const char *sp_build_cow_to_iso(const sp_build *b, int cow, char buf[8])
{
    const char *iso = table_iso(cow);
    for (size_t r = 0; !iso && r < b->cow.n_rows; r++)
        if (sp_build_int(cow_cell(b, r, COW_CCODE)) == cow)
            iso = cow_cell(b, r, COW_ABB);
    snprintf(buf, 8, "%s", iso ? iso : "");
    return buf;
}

/* The state's membership spell covering cow_year, or -1. */
static long member_row(const sp_build *b, int cow)
{
    for (size_t r = 0; r < b->cow.n_rows; r++)
        if (sp_build_int(cow_cell(b, r, COW_CCODE)) == cow &&
            sp_build_int(cow_cell(b, r, COW_STYEAR)) <= b->cow_year &&
            sp_build_int(cow_cell(b, r, COW_ENDYEAR)) >= b->cow_year)
            return (long)r;
    return -1;
}

static int add_actor(sp_build *b, const char *iso, int cow, sp_error *err)
{
    for (size_t i = 0; i < b->n_act; i++)
        if (b->act[i].cow == cow)
            return SP_FAIL(err, SP_EINVAL, "--states: %s and %s are the "
                           "same state (COW %d)", b->act[i].iso, iso, cow);
    long r = member_row(b, cow);
    if (r < 0)
        return SP_FAIL(err, SP_EINVAL, "--states: %s (COW %d) is not a "
                       "member of the state system in %d (%s)", iso, cow,
                       b->cow_year, b->cow.path);
    sp_bactor *a = &b->act[b->n_act++];
    snprintf(a->iso, sizeof a->iso, "%s", iso);
    a->cow = cow;
    a->cow_row = (size_t)r;
    return SP_OK;
}

static bool iso_shape(const char *s, size_t n)
{
    if (n != 3)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return false;
    return true;
}

/* --states ISO3,ISO3,...: in the order given. */
static int states_listed(sp_build *b, const char *list, sp_error *err)
{
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        char iso[8];
        if (!iso_shape(p, n))
            return SP_FAIL(err, SP_EINVAL, "--states: '%.*s' is not an "
                           "ISO3 code (3 upper-case letters) or 'un'",
                           (int)(n < 32 ? n : 32), p);
        snprintf(iso, sizeof iso, "%.*s", (int)n, p);
        int cow = 0, rc = sp_build_iso_to_cow(b, iso, &cow, err);
        if (!rc)
            rc = add_actor(b, iso, cow, err);
        if (rc)
            return rc;
        p += n + (p[n] == ',');
    }
    return b->n_act ? SP_OK : SP_FAIL(err, SP_EINVAL, "--states: no state "
                                      "given");
}

/* Did cow vote in one of the six sessions up to b->session? */
static bool un_voter(const sp_build *b, int cow)
{
    for (size_t r = 0; r < b->un.n_rows; r++) {
        int s = sp_build_int(sp_csv_at(&b->un, r, b->un_c[UN_SESSION]));
        if (s <= b->session && s >= b->session - 5 &&
            sp_build_int(sp_csv_at(&b->un, r, b->un_c[UN_CCODE])) == cow)
            return true;
    }
    return false;
}

/* --states un: every state of the state system at cow_year with an ideal
 * point in the session or the five before it (so a member that lost its
 * vote for a few years, as Venezuela for arrears from session 76, stays
 * in), in COW code order. */
static int states_un(sp_build *b, sp_error *err)
{
    int last = 0;
    for (;;) {
        int next = INT_MAX;
        for (size_t r = 0; r < b->cow.n_rows; r++) {
            int c = sp_build_int(cow_cell(b, r, COW_CCODE));
            if (c > last && c < next && member_row(b, c) >= 0)
                next = c;
        }
        if (next == INT_MAX)
            break;
        char iso[8];
        if (un_voter(b, next)) {
            int rc = add_actor(b, sp_build_cow_to_iso(b, next, iso), next,
                               err);
            if (rc)
                return rc;
        }
        last = next;
    }
    return SP_OK;
}

int sp_build_states(sp_build *b, sp_error *err)
{
    const char *list = b->o->states ? b->o->states : "";
    size_t cap = strcmp(list, "un") == 0 ? b->cow.n_rows : strlen(list) + 1;
    b->act = sp_calloc(cap ? cap : 1, sizeof *b->act);
    if (!b->act)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    return strcmp(list, "un") == 0 ? states_un(b, err)
                                   : states_listed(b, list, err);
}
