/*
 * alloc.c - the one allocator of libspiral.
 *
 * Every allocation goes through sp_malloc & co., which call the hook set
 * by sp_set_allocator (default: the C library). Tests install a hook that
 * counts bytes, fails the Nth call, or asserts that nothing is allocated
 * inside the step loop (style.md §5).
 *
 * The hook is the library's only process-wide setting. It is written
 * once, before any object exists, and only read afterwards, so threads
 * never race on it (the same contract as sqlite3_config).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static void *default_realloc(void *ud, void *ptr, size_t size)
{
    (void)ud;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, size);
}

static sp_realloc_fn g_realloc = default_realloc;
static void *g_ud;

void sp_set_allocator(sp_realloc_fn fn, void *ud)
{
    g_realloc = fn ? fn : default_realloc;
    g_ud = fn ? ud : NULL;
}

void *sp_malloc(size_t n)
{
    return g_realloc(g_ud, NULL, n ? n : 1);
}

void *sp_calloc(size_t count, size_t size)
{
    if (size && count > (size_t)-1 / size)
        return NULL;
    size_t n = count * size;
    void *p = sp_malloc(n);
    if (p)
        memset(p, 0, n ? n : 1);
    return p;
}

void *sp_realloc(void *p, size_t n)
{
    return g_realloc(g_ud, p, n ? n : 1);
}

void sp_xfree(void *p)
{
    if (p)
        g_realloc(g_ud, p, 0);
}

void sp_free(void *p)
{
    sp_xfree(p);
}

char *sp_strndup(const char *s, size_t n)
{
    char *d = sp_malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *sp_strdup(const char *s)
{
    return s ? sp_strndup(s, strlen(s)) : NULL;
}
