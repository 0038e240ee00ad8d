/* props.c -- device properties and attributes, from the GPU's preset and
 * the node's configuration (docs/gpu-model.md).  Where CUDA reports a
 * capability HiGPU does not model, the value says "no" (0); where a value
 * is a limit, it is the limit the emulated GPU enforces -- for example
 * sharedMemPerBlock is the whole per-block limit, because a launch may use
 * it without opting in. */
#include <string.h>

#include "internal.h"

/* FNV-1a, to derive a stable UUID from the node and the GPU index. */
static uint64_t fnv1a(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

static void fill(hcDeviceProp *p, const hcrt_device *d) {
    const hg_config *c = d->cfg;
    memset(p, 0, sizeof *p);
    strncpy(p->name, c->name, sizeof p->name - 1);
    const char *dir = hg_node_dir(hcrt_rt_peek()->node);
    uint64_t h1 = fnv1a(0xcbf29ce484222325ull, dir, strlen(dir));
    h1 = fnv1a(h1, &d->gpu, sizeof d->gpu);
    uint64_t h2 = fnv1a(h1 ^ 0x9e3779b97f4a7c15ull, c->preset, strlen(c->preset));
    memcpy(p->uuid.bytes, &h1, 8);
    memcpy(p->uuid.bytes + 8, &h2, 8);
    p->totalGlobalMem = d->mem_size;
    p->sharedMemPerBlock = c->shared_per_block;
    p->regsPerBlock = (int)c->regs_per_sm;
    p->warpSize = HG_WARP_SIZE;
    p->memPitch = 0x7fffffff;
    p->maxThreadsPerBlock = (int)c->max_threads_per_block;
    p->maxThreadsDim[0] = 1024; /* the launch limits of libhigpu (launch.c) */
    p->maxThreadsDim[1] = 1024;
    p->maxThreadsDim[2] = 64;
    p->maxGridSize[0] = 0x7fffffff;
    p->maxGridSize[1] = 65535;
    p->maxGridSize[2] = 65535;
    p->clockRate = (int)c->clock_mhz * 1000;
    p->totalConstMem = 64 * 1024;
    p->major = (int)c->compute_major;
    p->minor = (int)c->compute_minor;
    p->textureAlignment = 512;
    p->texturePitchAlignment = 32;
    p->deviceOverlap = 1;
    p->multiProcessorCount = (int)c->sm_count;
    p->kernelExecTimeoutEnabled = 1; /* the watchdog, HI_WATCHDOG_MS */
    p->surfaceAlignment = 512;
    p->pciBusID = d->gpu + 1;
    p->asyncEngineCount = 2; /* copy engines 0 (uploads) and 1 (downloads) */
    p->unifiedAddressing = 1;
    p->memoryClockRate = (int)c->mem_clock_mhz * 1000;
    p->memoryBusWidth = (int)c->mem_bus_bits;
    p->l2CacheSize = (int)c->l2_bytes;
    p->maxThreadsPerMultiProcessor = (int)c->max_threads_per_sm;
    p->globalL1CacheSupported = 1;
    p->localL1CacheSupported = 1;
    p->sharedMemPerMultiprocessor = c->shared_per_sm;
    p->regsPerMultiprocessor = (int)c->regs_per_sm;
    p->singleToDoublePrecisionPerfRatio = 2; /* fp64 issues at half the fp32 rate */
    p->sharedMemPerBlockOptin = c->shared_per_block;
    p->maxBlocksPerMultiProcessor = (int)c->max_blocks_per_sm;
    p->hostRegisterSupported = 1;
}

hcError_t hcGetDeviceProperties(hcDeviceProp *prop, int device) {
    hcrt_device *d;
    if (!prop)
        return hcrt_ret(hcErrorInvalidValue);
    hcError_t e = hcrt_device_at(device, &d);
    if (e == hcSuccess)
        fill(prop, d);
    return hcrt_ret(e);
}

static int clamp_int(size_t v) {
    return v > 0x7fffffff ? 0x7fffffff : (int)v;
}

hcError_t hcDeviceGetAttribute(int *value, hcDeviceAttr attr, int device) {
    hcrt_device *d;
    hcDeviceProp p;
    if (!value)
        return hcrt_ret(hcErrorInvalidValue);
    hcError_t e = hcrt_device_at(device, &d);
    if (e != hcSuccess)
        return hcrt_ret(e);
    fill(&p, d);
    int v;
    switch (attr) {
    case hcDevAttrMaxThreadsPerBlock: v = p.maxThreadsPerBlock; break;
    case hcDevAttrMaxBlockDimX: v = p.maxThreadsDim[0]; break;
    case hcDevAttrMaxBlockDimY: v = p.maxThreadsDim[1]; break;
    case hcDevAttrMaxBlockDimZ: v = p.maxThreadsDim[2]; break;
    case hcDevAttrMaxGridDimX: v = p.maxGridSize[0]; break;
    case hcDevAttrMaxGridDimY: v = p.maxGridSize[1]; break;
    case hcDevAttrMaxGridDimZ: v = p.maxGridSize[2]; break;
    case hcDevAttrMaxSharedMemoryPerBlock: v = clamp_int(p.sharedMemPerBlock); break;
    case hcDevAttrTotalConstantMemory: v = clamp_int(p.totalConstMem); break;
    case hcDevAttrWarpSize: v = p.warpSize; break;
    case hcDevAttrMaxPitch: v = clamp_int(p.memPitch); break;
    case hcDevAttrMaxRegistersPerBlock: v = p.regsPerBlock; break;
    case hcDevAttrClockRate: v = p.clockRate; break;
    case hcDevAttrTextureAlignment: v = clamp_int(p.textureAlignment); break;
    case hcDevAttrGpuOverlap: v = p.deviceOverlap; break;
    case hcDevAttrMultiProcessorCount: v = p.multiProcessorCount; break;
    case hcDevAttrKernelExecTimeout: v = p.kernelExecTimeoutEnabled; break;
    case hcDevAttrIntegrated: v = p.integrated; break;
    case hcDevAttrCanMapHostMemory: v = p.canMapHostMemory; break;
    case hcDevAttrComputeMode: v = p.computeMode; break;
    case hcDevAttrConcurrentKernels: v = p.concurrentKernels; break;
    case hcDevAttrEccEnabled: v = p.ECCEnabled; break;
    case hcDevAttrPciBusId: v = p.pciBusID; break;
    case hcDevAttrPciDeviceId: v = p.pciDeviceID; break;
    case hcDevAttrTccDriver: v = p.tccDriver; break;
    case hcDevAttrMemoryClockRate: v = p.memoryClockRate; break;
    case hcDevAttrGlobalMemoryBusWidth: v = p.memoryBusWidth; break;
    case hcDevAttrL2CacheSize: v = p.l2CacheSize; break;
    case hcDevAttrMaxThreadsPerMultiProcessor: v = p.maxThreadsPerMultiProcessor; break;
    case hcDevAttrAsyncEngineCount: v = p.asyncEngineCount; break;
    case hcDevAttrUnifiedAddressing: v = p.unifiedAddressing; break;
    case hcDevAttrPciDomainId: v = p.pciDomainID; break;
    case hcDevAttrComputeCapabilityMajor: v = p.major; break;
    case hcDevAttrComputeCapabilityMinor: v = p.minor; break;
    case hcDevAttrStreamPrioritiesSupported: v = p.streamPrioritiesSupported; break;
    case hcDevAttrGlobalL1CacheSupported: v = p.globalL1CacheSupported; break;
    case hcDevAttrLocalL1CacheSupported: v = p.localL1CacheSupported; break;
    case hcDevAttrMaxSharedMemoryPerMultiprocessor:
        v = clamp_int(p.sharedMemPerMultiprocessor);
        break;
    case hcDevAttrMaxRegistersPerMultiprocessor: v = p.regsPerMultiprocessor; break;
    case hcDevAttrManagedMemory: v = p.managedMemory; break;
    case hcDevAttrIsMultiGpuBoard: v = p.isMultiGpuBoard; break;
    case hcDevAttrMultiGpuBoardGroupID: v = p.multiGpuBoardGroupID; break;
    case hcDevAttrHostNativeAtomicSupported: v = p.hostNativeAtomicSupported; break;
    case hcDevAttrSingleToDoublePrecisionPerfRatio: v = p.singleToDoublePrecisionPerfRatio; break;
    case hcDevAttrPageableMemoryAccess: v = p.pageableMemoryAccess; break;
    case hcDevAttrConcurrentManagedAccess: v = p.concurrentManagedAccess; break;
    case hcDevAttrComputePreemptionSupported: v = p.computePreemptionSupported; break;
    case hcDevAttrCanUseHostPointerForRegisteredMem: v = p.canUseHostPointerForRegisteredMem; break;
    case hcDevAttrCooperativeLaunch: v = p.cooperativeLaunch; break;
    case hcDevAttrCooperativeMultiDeviceLaunch: v = p.cooperativeMultiDeviceLaunch; break;
    case hcDevAttrMaxSharedMemoryPerBlockOptin: v = clamp_int(p.sharedMemPerBlockOptin); break;
    case hcDevAttrHostRegisterSupported: v = p.hostRegisterSupported; break;
    case hcDevAttrDirectManagedMemAccessFromHost: v = p.directManagedMemAccessFromHost; break;
    case hcDevAttrMaxBlocksPerMultiprocessor: v = p.maxBlocksPerMultiProcessor; break;
    case hcDevAttrMaxPersistingL2CacheSize: v = p.persistingL2CacheMaxSize; break;
    case hcDevAttrMaxAccessPolicyWindowSize: v = p.accessPolicyMaxWindowSize; break;
    case hcDevAttrReservedSharedMemoryPerBlock: v = clamp_int(p.reservedSharedMemPerBlock); break;
    case hcDevAttrMemoryPoolsSupported: v = p.memoryPoolsSupported; break;
    default: return hcrt_ret(hcErrorInvalidValue);
    }
    *value = v;
    return hcSuccess;
}
