/* config.h -- the shape of a HiGPU: SMs, limits, memory and clocks.
 * Named presets live in config.c and are documented in docs/gpu-model.md. */
#ifndef HIGPU_CONFIG_H
#define HIGPU_CONFIG_H

#include <stdint.h>

#include "higpu/status.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { HG_WARP_SIZE = 32 };

typedef struct hg_config {
    char preset[32];       /* "teach", "dc", ... */
    char name[64];         /* marketing-style device name shown by tools */
    uint32_t sm_count;
    uint32_t max_warps_per_sm;
    uint32_t max_threads_per_sm;
    uint32_t max_blocks_per_sm;
    uint32_t max_threads_per_block;
    uint32_t regs_per_sm;          /* 32-bit registers in an SM's file */
    uint32_t max_regs_per_thread;
    uint32_t reg_alloc_unit;       /* registers are allocated per warp in these units */
    uint32_t shared_per_sm;        /* bytes */
    uint32_t shared_per_block;     /* bytes a block may use */
    uint32_t max_local_per_thread; /* bytes */
    uint64_t mem_bytes;            /* device memory */
    uint32_t clock_mhz;            /* SM clock */
    uint32_t mem_clock_mhz;
    uint32_t mem_bus_bits;
    uint32_t schedulers_per_sm;    /* warp instructions issued per cycle per SM */
    uint32_t l2_bytes;
    uint32_t compute_major, compute_minor; /* reported capability */
} hg_config;

/* Fills out with the named preset; HG_ERR_NOT_FOUND for an unknown name. */
hg_status hg_config_preset(const char *name, hg_config *out);
/* NULL-terminated list of preset names; the first is the default. */
const char *const *hg_config_preset_names(void);
const char *hg_config_default_preset(void);

#ifdef __cplusplus
}
#endif
#endif /* HIGPU_CONFIG_H */
