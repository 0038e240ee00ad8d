/* hisa_operands.c -- register widths of operands (pairs, vectors, fragments).
 * The assembler uses this to count registers, the interpreter to check that a
 * kernel's code stays inside its register budget. */
#include "hisa/hisa.h"

static unsigned type_regs(unsigned t) {
    unsigned b = hisa_type_bytes((hisa_type)t);
    return b <= 4 ? 1 : b / 4;
}

static int space_is_32bit(unsigned space) {
    return space == HISA_SPACE_SHARED || space == HISA_SPACE_LOCAL;
}

unsigned hisa_operand_regs(const hisa_insn *in, char letter) {
    unsigned t = hisa_mod_get(in->mods, HISA_MG_TYPE);
    unsigned t2 = hisa_mod_get(in->mods, HISA_MG_TYPE2);
    switch (in->op) {
    /* pairs everywhere */
    case HISA_OP_MOV64: case HISA_OP_SEL64: case HISA_OP_IADD64: case HISA_OP_ISUB64:
    case HISA_OP_IMUL64: case HISA_OP_IMULHI64: case HISA_OP_IMAD64: case HISA_OP_IDIV64:
    case HISA_OP_IREM64: case HISA_OP_IMIN64: case HISA_OP_IMAX64: case HISA_OP_IABS64:
    case HISA_OP_INEG64: case HISA_OP_AND64: case HISA_OP_OR64: case HISA_OP_XOR64:
    case HISA_OP_NOT64: case HISA_OP_BREV64: case HISA_OP_ISETP64: case HISA_OP_DADD:
    case HISA_OP_DSUB: case HISA_OP_DMUL: case HISA_OP_DFMA: case HISA_OP_DMIN:
    case HISA_OP_DMAX: case HISA_OP_DABS: case HISA_OP_DNEG: case HISA_OP_DDIV:
    case HISA_OP_DSQRT: case HISA_OP_DRND: case HISA_OP_DSETP:
        return 2;
    case HISA_OP_SHL64: case HISA_OP_SHR64:
        return letter == 'b' ? 1 : 2;
    case HISA_OP_POPC64: case HISA_OP_CLZ64:
        return letter == 'd' ? 1 : 2;
    case HISA_OP_IMULW:
        return letter == 'd' ? 2 : 1;
    case HISA_OP_IMADW:
        return (letter == 'd' || letter == 'r') ? 2 : 1;
    case HISA_OP_S2R:
        return (in->immb == HISA_SR_CLOCK64 || in->immb == HISA_SR_GLOBALTIMER) ? 2 : 1;
    case HISA_OP_CVT:
        return letter == 'd' ? type_regs(t) : type_regs(t2);
    case HISA_OP_CVTA:
        return letter == 'd' ? 2 : (space_is_32bit(hisa_mod_get(in->mods, HISA_MG_SPACE)) ? 1 : 2);
    case HISA_OP_CVTA_TO:
        return letter == 'a' ? 2 : (space_is_32bit(hisa_mod_get(in->mods, HISA_MG_SPACE)) ? 1 : 2);
    case HISA_OP_ISSPACEP:
        return 2;
    case HISA_OP_MATCH_ANY64: case HISA_OP_MATCH_ALL64:
        return letter == 'a' ? 2 : 1;
    /* memory: address width by space, data width by type */
    case HISA_OP_LDG: case HISA_OP_LD: case HISA_OP_LDC:
    case HISA_OP_STG: case HISA_OP_ST:
        return letter == 'm' || letter == 'a' ? 2 : type_regs(t);
    case HISA_OP_LDS: case HISA_OP_LDL: case HISA_OP_LDP: case HISA_OP_STS: case HISA_OP_STL:
        return letter == 'm' || letter == 'a' ? 1 : type_regs(t);
    case HISA_OP_ATOMG: case HISA_OP_ATOM: case HISA_OP_CASG: case HISA_OP_CAS:
        return letter == 'm' || letter == 'a' ? 2 : type_regs(t);
    case HISA_OP_ATOMS: case HISA_OP_CASS:
        return letter == 'm' || letter == 'a' ? 1 : type_regs(t);
    /* tensor fragments: A/B 8 halves per lane (4 regs), C/D 8 floats (8 regs) */
    case HISA_OP_WMMA_LDA: case HISA_OP_WMMA_LDB:
        return letter == 'd' ? 4 : (letter == 'm' || letter == 'a') ? 2 : 1;
    case HISA_OP_WMMA_LDC: case HISA_OP_WMMA_STD:
        if (letter == 'm' || letter == 'a')
            return 2;
        if (letter == 'b')
            return 1;
        return t == HISA_T_F16 ? 4 : 8;
    case HISA_OP_WMMA_MMA:
        if (letter == 'a' || letter == 'e')
            return 4;
        return t == HISA_T_F16 ? 4 : 8;
    default:
        return 1;
    }
}
