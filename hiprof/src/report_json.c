/* report_json.c -- the report as one JSON document (json-c), for scripts:
 * the program and how it ended, the devices, one object per kernel with
 * every column of columns.c, the copies, and with --print-gpu-trace every
 * operation.  Undefined metrics are null. */
#include <json-c/json.h>
#include <math.h>
#include <string.h>

#include "columns.h"
#include "metrics.h"
#include "report.h"

static json_object *number(double v, int integer) {
    if (isnan(v))
        return NULL; /* json-c writes a NULL member as null */
    return integer ? json_object_new_int64((int64_t)v) : json_object_new_double(v);
}

static json_object *dim(const uint32_t d[3]) {
    json_object *a = json_object_new_array();
    for (int i = 0; i < 3; i++)
        json_object_array_add(a, json_object_new_int64(d[i]));
    return a;
}

static void add(json_object *o, const char *key, json_object *v) {
    json_object_object_add(o, key, v);
}

static json_object *kernel_obj(const hp_kernel_sum *k) {
    json_object *o = json_object_new_object();
    add(o, "name", json_object_new_string(k->name));
    add(o, "mangled_name", json_object_new_string(k->mangled));
    add(o, "gpu", json_object_new_int(k->gpu));
    add(o, "grid", dim(k->grid));
    add(o, "block", dim(k->block));
    add(o, "launch_config_varies",
        json_object_new_boolean(k->grid_varies || k->block_varies || k->dyn_varies));
    add(o, "occupancy_limiter", json_object_new_string(k->limiter));
    for (size_t i = 0; i < hp_nkernel_columns; i++)
        add(o, hp_kernel_columns[i].name,
            number(hp_kernel_columns[i].get(k), hp_kernel_columns[i].integer));
    json_object *mix = json_object_new_object();
    for (int c = 0; c < HISA_CLASS_COUNT; c++)
        if (k->c.warp_class[c])
            add(mix, hisa_class_name((hisa_class)c), number(hp_class_share(&k->c, c), 0));
    add(o, "instruction_mix_pct", mix);
    return o;
}

static json_object *stat_ms(const hp_stat *t) {
    json_object *o = json_object_new_object();
    add(o, "total", json_object_new_double(t->total * 1e3));
    add(o, "avg", json_object_new_double(hp_stat_avg(t) * 1e3));
    add(o, "min", json_object_new_double(t->min * 1e3));
    add(o, "max", json_object_new_double(t->max * 1e3));
    return o;
}

static json_object *devices(const hp_profile *p) {
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < p->ndevs; i++) {
        const hp_device *d = &p->devs[i];
        json_object *o = json_object_new_object();
        add(o, "pid", json_object_new_int(d->pid));
        add(o, "device", json_object_new_int(d->device));
        add(o, "gpu", json_object_new_int(d->gpu));
        add(o, "name", json_object_new_string(d->name));
        add(o, "preset", json_object_new_string(d->preset));
        add(o, "sm_count", json_object_new_int64(d->sm_count));
        add(o, "max_warps_per_sm", json_object_new_int64(d->max_warps_per_sm));
        add(o, "max_blocks_per_sm", json_object_new_int64(d->max_blocks_per_sm));
        add(o, "regs_per_sm", json_object_new_int64(d->regs_per_sm));
        add(o, "reg_alloc_unit", json_object_new_int64(d->reg_alloc_unit));
        add(o, "shared_per_sm", json_object_new_int64(d->shared_per_sm));
        add(o, "shared_per_block", json_object_new_int64(d->shared_per_block));
        add(o, "clock_mhz", json_object_new_int64(d->clock_mhz));
        add(o, "host_threads", json_object_new_int64(d->host_threads));
        json_object_array_add(a, o);
    }
    return a;
}

static json_object *operations(const hp_profile *p) {
    static const char *const type[] = {"kernel", "memcpy", "memset", "host"};
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < p->nops; i++) {
        const hp_op *op = &p->ops[i];
        json_object *o;
        if (op->type == HP_KERNEL) {
            hp_kernel_sum k;
            hp_kernel_sum_of_op(op, &k);
            o = kernel_obj(&k);
        } else {
            o = json_object_new_object();
            char name[64];
            add(o, "name", json_object_new_string(hp_op_label(name, sizeof name, op)));
            if (op->type != HP_HOST) {
                double dur = hp_op_seconds(op);
                add(o, "bytes", json_object_new_int64((int64_t)op->bytes));
                add(o, "bandwidth_gbs", number(dur > 0 ? (double)op->bytes / dur / 1e9 : NAN, 0));
            }
            if (op->type == HP_MEMCPY) {
                add(o, "kind", json_object_new_string(op->kind));
                if (op->src_gpu >= 0 || op->dst_gpu >= 0) {
                    add(o, "src_gpu", json_object_new_int(op->src_gpu));
                    add(o, "dst_gpu", json_object_new_int(op->dst_gpu));
                }
            }
        }
        add(o, "type", json_object_new_string(type[op->type]));
        add(o, "start_ms", json_object_new_double((double)(op->start_ns - p->t0) / 1e6));
        add(o, "duration_ms", json_object_new_double(hp_op_seconds(op) * 1e3));
        add(o, "gpu", json_object_new_int(op->gpu));
        add(o, "device", json_object_new_int(op->device));
        add(o, "pid", json_object_new_int(op->pid));
        add(o, "context", json_object_new_int64((int64_t)op->context));
        add(o, "stream", json_object_new_int64((int64_t)op->stream));
        add(o, "status", json_object_new_string(op->status));
        json_object_array_add(a, o);
    }
    return a;
}

int hp_report_json(FILE *f, const hp_run_info *ri, const hp_profile *p, const hp_summary *s,
                   int gpu_trace) {
    json_object *root = json_object_new_object();
    add(root, "tool", json_object_new_string("hiprof"));
    add(root, "version", json_object_new_string(HIPROF_VERSION));
    add(root, "command", json_object_new_string(ri->command));
    if (ri->pid)
        add(root, "pid", json_object_new_int(ri->pid));
    if (ri->exited)
        add(root, "exit_status", json_object_new_int(ri->code));
    if (ri->signaled)
        add(root, "signal", json_object_new_int(ri->sig));
    add(root, "devices", devices(p));
    json_object *ks = json_object_new_array();
    for (size_t i = 0; i < s->nkernels; i++)
        if (s->kernels[i].calls)
            json_object_array_add(ks, kernel_obj(&s->kernels[i]));
    add(root, "kernels", ks);
    json_object *cs = json_object_new_array();
    for (size_t i = 0; i < s->ncopies; i++) {
        const hp_copy_sum *c = &s->copies[i];
        json_object *o = json_object_new_object();
        add(o, "kind", json_object_new_string(c->kind));
        add(o, "gpu", json_object_new_int(c->gpu));
        add(o, "count", json_object_new_int64((int64_t)c->count));
        add(o, "bytes", json_object_new_int64((int64_t)c->bytes));
        add(o, "time_ms", stat_ms(&c->wall));
        add(o, "bandwidth_gbs", json_object_new_double(hp_copy_bandwidth(c) / 1e9));
        json_object_array_add(cs, o);
    }
    add(root, "copies", cs);
    json_object *h = json_object_new_object();
    add(h, "count", json_object_new_int64((int64_t)s->host.n));
    add(h, "time_ms", stat_ms(&s->host));
    add(root, "host_functions", h);
    if (gpu_trace)
        add(root, "operations", operations(p));
    size_t skipped = 0;
    for (size_t i = 0; i < p->nops; i++)
        skipped += !hp_op_ran(&p->ops[i]);
    add(root, "skipped_operations", json_object_new_int64((int64_t)skipped));
    const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE);
    int rc = text ? 0 : -1;
    if (text)
        fprintf(f, "%s\n", text);
    json_object_put(root);
    return rc;
}
