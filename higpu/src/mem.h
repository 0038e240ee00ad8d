/* mem.h -- device-memory access for the instruction handlers: address
 * resolution over the state spaces, checks, and memory counters. */
#ifndef HIGPU_MEM_H
#define HIGPU_MEM_H

#include "exec.h"

/* Built once per interpreter variant with the handlers (the lane loops
 * vectorise for x86-64-v3), so the names carry the variant. */
#define hg_mem_lanes HG_CAT3(hg_mem_lanes, _, HG_VARIANT)
#define hg_mem_addresses HG_CAT3(hg_mem_addresses, _, HG_VARIANT)
#define hg_mem_window HG_CAT3(hg_mem_window, _, HG_VARIANT)
#define hg_mem_uniform_load HG_CAT3(hg_mem_uniform_load, _, HG_VARIANT)

typedef enum hg_space {
    HG_SP_GLOBAL,
    HG_SP_SHARED,
    HG_SP_LOCAL,
    HG_SP_PARAM,
    HG_SP_CONST,   /* global memory read through the constant path */
    HG_SP_GENERIC, /* resolved per lane by window */
} hg_space;

/* Resolves the exec lanes' addresses of a size-byte access in space to host
 * pointers, checking bounds (against live allocations for global memory)
 * and natural alignment, and counting requests, sectors and shared-memory
 * wavefronts.  Returns 0, or -1 after raising a fault on the warp. */
int hg_mem_lanes(hg_warp *w, const hg_insn *in, hg_space space, const uint64_t *addr,
                 uint32_t exec, unsigned size, int is_store, uint8_t **ptr);

/* A full warp loading one global address (a loop-invariant or broadcast
 * operand, p[j] for a uniform j): the host pointer, with the load counted
 * as hg_mem_lanes would count it (one request, one sector), when the
 * address is aligned and inside an allocation the SM validated lately;
 * NULL otherwise (then hg_mem_lanes does the general work). */
const uint8_t *hg_mem_uniform_load(hg_warp *w, hg_space space, const uint64_t *addr, unsigned size);

/* The lane addresses of a memory operand [ra + immc]: a 64-bit register pair
 * for 64-bit spaces, one 32-bit register for shared/local/param. */
void hg_mem_addresses(hg_warp *w, const hg_insn *in, int wide, uint64_t *addr);

/* Space of a generic address. */
hg_space hg_mem_window(uint64_t addr);

#endif
