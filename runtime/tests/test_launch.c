/* test_launch.c -- launches as clang lowers `k<<<...>>>(args)`: the call
 * configuration, argument packing from the kernel's metadata, launch
 * errors that are not sticky, kernel attributes and occupancy. */
#include <string.h>

#include "rt_kernels.h"

static void **fatbin;
__attribute__((constructor)) static void register_code(void) {
    fatbin = rt_register_kernels();
}

static void test_vector_add(void) {
    enum { N = 1000 };
    float a[N], b[N], c[N], *da, *db, *dc;
    for (int i = 0; i < N; i++) {
        a[i] = (float)i;
        b[i] = 2.0f * (float)i;
    }
    CHECK_OK(hcMalloc((void **)&da, sizeof a));
    CHECK_OK(hcMalloc((void **)&db, sizeof b));
    CHECK_OK(hcMalloc((void **)&dc, sizeof c));
    CHECK_OK(hcMemcpy(da, a, sizeof a, hcMemcpyHostToDevice));
    CHECK_OK(hcMemcpy(db, b, sizeof b, hcMemcpyHostToDevice));
    RT_LAUNCH(vector_add, rt_dim((N + 255) / 256, 1, 1), rt_dim(256, 1, 1), 0, 0, (da, db, dc, N));
    CHECK_OK(hcGetLastError());
    CHECK_OK(hcMemcpy(c, dc, sizeof c, hcMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < N; i++)
        bad += c[i] != 3.0f * (float)i;
    CHECK(bad == 0);

    /* the runtime API form, with a stream */
    hcStream_t s;
    CHECK_OK(hcStreamCreate(&s));
    int n = N;
    void *args[] = {&db, &db, &dc, &n};
    CHECK_OK(
        hcLaunchKernel((const void *)vector_add, rt_dim(4, 1, 1), rt_dim(256, 1, 1), args, 0, s));
    CHECK_OK(hcStreamSynchronize(s));
    CHECK_OK(hcMemcpy(c, dc, sizeof c, hcMemcpyDeviceToHost));
    CHECK(c[10] == 40.0f && c[N - 1] == 4.0f * (N - 1));
    CHECK_ERR(
        hcLaunchKernel((const void *)vector_add, rt_dim(4, 1, 1), rt_dim(256, 1, 1), NULL, 0, s),
        hcErrorInvalidValue);
    CHECK_OK(hcStreamDestroy(s));
    CHECK_OK(hcFree(da));
    CHECK_OK(hcFree(db));
    CHECK_OK(hcFree(dc));
}

static void test_params(void) {
    unsigned char *d, out[40];
    CHECK_OK(hcMalloc((void **)&d, sizeof out));
    CHECK_OK(hcMemset(d, 0, sizeof out));
    RT_LAUNCH(params, rt_dim(1, 1, 1), rt_dim(1, 1, 1), 0, 0,
              ('x', -2.5, (short)-1234, -9876543210123LL, 1.25f, d));
    CHECK_OK(hcMemcpy(out, d, sizeof out, hcMemcpyDeviceToHost));
    double dv;
    short sv;
    long long qv;
    float fv;
    memcpy(&dv, out + 8, 8);
    memcpy(&sv, out + 16, 2);
    memcpy(&qv, out + 24, 8);
    memcpy(&fv, out + 32, 4);
    CHECK(out[0] == 'x' && dv == -2.5 && sv == -1234 && qv == -9876543210123LL && fv == 1.25f);
    CHECK_OK(hcFree(d));
}

static void test_launch_errors(void) {
    unsigned *d;
    CHECK_OK(hcMalloc((void **)&d, 4096));
    hcGetLastError();
    /* a bad configuration is reported at launch and is not sticky */
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(2048, 1, 1), 0, 0, (d, 1u, 10));
    CHECK_ERR(hcPeekAtLastError(), hcErrorInvalidConfiguration);
    CHECK_ERR(hcGetLastError(), hcErrorInvalidConfiguration);
    CHECK_ERR(hcGetLastError(), hcSuccess);
    RT_LAUNCH(fill, rt_dim(0, 1, 1), rt_dim(32, 1, 1), 0, 0, (d, 1u, 10));
    CHECK_ERR(hcGetLastError(), hcErrorInvalidConfiguration);
    /* more dynamic shared memory than a block may have */
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 48 * 1024 + 4, 0, (d, 1u, 10));
    CHECK_ERR(hcGetLastError(), hcErrorLaunchOutOfResources);
    /* a stub nobody registered */
    int not_a_kernel;
    void *none[1] = {0};
    CHECK_ERR(hcLaunchKernel(&not_a_kernel, rt_dim(1, 1, 1), rt_dim(1, 1, 1), none, 0, 0),
              hcErrorInvalidDeviceFunction);
    CHECK_ERR(hcLaunchKernel((const void *)fill, rt_dim(1, 1, 1), rt_dim(1, 1, 1), none, 0,
                             (hcStream_t)&not_a_kernel),
              hcErrorInvalidResourceHandle);
    /* a pop without a push, as a stub called directly would do */
    dim3 g, b;
    size_t sh;
    hcStream_t st;
    CHECK(__cudaPopCallConfiguration(&g, &b, &sh, &st) != 0);
    /* nested pushes pop in reverse order */
    CHECK(__cudaPushCallConfiguration(rt_dim(1, 1, 1), rt_dim(2, 1, 1), 3, 0) == 0);
    CHECK(__cudaPushCallConfiguration(rt_dim(4, 1, 1), rt_dim(5, 1, 1), 6, 0) == 0);
    CHECK(__cudaPopCallConfiguration(&g, &b, &sh, &st) == 0 && g.x == 4 && b.x == 5 && sh == 6);
    CHECK(__cudaPopCallConfiguration(&g, &b, &sh, &st) == 0 && g.x == 1 && b.x == 2 && sh == 3);

    /* the device still works */
    hcGetLastError();
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 0, 0, (d, 7u, 10));
    unsigned h[10];
    CHECK_OK(hcMemcpy(h, d, sizeof h, hcMemcpyDeviceToHost));
    CHECK(h[0] == 7 && h[9] == 16);
    CHECK_OK(hcGetLastError());
    CHECK_OK(hcFree(d));
}

static void test_attributes(void) {
    hcFuncAttributes a;
    CHECK_OK(hcFuncGetAttributes(&a, (const void *)heavy));
    CHECK(a.numRegs == 64 && a.sharedSizeBytes == 1024 && a.localSizeBytes == 256);
    CHECK(a.constSizeBytes == 4); /* the module's __constant__ scale */
    CHECK(a.maxThreadsPerBlock == 512);
    CHECK(a.ptxVersion == 80 && a.binaryVersion == 80);
    CHECK(a.maxDynamicSharedSizeBytes == 48 * 1024 - 1024);
    int unknown;
    CHECK_ERR(hcFuncGetAttributes(&a, &unknown), hcErrorInvalidDeviceFunction);

    /* a lower dynamic shared memory limit is enforced at launch */
    CHECK_OK(
        hcFuncSetAttribute((const void *)fill, hcFuncAttributeMaxDynamicSharedMemorySize, 1024));
    CHECK_OK(hcFuncGetAttributes(&a, (const void *)fill));
    CHECK(a.maxDynamicSharedSizeBytes == 1024);
    unsigned *d;
    CHECK_OK(hcMalloc((void **)&d, 64));
    hcGetLastError();
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 2048, 0, (d, 1u, 1));
    CHECK_ERR(hcGetLastError(), hcErrorInvalidValue);
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 1024, 0, (d, 1u, 1));
    CHECK_OK(hcDeviceSynchronize());
    CHECK_ERR(
        hcFuncSetAttribute((const void *)fill, hcFuncAttributeMaxDynamicSharedMemorySize, 1 << 20),
        hcErrorInvalidValue);
    CHECK_OK(
        hcFuncSetAttribute((const void *)fill, hcFuncAttributePreferredSharedMemoryCarveout, 50));
    CHECK_ERR(hcFuncSetAttribute((const void *)fill, (hcFuncAttribute)99, 0), hcErrorInvalidValue);
    CHECK_OK(hcFree(d));
}

static void test_occupancy(void) {
    /* teach: 32 warps, 8 blocks, 32768 registers per SM; vector_add uses
     * 12 registers (one 512-register allocation per warp) */
    int n;
    CHECK_OK(hcOccupancyMaxActiveBlocksPerMultiprocessor(&n, (const void *)vector_add, 256, 0));
    CHECK(n == 4); /* by warps */
    CHECK_OK(hcOccupancyMaxActiveBlocksPerMultiprocessor(&n, (const void *)vector_add, 32, 0));
    CHECK(n == 8); /* by blocks */
    CHECK_OK(
        hcOccupancyMaxActiveBlocksPerMultiprocessor(&n, (const void *)vector_add, 32, 20 * 1024));
    CHECK(n == 3); /* by shared memory: 64 KiB per SM */
    CHECK_OK(hcOccupancyMaxActiveBlocksPerMultiprocessor(&n, (const void *)heavy, 128, 0));
    CHECK(n == 4); /* by registers: 64 x 32 per warp */
    CHECK_ERR(hcOccupancyMaxActiveBlocksPerMultiprocessor(&n, (const void *)heavy, 0, 0),
              hcErrorInvalidValue);
    int grid, block;
    CHECK_OK(hcOccupancyMaxPotentialBlockSize(&grid, &block, (const void *)vector_add, 0, 0));
    CHECK(block == 1024 && grid == 4);
    CHECK_OK(hcOccupancyMaxPotentialBlockSize(&grid, &block, (const void *)heavy, 0, 0));
    CHECK(block == 512 && grid == 4);
    CHECK_OK(hcOccupancyMaxPotentialBlockSize(&grid, &block, (const void *)vector_add, 0, 100));
    CHECK(block == 100 && grid == 8 * 4); /* the limit itself is tried first, as CUDA does */
}

int main(void) {
    rt_node("gpus = 1\npreset = teach\ngpu.0.memory = 64M\n");
    test_vector_add();
    test_params();
    test_launch_errors();
    test_attributes();
    test_occupancy();
    return rt_finish("test_launch");
}
