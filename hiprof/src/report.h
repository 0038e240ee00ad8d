/* report.h -- the three shapes of hiprof's report: nvprof-like text, CSV
 * and JSON, each either the summary or (gpu_trace) one row per operation. */
#ifndef HIPROF_REPORT_H
#define HIPROF_REPORT_H

#include <stdio.h>

#include "records.h"
#include "summary.h"

/* How the profiled program ended. */
typedef struct hp_run_info {
    int pid;             /* 0 with --import */
    const char *command; /* the command line as one string */
    int exited, code;    /* exit(code) */
    int signaled, sig;   /* killed by signal sig */
} hp_run_info;

void hp_report_text(FILE *f, const hp_run_info *ri, const hp_profile *p, const hp_summary *s,
                    int gpu_trace);
void hp_report_csv(FILE *f, const hp_profile *p, const hp_summary *s, int gpu_trace);
/* -1 if out of memory. */
int hp_report_json(FILE *f, const hp_run_info *ri, const hp_profile *p, const hp_summary *s,
                   int gpu_trace);

/* What an operation is called in reports: the kernel's demangled name,
 * "[memcpy HtoD]", "[memset]", "[host function]". */
const char *hp_op_label(char *buf, size_t n, const hp_op *op);

#endif
