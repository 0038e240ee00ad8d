/*
 * test_trig.c -- accuracy of hcc_libm_trig.h (sin, cos, tan, sincos, sinpi,
 * cospi, sincospi, asin, acos, atan, atan2) against the host's long double
 * library, with CUDA's double-precision bounds (2 ulps for all of them).
 *
 * Besides the whole domain (every binade, subnormals included) it tries
 * what is hard for each function: arguments near multiples of pi/2 and the
 * doubles closest to them (the hardest for argument reduction, from
 * hcc/libm-gen/trig.py --hard-cases), huge arguments, sinpi/cospi near
 * integers and half-integers, asin/acos near +-1, atan2 at tiny, huge and
 * nearly equal operands.  Exact special values (signed zeros, infinities,
 * NaN, C99 Annex F for atan2, C23 for sinpi/cospi) are compared bit for bit,
 * and sincos/sincospi must give exactly what sin/cos and sinpi/cospi give.
 */
#include "libm_test.h"

#include "hcc_libm_trig.h"

#include <float.h>

#define BOUND 2.0 /* CUDA: sin cos tan sincos sinpi cospi sincospi asin acos atan atan2 */

/* ---- references ---------------------------------------------------------------- */

/* sinpi and cospi of a double x: n = rint(2x) and r = x - n/2 are exact, so
 * only sinl/cosl of pi*r (|r| <= 1/4, where they keep their relative
 * accuracy) round.  (libm_ref.h's ref_sinpi reduces to [-1, 1] only, so it
 * loses relative accuracy near the zeros of sinpi other than 0.) */
static const long double trig_pi_l = 3.141592653589793238462643383279502884L;
static const long double trig_pio2_l = 1.570796326794896619231321691639751442L;

static long double ref_trigpi(long double x, int cosine) {
    if (isnan(x) || isinf(x))
        return x - x;
    long double a = fabsl(x), n = 0, r = 0;
    if (a < 0x1p53L) {
        n = rintl(2 * a);
        r = a - n / 2;
    }
    int q = (int)((long long)n & 3) + cosine; /* cos(t) = sin(t + pi/2) */
    long double v = (q & 1) ? cosl(trig_pi_l * r) : sinl(trig_pi_l * r);
    v = (q & 2) ? -v : v;
    return (!cosine && signbit(x)) ? -v : v;
}

static long double trig_ref_sinpi(long double x) {
    return ref_trigpi(x, 0);
}
static long double trig_ref_cospi(long double x) {
    return ref_trigpi(x, 1);
}

/* ---- argument generators --------------------------------------------------------- */

/* x moved by up to 4 ulps either way */
static double jitter(double x) {
    int steps = (int)(libm_next() % 9) - 4;
    for (; steps > 0; steps--)
        x = nextafter(x, INFINITY);
    for (; steps < 0; steps++)
        x = nextafter(x, -INFINITY);
    return x;
}

/* a random integer with a uniformly distributed number of bits, 1 .. 2^bits */
static long double random_integer(int bits) {
    return floorl(exp2l(bits * libm_unit()));
}

/* near k*pi/2 for k up to 2^45 (long double's k*pi/2 is within 2^-18 of
 * the multiple there, so this is the nearest double give or take the jitter) */
static double gen_near_pio2(void) {
    double x = (double)(random_integer(45) * trig_pio2_l);
    return jitter((libm_next() & 1) ? -x : x);
}

/* near n/2, n up to 2^54 */
static double gen_near_half_integer(void) {
    double x = (double)(random_integer(54) / 2);
    x = jitter(x);
    return (libm_next() & 1) ? -x : x;
}

/* near +-1: 1 - 2^-u for u in [1, 53], jittered */
static double gen_near_one(void) {
    double x = jitter(1.0 - exp2(-1 - 52 * libm_unit()));
    x = x > 1 ? 1 : x;
    return (libm_next() & 1) ? -x : x;
}

/* huge: 2^30 .. DBL_MAX, both signs (Payne-Hanek) */
static double gen_huge(void) {
    return libm_arg(-DBL_MAX, -0x1p30, LIBM_LOG) * ((libm_next() & 1) ? -1 : 1);
}

/* doubles closest to multiples of pi/2, and their neighbours */
static const double hard_pio2[] = {
    /* from hcc/libm-gen/trig.py --hard-cases: x, then log2 |x mod pi/2| */
    0x1.6c6cbc45dc8dep+5,   /* -60.5: 6411027962775774 * 2^-47 */
    0x1.6c6cbc45dc8dep+6,   /* -59.5: 6411027962775774 * 2^-46 */
    0x1.b951f1572eba5p+23,  /* -59.0: 7763785107565477 * 2^-29 */
    0x1.6c6cbc45dc8dep+7,   /* -58.5: 6411027962775774 * 2^-45 */
    0x1.b951f1572eba5p+24,  /* -58.0: 7763785107565477 * 2^-28 */
    0x1.6c6cbc45dc8dep+8,   /* -57.5: 6411027962775774 * 2^-44 */
    0x1.6ac5b262ca1ffp+849, /* -60.9: 6381956970095103 * 2^797 */
    0x1.6ac5b262ca1ffp+850, /* -59.9: 6381956970095103 * 2^798 */
    0x1.6ac5b262ca1ffp+851, /* -58.9: 6381956970095103 * 2^799 */
    0x1.e009c53148be1p+991, /* -58.8: 8444920710073313 * 2^939 */
    0x1.4c96c11134d36p+577, /* -58.5: 5850965514341686 * 2^525 */
    0x1.cfe482285f8edp+860, /* -58.1: 8160885118204141 * 2^808 */
    0x1.db41f3cb71d7bp+680, /* -58.1: 8360820580228475 * 2^628 */
    0x1.e7e44a78ac18cp+197, /* -58.1: 8583082635084172 * 2^145 */
    /* the doubles nearest to pi/2, pi, 3pi/2, 2pi, and the Cody-Waite / Payne-Hanek seam */
    0x1.921fb54442d18p+0,
    0x1.921fb54442d18p+1,
    0x1.2d97c7f3321d2p+2,
    0x1.921fb54442d18p+2,
    0x1.fffffffffffffp+29,
    0x1p30,
    0x1.0000000000001p+30,
    0x1p31,
    0x1p52,
    0x1p53,
    0x1p63,
    0x1p64,
    1e22,
    1e100,
    1e300,
    DBL_MAX,
};
#define NHARD ((int)(sizeof hard_pio2 / sizeof *hard_pio2))

static int hard_index;
/* each hard case, then its neighbours and negation, cycling */
static double gen_hard(void) {
    int i = hard_index++;
    double x = hard_pio2[i % NHARD];
    if (i >= NHARD)
        x = jitter(x);
    return (i / NHARD) & 1 ? -x : x;
}

typedef double (*trig_gen)(void);

/* ---- checks ---------------------------------------------------------------------- */

/* f against ref over n arguments from gen */
static int check_gen(const char *name, libm_fn1 f, libm_ref1 ref, trig_gen gen, long n) {
    double worst = 0, worst_x = 0;
    for (long i = 0; i < n; i++) {
        double x = gen();
        double err = libm_ulp_error(f(x), ref((long double)x));
        if (err > worst || isnan(err)) {
            worst = err;
            worst_x = x;
        }
    }
    return libm_report(name, worst, worst_x, NAN, BOUND);
}

/* equal, or both NaN; zeros must agree in sign */
static int same(double a, double b) {
    return (isnan(a) && isnan(b)) || (a == b && signbit(a) == signbit(b));
}

typedef void (*trig_pair_fn)(double, double *, double *);

/* argument i of check_pair: the harness's special values and the
 * infinities and NaN (i < 0), then in turn gen's, the hard cases, [-8, 8]
 * and the whole range */
static double pair_arg(long i, trig_gen gen) {
    long nspecial = (long)(sizeof libm_specials / sizeof *libm_specials);
    if (i < -3)
        return libm_specials[i + 3 + nspecial];
    if (i < 0)
        return i == -3 ? INFINITY : i == -2 ? -INFINITY : NAN;
    switch (i % 4) {
    case 0: return gen();
    case 1: return gen_hard();
    case 2: return libm_arg(-8, 8, LIBM_LINEAR);
    default: return libm_arg(-DBL_MAX, DBL_MAX, LIBM_LOG);
    }
}

/* A sincos-like function: both outputs against their references, and bit
 * for bit against the separate functions. */
static int check_pair(const char *name, trig_pair_fn f, libm_fn1 f_s, libm_fn1 f_c, libm_ref1 ref_s,
                      libm_ref1 ref_c, trig_gen gen) {
    double worst = 0, worst_x = 0;
    long n = libm_samples(), mismatches = 0;
    for (long i = -(long)(sizeof libm_specials / sizeof *libm_specials) - 3; i < n; i++) {
        double x = pair_arg(i, gen), s, c;
        f(x, &s, &c);
        if (!same(s, f_s(x)) || !same(c, f_c(x))) {
            if (mismatches++ < 5)
                printf("  %s(%a) = (%a, %a), separately (%a, %a)\n", name, x, s, c, f_s(x), f_c(x));
        }
        double err = fmax(libm_ulp_error(s, ref_s(x)), libm_ulp_error(c, ref_c(x)));
        if (err > worst || isnan(err)) {
            worst = err;
            worst_x = x;
        }
    }
    if (mismatches)
        printf("  %s: %ld results differ from the separate functions\n", name, mismatches);
    return libm_report(name, mismatches ? INFINITY : worst, worst_x, NAN, BOUND);
}

/* ---- exact special values ---------------------------------------------------------- */

#define PI    0x1.921fb54442d18p+1
#define PIO2  0x1.921fb54442d18p+0
#define PIO4  0x1.921fb54442d18p-1
#define PI3O4 0x1.2d97c7f3321d2p+1

struct special1 {
    const char *name;
    libm_fn1 f;
    double x, want;
};

static const struct special1 specials1[] = {
    {"sin", __hcc_sin, 0.0, 0.0},
    {"sin", __hcc_sin, -0.0, -0.0},
    {"sin", __hcc_sin, 0x1p-1074, 0x1p-1074},
    {"sin", __hcc_sin, -0x1p-1074, -0x1p-1074},
    {"sin", __hcc_sin, INFINITY, NAN},
    {"sin", __hcc_sin, -INFINITY, NAN},
    {"sin", __hcc_sin, NAN, NAN},
    {"cos", __hcc_cos, 0.0, 1.0},
    {"cos", __hcc_cos, -0.0, 1.0},
    {"cos", __hcc_cos, INFINITY, NAN},
    {"cos", __hcc_cos, NAN, NAN},
    {"tan", __hcc_tan, 0.0, 0.0},
    {"tan", __hcc_tan, -0.0, -0.0},
    {"tan", __hcc_tan, -INFINITY, NAN},
    {"tan", __hcc_tan, NAN, NAN},
    {"sinpi", __hcc_sinpi, 0.0, 0.0},
    {"sinpi", __hcc_sinpi, -0.0, -0.0},
    {"sinpi", __hcc_sinpi, 1.0, 0.0},
    {"sinpi", __hcc_sinpi, -1.0, -0.0},
    {"sinpi", __hcc_sinpi, 2.0, 0.0},
    {"sinpi", __hcc_sinpi, 3.0, 0.0},
    {"sinpi", __hcc_sinpi, -3.0, -0.0},
    {"sinpi", __hcc_sinpi, 0.5, 1.0},
    {"sinpi", __hcc_sinpi, -0.5, -1.0},
    {"sinpi", __hcc_sinpi, 1.5, -1.0},
    {"sinpi", __hcc_sinpi, 0x1p52 + 1, 0.0},
    {"sinpi", __hcc_sinpi, -0x1p52 - 1, -0.0},
    {"sinpi", __hcc_sinpi, 0x1p51 + 0.5, 1.0},
    {"sinpi", __hcc_sinpi, 1e300, 0.0},
    {"sinpi", __hcc_sinpi, -DBL_MAX, -0.0},
    {"sinpi", __hcc_sinpi, INFINITY, NAN},
    {"sinpi", __hcc_sinpi, NAN, NAN},
    {"cospi", __hcc_cospi, 0.0, 1.0},
    {"cospi", __hcc_cospi, -0.0, 1.0},
    {"cospi", __hcc_cospi, 0.5, 0.0},
    {"cospi", __hcc_cospi, -0.5, 0.0},
    {"cospi", __hcc_cospi, 1.5, 0.0},
    {"cospi", __hcc_cospi, -2.5, 0.0},
    {"cospi", __hcc_cospi, 0x1p51 + 0.5, 0.0},
    {"cospi", __hcc_cospi, 1.0, -1.0},
    {"cospi", __hcc_cospi, -1.0, -1.0},
    {"cospi", __hcc_cospi, 2.0, 1.0},
    {"cospi", __hcc_cospi, 0x1p52 + 1, -1.0},
    {"cospi", __hcc_cospi, 0x1p53, 1.0},
    {"cospi", __hcc_cospi, -DBL_MAX, 1.0},
    {"cospi", __hcc_cospi, -INFINITY, NAN},
    {"cospi", __hcc_cospi, NAN, NAN},
    {"asin", __hcc_asin, 0.0, 0.0},
    {"asin", __hcc_asin, -0.0, -0.0},
    {"asin", __hcc_asin, 1.0, PIO2},
    {"asin", __hcc_asin, -1.0, -PIO2},
    {"asin", __hcc_asin, 0x1.0000000000001p0, NAN},
    {"asin", __hcc_asin, -2.0, NAN},
    {"asin", __hcc_asin, INFINITY, NAN},
    {"asin", __hcc_asin, NAN, NAN},
    {"acos", __hcc_acos, 1.0, 0.0},
    {"acos", __hcc_acos, -1.0, PI},
    {"acos", __hcc_acos, 0.0, PIO2},
    {"acos", __hcc_acos, -0.0, PIO2},
    {"acos", __hcc_acos, -0x1.0000000000001p0, NAN},
    {"acos", __hcc_acos, -INFINITY, NAN},
    {"acos", __hcc_acos, NAN, NAN},
    {"atan", __hcc_atan, 0.0, 0.0},
    {"atan", __hcc_atan, -0.0, -0.0},
    {"atan", __hcc_atan, 1.0, PIO4},
    {"atan", __hcc_atan, -1.0, -PIO4},
    {"atan", __hcc_atan, INFINITY, PIO2},
    {"atan", __hcc_atan, -INFINITY, -PIO2},
    {"atan", __hcc_atan, DBL_MAX, PIO2},
    {"atan", __hcc_atan, NAN, NAN},
};

struct special2 {
    double y, x, want;
};

/* C99 F.9.1.4 */
static const struct special2 specials_atan2[] = {
    {0.0, -0.0, PI},
    {-0.0, -0.0, -PI},
    {0.0, 0.0, 0.0},
    {-0.0, 0.0, -0.0},
    {0.0, -1.0, PI},
    {-0.0, -1.0, -PI},
    {0.0, 1.0, 0.0},
    {-0.0, 1.0, -0.0},
    {0.0, -INFINITY, PI},
    {-0.0, -INFINITY, -PI},
    {0.0, INFINITY, 0.0},
    {-0.0, INFINITY, -0.0},
    {-1.0, 0.0, -PIO2},
    {-1.0, -0.0, -PIO2},
    {1.0, 0.0, PIO2},
    {1.0, -0.0, PIO2},
    {0x1p-1074, -0.0, PIO2},
    {-DBL_MAX, 0.0, -PIO2},
    {1.0, -INFINITY, PI},
    {-1.0, -INFINITY, -PI},
    {1.0, INFINITY, 0.0},
    {-1.0, INFINITY, -0.0},
    {DBL_MAX, -INFINITY, PI},
    {-0x1p-1074, INFINITY, -0.0},
    {INFINITY, 1.0, PIO2},
    {-INFINITY, 1.0, -PIO2},
    {INFINITY, -1.0, PIO2},
    {-INFINITY, 0.0, -PIO2},
    {INFINITY, -0.0, PIO2},
    {INFINITY, -INFINITY, PI3O4},
    {-INFINITY, -INFINITY, -PI3O4},
    {INFINITY, INFINITY, PIO4},
    {-INFINITY, INFINITY, -PIO4},
    {1.0, 1.0, PIO4},
    {-1.0, -1.0, -PI3O4},
    {NAN, 1.0, NAN},
    {1.0, NAN, NAN},
    {NAN, INFINITY, NAN},
    {INFINITY, NAN, NAN},
    {0.0, NAN, NAN},
};

static int check_specials(void) {
    int bad = 0, n = 0;
    for (size_t i = 0; i < sizeof specials1 / sizeof *specials1; i++, n++) {
        const struct special1 *s = &specials1[i];
        double got = s->f(s->x);
        if (!same(got, s->want)) {
            printf("  %s(%a) = %a, want %a\n", s->name, s->x, got, s->want);
            bad++;
        }
    }
    for (size_t i = 0; i < sizeof specials_atan2 / sizeof *specials_atan2; i++, n++) {
        const struct special2 *s = &specials_atan2[i];
        double got = __hcc_atan2(s->y, s->x);
        if (!same(got, s->want)) {
            printf("  atan2(%a, %a) = %a, want %a\n", s->y, s->x, got, s->want);
            bad++;
        }
    }
    printf("%-14s %d of %d exact special values wrong\n", "specials", bad, n);
    if (bad)
        libm_failures++;
    return bad;
}

/* ---- the table ------------------------------------------------------------------- */

int main(void) {
    long n = libm_samples(), some = n / 4 + 1;
    libm_header("hcc_libm_trig.h against long double, in double ulps (bound: CUDA's)");

    libm_check1("sin", __hcc_sin, sinl, BOUND, -DBL_MAX, DBL_MAX, LIBM_LOG);
    libm_check1("sin [-8,8]", __hcc_sin, sinl, BOUND, -8, 8, LIBM_LINEAR);
    check_gen("sin ~k*pi/2", __hcc_sin, sinl, gen_near_pio2, some);
    check_gen("sin hard", __hcc_sin, sinl, gen_hard, 9 * NHARD * 4);
    check_gen("sin huge", __hcc_sin, sinl, gen_huge, some);

    libm_check1("cos", __hcc_cos, cosl, BOUND, -DBL_MAX, DBL_MAX, LIBM_LOG);
    libm_check1("cos [-8,8]", __hcc_cos, cosl, BOUND, -8, 8, LIBM_LINEAR);
    check_gen("cos ~k*pi/2", __hcc_cos, cosl, gen_near_pio2, some);
    check_gen("cos hard", __hcc_cos, cosl, gen_hard, 9 * NHARD * 4);
    check_gen("cos huge", __hcc_cos, cosl, gen_huge, some);

    libm_check1("tan", __hcc_tan, tanl, BOUND, -DBL_MAX, DBL_MAX, LIBM_LOG);
    libm_check1("tan [-8,8]", __hcc_tan, tanl, BOUND, -8, 8, LIBM_LINEAR);
    check_gen("tan ~k*pi/2", __hcc_tan, tanl, gen_near_pio2, some);
    check_gen("tan hard", __hcc_tan, tanl, gen_hard, 9 * NHARD * 4);
    check_gen("tan huge", __hcc_tan, tanl, gen_huge, some);

    check_pair("sincos", __hcc_sincos, __hcc_sin, __hcc_cos, sinl, cosl, gen_near_pio2);

    libm_check1("sinpi", __hcc_sinpi, trig_ref_sinpi, BOUND, -DBL_MAX, DBL_MAX, LIBM_LOG);
    libm_check1("sinpi [-4,4]", __hcc_sinpi, trig_ref_sinpi, BOUND, -4, 4, LIBM_LINEAR);
    check_gen("sinpi ~n/2", __hcc_sinpi, trig_ref_sinpi, gen_near_half_integer, some);
    libm_check1("cospi", __hcc_cospi, trig_ref_cospi, BOUND, -DBL_MAX, DBL_MAX, LIBM_LOG);
    libm_check1("cospi [-4,4]", __hcc_cospi, trig_ref_cospi, BOUND, -4, 4, LIBM_LINEAR);
    check_gen("cospi ~n/2", __hcc_cospi, trig_ref_cospi, gen_near_half_integer, some);
    check_pair("sincospi", __hcc_sincospi, __hcc_sinpi, __hcc_cospi, trig_ref_sinpi, trig_ref_cospi,
               gen_near_half_integer);

    libm_check1("asin", __hcc_asin, asinl, BOUND, -1, 1, LIBM_LOG);
    libm_check1("asin linear", __hcc_asin, asinl, BOUND, -1, 1, LIBM_LINEAR);
    check_gen("asin ~+-1", __hcc_asin, asinl, gen_near_one, some);
    libm_check1("acos", __hcc_acos, acosl, BOUND, -1, 1, LIBM_LOG);
    libm_check1("acos linear", __hcc_acos, acosl, BOUND, -1, 1, LIBM_LINEAR);
    check_gen("acos ~+-1", __hcc_acos, acosl, gen_near_one, some);

    libm_check1("atan", __hcc_atan, atanl, BOUND, -DBL_MAX, DBL_MAX, LIBM_LOG);
    libm_check1("atan [-4,4]", __hcc_atan, atanl, BOUND, -4, 4, LIBM_LINEAR);

    libm_check2("atan2", __hcc_atan2, atan2l, BOUND, -DBL_MAX, DBL_MAX, LIBM_LOG, -DBL_MAX, DBL_MAX,
                LIBM_LOG);
    libm_check2("atan2 [-2,2]", __hcc_atan2, atan2l, BOUND, -2, 2, LIBM_LINEAR, -2, 2, LIBM_LINEAR);
    libm_check2("atan2 2^+-20", __hcc_atan2, atan2l, BOUND, -0x1p20, 0x1p20, LIBM_LOG, -0x1p20,
                0x1p20, LIBM_LOG);
    libm_check2("atan2 tiny", __hcc_atan2, atan2l, BOUND, -0x1p-1000, 0x1p-1000, LIBM_LOG,
                -0x1p-1000, 0x1p-1000, LIBM_LOG);

    check_specials();
    return libm_done();
}
