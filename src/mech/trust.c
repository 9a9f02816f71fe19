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
 * Cost: O(N^2) a step to read the signs of the alignment as bits
 * (hostile_rows, several entries an instruction), then O(hostile pairs):
 * observation and perception visit only those; the odds follow the
 * beliefs without exp() but near the bound and for acts other than
 * arming.
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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/* w->trust_lr: the logarithms of the likelihood ratios, and the odds'
 * factor of one arming observation (arm_lr^-dt); fixed for a run. */
enum { LR_ARM, LR_EXERCISE, LR_PROVOCATION, LR_REASSURANCE, LR_F_ARM };

/* What the others observe of actor j this step (w->seen[j]): nothing; an
 * arming and no other act but exercises (the common case: row by row,
 * observe_rows; its exercises pair by pair, the drills); or any other
 * act, column by column (observe_column). DRILLS is classify's own. */
enum { SEEN_NOTHING, SEEN_ARMING, SEEN_OTHER, DRILLS };

/* Absolute capability C_k = m0_k * c_k (c = 1 at the start: c == NULL),
 * computed once a step into w->capab (capabilities). */
static double capability(const sp_world *w, int k)
{
    return w->capab[k];
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
    const double *rel = w->rel + j; /* column j */
    double cp = capability(w, j);
    for (int a = 0; a < n_allies; a++) /* each has a pact (list_allies) */
        cp += rel[(size_t)allies[a] * (size_t)n] * capability(w, allies[a]);
    /* The sum over every k != j adds 0 for each k without a pact, which
     * changes nothing but a -0 into +0; one addition does the same. */
    if (n_allies < n - 1)
        cp += 0.0;
    return cp;
}

/* What perceive reads of the capabilities, once a step: C_k as others
 * see it (deterrence.c), and j's pooled with its allies' (list_allies
 * first) into w->pooled. */
static void capabilities(sp_world *w, const double *c)
{
    int n = w->N;
    for (int k = 0; k < n; k++)
        w->capab[k] = w->p.m0[k] * (c ? c[k] : 1.0) *
                      sp_deterrence_seen(w, k);
    for (int j = 0; j < n; j++)
        w->pooled[j] = pooled(w, j);
}

#ifdef __SSE2__
/* Bits 0-3: x[0..3] < 0 (movmskps of the four compares' low halves). */
static inline unsigned negative4(const double *x)
{
    const __m128d zero = _mm_setzero_pd();
    __m128 a = _mm_castpd_ps(_mm_cmplt_pd(_mm_loadu_pd(x), zero));
    __m128 b = _mm_castpd_ps(_mm_cmplt_pd(_mm_loadu_pd(x + 2), zero));
    return (unsigned)_mm_movemask_ps(
        _mm_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)));
}
#endif

/* Bit k set iff x[k] < 0, for k < len <= 64 (NaN and -0 are not < 0).
 * Eight, then two at a time where the target has SSE2; the same bits
 * either way. */
static inline uint64_t negative_bits(const double *x, int len)
{
    uint64_t m = 0;
    int k = 0;
#ifdef __SSE2__
    for (; k + 8 <= len; k += 8)
        m |= (uint64_t)(negative4(x + k) | negative4(x + k + 4) << 4) << k;
    for (; k + 2 <= len; k += 2)
        m |= (uint64_t)_mm_movemask_pd(
                 _mm_cmplt_pd(_mm_loadu_pd(x + k), _mm_setzero_pd()))
             << k;
#endif
    for (; k < len; k++)
        m |= (uint64_t)(x[k] < 0) << k;
    return m;
}

/* w->hostile_bits: for each i, the j with s_ij < 0, i itself left out
 * (observe and perceive read it). */
static inline __attribute__((always_inline)) void
hostile_rows_of(sp_world *w, int nw)
{
    int n = w->N;
    const double *s = w->s;
    uint64_t *m = w->hostile_bits;
    for (int i = 0; i < n; i++, s += n, m += nw) {
        for (int wd = 0, left = n; wd < nw; wd++, left -= 64)
            m[wd] = negative_bits(s + 64 * wd, left < 64 ? left : 64);
        m[i / 64] &= ~((uint64_t)1 << (i % 64));
    }
}

/* hostile_rows_of, with a loop of its own for one word a row. */
static void hostile_rows(sp_world *w)
{
    int nw = sp_bit_words(w->N);
    if (nw == 1)
        hostile_rows_of(w, 1);
    else
        hostile_rows_of(w, nw);
}

/* w->prox_bits, once a run (proximity is fixed for it). */
static void prox_rows(sp_world *w)
{
    int n = w->N, nw = sp_bit_words(n);
    memset(w->prox_bits, 0, (size_t)n * (size_t)nw * sizeof *w->prox_bits);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (w->p.prox[(size_t)i * (size_t)n + (size_t)j] > 0)
                w->prox_bits[(size_t)i * (size_t)nw + (size_t)(j / 64)] |=
                    (uint64_t)1 << (j % 64);
}

/* theta_odds for a hostile pair in proximity (its tests passed). */
static inline double theta_near_enemy(double odds, double ci, double cj,
                                      double prox, double s)
{
    double den = (1.0 + odds) * (ci + cj > 0 ? ci + cj : 2.0);
    return (ci + cj > 0 ? cj : 1.0) * prox * -s / den;
}

/* theta_ij for every pair from the current beliefs and capabilities
 * (capabilities and hostile_rows first): for the j that i perceives a
 * threat from (hostile and near: near_bits) in ascending j, as Theta_i
 * sums them, 0 for the others. Only the entries near last step and no
 * longer are written 0: every other stays 0 (reset zeroed them all); the
 * diagonal is never near. O(N^2 / 64) a step, and the hostile pairs in
 * proximity. */
static inline __attribute__((always_inline)) void perceive_rows(sp_world *w,
                                                               int nw)
{
    int n = w->N;
    const double *cp = w->pooled, *s = w->s, *prox = w->p.prox;
    const double *odds = w->odds, *rel = w->rel;
    const uint8_t *treaty = w->treaty;
    const uint64_t *hostile = w->hostile_bits, *in_prox = w->prox_bits;
    uint64_t *near = w->near_bits;
    double *threat = w->threat;
    for (int i = 0; i < n; i++) {
        double ci = capability(w, i), sum = 0;
        for (int wd = 0; wd < nw; wd++) {
            uint64_t now = hostile[wd] & in_prox[wd];
            uint64_t gone = near[wd] & ~now;
            near[wd] = now;
            for (; gone; gone &= gone - 1)
                threat[64 * (size_t)wd + sp_lowest_bit(gone)] = 0;
            for (; now; now &= now - 1) {
                size_t j = 64 * (size_t)wd + sp_lowest_bit(now);
                /* less i's own share if it is j's ally */
                double cj = treaty[j] == SP_TREATY_DEFENCE_PACT
                                ? cp[j] - rel[j] * ci
                                : cp[j];
                double theta =
                    theta_near_enemy(odds[j], ci, cj, prox[j], s[j]);
                sum += theta;
                threat[j] = theta;
            }
        }
        w->theta_sum[i] = sum;
        s += n, prox += n, odds += n, rel += n, treaty += n, threat += n;
        hostile += nw, in_prox += nw, near += nw;
    }
}

/* perceive_rows, with a loop of its own for one word a row (up to 64
 * actors: every scenario so far). */
static void perceive(sp_world *w)
{
    int nw = sp_bit_words(w->N);
    if (nw == 1)
        perceive_rows(w, 1);
    else
        perceive_rows(w, nw);
}

/* The likelihoods of the acts, fixed for the run: w->trust_lr. */
static void likelihoods(sp_world *w)
{
    double *lr = w->trust_lr;
    lr[LR_ARM] = log(sp_par(w, SP_COMP_TRUST, SP_TRUST_ARM_LR));
    lr[LR_EXERCISE] = log(sp_par(w, SP_COMP_TRUST, SP_TRUST_EXERCISE_LR));
    lr[LR_PROVOCATION] =
        log(sp_par(w, SP_COMP_TRUST, SP_TRUST_PROVOCATION_LR));
    lr[LR_REASSURANCE] =
        log(sp_par(w, SP_COMP_TRUST, SP_TRUST_REASSURANCE_LR));
    lr[LR_F_ARM] = exp(-w->M->dt * lr[LR_ARM]);
}

static void reset(sp_world *w)
{
    int n = w->N, nw = sp_bit_words(n);
    size_t nn = (size_t)n * (size_t)n;
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
    likelihoods(w);
    prox_rows(w);
    /* every theta written 0, so perceive need write only near pairs */
    memset(w->threat, 0, nn * sizeof *w->threat);
    memset(w->near_bits, 0, (size_t)n * (size_t)nw * sizeof *w->near_bits);
    list_allies(w, true);
    capabilities(w, NULL); /* arms resets c to 1 after this reset */
    hostile_rows(w);
    perceive(w);
}

/* Active reassurance levers: each target raises its trust in each sender
 * by dt * value * ln(reassurance_lr), then the clamp. The policy stage
 * keeps no per-dyad rate for them, so they are read here, as policy.c
 * reads its levers. */
static void reassure(sp_world *w)
{
    const sp_model *m = w->M;
    int n = w->N;
    double ln_lr = w->trust_lr[LR_REASSURANCE];
    for (int qa = 0; qa < sp_n_active(w, SP_K_REASSURANCE); qa++) {
        const sp_act *a = sp_active(w, SP_K_REASSURANCE, qa);
        if (a->actor < 0 ||
            a->target < 0)
            continue;
        double v = sp_act_value(w, a);
        if (!(v > 0))
            continue;
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

/* What each actor did this step, into w->seen and w->arm_bits (the
 * SEEN_ARMING actors). Exercises first, from policy.c's notes of the
 * exer entries it wrote (its drills are then listed: drill_rows), or
 * from whole rows when the notes ran out (such an actor is SEEN_OTHER).
 * Counts the SEEN_ARMING and SEEN_OTHER actors. */
static void classify(sp_world *w, double thr, double dt, int *n_arming,
                     int *n_other)
{
    int n = w->N, arming_only = 0, other = 0;
    uint8_t *seen = w->seen;
    bool notes = !w->exer_all;
    memset(seen, SEEN_NOTHING, (size_t)n);
    for (int wd = 0; wd < sp_bit_words(n); wd++)
        w->arm_bits[wd] = 0;
    if (notes) {
        for (int r = 0; r < w->n_exer_at; r++)
            if (w->exer[w->exer_at[r]] != 0)
                seen[w->exer_at[r] / n] = DRILLS; /* row: the actor */
    } else
        for (int j = 0; j < n; j++)
            if (exercising(w, j))
                seen[j] = DRILLS;
    for (int j = 0; j < n; j++) {
        bool drills = seen[j] == DRILLS;
        if (w->provoke[j] != 0 || (drills && !notes))
            seen[j] = SEEN_OTHER;
        else if (arming(w, j, thr, dt)) {
            seen[j] = SEEN_ARMING, arming_only++;
            w->arm_bits[j / 64] |= (uint64_t)1 << (j % 64);
        } else
            seen[j] = drills ? SEEN_OTHER : SEEN_NOTHING;
        other += seen[j] == SEEN_OTHER;
    }
    *n_arming = arming_only, *n_other = other;
}

/* w->drill_bits: for each i, the j that armed (SEEN_ARMING) and
 * exercised near i (a note may repeat an entry: a bit is set once).
 * observe_rows takes these pairs whole, as observe_column would. The
 * diagonal is never observed (policy.c writes no exercise there). */
static void drill_rows(sp_world *w)
{
    int n = w->N, nw = sp_bit_words(n);
    memset(w->drill_bits, 0,
           (size_t)n * (size_t)nw * sizeof *w->drill_bits);
    for (int r = 0; r < w->n_exer_at; r++) {
        int k = w->exer_at[r], j = k / n, i = k % n;
        if (w->exer[k] != 0 && w->seen[j] == SEEN_ARMING && i != j)
            w->drill_bits[(size_t)i * (size_t)nw + (size_t)(j / 64)] |=
                (uint64_t)1 << (j % 64);
    }
}

/* What i learns of j this step (ij = i * N + j): j armed (armed = dt,
 * else 0), e exercises a year near i, pv provocations; hostile: s_ij < 0.
 * Returns the new trust before the clamp (observe checks it is finite). */
static double observe_pair(sp_world *w, size_t ij, double armed, double pv,
                           double e, bool hostile)
{
    const double *lr = w->trust_lr;
    /* arming alarms adversaries, not friends (Jervis: the security
     * dilemma runs between states that fear each other) */
    double t = hostile ? sp_trust_update(w->trust[ij], lr[LR_ARM], armed)
                       : w->trust[ij];
    bool arming_only = armed != 0 && hostile;
    if (e != 0)
        t = sp_trust_update(t, lr[LR_EXERCISE], w->M->dt * e),
        arming_only = false;
    if (pv != 0 && w->p.prox[ij] > 0 && hostile)
        t = sp_trust_update(t, lr[LR_PROVOCATION], pv), arming_only = false;
    /* arming alone: the odds move by a factor known for the run, which
     * spares an exp() per pair (they stay e^trust to a few ulps; trust
     * itself is exact); near the bound, the clamp and exp as for any
     * other act */
    if (arming_only && t >= -SP_TRUST_BOUND && w->odds[ij] != 0) {
        w->trust[ij] = t;
        w->odds[ij] *= lr[LR_F_ARM];
    } else
        set_trust(w, ij, clamp(t, -SP_TRUST_BOUND, SP_TRUST_BOUND));
    return t;
}

/* Column j: every i but j whose belief moves, i.e. j's adversaries and
 * anyone j exercises near (ex: row j of exer): a friend's arming and
 * provocations tell i nothing. Returns false if a new belief (before the
 * clamp) is not finite. */
static bool observe_column(sp_world *w, int j, double armed, double pv,
                           const double *ex)
{
    int n = w->N;
    bool finite = true;
    for (int i = 0; i < n; i++) {
        size_t ij = (size_t)i * (size_t)n + (size_t)j;
        bool hostile = w->s[ij] < 0;
        if (i == j || (!hostile && ex[i] == 0))
            continue;
        finite &= isfinite(observe_pair(w, ij, armed, pv, ex[i], hostile)) !=
                  0;
    }
    return finite;
}

/* set_trust after the clamp, for the beliefs arming_word leaves (near
 * the bound, or not finite: rare). */
static __attribute__((noinline)) void clamp_trust(sp_world *w, size_t ij,
                                                  double t)
{
    set_trust(w, ij, clamp(t, -SP_TRUST_BOUND, SP_TRUST_BOUND));
}

/* One word of row i's arming observations: each belief in m (from
 * trust, odds at the word's first j) falls by fall, its odds by f_arm,
 * and is summed into *check. As observe_pair, but that the odds are
 * never 0 here: reset and set_trust make them exp(t) of a clamped t, and
 * this keeps them e^t (to a few ulps) only while t stays within the
 * bound. Returns the beliefs that would leave it (rare), left for the
 * caller to clamp: the loop calls nothing, so its values stay in
 * registers. */
static inline uint64_t arming_word(uint64_t m, double *trust, double *odds,
                                   double fall, double f_arm, double *check)
{
    uint64_t slow = 0;
    double sum = *check;
    for (; m; m &= m - 1) {
        size_t j = sp_lowest_bit(m);
        double t = trust[j] - fall; /* sp_trust_update(., ln arm_lr, dt) */
        sum += t;
        if (t >= -SP_TRUST_BOUND) {
            trust[j] = t;
            odds[j] *= f_arm;
        } else
            slow |= m & -m;
    }
    *check = sum;
    return slow;
}

/* Row by row: i's belief in each hostile j that only armed (arm_bits,
 * not a drill) falls by one arming observation; its drills, by
 * observe_pair. The beliefs the arming moved are summed: each lies
 * within the bound or a step of it, so the sum is finite iff each of
 * them is. Returns false if a new belief is not finite. */
static inline __attribute__((always_inline)) bool
observe_rows_of(sp_world *w, double dt, int nw)
{
    int n = w->N;
    const uint64_t *hostile = w->hostile_bits, *drill = w->drill_bits;
    const uint64_t *armed = w->arm_bits;
    double *trust = w->trust, *odds = w->odds;
    /* sp_trust_update(trust, ln arm_lr, dt)'s product, the same for all */
    double fall = dt * w->trust_lr[LR_ARM], f_arm = w->trust_lr[LR_F_ARM];
    double check = 0;
    bool finite = true;
    for (int i = 0; i < n; i++) {
        size_t row = (size_t)i * (size_t)n;
        for (int wd = 0; wd < nw; wd++) {
            uint64_t slow = arming_word(hostile[wd] & armed[wd] & ~drill[wd],
                                        trust + 64 * wd, odds + 64 * wd,
                                        fall, f_arm, &check);
            for (; slow; slow &= slow - 1) {
                size_t j = 64 * (size_t)wd + sp_lowest_bit(slow);
                clamp_trust(w, row + j, trust[j] - fall);
            }
            for (uint64_t d = drill[wd]; d; d &= d - 1) {
                size_t j = 64 * (size_t)wd + sp_lowest_bit(d);
                double t = observe_pair(w, row + j, dt, 0,
                                        w->exer[j * (size_t)n + (size_t)i],
                                        w->s[row + j] < 0);
                finite &= isfinite(t) != 0;
            }
        }
        hostile += nw, drill += nw, trust += n, odds += n;
    }
    return finite && isfinite(check);
}

/* observe_rows_of, with a loop of its own for one word a row. */
static bool observe_rows(sp_world *w, double dt)
{
    int nw = sp_bit_words(w->N);
    return nw == 1 ? observe_rows_of(w, dt, 1) : observe_rows_of(w, dt, nw);
}

/* Arming, exercises and provocations observed this step; then the clamp.
 * The actors that did more than arm, column by column; then the rest row
 * by row (each belief moves once, so the order does not matter). Returns
 * false if a new belief (before the clamp) is not finite. */
static bool observe(sp_world *w)
{
    int n = w->N, n_arming = 0, n_other = 0;
    double dt = w->M->dt;
    double thr = sp_par(w, SP_COMP_TRUST, SP_TRUST_ARM_THRESHOLD);
    classify(w, thr, dt, &n_arming, &n_other);
    bool finite = true;
    for (int j = 0; n_other > 0 && j < n; j++)
        if (w->seen[j] == SEEN_OTHER) {
            double armed = arming(w, j, thr, dt) ? dt : 0;
            finite &= observe_column(w, j, armed, w->provoke[j],
                                     w->exer + (size_t)j * (size_t)n);
        }
    if (n_arming > 0) {
        drill_rows(w);
        finite &= observe_rows(w, dt);
    }
    return finite;
}

static int step(sp_world *w)
{
    hostile_rows(w); /* observe and perceive read them */
    if (!observe(w))
        return SP_ENUMERIC;
    reassure(w);
    memcpy(w->xprev, w->x, (size_t)w->N * sizeof *w->xprev);
    list_allies(w, false);
    capabilities(w, w->c);
    perceive(w);
    return SP_OK;
}

static const char *const reads[] = {"reassurance", NULL};

const sp_mech sp_mech_trust = {
    "trust", &sp_comp_trust, reads,
    "Jervis 1976 ch. 3; Kydd 1997, 2000; Kydd 2005 ch. 2, 7", reset, step};
