/* clang_cuda_min.h -- just enough of a CUDA dialect header for the host
 * side of test_clang_cuda.cu: the qualifiers and the runtime API names
 * (what hcc's cuda_runtime.h provides, without depending on hcc). */
#ifndef CLANG_CUDA_MIN_H
#define CLANG_CUDA_MIN_H
#define __host__     __attribute__((host))
#define __device__   __attribute__((device))
#define __global__   __attribute__((global))
#define __constant__ __attribute__((constant))
#include "hc_cuda_compat.h"
#endif
