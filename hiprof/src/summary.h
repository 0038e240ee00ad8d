/* summary.h -- the profile aggregated as nvprof's summary mode does: per
 * kernel (name and GPU), per copy kind, memsets and host functions. */
#ifndef HIPROF_SUMMARY_H
#define HIPROF_SUMMARY_H

#include "records.h"

typedef struct hp_stat {
    uint64_t n;
    double total, min, max;
} hp_stat;

void hp_stat_add(hp_stat *s, double v);
double hp_stat_avg(const hp_stat *s);

typedef struct hp_kernel_sum {
    const char *name; /* demangled */
    const char *mangled;
    int gpu;
    const hp_device *dev; /* of the first launch (NULL if its record is missing) */
    uint64_t calls;       /* launches that ran (faulted ones included) */
    uint64_t faulted, skipped;
    hp_stat wall;     /* emulator wall time, seconds */
    hp_stat modelled; /* modelled GPU time, microseconds */
    hp_counters c;    /* summed over the launches that ran */
    /* the first launch's configuration; *_varies if a later one differs */
    uint32_t grid[3], block[3], dyn_shared;
    int grid_varies, block_varies, dyn_varies;
    uint32_t regs, static_shared, local_bytes;
    double theo_min, theo_max, theo_sum;
    uint32_t bps_min, bps_max;
    char limiter[16];
    int limiter_varies;
    double achieved; /* weighted by scheduling rounds */
    double achieved_weight;
} hp_kernel_sum;

typedef struct hp_copy_sum {
    char kind[8]; /* HtoD, DtoH, DtoD, PtoP, HtoH, or "memset" */
    int gpu;
    uint64_t count, bytes;
    hp_stat wall; /* seconds */
} hp_copy_sum;

typedef struct hp_summary {
    hp_kernel_sum *kernels; /* by total time, longest first */
    size_t nkernels;
    hp_copy_sum *copies; /* by total time, longest first */
    size_t ncopies;
    hp_stat host;          /* host functions (seconds) */
    double activity_total; /* seconds of kernels, copies and memsets together */
    int gpus;              /* distinct GPUs with activity */
} hp_summary;

int hp_summarise(const hp_profile *p, hp_summary *s);
/* The row of one launch alone (for --print-gpu-trace). */
void hp_kernel_sum_of_op(const hp_op *op, hp_kernel_sum *k);
void hp_summary_free(hp_summary *s);
/* Bytes per second of a copy summary (0 if it took no time). */
double hp_copy_bandwidth(const hp_copy_sum *c);

#endif
