/* hisa_encode.c -- packing and unpacking the 128-bit instruction word.
 * Only the field table below knows bit positions (see the diagram in hisa.h). */
#include "hisa/hisa.h"

#include <string.h>

typedef struct field {
    unsigned pos, width;
} field;

enum { F_OP, F_GUARD, F_RD, F_RA, F_RB, F_RC, F_PD, F_PS, F_BI, F_CI, F_MODS, F_IMMC, F_IMMB, F_COUNT };

static const field fields[F_COUNT] = {
    [F_OP] = {0, 10},   [F_GUARD] = {10, 4}, [F_RD] = {14, 8},   [F_RA] = {22, 8},
    [F_RB] = {30, 8},   [F_RC] = {38, 8},    [F_PD] = {46, 3},   [F_PS] = {49, 4},
    [F_BI] = {53, 1},   [F_CI] = {54, 1},    [F_MODS] = {55, 16}, [F_IMMC] = {71, 25},
    [F_IMMB] = {96, 32},
};

static uint64_t get(hisa_word w, int f) {
    unsigned pos = fields[f].pos, width = fields[f].width;
    unsigned __int128 v = ((unsigned __int128)w.hi << 64) | w.lo;
    return (uint64_t)(v >> pos) & ((1ull << width) - 1);
}

static void put(unsigned __int128 *v, int f, uint64_t x) {
    unsigned __int128 m = (((unsigned __int128)1 << fields[f].width) - 1);
    *v |= ((unsigned __int128)x & m) << fields[f].pos;
}

hisa_insn hisa_insn_make(hisa_opcode op) {
    hisa_insn in;
    memset(&in, 0, sizeof in);
    in.op = (uint16_t)op;
    in.guard = HISA_PT;
    in.rd = in.ra = in.rb = in.rc = HISA_RZ;
    in.pd = HISA_PT;
    in.ps = HISA_PT;
    return in;
}

hisa_word hisa_encode(const hisa_insn *in) {
    unsigned __int128 v = 0;
    put(&v, F_OP, in->op);
    put(&v, F_GUARD, in->guard);
    put(&v, F_RD, in->rd);
    put(&v, F_RA, in->ra);
    put(&v, F_RB, in->rb);
    put(&v, F_RC, in->rc);
    put(&v, F_PD, in->pd);
    put(&v, F_PS, in->ps);
    put(&v, F_BI, in->bimm);
    put(&v, F_CI, in->cimm);
    put(&v, F_MODS, in->mods);
    put(&v, F_IMMC, (uint32_t)in->immc);
    put(&v, F_IMMB, in->immb);
    hisa_word w = {(uint64_t)v, (uint64_t)(v >> 64)};
    return w;
}

/* Which fields an operand letter uses. */
enum { U_RD = 1, U_RA = 2, U_RB = 4, U_RC = 8, U_PD = 16, U_PS = 32, U_IMMB = 64, U_IMMC = 128, U_B = 256, U_C = 512 };

static unsigned usage_of(const hisa_info *info) {
    unsigned u = 0;
    for (unsigned i = 0; i < info->nopnd; i++) {
        switch (info->opnd[i]) {
        case 'd': u |= U_RD; break;
        case 'a': case 'x': u |= U_RA; break;
        case 'e': case 'y': u |= U_RB; break;
        case 'r': u |= U_RC; break;
        case 'b': u |= U_B; break;
        case 'c': u |= U_C; break;
        case 'p': u |= U_PD; break;
        case 'q': u |= U_PS; break;
        case 'm': u |= U_RA | U_IMMC; break;
        case 't': case 's': u |= U_IMMB; break;
        default: break;
        }
    }
    return u;
}

/* The register number an operand letter names, or -1 if it is not a GPR
 * (predicate, immediate, RZ). */
static int gpr_of(const hisa_insn *in, char letter) {
    unsigned r;
    switch (letter) {
    case 'd': r = in->rd; break;
    case 'a': case 'm': r = in->ra; break;
    case 'e': r = in->rb; break;
    case 'r': r = in->rc; break;
    case 'b': r = in->bimm ? HISA_RZ : in->rb; break;
    case 'c': r = in->cimm ? HISA_RZ : in->rc; break;
    default: return -1;
    }
    return r == HISA_RZ ? -1 : (int)r;
}

/* Operand values the field widths allow but the ISA does not: a register
 * pair or vector that would run into RZ, a predicate operand stored in an
 * 8-bit register field beyond P7|neg, a special register that does not
 * exist, a branch target between instructions. */
static int validate_operands(const hisa_insn *in, const hisa_info *info, const char **why) {
    for (unsigned i = 0; i < info->nopnd; i++) {
        char k = info->opnd[i];
        int r = gpr_of(in, k);
        if (r >= 0 && r + hisa_operand_regs(in, k) > HISA_NUM_GPRS)
            return *why = "register pair or vector runs past R254", -1;
        if ((k == 'x' && in->ra > 15) || (k == 'y' && in->rb > 15))
            return *why = "predicate in a register field out of range", -1;
        if (k == 's' && in->immb >= HISA_SR_COUNT)
            return *why = "special register number out of range", -1;
        if (k == 't' && in->immb % HISA_INSN_BYTES != 0)
            return *why = "branch target is not a multiple of 16 bytes", -1;
    }
    return 0;
}

int hisa_validate(const hisa_insn *in, const char **why) {
    const char *dummy;
    if (!why)
        why = &dummy;
    const hisa_info *info = hisa_info_of(in->op);
    if (!info)
        return *why = "opcode out of range", -1;
    unsigned u = usage_of(info);
    if ((in->mods & ~info->modmask) != 0)
        return *why = "modifier bits not defined for this opcode", -1;
    if (in->guard > 15 || in->ps > 15 || in->pd > 7)
        return *why = "predicate field out of range", -1;
    if (!(u & U_RD) && in->rd != HISA_RZ)
        return *why = "unused rd field is not RZ", -1;
    if (!(u & U_RA) && in->ra != HISA_RZ)
        return *why = "unused ra field is not RZ", -1;
    if (!(u & U_PD) && in->pd != HISA_PT)
        return *why = "unused pd field is not PT", -1;
    if (!(u & U_PS) && in->ps != HISA_PT)
        return *why = "unused ps field is not PT", -1;
    if (u & U_B) {
        if (in->bimm && in->rb != HISA_RZ)
            return *why = "immediate b with an rb field", -1;
        if (!in->bimm && in->immb != 0 && !(u & U_IMMB))
            return *why = "register b with a nonzero immB", -1;
    } else {
        if (in->bimm)
            return *why = "BI flag on an opcode without operand b", -1;
        if (!(u & U_RB) && in->rb != HISA_RZ)
            return *why = "unused rb field is not RZ", -1;
        if (!(u & U_IMMB) && in->immb != 0)
            return *why = "unused immB field is not zero", -1;
    }
    if (u & U_C) {
        if (in->cimm && in->rc != HISA_RZ)
            return *why = "immediate c with an rc field", -1;
        if (!in->cimm && in->immc != 0 && !(u & U_IMMC))
            return *why = "register c with a nonzero immC", -1;
    } else {
        if (in->cimm)
            return *why = "CI flag on an opcode without operand c", -1;
        if (!(u & U_RC) && in->rc != HISA_RZ)
            return *why = "unused rc field is not RZ", -1;
        if (!(u & U_IMMC) && in->immc != 0)
            return *why = "unused immC field is not zero", -1;
    }
    for (unsigned g = 0; g < HISA_MG_COUNT; g++) {
        if (!(info->modgroups & (1u << g)))
            continue;
        unsigned v = hisa_mod_get(in->mods, (hisa_modgroup_id)g), n = 0;
        while (hisa_modgroups[g].names[n])
            n++;
        if (v >= n)
            return *why = "modifier value has no name", -1;
    }
    if (in->immc < HISA_IMMC_MIN || in->immc > HISA_IMMC_MAX)
        return *why = "immC out of its 25-bit range", -1;
    return validate_operands(in, info, why);
}

int hisa_decode(hisa_word w, hisa_insn *out, const char **why) {
    hisa_insn in;
    in.op = (uint16_t)get(w, F_OP);
    in.guard = (uint8_t)get(w, F_GUARD);
    in.rd = (uint8_t)get(w, F_RD);
    in.ra = (uint8_t)get(w, F_RA);
    in.rb = (uint8_t)get(w, F_RB);
    in.rc = (uint8_t)get(w, F_RC);
    in.pd = (uint8_t)get(w, F_PD);
    in.ps = (uint8_t)get(w, F_PS);
    in.bimm = (uint8_t)get(w, F_BI);
    in.cimm = (uint8_t)get(w, F_CI);
    in.mods = (uint16_t)get(w, F_MODS);
    uint32_t c = (uint32_t)get(w, F_IMMC);
    in.immc = (int32_t)(c << 7) >> 7; /* sign-extend 25 bits */
    in.immb = (uint32_t)get(w, F_IMMB);
    if (hisa_validate(&in, why) != 0)
        return -1;
    *out = in;
    return 0;
}
