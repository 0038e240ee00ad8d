/* test_profile.c -- what the profiler (hiprof) needs from the core: the
 * barrier-stall counters and the per-block timeline, on kernels whose
 * answer is known by construction. */
#include <string.h>

#include "hgtest.h"

/* Warp 0 of each block counts down from n (3 warp instructions per trip)
 * while the other warps go straight to the barrier.  Every warp issues 4
 * instructions before its loop or branch and then BAR.SYNC, so warp 0
 * arrives at slot 5 + 3n, the others at slot 5, and each of them waits 3n
 * slots.  After the barrier every warp issues BAR.SYNC again (its
 * completion) and EXIT, so each lives 3n + 7 slots.  `balanced` runs the
 * loop in every warp: nobody waits. */
static const char *kernels = ".kernel imbalance\n"
                             ".param 0, 4\n"
                             "    S2R R0, SR_TID.X\n"
                             "    LDP R1, [RZ]\n"
                             "    ISETP.GE.U32 P0, R0, 32\n"
                             "@P0 BRA wait\n"
                             "loop:\n"
                             "    IADD R1, R1, 0xffffffff\n"
                             "    ISETP.NE.S32 P1, R1, 0\n"
                             "@P1 BRA loop\n"
                             "wait:\n"
                             "    BAR.SYNC 0\n"
                             "    EXIT\n"
                             ".kernel balanced\n"
                             ".param 0, 4\n"
                             "    S2R R0, SR_TID.X\n"
                             "    LDP R1, [RZ]\n"
                             "    ISETP.GE.U32 P0, R0, 0xffffffff\n"
                             "@P0 BRA wait2\n"
                             "loop2:\n"
                             "    IADD R1, R1, 0xffffffff\n"
                             "    ISETP.NE.S32 P1, R1, 0\n"
                             "@P1 BRA loop2\n"
                             "wait2:\n"
                             "    BAR.SYNC 0\n"
                             "    EXIT\n";

static void test_barrier_stall(hgt *t) {
    hgt_load(t, kernels);
    /* n spans several scheduling quanta: the stall must not depend on them */
    const uint32_t ns[] = {1, 10, 5000};
    for (size_t i = 0; i < sizeof ns / sizeof *ns; i++) {
        uint32_t n = ns[i];
        hg_launch_stats s;
        const uint64_t blocks = 3, warps = 4;
        if (!hgt_run(t, "imbalance", hgt_dim(3, 1, 1), hgt_dim(128, 1, 1), &n, 4, &s))
            continue;
        CHECK_EQ_U(s.c.barrier_stall, blocks * (warps - 1) * 3 * n);
        CHECK_EQ_U(s.c.warp_slots, blocks * warps * (3 * n + 7));
        if (!hgt_run(t, "balanced", hgt_dim(3, 1, 1), hgt_dim(128, 1, 1), &n, 4, &s))
            continue;
        CHECK_EQ_U(s.c.barrier_stall, 0);
        CHECK_EQ_U(s.c.warp_slots, blocks * warps * (3 * n + 7));
    }
}

/* Achieved occupancy counts the warps resident when their turn in a
 * scheduling round comes, so warps that finish within their first quantum
 * count too.  On the teach preset (32 warps, 8 blocks per SM) 32 blocks of
 * 4 warps fill the 4 SMs at once.  In round 1 every warp runs to the
 * barrier; the last of each block releases it and runs on to its exit.  In
 * round 2 the other three exit.  So 32 and then 24 of 32 warps: 87.5 %. */
static void test_achieved_occupancy(hgt *t) {
    hgt_load(t, kernels);
    uint32_t n = 1;
    hg_launch_stats s;
    if (!hgt_run(t, "balanced", hgt_dim(32, 1, 1), hgt_dim(128, 1, 1), &n, 4, &s))
        return;
    CHECK(s.theoretical_occupancy == 1.0);
    CHECK(s.achieved_occupancy == 0.875);
    CHECK_EQ_U(s.c.sched_rounds, 2 * 4);
}

/* What the observer saw of the last kernel. */
typedef struct seen_blocks {
    int kernels;
    uint32_t nblocks;
    hg_block_span spans[64];
    hg_dim3 grid, block;
    uint32_t nregs;
    int named;
} seen_blocks;

static void observe(void *arg, const hg_op_record *r) {
    seen_blocks *s = arg;
    if (r->kind != HG_OP_KERNEL)
        return;
    s->kernels++;
    s->nblocks = r->nblocks;
    if (r->nblocks)
        memcpy(s->spans, r->blocks, (r->nblocks < 64 ? r->nblocks : 64) * sizeof *r->blocks);
    s->grid = r->launch->grid;
    s->block = r->launch->block;
    s->nregs = hg_kernel_info(r->k)->nregs;
    s->named = !strcmp(hg_kernel_info(r->k)->name, r->kernel);
}

static void test_block_spans(hgt *t) {
    hgt_load(t, kernels);
    const hg_config *cfg = hg_ctx_config(t->ctx);
    seen_blocks s;
    uint32_t n = 100;
    memset(&s, 0, sizeof s);
    hg_ctx_set_observer(t->ctx, observe, &s);

    /* off by default */
    hgt_run(t, "imbalance", hgt_dim(10, 1, 1), hgt_dim(64, 1, 1), &n, 4, NULL);
    CHECK_EQ_U(s.kernels, 1);
    CHECK_EQ_U(s.nblocks, 0);
    CHECK_EQ_U(s.grid.x, 10);
    CHECK_EQ_U(s.block.x, 64);
    CHECK(s.nregs >= 2);
    CHECK(s.named);

    /* every block: on SM b mod sm_count, inside the kernel, in a valid slot */
    hg_ctx_record_blocks(t->ctx, 1000);
    hgt_run(t, "imbalance", hgt_dim(10, 1, 1), hgt_dim(64, 1, 1), &n, 4, NULL);
    CHECK_EQ_U(s.nblocks, 10);
    for (uint32_t b = 0; b < s.nblocks; b++) {
        const hg_block_span *sp = &s.spans[b];
        CHECK_EQ_U(sp->sm, b % cfg->sm_count);
        CHECK(sp->start_ns > 0 && sp->end_ns >= sp->start_ns);
        CHECK(sp->end_clock > sp->start_clock);
        CHECK(sp->slot < cfg->max_blocks_per_sm);
    }
    /* blocks that share an SM run one after another in its slots, so the
     * SM's issue clock orders them */
    if (cfg->sm_count < 10)
        CHECK(s.spans[cfg->sm_count].start_clock >= s.spans[0].start_clock);

    /* capped */
    hg_ctx_record_blocks(t->ctx, 3);
    hgt_run(t, "imbalance", hgt_dim(10, 1, 1), hgt_dim(64, 1, 1), &n, 4, NULL);
    CHECK_EQ_U(s.nblocks, 3);

    hg_ctx_record_blocks(t->ctx, 0);
    hgt_run(t, "imbalance", hgt_dim(10, 1, 1), hgt_dim(64, 1, 1), &n, 4, NULL);
    CHECK_EQ_U(s.nblocks, 0);
    CHECK_EQ_U(s.kernels, 4);
    hg_ctx_set_observer(t->ctx, NULL, NULL);
}

int main(int argc, char **argv) {
    int threads = hgt_threads_arg(argc, argv);
    hgt t;
    hgt_open(&t, "teach", threads);
    test_barrier_stall(&t);
    test_achieved_occupancy(&t);
    test_block_spans(&t);
    hgt_close(&t);
    return hgt_finish("profile");
}
