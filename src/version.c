/*
 * version.c - the code version stored with every result.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "internal.h"
#include "version.h"

const char *sp_version(void)
{
    return SPIRAL_VERSION;
}

const char *sp_version_full(void)
{
#if defined(__GNUC__) && !defined(__clang__)
#define SP_CC "gcc " __VERSION__
#else
#define SP_CC "cc"
#endif
    return SPIRAL_VERSION " (git " SPIRAL_GIT ", " SP_CC ")";
}
