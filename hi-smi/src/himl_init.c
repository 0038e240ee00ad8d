/* himl_init.c -- libhiml's state: init and shutdown, error strings, the
 * system queries and device handles. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hc_runtime_api.h" /* HCRT_VERSION only: the API level the driver serves */
#include "himl_internal.h"

himl_state himl_g = {.lock = PTHREAD_RWLOCK_INITIALIZER};

static __thread char detail[512];

himlReturn_t himl_fail(himlReturn_t r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    return r;
}

HIML_API const char *himlErrorDetail(void) {
    return detail;
}

HIML_API const char *himlErrorString(himlReturn_t r) {
    switch (r) {
    case HIML_SUCCESS: return "Success";
    case HIML_ERROR_UNINITIALIZED: return "Uninitialized";
    case HIML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
    case HIML_ERROR_NOT_SUPPORTED: return "Not Supported";
    case HIML_ERROR_NO_PERMISSION: return "Insufficient Permissions";
    case HIML_ERROR_ALREADY_INITIALIZED: return "Already Initialized";
    case HIML_ERROR_NOT_FOUND: return "Not Found";
    case HIML_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
    case HIML_ERROR_DRIVER_NOT_LOADED: return "No HiGPU node found";
    case HIML_ERROR_TIMEOUT: return "Timeout";
    case HIML_ERROR_GPU_IS_LOST: return "GPU is lost";
    case HIML_ERROR_NO_DATA: return "No data (no process has published telemetry yet)";
    case HIML_ERROR_UNKNOWN: return "Unknown Error";
    }
    return "Unknown Error";
}

/* ---- init and shutdown ------------------------------------------------------ */

static himlReturn_t from_open(hg_status s, const char *err) {
    switch (s) {
    case HG_OK: return HIML_SUCCESS;
    case HG_ERR_NO_DEVICE: return himl_fail(HIML_ERROR_DRIVER_NOT_LOADED, "%s", err);
    case HG_ERR_IO:
        if (strstr(err, "ermission denied"))
            return himl_fail(HIML_ERROR_NO_PERMISSION, "%s", err);
        return himl_fail(HIML_ERROR_GPU_IS_LOST, "%s", err);
    default: return himl_fail(HIML_ERROR_UNKNOWN, "%s", err);
    }
}

HIML_API himlReturn_t himlInitWithNodeDir(const char *nodeDir) {
    detail[0] = '\0';
    pthread_rwlock_wrlock(&himl_g.lock);
    himlReturn_t r = HIML_SUCCESS;
    if (himl_g.refs == 0) {
        char err[512] = "";
        hg_tm_node *n = NULL;
        r = from_open(hg_tm_node_open(nodeDir, &n, err, sizeof err), err);
        if (r == HIML_SUCCESS) {
            himl_g.node = n;
            himl_g.count = (unsigned)hg_tm_node_gpu_count(n);
            for (unsigned i = 0; i < himl_g.count; i++)
                himl_g.dev[i].index = i;
        }
    }
    if (r == HIML_SUCCESS)
        himl_g.refs++;
    pthread_rwlock_unlock(&himl_g.lock);
    return r;
}

HIML_API himlReturn_t himlInit(void) {
    return himlInitWithNodeDir(NULL);
}

HIML_API himlReturn_t himlShutdown(void) {
    pthread_rwlock_wrlock(&himl_g.lock);
    himlReturn_t r = HIML_SUCCESS;
    if (himl_g.refs == 0)
        r = HIML_ERROR_UNINITIALIZED;
    else if (--himl_g.refs == 0) {
        hg_tm_node_close(himl_g.node);
        himl_g.node = NULL;
        himl_g.count = 0;
    }
    pthread_rwlock_unlock(&himl_g.lock);
    return r;
}

himlReturn_t himl_lock(void) {
    pthread_rwlock_rdlock(&himl_g.lock);
    if (himl_g.refs == 0) {
        pthread_rwlock_unlock(&himl_g.lock);
        return HIML_ERROR_UNINITIALIZED;
    }
    return HIML_SUCCESS;
}

void himl_unlock(void) {
    pthread_rwlock_unlock(&himl_g.lock);
}

static int valid(himlDevice_t d) {
    return d && d >= &himl_g.dev[0] && d < &himl_g.dev[himl_g.count];
}

himlReturn_t himl_acquire(himlDevice_t d, int derive, himl_snap **out) {
    himlReturn_t r = himl_lock();
    if (r != HIML_SUCCESS)
        return r;
    if (!valid(d)) {
        himl_unlock();
        return HIML_ERROR_INVALID_ARGUMENT;
    }
    himl_snap *s = malloc(sizeof *s);
    if (!s) {
        himl_unlock();
        return HIML_ERROR_UNKNOWN;
    }
    hg_status st = hg_tm_read(himl_g.node, (int)d->index, &s->b);
    if (st != HG_OK) {
        free(s);
        himl_unlock();
        if (st == HG_ERR_NOT_FOUND)
            return himl_fail(HIML_ERROR_NO_DATA, "%s/gpu%u: no telemetry published yet",
                             hg_tm_node_dir(himl_g.node), d->index);
        return HIML_ERROR_UNKNOWN;
    }
    if (derive)
        hg_tm_derive(&s->b, hg_tm_now_ns(), &s->s);
    *out = s;
    return HIML_SUCCESS;
}

void himl_release(himl_snap *s) {
    free(s);
    himl_unlock();
}

/* ---- helpers ------------------------------------------------------------------ */

himlReturn_t himl_copy_str(char *dst, unsigned int length, const char *src) {
    if (!dst)
        return HIML_ERROR_INVALID_ARGUMENT;
    size_t n = strlen(src);
    if (n + 1 > length)
        return HIML_ERROR_INSUFFICIENT_SIZE;
    memcpy(dst, src, n + 1);
    return HIML_SUCCESS;
}

unsigned int himl_percent(double f) {
    return f <= 0 ? 0 : f >= 1 ? 100 : (unsigned)(f * 100 + 0.5);
}

/* ---- system --------------------------------------------------------------------- */

HIML_API himlReturn_t himlSystemGetDriverVersion(char *version, unsigned int length) {
    return himl_copy_str(version, length, hg_tm_driver_version());
}

HIML_API himlReturn_t himlSystemGetHimlVersion(char *version, unsigned int length) {
    return himl_copy_str(version, length, HIML_VERSION_STRING);
}

HIML_API himlReturn_t himlSystemGetHcDriverVersion(int *v) {
    if (!v)
        return HIML_ERROR_INVALID_ARGUMENT;
    *v = HCRT_VERSION;
    return HIML_SUCCESS;
}

HIML_API himlReturn_t himlSystemGetNodeDir(char *dir, unsigned int length) {
    himlReturn_t r = himl_lock();
    if (r != HIML_SUCCESS)
        return r;
    r = himl_copy_str(dir, length, hg_tm_node_dir(himl_g.node));
    himl_unlock();
    return r;
}

/* ---- handles ---------------------------------------------------------------------- */

HIML_API himlReturn_t himlDeviceGetCount(unsigned int *count) {
    if (!count)
        return HIML_ERROR_INVALID_ARGUMENT;
    himlReturn_t r = himl_lock();
    if (r == HIML_SUCCESS) {
        *count = himl_g.count;
        himl_unlock();
    }
    return r;
}

HIML_API himlReturn_t himlDeviceGetHandleByIndex(unsigned int index, himlDevice_t *device) {
    if (!device)
        return HIML_ERROR_INVALID_ARGUMENT;
    himlReturn_t r = himl_lock();
    if (r != HIML_SUCCESS)
        return r;
    if (index >= himl_g.count)
        r = HIML_ERROR_INVALID_ARGUMENT; /* NVML's answer for an index out of range */
    else
        *device = &himl_g.dev[index];
    himl_unlock();
    return r;
}

/* Finds the device whose block matches; `match` compares one block. */
static himlReturn_t find_device(int (*match)(const hg_telemetry *, const void *), const void *key,
                                himlDevice_t *device) {
    if (!device || !key)
        return HIML_ERROR_INVALID_ARGUMENT;
    himlReturn_t r = himl_lock();
    if (r != HIML_SUCCESS)
        return r;
    hg_telemetry *b = malloc(sizeof *b);
    r = b ? HIML_ERROR_NOT_FOUND : HIML_ERROR_UNKNOWN;
    for (unsigned i = 0; b && i < himl_g.count && r == HIML_ERROR_NOT_FOUND; i++) {
        if (hg_tm_read(himl_g.node, (int)i, b) == HG_OK && match(b, key)) {
            *device = &himl_g.dev[i];
            r = HIML_SUCCESS;
        }
    }
    free(b);
    himl_unlock();
    return r;
}

static int match_uuid(const hg_telemetry *b, const void *key) {
    return strcasecmp(b->id.uuid, key) == 0;
}

HIML_API himlReturn_t himlDeviceGetHandleByUUID(const char *uuid, himlDevice_t *device) {
    return find_device(match_uuid, uuid, device);
}

typedef struct bus_key {
    unsigned domain, bus, device, function;
} bus_key;

/* "DDDDDDDD:BB:DD.F", "DDDD:BB:DD.F" or "BB:DD.F", hex, any case. */
static int parse_bus_id(const char *s, bus_key *k) {
    unsigned a, b, c, f;
    int n = 0;
    memset(k, 0, sizeof *k);
    if (sscanf(s, "%x:%x:%x.%x%n", &a, &b, &c, &f, &n) == 4 && s[n] == '\0') {
        *k = (bus_key){a, b, c, f};
        return 0;
    }
    n = 0;
    if (sscanf(s, "%x:%x.%x%n", &b, &c, &f, &n) == 3 && s[n] == '\0') {
        *k = (bus_key){0, b, c, f};
        return 0;
    }
    return -1;
}

static int match_bus(const hg_telemetry *b, const void *key) {
    const bus_key *k = key;
    return k->domain == b->id.pci_domain && k->bus == b->id.pci_bus &&
           k->device == b->id.pci_device && k->function == 0;
}

HIML_API himlReturn_t himlDeviceGetHandleByPciBusId(const char *pciBusId, himlDevice_t *device) {
    bus_key k;
    if (!pciBusId || parse_bus_id(pciBusId, &k) != 0)
        return HIML_ERROR_INVALID_ARGUMENT;
    return find_device(match_bus, &k, device);
}
