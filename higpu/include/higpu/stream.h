/*
 * stream.h -- streams, events, engines and completion notification.
 *
 * A context owns three engines, each a host thread: the compute engine
 * (kernels, one at a time, on the SM pool), copy engine 0 (host-to-device,
 * device-to-device, memset) and copy engine 1 (device-to-host), plus a host
 * thread for host functions.  Work is submitted to streams; a stream is
 * in order, different streams run concurrently on different engines (a copy
 * overlaps a kernel).  NULL is the context's default stream, which behaves
 * like CUDA's legacy default stream: it waits for all earlier work in the
 * blocking streams, and their later work waits for it.  docs/streams.md.
 *
 * An enqueue checks its arguments and returns at once; execution errors
 * surface in the sticky error, which the synchronising calls return.
 * Host buffers given to an async copy must stay valid until it completes.
 */
#ifndef HIGPU_STREAM_H
#define HIGPU_STREAM_H

#include <stdint.h>

#include "higpu/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hg_ctx hg_ctx;
typedef struct hg_kernel hg_kernel;
typedef struct hg_stream hg_stream;
typedef struct hg_event hg_event;
struct hg_launch_params;
struct hg_launch_stats;

/* ---- streams --------------------------------------------------------------- */

enum { HG_STREAM_NON_BLOCKING = 1 }; /* does not synchronise with the default stream */

hg_status hg_stream_create(hg_ctx *ctx, unsigned flags, hg_stream **out);
/* Returns at once; the stream's queued work still completes.  Streams and
 * events left when the context is destroyed are freed with it. */
hg_status hg_stream_destroy(hg_stream *s);
/* Waits until all work in s (NULL: the default stream) has completed.
 * Returns the sticky error if the context has one. */
hg_status hg_stream_synchronize(hg_ctx *ctx, hg_stream *s);
/* HG_OK if all work in s has completed, HG_ERR_NOT_READY if not. */
hg_status hg_stream_query(hg_ctx *ctx, hg_stream *s);
/* Work submitted to s after this call waits for the event's last record. */
hg_status hg_stream_wait_event(hg_ctx *ctx, hg_stream *s, hg_event *e);
/* Waits for all work of the context, in every stream. */
hg_status hg_ctx_synchronize(hg_ctx *ctx);

/* ---- events ---------------------------------------------------------------- */

hg_status hg_event_create(hg_ctx *ctx, hg_event **out);
void hg_event_destroy(hg_event *e);
/* The event completes when all work submitted to s before it has completed,
 * and takes that moment as its timestamp.  Re-recording replaces the target. */
hg_status hg_event_record(hg_event *e, hg_stream *s);
/* HG_OK when complete (or never recorded), HG_ERR_NOT_READY otherwise. */
hg_status hg_event_query(hg_event *e);
hg_status hg_event_synchronize(hg_event *e);
/* Milliseconds between two completed events (NOT_READY if either is not
 * complete, INVALID_VALUE if either was never recorded). */
hg_status hg_event_elapsed_ms(hg_event *start, hg_event *end, float *ms);
/* The completion time in CLOCK_MONOTONIC nanoseconds. */
hg_status hg_event_timestamp(hg_event *e, uint64_t *ns);

/* ---- asynchronous work ----------------------------------------------------- */

hg_status hg_memcpy_htod_async(hg_ctx *ctx, uint64_t dst, const void *src, uint64_t len,
                               hg_stream *s);
hg_status hg_memcpy_dtoh_async(hg_ctx *ctx, void *dst, uint64_t src, uint64_t len, hg_stream *s);
hg_status hg_memcpy_dtod_async(hg_ctx *ctx, uint64_t dst, uint64_t src, uint64_t len,
                               hg_stream *s);
hg_status hg_memset_async(hg_ctx *ctx, uint64_t dst, uint8_t value, uint64_t len, hg_stream *s);
/* The parameter buffer is copied at once.  stats, if not NULL, is filled
 * when the kernel completes and must stay valid until then. */
hg_status hg_launch_async(hg_ctx *ctx, hg_kernel *k, const struct hg_launch_params *p,
                          hg_stream *s, struct hg_launch_stats *stats);
/* Runs fn(arg) on the context's host-function thread once all earlier work
 * in s has completed; later work in s waits for fn to return. */
hg_status hg_host_func(hg_ctx *ctx, hg_stream *s, void (*fn)(void *arg), void *arg);

/* ---- completion notification ------------------------------------------------ */

typedef enum hg_op_kind {
    HG_OP_KERNEL,
    HG_OP_HTOD,
    HG_OP_DTOH,
    HG_OP_DTOD,
    HG_OP_MEMSET,
    HG_OP_EVENT,   /* event record */
    HG_OP_WAIT,    /* stream wait on an event */
    HG_OP_HOST,    /* host function */
} hg_op_kind;

enum { HG_ENGINE_COMPUTE, HG_ENGINE_COPY0, HG_ENGINE_COPY1, HG_ENGINE_HOST, HG_ENGINE_COUNT };

/* Where one block of a launch ran, recorded only when the context records
 * blocks (hg_ctx_record_blocks): SM, CTA slot on that SM, and its start and
 * end in CLOCK_MONOTONIC ns and in the SM's issue clock (warp instructions
 * issued on the SM, SR_CLOCK).  end_ns is 0 if the block never finished
 * (the launch faulted first). */
typedef struct hg_block_span {
    uint32_t sm, slot;
    uint64_t start_ns, end_ns;
    uint64_t start_clock, end_clock;
} hg_block_span;

/* What an observer learns about each completed operation. */
typedef struct hg_op_record {
    hg_op_kind kind;
    int engine;                /* HG_ENGINE_*, or -1 for event/wait markers */
    uint64_t stream_id;        /* 0 = default stream */
    uint64_t submit_ns, start_ns, end_ns; /* CLOCK_MONOTONIC */
    uint64_t bytes;            /* copies and memset */
    const char *kernel;        /* kernel name (HG_OP_KERNEL) */
    const struct hg_launch_stats *stats; /* kernels: the launch's statistics */
    hg_status status;          /* HG_OK, the fault's status, or HG_ERR_STICKY if skipped */
    /* kernels only: */
    const hg_kernel *k;                    /* hg_kernel_info(k): registers, shared, ... */
    const struct hg_launch_params *launch; /* grid, block, dynamic shared memory */
    const hg_block_span *blocks;           /* per block by linear index, if recorded */
    uint32_t nblocks;                      /* entries in blocks (0: not recorded) */
} hg_op_record;

typedef void (*hg_observer)(void *arg, const hg_op_record *r);
/* Calls fn on the engine thread after every operation completes (the
 * profiler's hook and the QEMU device's interrupt source).  fn must not
 * block or submit work.  NULL removes it. */
void hg_ctx_set_observer(hg_ctx *ctx, hg_observer fn, void *arg);
/* Makes later launches record where each of their first max_blocks blocks
 * ran (hg_op_record.blocks), for the profiler's timeline; 0 stops it.  Off
 * by default: it costs two clock reads per block. */
void hg_ctx_record_blocks(hg_ctx *ctx, uint32_t max_blocks);

const char *hg_op_kind_name(hg_op_kind k);
uint64_t hg_stream_id(const hg_stream *s); /* 0 for NULL */

#ifdef __cplusplus
}
#endif
#endif /* HIGPU_STREAM_H */
