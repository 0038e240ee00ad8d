/* table.c -- hi-smi's default output, nvidia-smi's boxed table, and -L.
 *
 * The GPU table has three columns of 41, 24 and 22 characters between the
 * bars, 91 in all, as nvidia-smi's; the processes table spans the width.
 * Cells HiGPU does not model (fan, display, ECC, MIG) say N/A or what a
 * data-centre GPU would show, so the layout a reader knows stays intact. */
#include <string.h>

#include "smi.h"

enum { W1 = 41, W2 = 24, W3 = 22, WIDE = W1 + W2 + W3 + 2 };

static void rule(char c, char corner) {
    printf("%c", corner);
    for (int i = 0; i < WIDE; i++)
        putchar(c);
    printf("%c\n", corner);
}

static void rule3(char c, char corner, char mid) {
    int w[3] = {W1, W2, W3};
    printf("%c", corner);
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < w[k]; i++)
            putchar(c);
        printf("%c", k < 2 ? mid : corner);
    }
    putchar('\n');
}

static void row3(const char *a, const char *b, const char *c) {
    printf("|%-*.*s|%-*.*s|%-*.*s|\n", W1, W1, a, W2, W2, b, W3, W3, c);
}

static void gpu_rows(const smi_gpu *g) {
    char a[128], b[128], c[128], t[16], p[16], cap[16], used[32], total[32], util[16];
    snprintf(a, sizeof a, "%4u  %-30.30s %-4s", g->index, g->name, "On");
    snprintf(b, sizeof b, "%19s %-3s ", g->pci.busId, "Off");
    snprintf(c, sizeof c, "%21s ", "N/A");
    row3(a, b, c);
    snprintf(t, sizeof t, "%uC", g->temp_c);
    snprintf(p, sizeof p, "%uW", (g->power_mw + 500) / 1000);
    snprintf(cap, sizeof cap, "%uW", (g->limit_mw + 500) / 1000);
    snprintf(a, sizeof a, " %-4s%5s    %-4s%14s / %5s ", "N/A", t, smi_pstate(g->pstate), p, cap);
    snprintf(used, sizeof used, "%lluMiB", smi_mib(g->mem.used));
    snprintf(total, sizeof total, "%lluMiB", smi_mib(g->mem.total));
    snprintf(b, sizeof b, "%11s / %9s ", used, total);
    snprintf(util, sizeof util, "%u%%", g->util.gpu);
    snprintf(c, sizeof c, "%8s%13s ", util, "Default");
    row3(a, b, c);
    snprintf(c, sizeof c, "%21s ", "Disabled");
    row3("", "", c);
}

static void processes(const smi_gpu *g, int n) {
    rule('-', '+');
    printf("| %-*s|\n", WIDE - 1, "Processes:");
    printf(
        "| %-*s|\n", WIDE - 1,
        " GPU   GI   CI              PID   Type   Process name                        GPU Memory");
    printf("| %-*s|\n", WIDE - 1,
           "       ID   ID                                                               Usage");
    rule('=', '|');
    int any = 0;
    for (int i = 0; i < n; i++) {
        for (unsigned k = 0; k < g[i].nprocs; k++) {
            const smi_proc *p = &g[i].procs[k];
            char name[64], mem[32];
            smi_fit_left(p->name, 36, name, sizeof name);
            snprintf(mem, sizeof mem, "%lluMiB", smi_mib(p->mem_bytes));
            printf("|%5u   N/A  N/A  %14u      C   %-36.36s%10s |\n", g[i].index, p->pid, name,
                   mem);
            any = 1;
        }
    }
    if (!any)
        printf("|  %-*s|\n", WIDE - 2, "No running processes found");
    rule('-', '+');
}

int smi_table(const smi_system *sys, himlDevice_t *devs, int n) {
    static smi_gpu g[SMI_MAX_GPUS]; /* ~20 KiB each: not on the stack */
    for (int i = 0; i < n; i++) {
        himlReturn_t r = smi_collect(devs[i], &g[i]);
        if (r != HIML_SUCCESS)
            return smi_report(r, "cannot read a GPU");
    }
    char ts[64], head[512];
    smi_timestamp(ts, sizeof ts);
    printf("%-31s\n", ts);
    rule('-', '+');
    char v1[128], v2[128], v3[128];
    snprintf(v1, sizeof v1, "HI-SMI %s", HIML_VERSION_STRING);
    snprintf(v2, sizeof v2, "Driver Version: %s", sys->driver);
    snprintf(v3, sizeof v3, "HC Version: %s", sys->hc);
    snprintf(head, sizeof head, "%-34s%-31s%-22s", v1, v2, v3);
    printf("| %-*s |\n", WIDE - 2, head);
    rule3('-', '+', '+');
    row3(" GPU  Name                 Persistence-M", " Bus-Id          Disp.A",
         " Volatile Uncorr. ECC");
    row3(" Fan  Temp   Perf          Pwr:Usage/Cap", "           Memory-Usage",
         " GPU-Util  Compute M.");
    row3("", "", "               MIG M.");
    rule3('=', '|', '+');
    for (int i = 0; i < n; i++) {
        gpu_rows(&g[i]);
        rule3('-', '+', '+');
    }
    /* The one line nvidia-smi does not have: these two are not measured. */
    printf("  Temp and Pwr:Usage are modelled from GPU activity, not measured "
           "(docs/telemetry.md)\n\n");
    processes(g, n);
    return SMI_EXIT_OK;
}

int smi_list(himlDevice_t *devs, int n) {
    for (int i = 0; i < n; i++) {
        char name[HIML_DEVICE_NAME_BUFFER_SIZE], uuid[HIML_DEVICE_UUID_BUFFER_SIZE];
        unsigned idx;
        himlReturn_t r = himlDeviceGetIndex(devs[i], &idx);
        if (r == HIML_SUCCESS)
            r = himlDeviceGetName(devs[i], name, sizeof name);
        if (r == HIML_SUCCESS)
            r = himlDeviceGetUUID(devs[i], uuid, sizeof uuid);
        if (r != HIML_SUCCESS)
            return smi_report(r, "cannot read a GPU");
        printf("GPU %u: %s (UUID: %s)\n", idx, name, uuid);
    }
    return SMI_EXIT_OK;
}
