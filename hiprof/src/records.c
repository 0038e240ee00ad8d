/* records.c -- reading the JSON-lines profile records with json-c.
 *
 * Each line is one record; unknown record types and fields are skipped so
 * that a newer libhcrt's files still read (the "process" record's version
 * says when they would not).  A line that is not JSON -- a run killed in the
 * middle of a write -- is counted and skipped. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demangle.h"
#include "records.h"

static json_object *get(json_object *o, const char *key) {
    json_object *v = NULL;
    return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static uint64_t get_u64(json_object *o, const char *key) {
    json_object *v = get(o, key);
    return v ? (uint64_t)json_object_get_uint64(v) : 0;
}

static uint32_t get_u32(json_object *o, const char *key) {
    return (uint32_t)get_u64(o, key);
}

static int get_int(json_object *o, const char *key, int dflt) {
    json_object *v = get(o, key);
    return v ? json_object_get_int(v) : dflt;
}

static double get_double(json_object *o, const char *key) {
    json_object *v = get(o, key);
    return v ? json_object_get_double(v) : 0.0;
}

static void get_str(json_object *o, const char *key, char *out, size_t len) {
    json_object *v = get(o, key);
    snprintf(out, len, "%s", v ? json_object_get_string(v) : "");
}

static void get_dim(json_object *o, const char *key, uint32_t d[3]) {
    json_object *v = get(o, key);
    for (size_t i = 0; i < 3; i++)
        d[i] = v && json_object_is_type(v, json_type_array) && i < json_object_array_length(v)
                   ? (uint32_t)json_object_get_uint64(json_object_array_get_idx(v, i))
                   : 1;
}

static void get_classes(json_object *o, const char *key, uint64_t *out) {
    json_object *v = get(o, key);
    if (!v || !json_object_is_type(v, json_type_object))
        return;
    for (int k = 0; k < HISA_CLASS_COUNT; k++)
        out[k] = get_u64(v, hisa_class_name((hisa_class)k));
}

static int grow(void **p, size_t *cap, size_t need, size_t size) {
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap * 2 : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

static void read_counters(json_object *o, hp_counters *c) {
#define F(name) c->name = get_u64(o, #name)
    F(warp_insts);
    F(thread_insts);
    F(branches);
    F(divergent_branches);
    F(gld_requests);
    F(gld_sectors);
    F(gld_bytes);
    F(gst_requests);
    F(gst_sectors);
    F(gst_bytes);
    F(shared_requests);
    F(shared_wavefronts);
    F(atomics);
    F(barriers);
    F(barrier_stall);
    F(warp_slots);
    F(sched_rounds);
    F(resident_warp_rounds);
#undef F
    get_classes(o, "warp_class", c->warp_class);
    get_classes(o, "thread_class", c->thread_class);
}

static int read_blocks(json_object *o, hp_op *op) {
    json_object *v = get(o, "sm_blocks");
    if (!v || !json_object_is_type(v, json_type_array))
        return 0;
    size_t n = json_object_array_length(v);
    if (!n)
        return 0;
    op->blocks = calloc(n, sizeof *op->blocks);
    if (!op->blocks)
        return -1;
    for (size_t i = 0; i < n; i++) {
        json_object *b = json_object_array_get_idx(v, i);
        uint64_t f[6] = {0};
        for (size_t k = 0;
             k < 6 && json_object_is_type(b, json_type_array) && k < json_object_array_length(b);
             k++)
            f[k] = (uint64_t)json_object_get_uint64(json_object_array_get_idx(b, k));
        op->blocks[i] = (hp_block){(uint32_t)f[0], (uint32_t)f[1], f[2], f[3], f[4], f[5]};
    }
    op->nblocks = (uint32_t)n;
    return 0;
}

static void read_op(json_object *o, hp_op *op) {
    op->pid = get_int(o, "pid", 0);
    op->device = get_int(o, "device", 0);
    op->gpu = get_int(o, "gpu", 0);
    op->context = get_u64(o, "context");
    op->stream = get_u64(o, "stream");
    get_str(o, "status", op->status, sizeof op->status);
    op->submit_ns = get_u64(o, "submit_ns");
    op->start_ns = get_u64(o, "start_ns");
    op->end_ns = get_u64(o, "end_ns");
    op->bytes = get_u64(o, "bytes");
    get_str(o, "kind", op->kind, sizeof op->kind);
    op->src_gpu = get_int(o, "src_gpu", -1);
    op->dst_gpu = get_int(o, "dst_gpu", -1);
}

static void read_kernel(json_object *o, hp_op *op) {
    json_object *n = get(o, "name");
    op->name = strdup(n ? json_object_get_string(n) : "?");
    get_dim(o, "grid", op->grid);
    get_dim(o, "block", op->block);
    op->dyn_shared = get_u32(o, "dyn_shared");
    op->static_shared = get_u32(o, "static_shared");
    op->regs = get_u32(o, "regs");
    op->local_bytes = get_u32(o, "local_bytes");
    op->blocks_per_sm = get_u32(o, "blocks_per_sm");
    get_str(o, "limiter", op->limiter, sizeof op->limiter);
    op->theoretical_occupancy = get_double(o, "theoretical_occupancy");
    op->achieved_occupancy = get_double(o, "achieved_occupancy");
    op->warp_efficiency = get_double(o, "warp_efficiency");
    op->modelled_cycles = get_u64(o, "modelled_cycles");
    op->modelled_us = get_double(o, "modelled_us");
    op->wall_s = get_double(o, "wall_s");
    read_counters(o, &op->c);
}

static void read_device(json_object *o, hp_device *d) {
    d->pid = get_int(o, "pid", 0);
    d->device = get_int(o, "device", 0);
    d->gpu = get_int(o, "gpu", 0);
    d->context = get_u64(o, "context");
    get_str(o, "name", d->name, sizeof d->name);
    get_str(o, "preset", d->preset, sizeof d->preset);
    d->sm_count = get_u32(o, "sm_count");
    d->max_warps_per_sm = get_u32(o, "max_warps_per_sm");
    d->max_blocks_per_sm = get_u32(o, "max_blocks_per_sm");
    d->regs_per_sm = get_u32(o, "regs_per_sm");
    d->reg_alloc_unit = get_u32(o, "reg_alloc_unit");
    d->shared_per_sm = get_u32(o, "shared_per_sm");
    d->shared_per_block = get_u32(o, "shared_per_block");
    d->clock_mhz = get_u32(o, "clock_mhz");
    d->host_threads = get_u32(o, "host_threads");
}

typedef struct reader {
    hp_profile *p;
    size_t opcap, devcap, pidcap, matchcap;
    char *err;
    size_t errlen;
} reader;

static int add_pid(reader *r, int pid) {
    for (size_t i = 0; i < r->p->npids; i++)
        if (r->p->pids[i] == pid)
            return 0;
    if (grow((void **)&r->p->pids, &r->pidcap, r->p->npids + 1, sizeof *r->p->pids))
        return -1;
    r->p->pids[r->p->npids++] = pid;
    return 0;
}

static int add_matches(reader *r, json_object *o) {
    hp_profile *p = r->p;
    json_object *m = get(o, "matches");
    p->trace_records++;
    for (size_t i = 0;
         m && json_object_is_type(m, json_type_array) && i < json_object_array_length(m); i++) {
        const char *name = json_object_get_string(json_object_array_get_idx(m, i));
        int dup = 0;
        for (size_t k = 0; k < p->ntrace_matches; k++)
            dup |= !strcmp(p->trace_matches[k], name);
        if (dup)
            continue;
        if (grow((void **)&p->trace_matches, &r->matchcap, p->ntrace_matches + 1, sizeof(char *)) ||
            !(p->trace_matches[p->ntrace_matches] = strdup(name)))
            return -1;
        p->ntrace_matches++;
    }
    return 0;
}

/* One line; -1 only when out of memory or for a version this reader does
 * not know. */
static int read_line(reader *r, const char *text) {
    hp_profile *p = r->p;
    json_object *o = json_tokener_parse(text);
    if (!o || !json_object_is_type(o, json_type_object)) {
        p->bad_lines++;
        json_object_put(o);
        return 0;
    }
    char type[16];
    get_str(o, "type", type, sizeof type);
    int rc = add_pid(r, get_int(o, "pid", 0));
    if (!strcmp(type, "process")) {
        int v = get_int(o, "version", 0);
        if (v > HP_RECORD_VERSION) {
            snprintf(r->err, r->errlen, "records of version %d (this hiprof reads version %d)", v,
                     HP_RECORD_VERSION);
            rc = -1;
        }
    } else if (!strcmp(type, "device")) {
        if (grow((void **)&p->devs, &r->devcap, p->ndevs + 1, sizeof *p->devs) == 0) {
            memset(&p->devs[p->ndevs], 0, sizeof *p->devs);
            read_device(o, &p->devs[p->ndevs++]);
        } else {
            rc = -1;
        }
    } else if (!strcmp(type, "trace")) {
        rc |= add_matches(r, o);
    } else {
        hp_op_type t = !strcmp(type, "kernel")   ? HP_KERNEL
                       : !strcmp(type, "memcpy") ? HP_MEMCPY
                       : !strcmp(type, "memset") ? HP_MEMSET
                       : !strcmp(type, "host")   ? HP_HOST
                                                 : (hp_op_type)-1;
        if ((int)t >= 0) {
            if (grow((void **)&p->ops, &r->opcap, p->nops + 1, sizeof *p->ops)) {
                rc = -1;
            } else {
                hp_op *op = &p->ops[p->nops++];
                memset(op, 0, sizeof *op);
                op->type = t;
                read_op(o, op);
                if (t == HP_KERNEL) {
                    read_kernel(o, op);
                    if (!op->name || read_blocks(o, op))
                        rc = -1;
                    op->display = op->name ? hp_demangle(op->name) : "?";
                }
            }
        }
    }
    json_object_put(o);
    if (rc && !r->err[0])
        snprintf(r->err, r->errlen, "out of memory");
    return rc;
}

static int by_start(const void *a, const void *b) {
    const hp_op *x = a, *y = b;
    return x->start_ns < y->start_ns ? -1 : x->start_ns > y->start_ns;
}

/* The device record an operation belongs to: same process and context. */
static const hp_device *device_of(const hp_profile *p, const hp_op *op) {
    for (size_t i = 0; i < p->ndevs; i++)
        if (p->devs[i].pid == op->pid && p->devs[i].context == op->context)
            return &p->devs[i];
    return NULL;
}

int hp_profile_read(const char *path, hp_profile *p, char *err, size_t errlen) {
    memset(p, 0, sizeof *p);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read %s: %m", path);
        return -1;
    }
    reader r = {.p = p, .err = err, .errlen = errlen};
    err[0] = '\0';
    char *text = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = getline(&text, &cap, f)) >= 0) {
        if (n > 0 && text[n - 1] == '\n')
            text[--n] = '\0';
        if (n > 0)
            rc = read_line(&r, text);
    }
    free(text);
    fclose(f);
    if (rc) {
        hp_profile_free(p);
        return -1;
    }
    if (p->nops) /* qsort wants a valid pointer even for nothing */
        qsort(p->ops, p->nops, sizeof *p->ops, by_start);
    p->t0 = UINT64_MAX;
    for (size_t i = 0; i < p->nops; i++) {
        p->ops[i].dev = device_of(p, &p->ops[i]);
        uint64_t t = p->ops[i].submit_ns && p->ops[i].submit_ns < p->ops[i].start_ns
                         ? p->ops[i].submit_ns
                         : p->ops[i].start_ns;
        if (t < p->t0)
            p->t0 = t;
    }
    if (!p->nops)
        p->t0 = 0;
    return 0;
}

void hp_profile_free(hp_profile *p) {
    for (size_t i = 0; i < p->nops; i++) {
        free(p->ops[i].name);
        free(p->ops[i].blocks);
    }
    for (size_t i = 0; i < p->ntrace_matches; i++)
        free(p->trace_matches[i]);
    free(p->ops);
    free(p->devs);
    free(p->pids);
    free(p->trace_matches);
    memset(p, 0, sizeof *p);
}

int hp_op_ran(const hp_op *op) {
    return strcmp(op->status, "HG_ERR_STICKY") != 0;
}

int hp_op_ok(const hp_op *op) {
    return !strcmp(op->status, "HG_OK");
}

double hp_op_seconds(const hp_op *op) {
    return op->end_ns > op->start_ns ? (double)(op->end_ns - op->start_ns) / 1e9 : 0.0;
}
