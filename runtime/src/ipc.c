/* ipc.c -- inter-process memory handles.
 *
 * Every process of a node maps the same device-memory file of each GPU at
 * the same device addresses (GPU i at HG_GLOBAL_BASE + i * HG_GLOBAL_STRIDE),
 * and the allocator's table is shared.  So a handle need not carry a
 * mapping: it names the allocation (GPU, device address, size) and who
 * exported it, and opening it checks that this allocation still exists --
 * same start, same size -- and that the exporting process is still the
 * one that made the handle (pid and start time, so a recycled pid does
 * not pass).  The opened pointer is the same address, and it reaches the
 * same bytes.  Limits: the exporter freeing the memory (or exiting, which
 * reaps it) invalidates what importers opened; a free and re-allocation of
 * exactly the same range by the exporter is not detected.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define HANDLE_MAGIC "HCIPC01"

typedef struct handle {
    char magic[8];
    uint32_t gpu; /* the GPU's index in the node */
    uint32_t reserved;
    uint64_t dptr;  /* start of the allocation */
    uint64_t size;  /* its size as allocated */
    int64_t pid;    /* the exporting process ... */
    uint64_t start; /* ... and its start time (field 22 of /proc/<pid>/stat) */
    uint64_t node;  /* a hash of the node directory */
} handle;
_Static_assert(sizeof(handle) <= sizeof(hcIpcMemHandle_t), "an IPC handle fits in 64 bytes");

/* Opened handles: device pointer -> reference count. */
pthread_mutex_t hcrt_ipc_lock = PTHREAD_MUTEX_INITIALIZER;
typedef struct opened {
    uint64_t dptr;
    int ordinal, refs;
} opened;
static opened *open_list;
static size_t nopen, capopen;

/* The start time of a process, 0 if it does not exist (or is a zombie). */
static uint64_t start_time(int64_t pid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%lld/stat", (long long)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')'); /* the command name may contain anything */
    if (!p)
        return 0;
    char state = 0;
    unsigned long long start = 0;
    /* after ") ": state, then fields 4..21, then 22 = starttime */
    if (sscanf(p + 1,
               " %c %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu",
               &state, &start) != 2 ||
        state == 'Z')
        return 0;
    return start;
}

static uint64_t node_hash(void) {
    const char *dir = hg_node_dir(hcrt_rt_peek()->node);
    uint64_t h = 0xcbf29ce484222325ull;
    for (const char *p = dir; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
    return h;
}

/* The allocation containing device address a of d: start and size. */
static int allocation(hcrt_device *d, uint64_t a, uint64_t *base, uint64_t *size) {
    hg_devmem *m = hg_node_devmem(hcrt_rt_peek()->node, d->gpu);
    if (hg_devmem_find(m, a - d->va_base, 1, base, size) != HG_OK)
        return -1;
    *base += d->va_base;
    return 0;
}

hcError_t hcIpcGetMemHandle(hcIpcMemHandle_t *out, void *devPtr) {
    hcrt_device *d;
    if (!out)
        return hcrt_ret(hcErrorInvalidValue);
    hcError_t e = hcrt_addr_device(devPtr, &d);
    if (e == hcSuccess && !d)
        e = hcErrorInvalidValue;
    if (e == hcSuccess)
        e = hcrt_dev_ready(d);
    if (e != hcSuccess)
        return hcrt_ret(e);
    handle h = {.magic = HANDLE_MAGIC, .gpu = (uint32_t)d->gpu, .pid = getpid()};
    h.start = start_time(h.pid);
    h.node = node_hash();
    if (allocation(d, (uint64_t)(uintptr_t)devPtr, &h.dptr, &h.size) != 0)
        return hcrt_ret(hcErrorInvalidValue);
    memset(out, 0, sizeof *out);
    memcpy(out, &h, sizeof h);
    return hcSuccess;
}

hcError_t hcIpcOpenMemHandle(void **devPtr, hcIpcMemHandle_t in, unsigned int flags) {
    handle h;
    if (!devPtr || (flags & ~(unsigned)hcIpcMemLazyEnablePeerAccess))
        return hcrt_ret(hcErrorInvalidValue);
    memcpy(&h, &in, sizeof h);
    hcError_t e = hcSuccess;
    hcrt_runtime *rt = hcrt_rt(&e);
    if (!rt)
        return hcrt_ret(e);
    uint64_t gpu_base = HG_GLOBAL_BASE + (uint64_t)h.gpu * HG_GLOBAL_STRIDE;
    if (memcmp(h.magic, HANDLE_MAGIC, sizeof h.magic) != 0 || h.node != node_hash() ||
        h.gpu >= (uint32_t)rt->ngpus || h.dptr < gpu_base ||
        h.dptr - gpu_base >= rt->gpu_mem_size[h.gpu])
        return hcrt_ret(hcErrorInvalidValue);
    /* CUDA: a process cannot open its own handles */
    if (h.pid == getpid())
        return hcrt_ret(hcErrorInvalidValue);
    if (rt->gpu_dev[h.gpu] < 0)
        return hcrt_ret(hcErrorInvalidDevice); /* the GPU is hidden from this process */
    hcrt_device *d = &rt->dev[rt->gpu_dev[h.gpu]];
    if ((e = hcrt_dev_ready(d)) != hcSuccess)
        return hcrt_ret(e);
    uint64_t base, size;
    if (start_time(h.pid) != h.start || allocation(d, h.dptr, &base, &size) != 0 ||
        base != h.dptr || size != h.size)
        return hcrt_ret(hcErrorInvalidResourceHandle); /* freed, or its exporter is gone */
    pthread_mutex_lock(&hcrt_ipc_lock);
    size_t i = 0;
    while (i < nopen && open_list[i].dptr != h.dptr)
        i++;
    if (i == nopen) {
        if (nopen == capopen) {
            size_t cap = capopen ? capopen * 2 : 16;
            opened *l = realloc(open_list, cap * sizeof *l);
            if (!l) {
                pthread_mutex_unlock(&hcrt_ipc_lock);
                return hcrt_ret(hcErrorMemoryAllocation);
            }
            open_list = l;
            capopen = cap;
        }
        open_list[nopen++] = (opened){h.dptr, d->ordinal, 0};
    }
    open_list[i].refs++;
    pthread_mutex_unlock(&hcrt_ipc_lock);
    *devPtr = (void *)(uintptr_t)h.dptr;
    return hcSuccess;
}

hcError_t hcIpcCloseMemHandle(void *devPtr) {
    uint64_t a = (uint64_t)(uintptr_t)devPtr;
    pthread_mutex_lock(&hcrt_ipc_lock);
    size_t i = 0;
    while (i < nopen && open_list[i].dptr != a)
        i++;
    int found = i < nopen;
    if (found && --open_list[i].refs == 0)
        open_list[i] = open_list[--nopen];
    pthread_mutex_unlock(&hcrt_ipc_lock);
    return hcrt_ret(found ? hcSuccess : hcErrorInvalidValue);
}

void hcrt_ipc_drop_device(hcrt_device *d) {
    pthread_mutex_lock(&hcrt_ipc_lock);
    for (size_t i = 0; i < nopen;)
        if (open_list[i].ordinal == d->ordinal)
            open_list[i] = open_list[--nopen];
        else
            i++;
    pthread_mutex_unlock(&hcrt_ipc_lock);
}
