/* trace.h -- the per-warp instruction trace file. */
#ifndef HIGPU_TRACE_H
#define HIGPU_TRACE_H

#include "higpu/higpu.h"

typedef struct hg_trace hg_trace;

hg_trace *hg_trace_open(const char *path);
void hg_trace_close(hg_trace *t);
void hg_trace_begin(hg_trace *t, const char *kernel, hg_dim3 grid, hg_dim3 block);

#endif
