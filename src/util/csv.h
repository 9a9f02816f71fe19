/*
 * csv.h - reading the shipped data files (util/csv.c).
 *
 *     sp_csv *c;
 *     if ((rc = sp_csv_open(path, &c, err))) return rc;
 *     int year;
 *     bool row;
 *     rc = sp_csv_col(c, "year", &year, err);     // no such column: error
 *     while (!rc && !(rc = sp_csv_next(c, &row, err)) && row)
 *         ... sp_csv_field(c, year) ...
 *     sp_csv_close(c);
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SP_UTIL_CSV_H
#define SP_UTIL_CSV_H

#include "internal.h"

typedef struct sp_csv sp_csv;

/* Open and read the header row. */
SP_INTERNAL int sp_csv_open(const char *path, sp_csv **out, sp_error *err);
SP_INTERNAL void sp_csv_close(sp_csv *c);
/* The index of a header column; an error naming the file if none. */
SP_INTERNAL int sp_csv_col(const sp_csv *c, const char *name, int *col,
                           sp_error *err);
/* The next record (*row false at the end); an error for a line with the
 * wrong number of fields, an unclosed quote or a read error. */
SP_INTERNAL int sp_csv_next(sp_csv *c, bool *row, sp_error *err);
/* Field col of the current record ("" if out of range); valid until the
 * next sp_csv_next. */
SP_INTERNAL const char *sp_csv_field(const sp_csv *c, int col);
/* Field col as a number; *present false if empty (a gap); an error
 * (with file:line) if it is not a number. */
SP_INTERNAL int sp_csv_number(const sp_csv *c, int col, double *out,
                              bool *present, sp_error *err);
SP_INTERNAL int sp_csv_line(const sp_csv *c);
SP_INTERNAL const char *sp_csv_path(const sp_csv *c);

#endif
