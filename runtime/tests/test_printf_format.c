/* test_printf_format.c -- the device printf formatter on its own: every
 * conversion, flag, width, precision and length modifier against the host's
 * snprintf with the same arguments, and malformed formats refused without
 * output.  The argument buffers are laid out as clang lays out vprintf's. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../src/printf_format.h"

static int failures;

typedef struct pack {
    uint8_t b[256];
    size_t n;
} pack;

static void put(pack *p, const void *v, size_t size) {
    p->n = (p->n + size - 1) / size * size;
    memcpy(p->b + p->n, v, size);
    p->n += size;
}
static void i32(pack *p, int32_t v) {
    put(p, &v, 4);
}
static void i64(pack *p, int64_t v) {
    put(p, &v, 8);
}
static void f64(pack *p, double v) {
    put(p, &v, 8);
}

/* "device memory" for %s: two strings, the second not terminated */
static const char memory[] = {'h', 'e', 'l', 'l', 'o', 0, 'a', 'b', 'c'};
#define HELLO 0x1000ull
#define ABC   0x1006ull
static const char *device_str(uint64_t a, size_t *n) {
    if (a < HELLO || a >= HELLO + sizeof memory)
        return NULL;
    *n = (size_t)(HELLO + sizeof memory - a);
    return memory + (a - HELLO);
}

static void expect(int line, const char *fmt, const pack *p, const char *want) {
    hcrt_sbuf out = {0};
    char why[160] = "";
    hcrt_sbuf_put(&out, "<", 1);
    int rc = hcrt_format(&out, fmt, p->b, p->n, device_str, why, sizeof why);
    if (rc != 0 || strcmp(out.p + 1, want) != 0) {
        fprintf(stderr, "line %d: format \"%s\" gave \"%s\" (%s), expected \"%s\"\n", line, fmt,
                out.p + 1, rc ? why : "ok", want);
        failures++;
    }
    hcrt_sbuf_free(&out);
}

static void refuse(int line, const char *fmt, const pack *p, const char *reason) {
    hcrt_sbuf out = {0};
    char why[160] = "";
    hcrt_sbuf_put(&out, "<", 1);
    int rc = hcrt_format(&out, fmt, p->b, p->n, device_str, why, sizeof why);
    if (rc != -1 || strcmp(out.p, "<") != 0 || !strstr(why, reason)) {
        fprintf(stderr,
                "line %d: format \"%s\" should be refused (%s): rc %d, output \"%s\", why \"%s\"\n",
                line, fmt, reason, rc, out.p, why);
        failures++;
    }
    hcrt_sbuf_free(&out);
}

#define EXPECT(fmt, pk, ...)                                                                       \
    do {                                                                                           \
        char want_[512];                                                                           \
        snprintf(want_, sizeof want_, fmt, __VA_ARGS__);                                           \
        expect(__LINE__, fmt, pk, want_);                                                          \
    } while (0)

int main(void) {
    pack p = {0};
    expect(__LINE__, "plain text, 100%% sure", &p, "plain text, 100% sure");

    pack flags = {0};
    for (int i = 0; i < 5; i++)
        i32(&flags, 42);
    EXPECT("%-5d|%+d|% d|%05d|%+-6d|", &flags, 42, 42, 42, 42, 42);

    pack a = {0};
    i32(&a, 42);
    i32(&a, -7);
    i64(&a, -1234567890123LL);
    EXPECT("%d %5i %lld", &a, 42, -7, -1234567890123LL);

    pack b = {0};
    i32(&b, 255);
    i32(&b, 255);
    i32(&b, 255);
    i32(&b, 255);
    i64(&b, 0xdeadbeefcafeULL);
    EXPECT("%u %o %#x %#X %llx", &b, 255u, 255u, 255u, 255u, 0xdeadbeefcafeULL);

    pack c = {0};
    i32(&c, 0x1ff);
    i32(&c, 0x12345);
    i32(&c, -1);
    EXPECT("%hhd %hu %hhx", &c, (signed char)0x1ff, (unsigned short)0x12345, (unsigned char)0xff);

    pack d = {0};
    i32(&d, 5);
    i32(&d, 42);
    i32(&d, -5);
    i32(&d, 42);
    i32(&d, 3);
    f64(&d, 3.14159265);
    EXPECT("[%*d][%*d][%.*f]", &d, 5, 42, -5, 42, 3, 3.14159265);

    pack e = {0};
    f64(&e, 3.14159265);
    f64(&e, -2.5e-7);
    f64(&e, 1e300);
    f64(&e, 0.1);
    f64(&e, 255.5);
    f64(&e, 1.0 / 3);
    EXPECT("%8.3f %e %G %g %a %-12.4E|", &e, 3.14159265, -2.5e-7, 1e300, 0.1, 255.5, 1.0 / 3);

    pack f = {0};
    f64(&f, 2.5);
    f64(&f, 2.5);
    EXPECT("%lf %Lf", &f, 2.5, (long double)2.5); /* a device long double is a double */

    pack g = {0};
    i32(&g, 'Z');
    i64(&g, (int64_t)HELLO);
    i64(&g, (int64_t)HELLO);
    i64(&g, (int64_t)ABC);
    i64(&g, 0);
    EXPECT("%c|%s|%-7.3s|%s|%s", &g, 'Z', "hello", "hello", "abc", "(null)");

    pack h = {0};
    i64(&h, 0x9999);
    expect(__LINE__, "%s", &h, "(invalid string 0x9999)");

    pack q = {0};
    i64(&q, 0x1234);
    i64(&q, 0);
    EXPECT("%p %p", &q, (void *)0x1234, (void *)0);

    pack z = {0};
    i64(&z, 123456789012LL);
    i64(&z, -3);
    i64(&z, 77);
    EXPECT("%zu %jd %td", &z, (size_t)123456789012LL, (intmax_t)-3, (ptrdiff_t)77);

    /* alignment: an 8-byte argument after a 4-byte one skips 4 bytes */
    pack al = {0};
    i32(&al, 1);
    f64(&al, 0.5);
    i32(&al, 2);
    EXPECT("%d %.1f %d", &al, 1, 0.5, 2);

    /* malformed: nothing printed, a reason */
    pack one = {0};
    i32(&one, 1);
    refuse(__LINE__, "%d %d", &one, "more than the record's 4 argument bytes");
    refuse(__LINE__, "%lld", &one, "more than");
    refuse(__LINE__, "x %n", &one, "%n is not supported");
    refuse(__LINE__, "%y", &one, "unknown conversion '%y'");
    refuse(__LINE__, "tail %", &one, "ends inside a conversion");
    refuse(__LINE__, "%lc", &one, "length modifier");
    refuse(__LINE__, "%Ld", &one, "length modifier");
    refuse(__LINE__, "%1000000d", &one, "too large");
    pack big = {0};
    i32(&big, 2000000);
    i32(&big, 1);
    refuse(__LINE__, "%*d", &big, "too large");

    if (failures)
        printf("test_printf_format: FAILED (%d)\n", failures);
    else
        printf("test_printf_format: PASSED\n");
    return failures ? 1 : 0;
}
