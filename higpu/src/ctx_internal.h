/* ctx_internal.h -- the context structure shared by the files of libhigpu. */
#ifndef HIGPU_CTX_INTERNAL_H
#define HIGPU_CTX_INTERNAL_H

#include <pthread.h>

#include "engine.h"
#include "module.h"
#include "pool.h"
#include "trace.h"

struct hg_ctx {
    hg_node *node;
    int gpu;
    hg_config cfg;
    hg_devmem *devmem;
    uint8_t *mem;          /* host mapping of device memory */
    uint64_t va_base;      /* device address of byte 0 */
    hg_pool *pool;
    int nthreads;
    uint64_t watchdog_ms, watchdog_insts;
    hg_trace *trace;
    char *trace_kernel;
    pthread_mutex_t lock;  /* allocations, modules, sticky state */
    uint64_t *allocs;      /* device offsets this context allocated */
    size_t nallocs, cap;
    hg_module *modules;
    hg_status sticky;
    uint32_t peer_mask;    /* node GPUs whose memory kernels may access (atomic) */
    hg_fault fault;
    hg_engines eng;        /* the work queue and engine threads (engine.c) */
    struct hg_tm_writer *tm; /* publishes this context's work (telemetry.c); may be NULL */
};

/* Sets the sticky error and the fault record (first one wins). */
void hg_ctx_poison(hg_ctx *ctx, hg_status st, const hg_fault *f);

#endif
