/* hgt_pools.h -- operand pools shared by the instruction tests: the edge
 * cases of each type (zeros, infinities, NaNs, subnormals, extremes, values
 * whose products or sums round at a tie) and random values that exercise
 * rounding, underflow and overflow.  Values are bit patterns. */
#ifndef HIGPU_HGT_POOLS_H
#define HIGPU_HGT_POOLS_H

#include "hgt_op.h"

extern const hgt_pool hgt_i32, hgt_i64, hgt_pred;
extern const hgt_pool hgt_f16, hgt_bf16, hgt_f32, hgt_f64;
/* 32-bit words of two halves (packed instructions, or a scalar half with
 * garbage above it): every pair of edge cases meets in each half. */
extern const hgt_pool hgt_f16x2, hgt_bf16x2;

/* A random value of a binary format with ebits/mbits: mostly moderate,
 * some subnormal, some near overflow, some arbitrary bit patterns. */
uint64_t hgt_random_float(uint64_t *rng, int ebits, int mbits);

#endif
