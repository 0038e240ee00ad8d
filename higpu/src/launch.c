/* launch.c -- checking a launch, spreading its SMs over the host threads,
 * and gathering faults, counters and the modelled time.  Launches reach
 * here through the compute engine (engine.c). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ctx_internal.h"
#include "sm.h"

uint32_t hg_occupancy(const hg_ctx *ctx, const hg_kernel *k, uint32_t threads, uint32_t dyn_shared,
                      const char **limiter) {
    const hg_config *c = &ctx->cfg;
    const char *lim = "blocks";
    uint32_t warps = (threads + HG_WARP_SIZE - 1) / HG_WARP_SIZE;
    if (!warps || threads > c->max_threads_per_block)
        return 0;
    uint32_t best = c->max_blocks_per_sm;
    uint32_t by_warps = c->max_warps_per_sm / warps;
    if (by_warps < best) {
        best = by_warps;
        lim = "warps";
    }
    uint32_t regs = k->info->nregs ? k->info->nregs : 1;
    uint32_t unit = c->reg_alloc_unit ? c->reg_alloc_unit : 1;
    uint32_t per_warp = (regs * HG_WARP_SIZE + unit - 1) / unit * unit;
    uint32_t by_regs = c->regs_per_sm / (per_warp * warps);
    if (by_regs < best) {
        best = by_regs;
        lim = "registers";
    }
    uint32_t shared = k->info->shared_bytes + dyn_shared;
    if (shared) {
        uint32_t by_shared = shared > c->shared_per_block ? 0 : c->shared_per_sm / shared;
        if (by_shared < best) {
            best = by_shared;
            lim = "shared";
        }
    }
    if (limiter)
        *limiter = lim;
    return best;
}

static hg_status check_launch(const hg_ctx *ctx, const hg_kernel *k, const hg_launch_params *p,
                              uint32_t *blocks_per_sm, const char **limiter) {
    const hg_config *c = &ctx->cfg;
    const hcbin_kernel *ki = k->info;
    uint64_t threads = (uint64_t)p->block.x * p->block.y * p->block.z;
    if (!p->grid.x || !p->grid.y || !p->grid.z || !threads)
        return HG_ERR_LAUNCH_CONFIG;
    if (p->grid.x > 0x7fffffffu || p->grid.y > 65535 || p->grid.z > 65535 || p->block.x > 1024 ||
        p->block.y > 1024 || p->block.z > 64)
        return HG_ERR_LAUNCH_CONFIG;
    if (threads > c->max_threads_per_block || (ki->max_threads && threads > ki->max_threads))
        return HG_ERR_LAUNCH_CONFIG;
    if (p->params_size < ki->param_bytes || (p->params_size && !p->params))
        return HG_ERR_LAUNCH_CONFIG;
    if ((uint64_t)ki->shared_bytes + p->dyn_shared > c->shared_per_block)
        return HG_ERR_LAUNCH_RESOURCES;
    if (ki->local_bytes > c->max_local_per_thread)
        return HG_ERR_LAUNCH_RESOURCES;
    *blocks_per_sm = hg_occupancy(ctx, k, (uint32_t)threads, p->dyn_shared, limiter);
    return *blocks_per_sm ? HG_OK : HG_ERR_LAUNCH_RESOURCES;
}

/* What the pool threads share during one launch. */
typedef struct launch_job {
    hg_launch_ctx *lc;
    hg_worker *workers;
    uint64_t *sm_cycles;
    uint32_t next_sm, nsm_used;
    hg_status init_error;
} launch_job;

static void run_thread(void *arg, int t) {
    launch_job *job = arg;
    hg_worker *wk = &job->workers[t];
    if (hg_worker_init(wk, job->lc) != HG_OK) {
        job->init_error = HG_ERR_OUT_OF_MEMORY;
        job->lc->abort = 1;
        return;
    }
    for (;;) {
        uint32_t sm = __atomic_fetch_add(&job->next_sm, 1, __ATOMIC_RELAXED);
        if (sm >= job->nsm_used || job->lc->abort)
            break;
        job->sm_cycles[sm] = hg_worker_run_sm(wk, sm);
    }
}

static int traced(const hg_ctx *ctx, const char *name) {
    return ctx->trace && (!ctx->trace_kernel || !strcmp(ctx->trace_kernel, name));
}

static void fill_stats(hg_launch_stats *s, const hg_ctx *ctx, const hg_counters *c,
                       const uint64_t *sm_cycles, uint32_t nsm, uint32_t warps_per_cta) {
    memset(s, 0, sizeof *s);
    s->c = *c;
    for (int k = 0; k < HISA_CLASS_COUNT; k++) {
        s->c.warp_insts += c->warp_class[k];
        s->c.thread_insts += c->thread_class[k];
    }
    s->warp_efficiency = s->c.warp_insts ? (double)s->c.thread_insts / (32.0 * (double)s->c.warp_insts) : 0;
    s->achieved_occupancy = c->sched_rounds
                                ? (double)c->resident_warp_rounds / (double)c->sched_rounds /
                                      (double)ctx->cfg.max_warps_per_sm
                                : 0;
    (void)warps_per_cta;
    uint64_t m = 0;
    for (uint32_t i = 0; i < nsm; i++)
        if (sm_cycles[i] > m)
            m = sm_cycles[i];
    s->modelled_cycles = m + 2000; /* launch overhead */
    s->modelled_us = (double)s->modelled_cycles / (double)ctx->cfg.clock_mhz;
}

hg_status hg_launch_check(hg_ctx *ctx, const hg_kernel *k, const hg_launch_params *p) {
    uint32_t bps;
    const char *limiter;
    return check_launch(ctx, k, p, &bps, &limiter);
}

/* Runs a checked launch on the SM pool (called by the compute engine). */
hg_status hg_launch_run(hg_ctx *ctx, hg_kernel *k, const hg_launch_params *p,
                        hg_launch_stats *stats, hg_block_span *spans, uint32_t nspans) {
    uint32_t bps;
    const char *limiter = "blocks";
    hg_status st = check_launch(ctx, k, p, &bps, &limiter);
    if (st != HG_OK)
        return st;
    hg_module *mod = k->mod;
    uint64_t start = hg_now_ns();
    hg_launch_ctx lc = {
        .ctx = ctx,
        .kernel = k,
        .kernel_name = k->info->name,
        .code = mod->code,
        .text = mod->text,
        .entry = k->entry,
        .nrows = mod->nrows,
        .init_rows = k->init_rows,
        .local_bytes = k->info->local_bytes,
        .static_shared = k->info->shared_bytes,
        .grid = p->grid,
        .block = p->block,
        .dyn_shared = p->dyn_shared,
        .params = p->params,
        .params_size = p->params_size,
        .mem = ctx->mem,
        .mem_base = ctx->va_base,
        .mem_size = hg_devmem_size(ctx->devmem),
        .devmem = ctx->devmem,
        .node = ctx->node,
        .peer_mask = __atomic_load_n(&ctx->peer_mask, __ATOMIC_RELAXED),
        .nsm = ctx->cfg.sm_count,
        .ncode = mod->ncode,
        .blocks_per_sm = bps,
        .start_ns = start,
        .deadline_ns = ctx->watchdog_ms ? start + ctx->watchdog_ms * 1000000ull : 0,
        .inst_budget = ctx->watchdog_insts,
        .trace = traced(ctx, k->info->name) ? (struct hg_trace *)ctx->trace : NULL,
        .spans = spans,
        .nspans = nspans,
    };
    uint64_t nblocks = (uint64_t)p->grid.x * p->grid.y * p->grid.z;
    uint32_t nthreads = (uint32_t)ctx->nthreads;
    launch_job job = {
        .lc = &lc,
        .nsm_used = nblocks < lc.nsm ? (uint32_t)nblocks : lc.nsm,
    };
    job.workers = calloc(nthreads, sizeof *job.workers);
    job.sm_cycles = calloc(lc.nsm, sizeof *job.sm_cycles);
    if (!job.workers || !job.sm_cycles) {
        free(job.workers);
        free(job.sm_cycles);
        return HG_ERR_OUT_OF_MEMORY;
    }
    if (lc.trace)
        hg_trace_begin(ctx->trace, k->info->name, p->grid, p->block);
    hg_pool_run(ctx->pool, run_thread, &job);

    hg_counters total = {0};
    const hg_fault *fault = NULL;
    for (uint32_t t = 0; t < nthreads; t++) {
        hg_counters_add(&total, &job.workers[t].ctr);
        const hg_smrun *r = &job.workers[t].run;
        /* the lowest SM's fault, so the report does not depend on timing */
        if (r->faulted && (!fault || r->fault.sm < fault->sm))
            fault = &r->fault;
    }
    if (job.init_error) {
        st = job.init_error;
    } else if (fault) {
        st = fault->kind == HG_FAULT_WATCHDOG ? HG_ERR_TIMEOUT : HG_ERR_KERNEL_FAULT;
        hg_ctx_poison(ctx, st, fault);
    }
    if (stats) {
        uint32_t warps = (uint32_t)((p->block.x * p->block.y * p->block.z + 31) / 32);
        fill_stats(stats, ctx, &total, job.sm_cycles, lc.nsm, warps);
        stats->blocks_per_sm = bps;
        stats->occupancy_limiter = limiter;
        stats->theoretical_occupancy = (double)(bps * warps) / (double)ctx->cfg.max_warps_per_sm;
        stats->wall_s = (double)(hg_now_ns() - start) / 1e9;
    }
    for (uint32_t t = 0; t < nthreads; t++)
        hg_worker_free(&job.workers[t]);
    free(job.workers);
    free(job.sm_cycles);
    return st;
}
