/* format.h -- numbers as the text report shows them (nvprof's style:
 * "26.452ms", "568.33us"). */
#ifndef HIPROF_FORMAT_H
#define HIPROF_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* Each writes into buf and returns it. */
const char *hp_fmt_time(char *buf, size_t n, double seconds); /* 5 significant digits and a unit */
const char *hp_fmt_bytes(char *buf, size_t n, double bytes);  /* B, KiB, MiB, GiB */
const char *hp_fmt_rate(char *buf, size_t n, double bytes_per_s); /* decimal GB/s, MB/s */
const char *hp_fmt_pct(char *buf, size_t n, double pct);          /* "87.5%", "-" for NAN */
const char *hp_fmt_count(char *buf, size_t n, uint64_t v);        /* "1,234,567" */

#endif
