/* test_sreg.c -- special registers: thread and block indices and sizes in
 * every dimension (with partial warps), lane and warp ids, lane masks, the
 * SM ids of the static block placement, dynamic shared memory size, the
 * stack pointer, and the clocks (SR_CLOCK/SR_CLOCK64 count the SM's issued
 * warp instructions and advance between two reads of one warp;
 * SR_GLOBALTIMER is wall-clock nanoseconds and never goes backwards). */
#include <string.h>
#include <time.h>

#include "hgtest.h"

enum { WORDS = 24 };

static const char *const regs[WORDS] = {
    "SR_TID.X",       "SR_TID.Y",       "SR_TID.Z",       "SR_NTID.X",
    "SR_NTID.Y",      "SR_NTID.Z",      "SR_CTAID.X",     "SR_CTAID.Y",
    "SR_CTAID.Z",     "SR_NCTAID.X",    "SR_NCTAID.Y",    "SR_NCTAID.Z",
    "SR_LANEID",      "SR_WARPID",      "SR_NWARPID",     "SR_SMID",
    "SR_NSMID",       "SR_LANEMASK_EQ", "SR_LANEMASK_LT", "SR_LANEMASK_LE",
    "SR_LANEMASK_GT", "SR_LANEMASK_GE", "SR_DYNSMEM",     NULL,
};

/* Every thread writes its WORDS values (the last is R1, the stack pointer)
 * at out + 4 * WORDS * (linear block * threads per block + linear tid). */
static void emit_ids(hgt_str *s) {
    hgt_str_printf(s, ".kernel ids\n.param 0, 8\n.local 48\n");
    for (unsigned i = 0; i < WORDS - 1; i++)
        hgt_str_printf(s, "    S2R R%u, %s\n", 8 + i, regs[i]);
    hgt_str_printf(s,
                   "    MOV R31, R1\n"
                   /* linear tid = x + ntid.x * (y + ntid.y * z), block likewise */
                   "    IMAD R2, R12, R10, R9\n"
                   "    IMAD R2, R2, R11, R8\n"
                   "    IMAD R3, R18, R16, R15\n"
                   "    IMAD R3, R3, R17, R14\n"
                   "    IMUL R4, R11, R12\n"
                   "    IMUL R4, R4, R13\n"
                   "    IMAD R2, R3, R4, R2\n"
                   "    IMUL R2, R2, %d\n"
                   "    IMULW.U32 R2, R2, 1\n"
                   "    LDP.B64 R4, [RZ]\n"
                   "    IADD64 R4, R4, R2\n",
                   4 * WORDS);
    for (unsigned i = 0; i < WORDS; i += 4)
        hgt_str_printf(s, "    STG.B128 [R4+%u], R%u\n", 4 * i, 8 + i);
    hgt_str_printf(s, "    EXIT\n");
}

typedef struct config {
    hg_dim3 grid, block;
    uint32_t dyn;
} config;

static const config configs[] = {
    {{1, 1, 1}, {1, 1, 1}, 0}, {{3, 2, 2}, {8, 4, 2}, 0},    {{5, 1, 1}, {33, 1, 1}, 128},
    {{2, 3, 1}, {4, 4, 4}, 0}, {{1, 1, 7}, {7, 3, 5}, 4096}, {{9, 1, 1}, {1, 1, 64}, 0},
};

static void test_ids(hgt *t) {
    hgt_str src = {0};
    emit_ids(&src);
    hgt_load(t, src.s);
    hgt_str_free(&src);
    hg_kernel *k = hg_module_kernel(t->mod, "ids");
    const hg_config *cfg = hg_ctx_config(t->ctx);
    for (size_t ci = 0; ci < sizeof configs / sizeof configs[0]; ci++) {
        const config *c = &configs[ci];
        uint32_t nt = c->block.x * c->block.y * c->block.z, nb = c->grid.x * c->grid.y * c->grid.z;
        size_t bytes = (size_t)nt * nb * 4 * WORDS;
        uint64_t out = hgt_alloc(t, bytes);
        hg_launch_params p = {c->grid, c->block, c->dyn, &out, 8};
        hg_status st = hg_launch(t->ctx, k, &p, NULL);
        CHECK_EQ_U(st, HG_OK);
        uint32_t *r = malloc(bytes);
        hgt_get(t, r, out, bytes);
        int bad = 0;
        for (uint32_t b = 0; b < nb; b++)
            for (uint32_t i = 0; i < nt; i++) {
                const uint32_t *w = r + ((size_t)b * nt + i) * WORDS;
                uint32_t lane = i % 32;
                uint32_t want[WORDS] = {
                    i % c->block.x,
                    i / c->block.x % c->block.y,
                    i / (c->block.x * c->block.y),
                    c->block.x,
                    c->block.y,
                    c->block.z,
                    b % c->grid.x,
                    b / c->grid.x % c->grid.y,
                    b / (c->grid.x * c->grid.y),
                    c->grid.x,
                    c->grid.y,
                    c->grid.z,
                    lane,
                    i / 32,
                    cfg->max_warps_per_sm,
                    b % cfg->sm_count,
                    cfg->sm_count,
                    1u << lane,
                    (1u << lane) - 1,
                    (uint32_t)((2ull << lane) - 1),
                    (uint32_t)(~0ull << (lane + 1)),
                    ~0u << lane,
                    c->dyn,
                    48,
                };
                for (unsigned e = 0; e < WORDS; e++)
                    if (w[e] != want[e] && bad++ < 5)
                        fprintf(stderr, "config %zu block %u thread %u: %s = %u, expected %u\n", ci,
                                b, i, regs[e] ? regs[e] : "R1", w[e], want[e]);
            }
        CHECK(bad == 0);
        free(r);
        hg_free(t->ctx, out);
    }
}

/* Two reads of each clock around a 100-iteration loop, per thread. */
static const char *clock_src = ".kernel clocks\n"
                               ".param 0, 8\n"
                               "    S2R R2, SR_CLOCK\n"
                               "    S2R R4, SR_CLOCK64\n"
                               "    S2R R6, SR_GLOBALTIMER\n"
                               "    MOV R20, 0\n"
                               "spin:\n"
                               "    IADD R20, R20, 1\n"
                               "    ISETP.LT.U32 P0, R20, 100\n"
                               "@P0 BRA spin\n"
                               "    S2R R3, SR_CLOCK\n"
                               "    S2R R8, SR_CLOCK64\n"
                               "    S2R R10, SR_GLOBALTIMER\n"
                               "    S2R R12, SR_TID.X\n"
                               "    S2R R13, SR_CTAID.X\n"
                               "    S2R R14, SR_NTID.X\n"
                               "    IMAD R12, R13, R14, R12\n"
                               "    SHL R12, R12, 6\n"
                               "    IMULW.U32 R12, R12, 1\n"
                               "    LDP.B64 R14, [RZ]\n"
                               "    IADD64 R14, R14, R12\n"
                               "    STG.B64 [R14], R2\n"
                               "    STG.B64 [R14+8], R4\n"
                               "    STG.B64 [R14+16], R6\n"
                               "    STG.B64 [R14+24], R8\n"
                               "    STG.B64 [R14+32], R10\n"
                               "    EXIT\n";

static uint64_t wall_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void test_clocks(hgt *t) {
    hgt_load(t, clock_src);
    enum { B = 8, T = 96 };
    uint64_t out = hgt_alloc(t, B * T * 64);
    uint64_t before = wall_ns();
    if (!hgt_run(t, "clocks", hgt_dim(B, 1, 1), hgt_dim(T, 1, 1), &out, 8, NULL))
        return;
    uint64_t after = wall_ns();
    static uint32_t r[B * T][16];
    hgt_get(t, r, out, sizeof r);
    int bad = 0;
    for (unsigned i = 0; i < B * T; i++) {
        uint32_t c1 = r[i][0], c2 = r[i][1];
        uint64_t c64a = r[i][2] | (uint64_t)r[i][3] << 32, c64b = r[i][6] | (uint64_t)r[i][7] << 32;
        uint64_t g1 = r[i][4] | (uint64_t)r[i][5] << 32, g2 = r[i][8] | (uint64_t)r[i][9] << 32;
        /* the loop is 300 warp instructions of this warp alone */
        if ((uint32_t)(c2 - c1) < 300 && bad++ < 3)
            fprintf(stderr, "thread %u: SR_CLOCK went from %u to %u over 300 instructions\n", i, c1,
                    c2);
        if (c64b < c64a + 300 && bad++ < 3)
            fprintf(stderr, "thread %u: SR_CLOCK64 went from %llu to %llu\n", i,
                    (unsigned long long)c64a, (unsigned long long)c64b);
        if ((uint32_t)c64a - c1 > 1000 && bad++ < 3) /* read one instruction apart */
            fprintf(stderr, "thread %u: SR_CLOCK %u and SR_CLOCK64 %llu disagree\n", i, c1,
                    (unsigned long long)c64a);
        if ((g1 < before || g2 < g1 || g2 > after) && bad++ < 3)
            fprintf(stderr, "thread %u: SR_GLOBALTIMER %llu outside the launch [%llu, %llu]\n", i,
                    (unsigned long long)g1, (unsigned long long)before, (unsigned long long)after);
    }
    CHECK(bad == 0);
}

int main(int argc, char **argv) {
    hgt t;
    hgt_open(&t, "teach", hgt_threads_arg(argc, argv));
    test_ids(&t);
    test_clocks(&t);
    hgt_close(&t);
    return hgt_finish("test_sreg");
}
