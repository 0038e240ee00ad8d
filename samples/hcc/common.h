/*
 * common.h -- helpers shared by the hcc samples (samples/hcc, one .hcc file each).
 *
 * Plain CUDA: every sample compiles unchanged with hcc and with nvcc.
 *
 *   CHECK(call)        a CUDA runtime call that must return cudaSuccess;
 *                      otherwise prints file:line, the call and the error and
 *                      exits with status 1.
 *   CHECK_LAUNCH()     after a <<<...>>> launch: the launch was accepted.
 *   arg_long(...)      the size argument argv[i] (or a default), range-checked.
 *   now_ms()           host wall clock in milliseconds.
 */
#ifndef SAMPLES_HCC_COMMON_H
#define SAMPLES_HCC_COMMON_H

#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECK(call)                                                                                \
    do {                                                                                           \
        cudaError_t check_err_ = (call);                                                           \
        if (check_err_ != cudaSuccess) {                                                           \
            fprintf(stderr, "%s:%d: %s failed: %s (%s)\n", __FILE__, __LINE__, #call,              \
                    cudaGetErrorName(check_err_), cudaGetErrorString(check_err_));                 \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

#define CHECK_LAUNCH() CHECK(cudaGetLastError())

/* argv[index] as an integer in [lo, hi], or def when absent; prints usage and
 * exits on anything else. */
static inline long arg_long(int argc, char **argv, int index, long def, long lo, long hi,
                            const char *usage) {
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: %s %s\n", argv[0], usage);
        exit(0);
    }
    if (index >= argc)
        return def;
    char *end;
    long v = strtol(argv[index], &end, 0);
    if (*argv[index] == 0 || *end || v < lo || v > hi) {
        fprintf(stderr, "%s: bad argument '%s' (expected %ld..%ld)\nusage: %s %s\n", argv[0],
                argv[index], lo, hi, argv[0], usage);
        exit(1);
    }
    return v;
}

static inline double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A small deterministic generator, so the host reference and the device
 * input are the same on every run. */
static inline unsigned lcg_next(unsigned *state) {
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

#endif
