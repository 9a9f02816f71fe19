/*
 * csv.c - read a whole CSV file of the shipped data into a table of
 * strings.
 *
 * The data files follow one convention (data/MANIFEST.md): UTF-8, one
 * header row, '\n' line ends, RFC 4180 quoting, no field holding a line
 * break, empty field = missing. So a reader this small is enough: the
 * file is read into one buffer and each field is unquoted in place and
 * NUL-terminated, so a cell is a pointer into that buffer and nothing is
 * allocated per cell. A row with the wrong number of fields is an error
 * naming the file and line, not a silent shift of columns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The data files are a few MB; a bound keeps a wrong path (a device, a
 * huge file) from eating memory. */
#define CSV_MAX_BYTES (64u << 20)

static int read_all(const char *path, char **out, size_t *len, sp_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return SP_FAIL(err, SP_ENOTFOUND, "%s: cannot open: %s (the data "
                       "directory is --data DIR, default ./data)", path,
                       strerror(errno));
    sp_strbuf b;
    sp_strbuf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < CSV_MAX_BYTES)
        sp_strbuf_add(&b, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (bad || b.len >= CSV_MAX_BYTES || b.failed) {
        sp_strbuf_free(&b);
        return SP_FAIL(err, bad ? SP_EIO : b.failed ? SP_ENOMEM : SP_ELIMIT,
                       "%s: %s", path, bad ? "read error"
                       : b.failed ? "out of memory" : "file too large");
    }
    *len = b.len;
    *out = sp_strbuf_take(&b);
    if (!*out) /* an empty file leaves no buffer */
        *out = sp_strdup("");
    return *out ? SP_OK : SP_FAIL(err, SP_ENOMEM, "out of memory");
}

/* Unquote one field starting at *p in place; stops after the ',' or
 * line end that closes it. Returns the field, or NULL on a stray quote.
 * *eol tells whether the field ended its line. */
static char *next_field(char **p, bool *eol)
{
    char *r = *p, *w = *p, *start = *p;
    bool quoted = *r == '"';
    if (quoted)
        r++;
    for (;;) {
        char ch = *r;
        if (quoted && ch == '"' && r[1] == '"') {
            *w++ = '"', r += 2;
        } else if (quoted && ch == '"') {
            quoted = false, r++;
            if (*r && *r != ',' && *r != '\n' && *r != '\r')
                return NULL;
        } else if (!quoted && (ch == ',' || ch == '\n' || ch == '\0' ||
                               (ch == '\r' && r[1] == '\n'))) {
            break;
        } else if (ch == '\0') {
            return NULL; /* the file ended inside quotes */
        } else {
            *w++ = *r++;
        }
    }
    *eol = *r != ',';
    r += *r == '\r';
    *p = *r ? r + 1 : r;
    *w = '\0';
    return start;
}

static size_t count_lines(const char *s, size_t len)
{
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    return n;
}

/* Split every line into exactly c->n_cols fields. */
static int split_rows(sp_csv *c, size_t max_rows, sp_error *err)
{
    char *p = c->buf;
    size_t row = 0, line = 1;
    while (*p && row < max_rows) {
        for (size_t k = 0; k < c->n_cols; k++) {
            bool eol = false;
            char *f = next_field(&p, &eol);
            if (!f || (eol != (k + 1 == c->n_cols)))
                return SP_FAIL(err, SP_EFORMAT, "%s:%zu: %s (expected %zu "
                               "fields, as in the header)", c->path, line,
                               f ? "wrong number of fields"
                                 : "unbalanced quotes", c->n_cols);
            c->cell[row * c->n_cols + k] = f;
        }
        row++, line++;
    }
    c->n_rows = row ? row - 1 : 0; /* the header is row 0 */
    return row ? SP_OK : SP_FAIL(err, SP_EFORMAT, "%s: empty file (a header "
                                 "row is expected)", c->path);
}

int sp_csv_load(const char *path, sp_csv *c, sp_error *err)
{
    memset(c, 0, sizeof *c);
    size_t len = 0;
    int rc = read_all(path, &c->buf, &len, err);
    if (rc)
        return rc;
    c->path = sp_strdup(path);
    c->n_cols = 1;
    for (const char *s = c->buf; *s && *s != '\n'; s++)
        c->n_cols += *s == ','; /* header names hold no commas */
    size_t max_rows = count_lines(c->buf, len);
    c->cell = sp_calloc(max_rows * c->n_cols, sizeof *c->cell);
    if (!c->path || !c->cell)
        rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (!rc)
        rc = split_rows(c, max_rows, err);
    if (rc)
        sp_csv_free(c);
    return rc;
}

void sp_csv_free(sp_csv *c)
{
    if (!c)
        return;
    sp_xfree(c->buf);
    sp_xfree(c->cell);
    sp_xfree(c->path);
    memset(c, 0, sizeof *c);
}

int sp_csv_columns(const sp_csv *c, const char *const *names, size_t n,
                   size_t *idx, sp_error *err)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < c->n_cols && strcmp(c->cell[k], names[i]) != 0)
            k++;
        if (k == c->n_cols)
            return SP_FAIL(err, SP_EFORMAT, "%s: no column '%s' in the "
                           "header", c->path, names[i]);
        idx[i] = k;
    }
    return SP_OK;
}

const char *sp_csv_at(const sp_csv *c, size_t row, size_t col)
{
    return c->cell[(row + 1) * c->n_cols + col];
}

int sp_csv_number(const sp_csv *c, size_t row, size_t col, double *out,
                  bool *present, sp_error *err)
{
    const char *s = sp_csv_at(c, row, col);
    *present = *s != '\0';
    if (*present && !sp_parse_double(s, out))
        return SP_FAIL(err, SP_EFORMAT, "%s:%zu: column '%s': '%s' is not a "
                       "number", c->path, row + 2, c->cell[col], s);
    return SP_OK;
}

int sp_csv_load_in(const char *dir, const char *name,
                   const char *const *cols, size_t n, size_t *idx, sp_csv *c,
                   sp_error *err)
{
    char path[4096];
    memset(c, 0, sizeof *c);
    int rc = sp_path_join(path, sizeof path, dir, name, err);
    if (!rc)
        rc = sp_csv_load(path, c, err);
    if (!rc && (rc = sp_csv_columns(c, cols, n, idx, err)))
        sp_csv_free(c);
    return rc;
}
