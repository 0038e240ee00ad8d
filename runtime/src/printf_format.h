/* printf_format.h -- formatting one device printf record with the host's
 * printf semantics (printf_format.c).  Separate from the buffer handling so
 * that it can be tested on its own. */
#ifndef HCRT_PRINTF_FORMAT_H
#define HCRT_PRINTF_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* A growing output string; oom is set (and output stops) if it cannot grow. */
typedef struct hcrt_sbuf {
    char *p;
    size_t len, cap;
    int oom;
} hcrt_sbuf;

void hcrt_sbuf_put(hcrt_sbuf *b, const char *s, size_t n);
void hcrt_sbuf_printf(hcrt_sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void hcrt_sbuf_free(hcrt_sbuf *b);

/* Where %s strings come from: the bytes at a device address and how many
 * of them may be read (*n); NULL if the address is not readable. */
typedef const char *(*hcrt_str_fn)(uint64_t addr, size_t *n);

/* The longest string %s prints from device memory. */
enum { HCRT_PRINTF_MAX_STRING = 1 << 16 };

/* Appends fmt formatted with the argument buffer args[0, argbytes) that
 * clang builds for vprintf: each argument at the next offset aligned to
 * its size; integers of 32 bits or fewer take 4 bytes, 64-bit integers,
 * pointers and doubles (floats are promoted) 8.
 *
 * Supports flags (- + space # 0 '), width and precision (numbers or *),
 * length modifiers hh h l ll L q j z Z t, and d i u o x X c s p e E f F g
 * G a A %.  On a malformed format -- an unknown conversion, %n, wide
 * characters, a width or precision over 100000, or more arguments than the
 * buffer holds -- nothing is appended and -1 is returned with the reason
 * in why. */
int hcrt_format(hcrt_sbuf *out, const char *fmt, const uint8_t *args, size_t argbytes,
                hcrt_str_fn str, char *why, size_t whylen);

#endif
