/* module.h -- a loaded code object: pre-decoded code and device variables. */
#ifndef HIGPU_MODULE_H
#define HIGPU_MODULE_H

#include "exec.h"

struct hg_kernel {
    hg_module *mod;
    const hcbin_kernel *info;
    uint32_t entry;       /* instruction index */
    uint32_t *init_rows;  /* the register file a warp of this kernel starts with */
};

struct hg_module {
    hg_ctx *ctx;
    hcbin *bin;           /* private copy */
    hg_insn *code;        /* ncode + 1 (the end-of-text guard) */
    uint32_t ncode;
    uint32_t nrows;       /* register rows per warp */
    uint32_t gpr_rows, zero_row, sink_row, const_row;
    uint32_t *const_values; /* one value per constant row */
    char **text;          /* disassembly per instruction, made when tracing */
    uint64_t data_dptr, bss_dptr, const_dptr;
    hg_kernel *kernels;
    hg_module *next;      /* in the context's list */
};

/* Builds mod->code from the (relocated) words; err says what is wrong. */
hg_status hg_predecode(hg_module *mod, const hisa_word *words, char *err, size_t errlen);

#endif
