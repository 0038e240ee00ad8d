/* test_float.c -- FP32 and FP64 instructions against the host's IEEE
 * arithmetic: every rounding mode of add/sub/mul/fma/div/sqrt/round (set
 * with fesetround around the C reference), min/max/abs/neg, and all 16
 * comparison modifiers with NaN operands.  Results must match bit for bit;
 * the one exception is a NaN result, whose payload docs/isa.md leaves
 * open (any NaN matches a NaN, except for FABS/FNEG/DABS/DNEG, which only
 * touch the sign bit).  This file is built with -frounding-math. */
#include <fenv.h>
#include <math.h>
#include <string.h>

#include "hgt_fpref.h"
#include "hgt_pools.h"

static const hgt_pool *const F32 = &hgt_f32, *const F64 = &hgt_f64, *const PRED = &hgt_pred;

/* ---- references ----------------------------------------------------------- */

typedef enum {
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_FMA,
    OP_DIV,
    OP_SQRT,
    OP_RND,
    OP_MIN,
    OP_MAX,
    OP_ABS,
    OP_NEG
} fop;

static const int host_rnd[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};
static const char *const rnd_suffix[4] = {"", ".RZ", ".RM", ".RP"};

typedef struct fctx {
    fop op;
    int rnd;
} fctx;

static float f32(uint64_t u) {
    float f;
    uint32_t w = (uint32_t)u;
    memcpy(&f, &w, 4);
    return f;
}
static uint64_t u32(float f) {
    uint32_t w;
    memcpy(&w, &f, 4);
    return w;
}
static double f64(uint64_t u) {
    double f;
    memcpy(&f, &u, 8);
    return f;
}
static uint64_t u64(double f) {
    uint64_t u;
    memcpy(&u, &f, 8);
    return u;
}

/* min/max: a NaN operand yields the other one, and -0 < +0 */
static double ref_min(double x, double y) {
    if (isnan(x))
        return y;
    if (isnan(y) || x == y)
        return isnan(y) || signbit(x) ? x : y;
    return x < y ? x : y;
}
static double ref_max(double x, double y) {
    if (isnan(x))
        return y;
    if (isnan(y) || x == y)
        return isnan(y) || !signbit(x) ? x : y;
    return x > y ? x : y;
}

static float round_integral_f(float x, int rnd) {
    switch (rnd) {
    case HGT_RZ: return truncf(x);
    case HGT_RM: return floorf(x);
    case HGT_RP: return ceilf(x);
    default: return nearbyintf(x); /* under FE_TONEAREST: ties to even */
    }
}
static double round_integral_d(double x, int rnd) {
    switch (rnd) {
    case HGT_RZ: return trunc(x);
    case HGT_RM: return floor(x);
    case HGT_RP: return ceil(x);
    default: return nearbyint(x);
    }
}

static uint64_t ref_f32(const void *ctx, uint64_t a, uint64_t b, uint64_t c) {
    const fctx *k = ctx;
    volatile float x = f32(a), y = f32(b), z = f32(c);
    volatile float r = 0;
    if (k->op == OP_ABS)
        return a & 0x7fffffff;
    if (k->op == OP_NEG)
        return (a ^ 0x80000000) & 0xffffffff;
    fesetround(host_rnd[k->rnd]);
    switch (k->op) {
    case OP_ADD: r = x + y; break;
    case OP_SUB: r = x - y; break;
    case OP_MUL: r = x * y; break;
    case OP_FMA: r = fmaf(x, y, z); break;
    case OP_DIV: r = x / y; break;
    case OP_SQRT: r = sqrtf(x); break;
    case OP_RND: r = round_integral_f(x, k->rnd); break;
    case OP_MIN: r = (float)ref_min(x, y); break;
    default: r = (float)ref_max(x, y); break;
    }
    fesetround(FE_TONEAREST);
    return u32(r);
}

static uint64_t ref_f64(const void *ctx, uint64_t a, uint64_t b, uint64_t c) {
    const fctx *k = ctx;
    volatile double x = f64(a), y = f64(b), z = f64(c);
    volatile double r = 0;
    if (k->op == OP_ABS)
        return a & ~(1ull << 63);
    if (k->op == OP_NEG)
        return a ^ (1ull << 63);
    fesetround(host_rnd[k->rnd]);
    switch (k->op) {
    case OP_ADD: r = x + y; break;
    case OP_SUB: r = x - y; break;
    case OP_MUL: r = x * y; break;
    case OP_FMA: r = fma(x, y, z); break;
    case OP_DIV: r = x / y; break;
    case OP_SQRT: r = sqrt(x); break;
    case OP_RND: r = round_integral_d(x, k->rnd); break;
    case OP_MIN: r = ref_min(x, y); break;
    default: r = ref_max(x, y); break;
    }
    fesetround(FE_TONEAREST);
    return u64(r);
}

/* Bit-exact, but any NaN matches a NaN (except for the sign-bit ops). */
static int eq_f32(const void *ctx, uint64_t got, uint64_t want) {
    const fctx *k = ctx;
    if (k->op != OP_ABS && k->op != OP_NEG && isnan(f32(got)) && isnan(f32(want)))
        return 1;
    return got == want;
}
static int eq_f64(const void *ctx, uint64_t got, uint64_t want) {
    const fctx *k = ctx;
    if (k->op != OP_ABS && k->op != OP_NEG && isnan(f64(got)) && isnan(f64(want)))
        return 1;
    return got == want;
}

/* ---- the instruction table --------------------------------------------------- */

typedef struct fcase {
    const char *mnem;
    fop op;
    int nsrc;    /* source operands */
    int rounded; /* takes .RN .RZ .RM .RP */
} fcase;

static const fcase f32_cases[] = {
    {"FADD", OP_ADD, 2, 1}, {"FSUB", OP_SUB, 2, 1}, {"FMUL", OP_MUL, 2, 1},
    {"FFMA", OP_FMA, 3, 1}, {"FDIV", OP_DIV, 2, 1}, {"FSQRT", OP_SQRT, 1, 1},
    {"FRND", OP_RND, 1, 1}, {"FMIN", OP_MIN, 2, 0}, {"FMAX", OP_MAX, 2, 0},
    {"FABS", OP_ABS, 1, 0}, {"FNEG", OP_NEG, 1, 0},
};
static const fcase f64_cases[] = {
    {"DADD", OP_ADD, 2, 1}, {"DSUB", OP_SUB, 2, 1}, {"DMUL", OP_MUL, 2, 1},
    {"DFMA", OP_FMA, 3, 1}, {"DDIV", OP_DIV, 2, 1}, {"DSQRT", OP_SQRT, 1, 1},
    {"DRND", OP_RND, 1, 1}, {"DMIN", OP_MIN, 2, 0}, {"DMAX", OP_MAX, 2, 0},
    {"DABS", OP_ABS, 1, 0}, {"DNEG", OP_NEG, 1, 0},
};

static void run_cases(hgt *t, uint64_t *rng, const fcase *cases, size_t ncases, int wide) {
    static const char *const srcs[] = {"R4", "R4, R6", "R4, R6, R8"};
    const hgt_pool *pool = wide ? F64 : F32;
    uint8_t w = (uint8_t)(wide + 1);
    for (size_t i = 0; i < ncases; i++) {
        const fcase *k = &cases[i];
        hgt_operands o;
        /* three-operand cases: every edge combination is 27^3; fewer extras */
        hgt_operands_make(&o, rng, pool, k->nsrc > 1 ? pool : NULL, k->nsrc > 2 ? pool : NULL,
                          k->nsrc > 2 ? 500 : 3000);
        hgt_shape s = {w, k->nsrc > 1 ? w : 0, k->nsrc > 2 ? w : 0, w};
        for (int rnd = 0; rnd < (k->rounded ? 4 : 1); rnd++) {
            fctx ctx = {k->op, rnd};
            char insn[64];
            snprintf(insn, sizeof insn, "%s%s R10, %s", k->mnem, rnd_suffix[rnd],
                     srcs[k->nsrc - 1]);
            hgt_opcheck op = {insn, s, wide ? ref_f64 : ref_f32, &ctx, wide ? eq_f64 : eq_f32};
            hgt_check_operands(t, &op, &o);
        }
        hgt_operands_free(&o);
    }
}

/* .RN spelled out is the default; immediates are float32 literals (FP64
 * widens them exactly). */
static void test_spellings(hgt *t, uint64_t *rng) {
    static const fctx add = {OP_ADD, HGT_RN}, mul = {OP_MUL, HGT_RN};
    hgt_operands o;
    hgt_operands_make(&o, rng, F32, F32, NULL, 200);
    hgt_opcheck rn = {"FADD.RN R10, R4, R6", {1, 1, 0, 1}, ref_f32, &add, eq_f32};
    hgt_check_operands(t, &rn, &o);
    for (uint32_t i = 0; i < o.n; i++)
        o.v[1][i] = 0x3fc00000; /* 1.5f */
    hgt_opcheck imm = {"FADD R10, R4, 1.5", {1, 1, 0, 1}, ref_f32, &add, eq_f32};
    hgt_check_operands(t, &imm, &o);
    hgt_opcheck hex = {"FMUL R10, R4, 0x3fc00000", {1, 1, 0, 1}, ref_f32, &mul, eq_f32};
    hgt_check_operands(t, &hex, &o);
    hgt_operands_free(&o);

    hgt_operands_make(&o, rng, F64, F64, NULL, 200);
    for (uint32_t i = 0; i < o.n; i++)
        o.v[1][i] = 0x4004000000000000; /* 2.5 */
    hgt_opcheck dimm = {"DADD R10, R4, 2.5", {2, 2, 0, 2}, ref_f64, &add, eq_f64};
    hgt_check_operands(t, &dimm, &o);
    hgt_operands_free(&o);
}

/* ---- comparisons ------------------------------------------------------------------ */

typedef struct setp_ctx {
    int wide, op, qneg;
} setp_ctx;

static uint64_t ref_setp(const void *ctx, uint64_t a, uint64_t b, uint64_t c) {
    const setp_ctx *s = ctx;
    double x = s->wide ? f64(a) : f32(a), y = s->wide ? f64(b) : f32(b);
    int r[16];
    for (unsigned k = 0; k < 16; k++)
        r[k] = hgt_fcmp(x, y, k);
    return hgt_setp_combine(r, s->op, (int)(c & 1) ^ s->qneg);
}

static void test_setp(hgt *t, uint64_t *rng) {
    for (int wide = 0; wide < 2; wide++)
        for (int op = 0; op < 3; op++)
            for (int qneg = 0; qneg < (op == 0 ? 2 : 1); qneg++) {
                setp_ctx ctx = {wide, op, qneg};
                hgt_str text = {0};
                hgt_setp_text(&text, wide ? "DSETP" : "FSETP", "", op, qneg);
                hgt_operands o;
                const hgt_pool *p = wide ? F64 : F32;
                hgt_operands_make(&o, rng, p, p, PRED, 500);
                hgt_opcheck chk = {text.s, {wide + 1, wide + 1, 1, 1}, ref_setp, &ctx, NULL};
                hgt_check_operands(t, &chk, &o);
                hgt_operands_free(&o);
                hgt_str_free(&text);
            }
}

int main(int argc, char **argv) {
    hgt t;
    hgt_open_args(&t, argc, argv);
    uint64_t rng = 7;
    run_cases(&t, &rng, f32_cases, sizeof f32_cases / sizeof f32_cases[0], 0);
    run_cases(&t, &rng, f64_cases, sizeof f64_cases / sizeof f64_cases[0], 1);
    test_spellings(&t, &rng);
    test_setp(&t, &rng);
    hgt_close(&t);
    hgt_op_summary();
    return hgt_finish("test_float");
}
