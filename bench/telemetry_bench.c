/* higpu-telemetry-bench -- what telemetry costs (docs/telemetry.md, docs/bench.md).
 *
 *   higpu-telemetry-bench [--rounds N] [--csv] [--kernels FILE] [--no-smi] [--quick]
 *
 * 1. The running kernel: higpu-bench's fma workload at two launch lengths
 *    (~50 ms and ~2 ms) and a 4 KiB copy (the worst case: almost nothing
 *    but per-operation overhead), each timed with publishing off
 *    (HI_TELEMETRY=0), on, and on with a reader in another process --
 *    hi-smi -lms 100 --query-gpu=... -- polling libhiml at 10 Hz (and
 *    at 1 kHz, -lms 1, a stress case).
 *    Modes alternate round by round, so drift on a shared machine hits
 *    them all alike; the table shows medians.
 * 2. hi-smi's response time, while a kernel keeps the GPU busy: each
 *    command run 20 times from fork to exit.
 * It prints tables; it asserts nothing. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "higpu/higpu.h"

enum { MODE_OFF, MODE_ON, MODE_READER_10HZ, MODE_READER_1KHZ, NMODES };
static const char *const mode_names[NMODES] = {"off", "on", "on+reader 10 Hz", "on+reader 1 kHz"};

typedef struct workload {
    const char *name;
    double target_ms; /* per operation; 0: a 4 KiB copy */
    uint32_t iters;   /* calibrated */
} workload;

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *what, const char *why) {
    fprintf(stderr, "higpu-telemetry-bench: %s: %s\n", what, why);
    exit(1);
}

/* ---- the reader: hi-smi in another process, polling ----------------------- */

static char smi_path[4096];

/* hi-smi -lms PERIOD --query-gpu=... : a libhiml reader polling the GPU as
 * a monitoring script would.  Exec'd at once: the bench has threads, so
 * the child must not do anything else after fork. */
static pid_t start_reader(const char *period_ms) {
    char *argv[] = {smi_path,
                    "-lms",
                    (char *)period_ms,
                    "--query-gpu=utilization.gpu,utilization.memory,memory.used,power.draw,"
                    "temperature.gpu,hi.processes",
                    "--format=csv,noheader",
                    NULL};
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

static void stop_reader(pid_t pid) {
    if (pid > 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
}

/* ---- one timed measurement ------------------------------------------------------- */

typedef struct gpu {
    hg_ctx *ctx;
    hg_module *mod;
    uint64_t buf;
} gpu;

static void gpu_open(hg_node *node, const hcbin *bin, int publish, gpu *g) {
    char err[512] = "";
    /* the switch is read when the context is created */
    setenv("HI_TELEMETRY", publish ? "1" : "0", 1);
    hg_ctx_options o = {.watchdog_ms = 600000};
    if (hg_ctx_create(node, 0, &o, &g->ctx) != HG_OK ||
        hg_module_load(g->ctx, bin, &g->mod, err, sizeof err) != HG_OK)
        die("cannot set up the GPU", err);
    if (hg_malloc(g->ctx, 64 * 256 * 4, &g->buf) != HG_OK)
        die("hg_malloc", "out of device memory");
    unsetenv("HI_TELEMETRY");
}

static void gpu_close(gpu *g) {
    hg_module_unload(g->mod);
    hg_ctx_destroy(g->ctx);
}

/* One operation of the workload: a launch of fma, or a 4 KiB copy. */
static void op(gpu *g, const workload *w) {
    static char host[4096];
    if (w->target_ms == 0) {
        if (hg_memcpy_htod(g->ctx, g->buf, host, sizeof host) != HG_OK)
            die("copy", "failed");
        return;
    }
    struct {
        uint32_t iters, pad;
        uint64_t out;
    } params = {w->iters, 0, g->buf};
    hg_launch_params p = {{64, 1, 1}, {256, 1, 1}, 0, &params, sizeof params};
    if (hg_launch(g->ctx, hg_module_kernel(g->mod, "fma"), &p, NULL) != HG_OK)
        die("launch", "fma failed");
}

static double measure_ms = 500; /* --quick: 20 */

/* Mean time of one operation over about measure_ms of them. */
static double time_ops(gpu *g, const workload *w) {
    op(g, w); /* warm */
    int n = 0;
    double t0 = now_ms(), t;
    do {
        op(g, w);
        n++;
        t = now_ms();
    } while (t - t0 < measure_ms || n < 3);
    return (t - t0) / n;
}

static void calibrate(hg_node *node, const hcbin *bin, workload *w) {
    if (w->target_ms == 0)
        return;
    gpu g;
    gpu_open(node, bin, 0, &g);
    w->iters = 4;
    op(&g, w); /* the first launch also starts threads and touches memory */
    for (int pass = 0; pass < 3; pass++) {
        double t0 = now_ms();
        op(&g, w);
        double dt = now_ms() - t0;
        if (dt < w->target_ms / 8 && pass == 0) {
            w->iters *= 8;
            pass = -1; /* grow until a launch is long enough to time */
            continue;
        }
        double iters = w->iters * (w->target_ms / dt);
        /* at least 1: the kernel's loop counts down to 0 and would wrap */
        w->iters = iters < 1 ? 1 : iters > 1e9 ? 1000000000u : (uint32_t)iters;
    }
    gpu_close(&g);
}

/* ---- hi-smi's response time --------------------------------------------------------- */

static double run_once(char *const argv[]) {
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    double dt = now_ms() - t0;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? dt : -1;
}

static void smi_times(const char *smi, int csv) {
    static char *const cmds[][5] = {
        {NULL},
        {NULL, "-L"},
        {NULL, "--query-gpu=index,utilization.gpu,memory.used,power.draw,temperature.gpu",
         "--format=csv"},
        {NULL, "-q"},
        {NULL, "--json"},
        {NULL, "dmon", "-c", "1"},
    };
    if (csv)
        printf("command,runs,mean_ms,median_ms,max_ms\n");
    else
        printf("\nhi-smi response time (GPU busy; fork to exit; 20 runs each)\n"
               "%-48s %9s %9s %9s\n",
               "command", "mean ms", "median", "max");
    for (size_t c = 0; c < sizeof cmds / sizeof cmds[0]; c++) {
        char *argv[5];
        memcpy(argv, cmds[c], sizeof argv);
        argv[0] = (char *)smi;
        double t[20], sum = 0, max = 0;
        int ok = 1;
        for (int i = 0; i < 20; i++) {
            t[i] = run_once(argv);
            ok &= t[i] >= 0;
            sum += t[i];
            max = t[i] > max ? t[i] : max;
        }
        char name[128] = "hi-smi";
        for (int k = 1; k < 5 && argv[k]; k++)
            snprintf(name + strlen(name), sizeof name - strlen(name), " %.24s", argv[k]);
        if (!ok)
            printf("%-48s failed\n", name);
        else if (csv)
            printf("\"%s\",20,%.2f,%.2f,%.2f\n", name, sum / 20, median(t, 20), max);
        else
            printf("%-48s %9.2f %9.2f %9.2f\n", name, sum / 20, median(t, 20), max);
    }
}

/* A kernel stream on a thread of its own, so that hi-smi is timed against
 * a busy GPU. */
typedef struct busy {
    hg_node *node;
    const hcbin *bin;
    const workload *w;
    volatile int stop;
} busy;

static void *busy_main(void *arg) {
    busy *b = arg;
    gpu g;
    gpu_open(b->node, b->bin, 1, &g);
    while (!b->stop)
        op(&g, b->w);
    gpu_close(&g);
    return NULL;
}

/* ---- main ---------------------------------------------------------------------------- */

static const char *next_to_me(const char *file, char *buf, size_t size) {
    ssize_t n = readlink("/proc/self/exe", buf, size - 64);
    if (n <= 0)
        return file;
    buf[n] = 0;
    char *slash = strrchr(buf, '/');
    strcpy(slash ? slash + 1 : buf, file);
    return buf;
}

int main(int argc, char **argv) {
    static const struct option longs[] = {{"rounds", required_argument, 0, 'r'},
                                          {"csv", no_argument, 0, 'c'},
                                          {"kernels", required_argument, 0, 'k'},
                                          {"no-smi", no_argument, 0, 'n'},
                                          {"quick", no_argument, 0, 'q'},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    int rounds = 5, csv = 0, smi = 1, quick = 0, c;
    char kpath[4096], err[512] = "";
    const char *kfile = next_to_me("higpu-bench-kernels.hcbin", kpath, sizeof kpath);
    next_to_me("hi-smi", smi_path, sizeof smi_path);
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (c) {
        case 'r':
            rounds = atoi(optarg);
            if (rounds < 1 || rounds > 1000) {
                fprintf(stderr, "higpu-telemetry-bench: --rounds: '%s' is not 1..1000\n", optarg);
                return 2;
            }
            break;
        case 'c': csv = 1; break;
        case 'k': kfile = optarg; break;
        case 'n': smi = 0; break;
        case 'q': quick = 1; break; /* a smoke run: tiny workloads, short timings */
        case 'h':
            printf("usage: higpu-telemetry-bench [--rounds N] [--csv] [--kernels FILE] [--no-smi] "
                   "[--quick]\n");
            return 0;
        default: return 2;
        }
    }
    hcbin *bin;
    if (hcbin_read_file(kfile, &bin, err, sizeof err) != 0)
        die(kfile, err);
    hg_node *node;
    if (hg_node_open_private("gpus = 1\npreset = dc\ngpu.0.memory = 256M\n", &node, err,
                             sizeof err) != HG_OK)
        die("node", err);
    setenv("HI_NODE_DIR", hg_node_dir(node), 1); /* for hi-smi */
    workload wl[] = {{"fma, long launches", 50, 0},
                     {"fma, short launches", 2, 0},
                     {"4 KiB host-to-device copies", 0, 0}};
    enum { NW = sizeof wl / sizeof wl[0] };
    if (quick) {
        measure_ms = 20;
        wl[0].target_ms = 2;
        wl[1].target_ms = 0.5;
    }
    for (int i = 0; i < NW; i++)
        calibrate(node, bin, &wl[i]);

    double *t[NW][NMODES];
    for (int i = 0; i < NW; i++)
        for (int m = 0; m < NMODES; m++)
            t[i][m] = calloc((size_t)rounds, sizeof(double));
    for (int r = 0; r < rounds; r++) {
        for (int m = 0; m < NMODES; m++) {
            pid_t reader = m == MODE_READER_10HZ   ? start_reader("100")
                           : m == MODE_READER_1KHZ ? start_reader("1")
                                                   : 0;
            gpu g;
            gpu_open(node, bin, m != MODE_OFF, &g);
            for (int i = 0; i < NW; i++)
                t[i][m][r] = time_ops(&g, &wl[i]);
            gpu_close(&g);
            stop_reader(reader);
        }
    }

    if (csv)
        printf("workload,mode,median_ms_per_op,overhead_vs_off_pct,off_noise_pct\n");
    else
        printf("Telemetry cost to the running work (median of %d rounds; ms per operation)\n"
               "%-28s %9s %9s %9s %9s %8s %8s %8s %7s\n",
               rounds, "workload", mode_names[0], mode_names[1], "+rdr10Hz", "+rdr1kHz", "on",
               "10Hz", "1kHz", "noise");
    for (int i = 0; i < NW; i++) {
        double med[NMODES], dev[64];
        for (int m = 0; m < NMODES; m++)
            med[m] = median(t[i][m], rounds);
        /* how much "off" itself varies from round to round: the median
         * absolute deviation, as a share of its median */
        int nd = rounds < 64 ? rounds : 64;
        for (int r = 0; r < nd; r++)
            dev[r] = t[i][MODE_OFF][r] > med[0] ? t[i][MODE_OFF][r] - med[0]
                                                : med[0] - t[i][MODE_OFF][r];
        double noise = 100 * median(dev, nd) / med[0];
        if (csv) {
            for (int m = 0; m < NMODES; m++)
                printf("\"%s\",\"%s\",%.4f,%.2f,%.2f\n", wl[i].name, mode_names[m], med[m],
                       100 * (med[m] / med[0] - 1), noise);
        } else {
            printf("%-28s %9.4f %9.4f %9.4f %9.4f %+7.2f%% %+7.2f%% %+7.2f%% %6.2f%%\n", wl[i].name,
                   med[0], med[1], med[2], med[3], 100 * (med[1] / med[0] - 1),
                   100 * (med[2] / med[0] - 1), 100 * (med[3] / med[0] - 1), noise);
        }
    }
    if (!csv)
        printf("(on, 10Hz, 1kHz: change against publishing off; noise: round-to-round spread "
               "of off)\n");

    if (smi) {
        busy b = {node, bin, &wl[1], 0};
        pthread_t t;
        pthread_create(&t, NULL, busy_main, &b);
        usleep(300000); /* let it start launching */
        smi_times(smi_path, csv);
        b.stop = 1;
        pthread_join(t, NULL);
    }
    for (int i = 0; i < NW; i++)
        for (int m = 0; m < NMODES; m++)
            free(t[i][m]);
    hg_node_close(node);
    hcbin_free(bin);
    return 0;
}
