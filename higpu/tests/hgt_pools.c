/* hgt_pools.c -- shared operand pools (hgt_pools.h). */
#include "hgt_pools.h"

#define COUNT(e) (sizeof e / sizeof e[0])
#define POOL(e, fn)                                                                                \
    { e, COUNT(e), fn }

/* ---- integers ---------------------------------------------------------- */

static const uint64_t e_i32[] = {
    0,      1,          2,          3,          7,          31,         32,
    33,     0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0xfffffffe, 0xfffffff9,
    0xffff, 0x10000,    0x55555555, 0xaaaaaaaa, 0x12345678, 0xdeadbeef,
};
static const uint64_t e_i64[] = {
    0,
    1,
    2,
    7,
    63,
    64,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x100000000,
    ~0ull,
    ~0ull - 1,
    (uint64_t)-7,
    0xffffffff80000000,
    0x8000000000000000,
    0x8000000000000001,
    0x7fffffffffffffff,
    0x5555555555555555,
    0x123456789abcdef0,
    0xdeadbeefcafebabe,
};
static const uint64_t e_pred[] = {0, 1};

static uint64_t r_i32(uint64_t *rng) {
    uint64_t x = hgt_rand(rng);
    if ((x & 3) == 0)
        return (uint32_t)(int32_t)(int8_t)(x >> 8); /* small, either sign */
    return (uint32_t)(x >> 32);
}
static uint64_t r_i64(uint64_t *rng) {
    uint64_t x = hgt_rand(rng);
    switch (x & 3) {
    case 0: return (uint64_t)(int64_t)(int16_t)(x >> 8);
    case 1: return (uint64_t)(int64_t)(int32_t)hgt_rand(rng);
    default: return hgt_rand(rng);
    }
}
static uint64_t r_pred(uint64_t *rng) {
    return hgt_rand(rng) & 1;
}

const hgt_pool hgt_i32 = POOL(e_i32, r_i32), hgt_i64 = POOL(e_i64, r_i64),
               hgt_pred = POOL(e_pred, r_pred);

/* ---- floating point ------------------------------------------------------- */

uint64_t hgt_random_float(uint64_t *rng, int ebits, int mbits) {
    uint64_t x = hgt_rand(rng), man = hgt_rand(rng) & ((1ull << mbits) - 1), sign = x >> 63;
    int64_t bias = (1 << (ebits - 1)) - 1, emax = (1 << ebits) - 2, span = ebits > 5 ? 20 : 6, e;
    switch (x & 7) {
    case 0:
    case 1: return hgt_rand(rng) >> (64 - (1 + ebits + mbits));
    case 2: e = (int64_t)(x >> 8) % 4; break;        /* subnormal or just above */
    case 3: e = emax - (int64_t)(x >> 8) % 4; break; /* near overflow */
    default: e = bias + (int64_t)((x >> 8) % (2 * span + 1)) - span; break;
    }
    return sign << (ebits + mbits) | (uint64_t)e << mbits | man;
}

/* Besides the usual suspects: 1 + 2^-5 times 1 + 2^-6 (FP16) and (1 + 2^-4)^2
 * (BF16) are exact ties, so adding the smallest subnormal must round them
 * up -- a sum computed in a wider format first would lose it. */
static const uint64_t e_f16[] = {
    0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0xfd01, 0x7c01, 0x0001, 0x8001, 0x03ff,
    0x0200, 0x0400, 0x8400, 0x7bff, 0xfbff, 0x3c00, 0xbc00, 0x3c01, 0x3bff, 0x3800,
    0x4200, 0x6800, 0x6401, 0xc740, 0x3555, 0x1400, 0x3c20, 0x3c10,
};
static const uint64_t e_bf16[] = {
    0x0000, 0x8000, 0x7f80, 0xff80, 0x7fc0, 0xff81, 0x7f81, 0x0001, 0x8001, 0x007f,
    0x0040, 0x0080, 0x8080, 0x7f7f, 0xff7f, 0x3f80, 0xbf80, 0x3f81, 0x3f7f, 0x3f00,
    0x4040, 0x4b80, 0x4b01, 0xc0e8, 0x3eab, 0x3400, 0x3f88, 0x0d80,
};
static const uint64_t e_f32[] = {
    0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7f800001,
    0x00000001, 0x80000001, 0x007fffff, 0x00400000, 0x00800000, 0x80800000, 0x7f7fffff,
    0xff7fffff, 0x7effffff, 0x3f800000, 0xbf800000, 0x3f800001, 0x3f7fffff, 0x3f000000,
    0x40400000, 0x4b800000, 0x4b000001, 0xc0e80000, 0x3eaaaaab, 0x34000000,
};
static const uint64_t e_f64[] = {
    0x0000000000000000, 0x8000000000000000, 0x7ff0000000000000, 0xfff0000000000000,
    0x7ff8000000000000, 0xfff8000000000001, 0x7ff0000000000001, 0x0000000000000001,
    0x8000000000000001, 0x000fffffffffffff, 0x0010000000000000, 0x8010000000000000,
    0x7fefffffffffffff, 0xffefffffffffffff, 0x3ff0000000000000, 0xbff0000000000000,
    0x3ff0000000000001, 0x3fefffffffffffff, 0x3fe0000000000000, 0x4008000000000000,
    0x4340000000000000, 0x4330000000000001, 0xc01d000000000000, 0x3fd5555555555555,
    0x3cb0000000000000, 0x47efffffe0000000,
};

static uint64_t r_f16(uint64_t *rng) {
    return hgt_random_float(rng, 5, 10);
}
static uint64_t r_bf16(uint64_t *rng) {
    return hgt_random_float(rng, 8, 7);
}
static uint64_t r_f32(uint64_t *rng) {
    return hgt_random_float(rng, 8, 23);
}
static uint64_t r_f64(uint64_t *rng) {
    return hgt_random_float(rng, 11, 52);
}
static uint64_t r_f16x2(uint64_t *rng) {
    return r_f16(rng) | r_f16(rng) << 16;
}
static uint64_t r_bf16x2(uint64_t *rng) {
    return r_bf16(rng) | r_bf16(rng) << 16;
}

const hgt_pool hgt_f16 = POOL(e_f16, r_f16), hgt_bf16 = POOL(e_bf16, r_bf16),
               hgt_f32 = POOL(e_f32, r_f32), hgt_f64 = POOL(e_f64, r_f64);

/* Pairs: the low half runs through the edges in order, the high half in
 * reverse, so two operands' edge combinations pair every two edges in the
 * high halves too. */
static uint64_t e_f16x2[COUNT(e_f16)], e_bf16x2[COUNT(e_bf16)];

__attribute__((constructor)) static void make_pairs(void) {
    for (size_t i = 0; i < COUNT(e_f16); i++)
        e_f16x2[i] = e_f16[i] | e_f16[COUNT(e_f16) - 1 - i] << 16;
    for (size_t i = 0; i < COUNT(e_bf16); i++)
        e_bf16x2[i] = e_bf16[i] | e_bf16[COUNT(e_bf16) - 1 - i] << 16;
}

const hgt_pool hgt_f16x2 = POOL(e_f16x2, r_f16x2), hgt_bf16x2 = POOL(e_bf16x2, r_bf16x2);
