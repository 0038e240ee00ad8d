/*
 * hcc_libm_exact.h -- functions whose results are exact: remainders,
 * decomposition, rounding, neighbours.
 *
 * Every result here is a representable number that the function defines
 * exactly, so each one must match the host's C library bit for bit
 * (hcc/tests/libm/test_exact.c checks that).  Special cases follow C99
 * Annex F, as CUDA does; ilogb returns INT_MIN for zero and NaN and INT_MAX
 * for infinities (CUDA's and glibc's x86-64 FP_ILOGB0 / FP_ILOGBNAN).
 */
#ifndef HCC_LIBM_EXACT_H
#define HCC_LIBM_EXACT_H

#include "hcc_libm_common.h"

#define __HCC_ILOGB_ZERO (-2147483647 - 1) /* FP_ILOGB0 */
#define __HCC_ILOGB_NAN (-2147483647 - 1)  /* FP_ILOGBNAN */
#define __HCC_ILOGB_INF 2147483647         /* INT_MAX */

/* floor(log2|a|) for finite a != 0, subnormals included (scaling by 2^54
 * makes a subnormal normal, exactly). */
__HCC_LIBM_INLINE int __hcc_exact_expo(double a) {
    int e = __hcc_dexp_field(a);
    if (e == 0)
        return __hcc_dexp_field(a * 0x1p54) - 1023 - 54;
    return e - 1023;
}

/* ---- remainders ------------------------------------------------------------ */

/* ax - Q*ay with Q = floor(ax / ay), for finite ax >= ay > 0, exactly; *q
 * receives Q modulo 2^32.
 *
 * Long division, about 51 quotient bits per step instead of one: each step
 * divides by Y = ay * 2^k, with k chosen so that ax / Y < 2^52, takes
 * n = trunc(fl(ax / Y)) and the new ax = ax - n*Y in one fma.  That fma is
 * exact: the correctly rounded quotient is never below floor(ax/Y) and at
 * most one above (a double near an integer rounds to at most that integer),
 * so ax - n*Y lies in (-Y, Y); it is a multiple of ulp(Y) (ax is a multiple
 * of ulp(ax) >= ulp(Y)), which makes it a 53-bit number.  A negative one is
 * put back into [0, Y) by adding Y, exactly too.  Each step lowers ax's
 * exponent by at least 51, so fmod(DBL_MAX, DBL_TRUE_MIN) takes 42 steps at
 * most and quotients below 2^52 take one. */
__HCC_LIBM_INLINE double __hcc_rem_floor(double ax, double ay, unsigned *q) {
    int ey = __hcc_exact_expo(ay);
    unsigned qlow = 0;
    while (ax >= ay) {
        int k = __hcc_exact_expo(ax) - ey - 51;
        if (k < 0)
            k = 0;
        double yk = __hcc_scale2(ay, k); /* exact: scales up, and stays below ax * 2^-50 */
        double n = __builtin_trunc(ax / yk);
        double r = __builtin_fma(-n, yk, ax);
        if (r < 0) {
            r += yk;
            n -= 1.0;
        }
        if (k < 32) /* only the quotient's low 32 bits are kept */
            qlow += (unsigned)(unsigned long long)n << k;
        ax = r;
    }
    *q = qlow;
    return ax;
}

/* x - n*y with n = trunc(x / y); the result has x's sign. */
__HCC_LIBM double __hcc_fmod(double x, double y) {
    double ax = __builtin_fabs(x), ay = __builtin_fabs(y);
    if (!(ax < __builtin_inf()) || !(ay > 0)) {
        /* NaN operands propagate; fmod(inf, y) and fmod(x, 0) are invalid */
        return (x != x || y != y) ? x + y : __builtin_nan("");
    }
    if (ax < ay) /* y infinite, x zero, or simply |x| < |y| */
        return x;
    unsigned q;
    return __builtin_copysign(__hcc_rem_floor(ax, ay, &q), x);
}

/* x - n*y with n = x / y rounded to the nearest integer, ties to even; *quo
 * gets n's sign and its low 3 bits (as glibc; C99 asks for at least 3). */
__HCC_LIBM double __hcc_remquo(double x, double y, int *quo) {
    double ax = __builtin_fabs(x), ay = __builtin_fabs(y);
    *quo = 0;
    if (!(ax < __builtin_inf()) || !(ay > 0))
        return (x != x || y != y) ? x + y : __builtin_nan("");
    unsigned q = 0;
    double r = ax;
    if (ax >= ay)
        r = __hcc_rem_floor(ax, ay, &q);
    /* r in [0, ay): round the quotient up when r > ay/2, or r == ay/2 and the
     * quotient is odd.  The comparison is exact: 2r cannot overflow for
     * ay < 2^1022, and ay/2 cannot lose a bit for larger ay.  r - ay is then
     * exact too (Sterbenz). */
    int up = ay < 0x1p1022 ? (2.0 * r > ay || (2.0 * r == ay && (q & 1u)))
                           : (r > 0.5 * ay || (r == 0.5 * ay && (q & 1u)));
    if (up) {
        r -= ay;
        q++;
    }
    int q3 = (int)(q & 7u);
    *quo = ((__hcc_d2u(x) ^ __hcc_d2u(y)) >> 63) ? -q3 : q3;
    /* a zero result keeps x's sign */
    return (__hcc_d2u(x) >> 63) ? -r : r;
}

__HCC_LIBM double __hcc_remainder(double x, double y) {
    int quo;
    return __hcc_remquo(x, y, &quo);
}

/* ---- decomposition ---------------------------------------------------------- */

/* The fraction and integral parts, both with x's sign; x - trunc(x) is
 * exact (below 1 nothing is subtracted, above 1 both lie within a factor
 * of two). */
__HCC_LIBM double __hcc_modf(double x, double *ipart) {
    double t = __builtin_trunc(x);
    *ipart = t;
    if (__builtin_fabs(x) == __builtin_inf())
        return __builtin_copysign(0.0, x);
    return __builtin_copysign(x - t, x);
}

/* x = m * 2^e with |m| in [0.5, 1); zeros, infinities and NaN come back
 * unchanged with e = 0. */
__HCC_LIBM double __hcc_frexp(double x, int *e) {
    if (x == 0 || !(__builtin_fabs(x) < __builtin_inf())) {
        *e = 0;
        return x + x;
    }
    int adj = 0;
    if (__hcc_dexp_field(x) == 0) { /* subnormal: make it normal, exactly */
        x *= 0x1p54;
        adj = 54;
    }
    *e = __hcc_dexp_field(x) - 1022 - adj;
    return __hcc_u2d((__hcc_d2u(x) & ~(0x7ffull << 52)) | (1022ull << 52));
}

/* floor(log2|x|) as a double: -inf for zeros, +inf for infinities. */
__HCC_LIBM double __hcc_logb(double x) {
    if (x == 0)
        return -__builtin_inf();
    if (!(__builtin_fabs(x) < __builtin_inf()))
        return x * x;
    return (double)__hcc_exact_expo(x);
}

/* floor(log2|x|) as an int. */
__HCC_LIBM int __hcc_ilogb(double x) {
    if (x == 0)
        return __HCC_ILOGB_ZERO;
    if (x != x)
        return __HCC_ILOGB_NAN;
    if (__builtin_fabs(x) == __builtin_inf())
        return __HCC_ILOGB_INF;
    return __hcc_exact_expo(x);
}

/* ---- rounding and neighbours ------------------------------------------------ */

/* The nearest integer, halfway cases away from zero.  x - trunc(x) is exact
 * (see modf), so the comparison with 0.5 decides exactly -- unlike
 * floor(x + 0.5), which rounds 0.49999999999999994 up. */
__HCC_LIBM double __hcc_round(double x) {
    double t = __builtin_trunc(x);
    if (__builtin_fabs(x - t) >= 0.5)
        t += __builtin_copysign(1.0, x);
    return t;
}

/* x - y when x > y, else +0; NaN when either is NaN. */
__HCC_LIBM double __hcc_fdim(double x, double y) { return x > y ? x - y : (x <= y ? 0.0 : x + y); }

/* The representable number next to x in the direction of y (y when equal). */
__HCC_LIBM double __hcc_nextafter(double x, double y) {
    if (x != x || y != y)
        return x + y;
    if (x == y)
        return y;
    if (x == 0)
        return __builtin_copysign(0x1p-1074, y);
    /* away from zero is one more in the magnitude bits, towards is one less */
    unsigned long long u = __hcc_d2u(x);
    u = ((x < y) == (x > 0)) ? u + 1 : u - 1;
    return __hcc_u2d(u);
}

__HCC_LIBM float __hcc_nextafterf(float x, float y) {
    if (x != x || y != y)
        return x + y;
    if (x == y)
        return y;
    if (x == 0)
        return __builtin_copysignf(0x1p-149f, y);
    unsigned u = __hcc_f2u(x);
    u = ((x < y) == (x > 0)) ? u + 1 : u - 1;
    return __hcc_u2f(u);
}

#endif
