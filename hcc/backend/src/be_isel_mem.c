/* be_isel_mem.c -- instruction selection for memory: addresses and
 * getelementptr, loads and stores in every address space, the frame
 * (allocas), atomics, fences and llvm.memcpy/memset.
 *
 * Address spaces are those of the nvptx carrier triple: 0 generic,
 * 1 global, 3 shared, 4 constant, 5 local.  Pointers are 64-bit values;
 * shared and local pointers hold an offset in their space.  A pointer that
 * is known to be an alloca (plus a constant) is accessed with LDL/STL even
 * when its IR type is generic. */
#include <string.h>

#include "be_isel.h"

/* ---- shared variables ---------------------------------------------------------------- */

/* Static shared variables are laid out per kernel in the order the kernel
 * first uses them; the extern (dynamic) array starts after all of them. */
static int64_t shared_offset(isel *s, LLVMValueRef g, int *dyn) {
    LLVMTypeRef t = LLVMGlobalGetValueType(g);
    uint64_t size = LLVMABISizeOfType(s->b->td, t);
    *dyn = 0;
    if (LLVMIsDeclaration(g) || size == 0) {
        *dyn = 1;
        return 0;
    }
    int known = ptrmap_get(&s->frame, g, 0); /* shared vars share the frame map, offset + 1 */
    if (known)
        return known - 1;
    unsigned align = LLVMGetAlignment(g);
    if (align < LLVMABIAlignmentOfType(s->b->td, t))
        align = LLVMABIAlignmentOfType(s->b->td, t);
    unsigned off = (s->mf->shared_bytes + align - 1) / align * align;
    s->mf->shared_bytes = off + (unsigned)size;
    ptrmap_put(s->b, &s->frame, g, (int)off + 1);
    return off;
}

/* ---- addresses --------------------------------------------------------------------------- */

static int64_t const_gep_offset(isel *s, LLVMValueRef gep, int *ok);

/* A generic pointer derived (through GEPs and casts) from a kernel's
 * pointer parameter points to global memory: a kernel cannot receive a
 * shared or local address.  NVPTX makes the same inference. */
static int from_kernel_param(isel *s, LLVMValueRef p) {
    for (int depth = 0; depth < 64; depth++) {
        if (LLVMIsAArgument(p)) /* a pointer parameter, but not a byval struct (copied to local memory) */
            return s->mf->is_kernel && !ptrmap_get(&s->frame, p, 0);
        if (LLVMIsAGetElementPtrInst(p) || LLVMIsABitCastInst(p))
            p = LLVMGetOperand(p, 0);
        else if (LLVMIsAAddrSpaceCastInst(p) && LLVMGetPointerAddressSpace(LLVMTypeOf(LLVMGetOperand(p, 0))) == 1)
            return 1;
        else
            return 0;
    }
    return 0;
}

/* How a shared/local GEP's constant offset is to be read: its space (-3:
 * relative to the dynamic shared base) and whether it is frame-relative. */
enum { SK_SHARED = 1, SK_DYNSHARED, SK_LOCAL, SK_FRAME };

static int space_kind(addr a) {
    return a.space == 5 ? (a.frame == FRAME_LOCAL ? SK_FRAME : SK_LOCAL) : a.space == -3 ? SK_DYNSHARED : SK_SHARED;
}

static void space_kind_decode(int k, addr *a) {
    a->space = k == SK_LOCAL || k == SK_FRAME ? 5 : k == SK_DYNSHARED ? -3 : 3;
    a->frame = k == SK_FRAME ? FRAME_LOCAL : FRAME_NONE;
}

addr address_of(isel *s, LLVMValueRef p) {
    addr a = {.space = (int)LLVMGetPointerAddressSpace(LLVMTypeOf(p))};
    int sv = ptrmap_get(&s->spaceval, p, 0);
    if (sv) { /* a shared/local address computed by a GEP: its variable part and offset */
        space_kind_decode(sv & 7, &a);
        a.base = sv >> 3;
        a.off = ptrmap_get(&s->spaceoff, p, 0);
        return a;
    }
    if (LLVMIsAAllocaInst(p) || LLVMIsAArgument(p)) { /* allocas and byval kernel parameters */
        int off = ptrmap_get(&s->frame, p, 0);
        if (off) {
            a.space = 5;
            a.off = off - 1;
            a.frame = FRAME_LOCAL;
            a.base = s->mf->is_kernel ? 0 : VREG_SP;
            return a;
        }
    }
    if (LLVMIsAGlobalVariable(p)) {
        if (a.space == 3) {
            int dyn;
            a.off = shared_offset(s, p, &dyn);
            if (dyn)
                a.space = -3; /* relative to the dynamic shared base */
            return a;
        }
        if (LLVMIsThreadLocal(p))
            be_error(s->b, s->inst, "thread-local variables are not supported");
        int r = new_vreg(s, 2);
        const char *name = LLVMGetValueName(p);
        emit(s, MI_UNDEF, 0, 1, mo_vreg(r));
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(r, 0), mo_sym(name, 0, 0));
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(r, 1), mo_sym(name, 0, 1));
        a.base = r;
        return a;
    }
    if (LLVMIsAFunction(p))
        be_error(s->b, s->inst, "function pointers are not supported yet");
    int is_gep = LLVMIsAGetElementPtrInst(p) ||
                 (LLVMIsAConstantExpr(p) && LLVMGetConstOpcode(p) == LLVMGetElementPtr);
    if (is_gep) {
        int ok;
        int64_t off = const_gep_offset(s, p, &ok);
        if (ok) {
            addr base = address_of(s, LLVMGetOperand(p, 0));
            base.off += off;
            return base;
        }
    }
    if (LLVMIsAConstantExpr(p) && (LLVMGetConstOpcode(p) == LLVMAddrSpaceCast ||
                                   LLVMGetConstOpcode(p) == LLVMBitCast)) {
        addr inner = address_of(s, LLVMGetOperand(p, 0));
        if (inner.space == 3 || inner.space == -3 || inner.space == 5 || a.space != 0)
            return inner; /* known space: access it directly */
        return inner;
    }
    if (LLVMIsAAddrSpaceCastInst(p)) {
        LLVMValueRef src = LLVMGetOperand(p, 0);
        addr inner = address_of(s, src);
        if (inner.space == 5 || inner.space == 3 || inner.space == -3)
            return inner;
    }
    if (LLVMIsAConstantPointerNull(p))
        return a; /* base 0: RZ */
    if (a.space == 0 && from_kernel_param(s, p))
        a.space = 1;
    a.base = reg(s, p);
    return a;
}

/* The byte offset of a GEP whose indices are all constant. */
static int64_t const_gep_offset(isel *s, LLVMValueRef gep, int *ok) {
    LLVMTypeRef t = LLVMGetGEPSourceElementType(gep);
    unsigned n = (unsigned)LLVMGetNumOperands(gep);
    int64_t off = 0, idx;
    *ok = 1;
    for (unsigned i = 1; i < n; i++) {
        if (!const_int(LLVMGetOperand(gep, i), &idx)) {
            *ok = 0;
            return 0;
        }
        if (i == 1) {
            off += idx * (int64_t)LLVMABISizeOfType(s->b->td, t);
        } else if (LLVMGetTypeKind(t) == LLVMStructTypeKind) {
            off += (int64_t)LLVMOffsetOfElement(s->b->td, t, (unsigned)idx);
            t = LLVMStructGetTypeAtIndex(t, (unsigned)idx);
        } else {
            t = LLVMGetElementType(t);
            off += idx * (int64_t)LLVMABISizeOfType(s->b->td, t);
        }
    }
    return off;
}

/* A new 32-bit vreg holding the shared/local offset of a (its base plus
 * off, relative to the frame or the dynamic shared base as a says). */
static int space_offset(isel *s, addr a, int64_t off) {
    int r = new_vreg(s, 1);
    mopnd k = a.space == -3 ? (mopnd){.kind = MO_DYNSHARED, .imm = off} : mo_imm(off);
    k.frame = (uint8_t)a.frame;
    emit(s, HISA_OP_IADD, 0, 3, mo_vreg(r), mo_vsub(a.base, a.base_sub), k);
    return r;
}

/* A 64-bit register holding the address a (for GEPs and pointer values).
 * A shared or local address becomes a generic pointer if `generic` (the IR
 * value is an addrspace(0) pointer), else its 32-bit offset, zero-extended. */
int addr_value(isel *s, addr a, int d, int generic) {
    if (a.space == 5 || a.space == 3 || a.space == -3) {
        int lo = space_offset(s, a, a.off);
        if (generic)
            emit(s, HISA_OP_CVTA, mod(HISA_MG_SPACE, a.space == 5 ? HISA_SPACE_LOCAL : HISA_SPACE_SHARED), 2,
                 mo_vreg(d), mo_vreg(lo));
        else {
            emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
            emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, 0), mo_vreg(lo));
            emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, 1), mo_imm(0));
        }
        return d;
    }
    if (!a.base) {
        emit(s, HISA_OP_MOV64, 0, 2, mo_vreg(d), mo_imm(a.off));
        return d;
    }
    if (a.off == 0) {
        emit_copy(s, d, a.base);
        return d;
    }
    if (a.off == (int32_t)a.off) {
        emit(s, HISA_OP_IADD64, 0, 3, mo_vreg(d), mo_vreg(a.base), mo_imm(a.off));
    } else {
        int k = new_vreg(s, 2);
        emit(s, MI_UNDEF, 0, 1, mo_vreg(k));
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(k, 0), mo_imm((uint32_t)a.off));
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(k, 1), mo_imm((uint32_t)((uint64_t)a.off >> 32)));
        emit(s, HISA_OP_IADD64, 0, 3, mo_vreg(d), mo_vreg(a.base), mo_vreg(k));
    }
    return d;
}

/* Each variable index of a GEP as (32-bit index vreg, element size, signed),
 * and the constant part; shared by the 64-bit and the 32-bit forms. */
typedef struct gep_term {
    LLVMValueRef idx;
    int64_t size;
} gep_term;

static int gep_terms(isel *s, LLVMValueRef in, gep_term *terms, int64_t *off) {
    LLVMTypeRef t = LLVMGetGEPSourceElementType(in);
    unsigned n = (unsigned)LLVMGetNumOperands(in);
    int nt = 0;
    for (unsigned i = 1; i < n; i++) {
        LLVMValueRef iv = LLVMGetOperand(in, i);
        int64_t idx, size;
        if (i == 1) {
            size = (int64_t)LLVMABISizeOfType(s->b->td, t);
        } else if (LLVMGetTypeKind(t) == LLVMStructTypeKind) {
            const_int(iv, &idx);
            *off += (int64_t)LLVMOffsetOfElement(s->b->td, t, (unsigned)idx);
            t = LLVMStructGetTypeAtIndex(t, (unsigned)idx);
            continue;
        } else {
            t = LLVMGetElementType(t);
            size = (int64_t)LLVMABISizeOfType(s->b->td, t);
        }
        if (const_int(iv, &idx))
            *off += idx * size;
        else if (nt < 16)
            terms[nt++] = (gep_term){iv, size};
        else
            be_error(s->b, in, "getelementptr with more than 16 variable indices");
    }
    return nt;
}

/* The variable part of a shared/local GEP, base + sum of index * size,
 * built once per block: after unrolling, LLVM hoists a row of addresses
 * such as &tile[ty][0] .. &tile[ty][15] into one block, and they differ
 * only in their constant offsets, which the loads and stores then fold. */
struct gep_var {
    int base, nt, vreg;
    gep_term terms[4];
};

static int gep_var_part(isel *s, int base, const gep_term *terms, int nt) {
    if (s->gep_vars_block != s->cur) {
        s->ngep_vars = 0;
        s->gep_vars_block = s->cur;
    }
    for (int i = 0; i < s->ngep_vars; i++) {
        struct gep_var *g = &s->gep_vars[i];
        if (g->base == base && g->nt == nt && !memcmp(g->terms, terms, (size_t)nt * sizeof *terms))
            return g->vreg;
    }
    int acc = base; /* 0: RZ */
    for (int i = 0; i < nt; i++) {
        unsigned bits = int_bits(LLVMTypeOf(terms[i].idx));
        LLVMValueRef iv = terms[i].idx;
        if (bits == 64 && (LLVMIsAZExtInst(iv) || LLVMIsASExtInst(iv)))
            iv = LLVMGetOperand(iv, 0);
        int r = reg(s, iv), next = new_vreg(s, 1);
        emit(s, HISA_OP_IMAD, 0, 4, mo_vreg(next), mo_vsub(r, 0), mo_imm((uint32_t)terms[i].size), mo_vreg(acc));
        acc = next;
    }
    if (nt <= 4) {
        s->gep_vars = be_grow(s->b, s->gep_vars, &s->gep_vars_cap, s->ngep_vars + 1, sizeof *s->gep_vars);
        struct gep_var *g = &s->gep_vars[s->ngep_vars++];
        memset(g, 0, sizeof *g);
        g->base = base, g->nt = nt, g->vreg = acc;
        memcpy(g->terms, terms, (size_t)nt * sizeof *terms);
    }
    return acc;
}

/* A GEP into shared or local memory: 32-bit offset arithmetic, recorded as
 * variable part + constant so that loads and stores use LDS/LDL [r + k];
 * the IR value itself (generic, usually) is made from them only if
 * something else uses it. */
static void gep_in_space(isel *s, LLVMValueRef in, addr base) {
    int64_t off = base.off;
    gep_term terms[16];
    int nt = gep_terms(s, in, terms, &off);
    int var = gep_var_part(s, base.base, terms, nt);
    if (off != (int32_t)off)
        be_error(s->b, in, "shared or local offset out of range");
    ptrmap_put(s->b, &s->spaceval, in, var << 3 | space_kind(base));
    ptrmap_put(s->b, &s->spaceoff, in, (int)off);
    addr a = base;
    a.base = var, a.base_sub = 0, a.off = off;
    addr_value(s, a, vreg_of(s, in), LLVMGetPointerAddressSpace(LLVMTypeOf(in)) == 0);
}

/* An index x * C (a constant C) that extends to 64 bits without wrapping
 * scales the element size instead: one IMADW for p[3 * j] rather than an
 * IMUL and an IMADW (the mul goes if nothing else uses it).  sext needs
 * nsw; zext needs nuw, or nneg with nsw and C > 0 (then x >= 0). */
static void scaled_index(LLVMValueRef *iv, int64_t *size, int sgn, int nneg) {
    LLVMValueRef m = *iv;
    int64_t c;
    if (!LLVMIsAInstruction(m) || LLVMGetInstructionOpcode(m) != LLVMMul || !const_int(LLVMGetOperand(m, 1), &c))
        return;
    int ok = sgn ? LLVMGetNSW(m) : LLVMGetNUW(m) || (nneg && LLVMGetNSW(m) && c > 0);
    if (!ok || c * *size != (int32_t)(c * *size) || c == 0)
        return;
    *iv = LLVMGetOperand(m, 0);
    *size *= c;
}

void isel_gep(isel *s, LLVMValueRef in) {
    int d = vreg_of(s, in);
    int ok;
    const_gep_offset(s, in, &ok);
    if (ok) { /* loads and stores fold it; this is for other uses */
        addr_value(s, address_of(s, in), d, LLVMGetPointerAddressSpace(LLVMTypeOf(in)) == 0);
        return;
    }
    LLVMTypeRef t = LLVMGetGEPSourceElementType(in);
    unsigned n = (unsigned)LLVMGetNumOperands(in);
    addr base = address_of(s, LLVMGetOperand(in, 0));
    if (base.space == 3 || base.space == -3 || base.space == 5) {
        gep_in_space(s, in, base);
        return;
    }
    int64_t off = base.off;
    base.off = 0;
    int acc = base.base ? base.base : addr_value(s, base, new_vreg(s, 2), 1);
    for (unsigned i = 1; i < n; i++) {
        LLVMValueRef iv = LLVMGetOperand(in, i);
        int64_t idx;
        int64_t size;
        if (i == 1) {
            size = (int64_t)LLVMABISizeOfType(s->b->td, t);
        } else if (LLVMGetTypeKind(t) == LLVMStructTypeKind) {
            const_int(iv, &idx); /* struct indices are always constant */
            off += (int64_t)LLVMOffsetOfElement(s->b->td, t, (unsigned)idx);
            t = LLVMStructGetTypeAtIndex(t, (unsigned)idx);
            continue;
        } else {
            t = LLVMGetElementType(t);
            size = (int64_t)LLVMABISizeOfType(s->b->td, t);
        }
        if (const_int(iv, &idx)) {
            off += idx * size;
            continue;
        }
        if (LLVMGetTypeKind(LLVMTypeOf(iv)) == LLVMVectorTypeKind)
            be_error(s->b, in, "vector getelementptr is not supported");
        unsigned bits = int_bits(LLVMTypeOf(iv));
        int next = new_vreg(s, 2), sgn = 1, nneg = 0;
        /* an i64 index extended from i32: multiply the 32-bit value, widening */
        if (bits == 64 && (LLVMIsAZExtInst(iv) || LLVMIsASExtInst(iv)) &&
            int_bits(LLVMTypeOf(LLVMGetOperand(iv, 0))) <= 32) {
            sgn = LLVMIsASExtInst(iv) != NULL;
            nneg = !sgn && LLVMGetNNeg(iv);
            iv = LLVMGetOperand(iv, 0);
            bits = int_bits(LLVMTypeOf(iv));
        }
        if (bits <= 32 && size == (int32_t)size) {
            scaled_index(&iv, &size, sgn, nneg);
            int r = ext32(s, reg(s, iv), bits, sgn);
            emit(s, HISA_OP_IMADW, mod(HISA_MG_TYPE, sgn ? HISA_T_S32 : HISA_T_U32), 4, mo_vreg(next), mo_vreg(r),
                 mo_imm(size),
                 mo_vreg(acc));
        } else {
            int r = reg(s, iv), sz = new_vreg(s, 2), prod = new_vreg(s, 2);
            emit(s, HISA_OP_MOV64, 0, 2, mo_vreg(sz), mo_imm(size));
            emit(s, HISA_OP_IMUL64, 0, 3, mo_vreg(prod), mo_vreg(r), mo_vreg(sz));
            emit(s, HISA_OP_IADD64, 0, 3, mo_vreg(next), mo_vreg(acc), mo_vreg(prod));
        }
        acc = next;
    }
    addr fin = {.space = 1, .base = acc, .off = off};
    addr_value(s, fin, d, 1);
}

void isel_alloca(isel *s, LLVMValueRef in) {
    int64_t count;
    if (!const_int(LLVMGetOperand(in, 0), &count))
        be_error(s->b, in, "variable-sized alloca is not supported");
    LLVMTypeRef t = LLVMGetAllocatedType(in);
    uint64_t size = LLVMABISizeOfType(s->b->td, t) * (uint64_t)count;
    unsigned align = LLVMGetAlignment(in);
    if (align < 4)
        align = 4;
    mfunc *mf = s->mf;
    unsigned off = (mf->frame_bytes + align - 1) / align * align;
    mf->frame_bytes = off + (unsigned)((size + 3) / 4 * 4);
    ptrmap_put(s->b, &s->frame, in, (int)off + 1);
    /* the generic pointer, for uses other than direct loads and stores */
    int d = vreg_of(s, in);
    addr a = {.space = 5, .off = off, .frame = FRAME_LOCAL, .base = s->mf->is_kernel ? 0 : VREG_SP};
    addr_value(s, a, d, LLVMGetPointerAddressSpace(LLVMTypeOf(in)) == 0);
}

/* ---- loads and stores ------------------------------------------------------------------------ */

typedef struct mem_ops {
    unsigned ld, st;
    int wide_base; /* the base register is a 64-bit pair */
} mem_ops;

static mem_ops ops_for(isel *s, int space) {
    switch (space) {
    case 0: return (mem_ops){HISA_OP_LD, HISA_OP_ST, 1};
    case 1: return (mem_ops){HISA_OP_LDG, HISA_OP_STG, 1};
    case 3: case -3: return (mem_ops){HISA_OP_LDS, HISA_OP_STS, 0};
    case 4: return (mem_ops){HISA_OP_LDC, 0, 1};
    case 5: return (mem_ops){HISA_OP_LDL, HISA_OP_STL, 0};
    default: be_error(s->b, s->inst, "memory access in address space %d is not supported", space);
    }
}

/* The memory operand for address a + extra, bringing a far offset into a register. */
mopnd mem_operand(isel *s, addr a, int64_t extra, int wide) {
    int64_t off = a.off + extra;
    if (off < HISA_IMMC_MIN || off > HISA_IMMC_MAX) {
        int r = new_vreg(s, wide ? 2 : 1);
        if (wide) {
            addr t = a;
            t.off = off;
            addr_value(s, t, r, 1);
        } else {
            r = space_offset(s, a, off);
        }
        return mo_mem(r, 0, 0);
    }
    mopnd m = mo_mem(a.base, a.base_sub, off);
    m.hi = a.space == -3; /* offset relative to the dynamic shared base */
    m.frame = (uint8_t)a.frame;
    return m;
}

static unsigned mem_type(unsigned bytes) {
    switch (bytes) {
    case 1: return HISA_T_U8;
    case 2: return HISA_T_U16;
    case 8: return HISA_T_B64;
    case 16: return HISA_T_B128;
    default: return 0; /* B32 */
    }
}

/* Width in bytes of one access piece: the largest power of two that the
 * alignment allows, at most 16 and at most the size. */
static unsigned piece_bytes(unsigned size, unsigned align) {
    unsigned p = 16;
    while (p > 1 && (p > size || p > align || size % p))
        p /= 2;
    return p;
}

/* ---- aggregates in memory ----
 * A struct or array value lives in registers as its elements' words one
 * after another, which is not its memory layout (padding, sub-word
 * elements): aggregate loads and stores go element by element at the data
 * layout's offsets. */

static int is_aggregate(LLVMTypeRef t) {
    LLVMTypeKind k = LLVMGetTypeKind(t);
    return k == LLVMStructTypeKind || k == LLVMArrayTypeKind;
}

/* The alignment known at byte `off` of an object aligned to `align`. */
static unsigned align_at(unsigned align, int64_t off) {
    unsigned low = off ? (unsigned)(off & -off) : align;
    return low < align ? low : align;
}

/* One scalar or vector element: `size` bytes at a + off into words word.. of d
 * (store: from those words). */
static void leaf_access(isel *s, mem_ops m, addr a, int64_t off, unsigned size, unsigned align, int d, int word,
                        int store) {
    unsigned p = piece_bytes(size, align);
    if (p >= 4 || p == size) {
        for (unsigned o = 0; o < size; o += p) {
            mopnd mem = mem_operand(s, a, off + o, m.wide_base), r = mo_vsub(d, word + (int)(o / 4));
            if (store)
                emit(s, m.st, mod(HISA_MG_TYPE, mem_type(p)), 2, mem, r);
            else
                emit(s, m.ld, mod(HISA_MG_TYPE, mem_type(p)), 2, r, mem);
        }
        return;
    }
    int tmp = new_vreg(s, 1); /* under-aligned: bytes or halves */
    for (unsigned o = 0; o < size; o += p) {
        mopnd mem = mem_operand(s, a, off + o, m.wide_base);
        int w = word + (int)(o / 4);
        unsigned pos = (o % 4) * 8;
        if (store) {
            emit(s, HISA_OP_SHR, mod(HISA_MG_TYPE, HISA_T_U32), 3, mo_vreg(tmp), mo_vsub(d, w), mo_imm(pos));
            emit(s, m.st, mod(HISA_MG_TYPE, mem_type(p)), 2, mem, mo_vreg(tmp));
        } else {
            emit(s, m.ld, mod(HISA_MG_TYPE, mem_type(p)), 2, mo_vreg(tmp), mem);
            if (pos == 0)
                emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, w), mo_vreg(tmp));
            else
                emit(s, HISA_OP_BFI, 0, 4, mo_vsub(d, w), mo_vreg(tmp), mo_imm(pos | (p * 8) << 8), mo_vsub(d, w));
        }
    }
}

static void aggregate_access(isel *s, mem_ops m, LLVMTypeRef t, addr a, int64_t off, unsigned align, int d,
                             int word, int store) {
    LLVMTypeKind k = LLVMGetTypeKind(t);
    if (k == LLVMStructTypeKind) {
        unsigned n = LLVMCountStructElementTypes(t);
        for (unsigned i = 0; i < n; i++) {
            LLVMTypeRef et = LLVMStructGetTypeAtIndex(t, i);
            int64_t eo = off + (int64_t)LLVMOffsetOfElement(s->b->td, t, i);
            aggregate_access(s, m, et, a, eo, align_at(align, eo), d, word, store);
            word += type_words(s, et);
        }
    } else if (k == LLVMArrayTypeKind) {
        LLVMTypeRef et = LLVMGetElementType(t);
        uint64_t n = LLVMGetArrayLength2(t), es = LLVMABISizeOfType(s->b->td, et);
        for (uint64_t i = 0; i < n; i++) {
            int64_t eo = off + (int64_t)(i * es);
            aggregate_access(s, m, et, a, eo, align_at(align, eo), d, word, store);
            word += type_words(s, et);
        }
    } else {
        unsigned size = (unsigned)LLVMStoreSizeOfType(s->b->td, t);
        if (size)
            leaf_access(s, m, a, off, size, align, d, word, store);
    }
}

void isel_load(isel *s, LLVMValueRef in) {
    LLVMValueRef ptr = LLVMGetOperand(in, 0);
    LLVMTypeRef t = LLVMTypeOf(in);
    unsigned size = (unsigned)LLVMStoreSizeOfType(s->b->td, t);
    unsigned align = LLVMGetAlignment(in);
    int d = vreg_of(s, in);
    addr a = address_of(s, ptr);
    mem_ops m = ops_for(s, a.space);
    unsigned p = piece_bytes(size, align ? align : 1);
    if (LLVMGetOrdering(in) >= LLVMAtomicOrderingSequentiallyConsistent)
        emit(s, HISA_OP_MEMBAR, 0, 0);
    if (is_aggregate(t)) {
        emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
        aggregate_access(s, m, t, a, 0, align ? align : 1, d, 0, 0);
    } else if (p >= 4 || size == p) {
        if (p * 1 == size) {
            emit(s, m.ld, mod(HISA_MG_TYPE, mem_type(p)), 2, mo_vreg(d), mem_operand(s, a, 0, m.wide_base));
        } else {
            emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
            for (unsigned o = 0; o < size; o += p)
                emit(s, m.ld, mod(HISA_MG_TYPE, mem_type(p)), 2, mo_vsub(d, (int)(o / 4)),
                     mem_operand(s, a, o, m.wide_base));
        }
    } else { /* under-aligned: assemble the value from smaller pieces */
        if (size > 8)
            be_error(s->b, in, "under-aligned load of %u bytes is not supported", size);
        emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
        int tmp = new_vreg(s, 1);
        for (unsigned o = 0; o < size; o += p) {
            emit(s, m.ld, mod(HISA_MG_TYPE, mem_type(p)), 2, mo_vreg(tmp), mem_operand(s, a, o, m.wide_base));
            unsigned pos = (o % 4) * 8;
            if (pos == 0)
                emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, (int)(o / 4)), mo_vreg(tmp));
            else
                emit(s, HISA_OP_BFI, 0, 4, mo_vsub(d, (int)(o / 4)), mo_vreg(tmp), mo_imm(pos | (p * 8) << 8),
                     mo_vsub(d, (int)(o / 4)));
        }
    }
    if (LLVMGetOrdering(in) >= LLVMAtomicOrderingAcquire)
        emit(s, HISA_OP_MEMBAR, 0, 0);
}

void isel_store(isel *s, LLVMValueRef in) {
    LLVMValueRef v = LLVMGetOperand(in, 0), ptr = LLVMGetOperand(in, 1);
    LLVMTypeRef t = LLVMTypeOf(v);
    unsigned size = (unsigned)LLVMStoreSizeOfType(s->b->td, t);
    unsigned align = LLVMGetAlignment(in);
    addr a = address_of(s, ptr);
    mem_ops m = ops_for(s, a.space);
    if (!m.st)
        be_error(s->b, in, "store to constant memory");
    if (LLVMGetOrdering(in) >= LLVMAtomicOrderingRelease)
        emit(s, HISA_OP_MEMBAR, 0, 0);
    unsigned p = piece_bytes(size, align ? align : 1);
    if (is_aggregate(t)) {
        aggregate_access(s, m, t, a, 0, align ? align : 1, reg(s, v), 0, 1);
    } else if (size == p && size <= 4) {
        emit(s, m.st, mod(HISA_MG_TYPE, mem_type(p)), 2, mem_operand(s, a, 0, m.wide_base), opnd_b(s, v));
    } else if (size == p) {
        emit(s, m.st, mod(HISA_MG_TYPE, mem_type(p)), 2, mem_operand(s, a, 0, m.wide_base),
             mo_vreg(reg(s, v)));
    } else if (p >= 4) {
        int r = reg(s, v);
        for (unsigned o = 0; o < size; o += p)
            emit(s, m.st, mod(HISA_MG_TYPE, mem_type(p)), 2, mem_operand(s, a, o, m.wide_base),
                 mo_vsub(r, (int)(o / 4)));
    } else {
        if (size > 8)
            be_error(s->b, in, "under-aligned store of %u bytes is not supported", size);
        int r = reg(s, v), tmp = new_vreg(s, 1);
        for (unsigned o = 0; o < size; o += p) {
            emit(s, HISA_OP_SHR, mod(HISA_MG_TYPE, HISA_T_U32), 3, mo_vreg(tmp), mo_vsub(r, (int)(o / 4)),
                 mo_imm((o % 4) * 8));
            emit(s, m.st, mod(HISA_MG_TYPE, mem_type(p)), 2, mem_operand(s, a, o, m.wide_base), mo_vreg(tmp));
        }
    }
    if (LLVMGetOrdering(in) >= LLVMAtomicOrderingSequentiallyConsistent)
        emit(s, HISA_OP_MEMBAR, 0, 0);
}

/* ---- atomics ------------------------------------------------------------------------------ */

static unsigned atom_opcode(isel *s, int space, int cas) {
    switch (space) {
    case 0: return cas ? HISA_OP_CAS : HISA_OP_ATOM;
    case 1: return cas ? HISA_OP_CASG : HISA_OP_ATOMG;
    case 3: case -3: return cas ? HISA_OP_CASS : HISA_OP_ATOMS;
    default: be_error(s->b, s->inst, "atomics in address space %d are not supported", space);
    }
}

static void fence_for(isel *s, LLVMAtomicOrdering o) {
    if (o >= LLVMAtomicOrderingSequentiallyConsistent)
        emit(s, HISA_OP_MEMBAR, 0, 0);
}

void isel_atomicrmw(isel *s, LLVMValueRef in) {
    LLVMValueRef ptr = LLVMGetOperand(in, 0), v = LLVMGetOperand(in, 1);
    LLVMTypeRef t = LLVMTypeOf(v);
    unsigned bits = int_bits(t);
    int is64 = LLVMStoreSizeOfType(s->b->td, t) == 8;
    unsigned ty = is64 ? HISA_T_U64 : HISA_T_U32, op;
    int negate = 0;
    switch (LLVMGetAtomicRMWBinOp(in)) {
    case LLVMAtomicRMWBinOpXchg: op = HISA_ATOM_EXCH; ty = is64 ? HISA_T_B64 : 0; break;
    case LLVMAtomicRMWBinOpAdd: op = HISA_ATOM_ADD; break;
    case LLVMAtomicRMWBinOpSub: op = HISA_ATOM_ADD; negate = 1; break;
    case LLVMAtomicRMWBinOpAnd: op = HISA_ATOM_AND; break;
    case LLVMAtomicRMWBinOpOr: op = HISA_ATOM_OR; break;
    case LLVMAtomicRMWBinOpXor: op = HISA_ATOM_XOR; break;
    case LLVMAtomicRMWBinOpMax: op = HISA_ATOM_MAX; ty = is64 ? HISA_T_S64 : HISA_T_S32; break;
    case LLVMAtomicRMWBinOpMin: op = HISA_ATOM_MIN; ty = is64 ? HISA_T_S64 : HISA_T_S32; break;
    case LLVMAtomicRMWBinOpUMax: op = HISA_ATOM_MAX; break;
    case LLVMAtomicRMWBinOpUMin: op = HISA_ATOM_MIN; break;
    case LLVMAtomicRMWBinOpFAdd: op = HISA_ATOM_ADD; ty = is64 ? HISA_T_F64 : HISA_T_F32; break;
    case LLVMAtomicRMWBinOpUIncWrap: op = HISA_ATOM_INC; break;
    case LLVMAtomicRMWBinOpUDecWrap: op = HISA_ATOM_DEC; break;
    default: be_error(s->b, in, "this atomicrmw operation is not supported");
    }
    if (bits && bits != 32 && bits != 64)
        be_error(s->b, in, "atomics on i%u are not supported", bits);
    if (LLVMGetTypeKind(t) == LLVMHalfTypeKind || LLVMGetTypeKind(t) == LLVMBFloatTypeKind)
        be_error(s->b, in, "half-precision atomics are not supported");
    addr a = address_of(s, ptr);
    unsigned opc = atom_opcode(s, a.space, 0);
    int d = vreg_of(s, in);
    mopnd val;
    if (negate) {
        int r = new_vreg(s, is64 ? 2 : 1);
        emit(s, is64 ? HISA_OP_INEG64 : HISA_OP_INEG, 0, 2, mo_vreg(r), mo_vreg(reg(s, v)));
        val = mo_vreg(r);
    } else {
        val = is64 ? mo_vreg(reg(s, v)) : opnd_b(s, v);
    }
    fence_for(s, LLVMGetOrdering(in));
    emit(s, opc, mod(HISA_MG_TYPE, ty) | mod(HISA_MG_ATOM, op), 3, mo_vreg(d),
         mem_operand(s, a, 0, opc != HISA_OP_ATOMS), val);
    fence_for(s, LLVMGetOrdering(in));
}

void isel_cmpxchg(isel *s, LLVMValueRef in) {
    LLVMValueRef ptr = LLVMGetOperand(in, 0), cmp = LLVMGetOperand(in, 1), nv = LLVMGetOperand(in, 2);
    int is64 = LLVMStoreSizeOfType(s->b->td, LLVMTypeOf(cmp)) == 8;
    if (!is64 && LLVMStoreSizeOfType(s->b->td, LLVMTypeOf(cmp)) != 4)
        be_error(s->b, in, "cmpxchg of this width is not supported");
    addr a = address_of(s, ptr);
    unsigned opc = atom_opcode(s, a.space, 1);
    int d = vreg_of(s, in); /* {old, success} */
    int words = is64 ? 2 : 1, old = new_vreg(s, words);
    int rc = reg(s, cmp);
    fence_for(s, LLVMGetCmpXchgSuccessOrdering(in));
    emit(s, opc, mod(HISA_MG_TYPE, is64 ? HISA_T_B64 : 0), 4, mo_vreg(old), mem_operand(s, a, 0, opc != HISA_OP_CASS),
         mo_vreg(rc), mo_vreg(reg(s, nv)));
    fence_for(s, LLVMGetCmpXchgSuccessOrdering(in));
    emit(s, MI_UNDEF, 0, 1, mo_vreg(d));
    for (int w = 0; w < words; w++)
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(d, w), mo_vsub(old, w));
    emit(s, is64 ? HISA_OP_ISETP64 : HISA_OP_ISETP,
         mod(HISA_MG_CMP, HISA_CMP_EQ) | mod(HISA_MG_TYPE, is64 ? HISA_T_U64 : HISA_T_U32), 3, mo_pred(0, 0),
         mo_vreg(old), mo_vreg(rc));
    emit(s, HISA_OP_P2R, 0, 2, mo_vsub(d, words), mo_pred(0, 0));
}

void isel_fence(isel *s, LLVMValueRef in) {
    (void)in;
    emit(s, HISA_OP_MEMBAR, 0, 0);
}

/* `size` bytes at ptr (aligned to align) copied to local memory at SP + off:
 * a byval argument going into the outgoing argument area. */
void isel_copy_to_stack(isel *s, LLVMValueRef ptr, unsigned size, unsigned align, int64_t off) {
    addr a = address_of(s, ptr);
    mem_ops m = ops_for(s, a.space);
    unsigned piece = align >= 4 ? 4 : align ? align : 1;
    unsigned ty = mod(HISA_MG_TYPE, mem_type(piece));
    int t = new_vreg(s, 1);
    for (unsigned o = 0; o < size; o += piece) {
        emit(s, m.ld, ty, 2, mo_vreg(t), mem_operand(s, a, o, m.wide_base));
        emit(s, HISA_OP_STL, ty, 2, mo_mem(VREG_SP, 0, off + o), mo_vreg(t));
    }
}

/* ---- llvm.memcpy / memmove / memset --------------------------------------------------------- */

static unsigned call_align(LLVMValueRef call, unsigned arg) {
    unsigned kind = LLVMGetEnumAttributeKindForName("align", 5);
    LLVMAttributeRef a = LLVMGetCallSiteEnumAttribute(call, arg + 1, kind);
    return a ? (unsigned)LLVMGetEnumAttributeValue(a) : 1;
}

/* One side of a byte loop: a base register and how to reach byte i. */
typedef struct loop_side {
    mem_ops m;
    int base; /* 64-bit address, or 32-bit offset for shared/local */
} loop_side;

static loop_side loop_side_of(isel *s, LLVMValueRef ptr) {
    addr a = address_of(s, ptr);
    loop_side l = {ops_for(s, a.space), 0};
    if (l.m.wide_base) {
        l.base = addr_value(s, a, new_vreg(s, 2), 1);
    } else {
        l.base = space_offset(s, a, a.off);
    }
    return l;
}

/* The address of byte i (a 64-bit vreg) of a loop side, as a memory operand. */
static mopnd loop_byte(isel *s, loop_side l, int i) {
    int p = new_vreg(s, l.m.wide_base ? 2 : 1);
    if (l.m.wide_base)
        emit(s, HISA_OP_IADD64, 0, 3, mo_vreg(p), mo_vreg(l.base), mo_vreg(i));
    else
        emit(s, HISA_OP_IADD, 0, 3, mo_vreg(p), mo_vreg(l.base), mo_vsub(i, 0));
    return mo_mem(p, 0, 0);
}

/* For memmove: the byte a copy loop moves in iteration i -- i, or len-1-i
 * when the destination lies above the source in the same kind of address
 * (then an overlapping copy must run backwards).  Sides in different kinds
 * of space cannot overlap. */
static int move_index(isel *s, loop_side d, loop_side src, int i, int last) {
    if (d.m.wide_base != src.m.wide_base)
        return i;
    int back = new_vreg(s, 2), j = new_vreg(s, 2);
    emit(s, HISA_OP_ISUB64, 0, 3, mo_vreg(back), mo_vreg(last), mo_vreg(i));
    if (d.m.wide_base)
        emit(s, HISA_OP_ISETP64, mod(HISA_MG_CMP, HISA_CMP_GT) | mod(HISA_MG_TYPE, HISA_T_U64), 3, mo_pred(0, 0),
             mo_vreg(d.base), mo_vreg(src.base));
    else
        emit(s, HISA_OP_ISETP, mod(HISA_MG_CMP, HISA_CMP_GT) | mod(HISA_MG_TYPE, HISA_T_U32), 3, mo_pred(0, 0),
             mo_vreg(d.base), mo_vreg(src.base));
    emit(s, HISA_OP_SEL64, 0, 4, mo_vreg(j), mo_vreg(back), mo_vreg(i), mo_pred(0, 0));
    return j;
}

/* memcpy/memmove/memset of a length known only at run time: a byte loop,
 * laid out [current | loop | rest] so that lanes with different lengths
 * reconverge after it.  Slow but general; constant lengths take the
 * unrolled path. */
enum { MEM_COPY, MEM_SET, MEM_MOVE };
static void mem_loop(isel *s, LLVMValueRef call, int kind) {
    int is_set = kind == MEM_SET;
    LLVMValueRef lenv = LLVMGetOperand(call, 2);
    int len = reg(s, lenv);
    if (s->mf->vwords[len] == 1) { /* i32 length: widen */
        int l64 = new_vreg(s, 2);
        emit(s, MI_UNDEF, 0, 1, mo_vreg(l64));
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(l64, 0), mo_vreg(len));
        emit(s, HISA_OP_MOV, 0, 2, mo_vsub(l64, 1), mo_imm(0));
        len = l64;
    }
    loop_side d = loop_side_of(s, LLVMGetOperand(call, 0)), src = {{0, 0, 0}, 0};
    if (!d.m.st)
        be_error(s->b, call, "store to constant memory");
    int value = 0;
    if (is_set)
        value = reg(s, LLVMGetOperand(call, 1));
    else
        src = loop_side_of(s, LLVMGetOperand(call, 1));
    int i = new_vreg(s, 2), t = new_vreg(s, 1), last = 0;
    emit(s, HISA_OP_MOV64, 0, 2, mo_vreg(i), mo_imm(0));
    if (kind == MEM_MOVE) {
        last = new_vreg(s, 2);
        emit(s, HISA_OP_IADD64, 0, 3, mo_vreg(last), mo_vreg(len), mo_imm(-1));
    }
    int pre = s->cur, loop = new_block_after(s, pre), rest = new_block_after(s, loop);
    emit(s, HISA_OP_ISETP64, mod(HISA_MG_CMP, HISA_CMP_EQ) | mod(HISA_MG_TYPE, HISA_T_U64), 3, mo_pred(0, 0),
         mo_vreg(len), mo_imm(0));
    emit_g(s, 0, HISA_OP_BRA, 0, 1, mo_block(rest));
    emit(s, HISA_OP_BRA, 0, 1, mo_block(loop));
    s->mf->blocks[pre].succ[0] = loop, s->mf->blocks[pre].succ[1] = rest, s->mf->blocks[pre].nsucc = 2;
    s->cur = loop;
    if (is_set) {
        emit(s, d.m.st, mod(HISA_MG_TYPE, HISA_T_U8), 2, loop_byte(s, d, i), mo_vreg(value));
    } else {
        int j = kind == MEM_MOVE ? move_index(s, d, src, i, last) : i;
        emit(s, src.m.ld, mod(HISA_MG_TYPE, HISA_T_U8), 2, mo_vreg(t), loop_byte(s, src, j));
        emit(s, d.m.st, mod(HISA_MG_TYPE, HISA_T_U8), 2, loop_byte(s, d, j), mo_vreg(t));
    }
    emit(s, HISA_OP_IADD64, 0, 3, mo_vreg(i), mo_vreg(i), mo_imm(1));
    emit(s, HISA_OP_ISETP64, mod(HISA_MG_CMP, HISA_CMP_LT) | mod(HISA_MG_TYPE, HISA_T_U64), 3, mo_pred(0, 0),
         mo_vreg(i), mo_vreg(len));
    emit_g(s, 0, HISA_OP_BRA, 0, 1, mo_block(loop));
    emit(s, HISA_OP_BRA, 0, 1, mo_block(rest));
    s->mf->blocks[loop].succ[0] = loop, s->mf->blocks[loop].succ[1] = rest, s->mf->blocks[loop].nsucc = 2;
    s->cur = rest;
}

void isel_memintrinsic(isel *s, LLVMValueRef call, const char *name) {
    int is_set = !strncmp(name, "llvm.memset", 11), is_move = !strncmp(name, "llvm.memmove", 12);
    int64_t len;
    if (!const_int(LLVMGetOperand(call, 2), &len) || len > 256) { /* long copies: a loop, not unrolled code */
        mem_loop(s, call, is_set ? MEM_SET : is_move ? MEM_MOVE : MEM_COPY);
        return;
    }
    if (len <= 0)
        return;
    unsigned dalign = call_align(call, 0), salign = is_set ? 16 : call_align(call, 1);
    unsigned align = dalign < salign ? dalign : salign;
    unsigned p = 16;
    while (p > 1 && (p > align || (uint64_t)len % p))
        p /= 2;
    if (p > 4 && !is_set)
        p = p > 8 ? 16 : 8;
    addr da = address_of(s, LLVMGetOperand(call, 0));
    mem_ops dm = ops_for(s, da.space);
    if (!dm.st)
        be_error(s->b, call, "store to constant memory");
    if (is_set) {
        int64_t byte;
        int word = new_vreg(s, p > 4 ? (int)p / 4 : 1);
        if (const_int(LLVMGetOperand(call, 1), &byte)) {
            uint32_t b4 = (uint32_t)(byte & 0xff) * 0x01010101u;
            for (int w = 0; w < (p > 4 ? (int)p / 4 : 1); w++)
                emit(s, HISA_OP_MOV, 0, 2, mo_vsub(word, w), mo_imm(b4));
        } else {
            int bv = ext32(s, reg(s, LLVMGetOperand(call, 1)), 8, 0);
            emit(s, HISA_OP_IMUL, 0, 3, mo_vsub(word, 0), mo_vreg(bv), mo_imm(0x01010101));
            for (int w = 1; w < (p > 4 ? (int)p / 4 : 1); w++)
                emit(s, HISA_OP_MOV, 0, 2, mo_vsub(word, w), mo_vsub(word, 0));
        }
        for (int64_t o = 0; o < len; o += p)
            emit(s, dm.st, mod(HISA_MG_TYPE, mem_type(p)), 2, mem_operand(s, da, o, dm.wide_base), mo_vreg(word));
        return;
    }
    addr sa = address_of(s, LLVMGetOperand(call, 1));
    mem_ops sm = ops_for(s, sa.space);
    int words = p > 4 ? (int)p / 4 : 1;
    if (is_move) { /* every piece loaded before any is stored: overlap is harmless */
        int piece[256];
        for (int64_t o = 0; o < len; o += p) {
            piece[o / p] = new_vreg(s, words);
            emit(s, sm.ld, mod(HISA_MG_TYPE, mem_type(p)), 2, mo_vreg(piece[o / p]),
                 mem_operand(s, sa, o, sm.wide_base));
        }
        for (int64_t o = 0; o < len; o += p)
            emit(s, dm.st, mod(HISA_MG_TYPE, mem_type(p)), 2, mem_operand(s, da, o, dm.wide_base),
                 mo_vreg(piece[o / p]));
        return;
    }
    int tmp = new_vreg(s, words);
    for (int64_t o = 0; o < len; o += p) {
        emit(s, sm.ld, mod(HISA_MG_TYPE, mem_type(p)), 2, mo_vreg(tmp), mem_operand(s, sa, o, sm.wide_base));
        emit(s, dm.st, mod(HISA_MG_TYPE, mem_type(p)), 2, mem_operand(s, da, o, dm.wide_base), mo_vreg(tmp));
    }
}
