/*
 * conf.h -- helpers shared by the hcc conformance tests.
 *
 * Each test is one CUDA program (valid for nvcc as well as hcc) that covers
 * one feature area and checks every result against a reference computed on
 * the host, usually by running the very same __host__ __device__ function
 * there.  A test prints one summary line and exits 0 only when every check
 * passed; the first failures are described on stderr.
 */
#ifndef CONF_H
#define CONF_H

#include <cuda_runtime.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int conf_checks, conf_failures;

/* A runtime call that must succeed; anything else ends the test. */
#define CUDA_CHECK(call)                                                                           \
    do {                                                                                           \
        cudaError_t e_ = (call);                                                                   \
        if (e_ != cudaSuccess) {                                                                   \
            fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #call, cudaGetErrorString(e_)); \
            exit(2);                                                                               \
        }                                                                                          \
    } while (0)

/* After a <<<>>> launch: the launch and the kernel both succeeded. */
#define LAUNCH_CHECK()                                                                             \
    do {                                                                                           \
        CUDA_CHECK(cudaGetLastError());                                                            \
        CUDA_CHECK(cudaDeviceSynchronize());                                                       \
    } while (0)

/* One check; the message (printf arguments) describes a failure. */
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        conf_checks++;                                                                             \
        if (!(cond)) {                                                                             \
            if (conf_failures++ < 25) {                                                            \
                fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);          \
                fprintf(stderr, __VA_ARGS__);                                                      \
                fputc('\n', stderr);                                                               \
            }                                                                                      \
        }                                                                                          \
    } while (0)

/* Prints the summary line; the process's exit status. */
static inline int conf_done(const char *name) {
    printf("%s: %s, %d checks, %d failed\n", name, conf_failures ? "FAIL" : "PASS", conf_checks,
           conf_failures);
    return conf_failures ? 1 : 0;
}

/* Device buffers: allocate (zeroed), copy in, copy out. */
template <typename T> static T *dev_alloc(size_t n) {
    T *p = 0;
    CUDA_CHECK(cudaMalloc((void **)&p, n * sizeof(T) + 1));
    CUDA_CHECK(cudaMemset(p, 0, n * sizeof(T) + 1));
    return p;
}
template <typename T> static T *dev_copy(const T *h, size_t n) {
    T *p = dev_alloc<T>(n);
    CUDA_CHECK(cudaMemcpy(p, h, n * sizeof(T), cudaMemcpyHostToDevice));
    return p;
}
template <typename T> static void to_host(T *h, const T *d, size_t n) {
    CUDA_CHECK(cudaMemcpy(h, d, n * sizeof(T), cudaMemcpyDeviceToHost));
}

/* Bit patterns, for exact comparisons of floating-point results (NaN too). */
static inline uint32_t fbits(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}
static inline uint64_t dbits(double d) {
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}
static inline float bitsf(uint32_t u) {
    float f;
    memcpy(&f, &u, 4);
    return f;
}
static inline double bitsd(uint64_t u) {
    double d;
    memcpy(&d, &u, 8);
    return d;
}

/* A small deterministic generator (the same sequence on every run). */
static inline uint32_t conf_rand(uint64_t *s) {
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*s >> 33);
}

#endif
