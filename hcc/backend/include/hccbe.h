/*
 * hccbe.h -- the hcc backend: LLVM IR (as clang emits it for CUDA device
 * code, nvptx64 triple used as a carrier) to HISA assembly text, which the
 * HISA assembler (hisa_assemble) turns into a .hcbin.  docs/hcc.md.
 */
#ifndef HCCBE_H
#define HCCBE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hccbe_options {
    int opt_level;   /* 0..3 */
    int line_info;   /* emit .line directives from debug locations */
    int verify;      /* run the LLVM verifier on the input */
} hccbe_options;

/* Per-kernel resources, as -Xptxas -v prints them. */
typedef struct hccbe_kernel_usage {
    char name[256];
    unsigned regs, shared_bytes, local_bytes, param_bytes;
} hccbe_kernel_usage;

typedef struct hccbe_result {
    char *asm_text;               /* HISA assembly (malloc'd) */
    hccbe_kernel_usage *kernels;  /* malloc'd */
    unsigned nkernels;
} hccbe_result;

/* Compiles LLVM IR (text or bitcode) in buf.  On failure returns -1 and
 * writes one line to err: "FILE:LINE: error: ..." when the construct has a
 * source location, "NAME: error: ..." otherwise. */
int hccbe_compile(const char *buf, size_t len, const char *name, const hccbe_options *opts,
                  hccbe_result *out, char *err, size_t errlen);
void hccbe_result_free(hccbe_result *r);

#ifdef __cplusplus
}
#endif
#endif
