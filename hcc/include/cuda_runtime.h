/*
 * cuda_runtime.h -- compiles unmodified CUDA programs with hcc: the HCC
 * dialect (hcc_runtime.h, always included) plus the cuda* names of the
 * runtime API mapped onto libhcrt (hc_cuda_compat.h, docs/runtime.md).
 */
#ifndef HCC_CUDA_RUNTIME_H
#define HCC_CUDA_RUNTIME_H
#include "hcc_runtime.h"
#include "hc_cuda_compat.h"
#endif
