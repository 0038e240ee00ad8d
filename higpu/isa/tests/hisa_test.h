/* hisa_test.h -- tiny helpers shared by the libhisa tests. */
#ifndef HISA_TEST_H
#define HISA_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);               \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            if (++test_failures > 20)                                                              \
                exit(1);                                                                           \
        }                                                                                          \
    } while (0)

/* A file under higpu/isa/tests/data (HI_SOURCE_DIR is set by ctest). */
static inline char *test_read_data(const char *name, size_t *len) {
    const char *root = getenv("HI_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/higpu/isa/tests/data/%s", root ? root : ".", name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        exit(1);
    buf[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static inline int test_report(const char *name) {
    if (test_failures) {
        fprintf(stderr, "%s: %d failure(s)\n", name, test_failures);
        return 1;
    }
    printf("%s: ok\n", name);
    return 0;
}

/* Deterministic pseudo-random numbers (xorshift64*). */
static inline uint64_t test_rand(uint64_t *s) {
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

#endif
