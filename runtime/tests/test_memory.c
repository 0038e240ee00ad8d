/* test_memory.c -- device and page-locked memory, every copy direction
 * (synchronous and asynchronous, pinned and pageable), memset, pointer
 * attributes, and device variables through their host shadows. */
#include <semaphore.h>
#include <string.h>

#include "rt_kernels.h"

static void **fatbin;
__attribute__((constructor)) static void register_code(void) {
    fatbin = rt_register_kernels();
}

static int in_gpu0(const void *p) {
    uint64_t a = (uint64_t)(uintptr_t)p, base = 0x0000100000000000ull;
    return a >= base && a < base + (64ull << 20);
}

static void test_malloc(void) {
    void *p = NULL, *q = NULL;
    CHECK_OK(hcMalloc(&p, 1000));
    CHECK(in_gpu0(p));
    CHECK_OK(hcMalloc(&q, 1));
    CHECK(p != q);
    void *z = (void *)1;
    CHECK_OK(hcMalloc(&z, 0));
    CHECK(z == NULL);
    CHECK_OK(hcFree(NULL));
    CHECK_OK(hcFree(p));
    CHECK_ERR(hcFree(p), hcErrorInvalidValue); /* twice */
    int host;
    CHECK_ERR(hcFree(&host), hcErrorInvalidValue);
    CHECK_ERR(hcMalloc(NULL, 4), hcErrorInvalidValue);
    void *huge;
    CHECK_ERR(hcMalloc(&huge, 1ull << 40), hcErrorMemoryAllocation);
    /* a failed call is the last error once, then it is reset */
    CHECK_ERR(hcPeekAtLastError(), hcErrorMemoryAllocation);
    CHECK_ERR(hcGetLastError(), hcErrorMemoryAllocation);
    CHECK_ERR(hcGetLastError(), hcSuccess);
    CHECK_OK(hcFree(q));

    size_t free0, total, free1;
    CHECK_OK(hcMemGetInfo(&free0, &total));
    CHECK(total == 64ull << 20);
    CHECK_OK(hcMalloc(&p, 1 << 20));
    CHECK_OK(hcMemGetInfo(&free1, &total));
    CHECK(free1 + (1 << 20) <= free0);
    CHECK_OK(hcFree(p));
}

static void test_copies(void) {
    enum { N = 4096 };
    unsigned *h = malloc(N * 4), *back = malloc(N * 4), *d1, *d2;
    for (unsigned i = 0; i < N; i++)
        h[i] = i * 7;
    CHECK_OK(hcMalloc((void **)&d1, N * 4));
    CHECK_OK(hcMalloc((void **)&d2, N * 4));
    CHECK_OK(hcMemcpy(d1, h, N * 4, hcMemcpyHostToDevice));
    CHECK_OK(hcMemcpy(d2, d1, N * 4, hcMemcpyDeviceToDevice));
    memset(back, 0, N * 4);
    CHECK_OK(hcMemcpy(back, d2, N * 4, hcMemcpyDeviceToHost));
    CHECK(memcmp(back, h, N * 4) == 0);
    /* the kind from the pointers */
    memset(back, 0, N * 4);
    CHECK_OK(hcMemcpy(d2 + 1, d1, 8, hcMemcpyDefault));
    CHECK_OK(hcMemcpy(back, d2, 12, hcMemcpyDefault));
    CHECK(back[0] == 0 && back[1] == 0 && back[2] == 7);
    CHECK_OK(hcMemcpy(back, h, 16, hcMemcpyHostToHost));
    CHECK(back[3] == 21);
    /* a kind the pointers contradict, an unknown kind, a range past the end */
    CHECK_ERR(hcMemcpy(back, d1, 4, hcMemcpyHostToDevice), hcErrorInvalidValue);
    CHECK_ERR(hcMemcpy(d1, h, 4, (hcMemcpyKind)7), hcErrorInvalidMemcpyDirection);
    CHECK_ERR(hcMemcpy(d1, h, N * 4 + 4, hcMemcpyHostToDevice), hcErrorInvalidValue);
    CHECK_OK(hcMemcpy(d1, h, 0, hcMemcpyHostToDevice));

    CHECK_OK(hcMemset(d1, 0xab, N * 4));
    CHECK_OK(hcMemcpy(back, d1, N * 4, hcMemcpyDeviceToHost));
    CHECK(back[0] == 0xabababab && back[N - 1] == 0xabababab);
    hcStream_t s;
    CHECK_OK(hcStreamCreate(&s));
    CHECK_OK(hcMemsetAsync(d1 + 8, 0, 8, s));
    CHECK_OK(hcStreamSynchronize(s));
    CHECK_OK(hcMemcpy(back, d1, 64, hcMemcpyDeviceToHost));
    CHECK(back[7] == 0xabababab && back[8] == 0 && back[9] == 0 && back[10] == 0xabababab);
    CHECK_ERR(hcMemset(h, 0, 4), hcErrorInvalidValue); /* not device memory */
    CHECK_OK(hcStreamDestroy(s));
    CHECK_OK(hcFree(d1));
    CHECK_OK(hcFree(d2));
    free(h);
    free(back);
}

static void test_pinned(void) {
    void *p, *q;
    CHECK_OK(hcMallocHost(&p, 10000));
    CHECK(((uintptr_t)p & 4095) == 0);
    CHECK_OK(hcHostAlloc(&q, 100, hcHostAllocPortable));
    CHECK_ERR(hcHostAlloc(&q, 100, hcHostAllocMapped), hcErrorNotSupported);
    char stack[64];
    CHECK_ERR(hcFreeHost(stack), hcErrorInvalidValue);
    CHECK_OK(hcFreeHost(q));
    CHECK_OK(hcFreeHost(NULL));

    hcPointerAttributes a;
    CHECK_OK(hcPointerGetAttributes(&a, (char *)p + 100));
    CHECK(a.type == hcMemoryTypeHost && a.hostPointer == (char *)p + 100 &&
          a.devicePointer == NULL);
    CHECK_OK(hcPointerGetAttributes(&a, stack));
    CHECK(a.type == hcMemoryTypeUnregistered);
    void *d;
    CHECK_OK(hcMalloc(&d, 64));
    CHECK_OK(hcPointerGetAttributes(&a, (char *)d + 8));
    CHECK(a.type == hcMemoryTypeDevice && a.device == 0 && a.devicePointer == (char *)d + 8);
    CHECK_ERR(hcPointerGetAttributes(&a, (char *)d + (32 << 20)), hcErrorInvalidValue);
    CHECK_OK(hcFree(d));

    /* registering memory makes it page-locked for the runtime */
    static char reg[8192];
    CHECK_OK(hcHostRegister(reg, sizeof reg, hcHostRegisterDefault));
    CHECK_ERR(hcHostRegister(reg + 100, 10, 0), hcErrorHostMemoryAlreadyRegistered);
    CHECK_OK(hcPointerGetAttributes(&a, reg + 5));
    CHECK(a.type == hcMemoryTypeHost);
    CHECK_ERR(hcFreeHost(reg), hcErrorInvalidValue); /* registered, not allocated */
    CHECK_OK(hcHostUnregister(reg));
    CHECK_ERR(hcHostUnregister(reg), hcErrorHostMemoryNotRegistered);
    CHECK_OK(hcFreeHost(p));
}

/* A gate: a host function that blocks its stream until the test opens it,
 * so that "the copy has not happened yet" is certain, not a race. */
static sem_t gate;
static void wait_gate(void *arg) {
    (void)arg;
    sem_wait(&gate);
}

static void test_async(void) {
    enum { N = 1024 };
    hcStream_t s;
    unsigned *d, *pinned, *pageable = malloc(N * 4), *out;
    CHECK_OK(hcStreamCreate(&s));
    CHECK_OK(hcMalloc((void **)&d, N * 4));
    CHECK_OK(hcMallocHost((void **)&pinned, N * 4));
    CHECK_OK(hcMallocHost((void **)&out, N * 4));
    sem_init(&gate, 0, 0);

    /* pageable upload: staged at the call, so changing the source after it
     * does not change what arrives */
    for (int i = 0; i < N; i++)
        pageable[i] = 1;
    CHECK_OK(hcLaunchHostFunc(s, wait_gate, NULL));
    CHECK_OK(hcMemcpyAsync(d, pageable, N * 4, hcMemcpyHostToDevice, s));
    for (int i = 0; i < N; i++)
        pageable[i] = 2;
    CHECK_ERR(hcStreamQuery(s), hcErrorNotReady);
    sem_post(&gate);
    CHECK_OK(hcStreamSynchronize(s));
    CHECK_OK(hcMemcpy(out, d, N * 4, hcMemcpyDeviceToHost));
    CHECK(out[0] == 1 && out[N - 1] == 1);

    /* pinned upload: truly asynchronous, the copy reads the source when it runs */
    for (int i = 0; i < N; i++)
        pinned[i] = 3;
    CHECK_OK(hcLaunchHostFunc(s, wait_gate, NULL));
    CHECK_OK(hcMemcpyAsync(d, pinned, N * 4, hcMemcpyHostToDevice, s));
    for (int i = 0; i < N; i++)
        pinned[i] = 4;
    sem_post(&gate);
    CHECK_OK(hcStreamSynchronize(s));
    CHECK_OK(hcMemcpy(out, d, N * 4, hcMemcpyDeviceToHost));
    CHECK(out[0] == 4 && out[N - 1] == 4);

    /* pinned download: returns before the data lands */
    memset(out, 0, N * 4);
    CHECK_OK(hcLaunchHostFunc(s, wait_gate, NULL));
    CHECK_OK(hcMemcpyAsync(out, d, N * 4, hcMemcpyDeviceToHost, s));
    CHECK(out[0] == 0);
    sem_post(&gate);
    CHECK_OK(hcStreamSynchronize(s));
    CHECK(out[0] == 4 && out[N - 1] == 4);

    /* pageable download: the call returns once the data is there */
    memset(pageable, 0, N * 4);
    CHECK_OK(hcMemcpyAsync(pageable, d, N * 4, hcMemcpyDeviceToHost, s));
    CHECK(pageable[0] == 4 && pageable[N - 1] == 4);
    /* device to device in a stream, and host to host in stream order */
    CHECK_OK(hcMemcpyAsync(d + 1, d, 4, hcMemcpyDeviceToDevice, s));
    pageable[0] = 99;
    CHECK_OK(hcMemcpyAsync(out, pageable, 4, hcMemcpyHostToHost, s));
    CHECK_OK(hcStreamSynchronize(s));
    CHECK(out[0] == 99);
    CHECK_ERR(hcMemcpyAsync(d, out, 4, hcMemcpyHostToDevice, (hcStream_t)&gate),
              hcErrorInvalidResourceHandle);

    sem_destroy(&gate);
    CHECK_OK(hcStreamDestroy(s));
    CHECK_OK(hcFreeHost(pinned));
    CHECK_OK(hcFreeHost(out));
    CHECK_OK(hcFree(d));
    free(pageable);
}

static void test_symbols(void) {
    void *addr;
    size_t size;
    CHECK_OK(hcGetSymbolAddress(&addr, &table));
    CHECK(in_gpu0(addr));
    CHECK_OK(hcGetSymbolSize(&size, &table));
    CHECK(size == sizeof table);
    CHECK_OK(hcGetSymbolSize(&size, &scale));
    CHECK(size == 4);
    int unknown;
    CHECK_ERR(hcGetSymbolAddress(&addr, &unknown), hcErrorInvalidSymbol);

    unsigned t[8];
    CHECK_OK(hcMemcpyFromSymbol(t, &table, sizeof t, 0, hcMemcpyDeviceToHost));
    CHECK(t[0] == 1 && t[7] == 8);
    float three = 3.0f;
    CHECK_OK(hcMemcpyToSymbol(&scale, &three, 4, 0, hcMemcpyHostToDevice));
    unsigned patch[2] = {100, 200};
    CHECK_OK(
        hcMemcpyToSymbol(&table, patch, sizeof patch, 2 * sizeof(unsigned), hcMemcpyHostToDevice));
    CHECK_ERR(
        hcMemcpyToSymbol(&table, patch, sizeof patch, 7 * sizeof(unsigned), hcMemcpyHostToDevice),
        hcErrorInvalidValue);
    CHECK_ERR(hcMemcpyToSymbol(&table, patch, 4, 0, hcMemcpyDeviceToHost),
              hcErrorInvalidMemcpyDirection);
    unsigned zero = 0;
    CHECK_OK(hcMemcpyToSymbol(&counter, &zero, 4, 0, hcMemcpyHostToDevice));

    float *out;
    CHECK_OK(hcMalloc((void **)&out, 8 * sizeof(float)));
    hcGetLastError(); /* forget the errors provoked above */
    RT_LAUNCH(scale_table, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 0, 0, (out));
    CHECK_OK(hcGetLastError());
    float o[8];
    CHECK_OK(hcMemcpy(o, out, sizeof o, hcMemcpyDeviceToHost));
    CHECK(o[0] == 3.0f && o[2] == 300.0f && o[3] == 600.0f && o[7] == 24.0f);
    unsigned c;
    CHECK_OK(hcMemcpyFromSymbol(&c, &counter, 4, 0, hcMemcpyDeviceToHost));
    CHECK(c == 8);

    /* asynchronous, and device to device */
    hcStream_t s;
    CHECK_OK(hcStreamCreate(&s));
    unsigned *d;
    CHECK_OK(hcMalloc((void **)&d, 32));
    CHECK_OK(hcMemcpyFromSymbolAsync(d, &table, 32, 0, hcMemcpyDeviceToDevice, s));
    CHECK_OK(hcMemcpyToSymbolAsync(&counter, d + 3, 4, 0, hcMemcpyDefault, s));
    CHECK_OK(hcMemcpyFromSymbolAsync(&c, &counter, 4, 0, hcMemcpyDeviceToHost, s));
    CHECK_OK(hcStreamSynchronize(s));
    CHECK(c == 200);
    CHECK_OK(hcStreamDestroy(s));
    CHECK_OK(hcFree(d));
    CHECK_OK(hcFree(out));
}

int main(void) {
    rt_node("gpus = 1\npreset = teach\ngpu.0.memory = 64M\n");
    test_malloc();
    test_copies();
    test_pinned();
    test_async();
    test_symbols();
    return rt_finish("test_memory");
}
