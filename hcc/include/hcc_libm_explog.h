/*
 * hcc_libm_explog.h -- exponentials, logarithms, powers, roots and norms.
 *
 * The exponentials share one path: reduce the argument to k ln2 + r with
 * |r| <= ln2/2 (Cody-Waite, r kept as a double-double), evaluate e^r - 1 as
 * a double-double (a degree-13 polynomial whose terms up to r^3/6 are summed
 * exactly), and scale by 2^k, rounding once also when the result is
 * subnormal.  The logarithms share another: x = 2^e m with m in
 * [sqrt(1/2), sqrt(2)), m = c (1 + r) with c = 1 + i/32 from a 23-entry
 * table of log(c), and log1p(r) for |r| <= 1/46 by a degree-11 polynomial,
 * again exact up to r^3/3, all as a double-double with a relative error
 * near 2^-70 -- enough for pow, which multiplies that logarithm by y in
 * double-double and exponentiates the result.
 *
 * Cube roots refine a polynomial guess by Newton's method and a last step
 * with an exact residual; norms scale by a power of 2, sum the squares as a
 * double-double and take a corrected square root.  Every function stays
 * within about 0.502 ulp of the exact result (tests/libm/test_explog.c),
 * and no result depends on whether the compiler contracts a*b + c (see
 * __hcc_two_prod): the device computes what the native test measures.
 *
 * Helpers the other families may use:
 *   __hcc_exp_dd(hi, lo)             e^(hi + lo), rounded once
 *   __hcc_log_dd(hi, lo, &h, &l)     log(hi + lo) = h + l, hi > 0 finite
 *   __hcc_exp_reduce, __hcc_expm1_kernel, __hcc_exp_finish: the pieces of
 *     the exponential, for e^x - 1 or a result scaled by 2^k as a
 *     double-double
 *   __hcc_ldexp_dd(h, l, n)          (h + l) 2^n rounded once (subnormal too)
 *   __hcc_dd_mul_round(h, l, ch, cl) (h + l)(ch + cl) rounded once
 *   __hcc_two_prod(a, b, &p, &e)  two_prod that contraction cannot break
 *   __hcc_sqrt_dd, __hcc_rsqrt_dd    sqrt and 1/sqrt of a double-double
 *
 * Coefficients, constants and the table come from hcc/libm-gen/explog.py.
 */
#ifndef HCC_LIBM_EXPLOG_H
#define HCC_LIBM_EXPLOG_H

#include "hcc_libm_common.h"

/* ---- constants (hcc/libm-gen/explog.py) ---------------------------------- */

/* ln2 = LN2_HI + LN2_LO with LN2_HI 42 bits long: k * LN2_HI is exact for
 * |k| < 2^11, and LN2_HI + LN2_LO is within 2^-96 of ln2 */
#define __HCC_LN2_HI 0x1.62e42fefa3800p-1
#define __HCC_LN2_LO 0x1.ef35793c76730p-45
/* double-double constants: value = _H + _L */
#define __HCC_LN2_H      0x1.62e42fefa39efp-1
#define __HCC_LN2_L      0x1.abc9e3b39803fp-56
#define __HCC_INV_LN2_H  0x1.71547652b82fep+0
#define __HCC_INV_LN2_L  0x1.777d0ffda0d24p-56
#define __HCC_LN10_H     0x1.26bb1bbb55516p+1
#define __HCC_LN10_L     -0x1.f48ad494ea3e9p-53
#define __HCC_INV_LN10_H 0x1.bcb7b1526e50ep-2
#define __HCC_INV_LN10_L 0x1.95355baaafad3p-57
#define __HCC_THIRD_H    0x1.5555555555555p-2
#define __HCC_THIRD_L    0x1.5555555555555p-56
#define __HCC_SIXTH_H    0x1.5555555555555p-3
#define __HCC_SIXTH_L    0x1.5555555555555p-57

/* e^r = 1 + r + r^2/2 + r^3/6 + r^4 P(r), |r| <= ln2/2: degree 13, relative error 2^-63.6 */
#define __HCC_EXP_P0 0x1.5555555555555p-5
#define __HCC_EXP_P1 0x1.1111111111111p-7
#define __HCC_EXP_P2 0x1.6c16c16c167e4p-10
#define __HCC_EXP_P3 0x1.a01a01a01a89fp-13
#define __HCC_EXP_P4 0x1.a01a01a47953ap-16
#define __HCC_EXP_P5 0x1.71de3a52b7054p-19
#define __HCC_EXP_P6 0x1.27e4e1fa8949fp-22
#define __HCC_EXP_P7 0x1.ae64574b2223bp-26
#define __HCC_EXP_P8 0x1.1f66d232fcfe9p-29
#define __HCC_EXP_P9 0x1.6171f0e32f1cbp-33

/* log1p(r) = r - r^2/2 + r^3/3 + r^4 Q(r), |r| <= 1/46: degree 11, relative error 2^-71.5 */
#define __HCC_LOG_Q0 -0x1.fffffffffffffp-3
#define __HCC_LOG_Q1 0x1.9999999999998p-3
#define __HCC_LOG_Q2 -0x1.5555555568b0fp-3
#define __HCC_LOG_Q3 0x1.24924924a8534p-3
#define __HCC_LOG_Q4 -0x1.fffff9c013495p-4
#define __HCC_LOG_Q5 0x1.c71c6b785bc95p-4
#define __HCC_LOG_Q6 -0x1.99ec3ccdca76cp-4
#define __HCC_LOG_Q7 0x1.74abea8c65c90p-4

/* m^(1/3) ~ C(m) on [1, 2]: degree 5, relative error 2^-19.6 */
#define __HCC_CBRT_C0 0x1.e4b0cc64f5205p-2
#define __HCC_CBRT_C1 0x1.ad234f73f6f65p-1
#define __HCC_CBRT_C2 -0x1.e07d7d3c5b9cep-2
#define __HCC_CBRT_C3 0x1.9f49a98a9f1e1p-3
#define __HCC_CBRT_C4 -0x1.9cc4392711e13p-5
#define __HCC_CBRT_C5 0x1.5e85bab02599bp-8
#define __HCC_CBRT2   0x1.428a2f98d728bp+0
#define __HCC_CBRT4   0x1.965fea53d6e3dp+0

/* log(1 + i/32) for i = -9..13, as a double-double {hi, lo} */
static const double __hcc_log_table[23][2] = {
    {-0x1.522ae0738a3d8p-2, 0x1.8f7e9b38a6979p-57},
    {-0x1.269621134db92p-2, -0x1.e0efadd9db02bp-56},
    {-0x1.f991c6cb3b379p-3, -0x1.f665066f980a2p-57},
    {-0x1.a93ed3c8ad9e3p-3, -0x1.bcafa9de97203p-57},
    {-0x1.5bf406b543db2p-3, 0x1.1f5b44c0df7e7p-61},
    {-0x1.1178e8227e47cp-3, 0x1.0e63a5f01c691p-58},
    {-0x1.9335e5d594989p-4, 0x1.478a85704ccb7p-58},
    {-0x1.08598b59e3a07p-4, 0x1.dd7009902bf32p-58},
    {-0x1.0415d89e74444p-5, -0x1.c05cf1d753622p-59},
    {0.0, 0.0},
    {0x1.f829b0e783300p-6, 0x1.33e3f04f1ef23p-60},
    {0x1.f0a30c01162a6p-5, 0x1.85f325c5bbacdp-59},
    {0x1.6f0d28ae56b4cp-4, -0x1.906d99184b992p-58},
    {0x1.e27076e2af2e6p-4, -0x1.61578001e0162p-60},
    {0x1.29552f81ff523p-3, 0x1.301771c407dbfp-57},
    {0x1.5ff3070a793d4p-3, -0x1.bc60efafc6f6ep-58},
    {0x1.9525a9cf456b4p-3, 0x1.d904c1d4e2e26p-57},
    {0x1.c8ff7c79a9a22p-3, -0x1.4f689f8434012p-57},
    {0x1.fb9186d5e3e2bp-3, -0x1.caaae64f21acbp-57},
    {0x1.1675cababa60ep-2, 0x1.ce63eab883717p-61},
    {0x1.2e8e2bae11d31p-2, -0x1.8f4cdb95ebdf9p-56},
    {0x1.4618bc21c5ec2p-2, 0x1.f42decdeccf1dp-56},
    {0x1.5d1bdbf5809cap-2, 0x1.4236383dc7fe1p-56},
};

/* ---- the exponential ----------------------------------------------------- */

/* xh + xl = k ln2 + rh + rl with |rh + rl| <= ln2/2 (a hair more), for
 * |xh| <= 1000 and |xl| <= ulp(xh).  k * LN2_HI is exact and xh - k LN2_HI
 * is exact by Sterbenz's lemma; the rest is carried in double-double, so the
 * reduction's error is below 2^-85 absolute, which is what matters: an
 * absolute error d in r is a relative error d in e^r. */
__HCC_LIBM_INLINE void __hcc_exp_reduce(double xh, double xl, int *k, double *rh, double *rl) {
    double kd = __builtin_rint(xh * __HCC_INV_LN2_H);
    double t = __builtin_fma(-kd, __HCC_LN2_HI, xh);
    double p = __builtin_fma(kd, __HCC_LN2_LO, 0.0); /* rounding error below 2^-97 */
    double s, e1, e2;
    __hcc_two_sum(t, -p, &s, &e1);
    __hcc_two_sum(s, xl, rh, &e2);
    *rl = e1 + e2;
    *k = (int)kd;
}

/* rh^3 (kh + kl) = h + l to about 2^-104, given rh^2 = p + pe exactly
 * (kh + kl: the double-double 1/6 or 1/3).  The exponential and the
 * logarithm carry their third-order term this way, so that only the
 * fourth-order tail, below 2^-10 of the result, is rounded as a double. */
__HCC_LIBM_INLINE void __hcc_cube_over(double rh, double p, double pe, double kh, double kl,
                                       double *h, double *l) {
    double c, ce, t, te;
    __hcc_two_prod(p, rh, &c, &ce); /* p rh = c + ce */
    __hcc_two_prod(c, kh, &t, &te);
    *h = t;
    *l = __builtin_fma(__builtin_fma(pe, rh, ce), kh, __builtin_fma(c, kl, te));
}

/* e^r - 1 = qh + ql for r = rh + rl, |r| <= 0.35, |rl| <= ulp(rh):
 * r + r^2/2 + r^3/6 summed in double-double (rh^2 by two_prod, the cube by
 * __hcc_cube_over), the tail r^4 P(r) < 6e-4 rounded: relative error near
 * 2^-62. */
__HCC_LIBM_INLINE void __hcc_expm1_kernel(double rh, double rl, double *qh, double *ql) {
    double p, pe, c3h, c3l, s, e1, e2;
    __hcc_two_prod(rh, rh, &p, &pe);
    __hcc_cube_over(rh, p, pe, __HCC_SIXTH_H, __HCC_SIXTH_L, &c3h, &c3l);
    const double pc[] = {__HCC_EXP_P0, __HCC_EXP_P1, __HCC_EXP_P2, __HCC_EXP_P3, __HCC_EXP_P4,
                         __HCC_EXP_P5, __HCC_EXP_P6, __HCC_EXP_P7, __HCC_EXP_P8, __HCC_EXP_P9};
    double poly = __hcc_horner(pc, 10, rh);
    double tail = __builtin_fma(p * p, poly, c3l); /* + the cube's low part */
    /* |rh| >= rh^2/2 >= |rh^3/6| because |rh| < 2 */
    __hcc_fast_two_sum(rh, 0.5 * p, &s, &e1);
    __hcc_fast_two_sum(s, c3h, qh, &e2);
    /* e^(rh + rl) - 1 = (e^rh - 1) + rl e^rh (+ rl^2/2, negligible), and
     * e^rh = 1 + qh to 2^-53 suffices for the rl term */
    *ql = (e1 + e2) + __builtin_fma(rl, *qh, rl + __builtin_fma(0.5, pe, tail));
}

/* (h + l) 2^n rounded once, for |l| <= ulp(h) and h > 0 normal: the
 * scaling is exact when the result is normal; a subnormal result is rounded
 * directly on its grid of 2^-1074 (scaling the rounded h + l would round
 * twice, up to 0.75 ulp): z = (h + l) 2^(n + 1022) < 1, and 1 + z rounds
 * on the grid of 2^-52, which 2^-1022 maps onto the subnormals'. */
__HCC_LIBM_INLINE double __hcc_ldexp_dd(double h, double l, int n) {
    int eh = __hcc_dexp_field(h) - 1023;
    if (eh + n >= -1022)
        return __hcc_scale2(h + l, n);
    if (eh + n < -1080)
        return 0.0;
    double zh = __hcc_scale2(h, n + 1022), zl = __hcc_scale2(l, n + 1022);
    double w, e;
    __hcc_fast_two_sum(1.0, zh, &w, &e);
    w += e + zl;
    return (w - 1.0) * 0x1p-1022;
}

/* 2^k (1 + qh + ql), rounded once, for |qh + ql| <= 0.42 (the result of
 * __hcc_expm1_kernel): overflows to infinity as it should and rounds a
 * subnormal result only once */
__HCC_LIBM_INLINE double __hcc_exp_finish(int k, double qh, double ql) {
    double h, l;
    __hcc_fast_two_sum(1.0, qh, &h, &l);
    return __hcc_ldexp_dd(h, l + ql, k);
}

/* e^(xh + xl), |xl| <= ulp(xh): for callers that hold an argument as a
 * double-double (pow's y log x, erfc's -x^2, ...).  Error about 0.5 ulp. */
__HCC_LIBM double __hcc_exp_dd(double xh, double xl) {
    if (!(xh > -746.0))
        return xh != xh ? xh + xh : 0.0;
    if (xh > 710.0)
        return __builtin_inf();
    int k;
    double rh, rl, qh, ql;
    __hcc_exp_reduce(xh, xl, &k, &rh, &rl);
    __hcc_expm1_kernel(rh, rl, &qh, &ql);
    return __hcc_exp_finish(k, qh, ql);
}

__HCC_LIBM double __hcc_exp(double x) {
    return __hcc_exp_dd(x, 0.0);
}

/* 2^x = 2^k e^(f ln2), f = x - k exact, f ln2 as a double-double */
__HCC_LIBM double __hcc_exp2(double x) {
    if (!(x > -1080.0))
        return x != x ? x + x : 0.0;
    if (x > 1025.0)
        return __builtin_inf();
    double kd = __builtin_rint(x);
    double f = x - kd, rh, rl, qh, ql;
    __hcc_two_prod(f, __HCC_LN2_H, &rh, &rl);
    rl = __builtin_fma(f, __HCC_LN2_L, rl);
    __hcc_expm1_kernel(rh, rl, &qh, &ql);
    return __hcc_exp_finish((int)kd, qh, ql);
}

/* 10^x = e^(x ln10), x ln10 as a double-double (error below 2^-96) */
__HCC_LIBM double __hcc_exp10(double x) {
    if (!(x > -400.0))
        return x != x ? x + x : 0.0;
    if (x > 400.0)
        return __builtin_inf();
    double h, l;
    __hcc_two_prod(x, __HCC_LN10_H, &h, &l);
    l = __builtin_fma(x, __HCC_LN10_L, l);
    return __hcc_exp_dd(h, l);
}

/* e^x - 1 = 2^k (1 + q) - 1 with q = e^r - 1 from the kernel: for k = 0
 * that is q itself (no cancellation), otherwise -1 is added to the exact
 * double-double 2^k (1 + q) with one more two_sum. */
__HCC_LIBM double __hcc_expm1(double x) {
    if (x != x)
        return x + x;
    if (x > 710.0)
        return __builtin_inf();
    if (x < -38.0) /* e^x < 2^-54: -1 + e^x rounds to -1 */
        return -1.0;
    if (x == 0.0)
        return x; /* keeps the sign of zero */
    int k;
    double rh, rl, qh, ql;
    __hcc_exp_reduce(x, 0.0, &k, &rh, &rl);
    __hcc_expm1_kernel(rh, rl, &qh, &ql);
    if (k == 0)
        return qh + ql;
    if (k > 60) /* -1 is below 2^-60 of the result */
        return __hcc_exp_finish(k, qh, ql);
    double h, l, s, e;
    __hcc_fast_two_sum(1.0, qh, &h, &l);
    l += ql;
    double f = __hcc_pow2i(k);
    h *= f; /* exact */
    l *= f;
    __hcc_two_sum(h, -1.0, &s, &e);
    return s + (e + l);
}

/* ---- the logarithm ------------------------------------------------------- */

/* log(xh + xl) = h + l for finite xh > 0 (subnormal too), |xl| <= ulp(xh),
 * with a relative error near 2^-70.  xh = 2^e m with m in [sqrt(1/2),
 * sqrt(2)); c = 1 + i/32 is the grid point nearest m and r = (m - c)/c
 * (m - c is exact, the quotient is carried as a double-double through the
 * exact remainder of the division), so that
 *     log(x) = e ln2 + log(c) + log1p(r + xl/xh (1 + r)),
 * with log(c) from the table and log1p(r) = r - r^2/2 + r^3/3 + r^4 Q(r). */
__HCC_LIBM_INLINE void __hcc_log_dd(double xh, double xl, double *h, double *l) {
    int ex = 0;
    if (xh < 0x1p-1022) { /* subnormal: scale into the normal range */
        xh *= 0x1p54;
        xl *= 0x1p54;
        ex = -54;
    }
    unsigned long long u = __hcc_d2u(xh);
    ex += (int)(u >> 52) - 1023;
    u &= 0x000fffffffffffffull;
    if (u >= 0x6a09e667f3bcdull) { /* m >= sqrt(2): use m/2 */
        u |= 0x3fe0000000000000ull;
        ex += 1;
    } else {
        u |= 0x3ff0000000000000ull;
    }
    double m = __hcc_u2d(u);
    double id = __builtin_rint((m - 1.0) * 32.0);
    double c = 1.0 + id * 0.03125; /* exact */
    double d = m - c;              /* exact (Sterbenz) */
    double rh = d / c;
    double rl = __builtin_fma(-rh, c, d) / c; /* the remainder is exact */
    const double *tab = __hcc_log_table[(int)id + 9];

    /* xl: (1 + r)(1 + xl/xh) = 1 + r + t with t = xl/xh (1 + r), added to r
     * before anything is rounded, and to 2^-106 (when r and xl/xh nearly
     * cancel, as in log1p of a tiny negative x, the sum is what remains) */
    if (xl != 0.0) {
        double t = xl / xh, a, b;
        double tl = __builtin_fma(-t, xh, xl) / xh; /* t + tl = xl/xh to 2^-106 */
        __hcc_two_sum(rh, t, &a, &b);
        rl = __builtin_fma(t, rh, rl + (b + tl));
        rh = a;
    }

    /* log1p(rh + rl) = rh - rh^2/2 + rh^3/3 + rh^4 Q(rh) + rl/(1 + rh),
     * the first three terms in double-double, the tail below 2^-20 rh */
    double p, pe, c3h, c3l, s, e1, s2, e4;
    __hcc_two_prod(rh, rh, &p, &pe);
    __hcc_cube_over(rh, p, pe, __HCC_THIRD_H, __HCC_THIRD_L, &c3h, &c3l);
    const double qc[] = {__HCC_LOG_Q0, __HCC_LOG_Q1, __HCC_LOG_Q2, __HCC_LOG_Q3,
                         __HCC_LOG_Q4, __HCC_LOG_Q5, __HCC_LOG_Q6, __HCC_LOG_Q7};
    double q = __hcc_horner(qc, 8, rh);
    double tail = __builtin_fma(p * p, q, c3l); /* + the cube's low part */
    __hcc_fast_two_sum(rh, -0.5 * p, &s, &e1);  /* |rh| >= rh^2/2 >= rh^3/3 */
    __hcc_fast_two_sum(s, c3h, &s2, &e4);
    double lo = (e1 + e4) + (__builtin_fma(-0.5, pe, tail) + rl / (1.0 + rh));

    /* + log(c): the sum no more than halves (log(c) and log1p(r) have the
     * same sign or |r| < |log(c)|/2), so the double-double stays accurate */
    double lm, e2;
    __hcc_two_sum(tab[0], s2, &lm, &e2);
    lo += e2 + tab[1];

    /* + e ln2: e LN2_HI is exact, |e ln2| > 2 |log(m)| when e != 0 */
    double ed = (double)ex, hi, e3;
    __hcc_two_sum(ed * __HCC_LN2_HI, lm, &hi, &e3);
    lo += __builtin_fma(ed, __HCC_LN2_LO, e3);
    __hcc_fast_two_sum(hi, lo, h, l);
}

/* the special cases every logarithm shares: NaN for x < 0 or NaN, -inf for
 * +-0, +inf for +inf; returns 1 when r holds the result */
__HCC_LIBM_INLINE int __hcc_log_special(double x, double *r) {
    if (x > 0.0 && x < __builtin_inf())
        return 0;
    if (x == 0.0)
        *r = -__builtin_inf();
    else if (x > 0.0 || x != x)
        *r = x + x;
    else
        *r = __builtin_nan("");
    return 1;
}

__HCC_LIBM double __hcc_log(double x) {
    double r, h, l;
    if (__hcc_log_special(x, &r))
        return r;
    __hcc_log_dd(x, 0.0, &h, &l);
    return h + l;
}

/* (h + l) (ch + cl) rounded once: the product of a double-double by a
 * double-double constant, error about 2^-104 relative before the rounding */
__HCC_LIBM_INLINE double __hcc_dd_mul_round(double h, double l, double ch, double cl) {
    double p, pe;
    __hcc_two_prod(h, ch, &p, &pe);
    return p + (pe + __builtin_fma(h, cl, l * ch));
}

/* log(x) times the double-double ch + cl, rounded once: log_b(x) for
 * ch + cl = 1/ln(b) */
__HCC_LIBM_INLINE double __hcc_log_times(double x, double ch, double cl) {
    double r, h, l;
    if (__hcc_log_special(x, &r))
        return r;
    __hcc_log_dd(x, 0.0, &h, &l);
    return __hcc_dd_mul_round(h, l, ch, cl);
}

/* log2(x) = log(x) / ln2, exact for powers of 2 (log(x) = e ln2 to 2^-100) */
__HCC_LIBM double __hcc_log2(double x) { return __hcc_log_times(x, __HCC_INV_LN2_H, __HCC_INV_LN2_L); }

__HCC_LIBM double __hcc_log10(double x) { return __hcc_log_times(x, __HCC_INV_LN10_H, __HCC_INV_LN10_L); }

/* log1p(x) = log(u + ul) with u + ul = 1 + x exactly (two_sum) */
__HCC_LIBM double __hcc_log1p(double x) {
    double r, u, ul, h, l;
    if (x == 0.0)
        return x; /* keeps the sign of zero */
    if (__hcc_log_special(1.0 + x, &r))
        return x != x ? x + x : r; /* x <= -1, NaN or +inf */
    __hcc_two_sum(1.0, x, &u, &ul);
    __hcc_log_dd(u, ul, &h, &l);
    return h + l;
}

/* ---- pow ----------------------------------------------------------------- */

/* 0 when y is not an integer, 1 when it is odd, 2 when even (every double
 * of magnitude 2^53 or more is an even integer) */
__HCC_LIBM_INLINE int __hcc_pow_yclass(double y) {
    double ay = __builtin_fabs(y);
    if (ay >= 0x1p53)
        return 2;
    if (__builtin_trunc(ay) != ay)
        return 0;
    return __builtin_trunc(ay * 0.5) == ay * 0.5 ? 2 : 1;
}

/* x^y = e^(y log|x|) with log|x| as a double-double (relative error near
 * 2^-70) and the product y log|x| too, so that even an exponent near 745
 * carries an absolute error below 2^-60: pow stays within about 0.502 ulp.
 * The special cases follow C99 Annex F (F.9.4.4). */
__HCC_LIBM double __hcc_pow(double x, double y) {
    if (y == 0.0 || x == 1.0)
        return 1.0; /* even for a NaN x or y */
    if (x != x || y != y)
        return x + y;
    double ax = __builtin_fabs(x), ay = __builtin_fabs(y), inf = __builtin_inf();
    if (ay == inf) {
        if (ax == 1.0)
            return 1.0; /* pow(-1, +-inf) */
        return (ax > 1.0) == (y > 0.0) ? inf : 0.0;
    }
    int yclass = __hcc_pow_yclass(y);
    double sign = (__hcc_d2u(x) >> 63 && yclass == 1) ? -1.0 : 1.0; /* -0 too */
    if (ax == inf || ax == 0.0) /* +-0 and +-inf: the result is 0 or inf */
        return sign * (((ax == 0.0) == (y < 0.0)) ? inf : 0.0);
    if (x < 0.0 && yclass == 0)
        return __builtin_nan("");
    double lh, ll, wh, wl;
    __hcc_log_dd(ax, 0.0, &lh, &ll);
    __hcc_two_prod(y, lh, &wh, &wl);
    wl = __builtin_fma(y, ll, wl); /* y ll: below 2^-52 of y lh */
    return sign * __hcc_exp_dd(wh, wl);
}

/* ---- cube roots ---------------------------------------------------------- */

/* |x|^(1/3) = 2^q (h + l) for finite x != 0, with |l| below 2^-70 h of
 * error.  |x| = 2^(3q + j) m, m in [1, 2), j in {0, 1, 2}, a = 2^j m in
 * [1, 8): C(m) 2^(j/3) is within 2^-19 of a^(1/3), one Newton step brings
 * that to 2^-37, and a last Newton step on the exact residual y^3 - a
 * (y^2 by two_prod, the rest by fma) leaves the correction -l. */
__HCC_LIBM_INLINE void __hcc_cbrt_kernel(double x, double *h, double *l, int *q) {
    double ax = __builtin_fabs(x);
    int ex = 0;
    if (ax < 0x1p-1022) { /* subnormal: 2^54 keeps q an integer */
        ax *= 0x1p54;
        ex = -54;
    }
    unsigned long long u = __hcc_d2u(ax);
    ex += (int)(u >> 52) - 1023;
    double m = __hcc_u2d((u & 0x000fffffffffffffull) | 0x3ff0000000000000ull);
    int qq = (ex + 3 * 400) / 3 - 400; /* floor(ex / 3) for ex > -1200 */
    int j = ex - 3 * qq;
    double a = m * (double)(1 << j);
    const double cc[] = {__HCC_CBRT_C0, __HCC_CBRT_C1, __HCC_CBRT_C2, __HCC_CBRT_C3, __HCC_CBRT_C4, __HCC_CBRT_C5};
    double y = __hcc_horner(cc, 6, m);
    y *= j == 0 ? 1.0 : j == 1 ? __HCC_CBRT2 : __HCC_CBRT4;
    y = __builtin_fma(a / (y * y) - y, 1.0 / 3.0, y);
    double p, pe;
    __hcc_two_prod(y, y, &p, &pe);
    double res = __builtin_fma(pe, y, __builtin_fma(p, y, -a)); /* y^3 - a */
    *h = y;
    *l = -res / (3.0 * p);
    *q = qq;
}

__HCC_LIBM double __hcc_cbrt(double x) {
    if (x == 0.0 || !(__builtin_fabs(x) < __builtin_inf()))
        return x + x; /* +-0, +-inf, NaN */
    double h, l;
    int q;
    __hcc_cbrt_kernel(x, &h, &l, &q);
    double r = (h + l) * __hcc_pow2i(q); /* the result is normal */
    return x < 0.0 ? -r : r;
}

/* 1/cbrt(x) = 1/(h + l): q0 = 1/h, and 1 - q0 (h + l) from the exact
 * remainder of the division corrects it */
__HCC_LIBM double __hcc_rcbrt(double x) {
    if (x == 0.0)
        return 1.0 / x; /* +-inf */
    if (!(__builtin_fabs(x) < __builtin_inf()))
        return x != x ? x + x : 1.0 / x; /* NaN, +-0 */
    double h, l;
    int q;
    __hcc_cbrt_kernel(x, &h, &l, &q);
    double q0 = 1.0 / h;
    double e = __builtin_fma(-q0, l, __builtin_fma(-q0, h, 1.0));
    double r = __builtin_fma(q0, e, q0) * __hcc_pow2i(-q);
    return x < 0.0 ? -r : r;
}

/* ---- hypot and the norms ------------------------------------------------- */

/* The norms scale their arguments by 2^-E, E the exponent of the largest
 * magnitude (clamped to [-1022, 1022], so that the scaled largest is in
 * [2^-52, 4)), sum the squares as a double-double -- nothing can overflow
 * or underflow that matters -- take a corrected square root (or reciprocal
 * square root) of the sum, and scale back: an error of about 0.5 ulp. */
__HCC_LIBM_INLINE int __hcc_norm_exponent(double mx) {
    int e = __hcc_dexp_field(mx) - 1023;
    return e < -1022 ? -1022 : e > 1022 ? 1022 : e;
}

/* sh + sl += a^2 exactly but for the rounding of sl */
__HCC_LIBM_INLINE void __hcc_add_square(double a, double *sh, double *sl) {
    double p, pe, s, e;
    __hcc_two_prod(a, a, &p, &pe);
    __hcc_two_sum(*sh, p, &s, &e);
    *sh = s;
    *sl += e + pe;
}

/* sqrt(sh + sl) = h + l (error near 2^-104): r = sqrt(sh) and the exact
 * residual sh - r^2 (fma) give Newton's correction */
__HCC_LIBM_INLINE void __hcc_sqrt_dd(double sh, double sl, double *h, double *l) {
    double r = __builtin_sqrt(sh);
    double res = __builtin_fma(-r, r, sh) + sl;
    *h = r;
    *l = res / (r + r);
}

/* 1/sqrt(sh + sl) = h + l likewise: r = 1/sqrt(sh) is within 1.5 ulp, and
 * e = 1 - (sh + sl) r^2 (r^2 as two_prod, the rest by fma, error near
 * 2^-104) gives r (1 + e/2) */
__HCC_LIBM_INLINE void __hcc_rsqrt_dd(double sh, double sl, double *h, double *l) {
    double r = 1.0 / __builtin_sqrt(sh), p, pe;
    __hcc_two_prod(r, r, &p, &pe);
    double e = __builtin_fma(-sh, p, 1.0);
    e = __builtin_fma(-sh, pe, e);
    e = __builtin_fma(-sl, p, e);
    __hcc_fast_two_sum(r, __builtin_fma(r * 0.5, e, 0.0), h, l);
}

/* the norm (recip: its reciprocal) of a sum of scaled squares sh + sl,
 * scaled back by 2^e (2^-e) and rounded once */
__HCC_LIBM_INLINE double __hcc_norm_finish(double sh, double sl, int e, int recip) {
    double h, l;
    if (recip) {
        __hcc_rsqrt_dd(sh, sl, &h, &l);
        return __hcc_ldexp_dd(h, l, -e);
    }
    __hcc_sqrt_dd(sh, sl, &h, &l);
    return __hcc_ldexp_dd(h, l, e);
}

/* sqrt(a^2 + b^2 + c^2 + d^2) (recip: its reciprocal) of finite a..d, not
 * all zero */
__HCC_LIBM_INLINE double __hcc_norm4_finite(double a, double b, double c, double d, int recip) {
    a = __builtin_fabs(a);
    b = __builtin_fabs(b);
    c = __builtin_fabs(c);
    d = __builtin_fabs(d);
    double mx = __builtin_fmax(__builtin_fmax(a, b), __builtin_fmax(c, d));
    int e = __hcc_norm_exponent(mx);
    double s = __hcc_pow2i(-e), sh = 0.0, sl = 0.0;
    __hcc_add_square(a * s, &sh, &sl);
    __hcc_add_square(b * s, &sh, &sl);
    __hcc_add_square(c * s, &sh, &sl);
    __hcc_add_square(d * s, &sh, &sl);
    return __hcc_norm_finish(sh, sl, e, recip);
}

/* the special cases: an infinite argument gives +inf (even with a NaN:
 * C99 F.9.4.3), then a NaN gives NaN, all zeros 0; returns 1 when r holds
 * the norm */
__HCC_LIBM_INLINE int __hcc_norm4_special(double a, double b, double c, double d, double *r) {
    double inf = __builtin_inf();
    if (__builtin_fabs(a) == inf || __builtin_fabs(b) == inf || __builtin_fabs(c) == inf ||
        __builtin_fabs(d) == inf)
        *r = inf;
    else if (a != a || b != b || c != c || d != d)
        *r = a + b + c + d;
    else if (a == 0.0 && b == 0.0 && c == 0.0 && d == 0.0)
        *r = 0.0;
    else
        return 0;
    return 1;
}

__HCC_LIBM double __hcc_norm4d(double a, double b, double c, double d) {
    double r;
    if (__hcc_norm4_special(a, b, c, d, &r))
        return r;
    return __hcc_norm4_finite(a, b, c, d, 0);
}

/* 1/norm: 1/inf = 0, 1/0 = inf, NaN stays */
__HCC_LIBM double __hcc_rnorm4d(double a, double b, double c, double d) {
    double r;
    if (__hcc_norm4_special(a, b, c, d, &r))
        return 1.0 / r;
    return __hcc_norm4_finite(a, b, c, d, 1);
}

__HCC_LIBM double __hcc_norm3d(double a, double b, double c) {
    return __hcc_norm4d(a, b, c, 0.0);
}
__HCC_LIBM double __hcc_rnorm3d(double a, double b, double c) {
    return __hcc_rnorm4d(a, b, c, 0.0);
}
__HCC_LIBM double __hcc_hypot(double x, double y) {
    return __hcc_norm4d(x, y, 0.0, 0.0);
}
__HCC_LIBM double __hcc_rhypot(double x, double y) {
    return __hcc_rnorm4d(x, y, 0.0, 0.0);
}

/* the norm of v[0..n-1] (n <= 0: 0), in two passes: the largest magnitude
 * (and infinities, NaNs) first, then the scaled squares */
__HCC_LIBM_INLINE double __hcc_norm_n(int n, const double *v, int recip) {
    double mx = 0.0, nan = 0.0, inf = __builtin_inf();
    for (int i = 0; i < n; i++) {
        double a = __builtin_fabs(v[i]);
        if (a == inf)
            return recip ? 0.0 : inf;
        if (a != a)
            nan = a;
        mx = a > mx ? a : mx;
    }
    if (nan != 0.0 || mx == 0.0) /* a NaN, or all zeros */
        return recip ? 1.0 / (mx + nan) : mx + nan;
    int e = __hcc_norm_exponent(mx);
    double s = __hcc_pow2i(-e), sh = 0.0, sl = 0.0;
    for (int i = 0; i < n; i++)
        __hcc_add_square(v[i] * s, &sh, &sl);
    return __hcc_norm_finish(sh, sl, e, recip);
}

__HCC_LIBM double __hcc_norm(int n, const double *v) {
    return __hcc_norm_n(n, v, 0);
}
__HCC_LIBM double __hcc_rnorm(int n, const double *v) {
    return __hcc_norm_n(n, v, 1);
}

#endif
