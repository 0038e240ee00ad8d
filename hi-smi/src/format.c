/* format.c -- small formatting helpers shared by the output modes. */
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "smi.h"

unsigned long long smi_mib(unsigned long long bytes) {
    return bytes >> 20;
}

void smi_timestamp(char *buf, size_t len) {
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, len, "%a %b %e %H:%M:%S %Y", &tm);
}

void smi_timestamp_csv(char *buf, size_t len) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    localtime_r(&tv.tv_sec, &tm);
    char day[32];
    strftime(day, sizeof day, "%Y/%m/%d %H:%M:%S", &tm);
    snprintf(buf, len, "%s.%03ld", day, (long)(tv.tv_usec / 1000));
}

void smi_fit_left(const char *s, size_t width, char *out, size_t len) {
    size_t n = strlen(s);
    if (n <= width || width < 4)
        snprintf(out, len, "%s", s);
    else
        snprintf(out, len, "...%s", s + n - (width - 3));
}

const char *smi_basename(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

const char *smi_pstate(himlPstates_t p) {
    switch (p) {
    case HIML_PSTATE_0: return "P0";
    case HIML_PSTATE_8: return "P8";
    default: return "Unknown";
    }
}

void smi_link_label(const himlLinkInfo_t *l, char *buf, size_t len) {
    switch (l->type) {
    case HIML_LINK_SELF: snprintf(buf, len, " X "); break;
    case HIML_LINK_HOST: snprintf(buf, len, "PHB"); break;
    case HIML_LINK_HILINK: snprintf(buf, len, "HL%u", l->lanes); break;
    default: snprintf(buf, len, "N/A"); break;
    }
}
