/*
 * internal.h -- what the files of libhcrt share.  Not installed.
 *
 * Shape of the runtime (docs/runtime.md):
 *   - one hg_node per process, opened at first use (never in the static
 *     constructors that register kernels);
 *   - one hcrt_device per visible GPU (HI_VISIBLE_DEVICES), whose hg_ctx is
 *     created at first use and destroyed by hcDeviceReset;
 *   - a registry of fat binaries, kernels (by host stub) and variables (by
 *     host shadow), filled by the clang ABI; each image is loaded as a
 *     module per device when first needed;
 *   - stream and event handles that wrap hg_stream / hg_event and remember
 *     which device (and which of its contexts) they belong to.
 *
 * Lock order: device lock -> registry lock -> fat binary lock -> printf
 * lock -> output lock.  Engine threads (host functions) only ever take the
 * printf and output locks, so the runtime may wait for a context's work
 * while holding any of the others.
 */
#ifndef HCRT_INTERNAL_H
#define HCRT_INTERNAL_H

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

#include "hc_cuda_abi.h"
#include "hc_runtime_api.h"
#include "higpu/higpu.h"

#include "ptrmap.h"

enum { HCRT_MAX_DEVICES = HG_MAX_NODE_GPUS };

/* ---- devices (device.c) ------------------------------------------------------ */

typedef struct hcrt_deferred hcrt_deferred;

typedef struct hcrt_device {
    int ordinal; /* the runtime's device number (after HI_VISIBLE_DEVICES) */
    int gpu;     /* the GPU's index in the node */
    const hg_config *cfg;
    uint64_t va_base; /* device address of the GPU's first byte */
    uint64_t mem_size;
    pthread_mutex_t lock;                 /* context creation and destruction, fault report */
    hg_ctx *ctx;                          /* NULL until first needed */
    uint64_t serial;                      /* names the current context; never reused */
    hcError_t sticky;                     /* the fault's error once it has been reported */
    unsigned char peer[HCRT_MAX_DEVICES]; /* peer access enabled to ordinal i */
    pthread_mutex_t defer_lock;
    hcrt_deferred *deferred; /* host buffers waiting for queued work (defer.c) */
} hcrt_device;

typedef struct hcrt_runtime {
    pid_t pid; /* the process that opened the node */
    hg_node *node;
    int ndev;
    int shutdown; /* the process is exiting: calls return hcErrorRuntimeUnloading */
    hcrt_device dev[HCRT_MAX_DEVICES];
    int ngpus;                          /* every GPU of the node, visible or not */
    int gpu_dev[HCRT_MAX_DEVICES];      /* node GPU -> ordinal, -1 if hidden */
    uint8_t *gpu_mem[HCRT_MAX_DEVICES]; /* host mapping of each GPU's memory */
    uint64_t gpu_mem_size[HCRT_MAX_DEVICES];
} hcrt_runtime;

/* The runtime, opened at first call (NULL and *err set if it cannot be). */
hcrt_runtime *hcrt_rt(hcError_t *err);
/* The runtime if it has been opened, without opening it. */
hcrt_runtime *hcrt_rt_peek(void);
/* Device ordinal -> device; hcErrorInvalidDevice if out of range. */
hcError_t hcrt_device_at(int ordinal, hcrt_device **out);
/* The calling thread's current device. */
hcError_t hcrt_current(hcrt_device **out);
/* Makes sure the device has a context; returns its sticky error if any. */
hcError_t hcrt_dev_ready(hcrt_device *d);
/* The current device, made ready (hcrt_current, then hcrt_dev_ready). */
hcError_t hcrt_current_ready(hcrt_device **out);
/* Returns the device's sticky error, reporting a new fault first (prints
 * the records of its printf buffers and the fault line). */
hcError_t hcrt_dev_sticky(hcrt_device *d);
/* Maps a libhigpu status for work on d (faults go through hcrt_dev_sticky). */
hcError_t hcrt_from_hg(hcrt_device *d, hg_status st);
/* 1 if the handle fields (device, serial) still name d's live context. */
int hcrt_dev_live(const hcrt_device *d, uint64_t serial);
/* Device memory: which device owns a device address (NULL for host
 * memory); hcErrorInvalidValue for an address of a GPU that is not visible. */
hcError_t hcrt_addr_device(const void *p, hcrt_device **out);
/* Host view of device address addr of any GPU of the node, without
 * checking allocations (safe: the mapping covers the whole device memory,
 * and unallocated pages read as zero); *avail is the number of bytes from
 * there to the end of that GPU's memory.  NULL if addr is no GPU's. */
const uint8_t *hcrt_devmem_view(uint64_t addr, uint64_t *avail);

/* ---- errors (error.c) --------------------------------------------------------- */

/* Records e as the calling thread's last error (unless it is hcSuccess or
 * hcErrorNotReady) and returns it: every API function returns through it. */
hcError_t hcrt_ret(hcError_t e);
hcError_t hcrt_map_status(hg_status st);
/* Forgets the thread's last error (hcDeviceReset). */
void hcrt_clear_last_error(void);
/* HI_QUIET=1 silences the runtime's diagnostic lines. */
int hcrt_quiet(void);
/* Serialises whole lines written to stdout/stderr by engine threads and
 * the API (printf records, fault lines). */
void hcrt_output_lock(void);
void hcrt_output_unlock(void);

/* The process-wide locks, taken around fork() (device.c) so that a child
 * never inherits one held by a thread that does not exist there. */
extern pthread_mutex_t hcrt_output_mutex, hcrt_reg_lock, hcrt_handles_lock, hcrt_pinned_lock,
    hcrt_ipc_lock;

/* ---- faults (fault.c) ---------------------------------------------------------- */

hcError_t hcrt_fault_error(hg_status st, const hg_fault *f);
/* Prints "hcrt: kernel 'k' fault: ... (file:line)" to stderr (unless HI_QUIET). */
void hcrt_fault_print(hcrt_device *d, const hg_fault *f);

/* ---- the profiler's hook (prof.c, docs/hiprof.md) ------------------------------------ */

/* HI_PROF_OUT is set: this process appends profile records to it. */
int hcrt_prof_on(void);
/* Options for a new context of d (the warp trace's kernel, from
 * HI_PROF_TRACE_KERNEL); name is storage for the kernel's name. */
void hcrt_prof_ctx_options(hg_ctx_options *o, char *name, size_t namelen);
/* After d's context ctx was made (d->serial set, ctx not yet published):
 * describes the device and installs the observer that writes a record per
 * completed operation.  No-op when off. */
void hcrt_prof_attach(hcrt_device *d, hg_ctx *ctx);
/* A copy the runtime makes itself (between devices, or host to host), which
 * the engines never see: kind "PtoP" or "HtoH", on d's stream. */
void hcrt_prof_copy(const hcrt_device *d, uint64_t stream, const char *kind, int src_gpu,
                    int dst_gpu, uint64_t bytes, uint64_t start_ns, uint64_t end_ns);
uint64_t hcrt_prof_now(void);

/* ---- deferred frees (defer.c) ----------------------------------------------------- */

/* Frees p once all work submitted to s so far has completed or been skipped. */
void hcrt_defer_free(hcrt_device *d, hg_stream *s, void *p);
/* Frees what is no longer needed; all = 1 after the context has drained. */
void hcrt_defer_sweep(hcrt_device *d, int all);

/* ---- streams and events (stream.c, event.c) ------------------------------------------ */

/* What stream and event handles share: the map of live handles holds
 * both, so each says what it is. */
enum { HCRT_STREAM = 1, HCRT_EVENT = 2 };
typedef struct hcrt_handle {
    int kind;
    hcrt_device *dev;
    uint64_t serial; /* the device context it belongs to */
} hcrt_handle;

struct hcStream_st {
    hcrt_handle h;
    hg_stream *hs;
    unsigned flags;
};

struct hcEvent_st {
    hcrt_handle h;
    hg_event *he;
    unsigned flags;
};

/* The device and libhigpu stream a handle names (0, hcStreamLegacy and
 * hcStreamPerThread: the current device's default stream, hs = NULL);
 * makes sure the device is ready. */
hcError_t hcrt_stream_resolve(hcStream_t s, hcrt_device **d, hg_stream **hs);
/* The live stream/event handles: handle -> itself (stream.c owns the map).
 * hcrt_handle_live, with hcrt_handles_lock held: p if it is a live handle
 * of that kind (its context not reset), else NULL. */
extern ptrmap hcrt_handles;
extern pthread_mutex_t hcrt_handles_lock;
void *hcrt_handle_live(const void *p, int kind);
/* Registers a new handle (hcErrorMemoryAllocation if the map cannot grow). */
hcError_t hcrt_handle_add(hcrt_handle *h, int kind, hcrt_device *d);
/* Drops every handle of device d (hcDeviceReset, shutdown). */
void hcrt_handles_drop_device(hcrt_device *d);

/* ---- IPC (ipc.c) ---------------------------------------------------------------------------- */

/* Forgets the handles this process opened on d (hcDeviceReset). */
void hcrt_ipc_drop_device(hcrt_device *d);

/* ---- pinned host memory (hostmem.c) -------------------------------------------------- */

/* 1 if [p, p+n) lies in one page-locked range. */
int hcrt_host_pinned(const void *p, size_t n);

/* ---- copies (copy.c) ------------------------------------------------------------------ */

/* Every memcpy of the API: kind checked against the pointers, routed to the
 * owning device's engines, or done by a host function where it crosses
 * devices.  async: in stream order (pageable host memory staged as CUDA
 * does); otherwise the legacy default stream, waited for. */
hcError_t hcrt_copy(void *dst, const void *src, size_t n, hcMemcpyKind kind, hcStream_t stream,
                    int async);
/* A copy between two devices (or the same one), ordered in stream (async)
 * or after all work of both devices (not async). */
hcError_t hcrt_copy_peer(hcrt_device *dd, void *dst, hcrt_device *sd, const void *src, size_t n,
                         hcStream_t stream, int async);

/* ---- registered code (register.c) --------------------------------------------------------- */

/* Device printf state of one module on one device (printf.c). */
typedef struct hcrt_printf {
    pthread_mutex_t lock;
    int enabled;   /* the module defines __hcc_printf */
    uint8_t *hdr;  /* host view of __hcc_printf {u64 buffer, u32 capacity, u32 offset} */
    uint64_t buf;  /* device address of the buffer (0 until the first launch) */
    uint8_t *hbuf; /* its host view */
    uint32_t cap;
    hg_event *flushed; /* recorded after the last flush: the next launch waits for it */
} hcrt_printf;

/* A fat binary's module on one device. */
typedef struct hcrt_module {
    hg_module *mod; /* valid while serial == the device's serial */
    uint64_t serial;
    hcrt_printf pf;
} hcrt_module;

typedef struct hcrt_fatbin {
    const void *image;
    size_t len;
    char bad[320]; /* why the image cannot be used ("" if it can) */
    pthread_mutex_t lock;
    hcbin *bin; /* parsed at first use */
    hcrt_module mods[HCRT_MAX_DEVICES];
    struct hcrt_fatbin *next;
} hcrt_fatbin;

/* A registered kernel (the key is its host stub) and variable (the key is
 * its host shadow); the module's metadata says the rest. */
typedef struct hcrt_func {
    hcrt_fatbin *fb;
    char *name;
    int max_dyn_shared; /* hcFuncAttributeMaxDynamicSharedMemorySize; -1: not set */
} hcrt_func;

typedef struct hcrt_var {
    hcrt_fatbin *fb;
    char *name;
} hcrt_var;

/* A kernel resolved on a device. */
typedef struct hcrt_kernel {
    hcrt_func *fn;
    hcrt_module *m;
    hg_kernel *k;
    const hcbin_kernel *info;
} hcrt_kernel;

/* The kernel registered for host stub func, loaded on device d. */
hcError_t hcrt_kernel_get(const void *func, hcrt_device *d, hcrt_kernel *out);
/* The variable registered for host shadow symbol on device d: its device
 * address and size. */
hcError_t hcrt_var_get(const void *symbol, hcrt_device *d, uint64_t *dptr, size_t *size);
/* The parsed code object whose module on d defines kernel name (for the
 * fault line); NULL if none. */
const hcbin *hcrt_bin_of_kernel(hcrt_device *d, const char *name);
/* Around fork(): 0 before, 1 after in the parent, 2 after in the child. */
void hcrt_registry_atfork(int phase);
/* Calls fn with the device name of every registered kernel (registry lock
 * held: fn must not call the runtime). */
void hcrt_registry_each_kernel(void (*fn)(const char *name, void *arg), void *arg);
/* hcFuncAttributeMaxDynamicSharedMemorySize of a registered kernel. */
hcError_t hcrt_func_set_max_dyn_shared(const void *func, int value);
/* Prints and empties every printf buffer of d's modules (fault report). */
void hcrt_printf_flush_device(hcrt_device *d);

/* ---- device printf (printf.c) --------------------------------------------------------------- */

/* The printf buffer size of modules loaded from now on (cudaLimitPrintfFifoSize). */
void hcrt_printf_set_limit(size_t bytes);
size_t hcrt_printf_limit(void);
/* Sets up pf for a module just loaded on d (finds __hcc_printf). */
void hcrt_printf_init(hcrt_printf *pf, hcrt_device *d, hg_module *mod);
/* Before / after a launch of a kernel of the module, with pf->lock held:
 * make the buffer, order the launch after the previous flush / queue the
 * flush after the kernel.  The status is libhigpu's: mapping it may report
 * a fault, which needs pf->lock. */
hg_status hcrt_printf_before(hcrt_printf *pf, hcrt_device *d, hg_stream *hs);
void hcrt_printf_after(hcrt_printf *pf, hcrt_device *d, hg_stream *hs);
/* Prints the buffer's records and empties it (pf->lock held). */
void hcrt_printf_flush(hcrt_printf *pf);
/* Frees the buffer (module unload). */
void hcrt_printf_release(hcrt_printf *pf, hcrt_device *d);

#endif /* HCRT_INTERNAL_H */
