/* error.c -- error names and strings, the per-thread last error, and the
 * mapping from libhigpu statuses.
 *
 * CUDA's model: every call returns its status; a failed call also becomes
 * the thread's "last error", which hcGetLastError returns and resets and
 * hcPeekAtLastError only returns.  A kernel fault is different: it makes
 * the device's context sticky (device.c), and every later call on that
 * device -- hcGetLastError included -- returns the fault's error until
 * hcDeviceReset. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static __thread hcError_t last_error;

const char *hcGetErrorName(hcError_t e) {
    switch (e) {
#define HC_ERROR_NAME(hc, cuda, value, text)                                                       \
    case hc: return #hc;
        HC_ERRORS(HC_ERROR_NAME)
#undef HC_ERROR_NAME
    }
    return "unrecognized error code";
}

const char *hcGetErrorString(hcError_t e) {
    switch (e) {
#define HC_ERROR_TEXT(hc, cuda, value, text)                                                       \
    case hc: return text;
        HC_ERRORS(HC_ERROR_TEXT)
#undef HC_ERROR_TEXT
    }
    return "unrecognized error code";
}

hcError_t hcrt_ret(hcError_t e) {
    /* not ready is an answer, not an error: CUDA does not record it either */
    if (e != hcSuccess && e != hcErrorNotReady)
        last_error = e;
    return e;
}

void hcrt_clear_last_error(void) {
    last_error = hcSuccess;
}

/* The sticky error of the current device, if the runtime is up and the
 * device has a context; never opens anything. */
static hcError_t current_sticky(void) {
    if (!hcrt_rt_peek())
        return hcSuccess;
    hcrt_device *d;
    if (hcrt_current(&d) != hcSuccess || !d->ctx)
        return hcSuccess;
    return hcrt_dev_sticky(d);
}

hcError_t hcGetLastError(void) {
    hcError_t sticky = current_sticky();
    hcError_t e = last_error;
    last_error = hcSuccess;
    return sticky != hcSuccess ? sticky : e;
}

hcError_t hcPeekAtLastError(void) {
    hcError_t sticky = current_sticky();
    return sticky != hcSuccess ? sticky : last_error;
}

hcError_t hcrt_map_status(hg_status st) {
    switch (st) {
    case HG_OK: return hcSuccess;
    case HG_ERR_INVALID_VALUE: return hcErrorInvalidValue;
    case HG_ERR_OUT_OF_MEMORY: return hcErrorMemoryAllocation;
    case HG_ERR_NOT_FOUND: return hcErrorInvalidValue;
    case HG_ERR_IO: return hcErrorOperatingSystem;
    case HG_ERR_BAD_IMAGE: return hcErrorInvalidKernelImage;
    case HG_ERR_LAUNCH_CONFIG: return hcErrorInvalidConfiguration;
    case HG_ERR_LAUNCH_RESOURCES: return hcErrorLaunchOutOfResources;
    case HG_ERR_KERNEL_FAULT: return hcErrorLaunchFailure; /* callers use the fault record */
    case HG_ERR_TIMEOUT: return hcErrorLaunchTimeout;
    case HG_ERR_NOT_READY: return hcErrorNotReady;
    case HG_ERR_STICKY: return hcErrorLaunchFailure;
    case HG_ERR_NO_DEVICE: return hcErrorInvalidDevice;
    case HG_ERR_UNSUPPORTED: return hcErrorNotSupported;
    }
    return hcErrorUnknown;
}

int hcrt_quiet(void) {
    const char *q = getenv("HI_QUIET");
    return q && *q && strcmp(q, "0") != 0;
}

pthread_mutex_t hcrt_output_mutex = PTHREAD_MUTEX_INITIALIZER;
void hcrt_output_lock(void) {
    pthread_mutex_lock(&hcrt_output_mutex);
}
void hcrt_output_unlock(void) {
    pthread_mutex_unlock(&hcrt_output_mutex);
}
