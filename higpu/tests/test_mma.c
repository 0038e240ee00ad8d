/* test_mma.c -- WMMA m16n16k16: fragment loads and stores (row and column
 * layouts, leading dimensions, from global and shared memory through
 * generic addresses) and MMA with f16 and bf16 inputs, f32 and f16
 * accumulators, against a CPU reference.
 *
 * Rounding (exec_tensor.c, docs/isa.md): products of two f16 or two bf16
 * values are exact in f32, and D[i][j] accumulates C[i][j] + A[i][k]*B[k][j]
 * for k = 0..15 in order, rounding to nearest-even in f32 after every step;
 * an f16 accumulator is read into f32 and rounded to f16 once at the end.
 * The reference does exactly that, so results must match bit for bit (real
 * tensor cores sum in a different order and precision; the test documents
 * the emulator's defined order).  As a sanity bound the result must also
 * lie within 16 f32 roundings of the exact double-precision sum. */
#include <math.h>
#include <string.h>

#include "hgtest.h"

enum { FRAG = 16, REGION = 2560 }; /* bytes per matrix buffer (16 x 40 f32) */

typedef struct mcase {
    int bf16;            /* inputs bf16 (else f16) */
    int acc16;           /* f16 accumulator (else f32) */
    int mma;             /* 0: copy C to D; 1: D = A*B + C; 2: then D = A*B + D in place */
    int shared;          /* matrices staged in shared memory */
    char la, lb, lc, ld; /* 'R'ow or 'C'ol */
    uint32_t lda, ldb, ldc, ldd;
} mcase;

static const mcase cases[] = {
    {0, 0, 0, 0, 'R', 'R', 'R', 'C', 16, 16, 16, 24}, /* C row -> D col: a transpose */
    {0, 1, 0, 1, 'R', 'R', 'C', 'R', 16, 16, 20, 16},
    {0, 0, 1, 0, 'R', 'R', 'R', 'R', 16, 16, 16, 16},
    {0, 0, 1, 0, 'C', 'C', 'C', 'C', 24, 24, 20, 20},
    {0, 0, 1, 1, 'R', 'C', 'R', 'C', 40, 16, 24, 32},
    {0, 0, 1, 1, 'C', 'R', 'C', 'R', 16, 40, 16, 40},
    {1, 0, 1, 0, 'R', 'R', 'R', 'R', 16, 16, 16, 16},
    {1, 0, 1, 1, 'C', 'R', 'C', 'R', 32, 24, 16, 40},
    {1, 0, 1, 0, 'R', 'C', 'C', 'C', 24, 32, 40, 16},
    {0, 1, 1, 0, 'R', 'R', 'R', 'R', 16, 16, 16, 16},
    {0, 1, 1, 1, 'C', 'R', 'C', 'C', 24, 16, 16, 24},
    {1, 0, 2, 0, 'R', 'C', 'R', 'C', 16, 16, 16, 16},
    {0, 0, 2, 1, 'C', 'C', 'R', 'R', 16, 24, 32, 16},
    {0, 1, 2, 0, 'R', 'R', 'C', 'R', 16, 16, 16, 16},
};
#define NCASES (sizeof cases / sizeof cases[0])

/* ---- f16 / bf16 on the CPU ------------------------------------------------------------ */

static float f16_to_f32(uint16_t h) {
    int e = (h >> 10) & 31, m = h & 0x3ff;
    float v = e == 0    ? ldexpf((float)m, -24)
              : e == 31 ? (m ? NAN : INFINITY)
                        : ldexpf((float)(m | 0x400), e - 25);
    return (h & 0x8000) ? -v : v;
}

static float bf16_to_f32(uint16_t h) {
    uint32_t u = (uint32_t)h << 16;
    float f;
    memcpy(&f, &u, 4);
    return f;
}

/* Round to nearest even, with subnormals, overflow to infinity. */
static uint16_t f32_to_f16(float f) {
    uint32_t x;
    memcpy(&x, &f, 4);
    uint16_t sign = (uint16_t)((x >> 16) & 0x8000);
    uint32_t ax = x & 0x7fffffffu;
    if (ax >= 0x7f800000u)
        return sign | 0x7c00 | (ax > 0x7f800000u ? 0x200 : 0);
    if (ax >= 0x477ff000u) /* >= 65520 rounds to infinity */
        return sign | 0x7c00;
    if (ax < 0x38800000u) /* below 2^-14: a multiple of 2^-24 */
        return sign | (uint16_t)rintf(fabsf(f) * 16777216.0f);
    ax += 0xfff + ((ax >> 13) & 1);
    return sign | (uint16_t)((ax - ((127u - 15u) << 23)) >> 13);
}

static float in_to_f32(int bf16, uint16_t h) {
    return bf16 ? bf16_to_f32(h) : f16_to_f32(h);
}

/* A random f16/bf16 value of moderate magnitude; zeros and f16 subnormals too. */
static uint16_t rand_half(int bf16, uint64_t *rng) {
    uint64_t r = hgt_rand(rng);
    uint16_t sign = (uint16_t)((r & 1) << 15);
    if ((r >> 1) % 29 == 0)
        return sign; /* +-0 */
    if (bf16)
        return sign | (uint16_t)((127 - 8 + (r >> 8) % 12) << 7) | (uint16_t)((r >> 20) & 0x7f);
    if ((r >> 1) % 31 == 0)
        return sign | (uint16_t)((r >> 20) & 0x3ff); /* subnormal */
    return sign | (uint16_t)((15 - 6 + (r >> 8) % 9) << 10) | (uint16_t)((r >> 20) & 0x3ff);
}

/* Element (r, c) of a matrix in a buffer. */
static size_t elem(char layout, uint32_t ld, int r, int c) {
    return layout == 'R' ? (size_t)r * ld + (size_t)c : (size_t)r + (size_t)c * ld;
}

/* ---- the kernels ------------------------------------------------------------------------ */

static void emit_case(hgt_str *s, unsigned i) {
    const mcase *c = &cases[i];
    const char *it = c->bf16 ? "BF16" : "F16", *acc = c->acc16 ? "F16" : "F32";
    const char *L[2] = {"ROW", "COL"};
#define LAY(x) L[(x) == 'C']
    hgt_str_printf(s,
                   ".kernel mma%u\n"
                   ".param 0, 8\n.param 8, 8\n.param 16, 8\n.param 24, 8\n.param 32, 16\n"
                   "%s"
                   "    S2R R0, SR_LANEID\n"
                   "    LDP.B64 R2, [RZ]\n"
                   "    LDP.B64 R4, [RZ+8]\n"
                   "    LDP.B64 R6, [RZ+16]\n"
                   "    LDP.B64 R8, [RZ+24]\n"
                   "    LDP.B128 R10, [RZ+32]\n"
                   "    MOV64 R52, R8\n",
                   i, c->shared ? ".shared 10240\n" : "");
    if (c->shared) { /* stage A, B, C (and the D sentinel) in shared memory */
        hgt_str_printf(s,
                       "    MOV R40, R0\n"
                       "mma%u_in:\n"
                       "    SHL R41, R40, 2\n"
                       "    IMULW.U32 R42, R41, 1\n"
                       "    IADD64 R44, R2, R42\n"
                       "    LDG R46, [R44]\n"
                       "    STS [R41], R46\n"
                       "    IADD64 R44, R4, R42\n"
                       "    LDG R46, [R44]\n"
                       "    STS [R41+%d], R46\n"
                       "    IADD64 R44, R6, R42\n"
                       "    LDG R46, [R44]\n"
                       "    STS [R41+%d], R46\n"
                       "    IADD64 R44, R8, R42\n"
                       "    LDG R46, [R44]\n"
                       "    STS [R41+%d], R46\n"
                       "    IADD R40, R40, 32\n"
                       "    ISETP.LT.U32 P0, R40, %d\n"
                       "@P0 BRA mma%u_in\n"
                       "    BAR.SYNC 0\n"
                       "    CVTA.SHARED R2, RZ\n"
                       "    MOV R50, %d\n"
                       "    CVTA.SHARED R4, R50\n"
                       "    MOV R50, %d\n"
                       "    CVTA.SHARED R6, R50\n"
                       "    MOV R50, %d\n"
                       "    CVTA.SHARED R52, R50\n",
                       i, REGION, 2 * REGION, 3 * REGION, REGION / 4, i, REGION, 2 * REGION,
                       3 * REGION);
    }
    hgt_str_printf(s, "    WMMA.LD.C.%s.%s R24, [R6], R12\n", LAY(c->lc), acc);
    if (c->mma) {
        hgt_str_printf(s,
                       "    WMMA.LD.A.%s.%s R16, [R2], R10\n"
                       "    WMMA.LD.B.%s.%s R20, [R4], R11\n"
                       "    WMMA.MMA.%s.%s R32, R16, R20, R24\n",
                       LAY(c->la), it, LAY(c->lb), it, acc, it);
        if (c->mma == 2)
            hgt_str_printf(s, "    WMMA.MMA.%s.%s R32, R16, R20, R32\n", acc, it);
        hgt_str_printf(s, "    WMMA.ST.D.%s.%s [R52], R32, R13\n", LAY(c->ld), acc);
    } else {
        hgt_str_printf(s, "    WMMA.ST.D.%s.%s [R52], R24, R13\n", LAY(c->ld), acc);
    }
    if (c->shared)
        hgt_str_printf(s,
                       "    BAR.SYNC 0\n"
                       "    MOV R40, R0\n"
                       "mma%u_out:\n"
                       "    SHL R41, R40, 2\n"
                       "    IMULW.U32 R42, R41, 1\n"
                       "    IADD64 R44, R8, R42\n"
                       "    LDS R46, [R41+%d]\n"
                       "    STG [R44], R46\n"
                       "    IADD R40, R40, 32\n"
                       "    ISETP.LT.U32 P0, R40, %d\n"
                       "@P0 BRA mma%u_out\n",
                       i, 3 * REGION, REGION / 4, i);
    hgt_str_printf(s, "    EXIT\n");
#undef LAY
}

/* ---- the reference ------------------------------------------------------------------------ */

typedef struct mats {
    uint8_t a[REGION], b[REGION], c[REGION], d[REGION];
} mats;

static float acc_in(const mcase *c, const uint8_t *buf, size_t e) {
    if (c->acc16) {
        uint16_t h;
        memcpy(&h, buf + 2 * e, 2);
        return f16_to_f32(h);
    }
    float f;
    memcpy(&f, buf + 4 * e, 4);
    return f;
}

static float half_at(const mcase *c, const uint8_t *buf, size_t e) {
    uint16_t h;
    memcpy(&h, buf + 2 * e, 2);
    return in_to_f32(c->bf16, h);
}

/* D = A*B + C in the emulator's order (see the header comment). */
static void reference(const mcase *c, const mats *m, float C[FRAG][FRAG], float D[FRAG][FRAG],
                      int check_bound) {
    for (int i = 0; i < FRAG; i++)
        for (int j = 0; j < FRAG; j++) {
            float acc = C[i][j];
            double exact = C[i][j], mag = fabs(C[i][j]);
            for (int k = 0; k < FRAG; k++) {
                float a = half_at(c, m->a, elem(c->la, c->lda, i, k));
                float b = half_at(c, m->b, elem(c->lb, c->ldb, k, j));
                acc = fmaf(a, b, acc);
                exact += (double)a * b;
                mag += fabs((double)a * b);
            }
            D[i][j] = acc;
            if (check_bound && fabs(acc - exact) > 16 * ldexp(mag, -24) + ldexp(1.0, -140))
                fprintf(stderr, "mma: D[%d][%d] = %g is far from the exact %g\n", i, j, acc, exact),
                    hgt_failures++;
        }
}

static void round_acc(const mcase *c, float M[FRAG][FRAG]) {
    if (c->acc16)
        for (int i = 0; i < FRAG; i++)
            for (int j = 0; j < FRAG; j++)
                M[i][j] = f16_to_f32(f32_to_f16(M[i][j]));
}

static void test_mma(hgt *t) {
    hgt_str src = {0};
    for (unsigned i = 0; i < NCASES; i++)
        emit_case(&src, i);
    hgt_load(t, src.s);
    hgt_str_free(&src);
    uint64_t da = hgt_alloc(t, REGION), db = hgt_alloc(t, REGION), dc = hgt_alloc(t, REGION),
             dd = hgt_alloc(t, REGION);
    static mats m;
    uint64_t rng = 0xfeedbeefcafe1234ull;
    for (unsigned i = 0; i < NCASES; i++) {
        const mcase *c = &cases[i];
        /* everything not a matrix element is junk that must be neither read nor written */
        for (unsigned k = 0; k < REGION; k++) {
            m.a[k] = (uint8_t)hgt_rand(&rng);
            m.b[k] = (uint8_t)hgt_rand(&rng);
            m.c[k] = (uint8_t)hgt_rand(&rng);
            m.d[k] = (uint8_t)hgt_rand(&rng);
        }
        float C[FRAG][FRAG], D[FRAG][FRAG];
        for (int r = 0; r < FRAG; r++)
            for (int k = 0; k < FRAG; k++) {
                uint16_t a = rand_half(c->bf16, &rng), b = rand_half(c->bf16, &rng);
                memcpy(m.a + 2 * elem(c->la, c->lda, r, k), &a, 2);
                memcpy(m.b + 2 * elem(c->lb, c->ldb, r, k), &b, 2);
                size_t e = elem(c->lc, c->ldc, r, k);
                if (c->acc16) {
                    uint16_t h = rand_half(0, &rng);
                    memcpy(m.c + 2 * e, &h, 2);
                } else {
                    float f = (float)((int64_t)(hgt_rand(&rng) % 20001) - 10000) / 64.0f;
                    memcpy(m.c + 4 * e, &f, 4);
                }
                C[r][k] = acc_in(c, m.c, e);
            }
        hgt_put(t, da, m.a, REGION);
        hgt_put(t, db, m.b, REGION);
        hgt_put(t, dc, m.c, REGION);
        hgt_put(t, dd, m.d, REGION);
        struct {
            uint64_t a, b, c, d;
            uint32_t lda, ldb, ldc, ldd;
        } p = {da, db, dc, dd, c->lda, c->ldb, c->ldc, c->ldd};
        char name[16];
        snprintf(name, sizeof name, "mma%u", i);
        hg_launch_stats st;
        if (!hgt_run(t, name, hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), &p, sizeof p, &st))
            continue;
        CHECK(st.c.warp_class[HISA_CLASS_TENSOR] >= (c->mma ? 5u : 2u));
        if (c->mma == 0) {
            memcpy(D, C, sizeof D);
        } else {
            reference(c, &m, C, D, 1);
            round_acc(c, D);
            if (c->mma == 2) {
                float D1[FRAG][FRAG];
                memcpy(D1, D, sizeof D1);
                reference(c, &m, D1, D, 0);
                round_acc(c, D);
            }
        }
        uint8_t want[REGION], got[REGION];
        memcpy(want, m.d, REGION);
        for (int r = 0; r < FRAG; r++)
            for (int k = 0; k < FRAG; k++) {
                size_t e = elem(c->ld, c->ldd, r, k);
                if (c->acc16) {
                    uint16_t h = f32_to_f16(D[r][k]);
                    memcpy(want + 2 * e, &h, 2);
                } else {
                    memcpy(want + 4 * e, &D[r][k], 4);
                }
            }
        hgt_get(t, got, dd, REGION);
        int bad = 0;
        for (unsigned k = 0; k < REGION; k++)
            if (got[k] != want[k] && bad++ < 3)
                fprintf(stderr, "mma%u: byte %u of D is 0x%02x, expected 0x%02x\n", i, k, got[k],
                        want[k]);
        CHECK(bad == 0);
        /* the inputs are untouched */
        uint8_t back[REGION];
        hgt_get(t, back, dc, REGION);
        CHECK(!memcmp(back, m.c, REGION));
    }
}

/* The CPU conversions themselves, on values whose halves are known. */
static void test_reference_conversions(void) {
    CHECK_EQ_U(f32_to_f16(1.0f), 0x3c00);
    CHECK_EQ_U(f32_to_f16(65504.0f), 0x7bff);
    CHECK_EQ_U(f32_to_f16(65520.0f), 0x7c00);
    CHECK_EQ_U(f32_to_f16(ldexpf(1.0f, -24)), 0x0001);
    CHECK_EQ_U(f32_to_f16(ldexpf(1.0f, -25)), 0x0000); /* ties to even */
    CHECK_EQ_U(f32_to_f16(ldexpf(3.0f, -25)), 0x0002);
    CHECK_EQ_U(f32_to_f16(1.0f + ldexpf(1.0f, -11)), 0x3c00); /* tie to even */
    CHECK_EQ_U(f32_to_f16(1.0f + ldexpf(3.0f, -11)), 0x3c02);
    CHECK_EQ_U(f32_to_f16(-2.0f), 0xc000);
    for (uint32_t h = 0; h < 0x7c00; h++)
        if (f32_to_f16(f16_to_f32((uint16_t)h)) != h)
            CHECK_EQ_U(f32_to_f16(f16_to_f32((uint16_t)h)), h);
}

int main(int argc, char **argv) {
    test_reference_conversions();
    hgt t;
    hgt_open(&t, "teach", hgt_threads_arg(argc, argv));
    test_mma(&t);
    hgt_close(&t);
    return hgt_finish("test_mma");
}
