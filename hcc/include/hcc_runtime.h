/*
 * hcc_runtime.h -- the HCC dialect: what a .hcc or .cu file sees without
 * including anything (hcc passes -include hcc_runtime.h).
 *
 * Device side: the execution-space qualifiers, the built-in index
 * variables, synchronisation, atomics, warp intrinsics, __ldg, fast-math
 * intrinsics, printf, assert and __trap.  Host side: the HCC runtime API
 * (hc_runtime_api.h) and the launch ABI clang's <<<>>> needs.
 * docs/hcc.md lists what is supported.
 */
#ifndef HCC_RUNTIME_H
#define HCC_RUNTIME_H

#if !defined(__CUDA__)
#error "hcc_runtime.h is for CUDA-dialect sources compiled by hcc"
#endif

#include <stddef.h>
#include <stdint.h>

/* ---- qualifiers ---------------------------------------------------------------- */

#define __host__ __attribute__((host))
#define __device__ __attribute__((device))
#define __global__ __attribute__((global))
#define __shared__ __attribute__((shared))
#define __constant__ __attribute__((constant))
#define __managed__ __attribute__((managed))
#define __launch_bounds__(...) __attribute__((launch_bounds(__VA_ARGS__)))
#define __forceinline__ __inline__ __attribute__((always_inline))
#define __noinline__ __attribute__((noinline))
#define __restrict__ __restrict
#define __align__(n) __attribute__((aligned(n)))
#define __HCC_DEV static __device__ __forceinline__
#define __HCC_HD static __host__ __device__ __forceinline__

#define __HIGPU__ 1
#define __CUDACC__ 1 /* programs test it to enable device code */
#define __CUDA_ARCH_LIST__ 800
#ifdef __CUDA_ARCH__
/* clang defines __CUDA_ARCH__ from --cuda-gpu-arch=sm_80 in device code */
#endif

/* ---- built-in variables: clang's property-based definitions ------------------- */

#include <__clang_cuda_builtin_vars.h>

#include "hc_runtime_api.h"

#ifdef __cplusplus
extern "C" {
#endif
/* The launch ABI clang emits for <<<grid, block, shmem, stream>>>. */
unsigned __cudaPushCallConfiguration(dim3 grid, dim3 block, size_t shmem, void *stream);
#ifdef __cplusplus
}
#endif

/* ---- device built-ins the hcc backend implements --------------------------------- */

extern "C" __device__ void __hcc_trap(unsigned code) __attribute__((noreturn));
extern "C" __device__ int vprintf(const char *fmt, const char *args);
extern "C" __device__ int printf(const char *fmt, ...);

#define __HCC_ASSERT_TRAP 0x41535254u /* "ASRT": the runtime reports hcErrorAssert */

__HCC_DEV void __trap(void) { __builtin_trap(); }
__HCC_DEV void __brkpt(void) { __builtin_trap(); }

extern "C" __device__ inline void __assertfail(const char *expr, const char *file, unsigned line,
                                               const char *func, size_t charsize) {
    (void)charsize;
    printf("%s:%u: %s: block [%u,%u,%u], thread [%u,%u,%u] Assertion `%s` failed.\n", file, line, func,
           blockIdx.x, blockIdx.y, blockIdx.z, threadIdx.x, threadIdx.y, threadIdx.z, expr);
    __hcc_trap(__HCC_ASSERT_TRAP);
}

#if defined(__GLIBC__) || defined(__linux__)
extern "C" __device__ inline void __assert_fail(const char *expr, const char *file, unsigned line,
                                                const char *func) {
    __assertfail(expr, file, line, func, 1);
}
#endif

/* ---- synchronisation ---------------------------------------------------------------- */

/* __syncthreads() is a clang builtin (llvm.nvvm.barrier0) */
__HCC_DEV int __syncthreads_count(int p) { return __nvvm_bar0_popc(p); }
__HCC_DEV int __syncthreads_and(int p) { return __nvvm_bar0_and(p); }
__HCC_DEV int __syncthreads_or(int p) { return __nvvm_bar0_or(p); }
__HCC_DEV void __syncwarp(unsigned mask = 0xffffffffu) { __nvvm_bar_warp_sync(mask); }
__HCC_DEV void __threadfence_block(void) { __nvvm_membar_cta(); }
__HCC_DEV void __threadfence(void) { __nvvm_membar_gl(); }
__HCC_DEV void __threadfence_system(void) { __nvvm_membar_sys(); }

/* ---- atomics (relaxed, device scope, as CUDA's) ------------------------------------- */

#define __HCC_ATOMIC_INT(T)                                                                        \
    __HCC_DEV T atomicAdd(T *p, T v) { return __atomic_fetch_add(p, v, __ATOMIC_RELAXED); }      \
    __HCC_DEV T atomicSub(T *p, T v) { return __atomic_fetch_sub(p, v, __ATOMIC_RELAXED); }      \
    __HCC_DEV T atomicExch(T *p, T v) { return __atomic_exchange_n(p, v, __ATOMIC_RELAXED); }    \
    __HCC_DEV T atomicMin(T *p, T v) { return __atomic_fetch_min(p, v, __ATOMIC_RELAXED); }      \
    __HCC_DEV T atomicMax(T *p, T v) { return __atomic_fetch_max(p, v, __ATOMIC_RELAXED); }      \
    __HCC_DEV T atomicAnd(T *p, T v) { return __atomic_fetch_and(p, v, __ATOMIC_RELAXED); }      \
    __HCC_DEV T atomicOr(T *p, T v) { return __atomic_fetch_or(p, v, __ATOMIC_RELAXED); }        \
    __HCC_DEV T atomicXor(T *p, T v) { return __atomic_fetch_xor(p, v, __ATOMIC_RELAXED); }      \
    __HCC_DEV T atomicCAS(T *p, T cmp, T v) {                                                    \
        __atomic_compare_exchange_n(p, &cmp, v, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);       \
        return cmp;                                                                              \
    }
__HCC_ATOMIC_INT(int)
__HCC_ATOMIC_INT(unsigned int)
__HCC_ATOMIC_INT(long long)
__HCC_ATOMIC_INT(unsigned long long)
#undef __HCC_ATOMIC_INT

__HCC_DEV float atomicAdd(float *p, float v) { return __atomic_fetch_add(p, v, __ATOMIC_RELAXED); }
__HCC_DEV double atomicAdd(double *p, double v) { return __atomic_fetch_add(p, v, __ATOMIC_RELAXED); }
__HCC_DEV float atomicExch(float *p, float v) {
    return __builtin_bit_cast(float, __atomic_exchange_n((int *)p, __builtin_bit_cast(int, v), __ATOMIC_RELAXED));
}
__HCC_DEV unsigned atomicInc(unsigned *p, unsigned v) { return __nvvm_atom_inc_gen_ui(p, v); }
__HCC_DEV unsigned atomicDec(unsigned *p, unsigned v) { return __nvvm_atom_dec_gen_ui(p, v); }

/* ---- warp intrinsics ------------------------------------------------------------------- */

#define __HCC_SHFL_C(width, clamp) ((((32 - (width)) << 8)) | (clamp))
__HCC_DEV unsigned __activemask(void) { return __nvvm_activemask(); }
__HCC_DEV int __all_sync(unsigned m, int p) { return __nvvm_vote_all_sync(m, p); }
__HCC_DEV int __any_sync(unsigned m, int p) { return __nvvm_vote_any_sync(m, p); }
__HCC_DEV int __uni_sync(unsigned m, int p) { return __nvvm_vote_uni_sync(m, p); }
__HCC_DEV unsigned __ballot_sync(unsigned m, int p) { return __nvvm_vote_ballot_sync(m, p); }
__HCC_DEV unsigned __match_any_sync(unsigned m, int v) { return __nvvm_match_any_sync_i32(m, v); }
__HCC_DEV unsigned __match_any_sync(unsigned m, unsigned v) { return __nvvm_match_any_sync_i32(m, (int)v); }
__HCC_DEV unsigned __match_any_sync(unsigned m, long long v) { return __nvvm_match_any_sync_i64(m, v); }
__HCC_DEV unsigned __match_all_sync(unsigned m, int v, int *pred) { return __nvvm_match_all_sync_i32p(m, v, pred); }
__HCC_DEV unsigned __match_all_sync(unsigned m, long long v, int *pred) { return __nvvm_match_all_sync_i64p(m, v, pred); }
__HCC_DEV int __reduce_add_sync(unsigned m, int v) { return __nvvm_redux_sync_add(v, m); }
__HCC_DEV unsigned __reduce_add_sync(unsigned m, unsigned v) { return (unsigned)__nvvm_redux_sync_add((int)v, m); }
__HCC_DEV int __reduce_min_sync(unsigned m, int v) { return __nvvm_redux_sync_min(v, m); }
__HCC_DEV int __reduce_max_sync(unsigned m, int v) { return __nvvm_redux_sync_max(v, m); }
__HCC_DEV unsigned __reduce_min_sync(unsigned m, unsigned v) { return __nvvm_redux_sync_umin(v, m); }
__HCC_DEV unsigned __reduce_max_sync(unsigned m, unsigned v) { return __nvvm_redux_sync_umax(v, m); }
__HCC_DEV unsigned __reduce_and_sync(unsigned m, unsigned v) { return __nvvm_redux_sync_and(v, m); }
__HCC_DEV unsigned __reduce_or_sync(unsigned m, unsigned v) { return __nvvm_redux_sync_or(v, m); }
__HCC_DEV unsigned __reduce_xor_sync(unsigned m, unsigned v) { return __nvvm_redux_sync_xor(v, m); }

#define __HCC_SHFL(T, SUFFIX, CAST_IN, CAST_OUT)                                                           \
    __HCC_DEV T __shfl_sync(unsigned m, T v, int lane, int width = 32) {                                   \
        return CAST_OUT(__nvvm_shfl_sync_idx_##SUFFIX(m, CAST_IN(v), lane, __HCC_SHFL_C(width, 0x1f)));   \
    }                                                                                                      \
    __HCC_DEV T __shfl_up_sync(unsigned m, T v, unsigned d, int width = 32) {                             \
        return CAST_OUT(__nvvm_shfl_sync_up_##SUFFIX(m, CAST_IN(v), (int)d, __HCC_SHFL_C(width, 0)));      \
    }                                                                                                      \
    __HCC_DEV T __shfl_down_sync(unsigned m, T v, unsigned d, int width = 32) {                           \
        return CAST_OUT(__nvvm_shfl_sync_down_##SUFFIX(m, CAST_IN(v), (int)d, __HCC_SHFL_C(width, 0x1f))); \
    }                                                                                                      \
    __HCC_DEV T __shfl_xor_sync(unsigned m, T v, int mask, int width = 32) {                              \
        return CAST_OUT(__nvvm_shfl_sync_bfly_##SUFFIX(m, CAST_IN(v), mask, __HCC_SHFL_C(width, 0x1f)));  \
    }
__HCC_SHFL(int, i32, , )
__HCC_SHFL(unsigned, i32, (int), (unsigned))
__HCC_SHFL(float, f32, , )
#undef __HCC_SHFL

/* 64-bit shuffles move the two halves */
#define __HCC_SHFL64(T, NAME, ARGT)                                                                \
    __HCC_DEV T NAME(unsigned m, T v, ARGT x, int width = 32) {                                    \
        long long bits = __builtin_bit_cast(long long, v);                                         \
        int lo = NAME(m, (int)bits, x, width), hi = NAME(m, (int)(bits >> 32), x, width);          \
        return __builtin_bit_cast(T, (long long)(((unsigned long long)(unsigned)hi << 32) | (unsigned)lo)); \
    }
__HCC_SHFL64(long long, __shfl_sync, int)
__HCC_SHFL64(long long, __shfl_up_sync, unsigned)
__HCC_SHFL64(long long, __shfl_down_sync, unsigned)
__HCC_SHFL64(long long, __shfl_xor_sync, int)
__HCC_SHFL64(double, __shfl_sync, int)
__HCC_SHFL64(double, __shfl_up_sync, unsigned)
__HCC_SHFL64(double, __shfl_down_sync, unsigned)
__HCC_SHFL64(double, __shfl_xor_sync, int)
#undef __HCC_SHFL64

/* ---- integer intrinsics ------------------------------------------------------------------ */

__HCC_DEV int __popc(unsigned x) { return __builtin_popcount(x); }
__HCC_DEV int __popcll(unsigned long long x) { return __builtin_popcountll(x); }
__HCC_DEV int __clz(int x) { return x ? __builtin_clz((unsigned)x) : 32; }
__HCC_DEV int __clzll(long long x) { return x ? __builtin_clzll((unsigned long long)x) : 64; }
__HCC_DEV int __ffs(int x) { return __builtin_ffs(x); }
__HCC_DEV int __ffsll(long long x) { return __builtin_ffsll(x); }
__HCC_DEV unsigned __brev(unsigned x) { return __builtin_bitreverse32(x); }
__HCC_DEV unsigned long long __brevll(unsigned long long x) { return __builtin_bitreverse64(x); }
__HCC_DEV int __mulhi(int a, int b) { return (int)(((long long)a * b) >> 32); }
__HCC_DEV unsigned __umulhi(unsigned a, unsigned b) { return (unsigned)(((unsigned long long)a * b) >> 32); }
__HCC_DEV unsigned __funnelshift_l(unsigned lo, unsigned hi, unsigned s) { return (unsigned)((((unsigned long long)hi << 32 | lo) << (s & 31)) >> 32); }
__HCC_DEV unsigned __funnelshift_r(unsigned lo, unsigned hi, unsigned s) { return (unsigned)(((unsigned long long)hi << 32 | lo) >> (s & 31)); }

/* ---- memory intrinsics ----------------------------------------------------------------------- */

template <typename T> __HCC_DEV T __ldg(const T *p) { return *p; }
template <typename T> __HCC_DEV T __ldcg(const T *p) { return *p; }
template <typename T> __HCC_DEV T __ldca(const T *p) { return *p; }
template <typename T> __HCC_DEV T __ldcs(const T *p) { return *p; }
template <typename T> __HCC_DEV void __stcg(T *p, T v) { *p = v; }
template <typename T> __HCC_DEV void __stwb(T *p, T v) { *p = v; }

__HCC_DEV long long clock64(void) { return (long long)__nvvm_read_ptx_sreg_clock64(); }
__HCC_DEV int clock(void) { return __nvvm_read_ptx_sreg_clock(); }
__HCC_DEV unsigned long long __globaltimer(void) { return __nvvm_read_ptx_sreg_globaltimer(); }
__HCC_DEV void __nanosleep(unsigned ns) { (void)ns; }

/* ---- fast-math intrinsics (the SFU; accuracy in docs/isa.md) -------------------------------- */

__HCC_DEV float __fdividef(float a, float b) { return a * __nvvm_rcp_approx_ftz_f(b); }
__HCC_DEV float __frcp_rn(float a) { return __nvvm_rcp_rn_f(a); }
__HCC_DEV float __fsqrt_rn(float a) { return __nvvm_sqrt_rn_f(a); }
__HCC_DEV float __frsqrt_rn(float a) { return 1.0f / __nvvm_sqrt_rn_f(a); }
__HCC_DEV float __expf(float a) { return __nvvm_ex2_approx_f(a * 1.4426950408889634f); }
__HCC_DEV float __exp10f(float a) { return __nvvm_ex2_approx_f(a * 3.3219280948873622f); }
__HCC_DEV float __logf(float a) { return __nvvm_lg2_approx_f(a) * 0.6931471805599453f; }
__HCC_DEV float __log2f(float a) { return __nvvm_lg2_approx_f(a); }
__HCC_DEV float __log10f(float a) { return __nvvm_lg2_approx_f(a) * 0.3010299956639812f; }
__HCC_DEV float __sinf(float a) { return __nvvm_sin_approx_f(a); }
__HCC_DEV float __cosf(float a) { return __nvvm_cos_approx_f(a); }
__HCC_DEV float __tanf(float a) { return __nvvm_sin_approx_f(a) * __nvvm_rcp_approx_ftz_f(__nvvm_cos_approx_f(a)); }
__HCC_DEV void __sincosf(float a, float *s, float *c) { *s = __sinf(a); *c = __cosf(a); }
__HCC_DEV float __powf(float a, float b) { return __nvvm_ex2_approx_f(b * __nvvm_lg2_approx_f(a)); }
__HCC_DEV float __saturatef(float a) { return a > 1.0f ? 1.0f : a > 0.0f ? a : 0.0f; }
__HCC_DEV float __fadd_rn(float a, float b) { return __nvvm_add_rn_f(a, b); }
__HCC_DEV float __fadd_rz(float a, float b) { return __nvvm_add_rz_f(a, b); }
__HCC_DEV float __fadd_rd(float a, float b) { return __nvvm_add_rm_f(a, b); }
__HCC_DEV float __fadd_ru(float a, float b) { return __nvvm_add_rp_f(a, b); }
__HCC_DEV float __fmul_rn(float a, float b) { return __nvvm_mul_rn_f(a, b); }
__HCC_DEV float __fmul_rz(float a, float b) { return __nvvm_mul_rz_f(a, b); }
__HCC_DEV float __fdiv_rn(float a, float b) { return __nvvm_div_rn_f(a, b); }
__HCC_DEV float __fmaf_rn(float a, float b, float c) { return __nvvm_fma_rn_f(a, b, c); }
__HCC_DEV float __fmaf_rz(float a, float b, float c) { return __nvvm_fma_rz_f(a, b, c); }
__HCC_DEV double __fma_rn(double a, double b, double c) { return __nvvm_fma_rn_d(a, b, c); }
__HCC_DEV double __dadd_rn(double a, double b) { return __nvvm_add_rn_d(a, b); }
__HCC_DEV double __dmul_rn(double a, double b) { return __nvvm_mul_rn_d(a, b); }
__HCC_DEV float __int_as_float(int x) { return __builtin_bit_cast(float, x); }
__HCC_DEV int __float_as_int(float x) { return __builtin_bit_cast(int, x); }
__HCC_DEV float __uint_as_float(unsigned x) { return __builtin_bit_cast(float, x); }
__HCC_DEV unsigned __float_as_uint(float x) { return __builtin_bit_cast(unsigned, x); }
__HCC_DEV double __longlong_as_double(long long x) { return __builtin_bit_cast(double, x); }
__HCC_DEV long long __double_as_longlong(double x) { return __builtin_bit_cast(long long, x); }

#include "hcc_math.h"

#endif /* HCC_RUNTIME_H */
