/*
 * hcc_wmma.h -- warp matrix multiply-accumulate (nvcuda::wmma) for
 * m16n16k16 with __half or __nv_bfloat16 inputs and float accumulators,
 * on HiGPU's WMMA instructions.  A fragment's elements are spread over the
 * warp's lanes in an unspecified order (as on CUDA); num_elements and x[]
 * allow element-wise operations such as scaling.
 */
#ifndef HCC_WMMA_H
#define HCC_WMMA_H

#include "hcc_bf16.h"
#include "hcc_fp16.h"

typedef unsigned __hcc_frag_ab __attribute__((ext_vector_type(4)));
typedef float __hcc_frag_cd __attribute__((ext_vector_type(8)));

extern "C" __device__ __hcc_frag_ab __hcc_wmma_load_a(const void *p, unsigned ld, int col_major, int bf16);
extern "C" __device__ __hcc_frag_ab __hcc_wmma_load_b(const void *p, unsigned ld, int col_major, int bf16);
extern "C" __device__ __hcc_frag_cd __hcc_wmma_load_c(const float *p, unsigned ld, int col_major);
extern "C" __device__ void __hcc_wmma_store_d(float *p, __hcc_frag_cd d, unsigned ld, int col_major);
extern "C" __device__ __hcc_frag_cd __hcc_wmma_mma(__hcc_frag_ab a, __hcc_frag_ab b, __hcc_frag_cd c, int bf16);

namespace nvcuda {
namespace wmma {

struct matrix_a {};
struct matrix_b {};
struct accumulator {};
struct row_major {};
struct col_major {};
enum layout_t { mem_row_major, mem_col_major };

template <typename Use, int M, int N, int K, typename T, typename Layout = void> class fragment;

template <typename T> struct __is_bf16 { enum { value = 0 }; };
template <> struct __is_bf16<__nv_bfloat16> { enum { value = 1 }; };
template <typename L> struct __is_col { enum { value = 0 }; };
template <> struct __is_col<col_major> { enum { value = 1 }; };

/* A and B: 8 elements of 16 bits per lane, packed in four registers */
template <typename Use, typename T, typename Layout> struct __frag_ab {
    enum { num_elements = 8 };
    typedef T element_type;
    union {
        __hcc_frag_ab __v;
        T x[8];
    };
};
template <typename T, typename L>
class fragment<matrix_a, 16, 16, 16, T, L> : public __frag_ab<matrix_a, T, L> {};
template <typename T, typename L>
class fragment<matrix_b, 16, 16, 16, T, L> : public __frag_ab<matrix_b, T, L> {};

/* C and D: 8 floats per lane */
template <> class fragment<accumulator, 16, 16, 16, float, void> {
  public:
    enum { num_elements = 8 };
    typedef float element_type;
    union {
        __hcc_frag_cd __v;
        float x[8];
    };
};

template <typename F, typename V> __device__ __forceinline__ void fill_fragment(F &f, const V &v) {
    for (int i = 0; i < F::num_elements; i++)
        f.x[i] = v;
}

template <typename T, typename L>
__device__ __forceinline__ void load_matrix_sync(fragment<matrix_a, 16, 16, 16, T, L> &a, const T *p, unsigned ldm) {
    a.__v = __hcc_wmma_load_a(p, ldm, __is_col<L>::value, __is_bf16<T>::value);
}
template <typename T, typename L>
__device__ __forceinline__ void load_matrix_sync(fragment<matrix_b, 16, 16, 16, T, L> &b, const T *p, unsigned ldm) {
    b.__v = __hcc_wmma_load_b(p, ldm, __is_col<L>::value, __is_bf16<T>::value);
}
__device__ __forceinline__ void load_matrix_sync(fragment<accumulator, 16, 16, 16, float> &c, const float *p,
                                                 unsigned ldm, layout_t layout) {
    c.__v = __hcc_wmma_load_c(p, ldm, layout == mem_col_major);
}
__device__ __forceinline__ void store_matrix_sync(float *p, const fragment<accumulator, 16, 16, 16, float> &d,
                                                  unsigned ldm, layout_t layout) {
    __hcc_wmma_store_d(p, d.__v, ldm, layout == mem_col_major);
}
template <typename T, typename LA, typename LB>
__device__ __forceinline__ void mma_sync(fragment<accumulator, 16, 16, 16, float> &d,
                                         const fragment<matrix_a, 16, 16, 16, T, LA> &a,
                                         const fragment<matrix_b, 16, 16, 16, T, LB> &b,
                                         const fragment<accumulator, 16, 16, 16, float> &c) {
    d.__v = __hcc_wmma_mma(a.__v, b.__v, c.__v, __is_bf16<T>::value);
}

} // namespace wmma
} // namespace nvcuda

#endif
