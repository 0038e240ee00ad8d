/* test_printf.c -- device printf end to end: records written by kernels in
 * the protocol hcc compiles printf to are printed by the runtime after each
 * kernel, in stream order, with the host's printf semantics; malformed
 * records print a "[printf: bad record ...]" line; an assert's message
 * appears before its fault is reported; what does not fit in the buffer is
 * counted.
 *
 *   hcrt_test_printf            stdout is compared with test_printf.expected
 *   hcrt_test_printf overflow   (HI_PRINTF_BUFFER=4096) checks itself
 *   hcrt_test_printf limit      the same with the buffer set by
 *                               hcDeviceSetLimit(hcLimitPrintfFifoSize) */
#include <string.h>

#include "rt_kernels.h"

#define STUB static __attribute__((noinline))
STUB void hello(int n) {
    void *args[] = {&n};
    rt_stub_launch((const void *)hello, args);
}
STUB void badsize(void) {
    rt_stub_launch((const void *)badsize, NULL);
}
STUB void assert_kernel(void) {
    rt_stub_launch((const void *)assert_kernel, NULL);
}

__attribute__((constructor)) static void register_code(void) {
    rt_register_kernels(); /* a second image, without printf */
    void **h = rt_fatbin("rt_printf.hcbin");
    RT_REG(h, hello);
    RT_REG(h, badsize);
    RT_REG(h, assert_kernel);
    __cudaRegisterFatBinaryEnd(h);
}

static void section(const char *name) {
    printf("== %s\n", name);
}

static int basic(void) {
    section("hello");
    RT_LAUNCH(hello, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 0, 0, (4));
    CHECK_OK(hcDeviceSynchronize());

    section("three streams, in launch order");
    hcStream_t s[3];
    for (int i = 0; i < 3; i++)
        CHECK_OK(hcStreamCreate(&s[i]));
    for (int i = 0; i < 3; i++)
        RT_LAUNCH(hello, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 0, s[i], (1));
    /* a kernel of the other image in between prints nothing */
    unsigned *d;
    CHECK_OK(hcMalloc((void **)&d, 64));
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(16, 1, 1), 0, s[0], (d, 0u, 16));
    CHECK_OK(hcStreamSynchronize(s[1]));
    CHECK_OK(hcDeviceSynchronize());

    section("a record with a bad size");
    RT_LAUNCH(badsize, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 0, 0, ());
    CHECK_OK(hcDeviceSynchronize());

    section("assert");
    RT_LAUNCH(assert_kernel, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 0, s[2], ());
    hcError_t e = hcDeviceSynchronize();
    printf("synchronize: %s\n", hcGetErrorName(e));
    CHECK_ERR(e, hcErrorAssert);
    CHECK_OK(hcDeviceReset());

    section("after reset");
    RT_LAUNCH(hello, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 0, 0, (1));
    CHECK_OK(hcDeviceSynchronize());

    section("a launch nobody waits for: printed at exit");
    int rc = rt_finish("test_printf");
    RT_LAUNCH(hello, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 0, 0, (2));
    return rc;
}

static char *err_text;
static void run_overflow(void *arg) {
    (void)arg;
    RT_LAUNCH(hello, rt_dim(1, 1, 1), rt_dim(256, 1, 1), 0, 0, (256));
    CHECK_OK(hcDeviceSynchronize());
}
static void capture_stderr(void *arg) {
    err_text = rt_capture(2, run_overflow, arg);
}

static size_t count(const char *s, const char *what) {
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
        n++;
    return n;
}

/* 256 records of 32 bytes and three more (64 + 24 + 16) into 4096 bytes */
static int overflow(void) {
    char *out = rt_capture(1, capture_stderr, NULL);
    size_t hellos = count(out, "says hi\n"), mix = count(out, "pi="),
           bad = count(out, "[printf: bad");
    size_t printed =
        32 * hellos + 64 * mix + 24 * count(out, "%n is not") + 16 * count(out, "0x10 is not");
    unsigned lost = 0;
    const char *w = strstr(err_text, "hcrt: device printf buffer full: ");
    CHECK(w && sscanf(w, "hcrt: device printf buffer full: %u bytes of output lost", &lost) == 1);
    CHECK(count(err_text, "\n") == 1);
    CHECK(hellos > 100 && hellos <= 128 && mix <= 1 && bad <= 2);
    CHECK(printed <= 4096 && printed + lost == 256 * 32 + 64 + 24 + 16);
    printf("%zu of 256 lines printed, %u bytes lost\n", hellos, lost);
    free(out);
    free(err_text);
    return rt_finish("test_printf overflow");
}

int main(int argc, char **argv) {
    rt_node("gpus = 1\npreset = teach\ngpu.0.memory = 64M\n");
    if (argc > 1 && !strcmp(argv[1], "limit")) { /* the same 4096 bytes, from cudaDeviceSetLimit */
        size_t v = 0;
        CHECK_OK(hcDeviceSetLimit(hcLimitPrintfFifoSize, 4096));
        CHECK_OK(hcDeviceGetLimit(&v, hcLimitPrintfFifoSize));
        CHECK(v == 4096);
        return overflow();
    }
    return argc > 1 && !strcmp(argv[1], "overflow") ? overflow() : basic();
}
