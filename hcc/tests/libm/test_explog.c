/*
 * test_explog.c -- accuracy of hcc_libm_explog.h (exponentials, logarithms,
 * pow, cube roots, hypot and the norms) against the host's long double
 * library, with the bounds of CUDA's double-precision table (the Programming
 * Guide's "Mathematical Functions" appendix): 1 ulp for exp, exp2, exp10,
 * expm1, log, log2, log10, log1p, cbrt, rcbrt, rhypot, rnorm3d, rnorm4d;
 * 2 ulps for pow, hypot, norm3d, norm4d.  CUDA gives no bound for norm and
 * rnorm (a fast algorithm); they are held to those of norm4d and rnorm4d.
 * Exact cases (C99 Annex F special values, signed zeros) must be exact.
 */
#define _GNU_SOURCE
#include "hcc_libm_explog.h"

#include "libm_test.h"

#define DBL_MAX_ 1.7976931348623157e308

/* ---- exact cases --------------------------------------------------------- */

/* Exact special values and signed zeros of the one-argument functions.
 * (NaN, infinities and the range limits are also part of every
 * libm_check1; these add what an ulp error cannot see: signs of zeros and
 * results that must be exact.) */
static void exact_one(void) {
    const double inf = INFINITY, nan = NAN;
    libm_check_exact("exp(-0)", __hcc_exp(-0.0), 1.0);
    libm_check_exact("exp(-inf)", __hcc_exp(-inf), 0.0);
    libm_check_exact("exp(inf)", __hcc_exp(inf), inf);
    libm_check_exact("exp(-746)", __hcc_exp(-746), 0.0);
    libm_check_exact("exp(710)", __hcc_exp(710), inf);
    libm_check_exact("exp(nan)", __hcc_exp(nan), nan);
    libm_check_exact("exp2(-1074)", __hcc_exp2(-1074), 0x1p-1074);
    libm_check_exact("exp2(-1075)", __hcc_exp2(-1075), 0.0);
    libm_check_exact("exp2(-1022.5)", __hcc_exp2(-1022.5), (double)exp2l(-1022.5L));
    libm_check_exact("exp2(1023)", __hcc_exp2(1023), 0x1p1023);
    libm_check_exact("exp2(1024)", __hcc_exp2(1024), inf);
    libm_check_exact("exp2(-inf)", __hcc_exp2(-inf), 0.0);
    for (int i = -1074; i <= 1023; i++) {
        if (__hcc_exp2(i) != ldexp(1.0, i)) {
            libm_check_exact("exp2(integer)", __hcc_exp2(i), ldexp(1.0, i));
            break;
        }
    }
    for (int i = 0; i <= 22; i++) {
        double p = 1;
        for (int j = 0; j < i; j++)
            p *= 10;
        libm_check_exact("exp10(0..22)", __hcc_exp10(i), p);
        libm_check_exact("log10(10^0..22)", __hcc_log10(p), i);
    }
    libm_check_exact("exp10(-inf)", __hcc_exp10(-inf), 0.0);
    libm_check_exact("exp10(inf)", __hcc_exp10(inf), inf);
    libm_check_exact("expm1(-0)", __hcc_expm1(-0.0), -0.0);
    libm_check_exact("expm1(0)", __hcc_expm1(0.0), 0.0);
    libm_check_exact("expm1(-inf)", __hcc_expm1(-inf), -1.0);
    libm_check_exact("expm1(inf)", __hcc_expm1(inf), inf);
    libm_check_exact("expm1(-tiny)", __hcc_expm1(-0x1p-1074), -0x1p-1074);
    libm_check_exact("log(1)", __hcc_log(1.0), 0.0);
    libm_check_exact("log(0)", __hcc_log(0.0), -inf);
    libm_check_exact("log(-0)", __hcc_log(-0.0), -inf);
    libm_check_exact("log(-1)", __hcc_log(-1.0), nan);
    libm_check_exact("log(-inf)", __hcc_log(-inf), nan);
    libm_check_exact("log(inf)", __hcc_log(inf), inf);
    libm_check_exact("log2(-0)", __hcc_log2(-0.0), -inf);
    libm_check_exact("log10(0)", __hcc_log10(0.0), -inf);
    libm_check_exact("log2(-tiny)", __hcc_log2(-0x1p-1074), nan);
    for (int i = -1074; i <= 1023; i++) {
        if (__hcc_log2(ldexp(1.0, i)) != i) {
            libm_check_exact("log2(2^i)", __hcc_log2(ldexp(1.0, i)), i);
            break;
        }
    }
    libm_check_exact("log1p(-0)", __hcc_log1p(-0.0), -0.0);
    libm_check_exact("log1p(0)", __hcc_log1p(0.0), 0.0);
    libm_check_exact("log1p(-1)", __hcc_log1p(-1.0), -inf);
    libm_check_exact("log1p(-2)", __hcc_log1p(-2.0), nan);
    libm_check_exact("log1p(-inf)", __hcc_log1p(-inf), nan);
    libm_check_exact("log1p(inf)", __hcc_log1p(inf), inf);
    libm_check_exact("log1p(tiny)", __hcc_log1p(0x1p-1074), 0x1p-1074);
}

/* arguments at the edges of the ranges (overflow, the subnormal results,
 * the last results above -1 or 0): the error there must be within bound */
static void check_point1(const char *name, libm_fn1 f, libm_ref1 ref, double x, double bound) {
    double err = libm_ulp_error(f(x), ref((long double)x));
    if (!(err <= bound)) {
        printf("  edge case %s(%a): error %.3f ulp\n", name, x, err);
        libm_exact_failures++;
    }
}

static void check_point2(const char *name, libm_fn2 f, libm_ref2 ref, double x, double y,
                         double bound) {
    double err = libm_ulp_error(f(x, y), ref((long double)x, (long double)y));
    if (!(err <= bound)) {
        printf("  edge case %s(%a, %a): error %.3f ulp\n", name, x, y, err);
        libm_exact_failures++;
    }
}

static long double ref_exp10(long double x);

static void edges(void) {
    /* around each point, the 64 doubles on either side */
    static const double exp_edges[] = {709.782712893384, -745.1332191019411, -708.3964185322641,
                                       -744.4400719213812};
    static const double exp2_edges[] = {1024, -1022, -1074, -1075, -1073.5};
    static const double exp10_edges[] = {308.2547155599167, -323.3062153431158, -307.6526555685888};
    static const double expm1_edges[] = {709.782712893384, -36.7368005696771, -37.42994775023705,
                                         0x1p-54, -0x1p-54};
    static const double log_edges[] = {1,
                                       0x1p-1022,
                                       0x1p-1074,
                                       1.7976931348623157e308,
                                       0.70710678118654757,
                                       1.4142135623730951,
                                       1.015625,
                                       0.984375};
    static const double log1p_edges[] = {0,         -1 + 0x1p-53, 1.7976931348623157e308,
                                         0x1p-1022, 0.015625,     -0.015625};
    static const double cbrt_edges[] = {0x1p-1074, 0x1p-1022, 1, 2, 4, 8, 1.7976931348623157e308};
    for (int d = -64; d <= 64; d++) {
        for (size_t i = 0; i < sizeof exp_edges / sizeof *exp_edges; i++) {
            double x = exp_edges[i] + d * 0x1p-43;
            check_point1("exp", __hcc_exp, expl, x, 1);
        }
        for (size_t i = 0; i < sizeof exp2_edges / sizeof *exp2_edges; i++)
            check_point1("exp2", __hcc_exp2, exp2l, exp2_edges[i] + d * 0x1p-42, 1);
        for (size_t i = 0; i < sizeof exp10_edges / sizeof *exp10_edges; i++)
            check_point1("exp10", __hcc_exp10, ref_exp10, exp10_edges[i] + d * 0x1p-44, 1);
        for (size_t i = 0; i < sizeof expm1_edges / sizeof *expm1_edges; i++) {
            double x = expm1_edges[i];
            check_point1("expm1", __hcc_expm1, expm1l, x + d * ldexp(fabs(x), -52), 1);
        }
        for (size_t i = 0; i < sizeof log_edges / sizeof *log_edges; i++) {
            double x = log_edges[i] + d * ldexp(log_edges[i], -52);
            check_point1("log", __hcc_log, logl, x, 1);
            check_point1("log2", __hcc_log2, log2l, x, 1);
            check_point1("log10", __hcc_log10, log10l, x, 1);
        }
        for (size_t i = 0; i < sizeof log1p_edges / sizeof *log1p_edges; i++) {
            double x = log1p_edges[i];
            check_point1("log1p", __hcc_log1p, log1pl,
                         x + d * (x ? ldexp(fabs(x), -52) : 0x1p-1074), 1);
        }
        for (size_t i = 0; i < sizeof cbrt_edges / sizeof *cbrt_edges; i++) {
            double x = cbrt_edges[i] + d * ldexp(cbrt_edges[i], -52);
            check_point1("cbrt", __hcc_cbrt, cbrtl, x, 1);
            check_point1("rcbrt", __hcc_rcbrt, ref_rcbrt, -x, 1);
        }
        /* pow: results near overflow and underflow, odd powers of -2 */
        check_point2("pow", __hcc_pow, powl, 2, 1024 + d * 0x1p-42, 2);
        check_point2("pow", __hcc_pow, powl, -2, -1074 + d * 0x1p-42, 2);
        check_point2("pow", __hcc_pow, powl, 0.5, 1074.5 + d * 0x1p-42, 2);
        check_point2("pow", __hcc_pow, powl, 1 + d * 0x1p-52, 0x1p62, 2);
        check_point2("pow", __hcc_pow, powl, -(1 - d * 0x1p-53), 0x1p53 - 1, 2);
        check_point2("pow", __hcc_pow, powl, 1.7976931348623157e308 - d * 0x1p970, 1, 2);
        check_point2("pow", __hcc_pow, powl, 0x1p-1074 * (65 + d), 0.5, 2);
        /* hypot and rhypot around the overflow and underflow of the result */
        double big = 1.7976931348623157e308 / 1.4142135623730951 + d * 0x1p970;
        check_point2("hypot", __hcc_hypot, hypotl, big, big, 2);
        check_point2("rhypot", __hcc_rhypot, ref_rhypot, big / 2, big * 0.75, 1);
        check_point2("hypot", __hcc_hypot, hypotl, 0x1p-1074 * (100 + d), 0x1p-1074 * (37 + d), 2);
        check_point2("rhypot", __hcc_rhypot, ref_rhypot, 0x1p-1074 * (100 + d), 0x1p-1060, 1);
    }
}

/* Annex F's special cases of pow (F.9.4.4), and a few exact results */
static void exact_pow(void) {
    const double inf = INFINITY, nan = NAN;
    static const struct {
        double x, y, want;
    } cases[] = {
        /* clang-format off */
        {-0.0, -3, -INFINITY}, {0.0, -3, INFINITY},   {-0.0, -2, INFINITY},  {0.0, -0.5, INFINITY},
        {-0.0, -INFINITY, INFINITY}, {0.0, -INFINITY, INFINITY}, {-0.0, 3, -0.0}, {0.0, 3, 0.0},
        {-0.0, 2, 0.0},         {-0.0, 0.5, 0.0},      {-0.0, INFINITY, 0.0}, {-1, INFINITY, 1},
        {-1, -INFINITY, 1},     {1, NAN, 1},           {1, -INFINITY, 1},     {1, INFINITY, 1},
        {NAN, 0.0, 1},          {NAN, -0.0, 1},        {INFINITY, 0.0, 1},    {-INFINITY, -0.0, 1},
        {-2, 0.5, NAN},         {-0.5, -1.5, NAN},     {0.5, -INFINITY, INFINITY},
        {-0.5, -INFINITY, INFINITY}, {2, -INFINITY, 0.0}, {-2, -INFINITY, 0.0}, {0.5, INFINITY, 0.0},
        {-0.5, INFINITY, 0.0},  {2, INFINITY, INFINITY}, {-2, INFINITY, INFINITY},
        {-INFINITY, -3, -0.0},  {-INFINITY, -2, 0.0},  {-INFINITY, -0.5, 0.0}, {-INFINITY, 3, -INFINITY},
        {-INFINITY, 2, INFINITY}, {-INFINITY, 0.5, INFINITY}, {INFINITY, -1, 0.0}, {INFINITY, 1, INFINITY},
        {INFINITY, 0x1p-1074, INFINITY}, {NAN, 1, NAN}, {2, NAN, NAN}, {-1, NAN, NAN},
        {2, 10, 1024},          {-2, 3, -8},           {-2, -1, -0.5},        {-2, 1025, -INFINITY},
        {-2, -1075, -0.0},      {2, -1074, 0x1p-1074}, {-2, -1074, 0x1p-1074}, {4, 0.5, 2},
        {10, 22, 1e22},         {-1, 0x1p53, 1},       {-1, 0x1p53 - 1, -1},  {-1, 0x1p60, 1},
        {0x1p-1074, 0.5, 0x1p-537}, {0x1p1023, -1, 0x1p-1023}, {3, 2, 9}, {-3, 3, -27},
        {1.5, -0x1p60, 0.0},    {0.5, 0x1p60, 0.0},    {-0.5, 0x1p60 + 1e3, 0.0}, {2, 1e300, inf},
        /* clang-format on */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char what[96];
        snprintf(what, sizeof what, "pow(%a, %a)", cases[i].x, cases[i].y);
        libm_check_exact(what, __hcc_pow(cases[i].x, cases[i].y), cases[i].want);
    }
    (void)nan;
}

/* cbrt, rcbrt, hypot and the norms: exact cases and special values */
static void exact_roots(void) {
    const double inf = INFINITY, nan = NAN;
    libm_check_exact("cbrt(-0)", __hcc_cbrt(-0.0), -0.0);
    libm_check_exact("cbrt(-inf)", __hcc_cbrt(-inf), -inf);
    libm_check_exact("cbrt(nan)", __hcc_cbrt(nan), nan);
    libm_check_exact("cbrt(-27)", __hcc_cbrt(-27), -3);
    libm_check_exact("cbrt(2^-1074)", __hcc_cbrt(0x1p-1074), 0x1p-358);
    libm_check_exact("cbrt(2^1023)", __hcc_cbrt(0x1p1023), 0x1p341);
    libm_check_exact("rcbrt(-0)", __hcc_rcbrt(-0.0), -inf);
    libm_check_exact("rcbrt(0)", __hcc_rcbrt(0.0), inf);
    libm_check_exact("rcbrt(-inf)", __hcc_rcbrt(-inf), -0.0);
    libm_check_exact("rcbrt(inf)", __hcc_rcbrt(inf), 0.0);
    libm_check_exact("rcbrt(-8)", __hcc_rcbrt(-8), -0.5);
    libm_check_exact("rcbrt(2^-1074)", __hcc_rcbrt(0x1p-1074), 0x1p358);
    for (int i = 1; i < 100000; i++) {
        double c = (double)i * i * i;
        if (__hcc_cbrt(c) != i || __hcc_cbrt(-c) != -i) {
            libm_check_exact("cbrt(i^3)", __hcc_cbrt(c), i);
            break;
        }
    }
    libm_check_exact("hypot(inf, nan)", __hcc_hypot(inf, nan), inf);
    libm_check_exact("hypot(nan, -inf)", __hcc_hypot(nan, -inf), inf);
    libm_check_exact("hypot(nan, 1)", __hcc_hypot(nan, 1), nan);
    libm_check_exact("hypot(-0, -0)", __hcc_hypot(-0.0, -0.0), 0.0);
    libm_check_exact("hypot(-3, 4)", __hcc_hypot(-3, 4), 5);
    libm_check_exact("hypot(-x, 0)", __hcc_hypot(-0x1.234p-1070, 0), 0x1.234p-1070);
    libm_check_exact("hypot(max, max)", __hcc_hypot(DBL_MAX_, DBL_MAX_), inf);
    libm_check_exact("hypot(2^-1074, 2^-1074)", __hcc_hypot(0x1p-1074, 0x1p-1074), 0x1p-1074);
    libm_check_exact("rhypot(inf, nan)", __hcc_rhypot(inf, nan), 0.0);
    libm_check_exact("rhypot(0, -0)", __hcc_rhypot(0.0, -0.0), inf);
    libm_check_exact("rhypot(nan, 0)", __hcc_rhypot(nan, 0), nan);
    libm_check_exact("rhypot(3, 4)", __hcc_rhypot(3, 4), 0.2);
    libm_check_exact("rhypot(2^-1074, 0)", __hcc_rhypot(0x1p-1074, 0), inf);
    libm_check_exact("rhypot(max, 0)", __hcc_rhypot(DBL_MAX_, 0), (double)(1 / (long double)DBL_MAX_));
    libm_check_exact("norm3d(nan, inf, 0)", __hcc_norm3d(nan, inf, 0), inf);
    libm_check_exact("norm3d(1, 2, 2)", __hcc_norm3d(1, -2, 2), 3);
    libm_check_exact("norm3d(0, -0, 0)", __hcc_norm3d(0, -0.0, 0), 0);
    libm_check_exact("rnorm3d(0, -0, 0)", __hcc_rnorm3d(0, -0.0, 0), inf);
    libm_check_exact("rnorm3d(1, nan, -inf)", __hcc_rnorm3d(1, nan, -inf), 0);
    libm_check_exact("norm4d(1, 1, 1, 1)", __hcc_norm4d(1, -1, 1, -1), 2);
    libm_check_exact("norm4d(-inf, nan, 0, 0)", __hcc_norm4d(-inf, nan, 0, 0), inf);
    libm_check_exact("rnorm4d(nan, 0, 0, 0)", __hcc_rnorm4d(nan, 0, 0, 0), nan);
    libm_check_exact("rnorm4d(2, 2, 2, 2)", __hcc_rnorm4d(2, 2, 2, 2), 0.25);
    double v[5] = {3, -4, 0, 12, -84};
    libm_check_exact("norm(0)", __hcc_norm(0, v), 0);
    libm_check_exact("rnorm(0)", __hcc_rnorm(0, v), inf);
    libm_check_exact("norm(5)", __hcc_norm(5, v), 85);
    libm_check_exact("rnorm(1)", __hcc_rnorm(1, v), 1 / 3.0);
    v[2] = nan;
    libm_check_exact("norm(nan)", __hcc_norm(5, v), nan);
    v[4] = -inf;
    libm_check_exact("norm(nan, -inf)", __hcc_norm(5, v), inf);
    libm_check_exact("rnorm(nan, -inf)", __hcc_rnorm(5, v), 0);
}

/* ---- references ---------------------------------------------------------- */

static long double ref_exp10(long double x) {
    return exp10l(x);
}

/* ---- pow ----------------------------------------------------------------- */

/* pow over arguments drawn by gen, which also says the region's name */
static int check_pow(const char *name, void (*gen)(double *x, double *y)) {
    double worst = 0, wx = 0, wy = 0;
    long n = libm_samples();
    for (long i = 0; i < n; i++) {
        double x, y;
        gen(&x, &y);
        double err = libm_ulp_error(__hcc_pow(x, y), powl(x, y));
        if (err > worst || isnan(err)) {
            worst = err;
            wx = x;
            wy = y;
        }
    }
    return libm_report(name, worst, wx, wy, 2);
}

/* y such that y log x is uniform over the exponents a double can hold (and
 * a little beyond): every binade of results, subnormals included */
static double pow_y_for(double x) {
    double w = -750 + (715 + 750) * libm_unit();
    return w / log(fabs(x));
}

/* x anywhere (a uniform exponent), y to match */
static void gen_pow_any(double *x, double *y) {
    do
        *x = libm_arg(0x1p-1074, 1.7976931348623157e308, LIBM_LOG);
    while (*x == 1);
    *y = pow_y_for(*x);
}

/* x = 1 +- 2^-k (k up to 52), y as large as the result allows: the
 * logarithm's relative error is what counts here */
static void gen_pow_near1(double *x, double *y) {
    do {
        double d = ldexp(libm_unit(), -(int)(libm_next() % 53));
        *x = (libm_next() & 1) ? 1 + d : 1 - d / 2;
    } while (*x == 1);
    *y = pow_y_for(*x);
}

/* x < 0 with an integer y (odd or even), half of them near -1 */
static void gen_pow_negative(double *x, double *y) {
    double t;
    do {
        if (libm_next() & 1)
            gen_pow_near1(x, &t);
        else
            *x = libm_arg(0x1p-1074, 1.7976931348623157e308, LIBM_LOG);
        *x = -*x;
        t = rint(pow_y_for(*x));
    } while (t == 0 || *x == -1);
    *y = t;
}

/* moderate x and y, uniformly */
static void gen_pow_plain(double *x, double *y) {
    *x = 10 * libm_unit();
    *y = -40 + 80 * libm_unit();
}

/* ---- the norms ----------------------------------------------------------- */

/* k arguments of one random scale (a uniform exponent) each spread over
 * up to 2^spread below it, signs random */
static void gen_args(double *v, int k, int spread) {
    double scale = libm_arg(0x1p-1074, 1.7976931348623157e308 / 4, LIBM_LOG);
    for (int i = 0; i < k; i++) {
        double a = ldexp(scale * (0.5 + libm_unit()), -(int)(libm_next() % (unsigned)(spread + 1)));
        v[i] = (libm_next() & 1) ? -a : a;
    }
}

static long double ref_norm(int k, const double *v) {
    long double s = 0;
    for (int i = 0; i < k; i++)
        s += (long double)v[i] * v[i];
    return sqrtl(s);
}

/* the function: 0 hypot, 1 norm3d, 2 norm4d, 3 norm; reciprocal or not */
static double call_norm(int which, int recip, int k, const double *v) {
    switch (which) {
    case 0: return recip ? __hcc_rhypot(v[0], v[1]) : __hcc_hypot(v[0], v[1]);
    case 1: return recip ? __hcc_rnorm3d(v[0], v[1], v[2]) : __hcc_norm3d(v[0], v[1], v[2]);
    case 2:
        return recip ? __hcc_rnorm4d(v[0], v[1], v[2], v[3]) : __hcc_norm4d(v[0], v[1], v[2], v[3]);
    default: return recip ? __hcc_rnorm(k, v) : __hcc_norm(k, v);
    }
}

static int check_norm(const char *name, int which, int recip, double bound) {
    static const int kfix[3] = {2, 3, 4};
    double worst = 0, wx = 0, wy = 0;
    long n = libm_samples();
    for (long i = 0; i < n; i++) {
        double v[12];
        int k = which < 3 ? kfix[which] : 1 + (int)(libm_next() % 12);
        /* spread: all alike, up to 2^30 apart, or up to 2^1100 (some vanish) */
        static const int spreads[3] = {2, 30, 1100};
        gen_args(v, k, spreads[i % 3]);
        long double ref = ref_norm(k, v);
        double err = libm_ulp_error(call_norm(which, recip, k, v), recip ? 1 / ref : ref);
        if (err > worst || isnan(err)) {
            worst = err;
            wx = v[0];
            wy = v[1];
        }
    }
    return libm_report(name, worst, wx, wy, bound);
}

int main(void) {
    libm_header("hcc_libm_explog.h against long double (CUDA double bounds)");
    libm_check1("exp", __hcc_exp, expl, 1, -745.2, 709.8, LIBM_LINEAR);
    libm_check1("exp small", __hcc_exp, expl, 1, -1, 1, LIBM_LOG);
    libm_check1("exp2", __hcc_exp2, exp2l, 1, -1075, 1024, LIBM_LINEAR);
    libm_check1("exp2 small", __hcc_exp2, exp2l, 1, -1, 1, LIBM_LOG);
    libm_check1("exp10", __hcc_exp10, ref_exp10, 1, -324, 308.3, LIBM_LINEAR);
    libm_check1("exp10 small", __hcc_exp10, ref_exp10, 1, -1, 1, LIBM_LOG);
    libm_check1("expm1", __hcc_expm1, expm1l, 1, -40, 709.8, LIBM_LINEAR);
    libm_check1("expm1 small", __hcc_expm1, expm1l, 1, -2, 2, LIBM_LOG);
    libm_check1("log", __hcc_log, logl, 1, 0x1p-1074, 1.7976931348623157e308, LIBM_LOG);
    libm_check1("log near 1", __hcc_log, logl, 1, 0.5, 2, LIBM_LINEAR);
    libm_check1("log2", __hcc_log2, log2l, 1, 0x1p-1074, 1.7976931348623157e308, LIBM_LOG);
    libm_check1("log2 near 1", __hcc_log2, log2l, 1, 0.5, 2, LIBM_LINEAR);
    libm_check1("log10", __hcc_log10, log10l, 1, 0x1p-1074, 1.7976931348623157e308, LIBM_LOG);
    libm_check1("log10 near 1", __hcc_log10, log10l, 1, 0.5, 2, LIBM_LINEAR);
    libm_check1("log1p", __hcc_log1p, log1pl, 1, -1, 1.7976931348623157e308, LIBM_LOG);
    libm_check1("log1p near 0", __hcc_log1p, log1pl, 1, -0.5, 1, LIBM_LINEAR);
    check_pow("pow", gen_pow_any);
    check_pow("pow x near 1", gen_pow_near1);
    check_pow("pow x < 0", gen_pow_negative);
    check_pow("pow plain", gen_pow_plain);
    libm_check2("pow wide", __hcc_pow, powl, 2, 0x1p-1074, 1.7976931348623157e308, LIBM_LOG, -2000,
                2000, LIBM_LOG);
    libm_check1("cbrt", __hcc_cbrt, cbrtl, 1, -1.7976931348623157e308, 1.7976931348623157e308,
                LIBM_LOG);
    libm_check1("cbrt 1..8", __hcc_cbrt, cbrtl, 1, 1, 8, LIBM_LINEAR);
    libm_check1("rcbrt", __hcc_rcbrt, ref_rcbrt, 1, -1.7976931348623157e308, 1.7976931348623157e308,
                LIBM_LOG);
    libm_check1("rcbrt 1..8", __hcc_rcbrt, ref_rcbrt, 1, 1, 8, LIBM_LINEAR);
    libm_check2("hypot", __hcc_hypot, hypotl, 2, -1.7976931348623157e308, 1.7976931348623157e308,
                LIBM_LOG, -1.7976931348623157e308, 1.7976931348623157e308, LIBM_LOG);
    check_norm("hypot alike", 0, 0, 2);
    libm_check2("rhypot", __hcc_rhypot, ref_rhypot, 1, -1.7976931348623157e308,
                1.7976931348623157e308, LIBM_LOG, -1.7976931348623157e308, 1.7976931348623157e308,
                LIBM_LOG);
    check_norm("rhypot alike", 0, 1, 1);
    check_norm("norm3d", 1, 0, 2);
    check_norm("rnorm3d", 1, 1, 1);
    check_norm("norm4d", 2, 0, 2);
    check_norm("rnorm4d", 2, 1, 1);
    check_norm("norm", 3, 0, 2);
    check_norm("rnorm", 3, 1, 1);

    edges();
    exact_one();
    exact_pow();
    exact_roots();
    return libm_done();
}
