/*
 * progress.c - the text of the progress line (the CLI draws it).
 *
 * Kept in the library as a pure function so its arithmetic (rate, ETA,
 * the bar) is unit-tested; printing and the terminal check stay in cli/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void fmt_duration(char *buf, size_t n, double s)
{
    if (!(s >= 0) || s > 99 * 3600.0) {
        snprintf(buf, n, "--:--");
        return;
    }
    int t = (int)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, n, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, n, "%02d:%02d", t / 60, t % 60);
}

void sp_progress_format(char *buf, size_t n, uint64_t done, uint64_t total,
                        double elapsed_s, int width)
{
    double frac = total ? (double)done / (double)total : 0.0;
    if (frac > 1)
        frac = 1;
    double rate = elapsed_s > 0 ? (double)done / elapsed_s : 0.0;
    double eta = rate > 0 ? (double)(total - (done < total ? done : total)) /
                                rate
                          : -1;
    char bar[64], eta_s[48], el_s[48];
    if (width > (int)sizeof bar - 1)
        width = (int)sizeof bar - 1;
    int fill = (int)floor(frac * width);
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width > 0 ? width : 0] = '\0';
    fmt_duration(eta_s, sizeof eta_s, eta);
    fmt_duration(el_s, sizeof el_s, elapsed_s);
    snprintf(buf, n, "[%s] %5.1f%% %llu/%llu runs  %.0f runs/s  elapsed %s  "
             "ETA %s", bar, 100.0 * frac, (unsigned long long)done,
             (unsigned long long)total, rate, el_s, eta_s);
}
