/* test_compat_c.c -- a C program written against the CUDA runtime API
 * (hc_cuda_compat.h): the cuda* names are functions, types and constants
 * that behave as CUDA's, including in switch labels. */
#include <string.h>

#include "hc_cuda_compat.h"
#include "rt_kernels.h"

__attribute__((constructor)) static void register_code(void) {
    rt_register_kernels();
}

static const char *classify(cudaError_t e) {
    switch (e) {
    case cudaSuccess: return "ok";
    case cudaErrorMemoryAllocation: return "oom";
    case cudaErrorInvalidValue: return "invalid";
    default: return "other";
    }
}

int main(void) {
    rt_node("gpus = 1\npreset = teach\ngpu.0.memory = 64M\n");
    enum { N = 500 };
    float a[N], b[N], c[N], *da, *db, *dc;
    for (int i = 0; i < N; i++) {
        a[i] = (float)i;
        b[i] = 1.0f;
    }
    cudaDeviceProp prop;
    CHECK(cudaGetDeviceProperties(&prop, 0) == cudaSuccess && prop.multiProcessorCount == 4);
    CHECK(cudaMalloc((void **)&da, sizeof a) == cudaSuccess);
    CHECK(cudaMalloc((void **)&db, sizeof b) == cudaSuccess);
    CHECK(cudaMalloc((void **)&dc, sizeof c) == cudaSuccess);
    void *huge;
    CHECK(!strcmp(classify(cudaMalloc(&huge, 1ull << 40)), "oom"));
    CHECK(cudaGetLastError() == cudaErrorMemoryAllocation);
    CHECK(cudaMemcpy(da, a, sizeof a, cudaMemcpyHostToDevice) == cudaSuccess);
    CHECK(cudaMemcpy(db, b, sizeof b, cudaMemcpyHostToDevice) == cudaSuccess);

    cudaStream_t s;
    cudaEvent_t start, stop;
    CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking) == cudaSuccess);
    CHECK(cudaEventCreate(&start) == cudaSuccess);
    CHECK(cudaEventCreateWithFlags(&stop, cudaEventBlockingSync) == cudaSuccess);
    CHECK(cudaEventRecord(start, s) == cudaSuccess);
    RT_LAUNCH(vector_add, rt_dim(2, 1, 1), rt_dim(256, 1, 1), 0, s, (da, db, dc, N));
    CHECK(!strcmp(classify(cudaGetLastError()), "ok"));
    CHECK(cudaEventRecord(stop, s) == cudaSuccess);
    CHECK(cudaEventSynchronize(stop) == cudaSuccess);
    float ms;
    CHECK(cudaEventElapsedTime(&ms, start, stop) == cudaSuccess && ms >= 0.0f);
    CHECK(cudaMemcpyAsync(c, dc, sizeof c, cudaMemcpyDeviceToHost, s) == cudaSuccess);
    CHECK(cudaStreamSynchronize(s) == cudaSuccess);
    CHECK(c[0] == 1.0f && c[N - 1] == (float)N);

    float four = 4.0f;
    size_t size;
    CHECK(cudaMemcpyToSymbol(&scale, &four, sizeof four, 0, cudaMemcpyHostToDevice) == cudaSuccess);
    CHECK(cudaGetSymbolSize(&size, &table) == cudaSuccess && size == 32);
    cudaFuncAttributes attr;
    CHECK(cudaFuncGetAttributes(&attr, (const void *)heavy) == cudaSuccess && attr.numRegs == 64);
    int grid, block;
    CHECK(cudaOccupancyMaxPotentialBlockSize(&grid, &block, (const void *)vector_add, 0, 0) ==
          cudaSuccess);
    int value;
    CHECK(cudaDeviceGetAttribute(&value, cudaDevAttrWarpSize, 0) == cudaSuccess && value == 32);
    CHECK(!strcmp(cudaGetErrorString(cudaErrorIllegalAddress),
                  "an illegal memory access was encountered"));
    CHECK(cudaErrorAssert == 710 && cudaMemcpyDefault == 4);
    CHECK(!strcmp(cudaGetErrorName(cudaErrorIllegalAddress), "cudaErrorIllegalAddress"));

    CHECK(cudaEventDestroy(start) == cudaSuccess);
    CHECK(cudaEventDestroy(stop) == cudaSuccess);
    CHECK(cudaStreamDestroy(s) == cudaSuccess);
    CHECK(cudaFree(da) == cudaSuccess && cudaFree(db) == cudaSuccess &&
          cudaFree(dc) == cudaSuccess);
    CHECK(cudaDeviceSynchronize() == cudaSuccess);
    CHECK(cudaDeviceReset() == cudaSuccess);
    return rt_finish("test_compat_c");
}
