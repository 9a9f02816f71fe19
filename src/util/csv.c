/*
 * csv.c - a small reader for the shipped data files (data/ CSV files): a
 * header row, then one record per line; fields split at commas, with
 * RFC 4180 quoting ("a, b" and "" for a quote inside quotes). Enough for
 * the MANIFEST's files, which have no line breaks inside fields.
 *
 * Errors name the file and line: a data file that does not have the
 * columns or the field count the code expects is bad input, not a crash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "csv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sp_csv {
    FILE *f;
    char *path;
    char *line;     /* the current line, split in place into fields */
    size_t cap;
    char **field;   /* pointers into line */
    char **names;   /* header names (owned copies) */
    int n_cols, line_no;
};

/* Split s in place; returns the number of fields, or -1 if a quote
 * is not closed. Fields beyond max are counted but not stored. */
static int split(char *s, char **field, int max)
{
    int n = 0;
    for (;;) {
        char *out = s, *start = s;
        if (*s == '"') {
            start = out = ++s;
            for (;;) {
                if (!*s)
                    return -1;
                if (*s == '"' && s[1] == '"')
                    *out++ = '"', s += 2;
                else if (*s == '"')
                    break;
                else
                    *out++ = *s++;
            }
            s++; /* the closing quote */
        } else {
            while (*s && *s != ',')
                s++;
            out = s;
        }
        if (n < max)
            field[n] = start;
        n++;
        if (*s != ',') {
            *out = '\0';
            return n;
        }
        *out = '\0';
        s++;
    }
}

/* Read one physical line into c->line without its end-of-line: 1, 0 at
 * the end of the file, or minus a status. */
static int read_line(sp_csv *c, sp_error *err)
{
    ssize_t n = getline(&c->line, &c->cap, c->f);
    if (n < 0)
        return ferror(c->f) ? -SP_FAIL(err, SP_EIO, "%s: read error",
                                       c->path)
                            : 0;
    c->line_no++;
    c->line[strcspn(c->line, "\r\n")] = '\0';
    return 1;
}

static int read_header(sp_csv *c, sp_error *err)
{
    int rc = read_line(c, err);
    if (rc <= 0)
        return rc < 0 ? -rc : SP_FAIL(err, SP_EFORMAT, "%s: empty file",
                                      c->path);
    size_t max = 1; /* fields <= commas + 1, quoted commas included */
    for (const char *p = c->line; *p; p++)
        max += *p == ',';
    c->field = sp_calloc(max, sizeof *c->field);
    c->names = sp_calloc(max, sizeof *c->names);
    if (!c->field || !c->names)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    int n = split(c->line, c->field, (int)max);
    if (n < 0)
        return SP_FAIL(err, SP_EFORMAT, "%s:1: unclosed quote", c->path);
    c->n_cols = n;
    for (int i = 0; i < n; i++)
        if (!(c->names[i] = sp_strdup(c->field[i])))
            return SP_FAIL(err, SP_ENOMEM, "out of memory");
    return SP_OK;
}

int sp_csv_open(const char *path, sp_csv **out, sp_error *err)
{
    *out = NULL;
    sp_csv *c = sp_calloc(1, sizeof *c);
    if (!c || !(c->path = sp_strdup(path))) {
        sp_xfree(c);
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    }
    c->f = fopen(path, "r");
    int rc = c->f ? read_header(c, err)
                  : SP_FAIL(err, SP_ENOTFOUND, "%s: cannot open: %s", path,
                            strerror(errno));
    if (rc) {
        sp_csv_close(c);
        return rc;
    }
    *out = c;
    return SP_OK;
}

void sp_csv_close(sp_csv *c)
{
    if (!c)
        return;
    if (c->f)
        fclose(c->f);
    for (int i = 0; c->names && i < c->n_cols; i++)
        sp_xfree(c->names[i]);
    sp_xfree(c->names);
    sp_xfree(c->field);
    free(c->line); /* allocated by getline */
    sp_xfree(c->path);
    sp_xfree(c);
}

int sp_csv_col(const sp_csv *c, const char *name, int *col, sp_error *err)
{
    for (int i = 0; i < c->n_cols; i++)
        if (!strcmp(c->names[i], name)) {
            *col = i;
            return SP_OK;
        }
    *col = -1;
    return SP_FAIL(err, SP_EFORMAT, "%s: no column '%s'", c->path, name);
}

int sp_csv_next(sp_csv *c, bool *row, sp_error *err)
{
    *row = false;
    int rc;
    do { /* blank lines are skipped */
        rc = read_line(c, err);
        if (rc <= 0)
            return rc < 0 ? -rc : SP_OK;
    } while (!c->line[0]);
    int n = split(c->line, c->field, c->n_cols);
    if (n < 0)
        return SP_FAIL(err, SP_EFORMAT, "%s:%d: unclosed quote", c->path,
                       c->line_no);
    if (n != c->n_cols)
        return SP_FAIL(err, SP_EFORMAT, "%s:%d: %d fields, the header has "
                       "%d", c->path, c->line_no, n, c->n_cols);
    *row = true;
    return SP_OK;
}

const char *sp_csv_field(const sp_csv *c, int col)
{
    return col >= 0 && col < c->n_cols ? c->field[col] : "";
}

int sp_csv_number(const sp_csv *c, int col, double *out, bool *present,
                  sp_error *err)
{
    const char *s = sp_csv_field(c, col);
    *present = *s != '\0';
    if (!*present)
        return SP_OK;
    if (!sp_parse_double(s, out))
        return SP_FAIL(err, SP_EFORMAT, "%s:%d: column '%s': '%s' is not a "
                       "number", c->path, c->line_no, c->names[col], s);
    return SP_OK;
}

int sp_csv_line(const sp_csv *c)
{
    return c->line_no;
}

const char *sp_csv_path(const sp_csv *c)
{
    return c->path;
}
