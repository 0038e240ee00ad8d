/*
 * test_exact.c -- hcc_libm_exact.h against the host's C library, bit for
 * bit: fmod, remainder, remquo, modf, frexp, logb, ilogb, round, fdim,
 * nextafter, nextafterf.  Their results are exact, so CUDA's bound is 0 ulp
 * and the reference is the host's double function (glibc computes each of
 * them exactly).  Arguments: special values in every pairing, raw random
 * bit patterns (every exponent equally likely: subnormals, huge ratios such
 * as fmod(1e308, 1e-308), infinities and NaNs included), pairs whose
 * quotient is below 2^64 (the remainders' low quotient bits), exact
 * halfway quotients (remainder's ties to even) and halfway round()s.
 *
 * A mismatch counts as its ulp distance from the host's result, or as
 * infinity where that distance is 0 (a zero of the wrong sign) or NaN-ness
 * differs; the table's bound is 0.
 */
#include <limits.h>

#include "libm_test.h"

#include "hcc_libm_exact.h"

/* ---- comparing ------------------------------------------------------------- */

static double dbits_error(double got, double want) {
    if (isnan(got) && isnan(want))
        return 0;
    if (memcmp(&got, &want, sizeof got) == 0)
        return 0;
    double e = libm_ulp_error(got, (long double)want);
    return e > 0 ? e : INFINITY;
}

/* the worst case of one function */
typedef struct {
    double err, x, y;
    long mismatches;
} worst_t;

static void note(worst_t *w, double err, double x, double y) {
    if (err > 0)
        w->mismatches++;
    if (err > w->err || (isnan(err) && !isnan(w->err))) {
        w->err = err;
        w->x = x;
        w->y = y;
    }
}

static void report(const char *name, const worst_t *w, int two_args) {
    libm_report(name, w->err, w->x, two_args ? w->y : NAN, 0.0);
    if (w->mismatches)
        printf("  (%ld mismatches)\n", w->mismatches);
}

/* ---- arguments ------------------------------------------------------------- */

static const double specials[] = {
    0.0, -0.0, 0x1p-1074, -0x1p-1074, 0x1.fffffffffffffp-1023, -0x0.fffffffffffffp-1022, 0x1p-1022, -0x1p-1022,
    0x1.8p-1070, 1e-308, 0.25, 0.5, -0.5, 0.49999999999999994, -0.49999999999999994, 0.5000000000000001,
    0.75, 1.0, -1.0, 1.5, -1.5, 2.0, 2.5, -2.5, 3.0, 3.5, 5.0, 7.0, 8.0, 10.0, 0x1p52, 0x1p52 + 1, 0x1p52 - 0.5,
    0x1p53, -0x1p53 - 2, 4503599627370495.5, 3.141592653589793, 1e300, -1e300, 1e308, 0x1p1023, 0x1p1022,
    1.7976931348623157e308, -1.7976931348623157e308, INFINITY, -INFINITY, NAN, -NAN,
};
#define NSPECIALS (sizeof specials / sizeof *specials)

/* any bit pattern: every exponent field equally likely */
static double raw_double(void) {
    uint64_t u = libm_next();
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* a finite number of random sign and significand with the exponent e
 * (at most 1023; below -1022 it is subnormal and loses low bits) */
static double with_exponent(int e) {
    if (e > 1023)
        e = 1023;
    double m = 1.0 + libm_unit(); /* [1, 2) */
    double d = ldexp(m, e);
    return (libm_next() & 1) ? -d : d;
}

/* A pair (x, y) drawn by one of several strategies. */
static void pair(double *x, double *y) {
    switch (libm_next() % 5) {
    case 0: /* raw bits: exponent differences up to 2046, NaNs, infinities */
        *x = raw_double();
        *y = raw_double();
        break;
    case 1: { /* quotients below 2^64: the low quotient bits are all present */
        int ey = (int)(libm_next() % 2098) - 1074;
        *y = with_exponent(ey);
        *x = with_exponent(ey + (int)(libm_next() % 64));
        break;
    }
    case 2: { /* exactly halfway quotients: x = (n + 1/2) * y, y with 30 bits */
        int ey = (int)(libm_next() % 2000) - 1000;
        double yy = ldexp(1.0 + (double)(libm_next() >> 35) * 0x1p-29, ey);
        double n = (double)(libm_next() % (1u << 20)) + 0.5;
        *y = (libm_next() & 1) ? -yy : yy;
        *x = n * yy;
        if (libm_next() & 1)
            *x = -*x;
        break;
    }
    case 3: /* small integers and their halves */
        *x = (double)((int64_t)(libm_next() % 2001) - 1000) * 0.5;
        *y = (double)((int64_t)(libm_next() % 41) - 20) * 0.5;
        break;
    default: /* subnormal against subnormal or tiny */
        *x = ldexp((double)(libm_next() >> 11), -1074 - (int)(libm_next() % 4) * 20);
        *y = ldexp((double)(libm_next() >> (11 + libm_next() % 50)), -1074);
        if (libm_next() & 1)
            *x = -*x;
        if (libm_next() & 1)
            *y = -*y;
        break;
    }
}

/* One argument: raw bits, or a number near an integer/halfway point. */
static double single(void) {
    switch (libm_next() % 3) {
    case 0:
        return raw_double();
    case 1: { /* halfway points and their neighbours, up to 2^53 */
        double h = ldexp((double)(libm_next() >> 11), -(int)(libm_next() % 54)) + 0.5;
        h = trunc(h) + 0.5;
        int d = (int)(libm_next() % 3) - 1;
        h = d ? nextafter(h, d * INFINITY) : h;
        return (libm_next() & 1) ? -h : h;
    }
    default:
        return with_exponent((int)(libm_next() % 2098) - 1074);
    }
}

/* ---- checks ---------------------------------------------------------------- */

/* canonical remquo quotient: its sign and low 3 bits (what C guarantees) */
static int quo3(int q) {
    unsigned m = (q < 0 ? 0u - (unsigned)q : (unsigned)q) & 7u;
    return q < 0 ? -(int)m : (int)m;
}

static worst_t w_fmod, w_rem, w_remquo, w_fdim, w_next;

static void check_pair(double x, double y) {
    note(&w_fmod, dbits_error(__hcc_fmod(x, y), fmod(x, y)), x, y);
    note(&w_rem, dbits_error(__hcc_remainder(x, y), remainder(x, y)), x, y);
    int qg = 12345, qw = 12345;
    double rg = __hcc_remquo(x, y, &qg), rw = remquo(x, y, &qw);
    double e = dbits_error(rg, rw);
    if (e == 0 && !isnan(rw) && quo3(qg) != quo3(qw))
        e = INFINITY;
    note(&w_remquo, e, x, y);
    note(&w_fdim, dbits_error(__hcc_fdim(x, y), fdim(x, y)), x, y);
    note(&w_next, dbits_error(__hcc_nextafter(x, y), nextafter(x, y)), x, y);
}

static worst_t w_modf, w_frexp, w_logb, w_ilogb, w_round;

static void check_single(double x) {
    double ig, iw;
    double fg = __hcc_modf(x, &ig), fw = modf(x, &iw);
    double e = dbits_error(fg, fw), e2 = dbits_error(ig, iw);
    note(&w_modf, e > e2 ? e : e2, x, NAN);

    int eg = 12345, ew = 12345;
    double mg = __hcc_frexp(x, &eg), mw = frexp(x, &ew);
    e = dbits_error(mg, mw);
    if (e == 0 && eg != ew)
        e = INFINITY;
    note(&w_frexp, e, x, NAN);

    note(&w_logb, dbits_error(__hcc_logb(x), logb(x)), x, NAN);
    note(&w_ilogb, __hcc_ilogb(x) == ilogb(x) ? 0 : INFINITY, x, NAN);
    note(&w_round, dbits_error(__hcc_round(x), round(x)), x, NAN);
}

static worst_t w_nextf;

static void check_nextf(float x, float y) {
    float g = __hcc_nextafterf(x, y), w = nextafterf(x, y);
    double e = 0;
    if (!(isnan(g) && isnan(w)) && memcmp(&g, &w, sizeof g) != 0)
        e = INFINITY;
    note(&w_nextf, e, x, y);
}

static float raw_float(void) {
    uint32_t u = (uint32_t)(libm_next() >> 32);
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

int main(void) {
    libm_header("exact functions (bit for bit against the host's libm)");
    long n = libm_samples();

    /* the documented special cases */
    int ok = __hcc_ilogb(0.0) == INT_MIN && __hcc_ilogb(NAN) == INT_MIN && __hcc_ilogb(-INFINITY) == INT_MAX &&
             isinf(__hcc_logb(-0.0)) && __hcc_logb(-0.0) < 0 && __hcc_fmod(1e308, 1e-308) == fmod(1e308, 1e-308);
    if (!ok) {
        printf("special cases of ilogb/logb/fmod wrong\n");
        libm_failures++;
    }

    for (size_t i = 0; i < NSPECIALS; i++) {
        check_single(specials[i]);
        for (size_t j = 0; j < NSPECIALS; j++) {
            check_pair(specials[i], specials[j]);
            check_nextf((float)specials[i], (float)specials[j]);
        }
    }
    for (long i = 0; i < n; i++) {
        double x, y;
        pair(&x, &y);
        check_pair(x, y);
        check_single(single());
        float fx = raw_float(), fy = (libm_next() & 3) ? raw_float() : fx * (1.0f + (float)libm_unit());
        check_nextf(fx, fy);
    }

    report("fmod", &w_fmod, 1);
    report("remainder", &w_rem, 1);
    report("remquo", &w_remquo, 1);
    report("modf", &w_modf, 0);
    report("frexp", &w_frexp, 0);
    report("logb", &w_logb, 0);
    report("ilogb", &w_ilogb, 0);
    report("round", &w_round, 0);
    report("fdim", &w_fdim, 1);
    report("nextafter", &w_next, 1);
    report("nextafterf", &w_nextf, 1);
    return libm_done();
}
