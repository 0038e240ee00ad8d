/*
 * test_special.c -- accuracy of hcc's error and gamma functions
 * (hcc/include/hcc_libm_special.h) against the host's long double library.
 *
 * Bounds: CUDA C++ Programming Guide, "Mathematical Functions" appendix,
 * double-precision table: erf 2, erfc 4, erfcx 3, erfinv 5, erfcinv 6,
 * normcdf 5, normcdfinv 7, tgamma 8 ulp (full range), lgamma 4 ulp outside
 * the interval -11.0001 ... -2.2637 ("larger inside": there lgamma has
 * zeros, e.g. at -2.4570..., and no relative bound is stated).  Inside that
 * interval this test measures the error in ulps of max(|lgamma(x)|, 1)
 * instead (absolute near the zeros) and bounds it by 4 too.
 *
 * References: erfl, erfcl, lgammal, tgammal and libm_ref.h's (erfcx,
 * normcdf; Newton's method in long double for the inverses).
 */
#include "hcc_libm_special.h"

#include "libm_test.h"

/* ---- references --------------------------------------------------------------- */

/* erfinv and its reference near 1: x = 1 - q, rounded the same way on both
 * sides, for q spread over [2^-53, 1/2] */
static double erfinv_near1(double q) { return __hcc_erfinv(1.0 - q); }
static long double ref_erfinv_near1(long double q) { return ref_erfinv((long double)(1.0 - (double)q)); }

/* ---- checks ----------------------------------------------------------------------- */

/* one special value: NaN must give NaN, anything else the same bits (signed
 * zeros and infinities included) */
static int check_special(const char *name, double (*f)(double), double x, double want) {
    double got = f(x);
    int ok = (isnan(want) && isnan(got)) || (!isnan(got) && got == want && signbit(got) == signbit(want));
    if (!ok) {
        printf("special: %s(%a) = %a, want %a\n", name, x, got, want);
        libm_failures++;
    }
    return ok;
}

static void check_specials(void) {
    double inf = INFINITY, nan = NAN;
    struct {
        const char *name;
        double (*f)(double);
        double x, want;
    } t[] = {
        {"erf", __hcc_erf, 0.0, 0.0},
        {"erf", __hcc_erf, -0.0, -0.0},
        {"erf", __hcc_erf, inf, 1.0},
        {"erf", __hcc_erf, -inf, -1.0},
        {"erf", __hcc_erf, 0x1p-1074, 0x1p-1074},
        {"erf", __hcc_erf, nan, nan},
        {"erfc", __hcc_erfc, 0.0, 1.0},
        {"erfc", __hcc_erfc, -0.0, 1.0},
        {"erfc", __hcc_erfc, inf, 0.0},
        {"erfc", __hcc_erfc, -inf, 2.0},
        {"erfc", __hcc_erfc, 1e300, 0.0},
        {"erfc", __hcc_erfc, nan, nan},
        {"erfcx", __hcc_erfcx, 0.0, 1.0},
        {"erfcx", __hcc_erfcx, -0.0, 1.0},
        {"erfcx", __hcc_erfcx, inf, 0.0},
        {"erfcx", __hcc_erfcx, -inf, inf},
        {"erfcx", __hcc_erfcx, -30.0, inf},
        {"erfcx", __hcc_erfcx, nan, nan},
        {"normcdf", __hcc_normcdf, inf, 1.0},
        {"normcdf", __hcc_normcdf, -inf, 0.0},
        {"normcdf", __hcc_normcdf, 0.0, 0.5},
        {"normcdf", __hcc_normcdf, -0.0, 0.5},
        {"normcdf", __hcc_normcdf, nan, nan},
        {"erfinv", __hcc_erfinv, 0.0, 0.0},
        {"erfinv", __hcc_erfinv, -0.0, -0.0},
        {"erfinv", __hcc_erfinv, 1.0, inf},
        {"erfinv", __hcc_erfinv, -1.0, -inf},
        {"erfinv", __hcc_erfinv, 1.5, nan},
        {"erfinv", __hcc_erfinv, -inf, nan},
        {"erfinv", __hcc_erfinv, nan, nan},
        {"erfcinv", __hcc_erfcinv, 0.0, inf},
        {"erfcinv", __hcc_erfcinv, -0.0, inf},
        {"erfcinv", __hcc_erfcinv, 2.0, -inf},
        {"erfcinv", __hcc_erfcinv, 1.0, 0.0},
        {"erfcinv", __hcc_erfcinv, -1.0, nan},
        {"erfcinv", __hcc_erfcinv, 2.5, nan},
        {"erfcinv", __hcc_erfcinv, inf, nan},
        {"erfcinv", __hcc_erfcinv, nan, nan},
        {"normcdfinv", __hcc_normcdfinv, 0.0, -inf},
        {"normcdfinv", __hcc_normcdfinv, 1.0, inf},
        {"normcdfinv", __hcc_normcdfinv, 0.5, 0.0},
        {"normcdfinv", __hcc_normcdfinv, -0.5, nan},
        {"normcdfinv", __hcc_normcdfinv, 1.5, nan},
        {"normcdfinv", __hcc_normcdfinv, nan, nan},
        {"lgamma", __hcc_lgamma, 1.0, 0.0},
        {"lgamma", __hcc_lgamma, 2.0, 0.0},
        {"lgamma", __hcc_lgamma, 0.0, inf},
        {"lgamma", __hcc_lgamma, -0.0, inf},
        {"lgamma", __hcc_lgamma, -1.0, inf},
        {"lgamma", __hcc_lgamma, -0x1p60, inf},
        {"lgamma", __hcc_lgamma, inf, inf},
        {"lgamma", __hcc_lgamma, -inf, inf},
        {"lgamma", __hcc_lgamma, 1.7976931348623157e308, inf},
        {"lgamma", __hcc_lgamma, nan, nan},
        {"tgamma", __hcc_tgamma, 0.0, inf},
        {"tgamma", __hcc_tgamma, -0.0, -inf},
        {"tgamma", __hcc_tgamma, -1.0, nan},
        {"tgamma", __hcc_tgamma, -0x1p60, nan},
        {"tgamma", __hcc_tgamma, inf, inf},
        {"tgamma", __hcc_tgamma, -inf, nan},
        {"tgamma", __hcc_tgamma, 172.0, inf},
        {"tgamma", __hcc_tgamma, 0x1p-1074, inf},
        {"tgamma", __hcc_tgamma, -0x1p-1074, -inf},
        {"tgamma", __hcc_tgamma, nan, nan},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        bad += !check_special(t[i].name, t[i].f, t[i].x, t[i].want);
    /* tgamma(n) = (n-1)! exactly for n = 1..23 (exact in long double too) */
    long double fact = 1;
    for (int n = 1; n <= 23; n++) {
        if (n > 1)
            fact *= n - 1;
        bad += !check_special("tgamma", __hcc_tgamma, n, (double)fact);
    }
    printf("%-14s %10d %28s %8s %8s\n", "specials", bad, "wrong", "0", bad ? "FAIL" : "ok");
}

/* lgamma inside (-11.0001, -2.2637): the error in ulps of max(|lgamma|, 1),
 * i.e. relative where |lgamma(x)| >= 1 and absolute (in units of 2^-52)
 * near its zeros */
static void check_lgamma_inside(void) {
    double worst = 0, worst_x = 0;
    long n = libm_samples();
    for (long i = 0; i < n; i++) {
        double x = libm_arg(-11.0001, -2.2637, LIBM_LINEAR);
        long double ref = lgammal(x);
        double got = __hcc_lgamma(x);
        double err = fabsl(ref) >= 1 ? libm_ulp_error(got, ref) : (double)(fabsl(got - ref) * 0x1p52L);
        if (!(err <= worst)) {
            worst = err;
            worst_x = x;
        }
    }
    libm_report("lgamma inside", worst, worst_x, NAN, 4);
}

int main(void) {
    const double big = 1.7976931348623157e308;
    libm_header("hcc_libm_special.h against long double (max error in double ulps)");
    check_specials();

    libm_check1("erf", __hcc_erf, erfl, 2, -big, big, LIBM_LOG);
    libm_check1("erf [-6,6]", __hcc_erf, erfl, 2, -6, 6, LIBM_LINEAR);

    libm_check1("erfc", __hcc_erfc, erfcl, 4, -big, big, LIBM_LOG);
    libm_check1("erfc [-6,28]", __hcc_erfc, erfcl, 4, -6, 28, LIBM_LINEAR);

    libm_check1("erfcx", __hcc_erfcx, ref_erfcx, 3, -big, big, LIBM_LOG);
    libm_check1("erfcx [-27,8]", __hcc_erfcx, ref_erfcx, 3, -27, 8, LIBM_LINEAR);
    libm_check1("erfcx [8,1e3]", __hcc_erfcx, ref_erfcx, 3, 8, 1e3, LIBM_LOG);

    libm_check1("normcdf", __hcc_normcdf, ref_normcdf, 5, -big, big, LIBM_LOG);
    libm_check1("normcdf[-39,9]", __hcc_normcdf, ref_normcdf, 5, -39, 9, LIBM_LINEAR);

    libm_check1("erfinv", __hcc_erfinv, ref_erfinv, 5, -1, 1, LIBM_LOG);
    libm_check1("erfinv lin", __hcc_erfinv, ref_erfinv, 5, -1, 1, LIBM_LINEAR);
    libm_check1("erfinv(1-q)", erfinv_near1, ref_erfinv_near1, 5, 0x1p-53, 0.5, LIBM_LOG);

    libm_check1("erfcinv", __hcc_erfcinv, ref_erfcinv, 6, 0x1p-1074, 2, LIBM_LOG);
    libm_check1("erfcinv lin", __hcc_erfcinv, ref_erfcinv, 6, 0, 2, LIBM_LINEAR);

    libm_check1("normcdfinv", __hcc_normcdfinv, ref_normcdfinv, 7, 0x1p-1074, 1, LIBM_LOG);
    libm_check1("normcdfinv lin", __hcc_normcdfinv, ref_normcdfinv, 7, 0, 1, LIBM_LINEAR);

    /* lgamma: CUDA's bound holds outside (-11.0001, -2.2637) */
    libm_check1("lgamma x>0", __hcc_lgamma, lgammal, 4, 0x1p-1074, big, LIBM_LOG);
    libm_check1("lgamma (0,10)", __hcc_lgamma, lgammal, 4, 0, 10, LIBM_LINEAR);
    libm_check1("lgamma [-2.26,0)", __hcc_lgamma, lgammal, 4, -2.2637, -0x1p-1074, LIBM_LOG);
    libm_check1("lgamma x<-11", __hcc_lgamma, lgammal, 4, -0x1p53, -11.0001, LIBM_LOG);
    libm_check1("lgamma [-200,-11]", __hcc_lgamma, lgammal, 4, -200, -11.0001, LIBM_LINEAR);
    check_lgamma_inside();

    libm_check1("tgamma", __hcc_tgamma, tgammal, 8, -big, big, LIBM_LOG);
    libm_check1("tgamma [-190,172]", __hcc_tgamma, tgammal, 8, -190, 172, LIBM_LINEAR);
    libm_check1("tgamma [-10,10]", __hcc_tgamma, tgammal, 8, -10, 10, LIBM_LINEAR);
    return libm_done();
}
