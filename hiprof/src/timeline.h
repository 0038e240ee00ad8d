/* timeline.h -- the --trace output: a Chrome trace-event JSON file. */
#ifndef HIPROF_TIMELINE_H
#define HIPROF_TIMELINE_H

#include <stddef.h>

#include "records.h"

/* Writes p's timeline to path.  Returns 0, or -1 with err saying why. */
int hp_timeline_write(const char *path, const hp_profile *p, char *err, size_t errlen);

#endif
