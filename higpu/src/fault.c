/* fault.c -- names and one-line descriptions of kernel faults. */
#include <stdio.h>

#include "higpu/higpu.h"

const char *hg_fault_kind_name(hg_fault_kind k) {
    switch (k) {
    case HG_FAULT_NONE: return "none";
    case HG_FAULT_OUT_OF_BOUNDS: return "out-of-bounds access";
    case HG_FAULT_MISALIGNED: return "misaligned access";
    case HG_FAULT_TRAP: return "trap";
    case HG_FAULT_WATCHDOG: return "watchdog timeout";
    case HG_FAULT_BAD_PC: return "invalid program counter";
    case HG_FAULT_DEADLOCK: return "synchronisation deadlock";
    case HG_FAULT_BAD_PARAM: return "parameter out of range";
    }
    return "unknown fault";
}

size_t hg_fault_format_named(const hg_fault *f, const char *name, char *buf, size_t size) {
    int n = snprintf(buf, size,
                     "%s in kernel '%s' block (%u,%u,%u) thread (%u,%u,%u) pc 0x%04x sm %u: %s",
                     hg_fault_kind_name(f->kind), name, f->block.x, f->block.y, f->block.z,
                     f->thread.x, f->thread.y, f->thread.z, f->pc, f->sm, f->detail);
    return n < 0 ? 0 : (size_t)n;
}

size_t hg_fault_format(const hg_fault *f, char *buf, size_t size) {
    return hg_fault_format_named(f, f->kernel, buf, size);
}
