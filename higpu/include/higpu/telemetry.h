/*
 * telemetry.h -- the telemetry block every GPU publishes (decision 7 of the
 * architecture brief), and the read-only side that libhiml is built on.
 *
 * Each GPU of a node has a 64 KiB telemetry page in its state file
 * (hg_devmem_telemetry, docs/node.md); the block below lives at its start.
 * Every process that uses the GPU writes it: its engines at the start and
 * end of each operation, its allocator when memory changes hands, and a
 * 10 Hz publisher thread per process (utilisation history, the modelled
 * temperature).  Writers are serialised by a robust process-shared mutex
 * in the block; readers never lock: they copy the data part and retry if
 * the seqlock generation moved (odd while a writer edits).  So a reader in
 * another process -- hi-smi through libhiml -- costs the writers nothing.
 *
 * The layout is an ABI: fixed-width fields, explicit array sizes, never
 * reordered.  `version` is major << 16 | minor: a reader accepts any block
 * of its major version whose `size` covers what it reads; a new minor only
 * appends fields.  Power and temperature are *modelled* from activity, not
 * measured: the constants are in the block (hg_tm_model) and documented
 * with the formulas in docs/telemetry.md.
 */
#ifndef HIGPU_TELEMETRY_H
#define HIGPU_TELEMETRY_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "higpu/node.h"
#include "higpu/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HG_TM_MAGIC "HGTELEM" /* with its NUL: 8 bytes */
enum {
    HG_TM_VERSION_MAJOR = 1,
    HG_TM_VERSION_MINOR = 0,
    HG_TM_PROCS = 64,    /* process slots (= HG_MAX_PROCS) */
    HG_TM_RING = 32,     /* GPU busy history, samples >= 90 ms apart: > 2.8 s */
    HG_TM_PROC_RING = 4, /* per-process busy history, samples >= 240 ms apart */
    HG_TM_LINKS = 16,    /* one per GPU of the node (= HG_MAX_NODE_GPUS) */
    HG_TM_TEXT = 256,    /* last fault, one line */
};

/* Engines whose busy time is accounted (the values of HG_ENGINE_*). */
enum { HG_TM_ENG_COMPUTE = 0, HG_TM_ENG_COPY0 = 1, HG_TM_ENG_COPY1 = 2, HG_TM_ENGINES = 3 };

/* Copy directions counted by the engines and the links. */
enum {
    HG_TM_DIR_HTOD = 0,
    HG_TM_DIR_DTOH = 1,
    HG_TM_DIR_DTOD = 2,
    HG_TM_DIR_MEMSET = 3,
    HG_TM_DIR_PEER_TX = 4, /* this GPU was the source of a peer copy */
    HG_TM_DIR_PEER_RX = 5, /* this GPU was the destination */
    HG_TM_DIRS = 6,
};

/* How this GPU reaches another GPU of the node (topo -m). */
enum {
    HG_TM_LINK_NONE = 0, /* no such GPU */
    HG_TM_LINK_SELF = 1,
    HG_TM_LINK_HOST = 2,   /* through host shared memory (nvidia-smi's PHB) */
    HG_TM_LINK_HILINK = 3, /* a bonded set of `lanes` HiLinks (NV#) */
};

typedef struct hg_tm_identity {
    char name[64];   /* "HiGPU DC-132" */
    char uuid[48];   /* "GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", from node dir + index */
    char bus_id[32]; /* "00000000:01:00.0" */
    char preset[32];
    char driver_version[32]; /* libhigpu of the process that created the block */
    uint32_t index, node_gpus;
    uint32_t pci_domain, pci_bus, pci_device, pci_device_id;
    uint64_t mem_total; /* bytes */
    uint32_t sm_count, compute_major, compute_minor, mem_bus_bits;
    uint32_t clock_sm_max_mhz, clock_mem_max_mhz;
    uint32_t clock_sm_idle_mhz, clock_mem_idle_mhz; /* in P8 (no context, no work) */
} hg_tm_identity;

/* Constants of the power and thermal model (docs/telemetry.md). */
typedef struct hg_tm_model {
    uint32_t power_limit_mw, power_min_limit_mw, power_idle_mw;
    uint32_t sm_weight, copy_weight; /* per mille of the dynamic power range */
    int32_t ambient_mc;              /* milli-degrees Celsius */
    uint32_t rth_mc_per_w;           /* thermal resistance: m°C per W */
    uint32_t tau_ms;                 /* thermal time constant */
    int32_t slowdown_mc, shutdown_mc, max_operating_mc;
    uint32_t pad;
} hg_tm_model;

/* Cumulative busy nanoseconds per engine at time t_ns (closed intervals
 * plus the running part of open ones). */
typedef struct hg_tm_sample {
    uint64_t t_ns;
    uint64_t busy_ns[HG_TM_ENGINES];
} hg_tm_sample;

typedef struct hg_tm_counters {
    uint64_t busy_ns[HG_TM_ENGINES]; /* closed busy intervals, summed over processes */
    uint64_t kernels, kernel_faults; /* kernels completed; of them, ended by a fault */
    uint64_t copies[HG_TM_DIRS], bytes[HG_TM_DIRS];
    uint64_t last_busy_end_ns; /* end of the latest operation on any engine */
} hg_tm_counters;

typedef struct hg_tm_thermal {
    int64_t temp_mc; /* modelled temperature at at.t_ns */
    hg_tm_sample at; /* when, and the cumulative busy time then */
} hg_tm_thermal;

typedef struct hg_tm_faults {
    uint64_t count;   /* faults (sticky errors) since the block was created */
    uint64_t last_ns; /* CLOCK_REALTIME of the last one */
    int64_t last_pid;
    uint32_t last_status, pad;
    char last_text[HG_TM_TEXT];
} hg_tm_faults;

typedef struct hg_tm_link {
    uint32_t type;                /* HG_TM_LINK_* */
    uint32_t lanes;               /* HiLinks in the bond; 0 otherwise */
    uint64_t tx_copies, tx_bytes; /* this GPU -> peer */
    uint64_t rx_copies, rx_bytes; /* peer -> this GPU */
} hg_tm_link;

typedef struct hg_tm_proc {
    int64_t pid;    /* 0: free slot */
    uint64_t start; /* process start time (clock ticks since boot): tells pid reuse apart */
    char name[32];  /* command name */
    uint64_t mem_bytes;
    uint64_t attach_ns;
    uint32_t contexts;                /* hg_ctx objects the process has on this GPU */
    uint32_t sticky;                  /* hg_status of its first fault; 0 if none */
    uint32_t running[HG_TM_ENGINES];  /* operations in progress per engine */
    uint32_t ring_next;               /* samples ever written to ring */
    uint64_t since_ns[HG_TM_ENGINES]; /* start of the open busy interval (running > 0) */
    uint64_t busy_ns[HG_TM_ENGINES];  /* closed busy time */
    uint64_t kernels, copies, copy_bytes;
    hg_tm_sample ring[HG_TM_PROC_RING];
} hg_tm_proc;

typedef struct hg_telemetry {
    /* ---- header: written once at creation, except seq and the lock ---- */
    char magic[8];    /* HG_TM_MAGIC */
    uint32_t version; /* HG_TM_VERSION_MAJOR << 16 | HG_TM_VERSION_MINOR */
    uint32_t size;    /* sizeof(hg_telemetry) of the creator */
    uint64_t seq;     /* seqlock generation: odd while a writer edits the data */
    uint64_t writer;  /* the process inside an edit: pid << 42 | start time (0: none),
                       * so that a reader tells a dead writer from a slow one */
    union {
        pthread_mutex_t mutex; /* robust, process-shared: serialises writers */
        uint8_t bytes[64];
    } lock;
    /* ---- data: read under the seqlock ---- */
    uint64_t created_ns, update_ns, writes; /* CLOCK_MONOTONIC; writes: edits so far */
    hg_tm_identity id;
    hg_tm_model model;
    uint64_t mem_used;   /* allocation footprints, bytes */
    uint32_t mem_allocs; /* allocations */
    uint32_t ring_next;  /* samples ever written to ring */
    hg_tm_counters eng;
    hg_tm_thermal thermal;
    hg_tm_faults fault;
    hg_tm_sample ring[HG_TM_RING];
    hg_tm_link links[HG_TM_LINKS];
    hg_tm_proc procs[HG_TM_PROCS];
} hg_telemetry;

/* Where the seqlock-protected part starts; readers copy from here on. */
#define HG_TM_DATA_OFFSET offsetof(hg_telemetry, created_ns)

/* ---- reading ------------------------------------------------------------- */

typedef struct hg_tm_node hg_tm_node;

/* Opens the node in dir (NULL: $HI_NODE_DIR and the other rules of node.h)
 * for reading: parses node.conf and maps each GPU's telemetry page
 * read-only.  Never creates a file and never registers as a user of the
 * GPUs.  HG_ERR_NO_DEVICE when there is no node there; err says where. */
hg_status hg_tm_node_open(const char *dir, hg_tm_node **out, char *err, size_t errlen);
void hg_tm_node_close(hg_tm_node *n);
int hg_tm_node_gpu_count(const hg_tm_node *n);
const char *hg_tm_node_dir(const hg_tm_node *n);
/* A consistent copy of GPU gpu's block (seqlock retry).  HG_ERR_NOT_FOUND
 * when no process has published a block of this major version yet. */
hg_status hg_tm_read(const hg_tm_node *n, int gpu, hg_telemetry *out);
/* The same for a page mapped some other way (hg_devmem_telemetry, a BAR). */
hg_status hg_tm_read_page(const void *page, size_t bytes, hg_telemetry *out);

/* What a reader shows, computed from a block at time now_ns. */
typedef struct hg_tm_proc_status {
    int64_t pid;
    char name[32];
    uint64_t mem_bytes;
    uint32_t contexts, sticky;
    double util_sm, util_copy; /* 0..1 over the process's last ~1 s */
    uint64_t kernels, copies;
} hg_tm_proc_status;

typedef struct hg_tm_status {
    uint64_t now_ns, window_ns; /* the utilisation window actually used */
    double util_sm;             /* 0..1: kernel-busy fraction */
    double util_mem;            /* 0..1: the busier copy engine's busy fraction */
    double util_engine[HG_TM_ENGINES];
    uint64_t busy_ns[HG_TM_ENGINES]; /* cumulative busy time per engine at now_ns */
    double power_w, power_inst_w;    /* modelled: average over the window, last 100 ms */
    double temp_c;                   /* modelled */
    uint32_t clock_sm_mhz, clock_mem_mhz;
    int pstate;                  /* 0: contexts or work; 8: idle */
    uint64_t mem_used, mem_free; /* allocations of dead processes not counted */
    int nprocs;                  /* live processes with a context or memory */
    hg_tm_proc_status procs[HG_TM_PROCS];
} hg_tm_status;

/* Computes the status from a block read at (or shortly before) now_ns.
 * Checks which processes are still alive (their slots are only cleared by
 * the next writer), so it reads /proc. */
void hg_tm_derive(const hg_telemetry *b, uint64_t now_ns, hg_tm_status *out);
/* CLOCK_MONOTONIC, the time base of the block. */
uint64_t hg_tm_now_ns(void);
/* The version of this libhigpu ("0.1.0"). */
const char *hg_tm_driver_version(void);

/* ---- writing from outside libhigpu --------------------------------------- */

/* Counts a copy of `bytes` from GPU src to GPU dst of the node on both
 * GPUs' link counters (peer copies the runtime makes; HiLink later). */
void hg_tm_count_peer_copy(hg_node *node, int src_gpu, int dst_gpu, uint64_t bytes);

#ifdef __cplusplus
}
#endif
#endif /* HIGPU_TELEMETRY_H */
