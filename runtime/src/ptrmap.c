/* ptrmap.c -- a sorted array of (pointer, value) pairs (see ptrmap.h). */
#include "ptrmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Index of the first entry whose key is >= key. */
static size_t lower_bound(const ptrmap *m, const void *key) {
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uintptr_t)m->e[mid].key < (uintptr_t)key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void *ptrmap_get(const ptrmap *m, const void *key) {
    size_t i = lower_bound(m, key);
    return i < m->n && m->e[i].key == key ? m->e[i].value : NULL;
}

int ptrmap_put(ptrmap *m, const void *key, void *value) {
    size_t i = lower_bound(m, key);
    if (i < m->n && m->e[i].key == key) {
        m->e[i].value = value;
        return 0;
    }
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        ptrmap_entry *e = realloc(m->e, cap * sizeof *e);
        if (!e)
            return -1;
        m->e = e;
        m->cap = cap;
    }
    memmove(&m->e[i + 1], &m->e[i], (m->n - i) * sizeof *m->e);
    m->e[i] = (ptrmap_entry){key, value};
    m->n++;
    return 0;
}

void *ptrmap_remove(ptrmap *m, const void *key) {
    size_t i = lower_bound(m, key);
    if (i >= m->n || m->e[i].key != key)
        return NULL;
    void *v = m->e[i].value;
    memmove(&m->e[i], &m->e[i + 1], (m->n - i - 1) * sizeof *m->e);
    m->n--;
    return v;
}

void ptrmap_remove_if(ptrmap *m, int (*drop)(void *value, void *arg), void *arg) {
    size_t out = 0;
    for (size_t i = 0; i < m->n; i++)
        if (!drop(m->e[i].value, arg))
            m->e[out++] = m->e[i];
    m->n = out;
}
