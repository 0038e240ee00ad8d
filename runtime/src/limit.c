/* limit.c -- cudaDeviceSetLimit / cudaDeviceGetLimit on the embedded GPU.
 *
 * What each limit means here:
 *   stack size         hcc gives every thread a 1 KB call stack (docs/hcc.md,
 *                      "Calls"); larger requests are accepted with one
 *                      warning, since programs ask for room "just in case"
 *                      and hcc's frames are small; recursion deeper than
 *                      1 KB faults as a reported stack overflow;
 *   printf FIFO size   the device printf buffer of modules loaded from now
 *                      on (HI_PRINTF_BUFFER's default otherwise);
 *   L2 fetch granularity  reported (32 bytes), a new value accepted and
 *                      ignored: HiGPU models no L2 prefetch;
 *   the rest           the device malloc heap, persisting L2 and the device
 *                      runtime: not supported, hcErrorUnsupportedLimit. */
#include <stdio.h>

#include "internal.h"

enum { STACK_BYTES = 1024, L2_FETCH_BYTES = 32 };

hcError_t hcDeviceSetLimit(hcLimit limit, size_t value) {
    hcError_t e = hcSuccess;
    hcrt_device *d;
    if ((e = hcrt_current(&d)) != hcSuccess)
        return hcrt_ret(e);
    switch (limit) {
    case hcLimitStackSize:
        if (value > STACK_BYTES && !hcrt_quiet()) {
            static _Atomic int warned;
            if (!warned++)
                fprintf(stderr,
                        "hcrt: cudaLimitStackSize %zu: hcc's call stack is %d bytes per thread; "
                        "deeper recursion faults as a stack overflow\n",
                        value, STACK_BYTES);
        }
        return hcSuccess;
    case hcLimitPrintfFifoSize:
        hcrt_printf_set_limit(value);
        return hcSuccess;
    case hcLimitMaxL2FetchGranularity:
        return value <= 128 ? hcSuccess : hcrt_ret(hcErrorInvalidValue);
    default:
        return hcrt_ret(hcErrorUnsupportedLimit);
    }
}

hcError_t hcDeviceGetLimit(size_t *value, hcLimit limit) {
    hcrt_device *d;
    hcError_t e;
    if (!value)
        return hcrt_ret(hcErrorInvalidValue);
    if ((e = hcrt_current(&d)) != hcSuccess)
        return hcrt_ret(e);
    switch (limit) {
    case hcLimitStackSize: *value = STACK_BYTES; return hcSuccess;
    case hcLimitPrintfFifoSize: *value = hcrt_printf_limit(); return hcSuccess;
    case hcLimitMaxL2FetchGranularity: *value = L2_FETCH_BYTES; return hcSuccess;
    default: return hcrt_ret(hcErrorUnsupportedLimit);
    }
}
