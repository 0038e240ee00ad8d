/* rt_kernels.h -- host stubs and variable shadows for rt_kernels.hs, as
 * clang would generate them for the CUDA declarations in the comments
 * there, and their registration (what clang's module constructor does). */
#ifndef RT_KERNELS_H
#define RT_KERNELS_H

#include "rt_test.h"

#define RT_STUB static __attribute__((unused, noinline))

RT_STUB void vector_add(const float *a, const float *b, float *c, int n) {
    void *args[] = {&a, &b, &c, &n};
    rt_stub_launch((const void *)vector_add, args);
}
RT_STUB void fill(unsigned *p, unsigned value, int n) {
    void *args[] = {&p, &value, &n};
    rt_stub_launch((const void *)fill, args);
}
RT_STUB void params(char c, double d, short s, long long q, float f, void *out) {
    void *args[] = {&c, &d, &s, &q, &f, &out};
    rt_stub_launch((const void *)params, args);
}
RT_STUB void scale_table(float *out) {
    void *args[] = {&out};
    rt_stub_launch((const void *)scale_table, args);
}
RT_STUB void spin(int iters, unsigned *out) {
    void *args[] = {&iters, &out};
    rt_stub_launch((const void *)spin, args);
}
RT_STUB void copy_words(const unsigned *src, unsigned *dst, int n) {
    void *args[] = {&src, &dst, &n};
    rt_stub_launch((const void *)copy_words, args);
}
RT_STUB void oob(unsigned *p) {
    void *args[] = {&p};
    rt_stub_launch((const void *)oob, args);
}
RT_STUB void misaligned(unsigned *p) {
    void *args[] = {&p};
    rt_stub_launch((const void *)misaligned, args);
}
RT_STUB void trap7(void) {
    rt_stub_launch((const void *)trap7, NULL);
}
RT_STUB void heavy(void) {
    rt_stub_launch((const void *)heavy, NULL);
}

/* The host shadows of the device variables. */
static float scale __attribute__((unused));
static unsigned table[8] __attribute__((unused));
static unsigned counter __attribute__((unused));

#define RT_REG(h, k) __cudaRegisterFunction(h, (const char *)k, (char *)#k, #k, -1, 0, 0, 0, 0, 0)
#define RT_VAR(h, v, constant)                                                                     \
    __cudaRegisterVar(h, (char *)&v, (char *)#v, #v, 0, sizeof v, constant, 0)

static inline __attribute__((unused)) void **rt_register_kernels(void) {
    void **h = rt_fatbin("rt_kernels.hcbin");
    RT_REG(h, vector_add);
    RT_REG(h, fill);
    RT_REG(h, params);
    RT_REG(h, scale_table);
    RT_REG(h, spin);
    RT_REG(h, copy_words);
    RT_REG(h, oob);
    RT_REG(h, misaligned);
    RT_REG(h, trap7);
    RT_REG(h, heavy);
    RT_VAR(h, scale, 1);
    RT_VAR(h, table, 0);
    RT_VAR(h, counter, 0);
    __cudaRegisterFatBinaryEnd(h);
    return h;
}

#endif
