/* smrun.c -- the warp run loop and an SM's CTA residency. */
#include <stdlib.h>
#include <time.h>

#include "sm.h"

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The interpreter's inner loop: fetch, guard, count, dispatch.  Returns the
 * warp instructions executed.  The SM's clock advances with every issued
 * instruction, so SR_CLOCK reads between two instructions of one run differ. */
static uint64_t warp_run(hg_warp *w, uint64_t budget, hg_counters *c) {
    const hg_insn *code = w->code;
    hg_smrun *sm = w->sm;
    uint64_t start = sm->clock;
    w->yield = 0;
    while (sm->clock - start < budget) {
        if (HG_UNLIKELY(w->pc >= w->resched_pc)) {
            hg_warp_resched(w);
            if (w->yield)
                break;
        }
        const hg_insn *in = &code[w->pc++];
        uint32_t exec = w->active & (w->p[in->gidx] ^ in->gxor);
        c->warp_class[in->cls]++;
        c->thread_class[in->cls] += hg_popc(exec);
        sm->clock++; /* SR_CLOCK: this SM's warp instructions, up to this one */
        in->fn(w, in, exec);
        if (HG_UNLIKELY(w->yield))
            break;
    }
    return sm->clock - start;
}

/* The same loop, writing every instruction to the trace. */
static uint64_t warp_run_traced(hg_warp *w, uint64_t budget, hg_counters *c) {
    const hg_insn *code = w->code;
    hg_smrun *sm = w->sm;
    uint64_t start = sm->clock;
    w->yield = 0;
    while (sm->clock - start < budget) {
        if (w->pc >= w->resched_pc) {
            hg_warp_resched(w);
            if (w->yield)
                break;
        }
        const hg_insn *in = &code[w->pc++];
        uint32_t exec = w->active & (w->p[in->gidx] ^ in->gxor);
        hg_trace_insn(w->sm->lc->trace, w, in, exec);
        c->warp_class[in->cls]++;
        c->thread_class[in->cls] += hg_popc(exec);
        sm->clock++; /* SR_CLOCK: this SM's warp instructions, up to this one */
        in->fn(w, in, exec);
        if (w->yield)
            break;
    }
    return sm->clock - start;
}

hg_status hg_worker_init(hg_worker *wk, hg_launch_ctx *lc) {
    memset(wk, 0, sizeof *wk);
    wk->lc = lc;
    uint32_t nthreads = lc->block.x * lc->block.y * lc->block.z;
    wk->warps_per_cta = (nthreads + HG_WARP_SIZE - 1) / HG_WARP_SIZE;
    wk->nslots = lc->blocks_per_sm;
    wk->slots = calloc(wk->nslots, sizeof *wk->slots);
    if (!wk->slots)
        return HG_ERR_OUT_OF_MEMORY;
    size_t regs = (size_t)lc->nrows * HG_WARP_SIZE * 4;
    for (uint32_t i = 0; i < wk->nslots; i++) {
        hg_slot *s = &wk->slots[i];
        s->cta.warps = calloc(wk->warps_per_cta, sizeof *s->cta.warps);
        s->regs = aligned_alloc(64, regs * wk->warps_per_cta);
        s->cta.shared_bytes = lc->static_shared + lc->dyn_shared;
        s->cta.shared = calloc(1, s->cta.shared_bytes ? s->cta.shared_bytes : 1);
        if (lc->local_bytes)
            s->local = calloc((size_t)wk->warps_per_cta * HG_WARP_SIZE, lc->local_bytes);
        if (!s->cta.warps || !s->regs || !s->cta.shared || (lc->local_bytes && !s->local)) {
            hg_worker_free(wk);
            return HG_ERR_OUT_OF_MEMORY;
        }
    }
    wk->run.lc = lc;
    wk->run.ctr = &wk->ctr;
    return HG_OK;
}

void hg_worker_free(hg_worker *wk) {
    for (uint32_t i = 0; wk->slots && i < wk->nslots; i++) {
        free(wk->slots[i].cta.warps);
        free(wk->slots[i].regs);
        free(wk->slots[i].cta.shared);
        free(wk->slots[i].local);
    }
    free(wk->slots);
    wk->slots = NULL;
}

/* Starts block `index` (linear) in a slot. */
static void cta_start(hg_worker *wk, hg_slot *s, uint64_t index) {
    const hg_launch_ctx *lc = wk->lc;
    hg_cta *cta = &s->cta;
    cta->id.x = (uint32_t)(index % lc->grid.x);
    cta->id.y = (uint32_t)((index / lc->grid.x) % lc->grid.y);
    cta->id.z = (uint32_t)(index / ((uint64_t)lc->grid.x * lc->grid.y));
    cta->nthreads = lc->block.x * lc->block.y * lc->block.z;
    cta->nwarps = wk->warps_per_cta;
    cta->live_threads = cta->nthreads;
    cta->live_warps = (int)cta->nwarps;
    memset(cta->bar_arrived, 0, sizeof cta->bar_arrived);
    memset(cta->bar_expected, 0, sizeof cta->bar_expected);
    memset(cta->bar_accum, 0, sizeof cta->bar_accum);
    memset(cta->bar_vmax, 0, sizeof cta->bar_vmax);
    memset(cta->shared, 0, cta->shared_bytes);
    size_t rowbytes = (size_t)lc->nrows * HG_WARP_SIZE * 4;
    if (s->local)
        memset(s->local, 0, (size_t)cta->nwarps * HG_WARP_SIZE * lc->local_bytes);
    for (uint32_t i = 0; i < cta->nwarps; i++) {
        hg_warp *w = &cta->warps[i];
        memset(w, 0, sizeof *w);
        w->r = s->regs + (size_t)i * lc->nrows * HG_WARP_SIZE;
        memcpy(w->r, lc->init_rows, rowbytes);
        w->p[HISA_PT] = HG_FULL;
        uint32_t lanes = cta->nthreads - i * HG_WARP_SIZE;
        uint32_t valid = lanes >= HG_WARP_SIZE ? HG_FULL : (1u << lanes) - 1;
        w->exited = ~valid;
        w->active = valid;
        w->pc = lc->entry;
        w->resched_pc = UINT32_MAX;
        w->state = HG_WARP_RUNNING;
        w->code = lc->code;
        w->cta = cta;
        w->sm = &wk->run;
        w->warp_in_cta = i;
        w->tid_base = i * HG_WARP_SIZE;
        w->local_bytes = lc->local_bytes;
        w->local = s->local ? s->local + (size_t)i * HG_WARP_SIZE * lc->local_bytes : NULL;
    }
    s->busy = 1;
    s->index = index;
    if (HG_UNLIKELY(lc->spans != NULL) && index < lc->nspans)
        lc->spans[index] = (hg_block_span){.sm = wk->run.sm_id,
                                           .slot = (uint32_t)(s - wk->slots),
                                           .start_ns = now_ns(),
                                           .start_clock = wk->run.clock};
}

/* A block has finished: its warps' lifetimes (barrier-stall share) and
 * the end of its span on the profiler's timeline. */
static void cta_end(hg_worker *wk, hg_slot *s) {
    const hg_launch_ctx *lc = wk->lc;
    for (uint32_t i = 0; i < s->cta.nwarps; i++)
        wk->ctr.warp_slots += s->cta.warps[i].vclock;
    if (HG_UNLIKELY(lc->spans != NULL) && s->index < lc->nspans) {
        lc->spans[s->index].end_ns = now_ns();
        lc->spans[s->index].end_clock = wk->run.clock;
    }
}

/* Every warp of the SM waits at a barrier that cannot complete. */
static void barrier_deadlock(hg_worker *wk) {
    for (uint32_t i = 0; i < wk->nslots; i++) {
        hg_slot *s = &wk->slots[i];
        if (!s->busy)
            continue;
        for (uint32_t j = 0; j < s->cta.nwarps; j++) {
            hg_warp *w = &s->cta.warps[j];
            if (w->state != HG_WARP_BLOCKED || !w->ngroups)
                continue;
            const hg_group *g = &w->groups[0];
            uint32_t id = g->need, expected = s->cta.bar_expected[id] ? s->cta.bar_expected[id]
                                                                       : s->cta.live_threads;
            hg_fault_raise(w, &w->code[g->pc], HG_FAULT_DEADLOCK, (uint32_t)__builtin_ctz(g->mask),
                           id, "barrier %u can never complete: %u of %u threads arrived", id,
                           s->cta.bar_arrived[id], expected);
            return;
        }
    }
}

static int watchdog_expired(hg_worker *wk, uint64_t done) {
    hg_launch_ctx *lc = wk->lc;
    uint64_t total = __atomic_add_fetch(&lc->insts_done, done, __ATOMIC_RELAXED);
    if (lc->inst_budget && total > lc->inst_budget)
        return 1;
    return lc->deadline_ns && now_ns() > lc->deadline_ns;
}

uint64_t hg_worker_run_sm(hg_worker *wk, uint32_t sm_id) {
    hg_launch_ctx *lc = wk->lc;
    uint64_t total = (uint64_t)lc->grid.x * lc->grid.y * lc->grid.z, next = sm_id;
    hg_counters before = wk->ctr, *c = &wk->ctr;
    uint64_t (*run)(hg_warp *, uint64_t, hg_counters *) = lc->trace ? warp_run_traced : warp_run;
    wk->run.sm_id = sm_id;
    memset(wk->run.range_lo, 0, sizeof wk->run.range_lo);
    memset(wk->run.range_hi, 0, sizeof wk->run.range_hi);
    wk->run.clock = 0;
    while (!lc->abort) {
        uint32_t busy = 0;
        for (uint32_t i = 0; i < wk->nslots; i++) {
            if (!wk->slots[i].busy && next < total) {
                cta_start(wk, &wk->slots[i], next);
                next += lc->nsm;
            }
            busy += (uint32_t)wk->slots[i].busy;
        }
        if (!busy)
            break;
        uint64_t progress = 0;
        hg_warp *last = NULL;
        for (uint32_t i = 0; i < wk->nslots && !lc->abort; i++) {
            hg_slot *s = &wk->slots[i];
            if (!s->busy)
                continue;
            int live = 0, resident = 0;
            for (uint32_t j = 0; j < s->cta.nwarps && !lc->abort; j++) {
                hg_warp *w = &s->cta.warps[j];
                /* resident this round: not yet exited when its turn came
                 * (counted before it runs, so that warps finishing within
                 * one quantum still count) */
                resident += w->state != HG_WARP_DONE;
                if (w->state == HG_WARP_RUNNING) {
                    w->run_clock0 = wk->run.clock;
                    uint64_t n = run(w, HG_QUANTUM, c);
                    w->vclock += n;
                    progress += n;
                    last = w;
                }
                live += w->state != HG_WARP_DONE;
            }
            c->resident_warp_rounds += (uint64_t)resident;
            if (!live) {
                s->busy = 0;
                cta_end(wk, s);
            }
        }
        c->sched_rounds++;
        if (lc->abort)
            break;
        if (!progress) {
            barrier_deadlock(wk);
            break;
        }
        if (watchdog_expired(wk, progress)) {
            hg_fault_raise(last, &last->code[last->pc ? last->pc - 1 : 0], HG_FAULT_WATCHDOG,
                           last->active ? (uint32_t)__builtin_ctz(last->active) : 0, 0,
                           "kernel exceeded the watchdog budget (%llu ms, %llu warp instructions)",
                           (unsigned long long)((now_ns() - lc->start_ns) / 1000000),
                           (unsigned long long)lc->insts_done);
            break;
        }
    }
    hg_counters delta = *c;
    for (int k = 0; k < HISA_CLASS_COUNT; k++) {
        delta.warp_class[k] -= before.warp_class[k];
        delta.thread_class[k] -= before.thread_class[k];
    }
    delta.gld_sectors -= before.gld_sectors;
    delta.gst_sectors -= before.gst_sectors;
    delta.shared_wavefronts -= before.shared_wavefronts;
    uint64_t rounds = c->sched_rounds - before.sched_rounds;
    double avg = rounds ? (double)(c->resident_warp_rounds - before.resident_warp_rounds) / (double)rounds : 1.0;
    return hg_model_sm_cycles(hg_ctx_config(lc->ctx), &delta, avg);
}
