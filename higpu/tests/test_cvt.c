/* test_cvt.c -- every CVT form: each pair of the types U8 S8 U16 S16 U32 S32
 * U64 S64 F16 BF16 F32 F64, under each rounding modifier where a float is
 * involved, against references written from docs/isa.md:
 *   int -> int     truncate or sign/zero-extend; no saturation;
 *   float -> int   round by the modifier, saturate to the type's range,
 *                  NaN gives 0 (2^63 to 64-bit types, 2^31 from -NaN F64
 *                  to 32-bit ones);
 *   -> float       rounded once by the modifier (hgt_fpref.c), NaN gives
 *                  0x7fff in FP16/BF16 (any NaN in F32/F64);
 *   sub-word integer results are extended to 32 bits by their own sign. */
#include <math.h>

#include "hgt_fpref.h"
#include "hgt_pools.h"

enum { U8, S8, U16, S16, U32, S32, U64, S64, F16, BF16, F32, F64, NTYPES };

static const char *const type_names[NTYPES] = {".U8",  ".S8",  ".U16", ".S16",  ".U32", ".S32",
                                               ".U64", ".S64", ".F16", ".BF16", ".F32", ".F64"};
static const char *const rnd_names[4] = {"", ".RZ", ".RM", ".RP"};

static int is_float(int t) {
    return t >= F16;
}
static int is_signed(int t) {
    return t == S8 || t == S16 || t == S32 || t == S64;
}
static int bits_of(int t) {
    static const int bits[NTYPES] = {8, 8, 16, 16, 32, 32, 64, 64, 16, 16, 32, 64};
    return bits[t];
}
static hgt_fmt fmt_of(int t) {
    return t == F16 ? HGT_F16 : t == BF16 ? HGT_BF16 : t == F32 ? HGT_F32 : HGT_F64;
}

/* ---- source pools ----------------------------------------------------------
 * The shared pools, plus integers that round at a tie (2^24 + 1 in F32,
 * 2^53 + 1 in F64, 2^62 + 2^54 + 1 in BF16, where a detour through double
 * would lose the +1) and floats at and around the integer limits and the
 * halfway points of each integer type. */

static const uint64_t e_int[] = {
    0x1000001,          0x20000000000001,   0x4040000000000001,
    0x8080000000000001, 0xfffffffffffff801, 0xffffff80,
    0x80000080,         0x7fffff80,         0x1001,
    0x8000000000000400,
};
static const double e_f2i[] = {
    0.5,
    1.5,
    2.5,
    -0.5,
    -1.5,
    -2.5,
    0.49999997,
    127.5,
    128,
    -128.5,
    -129,
    255.5,
    256,
    32767.5,
    -32768.5,
    65535.5,
    65536,
    2147483520.0,
    2147483647.5,
    2147483648.0,
    -2147483648.0,
    -2147483648.5,
    -2147483904.0,
    4294967040.0,
    4294967295.5,
    4294967296.0,
    9223372036854774784.0,
    9223372036854775808.0,
    -9223372036854775808.0,
    -9223372036854777856.0,
    18446744073709549568.0,
    18446744073709551616.0,
    1e30,
    -1e30,
};
enum { NINT = sizeof e_int / sizeof e_int[0], NF2I = sizeof e_f2i / sizeof e_f2i[0] };

static uint64_t to_fmt(hgt_fmt f, double v) {
    uint64_t u;
    __builtin_memcpy(&u, &v, 8);
    return hgt_xf_round(hgt_xf_decode(HGT_F64, u), f, HGT_RN);
}

/* An integer-valued float, or one near a half-integer, of magnitude up to
 * 2^66: conversions to every integer type round and saturate. */
static uint64_t random_integral(uint64_t *rng, hgt_fmt f) {
    uint64_t x = hgt_rand(rng);
    double v = ldexp((double)(x >> 11), -(int)(x % 53)) * (x & 1 ? -1 : 1); /* up to 2^53 */
    v = ldexp(round(v * 2) / 2, (int)((x >> 6) % 14));
    return to_fmt(f, v);
}
static uint64_t r_i_f16(uint64_t *rng) {
    return random_integral(rng, HGT_F16);
}
static uint64_t r_i_bf16(uint64_t *rng) {
    return random_integral(rng, HGT_BF16);
}
static uint64_t r_i_f32(uint64_t *rng) {
    return random_integral(rng, HGT_F32);
}
static uint64_t r_i_f64(uint64_t *rng) {
    return random_integral(rng, HGT_F64);
}

typedef struct src_pool {
    hgt_pool shared; /* hgt_pools edges + randoms */
    hgt_pool extra;  /* the conversion-specific ones */
} src_pool;

static uint64_t extra_edges[4][NF2I];
static src_pool pools[NTYPES];

static void make_pools(void) {
    static const hgt_pool *const shared_float[4] = {&hgt_f16, &hgt_bf16, &hgt_f32, &hgt_f64};
    static uint64_t (*const rnd_float[4])(uint64_t *) = {r_i_f16, r_i_bf16, r_i_f32, r_i_f64};
    static const hgt_pool ints = {e_int, NINT, NULL};
    for (int t = 0; t < NTYPES; t++) {
        if (!is_float(t)) {
            pools[t].shared = bits_of(t) == 64 ? hgt_i64 : hgt_i32;
            pools[t].extra = ints;
            pools[t].extra.random = pools[t].shared.random;
            continue;
        }
        int k = t - F16;
        for (int i = 0; i < NF2I; i++)
            extra_edges[k][i] = to_fmt(fmt_of(t), e_f2i[i]);
        pools[t].shared = *shared_float[k];
        pools[t].extra = (hgt_pool){extra_edges[k], NF2I, rnd_float[k]};
    }
}

/* The first half of the operands from the shared pool, the rest from the
 * conversion-specific one. */
static void make_operands(hgt_operands *o, uint64_t *rng, int st) {
    hgt_operands a, b;
    hgt_operands_make(&a, rng, &pools[st].shared, NULL, NULL, 1500);
    hgt_operands_make(&b, rng, &pools[st].extra, NULL, NULL, 1500);
    o->n = a.n + b.n;
    o->v[0] = malloc(o->n * sizeof(uint64_t));
    o->v[1] = o->v[2] = NULL;
    if (!o->v[0])
        exit(1);
    for (uint32_t i = 0; i < o->n; i++) {
        o->v[0][i] = i < a.n ? a.v[0][i] : b.v[0][i - a.n];
        if (is_float(st) && bits_of(st) == 16 && (i & 1)) /* the high half must be ignored */
            o->v[0][i] |= hgt_rand(rng) << 16 & 0xffff0000;
    }
    hgt_operands_free(&a);
    hgt_operands_free(&b);
}

/* ---- reference --------------------------------------------------------------- */

typedef struct cvt_ctx {
    int dt, st, rnd;
} cvt_ctx;

/* An integer result in the destination: narrowed, and a sub-word one
 * extended to 32 bits by the destination's signedness. */
static uint64_t narrow(uint64_t v, int t) {
    switch (bits_of(t)) {
    case 8: return is_signed(t) ? (uint32_t)(int32_t)(int8_t)v : (v & 0xff);
    case 16: return is_signed(t) ? (uint32_t)(int32_t)(int16_t)v : (v & 0xffff);
    case 32: return v & 0xffffffff;
    default: return v;
    }
}

/* An integer source as a 64-bit value and its sign. */
static uint64_t read_int(uint64_t a, int t, int *neg) {
    int64_t s;
    switch (t) {
    case U8: *neg = 0; return a & 0xff;
    case U16: *neg = 0; return a & 0xffff;
    case U32: *neg = 0; return a & 0xffffffff;
    case U64: *neg = 0; return a;
    case S8: s = (int8_t)a; break;
    case S16: s = (int16_t)a; break;
    case S32: s = (int32_t)a; break;
    default: s = (int64_t)a; break;
    }
    *neg = s < 0;
    return (uint64_t)s;
}

static uint64_t float_to_int(double v, int t, int neg_f64, int rnd) {
    if (isnan(v)) /* as measured on an NVIDIA H200 */
        return t == S64 || t == U64 ? 1ull << 63 : (t == S32 || t == U32) && neg_f64 ? 1ull << 31 : 0;
    switch (rnd) {
    case HGT_RZ: v = trunc(v); break;
    case HGT_RM: v = floor(v); break;
    case HGT_RP: v = ceil(v); break;
    default: v = nearbyint(v); break; /* ties to even */
    }
    int bits = bits_of(t);
    if (is_signed(t)) {
        double lim = ldexp(1, bits - 1);
        if (v >= lim)
            return narrow((1ull << (bits - 1)) - 1, t);
        if (v <= -lim)
            return narrow(0ull - (1ull << (bits - 1)), t);
        return narrow((uint64_t)(int64_t)v, t);
    }
    if (v <= 0)
        return 0;
    if (v >= ldexp(1, bits))
        return narrow(~0ull, t);
    return narrow((uint64_t)v, t);
}

static uint64_t ref_cvt(const void *ctx, uint64_t a, uint64_t b, uint64_t c) {
    const cvt_ctx *k = ctx;
    hgt_xf x;
    if (is_float(k->st)) {
        hgt_fmt f = fmt_of(k->st);
        uint64_t bits = bits_of(k->st) == 64 ? a : a & ((1ull << bits_of(k->st)) - 1);
        if (!is_float(k->dt))
            return float_to_int(hgt_fmt_to_double(f, bits), k->dt, k->st == F64 && (a >> 63), k->rnd);
        x = hgt_xf_decode(f, bits);
    } else {
        int neg;
        uint64_t v = read_int(a, k->st, &neg);
        if (!is_float(k->dt))
            return narrow(v, k->dt);
        x = hgt_xf_from_u64(neg ? 0ull - v : v, neg);
    }
    return hgt_xf_round(x, fmt_of(k->dt), k->rnd);
}

/* F32/F64 NaN results may carry any payload. */
static int eq_cvt(const void *ctx, uint64_t got, uint64_t want) {
    const cvt_ctx *k = ctx;
    if ((k->dt == F32 || k->dt == F64) && hgt_fmt_isnan(fmt_of(k->dt), want))
        return hgt_fmt_isnan(fmt_of(k->dt), got);
    return got == want;
}

static void test_cvt(hgt *t, uint64_t *rng) {
    for (int st = 0; st < NTYPES; st++) {
        hgt_operands o;
        make_operands(&o, rng, st);
        for (int dt = 0; dt < NTYPES; dt++) {
            /* the rounding modifier only matters when a float is involved */
            int nrnd = is_float(st) || is_float(dt) ? 4 : 1;
            for (int rnd = 0; rnd < nrnd; rnd++) {
                cvt_ctx ctx = {dt, st, rnd};
                char insn[64];
                snprintf(insn, sizeof insn, "CVT%s%s%s R10, R4", rnd_names[rnd], type_names[dt],
                         type_names[st]);
                hgt_shape s = {bits_of(st) == 64 ? 2 : 1, 0, 0, bits_of(dt) == 64 ? 2 : 1};
                hgt_opcheck op = {insn, s, ref_cvt, &ctx, eq_cvt};
                hgt_check_operands(t, &op, &o);
            }
        }
        hgt_operands_free(&o);
    }
}

int main(int argc, char **argv) {
    hgt t;
    hgt_open_args(&t, argc, argv);
    uint64_t rng = 5;
    make_pools();
    test_cvt(&t, &rng);
    hgt_close(&t);
    hgt_op_summary();
    return hgt_finish("test_cvt");
}
