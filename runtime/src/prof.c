/* prof.c -- libhcrt's half of the profiler (hiprof; docs/hiprof.md has the
 * record format).
 *
 * hiprof runs a program with HI_PROF_OUT=<file>.  Then every device context
 * this process makes gets an observer (hg_ctx_set_observer) that appends one
 * JSON line per completed operation -- kernel with its launch configuration,
 * attributes and statistics, copy, memset, host function -- to that file.
 * Each record is one write() on a file opened O_APPEND, so a program that
 * crashes later loses nothing written so far, and the lines of several
 * engine threads, devices or forked processes never interleave.  Nothing is
 * buffered, so there is nothing to flush at exit.
 *
 * With HI_PROF_OUT unset no observer is installed: the engines pay nothing,
 * and the runtime pays one getenv per context.
 *
 * The lines are written by hand rather than with a JSON library: they hold
 * only numbers and kernel names, and every CUDA program links libhcrt, which
 * should not drag a JSON library in for a tool most runs never use.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

enum { PROF_VERSION = 1 };

static pthread_once_t prof_once = PTHREAD_ONCE_INIT;
static int prof_fd = -1;
static uint32_t prof_blocks; /* HI_PROF_BLOCKS: blocks per launch on the timeline */
static pid_t prof_pid;       /* the process whose "process" record is written */
static int prof_failed;      /* a write failed: said so once, stopped writing */

static void prof_init(void) {
    const char *path = getenv("HI_PROF_OUT");
    if (!path || !*path)
        return;
    prof_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (prof_fd < 0) {
        if (!hcrt_quiet())
            fprintf(stderr, "hcrt: cannot open the profile file %s (HI_PROF_OUT): %m\n", path);
        return;
    }
    const char *b = getenv("HI_PROF_BLOCKS");
    if (b && *b) {
        char *end;
        unsigned long v = strtoul(b, &end, 10);
        prof_blocks = *end || v > UINT32_MAX ? 0 : (uint32_t)v;
    }
}

int hcrt_prof_on(void) {
    pthread_once(&prof_once, prof_init);
    return prof_fd >= 0;
}

uint64_t hcrt_prof_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- one JSON line ---------------------------------------------------------------- */

typedef struct line {
    char *s;
    size_t len, cap;
    int oom;
} line;

static void put(line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(line *l, const char *fmt, ...) {
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = l->oom ? 0 : vsnprintf(l->s + l->len, l->cap - l->len, fmt, ap);
        va_end(ap);
        if (l->oom || n < 0)
            return;
        if ((size_t)n < l->cap - l->len) {
            l->len += (size_t)n;
            return;
        }
        size_t cap = (l->cap + (size_t)n + 1) * 2;
        char *s = realloc(l->s, cap);
        if (!s) {
            l->oom = 1;
            return;
        }
        l->s = s;
        l->cap = cap;
    }
}

/* The appenders below avoid printf: the observer runs with the context's
 * queue locked, once per operation, so its cost is what profiling adds. */

/* Room for n more bytes (NULL when out of memory). */
static char *room(line *l, size_t n) {
    if (l->oom)
        return NULL;
    if (l->cap - l->len < n + 1) {
        size_t cap = (l->cap + n + 1) * 2;
        char *s = realloc(l->s, cap);
        if (!s) {
            l->oom = 1;
            return NULL;
        }
        l->s = s;
        l->cap = cap;
    }
    return l->s + l->len;
}

static void put_raw(line *l, const char *v, size_t n) {
    char *p = room(l, n);
    if (p) {
        memcpy(p, v, n);
        l->len += n;
    }
}

static void put_key(line *l, const char *key) {
    size_t n = strlen(key);
    char *p = room(l, n + 4);
    if (p) {
        p[0] = ',';
        p[1] = '"';
        memcpy(p + 2, key, n);
        p[n + 2] = '"';
        p[n + 3] = ':';
        l->len += n + 4;
    }
}

static void put_dec(line *l, uint64_t v) {
    char buf[24], *e = buf + sizeof buf, *b = e;
    do
        *--b = (char)('0' + v % 10);
    while (v /= 10);
    put_raw(l, b, (size_t)(e - b));
}

/* A JSON string: names are identifiers, but escape whatever comes. */
static void put_escaped(line *l, const char *v) {
    const char *s = v ? v : "";
    size_t n = strlen(s);
    char *p = room(l, 6 * n + 2); /* the worst case: every byte \u00XX */
    if (!p)
        return;
    char *o = p;
    *o++ = '"';
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\') {
            *o++ = '\\';
            *o++ = (char)*c;
        } else if (*c < 0x20) {
            static const char hex[] = "0123456789abcdef";
            memcpy(o, "\\u00", 4);
            o[4] = hex[*c >> 4];
            o[5] = hex[*c & 15];
            o += 6;
        } else {
            *o++ = (char)*c;
        }
    }
    *o++ = '"';
    l->len += (size_t)(o - p);
}

static void put_str(line *l, const char *key, const char *v) {
    put_key(l, key);
    put_escaped(l, v);
}

static void put_u(line *l, const char *key, uint64_t v) {
    put_key(l, key);
    put_dec(l, v);
}

static void put_i(line *l, const char *key, int v) {
    put_key(l, key);
    if (v < 0)
        put_raw(l, "-", 1);
    put_dec(l, v < 0 ? (uint64_t)(-(int64_t)v) : (uint64_t)v);
}

static void put_f(line *l, const char *key, double v) {
    put(l, ",\"%s\":%.10g", key, v == v && v - v == 0 ? v : 0.0); /* no NaN/inf in JSON */
}

static void begin(line *l, const char *type) {
    *l = (line){.cap = 2048}; /* a kernel record fits */
    l->s = malloc(l->cap);
    l->oom = !l->s;
    put_raw(l, "{\"type\":\"", 9);
    put_raw(l, type, strlen(type));
    put_raw(l, "\"", 1);
    put_i(l, "pid", (int)getpid());
}

/* Writes the line whole (one write: O_APPEND keeps it in one piece). */
static void finish(line *l) {
    put_raw(l, "}\n", 2);
    if (!l->oom && !__atomic_load_n(&prof_failed, __ATOMIC_RELAXED)) {
        size_t off = 0;
        while (off < l->len) {
            ssize_t n = write(prof_fd, l->s + off, l->len - off);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                if (!__atomic_exchange_n(&prof_failed, 1, __ATOMIC_RELAXED) && !hcrt_quiet())
                    fprintf(stderr, "hcrt: cannot write the profile (HI_PROF_OUT): %m\n");
                break;
            }
            off += (size_t)n;
        }
    }
    free(l->s);
}

/* The first record of each process (a forked child writes its own). */
static void process_record(void) {
    pid_t me = getpid(), seen = __atomic_load_n(&prof_pid, __ATOMIC_ACQUIRE);
    if (seen == me ||
        !__atomic_compare_exchange_n(&prof_pid, &seen, me, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return;
    line l;
    begin(&l, "process");
    put_u(&l, "version", PROF_VERSION);
    put_i(&l, "ppid", (int)getppid());
    put_u(&l, "time_ns", hcrt_prof_now());
    finish(&l);
}

/* ---- operations --------------------------------------------------------------------- */

static const char *copy_kind(hg_op_kind k) {
    switch (k) {
    case HG_OP_HTOD: return "HtoD";
    case HG_OP_DTOH: return "DtoH";
    case HG_OP_DTOD: return "DtoD";
    default: return "?";
    }
}

static void put_common(line *l, const hcrt_device *d, uint64_t stream, const hg_op_record *r) {
    put_i(l, "device", d->ordinal);
    put_i(l, "gpu", d->gpu);
    put_u(l, "context", d->serial);
    put_u(l, "stream", stream);
    put_str(l, "status", hg_status_name(r->status));
    put_u(l, "submit_ns", r->submit_ns);
    put_u(l, "start_ns", r->start_ns);
    put_u(l, "end_ns", r->end_ns);
}

static void put_dim(line *l, const char *key, hg_dim3 v) {
    put_key(l, key);
    put_raw(l, "[", 1);
    put_dec(l, v.x);
    put_raw(l, ",", 1);
    put_dec(l, v.y);
    put_raw(l, ",", 1);
    put_dec(l, v.z);
    put_raw(l, "]", 1);
}

static void put_classes(line *l, const char *key, const uint64_t *v) {
    put_key(l, key);
    put_raw(l, "{", 1);
    int first = 1;
    for (int k = 0; k < HISA_CLASS_COUNT; k++) {
        if (!v[k])
            continue;
        if (!first)
            put_raw(l, ",", 1);
        put_escaped(l, hisa_class_name((hisa_class)k));
        put_raw(l, ":", 1);
        put_dec(l, v[k]);
        first = 0;
    }
    put_raw(l, "}", 1);
}

static void kernel_record(line *l, const hg_op_record *r) {
    const hcbin_kernel *ki = hg_kernel_info(r->k);
    const hg_launch_stats *s = r->stats;
    const hg_counters *c = &s->c;
    put_str(l, "name", r->kernel);
    put_dim(l, "grid", r->launch->grid);
    put_dim(l, "block", r->launch->block);
    put_u(l, "dyn_shared", r->launch->dyn_shared);
    put_u(l, "static_shared", ki->shared_bytes);
    put_u(l, "regs", ki->nregs);
    put_u(l, "local_bytes", ki->local_bytes);
    put_u(l, "blocks_per_sm", s->blocks_per_sm);
    put_str(l, "limiter", s->occupancy_limiter ? s->occupancy_limiter : "");
    put_f(l, "theoretical_occupancy", s->theoretical_occupancy);
    put_f(l, "achieved_occupancy", s->achieved_occupancy);
    put_f(l, "warp_efficiency", s->warp_efficiency);
    put_u(l, "modelled_cycles", s->modelled_cycles);
    put_f(l, "modelled_us", s->modelled_us);
    put_f(l, "wall_s", s->wall_s);
    put_u(l, "warp_insts", c->warp_insts);
    put_u(l, "thread_insts", c->thread_insts);
    put_u(l, "branches", c->branches);
    put_u(l, "divergent_branches", c->divergent_branches);
    put_u(l, "gld_requests", c->gld_requests);
    put_u(l, "gld_sectors", c->gld_sectors);
    put_u(l, "gld_bytes", c->gld_bytes);
    put_u(l, "gst_requests", c->gst_requests);
    put_u(l, "gst_sectors", c->gst_sectors);
    put_u(l, "gst_bytes", c->gst_bytes);
    put_u(l, "shared_requests", c->shared_requests);
    put_u(l, "shared_wavefronts", c->shared_wavefronts);
    put_u(l, "atomics", c->atomics);
    put_u(l, "barriers", c->barriers);
    put_u(l, "barrier_stall", c->barrier_stall);
    put_u(l, "warp_slots", c->warp_slots);
    put_u(l, "sched_rounds", c->sched_rounds);
    put_u(l, "resident_warp_rounds", c->resident_warp_rounds);
    put_classes(l, "warp_class", c->warp_class);
    put_classes(l, "thread_class", c->thread_class);
    if (r->nblocks) {
        /* [sm, slot, start_ns, end_ns, start_clock, end_clock] per block */
        put_key(l, "sm_blocks");
        put_raw(l, "[", 1);
        for (uint32_t b = 0; b < r->nblocks; b++) {
            const hg_block_span *sp = &r->blocks[b];
            const uint64_t f[6] = {sp->sm,     sp->slot,        sp->start_ns,
                                   sp->end_ns, sp->start_clock, sp->end_clock};
            put_raw(l, b ? ",[" : "[", b ? 2 : 1);
            for (int i = 0; i < 6; i++) {
                if (i)
                    put_raw(l, ",", 1);
                put_dec(l, f[i]);
            }
            put_raw(l, "]", 1);
        }
        put_raw(l, "]", 1);
    }
}

/* The observer: runs on an engine thread with the context's queue locked,
 * so it only formats and writes. */
static void observe(void *arg, const hg_op_record *r) {
    const hcrt_device *d = arg;
    const char *type;
    switch (r->kind) {
    case HG_OP_KERNEL: type = "kernel"; break;
    case HG_OP_HTOD:
    case HG_OP_DTOH:
    case HG_OP_DTOD: type = "memcpy"; break;
    case HG_OP_MEMSET: type = "memset"; break;
    case HG_OP_HOST: type = "host"; break;
    default: return; /* event records and stream waits carry no work */
    }
    line l;
    begin(&l, type);
    put_common(&l, d, r->stream_id, r);
    if (r->kind == HG_OP_KERNEL)
        kernel_record(&l, r);
    else if (r->kind != HG_OP_HOST)
        put_u(&l, "bytes", r->bytes);
    if (r->kind == HG_OP_HTOD || r->kind == HG_OP_DTOH || r->kind == HG_OP_DTOD)
        put_str(&l, "kind", copy_kind(r->kind));
    finish(&l);
}

void hcrt_prof_attach(hcrt_device *d, hg_ctx *ctx) {
    if (!hcrt_prof_on())
        return;
    process_record();
    const hg_config *c = d->cfg;
    line l;
    begin(&l, "device");
    put_i(&l, "device", d->ordinal);
    put_i(&l, "gpu", d->gpu);
    put_u(&l, "context", d->serial);
    put_str(&l, "name", c->name);
    put_str(&l, "preset", c->preset);
    put_u(&l, "sm_count", c->sm_count);
    put_u(&l, "max_warps_per_sm", c->max_warps_per_sm);
    put_u(&l, "max_threads_per_sm", c->max_threads_per_sm);
    put_u(&l, "max_blocks_per_sm", c->max_blocks_per_sm);
    put_u(&l, "max_threads_per_block", c->max_threads_per_block);
    put_u(&l, "regs_per_sm", c->regs_per_sm);
    put_u(&l, "reg_alloc_unit", c->reg_alloc_unit);
    put_u(&l, "shared_per_sm", c->shared_per_sm);
    put_u(&l, "shared_per_block", c->shared_per_block);
    put_u(&l, "clock_mhz", c->clock_mhz);
    put_u(&l, "mem_clock_mhz", c->mem_clock_mhz);
    put_u(&l, "mem_bus_bits", c->mem_bus_bits);
    put_u(&l, "schedulers_per_sm", c->schedulers_per_sm);
    put_u(&l, "host_threads", (uint64_t)hg_ctx_host_threads(ctx));
    put_str(&l, "exec_variant", hg_exec_variant());
    finish(&l);
    if (prof_blocks)
        hg_ctx_record_blocks(ctx, prof_blocks);
    hg_ctx_set_observer(ctx, observe, d);
}

void hcrt_prof_copy(const hcrt_device *d, uint64_t stream, const char *kind, int src_gpu,
                    int dst_gpu, uint64_t bytes, uint64_t start_ns, uint64_t end_ns) {
    if (!hcrt_prof_on())
        return;
    hg_op_record r = {
        .status = HG_OK, .submit_ns = start_ns, .start_ns = start_ns, .end_ns = end_ns};
    line l;
    begin(&l, "memcpy");
    put_common(&l, d, stream, &r);
    put_u(&l, "bytes", bytes);
    put_str(&l, "kind", kind);
    put_i(&l, "src_gpu", src_gpu);
    put_i(&l, "dst_gpu", dst_gpu);
    finish(&l);
}

/* ---- the warp trace's kernel ----------------------------------------------------------
 * hiprof --warp-trace FILE --kernel NAME sets HI_TRACE=FILE and
 * HI_PROF_TRACE_KERNEL=NAME.  libhigpu filters its trace by the kernel's
 * exact (mangled) name, while a person types "transpose" or
 * "transpose(float*, float const*)", so NAME is resolved against the
 * registered kernels: it matches a kernel whose mangled name, demangled
 * signature, or demangled name without its parameter list (with or without
 * template arguments) is NAME.  One match: only it is traced.  Several: all
 * kernels are traced and hiprof keeps the matches (listed in a "trace"
 * record).  None: NAME is passed on as it is. */

/* The C++ runtime's demangler: in every program hcc links (they are C++). */
extern char *__cxa_demangle(const char *mangled, char *buf, size_t *len, int *status)
    __attribute__((weak));

/* Does demangled name dn, cut at its parameter list (and at its template
 * arguments if strip_templates), equal want? */
static int base_is(const char *dn, const char *want, int strip_templates) {
    size_t n = strlen(dn), depth = 0, end = n;
    /* the parameter list is the last top-level "(...)" */
    if (n && dn[n - 1] == ')') {
        for (size_t i = n; i-- > 0;) {
            depth += dn[i] == ')';
            depth -= dn[i] == '(';
            if (depth == 0) {
                end = i;
                break;
            }
        }
    }
    /* a template function's name comes after its return type */
    size_t start = 0;
    depth = 0;
    for (size_t i = 0; i < end; i++) {
        depth += dn[i] == '<' || dn[i] == '(';
        depth -= dn[i] == '>' || dn[i] == ')';
        if (depth == 0 && dn[i] == ' ')
            start = i + 1;
    }
    size_t stop = end;
    if (strip_templates) {
        for (size_t i = start; i < end; i++)
            if (dn[i] == '<') {
                stop = i;
                break;
            }
    }
    return stop - start == strlen(want) && !strncmp(dn + start, want, stop - start);
}

typedef struct resolve {
    const char *want;
    char first[512];
    int matches;
    line *rec;
} resolve;

static void match_kernel(const char *name, void *arg) {
    resolve *r = arg;
    int status = -1;
    char *dn = __cxa_demangle ? __cxa_demangle(name, NULL, NULL, &status) : NULL;
    const char *s = status == 0 && dn ? dn : name;
    if (!strcmp(name, r->want) || !strcmp(s, r->want) || base_is(s, r->want, 0) ||
        base_is(s, r->want, 1)) {
        if (r->matches++ == 0)
            snprintf(r->first, sizeof r->first, "%s", name);
        if (r->matches > 1)
            put_raw(r->rec, ",", 1);
        put_escaped(r->rec, name);
    }
    free(dn);
}

void hcrt_prof_ctx_options(hg_ctx_options *o, char *name, size_t namelen) {
    const char *want = getenv("HI_PROF_TRACE_KERNEL");
    if (!want || !*want || !hcrt_prof_on())
        return;
    process_record();
    line l;
    begin(&l, "trace");
    put_str(&l, "kernel", want);
    put_key(&l, "matches");
    put_raw(&l, "[", 1);
    resolve r = {.want = want, .rec = &l};
    hcrt_registry_each_kernel(match_kernel, &r);
    put_raw(&l, "]", 1);
    finish(&l);
    snprintf(name, namelen, "%s", r.matches == 1 ? r.first : want);
    o->trace_kernel = r.matches > 1 ? NULL : name;
}
