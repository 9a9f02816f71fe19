/*
 * trust.c - signals and perception: what each state believes about the
 * others' intentions, and the threat it perceives (model.md §2.1).
 *
 * What it models: Jervis's spiral (Jervis 1976, ch. 3): states cannot see
 * intentions, only acts, and read arming, exercises and provocations as
 * signs of greed even when they come from fear. Kydd's Bayesian version
 * (Kydd 1997; 2000; 2005, ch. 2 and 7): i's trust in j is its belief b_ij
 * that j is a security seeker rather than greedy (expansionist); every
 * observable act of j is evidence with a likelihood under each type, and
 * only a costly signal a greedy type would not send (reassurance) moves
 * the belief up. The mechanism runs first in the step (after the levers
 * and events of policy.c), so the arms mechanism sees this step's threat.
 *
 * State: trust_ij = logit(b_ij), log-odds that j is a security seeker as
 * i believes; not symmetric; trust_ii unused (0).
 * Reset:  b_ij = clamp(0.5 + prior_slope * s_ij, 0.02, 0.98)
 *         (s the alignment at the start: allies start trusting, enemies
 *         mistrusting); xprev_i = 1 (effort is 1 at the start).
 * Step (dt years), for each observer i and actor j != i, Bayes' rule on
 * the log-odds scale, ln LR = ln P(act | greedy) / P(act | security):
 *   trust_ij -= dt * ln(arm_lr)      if r_j > arm_threshold and s_ij < 0
 *   trust_ij -= dt * E_ji * ln(exercise_lr)
 *   trust_ij -= P_j * ln(provocation_lr)             if prox_ij > 0, s_ij < 0
 *   trust_ij  = clamp(trust_ij, -10, 10)
 *   trust_ij += dt * R_ji * ln(reassurance_lr)       (R_ji > 0)
 *   trust_ij  = clamp(trust_ij, -10, 10)
 *   r_j = (x_j - xprev_j) / (xprev_j * dt)  (growth of j's effort, 1/yr)
 * then xprev = x, and the perceived threat of j to i, from this step's
 * beliefs and the capabilities at the start of the step (arms, after
 * this mechanism, moves them: the threat arms reads is the explicit one)
 *   theta_ij = (1 - b_ij) * Cp_j / (C_i + Cp_j) * prox_ij * max(0, -s_ij)
 *   C_i  = m0_i * c_i,   Cp_j = C_j + sum_{k != i, j; k -> j defence pact}
 *                                      rel_kj * C_k,     theta_ii = 0.
 * Every per-year rate is multiplied by dt, so a year of monthly steps
 * moves trust as one yearly step does: one year of arming is one
 * observation (validation.md case 8 counts observations in years).
 *
 * Symbols and units: b, theta in [0, 1]; trust log-odds (dimensionless);
 * x effort relative to the start, c capability relative to the start
 * (arms.c), m0 starting effort (thousand USD/yr; C(start) = m0 / delta
 * for every actor, so the common 1/delta cancels in the ratio); r_j 1/yr;
 * E_ji exercises per year by j near i (policy.c); P_j provocations by j
 * this step (count); R_ji reassuring signals per year by j to i (the
 * `reassurance` lever: actor j, target i, value); prox, s in [0, 1],
 * [-1, 1]; rel the reliability of a defence pact (probability).
 * Parameters (parameters.trust), all guessed but case 8's likelihoods:
 *   prior_slope 0.4 [0, 0.49]: starting belief per unit of alignment;
 *   arm_threshold 0.03 [0, 1] 1/yr: growth read as arming;
 *   arm_lr 1.8 [1, 20]: P(arm | G) / P(arm | S) = 0.9 / 0.5 (case 8);
 *   exercise_lr 1.1 [1, 20] per exercise; provocation_lr 1.3 [1, 20] per
 *   provocation; reassurance_lr 2.0 [1, 20] per signal: P(signal | S) /
 *   P(signal | G).
 * Simplifications (stated, not hidden):
 *   - "arming beyond what j's own threat explains" is read as growth
 *     above a threshold; a reaction to another's build-up faster than the
 *     threshold counts as arming too, which is the spiral (Jervis).
 *   - the arms mechanism runs after this one, so the growth seen in a
 *     step is the previous step's: perception lags action by one step.
 *   - every state observes every other's arming and exercises near it,
 *     friends included (their beliefs fall too, but theta is 0 for
 *     s >= 0, so this matters only if another mechanism reads b between
 *     friends); provocations only move the beliefs of hostile neighbours
 *     (the event's `near` is not used). An exercise event of count n is
 *     n / dt a year for one step (policy.c), i.e. n observations.
 *   - a reassurance lever is taken to be costly enough to separate the
 *     types (V_U < r <= V_T): the world holds no payoffs V_U, V_T to
 *     check it with; its `mode` does not change the likelihood. The
 *     game itself (threshold, separation, mixing) is the pure functions
 *     of trust.h, checked by the tests.
 *   - trust is clamped to [-10, 10] (beliefs within 4.5e-5 of 0 and 1)
 *     so that a long history cannot make a belief irreversible.
 *   - C_i + Cp_j = 0 (no effort given for either) is parity, 1/2; only i's
 *     adversary's allies are pooled, not i's own. At reset theta uses
 *     c = 1 (arms resets c after this mechanism's reset).
 * Cost: O(N^2) a step, one exp per hostile pair in proximity.
 * Sources: Jervis 1976, Perception and Misperception in International
 * Politics, ch. 3; Kydd 1997, World Politics 49(3) (spiral model as
 * Bayesian updating); Kydd 2000, International Organization 54(2)
 * (reassurance by costly signals); Kydd 2005, Trust and Mistrust in
 * International Relations, ch. 2 (trust threshold) and ch. 7
 * (reassurance). Pages not checked against the books.
 * Tests: test_trust.c (validation.md cases 8 and 9 through the functions
 * of trust.h; the step: prior kept without acts, provocations, a
 * reassurance lever, theta by hand with an ally pooled, a build-up).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "trust.h"

#include "deterrence.h"

#include <string.h>

#define P SP_UNCERTAIN_REAL

static const sp_param_def trust_params[] = {
    [SP_TRUST_PRIOR_SLOPE] = P("prior_slope", 0.4, 0, 0.49,
        "belief per unit of alignment", "starting belief that the other is "
        "a security seeker: 0.5 + prior_slope * alignment",
        "guessed"),
    [SP_TRUST_ARM_THRESHOLD] = P("arm_threshold", 0.03, 0, 1, "1/yr",
        "growth of effort read as arming", "guessed"),
    [SP_TRUST_ARM_LR] = P("arm_lr", 1.8, 1, 20, "likelihood ratio",
        "P(arming | greedy) / P(arming | security seeker), per year of "
        "arming", "validation.md case 8: 0.9 / 0.5 (Kydd 1997)"),
    [SP_TRUST_EXERCISE_LR] = P("exercise_lr", 1.1, 1, 20,
        "likelihood ratio", "P(exercise | greedy) / P(exercise | security "
        "seeker), per exercise near the observer", "Jervis 1976; guessed"),
    [SP_TRUST_PROVOCATION_LR] = P("provocation_lr", 1.3, 1, 20,
        "likelihood ratio", "P(provocation | greedy) / P(provocation | "
        "security seeker), per provocation, for hostile neighbours",
        "Jervis 1976; guessed"),
    [SP_TRUST_REASSURANCE_LR] = P("reassurance_lr", 2.0, 1, 20,
        "likelihood ratio", "P(signal | security seeker) / P(signal | "
        "greedy), per costly reassuring signal",
        "Kydd 2000, 2005 ch. 7; guessed"),
};
const sp_component sp_comp_trust = {
    "trust", "parameters.trust",
    "signals, trust and perceived threat (src/mech/trust.c)", trust_params,
    sizeof trust_params / sizeof trust_params[0]};

double sp_trust_posterior_greedy(double prior, double p_g, double p_s,
                                 double n)
{
    double trust = sp_trust_logit(1.0 - prior);
    trust = sp_trust_update(trust, log(p_g / p_s), n);
    return 1.0 - sp_trust_logistic(trust);
}

double sp_trust_threshold(double t, double c)
{
    return c / (1.0 - t + c);
}

bool sp_trust_separates(double r, double v_u, double v_t)
{
    return v_u < r && r <= v_t;
}

double sp_trust_mixing(double pi_t, double mu)
{
    double sigma = pi_t * (1.0 - mu) / ((1.0 - pi_t) * mu);
    return sigma < 1 ? sigma : 1;
}

double sp_trust_signal_posterior(double pi_t, double send_t, double send_u)
{
    double num = pi_t * send_t, den = num + (1.0 - pi_t) * send_u;
    return den > 0 ? num / den : pi_t;
}

/* The same from odds = e^trust (the world keeps them with trust). */
static double theta_odds(double odds, double ci, double cj, double prox,
                         double s)
{
    if (!(prox > 0) || !(s < 0))
        return 0;
    /* 1 - b = 1 / (1 + e^trust); one division for both fractions */
    double den = (1.0 + odds) * (ci + cj > 0 ? ci + cj : 2.0);
    return (ci + cj > 0 ? cj : 1.0) * prox * -s / den;
}

double sp_trust_theta(double trust, double ci, double cj, double prox,
                      double s)
{
    return theta_odds(exp(trust), ci, cj, prox, s);
}

/* Write a belief and its odds together (exp only when it moved). */
static void set_trust(sp_world *w, size_t ij, double t)
{
    if (t != w->trust[ij] || w->odds[ij] == 0) {
        w->trust[ij] = t;
        w->odds[ij] = exp(t);
    }
}

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Absolute capability C_k = m0_k * c_k (c = 1 at the start: c == NULL),
 * computed once a step into w->capab by perceive. */
static double capability(const sp_world *w, int k)
{
    return w->capab[k];
}

/* i's share in j's pooled capability: rel_ij * C_i if i has a defence
 * pact to j (an ally at odds with j: its own strength is no threat to it). */
static double own_share(const sp_world *w, int i, size_t ij)
{
    return w->treaty[ij] == SP_TREATY_DEFENCE_PACT
               ? w->rel[ij] * capability(w, i)
               : 0;
}

/* The k with a defence pact to j, ascending, into w->allies from j * N.
 * Rebuilt only when a treaty byte changed since the last build (treaty
 * events are rare; one memcmp costs far less than the N^2 test). */
static void list_allies(sp_world *w, bool force)
{
    int n = w->N;
    size_t nn = (size_t)n * (size_t)n;
    if (!force && !memcmp(w->treaty_seen, w->treaty, nn))
        return;
    memcpy(w->treaty_seen, w->treaty, nn);
    for (int j = 0; j < n; j++) {
        int *allies = w->allies + (size_t)j * (size_t)n, count = 0;
        for (int k = 0; k < n; k++)
            if (k != j && w->treaty[(size_t)k * (size_t)n + (size_t)j] ==
                              SP_TREATY_DEFENCE_PACT)
                allies[count++] = k;
        w->n_allies[j] = count;
    }
}

/* j's capability with every ally's pooled: C_j + sum_{k -> j pact}
 * rel_kj * C_k, the allies in ascending k as the sum is defined. */
static double pooled(const sp_world *w, int j)
{
    int n = w->N, n_allies = w->n_allies[j];
    const int *allies = w->allies + (size_t)j * (size_t)n;
    double cp = capability(w, j);
    for (int a = 0; a < n_allies; a++)
        cp += own_share(w, allies[a], (size_t)allies[a] * (size_t)n +
                                          (size_t)j);
    /* The sum over every k != j adds 0 for each k without a pact, which
     * changes nothing but a -0 into +0; one addition does the same. */
    if (n_allies < n - 1)
        cp += 0.0;
    return cp;
}

/* theta_ij for j in [j0, j1) (i not among them), added to sum in
 * ascending j; cp: the pooled capabilities (perceive). */
static inline double perceive_range(sp_world *w, int i, int j0, int j1,
                                    const double *cp, double sum)
{
    size_t row = (size_t)i * (size_t)w->N;
    const double *s = w->s + row, *prox = w->p.prox + row;
    const double *odds = w->odds + row, *rel = w->rel + row;
    const uint8_t *treaty = w->treaty + row;
    double *threat = w->threat + row, ci = capability(w, i);
    for (int j = j0; j < j1; j++) {
        double theta = 0;
        if (s[j] < 0 && prox[j] > 0) {
            /* less i's own share (own_share) if it is j's ally */
            double cj = treaty[j] == SP_TREATY_DEFENCE_PACT
                            ? cp[j] - rel[j] * ci
                            : cp[j];
            theta = theta_odds(odds[j], ci, cj, prox[j], s[j]);
            sum += theta;
        }
        threat[j] = theta;
    }
    return sum;
}

/* theta_ij for every pair from the current beliefs and capabilities:
 * j's pooled capability once per column (list_allies first), less i's
 * own share; row by row, so Theta_i sums j ascending. O(N^2) a step. */
static void perceive(sp_world *w, const double *c)
{
    int n = w->N;
    double *cp = w->pooled;
    for (int k = 0; k < n; k++) /* as others see it (deterrence.c) */
        w->capab[k] = w->p.m0[k] * (c ? c[k] : 1.0) *
                      sp_deterrence_seen(w, k);
    for (int j = 0; j < n; j++)
        cp[j] = pooled(w, j);
    for (int i = 0; i < n; i++) { /* j ascending, as Theta_i sums */
        double sum = perceive_range(w, i, 0, i, cp, 0);
        w->threat[(size_t)i * (size_t)n + (size_t)i] = 0;
        w->theta_sum[i] = perceive_range(w, i, i + 1, n, cp, sum);
    }
}

static void reset(sp_world *w)
{
    int n = w->N;
    double slope = sp_par(w, SP_COMP_TRUST, SP_TRUST_PRIOR_SLOPE);
    for (int i = 0; i < n; i++) {
        w->xprev[i] = 1.0;
        for (int j = 0; j < n; j++) {
            size_t ij = (size_t)i * (size_t)n + (size_t)j;
            double b = clamp(0.5 + slope * w->s[ij], 0.02, 0.98);
            w->trust[ij] = i == j ? 0 : sp_trust_logit(b);
            w->odds[ij] = exp(w->trust[ij]);
        }
    }
    list_allies(w, true);
    perceive(w, NULL); /* arms resets c to 1 after this reset */
}

/* Active reassurance levers: each target raises its trust in each sender
 * by dt * value * ln(reassurance_lr), then the clamp. The policy stage
 * keeps no per-dyad rate for them, so they are read here, as policy.c
 * reads its levers. */
static void reassure(sp_world *w)
{
    const sp_model *m = w->M;
    int n = w->N;
    double ln_lr = NAN; /* computed at the first active lever */
    for (int qa = 0; qa < sp_n_active(w, SP_K_REASSURANCE); qa++) {
        const sp_act *a = sp_active(w, SP_K_REASSURANCE, qa);
        if (a->actor < 0 ||
            a->target < 0)
            continue;
        double v = sp_act_value(w, a);
        if (!(v > 0))
            continue;
        if (isnan(ln_lr))
            ln_lr = log(sp_par(w, SP_COMP_TRUST, SP_TRUST_REASSURANCE_LR));
        const int *from = m->idx + a->actor, *to = m->idx + a->target;
        for (int p = 0; p < a->n_actor; p++)
            for (int r = 0; r < a->n_target; r++)
                if (from[p] != to[r]) {
                    size_t k = (size_t)(to[r] * n + from[p]);
                    set_trust(w, k, clamp(sp_trust_update(w->trust[k], -ln_lr,
                                                          m->dt * v),
                                          -SP_TRUST_BOUND, SP_TRUST_BOUND));
                }
    }
}

/* Did j's effort grow faster than the threshold over the last step? */
static bool arming(const sp_world *w, int j, double threshold, double dt)
{
    double xp = w->xprev[j], x = w->x[j];
    return xp > 0 ? x - xp > threshold * xp * dt : x > 0;
}

/* Does j exercise near anyone this step? */
static bool exercising(const sp_world *w, int j)
{
    const double *row = w->exer + (size_t)j * (size_t)w->N;
    for (int i = 0; i < w->N; i++)
        if (row[i] != 0)
            return true;
    return false;
}

/* The logarithms of the likelihood ratios, and the odds' factor of one
 * arming observation (arm_lr^-dt). */
struct lrs {
    double arm, ex, pv, f_arm;
};

/* i's new belief t in j after j armed and nothing else (the common
 * case): the odds move by a factor known for the step, which spares an
 * exp() per pair (they stay e^trust to a few ulps; trust itself is
 * exact); near the bound, the clamp and exp as for any other act.
 * trust and odds are w's, in locals so the loops keep them in
 * registers. */
static inline void only_arming(sp_world *w, double *trust, double *odds,
                               size_t ij, double t, double f_arm)
{
    if (t >= -SP_TRUST_BOUND && odds[ij] != 0) {
        trust[ij] = t;
        odds[ij] *= f_arm;
    } else
        set_trust(w, ij, clamp(t, -SP_TRUST_BOUND, SP_TRUST_BOUND));
}

/* What i learns of j this step (ij = i * N + j): j armed (armed = dt,
 * else 0), e exercises a year near i, pv provocations; hostile: s_ij < 0.
 * Returns the new trust before the clamp (observe checks it is finite). */
static double observe_pair(sp_world *w, size_t ij, const struct lrs *lr,
                           double armed, double pv, double e, bool hostile)
{
    /* arming alarms adversaries, not friends (Jervis: the security
     * dilemma runs between states that fear each other) */
    double t = hostile ? sp_trust_update(w->trust[ij], lr->arm, armed)
                       : w->trust[ij];
    bool arming_only = armed != 0 && hostile;
    if (e != 0)
        t = sp_trust_update(t, lr->ex, w->M->dt * e), arming_only = false;
    if (pv != 0 && w->p.prox[ij] > 0 && hostile)
        t = sp_trust_update(t, lr->pv, pv), arming_only = false;
    if (arming_only)
        only_arming(w, w->trust, w->odds, ij, t, lr->f_arm);
    else
        set_trust(w, ij, clamp(t, -SP_TRUST_BOUND, SP_TRUST_BOUND));
    return t;
}

/* Column j: every i but j whose belief moves, i.e. j's adversaries and
 * anyone j exercises near (ex: row j of exer): a friend's arming and
 * provocations tell i nothing. sum: see observe. */
static double observe_column(sp_world *w, int j, const struct lrs *lr,
                             double armed, double pv, const double *ex,
                             double sum)
{
    int n = w->N;
    for (int i = 0; i < n; i++) {
        size_t ij = (size_t)i * (size_t)n + (size_t)j;
        bool hostile = w->s[ij] < 0;
        if (i == j || (!hostile && ex[i] == 0))
            continue;
        sum += observe_pair(w, ij, lr, armed, pv, ex[i], hostile);
    }
    return sum;
}

/* Column j when j armed and did not provoke (most columns, most steps):
 * observe_column with what is known folded in; the same numbers. The
 * caller has checked that i = j would be skipped anyway (s_jj >= 0, no
 * exercise of j near itself), so the loop does not test for it. */
static double observe_arming(sp_world *w, int j, const struct lrs *lr,
                             double armed, const double *ex, double sum)
{
    int n = w->N;
    const double *s = w->s;
    double *trust = w->trust, *odds = w->odds;
    /* sp_trust_update's product weight * ln_lr, the same for every i */
    double fall = armed * lr->arm, f_arm = lr->f_arm;
    for (int i = 0; i < n; i++) {
        size_t ij = (size_t)i * (size_t)n + (size_t)j;
        if (ex[i] != 0) { /* an exercise near i too */
            sum += observe_pair(w, ij, lr, armed, 0, ex[i], s[ij] < 0);
            continue;
        }
        if (!(s[ij] < 0))
            continue;
        double t = trust[ij] - fall; /* sp_trust_update(., arm, armed) */
        only_arming(w, trust, odds, ij, t, f_arm);
        sum += t;
    }
    return sum;
}

/* Arming, exercises and provocations observed this step; then the clamp.
 * A quiet actor's column is skipped (most steps, most actors). Returns
 * false if a belief is not finite (the sum of the new beliefs, column by
 * column, is not). */
static bool observe(sp_world *w)
{
    int n = w->N;
    double dt = w->M->dt;
    double thr = sp_par(w, SP_COMP_TRUST, SP_TRUST_ARM_THRESHOLD);
    double sum = 0;
    struct lrs lr = {0, 0, 0, 1};
    bool logs = false; /* the logarithms, once some actor acts */
    for (int j = 0; j < n; j++) {
        double armed = arming(w, j, thr, dt) ? dt : 0, pv = w->provoke[j];
        const double *ex = w->exer + (size_t)j * (size_t)n;
        if (armed == 0 && pv == 0 && !exercising(w, j))
            continue;
        if (!logs) {
            lr.arm = log(sp_par(w, SP_COMP_TRUST, SP_TRUST_ARM_LR));
            lr.ex = log(sp_par(w, SP_COMP_TRUST, SP_TRUST_EXERCISE_LR));
            lr.pv = log(sp_par(w, SP_COMP_TRUST, SP_TRUST_PROVOCATION_LR));
            lr.f_arm = exp(-dt * lr.arm);
            logs = true;
        }
        size_t jj = (size_t)j * (size_t)n + (size_t)j;
        if (armed != 0 && pv == 0 && !(w->s[jj] < 0) && ex[j] == 0)
            sum = observe_arming(w, j, &lr, armed, ex, sum);
        else
            sum = observe_column(w, j, &lr, armed, pv, ex, sum);
    }
    return isfinite(sum);
}

static int step(sp_world *w)
{
    if (!observe(w))
        return SP_ENUMERIC;
    reassure(w);
    memcpy(w->xprev, w->x, (size_t)w->N * sizeof *w->xprev);
    list_allies(w, false);
    perceive(w, w->c);
    return SP_OK;
}

static const char *const reads[] = {"reassurance", NULL};

const sp_mech sp_mech_trust = {
    "trust", &sp_comp_trust, reads,
    "Jervis 1976 ch. 3; Kydd 1997, 2000; Kydd 2005 ch. 2, 7", reset, step};
