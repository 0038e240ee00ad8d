/* be_isel.c -- instruction selection, the core: emitting MIR, values and
 * constants, kernel parameters, control flow and phis.
 *
 * Integers narrower than 32 bits live in 32-bit registers whose upper bits
 * are unspecified; the operations that read them (compares, division,
 * right shifts, extensions, conversions) extend them first.  i1 values that
 * must live in a register are 0 or 1.  A compare whose only uses are
 * branches and selects is not materialised: each user evaluates it into a
 * predicate itself.  Phis become copies at the end of each predecessor into
 * the phi's vreg; the register allocator gives copies the same register
 * where it can. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be_isel.h"

/* ---- emitting ------------------------------------------------------------------------ */

static minst *emit_v(isel *s, unsigned guard, unsigned op, unsigned mods, int nops, va_list ap) {
    mblock *bl = &s->mf->blocks[s->cur];
    bl->insts = be_grow(s->b, bl->insts, &bl->cap, bl->n + 1, sizeof *bl->insts);
    minst *mi = &bl->insts[bl->n++];
    memset(mi, 0, sizeof *mi);
    mi->op = (uint16_t)op;
    mi->mods = (uint16_t)mods;
    mi->guard = (uint8_t)guard;
    mi->nops = (uint8_t)nops;
    mi->line = s->line;
    for (int i = 0; i < nops; i++)
        mi->o[i] = va_arg(ap, mopnd);
    return mi;
}

minst *emit(isel *s, unsigned op, unsigned mods, int nops, ...) {
    va_list ap;
    va_start(ap, nops);
    minst *mi = emit_v(s, HISA_PT, op, mods, nops, ap);
    va_end(ap);
    return mi;
}

minst *emit_g(isel *s, unsigned guard, unsigned op, unsigned mods, int nops, ...) {
    va_list ap;
    va_start(ap, nops);
    minst *mi = emit_v(s, guard, op, mods, nops, ap);
    va_end(ap);
    return mi;
}

int new_vreg(isel *s, int words) {
    mfunc *mf = s->mf;
    mf->vwords = be_grow(s->b, mf->vwords, &mf->vcap, mf->nvregs + 2, 1);
    mf->vwords[++mf->nvregs] = (uint8_t)words;
    return mf->nvregs;
}

void emit_copy(isel *s, int dst, int src) { emit(s, MI_COPY, 0, 2, mo_vreg(dst), mo_vreg(src)); }

unsigned mod(hisa_modgroup_id g, unsigned value) { return value << hisa_modgroups[g].shift; }

/* ---- types and values -------------------------------------------------------------- */

unsigned int_bits(LLVMTypeRef t) {
    return LLVMGetTypeKind(t) == LLVMIntegerTypeKind ? LLVMGetIntTypeWidth(t) : 0;
}

int type_words(isel *s, LLVMTypeRef t) {
    switch (LLVMGetTypeKind(t)) {
    case LLVMIntegerTypeKind: {
        unsigned bits = LLVMGetIntTypeWidth(t);
        if (bits <= 32)
            return 1;
        if (bits <= 64)
            return 2;
        if (bits <= 128)
            return 4; /* two pairs, low first (be_isel_ops.c, "integers of 65..128 bits") */
        break;
    }
    case LLVMHalfTypeKind:
    case LLVMBFloatTypeKind:
    case LLVMFloatTypeKind:
        return 1;
    case LLVMDoubleTypeKind:
    case LLVMPointerTypeKind:
        return 2;
    case LLVMVectorTypeKind: {
        LLVMTypeRef e = LLVMGetElementType(t);
        unsigned n = LLVMGetVectorSize(t);
        unsigned eb = (unsigned)LLVMSizeOfTypeInBits(s->b->td, e);
        if ((eb == 32 || eb == 64) && n * eb / 32 <= 8)
            return (int)(n * eb / 32);
        if (eb == 16 && n % 2 == 0 && n <= 16)
            return (int)n / 2; /* packed pairs, as HADD2 and the wmma fragments hold them */
        break;
    }
    case LLVMStructTypeKind: { /* aggregates: their elements' words, one after another */
        int w = 0;
        unsigned n = LLVMCountStructElementTypes(t);
        for (unsigned i = 0; i < n; i++)
            w += type_words(s, LLVMStructGetTypeAtIndex(t, i));
        if (w <= 64)
            return w;
        break;
    }
    case LLVMArrayTypeKind: {
        uint64_t n = LLVMGetArrayLength2(t);
        if (n <= 64) {
            uint64_t w = n * (uint64_t)type_words(s, LLVMGetElementType(t));
            if (w <= 64)
                return (int)w;
        }
        break;
    }
    default:
        break;
    }
    char *name = LLVMPrintTypeToString(t);
    char buf[128];
    snprintf(buf, sizeof buf, "%s", name);
    LLVMDisposeMessage(name);
    be_error(s->b, s->inst, "values of type %s are not supported in registers", buf);
}

int const_int(LLVMValueRef v, int64_t *out) {
    if (!LLVMIsAConstantInt(v))
        return 0;
    unsigned bits = int_bits(LLVMTypeOf(v));
    if (bits > 64)
        return 0;
    /* an i1 in a register is 0 or 1 (true is not -1) */
    *out = bits == 1 ? (int64_t)LLVMConstIntGetZExtValue(v) : LLVMConstIntGetSExtValue(v);
    return 1;
}

int vreg_of(isel *s, LLVMValueRef v) {
    int r = ptrmap_get(&s->vmap, v, 0);
    if (!r) {
        r = new_vreg(s, type_words(s, LLVMTypeOf(v)));
        ptrmap_put(s->b, &s->vmap, v, r);
    }
    return r;
}

/* The 32-bit words of a constant scalar (lo first); 0 if not a plain one. */
static int const_words(isel *s, LLVMValueRef v, uint32_t w[2]) {
    int64_t x;
    if (const_int(v, &x)) {
        w[0] = (uint32_t)x;
        w[1] = (uint32_t)((uint64_t)x >> 32);
        return 1;
    }
    if (LLVMIsAConstantFP(v)) {
        LLVMBool lost;
        double d = LLVMConstRealGetDouble(v, &lost);
        switch (LLVMGetTypeKind(LLVMTypeOf(v))) {
        case LLVMFloatTypeKind: {
            float f = (float)d;
            memcpy(&w[0], &f, 4);
            w[1] = 0;
            return 1;
        }
        case LLVMDoubleTypeKind: {
            uint64_t u;
            memcpy(&u, &d, 8);
            w[0] = (uint32_t)u;
            w[1] = (uint32_t)(u >> 32);
            return 1;
        }
        default:
            return 0; /* half/bf16: below, through their bit patterns */
        }
    }
    if (LLVMIsAConstantPointerNull(v) || LLVMIsAUndefValue(v) || LLVMIsAPoisonValue(v) ||
        LLVMIsAConstantAggregateZero(v)) {
        w[0] = w[1] = 0;
        return 1;
    }
    return 0;
}

/* The four words of an integer constant of 65..128 bits (sign-extended to
 * 128), read from its printed form: LLVM-C has no accessor for the words
 * above 64 bits. */
static void wide_const_words(LLVMValueRef v, uint32_t w[4]) {
    char *text = LLVMPrintValueToString(v); /* "i65 -1", "i128 123..." */
    const char *p = strchr(text, ' ');
    p = p ? p + 1 : text;
    int neg = *p == '-';
    p += neg;
    unsigned __int128 x = 0;
    for (; *p >= '0' && *p <= '9'; p++)
        x = x * 10 + (unsigned)(*p - '0');
    LLVMDisposeMessage(text);
    if (neg)
        x = -x;
    for (int i = 0; i < 4; i++)
        w[i] = (uint32_t)(x >> (32 * i));
}

/* Half and bfloat constants: convert through float with the hardware's
 * own conversion so the bits are exactly what CVT would give. */
static int half_const(isel *s, LLVMValueRef v, int r) {
    LLVMTypeKind k = LLVMGetTypeKind(LLVMTypeOf(v));
    if (!LLVMIsAConstantFP(v) || (k != LLVMHalfTypeKind && k != LLVMBFloatTypeKind))
        return 0;
    LLVMBool lost;
    float f = (float)LLVMConstRealGetDouble(v, &lost);
    uint32_t bits;
    memcpy(&bits, &f, 4);
    int t = new_vreg(s, 1);
    emit(s, HISA_OP_MOV, 0, 2, mo_vreg(t), mo_imm(bits));
    emit(s, HISA_OP_CVT, mod(HISA_MG_TYPE, k == LLVMHalfTypeKind ? HISA_T_F16 : HISA_T_BF16) |
                             mod(HISA_MG_TYPE2, HISA_T_F32),
         2, mo_vreg(r), mo_vreg(t));
    return 1;
}

/* Integer constant expressions on addresses (LLVM folds arithmetic on a
 * global's address into these, e.g. the distance of a pointer from a shared
 * array: add (sub 0, ptrtoint @sh), 1000): evaluated at run time into r. */
static int const_expr(isel *s, LLVMValueRef v, int r) {
    LLVMOpcode op = LLVMGetConstOpcode(v);
    int words = s->mf->vwords[r];
    switch (op) {
    case LLVMPtrToInt:
    case LLVMIntToPtr:
    case LLVMBitCast:
    case LLVMTrunc: { /* the low words; a narrower source is zero-extended */
        int a = reg(s, LLVMGetOperand(v, 0));
        if (s->mf->vwords[a] >= words) {
            emit_copy(s, r, a);
        } else {
            emit(s, MI_UNDEF, 0, 1, mo_vreg(r));
            emit(s, HISA_OP_MOV, 0, 2, mo_vsub(r, 0), mo_vreg(a));
            emit(s, HISA_OP_MOV, 0, 2, mo_vsub(r, 1), mo_imm(0));
        }
        return 1;
    }
    case LLVMAdd: case LLVMSub: case LLVMMul: case LLVMAnd: case LLVMOr: case LLVMXor: case LLVMShl: {
        static const struct { LLVMOpcode op; unsigned o32, o64; } ops[] = {
            {LLVMAdd, HISA_OP_IADD, HISA_OP_IADD64}, {LLVMSub, HISA_OP_ISUB, HISA_OP_ISUB64},
            {LLVMMul, HISA_OP_IMUL, HISA_OP_IMUL64}, {LLVMAnd, HISA_OP_AND, HISA_OP_AND64},
            {LLVMOr, HISA_OP_OR, HISA_OP_OR64},      {LLVMXor, HISA_OP_XOR, HISA_OP_XOR64},
            {LLVMShl, HISA_OP_SHL, HISA_OP_SHL64}};
        unsigned o = 0;
        for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
            if (ops[i].op == op)
                o = words == 1 ? ops[i].o32 : ops[i].o64;
        int a = reg(s, LLVMGetOperand(v, 0)), b = reg(s, LLVMGetOperand(v, 1));
        emit(s, o, 0, 3, mo_vreg(r), mo_vreg(a), op == LLVMShl ? mo_vsub(b, 0) : mo_vreg(b));
        return 1;
    }
    default:
        return 0;
    }
}

int reg(isel *s, LLVMValueRef v) {
    if (LLVMIsAInstruction(v) || LLVMIsAArgument(v))
        return vreg_of(s, v);
    int words = type_words(s, LLVMTypeOf(v));
    int r = new_vreg(s, words);
    uint32_t w[2];
    if (words <= 2 && const_words(s, v, w)) {
        if (words == 1) {
            emit(s, HISA_OP_MOV, 0, 2, mo_vreg(r), mo_imm(w[0]));
        } else if ((int32_t)w[0] >= 0 ? w[1] == 0 : w[1] == 0xffffffffu) {
            emit(s, HISA_OP_MOV64, 0, 2, mo_vreg(r), mo_imm((int32_t)w[0]));
        } else {
            emit(s, MI_UNDEF, 0, 1, mo_vreg(r));
            emit(s, HISA_OP_MOV, 0, 2, mo_vsub(r, 0), mo_imm(w[0]));
            emit(s, HISA_OP_MOV, 0, 2, mo_vsub(r, 1), mo_imm(w[1]));
        }
        return r;
    }
    if (half_const(s, v, r))
        return r;
    if (words == 4 && LLVMIsAConstantInt(v)) { /* i65..i128 */
        uint32_t w[4];
        wide_const_words(v, w);
        emit(s, MI_UNDEF, 0, 1, mo_vreg(r));
        for (int i = 0; i < 4; i++)
            emit(s, HISA_OP_MOV, 0, 2, mo_vsub(r, i), mo_imm(w[i]));
        return r;
    }
    if (LLVMIsAUndefValue(v) || LLVMIsAPoisonValue(v) || LLVMIsAConstantAggregateZero(v)) {
        for (int i = 0; i < words; i++)
            emit(s, HISA_OP_MOV, 0, 2, mo_vsub(r, i), mo_imm(0));
        return r;
    }
    if (LLVMIsAGlobalValue(v) || LLVMIsAConstantExpr(v)) {
        /* addresses of globals, and expressions on them: evaluate as an address */
        if (LLVMGetTypeKind(LLVMTypeOf(v)) == LLVMPointerTypeKind) {
            addr_value(s, address_of(s, v), r, LLVMGetPointerAddressSpace(LLVMTypeOf(v)) == 0);
            return r;
        }
        if (LLVMIsAConstantExpr(v) && const_expr(s, v, r))
            return r;
    }
    if (LLVMIsAConstantVector(v) || LLVMIsAConstantDataVector(v) || LLVMIsAConstantStruct(v)) {
        int n = LLVMGetNumOperands(v), word = 0;
        if (LLVMIsAConstantDataVector(v))
            n = (int)LLVMGetVectorSize(LLVMTypeOf(v));
        for (int i = 0; i < n; i++) {
            LLVMValueRef e = LLVMIsAConstantDataVector(v) ? LLVMGetAggregateElement(v, (unsigned)i)
                                                          : LLVMGetOperand(v, (unsigned)i);
            int er = reg(s, e), ew = type_words(s, LLVMTypeOf(e));
            for (int k = 0; k < ew; k++)
                emit(s, HISA_OP_MOV, 0, 2, mo_vsub(r, word + k), mo_vsub(er, k));
            word += ew;
        }
        return r;
    }
    be_error(s->b, s->inst, "unsupported constant operand");
}

mopnd opnd_b(isel *s, LLVMValueRef v) {
    uint32_t w[2];
    if (type_words(s, LLVMTypeOf(v)) == 1 && !LLVMIsAInstruction(v) && !LLVMIsAArgument(v) &&
        const_words(s, v, w))
        return mo_imm(w[0]);
    return mo_vreg(reg(s, v));
}

mopnd opnd_c(isel *s, LLVMValueRef v) {
    int64_t x;
    if (const_int(v, &x) && int_bits(LLVMTypeOf(v)) <= 32 && (int32_t)x >= HISA_IMMC_MIN &&
        (int32_t)x <= HISA_IMMC_MAX)
        return mo_imm((int32_t)x);
    return mo_vreg(reg(s, v));
}

int ext32(isel *s, int r, unsigned bits, int is_signed) {
    if (bits >= 32)
        return r;
    int d = new_vreg(s, 1);
    if (is_signed)
        emit(s, HISA_OP_BFE, mod(HISA_MG_TYPE, HISA_T_S32), 3, mo_vreg(d), mo_vreg(r), mo_imm(bits << 8));
    else
        emit(s, HISA_OP_AND, 0, 3, mo_vreg(d), mo_vreg(r), mo_imm((1u << bits) - 1));
    return d;
}

int ext64(isel *s, int r, unsigned bits, int is_signed) {
    if (bits >= 64)
        return r;
    int t = new_vreg(s, 2), d = new_vreg(s, 2);
    emit(s, HISA_OP_SHL64, 0, 3, mo_vreg(t), mo_vreg(r), mo_imm(64 - bits));
    emit(s, HISA_OP_SHR64, mod(HISA_MG_TYPE, is_signed ? HISA_T_S64 : HISA_T_U64), 3, mo_vreg(d), mo_vreg(t),
         mo_imm(64 - bits));
    return d;
}

/* ---- compares as predicates ---------------------------------------------------------- */

/* A compare whose every use is a branch or select condition. */
static int fusible_cmp(LLVMValueRef v) {
    if (!LLVMIsAICmpInst(v) && !LLVMIsAFCmpInst(v))
        return 0;
    if (LLVMGetTypeKind(LLVMTypeOf(v)) != LLVMIntegerTypeKind)
        return 0; /* vector compares */
    for (LLVMUseRef u = LLVMGetFirstUse(v); u; u = LLVMGetNextUse(u)) {
        LLVMValueRef user = LLVMGetUser(u);
        if (LLVMIsABranchInst(user))
            continue;
        if (LLVMIsASelectInst(user) && LLVMGetOperand(user, 0) == v)
            continue;
        return 0;
    }
    return 1;
}

void emit_cmp_pred(isel *s, LLVMValueRef cmp, int p); /* be_isel_ops.c */

void cond_to_pred(isel *s, LLVMValueRef c, int p, int *neg) {
    *neg = 0;
    int64_t x;
    if (const_int(c, &x)) { /* constant condition: PT, or !PT */
        emit(s, HISA_OP_PLOP, mod(HISA_MG_BOOL, HISA_BOOL_AND), 3, mo_pred(p, 0), mo_pred(HISA_PT, 0),
             mo_pred(HISA_PT, !(x & 1)));
        return;
    }
    if (fusible_cmp(c)) {
        emit_cmp_pred(s, c, p);
        return;
    }
    emit(s, HISA_OP_ISETP, mod(HISA_MG_CMP, HISA_CMP_NE) | mod(HISA_MG_TYPE, HISA_T_U32), 3, mo_pred(p, 0),
         mo_vreg(reg(s, c)), mo_imm(0));
}

/* ---- kernel parameters and device-function arguments -------------------------------------- */

typedef struct be_param param_slot;

/* The struct type of parameter i of fn when it is passed byval, else NULL. */
LLVMTypeRef be_byval_type(LLVMValueRef fn, unsigned i) {
    LLVMAttributeRef attr = LLVMGetEnumAttributeAtIndex(fn, i + 1, LLVMGetEnumAttributeKindForName("byval", 5));
    return attr ? LLVMGetTypeAttributeValue(attr) : NULL;
}

/* A byval struct parameter (size bytes, alignment align) copied into a new
 * slot of the frame, each piece read by `load` from src + its offset; the
 * parameter's value becomes the slot's generic address, so clang's pointer
 * to the struct works like an alloca's.  Pieces follow the alignment (at
 * most words: a 2-aligned struct may sit at offset 2 mod 4). */
static void byval_to_frame(isel *s, LLVMValueRef param, unsigned size, unsigned align, unsigned load, mopnd src) {
    unsigned falign = align < 4 ? 4 : align;
    s->mf->frame_bytes = (s->mf->frame_bytes + falign - 1) / falign * falign;
    unsigned foff = s->mf->frame_bytes;
    s->mf->frame_bytes += (size + 3) / 4 * 4;
    ptrmap_put(s->b, &s->frame, param, (int)foff + 1); /* accessed like an alloca */
    unsigned piece = align >= 4 ? 4 : align ? align : 1;
    unsigned ty = mod(HISA_MG_TYPE, piece == 1 ? HISA_T_U8 : piece == 2 ? HISA_T_U16 : 0);
    int base = s->mf->is_kernel ? 0 : VREG_SP, t32 = new_vreg(s, 1);
    for (unsigned o = 0; o < size; o += piece) {
        mopnd from = src, slot = mo_mem(base, 0, foff + o);
        from.imm += o;
        slot.frame = FRAME_LOCAL;
        emit(s, load, ty, 2, mo_vreg(t32), from);
        emit(s, HISA_OP_STL, ty, 2, slot, mo_vreg(t32));
    }
    addr a = {.space = 5, .off = foff, .frame = FRAME_LOCAL, .base = base};
    addr_value(s, a, vreg_of(s, param), 1);
}

/* Lays out the kernel's parameters as CUDA does (each at its alignment) and
 * loads the used ones at entry.  A byval struct is copied to the frame so
 * the pointer clang passes around is an ordinary generic pointer. */
/* A device function's arguments: loaded from the argument area the caller
 * wrote (docs/hcc.md, "Calls"). */
static void lower_args(isel *s, unsigned n) {
    unsigned *offs = be_alloc(s->b, (n + 1) * sizeof *offs);
    s->mf->argarea = be_arg_layout(s->b, s->fn, offs);
    for (unsigned i = 0; i < n; i++) {
        LLVMValueRef a = LLVMGetParam(s->fn, i);
        if (!LLVMGetFirstUse(a))
            continue;
        LLVMTypeRef byval = be_byval_type(s->fn, i);
        if (byval) { /* the caller put the struct's bytes in the argument area */
            mopnd src = mo_mem(VREG_SP, 0, offs[i]);
            src.frame = FRAME_ARGS;
            byval_to_frame(s, a, (unsigned)LLVMABISizeOfType(s->b->td, byval),
                           LLVMABIAlignmentOfType(s->b->td, byval), HISA_OP_LDL, src);
            continue;
        }
        int r = vreg_of(s, a), words = s->mf->vwords[r];
        emit(s, MI_UNDEF, 0, 1, mo_vreg(r));
        for (int w = 0; w < words; w++) {
            mopnd m = mo_mem(VREG_SP, 0, offs[i] + 4 * w);
            m.frame = FRAME_ARGS;
            emit(s, HISA_OP_LDL, 0, 2, mo_vsub(r, w), m);
        }
    }
    be_free(s->b, offs);
}

static void lower_params(isel *s, param_slot *slots, unsigned n, unsigned *total) {
    unsigned off = 0;
    for (unsigned i = 0; i < n; i++) {
        LLVMValueRef a = LLVMGetParam(s->fn, i);
        LLVMTypeRef t = LLVMTypeOf(a);
        unsigned size, align;
        LLVMTypeRef byval = be_byval_type(s->fn, i);
        if (byval) {
            size = (unsigned)LLVMABISizeOfType(s->b->td, byval);
            align = LLVMABIAlignmentOfType(s->b->td, byval);
            LLVMAttributeRef pa = LLVMGetEnumAttributeAtIndex(s->fn, i + 1,
                                                              LLVMGetEnumAttributeKindForName("align", 5));
            if (pa && LLVMGetEnumAttributeValue(pa) > align)
                align = (unsigned)LLVMGetEnumAttributeValue(pa);
        } else {
            size = (unsigned)LLVMABISizeOfType(s->b->td, t);
            align = LLVMABIAlignmentOfType(s->b->td, t);
        }
        off = (off + align - 1) / align * align;
        slots[i] = (param_slot){off, size};
        if (LLVMGetFirstUse(a)) {
            if (byval) {
                byval_to_frame(s, a, size, align, HISA_OP_LDP, mo_mem(0, 0, off));
            } else {
                int r = vreg_of(s, a), words = type_words(s, t);
                unsigned ty = size == 1 ? HISA_T_U8 : size == 2 ? HISA_T_U16 : words == 2 ? HISA_T_B64 : 0;
                if (words > 2)
                    be_error(s->b, NULL, "kernel parameter %u of %s: vector parameters are not supported",
                             i, s->mf->name);
                emit(s, HISA_OP_LDP, mod(HISA_MG_TYPE, ty), 2, mo_vreg(r), mo_mem(0, 0, off));
            }
        }
        off += size;
    }
    *total = off;
}

/* ---- control flow ----------------------------------------------------------------------- */

static int block_index(isel *s, LLVMBasicBlockRef bb) { return ptrmap_get(&s->bmap, bb, -1); }

/* Copies into the phis of succ for the edge from the current block. */
static void phi_copies(isel *s, LLVMBasicBlockRef from, LLVMBasicBlockRef succ) {
    for (LLVMValueRef in = LLVMGetFirstInstruction(succ); in && LLVMIsAPHINode(in);
         in = LLVMGetNextInstruction(in)) {
        unsigned n = LLVMCountIncoming(in);
        for (unsigned k = 0; k < n; k++) {
            if (LLVMGetIncomingBlock(in, k) != from)
                continue;
            LLVMValueRef v = LLVMGetIncomingValue(in, k);
            int dst = vreg_of(s, in);
            if (LLVMIsAUndefValue(v) || LLVMIsAPoisonValue(v))
                break;
            emit_copy(s, dst, reg(s, v));
            break;
        }
    }
}

static int has_phis(LLVMBasicBlockRef bb) {
    LLVMValueRef first = LLVMGetFirstInstruction(bb);
    return first && LLVMIsAPHINode(first);
}

/* Phi copies must not clobber a value another phi of the same block still
 * reads (the swap problem): copy every incoming value into a temporary
 * first, then the temporaries into the phis. */
static void phi_copies_safe(isel *s, LLVMBasicBlockRef from, LLVMBasicBlockRef succ) {
    int hazard = 0; /* does some incoming value come from a phi of succ itself? */
    for (LLVMValueRef in = LLVMGetFirstInstruction(succ); in && LLVMIsAPHINode(in) && !hazard;
         in = LLVMGetNextInstruction(in)) {
        unsigned ni = LLVMCountIncoming(in);
        for (unsigned k = 0; k < ni; k++) {
            LLVMValueRef v = LLVMGetIncomingValue(in, k);
            if (LLVMGetIncomingBlock(in, k) == from && LLVMIsAPHINode(v) && LLVMGetInstructionParent(v) == succ)
                hazard = 1;
        }
    }
    if (!hazard) {
        phi_copies(s, from, succ);
        return;
    }
    int tmp[256], dst[256], n = 0;
    for (LLVMValueRef in = LLVMGetFirstInstruction(succ); in && LLVMIsAPHINode(in);
         in = LLVMGetNextInstruction(in)) {
        unsigned ni = LLVMCountIncoming(in);
        for (unsigned k = 0; k < ni; k++) {
            if (LLVMGetIncomingBlock(in, k) != from)
                continue;
            LLVMValueRef v = LLVMGetIncomingValue(in, k);
            if (LLVMIsAUndefValue(v) || LLVMIsAPoisonValue(v))
                break;
            if (n == 256) {
                phi_copies(s, from, succ);
                return;
            }
            dst[n] = vreg_of(s, in);
            tmp[n] = new_vreg(s, s->mf->vwords[dst[n]]);
            emit_copy(s, tmp[n], reg(s, v));
            n++;
            break;
        }
    }
    for (int i = 0; i < n; i++)
        emit_copy(s, dst[i], tmp[i]);
}

static int layout_pos(const mfunc *mf, int block) {
    int at = 0;
    while (mf->layout[at] != block)
        at++;
    return at;
}

int new_block(isel *s, int at) {
    mfunc *mf = s->mf;
    mf->blocks = be_realloc(s->b, mf->blocks, (size_t)(mf->nblocks + 1) * sizeof *mf->blocks);
    mf->layout = be_realloc(s->b, mf->layout, (size_t)(mf->nblocks + 1) * sizeof *mf->layout);
    int e = mf->nblocks++;
    memset(&mf->blocks[e], 0, sizeof mf->blocks[e]);
    mf->blocks[e].label = e;
    memmove(&mf->layout[at + 1], &mf->layout[at], (size_t)(mf->nblocks - 1 - at) * sizeof *mf->layout);
    mf->layout[at] = e;
    return e;
}

int new_block_after(isel *s, int block) { return new_block(s, layout_pos(s->mf, block) + 1); }

/* Does a loop lie between layout positions from and to (exclusive)?  An
 * IR block there with a successor at or before its own position closes
 * one. */
static int loop_between(isel *s, int from, int to) {
    for (int p = from + 1; p < to; p++) {
        int bi = s->mf->layout[p];
        if (bi >= s->norder)
            continue; /* an edge block: its branch is forward */
        LLVMValueRef term = LLVMGetBasicBlockTerminator(s->order[bi]);
        for (unsigned k = 0; term && k < LLVMGetNumSuccessors(term); k++)
            if (layout_pos(s->mf, block_index(s, LLVMGetSuccessor(term, k))) <= p)
                return 1;
    }
    return 0;
}

/* A new MIR block on the edge cur -> succ holding that edge's phi copies;
 * returns its index.  Needed when cur has two successors and succ phis.
 * latch: cur's other successor is a back edge (cur ends a loop). */
static int edge_block(isel *s, LLVMBasicBlockRef from, LLVMBasicBlockRef succ, int latch) {
    mfunc *mf = s->mf;
    int saved = s->cur;
    /* place it next to the edge: before a forward target (an if's join),
     * after a back edge's source -- and right after the source when it
     * leaves a loop, or skips one: a loop that ends just before its exit
     * falls through into it instead of branching back over this block */
    int target = block_index(s, succ);
    int tpos = layout_pos(mf, target), spos = layout_pos(mf, saved);
    int forward = tpos > spos && !latch && !loop_between(s, spos, tpos);
    int e = new_block(s, forward ? tpos : spos + 1);
    s->cur = e;
    phi_copies_safe(s, from, succ);
    emit(s, HISA_OP_BRA, 0, 1, mo_block(target));
    mf->blocks[e].succ[0] = target;
    mf->blocks[e].nsucc = 1;
    s->cur = saved;
    return e;
}

static void isel_br(isel *s, LLVMValueRef in, LLVMBasicBlockRef bb) {
    mblock *bl = &s->mf->blocks[s->cur];
    if (!LLVMIsConditional(in)) {
        LLVMBasicBlockRef succ = LLVMGetSuccessor(in, 0);
        phi_copies_safe(s, bb, succ);
        int t = block_index(s, succ);
        emit(s, HISA_OP_BRA, 0, 1, mo_block(t));
        bl = &s->mf->blocks[s->cur];
        bl->succ[0] = t;
        bl->nsucc = 1;
        return;
    }
    LLVMBasicBlockRef tb = LLVMGetSuccessor(in, 0), fb = LLVMGetSuccessor(in, 1);
    int here = layout_pos(s->mf, s->cur);
    int latch = layout_pos(s->mf, block_index(s, tb)) <= here || layout_pos(s->mf, block_index(s, fb)) <= here;
    int t = has_phis(tb) ? edge_block(s, bb, tb, latch) : block_index(s, tb);
    int f = has_phis(fb) ? edge_block(s, bb, fb, latch) : block_index(s, fb);
    int neg;
    cond_to_pred(s, LLVMGetCondition(in), 0, &neg);
    emit_g(s, (unsigned)(0 | (neg ? HISA_PRED_NEG : 0)), HISA_OP_BRA, 0, 1, mo_block(t));
    emit(s, HISA_OP_BRA, 0, 1, mo_block(f));
    bl = &s->mf->blocks[s->cur];
    bl->succ[0] = t;
    bl->succ[1] = f;
    bl->nsucc = 2;
}

static void isel_ret(isel *s, LLVMValueRef in) {
    if (s->mf->is_kernel) {
        if (LLVMGetNumOperands(in) != 0)
            be_error(s->b, in, "a kernel must return void");
        emit(s, HISA_OP_EXIT, 0, 0);
        return;
    }
    if (LLVMGetNumOperands(in) != 0) { /* the value goes to the start of the argument area */
        int r = reg(s, LLVMGetOperand(in, 0));
        for (int w = 0; w < s->mf->vwords[r]; w++) {
            mopnd m = mo_mem(VREG_SP, 0, 4 * w);
            m.frame = FRAME_ARGS;
            emit(s, HISA_OP_STL, 0, 2, m, mo_vsub(r, w));
        }
    }
    emit(s, MI_EPILOGUE, 0, 0);
}

/* Bytes a value of type t takes as registers (4 per word, as type_words
 * counts them): arguments and results cross calls word by word, and an
 * aggregate's words need not fit its memory size ({i8, i8, i8, i8} is four
 * words but four bytes). */
static unsigned reg_bytes(be *b, LLVMTypeRef t) {
    switch (LLVMGetTypeKind(t)) {
    case LLVMStructTypeKind: {
        unsigned n = LLVMCountStructElementTypes(t), sum = 0;
        for (unsigned i = 0; i < n; i++)
            sum += reg_bytes(b, LLVMStructGetTypeAtIndex(t, i));
        return sum;
    }
    case LLVMArrayTypeKind:
        return (unsigned)LLVMGetArrayLength2(t) * reg_bytes(b, LLVMGetElementType(t));
    case LLVMIntegerTypeKind: {
        unsigned bits = LLVMGetIntTypeWidth(t);
        return bits <= 32 ? 4 : bits <= 64 ? 8 : 16;
    }
    default:
        return (unsigned)(LLVMStoreSizeOfType(b->td, t) + 3) / 4 * 4;
    }
}

unsigned be_arg_layout(be *b, LLVMValueRef fn, unsigned *offsets) {
    LLVMTypeRef fnty = LLVMGlobalGetValueType(fn);
    unsigned n = LLVMCountParamTypes(fnty), off = 0;
    LLVMTypeRef *types = be_alloc(b, (n + 1) * sizeof *types);
    LLVMGetParamTypes(fnty, types);
    for (unsigned i = 0; i < n; i++) {
        LLVMTypeRef byval = be_byval_type(fn, i); /* a struct's bytes, in memory layout */
        unsigned size = byval ? ((unsigned)LLVMABISizeOfType(b->td, byval) + 3) / 4 * 4 : reg_bytes(b, types[i]);
        unsigned align = size >= 8 && (!byval || LLVMABIAlignmentOfType(b->td, byval) >= 8) ? 8 : 4;
        off = (off + align - 1) / align * align;
        if (offsets)
            offsets[i] = off;
        off += size;
    }
    be_free(b, types);
    LLVMTypeRef ret = LLVMGetReturnType(fnty);
    unsigned rs = LLVMGetTypeKind(ret) == LLVMVoidTypeKind ? 0 : reg_bytes(b, ret);
    if (rs > off)
        off = rs;
    return (off + 7) / 8 * 8;
}

/* ---- aggregates and vectors ---------------------------------------------------------------- */

/* Word offset of field/element idx inside an aggregate or vector type. */
static int word_offset(isel *s, LLVMTypeRef t, unsigned idx, LLVMTypeRef *elem) {
    if (LLVMGetTypeKind(t) == LLVMStructTypeKind) {
        int w = 0;
        for (unsigned i = 0; i < idx; i++)
            w += type_words(s, LLVMStructGetTypeAtIndex(t, i));
        *elem = LLVMStructGetTypeAtIndex(t, idx);
        return w;
    }
    *elem = LLVMGetElementType(t);
    int ew = type_words(s, *elem);
    if (LLVMGetTypeKind(t) == LLVMVectorTypeKind && LLVMSizeOfTypeInBits(s->b->td, *elem) < 32)
        be_error(s->b, s->inst, "sub-word vector elements are not supported");
    return (int)idx * ew;
}

/* Word offset and type of the element an extractvalue/insertvalue's index
 * list selects (nested indices walk into nested aggregates). */
static int path_offset(isel *s, LLVMValueRef in, LLVMTypeRef t, LLVMTypeRef *elem) {
    unsigned n = LLVMGetNumIndices(in);
    const unsigned *idx = LLVMGetIndices(in);
    int w = 0;
    for (unsigned k = 0; k < n; k++) {
        w += word_offset(s, t, idx[k], elem);
        t = *elem;
    }
    return w;
}

static void copy_words(isel *s, int dst, int dsub, int src, int ssub, int n) {
    for (int i = 0; i < n; i++)
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(dst, dsub + i), mo_vsub(src, ssub + i));
}

static void isel_extract(isel *s, LLVMValueRef in, int is_vector) {
    LLVMValueRef agg = LLVMGetOperand(in, 0);
    unsigned idx;
    if (is_vector) {
        int64_t x;
        if (!const_int(LLVMGetOperand(in, 1), &x))
            be_error(s->b, in, "extractelement with a variable index is not supported");
        idx = (unsigned)x;
    } else {
        idx = 0;
    }
    int d = vreg_of(s, in), a = reg(s, agg);
    if (!is_vector) {
        LLVMTypeRef et;
        int w = path_offset(s, in, LLVMTypeOf(agg), &et);
        copy_words(s, d, 0, a, w, s->mf->vwords[d]);
        return;
    }
    if (is_vector && LLVMSizeOfTypeInBits(s->b->td, LLVMGetElementType(LLVMTypeOf(agg))) == 16) {
        /* a 16-bit element of packed pairs: the word's low or high half */
        if (idx % 2)
            emit(s, HISA_OP_SHR, mod(HISA_MG_TYPE, HISA_T_U32), 3, mo_vreg(d), mo_vsub(a, (int)idx / 2), mo_imm(16));
        else
            emit(s, HISA_OP_MOV, 0, 2, mo_vreg(d), mo_vsub(a, (int)idx / 2));
        return;
    }
    LLVMTypeRef et;
    int w = word_offset(s, LLVMTypeOf(agg), idx, &et);
    copy_words(s, d, 0, a, w, s->mf->vwords[d]);
}

static void isel_insert(isel *s, LLVMValueRef in, int is_vector) {
    LLVMValueRef agg = LLVMGetOperand(in, 0), v = LLVMGetOperand(in, 1);
    unsigned idx;
    if (is_vector) {
        int64_t x;
        if (!const_int(LLVMGetOperand(in, 2), &x))
            be_error(s->b, in, "insertelement with a variable index is not supported");
        idx = (unsigned)x;
    } else {
        idx = 0;
    }
    int d;
    LLVMUseRef u = LLVMGetFirstUse(agg);
    if (LLVMIsAInstruction(agg) && !LLVMIsAPHINode(agg) && u && !LLVMGetNextUse(u) &&
        ptrmap_get(&s->vmap, agg, 0) && !ptrmap_get(&s->vmap, in, 0)) {
        d = ptrmap_get(&s->vmap, agg, 0); /* agg dies here: update it in place */
        ptrmap_put(s->b, &s->vmap, in, d);
    } else {
        d = vreg_of(s, in);
        emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
        if (!LLVMIsAUndefValue(agg) && !LLVMIsAPoisonValue(agg))
            copy_words(s, d, 0, reg(s, agg), 0, s->mf->vwords[d]);
    }
    if (is_vector && LLVMSizeOfTypeInBits(s->b->td, LLVMGetElementType(LLVMTypeOf(agg))) == 16) {
        int word = (int)idx / 2; /* insert into the low or high half */
        emit(s, HISA_OP_BFI, 0, 4, mo_vsub(d, word), mo_vreg(reg(s, v)), mo_imm(idx % 2 ? (16 | 16 << 8) : (16 << 8)),
             mo_vsub(d, word));
        return;
    }
    LLVMTypeRef et;
    int w = is_vector ? word_offset(s, LLVMTypeOf(agg), idx, &et) : path_offset(s, in, LLVMTypeOf(agg), &et);
    copy_words(s, d, w, reg(s, v), 0, type_words(s, et));
}

static void isel_shuffle(isel *s, LLVMValueRef in) {
    LLVMValueRef a = LLVMGetOperand(in, 0), bv = LLVMGetOperand(in, 1);
    LLVMTypeRef et;
    word_offset(s, LLVMTypeOf(a), 0, &et);
    int ew = type_words(s, et), na = (int)LLVMGetVectorSize(LLVMTypeOf(a));
    int d = vreg_of(s, in), ra = reg(s, a), rb = reg(s, bv);
    emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
    unsigned n = LLVMGetNumMaskElements(in);
    for (unsigned i = 0; i < n; i++) {
        int m = LLVMGetMaskValue(in, i);
        if (m < 0)
            continue; /* undef lane */
        if (m < na)
            copy_words(s, d, (int)i * ew, ra, m * ew, ew);
        else
            copy_words(s, d, (int)i * ew, rb, (m - na) * ew, ew);
    }
}

/* ---- the driver ------------------------------------------------------------------------------ */

static void set_line(isel *s, LLVMValueRef in) {
    if (!s->b->opts->line_info)
        return;
    unsigned line = LLVMGetDebugLocLine(in);
    if (!line)
        return;
    unsigned flen = 0;
    const char *file = LLVMGetDebugLocFilename(in, &flen);
    mfunc *mf = s->mf;
    srcloc *last = mf->nlines ? &mf->lines[mf->nlines - 1] : NULL;
    if (last && last->line == line && last->file && file && strlen(last->file) == flen &&
        !strncmp(last->file, file, flen)) {
        s->line = (uint32_t)mf->nlines - 1;
        return;
    }
    mf->lines = be_grow(s->b, mf->lines, &mf->lcap, mf->nlines + 2, sizeof *mf->lines);
    if (!mf->nlines)
        mf->nlines = 1; /* index 0 means "no line" */
    char *f = be_alloc(s->b, flen + 1);
    memcpy(f, file ? file : "", flen);
    mf->lines[mf->nlines] = (srcloc){f, line, LLVMGetDebugLocColumn(in)};
    s->line = (uint32_t)mf->nlines++;
}

static void isel_inst(isel *s, LLVMValueRef in, LLVMBasicBlockRef bb) {
    s->inst = in;
    set_line(s, in);
    LLVMOpcode op = LLVMGetInstructionOpcode(in);
    switch (op) {
    case LLVMRet: isel_ret(s, in); break;
    case LLVMBr: isel_br(s, in, bb); break;
    case LLVMUnreachable: emit(s, HISA_OP_EXIT, 0, 0); break;
    case LLVMAdd: case LLVMSub: case LLVMMul: case LLVMUDiv: case LLVMSDiv: case LLVMURem:
    case LLVMSRem: case LLVMShl: case LLVMLShr: case LLVMAShr: case LLVMAnd: case LLVMOr:
    case LLVMXor: case LLVMFAdd: case LLVMFSub: case LLVMFMul: case LLVMFDiv: case LLVMFRem:
        isel_binop(s, in);
        break;
    case LLVMFNeg: isel_fneg(s, in); break;
    case LLVMICmp: case LLVMFCmp:
        if (!fusible_cmp(in))
            isel_cmp(s, in);
        break;
    case LLVMTrunc: case LLVMZExt: case LLVMSExt: case LLVMFPTrunc: case LLVMFPExt:
    case LLVMFPToUI: case LLVMFPToSI: case LLVMUIToFP: case LLVMSIToFP: case LLVMPtrToInt:
    case LLVMIntToPtr: case LLVMBitCast: case LLVMAddrSpaceCast:
        isel_cast(s, in);
        break;
    case LLVMSelect: isel_select(s, in); break;
    case LLVMPHI: vreg_of(s, in); break; /* filled by the predecessors' copies */
    case LLVMGetElementPtr: isel_gep(s, in); break;
    case LLVMLoad: isel_load(s, in); break;
    case LLVMStore: isel_store(s, in); break;
    case LLVMAlloca: isel_alloca(s, in); break;
    case LLVMAtomicRMW: isel_atomicrmw(s, in); break;
    case LLVMAtomicCmpXchg: isel_cmpxchg(s, in); break;
    case LLVMFence: isel_fence(s, in); break;
    case LLVMCall: isel_call(s, in); break;
    case LLVMExtractValue: isel_extract(s, in, 0); break;
    case LLVMInsertValue: isel_insert(s, in, 0); break;
    case LLVMExtractElement: isel_extract(s, in, 1); break;
    case LLVMInsertElement: isel_insert(s, in, 1); break;
    case LLVMShuffleVector: isel_shuffle(s, in); break;
    case LLVMFreeze: emit_copy(s, vreg_of(s, in), reg(s, LLVMGetOperand(in, 0))); break;
    default:
        be_error(s->b, in, "unsupported IR instruction '%s'", LLVMGetValueName(in)[0] ? LLVMGetValueName(in) : "(unnamed)");
    }
}

void be_isel_function(be *b, LLVMValueRef fn, mfunc *mf) {
    isel s = {.b = b, .mf = mf, .fn = fn};
    int n;
    LLVMBasicBlockRef *order = be_block_order(b, fn, &n);
    s.order = order, s.norder = n;
    ptrmap_init(b, &s.vmap, 256);
    ptrmap_init(b, &s.bmap, (size_t)n);
    ptrmap_init(b, &s.frame, 16);
    ptrmap_init(b, &s.spaceval, 16);
    ptrmap_init(b, &s.spaceoff, 16);
    s.gep_vars_block = -1;
    mf->blocks = be_alloc(b, (size_t)n * sizeof *mf->blocks);
    mf->layout = be_alloc(b, (size_t)n * sizeof *mf->layout);
    mf->nblocks = n;
    for (int i = 0; i < n; i++) {
        ptrmap_put(b, &s.bmap, order[i], i);
        mf->blocks[i].label = i;
        mf->layout[i] = i;
    }
    unsigned np = LLVMCountParams(fn);
    param_slot *slots = be_alloc(b, (np + 1) * sizeof *slots);
    s.cur = 0;
    if (mf->is_kernel)
        lower_params(&s, slots, np, &mf->param_bytes);
    else
        lower_args(&s, np);
    mf->params = slots;
    mf->nparams = np;
    for (int i = 0; i < n; i++) {
        s.cur = i;
        for (LLVMValueRef in = LLVMGetFirstInstruction(order[i]); in; in = LLVMGetNextInstruction(in))
            isel_inst(&s, in, order[i]);
    }
    be_free(b, order);
    ptrmap_free(b, &s.vmap);
    ptrmap_free(b, &s.bmap);
    ptrmap_free(b, &s.frame);
    ptrmap_free(b, &s.spaceval);
    ptrmap_free(b, &s.spaceoff);
    be_free(b, s.gep_vars);
}
