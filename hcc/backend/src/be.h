/* be.h -- the backend's machine IR (MIR) and the interfaces between its
 * passes: module preparation (be_module.c), block layout (be_cfg.c),
 * instruction selection (be_isel*.c), register allocation (be_ra.c) and
 * assembly emission (be_emit.c).
 *
 * MIR instructions are HISA instructions whose register operands are
 * virtual registers (vregs) of 1, 2, 4 or 8 consecutive 32-bit words;
 * predicates are physical (P0..P6: isel uses them only inside the lowering
 * of one IR instruction, so they never need allocating). */
#ifndef HCCBE_BE_H
#define HCCBE_BE_H

#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <setjmp.h>
#include <stdint.h>

#include "hccbe.h"
#include "hisa/hisa.h"

enum { MI_COPY = HISA_OP_COUNT, /* d = a, any width */
       MI_UNDEF,                /* d is defined with unspecified contents (no code) */
       MI_EPILOGUE,             /* a device function's return: restore registers, RET */
       MI_OP_END };

/* Fixed registers of the calling convention (docs/hcc.md): operands may
 * name them with these negative vreg numbers. */
enum { VREG_SP = -1, /* R1, the stack pointer */
       VREG_RA = -2  /* R0, the return address */ };

/* What a frame-relative immediate or memory offset is relative to. */
enum { FRAME_NONE, FRAME_LOCAL /* the function's own frame */, FRAME_ARGS /* incoming arguments */ };

typedef enum mo_kind {
    MO_NONE,
    MO_VREG,  /* vreg `reg`, starting at word `sub`; reg 0 is RZ */
    MO_IMM,   /* integer immediate `imm` */
    MO_PRED,  /* physical predicate `reg` (7 = PT), negated if `neg` */
    MO_BLOCK, /* branch target: block `imm` */
    MO_SYM,   /* sym+imm @lo or @hi (hi set) */
    MO_FUNC,  /* sym@code (CALL target) */
    MO_SREG,  /* special register `imm` */
    MO_MEM,   /* [vreg reg (word sub) + imm]; reg 0 means RZ */
    MO_DYNSHARED, /* immediate: where dynamic shared memory starts (+imm) */
} mo_kind;

typedef struct mopnd {
    uint8_t kind, sub, neg, hi;
    uint8_t frame; /* FRAME_*: the offset is resolved when the frame is known */
    int32_t reg;
    int64_t imm;
    const char *sym;
} mopnd;

typedef struct minst {
    uint16_t op, mods;
    uint8_t guard; /* predicate number | HISA_PRED_NEG; HISA_PT = always */
    uint8_t nops;
    mopnd o[HISA_MAX_OPERANDS];
    uint32_t line; /* index into the function's line table, 0 = none */
} minst;

typedef struct mblock {
    minst *insts;
    int n, cap;
    int succ[2], nsucc; /* filled by isel from the terminator */
    int label;          /* printed as .L<fn>_<label> */
} mblock;

typedef struct srcloc {
    const char *file;
    unsigned line, col;
} srcloc;

/* Per-function state shared by the passes. */
typedef struct mfunc {
    const char *name;
    int is_kernel;
    mblock *blocks; /* IR blocks in be_block_order's order, then edge blocks */
    int nblocks;
    int *layout;    /* block indices in emission order */
    uint8_t *vwords; /* words per vreg (index 0 unused) */
    int nvregs, vcap;
    int *phys;       /* after RA: first physical register per vreg */
    unsigned nregs;  /* registers used (1 + highest) */
    unsigned frame_bytes; /* local memory: allocas and byval copies */
    unsigned shared_bytes; /* static shared memory */
    struct be_param { unsigned offset, size; } *params;
    unsigned nparams, param_bytes;
    unsigned argarea;     /* device functions: bytes of arguments / return value */
    unsigned out_area;    /* the largest argument area of the calls it makes (below R1) */
    int uses_stack;  /* R0/R1 are reserved for the call ABI (the module has calls) */
    int makes_calls; /* this function calls: a kernel then sets up the stack */
    unsigned max_threads; /* kernels: __launch_bounds__'s block size limit, 0 if none */
    srcloc *lines;
    int nlines, lcap;
} mfunc;

/* The compilation of one module. */
typedef struct be {
    LLVMContextRef llctx;
    LLVMModuleRef mod;
    LLVMTargetDataRef td;
    const hccbe_options *opts;
    const char *name;
    char *err;
    size_t errlen;
    jmp_buf fail; /* be_error longjmps here */
    const char *fn_name; /* the function being compiled, for error messages */
    int uses_printf; /* some function calls vprintf: emit __hcc_printf */
    int has_calls;   /* device functions remain after inlining: R0/R1 are reserved */
    unsigned stack_bytes; /* per-thread call stack for kernels that call */
    void **arena;  /* every block the passes allocated (be_util.c) */
    size_t narena, arenacap;
    /* output text */
    char *out;
    size_t outlen, outcap;
} be;

/* Reports an error (at the location of IR value v if it has one) and
 * abandons the compilation. */
_Noreturn void be_error(be *b, LLVMValueRef v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void be_printf(be *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Memory of one compilation: zeroed, released by be_arena_release even when
 * an error abandons the compilation; be_free returns a block early. */
void *be_alloc(be *b, size_t n);
void *be_realloc(be *b, void *p, size_t n);
void *be_grow(be *b, void *p, int *cap, int need, size_t elem);
void be_free(be *b, void *p);
void be_arena_release(be *b);

/* Lowers one defined function to MIR (be_isel.c). */
void be_isel_function(be *b, LLVMValueRef fn, mfunc *mf);
/* Orders fn's basic blocks (be_cfg.c): reverse post-order with every loop
 * contiguous and loop exits after the loop, so min-PC scheduling
 * reconverges at immediate post-dominators (docs/simt.md).  Returns a
 * malloc'd array of nblocks block refs. */
LLVMBasicBlockRef *be_block_order(be *b, LLVMValueRef fn, int *nblocks);
/* Allocates physical registers (be_ra.c). */
void be_regalloc(be *b, mfunc *mf);
/* Prints the function (be_emit.c). */
void be_emit_function(be *b, mfunc *mf, LLVMValueRef fn);
void be_mfunc_free(be *b, mfunc *mf);

/* Operand constructors. */
static inline mopnd mo_vreg(int r) { return (mopnd){.kind = MO_VREG, .reg = r}; }
static inline mopnd mo_vsub(int r, int sub) { return (mopnd){.kind = MO_VREG, .reg = r, .sub = (uint8_t)sub}; }
static inline mopnd mo_imm(int64_t v) { return (mopnd){.kind = MO_IMM, .imm = v}; }
static inline mopnd mo_pred(int p, int neg) { return (mopnd){.kind = MO_PRED, .reg = p, .neg = (uint8_t)neg}; }
static inline mopnd mo_block(int blk) { return (mopnd){.kind = MO_BLOCK, .imm = blk}; }
static inline mopnd mo_sreg(int sr) { return (mopnd){.kind = MO_SREG, .imm = sr}; }
static inline mopnd mo_mem(int r, int sub, int64_t off) {
    return (mopnd){.kind = MO_MEM, .reg = r, .sub = (uint8_t)sub, .imm = off};
}
static inline mopnd mo_sym(const char *s, int64_t add, int hi) {
    return (mopnd){.kind = MO_SYM, .sym = s, .imm = add, .hi = (uint8_t)hi};
}

/* Operand letters of a MIR opcode (pseudo-ops: "d,a" / "d"). */
const char *be_op_letters(unsigned op);
/* Bytes of the argument area of device function fn (arguments, or the
 * return value if larger), and each argument's offset in it.  A byval
 * struct takes its bytes in memory layout. */
unsigned be_arg_layout(be *b, LLVMValueRef fn, unsigned *offsets);
LLVMTypeRef be_byval_type(LLVMValueRef fn, unsigned i);

#endif
