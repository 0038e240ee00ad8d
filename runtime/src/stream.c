/* stream.c -- hcStream_t: a handle on an hg_stream of one device's context.
 * Handles (streams and events) are validated against a map of the live
 * ones, so a destroyed handle, one of the wrong kind, or one from before an
 * hcDeviceReset is hcErrorInvalidResourceHandle rather than a use after
 * free. */
#include <stdlib.h>

#include "internal.h"

ptrmap hcrt_handles;
pthread_mutex_t hcrt_handles_lock = PTHREAD_MUTEX_INITIALIZER;

void *hcrt_handle_live(const void *p, int kind) {
    hcrt_handle *h = p ? ptrmap_get(&hcrt_handles, p) : NULL;
    return h && h->kind == kind && hcrt_dev_live(h->dev, h->serial) ? h : NULL;
}

hcError_t hcrt_handle_add(hcrt_handle *h, int kind, hcrt_device *d) {
    h->kind = kind;
    h->dev = d;
    h->serial = d->serial;
    pthread_mutex_lock(&hcrt_handles_lock);
    int rc = ptrmap_put(&hcrt_handles, h, h);
    pthread_mutex_unlock(&hcrt_handles_lock);
    return rc == 0 ? hcSuccess : hcErrorMemoryAllocation;
}

static int on_device(void *value, void *arg) {
    hcrt_handle *h = value;
    if (h->dev != arg)
        return 0;
    free(h); /* its hg_stream / hg_event goes with the context */
    return 1;
}

void hcrt_handles_drop_device(hcrt_device *d) {
    pthread_mutex_lock(&hcrt_handles_lock);
    ptrmap_remove_if(&hcrt_handles, on_device, d);
    pthread_mutex_unlock(&hcrt_handles_lock);
}

static int is_default(hcStream_t s) {
    return !s || s == hcStreamLegacy || s == hcStreamPerThread;
}

hcError_t hcrt_stream_resolve(hcStream_t s, hcrt_device **d, hg_stream **hs) {
    if (is_default(s)) {
        hcError_t e = hcrt_current(d);
        *hs = NULL;
        return e != hcSuccess ? e : hcrt_dev_ready(*d);
    }
    pthread_mutex_lock(&hcrt_handles_lock);
    struct hcStream_st *x = hcrt_handle_live(s, HCRT_STREAM);
    if (x) {
        *d = x->h.dev;
        *hs = x->hs;
    }
    pthread_mutex_unlock(&hcrt_handles_lock);
    return x ? hcrt_dev_sticky(*d) : hcErrorInvalidResourceHandle;
}

hcError_t hcStreamCreateWithFlags(hcStream_t *stream, unsigned int flags) {
    if (!stream || (flags & ~(unsigned)hcStreamNonBlocking))
        return hcrt_ret(hcErrorInvalidValue);
    hcrt_device *d;
    hcError_t e = hcrt_current_ready(&d);
    if (e != hcSuccess)
        return hcrt_ret(e);
    struct hcStream_st *x = calloc(1, sizeof *x);
    if (!x)
        return hcrt_ret(hcErrorMemoryAllocation);
    unsigned hgflags = flags & hcStreamNonBlocking ? HG_STREAM_NON_BLOCKING : 0;
    hg_status st = hg_stream_create(d->ctx, hgflags, &x->hs);
    if (st != HG_OK) {
        free(x);
        return hcrt_ret(hcrt_from_hg(d, st));
    }
    x->flags = flags;
    if ((e = hcrt_handle_add(&x->h, HCRT_STREAM, d)) != hcSuccess) {
        hg_stream_destroy(x->hs);
        free(x);
        return hcrt_ret(e);
    }
    *stream = x;
    return hcSuccess;
}

hcError_t hcStreamCreate(hcStream_t *stream) {
    return hcStreamCreateWithFlags(stream, hcStreamDefault);
}

hcError_t hcStreamCreateWithPriority(hcStream_t *stream, unsigned int flags, int priority) {
    (void)priority; /* the range is [0, 0]; CUDA clamps priorities into it */
    return hcStreamCreateWithFlags(stream, flags);
}

hcError_t hcStreamDestroy(hcStream_t stream) {
    pthread_mutex_lock(&hcrt_handles_lock);
    struct hcStream_st *x = hcrt_handle_live(stream, HCRT_STREAM);
    if (x)
        ptrmap_remove(&hcrt_handles, stream);
    pthread_mutex_unlock(&hcrt_handles_lock);
    if (!x)
        return hcrt_ret(hcErrorInvalidResourceHandle);
    hg_stream_destroy(x->hs); /* its queued work still completes, as in CUDA */
    free(x);
    return hcSuccess;
}

hcError_t hcStreamSynchronize(hcStream_t stream) {
    hcrt_device *d;
    hg_stream *hs;
    hcError_t e = hcrt_stream_resolve(stream, &d, &hs);
    if (e == hcSuccess) {
        e = hcrt_from_hg(d, hg_stream_synchronize(d->ctx, hs));
        hcrt_defer_sweep(d, 0);
    }
    return hcrt_ret(e);
}

hcError_t hcStreamQuery(hcStream_t stream) {
    hcrt_device *d;
    hg_stream *hs;
    hcError_t e = hcrt_stream_resolve(stream, &d, &hs);
    if (e == hcSuccess)
        e = hcrt_from_hg(d, hg_stream_query(d->ctx, hs));
    return hcrt_ret(e);
}

hcError_t hcStreamGetFlags(hcStream_t stream, unsigned int *flags) {
    hcrt_device *d;
    hg_stream *hs;
    if (!flags)
        return hcrt_ret(hcErrorInvalidValue);
    hcError_t e = hcrt_stream_resolve(stream, &d, &hs);
    if (e == hcSuccess)
        *flags = is_default(stream) ? hcStreamDefault : stream->flags;
    return hcrt_ret(e);
}

hcError_t hcLaunchHostFunc(hcStream_t stream, hcHostFn_t fn, void *userData) {
    hcrt_device *d;
    hg_stream *hs;
    if (!fn)
        return hcrt_ret(hcErrorInvalidValue);
    hcError_t e = hcrt_stream_resolve(stream, &d, &hs);
    if (e == hcSuccess)
        e = hcrt_from_hg(d, hg_host_func(d->ctx, hs, fn, userData));
    return hcrt_ret(e);
}

typedef struct callback {
    hcStreamCallback_t fn;
    hcStream_t stream;
    void *user;
} callback;

/* The host function runs only when the work before it succeeded (a
 * sticky error skips it), so the status it reports is always success. */
static void run_callback(void *arg) {
    callback *c = arg;
    c->fn(c->stream, hcSuccess, c->user);
}

hcError_t hcStreamAddCallback(hcStream_t stream, hcStreamCallback_t fn, void *userData,
                              unsigned int flags) {
    hcrt_device *d;
    hg_stream *hs;
    if (!fn || flags != 0)
        return hcrt_ret(hcErrorInvalidValue);
    hcError_t e = hcrt_stream_resolve(stream, &d, &hs);
    if (e != hcSuccess)
        return hcrt_ret(e);
    callback *c = malloc(sizeof *c);
    if (!c)
        return hcrt_ret(hcErrorMemoryAllocation);
    *c = (callback){fn, stream, userData};
    hg_status st = hg_host_func(d->ctx, hs, run_callback, c);
    if (st != HG_OK) {
        free(c);
        return hcrt_ret(hcrt_from_hg(d, st));
    }
    hcrt_defer_free(d, hs, c);
    return hcSuccess;
}
