/* exec_ctrl.c -- branches, calls, exit, traps, barriers and warp syncs.
 * The scheduling itself (groups of lanes, reconvergence) is in sm.c. */
#include <stdio.h>

#include "exec.h"
#include "handlers.h"

HG_DEF(BRA) {
    w->sm->ctr->branches++;
    if (exec == w->active) {
        w->pc = in->target;
    } else if (exec) {
        w->sm->ctr->divergent_branches++;
        hg_warp_diverge(w, exec, in->target);
    }
}

HG_DEF(BRX) {
    w->sm->ctr->branches++;
    hg_warp_lane_targets(w, in, hg_row(w, in->a), exec);
}

static void write_return(hg_warp *w, const hg_insn *in, uint32_t exec) {
    uint32_t t[HG_WARP_SIZE];
    LANES t[l] = w->pc * HISA_INSN_BYTES; /* w->pc is already the next instruction */
    hg_store(hg_row(w, in->d), t, exec);
}

HG_DEF(CALL) {
    write_return(w, in, exec);
    if (exec == w->active)
        w->pc = in->target;
    else if (exec)
        hg_warp_diverge(w, exec, in->target);
}

HG_DEF(CALLR) {
    uint32_t targets[HG_WARP_SIZE];
    memcpy(targets, hg_row(w, in->a), sizeof targets); /* d may alias a */
    write_return(w, in, exec);
    hg_warp_lane_targets(w, in, targets, exec);
}

HG_DEF(RET) { hg_warp_lane_targets(w, in, hg_row(w, in->a), exec); }

HG_DEF(EXIT) {
    if (exec)
        hg_warp_exit_lanes(w, exec);
}

HG_DEF(TRAP) {
    if (!exec)
        return;
    uint32_t lane = (uint32_t)__builtin_ctz(exec);
    uint32_t code = hg_row(w, in->b)[lane]; /* reported as the fault's address */
    char tag[8] = ""; /* codes that spell four letters ("ASRT") say so */
    unsigned char c[4] = {(unsigned char)(code >> 24), (unsigned char)(code >> 16), (unsigned char)(code >> 8),
                          (unsigned char)code};
    if (c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' && c[2] >= 'A' && c[2] <= 'Z' && c[3] >= 'A' &&
        c[3] <= 'Z')
        snprintf(tag, sizeof tag, " %c%c%c%c", c[0], c[1], c[2], c[3]);
    hg_fault_raise(w, in, HG_FAULT_TRAP, lane, code, "TRAP 0x%08x%s executed", code, tag);
}

static inline uint32_t first_value(hg_warp *w, uint32_t row, uint32_t exec) {
    return hg_row(w, row)[exec ? __builtin_ctz(exec) : 0];
}

HG_DEF(BAR_SYNC) {
    if (exec)
        hg_bar_arrive(w, in, exec, first_value(w, in->b, exec), first_value(w, in->c, exec), 1, 0);
}

HG_DEF(BAR_ARV) {
    if (exec)
        hg_bar_arrive(w, in, exec, first_value(w, in->b, exec), first_value(w, in->c, exec), 0, 0);
}

/* BAR.RED.*: arrive with the predicate; once released, the lanes run the
 * instruction again and read the CTA-wide result. */
static void bar_red(hg_warp *w, const hg_insn *in, uint32_t exec) {
    if (!exec)
        return;
    if ((exec & w->bar_done) == exec) {
        w->bar_done &= ~exec;
        const hg_cta *cta = w->cta;
        uint32_t n = cta->bar_result[0], total = cta->bar_total[0], v;
        switch (in->op) {
        case HISA_OP_BAR_POPC: v = n; break;
        case HISA_OP_BAR_AND: v = n == total; break;
        default: v = n != 0; break;
        }
        uint32_t t[HG_WARP_SIZE];
        LANES t[l] = v;
        hg_store(hg_row(w, in->d), t, exec);
        return;
    }
    uint32_t q = hg_pred(w, in->ps, in->psxor) & exec;
    hg_bar_arrive(w, in, exec, 0, 0, 1, (uint32_t)__builtin_popcount(q));
}

HG_DEF(BAR_POPC) { bar_red(w, in, exec); }
HG_DEF(BAR_AND) { bar_red(w, in, exec); }
HG_DEF(BAR_OR) { bar_red(w, in, exec); }

HG_DEF(WARPSYNC) {
    if (exec && hg_warp_sync(w, in, exec, first_value(w, in->c, exec)))
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

HG_DEF(NANOSLEEP) {
    (void)in, (void)exec;
    w->yield = 1; /* let the other warps of the SM run */
}
