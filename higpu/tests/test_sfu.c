/* test_sfu.c -- MUFU accuracy: each function over a sweep of inputs, the
 * error in units in the last place of the float result measured against
 * the double-precision libm value, must stay within the bound documented
 * in the "SFU accuracy" table of docs/isa.md (hisa/mufu_accuracy.h, which
 * hisa-doc prints).  Special inputs (zeros, infinities, NaN, domain errors)
 * must give the IEEE results. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "hgt_op.h"
#include "hisa/mufu_accuracy.h"

enum {
    SWEEP = 1 << 16,
    NFN = sizeof hisa_mufu_accuracy_table / sizeof hisa_mufu_accuracy_table[0]
};

static double rcp(double x) {
    return 1 / x;
}
static double rsq(double x) {
    return 1 / sqrt(x);
}

/* The exact functions, by HISA_MUFU_* */
static double (*const refs[NFN])(double) = {
    [HISA_MUFU_RCP] = rcp, [HISA_MUFU_RSQ] = rsq,  [HISA_MUFU_SQRT] = sqrt, [HISA_MUFU_SIN] = sin,
    [HISA_MUFU_COS] = cos, [HISA_MUFU_EX2] = exp2, [HISA_MUFU_LG2] = log2,  [HISA_MUFU_TANH] = tanh,
};

static float f32(uint64_t u) {
    uint32_t w = (uint32_t)u;
    float f;
    memcpy(&f, &w, 4);
    return f;
}
static uint64_t u32(float f) {
    uint32_t w;
    memcpy(&w, &f, 4);
    return w;
}

/* The spacing of floats at |v| (subnormal spacing below FLT_MIN). */
static double ulp_at(double v) {
    v = fabs(v);
    if (v < FLT_MIN)
        return 0x1p-149;
    int e;
    frexp(v, &e);
    return ldexp(1, e - 24);
}

/* Inputs: a log or linear sweep of the range (both signs for RCP), and one
 * in eight near the point where the result goes to zero and its ulp shrinks
 * (0 for SIN and TANH, 1 for LG2), where the relative error is largest. */
static void make_inputs(unsigned fn, uint64_t *rng, uint64_t *v) {
    const hisa_mufu_accuracy *f = &hisa_mufu_accuracy_table[fn];
    for (uint32_t i = 0; i < SWEEP; i++) {
        double u = (double)(hgt_rand(rng) >> 11) * 0x1p-53, x;
        double near = ldexp(u - 0.5, -(int)(hgt_rand(rng) % 40));
        if (i % 8 == 0 && (fn == HISA_MUFU_SIN || fn == HISA_MUFU_TANH)) {
            x = near;
        } else if (i % 8 == 0 && fn == HISA_MUFU_LG2) {
            x = 1 + near;
        } else if (f->lo > 0) {
            x = exp2(log2(f->lo) + u * (log2(f->hi) - log2(f->lo)));
            if (fn == HISA_MUFU_RCP && (i & 1))
                x = -x;
        } else {
            x = f->lo + u * (f->hi - f->lo);
        }
        v[i] = u32((float)x);
    }
}

static void test_sweeps(hgt *t, uint64_t *rng) {
    static uint64_t in[SWEEP], out[SWEEP];
    printf("%-5s %-24s %10s %8s\n", "MUFU", "inputs", "max ulp", "bound");
    for (unsigned k = 0; k < NFN; k++) {
        const hisa_mufu_accuracy *f = &hisa_mufu_accuracy_table[k];
        char insn[32];
        snprintf(insn, sizeof insn, "MUFU.%s R10, R4", f->name);
        make_inputs(k, rng, in);
        hgt_run_op(t, insn, (hgt_shape){1, 0, 0, 1}, SWEEP, in, NULL, NULL, out);
        double worst = 0;
        float worst_x = 0;
        for (uint32_t i = 0; i < SWEEP; i++) {
            double x = f32(in[i]), want = refs[k](x), got = f32(out[i]);
            double err = fabs(got - want) / ulp_at(want);
            if (!(err <= worst)) { /* also catches a NaN result */
                worst = isnan(err) ? INFINITY : err;
                worst_x = (float)x;
            }
        }
        printf("%-5s [%-10.4g, %10.4g] %10.4f %8.3g\n", f->name, f->lo, f->hi, worst, f->bound_ulp);
        if (!(worst <= f->bound_ulp)) {
            fprintf(stderr, "FAIL MUFU.%s: %.4f ulp at x = %a, bound %.3g\n", f->name, worst,
                    (double)worst_x, f->bound_ulp);
            hgt_failures++;
        }
    }
}

/* ---- special inputs ------------------------------------------------------------ */

static uint64_t ref_special(const void *ctx, uint64_t a, uint64_t b, uint64_t c) {
    const unsigned *fn = ctx;
    return u32((float)refs[*fn](f32(a)));
}

/* NaN, zeros and infinities exactly (sign included); other values within
 * the bound (plus the half ulp lost by rounding the reference to float). */
static int eq_special(const void *ctx, uint64_t got, uint64_t want) {
    const hisa_mufu_accuracy *f = &hisa_mufu_accuracy_table[*(const unsigned *)ctx];
    float g = f32(got), w = f32(want);
    if (isnan(w))
        return isnan(g);
    if (w == 0 || isinf(w))
        return got == want;
    return fabs((double)g - w) <= (f->bound_ulp + 0.5) * ulp_at(w);
}

static void test_specials(hgt *t) {
    static const float xs[] = {0.0f,    -0.0f,     INFINITY,   -INFINITY, NAN,    -1.0f,
                               1.0f,    0x1p-149f, -0x1p-149f, 0x1p-127f, 128.0f, -160.0f,
                               -149.0f, 20.0f,     -20.0f,     0.5f,      4.0f,   FLT_MAX};
    enum { N = sizeof xs / sizeof xs[0] };
    uint64_t in[N];
    for (int i = 0; i < N; i++)
        in[i] = u32(xs[i]);
    static const unsigned fns[NFN] = {0, 1, 2, 3, 4, 5, 6, 7};
    for (unsigned k = 0; k < NFN; k++) {
        char insn[32];
        snprintf(insn, sizeof insn, "MUFU.%s R10, R4", hisa_mufu_accuracy_table[k].name);
        hgt_opcheck op = {insn, {1, 0, 0, 1}, ref_special, &fns[k], eq_special};
        hgt_check_op(t, &op, N, in, NULL, NULL);
    }
}

int main(int argc, char **argv) {
    hgt t;
    hgt_open_args(&t, argc, argv);
    uint64_t rng = 3;
    test_sweeps(&t, &rng);
    test_specials(&t);
    hgt_close(&t);
    return hgt_finish("test_sfu");
}
