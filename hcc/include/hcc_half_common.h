/*
 * hcc_half_common.h -- the parts of cuda_fp16.h and cuda_bf16.h that are the
 * same for __half and __nv_bfloat16; hcc_fp16.h and hcc_bf16.h instantiate
 * __HCC_HALF_COMMON for their types.
 */
#ifndef HCC_HALF_COMMON_H
#define HCC_HALF_COMMON_H

#define __HCC_HC static __host__ __device__ __forceinline__

/* Comparisons, min/max and classification (T the
 * scalar type, T2 the pair, INF the bits of +infinity).  The ordered
 * compares are false for NaN, the ...u ones true; __hmax/__hmin return the
 * other operand when one is NaN and order -0 below +0; the _nan forms
 * return NaN if an operand is NaN.  __hisinf is -1, 1 or 0. */
#define __HCC_HALF_COMMON(T, T2, INF)                                                              \
    __HCC_HC bool __heq(T a, T b) { return a == b; }                                               \
    __HCC_HC bool __hne(T a, T b) { return a < b || a > b; }                                       \
    __HCC_HC bool __hlt(T a, T b) { return a < b; }                                                \
    __HCC_HC bool __hle(T a, T b) { return a <= b; }                                               \
    __HCC_HC bool __hgt(T a, T b) { return a > b; }                                                \
    __HCC_HC bool __hge(T a, T b) { return a >= b; }                                               \
    __HCC_HC bool __hequ(T a, T b) { return !(a < b || a > b); }                                   \
    __HCC_HC bool __hneu(T a, T b) { return !(a == b); }                                           \
    __HCC_HC bool __hltu(T a, T b) { return !(a >= b); }                                           \
    __HCC_HC bool __hleu(T a, T b) { return !(a > b); }                                            \
    __HCC_HC bool __hgtu(T a, T b) { return !(a <= b); }                                           \
    __HCC_HC bool __hgeu(T a, T b) { return !(a < b); }                                            \
    __HCC_HC bool __hisnan(T a) { return a != a; }                                                 \
    __HCC_HC int __hisinf(T a) {                                                                   \
        unsigned short u = __builtin_bit_cast(unsigned short, a);                                  \
        return (u & 0x7fffu) != (INF) ? 0 : (u & 0x8000u) ? -1 : 1;                                \
    }                                                                                              \
    __HCC_HC T __habs(T a) {                                                                       \
        return __builtin_bit_cast(T, (unsigned short)(__builtin_bit_cast(unsigned short, a) & 0x7fffu)); \
    }                                                                                              \
    __HCC_HC bool __hsignbit_(T a) { return (__builtin_bit_cast(unsigned short, a) & 0x8000u) != 0; } \
    __HCC_HC T __hmax(T a, T b) {                                                                  \
        return a != a ? b : b != b ? a : a > b ? a : b > a ? b : __hsignbit_(a) ? b : a;           \
    }                                                                                              \
    __HCC_HC T __hmin(T a, T b) {                                                                  \
        return a != a ? b : b != b ? a : a < b ? a : b < a ? b : __hsignbit_(a) ? a : b;           \
    }                                                                                              \
    __HCC_HC T __hmax_nan(T a, T b) { return a != a ? a : b != b ? b : __hmax(a, b); }             \
    __HCC_HC T __hmin_nan(T a, T b) { return a != a ? a : b != b ? b : __hmin(a, b); }             \
    __HCC_HC T2 __habs2(T2 a) { return (T2){__habs(a.x), __habs(a.y)}; }                           \
    __HCC_HC T2 __hmax2(T2 a, T2 b) { return (T2){__hmax(a.x, b.x), __hmax(a.y, b.y)}; }           \
    __HCC_HC T2 __hmin2(T2 a, T2 b) { return (T2){__hmin(a.x, b.x), __hmin(a.y, b.y)}; }           \
    __HCC_HC bool __hbeq2(T2 a, T2 b) { return a.x == b.x && a.y == b.y; }                         \
    __HCC_HC bool __hblt2(T2 a, T2 b) { return a.x < b.x && a.y < b.y; }

/* Warp shuffles of T and T2 (device code), through the 32-bit ones. */
#define __HCC_HALF_SHFL(T, T2)                                                                      \
    __HCC_HALF_SHFL_ONE(T, T2, __shfl_sync, int)                                                   \
    __HCC_HALF_SHFL_ONE(T, T2, __shfl_up_sync, unsigned)                                           \
    __HCC_HALF_SHFL_ONE(T, T2, __shfl_down_sync, unsigned)                                         \
    __HCC_HALF_SHFL_ONE(T, T2, __shfl_xor_sync, int)
#define __HCC_HALF_SHFL_ONE(T, T2, NAME, ARGT)                                                      \
    static __device__ __forceinline__ T NAME(unsigned m, T v, ARGT x, int width = 32) {            \
        unsigned b = NAME(m, (unsigned)__builtin_bit_cast(unsigned short, v), x, width);           \
        return __builtin_bit_cast(T, (unsigned short)b);                                           \
    }                                                                                              \
    static __device__ __forceinline__ T2 NAME(unsigned m, T2 v, ARGT x, int width = 32) {          \
        return __builtin_bit_cast(T2, NAME(m, __builtin_bit_cast(unsigned, v), x, width));         \
    }

#endif
