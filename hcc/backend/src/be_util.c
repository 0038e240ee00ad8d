/* be_util.c -- errors, output text, memory and the pointer map the passes
 * share. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be.h"
#include "be_util.h"

/* The C++ runtime's demangler (libstdc++, which LLVM links anyway): error
 * messages name functions as the programmer wrote them. */
extern char *__cxa_demangle(const char *mangled, char *buf, size_t *len, int *status);

_Noreturn void be_error(be *b, LLVMValueRef v, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    unsigned line = 0, flen = 0;
    const char *file = NULL;
    if (v && LLVMIsAInstruction(v)) {
        line = LLVMGetDebugLocLine(v);
        file = LLVMGetDebugLocFilename(v, &flen);
    }
    char where[300] = "";
    if (b->fn_name) { /* without -g/-lineinfo there is no line: name the function */
        int status = -1;
        char *pretty = __cxa_demangle(b->fn_name, NULL, NULL, &status);
        snprintf(where, sizeof where, " (in function '%s')", status == 0 && pretty ? pretty : b->fn_name);
        free(pretty);
    }
    if (file && line)
        snprintf(b->err, b->errlen, "%.*s:%u: error: %s%s", (int)flen, file, line, msg, where);
    else
        snprintf(b->err, b->errlen, "%s: error: %s%s%s", b->name, msg, where,
                 b->fn_name ? "; compile with -lineinfo for its source line" : "");
    longjmp(b->fail, 1);
}

void be_printf(be *b, const char *fmt, ...) {
    va_list ap;
    for (;;) {
        size_t room = b->outcap - b->outlen;
        va_start(ap, fmt);
        int n = vsnprintf(b->out ? b->out + b->outlen : NULL, room, fmt, ap);
        va_end(ap);
        if (n < 0)
            be_error(b, NULL, "output formatting failed");
        if ((size_t)n < room) {
            b->outlen += (size_t)n;
            return;
        }
        size_t cap = b->outcap ? b->outcap * 2 : 65536;
        while (cap - b->outlen <= (size_t)n)
            cap *= 2;
        char *p = realloc(b->out, cap);
        if (!p)
            be_error(b, NULL, "out of memory");
        b->out = p;
        b->outcap = cap;
    }
}

/* ---- the arena --------------------------------------------------------------------------
 * Every block the passes allocate is registered, so that an error that
 * abandons the compilation (be_error's longjmp) still frees everything. */

typedef struct block_hdr {
    size_t slot;
    max_align_t align[]; /* the data follows, aligned */
} block_hdr;

static void *registered(be *b, block_hdr *h, size_t slot) {
    h->slot = slot;
    b->arena[slot] = h;
    return h->align;
}

void *be_alloc(be *b, size_t n) {
    if (b->narena == b->arenacap) {
        size_t cap = b->arenacap ? b->arenacap * 2 : 256;
        void **a = realloc(b->arena, cap * sizeof *a);
        if (!a)
            be_error(b, NULL, "out of memory");
        b->arena = a;
        b->arenacap = cap;
    }
    block_hdr *h = calloc(1, sizeof *h + (n ? n : 1));
    if (!h)
        be_error(b, NULL, "out of memory");
    return registered(b, h, b->narena++);
}

void *be_realloc(be *b, void *p, size_t n) {
    if (!p)
        return be_alloc(b, n);
    block_hdr *h = (block_hdr *)((char *)p - offsetof(block_hdr, align));
    block_hdr *nh = realloc(h, sizeof *nh + (n ? n : 1));
    if (!nh)
        be_error(b, NULL, "out of memory");
    return registered(b, nh, nh->slot);
}

void be_free(be *b, void *p) {
    if (!p)
        return;
    block_hdr *h = (block_hdr *)((char *)p - offsetof(block_hdr, align));
    b->arena[h->slot] = NULL;
    free(h);
}

void be_arena_release(be *b) {
    for (size_t i = 0; i < b->narena; i++)
        free(b->arena[i]);
    free(b->arena);
    b->arena = NULL;
    b->narena = b->arenacap = 0;
}

void *be_grow(be *b, void *p, int *cap, int need, size_t elem) {
    if (need <= *cap)
        return p;
    int c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    char *q = be_realloc(b, p, (size_t)c * elem);
    memset(q + (size_t)*cap * elem, 0, (size_t)(c - *cap) * elem);
    *cap = c;
    return q;
}

/* ---- pointer -> int map (open addressing) ------------------------------------- */

static size_t hash_ptr(const void *p) {
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (size_t)x;
}

void ptrmap_init(be *b, ptrmap *m, size_t expect) {
    size_t cap = 16;
    while (cap < expect * 2)
        cap *= 2;
    m->keys = be_alloc(b, cap * sizeof *m->keys);
    m->vals = be_alloc(b, cap * sizeof *m->vals);
    m->cap = cap;
    m->n = 0;
}

void ptrmap_free(be *b, ptrmap *m) {
    be_free(b, m->keys);
    be_free(b, m->vals);
    memset(m, 0, sizeof *m);
}

int ptrmap_get(const ptrmap *m, const void *key, int dflt) {
    for (size_t i = hash_ptr(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == key)
            return m->vals[i];
        if (!m->keys[i])
            return dflt;
    }
}

void ptrmap_put(be *b, ptrmap *m, const void *key, int val) {
    if (2 * (m->n + 1) > m->cap) {
        ptrmap bigger;
        ptrmap_init(b, &bigger, m->cap);
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i])
                ptrmap_put(b, &bigger, m->keys[i], m->vals[i]);
        ptrmap_free(b, m);
        *m = bigger;
    }
    size_t i = hash_ptr(key) & (m->cap - 1);
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    if (!m->keys[i])
        m->n++;
    m->keys[i] = key;
    m->vals[i] = val;
}
