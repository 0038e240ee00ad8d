/*
 * test_hyper.c -- accuracy of hcc_libm_hyper.h (sinh, cosh, tanh, asinh,
 * acosh, atanh) against the host's long double library, with the bounds of
 * CUDA's double-precision table (the Programming Guide's "Mathematical
 * Functions" appendix): 2 ulps for sinh, 1 for cosh and tanh, 3 for asinh
 * and acosh, 2 for atanh.  Besides the whole domains: the ranges where
 * cancellation threatens (small arguments, acosh near 1, atanh near 1), the
 * last binade below overflow of sinh and cosh (709.78 < |x| <= 710.4758
 * must stay finite), and the exact special values and signed zeros.
 */
#define _GNU_SOURCE
#include "hcc_libm_hyper.h"

#include "libm_test.h"

/* ---- exact cases ----------------------------------------------------------- */

static void exact_cases(void) {
    const double inf = INFINITY, nan = NAN, tiny = 0x1p-1074;
    libm_check_exact("sinh(-0)", __hcc_sinh(-0.0), -0.0);
    libm_check_exact("sinh(-tiny)", __hcc_sinh(-tiny), -tiny);
    libm_check_exact("sinh(inf)", __hcc_sinh(inf), inf);
    libm_check_exact("sinh(-inf)", __hcc_sinh(-inf), -inf);
    libm_check_exact("sinh(-711)", __hcc_sinh(-711), -inf);
    libm_check_exact("sinh(-1e300)", __hcc_sinh(-1e300), -inf);
    libm_check_exact("sinh(nan)", __hcc_sinh(nan), nan);
    libm_check_exact("cosh(-0)", __hcc_cosh(-0.0), 1.0);
    libm_check_exact("cosh(tiny)", __hcc_cosh(tiny), 1.0);
    libm_check_exact("cosh(-inf)", __hcc_cosh(-inf), inf);
    libm_check_exact("cosh(711)", __hcc_cosh(711), inf);
    libm_check_exact("cosh(nan)", __hcc_cosh(nan), nan);
    libm_check_exact("tanh(-0)", __hcc_tanh(-0.0), -0.0);
    libm_check_exact("tanh(tiny)", __hcc_tanh(tiny), tiny);
    libm_check_exact("tanh(-inf)", __hcc_tanh(-inf), -1.0);
    libm_check_exact("tanh(20)", __hcc_tanh(20), 1.0);
    libm_check_exact("tanh(nan)", __hcc_tanh(nan), nan);
    libm_check_exact("asinh(-0)", __hcc_asinh(-0.0), -0.0);
    libm_check_exact("asinh(-tiny)", __hcc_asinh(-tiny), -tiny);
    libm_check_exact("asinh(-inf)", __hcc_asinh(-inf), -inf);
    libm_check_exact("asinh(nan)", __hcc_asinh(nan), nan);
    libm_check_exact("acosh(1)", __hcc_acosh(1.0), 0.0);
    libm_check_exact("acosh(inf)", __hcc_acosh(inf), inf);
    libm_check_exact("acosh(1-ulp)", __hcc_acosh(1.0 - 0x1p-53), nan);
    libm_check_exact("acosh(0)", __hcc_acosh(0.0), nan);
    libm_check_exact("acosh(-inf)", __hcc_acosh(-inf), nan);
    libm_check_exact("acosh(nan)", __hcc_acosh(nan), nan);
    libm_check_exact("atanh(-0)", __hcc_atanh(-0.0), -0.0);
    libm_check_exact("atanh(tiny)", __hcc_atanh(tiny), tiny);
    libm_check_exact("atanh(1)", __hcc_atanh(1.0), inf);
    libm_check_exact("atanh(-1)", __hcc_atanh(-1.0), -inf);
    libm_check_exact("atanh(1+ulp)", __hcc_atanh(1.0 + 0x1p-52), nan);
    libm_check_exact("atanh(-inf)", __hcc_atanh(-inf), nan);
    libm_check_exact("atanh(nan)", __hcc_atanh(nan), nan);
    /* the last finite results below overflow */
    const double top = 0x1.633ce8fb9f87dp+9; /* 710.4758600739439: cosh(top) = 0x1.ffffffffffd3bp1023 */
    libm_check_exact("cosh(top)", __hcc_cosh(top), (double)coshl(top));
    libm_check_exact("sinh(-top)", __hcc_sinh(-top), (double)sinhl(-top));
    libm_check_exact("cosh(next(top))", __hcc_cosh(nextafter(top, inf)), inf);
    libm_check_exact("sinh(next(top))", __hcc_sinh(nextafter(top, inf)), inf);
}

/* ---- references for the ranges near 1 ----------------------------------------- */

/* acosh(1 + d) and atanh(1 - d) for small d: the argument is rounded as the
 * function under test receives it */
static double acosh_1p(double d) { return __hcc_acosh(1.0 + d); }
static long double ref_acosh_1p(long double d) { return acoshl((long double)(1.0 + (double)d)); }
static double atanh_1m(double d) { return __hcc_atanh(1.0 - d); }
static long double ref_atanh_1m(long double d) { return atanhl((long double)(1.0 - (double)d)); }

int main(void) {
    libm_header("hcc_libm_hyper.h against long double (CUDA double bounds)");
    const double big = 1.7976931348623157e308;
    libm_check1("sinh", __hcc_sinh, sinhl, 2, -big, big, LIBM_LOG);
    libm_check1("sinh small", __hcc_sinh, sinhl, 2, -1, 1, LIBM_LOG);
    libm_check1("sinh mid", __hcc_sinh, sinhl, 2, -40, 40, LIBM_LINEAR);
    libm_check1("sinh top", __hcc_sinh, sinhl, 2, 709, 711, LIBM_LINEAR);
    libm_check1("cosh", __hcc_cosh, coshl, 1, -big, big, LIBM_LOG);
    libm_check1("cosh small", __hcc_cosh, coshl, 1, -1, 1, LIBM_LOG);
    libm_check1("cosh mid", __hcc_cosh, coshl, 1, -40, 40, LIBM_LINEAR);
    libm_check1("cosh top", __hcc_cosh, coshl, 1, -711, -709, LIBM_LINEAR);
    libm_check1("tanh", __hcc_tanh, tanhl, 1, -big, big, LIBM_LOG);
    libm_check1("tanh small", __hcc_tanh, tanhl, 1, -1, 1, LIBM_LOG);
    libm_check1("tanh mid", __hcc_tanh, tanhl, 1, -20, 20, LIBM_LINEAR);
    libm_check1("asinh", __hcc_asinh, asinhl, 3, -big, big, LIBM_LOG);
    libm_check1("asinh mid", __hcc_asinh, asinhl, 3, -4, 4, LIBM_LINEAR);
    libm_check1("acosh", __hcc_acosh, acoshl, 3, 1, big, LIBM_LOG);
    libm_check1("acosh mid", __hcc_acosh, acoshl, 3, 1, 4, LIBM_LINEAR);
    libm_check1("acosh near 1", acosh_1p, ref_acosh_1p, 3, 0x1p-52, 1, LIBM_LOG);
    libm_check1("atanh", __hcc_atanh, atanhl, 2, -1, 1, LIBM_LOG);
    libm_check1("atanh mid", __hcc_atanh, atanhl, 2, -1, 1, LIBM_LINEAR);
    libm_check1("atanh near 1", atanh_1m, ref_atanh_1m, 2, 0x1p-53, 0.5, LIBM_LOG);
    exact_cases();
    return libm_done();
}
