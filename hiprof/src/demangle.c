/* demangle.c -- kernel names through the C++ runtime's demangler
 * (libstdc++'s __cxa_demangle, the one every hcc program already uses), so
 * hiprof needs no demangler of its own.  Results are kept: a profile names
 * few kernels many times. */
#include <stdlib.h>
#include <string.h>

#include "demangle.h"

/* The Itanium C++ ABI's demangler (libstdc++), callable from C. */
extern char *__cxa_demangle(const char *mangled, char *buf, size_t *len, int *status);

typedef struct entry {
    char *name, *shown;
    struct entry *next;
} entry;

static entry *cache;

const char *hp_demangle(const char *name) {
    for (entry *e = cache; e; e = e->next)
        if (!strcmp(e->name, name))
            return e->shown;
    entry *e = calloc(1, sizeof *e);
    if (!e || !(e->name = strdup(name))) {
        free(e);
        return name; /* out of memory: the caller's string will do */
    }
    int status = -1;
    char *d = name[0] == '_' && name[1] == 'Z' ? __cxa_demangle(name, NULL, NULL, &status) : NULL;
    e->shown = status == 0 && d ? d : strdup(name);
    if (!e->shown) {
        free(d);
        free(e->name);
        free(e);
        return name;
    }
    e->next = cache;
    cache = e;
    return e->shown;
}

void hp_demangle_free(void) {
    while (cache) {
        entry *e = cache;
        cache = e->next;
        free(e->name);
        free(e->shown);
        free(e);
    }
}
