/* timeline.c -- --trace: the profile as a Chrome trace-event file
 * (https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU),
 * which Perfetto (ui.perfetto.dev) and chrome://tracing open.
 *
 * Each GPU of each process is a trace "process" whose "threads" are its
 * streams: kernels, copies, memsets and host functions are complete ("X")
 * events on their stream's row.  A second trace process per GPU holds its
 * SMs: one row per SM and CTA slot, with one event per block that ran there
 * (when the core recorded them), so occupancy and tail effects are visible.
 * Times are emulator wall time in microseconds from the first operation;
 * block rows therefore show how the emulator's host threads worked through
 * the SMs, and the SM issue clock of each block is in its args. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "report.h"
#include "timeline.h"

/* Trace process ids: 2i+1 for the streams of the i-th (process, GPU) seen,
 * 2i+2 for its SMs. */
typedef struct lane {
    int pid, gpu;
} lane;

typedef struct ids {
    lane *l;
    int n, cap;
} ids;

/* Returns the trace pid of (pid, gpu); *fresh = 1 the first time. */
static int trace_pid(ids *t, int pid, int gpu, int *fresh) {
    *fresh = 0;
    for (int i = 0; i < t->n; i++)
        if (t->l[i].pid == pid && t->l[i].gpu == gpu)
            return 2 * i + 1;
    if (t->n == t->cap) {
        int cap = t->cap ? 2 * t->cap : 8;
        lane *l = realloc(t->l, (size_t)cap * sizeof *l);
        if (!l)
            return 2 * (t->n - 1) + 1; /* out of memory: share the last row */
        t->l = l;
        t->cap = cap;
    }
    t->l[t->n] = (lane){pid, gpu};
    *fresh = 1;
    return 2 * t->n++ + 1;
}

/* The rows that already have a name: an open-addressing set of keys
 * (trace pid << 32 | tid).  Key 0 never occurs (trace pids start at 1). */
typedef struct keyset {
    uint64_t *k;
    size_t n, cap;
} keyset;

static int keyset_add(keyset *s, uint64_t key) {
    if (2 * (s->n + 1) > s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 1024;
        uint64_t *k = calloc(cap, sizeof *k);
        if (!k)
            return 0; /* out of memory: the row stays unnamed */
        for (size_t i = 0; i < s->cap; i++)
            if (s->k[i])
                for (size_t h = s->k[i] * 0x9e3779b97f4a7c15ull % cap;; h = (h + 1) % cap)
                    if (!k[h]) {
                        k[h] = s->k[i];
                        break;
                    }
        free(s->k);
        s->k = k;
        s->cap = cap;
    }
    for (size_t h = key * 0x9e3779b97f4a7c15ull % s->cap;; h = (h + 1) % s->cap) {
        if (s->k[h] == key)
            return 0;
        if (!s->k[h]) {
            s->k[h] = key;
            s->n++;
            return 1;
        }
    }
}

static uint64_t row_key(int tpid, uint64_t tid) {
    return ((uint64_t)tpid << 32) | (tid & 0xffffffffu);
}

static void add(json_object *o, const char *k, json_object *v) {
    json_object_object_add(o, k, v);
}

static json_object *meta(const char *what, int pid, int tid, const char *key, json_object *value) {
    json_object *e = json_object_new_object();
    add(e, "name", json_object_new_string(what));
    add(e, "ph", json_object_new_string("M"));
    add(e, "pid", json_object_new_int(pid));
    add(e, "tid", json_object_new_int(tid));
    json_object *args = json_object_new_object();
    add(args, key, value);
    add(e, "args", args);
    return e;
}

static json_object *complete(const char *name, const char *cat, int pid, int tid, double ts,
                             double dur, json_object *args) {
    json_object *e = json_object_new_object();
    add(e, "name", json_object_new_string(name));
    add(e, "cat", json_object_new_string(cat));
    add(e, "ph", json_object_new_string("X"));
    add(e, "pid", json_object_new_int(pid));
    add(e, "tid", json_object_new_int(tid));
    add(e, "ts", json_object_new_double(ts));
    add(e, "dur", json_object_new_double(dur));
    add(e, "args", args);
    return e;
}

static double us(const hp_profile *p, uint64_t ns) {
    return ns > p->t0 ? (double)(ns - p->t0) / 1e3 : 0;
}

static void pct_arg(json_object *a, const char *key, double v) {
    if (v == v)
        add(a, key, json_object_new_double(v));
}

static json_object *kernel_args(const hp_op *op) {
    json_object *a = json_object_new_object();
    char buf[64];
    add(a, "mangled", json_object_new_string(op->name));
    snprintf(buf, sizeof buf, "(%u,%u,%u)", op->grid[0], op->grid[1], op->grid[2]);
    add(a, "grid", json_object_new_string(buf));
    snprintf(buf, sizeof buf, "(%u,%u,%u)", op->block[0], op->block[1], op->block[2]);
    add(a, "block", json_object_new_string(buf));
    add(a, "registers", json_object_new_int64(op->regs));
    add(a, "shared_bytes", json_object_new_int64((int64_t)op->static_shared + op->dyn_shared));
    add(a, "modelled_us", json_object_new_double(op->modelled_us));
    add(a, "theoretical_occupancy_pct", json_object_new_double(100.0 * op->theoretical_occupancy));
    add(a, "achieved_occupancy_pct", json_object_new_double(100.0 * op->achieved_occupancy));
    pct_arg(a, "warp_execution_efficiency_pct", hp_warp_exec_efficiency(&op->c));
    pct_arg(a, "global_load_efficiency_pct", hp_gld_efficiency(&op->c));
    add(a, "shared_bank_conflicts", json_object_new_int64((int64_t)hp_bank_conflicts(&op->c)));
    add(a, "status", json_object_new_string(op->status));
    return a;
}

static void sm_rows(json_object *ev, const hp_profile *p, const hp_op *op, int spid,
                    keyset *named) {
    for (uint32_t b = 0; b < op->nblocks; b++) {
        const hp_block *bl = &op->blocks[b];
        if (!bl->start_ns)
            continue; /* never started (the launch faulted first) */
        int tid = (int)(bl->sm * 256 + bl->slot % 256);
        if (keyset_add(named, row_key(spid, (uint64_t)tid))) {
            char t[48];
            snprintf(t, sizeof t, "SM %u slot %u", bl->sm, bl->slot);
            json_object_array_add(
                ev, meta("thread_name", spid, tid, "name", json_object_new_string(t)));
            json_object_array_add(
                ev, meta("thread_sort_index", spid, tid, "sort_index", json_object_new_int(tid)));
        }
        /* the block's coordinates from its linear index */
        uint32_t gx = op->grid[0] ? op->grid[0] : 1, gy = op->grid[1] ? op->grid[1] : 1;
        char name[96];
        snprintf(name, sizeof name, "block (%u,%u,%u)", b % gx, (b / gx) % gy, b / (gx * gy));
        uint64_t end = bl->end_ns ? bl->end_ns : op->end_ns;
        json_object *a = json_object_new_object();
        add(a, "kernel", json_object_new_string(op->display));
        add(a, "block_index", json_object_new_int64(b));
        add(a, "sm", json_object_new_int64(bl->sm));
        add(a, "slot", json_object_new_int64(bl->slot));
        add(a, "sm_clock_start", json_object_new_int64((int64_t)bl->start_clock));
        add(a, "sm_clock_end", json_object_new_int64((int64_t)bl->end_clock));
        json_object_array_add(ev, complete(name, "block", spid, tid, us(p, bl->start_ns),
                                           us(p, end) - us(p, bl->start_ns), a));
    }
}

static void name_gpu(json_object *ev, int tp, const hp_op *op) {
    char n1[160], n2[160];
    snprintf(n1, sizeof n1, "GPU %d: %s (pid %d)", op->gpu, op->dev ? op->dev->name : "HiGPU",
             op->pid);
    snprintf(n2, sizeof n2, "GPU %d SMs: blocks by SM and slot (pid %d)", op->gpu, op->pid);
    json_object_array_add(ev, meta("process_name", tp, 0, "name", json_object_new_string(n1)));
    json_object_array_add(ev,
                          meta("process_sort_index", tp, 0, "sort_index", json_object_new_int(tp)));
    json_object_array_add(ev, meta("process_name", tp + 1, 0, "name", json_object_new_string(n2)));
    json_object_array_add(
        ev, meta("process_sort_index", tp + 1, 0, "sort_index", json_object_new_int(tp + 1)));
}

static json_object *op_event(const hp_profile *p, const hp_op *op, int tp) {
    char label[512];
    hp_op_label(label, sizeof label, op);
    json_object *args;
    const char *cat;
    if (op->type == HP_KERNEL) {
        args = kernel_args(op);
        cat = "kernel";
    } else {
        args = json_object_new_object();
        if (op->type != HP_HOST)
            add(args, "bytes", json_object_new_int64((int64_t)op->bytes));
        add(args, "status", json_object_new_string(op->status));
        cat = op->type == HP_MEMCPY ? "memcpy" : op->type == HP_MEMSET ? "memset" : "host";
    }
    return complete(label, cat, tp, (int)op->stream, us(p, op->start_ns),
                    us(p, op->end_ns) - us(p, op->start_ns), args);
}

int hp_timeline_write(const char *path, const hp_profile *p, char *err, size_t errlen) {
    json_object *root = json_object_new_object();
    json_object *ev = json_object_new_array();
    ids t = {0};
    keyset named = {0};
    for (size_t i = 0; i < p->nops; i++) {
        const hp_op *op = &p->ops[i];
        if (!hp_op_ran(op))
            continue;
        int fresh;
        int tp = trace_pid(&t, op->pid, op->gpu, &fresh);
        if (fresh)
            name_gpu(ev, tp, op);
        if (keyset_add(&named, row_key(tp, op->stream))) {
            char n[64];
            if (op->stream)
                snprintf(n, sizeof n, "Stream %llu", (unsigned long long)op->stream);
            else
                snprintf(n, sizeof n, "Default stream");
            json_object_array_add(
                ev, meta("thread_name", tp, (int)op->stream, "name", json_object_new_string(n)));
        }
        json_object_array_add(ev, op_event(p, op, tp));
        if (op->type == HP_KERNEL && op->nblocks)
            sm_rows(ev, p, op, tp + 1, &named);
    }
    free(t.l);
    free(named.k);
    add(root, "traceEvents", ev);
    add(root, "displayTimeUnit", json_object_new_string("ns"));
    json_object *other = json_object_new_object();
    add(other, "tool", json_object_new_string("hiprof " HIPROF_VERSION));
    add(other, "time",
        json_object_new_string("emulator wall time (CLOCK_MONOTONIC), microseconds"));
    add(root, "otherData", other);
    int rc = json_object_to_file_ext(path, root,
                                     JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    if (rc != 0)
        snprintf(err, errlen, "cannot write %s: %s", path, json_util_get_last_err());
    json_object_put(root);
    return rc == 0 ? 0 : -1;
}
