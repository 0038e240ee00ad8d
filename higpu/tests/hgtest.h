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

#endif
