/* warptrace.c -- the per-warp trace for one kernel.
 *
 * libhigpu writes the trace (higpu/src/trace.c): a "# launch NAME grid
 * (x,y,z) block (x,y,z)" line before each traced launch, then one line per
 * warp instruction.  The runtime narrows the trace to the kernel the user
 * named when exactly one registered kernel matches; when several do (a
 * template's instances, overloads) it traces everything and lists the
 * matches in its "trace" records, and the sections of the others are
 * dropped here.  Sections are kept whole, header included. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warptrace.h"

static int wanted(const hp_profile *p, const char *line) {
    /* "# launch " NAME " grid (" */
    const char *name = line + strlen("# launch ");
    const char *end = strstr(name, " grid (");
    size_t len = end ? (size_t)(end - name) : strcspn(name, " \n");
    for (size_t i = 0; i < p->ntrace_matches; i++)
        if (strlen(p->trace_matches[i]) == len && !strncmp(p->trace_matches[i], name, len))
            return 1;
    return 0;
}

int hp_warptrace_filter(const char *from, const char *to, const hp_profile *p, size_t *kept,
                        char *err, size_t errlen) {
    *kept = 0;
    FILE *in = fopen(from, "r");
    if (!in) {
        snprintf(err, errlen, "cannot read the warp trace %s: %m", from);
        return -1;
    }
    FILE *out = fopen(to, "w");
    if (!out) {
        snprintf(err, errlen, "cannot write %s: %m", to);
        fclose(in);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    int keep = 0;
    while (getline(&line, &cap, in) >= 0) {
        if (!strncmp(line, "# launch ", 9)) {
            keep = wanted(p, line);
            *kept += (size_t)keep;
        }
        if (keep)
            fputs(line, out);
    }
    free(line);
    fclose(in);
    if (fclose(out) != 0) {
        snprintf(err, errlen, "cannot write %s: %m", to);
        return -1;
    }
    return 0;
}
