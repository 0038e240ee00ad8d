/* telemetry_pub.c -- the per-process publisher thread.
 *
 * Ten times a second it gives every telemetry writer of this process (one
 * per context) a tick: a utilisation history sample, the process's own
 * sample and the thermal model advanced to now (hg_tm_tick).  That is what
 * lets a reader see the last second without waiting, and a kernel that runs
 * for minutes still show as busy.  The thread starts with the first context
 * and then stays, asleep on a condition variable while there is none. */
#include "telemetry_internal.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

enum { PUB_PERIOD_NS = 100 * 1000 * 1000 };

static pthread_once_t pub_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t pub_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pub_cond;
static hg_tm_writer **pub_list; /* guarded by pub_lock, as is everything below */
static int pub_n, pub_cap;
static pid_t pub_pid; /* process that started the thread (0: none); a fork child has none */

static void pub_init(void) {
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&pub_cond, &a);
    pthread_condattr_destroy(&a);
}

static void *pub_main(void *arg) {
    (void)arg;
    pthread_mutex_lock(&pub_lock);
    for (;;) {
        while (pub_n == 0)
            pthread_cond_wait(&pub_cond, &pub_lock);
        /* Ticking under pub_lock: hg_tm_pub_remove waits for the tick, so
         * a writer is never used after its context let go of it. */
        uint64_t now = hg_tm_now_ns();
        for (int i = 0; i < pub_n; i++)
            hg_tm_tick(pub_list[i], now);
        struct timespec until;
        uint64_t t = now + PUB_PERIOD_NS;
        until.tv_sec = (time_t)(t / 1000000000u);
        until.tv_nsec = (long)(t % 1000000000u);
        pthread_cond_timedwait(&pub_cond, &pub_lock, &until);
    }
    return NULL;
}

void hg_tm_pub_add(hg_tm_writer *w) {
    pthread_once(&pub_once, pub_init);
    pthread_mutex_lock(&pub_lock);
    if (pub_pid != getpid()) {
        /* First use in this process (or a fork child, which inherits the
         * list but not the thread). */
        pub_n = 0;
        pthread_t t;
        pthread_attr_t a;
        pthread_attr_init(&a);
        pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&t, &a, pub_main, NULL) == 0)
            pub_pid = getpid();
        pthread_attr_destroy(&a);
    }
    if (pub_n == pub_cap) {
        int cap = pub_cap ? pub_cap * 2 : 8;
        hg_tm_writer **l = realloc(pub_list, (size_t)cap * sizeof *l);
        if (!l) { /* without history the writer still publishes operations */
            pthread_mutex_unlock(&pub_lock);
            return;
        }
        pub_list = l;
        pub_cap = cap;
    }
    pub_list[pub_n++] = w;
    pthread_cond_broadcast(&pub_cond);
    pthread_mutex_unlock(&pub_lock);
}

void hg_tm_pub_remove(hg_tm_writer *w) {
    pthread_mutex_lock(&pub_lock);
    for (int i = 0; i < pub_n; i++) {
        if (pub_list[i] == w) {
            pub_list[i] = pub_list[--pub_n];
            break;
        }
    }
    pthread_mutex_unlock(&pub_lock);
}
