/* warptrace.h -- --warp-trace with --kernel: keeping one kernel's part of
 * the core's per-warp instruction trace. */
#ifndef HIPROF_WARPTRACE_H
#define HIPROF_WARPTRACE_H

#include <stddef.h>

#include "records.h"

/* Copies the sections of the trace at from whose "# launch NAME" header
 * names a kernel the runtime matched (p->trace_matches) to the file to.
 * *kept is the number of launches copied.  Returns 0, or -1 with err. */
int hp_warptrace_filter(const char *from, const char *to, const hp_profile *p, size_t *kept,
                        char *err, size_t errlen);

#endif
