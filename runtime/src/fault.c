/* fault.c -- what a kernel fault means to a program: its hcError_t, and
 * the one line that says which kernel faulted, how, and on which source
 * line. */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

/* The trap codes hcc emits: a failed assert() ("ASRT", after the device
 * printed CUDA's message) and a call stack overflow ("STKO"). */
#define HCRT_TRAP_ASSERT 0x41535254u
#define HCRT_TRAP_STACK 0x53544b4fu

/* The C++ runtime's demangler: present in every program hcc links (they are
 * C++), absent (NULL) in a C program that loads libhcrt. */
extern char *__cxa_demangle(const char *mangled, char *buf, size_t *len, int *status) __attribute__((weak));

hcError_t hcrt_fault_error(hg_status st, const hg_fault *f) {
    switch (f->kind) {
    case HG_FAULT_OUT_OF_BOUNDS: return hcErrorIllegalAddress;
    case HG_FAULT_MISALIGNED: return hcErrorMisalignedAddress;
    case HG_FAULT_TRAP:
        return f->address == HCRT_TRAP_ASSERT ? hcErrorAssert : hcErrorLaunchFailure;
    case HG_FAULT_WATCHDOG: return hcErrorLaunchTimeout;
    case HG_FAULT_BAD_PC: return hcErrorIllegalInstruction;
    case HG_FAULT_DEADLOCK:
    case HG_FAULT_BAD_PARAM: return hcErrorLaunchFailure;
    case HG_FAULT_NONE: break;
    }
    return st == HG_ERR_TIMEOUT ? hcErrorLaunchTimeout : hcErrorLaunchFailure;
}

void hcrt_fault_print(hcrt_device *d, const hg_fault *f) {
    if (hcrt_quiet() || f->kind == HG_FAULT_NONE)
        return;
    char text[1024], where[320] = "";
    int status = -1;
    char *name = __cxa_demangle ? __cxa_demangle(f->kernel, NULL, NULL, &status) : NULL;
    hg_fault_format_named(f, status == 0 && name ? name : f->kernel, text, sizeof text);
    free(name);
    const char *meaning = f->kind != HG_FAULT_TRAP               ? ""
                          : f->address == HCRT_TRAP_ASSERT ? " (assert() failed)"
                          : f->address == HCRT_TRAP_STACK  ? " (call stack overflow: deeper recursion than the 1 KB stack holds)"
                                                           : "";
    const hcbin *bin = hcrt_bin_of_kernel(d, f->kernel);
    const hcbin_line *ln = bin ? hcbin_line_at(bin, f->pc) : NULL;
    if (ln && ln->file)
        snprintf(where, sizeof where, " (%s:%u)", ln->file, ln->line);
    hcrt_output_lock();
    fflush(stdout); /* the kernel's printf output comes first */
    fprintf(stderr, "hcrt: device %d: %s%s%s\n", d->ordinal, text, meaning, where);
    fflush(stderr);
    hcrt_output_unlock();
}
