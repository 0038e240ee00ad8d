/*
 * hcc_vector_types.h -- CUDA's built-in vector types and their make_*
 * constructors (vector_types.h and vector_functions.h of the CUDA toolkit).
 * hcc_runtime.h includes it, so they are available everywhere, as with nvcc.
 *
 * For every element type T in {char, uchar, short, ushort, int, uint, long,
 * ulong, longlong, ulonglong, float, double}, the types T1 T2 T3 T4 hold the
 * members x, y, z, w.  Sizes and alignments are CUDA's (for example int2 is
 * 8-aligned and int4, float4, double2 16-aligned, while the 3-element types
 * keep the element's alignment), so structures shared with the host have
 * the same layout as under nvcc and an aligned float4 or int4 is one 16-byte
 * load.  make_T1 .. make_T4 are __host__ __device__.
 *
 * Also here: the conversions of threadIdx, blockIdx, blockDim and gridDim
 * to uint3 and dim3 that clang's built-in variable header declares.
 */
#ifndef HCC_VECTOR_TYPES_H
#define HCC_VECTOR_TYPES_H

#define __HCC_VEC_HD static __host__ __device__ __forceinline__

/* __HCC_VEC(T, name, align1, align2, align4): types name1..name4 and make_name1..4. */
#define __HCC_VEC(T, N, A1, A2, A4)                                                                \
    struct __attribute__((aligned(A1))) N##1 {                                                   \
        T x;                                                                                     \
    };                                                                                           \
    struct __attribute__((aligned(A2))) N##2 {                                                   \
        T x, y;                                                                                  \
    };                                                                                           \
    struct N##3 {                                                                                \
        T x, y, z;                                                                               \
    };                                                                                           \
    struct __attribute__((aligned(A4))) N##4 {                                                   \
        T x, y, z, w;                                                                            \
    };                                                                                           \
    __HCC_VEC_HD N##1 make_##N##1(T x) {                                                         \
        N##1 r;                                                                                  \
        r.x = x;                                                                                 \
        return r;                                                                                \
    }                                                                                            \
    __HCC_VEC_HD N##2 make_##N##2(T x, T y) {                                                    \
        N##2 r;                                                                                  \
        r.x = x;                                                                                 \
        r.y = y;                                                                                 \
        return r;                                                                                \
    }                                                                                            \
    __HCC_VEC_HD N##3 make_##N##3(T x, T y, T z) {                                               \
        N##3 r;                                                                                  \
        r.x = x;                                                                                 \
        r.y = y;                                                                                 \
        r.z = z;                                                                                 \
        return r;                                                                                \
    }                                                                                            \
    __HCC_VEC_HD N##4 make_##N##4(T x, T y, T z, T w) {                                          \
        N##4 r;                                                                                  \
        r.x = x;                                                                                 \
        r.y = y;                                                                                 \
        r.z = z;                                                                                 \
        r.w = w;                                                                                 \
        return r;                                                                                \
    }

__HCC_VEC(signed char, char, 1, 2, 4)
__HCC_VEC(unsigned char, uchar, 1, 2, 4)
__HCC_VEC(short, short, 2, 4, 8)
__HCC_VEC(unsigned short, ushort, 2, 4, 8)
__HCC_VEC(int, int, 4, 8, 16)
__HCC_VEC(unsigned int, uint, 4, 8, 16)
__HCC_VEC(long, long, sizeof(long), 2 * sizeof(long), 16)
__HCC_VEC(unsigned long, ulong, sizeof(long), 2 * sizeof(long), 16)
__HCC_VEC(long long, longlong, 8, 16, 16)
__HCC_VEC(unsigned long long, ulonglong, 8, 16, 16)
__HCC_VEC(float, float, 4, 8, 16)
__HCC_VEC(double, double, 8, 16, 16)

#undef __HCC_VEC
#undef __HCC_VEC_HD

/* The built-in index variables as values (clang declares these conversions). */
#define __HCC_BUILTIN_CONV(V)                                                                      \
    __device__ inline V::operator uint3() const { return make_uint3(x, y, z); }                 \
    __device__ inline V::operator dim3() const { return dim3(x, y, z); }
__HCC_BUILTIN_CONV(__cuda_builtin_threadIdx_t)
__HCC_BUILTIN_CONV(__cuda_builtin_blockIdx_t)
__HCC_BUILTIN_CONV(__cuda_builtin_blockDim_t)
__HCC_BUILTIN_CONV(__cuda_builtin_gridDim_t)
#undef __HCC_BUILTIN_CONV

#endif
