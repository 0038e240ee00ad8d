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

/* Contraction: an fmul with the contract flag whose only use is a
 * contracting fadd/fsub is fused with it into one FFMA/DFMA, as nvcc and the
 * NVPTX backend do under CUDA's default -ffp-contract=fast.  When both
 * operands of an fadd are such products, the first one is fused. */
static int mul_candidate(LLVMValueRef v) {
    if (!LLVMIsAInstruction(v) || LLVMGetInstructionOpcode(v) != LLVMFMul)
        return 0;
    if (!(LLVMGetFastMathFlags(v) & LLVMFastMathAllowContract))
        return 0;
    LLVMUseRef u = LLVMGetFirstUse(v);
    if (!u || LLVMGetNextUse(u))
        return 0;
    enum fkind k = float_kind(LLVMTypeOf(v));
    return k == F_F32 || k == F_F64;
}

/* The product an fadd/fsub fuses with, or NULL. */
static LLVMValueRef fused_mul(LLVMValueRef add) {
    LLVMOpcode op = LLVMGetInstructionOpcode(add);
    if ((op != LLVMFAdd && op != LLVMFSub) || !(LLVMGetFastMathFlags(add) & LLVMFastMathAllowContract))
        return NULL;
    LLVMValueRef a = LLVMGetOperand(add, 0), b = LLVMGetOperand(add, 1);
    if (mul_candidate(a))
        return a;
    /* the subtrahend of an fsub would need a negated product: not fused */
    if (op == LLVMFAdd && mul_candidate(b))
        return b;
    return NULL;
}

static int contractible_mul(LLVMValueRef v) {
    return mul_candidate(v) && fused_mul(LLVMGetUser(LLVMGetFirstUse(v))) == v;
}

static void float_binop(isel *s, LLVMValueRef in, LLVMOpcode op, enum fkind k) {
    LLVMValueRef a = LLVMGetOperand(in, 0), bv = LLVMGetOperand(in, 1);
    int d = vreg_of(s, in);
    if (op == LLVMFMul && contractible_mul(in))
        return; /* folded into its user */
    if ((op == LLVMFAdd || op == LLVMFSub) && (k == F_F32 || k == F_F64)) {
        LLVMValueRef m = fused_mul(in);
        if (m) {
            LLVMValueRef addend = m == a ? bv : a;
            int c = reg(s, addend);
            if (op == LLVMFSub) { /* x*y - c = fma(x, y, -c) */
                int nc = new_vreg(s, s->mf->vwords[c]);
                emit(s, k == F_F32 ? HISA_OP_FNEG : HISA_OP_DNEG, 0, 2, mo_vreg(nc), mo_vreg(c));
                c = nc;
            }
            if (k == F_F32)
                emit(s, HISA_OP_FFMA, 0, 4, mo_vreg(d), mo_vreg(reg(s, LLVMGetOperand(m, 0))),
                     opnd_b(s, LLVMGetOperand(m, 1)), mo_vreg(c));
            else
                emit(s, HISA_OP_DFMA, 0, 4, mo_vreg(d), mo_vreg(reg(s, LLVMGetOperand(m, 0))),
                     mo_vreg(reg(s, LLVMGetOperand(m, 1))), mo_vreg(c));
            return;
        }
    }
    if (k == F_F32) {
        unsigned o = op == LLVMFAdd ? HISA_OP_FADD : op == LLVMFSub ? HISA_OP_FSUB
                   : op == LLVMFMul ? HISA_OP_FMUL : op == LLVMFDiv ? HISA_OP_FDIV : 0;
        if (!o)
            be_error(s->b, in, "frem is not supported (use fmodf)");
        emit(s, o, 0, 3, mo_vreg(d), mo_vreg(reg(s, a)), opnd_b(s, bv));
        return;
    }
    if (k == F_F64) {
        unsigned o = op == LLVMFAdd ? HISA_OP_DADD : op == LLVMFSub ? HISA_OP_DSUB
                   : op == LLVMFMul ? HISA_OP_DMUL : op == LLVMFDiv ? HISA_OP_DDIV : 0;
        if (!o)
            be_error(s->b, in, "frem is not supported (use fmod)");
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
    } else if (bits == 64) {
        int ra = reg(s, a);
        int sgn = op == LLVMSDiv || op == LLVMSRem || op == LLVMAShr;
        unsigned t = mod(HISA_MG_TYPE, sgn ? HISA_T_S64 : HISA_T_U64);
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
    if (bits == 64) {
        int64_t k;
        mopnd ob = const_int(bv, &k) && k == (int32_t)k ? mo_imm((int32_t)k) : mo_vreg(reg(s, bv));
        if (LLVMIsAConstantPointerNull(bv))
            ob = mo_imm(0);
        emit(s, HISA_OP_ISETP64, mod(HISA_MG_CMP, code) | bool_and | mod(HISA_MG_TYPE, sgn ? HISA_T_S64 : HISA_T_U64),
             3, mo_pred(p, 0), mo_vreg(reg(s, a)), ob);
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
        if (tb != 64 || fb > 32)
            be_error(s->b, in, "extension to i%u is not supported", tb);
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
        LLVMTypeRef wide = tb <= 32 ? LLVMInt32TypeInContext(s->b->llctx) : to;
        emit(s, HISA_OP_CVT, mod(HISA_MG_RND, HISA_RND_RZ) | mod(HISA_MG_TYPE, cvt_type(wide, sgn)) |
                                 mod(HISA_MG_TYPE2, cvt_type(from, 0)),
             2, mo_vreg(d), mo_vreg(ra));
        return;
    }
    case LLVMUIToFP:
    case LLVMSIToFP: {
        int sgn = op == LLVMSIToFP;
        int src = ra;
        LLVMTypeRef st = from;
        if (fb < 32) {
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
