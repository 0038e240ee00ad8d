/*
 * libm_ref.h -- exact-enough references for the device math library's tests
 * (the native ones, test_*.c, and the device one, math_eval.cu), and the
 * error measure they share.
 *
 * A reference is a long double function (64-bit significands) of the same
 * arguments: the host's library where it has the function, otherwise a
 * formula in long double that keeps the relative error far below a double
 * ulp (CUDA-only functions such as sinpi, erfinv, erfcx, normcdf).
 */
#ifndef LIBM_REF_H
#define LIBM_REF_H

#include <math.h>

/* The error of got against the exact result ref, in ulps of ref in a binary
 * format with `bits` significand bits whose subnormals have the ulp
 * 2^min_exp and whose largest finite value is below 2^max_exp (double:
 * 53, -1074, 1024; float: 24, -149, 128).  Both NaN: 0; one NaN, or a
 * finite result where the exact one is infinite: infinity.  An infinite
 * result is right when the exact one rounds to infinity, and otherwise
 * counts as 2^max_exp, the first value the format cannot hold. */
static inline double libm_ulp_error_in(long double got, long double ref, int bits, int min_exp, int max_exp) {
    if (isnan(got) || isnan(ref))
        return (isnan(got) && isnan(ref)) ? 0 : INFINITY;
    if (isinf(ref))
        return got == ref ? 0 : INFINITY;
    long double top = ldexpl(1.0L, max_exp);
    if (isinf(got) && signbit(got) == signbit(ref) && fabsl(ref) >= top - ldexpl(1.0L, max_exp - bits - 1))
        return 0; /* the exact result rounds to infinity */
    long double g = isinf(got) ? copysignl(top, got) : got;
    long double a = fabsl(ref), ulp = ldexpl(1.0L, min_exp);
    if (a != 0) {
        int e;
        frexpl(a, &e); /* a = m * 2^e, m in [0.5, 1) */
        if (e - bits > min_exp)
            ulp = ldexpl(1.0L, e - bits);
    }
    return (double)(fabsl(g - ref) / ulp);
}

/* ... of a double result */
static inline double libm_ulp_error(double got, long double ref) {
    return libm_ulp_error_in(got, ref, 53, -1074, 1024);
}

/* ... of a float result */
static inline double libm_ulp_error_f(float got, long double ref) {
    return libm_ulp_error_in(got, ref, 24, -149, 128);
}

/* ---- references of functions the C library lacks ---------------------------- */

static const long double libm_pi_l = 3.141592653589793238462643383279502884L;

/* x = 2k + n/2 + f exactly, with |f| <= 1/4: returns f and n mod 4, so that
 * sinpi and cospi become sinl or cosl of pi f, whose argument stays small
 * (pi r near pi would lose the bits that matter near the zeros). */
static inline long double libm_reduce_pi(long double x, int *quadrant) {
    long double r = x - 2 * rintl(x / 2); /* exact, in [-1, 1] */
    long double n = rintl(2 * r);
    *quadrant = ((int)n % 4 + 4) % 4;
    return r - n / 2;
}

static inline long double ref_sinpi(long double x) {
    if (isinf(x))
        return NAN;
    int q;
    long double f = libm_reduce_pi(x, &q);
    if (f == 0 && (q == 0 || q == 2))
        return copysignl(0.0L, x); /* integers: a zero with the sign of x (C23) */
    long double s = sinl(libm_pi_l * f), c = cosl(libm_pi_l * f);
    return q == 0 ? s : q == 1 ? c : q == 2 ? -s : -c;
}

static inline long double ref_cospi(long double x) {
    if (isinf(x))
        return NAN;
    int q;
    long double f = libm_reduce_pi(x, &q);
    if (f == 0 && (q == 1 || q == 3))
        return 0.0L;
    long double s = sinl(libm_pi_l * f), c = cosl(libm_pi_l * f);
    return q == 0 ? c : q == 1 ? -s : q == 2 ? -c : s;
}

static inline long double ref_rcbrt(long double x) { return 1.0L / cbrtl(x); }
static inline long double ref_rhypot(long double x, long double y) { return 1.0L / hypotl(x, y); }

/* erfcinv of z in (0, 1/2) by Newton's method on erfcl, which keeps its
 * relative accuracy however small z is. */
static inline long double libm_erfcinv_newton(long double z) {
    /* a start within a few percent: the tail's asymptotic form */
    long double x = sqrtl(-logl(z * 1.7724538509055160L));
    if (x > 1)
        x = sqrtl(-logl(z * x * 1.7724538509055160L));
    for (int i = 0; i < 100; i++) {
        long double nx = x - (erfcl(x) - z) / (-1.1283791670955125739L * expl(-x * x));
        if (nx == x)
            break;
        x = nx;
    }
    return x;
}

/* erfinv of |y| <= 1/2 by Newton's method on erfl. */
static inline long double libm_erfinv_newton(long double y) {
    long double x = y * 0.886226925452758L;
    for (int i = 0; i < 100; i++) {
        long double nx = x - (erfl(x) - y) / (1.1283791670955125739L * expl(-x * x));
        if (nx == x)
            break;
        x = nx;
    }
    return x;
}

/* The inverses meet where each solver is accurate: near z = 1 (small
 * results) erfcl(y) - z has an absolute error near 2^-64, too much, so
 * erfcinv(z) there is erfinv(1 - z), whose argument is exact. */
static inline long double ref_erfcinv(long double z) {
    if (isnan(z) || z < 0 || z > 2)
        return NAN;
    if (z == 0)
        return INFINITY;
    if (z == 2)
        return -INFINITY;
    if (z >= 0.5L && z <= 1.5L)
        return libm_erfinv_newton(1 - z);
    return z > 1 ? -libm_erfcinv_newton(2 - z) : libm_erfcinv_newton(z);
}

static inline long double ref_erfinv(long double y) {
    if (isnan(y) || fabsl(y) > 1)
        return NAN;
    if (y == 0)
        return y;
    if (fabsl(y) > 0.5L)
        return copysignl(ref_erfcinv(1 - fabsl(y)), y);
    return libm_erfinv_newton(y);
}

/* exp(x^2) * erfc(x) with x^2 split so that the large exponent is exact:
 * x = h + l with h holding 26 bits, x^2 = h^2 + (2h + l) l, h^2 exact.
 * Beyond x = 100 (erfcl underflows near 106) the asymptotic series
 * 1/(x sqrt(pi)) (1 - 1/(2x^2) + 3/(2x^2)^2 - 15/(2x^2)^3 ...), whose
 * terms there fall below 2^-64 within eight. */
static inline long double ref_erfcx(long double x) {
    if (isnan(x))
        return x;
    if (x == INFINITY)
        return 0;
    if (x == -INFINITY)
        return INFINITY;
    if (x > 100) {
        long double u = 1 / (2 * x * x), term = 1, sum = 1;
        for (int k = 1; k <= 8; k++) {
            term *= -(2 * k - 1) * u;
            sum += term;
        }
        return sum / (x * 1.7724538509055160273L);
    }
    long double h = ldexpl(rintl(ldexpl(x, 20)), -20);
    long double l = x - h;
    return expl(h * h) * expl((2 * h + l) * l) * erfcl(x);
}

/* normcdf(x) = erfc(y) / 2 with y = -x / sqrt(2) = yh + yl: rounding y to
 * long double would cost 2 y^2 times its error (0.4 ulp of a double near
 * x = -38), so erfc(y) = erfc(yh) - 2/sqrt(pi) e^(-yh^2) yl. */
static inline long double ref_normcdf(long double x) {
    if (isinf(x))
        return x > 0 ? 1 : 0;
    const long double inv_sqrt2 = 0.7071067811865475244008443621048490393L,
                      inv_sqrt2_lo = 1.8950325588932570797e-20L; /* 1/sqrt(2) - inv_sqrt2 */
    long double yh = -x * inv_sqrt2, yl = fmal(-x, inv_sqrt2, -yh) - x * inv_sqrt2_lo;
    return 0.5L * (erfcl(yh) - 1.1283791670955125739L * expl(-yh * yh) * yl);
}

static inline long double ref_normcdfinv(long double p) {
    if (isnan(p) || p < 0 || p > 1)
        return NAN;
    return -1.41421356237309504880L * ref_erfcinv(2 * p);
}

#endif
