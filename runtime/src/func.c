/* func.c -- what a program may ask about a kernel: its attributes, its
 * dynamic shared memory limit, and occupancy (libhigpu's hg_occupancy, the
 * same calculation the launch uses). */
#include "internal.h"

/* The kernel of host stub func on the current device (ready). */
static hcError_t current_kernel(const void *func, hcrt_device **d, hcrt_kernel *k) {
    hcError_t e = hcrt_current(d);
    if (e == hcSuccess)
        e = hcrt_dev_ready(*d);
    return e == hcSuccess ? hcrt_kernel_get(func, *d, k) : e;
}

/* The next block size to try below t: the multiples of the warp size. */
static uint32_t next_smaller(uint32_t t) {
    return t % HG_WARP_SIZE ? t / HG_WARP_SIZE * HG_WARP_SIZE : t - HG_WARP_SIZE;
}

/* The largest block the kernel can launch with: the device and kernel
 * limits, lowered to what its registers and static shared memory allow. */
static int max_block(const hcrt_device *d, const hcrt_kernel *k) {
    uint32_t t = d->cfg->max_threads_per_block;
    if (k->info->max_threads && k->info->max_threads < t)
        t = k->info->max_threads;
    while (t > 0 && hg_occupancy(d->ctx, k->k, t, 0, NULL) == 0)
        t = next_smaller(t);
    return (int)t;
}

static int default_dyn_shared(const hcrt_device *d, const hcrt_kernel *k) {
    uint32_t limit = d->cfg->shared_per_block, used = k->info->shared_bytes;
    return used < limit ? (int)(limit - used) : 0;
}

hcError_t hcFuncGetAttributes(hcFuncAttributes *attr, const void *func) {
    hcrt_device *d;
    hcrt_kernel k;
    if (!attr)
        return hcrt_ret(hcErrorInvalidValue);
    hcError_t e = current_kernel(func, &d, &k);
    if (e != hcSuccess)
        return hcrt_ret(e);
    int version = (int)(d->cfg->compute_major * 10 + d->cfg->compute_minor);
    *attr = (hcFuncAttributes){
        .sharedSizeBytes = k.info->shared_bytes,
        .constSizeBytes = k.fn->fb->bin->cdata_size,
        .localSizeBytes = k.info->local_bytes,
        .maxThreadsPerBlock = max_block(d, &k),
        .numRegs = (int)k.info->nregs,
        .ptxVersion = version,
        .binaryVersion = version,
        .maxDynamicSharedSizeBytes =
            k.fn->max_dyn_shared >= 0 ? k.fn->max_dyn_shared : default_dyn_shared(d, &k),
        .preferredShmemCarveout = -1,
    };
    return hcSuccess;
}

hcError_t hcFuncSetAttribute(const void *func, hcFuncAttribute attr, int value) {
    hcrt_device *d;
    hcrt_kernel k;
    hcError_t e = current_kernel(func, &d, &k);
    if (e != hcSuccess)
        return hcrt_ret(e);
    switch (attr) {
    case hcFuncAttributeMaxDynamicSharedMemorySize:
        if (value < 0 || value > default_dyn_shared(d, &k))
            return hcrt_ret(hcErrorInvalidValue);
        return hcrt_ret(hcrt_func_set_max_dyn_shared(func, value));
    case hcFuncAttributePreferredSharedMemoryCarveout:
        /* shared memory and L1 are not one pool here: accepted, no effect */
        return hcrt_ret(value >= -1 && value <= 100 ? hcSuccess : hcErrorInvalidValue);
    }
    return hcrt_ret(hcErrorInvalidValue);
}

hcError_t hcOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks, const void *func,
                                                      int blockSize, size_t dynamicSMemSize) {
    hcrt_device *d;
    hcrt_kernel k;
    if (!numBlocks || blockSize <= 0 || dynamicSMemSize > UINT32_MAX)
        return hcrt_ret(hcErrorInvalidValue);
    hcError_t e = current_kernel(func, &d, &k);
    if (e == hcSuccess)
        *numBlocks =
            (int)hg_occupancy(d->ctx, k.k, (uint32_t)blockSize, (uint32_t)dynamicSMemSize, NULL);
    return hcrt_ret(e);
}

hcError_t hcOccupancyMaxPotentialBlockSize(int *minGridSize, int *blockSize, const void *func,
                                           size_t dynamicSMemSize, int blockSizeLimit) {
    hcrt_device *d;
    hcrt_kernel k;
    if (!minGridSize || !blockSize || blockSizeLimit < 0 || dynamicSMemSize > UINT32_MAX)
        return hcrt_ret(hcErrorInvalidValue);
    hcError_t e = current_kernel(func, &d, &k);
    if (e != hcSuccess)
        return hcrt_ret(e);
    int limit = max_block(d, &k);
    if (blockSizeLimit && blockSizeLimit < limit)
        limit = blockSizeLimit;
    /* from the largest block down, keep the first that gives the most
     * resident threads (ties go to the larger block, as in CUDA) */
    uint32_t best_threads = 0, best_block = 0, best_blocks = 0;
    for (uint32_t t = (uint32_t)limit; t > 0; t = next_smaller(t)) {
        uint32_t b = hg_occupancy(d->ctx, k.k, t, (uint32_t)dynamicSMemSize, NULL);
        if (b * t > best_threads) {
            best_threads = b * t;
            best_block = t;
            best_blocks = b;
        }
    }
    *blockSize = (int)best_block;
    *minGridSize = (int)(best_blocks * d->cfg->sm_count);
    return hcSuccess;
}
