/*
 * escalation.c - incidents, the escalation ladder, chain-ganging, and
 * wars in progress.
 *
 * What it models (first source, mechanism 3; second source, mechanism 3;
 * model.md §2.7): a hostile pair (s_ij < 0) has chance incidents; an
 * incident starts an episode that climbs a ladder
 *     incident -> crisis -> clash -> limited war -> major war -> nuclear use
 * and ends by resolution or, at war levels, may step down; allies with a
 * defence pact in force join a war with their reliability
 * (chain-ganging: Christensen & Snyder 1990); the wars in progress at the
 * start (Russia-Ukraine) are episodes at their level from the first step.
 *
 * Equations (per step of dt years, pair i < j):
 *   incident:  P = 1 - exp(-(lambda*dt + kappa*(pv_i + pv_j))), drawn by
 *     the equivalent clock method: each pair holds an Exp(1) threshold;
 *     the step's hazard mean is subtracted from it, and an incident
 *     happens in the step where it runs out (then a new threshold is
 *     drawn). Same distribution, no exp() or draw per quiet step, and
 *     common random numbers shift incident times smoothly with the rate.
 *     lambda = base * h * prox * (1 + eps*(E_ij + E_ji)) * (1 - delta*d) * A^eta
 *     h = max(0, -s_ij), E exercises/yr near the other, d dialogue,
 *     A = sqrt(c_i c_j), the geometric mean of the two sides' capability
 *     relative to the start (either side arming raises it: "when both
 *     camps arm"), pv provocations.
 *   ladder, from level L, one uniform u per step:
 *     up    with probability tau_L * q_L
 *     else with probability tau_L * (1 - q_L): at war levels step down with
 *           share `deescalate`, otherwise the episode ends (resolution)
 *     logit q_L = logit q0_L + b_h (h - 0.5) + b_A ln A - b_d d
 *     tau_L = hazard for incident..clash, war_hazard for wars;
 *     q0: p_crisis, p_clash, p_war, p_major, p_nuclear (0 if no party is
 *     nuclear). With b = 0 and no steps down, P(reach L+1 | reached L) =
 *     q0_L exactly: the dispute-level shares of validation.md case 13.
 *   a war winds down (steps down or ends) only with 1/W of its usual
 *     chance, W the larger war capacity of the two sides (transfers.c:
 *     outside munitions and troops; 1 = own means): DPRK supply extends
 *     Russia's capacity to sustain its war (second source, mechanism 1).
 *   joining: when pair (i, j) enters a war level, each k with a defence
 *     pact to i (to j) and not at war with j (with i) joins against j (i)
 *     at that level with probability r_ki (one uniform each); those it
 *     draws in trigger their own allies in the next step. A joined pair
 *     is part of the same war, not a new one: it follows the level of
 *     the pair that started the war (its root) and ends with it, so an
 *     alliance cascade does not multiply the chances of escalation.
 * Units: rates per year; probabilities per step; h, d, prox in [0,1].
 * Parameters (parameters.escalation), defaults from the data where it
 * speaks (COW MID 5.0, computed from data/mid_disputes.csv,
 * mid_dyadic.csv), guessed otherwise:
 *   base_rate 0.5 /yr per pair at h = prox = 1: focal rival pairs had
 *     0.27-0.60 MID onsets a year in 2000-2014 (dyad unit, mid_dyadic.csv),
 *     at hostility 0.6-0.9;
 *   p_crisis 0.979, p_clash 0.724, p_war 0.0237: the 1946-2014
 *     dispute-level shares (P >= display, P >= force | >= display,
 *     P war | >= force), dispute unit; p_war is 0.0039 in 2000-2014 and
 *     0.062 over 1816-2014: the reference scenario gives that range;
 *   hazard 0.6 /month (median MID of 1946-2014 lasts 23 days: 1 -
 *     2^(-30.44/23) = 0.60, spiral calibrate), war_hazard 0.03
 *     /month, p_major 0.3, p_nuclear 0.005, deescalate 0.5,
 *     exercise_effect 0.05 per exercise/yr, dialogue_effect 0.5,
 *     provocation_effect 0.05, arsenal_elasticity 0.5, beta_hostility 1,
 *     beta_arsenal 0.5, beta_dialogue 1: guessed.
 * Tests: test_escalation.c (code checks, not validation: a ladder fed the
 * case-13 shares reproduces them within sampling error; joining frequency
 * equals reliability, case 14).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "escalation.h"

#include "arms.h"
#include "bargaining.h"
#include "deterrence.h"

#include <math.h>
#include <string.h>

#define P SP_UNCERTAIN_REAL

static const sp_param_def esc_params[] = {
    [SP_ESC_BASE_RATE] = P("base_rate", 0.5, 0, 50, "incidents/yr per pair",
        "incident rate of a pair at hostility 1 and proximity 1",
        "COW MID 5.0 dyadic onsets 2000-2014, focal rivals 0.27-0.60/yr"),
    [SP_ESC_EXERCISE] = P("exercise_effect", 0.05, 0, 1, "per exercise/yr",
        "relative rise of the rate per exercise a year near the other",
        "first source, mechanism 1; guessed"),
    [SP_ESC_DIALOGUE_RATE] = P("dialogue_effect", 0.5, 0, 1, "share",
        "fall of the rate at full dialogue", "first source; guessed"),
    [SP_ESC_PROVOCATION] = P("provocation_effect", 0.05, 0, 1,
        "incidents per provocation", "chance a provocation sparks an "
        "incident with each hostile pair", "second source, mechanism 2; "
        "guessed"),
    [SP_ESC_ARSENAL_RATE] = P("arsenal_elasticity", 0.5, 0, 5, "elasticity",
        "rise of the rate with the pair's capability", "first source, "
        "mechanism 3; guessed"),
    [SP_ESC_P_CRISIS] = P("p_crisis", 0.979, 0, 1, "probability",
        "incident -> crisis", "MID 5.0 1946-2014: P(hostility >= display)"),
    [SP_ESC_P_CLASH] = P("p_clash", 0.724, 0, 1, "probability",
        "crisis -> clash", "MID 5.0 1946-2014: P(>= use of force | >= "
        "display)"),
    [SP_ESC_P_WAR] = P("p_war", 0.0237, 0, 1, "probability",
        "clash -> limited war", "MID 5.0 1946-2014: P(war | >= force); "
        "0.0039 in 2000-2014, 0.062 in 1816-2014"),
    [SP_ESC_P_MAJOR] = P("p_major", 0.3, 0, 1, "probability",
        "limited war -> major war", "guessed"),
    [SP_ESC_P_NUCLEAR] = P("p_nuclear", 0.005, 0, 1, "probability",
        "major war -> nuclear use (a party must be nuclear)", "guessed"),
    [SP_ESC_HAZARD] = P("hazard", 0.6, 0, 1, "per step",
        "chance an episode below war moves in a step",
        "MID 5.0 1946-2014: median dispute 23 days (spiral calibrate)"),
    [SP_ESC_WAR_HAZARD] = P("war_hazard", 0.03, 0, 1, "per step",
        "chance a war moves in a step", "guessed (a war moves about once "
        "in three years)"),
    [SP_ESC_DEESCALATE] = P("deescalate", 0.5, 0, 1, "share",
        "share of a war's moves down that step down rather than end",
        "guessed"),
    [SP_ESC_BETA_HOSTILITY] = P("beta_hostility", 1, -10, 10, "log-odds",
        "up-odds per unit of hostility above 0.5", "guessed"),
    [SP_ESC_BETA_ARSENAL] = P("beta_arsenal", 0.5, -10, 10, "log-odds",
        "up-odds per log of the arsenal index", "first source, "
        "mechanism 3; guessed"),
    [SP_ESC_BETA_DIALOGUE] = P("beta_dialogue", 1, -10, 10, "log-odds",
        "fall of the up-odds at full dialogue", "guessed"),
};
const sp_component sp_comp_escalation = {
    "escalation", "parameters.escalation",
    "incidents, the escalation ladder and chain-ganging "
    "(src/mech/escalation.c)",
    esc_params, sizeof esc_params / sizeof esc_params[0]};

static double logit(double p)
{
    return log(p / (1 - p));
}

/* The parameter q0_L of each level (0: no move up from there). */
static double q0_of(const double *par, int level)
{
    static const int key[SP_N_LEVELS] = {
        0, SP_ESC_P_CRISIS, SP_ESC_P_CLASH, SP_ESC_P_WAR, SP_ESC_P_MAJOR,
        SP_ESC_P_NUCLEAR, 0};
    return par[key[level]];
}

/* sp_escalation_p_up with logit q0_L given (lq0, unused when q0_L is 0
 * or 1): the run keeps it per level, a log less per active episode. */
static double p_up(const double *par, int level, double lq0, double h,
                   double A, double d, bool nuclear_party)
{
    if (level <= SP_LEVEL_NONE || level >= SP_LEVEL_NUCLEAR)
        return 0;
    if (level == SP_LEVEL_MAJOR_WAR && !nuclear_party)
        return 0;
    double q0 = q0_of(par, level);
    if (q0 <= 0 || q0 >= 1)
        return q0;
    double z = lq0 + par[SP_ESC_BETA_HOSTILITY] * (h - 0.5) +
               par[SP_ESC_BETA_ARSENAL] * log(A) -
               par[SP_ESC_BETA_DIALOGUE] * d;
    return 1 / (1 + exp(-z));
}

double sp_escalation_p_up(const double *par, int level, double h, double A,
                          double d, bool nuclear_party)
{
    bool ladder = level > SP_LEVEL_NONE && level < SP_LEVEL_NUCLEAR;
    double q0 = ladder ? q0_of(par, level) : 0;
    double lq0 = q0 <= 0 || q0 >= 1 ? 0 : logit(q0);
    return p_up(par, level, lq0, h, A, d, nuclear_party);
}

sp_ladder_move sp_ladder_step(const double *par, int level, double q,
                              double u)
{
    double tau = level >= SP_LEVEL_LIMITED_WAR ? par[SP_ESC_WAR_HAZARD]
                                               : par[SP_ESC_HAZARD];
    if (u < tau * q)
        return SP_LADDER_UP;
    if (u >= tau)
        return SP_LADDER_STAY;
    if (level >= SP_LEVEL_LIMITED_WAR) {
        double share = (u - tau * q) / (tau * (1 - q)); /* uniform in [0,1) */
        return share < par[SP_ESC_DEESCALATE] ? SP_LADDER_DOWN
                                              : SP_LADDER_END;
    }
    return SP_LADDER_END;
}

/* The incident rate's parameters and the step length, read once a step
 * into locals (the pair loop's stores could alias the parameter block,
 * so the compiler would reload them for every pair). */
typedef struct {
    double base, exercise, dialogue, provocation, dt;
} incident_par;

static incident_par incident_par_of(const double *par, double dt)
{
    return (incident_par){par[SP_ESC_BASE_RATE], par[SP_ESC_EXERCISE],
                          par[SP_ESC_DIALOGUE_RATE], par[SP_ESC_PROVOCATION],
                          dt};
}

/* The hot path's form: Aeta = A ^ arsenal_elasticity, precomputed. */
static double incident_mean(const incident_par *ip, double h, double prox,
                            double exer, double d, double Aeta,
                            double provocations)
{
    double lambda = ip->base * h * prox * (1 + ip->exercise * exer) *
                    (1 - ip->dialogue * d) * Aeta;
    return (lambda > 0 ? lambda : 0) * ip->dt +
           ip->provocation * provocations;
}

double sp_incident_mean(const double *par, double dt, double h, double prox,
                        double exer, double d, double A, double provocations)
{
    incident_par ip = incident_par_of(par, dt);
    return incident_mean(&ip, h, prox, exer, d,
                         pow(A, par[SP_ESC_ARSENAL_RATE]), provocations);
}

double sp_incident_p(const double *par, double dt, double h, double prox,
                     double exer, double d, double A, double provocations)
{
    return -expm1(-sp_incident_mean(par, dt, h, prox, exer, d, A,
                                    provocations));
}

/* Per actor, once a step: log capability and its rate factor, so a
 * pair's A^eta = fa_i * fa_j and ln A = (lnc_i + lnc_j) / 2 cost no
 * transcendental call per pair. */
static void arsenal_factors(sp_world *w, double eta)
{
    for (int i = 0; i < w->N; i++) {
        double c = w->c[i] > 1e-300 ? w->c[i] : 1e-300;
        w->lnc[i] = log(c);
        w->fa[i] = exp(0.5 * eta * w->lnc[i]);
    }
}

/* Exp(1) threshold for the pair's next incident. */
static double threshold(const sp_world *w, size_t k)
{
    double u = sp_rng_u01(&w->rng, SP_STREAM_INCIDENTS, w->n_inc[k],
                          (uint32_t)k, 0);
    return -log(u);
}

/* Per run: what the ladder would otherwise recompute for every active
 * episode from this run's parameters (logit q0_L; the bargaining
 * reference P_ref and discount weight delta). */
static void run_constants(sp_world *w)
{
    const double *par = w->p.par[SP_COMP_ESCALATION];
    for (int L = 0; L < SP_N_LEVELS; L++) {
        bool ladder = L > SP_LEVEL_NONE && L < SP_LEVEL_NUCLEAR;
        double q0 = ladder ? q0_of(par, L) : 0;
        w->logit_q0[L] = q0 <= 0 || q0 >= 1 ? 0 : logit(q0);
    }
    w->bargain_ref = sp_bargain_ref(w->p.par[SP_COMP_BARGAINING]);
    w->bargain_delta = sp_bargain_delta(w->p.par[SP_COMP_BARGAINING]);
}

static void reset(sp_world *w)
{
    size_t nn = (size_t)w->N * (size_t)w->N;
    run_constants(w);
    memcpy(w->level, w->M->war0, nn);
    memset(w->level0, 0, nn);
    memset(w->newwar, 0, nn);
    memset(w->n_inc, 0, nn * sizeof *w->n_inc);
    for (size_t k = 0; k < nn; k++)
        w->follow[k] = -1;
    w->n_follow = w->n_following = 0;
    w->newwar_any = false;
    w->n_episodes = 0;
    for (int i = 0; i < w->N; i++)
        for (int j = i + 1; j < w->N; j++) {
            size_t k = (size_t)i * (size_t)w->N + (size_t)j;
            w->clock[k] = threshold(w, k);
            if (w->level[k] != SP_LEVEL_NONE) /* a war at the start */
                w->episodes[w->n_episodes++] = (int32_t)k;
        }
}

static void set_level(sp_world *w, size_t k, int level)
{
    int old = w->level[k];
    w->level[k] = (uint8_t)level;
    if (level >= SP_LEVEL_LIMITED_WAR && old < SP_LEVEL_LIMITED_WAR)
        w->newwar[k] = 1, w->newwar_any = true;
}

/* The incident of pair (i, j) (its clock ran out): the episode starts
 * and the pair draws its next threshold. Rare: out of line, so that the
 * scan keeps its values in registers. */
static __attribute__((noinline)) void incident(sp_world *w, int i, int j)
{
    size_t k = (size_t)i * (size_t)w->N + (size_t)j;
    set_level(w, k, SP_LEVEL_INCIDENT);
    w->episodes[w->n_episodes++] = (int32_t)k;
    w->incidents++;
    w->inc_now[i]++, w->inc_now[j]++;
    w->n_inc[k]++;
    w->clock[k] = threshold(w, k);
}

/* Fearon/Powell multiplier on the odds that a clash becomes a war
 * (src/mech/bargaining.c): capabilities in a common unit (the start's
 * military expenditure times capability relative to the start), growth
 * d ln C / dt = depreciation (x - c) / c from the arms equation, costs
 * higher against a nuclear opponent. 1 at equal, static capabilities. */
static double bargain(const sp_world *w, int i, int j)
{
    const double *bp = w->p.par[SP_COMP_BARGAINING];
    double dep = w->p.par[SP_COMP_ARMS][SP_ARMS_DEPRECIATION];
    sp_bargain_side a = {w->p.m0[i] * w->c[i],
                         dep * (w->x[i] - w->c[i]) / w->c[i],
                         sp_bargain_cost(bp, w->p.nuclear[j] > 0) *
                             sp_deterrence_cost_factor(w, i, j)};
    sp_bargain_side b = {w->p.m0[j] * w->c[j],
                         dep * (w->x[j] - w->c[j]) / w->c[j],
                         sp_bargain_cost(bp, w->p.nuclear[i] > 0) *
                             sp_deterrence_cost_factor(w, j, i)};
    if (!(a.C > 0) || !(b.C > 0))
        return 1.0;
    return sp_bargain_multiplier_at(bp, w->bargain_ref, w->bargain_delta,
                                    &a, &b);
}

/* An episode's step on the ladder (pair k = i * N + j, not following
 * another war). True when the episode ends: its level is left for the
 * caller to clear. Out of line, as incident. */
static __attribute__((noinline)) bool ladder(sp_world *w, const double *par,
                                             int i, int j, size_t k)
{
    int n = w->N, L = w->level[k];
    double s = w->s[i * n + j];
    double h = s < 0 ? -s : 0;
    bool nuke = w->p.nuclear[i] > 0 || w->p.nuclear[j] > 0;
    double A = exp(0.5 * (w->lnc[i] + w->lnc[j])); /* active episodes only */
    double q = p_up(par, L, w->logit_q0[L], h, A, w->d[i * n + j], nuke);
    if (L == SP_LEVEL_CLASH) /* settle or fight: crisis bargaining */
        q = sp_bargain_apply(q, bargain(w, i, j));
    double u = sp_rng_u01(&w->rng, SP_STREAM_LADDER, (uint32_t)w->step,
                          (uint32_t)k, 0);
    sp_ladder_move mv = sp_ladder_step(par, L, q, u);
    if (L >= SP_LEVEL_LIMITED_WAR && (mv == SP_LADDER_DOWN ||
                                      mv == SP_LADDER_END)) {
        /* outside supply (munitions, troops: transfers.c) lets a side
         * sustain the war: its chance to wind down shrinks by the larger
         * war capacity of the two sides (1 = own means) */
        double cap = w->war_capacity[i] > w->war_capacity[j]
                         ? w->war_capacity[i] : w->war_capacity[j];
        double tau = par[SP_ESC_WAR_HAZARD];
        if (cap > 1 && u - tau * q >= tau * (1 - q) / cap)
            mv = SP_LADDER_STAY;
    }
    switch (mv) {
    case SP_LADDER_UP: set_level(w, k, L + 1); break;
    case SP_LADDER_DOWN: w->level[k] = (uint8_t)(L - 1); break;
    case SP_LADDER_END: return true;
    default: break;
    }
    return false;
}

/* Allies of `friend` with a defence pact join against `foe`. */
static void call_allies(sp_world *w, int friend, int foe, int level)
{
    int n = w->N;
    for (int a = 0; a < n; a++) {
        if (a == friend || a == foe ||
            w->treaty[a * n + friend] != SP_TREATY_DEFENCE_PACT)
            continue;
        size_t k = sp_pair(n, a, foe);
        if (w->level[k] >= SP_LEVEL_LIMITED_WAR)
            continue;
        double u = sp_rng_u01(&w->rng, SP_STREAM_JOIN, (uint32_t)w->step,
                              (uint32_t)(a * n + foe), (uint32_t)friend & 255u);
        if (sp_ally_joins(w->rel[a * n + friend], u)) {
            w->level[k] = (uint8_t)level;
            if (sp_escalation_follow(w, k, sp_pair(n, friend, foe)))
                w->n_follow++;
            w->newwar[k] = 2; /* its own allies are called next step */
            w->newwar_any = true;
        }
    }
}

bool sp_escalation_follow(sp_world *w, size_t k, size_t via)
{
    bool was_own = w->follow[k] < 0;
    if (was_own) { /* into the ascending list of following pairs */
        int at = w->n_following;
        while (at > 0 && (size_t)w->following[at - 1] > k)
            at--;
        memmove(w->following + at + 1, w->following + at,
                (size_t)(w->n_following - at) * sizeof *w->following);
        w->following[at] = (int32_t)k;
        w->n_following++;
    }
    w->follow[k] = w->follow[via] >= 0 ? w->follow[via] : (int32_t)via;
    return was_own;
}

/* Joined pairs take their war's level; when it ends, they end. The pairs
 * are visited in ascending order, as a scan of all pairs would, and the
 * pass stops when n_follow (the joins counted by call_allies) runs out. */
static void follow_wars(sp_world *w)
{
    int kept = 0, r = 0;
    for (; r < w->n_following && w->n_follow > 0; r++) {
        int32_t k = w->following[r];
        uint8_t root = w->level[w->follow[k]];
        w->level[k] = root >= SP_LEVEL_LIMITED_WAR ? root : SP_LEVEL_NONE;
        if (root < SP_LEVEL_LIMITED_WAR)
            w->follow[k] = -1, w->n_follow--;
        else
            w->following[kept++] = k;
    }
    for (; r < w->n_following; r++)
        w->following[kept++] = w->following[r];
    w->n_following = kept;
}

/* The pairs whose newwar byte is `flag`, ascending, found with memchr
 * (most bytes are 0): the next one at or after k, or nn when none. The
 * search reads the bytes as they are when it runs, as a scan would. */
static size_t next_flagged(const uint8_t *newwar, size_t k, size_t nn,
                           int flag)
{
    const uint8_t *p = k < nn ? memchr(newwar + k, flag, nn - k) : NULL;
    return p ? (size_t)(p - newwar) : nn;
}

static void chain_gang(sp_world *w)
{
    int n = w->N;
    size_t nn = (size_t)n * (size_t)n;
    uint8_t *newwar = w->newwar;
    if (!w->newwar_any)
        return; /* no pair entered a war: nobody to call */
    w->newwar_any = false; /* set again below by the joins of this step */
    /* the pairs i < j that entered a war, ascending (the flags are
     * written at pairs i < j only; a lower one would be passed over) */
    for (size_t k = next_flagged(newwar, 0, nn, 1); k < nn;
         k = next_flagged(newwar, k + 1, nn, 1)) {
        int i = (int)(k / (size_t)n), j = (int)(k % (size_t)n);
        if (i >= j)
            continue;
        newwar[k] = 0;
        if (w->level[k] < SP_LEVEL_LIMITED_WAR)
            continue;
        call_allies(w, i, j, w->level[k]);
        call_allies(w, j, i, w->level[k]);
    }
    for (size_t k = next_flagged(newwar, 0, nn, 2); k < nn;
         k = next_flagged(newwar, k + 1, nn, 2))
        newwar[k] = 1, w->newwar_any = true;
}

/* The ladder of every episode of its own, in the list's order. Within
 * a step the pairs are independent (a pair's ladder and incident read
 * and write nothing of another pair's, and the draws are keyed by pair
 * and step), so this order, and the ladders before the incident scan,
 * give the numbers of one scan of all pairs. An episode that ends keeps
 * its level through the incident scan (as in one scan, it cannot start
 * again in the step it ended); it is returned in w->ended. Pairs that
 * ended with the war they followed are dropped here. */
static int ladders(sp_world *w, const double *par)
{
    int n = w->N, kept = 0, n_ended = 0;
    for (int r = 0; r < w->n_episodes; r++) {
        int32_t k = w->episodes[r];
        if (w->level[k] == SP_LEVEL_NONE)
            continue; /* its war ended (follow_wars) */
        if (w->follow[k] < 0 && ladder(w, par, k / n, k % n, (size_t)k))
            w->ended[n_ended++] = k;
        else /* still on the ladder, or moves with its war */
            w->episodes[kept++] = k;
    }
    w->n_episodes = kept;
    return n_ended;
}

/* Row i of the incident scan, j > i: the hostile pairs without an
 * episode. Most pairs are not hostile, tested first. The row's arrays
 * are read through locals (the stores to clock could alias the world,
 * so the compiler would reload them for every pair). */
static void incident_row(sp_world *w, const incident_par *ip, int i)
{
    int n = w->N;
    size_t row = (size_t)i * (size_t)n;
    const double *s = w->s + row, *prox = w->p.prox + row,
                 *exer = w->exer + row, *d = w->d + row, *fa = w->fa,
                 *provoke = w->provoke;
    const double *exer_in = w->exer + i; /* exer_in[j * n]: j near i */
    const uint8_t *level = w->level + row;
    double *clock = w->clock + row;
    double fa_i = fa[i], pv_i = provoke[i];
    incident_par p = *ip;
    for (int j = i + 1; j < n; j++) {
        if (!(s[j] < 0) || level[j] != SP_LEVEL_NONE)
            continue;
        double mu = incident_mean(&p, -s[j], prox[j],
                                  exer[j] + exer_in[(size_t)j * (size_t)n],
                                  d[j], fa_i * fa[j], pv_i + provoke[j]);
        clock[j] -= mu;
        if (clock[j] <= 0)
            incident(w, i, j);
    }
}

static int step(sp_world *w)
{
    const double *par = w->p.par[SP_COMP_ESCALATION];
    arsenal_factors(w, par[SP_ESC_ARSENAL_RATE]);
    incident_par ip = incident_par_of(par, w->M->dt);
    int n_ended = ladders(w, par);
    for (int i = 0; i < w->N; i++)
        incident_row(w, &ip, i);
    for (int e = 0; e < n_ended; e++)
        w->level[w->ended[e]] = SP_LEVEL_NONE;
    follow_wars(w);
    chain_gang(w);
    return SP_OK;
}

const sp_mech sp_mech_escalation = {
    "escalation", &sp_comp_escalation, NULL,
    "Jervis 1976; Christensen & Snyder 1990; COW MID 5.0 (Palmer et al. "
    "2022); Leeds, Long & Mitchell 2000", reset, step};
