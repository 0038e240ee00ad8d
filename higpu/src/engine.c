/* engine.c -- the work queue of a context and the engine threads that
 * drain it.
 *
 * Every operation goes into one queue in submission order.  An operation is
 * ready when it is the oldest incomplete one of its stream, the default-
 * stream rule allows it (default-stream work waits for earlier work in the
 * blocking streams and they wait for earlier default-stream work), and, for
 * a stream wait, the awaited op has completed.  Each engine thread takes the
 * oldest ready operation of its own kind; event records and stream waits
 * carry no work and complete on whichever thread makes them ready, so an
 * event's timestamp is the moment the work before it finished. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctx_internal.h"
#include "telemetry_internal.h"

uint64_t hg_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int op_engine(hg_op_kind k) {
    switch (k) {
    case HG_OP_KERNEL: return HG_ENGINE_COMPUTE;
    case HG_OP_HTOD:
    case HG_OP_DTOD:
    case HG_OP_MEMSET: return HG_ENGINE_COPY0;
    case HG_OP_DTOH: return HG_ENGINE_COPY1;
    case HG_OP_HOST: return HG_ENGINE_HOST;
    case HG_OP_EVENT:
    case HG_OP_WAIT: break;
    }
    return -1;
}

static int is_blocking(const hg_stream *s) {
    return !(s->flags & (HG_STREAM_NON_BLOCKING | HG_STREAM_DEFAULT));
}

/* The oldest ready op that engine runs (-1: a marker); NULL if none. */
static hg_op *find_ready(hg_engines *e, int engine) {
    int default_pending = 0, blocking_pending = 0;
    for (hg_op *op = e->head; op; op = op->next) {
        hg_stream *s = op->stream;
        int ready = !op->running && s->done == op->seq - 1;
        if (s->flags & HG_STREAM_DEFAULT)
            ready = ready && !blocking_pending;
        else if (is_blocking(s))
            ready = ready && !default_pending;
        if (op->kind == HG_OP_WAIT)
            ready = ready && op->u.wait.stream->done >= op->u.wait.seq;
        if (ready && op_engine(op->kind) == engine)
            return op;
        if (s->flags & HG_STREAM_DEFAULT)
            default_pending = 1;
        else if (is_blocking(s))
            blocking_pending = 1;
    }
    return NULL;
}

/* Unlinks a completed op, tells the observer, and frees it. */
static void complete_locked(hg_ctx *ctx, hg_op *op, hg_status st, uint64_t end_ns) {
    hg_engines *e = &ctx->eng;
    hg_op **pp = &e->head, *prev = NULL;
    while (*pp != op) {
        prev = *pp;
        pp = &(*pp)->next;
    }
    *pp = op->next;
    if (e->tail == op)
        e->tail = prev;
    if (op->kind == HG_OP_EVENT) {
        hg_event *ev = op->u.record.event;
        if (ev->stream == op->stream && ev->seq == op->seq) {
            ev->complete = 1;
            ev->ns = end_ns;
        }
        hg_event_unref_locked(ev);
    }
    if (op->result)
        *op->result = st;
    if (e->observer) {
        hg_op_record r = {
            .kind = op->kind,
            .engine = op_engine(op->kind),
            .stream_id = op->stream->id,
            .submit_ns = op->submit_ns,
            .start_ns = op->start_ns ? op->start_ns : end_ns,
            .end_ns = end_ns,
            .status = st,
        };
        if (op->kind == HG_OP_KERNEL) {
            r.kernel = hg_kernel_info(op->u.kernel.k)->name;
            r.stats = &op->u.kernel.stats;
            r.k = op->u.kernel.k;
            r.launch = &op->u.kernel.p;
            r.blocks = op->u.kernel.blocks;
            r.nblocks = op->u.kernel.blocks ? op->u.kernel.nblocks : 0;
        } else if (op->kind != HG_OP_WAIT && op->kind != HG_OP_EVENT && op->kind != HG_OP_HOST) {
            r.bytes = op->u.copy.len;
        }
        e->observer(e->observer_arg, &r);
    }
    op->stream->done = op->seq;
    if (op->kind == HG_OP_WAIT)
        hg_stream_unref_locked(op->u.wait.stream);
    hg_stream_unref_locked(op->stream);
    if (op->kind == HG_OP_KERNEL) {
        free((void *)op->u.kernel.p.params);
        free(op->u.kernel.blocks);
    }
    free(op);
}

/* Completes every marker that has become ready, then wakes everyone. */
static void advance_locked(hg_ctx *ctx) {
    hg_op *m;
    while ((m = find_ready(&ctx->eng, -1)))
        complete_locked(ctx, m, HG_OK, hg_now_ns());
    pthread_cond_broadcast(&ctx->eng.cond);
}

/* Re-checks a copy's device range when the engine gets to it: the buffer
 * may have been freed by another thread since submission. */
static hg_status check_range(hg_ctx *ctx, uint64_t dptr, uint64_t len, const char *what) {
    if (hg_host_ptr(ctx, dptr, len))
        return HG_OK;
    hg_fault f = {.kind = HG_FAULT_OUT_OF_BOUNDS, .address = dptr};
    snprintf(f.kernel, sizeof f.kernel, "(copy engine)");
    snprintf(f.detail, sizeof f.detail, "%s range 0x%llx+%llu is no longer allocated", what,
             (unsigned long long)dptr, (unsigned long long)len);
    hg_ctx_poison(ctx, HG_ERR_KERNEL_FAULT, &f);
    return HG_ERR_KERNEL_FAULT;
}

static hg_status execute(hg_ctx *ctx, hg_op *op) {
    if (ctx->sticky)
        return HG_ERR_STICKY;
    hg_status st = HG_OK;
    typeof(op->u.copy) *c = &op->u.copy;
    switch (op->kind) {
    case HG_OP_KERNEL: {
        /* the profiler's block timeline: only when asked for */
        uint32_t max = __atomic_load_n(&ctx->eng.record_blocks, __ATOMIC_RELAXED);
        if (max) {
            const hg_dim3 g = op->u.kernel.p.grid;
            uint64_t n = (uint64_t)g.x * g.y * g.z;
            op->u.kernel.nblocks = n < max ? (uint32_t)n : max;
            op->u.kernel.blocks = calloc(op->u.kernel.nblocks, sizeof *op->u.kernel.blocks);
        }
        st = hg_launch_run(ctx, op->u.kernel.k, &op->u.kernel.p, &op->u.kernel.stats,
                           op->u.kernel.blocks, op->u.kernel.blocks ? op->u.kernel.nblocks : 0);
        if (op->u.kernel.user_stats)
            *op->u.kernel.user_stats = op->u.kernel.stats;
        break;
    }
    case HG_OP_HTOD:
        if ((st = check_range(ctx, c->dst, c->len, "destination")) == HG_OK)
            memcpy(hg_host_ptr(ctx, c->dst, c->len), c->hsrc, c->len);
        break;
    case HG_OP_DTOH:
        if ((st = check_range(ctx, c->src, c->len, "source")) == HG_OK)
            memcpy(c->hdst, hg_host_ptr(ctx, c->src, c->len), c->len);
        break;
    case HG_OP_DTOD:
        if ((st = check_range(ctx, c->src, c->len, "source")) == HG_OK &&
            (st = check_range(ctx, c->dst, c->len, "destination")) == HG_OK)
            memmove(hg_host_ptr(ctx, c->dst, c->len), hg_host_ptr(ctx, c->src, c->len), c->len);
        break;
    case HG_OP_MEMSET:
        if ((st = check_range(ctx, c->dst, c->len, "destination")) == HG_OK)
            memset(hg_host_ptr(ctx, c->dst, c->len), c->value, c->len);
        break;
    case HG_OP_HOST:
        op->u.host.fn(op->u.host.arg);
        break;
    case HG_OP_EVENT:
    case HG_OP_WAIT:
        break;
    }
    return st;
}

typedef struct engine_start {
    hg_ctx *ctx;
    int engine;
} engine_start;

static void *engine_main(void *v) {
    engine_start es = *(engine_start *)v;
    free(v);
    hg_engines *e = &es.ctx->eng;
    pthread_mutex_lock(&e->lock);
    for (;;) {
        hg_op *op = find_ready(e, es.engine);
        if (!op) {
            if (e->quit)
                break;
            pthread_cond_wait(&e->cond, &e->lock);
            continue;
        }
        op->running = 1;
        op->start_ns = hg_now_ns();
        pthread_mutex_unlock(&e->lock);
        /* Telemetry at the operation's edges only (docs/telemetry.md). */
        hg_tm_op_begin(es.ctx->tm, es.engine, op->start_ns);
        hg_status st = execute(es.ctx, op);
        uint64_t end = hg_now_ns();
        int has_bytes = op->kind != HG_OP_KERNEL && op->kind != HG_OP_HOST;
        hg_tm_op_end(es.ctx->tm, op->kind, es.engine, op->start_ns, end,
                     has_bytes ? op->u.copy.len : 0, st);
        pthread_mutex_lock(&e->lock);
        complete_locked(es.ctx, op, st, end);
        advance_locked(es.ctx);
    }
    pthread_mutex_unlock(&e->lock);
    return NULL;
}

hg_status hg_engines_start(hg_ctx *ctx) {
    hg_engines *e = &ctx->eng;
    pthread_mutex_init(&e->lock, NULL);
    pthread_cond_init(&e->cond, NULL);
    e->dflt = (struct hg_stream){.ctx = ctx, .id = 0, .flags = HG_STREAM_DEFAULT, .refs = 1};
    e->next_stream_id = 1;
    for (int i = 0; i < HG_ENGINE_COUNT; i++) {
        engine_start *es = malloc(sizeof *es);
        if (!es)
            return HG_ERR_OUT_OF_MEMORY;
        *es = (engine_start){ctx, i};
        if (pthread_create(&e->threads[i], NULL, engine_main, es) != 0) {
            free(es);
            return HG_ERR_OUT_OF_MEMORY;
        }
        e->nthreads++;
    }
    return HG_OK;
}

void hg_engines_stop(hg_ctx *ctx) {
    hg_engines *e = &ctx->eng;
    pthread_mutex_lock(&e->lock);
    e->quit = 1;
    pthread_cond_broadcast(&e->cond);
    pthread_mutex_unlock(&e->lock);
    for (int i = 0; i < e->nthreads; i++)
        pthread_join(e->threads[i], NULL);
    /* the queue is empty, so only user handles are left: the context owns them */
    while (e->streams) {
        hg_stream *s = e->streams;
        e->streams = s->next;
        free(s);
    }
    while (e->events) {
        hg_event *ev = e->events;
        e->events = ev->next;
        free(ev);
    }
    pthread_cond_destroy(&e->cond);
    pthread_mutex_destroy(&e->lock);
}

hg_stream *hg_stream_resolve(hg_ctx *ctx, hg_stream *s) { return s ? s : &ctx->eng.dflt; }

uint64_t hg_submit(hg_ctx *ctx, hg_stream *s, hg_op *op) {
    hg_engines *e = &ctx->eng;
    op->submit_ns = hg_now_ns();
    pthread_mutex_lock(&e->lock);
    op->stream = s;
    op->seq = ++s->submitted;
    s->refs++;
    if (e->tail)
        e->tail->next = op;
    else
        e->head = op;
    e->tail = op;
    uint64_t seq = op->seq;
    advance_locked(ctx); /* op may be a marker that is ready now (and freed) */
    pthread_mutex_unlock(&e->lock);
    return seq;
}

void hg_wait_seq(hg_ctx *ctx, hg_stream *s, uint64_t seq) {
    hg_engines *e = &ctx->eng;
    pthread_mutex_lock(&e->lock);
    while (s->done < seq)
        pthread_cond_wait(&e->cond, &e->lock);
    pthread_mutex_unlock(&e->lock);
}

void hg_drain(hg_ctx *ctx) {
    hg_engines *e = &ctx->eng;
    pthread_mutex_lock(&e->lock);
    while (e->head)
        pthread_cond_wait(&e->cond, &e->lock);
    pthread_mutex_unlock(&e->lock);
}

/* Intrusive list operations shared by streams and events. */
#define LIST_LINK(head, x)          \
    do {                            \
        (x)->prev = NULL;           \
        (x)->next = (head);         \
        if (head)                   \
            (head)->prev = (x);     \
        (head) = (x);               \
    } while (0)
#define LIST_UNLINK(head, x)                \
    do {                                    \
        if ((x)->prev)                      \
            (x)->prev->next = (x)->next;    \
        else                                \
            (head) = (x)->next;             \
        if ((x)->next)                      \
            (x)->next->prev = (x)->prev;    \
    } while (0)

void hg_stream_link_locked(hg_ctx *ctx, hg_stream *s) { LIST_LINK(ctx->eng.streams, s); }
void hg_event_link_locked(hg_ctx *ctx, hg_event *e) { LIST_LINK(ctx->eng.events, e); }

void hg_stream_unref_locked(hg_stream *s) {
    if (--s->refs == 0 && !(s->flags & HG_STREAM_DEFAULT)) {
        LIST_UNLINK(s->ctx->eng.streams, s);
        free(s);
    }
}

void hg_event_unref_locked(hg_event *ev) {
    if (--ev->refs == 0) {
        LIST_UNLINK(ev->ctx->eng.events, ev);
        free(ev);
    }
}

void hg_ctx_set_observer(hg_ctx *ctx, hg_observer fn, void *arg) {
    pthread_mutex_lock(&ctx->eng.lock);
    ctx->eng.observer = fn;
    ctx->eng.observer_arg = arg;
    pthread_mutex_unlock(&ctx->eng.lock);
}

void hg_ctx_record_blocks(hg_ctx *ctx, uint32_t max_blocks) {
    __atomic_store_n(&ctx->eng.record_blocks, max_blocks, __ATOMIC_RELAXED);
}
