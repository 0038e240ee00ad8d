/* printf_format.c -- one device printf record, formatted as the host's
 * printf would (see printf_format.h).  Each conversion is re-issued to the
 * host's snprintf with a specification rebuilt from validated parts and an
 * argument of the right C type read from the record, so the output is the
 * host C library's, and nothing in the record can make it read or write
 * out of bounds. */
#include "printf_format.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FIELD = 100000 };

/* Makes room for extra more bytes and the terminator; 0 if it cannot. */
static int reserve(hcrt_sbuf *b, size_t extra) {
    if (b->oom)
        return 0;
    if (b->len + extra + 1 <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = 1;
        return 0;
    }
    b->p = p;
    b->cap = cap;
    return 1;
}

void hcrt_sbuf_put(hcrt_sbuf *b, const char *s, size_t n) {
    if (!reserve(b, n))
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static void sbuf_vprintf(hcrt_sbuf *b, const char *fmt, va_list ap) {
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0 || !reserve(b, (size_t)n))
        return;
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void hcrt_sbuf_printf(hcrt_sbuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

void hcrt_sbuf_free(hcrt_sbuf *b) {
    free(b->p);
    *b = (hcrt_sbuf){0};
}

/* Appends with a rebuilt (trusted) specification. */
static void emit(hcrt_sbuf *b, const char *spec, ...) {
    va_list ap;
    va_start(ap, spec);
    sbuf_vprintf(b, spec, ap);
    va_end(ap);
}

typedef struct reader {
    const uint8_t *args;
    size_t argbytes, at;
    char *why;
    size_t whylen;
} reader;

/* The next argument of size bytes (4 or 8), at its natural alignment. */
static int take(reader *r, unsigned size, uint64_t *v) {
    size_t at = (r->at + size - 1) / size * size;
    if (at > r->argbytes || size > r->argbytes - at) {
        snprintf(r->why, r->whylen, "the format needs more than the record's %zu argument bytes",
                 r->argbytes);
        return -1;
    }
    uint32_t w32;
    if (size == 4) {
        memcpy(&w32, r->args + at, 4);
        *v = w32;
    } else {
        memcpy(v, r->args + at, 8);
    }
    r->at = at + size;
    return 0;
}

/* A width or precision: digits or '*' (an int argument). */
static int field(reader *r, const char **pp, int *out, int *from_arg) {
    const char *p = *pp;
    *from_arg = 0;
    if (*p == '*') {
        uint64_t v;
        if (take(r, 4, &v) != 0)
            return -1;
        *out = (int)(int32_t)(uint32_t)v;
        *from_arg = 1;
        *pp = p + 1;
    } else {
        long n = 0;
        while (*p >= '0' && *p <= '9') {
            n = n * 10 + (*p++ - '0');
            if (n > MAX_FIELD)
                break;
        }
        *out = (int)n;
        *pp = p;
    }
    if (*out > MAX_FIELD || *out < -MAX_FIELD) {
        snprintf(r->why, r->whylen, "width or precision %d is too large", *out);
        return -1;
    }
    return 0;
}

typedef enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_BIG_L, LEN_J, LEN_Z, LEN_T } length;

static length parse_length(const char **pp) {
    const char *p = *pp;
    length l = LEN_NONE;
    switch (*p) {
    case 'h': l = p[1] == 'h' ? LEN_HH : LEN_H; break;
    case 'l': l = p[1] == 'l' ? LEN_LL : LEN_L; break;
    case 'q': l = LEN_LL; break;
    case 'L': l = LEN_BIG_L; break;
    case 'j': l = LEN_J; break;
    case 'z':
    case 'Z': l = LEN_Z; break;
    case 't': l = LEN_T; break;
    default: return LEN_NONE;
    }
    *pp = p + (l == LEN_HH || (l == LEN_LL && *p == 'l') ? 2 : 1);
    return l;
}

/* The %s argument: the string's bytes and length (without a NUL). */
static const char *string_arg(uint64_t v, int prec, hcrt_str_fn str, char *bad, size_t badlen,
                              size_t *len) {
    size_t avail = 0;
    const char *s = v ? str(v, &avail) : NULL;
    if (!v) {
        s = "(null)";
        avail = 7;
    } else if (!s) {
        snprintf(bad, badlen, "(invalid string 0x%llx)", (unsigned long long)v);
        s = bad;
        avail = strlen(bad) + 1;
    }
    size_t lim = avail < HCRT_PRINTF_MAX_STRING ? avail : HCRT_PRINTF_MAX_STRING;
    if (prec >= 0 && (size_t)prec < lim)
        lim = (size_t)prec;
    const char *end = memchr(s, 0, lim);
    *len = end ? (size_t)(end - s) : lim;
    return s;
}

/* One conversion starting after '%'; appends its output to out.  spec is
 * rebuilt as: flags, width, then per conversion precision, length, letter. */
static int conversion(hcrt_sbuf *out, const char **pp, reader *r, hcrt_str_fn str) {
    const char *p = *pp;
    char spec[48] = "%";
    size_t n = 1;
    while (*p && strchr("-+ #0'", *p)) {
        if (!memchr(spec + 1, *p, n - 1))
            spec[n++] = *p;
        p++;
    }
    int width, prec = -1, from_arg;
    if (field(r, &p, &width, &from_arg) != 0)
        return -1;
    if (width < 0) { /* a negative '*' width means '-' */
        width = -width;
        if (!memchr(spec + 1, '-', n - 1))
            spec[n++] = '-';
    }
    if (from_arg || width > 0)
        n += (size_t)snprintf(spec + n, sizeof spec - n, "%d", width);
    if (*p == '.') {
        p++;
        if (field(r, &p, &prec, &from_arg) != 0)
            return -1;
        if (prec < 0) /* a negative '*' precision is as if there were none */
            prec = -1;
    }
    length len = parse_length(&p);
    char conv = *p;
    if (!conv) {
        snprintf(r->why, r->whylen, "the format ends inside a conversion");
        return -1;
    }
    p++;
    if (prec >= 0 && conv != 's')
        n += (size_t)snprintf(spec + n, sizeof spec - n, ".%d", prec);
    int wide = len == LEN_L || len == LEN_LL || len == LEN_J || len == LEN_Z || len == LEN_T;
    uint64_t v;
    switch (conv) {
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X':
        if (len == LEN_BIG_L)
            goto bad_length;
        if (take(r, wide ? 8 : 4, &v) != 0)
            return -1;
        snprintf(spec + n, sizeof spec - n, "ll%c", conv);
        if (conv == 'd' || conv == 'i') {
            long long x = wide ? (long long)(int64_t)v : (long long)(int32_t)(uint32_t)v;
            if (len == LEN_HH)
                x = (signed char)x;
            else if (len == LEN_H)
                x = (short)x;
            emit(out, spec, x);
        } else {
            unsigned long long x = wide ? v : (uint32_t)v;
            if (len == LEN_HH)
                x = (unsigned char)x;
            else if (len == LEN_H)
                x = (unsigned short)x;
            emit(out, spec, x);
        }
        break;
    case 'c':
        if (len != LEN_NONE)
            goto bad_length; /* wide characters */
        if (take(r, 4, &v) != 0)
            return -1;
        snprintf(spec + n, sizeof spec - n, "c");
        emit(out, spec, (int)(unsigned char)v);
        break;
    case 's': {
        if (len != LEN_NONE)
            goto bad_length;
        if (take(r, 8, &v) != 0)
            return -1;
        char bad[64];
        size_t slen;
        const char *s = string_arg(v, prec, str, bad, sizeof bad, &slen);
        /* an explicit length: the bytes need not be NUL-terminated */
        snprintf(spec + n, sizeof spec - n, ".*s");
        emit(out, spec, (int)slen, s);
        break;
    }
    case 'p':
        if (len != LEN_NONE)
            goto bad_length;
        if (take(r, 8, &v) != 0)
            return -1;
        snprintf(spec + n, sizeof spec - n, "p");
        emit(out, spec, (void *)(uintptr_t)v);
        break;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'a':
    case 'A': {
        /* a device long double is a double; l is allowed and ignored */
        if (len != LEN_NONE && len != LEN_L && len != LEN_BIG_L)
            goto bad_length;
        if (take(r, 8, &v) != 0)
            return -1;
        double d;
        memcpy(&d, &v, sizeof d);
        snprintf(spec + n, sizeof spec - n, "%c", conv);
        emit(out, spec, d);
        break;
    }
    case 'n': snprintf(r->why, r->whylen, "%%n is not supported"); return -1;
    default: snprintf(r->why, r->whylen, "unknown conversion '%%%c'", conv); return -1;
    }
    *pp = p;
    return 0;
bad_length:
    snprintf(r->why, r->whylen, "length modifier not supported with '%%%c'", conv);
    return -1;
}

int hcrt_format(hcrt_sbuf *out, const char *fmt, const uint8_t *args, size_t argbytes,
                hcrt_str_fn str, char *why, size_t whylen) {
    reader r = {args, argbytes, 0, why, whylen};
    size_t mark = out->len;
    const char *p = fmt;
    while (*p) {
        const char *pct = strchr(p, '%');
        size_t lit = pct ? (size_t)(pct - p) : strlen(p);
        hcrt_sbuf_put(out, p, lit);
        p += lit;
        if (!*p)
            break;
        p++; /* the '%' */
        if (*p == '%') {
            hcrt_sbuf_put(out, "%", 1);
            p++;
        } else if (conversion(out, &p, &r, str) != 0) {
            out->len = mark; /* a bad record prints nothing of itself */
            if (out->p)
                out->p[mark] = 0;
            return -1;
        }
    }
    return 0;
}
