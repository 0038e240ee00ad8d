/* summary.c -- folding the operations of a profile into per-kernel and
 * per-copy-kind rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "summary.h"

void hp_stat_add(hp_stat *s, double v) {
    if (!s->n || v < s->min)
        s->min = v;
    if (!s->n || v > s->max)
        s->max = v;
    s->total += v;
    s->n++;
}

double hp_stat_avg(const hp_stat *s) {
    return s->n ? s->total / (double)s->n : 0.0;
}

double hp_copy_bandwidth(const hp_copy_sum *c) {
    return c->wall.total > 0 ? (double)c->bytes / c->wall.total : 0.0;
}

/* A row that has seen no launch yet: op's name and configuration. */
static void kernel_init(hp_kernel_sum *k, const hp_op *op) {
    memset(k, 0, sizeof *k);
    k->name = op->display;
    k->mangled = op->name;
    k->gpu = op->gpu;
    k->dev = op->dev;
    memcpy(k->grid, op->grid, sizeof k->grid);
    memcpy(k->block, op->block, sizeof k->block);
    k->dyn_shared = op->dyn_shared;
    k->regs = op->regs;
    k->static_shared = op->static_shared;
    k->local_bytes = op->local_bytes;
    k->theo_min = k->theo_max = op->theoretical_occupancy;
    k->bps_min = k->bps_max = op->blocks_per_sm;
    memcpy(k->limiter, op->limiter, sizeof k->limiter);
}

static hp_kernel_sum *kernel_row(hp_summary *s, const hp_op *op) {
    for (size_t i = 0; i < s->nkernels; i++)
        if (s->kernels[i].gpu == op->gpu && !strcmp(s->kernels[i].mangled, op->name))
            return &s->kernels[i];
    hp_kernel_sum *k = realloc(s->kernels, (s->nkernels + 1) * sizeof *k);
    if (!k)
        return NULL;
    s->kernels = k;
    k = &s->kernels[s->nkernels++];
    kernel_init(k, op);
    return k;
}

static void add_kernel(hp_kernel_sum *k, const hp_op *op) {
    if (!hp_op_ran(op)) {
        k->skipped++;
        return;
    }
    k->calls++;
    k->faulted += !hp_op_ok(op);
    hp_stat_add(&k->wall, hp_op_seconds(op));
    hp_stat_add(&k->modelled, op->modelled_us);
    hp_counters_add(&k->c, &op->c);
    k->grid_varies |= memcmp(k->grid, op->grid, sizeof k->grid) != 0;
    k->block_varies |= memcmp(k->block, op->block, sizeof k->block) != 0;
    k->dyn_varies |= k->dyn_shared != op->dyn_shared;
    k->limiter_varies |= strcmp(k->limiter, op->limiter) != 0;
    if (op->theoretical_occupancy < k->theo_min)
        k->theo_min = op->theoretical_occupancy;
    if (op->theoretical_occupancy > k->theo_max)
        k->theo_max = op->theoretical_occupancy;
    if (op->blocks_per_sm < k->bps_min)
        k->bps_min = op->blocks_per_sm;
    if (op->blocks_per_sm > k->bps_max)
        k->bps_max = op->blocks_per_sm;
    k->theo_sum += op->theoretical_occupancy;
    k->achieved += op->achieved_occupancy * (double)op->c.sched_rounds;
    k->achieved_weight += (double)op->c.sched_rounds;
}

void hp_kernel_sum_of_op(const hp_op *op, hp_kernel_sum *k) {
    kernel_init(k, op);
    add_kernel(k, op);
}

static hp_copy_sum *copy_row(hp_summary *s, const char *kind, int gpu) {
    for (size_t i = 0; i < s->ncopies; i++)
        if (s->copies[i].gpu == gpu && !strcmp(s->copies[i].kind, kind))
            return &s->copies[i];
    hp_copy_sum *c = realloc(s->copies, (s->ncopies + 1) * sizeof *c);
    if (!c)
        return NULL;
    s->copies = c;
    c = &s->copies[s->ncopies++];
    memset(c, 0, sizeof *c);
    snprintf(c->kind, sizeof c->kind, "%s", kind);
    c->gpu = gpu;
    return c;
}

static int by_kernel_time(const void *a, const void *b) {
    const hp_kernel_sum *x = a, *y = b;
    return x->wall.total > y->wall.total ? -1 : x->wall.total < y->wall.total;
}

static int by_copy_time(const void *a, const void *b) {
    const hp_copy_sum *x = a, *y = b;
    return x->wall.total > y->wall.total ? -1 : x->wall.total < y->wall.total;
}

int hp_summarise(const hp_profile *p, hp_summary *s) {
    memset(s, 0, sizeof *s);
    int gpus[64], ngpus = 0;
    for (size_t i = 0; i < p->nops; i++) {
        const hp_op *op = &p->ops[i];
        if (op->type == HP_HOST) {
            if (hp_op_ran(op))
                hp_stat_add(&s->host, hp_op_seconds(op));
            continue;
        }
        if (op->type == HP_KERNEL) {
            hp_kernel_sum *k = kernel_row(s, op);
            if (!k)
                return -1;
            add_kernel(k, op);
        } else if (hp_op_ran(op)) {
            hp_copy_sum *c = copy_row(s, op->type == HP_MEMSET ? "memset" : op->kind, op->gpu);
            if (!c)
                return -1;
            c->count++;
            c->bytes += op->bytes;
            hp_stat_add(&c->wall, hp_op_seconds(op));
        }
        if (hp_op_ran(op))
            s->activity_total += hp_op_seconds(op);
        int seen = 0;
        for (int g = 0; g < ngpus; g++)
            seen |= gpus[g] == op->gpu;
        if (!seen && ngpus < 64)
            gpus[ngpus++] = op->gpu;
    }
    s->gpus = ngpus;
    if (s->nkernels) /* qsort wants a valid pointer even for nothing */
        qsort(s->kernels, s->nkernels, sizeof *s->kernels, by_kernel_time);
    if (s->ncopies)
        qsort(s->copies, s->ncopies, sizeof *s->copies, by_copy_time);
    return 0;
}

void hp_summary_free(hp_summary *s) {
    free(s->kernels);
    free(s->copies);
    memset(s, 0, sizeof *s);
}
