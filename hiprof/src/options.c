/* options.c -- parsing hiprof's command line.  The options table below is
 * the only list of options: getopt_long's table and --help are built from
 * it, so the two cannot disagree. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

enum {
    OPT_HELP = 'h',
    OPT_LOG = 'o',
    OPT_VERSION = 0x100,
    OPT_CSV,
    OPT_JSON,
    OPT_GPU_TRACE,
    OPT_TRACE,
    OPT_TRACE_BLOCKS,
    OPT_WARP_TRACE,
    OPT_KERNEL,
    OPT_RECORDS,
    OPT_IMPORT,
};

typedef struct opt_def {
    const char *name;
    int has_arg;
    int id;
    const char *arg, *help;
} opt_def;

static const opt_def opts[] = {
    {"help", no_argument, OPT_HELP, NULL, "print this help and exit"},
    {"version", no_argument, OPT_VERSION, NULL, "print hiprof's version and exit"},
    {"csv", no_argument, OPT_CSV, NULL,
     "print the report as CSV (one header line, one row per activity)"},
    {"json", no_argument, OPT_JSON, NULL, "print the report as one JSON document"},
    {"print-gpu-trace", no_argument, OPT_GPU_TRACE, NULL,
     "list every kernel, copy and memset in time order instead of the summary"},
    {"log-file", required_argument, OPT_LOG, "FILE", "write the report to FILE instead of stderr"},
    {"trace", required_argument, OPT_TRACE, "FILE",
     "write a Chrome trace-event timeline (kernels, copies, streams, blocks per SM) for Perfetto"},
    {"trace-blocks", required_argument, OPT_TRACE_BLOCKS, "N",
     "blocks per launch shown on the timeline's SM rows (default 65536, 0: none)"},
    {"warp-trace", required_argument, OPT_WARP_TRACE, "FILE",
     "write the per-warp instruction trace (one line per warp instruction) to FILE"},
    {"kernel", required_argument, OPT_KERNEL, "NAME",
     "with --warp-trace: only kernel NAME (plain, demangled or mangled name)"},
    {"records", required_argument, OPT_RECORDS, "FILE", "keep the raw profile records in FILE"},
    {"import", required_argument, OPT_IMPORT, "FILE",
     "report on a records file written by --records; runs no program"},
};
enum { NOPTS = sizeof opts / sizeof *opts };

static void usage(FILE *f) {
    fprintf(f, "Usage: hiprof [options] program [program arguments]\n"
               "       hiprof [options] --import FILE\n"
               "Runs a HiGPU program and reports what its kernels and copies did, like nvprof.\n"
               "The report goes to stderr; the program's own output is untouched.\n\nOptions:\n");
    for (int i = 0; i < NOPTS; i++) {
        char left[64], shortopt[8] = "    ";
        if (opts[i].id < 0x100)
            snprintf(shortopt, sizeof shortopt, "-%c, ", opts[i].id);
        snprintf(left, sizeof left, "%s--%s%s%s", shortopt, opts[i].name, opts[i].arg ? " " : "",
                 opts[i].arg ? opts[i].arg : "");
        fprintf(f, "  %-26s %s\n", left, opts[i].help);
    }
    fprintf(f,
            "\nExit status: the program's (128+N if signal N ended it); 2 for a bad command line.\n"
            "docs/hiprof.md defines every metric.\n");
}

static int parse_u32(const char *opt, const char *v, uint32_t *out) {
    char *end;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    if (!*v || *end || errno || x > UINT32_MAX || v[0] == '-') {
        fprintf(stderr, "hiprof: --%s needs a number from 0 to %u, not '%s'\n", opt, UINT32_MAX, v);
        return -1;
    }
    *out = (uint32_t)x;
    return 0;
}

hp_parse hp_options_parse(int argc, char **argv, hp_options *o) {
    *o = (hp_options){.format = HP_TEXT, .trace_blocks = 65536};
    struct option lo[NOPTS + 1];
    char shorts[2 * NOPTS + 3] = "+:"; /* stop at the program; ':' reports a missing argument */
    for (int i = 0; i < NOPTS; i++) {
        lo[i] = (struct option){opts[i].name, opts[i].has_arg, NULL, opts[i].id};
        if (opts[i].id < 0x100) {
            size_t n = strlen(shorts);
            shorts[n] = (char)opts[i].id;
            shorts[n + 1] = opts[i].has_arg ? ':' : '\0';
            shorts[n + 2] = '\0';
        }
    }
    lo[NOPTS] = (struct option){0, 0, 0, 0};
    int formats = 0;
    opterr = 0;
    optind = 1;
    for (;;) {
        int c = getopt_long(argc, argv, shorts, lo, NULL);
        if (c == -1)
            break;
        switch (c) {
        case OPT_HELP: usage(stdout); return HP_PARSE_EXIT;
        case OPT_VERSION: printf("hiprof %s\n", HIPROF_VERSION); return HP_PARSE_EXIT;
        case OPT_CSV:
            o->format = HP_CSV;
            formats |= 1;
            break;
        case OPT_JSON:
            o->format = HP_JSON;
            formats |= 2;
            break;
        case OPT_GPU_TRACE: o->gpu_trace = 1; break;
        case OPT_LOG: o->log_file = optarg; break;
        case OPT_TRACE: o->trace = optarg; break;
        case OPT_TRACE_BLOCKS:
            if (parse_u32("trace-blocks", optarg, &o->trace_blocks))
                return HP_PARSE_ERROR;
            break;
        case OPT_WARP_TRACE: o->warp_trace = optarg; break;
        case OPT_KERNEL: o->kernel = optarg; break;
        case OPT_RECORDS: o->records = optarg; break;
        case OPT_IMPORT: o->import = optarg; break;
        case ':':
            fprintf(stderr, "hiprof: option '%s' needs an argument (see hiprof --help)\n",
                    argv[optind - 1]);
            return HP_PARSE_ERROR;
        default:
            if (optopt && strchr(argv[optind - 1], '='))
                fprintf(stderr, "hiprof: option '%s' takes no argument (see hiprof --help)\n",
                        argv[optind - 1]);
            else
                fprintf(stderr, "hiprof: unknown option '%s' (see hiprof --help)\n",
                        argv[optind - 1]);
            return HP_PARSE_ERROR;
        }
    }
    if (formats == 3) {
        fprintf(stderr, "hiprof: --csv and --json exclude each other\n");
        return HP_PARSE_ERROR;
    }
    if (o->kernel && !o->warp_trace) {
        fprintf(stderr, "hiprof: --kernel selects the kernel of --warp-trace, which is missing\n");
        return HP_PARSE_ERROR;
    }
    if (o->import) {
        if (optind < argc) {
            fprintf(stderr,
                    "hiprof: --import reports on a file and runs no program, but '%s' was given\n",
                    argv[optind]);
            return HP_PARSE_ERROR;
        }
        if (o->warp_trace || o->records) {
            fprintf(stderr, "hiprof: --%s needs a program to run, not --import\n",
                    o->warp_trace ? "warp-trace" : "records");
            return HP_PARSE_ERROR;
        }
        return HP_PARSE_OK;
    }
    if (optind >= argc) {
        fprintf(stderr, "hiprof: no program to profile (usage: hiprof [options] program [args])\n");
        return HP_PARSE_ERROR;
    }
    o->argv = argv + optind;
    return HP_PARSE_OK;
}
