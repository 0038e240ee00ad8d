/* metrics.h -- every derived metric, defined once from the core's counters
 * (docs/hiprof.md gives each definition).  Percentages are 0..100; a metric
 * whose denominator is zero is NAN ("-" in the text report, null in JSON,
 * empty in CSV). */
#ifndef HIPROF_METRICS_H
#define HIPROF_METRICS_H

#include "records.h"

/* Active lanes per warp instruction, over 32. */
double hp_warp_exec_efficiency(const hp_counters *c);
/* Branches whose lanes went more than one way, over all branches. */
double hp_branch_divergence(const hp_counters *c);
/* Bytes the lanes asked for, over the 32-byte sectors moved for them. */
double hp_gld_efficiency(const hp_counters *c);
double hp_gst_efficiency(const hp_counters *c);
/* Extra shared-memory wavefronts beyond one per request. */
uint64_t hp_bank_conflicts(const hp_counters *c);
double hp_wavefronts_per_request(const hp_counters *c);
/* Warp time spent waiting at CTA barriers for slower warps, over warp time. */
double hp_barrier_stall_share(const hp_counters *c);
/* Class k's share of the warp instructions. */
double hp_class_share(const hp_counters *c, int k);

/* Adds b's counters to a. */
void hp_counters_add(hp_counters *a, const hp_counters *b);

#endif
