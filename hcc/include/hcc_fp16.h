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

__HCC_H __half __float2half(float f) { return (__half)f; }
__HCC_H __half __float2half_rn(float f) { return (__half)f; }
__HCC_H float __half2float(__half h) { return (float)h; }
__HCC_H __half __double2half(double d) { return (__half)(float)d; }
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
__HCC_H bool __heq(__half a, __half b) { return a == b; }
__HCC_H bool __hlt(__half a, __half b) { return a < b; }
__HCC_H bool __hgt(__half a, __half b) { return a > b; }
__HCC_H __half __hmax(__half a, __half b) { return a > b ? a : b; }
__HCC_H __half __hmin(__half a, __half b) { return a < b ? a : b; }

#undef __HCC_H
#endif
