/* columns.h -- the numeric fields of a kernel row, in one table that the
 * CSV header, the CSV rows and the JSON objects all walk, so the three
 * cannot disagree.  docs/hiprof.md lists them. */
#ifndef HIPROF_COLUMNS_H
#define HIPROF_COLUMNS_H

#include <stddef.h>

#include "summary.h"

typedef struct hp_column {
    const char *name;
    double (*get)(const hp_kernel_sum *k); /* NAN: undefined for this row */
    int integer;                           /* print without decimals */
} hp_column;

extern const hp_column hp_kernel_columns[];
extern const size_t hp_nkernel_columns;

/* "4096x1x1" */
const char *hp_dim_text(char *buf, size_t n, const uint32_t d[3]);

#endif
