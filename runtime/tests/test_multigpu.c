/* test_multigpu.c -- a node of two GPUs: per-device memory in the unified
 * address space, modules loaded per device, peer access bookkeeping, peer
 * copies (synchronous, in stream order, and as plain memcpy between
 * devices), streams of one device touching another's memory, waits across
 * devices, and a fault on one device that leaves the other alone. */
#include <semaphore.h>
#include <string.h>

#include "rt_kernels.h"

static void **fatbin;
__attribute__((constructor)) static void register_code(void) {
    fatbin = rt_register_kernels();
}

enum { N = 256 };
static const uint64_t BASE = 0x0000100000000000ull, STRIDE = 0x0000010000000000ull;

static sem_t gate;
static void wait_gate(void *arg) {
    (void)arg;
    sem_wait(&gate);
}

static int on_gpu(const void *p, int gpu) {
    uint64_t a = (uint64_t)(uintptr_t)p;
    return a >= BASE + (uint64_t)gpu * STRIDE && a < BASE + (uint64_t)gpu * STRIDE + (64ull << 20);
}

/* d[i] == base + i for the first n elements */
static int holds(const unsigned *d, unsigned base) {
    unsigned h[N];
    if (hcMemcpy(h, d, sizeof h, hcMemcpyDefault) != hcSuccess)
        return 0;
    for (int i = 0; i < N; i++)
        if (h[i] != base + (unsigned)i)
            return 0;
    return 1;
}

int main(void) {
    rt_node("gpus = 2\npreset = teach\ngpu.0.memory = 64M\ngpu.1.memory = 64M\n");
    sem_init(&gate, 0, 0);
    int n;
    CHECK_OK(hcGetDeviceCount(&n));
    CHECK(n == 2);

    unsigned *d0, *d1, *t0;
    CHECK_OK(hcSetDevice(0));
    CHECK_OK(hcMalloc((void **)&d0, N * 4));
    CHECK_OK(hcMalloc((void **)&t0, N * 4));
    CHECK_OK(hcSetDevice(1));
    CHECK_OK(hcMalloc((void **)&d1, N * 4));
    CHECK(on_gpu(d0, 0) && on_gpu(t0, 0) && on_gpu(d1, 1));
    hcPointerAttributes a;
    CHECK_OK(hcPointerGetAttributes(&a, d1));
    CHECK(a.type == hcMemoryTypeDevice && a.device == 1);

    /* the same kernel on each device (its module loads on each) */
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(N, 1, 1), 0, 0, (d1, 100u, N));
    CHECK_OK(hcSetDevice(0));
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(N, 1, 1), 0, 0, (d0, 200u, N));
    CHECK_OK(hcGetLastError());
    CHECK(holds(d0, 200) && holds(d1, 100)); /* d1 read while device 0 is current */

    /* peer access bookkeeping */
    int can = -1;
    CHECK_OK(hcDeviceCanAccessPeer(&can, 0, 1));
    CHECK(can == 1);
    CHECK_OK(hcDeviceCanAccessPeer(&can, 1, 1));
    CHECK(can == 0);
    CHECK_ERR(hcDeviceCanAccessPeer(&can, 0, 2), hcErrorInvalidDevice);
    CHECK_ERR(hcDeviceDisablePeerAccess(1), hcErrorPeerAccessNotEnabled);
    CHECK_OK(hcDeviceEnablePeerAccess(1, 0));
    CHECK_ERR(hcDeviceEnablePeerAccess(1, 0), hcErrorPeerAccessAlreadyEnabled);
    CHECK_ERR(hcDeviceEnablePeerAccess(0, 0), hcErrorInvalidDevice);
    CHECK_ERR(hcDeviceEnablePeerAccess(1, 5), hcErrorInvalidValue);
    CHECK_OK(hcDeviceDisablePeerAccess(1));

    /* synchronous peer copies, and memcpy between devices */
    CHECK_OK(hcMemcpyPeer(d1, 1, d0, 0, N * 4));
    CHECK(holds(d1, 200));
    CHECK_ERR(hcMemcpyPeer(d1, 0, d0, 0, N * 4), hcErrorInvalidValue); /* d1 is not device 0's */
    CHECK_OK(hcMemcpyPeer(d1, 1, d0, 0, 0));
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(N, 1, 1), 0, 0, (d0, 300u, N));
    CHECK_OK(hcMemcpy(d1, d0, N * 4, hcMemcpyDeviceToDevice));
    CHECK(holds(d1, 300));
    CHECK_OK(hcMemcpy(t0, d1, N * 4, hcMemcpyDefault));
    CHECK(holds(t0, 300));

    /* an asynchronous peer copy is ordered in its stream */
    hcStream_t s0;
    CHECK_OK(hcStreamCreate(&s0));
    CHECK_OK(hcLaunchHostFunc(s0, wait_gate, NULL));
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(N, 1, 1), 0, s0, (d0, 500u, N));
    CHECK_OK(hcMemcpyPeerAsync(d1, 1, d0, 0, N * 4, s0));
    CHECK(holds(d1, 300)); /* not yet: the stream is held */
    sem_post(&gate);
    CHECK_OK(hcStreamSynchronize(s0));
    CHECK(holds(d1, 500));

    /* a stream of device 0 working on device 1's memory */
    CHECK_OK(hcMemsetAsync(d1, 0, N * 4, s0));
    unsigned *pinned;
    CHECK_OK(hcMallocHost((void **)&pinned, N * 4));
    CHECK_OK(hcMemcpyAsync(pinned, d1, N * 4, hcMemcpyDeviceToHost, s0));
    CHECK_OK(hcStreamSynchronize(s0));
    CHECK(pinned[0] == 0 && pinned[N - 1] == 0);

    /* launching into a stream of another device is an error, as in CUDA */
    CHECK_OK(hcSetDevice(1));
    hcGetLastError();
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(N, 1, 1), 0, s0, (d1, 1u, N));
    CHECK_ERR(hcGetLastError(), hcErrorInvalidResourceHandle);

    /* device 0's stream waits for an event of device 1 */
    hcStream_t s1;
    hcEvent_t e1;
    CHECK_OK(hcStreamCreate(&s1));
    CHECK_OK(hcEventCreate(&e1));
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(N, 1, 1), 0, s1, (d1, 900u, N));
    CHECK_OK(hcEventRecord(e1, s1));
    CHECK_ERR(hcEventRecord(e1, s0), hcErrorInvalidResourceHandle); /* a stream of another device */
    CHECK_OK(hcSetDevice(0));
    CHECK_OK(hcStreamWaitEvent(s0, e1, 0));
    CHECK_OK(hcMemcpyPeerAsync(d0, 0, d1, 1, N * 4, s0));
    CHECK_OK(hcStreamSynchronize(s0));
    CHECK(holds(d0, 900));

    /* with peer access, device 1's kernels use device 0's memory directly */
    CHECK_OK(hcSetDevice(1));
    CHECK_OK(hcDeviceEnablePeerAccess(0, 0));
    RT_LAUNCH(copy_words, rt_dim(1, 1, 1), rt_dim(N, 1, 1), 0, 0, (d0, d1, N));
    CHECK_OK(hcDeviceSynchronize());
    CHECK(holds(d1, 900));
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(N, 1, 1), 0, 0, (d0, 1234u, N));
    CHECK_OK(hcDeviceSynchronize());
    CHECK(holds(d0, 1234));
    CHECK_OK(hcDeviceDisablePeerAccess(0));

    /* without it, that is an illegal address -- and device 1's fault alone */
    RT_LAUNCH(copy_words, rt_dim(1, 1, 1), rt_dim(N, 1, 1), 0, 0, (d0, d1, N));
    setenv("HI_QUIET", "1", 1);
    CHECK_ERR(hcDeviceSynchronize(), hcErrorIllegalAddress);
    unsetenv("HI_QUIET");
    CHECK_ERR(hcStreamSynchronize(s1), hcErrorIllegalAddress);
    CHECK_ERR(hcMemcpyPeer(d0, 0, d1, 1, 4), hcErrorIllegalAddress);
    CHECK_OK(hcSetDevice(0));
    CHECK_ERR(hcGetLastError(), hcErrorIllegalAddress); /* this thread's last error, once */
    CHECK_OK(hcGetLastError());                         /* device 0 is not sticky */
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(N, 1, 1), 0, s0, (d0, 7u, N));
    CHECK_OK(hcStreamSynchronize(s0));
    CHECK(holds(d0, 7));
    /* resetting device 1 leaves device 0's memory and streams alone */
    CHECK_OK(hcSetDevice(1));
    CHECK_OK(hcDeviceReset());
    CHECK_ERR(hcStreamSynchronize(s1), hcErrorInvalidResourceHandle);
    CHECK_OK(hcMalloc((void **)&d1, N * 4));
    CHECK_OK(hcSetDevice(0));
    CHECK_OK(hcMemcpyPeerAsync(d1, 1, d0, 0, N * 4, s0));
    CHECK_OK(hcStreamSynchronize(s0));
    CHECK(holds(d1, 7));

    CHECK_OK(hcStreamDestroy(s0));
    CHECK_OK(hcFreeHost(pinned));
    CHECK_OK(hcFree(d0));
    CHECK_OK(hcFree(t0));
    CHECK_OK(hcFree(d1));
    sem_destroy(&gate);
    return rt_finish("test_multigpu");
}
