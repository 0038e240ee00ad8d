/* sm.h -- running the CTAs of one SM on a host thread (smrun.c). */
#ifndef HIGPU_SM_H
#define HIGPU_SM_H

#include "exec.h"

enum { HG_QUANTUM = 2048 }; /* warp instructions a warp runs before the next one */

/* One CTA slot of an SM: the state of a resident block, reused by the
 * blocks that later take the slot. */
typedef struct hg_slot {
    hg_cta cta;
    uint32_t *regs;
    uint8_t *local;
    int busy;
    uint64_t index; /* the resident block's linear index */
} hg_slot;

/* A host thread's SM emulator for one launch. */
typedef struct hg_worker {
    hg_launch_ctx *lc;
    hg_slot *slots;
    uint32_t nslots, warps_per_cta;
    hg_smrun run;
    hg_counters ctr;  /* this worker's total */
} hg_worker;

hg_status hg_worker_init(hg_worker *wk, hg_launch_ctx *lc);
void hg_worker_free(hg_worker *wk);
/* Runs every CTA assigned to SM sm_id (sm_id, sm_id + nsm, ...).  Returns
 * the SM's modelled cycles; a fault is left in wk->run. */
uint64_t hg_worker_run_sm(hg_worker *wk, uint32_t sm_id);

/* The timing model (timing.c): cycles an SM needs for the work counted in c,
 * with avg_warps resident on average. */
uint64_t hg_model_sm_cycles(const hg_config *cfg, const hg_counters *c, double avg_warps);

/* Adds every field of b to a. */
void hg_counters_add(hg_counters *a, const hg_counters *b);

/* Per-warp instruction trace (trace.c). */
struct hg_trace;
void hg_trace_insn(struct hg_trace *t, const hg_warp *w, const hg_insn *in, uint32_t exec);

#endif
