/*
 * hc_cuda_compat.h -- the CUDA runtime API's names for the HCC runtime, so
 * unmodified CUDA programs compile against libhcrt.  hcc's cuda_runtime.h
 * includes it; C programs may include it directly.
 *
 * Types are typedefs of the hc types; constants have the hc values (which
 * are CUDA's); every function is a static inline wrapper of its hc
 * counterpart (not a macro, so the names behave as functions: they can be
 * overloaded, their address taken, and they do not capture other uses of
 * the identifiers).  In C++ the usual template conveniences come along:
 * cudaMalloc(T **), symbols by reference, kernels by function pointer.
 *
 * cudaLaunchKernel is not a wrapper: it is the exported symbol the kernel
 * stubs clang generates call (hc_cuda_abi.h).
 */
#ifndef HC_CUDA_COMPAT_H
#define HC_CUDA_COMPAT_H

#include "hc_cuda_abi.h"
#include "hc_runtime_api.h"

#ifdef HC_NO_CUDA_NAMES
#error "hc_cuda_compat.h needs the CUDA names of the constants (do not define HC_NO_CUDA_NAMES)"
#endif

#define CUDART_VERSION HCRT_VERSION

/* ---- types -------------------------------------------------------------------- */

typedef hcError_t cudaError_t;
typedef hcError_t cudaError;
typedef hcStream_t cudaStream_t;
typedef hcEvent_t cudaEvent_t;
typedef hcMemcpyKind cudaMemcpyKind;
typedef hcMemoryType cudaMemoryType;
typedef hcDeviceProp cudaDeviceProp;
typedef hcDeviceAttr cudaDeviceAttr;
typedef hcFuncAttributes cudaFuncAttributes;
typedef hcFuncAttribute cudaFuncAttribute;
typedef hcLimit cudaLimit;
typedef hcPointerAttributes cudaPointerAttributes;
typedef hcIpcMemHandle_t cudaIpcMemHandle_t;
typedef hcUUID_t cudaUUID_t;
typedef hcStreamCallback_t cudaStreamCallback_t;
typedef hcHostFn_t cudaHostFn_t;

/* ---- constants --------------------------------------------------------------------
 * The enumerators cudaSuccess, cudaErrorXxx, cudaMemcpyXxx, cudaDevAttrXxx,
 * cudaMemoryTypeXxx, cudaFuncAttributeXxx and the stream, event and host
 * allocation flags are declared with the hc enums (hc_runtime_api.h), so
 * they have the right types in C and C++. */

/* CUDA spells these as pointer-valued macros too. */
#define cudaStreamLegacy    hcStreamLegacy
#define cudaStreamPerThread hcStreamPerThread

/* ---- functions ---------------------------------------------------------------------- */

#ifdef __cplusplus
extern "C++" {
#endif

static inline cudaError_t cudaGetLastError(void) {
    return hcGetLastError();
}
static inline cudaError_t cudaPeekAtLastError(void) {
    return hcPeekAtLastError();
}
/* CUDA's spelling of the name, so a program prints what it would print
 * with CUDA ("cudaErrorIllegalAddress"; hcGetErrorName says "hcError..."). */
static inline const char *cudaGetErrorName(cudaError_t e) {
    switch (e) {
#define HC_CUDA_ERROR_NAME(hc, cuda, value, text)                                                  \
    case hc: return #cuda;
        HC_ERRORS(HC_CUDA_ERROR_NAME)
#undef HC_CUDA_ERROR_NAME
    default: break;
    }
    return hcGetErrorName(e);
}
static inline const char *cudaGetErrorString(cudaError_t e) {
    return hcGetErrorString(e);
}

static inline cudaError_t cudaGetDeviceCount(int *count) {
    return hcGetDeviceCount(count);
}
static inline cudaError_t cudaSetDevice(int device) {
    return hcSetDevice(device);
}
static inline cudaError_t cudaGetDevice(int *device) {
    return hcGetDevice(device);
}
static inline cudaError_t cudaGetDeviceProperties(cudaDeviceProp *prop, int device) {
    return hcGetDeviceProperties(prop, device);
}
static inline cudaError_t cudaDeviceGetAttribute(int *value, cudaDeviceAttr attr, int device) {
    return hcDeviceGetAttribute(value, attr, device);
}
static inline cudaError_t cudaDeviceReset(void) {
    return hcDeviceReset();
}
static inline cudaError_t cudaDeviceSynchronize(void) {
    return hcDeviceSynchronize();
}
static inline cudaError_t cudaThreadSynchronize(void) {
    return hcDeviceSynchronize();
}
static inline cudaError_t cudaDeviceGetStreamPriorityRange(int *least, int *greatest) {
    return hcDeviceGetStreamPriorityRange(least, greatest);
}
static inline cudaError_t cudaDeviceSetLimit(cudaLimit limit, size_t value) {
    return hcDeviceSetLimit(limit, value);
}
static inline cudaError_t cudaDeviceGetLimit(size_t *value, cudaLimit limit) {
    return hcDeviceGetLimit(value, limit);
}
static inline cudaError_t cudaDriverGetVersion(int *v) {
    return hcDriverGetVersion(v);
}
static inline cudaError_t cudaRuntimeGetVersion(int *v) {
    return hcRuntimeGetVersion(v);
}

static inline cudaError_t cudaMalloc(void **devPtr, size_t size) {
    return hcMalloc(devPtr, size);
}
static inline cudaError_t cudaFree(void *devPtr) {
    return hcFree(devPtr);
}
static inline cudaError_t cudaMallocHost(void **ptr, size_t size) {
    return hcMallocHost(ptr, size);
}
static inline cudaError_t cudaHostAlloc(void **ptr, size_t size, unsigned int flags) {
    return hcHostAlloc(ptr, size, flags);
}
static inline cudaError_t cudaFreeHost(void *ptr) {
    return hcFreeHost(ptr);
}
static inline cudaError_t cudaHostRegister(void *ptr, size_t size, unsigned int flags) {
    return hcHostRegister(ptr, size, flags);
}
static inline cudaError_t cudaHostUnregister(void *ptr) {
    return hcHostUnregister(ptr);
}
static inline cudaError_t cudaMemGetInfo(size_t *free_bytes, size_t *total_bytes) {
    return hcMemGetInfo(free_bytes, total_bytes);
}
static inline cudaError_t cudaMemcpy(void *dst, const void *src, size_t count,
                                     cudaMemcpyKind kind) {
    return hcMemcpy(dst, src, count, kind);
}
static inline cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t count,
                                          cudaMemcpyKind kind, cudaStream_t stream HC_DEFAULT(0)) {
    return hcMemcpyAsync(dst, src, count, kind, stream);
}
static inline cudaError_t cudaMemset(void *devPtr, int value, size_t count) {
    return hcMemset(devPtr, value, count);
}
static inline cudaError_t cudaMemsetAsync(void *devPtr, int value, size_t count,
                                          cudaStream_t stream HC_DEFAULT(0)) {
    return hcMemsetAsync(devPtr, value, count, stream);
}
static inline cudaError_t cudaPointerGetAttributes(cudaPointerAttributes *attr, const void *ptr) {
    return hcPointerGetAttributes(attr, ptr);
}

static inline cudaError_t
cudaMemcpyToSymbol(const void *symbol, const void *src, size_t count, size_t offset HC_DEFAULT(0),
                   cudaMemcpyKind kind HC_DEFAULT(cudaMemcpyHostToDevice)) {
    return hcMemcpyToSymbol(symbol, src, count, offset, kind);
}
static inline cudaError_t
cudaMemcpyFromSymbol(void *dst, const void *symbol, size_t count, size_t offset HC_DEFAULT(0),
                     cudaMemcpyKind kind HC_DEFAULT(cudaMemcpyDeviceToHost)) {
    return hcMemcpyFromSymbol(dst, symbol, count, offset, kind);
}
static inline cudaError_t cudaMemcpyToSymbolAsync(const void *symbol, const void *src, size_t count,
                                                  size_t offset, cudaMemcpyKind kind,
                                                  cudaStream_t stream HC_DEFAULT(0)) {
    return hcMemcpyToSymbolAsync(symbol, src, count, offset, kind, stream);
}
static inline cudaError_t cudaMemcpyFromSymbolAsync(void *dst, const void *symbol, size_t count,
                                                    size_t offset, cudaMemcpyKind kind,
                                                    cudaStream_t stream HC_DEFAULT(0)) {
    return hcMemcpyFromSymbolAsync(dst, symbol, count, offset, kind, stream);
}
static inline cudaError_t cudaGetSymbolAddress(void **devPtr, const void *symbol) {
    return hcGetSymbolAddress(devPtr, symbol);
}
static inline cudaError_t cudaGetSymbolSize(size_t *size, const void *symbol) {
    return hcGetSymbolSize(size, symbol);
}

static inline cudaError_t cudaStreamCreate(cudaStream_t *stream) {
    return hcStreamCreate(stream);
}
static inline cudaError_t cudaStreamCreateWithFlags(cudaStream_t *stream, unsigned int flags) {
    return hcStreamCreateWithFlags(stream, flags);
}
static inline cudaError_t cudaStreamCreateWithPriority(cudaStream_t *stream, unsigned int flags,
                                                       int priority) {
    return hcStreamCreateWithPriority(stream, flags, priority);
}
static inline cudaError_t cudaStreamDestroy(cudaStream_t stream) {
    return hcStreamDestroy(stream);
}
static inline cudaError_t cudaStreamSynchronize(cudaStream_t stream) {
    return hcStreamSynchronize(stream);
}
static inline cudaError_t cudaStreamQuery(cudaStream_t stream) {
    return hcStreamQuery(stream);
}
static inline cudaError_t cudaStreamGetFlags(cudaStream_t stream, unsigned int *flags) {
    return hcStreamGetFlags(stream, flags);
}
static inline cudaError_t cudaStreamWaitEvent(cudaStream_t stream, cudaEvent_t event,
                                              unsigned int flags HC_DEFAULT(0)) {
    return hcStreamWaitEvent(stream, event, flags);
}
static inline cudaError_t cudaStreamAddCallback(cudaStream_t stream, cudaStreamCallback_t callback,
                                                void *userData, unsigned int flags) {
    return hcStreamAddCallback(stream, callback, userData, flags);
}
static inline cudaError_t cudaLaunchHostFunc(cudaStream_t stream, cudaHostFn_t fn, void *userData) {
    return hcLaunchHostFunc(stream, fn, userData);
}

static inline cudaError_t cudaEventCreate(cudaEvent_t *event) {
    return hcEventCreate(event);
}
static inline cudaError_t cudaEventCreateWithFlags(cudaEvent_t *event, unsigned int flags) {
    return hcEventCreateWithFlags(event, flags);
}
static inline cudaError_t cudaEventDestroy(cudaEvent_t event) {
    return hcEventDestroy(event);
}
static inline cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream HC_DEFAULT(0)) {
    return hcEventRecord(event, stream);
}
static inline cudaError_t cudaEventSynchronize(cudaEvent_t event) {
    return hcEventSynchronize(event);
}
static inline cudaError_t cudaEventQuery(cudaEvent_t event) {
    return hcEventQuery(event);
}
static inline cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start, cudaEvent_t end) {
    return hcEventElapsedTime(ms, start, end);
}

static inline cudaError_t cudaFuncGetAttributes(cudaFuncAttributes *attr, const void *func) {
    return hcFuncGetAttributes(attr, func);
}
static inline cudaError_t cudaFuncSetAttribute(const void *func, cudaFuncAttribute attr,
                                               int value) {
    return hcFuncSetAttribute(func, attr, value);
}
static inline cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks,
                                                                        const void *func,
                                                                        int blockSize,
                                                                        size_t dynamicSMemSize) {
    return hcOccupancyMaxActiveBlocksPerMultiprocessor(numBlocks, func, blockSize, dynamicSMemSize);
}
#ifndef __cplusplus /* C++ has the template below, as CUDA does */
static inline cudaError_t cudaOccupancyMaxPotentialBlockSize(int *minGridSize, int *blockSize,
                                                             const void *func,
                                                             size_t dynamicSMemSize,
                                                             int blockSizeLimit) {
    return hcOccupancyMaxPotentialBlockSize(minGridSize, blockSize, func, dynamicSMemSize,
                                            blockSizeLimit);
}
#endif

static inline cudaError_t cudaDeviceCanAccessPeer(int *canAccessPeer, int device, int peerDevice) {
    return hcDeviceCanAccessPeer(canAccessPeer, device, peerDevice);
}
static inline cudaError_t cudaDeviceEnablePeerAccess(int peerDevice, unsigned int flags) {
    return hcDeviceEnablePeerAccess(peerDevice, flags);
}
static inline cudaError_t cudaDeviceDisablePeerAccess(int peerDevice) {
    return hcDeviceDisablePeerAccess(peerDevice);
}
static inline cudaError_t cudaMemcpyPeer(void *dst, int dstDevice, const void *src, int srcDevice,
                                         size_t count) {
    return hcMemcpyPeer(dst, dstDevice, src, srcDevice, count);
}
static inline cudaError_t cudaMemcpyPeerAsync(void *dst, int dstDevice, const void *src,
                                              int srcDevice, size_t count,
                                              cudaStream_t stream HC_DEFAULT(0)) {
    return hcMemcpyPeerAsync(dst, dstDevice, src, srcDevice, count, stream);
}

static inline cudaError_t cudaIpcGetMemHandle(cudaIpcMemHandle_t *handle, void *devPtr) {
    return hcIpcGetMemHandle(handle, devPtr);
}
static inline cudaError_t cudaIpcOpenMemHandle(void **devPtr, cudaIpcMemHandle_t handle,
                                               unsigned int flags) {
    return hcIpcOpenMemHandle(devPtr, handle, flags);
}
static inline cudaError_t cudaIpcCloseMemHandle(void *devPtr) {
    return hcIpcCloseMemHandle(devPtr);
}

/* ---- C++ conveniences (as in CUDA's cuda_runtime.h) ------------------------------------ */

#ifdef __cplusplus
template <class T> static inline cudaError_t cudaMalloc(T **devPtr, size_t size) {
    return hcMalloc((void **)devPtr, size);
}
template <class T> static inline cudaError_t cudaMallocHost(T **ptr, size_t size) {
    return hcMallocHost((void **)ptr, size);
}
template <class T>
static inline cudaError_t cudaHostAlloc(T **ptr, size_t size, unsigned int flags) {
    return hcHostAlloc((void **)ptr, size, flags);
}
template <class T>
static inline cudaError_t cudaMemcpyToSymbol(const T &symbol, const void *src, size_t count,
                                             size_t offset = 0,
                                             cudaMemcpyKind kind = cudaMemcpyHostToDevice) {
    return hcMemcpyToSymbol((const void *)&symbol, src, count, offset, kind);
}
template <class T>
static inline cudaError_t cudaMemcpyFromSymbol(void *dst, const T &symbol, size_t count,
                                               size_t offset = 0,
                                               cudaMemcpyKind kind = cudaMemcpyDeviceToHost) {
    return hcMemcpyFromSymbol(dst, (const void *)&symbol, count, offset, kind);
}
template <class T>
static inline cudaError_t
cudaMemcpyToSymbolAsync(const T &symbol, const void *src, size_t count, size_t offset = 0,
                        cudaMemcpyKind kind = cudaMemcpyHostToDevice, cudaStream_t stream = 0) {
    return hcMemcpyToSymbolAsync((const void *)&symbol, src, count, offset, kind, stream);
}
template <class T>
static inline cudaError_t
cudaMemcpyFromSymbolAsync(void *dst, const T &symbol, size_t count, size_t offset = 0,
                          cudaMemcpyKind kind = cudaMemcpyDeviceToHost, cudaStream_t stream = 0) {
    return hcMemcpyFromSymbolAsync(dst, (const void *)&symbol, count, offset, kind, stream);
}
template <class T> static inline cudaError_t cudaGetSymbolAddress(void **devPtr, const T &symbol) {
    return hcGetSymbolAddress(devPtr, (const void *)&symbol);
}
template <class T> static inline cudaError_t cudaGetSymbolSize(size_t *size, const T &symbol) {
    return hcGetSymbolSize(size, (const void *)&symbol);
}
template <class T>
static inline cudaError_t cudaFuncGetAttributes(cudaFuncAttributes *attr, T *entry) {
    return hcFuncGetAttributes(attr, (const void *)entry);
}
template <class T>
static inline cudaError_t cudaFuncSetAttribute(T *entry, cudaFuncAttribute attr, int value) {
    return hcFuncSetAttribute((const void *)entry, attr, value);
}
template <class T>
static inline cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks, T func,
                                                                        int blockSize,
                                                                        size_t dynamicSMemSize) {
    return hcOccupancyMaxActiveBlocksPerMultiprocessor(numBlocks, (const void *)func, blockSize,
                                                       dynamicSMemSize);
}
template <class T>
static inline cudaError_t cudaOccupancyMaxPotentialBlockSize(int *minGridSize, int *blockSize,
                                                             T func, size_t dynamicSMemSize = 0,
                                                             int blockSizeLimit = 0) {
    return hcOccupancyMaxPotentialBlockSize(minGridSize, blockSize, (const void *)func,
                                            dynamicSMemSize, blockSizeLimit);
}
template <class T>
static inline cudaError_t cudaLaunchKernel(T *func, dim3 gridDim, dim3 blockDim, void **args,
                                           size_t sharedMem = 0, cudaStream_t stream = 0) {
    return cudaLaunchKernel((const void *)func, gridDim, blockDim, args, sharedMem, stream);
}
} /* extern "C++" */
#endif

#endif /* HC_CUDA_COMPAT_H */
