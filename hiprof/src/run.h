/* run.h -- running the profiled program. */
#ifndef HIPROF_RUN_H
#define HIPROF_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report.h"

/* What the program's environment gets (docs/hiprof.md, "How it works"). */
typedef struct hp_child_env {
    const char *records;    /* HI_PROF_OUT */
    uint32_t blocks;        /* HI_PROF_BLOCKS (0: unset) */
    const char *warp_trace; /* HI_TRACE (NULL: left as it is) */
    const char *kernel;     /* HI_PROF_TRACE_KERNEL */
} hp_child_env;

/* Runs argv with env added and waits for it, ignoring SIGINT and SIGQUIT
 * meanwhile (they reach the program, which ends; the profile is still
 * reported).  banner, if not NULL, gets nvprof's "is profiling" line.
 * Returns 0 with ri filled, or -1 if the program could not be started:
 * *status is then 127 (not found) or 126, and err says why. */
int hp_run(char **argv, const hp_child_env *env, FILE *banner, hp_run_info *ri, int *status,
           char *err, size_t errlen);

#endif
