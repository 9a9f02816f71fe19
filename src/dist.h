/*
 * dist.h - probability distributions of uncertain parameters.
 *
 * A scenario value is either fixed or drawn from one of these. Sampling
 * is by inverse CDF from one uniform in (0,1) (from sp_rng_uniform), so a
 * value's draw uses exactly one counter and Latin-hypercube or Sobol
 * designs (which produce uniforms) map through the same quantile
 * function. The nominal value used by `run` and `compare` is the one the
 * scenario states, else the distribution's median.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_DIST_H
#define SP_DIST_H

#include "internal.h"

typedef enum sp_dist_kind {
    SP_DIST_FIXED = 0,  /* p[0] = the value */
    SP_DIST_UNIFORM,    /* p[0] = min, p[1] = max */
    SP_DIST_NORMAL,     /* p[0] = mean, p[1] = sd > 0 */
    SP_DIST_LOGNORMAL,  /* p[0] = median > 0, p[1] = sigma > 0 (of log) */
    SP_DIST_BETA,       /* p[0] = alpha > 0, p[1] = beta > 0,
                           p[2] = min, p[3] = max (default 0, 1) */
    SP_DIST_TRIANGULAR, /* p[0] = min, p[1] = mode, p[2] = max */
    SP_DIST_DISCRETE    /* values[k], weights[k] (normalised), k = n */
} sp_dist_kind;

#define SP_DIST_MAX_DISCRETE 64

typedef struct sp_dist {
    sp_dist_kind kind;
    double p[4];
    size_t n;                            /* discrete only */
    double values[SP_DIST_MAX_DISCRETE]; /* discrete only */
    double weights[SP_DIST_MAX_DISCRETE];
} sp_dist;

/* Name as written in a scenario ("uniform"), and back. */
SP_INTERNAL const char *sp_dist_name(sp_dist_kind k);
SP_INTERNAL bool sp_dist_from_name(const char *name, sp_dist_kind *k);

/* Check the parameters; on failure write a one-line reason (e.g. "sd must
 * be > 0, got -1") into why and return false. Discrete weights are
 * normalised here. */
SP_INTERNAL bool sp_dist_validate(sp_dist *d, char *why, size_t n);

/* Make d a discrete distribution from values[n_values] and
 * weights[n_weights] as a scenario lists them, then validate it (lengths
 * must agree: "values and weights differ in length (3 vs 2)"; at most
 * SP_DIST_MAX_DISCRETE). On failure d may be partly written. */
SP_INTERNAL bool sp_dist_set_discrete(sp_dist *d, const double *values,
                                      size_t n_values, const double *weights,
                                      size_t n_weights, char *why, size_t n);

/* Inverse CDF at u in (0,1). Fixed returns p[0]. */
SP_INTERNAL double sp_dist_quantile(const sp_dist *d, double u);
SP_INTERNAL double sp_dist_median(const sp_dist *d);
/* Smallest and largest values the distribution can take (the 0.001 and
 * 0.999 quantiles for unbounded ones); used for range checks and for
 * one-at-a-time sensitivity. */
SP_INTERNAL void sp_dist_support(const sp_dist *d, double *lo, double *hi);

#endif /* SP_DIST_H */
