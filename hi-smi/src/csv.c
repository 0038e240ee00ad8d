/* csv.c -- --query-gpu and --query-compute-apps: nvidia-smi's CSV.
 *
 * Each field is one row of a table (name, alias, unit, help) that drives
 * the parser, the header, the values and --help-query-*, so they cannot
 * disagree.  Names are nvidia-smi's where the property exists; properties
 * only HiGPU has are spelled hi.*.  The header is "name [unit]", values
 * "value unit"; nounits drops the units; an unmodelled property is [N/A]. */
#include <string.h>

#include "smi.h"

#define NA "[N/A]"

/* X(id, name, alias, unit, help) */
#define GPU_FIELDS(X)                                                                              \
    X(G_TIMESTAMP, "timestamp", NULL, NULL,                                                        \
      "The timestamp of when the query was made in format \"YYYY/MM/DD HH:MM:SS.msec\".")          \
    X(G_DRIVER, "driver_version", NULL, NULL, "The version of libhigpu, HiGPU's driver.")          \
    X(G_COUNT, "count", NULL, NULL, "The number of GPUs in the node.")                             \
    X(G_NAME, "name", "gpu_name", NULL, "The product name of the GPU (from its preset).")          \
    X(G_SERIAL, "serial", "gpu_serial", NULL, "Not modelled: [N/A].")                              \
    X(G_UUID, "uuid", "gpu_uuid", NULL,                                                            \
      "A stable identifier derived from the node directory and the GPU's index.")                  \
    X(G_BUS_ID, "pci.bus_id", "gpu_bus_id", NULL,                                                  \
      "PCI bus id as \"domain:bus:device.function\", in hex.")                                     \
    X(G_PCI_DOMAIN, "pci.domain", NULL, NULL, "PCI domain number, in hex.")                        \
    X(G_PCI_BUS, "pci.bus", NULL, NULL, "PCI bus number, in hex.")                                 \
    X(G_PCI_DEVICE, "pci.device", NULL, NULL, "PCI device number, in hex.")                        \
    X(G_INDEX, "index", NULL, NULL, "Zero based index of the GPU in the node.")                    \
    X(G_PERSISTENCE, "persistence_mode", NULL, NULL,                                               \
      "Always \"Enabled\": a node keeps its GPUs between programs.")                               \
    X(G_PSTATE, "pstate", NULL, NULL,                                                              \
      "P0 while a process has a context or the GPU was busy in the last second, else P8.")         \
    X(G_MEM_TOTAL, "memory.total", NULL, "MiB", "Total GPU memory.")                               \
    X(G_MEM_RESERVED, "memory.reserved", NULL, "MiB", "Memory reserved by the driver: 0.")         \
    X(G_MEM_USED, "memory.used", NULL, "MiB", "Memory allocated by live processes.")               \
    X(G_MEM_FREE, "memory.free", NULL, "MiB", "Total free memory.")                                \
    X(G_COMPUTE_MODE, "compute_mode", NULL, NULL, "Always \"Default\" (many contexts per GPU).")   \
    X(G_COMPUTE_CAP, "compute_cap", NULL, NULL, "The compute capability, major DOT minor.")        \
    X(G_UTIL_GPU, "utilization.gpu", NULL, "%",                                                    \
      "Percent of the last second during which a kernel was running.")                             \
    X(G_UTIL_MEM, "utilization.memory", NULL, "%",                                                 \
      "Percent of the last second during which a copy engine was moving data (the busier one).")   \
    X(G_TEMP_GPU, "temperature.gpu", NULL, NULL, "Modelled GPU temperature, degrees C.")           \
    X(G_TEMP_MEM, "temperature.memory", NULL, NULL, "Not modelled: [N/A].")                        \
    X(G_POWER_MGMT, "power.management", NULL, NULL, "Always \"Enabled\".")                         \
    X(G_POWER_DRAW, "power.draw", NULL, "W", "Modelled board power, averaged over 1 s.")           \
    X(G_POWER_AVG, "power.draw.average", "gpu.power.draw.average", "W",                            \
      "Modelled board power, averaged over 1 s.")                                                  \
    X(G_POWER_INST, "power.draw.instant", "gpu.power.draw.instant", "W",                           \
      "Modelled board power over the last 100 ms.")                                                \
    X(G_POWER_LIMIT, "power.limit", "gpu.power.requested_limit", "W", "The power limit.")          \
    X(G_POWER_ENF, "enforced.power.limit", "gpu.power.current_limit", "W",                         \
      "The power limit in force.")                                                                 \
    X(G_POWER_DEF, "power.default_limit", "gpu.power.default_limit", "W",                          \
      "The default power limit.")                                                                  \
    X(G_POWER_MIN, "power.min_limit", "gpu.power.min_limit", "W", "The lowest settable limit.")    \
    X(G_POWER_MAX, "power.max_limit", "gpu.power.max_limit", "W", "The highest settable limit.")   \
    X(G_CLK_GR, "clocks.current.graphics", "clocks.gr", "MHz", "Current graphics (SM) clock.")     \
    X(G_CLK_SM, "clocks.current.sm", "clocks.sm", "MHz", "Current SM clock.")                      \
    X(G_CLK_MEM, "clocks.current.memory", "clocks.mem", "MHz", "Current memory clock.")            \
    X(G_CLK_MAX_GR, "clocks.max.graphics", "clocks.max.gr", "MHz", "Maximum graphics clock.")      \
    X(G_CLK_MAX_SM, "clocks.max.sm", NULL, "MHz", "Maximum SM clock.")                             \
    X(G_CLK_MAX_MEM, "clocks.max.memory", "clocks.max.mem", "MHz", "Maximum memory clock.")        \
    X(G_FAN, "fan.speed", NULL, "%", "Not modelled: [N/A].")                                       \
    X(G_HI_PRESET, "hi.preset", NULL, NULL, "HiGPU: the preset the GPU was made from.")            \
    X(G_HI_SMS, "hi.sm_count", NULL, NULL, "HiGPU: streaming multiprocessors.")                    \
    X(G_HI_KERNELS, "hi.kernels", NULL, NULL, "HiGPU: kernels completed since the node was made.") \
    X(G_HI_KFAULTS, "hi.kernel_faults", NULL, NULL, "HiGPU: of them, kernels ended by a fault.")   \
    X(G_HI_FAULTS, "hi.faults", NULL, NULL, "HiGPU: sticky errors raised on the GPU.")             \
    X(G_HI_LAST_FAULT, "hi.last_fault", NULL, NULL, "HiGPU: the last fault, one line.")            \
    X(G_HI_COPY0, "hi.utilization.copy0", NULL, "%",                                               \
      "HiGPU: copy engine 0 (host to device, device to device) busy, last second.")                \
    X(G_HI_COPY1, "hi.utilization.copy1", NULL, "%",                                               \
      "HiGPU: copy engine 1 (device to host) busy, last second.")                                  \
    X(G_HI_PROCS, "hi.processes", NULL, NULL, "HiGPU: processes using the GPU.")

#define APP_FIELDS(X)                                                                              \
    X(A_TIMESTAMP, "timestamp", NULL, NULL,                                                        \
      "The timestamp of when the query was made in format \"YYYY/MM/DD HH:MM:SS.msec\".")          \
    X(A_GPU_NAME, "gpu_name", NULL, NULL, "The product name of the GPU.")                          \
    X(A_GPU_BUS_ID, "gpu_bus_id", NULL, NULL, "PCI bus id of the GPU.")                            \
    X(A_GPU_SERIAL, "gpu_serial", NULL, NULL, "Not modelled: [N/A].")                              \
    X(A_GPU_UUID, "gpu_uuid", NULL, NULL, "UUID of the GPU.")                                      \
    X(A_PID, "pid", NULL, NULL, "Process ID of the compute application.")                          \
    X(A_NAME, "process_name", "name", NULL, "Process name (argv[0]).")                             \
    X(A_MEM, "used_gpu_memory", "used_memory", "MiB", "Device memory the process owns.")

typedef struct field {
    const char *name, *alias, *unit, *help;
} field;

#define ENUM(id, name, alias, unit, help) id,
#define ROW(id, name, alias, unit, help)  {name, alias, unit, help},
enum { GPU_FIELDS(ENUM) G_COUNT_ };
enum { APP_FIELDS(ENUM) A_COUNT_ };
static const field gpu_fields[] = {GPU_FIELDS(ROW)};
static const field app_fields[] = {APP_FIELDS(ROW)};

enum { MAX_QUERY = 128 };
static int chosen[MAX_QUERY], nchosen; /* parsed by smi_check_fields */

static int lookup(const field *t, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(t[i].name, name) == 0 || (t[i].alias && strcmp(t[i].alias, name) == 0))
            return i;
    return -1;
}

int smi_check_fields(const smi_opts *o) {
    int apps = o->mode == SMI_QUERY_APPS;
    const field *t = apps ? app_fields : gpu_fields;
    int n = apps ? A_COUNT_ : G_COUNT_;
    char buf[4096];
    if (strlen(o->fields) >= sizeof buf) {
        fprintf(stderr, "hi-smi: the field list is too long\n");
        return SMI_EXIT_USAGE;
    }
    strcpy(buf, o->fields);
    nchosen = 0;
    /* strsep, not strtok: "index,,name" names an empty field, an error */
    for (char *rest = buf, *f; (f = strsep(&rest, ",")) != NULL;) {
        while (*f == ' ')
            f++;
        char *end = f + strlen(f);
        while (end > f && end[-1] == ' ')
            *--end = '\0';
        int id = lookup(t, n, f);
        if (id < 0) {
            fprintf(stderr, "Field \"%s\" is not a valid field to query. See hi-smi %s.\n", f,
                    apps ? "--help-query-compute-apps" : "--help-query-gpu");
            return SMI_EXIT_USAGE;
        }
        if (nchosen == MAX_QUERY) {
            fprintf(stderr, "hi-smi: more than %d fields\n", MAX_QUERY);
            return SMI_EXIT_USAGE;
        }
        chosen[nchosen++] = id;
    }
    return SMI_EXIT_OK;
}

static void header(const smi_opts *o, const field *t) {
    for (int i = 0; i < nchosen; i++) {
        const field *f = &t[chosen[i]];
        printf("%s%s", i ? ", " : "", f->name);
        if (f->unit && !o->nounits)
            printf(" [%s]", f->unit);
    }
    putchar('\n');
}

/* Prints one value; NULL unit: none; a value of NA never gets one. */
static void value(const smi_opts *o, int i, const char *v, const char *unit) {
    printf("%s%s", i ? ", " : "", v);
    if (unit && !o->nounits && strcmp(v, NA) != 0)
        printf(" %s", unit);
}

static void watts(char *b, size_t n, unsigned mw) {
    snprintf(b, n, "%u.%02u", mw / 1000, mw % 1000 / 10);
}

static void gpu_value(int id, const smi_gpu *g, unsigned count, char *b, size_t n) {
    switch (id) {
    case G_TIMESTAMP: smi_timestamp_csv(b, n); break;
    case G_DRIVER: himlSystemGetDriverVersion(b, (unsigned)n); break;
    case G_COUNT: snprintf(b, n, "%u", count); break;
    case G_NAME: snprintf(b, n, "%s", g->name); break;
    case G_UUID: snprintf(b, n, "%s", g->uuid); break;
    case G_BUS_ID: snprintf(b, n, "%s", g->pci.busId); break;
    case G_PCI_DOMAIN: snprintf(b, n, "0x%04X", g->pci.domain); break;
    case G_PCI_BUS: snprintf(b, n, "0x%02X", g->pci.bus); break;
    case G_PCI_DEVICE: snprintf(b, n, "0x%02X", g->pci.device); break;
    case G_INDEX: snprintf(b, n, "%u", g->index); break;
    case G_PERSISTENCE: snprintf(b, n, "Enabled"); break;
    case G_PSTATE: snprintf(b, n, "%s", smi_pstate(g->pstate)); break;
    case G_MEM_TOTAL: snprintf(b, n, "%llu", smi_mib(g->mem.total)); break;
    case G_MEM_RESERVED: snprintf(b, n, "0"); break;
    case G_MEM_USED: snprintf(b, n, "%llu", smi_mib(g->mem.used)); break;
    case G_MEM_FREE: snprintf(b, n, "%llu", smi_mib(g->mem.free)); break;
    case G_COMPUTE_MODE: snprintf(b, n, "Default"); break;
    case G_COMPUTE_CAP: snprintf(b, n, "%d.%d", g->cc_major, g->cc_minor); break;
    case G_UTIL_GPU: snprintf(b, n, "%u", g->util.gpu); break;
    case G_UTIL_MEM: snprintf(b, n, "%u", g->util.memory); break;
    case G_TEMP_GPU: snprintf(b, n, "%u", g->temp_c); break;
    case G_POWER_MGMT: snprintf(b, n, "Enabled"); break;
    case G_POWER_DRAW:
    case G_POWER_AVG: watts(b, n, g->power_mw); break;
    case G_POWER_INST: watts(b, n, g->power_inst_mw); break;
    case G_POWER_LIMIT:
    case G_POWER_ENF: watts(b, n, g->limit_mw); break;
    case G_POWER_DEF: watts(b, n, g->default_limit_mw); break;
    case G_POWER_MIN: watts(b, n, g->min_limit_mw); break;
    case G_POWER_MAX: watts(b, n, g->max_limit_mw); break;
    case G_CLK_GR:
    case G_CLK_SM: snprintf(b, n, "%u", g->clk_sm); break;
    case G_CLK_MEM: snprintf(b, n, "%u", g->clk_mem); break;
    case G_CLK_MAX_GR:
    case G_CLK_MAX_SM: snprintf(b, n, "%u", g->max_sm); break;
    case G_CLK_MAX_MEM: snprintf(b, n, "%u", g->max_mem); break;
    case G_HI_PRESET: snprintf(b, n, "%s", g->preset); break;
    case G_HI_SMS: snprintf(b, n, "%u", g->sm_count); break;
    case G_HI_KERNELS: snprintf(b, n, "%llu", g->eng.kernels); break;
    case G_HI_KFAULTS: snprintf(b, n, "%llu", g->eng.kernelFaults); break;
    case G_HI_FAULTS: snprintf(b, n, "%llu", g->fault.count); break;
    case G_HI_LAST_FAULT: snprintf(b, n, "%s", g->fault.count ? g->fault.lastText : "None"); break;
    case G_HI_COPY0: snprintf(b, n, "%u", g->eng.utilization[HIML_ENGINE_COPY0]); break;
    case G_HI_COPY1: snprintf(b, n, "%u", g->eng.utilization[HIML_ENGINE_COPY1]); break;
    case G_HI_PROCS: snprintf(b, n, "%u", g->nprocs); break;
    default: snprintf(b, n, NA); break; /* serial, memory temperature, fan */
    }
}

int smi_query_gpu(const smi_opts *o, himlDevice_t *devs, int n, int first) {
    static smi_gpu g;
    unsigned count = 0;
    himlDeviceGetCount(&count);
    if (first && !o->noheader)
        header(o, gpu_fields);
    for (int d = 0; d < n; d++) {
        himlReturn_t r = smi_collect(devs[d], &g);
        if (r != HIML_SUCCESS)
            return smi_report(r, "cannot read a GPU");
        for (int i = 0; i < nchosen; i++) {
            char v[512];
            gpu_value(chosen[i], &g, count, v, sizeof v);
            value(o, i, v, gpu_fields[chosen[i]].unit);
        }
        putchar('\n');
    }
    return SMI_EXIT_OK;
}

static void app_value(int id, const smi_gpu *g, const smi_proc *p, char *b, size_t n) {
    switch (id) {
    case A_TIMESTAMP: smi_timestamp_csv(b, n); break;
    case A_GPU_NAME: snprintf(b, n, "%s", g->name); break;
    case A_GPU_BUS_ID: snprintf(b, n, "%s", g->pci.busId); break;
    case A_GPU_UUID: snprintf(b, n, "%s", g->uuid); break;
    case A_PID: snprintf(b, n, "%u", p->pid); break;
    case A_NAME: snprintf(b, n, "%s", p->name); break;
    case A_MEM: snprintf(b, n, "%llu", smi_mib(p->mem_bytes)); break;
    default: snprintf(b, n, NA); break;
    }
}

int smi_query_apps(const smi_opts *o, himlDevice_t *devs, int n, int first) {
    static smi_gpu g;
    if (first && !o->noheader)
        header(o, app_fields);
    for (int d = 0; d < n; d++) {
        himlReturn_t r = smi_collect(devs[d], &g);
        if (r != HIML_SUCCESS)
            return smi_report(r, "cannot read a GPU");
        for (unsigned k = 0; k < g.nprocs; k++) {
            for (int i = 0; i < nchosen; i++) {
                char v[512];
                app_value(chosen[i], &g, &g.procs[k], v, sizeof v);
                value(o, i, v, app_fields[chosen[i]].unit);
            }
            putchar('\n');
        }
    }
    return SMI_EXIT_OK;
}

static void help(FILE *f, const field *t, int n, const char *option) {
    fprintf(f, "List of valid properties to query for the switch \"%s\":\n\n", option);
    for (int i = 0; i < n; i++) {
        if (t[i].alias)
            fprintf(f, "\"%s\" or \"%s\"\n", t[i].name, t[i].alias);
        else
            fprintf(f, "\"%s\"\n", t[i].name);
        fprintf(f, "%s\n\n", t[i].help);
    }
    fprintf(f, "Power and temperature are modelled from activity: docs/telemetry.md.\n");
}

void smi_help_query_gpu(FILE *f) {
    help(f, gpu_fields, G_COUNT_, "--query-gpu");
}

void smi_help_query_apps(FILE *f) {
    help(f, app_fields, A_COUNT_, "--query-compute-apps");
}
