/*
 * libm_test.h -- the harness of the native accuracy tests of hcc's device
 * math library (hcc/include/hcc_libm_*.h, compiled here as plain C).
 *
 * A test measures each function over special values and millions of
 * arguments drawn from the function's domain, against the host's long double
 * library (64-bit significands: 11 bits more than double), and fails when the
 * largest error exceeds the bound CUDA's programming guide gives for the
 * same function.  Errors are in ulps of the exact result's double
 * precision; NaN must match NaN and an exact special case must be exact.
 *
 *   libm_check1("exp", __hcc_exp, expl, bound, lo, hi, LIBM_LOG)
 *
 * measures exp over [lo, hi] with arguments spread evenly in magnitude
 * (LIBM_LOG, both signs when lo < 0) or evenly (LIBM_LINEAR), plus the
 * special values inside [lo, hi] and the infinities and NaN.  It prints one
 * line of the table (max ulp, where, bound) and returns 0 when within bound.
 */
#ifndef LIBM_TEST_H
#define LIBM_TEST_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libm_ref.h"

/* how many arguments each check draws; LIBM_SAMPLES in the environment
 * overrides it (a sanitizer build uses fewer) */
static inline long libm_samples(void) {
    const char *s = getenv("LIBM_SAMPLES");
    long n = s ? atol(s) : 0;
    return n > 0 ? n : 1000000;
}

/* ---- arguments ------------------------------------------------------------- */

static uint64_t libm_rng = 0x9e3779b97f4a7c15ull;

static inline uint64_t libm_next(void) {
    libm_rng ^= libm_rng >> 12;
    libm_rng ^= libm_rng << 25;
    libm_rng ^= libm_rng >> 27;
    return libm_rng * 0x2545f4914f6cdd1dull;
}

/* uniform in [0, 1) with 53 random bits */
static inline double libm_unit(void) { return (double)(libm_next() >> 11) * 0x1p-53; }

enum libm_spread { LIBM_LINEAR, LIBM_LOG };

/* One argument in [lo, hi]: uniformly, or with a uniformly distributed
 * exponent (LIBM_LOG: every binade between the smallest subnormal magnitude
 * and the bound is equally likely, negative values too when lo < 0). */
static inline double libm_arg(double lo, double hi, enum libm_spread spread) {
    if (spread == LIBM_LINEAR)
        return lo + (hi - lo) * libm_unit();
    double top = fabs(lo) > fabs(hi) ? fabs(lo) : fabs(hi);
    double bot = (lo > 0) ? lo : (hi < 0 ? -hi : 0x1p-1074);
    for (;;) {
        double l2lo = log2(bot), l2hi = log2(top);
        double x = exp2(l2lo + (l2hi - l2lo) * libm_unit());
        if (lo < 0 && hi > 0 && (libm_next() & 1))
            x = -x;
        else if (hi <= 0)
            x = -x;
        if (x >= lo && x <= hi)
            return x;
    }
}

/* ---- the table ------------------------------------------------------------- */

static int libm_failures;

static inline void libm_header(const char *title) {
    printf("%s\n%-14s %10s %28s %8s %8s\n", title, "function", "max ulp", "at", "bound", "result");
}

/* Reports one function: worst error err at argument x (and y for two-argument
 * functions; NAN when none), checked against bound. */
static inline int libm_report(const char *name, double err, double x, double y, double bound) {
    char at[64];
    if (isnan(y))
        snprintf(at, sizeof at, "%.17g", x);
    else
        snprintf(at, sizeof at, "%.9g, %.9g", x, y);
    int ok = err <= bound;
    printf("%-14s %10.3f %28s %8.1f %8s\n", name, err, at, bound, ok ? "ok" : "FAIL");
    if (!ok)
        libm_failures++;
    return ok ? 0 : 1;
}

/* The values every one-argument check also tries when they lie in [lo, hi]. */
static const double libm_specials[] = {
    0.0, -0.0, 0x1p-1074, -0x1p-1074, 0x1p-1022, -0x1p-1022, 0x1p-1000, 0x1p-30, 0x1p-26, -0x1p-26,
    0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 3.0, 0.75, 10.0, 100.0, -100.0, 1e10, -1e10, 0x1p52, 0x1p53,
    1e300, -1e300, 1.7976931348623157e308, -1.7976931348623157e308,
};

typedef double (*libm_fn1)(double);
typedef long double (*libm_ref1)(long double);

/* Measures f against ref over [lo, hi] (see the top of this file). */
static inline int libm_check1(const char *name, libm_fn1 f, libm_ref1 ref, double bound, double lo, double hi,
                       enum libm_spread spread) {
    double worst = 0, worst_x = 0;
    long n = libm_samples();
    for (long i = -(long)(sizeof libm_specials / sizeof *libm_specials) - 3; i < n; i++) {
        double x;
        if (i < -3) {
            x = libm_specials[i + 3 + (long)(sizeof libm_specials / sizeof *libm_specials)];
            if (!(x >= lo && x <= hi))
                continue;
        } else if (i < 0) {
            x = i == -3 ? INFINITY : i == -2 ? -INFINITY : NAN;
        } else {
            x = libm_arg(lo, hi, spread);
        }
        double err = libm_ulp_error(f(x), ref((long double)x));
        if (err > worst || isnan(err)) {
            worst = err;
            worst_x = x;
        }
    }
    return libm_report(name, worst, worst_x, NAN, bound);
}

typedef double (*libm_fn2)(double, double);
typedef long double (*libm_ref2)(long double, long double);

/* Measures a two-argument f: x drawn as libm_check1 draws, y likewise over
 * [ylo, yhi]. */
static inline int libm_check2(const char *name, libm_fn2 f, libm_ref2 ref, double bound, double xlo, double xhi,
                       enum libm_spread xs, double ylo, double yhi, enum libm_spread ys) {
    double worst = 0, worst_x = 0, worst_y = 0;
    long n = libm_samples();
    for (long i = 0; i < n; i++) {
        double x = libm_arg(xlo, xhi, xs), y = libm_arg(ylo, yhi, ys);
        double err = libm_ulp_error(f(x, y), ref((long double)x, (long double)y));
        if (err > worst || isnan(err)) {
            worst = err;
            worst_x = x;
            worst_y = y;
        }
    }
    return libm_report(name, worst, worst_x, worst_y, bound);
}

/* ---- exact cases ----------------------------------------------------------- */

static int libm_exact_failures;

/* An exact case: got must be want bit for bit (any NaN matches any NaN; the
 * signs of zeros count).  Misses are printed and counted. */
static inline void libm_check_exact(const char *what, double got, double want) {
    if ((isnan(got) && isnan(want)) || memcmp(&got, &want, sizeof got) == 0)
        return;
    printf("  exact case %s: got %a, want %a\n", what, got, want);
    libm_exact_failures++;
}

/* The exit status of a test: 0 when every check passed. */
static inline int libm_done(void) {
    if (libm_exact_failures) {
        printf("%d exact case(s) wrong\n", libm_exact_failures);
        libm_failures++;
    }
    if (libm_failures)
        printf("%d function(s) outside their bounds\n", libm_failures);
    return libm_failures ? 1 : 0;
}

#endif
