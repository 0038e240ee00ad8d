/* hisa_tables.c -- the instruction table and modifier names, built from hisa.def. */
#include "hisa/hisa.h"

#include <pthread.h>
#include <string.h>

static hisa_info infos[HISA_OP_COUNT] = {
#define HISA_OP(name, mnem, ops, cls, mods, sem)                                  \
    {#name, mnem, ops, HISA_CLASS_##cls, mods, sem, 0, {0}, {0}, 0},
#include "hisa/hisa.def"
};

static const char *const cmp_names[] = {"EQ",  "NE",  "LT",  "LE",  "GT",  "GE",
                                        "EQU", "NEU", "LTU", "LEU", "GTU", "GEU",
                                        "NUM", "NAN", "T",   "F",   NULL};
static const char *const bool_names[] = {"AND", "OR", "XOR", NULL};
static const char *const rnd_names[] = {"RN", "RZ", "RM", "RP", NULL};
static const char *const type_names[] = {"B32", "U8",   "S8",  "U16", "S16",
                                         "U32", "S32",  "U64", "S64", "B64",
                                         "B128", "F16", "BF16", "F32", "F64", NULL};
static const char *const atom_names[] = {"ADD", "MIN", "MAX", "INC", "DEC",
                                         "AND", "OR",  "XOR", "EXCH", NULL};
static const char *const mufu_names[] = {"RCP", "RSQ", "SQRT", "SIN",
                                         "COS", "EX2", "LG2",  "TANH", NULL};
static const char *const space_names[] = {"GLOBAL", "SHARED", "LOCAL", "CONST", NULL};
static const char *const scope_names[] = {"GPU", "CTA", "SYS", NULL};
static const char *const layout_names[] = {"ROW", "COL", NULL};
static const char *const clamp_names[] = {"WRAP", "CLAMP", NULL};

/* Bit positions: CMP/ATOM/MUFU/SPACE/SCOPE share bits 0-3 and BOOL/LAYOUT/CLAMP
 * share bits 4-5; no opcode takes two groups that overlap. */
const hisa_modgroup hisa_modgroups[HISA_MG_COUNT] = {
    [HISA_MG_CMP] = {"comparison", 0, 4, 1, cmp_names},
    [HISA_MG_BOOL] = {"predicate combine", 4, 2, 0, bool_names},
    [HISA_MG_RND] = {"rounding", 6, 2, 0, rnd_names},
    [HISA_MG_TYPE] = {"type", 8, 4, 0, type_names},
    [HISA_MG_TYPE2] = {"source type", 12, 4, 0, type_names},
    [HISA_MG_ATOM] = {"atomic operation", 0, 4, 1, atom_names},
    [HISA_MG_MUFU] = {"function", 0, 4, 1, mufu_names},
    [HISA_MG_SPACE] = {"state space", 0, 2, 1, space_names},
    [HISA_MG_SCOPE] = {"scope", 0, 2, 0, scope_names},
    [HISA_MG_LAYOUT] = {"layout", 4, 1, 0, layout_names},
    [HISA_MG_CLAMP] = {"shift mode", 4, 1, 0, clamp_names},
};

const char *const hisa_sreg_names[HISA_SR_COUNT] = {
#define HISA_SREG_NAME(name, str) str,
    HISA_SREGS(HISA_SREG_NAME)
#undef HISA_SREG_NAME
};

static const char *const class_names[HISA_CLASS_COUNT] = {
#define HISA_CLASS_NAME(name, str) str,
    HISA_CLASSES(HISA_CLASS_NAME)
#undef HISA_CLASS_NAME
};

/* Splits each operand string into letters once. */
static void derive(void) {
    for (unsigned op = 0; op < HISA_OP_COUNT; op++) {
        hisa_info *in = &infos[op];
        for (const char *s = in->operands; *s; s++) {
            if (*s == ',')
                continue;
            if (*s == '?') {
                in->optional[in->nopnd - 1] = 1;
                continue;
            }
            in->opnd[in->nopnd++] = *s;
        }
        uint16_t mask = 0;
        for (unsigned g = 0; g < HISA_MG_COUNT; g++)
            if (in->modgroups & (1u << g))
                mask |= (uint16_t)(((1u << hisa_modgroups[g].width) - 1) << hisa_modgroups[g].shift);
        if (memchr(in->opnd, 'k', in->nopnd))
            mask |= (1u << HISA_K_BITS) - 1;
        in->modmask = mask;
    }
}

static pthread_once_t derive_once = PTHREAD_ONCE_INIT;

const hisa_info *hisa_info_of(unsigned opcode) {
    if (opcode >= HISA_OP_COUNT)
        return NULL;
    pthread_once(&derive_once, derive);
    return &infos[opcode];
}

const char *hisa_class_name(hisa_class cls) {
    return (unsigned)cls < HISA_CLASS_COUNT ? class_names[cls] : "?";
}

unsigned hisa_type_bytes(hisa_type t) {
    switch (t) {
    case HISA_T_U8: case HISA_T_S8: return 1;
    case HISA_T_U16: case HISA_T_S16: case HISA_T_F16: case HISA_T_BF16: return 2;
    case HISA_T_U64: case HISA_T_S64: case HISA_T_B64: case HISA_T_F64: return 8;
    case HISA_T_B128: return 16;
    default: return 4;
    }
}
