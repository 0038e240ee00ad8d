/* event.c -- hcEvent_t: a handle on an hg_event of one device's context.
 * Events share the handle map with streams (stream.c). */
#include <stdlib.h>

#include "internal.h"

/* A copy of the live event a handle names; hcErrorInvalidResourceHandle
 * if there is none. */
static hcError_t resolve(hcEvent_t ev, struct hcEvent_st *out) {
    pthread_mutex_lock(&hcrt_handles_lock);
    struct hcEvent_st *x = hcrt_handle_live(ev, HCRT_EVENT);
    if (x)
        *out = *x;
    pthread_mutex_unlock(&hcrt_handles_lock);
    return x ? hcSuccess : hcErrorInvalidResourceHandle;
}

hcError_t hcEventCreateWithFlags(hcEvent_t *event, unsigned int flags) {
    unsigned known = hcEventBlockingSync | hcEventDisableTiming | hcEventInterprocess;
    if (!event || (flags & ~known))
        return hcrt_ret(hcErrorInvalidValue);
    if (flags & hcEventInterprocess)
        return hcrt_ret(hcErrorNotSupported);
    hcrt_device *d;
    hcError_t e = hcrt_current_ready(&d);
    if (e != hcSuccess)
        return hcrt_ret(e);
    struct hcEvent_st *x = calloc(1, sizeof *x);
    if (!x)
        return hcrt_ret(hcErrorMemoryAllocation);
    hg_status st = hg_event_create(d->ctx, &x->he);
    if (st != HG_OK) {
        free(x);
        return hcrt_ret(hcrt_from_hg(d, st));
    }
    x->flags = flags;
    if ((e = hcrt_handle_add(&x->h, HCRT_EVENT, d)) != hcSuccess) {
        hg_event_destroy(x->he);
        free(x);
        return hcrt_ret(e);
    }
    *event = x;
    return hcSuccess;
}

hcError_t hcEventCreate(hcEvent_t *event) {
    return hcEventCreateWithFlags(event, hcEventDefault);
}

hcError_t hcEventDestroy(hcEvent_t event) {
    pthread_mutex_lock(&hcrt_handles_lock);
    struct hcEvent_st *x = hcrt_handle_live(event, HCRT_EVENT);
    if (x)
        ptrmap_remove(&hcrt_handles, event);
    pthread_mutex_unlock(&hcrt_handles_lock);
    if (!x)
        return hcrt_ret(hcErrorInvalidResourceHandle);
    hg_event_destroy(x->he); /* a pending record still completes */
    free(x);
    return hcSuccess;
}

hcError_t hcEventRecord(hcEvent_t event, hcStream_t stream) {
    struct hcEvent_st ev;
    hcError_t e = resolve(event, &ev);
    if (e != hcSuccess)
        return hcrt_ret(e);
    hcrt_device *d = ev.h.dev;
    hg_stream *hs = NULL;
    /* the default stream means the event's device's */
    if (stream && stream != hcStreamLegacy && stream != hcStreamPerThread) {
        e = hcrt_stream_resolve(stream, &d, &hs);
        if (e == hcSuccess && d != ev.h.dev)
            e = hcErrorInvalidResourceHandle;
    } else {
        e = hcrt_dev_sticky(d);
    }
    if (e == hcSuccess)
        e = hcrt_from_hg(d, hg_event_record(ev.he, hs));
    return hcrt_ret(e);
}

hcError_t hcEventQuery(hcEvent_t event) {
    struct hcEvent_st ev;
    hcError_t e = resolve(event, &ev);
    if (e == hcSuccess)
        e = hcrt_dev_sticky(ev.h.dev);
    if (e == hcSuccess)
        e = hcrt_from_hg(ev.h.dev, hg_event_query(ev.he));
    return hcrt_ret(e);
}

hcError_t hcEventSynchronize(hcEvent_t event) {
    struct hcEvent_st ev;
    hcError_t e = resolve(event, &ev);
    if (e == hcSuccess)
        e = hcrt_from_hg(ev.h.dev, hg_event_synchronize(ev.he));
    return hcrt_ret(e);
}

hcError_t hcEventElapsedTime(float *ms, hcEvent_t start, hcEvent_t end) {
    struct hcEvent_st a, b;
    if (!ms)
        return hcrt_ret(hcErrorInvalidValue);
    hcError_t e = resolve(start, &a);
    if (e == hcSuccess)
        e = resolve(end, &b);
    if (e == hcSuccess && (((a.flags | b.flags) & hcEventDisableTiming) || a.h.dev != b.h.dev))
        e = hcErrorInvalidResourceHandle;
    if (e == hcSuccess)
        e = hcrt_dev_sticky(a.h.dev);
    if (e != hcSuccess)
        return hcrt_ret(e);
    hg_status st = hg_event_elapsed_ms(a.he, b.he, ms);
    /* an event never recorded: CUDA's answer is an invalid handle */
    e = st == HG_ERR_INVALID_VALUE ? hcErrorInvalidResourceHandle : hcrt_from_hg(a.h.dev, st);
    return hcrt_ret(e);
}

/* A wait for an event of another device cannot be a libhigpu stream wait
 * (those are per context); the host waits for the event instead, so work
 * submitted to the stream afterwards is ordered after it. */
hcError_t hcStreamWaitEvent(hcStream_t stream, hcEvent_t event, unsigned int flags) {
    struct hcEvent_st ev;
    hcrt_device *d;
    hg_stream *hs;
    if (flags != 0)
        return hcrt_ret(hcErrorInvalidValue);
    hcError_t e = resolve(event, &ev);
    if (e == hcSuccess)
        e = hcrt_stream_resolve(stream, &d, &hs);
    if (e != hcSuccess)
        return hcrt_ret(e);
    if (d == ev.h.dev)
        e = hcrt_from_hg(d, hg_stream_wait_event(d->ctx, hs, ev.he));
    else
        e = hcrt_from_hg(ev.h.dev, hg_event_synchronize(ev.he));
    return hcrt_ret(e);
}
