/* be_emit.c -- MIR with physical registers to HISA assembly text
 * (docs/isa.md, "Assembler syntax").  Branches to the next block are left
 * out, and a guarded branch over an unconditional one is inverted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be.h"

static int fn_counter;

typedef struct emitter {
    be *b;
    mfunc *mf;
    int fid;
    unsigned dyn_base;   /* where dynamic shared memory starts */
    unsigned saves;      /* device functions: registers saved in the frame */
    unsigned local_base; /* frame-relative offsets: start of the function's frame */
    unsigned args_base;  /* ... and of its incoming arguments */
    unsigned frame_size; /* device functions: bytes the prologue takes from R1 */
} emitter;

static unsigned phys(const emitter *e, const mopnd *o) {
    if (o->reg == VREG_SP)
        return 1;
    if (o->reg == VREG_RA)
        return 0;
    return (unsigned)e->mf->phys[o->reg] + o->sub;
}

static void print_reg(emitter *e, const mopnd *o) {
    if (o->kind != MO_VREG || !o->reg)
        be_printf(e->b, "RZ");
    else
        be_printf(e->b, "R%u", phys(e, o));
}

static long long frame_adjust(const emitter *e, const mopnd *o) {
    return o->frame == FRAME_LOCAL ? e->local_base : o->frame == FRAME_ARGS ? e->args_base : 0;
}

static void print_pred(emitter *e, const mopnd *o) {
    if (o->reg == HISA_PT)
        be_printf(e->b, "%sPT", o->neg ? "!" : "");
    else
        be_printf(e->b, "%sP%d", o->neg ? "!" : "", o->reg);
}

static void print_operand(emitter *e, char letter, const mopnd *o) {
    be *b = e->b;
    switch (o->kind) {
    case MO_VREG: print_reg(e, o); return;
    case MO_PRED: print_pred(e, o); return;
    case MO_IMM:
        if (letter == 'b')
            be_printf(b, "0x%x", (uint32_t)(o->imm + frame_adjust(e, o))); /* raw bits, also in float classes */
        else
            be_printf(b, "%lld", (long long)o->imm + frame_adjust(e, o));
        return;
    case MO_DYNSHARED: be_printf(b, "0x%x", (uint32_t)(e->dyn_base + o->imm)); return;
    case MO_BLOCK: be_printf(b, ".Lf%db%lld", e->fid, (long long)o->imm); return;
    case MO_SYM:
        if (o->imm)
            be_printf(b, "%s%+lld@%s", o->sym, (long long)o->imm, o->hi ? "hi" : "lo");
        else
            be_printf(b, "%s@%s", o->sym, o->hi ? "hi" : "lo");
        return;
    case MO_FUNC: be_printf(b, letter == 't' ? "%s" : "%s@code", o->sym); return;
    case MO_SREG: be_printf(b, "%s", hisa_sreg_names[o->imm]); return;
    case MO_MEM: {
        long long off = (long long)o->imm + (o->hi ? e->dyn_base : 0) + frame_adjust(e, o);
        if (o->reg)
            be_printf(b, "[R%u%+lld]", phys(e, o), off);
        else
            be_printf(b, "[RZ%+lld]", off);
        return;
    }
    case MO_NONE: break;
    }
    be_printf(b, "?");
}

static void print_mods(emitter *e, const minst *mi) {
    const hisa_info *in = hisa_info_of(mi->op);
    for (int g = 0; g < HISA_MG_COUNT; g++) {
        if (!(in->modgroups & (1u << g)))
            continue;
        const hisa_modgroup *mg = &hisa_modgroups[g];
        unsigned v = (mi->mods >> mg->shift) & ((1u << mg->width) - 1);
        int always = mg->always_print || ((g == HISA_MG_TYPE) && (in->modgroups & MG_TYPE2));
        if (v || always)
            be_printf(e->b, ".%s", mg->names[v]);
    }
}

static void print_copy(emitter *e, const minst *mi) {
    int d = mi->o[0].reg, a = mi->o[1].reg;
    int w = e->mf->vwords[d];
    unsigned pd = (unsigned)e->mf->phys[d] + mi->o[0].sub, pa = a ? (unsigned)e->mf->phys[a] + mi->o[1].sub : 0;
    if (a && pd == pa)
        return;
    /* overlapping ranges: copy in the direction that reads before it writes */
    for (int i = 0; i < w; i++) {
        int k = pd > pa ? w - 1 - i : i;
        if (a)
            be_printf(e->b, "    MOV R%u, R%u\n", pd + (unsigned)k, pa + (unsigned)k);
        else
            be_printf(e->b, "    MOV R%u, RZ\n", pd + (unsigned)k);
    }
}

/* A device function's frame, from R1 after the prologue:
 *   [0, saves)            the caller's registers this function uses
 *   [saves, +locals)      allocas
 *   [.., +8)              the return address (R0)
 *   [F - argarea, F)      incoming arguments / the return value
 * The caller wrote the arguments just below its own R1, which is R1 + F. */
static void print_prologue(emitter *e) {
    be *b = e->b;
    be_printf(b, "    IADD R1, R1, 0x%x\n", (uint32_t)-(int32_t)e->frame_size);
    /* room for the frame and for the arguments of the calls it makes */
    be_printf(b, "    ISETP.LT.S32 P6, R1, 0x%x\n", e->mf->out_area);
    be_printf(b, "    @P6 TRAP 0x%x\n", 0x53544b4fu); /* "STKO": call stack overflow */
    be_printf(b, "    STL [R1+%u], R0\n", e->frame_size - e->mf->argarea - 8);
    for (unsigned r = 2; r < 2 + e->saves; r++)
        be_printf(b, "    STL [R1+%u], R%u\n", (r - 2) * 4, r);
}

static void print_epilogue(emitter *e) {
    be *b = e->b;
    for (unsigned r = 2; r < 2 + e->saves; r++)
        be_printf(b, "    LDL R%u, [R1+%u]\n", r, (r - 2) * 4);
    be_printf(b, "    LDL R0, [R1+%u]\n", e->frame_size - e->mf->argarea - 8);
    be_printf(b, "    IADD R1, R1, 0x%x\n", e->frame_size);
    be_printf(b, "    RET R0\n");
}

static void print_inst(emitter *e, const minst *mi, int invert_guard) {
    if (mi->op == MI_UNDEF)
        return;
    if (mi->op == MI_EPILOGUE) {
        print_epilogue(e);
        return;
    }
    if (mi->op == MI_COPY) {
        print_copy(e, mi);
        return;
    }
    be *b = e->b;
    const hisa_info *in = hisa_info_of(mi->op);
    be_printf(b, "    ");
    unsigned g = mi->guard;
    if (invert_guard)
        g ^= HISA_PRED_NEG;
    if ((g & 7) != HISA_PT)
        be_printf(b, "@%sP%u ", (g & HISA_PRED_NEG) ? "!" : "", g & 7);
    be_printf(b, "%s", in->mnemonic);
    print_mods(e, mi);
    for (int k = 0; k < mi->nops; k++) {
        be_printf(b, k ? ", " : " ");
        print_operand(e, in->opnd[k], &mi->o[k]);
    }
    be_printf(b, "\n");
}

static int is_bra(const minst *mi) { return mi->op == HISA_OP_BRA; }

/* A block that only branches on (its other instructions print nothing):
 * branches to it can go straight to its target.  Returns the target or -1. */
static int trampoline_target(const emitter *e, const mblock *bl) {
    if (!bl->n || !is_bra(&bl->insts[bl->n - 1]) || bl->insts[bl->n - 1].guard != HISA_PT)
        return -1;
    for (int k = 0; k < bl->n - 1; k++) {
        const minst *mi = &bl->insts[k];
        if (mi->op == MI_UNDEF)
            continue;
        if (mi->op == MI_COPY && mi->o[1].reg > 0 && phys(e, &mi->o[0]) == phys(e, &mi->o[1]))
            continue;
        return -1;
    }
    return (int)bl->insts[bl->n - 1].o[0].imm;
}

/* Can control run off the end of the block into the next one? */
static int falls_through(const mblock *bl) {
    if (!bl->n)
        return 1;
    const minst *last = &bl->insts[bl->n - 1];
    if (last->guard != HISA_PT)
        return 1;
    return !(last->op == HISA_OP_BRA || last->op == HISA_OP_EXIT || last->op == HISA_OP_RET ||
             last->op == MI_EPILOGUE);
}

/* Retargets branches past trampolines and returns the blocks to emit (in
 * layout order): trampolines nothing reaches any more are left out. */
static int *emitted_blocks(emitter *e, int *count) {
    mfunc *mf = e->mf;
    int *final = be_alloc(e->b, (size_t)mf->nblocks * sizeof *final);
    for (int i = 0; i < mf->nblocks; i++) {
        int t = i;
        for (int hops = 0; hops < 16; hops++) {
            int n = trampoline_target(e, &mf->blocks[t]);
            if (n < 0 || n == t)
                break;
            t = n;
        }
        final[i] = t;
    }
    for (int i = 0; i < mf->nblocks; i++)
        for (int k = 0; k < mf->blocks[i].n; k++)
            for (int o = 0; o < mf->blocks[i].insts[k].nops; o++)
                if (mf->blocks[i].insts[k].o[o].kind == MO_BLOCK)
                    mf->blocks[i].insts[k].o[o].imm = final[mf->blocks[i].insts[k].o[o].imm];
    int *out = be_alloc(e->b, (size_t)mf->nblocks * sizeof *out), n = 0;
    for (int li = 0; li < mf->nblocks; li++) {
        int bi = mf->layout[li];
        int reachable_by_fall = n == 0 || falls_through(&mf->blocks[out[n - 1]]);
        if (li > 0 && !reachable_by_fall && final[bi] != bi)
            continue; /* a trampoline every branch now skips */
        out[n++] = bi;
    }
    be_free(e->b, final);
    *count = n;
    return out;
}

void be_emit_function(be *b, mfunc *mf, LLVMValueRef fn) {
    (void)fn;
    emitter e = {.b = b, .mf = mf, .fid = fn_counter++, .dyn_base = (mf->shared_bytes + 15) / 16 * 16};
    be_printf(b, "\n%s %s\n", mf->is_kernel ? ".kernel" : ".func", mf->name);
    if (mf->is_kernel) {
        /* a kernel's frame sits above the call stack, which grows down from it */
        e.local_base = mf->makes_calls ? b->stack_bytes : 0;
        for (unsigned i = 0; i < mf->nparams; i++)
            be_printf(b, ".param %u, %u\n", mf->params[i].offset, mf->params[i].size);
        be_printf(b, ".params %u\n", mf->param_bytes);
        if (mf->max_threads)
            be_printf(b, ".maxthreads %u\n", mf->max_threads);
        if (e.dyn_base)
            be_printf(b, ".shared %u\n", e.dyn_base);
        unsigned local = e.local_base + (mf->frame_bytes + 7) / 8 * 8;
        if (local)
            be_printf(b, ".local %u\n", local);
        if (!mf->makes_calls) /* with calls the assembler counts the callees' registers too */
            be_printf(b, ".regs %u\n", mf->nregs < 2 && mf->frame_bytes ? 2 : mf->nregs);
    } else {
        e.saves = mf->nregs > 2 ? mf->nregs - 2 : 0;
        /* allocas are aligned relative to the frame (up to 16 bytes, float4 and
         * the like): the frame starts 16-aligned and every frame is a multiple
         * of 16, so R1 stays 16-aligned from the kernel's 1024 down */
        e.local_base = (e.saves * 4 + 15) / 16 * 16;
        unsigned below_args = e.local_base + (mf->frame_bytes + 7) / 8 * 8 + 8;
        below_args = (below_args + mf->argarea + 15) / 16 * 16 - mf->argarea;
        e.frame_size = below_args + mf->argarea;
        e.args_base = below_args;
    }
    uint32_t line = 0;
    if (!mf->is_kernel)
        print_prologue(&e);
    else if (mf->makes_calls)
        be_printf(b, "    MOV R1, 0x%x\n", b->stack_bytes); /* the stack pointer */
    int nemit;
    int *order = emitted_blocks(&e, &nemit);
    for (int li = 0; li < nemit; li++) {
        mblock *bl = &mf->blocks[order[li]];
        int next = li + 1 < nemit ? order[li + 1] : -1;
        be_printf(b, ".Lf%db%d:\n", e.fid, bl->label);
        int n = bl->n, skip_last = 0, invert = -1;
        /* fall-through peepholes on the block's final branches */
        if (n >= 1 && is_bra(&bl->insts[n - 1]) && bl->insts[n - 1].guard == HISA_PT &&
            bl->insts[n - 1].o[0].imm == next) {
            skip_last = 1;
        } else if (n >= 2 && is_bra(&bl->insts[n - 1]) && bl->insts[n - 1].guard == HISA_PT &&
                   is_bra(&bl->insts[n - 2]) && bl->insts[n - 2].o[0].imm == next) {
            invert = n - 2; /* @P BRA next; BRA x  ->  @!P BRA x */
        }
        for (int k = 0; k < n - skip_last; k++) {
            minst *mi = &bl->insts[k];
            if (b->opts->line_info && mi->line && mi->line != line) {
                line = mi->line;
                be_printf(b, ".line \"");
                for (const char *c = mf->lines[line].file; *c; c++) /* escape as the assembler reads it */
                    be_printf(b, *c == '"' || *c == '\\' ? "\\%c" : (unsigned char)*c < 32 ? "\\x%02x" : "%c", *c);
                be_printf(b, "\" %u %u\n", mf->lines[line].line, mf->lines[line].col);
            }
            if (k == invert) {
                minst m = bl->insts[n - 1];
                m.guard = mi->guard;
                print_inst(&e, &m, 1);
                break;
            }
            print_inst(&e, mi, 0);
        }
    }
    be_free(b, order);
    be_printf(b, ".end\n");
}

void be_mfunc_free(be *b, mfunc *mf) {
    for (int i = 0; i < mf->nblocks; i++)
        be_free(b, mf->blocks[i].insts);
    for (int i = 1; i < mf->nlines; i++)
        be_free(b, (char *)mf->lines[i].file);
    be_free(b, mf->blocks);
    be_free(b, mf->layout);
    be_free(b, mf->vwords);
    be_free(b, mf->phys);
    be_free(b, mf->params);
    be_free(b, mf->lines);
    memset(mf, 0, sizeof *mf);
}
