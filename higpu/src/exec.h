/*
 * exec.h -- the warp interpreter's state and the contract between the SM
 * scheduler (sm.c) and the instruction handlers (exec_*.c).
 *
 * Registers are lane-major rows of 32 values: register Rn of lane l is
 * w->r[n * 32 + l].  A decoded instruction names rows, not registers: the
 * pre-decoder (predecode.c) maps RZ to rows that always read zero, writes
 * to RZ to sink rows, and every immediate b/c operand to a constant row
 * filled once per warp, so a handler never asks "register or immediate?".
 *
 * Each handler runs one instruction for the lanes in exec (the active lanes
 * whose guard predicate holds).  ALU handlers compute all 32 lanes into a
 * temporary and store only the exec lanes (a vector blend; a full-mask store
 * when exec is all ones), so the lane loops vectorise.
 */
#ifndef HIGPU_EXEC_H
#define HIGPU_EXEC_H

#include <stdint.h>
#include <string.h>

#include "higpu/higpu.h"

#define HG_FULL 0xffffffffu
#define LANES for (int l = 0; l < HG_WARP_SIZE; l++)
#define HG_LIKELY(x) __builtin_expect(!!(x), 1)
#define HG_UNLIKELY(x) __builtin_expect(!!(x), 0)

typedef struct hg_warp hg_warp;
typedef struct hg_insn hg_insn;
typedef struct hg_cta hg_cta;
typedef struct hg_smrun hg_smrun;
typedef void (*hg_exec_fn)(hg_warp *w, const hg_insn *in, uint32_t exec);

/* One pre-decoded instruction (64 bytes). */
struct hg_insn {
    hg_exec_fn fn;
    uint16_t op, mods;
    uint8_t gidx, cls;  /* guard predicate row, execution class */
    uint8_t pd, ps;     /* predicate rows (PT reads all-ones, writes to a sink) */
    uint32_t gxor;      /* 0, or ~0 for a negated guard */
    uint32_t psxor;     /* same for ps */
    uint32_t d, a, b, c;/* register rows */
    int32_t immc;       /* memory offset */
    uint32_t immb;
    uint32_t target;    /* branch/call target as an instruction index */
    uint32_t pad;
};

/* A set of lanes of one warp that are not running now. */
typedef enum hg_wait_kind {
    HG_WAIT_READY = 0,  /* runnable at pc */
    HG_WAIT_BAR = 1,    /* arrived at CTA barrier (id in `need`) and waits at pc */
    HG_WAIT_WSYNC = 2,  /* at a warp-synchronous instruction waiting for `need` */
} hg_wait_kind;

typedef struct hg_group {
    uint32_t pc, mask, need;
    uint8_t kind;
} hg_group;

typedef enum hg_warp_state {
    HG_WARP_RUNNING,
    HG_WARP_BLOCKED, /* every live lane waits at a CTA barrier */
    HG_WARP_DONE,
} hg_warp_state;

enum { HG_PRED_ROWS = 9, HG_PRED_SINK = 8, HG_NUM_BARRIERS = 16 };

struct hg_warp {
    uint32_t *r;                  /* register rows */
    uint32_t p[HG_PRED_ROWS];     /* predicates as lane masks; p[7] = PT */
    uint32_t pc;                  /* pc of the running group (instruction index) */
    uint32_t active;              /* lanes of the running group */
    uint32_t resched_pc;          /* lowest pc of a waiting runnable group */
    uint32_t exited;              /* lanes that executed EXIT (or never existed) */
    uint32_t bar_done;            /* lanes released by a barrier, to complete it */
    int yield;                    /* stop the run loop after this instruction */
    hg_warp_state state;
    int ngroups;
    hg_group groups[HG_WARP_SIZE];
    const hg_insn *code;
    hg_cta *cta;
    hg_smrun *sm;
    uint32_t warp_in_cta;
    uint32_t tid_base;            /* linear thread index of lane 0 */
    uint8_t *local;               /* 32 lanes x local_bytes, lane-contiguous */
    uint32_t local_bytes;
    /* the barrier-stall clock (hg_counters.barrier_stall): this warp's issue
     * slots so far, the SM clock when its current run began, and its clock
     * when it last arrived at a CTA barrier */
    uint64_t vclock, run_clock0, bar_arrival;
};

struct hg_cta {
    hg_dim3 id;
    uint32_t nthreads, nwarps, live_threads;
    uint8_t *shared;
    uint32_t shared_bytes;        /* static + dynamic */
    uint32_t bar_arrived[HG_NUM_BARRIERS];
    uint32_t bar_expected[HG_NUM_BARRIERS]; /* 0 = all live threads */
    uint32_t bar_accum[HG_NUM_BARRIERS];
    uint32_t bar_result[HG_NUM_BARRIERS];  /* threads with the predicate true */
    uint32_t bar_total[HG_NUM_BARRIERS];   /* threads that arrived */
    uint64_t bar_vmax[HG_NUM_BARRIERS];    /* latest arrival (warp clock) so far */
    hg_warp *warps;
    int live_warps;
};

/* What one launch needs to know everywhere. */
typedef struct hg_launch_ctx {
    hg_ctx *ctx;
    const struct hg_kernel *kernel;
    const char *kernel_name;
    const hg_insn *code;          /* decoded .text (+ the end-of-text guard) */
    char *const *text;            /* disassembly per instruction (tracing only) */
    uint32_t entry;               /* kernel entry, instruction index */
    uint32_t nrows;               /* register rows per warp */
    const uint32_t *init_rows;    /* nrows x 32 initial register file */
    uint32_t local_bytes;         /* per thread */
    uint32_t static_shared;
    hg_dim3 grid, block;
    uint32_t dyn_shared;
    const uint8_t *params;
    uint32_t params_size;
    uint8_t *mem;                 /* host mapping of device memory */
    uint64_t mem_base, mem_size;  /* device VA range of this GPU */
    hg_devmem *devmem;
    hg_node *node;                /* for peer memory: */
    uint32_t peer_mask;           /* node GPUs whose memory this launch may access */
    uint32_t nsm;
    uint32_t ncode;               /* decoded instructions (the guard one excluded) */
    uint32_t blocks_per_sm;       /* occupancy */
    uint64_t start_ns, deadline_ns, inst_budget;
    volatile int abort;           /* set on the first fault: every SM stops */
    uint64_t insts_done;          /* warp instructions so far (atomic; watchdog) */
    struct hg_trace *trace;
    hg_block_span *spans;         /* the profiler's block timeline, or NULL */
    uint32_t nspans;              /* blocks 0 .. nspans-1 are recorded */
} hg_launch_ctx;

enum { HG_RANGE_CACHE = 4 };

/* Per host-thread SM emulation state. */
struct hg_smrun {
    const hg_launch_ctx *lc;
    uint32_t sm_id;
    hg_counters *ctr;
    /* allocations validated recently (device VA), so that a kernel reading a
     * few buffers checks each access with compares only */
    uint64_t range_lo[HG_RANGE_CACHE], range_hi[HG_RANGE_CACHE];
    uint32_t range_next;
    uint64_t cycles_issue, cycles_latency; /* timing-model accumulators */
    uint64_t clock;               /* SR_CLOCK: warp instructions issued on this SM so far */
    hg_fault fault;
    int faulted;
};

/* ---- helpers for handlers -------------------------------------------------- */

/* Population count without a libgcc call: code outside the per-ISA handler
 * builds targets baseline x86-64, which has no POPCNT instruction. */
static inline uint32_t hg_popc(uint32_t x) {
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    return (((x + (x >> 4)) & 0x0f0f0f0fu) * 0x01010101u) >> 24;
}

static inline uint32_t *hg_row(hg_warp *w, uint32_t row) { return w->r + (size_t)row * HG_WARP_SIZE; }
static inline float *hg_frow(hg_warp *w, uint32_t row) { return (float *)hg_row(w, row); }

static inline void hg_store(uint32_t *restrict d, const uint32_t *restrict t, uint32_t exec) {
    if (exec == HG_FULL) {
        memcpy(d, t, HG_WARP_SIZE * 4);
    } else {
        LANES d[l] = ((exec >> l) & 1) ? t[l] : d[l];
    }
}

/* 64-bit values live in row pairs (lo, hi). */
static inline void hg_load64(hg_warp *w, uint32_t row, uint64_t *v) {
    const uint32_t *lo = hg_row(w, row), *hi = hg_row(w, row + 1);
    LANES v[l] = (uint64_t)lo[l] | ((uint64_t)hi[l] << 32);
}
static inline void hg_store64(hg_warp *w, uint32_t row, const uint64_t *v, uint32_t exec) {
    uint32_t lo[HG_WARP_SIZE], hi[HG_WARP_SIZE];
    LANES {
        lo[l] = (uint32_t)v[l];
        hi[l] = (uint32_t)(v[l] >> 32);
    }
    hg_store(hg_row(w, row), lo, exec);
    hg_store(hg_row(w, row + 1), hi, exec);
}

static inline uint32_t hg_pred(const hg_warp *w, uint8_t idx, uint32_t xor_) { return w->p[idx] ^ xor_; }
static inline void hg_set_pred(hg_warp *w, uint8_t idx, uint32_t value, uint32_t exec) {
    w->p[idx] = (w->p[idx] & ~exec) | (value & exec);
}

/* Raised by handlers: records the fault for the first lane in lanes and
 * stops the warp (exec_fault.c). */
void hg_fault_raise(hg_warp *w, const hg_insn *in, hg_fault_kind kind, uint32_t lane,
                    uint64_t address, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Scheduling hooks the control handlers call (sm.c). */
void hg_warp_resched(hg_warp *w);
void hg_warp_diverge(hg_warp *w, uint32_t taken, uint32_t target);
void hg_warp_block(hg_warp *w, hg_wait_kind kind, uint32_t pc, uint32_t need);
void hg_warp_exit_lanes(hg_warp *w, uint32_t lanes);
void hg_warp_lane_targets(hg_warp *w, const hg_insn *in, const uint32_t *targets, uint32_t exec);
/* Warp-synchronous instructions call this first: it returns 1 when every
 * live lane of mask executes this instruction now; otherwise it parks the
 * running lanes here until the others arrive and returns 0 (the handler
 * returns and the instruction runs again once the warp has converged). */
int hg_warp_sync(hg_warp *w, const hg_insn *in, uint32_t exec, uint32_t mask);
/* CTA barriers (BAR.*): red is 0 for BAR.SYNC, or the BAR.RED opcode. */
void hg_bar_arrive(hg_warp *w, const hg_insn *in, uint32_t exec, uint32_t id, uint32_t count,
                   int wait, uint32_t red_true);

/* Thread coordinates of a lane. */
hg_dim3 hg_lane_tid(const hg_warp *w, uint32_t lane);

/* Handlers are built once per interpreter variant (x86-64-v3 and baseline):
 * HG_VARIANT is _v3 or _base, set by the build for each copy. */
#ifndef HG_VARIANT
#define HG_VARIANT _base
#endif
#define HG_CAT3_(a, b, c) a##b##c
#define HG_CAT3(a, b, c) HG_CAT3_(a, b, c)
#define HG_HANDLER(name) HG_CAT3(hg_x_, name, HG_VARIANT)
#define HG_DEF(name) void HG_HANDLER(name)(hg_warp * w, const hg_insn *in, uint32_t exec)

/* The handler table of the interpreter variant built for this file's
 * target (exec_table.c is compiled once per variant). */
extern const hg_exec_fn hg_exec_table_v3[HISA_OP_COUNT + 1];
extern const hg_exec_fn hg_exec_table_base[HISA_OP_COUNT + 1];
/* The handler at index HISA_OP_COUNT is the "ran off the end of .text" guard. */

#endif /* HIGPU_EXEC_H */
