/* hisa_asm_lex.c -- tokens of the HISA assembler: numbers, registers,
 * predicates, special registers, strings.  See docs/isa.md, "Assembler
 * syntax". */
#include "hisa_asm_internal.h"

#include "hcbin_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *asm_skipws(const char *p) {
    while (*p == ' ' || *p == '\t' || *p == '\r')
        p++;
    return (char *)p;
}

char *asm_trim(char *s) {
    s = asm_skipws(s);
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

size_t asm_ident_len(const char *p) {
    if (!hcbin_ident_start((unsigned char)*p))
        return 0;
    size_t n = 1;
    while (hcbin_ident_char((unsigned char)p[n]))
        n++;
    return n;
}

int asm_parse_int(const char *tok, asm_int *v) {
    const char *p = tok;
    v->neg = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    v->hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
    const char *digits = v->hex ? p + 2 : p;
    if (!(v->hex ? isxdigit((unsigned char)*digits) : isdigit((unsigned char)*digits)))
        return -1;
    char *end;
    errno = 0;
    v->mag = strtoull(digits, &end, v->hex ? 16 : 10);
    return errno || *end ? -1 : 0;
}

int asm_int_bits(const asm_int *v, int64_t min, uint64_t max, uint64_t *bits) {
    if (v->neg) {
        /* -mag >= min, compared as magnitudes so nothing overflows */
        if (v->mag && (min >= 0 || v->mag > (uint64_t)0 - (uint64_t)min))
            return -1;
        *bits = (uint64_t)0 - v->mag;
        return 0;
    }
    if (v->mag > max)
        return -1;
    *bits = v->mag;
    return 0;
}

/* Decimal float syntax only (no hex floats, inf or nan), with an optional
 * f suffix; copied without the suffix into buf. */
static int float_text(const char *tok, char *buf, size_t size) {
    size_t n = strlen(tok);
    if (n && (tok[n - 1] == 'f' || tok[n - 1] == 'F'))
        n--;
    if (n == 0 || n >= size || strspn(tok, "0123456789+-.eE") < n)
        return -1;
    memcpy(buf, tok, n);
    buf[n] = 0;
    return 0;
}

int asm_is_float_literal(const char *tok) {
    char buf[64];
    return float_text(tok, buf, sizeof buf) == 0 && strpbrk(buf, ".eE") != NULL;
}

int asm_parse_f32(const char *tok, float *out) {
    char buf[64], *end;
    if (float_text(tok, buf, sizeof buf))
        return -1;
    *out = strtof(buf, &end);
    return *end ? -1 : 0;
}

int asm_parse_f64(const char *tok, double *out) {
    char buf[64], *end;
    if (float_text(tok, buf, sizeof buf))
        return -1;
    *out = strtod(buf, &end);
    return *end ? -1 : 0;
}

/* Digits only, no sign, up to max. */
static int small_number(const char *p, unsigned max, unsigned *out) {
    if (!*p || strlen(p) > 3 || strspn(p, "0123456789") != strlen(p))
        return -1;
    *out = (unsigned)atoi(p);
    return *out <= max ? 0 : -1;
}

int asm_parse_reg(const char *tok, uint8_t *r) {
    unsigned n;
    if (strcasecmp(tok, "RZ") == 0) {
        *r = HISA_RZ;
        return 0;
    }
    if ((tok[0] != 'R' && tok[0] != 'r') || small_number(tok + 1, HISA_NUM_GPRS - 1, &n))
        return -1;
    *r = (uint8_t)n;
    return 0;
}

int asm_parse_pred(const char *tok, int allow_neg, uint8_t *p) {
    unsigned neg = 0, n;
    if (allow_neg && *tok == '!') {
        neg = HISA_PRED_NEG;
        tok++;
    }
    if (strcasecmp(tok, "PT") == 0)
        n = HISA_PT;
    else if ((tok[0] != 'P' && tok[0] != 'p') || small_number(tok + 1, HISA_NUM_PREDS - 1, &n))
        return -1;
    *p = (uint8_t)(n | neg);
    return 0;
}

int asm_find_name(const char *const *names, const char *w) {
    for (int i = 0; names[i]; i++)
        if (strcasecmp(names[i], w) == 0)
            return i;
    return -1;
}

int asm_parse_sreg(const char *tok, uint32_t *sr) {
    for (unsigned i = 0; i < HISA_SR_COUNT; i++)
        if (strcasecmp(hisa_sreg_names[i], tok) == 0) {
            *sr = i;
            return 0;
        }
    return -1;
}

static int hexval(int c) {
    return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
}

char *asm_parse_string(const char **pp) {
    const char *p = *pp;
    size_t cap = strlen(p) + 1, n = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    if (*p != '"') {
        while (*p && *p != ' ' && *p != '\t')
            s[n++] = *p++;
    } else {
        for (p++; *p != '"'; p++) {
            int c = (unsigned char)*p;
            if (!c)
                goto bad;
            if (c == '\\') {
                c = (unsigned char)*++p;
                if (c == 'n')
                    c = '\n';
                else if (c == 't')
                    c = '\t';
                else if (c == 'x' && hexval((unsigned char)p[1]) >= 0 &&
                         hexval((unsigned char)p[2]) >= 0) {
                    c = hexval((unsigned char)p[1]) * 16 + hexval((unsigned char)p[2]);
                    p += 2;
                } else if (c != '\\' && c != '"')
                    goto bad;
            }
            if (!c) /* "\x00" would end the name early */
                goto bad;
            s[n++] = (char)c;
        }
        p++;
    }
    s[n] = 0;
    *pp = p;
    return s;
bad:
    free(s);
    return NULL;
}

void asm_quote(const char *s, char *out, size_t size) {
    size_t n = 0;
#define PUT(...)                                                                                   \
    n += (size_t)snprintf(out + (n < size ? n : size), n < size ? size - n : 0, __VA_ARGS__)
    PUT("\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            PUT("\\%c", c);
        else if (c == '\n')
            PUT("\\n");
        else if (c == '\t')
            PUT("\\t");
        else if (c < 0x20 || c == 0x7f)
            PUT("\\x%02x", c);
        else
            PUT("%c", c);
    }
    PUT("\"");
#undef PUT
}

int asm_split(char *s, char **toks, int max) {
    s = asm_trim(s);
    if (!*s)
        return 0;
    int n = 0, depth = 0, quoted = 0;
    char *start = s;
    for (char *p = s;; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == '[')
            depth++;
        else if (!quoted && *p == ']')
            depth--;
        if (*p == 0 || (*p == ',' && depth == 0 && !quoted)) {
            int last = *p == 0;
            if (n == max)
                return -1;
            *p = 0;
            toks[n++] = asm_trim(start);
            if (last)
                return n;
            start = p + 1;
        }
    }
}
