/* test_streams.c -- streams and events: handles, ordering within a stream
 * and across streams (waits, the legacy default stream, non-blocking
 * streams), queries, host functions and callbacks, elapsed time.  Streams
 * are held back by a gate (a host function that waits for the test), so
 * "not done yet" is certain rather than a matter of timing. */
#include <semaphore.h>
#include <string.h>

#include "rt_kernels.h"

static void **fatbin;
__attribute__((constructor)) static void register_code(void) {
    fatbin = rt_register_kernels();
}

static sem_t gate;
static void wait_gate(void *arg) {
    (void)arg;
    sem_wait(&gate);
}

static void test_handles(void) {
    hcStream_t s, nb;
    hcEvent_t e;
    unsigned flags = 99;
    CHECK_OK(hcStreamCreate(&s));
    CHECK_OK(hcStreamCreateWithFlags(&nb, hcStreamNonBlocking));
    CHECK_OK(hcStreamGetFlags(nb, &flags));
    CHECK(flags == hcStreamNonBlocking);
    CHECK_OK(hcStreamGetFlags(0, &flags));
    CHECK(flags == hcStreamDefault);
    CHECK_ERR(hcStreamCreateWithFlags(&s, 0x80), hcErrorInvalidValue);
    CHECK_OK(hcEventCreate(&e));
    /* an event is not a stream and vice versa */
    CHECK_ERR(hcStreamDestroy((hcStream_t)e), hcErrorInvalidResourceHandle);
    CHECK_ERR(hcEventDestroy((hcEvent_t)s), hcErrorInvalidResourceHandle);
    CHECK_ERR(hcStreamDestroy(0), hcErrorInvalidResourceHandle);
    CHECK_OK(hcStreamDestroy(s));
    CHECK_ERR(hcStreamDestroy(s), hcErrorInvalidResourceHandle);
    CHECK_ERR(hcStreamSynchronize(s), hcErrorInvalidResourceHandle);
    CHECK_OK(hcEventDestroy(e));
    CHECK_ERR(hcEventRecord(e, 0), hcErrorInvalidResourceHandle);
    CHECK_OK(hcStreamDestroy(nb));
    int lo = 1, hi = 1;
    CHECK_OK(hcDeviceGetStreamPriorityRange(&lo, &hi));
    CHECK(lo == 0 && hi == 0);
    CHECK_OK(hcStreamCreateWithPriority(&s, 0, -1));
    CHECK_OK(hcStreamDestroy(s));
    CHECK_OK(hcStreamSynchronize(hcStreamLegacy));
    CHECK_OK(hcStreamSynchronize(hcStreamPerThread));
}

static void test_events(void) {
    hcEvent_t a, b, nt;
    unsigned *d;
    CHECK_OK(hcMalloc((void **)&d, 4));
    CHECK_OK(hcEventCreate(&a));
    CHECK_OK(hcEventCreateWithFlags(&b, hcEventBlockingSync));
    CHECK_OK(hcEventCreateWithFlags(&nt, hcEventDisableTiming));
    CHECK_ERR(hcEventCreateWithFlags(&nt, hcEventInterprocess), hcErrorNotSupported);
    float ms = -1;
    CHECK_ERR(hcEventElapsedTime(&ms, a, b), hcErrorInvalidResourceHandle); /* never recorded */
    CHECK_OK(hcEventQuery(a)); /* never recorded: complete */
    CHECK_OK(hcEventRecord(a, 0));
    RT_LAUNCH(spin, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 0, 0, (200000, d));
    CHECK_OK(hcEventRecord(b, 0));
    CHECK_OK(hcEventRecord(nt, 0));
    CHECK_OK(hcEventSynchronize(b));
    CHECK_OK(hcEventQuery(b));
    CHECK_OK(hcEventElapsedTime(&ms, a, b));
    CHECK(ms > 0.0f); /* the kernel took some time; no bound on how much */
    CHECK_ERR(hcEventElapsedTime(&ms, a, nt), hcErrorInvalidResourceHandle);
    unsigned iters = 0;
    CHECK_OK(hcMemcpy(&iters, d, 4, hcMemcpyDeviceToHost));
    CHECK(iters == 200000);

    /* a gated stream: its event and the stream are not ready until the gate opens */
    hcGetLastError(); /* forget the errors provoked above */
    hcStream_t s;
    CHECK_OK(hcStreamCreate(&s));
    CHECK_OK(hcLaunchHostFunc(s, wait_gate, NULL));
    CHECK_OK(hcEventRecord(a, s));
    CHECK_ERR(hcEventQuery(a), hcErrorNotReady);
    CHECK_ERR(hcStreamQuery(s), hcErrorNotReady);
    CHECK_ERR(hcEventElapsedTime(&ms, b, a), hcErrorNotReady);
    CHECK_OK(hcGetLastError()); /* "not ready" is not an error */
    sem_post(&gate);
    CHECK_OK(hcEventSynchronize(a));
    CHECK_OK(hcStreamQuery(s));
    CHECK_OK(hcStreamDestroy(s));
    CHECK_OK(hcEventDestroy(a));
    CHECK_OK(hcEventDestroy(b));
    CHECK_OK(hcEventDestroy(nt));
    CHECK_OK(hcFree(d));
}

/* host functions and callbacks run in stream order, after the work before them */
static unsigned log_[8];
static int nlog;
static unsigned *result; /* pinned: written by a download before the callback */

static void host_fn(void *arg) {
    log_[nlog++] = (unsigned)(uintptr_t)arg;
}
static void callback(hcStream_t s, hcError_t status, void *arg) {
    log_[nlog++] = status == hcSuccess ? (unsigned)(uintptr_t)arg + result[0] : 0;
    (void)s;
}

static void test_host_functions(void) {
    hcStream_t s;
    unsigned *d;
    CHECK_OK(hcStreamCreate(&s));
    CHECK_OK(hcMalloc((void **)&d, 64));
    CHECK_OK(hcMallocHost((void **)&result, 64));
    result[0] = 0;
    CHECK_OK(hcLaunchHostFunc(s, host_fn, (void *)1));
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 0, s, (d, 1000u, 16));
    CHECK_OK(hcMemcpyAsync(result, d, 64, hcMemcpyDeviceToHost, s));
    CHECK_OK(hcStreamAddCallback(s, callback, (void *)2, 0));
    CHECK_OK(hcLaunchHostFunc(s, host_fn, (void *)3));
    CHECK_ERR(hcStreamAddCallback(s, callback, NULL, 1), hcErrorInvalidValue);
    CHECK_OK(hcStreamSynchronize(s));
    CHECK(nlog == 3 && log_[0] == 1 && log_[1] == 1002 && log_[2] == 3);
    CHECK_OK(hcStreamDestroy(s));
    CHECK_OK(hcFreeHost(result));
    CHECK_OK(hcFree(d));
}

static void test_ordering(void) {
    hcStream_t a, b, nb;
    hcEvent_t e;
    unsigned *d, h[4];
    CHECK_OK(hcStreamCreate(&a));
    CHECK_OK(hcStreamCreate(&b));
    CHECK_OK(hcStreamCreateWithFlags(&nb, hcStreamNonBlocking));
    CHECK_OK(hcEventCreateWithFlags(&e, hcEventDisableTiming));
    CHECK_OK(hcMalloc((void **)&d, 64));
    CHECK_OK(hcMemset(d, 0, 64));

    /* b waits for an event recorded in a */
    CHECK_OK(hcLaunchHostFunc(a, wait_gate, NULL));
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 0, a, (d, 10u, 4));
    CHECK_OK(hcEventRecord(e, a));
    CHECK_OK(hcStreamWaitEvent(b, e, 0));
    CHECK_OK(hcMemcpyAsync(d + 2, d, 4, hcMemcpyDeviceToDevice, b)); /* d[2] = d[0] */
    CHECK_ERR(hcStreamQuery(b), hcErrorNotReady);
    CHECK_ERR(hcStreamWaitEvent(b, e, 1), hcErrorInvalidValue);
    sem_post(&gate);
    CHECK_OK(hcStreamSynchronize(b));
    CHECK_OK(hcMemcpy(h, d, 16, hcMemcpyDeviceToHost));
    CHECK(h[0] == 10 && h[1] == 11 && h[2] == 10 && h[3] == 13);

    /* the legacy default stream waits for blocking streams ... */
    CHECK_OK(hcLaunchHostFunc(a, wait_gate, NULL));
    CHECK_OK(hcMemsetAsync(d, 0, 4, 0));
    CHECK_ERR(hcStreamQuery(0), hcErrorNotReady);
    sem_post(&gate);
    CHECK_OK(hcStreamSynchronize(0));
    /* ... but not for non-blocking ones */
    CHECK_OK(hcLaunchHostFunc(nb, wait_gate, NULL));
    CHECK_OK(hcMemsetAsync(d, 0, 4, 0));
    CHECK_OK(hcStreamSynchronize(0));
    CHECK_ERR(hcStreamQuery(nb), hcErrorNotReady);
    sem_post(&gate);
    CHECK_OK(hcDeviceSynchronize());
    CHECK_OK(hcStreamQuery(nb));

    CHECK_OK(hcEventDestroy(e));
    CHECK_OK(hcStreamDestroy(a));
    CHECK_OK(hcStreamDestroy(b));
    CHECK_OK(hcStreamDestroy(nb));
    CHECK_OK(hcFree(d));
}

/* Work queued in a stream that is then destroyed still completes. */
static void test_destroy_busy(void) {
    hcStream_t s;
    unsigned *d, h = 0;
    CHECK_OK(hcStreamCreate(&s));
    CHECK_OK(hcMalloc((void **)&d, 4));
    CHECK_OK(hcLaunchHostFunc(s, wait_gate, NULL));
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(1, 1, 1), 0, s, (d, 77u, 1));
    CHECK_OK(hcStreamDestroy(s));
    sem_post(&gate);
    CHECK_OK(hcDeviceSynchronize());
    CHECK_OK(hcMemcpy(&h, d, 4, hcMemcpyDeviceToHost));
    CHECK(h == 77);
    CHECK_OK(hcFree(d));
}

int main(void) {
    rt_node("gpus = 1\npreset = teach\ngpu.0.memory = 64M\n");
    sem_init(&gate, 0, 0);
    test_handles();
    test_events();
    test_host_functions();
    test_ordering();
    test_destroy_busy();
    sem_destroy(&gate);
    return rt_finish("test_streams");
}
