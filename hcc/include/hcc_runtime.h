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
#include "hcc_vector_types.h"

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

/* The block- and system-scope forms (atomicAdd_block, atomicCAS_system, ...):
 * HiGPU's atomics are device-scope, which is at least as strong as the block
 * scope and covers the system (host memory is device memory here). */
#define __HCC_ATOMIC_SCOPED(NAME)                                                                  \
    template <typename T, typename... A>                                                           \
    __HCC_DEV auto NAME##_block(T *p, A... a) -> decltype(NAME(p, a...)) { return NAME(p, a...); } \
    template <typename T, typename... A>                                                           \
    __HCC_DEV auto NAME##_system(T *p, A... a) -> decltype(NAME(p, a...)) { return NAME(p, a...); }
__HCC_ATOMIC_SCOPED(atomicAdd)
__HCC_ATOMIC_SCOPED(atomicSub)
__HCC_ATOMIC_SCOPED(atomicExch)
__HCC_ATOMIC_SCOPED(atomicMin)
__HCC_ATOMIC_SCOPED(atomicMax)
__HCC_ATOMIC_SCOPED(atomicAnd)
__HCC_ATOMIC_SCOPED(atomicOr)
__HCC_ATOMIC_SCOPED(atomicXor)
__HCC_ATOMIC_SCOPED(atomicCAS)
__HCC_ATOMIC_SCOPED(atomicInc)
__HCC_ATOMIC_SCOPED(atomicDec)
#undef __HCC_ATOMIC_SCOPED

/* ---- warp intrinsics ------------------------------------------------------------------- */

#define __HCC_SHFL_C(width, clamp) ((((32 - (width)) << 8)) | (clamp))
__HCC_DEV unsigned __activemask(void) { return __nvvm_activemask(); }
__HCC_DEV int __all_sync(unsigned m, int p) { return __nvvm_vote_all_sync(m, p); }
__HCC_DEV int __any_sync(unsigned m, int p) { return __nvvm_vote_any_sync(m, p); }
__HCC_DEV int __uni_sync(unsigned m, int p) { return __nvvm_vote_uni_sync(m, p); }
__HCC_DEV unsigned __ballot_sync(unsigned m, int p) { return __nvvm_vote_ballot_sync(m, p); }
/* __match_*_sync for every 32- and 64-bit type CUDA has: values compare by their bits */
#define __HCC_MATCH32(T)                                                                           \
    __HCC_DEV unsigned __match_any_sync(unsigned m, T v) {                                         \
        return __nvvm_match_any_sync_i32(m, __builtin_bit_cast(int, v));                           \
    }                                                                                              \
    __HCC_DEV unsigned __match_all_sync(unsigned m, T v, int *pred) {                              \
        return __nvvm_match_all_sync_i32p(m, __builtin_bit_cast(int, v), pred);                    \
    }
#define __HCC_MATCH64(T)                                                                           \
    __HCC_DEV unsigned __match_any_sync(unsigned m, T v) {                                         \
        return __nvvm_match_any_sync_i64(m, __builtin_bit_cast(long long, v));                     \
    }                                                                                              \
    __HCC_DEV unsigned __match_all_sync(unsigned m, T v, int *pred) {                              \
        return __nvvm_match_all_sync_i64p(m, __builtin_bit_cast(long long, v), pred);              \
    }
__HCC_MATCH32(int)
__HCC_MATCH32(unsigned)
__HCC_MATCH32(float)
__HCC_MATCH64(long)
__HCC_MATCH64(unsigned long)
__HCC_MATCH64(long long)
__HCC_MATCH64(unsigned long long)
__HCC_MATCH64(double)
#undef __HCC_MATCH32
#undef __HCC_MATCH64
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
__HCC_SHFL64(unsigned long long, __shfl_sync, int)
__HCC_SHFL64(unsigned long long, __shfl_up_sync, unsigned)
__HCC_SHFL64(unsigned long long, __shfl_down_sync, unsigned)
__HCC_SHFL64(unsigned long long, __shfl_xor_sync, int)
__HCC_SHFL64(long, __shfl_sync, int)
__HCC_SHFL64(long, __shfl_up_sync, unsigned)
__HCC_SHFL64(long, __shfl_down_sync, unsigned)
__HCC_SHFL64(long, __shfl_xor_sync, int)
__HCC_SHFL64(unsigned long, __shfl_sync, int)
__HCC_SHFL64(unsigned long, __shfl_up_sync, unsigned)
__HCC_SHFL64(unsigned long, __shfl_down_sync, unsigned)
__HCC_SHFL64(unsigned long, __shfl_xor_sync, int)
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
/* the shift count clamped to 32 instead of taken modulo 32 */
__HCC_DEV unsigned __funnelshift_lc(unsigned lo, unsigned hi, unsigned s) {
    return (unsigned)((((unsigned long long)hi << 32 | lo) << (s < 32 ? s : 32)) >> 32);
}
__HCC_DEV unsigned __funnelshift_rc(unsigned lo, unsigned hi, unsigned s) {
    return (unsigned)(((unsigned long long)hi << 32 | lo) >> (s < 32 ? s : 32));
}
__HCC_DEV long long __mul64hi(long long a, long long b) { return __nvvm_mulhi_ll(a, b); }
__HCC_DEV unsigned long long __umul64hi(unsigned long long a, unsigned long long b) { return __nvvm_mulhi_ull(a, b); }
__HCC_DEV int __mul24(int a, int b) { return __nvvm_mul24_i(a, b); }
__HCC_DEV unsigned __umul24(unsigned a, unsigned b) { return __nvvm_mul24_ui(a, b); }
/* |a - b| + c */
__HCC_DEV unsigned __sad(int a, int b, unsigned c) { return (unsigned)__nvvm_sad_i(a, b, (int)c); }
__HCC_DEV unsigned __usad(unsigned a, unsigned b, unsigned c) { return __nvvm_sad_ui(a, b, c); }
/* averages without overflow: (a + b) >> 1 and (a + b + 1) >> 1 in 33 bits */
__HCC_DEV int __hadd(int a, int b) { return (int)(((long long)a + b) >> 1); }
__HCC_DEV int __rhadd(int a, int b) { return (int)(((long long)a + b + 1) >> 1); }
__HCC_DEV unsigned __uhadd(unsigned a, unsigned b) { return (unsigned)(((unsigned long long)a + b) >> 1); }
__HCC_DEV unsigned __urhadd(unsigned a, unsigned b) { return (unsigned)(((unsigned long long)a + b + 1) >> 1); }
/* byte n of the result is byte (s >> 4n) & 7 of the eight bytes {y, x} (x the low four) */
__HCC_DEV unsigned __byte_perm(unsigned x, unsigned y, unsigned s) { return __nvvm_prmt(x, y, s & 0x7777u); }
/* dot product of the four signed (unsigned) bytes of a and b, plus c */
__HCC_DEV int __dp4a(int a, int b, int c) {
    for (int i = 0; i < 32; i += 8)
        c += (int)(signed char)(a >> i) * (int)(signed char)(b >> i);
    return c;
}
__HCC_DEV unsigned __dp4a(unsigned a, unsigned b, unsigned c) {
    for (int i = 0; i < 32; i += 8)
        c += ((a >> i) & 0xffu) * ((b >> i) & 0xffu);
    return c;
}

/* ---- memory intrinsics ----------------------------------------------------------------------- */

/* which space a generic pointer points into, and conversions to and from
 * the space's own addresses (offsets for shared and local) */
__HCC_DEV unsigned __isGlobal(const void *p) { return __nvvm_isspacep_global(p); }
__HCC_DEV unsigned __isShared(const void *p) { return __nvvm_isspacep_shared(p); }
__HCC_DEV unsigned __isConstant(const void *p) { return __nvvm_isspacep_const(p); }
__HCC_DEV unsigned __isLocal(const void *p) { return __nvvm_isspacep_local(p); }
__HCC_DEV size_t __cvta_generic_to_shared(const void *p) {
    return (size_t)(const __attribute__((address_space(3))) void *)p;
}
__HCC_DEV size_t __cvta_generic_to_local(const void *p) {
    return (size_t)(const __attribute__((address_space(5))) void *)p;
}
__HCC_DEV size_t __cvta_generic_to_global(const void *p) { return (size_t)p; }
__HCC_DEV void *__cvta_shared_to_generic(size_t a) { return (void *)(__attribute__((address_space(3))) void *)a; }
__HCC_DEV void *__cvta_local_to_generic(size_t a) { return (void *)(__attribute__((address_space(5))) void *)a; }
__HCC_DEV void *__cvta_global_to_generic(size_t a) { return (void *)a; }

template <typename T> __HCC_DEV T __ldg(const T *p) { return *p; }
template <typename T> __HCC_DEV T __ldcg(const T *p) { return *p; }
template <typename T> __HCC_DEV T __ldca(const T *p) { return *p; }
template <typename T> __HCC_DEV T __ldcs(const T *p) { return *p; }
template <typename T> __HCC_DEV void __stcg(T *p, T v) { *p = v; }
template <typename T> __HCC_DEV void __stwb(T *p, T v) { *p = v; }
template <typename T> __HCC_DEV T __ldlu(const T *p) { return *p; }
template <typename T> __HCC_DEV T __ldcv(const T *p) { return *p; }
template <typename T> __HCC_DEV void __stcs(T *p, T v) { *p = v; }
template <typename T> __HCC_DEV void __stwt(T *p, T v) { *p = v; }

__HCC_DEV long long clock64(void) { return (long long)__nvvm_read_ptx_sreg_clock64(); }
__HCC_DEV int clock(void) { return __nvvm_read_ptx_sreg_clock(); }
__HCC_DEV unsigned long long __globaltimer(void) { return __nvvm_read_ptx_sreg_globaltimer(); }
__HCC_DEV void __nanosleep(unsigned ns) { (void)ns; }

/* ---- fast-math intrinsics (the SFU; accuracy in docs/isa.md) -------------------------------- */

__HCC_DEV float __fdividef(float a, float b) { return a * __nvvm_rcp_approx_ftz_f(b); }
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
/* IEEE arithmetic with an explicit rounding mode (_rn _rz _rd _ru): never
 * contracted into a fused multiply-add, as CUDA guarantees. */
#define __HCC_ROUNDED(R, NR)                                                                       \
    __HCC_DEV float __fadd_##R(float a, float b) { return __nvvm_add_##NR##_f(a, b); }           \
    __HCC_DEV float __fsub_##R(float a, float b) { return __nvvm_add_##NR##_f(a, -b); }          \
    __HCC_DEV float __fmul_##R(float a, float b) { return __nvvm_mul_##NR##_f(a, b); }           \
    __HCC_DEV float __fdiv_##R(float a, float b) { return __nvvm_div_##NR##_f(a, b); }           \
    __HCC_DEV float __frcp_##R(float a) { return __nvvm_rcp_##NR##_f(a); }                       \
    __HCC_DEV float __fsqrt_##R(float a) { return __nvvm_sqrt_##NR##_f(a); }                     \
    __HCC_DEV float __fmaf_##R(float a, float b, float c) { return __nvvm_fma_##NR##_f(a, b, c); } \
    __HCC_DEV double __dadd_##R(double a, double b) { return __nvvm_add_##NR##_d(a, b); }        \
    __HCC_DEV double __dsub_##R(double a, double b) { return __nvvm_add_##NR##_d(a, -b); }       \
    __HCC_DEV double __dmul_##R(double a, double b) { return __nvvm_mul_##NR##_d(a, b); }        \
    __HCC_DEV double __ddiv_##R(double a, double b) { return __nvvm_div_##NR##_d(a, b); }        \
    __HCC_DEV double __drcp_##R(double a) { return __nvvm_rcp_##NR##_d(a); }                     \
    __HCC_DEV double __dsqrt_##R(double a) { return __nvvm_sqrt_##NR##_d(a); }                   \
    __HCC_DEV double __fma_##R(double a, double b, double c) { return __nvvm_fma_##NR##_d(a, b, c); }
__HCC_ROUNDED(rn, rn)
__HCC_ROUNDED(rz, rz)
__HCC_ROUNDED(rd, rm)
__HCC_ROUNDED(ru, rp)
#undef __HCC_ROUNDED
/* 1/sqrt(a) evaluated in double, then rounded once to float */
__HCC_DEV float __frsqrt_rn(float a) { return (float)(1.0 / __nvvm_sqrt_rn_d((double)a)); }
__HCC_DEV float __int_as_float(int x) { return __builtin_bit_cast(float, x); }
__HCC_DEV int __float_as_int(float x) { return __builtin_bit_cast(int, x); }
__HCC_DEV float __uint_as_float(unsigned x) { return __builtin_bit_cast(float, x); }
__HCC_DEV unsigned __float_as_uint(float x) { return __builtin_bit_cast(unsigned, x); }
__HCC_DEV double __longlong_as_double(long long x) { return __builtin_bit_cast(double, x); }
__HCC_DEV long long __double_as_longlong(double x) { return __builtin_bit_cast(long long, x); }

/* ---- conversions with a rounding mode --------------------------------------------------------
 * CUDA's __float2int_rn and friends: _rn nearest even, _rz toward zero, _rd
 * down, _ru up.  Float -> integer saturates to the destination's range and
 * gives 0 for NaN (2^63 for 64-bit results, as NVIDIA GPUs); each is one CVT, through the backend's built-ins
 * __hcc_cvt_<dst>_<src>_<rn|rz|rm|rp> (types s8 u8 s16 u16 s32 u32 s64 u64
 * f16 bf16 f32 f64).  hcc_fp16.h and hcc_bf16.h add the half forms. */

#define __HCC_CVT_ONE(NAME, D, S, DN, SN, R, CR)                                                   \
    extern "C" __device__ __attribute__((const)) D __hcc_cvt_##DN##_##SN##_##R(S);               \
    __HCC_DEV D NAME##_##CR(S x) { return __hcc_cvt_##DN##_##SN##_##R(x); }
/* NAME_rn, NAME_rz, NAME_rd, NAME_ru: D from S */
#define __HCC_CVT(NAME, D, S, DN, SN)                                                              \
    __HCC_CVT_ONE(NAME, D, S, DN, SN, rn, rn)                                                    \
    __HCC_CVT_ONE(NAME, D, S, DN, SN, rz, rz)                                                    \
    __HCC_CVT_ONE(NAME, D, S, DN, SN, rm, rd)                                                    \
    __HCC_CVT_ONE(NAME, D, S, DN, SN, rp, ru)

__HCC_CVT(__float2int, int, float, s32, f32)
__HCC_CVT(__float2uint, unsigned, float, u32, f32)
__HCC_CVT(__float2ll, long long, float, s64, f32)
__HCC_CVT(__float2ull, unsigned long long, float, u64, f32)
__HCC_CVT(__double2int, int, double, s32, f64)
__HCC_CVT(__double2uint, unsigned, double, u32, f64)
__HCC_CVT(__double2ll, long long, double, s64, f64)
__HCC_CVT(__double2ull, unsigned long long, double, u64, f64)
__HCC_CVT(__int2float, float, int, f32, s32)
__HCC_CVT(__uint2float, float, unsigned, f32, u32)
__HCC_CVT(__ll2float, float, long long, f32, s64)
__HCC_CVT(__ull2float, float, unsigned long long, f32, u64)
__HCC_CVT(__ll2double, double, long long, f64, s64)
__HCC_CVT(__ull2double, double, unsigned long long, f64, u64)
__HCC_CVT(__double2float, float, double, f32, f64)
__HCC_DEV double __int2double_rn(int x) { return (double)x; } /* exact */
__HCC_DEV double __uint2double_rn(unsigned x) { return (double)x; }
__HCC_DEV float __float2float_rn(float x) { return x; }
__HCC_DEV int __double2hiint(double d) { return (int)(__builtin_bit_cast(unsigned long long, d) >> 32); }
__HCC_DEV int __double2loint(double d) { return (int)__builtin_bit_cast(unsigned long long, d); }
__HCC_DEV double __hiloint2double(int hi, int lo) {
    return __builtin_bit_cast(double, (unsigned long long)(unsigned)hi << 32 | (unsigned)lo);
}

/* ---- memcpy / memset in device code (CUDA provides them) ----------------------------- */

#include <string.h>
static __device__ __forceinline__ void *memcpy(void *d, const void *s, size_t n) { return __builtin_memcpy(d, s, n); }
static __device__ __forceinline__ void *memset(void *d, int c, size_t n) { return __builtin_memset(d, c, n); }

#include "hcc_math.h"

#endif /* HCC_RUNTIME_H */
