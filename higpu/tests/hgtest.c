/* hgtest.c -- the libhigpu test harness. */
#include "hgtest.h"

#include <string.h>
#include <unistd.h>

int hgt_failures;

static void die(const char *what, const char *detail) {
    fprintf(stderr, "hgtest: %s: %s\n", what, detail);
    exit(1);
}

void hgt_open(hgt *t, const char *preset, int host_threads) {
    memset(t, 0, sizeof *t);
    char conf[128], err[256] = "";
    snprintf(conf, sizeof conf, "gpus = 1\npreset = %s\ngpu.0.memory = 64M\n", preset);
    if (hg_node_open_private(conf, &t->node, err, sizeof err) != HG_OK)
        die("hg_node_open_private", err);
    hg_ctx_options o = {.host_threads = host_threads, .watchdog_ms = getenv("HI_WATCHDOG_MS") ? 0 : 20000};
    hg_status st = hg_ctx_create(t->node, 0, &o, &t->ctx);
    if (st != HG_OK)
        die("hg_ctx_create", hg_status_string(st));
}

void hgt_close(hgt *t) {
    if (t->mod)
        hg_module_unload(t->mod);
    if (t->bin)
        hcbin_free(t->bin);
    hg_ctx_destroy(t->ctx);
    hg_node_close(t->node);
}

void hgt_load(hgt *t, const char *src) {
    char err[512] = "";
    if (t->mod)
        hg_module_unload(t->mod);
    if (t->bin)
        hcbin_free(t->bin);
    t->mod = NULL;
    t->bin = NULL;
    if (hisa_assemble(src, strlen(src), "test.hs", &t->bin, err, sizeof err) != 0)
        die("assembly failed", err);
    if (hg_module_load(t->ctx, t->bin, &t->mod, err, sizeof err) != HG_OK)
        die("module load failed", err);
}

hg_status hgt_launch(hgt *t, const char *kernel, hg_dim3 grid, hg_dim3 block, const void *params,
                     uint32_t params_size, hg_launch_stats *stats) {
    hg_kernel *k = hg_module_kernel(t->mod, kernel);
    if (!k)
        die("no such kernel", kernel);
    hg_launch_params p = {grid, block, 0, params, params_size};
    return hg_launch(t->ctx, k, &p, stats);
}

uint64_t hgt_alloc(hgt *t, uint64_t bytes) {
    uint64_t d;
    hg_status st = hg_malloc(t->ctx, bytes, &d);
    if (st != HG_OK)
        die("hg_malloc", hg_status_string(st));
    return d;
}

void hgt_put(hgt *t, uint64_t dptr, const void *src, uint64_t bytes) {
    hg_status st = hg_memcpy_htod(t->ctx, dptr, src, bytes);
    if (st != HG_OK)
        die("hg_memcpy_htod", hg_status_string(st));
}

void hgt_get(hgt *t, void *dst, uint64_t dptr, uint64_t bytes) {
    hg_status st = hg_memcpy_dtoh(t->ctx, dst, dptr, bytes);
    if (st != HG_OK)
        die("hg_memcpy_dtoh", hg_status_string(st));
}

int hgt_finish(const char *name) {
    if (hgt_failures) {
        printf("%s: %d check(s) failed\n", name, hgt_failures);
        return 1;
    }
    printf("%s: all checks passed\n", name);
    return 0;
}
