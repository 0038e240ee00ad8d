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
__HCC_M int min(int a, int b) { return a < b ? a : b; }
__HCC_M int max(int a, int b) { return a > b ? a : b; }
__HCC_M unsigned umin(unsigned a, unsigned b) { return a < b ? a : b; }
__HCC_M unsigned umax(unsigned a, unsigned b) { return a > b ? a : b; }
__HCC_M int abs(int a) { return a < 0 ? -a : a; }

#undef __HCC_M
#endif
