/*
 * dprk.c - provocation counts a year and a constant rate's predictive
 * interval (see dprk.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dprk.h"


#include <gsl/gsl_cdf.h>
#include <stdlib.h>
#include <string.h>

/* The year of an ISO date "YYYY-MM-DD"; -1 if it is not one. */
static int iso_year(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return -1;
    return atoi(s);
}

int sp_dprk_counts(const char *dir, int y0, int y1, double *count,
                   sp_error *err)
{
    static const char *const name[] = {"date"};
    sp_csv c;
    size_t col;
    for (int y = y0; y <= y1; y++)
        count[y - y0] = 0;
    int rc = sp_csv_load_in(dir, "dprk_provocations.csv", name, 1, &col, &c,
                            err);
    for (size_t r = 0; !rc && r < c.n_rows; r++) {
        int y = iso_year(sp_csv_at(&c, r, col));
        if (y < 0)
            rc = SP_FAIL(err, SP_EFORMAT, "%s:%zu: date '%s' is not "
                         "YYYY-MM-DD", c.path, r + 2,
                         sp_csv_at(&c, r, col));
        else if (y >= y0 && y <= y1)
            count[y - y0]++;
    }
    sp_csv_free(&c);
    return rc;
}

void sp_poisson_predictive(double total, int n, double level, int *lo,
                           int *hi)
{
    /* Gamma(a, rate n) mixed Poisson = negative binomial with size a and
     * success probability n / (n + 1) */
    double a = total + 0.5, p = (double)n / (n + 1.0);
    double tail = 0.5 * (1 - level);
    int k = 0;
    while (gsl_cdf_negative_binomial_P((unsigned)k, p, a) < tail)
        k++;
    *lo = k;
    while (gsl_cdf_negative_binomial_Q((unsigned)k, p, a) > tail)
        k++;
    *hi = k;
}
