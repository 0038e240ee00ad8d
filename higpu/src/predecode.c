/* predecode.c -- turns HISA words into hg_insn records once per module.
 *
 * Register rows per warp:
 *   [0, gpr_rows)              R0.. the highest register the code touches
 *   [zero_row, zero_row + 8)   read as zero (RZ, RZ pairs, RZ fragments)
 *   [sink_row, sink_row + 8)   absorb writes to RZ
 *   [const_row, nrows)         one row per distinct immediate b/c operand
 */
#include <stdio.h>
#include <stdlib.h>

#include "module.h"

enum { SPECIAL_ROWS = 8 };

/* HI_EXEC_VARIANT=baseline forces the portable handlers on any host, so
 * the tests can check both variants on an AVX2 machine. */
static const hg_exec_fn *handler_table(void) {
    const char *force = getenv("HI_EXEC_VARIANT");
    if (force && !strcmp(force, "baseline"))
        return hg_exec_table_base;
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? hg_exec_table_v3
                                                                           : hg_exec_table_base;
}

const char *hg_exec_variant(void) {
    return handler_table() == hg_exec_table_v3 ? "x86-64-v3" : "baseline";
}

typedef struct consts {
    uint32_t *v;
    uint32_t n, cap;
} consts;

/* A row (or run of width rows) holding the value; reused when equal. */
static int const_rows(consts *c, const uint32_t *vals, uint32_t width, uint32_t *index) {
    for (uint32_t i = 0; i + width <= c->n; i++) {
        if (!memcmp(&c->v[i], vals, width * 4)) {
            *index = i;
            return 0;
        }
    }
    if (c->n + width > c->cap) {
        uint32_t cap = c->cap ? c->cap * 2 : 16;
        uint32_t *v = realloc(c->v, cap * sizeof *v);
        if (!v)
            return -1;
        c->v = v;
        c->cap = cap;
    }
    memcpy(&c->v[c->n], vals, width * 4);
    *index = c->n;
    c->n += width;
    return 0;
}

/* The value rows of an immediate operand of the given register width. */
static void imm_values(const hisa_insn *in, uint32_t raw, int is_c, uint32_t width, uint32_t *out) {
    const hisa_info *info = hisa_info_of(in->op);
    if (width == 1) {
        out[0] = raw;
        return;
    }
    uint64_t v;
    if (!is_c && info->cls == HISA_CLASS_FP64) {
        float f;
        memcpy(&f, &raw, 4);
        double d = f;
        memcpy(&v, &d, 8);
    } else {
        v = (uint64_t)(int64_t)(int32_t)raw;
    }
    out[0] = (uint32_t)v;
    out[1] = (uint32_t)(v >> 32);
}

static uint32_t highest_row(const hisa_insn *in) {
    const hisa_info *info = hisa_info_of(in->op);
    uint32_t top = 0;
    for (unsigned i = 0; i < info->nopnd; i++) {
        char k = info->opnd[i];
        unsigned reg;
        switch (k) {
        case 'd': reg = in->rd; break;
        case 'a': case 'm': reg = in->ra; break;
        case 'e': reg = in->rb; break;
        case 'r': reg = in->rc; break;
        case 'b': if (in->bimm) continue; reg = in->rb; break;
        case 'c': if (in->cimm) continue; reg = in->rc; break;
        default: continue;
        }
        if (reg == HISA_RZ)
            continue;
        uint32_t end = reg + hisa_operand_regs(in, k);
        if (end > top)
            top = end;
    }
    return top;
}

hg_status hg_predecode(hg_module *mod, const hisa_word *words, char *err, size_t errlen) {
    uint32_t n = mod->bin->ntext;
    hisa_insn *raw = calloc(n ? n : 1, sizeof *raw);
    if (!raw)
        return HG_ERR_OUT_OF_MEMORY;
    uint32_t gprs = 2; /* R1 is the stack pointer by ABI */
    for (uint32_t i = 0; i < n; i++) {
        const char *why;
        if (hisa_decode(words[i], &raw[i], &why) != 0) {
            snprintf(err, errlen, "instruction at 0x%04x: %s", i * HISA_INSN_BYTES, why);
            free(raw);
            return HG_ERR_BAD_IMAGE;
        }
        uint32_t top = highest_row(&raw[i]);
        if (top > gprs)
            gprs = top;
    }
    mod->gpr_rows = gprs;
    mod->zero_row = gprs;
    mod->sink_row = gprs + SPECIAL_ROWS;
    mod->const_row = gprs + 2 * SPECIAL_ROWS;
    mod->code = calloc(n + 1, sizeof *mod->code);
    consts cs = {0};
    hg_status st = mod->code ? HG_OK : HG_ERR_OUT_OF_MEMORY;
    const hg_exec_fn *table = handler_table();
    for (uint32_t i = 0; i < n && st == HG_OK; i++) {
        const hisa_insn *r = &raw[i];
        const hisa_info *info = hisa_info_of(r->op);
        hg_insn *d = &mod->code[i];
        d->fn = table[r->op];
        d->op = r->op;
        d->mods = r->mods;
        d->cls = (uint8_t)info->cls;
        d->gidx = r->guard & 7;
        d->gxor = (r->guard & HISA_PRED_NEG) ? HG_FULL : 0;
        d->ps = r->ps & 7;
        d->psxor = (r->ps & HISA_PRED_NEG) ? HG_FULL : 0;
        d->pd = r->pd == HISA_PT ? HG_PRED_SINK : r->pd;
        d->immb = r->immb;
        d->immc = r->immc;
        uint32_t zero = mod->zero_row, sink = mod->sink_row;
        d->d = r->rd == HISA_RZ ? sink : r->rd;
        d->a = r->ra == HISA_RZ ? zero : r->ra;
        d->b = r->rb == HISA_RZ ? zero : r->rb;
        d->c = r->rc == HISA_RZ ? zero : r->rc;
        if (memchr(info->opnd, 'x', info->nopnd))
            d->c = 0; /* PLOP: c holds the negation bits of x and y */
        for (unsigned k = 0; k < info->nopnd && st == HG_OK; k++) {
            char letter = info->opnd[k];
            uint32_t vals[2], width, idx;
            if ((letter == 'b' && r->bimm) || (letter == 'c' && r->cimm)) {
                width = hisa_operand_regs(r, letter);
                if (width > 2) {
                    snprintf(err, errlen, "instruction at 0x%04x: immediate for a %u-register operand",
                             i * HISA_INSN_BYTES, width);
                    st = HG_ERR_BAD_IMAGE;
                    break;
                }
                imm_values(r, letter == 'b' ? r->immb : (uint32_t)r->immc, letter == 'c', width, vals);
                if (const_rows(&cs, vals, width, &idx) != 0) {
                    st = HG_ERR_OUT_OF_MEMORY;
                    break;
                }
                *(letter == 'b' ? &d->b : &d->c) = mod->const_row + idx;
            } else if (letter == 'x' || letter == 'y') {
                uint8_t p = letter == 'x' ? r->ra : r->rb;
                *(letter == 'x' ? &d->a : &d->b) = p & 7;
                if (p & HISA_PRED_NEG)
                    d->c |= letter == 'x' ? 1 : 2;
            } else if (letter == 't') {
                if (r->immb % HISA_INSN_BYTES || r->immb / HISA_INSN_BYTES >= n) {
                    snprintf(err, errlen, "instruction at 0x%04x: branch target 0x%x outside .text",
                             i * HISA_INSN_BYTES, r->immb);
                    st = HG_ERR_BAD_IMAGE;
                }
                d->target = r->immb / HISA_INSN_BYTES;
            } else if (letter == 's' && r->immb >= HISA_SR_COUNT) {
                snprintf(err, errlen, "instruction at 0x%04x: unknown special register %u",
                         i * HISA_INSN_BYTES, r->immb);
                st = HG_ERR_BAD_IMAGE;
            }
        }
    }
    free(raw);
    if (st == HG_OK) {
        mod->code[n].fn = table[HISA_OP_COUNT];
        mod->code[n].gxor = 0;
        mod->code[n].gidx = HISA_PT;
        mod->ncode = n;
        mod->nrows = mod->const_row + cs.n;
        mod->const_values = cs.v;
    } else {
        free(cs.v);
    }
    return st;
}
