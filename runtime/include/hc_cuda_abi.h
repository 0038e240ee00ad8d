/*
 * hc_cuda_abi.h -- the entry points that clang-19's CUDA host compilation
 * calls by name (libhcrt exports them with exactly these C names):
 *
 *   - a static constructor per translation unit registers its embedded
 *     .hcbin (__cudaRegisterFatBinary), each kernel's host stub and device
 *     name (__cudaRegisterFunction) and each device variable's host shadow
 *     (__cudaRegisterVar); an atexit handler unregisters;
 *   - `k<<<grid, block, shmem, stream>>>(args)` pushes the configuration
 *     (__cudaPushCallConfiguration) and calls the kernel's stub, which pops
 *     it (__cudaPopCallConfiguration) and calls cudaLaunchKernel with the
 *     stub's own address and an array of pointers to the arguments.
 *
 * Hosts written in C (the runtime's tests) call them the same way.
 */
#ifndef HC_CUDA_ABI_H
#define HC_CUDA_ABI_H

#include "hc_runtime_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What clang emits as __cuda_fatbin_wrapper (section .nvFatBinSegment). */
#define HC_FATBIN_MAGIC   0x466243b1
#define HC_FATBIN_VERSION 1
typedef struct hcFatbinWrapper {
    int magic;        /* HC_FATBIN_MAGIC */
    int version;      /* HC_FATBIN_VERSION */
    const void *data; /* the .hcbin ELF image; its length comes from its ELF header */
    void *unused;
} hcFatbinWrapper;

/* Records the image (nothing is parsed or loaded here: this runs in static
 * constructors before main); modules load per device at first use. */
void **__cudaRegisterFatBinary(void *fatCubin);
void __cudaRegisterFatBinaryEnd(void **fatCubinHandle);
/* Unloads the image's modules from every device and forgets its kernels
 * and variables. */
void __cudaUnregisterFatBinary(void **fatCubinHandle);
void __cudaRegisterFunction(void **fatCubinHandle, const char *hostFun, char *deviceFun,
                            const char *deviceName, int thread_limit, void *tid, void *bid,
                            void *bDim, void *gDim, int *wSize);
void __cudaRegisterVar(void **fatCubinHandle, char *hostVar, char *deviceAddress,
                       const char *deviceName, int ext, size_t size, int constant, int global);

unsigned __cudaPushCallConfiguration(dim3 gridDim, dim3 blockDim, size_t sharedMem HC_DEFAULT(0),
                                     void *stream HC_DEFAULT(0));
/* stream is a hcStream_t * (clang passes void *). */
int __cudaPopCallConfiguration(dim3 *gridDim, dim3 *blockDim, size_t *sharedMem, void *stream);

/* The kernel stub's launch call: hcLaunchKernel under CUDA's name. */
hcError_t cudaLaunchKernel(const void *func, dim3 gridDim, dim3 blockDim, void **args,
                           size_t sharedMem HC_DEFAULT(0), hcStream_t stream HC_DEFAULT(0));

#ifdef __cplusplus
}
#endif
#endif /* HC_CUDA_ABI_H */
