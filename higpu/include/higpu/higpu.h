/*
 * higpu.h -- libhigpu, the GPU model.
 *
 * A hg_ctx is this process's context on one GPU of a node: it owns the
 * device memory it allocates, the modules it loads, its streams, and a
 * sticky error.  Kernels run on a pool of host threads, each emulating SMs
 * with a warp interpreter (docs/simt.md).  Nothing here knows about QEMU,
 * drivers or the HCC runtime API: those are hosts of this library.
 */
#ifndef HIGPU_HIGPU_H
#define HIGPU_HIGPU_H

#include <stddef.h>
#include <stdint.h>

#include "hisa/hcbin.h"
#include "hisa/hisa.h"
#include "higpu/config.h"
#include "higpu/node.h"
#include "higpu/status.h"
#include "higpu/stream.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- device address space ------------------------------------------------
 * Global memory of GPU i starts at HG_GLOBAL_BASE + i * HG_GLOBAL_STRIDE (a
 * unified address space across the GPUs of a node).  Generic addresses in
 * the shared and local windows reach the CTA's shared memory and the
 * thread's local memory; see docs/simt.md. */
#define HG_SHARED_WINDOW 0x0000000100000000ull
#define HG_LOCAL_WINDOW 0x0000000200000000ull
#define HG_WINDOW_SIZE 0x0000000001000000ull /* 16 MiB each */
#define HG_GLOBAL_BASE 0x0000100000000000ull
#define HG_GLOBAL_STRIDE 0x0000010000000000ull /* 1 TiB per GPU */

typedef struct hg_ctx hg_ctx;
typedef struct hg_module hg_module;
typedef struct hg_kernel hg_kernel;

typedef struct hg_dim3 {
    uint32_t x, y, z;
} hg_dim3;

/* ---- contexts ------------------------------------------------------------- */

typedef struct hg_ctx_options {
    int host_threads;        /* SM worker threads; 0 = $HI_HOST_THREADS or the core count */
    uint64_t watchdog_ms;    /* wall-time budget per launch; 0 = $HI_WATCHDOG_MS or 60000 */
    uint64_t watchdog_insts; /* warp-instruction budget per launch; 0 = unlimited */
    const char *trace_path;  /* per-warp instruction trace file; NULL = $HI_TRACE or none */
    const char *trace_kernel;/* only trace this kernel (NULL = all) */
} hg_ctx_options;

hg_status hg_ctx_create(hg_node *node, int gpu, const hg_ctx_options *opts, hg_ctx **out);
/* Frees every allocation and module of the context. */
void hg_ctx_destroy(hg_ctx *ctx);
const hg_config *hg_ctx_config(const hg_ctx *ctx);
int hg_ctx_gpu_index(const hg_ctx *ctx);
int hg_ctx_host_threads(const hg_ctx *ctx);
hg_devmem *hg_ctx_devmem(hg_ctx *ctx);
/* The sticky error: HG_OK, or the status of the fault that poisoned the
 * context.  Once set, launches and copies fail with HG_ERR_STICKY. */
hg_status hg_ctx_sticky(const hg_ctx *ctx);
/* Peer access: lets kernels of ctx read and write the device memory of GPU
 * peer_gpu of the same node (every GPU's memory is mapped in the process,
 * at its own address range of the unified address space).  Accesses are
 * checked against the peer's allocations as against the GPU's own.  Takes
 * effect for launches that start afterwards.  HG_ERR_INVALID_VALUE for the
 * context's own GPU or one the node does not have. */
hg_status hg_ctx_set_peer_access(hg_ctx *ctx, int peer_gpu, int enable);

/* ---- memory --------------------------------------------------------------- */

hg_status hg_malloc(hg_ctx *ctx, uint64_t size, uint64_t *dptr);
/* Waits for the context's queued work first, as cudaFree does. */
hg_status hg_free(hg_ctx *ctx, uint64_t dptr);
/* The host view of [dptr, dptr+len) if it lies inside one allocation. */
void *hg_host_ptr(hg_ctx *ctx, uint64_t dptr, uint64_t len);
/* Synchronous copies and memset: ordered on the default stream after all
 * earlier work (stream.h has the asynchronous forms). */
hg_status hg_memcpy_htod(hg_ctx *ctx, uint64_t dst, const void *src, uint64_t len);
hg_status hg_memcpy_dtoh(hg_ctx *ctx, void *dst, uint64_t src, uint64_t len);
hg_status hg_memcpy_dtod(hg_ctx *ctx, uint64_t dst, uint64_t src, uint64_t len);
hg_status hg_memset(hg_ctx *ctx, uint64_t dst, uint8_t value, uint64_t len);

/* ---- modules -------------------------------------------------------------- */

/* Loads a code object: allocates and initialises its variables, applies
 * relocations, and pre-decodes the code.  On failure err says why. */
hg_status hg_module_load(hg_ctx *ctx, const hcbin *bin, hg_module **out, char *err,
                         size_t errlen);
void hg_module_unload(hg_module *mod);
hg_kernel *hg_module_kernel(hg_module *mod, const char *name);
hg_status hg_module_var(hg_module *mod, const char *name, uint64_t *dptr, uint64_t *size);
const hcbin_kernel *hg_kernel_info(const hg_kernel *k);

/* ---- faults ----------------------------------------------------------------- */

typedef enum hg_fault_kind {
    HG_FAULT_NONE = 0,
    HG_FAULT_OUT_OF_BOUNDS = 1, /* access outside any allocation / window */
    HG_FAULT_MISALIGNED = 2,    /* address not a multiple of the access size */
    HG_FAULT_TRAP = 3,          /* TRAP instruction */
    HG_FAULT_WATCHDOG = 4,      /* launch exceeded its budget */
    HG_FAULT_BAD_PC = 5,        /* branch/return to an invalid address */
    HG_FAULT_DEADLOCK = 6,      /* barrier or warp-sync that can never complete */
    HG_FAULT_BAD_PARAM = 7,     /* parameter read beyond the parameter buffer */
} hg_fault_kind;

typedef struct hg_fault {
    hg_fault_kind kind;
    char kernel[64];
    uint64_t address;  /* faulting address (space given in detail); TRAP: the trap code */
    hg_dim3 block, thread;
    uint32_t pc;       /* byte offset in .text */
    uint32_t sm;
    char detail[160];  /* one line, e.g. "LDG.B32: global address 0x... is 4 bytes past ..." */
} hg_fault;

const char *hg_fault_kind_name(hg_fault_kind k);
/* The fault that set the sticky error (kind NONE if none). */
void hg_ctx_fault(const hg_ctx *ctx, hg_fault *out);
/* Formats a fault as one line; _named shows the kernel as `name` (a
 * demangled name, say). */
size_t hg_fault_format(const hg_fault *f, char *buf, size_t size);
size_t hg_fault_format_named(const hg_fault *f, const char *name, char *buf, size_t size);

/* ---- launch ------------------------------------------------------------------- */

typedef struct hg_counters {
    uint64_t warp_insts, thread_insts;
    uint64_t warp_class[HISA_CLASS_COUNT];
    uint64_t thread_class[HISA_CLASS_COUNT];
    uint64_t branches, divergent_branches;
    uint64_t gld_requests, gld_sectors, gld_bytes; /* global loads: warp requests, 32-B sectors, bytes asked */
    uint64_t gst_requests, gst_sectors, gst_bytes;
    uint64_t shared_requests, shared_wavefronts;   /* bank conflicts = wavefronts - requests */
    uint64_t atomics;
    uint64_t barriers;       /* warps that waited at a CTA barrier */
    /* Barrier stall (docs/hiprof.md): each warp keeps a clock of its own
     * issue slots; at a barrier the warps that arrived early wait for the
     * last one, and their clocks jump to its arrival.  barrier_stall sums
     * those jumps, warp_slots every warp's clock at exit (its lifetime). */
    uint64_t barrier_stall, warp_slots;
    uint64_t sched_rounds, resident_warp_rounds; /* for achieved occupancy */
} hg_counters;

typedef struct hg_launch_stats {
    hg_counters c;
    uint32_t blocks_per_sm;      /* occupancy limit for this launch */
    const char *occupancy_limiter; /* "warps", "registers", "shared", "blocks" */
    double theoretical_occupancy; /* resident warps / max warps */
    double achieved_occupancy;
    double warp_efficiency;      /* active lanes / 32 per warp instruction */
    uint64_t modelled_cycles;
    double modelled_us;          /* at the configured clock */
    double wall_s;               /* emulator wall time */
} hg_launch_stats;

typedef struct hg_launch_params {
    hg_dim3 grid, block;
    uint32_t dyn_shared;  /* bytes of dynamic shared memory */
    const void *params;   /* the parameter buffer (layout from the kernel metadata) */
    uint32_t params_size;
} hg_launch_params;

/* Runs a kernel on the default stream and waits for it.  Returns HG_OK, a
 * launch-configuration error (context unchanged), or HG_ERR_KERNEL_FAULT /
 * HG_ERR_TIMEOUT (the fault is recorded and the context is sticky).  stats
 * may be NULL.  hg_launch_async (stream.h) returns at once. */
hg_status hg_launch(hg_ctx *ctx, hg_kernel *k, const hg_launch_params *p, hg_launch_stats *stats);

/* Occupancy: blocks of this kernel resident per SM with this block size and
 * dynamic shared memory (0 if it cannot run); limiter names the constraint. */
uint32_t hg_occupancy(const hg_ctx *ctx, const hg_kernel *k, uint32_t threads_per_block,
                      uint32_t dyn_shared, const char **limiter);

/* The interpreter variant in use: "x86-64-v3" or "baseline". */
const char *hg_exec_variant(void);

#ifdef __cplusplus
}
#endif
#endif /* HIGPU_HIGPU_H */
