/*
 * export_ema.c - results as EMA Workbench's save_results archive, so
 * its analysis tools (PRIM, CART, feature scoring, plots) read spiral's
 * sweeps with ema_workbench.load_results(path).
 *
 * Why in src/store/. It is an output format of the stored results, like
 * the planned CSV, JSONL and NetCDF writers: the export verb reads runs
 * from the database (src/store/read.c) and hands them to this writer row
 * by row. It uses nothing of SQLite, so it also serves a caller that has
 * rows from elsewhere.
 *
 * The layout, as save_results writes it (checked against
 * ema_workbench/util/utilities.py and em_framework/outcomes.py at the
 * tags 2.5.0 and 2.5.3 of github.com/quaquel/EMAworkbench, and
 * callbacks.py for the column dtypes):
 *
 *   a gzip-compressed tar with, in this order,
 *   experiments.csv  DataFrame.to_csv(header=True, index=False): a header
 *                    line of column names, no index column; one column per
 *                    uncertainty, then scenario, policy, model (EMA makes
 *                    those three "category"); "\n" line ends
 *   NAME.cls         one per scalar outcome, in the order given:
 *                    DataFrame(values).to_csv(header=False, index=False),
 *                    one value per line in experiment order
 *   metadata.json    json.dumps({"version": 0.1, "outcomes": [["ScalarOutcome",
 *                    NAME, "NAME.cls"], ...], "experiments": {COLUMN: DTYPE,
 *                    ...}}), default separators ", " and ": ", ASCII only
 *                    (other characters as \uXXXX, as ensure_ascii does)
 *
 *   load_results reads "metadata.json" by name, then "experiments.csv"
 *   with pd.read_csv and casts each column to its dtype, then each
 *   outcome file by the name in metadata; member order does not matter to
 *   it, but is kept.
 *
 * Cells. pandas writes a float64 cell as numpy's str of the value, which
 * for float64 is Python's repr (shortest round-trip digits; positional
 * for 1e-4 <= |v| < 1e16, with ".0" if whole; else 1.5e-05 / 1e+16):
 * sp_fmt_py_repr. NaN is na_rep = "" - an empty field in experiments.csv,
 * but in a .cls file, a one-column CSV, Python's csv module writes a lone
 * empty field as "" (quoted), so a failed run's line there is `""`
 * (pandas-dev/pandas#18676). inf is "inf", which read_csv reads back as
 * inf. Text is quoted as csv.QUOTE_MINIMAL does: in double quotes, with
 * quotes doubled, when it holds , " \r or \n.
 *
 * The tar. Headers are ustar as Python's tarfile writes them for a
 * TarInfo with only a name and size: mode 0644, uid/gid 0, mtime 0, empty
 * user and group names, device numbers left empty (NULs, as tarfile
 * writes them for a regular file), octal fields zero-padded with a NUL,
 * checksum "%06o\0 " (checked: the uncompressed tar is byte-identical
 * to what Python 3.11's tarfile writes for the same members). Two zero
 * blocks end the archive, padded to a multiple of
 * 10240 bytes (tarfile's RECORDSIZE). tarfile would fall back to a pax
 * header for a name over 100 bytes, a non-ASCII name or a member over
 * 8 GiB; this writer refuses those instead (SP_EINVAL at open, SP_ELIMIT
 * at finish). gzip via zlib (deflate level 6; tarfile uses 9) with no
 * file name and mtime 0, so the same rows give the same bytes.
 *
 * Memory flat in the rows. experiments.csv and each NAME.cls are
 * written as the rows come into their own temporary file beside PATH
 * (mkstemp, unlinked at once, so nothing is left behind even on a crash;
 * beside PATH rather than in /tmp because /tmp is often RAM). finish
 * streams each file through one 64 KiB buffer into deflate. What stays
 * in memory is the names, one stdio buffer per file and the row buffer.
 * The price: one open file per outcome (hence SP_EMA_MAX_OUTCOMES) and
 * the disk space of the uncompressed text until finish.
 *
 * Tests: tests/unit/test_export_ema.c (the archive extracted with the
 * system's tar and every file compared byte for byte; the repr cases).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE 1 /* strtod_l */
#include "store/export_ema.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#define TAR_BLOCK 512
#define TAR_RECORD 10240
#define COPY_BUF 65536

struct sp_ema_export {
    char *path, *tmp_path;
    size_t n_unc, n_out;
    char **unc, **out;        /* column and outcome names */
    sp_ema_dtype *dtype;
    FILE *exp;                /* experiments.csv body */
    FILE **cls;               /* one per outcome */
    sp_strbuf row;            /* reused for every row */
    int state;                /* 0 open, 1 failed, 2 finished */
};

/* ---- cells --------------------------------------------------------- */

/* "%.*e" of v with p significant digits, '.' as separator, and whether
 * it reads back as v. */
static bool round_trips(char *buf, size_t n, double v, int p, locale_t c)
{
    snprintf(buf, n, "%.*e", p - 1, v);
    char *comma = strchr(buf, ','); /* whatever LC_NUMERIC says */
    if (comma)
        *comma = '.';
    return c && strtod_l(buf, NULL, c) == v;
}

/* The shortest "%.*e" that reads back as v, in a C locale.
 *
 * Why a bisection is exact. Let d_p be v correctly rounded to p digits.
 * d_p padded with zeros is a (p+1)-digit decimal, so |d_(p+1) - v| <=
 * |d_p - v|: more digits are never farther from v. When v is not a power
 * of two the decimals that read back as v form an interval centred on v
 * (both ends in or both out, by the parity of v's significand), so
 * reading back is monotone in p and the least p is found by bisection
 * over 1..17 (17 always reads back): 1 or 2 tries for the 16- and
 * 17-digit values that most of a sweep's parameters are, 6 at most,
 * instead of up to 17 - formatting was most of an export's time. A power of two has a narrower
 * interval below than above, where a closer d_p on the low side might
 * not read back while a farther one above does; those are scanned one
 * by one, as before. */
static void shortest_e(char *buf, size_t n, double v)
{
    locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    int e2;
    if (frexp(v, &e2) == 0.5 || frexp(v, &e2) == -0.5) {
        for (int p = 1; p <= 17 && !round_trips(buf, n, v, p, c); p++)
            ;
    } else {
        /* most doubles of a sweep need 16 or 17 digits: probe those
         * first, then bisect what is left */
        static const int first[] = {16, 15};
        int lo = 1, hi = 17;
        for (size_t i = 0; i < 2 && lo < hi; i++) {
            if (round_trips(buf, n, v, first[i], c))
                hi = first[i];
            else
                lo = first[i] + 1;
        }
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (round_trips(buf, n, v, mid, c))
                hi = mid;
            else
                lo = mid + 1;
        }
        round_trips(buf, n, v, lo, c);
    }
    if (c)
        freelocale(c);
}

char *sp_fmt_py_repr(char *buf, size_t n, double v)
{
    if (isnan(v) || isinf(v)) {
        snprintf(buf, n, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
        return buf;
    }
    char e[40], dig[24];
    shortest_e(e, sizeof e, v);
    const char *p = e;
    bool neg = *p == '-';
    p += neg;
    size_t L = 0;
    for (; *p && *p != 'e'; p++)
        if (*p != '.')
            dig[L++] = *p;
    while (L > 1 && dig[L - 1] == '0')
        L--;
    dig[L] = '\0';
    int x = atoi(p + 1);
    sp_strbuf b;
    sp_strbuf_init(&b);
    sp_strbuf_puts(&b, neg ? "-" : "");
    if (x >= -4 && x < 16) {
        if (x < 0) {
            sp_strbuf_printf(&b, "0.%.*s%s", -x - 1, "000", dig);
        } else {
            size_t ip = (size_t)x + 1; /* digits before the point */
            sp_strbuf_printf(&b, "%.*s", (int)(ip < L ? ip : L), dig);
            for (size_t i = L; i < ip; i++)
                sp_strbuf_add(&b, "0", 1);
            sp_strbuf_printf(&b, ".%s", ip < L ? dig + ip : "0");
        }
    } else {
        sp_strbuf_printf(&b, "%c%s%s", dig[0], L > 1 ? "." : "", dig + 1);
        sp_strbuf_printf(&b, "e%c%02d", x < 0 ? '-' : '+', abs(x));
    }
    snprintf(buf, n, "%s", b.failed ? "nan" : b.s);
    sp_strbuf_free(&b);
    return buf;
}

/* A text field as csv.QUOTE_MINIMAL writes it. */
static void csv_text(sp_strbuf *b, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        sp_strbuf_puts(b, s);
        return;
    }
    sp_strbuf_add(b, "\"", 1);
    for (; *s; s++) {
        if (*s == '"')
            sp_strbuf_add(b, "\"\"", 2); /* doubled, as doublequote=True */
        else
            sp_strbuf_add(b, s, 1);
    }
    sp_strbuf_add(b, "\"", 1);
}

/* ---- names ---------------------------------------------------------- */

/* Length of the UTF-8 sequence at s, 0 if invalid (overlong, surrogate,
 * beyond U+10FFFF, truncated); *cp gets the code point. */
static size_t utf8_seq(const unsigned char *s, unsigned long *cp)
{
    static const unsigned long min[5] = {0, 0, 0x80, 0x800, 0x10000};
    size_t len = s[0] < 0x80 ? 1 : s[0] >> 5 == 6 ? 2 : s[0] >> 4 == 14 ? 3
               : s[0] >> 3 == 30 ? 4 : 0;
    if (len == 0)
        return 0;
    unsigned long c = len == 1 ? s[0] : s[0] & (0x7f >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3f);
    }
    if (c < min[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

static bool utf8_ok(const char *s)
{
    unsigned long c;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t len = utf8_seq(p, &c);
        if (len == 0)
            return false;
        p += len;
    }
    return true;
}

/* A JSON string as Python's json.dumps writes it (ensure_ascii). */
static void json_ascii(sp_strbuf *b, const char *s)
{
    sp_strbuf_add(b, "\"", 1);
    unsigned long c;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t len = utf8_seq(p, &c);
        p += len;
        const char *esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\"
                        : c == '\n' ? "\\n" : c == '\r' ? "\\r"
                        : c == '\t' ? "\\t" : c == '\b' ? "\\b"
                        : c == '\f' ? "\\f" : NULL;
        if (esc)
            sp_strbuf_puts(b, esc);
        else if (c >= 0x20 && c < 0x7f)
            sp_strbuf_add(b, (const char *)p - 1, 1);
        else if (c < 0x10000)
            sp_strbuf_printf(b, "\\u%04lx", c);
        else /* a surrogate pair */
            sp_strbuf_printf(b, "\\u%04lx\\u%04lx",
                             0xd800 + ((c - 0x10000) >> 10),
                             0xdc00 + ((c - 0x10000) & 0x3ff));
    }
    sp_strbuf_add(b, "\"", 1);
}

static int check_name(const char *s, bool member, sp_error *err)
{
    if (!s || !*s)
        return SP_FAIL(err, SP_EINVAL, "ema export: an empty column name");
    if (!utf8_ok(s))
        return SP_FAIL(err, SP_EINVAL, "ema export: name '%s' is not UTF-8",
                       s);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || (member && (*p > 0x7e || *p == '/')))
            return SP_FAIL(err, SP_EINVAL,
                           "ema export: name '%s': %s", s, member
                           ? "an outcome name must be printable ASCII "
                             "without '/' (it names a file in the archive)"
                           : "a control character");
    if (member && strlen(s) + 4 > 100)
        return SP_FAIL(err, SP_EINVAL,
                       "ema export: outcome name '%s' is longer than 96 "
                       "bytes (a ustar member name)", s);
    return SP_OK;
}

/* Names checked, and no column named twice. */
static int check_names(const char *const *unc, size_t n_unc,
                       const char *const *out, size_t n_out, sp_error *err)
{
    static const char *const fixed[3] = {"scenario", "policy", "model"};
    for (size_t i = 0; i < n_unc + n_out; i++) {
        bool member = i >= n_unc;
        const char *s = member ? out[i - n_unc] : unc[i];
        int rc = check_name(s, member, err);
        if (rc != SP_OK)
            return rc;
        for (size_t j = member ? n_unc : 0; j < i; j++)
            if (!strcmp(s, member ? out[j - n_unc] : unc[j]))
                return SP_FAIL(err, SP_EINVAL,
                               "ema export: '%s' is named twice", s);
        for (size_t j = 0; !member && j < 3; j++)
            if (!strcmp(s, fixed[j]))
                return SP_FAIL(err, SP_EINVAL,
                               "ema export: an uncertainty may not be named "
                               "'%s' (EMA's own column)", s);
    }
    return SP_OK;
}

/* ---- open / add ---------------------------------------------------- */

/* An unlinked read-write temporary file in PATH's directory. */
static FILE *temp_beside(const char *path)
{
    size_t n = strlen(path) + 16;
    char *t = sp_malloc(n);
    if (!t)
        return NULL;
    snprintf(t, n, "%s.part.XXXXXX", path);
    int fd = mkstemp(t);
    FILE *f = NULL;
    if (fd >= 0) {
        unlink(t);
        f = fdopen(fd, "w+b");
        if (!f)
            close(fd);
    }
    sp_xfree(t);
    return f;
}

static char **dup_names(const char *const *names, size_t n)
{
    char **d = sp_calloc(n ? n : 1, sizeof *d);
    for (size_t i = 0; d && i < n; i++)
        if (!(d[i] = sp_strdup(names[i]))) {
            while (i--)
                sp_xfree(d[i]);
            sp_xfree(d);
            return NULL;
        }
    return d;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        sp_xfree(names[i]);
    sp_xfree(names);
}

static int write_header(sp_ema_export *x, sp_error *err)
{
    sp_strbuf *b = &x->row;
    b->len = 0;
    for (size_t j = 0; j < x->n_unc; j++) {
        csv_text(b, x->unc[j]);
        sp_strbuf_add(b, ",", 1);
    }
    sp_strbuf_puts(b, "scenario,policy,model\n");
    if (b->failed)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (fwrite(b->s, 1, b->len, x->exp) != b->len)
        return SP_FAIL(err, SP_EIO, "ema export: writing a temporary file "
                       "beside %s: %s", x->path, strerror(errno));
    return SP_OK;
}

static int alloc_writer(sp_ema_export *x, const char *path,
                        const char *const *unc, const sp_ema_dtype *dtypes,
                        const char *const *out)
{
    size_t n = strlen(path) + 5;
    x->path = sp_strdup(path);
    x->tmp_path = sp_malloc(n);
    x->unc = dup_names(unc, x->n_unc);
    x->out = dup_names(out, x->n_out);
    x->dtype = sp_calloc(x->n_unc ? x->n_unc : 1, sizeof *x->dtype);
    x->cls = sp_calloc(x->n_out ? x->n_out : 1, sizeof *x->cls);
    if (!x->path || !x->tmp_path || !x->unc || !x->out || !x->dtype ||
        !x->cls)
        return SP_ENOMEM;
    snprintf(x->tmp_path, n, "%s.tmp", path);
    for (size_t j = 0; dtypes && j < x->n_unc; j++)
        x->dtype[j] = dtypes[j];
    return SP_OK;
}

int sp_ema_export_open(const char *path, const char *const *uncertainties,
                       const sp_ema_dtype *dtypes, size_t n_unc,
                       const char *const *outcomes, size_t n_out,
                       sp_ema_export **out, sp_error *err)
{
    *out = NULL;
    if (n_out > SP_EMA_MAX_OUTCOMES)
        return SP_FAIL(err, SP_ELIMIT, "ema export: at most %d outcomes",
                       SP_EMA_MAX_OUTCOMES);
    for (size_t j = 0; dtypes && j < n_unc; j++)
        if (dtypes[j] != SP_EMA_FLOAT64 && dtypes[j] != SP_EMA_INT64)
            return SP_FAIL(err, SP_EINVAL, "ema export: unknown dtype");
    int rc = check_names(uncertainties, n_unc, outcomes, n_out, err);
    if (rc != SP_OK)
        return rc;
    sp_ema_export *x = sp_calloc(1, sizeof *x);
    if (!x)
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    x->n_unc = n_unc;
    x->n_out = n_out;
    sp_strbuf_init(&x->row);
    if (alloc_writer(x, path, uncertainties, dtypes, outcomes) != SP_OK) {
        sp_ema_export_free(x);
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    }
    bool files = (x->exp = temp_beside(path)) != NULL;
    for (size_t j = 0; files && j < n_out; j++)
        files = (x->cls[j] = temp_beside(path)) != NULL;
    rc = files ? write_header(x, err)
               : SP_FAIL(err, SP_EIO, "ema export: cannot make a temporary "
                         "file beside %s: %s", path, strerror(errno));
    if (rc != SP_OK) {
        sp_ema_export_free(x);
        return rc;
    }
    *out = x;
    return SP_OK;
}

static int add_value(sp_ema_export *x, size_t j, double v, sp_error *err)
{
    char buf[40];
    if (x->dtype[j] == SP_EMA_FLOAT64) {
        if (!isnan(v))
            sp_strbuf_puts(&x->row, sp_fmt_py_repr(buf, sizeof buf, v));
    } else if (v == floor(v) && fabs(v) < 9223372036854775808.0) {
        sp_strbuf_printf(&x->row, "%lld", (long long)v);
    } else {
        return SP_FAIL(err, SP_EINVAL, "ema export: column '%s' is int64 "
                       "but the value %.17g is not a whole number in range",
                       x->unc[j], v);
    }
    sp_strbuf_add(&x->row, ",", 1);
    return SP_OK;
}

static int add_labels(sp_ema_export *x, const char *const lab[3],
                      sp_error *err)
{
    for (int i = 0; i < 3; i++) {
        if (lab[i] && !utf8_ok(lab[i]))
            return SP_FAIL(err, SP_EINVAL, "ema export: a label is not "
                           "UTF-8");
        csv_text(&x->row, lab[i]);
        sp_strbuf_add(&x->row, i < 2 ? "," : "\n", 1);
    }
    return SP_OK;
}

static int write_outcomes(sp_ema_export *x, const double *o, sp_error *err)
{
    char buf[40];
    for (size_t j = 0; j < x->n_out; j++) {
        const char *s = isnan(o[j]) ? "\"\""
                        : sp_fmt_py_repr(buf, sizeof buf, o[j]);
        if (fprintf(x->cls[j], "%s\n", s) < 0)
            return SP_FAIL(err, SP_EIO, "ema export: writing a temporary "
                           "file beside %s: %s", x->path, strerror(errno));
    }
    return SP_OK;
}

int sp_ema_export_add_row(sp_ema_export *x, const double *unc,
                          const char *scenario, const char *policy,
                          const char *model, const double *outcomes,
                          sp_error *err)
{
    if (x->state != 0)
        return SP_FAIL(err, SP_EINVAL, "ema export: the writer has %s",
                       x->state == 1 ? "failed" : "finished");
    const char *const lab[3] = {scenario, policy, model};
    x->row.len = 0;
    int rc = SP_OK;
    for (size_t j = 0; rc == SP_OK && j < x->n_unc; j++)
        rc = add_value(x, j, unc[j], err);
    if (rc == SP_OK)
        rc = add_labels(x, lab, err);
    if (rc != SP_OK)
        return rc; /* nothing written: the writer stays usable */
    if (x->row.failed)
        rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
    else if (fwrite(x->row.s, 1, x->row.len, x->exp) != x->row.len)
        rc = SP_FAIL(err, SP_EIO, "ema export: writing a temporary file "
                     "beside %s: %s", x->path, strerror(errno));
    if (rc == SP_OK)
        rc = write_outcomes(x, outcomes, err);
    if (rc != SP_OK)
        x->state = 1; /* a half-written row: no archive from this */
    return rc;
}

/* ---- the archive ---------------------------------------------------- */

typedef struct gz {
    z_stream z;
    FILE *f;
    unsigned char out[COPY_BUF];
    unsigned long long total; /* uncompressed bytes, for the padding */
    bool failed;
} gz;

static voidpf gz_alloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    return sp_malloc((size_t)items * size);
}

static void gz_free(voidpf opaque, voidpf p)
{
    (void)opaque;
    sp_xfree(p);
}

static void gz_write(gz *g, const void *data, size_t n, int flush)
{
    if (g->failed)
        return;
    g->z.next_in = (Bytef *)data;
    g->z.avail_in = (uInt)n;
    g->total += n;
    do {
        g->z.next_out = g->out;
        g->z.avail_out = sizeof g->out;
        int zr = deflate(&g->z, flush);
        size_t have = sizeof g->out - g->z.avail_out;
        if (zr == Z_STREAM_ERROR ||
            (have && fwrite(g->out, 1, have, g->f) != have)) {
            g->failed = true;
            return;
        }
    } while (g->z.avail_out == 0);
}

static void pad_to(gz *g, unsigned long long multiple)
{
    static const unsigned char zero[TAR_BLOCK];
    while (g->total % multiple)
        gz_write(g, zero, (size_t)(multiple - g->total % multiple) > TAR_BLOCK
                 ? TAR_BLOCK : (size_t)(multiple - g->total % multiple),
                 Z_NO_FLUSH);
}

/* A ustar header as Python's tarfile writes it for TarInfo(name) with
 * a size (see the header comment). */
static void tar_header(unsigned char h[TAR_BLOCK], const char *name,
                       unsigned long long size)
{
    memset(h, 0, TAR_BLOCK);
    memcpy(h, name, strlen(name));
    memcpy(h + 100, "0000644", 8);
    memcpy(h + 108, "0000000", 8);
    memcpy(h + 116, "0000000", 8);
    snprintf((char *)h + 124, 12, "%011llo", size);
    memcpy(h + 136, "00000000000", 12);
    memset(h + 148, ' ', 8);
    h[156] = '0';
    memcpy(h + 257, "ustar\0" "00", 8);
    unsigned sum = 0;
    for (int i = 0; i < TAR_BLOCK; i++)
        sum += h[i];
    snprintf((char *)h + 148, 7, "%06o", sum);
    h[155] = ' ';
}

/* One member from a temporary file (src) or from memory. */
static int tar_member(gz *g, const char *name, FILE *src, const char *mem,
                      size_t mem_len, unsigned char *buf, sp_error *err)
{
    unsigned long long size = mem_len;
    if (src) {
        if (fflush(src) != 0 || fseeko(src, 0, SEEK_END) != 0)
            return SP_FAIL(err, SP_EIO, "ema export: %s: %s", name,
                           strerror(errno));
        size = (unsigned long long)ftello(src);
        rewind(src);
    }
    if (size >= 077777777777ull)
        return SP_FAIL(err, SP_ELIMIT, "ema export: %s is 8 GiB or more "
                       "(a ustar member's limit)", name);
    unsigned char h[TAR_BLOCK];
    tar_header(h, name, size);
    gz_write(g, h, TAR_BLOCK, Z_NO_FLUSH);
    if (!src)
        gz_write(g, mem, mem_len, Z_NO_FLUSH);
    for (size_t got; src && (got = fread(buf, 1, COPY_BUF, src)) > 0;)
        gz_write(g, buf, got, Z_NO_FLUSH);
    if (src && ferror(src))
        return SP_FAIL(err, SP_EIO, "ema export: reading back %s", name);
    pad_to(g, TAR_BLOCK);
    return SP_OK;
}

static void metadata_json(const sp_ema_export *x, sp_strbuf *b)
{
    sp_strbuf_puts(b, "{\"version\": 0.1, \"outcomes\": [");
    for (size_t j = 0; j < x->n_out; j++) {
        sp_strbuf_puts(b, j ? ", [\"ScalarOutcome\", " : "[\"ScalarOutcome\", ");
        json_ascii(b, x->out[j]);
        sp_strbuf_printf(b, ", \"%s.cls\"]", x->out[j]);
    }
    sp_strbuf_puts(b, "], \"experiments\": {");
    for (size_t j = 0; j < x->n_unc; j++) {
        json_ascii(b, x->unc[j]);
        sp_strbuf_puts(b, x->dtype[j] == SP_EMA_INT64 ? ": \"int64\", "
                                                      : ": \"float64\", ");
    }
    sp_strbuf_puts(b, "\"scenario\": \"category\", \"policy\": \"category\", "
                      "\"model\": \"category\"}}");
}

/* All members, the end blocks and the record padding, into g. */
static int write_tar(sp_ema_export *x, gz *g, unsigned char *buf,
                     sp_error *err)
{
    int rc = tar_member(g, "experiments.csv", x->exp, NULL, 0, buf, err);
    char name[104];
    for (size_t j = 0; rc == SP_OK && j < x->n_out; j++) {
        snprintf(name, sizeof name, "%s.cls", x->out[j]);
        rc = tar_member(g, name, x->cls[j], NULL, 0, buf, err);
    }
    sp_strbuf meta;
    sp_strbuf_init(&meta);
    metadata_json(x, &meta);
    if (rc == SP_OK && meta.failed)
        rc = SP_FAIL(err, SP_ENOMEM, "out of memory");
    if (rc == SP_OK)
        rc = tar_member(g, "metadata.json", NULL, meta.s, meta.len, buf, err);
    sp_strbuf_free(&meta);
    if (rc != SP_OK)
        return rc;
    static const unsigned char zero[2 * TAR_BLOCK];
    gz_write(g, zero, sizeof zero, Z_NO_FLUSH);
    pad_to(g, TAR_RECORD);
    gz_write(g, NULL, 0, Z_FINISH);
    return SP_OK;
}

/* PATH.tmp written and closed; removed on failure. */
static int write_archive(sp_ema_export *x, sp_error *err)
{
    gz *g = sp_calloc(1, sizeof *g);
    unsigned char *buf = sp_malloc(COPY_BUF);
    if (!g || !buf) {
        sp_xfree(g);
        sp_xfree(buf);
        return SP_FAIL(err, SP_ENOMEM, "out of memory");
    }
    g->z.zalloc = gz_alloc;
    g->z.zfree = gz_free;
    int rc = SP_OK;
    if (deflateInit2(&g->z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
        != Z_OK)
        rc = SP_FAIL(err, SP_ENOMEM, "ema export: zlib could not start");
    else if (!(g->f = fopen(x->tmp_path, "wb")))
        rc = SP_FAIL(err, SP_EIO, "ema export: cannot write %s: %s",
                     x->tmp_path, strerror(errno));
    if (rc == SP_OK)
        rc = write_tar(x, g, buf, err);
    if (rc == SP_OK && g->failed)
        rc = SP_FAIL(err, SP_EIO, "ema export: writing %s failed",
                     x->tmp_path);
    if (g->f && fclose(g->f) != 0 && rc == SP_OK)
        rc = SP_FAIL(err, SP_EIO, "ema export: closing %s: %s",
                     x->tmp_path, strerror(errno));
    deflateEnd(&g->z);
    sp_xfree(g);
    sp_xfree(buf);
    if (rc != SP_OK)
        remove(x->tmp_path);
    return rc;
}

int sp_ema_export_finish(sp_ema_export *x, sp_error *err)
{
    if (x->state != 0)
        return SP_FAIL(err, SP_EINVAL, "ema export: the writer has %s",
                       x->state == 1 ? "failed" : "finished");
    x->state = 1;
    int rc = write_archive(x, err);
    if (rc == SP_OK && rename(x->tmp_path, x->path) != 0) {
        rc = SP_FAIL(err, SP_EIO, "ema export: renaming %s to %s: %s",
                     x->tmp_path, x->path, strerror(errno));
        remove(x->tmp_path);
    }
    if (rc == SP_OK)
        x->state = 2;
    return rc;
}

void sp_ema_export_free(sp_ema_export *x)
{
    if (!x)
        return;
    if (x->exp)
        fclose(x->exp);
    for (size_t j = 0; x->cls && j < x->n_out; j++)
        if (x->cls[j])
            fclose(x->cls[j]);
    sp_xfree(x->cls);
    free_names(x->unc, x->n_unc);
    free_names(x->out, x->n_out);
    sp_xfree(x->dtype);
    sp_xfree(x->path);
    sp_xfree(x->tmp_path);
    sp_strbuf_free(&x->row);
    sp_xfree(x);
}
