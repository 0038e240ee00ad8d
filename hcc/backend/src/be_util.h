/* be_util.h -- small containers used by the backend passes. */
#ifndef HCCBE_BE_UTIL_H
#define HCCBE_BE_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "be.h"

/* A map from pointers (LLVM values, blocks) to ints. */
typedef struct ptrmap {
    const void **keys;
    int *vals;
    size_t cap, n;
} ptrmap;

void ptrmap_init(be *b, ptrmap *m, size_t expect);
void ptrmap_free(be *b, ptrmap *m);
int ptrmap_get(const ptrmap *m, const void *key, int dflt);
void ptrmap_put(be *b, ptrmap *m, const void *key, int val);

/* Bit sets of n bits as arrays of uint64_t. */
static inline size_t bs_words(size_t n) { return (n + 63) / 64; }
static inline int bs_test(const uint64_t *s, size_t i) { return (int)((s[i / 64] >> (i % 64)) & 1); }
static inline void bs_set(uint64_t *s, size_t i) { s[i / 64] |= 1ull << (i % 64); }
static inline void bs_clear(uint64_t *s, size_t i) { s[i / 64] &= ~(1ull << (i % 64)); }

#endif
