/*
 * hcc_fp16.h -- half precision (cuda_fp16.h's names).  __half is clang's
 * _Float16: arithmetic on it compiles to HISA's HADD/HMUL/HFMA (rounded to
 * nearest even), __half2 is a pair packed in one register (HADD2, ...).
 */
#ifndef HCC_FP16_H
#define HCC_FP16_H

typedef _Float16 __half;
typedef _Float16 half;
typedef _Float16 __half2 __attribute__((ext_vector_type(2)));
typedef __half2 half2;

#define __HCC_H static __host__ __device__ __forceinline__

#include "hcc_half_common.h"

__HCC_H __half __float2half(float f) { return (__half)f; }
__HCC_H __half __float2half_rn(float f) { return (__half)f; }
__HCC_H float __half2float(__half h) { return (float)h; }
__HCC_H __half __double2half(double d) { return (__half)d; } /* rounded once */
__HCC_H __half __int2half_rn(int i) { return (__half)(float)i; }
__HCC_H int __half2int_rz(__half h) { return (int)(float)h; }
__HCC_H __half2 __floats2half2_rn(float a, float b) { return (__half2){(__half)a, (__half)b}; }
__HCC_H __half2 __float2half2_rn(float a) { return (__half2){(__half)a, (__half)a}; }
__HCC_H __half2 __halves2half2(__half a, __half b) { return (__half2){a, b}; }
__HCC_H float __low2float(__half2 h) { return (float)h.x; }
__HCC_H float __high2float(__half2 h) { return (float)h.y; }
__HCC_H __half __low2half(__half2 h) { return h.x; }
__HCC_H __half __high2half(__half2 h) { return h.y; }
__HCC_H __half __hadd(__half a, __half b) { return a + b; }
__HCC_H __half __hsub(__half a, __half b) { return a - b; }
__HCC_H __half __hmul(__half a, __half b) { return a * b; }
__HCC_H __half __hdiv(__half a, __half b) { return a / b; }
__HCC_H __half __hneg(__half a) { return -a; }
__HCC_H __half __hfma(__half a, __half b, __half c) { return __builtin_fmaf16(a, b, c); }
__HCC_H __half2 __hadd2(__half2 a, __half2 b) { return a + b; }
__HCC_H __half2 __hsub2(__half2 a, __half2 b) { return a - b; }
__HCC_H __half2 __hmul2(__half2 a, __half2 b) { return a * b; }
__HCC_H __half2 __h2div(__half2 a, __half2 b) { return a / b; }
__HCC_H __half2 __hneg2(__half2 a) { return -a; }
__HCC_H __half2 __hfma2(__half2 a, __half2 b, __half2 c) { return __builtin_elementwise_fma(a, b, c); }
__HCC_H __half2 __half2half2(__half a) { return (__half2){a, a}; }
__HCC_H __half2 __low2half2(__half2 a) { return (__half2){a.x, a.x}; }
__HCC_H __half2 __high2half2(__half2 a) { return (__half2){a.y, a.y}; }
__HCC_H __half2 __lowhigh2highlow(__half2 a) { return (__half2){a.y, a.x}; }
__HCC_H __half2 __lows2half2(__half2 a, __half2 b) { return (__half2){a.x, b.x}; }
__HCC_H __half2 __highs2half2(__half2 a, __half2 b) { return (__half2){a.y, b.y}; }
__HCC_H __half hsqrt(__half a) { return (__half)__builtin_sqrtf((float)a); } /* float has room: rounded once */
__HCC_HALF_COMMON(__half, __half2, 0x7c00u)
__HCC_HALF_SHFL(__half, __half2)
__HCC_H short __half_as_short(__half h) { return __builtin_bit_cast(short, h); }
__HCC_H unsigned short __half_as_ushort(__half h) { return __builtin_bit_cast(unsigned short, h); }
__HCC_H __half __short_as_half(short i) { return __builtin_bit_cast(__half, i); }
__HCC_H __half __ushort_as_half(unsigned short i) { return __builtin_bit_cast(__half, i); }

#undef __HCC_H

/* Conversions with a rounding mode (_rn _rz _rd _ru; hcc_runtime.h): device
 * code only, except the __host__ __device__ ones above.  To integers they
 * saturate, NaN gives 0. */
#define __HCC_CVT_H3(NAME, D, S, DN, SN)                                                           \
    __HCC_CVT_ONE(NAME, D, S, DN, SN, rz, rz)                                                    \
    __HCC_CVT_ONE(NAME, D, S, DN, SN, rm, rd)                                                    \
    __HCC_CVT_ONE(NAME, D, S, DN, SN, rp, ru)
__HCC_CVT_H3(__float2half, __half, float, f16, f32)
__HCC_CVT_ONE(__half2int, int, __half, s32, f16, rn, rn)
__HCC_CVT_ONE(__half2int, int, __half, s32, f16, rm, rd)
__HCC_CVT_ONE(__half2int, int, __half, s32, f16, rp, ru)
__HCC_CVT_H3(__int2half, __half, int, f16, s32)
__HCC_CVT(__half2uint, unsigned, __half, u32, f16)
__HCC_CVT(__half2ll, long long, __half, s64, f16)
__HCC_CVT(__half2ull, unsigned long long, __half, u64, f16)
__HCC_CVT(__half2short, short, __half, s16, f16)
__HCC_CVT(__half2ushort, unsigned short, __half, u16, f16)
__HCC_CVT(__uint2half, __half, unsigned, f16, u32)
__HCC_CVT(__ll2half, __half, long long, f16, s64)
__HCC_CVT(__ull2half, __half, unsigned long long, f16, u64)
__HCC_CVT(__short2half, __half, short, f16, s16)
__HCC_CVT(__ushort2half, __half, unsigned short, f16, u16)
#undef __HCC_CVT_H3

#endif
