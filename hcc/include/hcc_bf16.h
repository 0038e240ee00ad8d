/*
 * hcc_bf16.h -- bfloat16 (cuda_bf16.h's names).  __nv_bfloat16 is clang's
 * __bf16; device arithmetic compiles to HISA's .BF16 half instructions.
 */
#ifndef HCC_BF16_H
#define HCC_BF16_H

typedef __bf16 __nv_bfloat16;
typedef __bf16 nv_bfloat16;

#define __HCC_B static __host__ __device__ __forceinline__

__HCC_B __nv_bfloat16 __float2bfloat16(float f) { return (__bf16)f; }
__HCC_B __nv_bfloat16 __float2bfloat16_rn(float f) { return (__bf16)f; }
__HCC_B float __bfloat162float(__nv_bfloat16 h) { return (float)h; }
__HCC_B __nv_bfloat16 __hadd(__nv_bfloat16 a, __nv_bfloat16 b) { return a + b; }
__HCC_B __nv_bfloat16 __hmul(__nv_bfloat16 a, __nv_bfloat16 b) { return a * b; }
__HCC_B __nv_bfloat16 __hsub(__nv_bfloat16 a, __nv_bfloat16 b) { return a - b; }

#undef __HCC_B
#endif
