/* hiprof -- a profiler for HiGPU programs in the spirit of nvprof / Nsight.
 *
 *   hiprof [options] ./program args...
 *
 * runs the program with HI_PROF_OUT pointing at a records file, which
 * libhcrt fills with one record per completed GPU operation (prof.c in the
 * runtime), then reads the records and reports: a summary (nvprof's "GPU
 * activities" plus per-kernel metrics), CSV or JSON, a per-operation list,
 * a Chrome trace timeline, and the per-warp instruction trace of a kernel.
 * docs/hiprof.md is the manual. */
#define _GNU_SOURCE /* asprintf */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demangle.h"
#include "options.h"
#include "records.h"
#include "report.h"
#include "run.h"
#include "summary.h"
#include "timeline.h"
#include "warptrace.h"

/* The command line as one string, arguments with spaces quoted. */
static char *command_text(char **argv) {
    size_t len = 1;
    for (char **a = argv; *a; a++)
        len += strlen(*a) * 2 + 3;
    char *s = malloc(len), *p = s;
    if (!s)
        return NULL;
    *p = '\0';
    for (char **a = argv; *a; a++) {
        int quote = !**a || strpbrk(*a, " \t\"'");
        p += sprintf(p, "%s%s", a == argv ? "" : " ", quote ? "'" : "");
        for (const char *c = *a; *c; c++) {
            if (*c == '\'' && quote)
                p += sprintf(p, "'\\''");
            else
                *p++ = *c;
        }
        *p = '\0';
        if (quote)
            p += sprintf(p, "'");
    }
    return s;
}

/* A temporary file for hiprof's own use (records, raw warp trace). */
static char *temp_file(const char *what) {
    const char *dir = getenv("TMPDIR");
    char *path;
    if (asprintf(&path, "%s/hiprof-%s-XXXXXX", dir && *dir ? dir : "/tmp", what) < 0)
        return NULL;
    int fd = mkstemp(path);
    if (fd < 0) {
        fprintf(stderr, "hiprof: cannot create a temporary file in %s: %m\n",
                dir && *dir ? dir : "/tmp");
        free(path);
        return NULL;
    }
    close(fd);
    return path;
}

/* Empties a file the program will append to. */
static int truncate_file(const char *path, const char *what) {
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "hiprof: cannot write the %s file %s: %m\n", what, path);
        return -1;
    }
    fclose(f);
    return 0;
}

typedef struct session {
    hp_options o;
    hp_run_info ri;
    char *command;
    char *records, *raw_trace; /* owned temporary files (NULL: none) */
    const char *records_path;
    FILE *out;
    int status; /* hiprof's exit status */
} session;

static int run_program(session *s) {
    s->records_path = s->o.records;
    if (!s->records_path) {
        if (!(s->records = temp_file("records")))
            return -1;
        s->records_path = s->records;
    } else if (truncate_file(s->records_path, "records")) {
        return -1;
    }
    hp_child_env env = {.records = s->records_path, .blocks = s->o.trace ? s->o.trace_blocks : 0};
    if (s->o.warp_trace) {
        if (s->o.kernel) {
            if (!(s->raw_trace = temp_file("warp-trace")))
                return -1;
            env.warp_trace = s->raw_trace;
            env.kernel = s->o.kernel;
        } else {
            if (truncate_file(s->o.warp_trace, "warp trace"))
                return -1;
            env.warp_trace = s->o.warp_trace;
        }
    }
    char err[512];
    FILE *banner = s->o.format == HP_TEXT ? s->out : NULL;
    if (hp_run(s->o.argv, &env, banner, &s->ri, &s->status, err, sizeof err) != 0) {
        fprintf(stderr, "hiprof: %s\n", err);
        return -1;
    }
    return 0;
}

/* The warp trace of --kernel: keep its launches; say so if there were none. */
static void finish_warp_trace(session *s, const hp_profile *p) {
    if (!s->o.warp_trace)
        return;
    int pid = s->ri.pid;
    if (!s->o.kernel) {
        fprintf(s->out, "==%d== Warp trace written to %s\n", pid, s->o.warp_trace);
        return;
    }
    char err[512];
    size_t kept;
    if (hp_warptrace_filter(s->raw_trace, s->o.warp_trace, p, &kept, err, sizeof err)) {
        fprintf(stderr, "hiprof: %s\n", err);
        s->status = s->status ? s->status : 1;
        return;
    }
    if (kept) {
        fprintf(s->out, "==%d== Warp trace of %zu launch%s of '%s' written to %s\n", pid, kept,
                kept == 1 ? "" : "es", s->o.kernel, s->o.warp_trace);
        return;
    }
    fprintf(stderr,
            "hiprof: no launch of a kernel named '%s' was traced; kernels that ran:", s->o.kernel);
    int any = 0;
    for (size_t i = 0; i < p->nops; i++) {
        if (p->ops[i].type != HP_KERNEL)
            continue;
        int dup = 0;
        for (size_t k = 0; k < i; k++)
            dup |= p->ops[k].type == HP_KERNEL && !strcmp(p->ops[k].name, p->ops[i].name);
        if (!dup)
            fprintf(stderr, "%s '%s'", any++ ? "," : "", p->ops[i].display);
    }
    fprintf(stderr, "%s\n", any ? "" : " none");
}

static int report(session *s, const hp_profile *p) {
    hp_summary sum;
    if (hp_summarise(p, &sum) != 0) {
        fprintf(stderr, "hiprof: out of memory\n");
        return -1;
    }
    int rc = 0;
    switch (s->o.format) {
    case HP_TEXT: hp_report_text(s->out, &s->ri, p, &sum, s->o.gpu_trace); break;
    case HP_CSV: hp_report_csv(s->out, p, &sum, s->o.gpu_trace); break;
    case HP_JSON: rc = hp_report_json(s->out, &s->ri, p, &sum, s->o.gpu_trace); break;
    }
    hp_summary_free(&sum);
    if (rc)
        fprintf(stderr, "hiprof: out of memory\n");
    return rc;
}

int main(int argc, char **argv) {
    session s = {.out = stderr};
    switch (hp_options_parse(argc, argv, &s.o)) {
    case HP_PARSE_EXIT: return 0;
    case HP_PARSE_ERROR: return 2;
    case HP_PARSE_OK: break;
    }
    /* enough digits for ns-exact microsecond timestamps, no noise digits */
    json_c_set_serialization_double_format("%.10g", JSON_C_OPTION_GLOBAL);
    if (s.o.log_file && !(s.out = fopen(s.o.log_file, "w"))) {
        fprintf(stderr, "hiprof: cannot write the log file %s: %m\n", s.o.log_file);
        return 2;
    }
    if (s.o.import) {
        if (asprintf(&s.command, "(records from %s)", s.o.import) < 0)
            s.command = NULL;
        s.records_path = s.o.import;
    } else {
        s.command = command_text(s.o.argv);
    }
    s.ri.command = s.command ? s.command : "?";
    if (!s.o.import && run_program(&s) != 0) {
        s.status = s.status ? s.status : 1;
        goto out;
    }
    hp_profile p;
    char err[512];
    if (hp_profile_read(s.records_path, &p, err, sizeof err) != 0) {
        fprintf(stderr, "hiprof: %s\n", err);
        s.status = s.status ? s.status : 1;
        goto out;
    }
    if (report(&s, &p) != 0)
        s.status = s.status ? s.status : 1;
    if (s.o.trace) {
        if (hp_timeline_write(s.o.trace, &p, err, sizeof err) != 0) {
            fprintf(stderr, "hiprof: %s\n", err);
            s.status = s.status ? s.status : 1;
        } else if (s.o.format == HP_TEXT) {
            fprintf(
                s.out,
                "==%d== Timeline written to %s (open it in ui.perfetto.dev or chrome://tracing)\n",
                s.ri.pid, s.o.trace);
        }
    }
    finish_warp_trace(&s, &p);
    hp_profile_free(&p);
out:
    if (s.records)
        unlink(s.records);
    if (s.raw_trace)
        unlink(s.raw_trace);
    free(s.records);
    free(s.raw_trace);
    free(s.command);
    hp_demangle_free();
    if (s.out != stderr && fclose(s.out) != 0) {
        fprintf(stderr, "hiprof: cannot write the log file %s: %m\n", s.o.log_file);
        s.status = s.status ? s.status : 1;
    }
    return s.status;
}
