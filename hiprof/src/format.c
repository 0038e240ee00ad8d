/* format.c -- the text report's number formats. */
#include <math.h>
#include <stdio.h>

#include "format.h"

/* value with a unit picked so that it reads 1..999, and 5 significant
 * digits, as nvprof prints times */
static const char *scaled(char *buf, size_t n, double v, const double *scale,
                          const char *const *unit, int nunits) {
    int u = 0;
    while (u < nunits - 1 && fabs(v) < scale[u] * 0.9999995)
        u++;
    double x = v / scale[u];
    int digits = fabs(x) < 10 ? 4 : fabs(x) < 100 ? 3 : 2;
    snprintf(buf, n, "%.*f%s", digits, x, unit[u]);
    return buf;
}

const char *hp_fmt_time(char *buf, size_t n, double seconds) {
    static const double scale[] = {1, 1e-3, 1e-6, 1e-9};
    static const char *const unit[] = {"s", "ms", "us", "ns"};
    if (seconds == 0) {
        snprintf(buf, n, "0ns");
        return buf;
    }
    return scaled(buf, n, seconds, scale, unit, 4);
}

const char *hp_fmt_bytes(char *buf, size_t n, double bytes) {
    static const double scale[] = {1073741824.0, 1048576.0, 1024.0, 1};
    static const char *const unit[] = {"GiB", "MiB", "KiB", "B"};
    if (bytes < 1024) {
        snprintf(buf, n, "%.0fB", bytes);
        return buf;
    }
    return scaled(buf, n, bytes, scale, unit, 4);
}

const char *hp_fmt_rate(char *buf, size_t n, double r) {
    static const double scale[] = {1e9, 1e6, 1e3, 1};
    static const char *const unit[] = {"GB/s", "MB/s", "KB/s", "B/s"};
    if (r == 0) {
        snprintf(buf, n, "-");
        return buf;
    }
    return scaled(buf, n, r, scale, unit, 4);
}

const char *hp_fmt_pct(char *buf, size_t n, double pct) {
    if (isnan(pct))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.1f%%", pct);
    return buf;
}

const char *hp_fmt_count(char *buf, size_t n, uint64_t v) {
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < n; i++) {
        if (i && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}
