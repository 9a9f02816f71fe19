/*
 * escalation.h - the incident and escalation mechanism's pure functions.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_MECH_ESCALATION_H
#define SP_MECH_ESCALATION_H

#include "mech.h"

enum {
    SP_ESC_BASE_RATE, SP_ESC_EXERCISE, SP_ESC_DIALOGUE_RATE,
    SP_ESC_PROVOCATION, SP_ESC_ARSENAL_RATE,
    SP_ESC_P_CRISIS, SP_ESC_P_CLASH, SP_ESC_P_WAR, SP_ESC_P_MAJOR,
    SP_ESC_P_NUCLEAR, SP_ESC_HAZARD, SP_ESC_WAR_HAZARD, SP_ESC_DEESCALATE,
    SP_ESC_BETA_HOSTILITY, SP_ESC_BETA_ARSENAL, SP_ESC_BETA_DIALOGUE,
    SP_ESC_N
};

/* What the ladder does to one episode in one step. */
typedef enum { SP_LADDER_STAY, SP_LADDER_UP, SP_LADDER_DOWN,
               SP_LADDER_END } sp_ladder_move;

/* Probability of going up from level L given the covariates (hostility
 * h in [0,1], arsenal index A > 0 relative to the start, dialogue d). */
SP_INTERNAL double sp_escalation_p_up(const double *par, int level,
                                      double h, double A, double d,
                                      bool nuclear_party);
/* The move for one uniform u: up with tau * q, then down or end. */
SP_INTERNAL sp_ladder_move sp_ladder_step(const double *par, int level,
                                          double q, double u);
/* Expected incidents of a hostile pair in one step (the hazard mean). */
SP_INTERNAL double sp_incident_mean(const double *par, double dt, double h,
                                    double prox, double exer, double d,
                                    double A, double provocations);
/* Probability of at least one incident in one step: 1 - exp(-mean). */
SP_INTERNAL double sp_incident_p(const double *par, double dt, double h,
                                 double prox, double exer, double d,
                                 double A, double provocations);
/* Pair k joins the war of pair via (follows via's root from now on);
 * true if k had its own episode before (a new follower). Every write of
 * w->follow goes through here: it keeps w->following. */
SP_INTERNAL bool sp_escalation_follow(sp_world *w, size_t k, size_t via);
/* Chain-ganging: does an ally with reliability r join? u uniform. */
static inline bool sp_ally_joins(double r, double u)
{
    return u < r;
}

#endif
