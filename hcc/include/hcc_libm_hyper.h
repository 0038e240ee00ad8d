/*
 * hcc_libm_hyper.h -- hyperbolic functions and their inverses.
 *
 * Everything is built on the double-double pieces of hcc_libm_explog.h, so
 * that each result is rounded once from a value good to about 2^-58 and
 * stays within about 0.55 ulp (CUDA allows 2 ulps for sinh, 1 for cosh and
 * tanh, 3 for asinh and acosh, 2 for atanh; a result computed from a
 * rounded e^x or log could not keep cosh and tanh within 1 ulp).
 *
 * sinh, cosh, tanh: e^a = 2^k (1 + q) from explog's exponential kernel, with
 * q = e^r - 1 a double-double (accurate relative to itself when k = 0, so
 * small arguments lose nothing to cancellation); e^a +- e^-a are formed in
 * double-double arithmetic.  Above 28, e^-a no longer matters and the
 * power of two is applied last, so that 709.78 < |x| <= 710.4758 gives the
 * finite result instead of overflowing on the way.
 *
 * asinh, acosh, atanh: the argument of the logarithm (|x| + sqrt(x^2 + 1),
 * x + sqrt(x^2 - 1), (1 + |x|)/(1 - |x|)) is formed as a double-double,
 * which carries what the cancelling forms log1p(...) would otherwise need,
 * and explog's double-double logarithm takes it from there.
 */
#ifndef HCC_LIBM_HYPER_H
#define HCC_LIBM_HYPER_H

#include "hcc_libm_explog.h"

/* ln2 = LN2_HI + LN2_LO (LN2_HI the double nearest ln2) */
#define __HCC_HYP_LN2_HI 0x1.62e42fefa39efp-1
#define __HCC_HYP_LN2_LO 0x1.abc9e3b39803fp-56

/* ---- e^a as a double-double ------------------------------------------------- */

/* e^a = 2^k (1 + *qh + *ql) for 0 <= a <= 711; returns k = rint(a/ln2).
 * (qh, ql) is renormalised (|ql| <= ulp(qh)/2): the kernel leaves its
 * polynomial tail in the low part. */
__HCC_LIBM_INLINE int __hcc_hyp_exp_kernel(double a, double *qh, double *ql) {
    int k;
    double rh, rl, h, l;
    __hcc_exp_reduce(a, 0.0, &k, &rh, &rl);
    __hcc_expm1_kernel(rh, rl, &h, &l);
    __hcc_fast_two_sum(h, l, qh, ql);
    return k;
}

/* e^a + e^-a = *ch + *cl and e^a - e^-a = *sh + *sl, for 0 <= a <= 28
 * (e^a <= 2^41), each to about 2^-58 relatively -- the difference too: for
 * a >= 0.35 it cancels no more than a factor 3, and below that E = 1 + q
 * is exact to 2^-106 absolutely while the difference is about 2a. */
__HCC_LIBM_INLINE void __hcc_hyp_exp_pm(double a, double *ch, double *cl, double *sh, double *sl) {
    double qh, ql, eh, el, t;
    int k = __hcc_hyp_exp_kernel(a, &qh, &ql);
    __hcc_fast_two_sum(1.0, qh, &eh, &t); /* |qh| < 0.42 */
    __hcc_fast_two_sum(eh, t + ql, &eh, &el);
    double s = __hcc_pow2i(k);
    eh *= s;
    el *= s;
    /* 1/E = ih + il: fma(-eh, ih, 1) is the exact residual of ih */
    double ih = 1.0 / eh;
    double d = __builtin_fma(-eh, ih, 1.0);
    d = __builtin_fma(-el, ih, d);
    double il = d * ih;
    /* eh >= 1 >= ih */
    __hcc_fast_two_sum(eh, ih, ch, &t);
    *cl = t + (el + il);
    __hcc_fast_two_sum(eh, -ih, sh, &t);
    *sl = t + (el - il);
}

/* e^a / 2 for 28 <= a <= 711 (e^-a is below 2^-80 of it): 1 + q rounded
 * once, then scaled by 2^(k-1) -- exactly, or to infinity exactly when the
 * result overflows, so 709.78 < a <= 710.4758 stays finite. */
__HCC_LIBM_INLINE double __hcc_hyp_half_exp(double a) {
    double qh, ql, h, l;
    int k = __hcc_hyp_exp_kernel(a, &qh, &ql);
    __hcc_fast_two_sum(1.0, qh, &h, &l);
    return __hcc_scale2(h + (l + ql), k - 1);
}

/* ---- sinh, cosh, tanh ------------------------------------------------------- */

__HCC_LIBM double __hcc_sinh(double x) {
    double ax = __builtin_fabs(x);
    if (!(ax <= 711.0)) /* NaN, infinities, overflow */
        return x != x ? x + x : __builtin_copysign(__builtin_inf(), x);
    if (ax < 0x1p-26) /* sinh x = x (1 + x^2/6), and x^2/6 < 2^-54 */
        return x;
    double r;
    if (ax >= 28.0) {
        r = __hcc_hyp_half_exp(ax);
    } else {
        double ch, cl, sh, sl;
        __hcc_hyp_exp_pm(ax, &ch, &cl, &sh, &sl);
        r = (sh + sl) * 0.5;
    }
    return __builtin_copysign(r, x);
}

__HCC_LIBM double __hcc_cosh(double x) {
    double ax = __builtin_fabs(x);
    if (!(ax <= 711.0)) /* NaN, infinities, overflow */
        return x != x ? x + x : __builtin_inf();
    if (ax >= 28.0)
        return __hcc_hyp_half_exp(ax);
    double ch, cl, sh, sl;
    __hcc_hyp_exp_pm(ax, &ch, &cl, &sh, &sl);
    return (ch + cl) * 0.5;
}

/* tanh = (e^a - e^-a) / (e^a + e^-a), one double-double division rounded
 * once; beyond 19.1, 1 - tanh < 2^-54 and the result rounds to 1. */
__HCC_LIBM double __hcc_tanh(double x) {
    double ax = __builtin_fabs(x);
    if (x != x)
        return x + x;
    if (ax > 19.1)
        return __builtin_copysign(1.0, x);
    if (ax < 0x1p-27) /* tanh x = x (1 - x^2/3), and x^2/3 < 2^-55 */
        return x;
    double ch, cl, sh, sl;
    __hcc_hyp_exp_pm(ax, &ch, &cl, &sh, &sl);
    double q = sh / ch;
    double rem = __builtin_fma(-q, ch, sh); /* exact */
    rem = __builtin_fma(-q, cl, rem + sl);
    return __builtin_copysign(q + rem / ch, x);
}

/* ---- asinh, acosh, atanh ---------------------------------------------------- */

/* log(ah + al) rounded once, for a double-double ah + al >= 1 (any
 * |al| < |ah|: it is renormalised for explog's logarithm) */
__HCC_LIBM_INLINE double __hcc_hyp_log_dd(double ah, double al) {
    double h, l;
    __hcc_fast_two_sum(ah, al, &ah, &al);
    __hcc_log_dd(ah, al, &h, &l);
    return h + l;
}

/* log(2a) for a >= 2^28, where asinh a and acosh a are log(2a) to 2^-58 */
__HCC_LIBM_INLINE double __hcc_hyp_log_twice(double a) {
    double h, l, s, e;
    __hcc_log_dd(a, 0.0, &h, &l);
    __hcc_two_sum(h, __HCC_HYP_LN2_HI, &s, &e);
    return s + (e + (l + __HCC_HYP_LN2_LO));
}

/* a^2 + c = *h + *l (|l| <= ulp(h)), to 2^-105 relatively, for c >= 0:
 * h = fma(a, a, c); c - h = s + e exactly; fma(a, a, s) is then the small
 * remainder a^2 + c - h - e, rounded (an error of 2^-53 of ulp(h)). */
__HCC_LIBM_INLINE void __hcc_hyp_sq_plus(double a, double c, double *h, double *l) {
    double sh, s, e;
    sh = __builtin_fma(a, a, c);
    __hcc_two_sum(c, -sh, &s, &e);
    __hcc_fast_two_sum(sh, __builtin_fma(a, a, s) + e, h, l);
}

/* sqrt(wh + wl) = *sh + *sl for |wl| <= ulp(wh) (the residual wh - sh^2 is
 * exact, and the first-order correction is good to (wl/wh)^2) */
__HCC_LIBM_INLINE void __hcc_hyp_sqrt_dd(double wh, double wl, double *sh, double *sl) {
    double s = __builtin_sqrt(wh);
    *sh = s;
    *sl = (__builtin_fma(-s, s, wh) + wl) / (2.0 * s);
}

/* asinh |x| = log(|x| + sqrt(x^2 + 1)), all in double-double and without
 * cancellation.  The low part of x^2 + 1 comes from fmas alone, never from
 * a rounded product added to something: the device contracts such an
 * addition into an fma, which would break two_prod + two_sum (hcc, like
 * CUDA, fuses a product into every add that uses it). */
__HCC_LIBM double __hcc_asinh(double x) {
    double ax = __builtin_fabs(x);
    if (!(ax < __builtin_inf()))
        return x + x;
    if (ax < 0x1p-26) /* asinh x = x (1 - x^2/6) */
        return x;
    double r;
    if (ax >= 0x1p28) {
        r = __hcc_hyp_log_twice(ax);
    } else {
        double wh, wl, sh, sl, ah, al;
        __hcc_hyp_sq_plus(ax, 1.0, &wh, &wl);
        __hcc_hyp_sqrt_dd(wh, wl, &sh, &sl);
        __hcc_two_sum(ax, sh, &ah, &al);
        r = __hcc_hyp_log_dd(ah, al + sl);
    }
    return __builtin_copysign(r, x);
}

/* acosh x = log(x + sqrt(x^2 - 1)), x^2 - 1 = d^2 + 2d with d = x - 1
 * (exact below 2^53), so that near 1, where acosh(1 + d) ~ sqrt(2d) and the
 * square root carries the result, nothing cancels. */
__HCC_LIBM double __hcc_acosh(double x) {
    if (!(x > 1.0))
        return x == 1.0 ? 0.0 : (x != x ? x + x : __builtin_nan(""));
    if (x >= 0x1p28)
        return x == __builtin_inf() ? x : __hcc_hyp_log_twice(x);
    double mh, ml, sh, sl, ah, al;
    double d = x - 1.0;
    __hcc_hyp_sq_plus(d, 2.0 * d, &mh, &ml);
    __hcc_hyp_sqrt_dd(mh, ml, &sh, &sl);
    __hcc_two_sum(x, sh, &ah, &al);
    return __hcc_hyp_log_dd(ah, al + sl);
}

/* atanh |x| = log((1 + |x|) / (1 - |x|)) / 2: numerator and denominator are
 * exact double-doubles, the quotient one through the exact remainder. */
__HCC_LIBM double __hcc_atanh(double x) {
    double ax = __builtin_fabs(x);
    if (!(ax < 1.0))
        return ax == 1.0 ? __builtin_copysign(__builtin_inf(), x) : (x != x ? x + x : __builtin_nan(""));
    if (ax < 0x1p-27) /* atanh x = x (1 + x^2/3) */
        return x;
    double nh, nl, dh, dl;
    __hcc_fast_two_sum(1.0, ax, &nh, &nl);
    __hcc_fast_two_sum(1.0, -ax, &dh, &dl);
    double qh = nh / dh;
    double rem = __builtin_fma(-qh, dh, nh); /* exact */
    rem = __builtin_fma(-qh, dl, rem + nl);
    return __builtin_copysign(0.5 * __hcc_hyp_log_dd(qh, rem / dh), x);
}

#endif
