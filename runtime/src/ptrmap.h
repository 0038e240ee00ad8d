/* ptrmap.h -- a map from pointers to pointers: a sorted array searched by
 * bisection.  The runtime's maps (kernels by host stub, variables by host
 * shadow, live stream and event handles) are small and read far more often
 * than written.  Not thread-safe: callers hold their own lock. */
#ifndef HCRT_PTRMAP_H
#define HCRT_PTRMAP_H

#include <stddef.h>

typedef struct ptrmap_entry {
    const void *key;
    void *value;
} ptrmap_entry;

typedef struct ptrmap {
    ptrmap_entry *e;
    size_t n, cap;
} ptrmap;

/* The value stored for key, or NULL. */
void *ptrmap_get(const ptrmap *m, const void *key);
/* Stores (replacing) key -> value; -1 when out of memory. */
int ptrmap_put(ptrmap *m, const void *key, void *value);
/* Removes key; returns its value (NULL if absent). */
void *ptrmap_remove(ptrmap *m, const void *key);
/* Removes every entry for which drop(value, arg) is true, calling it once
 * per entry in key order. */
void ptrmap_remove_if(ptrmap *m, int (*drop)(void *value, void *arg), void *arg);

#endif
