/* test_half.c -- FP16 and BF16 arithmetic, scalar (low half; the high half
 * of the result is 0 and the inputs' high halves are ignored) and packed
 * (both halves), against the exact reference of hgt_fpref.c: every result
 * is the exact value rounded once to nearest even, NaN results are the
 * canonical 0x7fff, min/max return the non-NaN operand and order -0 < +0. */
#include "hgt_fpref.h"
#include "hgt_pools.h"

typedef enum { H_ADD, H_MUL, H_FMA, H_MIN, H_MAX } hop;

typedef struct hctx {
    hop op;
    int bf, packed;
} hctx;

static const uint16_t CANONICAL_NAN = 0x7fff;

/* min/max on bit patterns: a NaN operand yields the other, two NaNs the
 * canonical NaN, and -0 < +0. */
static uint16_t half_minmax(hgt_fmt f, uint16_t a, uint16_t b, int max) {
    int an = hgt_fmt_isnan(f, a), bn = hgt_fmt_isnan(f, b);
    if (an && bn)
        return CANONICAL_NAN;
    if (an || bn)
        return an ? b : a;
    double x = hgt_fmt_to_double(f, a), y = hgt_fmt_to_double(f, b);
    if (x == y) /* equal values differ in bits only for zeros of two signs */
        return ((a >> 15) == max) ? b : a;
    return (x < y) != max ? a : b;
}

static uint16_t half_op(const hctx *k, uint16_t a, uint16_t b, uint16_t c) {
    hgt_fmt f = k->bf ? HGT_BF16 : HGT_F16;
    hgt_xf x = hgt_xf_decode(f, a), y = hgt_xf_decode(f, b), r;
    switch (k->op) {
    case H_ADD: r = hgt_xf_add(x, y, HGT_RN); break;
    case H_MUL: r = hgt_xf_mul(x, y); break;
    case H_FMA: r = hgt_xf_add(hgt_xf_mul(x, y), hgt_xf_decode(f, c), HGT_RN); break;
    default: return half_minmax(f, a, b, k->op == H_MAX);
    }
    return (uint16_t)hgt_xf_round(r, f, HGT_RN);
}

static uint64_t ref_half(const void *ctx, uint64_t a, uint64_t b, uint64_t c) {
    const hctx *k = ctx;
    uint64_t lo = half_op(k, (uint16_t)a, (uint16_t)b, (uint16_t)c);
    if (!k->packed)
        return lo;
    return lo | (uint64_t)half_op(k, (uint16_t)(a >> 16), (uint16_t)(b >> 16), (uint16_t)(c >> 16))
                    << 16;
}

static void test_arith(hgt *t, uint64_t *rng) {
    static const struct {
        const char *mnem;
        hop op;
        int nsrc;
    } ops[] = {{"HADD", H_ADD, 2},
               {"HMUL", H_MUL, 2},
               {"HFMA", H_FMA, 3},
               {"HMIN", H_MIN, 2},
               {"HMAX", H_MAX, 2}};
    static const char *const srcs[] = {"", "", "R4, R6", "R4, R6, R8"};
    for (int bf = 0; bf < 2; bf++) {
        const hgt_pool *p = bf ? &hgt_bf16x2 : &hgt_f16x2;
        for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
            hgt_operands o;
            int three = ops[i].nsrc == 3;
            hgt_operands_make(&o, rng, p, p, three ? p : NULL, three ? 500 : 3000);
            hgt_shape s = {1, 1, three, 1};
            for (int packed = 0; packed < 2; packed++) {
                /* FP16 is the default type: test it both spelled and not */
                for (int spelled = 0; spelled < (bf ? 1 : 2); spelled++) {
                    hctx ctx = {ops[i].op, bf, packed};
                    char insn[64];
                    snprintf(insn, sizeof insn, "%s%s%s R10, %s", ops[i].mnem, packed ? "2" : "",
                             bf        ? ".BF16"
                             : spelled ? ".F16"
                                       : "",
                             srcs[ops[i].nsrc]);
                    hgt_opcheck op = {insn, s, ref_half, &ctx, NULL};
                    hgt_check_operands(t, &op, &o);
                }
            }
            hgt_operands_free(&o);
        }
    }
}

typedef struct setp_ctx {
    int bf, op, qneg;
} setp_ctx;

static uint64_t ref_setp(const void *ctx, uint64_t a, uint64_t b, uint64_t c) {
    const setp_ctx *s = ctx;
    hgt_fmt f = s->bf ? HGT_BF16 : HGT_F16;
    double x = hgt_fmt_to_double(f, a & 0xffff), y = hgt_fmt_to_double(f, b & 0xffff);
    int r[16];
    for (unsigned k = 0; k < 16; k++)
        r[k] = hgt_fcmp(x, y, k);
    return hgt_setp_combine(r, s->op, (int)(c & 1) ^ s->qneg);
}

static void test_setp(hgt *t, uint64_t *rng) {
    for (int bf = 0; bf < 2; bf++)
        for (int op = 0; op < 3; op++)
            for (int qneg = 0; qneg < (op == 0 ? 2 : 1); qneg++) {
                setp_ctx ctx = {bf, op, qneg};
                hgt_str text = {0};
                hgt_setp_text(&text, "HSETP", bf ? ".BF16" : ".F16", op, qneg);
                hgt_operands o;
                const hgt_pool *p = bf ? &hgt_bf16x2 : &hgt_f16x2;
                hgt_operands_make(&o, rng, p, p, &hgt_pred, 500);
                hgt_opcheck chk = {text.s, {1, 1, 1, 1}, ref_setp, &ctx, NULL};
                hgt_check_operands(t, &chk, &o);
                hgt_operands_free(&o);
                hgt_str_free(&text);
            }
}

int main(int argc, char **argv) {
    hgt t;
    hgt_open_args(&t, argc, argv);
    uint64_t rng = 11;
    test_arith(&t, &rng);
    test_setp(&t, &rng);
    hgt_close(&t);
    hgt_op_summary();
    return hgt_finish("test_half");
}
