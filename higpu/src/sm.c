/* sm.c -- one SM's work: resident CTAs, warp scheduling, reconvergence,
 * barriers and warp-level synchronisation.
 *
 * Reconvergence (docs/simt.md): every lane has its own PC.  Lanes that are
 * not running sit in groups {pc, mask}; the warp always runs the runnable
 * group with the lowest PC, and groups meeting at one PC merge.  With the
 * compiler's block order (reverse post-order, loops contiguous) this
 * reconverges structured code at its immediate post-dominator; warp-
 * synchronous instructions additionally wait for the lanes of their mask. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "exec.h"
#include "sm.h"

/* ---- lane groups ----------------------------------------------------------------- */

static void group_add(hg_warp *w, uint32_t pc, uint32_t mask, uint8_t kind, uint32_t need) {
    if (!mask)
        return;
    for (int i = 0; i < w->ngroups; i++) {
        hg_group *g = &w->groups[i];
        if (g->pc == pc && g->kind == kind && (kind != HG_WAIT_BAR || g->need == need)) {
            g->mask |= mask;
            if (kind == HG_WAIT_WSYNC)
                g->need |= need;
            return;
        }
    }
    w->groups[w->ngroups++] = (hg_group){pc, mask, need, kind};
}

static void group_remove(hg_warp *w, int i) { w->groups[i] = w->groups[--w->ngroups]; }

static void update_resched_pc(hg_warp *w) {
    uint32_t m = UINT32_MAX;
    for (int i = 0; i < w->ngroups; i++)
        if (w->groups[i].kind == HG_WAIT_READY && w->groups[i].pc < m)
            m = w->groups[i].pc;
    w->resched_pc = m;
}

static void deadlock(hg_warp *w, uint32_t pc, uint32_t lane, const char *why) {
    hg_fault_raise(w, &w->code[pc], HG_FAULT_DEADLOCK, lane, 0, "%s", why);
}

/* Volta-style release of __syncwarp: when every lane of the warp waits at
 * some warp-synchronous instruction and each one's mask is covered, WARPSYNCs
 * complete even at different PCs; other .sync instructions must meet at one
 * PC.  Returns 1 if something became runnable. */
static int release_wsync(hg_warp *w) {
    uint32_t waiting = 0;
    for (int i = 0; i < w->ngroups; i++)
        if (w->groups[i].kind == HG_WAIT_WSYNC)
            waiting |= w->groups[i].mask;
    if (!waiting)
        return 0;
    int changed = 0;
    for (int i = 0; i < w->ngroups; i++) {
        hg_group *g = &w->groups[i];
        if (g->kind != HG_WAIT_WSYNC || (g->need & ~w->exited & ~waiting))
            continue;
        if (w->code[g->pc].op == HISA_OP_WARPSYNC) {
            g->kind = HG_WAIT_READY;
            g->pc++;
            changed = 1;
        }
    }
    return changed;
}

void hg_warp_resched(hg_warp *w) {
    if (w->active)
        group_add(w, w->pc, w->active, HG_WAIT_READY, 0);
    w->active = 0;
    for (;;) {
        int best = -1;
        for (int i = 0; i < w->ngroups; i++)
            if (w->groups[i].kind == HG_WAIT_READY && (best < 0 || w->groups[i].pc < w->groups[best].pc))
                best = i;
        if (best >= 0) {
            w->pc = w->groups[best].pc;
            w->active = w->groups[best].mask;
            group_remove(w, best);
            update_resched_pc(w);
            w->state = HG_WARP_RUNNING;
            return;
        }
        if (release_wsync(w))
            continue;
        break;
    }
    w->resched_pc = UINT32_MAX;
    w->yield = 1;
    for (int i = 0; i < w->ngroups; i++) {
        if (w->groups[i].kind == HG_WAIT_BAR) {
            w->state = HG_WARP_BLOCKED;
            return;
        }
    }
    if (w->ngroups) {
        uint32_t pc = w->groups[0].pc;
        char why[160];
        snprintf(why, sizeof why,
                 "%s at 0x%04x waits for lanes 0x%08x that can never arrive (exited or elsewhere)",
                 hisa_info_of(w->code[pc].op)->mnemonic, pc * HISA_INSN_BYTES,
                 w->groups[0].need & ~w->groups[0].mask);
        uint32_t lane = (uint32_t)__builtin_ctz(w->groups[0].mask);
        w->ngroups = 0;
        deadlock(w, pc, lane, why);
        return;
    }
    w->state = HG_WARP_DONE;
}

void hg_warp_diverge(hg_warp *w, uint32_t taken, uint32_t target) {
    group_add(w, target, taken, HG_WAIT_READY, 0);
    w->active &= ~taken;
    hg_warp_resched(w);
}

/* Lanes waiting at a warp-synchronous instruction become runnable (they run
 * it again, now converged) once every non-exited lane of their mask waits
 * there too: after an arrival, or after the missing lanes exit (PTX: .sync
 * instructions wait for the non-exited threads of membermask only). */
static void wsync_complete(hg_warp *w) {
    for (int i = 0; i < w->ngroups; i++) {
        hg_group *g = &w->groups[i];
        if (g->kind == HG_WAIT_WSYNC && !(g->need & ~w->exited & ~g->mask))
            g->kind = HG_WAIT_READY;
    }
}

void hg_warp_block(hg_warp *w, hg_wait_kind kind, uint32_t pc, uint32_t need) {
    uint32_t lanes = w->active;
    w->active = 0;
    group_add(w, pc, lanes, (uint8_t)kind, need);
    if (kind == HG_WAIT_WSYNC)
        wsync_complete(w); /* merged with lanes already waiting here */
    hg_warp_resched(w);
}

int hg_warp_sync(hg_warp *w, const hg_insn *in, uint32_t exec, uint32_t mask) {
    uint32_t need = mask & ~w->exited;
    if (!(need & ~w->active))
        return 1;
    (void)exec;
    hg_warp_block(w, HG_WAIT_WSYNC, (uint32_t)(in - w->code), need);
    return 0;
}

void hg_warp_lane_targets(hg_warp *w, const hg_insn *in, const uint32_t *targets, uint32_t exec) {
    uint32_t ncode = w->sm->lc->ncode;
    for (uint32_t rest = exec; rest; rest &= rest - 1) {
        uint32_t l = (uint32_t)__builtin_ctz(rest), t = targets[l];
        if ((t % HISA_INSN_BYTES) || t / HISA_INSN_BYTES >= ncode) {
            hg_fault_raise(w, in, HG_FAULT_BAD_PC, l, t,
                           "%s: target 0x%x is not an instruction of .text (0x%x bytes)",
                           hisa_info_of(in->op)->mnemonic, t, ncode * HISA_INSN_BYTES);
            return;
        }
    }
    if (!exec)
        return;
    uint32_t first = targets[__builtin_ctz(exec)] / HISA_INSN_BYTES;
    int uniform = 1;
    for (uint32_t rest = exec; rest; rest &= rest - 1)
        uniform &= targets[__builtin_ctz(rest)] / HISA_INSN_BYTES == first;
    if (uniform && exec == w->active) {
        w->pc = first;
        return;
    }
    if (!uniform)
        w->sm->ctr->divergent_branches++;
    while (exec) {
        uint32_t t = targets[__builtin_ctz(exec)], m = 0;
        for (uint32_t rest = exec; rest; rest &= rest - 1)
            if (targets[__builtin_ctz(rest)] == t)
                m |= 1u << __builtin_ctz(rest);
        group_add(w, t / HISA_INSN_BYTES, m, HG_WAIT_READY, 0);
        w->active &= ~m;
        exec &= ~m;
    }
    hg_warp_resched(w);
}

/* ---- CTA barriers ------------------------------------------------------------------- */

/* A warp's own clock now (only meaningful for the running warp). */
static uint64_t warp_clock(const hg_warp *w) { return w->vclock + (w->sm->clock - w->run_clock0); }

static void barrier_check(hg_cta *cta, uint32_t id) {
    uint32_t arrived = cta->bar_arrived[id];
    uint32_t expected = cta->bar_expected[id] ? cta->bar_expected[id] : cta->live_threads;
    if (!arrived || arrived < expected)
        return;
    cta->bar_result[id] = cta->bar_accum[id];
    cta->bar_total[id] = arrived;
    cta->bar_arrived[id] = cta->bar_accum[id] = cta->bar_expected[id] = 0;
    uint64_t last = cta->bar_vmax[id];
    cta->bar_vmax[id] = 0;
    for (uint32_t i = 0; i < cta->nwarps; i++) {
        hg_warp *w = &cta->warps[i];
        int released = 0;
        for (int g = 0; g < w->ngroups; g++) {
            hg_group *gr = &w->groups[g];
            if (gr->kind != HG_WAIT_BAR || gr->need != id)
                continue;
            gr->kind = HG_WAIT_READY;
            w->bar_done |= gr->mask;
            if (gr->pc < w->resched_pc)
                w->resched_pc = gr->pc;
            if (w->state == HG_WARP_BLOCKED)
                w->state = HG_WARP_RUNNING;
            released = 1;
        }
        /* On hardware the warps interleave, so a warp that arrived early
         * waits until the last one arrives: its clock jumps there.  (The
         * emulator runs warps one after another; their own clocks, not the
         * SM's, make the stall independent of that order.) */
        if (released && last > w->bar_arrival) {
            w->sm->ctr->barrier_stall += last - w->bar_arrival;
            w->vclock += last - w->bar_arrival;
        }
    }
}

void hg_bar_arrive(hg_warp *w, const hg_insn *in, uint32_t exec, uint32_t id, uint32_t count,
                   int wait, uint32_t red_true) {
    if (wait && (exec & w->bar_done) == exec) { /* released: complete and go on */
        w->bar_done &= ~exec;
        return;
    }
    hg_cta *cta = w->cta;
    if (id >= HG_NUM_BARRIERS) {
        hg_fault_raise(w, in, HG_FAULT_TRAP, (uint32_t)__builtin_ctz(exec), id,
                       "BAR: barrier %u out of range (0..%d)", id, HG_NUM_BARRIERS - 1);
        return;
    }
    uint32_t max_count = (cta->nthreads + HG_WARP_SIZE - 1) / HG_WARP_SIZE * HG_WARP_SIZE;
    if (count % HG_WARP_SIZE || count > max_count) {
        hg_fault_raise(w, in, HG_FAULT_TRAP, (uint32_t)__builtin_ctz(exec), count,
                       "BAR: thread count %u is not a multiple of 32 up to the block's %u",
                       count, max_count);
        return;
    }
    w->sm->ctr->barriers++;
    uint64_t now = warp_clock(w);
    if (now > cta->bar_vmax[id])
        cta->bar_vmax[id] = now;
    if (wait)
        w->bar_arrival = now;
    cta->bar_arrived[id] += hg_popc(exec);
    cta->bar_accum[id] += red_true;
    if (count)
        cta->bar_expected[id] = count;
    if (wait) {
        /* park on this instruction; it completes when it runs again */
        group_add(w, w->pc - 1, exec, HG_WAIT_BAR, id);
        w->active &= ~exec; /* lanes whose guard failed go on */
        barrier_check(cta, id);
        if (!w->active)
            hg_warp_resched(w);
        else
            update_resched_pc(w);
    } else {
        barrier_check(cta, id);
    }
}

void hg_warp_exit_lanes(hg_warp *w, uint32_t lanes) {
    hg_cta *cta = w->cta;
    lanes &= ~w->exited;
    w->exited |= lanes;
    w->active &= ~lanes;
    cta->live_threads -= hg_popc(lanes);
    for (uint32_t id = 0; id < HG_NUM_BARRIERS; id++)
        if (cta->bar_arrived[id])
            barrier_check(cta, id);
    wsync_complete(w);
    if (!w->active)
        hg_warp_resched(w);
    else
        update_resched_pc(w);
}

hg_dim3 hg_lane_tid(const hg_warp *w, uint32_t lane) {
    const hg_dim3 b = w->sm->lc->block;
    uint32_t t = w->tid_base + lane;
    hg_dim3 r = {t % b.x, (t / b.x) % b.y, t / (b.x * b.y)};
    return r;
}

/* ---- faults ---------------------------------------------------------------------------- */

void hg_fault_raise(hg_warp *w, const hg_insn *in, hg_fault_kind kind, uint32_t lane,
                    uint64_t address, const char *fmt, ...) {
    hg_smrun *sm = w->sm;
    if (!sm->faulted) {
        hg_fault *f = &sm->fault;
        memset(f, 0, sizeof *f);
        f->kind = kind;
        snprintf(f->kernel, sizeof f->kernel, "%s", sm->lc->kernel_name);
        f->address = address;
        f->block = w->cta->id;
        f->thread = hg_lane_tid(w, lane);
        f->pc = (uint32_t)(in - w->code) * HISA_INSN_BYTES;
        f->sm = sm->sm_id;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(f->detail, sizeof f->detail, fmt, ap);
        va_end(ap);
        sm->faulted = 1;
    }
    ((hg_launch_ctx *)sm->lc)->abort = 1;
    w->state = HG_WARP_DONE;
    w->active = 0;
    w->ngroups = 0;
    w->yield = 1;
    w->resched_pc = UINT32_MAX;
}
