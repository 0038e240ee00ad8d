/* test_alu.c -- every integer instruction (32- and 64-bit) against a C
 * reference written from docs/isa.md (and PTX where it is silent): edge
 * cases (0, -1, INT_MIN, INT_MAX, shift counts at and past the width,
 * division by zero, INT_MIN / -1) in every combination, then random
 * operands, across several warps and a partial last warp. */
#include <string.h>

#include "hgt_pools.h"

/* ---- operand pools ------------------------------------------------------ */

static const uint64_t e_sh32[] = {0,  1,  2,  15,  16,  30,  31,         32,
                                  33, 63, 64, 100, 255, 256, 0x80000000, 0xffffffff};
static const uint64_t e_sh64[] = {0,  1,  31,  32,  33,  62,         63,
                                  64, 65, 127, 128, 255, 0x80000000, 0xffffffff};
/* bit-field specs pos | len << 8; the bits above 16 must be ignored */
static const uint64_t e_bf[] = {
    0x0000, 0x0100, 0x0800, 0x1f00, 0x2000, 0x2100, 0x1f01, 0x0804,     0x1010,     0x011f,
    0x021f, 0x051f, 0x0120, 0x0421, 0xffff, 0xff00, 0x0008, 0xabcd0c14, 0x7fff1001, 0x00ff,
};
static const uint64_t e_prmt[] = {0x3210, 0x7654, 0x0123, 0x4444,    0x8888,
                                  0xba98, 0xffff, 0x1357, 0xffff3210};

static uint64_t r_sh32(uint64_t *rng) {
    return hgt_rand(rng) % 40;
}
static uint64_t r_sh64(uint64_t *rng) {
    return hgt_rand(rng) % 72;
}
static uint64_t r_bf(uint64_t *rng) {
    uint64_t x = hgt_rand(rng);
    return (x % 40) | ((x >> 8) % 40) << 8 | (x >> 32 & 0xffff0000);
}
static uint64_t r_u32(uint64_t *rng) {
    return (uint32_t)hgt_rand(rng);
}

#define POOL(e, fn)                                                                                \
    { e, sizeof e / sizeof e[0], fn }
static const hgt_pool SH32 = POOL(e_sh32, r_sh32), SH64 = POOL(e_sh64, r_sh64),
                      BF = POOL(e_bf, r_bf), PRMTSEL = POOL(e_prmt, r_u32);

/* ---- references ------------------------------------------------------------ */

#define U32(x) ((uint32_t)(x))
#define S32(x) ((int32_t)(uint32_t)(x))
#define S64(x) ((int64_t)(x))
#define REF(name, expr)                                                                            \
    static uint64_t name(const void *ctx, uint64_t a, uint64_t b, uint64_t c) {                    \
        return (expr);                                                                             \
    }

/* Division as documented: x / 0 is -1 (unsigned: all ones; signed: -1 for
 * x >= 0 and 1 for x < 0, what the hardware's |x| / 0 = ~0 gives once the
 * sign is applied), x % 0 is x, INT_MIN / -1 wraps to INT_MIN, % -1 is 0. */
static uint64_t sdiv(int64_t a, int64_t b, int64_t min) {
    if (b == 0)
        return a >= 0 ? ~0ull : 1;
    if (b == -1)
        return a == min ? (uint64_t)a : (uint64_t)-a;
    return (uint64_t)(a / b);
}
static uint64_t srem(int64_t a, int64_t b) {
    if (b == 0)
        return (uint64_t)a;
    if (b == -1)
        return 0;
    return (uint64_t)(a % b);
}

static uint64_t popc(uint64_t x) {
    uint64_t n = 0;
    for (; x; x >>= 1)
        n += x & 1;
    return n;
}
static uint64_t clz(uint64_t x, int width) {
    int n = 0;
    for (int i = width - 1; i >= 0 && !((x >> i) & 1); i--)
        n++;
    return (uint64_t)n;
}
static uint64_t brev(uint64_t x, int width) {
    uint64_t r = 0;
    for (int i = 0; i < width; i++)
        r |= ((x >> i) & 1) << (width - 1 - i);
    return r;
}

/* PTX bfe, bit by bit: bits past 31 read as the sign bit (signed) or 0. */
static uint64_t bfe(uint32_t a, uint32_t spec, int sign) {
    uint32_t pos = spec & 0xff, len = (spec >> 8) & 0xff, msb = 31, r = 0;
    uint32_t top = pos + len - 1 < msb ? pos + len - 1 : msb;
    uint32_t sbit = (sign && len) ? (a >> top) & 1 : 0;
    for (uint32_t i = 0; i < 32; i++) {
        uint32_t bit = (i < len && pos + i <= msb) ? (a >> (pos + i)) & 1 : sbit;
        r |= bit << i;
    }
    return r;
}
/* PTX bfi: d = base with bits [pos, pos+len) from the insert value. */
static uint64_t bfi(uint32_t ins, uint32_t spec, uint32_t base) {
    uint32_t pos = spec & 0xff, len = (spec >> 8) & 0xff, r = base;
    for (uint32_t i = 0; i < len && pos + i < 32; i++)
        r = (r & ~(1u << (pos + i))) | (((ins >> i) & 1) << (pos + i));
    return r;
}
/* PTX prmt, default mode: byte i of d is byte (sel nibble i & 7) of {b, a},
 * or that byte's sign replicated when the nibble's bit 3 is set. */
static uint64_t prmt(uint32_t a, uint32_t b, uint32_t sel) {
    uint8_t bytes[8];
    for (int i = 0; i < 4; i++) {
        bytes[i] = (uint8_t)(a >> (8 * i));
        bytes[4 + i] = (uint8_t)(b >> (8 * i));
    }
    uint32_t r = 0;
    for (int i = 0; i < 4; i++) {
        unsigned nib = (sel >> (4 * i)) & 0xf;
        uint8_t v = bytes[nib & 7];
        if (nib & 8)
            v = (v & 0x80) ? 0xff : 0;
        r |= (uint32_t)v << (8 * i);
    }
    return r;
}
/* funnel shifts of {hi, lo} by n (already wrapped or clamped) */
static uint64_t shf_l(uint32_t lo, uint32_t hi, uint32_t n) {
    uint64_t v = (uint64_t)hi << 32 | lo;
    return n >= 32 ? lo : (uint32_t)((v << n) >> 32);
}
static uint64_t shf_r(uint32_t lo, uint32_t hi, uint32_t n) {
    uint64_t v = (uint64_t)hi << 32 | lo;
    return n >= 32 ? hi : (uint32_t)(v >> n);
}
static uint32_t clamp32(uint64_t n) {
    return U32(n) > 32 ? 32 : U32(n);
}

REF(r_iadd, U32(a) + U32(b))
REF(r_isub, U32(a) - U32(b))
REF(r_imul, U32(a) * U32(b))
REF(r_imulhi_s, (uint64_t)(((int64_t)S32(a) * S32(b)) >> 32))
REF(r_imulhi_u, ((uint64_t)U32(a) * U32(b)) >> 32)
REF(r_imad, U32(a) * U32(b) + U32(c))
REF(r_imulw_s, (uint64_t)((int64_t)S32(a) * S32(b)))
REF(r_imulw_u, (uint64_t)U32(a) * U32(b))
REF(r_imadw_s, (uint64_t)((int64_t)S32(a) * S32(b)) + c)
REF(r_imadw_u, (uint64_t)U32(a) * U32(b) + c)
REF(r_idiv_s, sdiv(S32(a), S32(b), INT32_MIN))
REF(r_idiv_u, U32(b) ? U32(a) / U32(b) : 0xffffffffu)
REF(r_irem_s, srem(S32(a), S32(b)))
REF(r_irem_u, U32(b) ? U32(a) % U32(b) : U32(a))
REF(r_imin_s, (uint64_t)(S32(a) < S32(b) ? S32(a) : S32(b)))
REF(r_imin_u, U32(a) < U32(b) ? U32(a) : U32(b))
REF(r_imax_s, (uint64_t)(S32(a) > S32(b) ? S32(a) : S32(b)))
REF(r_imax_u, U32(a) > U32(b) ? U32(a) : U32(b))
REF(r_iabs, S32(a) < 0 ? 0u - U32(a) : U32(a))
REF(r_ineg, 0u - U32(a))
REF(r_and, a &b)
REF(r_or, a | b)
REF(r_xor, a ^ b)
REF(r_not, ~a)
REF(r_shl, U32(b) >= 32 ? 0 : U32(a) << U32(b))
REF(r_shr_u, U32(b) >= 32 ? 0 : U32(a) >> U32(b))
REF(r_shr_s, (uint64_t)(S32(a) >> (U32(b) >= 32 ? 31 : U32(b))))
REF(r_shfl_w, shf_l(U32(a), U32(c), U32(b) & 31))
REF(r_shfl_c, shf_l(U32(a), U32(c), clamp32(b)))
REF(r_shfr_w, shf_r(U32(a), U32(c), U32(b) & 31))
REF(r_shfr_c, shf_r(U32(a), U32(c), clamp32(b)))
REF(r_popc, popc(U32(a)))
REF(r_clz, clz(U32(a), 32))
REF(r_brev, brev(U32(a), 32))
REF(r_bfe_s, bfe(U32(a), U32(b), 1))
REF(r_bfe_u, bfe(U32(a), U32(b), 0))
REF(r_bfi, bfi(U32(a), U32(b), U32(c)))
REF(r_prmt, prmt(U32(a), U32(b), U32(c)))
REF(r_sel, c & 1 ? a : b)
REF(r_selnot, c & 1 ? b : a)
REF(r_p2r, c & 1)
REF(r_imm_add, U32(a) + 0xfffffff0u)
REF(r_imm_shl, 0)

REF(r_iadd64, a + b)
REF(r_isub64, a - b)
REF(r_imul64, a *b)
REF(r_imulhi64_s, (uint64_t)(((__int128)S64(a) * S64(b)) >> 64))
REF(r_imulhi64_u, (uint64_t)(((unsigned __int128)a * b) >> 64))
REF(r_imad64, a *b + c)
REF(r_idiv64_s, sdiv(S64(a), S64(b), INT64_MIN))
REF(r_idiv64_u, b ? a / b : ~0ull)
REF(r_irem64_s, srem(S64(a), S64(b)))
REF(r_irem64_u, b ? a % b : a)
REF(r_imin64_s, (uint64_t)(S64(a) < S64(b) ? S64(a) : S64(b)))
REF(r_imin64_u, a < b ? a : b)
REF(r_imax64_s, (uint64_t)(S64(a) > S64(b) ? S64(a) : S64(b)))
REF(r_imax64_u, a > b ? a : b)
REF(r_iabs64, S64(a) < 0 ? 0ull - a : a)
REF(r_ineg64, 0ull - a)
REF(r_shl64, U32(b) >= 64 ? 0 : a << U32(b))
REF(r_shr64_u, U32(b) >= 64 ? 0 : a >> U32(b))
REF(r_shr64_s, (uint64_t)(S64(a) >> (U32(b) >= 64 ? 63 : U32(b))))
REF(r_popc64, popc(a))
REF(r_clz64, clz(a, 64))
REF(r_brev64, brev(a, 64))
REF(r_imm_add64, a - 5)
REF(r_imm_mov64, (uint64_t)-2)

typedef struct alu_case {
    const char *insn;
    hgt_shape shape;
    const hgt_pool *pa, *pb, *pc;
    hgt_ref_fn ref;
} alu_case;

#define UN32                                                                                       \
    { 1, 0, 0, 1 }
#define BIN32                                                                                      \
    { 1, 1, 0, 1 }
#define TER32                                                                                      \
    { 1, 1, 1, 1 }
#define UN64                                                                                       \
    { 2, 0, 0, 2 }
#define BIN64                                                                                      \
    { 2, 2, 0, 2 }
#define Q "ISETP.NE.U32 P1, R8, 0\n" /* the predicate operand q, from c */

static const alu_case cases[] = {
    {"IADD R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_iadd},
    {"ISUB R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_isub},
    {"IMUL R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_imul},
    {"IMULHI R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_imulhi_s},
    {"IMULHI.S32 R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_imulhi_s},
    {"IMULHI.U32 R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_imulhi_u},
    {"IMAD R10, R4, R6, R8", TER32, &hgt_i32, &hgt_i32, &hgt_i32, r_imad},
    {"IMULW.S32 R10, R4, R6", {1, 1, 0, 2}, &hgt_i32, &hgt_i32, NULL, r_imulw_s},
    {"IMULW.U32 R10, R4, R6", {1, 1, 0, 2}, &hgt_i32, &hgt_i32, NULL, r_imulw_u},
    {"IMADW.S32 R10, R4, R6, R8", {1, 1, 2, 2}, &hgt_i32, &hgt_i32, &hgt_i64, r_imadw_s},
    {"IMADW.U32 R10, R4, R6, R8", {1, 1, 2, 2}, &hgt_i32, &hgt_i32, &hgt_i64, r_imadw_u},
    {"IDIV R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_idiv_s},
    {"IDIV.S32 R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_idiv_s},
    {"IDIV.U32 R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_idiv_u},
    {"IREM.S32 R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_irem_s},
    {"IREM.U32 R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_irem_u},
    {"IMIN.S32 R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_imin_s},
    {"IMIN.U32 R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_imin_u},
    {"IMAX.S32 R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_imax_s},
    {"IMAX.U32 R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_imax_u},
    {"IABS R10, R4", UN32, &hgt_i32, NULL, NULL, r_iabs},
    {"INEG R10, R4", UN32, &hgt_i32, NULL, NULL, r_ineg},
    {"AND R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_and},
    {"OR R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_or},
    {"XOR R10, R4, R6", BIN32, &hgt_i32, &hgt_i32, NULL, r_xor},
    {"NOT R10, R4", UN32, &hgt_i32, NULL, NULL, r_not},
    {"SHL R10, R4, R6", BIN32, &hgt_i32, &SH32, NULL, r_shl},
    {"SHR.U32 R10, R4, R6", BIN32, &hgt_i32, &SH32, NULL, r_shr_u},
    {"SHR.S32 R10, R4, R6", BIN32, &hgt_i32, &SH32, NULL, r_shr_s},
    {"SHR R10, R4, R6", BIN32, &hgt_i32, &SH32, NULL, r_shr_s},
    {"SHF.L R10, R4, R6, R8", TER32, &hgt_i32, &SH32, &hgt_i32, r_shfl_w},
    {"SHF.L.CLAMP R10, R4, R6, R8", TER32, &hgt_i32, &SH32, &hgt_i32, r_shfl_c},
    {"SHF.R R10, R4, R6, R8", TER32, &hgt_i32, &SH32, &hgt_i32, r_shfr_w},
    {"SHF.R.CLAMP R10, R4, R6, R8", TER32, &hgt_i32, &SH32, &hgt_i32, r_shfr_c},
    {"POPC R10, R4", UN32, &hgt_i32, NULL, NULL, r_popc},
    {"CLZ R10, R4", UN32, &hgt_i32, NULL, NULL, r_clz},
    {"BREV R10, R4", UN32, &hgt_i32, NULL, NULL, r_brev},
    {"BFE.S32 R10, R4, R6", BIN32, &hgt_i32, &BF, NULL, r_bfe_s},
    {"BFE.U32 R10, R4, R6", BIN32, &hgt_i32, &BF, NULL, r_bfe_u},
    {"BFI R10, R4, R6, R8", TER32, &hgt_i32, &BF, &hgt_i32, r_bfi},
    {"PRMT R10, R4, R6, R8", TER32, &hgt_i32, &hgt_i32, &PRMTSEL, r_prmt},
    {Q "SEL R10, R4, R6, P1", TER32, &hgt_i32, &hgt_i32, &hgt_pred, r_sel},
    {Q "SEL R10, R4, R6, !P1", TER32, &hgt_i32, &hgt_i32, &hgt_pred, r_selnot},
    {Q "P2R R10, P1", {0, 0, 1, 1}, NULL, NULL, &hgt_pred, r_p2r},
    /* immediate operands: b is a constant row */
    {"IADD R10, R4, 0xfffffff0", UN32, &hgt_i32, NULL, NULL, r_imm_add},
    {"SHL R10, R4, 40", UN32, &hgt_i32, NULL, NULL, r_imm_shl},

    {"IADD64 R10, R4, R6", BIN64, &hgt_i64, &hgt_i64, NULL, r_iadd64},
    {"ISUB64 R10, R4, R6", BIN64, &hgt_i64, &hgt_i64, NULL, r_isub64},
    {"IMUL64 R10, R4, R6", BIN64, &hgt_i64, &hgt_i64, NULL, r_imul64},
    {"IMULHI64.S64 R10, R4, R6", BIN64, &hgt_i64, &hgt_i64, NULL, r_imulhi64_s},
    {"IMULHI64.U64 R10, R4, R6", BIN64, &hgt_i64, &hgt_i64, NULL, r_imulhi64_u},
    {"IMAD64 R10, R4, R6, R8", {2, 2, 2, 2}, &hgt_i64, &hgt_i64, &hgt_i64, r_imad64},
    {"IDIV64.S64 R10, R4, R6", BIN64, &hgt_i64, &hgt_i64, NULL, r_idiv64_s},
    {"IDIV64.U64 R10, R4, R6", BIN64, &hgt_i64, &hgt_i64, NULL, r_idiv64_u},
    {"IREM64.S64 R10, R4, R6", BIN64, &hgt_i64, &hgt_i64, NULL, r_irem64_s},
    {"IREM64.U64 R10, R4, R6", BIN64, &hgt_i64, &hgt_i64, NULL, r_irem64_u},
    {"IMIN64.S64 R10, R4, R6", BIN64, &hgt_i64, &hgt_i64, NULL, r_imin64_s},
    {"IMIN64.U64 R10, R4, R6", BIN64, &hgt_i64, &hgt_i64, NULL, r_imin64_u},
    {"IMAX64.S64 R10, R4, R6", BIN64, &hgt_i64, &hgt_i64, NULL, r_imax64_s},
    {"IMAX64.U64 R10, R4, R6", BIN64, &hgt_i64, &hgt_i64, NULL, r_imax64_u},
    {"IABS64 R10, R4", UN64, &hgt_i64, NULL, NULL, r_iabs64},
    {"INEG64 R10, R4", UN64, &hgt_i64, NULL, NULL, r_ineg64},
    {"AND64 R10, R4, R6", BIN64, &hgt_i64, &hgt_i64, NULL, r_and},
    {"OR64 R10, R4, R6", BIN64, &hgt_i64, &hgt_i64, NULL, r_or},
    {"XOR64 R10, R4, R6", BIN64, &hgt_i64, &hgt_i64, NULL, r_xor},
    {"NOT64 R10, R4", UN64, &hgt_i64, NULL, NULL, r_not},
    {"SHL64 R10, R4, R6", {2, 1, 0, 2}, &hgt_i64, &SH64, NULL, r_shl64},
    {"SHR64.U64 R10, R4, R6", {2, 1, 0, 2}, &hgt_i64, &SH64, NULL, r_shr64_u},
    {"SHR64.S64 R10, R4, R6", {2, 1, 0, 2}, &hgt_i64, &SH64, NULL, r_shr64_s},
    {"POPC64 R10, R4", {2, 0, 0, 1}, &hgt_i64, NULL, NULL, r_popc64},
    {"CLZ64 R10, R4", {2, 0, 0, 1}, &hgt_i64, NULL, NULL, r_clz64},
    {"BREV64 R10, R4", UN64, &hgt_i64, NULL, NULL, r_brev64},
    {Q "SEL64 R10, R4, R6, P1", {2, 2, 1, 2}, &hgt_i64, &hgt_i64, &hgt_pred, r_sel},
    {"IADD64 R10, R4, -5", UN64, &hgt_i64, NULL, NULL, r_imm_add64},
    {"MOV64 R10, -2", {0, 0, 0, 2}, NULL, NULL, NULL, r_imm_mov64},
};

static void test_table(hgt *t, uint64_t *rng) {
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const alu_case *k = &cases[i];
        hgt_operands o;
        hgt_operands_make(&o, rng, k->pa, k->pb, k->pc, 700);
        hgt_opcheck op = {k->insn, k->shape, k->ref, NULL, NULL};
        hgt_check_operands(t, &op, &o);
        hgt_operands_free(&o);
    }
}

/* ---- comparisons: all 16 modifiers in one kernel, one result bit each ---- */

/* Integers are never unordered: the ...U forms equal the ordered ones,
 * .NUM always holds, .NAN never. */
static int int_cmp(int lt, int eq, unsigned cmp) {
    int gt = !lt && !eq;
    switch (cmp < 6 ? cmp : cmp < 12 ? cmp - 6 : cmp) {
    case 0: return eq;
    case 1: return !eq;
    case 2: return lt;
    case 3: return lt || eq;
    case 4: return gt;
    case 5: return gt || eq;
    case 12:
    case 14: return 1;
    default: return 0;
    }
}

typedef struct setp_ctx {
    int wide, is_unsigned, op, qneg;
} setp_ctx;

static uint64_t r_isetp(const void *ctx, uint64_t a, uint64_t b, uint64_t c) {
    const setp_ctx *s = ctx;
    int lt, eq;
    if (s->wide) {
        lt = s->is_unsigned ? a < b : S64(a) < S64(b);
        eq = a == b;
    } else {
        lt = s->is_unsigned ? U32(a) < U32(b) : S32(a) < S32(b);
        eq = U32(a) == U32(b);
    }
    int r[16];
    for (unsigned k = 0; k < 16; k++)
        r[k] = int_cmp(lt, eq, k);
    return hgt_setp_combine(r, s->op, (int)(c & 1) ^ s->qneg);
}

static void test_setp(hgt *t, uint64_t *rng) {
    for (int wide = 0; wide < 2; wide++)
        for (int uns = 0; uns < 2; uns++)
            for (int op = 0; op < 3; op++)
                for (int qneg = 0; qneg < 2; qneg++) {
                    if (qneg && op != 0)
                        continue; /* negation is the same for every combine */
                    setp_ctx ctx = {wide, uns, op, qneg};
                    hgt_str text = {0};
                    hgt_setp_text(&text, wide ? "ISETP64" : "ISETP",
                                  wide ? (uns ? ".U64" : ".S64") : (uns ? ".U32" : ".S32"), op,
                                  qneg);
                    const hgt_pool *p = wide ? &hgt_i64 : &hgt_i32;
                    hgt_operands o;
                    hgt_operands_make(&o, rng, p, p, &hgt_pred, 300);
                    hgt_opcheck chk = {text.s, {wide + 1, wide + 1, 1, 1}, r_isetp, &ctx, NULL};
                    hgt_check_operands(t, &chk, &o);
                    hgt_operands_free(&o);
                    hgt_str_free(&text);
                }
}

/* PLOP over every pair of predicate values, negations and combines. */
static uint64_t r_plop(const void *ctx, uint64_t a, uint64_t b, uint64_t c) {
    const int *mode = ctx; /* op | xneg << 2 | yneg << 3 */
    int x = (int)(a & 1) ^ ((*mode >> 2) & 1), y = (int)(b & 1) ^ ((*mode >> 3) & 1);
    int op = *mode & 3;
    return (uint64_t)(op == 0 ? x & y : op == 1 ? x | y : x ^ y);
}

static void test_plop(hgt *t, uint64_t *rng) {
    static int modes[12];
    for (int m = 0; m < 12; m++) {
        modes[m] = (m % 3) | (m / 3) << 2;
        char text[256];
        snprintf(
            text, sizeof text,
            "ISETP.NE.U32 P2, R4, 0\nISETP.NE.U32 P3, R6, 0\nPLOP.%s P4, %sP2, %sP3\nP2R R10, P4",
            hgt_bool_names[m % 3], (modes[m] & 4) ? "!" : "", (modes[m] & 8) ? "!" : "");
        hgt_operands o;
        hgt_operands_make(&o, rng, &hgt_pred, &hgt_pred, NULL, 60);
        hgt_opcheck chk = {text, BIN32, r_plop, &modes[m], NULL};
        hgt_check_operands(t, &chk, &o);
        hgt_operands_free(&o);
    }
}

int main(int argc, char **argv) {
    hgt t;
    hgt_open_args(&t, argc, argv);
    uint64_t rng = 42;
    test_table(&t, &rng);
    test_setp(&t, &rng);
    test_plop(&t, &rng);
    hgt_close(&t);
    hgt_op_summary();
    return hgt_finish("test_alu");
}
