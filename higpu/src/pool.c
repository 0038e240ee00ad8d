/* pool.c -- persistent SM worker threads: a launch wakes them with a job
 * generation number and waits until every thread has finished it. */
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>

struct hg_pool {
    int n;
    pthread_t *threads;
    pthread_mutex_t lock;
    pthread_cond_t wake, done;
    hg_pool_job job;
    void *arg;
    unsigned long generation;
    int running, quit;
};

typedef struct start {
    hg_pool *p;
    int index;
} start;

static void *worker(void *v) {
    start s = *(start *)v;
    free(v);
    hg_pool *p = s.p;
    unsigned long seen = 0;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->quit && p->generation == seen)
            pthread_cond_wait(&p->wake, &p->lock);
        if (p->quit)
            break;
        seen = p->generation;
        hg_pool_job job = p->job;
        void *arg = p->arg;
        pthread_mutex_unlock(&p->lock);
        job(arg, s.index);
        pthread_mutex_lock(&p->lock);
        if (--p->running == 0)
            pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

hg_pool *hg_pool_create(int n) {
    hg_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->threads = calloc((size_t)n, sizeof *p->threads);
    if (!p->threads) {
        free(p);
        return NULL;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->wake, NULL);
    pthread_cond_init(&p->done, NULL);
    for (int i = 0; i < n; i++) {
        start *s = malloc(sizeof *s);
        if (!s)
            break;
        *s = (start){p, i};
        if (pthread_create(&p->threads[i], NULL, worker, s) != 0) {
            free(s);
            break;
        }
        p->n++;
    }
    if (p->n == 0) {
        hg_pool_destroy(p);
        return NULL;
    }
    return p;
}

void hg_pool_destroy(hg_pool *p) {
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->quit = 1;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < p->n; i++)
        pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->wake);
    pthread_cond_destroy(&p->done);
    free(p->threads);
    free(p);
}

void hg_pool_run(hg_pool *p, hg_pool_job job, void *arg) {
    pthread_mutex_lock(&p->lock);
    p->job = job;
    p->arg = arg;
    p->running = p->n;
    p->generation++;
    pthread_cond_broadcast(&p->wake);
    while (p->running)
        pthread_cond_wait(&p->done, &p->lock);
    pthread_mutex_unlock(&p->lock);
}
