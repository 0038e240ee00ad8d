/* fault.c -- what a kernel fault means to a program: its hcError_t, and
 * the one line that says which kernel faulted, how, and on which source
 * line. */
#include <stdio.h>

#include "internal.h"

/* The trap code hcc emits for a failed assert(): "ASRT". */
#define HCRT_TRAP_ASSERT 0x41535254u

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
    char text[512], where[320] = "";
    hg_fault_format(f, text, sizeof text);
    const hcbin *bin = hcrt_bin_of_kernel(d, f->kernel);
    const hcbin_line *ln = bin ? hcbin_line_at(bin, f->pc) : NULL;
    if (ln && ln->file)
        snprintf(where, sizeof where, " (%s:%u)", ln->file, ln->line);
    hcrt_output_lock();
    fflush(stdout); /* the kernel's printf output comes first */
    fprintf(stderr, "hcrt: kernel '%s' fault on device %d: %s%s\n", f->kernel, d->ordinal, text,
            where);
    fflush(stderr);
    hcrt_output_unlock();
}
