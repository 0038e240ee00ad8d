/* report_text.c -- the report a person reads: nvprof's "GPU activities"
 * table, the same table in modelled GPU time, then per kernel the metrics
 * Nsight Compute would show, the copies with their bandwidth, and the host
 * functions.  With --print-gpu-trace, nvprof's per-operation list instead. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "format.h"
#include "metrics.h"
#include "report.h"

const char *hp_op_label(char *buf, size_t n, const hp_op *op) {
    switch (op->type) {
    case HP_KERNEL: snprintf(buf, n, "%s", op->display); break;
    case HP_MEMCPY: snprintf(buf, n, "[memcpy %s]", op->kind); break;
    case HP_MEMSET: snprintf(buf, n, "[memset]"); break;
    case HP_HOST: snprintf(buf, n, "[host function]"); break;
    }
    return buf;
}

static void copy_label(char *buf, size_t n, const hp_copy_sum *c) {
    if (!strcmp(c->kind, "memset"))
        snprintf(buf, n, "[memset]");
    else
        snprintf(buf, n, "[memcpy %s]", c->kind);
}

/* ---- the summary tables ------------------------------------------------------------- */

/* One row of nvprof's table: Type, Time(%), Time, Calls, Avg, Min, Max, Name. */
static void row(FILE *f, int pid, const char *type, double pct, const hp_stat *st, double unit,
                const char *name, int gpu, int gpus, const char *note) {
    char t[32], a[32], mn[32], mx[32];
    fprintf(f, "==%d== %16s %7.2f%% %10s %9llu %10s %10s %10s  %s", pid, type, pct,
            hp_fmt_time(t, sizeof t, st->total * unit), (unsigned long long)st->n,
            hp_fmt_time(a, sizeof a, hp_stat_avg(st) * unit),
            hp_fmt_time(mn, sizeof mn, st->min * unit), hp_fmt_time(mx, sizeof mx, st->max * unit),
            name);
    if (gpus > 1)
        fprintf(f, " [GPU %d]", gpu);
    fprintf(f, "%s\n", note);
}

static int by_modelled(const void *a, const void *b) {
    const hp_kernel_sum *x = *(const hp_kernel_sum *const *)a,
                        *y = *(const hp_kernel_sum *const *)b;
    return x->modelled.total > y->modelled.total ? -1 : x->modelled.total < y->modelled.total;
}

static void header(FILE *f, int pid) {
    fprintf(f, "==%d== %16s %8s %10s %9s %10s %10s %10s  %s\n", pid, "Type", "Time(%)", "Time",
            "Calls", "Avg", "Min", "Max", "Name");
}

static void activities(FILE *f, int pid, const hp_summary *s) {
    header(f, pid);
    /* kernels and copies together, longest total first, as nvprof */
    size_t ki = 0, ci = 0;
    const char *type = "GPU activities:";
    while (ki < s->nkernels || ci < s->ncopies) {
        const hp_kernel_sum *k = ki < s->nkernels ? &s->kernels[ki] : NULL;
        const hp_copy_sum *c = ci < s->ncopies ? &s->copies[ci] : NULL;
        double total = s->activity_total > 0 ? s->activity_total : 1;
        if (k && (!c || k->wall.total >= c->wall.total)) {
            ki++;
            if (!k->calls)
                continue;
            char note[64] = "";
            if (k->faulted)
                snprintf(note, sizeof note, "  (%llu faulted)", (unsigned long long)k->faulted);
            row(f, pid, type, 100.0 * k->wall.total / total, &k->wall, 1, k->name, k->gpu, s->gpus,
                note);
        } else {
            ci++;
            char name[32];
            copy_label(name, sizeof name, c);
            row(f, pid, type, 100.0 * c->wall.total / total, &c->wall, 1, name, c->gpu, s->gpus,
                "");
        }
        type = "";
    }
    /* the same kernels in the timing model's GPU time (docs/gpu-model.md),
     * longest first */
    double modelled = 0;
    const hp_kernel_sum **order = malloc(s->nkernels * sizeof *order);
    for (size_t i = 0; order && i < s->nkernels; i++) {
        modelled += s->kernels[i].modelled.total;
        order[i] = &s->kernels[i];
    }
    if (order && s->nkernels)
        qsort(order, s->nkernels, sizeof *order, by_modelled);
    type = "Modelled time:";
    for (size_t i = 0; order && i < s->nkernels; i++) {
        const hp_kernel_sum *k = order[i];
        if (!k->calls)
            continue;
        row(f, pid, type, modelled > 0 ? 100.0 * k->modelled.total / modelled : 0, &k->modelled,
            1e-6, k->name, k->gpu, s->gpus, "");
        type = "";
    }
    free(order);
    if (s->host.n)
        row(f, pid, "Host functions:", 100.0, &s->host, 1, "[host function]", 0, 1, "");
}

/* ---- per kernel ------------------------------------------------------------------------ */

static const char *dims(char *buf, size_t n, const uint32_t d[3], int varies) {
    snprintf(buf, n, "(%u,%u,%u)%s", d[0], d[1], d[2], varies ? " (varies)" : "");
    return buf;
}

static void mix(FILE *f, const hp_counters *c) {
    /* classes by share, largest first; tiny ones left out */
    int order[HISA_CLASS_COUNT], n = 0;
    for (int k = 0; k < HISA_CLASS_COUNT; k++)
        if (c->warp_class[k])
            order[n++] = k;
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && c->warp_class[order[j]] > c->warp_class[order[j - 1]]; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    int shown = 0;
    for (int i = 0; i < n; i++) {
        double share = hp_class_share(c, order[i]);
        if (share < 0.05)
            continue;
        fprintf(f, "%s%s %.1f%%", shown++ ? ", " : "", hisa_class_name((hisa_class)order[i]),
                share);
    }
    fprintf(f, "%s\n", shown ? "" : "-");
}

static void global_line(FILE *f, const char *what, double eff, uint64_t bytes, uint64_t sectors,
                        uint64_t requests) {
    char p[16], b[32], m[32], s[32], r[32];
    if (!requests) {
        fprintf(f, "    %-24s -  (no %s)\n", what,
                strstr(what, "load") ? "global loads" : "global stores");
        return;
    }
    fprintf(f, "    %-24s %s  (%s requested, %s moved in %s 32-byte sectors; %s requests)\n", what,
            hp_fmt_pct(p, sizeof p, eff), hp_fmt_bytes(b, sizeof b, (double)bytes),
            hp_fmt_bytes(m, sizeof m, 32.0 * (double)sectors), hp_fmt_count(s, sizeof s, sectors),
            hp_fmt_count(r, sizeof r, requests));
}

static void kernel_metrics(FILE *f, const hp_kernel_sum *k) {
    char a[48], b[48], c[48], d[48];
    const hp_counters *ct = &k->c;
    fprintf(f, "  %s  [GPU %d, %llu call%s", k->name, k->gpu, (unsigned long long)k->calls,
            k->calls == 1 ? "" : "s");
    if (k->faulted)
        fprintf(f, ", %llu faulted", (unsigned long long)k->faulted);
    fprintf(f, "]\n");
    fprintf(f, "    %-24s grid %s  block %s  %u registers/thread\n", "Launch",
            dims(a, sizeof a, k->grid, k->grid_varies),
            dims(b, sizeof b, k->block, k->block_varies), k->regs);
    fprintf(f, "    %-24s %u B static + %u B dynamic%s per block;  local %u B per thread\n",
            "Shared memory", k->static_shared, k->dyn_shared, k->dyn_varies ? " (varies)" : "",
            k->local_bytes);
    fprintf(f, "    %-24s avg %s  min %s  max %s  total %s\n", "Modelled time",
            hp_fmt_time(a, sizeof a, hp_stat_avg(&k->modelled) * 1e-6),
            hp_fmt_time(b, sizeof b, k->modelled.min * 1e-6),
            hp_fmt_time(c, sizeof c, k->modelled.max * 1e-6),
            hp_fmt_time(d, sizeof d, k->modelled.total * 1e-6));
    fprintf(f, "    %-24s avg %s  min %s  max %s  total %s\n", "Emulator time",
            hp_fmt_time(a, sizeof a, hp_stat_avg(&k->wall)), hp_fmt_time(b, sizeof b, k->wall.min),
            hp_fmt_time(c, sizeof c, k->wall.max), hp_fmt_time(d, sizeof d, k->wall.total));
    double theo = k->calls ? 100.0 * k->theo_sum / (double)k->calls : NAN;
    double ach = k->achieved_weight > 0 ? 100.0 * k->achieved / k->achieved_weight : NAN;
    fprintf(f, "    %-24s theoretical %s (%u block%s/SM, limited by %s%s)  achieved %s\n",
            "Occupancy", hp_fmt_pct(a, sizeof a, theo), k->bps_min, k->bps_min == 1 ? "" : "s",
            k->limiter[0] ? k->limiter : "-", k->limiter_varies ? ", varies" : "",
            hp_fmt_pct(b, sizeof b, ach));
    fprintf(f, "    %-24s %s  (active lanes per warp instruction)\n", "Warp exec efficiency",
            hp_fmt_pct(a, sizeof a, hp_warp_exec_efficiency(ct)));
    fprintf(f, "    %-24s %s  (%s of %s branches diverged)\n", "Branch divergence",
            hp_fmt_pct(a, sizeof a, hp_branch_divergence(ct)),
            hp_fmt_count(b, sizeof b, ct->divergent_branches),
            hp_fmt_count(c, sizeof c, ct->branches));
    global_line(f, "Global load efficiency", hp_gld_efficiency(ct), ct->gld_bytes, ct->gld_sectors,
                ct->gld_requests);
    global_line(f, "Global store efficiency", hp_gst_efficiency(ct), ct->gst_bytes, ct->gst_sectors,
                ct->gst_requests);
    if (ct->shared_requests) {
        double wpr = hp_wavefronts_per_request(ct);
        fprintf(f, "    %-24s %s  (%s wavefronts for %s requests: %.2f per request)\n",
                "Shared bank conflicts", hp_fmt_count(a, sizeof a, hp_bank_conflicts(ct)),
                hp_fmt_count(b, sizeof b, ct->shared_wavefronts),
                hp_fmt_count(c, sizeof c, ct->shared_requests), wpr);
    } else {
        fprintf(f, "    %-24s -  (no shared-memory accesses)\n", "Shared bank conflicts");
    }
    fprintf(f,
            "    %-24s %s  (of warp time, waiting at barriers for slower warps; %s warp waits)\n",
            "Barrier stall", hp_fmt_pct(a, sizeof a, hp_barrier_stall_share(ct)),
            hp_fmt_count(b, sizeof b, ct->barriers));
    fprintf(f, "    %-24s %s warp, %s thread;  %s atomic lane operations\n", "Instructions",
            hp_fmt_count(a, sizeof a, ct->warp_insts), hp_fmt_count(b, sizeof b, ct->thread_insts),
            hp_fmt_count(c, sizeof c, ct->atomics));
    fprintf(f, "    %-24s ", "Instruction mix");
    mix(f, ct);
}

static void copies(FILE *f, int pid, const hp_summary *s) {
    fprintf(f, "==%d== Memory copies and sets:\n", pid);
    fprintf(f, "    %-8s %4s %9s %12s %12s %12s\n", "Kind", "GPU", "Count", "Bytes", "Time",
            "Bandwidth");
    for (size_t i = 0; i < s->ncopies; i++) {
        const hp_copy_sum *c = &s->copies[i];
        char b[32], t[32], r[32];
        fprintf(f, "    %-8s %4d %9llu %12s %12s %12s\n", c->kind, c->gpu,
                (unsigned long long)c->count, hp_fmt_bytes(b, sizeof b, (double)c->bytes),
                hp_fmt_time(t, sizeof t, c->wall.total),
                hp_fmt_rate(r, sizeof r, hp_copy_bandwidth(c)));
    }
}

static void devices(FILE *f, int pid, const hp_profile *p) {
    int shown[64], n = 0;
    for (size_t i = 0; i < p->ndevs; i++) {
        const hp_device *d = &p->devs[i];
        int seen = 0;
        for (int k = 0; k < n; k++)
            seen |= shown[k] == d->gpu;
        if (seen || n == 64)
            continue;
        shown[n++] = d->gpu;
        fprintf(f,
                "==%d== GPU %d: %s (preset %s: %u SMs, %u warps/SM, %u MHz), emulated on %u host "
                "thread%s\n",
                pid, d->gpu, d->name, d->preset, d->sm_count, d->max_warps_per_sm, d->clock_mhz,
                d->host_threads, d->host_threads == 1 ? "" : "s");
    }
}

static void summary(FILE *f, int pid, const hp_profile *p, const hp_summary *s) {
    int kernels = 0;
    for (size_t i = 0; i < s->nkernels; i++)
        kernels += s->kernels[i].calls > 0;
    if (!kernels && !s->ncopies) {
        fprintf(f, "==%d== No kernels or copies were profiled.\n", pid);
        return;
    }
    activities(f, pid, s);
    if (kernels) {
        fprintf(f, "==%d== Kernel metrics (docs/hiprof.md defines each):\n", pid);
        for (size_t i = 0; i < s->nkernels; i++)
            if (s->kernels[i].calls)
                kernel_metrics(f, &s->kernels[i]);
    }
    if (s->ncopies)
        copies(f, pid, s);
    (void)p;
}

/* ---- --print-gpu-trace ------------------------------------------------------------------ */

static void gpu_trace(FILE *f, int pid, const hp_profile *p) {
    fprintf(f, "==%d== %10s %10s %10s %16s %14s %5s %8s %8s %10s %11s %4s %6s  %s\n", pid, "Start",
            "Duration", "Modelled", "Grid Size", "Block Size", "Regs", "SSMem", "DSMem", "Size",
            "Throughput", "GPU", "Stream", "Name");
    for (size_t i = 0; i < p->nops; i++) {
        const hp_op *op = &p->ops[i];
        if (op->type == HP_HOST)
            continue;
        char st[32], du[32], mo[32] = "-", g[40] = "-", b[40] = "-", rg[16] = "-", ss[32] = "-",
                             ds[32] = "-", sz[32] = "-", tp[32] = "-", name[512];
        double dur = hp_op_seconds(op);
        hp_fmt_time(st, sizeof st, (double)(op->start_ns - p->t0) / 1e9);
        hp_fmt_time(du, sizeof du, dur);
        if (op->type == HP_KERNEL) {
            hp_fmt_time(mo, sizeof mo, op->modelled_us * 1e-6);
            snprintf(g, sizeof g, "(%u %u %u)", op->grid[0], op->grid[1], op->grid[2]);
            snprintf(b, sizeof b, "(%u %u %u)", op->block[0], op->block[1], op->block[2]);
            snprintf(rg, sizeof rg, "%u", op->regs);
            hp_fmt_bytes(ss, sizeof ss, op->static_shared);
            hp_fmt_bytes(ds, sizeof ds, op->dyn_shared);
        } else {
            hp_fmt_bytes(sz, sizeof sz, (double)op->bytes);
            hp_fmt_rate(tp, sizeof tp, dur > 0 ? (double)op->bytes / dur : 0);
        }
        hp_op_label(name, sizeof name, op);
        fprintf(f, "==%d== %10s %10s %10s %16s %14s %5s %8s %8s %10s %11s %4d %6llu  %s%s%s\n", pid,
                st, du, mo, g, b, rg, ss, ds, sz, tp, op->gpu, (unsigned long long)op->stream, name,
                hp_op_ok(op) ? "" : "  ", hp_op_ok(op) ? "" : op->status);
    }
}

void hp_report_text(FILE *f, const hp_run_info *ri, const hp_profile *p, const hp_summary *s,
                    int gpu_trace_mode) {
    int pid = ri->pid ? ri->pid : (p->npids ? p->pids[0] : 0);
    fprintf(f, "==%d== Profiling application: %s\n", pid, ri->command);
    fprintf(
        f,
        "==%d== Profiling result (times are emulator wall time; \"Modelled time\" is the GPU time"
        " the timing model predicts):\n",
        pid);
    devices(f, pid, p);
    if (gpu_trace_mode)
        gpu_trace(f, pid, p);
    else
        summary(f, pid, p, s);
    size_t skipped = 0, faulted = 0;
    for (size_t i = 0; i < p->nops; i++) {
        skipped += !hp_op_ran(&p->ops[i]);
        faulted += hp_op_ran(&p->ops[i]) && !hp_op_ok(&p->ops[i]);
    }
    if (faulted || skipped)
        fprintf(f,
                "==%d== %zu operation%s faulted; %zu later operation%s never ran (the context's "
                "sticky error).\n",
                pid, faulted, faulted == 1 ? "" : "s", skipped, skipped == 1 ? "" : "s");
    if (p->bad_lines)
        fprintf(
            f,
            "==%d== %zu record line%s could not be read (the program was killed while writing?)\n",
            pid, p->bad_lines, p->bad_lines == 1 ? "" : "s");
    if (ri->signaled)
        fprintf(
            f,
            "==%d== The program was killed by signal %d; the profile covers the run up to then.\n",
            pid, ri->sig);
    else if (ri->exited && ri->code)
        fprintf(f, "==%d== The program exited with status %d.\n", pid, ri->code);
}
