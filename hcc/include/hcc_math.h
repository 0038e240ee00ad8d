/*
 * hcc_math.h -- the CUDA math API in device code.  Functions that map to
 * one HISA instruction (sqrt, fma, fabs, min/max, rounding) are correctly
 * rounded, as on NVIDIA GPUs; the others come from hcc's device math
 * library (hcc_libm_*.h: double functions named __hcc_<name>; the float
 * ones evaluate them and round once).  docs/math.md lists each function's
 * measured accuracy beside CUDA's bound.  Host code keeps the C library's
 * functions: the device versions are overloads selected by clang's
 * host/device resolution.
 */
#ifndef HCC_MATH_H
#define HCC_MATH_H

#include <math.h>

#include "hcc_libm_exact.h"
#include "hcc_libm_explog.h"
#include "hcc_libm_hyper.h"
#include "hcc_libm_special.h"
#include "hcc_libm_trig.h"

#define __HCC_M static __device__ __forceinline__

__HCC_M float sqrtf(float x) { return __builtin_sqrtf(x); }
__HCC_M double sqrt(double x) { return __builtin_sqrt(x); }
__HCC_M float rsqrtf(float x) { return 1.0f / __builtin_sqrtf(x); }
__HCC_M double rsqrt(double x) { return 1.0 / __builtin_sqrt(x); }
__HCC_M float fabsf(float x) { return __builtin_fabsf(x); }
__HCC_M double fabs(double x) { return __builtin_fabs(x); }
__HCC_M float fmaf(float a, float b, float c) { return __builtin_fmaf(a, b, c); }
__HCC_M double fma(double a, double b, double c) { return __builtin_fma(a, b, c); }
__HCC_M float fminf(float a, float b) { return __builtin_fminf(a, b); }
__HCC_M float fmaxf(float a, float b) { return __builtin_fmaxf(a, b); }
__HCC_M double fmin(double a, double b) { return __builtin_fmin(a, b); }
__HCC_M double fmax(double a, double b) { return __builtin_fmax(a, b); }
__HCC_M float floorf(float x) { return __builtin_floorf(x); }
__HCC_M float ceilf(float x) { return __builtin_ceilf(x); }
__HCC_M float truncf(float x) { return __builtin_truncf(x); }
__HCC_M float rintf(float x) { return __builtin_rintf(x); }
__HCC_M float nearbyintf(float x) { return __builtin_rintf(x); }
__HCC_M double floor(double x) { return __builtin_floor(x); }
__HCC_M double ceil(double x) { return __builtin_ceil(x); }
__HCC_M double trunc(double x) { return __builtin_trunc(x); }
__HCC_M double rint(double x) { return __builtin_rint(x); }
__HCC_M float copysignf(float a, float b) { return __builtin_copysignf(a, b); }
__HCC_M double copysign(double a, double b) { return __builtin_copysign(a, b); }
/* C++ overloads for float, as CUDA's math_functions.h provides (without
 * them sqrt(float) would go through double and fma(float) would round twice) */
__HCC_M float sqrt(float x) { return sqrtf(x); }
__HCC_M float rsqrt(float x) { return rsqrtf(x); }
__HCC_M float fabs(float x) { return fabsf(x); }
__HCC_M float abs(float x) { return fabsf(x); }
__HCC_M double abs(double x) { return fabs(x); }
__HCC_M float fma(float a, float b, float c) { return fmaf(a, b, c); }
__HCC_M float fmin(float a, float b) { return fminf(a, b); }
__HCC_M float fmax(float a, float b) { return fmaxf(a, b); }
__HCC_M float floor(float x) { return floorf(x); }
__HCC_M float ceil(float x) { return ceilf(x); }
__HCC_M float trunc(float x) { return truncf(x); }
__HCC_M float rint(float x) { return rintf(x); }
__HCC_M float nearbyint(float x) { return nearbyintf(x); }
__HCC_M float copysign(float a, float b) { return copysignf(a, b); }
__HCC_M double nearbyint(double x) { return __builtin_rint(x); }

__HCC_M int abs(int a) { return a < 0 ? -a : a; }
__HCC_M long labs(long a) { return a < 0 ? -a : a; }
__HCC_M long long llabs(long long a) { return a < 0 ? -a : a; }
__HCC_M long abs(long a) { return labs(a); }
__HCC_M long long abs(long long a) { return llabs(a); }

/* The library functions, in their CUDA shapes: name(double), namef(float)
 * and the C++ overload name(float). */
#define __HCC_MATH1(name)                                                                          \
    __HCC_M double name(double x) { return __hcc_##name(x); }                                     \
    __HCC_M float name##f(float x) { return (float)__hcc_##name((double)x); }                     \
    __HCC_M float name(float x) { return name##f(x); }
#define __HCC_MATH2(name)                                                                          \
    __HCC_M double name(double x, double y) { return __hcc_##name(x, y); }                        \
    __HCC_M float name##f(float x, float y) { return (float)__hcc_##name((double)x, (double)y); } \
    __HCC_M float name(float x, float y) { return name##f(x, y); }
__HCC_MATH1(exp)
__HCC_MATH1(exp2)
__HCC_MATH1(exp10)
__HCC_MATH1(expm1)
__HCC_MATH1(log)
__HCC_MATH1(log2)
__HCC_MATH1(log10)
__HCC_MATH1(log1p)
__HCC_MATH1(cbrt)
__HCC_MATH1(rcbrt)
__HCC_MATH1(sinh)
__HCC_MATH1(cosh)
__HCC_MATH1(tanh)
__HCC_MATH1(asinh)
__HCC_MATH1(acosh)
__HCC_MATH1(atanh)
__HCC_MATH1(sin)
__HCC_MATH1(cos)
__HCC_MATH1(tan)
__HCC_MATH1(sinpi)
__HCC_MATH1(cospi)
__HCC_MATH1(asin)
__HCC_MATH1(acos)
__HCC_MATH1(atan)
__HCC_MATH1(erf)
__HCC_MATH1(erfc)
__HCC_MATH1(erfinv)
__HCC_MATH1(erfcinv)
__HCC_MATH1(erfcx)
__HCC_MATH1(normcdf)
__HCC_MATH1(normcdfinv)
__HCC_MATH1(lgamma)
__HCC_MATH1(tgamma)
__HCC_MATH1(logb)
__HCC_MATH1(round)
__HCC_MATH2(pow)
__HCC_MATH2(atan2)
__HCC_MATH2(hypot)
__HCC_MATH2(rhypot)
__HCC_MATH2(fmod)
__HCC_MATH2(remainder)
#undef __HCC_MATH1
#undef __HCC_MATH2

/* exact in float arithmetic (through double it could round twice) */
__HCC_M double fdim(double x, double y) { return __hcc_fdim(x, y); }
__HCC_M float fdimf(float x, float y) { return x > y ? x - y : (x <= y ? 0.0f : x + y); }
__HCC_M float fdim(float x, float y) { return fdimf(x, y); }
__HCC_M double nextafter(double x, double y) { return __hcc_nextafter(x, y); }
__HCC_M float nextafterf(float x, float y) { return __hcc_nextafterf(x, y); }
__HCC_M float nextafter(float x, float y) { return nextafterf(x, y); }

__HCC_M double norm3d(double a, double b, double c) { return __hcc_norm3d(a, b, c); }
__HCC_M double rnorm3d(double a, double b, double c) { return __hcc_rnorm3d(a, b, c); }
__HCC_M double norm4d(double a, double b, double c, double d) { return __hcc_norm4d(a, b, c, d); }
__HCC_M double rnorm4d(double a, double b, double c, double d) { return __hcc_rnorm4d(a, b, c, d); }
__HCC_M float norm3df(float a, float b, float c) { return (float)norm3d(a, b, c); }
__HCC_M float rnorm3df(float a, float b, float c) { return (float)rnorm3d(a, b, c); }
__HCC_M float norm4df(float a, float b, float c, float d) { return (float)norm4d(a, b, c, d); }
__HCC_M float rnorm4df(float a, float b, float c, float d) { return (float)rnorm4d(a, b, c, d); }
__HCC_M double norm(int n, const double *v) { return __hcc_norm(n, v); }
__HCC_M double rnorm(int n, const double *v) { return __hcc_rnorm(n, v); }

__HCC_M void sincos(double x, double *s, double *c) { __hcc_sincos(x, s, c); }
__HCC_M void sincospi(double x, double *s, double *c) { __hcc_sincospi(x, s, c); }
__HCC_M void sincosf(float x, float *s, float *c) {
    double sd, cd;
    __hcc_sincos(x, &sd, &cd);
    *s = (float)sd;
    *c = (float)cd;
}
__HCC_M void sincospif(float x, float *s, float *c) {
    double sd, cd;
    __hcc_sincospi(x, &sd, &cd);
    *s = (float)sd;
    *c = (float)cd;
}

__HCC_M double frexp(double x, int *e) { return __hcc_frexp(x, e); }
__HCC_M float frexpf(float x, int *e) { return (float)__hcc_frexp(x, e); }
__HCC_M float frexp(float x, int *e) { return frexpf(x, e); }
__HCC_M double ldexp(double x, int e) { return __hcc_scale2(x, e); }
__HCC_M float ldexpf(float x, int e) { return (float)__hcc_scale2(x, e < -400 ? -400 : e > 400 ? 400 : e); }
__HCC_M float ldexp(float x, int e) { return ldexpf(x, e); }
__HCC_M double scalbn(double x, int e) { return ldexp(x, e); }
__HCC_M float scalbnf(float x, int e) { return ldexpf(x, e); }
__HCC_M double scalbln(double x, long e) { return ldexp(x, e < -5000 ? -5000 : e > 5000 ? 5000 : (int)e); }
__HCC_M float scalblnf(float x, long e) { return ldexpf(x, e < -400 ? -400 : e > 400 ? 400 : (int)e); }
__HCC_M int ilogb(double x) { return __hcc_ilogb(x); }
__HCC_M int ilogbf(float x) { return __hcc_ilogb(x); }
__HCC_M double modf(double x, double *i) { return __hcc_modf(x, i); }
__HCC_M float modff(float x, float *i) {
    double id;
    float f = (float)__hcc_modf(x, &id);
    *i = (float)id;
    return f;
}
__HCC_M double remquo(double x, double y, int *q) { return __hcc_remquo(x, y, q); }
__HCC_M float remquof(float x, float y, int *q) { return (float)__hcc_remquo(x, y, q); }
__HCC_M long lround(double x) { return (long)__hcc_round(x); }
__HCC_M long long llround(double x) { return (long long)__hcc_round(x); }
__HCC_M long lroundf(float x) { return (long)__hcc_round(x); }
__HCC_M long long llroundf(float x) { return (long long)__hcc_round(x); }
__HCC_M long lrint(double x) { return (long)__builtin_rint(x); }
__HCC_M long long llrint(double x) { return (long long)__builtin_rint(x); }
__HCC_M long lrintf(float x) { return (long)__builtin_rintf(x); }
__HCC_M long long llrintf(float x) { return (long long)__builtin_rintf(x); }
__HCC_M float pow(float x, int n) { return powf(x, (float)n); }
__HCC_M double pow(double x, int n) { return pow(x, (double)n); }

#undef __HCC_M

/* min and max of every arithmetic type, on host and device as in CUDA: a
 * mixed signed/unsigned pair compares as unsigned (the usual arithmetic
 * conversions), float/double pairs as fminf/fmin. */
#define __HCC_MM static __host__ __device__ __forceinline__
#define __HCC_MINMAX(T1, T2, R)                                                                    \
    __HCC_MM R min(T1 a, T2 b) { return (R)a < (R)b ? (R)a : (R)b; }                             \
    __HCC_MM R max(T1 a, T2 b) { return (R)a > (R)b ? (R)a : (R)b; }
__HCC_MINMAX(int, int, int)
__HCC_MINMAX(unsigned, unsigned, unsigned)
__HCC_MINMAX(int, unsigned, unsigned)
__HCC_MINMAX(unsigned, int, unsigned)
__HCC_MINMAX(long, long, long)
__HCC_MINMAX(unsigned long, unsigned long, unsigned long)
__HCC_MINMAX(long, unsigned long, unsigned long)
__HCC_MINMAX(unsigned long, long, unsigned long)
__HCC_MINMAX(long long, long long, long long)
__HCC_MINMAX(unsigned long long, unsigned long long, unsigned long long)
__HCC_MINMAX(long long, unsigned long long, unsigned long long)
__HCC_MINMAX(unsigned long long, long long, unsigned long long)
#undef __HCC_MINMAX
__HCC_MM float min(float a, float b) { return fminf(a, b); }
__HCC_MM float max(float a, float b) { return fmaxf(a, b); }
__HCC_MM double min(double a, double b) { return fmin(a, b); }
__HCC_MM double max(double a, double b) { return fmax(a, b); }
__HCC_MM double min(float a, double b) { return fmin(a, b); }
__HCC_MM double max(float a, double b) { return fmax(a, b); }
__HCC_MM double min(double a, float b) { return fmin(a, b); }
__HCC_MM double max(double a, float b) { return fmax(a, b); }
__HCC_MM unsigned umin(unsigned a, unsigned b) { return min(a, b); }
__HCC_MM unsigned umax(unsigned a, unsigned b) { return max(a, b); }
__HCC_MM long long llmin(long long a, long long b) { return min(a, b); }
__HCC_MM long long llmax(long long a, long long b) { return max(a, b); }
__HCC_MM unsigned long long ullmin(unsigned long long a, unsigned long long b) { return min(a, b); }
__HCC_MM unsigned long long ullmax(unsigned long long a, unsigned long long b) { return max(a, b); }
#undef __HCC_MM

#endif
