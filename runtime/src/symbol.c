/* symbol.c -- device variables, named by their host shadows (the
 * addresses __cudaRegisterVar recorded): address, size, and copies to and
 * from them on the current device. */
#include "internal.h"

/* The device address of [offset, offset+count) of symbol on the current
 * device. */
static hcError_t locate(const void *symbol, size_t offset, size_t count, void **where) {
    hcrt_device *d;
    uint64_t dptr;
    size_t size;
    hcError_t e = hcrt_current_ready(&d);
    if (e == hcSuccess)
        e = hcrt_var_get(symbol, d, &dptr, &size);
    if (e == hcSuccess && (offset > size || count > size - offset))
        e = hcErrorInvalidValue;
    if (e == hcSuccess)
        *where = (void *)(uintptr_t)(dptr + offset);
    return e;
}

hcError_t hcGetSymbolAddress(void **devPtr, const void *symbol) {
    if (!devPtr)
        return hcrt_ret(hcErrorInvalidValue);
    return hcrt_ret(locate(symbol, 0, 0, devPtr));
}

hcError_t hcGetSymbolSize(size_t *size, const void *symbol) {
    hcrt_device *d;
    uint64_t dptr;
    if (!size)
        return hcrt_ret(hcErrorInvalidValue);
    hcError_t e = hcrt_current_ready(&d);
    if (e == hcSuccess)
        e = hcrt_var_get(symbol, d, &dptr, size);
    return hcrt_ret(e);
}

/* The kinds a symbol copy accepts: the symbol side is always the device. */
static int to_symbol_kind(hcMemcpyKind k) {
    return k == hcMemcpyHostToDevice || k == hcMemcpyDeviceToDevice || k == hcMemcpyDefault;
}
static int from_symbol_kind(hcMemcpyKind k) {
    return k == hcMemcpyDeviceToHost || k == hcMemcpyDeviceToDevice || k == hcMemcpyDefault;
}

static hcError_t to_symbol(const void *symbol, const void *src, size_t count, size_t offset,
                           hcMemcpyKind kind, hcStream_t stream, int async) {
    void *dst;
    if (!to_symbol_kind(kind))
        return hcErrorInvalidMemcpyDirection;
    hcError_t e = locate(symbol, offset, count, &dst);
    return e != hcSuccess ? e : hcrt_copy(dst, src, count, kind, stream, async);
}

static hcError_t from_symbol(void *dst, const void *symbol, size_t count, size_t offset,
                             hcMemcpyKind kind, hcStream_t stream, int async) {
    void *src;
    if (!from_symbol_kind(kind))
        return hcErrorInvalidMemcpyDirection;
    hcError_t e = locate(symbol, offset, count, &src);
    return e != hcSuccess ? e : hcrt_copy(dst, src, count, kind, stream, async);
}

hcError_t hcMemcpyToSymbol(const void *symbol, const void *src, size_t count, size_t offset,
                           hcMemcpyKind kind) {
    return hcrt_ret(to_symbol(symbol, src, count, offset, kind, NULL, 0));
}

hcError_t hcMemcpyToSymbolAsync(const void *symbol, const void *src, size_t count, size_t offset,
                                hcMemcpyKind kind, hcStream_t stream) {
    return hcrt_ret(to_symbol(symbol, src, count, offset, kind, stream, 1));
}

hcError_t hcMemcpyFromSymbol(void *dst, const void *symbol, size_t count, size_t offset,
                             hcMemcpyKind kind) {
    return hcrt_ret(from_symbol(dst, symbol, count, offset, kind, NULL, 0));
}

hcError_t hcMemcpyFromSymbolAsync(void *dst, const void *symbol, size_t count, size_t offset,
                                  hcMemcpyKind kind, hcStream_t stream) {
    return hcrt_ret(from_symbol(dst, symbol, count, offset, kind, stream, 1));
}
