/*
 * trust.h - signals and perception (src/mech/trust.c): Kydd's trust as
 * log-odds, Bayes' rule on that scale, perceived threat, and the game
 * quantities of the reassurance model (trust threshold, separating
 * condition, semi-separating mixing) as pure functions for the tests
 * (validation.md cases 8 and 9) and for the step.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_MECH_TRUST_H
#define SP_MECH_TRUST_H

#include "mech.h"

#include <math.h>

enum {
    SP_TRUST_PRIOR_SLOPE, SP_TRUST_ARM_THRESHOLD, SP_TRUST_ARM_LR,
    SP_TRUST_EXERCISE_LR, SP_TRUST_PROVOCATION_LR, SP_TRUST_REASSURANCE_LR,
    SP_TRUST_N
};

/* Trust (log-odds that the other is a security seeker) is kept in
 * [-SP_TRUST_BOUND, SP_TRUST_BOUND]: beliefs between 4.5e-5 and 1 - 4.5e-5. */
#define SP_TRUST_BOUND 10.0

static inline double sp_trust_logistic(double z)
{
    return 1.0 / (1.0 + exp(-z));
}

static inline double sp_trust_logit(double p)
{
    return log(p / (1.0 - p));
}

/* Bayes' rule on the log-odds scale: an observation whose likelihood
 * ratio P(obs | greedy) / P(obs | security seeker) has logarithm ln_lr,
 * seen `weight` times (a rate times dt, or a count), moves the log-odds
 * of "security seeker" by -weight * ln_lr. A reassuring signal has
 * ln_lr < 0. */
static inline double sp_trust_update(double trust, double ln_lr,
                                     double weight)
{
    return trust - weight * ln_lr;
}

/* Posterior probability of the greedy type after n independent
 * observations, each with P(obs | greedy) = p_g and P(obs | security
 * seeker) = p_s, from a prior P(greedy) = prior in (0, 1):
 *   P(G | n obs) = prior p_g^n / (prior p_g^n + (1 - prior) p_s^n).
 * Computed through sp_trust_update (validation.md case 8). */
SP_INTERNAL double sp_trust_posterior_greedy(double prior, double p_g,
                                             double p_s, double n);

/* Kydd's trust threshold: a security seeker cooperates iff it believes
 * the other cooperates with probability at least
 *   mu* = c / (1 - t + c)
 * (mutual cooperation 1, mutual defection 0, temptation t < 1, sucker's
 * payoff -c). */
SP_INTERNAL double sp_trust_threshold(double t, double c);

/* A costly signal of cost r separates the types iff V_U < r <= V_T:
 * it is worth more than being trusted is worth to the untrustworthy
 * (greedy) type, and no more than it is worth to the trustworthy one. */
SP_INTERNAL bool sp_trust_separates(double r, double v_u, double v_t);

/* Semi-separating equilibrium: the trustworthy type signals, the greedy
 * type mixes with probability sigma chosen so that the posterior after
 * the signal is exactly mu*:
 *   sigma = pi_T (1 - mu*) / ((1 - pi_T) mu*),
 * capped at 1 (pi_T >= mu*: both types signal, pooling). */
SP_INTERNAL double sp_trust_mixing(double pi_t, double mu);

/* Posterior probability of the trustworthy type after the signal, when
 * the trustworthy type sends it with probability send_t and the greedy
 * type with probability send_u (pi_T the prior); the prior if neither
 * sends. */
SP_INTERNAL double sp_trust_signal_posterior(double pi_t, double send_t,
                                             double send_u);

/* Perceived threat of j to i (model.md §2.1):
 *   theta = (1 - b) * Cj / (Ci + Cj) * prox * max(0, -s)
 * b = logistic(trust), i's belief that j is a security seeker (the
 * argument is the log-odds, as stored); Ci i's capability, Cj j's
 * capability with its allies pooled, prox the proximity, s the
 * alignment. Ci + Cj = 0 counts as parity (ratio 1/2). */
SP_INTERNAL double sp_trust_theta(double trust, double ci, double cj,
                                  double prox, double s);

#endif
