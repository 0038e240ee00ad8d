/*
 * hcc_math.h -- the CUDA math API in device code.  Functions that map to
 * one HISA instruction (sqrt, fma, fabs, min/max, rounding) are correctly
 * rounded, as on NVIDIA GPUs; docs/hcc.md lists each function's accuracy.
 * Host code keeps the C library's functions: the device versions are
 * overloads selected by clang's host/device resolution.
 */
#ifndef HCC_MATH_H
#define HCC_MATH_H

#include <math.h>

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
