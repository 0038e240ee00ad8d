/* hcbin_internal.h -- helpers shared by the .hcbin reader, writer and
 * assembler (not installed). */
#ifndef HISA_HCBIN_INTERNAL_H
#define HISA_HCBIN_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "hisa/hcbin.h"

/* Section names, shared by the reader and the writer. */
#define HCBIN_SN_TEXT     ".text"
#define HCBIN_SN_DATA     ".data"
#define HCBIN_SN_BSS      ".bss"
#define HCBIN_SN_CONST    ".hisa.const"
#define HCBIN_SN_KERNELS  ".hisa.kernels"
#define HCBIN_SN_LINES    ".hisa.lines"
#define HCBIN_SN_FILES    ".hisa.files"
#define HCBIN_SN_RELA     ".rela.text"
#define HCBIN_SN_SYMTAB   ".symtab"
#define HCBIN_SN_STRTAB   ".strtab"
#define HCBIN_SN_SHSTRTAB ".shstrtab"

enum {
    HCBIN_KREC_BYTES = 64,
    HCBIN_PREC_BYTES = 8,
    HCBIN_LREC_BYTES = 16,
};

/* Writes one formatted line into err (if any) and returns -1, so error
 * paths read "return hcbin_errf(...)". */
int hcbin_errf(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Symbol names are identifiers: [A-Za-z_.$][A-Za-z0-9_.$]*, so that every
 * name the reader accepts can be written back in assembler syntax. */
int hcbin_name_ok(const char *name);
int hcbin_ident_start(int c);
int hcbin_ident_char(int c);

/* The rules every in-memory hcbin obeys, whether it was read from a file,
 * assembled, or is about to be written.  0, or -1 with "section: what". */
int hcbin_check(const hcbin *bin, char *err, size_t errlen);

/* Index of the operand with this letter in the opcode's operand list, or -1. */
int hcbin_operand_index(const hisa_info *info, char letter);

/* Little-endian accessors for on-disk records (alignment-free). */
static inline uint32_t hcbin_rd32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t hcbin_rd64(const uint8_t *p) {
    return (uint64_t)hcbin_rd32(p) | (uint64_t)hcbin_rd32(p + 4) << 32;
}
static inline void hcbin_wr32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static inline void hcbin_wr64(uint8_t *p, uint64_t v) {
    hcbin_wr32(p, (uint32_t)v);
    hcbin_wr32(p + 4, (uint32_t)(v >> 32));
}

/* Grows *arr (elements of elem bytes, capacity *cap) to hold at least need
 * elements; new space is zeroed.  0 or -1 (out of memory). */
int hcbin_grow(void **arr, size_t *cap, size_t need, size_t elem);

#endif /* HISA_HCBIN_INTERNAL_H */
