/* memory.c -- device memory: allocation, memset, free memory, and what a
 * pointer is.  Device addresses form one address space across the node
 * (GPU i at HG_GLOBAL_BASE + i * HG_GLOBAL_STRIDE), so a pointer says which
 * device owns it and calls act on that device, as with CUDA's unified
 * addressing. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

hcError_t hcMalloc(void **devPtr, size_t size) {
    if (!devPtr)
        return hcrt_ret(hcErrorInvalidValue);
    hcrt_device *d;
    hcError_t e = hcrt_current_ready(&d);
    if (e != hcSuccess)
        return hcrt_ret(e);
    *devPtr = NULL;
    if (size == 0) /* CUDA: success and a null pointer */
        return hcSuccess;
    uint64_t p;
    hg_status st = hg_malloc(d->ctx, size, &p);
    if (st != HG_OK)
        return hcrt_ret(hcrt_from_hg(d, st));
    *devPtr = (void *)(uintptr_t)p;
    return hcSuccess;
}

/* The device that owns device pointer p, ready; hcErrorInvalidValue if p
 * is not device memory. */
static hcError_t owner(const void *p, hcrt_device **d) {
    hcError_t e = hcrt_addr_device(p, d);
    if (e == hcSuccess && !*d)
        e = hcErrorInvalidValue;
    return e == hcSuccess ? hcrt_dev_ready(*d) : e;
}

hcError_t hcFree(void *devPtr) {
    if (!devPtr)
        return hcSuccess;
    hcrt_device *d;
    hcError_t e = owner(devPtr, &d);
    if (e == hcSuccess)
        e = hcrt_from_hg(d, hg_free(d->ctx, (uint64_t)(uintptr_t)devPtr));
    return hcrt_ret(e);
}

hcError_t hcMemGetInfo(size_t *free_bytes, size_t *total_bytes) {
    hcrt_device *d;
    hcError_t e = hcrt_current_ready(&d);
    if (e != hcSuccess)
        return hcrt_ret(e);
    uint64_t f, t;
    hg_devmem_info(hg_ctx_devmem(d->ctx), &f, &t);
    if (free_bytes)
        *free_bytes = f;
    if (total_bytes)
        *total_bytes = t;
    return hcSuccess;
}

typedef struct memset_op {
    uint8_t *dst;
    uint8_t value;
    size_t n;
} memset_op;

static void run_memset(void *arg) {
    memset_op *op = arg;
    memset(op->dst, op->value, op->n);
}

static hcError_t do_memset(void *devPtr, int value, size_t n, hcStream_t stream, int async) {
    hcrt_device *d, *sd = NULL;
    hg_stream *hs = NULL;
    hcError_t e = owner(devPtr, &d);
    if (e == hcSuccess && async)
        e = hcrt_stream_resolve(stream, &sd, &hs);
    if (e != hcSuccess || n == 0)
        return e;
    uint64_t p = (uint64_t)(uintptr_t)devPtr;
    if (!async)
        return hcrt_from_hg(d, hg_memset(d->ctx, p, (uint8_t)value, n));
    if (sd == d)
        return hcrt_from_hg(d, hg_memset_async(d->ctx, p, (uint8_t)value, n, hs));
    /* a stream of another device: its host thread writes the memory */
    memset_op *op = malloc(sizeof *op);
    if (!op)
        return hcErrorMemoryAllocation;
    *op = (memset_op){hg_host_ptr(d->ctx, p, n), (uint8_t)value, n};
    hg_status st = op->dst ? hg_host_func(sd->ctx, hs, run_memset, op) : HG_ERR_INVALID_VALUE;
    if (st != HG_OK) {
        free(op);
        return hcrt_from_hg(sd, st);
    }
    hcrt_defer_free(sd, hs, op);
    return hcSuccess;
}

hcError_t hcMemset(void *devPtr, int value, size_t count) {
    return hcrt_ret(do_memset(devPtr, value, count, NULL, 0));
}

hcError_t hcMemsetAsync(void *devPtr, int value, size_t count, hcStream_t stream) {
    return hcrt_ret(do_memset(devPtr, value, count, stream, 1));
}

hcError_t hcPointerGetAttributes(hcPointerAttributes *attr, const void *ptr) {
    if (!attr)
        return hcrt_ret(hcErrorInvalidValue);
    hcrt_device *d;
    hcError_t e = hcrt_addr_device(ptr, &d);
    if (e != hcSuccess)
        return hcrt_ret(e);
    *attr = (hcPointerAttributes){hcMemoryTypeUnregistered, -2, NULL, NULL};
    if (d) {
        uint64_t base, size, a = (uint64_t)(uintptr_t)ptr;
        if (hg_devmem_find(hg_node_devmem(hcrt_rt_peek()->node, d->gpu), a - d->va_base, 1, &base,
                           &size) != HG_OK)
            return hcrt_ret(hcErrorInvalidValue); /* device address space, but not allocated */
        attr->type = hcMemoryTypeDevice;
        attr->device = d->ordinal;
        attr->devicePointer = (void *)ptr;
    } else if (ptr && hcrt_host_pinned(ptr, 1)) {
        int cur = 0;
        hcGetDevice(&cur);
        attr->type = hcMemoryTypeHost;
        attr->device = cur;
        attr->hostPointer = (void *)ptr;
    }
    return hcSuccess;
}
