/* trace.c -- the per-warp instruction trace, one line per warp instruction:
 *   sm cta(x,y,z) warp pc active-mask exec-mask instruction
 * Lines of different SMs interleave; sort by the first columns to follow one
 * warp.  Meant for coursework on small launches. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "sm.h"
#include "trace.h"

struct hg_trace {
    FILE *f;
    pthread_mutex_t lock;
};

hg_trace *hg_trace_open(const char *path) {
    hg_trace *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->f = fopen(path, "a");
    if (!t->f) {
        free(t);
        return NULL;
    }
    pthread_mutex_init(&t->lock, NULL);
    return t;
}

void hg_trace_close(hg_trace *t) {
    if (!t)
        return;
    fclose(t->f);
    pthread_mutex_destroy(&t->lock);
    free(t);
}

void hg_trace_begin(hg_trace *t, const char *kernel, hg_dim3 grid, hg_dim3 block) {
    pthread_mutex_lock(&t->lock);
    fprintf(t->f, "# launch %s grid (%u,%u,%u) block (%u,%u,%u)\n", kernel, grid.x, grid.y, grid.z,
            block.x, block.y, block.z);
    pthread_mutex_unlock(&t->lock);
}

void hg_trace_insn(hg_trace *t, const hg_warp *w, const hg_insn *in, uint32_t exec) {
    uint32_t pc = (uint32_t)(in - w->code);
    pthread_mutex_lock(&t->lock);
    fprintf(t->f, "sm%u cta(%u,%u,%u) w%u %04x %08x %08x %s\n", w->sm->sm_id, w->cta->id.x,
            w->cta->id.y, w->cta->id.z, w->warp_in_cta, pc * HISA_INSN_BYTES, w->active, exec,
            w->sm->lc->text ? w->sm->lc->text[pc] : hisa_info_of(in->op)->mnemonic);
    pthread_mutex_unlock(&t->lock);
}
