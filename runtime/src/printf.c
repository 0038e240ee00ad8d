/* printf.c -- the host side of device printf (docs/runtime.md, "Device
 * printf").
 *
 * A module whose kernels call printf defines the 16-byte variable
 * __hcc_printf = {u64 buffer, u32 capacity, u32 write offset}.  Each call
 * on the device reserves a record with an atomic add on the offset and
 * writes it if it fits:
 *
 *     u32 size (whole record, multiple of 8) | u32 argbytes | u64 fmt | args
 *
 * The runtime gives each such module, on each device, one buffer (1 MiB,
 * HI_PRINTF_BUFFER to change) at its first launch, and after every launch
 * queues a host function in the kernel's stream that prints the records
 * and empties the buffer.  Launches of one module are serialised through an
 * event recorded after each flush, so a buffer only ever holds the records
 * of one kernel, and the offset is 0 when a kernel starts.  After a fault
 * the host function is skipped (the context is sticky); the fault report
 * prints the buffer instead, so an assert's message still appears.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "printf_format.h"

enum { DEFAULT_BUFFER = 1 << 20, MIN_BUFFER = 4096 };

/* cudaDeviceSetLimit(cudaLimitPrintfFifoSize): 0 until a program sets it */
static _Atomic uint32_t set_limit;

static uint32_t clamp_size(unsigned long long n) {
    if (n < MIN_BUFFER)
        n = MIN_BUFFER;
    if (n > 0x80000000ull) /* the offset is 32 bits */
        n = 0x80000000ull;
    return (uint32_t)(n / 8 * 8);
}

void hcrt_printf_set_limit(size_t bytes) { set_limit = clamp_size(bytes); }

/* The buffer a module's first launch gets: the program's limit, else
 * HI_PRINTF_BUFFER (bytes, with an optional K, M or G suffix, powers of
 * 1024; a value that is not understood gives the default). */
size_t hcrt_printf_limit(void) {
    if (set_limit)
        return set_limit;
    const char *v = getenv("HI_PRINTF_BUFFER");
    if (!v || !*v)
        return DEFAULT_BUFFER;
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    switch (toupper((unsigned char)*end)) {
    case 'G': n <<= 10; /* fall through */
    case 'M': n <<= 10; /* fall through */
    case 'K':
        n <<= 10;
        end++;
        break;
    default: break;
    }
    if (*end == 'i' || *end == 'I')
        end++;
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end || end == v)
        return DEFAULT_BUFFER;
    return clamp_size(n);
}

void hcrt_printf_init(hcrt_printf *pf, hcrt_device *d, hg_module *mod) {
    uint64_t var, size;
    pf->hdr = NULL;
    if (hg_module_var(mod, "__hcc_printf", &var, &size) == HG_OK && size >= 16)
        pf->hdr = hg_host_ptr(d->ctx, var, 16);
    pf->enabled = pf->hdr != NULL;
    pf->buf = 0;
    pf->hbuf = NULL;
    pf->cap = 0;
    pf->flushed = NULL;
}

static void put32(uint8_t *p, uint32_t v) {
    memcpy(p, &v, 4);
}
static uint32_t get32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
static uint64_t get64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

hg_status hcrt_printf_before(hcrt_printf *pf, hcrt_device *d, hg_stream *hs) {
    if (!pf->enabled)
        return HG_OK;
    if (!pf->buf) {
        uint32_t cap = (uint32_t)hcrt_printf_limit();
        uint64_t buf;
        hg_status st = hg_malloc(d->ctx, cap, &buf);
        if (st == HG_OK && (st = hg_event_create(d->ctx, &pf->flushed)) != HG_OK)
            hg_free(d->ctx, buf);
        if (st != HG_OK)
            return st;
        pf->buf = buf;
        pf->cap = cap;
        pf->hbuf = hg_host_ptr(d->ctx, buf, cap);
        memset(pf->hbuf, 0, cap);
        /* no kernel of the module has run yet: the header can be written directly */
        memcpy(pf->hdr, &buf, 8);
        put32(pf->hdr + 8, cap);
        put32(pf->hdr + 12, 0);
    }
    /* after the previous launch's flush, whatever stream it was in */
    return hg_stream_wait_event(d->ctx, hs, pf->flushed);
}

static void flush_fn(void *arg) {
    hcrt_printf *pf = arg;
    pthread_mutex_lock(&pf->lock);
    hcrt_printf_flush(pf);
    pthread_mutex_unlock(&pf->lock);
}

void hcrt_printf_after(hcrt_printf *pf, hcrt_device *d, hg_stream *hs) {
    if (!pf->enabled)
        return;
    /* Failing here means the context is sticky or memory is short: the
     * records are then printed by the fault report, or not at all. */
    if (hg_host_func(d->ctx, hs, flush_fn, pf) == HG_OK)
        hg_event_record(pf->flushed, hs);
}

static const char *device_string(uint64_t addr, size_t *n) {
    uint64_t avail;
    const uint8_t *p = hcrt_devmem_view(addr, &avail);
    if (!p)
        return NULL;
    *n = avail < HCRT_PRINTF_MAX_STRING ? (size_t)avail : HCRT_PRINTF_MAX_STRING;
    return (const char *)p;
}

/* Appends s (at most max bytes) with C escapes, for quoting a format. */
static void put_escaped(hcrt_sbuf *out, const char *s, size_t max) {
    for (size_t i = 0; i < max && s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n')
            hcrt_sbuf_put(out, "\\n", 2);
        else if (c == '"' || c == '\\')
            hcrt_sbuf_printf(out, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            hcrt_sbuf_printf(out, "\\x%02x", c);
        else
            hcrt_sbuf_put(out, (const char *)&c, 1);
    }
}

/* Formats the record at pos (header already checked) into out. */
static void format_record(hcrt_sbuf *out, const uint8_t *rec, uint32_t pos) {
    uint32_t argbytes = get32(rec + 4);
    uint64_t fmt = get64(rec + 8);
    size_t n = 0;
    const char *f = device_string(fmt, &n);
    const char *end = f ? memchr(f, 0, n) : NULL;
    char why[160];
    if (!end)
        hcrt_sbuf_printf(
            out,
            "[printf: bad record at offset %u: format string address 0x%llx is not readable]\n",
            pos, (unsigned long long)fmt);
    else if (hcrt_format(out, f, rec + 16, argbytes, device_string, why, sizeof why) != 0) {
        hcrt_sbuf_printf(out, "[printf: bad record at offset %u: %s in format \"", pos, why);
        put_escaped(out, f, 80);
        hcrt_sbuf_put(out, "\"]\n", 3);
    }
}

void hcrt_printf_flush(hcrt_printf *pf) {
    if (!pf->enabled || !pf->hbuf)
        return;
    uint32_t off = __atomic_load_n((uint32_t *)(void *)(pf->hdr + 12), __ATOMIC_ACQUIRE);
    if (off == 0)
        return;
    uint32_t end = off < pf->cap ? off : pf->cap, pos = 0;
    hcrt_sbuf out = {0};
    /* A zero size is a record that was reserved but never written (it did
     * not fit, or its thread faulted first): nothing after it is readable. */
    while (end - pos >= 16) {
        const uint8_t *rec = pf->hbuf + pos;
        uint32_t size = get32(rec), argbytes = get32(rec + 4);
        if (size == 0)
            break;
        if (size % 8 || size < 16 || size > end - pos || argbytes > size - 16) {
            hcrt_sbuf_printf(&out,
                             "[printf: bad record at offset %u: size %u, %u argument bytes]\n", pos,
                             size, argbytes);
            break;
        }
        format_record(&out, rec, pos);
        pos += size;
    }
    /* empty the buffer: zeroed, so stale records never look written */
    memset(pf->hbuf, 0, end);
    put32(pf->hdr + 12, 0);
    hcrt_output_lock();
    if (out.len)
        fwrite(out.p, 1, out.len, stdout);
    fflush(stdout);
    if (off > pf->cap && !hcrt_quiet())
        fprintf(stderr,
                "hcrt: device printf buffer full: %u bytes of output lost (HI_PRINTF_BUFFER=%u)\n",
                off - pos, pf->cap);
    if (out.oom)
        fprintf(stderr, "hcrt: out of host memory while formatting device printf output\n");
    hcrt_output_unlock();
    hcrt_sbuf_free(&out);
}

void hcrt_printf_release(hcrt_printf *pf, hcrt_device *d) {
    if (pf->flushed)
        hg_event_destroy(pf->flushed);
    if (pf->buf)
        hg_free(d->ctx, pf->buf);
    pf->flushed = NULL;
    pf->buf = 0;
    pf->hbuf = NULL;
    pf->enabled = 0;
}
