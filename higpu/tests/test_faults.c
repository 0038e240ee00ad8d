/* test_faults.c -- every fault kind is reported with its kernel, block,
 * thread and pc, poisons the context, and a new context works again. */
#include <string.h>

#include "hgtest.h"

static const char *kernels =
    ".kernel oob\n"                 /* thread 5 of block 1 reads past the buffer */
    ".param 0, 8\n"
    "    S2R R0, SR_TID.X\n"
    "    S2R R1, SR_CTAID.X\n"
    "    IMAD R0, R1, 32, R0\n"
    "    IMULW.U32 R2, R0, 4\n"
    "    ISETP.EQ.S32 P0, R0, 37\n"
    "@P0 IADD R2, R2, 0x10000\n"
    "    LDP.B64 R4, [RZ]\n"
    "    IADD64 R4, R4, R2\n"
    "    LDG R6, [R4]\n"
    "    EXIT\n"
    ".kernel misaligned\n"
    ".param 0, 8\n"
    "    LDP.B64 R4, [RZ]\n"
    "    LDG R6, [R4+2]\n"
    "    EXIT\n"
    ".kernel trap\n"
    "    S2R R0, SR_TID.X\n"
    "    ISETP.EQ.S32 P0, R0, 3\n"
    "@P0 TRAP 7\n"
    "    EXIT\n"
    ".kernel hang\n"
    "spin:\n"
    "    BRA spin\n"
    ".kernel deadlock\n"           /* half the block waits at a barrier the other half never reaches */
    "    S2R R0, SR_TID.X\n"
    "    ISETP.LT.S32 P0, R0, 32\n"
    "@P0 BAR.SYNC 0, 64\n"
    "    EXIT\n"
    ".kernel shared_oob\n"
    ".shared 64\n"
    "    MOV R0, 64\n"
    "    LDS R1, [R0]\n"
    "    EXIT\n"
    ".kernel fine\n"
    ".param 0, 8\n"
    "    LDP.B64 R4, [RZ]\n"
    "    MOV R6, 42\n"
    "    STG [R4], R6\n"
    "    EXIT\n";

static int threads = 2;

static void expect_fault(hgt *t, const char *kernel, uint32_t blocks, uint32_t threads,
                         hg_status want_status, hg_fault_kind kind, hg_dim3 block, hg_dim3 thread,
                         uint32_t pc) {
    hgt_open(t, "teach", threads);
    hgt_load(t, kernels);
    uint64_t buf = hgt_alloc(t, 256);
    hg_status st = hgt_launch(t, kernel, hgt_dim(blocks, 1, 1), hgt_dim(threads, 1, 1), &buf, 8, NULL);
    CHECK_EQ_U(st, want_status);
    hg_fault f;
    hg_ctx_fault(t->ctx, &f);
    char line[512];
    hg_fault_format(&f, line, sizeof line);
    printf("%s: %s\n", kernel, line);
    CHECK_EQ_U(f.kind, kind);
    CHECK(!strcmp(f.kernel, kernel));
    if (kind != HG_FAULT_WATCHDOG) {
        CHECK_EQ_U(f.block.x, block.x);
        CHECK_EQ_U(f.thread.x, thread.x);
        CHECK_EQ_U(f.pc, pc);
    }
    if (kind == HG_FAULT_TRAP)
        CHECK_EQ_U(f.address, 7); /* the trap code */
    /* pc is the byte offset in the module's .text; the context is sticky ... */
    CHECK_EQ_U(hg_ctx_sticky(t->ctx), want_status);
    CHECK_EQ_U(hgt_launch(t, "fine", hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), &buf, 8, NULL), HG_ERR_STICKY);
    /* ... and a new context on the same node works */
    hg_module_unload(t->mod);
    t->mod = NULL;
    hg_ctx_destroy(t->ctx);
    hg_ctx_options o = {.host_threads = threads};
    CHECK_EQ_U(hg_ctx_create(t->node, 0, &o, &t->ctx), HG_OK);
    hgt_load(t, kernels);
    buf = hgt_alloc(t, 256);
    CHECK_EQ_U(hgt_launch(t, "fine", hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), &buf, 8, NULL), HG_OK);
    uint32_t v = 0;
    hgt_get(t, &v, buf, 4);
    CHECK_EQ_U(v, 42);
    hgt_close(t);
}

int main(int argc, char **argv) {
    if (argc > 1)
        threads = atoi(argv[1]);
    hgt t;
    expect_fault(&t, "oob", 2, 32, HG_ERR_KERNEL_FAULT, HG_FAULT_OUT_OF_BOUNDS, hgt_dim(1, 0, 0),
                 hgt_dim(5, 0, 0), 0x80);
    expect_fault(&t, "misaligned", 1, 32, HG_ERR_KERNEL_FAULT, HG_FAULT_MISALIGNED, hgt_dim(0, 0, 0),
                 hgt_dim(0, 0, 0), 0xb0);
    expect_fault(&t, "trap", 1, 32, HG_ERR_KERNEL_FAULT, HG_FAULT_TRAP, hgt_dim(0, 0, 0),
                 hgt_dim(3, 0, 0), 0xf0);
    setenv("HI_WATCHDOG_MS", "300", 1);
    expect_fault(&t, "hang", 1, 32, HG_ERR_TIMEOUT, HG_FAULT_WATCHDOG, hgt_dim(0, 0, 0),
                 hgt_dim(0, 0, 0), 0);
    expect_fault(&t, "deadlock", 1, 64, HG_ERR_KERNEL_FAULT, HG_FAULT_DEADLOCK, hgt_dim(0, 0, 0),
                 hgt_dim(0, 0, 0), 0x140);
    expect_fault(&t, "shared_oob", 1, 32, HG_ERR_KERNEL_FAULT, HG_FAULT_OUT_OF_BOUNDS,
                 hgt_dim(0, 0, 0), hgt_dim(0, 0, 0), 0x170);
    return hgt_finish("test_faults");
}
