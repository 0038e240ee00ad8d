/*
 * hcbin.h -- the HiGPU code object (.hcbin): an ELF64 file holding HISA code,
 * kernel metadata, and global/constant data.  readelf reads it.
 *
 * ELF layout (little-endian ELFCLASS64, e_type ET_EXEC, e_machine HCBIN_EM,
 * e_flags = HCBIN_VERSION):
 *
 *   .text          SHT_PROGBITS, AX    every function's 16-byte instructions
 *   .data          SHT_PROGBITS, WA    initialised __device__ data
 *   .bss           SHT_NOBITS,   WA    zero-initialised __device__ data
 *   .hisa.const    SHT_PROGBITS, A     __constant__ data (read-only to kernels)
 *   .hisa.kernels  SHT_PROGBITS        one hcbin_kernel_rec per kernel, then
 *                                      the hcbin_param_rec arrays they index
 *                                      (so its size is 64 * kernels + 8 * all
 *                                      their nparams, which gives the count)
 *   .hisa.lines    SHT_PROGBITS        hcbin_line_rec[] sorted by offset (optional)
 *   .hisa.files    SHT_STRTAB          source file names for .hisa.lines (optional)
 *   .rela.text     SHT_RELA            relocations against .text
 *   .symtab/.strtab                    STT_FUNC for kernels and device
 *                                      functions (value = byte offset in .text,
 *                                      size = bytes), STT_OBJECT for variables
 *   .shstrtab
 *
 * All on-disk records are little-endian with explicit widths; their layout
 * never changes within one HCBIN_VERSION.
 */
#ifndef HISA_HCBIN_H
#define HISA_HCBIN_H

#include <stddef.h>
#include <stdint.h>

#include "hisa/hisa.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HCBIN_EM 0x4847 /* e_machine: 'HG' */
#define HCBIN_VERSION 1

/* Relocation types (ELF64_R_TYPE of .rela.text entries).  Each patches the
 * immB field of the instruction at r_offset, whose operand b is an immediate
 * that holds 0 in the file.  Relocations are sorted by offset, at most one
 * per instruction; so are .hisa.lines records. */
enum {
    HCBIN_R_NONE = 0,
    HCBIN_R_ADDR_LO = 1, /* low 32 bits of the symbol's device address + addend */
    HCBIN_R_ADDR_HI = 2, /* high 32 bits of the same */
    HCBIN_R_CODE = 3,    /* byte offset of a function in .text + addend */
};

typedef enum hcbin_section {
    HCBIN_SEC_TEXT = 0,
    HCBIN_SEC_DATA = 1,
    HCBIN_SEC_BSS = 2,
    HCBIN_SEC_CONST = 3,
} hcbin_section;

/* On-disk kernel record in .hisa.kernels (64 bytes). */
typedef struct hcbin_kernel_rec {
    uint32_t name;        /* offset of the kernel's name in .strtab */
    uint32_t entry;       /* byte offset of the first instruction in .text */
    uint32_t size;        /* code bytes */
    uint32_t nregs;       /* GPRs per thread (R0..R(nregs-1)) */
    uint32_t shared_bytes;/* static shared memory per block */
    uint32_t local_bytes; /* local memory (stack) per thread */
    uint32_t max_threads; /* max threads per block, 0 = device limit */
    uint32_t param_bytes; /* size of the parameter buffer */
    uint32_t nparams;
    uint32_t params;      /* byte offset in .hisa.kernels of nparams hcbin_param_rec */
    uint32_t flags;       /* HCBIN_KF_* */
    uint32_t reserved[5];
} hcbin_kernel_rec;
_Static_assert(sizeof(hcbin_kernel_rec) == 64, "kernel record is 64 bytes");

typedef struct hcbin_param_rec {
    uint32_t offset; /* in the parameter buffer */
    uint32_t size;   /* bytes */
} hcbin_param_rec;

typedef struct hcbin_line_rec {
    uint32_t offset; /* byte offset in .text */
    uint32_t file;   /* offset of the file name in .hisa.files */
    uint32_t line;
    uint32_t column;
} hcbin_line_rec;

/* ---- in memory --------------------------------------------------------------- */

typedef struct hcbin_param {
    uint32_t offset, size;
} hcbin_param;

typedef struct hcbin_kernel {
    char *name;
    uint32_t entry, size;
    uint32_t nregs, shared_bytes, local_bytes, max_threads, param_bytes, flags;
    uint32_t nparams;
    hcbin_param *params;
} hcbin_kernel;

/* A device function or kernel symbol in .text (for labels and calls). */
typedef struct hcbin_func {
    char *name;
    uint32_t offset, size;
    int is_kernel;
} hcbin_func;

/* A global variable. */
typedef struct hcbin_var {
    char *name;
    hcbin_section section; /* DATA, BSS or CONST */
    uint64_t offset, size;  /* within its section */
} hcbin_var;

typedef struct hcbin_reloc {
    uint32_t offset; /* byte offset of the patched instruction in .text */
    uint32_t type;   /* HCBIN_R_* */
    char *symbol;    /* a hcbin_var or hcbin_func name */
    int64_t addend;
} hcbin_reloc;

typedef struct hcbin_line {
    uint32_t offset, line, column;
    char *file;
} hcbin_line;

typedef struct hcbin {
    hisa_word *text;
    uint32_t ntext; /* instructions */
    hcbin_kernel *kernels;
    uint32_t nkernels;
    hcbin_func *funcs;
    uint32_t nfuncs;
    hcbin_var *vars;
    uint32_t nvars;
    hcbin_reloc *relocs;
    uint32_t nrelocs;
    hcbin_line *lines;
    uint32_t nlines;
    uint8_t *data;
    uint64_t data_size;
    uint64_t bss_size;
    uint8_t *cdata; /* .hisa.const */
    uint64_t cdata_size;
} hcbin;

/* Reading validates everything (ELF structure, every instruction word, every
 * kernel's ranges and relocations); on failure it returns -1 and writes one
 * line to err saying what is wrong and where. */
int hcbin_read_mem(const void *buf, size_t len, hcbin **out, char *err, size_t errlen);
int hcbin_read_file(const char *path, hcbin **out, char *err, size_t errlen);
int hcbin_write_file(const hcbin *bin, const char *path, char *err, size_t errlen);
/* Serialises to a malloc'd buffer (caller frees). */
int hcbin_write_mem(const hcbin *bin, void **buf, size_t *len, char *err, size_t errlen);
void hcbin_free(hcbin *bin);

const hcbin_kernel *hcbin_find_kernel(const hcbin *bin, const char *name);
const hcbin_var *hcbin_find_var(const hcbin *bin, const char *name);
const hcbin_func *hcbin_find_func(const hcbin *bin, const char *name);
/* The source line for a code offset (NULL if the object has no line table). */
const hcbin_line *hcbin_line_at(const hcbin *bin, uint32_t offset);

/* ---- the assembler ------------------------------------------------------------- */

/* Assembles HISA text (see docs/isa.md, "Assembler syntax").  name is used in
 * messages ("file.hs:12: ..."); errors are one line each, the first written to
 * err.  Returns 0 or -1. */
int hisa_assemble(const char *src, size_t len, const char *name, hcbin **out, char *err,
                  size_t errlen);

#ifdef __cplusplus
}
#endif
#endif /* HISA_HCBIN_H */
