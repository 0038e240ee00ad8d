/* telemetry.c -- writing the telemetry block (layout: higpu/telemetry.h,
 * design: docs/telemetry.md).
 *
 * Writers in any process take the block's robust mutex, make the seqlock
 * generation odd, edit, and make it even again.  Every store to the data
 * part is a relaxed atomic store, so readers in other processes, which copy
 * the block with relaxed atomic loads and retry when the generation moved,
 * never race with a plain store.  Edits are a handful of stores: the
 * engines publish at the start and end of each operation, never per
 * instruction, so the running kernel does not notice (bench/telemetry_bench.c).
 */
#define _GNU_SOURCE
#include "telemetry_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "higpu/stream.h"

_Static_assert(sizeof(pthread_mutex_t) <= 64, "the writer mutex fits its slot");
_Static_assert(HG_TM_DATA_OFFSET % 8 == 0 && sizeof(hg_telemetry) % 8 == 0,
               "readers copy the data part in 8-byte words");
_Static_assert(sizeof(hg_telemetry) < 64 * 1024, "the block fits the telemetry page");
_Static_assert(sizeof(hg_tm_proc) % 8 == 0, "slots are cleared in 8-byte words");
_Static_assert((int)HG_TM_PROCS == (int)HG_MAX_PROCS && (int)HG_TM_LINKS == (int)HG_MAX_NODE_GPUS,
               "one slot per process and one link per GPU of a node");
_Static_assert((int)HG_TM_ENG_COMPUTE == (int)HG_ENGINE_COMPUTE &&
                   (int)HG_TM_ENG_COPY0 == (int)HG_ENGINE_COPY0 &&
                   (int)HG_TM_ENG_COPY1 == (int)HG_ENGINE_COPY1,
               "telemetry engines are the first HG_ENGINE_* values");

struct hg_tm_writer {
    hg_telemetry *b;
    hg_proc_id self;
    int slot; /* index of this process's slot, re-checked before use */
};

/* Relaxed atomic stores: readers load the same words concurrently. */
#define PUT(lv, v) __atomic_store_n(&(lv), (v), __ATOMIC_RELAXED)
#define ADD(lv, d) PUT(lv, (lv) + (d))

static void put_str(char *dst, size_t n, const char *src) {
    size_t i = 0;
    for (; src && src[i] && i + 1 < n; i++)
        PUT(dst[i], src[i]);
    for (; i < n; i++)
        PUT(dst[i], '\0');
}

static void put_sample(hg_tm_sample *s, uint64_t t, const uint64_t busy[HG_TM_ENGINES]) {
    PUT(s->t_ns, t);
    for (int e = 0; e < HG_TM_ENGINES; e++)
        PUT(s->busy_ns[e], busy[e]);
}

/* Publishing can be switched off per process ($HI_TELEMETRY=0), to measure
 * its cost; the allocator's view (memory, processes) is kept either way. */
static int tm_enabled(void) {
    const char *v = getenv("HI_TELEMETRY");
    return !(v && strcmp(v, "0") == 0);
}

/* The block in page if this library may write it: created, our major
 * version, and at least as large as ours. */
static hg_telemetry *writable(void *page) {
    hg_telemetry *b = page;
    uint64_t magic, want;
    if (!b)
        return NULL;
    memcpy(&want, HG_TM_MAGIC, sizeof want);
    magic = __atomic_load_n((uint64_t *)(void *)b->magic, __ATOMIC_ACQUIRE);
    if (magic != want || b->version >> 16 != HG_TM_VERSION_MAJOR || b->size < sizeof *b)
        return NULL;
    return b;
}

/* ---- the write lock and the seqlock --------------------------------------- */

static int tm_lock(hg_telemetry *b) {
    int rc = pthread_mutex_lock(&b->lock.mutex);
    if (rc == EOWNERDEAD) {
        /* A writer died inside its edit and may have left the generation
         * odd; we close that edit with ours.  At worst one update of the
         * dead process is half-applied, which counters survive. */
        pthread_mutex_consistent(&b->lock.mutex);
        rc = 0;
    }
    if (rc != 0)
        return -1;
    hg_proc_id self = hg_proc_self();
    __atomic_store_n(&b->writer, (uint64_t)self.pid << 42 | self.start, __ATOMIC_RELAXED);
    uint64_t s = __atomic_load_n(&b->seq, __ATOMIC_RELAXED);
    if (!(s & 1))
        __atomic_store_n(&b->seq, s + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE); /* odd generation before any data store */
    return 0;
}

static void tm_unlock(hg_telemetry *b, uint64_t now) {
    ADD(b->writes, 1);
    PUT(b->update_ns, now);
    uint64_t s = __atomic_load_n(&b->seq, __ATOMIC_RELAXED);
    __atomic_store_n(&b->seq, s + 1, __ATOMIC_RELEASE); /* even: the edit is visible */
    pthread_mutex_unlock(&b->lock.mutex);
}

uint64_t hg_tm_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

const char *hg_tm_driver_version(void) {
    return HG_VERSION_STRING;
}

/* ---- creating the block ----------------------------------------------------- */

void hg_tm_init_page(void *page, size_t bytes, int index, int node_gpus, const hg_config *cfg,
                     const char *node_dir) {
    hg_telemetry *b = page;
    if (!b || bytes < sizeof *b || b->magic[0] != '\0')
        return; /* already created (by us or another version): never reset it */
    /* Nobody reads or writes the block before the magic appears, and the
     * node's flock keeps other openers out: plain stores are fine here. */
    memset(b, 0, sizeof *b);
    b->version = HG_TM_VERSION_MAJOR << 16 | HG_TM_VERSION_MINOR;
    b->size = sizeof *b;
    pthread_mutexattr_t a;
    if (pthread_mutexattr_init(&a) != 0)
        return;
    int rc = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    if (rc == 0)
        rc = pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    if (rc == 0)
        rc = pthread_mutex_init(&b->lock.mutex, &a);
    pthread_mutexattr_destroy(&a);
    if (rc != 0)
        return; /* stays unpublished: readers report no telemetry */

    uint64_t now = hg_tm_now_ns();
    b->created_ns = b->update_ns = now;
    hg_tm_identity *id = &b->id;
    snprintf(id->name, sizeof id->name, "%s", cfg->name);
    hg_tm_make_uuid(node_dir, index, id->uuid, sizeof id->uuid);
    id->pci_domain = 0;
    id->pci_bus = (uint32_t)index + 1; /* bus 0 is the host bridge's */
    id->pci_device = 0;
    id->pci_device_id = 0; /* none until the QEMU device has one */
    snprintf(id->bus_id, sizeof id->bus_id, "%08X:%02X:%02X.0", id->pci_domain, id->pci_bus,
             id->pci_device);
    snprintf(id->preset, sizeof id->preset, "%s", cfg->preset);
    snprintf(id->driver_version, sizeof id->driver_version, "%s", HG_VERSION_STRING);
    id->index = (uint32_t)index;
    id->node_gpus = (uint32_t)node_gpus;
    id->mem_total = cfg->mem_bytes;
    id->sm_count = cfg->sm_count;
    id->compute_major = cfg->compute_major;
    id->compute_minor = cfg->compute_minor;
    id->mem_bus_bits = cfg->mem_bus_bits;
    id->clock_sm_max_mhz = cfg->clock_mhz;
    id->clock_mem_max_mhz = cfg->mem_clock_mhz;
    hg_tm_model_for(cfg, &b->model, &id->clock_sm_idle_mhz, &id->clock_mem_idle_mhz);

    /* Until HiLink exists every peer is reached through host memory. */
    for (int g = 0; g < node_gpus && g < HG_TM_LINKS; g++)
        b->links[g].type = g == index ? HG_TM_LINK_SELF : HG_TM_LINK_HOST;

    /* An idle GPU starts at its idle steady-state temperature. */
    double u0[HG_TM_ENGINES] = {0};
    b->thermal.temp_mc = llround(hg_tm_target_mc(&b->model, hg_tm_power_mw(&b->model, u0)));
    b->thermal.at.t_ns = now;
    b->ring[0].t_ns = now; /* a baseline, so the first reader has a window */
    b->ring_next = 1;

    uint64_t magic;
    memcpy(&magic, HG_TM_MAGIC, sizeof magic);
    __atomic_store_n((uint64_t *)(void *)b->magic, magic, __ATOMIC_RELEASE); /* publish last */
}

/* ---- process slots -------------------------------------------------------------- */

static int slot_find(const hg_telemetry *b, int64_t pid, uint64_t start) {
    for (int i = 0; i < HG_TM_PROCS; i++)
        if (b->procs[i].pid == pid && b->procs[i].start == start)
            return i;
    return -1;
}

static void slot_clear(hg_tm_proc *p) {
    PUT(p->pid, 0); /* free first, then scrub */
    uint64_t *w = (uint64_t *)(void *)p;
    for (size_t i = 1; i < sizeof *p / sizeof *w; i++)
        PUT(w[i], 0);
}

/* A free slot for a process; -1 when all are taken (the process is then
 * simply not listed). */
static int slot_claim(hg_telemetry *b, int64_t pid, uint64_t start, const char *name,
                      uint64_t now) {
    for (int i = 0; i < HG_TM_PROCS; i++) {
        hg_tm_proc *p = &b->procs[i];
        if (p->pid != 0)
            continue;
        slot_clear(p);
        PUT(p->start, start);
        put_str(p->name, sizeof p->name, name);
        PUT(p->attach_ns, now);
        PUT(p->pid, pid);
        return i;
    }
    return -1;
}

/* This process's slot (lock held); claimed if missing. */
static hg_tm_proc *my_slot(hg_tm_writer *w, uint64_t now) {
    hg_telemetry *b = w->b;
    int i = w->slot;
    if (i < 0 || b->procs[i].pid != w->self.pid || b->procs[i].start != w->self.start)
        i = slot_find(b, w->self.pid, w->self.start);
    if (i < 0) {
        char name[32];
        hg_read_self_name(name, sizeof name);
        i = slot_claim(b, w->self.pid, w->self.start, name, now);
    }
    w->slot = i;
    return i >= 0 ? &b->procs[i] : NULL;
}

/* ---- the allocator's view --------------------------------------------------------- */

void hg_tm_publish_procs(void *page, uint64_t used, uint32_t nallocs, const hg_tm_owner *owners,
                         int n) {
    hg_telemetry *b = writable(page);
    if (!b || tm_lock(b) != 0)
        return;
    uint64_t now = hg_tm_now_ns();
    PUT(b->mem_used, used);
    PUT(b->mem_allocs, nallocs);
    for (int i = 0; i < HG_TM_PROCS; i++) {
        hg_tm_proc *p = &b->procs[i];
        int listed = 0;
        for (int k = 0; k < n && !listed && p->pid; k++)
            listed = owners[k].pid == p->pid && owners[k].start == p->start;
        if (p->pid && !listed)
            slot_clear(p); /* gone from the process table: exited or reaped */
    }
    for (int k = 0; k < n; k++) {
        int i = slot_find(b, owners[k].pid, owners[k].start);
        if (i < 0)
            i = slot_claim(b, owners[k].pid, owners[k].start, owners[k].name, now);
        if (i < 0)
            continue;
        PUT(b->procs[i].mem_bytes, owners[k].mem_bytes);
        put_str(b->procs[i].name, sizeof b->procs[i].name, owners[k].name);
    }
    tm_unlock(b, now);
}

void hg_tm_publish_alloc(void *page, hg_proc_id owner, int64_t delta, uint32_t nallocs) {
    hg_telemetry *b = writable(page);
    if (!b || tm_lock(b) != 0)
        return;
    uint64_t now = hg_tm_now_ns();
    ADD(b->mem_used, (uint64_t)delta);
    PUT(b->mem_allocs, nallocs);
    int i = slot_find(b, owner.pid, owner.start);
    hg_proc_id self = hg_proc_self();
    if (i < 0 && owner.pid == self.pid && owner.start == self.start) {
        char name[32];
        hg_read_self_name(name, sizeof name);
        i = slot_claim(b, owner.pid, owner.start, name, now);
    }
    if (i >= 0)
        ADD(b->procs[i].mem_bytes, (uint64_t)delta);
    tm_unlock(b, now);
}

/* ---- contexts and engines -------------------------------------------------------- */

hg_tm_writer *hg_tm_attach(hg_devmem *m) {
    size_t bytes;
    hg_telemetry *b = writable(hg_devmem_telemetry(m, &bytes));
    if (!b || bytes < sizeof *b || !tm_enabled())
        return NULL;
    hg_tm_writer *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->b = b;
    w->self = hg_proc_self();
    w->slot = -1;
    if (tm_lock(b) == 0) {
        uint64_t now = hg_tm_now_ns();
        hg_tm_proc *p = my_slot(w, now);
        if (p)
            ADD(p->contexts, 1);
        tm_unlock(b, now);
    }
    hg_tm_pub_add(w);
    return w;
}

void hg_tm_detach(hg_tm_writer *w) {
    if (!w)
        return;
    hg_tm_pub_remove(w);
    if (tm_lock(w->b) == 0) {
        uint64_t now = hg_tm_now_ns();
        hg_tm_proc *p = my_slot(w, now);
        if (p && p->contexts > 0)
            ADD(p->contexts, (uint32_t)-1);
        tm_unlock(w->b, now);
    }
    free(w);
}

void hg_tm_op_begin(hg_tm_writer *w, int engine, uint64_t t_ns) {
    if (!w || engine < 0 || engine >= HG_TM_ENGINES || tm_lock(w->b) != 0)
        return;
    hg_tm_proc *p = my_slot(w, t_ns);
    if (p) {
        if (p->running[engine] == 0)
            PUT(p->since_ns[engine], t_ns);
        ADD(p->running[engine], 1);
    }
    tm_unlock(w->b, t_ns);
}

static int copy_dir(int kind) {
    switch (kind) {
    case HG_OP_HTOD: return HG_TM_DIR_HTOD;
    case HG_OP_DTOH: return HG_TM_DIR_DTOH;
    case HG_OP_DTOD: return HG_TM_DIR_DTOD;
    case HG_OP_MEMSET: return HG_TM_DIR_MEMSET;
    }
    return -1;
}

void hg_tm_op_end(hg_tm_writer *w, int kind, int engine, uint64_t start_ns, uint64_t end_ns,
                  uint64_t bytes, hg_status st) {
    if (!w || engine < 0 || engine >= HG_TM_ENGINES || tm_lock(w->b) != 0)
        return;
    hg_telemetry *b = w->b;
    hg_tm_proc *p = my_slot(w, end_ns);
    /* Busy time is the union of this process's operations on the engine:
     * the interval opened by the first running one, closed by the last. */
    if (p && p->running[engine] > 0) {
        ADD(p->running[engine], (uint32_t)-1);
        if (p->running[engine] == 0) {
            uint64_t since = p->since_ns[engine] ? p->since_ns[engine] : start_ns;
            uint64_t d = end_ns > since ? end_ns - since : 0;
            ADD(p->busy_ns[engine], d);
            ADD(b->eng.busy_ns[engine], d);
            PUT(p->since_ns[engine], 0);
        }
    }
    PUT(b->eng.last_busy_end_ns, end_ns);
    if (st != HG_ERR_STICKY) { /* skipped operations did nothing */
        int dir = copy_dir(kind);
        if (kind == HG_OP_KERNEL) {
            ADD(b->eng.kernels, 1);
            if (st == HG_ERR_KERNEL_FAULT || st == HG_ERR_TIMEOUT)
                ADD(b->eng.kernel_faults, 1);
            if (p)
                ADD(p->kernels, 1);
        } else if (dir >= 0) {
            ADD(b->eng.copies[dir], 1);
            ADD(b->eng.bytes[dir], bytes);
            if (p) {
                ADD(p->copies, 1);
                ADD(p->copy_bytes, bytes);
            }
        }
    }
    tm_unlock(b, end_ns);
}

void hg_tm_fault(hg_tm_writer *w, hg_status st, const char *text) {
    if (!w || tm_lock(w->b) != 0)
        return;
    hg_telemetry *b = w->b;
    uint64_t now = hg_tm_now_ns();
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    ADD(b->fault.count, 1);
    PUT(b->fault.last_ns, (uint64_t)rt.tv_sec * 1000000000ull + (uint64_t)rt.tv_nsec);
    PUT(b->fault.last_pid, w->self.pid);
    PUT(b->fault.last_status, (uint32_t)st);
    put_str(b->fault.last_text, sizeof b->fault.last_text, text);
    hg_tm_proc *p = my_slot(w, now);
    if (p && p->sticky == 0)
        PUT(p->sticky, (uint32_t)st);
    tm_unlock(b, now);
}

/* ---- the publisher's tick ---------------------------------------------------------- */

enum {
    GPU_SAMPLE_NS = 90 * 1000 * 1000,  /* ring spacing: ~10 Hz from any process */
    PROC_SAMPLE_NS = 240 * 1000 * 1000 /* a process's own ring: 4 samples cover ~1 s */
};

void hg_tm_tick(hg_tm_writer *w, uint64_t now) {
    hg_telemetry *b = w->b;
    if (tm_lock(b) != 0)
        return;
    uint64_t busy[HG_TM_ENGINES];
    hg_tm_busy_now(b, now, busy);
    /* Advance the thermal state to now (exact for the average power since
     * the last step; see docs/telemetry.md). */
    int64_t t = hg_tm_temp_at(b, now, busy);
    PUT(b->thermal.temp_mc, t);
    put_sample(&b->thermal.at, now, busy);

    const hg_tm_sample *last = &b->ring[(b->ring_next + HG_TM_RING - 1) % HG_TM_RING];
    if (b->ring_next == 0 || now - last->t_ns >= GPU_SAMPLE_NS) {
        put_sample(&b->ring[b->ring_next % HG_TM_RING], now, busy);
        ADD(b->ring_next, 1);
    }
    hg_tm_proc *p = my_slot(w, now);
    if (p) {
        const hg_tm_sample *pl = &p->ring[(p->ring_next + HG_TM_PROC_RING - 1) % HG_TM_PROC_RING];
        if (p->ring_next == 0 || now - pl->t_ns >= PROC_SAMPLE_NS) {
            uint64_t mine[HG_TM_ENGINES];
            for (int e = 0; e < HG_TM_ENGINES; e++)
                mine[e] = p->busy_ns[e] +
                          (p->running[e] && now > p->since_ns[e] ? now - p->since_ns[e] : 0);
            put_sample(&p->ring[p->ring_next % HG_TM_PROC_RING], now, mine);
            ADD(p->ring_next, 1);
        }
    }
    tm_unlock(b, now);
}

/* ---- peer copies -------------------------------------------------------------------- */

static void count_link(hg_devmem *m, int peer, int tx, uint64_t bytes) {
    hg_telemetry *b = writable(hg_devmem_telemetry(m, NULL));
    if (!b || peer < 0 || peer >= HG_TM_LINKS || tm_lock(b) != 0)
        return;
    hg_tm_link *l = &b->links[peer];
    if (tx) {
        ADD(l->tx_copies, 1);
        ADD(l->tx_bytes, bytes);
    } else {
        ADD(l->rx_copies, 1);
        ADD(l->rx_bytes, bytes);
    }
    int dir = tx ? HG_TM_DIR_PEER_TX : HG_TM_DIR_PEER_RX;
    ADD(b->eng.copies[dir], 1);
    ADD(b->eng.bytes[dir], bytes);
    tm_unlock(b, hg_tm_now_ns());
}

void hg_tm_count_peer_copy(hg_node *node, int src_gpu, int dst_gpu, uint64_t bytes) {
    hg_devmem *src = hg_node_devmem(node, src_gpu), *dst = hg_node_devmem(node, dst_gpu);
    if (!src || !dst || src_gpu == dst_gpu || !tm_enabled())
        return;
    count_link(src, dst_gpu, 1, bytes);
    count_link(dst, src_gpu, 0, bytes);
}

/* ---- test hook ------------------------------------------------------------------------ */

void hg__tm_test_write(void *page, uint64_t k, int die_mid_edit) {
    hg_telemetry *b = writable(page);
    if (!b || tm_lock(b) != 0)
        return;
    /* Fields far apart in the block, all derived from k: a torn read shows
     * as a mismatch. */
    PUT(b->eng.kernels, k);
    if (die_mid_edit)
        raise(SIGKILL);
    for (int d = 0; d < HG_TM_DIRS; d++) {
        PUT(b->eng.copies[d], k + (uint64_t)d);
        PUT(b->eng.bytes[d], k * 3);
    }
    char text[HG_TM_TEXT];
    for (size_t i = 0; i + 1 < sizeof text; i++)
        text[i] = (char)('a' + (k + i) % 26);
    text[sizeof text - 1] = '\0';
    put_str(b->fault.last_text, sizeof b->fault.last_text, text);
    for (int i = 0; i < HG_TM_PROCS; i++)
        if (b->procs[i].pid)
            PUT(b->procs[i].kernels, k);
    PUT(b->fault.count, k);
    tm_unlock(b, hg_tm_now_ns());
}
