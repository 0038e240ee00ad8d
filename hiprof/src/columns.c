/* columns.c -- a kernel row's numeric fields (see columns.h). */
#include <math.h>
#include <stdio.h>

#include "columns.h"
#include "metrics.h"

#define GET(fn, expr)                                                                              \
    static double fn(const hp_kernel_sum *k) {                                                     \
        return (expr);                                                                             \
    }

GET(calls, (double)k->calls)
GET(faulted, (double)k->faulted)
GET(time_total, k->wall.total * 1e3)
GET(time_avg, hp_stat_avg(&k->wall) * 1e3)
GET(time_min, k->wall.min * 1e3)
GET(time_max, k->wall.max * 1e3)
GET(mod_total, k->modelled.total)
GET(mod_avg, hp_stat_avg(&k->modelled))
GET(mod_min, k->modelled.min)
GET(mod_max, k->modelled.max)
GET(regs, k->regs)
GET(sshared, k->static_shared)
GET(dshared, k->dyn_shared)
GET(local, k->local_bytes)
GET(theo, k->calls ? 100.0 * k->theo_sum / (double)k->calls : NAN)
GET(achieved, k->achieved_weight > 0 ? 100.0 * k->achieved / k->achieved_weight : NAN)
GET(bps, k->bps_min)
GET(weff, hp_warp_exec_efficiency(&k->c))
GET(div, hp_branch_divergence(&k->c))
GET(gld, hp_gld_efficiency(&k->c))
GET(gst, hp_gst_efficiency(&k->c))
GET(conflicts, (double)hp_bank_conflicts(&k->c))
GET(wpr, hp_wavefronts_per_request(&k->c))
GET(stall, hp_barrier_stall_share(&k->c))
#define RAW(f) GET(raw_##f, (double)k->c.f)
RAW(warp_insts)
RAW(thread_insts)
RAW(branches)
RAW(divergent_branches)
RAW(gld_requests)
RAW(gld_sectors)
RAW(gld_bytes)
RAW(gst_requests)
RAW(gst_sectors)
RAW(gst_bytes)
RAW(shared_requests)
RAW(shared_wavefronts)
RAW(atomics)
RAW(barriers)
RAW(barrier_stall)
RAW(warp_slots)
#undef RAW

const hp_column hp_kernel_columns[] = {
    {"calls", calls, 1},
    {"faulted", faulted, 1},
    {"time_total_ms", time_total, 0},
    {"time_avg_ms", time_avg, 0},
    {"time_min_ms", time_min, 0},
    {"time_max_ms", time_max, 0},
    {"modelled_total_us", mod_total, 0},
    {"modelled_avg_us", mod_avg, 0},
    {"modelled_min_us", mod_min, 0},
    {"modelled_max_us", mod_max, 0},
    {"registers", regs, 1},
    {"static_shared_bytes", sshared, 1},
    {"dynamic_shared_bytes", dshared, 1},
    {"local_bytes", local, 1},
    {"theoretical_occupancy_pct", theo, 0},
    {"achieved_occupancy_pct", achieved, 0},
    {"blocks_per_sm", bps, 1},
    {"warp_execution_efficiency_pct", weff, 0},
    {"branch_divergence_pct", div, 0},
    {"global_load_efficiency_pct", gld, 0},
    {"global_store_efficiency_pct", gst, 0},
    {"shared_bank_conflicts", conflicts, 1},
    {"shared_wavefronts_per_request", wpr, 0},
    {"barrier_stall_pct", stall, 0},
    {"warp_insts", raw_warp_insts, 1},
    {"thread_insts", raw_thread_insts, 1},
    {"branches", raw_branches, 1},
    {"divergent_branches", raw_divergent_branches, 1},
    {"gld_requests", raw_gld_requests, 1},
    {"gld_sectors", raw_gld_sectors, 1},
    {"gld_bytes", raw_gld_bytes, 1},
    {"gst_requests", raw_gst_requests, 1},
    {"gst_sectors", raw_gst_sectors, 1},
    {"gst_bytes", raw_gst_bytes, 1},
    {"shared_requests", raw_shared_requests, 1},
    {"shared_wavefronts", raw_shared_wavefronts, 1},
    {"atomics", raw_atomics, 1},
    {"barriers", raw_barriers, 1},
    {"barrier_stall_slots", raw_barrier_stall, 1},
    {"warp_slots", raw_warp_slots, 1},
};
const size_t hp_nkernel_columns = sizeof hp_kernel_columns / sizeof *hp_kernel_columns;

const char *hp_dim_text(char *buf, size_t n, const uint32_t d[3]) {
    snprintf(buf, n, "%ux%ux%u", d[0], d[1], d[2]);
    return buf;
}
