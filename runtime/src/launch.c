/* launch.c -- kernel launches: the call configuration that `<<<...>>>`
 * pushes and the kernel's stub pops, cudaLaunchKernel / hcLaunchKernel,
 * and packing the arguments into the kernel's parameter buffer. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The configurations pushed and not yet popped by this thread.  Pushes
 * nest when a launch's arguments themselves launch kernels. */
enum { MAX_PUSHED = 16 };
typedef struct call_config {
    dim3 grid, block;
    size_t shmem;
    void *stream;
} call_config;
static __thread call_config pushed[MAX_PUSHED];
static __thread int npushed;

unsigned __cudaPushCallConfiguration(dim3 gridDim, dim3 blockDim, size_t sharedMem, void *stream) {
    if (npushed == MAX_PUSHED)
        return 1; /* non-zero: the launch expression skips the stub */
    pushed[npushed++] = (call_config){gridDim, blockDim, sharedMem, stream};
    return 0;
}

int __cudaPopCallConfiguration(dim3 *gridDim, dim3 *blockDim, size_t *sharedMem, void *stream) {
    if (npushed == 0)
        return 1;
    call_config c = pushed[--npushed];
    *gridDim = c.grid;
    *blockDim = c.block;
    *sharedMem = c.shmem;
    *(void **)stream = c.stream;
    return 0;
}

hcError_t cudaLaunchKernel(const void *func, dim3 gridDim, dim3 blockDim, void **args,
                           size_t sharedMem, hcStream_t stream) {
    return hcLaunchKernel(func, gridDim, blockDim, args, sharedMem, stream);
}

/* Lays the arguments out as the kernel's metadata says: parameter i of
 * params[i].size bytes at params[i].offset. */
static hcError_t pack(const hcbin_kernel *info, void **args, uint8_t *buf) {
    memset(buf, 0, info->param_bytes);
    if (info->nparams && !args)
        return hcErrorInvalidValue;
    for (uint32_t i = 0; i < info->nparams; i++) {
        const hcbin_param *p = &info->params[i];
        if (p->offset > info->param_bytes || p->size > info->param_bytes - p->offset)
            return hcErrorInvalidKernelImage;
        if (!args[i])
            return hcErrorInvalidValue;
        memcpy(buf + p->offset, args[i], p->size);
    }
    return hcSuccess;
}

static hcError_t launch(const void *func, dim3 grid, dim3 block, void **args, size_t shmem,
                        hcStream_t stream) {
    hcrt_device *d, *cur;
    hg_stream *hs;
    hcrt_kernel k;
    hcError_t e = hcrt_stream_resolve(stream, &d, &hs);
    if (e == hcSuccess && (e = hcrt_current(&cur)) == hcSuccess && cur != d)
        e = hcErrorInvalidResourceHandle; /* a stream of another device, as CUDA */
    if (e == hcSuccess)
        e = hcrt_kernel_get(func, d, &k);
    if (e != hcSuccess)
        return e;
    if (shmem > UINT32_MAX || (k.fn->max_dyn_shared >= 0 && shmem > (size_t)k.fn->max_dyn_shared))
        return hcErrorInvalidValue;
    uint8_t small[4096], *params = small;
    if (k.info->param_bytes > sizeof small && !(params = malloc(k.info->param_bytes)))
        return hcErrorMemoryAllocation;
    e = pack(k.info, args, params);
    hg_launch_params p = {
        .grid = {grid.x, grid.y, grid.z},
        .block = {block.x, block.y, block.z},
        .dyn_shared = (uint32_t)shmem,
        .params = params,
        .params_size = k.info->param_bytes,
    };
    hg_status st = HG_OK;
    if (e == hcSuccess) {
        hcrt_printf *pf = &k.m->pf;
        pthread_mutex_lock(&pf->lock);
        st = hcrt_printf_before(pf, d, hs);
        if (st == HG_OK && (st = hg_launch_async(d->ctx, k.k, &p, hs, NULL)) == HG_OK)
            hcrt_printf_after(pf, d, hs);
        pthread_mutex_unlock(&pf->lock);
    }
    if (params != small)
        free(params);
    /* mapped after the printf lock is released: a fault report takes it */
    return e != hcSuccess ? e : hcrt_from_hg(d, st);
}

hcError_t hcLaunchKernel(const void *func, dim3 gridDim, dim3 blockDim, void **args,
                         size_t sharedMem, hcStream_t stream) {
    return hcrt_ret(launch(func, gridDim, blockDim, args, sharedMem, stream));
}
