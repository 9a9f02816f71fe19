/*
 * export_ema.h - results as EMA Workbench's save_results archive.
 *
 * A streaming writer: open with the column names, add one row per
 * experiment (design point x package x replication, as the caller
 * chooses), finish. Memory does not grow with the rows: each column
 * family goes to its own unlinked temporary file beside the target, and
 * finish copies them into the .tar.gz through zlib. The layout, what was
 * checked against EMA Workbench 2.5's source, and the limits are in
 * export_ema.c's header comment.
 *
 *     sp_ema_export *x;
 *     if (sp_ema_export_open(path, unc, NULL, n_unc, out, n_out, &x, err))
 *         return ...;
 *     for each run: sp_ema_export_add_row(x, u, "12", "dialogue",
 *                                         "spiral", o, err);
 *     rc = sp_ema_export_finish(x, err);   (writes PATH.tmp, renames)
 *     sp_ema_export_free(x);               (always; discards if not
 *                                           finished)
 *
 * Tests: tests/unit/test_export_ema.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_STORE_EXPORT_EMA_H
#define SP_STORE_EXPORT_EMA_H

#include "internal.h"

#include <stddef.h>

/* Most outcomes one archive may hold: each keeps a temporary file (and a
 * file descriptor) open until finish. */
#define SP_EMA_MAX_OUTCOMES 512

/* The numpy dtype of an uncertainty column. */
typedef enum sp_ema_dtype {
    SP_EMA_FLOAT64 = 0, /* written as Python's repr of the double */
    SP_EMA_INT64        /* the value must be a whole number */
} sp_ema_dtype;

typedef struct sp_ema_export sp_ema_export;

/* Start an archive at `path` (written at finish as PATH.tmp, then renamed
 * over PATH). dtypes may be NULL (all float64). SP_EINVAL for a name that
 * is empty, not UTF-8, contains a control character, or repeats another
 * column (including scenario, policy, model), and for outcome names that
 * cannot be a plain ustar member name (ASCII, no '/', NAME.cls at most
 * 100 bytes); SP_ELIMIT above SP_EMA_MAX_OUTCOMES; SP_EIO if the
 * temporary files cannot be made beside PATH. */
SP_INTERNAL int sp_ema_export_open(const char *path,
                                   const char *const *uncertainties,
                                   const sp_ema_dtype *dtypes, size_t n_unc,
                                   const char *const *outcomes, size_t n_out,
                                   sp_ema_export **out, sp_error *err);

/* One experiment: n_unc values, the scenario, policy and model labels
 * (text; NULL is written as an empty field, which pandas reads as NaN),
 * and n_out outcome values (NaN for a failed run: written as pandas
 * writes NaN). SP_EINVAL for a non-whole or out-of-range int64 value, a
 * label that is not UTF-8, or a writer that failed or finished; SP_EIO
 * on a write error (the writer then refuses further rows). */
SP_INTERNAL int sp_ema_export_add_row(sp_ema_export *x, const double *unc,
                                      const char *scenario,
                                      const char *policy, const char *model,
                                      const double *outcomes,
                                      sp_error *err);

/* Assemble PATH.tmp (tar + gzip) and rename it to PATH. On failure
 * PATH.tmp is removed and PATH left as it was. */
SP_INTERNAL int sp_ema_export_finish(sp_ema_export *x, sp_error *err);

/* Release the writer and its temporary files; NULL is fine. */
SP_INTERNAL void sp_ema_export_free(sp_ema_export *x);

/* Python's repr(float(v)) (what pandas writes for a float64 cell):
 * the shortest digits that read back as v; positional for 1e-4 <= |v| <
 * 1e16 with at least one decimal ("1.0"), else d.ddde+XX; "nan", "inf",
 * "-inf". Locale-independent. Returns buf (32 bytes are enough). */
SP_INTERNAL char *sp_fmt_py_repr(char *buf, size_t n, double v);

#endif /* SP_STORE_EXPORT_EMA_H */
