/* mufu_accuracy.h -- the accuracy HiGPU documents for MUFU, defined once:
 * hisa-doc prints it as the "SFU accuracy" table of docs/isa.md and
 * higpu/tests/test_sfu.c asserts it.
 *
 * Errors are in units in the last place (ulp) of the float result,
 * measured against the double-precision libm value of the float input.
 * HiGPU computes MUFU with the host's C library (exec_float.c), so the
 * bounds are those of IEEE arithmetic and of glibc's float functions, and
 * much tighter than a hardware SFU's approximations. */
#ifndef HISA_MUFU_ACCURACY_H
#define HISA_MUFU_ACCURACY_H

#include "hisa/hisa.h"

typedef struct hisa_mufu_accuracy {
    const char *name;
    double lo, hi;    /* the input range the test sweeps (lo > 0: logarithmically) */
    double bound_ulp; /* the documented (and tested) bound */
    double measured;  /* the largest error seen (glibc 2.36, x86-64) */
    const char *how;  /* how HiGPU computes it */
} hisa_mufu_accuracy;

static const hisa_mufu_accuracy hisa_mufu_accuracy_table[] = {
    [HISA_MUFU_RCP] = {"RCP", 0x1p-126, 0x1p126, 0.5, 0.5,
                       "IEEE division 1 / x, correctly rounded"},
    [HISA_MUFU_RSQ] = {"RSQ", 0x1p-149, 0x1.fffffep127, 0.501, 0.5,
                       "1 / sqrt(x) in double, rounded to float"},
    [HISA_MUFU_SQRT] = {"SQRT", 0x1p-149, 0x1.fffffep127, 0.5, 0.5, "IEEE sqrt, correctly rounded"},
    [HISA_MUFU_SIN] = {"SIN", -314.159265358979, 314.159265358979, 1, 0.561, "sinf"},
    [HISA_MUFU_COS] = {"COS", -314.159265358979, 314.159265358979, 1, 0.561, "cosf"},
    [HISA_MUFU_EX2] = {"EX2", -150, 128, 1, 0.502, "exp2f"},
    [HISA_MUFU_LG2] = {"LG2", 0x1p-149, 0x1.fffffep127, 1, 0.752, "log2f"},
    [HISA_MUFU_TANH] = {"TANH", -10, 10, 2.5, 2.18, "tanhf"},
};

#endif
