/* pool.h -- a fixed pool of host threads that run one job at a time. */
#ifndef HIGPU_POOL_H
#define HIGPU_POOL_H

typedef struct hg_pool hg_pool;
typedef void (*hg_pool_job)(void *arg, int thread);

hg_pool *hg_pool_create(int nthreads);
void hg_pool_destroy(hg_pool *p);
/* Runs job(arg, i) on every thread i of the pool and waits for all. */
void hg_pool_run(hg_pool *p, hg_pool_job job, void *arg);

#endif
