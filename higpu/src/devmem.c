/* devmem.c -- one GPU's device memory and its process-shared allocator.
 *
 * Two files per GPU (see docs/node.md):
 *   memory  mem_bytes long, sparse, mapped MAP_SHARED by every process;
 *   state   hg_gpu_state below, mapped MAP_SHARED: a robust process-shared
 *           mutex, the allocation table, the process table and the
 *           reserved telemetry page.
 *
 * Every edit of the allocation table happens under the mutex and inside a
 * seqlock generation (odd while editing), so hg_devmem_find can run without
 * the lock from kernel threads of any process: it reads the table with
 * atomic loads, clamps every index to the table's capacity (so it never
 * reads out of bounds whatever it sees) and retries if the generation moved.
 */
#define _GNU_SOURCE
#include "devmem_internal.h"
#include "telemetry_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the shared state file ------------------------------------------------ */

#define HG_STATE_MAGIC "HGSTATE\0"
enum {
    HG_STATE_VERSION = 1,
    HG_ALLOC_CAP = 16384,          /* allocations per GPU */
    HG_MIN_ALIGN = 256,            /* allocation granularity and minimum alignment */
    HG_HEAD_BYTES = 4096,          /* header page */
    HG_TELEMETRY_BYTES = 64 * 1024 /* reserved for the telemetry page (decision 7) */
};

typedef struct hg_alloc_entry {
    uint64_t offset;
    uint64_t size; /* as requested; the footprint is rounded up to HG_MIN_ALIGN */
    int64_t pid;
    uint64_t start;
} hg_alloc_entry;

typedef struct hg_proc_entry {
    int64_t pid; /* 0: free slot (written last when filling, first when clearing) */
    uint64_t start;
    uint32_t refs; /* open hg_nodes; 0 for a process known only by its allocations */
    uint32_t pad;
    char name[32];
} hg_proc_entry;

enum { HG_INTENT_NONE = 0, HG_INTENT_ALLOC, HG_INTENT_FREE };

typedef struct hg_state_head {
    /* identification: checked on every open */
    char magic[8];
    uint32_t version;
    uint32_t head_bytes; /* sizeof(hg_state_head): catches layout changes */
    uint64_t file_bytes; /* sizeof(hg_gpu_state) */
    uint64_t mem_bytes;
    uint32_t gpu_index;
    uint32_t alloc_cap;
    char preset[32];
    uint64_t telemetry_offset; /* where the telemetry page lives, for readers */
    uint64_t telemetry_bytes;

    pthread_mutex_t lock; /* robust, process-shared; guards all below */
    uint64_t seq;         /* seqlock generation of the allocation table */
    uint32_t nallocs;
    uint32_t intent; /* table edit in progress, for repair after a crash */
    hg_alloc_entry intent_entry;
} hg_state_head;

typedef struct hg_gpu_state {
    union {
        hg_state_head h;
        uint8_t head_page[HG_HEAD_BYTES];
    };
    uint8_t telemetry[HG_TELEMETRY_BYTES];
    hg_proc_entry procs[HG_MAX_PROCS];
    hg_alloc_entry allocs[HG_ALLOC_CAP];
} hg_gpu_state;

_Static_assert(sizeof(hg_state_head) <= HG_HEAD_BYTES, "state header fits its page");
_Static_assert(offsetof(hg_gpu_state, telemetry) == HG_HEAD_BYTES, "telemetry at 4 KiB");

struct hg_devmem {
    int index;
    int mem_fd, state_fd;
    uint8_t *base;
    uint64_t size;
    hg_gpu_state *st;
    char state_path[PATH_MAX];
    char mem_path[PATH_MAX];
};

static int crash_point; /* test hook: see hg__devmem_crash_at */

static void maybe_crash(int point) {
    if (crash_point == point)
        raise(SIGKILL);
}

void hg__devmem_crash_at(int point) {
    crash_point = point;
}

static uint64_t footprint(uint64_t size) {
    return (size + HG_MIN_ALIGN - 1) & ~(uint64_t)(HG_MIN_ALIGN - 1);
}

/* ---- processes ------------------------------------------------------------ */

/* Start times are kept to 42 bits (1394 years of 100 Hz ticks) so that
 * pid and start time pack into one word (see hg_proc_self). */
#define HG_START_MASK ((1ull << 42) - 1)

/* Reads /proc/<pid>/stat: start time (field 22) and state (field 3).  The
 * command name (field 2) may hold spaces and parentheses, so fields are
 * counted from the last ')'. */
static int read_proc_stat(int64_t pid, uint64_t *start, char *state) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%lld/stat", (long long)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1; /* errno from open: ENOENT means the process is gone */
    ssize_t n = read(fd, buf, sizeof buf - 1);
    int saved = errno;
    close(fd);
    errno = n < 0 ? saved : ESRCH; /* empty: exited while we read */
    if (n <= 0)
        return -1;
    errno = EINVAL; /* for the parse failures below */
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    if (!p)
        return -1;
    p++;
    /* p now points at " S ppid ...": field 3 is the first token. */
    for (int field = 3; field <= 22; field++) {
        while (*p == ' ')
            p++;
        if (!*p)
            return -1;
        if (field == 3)
            *state = *p;
        if (field == 22) {
            char *end;
            errno = 0;
            *start = strtoull(p, &end, 10) & HG_START_MASK;
            if (errno || end == p) {
                errno = EINVAL;
                return -1;
            }
            return 0;
        }
        while (*p && *p != ' ')
            p++;
    }
    return -1;
}

/* pid (22 bits suffice on Linux) and start time packed in one word, so the
 * cache is one atomic load and a fork simply misses it. */
static uint64_t self_cache;
enum { HG_PID_SHIFT = 42 };
_Static_assert(HG_START_MASK == (1ull << HG_PID_SHIFT) - 1, "start time fits below the pid");

hg_proc_id hg_proc_self(void) {
    pid_t pid = getpid();
    uint64_t c = __atomic_load_n(&self_cache, __ATOMIC_RELAXED);
    if (c && (int64_t)(c >> HG_PID_SHIFT) == pid)
        return (hg_proc_id){pid, c & HG_START_MASK};
    uint64_t start = 0;
    char state;
    if (read_proc_stat(pid, &start, &state) != 0)
        start = 0; /* no /proc: identity falls back to the pid alone */
    __atomic_store_n(&self_cache, ((uint64_t)pid << HG_PID_SHIFT) | start, __ATOMIC_RELAXED);
    return (hg_proc_id){pid, start};
}

int hg_proc_alive(hg_proc_id id) {
    if (id.pid <= 0 || id.pid > INT_MAX)
        return 0;
    hg_proc_id self = hg_proc_self();
    if (id.pid == self.pid)
        return id.start == self.start;
    if (kill((pid_t)id.pid, 0) != 0 && errno == ESRCH)
        return 0;
    uint64_t start;
    char state;
    if (read_proc_stat(id.pid, &start, &state) != 0) {
        /* Gone since kill() looked, or (no /proc, hidden /proc) unknown:
         * then trust kill(), since freeing a live process's memory is the
         * worse mistake. */
        return errno != ENOENT && errno != ESRCH;
    }
    /* A zombie has released its memory: its allocations are garbage. */
    return start == id.start && state != 'Z' && state != 'X';
}

void hg_read_self_name(char *name, size_t len) {
    snprintf(name, len, "?");
    int fd = open("/proc/self/comm", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    ssize_t n = read(fd, name, len - 1);
    close(fd);
    if (n <= 0) {
        snprintf(name, len, "?");
        return;
    }
    name[n] = '\0';
    name[strcspn(name, "\n")] = '\0';
}

static hg_proc_entry *proc_find(hg_gpu_state *st, hg_proc_id id) {
    for (int i = 0; i < HG_MAX_PROCS; i++)
        if (st->procs[i].pid == id.pid && st->procs[i].start == id.start)
            return &st->procs[i];
    return NULL;
}

/* Finds or adds this process's entry; NULL when the table is full. */
static hg_proc_entry *proc_add_self(hg_gpu_state *st) {
    hg_proc_id self = hg_proc_self();
    hg_proc_entry *p = proc_find(st, self);
    if (p)
        return p;
    for (int i = 0; i < HG_MAX_PROCS; i++) {
        p = &st->procs[i];
        if (p->pid != 0)
            continue;
        p->start = self.start;
        p->refs = 0;
        hg_read_self_name(p->name, sizeof p->name);
        __atomic_store_n(&p->pid, self.pid, __ATOMIC_RELEASE); /* publish last */
        return p;
    }
    return NULL;
}

static void proc_clear(hg_proc_entry *p) {
    __atomic_store_n(&p->pid, 0, __ATOMIC_RELEASE); /* free first, then scrub */
    p->start = 0;
    p->refs = 0;
    memset(p->name, 0, sizeof p->name);
}

/* ---- telemetry -------------------------------------------------------------- */

static uint32_t table_count(const hg_gpu_state *st);

/* Tells the GPU's telemetry block what the allocator knows -- memory used,
 * the processes and the device memory each owns (lock held).  Called after
 * every change of the process table and after reaping; single allocations
 * and frees use the cheaper hg_tm_publish_alloc. */
static void publish_locked(hg_devmem *m) {
    hg_gpu_state *st = m->st;
    hg_tm_owner own[HG_MAX_PROCS];
    int n = 0;
    for (int i = 0; i < HG_MAX_PROCS; i++) {
        const hg_proc_entry *p = &st->procs[i];
        if (p->pid != 0)
            own[n++] = (hg_tm_owner){p->pid, p->start, p->name, 0};
    }
    uint64_t used = 0;
    uint32_t count = table_count(st);
    int last = -1; /* a process usually owns runs of entries: try the last owner first */
    for (uint32_t j = 0; j < count; j++) {
        const hg_alloc_entry *e = &st->allocs[j];
        uint64_t fp = footprint(e->size);
        used += fp;
        if (last < 0 || own[last].pid != e->pid || own[last].start != e->start) {
            last = -1;
            for (int k = 0; k < n && last < 0; k++)
                if (own[k].pid == e->pid && own[k].start == e->start)
                    last = k;
        }
        if (last >= 0)
            own[last].mem_bytes += fp;
    }
    hg_tm_publish_procs(st->telemetry, used, count, own, n);
}

/* ---- allocation table: seqlock-protected edits --------------------------- */

static void seq_begin(hg_gpu_state *st) {
    uint64_t s = __atomic_load_n(&st->h.seq, __ATOMIC_RELAXED);
    __atomic_store_n(&st->h.seq, s + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE); /* odd generation before any data store */
}

static void seq_end(hg_gpu_state *st) {
    uint64_t s = __atomic_load_n(&st->h.seq, __ATOMIC_RELAXED);
    __atomic_store_n(&st->h.seq, s + 1, __ATOMIC_RELEASE);
}

/* Entries are copied field by field with atomic stores: lock-free readers
 * may load them at any moment. */
static void entry_store(hg_alloc_entry *dst, const hg_alloc_entry *src) {
    __atomic_store_n(&dst->offset, src->offset, __ATOMIC_RELAXED);
    __atomic_store_n(&dst->size, src->size, __ATOMIC_RELAXED);
    __atomic_store_n(&dst->pid, src->pid, __ATOMIC_RELAXED);
    __atomic_store_n(&dst->start, src->start, __ATOMIC_RELAXED);
}

static uint32_t table_count(const hg_gpu_state *st) {
    uint32_t n = __atomic_load_n(&st->h.nallocs, __ATOMIC_RELAXED);
    return n > HG_ALLOC_CAP ? HG_ALLOC_CAP : n;
}

/* Index of the last entry with offset <= off, or -1.  Safe on a table that
 * is being edited: it only ever indexes [0, n) with n <= capacity. */
static long table_search(const hg_gpu_state *st, uint32_t n, uint64_t off) {
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (__atomic_load_n(&st->allocs[mid].offset, __ATOMIC_RELAXED) <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (long)lo - 1;
}

/* Table edits (lock held).  The order of stores is chosen so that a crash
 * at any point leaves [0, nallocs] (one past the count) holding every live
 * entry, possibly with one duplicate: repair_locked() relies on that. */
static void table_insert(hg_gpu_state *st, uint32_t pos, const hg_alloc_entry *e) {
    uint32_t n = table_count(st);
    seq_begin(st);
    for (uint32_t i = n; i > pos; i--) {
        entry_store(&st->allocs[i], &st->allocs[i - 1]);
        if (i == pos + (n - pos) / 2 + 1)
            maybe_crash(HG_CRASH_MID_INSERT);
    }
    entry_store(&st->allocs[pos], e);
    __atomic_store_n(&st->h.nallocs, n + 1, __ATOMIC_RELAXED);
    seq_end(st);
}

static void table_remove(hg_gpu_state *st, uint32_t pos) {
    uint32_t n = table_count(st);
    static const hg_alloc_entry zero;
    seq_begin(st);
    for (uint32_t i = pos; i + 1 < n; i++)
        entry_store(&st->allocs[i], &st->allocs[i + 1]);
    __atomic_store_n(&st->h.nallocs, n - 1, __ATOMIC_RELAXED);
    entry_store(&st->allocs[n - 1], &zero); /* keep the slot past the end empty */
    seq_end(st);
}

static void punch(hg_devmem *m, uint64_t off, uint64_t len) {
    if (len > m->size - off)
        len = m->size - off;
    /* Returns the pages to the host; failure only costs host memory. */
    (void)fallocate(m->mem_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len);
}

static int entry_cmp(const void *a, const void *b) {
    const hg_alloc_entry *x = a, *y = b;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    if (x->size != y->size)
        return x->size < y->size ? -1 : 1;
    return memcmp(x, y, sizeof *x);
}

static int entry_valid(const hg_devmem *m, const hg_alloc_entry *e) {
    return e->size > 0 && e->offset % HG_MIN_ALIGN == 0 && e->offset < m->size &&
           footprint(e->size) <= m->size - e->offset && e->pid > 0;
}

/* After a process died holding the lock: rebuild the table from [0, n]
 * (see table_insert), sorted, deduplicated, without invalid or overlapping
 * entries, and without the entry of the interrupted operation (an alloc by
 * the dead process or a free: either way it must not stay).  Its pages are
 * punched, which is harmless if they were never reserved. */
static void repair_locked(hg_devmem *m) {
    hg_gpu_state *st = m->st;
    uint32_t n = st->h.nallocs > HG_ALLOC_CAP ? HG_ALLOC_CAP : st->h.nallocs;
    uint32_t scan = n < HG_ALLOC_CAP ? n + 1 : n;
    /* Without memory for the scratch copy the table is emptied rather than
     * left inconsistent: live owners lose their allocations, but nothing
     * can be handed out twice. */
    hg_alloc_entry *tmp = malloc(sizeof *tmp * (scan ? scan : 1));
    uint32_t k = 0;
    if (tmp) {
        for (uint32_t i = 0; i < scan; i++)
            tmp[i] = st->allocs[i];
        qsort(tmp, scan, sizeof *tmp, entry_cmp);
    }
    int intent = st->h.intent != HG_INTENT_NONE;
    const hg_alloc_entry *ie = &st->h.intent_entry;
    /* The dead writer may have left the generation odd: keep it odd (an edit
     * is in progress) and close it once, below. */
    if ((__atomic_load_n(&st->h.seq, __ATOMIC_RELAXED) & 1) == 0)
        seq_begin(st);
    for (uint32_t i = 0; tmp && i < scan; i++) {
        const hg_alloc_entry *e = &tmp[i];
        if (!entry_valid(m, e))
            continue;
        if (intent && memcmp(e, ie, sizeof *e) == 0)
            continue;
        if (k > 0) {
            const hg_alloc_entry *prev = &st->allocs[k - 1];
            if (e->offset < prev->offset + footprint(prev->size))
                continue; /* duplicate or overlap: keep the first */
        }
        entry_store(&st->allocs[k++], e);
    }
    static const hg_alloc_entry zero;
    for (uint32_t i = k; i < scan; i++)
        entry_store(&st->allocs[i], &zero);
    __atomic_store_n(&st->h.nallocs, k, __ATOMIC_RELAXED);
    seq_end(st);
    if (intent && entry_valid(m, ie))
        punch(m, ie->offset, footprint(ie->size));
    st->h.intent = HG_INTENT_NONE;
    free(tmp);
    publish_locked(m);
}

/* Drops dead processes and frees their allocations (lock held). */
static int reap_locked(hg_devmem *m) {
    hg_gpu_state *st = m->st;
    int gone = 0;
    for (int i = 0; i < HG_MAX_PROCS; i++) {
        hg_proc_entry *p = &st->procs[i];
        if (p->pid != 0 && !hg_proc_alive((hg_proc_id){p->pid, p->start})) {
            proc_clear(p);
            gone++;
        }
    }
    /* Liveness of allocation owners, cached per pass: a process owns many. */
    struct {
        hg_proc_id id;
        int alive;
    } seen[HG_MAX_PROCS * 2];
    int nseen = 0;
    uint8_t dead[HG_ALLOC_CAP];
    uint32_t n = table_count(st);
    int ndead = 0;
    for (uint32_t i = 0; i < n; i++) {
        hg_proc_id id = {st->allocs[i].pid, st->allocs[i].start};
        int alive = -1;
        for (int j = 0; j < nseen && alive < 0; j++)
            if (seen[j].id.pid == id.pid && seen[j].id.start == id.start)
                alive = seen[j].alive;
        if (alive < 0) {
            alive = hg_proc_alive(id);
            if (nseen < (int)(sizeof seen / sizeof seen[0]))
                seen[nseen++] = (typeof(seen[0])){id, alive};
        }
        dead[i] = !alive;
        if (!alive) {
            /* The owner is gone, so nobody may touch these pages any more:
             * release them before the range can be handed out again. */
            punch(m, st->allocs[i].offset, footprint(st->allocs[i].size));
            ndead++;
        }
    }
    if (ndead == 0) {
        if (gone)
            publish_locked(m);
        return 0;
    }
    static const hg_alloc_entry zero;
    uint32_t k = 0;
    seq_begin(st);
    for (uint32_t i = 0; i < n; i++)
        if (!dead[i])
            entry_store(&st->allocs[k++], &st->allocs[i]);
    __atomic_store_n(&st->h.nallocs, k, __ATOMIC_RELAXED);
    for (uint32_t i = k; i < n; i++)
        entry_store(&st->allocs[i], &zero);
    seq_end(st);
    publish_locked(m);
    return ndead;
}

/* Takes the GPU's lock.  If its holder died, repairs the table, marks the
 * mutex consistent and reaps (adding the count to *reaped if given). */
static hg_status state_lock(hg_devmem *m, int *reaped) {
    int rc = pthread_mutex_lock(&m->st->h.lock);
    if (rc == EOWNERDEAD) {
        repair_locked(m);
        pthread_mutex_consistent(&m->st->h.lock);
        int r = reap_locked(m);
        if (reaped)
            *reaped += r;
        return HG_OK;
    }
    return rc == 0 ? HG_OK : HG_ERR_IO;
}

static void state_unlock(hg_devmem *m) {
    pthread_mutex_unlock(&m->st->h.lock);
}

/* ---- public API ------------------------------------------------------------ */

uint8_t *hg_devmem_base(hg_devmem *m) {
    return m ? m->base : NULL;
}
uint64_t hg_devmem_size(const hg_devmem *m) {
    return m ? m->size : 0;
}
int hg_devmem_fd(const hg_devmem *m) {
    return m ? m->mem_fd : -1;
}

void *hg_devmem_telemetry(hg_devmem *m, size_t *bytes) {
    if (bytes)
        *bytes = m ? HG_TELEMETRY_BYTES : 0;
    return m ? m->st->telemetry : NULL;
}

/* First fit: the lowest aligned start whose footprint fits between two
 * allocations.  Returns the insertion position or -1. */
static long first_fit(hg_devmem *m, uint64_t fp, uint64_t align, uint64_t *off) {
    hg_gpu_state *st = m->st;
    uint32_t n = table_count(st);
    uint64_t prev_end = 0;
    for (uint32_t i = 0; i <= n; i++) {
        uint64_t hole_end = i < n ? st->allocs[i].offset : m->size;
        uint64_t start = (prev_end + align - 1) & ~(align - 1);
        if (start >= prev_end && start <= hole_end && hole_end - start >= fp) {
            *off = start;
            return i;
        }
        if (i < n)
            prev_end = st->allocs[i].offset + footprint(st->allocs[i].size);
    }
    return -1;
}

hg_status hg_devmem_alloc(hg_devmem *m, uint64_t size, uint64_t align, uint64_t *offset) {
    if (!m || !offset || size == 0 || (align & (align - 1)) != 0)
        return HG_ERR_INVALID_VALUE;
    if (align < HG_MIN_ALIGN)
        align = HG_MIN_ALIGN;
    if (size > m->size || align > m->size)
        return HG_ERR_OUT_OF_MEMORY;
    uint64_t fp = footprint(size);
    hg_gpu_state *st = m->st;
    hg_status s = state_lock(m, NULL);
    if (s != HG_OK)
        return s;
    maybe_crash(HG_CRASH_LOCKED);
    uint64_t off = 0;
    long pos = table_count(st) < HG_ALLOC_CAP ? first_fit(m, fp, align, &off) : -1;
    if (pos < 0 && reap_locked(m) > 0) /* dead processes may hold the space */
        pos = table_count(st) < HG_ALLOC_CAP ? first_fit(m, fp, align, &off) : -1;
    if (pos < 0) {
        s = HG_ERR_OUT_OF_MEMORY;
        goto out;
    }
    hg_proc_id self = hg_proc_self();
    hg_alloc_entry e = {off, size, self.pid, self.start};
    st->h.intent_entry = e;
    st->h.intent = HG_INTENT_ALLOC;
    int rc = posix_fallocate(m->mem_fd, (off_t)off, (off_t)fp);
    if (rc != 0) {
        punch(m, off, fp); /* drop whatever was reserved before it failed */
        s = (rc == ENOSPC || rc == EFBIG || rc == ENOMEM) ? HG_ERR_OUT_OF_MEMORY : HG_ERR_IO;
        goto out_intent;
    }
    maybe_crash(HG_CRASH_RESERVED);
    table_insert(st, (uint32_t)pos, &e);
    proc_add_self(st); /* so tools see a process that allocates without opening */
    hg_tm_publish_alloc(st->telemetry, self, (int64_t)fp, table_count(st));
    *offset = off;
out_intent:
    st->h.intent = HG_INTENT_NONE;
out:
    state_unlock(m);
    return s;
}

hg_status hg_devmem_free(hg_devmem *m, uint64_t offset) {
    if (!m)
        return HG_ERR_INVALID_VALUE;
    hg_gpu_state *st = m->st;
    hg_status s = state_lock(m, NULL);
    if (s != HG_OK)
        return s;
    long i = table_search(st, table_count(st), offset);
    if (i < 0 || st->allocs[i].offset != offset) {
        s = HG_ERR_INVALID_VALUE;
        goto out;
    }
    hg_alloc_entry e = st->allocs[i];
    st->h.intent_entry = e;
    st->h.intent = HG_INTENT_FREE;
    /* Punch before the range leaves the table, so it cannot be reserved
     * again by someone else and then punched under their data. */
    punch(m, e.offset, footprint(e.size));
    table_remove(st, (uint32_t)i);
    st->h.intent = HG_INTENT_NONE;
    hg_tm_publish_alloc(st->telemetry, (hg_proc_id){e.pid, e.start}, -(int64_t)footprint(e.size),
                        table_count(st));
out:
    state_unlock(m);
    return s;
}

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static int contains(uint64_t base, uint64_t size, uint64_t off, uint64_t end) {
    return off >= base && end - base <= size;
}

hg_status hg_devmem_find(hg_devmem *m, uint64_t offset, uint64_t len, uint64_t *base,
                         uint64_t *size) {
    if (!m)
        return HG_ERR_INVALID_VALUE;
    if (len == 0)
        len = 1; /* an empty range still has to start inside an allocation */
    uint64_t end = offset + len;
    if (end < offset || end > m->size)
        return HG_ERR_NOT_FOUND;
    hg_gpu_state *st = m->st;
    /* Seqlock read.  A writer's odd window is a short array shift, so a
     * reader that keeps failing means a writer died mid-edit: fall back to
     * the lock, whose owner-died path repairs the table. */
    for (int tries = 0; tries < 4096; tries++) {
        uint64_t s1 = __atomic_load_n(&st->h.seq, __ATOMIC_ACQUIRE);
        if (s1 & 1) {
            if (tries % 64 == 63)
                sched_yield();
            else
                cpu_relax();
            continue;
        }
        long i = table_search(st, table_count(st), offset);
        uint64_t b = 0, sz = 0;
        if (i >= 0) {
            b = __atomic_load_n(&st->allocs[i].offset, __ATOMIC_RELAXED);
            sz = __atomic_load_n(&st->allocs[i].size, __ATOMIC_RELAXED);
        }
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (__atomic_load_n(&st->h.seq, __ATOMIC_RELAXED) != s1)
            continue;
        if (i < 0 || !contains(b, sz, offset, end))
            return HG_ERR_NOT_FOUND;
        *base = b;
        *size = sz;
        return HG_OK;
    }
    hg_status s = state_lock(m, NULL);
    if (s != HG_OK)
        return s;
    long i = table_search(st, table_count(st), offset);
    s = HG_ERR_NOT_FOUND;
    if (i >= 0 && contains(st->allocs[i].offset, st->allocs[i].size, offset, end)) {
        *base = st->allocs[i].offset;
        *size = st->allocs[i].size;
        s = HG_OK;
    }
    state_unlock(m);
    return s;
}

void hg_devmem_info(hg_devmem *m, uint64_t *free_bytes, uint64_t *total_bytes) {
    uint64_t total = m ? m->size : 0, used = total;
    if (m && state_lock(m, NULL) == HG_OK) {
        used = 0;
        for (uint32_t i = 0; i < table_count(m->st); i++)
            used += footprint(m->st->allocs[i].size);
        state_unlock(m);
    }
    if (free_bytes)
        *free_bytes = used < total ? total - used : 0;
    if (total_bytes)
        *total_bytes = total;
}

int hg_devmem_reap(hg_devmem *m) {
    int reaped = 0;
    if (!m || state_lock(m, &reaped) != HG_OK)
        return reaped;
    reaped += reap_locked(m);
    state_unlock(m);
    return reaped;
}

/* ---- internal: node support ------------------------------------------------ */

hg_status hg_devmem_register(hg_devmem *m, char *err, size_t errlen) {
    hg_status s = state_lock(m, NULL);
    if (s != HG_OK) {
        hg_errf(err, errlen, "%s: cannot take the allocator lock", m->state_path);
        return s;
    }
    reap_locked(m);
    hg_proc_entry *p = proc_add_self(m->st);
    if (p) {
        p->refs++;
        publish_locked(m);
    }
    state_unlock(m);
    if (!p) {
        hg_errf(err, errlen, "%s: process table is full (%d processes)", m->state_path,
                HG_MAX_PROCS);
        return HG_ERR_OUT_OF_MEMORY;
    }
    return HG_OK;
}

void hg_devmem_unregister(hg_devmem *m) {
    if (state_lock(m, NULL) != HG_OK)
        return;
    hg_proc_id self = hg_proc_self();
    hg_proc_entry *p = proc_find(m->st, self);
    if (p) {
        if (p->refs > 0)
            p->refs--;
        /* A process that still owns memory stays listed until it frees it
         * or dies, as on a real GPU. */
        int owns = 0;
        for (uint32_t i = 0; i < table_count(m->st) && !owns; i++)
            owns = m->st->allocs[i].pid == self.pid && m->st->allocs[i].start == self.start;
        if (p->refs == 0 && !owns) {
            proc_clear(p);
            publish_locked(m);
        }
    }
    state_unlock(m);
}

int hg_devmem_procs(hg_devmem *m, hg_proc_info *out, int max) {
    if (!m || state_lock(m, NULL) != HG_OK)
        return 0;
    reap_locked(m);
    hg_gpu_state *st = m->st;
    int k = 0;
    for (int i = 0; i < HG_MAX_PROCS && k < max; i++) {
        const hg_proc_entry *p = &st->procs[i];
        if (p->pid == 0)
            continue;
        hg_proc_info *o = &out[k++];
        memset(o, 0, sizeof *o);
        o->pid = (pid_t)p->pid;
        memcpy(o->name, p->name, sizeof o->name);
        o->name[sizeof o->name - 1] = '\0';
        for (uint32_t j = 0; j < table_count(st); j++)
            if (st->allocs[j].pid == p->pid && st->allocs[j].start == p->start)
                o->mem_bytes += footprint(st->allocs[j].size);
    }
    state_unlock(m);
    return k;
}

/* ---- internal: attaching the files ---------------------------------------- */

static hg_status init_state(hg_gpu_state *st, int index, const hg_config *cfg) {
    memset(st, 0, sizeof *st);
    memcpy(st->h.magic, HG_STATE_MAGIC, sizeof st->h.magic);
    st->h.version = HG_STATE_VERSION;
    st->h.head_bytes = sizeof(hg_state_head);
    st->h.file_bytes = sizeof(hg_gpu_state);
    st->h.mem_bytes = cfg->mem_bytes;
    st->h.gpu_index = (uint32_t)index;
    st->h.alloc_cap = HG_ALLOC_CAP;
    snprintf(st->h.preset, sizeof st->h.preset, "%s", cfg->preset);
    st->h.telemetry_offset = offsetof(hg_gpu_state, telemetry);
    st->h.telemetry_bytes = HG_TELEMETRY_BYTES;
    pthread_mutexattr_t a;
    if (pthread_mutexattr_init(&a) != 0)
        return HG_ERR_IO;
    int rc = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    if (rc == 0)
        rc = pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    if (rc == 0)
        rc = pthread_mutex_init(&st->h.lock, &a);
    pthread_mutexattr_destroy(&a);
    return rc == 0 ? HG_OK : HG_ERR_IO;
}

/* Creates the state file fully initialised under a temporary name and
 * renames it into place, so no opener ever sees a half-written one. */
static hg_status create_state(hg_devmem *m, const char *gpudir, int index, const hg_config *cfg,
                              char *err, size_t errlen) {
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s/state.tmp", gpudir);
    hg_status s = HG_ERR_IO;
    int fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        hg_errf(err, errlen, "%s: %s", tmp, strerror(errno));
        return HG_ERR_IO;
    }
    void *p = MAP_FAILED;
    if (ftruncate(fd, sizeof(hg_gpu_state)) != 0 ||
        (p = mmap(NULL, sizeof(hg_gpu_state), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) ==
            MAP_FAILED) {
        hg_errf(err, errlen, "%s: %s", tmp, strerror(errno));
        goto fail;
    }
    if (init_state(p, index, cfg) != HG_OK) {
        hg_errf(err, errlen, "%s: cannot create a robust process-shared mutex", tmp);
        goto fail;
    }
    if (rename(tmp, m->state_path) != 0) {
        hg_errf(err, errlen, "%s: %s", m->state_path, strerror(errno));
        goto fail;
    }
    m->state_fd = fd;
    m->st = p;
    return HG_OK;
fail:
    if (p != MAP_FAILED)
        munmap(p, sizeof(hg_gpu_state));
    close(fd);
    unlink(tmp);
    return s;
}

/* Maps an existing state file after checking it is one of ours, of this
 * version and for this GPU's memory size.  A mismatch is an error, never a
 * reinitialisation: other processes may be using that memory. */
static hg_status open_state(hg_devmem *m, const hg_config *cfg, char *err, size_t errlen) {
    int fd = open(m->state_path, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        hg_errf(err, errlen, "%s: %s", m->state_path, strerror(errno));
        return HG_ERR_IO;
    }
    hg_state_head h;
    struct stat sb;
    ssize_t n = pread(fd, &h, sizeof h, 0);
    const char *why = NULL;
    if (n < (ssize_t)sizeof h.magic + 8 || memcmp(h.magic, HG_STATE_MAGIC, sizeof h.magic) != 0)
        why = "not a HiGPU state file (bad magic)";
    else if (h.version != HG_STATE_VERSION)
        why = "state file of another libhigpu version";
    else if (n != (ssize_t)sizeof h || h.head_bytes != sizeof h ||
             h.file_bytes != sizeof(hg_gpu_state) || fstat(fd, &sb) != 0 ||
             (uint64_t)sb.st_size != sizeof(hg_gpu_state))
        why = "state file has the wrong size or layout";
    if (why) {
        hg_errf(err, errlen, "%s: %s; remove the run directory once no process uses it",
                m->state_path, why);
        close(fd);
        return HG_ERR_INVALID_VALUE;
    }
    if (h.mem_bytes != cfg->mem_bytes) {
        hg_errf(err, errlen, "%s: GPU has %llu bytes of memory but node.conf says %llu",
                m->state_path, (unsigned long long)h.mem_bytes, (unsigned long long)cfg->mem_bytes);
        close(fd);
        return HG_ERR_INVALID_VALUE;
    }
    void *p = mmap(NULL, sizeof(hg_gpu_state), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        hg_errf(err, errlen, "%s: mmap: %s", m->state_path, strerror(errno));
        close(fd);
        return HG_ERR_IO;
    }
    m->state_fd = fd;
    m->st = p;
    return HG_OK;
}

hg_status hg_devmem_attach(const char *gpudir, int index, const hg_config *cfg, hg_devmem **out,
                           char *err, size_t errlen) {
    hg_devmem *m = calloc(1, sizeof *m);
    if (!m) {
        hg_errf(err, errlen, "%s: out of host memory", gpudir);
        return HG_ERR_IO;
    }
    m->index = index;
    m->mem_fd = m->state_fd = -1;
    m->size = cfg->mem_bytes;
    hg_status s = HG_ERR_IO;
    if (snprintf(m->state_path, sizeof m->state_path, "%s/state", gpudir) >=
            (int)sizeof m->state_path ||
        snprintf(m->mem_path, sizeof m->mem_path, "%s/memory", gpudir) >= (int)sizeof m->mem_path) {
        hg_errf(err, errlen, "%s: path too long", gpudir);
        goto fail;
    }
    int fresh = access(m->state_path, F_OK) != 0;
    if (fresh && errno != ENOENT) {
        hg_errf(err, errlen, "%s: %s", m->state_path, strerror(errno));
        goto fail;
    }
    m->mem_fd = open(m->mem_path, O_RDWR | O_CLOEXEC | (fresh ? O_CREAT : 0), 0600);
    if (m->mem_fd < 0) {
        hg_errf(err, errlen, "%s: %s", m->mem_path, strerror(errno));
        goto fail;
    }
    struct stat sb;
    if (fresh) {
        /* Nobody can be using a GPU without state: start from zeroed,
         * sparse memory of exactly the configured size. */
        if (ftruncate(m->mem_fd, 0) != 0 || ftruncate(m->mem_fd, (off_t)m->size) != 0) {
            hg_errf(err, errlen, "%s: %s", m->mem_path, strerror(errno));
            goto fail;
        }
        s = create_state(m, gpudir, index, cfg, err, errlen);
    } else {
        s = open_state(m, cfg, err, errlen);
        if (s == HG_OK && (fstat(m->mem_fd, &sb) != 0 || (uint64_t)sb.st_size != m->size)) {
            hg_errf(err, errlen, "%s: is not %llu bytes long as its state file says", m->mem_path,
                    (unsigned long long)m->size);
            s = HG_ERR_INVALID_VALUE;
        }
    }
    if (s != HG_OK)
        goto fail;
    s = HG_ERR_IO;
    m->base = mmap(NULL, m->size, PROT_READ | PROT_WRITE, MAP_SHARED, m->mem_fd, 0);
    if (m->base == MAP_FAILED) {
        m->base = NULL;
        hg_errf(err, errlen, "%s: mmap of %llu bytes: %s", m->mem_path, (unsigned long long)m->size,
                strerror(errno));
        goto fail;
    }
    *out = m;
    return HG_OK;
fail:
    hg_devmem_detach(m);
    return s;
}

void hg_devmem_detach(hg_devmem *m) {
    if (!m)
        return;
    if (m->base)
        munmap(m->base, m->size);
    if (m->st)
        munmap(m->st, sizeof(hg_gpu_state));
    if (m->mem_fd >= 0)
        close(m->mem_fd);
    if (m->state_fd >= 0)
        close(m->state_fd);
    free(m);
}

/* ---- internal: the telemetry page for readers ------------------------------- */

hg_status hg_devmem_map_telemetry(const char *state_path, const void **page, size_t *bytes,
                                  char *err, size_t errlen) {
    int fd = open(state_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        hg_errf(err, errlen, "%s: %s", state_path, strerror(errno));
        return errno == ENOENT ? HG_ERR_NO_DEVICE : HG_ERR_IO;
    }
    hg_state_head h;
    ssize_t n = pread(fd, &h, sizeof h, 0);
    if (n != (ssize_t)sizeof h || memcmp(h.magic, HG_STATE_MAGIC, sizeof h.magic) != 0 ||
        h.version != HG_STATE_VERSION || h.head_bytes != sizeof h ||
        h.telemetry_offset != offsetof(hg_gpu_state, telemetry) ||
        h.telemetry_bytes != HG_TELEMETRY_BYTES) {
        hg_errf(err, errlen, "%s: not a HiGPU state file of this version", state_path);
        close(fd);
        return HG_ERR_INVALID_VALUE;
    }
    /* The page starts at 4 KiB, so it can be mapped on its own, read-only:
     * a reader cannot disturb the GPU even by mistake. */
    void *p = mmap(NULL, HG_TELEMETRY_BYTES, PROT_READ, MAP_SHARED, fd,
                   (off_t)offsetof(hg_gpu_state, telemetry));
    close(fd);
    if (p == MAP_FAILED) {
        hg_errf(err, errlen, "%s: mmap: %s", state_path, strerror(errno));
        return HG_ERR_IO;
    }
    *page = p;
    *bytes = HG_TELEMETRY_BYTES;
    return HG_OK;
}

void hg_devmem_unmap_telemetry(const void *page, size_t bytes) {
    munmap((void *)page, bytes);
}

/* ---- test hook: table consistency ----------------------------------------- */

hg_status hg__devmem_check(hg_devmem *m, char *err, size_t errlen) {
    hg_status s = state_lock(m, NULL);
    if (s != HG_OK) {
        hg_errf(err, errlen, "%s: cannot lock", m->state_path);
        return s;
    }
    hg_gpu_state *st = m->st;
    s = HG_ERR_INVALID_VALUE;
    if (st->h.seq & 1) {
        hg_errf(err, errlen, "%s: seqlock generation is odd outside an edit", m->state_path);
        goto out;
    }
    if (st->h.intent != HG_INTENT_NONE) {
        hg_errf(err, errlen, "%s: an edit intent is pending outside an edit", m->state_path);
        goto out;
    }
    if (st->h.nallocs > HG_ALLOC_CAP) {
        hg_errf(err, errlen, "%s: %u allocations > capacity", m->state_path, st->h.nallocs);
        goto out;
    }
    uint64_t prev_end = 0;
    for (uint32_t i = 0; i < st->h.nallocs; i++) {
        const hg_alloc_entry *e = &st->allocs[i];
        if (!entry_valid(m, e) || e->offset < prev_end) {
            hg_errf(err, errlen, "%s: entry %u (offset %llu size %llu) is invalid or overlaps",
                    m->state_path, i, (unsigned long long)e->offset, (unsigned long long)e->size);
            goto out;
        }
        prev_end = e->offset + footprint(e->size);
    }
    if (st->h.nallocs < HG_ALLOC_CAP && st->allocs[st->h.nallocs].size != 0) {
        hg_errf(err, errlen, "%s: slot past the end is not empty", m->state_path);
        goto out;
    }
    s = HG_OK;
out:
    state_unlock(m);
    return s;
}
