/*
 * hcc_bf16.h -- bfloat16 (cuda_bf16.h's names).  __nv_bfloat16 is clang's
 * __bf16; device arithmetic compiles to HISA's .BF16 half instructions.
 */
#ifndef HCC_BF16_H
#define HCC_BF16_H

typedef __bf16 __nv_bfloat16;
typedef __bf16 nv_bfloat16;
typedef __bf16 __nv_bfloat162 __attribute__((ext_vector_type(2)));
typedef __nv_bfloat162 nv_bfloat162;

#include "hcc_half_common.h"

#define __HCC_B static __host__ __device__ __forceinline__

#ifndef __CUDA_ARCH__
/* Host code: clang lowers conversions to __bf16 to the run-time library
 * routines __truncsfbf2 and __truncdfbf2, which libgcc only has from GCC 13
 * on.  These weak definitions (round to nearest even, NaN stays a quiet NaN)
 * make host-side bfloat16 conversions link with any libgcc; a library that
 * has them wins. */
extern "C" __attribute__((weak)) __host__ __bf16 __truncsfbf2(float f) {
    unsigned u = __builtin_bit_cast(unsigned, f);
    if ((u & 0x7fffffffu) > 0x7f800000u)
        return __builtin_bit_cast(__bf16, (unsigned short)((u >> 16) | 0x40u));
    u += 0x7fffu + ((u >> 16) & 1u);
    return __builtin_bit_cast(__bf16, (unsigned short)(u >> 16));
}
/* double -> bfloat16 rounded once: to float rounding to odd (truncate, then
 * set the last bit if anything was lost), then to nearest even */
extern "C" __attribute__((weak)) __host__ __bf16 __truncdfbf2(double d) {
    float f = (float)d;
    if (f == f && (double)f != d) {
        unsigned u = __builtin_bit_cast(unsigned, f);
        if (__builtin_fabs((double)f) > __builtin_fabs(d))
            u -= 1; /* one step toward zero (also from infinity to the largest float) */
        f = __builtin_bit_cast(float, u | 1u);
    }
    return __truncsfbf2(f);
}
#endif

__HCC_B __nv_bfloat16 __float2bfloat16(float f) { return (__bf16)f; }
__HCC_B __nv_bfloat16 __float2bfloat16_rn(float f) { return (__bf16)f; }
__HCC_B float __bfloat162float(__nv_bfloat16 h) { return (float)h; }
__HCC_B __nv_bfloat16 __hadd(__nv_bfloat16 a, __nv_bfloat16 b) { return a + b; }
__HCC_B __nv_bfloat16 __hmul(__nv_bfloat16 a, __nv_bfloat16 b) { return a * b; }
__HCC_B __nv_bfloat16 __hsub(__nv_bfloat16 a, __nv_bfloat16 b) { return a - b; }
__HCC_B __nv_bfloat16 __hdiv(__nv_bfloat16 a, __nv_bfloat16 b) { return a / b; }
__HCC_B __nv_bfloat16 __hneg(__nv_bfloat16 a) { return -a; }
__HCC_B __nv_bfloat16 __hfma(__nv_bfloat16 a, __nv_bfloat16 b, __nv_bfloat16 c) {
    return __builtin_elementwise_fma(a, b, c);
}
__HCC_B __nv_bfloat16 hsqrt(__nv_bfloat16 a) { return (__nv_bfloat16)__builtin_sqrtf((float)a); }
__HCC_B __nv_bfloat162 __hadd2(__nv_bfloat162 a, __nv_bfloat162 b) { return a + b; }
__HCC_B __nv_bfloat162 __hsub2(__nv_bfloat162 a, __nv_bfloat162 b) { return a - b; }
__HCC_B __nv_bfloat162 __hmul2(__nv_bfloat162 a, __nv_bfloat162 b) { return a * b; }
__HCC_B __nv_bfloat162 __h2div(__nv_bfloat162 a, __nv_bfloat162 b) { return a / b; }
__HCC_B __nv_bfloat162 __hneg2(__nv_bfloat162 a) { return -a; }
__HCC_B __nv_bfloat162 __hfma2(__nv_bfloat162 a, __nv_bfloat162 b, __nv_bfloat162 c) {
    return __builtin_elementwise_fma(a, b, c);
}
__HCC_B __nv_bfloat162 __floats2bfloat162_rn(float a, float b) {
    return (__nv_bfloat162){(__nv_bfloat16)a, (__nv_bfloat16)b};
}
__HCC_B __nv_bfloat162 __float2bfloat162_rn(float a) { return (__nv_bfloat162){(__nv_bfloat16)a, (__nv_bfloat16)a}; }
__HCC_B __nv_bfloat162 __halves2bfloat162(__nv_bfloat16 a, __nv_bfloat16 b) { return (__nv_bfloat162){a, b}; }
__HCC_B __nv_bfloat162 __bfloat162bfloat162(__nv_bfloat16 a) { return (__nv_bfloat162){a, a}; }
__HCC_B float __low2float(__nv_bfloat162 h) { return (float)h.x; }
__HCC_B float __high2float(__nv_bfloat162 h) { return (float)h.y; }
__HCC_B __nv_bfloat16 __low2bfloat16(__nv_bfloat162 h) { return h.x; }
__HCC_B __nv_bfloat16 __high2bfloat16(__nv_bfloat162 h) { return h.y; }
__HCC_HALF_COMMON(__nv_bfloat16, __nv_bfloat162, 0x7f80u)
__HCC_HALF_SHFL(__nv_bfloat16, __nv_bfloat162)
__HCC_B __nv_bfloat16 __double2bfloat16(double d) { return (__bf16)d; } /* rounded once */
__HCC_B short __bfloat16_as_short(__nv_bfloat16 h) { return __builtin_bit_cast(short, h); }
__HCC_B unsigned short __bfloat16_as_ushort(__nv_bfloat16 h) { return __builtin_bit_cast(unsigned short, h); }
__HCC_B __nv_bfloat16 __short_as_bfloat16(short i) { return __builtin_bit_cast(__nv_bfloat16, i); }
__HCC_B __nv_bfloat16 __ushort_as_bfloat16(unsigned short i) { return __builtin_bit_cast(__nv_bfloat16, i); }

#undef __HCC_B

/* Conversions with a rounding mode (_rn _rz _rd _ru; hcc_runtime.h), device
 * code only.  To integers they saturate, NaN gives 0. */
__HCC_CVT_ONE(__float2bfloat16, __nv_bfloat16, float, bf16, f32, rz, rz)
__HCC_CVT_ONE(__float2bfloat16, __nv_bfloat16, float, bf16, f32, rm, rd)
__HCC_CVT_ONE(__float2bfloat16, __nv_bfloat16, float, bf16, f32, rp, ru)
__HCC_CVT(__bfloat162int, int, __nv_bfloat16, s32, bf16)
__HCC_CVT(__bfloat162uint, unsigned, __nv_bfloat16, u32, bf16)
__HCC_CVT(__bfloat162ll, long long, __nv_bfloat16, s64, bf16)
__HCC_CVT(__bfloat162ull, unsigned long long, __nv_bfloat16, u64, bf16)
__HCC_CVT(__bfloat162short, short, __nv_bfloat16, s16, bf16)
__HCC_CVT(__bfloat162ushort, unsigned short, __nv_bfloat16, u16, bf16)
__HCC_CVT(__int2bfloat16, __nv_bfloat16, int, bf16, s32)
__HCC_CVT(__uint2bfloat16, __nv_bfloat16, unsigned, bf16, u32)
__HCC_CVT(__ll2bfloat16, __nv_bfloat16, long long, bf16, s64)
__HCC_CVT(__ull2bfloat16, __nv_bfloat16, unsigned long long, bf16, u64)
__HCC_CVT(__short2bfloat16, __nv_bfloat16, short, bf16, s16)
__HCC_CVT(__ushort2bfloat16, __nv_bfloat16, unsigned short, bf16, u16)

#endif
