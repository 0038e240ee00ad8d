/* hisa_format.c -- one instruction to assembler text (the disassembler's core). */
#include "hisa/hisa.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct out {
    char *buf;
    size_t size, len;
} out;

static void emit(out *o, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->len < o->size ? o->size - o->len : 0;
    int n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n;
}

static void emit_reg(out *o, unsigned r) {
    if (r == HISA_RZ)
        emit(o, "RZ");
    else
        emit(o, "R%u", r);
}

static void emit_pred(out *o, unsigned p) {
    if (p & HISA_PRED_NEG)
        emit(o, "!");
    if ((p & 7) == HISA_PT)
        emit(o, "PT");
    else
        emit(o, "P%u", p & 7);
}

/* Integers print in decimal when short, hex otherwise; float-class operands
 * print as a float literal when that reads back to the same bits. */
static void emit_imm(out *o, uint32_t v, int is_float) {
    if (is_float) {
        float f;
        memcpy(&f, &v, 4);
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%.9g", (double)f);
        float back = strtof(tmp, NULL);
        if (memcmp(&back, &f, 4) == 0 && f == f && f - f == 0) {
            emit(o, "%s%s", tmp, strpbrk(tmp, ".e") ? "" : ".0");
            return;
        }
        /* NaN and infinity: raw bits, always hex (a decimal literal in a
         * float operand means a float value to the assembler) */
        emit(o, "0x%x", v);
        return;
    }
    int32_t s = (int32_t)v;
    if (s > -65536 && s < 65536)
        emit(o, "%d", s);
    else
        emit(o, "0x%x", v);
}

static int float_operands(const hisa_info *info) {
    switch (info->cls) {
    case HISA_CLASS_FP32: case HISA_CLASS_FP32D: case HISA_CLASS_SFU: case HISA_CLASS_FP64:
    case HISA_CLASS_HALF:
        return 1;
    default:
        return 0;
    }
}

size_t hisa_format(const hisa_insn *in, char *buf, size_t size, hisa_label_fn label_of, void *ctx) {
    out o = {buf, size, 0};
    if (size)
        buf[0] = 0;
    const hisa_info *info = hisa_info_of(in->op);
    if (!info) {
        emit(&o, ".invalid 0x%x", in->op);
        return o.len;
    }
    if (in->guard != HISA_PT) {
        emit(&o, "@");
        emit_pred(&o, in->guard);
        emit(&o, " ");
    }
    emit(&o, "%s", info->mnemonic);
    for (unsigned g = 0; g < HISA_MG_COUNT; g++) {
        if (!(info->modgroups & (1u << g)))
            continue;
        unsigned v = hisa_mod_get(in->mods, (hisa_modgroup_id)g);
        int both_types = (g == HISA_MG_TYPE || g == HISA_MG_TYPE2) && (info->modgroups & MG_TYPE2);
        if (v || hisa_modgroups[g].always_print || both_types)
            emit(&o, ".%s", hisa_modgroups[g].names[v]);
    }
    int fl = float_operands(info);
    unsigned bool_op = (info->modgroups & MG_BOOL) ? hisa_mod_get(in->mods, HISA_MG_BOOL) : 0;
    for (unsigned i = 0; i < info->nopnd; i++) {
        char k = info->opnd[i];
        if (info->optional[i]) {
            if (k == 'q' && in->ps == HISA_PT && bool_op == 0)
                break;
            if (k == 'c' && in->cimm && in->immc == 0)
                break;
        }
        emit(&o, i ? ", " : " ");
        switch (k) {
        case 'd': emit_reg(&o, in->rd); break;
        case 'a': emit_reg(&o, in->ra); break;
        case 'e': emit_reg(&o, in->rb); break;
        case 'r': emit_reg(&o, in->rc); break;
        case 'b':
            if (in->bimm)
                emit_imm(&o, in->immb, fl);
            else
                emit_reg(&o, in->rb);
            break;
        case 'c':
            if (in->cimm)
                emit_imm(&o, (uint32_t)in->immc, 0);
            else
                emit_reg(&o, in->rc);
            break;
        case 'p': emit_pred(&o, in->pd); break;
        case 'q': emit_pred(&o, in->ps); break;
        case 'x': emit_pred(&o, in->ra); break;
        case 'y': emit_pred(&o, in->rb); break;
        case 'm':
            emit(&o, "[");
            emit_reg(&o, in->ra);
            if (in->immc > 0)
                emit(&o, "+0x%x", (unsigned)in->immc);
            else if (in->immc < 0)
                emit(&o, "-0x%x", (unsigned)-in->immc);
            emit(&o, "]");
            break;
        case 't': {
            const char *l = label_of ? label_of(ctx, in->immb) : NULL;
            if (l)
                emit(&o, "%s", l);
            else
                emit(&o, "0x%x", in->immb);
            break;
        }
        case 's':
            if (in->immb < HISA_SR_COUNT)
                emit(&o, "%s", hisa_sreg_names[in->immb]);
            else
                emit(&o, "SR_%u", in->immb);
            break;
        case 'k': emit(&o, "0x%x", in->mods & ((1u << HISA_K_BITS) - 1)); break;
        default: break;
        }
    }
    return o.len;
}
