/* config.c -- the named GPU presets (documented in docs/gpu-model.md). */
#include "higpu/config.h"

#include <string.h>

#define GiB (1024ull * 1024 * 1024)
#define MiB (1024ull * 1024)

static const hg_config presets[] = {
    /* The default: shaped like a current data-centre part (H100 SXM5 class). */
    {
        .preset = "dc",
        .name = "HiGPU DC-132",
        .sm_count = 132,
        .max_warps_per_sm = 64,
        .max_threads_per_sm = 2048,
        .max_blocks_per_sm = 32,
        .max_threads_per_block = 1024,
        .regs_per_sm = 65536,
        .max_regs_per_thread = 255,
        .reg_alloc_unit = 256,
        .shared_per_sm = 228 * 1024,
        .shared_per_block = 227 * 1024,
        .max_local_per_thread = 512 * 1024,
        .mem_bytes = 80 * GiB,
        .clock_mhz = 1755,
        .mem_clock_mhz = 2619,
        .mem_bus_bits = 5120,
        .schedulers_per_sm = 4,
        .l2_bytes = 50 * 1024 * 1024,
        .compute_major = 9,
        .compute_minor = 0,
    },
    /* A small GPU for coursework: few SMs, so occupancy and scheduling are
     * easy to follow by hand. */
    {
        .preset = "teach",
        .name = "HiGPU Teach-4",
        .sm_count = 4,
        .max_warps_per_sm = 32,
        .max_threads_per_sm = 1024,
        .max_blocks_per_sm = 8,
        .max_threads_per_block = 1024,
        .regs_per_sm = 32768,
        .max_regs_per_thread = 255,
        .reg_alloc_unit = 256,
        .shared_per_sm = 64 * 1024,
        .shared_per_block = 48 * 1024,
        .max_local_per_thread = 64 * 1024,
        .mem_bytes = 1 * GiB,
        .clock_mhz = 1000,
        .mem_clock_mhz = 1000,
        .mem_bus_bits = 256,
        .schedulers_per_sm = 2,
        .l2_bytes = 2 * 1024 * 1024,
        .compute_major = 8,
        .compute_minor = 0,
    },
    /* A workstation card (Ampere GA102 class). */
    {
        .preset = "ws",
        .name = "HiGPU WS-84",
        .sm_count = 84,
        .max_warps_per_sm = 48,
        .max_threads_per_sm = 1536,
        .max_blocks_per_sm = 16,
        .max_threads_per_block = 1024,
        .regs_per_sm = 65536,
        .max_regs_per_thread = 255,
        .reg_alloc_unit = 256,
        .shared_per_sm = 100 * 1024,
        .shared_per_block = 99 * 1024,
        .max_local_per_thread = 512 * 1024,
        .mem_bytes = 24 * GiB,
        .clock_mhz = 1860,
        .mem_clock_mhz = 1219,
        .mem_bus_bits = 384,
        .schedulers_per_sm = 4,
        .l2_bytes = 6 * 1024 * 1024,
        .compute_major = 8,
        .compute_minor = 6,
    },
};

static const char *const names[] = {"dc", "teach", "ws", NULL};
_Static_assert(sizeof names / sizeof names[0] == sizeof presets / sizeof presets[0] + 1,
               "one name per preset");

hg_status hg_config_preset(const char *name, hg_config *out) {
    for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++) {
        if (strcmp(presets[i].preset, name) == 0) {
            *out = presets[i];
            return HG_OK;
        }
    }
    return HG_ERR_NOT_FOUND;
}

const char *const *hg_config_preset_names(void) { return names; }
const char *hg_config_default_preset(void) { return names[0]; }
