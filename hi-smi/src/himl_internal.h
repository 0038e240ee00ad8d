/* himl_internal.h -- what the files of libhiml share: the library state
 * (himl_init.c) and a snapshot of one GPU's telemetry. */
#ifndef HIML_INTERNAL_H
#define HIML_INTERNAL_H

#include <pthread.h>

#include "higpu/telemetry.h"
#include "himl.h"

#define HIML_API __attribute__((visibility("default")))

struct himlDevice_st {
    unsigned int index;
};

typedef struct himl_state {
    pthread_rwlock_t lock; /* init/shutdown write it; every getter reads */
    int refs;              /* himlInit calls not yet shut down */
    hg_tm_node *node;
    unsigned int count;
    struct himlDevice_st dev[HG_MAX_NODE_GPUS];
} himl_state;

extern himl_state himl_g;

/* Records a detail line for himlErrorDetail (this thread) and returns r. */
himlReturn_t himl_fail(himlReturn_t r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A consistent copy of a GPU's block and what it means now. */
typedef struct himl_snap {
    hg_telemetry b;
    hg_tm_status s;
} himl_snap;

/* Takes the read lock, checks the handle and reads the GPU; on success the
 * caller owns *out and must call himl_release (which frees it and drops the
 * lock).  derive: also compute the status (utilisation, power, processes),
 * which reads /proc. */
himlReturn_t himl_acquire(himlDevice_t d, int derive, himl_snap **out);
void himl_release(himl_snap *s);
/* The same lock and check, without a snapshot (handles, counts). */
himlReturn_t himl_lock(void);
void himl_unlock(void);

/* Copies a string into a caller's buffer of length bytes; INSUFFICIENT_SIZE
 * if it does not fit with its NUL. */
himlReturn_t himl_copy_str(char *dst, unsigned int length, const char *src);
/* A 0..1 fraction as a whole percentage, rounded. */
unsigned int himl_percent(double f);

#endif /* HIML_INTERNAL_H */
