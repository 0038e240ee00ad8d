/*
 * hisa.h -- the HISA instruction set: opcodes, encoding, and the tables that
 * the assembler, disassembler and interpreter share.  The instructions
 * themselves are listed once, in hisa.def.
 *
 * Every instruction is 128 bits (two little-endian 64-bit words, like the
 * 16-byte instructions of current NVIDIA GPUs, so code sizes compare).
 *
 *   bit   0          10     14     22     30     38     46   49    53 54 55          71            96          127
 *         +----------+------+------+------+------+------+----+-----+--+--+-----------+-------------+------------+
 *         | opcode   |guard | rd   | ra   | rb   | rc   | pd | ps  |BI|CI| mods (16) | immC (25,s) | immB (32)  |
 *         +----------+------+------+------+------+------+----+-----+--+--+-----------+-------------+------------+
 *
 *   guard, ps   3-bit predicate number + negate bit (P7 = PT, always true)
 *   rd..rc      8-bit register numbers (R255 = RZ, reads 0, writes vanish)
 *   BI / CI     operand b / c is the immediate immB / immC instead of rb / rc
 *   mods        dotted modifiers; each group owns fixed bits (hisa_modgroup)
 *
 * Only the HISA_* field macros below touch bits.  A decoder accepts a word
 * only if every field the instruction does not use is zero, so any valid
 * binary disassembles and re-assembles to the same bits.
 */
#ifndef HISA_HISA_H
#define HISA_HISA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- opcodes (generated from hisa.def) ---------------------------------- */

typedef enum hisa_opcode {
#define HISA_OP(name, mnem, ops, cls, mods, sem) HISA_OP_##name,
#include "hisa/hisa.def"
    HISA_OP_COUNT
} hisa_opcode;

_Static_assert(HISA_OP_COUNT <= 1024, "the opcode field is 10 bits");

/* Execution classes: the unit an instruction issues to.  Counters and the
 * timing model are indexed by class. */
#define HISA_CLASSES(X)                                                     \
    X(MISC, "misc")                                                         \
    X(INT, "int")                                                           \
    X(IMUL, "imul")                                                         \
    X(IDIV, "idiv")                                                         \
    X(FP32, "fp32")                                                         \
    X(FP32D, "fp32-div")                                                    \
    X(SFU, "sfu")                                                           \
    X(FP64, "fp64")                                                         \
    X(HALF, "half")                                                         \
    X(CONV, "conv")                                                         \
    X(LDG, "ld.global")                                                     \
    X(STG, "st.global")                                                     \
    X(LDS, "ld.shared")                                                     \
    X(STS, "st.shared")                                                     \
    X(LDL, "ld.local")                                                      \
    X(STL, "st.local")                                                      \
    X(LD, "ld.generic")                                                     \
    X(ST, "st.generic")                                                     \
    X(LDC, "ld.const")                                                      \
    X(ATOM, "atomic")                                                       \
    X(CTRL, "control")                                                      \
    X(SYNC, "sync")                                                         \
    X(WARP, "warp")                                                         \
    X(TENSOR, "tensor")

typedef enum hisa_class {
#define HISA_CLASS_ENUM(name, str) HISA_CLASS_##name,
    HISA_CLASSES(HISA_CLASS_ENUM)
#undef HISA_CLASS_ENUM
    HISA_CLASS_COUNT
} hisa_class;

/* ---- registers ----------------------------------------------------------- */

enum {
    HISA_NUM_GPRS = 255, /* R0..R254 */
    HISA_RZ = 255,       /* zero register */
    HISA_NUM_PREDS = 7,  /* P0..P6 */
    HISA_PT = 7,         /* always-true predicate */
    HISA_PRED_NEG = 8,   /* negate bit of a predicate operand */
    HISA_INSN_BYTES = 16,
    HISA_WARP_SIZE = 32,
};

/* ---- modifier groups --------------------------------------------------------
 * A group is a set of mutually exclusive dotted modifiers stored in fixed bits
 * of the 16-bit mods field.  Groups that never appear on the same instruction
 * may share bits. */

typedef enum hisa_modgroup_id {
    HISA_MG_CMP,
    HISA_MG_BOOL,
    HISA_MG_RND,
    HISA_MG_TYPE,
    HISA_MG_TYPE2,
    HISA_MG_ATOM,
    HISA_MG_MUFU,
    HISA_MG_SPACE,
    HISA_MG_SCOPE,
    HISA_MG_LAYOUT,
    HISA_MG_CLAMP,
    HISA_MG_COUNT
} hisa_modgroup_id;

#define MG_CMP (1u << HISA_MG_CMP)
#define MG_BOOL (1u << HISA_MG_BOOL)
#define MG_RND (1u << HISA_MG_RND)
#define MG_TYPE (1u << HISA_MG_TYPE)
#define MG_TYPE2 (1u << HISA_MG_TYPE2)
#define MG_ATOM (1u << HISA_MG_ATOM)
#define MG_MUFU (1u << HISA_MG_MUFU)
#define MG_SPACE (1u << HISA_MG_SPACE)
#define MG_SCOPE (1u << HISA_MG_SCOPE)
#define MG_LAYOUT (1u << HISA_MG_LAYOUT)
#define MG_CLAMP (1u << HISA_MG_CLAMP)

typedef struct hisa_modgroup {
    const char *title;         /* for docs: "comparison", ... */
    unsigned shift, width;     /* bits inside mods */
    int always_print;          /* print even the value 0 */
    const char *const *names;  /* value -> name without the dot; NULL ends */
} hisa_modgroup;

extern const hisa_modgroup hisa_modgroups[HISA_MG_COUNT];

/* Values of the groups, in encoding order (explicit, never reordered). */
typedef enum hisa_cmp {
    HISA_CMP_EQ = 0, HISA_CMP_NE = 1, HISA_CMP_LT = 2, HISA_CMP_LE = 3,
    HISA_CMP_GT = 4, HISA_CMP_GE = 5, HISA_CMP_EQU = 6, HISA_CMP_NEU = 7,
    HISA_CMP_LTU = 8, HISA_CMP_LEU = 9, HISA_CMP_GTU = 10, HISA_CMP_GEU = 11,
    HISA_CMP_NUM = 12, HISA_CMP_NAN = 13, HISA_CMP_T = 14, HISA_CMP_F = 15
} hisa_cmp;
typedef enum hisa_bool { HISA_BOOL_AND = 0, HISA_BOOL_OR = 1, HISA_BOOL_XOR = 2 } hisa_bool;
typedef enum hisa_rnd { HISA_RND_RN = 0, HISA_RND_RZ = 1, HISA_RND_RM = 2, HISA_RND_RP = 3 } hisa_rnd;
typedef enum hisa_type {
    HISA_T_DEFAULT = 0, HISA_T_U8 = 1, HISA_T_S8 = 2, HISA_T_U16 = 3,
    HISA_T_S16 = 4, HISA_T_U32 = 5, HISA_T_S32 = 6, HISA_T_U64 = 7,
    HISA_T_S64 = 8, HISA_T_B64 = 9, HISA_T_B128 = 10, HISA_T_F16 = 11,
    HISA_T_BF16 = 12, HISA_T_F32 = 13, HISA_T_F64 = 14
} hisa_type;
typedef enum hisa_atomop {
    HISA_ATOM_ADD = 0, HISA_ATOM_MIN = 1, HISA_ATOM_MAX = 2, HISA_ATOM_INC = 3,
    HISA_ATOM_DEC = 4, HISA_ATOM_AND = 5, HISA_ATOM_OR = 6, HISA_ATOM_XOR = 7,
    HISA_ATOM_EXCH = 8
} hisa_atomop;
typedef enum hisa_mufu {
    HISA_MUFU_RCP = 0, HISA_MUFU_RSQ = 1, HISA_MUFU_SQRT = 2, HISA_MUFU_SIN = 3,
    HISA_MUFU_COS = 4, HISA_MUFU_EX2 = 5, HISA_MUFU_LG2 = 6, HISA_MUFU_TANH = 7
} hisa_mufu;
typedef enum hisa_space {
    HISA_SPACE_GLOBAL = 0, HISA_SPACE_SHARED = 1, HISA_SPACE_LOCAL = 2, HISA_SPACE_CONST = 3
} hisa_space;
typedef enum hisa_scope { HISA_SCOPE_GPU = 0, HISA_SCOPE_CTA = 1, HISA_SCOPE_SYS = 2 } hisa_scope;
typedef enum hisa_layout { HISA_LAYOUT_ROW = 0, HISA_LAYOUT_COL = 1 } hisa_layout;

/* ---- special registers (S2R) --------------------------------------------- */

#define HISA_SREGS(X)                                                       \
    X(TID_X, "SR_TID.X")                                                    \
    X(TID_Y, "SR_TID.Y")                                                    \
    X(TID_Z, "SR_TID.Z")                                                    \
    X(NTID_X, "SR_NTID.X")                                                  \
    X(NTID_Y, "SR_NTID.Y")                                                  \
    X(NTID_Z, "SR_NTID.Z")                                                  \
    X(CTAID_X, "SR_CTAID.X")                                                \
    X(CTAID_Y, "SR_CTAID.Y")                                                \
    X(CTAID_Z, "SR_CTAID.Z")                                                \
    X(NCTAID_X, "SR_NCTAID.X")                                              \
    X(NCTAID_Y, "SR_NCTAID.Y")                                              \
    X(NCTAID_Z, "SR_NCTAID.Z")                                              \
    X(LANEID, "SR_LANEID")                                                  \
    X(WARPID, "SR_WARPID")                                                  \
    X(NWARPID, "SR_NWARPID")                                                \
    X(SMID, "SR_SMID")                                                      \
    X(NSMID, "SR_NSMID")                                                    \
    X(LANEMASK_EQ, "SR_LANEMASK_EQ")                                        \
    X(LANEMASK_LT, "SR_LANEMASK_LT")                                        \
    X(LANEMASK_LE, "SR_LANEMASK_LE")                                        \
    X(LANEMASK_GT, "SR_LANEMASK_GT")                                        \
    X(LANEMASK_GE, "SR_LANEMASK_GE")                                        \
    X(CLOCK, "SR_CLOCK")                                                    \
    X(CLOCK64, "SR_CLOCK64")                                                \
    X(GLOBALTIMER, "SR_GLOBALTIMER")                                        \
    X(DYNSMEM, "SR_DYNSMEM")                                                \
    X(GRIDID, "SR_GRIDID")

typedef enum hisa_sreg {
#define HISA_SREG_ENUM(name, str) HISA_SR_##name,
    HISA_SREGS(HISA_SREG_ENUM)
#undef HISA_SREG_ENUM
    HISA_SR_COUNT
} hisa_sreg;

extern const char *const hisa_sreg_names[HISA_SR_COUNT];

/* ---- operands ------------------------------------------------------------- */

typedef enum hisa_operand {
    HISA_OPND_D = 'd', HISA_OPND_A = 'a', HISA_OPND_B = 'b', HISA_OPND_C = 'c',
    HISA_OPND_R = 'r', HISA_OPND_E = 'e', HISA_OPND_P = 'p', HISA_OPND_Q = 'q',
    HISA_OPND_X = 'x', HISA_OPND_Y = 'y', HISA_OPND_M = 'm', HISA_OPND_T = 't',
    HISA_OPND_S = 's', HISA_OPND_K = 'k'
} hisa_operand;

enum { HISA_MAX_OPERANDS = 6 };

/* What the table says about one opcode. */
typedef struct hisa_info {
    const char *name;      /* C name: "SHF_L" */
    const char *mnemonic;  /* "SHF.L" */
    const char *operands;  /* "d,a,b,c" */
    hisa_class cls;
    unsigned modgroups;    /* MG_* bits */
    const char *semantics; /* one line */
    /* derived at build time by hisa_tables.c */
    uint8_t nopnd;
    char opnd[HISA_MAX_OPERANDS];     /* operand letters */
    uint8_t optional[HISA_MAX_OPERANDS];
    uint16_t modmask;      /* bits of mods this opcode may set */
} hisa_info;

const hisa_info *hisa_info_of(unsigned opcode); /* NULL if out of range */
const char *hisa_class_name(hisa_class cls);

/* ---- one instruction, fields unpacked -------------------------------------- */

typedef struct hisa_insn {
    uint16_t op;
    uint8_t guard; /* predicate number | HISA_PRED_NEG */
    uint8_t rd, ra, rb, rc;
    uint8_t pd;
    uint8_t ps; /* predicate number | HISA_PRED_NEG */
    uint8_t bimm, cimm;
    uint16_t mods;
    int32_t immc; /* 25-bit signed */
    uint32_t immb;
} hisa_insn;

#define HISA_IMMC_MIN (-(1 << 24))
#define HISA_IMMC_MAX ((1 << 24) - 1)

/* An instruction word is two little-endian uint64_t. */
typedef struct hisa_word {
    uint64_t lo, hi;
} hisa_word;

/* A neutral instruction: guard PT, every register RZ, predicates PT. */
hisa_insn hisa_insn_make(hisa_opcode op);

hisa_word hisa_encode(const hisa_insn *in);

/* Returns 0 on success; on a malformed word returns -1 and, if why is not
 * NULL, stores a static string saying which field is wrong. */
int hisa_decode(hisa_word w, hisa_insn *out, const char **why);

/* Checks that the fields of in are legal for its opcode (the same rule the
 * decoder applies).  0 or -1 with a reason. */
int hisa_validate(const hisa_insn *in, const char **why);

/* Mods helpers. */
static inline unsigned hisa_mod_get(uint16_t mods, hisa_modgroup_id g) {
    return (mods >> hisa_modgroups[g].shift) & ((1u << hisa_modgroups[g].width) - 1);
}
static inline uint16_t hisa_mod_set(uint16_t mods, hisa_modgroup_id g, unsigned v) {
    unsigned m = ((1u << hisa_modgroups[g].width) - 1) << hisa_modgroups[g].shift;
    return (uint16_t)((mods & ~m) | ((v << hisa_modgroups[g].shift) & m));
}
enum { HISA_K_BITS = 13 }; /* the 'k' operand: mods bits 0..12 */

/* Size in bytes of a memory access with this type modifier (default 4). */
unsigned hisa_type_bytes(hisa_type t);

/* How many consecutive registers the operand with this letter ('d', 'a',
 * 'b', 'e', 'r', or 'm' for the address register) covers: 1 for 32-bit
 * values, 2 for a 64-bit pair, 4 or 8 for vectors and MMA fragments. */
unsigned hisa_operand_regs(const hisa_insn *in, char letter);

/* ---- text ----------------------------------------------------------------------
 * hisa_format writes one instruction in assembler syntax (no address, no
 * newline).  label_of, if not NULL, names branch targets; it returns NULL for
 * targets without a name, which print as their instruction index. */
typedef const char *(*hisa_label_fn)(void *ctx, uint32_t target);
size_t hisa_format(const hisa_insn *in, char *buf, size_t size, hisa_label_fn label_of,
                   void *ctx);

#ifdef __cplusplus
}
#endif
#endif /* HISA_HISA_H */
