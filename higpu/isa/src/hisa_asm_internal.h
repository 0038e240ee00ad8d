/* hisa_asm_internal.h -- the assembler's lexical helpers (hisa_asm_lex.c).
 * They are pure: they return 0 or -1 and leave the message to the caller,
 * which knows the file and line. */
#ifndef HISA_ASM_INTERNAL_H
#define HISA_ASM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* An integer literal: decimal or 0x hex, optionally signed. */
typedef struct asm_int {
    int neg, hex;
    uint64_t mag;
} asm_int;

char *asm_skipws(const char *p);
char *asm_trim(char *s); /* trims both ends in place */
size_t asm_ident_len(const char *p);

int asm_parse_int(const char *tok, asm_int *v);
/* The two's-complement bits of v if min <= v <= max. */
int asm_int_bits(const asm_int *v, int64_t min, uint64_t max, uint64_t *bits);
int asm_is_float_literal(const char *tok);
int asm_parse_f32(const char *tok, float *out);
int asm_parse_f64(const char *tok, double *out);

int asm_parse_reg(const char *tok, uint8_t *r);
int asm_parse_pred(const char *tok, int allow_neg, uint8_t *p);
int asm_parse_sreg(const char *tok, uint32_t *sr);
/* Index of w in a NULL-terminated name list, ignoring case, or -1. */
int asm_find_name(const char *const *names, const char *w);

/* A "quoted string" with \\ \" \n \t \xHH escapes at *pp, or a bare word up
 * to white space; *pp moves past it.  Returns a malloc'd string or NULL. */
char *asm_parse_string(const char **pp);
/* Writes s as a quoted string that asm_parse_string reads back. */
void asm_quote(const char *s, char *out, size_t size);

/* Splits s in place at commas outside [] and "", trimming each piece.
 * Returns the count, or -1 if there are more than max pieces. */
int asm_split(char *s, char **toks, int max);

#endif /* HISA_ASM_INTERNAL_H */
