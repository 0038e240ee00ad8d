/* hostmem.c -- page-locked host memory.  The emulated GPU's engines copy
 * with memcpy, so any host memory would do; what "pinned" buys a program
 * is that asynchronous copies from and to it really are asynchronous
 * (copy.c stages pageable memory or waits for it, as CUDA does).  So the
 * runtime allocates page-aligned memory and remembers the ranges. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct range {
    uintptr_t base;
    size_t size;
    int owned; /* allocated by hcMallocHost/hcHostAlloc (else hcHostRegister) */
} range;

pthread_mutex_t hcrt_pinned_lock = PTHREAD_MUTEX_INITIALIZER;
static range *ranges; /* sorted by base, disjoint */
static size_t nranges, cap;

/* Index of the range containing p, or -1 (lock held). */
static long find_locked(uintptr_t p) {
    size_t lo = 0, hi = nranges;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ranges[mid].base + ranges[mid].size <= p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < nranges && ranges[lo].base <= p ? (long)lo : -1;
}

static hcError_t add(uintptr_t base, size_t size, int owned) {
    hcError_t e = hcSuccess;
    pthread_mutex_lock(&hcrt_pinned_lock);
    size_t i = 0;
    while (i < nranges && ranges[i].base < base)
        i++;
    if ((i > 0 && ranges[i - 1].base + ranges[i - 1].size > base) ||
        (i < nranges && ranges[i].base < base + size)) {
        e = hcErrorHostMemoryAlreadyRegistered;
    } else if (nranges == cap) {
        size_t ncap = cap ? cap * 2 : 32;
        range *r = realloc(ranges, ncap * sizeof *r);
        if (r) {
            ranges = r;
            cap = ncap;
        } else {
            e = hcErrorMemoryAllocation;
        }
    }
    if (e == hcSuccess) {
        memmove(&ranges[i + 1], &ranges[i], (nranges - i) * sizeof *ranges);
        ranges[i] = (range){base, size, owned};
        nranges++;
    }
    pthread_mutex_unlock(&hcrt_pinned_lock);
    return e;
}

/* Removes the range starting exactly at base if its ownership matches. */
static int remove_range(uintptr_t base, int owned) {
    pthread_mutex_lock(&hcrt_pinned_lock);
    long i = find_locked(base);
    int ok = i >= 0 && ranges[i].base == base && ranges[i].owned == owned;
    if (ok) {
        memmove(&ranges[i], &ranges[i + 1], (nranges - (size_t)i - 1) * sizeof *ranges);
        nranges--;
    }
    pthread_mutex_unlock(&hcrt_pinned_lock);
    return ok;
}

int hcrt_host_pinned(const void *p, size_t n) {
    uintptr_t a = (uintptr_t)p;
    pthread_mutex_lock(&hcrt_pinned_lock);
    long i = find_locked(a);
    int in = i >= 0 && n <= ranges[i].size - (a - ranges[i].base);
    pthread_mutex_unlock(&hcrt_pinned_lock);
    return in;
}

hcError_t hcHostAlloc(void **ptr, size_t size, unsigned int flags) {
    if (!ptr ||
        (flags & ~(unsigned)(hcHostAllocPortable | hcHostAllocMapped | hcHostAllocWriteCombined)))
        return hcrt_ret(hcErrorInvalidValue);
    /* the emulated GPU cannot reach host memory from a kernel */
    if (flags & hcHostAllocMapped)
        return hcrt_ret(hcErrorNotSupported);
    *ptr = NULL;
    if (size == 0)
        return hcSuccess;
    void *p;
    if (posix_memalign(&p, 4096, size) != 0)
        return hcrt_ret(hcErrorMemoryAllocation);
    hcError_t e = add((uintptr_t)p, size, 1);
    if (e != hcSuccess) {
        free(p);
        return hcrt_ret(e);
    }
    *ptr = p;
    return hcSuccess;
}

hcError_t hcMallocHost(void **ptr, size_t size) {
    return hcHostAlloc(ptr, size, hcHostAllocDefault);
}

hcError_t hcFreeHost(void *ptr) {
    if (!ptr)
        return hcSuccess;
    if (!remove_range((uintptr_t)ptr, 1))
        return hcrt_ret(hcErrorInvalidValue);
    free(ptr);
    return hcSuccess;
}

hcError_t hcHostRegister(void *ptr, size_t size, unsigned int flags) {
    if (!ptr || !size || (flags & ~(unsigned)(hcHostRegisterPortable | hcHostRegisterMapped)))
        return hcrt_ret(hcErrorInvalidValue);
    if (flags & hcHostRegisterMapped)
        return hcrt_ret(hcErrorNotSupported);
    return hcrt_ret(add((uintptr_t)ptr, size, 0));
}

hcError_t hcHostUnregister(void *ptr) {
    return hcrt_ret(remove_range((uintptr_t)ptr, 0) ? hcSuccess : hcErrorHostMemoryNotRegistered);
}
