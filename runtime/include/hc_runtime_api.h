/*
 * hc_runtime_api.h -- the HCC runtime API (libhcrt), HiGPU's equivalent of
 * the CUDA runtime API.  Every cudaX of the CUDA runtime that HiGPU supports
 * is hcX here, with the same arguments, the same numeric error codes and the
 * same semantics (streams, the legacy default stream, sticky errors).
 * hc_cuda_compat.h maps the cuda* names onto these; docs/runtime.md lists
 * what is covered.
 *
 * Plain C (gnu11 or C++): usable from C hosts, from C++ and from the host
 * side of clang's CUDA mode.  In C++ the trailing arguments that CUDA gives
 * defaults (streams, flags, offsets) have the same defaults here.
 */
#ifndef HC_RUNTIME_API_H
#define HC_RUNTIME_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define HC_DEFAULT(v) = v
extern "C" {
#else
#define HC_DEFAULT(v)
#endif

/* The API level this runtime mirrors (hcRuntimeGetVersion, hcDriverGetVersion):
 * 1000 * major + 10 * minor of the CUDA release whose runtime API it follows. */
#define HCRT_VERSION 12000

/* The CUDA spellings of the constants (cudaSuccess, cudaMemcpyHostToDevice,
 * cudaDevAttrWarpSize, ...) are enumerators of the same enums as the hc
 * ones, so that they have the hc types: in C a constant of another enum
 * would draw -Wenum-compare / -Wenum-conversion warnings wherever a program
 * compares a cudaError_t with cudaSuccess.  hc_cuda_compat.h adds the rest
 * of the CUDA names.  Define HC_NO_CUDA_NAMES to leave them out. */
#ifndef HC_NO_CUDA_NAMES
#define HC_CUDA_NAME(cuda, value) cuda = value,
#else
#define HC_CUDA_NAME(cuda, value)
#endif

/* ---- errors ------------------------------------------------------------------
 * X(hc name, cuda name, value, description).  Values are CUDA's, so a program
 * that prints the number means the same thing on both. */
#define HC_ERRORS(X)                                                                               \
    X(hcSuccess, cudaSuccess, 0, "no error")                                                       \
    X(hcErrorInvalidValue, cudaErrorInvalidValue, 1, "invalid argument")                           \
    X(hcErrorMemoryAllocation, cudaErrorMemoryAllocation, 2, "out of memory")                      \
    X(hcErrorInitializationError, cudaErrorInitializationError, 3, "initialization error")         \
    X(hcErrorRuntimeUnloading, cudaErrorCudartUnloading, 4, "runtime is shutting down")            \
    X(hcErrorInvalidConfiguration, cudaErrorInvalidConfiguration, 9,                               \
      "invalid configuration argument")                                                            \
    X(hcErrorInvalidPitchValue, cudaErrorInvalidPitchValue, 12, "invalid pitch argument")          \
    X(hcErrorInvalidSymbol, cudaErrorInvalidSymbol, 13, "invalid device symbol")                   \
    X(hcErrorInvalidHostPointer, cudaErrorInvalidHostPointer, 16, "invalid host pointer")          \
    X(hcErrorInvalidDevicePointer, cudaErrorInvalidDevicePointer, 17, "invalid device pointer")    \
    X(hcErrorInvalidMemcpyDirection, cudaErrorInvalidMemcpyDirection, 21,                          \
      "invalid copy direction for memcpy")                                                         \
    X(hcErrorInsufficientDriver, cudaErrorInsufficientDriver, 35,                                  \
      "the driver is older than the runtime")                                                      \
    X(hcErrorInvalidDeviceFunction, cudaErrorInvalidDeviceFunction, 98, "invalid device function") \
    X(hcErrorNoDevice, cudaErrorNoDevice, 100, "no HiGPU device is visible")                       \
    X(hcErrorInvalidDevice, cudaErrorInvalidDevice, 101, "invalid device ordinal")                 \
    X(hcErrorInvalidKernelImage, cudaErrorInvalidKernelImage, 200,                                 \
      "device kernel image is invalid")                                                            \
    X(hcErrorDeviceUninitialized, cudaErrorDeviceUninitialized, 201, "invalid device context")     \
    X(hcErrorNoKernelImageForDevice, cudaErrorNoKernelImageForDevice, 209,                         \
      "no kernel image is available for execution on the device")                                  \
    X(hcErrorUnsupportedLimit, cudaErrorUnsupportedLimit, 215, "limit is not supported on this architecture") \
    X(hcErrorPeerAccessUnsupported, cudaErrorPeerAccessUnsupported, 217,                           \
      "peer access is not supported between these two devices")                                    \
    X(hcErrorFileNotFound, cudaErrorFileNotFound, 301, "file not found")                           \
    X(hcErrorOperatingSystem, cudaErrorOperatingSystem, 304,                                       \
      "OS call failed or operation not supported on this OS")                                      \
    X(hcErrorInvalidResourceHandle, cudaErrorInvalidResourceHandle, 400,                           \
      "invalid resource handle")                                                                   \
    X(hcErrorIllegalState, cudaErrorIllegalState, 401,                                             \
      "the operation is not permitted in the current state")                                       \
    X(hcErrorSymbolNotFound, cudaErrorSymbolNotFound, 500, "named symbol not found")               \
    X(hcErrorNotReady, cudaErrorNotReady, 600, "device not ready")                                 \
    X(hcErrorIllegalAddress, cudaErrorIllegalAddress, 700,                                         \
      "an illegal memory access was encountered")                                                  \
    X(hcErrorLaunchOutOfResources, cudaErrorLaunchOutOfResources, 701,                             \
      "too many resources requested for launch")                                                   \
    X(hcErrorLaunchTimeout, cudaErrorLaunchTimeout, 702,                                           \
      "the launch timed out and was terminated")                                                   \
    X(hcErrorPeerAccessAlreadyEnabled, cudaErrorPeerAccessAlreadyEnabled, 704,                     \
      "peer access is already enabled")                                                            \
    X(hcErrorPeerAccessNotEnabled, cudaErrorPeerAccessNotEnabled, 705,                             \
      "peer access has not been enabled")                                                          \
    X(hcErrorSetOnActiveProcess, cudaErrorSetOnActiveProcess, 708,                                 \
      "cannot set while device is active in this process")                                         \
    X(hcErrorContextIsDestroyed, cudaErrorContextIsDestroyed, 709, "context is destroyed")         \
    X(hcErrorAssert, cudaErrorAssert, 710, "device-side assert triggered")                         \
    X(hcErrorHostMemoryAlreadyRegistered, cudaErrorHostMemoryAlreadyRegistered, 712,               \
      "part or all of the requested memory range is already mapped")                               \
    X(hcErrorHostMemoryNotRegistered, cudaErrorHostMemoryNotRegistered, 713,                       \
      "pointer does not correspond to a registered memory region")                                 \
    X(hcErrorIllegalInstruction, cudaErrorIllegalInstruction, 715,                                 \
      "an illegal instruction was encountered")                                                    \
    X(hcErrorMisalignedAddress, cudaErrorMisalignedAddress, 716, "misaligned address")             \
    X(hcErrorInvalidAddressSpace, cudaErrorInvalidAddressSpace, 717,                               \
      "operation not supported on global/shared address space")                                    \
    X(hcErrorInvalidPc, cudaErrorInvalidPc, 718, "invalid program counter")                        \
    X(hcErrorLaunchFailure, cudaErrorLaunchFailure, 719, "unspecified launch failure")             \
    X(hcErrorNotPermitted, cudaErrorNotPermitted, 800, "operation not permitted")                  \
    X(hcErrorNotSupported, cudaErrorNotSupported, 801, "operation not supported")                  \
    X(hcErrorUnknown, cudaErrorUnknown, 999, "unknown error")

typedef enum hcError {
#define HC_ERROR_ENUM(hc, cuda, value, text) hc = value, HC_CUDA_NAME(cuda, value)
    HC_ERRORS(HC_ERROR_ENUM)
#undef HC_ERROR_ENUM
} hcError_t;

/* ---- basic types -------------------------------------------------------------- */

/* Three 32-bit unsigned integers, exactly as clang's CUDA dim3: the kernel
 * launch ABI passes it by value (__cudaPushCallConfiguration,
 * cudaLaunchKernel), so its layout must not change. */
#if defined(__CUDA__)
#define HC_HOST_DEVICE __attribute__((host)) __attribute__((device))
#else
#define HC_HOST_DEVICE
#endif
typedef struct dim3 {
    unsigned int x, y, z;
#ifdef __cplusplus
    HC_HOST_DEVICE constexpr dim3(unsigned int vx = 1, unsigned int vy = 1, unsigned int vz = 1)
        : x(vx), y(vy), z(vz) {}
#endif
} dim3;

typedef struct hcStream_st *hcStream_t; /* 0: the legacy default stream */
typedef struct hcEvent_st *hcEvent_t;

/* Special stream handles (CUDA's cudaStreamLegacy / cudaStreamPerThread).
 * Per-thread default streams are not modelled: both mean the legacy
 * default stream. */
#define hcStreamLegacy    ((hcStream_t)0x1)
#define hcStreamPerThread ((hcStream_t)0x2)

typedef enum hcMemcpyKind {
    hcMemcpyHostToHost = 0,
    hcMemcpyHostToDevice = 1,
    hcMemcpyDeviceToHost = 2,
    hcMemcpyDeviceToDevice = 3,
    hcMemcpyDefault = 4, /* from the pointers: device addresses are HiGPU global addresses */
    HC_CUDA_NAME(cudaMemcpyHostToHost, 0) HC_CUDA_NAME(cudaMemcpyHostToDevice, 1)
        HC_CUDA_NAME(cudaMemcpyDeviceToHost, 2) HC_CUDA_NAME(cudaMemcpyDeviceToDevice, 3)
            HC_CUDA_NAME(cudaMemcpyDefault, 4)
} hcMemcpyKind;

/* Stream, event and host-allocation flags (CUDA's values). */
#define HC_FLAGS(X)                                                                                \
    X(hcStreamDefault, cudaStreamDefault, 0x0)                                                     \
    X(hcStreamNonBlocking, cudaStreamNonBlocking, 0x1)                                             \
    X(hcEventDefault, cudaEventDefault, 0x0)                                                       \
    X(hcEventBlockingSync, cudaEventBlockingSync, 0x1)                                             \
    X(hcEventDisableTiming, cudaEventDisableTiming, 0x2)                                           \
    X(hcEventInterprocess, cudaEventInterprocess, 0x4)                                             \
    X(hcHostAllocDefault, cudaHostAllocDefault, 0x0)                                               \
    X(hcHostAllocPortable, cudaHostAllocPortable, 0x1)                                             \
    X(hcHostAllocMapped, cudaHostAllocMapped, 0x2)                                                 \
    X(hcHostAllocWriteCombined, cudaHostAllocWriteCombined, 0x4)                                   \
    X(hcHostRegisterDefault, cudaHostRegisterDefault, 0x0)                                         \
    X(hcHostRegisterPortable, cudaHostRegisterPortable, 0x1)                                       \
    X(hcHostRegisterMapped, cudaHostRegisterMapped, 0x2)                                           \
    X(hcIpcMemLazyEnablePeerAccess, cudaIpcMemLazyEnablePeerAccess, 0x1)
enum {
#define HC_FLAG_ENUM(hc, cuda, value) hc = value, HC_CUDA_NAME(cuda, value)
    HC_FLAGS(HC_FLAG_ENUM)
#undef HC_FLAG_ENUM
};

typedef enum hcMemoryType {
    hcMemoryTypeUnregistered = 0,
    hcMemoryTypeHost = 1,
    hcMemoryTypeDevice = 2,
    hcMemoryTypeManaged = 3,
    HC_CUDA_NAME(cudaMemoryTypeUnregistered, 0) HC_CUDA_NAME(cudaMemoryTypeHost, 1)
        HC_CUDA_NAME(cudaMemoryTypeDevice, 2) HC_CUDA_NAME(cudaMemoryTypeManaged, 3)
} hcMemoryType;

typedef struct hcPointerAttributes {
    enum hcMemoryType type;
    int device;          /* the device of a device pointer; -2 for other memory */
    void *devicePointer; /* device pointers: the pointer; otherwise NULL */
    void *hostPointer;   /* page-locked host memory: the pointer; otherwise NULL */
} hcPointerAttributes;

/* cudaDeviceProp's field names for the fields HiGPU can give a meaning;
 * filled from the GPU's preset (docs/gpu-model.md, docs/runtime.md). */
typedef struct hcUUID_st {
    char bytes[16];
} hcUUID_t;

typedef struct hcDeviceProp {
    char name[256];
    hcUUID_t uuid;
    char luid[8];
    unsigned int luidDeviceNodeMask;
    size_t totalGlobalMem;
    size_t sharedMemPerBlock;
    int regsPerBlock;
    int warpSize;
    size_t memPitch;
    int maxThreadsPerBlock;
    int maxThreadsDim[3];
    int maxGridSize[3];
    int clockRate; /* kHz */
    size_t totalConstMem;
    int major;
    int minor;
    size_t textureAlignment;
    size_t texturePitchAlignment;
    int deviceOverlap;
    int multiProcessorCount;
    int kernelExecTimeoutEnabled;
    int integrated;
    int canMapHostMemory;
    int computeMode;
    int maxTexture1D;
    int maxTexture2D[2];
    int maxTexture3D[3];
    size_t surfaceAlignment;
    int concurrentKernels;
    int ECCEnabled;
    int pciBusID;
    int pciDeviceID;
    int pciDomainID;
    int tccDriver;
    int asyncEngineCount;
    int unifiedAddressing;
    int memoryClockRate; /* kHz */
    int memoryBusWidth;  /* bits */
    int l2CacheSize;
    int persistingL2CacheMaxSize;
    int maxThreadsPerMultiProcessor;
    int streamPrioritiesSupported;
    int globalL1CacheSupported;
    int localL1CacheSupported;
    size_t sharedMemPerMultiprocessor;
    int regsPerMultiprocessor;
    int managedMemory;
    int isMultiGpuBoard;
    int multiGpuBoardGroupID;
    int hostNativeAtomicSupported;
    int singleToDoublePrecisionPerfRatio;
    int pageableMemoryAccess;
    int concurrentManagedAccess;
    int computePreemptionSupported;
    int canUseHostPointerForRegisteredMem;
    int cooperativeLaunch;
    int cooperativeMultiDeviceLaunch;
    size_t sharedMemPerBlockOptin;
    int pageableMemoryAccessUsesHostPageTables;
    int directManagedMemAccessFromHost;
    int maxBlocksPerMultiProcessor;
    int accessPolicyMaxWindowSize;
    size_t reservedSharedMemPerBlock;
    int hostRegisterSupported;
    int memoryPoolsSupported;
} hcDeviceProp;

/* Device attributes: X(hc name, cuda name, CUDA's value). */
#define HC_DEVICE_ATTRS(X)                                                                         \
    X(hcDevAttrMaxThreadsPerBlock, cudaDevAttrMaxThreadsPerBlock, 1)                               \
    X(hcDevAttrMaxBlockDimX, cudaDevAttrMaxBlockDimX, 2)                                           \
    X(hcDevAttrMaxBlockDimY, cudaDevAttrMaxBlockDimY, 3)                                           \
    X(hcDevAttrMaxBlockDimZ, cudaDevAttrMaxBlockDimZ, 4)                                           \
    X(hcDevAttrMaxGridDimX, cudaDevAttrMaxGridDimX, 5)                                             \
    X(hcDevAttrMaxGridDimY, cudaDevAttrMaxGridDimY, 6)                                             \
    X(hcDevAttrMaxGridDimZ, cudaDevAttrMaxGridDimZ, 7)                                             \
    X(hcDevAttrMaxSharedMemoryPerBlock, cudaDevAttrMaxSharedMemoryPerBlock, 8)                     \
    X(hcDevAttrTotalConstantMemory, cudaDevAttrTotalConstantMemory, 9)                             \
    X(hcDevAttrWarpSize, cudaDevAttrWarpSize, 10)                                                  \
    X(hcDevAttrMaxPitch, cudaDevAttrMaxPitch, 11)                                                  \
    X(hcDevAttrMaxRegistersPerBlock, cudaDevAttrMaxRegistersPerBlock, 12)                          \
    X(hcDevAttrClockRate, cudaDevAttrClockRate, 13)                                                \
    X(hcDevAttrTextureAlignment, cudaDevAttrTextureAlignment, 14)                                  \
    X(hcDevAttrGpuOverlap, cudaDevAttrGpuOverlap, 15)                                              \
    X(hcDevAttrMultiProcessorCount, cudaDevAttrMultiProcessorCount, 16)                            \
    X(hcDevAttrKernelExecTimeout, cudaDevAttrKernelExecTimeout, 17)                                \
    X(hcDevAttrIntegrated, cudaDevAttrIntegrated, 18)                                              \
    X(hcDevAttrCanMapHostMemory, cudaDevAttrCanMapHostMemory, 19)                                  \
    X(hcDevAttrComputeMode, cudaDevAttrComputeMode, 20)                                            \
    X(hcDevAttrConcurrentKernels, cudaDevAttrConcurrentKernels, 31)                                \
    X(hcDevAttrEccEnabled, cudaDevAttrEccEnabled, 32)                                              \
    X(hcDevAttrPciBusId, cudaDevAttrPciBusId, 33)                                                  \
    X(hcDevAttrPciDeviceId, cudaDevAttrPciDeviceId, 34)                                            \
    X(hcDevAttrTccDriver, cudaDevAttrTccDriver, 35)                                                \
    X(hcDevAttrMemoryClockRate, cudaDevAttrMemoryClockRate, 36)                                    \
    X(hcDevAttrGlobalMemoryBusWidth, cudaDevAttrGlobalMemoryBusWidth, 37)                          \
    X(hcDevAttrL2CacheSize, cudaDevAttrL2CacheSize, 38)                                            \
    X(hcDevAttrMaxThreadsPerMultiProcessor, cudaDevAttrMaxThreadsPerMultiProcessor, 39)            \
    X(hcDevAttrAsyncEngineCount, cudaDevAttrAsyncEngineCount, 40)                                  \
    X(hcDevAttrUnifiedAddressing, cudaDevAttrUnifiedAddressing, 41)                                \
    X(hcDevAttrPciDomainId, cudaDevAttrPciDomainId, 50)                                            \
    X(hcDevAttrComputeCapabilityMajor, cudaDevAttrComputeCapabilityMajor, 75)                      \
    X(hcDevAttrComputeCapabilityMinor, cudaDevAttrComputeCapabilityMinor, 76)                      \
    X(hcDevAttrStreamPrioritiesSupported, cudaDevAttrStreamPrioritiesSupported, 78)                \
    X(hcDevAttrGlobalL1CacheSupported, cudaDevAttrGlobalL1CacheSupported, 79)                      \
    X(hcDevAttrLocalL1CacheSupported, cudaDevAttrLocalL1CacheSupported, 80)                        \
    X(hcDevAttrMaxSharedMemoryPerMultiprocessor, cudaDevAttrMaxSharedMemoryPerMultiprocessor, 81)  \
    X(hcDevAttrMaxRegistersPerMultiprocessor, cudaDevAttrMaxRegistersPerMultiprocessor, 82)        \
    X(hcDevAttrManagedMemory, cudaDevAttrManagedMemory, 83)                                        \
    X(hcDevAttrIsMultiGpuBoard, cudaDevAttrIsMultiGpuBoard, 84)                                    \
    X(hcDevAttrMultiGpuBoardGroupID, cudaDevAttrMultiGpuBoardGroupID, 85)                          \
    X(hcDevAttrHostNativeAtomicSupported, cudaDevAttrHostNativeAtomicSupported, 86)                \
    X(hcDevAttrSingleToDoublePrecisionPerfRatio, cudaDevAttrSingleToDoublePrecisionPerfRatio, 87)  \
    X(hcDevAttrPageableMemoryAccess, cudaDevAttrPageableMemoryAccess, 88)                          \
    X(hcDevAttrConcurrentManagedAccess, cudaDevAttrConcurrentManagedAccess, 89)                    \
    X(hcDevAttrComputePreemptionSupported, cudaDevAttrComputePreemptionSupported, 90)              \
    X(hcDevAttrCanUseHostPointerForRegisteredMem, cudaDevAttrCanUseHostPointerForRegisteredMem,    \
      91)                                                                                          \
    X(hcDevAttrCooperativeLaunch, cudaDevAttrCooperativeLaunch, 95)                                \
    X(hcDevAttrCooperativeMultiDeviceLaunch, cudaDevAttrCooperativeMultiDeviceLaunch, 96)          \
    X(hcDevAttrMaxSharedMemoryPerBlockOptin, cudaDevAttrMaxSharedMemoryPerBlockOptin, 97)          \
    X(hcDevAttrHostRegisterSupported, cudaDevAttrHostRegisterSupported, 99)                        \
    X(hcDevAttrDirectManagedMemAccessFromHost, cudaDevAttrDirectManagedMemAccessFromHost, 101)     \
    X(hcDevAttrMaxBlocksPerMultiprocessor, cudaDevAttrMaxBlocksPerMultiprocessor, 106)             \
    X(hcDevAttrMaxPersistingL2CacheSize, cudaDevAttrMaxPersistingL2CacheSize, 108)                 \
    X(hcDevAttrMaxAccessPolicyWindowSize, cudaDevAttrMaxAccessPolicyWindowSize, 109)               \
    X(hcDevAttrReservedSharedMemoryPerBlock, cudaDevAttrReservedSharedMemoryPerBlock, 111)         \
    X(hcDevAttrMemoryPoolsSupported, cudaDevAttrMemoryPoolsSupported, 115)

typedef enum hcDeviceAttr {
#define HC_ATTR_ENUM(hc, cuda, value) hc = value, HC_CUDA_NAME(cuda, value)
    HC_DEVICE_ATTRS(HC_ATTR_ENUM)
#undef HC_ATTR_ENUM
} hcDeviceAttr;

/* What hcFuncGetAttributes reports about a kernel (cudaFuncAttributes). */
typedef struct hcFuncAttributes {
    size_t sharedSizeBytes; /* static shared memory per block */
    size_t constSizeBytes;  /* __constant__ data of the kernel's module */
    size_t localSizeBytes;  /* local memory (stack) per thread */
    int maxThreadsPerBlock; /* the largest block this kernel can launch with */
    int numRegs;
    int ptxVersion; /* 10 * major + minor of the device's capability */
    int binaryVersion;
    int cacheModeCA;
    int maxDynamicSharedSizeBytes;
    int preferredShmemCarveout;
} hcFuncAttributes;

typedef enum hcFuncAttribute {
    hcFuncAttributeMaxDynamicSharedMemorySize = 8,
    hcFuncAttributePreferredSharedMemoryCarveout = 9,
    HC_CUDA_NAME(cudaFuncAttributeMaxDynamicSharedMemorySize, 8)
        HC_CUDA_NAME(cudaFuncAttributePreferredSharedMemoryCarveout, 9)
} hcFuncAttribute;

/* An inter-process memory handle: opaque, 64 bytes like cudaIpcMemHandle_t. */
typedef struct hcIpcMemHandle_st {
    char reserved[64];
} hcIpcMemHandle_t;

typedef void (*hcStreamCallback_t)(hcStream_t stream, hcError_t status, void *userData);
typedef void (*hcHostFn_t)(void *userData);

/* ---- errors ------------------------------------------------------------------ */

/* Returns the calling thread's last error and resets it to hcSuccess; a
 * sticky error (a kernel fault) of the current device is returned again
 * until hcDeviceReset. */
hcError_t hcGetLastError(void);
hcError_t hcPeekAtLastError(void);
const char *hcGetErrorName(hcError_t error);   /* "hcErrorInvalidValue" */
const char *hcGetErrorString(hcError_t error); /* "invalid argument" */

/* ---- devices ----------------------------------------------------------------- */

hcError_t hcGetDeviceCount(int *count);
hcError_t hcSetDevice(int device);
hcError_t hcGetDevice(int *device);
hcError_t hcGetDeviceProperties(hcDeviceProp *prop, int device);
hcError_t hcDeviceGetAttribute(int *value, hcDeviceAttr attr, int device);
/* Destroys the current device's context in this process: its memory,
 * modules, streams and events, and a sticky error.  The next call that
 * needs the device makes a fresh context. */
hcError_t hcDeviceReset(void);
hcError_t hcDeviceSynchronize(void);
hcError_t hcDeviceGetStreamPriorityRange(int *leastPriority, int *greatestPriority);

/* Device limits (cudaDeviceSetLimit): the printf buffer of modules loaded
 * from now on; the call stack, which hcc fixes at 1 KB per thread (a larger
 * request is accepted with a warning: deeper recursion faults as a stack
 * overflow); the L2 fetch granularity (reported, ignored).  The device
 * malloc heap, persisting L2 and the device runtime's limits are not
 * supported (hcErrorUnsupportedLimit). */
typedef enum hcLimit {
    hcLimitStackSize = 0, HC_CUDA_NAME(cudaLimitStackSize, 0)
    hcLimitPrintfFifoSize = 1, HC_CUDA_NAME(cudaLimitPrintfFifoSize, 1)
    hcLimitMallocHeapSize = 2, HC_CUDA_NAME(cudaLimitMallocHeapSize, 2)
    hcLimitDevRuntimeSyncDepth = 3, HC_CUDA_NAME(cudaLimitDevRuntimeSyncDepth, 3)
    hcLimitDevRuntimePendingLaunchCount = 4, HC_CUDA_NAME(cudaLimitDevRuntimePendingLaunchCount, 4)
    hcLimitMaxL2FetchGranularity = 5, HC_CUDA_NAME(cudaLimitMaxL2FetchGranularity, 5)
    hcLimitPersistingL2CacheSize = 6, HC_CUDA_NAME(cudaLimitPersistingL2CacheSize, 6)
} hcLimit;
hcError_t hcDeviceSetLimit(hcLimit limit, size_t value);
hcError_t hcDeviceGetLimit(size_t *value, hcLimit limit);
hcError_t hcDriverGetVersion(int *version);  /* HCRT_VERSION */
hcError_t hcRuntimeGetVersion(int *version); /* HCRT_VERSION */

/* ---- memory ------------------------------------------------------------------- */

hcError_t hcMalloc(void **devPtr, size_t size);
hcError_t hcFree(void *devPtr);
/* Page-locked host memory: plain page-aligned host memory that the runtime
 * remembers, so copies from and to it are truly asynchronous. */
hcError_t hcMallocHost(void **ptr, size_t size);
hcError_t hcHostAlloc(void **ptr, size_t size, unsigned int flags);
hcError_t hcFreeHost(void *ptr);
hcError_t hcHostRegister(void *ptr, size_t size, unsigned int flags);
hcError_t hcHostUnregister(void *ptr);
hcError_t hcMemGetInfo(size_t *free, size_t *total);
hcError_t hcMemcpy(void *dst, const void *src, size_t count, hcMemcpyKind kind);
hcError_t hcMemcpyAsync(void *dst, const void *src, size_t count, hcMemcpyKind kind,
                        hcStream_t stream HC_DEFAULT(0));
hcError_t hcMemset(void *devPtr, int value, size_t count);
hcError_t hcMemsetAsync(void *devPtr, int value, size_t count, hcStream_t stream HC_DEFAULT(0));
hcError_t hcPointerGetAttributes(hcPointerAttributes *attributes, const void *ptr);

/* ---- device variables (symbol = the host shadow of a __device__/__constant__ variable) */

hcError_t hcMemcpyToSymbol(const void *symbol, const void *src, size_t count,
                           size_t offset HC_DEFAULT(0),
                           hcMemcpyKind kind HC_DEFAULT(hcMemcpyHostToDevice));
hcError_t hcMemcpyFromSymbol(void *dst, const void *symbol, size_t count,
                             size_t offset HC_DEFAULT(0),
                             hcMemcpyKind kind HC_DEFAULT(hcMemcpyDeviceToHost));
hcError_t hcMemcpyToSymbolAsync(const void *symbol, const void *src, size_t count, size_t offset,
                                hcMemcpyKind kind, hcStream_t stream HC_DEFAULT(0));
hcError_t hcMemcpyFromSymbolAsync(void *dst, const void *symbol, size_t count, size_t offset,
                                  hcMemcpyKind kind, hcStream_t stream HC_DEFAULT(0));
hcError_t hcGetSymbolAddress(void **devPtr, const void *symbol);
hcError_t hcGetSymbolSize(size_t *size, const void *symbol);

/* ---- streams and events --------------------------------------------------------- */

hcError_t hcStreamCreate(hcStream_t *stream);
hcError_t hcStreamCreateWithFlags(hcStream_t *stream, unsigned int flags);
/* Priorities are not modelled: the range is [0, 0] and every priority is 0. */
hcError_t hcStreamCreateWithPriority(hcStream_t *stream, unsigned int flags, int priority);
hcError_t hcStreamDestroy(hcStream_t stream);
hcError_t hcStreamSynchronize(hcStream_t stream);
hcError_t hcStreamQuery(hcStream_t stream);
hcError_t hcStreamGetFlags(hcStream_t stream, unsigned int *flags);
hcError_t hcStreamWaitEvent(hcStream_t stream, hcEvent_t event, unsigned int flags HC_DEFAULT(0));
/* Callbacks run on the device's host-function thread once the work before
 * them is done; like CUDA's, they must not call the runtime API. */
hcError_t hcStreamAddCallback(hcStream_t stream, hcStreamCallback_t callback, void *userData,
                              unsigned int flags);
hcError_t hcLaunchHostFunc(hcStream_t stream, hcHostFn_t fn, void *userData);

hcError_t hcEventCreate(hcEvent_t *event);
hcError_t hcEventCreateWithFlags(hcEvent_t *event, unsigned int flags);
hcError_t hcEventDestroy(hcEvent_t event);
hcError_t hcEventRecord(hcEvent_t event, hcStream_t stream HC_DEFAULT(0));
hcError_t hcEventSynchronize(hcEvent_t event);
hcError_t hcEventQuery(hcEvent_t event);
hcError_t hcEventElapsedTime(float *ms, hcEvent_t start, hcEvent_t end);

/* ---- kernels ------------------------------------------------------------------------ */

/* func is the kernel's host stub (what __cudaRegisterFunction registered);
 * args[i] points to the value of parameter i. */
hcError_t hcLaunchKernel(const void *func, dim3 gridDim, dim3 blockDim, void **args,
                         size_t sharedMem HC_DEFAULT(0), hcStream_t stream HC_DEFAULT(0));
hcError_t hcFuncGetAttributes(hcFuncAttributes *attr, const void *func);
hcError_t hcFuncSetAttribute(const void *func, hcFuncAttribute attr, int value);
hcError_t hcOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks, const void *func,
                                                      int blockSize, size_t dynamicSMemSize);
/* The block size (a multiple of the warp size, at most blockSizeLimit if
 * not 0) that gives the most resident threads per SM, and the smallest grid
 * that fills the device with it. */
hcError_t hcOccupancyMaxPotentialBlockSize(int *minGridSize, int *blockSize, const void *func,
                                           size_t dynamicSMemSize HC_DEFAULT(0),
                                           int blockSizeLimit HC_DEFAULT(0));

/* ---- peers ----------------------------------------------------------------------------- */

hcError_t hcDeviceCanAccessPeer(int *canAccessPeer, int device, int peerDevice);
hcError_t hcDeviceEnablePeerAccess(int peerDevice, unsigned int flags);
hcError_t hcDeviceDisablePeerAccess(int peerDevice);
hcError_t hcMemcpyPeer(void *dst, int dstDevice, const void *src, int srcDevice, size_t count);
hcError_t hcMemcpyPeerAsync(void *dst, int dstDevice, const void *src, int srcDevice, size_t count,
                            hcStream_t stream HC_DEFAULT(0));

/* ---- inter-process memory ------------------------------------------------------------ */

hcError_t hcIpcGetMemHandle(hcIpcMemHandle_t *handle, void *devPtr);
hcError_t hcIpcOpenMemHandle(void **devPtr, hcIpcMemHandle_t handle, unsigned int flags);
hcError_t hcIpcCloseMemHandle(void *devPtr);

#ifdef __cplusplus
}
#endif
#endif /* HC_RUNTIME_API_H */
