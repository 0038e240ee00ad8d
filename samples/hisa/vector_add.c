/* hisa_vector_add -- the first HiGPU program: assembles nothing, just loads
 * the HISA code object built from vector_add.hs (bin/hisa_vector_add.hcbin),
 * runs it on GPU 0 of the node (the same node hi-smi shows), checks the
 * result and prints it.  The CUDA-style samples built by hcc are in
 * samples/hcc.
 *
 *   hisa_vector_add [N] [--hcbin FILE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "higpu/higpu.h"

static const char *hcbin_next_to_exe(char *buf, size_t size) {
    ssize_t n = readlink("/proc/self/exe", buf, size - 32);
    if (n <= 0)
        return "hisa_vector_add.hcbin";
    buf[n] = 0;
    char *slash = strrchr(buf, '/');
    strcpy(slash ? slash + 1 : buf, "hisa_vector_add.hcbin");
    return buf;
}

static int fail(const char *what, const char *why) {
    fprintf(stderr, "hisa_vector_add: %s: %s\n", what, why);
    return 1;
}

int main(int argc, char **argv) {
    char path[4096], err[512] = "";
    const char *file = hcbin_next_to_exe(path, sizeof path);
    int n = 1 << 20;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--hcbin") && i + 1 < argc) {
            file = argv[++i];
        } else if (!strcmp(argv[i], "--help")) {
            printf("usage: hisa_vector_add [N] [--hcbin FILE]\n");
            return 0;
        } else {
            char *end;
            long v = strtol(argv[i], &end, 10);
            if (*end || v < 1 || v > (1 << 26))
                return fail("bad element count", argv[i]);
            n = (int)v;
        }
    }
    hcbin *bin;
    hg_node *node;
    hg_ctx *ctx;
    hg_module *mod;
    if (hcbin_read_file(file, &bin, err, sizeof err) != 0)
        return fail("cannot read the kernel", err);
    if (hg_node_open(NULL, &node, err, sizeof err) != HG_OK)
        return fail("cannot open the node", err);
    hg_status st = hg_ctx_create(node, 0, NULL, &ctx);
    if (st != HG_OK)
        return fail("cannot create a context", hg_status_string(st));
    if (hg_module_load(ctx, bin, &mod, err, sizeof err) != HG_OK)
        return fail("cannot load the kernel", err);

    size_t bytes = (size_t)n * sizeof(float);
    float *a = malloc(bytes), *b = malloc(bytes), *c = malloc(bytes);
    for (int i = 0; i < n; i++) {
        a[i] = (float)i;
        b[i] = 2.0f * (float)i;
    }
    uint64_t da, db, dc;
    if (hg_malloc(ctx, bytes, &da) || hg_malloc(ctx, bytes, &db) || hg_malloc(ctx, bytes, &dc))
        return fail("hg_malloc", "out of device memory");
    hg_memcpy_htod(ctx, da, a, bytes);
    hg_memcpy_htod(ctx, db, b, bytes);

    struct {
        uint64_t a, b, c;
        int32_t n;
    } params = {da, db, dc, n};
    uint32_t block = 256;
    hg_launch_params p = {{(uint32_t)(n + block - 1) / block, 1, 1}, {block, 1, 1}, 0, &params, sizeof params};
    hg_launch_stats s;
    st = hg_launch(ctx, hg_module_kernel(mod, "vector_add"), &p, &s);
    if (st != HG_OK) {
        hg_fault f;
        char line[512];
        hg_ctx_fault(ctx, &f);
        hg_fault_format(&f, line, sizeof line);
        return fail(hg_status_string(st), line);
    }
    hg_memcpy_dtoh(ctx, c, dc, bytes);
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += c[i] != 3.0f * (float)i;

    const hg_config *cfg = hg_ctx_config(ctx);
    printf("hisa_vector_add on %s (%u SMs, %d host threads, %s interpreter)\n", cfg->name,
           cfg->sm_count, hg_ctx_host_threads(ctx), hg_exec_variant());
    printf("  n = %d, grid %u x block %u\n", n, p.grid.x, block);
    printf("  c[1] = %g, c[%d] = %g\n", c[1], n - 1, c[n - 1]);
    printf("  %llu warp instructions, %.1f%% lane efficiency, %llu global sectors\n",
           (unsigned long long)s.c.warp_insts, 100.0 * s.warp_efficiency,
           (unsigned long long)(s.c.gld_sectors + s.c.gst_sectors));
    printf("  emulated in %.3f ms; modelled GPU time %.1f us\n", s.wall_s * 1e3, s.modelled_us);
    printf("%s: %d of %d elements wrong\n", bad ? "FAILED" : "PASSED", bad, n);

    free(a);
    free(b);
    free(c);
    hg_ctx_destroy(ctx);
    hg_node_close(node);
    hcbin_free(bin);
    return bad ? 1 : 0;
}
