/*
 * test_progress.c - the progress line's arithmetic: rate, ETA, bar.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "spiral.h"

static void test_midway(void **state)
{
    (void)state;
    char buf[256];
    /* 2,500 of 10,000 runs in 1.25 s: 2000 runs/s, 3.75 s left */
    sp_progress_format(buf, sizeof buf, 2500, 10000, 1.25, 20);
    assert_string_equal(buf, "[#####...............]  25.0% 2500/10000 runs"
                             "  2000 runs/s  elapsed 00:01  ETA 00:04");
}

static void test_start_and_end(void **state)
{
    (void)state;
    char buf[256];
    sp_progress_format(buf, sizeof buf, 0, 7, 0.0, 4);
    assert_string_equal(buf, "[....]   0.0% 0/7 runs  0 runs/s  elapsed "
                             "00:00  ETA --:--");
    sp_progress_format(buf, sizeof buf, 7, 7, 3725.0, 4);
    assert_string_equal(buf, "[####] 100.0% 7/7 runs  0 runs/s  elapsed "
                             "1:02:05  ETA 00:00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_midway),
        cmocka_unit_test(test_start_and_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
