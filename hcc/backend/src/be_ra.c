/* be_ra.c -- dead-code removal and register allocation.
 *
 * Liveness is the usual backward dataflow over the MIR blocks; each vreg
 * then gets one interval [first, last] position in layout order (extended
 * over every block it is live through), and a linear scan assigns each
 * interval the lowest run of free registers of its width.  A copy whose
 * source dies at the copy gets the source's register, so the copies that
 * phis and casts produce mostly vanish.  Running out of registers is
 * reported (spilling is future work: 254 registers per thread rarely run
 * out for the kernels clang produces). */
#include <stdlib.h>
#include <string.h>

#include "be.h"
#include "be_util.h"

const char *be_op_letters(unsigned op) {
    if (op == MI_COPY)
        return "da";
    if (op == MI_UNDEF)
        return "d";
    if (op == MI_EPILOGUE)
        return "";
    static char letters[HISA_OP_COUNT][HISA_MAX_OPERANDS + 1];
    if (!letters[op][0]) {
        const hisa_info *in = hisa_info_of(op);
        memcpy(letters[op], in->opnd, in->nopnd);
        if (!in->nopnd)
            letters[op][0] = '-';
    }
    return letters[op][0] == '-' ? "" : letters[op];
}

/* Calls fn for every vreg the instruction reads (is_def 0) and writes
 * (is_def 1; partial writes are reported as both). */
typedef void (*vreg_visit)(void *ctx, int vreg, int is_def);

static void visit(const minst *mi, vreg_visit fn, void *ctx) {
    const char *l = be_op_letters(mi->op);
    /* the reads first: an instruction may read the vreg it writes (after
     * copy coalescing, or a partial write), and a visitor that tracks
     * upward-exposed uses must see the read before the write */
    for (int k = 0; k < mi->nops && l[k]; k++) {
        const mopnd *o = &mi->o[k];
        if (o->kind == MO_MEM && o->reg > 0)
            fn(ctx, o->reg, 0);
        if (o->kind != MO_VREG || o->reg <= 0)
            continue;
        if (l[k] != 'd' || o->sub != 0 || mi->guard != HISA_PT) /* partial writes read the rest */
            fn(ctx, o->reg, 0);
    }
    for (int k = 0; k < mi->nops && l[k]; k++) {
        const mopnd *o = &mi->o[k];
        if (o->kind == MO_VREG && o->reg > 0 && l[k] == 'd')
            fn(ctx, o->reg, 1);
    }
}

/* Instructions that may be deleted when their result is unused. */
static int pure(const minst *mi) {
    if (mi->op == MI_COPY || mi->op == MI_UNDEF)
        return 1;
    if (mi->op == MI_EPILOGUE)
        return 0;
    switch (hisa_info_of(mi->op)->cls) {
    case HISA_CLASS_INT: case HISA_CLASS_IMUL: case HISA_CLASS_IDIV: case HISA_CLASS_FP32:
    case HISA_CLASS_FP32D: case HISA_CLASS_SFU: case HISA_CLASS_FP64: case HISA_CLASS_HALF:
    case HISA_CLASS_CONV: case HISA_CLASS_LDC: case HISA_CLASS_LDS: case HISA_CLASS_LDG:
    case HISA_CLASS_LDL: case HISA_CLASS_LD:
        return mi->op != HISA_OP_TRAP;
    case HISA_CLASS_MISC:
        return mi->op == HISA_OP_S2R;
    default:
        return 0;
    }
}

/* Reads through source operands (a partial write's implied read does not
 * keep a value alive: if nothing else reads it, all its writes go). */
static void count_reads(const minst *mi, int *uses) {
    const char *l = be_op_letters(mi->op);
    for (int k = 0; k < mi->nops && l[k]; k++) {
        const mopnd *o = &mi->o[k];
        if ((o->kind == MO_MEM || (o->kind == MO_VREG && l[k] != 'd')) && o->reg > 0)
            uses[o->reg]++;
    }
}

static int first_def(const minst *mi) {
    const char *l = be_op_letters(mi->op);
    for (int k = 0; k < mi->nops && l[k]; k++)
        if (l[k] == 'd' && mi->o[k].kind == MO_VREG && mi->o[k].reg > 0)
            return mi->o[k].reg;
    return 0;
}

static int has_pred_def(const minst *mi) {
    return strchr(be_op_letters(mi->op), 'p') != NULL;
}

static void dead_code(be *b, mfunc *mf) {
    int *uses = be_alloc(b, (size_t)(mf->nvregs + 1) * sizeof *uses);
    for (int changed = 1; changed;) {
        changed = 0;
        memset(uses, 0, (size_t)(mf->nvregs + 1) * sizeof *uses);
        for (int i = 0; i < mf->nblocks; i++)
            for (int k = 0; k < mf->blocks[i].n; k++)
                count_reads(&mf->blocks[i].insts[k], uses);
        for (int i = 0; i < mf->nblocks; i++) {
            mblock *bl = &mf->blocks[i];
            int w = 0;
            for (int k = 0; k < bl->n; k++) {
                minst *mi = &bl->insts[k];
                int d = first_def(mi);
                if (pure(mi) && d && !uses[d] && !has_pred_def(mi)) {
                    changed = 1;
                    continue;
                }
                bl->insts[w++] = *mi;
            }
            bl->n = w;
        }
    }
    be_free(b, uses);
}

/* ---- constants out of loops --------------------------------------------------------------
 * isel materialises a constant where it is used, so a constant that no
 * instruction can take as an immediate (FDIV's dividend, a 64-bit value)
 * costs a MOV in every iteration of the loop around it.  Such a MOV -- no
 * inputs, unpredicated, the only write of its vreg -- may as well run once
 * in the entry block.  A few at most, innermost loops first, so that the
 * longer live ranges do not cost spills. */

enum { HOIST_MAX = 8 };

static void count_defs(void *ctx, int v, int is_def) {
    if (is_def)
        ((int *)ctx)[v]++;
}

static int hoistable(const mfunc *mf, const minst *mi, const int *defs) {
    if (mi->guard != HISA_PT || mi->nops != 2 || mi->o[0].kind != MO_VREG || mi->o[0].sub != 0 ||
        mi->o[1].kind != MO_IMM || mi->o[1].frame != FRAME_NONE)
        return 0;
    int v = mi->o[0].reg;
    return v > 0 && defs[v] == 1 &&
           ((mi->op == HISA_OP_MOV && mf->vwords[v] == 1) || (mi->op == HISA_OP_MOV64 && mf->vwords[v] == 2));
}

static void hoist_constants(be *b, mfunc *mf) {
    int nb = mf->nblocks, *pos = be_alloc(b, (size_t)nb * sizeof *pos);
    int *depth = be_alloc(b, (size_t)nb * sizeof *depth); /* by layout position */
    int *defs = be_alloc(b, (size_t)(mf->nvregs + 1) * sizeof *defs);
    memset(depth, 0, (size_t)nb * sizeof *depth);
    memset(defs, 0, (size_t)(mf->nvregs + 1) * sizeof *defs);
    for (int li = 0; li < nb; li++)
        pos[mf->layout[li]] = li;
    /* loops are contiguous in the layout: a back edge u -> h spans them */
    for (int li = 0; li < nb; li++) {
        const mblock *bl = &mf->blocks[mf->layout[li]];
        for (int k = 0; k < bl->nsucc; k++)
            if (pos[bl->succ[k]] <= li)
                for (int p = pos[bl->succ[k]]; p <= li; p++)
                    depth[p]++;
        for (int k = 0; k < bl->n; k++)
            visit(&bl->insts[k], count_defs, defs);
    }
    mblock *entry = &mf->blocks[mf->layout[0]];
    for (int moved = 0, d = nb; d > 0 && moved < HOIST_MAX; d--) { /* deepest loops first */
        for (int li = 1; li < nb && moved < HOIST_MAX; li++) {
            if (depth[li] != d)
                continue;
            mblock *bl = &mf->blocks[mf->layout[li]];
            for (int k = 0; k < bl->n && moved < HOIST_MAX; k++) {
                if (!hoistable(mf, &bl->insts[k], defs))
                    continue;
                minst mi = bl->insts[k];
                memmove(&bl->insts[k], &bl->insts[k + 1], (size_t)(bl->n - k - 1) * sizeof mi);
                bl->n--, k--;
                entry->insts = be_grow(b, entry->insts, &entry->cap, entry->n + 1, sizeof mi);
                memmove(&entry->insts[1], &entry->insts[0], (size_t)entry->n * sizeof mi);
                entry->insts[0] = mi;
                entry->n++, moved++;
            }
        }
    }
    be_free(b, defs);
    be_free(b, depth);
    be_free(b, pos);
}

/* ---- liveness and intervals ------------------------------------------------------------- */

typedef struct live_ctx {
    uint64_t *use, *def;
} live_ctx;

static void block_use_def(void *ctx, int v, int is_def) {
    live_ctx *c = ctx;
    if (is_def)
        bs_set(c->def, (size_t)v);
    else if (!bs_test(c->def, (size_t)v))
        bs_set(c->use, (size_t)v);
}

typedef struct span_ctx {
    int *start, *end;
    int pos;
} span_ctx;

static void extend(void *ctx, int v, int is_def) {
    (void)is_def;
    span_ctx *c = ctx;
    if (c->start[v] < 0 || c->pos < c->start[v])
        c->start[v] = c->pos;
    if (c->pos > c->end[v])
        c->end[v] = c->pos;
}

static int *g_start; /* for qsort */
static int by_start(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return g_start[x] != g_start[y] ? (g_start[x] < g_start[y] ? -1 : 1) : (x < y ? -1 : x > y);
}

typedef struct liveness {
    size_t words;     /* uint64_t per block set */
    uint64_t *in, *out;
} liveness;

static void compute_liveness(be *b, mfunc *mf, liveness *lv) {
    int nv = mf->nvregs + 1, nb = mf->nblocks;
    size_t words = bs_words((size_t)nv);
    uint64_t *use = be_alloc(b, (size_t)nb * words * 8), *def = be_alloc(b, (size_t)nb * words * 8);
    uint64_t *in = be_alloc(b, (size_t)nb * words * 8), *out = be_alloc(b, (size_t)nb * words * 8);
    for (int i = 0; i < nb; i++) {
        live_ctx c = {use + (size_t)i * words, def + (size_t)i * words};
        for (int k = 0; k < mf->blocks[i].n; k++)
            visit(&mf->blocks[i].insts[k], block_use_def, &c);
    }
    for (int changed = 1; changed;) {
        changed = 0;
        for (int li = nb - 1; li >= 0; li--) {
            int i = mf->layout[li];
            uint64_t *o = out + (size_t)i * words, *n = in + (size_t)i * words;
            for (int sidx = 0; sidx < mf->blocks[i].nsucc; sidx++) {
                const uint64_t *si = in + (size_t)mf->blocks[i].succ[sidx] * words;
                for (size_t w = 0; w < words; w++)
                    o[w] |= si[w];
            }
            for (size_t w = 0; w < words; w++) {
                uint64_t v = use[(size_t)i * words + w] | (o[w] & ~def[(size_t)i * words + w]);
                if (v != n[w]) {
                    n[w] = v;
                    changed = 1;
                }
            }
        }
    }
    be_free(b, use);
    be_free(b, def);
    *lv = (liveness){words, in, out};
}

static void free_liveness(be *b, liveness *lv) {
    be_free(b, lv->in);
    be_free(b, lv->out);
}

/* ---- copy coalescing ----------------------------------------------------------------------
 * A copy d = s whose two sides never hold different live values at once can
 * use one register: rename d to s and drop the copy.  d and s interfere when
 * one is written while the other is live (other than by the copy itself).
 * Each round merges a vreg at most once and recomputes liveness, so chains
 * of merges stay correct. */

typedef struct cand {
    int d, s, interferes;
} cand;

typedef struct inst_regs {
    int defs[HISA_MAX_OPERANDS], ndefs, full[HISA_MAX_OPERANDS];
    int uses[HISA_MAX_OPERANDS + 1], nuses;
} inst_regs;

static void collect(void *ctx, int v, int is_def) {
    inst_regs *r = ctx;
    if (is_def)
        r->defs[r->ndefs++] = v;
    else if (r->nuses <= HISA_MAX_OPERANDS)
        r->uses[r->nuses++] = v;
}

static int coalesce_round(be *b, mfunc *mf) {
    int nv = mf->nvregs + 1;
    cand *c = NULL;
    int nc = 0, cap = 0;
    int *first = be_alloc(b, (size_t)nv * sizeof(int)); /* a vreg's candidate pairs: linked by next */
    for (int v = 0; v < nv; v++)
        first[v] = -1;
    int *next = NULL;
    int ncap = 0;
    for (int i = 0; i < mf->nblocks; i++)
        for (int k = 0; k < mf->blocks[i].n; k++) {
            minst *mi = &mf->blocks[i].insts[k];
            int d = mi->o[0].reg, sreg = mi->o[1].reg;
            if (mi->op != MI_COPY || d <= 0 || sreg <= 0 || d == sreg || mi->o[0].sub || mi->o[1].sub ||
                mi->guard != HISA_PT || mf->vwords[d] != mf->vwords[sreg])
                continue;
            c = be_grow(b, c, &cap, nc + 1, sizeof *c);
            next = be_grow(b, next, &ncap, 2 * nc + 2, sizeof *next);
            c[nc] = (cand){d, sreg, 0};
            next[2 * nc] = first[d], first[d] = 2 * nc;
            next[2 * nc + 1] = first[sreg], first[sreg] = 2 * nc + 1;
            nc++;
        }
    int merged = 0;
    if (nc) {
        liveness lv;
        compute_liveness(b, mf, &lv);
        uint64_t *live = be_alloc(b, lv.words * 8);
        for (int i = 0; i < mf->nblocks; i++) {
            memcpy(live, lv.out + (size_t)i * lv.words, lv.words * 8);
            for (int k = mf->blocks[i].n - 1; k >= 0; k--) {
                minst *mi = &mf->blocks[i].insts[k];
                inst_regs r = {.ndefs = 0};
                visit(mi, collect, &r);
                for (int x = 0; x < r.ndefs; x++) {
                    int v = r.defs[x];
                    for (int e = first[v]; e >= 0; e = next[e]) {
                        cand *p = &c[e / 2];
                        int u = p->d == v ? p->s : p->d;
                        int is_the_copy = mi->op == MI_COPY && mi->o[0].reg == v && mi->o[1].reg == u;
                        if (bs_test(live, (size_t)u) && !is_the_copy)
                            p->interferes = 1;
                    }
                }
                for (int x = 0; x < r.ndefs; x++) {
                    int partial = 0;
                    for (int y = 0; y < r.nuses; y++)
                        partial |= r.uses[y] == r.defs[x];
                    if (!partial)
                        bs_clear(live, (size_t)r.defs[x]);
                }
                for (int y = 0; y < r.nuses; y++)
                    bs_set(live, (size_t)r.uses[y]);
            }
        }
        be_free(b, live);
        free_liveness(b, &lv);
        /* merge: each vreg takes part in one merge per round */
        int *rename = be_alloc(b, (size_t)nv * sizeof(int));
        char *touched = be_alloc(b, (size_t)nv);
        for (int v = 0; v < nv; v++)
            rename[v] = v;
        for (int i = 0; i < nc; i++) {
            if (c[i].interferes || touched[c[i].d] || touched[c[i].s])
                continue;
            rename[c[i].d] = c[i].s;
            touched[c[i].d] = touched[c[i].s] = 1;
            merged++;
        }
        for (int i = 0; merged && i < mf->nblocks; i++) {
            mblock *bl = &mf->blocks[i];
            int w = 0;
            for (int k = 0; k < bl->n; k++) {
                minst *mi = &bl->insts[k];
                for (int o = 0; o < mi->nops; o++)
                    if ((mi->o[o].kind == MO_VREG || mi->o[o].kind == MO_MEM) && mi->o[o].reg > 0)
                        mi->o[o].reg = rename[mi->o[o].reg];
                if (mi->op == MI_COPY && mi->o[0].reg == mi->o[1].reg && mi->o[0].sub == mi->o[1].sub)
                    continue;
                bl->insts[w++] = *mi;
            }
            bl->n = w;
        }
        be_free(b, rename);
        be_free(b, touched);
    }
    be_free(b, c);
    be_free(b, next);
    be_free(b, first);
    return merged;
}

/* ---- spilling ---------------------------------------------------------------------------
 * A vreg the scan could not place lives in a frame slot: each instruction
 * that reads it reloads it into a fresh short-lived vreg first, each that
 * writes it stores that vreg back after.  The fresh vregs are never
 * spilled, so allocation converges. */

static int add_vreg(be *b, mfunc *mf, int words) {
    mf->vwords = be_grow(b, mf->vwords, &mf->vcap, mf->nvregs + 2, 1);
    mf->vwords[++mf->nvregs] = (uint8_t)words;
    return mf->nvregs;
}

static mopnd slot_operand(const mfunc *mf, unsigned off) {
    mopnd m = mo_mem(mf->is_kernel ? 0 : VREG_SP, 0, off);
    m.frame = FRAME_LOCAL;
    return m;
}

static void spill_rewrite(be *b, mfunc *mf, const char *spilled, char **nospill) {
    int nv0 = mf->nvregs + 1;
    unsigned *slot = be_alloc(b, (size_t)nv0 * sizeof *slot);
    for (int v = 1; v < nv0; v++)
        if (spilled[v]) {
            unsigned align = mf->vwords[v] >= 2 ? 8 : 4;
            mf->frame_bytes = (mf->frame_bytes + align - 1) / align * align;
            slot[v] = mf->frame_bytes;
            mf->frame_bytes += 4u * mf->vwords[v];
        }
    for (int i = 0; i < mf->nblocks; i++) {
        mblock *bl = &mf->blocks[i];
        minst *out = NULL;
        int n = 0, cap = 0;
        for (int k = 0; k < bl->n; k++) {
            minst mi = bl->insts[k];
            if (mi.op == MI_UNDEF && mi.o[0].reg > 0 && spilled[mi.o[0].reg])
                continue;
            const char *l = be_op_letters(mi.op);
            int map_from[HISA_MAX_OPERANDS], map_to[HISA_MAX_OPERANDS], reads[HISA_MAX_OPERANDS],
                writes[HISA_MAX_OPERANDS], nm = 0;
            for (int o = 0; o < mi.nops && l[o]; o++) {
                mopnd *op = &mi.o[o];
                if ((op->kind != MO_VREG && op->kind != MO_MEM) || op->reg <= 0 || op->reg >= nv0 || !spilled[op->reg])
                    continue;
                int m = 0;
                while (m < nm && map_from[m] != op->reg)
                    m++;
                if (m == nm) {
                    map_from[nm] = op->reg;
                    map_to[nm] = add_vreg(b, mf, mf->vwords[op->reg]);
                    *nospill = be_realloc(b, *nospill, (size_t)mf->nvregs + 1);
                    (*nospill)[map_to[nm]] = 1;
                    reads[nm] = writes[nm] = 0;
                    nm++;
                }
                int is_def = op->kind == MO_VREG && l[o] == 'd';
                if (is_def) {
                    writes[m] = 1;
                    reads[m] |= op->sub != 0 || mi.guard != HISA_PT || mf->vwords[op->reg] > 1;
                } else {
                    reads[m] = 1;
                }
                op->reg = map_to[m];
            }
            int need = n + 1 + 16 * nm;
            out = be_grow(b, out, &cap, need, sizeof *out);
            for (int m = 0; m < nm; m++)
                for (int w = 0; reads[m] && w < mf->vwords[map_to[m]]; w++)
                    out[n++] = (minst){.op = HISA_OP_LDL, .guard = HISA_PT, .nops = 2, .line = mi.line,
                                       .o = {mo_vsub(map_to[m], w), slot_operand(mf, slot[map_from[m]] + 4u * w)}};
            out[n++] = mi;
            for (int m = 0; m < nm; m++)
                for (int w = 0; writes[m] && w < mf->vwords[map_to[m]]; w++)
                    out[n++] = (minst){.op = HISA_OP_STL, .guard = HISA_PT, .nops = 2, .line = mi.line,
                                       .o = {slot_operand(mf, slot[map_from[m]] + 4u * w), mo_vsub(map_to[m], w)}};
        }
        be_free(b, bl->insts);
        bl->insts = out;
        bl->n = n;
        bl->cap = cap;
    }
    be_free(b, slot);
}

static int scan(be *b, mfunc *mf, char **nospill);

void be_regalloc(be *b, mfunc *mf) {
    dead_code(b, mf);
    hoist_constants(b, mf);
    for (int round = 0; round < 16 && coalesce_round(b, mf); round++)
        ;
    char *nospill = be_alloc(b, (size_t)mf->nvregs + 1);
    for (int round = 0; scan(b, mf, &nospill); round++)
        if (round == 64)
            be_error(b, NULL, "%s: register allocation did not converge", mf->name);
    be_free(b, nospill);
}

/* One linear scan; returns 1 if it spilled (the code was rewritten and the
 * scan must run again). */
static int scan(be *b, mfunc *mf, char **nospill) {
    int nv = mf->nvregs + 1, nb = mf->nblocks;
    liveness lv;
    compute_liveness(b, mf, &lv);
    size_t words = lv.words;
    uint64_t *in = lv.in, *out = lv.out;
    /* intervals in layout positions */
    span_ctx sc = {be_alloc(b, (size_t)nv * sizeof(int)), be_alloc(b, (size_t)nv * sizeof(int)), 0};
    for (int v = 0; v < nv; v++)
        sc.start[v] = -1, sc.end[v] = -1;
    for (int li = 0; li < nb; li++) {
        int i = mf->layout[li], first = sc.pos;
        for (int k = 0; k < mf->blocks[i].n; k++, sc.pos++)
            visit(&mf->blocks[i].insts[k], extend, &sc);
        int last = sc.pos > first ? sc.pos - 1 : first;
        if (sc.pos == first)
            sc.pos++; /* an empty block still occupies a position */
        for (int v = 1; v < nv; v++) {
            if (bs_test(in + (size_t)i * words, (size_t)v)) {
                int p = first;
                extend(&(span_ctx){sc.start, sc.end, p}, v, 0);
            }
            if (bs_test(out + (size_t)i * words, (size_t)v)) {
                extend(&(span_ctx){sc.start, sc.end, last}, v, 0);
            }
        }
    }
    /* copy hints: position of each copy whose source could share a register */
    int *hint = be_alloc(b, (size_t)nv * sizeof(int));
    {
        int pos = 0;
        for (int li = 0; li < nb; li++) {
            mblock *bl = &mf->blocks[mf->layout[li]];
            for (int k = 0; k < bl->n; k++, pos++) {
                minst *mi = &bl->insts[k];
                if (mi->op == MI_COPY && mi->o[1].reg > 0 && mi->o[0].reg > 0 &&
                    mf->vwords[mi->o[0].reg] == mf->vwords[mi->o[1].reg] &&
                    sc.start[mi->o[0].reg] == pos && sc.end[mi->o[1].reg] == pos)
                    hint[mi->o[0].reg] = mi->o[1].reg;
            }
            if (!bl->n)
                pos++;
        }
    }
    /* linear scan */
    int *order = be_alloc(b, (size_t)nv * sizeof(int)), n = 0;
    for (int v = 1; v < nv; v++)
        if (sc.start[v] >= 0)
            order[n++] = v;
    g_start = sc.start;
    qsort(order, (size_t)n, sizeof *order, by_start);
    be_free(b, mf->phys);
    mf->phys = be_alloc(b, (size_t)nv * sizeof(int));
    char *spilled = be_alloc(b, (size_t)nv);
    int nspilled = 0;
    int *owner = be_alloc(b, HISA_NUM_GPRS * sizeof(int)); /* vreg holding each register, 0 = free */
    int *active = be_alloc(b, (size_t)(n + 1) * sizeof(int)), na = 0;
    unsigned top = 0;
    for (int i = 0; i < n; i++) {
        int v = order[i], w = mf->vwords[v];
        /* expire intervals that ended before this one starts */
        int keep = 0;
        for (int a = 0; a < na; a++) {
            int u = active[a];
            if (sc.end[u] < sc.start[v] ||
                (hint[v] == u && sc.end[u] == sc.start[v])) { /* the copy's source dies here */
                for (int r = 0; r < mf->vwords[u]; r++)
                    if (owner[mf->phys[u] + r] == u)
                        owner[mf->phys[u] + r] = 0;
            } else {
                active[keep++] = u;
            }
        }
        na = keep;
        int base = -1;
        if (hint[v] && sc.start[hint[v]] >= 0) {
            int h = mf->phys[hint[v]], ok = 1;
            for (int r = 0; r < w && ok; r++)
                ok = h + r < HISA_NUM_GPRS && !owner[h + r];
            if (ok)
                base = h;
        }
        for (;;) {
            for (int r = 0; base < 0 && r + w <= HISA_NUM_GPRS; r++) {
                int ok = 1;
                for (int k = 0; k < w && ok; k++)
                    ok = !owner[r + k] && !(mf->uses_stack && r + k <= 1); /* R0, R1: the call ABI */
                if (ok)
                    base = r;
            }
            if (base >= 0)
                break;
            /* no room: spill the interval (active or this one) that ends last */
            int victim = v, vi = -1;
            for (int a = 0; a < na; a++) {
                int u = active[a];
                if (!(*nospill)[u] && (sc.end[u] > sc.end[victim] || (*nospill)[victim]))
                    victim = u, vi = a;
            }
            if ((*nospill)[victim])
                be_error(b, NULL, "%s: too many values live at once for %d registers", mf->name, HISA_NUM_GPRS);
            spilled[victim] = 1;
            nspilled++;
            if (vi < 0)
                break; /* v itself goes to memory */
            for (int r = 0; r < mf->vwords[victim]; r++)
                owner[mf->phys[victim] + r] = 0;
            active[vi] = active[--na];
        }
        if (base < 0)
            continue;
        for (int k = 0; k < w; k++)
            owner[base + k] = v;
        mf->phys[v] = base;
        if ((unsigned)(base + w) > top)
            top = (unsigned)(base + w);
        active[na++] = v;
    }
    mf->nregs = top ? top : 1;
    free_liveness(b, &lv);
    be_free(b, sc.start), be_free(b, sc.end), be_free(b, hint), be_free(b, order), be_free(b, owner), be_free(b, active);
    if (nspilled)
        spill_rewrite(b, mf, spilled, nospill);
    be_free(b, spilled);
    return nspilled != 0;
}
