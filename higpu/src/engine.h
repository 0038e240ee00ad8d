/* engine.h -- the context's work queue and engines (engine.c), shared with
 * stream.c (the public stream/event API) and ctx.c (synchronous calls). */
#ifndef HIGPU_ENGINE_H
#define HIGPU_ENGINE_H

#include <pthread.h>

#include "higpu/higpu.h"

enum { HG_STREAM_DEFAULT = 0x100 }; /* internal flag: the legacy default stream */

struct hg_stream {
    hg_ctx *ctx;
    uint64_t id;
    unsigned flags;
    uint64_t submitted; /* seq of the last op submitted */
    uint64_t done;      /* seq of the last op completed (ops complete in order) */
    int refs;           /* the user's handle + queued ops that name it */
    hg_stream *prev, *next; /* the context's live streams */
};

struct hg_event {
    hg_ctx *ctx;
    int refs;           /* the user's handle + pending record ops */
    int recorded, complete;
    hg_stream *stream;  /* target of the last record (not referenced) */
    uint64_t seq;
    uint64_t ns;        /* completion time */
    hg_event *prev, *next; /* the context's live events */
};

typedef struct hg_op hg_op;
struct hg_op {
    hg_op *next;
    hg_op_kind kind;
    hg_stream *stream;
    uint64_t seq;
    int running;
    uint64_t submit_ns, start_ns;
    hg_status *result;  /* where a synchronous caller wants the status */
    union {
        struct { uint64_t dst, src, len; void *hdst; const void *hsrc; uint8_t value; } copy;
        struct {
            hg_kernel *k;
            hg_launch_params p;   /* params points into the op's own buffer */
            hg_launch_stats stats, *user_stats;
            hg_block_span *blocks; /* when recording blocks (freed with the op) */
            uint32_t nblocks;
        } kernel;
        struct { hg_event *event; } record;
        struct { hg_stream *stream; uint64_t seq; } wait;
        struct { void (*fn)(void *); void *arg; } host;
    } u;
};

/* The per-context queue state, embedded in struct hg_ctx. */
typedef struct hg_engines {
    pthread_mutex_t lock;
    pthread_cond_t cond;   /* broadcast on every submission and completion */
    hg_op *head, *tail;    /* in submission order; only incomplete ops */
    struct hg_stream dflt; /* the default stream */
    uint64_t next_stream_id;
    hg_stream *streams;    /* live user streams and events, freed with the context */
    hg_event *events;
    pthread_t threads[HG_ENGINE_COUNT];
    int nthreads, quit;
    hg_observer observer;
    void *observer_arg;
    uint32_t record_blocks; /* hg_ctx_record_blocks (atomic) */
} hg_engines;

/* Initialises the queue and starts the engine threads; stop may be called
 * after a failed start.  Stop expects an empty queue (hg_drain). */
hg_status hg_engines_start(hg_ctx *ctx);
void hg_engines_stop(hg_ctx *ctx);

/* The stream a public handle names (NULL: the default stream). */
hg_stream *hg_stream_resolve(hg_ctx *ctx, hg_stream *s);
/* Appends op (allocated with calloc; the queue frees it) to s and returns
 * its sequence number in s. */
uint64_t hg_submit(hg_ctx *ctx, hg_stream *s, hg_op *op);
/* Waits until op seq of s has completed. */
void hg_wait_seq(hg_ctx *ctx, hg_stream *s, uint64_t seq);
/* Waits until the queue is empty. */
void hg_drain(hg_ctx *ctx);
/* Registers a new stream or event with the context (lock held). */
void hg_stream_link_locked(hg_ctx *ctx, hg_stream *s);
void hg_event_link_locked(hg_ctx *ctx, hg_event *e);
/* Drops a reference taken on a stream or event (with the lock held). */
void hg_stream_unref_locked(hg_stream *s);
void hg_event_unref_locked(hg_event *e);

/* launch.c: validation at submission, execution on the compute engine. */
hg_status hg_launch_check(hg_ctx *ctx, const hg_kernel *k, const hg_launch_params *p);
/* spans: where each of the first nspans blocks ran (NULL: not recorded). */
hg_status hg_launch_run(hg_ctx *ctx, hg_kernel *k, const hg_launch_params *p, hg_launch_stats *stats,
                        hg_block_span *spans, uint32_t nspans);

uint64_t hg_now_ns(void);

#endif
