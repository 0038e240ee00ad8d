/* test_compat_cxx.cpp -- the same in C++, with CUDA's C++ conveniences:
 * dim3 constructors, default arguments, cudaMalloc(T **), symbols by
 * reference, kernels by function pointer, cudaLaunchKernel(T *). */
#include <cstring>

#include "hc_cuda_compat.h"
#include "rt_kernels.h"

__attribute__((constructor)) static void register_code(void) {
    rt_register_kernels();
}

int main() {
    rt_node("gpus = 1\npreset = teach\ngpu.0.memory = 64M\n");
    const int n = 300;
    float *a, *b, *c, *pinned;
    CHECK(cudaMalloc(&a, n * sizeof(float)) == cudaSuccess); /* template: no cast */
    CHECK(cudaMalloc(&b, n * sizeof(float)) == cudaSuccess);
    CHECK(cudaMalloc(&c, n * sizeof(float)) == cudaSuccess);
    CHECK(cudaMallocHost(&pinned, n * sizeof(float)) == cudaSuccess);
    for (int i = 0; i < n; i++)
        pinned[i] = 2.0f * i;
    CHECK(cudaMemcpy(a, pinned, n * sizeof(float), cudaMemcpyHostToDevice) == cudaSuccess);
    CHECK(cudaMemcpy(b, pinned, n * sizeof(float), cudaMemcpyDefault) == cudaSuccess);

    dim3 block(128), grid((n + 127) / 128);
    CHECK(block.y == 1 && block.z == 1 && grid.x == 3);
    RT_LAUNCH(vector_add, grid, block, 0, 0, (a, b, c, n));
    cudaError_t err = cudaGetLastError();
    switch (err) {
    case cudaSuccess: break;
    case cudaErrorInvalidConfiguration: CHECK(!"bad configuration"); break;
    default: CHECK(!"launch failed"); break;
    }
    CHECK(cudaMemcpyAsync(pinned, c, n * sizeof(float), cudaMemcpyDeviceToHost) == cudaSuccess);
    CHECK(cudaDeviceSynchronize() == cudaSuccess);
    CHECK(pinned[1] == 4.0f && pinned[n - 1] == 4.0f * (n - 1));

    /* cudaLaunchKernel with the kernel itself and default arguments */
    int m = n;
    void *args[] = {&c, &c, &a, &m};
    CHECK(cudaLaunchKernel(vector_add, grid, block, args) == cudaSuccess);
    CHECK(cudaMemcpy(pinned, a, n * sizeof(float), cudaMemcpyDeviceToHost) == cudaSuccess);
    CHECK(pinned[2] == 16.0f);

    /* symbols by reference */
    float s = 4.0f, back = 0;
    CHECK(cudaMemcpyToSymbol(scale, &s, sizeof s) == cudaSuccess);
    CHECK(cudaMemcpyFromSymbol(&back, scale, sizeof back) == cudaSuccess && back == 4.0f);
    unsigned t[8];
    CHECK(cudaMemcpyFromSymbol(t, table, sizeof t) == cudaSuccess && t[7] == 8);
    void *addr = nullptr;
    size_t size = 0;
    CHECK(cudaGetSymbolAddress(&addr, table) == cudaSuccess && addr != nullptr);
    CHECK(cudaGetSymbolSize(&size, table) == cudaSuccess && size == sizeof table);
    cudaStream_t st;
    CHECK(cudaStreamCreate(&st) == cudaSuccess);
    CHECK(cudaMemcpyToSymbolAsync(counter, &t[3], 4, 0, cudaMemcpyHostToDevice, st) == cudaSuccess);
    CHECK(cudaStreamSynchronize(st) == cudaSuccess);

    /* kernels by function pointer */
    cudaFuncAttributes attr;
    CHECK(cudaFuncGetAttributes(&attr, heavy) == cudaSuccess && attr.maxThreadsPerBlock == 512);
    CHECK(cudaFuncSetAttribute(fill, cudaFuncAttributeMaxDynamicSharedMemorySize, 1024) ==
          cudaSuccess);
    int minGrid = 0, best = 0, blocks = 0;
    CHECK(cudaOccupancyMaxPotentialBlockSize(&minGrid, &best, vector_add) == cudaSuccess);
    CHECK(best == 1024 && minGrid == 4);
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, vector_add, 256, 0) ==
          cudaSuccess);
    CHECK(blocks == 4);

    cudaEvent_t e;
    CHECK(cudaEventCreate(&e) == cudaSuccess);
    CHECK(cudaEventRecord(e) == cudaSuccess);
    CHECK(cudaStreamWaitEvent(st, e) == cudaSuccess);
    CHECK(cudaEventDestroy(e) == cudaSuccess);
    CHECK(cudaStreamDestroy(st) == cudaSuccess);
    CHECK(cudaFreeHost(pinned) == cudaSuccess);
    CHECK(cudaFree(a) == cudaSuccess && cudaFree(b) == cudaSuccess && cudaFree(c) == cudaSuccess);
    CHECK(std::strcmp(cudaGetErrorName(cudaErrorAssert), "cudaErrorAssert") == 0);
    CHECK(std::strcmp(cudaGetErrorName(cudaErrorCudartUnloading), "cudaErrorCudartUnloading") == 0);
    CHECK(std::strcmp(hcGetErrorName(cudaErrorAssert), "hcErrorAssert") == 0);
    CHECK(std::strcmp(cudaGetErrorName((cudaError_t)12345), "unrecognized error code") == 0);
    return rt_finish("test_compat_cxx");
}
