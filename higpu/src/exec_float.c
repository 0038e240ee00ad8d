/* exec_float.c -- FP32, FP64, special functions, FP16/BF16 and conversions.
 *
 * Arithmetic is IEEE: the file is built with -ffp-contract=off (no silent
 * fusing) and -frounding-math, and a rounding modifier other than .RN switches
 * the host's rounding mode around the lane loop. */
#include <fenv.h>
#include <math.h>

#include "exec.h"
#include "handlers.h"
#include "softfloat.h"

static const int host_rounding[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};

#define RND(in) hisa_mod_get((in)->mods, HISA_MG_RND)

/* Runs BODY under the instruction's rounding mode. */
#define ROUNDED(in, ...)                                                           \
    do {                                                                            \
        unsigned rnd_ = RND(in);                                                    \
        if (HG_LIKELY(rnd_ == HISA_RND_RN)) {                                       \
            __VA_ARGS__;                                                            \
        } else {                                                                    \
            int old_ = fegetround();                                                \
            fesetround(host_rounding[rnd_]);                                        \
            __VA_ARGS__;                                                                   \
            fesetround(old_);                                                       \
        }                                                                           \
    } while (0)

/* ---- FP32 --------------------------------------------------------------------- */

#define F_UNARY(NAME, EXPR)                                                         \
    HG_DEF(NAME) {                                                                  \
        const float *A = hg_frow(w, in->a);                                         \
        float t[HG_WARP_SIZE];                                                      \
        ROUNDED(in, LANES {                                                         \
            float a = A[l];                                                         \
            t[l] = (EXPR);                                                          \
        });                                                                         \
        hg_store(hg_row(w, in->d), (const uint32_t *)t, exec);                      \
    }

#define F_BINARY(NAME, EXPR)                                                        \
    HG_DEF(NAME) {                                                                  \
        const float *A = hg_frow(w, in->a), *B = hg_frow(w, in->b);                 \
        float t[HG_WARP_SIZE];                                                      \
        ROUNDED(in, LANES {                                                         \
            float a = A[l], b = B[l];                                               \
            t[l] = (EXPR);                                                          \
        });                                                                         \
        hg_store(hg_row(w, in->d), (const uint32_t *)t, exec);                      \
    }

/* min/max as fminf/fmaxf (a NaN operand yields the other) with -0 < +0. */
static inline float fmin_hw(float a, float b) {
    if (a != a)
        return b;
    if (b != b)
        return a;
    if (a == b)
        return signbit(a) ? a : b;
    return a < b ? a : b;
}
static inline float fmax_hw(float a, float b) {
    if (a != a)
        return b;
    if (b != b)
        return a;
    if (a == b)
        return signbit(a) ? b : a;
    return a > b ? a : b;
}
static inline double dmin_hw(double a, double b) {
    if (a != a)
        return b;
    if (b != b)
        return a;
    if (a == b)
        return signbit(a) ? a : b;
    return a < b ? a : b;
}
static inline double dmax_hw(double a, double b) {
    if (a != a)
        return b;
    if (b != b)
        return a;
    if (a == b)
        return signbit(a) ? b : a;
    return a > b ? a : b;
}

F_BINARY(FADD, a + b)
F_BINARY(FSUB, a - b)
F_BINARY(FMUL, a * b)
HG_DEF(FFMA) {
    const float *A = hg_frow(w, in->a), *B = hg_frow(w, in->b), *C = hg_frow(w, in->c);
    float t[HG_WARP_SIZE];
    ROUNDED(in, LANES t[l] = fmaf(A[l], B[l], C[l]));
    hg_store(hg_row(w, in->d), (const uint32_t *)t, exec);
}
F_BINARY(FMIN, fmin_hw(a, b))
F_BINARY(FMAX, fmax_hw(a, b))
HG_DEF(FABS) {
    const uint32_t *A = hg_row(w, in->a);
    uint32_t t[HG_WARP_SIZE];
    LANES t[l] = A[l] & 0x7fffffffu;
    hg_store(hg_row(w, in->d), t, exec);
}
HG_DEF(FNEG) {
    const uint32_t *A = hg_row(w, in->a);
    uint32_t t[HG_WARP_SIZE];
    LANES t[l] = A[l] ^ 0x80000000u;
    hg_store(hg_row(w, in->d), t, exec);
}
F_BINARY(FDIV, a / b)
F_UNARY(FSQRT, sqrtf(a))

static float round_integral_f(float a, unsigned rnd) {
    switch (rnd) {
    case HISA_RND_RZ: return truncf(a);
    case HISA_RND_RM: return floorf(a);
    case HISA_RND_RP: return ceilf(a);
    default: return nearbyintf(a);
    }
}
static double round_integral_d(double a, unsigned rnd) {
    switch (rnd) {
    case HISA_RND_RZ: return trunc(a);
    case HISA_RND_RM: return floor(a);
    case HISA_RND_RP: return ceil(a);
    default: return nearbyint(a);
    }
}

HG_DEF(FRND) {
    const float *A = hg_frow(w, in->a);
    unsigned rnd = RND(in);
    float t[HG_WARP_SIZE];
    LANES t[l] = round_integral_f(A[l], rnd);
    hg_store(hg_row(w, in->d), (const uint32_t *)t, exec);
}

/* Float comparison: ordered forms are false on NaN, the ...U forms true. */
static inline int fcmp(double a, double b, unsigned cmp) {
    int un = a != a || b != b;
    switch (cmp) {
    case HISA_CMP_EQ: return !un && a == b;
    case HISA_CMP_NE: return !un && a != b;
    case HISA_CMP_LT: return !un && a < b;
    case HISA_CMP_LE: return !un && a <= b;
    case HISA_CMP_GT: return !un && a > b;
    case HISA_CMP_GE: return !un && a >= b;
    case HISA_CMP_EQU: return un || a == b;
    case HISA_CMP_NEU: return un || a != b;
    case HISA_CMP_LTU: return un || a < b;
    case HISA_CMP_LEU: return un || a <= b;
    case HISA_CMP_GTU: return un || a > b;
    case HISA_CMP_GEU: return un || a >= b;
    case HISA_CMP_NUM: return !un;
    case HISA_CMP_NAN: return un;
    case HISA_CMP_T: return 1;
    default: return 0;
    }
}

HG_DEF(FSETP) {
    const float *A = hg_frow(w, in->a), *B = hg_frow(w, in->b);
    unsigned cmp = hisa_mod_get(in->mods, HISA_MG_CMP);
    uint32_t m = 0;
    LANES m |= (uint32_t)fcmp(A[l], B[l], cmp) << l;
    hg_set_pred(w, in->pd, hg_combine(w, in, m), exec);
}

/* Special functions.  HiGPU computes them with the host's libm (faithfully
 * rounded, at most 1 ulp from the true value), more accurately than a
 * hardware MUFU; docs/isa.md lists the bounds. */
static float mufu(float a, unsigned fn) {
    switch (fn) {
    case HISA_MUFU_RCP: return 1.0f / a;
    case HISA_MUFU_RSQ: return (float)(1.0 / sqrt((double)a));
    case HISA_MUFU_SQRT: return sqrtf(a);
    case HISA_MUFU_SIN: return sinf(a);
    case HISA_MUFU_COS: return cosf(a);
    case HISA_MUFU_EX2: return exp2f(a);
    case HISA_MUFU_LG2: return log2f(a);
    case HISA_MUFU_TANH: return tanhf(a);
    default: return NAN;
    }
}

HG_DEF(MUFU) {
    const float *A = hg_frow(w, in->a);
    unsigned fn = hisa_mod_get(in->mods, HISA_MG_MUFU);
    float t[HG_WARP_SIZE];
    LANES t[l] = ((exec >> l) & 1) ? mufu(A[l], fn) : 0.0f;
    hg_store(hg_row(w, in->d), (const uint32_t *)t, exec);
}

/* ---- FP64 (register pairs) ------------------------------------------------------- */

static inline void load_d(hg_warp *w, uint32_t row, double *v) {
    uint64_t u[HG_WARP_SIZE];
    hg_load64(w, row, u);
    memcpy(v, u, sizeof u);
}
static inline void store_d(hg_warp *w, uint32_t row, const double *v, uint32_t exec) {
    uint64_t u[HG_WARP_SIZE];
    memcpy(u, v, sizeof u);
    hg_store64(w, row, u, exec);
}

#define D_UNARY(NAME, EXPR)                                                         \
    HG_DEF(NAME) {                                                                  \
        double A[HG_WARP_SIZE], t[HG_WARP_SIZE];                                    \
        load_d(w, in->a, A);                                                        \
        ROUNDED(in, LANES {                                                         \
            double a = A[l];                                                        \
            t[l] = (EXPR);                                                          \
        });                                                                         \
        store_d(w, in->d, t, exec);                                                 \
    }
#define D_BINARY(NAME, EXPR)                                                        \
    HG_DEF(NAME) {                                                                  \
        double A[HG_WARP_SIZE], B[HG_WARP_SIZE], t[HG_WARP_SIZE];                   \
        load_d(w, in->a, A);                                                        \
        load_d(w, in->b, B);                                                        \
        ROUNDED(in, LANES {                                                         \
            double a = A[l], b = B[l];                                              \
            t[l] = (EXPR);                                                          \
        });                                                                         \
        store_d(w, in->d, t, exec);                                                 \
    }

D_BINARY(DADD, a + b)
D_BINARY(DSUB, a - b)
D_BINARY(DMUL, a * b)
HG_DEF(DFMA) {
    double A[HG_WARP_SIZE], B[HG_WARP_SIZE], C[HG_WARP_SIZE], t[HG_WARP_SIZE];
    load_d(w, in->a, A);
    load_d(w, in->b, B);
    load_d(w, in->c, C);
    ROUNDED(in, LANES t[l] = fma(A[l], B[l], C[l]));
    store_d(w, in->d, t, exec);
}
D_BINARY(DMIN, dmin_hw(a, b))
D_BINARY(DMAX, dmax_hw(a, b))
D_UNARY(DABS, fabs(a))
D_UNARY(DNEG, -a)
D_BINARY(DDIV, a / b)
D_UNARY(DSQRT, sqrt(a))
HG_DEF(DRND) {
    double A[HG_WARP_SIZE], t[HG_WARP_SIZE];
    unsigned rnd = RND(in);
    load_d(w, in->a, A);
    LANES t[l] = round_integral_d(A[l], rnd);
    store_d(w, in->d, t, exec);
}
HG_DEF(DSETP) {
    double A[HG_WARP_SIZE], B[HG_WARP_SIZE];
    load_d(w, in->a, A);
    load_d(w, in->b, B);
    unsigned cmp = hisa_mod_get(in->mods, HISA_MG_CMP);
    uint32_t m = 0;
    LANES m |= (uint32_t)fcmp(A[l], B[l], cmp) << l;
    hg_set_pred(w, in->pd, hg_combine(w, in, m), exec);
}

/* ---- FP16 / BF16 -------------------------------------------------------------------
 * A half result is computed in a wider format and rounded once to the 16-bit
 * format.  For +, - and * float is enough: a product of halves is exact, and
 * a float sum rounded again to a format of at most (24 - 2) / 2 bits rounds
 * as the exact sum would.  FMA needs more (half_fma). */

static inline int is_bf16(const hg_insn *in) { return hisa_mod_get(in->mods, HISA_MG_TYPE) == HISA_T_BF16; }
static inline float h2f(uint32_t h, int bf) { return bf ? hg_from_bf16((uint16_t)h) : hg_from_f16((uint16_t)h); }
static inline uint32_t f2h(double f, int bf) { return bf ? hg_to_bf16(f, HISA_RND_RN) : hg_to_f16(f, HISA_RND_RN); }

/* a * b + c of half operands, for one rounding to a half format.  The
 * product is exact in double; the sum is rounded to odd (truncated to 53
 * bits, the last bit set if anything was lost), which then rounds to any
 * format of at most 51 bits as the exact sum would.  A sum rounded to
 * nearest instead would round twice and miss ties: (1 + 2^-5)(1 + 2^-6) +
 * 2^-24 must round up in FP16, but in float (or double, for BF16) the tiny
 * addend vanishes and the tie goes to even. */
static double half_fma(float a, float b, float c) {
    double p = (double)a * b, s = p + c;
    if (!isfinite(s))
        return s;
    double bv = s - p, err = (p - (s - bv)) + (c - bv); /* TwoSum: s + err == p + c exactly */
    uint64_t u = hg_u64(s);
    if (err != 0 && !(u & 1)) /* inexact and even: take the odd neighbour on err's side */
        u = (err > 0) == (s > 0) ? u + 1 : u - 1;
    return hg_f64(u);
}

typedef enum { H_ADD, H_MUL, H_FMA, H_MIN, H_MAX } half_op;

static inline double half_apply(half_op op, float a, float b, float c) {
    switch (op) {
    case H_ADD: return a + b;
    case H_MUL: return a * b;
    case H_FMA: return half_fma(a, b, c);
    case H_MIN: return fmin_hw(a, b);
    default: return fmax_hw(a, b);
    }
}

/* halves = 1: low half only (upper half of d cleared); 2: both halves. */
static void half_exec(hg_warp *w, const hg_insn *in, uint32_t exec, half_op op, int halves) {
    const uint32_t *A = hg_row(w, in->a), *B = hg_row(w, in->b), *C = hg_row(w, in->c);
    int bf = is_bf16(in);
    uint32_t t[HG_WARP_SIZE];
    LANES {
        uint32_t r = 0;
        if ((exec >> l) & 1) {
            for (int h = 0; h < halves; h++) {
                int s = 16 * h;
                double v = half_apply(op, h2f(A[l] >> s & 0xffff, bf), h2f(B[l] >> s & 0xffff, bf),
                                      op == H_FMA ? h2f(C[l] >> s & 0xffff, bf) : 0.0f);
                r |= f2h(v, bf) << s;
            }
        }
        t[l] = r;
    }
    hg_store(hg_row(w, in->d), t, exec);
}

HG_DEF(HADD) { half_exec(w, in, exec, H_ADD, 1); }
HG_DEF(HMUL) { half_exec(w, in, exec, H_MUL, 1); }
HG_DEF(HFMA) { half_exec(w, in, exec, H_FMA, 1); }
HG_DEF(HMIN) { half_exec(w, in, exec, H_MIN, 1); }
HG_DEF(HMAX) { half_exec(w, in, exec, H_MAX, 1); }
HG_DEF(HADD2) { half_exec(w, in, exec, H_ADD, 2); }
HG_DEF(HMUL2) { half_exec(w, in, exec, H_MUL, 2); }
HG_DEF(HFMA2) { half_exec(w, in, exec, H_FMA, 2); }
HG_DEF(HMIN2) { half_exec(w, in, exec, H_MIN, 2); }
HG_DEF(HMAX2) { half_exec(w, in, exec, H_MAX, 2); }

HG_DEF(HSETP) {
    const uint32_t *A = hg_row(w, in->a), *B = hg_row(w, in->b);
    int bf = is_bf16(in);
    unsigned cmp = hisa_mod_get(in->mods, HISA_MG_CMP);
    uint32_t m = 0;
    LANES m |= (uint32_t)fcmp(h2f(A[l] & 0xffff, bf), h2f(B[l] & 0xffff, bf), cmp) << l;
    hg_set_pred(w, in->pd, hg_combine(w, in, m), exec);
}

/* ---- CVT ------------------------------------------------------------------------------ */

typedef enum { K_SINT, K_UINT, K_FLOAT } num_kind;

static num_kind kind_of(unsigned t) {
    switch (t) {
    case HISA_T_U8: case HISA_T_U16: case HISA_T_U32: case HISA_T_U64: case HISA_T_B64: return K_UINT;
    case HISA_T_F16: case HISA_T_BF16: case HISA_T_F32: case HISA_T_F64: return K_FLOAT;
    default: return K_SINT; /* S8, S16, S32, S64, B32 */
    }
}

/* Reads a lane's source value as a double (floats) or 64-bit integer. */
static void cvt_read(unsigned t, uint32_t lo, uint32_t hi, double *f, int64_t *s, uint64_t *u) {
    switch (t) {
    case HISA_T_U8: *u = lo & 0xff; break;
    case HISA_T_S8: *s = (int8_t)lo; break;
    case HISA_T_U16: *u = lo & 0xffff; break;
    case HISA_T_S16: *s = (int16_t)lo; break;
    case HISA_T_U32: *u = lo; break;
    case HISA_T_U64: case HISA_T_B64: *u = (uint64_t)hi << 32 | lo; break;
    case HISA_T_S64: *s = (int64_t)((uint64_t)hi << 32 | lo); break;
    case HISA_T_F16: *f = hg_from_f16((uint16_t)lo); break;
    case HISA_T_BF16: *f = hg_from_bf16((uint16_t)lo); break;
    case HISA_T_F32: *f = hg_f32(lo); break;
    case HISA_T_F64: *f = hg_f64((uint64_t)hi << 32 | lo); break;
    default: *s = (int32_t)lo; break;
    }
}

/* Float -> integer: round by rnd, saturate to the destination's range.  NaN
 * gives what an NVIDIA H200 gives (tools/nvidia-reference): 2^63 to 64-bit
 * types (signed or not), 2^31 from a negative F64 NaN to 32-bit ones, else 0.
 * The limits are compared as powers of two, exact in double (2^64 - 1 is
 * not). */
static uint64_t cvt_f2i(double v, unsigned st, unsigned t, unsigned rnd) {
    int bits = t == HISA_T_DEFAULT ? 32 : (int)hisa_type_bytes((hisa_type)t) * 8;
    if (v != v)
        return bits == 64 ? 1ull << 63 : (bits == 32 && st == HISA_T_F64 && signbit(v)) ? 1ull << 31 : 0;
    v = round_integral_d(v, rnd);
    if (kind_of(t) == K_UINT) {
        if (v <= 0)
            return 0;
        return v >= ldexp(1.0, bits) ? ~0ull >> (64 - bits) : (uint64_t)v;
    }
    uint64_t max = (1ull << (bits - 1)) - 1;
    if (v >= ldexp(1.0, bits - 1))
        return max;
    if (v < -ldexp(1.0, bits - 1))
        return ~max; /* the minimum, sign-extended */
    return (uint64_t)(int64_t)v;
}

/* An integer result narrowed to the destination width and extended to 32
 * bits as PTX does for sub-word destinations. */
static uint64_t narrow(uint64_t v, unsigned t) {
    switch (t) {
    case HISA_T_U8: return v & 0xff;
    case HISA_T_S8: return (uint32_t)(int32_t)(int8_t)v;
    case HISA_T_U16: return v & 0xffff;
    case HISA_T_S16: return (uint32_t)(int32_t)(int16_t)v;
    case HISA_T_U64: case HISA_T_S64: case HISA_T_B64: return v;
    default: return v & 0xffffffffu;
    }
}

/* An integer as a double rounded to odd (truncated to 53 bits, the last one
 * set if anything was lost), so that rounding it to a half format gives what
 * rounding the integer itself would.  A plain conversion would round twice:
 * 2^62 + 2^54 + 1 would become the BF16 tie 2^62 + 2^54, then round to even. */
static double u64_to_double_odd(uint64_t u) {
    if (u < (1ull << 53))
        return (double)u;
    int drop = 11 - __builtin_clzll(u); /* bits past the top 53 */
    uint64_t lost = u & ((1ull << drop) - 1);
    return (double)((u - lost) | (lost ? 1ull << drop : 0));
}

static uint64_t cvt_lane(unsigned dt, unsigned st, unsigned rnd, uint32_t lo, uint32_t hi) {
    double f = 0;
    int64_t s = 0;
    uint64_t u = 0;
    cvt_read(st, lo, hi, &f, &s, &u);
    num_kind sk = kind_of(st), dk = kind_of(dt);
    if (dk != K_FLOAT) {
        if (sk == K_FLOAT)
            return narrow(cvt_f2i(f, st, dt, rnd), dt);
        return narrow(sk == K_SINT ? (uint64_t)s : u, dt);
    }
    /* to float: integers are rounded by the host under the rounding mode */
    int old = fegetround();
    if (rnd != HISA_RND_RN)
        fesetround(host_rounding[rnd]);
    uint64_t r;
    switch (dt) {
    case HISA_T_F64:
        r = hg_u64(sk == K_FLOAT ? f : sk == K_SINT ? (double)s : (double)u);
        break;
    case HISA_T_F32:
        r = hg_u32(sk == K_FLOAT ? (float)f : sk == K_SINT ? (float)s : (float)u);
        break;
    default: { /* F16 / BF16: through a double, rounded to odd for big integers */
        double v = f;
        if (sk == K_UINT)
            v = u64_to_double_odd(u);
        else if (sk == K_SINT)
            v = s < 0 ? -u64_to_double_odd(0ull - (uint64_t)s) : u64_to_double_odd((uint64_t)s);
        r = dt == HISA_T_BF16 ? hg_to_bf16(v, rnd) : hg_to_f16(v, rnd);
        break;
    }
    }
    if (rnd != HISA_RND_RN)
        fesetround(old);
    return r;
}

HG_DEF(CVT) {
    unsigned dt = hisa_mod_get(in->mods, HISA_MG_TYPE), st = hisa_mod_get(in->mods, HISA_MG_TYPE2);
    unsigned rnd = RND(in);
    int src_wide = hisa_type_bytes((hisa_type)st) == 8;
    const uint32_t *A = hg_row(w, in->a), *AH = src_wide ? hg_row(w, in->a + 1) : A;
    uint64_t t[HG_WARP_SIZE];
    LANES t[l] = ((exec >> l) & 1) ? cvt_lane(dt, st, rnd, A[l], AH[l]) : 0;
    if (hisa_type_bytes((hisa_type)dt) == 8) {
        hg_store64(w, in->d, t, exec);
    } else {
        uint32_t lo[HG_WARP_SIZE];
        LANES lo[l] = (uint32_t)t[l];
        hg_store(hg_row(w, in->d), lo, exec);
    }
}
