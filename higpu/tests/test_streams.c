/* test_streams.c -- streams run in order, different streams overlap, events
 * complete and time, stream waits, the legacy default stream, faults in
 * asynchronous work, the completion observer.
 *
 * Concurrency is shown deterministically: a host function that blocks until
 * the test opens a gate stalls one stream, and the test checks what other
 * work can still complete meanwhile (with a timeout, so a serialising bug
 * fails the test instead of hanging it). */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "hgtest.h"

/* out[i] = in[i] * 3 + 1 over n elements. */
static const char *kernels =
    ".kernel triple\n"
    ".param 0, 8\n"
    ".param 8, 8\n"
    ".param 16, 4\n"
    "    S2R R0, SR_TID.X\n"
    "    S2R R1, SR_CTAID.X\n"
    "    S2R R2, SR_NTID.X\n"
    "    IMAD R0, R1, R2, R0\n"
    "    LDP R3, [RZ+16]\n"
    "    ISETP.GE.U32 P0, R0, R3\n"
    "@P0 EXIT\n"
    "    IMULW.U32 R4, R0, 4\n"
    "    LDP.B64 R6, [RZ]\n"
    "    IADD64 R6, R6, R4\n"
    "    LDG R8, [R6]\n"
    "    IMAD R8, R8, 3, 1\n"
    "    LDP.B64 R6, [RZ+8]\n"
    "    IADD64 R6, R6, R4\n"
    "    STG [R6], R8\n"
    "    EXIT\n"
    ".kernel oob\n"
    "    MOV R0, 0\n"
    "    MOV R1, 0\n"
    "    LDG R2, [R0]\n"
    "    EXIT\n";

/* ---- a gate a host function waits on ------------------------------------------ */

typedef struct gate {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int open, entered;
} gate;

static gate g_gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};

static void gate_wait(void *arg) {
    gate *g = arg;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 20; /* a test that never opens the gate fails, not hangs */
    pthread_mutex_lock(&g->lock);
    g->entered = 1;
    pthread_cond_broadcast(&g->cond);
    while (!g->open && pthread_cond_timedwait(&g->cond, &g->lock, &until) == 0)
        ;
    pthread_mutex_unlock(&g->lock);
}

static void gate_reset(gate *g) {
    pthread_mutex_lock(&g->lock);
    g->open = g->entered = 0;
    pthread_mutex_unlock(&g->lock);
}

static void gate_open(gate *g) {
    pthread_mutex_lock(&g->lock);
    g->open = 1;
    pthread_cond_broadcast(&g->cond);
    pthread_mutex_unlock(&g->lock);
}

static void gate_wait_entered(gate *g) {
    pthread_mutex_lock(&g->lock);
    while (!g->entered)
        pthread_cond_wait(&g->cond, &g->lock);
    pthread_mutex_unlock(&g->lock);
}

/* ---- helpers ------------------------------------------------------------------------ */

enum { N = 4096 };

typedef struct triple_args {
    uint64_t in, out;
    uint32_t n, pad;
} triple_args;

static hg_status launch_triple(hgt *t, triple_args *a, hg_stream *s, hg_launch_stats *stats) {
    hg_launch_params p = {hgt_dim((a->n + 127) / 128, 1, 1), hgt_dim(128, 1, 1), 0, a, sizeof *a};
    return hg_launch_async(t->ctx, hg_module_kernel(t->mod, "triple"), &p, s, stats);
}

static int check_tripled(const uint32_t *in, const uint32_t *out, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        if (out[i] != in[i] * 3 + 1)
            return 0;
    return 1;
}

/* ---- the tests ----------------------------------------------------------------------- */

/* Copy in, kernel, copy out on one stream: in order, one synchronise. */
static void in_order(hgt *t) {
    static uint32_t in[N], out[N];
    for (uint32_t i = 0; i < N; i++)
        in[i] = i * 7;
    memset(out, 0, sizeof out);
    hg_stream *s;
    CHECK_EQ_U(hg_stream_create(t->ctx, 0, &s), HG_OK);
    triple_args a = {hgt_alloc(t, sizeof in), hgt_alloc(t, sizeof out), N, 0};
    hg_launch_stats stats;
    memset(&stats, 0, sizeof stats);
    CHECK_EQ_U(hg_memset_async(t->ctx, a.out, 0xff, sizeof out, s), HG_OK);
    CHECK_EQ_U(hg_memcpy_htod_async(t->ctx, a.in, in, sizeof in, s), HG_OK);
    CHECK_EQ_U(launch_triple(t, &a, s, &stats), HG_OK);
    a.n = 0; /* parameters were copied at submission */
    CHECK_EQ_U(hg_memcpy_dtoh_async(t->ctx, out, a.out, sizeof out, s), HG_OK);
    CHECK_EQ_U(hg_stream_synchronize(t->ctx, s), HG_OK);
    CHECK_EQ_U(hg_stream_query(t->ctx, s), HG_OK);
    CHECK(check_tripled(in, out, N));
    CHECK_EQ_U(stats.c.thread_insts > 0, 1);
    CHECK_EQ_U(hg_stream_destroy(s), HG_OK);
}

/* A stream blocked by a host function does not hold up another stream's
 * copies or kernels; the blocked stream's later work runs after release. */
static void overlap(hgt *t) {
    static uint32_t in[N], out[N], out2[N];
    for (uint32_t i = 0; i < N; i++)
        in[i] = i;
    hg_stream *a, *b;
    CHECK_EQ_U(hg_stream_create(t->ctx, 0, &a), HG_OK);
    CHECK_EQ_U(hg_stream_create(t->ctx, 0, &b), HG_OK);
    triple_args ta = {hgt_alloc(t, sizeof in), hgt_alloc(t, sizeof out), N, 0};
    triple_args tb = {ta.in, hgt_alloc(t, sizeof out), N, 0};
    hgt_put(t, ta.in, in, sizeof in);
    gate_reset(&g_gate);
    CHECK_EQ_U(hg_host_func(t->ctx, a, gate_wait, &g_gate), HG_OK);
    CHECK_EQ_U(launch_triple(t, &ta, a, NULL), HG_OK);
    CHECK_EQ_U(hg_memcpy_dtoh_async(t->ctx, out, ta.out, sizeof out, a), HG_OK);
    gate_wait_entered(&g_gate);
    CHECK_EQ_U(launch_triple(t, &tb, b, NULL), HG_OK);
    CHECK_EQ_U(hg_memcpy_dtoh_async(t->ctx, out2, tb.out, sizeof out2, b), HG_OK);
    CHECK_EQ_U(hg_stream_synchronize(t->ctx, b), HG_OK);
    CHECK(check_tripled(in, out2, N));
    CHECK_EQ_U(hg_stream_query(t->ctx, a), HG_ERR_NOT_READY);
    gate_open(&g_gate);
    CHECK_EQ_U(hg_stream_synchronize(t->ctx, a), HG_OK);
    CHECK(check_tripled(in, out, N));
    hg_stream_destroy(a);
    hg_stream_destroy(b);
}

/* Events: not ready while the stream is blocked, then complete with
 * ordered timestamps; a stream waiting on an event waits for the work the
 * event covers; never-recorded events are complete but have no time. */
static void events(hgt *t) {
    static uint32_t in[N], out[N];
    for (uint32_t i = 0; i < N; i++)
        in[i] = 3 * i + 2;
    hg_stream *a, *b;
    hg_event *e0, *e1, *never;
    CHECK_EQ_U(hg_stream_create(t->ctx, 0, &a), HG_OK);
    CHECK_EQ_U(hg_stream_create(t->ctx, HG_STREAM_NON_BLOCKING, &b), HG_OK);
    CHECK_EQ_U(hg_event_create(t->ctx, &e0), HG_OK);
    CHECK_EQ_U(hg_event_create(t->ctx, &e1), HG_OK);
    CHECK_EQ_U(hg_event_create(t->ctx, &never), HG_OK);
    triple_args ta = {hgt_alloc(t, sizeof in), hgt_alloc(t, sizeof out), N, 0};
    gate_reset(&g_gate);
    CHECK_EQ_U(hg_event_record(e0, a), HG_OK);
    CHECK_EQ_U(hg_host_func(t->ctx, a, gate_wait, &g_gate), HG_OK);
    CHECK_EQ_U(hg_memcpy_htod_async(t->ctx, ta.in, in, sizeof in, a), HG_OK);
    CHECK_EQ_U(hg_event_record(e1, a), HG_OK);
    /* b's kernel reads what a copies: it must wait for e1 */
    CHECK_EQ_U(hg_stream_wait_event(t->ctx, b, e1), HG_OK);
    CHECK_EQ_U(launch_triple(t, &ta, b, NULL), HG_OK);
    CHECK_EQ_U(hg_memcpy_dtoh_async(t->ctx, out, ta.out, sizeof out, b), HG_OK);
    gate_wait_entered(&g_gate);
    CHECK_EQ_U(hg_event_query(e0), HG_OK);
    CHECK_EQ_U(hg_event_query(e1), HG_ERR_NOT_READY);
    CHECK_EQ_U(hg_stream_query(t->ctx, b), HG_ERR_NOT_READY);
    float ms = -1;
    CHECK_EQ_U(hg_event_elapsed_ms(e0, e1, &ms), HG_ERR_NOT_READY);
    CHECK_EQ_U(hg_event_elapsed_ms(e0, never, &ms), HG_ERR_INVALID_VALUE);
    CHECK_EQ_U(hg_event_query(never), HG_OK);
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
    gate_open(&g_gate);
    CHECK_EQ_U(hg_event_synchronize(e1), HG_OK);
    CHECK_EQ_U(hg_stream_synchronize(t->ctx, b), HG_OK);
    CHECK(check_tripled(in, out, N));
    CHECK_EQ_U(hg_event_elapsed_ms(e0, e1, &ms), HG_OK);
    CHECK(ms >= 19.0f && ms < 20000.0f); /* covers the 20 ms the gate stayed shut */
    uint64_t ns0, ns1;
    CHECK_EQ_U(hg_event_timestamp(e0, &ns0), HG_OK);
    CHECK_EQ_U(hg_event_timestamp(e1, &ns1), HG_OK);
    CHECK(ns1 > ns0);
    /* re-recording on an idle stream completes at once */
    CHECK_EQ_U(hg_event_record(e0, b), HG_OK);
    CHECK_EQ_U(hg_event_query(e0), HG_OK);
    hg_event_destroy(e0);
    hg_event_destroy(e1);
    hg_event_destroy(never);
    hg_stream_destroy(a);
    hg_stream_destroy(b);
}

/* The default stream waits for earlier work in blocking streams (a
 * synchronous copy waits behind a blocked stream) but not for non-blocking
 * streams, and blocking streams wait for earlier default-stream work. */
static void *open_later(void *arg) {
    struct timespec pause = {0, 30 * 1000 * 1000};
    nanosleep(&pause, NULL);
    gate_open(arg);
    return NULL;
}

static void default_stream(hgt *t) {
    uint32_t v = 0x12345678, r = 0;
    uint64_t d = hgt_alloc(t, 4);
    hg_stream *blocking, *nb;
    CHECK_EQ_U(hg_stream_create(t->ctx, 0, &blocking), HG_OK);
    CHECK_EQ_U(hg_stream_create(t->ctx, HG_STREAM_NON_BLOCKING, &nb), HG_OK);

    /* a blocked non-blocking stream does not hold up the default stream */
    gate_reset(&g_gate);
    CHECK_EQ_U(hg_host_func(t->ctx, nb, gate_wait, &g_gate), HG_OK);
    gate_wait_entered(&g_gate);
    CHECK_EQ_U(hg_memcpy_htod(t->ctx, d, &v, 4), HG_OK);
    CHECK_EQ_U(hg_memcpy_dtoh(t->ctx, &r, d, 4), HG_OK);
    CHECK_EQ_U(r, v);
    CHECK_EQ_U(hg_stream_query(t->ctx, nb), HG_ERR_NOT_READY);
    gate_open(&g_gate);
    CHECK_EQ_U(hg_stream_synchronize(t->ctx, nb), HG_OK);

    /* a blocked blocking stream does: the copy returns after the release */
    gate_reset(&g_gate);
    CHECK_EQ_U(hg_host_func(t->ctx, blocking, gate_wait, &g_gate), HG_OK);
    gate_wait_entered(&g_gate);
    pthread_t th;
    pthread_create(&th, NULL, open_later, &g_gate);
    v = 0xcafef00d;
    CHECK_EQ_U(hg_memcpy_htod(t->ctx, d, &v, 4), HG_OK);
    pthread_mutex_lock(&g_gate.lock);
    CHECK_EQ_U(g_gate.open, 1);
    pthread_mutex_unlock(&g_gate.lock);
    pthread_join(th, NULL);
    CHECK_EQ_U(hg_memcpy_dtoh(t->ctx, &r, d, 4), HG_OK);
    CHECK_EQ_U(r, v);

    /* and blocking streams wait for earlier default-stream work */
    gate_reset(&g_gate);
    CHECK_EQ_U(hg_host_func(t->ctx, NULL, gate_wait, &g_gate), HG_OK);
    gate_wait_entered(&g_gate);
    CHECK_EQ_U(hg_memset_async(t->ctx, d, 0, 4, blocking), HG_OK);
    CHECK_EQ_U(hg_memset_async(t->ctx, d, 1, 2, nb), HG_OK);
    CHECK_EQ_U(hg_stream_synchronize(t->ctx, nb), HG_OK);
    CHECK_EQ_U(hg_stream_query(t->ctx, blocking), HG_ERR_NOT_READY);
    gate_open(&g_gate);
    CHECK_EQ_U(hg_stream_synchronize(t->ctx, blocking), HG_OK);
    CHECK_EQ_U(*(uint32_t *)hg_host_ptr(t->ctx, d, 4), 0);
    hg_stream_destroy(blocking);
    hg_stream_destroy(nb);
}

/* The observer sees every op with its engine and times; kernels carry stats. */
typedef struct seen {
    int ops[8], kernels_with_stats;
    uint64_t bytes;
    int bad_times;
} seen;

static void observe(void *arg, const hg_op_record *r) {
    seen *s = arg;
    s->ops[r->kind]++;
    s->bytes += r->bytes;
    if (r->kind == HG_OP_KERNEL && r->stats && r->stats->c.warp_insts && !strcmp(r->kernel, "triple"))
        s->kernels_with_stats++;
    if (r->end_ns < r->start_ns || r->start_ns < r->submit_ns)
        s->bad_times++;
}

static void observer(hgt *t) {
    static uint32_t buf[N];
    seen s;
    memset(&s, 0, sizeof s);
    triple_args a = {hgt_alloc(t, sizeof buf), hgt_alloc(t, sizeof buf), N, 0};
    hg_event *e;
    hg_event_create(t->ctx, &e);
    hg_ctx_set_observer(t->ctx, observe, &s);
    hg_memcpy_htod_async(t->ctx, a.in, buf, sizeof buf, NULL);
    launch_triple(t, &a, NULL, NULL);
    hg_event_record(e, NULL);
    hg_memcpy_dtod_async(t->ctx, a.in, a.out, sizeof buf, NULL);
    hg_memcpy_dtoh(t->ctx, buf, a.in, sizeof buf);
    hg_ctx_set_observer(t->ctx, NULL, NULL);
    CHECK_EQ_U(s.ops[HG_OP_HTOD], 1);
    CHECK_EQ_U(s.ops[HG_OP_KERNEL], 1);
    CHECK_EQ_U(s.ops[HG_OP_EVENT], 1);
    CHECK_EQ_U(s.ops[HG_OP_DTOD], 1);
    CHECK_EQ_U(s.ops[HG_OP_DTOH], 1);
    CHECK_EQ_U(s.kernels_with_stats, 1);
    CHECK_EQ_U(s.bytes, 3 * sizeof buf);
    CHECK_EQ_U(s.bad_times, 0);
    hg_event_destroy(e);
}

/* Bad arguments are refused at submission and change nothing. */
static void bad_arguments(hgt *t, hgt *other) {
    uint32_t x = 0;
    uint64_t d = hgt_alloc(t, 16);
    hg_stream *foreign;
    CHECK_EQ_U(hg_stream_create(other->ctx, 0, &foreign), HG_OK);
    CHECK_EQ_U(hg_memcpy_htod_async(t->ctx, d + 16, &x, 4, NULL), HG_ERR_INVALID_VALUE);
    CHECK_EQ_U(hg_memcpy_dtoh_async(t->ctx, &x, d + 12, 8, NULL), HG_ERR_INVALID_VALUE);
    CHECK_EQ_U(hg_memcpy_dtoh_async(t->ctx, NULL, d, 4, NULL), HG_ERR_INVALID_VALUE);
    CHECK_EQ_U(hg_memset_async(t->ctx, d, 0, 4, foreign), HG_ERR_INVALID_VALUE);
    CHECK_EQ_U(hg_memcpy_htod_async(t->ctx, d, &x, 0, NULL), HG_OK); /* empty copy */
    CHECK_EQ_U(hg_stream_create(t->ctx, 0x80, &foreign), HG_ERR_INVALID_VALUE);
    CHECK_EQ_U(hg_host_func(t->ctx, NULL, NULL, NULL), HG_ERR_INVALID_VALUE);
    triple_args a = {d, d, 4, 0};
    hg_launch_params p = {hgt_dim(1, 1, 1), hgt_dim(2048, 1, 1), 0, &a, sizeof a};
    CHECK_EQ_U(hg_launch_async(t->ctx, hg_module_kernel(t->mod, "triple"), &p, NULL, NULL),
               HG_ERR_LAUNCH_CONFIG);
    CHECK_EQ_U(hg_ctx_synchronize(t->ctx), HG_OK);
    CHECK_EQ_U(hg_ctx_sticky(t->ctx), HG_OK);
}

/* A fault in an asynchronous kernel: later work in every stream is skipped,
 * the synchronising calls and new submissions report the sticky error. */
static void async_fault(hgt *t) {
    uint32_t marker = 7, r = 0;
    uint64_t d = hgt_alloc(t, 4);
    hgt_put(t, d, &marker, 4);
    hg_stream *s;
    CHECK_EQ_U(hg_stream_create(t->ctx, 0, &s), HG_OK);
    hg_launch_params p = {hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), 0, NULL, 0};
    CHECK_EQ_U(hg_launch_async(t->ctx, hg_module_kernel(t->mod, "oob"), &p, s, NULL), HG_OK);
    marker = 9;
    /* skipped if queued; refused if the kernel has already faulted */
    hg_status st = hg_memcpy_htod_async(t->ctx, d, &marker, 4, s);
    CHECK(st == HG_OK || st == HG_ERR_STICKY);
    CHECK_EQ_U(hg_stream_synchronize(t->ctx, s), HG_ERR_KERNEL_FAULT);
    CHECK_EQ_U(hg_stream_query(t->ctx, s), HG_ERR_KERNEL_FAULT);
    CHECK_EQ_U(hg_ctx_synchronize(t->ctx), HG_ERR_KERNEL_FAULT);
    CHECK_EQ_U(hg_memcpy_dtoh_async(t->ctx, &r, d, 4, s), HG_ERR_STICKY);
    CHECK_EQ_U(*(uint32_t *)hg_host_ptr(t->ctx, d, 4), 7);
    hg_fault f;
    hg_ctx_fault(t->ctx, &f);
    CHECK_EQ_U(f.kind, HG_FAULT_OUT_OF_BOUNDS);
    CHECK(!strcmp(f.kernel, "oob"));
    hg_stream_destroy(s);
}

/* Destroying a stream or freeing a buffer with work queued: the work still
 * completes first. */
static void destroy_with_work(hgt *t) {
    static uint32_t in[N], out[N];
    for (uint32_t i = 0; i < N; i++)
        in[i] = i ^ 0x55;
    memset(out, 0, sizeof out);
    hg_stream *s;
    CHECK_EQ_U(hg_stream_create(t->ctx, 0, &s), HG_OK);
    triple_args a = {hgt_alloc(t, sizeof in), hgt_alloc(t, sizeof out), N, 0};
    gate_reset(&g_gate);
    hg_host_func(t->ctx, s, gate_wait, &g_gate);
    hg_memcpy_htod_async(t->ctx, a.in, in, sizeof in, s);
    launch_triple(t, &a, s, NULL);
    hg_memcpy_dtoh_async(t->ctx, out, a.out, sizeof out, s);
    CHECK_EQ_U(hg_stream_destroy(s), HG_OK);
    gate_wait_entered(&g_gate);
    pthread_t th;
    pthread_create(&th, NULL, open_later, &g_gate);
    CHECK_EQ_U(hg_free(t->ctx, a.in), HG_OK); /* waits for the queued kernel */
    pthread_join(th, NULL);
    CHECK(check_tripled(in, out, N));
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 2;
    hgt t, other;
    hgt_open(&t, "teach", threads);
    hgt_open(&other, "teach", threads);
    hgt_load(&t, kernels);
    in_order(&t);
    overlap(&t);
    events(&t);
    default_stream(&t);
    observer(&t);
    bad_arguments(&t, &other);
    destroy_with_work(&t);
    async_fault(&t);
    hgt_close(&other);
    hgt_close(&t);
    return hgt_finish("test_streams");
}
