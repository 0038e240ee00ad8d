/* hgt_fpref.h -- an exact reference for binary floating point, written
 * independently of the emulator's softfloat.h: values are integers times a
 * power of two, arithmetic is exact (or keeps a sticky bit far below any
 * rounding position), and rounding into a format is done once, on bits.
 * The tests use it for FP16/BF16 arithmetic and for every CVT rounding. */
#ifndef HIGPU_HGT_FPREF_H
#define HIGPU_HGT_FPREF_H

#include <stdint.h>

/* A binary interchange format: exponent bits and stored mantissa bits. */
typedef struct hgt_fmt {
    int ebits, mbits;
} hgt_fmt;

#define HGT_F16  ((hgt_fmt){5, 10})
#define HGT_BF16 ((hgt_fmt){8, 7})
#define HGT_F32  ((hgt_fmt){8, 23})
#define HGT_F64  ((hgt_fmt){11, 52})

/* Rounding modes, numbered as HISA's .RN .RZ .RM .RP. */
enum { HGT_RN, HGT_RZ, HGT_RM, HGT_RP };

enum { HGT_XF_ZERO, HGT_XF_NUM, HGT_XF_INF, HGT_XF_NAN };

/* (-1)^neg * man * 2^exp; with sticky, the magnitude is a little more than
 * man * 2^exp (by less than one unit of man's last bit). */
typedef struct hgt_xf {
    int kind, neg, exp, sticky;
    unsigned __int128 man;
} hgt_xf;

hgt_xf hgt_xf_decode(hgt_fmt f, uint64_t bits);
hgt_xf hgt_xf_from_u64(uint64_t v, int neg);
hgt_xf hgt_xf_from_s64(int64_t v);
hgt_xf hgt_xf_mul(hgt_xf a, hgt_xf b);
/* a + b; rnd only decides the sign of an exact zero sum. */
hgt_xf hgt_xf_add(hgt_xf a, hgt_xf b, int rnd);
/* Rounds x into f (once).  A NaN gives the quiet NaN with every mantissa
 * bit set and a clear sign (0x7fff for FP16 and BF16). */
uint64_t hgt_xf_round(hgt_xf x, hgt_fmt f, int rnd);

/* A value of f as a double (exact for every format here but F64 itself). */
double hgt_fmt_to_double(hgt_fmt f, uint64_t bits);
int hgt_fmt_isnan(hgt_fmt f, uint64_t bits);

/* The reference for a comparison modifier (HISA encoding order: EQ NE LT LE
 * GT GE, the unordered EQU..GEU, NUM NAN T F): ordered compares are false
 * when either operand is NaN, the unordered ones true. */
int hgt_fcmp(double a, double b, unsigned cmp);

#endif
