/* busy_gpu.c -- keeps a HiGPU busy for the hi-smi tests and benchmark.
 *
 *   busy_gpu [--gpu N] [--mem MIB] [--kernel-ms MS] [--copies] [--fault]
 *
 * Opens the node ($HI_NODE_DIR), allocates MIB of device memory, then
 * launches a spinning kernel (each launch about MS long) back to back until
 * its standard input reaches end of file.  It prints "ready" once the
 * memory is allocated and the first kernel has run, and, after each later
 * kernel, nothing: the tests watch it from another process with hi-smi.
 * --copies adds a host-to-device and a device-to-host copy per kernel;
 * --fault launches a kernel that reads address 0 first (a recorded fault;
 * the context is then sticky and the program only waits for EOF). */
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "higpu/higpu.h"

static const char kernels[] = ".kernel spin\n"
                              ".param 0, 4\n"
                              "    S2R R0, SR_TID.X\n"
                              "    CVT.F32.S32 R1, R0\n"
                              "    MOV R2, 1.0001\n"
                              "    MOV R3, 0.5\n"
                              "    LDP R20, [RZ]\n"
                              "spin_loop:\n"
                              "    FFMA R1, R1, R2, R3\n"
                              "    FFMA R1, R1, R2, R3\n"
                              "    FFMA R1, R1, R2, R3\n"
                              "    FFMA R1, R1, R2, R3\n"
                              "    IADD R20, R20, -1\n"
                              "    ISETP.NE.S32 P0, R20, 0\n"
                              "@P0 BRA spin_loop\n"
                              "    EXIT\n"
                              ".kernel oob\n"
                              "    MOV R0, 0\n"
                              "    MOV R1, 0\n"
                              "    LDG R2, [R0]\n"
                              "    EXIT\n";

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int stdin_closed(void) {
    struct pollfd p = {.fd = 0, .events = POLLIN};
    char buf[64];
    if (poll(&p, 1, 0) <= 0)
        return 0;
    return read(0, buf, sizeof buf) <= 0;
}

static void die(const char *what, const char *why) {
    fprintf(stderr, "busy_gpu: %s: %s\n", what, why);
    exit(1);
}

int main(int argc, char **argv) {
    static const struct option longs[] = {
        {"gpu", required_argument, 0, 'g'},       {"mem", required_argument, 0, 'm'},
        {"kernel-ms", required_argument, 0, 'k'}, {"copies", no_argument, 0, 'c'},
        {"fault", no_argument, 0, 'f'},           {0, 0, 0, 0}};
    int gpu = 0, copies = 0, fault = 0, c;
    long mem_mib = 8;
    double kernel_ms = 50;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (c) {
        case 'g': gpu = atoi(optarg); break;
        case 'm': mem_mib = atol(optarg); break;
        case 'k': kernel_ms = atof(optarg); break;
        case 'c': copies = 1; break;
        case 'f': fault = 1; break;
        default:
            fprintf(
                stderr,
                "usage: busy_gpu [--gpu N] [--mem MIB] [--kernel-ms MS] [--copies] [--fault]\n");
            return 2;
        }
    }
    char err[512] = "";
    hg_node *node;
    hcbin *bin;
    hg_ctx *ctx;
    hg_module *mod;
    if (hg_node_open(NULL, &node, err, sizeof err) != HG_OK)
        die("hg_node_open", err);
    hg_ctx_options o = {.host_threads = 1, .watchdog_ms = 600000};
    if (hg_ctx_create(node, gpu, &o, &ctx) != HG_OK)
        die("hg_ctx_create", "no such GPU");
    if (hisa_assemble(kernels, strlen(kernels), "busy.hs", &bin, err, sizeof err) != 0 ||
        hg_module_load(ctx, bin, &mod, err, sizeof err) != HG_OK)
        die("kernels", err);
    uint64_t buf;
    if (hg_malloc(ctx, (uint64_t)mem_mib << 20, &buf) != HG_OK)
        die("hg_malloc", "out of device memory");
    size_t copy_bytes = 1 << 20;
    char *host = calloc(1, copy_bytes);

    hg_kernel *spin = hg_module_kernel(mod, "spin");
    uint32_t iters = 1000;
    hg_launch_params p = {{4, 1, 1}, {128, 1, 1}, 0, &iters, sizeof iters};
    /* calibrate: each launch should take about kernel_ms */
    for (;;) {
        double t0 = now_ms();
        if (hg_launch(ctx, spin, &p, NULL) != HG_OK)
            die("launch", "spin failed");
        double dt = now_ms() - t0;
        if (dt >= kernel_ms / 4 || iters >= (1u << 30)) {
            double scale = kernel_ms / (dt > 0.01 ? dt : 0.01);
            iters = (uint32_t)(iters * (scale > 1 ? scale : 1));
            break;
        }
        iters *= 8;
    }
    if (fault) {
        hg_launch_params q = {{1, 1, 1}, {1, 1, 1}, 0, NULL, 0};
        hg_launch(ctx, hg_module_kernel(mod, "oob"), &q, NULL);
    }
    printf("ready %d\n", (int)getpid());
    fflush(stdout);
    while (!stdin_closed()) {
        if (fault) { /* a sticky context refuses work: just stay alive */
            usleep(20000);
            continue;
        }
        if (hg_launch(ctx, spin, &p, NULL) != HG_OK)
            die("launch", "spin failed");
        if (copies && (hg_memcpy_htod(ctx, buf, host, copy_bytes) != HG_OK ||
                       hg_memcpy_dtoh(ctx, host, buf, copy_bytes) != HG_OK))
            die("copy", "failed");
    }
    free(host);
    hg_module_unload(mod);
    hcbin_free(bin);
    hg_ctx_destroy(ctx);
    hg_node_close(node);
    return 0;
}
