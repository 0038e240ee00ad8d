/* report_csv.c -- the report as CSV (RFC 4180): one header line and one
 * row per kernel, copy kind, memset and host-function group (summary), or
 * per operation (--print-gpu-trace).  Every row has every column; those that
 * do not apply to a row are empty, so any CSV reader takes it as it is. */
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "columns.h"
#include "metrics.h"
#include "report.h"

/* A field, quoted when it holds a comma, quote or newline (names do). */
static void field(FILE *f, const char *s) {
    if (!strpbrk(s, ",\"\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void num(FILE *f, double v, int integer) {
    if (isnan(v))
        return;
    if (integer)
        fprintf(f, "%.0f", v);
    else
        fprintf(f, "%.6g", v);
}

static void header(FILE *f, int gpu_trace) {
    if (gpu_trace)
        fputs("start_ms,duration_ms,type,gpu,device,pid,context,stream,status,", f);
    else
        fputs("type,gpu,", f);
    fputs("name,mangled_name,grid,block,occupancy_limiter,bytes,bandwidth_gbs", f);
    for (size_t i = 0; i < hp_nkernel_columns; i++)
        fprintf(f, ",%s", hp_kernel_columns[i].name);
    /* mix_<class>_pct, the class name made an identifier (ld.global -> ld_global) */
    for (int k = 0; k < HISA_CLASS_COUNT; k++) {
        fputs(",mix_", f);
        for (const char *c = hisa_class_name((hisa_class)k); *c; c++)
            fputc(isalnum((unsigned char)*c) ? *c : '_', f);
        fputs("_pct", f);
    }
    fputc('\n', f);
}

/* name .. the mix columns of a kernel row */
static void kernel_fields(FILE *f, const hp_kernel_sum *k) {
    char g[40], b[40];
    field(f, k->name);
    fputc(',', f);
    field(f, k->mangled);
    fprintf(f, ",%s,%s,%s,,", hp_dim_text(g, sizeof g, k->grid), hp_dim_text(b, sizeof b, k->block),
            k->limiter);
    for (size_t i = 0; i < hp_nkernel_columns; i++) {
        fputc(',', f);
        num(f, hp_kernel_columns[i].get(k), hp_kernel_columns[i].integer);
    }
    for (int c = 0; c < HISA_CLASS_COUNT; c++) {
        fputc(',', f);
        num(f, hp_class_share(&k->c, c), 0);
    }
    fputc('\n', f);
}

/* name .. the mix columns of a copy, memset or host row: calls and times */
static void other_fields(FILE *f, const char *name, uint64_t bytes, double bw, const hp_stat *t) {
    field(f, name);
    fprintf(f, ",,,,,");
    if (bytes || bw > 0)
        fprintf(f, "%llu,%.6g", (unsigned long long)bytes, bw / 1e9);
    else
        fputc(',', f);
    fprintf(f, ",%llu,,%.6g,%.6g,%.6g,%.6g", (unsigned long long)t->n, t->total * 1e3,
            hp_stat_avg(t) * 1e3, t->min * 1e3, t->max * 1e3);
    for (size_t i = 6; i < hp_nkernel_columns + HISA_CLASS_COUNT; i++)
        fputc(',', f);
    fputc('\n', f);
}

void hp_report_csv(FILE *f, const hp_profile *p, const hp_summary *s, int gpu_trace) {
    header(f, gpu_trace);
    if (gpu_trace) {
        for (size_t i = 0; i < p->nops; i++) {
            const hp_op *op = &p->ops[i];
            static const char *const type[] = {"kernel", "memcpy", "memset", "host"};
            fprintf(f, "%.6f,%.6f,%s,%d,%d,%d,%llu,%llu,%s,", (double)(op->start_ns - p->t0) / 1e6,
                    hp_op_seconds(op) * 1e3, type[op->type], op->gpu, op->device, op->pid,
                    (unsigned long long)op->context, (unsigned long long)op->stream, op->status);
            if (op->type == HP_KERNEL) {
                hp_kernel_sum k;
                hp_kernel_sum_of_op(op, &k);
                kernel_fields(f, &k);
            } else {
                char name[64];
                hp_stat t = {0};
                hp_stat_add(&t, hp_op_seconds(op));
                double dur = hp_op_seconds(op);
                other_fields(f, hp_op_label(name, sizeof name, op), op->bytes,
                             dur > 0 ? (double)op->bytes / dur : 0, &t);
            }
        }
        return;
    }
    for (size_t i = 0; i < s->nkernels; i++) {
        if (!s->kernels[i].calls)
            continue;
        fprintf(f, "kernel,%d,", s->kernels[i].gpu);
        kernel_fields(f, &s->kernels[i]);
    }
    for (size_t i = 0; i < s->ncopies; i++) {
        const hp_copy_sum *c = &s->copies[i];
        int memset_row = !strcmp(c->kind, "memset");
        char name[32];
        snprintf(name, sizeof name, memset_row ? "[memset]" : "[memcpy %s]", c->kind);
        fprintf(f, "%s,%d,", memset_row ? "memset" : "memcpy", c->gpu);
        other_fields(f, name, c->bytes, hp_copy_bandwidth(c), &c->wall);
    }
    if (s->host.n) {
        fprintf(f, "host,,");
        other_fields(f, "[host function]", 0, 0, &s->host);
    }
}
