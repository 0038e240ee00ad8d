/*
 * hcc_libm_common.h -- what the device math library's implementation files
 * (hcc_libm_*.h) share: the function attributes, bit access to doubles and
 * floats, and error-free transformations for double-double arithmetic.
 *
 * The library is written once, in the common subset of C and CUDA C++, as
 * functions named __hcc_<name> on doubles.  hcc_math.h turns them into the
 * CUDA math API (exp, expf, ...); the float functions evaluate the double
 * ones and round once, which keeps them within half an ulp in nearly every
 * case (an emulated GPU runs double arithmetic as fast as float).  Because
 * the same text also compiles as plain C, hcc/tests/libm measures each
 * function natively against the host's long double library over millions
 * of arguments (docs/math.md gives the measured errors).
 *
 * Two rules keep one source right on both sides:
 *   - results never depend on whether a*b+c is contracted into an fma (hcc
 *     contracts as CUDA does, a host compiler may not): exact products use
 *     __builtin_fma explicitly (also for the rounded half of
 *     __hcc_two_prod), and nothing relies on a separately rounded product;
 *   - helpers that return two values take pointers (structs passed by
 *     value between non-inlined functions are not part of hcc's call ABI at
 *     -O0) and are __HCC_LIBM_INLINE, which inlines even at -O0.
 */
#ifndef HCC_LIBM_COMMON_H
#define HCC_LIBM_COMMON_H

#if defined(__CUDA__)
#define __HCC_LIBM static __host__ __device__ inline
#define __HCC_LIBM_INLINE static __host__ __device__ inline __attribute__((always_inline))
#else
#define __HCC_LIBM static inline
#define __HCC_LIBM_INLINE static inline __attribute__((always_inline))
#endif

/* ---- bits ---------------------------------------------------------------- */

typedef union {
    double d;
    unsigned long long u;
} __hcc_dbits;

typedef union {
    float f;
    unsigned int u;
} __hcc_fbits;

__HCC_LIBM_INLINE unsigned long long __hcc_d2u(double d) {
    __hcc_dbits b;
    b.d = d;
    return b.u;
}

__HCC_LIBM_INLINE double __hcc_u2d(unsigned long long u) {
    __hcc_dbits b;
    b.u = u;
    return b.d;
}

__HCC_LIBM_INLINE unsigned int __hcc_f2u(float f) {
    __hcc_fbits b;
    b.f = f;
    return b.u;
}

__HCC_LIBM_INLINE float __hcc_u2f(unsigned int u) {
    __hcc_fbits b;
    b.u = u;
    return b.f;
}

/* The biased exponent field of x (0 for zeros and subnormals, 2047 for
 * infinities and NaNs). */
__HCC_LIBM_INLINE int __hcc_dexp_field(double x) { return (int)(__hcc_d2u(x) >> 52) & 0x7ff; }

/* 2^n for n in [-1022, 1023], exactly. */
__HCC_LIBM_INLINE double __hcc_pow2i(int n) { return __hcc_u2d((unsigned long long)(n + 1023) << 52); }

/* x * 2^n for any int n, rounding once (ldexp): the scaling is split so that
 * no intermediate overflows or underflows early, and only the last step,
 * whose factor is at least 2^-1022 when it rounds, can round. */
__HCC_LIBM_INLINE double __hcc_scale2(double x, int n) {
    if (n > 1023) {
        x *= 0x1p1023;
        n -= 1023;
        if (n > 1023) {
            x *= 0x1p1023;
            n -= 1023;
            if (n > 1023)
                n = 1023;
        }
    } else if (n < -1022) {
        /* 2^-969 = 2^-1022 * 2^53: keeps 53 bits while scaling down */
        x *= 0x1p-969;
        n += 969;
        if (n < -1022) {
            x *= 0x1p-969;
            n += 969;
            if (n < -1022)
                n = -1022;
        }
    }
    return x * __hcc_pow2i(n);
}

/* ---- polynomials -------------------------------------------------------------- */

/* c[0] + c[1] u + ... + c[n-1] u^(n-1) by Horner's rule, one fma a step.
 * Called with a local array of constants, which inlining folds back into
 * immediate operands. */
__HCC_LIBM_INLINE double __hcc_horner(const double *c, int n, double u) {
    double r = c[n - 1];
    for (int i = n - 2; i >= 0; i--)
        r = __builtin_fma(r, u, c[i]);
    return r;
}

/* ---- error-free transformations (double-double) ---------------------------- */

/* s + e == a + b exactly, s = fl(a + b) (Knuth's TwoSum, any magnitudes). */
__HCC_LIBM_INLINE void __hcc_two_sum(double a, double b, double *s, double *e) {
    double sum = a + b;
    double bb = sum - a;
    *s = sum;
    *e = (a - (sum - bb)) + (b - bb);
}

/* s + e == a + b exactly, s = fl(a + b), when |a| >= |b| or a == 0. */
__HCC_LIBM_INLINE void __hcc_fast_two_sum(double a, double b, double *s, double *e) {
    double sum = a + b;
    *s = sum;
    *e = b - (sum - a);
}

/* p + e == a * b exactly, p = fl(a * b) (barring underflow).  p comes from
 * an fma: a plain product that feeds an addition may be contracted into one
 * fma by the compiler, which would add the exact a*b where the code means
 * the rounded p (counting e twice).  fma(a, b, 0) cannot be contracted, nor
 * folded back into a product (it gives +0 for a -0 product). */
__HCC_LIBM_INLINE void __hcc_two_prod(double a, double b, double *p, double *e) {
    double prod = __builtin_fma(a, b, 0.0);
    *p = prod;
    *e = __builtin_fma(a, b, -prod);
}

#endif
