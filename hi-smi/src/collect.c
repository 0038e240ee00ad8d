/* collect.c -- everything hi-smi shows about a GPU, read through libhiml
 * (the only way hi-smi reads anything).  Each output mode formats an
 * smi_gpu; none calls libhiml for GPU data itself. */
#include <string.h>

#include "smi.h"

/* Keeps the first failure; NOT_SUPPORTED only means "not modelled". */
static void note(himlReturn_t *first, himlReturn_t r) {
    if (r != HIML_SUCCESS && r != HIML_ERROR_NOT_SUPPORTED && *first == HIML_SUCCESS)
        *first = r;
}

static void collect_procs(smi_gpu *g, himlReturn_t *first) {
    himlProcessInfo_t info[SMI_MAX_PROCS];
    unsigned n = SMI_MAX_PROCS;
    note(first, himlDeviceGetComputeRunningProcesses(g->dev, &n, info));
    g->nprocs = n < SMI_MAX_PROCS ? n : SMI_MAX_PROCS;
    himlProcessUtilizationSample_t u[SMI_MAX_PROCS];
    unsigned nu = SMI_MAX_PROCS;
    if (himlDeviceGetProcessUtilization(g->dev, u, &nu, 0) != HIML_SUCCESS)
        nu = 0;
    for (unsigned i = 0; i < g->nprocs; i++) {
        smi_proc *p = &g->procs[i];
        memset(p, 0, sizeof *p);
        p->pid = info[i].pid;
        p->mem_bytes = info[i].usedGpuMemory;
        if (himlSystemGetProcessName(p->pid, p->name, sizeof p->name) != HIML_SUCCESS)
            strcpy(p->name, "[Not Found]");
        for (unsigned k = 0; k < nu; k++) {
            if (u[k].pid == p->pid) {
                p->util_known = 1;
                p->sm_util = u[k].smUtil;
                p->mem_util = u[k].memUtil;
            }
        }
    }
}

himlReturn_t smi_collect(himlDevice_t dev, smi_gpu *g) {
    memset(g, 0, sizeof *g);
    g->dev = dev;
    himlReturn_t first = HIML_SUCCESS;
    note(&first, himlDeviceGetIndex(dev, &g->index));
    note(&first, himlDeviceGetName(dev, g->name, sizeof g->name));
    note(&first, himlDeviceGetUUID(dev, g->uuid, sizeof g->uuid));
    note(&first, himlDeviceGetPreset(dev, g->preset, sizeof g->preset));
    note(&first, himlDeviceGetPciInfo(dev, &g->pci));
    note(&first, himlDeviceGetHcComputeCapability(dev, &g->cc_major, &g->cc_minor));
    note(&first, himlDeviceGetMultiprocessorCount(dev, &g->sm_count));
    note(&first, himlDeviceGetMemoryInfo(dev, &g->mem));
    note(&first, himlDeviceGetUtilizationRates(dev, &g->util));
    note(&first, himlDeviceGetEngineCounters(dev, &g->eng));
    note(&first, himlDeviceGetPerformanceState(dev, &g->pstate));
    note(&first, himlDeviceGetTemperature(dev, HIML_TEMPERATURE_GPU, &g->temp_c));
    note(&first, himlDeviceGetTemperatureThreshold(dev, HIML_TEMPERATURE_THRESHOLD_SHUTDOWN,
                                                   &g->temp_shutdown_c));
    note(&first, himlDeviceGetTemperatureThreshold(dev, HIML_TEMPERATURE_THRESHOLD_SLOWDOWN,
                                                   &g->temp_slowdown_c));
    note(&first, himlDeviceGetTemperatureThreshold(dev, HIML_TEMPERATURE_THRESHOLD_GPU_MAX,
                                                   &g->temp_max_c));
    note(&first, himlDeviceGetPowerUsage(dev, &g->power_mw));
    note(&first, himlDeviceGetPowerUsageInstant(dev, &g->power_inst_mw));
    note(&first, himlDeviceGetEnforcedPowerLimit(dev, &g->limit_mw));
    note(&first, himlDeviceGetPowerManagementDefaultLimit(dev, &g->default_limit_mw));
    note(&first,
         himlDeviceGetPowerManagementLimitConstraints(dev, &g->min_limit_mw, &g->max_limit_mw));
    note(&first, himlDeviceGetPowerModel(dev, &g->model));
    note(&first, himlDeviceGetClockInfo(dev, HIML_CLOCK_SM, &g->clk_sm));
    note(&first, himlDeviceGetClockInfo(dev, HIML_CLOCK_MEM, &g->clk_mem));
    note(&first, himlDeviceGetMaxClockInfo(dev, HIML_CLOCK_SM, &g->max_sm));
    note(&first, himlDeviceGetMaxClockInfo(dev, HIML_CLOCK_MEM, &g->max_mem));
    note(&first, himlDeviceGetFaultInfo(dev, &g->fault));
    collect_procs(g, &first);
    note(&first, himlDeviceGetCount(&g->ngpus));
    if (g->ngpus > SMI_MAX_GPUS)
        g->ngpus = SMI_MAX_GPUS;
    for (unsigned i = 0; i < g->ngpus; i++)
        note(&first, himlDeviceGetLinkInfo(dev, i, &g->links[i]));
    return first;
}

void smi_system_info(smi_system *s) {
    memset(s, 0, sizeof *s);
    int hc = 0;
    if (himlSystemGetDriverVersion(s->driver, sizeof s->driver) != HIML_SUCCESS)
        strcpy(s->driver, "N/A");
    if (himlSystemGetHimlVersion(s->himl, sizeof s->himl) != HIML_SUCCESS)
        strcpy(s->himl, "N/A");
    if (himlSystemGetHcDriverVersion(&hc) == HIML_SUCCESS)
        snprintf(s->hc, sizeof s->hc, "%d.%d", hc / 1000, hc % 1000 / 10);
    else
        strcpy(s->hc, "N/A");
    if (himlSystemGetNodeDir(s->node_dir, sizeof s->node_dir) != HIML_SUCCESS)
        strcpy(s->node_dir, "N/A");
    if (himlDeviceGetCount(&s->count) != HIML_SUCCESS)
        s->count = 0;
}
