/* softfloat.h -- FP16 and BF16 conversions (IEEE binary16 and bfloat16),
 * with all four rounding modes, shared by the half, CVT and tensor handlers. */
#ifndef HIGPU_SOFTFLOAT_H
#define HIGPU_SOFTFLOAT_H

#include <math.h>
#include <stdint.h>

#include "hisa/hisa.h"

/* Rounds x into a float format with 1 sign bit, ebits exponent bits and mbits
 * stored mantissa bits; returns its bit pattern.  NaN becomes the canonical
 * quiet NaN with a clear sign (0x7fff for both half formats, as CUDA gives). */
static inline uint32_t hg_round_small(double x, int ebits, int mbits, unsigned rnd) {
    const int bias = (1 << (ebits - 1)) - 1, emax_field = (1 << ebits) - 1;
    int sign = signbit(x) != 0;
    uint32_t sbit = (uint32_t)sign << (ebits + mbits);
    if (isnan(x))
        return ((uint32_t)emax_field << mbits) | ((1u << mbits) - 1);
    if (isinf(x))
        return sbit | ((uint32_t)emax_field << mbits);
    double ax = fabs(x);
    if (ax == 0)
        return sbit;
    int e;
    frexp(ax, &e);
    int E = e - 1; /* ax = 1.f * 2^E */
    int sub = E < 1 - bias;
    double quantum = ldexp(1.0, (sub ? 1 - bias : E) - mbits);
    double q = ax / quantum, n = floor(q), rem = q - n;
    int up = 0;
    switch (rnd) {
    case HISA_RND_RN: up = rem > 0.5 || (rem == 0.5 && fmod(n, 2.0) != 0); break;
    case HISA_RND_RZ: up = 0; break;
    case HISA_RND_RP: up = rem > 0 && !sign; break;
    case HISA_RND_RM: up = rem > 0 && sign; break;
    }
    uint64_t m = (uint64_t)n + (uint64_t)up;
    if (sub)
        return sbit | (uint32_t)m; /* m == 1 << mbits is the smallest normal: still right */
    if (m == (2ull << mbits)) {
        E++;
        m >>= 1;
    }
    int field = E + bias;
    if (field >= emax_field) {
        int to_inf = rnd == HISA_RND_RN || (rnd == HISA_RND_RP && !sign) || (rnd == HISA_RND_RM && sign);
        if (to_inf)
            return sbit | ((uint32_t)emax_field << mbits);
        return sbit | ((uint32_t)(emax_field - 1) << mbits) | ((1u << mbits) - 1);
    }
    return sbit | ((uint32_t)field << mbits) | (uint32_t)(m - (1ull << mbits));
}

static inline uint16_t hg_to_f16(double x, unsigned rnd) { return (uint16_t)hg_round_small(x, 5, 10, rnd); }
static inline uint16_t hg_to_bf16(double x, unsigned rnd) { return (uint16_t)hg_round_small(x, 8, 7, rnd); }

static inline float hg_from_f16(uint16_t h) {
    int sign = h >> 15, exp = (h >> 10) & 0x1f, man = h & 0x3ff;
    float v;
    if (exp == 0)
        v = ldexpf((float)man, -24);
    else if (exp == 31)
        v = man ? NAN : INFINITY;
    else
        v = ldexpf((float)(man | 0x400), exp - 25);
    return sign ? -v : v;
}

static inline float hg_from_bf16(uint16_t h) {
    uint32_t u = (uint32_t)h << 16;
    float f;
    __builtin_memcpy(&f, &u, 4);
    return f;
}

/* f32 -> bf16 round-to-nearest-even: the fast path used by the tensor core. */
static inline uint16_t hg_to_bf16_rn(float f) {
    uint32_t u;
    __builtin_memcpy(&u, &f, 4);
    if ((u & 0x7fffffffu) > 0x7f800000u)
        return 0x7fff;
    u += 0x7fffu + ((u >> 16) & 1);
    return (uint16_t)(u >> 16);
}

#endif
