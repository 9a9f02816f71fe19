/*
 * world.h - the mutable state of one run.
 *
 * One sp_world per thread, allocated once by sp_world_new and reset by
 * sp_run_init; nothing is allocated between the first and the last step
 * (a test with a counting allocator checks it). Arrays are flat:
 * per-actor arrays have N entries, per-dyad arrays N*N in row-major
 * order; symmetric dyad state (alignment, dialogue, escalation level) is
 * kept in both halves or, where noted, only at i < j.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_WORLD_H
#define SP_WORLD_H

#include "model.h"
#include "rng.h"

struct sp_world {
    const sp_model *M;
    double *vals;        /* this run's parameter block (sampled or copied) */
    sp_pview p;
    sp_rng rng;
    int step;            /* the next step to run */
    int N;

    /* actions active this step, by kind (policy.c builds the lists at
     * the start of each step): act_idx[kind_start[k] .. kind_start[k+1])
     * index sp_model.acts; a lever kind is active from its start to its
     * end, an event kind in its own step only */
    int *act_idx;
    int kind_start[SP_N_KINDS + 1];
    bool monitoring_ended; /* sanctions.c: a monitoring_end has happened */

    /* policy (mech/policy.c): what active levers and events ask for */
    double *growth;      /* N: defence_growth, 1/yr */
    double *exer;        /* N*N: exercises per year by i near j */
    double *talk;        /* N*N: dialogue investment per year, i with j */
    double *provoke;     /* N: provocations this step */
    int *exer_at;        /* N*N: the entries of exer written this step */
    int n_exer_at;       /* their number (an entry may repeat) */
    bool exer_all;       /* exer may hold nonzero entries beyond those */
    bool talk_dirty;     /* talk holds nonzero entries */
    double *cs;          /* N: counter-strike capability k_i in [0, 1] */
    double *iso;         /* N: diplomatic isolation of i in [0, 1]
                            (both mech/deterrence.c) */

    /* arms (mech/arms.c): effort and capability relative to the start */
    double *x, *c;       /* N */
    double *grievance;   /* N: g_i, holds x = 1 at rest */
    double *cap;         /* N: effort bound relative to the start */
    double *W;           /* N*N: hostility weights, rows sum to 1 or 0 */
    int *wn;             /* N: number of hostile partners of i */
    int *wj;             /* N*N: their indices, row i from i * N */
    double *wv;          /* N*N: their weights, same layout */
    double *ds;          /* N*N: scratch for the alignment change */
    double *bal;         /* N*N: the balance term, held between quarterly
                            evaluations (alignment.c) */
    double *toward;      /* N: scratch, mean alignment with a bloc */
    int *hostile;        /* N: scratch, outsiders hostile to a bloc
                            (alignment.c) */
    double *threat_ref;  /* N: total perceived threat at the start (arms) */
    double *k1, *k2, *k3, *k4, *tmp, *tmp2; /* N: RK4 stages and the
                            points they are taken at (two: a stage reads
                            one while it writes the next) */
    uint64_t *w_bits;    /* N rows of sp_bit_words(N): bit j of row i
                            set where W_ij may be nonzero (arms.c) */

    /* signals and perception (mech/trust.c, Model core issue) */
    double *trust;       /* N*N: log-odds that j is a security seeker, as i
                            believes (Kydd's trust b_ij = logistic(trust)) */
    double *threat;      /* N*N: perceived threat theta_ij of j to i */
    double *theta_sum;   /* N: Theta_i = sum_j theta_ij (trust.c) */
    double *odds;        /* N*N: exp(trust), kept with trust (no exp() per
                            pair and step when beliefs do not move) */
    double *xprev;       /* N: effort at the previous step */
    double *capab;       /* N: scratch, m0_k c_k this step (trust.c) */
    double *pooled;      /* N: scratch, C_j with its allies' (trust.c) */
    int *allies;         /* N*N: the k with a defence pact to j, from
                            j * N ascending (trust.c pools them) */
    int *n_allies;       /* N: their number */
    uint8_t *treaty_seen;/* N*N: the treaty bytes allies was built from */
    /* sets of actors as bits, N rows of sp_bit_words(N) words each */
    uint64_t *hostile_bits; /* j with s_ij < 0, j != i, this step */
    uint64_t *near_bits; /* j that i perceives a threat from (hostile,
                            prox_ij > 0): theta_ij is 0 for every other j
                            (arms.c reads it) */
    uint64_t *prox_bits; /* j with prox_ij > 0 (per run) */
    uint64_t *drill_bits;/* scratch, j that armed and exercised near i */
    uint64_t *arm_bits;  /* one row: scratch, the actors that armed and
                            did nothing else this step */
    uint8_t *seen;       /* N: scratch, what actor j did this step */
    double trust_lr[5];  /* per run: the logarithms of the likelihood
                            ratios and arm_lr^-dt (trust.c) */

    /* transfers and sanctions (mech/transfers.c, mech/sanctions.c) */
    double R;            /* sanctions-regime integrity in [0, 1] */
    double G;            /* global cooperation capacity in [0, 1]
                            (mech/cooperation.c) */
    double coop_up0, coop_down0; /* its drivers at the first step */
    double gs[3];        /* Global South shares: West-leaning, neutral,
                            East-leaning (mech/globalsouth.c) */
    int gs_anchor[2];    /* the West's and the East's anchor actors */
    double *gs_viol;     /* N: ledger violations counted so far */
    double *boost;       /* N: capability added by transfers this step
                            (relative to the receiver's start), per year */
    double *drag;        /* N: capability growth removed by sanctions this
                            step, per year */
    double *enf;         /* N: scratch, each actor's enforcement against
                            one target (sanctions.c) */
    int *enf_act;        /* N: scratch, the last action counted in enf */
    int *no_veto;        /* N: the actors without a veto, ascending, and */
    int n_no_veto;       /* their count (sanctions.c, at reset) */
    double *war_capacity;/* N: capacity to sustain a war (1 = own means);
                            transfers of munitions and troops raise it */

    /* relations */
    double *s;           /* N*N alignment */
    double *d;           /* N*N dialogue */
    uint8_t *treaty;     /* N*N: i committed to j */
    double *rel;         /* N*N: reliability of that commitment */

    /* escalation (mech/escalation.c): per pair i < j */
    uint8_t *level;      /* current ladder level, 0 = no episode */
    uint8_t *level0;     /* the level at the package start */
    uint8_t *newwar;     /* entered a war level this step (chain-ganging) */
    int32_t *follow;     /* a pair that joined a war follows that war's
                            pair (its root), -1 = its own episode */
    int n_follow;        /* pairs with follow >= 0 (0: skip the pass) */
    int32_t *following;  /* the pairs with follow >= 0, ascending */
    int n_following;     /* their number (deployments included, unlike
                            n_follow) */
    int32_t *episodes;   /* the pairs i < j in an episode of their own
                            (and some that since follow a war or ended
                            with it: dropped at the next step). A pair
                            gets one only at reset or by an incident:
                            code that raises a level directly must make
                            the pair follow a war (sp_escalation_follow,
                            as call_allies and policy's deploy do), or
                            no ladder will move it */
    int n_episodes;
    int32_t *ended;      /* scratch: episodes ended in this step's ladder */
    double logit_q0[SP_N_LEVELS]; /* per run: logit q0_L (0 if none) */
    double bargain_ref;  /* per run: sp_bargain_ref (bargaining.c) */
    double bargain_delta; /* per run: sp_bargain_delta */
    bool newwar_any;     /* some newwar flag is set (else skip chain_gang) */
    uint8_t *party0;     /* N: party to a war at the package start */
    double *clock;       /* per pair i < j: hazard still to accumulate
                            before the next incident (an Exp(1) draw) */
    uint32_t *n_inc;     /* per pair: incidents so far (keys the draws) */
    double *lnc;         /* N: log capability relative to the start */
    double *fa;          /* N: c_i ^ (arsenal_elasticity / 2) */

    int *enemies;        /* N: actors each is at war with (conduct.c) */
    int *at_war;         /* N*N: the pairs i < j at war this step, as
                            i * N + j ascending (conduct.c) */
    int n_at_war;
    sp_poisson_memo *poisson; /* conduct.c's attack counts: an inversion
                                 table per (side, LOAC line) (poisson.h) */

    /* public opinion (mech/opinion.c) */
    double *opinion;     /* N: support for a harder line, o_i in [0, 1] */
    double *theta0;      /* N: total perceived threat at the start */
    double *inc_now;     /* N: incidents involving i this step
                            (escalation.c counts, opinion.c reads) */
    double *act_scale;   /* n_acts: what public support lets each lever
                            deliver this step (1 = all); sp_act_value */
    int *capped;         /* n_acts: the levers opinion caps this run */
    int n_capped;
    /* the legal ledger (ledger.h): sanctions.c and conduct.c write it */
    sp_ledger ledger;

    /* outcomes */
    double *out;         /* n_outcomes */
    int highest;
    long incidents;
};

/* Index of the unordered pair. */
static inline size_t sp_pair(int n, int i, int j)
{
    return i < j ? (size_t)i * (size_t)n + (size_t)j
                 : (size_t)j * (size_t)n + (size_t)i;
}

/* Words of one row of a set of actors held as bits (world.h's *_bits):
 * actor j is bit j % 64 of word j / 64. */
static inline int sp_bit_words(int n)
{
    return (n + 63) / 64;
}

/* The lowest actor in a nonzero word of such bits (its place in the
 * word; unsigned, so that an index needs no sign extension). */
static inline size_t sp_lowest_bit(uint64_t m)
{
    return (unsigned)__builtin_ctzll(m);
}

#endif /* SP_WORLD_H */
