/*
 * internal.h - what every file of libspiral shares and nothing outside sees.
 *
 * Allocation: every byte goes through sp_malloc/sp_calloc/sp_realloc/
 * sp_xfree so one hook (sp_set_allocator) can count, limit or fail them.
 *
 * Errors: SP_FAIL(err, code, fmt, ...) records the first failure in the
 * caller's sp_error and evaluates to code, so a function reads
 *     if (!p) return SP_FAIL(err, SP_ENOMEM, "out of memory");
 * Every error passes through sp_error_vset (one breakpoint catches all).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_INTERNAL_H
#define SP_INTERNAL_H

#include "spiral.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define SP_INTERNAL __attribute__((visibility("hidden")))

#if defined(__GNUC__)
#define SP_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SP_PRINTF(a, b)
#endif

/* ---- one-time setup (init.c): GSL's aborting handler off ---- */
SP_INTERNAL void sp_lib_init(void);

/* ---- allocation (alloc.c) ---- */
SP_INTERNAL void *sp_malloc(size_t n);
SP_INTERNAL void *sp_calloc(size_t count, size_t size);
SP_INTERNAL void *sp_realloc(void *p, size_t n);
SP_INTERNAL void sp_xfree(void *p);
SP_INTERNAL char *sp_strdup(const char *s);
SP_INTERNAL char *sp_strndup(const char *s, size_t n);

/* ---- errors (error.c) ---- */
SP_INTERNAL int sp_error_set(sp_error *err, int code, const char *fmt, ...)
    SP_PRINTF(3, 4);
SP_INTERNAL int sp_error_vset(sp_error *err, int code, const char *fmt,
                              va_list ap);
/* Located error: file, 1-based line/col, and the text the line comes
 * from (NULL if unknown) so the caret can be drawn. */
SP_INTERNAL int sp_error_at(sp_error *err, int code, const char *file,
                            const char *text, int line, int col,
                            const char *fmt, ...) SP_PRINTF(7, 8);
#define SP_FAIL(err, code, ...) sp_error_set((err), (code), __VA_ARGS__)

/* ---- small strings (util/strbuf.c) ---- */
typedef struct sp_strbuf {
    char *s;
    size_t len, cap;
    bool failed; /* sticky out-of-memory flag, as SQLite's */
} sp_strbuf;
SP_INTERNAL void sp_strbuf_init(sp_strbuf *b);
SP_INTERNAL void sp_strbuf_free(sp_strbuf *b);
SP_INTERNAL void sp_strbuf_add(sp_strbuf *b, const char *s, size_t n);
SP_INTERNAL void sp_strbuf_puts(sp_strbuf *b, const char *s);
SP_INTERNAL void sp_strbuf_printf(sp_strbuf *b, const char *fmt, ...)
    SP_PRINTF(2, 3);
/* JSON string literal with escapes, quotes included. */
SP_INTERNAL void sp_strbuf_json_str(sp_strbuf *b, const char *s);
/* A double in a fixed, locale-independent format ("%.*g" with '.'). */
SP_INTERNAL void sp_strbuf_double(sp_strbuf *b, double v, int digits);
/* A double with exactly `decimals` decimals, '.' whatever the locale,
 * never "-0.000"; "null" when not finite (valid JSON). */
SP_INTERNAL void sp_strbuf_fixed(sp_strbuf *b, double v, int decimals);
/* The same into buf (no allocation); returns buf. */
SP_INTERNAL char *sp_fmt_fixed(char *buf, size_t n, double v, int decimals);
/* Take ownership of the string (NULL if failed); resets b. */
SP_INTERNAL char *sp_strbuf_take(sp_strbuf *b);

/* ---- numbers (util/num.c) ---- */
/* Parse a whole string as a finite double, same in any locale. */
SP_INTERNAL bool sp_parse_double(const char *s, double *out);
SP_INTERNAL bool sp_parse_int64(const char *s, long long *out);
/* Format v with up to `digits` significant digits, '.' as the decimal
 * point whatever the locale; returns buf. */
SP_INTERNAL char *sp_fmt_double(char *buf, size_t n, double v, int digits);

/* Edit distance for "did you mean" (util/strbuf.c). */
SP_INTERNAL size_t sp_edit_distance(const char *a, const char *b);
/* The closest candidate within a sensible distance, or NULL. */
SP_INTERNAL const char *sp_did_you_mean(const char *word,
                                        const char *const *cands, size_t n);

/* "DIR/NAME" into buf; SP_EINVAL naming both if it does not fit. */
SP_INTERNAL int sp_path_join(char *buf, size_t n, const char *dir,
                             const char *name, sp_error *err);

/* ---- CSV files of the shipped data (util/csv.c) ---- */
/* A whole file in memory: cell[r * n_cols + c], row 0 the header, each
 * cell unquoted and NUL-terminated in buf; "" = missing. */
typedef struct sp_csv {
    char *path, *buf;
    char **cell;
    size_t n_rows, n_cols; /* n_rows: data rows, the header not counted */
} sp_csv;
SP_INTERNAL int sp_csv_load(const char *path, sp_csv *c, sp_error *err);
SP_INTERNAL void sp_csv_free(sp_csv *c);
/* idx[i] = the column named names[i]; SP_EFORMAT naming the missing one. */
SP_INTERNAL int sp_csv_columns(const sp_csv *c, const char *const *names,
                               size_t n, size_t *idx, sp_error *err);
/* DIR/NAME of the data folder, loaded, with the columns named: idx[i]
 * = column of cols[i]. On failure nothing is left to free. */
SP_INTERNAL int sp_csv_load_in(const char *dir, const char *name,
                               const char *const *cols, size_t n,
                               size_t *idx, sp_csv *c, sp_error *err);
/* Data row `row` (0-based, after the header), column `col`. */
SP_INTERNAL const char *sp_csv_at(const sp_csv *c, size_t row, size_t col);
/* The cell as a number: *present false if empty (a gap); SP_EFORMAT with
 * file:line and column if it is not a number. */
SP_INTERNAL int sp_csv_number(const sp_csv *c, size_t row, size_t col,
                              double *out, bool *present, sp_error *err);

/* ---- sha256 (util/sha256.c) ---- */
typedef struct sp_sha256 {
    uint32_t h[8];
    uint64_t nbytes;
    unsigned char buf[64];
    size_t nbuf;
} sp_sha256;
SP_INTERNAL void sp_sha256_init(sp_sha256 *c);
SP_INTERNAL void sp_sha256_update(sp_sha256 *c, const void *data, size_t n);
SP_INTERNAL void sp_sha256_hex(sp_sha256 *c, char hex[65]);

#endif /* SP_INTERNAL_H */
