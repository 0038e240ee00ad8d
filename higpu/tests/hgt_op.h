/* hgt_op.h -- table-driven instruction tests.
 *
 * hgt_check_op() wraps one instruction (or a few lines of HISA) in a kernel
 * in which thread i loads its operands from arrays, runs the instruction
 * and stores the result, then compares every result with a C reference.
 * Register convention inside the instruction text:
 *
 *   operand a  R4 (R4:R5 for a pair)      operand b  R6 (R6:R7)
 *   operand c  R8 (R8:R9)                 result     R10 (R10:R11)
 *
 * R0..R3 and R12..R15 belong to the kernel frame; P0..P6 are free (a
 * predicate result is turned into R10 by the instruction text, with P2R).
 * Operand and result values travel as uint64_t: a 1-register value is the
 * low 32 bits. */
#ifndef HIGPU_HGT_OP_H
#define HIGPU_HGT_OP_H

#include <stdint.h>

#include "hgtest.h"

/* Registers per operand: 0 (unused), 1, or 2 (a register pair). */
typedef struct hgt_shape {
    uint8_t a, b, c, d;
} hgt_shape;

typedef uint64_t (*hgt_ref_fn)(const void *ctx, uint64_t a, uint64_t b, uint64_t c);
/* Whether a result matches the reference (NULL: bit-exact). */
typedef int (*hgt_eq_fn)(const void *ctx, uint64_t got, uint64_t want);

typedef struct hgt_opcheck {
    const char *insn; /* the instruction text, see above */
    hgt_shape shape;
    hgt_ref_fn ref;
    const void *ctx; /* passed to ref and eq (a modifier, a mode...) */
    hgt_eq_fn eq;
} hgt_opcheck;

/* Runs the instruction for n elements (several blocks of 96 threads, the
 * last warp partial when n is not a multiple of 32) and checks each
 * result; prints the first few mismatches and counts each as a failure.
 * Returns the number of mismatches. */
int hgt_check_op(hgt *t, const hgt_opcheck *op, uint32_t n, const uint64_t *a, const uint64_t *b,
                 const uint64_t *c);

/* Prints how many kernels ran and results were checked. */
void hgt_op_summary(void);

/* Runs the instruction and returns the results in d (no checking). */
void hgt_run_op(hgt *t, const char *insn, hgt_shape s, uint32_t n, const uint64_t *a,
                const uint64_t *b, const uint64_t *c, uint64_t *d);

/* ---- operand generation ------------------------------------------------ */

/* A pool of operand values: edge cases plus a generator for the values
 * between them (rng is hgt_rand's state). */
typedef struct hgt_pool {
    const uint64_t *edge;
    uint32_t nedge;
    uint64_t (*random)(uint64_t *rng);
} hgt_pool;

/* Fills v[0..n): element i < cross is edge number (i / div) % nedge, so
 * operands filled with div = 1, nedge(a), nedge(a) * nedge(b), ... and
 * cross = the product of the pool sizes enumerate every combination of
 * edge cases; the elements past cross are an edge one time in four and
 * p->random otherwise. */
void hgt_fill(uint64_t *rng, const hgt_pool *p, uint32_t div, uint32_t cross, uint32_t n,
              uint64_t *v);

/* Operand arrays for up to three operands drawn from pools (NULL: unused),
 * with every combination of edge cases followed by `extra` random tuples.
 * The arrays are malloc'ed; hgt_operands_free releases them. */
typedef struct hgt_operands {
    uint32_t n;
    uint64_t *v[3];
} hgt_operands;

void hgt_operands_make(hgt_operands *o, uint64_t *rng, const hgt_pool *pa, const hgt_pool *pb,
                       const hgt_pool *pc, uint32_t extra);
void hgt_operands_free(hgt_operands *o);

/* Runs op over o. */
int hgt_check_operands(hgt *t, const hgt_opcheck *op, const hgt_operands *o);

/* ---- comparisons to predicates ------------------------------------------ */

/* The 16 comparison modifiers in encoding order, and .AND .OR .XOR. */
extern const char *const hgt_cmp_names[16];
extern const char *const hgt_bool_names[3];

/* Appends the text that runs all 16 comparisons of one compare instruction
 * in one kernel: P1 = (c != 0); for each comparison k,
 *   MNEM.<cmp k>.<bool op>TYPE P0, R4, R6, [!]P1
 * and bit k of R10 = P0.  type is a modifier suffix (".S32") or "". */
void hgt_setp_text(hgt_str *b, const char *mnem, const char *type, int op, int qneg);
/* The reference for that kernel: bit k = cmp[k] (op) q. */
uint64_t hgt_setp_combine(const int cmp[16], int op, int q);

/* Test programs take [host-threads [baseline]]: the second argument forces
 * the baseline (non-AVX2) interpreter so both variants are tested.  Opens
 * t with the "teach" preset and returns the variant name in use. */
const char *hgt_open_args(hgt *t, int argc, char **argv);

#endif
