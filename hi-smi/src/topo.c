/* topo.c -- hi-smi topo -m: nvidia-smi's matrix of how the GPUs reach each
 * other, with CPU and NUMA affinity and a legend.  Tab-separated like
 * nvidia-smi's; the header is underlined only on a terminal. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smi.h"

/* The CPUs this process may run on, as ranges: "0-15" or "0,2-3".  The
 * GPU's SM threads run on the same host CPUs as its process. */
static void cpu_ranges(char *out, size_t len) {
    cpu_set_t set;
    out[0] = '\0';
    if (sched_getaffinity(0, sizeof set, &set) != 0) {
        snprintf(out, len, "N/A");
        return;
    }
    size_t used = 0;
    for (int c = 0; c < CPU_SETSIZE; c++) {
        if (!CPU_ISSET(c, &set))
            continue;
        int e = c;
        while (e + 1 < CPU_SETSIZE && CPU_ISSET(e + 1, &set))
            e++;
        int w = e > c ? snprintf(out + used, len - used, "%s%d-%d", used ? "," : "", c, e)
                      : snprintf(out + used, len - used, "%s%d", used ? "," : "", c);
        if (w < 0 || (size_t)w >= len - used)
            break;
        used += (size_t)w;
        c = e;
    }
}

/* The host's NUMA nodes ("0" or "0-1"), or N/A without sysfs. */
static void numa_nodes(char *out, size_t len) {
    FILE *f = fopen("/sys/devices/system/node/online", "r");
    if (!f || !fgets(out, (int)len, f))
        snprintf(out, len, "N/A");
    else
        out[strcspn(out, "\n")] = '\0';
    if (f)
        fclose(f);
}

int smi_topo(himlDevice_t *devs, int n) {
    int tty = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    unsigned idx[SMI_MAX_GPUS];
    for (int i = 0; i < n; i++) {
        himlReturn_t r = himlDeviceGetIndex(devs[i], &idx[i]);
        if (r != HIML_SUCCESS)
            return smi_report(r, "cannot read a GPU");
    }
    char cpus[256], numa[64];
    cpu_ranges(cpus, sizeof cpus);
    numa_nodes(numa, sizeof numa);
    printf("\t%s", tty ? "\033[4m" : "");
    for (int j = 0; j < n; j++)
        printf("GPU%u\t", idx[j]);
    printf("CPU Affinity\tNUMA Affinity\tGPU NUMA ID%s\n", tty ? "\033[0m" : "");
    for (int i = 0; i < n; i++) {
        printf("GPU%u\t", idx[i]);
        for (int j = 0; j < n; j++) {
            himlLinkInfo_t l;
            himlReturn_t r = himlDeviceGetLinkInfo(devs[i], idx[j], &l);
            if (r != HIML_SUCCESS)
                return smi_report(r, "cannot read the links of a GPU");
            char label[16];
            smi_link_label(&l, label, sizeof label);
            printf("%s\t", label);
        }
        printf("%s\t%s\t\tN/A\n", cpus, numa);
    }
    printf("\nLegend:\n\n");
    printf("  X    = Self\n");
    printf("  PHB  = Connection through the host: peer copies move through host shared memory\n"
           "         (the node's device-memory files), like a path through a PCIe Host Bridge\n");
    printf("  HL#  = Connection traversing a bonded set of # HiLinks\n");
    return SMI_EXIT_OK;
}
