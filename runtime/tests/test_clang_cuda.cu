// test_clang_cuda.cu -- the clang ABI end to end: this file's host side is
// compiled by clang-19 (-x cuda --cuda-host-only) with rt_cuda.hcbin
// embedded, so clang itself emits the registration, the kernel stubs and
// the <<<>>> lowering that libhcrt implements.  The device code is the
// hand-written HISA in rt_cuda.hs, under the names clang mangles these
// kernels and variables to.
#include <stdio.h>
#include <string.h>

#include "clang_cuda_min.h"

__constant__ float scale;
__device__ unsigned table[8];

__global__ void vector_add(const float *a, const float *b, float *c, int n) {}
__global__ void scale_table(float *out) {}
template <int K> __global__ void add_k(int *p, int n) {}

static int failures;
#define EXPECT(cond)                                                   \
    do {                                                               \
        if (!(cond)) {                                                 \
            fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                \
        }                                                              \
    } while (0)

int main() {
    const int n = 1000;
    float ha[n], hb[n], hc[n], *a, *b, *c;
    for (int i = 0; i < n; i++) {
        ha[i] = (float)i;
        hb[i] = 0.5f;
    }
    EXPECT(cudaMalloc(&a, sizeof ha) == cudaSuccess);
    EXPECT(cudaMalloc(&b, sizeof hb) == cudaSuccess);
    EXPECT(cudaMalloc(&c, sizeof hc) == cudaSuccess);
    EXPECT(cudaMemcpy(a, ha, sizeof ha, cudaMemcpyHostToDevice) == cudaSuccess);
    EXPECT(cudaMemcpy(b, hb, sizeof hb, cudaMemcpyHostToDevice) == cudaSuccess);
    cudaStream_t s;
    EXPECT(cudaStreamCreate(&s) == cudaSuccess);
    vector_add<<<(n + 255) / 256, 256, 0, s>>>(a, b, c, n);
    EXPECT(cudaGetLastError() == cudaSuccess);
    EXPECT(cudaMemcpyAsync(hc, c, sizeof hc, cudaMemcpyDeviceToHost, s) == cudaSuccess);
    EXPECT(cudaStreamSynchronize(s) == cudaSuccess);
    EXPECT(hc[0] == 0.5f && hc[n - 1] == n - 0.5f);

    /* variables through their host shadows */
    unsigned t[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    float three = 3.0f, out[8];
    EXPECT(cudaMemcpyToSymbol(table, t, sizeof t) == cudaSuccess);
    EXPECT(cudaMemcpyToSymbol(scale, &three, sizeof three) == cudaSuccess);
    scale_table<<<1, 32>>>(c);
    EXPECT(cudaMemcpy(out, c, sizeof out, cudaMemcpyDeviceToHost) == cudaSuccess);
    EXPECT(out[0] == 3.0f && out[7] == 24.0f);

    /* a template instance: its own stub, its own mangled name */
    int *p, h[4] = {0};
    EXPECT(cudaMalloc(&p, sizeof h) == cudaSuccess);
    EXPECT(cudaMemset(p, 0, sizeof h) == cudaSuccess);
    add_k<7><<<1, 4>>>(p, 4);
    EXPECT(cudaMemcpy(h, p, sizeof h, cudaMemcpyDeviceToHost) == cudaSuccess);
    EXPECT(h[0] == 7 && h[3] == 7);

    cudaFuncAttributes attr;
    EXPECT(cudaFuncGetAttributes(&attr, vector_add) == cudaSuccess && attr.numRegs > 0);
    dim3 bad(2048);
    vector_add<<<1, bad>>>(a, b, c, n);
    EXPECT(cudaGetLastError() == cudaErrorInvalidConfiguration);
    EXPECT(cudaStreamDestroy(s) == cudaSuccess);
    EXPECT(cudaFree(a) == cudaSuccess && cudaFree(b) == cudaSuccess && cudaFree(c) == cudaSuccess);
    EXPECT(cudaFree(p) == cudaSuccess);
    printf("test_clang_cuda: %s\n", failures ? "FAILED" : "PASSED");
    return failures ? 1 : 0;
}
