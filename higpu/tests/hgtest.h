/* hgtest.h -- a small harness for libhigpu tests: a private node with
 * small GPUs, HISA assembled from a string, launches with checked status. */
#ifndef HIGPU_HGTEST_H
#define HIGPU_HGTEST_H

#include <stdio.h>
#include <stdlib.h>

#include "higpu/higpu.h"

extern int hgt_failures;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            hgt_failures++;                                                         \
        }                                                                           \
    } while (0)

#define CHECK_EQ_U(a, b)                                                            \
    do {                                                                            \
        unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b); \
        if (a_ != b_) {                                                             \
            fprintf(stderr, "%s:%d: %s = 0x%llx, expected 0x%llx\n", __FILE__, __LINE__, #a, a_, b_); \
            hgt_failures++;                                                         \
        }                                                                           \
    } while (0)

typedef struct hgt {
    hg_node *node;
    hg_ctx *ctx;
    hg_module *mod;
    hcbin *bin;
} hgt;

/* A node of one GPU of the preset (memory overridden to 64 MiB) and a
 * context with host_threads SM threads.  Exits on failure. */
void hgt_open(hgt *t, const char *preset, int host_threads);
void hgt_close(hgt *t);
/* Assembles and loads src (replacing the previous module); exits on error. */
void hgt_load(hgt *t, const char *src);
/* Launches a kernel with a parameter buffer; returns the status. */
hg_status hgt_launch(hgt *t, const char *kernel, hg_dim3 grid, hg_dim3 block, const void *params,
                     uint32_t params_size, hg_launch_stats *stats);
/* Device buffer helpers (exit on failure). */
uint64_t hgt_alloc(hgt *t, uint64_t bytes);
void hgt_put(hgt *t, uint64_t dptr, const void *src, uint64_t bytes);
void hgt_get(hgt *t, void *dst, uint64_t dptr, uint64_t bytes);
/* Ends the test: prints a summary line, returns the exit code. */
int hgt_finish(const char *name);

static inline hg_dim3 hgt_dim(uint32_t x, uint32_t y, uint32_t z) {
    hg_dim3 d = {x, y, z};
    return d;
}

/* ---- helpers for table-driven tests ---------------------------------------- */

/* The host-thread count a test program was started with (argv[1], else 2);
 * "baseline" as argv[2] forces the baseline interpreter (HI_EXEC_VARIANT).
 * Call it before hgt_open. */
int hgt_threads_arg(int argc, char **argv);
/* Launches and CHECKs that the kernel ran; on a fault prints it.  Returns
 * 1 if the launch succeeded. */
int hgt_run(hgt *t, const char *kernel, hg_dim3 grid, hg_dim3 block, const void *params,
            uint32_t params_size, hg_launch_stats *stats);

/* A growable string for generating HISA source from tables. */
typedef struct hgt_str {
    char *s;
    size_t len, cap;
} hgt_str;
void hgt_str_printf(hgt_str *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void hgt_str_free(hgt_str *b);

/* A deterministic xorshift64* generator (seed must not be 0). */
static inline uint64_t hgt_rand(uint64_t *state) {
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545f4914f6cdd1dull;
}

/* Host copies of a device buffer allocated from host data. */
uint64_t hgt_alloc_put(hgt *t, const void *src, uint64_t bytes);

#endif
