/*
 * expect.h - EXPECT_NEAR for the numeric tests: |got - want| <= tol, else
 * fail with both values, the tolerance and what is being checked (its
 * source included). Include after <cmocka.h> and <math.h>.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef SPIRAL_TEST_EXPECT_H
#define SPIRAL_TEST_EXPECT_H

#define EXPECT_NEAR(got, want, tol, what)                                      \
    do {                                                                       \
        double g_ = (got), w_ = (want), t_ = (tol);                            \
        if (!(fabs(g_ - w_) <= t_))                                            \
            fail_msg("%s: got %.17g, want %.17g (|diff| %.3g > tolerance "    \
                     "%.3g)", (what), g_, w_, fabs(g_ - w_), t_);              \
    } while (0)

#endif
