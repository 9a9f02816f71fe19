/*
 * init.c - one-time library setup, done lazily and thread-safely.
 *
 * GSL's default error handler aborts the process (and gsl_cdf_beta_Pinv,
 * for one, reports non-convergence for ordinary inputs): one failed draw
 * must not kill a million-run sweep, so the handler is turned off before
 * the library first uses GSL, and every GSL result is checked by its
 * caller (style.md §4). Entry points that lead to GSL call sp_lib_init.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "internal.h"

#include <gsl/gsl_errno.h>
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
    gsl_set_error_handler_off();
}

void sp_lib_init(void)
{
    pthread_once(&once, init_once);
}
