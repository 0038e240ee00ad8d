/*
 * math_eval.cu -- the CUDA math API measured on a GPU.
 *
 * Evaluates every function of the table below in device code, in float and
 * double, over special values and N arguments spread over its domain, and
 * measures each result against a long double reference on the host
 * (libm_ref.h).  The same file builds with hcc (run on HiGPU: the test
 * hcc.libm.device.<opt>) and with nvcc (run on an NVIDIA GPU: how the two
 * compare is in docs/math.md).
 *
 *   math_eval [-n N] [--dump FILE] [--against FILE]
 *
 * Prints one line per function: the largest error in ulps of each precision
 * beside CUDA's documented bound, and exits non-zero when an error exceeds
 * its bound.  --dump writes the arguments and results (FILE: a small binary
 * format, below); --against FILE evaluates the arguments of a dump made on
 * another GPU and adds how far this GPU's results are from that one's (in
 * ulps; "=" when every result is bitwise identical).  A build by hcc also
 * checks that the device results equal those of the same library code
 * compiled for the host, which shows the compiler kept its meaning.
 */
#include "../conformance/conf.h"
#include "libm_ref.h"

#include <float.h>
#include <math.h>
#include <vector>

/* U(name, lo, hi, spread, f32 bound, f64 bound, reference of x)
 * B(name, xlo, xhi, xspread, ylo, yhi, yspread, f32 bound, f64 bound, reference of x, y)
 * Bounds are the maximum ulp errors of CUDA's programming guide (appendix
 * "Mathematical Functions"); lgamma's hold outside (-11.0001, -2.2637),
 * which the domain below avoids. */
#define MATH_FUNCS(U, B)                                                                                          \
    U(exp, -750, 710, LIN, 2, 1, expl(x))                                                                         \
    U(exp2, -1080, 1025, LIN, 2, 1, exp2l(x))                                                                     \
    U(exp10, -330, 310, LIN, 2, 1, exp10l(x))                                                                     \
    U(expm1, -40, 710, LOG, 1, 1, expm1l(x))                                                                      \
    U(log, 0, DBL_MAX, LOG, 1, 1, logl(x))                                                                        \
    U(log2, 0, DBL_MAX, LOG, 1, 1, log2l(x))                                                                      \
    U(log10, 0, DBL_MAX, LOG, 2, 1, log10l(x))                                                                    \
    U(log1p, -1, DBL_MAX, LOG, 1, 1, log1pl(x))                                                                   \
    U(cbrt, -DBL_MAX, DBL_MAX, LOG, 1, 1, cbrtl(x))                                                               \
    U(rcbrt, -DBL_MAX, DBL_MAX, LOG, 1, 1, ref_rcbrt(x))                                                          \
    U(sinh, -720, 720, LOG, 3, 2, sinhl(x))                                                                       \
    U(cosh, -720, 720, LOG, 2, 1, coshl(x))                                                                       \
    U(tanh, -30, 30, LOG, 2, 1, tanhl(x))                                                                         \
    U(asinh, -DBL_MAX, DBL_MAX, LOG, 3, 3, asinhl(x))                                                             \
    U(acosh, 1, DBL_MAX, LOG, 4, 3, acoshl(x))                                                                    \
    U(atanh, -1, 1, LOG, 3, 2, atanhl(x))                                                                         \
    U(sin, -DBL_MAX, DBL_MAX, LOG, 2, 2, sinl(x))                                                                 \
    U(cos, -DBL_MAX, DBL_MAX, LOG, 2, 2, cosl(x))                                                                 \
    U(tan, -DBL_MAX, DBL_MAX, LOG, 4, 2, tanl(x))                                                                 \
    U(sinpi, -DBL_MAX, DBL_MAX, LOG, 1, 2, ref_sinpi(x))                                                          \
    U(cospi, -DBL_MAX, DBL_MAX, LOG, 1, 2, ref_cospi(x))                                                          \
    U(asin, -1, 1, LOG, 2, 2, asinl(x))                                                                           \
    U(acos, -1, 1, LOG, 2, 2, acosl(x))                                                                           \
    U(atan, -DBL_MAX, DBL_MAX, LOG, 2, 2, atanl(x))                                                               \
    U(erf, -10, 10, LOG, 2, 2, erfl(x))                                                                           \
    U(erfc, -10, 30, LOG, 4, 4, erfcl(x))                                                                         \
    U(erfinv, -1, 1, LOG, 2, 5, ref_erfinv(x))                                                                    \
    U(erfcinv, 0, 2, LOG, 4, 6, ref_erfcinv(x))                                                                   \
    U(erfcx, -26, 100, LOG, 4, 3, ref_erfcx(x))                                                                   \
    U(normcdf, -40, 10, LOG, 5, 5, ref_normcdf(x))                                                                \
    U(normcdfinv, 0, 1, LOG, 5, 7, ref_normcdfinv(x))                                                             \
    U(lgamma, -2.2, 1e6, LOG, 6, 4, lgammal(x))                                                                   \
    U(tgamma, -170.5, 171.7, LOG, 5, 8, tgammal(x))                                                              \
    U(logb, -DBL_MAX, DBL_MAX, LOG, 0, 0, logbl(x))                                                               \
    U(round, -DBL_MAX, DBL_MAX, LOG, 0, 0, roundl(x))                                                             \
    B(pow, -1e4, 1e4, LOG, -60, 60, LIN, 4, 2, powl(x, y))                                                        \
    B(atan2, -DBL_MAX, DBL_MAX, LOG, -DBL_MAX, DBL_MAX, LOG, 3, 2, atan2l(x, y))                                  \
    B(hypot, -DBL_MAX, DBL_MAX, LOG, -DBL_MAX, DBL_MAX, LOG, 3, 2, hypotl(x, y))                                  \
    B(rhypot, -DBL_MAX, DBL_MAX, LOG, -DBL_MAX, DBL_MAX, LOG, 2, 1, ref_rhypot(x, y))                             \
    B(fmod, -DBL_MAX, DBL_MAX, LOG, -DBL_MAX, DBL_MAX, LOG, 0, 0, fmodl(x, y))                                    \
    B(remainder, -DBL_MAX, DBL_MAX, LOG, -DBL_MAX, DBL_MAX, LOG, 0, 0, remainderl(x, y))

enum spread { LIN, LOG };

/* ---- the table as data and as device code --------------------------------- */

#define ENUM_U(n, ...) FN_##n,
#define ENUM_B(n, ...) FN_##n,
enum { MATH_FUNCS(ENUM_U, ENUM_B) FN_COUNT };

typedef long double (*ref_fn)(long double, long double);

struct func {
    const char *name;
    int arity;
    double xlo, xhi, ylo, yhi;
    enum spread xs, ys;
    double bound32, bound64;
    ref_fn ref;
};

#define DESC_U(n, lo, hi, sp, b32, b64, expr)                                                                     \
    {#n, 1, lo, hi, 0, 0, sp, LIN, b32, b64, [](long double x, long double) -> long double { return expr; }},
#define DESC_B(n, xlo, xhi, xsp, ylo, yhi, ysp, b32, b64, expr)                                                   \
    {#n, 2, xlo, xhi, ylo, yhi, xsp, ysp, b32, b64, [](long double x, long double y) -> long double { return expr; }},
static const struct func funcs[FN_COUNT] = {MATH_FUNCS(DESC_U, DESC_B)};

#define CASE_U(n, ...)                                                                                            \
    case FN_##n:                                                                                                  \
        r = n(a);                                                                                                 \
        break;
#define CASE_B(n, ...)                                                                                            \
    case FN_##n:                                                                                                  \
        r = n(a, b);                                                                                              \
        break;
#define CASE_UF(n, ...)                                                                                           \
    case FN_##n:                                                                                                  \
        r = n##f(a);                                                                                              \
        break;
#define CASE_BF(n, ...)                                                                                           \
    case FN_##n:                                                                                                  \
        r = n##f(a, b);                                                                                           \
        break;

__global__ void eval_f64(int fn, const double *x, const double *y, double *out, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    double a = x[i], b = y[i], r = 0;
    switch (fn) { MATH_FUNCS(CASE_U, CASE_B) }
    out[i] = r;
}

__global__ void eval_f32(int fn, const float *x, const float *y, float *out, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    float a = x[i], b = y[i], r = 0;
    switch (fn) { MATH_FUNCS(CASE_UF, CASE_BF) }
    out[i] = r;
}

#ifdef __HCC__
/* the same library compiled for the host (hcc_libm_*.h are __host__ __device__) */
static double host_f64(int fn, double a, double b) {
    double r = 0;
    switch (fn) {
#define HOST_U(n, ...)                                                                                            \
    case FN_##n:                                                                                                  \
        r = __hcc_##n(a);                                                                                         \
        break;
#define HOST_B(n, ...)                                                                                            \
    case FN_##n:                                                                                                  \
        r = __hcc_##n(a, b);                                                                                      \
        break;
        MATH_FUNCS(HOST_U, HOST_B)
    }
    return r;
}
#endif

/* ---- arguments ------------------------------------------------------------ */

/* A generator that needs no library function, so that every machine draws
 * the same arguments. */
static uint64_t rng_state;
static uint64_t rng_next(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

static int exponent_of(double v) { /* floor(log2(v)) for v > 0 */
    int e;
    frexp(v, &e);
    return e - 1;
}

/* One argument in [lo, hi] of a format with `bits` significand bits and
 * smallest exponent min_exp: uniform (LIN), or with a uniformly drawn
 * binade and significand, either sign when the domain allows (LOG). */
static double draw(double lo, double hi, enum spread s, int bits, int min_exp) {
    for (;;) {
        double v;
        if (s == LIN) {
            v = lo + (hi - lo) * ((double)(rng_next() >> 11) * 0x1p-53);
        } else {
            double top = fmax(fabs(lo), fabs(hi));
            double bot = lo > 0 ? lo : hi < 0 ? -hi : 0;
            int e_hi = exponent_of(top), e_lo = bot > 0 ? exponent_of(bot) : min_exp;
            int e = e_lo + (int)(rng_next() % (uint64_t)(e_hi - e_lo + 1));
            double m = 1 + (double)(rng_next() >> (64 - (bits - 1))) * ldexp(1.0, 1 - bits);
            v = ldexp(m, e);
            if (lo < 0 && (hi <= 0 || (rng_next() & 1)))
                v = -v;
        }
        if (bits == 24)
            v = (float)v;
        if (v >= lo && v <= hi)
            return v;
    }
}

static const double specials[] = {0.0,  -0.0,   1.0,    -1.0,   0.5,    -0.5, 2.0,     -2.0,     3.0,
                                  -3.0, 1e-300, -1e-300, 1e-40, 1e-10, 10.0, 100.0, DBL_MAX, -DBL_MAX,
                                  INFINITY, -INFINITY, NAN};
enum { NSPECIAL = sizeof specials / sizeof *specials };

/* The arguments of function f: every pair of specials for two-argument
 * functions (just the specials for one), then drawn ones; n in all. */
static void make_args(const struct func *f, int n, int bits, std::vector<double> &x, std::vector<double> &y) {
    int min_exp = bits == 24 ? -149 : -1074;
    rng_state = 0x9e3779b97f4a7c15ull ^ ((uint64_t)(f - funcs) << 32) ^ (uint64_t)bits;
    x.resize(n);
    y.resize(n);
    int k = 0;
    for (int i = 0; i < NSPECIAL && k < n; i++)
        for (int j = 0; j < (f->arity == 2 ? NSPECIAL : 1) && k < n; j++, k++) {
            x[k] = bits == 24 ? (double)(float)specials[i] : specials[i];
            y[k] = bits == 24 ? (double)(float)specials[j] : specials[j];
        }
    for (; k < n; k++) {
        x[k] = draw(f->xlo, f->xhi, f->xs, bits, min_exp);
        y[k] = f->arity == 2 ? draw(f->ylo, f->yhi, f->ys, bits, min_exp) : 0;
    }
}

/* ---- running and measuring --------------------------------------------------- */

struct run {
    std::vector<double> x32, y32, r32, x64, y64, r64; /* float values held as doubles */
};

static void evaluate(int fn, int n, struct run *r) {
    std::vector<float> xf(n), yf(n), of(n);
    for (int i = 0; i < n; i++) {
        xf[i] = (float)r->x32[i];
        yf[i] = (float)r->y32[i];
    }
    float *dxf = dev_copy(xf.data(), n), *dyf = dev_copy(yf.data(), n), *dof = dev_alloc<float>(n);
    double *dx = dev_copy(r->x64.data(), n), *dy = dev_copy(r->y64.data(), n), *dout = dev_alloc<double>(n);
    eval_f32<<<(n + 127) / 128, 128>>>(fn, dxf, dyf, dof, n);
    LAUNCH_CHECK();
    eval_f64<<<(n + 127) / 128, 128>>>(fn, dx, dy, dout, n);
    LAUNCH_CHECK();
    to_host(of.data(), dof, n);
    r->r64.resize(n);
    to_host(r->r64.data(), dout, n);
    r->r32.assign(of.begin(), of.end());
    cudaFree(dxf);
    cudaFree(dyf);
    cudaFree(dof);
    cudaFree(dx);
    cudaFree(dy);
    cudaFree(dout);
}

struct worst {
    double err, x, y;
};

static void note(struct worst *w, double err, double x, double y) {
    if (err > w->err || (isnan(err) && !isnan(w->err))) {
        w->err = err;
        w->x = x;
        w->y = y;
    }
}

/* distance between two results of the same precision, in ulps of b (of
 * the finite one when one GPU overflowed to infinity and the other did not:
 * the infinity then counts as the first value beyond the largest) */
static double distance(double a, double b, int bits) {
    if (memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b)))
        return 0;
    if (isinf(b) && !isinf(a) && !isnan(a)) {
        double t = a;
        a = b;
        b = t;
    }
    return bits == 24 ? libm_ulp_error_f((float)a, b) : libm_ulp_error(a, b);
}

/* ---- the dump format ----------------------------------------------------------
 * "HCCMATH1", int32 n, int32 function count; per function: a 16-byte name,
 * then n doubles each of x32 y32 r32 x64 y64 r64. */

static void dump(const char *path, int n, const std::vector<struct run> &runs) {
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    int32_t hdr[2] = {n, FN_COUNT};
    fwrite("HCCMATH1", 1, 8, f);
    fwrite(hdr, sizeof hdr, 1, f);
    for (int fn = 0; fn < FN_COUNT; fn++) {
        char name[16] = {0};
        strncpy(name, funcs[fn].name, sizeof name - 1);
        fwrite(name, 1, 16, f);
        const std::vector<double> *v[6] = {&runs[fn].x32, &runs[fn].y32, &runs[fn].r32,
                                           &runs[fn].x64, &runs[fn].y64, &runs[fn].r64};
        for (int k = 0; k < 6; k++)
            fwrite(v[k]->data(), sizeof(double), n, f);
    }
    fclose(f);
}

/* Reads a dump; returns its n and fills runs by function index (functions
 * this table lacks are skipped, missing ones left empty). */
static int load(const char *path, std::vector<struct run> &runs) {
    FILE *f = fopen(path, "rb");
    char magic[8];
    int32_t hdr[2];
    if (!f || fread(magic, 1, 8, f) != 8 || memcmp(magic, "HCCMATH1", 8) || fread(hdr, sizeof hdr, 1, f) != 1 ||
        hdr[0] <= 0 || hdr[1] <= 0) {
        fprintf(stderr, "%s: not a math_eval dump\n", path);
        exit(2);
    }
    runs.assign(FN_COUNT, run());
    for (int i = 0; i < hdr[1]; i++) {
        char name[16];
        if (fread(name, 1, 16, f) != 16) {
            fprintf(stderr, "%s: truncated\n", path);
            exit(2);
        }
        name[15] = 0;
        int fn = 0;
        while (fn < FN_COUNT && strcmp(funcs[fn].name, name))
            fn++;
        struct run r;
        std::vector<double> *v[6] = {&r.x32, &r.y32, &r.r32, &r.x64, &r.y64, &r.r64};
        for (int k = 0; k < 6; k++) {
            v[k]->resize(hdr[0]);
            if (fread(v[k]->data(), sizeof(double), hdr[0], f) != (size_t)hdr[0]) {
                fprintf(stderr, "%s: truncated\n", path);
                exit(2);
            }
        }
        if (fn < FN_COUNT)
            runs[fn] = r;
    }
    fclose(f);
    return hdr[0];
}

int main(int argc, char **argv) {
    int n = 16384;
    const char *dump_path = 0, *against_path = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            n = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--dump") && i + 1 < argc)
            dump_path = argv[++i];
        else if (!strcmp(argv[i], "--against") && i + 1 < argc)
            against_path = argv[++i];
        else {
            int help = !strcmp(argv[i], "-h") || !strcmp(argv[i], "--help");
            if (!help)
                fprintf(stderr, "%s: bad argument '%s'\n", argv[0], argv[i]);
            fprintf(help ? stdout : stderr, "usage: %s [-n N] [--dump FILE] [--against FILE]\n", argv[0]);
            return help ? 0 : 2;
        }
    }
    if (n < NSPECIAL * NSPECIAL)
        n = NSPECIAL * NSPECIAL;

    std::vector<struct run> other, runs(FN_COUNT);
    if (against_path)
        n = load(against_path, other);

    printf("%-11s %9s %5s %9s %5s", "function", "f32 ulp", "bound", "f64 ulp", "bound");
    if (against_path)
        printf(" | %9s %9s %9s %9s", "f32 other", "f64 other", "f32 diff", "f64 diff");
#ifdef __HCC__
    printf(" | %s", "f64 host build");
#endif
    printf("\n");

    int failures = 0;
    for (int fn = 0; fn < FN_COUNT; fn++) {
        const struct func *f = &funcs[fn];
        struct run *r = &runs[fn];
        int have_other = against_path && !other[fn].x64.empty();
        if (have_other) {
            r->x32 = other[fn].x32;
            r->y32 = other[fn].y32;
            r->x64 = other[fn].x64;
            r->y64 = other[fn].y64;
        } else {
            make_args(f, n, 24, r->x32, r->y32);
            make_args(f, n, 53, r->x64, r->y64);
        }
        evaluate(fn, n, r);

        struct worst w32 = {0, 0, 0}, w64 = {0, 0, 0}, o32 = {0, 0, 0}, o64 = {0, 0, 0};
        struct worst d32 = {0, 0, 0}, d64 = {0, 0, 0};
#ifdef __HCC__
        struct worst host = {0, 0, 0};
#endif
        for (int i = 0; i < n; i++) {
            long double ref32 = f->ref(r->x32[i], r->y32[i]), ref64 = f->ref(r->x64[i], r->y64[i]);
            note(&w32, libm_ulp_error_f((float)r->r32[i], ref32), r->x32[i], r->y32[i]);
            note(&w64, libm_ulp_error(r->r64[i], ref64), r->x64[i], r->y64[i]);
            if (have_other) {
                note(&o32, libm_ulp_error_f((float)other[fn].r32[i], ref32), r->x32[i], r->y32[i]);
                note(&o64, libm_ulp_error(other[fn].r64[i], ref64), r->x64[i], r->y64[i]);
                note(&d32, distance(r->r32[i], other[fn].r32[i], 24), r->x32[i], r->y32[i]);
                note(&d64, distance(r->r64[i], other[fn].r64[i], 53), r->x64[i], r->y64[i]);
            }
#ifdef __HCC__
            note(&host, distance(r->r64[i], host_f64(fn, r->x64[i], r->y64[i]), 53), r->x64[i], r->y64[i]);
#endif
        }
        int bad = !(w32.err <= f->bound32) || !(w64.err <= f->bound64);
        printf("%-11s %9.3f %5g %9.3f %5g", f->name, w32.err, f->bound32, w64.err, f->bound64);
        if (against_path) {
            if (have_other)
                printf(" | %9.3f %9.3f %9.3f %9.3f", o32.err, o64.err, d32.err, d64.err);
            else
                printf(" | %39s", "(not in the dump)");
        }
#ifdef __HCC__
        printf(" | %.3f", host.err);
#endif
        printf("%s\n", bad ? "  FAIL" : "");
        if (bad) {
            failures++;
            if (!(w32.err <= f->bound32))
                fprintf(stderr, "%s: f32 error %.3f ulp at x=%.9g y=%.9g\n", f->name, w32.err, w32.x, w32.y);
            if (!(w64.err <= f->bound64))
                fprintf(stderr, "%s: f64 error %.3f ulp at x=%.17g y=%.17g\n", f->name, w64.err, w64.x, w64.y);
        }
    }
    if (dump_path)
        dump(dump_path, n, runs);
    printf("math_eval: %s, %d functions, %d arguments each, %d outside their bounds\n", failures ? "FAIL" : "PASS",
           FN_COUNT, n, failures);
    return failures ? 1 : 0;
}
