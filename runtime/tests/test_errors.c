/* test_errors.c -- error names and strings, and CUDA's sticky errors: each
 * kind of kernel fault maps to its error, prints one line naming the
 * kernel and the source line, makes every later call on the device fail
 * with it, and hcDeviceReset recovers. */
#include <string.h>

#include "rt_kernels.h"

static void **fatbin;
__attribute__((constructor)) static void register_code(void) {
    fatbin = rt_register_kernels();
}

/* CUDA's numbers, which programs print and compare */
_Static_assert(hcErrorInvalidValue == 1 && hcErrorMemoryAllocation == 2 &&
                   hcErrorInitializationError == 3 && hcErrorInvalidConfiguration == 9 &&
                   hcErrorInvalidSymbol == 13 && hcErrorInvalidDevicePointer == 17 &&
                   hcErrorInvalidMemcpyDirection == 21 && hcErrorInvalidDeviceFunction == 98 &&
                   hcErrorNoDevice == 100 && hcErrorInvalidDevice == 101 &&
                   hcErrorInvalidKernelImage == 200 && hcErrorInvalidResourceHandle == 400 &&
                   hcErrorNotReady == 600 && hcErrorIllegalAddress == 700 &&
                   hcErrorLaunchOutOfResources == 701 && hcErrorLaunchTimeout == 702 &&
                   hcErrorPeerAccessAlreadyEnabled == 704 && hcErrorPeerAccessNotEnabled == 705 &&
                   hcErrorAssert == 710 && hcErrorIllegalInstruction == 715 &&
                   hcErrorMisalignedAddress == 716 && hcErrorLaunchFailure == 719 &&
                   hcErrorNotSupported == 801 && hcErrorUnknown == 999,
               "hcError_t has CUDA's values");

static void test_names(void) {
    CHECK(!strcmp(hcGetErrorName(hcSuccess), "hcSuccess"));
    CHECK(!strcmp(hcGetErrorName(hcErrorIllegalAddress), "hcErrorIllegalAddress"));
    CHECK(!strcmp(hcGetErrorString(hcErrorIllegalAddress),
                  "an illegal memory access was encountered"));
    CHECK(!strcmp(hcGetErrorString(hcErrorAssert), "device-side assert triggered"));
    CHECK(!strcmp(hcGetErrorString(hcErrorInvalidValue), "invalid argument"));
    CHECK(!strcmp(hcGetErrorName((hcError_t)12345), "unrecognized error code"));
    CHECK(!strcmp(hcGetErrorString((hcError_t)12345), "unrecognized error code"));
}

static void (*launcher)(unsigned *);
static unsigned *buf;
static hcError_t sync_result;

static void launch_and_sync(void *arg) {
    (void)arg;
    launcher(buf);
    sync_result = hcDeviceSynchronize();
}

static void launch_oob(unsigned *p) {
    RT_LAUNCH(oob, rt_dim(2, 1, 1), rt_dim(64, 1, 1), 0, 0, (p));
}
static void launch_misaligned(unsigned *p) {
    RT_LAUNCH(misaligned, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 0, 0, (p));
}
static void launch_trap(unsigned *p) {
    (void)p;
    RT_LAUNCH(trap7, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 0, 0, ());
}
static void launch_hang(unsigned *p) {
    RT_LAUNCH(spin, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 0, 0, (0x7fffffff, p));
}

/* The device works: a kernel runs and its result comes back. */
static int device_works(void) {
    unsigned *d, h[4] = {0};
    if (hcMalloc((void **)&d, sizeof h) != hcSuccess)
        return 0;
    RT_LAUNCH(fill, rt_dim(1, 1, 1), rt_dim(32, 1, 1), 0, 0, (d, 5u, 4));
    int ok = hcMemcpy(h, d, sizeof h, hcMemcpyDeviceToHost) == hcSuccess && h[3] == 8;
    return hcFree(d) == hcSuccess && ok;
}

static void expect_fault(void (*launch)(unsigned *), hcError_t want, const char *line,
                         const char *where) {
    hcStream_t before;
    CHECK_OK(hcMalloc((void **)&buf, 256));
    CHECK_OK(hcStreamCreate(&before));
    launcher = launch;
    char *err = rt_capture(2, launch_and_sync, NULL);
    CHECK_ERR(sync_result, want);
    if (!strstr(err, line) || (where && !strstr(err, where))) {
        fprintf(stderr, "expected a line with \"%s\" and \"%s\", got:\n%s", line,
                where ? where : "", err);
        rt_failures++;
    }
    CHECK(strchr(err, '\n') == err + strlen(err) - 1); /* one line */
    free(err);

    /* sticky: every call on the device fails with the fault's error */
    void *p;
    hcStream_t s;
    unsigned h;
    CHECK_ERR(hcMalloc(&p, 16), want);
    CHECK_ERR(hcMemcpy(&h, buf, 4, hcMemcpyDeviceToHost), want);
    CHECK_ERR(hcStreamCreate(&s), want);
    CHECK_ERR(hcStreamSynchronize(before), want);
    CHECK_ERR(hcDeviceSynchronize(), want);
    CHECK_ERR(hcGetLastError(), want);
    CHECK_ERR(hcGetLastError(), want); /* not reset by reading it */
    CHECK_ERR(hcPeekAtLastError(), want);
    /* what does not need the context still works */
    int n;
    CHECK_OK(hcGetDeviceCount(&n));
    hcDeviceProp prop;
    CHECK_OK(hcGetDeviceProperties(&prop, 0));

    /* reset: a fresh context; the old handles are gone */
    CHECK_OK(hcDeviceReset());
    CHECK_OK(hcGetLastError());
    CHECK_ERR(hcStreamSynchronize(before), hcErrorInvalidResourceHandle);
    CHECK(device_works());
}

static void test_sticky(void) {
    CHECK(device_works());
    expect_fault(launch_oob, hcErrorIllegalAddress,
                 "hcrt: device 0: out-of-bounds access in kernel 'oob' block "
                 "(0,0,0) thread (0,0,0)",
                 "(oob_test.hcc:7)");
    expect_fault(launch_misaligned, hcErrorMisalignedAddress,
                 "hcrt: device 0: misaligned access",
                 "(misaligned_test.hcc:3)");
    expect_fault(launch_trap, hcErrorLaunchFailure, "hcrt: device 0: trap",
                 NULL);
    /* the watchdog budget is read when the context is made (after a reset) */
    setenv("HI_WATCHDOG_MS", "200", 1);
    CHECK_OK(hcDeviceReset());
    expect_fault(launch_hang, hcErrorLaunchTimeout,
                 "hcrt: device 0: watchdog", NULL);
    unsetenv("HI_WATCHDOG_MS");
    CHECK_OK(hcDeviceReset());

    /* HI_QUIET=1: the same fault, no line */
    setenv("HI_QUIET", "1", 1);
    CHECK_OK(hcMalloc((void **)&buf, 256));
    launcher = launch_oob;
    char *err = rt_capture(2, launch_and_sync, NULL);
    CHECK_ERR(sync_result, hcErrorIllegalAddress);
    CHECK(err[0] == 0);
    free(err);
    unsetenv("HI_QUIET");
    CHECK_OK(hcDeviceReset());
    CHECK(device_works());
}

/* Errors that are not faults are returned once and recorded. */
static void test_not_sticky(void) {
    hcGetLastError();
    CHECK_ERR(hcSetDevice(3), hcErrorInvalidDevice);
    CHECK_ERR(hcGetLastError(), hcErrorInvalidDevice);
    CHECK_OK(hcGetLastError());
    CHECK(device_works());
    CHECK_ERR(hcMemcpy(NULL, NULL, 4, hcMemcpyHostToHost), hcErrorInvalidValue);
    CHECK_ERR(hcPeekAtLastError(), hcErrorInvalidValue);
    CHECK(device_works());
    CHECK_ERR(hcGetLastError(), hcErrorInvalidValue);
}

int main(void) {
    rt_node("gpus = 1\npreset = teach\ngpu.0.memory = 64M\n");
    test_names();
    test_sticky();
    test_not_sticky();
    return rt_finish("test_errors");
}
