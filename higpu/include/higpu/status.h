/* status.h -- status codes returned by every libhigpu function. */
#ifndef HIGPU_STATUS_H
#define HIGPU_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

/* Explicit values, never reordered (the runtime maps them to hc errors). */
#define HG_STATUSES(X)                                                          \
    X(HG_OK, 0, "no error")                                                     \
    X(HG_ERR_INVALID_VALUE, 1, "invalid argument")                              \
    X(HG_ERR_OUT_OF_MEMORY, 2, "out of device memory")                          \
    X(HG_ERR_NOT_FOUND, 3, "not found")                                         \
    X(HG_ERR_IO, 4, "operating-system error")                                   \
    X(HG_ERR_BAD_IMAGE, 5, "malformed code object")                             \
    X(HG_ERR_LAUNCH_CONFIG, 6, "invalid launch configuration")                  \
    X(HG_ERR_LAUNCH_RESOURCES, 7, "launch needs more resources than an SM has") \
    X(HG_ERR_KERNEL_FAULT, 8, "kernel fault (see the fault record)")            \
    X(HG_ERR_TIMEOUT, 9, "kernel exceeded the watchdog budget")                 \
    X(HG_ERR_NOT_READY, 10, "operation not yet complete")                       \
    X(HG_ERR_STICKY, 11, "context has a sticky error from an earlier fault")    \
    X(HG_ERR_NO_DEVICE, 12, "no such GPU")                                      \
    X(HG_ERR_UNSUPPORTED, 13, "not supported")

typedef enum hg_status {
#define HG_STATUS_ENUM(name, value, text) name = value,
    HG_STATUSES(HG_STATUS_ENUM)
#undef HG_STATUS_ENUM
} hg_status;

const char *hg_status_name(hg_status s);   /* "HG_ERR_OUT_OF_MEMORY" */
const char *hg_status_string(hg_status s); /* "out of device memory" */

#ifdef __cplusplus
}
#endif
#endif /* HIGPU_STATUS_H */
