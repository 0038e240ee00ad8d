/* hgt_fpref.c -- exact binary floating-point reference (hgt_fpref.h). */
#include "hgt_fpref.h"

#include <math.h>

typedef unsigned __int128 u128;

/* Mantissas are normalised with their top bit here: far above the 53 bits
 * of any format, so a sticky bit below bit 0 never reaches a rounding
 * position, and a sum of two still fits in 128 bits. */
enum { TOP = 120 };

static hgt_xf special(int kind, int neg) {
    hgt_xf x = {kind, neg, 0, 0, 0};
    return x;
}

static int top_bit(u128 m) {
    int n = 0;
    while (m >> 1) {
        m >>= 1;
        n++;
    }
    return n;
}

/* Shifts the mantissa so its top bit is at TOP (a right shift folds the
 * bits shifted out into sticky). */
static hgt_xf normalise(hgt_xf x) {
    if (x.kind != HGT_XF_NUM)
        return x;
    int s = TOP - top_bit(x.man);
    if (s >= 0) {
        x.man <<= s;
    } else {
        if (x.man & (((u128)1 << -s) - 1))
            x.sticky = 1;
        x.man >>= -s;
    }
    x.exp -= s;
    return x;
}

hgt_xf hgt_xf_decode(hgt_fmt f, uint64_t bits) {
    int neg = (int)(bits >> (f.ebits + f.mbits)) & 1;
    uint64_t field = (bits >> f.mbits) & ((1ull << f.ebits) - 1),
             man = bits & ((1ull << f.mbits) - 1);
    int bias = (1 << (f.ebits - 1)) - 1;
    if (field == (1ull << f.ebits) - 1)
        return special(man ? HGT_XF_NAN : HGT_XF_INF, neg);
    if (field == 0 && man == 0)
        return special(HGT_XF_ZERO, neg);
    hgt_xf x = {HGT_XF_NUM, neg, 0, 0, 0};
    x.man = field ? man | (1ull << f.mbits) : man;
    x.exp = (field ? (int)field : 1) - bias - f.mbits;
    return x;
}

hgt_xf hgt_xf_from_u64(uint64_t v, int neg) {
    if (!v)
        return special(HGT_XF_ZERO, 0);
    hgt_xf x = {HGT_XF_NUM, neg, 0, 0, v};
    return x;
}

hgt_xf hgt_xf_from_s64(int64_t v) {
    return hgt_xf_from_u64(v < 0 ? 0ull - (uint64_t)v : (uint64_t)v, v < 0);
}

hgt_xf hgt_xf_mul(hgt_xf a, hgt_xf b) {
    int neg = a.neg ^ b.neg;
    if (a.kind == HGT_XF_NAN || b.kind == HGT_XF_NAN)
        return special(HGT_XF_NAN, 0);
    if (a.kind == HGT_XF_INF || b.kind == HGT_XF_INF) {
        if (a.kind == HGT_XF_ZERO || b.kind == HGT_XF_ZERO)
            return special(HGT_XF_NAN, 0);
        return special(HGT_XF_INF, neg);
    }
    if (a.kind == HGT_XF_ZERO || b.kind == HGT_XF_ZERO)
        return special(HGT_XF_ZERO, neg);
    /* exact: the inputs here have at most 64 significant bits each */
    a = normalise(a);
    b = normalise(b);
    a.man >>= TOP - 63; /* back to 64 bits: nothing set is lost */
    b.man >>= TOP - 63;
    hgt_xf x = {HGT_XF_NUM, neg, a.exp + b.exp + 2 * (TOP - 63), 0, a.man * b.man};
    return normalise(x);
}

hgt_xf hgt_xf_add(hgt_xf a, hgt_xf b, int rnd) {
    if (a.kind == HGT_XF_NAN || b.kind == HGT_XF_NAN)
        return special(HGT_XF_NAN, 0);
    if (a.kind == HGT_XF_INF || b.kind == HGT_XF_INF) {
        if (a.kind == HGT_XF_INF && b.kind == HGT_XF_INF && a.neg != b.neg)
            return special(HGT_XF_NAN, 0);
        return a.kind == HGT_XF_INF ? a : b;
    }
    if (a.kind == HGT_XF_ZERO && b.kind == HGT_XF_ZERO)
        return special(HGT_XF_ZERO, a.neg == b.neg ? a.neg : rnd == HGT_RM);
    if (a.kind == HGT_XF_ZERO)
        return b;
    if (b.kind == HGT_XF_ZERO)
        return a;
    a = normalise(a);
    b = normalise(b);
    if (a.exp < b.exp || (a.exp == b.exp && a.man < b.man)) {
        hgt_xf t = a;
        a = b;
        b = t;
    }
    /* |a| >= |b|: align b to a's exponent, keeping a sticky bit */
    int d = a.exp - b.exp, sticky = b.sticky;
    u128 bm = b.man;
    if (d >= 128) {
        bm = 0;
        sticky = 1;
    } else if (d > 0) {
        if (bm & (((u128)1 << d) - 1))
            sticky = 1;
        bm >>= d;
    }
    hgt_xf x = {HGT_XF_NUM, a.neg, a.exp, sticky | a.sticky, 0};
    if (a.neg == b.neg) {
        x.man = a.man + bm;
    } else {
        /* a - (bm + fraction) = (a - bm - 1) + (1 - fraction) */
        x.man = a.man - bm - (sticky ? 1 : 0);
        if (x.man == 0 && !x.sticky)
            return special(HGT_XF_ZERO, rnd == HGT_RM);
    }
    return normalise(x);
}

uint64_t hgt_xf_round(hgt_xf x, hgt_fmt f, int rnd) {
    const int bias = (1 << (f.ebits - 1)) - 1, emax = bias, emin = 1 - bias;
    const uint64_t field_max = (1ull << f.ebits) - 1, sign = (uint64_t)x.neg << (f.ebits + f.mbits);
    switch (x.kind) {
    case HGT_XF_NAN: return (field_max << f.mbits) | ((1ull << f.mbits) - 1);
    case HGT_XF_INF: return sign | (field_max << f.mbits);
    case HGT_XF_ZERO: return sign;
    }
    x = normalise(x);
    int e = x.exp + TOP;                     /* x = 1.xxx * 2^e */
    int q = (e < emin ? emin : e) - f.mbits; /* exponent of the last kept bit */
    int shift = q - x.exp;                   /* > 0: TOP is far above mbits */
    u128 kept, half, below;
    if (shift > 128) {
        kept = half = 0;
        below = 1;
    } else {
        kept = shift == 128 ? 0 : x.man >> shift;
        half = (x.man >> (shift - 1)) & 1;
        below = (x.man & (((u128)1 << (shift - 1)) - 1)) != 0;
    }
    below |= (u128)x.sticky;
    int inexact = half || below, up = 0;
    switch (rnd) {
    case HGT_RN: up = half && (below || (kept & 1)); break;
    case HGT_RZ: up = 0; break;
    case HGT_RM: up = inexact && x.neg; break;
    case HGT_RP: up = inexact && !x.neg; break;
    }
    kept += (u128)up;
    if (e < emin) /* subnormal; kept == 1 << mbits is the smallest normal */
        return sign | (uint64_t)kept;
    if (kept == ((u128)2 << f.mbits)) {
        kept >>= 1;
        e++;
    }
    if (e > emax) {
        int to_inf = rnd == HGT_RN || (rnd == HGT_RP && !x.neg) || (rnd == HGT_RM && x.neg);
        return to_inf ? sign | (field_max << f.mbits)
                      : sign | ((field_max - 1) << f.mbits) | ((1ull << f.mbits) - 1);
    }
    return sign | ((uint64_t)(e + bias) << f.mbits) | ((uint64_t)kept & ((1ull << f.mbits) - 1));
}

double hgt_fmt_to_double(hgt_fmt f, uint64_t bits) {
    hgt_xf x = hgt_xf_decode(f, bits);
    double v;
    switch (x.kind) {
    case HGT_XF_NAN: return NAN;
    case HGT_XF_INF: v = INFINITY; break;
    case HGT_XF_ZERO: v = 0; break;
    default: v = ldexp((double)(uint64_t)x.man, x.exp); break;
    }
    return x.neg ? -v : v;
}

int hgt_fmt_isnan(hgt_fmt f, uint64_t bits) {
    return hgt_xf_decode(f, bits).kind == HGT_XF_NAN;
}

int hgt_fcmp(double a, double b, unsigned cmp) {
    int un = isnan(a) || isnan(b);
    int lt = !un && a < b, eq = !un && a == b, gt = !un && a > b;
    int ordered[6] = {eq, lt || gt, lt, lt || eq, gt, gt || eq};
    if (cmp < 6)
        return ordered[cmp];
    if (cmp < 12)
        return un || ordered[cmp - 6];
    return cmp == 12 ? !un : cmp == 13 ? un : cmp == 14;
}
