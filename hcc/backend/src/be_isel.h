/* be_isel.h -- instruction selection state and helpers shared by the
 * be_isel*.c files (core, arithmetic, memory, intrinsics). */
#ifndef HCCBE_BE_ISEL_H
#define HCCBE_BE_ISEL_H

#include "be.h"
#include "be_util.h"

typedef struct isel {
    be *b;
    mfunc *mf;
    LLVMValueRef fn;
    ptrmap vmap;      /* IR value -> vreg */
    ptrmap bmap;      /* IR block -> MIR block index */
    ptrmap frame;     /* alloca -> offset in the frame + 1; shared global -> offset + 1 */
    ptrmap spaceval;  /* pointer into shared/local memory -> its variable part (a
                       * vreg) << 3 | kind (space_kind in be_isel_mem.c) */
    ptrmap spaceoff;  /* ... and the constant offset added to it */
    struct gep_var *gep_vars; /* variable parts built in the current block */
    int ngep_vars, gep_vars_cap, gep_vars_block;
    LLVMBasicBlockRef *order; /* the IR blocks, by MIR block index */
    int norder;
    int cur;          /* MIR block being filled */
    uint32_t line;    /* current source line index */
    LLVMValueRef inst;/* IR instruction being lowered (for errors) */
} isel;

/* ---- emitting ------------------------------------------------------------------- */

minst *emit(isel *s, unsigned op, unsigned mods, int nops, ...);
/* The same with a guard predicate. */
minst *emit_g(isel *s, unsigned guard, unsigned op, unsigned mods, int nops, ...);
int new_vreg(isel *s, int words);
void emit_copy(isel *s, int dst, int src);

/* Modifier encodings (hisa_modgroups shifts). */
unsigned mod(hisa_modgroup_id g, unsigned value);

/* A new, empty MIR block emitted at layout position `at` / right after
 * `block`; returns its index.  For lowerings that need a loop. */
int new_block(isel *s, int at);
int new_block_after(isel *s, int block);

/* ---- values ---------------------------------------------------------------------- */

/* 32-bit words of a first-class type (error if it has no register form). */
int type_words(isel *s, LLVMTypeRef t);
/* Bits of an integer type, or 0. */
unsigned int_bits(LLVMTypeRef t);
/* The vreg of an instruction or argument (made on first reference). */
int vreg_of(isel *s, LLVMValueRef v);
/* A vreg holding v: constants are materialised here. */
int reg(isel *s, LLVMValueRef v);
/* An operand for a `b` slot: a 32-bit immediate when v is a constant that
 * fits, else a register (word `sub` of a wide value). */
mopnd opnd_b(isel *s, LLVMValueRef v);
/* An operand for a `c` slot (25-bit immediate). */
mopnd opnd_c(isel *s, LLVMValueRef v);
/* Constant integer value of v if it is one (returns 1). */
int const_int(LLVMValueRef v, int64_t *out);
/* Low `bits` of a 32-bit register, sign- or zero-extended into a new vreg
 * (returns r itself when bits == 32). */
int ext32(isel *s, int r, unsigned bits, int is_signed);
/* The same for integers of 33..63 bits in register pairs (LLVM makes such
 * types, e.g. i33 for closed forms of loop sums): a new pair with the value
 * extended to 64 bits (r itself when bits == 64). */
int ext64(isel *s, int r, unsigned bits, int is_signed);
/* An i1 or compare value as predicate P<p> (negated if *neg). */
void cond_to_pred(isel *s, LLVMValueRef c, int p, int *neg);

/* ---- lowering entry points --------------------------------------------------------- */

void isel_binop(isel *s, LLVMValueRef in);
void isel_cmp(isel *s, LLVMValueRef in);
void isel_cast(isel *s, LLVMValueRef in);
void isel_select(isel *s, LLVMValueRef in);
void isel_fneg(isel *s, LLVMValueRef in);
void isel_gep(isel *s, LLVMValueRef in);
void isel_load(isel *s, LLVMValueRef in);
void isel_store(isel *s, LLVMValueRef in);
void isel_alloca(isel *s, LLVMValueRef in);
void isel_atomicrmw(isel *s, LLVMValueRef in);
void isel_cmpxchg(isel *s, LLVMValueRef in);
void isel_fence(isel *s, LLVMValueRef in);
void isel_call(isel *s, LLVMValueRef in);
/* A pointer value as a (base vreg, offset) address in its space. */
typedef struct addr {
    int space;     /* LLVM address space */
    int base;      /* vreg: 64-bit pointer (32-bit for shared/local offsets), 0 = RZ */
    int base_sub;
    int64_t off;
    int frame;     /* FRAME_LOCAL: off is relative to the frame (allocas) */
} addr;
addr address_of(isel *s, LLVMValueRef ptr);
/* A pointer value for address a into the pair d: shared and local addresses
 * as generic pointers if `generic`, else as zero-extended offsets. */
int addr_value(isel *s, addr a, int d, int generic);
/* The memory operand for address a + extra (wide: a 64-bit base). */
mopnd mem_operand(isel *s, addr a, int64_t extra, int wide);
void isel_copy_to_stack(isel *s, LLVMValueRef ptr, unsigned size, unsigned align, int64_t off);
/* Generic-space pointer from a value in another space. */
int to_generic(isel *s, LLVMValueRef ptr);
/* Lowers llvm.memcpy / memmove / memset (be_isel_mem.c). */
void isel_memintrinsic(isel *s, LLVMValueRef call, const char *name);

#endif
