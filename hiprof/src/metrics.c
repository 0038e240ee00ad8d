/* metrics.c -- the formulas behind hiprof's metrics.  Aggregates over
 * several launches are ratios of summed counters, not averages of the
 * launches' percentages, so a long launch weighs what it did. */
#include <math.h>

#include "metrics.h"

static double pct(uint64_t num, double den) {
    return den > 0 ? 100.0 * (double)num / den : NAN;
}

double hp_warp_exec_efficiency(const hp_counters *c) {
    return pct(c->thread_insts, 32.0 * (double)c->warp_insts);
}

double hp_branch_divergence(const hp_counters *c) {
    return pct(c->divergent_branches, (double)c->branches);
}

double hp_gld_efficiency(const hp_counters *c) {
    return pct(c->gld_bytes, 32.0 * (double)c->gld_sectors);
}

double hp_gst_efficiency(const hp_counters *c) {
    return pct(c->gst_bytes, 32.0 * (double)c->gst_sectors);
}

uint64_t hp_bank_conflicts(const hp_counters *c) {
    return c->shared_wavefronts > c->shared_requests ? c->shared_wavefronts - c->shared_requests
                                                     : 0;
}

double hp_wavefronts_per_request(const hp_counters *c) {
    return c->shared_requests ? (double)c->shared_wavefronts / (double)c->shared_requests : NAN;
}

double hp_barrier_stall_share(const hp_counters *c) {
    return pct(c->barrier_stall, (double)c->warp_slots);
}

double hp_class_share(const hp_counters *c, int k) {
    return pct(c->warp_class[k], (double)c->warp_insts);
}

void hp_counters_add(hp_counters *a, const hp_counters *b) {
    uint64_t *x = (uint64_t *)a;
    const uint64_t *y = (const uint64_t *)b;
    for (size_t i = 0; i < sizeof *a / sizeof *x; i++)
        x[i] += y[i];
}
_Static_assert(sizeof(hp_counters) % sizeof(uint64_t) == 0, "hp_counters is all uint64_t");
