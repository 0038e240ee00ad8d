/* higpu-bench -- the HiGPU interpreter's speed on five workloads, each with
 * one host thread and with all cores (docs/bench.md).
 *
 *   higpu-bench [--csv] [--threads N] [--seconds S] [--kernels FILE]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "higpu/higpu.h"

typedef struct workload {
    const char *name;
    uint32_t blocks, threads;
    int is_stream; /* iterations = elements; memory sized to match */
} workload;

static const workload workloads[] = {
    {"fma", 64, 256, 0},
    {"int", 64, 256, 0},
    {"stream", 64, 256, 1},
    {"diverge", 64, 256, 0},
    {"reduce", 64, 256, 0},
};

typedef struct options {
    int csv;
    int threads;      /* the "all cores" count */
    double seconds;   /* target single-thread time per workload */
    const char *kernels;
} options;

typedef struct result {
    uint64_t warp_insts, thread_insts;
    double seconds;
} result;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void usage(FILE *f) {
    fprintf(f, "usage: higpu-bench [--csv] [--threads N] [--seconds S] [--kernels FILE.hcbin]\n"
               "Runs the fma, int, stream, diverge and reduce workloads with 1 host thread\n"
               "and with N (default: all cores) and prints thread-instructions per second.\n");
}

static int parse(int argc, char **argv, options *o) {
    static const struct option longs[] = {{"csv", no_argument, 0, 'c'},
                                          {"threads", required_argument, 0, 't'},
                                          {"seconds", required_argument, 0, 's'},
                                          {"kernels", required_argument, 0, 'k'},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "ct:s:k:h", longs, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'c': o->csv = 1; break;
        case 't':
            o->threads = (int)strtol(optarg, &end, 10);
            if (*end || o->threads < 1) {
                fprintf(stderr, "higpu-bench: --threads: '%s' is not a positive integer\n", optarg);
                return 2;
            }
            break;
        case 's':
            o->seconds = strtod(optarg, &end);
            if (*end || o->seconds <= 0) {
                fprintf(stderr, "higpu-bench: --seconds: '%s' is not a positive number\n", optarg);
                return 2;
            }
            break;
        case 'k': o->kernels = optarg; break;
        case 'h': usage(stdout); return 1;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "higpu-bench: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    return 0;
}

/* One timed launch of a workload with `iters` iterations. */
static int run_once(hg_ctx *ctx, hg_module *mod, const workload *w, uint32_t iters, uint64_t buf,
                    result *r) {
    hg_kernel *k = hg_module_kernel(mod, w->name);
    struct {
        uint32_t iters, pad;
        uint64_t out;
    } params = {iters, 0, buf};
    hg_launch_params p = {{w->blocks, 1, 1}, {w->threads, 1, 1}, 0, &params, sizeof params};
    hg_launch_stats s;
    double t0 = now_s();
    hg_status st = hg_launch(ctx, k, &p, &s);
    r->seconds = now_s() - t0;
    if (st != HG_OK) {
        hg_fault f;
        char line[512];
        hg_ctx_fault(ctx, &f);
        hg_fault_format(&f, line, sizeof line);
        fprintf(stderr, "higpu-bench: %s: %s (%s)\n", w->name, hg_status_string(st), line);
        return -1;
    }
    r->warp_insts = s.c.warp_insts;
    r->thread_insts = s.c.thread_insts;
    return 0;
}

static const char *default_kernels(char *buf, size_t size) {
    /* next to the executable: build/bin/higpu-bench-kernels.hcbin */
    ssize_t n = readlink("/proc/self/exe", buf, size - 32);
    if (n <= 0)
        return "higpu-bench-kernels.hcbin";
    buf[n] = 0;
    char *slash = strrchr(buf, '/');
    strcpy(slash ? slash + 1 : buf, "higpu-bench-kernels.hcbin");
    return buf;
}

int main(int argc, char **argv) {
    options o = {0, (int)sysconf(_SC_NPROCESSORS_ONLN), 0.6, NULL};
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc == 1 ? 0 : 2;
    char path[4096], err[512] = "";
    const char *kfile = o.kernels ? o.kernels : default_kernels(path, sizeof path);
    hcbin *bin;
    if (hcbin_read_file(kfile, &bin, err, sizeof err) != 0) {
        fprintf(stderr, "higpu-bench: %s\n", err);
        return 1;
    }
    hg_node *node;
    if (hg_node_open_private("gpus = 1\npreset = dc\ngpu.0.memory = 256M\n", &node, err, sizeof err) != HG_OK) {
        fprintf(stderr, "higpu-bench: %s\n", err);
        return 1;
    }
    int counts[2] = {1, o.threads}, ncounts = o.threads > 1 ? 2 : 1;
    if (o.csv)
        printf("workload,host_threads,warp_instructions,thread_instructions,seconds,thread_ginst_per_s\n");
    else
        printf("%-9s %7s %16s %18s %9s %13s %8s\n", "workload", "threads", "warp_insts",
               "thread_insts", "seconds", "G thr-inst/s", "speedup");
    int failed = 0;
    for (size_t i = 0; i < sizeof workloads / sizeof workloads[0] && !failed; i++) {
        const workload *w = &workloads[i];
        double rate1 = 0;
        uint32_t iters = w->is_stream ? 1u << 16 : 16;
        for (int c = 0; c < ncounts && !failed; c++) {
            hg_ctx *ctx;
            hg_module *mod;
            hg_ctx_options co = {.host_threads = counts[c], .watchdog_ms = 600000};
            if (hg_ctx_create(node, 0, &co, &ctx) != HG_OK ||
                hg_module_load(ctx, bin, &mod, err, sizeof err) != HG_OK) {
                fprintf(stderr, "higpu-bench: cannot set up the GPU: %s\n", err);
                return 1;
            }
            uint64_t elems = (uint64_t)w->blocks * w->threads;
            uint64_t buf;
            result r;
            if (hg_malloc(ctx, (w->is_stream ? 2 * (1ull << 24) : elems) * 4, &buf) != HG_OK) {
                fprintf(stderr, "higpu-bench: out of device memory\n");
                return 1;
            }
            /* calibrate on one thread: grow iterations until a run takes the target time */
            while (c == 0) {
                if (run_once(ctx, mod, w, iters, buf, &r) != 0) {
                    failed = 1;
                    break;
                }
                if (r.seconds >= o.seconds / 4 || (w->is_stream && iters >= (1u << 24)))
                    break;
                iters *= 4;
                if (w->is_stream && iters > (1u << 24))
                    iters = 1u << 24;
            }
            if (!failed && run_once(ctx, mod, w, iters, buf, &r) != 0)
                failed = 1;
            if (!failed) {
                double rate = (double)r.thread_insts / r.seconds / 1e9;
                if (c == 0)
                    rate1 = rate;
                if (o.csv)
                    printf("%s,%d,%llu,%llu,%.4f,%.3f\n", w->name, counts[c],
                           (unsigned long long)r.warp_insts, (unsigned long long)r.thread_insts,
                           r.seconds, rate);
                else
                    printf("%-9s %7d %16llu %18llu %9.3f %13.3f %7.2fx\n", w->name, counts[c],
                           (unsigned long long)r.warp_insts, (unsigned long long)r.thread_insts,
                           r.seconds, rate, rate / rate1);
                fflush(stdout);
            }
            hg_ctx_destroy(ctx);
        }
    }
    hg_node_close(node);
    hcbin_free(bin);
    return failed;
}
