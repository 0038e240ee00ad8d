/* defer.c -- host buffers that queued work still uses: staging copies of
 * pageable memory and the arguments of runtime host functions.  Each is
 * paired with an event recorded behind that work and freed once the event
 * has completed.  Event records complete even when a sticky error makes
 * the context skip the work, so nothing leaks after a fault. */
#include <stdlib.h>

#include "internal.h"

struct hcrt_deferred {
    void *p;
    hg_event *done;
    hcrt_deferred *next;
};

/* Frees the entries whose event completed (all of them if all). */
static void sweep_locked(hcrt_device *d, int all) {
    hcrt_deferred **pp = &d->deferred;
    while (*pp) {
        hcrt_deferred *x = *pp;
        if (all || hg_event_query(x->done) == HG_OK) {
            *pp = x->next;
            hg_event_destroy(x->done);
            free(x->p);
            free(x);
        } else {
            pp = &x->next;
        }
    }
}

void hcrt_defer_free(hcrt_device *d, hg_stream *s, void *p) {
    hcrt_deferred *x = malloc(sizeof *x);
    pthread_mutex_lock(&d->defer_lock);
    sweep_locked(d, 0);
    if (x && hg_event_create(d->ctx, &x->done) == HG_OK) {
        if (hg_event_record(x->done, s) == HG_OK) {
            x->p = p;
            x->next = d->deferred;
            d->deferred = x;
            pthread_mutex_unlock(&d->defer_lock);
            return;
        }
        hg_event_destroy(x->done);
    }
    pthread_mutex_unlock(&d->defer_lock);
    /* no event to wait for: wait for the stream itself */
    free(x);
    hg_stream_synchronize(d->ctx, s);
    free(p);
}

void hcrt_defer_sweep(hcrt_device *d, int all) {
    pthread_mutex_lock(&d->defer_lock);
    if (d->ctx)
        sweep_locked(d, all);
    pthread_mutex_unlock(&d->defer_lock);
}
