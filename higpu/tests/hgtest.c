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

/* ---- helpers for table-driven tests ------------------------------------------ */

#include <stdarg.h>

int hgt_threads_arg(int argc, char **argv) {
    if (argc > 2 && !strcmp(argv[2], "baseline"))
        setenv("HI_EXEC_VARIANT", "baseline", 1);
    return argc > 1 ? atoi(argv[1]) : 2;
}

int hgt_run(hgt *t, const char *kernel, hg_dim3 grid, hg_dim3 block, const void *params,
            uint32_t params_size, hg_launch_stats *stats) {
    hg_status st = hgt_launch(t, kernel, grid, block, params, params_size, stats);
    if (st == HG_OK)
        return 1;
    hg_fault f;
    char line[512];
    hg_ctx_fault(t->ctx, &f);
    hg_fault_format(&f, line, sizeof line);
    fprintf(stderr, "hgtest: launch of %s failed: %s: %s\n", kernel, hg_status_string(st), line);
    hgt_failures++;
    return 0;
}

void hgt_str_printf(hgt_str *b, const char *fmt, ...) {
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        size_t room = b->cap - b->len;
        int n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? room : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            die("hgt_str_printf", "bad format");
        if (b->s && (size_t)n < room) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->len <= (size_t)n)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s)
            die("hgt_str_printf", "out of memory");
        b->s = s;
        b->cap = cap;
    }
}

void hgt_str_free(hgt_str *b) {
    free(b->s);
    memset(b, 0, sizeof *b);
}

uint64_t hgt_alloc_put(hgt *t, const void *src, uint64_t bytes) {
    uint64_t d = hgt_alloc(t, bytes);
    hgt_put(t, d, src, bytes);
    return d;
}
