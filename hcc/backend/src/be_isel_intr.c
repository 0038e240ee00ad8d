/* be_isel_intr.c -- calls: LLVM and NVVM intrinsics (special registers,
 * barriers, warp operations, math) and device printf.  A call to a device
 * function that was not inlined is reported as unsupported. */
#include <stdio.h>
#include <string.h>

#include "be_isel.h"

typedef struct intr intr;
typedef void (*intr_fn)(isel *s, LLVMValueRef call, const intr *t);
struct intr {
    const char *name; /* exact name, or a prefix when it ends in '.' or '_' */
    intr_fn fn;
    unsigned a, b;    /* handler arguments */
};

static LLVMValueRef arg(LLVMValueRef call, unsigned i) { return LLVMGetOperand(call, i); }
static int dst(isel *s, LLVMValueRef call) { return vreg_of(s, call); }

/* A constant operand the instruction needs as an immediate. */
static int64_t imm_arg(isel *s, LLVMValueRef call, unsigned i, const char *what) {
    int64_t v;
    if (!const_int(arg(call, i), &v))
        be_error(s->b, call, "the %s must be a compile-time constant", what);
    return v;
}

static void i_ignore(isel *s, LLVMValueRef call, const intr *t) {
    (void)s, (void)call, (void)t;
}

static void i_sreg(isel *s, LLVMValueRef call, const intr *t) {
    emit(s, HISA_OP_S2R, 0, 2, mo_vreg(dst(s, call)), mo_sreg((int)t->a));
}

static void i_bar(isel *s, LLVMValueRef call, const intr *t) {
    if (t->a == 0) { /* barrier0 */
        emit(s, HISA_OP_BAR_SYNC, 0, 2, mo_imm(0), mo_imm(0));
        return;
    }
    mopnd id = opnd_b(s, arg(call, 0));
    mopnd cnt = t->a == 2 ? opnd_c(s, arg(call, 1)) : mo_imm(0);
    emit(s, HISA_OP_BAR_SYNC, 0, 2, id, cnt);
}

static void i_bar_red(isel *s, LLVMValueRef call, const intr *t) {
    int neg;
    cond_to_pred(s, arg(call, 0), 0, &neg);
    int d = dst(s, call);
    emit(s, t->a, 0, 2, mo_vreg(d), mo_pred(0, neg));
}

static void i_membar(isel *s, LLVMValueRef call, const intr *t) {
    (void)call;
    emit(s, HISA_OP_MEMBAR, mod(HISA_MG_SCOPE, t->a), 0);
}

static void i_warpsync(isel *s, LLVMValueRef call, const intr *t) {
    (void)t;
    emit(s, HISA_OP_WARPSYNC, 0, 1, opnd_c(s, arg(call, 0)));
}

/* llvm.nvvm.shfl.sync.{idx,up,down,bfly}.{i32,f32}[p](mask, value, lane, c):
 * PTX's c operand (segment mask << 8 | clamp) is exactly HISA's k. */
/* A shuffle whose clamp/segment operand c is only known at run time (a
 * variable width): PTX's rule computed per lane, then SHFL.IDX over the
 * whole warp from the chosen lane.
 *   segmask = c[12:8], clamp = c[4:0], minLane = lane & segmask,
 *   maxLane = minLane | (clamp & ~segmask);
 *   idx: j = minLane | (b & ~segmask), ok = j <= maxLane
 *   up: j = lane - b, ok = j >= maxLane; down: j = lane + b, ok = j <= maxLane;
 *   bfly: j = lane ^ b, ok = j <= maxLane; a lane that is not ok reads itself.
 * Leaves the validity in P0. */
static void shfl_dynamic(isel *s, LLVMValueRef call, unsigned op, int out) {
    int c = reg(s, arg(call, 3)), b = reg(s, arg(call, 2));
    int lane = new_vreg(s, 1), seg = new_vreg(s, 1), clamp = new_vreg(s, 1), minl = new_vreg(s, 1);
    int nseg = new_vreg(s, 1), hi = new_vreg(s, 1), maxl = new_vreg(s, 1), j = new_vreg(s, 1);
    unsigned s32 = mod(HISA_MG_TYPE, HISA_T_S32);
    emit(s, HISA_OP_S2R, 0, 2, mo_vreg(lane), mo_sreg(HISA_SR_LANEID));
    emit(s, HISA_OP_BFE, mod(HISA_MG_TYPE, HISA_T_U32), 3, mo_vreg(seg), mo_vreg(c), mo_imm(8 | 5 << 8));
    emit(s, HISA_OP_AND, 0, 3, mo_vreg(clamp), mo_vreg(c), mo_imm(0x1f));
    emit(s, HISA_OP_AND, 0, 3, mo_vreg(minl), mo_vreg(lane), mo_vreg(seg));
    emit(s, HISA_OP_NOT, 0, 2, mo_vreg(nseg), mo_vreg(seg));
    emit(s, HISA_OP_AND, 0, 3, mo_vreg(hi), mo_vreg(clamp), mo_vreg(nseg));
    emit(s, HISA_OP_OR, 0, 3, mo_vreg(maxl), mo_vreg(minl), mo_vreg(hi));
    unsigned cmp = HISA_CMP_LE;
    switch (op) {
    case HISA_OP_SHFL_IDX: {
        int bl = new_vreg(s, 1);
        emit(s, HISA_OP_AND, 0, 3, mo_vreg(bl), mo_vreg(b), mo_vreg(nseg));
        emit(s, HISA_OP_OR, 0, 3, mo_vreg(j), mo_vreg(minl), mo_vreg(bl));
        break;
    }
    case HISA_OP_SHFL_UP:
        emit(s, HISA_OP_ISUB, 0, 3, mo_vreg(j), mo_vreg(lane), mo_vreg(b));
        cmp = HISA_CMP_GE;
        break;
    case HISA_OP_SHFL_DOWN: emit(s, HISA_OP_IADD, 0, 3, mo_vreg(j), mo_vreg(lane), mo_vreg(b)); break;
    default: emit(s, HISA_OP_XOR, 0, 3, mo_vreg(j), mo_vreg(lane), mo_vreg(b)); break;
    }
    int src = new_vreg(s, 1);
    emit(s, HISA_OP_ISETP, mod(HISA_MG_CMP, cmp) | s32, 3, mo_pred(0, 0), mo_vreg(j), mo_vreg(maxl));
    emit(s, HISA_OP_SEL, 0, 4, mo_vreg(src), mo_vreg(j), mo_vreg(lane), mo_pred(0, 0));
    emit(s, HISA_OP_SHFL_IDX, 0, 6, mo_vreg(out), mo_pred(1, 0), mo_vreg(reg(s, arg(call, 1))), mo_vreg(src),
         mo_imm(0x1f), opnd_c(s, arg(call, 0)));
}

static void i_shfl(isel *s, LLVMValueRef call, const intr *t) {
    int d = dst(s, call);
    int out = t->b ? new_vreg(s, 1) : d;
    int64_t k;
    if (!const_int(arg(call, 3), &k))
        shfl_dynamic(s, call, t->a, out);
    else
        emit(s, t->a, 0, 6, mo_vreg(out), mo_pred(t->b ? 0 : HISA_PT, 0), mo_vreg(reg(s, arg(call, 1))),
             opnd_b(s, arg(call, 2)), mo_imm(k & 0x1fff), opnd_c(s, arg(call, 0)));
    if (t->b) { /* {value, valid} */
        emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, 0), mo_vreg(out));
        emit(s, HISA_OP_P2R, 0, 2, mo_vsub(d, 1), mo_pred(0, 0));
    }
}

static void i_vote(isel *s, LLVMValueRef call, const intr *t) {
    int neg;
    cond_to_pred(s, arg(call, 1), 1, &neg);
    int d = dst(s, call);
    if (t->a == HISA_OP_VOTE_BALLOT) {
        emit(s, t->a, 0, 3, mo_vreg(d), mo_pred(1, neg), opnd_c(s, arg(call, 0)));
        return;
    }
    emit(s, t->a, 0, 3, mo_pred(0, 0), mo_pred(1, neg), opnd_c(s, arg(call, 0)));
    emit(s, HISA_OP_P2R, 0, 2, mo_vreg(d), mo_pred(0, 0));
}

static void i_match(isel *s, LLVMValueRef call, const intr *t) {
    int d = dst(s, call);
    int wide = s->mf->vwords[reg(s, arg(call, 1))] == 2;
    if (t->a == HISA_OP_MATCH_ANY) {
        emit(s, wide ? HISA_OP_MATCH_ANY64 : HISA_OP_MATCH_ANY, 0, 3, mo_vreg(d), mo_vreg(reg(s, arg(call, 1))),
             opnd_c(s, arg(call, 0)));
        return;
    }
    int m = new_vreg(s, 1); /* match.all returns {mask, pred} */
    emit(s, wide ? HISA_OP_MATCH_ALL64 : HISA_OP_MATCH_ALL, 0, 4, mo_vreg(m), mo_pred(0, 0),
         mo_vreg(reg(s, arg(call, 1))), opnd_c(s, arg(call, 0)));
    emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
    emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, 0), mo_vreg(m));
    emit(s, HISA_OP_P2R, 0, 2, mo_vsub(d, 1), mo_pred(0, 0));
}

/* llvm.nvvm.isspacep.{global,shared,const,local}(generic pointer): t->a = the space */
static void i_isspacep(isel *s, LLVMValueRef call, const intr *t) {
    emit(s, HISA_OP_ISSPACEP, mod(HISA_MG_SPACE, t->a), 2, mo_pred(0, 0), mo_vreg(reg(s, arg(call, 0))));
    emit(s, HISA_OP_P2R, 0, 2, mo_vreg(dst(s, call)), mo_pred(0, 0));
}

/* llvm.nvvm.atomic.load.{inc,dec}.32(ptr, limit): CUDA's atomicInc/atomicDec
 * (wrapping at the limit); t->a = HISA_ATOM_INC or HISA_ATOM_DEC */
static void i_atom_wrap(isel *s, LLVMValueRef call, const intr *t) {
    addr a = address_of(s, arg(call, 0));
    unsigned op = a.space == 1 ? HISA_OP_ATOMG : a.space == 3 || a.space == -3 ? HISA_OP_ATOMS
                : a.space == 0 ? HISA_OP_ATOM : 0;
    if (!op)
        be_error(s->b, call, "atomics in address space %d are not supported", a.space);
    emit(s, op, mod(HISA_MG_TYPE, HISA_T_U32) | mod(HISA_MG_ATOM, t->a), 3, mo_vreg(dst(s, call)),
         mem_operand(s, a, 0, op != HISA_OP_ATOMS), opnd_b(s, arg(call, 1)));
}

static void i_actmask(isel *s, LLVMValueRef call, const intr *t) {
    (void)t;
    emit(s, HISA_OP_ACTMASK, 0, 1, mo_vreg(dst(s, call)));
}

/* llvm.nvvm.redux.sync.OP(value, mask) */
static void i_redux(isel *s, LLVMValueRef call, const intr *t) {
    emit(s, HISA_OP_REDUX, mod(HISA_MG_ATOM, t->a) | mod(HISA_MG_TYPE, t->b), 3, mo_vreg(dst(s, call)),
         mo_vreg(reg(s, arg(call, 0))), opnd_c(s, arg(call, 1)));
}

static void i_trap(isel *s, LLVMValueRef call, const intr *t) {
    (void)t;
    /* __hcc_trap(code) carries a code the runtime interprets (assert) */
    emit(s, HISA_OP_TRAP, 0, 1, LLVMGetNumArgOperands(call) ? opnd_b(s, arg(call, 0)) : mo_imm(0));
}

/* ---- math ---------------------------------------------------------------------------- */

static int is_double(LLVMValueRef call) { return LLVMGetTypeKind(LLVMTypeOf(call)) == LLVMDoubleTypeKind; }

static void require_scalar_float(isel *s, LLVMValueRef call) {
    LLVMTypeKind k = LLVMGetTypeKind(LLVMTypeOf(call));
    if (k != LLVMFloatTypeKind && k != LLVMDoubleTypeKind)
        be_error(s->b, call, "%s is supported for float and double only", LLVMGetValueName(LLVMGetCalledValue(call)));
}

/* The HISA type modifier of a half or bfloat scalar or pair, 0 if neither;
 * *packed is set for a pair. */
static unsigned half_type(LLVMTypeRef t, int *packed) {
    *packed = LLVMGetTypeKind(t) == LLVMVectorTypeKind;
    if (*packed) {
        if (LLVMGetVectorSize(t) != 2)
            return 0;
        t = LLVMGetElementType(t);
    }
    LLVMTypeKind k = LLVMGetTypeKind(t);
    return k == LLVMHalfTypeKind    ? mod(HISA_MG_TYPE, HISA_T_F16)
         : k == LLVMBFloatTypeKind ? mod(HISA_MG_TYPE, HISA_T_BF16)
                                   : 0;
}

static void i_fma(isel *s, LLVMValueRef call, const intr *t) {
    int packed;
    unsigned ht = half_type(LLVMTypeOf(call), &packed);
    if (ht && t->a == HISA_RND_RN) { /* half and bfloat: HFMA (HFMA2 for a pair), nearest even */
        emit(s, packed ? HISA_OP_HFMA2 : HISA_OP_HFMA, ht, 4, mo_vreg(dst(s, call)), mo_vreg(reg(s, arg(call, 0))),
             mo_vreg(reg(s, arg(call, 1))), mo_vreg(reg(s, arg(call, 2))));
        return;
    }
    require_scalar_float(s, call);
    unsigned rnd = mod(HISA_MG_RND, t->a);
    int d = dst(s, call);
    if (is_double(call))
        emit(s, HISA_OP_DFMA, rnd, 4, mo_vreg(d), mo_vreg(reg(s, arg(call, 0))), mo_vreg(reg(s, arg(call, 1))),
             mo_vreg(reg(s, arg(call, 2))));
    else
        emit(s, HISA_OP_FFMA, rnd, 4, mo_vreg(d), mo_vreg(reg(s, arg(call, 0))), opnd_b(s, arg(call, 1)),
             mo_vreg(reg(s, arg(call, 2))));
}

/* Unary float ops: t->a = FP32 opcode, t->b = FP64 opcode; rounding in the name. */
static void i_funary(isel *s, LLVMValueRef call, const intr *t) {
    require_scalar_float(s, call);
    unsigned op = is_double(call) ? t->b : t->a;
    if (!op)
        be_error(s->b, call, "%s is not supported for this type", LLVMGetValueName(LLVMGetCalledValue(call)));
    unsigned rnd = op == HISA_OP_FRND || op == HISA_OP_DRND || op == HISA_OP_FSQRT || op == HISA_OP_DSQRT;
    emit(s, op, 0, 2, mo_vreg(dst(s, call)), mo_vreg(reg(s, arg(call, 0))));
    (void)rnd;
}

static void i_frnd(isel *s, LLVMValueRef call, const intr *t) {
    require_scalar_float(s, call);
    emit(s, is_double(call) ? HISA_OP_DRND : HISA_OP_FRND, mod(HISA_MG_RND, t->a), 2, mo_vreg(dst(s, call)),
         mo_vreg(reg(s, arg(call, 0))));
}

static void i_fbinary(isel *s, LLVMValueRef call, const intr *t) {
    require_scalar_float(s, call);
    int d = dst(s, call);
    if (is_double(call))
        emit(s, t->b, 0, 3, mo_vreg(d), mo_vreg(reg(s, arg(call, 0))), mo_vreg(reg(s, arg(call, 1))));
    else
        emit(s, t->a, 0, 3, mo_vreg(d), mo_vreg(reg(s, arg(call, 0))), opnd_b(s, arg(call, 1)));
}

/* A rounding-mode name: "rn", "rz", "rm"/"rd", "rp"/"ru"; -1 if none. */
static int rounding_of(const char *r) {
    if (!strcmp(r, "rn"))
        return HISA_RND_RN;
    if (!strcmp(r, "rz"))
        return HISA_RND_RZ;
    if (!strcmp(r, "rm") || !strcmp(r, "rd"))
        return HISA_RND_RM;
    if (!strcmp(r, "rp") || !strcmp(r, "ru"))
        return HISA_RND_RP;
    return -1;
}

/* The rounding token of an NVVM name "llvm.nvvm.OP.<rnd>[.ftz].<f|d>" (the
 * approximate and "full" divisions are done correctly rounded).  Flush-to-zero
 * forms are refused unless approximate: HiGPU keeps subnormals. */
static unsigned nvvm_rounding(isel *s, LLVMValueRef call) {
    const char *name = LLVMGetValueName(LLVMGetCalledValue(call));
    const char *r = strchr(name + strlen("llvm.nvvm."), '.') + 1;
    char tok[16];
    size_t n = strcspn(r, ".");
    snprintf(tok, sizeof tok, "%.*s", (int)(n < 15 ? n : 15), r);
    int approx = !strcmp(tok, "approx") || !strcmp(tok, "full");
    int rnd = approx ? HISA_RND_RN : rounding_of(tok);
    if (rnd < 0)
        be_error(s->b, call, "intrinsic %s is not supported", name);
    if (strstr(r, ".ftz") && !approx)
        be_error(s->b, call, "%s: flush-to-zero arithmetic is not supported", name);
    return (unsigned)rnd;
}

/* NVVM rounding-mode arithmetic: llvm.nvvm.{add,mul,div}.{rn,rz,rm,rp}.{f,d} */
static void i_frounded(isel *s, LLVMValueRef call, const intr *t) {
    require_scalar_float(s, call);
    unsigned rnd = nvvm_rounding(s, call);
    int d = dst(s, call);
    if (is_double(call))
        emit(s, t->b, mod(HISA_MG_RND, rnd), 3, mo_vreg(d), mo_vreg(reg(s, arg(call, 0))),
             mo_vreg(reg(s, arg(call, 1))));
    else
        emit(s, t->a, mod(HISA_MG_RND, rnd), 3, mo_vreg(d), mo_vreg(reg(s, arg(call, 0))),
             opnd_b(s, arg(call, 1)));
}

/* llvm.nvvm.sqrt.<rnd>.{f,d} and llvm.nvvm.rcp.<rnd>.{f,d} (t->a: 1 = reciprocal,
 * a division of 1 by the operand) */
static void i_fsqrt_rcp(isel *s, LLVMValueRef call, const intr *t) {
    require_scalar_float(s, call);
    unsigned rnd = mod(HISA_MG_RND, nvvm_rounding(s, call));
    int d = dst(s, call), a = reg(s, arg(call, 0)), dbl = is_double(call);
    if (!t->a) {
        emit(s, dbl ? HISA_OP_DSQRT : HISA_OP_FSQRT, rnd, 2, mo_vreg(d), mo_vreg(a));
        return;
    }
    int one = new_vreg(s, dbl ? 2 : 1);
    if (dbl) {
        emit(s, MI_UNDEF, 0, 1, mo_vreg(one));
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(one, 0), mo_imm(0));
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(one, 1), mo_imm(0x3ff00000));
        emit(s, HISA_OP_DDIV, rnd, 3, mo_vreg(d), mo_vreg(one), mo_vreg(a));
    } else {
        emit(s, HISA_OP_MOV, 0, 2, mo_vreg(one), mo_imm(0x3f800000));
        emit(s, HISA_OP_FDIV, rnd, 3, mo_vreg(d), mo_vreg(one), mo_vreg(a));
    }
}

static void i_mufu(isel *s, LLVMValueRef call, const intr *t) {
    emit(s, HISA_OP_MUFU, mod(HISA_MG_MUFU, t->a), 2, mo_vreg(dst(s, call)), mo_vreg(reg(s, arg(call, 0))));
}

static void i_fabs(isel *s, LLVMValueRef call, const intr *t) {
    (void)t;
    int d = dst(s, call), a = reg(s, arg(call, 0));
    LLVMTypeRef ty = LLVMTypeOf(call);
    switch (LLVMGetTypeKind(ty)) {
    case LLVMFloatTypeKind: emit(s, HISA_OP_FABS, 0, 2, mo_vreg(d), mo_vreg(a)); return;
    case LLVMDoubleTypeKind: emit(s, HISA_OP_DABS, 0, 2, mo_vreg(d), mo_vreg(a)); return;
    default:
        emit(s, HISA_OP_AND, 0, 3, mo_vreg(d), mo_vreg(a),
             mo_imm(LLVMGetTypeKind(ty) == LLVMVectorTypeKind ? 0x7fff7fffu : 0x7fffu));
    }
}

/* llvm.is.fpclass(x, mask): bit k of the constant mask is class k (0 sNaN,
 * 1 qNaN, 2 -inf, 3 -normal, 4 -subnormal, 5 -0, 6 +0, 7 +subnormal,
 * 8 +normal, 9 +inf).  The class index is computed from the magnitude bits
 * (for double: the high word with a sticky bit for a non-zero low word,
 * which orders the same against every class boundary), then selects its
 * bit of the mask. */
static void i_fpclass(isel *s, LLVMValueRef call, const intr *t) {
    (void)t;
    LLVMValueRef x = arg(call, 0);
    int64_t mask = imm_arg(s, call, 1, "fpclass mask");
    uint32_t expo, minnorm, quiet, absmask, signbit; /* of the word t below */
    switch (LLVMGetTypeKind(LLVMTypeOf(x))) {
    case LLVMFloatTypeKind: expo = 0x7f800000, minnorm = 0x00800000, quiet = 0x7fc00000; break;
    case LLVMDoubleTypeKind: expo = 0x7ff00000, minnorm = 0x00100000, quiet = 0x7ff80000; break;
    case LLVMHalfTypeKind: expo = 0x7c00, minnorm = 0x0400, quiet = 0x7e00; break;
    case LLVMBFloatTypeKind: expo = 0x7f80, minnorm = 0x0080, quiet = 0x7fc0; break;
    default: be_error(s->b, call, "llvm.is.fpclass is supported on scalar floats only");
    }
    int r = reg(s, x), wide = s->mf->vwords[r] == 2, small = expo < 0x10000;
    absmask = small ? 0x7fff : 0x7fffffff;
    signbit = small ? 0x8000 : 0x80000000u;
    int hi = wide ? 1 : 0;
    int m = new_vreg(s, 1), k = new_vreg(s, 1), k2 = new_vreg(s, 1), sh = new_vreg(s, 1);
    emit(s, HISA_OP_AND, 0, 3, mo_vreg(m), mo_vsub(r, hi), mo_imm(absmask));
    if (wide) { /* sticky: the low word is not zero */
        int nz = new_vreg(s, 1), m2 = new_vreg(s, 1);
        emit(s, HISA_OP_ISETP, mod(HISA_MG_CMP, HISA_CMP_NE) | mod(HISA_MG_TYPE, HISA_T_U32), 3, mo_pred(1, 0),
             mo_vsub(r, 0), mo_imm(0));
        emit(s, HISA_OP_P2R, 0, 2, mo_vreg(nz), mo_pred(1, 0));
        emit(s, HISA_OP_OR, 0, 3, mo_vreg(m2), mo_vreg(m), mo_vreg(nz));
        m = m2;
    }
    unsigned u32 = mod(HISA_MG_TYPE, HISA_T_U32);
    /* the positive classes: +0 (6), +subnormal (7), +normal (8), +inf (9) */
    emit(s, HISA_OP_MOV, 0, 2, mo_vreg(k), mo_imm(6));
    emit(s, HISA_OP_ISETP, mod(HISA_MG_CMP, HISA_CMP_NE) | u32, 3, mo_pred(1, 0), mo_vreg(m), mo_imm(0));
    emit_g(s, 1, HISA_OP_MOV, 0, 2, mo_vreg(k), mo_imm(7));
    emit(s, HISA_OP_ISETP, mod(HISA_MG_CMP, HISA_CMP_GE) | u32, 3, mo_pred(1, 0), mo_vreg(m), mo_imm(minnorm));
    emit_g(s, 1, HISA_OP_MOV, 0, 2, mo_vreg(k), mo_imm(8));
    emit(s, HISA_OP_ISETP, mod(HISA_MG_CMP, HISA_CMP_EQ) | u32, 3, mo_pred(1, 0), mo_vreg(m), mo_imm(expo));
    emit_g(s, 1, HISA_OP_MOV, 0, 2, mo_vreg(k), mo_imm(9));
    /* negative: class 11 - k */
    emit(s, HISA_OP_MOV, 0, 2, mo_vreg(k2), mo_imm(11));
    emit(s, HISA_OP_ISUB, 0, 3, mo_vreg(k2), mo_vreg(k2), mo_vreg(k));
    emit(s, HISA_OP_AND, 0, 3, mo_vreg(sh), mo_vsub(r, hi), mo_imm(signbit));
    emit(s, HISA_OP_ISETP, mod(HISA_MG_CMP, HISA_CMP_NE) | u32, 3, mo_pred(1, 0), mo_vreg(sh), mo_imm(0));
    emit_g(s, 1, HISA_OP_MOV, 0, 2, mo_vreg(k), mo_vreg(k2));
    /* NaNs of either sign: signalling (0) or quiet (1) */
    emit(s, HISA_OP_ISETP, mod(HISA_MG_CMP, HISA_CMP_GT) | u32, 3, mo_pred(1, 0), mo_vreg(m), mo_imm(expo));
    emit_g(s, 1, HISA_OP_MOV, 0, 2, mo_vreg(k), mo_imm(0));
    emit(s, HISA_OP_ISETP, mod(HISA_MG_CMP, HISA_CMP_GE) | u32, 3, mo_pred(1, 0), mo_vreg(m), mo_imm(quiet));
    emit_g(s, 1, HISA_OP_MOV, 0, 2, mo_vreg(k), mo_imm(1));
    /* bit k of the mask */
    int mk = new_vreg(s, 1), bit = new_vreg(s, 1);
    emit(s, HISA_OP_MOV, 0, 2, mo_vreg(mk), mo_imm((uint32_t)mask & 0x3ff));
    emit(s, HISA_OP_SHR, u32, 3, mo_vreg(bit), mo_vreg(mk), mo_vreg(k));
    emit(s, HISA_OP_AND, 0, 3, mo_vreg(dst(s, call)), mo_vreg(bit), mo_imm(1));
}

static void i_copysign(isel *s, LLVMValueRef call, const intr *t) {
    (void)t;
    int d = dst(s, call), a = reg(s, arg(call, 0)), sg = reg(s, arg(call, 1));
    int w = s->mf->vwords[d] - 1; /* the sign lives in the top word */
    int mag = new_vreg(s, 1), sign = new_vreg(s, 1);
    emit(s, HISA_OP_AND, 0, 3, mo_vreg(mag), mo_vsub(a, w), mo_imm(0x7fffffff));
    emit(s, HISA_OP_AND, 0, 3, mo_vreg(sign), mo_vsub(sg, w), mo_imm(0x80000000u));
    if (w) {
        emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, 0), mo_vsub(a, 0));
    }
    emit(s, HISA_OP_OR, 0, 3, mo_vsub(d, w), mo_vreg(mag), mo_vreg(sign));
}

/* ---- integer intrinsics ------------------------------------------------------------------- */

/* ---- saturating and overflow-checked arithmetic -------------------------------------------
 * LLVM canonicalises `x > y ? x - y : 0` and friends into llvm.{u,s}{add,sub}.sat, and
 * overflow checks into llvm.{u,s}{add,sub,mul}.with.overflow, which return {value, i1}.
 * Integers narrower than 32 bits are computed exactly in 32 bits after extension; i32
 * and i64 use the sign-bit rules (signed add: (a ^ s) & (b ^ s) < 0; signed sub:
 * (a ^ b) & (a ^ s) < 0) and unsigned compares, products the high half. */

enum { OV_ADD, OV_SUB, OV_MUL };

static int const64(isel *s, int64_t v) {
    return reg(s, LLVMConstInt(LLVMInt64TypeInContext(s->b->llctx), (unsigned long long)v, 1));
}

/* P0 = the signed add/sub of a and b (result r) overflowed; 32- or 64-bit */
static void signed_overflow(isel *s, int op, int a, int b, int r, int wide) {
    int x = new_vreg(s, wide ? 2 : 1), y = new_vreg(s, wide ? 2 : 1), t = new_vreg(s, wide ? 2 : 1);
    unsigned xor_ = wide ? HISA_OP_XOR64 : HISA_OP_XOR, and_ = wide ? HISA_OP_AND64 : HISA_OP_AND;
    emit(s, xor_, 0, 3, mo_vreg(x), mo_vreg(a), mo_vreg(r));
    emit(s, xor_, 0, 3, mo_vreg(y), mo_vreg(op == OV_ADD ? b : a), mo_vreg(op == OV_ADD ? r : b));
    emit(s, and_, 0, 3, mo_vreg(t), mo_vreg(x), mo_vreg(y));
    emit(s, wide ? HISA_OP_ISETP64 : HISA_OP_ISETP,
         mod(HISA_MG_CMP, HISA_CMP_LT) | mod(HISA_MG_TYPE, wide ? HISA_T_S64 : HISA_T_S32), 3, mo_pred(0, 0),
         mo_vreg(t), mo_imm(0));
}

/* llvm.{u,s}{add,sub}.sat: t->a = OV_ADD/OV_SUB, t->b = signed */
static void i_sat(isel *s, LLVMValueRef call, const intr *t) {
    unsigned bits = int_bits(LLVMTypeOf(call));
    int sgn = (int)t->b, add = t->a == OV_ADD, d = dst(s, call);
    int a = reg(s, arg(call, 0)), b = reg(s, arg(call, 1));
    unsigned s32 = mod(HISA_MG_TYPE, HISA_T_S32), u32 = mod(HISA_MG_TYPE, HISA_T_U32);
    if (bits && bits < 32) { /* exact in 32 bits, then clamped to the N-bit range */
        int x = ext32(s, a, bits, sgn), y = ext32(s, b, bits, sgn), r = new_vreg(s, 1), c = new_vreg(s, 1);
        emit(s, add ? HISA_OP_IADD : HISA_OP_ISUB, 0, 3, mo_vreg(r), mo_vreg(x), mo_vreg(y));
        int64_t lo = sgn ? -((int64_t)1 << (bits - 1)) : 0;
        int64_t hi = sgn ? ((int64_t)1 << (bits - 1)) - 1 : ((int64_t)1 << bits) - 1;
        emit(s, HISA_OP_IMAX, s32, 3, mo_vreg(c), mo_vreg(r), mo_imm((uint32_t)lo));
        emit(s, HISA_OP_IMIN, s32, 3, mo_vreg(d), mo_vreg(c), mo_imm((uint32_t)hi));
        return;
    }
    if (bits != 32 && bits != 64)
        be_error(s->b, call, "saturating arithmetic on i%u is not supported", bits);
    int wide = bits == 64;
    if (!sgn && !add) { /* max(a, b) - b */
        int m = new_vreg(s, wide ? 2 : 1);
        emit(s, wide ? HISA_OP_IMAX64 : HISA_OP_IMAX, wide ? mod(HISA_MG_TYPE, HISA_T_U64) : u32, 3, mo_vreg(m),
             mo_vreg(a), mo_vreg(b));
        emit(s, wide ? HISA_OP_ISUB64 : HISA_OP_ISUB, 0, 3, mo_vreg(d), mo_vreg(m), mo_vreg(b));
        return;
    }
    int r = new_vreg(s, wide ? 2 : 1), sat = new_vreg(s, wide ? 2 : 1);
    emit(s, wide ? (add ? HISA_OP_IADD64 : HISA_OP_ISUB64) : (add ? HISA_OP_IADD : HISA_OP_ISUB), 0, 3, mo_vreg(r),
         mo_vreg(a), mo_vreg(b));
    if (!sgn) { /* unsigned add: it wrapped if the sum is below an operand; saturate to all ones */
        emit(s, wide ? HISA_OP_ISETP64 : HISA_OP_ISETP,
             mod(HISA_MG_CMP, HISA_CMP_LT) | mod(HISA_MG_TYPE, wide ? HISA_T_U64 : HISA_T_U32), 3, mo_pred(0, 0),
             mo_vreg(r), mo_vreg(a));
        if (wide)
            emit(s, HISA_OP_MOV64, 0, 2, mo_vreg(sat), mo_imm(-1));
        else
            emit(s, HISA_OP_MOV, 0, 2, mo_vreg(sat), mo_imm(0xffffffffu));
    } else { /* signed: on overflow the limit on a's side, (a >> (N-1)) ^ MAX */
        signed_overflow(s, (int)t->a, a, b, r, wide);
        int sign = new_vreg(s, wide ? 2 : 1);
        if (wide) {
            emit(s, HISA_OP_SHR64, mod(HISA_MG_TYPE, HISA_T_S64), 3, mo_vreg(sign), mo_vreg(a), mo_imm(63));
            emit(s, HISA_OP_XOR64, 0, 3, mo_vreg(sat), mo_vreg(sign), mo_vreg(const64(s, INT64_MAX)));
        } else {
            emit(s, HISA_OP_SHR, s32, 3, mo_vreg(sign), mo_vreg(a), mo_imm(31));
            emit(s, HISA_OP_XOR, 0, 3, mo_vreg(sat), mo_vreg(sign), mo_imm(0x7fffffff));
        }
    }
    emit(s, wide ? HISA_OP_SEL64 : HISA_OP_SEL, 0, 4, mo_vreg(d), mo_vreg(sat), mo_vreg(r), mo_pred(0, 0));
}

/* llvm.{u,s}{add,sub,mul}.with.overflow: {value, overflowed}; t->a = OV_*, t->b = signed */
static void i_overflow(isel *s, LLVMValueRef call, const intr *t) {
    unsigned bits = int_bits(LLVMTypeOf(arg(call, 0)));
    int sgn = (int)t->b, op = (int)t->a, d = dst(s, call);
    int a = reg(s, arg(call, 0)), b = reg(s, arg(call, 1));
    static const unsigned op32[] = {HISA_OP_IADD, HISA_OP_ISUB, HISA_OP_IMUL};
    static const unsigned op64[] = {HISA_OP_IADD64, HISA_OP_ISUB64, HISA_OP_IMUL64};
    unsigned s32 = mod(HISA_MG_TYPE, HISA_T_S32), u32 = mod(HISA_MG_TYPE, HISA_T_U32);
    emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
    int flag_word = 1;
    if (bits && bits < 32) { /* exact in 32 bits: overflow iff the result does not fit N bits */
        int x = ext32(s, a, bits, sgn), y = ext32(s, b, bits, sgn), r = new_vreg(s, 1);
        emit(s, op32[op], 0, 3, mo_vreg(r), mo_vreg(x), mo_vreg(y));
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, 0), mo_vreg(r));
        emit(s, HISA_OP_ISETP, mod(HISA_MG_CMP, HISA_CMP_NE) | u32, 3, mo_pred(0, 0), mo_vreg(ext32(s, r, bits, sgn)),
             mo_vreg(r));
    } else if (bits == 32 && op == OV_MUL) { /* the 64-bit product's high half */
        int p = new_vreg(s, 2), sign = new_vreg(s, 1);
        emit(s, HISA_OP_IMULW, sgn ? s32 : u32, 3, mo_vreg(p), mo_vreg(a), mo_vreg(b));
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, 0), mo_vsub(p, 0));
        if (sgn)
            emit(s, HISA_OP_SHR, s32, 3, mo_vreg(sign), mo_vsub(p, 0), mo_imm(31));
        else
            emit(s, HISA_OP_MOV, 0, 2, mo_vreg(sign), mo_imm(0));
        emit(s, HISA_OP_ISETP, mod(HISA_MG_CMP, HISA_CMP_NE) | u32, 3, mo_pred(0, 0), mo_vsub(p, 1), mo_vreg(sign));
    } else if (bits == 32 || bits == 64) {
        int wide = bits == 64, r = new_vreg(s, wide ? 2 : 1);
        emit(s, wide ? op64[op] : op32[op], 0, 3, mo_vreg(r), mo_vreg(a), mo_vreg(b));
        for (int w = 0; w <= wide; w++)
            emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, w), mo_vsub(r, w));
        flag_word = wide ? 2 : 1;
        unsigned setp = wide ? HISA_OP_ISETP64 : HISA_OP_ISETP, ut = mod(HISA_MG_TYPE, wide ? HISA_T_U64 : HISA_T_U32);
        if (op == OV_MUL) { /* i64: the high 64 bits against the sign fill (signed) or 0 */
            int hi = new_vreg(s, 2), fill = new_vreg(s, 2);
            emit(s, HISA_OP_IMULHI64, mod(HISA_MG_TYPE, sgn ? HISA_T_S64 : HISA_T_U64), 3, mo_vreg(hi), mo_vreg(a),
                 mo_vreg(b));
            if (sgn)
                emit(s, HISA_OP_SHR64, mod(HISA_MG_TYPE, HISA_T_S64), 3, mo_vreg(fill), mo_vreg(r), mo_imm(63));
            else
                emit(s, HISA_OP_MOV64, 0, 2, mo_vreg(fill), mo_imm(0));
            emit(s, HISA_OP_ISETP64, mod(HISA_MG_CMP, HISA_CMP_NE) | mod(HISA_MG_TYPE, HISA_T_U64), 3, mo_pred(0, 0),
                 mo_vreg(hi), mo_vreg(fill));
        } else if (sgn) {
            signed_overflow(s, op, a, b, r, wide);
        } else if (op == OV_ADD) { /* the sum wrapped below an operand */
            emit(s, setp, mod(HISA_MG_CMP, HISA_CMP_LT) | ut, 3, mo_pred(0, 0), mo_vreg(r), mo_vreg(a));
        } else { /* a borrow */
            emit(s, setp, mod(HISA_MG_CMP, HISA_CMP_LT) | ut, 3, mo_pred(0, 0), mo_vreg(a), mo_vreg(b));
        }
    } else {
        be_error(s->b, call, "overflow-checked arithmetic on i%u is not supported", bits);
    }
    emit(s, HISA_OP_P2R, 0, 2, mo_vsub(d, flag_word), mo_pred(0, 0));
}

static void i_minmax(isel *s, LLVMValueRef call, const intr *t) {
    unsigned bits = int_bits(LLVMTypeOf(call));
    int sgn = t->b;
    int d = dst(s, call);
    if (bits == 64) {
        emit(s, t->a == HISA_OP_IMIN ? HISA_OP_IMIN64 : HISA_OP_IMAX64, mod(HISA_MG_TYPE, sgn ? HISA_T_S64 : HISA_T_U64),
             3, mo_vreg(d), mo_vreg(reg(s, arg(call, 0))), mo_vreg(reg(s, arg(call, 1))));
        return;
    }
    int a = ext32(s, reg(s, arg(call, 0)), bits, sgn), b2 = ext32(s, reg(s, arg(call, 1)), bits, sgn);
    emit(s, t->a, mod(HISA_MG_TYPE, sgn ? HISA_T_S32 : HISA_T_U32), 3, mo_vreg(d), mo_vreg(a), mo_vreg(b2));
}

/* A 32-bit count result into d, zero-extended when d is an i64. */
static void count_result(isel *s, int d, int r) {
    if (s->mf->vwords[d] == 1) {
        emit_copy(s, d, r);
        return;
    }
    emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
    emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, 0), mo_vreg(r));
    emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, 1), mo_imm(0));
}

/* ctpop / ctlz / bitreverse: t->a = the 32-bit opcode, t->b = the 64-bit one.
 * Narrower integers are zero-extended first; their leading-zero count and
 * reversed bits are then corrected for the 32 - N bits above them. */
static void i_iunary(isel *s, LLVMValueRef call, const intr *t) {
    unsigned bits = int_bits(LLVMTypeOf(arg(call, 0)));
    int d = dst(s, call), a = reg(s, arg(call, 0));
    if (bits == 64) {
        if (t->b == HISA_OP_BREV64) {
            emit(s, t->b, 0, 2, mo_vreg(d), mo_vreg(a));
            return;
        }
        int r = new_vreg(s, 1);
        emit(s, t->b, 0, 2, mo_vreg(r), mo_vreg(a));
        count_result(s, d, r);
        return;
    }
    if (bits > 32 || !bits)
        be_error(s->b, call, "%s on i%u is not supported", LLVMGetValueName(LLVMGetCalledValue(call)), bits);
    int x = ext32(s, a, bits, 0);
    if (bits == 32) {
        emit(s, t->a, 0, 2, mo_vreg(d), mo_vreg(x));
        return;
    }
    int r = new_vreg(s, 1);
    emit(s, t->a, 0, 2, mo_vreg(r), mo_vreg(x));
    if (t->a == HISA_OP_CLZ)
        emit(s, HISA_OP_IADD, 0, 3, mo_vreg(d), mo_vreg(r), mo_imm((uint32_t)-(int32_t)(32 - bits)));
    else if (t->a == HISA_OP_BREV)
        emit(s, HISA_OP_SHR, mod(HISA_MG_TYPE, HISA_T_U32), 3, mo_vreg(d), mo_vreg(r), mo_imm(32 - bits));
    else
        emit_copy(s, d, r);
}

static void i_abs(isel *s, LLVMValueRef call, const intr *t) {
    (void)t;
    unsigned bits = int_bits(LLVMTypeOf(call));
    int d = dst(s, call);
    if (bits == 64)
        emit(s, HISA_OP_IABS64, 0, 2, mo_vreg(d), mo_vreg(reg(s, arg(call, 0))));
    else
        emit(s, HISA_OP_IABS, 0, 2, mo_vreg(d), mo_vreg(ext32(s, reg(s, arg(call, 0)), bits, 1)));
}

/* cttz: the leading zeros of the reversed bits; an N-bit value gets bit N
 * set first so that zero counts N. */
static void i_cttz(isel *s, LLVMValueRef call, const intr *t) {
    (void)t;
    unsigned bits = int_bits(LLVMTypeOf(call));
    int d = dst(s, call), a = reg(s, arg(call, 0)), r = new_vreg(s, 1);
    if (bits == 64) {
        int rev = new_vreg(s, 2);
        emit(s, HISA_OP_BREV64, 0, 2, mo_vreg(rev), mo_vreg(a));
        emit(s, HISA_OP_CLZ64, 0, 2, mo_vreg(r), mo_vreg(rev));
        count_result(s, d, r);
        return;
    }
    if (bits > 32 || !bits)
        be_error(s->b, call, "cttz on i%u is not supported", bits);
    int x = a, rev = new_vreg(s, 1);
    if (bits < 32) {
        x = new_vreg(s, 1);
        emit(s, HISA_OP_OR, 0, 3, mo_vreg(x), mo_vreg(a), mo_imm(1u << bits));
    }
    emit(s, HISA_OP_BREV, 0, 2, mo_vreg(rev), mo_vreg(x));
    emit(s, HISA_OP_CLZ, 0, 2, mo_vreg(d), mo_vreg(rev));
}

/* bswap of i16, i32 and i64 with byte permutes */
static void i_bswap(isel *s, LLVMValueRef call, const intr *t) {
    (void)t;
    unsigned bits = int_bits(LLVMTypeOf(call));
    int d = dst(s, call), a = reg(s, arg(call, 0));
    if (bits == 16 || bits == 32) {
        emit(s, HISA_OP_PRMT, 0, 4, mo_vreg(d), mo_vreg(a), mo_imm(0), mo_imm(bits == 16 ? 0x0001 : 0x0123));
        return;
    }
    if (bits != 64)
        be_error(s->b, call, "bswap on i%u is not supported", bits);
    emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
    emit(s, HISA_OP_PRMT, 0, 4, mo_vsub(d, 0), mo_vsub(a, 1), mo_imm(0), mo_imm(0x0123));
    emit(s, HISA_OP_PRMT, 0, 4, mo_vsub(d, 1), mo_vsub(a, 0), mo_imm(0), mo_imm(0x0123));
}

/* llvm.fshl / fshr (a, b, n), the rotates of every width: the bits of {a, b}
 * shifted by n mod N.  i32: HISA's funnel shift, which takes {hi = c, lo = a}.
 * i64: (a << k) | (b >> (64 - k)) and its mirror, k = n & 63 (a 64-bit
 * shift by 64 gives 0, so k = 0 needs no special case).  i8/i16: {a, b} as
 * one 32-bit value, shifted, the result in the right N bits. */
static void i_funnel(isel *s, LLVMValueRef call, const intr *t) {
    unsigned bits = int_bits(LLVMTypeOf(call));
    int d = dst(s, call), left = t->a == HISA_OP_SHF_L;
    if (bits == 32) {
        int hi = reg(s, arg(call, 0)), lo = reg(s, arg(call, 1));
        emit(s, t->a, mod(HISA_MG_CLAMP, 0), 4, mo_vreg(d), mo_vreg(lo), opnd_b(s, arg(call, 2)), mo_vreg(hi));
        return;
    }
    if (bits != 8 && bits != 16 && bits != 64)
        be_error(s->b, call, "funnel shifts on i%u are not supported", bits);
    int a = reg(s, arg(call, 0)), b = reg(s, arg(call, 1)), n = reg(s, arg(call, 2));
    int k = new_vreg(s, 1), u32 = (int)mod(HISA_MG_TYPE, HISA_T_U32);
    emit(s, HISA_OP_AND, 0, 3, mo_vreg(k), mo_vsub(n, 0), mo_imm(bits - 1));
    if (bits == 64) {
        int rk = new_vreg(s, 1), x = new_vreg(s, 2), y = new_vreg(s, 2);
        emit(s, HISA_OP_MOV, 0, 2, mo_vreg(rk), mo_imm(64));
        emit(s, HISA_OP_ISUB, 0, 3, mo_vreg(rk), mo_vreg(rk), mo_vreg(k));
        emit(s, HISA_OP_SHL64, 0, 3, mo_vreg(x), mo_vreg(a), mo_vreg(left ? k : rk));
        emit(s, HISA_OP_SHR64, mod(HISA_MG_TYPE, HISA_T_U64), 3, mo_vreg(y), mo_vreg(b), mo_vreg(left ? rk : k));
        emit(s, HISA_OP_OR64, 0, 3, mo_vreg(d), mo_vreg(x), mo_vreg(y));
        return;
    }
    int v = new_vreg(s, 1), ah = new_vreg(s, 1), sh = new_vreg(s, 1);
    emit(s, HISA_OP_SHL, 0, 3, mo_vreg(ah), mo_vreg(a), mo_imm(bits));
    emit(s, HISA_OP_OR, 0, 3, mo_vreg(v), mo_vreg(ah), mo_vreg(ext32(s, b, bits, 0)));
    if (left) {
        emit(s, HISA_OP_SHL, 0, 3, mo_vreg(sh), mo_vreg(v), mo_vreg(k));
        emit(s, HISA_OP_SHR, (unsigned)u32, 3, mo_vreg(d), mo_vreg(sh), mo_imm(bits));
    } else {
        emit(s, HISA_OP_SHR, (unsigned)u32, 3, mo_vreg(d), mo_vreg(v), mo_vreg(k));
    }
}

/* llvm.nvvm.mulhi.{i,ui,ll,ull}: t->a = the HISA type */
static void i_mulhi(isel *s, LLVMValueRef call, const intr *t) {
    int wide = t->a == HISA_T_S64 || t->a == HISA_T_U64;
    emit(s, wide ? HISA_OP_IMULHI64 : HISA_OP_IMULHI, mod(HISA_MG_TYPE, t->a), 3, mo_vreg(dst(s, call)),
         mo_vreg(reg(s, arg(call, 0))), mo_vreg(reg(s, arg(call, 1))));
}

/* llvm.nvvm.mul24.{i,ui}: the low 24 bits of each operand (sign- or
 * zero-extended), multiplied; t->a = signed */
static void i_mul24(isel *s, LLVMValueRef call, const intr *t) {
    unsigned ty = mod(HISA_MG_TYPE, t->a ? HISA_T_S32 : HISA_T_U32);
    int x = new_vreg(s, 1), y = new_vreg(s, 1);
    emit(s, HISA_OP_BFE, ty, 3, mo_vreg(x), mo_vreg(reg(s, arg(call, 0))), mo_imm(24 << 8));
    emit(s, HISA_OP_BFE, ty, 3, mo_vreg(y), mo_vreg(reg(s, arg(call, 1))), mo_imm(24 << 8));
    emit(s, HISA_OP_IMUL, 0, 3, mo_vreg(dst(s, call)), mo_vreg(x), mo_vreg(y));
}

/* llvm.nvvm.sad.{i,ui}(a, b, c) = |a - b| + c, the difference taken as
 * max - min of the signed or unsigned values; t->a = signed */
static void i_sad(isel *s, LLVMValueRef call, const intr *t) {
    unsigned ty = mod(HISA_MG_TYPE, t->a ? HISA_T_S32 : HISA_T_U32);
    int a = reg(s, arg(call, 0)), b = reg(s, arg(call, 1));
    int hi = new_vreg(s, 1), lo = new_vreg(s, 1), diff = new_vreg(s, 1);
    emit(s, HISA_OP_IMAX, ty, 3, mo_vreg(hi), mo_vreg(a), mo_vreg(b));
    emit(s, HISA_OP_IMIN, ty, 3, mo_vreg(lo), mo_vreg(a), mo_vreg(b));
    emit(s, HISA_OP_ISUB, 0, 3, mo_vreg(diff), mo_vreg(hi), mo_vreg(lo));
    emit(s, HISA_OP_IADD, 0, 3, mo_vreg(dst(s, call)), mo_vreg(diff), opnd_b(s, arg(call, 2)));
}

/* llvm.nvvm.prmt(a, b, selector): PTX's default-mode byte permute */
static void i_prmt(isel *s, LLVMValueRef call, const intr *t) {
    (void)t;
    emit(s, HISA_OP_PRMT, 0, 4, mo_vreg(dst(s, call)), mo_vreg(reg(s, arg(call, 0))), opnd_b(s, arg(call, 1)),
         opnd_c(s, arg(call, 2)));
}

/* ---- conversions with an explicit rounding mode ---------------------------------------
 * hcc_runtime.h's built-ins __hcc_cvt_<dst>_<src>_<rnd> (CUDA's __float2int_rn
 * and friends), and the NVVM intrinsics llvm.nvvm.<src>2<dst>.<rnd>.  Both
 * become one CVT: float -> integer saturates and gives 0 for NaN (2^63 for
 * 64-bit results), as NVIDIA GPUs compute these functions. */

static const struct cvt_name {
    const char *name;
    unsigned type;
} cvt_names[] = {{"s8", HISA_T_S8},   {"u8", HISA_T_U8},   {"s16", HISA_T_S16},   {"u16", HISA_T_U16},
                 {"s32", HISA_T_S32}, {"u32", HISA_T_U32}, {"s64", HISA_T_S64},   {"u64", HISA_T_U64},
                 {"f16", HISA_T_F16}, {"bf16", HISA_T_BF16}, {"f32", HISA_T_F32}, {"f64", HISA_T_F64}};

static void emit_cvt(isel *s, LLVMValueRef call, unsigned dt, unsigned st, int rnd) {
    emit(s, HISA_OP_CVT, mod(HISA_MG_RND, (unsigned)rnd) | mod(HISA_MG_TYPE, dt) | mod(HISA_MG_TYPE2, st), 2,
         mo_vreg(dst(s, call)), mo_vreg(reg(s, arg(call, 0))));
}

static void i_hcc_cvt(isel *s, LLVMValueRef call, const intr *t) {
    (void)t;
    const char *name = LLVMGetValueName(LLVMGetCalledValue(call));
    char buf[64];
    snprintf(buf, sizeof buf, "%s", name + strlen("__hcc_cvt_"));
    char *src = strchr(buf, '_'), *rnd = src ? strchr(src + 1, '_') : NULL;
    int dt = -1, st = -1, r = -1;
    if (rnd) {
        *src++ = 0;
        *rnd++ = 0;
        for (size_t i = 0; i < sizeof cvt_names / sizeof *cvt_names; i++) {
            if (!strcmp(buf, cvt_names[i].name))
                dt = (int)cvt_names[i].type;
            if (!strcmp(src, cvt_names[i].name))
                st = (int)cvt_names[i].type;
        }
        r = rounding_of(rnd);
    }
    if (dt < 0 || st < 0 || r < 0 || LLVMGetNumArgOperands(call) != 1)
        be_error(s->b, call, "unknown conversion built-in %s", name);
    emit_cvt(s, call, (unsigned)dt, (unsigned)st, r);
}

/* llvm.nvvm.<src>2<dst>.<rnd>[.ftz]: t->a = destination, t->b = source type */
static void i_nvvm_cvt(isel *s, LLVMValueRef call, const intr *t) {
    const char *name = LLVMGetValueName(LLVMGetCalledValue(call));
    const char *r = strrchr(name, '.') + 1;
    if (!strcmp(r, "ftz"))
        be_error(s->b, call, "%s: flush-to-zero conversions are not supported", name);
    int rnd = rounding_of(r);
    if (rnd < 0)
        be_error(s->b, call, "intrinsic %s is not supported", name);
    emit_cvt(s, call, t->a, t->b, rnd);
}

static void i_mem(isel *s, LLVMValueRef call, const intr *t) {
    (void)t;
    isel_memintrinsic(s, call, LLVMGetValueName(LLVMGetCalledValue(call)));
}

/* llvm.nvvm.ldg.global.{i,f,p}(ptr, align): an ordinary global load. */
static void i_ldg(isel *s, LLVMValueRef call, const intr *t) {
    (void)t;
    addr a = address_of(s, arg(call, 0));
    unsigned size = (unsigned)LLVMStoreSizeOfType(s->b->td, LLVMTypeOf(call));
    unsigned ty = size == 1 ? HISA_T_U8 : size == 2 ? HISA_T_U16 : size == 8 ? HISA_T_B64 : size == 16 ? HISA_T_B128 : 0;
    if (a.space != 1 && a.space != 0)
        be_error(s->b, call, "__ldg of a non-global pointer");
    if (a.off < HISA_IMMC_MIN || a.off > HISA_IMMC_MAX || !a.base)
        be_error(s->b, call, "__ldg address form is not supported");
    emit(s, HISA_OP_LDG, mod(HISA_MG_TYPE, ty), 2, mo_vreg(dst(s, call)), mo_mem(a.base, 0, a.off));
}

/* ---- tensor cores: the __hcc_wmma_* built-ins of hcc_wmma.h ----------------------------
 * Fragments are vectors held in registers: A and B <4 x i32> (eight f16 or
 * bf16 values per lane), C and D <8 x float>.  Pointers are generic. */

static unsigned layout_mod(isel *s, LLVMValueRef call, unsigned i) {
    return mod(HISA_MG_LAYOUT, imm_arg(s, call, i, "wmma layout") ? HISA_LAYOUT_COL : HISA_LAYOUT_ROW);
}

/* __hcc_wmma_load_{a,b}(ptr, ld, col_major, bf16) / __hcc_wmma_load_c(ptr, ld, col_major) */
static void i_wmma_load(isel *s, LLVMValueRef call, const intr *t) {
    unsigned ty = t->a == HISA_OP_WMMA_LDC ? HISA_T_F32
                : imm_arg(s, call, 3, "wmma element type") ? HISA_T_BF16 : HISA_T_F16;
    emit(s, t->a, layout_mod(s, call, 2) | mod(HISA_MG_TYPE, ty), 3, mo_vreg(dst(s, call)),
         mo_mem(reg(s, arg(call, 0)), 0, 0), opnd_b(s, arg(call, 1)));
}

/* __hcc_wmma_store_d(ptr, d, ld, col_major) */
static void i_wmma_store(isel *s, LLVMValueRef call, const intr *t) {
    (void)t;
    emit(s, HISA_OP_WMMA_STD, layout_mod(s, call, 3) | mod(HISA_MG_TYPE, HISA_T_F32), 3,
         mo_mem(reg(s, arg(call, 0)), 0, 0), mo_vreg(reg(s, arg(call, 1))), opnd_b(s, arg(call, 2)));
}

/* __hcc_wmma_mma(a, b, c, bf16) */
static void i_wmma_mma(isel *s, LLVMValueRef call, const intr *t) {
    (void)t;
    unsigned in = imm_arg(s, call, 3, "wmma element type") ? HISA_T_BF16 : HISA_T_F16;
    emit(s, HISA_OP_WMMA_MMA, mod(HISA_MG_TYPE, HISA_T_F32) | mod(HISA_MG_TYPE2, in), 4, mo_vreg(dst(s, call)),
         mo_vreg(reg(s, arg(call, 0))), mo_vreg(reg(s, arg(call, 1))), mo_vreg(reg(s, arg(call, 2))));
}

static const intr table[] = {
    {"__hcc_wmma_load_a", i_wmma_load, HISA_OP_WMMA_LDA, 0},
    {"__hcc_wmma_load_b", i_wmma_load, HISA_OP_WMMA_LDB, 0},
    {"__hcc_wmma_load_c", i_wmma_load, HISA_OP_WMMA_LDC, 0},
    {"__hcc_wmma_store_d", i_wmma_store, 0, 0},
    {"__hcc_wmma_mma", i_wmma_mma, 0, 0},
    {"llvm.lifetime.", i_ignore, 0, 0},
    {"llvm.dbg.", i_ignore, 0, 0},
    {"llvm.assume", i_ignore, 0, 0},
    {"llvm.experimental.noalias.scope.decl", i_ignore, 0, 0},
    {"llvm.invariant.", i_ignore, 0, 0},
    {"llvm.donothing", i_ignore, 0, 0},
    {"llvm.sideeffect", i_ignore, 0, 0},
    {"llvm.nvvm.read.ptx.sreg.tid.x", i_sreg, HISA_SR_TID_X, 0},
    {"llvm.nvvm.read.ptx.sreg.tid.y", i_sreg, HISA_SR_TID_Y, 0},
    {"llvm.nvvm.read.ptx.sreg.tid.z", i_sreg, HISA_SR_TID_Z, 0},
    {"llvm.nvvm.read.ptx.sreg.ntid.x", i_sreg, HISA_SR_NTID_X, 0},
    {"llvm.nvvm.read.ptx.sreg.ntid.y", i_sreg, HISA_SR_NTID_Y, 0},
    {"llvm.nvvm.read.ptx.sreg.ntid.z", i_sreg, HISA_SR_NTID_Z, 0},
    {"llvm.nvvm.read.ptx.sreg.ctaid.x", i_sreg, HISA_SR_CTAID_X, 0},
    {"llvm.nvvm.read.ptx.sreg.ctaid.y", i_sreg, HISA_SR_CTAID_Y, 0},
    {"llvm.nvvm.read.ptx.sreg.ctaid.z", i_sreg, HISA_SR_CTAID_Z, 0},
    {"llvm.nvvm.read.ptx.sreg.nctaid.x", i_sreg, HISA_SR_NCTAID_X, 0},
    {"llvm.nvvm.read.ptx.sreg.nctaid.y", i_sreg, HISA_SR_NCTAID_Y, 0},
    {"llvm.nvvm.read.ptx.sreg.nctaid.z", i_sreg, HISA_SR_NCTAID_Z, 0},
    {"llvm.nvvm.read.ptx.sreg.laneid", i_sreg, HISA_SR_LANEID, 0},
    {"llvm.nvvm.read.ptx.sreg.warpid", i_sreg, HISA_SR_WARPID, 0},
    {"llvm.nvvm.read.ptx.sreg.nwarpid", i_sreg, HISA_SR_NWARPID, 0},
    {"llvm.nvvm.read.ptx.sreg.smid", i_sreg, HISA_SR_SMID, 0},
    {"llvm.nvvm.read.ptx.sreg.nsmid", i_sreg, HISA_SR_NSMID, 0},
    {"llvm.nvvm.read.ptx.sreg.lanemask.eq", i_sreg, HISA_SR_LANEMASK_EQ, 0},
    {"llvm.nvvm.read.ptx.sreg.lanemask.lt", i_sreg, HISA_SR_LANEMASK_LT, 0},
    {"llvm.nvvm.read.ptx.sreg.lanemask.le", i_sreg, HISA_SR_LANEMASK_LE, 0},
    {"llvm.nvvm.read.ptx.sreg.lanemask.gt", i_sreg, HISA_SR_LANEMASK_GT, 0},
    {"llvm.nvvm.read.ptx.sreg.lanemask.ge", i_sreg, HISA_SR_LANEMASK_GE, 0},
    {"llvm.nvvm.read.ptx.sreg.clock64", i_sreg, HISA_SR_CLOCK64, 0},
    {"llvm.nvvm.read.ptx.sreg.clock", i_sreg, HISA_SR_CLOCK, 0},
    {"llvm.nvvm.read.ptx.sreg.globaltimer", i_sreg, HISA_SR_GLOBALTIMER, 0},
    {"llvm.nvvm.barrier0.popc", i_bar_red, HISA_OP_BAR_POPC, 0},
    {"llvm.nvvm.barrier0.and", i_bar_red, HISA_OP_BAR_AND, 0},
    {"llvm.nvvm.barrier0.or", i_bar_red, HISA_OP_BAR_OR, 0},
    {"llvm.nvvm.barrier0", i_bar, 0, 0},
    {"llvm.nvvm.barrier.sync.cnt", i_bar, 2, 0},
    {"llvm.nvvm.barrier.sync", i_bar, 1, 0},
    {"llvm.nvvm.barrier.n", i_bar, 1, 0},
    {"llvm.nvvm.bar.warp.sync", i_warpsync, 0, 0},
    {"llvm.nvvm.membar.cta", i_membar, HISA_SCOPE_CTA, 0},
    {"llvm.nvvm.membar.gl", i_membar, HISA_SCOPE_GPU, 0},
    {"llvm.nvvm.membar.sys", i_membar, HISA_SCOPE_SYS, 0},
    {"llvm.nvvm.shfl.sync.idx.i32p", i_shfl, HISA_OP_SHFL_IDX, 1},
    {"llvm.nvvm.shfl.sync.idx.f32p", i_shfl, HISA_OP_SHFL_IDX, 1},
    {"llvm.nvvm.shfl.sync.up.i32p", i_shfl, HISA_OP_SHFL_UP, 1},
    {"llvm.nvvm.shfl.sync.up.f32p", i_shfl, HISA_OP_SHFL_UP, 1},
    {"llvm.nvvm.shfl.sync.down.i32p", i_shfl, HISA_OP_SHFL_DOWN, 1},
    {"llvm.nvvm.shfl.sync.down.f32p", i_shfl, HISA_OP_SHFL_DOWN, 1},
    {"llvm.nvvm.shfl.sync.bfly.i32p", i_shfl, HISA_OP_SHFL_BFLY, 1},
    {"llvm.nvvm.shfl.sync.bfly.f32p", i_shfl, HISA_OP_SHFL_BFLY, 1},
    {"llvm.nvvm.shfl.sync.idx.", i_shfl, HISA_OP_SHFL_IDX, 0},
    {"llvm.nvvm.shfl.sync.up.", i_shfl, HISA_OP_SHFL_UP, 0},
    {"llvm.nvvm.shfl.sync.down.", i_shfl, HISA_OP_SHFL_DOWN, 0},
    {"llvm.nvvm.shfl.sync.bfly.", i_shfl, HISA_OP_SHFL_BFLY, 0},
    {"llvm.nvvm.vote.all.sync", i_vote, HISA_OP_VOTE_ALL, 0},
    {"llvm.nvvm.vote.any.sync", i_vote, HISA_OP_VOTE_ANY, 0},
    {"llvm.nvvm.vote.uni.sync", i_vote, HISA_OP_VOTE_UNI, 0},
    {"llvm.nvvm.vote.ballot.sync", i_vote, HISA_OP_VOTE_BALLOT, 0},
    {"llvm.nvvm.match.any.sync.", i_match, HISA_OP_MATCH_ANY, 0},
    {"llvm.nvvm.match.all.sync.", i_match, HISA_OP_MATCH_ALL, 0},
    {"llvm.nvvm.activemask", i_actmask, 0, 0},
    {"llvm.nvvm.atomic.load.inc.32.", i_atom_wrap, HISA_ATOM_INC, 0},
    {"llvm.nvvm.atomic.load.dec.32.", i_atom_wrap, HISA_ATOM_DEC, 0},
    {"llvm.nvvm.isspacep.global", i_isspacep, HISA_SPACE_GLOBAL, 0},
    {"llvm.nvvm.isspacep.shared", i_isspacep, HISA_SPACE_SHARED, 0},
    {"llvm.nvvm.isspacep.const", i_isspacep, HISA_SPACE_CONST, 0},
    {"llvm.nvvm.isspacep.local", i_isspacep, HISA_SPACE_LOCAL, 0},
    {"llvm.nvvm.redux.sync.add", i_redux, HISA_ATOM_ADD, HISA_T_S32},
    {"llvm.nvvm.redux.sync.min", i_redux, HISA_ATOM_MIN, HISA_T_S32},
    {"llvm.nvvm.redux.sync.max", i_redux, HISA_ATOM_MAX, HISA_T_S32},
    {"llvm.nvvm.redux.sync.umin", i_redux, HISA_ATOM_MIN, HISA_T_U32},
    {"llvm.nvvm.redux.sync.umax", i_redux, HISA_ATOM_MAX, HISA_T_U32},
    {"llvm.nvvm.redux.sync.and", i_redux, HISA_ATOM_AND, HISA_T_U32},
    {"llvm.nvvm.redux.sync.or", i_redux, HISA_ATOM_OR, HISA_T_U32},
    {"llvm.nvvm.redux.sync.xor", i_redux, HISA_ATOM_XOR, HISA_T_U32},
    {"llvm.trap", i_trap, 0, 0},
    {"__hcc_trap", i_trap, 0, 0},
    {"llvm.fma.", i_fma, HISA_RND_RN, 0},
    {"llvm.fmuladd.", i_fma, HISA_RND_RN, 0},
    {"llvm.nvvm.fma.rn.", i_fma, HISA_RND_RN, 0},
    {"llvm.nvvm.fma.rz.", i_fma, HISA_RND_RZ, 0},
    {"llvm.nvvm.fma.rm.", i_fma, HISA_RND_RM, 0},
    {"llvm.nvvm.fma.rp.", i_fma, HISA_RND_RP, 0},
    {"llvm.nvvm.add.", i_frounded, HISA_OP_FADD, HISA_OP_DADD},
    {"llvm.nvvm.mul.", i_frounded, HISA_OP_FMUL, HISA_OP_DMUL},
    {"llvm.nvvm.div.", i_frounded, HISA_OP_FDIV, HISA_OP_DDIV},
    {"llvm.sqrt.", i_funary, HISA_OP_FSQRT, HISA_OP_DSQRT},
    {"llvm.nvvm.sqrt.f", i_funary, HISA_OP_FSQRT, 0},
    {"llvm.nvvm.sqrt.rn.", i_fsqrt_rcp, 0, 0},
    {"llvm.nvvm.sqrt.rz.", i_fsqrt_rcp, 0, 0},
    {"llvm.nvvm.sqrt.rm.", i_fsqrt_rcp, 0, 0},
    {"llvm.nvvm.sqrt.rp.", i_fsqrt_rcp, 0, 0},
    {"llvm.nvvm.rcp.rn.", i_fsqrt_rcp, 1, 0},
    {"llvm.nvvm.rcp.rz.", i_fsqrt_rcp, 1, 0},
    {"llvm.nvvm.rcp.rm.", i_fsqrt_rcp, 1, 0},
    {"llvm.nvvm.rcp.rp.", i_fsqrt_rcp, 1, 0},
    {"llvm.floor.", i_frnd, HISA_RND_RM, 0},
    {"llvm.ceil.", i_frnd, HISA_RND_RP, 0},
    {"llvm.trunc.", i_frnd, HISA_RND_RZ, 0},
    {"llvm.rint.", i_frnd, HISA_RND_RN, 0},
    {"llvm.nearbyint.", i_frnd, HISA_RND_RN, 0},
    {"llvm.roundeven.", i_frnd, HISA_RND_RN, 0},
    {"llvm.fabs.", i_fabs, 0, 0},
    {"llvm.copysign.", i_copysign, 0, 0},
    {"llvm.is.fpclass.", i_fpclass, 0, 0},
    {"llvm.minnum.", i_fbinary, HISA_OP_FMIN, HISA_OP_DMIN},
    {"llvm.maxnum.", i_fbinary, HISA_OP_FMAX, HISA_OP_DMAX},
    {"llvm.nvvm.fmin.f", i_fbinary, HISA_OP_FMIN, 0},
    {"llvm.nvvm.fmax.f", i_fbinary, HISA_OP_FMAX, 0},
    {"llvm.nvvm.fmin.d", i_fbinary, 0, HISA_OP_DMIN},
    {"llvm.nvvm.fmax.d", i_fbinary, 0, HISA_OP_DMAX},
    {"llvm.nvvm.rcp.approx.", i_mufu, HISA_MUFU_RCP, 0},
    {"llvm.nvvm.rsqrt.approx.", i_mufu, HISA_MUFU_RSQ, 0},
    {"llvm.nvvm.sqrt.approx.", i_mufu, HISA_MUFU_SQRT, 0},
    {"llvm.nvvm.sin.approx.", i_mufu, HISA_MUFU_SIN, 0},
    {"llvm.nvvm.cos.approx.", i_mufu, HISA_MUFU_COS, 0},
    {"llvm.nvvm.ex2.approx.", i_mufu, HISA_MUFU_EX2, 0},
    {"llvm.nvvm.lg2.approx.", i_mufu, HISA_MUFU_LG2, 0},
    {"llvm.nvvm.tanh.approx.", i_mufu, HISA_MUFU_TANH, 0},
    {"llvm.smin.", i_minmax, HISA_OP_IMIN, 1},
    {"llvm.smax.", i_minmax, HISA_OP_IMAX, 1},
    {"llvm.umin.", i_minmax, HISA_OP_IMIN, 0},
    {"llvm.umax.", i_minmax, HISA_OP_IMAX, 0},
    {"llvm.abs.", i_abs, 0, 0},
    {"llvm.uadd.sat.", i_sat, OV_ADD, 0},
    {"llvm.usub.sat.", i_sat, OV_SUB, 0},
    {"llvm.sadd.sat.", i_sat, OV_ADD, 1},
    {"llvm.ssub.sat.", i_sat, OV_SUB, 1},
    {"llvm.uadd.with.overflow.", i_overflow, OV_ADD, 0},
    {"llvm.usub.with.overflow.", i_overflow, OV_SUB, 0},
    {"llvm.umul.with.overflow.", i_overflow, OV_MUL, 0},
    {"llvm.sadd.with.overflow.", i_overflow, OV_ADD, 1},
    {"llvm.ssub.with.overflow.", i_overflow, OV_SUB, 1},
    {"llvm.smul.with.overflow.", i_overflow, OV_MUL, 1},
    {"llvm.ctpop.", i_iunary, HISA_OP_POPC, HISA_OP_POPC64},
    {"llvm.ctlz.", i_iunary, HISA_OP_CLZ, HISA_OP_CLZ64},
    {"llvm.bitreverse.", i_iunary, HISA_OP_BREV, HISA_OP_BREV64},
    {"llvm.cttz.", i_cttz, 0, 0},
    {"llvm.bswap.", i_bswap, 0, 0},
    {"llvm.fshl.", i_funnel, HISA_OP_SHF_L, 0},
    {"llvm.fshr.", i_funnel, HISA_OP_SHF_R, 0},
    {"llvm.nvvm.mulhi.i", i_mulhi, HISA_T_S32, 0},
    {"llvm.nvvm.mulhi.ui", i_mulhi, HISA_T_U32, 0},
    {"llvm.nvvm.mulhi.ll", i_mulhi, HISA_T_S64, 0},
    {"llvm.nvvm.mulhi.ull", i_mulhi, HISA_T_U64, 0},
    {"llvm.nvvm.mul24.i", i_mul24, 1, 0},
    {"llvm.nvvm.mul24.ui", i_mul24, 0, 0},
    {"llvm.nvvm.sad.i", i_sad, 1, 0},
    {"llvm.nvvm.sad.ui", i_sad, 0, 0},
    {"llvm.nvvm.prmt", i_prmt, 0, 0},
    {"__hcc_cvt_", i_hcc_cvt, 0, 0},
    {"llvm.nvvm.f2i.", i_nvvm_cvt, HISA_T_S32, HISA_T_F32},
    {"llvm.nvvm.f2ui.", i_nvvm_cvt, HISA_T_U32, HISA_T_F32},
    {"llvm.nvvm.f2ll.", i_nvvm_cvt, HISA_T_S64, HISA_T_F32},
    {"llvm.nvvm.f2ull.", i_nvvm_cvt, HISA_T_U64, HISA_T_F32},
    {"llvm.nvvm.d2i.", i_nvvm_cvt, HISA_T_S32, HISA_T_F64},
    {"llvm.nvvm.d2ui.", i_nvvm_cvt, HISA_T_U32, HISA_T_F64},
    {"llvm.nvvm.d2ll.", i_nvvm_cvt, HISA_T_S64, HISA_T_F64},
    {"llvm.nvvm.d2ull.", i_nvvm_cvt, HISA_T_U64, HISA_T_F64},
    {"llvm.nvvm.i2f.", i_nvvm_cvt, HISA_T_F32, HISA_T_S32},
    {"llvm.nvvm.ui2f.", i_nvvm_cvt, HISA_T_F32, HISA_T_U32},
    {"llvm.nvvm.ll2f.", i_nvvm_cvt, HISA_T_F32, HISA_T_S64},
    {"llvm.nvvm.ull2f.", i_nvvm_cvt, HISA_T_F32, HISA_T_U64},
    {"llvm.nvvm.i2d.", i_nvvm_cvt, HISA_T_F64, HISA_T_S32},
    {"llvm.nvvm.ui2d.", i_nvvm_cvt, HISA_T_F64, HISA_T_U32},
    {"llvm.nvvm.ll2d.", i_nvvm_cvt, HISA_T_F64, HISA_T_S64},
    {"llvm.nvvm.ull2d.", i_nvvm_cvt, HISA_T_F64, HISA_T_U64},
    {"llvm.nvvm.d2f.", i_nvvm_cvt, HISA_T_F32, HISA_T_F64},
    {"llvm.nvvm.f2h.", i_nvvm_cvt, HISA_T_F16, HISA_T_F32},
    {"llvm.nvvm.f2bf16.", i_nvvm_cvt, HISA_T_BF16, HISA_T_F32},
    {"llvm.memcpy.", i_mem, 0, 0},
    {"llvm.memmove.", i_mem, 0, 0},
    {"llvm.memset.", i_mem, 0, 0},
    {"llvm.nvvm.ldg.global.", i_ldg, 0, 0},
};

static const intr *lookup(const char *name) {
    for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
        size_t n = strlen(table[i].name);
        int prefix = table[i].name[n - 1] == '.' || table[i].name[n - 1] == '_';
        if (prefix ? !strncmp(name, table[i].name, n) : !strcmp(name, table[i].name))
            return &table[i];
    }
    return NULL;
}

void isel_printf(isel *s, LLVMValueRef call); /* be_isel_printf.c */

/* A call to a device function that was not inlined (recursion): the
 * arguments go below the caller's stack pointer, the callee saves what it
 * uses, the result comes back in the argument area (docs/hcc.md). */
static void isel_device_call(isel *s, LLVMValueRef call, LLVMValueRef callee) {
    LLVMTypeRef fnty = LLVMGlobalGetValueType(callee);
    unsigned n = LLVMCountParamTypes(fnty);
    if (LLVMIsFunctionVarArg(fnty))
        be_error(s->b, call, "variadic device functions are not supported");
    unsigned *offs = be_alloc(s->b, (n + 1) * sizeof *offs);
    unsigned area = be_arg_layout(s->b, callee, offs);
    if (area > s->mf->out_area)
        s->mf->out_area = area;
    for (unsigned i = 0; i < n; i++) {
        LLVMTypeRef byval = be_byval_type(callee, i);
        if (byval) { /* the struct's bytes, copied from where the caller keeps it */
            isel_copy_to_stack(s, arg(call, i), (unsigned)LLVMABISizeOfType(s->b->td, byval),
                               LLVMABIAlignmentOfType(s->b->td, byval), (int64_t)offs[i] - area);
            continue;
        }
        int r = reg(s, arg(call, i));
        for (int w = 0; w < s->mf->vwords[r]; w++)
            emit(s, HISA_OP_STL, 0, 2, mo_mem(VREG_SP, 0, (int64_t)offs[i] + 4 * w - area), mo_vsub(r, w));
    }
    be_free(s->b, offs);
    s->mf->makes_calls = 1;
    emit(s, HISA_OP_CALL, 0, 2, mo_vreg(VREG_RA), (mopnd){.kind = MO_FUNC, .sym = LLVMGetValueName(callee)});
    if (LLVMGetTypeKind(LLVMTypeOf(call)) != LLVMVoidTypeKind) {
        int d = dst(s, call);
        emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
        for (int w = 0; w < s->mf->vwords[d]; w++)
            emit(s, HISA_OP_LDL, 0, 2, mo_vsub(d, w), mo_mem(VREG_SP, 0, 4 * w - (int64_t)area));
    }
}

void isel_call(isel *s, LLVMValueRef call) {
    LLVMValueRef callee = LLVMGetCalledValue(call);
    if (LLVMIsAInlineAsm(callee))
        be_error(s->b, call, "inline assembly is not supported");
    if (!LLVMIsAFunction(callee))
        be_error(s->b, call, "indirect calls are not supported yet");
    const char *name = LLVMGetValueName(callee);
    const intr *t = lookup(name);
    if (t) {
        t->fn(s, call, t);
        return;
    }
    if (!strcmp(name, "vprintf")) {
        isel_printf(s, call);
        return;
    }
    if (!strncmp(name, "llvm.", 5))
        be_error(s->b, call, "intrinsic %s is not supported", name);
    if (LLVMIsDeclaration(callee))
        be_error(s->b, call, "call to undefined device function '%s'", name);
    isel_device_call(s, call, callee);
}
