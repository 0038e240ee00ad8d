/* json.c -- hi-smi --json: everything -q shows, as one JSON document (a
 * scripting extra nvidia-smi lacks; its -x XML is the nearest).  Built with
 * json-c rather than by hand, so quoting is always right.  Sizes are given
 * in MiB (as the other outputs) and in bytes; power and temperature carry
 * "modelled": true. */
#include <json-c/json.h>
#include <string.h>

#include "smi.h"

static void add(json_object *o, const char *k, json_object *v) {
    json_object_object_add(o, k, v);
}
static json_object *u64(unsigned long long v) {
    return json_object_new_uint64(v);
}
static json_object *str(const char *s) {
    return json_object_new_string(s);
}
static json_object *watts(unsigned mw) {
    return json_object_new_double(mw / 1000.0);
}

static json_object *memory_obj(const smi_gpu *g) {
    json_object *m = json_object_new_object();
    add(m, "total_mib", u64(smi_mib(g->mem.total)));
    add(m, "used_mib", u64(smi_mib(g->mem.used)));
    add(m, "free_mib", u64(smi_mib(g->mem.free)));
    add(m, "total_bytes", u64(g->mem.total));
    add(m, "used_bytes", u64(g->mem.used));
    add(m, "free_bytes", u64(g->mem.free));
    return m;
}

static json_object *engines_obj(const smi_gpu *g) {
    static const char *const dirs[HIML_COPY_DIRS] = {"htod",   "dtoh",    "dtod",
                                                     "memset", "peer_tx", "peer_rx"};
    json_object *e = json_object_new_object(), *c = json_object_new_object(),
                *b = json_object_new_object(), *busy = json_object_new_object();
    add(e, "kernels", u64(g->eng.kernels));
    add(e, "kernel_faults", u64(g->eng.kernelFaults));
    for (int d = 0; d < HIML_COPY_DIRS; d++) {
        add(c, dirs[d], u64(g->eng.copies[d]));
        add(b, dirs[d], u64(g->eng.bytes[d]));
    }
    add(e, "copies", c);
    add(e, "bytes", b);
    add(busy, "compute", u64(g->eng.busyNs[HIML_ENGINE_COMPUTE]));
    add(busy, "copy0", u64(g->eng.busyNs[HIML_ENGINE_COPY0]));
    add(busy, "copy1", u64(g->eng.busyNs[HIML_ENGINE_COPY1]));
    add(e, "busy_ns", busy);
    return e;
}

static json_object *power_obj(const smi_gpu *g) {
    json_object *p = json_object_new_object();
    add(p, "modelled", json_object_new_boolean(1));
    add(p, "draw_w", watts(g->power_mw));
    add(p, "draw_instant_w", watts(g->power_inst_mw));
    add(p, "limit_w", watts(g->limit_mw));
    add(p, "default_limit_w", watts(g->default_limit_mw));
    add(p, "min_limit_w", watts(g->min_limit_mw));
    add(p, "max_limit_w", watts(g->max_limit_mw));
    add(p, "idle_w", watts(g->model.idlePower));
    return p;
}

static json_object *temperature_obj(const smi_gpu *g) {
    json_object *t = json_object_new_object();
    add(t, "modelled", json_object_new_boolean(1));
    add(t, "gpu_c", u64(g->temp_c));
    add(t, "slowdown_c", u64(g->temp_slowdown_c));
    add(t, "shutdown_c", u64(g->temp_shutdown_c));
    add(t, "max_operating_c", u64(g->temp_max_c));
    return t;
}

static json_object *links_arr(const smi_gpu *g) {
    json_object *a = json_object_new_array();
    for (unsigned i = 0; i < g->ngpus; i++) {
        const himlLinkInfo_t *l = &g->links[i];
        char label[16];
        smi_link_label(l, label, sizeof label);
        json_object *o = json_object_new_object();
        add(o, "gpu", u64(i));
        add(o, "type", str(l->type == HIML_LINK_SELF ? "X" : label));
        add(o, "lanes", u64(l->lanes));
        add(o, "tx_copies", u64(l->txCopies));
        add(o, "tx_bytes", u64(l->txBytes));
        add(o, "rx_copies", u64(l->rxCopies));
        add(o, "rx_bytes", u64(l->rxBytes));
        json_object_array_add(a, o);
    }
    return a;
}

static json_object *procs_arr(const smi_gpu *g) {
    json_object *a = json_object_new_array();
    for (unsigned i = 0; i < g->nprocs; i++) {
        const smi_proc *p = &g->procs[i];
        json_object *o = json_object_new_object();
        add(o, "pid", u64(p->pid));
        add(o, "type", str("C"));
        add(o, "name", str(p->name));
        add(o, "used_memory_mib", u64(smi_mib(p->mem_bytes)));
        add(o, "used_memory_bytes", u64(p->mem_bytes));
        if (p->util_known) {
            add(o, "sm_util", u64(p->sm_util));
            add(o, "mem_util", u64(p->mem_util));
        }
        json_object_array_add(a, o);
    }
    return a;
}

static json_object *gpu_obj(const smi_gpu *g) {
    json_object *o = json_object_new_object(), *u = json_object_new_object(),
                *c = json_object_new_object(), *f = json_object_new_object();
    char cc[16];
    snprintf(cc, sizeof cc, "%d.%d", g->cc_major, g->cc_minor);
    add(o, "index", u64(g->index));
    add(o, "name", str(g->name));
    add(o, "uuid", str(g->uuid));
    add(o, "pci_bus_id", str(g->pci.busId));
    add(o, "preset", str(g->preset));
    add(o, "sm_count", u64(g->sm_count));
    add(o, "compute_cap", str(cc));
    add(o, "pstate", str(smi_pstate(g->pstate)));
    add(o, "memory", memory_obj(g));
    add(u, "gpu", u64(g->util.gpu));
    add(u, "memory", u64(g->util.memory));
    add(u, "copy0", u64(g->eng.utilization[HIML_ENGINE_COPY0]));
    add(u, "copy1", u64(g->eng.utilization[HIML_ENGINE_COPY1]));
    add(o, "utilization", u);
    add(o, "temperature", temperature_obj(g));
    add(o, "power", power_obj(g));
    add(c, "sm_mhz", u64(g->clk_sm));
    add(c, "mem_mhz", u64(g->clk_mem));
    add(c, "max_sm_mhz", u64(g->max_sm));
    add(c, "max_mem_mhz", u64(g->max_mem));
    add(o, "clocks", c);
    add(o, "engines", engines_obj(g));
    add(f, "count", u64(g->fault.count));
    add(f, "last", g->fault.count ? str(g->fault.lastText) : NULL);
    add(f, "last_pid", g->fault.count ? u64(g->fault.lastPid) : NULL);
    add(o, "faults", f);
    add(o, "links", links_arr(g));
    add(o, "processes", procs_arr(g));
    return o;
}

int smi_json(const smi_system *sys, himlDevice_t *devs, int n) {
    static smi_gpu g;
    char ts[64];
    smi_timestamp_csv(ts, sizeof ts);
    json_object *root = json_object_new_object(), *gpus = json_object_new_array();
    add(root, "timestamp", str(ts));
    add(root, "driver_version", str(sys->driver));
    add(root, "hc_version", str(sys->hc));
    add(root, "himl_version", str(sys->himl));
    add(root, "node_dir", str(sys->node_dir));
    add(root, "attached_gpus", u64(sys->count));
    int rc = SMI_EXIT_OK;
    for (int i = 0; i < n && rc == SMI_EXIT_OK; i++) {
        himlReturn_t r = smi_collect(devs[i], &g);
        if (r != HIML_SUCCESS)
            rc = smi_report(r, "cannot read a GPU");
        else
            json_object_array_add(gpus, gpu_obj(&g));
    }
    add(root, "gpus", gpus);
    if (rc == SMI_EXIT_OK)
        printf("%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
                                                                JSON_C_TO_STRING_SPACED |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(root);
    return rc;
}
