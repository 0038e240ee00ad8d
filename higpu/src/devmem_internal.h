/* devmem_internal.h -- what node.c needs from devmem.c, and the hooks the
 * node/devmem tests use.  Not installed; not part of the public API. */
#ifndef HIGPU_DEVMEM_INTERNAL_H
#define HIGPU_DEVMEM_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "higpu/config.h"
#include "higpu/node.h"

#define HG_INTERNAL __attribute__((visibility("hidden")))
/* Test hooks must be reachable from the test executables, which link the
 * shared library, so they keep default visibility and a `hg__` name. */
#define HG_TEST_HOOK __attribute__((visibility("default")))

/* Formats one line into err (err may be NULL or errlen 0). */
HG_INTERNAL void hg_errf(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Identity of a process that survives pid reuse: pid + start time (field 22
 * of /proc/<pid>/stat, clock ticks since boot). */
typedef struct hg_proc_id {
    int64_t pid;
    uint64_t start;
} hg_proc_id;

/* This process's identity (recomputed after fork). */
HG_INTERNAL hg_proc_id hg_proc_self(void);
/* 1 if the process is still running (not gone, not a zombie, not a newer
 * process that reuses the pid). */
HG_INTERNAL int hg_proc_alive(hg_proc_id id);

/* Opens GPU `index` in gpudir (<run dir>/gpu<N>), creating its memory and
 * state files if they do not exist.  The caller holds the node's flock, so
 * creation never races with another opener. */
HG_INTERNAL hg_status hg_devmem_attach(const char *gpudir, int index, const hg_config *cfg,
                                       hg_devmem **out, char *err, size_t errlen);
/* Unmaps and closes; does not touch the shared state. */
HG_INTERNAL void hg_devmem_detach(hg_devmem *m);
/* Registers this process in the GPU's process table (reference counted:
 * one reference per hg_node the process has open). */
HG_INTERNAL hg_status hg_devmem_register(hg_devmem *m, char *err, size_t errlen);
/* Drops one reference; the entry goes when no reference and no allocation
 * is left. */
HG_INTERNAL void hg_devmem_unregister(hg_devmem *m);
/* Lists live processes (after reaping dead ones); returns the count. */
HG_INTERNAL int hg_devmem_procs(hg_devmem *m, hg_proc_info *out, int max);

/* ---- the read-only side (telemetry readers: telemetry_read.c) ------------- */

/* The run directory by the rules of node.h (dir, $HI_NODE_DIR, ...); does
 * not create it. */
HG_INTERNAL hg_status hg_node_locate(const char *dir, char *out, size_t len, char *err,
                                     size_t errlen);
/* Reads and parses <dir>/node.conf without creating it (HG_ERR_NO_DEVICE if
 * it is missing). */
HG_INTERNAL hg_status hg_node_read_config(const char *dir, int *ngpus, hg_config *cfg, char *err,
                                          size_t errlen);
/* Checks that state_path is a HiGPU state file and maps its telemetry page
 * read-only. */
HG_INTERNAL hg_status hg_devmem_map_telemetry(const char *state_path, const void **page,
                                              size_t *bytes, char *err, size_t errlen);
HG_INTERNAL void hg_devmem_unmap_telemetry(const void *page, size_t bytes);

/* ---- test hooks ---------------------------------------------------------- */

/* Points inside hg_devmem_alloc where a test can make the process die with
 * SIGKILL, to exercise the robust mutex and the table repair. */
enum hg_devmem_crash_point {
    HG_CRASH_NONE = 0,
    HG_CRASH_LOCKED,     /* lock held, nothing changed yet */
    HG_CRASH_RESERVED,   /* pages reserved, intent recorded, table unchanged */
    HG_CRASH_MID_INSERT, /* table half shifted, seqlock generation odd */
};
HG_TEST_HOOK void hg__devmem_crash_at(int point);
/* Checks the shared allocation table (sorted, aligned, disjoint, in
 * bounds, generation even, no pending intent); HG_OK or a line in err. */
HG_TEST_HOOK hg_status hg__devmem_check(hg_devmem *m, char *err, size_t errlen);

/* This process's name (/proc/self/comm), "?" if unreadable: what the
 * process table and the telemetry block show. */
void hg_read_self_name(char *name, size_t len);

#endif /* HIGPU_DEVMEM_INTERNAL_H */
