/* stream.c -- streams, events, and every way to submit work (copies, memset,
 * launches, host functions, synchronous or not): arguments are checked at
 * submission, then the work becomes an op on the context's queue (engine.c).
 * The synchronous calls are ops on the default stream that the caller waits
 * for, so they are ordered with asynchronous work as in CUDA. */
#include <stdlib.h>
#include <string.h>

#include "ctx_internal.h"

static hg_op *op_new(hg_op_kind kind) {
    hg_op *op = calloc(1, sizeof *op);
    if (op)
        op->kind = kind;
    return op;
}


/* Runs op on the default stream and waits for it, as the synchronous calls
 * do (the legacy default stream orders them after all earlier work). */
static hg_status run_sync(hg_ctx *ctx, hg_op *op) {
    hg_status result = HG_OK;
    op->result = &result;
    hg_stream *s = hg_stream_resolve(ctx, NULL);
    hg_wait_seq(ctx, s, hg_submit(ctx, s, op));
    return result;
}

/* Submits op to s, or runs it synchronously if sync. */
static hg_status dispatch(hg_ctx *ctx, hg_op *op, int sync, hg_stream *s) {
    if (sync)
        return run_sync(ctx, op);
    hg_submit(ctx, hg_stream_resolve(ctx, s), op);
    return HG_OK;
}

static hg_status status_after_wait(const hg_ctx *ctx) {
    return ctx->sticky ? ctx->sticky : HG_OK;
}

/* ---- streams --------------------------------------------------------------------- */

hg_status hg_stream_create(hg_ctx *ctx, unsigned flags, hg_stream **out) {
    if (flags & ~(unsigned)HG_STREAM_NON_BLOCKING)
        return HG_ERR_INVALID_VALUE;
    hg_stream *s = calloc(1, sizeof *s);
    if (!s)
        return HG_ERR_OUT_OF_MEMORY;
    s->ctx = ctx;
    s->flags = flags;
    s->refs = 1;
    pthread_mutex_lock(&ctx->eng.lock);
    s->id = ctx->eng.next_stream_id++;
    hg_stream_link_locked(ctx, s);
    pthread_mutex_unlock(&ctx->eng.lock);
    *out = s;
    return HG_OK;
}

hg_status hg_stream_destroy(hg_stream *s) {
    if (!s)
        return HG_ERR_INVALID_VALUE;
    hg_ctx *ctx = s->ctx;
    pthread_mutex_lock(&ctx->eng.lock);
    hg_stream_unref_locked(s); /* queued ops keep it until they complete */
    pthread_mutex_unlock(&ctx->eng.lock);
    return HG_OK;
}

uint64_t hg_stream_id(const hg_stream *s) { return s ? s->id : 0; }

hg_status hg_stream_synchronize(hg_ctx *ctx, hg_stream *s) {
    hg_stream *rs = hg_stream_resolve(ctx, s);
    pthread_mutex_lock(&ctx->eng.lock);
    uint64_t seq = rs->submitted;
    pthread_mutex_unlock(&ctx->eng.lock);
    hg_wait_seq(ctx, rs, seq);
    return status_after_wait(ctx);
}

hg_status hg_stream_query(hg_ctx *ctx, hg_stream *s) {
    hg_stream *rs = hg_stream_resolve(ctx, s);
    pthread_mutex_lock(&ctx->eng.lock);
    int idle = rs->done == rs->submitted;
    pthread_mutex_unlock(&ctx->eng.lock);
    if (ctx->sticky)
        return ctx->sticky;
    return idle ? HG_OK : HG_ERR_NOT_READY;
}

hg_status hg_stream_wait_event(hg_ctx *ctx, hg_stream *s, hg_event *e) {
    if (!e || e->ctx != ctx)
        return HG_ERR_INVALID_VALUE;
    hg_op *op = op_new(HG_OP_WAIT);
    if (!op)
        return HG_ERR_OUT_OF_MEMORY;
    pthread_mutex_lock(&ctx->eng.lock);
    int pending = e->recorded && !e->complete;
    if (pending) {
        op->u.wait.stream = e->stream; /* alive: its pending record op holds it */
        op->u.wait.seq = e->seq;
        e->stream->refs++;
    }
    pthread_mutex_unlock(&ctx->eng.lock);
    if (!pending) { /* nothing to wait for */
        free(op);
        return HG_OK;
    }
    return dispatch(ctx, op, 0, s);
}

hg_status hg_ctx_synchronize(hg_ctx *ctx) {
    hg_drain(ctx);
    return status_after_wait(ctx);
}

/* ---- events ------------------------------------------------------------------------ */

hg_status hg_event_create(hg_ctx *ctx, hg_event **out) {
    hg_event *e = calloc(1, sizeof *e);
    if (!e)
        return HG_ERR_OUT_OF_MEMORY;
    e->ctx = ctx;
    e->refs = 1;
    pthread_mutex_lock(&ctx->eng.lock);
    hg_event_link_locked(ctx, e);
    pthread_mutex_unlock(&ctx->eng.lock);
    *out = e;
    return HG_OK;
}

void hg_event_destroy(hg_event *e) {
    if (!e)
        return;
    hg_ctx *ctx = e->ctx;
    pthread_mutex_lock(&ctx->eng.lock);
    hg_event_unref_locked(e);
    pthread_mutex_unlock(&ctx->eng.lock);
}

hg_status hg_event_record(hg_event *e, hg_stream *s) {
    if (!e)
        return HG_ERR_INVALID_VALUE;
    hg_ctx *ctx = e->ctx;
    if (s && s->ctx != ctx)
        return HG_ERR_INVALID_VALUE;
    hg_stream *rs = hg_stream_resolve(ctx, s);
    hg_op *op = op_new(HG_OP_EVENT);
    if (!op)
        return HG_ERR_OUT_OF_MEMORY;
    op->u.record.event = e;
    /* Point the event at the op before it can complete: hg_submit may
     * complete it at once when the stream is idle. */
    pthread_mutex_lock(&ctx->eng.lock);
    e->refs++;
    e->recorded = 1;
    e->complete = 0;
    e->stream = rs;
    e->seq = rs->submitted + 1;
    pthread_mutex_unlock(&ctx->eng.lock);
    hg_submit(ctx, rs, op);
    return HG_OK;
}

hg_status hg_event_query(hg_event *e) {
    if (!e)
        return HG_ERR_INVALID_VALUE;
    pthread_mutex_lock(&e->ctx->eng.lock);
    int done = !e->recorded || e->complete;
    pthread_mutex_unlock(&e->ctx->eng.lock);
    return done ? HG_OK : HG_ERR_NOT_READY;
}

hg_status hg_event_synchronize(hg_event *e) {
    if (!e)
        return HG_ERR_INVALID_VALUE;
    hg_engines *eng = &e->ctx->eng;
    pthread_mutex_lock(&eng->lock);
    while (e->recorded && !e->complete)
        pthread_cond_wait(&eng->cond, &eng->lock);
    pthread_mutex_unlock(&eng->lock);
    return status_after_wait(e->ctx);
}

hg_status hg_event_timestamp(hg_event *e, uint64_t *ns) {
    if (!e)
        return HG_ERR_INVALID_VALUE;
    pthread_mutex_lock(&e->ctx->eng.lock);
    hg_status st = !e->recorded ? HG_ERR_INVALID_VALUE : !e->complete ? HG_ERR_NOT_READY : HG_OK;
    *ns = e->ns;
    pthread_mutex_unlock(&e->ctx->eng.lock);
    return st;
}

hg_status hg_event_elapsed_ms(hg_event *start, hg_event *end, float *ms) {
    if (!start || !end || start->ctx != end->ctx)
        return HG_ERR_INVALID_VALUE;
    uint64_t a, b;
    hg_status st = hg_event_timestamp(start, &a);
    if (st == HG_OK)
        st = hg_event_timestamp(end, &b);
    if (st != HG_OK)
        return st;
    *ms = (float)((double)((int64_t)(b - a)) / 1e6);
    return HG_OK;
}

/* ---- asynchronous work ------------------------------------------------------------- */

static hg_status copy(hg_ctx *ctx, hg_op_kind kind, uint64_t dst, void *hdst, uint64_t src,
                      const void *hsrc, uint8_t value, uint64_t len, int sync, hg_stream *s) {
    if (ctx->sticky)
        return HG_ERR_STICKY;
    if (s && s->ctx != ctx)
        return HG_ERR_INVALID_VALUE;
    if (len == 0)
        return HG_OK;
    int dev_dst = kind != HG_OP_DTOH, dev_src = kind == HG_OP_DTOH || kind == HG_OP_DTOD;
    if ((dev_dst && !hg_host_ptr(ctx, dst, len)) || (dev_src && !hg_host_ptr(ctx, src, len)) ||
        (!dev_dst && !hdst) || (kind == HG_OP_HTOD && !hsrc))
        return HG_ERR_INVALID_VALUE;
    hg_op *op = op_new(kind);
    if (!op)
        return HG_ERR_OUT_OF_MEMORY;
    op->u.copy = (typeof(op->u.copy)){dst, src, len, hdst, hsrc, value};
    return dispatch(ctx, op, sync, s);
}

hg_status hg_memcpy_htod_async(hg_ctx *ctx, uint64_t dst, const void *src, uint64_t len,
                               hg_stream *s) {
    return copy(ctx, HG_OP_HTOD, dst, NULL, 0, src, 0, len, 0, s);
}

hg_status hg_memcpy_dtoh_async(hg_ctx *ctx, void *dst, uint64_t src, uint64_t len, hg_stream *s) {
    return copy(ctx, HG_OP_DTOH, 0, dst, src, NULL, 0, len, 0, s);
}

hg_status hg_memcpy_dtod_async(hg_ctx *ctx, uint64_t dst, uint64_t src, uint64_t len,
                               hg_stream *s) {
    return copy(ctx, HG_OP_DTOD, dst, NULL, src, NULL, 0, len, 0, s);
}

hg_status hg_memset_async(hg_ctx *ctx, uint64_t dst, uint8_t value, uint64_t len, hg_stream *s) {
    return copy(ctx, HG_OP_MEMSET, dst, NULL, 0, NULL, value, len, 0, s);
}

hg_status hg_memcpy_htod(hg_ctx *ctx, uint64_t dst, const void *src, uint64_t len) {
    return copy(ctx, HG_OP_HTOD, dst, NULL, 0, src, 0, len, 1, NULL);
}

hg_status hg_memcpy_dtoh(hg_ctx *ctx, void *dst, uint64_t src, uint64_t len) {
    return copy(ctx, HG_OP_DTOH, 0, dst, src, NULL, 0, len, 1, NULL);
}

hg_status hg_memcpy_dtod(hg_ctx *ctx, uint64_t dst, uint64_t src, uint64_t len) {
    return copy(ctx, HG_OP_DTOD, dst, NULL, src, NULL, 0, len, 1, NULL);
}

hg_status hg_memset(hg_ctx *ctx, uint64_t dst, uint8_t value, uint64_t len) {
    return copy(ctx, HG_OP_MEMSET, dst, NULL, 0, NULL, value, len, 1, NULL);
}

/* A kernel op: checked now, the parameter buffer copied into the op. */
static hg_status launch(hg_ctx *ctx, hg_kernel *k, const hg_launch_params *p,
                        hg_launch_stats *stats, int sync, hg_stream *s) {
    if (ctx->sticky)
        return HG_ERR_STICKY;
    if (!k || !p || k->mod->ctx != ctx || (s && s->ctx != ctx))
        return HG_ERR_INVALID_VALUE;
    hg_status st = hg_launch_check(ctx, k, p);
    if (st != HG_OK)
        return st;
    hg_op *op = op_new(HG_OP_KERNEL);
    void *params = malloc(p->params_size ? p->params_size : 1);
    if (!op || !params) {
        free(op);
        free(params);
        return HG_ERR_OUT_OF_MEMORY;
    }
    if (p->params_size)
        memcpy(params, p->params, p->params_size);
    op->u.kernel.k = k;
    op->u.kernel.p = *p;
    op->u.kernel.p.params = params;
    op->u.kernel.user_stats = stats;
    return dispatch(ctx, op, sync, s);
}

hg_status hg_launch_async(hg_ctx *ctx, hg_kernel *k, const hg_launch_params *p, hg_stream *s,
                          hg_launch_stats *stats) {
    return launch(ctx, k, p, stats, 0, s);
}

hg_status hg_launch(hg_ctx *ctx, hg_kernel *k, const hg_launch_params *p, hg_launch_stats *stats) {
    return launch(ctx, k, p, stats, 1, NULL);
}

hg_status hg_host_func(hg_ctx *ctx, hg_stream *s, void (*fn)(void *arg), void *arg) {
    if (!fn || (s && s->ctx != ctx))
        return HG_ERR_INVALID_VALUE;
    hg_op *op = op_new(HG_OP_HOST);
    if (!op)
        return HG_ERR_OUT_OF_MEMORY;
    op->u.host.fn = fn;
    op->u.host.arg = arg;
    return dispatch(ctx, op, 0, s);
}

const char *hg_op_kind_name(hg_op_kind k) {
    static const char *const names[] = {"kernel", "memcpy HtoD", "memcpy DtoH", "memcpy DtoD",
                                        "memset", "event", "wait", "host"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}
