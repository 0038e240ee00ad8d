/* monitor.c -- hi-smi dmon and pmon: one line per GPU (per process) per
 * interval, with nvidia-smi's two '#' header lines and 7-wide columns.
 * Columns HiGPU does not model (encoder, decoder, JPEG, OFA, memory
 * temperature) print '-', as nvidia-smi does for unsupported ones. */
#include <string.h>

#include "smi.h"

typedef struct column {
    char group; /* the -s letter that selects it */
    const char *name, *unit;
} column;

static const column dmon_cols[] = {
    {'p', "pwr", "W"},   {'p', "gtemp", "C"},  {'p', "mtemp", "C"},  {'u', "sm", "%"},
    {'u', "mem", "%"},   {'u', "enc", "%"},    {'u', "dec", "%"},    {'u', "jpg", "%"},
    {'u', "ofa", "%"},   {'c', "mclk", "MHz"}, {'c', "pclk", "MHz"}, {'m', "fb", "MB"},
    {'m', "bar1", "MB"}, {'m', "ccpm", "MB"},
};
enum { NDMON = sizeof dmon_cols / sizeof dmon_cols[0] };

static void dmon_value(const smi_gpu *g, const char *name, char *b, size_t n) {
    if (!strcmp(name, "pwr"))
        snprintf(b, n, "%u", (g->power_mw + 500) / 1000);
    else if (!strcmp(name, "gtemp"))
        snprintf(b, n, "%u", g->temp_c);
    else if (!strcmp(name, "sm"))
        snprintf(b, n, "%u", g->util.gpu);
    else if (!strcmp(name, "mem"))
        snprintf(b, n, "%u", g->util.memory);
    else if (!strcmp(name, "mclk"))
        snprintf(b, n, "%u", g->clk_mem);
    else if (!strcmp(name, "pclk"))
        snprintf(b, n, "%u", g->clk_sm);
    else if (!strcmp(name, "fb"))
        snprintf(b, n, "%llu", smi_mib(g->mem.used));
    else
        snprintf(b, n, "-");
}

static int wanted(const smi_opts *o, const char *dflt, char group) {
    return strchr(o->metrics ? o->metrics : dflt, group) != NULL;
}

/* Runs body once per interval until -c rows are done or Ctrl+C. */
static int every_interval(const smi_opts *o, int (*row)(const smi_opts *, himlDevice_t *, int),
                          himlDevice_t *devs, int n) {
    for (long i = 0; !smi_stop && (o->count == 0 || i < o->count); i++) {
        if (i > 0)
            smi_sleep_ms(o->delay_s * 1000);
        if (smi_stop)
            break;
        int rc = row(o, devs, n);
        fflush(stdout);
        if (rc != SMI_EXIT_OK)
            return rc;
    }
    return SMI_EXIT_OK;
}

static int dmon_row(const smi_opts *o, himlDevice_t *devs, int n) {
    static smi_gpu g;
    for (int d = 0; d < n; d++) {
        himlReturn_t r = smi_collect(devs[d], &g);
        if (r != HIML_SUCCESS)
            return smi_report(r, "cannot read a GPU");
        printf("%5u", g.index);
        for (int c = 0; c < NDMON; c++) {
            if (!wanted(o, "puc", dmon_cols[c].group))
                continue;
            char v[32];
            dmon_value(&g, dmon_cols[c].name, v, sizeof v);
            printf(" %6s", v);
        }
        printf(" \n");
    }
    return SMI_EXIT_OK;
}

int smi_dmon(const smi_opts *o, himlDevice_t *devs, int n) {
    if (wanted(o, "puc", 'p'))
        printf("# pwr and gtemp are modelled from activity (docs/telemetry.md)\n");
    printf("# gpu");
    for (int c = 0; c < NDMON; c++)
        if (wanted(o, "puc", dmon_cols[c].group))
            printf(" %6s", dmon_cols[c].name);
    printf(" \n# Idx");
    for (int c = 0; c < NDMON; c++)
        if (wanted(o, "puc", dmon_cols[c].group))
            printf(" %6s", dmon_cols[c].unit);
    printf(" \n");
    return every_interval(o, dmon_row, devs, n);
}

static int pmon_row(const smi_opts *o, himlDevice_t *devs, int n) {
    static smi_gpu g;
    int fb = wanted(o, "u", 'm'), util = wanted(o, "u", 'u');
    for (int d = 0; d < n; d++) {
        himlReturn_t r = smi_collect(devs[d], &g);
        if (r != HIML_SUCCESS)
            return smi_report(r, "cannot read a GPU");
        if (g.nprocs == 0) {
            printf("%5u %10s %6s", g.index, "-", "-");
            if (fb)
                printf(" %6s", "-");
            if (util)
                printf(" %6s %6s %6s %6s %6s %6s", "-", "-", "-", "-", "-", "-");
            printf("    %-15s\n", "-");
        }
        for (unsigned k = 0; k < g.nprocs; k++) {
            const smi_proc *p = &g.procs[k];
            printf("%5u %10u %6s", g.index, p->pid, "C");
            if (fb)
                printf(" %6llu", smi_mib(p->mem_bytes));
            if (util && p->util_known)
                printf(" %6u %6u", p->sm_util, p->mem_util);
            else if (util)
                printf(" %6s %6s", "-", "-");
            if (util)
                printf(" %6s %6s %6s %6s", "-", "-", "-", "-");
            printf("    %-15s\n", smi_basename(p->name));
        }
    }
    return SMI_EXIT_OK;
}

int smi_pmon(const smi_opts *o, himlDevice_t *devs, int n) {
    int fb = wanted(o, "u", 'm'), util = wanted(o, "u", 'u');
    printf("# gpu %10s %6s", "pid", "type");
    if (fb)
        printf(" %6s", "fb");
    if (util)
        printf(" %6s %6s %6s %6s %6s %6s", "sm", "mem", "enc", "dec", "jpg", "ofa");
    printf("    command \n# Idx %10s %6s", "#", "C/G");
    if (fb)
        printf(" %6s", "MB");
    if (util)
        printf(" %6s %6s %6s %6s %6s %6s", "%", "%", "%", "%", "%", "%");
    printf("    name \n");
    return every_interval(o, pmon_row, devs, n);
}
