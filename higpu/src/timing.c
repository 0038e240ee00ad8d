/* timing.c -- the modelled-time estimate of a launch (docs/gpu-model.md).
 *
 * Deliberately simple: an SM is bound by whichever is slowest of
 *   issue    sum(warp instructions x issue cost) / schedulers
 *   latency  sum(warp instructions x latency) / resident warps (hiding)
 *   memory   32-byte sectors x 32 / the SM's share of DRAM bandwidth
 * and the kernel takes as long as its slowest SM. */
#include "sm.h"

typedef struct class_cost {
    uint8_t issue;    /* scheduler cycles per warp instruction */
    uint16_t latency; /* cycles until a dependent instruction can issue */
} class_cost;

static const class_cost costs[HISA_CLASS_COUNT] = {
    [HISA_CLASS_MISC] = {1, 4},    [HISA_CLASS_INT] = {1, 4},     [HISA_CLASS_IMUL] = {2, 4},
    [HISA_CLASS_IDIV] = {20, 40},  [HISA_CLASS_FP32] = {1, 4},    [HISA_CLASS_FP32D] = {8, 20},
    [HISA_CLASS_SFU] = {4, 16},    [HISA_CLASS_FP64] = {2, 8},    [HISA_CLASS_HALF] = {1, 4},
    [HISA_CLASS_CONV] = {4, 6},    [HISA_CLASS_LDG] = {1, 500},   [HISA_CLASS_STG] = {1, 20},
    [HISA_CLASS_LDS] = {1, 24},    [HISA_CLASS_STS] = {1, 20},    [HISA_CLASS_LDL] = {1, 500},
    [HISA_CLASS_STL] = {1, 20},    [HISA_CLASS_LD] = {1, 500},    [HISA_CLASS_ST] = {1, 20},
    [HISA_CLASS_LDC] = {1, 8},     [HISA_CLASS_ATOM] = {2, 600},  [HISA_CLASS_CTRL] = {1, 4},
    [HISA_CLASS_SYNC] = {1, 20},   [HISA_CLASS_WARP] = {1, 8},    [HISA_CLASS_TENSOR] = {2, 32},
};

uint64_t hg_model_sm_cycles(const hg_config *cfg, const hg_counters *c, double avg_warps) {
    double issue = 0, latency = 0;
    for (int k = 0; k < HISA_CLASS_COUNT; k++) {
        issue += (double)c->warp_class[k] * costs[k].issue;
        latency += (double)c->warp_class[k] * costs[k].latency;
    }
    /* bank conflicts replay shared accesses */
    issue += (double)c->shared_wavefronts;
    issue /= cfg->schedulers_per_sm ? cfg->schedulers_per_sm : 1;
    latency /= avg_warps > 1 ? avg_warps : 1;
    double bytes_per_cycle = (double)cfg->mem_clock_mhz * 2.0 * (cfg->mem_bus_bits / 8.0) /
                             (double)cfg->clock_mhz / (double)cfg->sm_count;
    double memory = (double)(c->gld_sectors + c->gst_sectors) * 32.0 / bytes_per_cycle;
    double m = issue > latency ? issue : latency;
    return (uint64_t)(m > memory ? m : memory);
}

void hg_counters_add(hg_counters *a, const hg_counters *b) {
    uint64_t *x = (uint64_t *)a;
    const uint64_t *y = (const uint64_t *)b;
    for (size_t i = 0; i < sizeof *a / sizeof(uint64_t); i++)
        x[i] += y[i];
}
_Static_assert(sizeof(hg_counters) % sizeof(uint64_t) == 0, "hg_counters is all uint64_t");
