/* telemetry_read.c -- the read-only side of a node: what libhiml opens.
 *
 * It finds the node by the rules of node.h, reads node.conf and maps each
 * GPU's telemetry page PROT_READ.  It creates nothing, takes no lock and
 * never registers as a process of the GPU, so a monitor changes nothing it
 * observes.  Reads are seqlock copies (telemetry.h). */
#define _GNU_SOURCE
#include "telemetry_internal.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct hg_tm_node {
    char dir[PATH_MAX];
    int ngpus;
    const void *page[HG_MAX_NODE_GPUS];
    size_t bytes[HG_MAX_NODE_GPUS];
};

hg_status hg_tm_node_open(const char *dir, hg_tm_node **out, char *err, size_t errlen) {
    if (err && errlen)
        err[0] = '\0';
    *out = NULL;
    hg_tm_node *n = calloc(1, sizeof *n);
    if (!n) {
        hg_errf(err, errlen, "out of host memory");
        return HG_ERR_OUT_OF_MEMORY;
    }
    hg_status s = hg_node_locate(dir, n->dir, sizeof n->dir, err, errlen);
    struct stat sb;
    if (s == HG_OK && (stat(n->dir, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
        hg_errf(err, errlen, "%s: no HiGPU node here (%s)", n->dir,
                errno == ENOENT ? "no such directory" : strerror(errno));
        s = HG_ERR_NO_DEVICE;
    }
    hg_config cfg[HG_MAX_NODE_GPUS];
    if (s == HG_OK)
        s = hg_node_read_config(n->dir, &n->ngpus, cfg, err, errlen);
    for (int i = 0; s == HG_OK && i < n->ngpus; i++) {
        char path[PATH_MAX + 32];
        snprintf(path, sizeof path, "%s/gpu%d/state", n->dir, i);
        s = hg_devmem_map_telemetry(path, &n->page[i], &n->bytes[i], err, errlen);
    }
    if (s != HG_OK) {
        hg_tm_node_close(n);
        return s;
    }
    *out = n;
    return HG_OK;
}

void hg_tm_node_close(hg_tm_node *n) {
    if (!n)
        return;
    for (int i = 0; i < n->ngpus; i++)
        if (n->page[i])
            hg_devmem_unmap_telemetry(n->page[i], n->bytes[i]);
    free(n);
}

int hg_tm_node_gpu_count(const hg_tm_node *n) {
    return n ? n->ngpus : 0;
}

const char *hg_tm_node_dir(const hg_tm_node *n) {
    return n ? n->dir : NULL;
}

hg_status hg_tm_read(const hg_tm_node *n, int gpu, hg_telemetry *out) {
    if (!n || gpu < 0 || gpu >= n->ngpus)
        return HG_ERR_NO_DEVICE;
    return hg_tm_read_page(n->page[gpu], n->bytes[gpu], out);
}

static void copy_words(uint64_t *dst, const uint64_t *src, size_t bytes) {
    for (size_t i = 0; i < bytes / sizeof *dst; i++)
        dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
}

/* Copies the data part, skipping free process slots (most of the block),
 * so that a copy is short and seldom overlaps a writer's edit. */
static void copy_data(const hg_telemetry *b, hg_telemetry *out) {
    size_t fixed = offsetof(hg_telemetry, procs) - HG_TM_DATA_OFFSET;
    copy_words((uint64_t *)(void *)((char *)out + HG_TM_DATA_OFFSET),
               (const uint64_t *)(const void *)((const char *)b + HG_TM_DATA_OFFSET), fixed);
    for (int i = 0; i < HG_TM_PROCS; i++) {
        if (__atomic_load_n(&b->procs[i].pid, __ATOMIC_RELAXED) == 0)
            memset(&out->procs[i], 0, sizeof out->procs[i]);
        else
            copy_words((uint64_t *)(void *)&out->procs[i],
                       (const uint64_t *)(const void *)&b->procs[i], sizeof out->procs[i]);
    }
}

_Static_assert(offsetof(hg_telemetry, procs) % 8 == 0 && sizeof(hg_tm_proc) % 8 == 0,
               "the reader copies in 8-byte words");

enum {
    READ_SPIN = 64,
    GIVE_UP_NS = 1000 * 1000 * 1000, /* writers keep editing, or one is descheduled: try this long */
    DEAD_WRITER_NS = 5 * 1000 * 1000 /* one edit open this long: see whether its writer lives */
};

/* Is the process inside the open edit gone?  A writer descheduled on a
 * busy machine holds an edit open for milliseconds; only a dead one leaves
 * it open for good. */
static int writer_dead(const hg_telemetry *b) {
    uint64_t w = __atomic_load_n(&b->writer, __ATOMIC_RELAXED);
    return w && !hg_proc_alive((hg_proc_id){(int64_t)(w >> 42), w & ((1ull << 42) - 1)});
}

hg_status hg_tm_read_page(const void *page, size_t bytes, hg_telemetry *out) {
    const hg_telemetry *b = page;
    uint64_t want;
    memcpy(&want, HG_TM_MAGIC, sizeof want);
    if (!b || !out || bytes < sizeof *b)
        return HG_ERR_INVALID_VALUE;
    if (__atomic_load_n((const uint64_t *)(const void *)b->magic, __ATOMIC_ACQUIRE) != want ||
        b->version >> 16 != HG_TM_VERSION_MAJOR || b->size < sizeof *b)
        return HG_ERR_NOT_FOUND;
    memset(out, 0, HG_TM_DATA_OFFSET);
    memcpy(out->magic, b->magic, sizeof out->magic);
    out->version = b->version;
    out->size = b->size;
    /* Writers hold the generation odd for a few stores.  An edit that stays
     * open for 5 ms and whose writer is gone was left by a writer that died
     * inside it (the next writer closes it); a live but slow writer, or
     * writers that edit back to back, get a second.  Then the reader
     * returns the data as it is, with out->seq odd to say so. */
    uint64_t s1 = 0, first_fail = 0, odd_seq = 0, odd_since = 0;
    for (unsigned tries = 1;; tries++) {
        s1 = __atomic_load_n(&b->seq, __ATOMIC_ACQUIRE);
        if (!(s1 & 1)) {
            copy_data(b, out);
            __atomic_thread_fence(__ATOMIC_ACQUIRE);
            if (__atomic_load_n(&b->seq, __ATOMIC_RELAXED) == s1) {
                out->seq = s1;
                return HG_OK;
            }
        }
        if (tries % READ_SPIN == 0) {
            sched_yield();
            uint64_t now = hg_tm_now_ns();
            if (!first_fail)
                first_fail = now;
            if (!(s1 & 1) || s1 != odd_seq) {
                odd_seq = s1 & 1 ? s1 : 0;
                odd_since = now;
            }
            if (now - first_fail > GIVE_UP_NS ||
                (odd_seq && now - odd_since > DEAD_WRITER_NS && writer_dead(b)))
                break;
        }
    }
    copy_data(b, out);
    out->seq = s1 | 1;
    return HG_OK;
}
