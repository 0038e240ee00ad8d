/* records.h -- the profile records libhcrt writes (runtime/src/prof.c;
 * the format is in docs/hiprof.md), read back into memory. */
#ifndef HIPROF_RECORDS_H
#define HIPROF_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "hisa/hisa.h"

enum { HP_RECORD_VERSION = 1 };

typedef enum hp_op_type { HP_KERNEL, HP_MEMCPY, HP_MEMSET, HP_HOST } hp_op_type;

/* A kernel's counters, as libhigpu's hg_counters (docs/hiprof.md). */
typedef struct hp_counters {
    uint64_t warp_insts, thread_insts;
    uint64_t branches, divergent_branches;
    uint64_t gld_requests, gld_sectors, gld_bytes;
    uint64_t gst_requests, gst_sectors, gst_bytes;
    uint64_t shared_requests, shared_wavefronts;
    uint64_t atomics, barriers, barrier_stall, warp_slots;
    uint64_t sched_rounds, resident_warp_rounds;
    uint64_t warp_class[HISA_CLASS_COUNT], thread_class[HISA_CLASS_COUNT];
} hp_counters;

/* Where one block ran (the timeline's SM rows). */
typedef struct hp_block {
    uint32_t sm, slot;
    uint64_t start_ns, end_ns, start_clock, end_clock;
} hp_block;

typedef struct hp_device {
    int pid, device, gpu;
    uint64_t context;
    char name[64], preset[32];
    uint32_t sm_count, max_warps_per_sm, max_blocks_per_sm, regs_per_sm, reg_alloc_unit;
    uint32_t shared_per_sm, shared_per_block, clock_mhz, host_threads;
} hp_device;

typedef struct hp_op {
    hp_op_type type;
    int pid, device, gpu;
    uint64_t context, stream;
    char status[40]; /* "HG_OK", or why it failed or was skipped */
    uint64_t submit_ns, start_ns, end_ns;
    uint64_t bytes;       /* copies and memsets */
    char kind[8];         /* copies: HtoD, DtoH, DtoD, PtoP, HtoH */
    int src_gpu, dst_gpu; /* PtoP/HtoH copies (-1: host) */
    /* kernels */
    char *name;          /* as in the code object (mangled) */
    const char *display; /* demangled */
    uint32_t grid[3], block[3];
    uint32_t dyn_shared, static_shared, regs, local_bytes, blocks_per_sm;
    char limiter[16];
    double theoretical_occupancy, achieved_occupancy, warp_efficiency, modelled_us, wall_s;
    uint64_t modelled_cycles;
    hp_counters c;
    hp_block *blocks;
    uint32_t nblocks;
    const hp_device *dev; /* set by hp_profile_read */
} hp_op;

typedef struct hp_profile {
    hp_op *ops; /* sorted by start time */
    size_t nops;
    hp_device *devs;
    size_t ndevs;
    int *pids; /* processes that wrote records, in order */
    size_t npids;
    char **trace_matches; /* kernels the warp trace keeps ("trace" records) */
    size_t ntrace_matches;
    int trace_records; /* "trace" records seen */
    size_t bad_lines;  /* lines that were not valid records */
    uint64_t t0;       /* the earliest submit/start time */
} hp_profile;

/* Reads a records file.  Returns 0, or -1 with err saying why. */
int hp_profile_read(const char *path, hp_profile *p, char *err, size_t errlen);
void hp_profile_free(hp_profile *p);
/* 1 if the operation ran (not skipped after an earlier fault). */
int hp_op_ran(const hp_op *op);
/* 1 if it ran and finished without a fault. */
int hp_op_ok(const hp_op *op);
double hp_op_seconds(const hp_op *op);

#endif
