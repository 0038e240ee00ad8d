/*
 * node.h -- a node is a directory.
 *
 * The GPUs of a node live in a run directory shared by every process that
 * opens it: per GPU, a device-memory file (mapped MAP_SHARED by each process,
 * by QEMU's BAR and by peers' copy engines) and a small state file holding the
 * process-safe allocator, the process table and the telemetry page
 * (telemetry.h).
 *
 *   <run dir>/node.conf        which GPUs the node has (written on first open)
 *   <run dir>/gpu<N>/memory    device memory, exactly mem_bytes long (sparse)
 *   <run dir>/gpu<N>/state     hg_gpu_state: allocator, processes
 *
 * The run directory is $HI_NODE_DIR if set, else $XDG_RUNTIME_DIR/higpu-node,
 * else /dev/shm/higpu-node-<uid>.  The node configuration of a new directory
 * comes from the file named by $HI_NODE_CONFIG, else the defaults (one GPU of
 * the default preset).  See docs/node.md.
 */
#ifndef HIGPU_NODE_H
#define HIGPU_NODE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "higpu/config.h"
#include "higpu/status.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { HG_MAX_NODE_GPUS = 16, HG_MAX_PROCS = 64 };

typedef struct hg_node hg_node;
typedef struct hg_devmem hg_devmem;

/* Opens (creating if needed) the node in dir (NULL: the default above). */
hg_status hg_node_open(const char *dir, hg_node **out, char *err, size_t errlen);
/* Opens a new node in a fresh temporary directory (under $TMPDIR, else
 * /dev/shm, else /tmp) with conf as its node.conf text (NULL: defaults); the
 * directory is removed by hg_node_close.  For tests and benchmarks that must
 * not share GPUs with anyone. */
hg_status hg_node_open_private(const char *conf, hg_node **out, char *err, size_t errlen);
/* Unregisters this process from every GPU and unmaps; frees nothing of the
 * process's device memory (a live process may still own allocations through
 * another hg_node; a dead one is reaped). */
void hg_node_close(hg_node *node);
const char *hg_node_dir(const hg_node *node);
int hg_node_gpu_count(const hg_node *node);
/* The configuration of GPU i (its preset, possibly with a memory override). */
const hg_config *hg_node_gpu_config(const hg_node *node, int i);
/* Device memory of GPU i; NULL if i is out of range. */
hg_devmem *hg_node_devmem(hg_node *node, int i);

/* ---- device memory ------------------------------------------------------ */

/* The mapping of the whole device memory in this process. */
uint8_t *hg_devmem_base(hg_devmem *m);
uint64_t hg_devmem_size(const hg_devmem *m);
/* File descriptor of the device-memory file (for QEMU BARs and peers). */
int hg_devmem_fd(const hg_devmem *m);

/* Allocates size bytes aligned to align (a power of two, at least 256) and
 * owned by this process; stores the byte offset into device memory.
 * HG_ERR_OUT_OF_MEMORY when no hole is large enough, or when the backing
 * file system cannot supply the pages (checked with posix_fallocate, so a
 * full /dev/shm is an error here rather than a SIGBUS later). */
hg_status hg_devmem_alloc(hg_devmem *m, uint64_t size, uint64_t align, uint64_t *offset);
/* Frees the allocation that starts at offset.  HG_ERR_INVALID_VALUE if no
 * allocation starts there. */
hg_status hg_devmem_free(hg_devmem *m, uint64_t offset);
/* Finds the live allocation containing [offset, offset+len); stores its
 * start and size.  HG_ERR_NOT_FOUND if there is none.  Lock-free: safe to
 * call from kernel threads while other processes allocate. */
hg_status hg_devmem_find(hg_devmem *m, uint64_t offset, uint64_t len, uint64_t *base,
                         uint64_t *size);
void hg_devmem_info(hg_devmem *m, uint64_t *free_bytes, uint64_t *total_bytes);
/* Frees every allocation whose owner process is gone; returns how many. */
int hg_devmem_reap(hg_devmem *m);
/* The GPU's telemetry page: a zero-initialised area of the shared state file
 * reserved for the published telemetry block (decision 7); stores its size
 * (64 KiB) in *bytes.  Every process that opens the node maps the same bytes. */
void *hg_devmem_telemetry(hg_devmem *m, size_t *bytes);

/* ---- processes ---------------------------------------------------------- */

typedef struct hg_proc_info {
    pid_t pid;
    char name[32];
    uint64_t mem_bytes; /* device memory this process owns */
} hg_proc_info;

/* Lists the live processes using GPU i (at most max); returns the count. */
int hg_node_procs(hg_node *node, int i, hg_proc_info *out, int max);

#ifdef __cplusplus
}
#endif
#endif /* HIGPU_NODE_H */
