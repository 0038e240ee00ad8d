/* main.c -- hi-smi: nvidia-smi for HiGPU.  Parses the command line, starts
 * libhiml, picks the GPUs (-i), runs the chosen output once or in a loop,
 * and turns failures into one line and nvidia-smi's exit codes. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smi.h"

volatile int smi_stop;

static void on_signal(int sig) {
    (void)sig;
    smi_stop = 1;
}

void smi_sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    /* A signal ends the sleep early (no SA_RESTART); smi_stop says why. */
    while (!smi_stop && nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

int smi_report(himlReturn_t r, const char *what) {
    const char *detail = himlErrorDetail();
    switch (r) {
    case HIML_SUCCESS: return SMI_EXIT_OK;
    case HIML_ERROR_DRIVER_NOT_LOADED:
        fprintf(stderr,
                "HI-SMI has failed because it couldn't find a HiGPU node (%s). Run a program "
                "that uses HiGPU, or set HI_NODE_DIR to its run directory.\n",
                *detail ? detail : "no node");
        return SMI_EXIT_NO_DRIVER;
    case HIML_ERROR_NO_PERMISSION:
        fprintf(stderr, "hi-smi: %s: %s\n", what, *detail ? detail : himlErrorString(r));
        return SMI_EXIT_NO_PERM;
    case HIML_ERROR_GPU_IS_LOST:
        fprintf(stderr, "hi-smi: %s: GPU is lost (%s)\n", what, *detail ? detail : "unreadable");
        return SMI_EXIT_GPU_LOST;
    default:
        fprintf(stderr, "hi-smi: %s: %s%s%s\n", what, himlErrorString(r), *detail ? ": " : "",
                detail);
        return SMI_EXIT_OTHER;
    }
}

/* -i: each comma-separated ID is an index, a UUID or a PCI bus id. */
static int select_gpus(const char *ids, himlDevice_t *devs, int *n) {
    unsigned count = 0;
    himlReturn_t r = himlDeviceGetCount(&count);
    if (r != HIML_SUCCESS)
        return smi_report(r, "cannot count the GPUs");
    *n = 0;
    if (!ids) {
        for (unsigned i = 0; i < count && i < SMI_MAX_GPUS; i++)
            if (himlDeviceGetHandleByIndex(i, &devs[*n]) == HIML_SUCCESS)
                (*n)++;
        return SMI_EXIT_OK;
    }
    char buf[1024];
    if (strlen(ids) >= sizeof buf) {
        fprintf(stderr, "hi-smi: -i: list too long\n");
        return SMI_EXIT_USAGE;
    }
    strcpy(buf, ids);
    for (char *save, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        himlDevice_t d;
        char *end;
        unsigned long idx = strtoul(t, &end, 10);
        if (*t >= '0' && *t <= '9' && !*end)
            r = idx < count ? himlDeviceGetHandleByIndex((unsigned)idx, &d) : HIML_ERROR_NOT_FOUND;
        else if (strncasecmp(t, "GPU-", 4) == 0)
            r = himlDeviceGetHandleByUUID(t, &d);
        else if (strchr(t, ':'))
            r = himlDeviceGetHandleByPciBusId(t, &d);
        else {
            fprintf(stderr, "hi-smi: -i: '%s' is not a GPU index, UUID or PCI bus id\n", t);
            return SMI_EXIT_USAGE;
        }
        if (r == HIML_ERROR_INVALID_ARGUMENT && strchr(t, ':')) {
            fprintf(stderr, "hi-smi: -i: '%s' is not a PCI bus id such as 00000000:01:00.0\n", t);
            return SMI_EXIT_USAGE;
        }
        if (r != HIML_SUCCESS) {
            puts("No devices were found"); /* nvidia-smi's words, on stdout */
            return SMI_EXIT_NOT_FOUND;
        }
        int dup = 0;
        for (int k = 0; k < *n; k++)
            dup |= devs[k] == d;
        if (!dup && *n < SMI_MAX_GPUS)
            devs[(*n)++] = d;
    }
    return SMI_EXIT_OK;
}

static int run_once(const smi_opts *o, const smi_system *sys, himlDevice_t *devs, int n,
                    int first) {
    switch (o->mode) {
    case SMI_TABLE: return smi_table(sys, devs, n);
    case SMI_LIST: return smi_list(devs, n);
    case SMI_QUERY: return smi_query(sys, devs, n, o->display);
    case SMI_QUERY_GPU: return smi_query_gpu(o, devs, n, first);
    case SMI_QUERY_APPS: return smi_query_apps(o, devs, n, first);
    case SMI_JSON: return smi_json(sys, devs, n);
    case SMI_DMON: return smi_dmon(o, devs, n);
    case SMI_PMON: return smi_pmon(o, devs, n);
    case SMI_TOPO: return smi_topo(devs, n);
    default: return SMI_EXIT_OTHER;
    }
}

static void print_version(void) {
    smi_system s;
    smi_system_info(&s);
    printf("HI-SMI version  : %s\n", HIML_VERSION_STRING);
    printf("HIML version    : %s\n", s.himl);
    printf("DRIVER version  : %s\n", s.driver);
    printf("HC Version      : %s\n", s.hc);
}

int main(int argc, char **argv) {
    smi_opts o;
    int rc = smi_parse(argc, argv, &o);
    if (rc != SMI_EXIT_OK)
        return rc;
    switch (o.mode) {
    case SMI_HELP: smi_usage(stdout); return SMI_EXIT_OK;
    case SMI_VERSION: print_version(); return SMI_EXIT_OK;
    case SMI_HELP_QUERY_GPU: smi_help_query_gpu(stdout); return SMI_EXIT_OK;
    case SMI_HELP_QUERY_APPS: smi_help_query_apps(stdout); return SMI_EXIT_OK;
    default: break;
    }

    himlReturn_t r = himlInit();
    if (r != HIML_SUCCESS)
        return smi_report(r, "cannot open the HiGPU node");
    himlDevice_t devs[SMI_MAX_GPUS];
    int n = 0;
    rc = select_gpus(o.ids, devs, &n);
    if (rc == SMI_EXIT_OK && n == 0) {
        puts("No devices were found");
        rc = SMI_EXIT_NOT_FOUND;
    }
    if (rc == SMI_EXIT_OK) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal; /* Ctrl+C ends a loop cleanly, with exit code 0 */
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        smi_system sys;
        smi_system_info(&sys);
        for (int first = 1; rc == SMI_EXIT_OK && !smi_stop; first = 0) {
            rc = run_once(&o, &sys, devs, n, first);
            fflush(stdout);
            if (!o.loop_ms)
                break;
            smi_sleep_ms(o.loop_ms);
        }
    }
    himlShutdown();
    return rc;
}
