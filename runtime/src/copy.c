/* copy.c -- every memcpy of the API.
 *
 * A copy is routed by its pointers (unified addressing; the kind must agree
 * with them or be hcMemcpyDefault):
 *   - within one device, on that device's engines (copy engine 0 for
 *     host-to-device and device-to-device, copy engine 1 for device-to-host);
 *   - asynchronous copies whose host side is pageable memory behave as in
 *     CUDA: the source of an upload is staged in a runtime buffer first (the
 *     call returns once the caller's buffer may be reused), and a download
 *     into pageable memory returns only when it has landed;
 *   - between two devices (peer copies), or in a stream of a device that
 *     does not own the memory, the stream's host-function thread moves the
 *     bytes between the host views of the devices' memory (every GPU's
 *     memory is mapped in the process).  The asynchronous form is ordered in
 *     its stream only, as cudaMemcpyPeerAsync; the synchronous form first
 *     waits for all work of both devices (as cudaMemcpyPeer).
 */
#include <stdlib.h>
#include <string.h>

#include "higpu/telemetry.h"
#include "internal.h"

typedef struct host_copy {
    void *dst;
    const void *src;
    size_t n;
    /* for the profiler (prof.c), which does not see inside host functions */
    const char *prof_kind; /* NULL: not profiling */
    const hcrt_device *qd;
    uint64_t stream;
    int src_gpu, dst_gpu;
    unsigned char staged[]; /* a private copy of a pageable source */
} host_copy;

/* A copy between two GPUs of the node counts on their link in the
 * telemetry (hi-smi -q -d LINKS, docs/telemetry.md). */
static void count_peer(int src_gpu, int dst_gpu, size_t n) {
    hcrt_runtime *rt = hcrt_rt_peek();
    if (rt && src_gpu >= 0 && dst_gpu >= 0 && src_gpu != dst_gpu)
        hg_tm_count_peer_copy(rt->node, src_gpu, dst_gpu, n);
}

static void run_host_copy(void *arg) {
    host_copy *c = arg;
    uint64_t t0 = c->prof_kind ? hcrt_prof_now() : 0;
    memmove(c->dst, c->src, c->n);
    count_peer(c->src_gpu, c->dst_gpu, c->n);
    if (c->prof_kind)
        hcrt_prof_copy(c->qd, c->stream, c->prof_kind, c->src_gpu, c->dst_gpu, c->n, t0,
                       hcrt_prof_now());
}

static int gpu_of(const hcrt_device *d) { return d ? d->gpu : -1; }

static const char *kind_name(hcMemcpyKind k) {
    static const char *const names[] = {"HtoH", "HtoD", "DtoH", "DtoD"};
    return (unsigned)k < 4 ? names[k] : "?";
}

/* The host view of [p, p+n) on device d (which must own it), or NULL. */
static void *view(hcrt_device *d, const void *p, size_t n) {
    return d ? hg_host_ptr(d->ctx, (uint64_t)(uintptr_t)p, n) : (void *)p;
}

/* Queues dst <- src (host views) on the host-function thread of stream hs
 * of device sd.  stage: copy the source now (pageable memory).  kind and
 * the GPUs (-1: host memory) describe the copy to the profiler. */
static hcError_t queue_host_copy(hcrt_device *sd, hg_stream *hs, void *dst, const void *src,
                                 size_t n, int stage, const char *kind, int src_gpu,
                                 int dst_gpu) {
    host_copy *c = malloc(sizeof *c + (stage ? n : 0));
    if (!c)
        return hcErrorMemoryAllocation;
    if (stage) {
        memcpy(c->staged, src, n);
        src = c->staged;
    }
    c->dst = dst;
    c->src = src;
    c->n = n;
    c->prof_kind = hcrt_prof_on() ? kind : NULL;
    c->qd = sd;
    c->stream = hg_stream_id(hs);
    c->src_gpu = src_gpu;
    c->dst_gpu = dst_gpu;
    hg_status st = hg_host_func(sd->ctx, hs, run_host_copy, c);
    if (st != HG_OK) {
        free(c);
        return hcrt_from_hg(sd, st);
    }
    hcrt_defer_free(sd, hs, c);
    return hcSuccess;
}

/* Waits until every earlier operation of d, in every stream, is done. */
static hcError_t drain(hcrt_device *d) {
    return hcrt_from_hg(d, hg_ctx_synchronize(d->ctx));
}

hcError_t hcrt_copy_peer(hcrt_device *dd, void *dst, hcrt_device *sd, const void *src, size_t n,
                         hcStream_t stream, int async) {
    hcrt_device *qd = NULL;
    hg_stream *hs = NULL;
    hcError_t e = hcrt_dev_ready(dd);
    if (e == hcSuccess)
        e = hcrt_dev_ready(sd);
    if (e == hcSuccess && async)
        e = hcrt_stream_resolve(stream, &qd, &hs);
    if (e != hcSuccess || n == 0)
        return e;
    void *hdst = view(dd, dst, n);
    const void *hsrc = view(sd, src, n);
    if (!hdst || !hsrc)
        return hcErrorInvalidValue;
    if (async)
        return queue_host_copy(qd, hs, hdst, hsrc, n, 0, "PtoP", sd->gpu, dd->gpu);
    if ((e = drain(dd)) == hcSuccess && (e = drain(sd)) == hcSuccess) {
        uint64_t t0 = hcrt_prof_on() ? hcrt_prof_now() : 0;
        memmove(hdst, hsrc, n);
        count_peer(sd->gpu, dd->gpu, n);
        if (t0)
            hcrt_prof_copy(sd, 0, "PtoP", sd->gpu, dd->gpu, n, t0, hcrt_prof_now());
    }
    return e;
}

/* The kind the pointers imply. */
static hcMemcpyKind implied(const hcrt_device *dd, const hcrt_device *sd) {
    if (dd)
        return sd ? hcMemcpyDeviceToDevice : hcMemcpyHostToDevice;
    return sd ? hcMemcpyDeviceToHost : hcMemcpyHostToHost;
}

/* A copy whose device memory all belongs to device d, in stream hs of d
 * (async) or on d's default stream (waited for). */
static hcError_t copy_on_device(hcrt_device *d, hcMemcpyKind kind, void *dst, const void *src,
                                size_t n, hg_stream *hs, int async) {
    hg_ctx *ctx = d->ctx;
    uint64_t ddst = (uint64_t)(uintptr_t)dst, dsrc = (uint64_t)(uintptr_t)src;
    hg_status st;
    switch (kind) {
    case hcMemcpyHostToDevice:
        if (!async)
            return hcrt_from_hg(d, hg_memcpy_htod(ctx, ddst, src, n));
        if (!hcrt_host_pinned(src, n)) {
            void *stage = malloc(n);
            if (!stage)
                return hcErrorMemoryAllocation;
            memcpy(stage, src, n);
            if ((st = hg_memcpy_htod_async(ctx, ddst, stage, n, hs)) != HG_OK) {
                free(stage);
                return hcrt_from_hg(d, st);
            }
            hcrt_defer_free(d, hs, stage);
            return hcSuccess;
        }
        return hcrt_from_hg(d, hg_memcpy_htod_async(ctx, ddst, src, n, hs));
    case hcMemcpyDeviceToHost:
        if (!async)
            return hcrt_from_hg(d, hg_memcpy_dtoh(ctx, dst, dsrc, n));
        if ((st = hg_memcpy_dtoh_async(ctx, dst, dsrc, n, hs)) == HG_OK &&
            !hcrt_host_pinned(dst, n))
            st = hg_stream_synchronize(ctx, hs);
        return hcrt_from_hg(d, st);
    default:
        if (!async)
            return hcrt_from_hg(d, hg_memcpy_dtod(ctx, ddst, dsrc, n));
        return hcrt_from_hg(d, hg_memcpy_dtod_async(ctx, ddst, dsrc, n, hs));
    }
}

hcError_t hcrt_copy(void *dst, const void *src, size_t n, hcMemcpyKind kind, hcStream_t stream,
                    int async) {
    if ((unsigned)kind > hcMemcpyDefault)
        return hcErrorInvalidMemcpyDirection;
    hcrt_device *dd, *sd, *qd = NULL;
    hg_stream *hs = NULL;
    hcError_t e = hcrt_addr_device(dst, &dd);
    if (e == hcSuccess)
        e = hcrt_addr_device(src, &sd);
    if (e != hcSuccess)
        return e;
    hcMemcpyKind k = implied(dd, sd);
    /* CUDA leaves a kind that contradicts the pointers undefined; say so */
    if (kind != hcMemcpyDefault && kind != k)
        return hcErrorInvalidValue;
    if (n && (!dst || !src))
        return hcErrorInvalidValue;
    if (dd && sd && dd != sd)
        return hcrt_copy_peer(dd, dst, sd, src, n, stream, async);
    hcrt_device *owner = dd ? dd : sd;
    if (owner && (e = hcrt_dev_ready(owner)) != hcSuccess)
        return e;
    /* the stream names the device whose queue orders the copy */
    if (async || !owner) {
        e = async ? hcrt_stream_resolve(stream, &qd, &hs) : hcrt_current(&qd);
        if (e == hcSuccess && !async)
            e = hcrt_dev_ready(qd);
        if (e != hcSuccess)
            return e;
    }
    if (n == 0)
        return hcSuccess;
    if (owner && (!async || qd == owner))
        return copy_on_device(owner, k, dst, src, n, hs, async);
    /* host to host, or a stream of another device: a host function moves
     * the bytes in stream order */
    void *hdst = view(dd, dst, n);
    const void *hsrc = view(sd, src, n);
    if (!hdst || !hsrc)
        return hcErrorInvalidValue;
    int pageable_src = !sd && !hcrt_host_pinned(src, n);
    if ((e = queue_host_copy(qd, hs, hdst, hsrc, n, async && pageable_src, kind_name(k), gpu_of(sd),
                             gpu_of(dd))) != hcSuccess)
        return e;
    /* synchronous, or a download into pageable memory: wait for it */
    if (!async || (!dd && !hcrt_host_pinned(dst, n)))
        e = hcrt_from_hg(qd, hg_stream_synchronize(qd->ctx, hs));
    return e;
}

hcError_t hcMemcpy(void *dst, const void *src, size_t count, hcMemcpyKind kind) {
    return hcrt_ret(hcrt_copy(dst, src, count, kind, NULL, 0));
}

hcError_t hcMemcpyAsync(void *dst, const void *src, size_t count, hcMemcpyKind kind,
                        hcStream_t stream) {
    return hcrt_ret(hcrt_copy(dst, src, count, kind, stream, 1));
}

/* Peer copies name their devices; the pointers must belong to them. */
static hcError_t peer_args(void *dst, int dstDevice, const void *src, int srcDevice,
                           hcrt_device **dd, hcrt_device **sd) {
    hcrt_device *pd, *ps;
    hcError_t e = hcrt_device_at(dstDevice, dd);
    if (e == hcSuccess)
        e = hcrt_device_at(srcDevice, sd);
    if (e == hcSuccess)
        e = hcrt_addr_device(dst, &pd);
    if (e == hcSuccess)
        e = hcrt_addr_device(src, &ps);
    if (e == hcSuccess && (pd != *dd || ps != *sd))
        e = hcErrorInvalidValue;
    return e;
}

hcError_t hcMemcpyPeer(void *dst, int dstDevice, const void *src, int srcDevice, size_t count) {
    hcrt_device *dd, *sd;
    hcError_t e = peer_args(dst, dstDevice, src, srcDevice, &dd, &sd);
    if (e == hcSuccess)
        e = hcrt_copy_peer(dd, dst, sd, src, count, NULL, 0);
    return hcrt_ret(e);
}

hcError_t hcMemcpyPeerAsync(void *dst, int dstDevice, const void *src, int srcDevice, size_t count,
                            hcStream_t stream) {
    hcrt_device *dd, *sd;
    hcError_t e = peer_args(dst, dstDevice, src, srcDevice, &dd, &sd);
    if (e == hcSuccess)
        e = hcrt_copy_peer(dd, dst, sd, src, count, stream, 1);
    return hcrt_ret(e);
}
