/* query.c -- hi-smi -q [-d TYPES]: every property, nvidia-smi's layout
 * ("key : value" with the colon in column 56, four spaces per level).
 * Sections HiGPU adds are marked in their titles; power and temperature
 * say "(modelled)". */
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "smi.h"

enum { KEY_COL = 55, PROC_KEY_COL = 42 };

static void kv_w(int col, int level, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void kv_w(int col, int level, const char *key, const char *fmt, ...) {
    char k[128];
    snprintf(k, sizeof k, "%*s%s", level * 4, "", key);
    printf("%-*s: ", col, k);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

#define KV(level, key, ...) kv_w(KEY_COL, level, key, __VA_ARGS__)

static void title(int level, const char *t) {
    printf("%*s%s\n", level * 4, "", t);
}

static void watts(int level, const char *key, unsigned mw) {
    KV(level, key, "%u.%02u W", mw / 1000, mw % 1000 / 10);
}

static void identity(const smi_gpu *g, const smi_system *sys) {
    KV(1, "Product Name", "%s", g->name);
    KV(1, "Product Brand", "HiGPU");
    KV(1, "Product Architecture", "HISA (emulated)");
    KV(1, "Preset", "%s", g->preset);
    KV(1, "Persistence Mode", "Enabled");
    KV(1, "Addressing Mode", "None");
    title(1, "MIG Mode");
    KV(2, "Current", "N/A");
    KV(2, "Pending", "N/A");
    KV(1, "Serial Number", "N/A");
    KV(1, "GPU UUID", "%s", g->uuid);
    KV(1, "Minor Number", "%u", g->index);
    KV(1, "Multiprocessor Count", "%u", g->sm_count);
    KV(1, "Compute Capability", "%d.%d", g->cc_major, g->cc_minor);
    KV(1, "Node Directory", "%s/gpu%u", sys->node_dir, g->index);
    title(1, "PCI");
    KV(2, "Bus", "0x%02X", g->pci.bus);
    KV(2, "Device", "0x%02X", g->pci.device);
    KV(2, "Domain", "0x%04X", g->pci.domain);
    if (g->pci.pciDeviceId)
        KV(2, "Device Id", "0x%08X", g->pci.pciDeviceId);
    else
        KV(2, "Device Id", "N/A");
    KV(2, "Bus Id", "%s", g->pci.busId);
    KV(1, "Fan Speed", "N/A");
}

static void memory(const smi_gpu *g) {
    title(1, "FB Memory Usage");
    KV(2, "Total", "%llu MiB", smi_mib(g->mem.total));
    KV(2, "Reserved", "0 MiB");
    KV(2, "Used", "%llu MiB", smi_mib(g->mem.used));
    KV(2, "Free", "%llu MiB", smi_mib(g->mem.free));
}

static void utilization(const smi_gpu *g) {
    title(1, "Utilization");
    KV(2, "GPU", "%u %%", g->util.gpu);
    KV(2, "Memory", "%u %%", g->util.memory);
    KV(2, "Encoder", "N/A");
    KV(2, "Decoder", "N/A");
    KV(2, "Copy Engine 0 (HtoD, DtoD)", "%u %%", g->eng.utilization[HIML_ENGINE_COPY0]);
    KV(2, "Copy Engine 1 (DtoH)", "%u %%", g->eng.utilization[HIML_ENGINE_COPY1]);
}

static void engines(const smi_gpu *g) {
    static const char *const dirs[HIML_COPY_DIRS] = {
        "Host to Device", "Device to Host", "Device to Device", "Memset", "Peer Out", "Peer In"};
    title(1, "Engine Counters (HiGPU)");
    KV(2, "Kernels", "%llu", g->eng.kernels);
    KV(2, "Kernel Faults", "%llu", g->eng.kernelFaults);
    for (int d = 0; d < HIML_COPY_DIRS; d++) {
        char key[64];
        snprintf(key, sizeof key, "%s Copies", dirs[d]);
        KV(2, key, "%llu (%llu MiB)", g->eng.copies[d], smi_mib(g->eng.bytes[d]));
    }
    KV(2, "Compute Busy", "%.3f s", g->eng.busyNs[HIML_ENGINE_COMPUTE] / 1e9);
    KV(2, "Copy Engine 0 Busy", "%.3f s", g->eng.busyNs[HIML_ENGINE_COPY0] / 1e9);
    KV(2, "Copy Engine 1 Busy", "%.3f s", g->eng.busyNs[HIML_ENGINE_COPY1] / 1e9);
}

static void ecc(void) {
    title(1, "ECC Mode");
    KV(2, "Current", "N/A");
    KV(2, "Pending", "N/A");
}

static void faults(const smi_gpu *g) {
    title(1, "Faults (HiGPU sticky errors)");
    KV(2, "Count", "%llu", g->fault.count);
    if (!g->fault.count) {
        KV(2, "Last Fault", "None");
        return;
    }
    char when[64];
    time_t t = (time_t)(g->fault.lastTime / 1000000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y/%m/%d %H:%M:%S", &tm);
    KV(2, "Last Fault", "%s", g->fault.lastText);
    KV(2, "Last Fault Time", "%s", when);
    KV(2, "Last Fault Process ID", "%u", g->fault.lastPid);
}

static void temperature(const smi_gpu *g) {
    title(1, "Temperature (modelled)");
    KV(2, "GPU Current Temp", "%u C", g->temp_c);
    KV(2, "GPU Shutdown Temp", "%u C", g->temp_shutdown_c);
    KV(2, "GPU Slowdown Temp", "%u C", g->temp_slowdown_c);
    KV(2, "GPU Max Operating Temp", "%u C", g->temp_max_c);
    KV(2, "Memory Current Temp", "N/A");
}

static void power(const smi_gpu *g) {
    title(1, "GPU Power Readings (modelled)");
    watts(2, "Average Power Draw", g->power_mw);
    watts(2, "Instantaneous Power Draw", g->power_inst_mw);
    watts(2, "Current Power Limit", g->limit_mw);
    watts(2, "Requested Power Limit", g->limit_mw);
    watts(2, "Default Power Limit", g->default_limit_mw);
    watts(2, "Min Power Limit", g->min_limit_mw);
    watts(2, "Max Power Limit", g->max_limit_mw);
    title(1, "Power Model (HiGPU, docs/telemetry.md)");
    watts(2, "Idle Power", g->model.idlePower);
    KV(2, "Activity Weights", "SM %u, copy %u (per mille)", g->model.smWeight, g->model.copyWeight);
    KV(2, "Ambient Temp", "%d C", g->model.ambient / 1000);
    KV(2, "Thermal Resistance", "%.3f C/W", g->model.thermalResistance / 1000.0);
    KV(2, "Thermal Time Constant", "%.1f s", g->model.timeConstantMs / 1000.0);
}

static void clocks(const smi_gpu *g) {
    title(1, "Clocks");
    KV(2, "Graphics", "%u MHz", g->clk_sm);
    KV(2, "SM", "%u MHz", g->clk_sm);
    KV(2, "Memory", "%u MHz", g->clk_mem);
    KV(2, "Video", "N/A");
    title(1, "Max Clocks");
    KV(2, "Graphics", "%u MHz", g->max_sm);
    KV(2, "SM", "%u MHz", g->max_sm);
    KV(2, "Memory", "%u MHz", g->max_mem);
    KV(2, "Video", "N/A");
}

static void links(const smi_gpu *g) {
    title(1, "GPU Links (HiGPU)");
    int any = 0;
    for (unsigned i = 0; i < g->ngpus; i++) {
        const himlLinkInfo_t *l = &g->links[i];
        if (l->type == HIML_LINK_SELF || l->type == HIML_LINK_NONE)
            continue;
        char key[32], label[16];
        smi_link_label(l, label, sizeof label);
        snprintf(key, sizeof key, "GPU %u", i);
        KV(2, key, "%s (%s)", label,
           l->type == HIML_LINK_HOST ? "through host shared memory" : "HiLink");
        KV(3, "Tx", "%llu copies, %llu MiB", l->txCopies, smi_mib(l->txBytes));
        KV(3, "Rx", "%llu copies, %llu MiB", l->rxCopies, smi_mib(l->rxBytes));
        any = 1;
    }
    if (!any)
        KV(2, "Peers", "None");
}

static void pids(const smi_gpu *g) {
    if (!g->nprocs) {
        KV(1, "Processes", "None");
        return;
    }
    title(1, "Processes");
    for (unsigned i = 0; i < g->nprocs; i++) {
        const smi_proc *p = &g->procs[i];
        kv_w(PROC_KEY_COL, 2, "GPU instance ID", "N/A");
        kv_w(PROC_KEY_COL, 2, "Compute instance ID", "N/A");
        kv_w(PROC_KEY_COL, 2, "Process ID", "%u", p->pid);
        kv_w(PROC_KEY_COL, 3, "Type", "C");
        kv_w(PROC_KEY_COL, 3, "Name", "%s", p->name);
        kv_w(PROC_KEY_COL, 3, "Used GPU Memory", "%llu MiB", smi_mib(p->mem_bytes));
    }
}

int smi_query(const smi_system *sys, himlDevice_t *devs, int n, unsigned display) {
    static smi_gpu g;
    char ts[64];
    smi_timestamp(ts, sizeof ts);
    printf("\n==============HISMI LOG==============\n\n");
    KV(0, "Timestamp", "%s", ts);
    KV(0, "Driver Version", "%s", sys->driver);
    KV(0, "HC Version", "%s", sys->hc);
    printf("\n");
    KV(0, "Attached GPUs", "%u", sys->count);
    unsigned d = display ? display : SMI_D_ALL;
    for (int i = 0; i < n; i++) {
        himlReturn_t r = smi_collect(devs[i], &g);
        if (r != HIML_SUCCESS)
            return smi_report(r, "cannot read a GPU");
        printf("GPU %s\n", g.pci.busId);
        if (!display)
            identity(&g, sys);
        if (d & SMI_D_PERFORMANCE)
            KV(1, "Performance State", "%s", smi_pstate(g.pstate));
        if (d & SMI_D_MEMORY)
            memory(&g);
        if (d & SMI_D_COMPUTE)
            KV(1, "Compute Mode", "Default");
        if (d & SMI_D_UTILIZATION)
            utilization(&g);
        if (d & SMI_D_ENGINES)
            engines(&g);
        if (d & SMI_D_ECC)
            ecc();
        if (d & SMI_D_FAULTS)
            faults(&g);
        if (d & SMI_D_TEMPERATURE)
            temperature(&g);
        if (d & SMI_D_POWER)
            power(&g);
        if (d & SMI_D_CLOCK)
            clocks(&g);
        if (d & SMI_D_LINKS)
            links(&g);
        if (d & SMI_D_PIDS)
            pids(&g);
        printf("\n");
    }
    return SMI_EXIT_OK;
}
