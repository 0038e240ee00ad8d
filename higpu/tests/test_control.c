/* test_control.c -- divergence and reconvergence shapes, barriers, exit. */
#include <string.h>

#include "hgtest.h"

/* out[tid] = tid < 10 ? tid * 2 : tid + 100, then a warp vote checks that
 * all 32 lanes reconverged before the ballot. */
static const char *if_else =
    ".kernel if_else\n"
    ".param 0, 8\n"
    "    S2R R0, SR_TID.X\n"
    "    ISETP.LT.S32 P0, R0, 10\n"
    "@!P0 BRA else\n"
    "    IADD R1, R0, R0\n"
    "    BRA join\n"
    "else:\n"
    "    IADD R1, R0, 100\n"
    "join:\n"
    "    ACTMASK R2\n"                  /* must be all lanes again */
    "    LDP.B64 R4, [RZ]\n"
    "    IMULW.U32 R6, R0, 8\n"
    "    IADD64 R4, R4, R6\n"
    "    STG [R4], R1\n"
    "    STG [R4+4], R2\n"
    "    EXIT\n";

/* A loop whose trip count is the lane id, with a break at 5 and a
 * continue on odd iterations: out[tid] = sum of even i < min(tid, 5). */
static const char *loop =
    ".kernel loop\n"
    ".param 0, 8\n"
    "    S2R R0, SR_TID.X\n"
    "    MOV R1, 0\n"                   /* i */
    "    MOV R2, 0\n"                   /* sum */
    "head:\n"
    "    ISETP.GE.S32 P0, R1, R0\n"
    "@P0 BRA done\n"
    "    ISETP.EQ.S32 P1, R1, 5\n"
    "@P1 BRA done\n"                    /* break */
    "    AND R3, R1, 1\n"
    "    ISETP.NE.S32 P2, R3, 0\n"
    "@P2 BRA latch\n"                   /* continue */
    "    IADD R2, R2, R1\n"
    "latch:\n"
    "    IADD R1, R1, 1\n"
    "    BRA head\n"
    "done:\n"
    "    ACTMASK R5\n"
    "    LDP.B64 R6, [RZ]\n"
    "    IMULW.U32 R8, R0, 8\n"
    "    IADD64 R6, R6, R8\n"
    "    STG [R6], R2\n"
    "    STG [R6+4], R5\n"
    "    EXIT\n";

/* Block-wide sum through shared memory with barriers (tree reduction). */
static const char *reduce =
    ".kernel reduce\n"
    ".param 0, 8\n"
    ".shared 1024\n"
    "    S2R R0, SR_TID.X\n"
    "    S2R R9, SR_NTID.X\n"
    "    SHL R1, R0, 2\n"
    "    IADD R2, R0, 1\n"
    "    STS [R1], R2\n"               /* s[tid] = tid + 1 */
    "    BAR.SYNC 0\n"
    "    SHR.U32 R3, R9, 1\n"          /* stride = n / 2 */
    "top:\n"
    "    ISETP.EQ.S32 P0, R3, 0\n"
    "@P0 BRA out\n"
    "    ISETP.GE.S32 P1, R0, R3\n"
    "@P1 BRA skip\n"
    "    SHL R4, R3, 2\n"
    "    IADD R4, R1, R4\n"
    "    LDS R5, [R4]\n"
    "    LDS R6, [R1]\n"
    "    IADD R6, R6, R5\n"
    "    STS [R1], R6\n"
    "skip:\n"
    "    BAR.SYNC 0\n"
    "    SHR.U32 R3, R3, 1\n"
    "    BRA top\n"
    "out:\n"
    "    ISETP.NE.S32 P2, R0, 0\n"
    "@P2 EXIT\n"
    "    LDS R7, [RZ]\n"
    "    LDP.B64 R10, [RZ]\n"
    "    STG [R10], R7\n"
    "    EXIT\n";

/* Early exit of half the warp, then a full-warp-mask shuffle among the rest. */
static const char *early_exit =
    ".kernel early_exit\n"
    ".param 0, 8\n"
    "    S2R R0, SR_TID.X\n"
    "    ISETP.GE.S32 P0, R0, 16\n"
    "@P0 EXIT\n"
    "    SHFL.DOWN R1, PT, R0, 1, 0x1f, 0xffff\n"
    "    LDP.B64 R4, [RZ]\n"
    "    IMULW.U32 R6, R0, 4\n"
    "    IADD64 R4, R4, R6\n"
    "    STG [R4], R1\n"
    "    EXIT\n";

static void test_if_else(hgt *t) {
    hgt_load(t, if_else);
    uint64_t out = hgt_alloc(t, 32 * 8);
    CHECK_EQ_U(hgt_launch(t, "if_else", hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), &out, 8, NULL), HG_OK);
    uint32_t r[64];
    hgt_get(t, r, out, sizeof r);
    for (uint32_t i = 0; i < 32; i++) {
        CHECK_EQ_U(r[2 * i], i < 10 ? i * 2 : i + 100);
        CHECK_EQ_U(r[2 * i + 1], 0xffffffffu);
    }
}

static void test_loop(hgt *t) {
    hgt_load(t, loop);
    uint64_t out = hgt_alloc(t, 64 * 8);
    hg_launch_stats s;
    CHECK_EQ_U(hgt_launch(t, "loop", hgt_dim(1, 1, 1), hgt_dim(64, 1, 1), &out, 8, &s), HG_OK);
    uint32_t r[128];
    hgt_get(t, r, out, sizeof r);
    for (uint32_t i = 0; i < 64; i++) {
        uint32_t want = 0;
        for (uint32_t k = 0; k < i && k < 5; k++)
            want += (k & 1) ? 0 : k;
        CHECK_EQ_U(r[2 * i], want);
        CHECK_EQ_U(r[2 * i + 1], 0xffffffffu);
    }
    CHECK(s.c.divergent_branches > 0);
    CHECK(s.warp_efficiency < 1.0);
}

static void test_reduce(hgt *t) {
    hgt_load(t, reduce);
    uint64_t out = hgt_alloc(t, 4);
    for (uint32_t n = 32; n <= 256; n *= 2) {
        hg_launch_stats s;
        CHECK_EQ_U(hgt_launch(t, "reduce", hgt_dim(1, 1, 1), hgt_dim(n, 1, 1), &out, 8, &s), HG_OK);
        uint32_t r;
        hgt_get(t, &r, out, 4);
        CHECK_EQ_U(r, n * (n + 1) / 2);
        CHECK(s.c.barriers > 0);
    }
}

static void test_early_exit(hgt *t) {
    hgt_load(t, early_exit);
    uint64_t out = hgt_alloc(t, 32 * 4);
    uint32_t init[32];
    memset(init, 0xee, sizeof init);
    hgt_put(t, out, init, sizeof init);
    CHECK_EQ_U(hgt_launch(t, "early_exit", hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), &out, 8, NULL), HG_OK);
    uint32_t r[32];
    hgt_get(t, r, out, sizeof r);
    for (uint32_t i = 0; i < 16; i++)
        CHECK_EQ_U(r[i], i + 1 < 32 ? i + 1 : i);
    for (uint32_t i = 16; i < 32; i++)
        CHECK_EQ_U(r[i], 0xeeeeeeeeu);
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 2;
    hgt t;
    hgt_open(&t, "teach", threads);
    test_if_else(&t);
    test_loop(&t);
    test_reduce(&t);
    test_early_exit(&t);
    hgt_close(&t);
    return hgt_finish("test_control");
}
