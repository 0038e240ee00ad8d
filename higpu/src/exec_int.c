/* exec_int.c -- integer, predicate, move and special-register instructions. */
#include <time.h>

#include "exec.h"
#include "handlers.h"

/* ---- shapes ------------------------------------------------------------------ */

#define ROWS2 const uint32_t *A = hg_row(w, in->a), *B = hg_row(w, in->b)
#define ROWS3 ROWS2, *C = hg_row(w, in->c)

#define UNARY32(NAME, EXPR)                                                         \
    HG_DEF(NAME) {                                                                  \
        const uint32_t *A = hg_row(w, in->a);                                       \
        uint32_t t[HG_WARP_SIZE];                                                   \
        LANES {                                                                     \
            uint32_t a = A[l];                                                      \
            t[l] = (EXPR);                                                          \
        }                                                                           \
        hg_store(hg_row(w, in->d), t, exec);                                        \
    }

#define BINARY32(NAME, EXPR)                                                        \
    HG_DEF(NAME) {                                                                  \
        ROWS2;                                                                      \
        uint32_t t[HG_WARP_SIZE];                                                   \
        LANES {                                                                     \
            uint32_t a = A[l], b = B[l];                                            \
            t[l] = (EXPR);                                                          \
        }                                                                           \
        hg_store(hg_row(w, in->d), t, exec);                                        \
    }

/* Signed (.S32, the default) or unsigned (.U32) by the TYPE modifier. */
#define BINARY32_SU(NAME, SEXPR, UEXPR)                                             \
    HG_DEF(NAME) {                                                                  \
        ROWS2;                                                                      \
        uint32_t t[HG_WARP_SIZE];                                                   \
        if (hg_is_unsigned(in->mods)) {                                             \
            LANES {                                                                 \
                uint32_t a = A[l], b = B[l];                                        \
                t[l] = (UEXPR);                                                     \
            }                                                                       \
        } else {                                                                    \
            LANES {                                                                 \
                int32_t a = (int32_t)A[l], b = (int32_t)B[l];                       \
                t[l] = (uint32_t)(SEXPR);                                           \
            }                                                                       \
        }                                                                           \
        hg_store(hg_row(w, in->d), t, exec);                                        \
    }

#define TERNARY32(NAME, EXPR)                                                       \
    HG_DEF(NAME) {                                                                  \
        ROWS3;                                                                      \
        uint32_t t[HG_WARP_SIZE];                                                   \
        LANES {                                                                     \
            uint32_t a = A[l], b = B[l], c = C[l];                                  \
            t[l] = (EXPR);                                                          \
        }                                                                           \
        hg_store(hg_row(w, in->d), t, exec);                                        \
    }

#define UNARY64(NAME, EXPR)                                                         \
    HG_DEF(NAME) {                                                                  \
        uint64_t A[HG_WARP_SIZE], t[HG_WARP_SIZE];                                  \
        hg_load64(w, in->a, A);                                                     \
        LANES {                                                                     \
            uint64_t a = A[l];                                                      \
            t[l] = (EXPR);                                                          \
        }                                                                           \
        hg_store64(w, in->d, t, exec);                                              \
    }

#define BINARY64(NAME, EXPR)                                                        \
    HG_DEF(NAME) {                                                                  \
        uint64_t A[HG_WARP_SIZE], B[HG_WARP_SIZE], t[HG_WARP_SIZE];                 \
        hg_load64(w, in->a, A);                                                     \
        hg_load64(w, in->b, B);                                                     \
        LANES {                                                                     \
            uint64_t a = A[l], b = B[l];                                            \
            t[l] = (EXPR);                                                          \
        }                                                                           \
        hg_store64(w, in->d, t, exec);                                              \
    }

#define BINARY64_SU(NAME, SEXPR, UEXPR)                                             \
    HG_DEF(NAME) {                                                                  \
        uint64_t A[HG_WARP_SIZE], B[HG_WARP_SIZE], t[HG_WARP_SIZE];                 \
        hg_load64(w, in->a, A);                                                     \
        hg_load64(w, in->b, B);                                                     \
        if (hg_is_unsigned(in->mods)) {                                             \
            LANES {                                                                 \
                uint64_t a = A[l], b = B[l];                                        \
                t[l] = (UEXPR);                                                     \
            }                                                                       \
        } else {                                                                    \
            LANES {                                                                 \
                int64_t a = (int64_t)A[l], b = (int64_t)B[l];                       \
                t[l] = (uint64_t)(SEXPR);                                           \
            }                                                                       \
        }                                                                           \
        hg_store64(w, in->d, t, exec);                                              \
    }

/* Division never traps: x / 0 and INT_MIN / -1 give PTX's documented values. */
static inline uint32_t sdiv32(int32_t a, int32_t b) {
    if (b == 0)
        return a >= 0 ? 0xffffffffu : 1u;
    if (b == -1)
        return (uint32_t)0 - (uint32_t)a;
    return (uint32_t)(a / b);
}
static inline uint32_t srem32(int32_t a, int32_t b) {
    if (b == 0)
        return (uint32_t)a;
    if (b == -1)
        return 0;
    return (uint32_t)(a % b);
}
static inline uint64_t sdiv64(int64_t a, int64_t b) {
    if (b == 0)
        return a >= 0 ? ~0ull : 1ull;
    if (b == -1)
        return 0ull - (uint64_t)a;
    return (uint64_t)(a / b);
}
static inline uint64_t srem64(int64_t a, int64_t b) {
    if (b == 0)
        return (uint64_t)a;
    if (b == -1)
        return 0;
    return (uint64_t)(a % b);
}

static inline uint32_t brev32(uint32_t x) {
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
    x = ((x >> 8) & 0x00ff00ffu) | ((x & 0x00ff00ffu) << 8);
    return (x >> 16) | (x << 16);
}

/* PTX bfe: bits past bit 31 read as 0 (.U32) or as the sign bit a[31]; the
 * signed result sign-extends from bit min(pos + len - 1, 31). */
static inline uint32_t bfe(uint32_t a, uint32_t b, int sign) {
    uint32_t pos = b & 0xff, len = (b >> 8) & 0xff;
    if (len == 0)
        return 0;
    if (pos > 31)
        return sign ? (uint32_t)((int32_t)a >> 31) : 0;
    uint64_t v = (uint64_t)a >> pos;
    if (sign) {
        uint32_t n = len < 32 - pos ? len : 32 - pos;
        return (uint32_t)((int64_t)(v << (64 - n)) >> (64 - n));
    }
    return len >= 32 ? (uint32_t)v : (uint32_t)(v & ((1ull << len) - 1));
}

static inline uint32_t bfi(uint32_t a, uint32_t b, uint32_t c) {
    uint32_t pos = b & 0xff, len = (b >> 8) & 0xff;
    if (len == 0 || pos > 31)
        return c;
    uint64_t m = ((len >= 32 ? ~0ull : ((1ull << len) - 1)) << pos) & 0xffffffffull;
    return (uint32_t)((c & ~m) | (((uint64_t)a << pos) & m));
}

static inline uint32_t prmt(uint32_t a, uint32_t b, uint32_t sel) {
    uint64_t v = (uint64_t)a | ((uint64_t)b << 32);
    uint32_t r = 0;
    for (int i = 0; i < 4; i++) {
        uint32_t s = (sel >> (4 * i)) & 0xf;
        uint32_t byte = (uint32_t)(v >> (8 * (s & 7))) & 0xff;
        if (s & 8)
            byte = (byte & 0x80) ? 0xff : 0;
        r |= byte << (8 * i);
    }
    return r;
}

/* ---- moves ------------------------------------------------------------------- */

HG_DEF(NOP) { (void)w, (void)in, (void)exec; }
HG_DEF(MOV) { hg_store(hg_row(w, in->d), hg_row(w, in->b), exec); }
HG_DEF(MOV64) {
    hg_store(hg_row(w, in->d), hg_row(w, in->b), exec);
    hg_store(hg_row(w, in->d + 1), hg_row(w, in->b + 1), exec);
}
HG_DEF(SEL) {
    ROWS2;
    uint32_t q = hg_pred(w, in->ps, in->psxor), t[HG_WARP_SIZE];
    LANES t[l] = ((q >> l) & 1) ? A[l] : B[l];
    hg_store(hg_row(w, in->d), t, exec);
}
HG_DEF(SEL64) {
    uint32_t q = hg_pred(w, in->ps, in->psxor);
    for (int h = 0; h < 2; h++) {
        const uint32_t *A = hg_row(w, in->a + h), *B = hg_row(w, in->b + h);
        uint32_t t[HG_WARP_SIZE];
        LANES t[l] = ((q >> l) & 1) ? A[l] : B[l];
        hg_store(hg_row(w, in->d + h), t, exec);
    }
}
TERNARY32(PRMT, prmt(a, b, c))
HG_DEF(P2R) {
    uint32_t q = hg_pred(w, in->ps, in->psxor), t[HG_WARP_SIZE];
    LANES t[l] = (q >> l) & 1;
    hg_store(hg_row(w, in->d), t, exec);
}

/* ---- 32-bit integer ------------------------------------------------------------ */

BINARY32(IADD, a + b)
BINARY32(ISUB, a - b)
BINARY32(IMUL, a * b)
BINARY32_SU(IMULHI, (int32_t)(((int64_t)a * b) >> 32), (uint32_t)(((uint64_t)a * b) >> 32))
TERNARY32(IMAD, a * b + c)
HG_DEF(IMULW) {
    ROWS2;
    uint64_t t[HG_WARP_SIZE];
    if (hg_is_unsigned(in->mods)) {
        LANES t[l] = (uint64_t)A[l] * B[l];
    } else {
        LANES t[l] = (uint64_t)((int64_t)(int32_t)A[l] * (int32_t)B[l]);
    }
    hg_store64(w, in->d, t, exec);
}
HG_DEF(IMADW) {
    ROWS2;
    uint64_t C[HG_WARP_SIZE], t[HG_WARP_SIZE];
    hg_load64(w, in->c, C);
    if (hg_is_unsigned(in->mods)) {
        LANES t[l] = (uint64_t)A[l] * B[l] + C[l];
    } else {
        LANES t[l] = (uint64_t)((int64_t)(int32_t)A[l] * (int32_t)B[l]) + C[l];
    }
    hg_store64(w, in->d, t, exec);
}
BINARY32_SU(IDIV, sdiv32(a, b), b ? a / b : 0xffffffffu)
BINARY32_SU(IREM, srem32(a, b), b ? a % b : a)
BINARY32_SU(IMIN, a < b ? a : b, a < b ? a : b)
BINARY32_SU(IMAX, a > b ? a : b, a > b ? a : b)
UNARY32(IABS, (int32_t)a < 0 ? 0u - a : a)
UNARY32(INEG, 0u - a)
BINARY32(AND, a & b)
BINARY32(OR, a | b)
BINARY32(XOR, a ^ b)
UNARY32(NOT, ~a)
BINARY32(SHL, b >= 32 ? 0 : a << b)
BINARY32_SU(SHR, a >> ((uint32_t)b > 31 ? 31 : b), (uint32_t)b > 31 ? 0 : a >> b)
HG_DEF(SHF_L) {
    ROWS3;
    int clamp = hisa_mod_get(in->mods, HISA_MG_CLAMP);
    uint32_t t[HG_WARP_SIZE];
    LANES {
        uint32_t s = clamp ? (B[l] > 32 ? 32 : B[l]) : (B[l] & 31);
        uint64_t v = ((uint64_t)C[l] << 32) | A[l];
        t[l] = s == 32 ? A[l] : (uint32_t)((v << s) >> 32);
    }
    hg_store(hg_row(w, in->d), t, exec);
}
HG_DEF(SHF_R) {
    ROWS3;
    int clamp = hisa_mod_get(in->mods, HISA_MG_CLAMP);
    uint32_t t[HG_WARP_SIZE];
    LANES {
        uint32_t s = clamp ? (B[l] > 32 ? 32 : B[l]) : (B[l] & 31);
        uint64_t v = ((uint64_t)C[l] << 32) | A[l];
        t[l] = s == 32 ? C[l] : (uint32_t)(v >> s);
    }
    hg_store(hg_row(w, in->d), t, exec);
}
UNARY32(POPC, (uint32_t)__builtin_popcount(a))
UNARY32(CLZ, a ? (uint32_t)__builtin_clz(a) : 32u)
UNARY32(BREV, brev32(a))
HG_DEF(BFE) {
    ROWS2;
    int sign = !hg_is_unsigned(in->mods);
    uint32_t t[HG_WARP_SIZE];
    LANES t[l] = bfe(A[l], B[l], sign);
    hg_store(hg_row(w, in->d), t, exec);
}
TERNARY32(BFI, bfi(a, b, c))

/* ---- comparisons to predicates -------------------------------------------------- */

#define CMP_INT(T, A, B, cmp, out)                                                  \
    do {                                                                            \
        uint32_t m_ = 0;                                                            \
        switch (cmp) {                                                              \
        case HISA_CMP_EQ: LANES m_ |= (uint32_t)((T)A[l] == (T)B[l]) << l; break;   \
        case HISA_CMP_NE: LANES m_ |= (uint32_t)((T)A[l] != (T)B[l]) << l; break;   \
        case HISA_CMP_LT: LANES m_ |= (uint32_t)((T)A[l] < (T)B[l]) << l; break;    \
        case HISA_CMP_LE: LANES m_ |= (uint32_t)((T)A[l] <= (T)B[l]) << l; break;   \
        case HISA_CMP_GT: LANES m_ |= (uint32_t)((T)A[l] > (T)B[l]) << l; break;    \
        case HISA_CMP_GE: LANES m_ |= (uint32_t)((T)A[l] >= (T)B[l]) << l; break;   \
        case HISA_CMP_T: m_ = HG_FULL; break;                                       \
        default: break;                                                             \
        }                                                                           \
        (out) = m_;                                                                 \
    } while (0)

/* Integers are never unordered: the ...U compares are the ordered ones,
 * .NUM always holds and .NAN never does. */
static inline unsigned int_cmp(unsigned cmp) {
    if (cmp >= HISA_CMP_EQU && cmp <= HISA_CMP_GEU)
        return cmp - HISA_CMP_EQU + HISA_CMP_EQ;
    return cmp == HISA_CMP_NUM ? HISA_CMP_T : cmp;
}

HG_DEF(ISETP) {
    ROWS2;
    unsigned cmp = int_cmp(hisa_mod_get(in->mods, HISA_MG_CMP));
    uint32_t m;
    if (hg_is_unsigned(in->mods))
        CMP_INT(uint32_t, A, B, cmp, m);
    else
        CMP_INT(int32_t, A, B, cmp, m);
    hg_set_pred(w, in->pd, hg_combine(w, in, m), exec);
}

HG_DEF(ISETP64) {
    uint64_t A[HG_WARP_SIZE], B[HG_WARP_SIZE];
    hg_load64(w, in->a, A);
    hg_load64(w, in->b, B);
    unsigned cmp = int_cmp(hisa_mod_get(in->mods, HISA_MG_CMP));
    uint32_t m;
    if (hg_is_unsigned(in->mods))
        CMP_INT(uint64_t, A, B, cmp, m);
    else
        CMP_INT(int64_t, A, B, cmp, m);
    hg_set_pred(w, in->pd, hg_combine(w, in, m), exec);
}

HG_DEF(PLOP) {
    /* x and y live in a and b as predicate rows; their negation in c. */
    uint32_t x = w->p[in->a] ^ (in->c & 1 ? HG_FULL : 0);
    uint32_t y = w->p[in->b] ^ (in->c & 2 ? HG_FULL : 0);
    uint32_t r;
    switch (hisa_mod_get(in->mods, HISA_MG_BOOL)) {
    case HISA_BOOL_OR: r = x | y; break;
    case HISA_BOOL_XOR: r = x ^ y; break;
    default: r = x & y; break;
    }
    hg_set_pred(w, in->pd, r, exec);
}

/* ---- 64-bit integer ---------------------------------------------------------------- */

BINARY64(IADD64, a + b)
BINARY64(ISUB64, a - b)
BINARY64(IMUL64, a * b)
BINARY64_SU(IMULHI64, (int64_t)(((__int128)a * b) >> 64),
            (uint64_t)(((unsigned __int128)a * b) >> 64))
HG_DEF(IMAD64) {
    uint64_t A[HG_WARP_SIZE], B[HG_WARP_SIZE], C[HG_WARP_SIZE], t[HG_WARP_SIZE];
    hg_load64(w, in->a, A);
    hg_load64(w, in->b, B);
    hg_load64(w, in->c, C);
    LANES t[l] = A[l] * B[l] + C[l];
    hg_store64(w, in->d, t, exec);
}
BINARY64_SU(IDIV64, sdiv64(a, b), b ? a / b : ~0ull)
BINARY64_SU(IREM64, srem64(a, b), b ? a % b : a)
BINARY64_SU(IMIN64, a < b ? a : b, a < b ? a : b)
BINARY64_SU(IMAX64, a > b ? a : b, a > b ? a : b)
UNARY64(IABS64, (int64_t)a < 0 ? 0ull - a : a)
UNARY64(INEG64, 0ull - a)
BINARY64(AND64, a & b)
BINARY64(OR64, a | b)
BINARY64(XOR64, a ^ b)
UNARY64(NOT64, ~a)
UNARY64(BREV64, ((uint64_t)brev32((uint32_t)a) << 32) | brev32((uint32_t)(a >> 32)))

/* Shifts by a 32-bit amount (b is one row). */
HG_DEF(SHL64) {
    uint64_t A[HG_WARP_SIZE], t[HG_WARP_SIZE];
    const uint32_t *B = hg_row(w, in->b);
    hg_load64(w, in->a, A);
    LANES t[l] = B[l] >= 64 ? 0 : A[l] << B[l];
    hg_store64(w, in->d, t, exec);
}
HG_DEF(SHR64) {
    uint64_t A[HG_WARP_SIZE], t[HG_WARP_SIZE];
    const uint32_t *B = hg_row(w, in->b);
    hg_load64(w, in->a, A);
    if (hg_is_unsigned(in->mods)) {
        LANES t[l] = B[l] >= 64 ? 0 : A[l] >> B[l];
    } else {
        LANES t[l] = (uint64_t)((int64_t)A[l] >> (B[l] > 63 ? 63 : B[l]));
    }
    hg_store64(w, in->d, t, exec);
}
HG_DEF(POPC64) {
    uint64_t A[HG_WARP_SIZE];
    uint32_t t[HG_WARP_SIZE];
    hg_load64(w, in->a, A);
    LANES t[l] = (uint32_t)__builtin_popcountll(A[l]);
    hg_store(hg_row(w, in->d), t, exec);
}
HG_DEF(CLZ64) {
    uint64_t A[HG_WARP_SIZE];
    uint32_t t[HG_WARP_SIZE];
    hg_load64(w, in->a, A);
    LANES t[l] = A[l] ? (uint32_t)__builtin_clzll(A[l]) : 64u;
    hg_store(hg_row(w, in->d), t, exec);
}

/* ---- special registers --------------------------------------------------------------- */

HG_DEF(S2R) {
    const hg_launch_ctx *lc = w->sm->lc;
    uint32_t t[HG_WARP_SIZE], hi[HG_WARP_SIZE];
    int wide = 0;
    switch (in->immb) {
    case HISA_SR_TID_X:
        if (lc->block.y == 1 && lc->block.z == 1) /* 1-D blocks: no division */
            LANES t[l] = w->tid_base + (uint32_t)l;
        else
            LANES t[l] = hg_lane_tid(w, (uint32_t)l).x;
        break;
    case HISA_SR_TID_Y: LANES t[l] = hg_lane_tid(w, (uint32_t)l).y; break;
    case HISA_SR_TID_Z: LANES t[l] = hg_lane_tid(w, (uint32_t)l).z; break;
    case HISA_SR_NTID_X: LANES t[l] = lc->block.x; break;
    case HISA_SR_NTID_Y: LANES t[l] = lc->block.y; break;
    case HISA_SR_NTID_Z: LANES t[l] = lc->block.z; break;
    case HISA_SR_CTAID_X: LANES t[l] = w->cta->id.x; break;
    case HISA_SR_CTAID_Y: LANES t[l] = w->cta->id.y; break;
    case HISA_SR_CTAID_Z: LANES t[l] = w->cta->id.z; break;
    case HISA_SR_NCTAID_X: LANES t[l] = lc->grid.x; break;
    case HISA_SR_NCTAID_Y: LANES t[l] = lc->grid.y; break;
    case HISA_SR_NCTAID_Z: LANES t[l] = lc->grid.z; break;
    case HISA_SR_LANEID: LANES t[l] = (uint32_t)l; break;
    case HISA_SR_WARPID: LANES t[l] = w->warp_in_cta; break;
    case HISA_SR_NWARPID: LANES t[l] = hg_ctx_config(lc->ctx)->max_warps_per_sm; break;
    case HISA_SR_SMID: LANES t[l] = w->sm->sm_id; break;
    case HISA_SR_NSMID: LANES t[l] = lc->nsm; break;
    case HISA_SR_LANEMASK_EQ: LANES t[l] = 1u << l; break;
    case HISA_SR_LANEMASK_LT: LANES t[l] = (1u << l) - 1; break;
    case HISA_SR_LANEMASK_LE: LANES t[l] = (uint32_t)((2ull << l) - 1); break;
    case HISA_SR_LANEMASK_GT: LANES t[l] = (uint32_t)(~0ull << (l + 1)); break;
    case HISA_SR_LANEMASK_GE: LANES t[l] = ~0u << l; break;
    case HISA_SR_CLOCK: LANES t[l] = (uint32_t)w->sm->clock; break;
    case HISA_SR_CLOCK64:
        wide = 1;
        LANES {
            t[l] = (uint32_t)w->sm->clock;
            hi[l] = (uint32_t)(w->sm->clock >> 32);
        }
        break;
    case HISA_SR_GLOBALTIMER: {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
        wide = 1;
        LANES {
            t[l] = (uint32_t)ns;
            hi[l] = (uint32_t)(ns >> 32);
        }
        break;
    }
    case HISA_SR_DYNSMEM: LANES t[l] = lc->dyn_shared; break;
    default: LANES t[l] = 0; break;
    }
    hg_store(hg_row(w, in->d), t, exec);
    if (wide)
        hg_store(hg_row(w, in->d + 1), hi, exec);
}
