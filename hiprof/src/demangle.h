/* demangle.h -- C++ kernel names as a person reads them. */
#ifndef HIPROF_DEMANGLE_H
#define HIPROF_DEMANGLE_H

/* The demangled form of a kernel name ("_Z5scalePfi" -> "scale(float*,
 * int)"); a name that is not mangled (extern "C" kernels, HISA) comes back
 * as it is.  The string lives until hp_demangle_free. */
const char *hp_demangle(const char *name);
void hp_demangle_free(void);

#endif
