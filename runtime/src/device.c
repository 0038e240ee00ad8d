/* device.c -- the runtime's devices: opening the node at first use,
 * HI_VISIBLE_DEVICES, the current device, contexts made on demand, sticky
 * errors, hcDeviceReset, and what happens at exit and after fork(). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static hcrt_runtime *g_rt;
static hcError_t g_init_error; /* remembered: initialisation is tried once */
static uint64_t g_serial;      /* last context serial handed out */
static __thread int cur_dev;

/* A forked child cannot use its parent's contexts (their engine threads
 * were not copied), so it drops the parent's runtime and opens its own on
 * first use.  The old state stays allocated (and reachable) because other
 * threads' structures in it cannot be freed safely. */
static hcrt_runtime *g_discarded[8];
static int g_ndiscarded;

/* ---- HI_VISIBLE_DEVICES ----------------------------------------------------------
 * Like CUDA_VISIBLE_DEVICES: a comma-separated list of node GPU indices;
 * the first listed becomes device 0.  The list ends at the first entry that
 * is not a GPU of the node (or repeats one), so "1,0" swaps two GPUs, "1"
 * hides GPU 0, and "" or "-1" hides everything. */
static int parse_visible(const char *v, int ngpus, int *gpu_of) {
    if (!v) {
        for (int i = 0; i < ngpus; i++)
            gpu_of[i] = i;
        return ngpus;
    }
    int n = 0, seen[HCRT_MAX_DEVICES] = {0};
    const char *p = v;
    while (n < ngpus) {
        while (isspace((unsigned char)*p))
            p++;
        if (!isdigit((unsigned char)*p))
            break;
        char *end;
        long g = strtol(p, &end, 10);
        if (g >= ngpus || seen[g])
            break;
        seen[g] = 1;
        gpu_of[n++] = (int)g;
        p = end;
        while (isspace((unsigned char)*p))
            p++;
        if (*p != ',')
            break;
        p++;
    }
    return n;
}

/* ---- exit and fork ------------------------------------------------------------------ */

static void teardown(hcrt_device *d);

/* At exit: let queued work finish (its printf output appears), report
 * faults nobody asked about, and give the device memory back now rather
 * than when the node next reaps dead processes.  Later calls (C++ static
 * destructors) get hcErrorRuntimeUnloading, as with CUDA. */
static void at_exit(void) {
    pthread_mutex_lock(&init_lock);
    hcrt_runtime *rt = g_rt;
    if (rt && rt->pid == getpid() && !rt->shutdown) {
        for (int i = 0; i < rt->ndev; i++)
            teardown(&rt->dev[i]);
        rt->shutdown = 1;
        fflush(stdout);
    }
    pthread_mutex_unlock(&init_lock);
}

static void fork_prepare(void) {
    pthread_mutex_lock(&init_lock);
    hcrt_registry_atfork(0);
    pthread_mutex_lock(&hcrt_handles_lock);
    pthread_mutex_lock(&hcrt_ipc_lock);
    pthread_mutex_lock(&hcrt_pinned_lock);
    pthread_mutex_lock(&hcrt_output_mutex);
}

/* phase: 1 in the parent, 2 in the child (hcrt_registry_atfork) */
static void fork_unlock(int phase) {
    pthread_mutex_unlock(&hcrt_output_mutex);
    pthread_mutex_unlock(&hcrt_pinned_lock);
    pthread_mutex_unlock(&hcrt_ipc_lock);
    pthread_mutex_unlock(&hcrt_handles_lock);
    hcrt_registry_atfork(phase);
    pthread_mutex_unlock(&init_lock);
}

static void fork_parent(void) {
    fork_unlock(1);
}

static void fork_child(void) {
    if (g_rt && g_ndiscarded < (int)(sizeof g_discarded / sizeof *g_discarded))
        g_discarded[g_ndiscarded++] = g_rt;
    g_rt = NULL;
    g_init_error = hcSuccess;
    fork_unlock(2);
}

static void install_handlers(void) {
    atexit(at_exit);
    pthread_atfork(fork_prepare, fork_parent, fork_child);
}

/* ---- opening -------------------------------------------------------------------------- */

static hcrt_runtime *open_runtime(hcError_t *err) {
    char why[512] = "";
    hg_node *node;
    if (hg_node_open(NULL, &node, why, sizeof why) != HG_OK) {
        if (!hcrt_quiet())
            fprintf(stderr, "hcrt: cannot open the HiGPU node: %s\n", why);
        *err = hcErrorInitializationError;
        return NULL;
    }
    hcrt_runtime *rt = calloc(1, sizeof *rt);
    if (!rt) {
        hg_node_close(node);
        *err = hcErrorMemoryAllocation;
        return NULL;
    }
    rt->pid = getpid();
    rt->node = node;
    rt->ngpus = hg_node_gpu_count(node);
    for (int g = 0; g < rt->ngpus; g++) {
        hg_devmem *m = hg_node_devmem(node, g);
        rt->gpu_mem[g] = hg_devmem_base(m);
        rt->gpu_mem_size[g] = hg_devmem_size(m);
        rt->gpu_dev[g] = -1;
    }
    int gpu_of[HCRT_MAX_DEVICES];
    rt->ndev = parse_visible(getenv("HI_VISIBLE_DEVICES"), rt->ngpus, gpu_of);
    for (int i = 0; i < rt->ndev; i++) {
        hcrt_device *d = &rt->dev[i];
        d->ordinal = i;
        d->gpu = gpu_of[i];
        d->cfg = hg_node_gpu_config(node, d->gpu);
        d->va_base = HG_GLOBAL_BASE + (uint64_t)d->gpu * HG_GLOBAL_STRIDE;
        d->mem_size = rt->gpu_mem_size[d->gpu];
        pthread_mutex_init(&d->lock, NULL);
        pthread_mutex_init(&d->defer_lock, NULL);
        rt->gpu_dev[d->gpu] = i;
    }
    return rt;
}

hcrt_runtime *hcrt_rt(hcError_t *err) {
    hcrt_runtime *rt = __atomic_load_n(&g_rt, __ATOMIC_ACQUIRE);
    if (rt && !rt->shutdown)
        return rt;
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, install_handlers);
    pthread_mutex_lock(&init_lock);
    hcError_t e = g_init_error;
    if (!g_rt && e == hcSuccess) {
        hcrt_runtime *fresh = open_runtime(&e);
        g_init_error = e;
        __atomic_store_n(&g_rt, fresh, __ATOMIC_RELEASE);
    }
    rt = g_rt;
    if (rt && rt->shutdown) {
        rt = NULL;
        e = hcErrorRuntimeUnloading;
    }
    pthread_mutex_unlock(&init_lock);
    if (!rt && err)
        *err = e;
    return rt;
}

hcrt_runtime *hcrt_rt_peek(void) {
    hcrt_runtime *rt = __atomic_load_n(&g_rt, __ATOMIC_ACQUIRE);
    return rt && !rt->shutdown ? rt : NULL;
}

hcError_t hcrt_device_at(int ordinal, hcrt_device **out) {
    hcError_t e = hcSuccess;
    hcrt_runtime *rt = hcrt_rt(&e);
    if (!rt)
        return e;
    if (rt->ndev == 0)
        return hcErrorNoDevice;
    if (ordinal < 0 || ordinal >= rt->ndev)
        return hcErrorInvalidDevice;
    *out = &rt->dev[ordinal];
    return hcSuccess;
}

hcError_t hcrt_current(hcrt_device **out) {
    return hcrt_device_at(cur_dev, out);
}

hcError_t hcrt_current_ready(hcrt_device **out) {
    hcError_t e = hcrt_current(out);
    return e == hcSuccess ? hcrt_dev_ready(*out) : e;
}

int hcrt_dev_live(const hcrt_device *d, uint64_t serial) {
    hcrt_runtime *rt = hcrt_rt_peek();
    return rt && d >= rt->dev && d < rt->dev + rt->ndev && d->ctx && d->serial == serial;
}

/* ---- contexts and sticky errors ------------------------------------------------------------ */

hcError_t hcrt_dev_ready(hcrt_device *d) {
    if (!__atomic_load_n(&d->ctx, __ATOMIC_ACQUIRE)) {
        pthread_mutex_lock(&d->lock);
        hg_status st = HG_OK;
        if (!d->ctx) {
            hg_ctx *ctx;
            hcrt_runtime *rt = hcrt_rt_peek();
            hg_ctx_options o = {0};
            char trace_kernel[512];
            hcrt_prof_ctx_options(&o, trace_kernel, sizeof trace_kernel);
            st = rt ? hg_ctx_create(rt->node, d->gpu, &o, &ctx) : HG_ERR_NO_DEVICE;
            if (st == HG_OK) {
                d->serial = __atomic_add_fetch(&g_serial, 1, __ATOMIC_RELAXED);
                d->sticky = hcSuccess;
                hcrt_prof_attach(d, ctx); /* before anyone can submit work */
                __atomic_store_n(&d->ctx, ctx, __ATOMIC_RELEASE);
            }
        }
        pthread_mutex_unlock(&d->lock);
        if (st != HG_OK)
            return st == HG_ERR_OUT_OF_MEMORY ? hcErrorMemoryAllocation
                                              : hcErrorInitializationError;
    }
    return hcrt_dev_sticky(d);
}

/* Reports the fault that made d's context sticky, once: first the kernel's
 * printf output (CUDA prints it too, and an assert's message is there),
 * then one line naming the kernel, the fault and its source line. */
static void report_locked(hcrt_device *d, hg_status st) {
    hg_ctx_synchronize(d->ctx); /* later work is skipped; let it drain */
    hg_fault f;
    hg_ctx_fault(d->ctx, &f);
    hcrt_printf_flush_device(d);
    hcrt_fault_print(d, &f);
    __atomic_store_n(&d->sticky, hcrt_fault_error(st, &f), __ATOMIC_RELEASE);
}

hcError_t hcrt_dev_sticky(hcrt_device *d) {
    hcError_t e = __atomic_load_n(&d->sticky, __ATOMIC_ACQUIRE);
    hg_ctx *ctx = __atomic_load_n(&d->ctx, __ATOMIC_ACQUIRE);
    if (e != hcSuccess || !ctx)
        return e;
    hg_status st = hg_ctx_sticky(ctx);
    if (st == HG_OK)
        return hcSuccess;
    pthread_mutex_lock(&d->lock);
    if (d->sticky == hcSuccess && d->ctx)
        report_locked(d, st);
    e = d->sticky;
    pthread_mutex_unlock(&d->lock);
    return e;
}

hcError_t hcrt_from_hg(hcrt_device *d, hg_status st) {
    if (st == HG_ERR_STICKY || st == HG_ERR_KERNEL_FAULT || st == HG_ERR_TIMEOUT) {
        hcError_t e = hcrt_dev_sticky(d);
        return e != hcSuccess ? e : hcErrorLaunchFailure;
    }
    return hcrt_map_status(st);
}

/* Destroys d's context after letting its work finish (and reporting a
 * fault); handles of its streams and events become invalid. */
static void teardown(hcrt_device *d) {
    if (!d->ctx)
        return;
    hcrt_dev_sticky(d);
    pthread_mutex_lock(&d->lock);
    hg_ctx_synchronize(d->ctx);
    hcrt_defer_sweep(d, 1);
    hcrt_handles_drop_device(d);
    hcrt_ipc_drop_device(d);
    hg_ctx_destroy(d->ctx);
    d->ctx = NULL;
    d->sticky = hcSuccess;
    /* peer access to and from d ends with its context, as in CUDA */
    memset(d->peer, 0, sizeof d->peer);
    hcrt_runtime *rt = hcrt_rt_peek();
    for (int i = 0; rt && i < rt->ndev; i++) {
        hcrt_device *o = &rt->dev[i];
        if (o != d && __atomic_exchange_n(&o->peer[d->ordinal], 0, __ATOMIC_ACQ_REL) && o->ctx)
            hg_ctx_set_peer_access(o->ctx, d->gpu, 0);
    }
    pthread_mutex_unlock(&d->lock);
}

/* ---- the unified address space ------------------------------------------------------------ */

static int gpu_of_addr(uint64_t a) {
    if (a < HG_GLOBAL_BASE)
        return -1;
    uint64_t g = (a - HG_GLOBAL_BASE) / HG_GLOBAL_STRIDE;
    return g < HCRT_MAX_DEVICES ? (int)g : -1;
}

hcError_t hcrt_addr_device(const void *p, hcrt_device **out) {
    hcError_t e = hcSuccess;
    hcrt_runtime *rt = hcrt_rt(&e);
    if (!rt)
        return e;
    int g = gpu_of_addr((uint64_t)(uintptr_t)p);
    *out = NULL;
    if (g < 0 || g >= rt->ngpus)
        return hcSuccess; /* host memory */
    if (rt->gpu_dev[g] < 0)
        return hcErrorInvalidValue; /* memory of a GPU this process does not see */
    *out = &rt->dev[rt->gpu_dev[g]];
    return hcSuccess;
}

const uint8_t *hcrt_devmem_view(uint64_t addr, uint64_t *avail) {
    hcrt_runtime *rt = hcrt_rt_peek();
    int g = gpu_of_addr(addr);
    if (!rt || g < 0 || g >= rt->ngpus)
        return NULL;
    uint64_t off = addr - HG_GLOBAL_BASE - (uint64_t)g * HG_GLOBAL_STRIDE;
    if (off >= rt->gpu_mem_size[g])
        return NULL;
    *avail = rt->gpu_mem_size[g] - off;
    return rt->gpu_mem[g] + off;
}

/* ---- the API ----------------------------------------------------------------------------------
 */

hcError_t hcGetDeviceCount(int *count) {
    if (!count)
        return hcrt_ret(hcErrorInvalidValue);
    *count = 0;
    hcError_t e = hcSuccess;
    hcrt_runtime *rt = hcrt_rt(&e);
    if (!rt)
        return hcrt_ret(e);
    *count = rt->ndev;
    return hcrt_ret(rt->ndev ? hcSuccess : hcErrorNoDevice);
}

hcError_t hcSetDevice(int device) {
    hcrt_device *d;
    hcError_t e = hcrt_device_at(device, &d);
    if (e == hcSuccess)
        cur_dev = device;
    return hcrt_ret(e);
}

hcError_t hcGetDevice(int *device) {
    if (!device)
        return hcrt_ret(hcErrorInvalidValue);
    hcrt_device *d;
    hcError_t e = hcrt_current(&d);
    if (e == hcSuccess)
        *device = cur_dev;
    return hcrt_ret(e);
}

hcError_t hcDeviceSynchronize(void) {
    hcrt_device *d;
    hcError_t e = hcrt_current_ready(&d);
    if (e == hcSuccess) {
        e = hcrt_from_hg(d, hg_ctx_synchronize(d->ctx));
        hcrt_defer_sweep(d, 0);
    }
    return hcrt_ret(e);
}

hcError_t hcDeviceReset(void) {
    hcrt_device *d;
    hcError_t e = hcrt_current(&d);
    if (e != hcSuccess)
        return hcrt_ret(e);
    teardown(d);
    hcrt_clear_last_error();
    return hcSuccess;
}

hcError_t hcDeviceGetStreamPriorityRange(int *least, int *greatest) {
    if (least)
        *least = 0;
    if (greatest)
        *greatest = 0;
    return hcSuccess;
}

hcError_t hcDriverGetVersion(int *version) {
    if (!version)
        return hcrt_ret(hcErrorInvalidValue);
    *version = HCRT_VERSION;
    return hcSuccess;
}

hcError_t hcRuntimeGetVersion(int *version) {
    return hcDriverGetVersion(version);
}
