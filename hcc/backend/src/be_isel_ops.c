/* be_isel_ops.c -- instruction selection for arithmetic, compares, selects
 * and conversions. */
#include <string.h>

#include "be_isel.h"

enum fkind { F_NONE, F_HALF, F_BF16, F_F32, F_F64 };

static enum fkind float_kind(LLVMTypeRef t) {
    switch (LLVMGetTypeKind(t)) {
    case LLVMHalfTypeKind: return F_HALF;
    case LLVMBFloatTypeKind: return F_BF16;
    case LLVMFloatTypeKind: return F_F32;
    case LLVMDoubleTypeKind: return F_F64;
    case LLVMVectorTypeKind: {
        enum fkind e = float_kind(LLVMGetElementType(t));
        return e == F_HALF || e == F_BF16 ? e : F_NONE; /* packed pairs only */
    }
    default: return F_NONE;
    }
}

static unsigned htype(enum fkind k) { return mod(HISA_MG_TYPE, k == F_BF16 ? HISA_T_BF16 : HISA_T_F16); }

/* HISA type of an integer or float scalar for CVT. */
static unsigned cvt_type(LLVMTypeRef t, int is_signed) {
    switch (float_kind(t)) {
    case F_HALF: return HISA_T_F16;
    case F_BF16: return HISA_T_BF16;
    case F_F32: return HISA_T_F32;
    case F_F64: return HISA_T_F64;
    case F_NONE: break;
    }
    unsigned bits = int_bits(t);
    if (bits <= 8)
        return is_signed ? HISA_T_S8 : HISA_T_U8;
    if (bits <= 16)
        return is_signed ? HISA_T_S16 : HISA_T_U16;
    if (bits <= 32)
        return is_signed ? HISA_T_S32 : HISA_T_U32;
    return is_signed ? HISA_T_S64 : HISA_T_U64;
}

/* ---- integer and float binary operators --------------------------------------------- */

/* Contraction (CUDA's default -ffp-contract=fast): an fadd or fsub with the
 * contract flag and an operand that is a float or double fmul with the
 * flag, used by nothing else, lowers with it as one FFMA/DFMA.  A product
 * with other uses stays a rounded product, as nvcc keeps it (seen on an
 * NVIDIA H200: tools/nvidia-reference); that also keeps error-free
 * transformations (p = x*y; e = fma(x, y, -p); p + c) exact. */
static int contractible_mul(LLVMValueRef v) {
    if (!LLVMIsAInstruction(v) || LLVMGetInstructionOpcode(v) != LLVMFMul)
        return 0;
    LLVMUseRef u = LLVMGetFirstUse(v);
    return (LLVMGetFastMathFlags(v) & LLVMFastMathAllowContract) && float_kind(LLVMTypeOf(v)) != F_NONE && u &&
           !LLVMGetNextUse(u);
}

/* fadd/fsub `in` as one fused multiply-add if it contracts: x*y + c,
 * c + x*y, x*y - c = fma(x, y, -c), c - x*y = fma(-x, y, c).  When both
 * operands are products, the first fuses.  Returns 0 if `in` does not
 * contract. */
static int contract_fma(isel *s, LLVMValueRef in, LLVMOpcode op, enum fkind k, int d) {
    if (k == F_NONE || !(LLVMGetFastMathFlags(in) & LLVMFastMathAllowContract))
        return 0;
    LLVMValueRef a = LLVMGetOperand(in, 0), bv = LLVMGetOperand(in, 1);
    int ma = contractible_mul(a), mb = contractible_mul(bv);
    if (!ma && !mb)
        return 0;
    LLVMValueRef m = ma ? a : bv, addend = ma ? bv : a;
    int x = reg(s, LLVMGetOperand(m, 0)), c = reg(s, addend);
    if (k == F_HALF || k == F_BF16) { /* HFMA (HFMA2 for pairs); negation flips the sign bits */
        int packed = LLVMGetTypeKind(LLVMTypeOf(in)) == LLVMVectorTypeKind;
        if (op == LLVMFSub) {
            int n = new_vreg(s, 1), *t = ma ? &c : &x;
            emit(s, HISA_OP_XOR, 0, 3, mo_vreg(n), mo_vreg(*t), mo_imm(packed ? 0x80008000u : 0x8000u));
            *t = n;
        }
        emit(s, packed ? HISA_OP_HFMA2 : HISA_OP_HFMA, htype(k), 4, mo_vreg(d), mo_vreg(x),
             mo_vreg(reg(s, LLVMGetOperand(m, 1))), mo_vreg(c));
        return 1;
    }
    unsigned neg = k == F_F32 ? HISA_OP_FNEG : HISA_OP_DNEG;
    if (op == LLVMFSub && ma) { /* x*y - c */
        int nc = new_vreg(s, s->mf->vwords[c]);
        emit(s, neg, 0, 2, mo_vreg(nc), mo_vreg(c));
        c = nc;
    } else if (op == LLVMFSub) { /* c - x*y */
        int nx = new_vreg(s, s->mf->vwords[x]);
        emit(s, neg, 0, 2, mo_vreg(nx), mo_vreg(x));
        x = nx;
    }
    if (k == F_F32)
        emit(s, HISA_OP_FFMA, 0, 4, mo_vreg(d), mo_vreg(x), opnd_b(s, LLVMGetOperand(m, 1)), mo_vreg(c));
    else
        emit(s, HISA_OP_DFMA, 0, 4, mo_vreg(d), mo_vreg(x), mo_vreg(reg(s, LLVMGetOperand(m, 1))), mo_vreg(c));
    return 1;
}

static void float_binop(isel *s, LLVMValueRef in, LLVMOpcode op, enum fkind k) {
    LLVMValueRef a = LLVMGetOperand(in, 0), bv = LLVMGetOperand(in, 1);
    int d = vreg_of(s, in);
    if ((op == LLVMFAdd || op == LLVMFSub) && contract_fma(s, in, op, k, d))
        return;
    if (k == F_F32) {
        unsigned o = op == LLVMFAdd ? HISA_OP_FADD : op == LLVMFSub ? HISA_OP_FSUB
                   : op == LLVMFMul ? HISA_OP_FMUL : op == LLVMFDiv ? HISA_OP_FDIV : 0;
        if (!o)
            be_error(s->b, in, "frem (fmodf, the remainder of floats) is not supported yet");
        emit(s, o, 0, 3, mo_vreg(d), mo_vreg(reg(s, a)), opnd_b(s, bv));
        return;
    }
    if (k == F_F64) {
        unsigned o = op == LLVMFAdd ? HISA_OP_DADD : op == LLVMFSub ? HISA_OP_DSUB
                   : op == LLVMFMul ? HISA_OP_DMUL : op == LLVMFDiv ? HISA_OP_DDIV : 0;
        if (!o)
            be_error(s->b, in, "frem (fmod, the remainder of doubles) is not supported yet");
        emit(s, o, 0, 3, mo_vreg(d), mo_vreg(reg(s, a)), mo_vreg(reg(s, bv)));
        return;
    }
    /* half and bfloat, scalar or packed pairs */
    int packed = LLVMGetTypeKind(LLVMTypeOf(in)) == LLVMVectorTypeKind;
    int ra = reg(s, a), rb = reg(s, bv);
    switch (op) {
    case LLVMFAdd:
        emit(s, packed ? HISA_OP_HADD2 : HISA_OP_HADD, htype(k), 3, mo_vreg(d), mo_vreg(ra), mo_vreg(rb));
        return;
    case LLVMFMul:
        emit(s, packed ? HISA_OP_HMUL2 : HISA_OP_HMUL, htype(k), 3, mo_vreg(d), mo_vreg(ra), mo_vreg(rb));
        return;
    case LLVMFSub: { /* a - b = b * -1 + a, one rounding */
        uint32_t m1 = k == F_BF16 ? 0xbf80u : 0xbc00u;
        emit(s, packed ? HISA_OP_HFMA2 : HISA_OP_HFMA, htype(k), 4, mo_vreg(d), mo_vreg(rb),
             mo_imm(packed ? (m1 << 16 | m1) : m1), mo_vreg(ra));
        return;
    }
    case LLVMFDiv:
        if (!packed) { /* through f32: correctly rounded for these widths */
            int fa = new_vreg(s, 1), fb = new_vreg(s, 1), q = new_vreg(s, 1);
            unsigned from = mod(HISA_MG_TYPE2, k == F_BF16 ? HISA_T_BF16 : HISA_T_F16);
            emit(s, HISA_OP_CVT, mod(HISA_MG_TYPE, HISA_T_F32) | from, 2, mo_vreg(fa), mo_vreg(ra));
            emit(s, HISA_OP_CVT, mod(HISA_MG_TYPE, HISA_T_F32) | from, 2, mo_vreg(fb), mo_vreg(rb));
            emit(s, HISA_OP_FDIV, 0, 3, mo_vreg(q), mo_vreg(fa), mo_vreg(fb));
            emit(s, HISA_OP_CVT, htype(k) | mod(HISA_MG_TYPE2, HISA_T_F32), 2, mo_vreg(d), mo_vreg(q));
            return;
        }
        break;
    default:
        break;
    }
    be_error(s->b, in, "this half-precision operation is not supported");
}

/* ---- integers of 65..128 bits ----------------------------------------------------------
 * LLVM makes them for closed forms of sums over 64-bit loop counters (zext
 * to i65, mul, lshr, trunc), and __int128 is i128.  They live in four words,
 * a low and a high pair, with unspecified bits above N like the narrow
 * types.  Add, sub, mul, the bit operations, shifts, compares and
 * conversions to and from narrower integers are supported; division is not. */

enum { P_TMP = 5 }; /* a predicate for the carries and compares below */

/* A new four-word copy of r with the value extended from `bits` to 128. */
static int ext128(isel *s, int r, unsigned bits, int sgn) {
    int d = new_vreg(s, 4);
    emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
    emit(s, HISA_OP_MOV64, 0, 2, mo_vsub(d, 0), mo_vsub(r, 0));
    if (bits >= 128) {
        emit(s, HISA_OP_MOV64, 0, 2, mo_vsub(d, 2), mo_vsub(r, 2));
        return d;
    }
    int t = new_vreg(s, 2);
    emit(s, HISA_OP_SHL64, 0, 3, mo_vreg(t), mo_vsub(r, 2), mo_imm(128 - bits));
    emit(s, HISA_OP_SHR64, mod(HISA_MG_TYPE, sgn ? HISA_T_S64 : HISA_T_U64), 3, mo_vsub(d, 2), mo_vreg(t),
         mo_imm(128 - bits));
    return d;
}

/* d.hi:d.lo = a shifted by the 32-bit amount k (< 128); LLVM makes larger amounts poison */
static void wide_shift(isel *s, LLVMOpcode op, int d, int a, LLVMValueRef amount) {
    unsigned u64 = mod(HISA_MG_TYPE, HISA_T_U64), rt = mod(HISA_MG_TYPE, op == LLVMAShr ? HISA_T_S64 : HISA_T_U64);
    int k = new_vreg(s, 1), rk = new_vreg(s, 1), km = new_vreg(s, 1);
    emit(s, HISA_OP_AND, 0, 3, mo_vreg(k), mo_vsub(reg(s, amount), 0), mo_imm(127));
    emit(s, HISA_OP_MOV, 0, 2, mo_vreg(rk), mo_imm(64));
    emit(s, HISA_OP_ISUB, 0, 3, mo_vreg(rk), mo_vreg(rk), mo_vreg(k));  /* 64 - k */
    emit(s, HISA_OP_IADD, 0, 3, mo_vreg(km), mo_vreg(k), mo_imm((uint32_t)-64)); /* k - 64 */
    int near_lo = new_vreg(s, 2), near_hi = new_vreg(s, 2), far_lo = new_vreg(s, 2), far_hi = new_vreg(s, 2);
    int x = new_vreg(s, 2), y = new_vreg(s, 2);
    /* 64-bit shifts by 64 or more give 0 (or the sign fill), so k = 0 needs no care */
    if (op == LLVMShl) {
        emit(s, HISA_OP_SHL64, 0, 3, mo_vreg(near_lo), mo_vsub(a, 0), mo_vreg(k));
        emit(s, HISA_OP_SHL64, 0, 3, mo_vreg(x), mo_vsub(a, 2), mo_vreg(k));
        emit(s, HISA_OP_SHR64, u64, 3, mo_vreg(y), mo_vsub(a, 0), mo_vreg(rk));
        emit(s, HISA_OP_OR64, 0, 3, mo_vreg(near_hi), mo_vreg(x), mo_vreg(y));
        emit(s, HISA_OP_MOV64, 0, 2, mo_vreg(far_lo), mo_imm(0));
        emit(s, HISA_OP_SHL64, 0, 3, mo_vreg(far_hi), mo_vsub(a, 0), mo_vreg(km));
    } else {
        emit(s, HISA_OP_SHR64, rt, 3, mo_vreg(near_hi), mo_vsub(a, 2), mo_vreg(k));
        emit(s, HISA_OP_SHR64, u64, 3, mo_vreg(x), mo_vsub(a, 0), mo_vreg(k));
        emit(s, HISA_OP_SHL64, 0, 3, mo_vreg(y), mo_vsub(a, 2), mo_vreg(rk));
        emit(s, HISA_OP_OR64, 0, 3, mo_vreg(near_lo), mo_vreg(x), mo_vreg(y));
        emit(s, HISA_OP_SHR64, rt, 3, mo_vreg(far_lo), mo_vsub(a, 2), mo_vreg(km));
        emit(s, HISA_OP_SHR64, rt, 3, mo_vreg(far_hi), mo_vsub(a, 2), mo_imm(64));
    }
    emit(s, HISA_OP_ISETP, mod(HISA_MG_CMP, HISA_CMP_LT) | mod(HISA_MG_TYPE, HISA_T_U32), 3, mo_pred(P_TMP, 0),
         mo_vreg(k), mo_imm(64));
    emit(s, HISA_OP_SEL64, 0, 4, mo_vsub(d, 0), mo_vreg(near_lo), mo_vreg(far_lo), mo_pred(P_TMP, 0));
    emit(s, HISA_OP_SEL64, 0, 4, mo_vsub(d, 2), mo_vreg(near_hi), mo_vreg(far_hi), mo_pred(P_TMP, 0));
}

static void wide_binop(isel *s, LLVMValueRef in, LLVMOpcode op, unsigned bits) {
    LLVMValueRef av = LLVMGetOperand(in, 0), bv = LLVMGetOperand(in, 1);
    int d = vreg_of(s, in), a = reg(s, av);
    unsigned u64 = mod(HISA_MG_TYPE, HISA_T_U64);
    emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
    if (op == LLVMShl || op == LLVMLShr || op == LLVMAShr) {
        wide_shift(s, op, d, op == LLVMShl ? a : ext128(s, a, bits, op == LLVMAShr), bv);
        return;
    }
    int b = reg(s, bv);
    switch (op) {
    case LLVMAnd: case LLVMOr: case LLVMXor: {
        unsigned o = op == LLVMAnd ? HISA_OP_AND64 : op == LLVMOr ? HISA_OP_OR64 : HISA_OP_XOR64;
        emit(s, o, 0, 3, mo_vsub(d, 0), mo_vsub(a, 0), mo_vsub(b, 0));
        emit(s, o, 0, 3, mo_vsub(d, 2), mo_vsub(a, 2), mo_vsub(b, 2));
        return;
    }
    case LLVMAdd: case LLVMSub: { /* the carry (borrow) of the low pairs into the high ones */
        int c = new_vreg(s, 2), h = new_vreg(s, 2);
        emit(s, op == LLVMAdd ? HISA_OP_IADD64 : HISA_OP_ISUB64, 0, 3, mo_vsub(d, 0), mo_vsub(a, 0), mo_vsub(b, 0));
        if (op == LLVMAdd)
            emit(s, HISA_OP_ISETP64, mod(HISA_MG_CMP, HISA_CMP_LT) | u64, 3, mo_pred(P_TMP, 0), mo_vsub(d, 0),
                 mo_vsub(a, 0));
        else
            emit(s, HISA_OP_ISETP64, mod(HISA_MG_CMP, HISA_CMP_LT) | u64, 3, mo_pred(P_TMP, 0), mo_vsub(a, 0),
                 mo_vsub(b, 0));
        emit(s, MI_UNDEF, 0, 1, mo_vreg(c));
        emit(s, HISA_OP_P2R, 0, 2, mo_vsub(c, 0), mo_pred(P_TMP, 0));
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(c, 1), mo_imm(0));
        unsigned o = op == LLVMAdd ? HISA_OP_IADD64 : HISA_OP_ISUB64;
        emit(s, o, 0, 3, mo_vreg(h), mo_vsub(a, 2), mo_vsub(b, 2));
        emit(s, o, 0, 3, mo_vsub(d, 2), mo_vreg(h), mo_vreg(c));
        return;
    }
    case LLVMMul: { /* low 128 bits: a.lo * b.lo in full, plus the cross products into the high pair */
        int hi = new_vreg(s, 2), x = new_vreg(s, 2), y = new_vreg(s, 2), t = new_vreg(s, 2);
        emit(s, HISA_OP_IMULHI64, u64, 3, mo_vreg(hi), mo_vsub(a, 0), mo_vsub(b, 0));
        emit(s, HISA_OP_IMUL64, 0, 3, mo_vreg(x), mo_vsub(a, 0), mo_vsub(b, 2));
        emit(s, HISA_OP_IMUL64, 0, 3, mo_vreg(y), mo_vsub(a, 2), mo_vsub(b, 0));
        emit(s, HISA_OP_IMUL64, 0, 3, mo_vsub(d, 0), mo_vsub(a, 0), mo_vsub(b, 0));
        emit(s, HISA_OP_IADD64, 0, 3, mo_vreg(t), mo_vreg(hi), mo_vreg(x));
        emit(s, HISA_OP_IADD64, 0, 3, mo_vsub(d, 2), mo_vreg(t), mo_vreg(y));
        return;
    }
    default:
        be_error(s->b, in, "this operation on i%u (division) is not supported", bits);
    }
}

/* a compare of two 65..128-bit values into predicate p: the high pairs decide
 * unless they are equal, then the low pairs (unsigned) */
static void wide_cmp(isel *s, LLVMValueRef cmp, int p, unsigned code, int sgn, unsigned bits) {
    int a = ext128(s, reg(s, LLVMGetOperand(cmp, 0)), bits, sgn);
    int b = ext128(s, reg(s, LLVMGetOperand(cmp, 1)), bits, sgn);
    unsigned u64 = mod(HISA_MG_TYPE, HISA_T_U64), ht = mod(HISA_MG_TYPE, sgn ? HISA_T_S64 : HISA_T_U64);
    unsigned and_ = mod(HISA_MG_BOOL, HISA_BOOL_AND), or_ = mod(HISA_MG_BOOL, HISA_BOOL_OR);
    if (code == HISA_CMP_EQ || code == HISA_CMP_NE) {
        emit(s, HISA_OP_ISETP64, mod(HISA_MG_CMP, code) | u64, 3, mo_pred(p, 0), mo_vsub(a, 0), mo_vsub(b, 0));
        emit(s, HISA_OP_ISETP64, mod(HISA_MG_CMP, code) | u64 | (code == HISA_CMP_EQ ? and_ : or_), 4, mo_pred(p, 0),
             mo_vsub(a, 2), mo_vsub(b, 2), mo_pred(p, 0));
        return;
    }
    unsigned strict = code == HISA_CMP_LE ? HISA_CMP_LT : code == HISA_CMP_GE ? HISA_CMP_GT : code;
    int t = p == P_TMP ? P_TMP - 1 : P_TMP;
    emit(s, HISA_OP_ISETP64, mod(HISA_MG_CMP, code) | u64, 3, mo_pred(t, 0), mo_vsub(a, 0), mo_vsub(b, 0));
    emit(s, HISA_OP_ISETP64, mod(HISA_MG_CMP, HISA_CMP_EQ) | u64 | and_, 4, mo_pred(t, 0), mo_vsub(a, 2), mo_vsub(b, 2),
         mo_pred(t, 0));
    emit(s, HISA_OP_ISETP64, mod(HISA_MG_CMP, strict) | ht | or_, 4, mo_pred(p, 0), mo_vsub(a, 2), mo_vsub(b, 2),
         mo_pred(t, 0));
}

static void int_binop(isel *s, LLVMValueRef in, LLVMOpcode op, unsigned bits) {
    LLVMValueRef a = LLVMGetOperand(in, 0), bv = LLVMGetOperand(in, 1);
    int d = vreg_of(s, in);
    int64_t cx;
    int commutative = op == LLVMAdd || op == LLVMMul || op == LLVMAnd || op == LLVMOr || op == LLVMXor;
    if (commutative && const_int(a, &cx)) { /* the immediate goes into b */
        LLVMValueRef t = a;
        a = bv;
        bv = t;
    }
    if (bits == 1) { /* i1: 0/1 values; + and - are xor, * is and */
        unsigned o = op == LLVMAnd || op == LLVMMul ? HISA_OP_AND : op == LLVMOr ? HISA_OP_OR
                   : op == LLVMXor || op == LLVMAdd || op == LLVMSub ? HISA_OP_XOR : 0;
        if (!o)
            be_error(s->b, in, "unsupported operation on i1");
        emit(s, o, 0, 3, mo_vreg(d), mo_vreg(reg(s, a)), opnd_b(s, bv));
        return;
    }
    if (bits <= 32) {
        int sgn = op == LLVMSDiv || op == LLVMSRem || op == LLVMAShr;
        int needs_ext = op == LLVMUDiv || op == LLVMSDiv || op == LLVMURem || op == LLVMSRem ||
                        op == LLVMLShr || op == LLVMAShr;
        int ra = reg(s, a);
        mopnd ob = opnd_b(s, bv);
        if (needs_ext && bits < 32) {
            ra = ext32(s, ra, bits, sgn);
            if (ob.kind == MO_VREG && op != LLVMLShr && op != LLVMAShr)
                ob = mo_vreg(ext32(s, ob.reg, bits, sgn));
            else if (ob.kind == MO_IMM && op != LLVMLShr && op != LLVMAShr)
                ob.imm = sgn ? (int64_t)((int32_t)((uint32_t)ob.imm << (32 - bits)) >> (32 - bits))
                             : (int64_t)((uint32_t)ob.imm & ((1u << bits) - 1));
        }
        unsigned t = mod(HISA_MG_TYPE, sgn ? HISA_T_S32 : HISA_T_U32);
        switch (op) {
        case LLVMAdd: emit(s, HISA_OP_IADD, 0, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        case LLVMSub: emit(s, HISA_OP_ISUB, 0, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        case LLVMMul: emit(s, HISA_OP_IMUL, 0, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        case LLVMUDiv: case LLVMSDiv: emit(s, HISA_OP_IDIV, t, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        case LLVMURem: case LLVMSRem: emit(s, HISA_OP_IREM, t, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        case LLVMShl: emit(s, HISA_OP_SHL, 0, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        case LLVMLShr: case LLVMAShr: emit(s, HISA_OP_SHR, t, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        case LLVMAnd: emit(s, HISA_OP_AND, 0, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        case LLVMOr: emit(s, HISA_OP_OR, 0, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        case LLVMXor: emit(s, HISA_OP_XOR, 0, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        default: break;
        }
    } else if (bits <= 64) { /* i64, and i33..i63 in pairs with unspecified upper bits */
        int ra = reg(s, a);
        int sgn = op == LLVMSDiv || op == LLVMSRem || op == LLVMAShr;
        unsigned t = mod(HISA_MG_TYPE, sgn ? HISA_T_S64 : HISA_T_U64);
        if (bits < 64 && (op == LLVMUDiv || op == LLVMSDiv || op == LLVMURem || op == LLVMSRem ||
                          op == LLVMLShr || op == LLVMAShr)) {
            ra = ext64(s, ra, bits, sgn);
            if (op != LLVMLShr && op != LLVMAShr) {
                emit(s, op == LLVMUDiv || op == LLVMSDiv ? HISA_OP_IDIV64 : HISA_OP_IREM64, t, 3, mo_vreg(d),
                     mo_vreg(ra), mo_vreg(ext64(s, reg(s, bv), bits, sgn)));
                return;
            }
        }
        if (op == LLVMShl || op == LLVMLShr || op == LLVMAShr) { /* amount: a 32-bit value */
            int64_t k;
            mopnd amt = const_int(bv, &k) ? mo_imm(k & 0xffffffff) : mo_vsub(reg(s, bv), 0);
            emit(s, op == LLVMShl ? HISA_OP_SHL64 : HISA_OP_SHR64, op == LLVMShl ? 0 : t, 3, mo_vreg(d),
                 mo_vreg(ra), amt);
            return;
        }
        /* 64-bit immediates only when they sign-extend from 32 bits */
        int64_t k;
        mopnd ob = const_int(bv, &k) && k == (int32_t)k ? mo_imm((int32_t)k) : mo_vreg(reg(s, bv));
        if (op == LLVMMul || op == LLVMSDiv || op == LLVMUDiv || op == LLVMSRem || op == LLVMURem ||
            op == LLVMSub)
            ob = ob.kind == MO_IMM && op != LLVMSub ? mo_vreg(reg(s, bv)) : ob;
        switch (op) {
        case LLVMAdd: emit(s, HISA_OP_IADD64, 0, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        case LLVMSub:
            if (ob.kind == MO_IMM) {
                emit(s, HISA_OP_IADD64, 0, 3, mo_vreg(d), mo_vreg(ra), mo_imm(-ob.imm));
                return;
            }
            emit(s, HISA_OP_ISUB64, 0, 3, mo_vreg(d), mo_vreg(ra), ob);
            return;
        case LLVMMul: emit(s, HISA_OP_IMUL64, 0, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        case LLVMUDiv: case LLVMSDiv: emit(s, HISA_OP_IDIV64, t, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        case LLVMURem: case LLVMSRem: emit(s, HISA_OP_IREM64, t, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        case LLVMAnd: emit(s, HISA_OP_AND64, 0, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        case LLVMOr: emit(s, HISA_OP_OR64, 0, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        case LLVMXor: emit(s, HISA_OP_XOR64, 0, 3, mo_vreg(d), mo_vreg(ra), ob); return;
        default: break;
        }
    }
    if (bits > 64 && bits <= 128) {
        wide_binop(s, in, op, bits);
        return;
    }
    be_error(s->b, in, "integer operation on i%u is not supported", bits);
}

void isel_binop(isel *s, LLVMValueRef in) {
    LLVMOpcode op = LLVMGetInstructionOpcode(in);
    LLVMTypeRef t = LLVMTypeOf(in);
    if (LLVMGetTypeKind(t) == LLVMVectorTypeKind && float_kind(t) == F_NONE)
        be_error(s->b, in, "vector arithmetic should have been scalarised");
    enum fkind k = float_kind(t);
    if (k != F_NONE)
        float_binop(s, in, op, k);
    else
        int_binop(s, in, op, int_bits(t));
}

void isel_fneg(isel *s, LLVMValueRef in) {
    LLVMValueRef a = LLVMGetOperand(in, 0);
    int d = vreg_of(s, in), ra = reg(s, a);
    switch (float_kind(LLVMTypeOf(in))) {
    case F_F32: emit(s, HISA_OP_FNEG, 0, 2, mo_vreg(d), mo_vreg(ra)); return;
    case F_F64: emit(s, HISA_OP_DNEG, 0, 2, mo_vreg(d), mo_vreg(ra)); return;
    default: /* halves: flip the sign bit(s) */
        emit(s, HISA_OP_XOR, 0, 3, mo_vreg(d), mo_vreg(ra),
             mo_imm(LLVMGetTypeKind(LLVMTypeOf(in)) == LLVMVectorTypeKind ? 0x80008000u : 0x8000u));
    }
}

/* ---- compares ------------------------------------------------------------------------ */

static unsigned icmp_code(LLVMIntPredicate p, int *sgn) {
    *sgn = p == LLVMIntSGT || p == LLVMIntSGE || p == LLVMIntSLT || p == LLVMIntSLE;
    switch (p) {
    case LLVMIntEQ: return HISA_CMP_EQ;
    case LLVMIntNE: return HISA_CMP_NE;
    case LLVMIntUGT: case LLVMIntSGT: return HISA_CMP_GT;
    case LLVMIntUGE: case LLVMIntSGE: return HISA_CMP_GE;
    case LLVMIntULT: case LLVMIntSLT: return HISA_CMP_LT;
    case LLVMIntULE: case LLVMIntSLE: return HISA_CMP_LE;
    }
    return HISA_CMP_EQ;
}

static unsigned fcmp_code(LLVMRealPredicate p) {
    switch (p) {
    case LLVMRealPredicateFalse: return HISA_CMP_F;
    case LLVMRealOEQ: return HISA_CMP_EQ;
    case LLVMRealOGT: return HISA_CMP_GT;
    case LLVMRealOGE: return HISA_CMP_GE;
    case LLVMRealOLT: return HISA_CMP_LT;
    case LLVMRealOLE: return HISA_CMP_LE;
    case LLVMRealONE: return HISA_CMP_NE;
    case LLVMRealORD: return HISA_CMP_NUM;
    case LLVMRealUNO: return HISA_CMP_NAN;
    case LLVMRealUEQ: return HISA_CMP_EQU;
    case LLVMRealUGT: return HISA_CMP_GTU;
    case LLVMRealUGE: return HISA_CMP_GEU;
    case LLVMRealULT: return HISA_CMP_LTU;
    case LLVMRealULE: return HISA_CMP_LEU;
    case LLVMRealUNE: return HISA_CMP_NEU;
    case LLVMRealPredicateTrue: return HISA_CMP_T;
    }
    return HISA_CMP_F;
}

/* Evaluates compare instruction cmp into predicate p. */
void emit_cmp_pred(isel *s, LLVMValueRef cmp, int p) {
    LLVMValueRef a = LLVMGetOperand(cmp, 0), bv = LLVMGetOperand(cmp, 1);
    LLVMTypeRef t = LLVMTypeOf(a);
    unsigned bool_and = mod(HISA_MG_BOOL, HISA_BOOL_AND);
    if (LLVMIsAFCmpInst(cmp)) {
        unsigned c = mod(HISA_MG_CMP, fcmp_code(LLVMGetFCmpPredicate(cmp))) | bool_and;
        enum fkind k = float_kind(t);
        if (k == F_F32)
            emit(s, HISA_OP_FSETP, c, 3, mo_pred(p, 0), mo_vreg(reg(s, a)), opnd_b(s, bv));
        else if (k == F_F64)
            emit(s, HISA_OP_DSETP, c, 3, mo_pred(p, 0), mo_vreg(reg(s, a)), mo_vreg(reg(s, bv)));
        else
            emit(s, HISA_OP_HSETP, c | htype(k), 3, mo_pred(p, 0), mo_vreg(reg(s, a)), mo_vreg(reg(s, bv)));
        return;
    }
    int sgn;
    unsigned code = icmp_code(LLVMGetICmpPredicate(cmp), &sgn);
    unsigned bits = LLVMGetTypeKind(t) == LLVMPointerTypeKind ? 64 : int_bits(t);
    if (bits > 32 && bits < 64) { /* i33..i63: both sides extended to 64 bits */
        emit(s, HISA_OP_ISETP64, mod(HISA_MG_CMP, code) | bool_and | mod(HISA_MG_TYPE, sgn ? HISA_T_S64 : HISA_T_U64),
             3, mo_pred(p, 0), mo_vreg(ext64(s, reg(s, a), bits, sgn)), mo_vreg(ext64(s, reg(s, bv), bits, sgn)));
        return;
    }
    if (bits == 64) {
        int64_t k;
        mopnd ob = const_int(bv, &k) && k == (int32_t)k ? mo_imm((int32_t)k) : mo_vreg(reg(s, bv));
        if (LLVMIsAConstantPointerNull(bv))
            ob = mo_imm(0);
        emit(s, HISA_OP_ISETP64, mod(HISA_MG_CMP, code) | bool_and | mod(HISA_MG_TYPE, sgn ? HISA_T_S64 : HISA_T_U64),
             3, mo_pred(p, 0), mo_vreg(reg(s, a)), ob);
        return;
    }
    if (bits > 64 && bits <= 128) {
        wide_cmp(s, cmp, p, code, sgn, bits);
        return;
    }
    if (bits > 32)
        be_error(s->b, cmp, "compare of i%u is not supported", bits);
    int ra = ext32(s, reg(s, a), bits, sgn);
    mopnd ob = opnd_b(s, bv);
    if (bits < 32) {
        if (ob.kind == MO_VREG)
            ob = mo_vreg(ext32(s, ob.reg, bits, sgn));
        else
            ob.imm = sgn ? (int64_t)((int32_t)((uint32_t)ob.imm << (32 - bits)) >> (32 - bits))
                         : (int64_t)((uint32_t)ob.imm & ((1u << bits) - 1));
    }
    emit(s, HISA_OP_ISETP, mod(HISA_MG_CMP, code) | bool_and | mod(HISA_MG_TYPE, sgn ? HISA_T_S32 : HISA_T_U32), 3,
         mo_pred(p, 0), mo_vreg(ra), ob);
}

void isel_cmp(isel *s, LLVMValueRef in) {
    if (LLVMGetTypeKind(LLVMTypeOf(in)) == LLVMVectorTypeKind)
        be_error(s->b, in, "vector compares should have been scalarised");
    emit_cmp_pred(s, in, 0);
    emit(s, HISA_OP_P2R, 0, 2, mo_vreg(vreg_of(s, in)), mo_pred(0, 0));
}

void isel_select(isel *s, LLVMValueRef in) {
    LLVMValueRef c = LLVMGetOperand(in, 0), tv = LLVMGetOperand(in, 1), fv = LLVMGetOperand(in, 2);
    if (LLVMGetTypeKind(LLVMTypeOf(c)) == LLVMVectorTypeKind)
        be_error(s->b, in, "vector selects should have been scalarised");
    int d = vreg_of(s, in), words = s->mf->vwords[d];
    int neg;
    int64_t k;
    if (words == 1 && (const_int(tv, &k) || LLVMIsAConstantFP(tv)) && !const_int(fv, &k)) {
        /* SEL takes its immediate in b, the false side: swap and negate */
        LLVMValueRef t = tv;
        tv = fv;
        fv = t;
        cond_to_pred(s, c, 0, &neg);
        neg = !neg;
    } else {
        cond_to_pred(s, c, 0, &neg);
    }
    if (words == 1) {
        emit(s, HISA_OP_SEL, 0, 4, mo_vreg(d), mo_vreg(reg(s, tv)), opnd_b(s, fv), mo_pred(0, neg));
        return;
    }
    int rt = reg(s, tv), rf = reg(s, fv);
    if (words == 2) {
        emit(s, HISA_OP_SEL64, 0, 4, mo_vreg(d), mo_vreg(rt), mo_vreg(rf), mo_pred(0, neg));
        return;
    }
    emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
    for (int w = 0; w < words; w++)
        emit(s, HISA_OP_SEL, 0, 4, mo_vsub(d, w), mo_vsub(rt, w), mo_vsub(rf, w), mo_pred(0, neg));
}

/* ---- conversions ----------------------------------------------------------------------- */

static void addrspace_cast(isel *s, LLVMValueRef in, int d, int src) {
    unsigned from = LLVMGetPointerAddressSpace(LLVMTypeOf(LLVMGetOperand(in, 0)));
    unsigned to = LLVMGetPointerAddressSpace(LLVMTypeOf(in));
    unsigned space_of[6] = {0, HISA_SPACE_GLOBAL, 0, HISA_SPACE_SHARED, HISA_SPACE_CONST, HISA_SPACE_LOCAL};
    if (from > 5 || to > 5 || from == 2 || to == 2)
        be_error(s->b, in, "address space %u is not supported", from > 5 || from == 2 ? from : to);
    if (from == to || (from != 3 && from != 5 && to != 3 && to != 5)) {
        emit_copy(s, d, src); /* global and constant addresses are generic addresses */
        return;
    }
    if (to == 0) { /* shared/local offset -> generic */
        emit(s, HISA_OP_CVTA, mod(HISA_MG_SPACE, space_of[from]), 2, mo_vreg(d), mo_vsub(src, 0));
        return;
    }
    if (from == 0) { /* generic -> shared/local offset, zero-extended */
        emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
        emit(s, HISA_OP_CVTA_TO, mod(HISA_MG_SPACE, space_of[to]), 2, mo_vsub(d, 0), mo_vreg(src));
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, 1), mo_imm(0));
        return;
    }
    be_error(s->b, in, "cast between address spaces %u and %u is not supported", from, to);
}

void isel_cast(isel *s, LLVMValueRef in) {
    LLVMOpcode op = LLVMGetInstructionOpcode(in);
    LLVMValueRef a = LLVMGetOperand(in, 0);
    LLVMTypeRef from = LLVMTypeOf(a), to = LLVMTypeOf(in);
    int d = vreg_of(s, in);
    if (LLVMGetTypeKind(to) == LLVMVectorTypeKind && op != LLVMBitCast)
        be_error(s->b, in, "vector conversions should have been scalarised");
    unsigned fb = int_bits(from), tb = int_bits(to);
    int ra = reg(s, a);
    switch (op) {
    case LLVMTrunc:
        if (tb == 1)
            emit(s, HISA_OP_AND, 0, 3, mo_vreg(d), mo_vsub(ra, 0), mo_imm(1));
        else if (tb > 32) /* i64 -> i33..i63: the same pair */
            emit_copy(s, d, ra);
        else
            emit(s, HISA_OP_MOV, 0, 2, mo_vreg(d), mo_vsub(ra, 0));
        return;
    case LLVMZExt:
    case LLVMSExt: {
        int sgn = op == LLVMSExt;
        if (tb <= 32) {
            if (fb == 1 && sgn)
                emit(s, HISA_OP_INEG, 0, 2, mo_vreg(d), mo_vreg(ra));
            else
                emit_copy(s, d, fb == 1 ? ra : ext32(s, ra, fb, sgn));
            return;
        }
        if (tb > 128)
            be_error(s->b, in, "extension to i%u is not supported", tb);
        if (tb > 64) { /* to i65..i128 */
            if (fb > 64) {
                emit_copy(s, d, ext128(s, ra, fb, sgn));
                return;
            }
            int lo = fb <= 32 ? new_vreg(s, 2) : ext64(s, ra, fb, sgn), fill = new_vreg(s, 2);
            if (fb <= 32) { /* through the 64-bit form */
                int x = fb == 1 && sgn ? new_vreg(s, 1) : fb == 1 ? ra : ext32(s, ra, fb, sgn);
                if (fb == 1 && sgn)
                    emit(s, HISA_OP_INEG, 0, 2, mo_vreg(x), mo_vreg(ra));
                emit(s, MI_UNDEF, 0, 1, mo_vreg(lo));
                emit(s, HISA_OP_MOV, 0, 2, mo_vsub(lo, 0), mo_vreg(x));
                if (sgn)
                    emit(s, HISA_OP_SHR, mod(HISA_MG_TYPE, HISA_T_S32), 3, mo_vsub(lo, 1), mo_vreg(x), mo_imm(31));
                else
                    emit(s, HISA_OP_MOV, 0, 2, mo_vsub(lo, 1), mo_imm(0));
            }
            if (sgn)
                emit(s, HISA_OP_SHR64, mod(HISA_MG_TYPE, HISA_T_S64), 3, mo_vreg(fill), mo_vreg(lo), mo_imm(63));
            else
                emit(s, HISA_OP_MOV64, 0, 2, mo_vreg(fill), mo_imm(0));
            emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
            emit(s, HISA_OP_MOV64, 0, 2, mo_vsub(d, 0), mo_vreg(lo));
            emit(s, HISA_OP_MOV64, 0, 2, mo_vsub(d, 2), mo_vreg(fill));
            return;
        }
        if (fb > 32) { /* i33..i63 -> i64 */
            emit_copy(s, d, ext64(s, ra, fb, sgn));
            return;
        }
        int lo = fb == 1 && sgn ? new_vreg(s, 1) : fb == 1 ? ra : ext32(s, ra, fb, sgn);
        if (fb == 1 && sgn)
            emit(s, HISA_OP_INEG, 0, 2, mo_vreg(lo), mo_vreg(ra));
        emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, 0), mo_vreg(lo));
        if (sgn)
            emit(s, HISA_OP_SHR, mod(HISA_MG_TYPE, HISA_T_S32), 3, mo_vsub(d, 1), mo_vreg(lo), mo_imm(31));
        else
            emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, 1), mo_imm(0));
        return;
    }
    case LLVMFPTrunc:
    case LLVMFPExt:
        emit(s, HISA_OP_CVT, mod(HISA_MG_TYPE, cvt_type(to, 0)) | mod(HISA_MG_TYPE2, cvt_type(from, 0)), 2,
             mo_vreg(d), mo_vreg(ra));
        return;
    case LLVMFPToUI:
    case LLVMFPToSI: {
        int sgn = op == LLVMFPToSI;
        if (tb > 64)
            be_error(s->b, in, "conversion of a float to i%u is not supported", tb);
        LLVMTypeRef wide = tb <= 32 ? LLVMInt32TypeInContext(s->b->llctx) : to;
        emit(s, HISA_OP_CVT, mod(HISA_MG_RND, HISA_RND_RZ) | mod(HISA_MG_TYPE, cvt_type(wide, sgn)) |
                                 mod(HISA_MG_TYPE2, cvt_type(from, 0)),
             2, mo_vreg(d), mo_vreg(ra));
        return;
    }
    case LLVMUIToFP:
    case LLVMSIToFP: {
        int sgn = op == LLVMSIToFP;
        if (fb > 64)
            be_error(s->b, in, "conversion of an i%u to a float is not supported", fb);
        int src = ra;
        LLVMTypeRef st = from;
        if (fb > 32 && fb < 64) {
            src = ext64(s, ra, fb, sgn);
            st = LLVMInt64TypeInContext(s->b->llctx);
        } else if (fb < 32) {
            src = fb == 1 ? (sgn ? new_vreg(s, 1) : ra) : ext32(s, ra, fb, sgn);
            if (fb == 1 && sgn)
                emit(s, HISA_OP_INEG, 0, 2, mo_vreg(src), mo_vreg(ra));
            st = LLVMInt32TypeInContext(s->b->llctx);
        }
        emit(s, HISA_OP_CVT, mod(HISA_MG_TYPE, cvt_type(to, 0)) | mod(HISA_MG_TYPE2, cvt_type(st, sgn)), 2,
             mo_vreg(d), mo_vreg(src));
        return;
    }
    case LLVMPtrToInt:
    case LLVMIntToPtr: {
        int dw = s->mf->vwords[d], sw = s->mf->vwords[ra];
        if (dw == sw) {
            emit_copy(s, d, ra);
        } else if (dw < sw) {
            emit(s, HISA_OP_MOV, 0, 2, mo_vreg(d), mo_vsub(ra, 0));
        } else {
            emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
            emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, 0), mo_vreg(ext32(s, ra, fb ? fb : 32, 0)));
            emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, 1), mo_imm(0));
        }
        return;
    }
    case LLVMBitCast:
        if (s->mf->vwords[d] != s->mf->vwords[ra])
            be_error(s->b, in, "bitcast between register shapes is not supported");
        emit_copy(s, d, ra);
        return;
    case LLVMAddrSpaceCast:
        addrspace_cast(s, in, d, ra);
        return;
    default:
        break;
    }
    be_error(s->b, in, "unsupported conversion");
}
