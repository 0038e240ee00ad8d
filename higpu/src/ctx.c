/* ctx.c -- contexts and device memory allocation. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ctx_internal.h"
#include "telemetry_internal.h"

static uint64_t env_u64(const char *name, uint64_t dflt) {
    const char *v = getenv(name);
    if (!v || !*v)
        return dflt;
    char *end;
    unsigned long long x = strtoull(v, &end, 10);
    return *end ? dflt : (uint64_t)x;
}

hg_status hg_ctx_create(hg_node *node, int gpu, const hg_ctx_options *opts, hg_ctx **out) {
    hg_ctx_options o = {0};
    if (opts)
        o = *opts;
    if (gpu < 0 || gpu >= hg_node_gpu_count(node))
        return HG_ERR_NO_DEVICE;
    hg_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return HG_ERR_OUT_OF_MEMORY;
    ctx->node = node;
    ctx->gpu = gpu;
    ctx->cfg = *hg_node_gpu_config(node, gpu);
    ctx->devmem = hg_node_devmem(node, gpu);
    ctx->mem = hg_devmem_base(ctx->devmem);
    ctx->va_base = HG_GLOBAL_BASE + (uint64_t)gpu * HG_GLOBAL_STRIDE;
    ctx->nthreads = o.host_threads > 0 ? o.host_threads
                                       : (int)env_u64("HI_HOST_THREADS", (uint64_t)sysconf(_SC_NPROCESSORS_ONLN));
    if (ctx->nthreads < 1)
        ctx->nthreads = 1;
    ctx->watchdog_ms = o.watchdog_ms ? o.watchdog_ms : env_u64("HI_WATCHDOG_MS", 60000);
    ctx->watchdog_insts = o.watchdog_insts;
    pthread_mutex_init(&ctx->lock, NULL);
    ctx->tm = hg_tm_attach(ctx->devmem); /* before the engines: they publish */
    hg_status st = hg_engines_start(ctx);
    const char *tp = o.trace_path ? o.trace_path : getenv("HI_TRACE");
    const char *tk = o.trace_kernel ? o.trace_kernel : getenv("HI_TRACE_KERNEL");
    if (st == HG_OK && tp && *tp) {
        ctx->trace = hg_trace_open(tp);
        st = ctx->trace ? HG_OK : HG_ERR_IO;
        ctx->trace_kernel = tk && *tk ? strdup(tk) : NULL;
    }
    if (st == HG_OK && !(ctx->pool = hg_pool_create(ctx->nthreads)))
        st = HG_ERR_OUT_OF_MEMORY;
    if (st != HG_OK) {
        hg_ctx_destroy(ctx);
        return st;
    }
    *out = ctx;
    return HG_OK;
}

void hg_ctx_destroy(hg_ctx *ctx) {
    if (!ctx)
        return;
    hg_drain(ctx); /* queued work may use the modules and buffers */
    while (ctx->modules)
        hg_module_unload(ctx->modules);
    for (size_t i = 0; i < ctx->nallocs; i++)
        hg_devmem_free(ctx->devmem, ctx->allocs[i]);
    free(ctx->allocs);
    hg_engines_stop(ctx);
    hg_tm_detach(ctx->tm);
    hg_pool_destroy(ctx->pool);
    hg_trace_close(ctx->trace);
    free(ctx->trace_kernel);
    pthread_mutex_destroy(&ctx->lock);
    free(ctx);
}

const hg_config *hg_ctx_config(const hg_ctx *ctx) { return &ctx->cfg; }
int hg_ctx_gpu_index(const hg_ctx *ctx) { return ctx->gpu; }
int hg_ctx_host_threads(const hg_ctx *ctx) { return ctx->nthreads; }
hg_devmem *hg_ctx_devmem(hg_ctx *ctx) { return ctx->devmem; }

hg_status hg_ctx_sticky(const hg_ctx *ctx) { return ctx->sticky; }

hg_status hg_ctx_set_peer_access(hg_ctx *ctx, int peer_gpu, int enable) {
    if (peer_gpu < 0 || peer_gpu >= hg_node_gpu_count(ctx->node) || peer_gpu == ctx->gpu)
        return HG_ERR_INVALID_VALUE;
    uint32_t bit = 1u << peer_gpu;
    if (enable)
        __atomic_fetch_or(&ctx->peer_mask, bit, __ATOMIC_RELAXED);
    else
        __atomic_fetch_and(&ctx->peer_mask, ~bit, __ATOMIC_RELAXED);
    return HG_OK;
}

void hg_ctx_fault(const hg_ctx *ctx, hg_fault *out) { *out = ctx->fault; }

void hg_ctx_poison(hg_ctx *ctx, hg_status st, const hg_fault *f) {
    pthread_mutex_lock(&ctx->lock);
    int first = ctx->sticky == HG_OK;
    if (first) {
        ctx->sticky = st;
        if (f)
            ctx->fault = *f;
    }
    pthread_mutex_unlock(&ctx->lock);
    if (first && ctx->tm) { /* the GPU's fault state, for hi-smi */
        char text[HG_TM_TEXT];
        if (f)
            hg_fault_format(f, text, sizeof text);
        else
            snprintf(text, sizeof text, "%s", hg_status_string(st));
        hg_tm_fault(ctx->tm, st, text);
    }
}

/* ---- memory ------------------------------------------------------------------------ */

hg_status hg_malloc(hg_ctx *ctx, uint64_t size, uint64_t *dptr) {
    if (size == 0)
        size = 1;
    uint64_t off;
    hg_status st = hg_devmem_alloc(ctx->devmem, size, 256, &off);
    if (st != HG_OK)
        return st;
    pthread_mutex_lock(&ctx->lock);
    if (ctx->nallocs == ctx->cap) {
        size_t cap = ctx->cap ? ctx->cap * 2 : 64;
        uint64_t *a = realloc(ctx->allocs, cap * sizeof *a);
        if (!a) {
            pthread_mutex_unlock(&ctx->lock);
            hg_devmem_free(ctx->devmem, off);
            return HG_ERR_OUT_OF_MEMORY;
        }
        ctx->allocs = a;
        ctx->cap = cap;
    }
    ctx->allocs[ctx->nallocs++] = off;
    pthread_mutex_unlock(&ctx->lock);
    *dptr = ctx->va_base + off;
    return HG_OK;
}

hg_status hg_free(hg_ctx *ctx, uint64_t dptr) {
    if (dptr < ctx->va_base)
        return HG_ERR_INVALID_VALUE;
    uint64_t off = dptr - ctx->va_base;
    hg_drain(ctx); /* as cudaFree: queued work may still use the buffer */
    pthread_mutex_lock(&ctx->lock);
    size_t i = 0;
    while (i < ctx->nallocs && ctx->allocs[i] != off)
        i++;
    if (i == ctx->nallocs) {
        pthread_mutex_unlock(&ctx->lock);
        return HG_ERR_INVALID_VALUE;
    }
    ctx->allocs[i] = ctx->allocs[--ctx->nallocs];
    pthread_mutex_unlock(&ctx->lock);
    return hg_devmem_free(ctx->devmem, off);
}

void *hg_host_ptr(hg_ctx *ctx, uint64_t dptr, uint64_t len) {
    uint64_t base, size;
    if (dptr < ctx->va_base || dptr - ctx->va_base >= hg_devmem_size(ctx->devmem))
        return NULL;
    if (hg_devmem_find(ctx->devmem, dptr - ctx->va_base, len ? len : 1, &base, &size) != HG_OK)
        return NULL;
    return ctx->mem + (dptr - ctx->va_base);
}
