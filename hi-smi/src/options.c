/* options.c -- hi-smi's command line, nvidia-smi's spelling.
 *
 *   hi-smi [-i ID] [-L | -q [-d TYPES] | --query-gpu=F | --query-compute-apps=F
 *           --format=csv[,noheader][,nounits] | --json] [-l SEC | -lms MS]
 *   hi-smi dmon [-i ID] [-d SEC] [-c N] [-s pucm]
 *   hi-smi pmon [-i ID] [-d SEC] [-c N] [-s um]
 *   hi-smi topo -m
 *
 * Every bad option or value is one line on stderr and exit code 2. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smi.h"

void smi_usage(FILE *f) {
    fputs("HI-SMI -- the HiGPU System Management Interface (nvidia-smi for HiGPU)\n"
          "\n"
          "hi-smi [OPTION]...              show the GPUs of the node ($HI_NODE_DIR)\n"
          "\n"
          "    -h,   --help                this text\n"
          "          --version             versions of hi-smi, libhiml and the driver\n"
          "    -L,   --list-gpus           one line per GPU: index, name, UUID\n"
          "    -i,   --id=ID[,ID...]       only these GPUs: index, UUID or PCI bus id\n"
          "    -q,   --query               every property of the GPUs\n"
          "    -d,   --display=TYPES       with -q, only these sections: MEMORY,\n"
          "                                UTILIZATION, ECC, TEMPERATURE, POWER, CLOCK,\n"
          "                                COMPUTE, PIDS, PERFORMANCE, and HiGPU's\n"
          "                                ENGINES, FAULTS, LINKS\n"
          "          --query-gpu=FIELDS    CSV of the named properties (--help-query-gpu)\n"
          "          --query-compute-apps=FIELDS\n"
          "                                CSV of the processes using the GPUs\n"
          "                                (--help-query-compute-apps)\n"
          "          --format=csv[,noheader][,nounits]\n"
          "                                required with the two --query options\n"
          "          --json                everything as JSON (a HiGPU extra)\n"
          "    -l,   --loop=SEC            repeat every SEC seconds until Ctrl+C\n"
          "    -lms, --loop-ms=MS          repeat every MS milliseconds until Ctrl+C\n"
          "\n"
          "hi-smi dmon [-i ID] [-d SEC] [-c N] [-s pucm]\n"
          "                                one line per GPU per interval: p power and\n"
          "                                temperature, u utilisation, c clocks, m memory\n"
          "hi-smi pmon [-i ID] [-d SEC] [-c N] [-s um]\n"
          "                                one line per process per interval\n"
          "hi-smi topo -m                  how the GPUs reach each other, with a legend\n"
          "\n"
          "Power and temperature are modelled from the GPU's activity (HiGPU has no\n"
          "sensors): see docs/telemetry.md.  hi-smi reads the node through libhiml and\n"
          "never changes it.  Exit codes: 0 ok, 2 bad arguments, 4 no permission,\n"
          "6 no such GPU, 9 no HiGPU node, 15 GPU files unreadable.\n",
          f);
}

static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int bad(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("hi-smi: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return SMI_EXIT_USAGE;
}

/* A whole number within [lo, hi]. */
static int number(const char *opt, const char *v, long lo, long hi, long *out) {
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (!*v || *end || errno || x < lo || x > hi)
        return bad("%s: '%s' is not a whole number from %ld to %ld", opt, v, lo, hi);
    *out = x;
    return SMI_EXIT_OK;
}

static const struct {
    const char *name;
    unsigned bit;
} display_types[] = {
    {"MEMORY", SMI_D_MEMORY},
    {"UTILIZATION", SMI_D_UTILIZATION},
    {"ECC", SMI_D_ECC},
    {"TEMPERATURE", SMI_D_TEMPERATURE},
    {"POWER", SMI_D_POWER},
    {"CLOCK", SMI_D_CLOCK},
    {"COMPUTE", SMI_D_COMPUTE},
    {"PIDS", SMI_D_PIDS},
    {"PERFORMANCE", SMI_D_PERFORMANCE},
    {"ENGINES", SMI_D_ENGINES},
    {"FAULTS", SMI_D_FAULTS},
    {"LINKS", SMI_D_LINKS},
};

static int parse_display(const char *v, unsigned *out) {
    char buf[512];
    if (strlen(v) >= sizeof buf || !*v)
        return bad("-d: '%s' is not a list of display types", v);
    strcpy(buf, v);
    *out = 0;
    for (char *save, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        unsigned bit = 0;
        for (size_t i = 0; i < sizeof display_types / sizeof display_types[0] && !bit; i++)
            if (strcasecmp(t, display_types[i].name) == 0)
                bit = display_types[i].bit;
        if (!bit)
            return bad("-d: unknown display type '%s' (see hi-smi --help)", t);
        *out |= bit;
    }
    return SMI_EXIT_OK;
}

static int parse_format(const char *v, smi_opts *o) {
    char buf[128];
    if (strlen(v) >= sizeof buf)
        return bad("--format: '%s' is not csv[,noheader][,nounits]", v);
    strcpy(buf, v);
    int csv = 0;
    for (char *save, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        if (strcmp(t, "csv") == 0)
            csv = 1;
        else if (strcmp(t, "noheader") == 0)
            o->noheader = 1;
        else if (strcmp(t, "nounits") == 0)
            o->nounits = 1;
        else
            return bad("--format: unknown format option '%s' (csv, noheader, nounits)", t);
    }
    if (!csv)
        return bad("--format: '%s' must include csv", v);
    o->format_set = 1;
    return SMI_EXIT_OK;
}

/* One mode per run: the second mode option is an error. */
static int set_mode(smi_opts *o, smi_mode m, const char *opt) {
    if (o->mode != SMI_TABLE && o->mode != m)
        return bad("%s cannot be combined with %s", opt, o->mode_opt);
    o->mode = m;
    o->mode_opt = opt;
    return SMI_EXIT_OK;
}

enum {
    OPT_VERSION = 256,
    OPT_QUERY_GPU,
    OPT_QUERY_APPS,
    OPT_FORMAT,
    OPT_HELP_QUERY_GPU,
    OPT_HELP_QUERY_APPS,
    OPT_JSON,
    OPT_LOOP_MS,
};

/* The option getopt just complained about, for messages: optopt names a
 * short one, otherwise it is the argument before optind. */
static const char *culprit(char **argv, int idx) {
    static char shortopt[3] = "-?";
    if (optopt) {
        shortopt[1] = (char)optopt;
        return shortopt;
    }
    return argv[idx > 1 ? idx - 1 : 1];
}

static int parse_main(int argc, char **argv, smi_opts *o) {
    static const struct option longs[] = {
        {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, OPT_VERSION},
        {"list-gpus", no_argument, 0, 'L'},
        {"id", required_argument, 0, 'i'},
        {"query", no_argument, 0, 'q'},
        {"display", required_argument, 0, 'd'},
        {"query-gpu", required_argument, 0, OPT_QUERY_GPU},
        {"query-compute-apps", required_argument, 0, OPT_QUERY_APPS},
        {"format", required_argument, 0, OPT_FORMAT},
        {"help-query-gpu", no_argument, 0, OPT_HELP_QUERY_GPU},
        {"help-query-compute-apps", no_argument, 0, OPT_HELP_QUERY_APPS},
        {"json", no_argument, 0, OPT_JSON},
        {"loop", required_argument, 0, 'l'},
        {"loop-ms", required_argument, 0, OPT_LOOP_MS},
        {0, 0, 0, 0},
    };
    int c, rc = SMI_EXIT_OK;
    long v;
    unsigned display = 0;
    opterr = 0;
    while (rc == SMI_EXIT_OK && (c = getopt_long(argc, argv, ":hLi:qd:l:x", longs, NULL)) != -1) {
        switch (c) {
        case 'h': rc = set_mode(o, SMI_HELP, "--help"); break;
        case OPT_VERSION: rc = set_mode(o, SMI_VERSION, "--version"); break;
        case 'L': rc = set_mode(o, SMI_LIST, "-L"); break;
        case 'i': o->ids = optarg; break;
        case 'q': rc = set_mode(o, SMI_QUERY, "-q"); break;
        case 'd': rc = parse_display(optarg, &display); break;
        case OPT_QUERY_GPU:
            rc = set_mode(o, SMI_QUERY_GPU, "--query-gpu");
            o->fields = optarg;
            break;
        case OPT_QUERY_APPS:
            rc = set_mode(o, SMI_QUERY_APPS, "--query-compute-apps");
            o->fields = optarg;
            break;
        case OPT_FORMAT: rc = parse_format(optarg, o); break;
        case OPT_HELP_QUERY_GPU: rc = set_mode(o, SMI_HELP_QUERY_GPU, "--help-query-gpu"); break;
        case OPT_HELP_QUERY_APPS:
            rc = set_mode(o, SMI_HELP_QUERY_APPS, "--help-query-compute-apps");
            break;
        case OPT_JSON: rc = set_mode(o, SMI_JSON, "--json"); break;
        case 'l':
            if ((rc = number("-l", optarg, 1, 86400, &v)) == SMI_EXIT_OK)
                o->loop_ms = v * 1000;
            break;
        case OPT_LOOP_MS:
            if ((rc = number("-lms", optarg, 1, 86400000, &v)) == SMI_EXIT_OK)
                o->loop_ms = v;
            break;
        case 'x': rc = bad("-x (XML output) is not supported; use --json"); break;
        case ':': rc = bad("%s needs a value (see hi-smi --help)", culprit(argv, optind)); break;
        default: rc = bad("unknown option '%s' (see hi-smi --help)", culprit(argv, optind));
        }
    }
    if (rc != SMI_EXIT_OK)
        return rc;
    if (optind < argc)
        return bad("unexpected argument '%s' (see hi-smi --help)", argv[optind]);
    if (display && o->mode != SMI_QUERY)
        return bad("-d selects sections of -q; use it with -q");
    o->display = display;
    int query = o->mode == SMI_QUERY_GPU || o->mode == SMI_QUERY_APPS;
    if (query && !o->format_set)
        return bad("%s needs --format=csv[,noheader][,nounits]", o->mode_opt);
    if (!query && o->format_set)
        return bad("--format applies to --query-gpu and --query-compute-apps only");
    if (o->loop_ms && o->mode != SMI_TABLE && o->mode != SMI_QUERY && !query && o->mode != SMI_JSON)
        return bad("-l/-lms repeat the table, -q, --query-* or --json, not %s", o->mode_opt);
    return query ? smi_check_fields(o) : SMI_EXIT_OK;
}

/* dmon and pmon share their options: -i, -d SEC, -c N, -s METRICS. */
static int parse_monitor(int argc, char **argv, smi_opts *o, const char *cmd, const char *metrics) {
    static const struct option longs[] = {{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c, rc = SMI_EXIT_OK;
    opterr = 0;
    o->delay_s = 1;
    while (rc == SMI_EXIT_OK && (c = getopt_long(argc, argv, ":hi:d:c:s:", longs, NULL)) != -1) {
        switch (c) {
        case 'h': o->mode = SMI_HELP; return SMI_EXIT_OK;
        case 'i': o->ids = optarg; break;
        case 'd': rc = number("-d", optarg, 1, 10, &o->delay_s); break;
        case 'c': rc = number("-c", optarg, 1, 1000000000, &o->count); break;
        case 's':
            if (!*optarg || strspn(optarg, metrics) != strlen(optarg))
                return bad("-s: '%s' must be letters from '%s'", optarg, metrics);
            o->metrics = optarg;
            break;
        case ':': rc = bad("%s needs a value", culprit(argv, optind)); break;
        default:
            rc = bad("unknown option '%s' (hi-smi %s takes -i, -d, -c, -s)", culprit(argv, optind),
                     cmd);
        }
    }
    if (rc == SMI_EXIT_OK && optind < argc)
        rc = bad("unexpected argument '%s'", argv[optind]);
    return rc;
}

static int parse_topo(int argc, char **argv, smi_opts *o) {
    int c, matrix = 0;
    opterr = 0;
    while ((c = getopt(argc, argv, ":mi:")) != -1) {
        if (c == 'm')
            matrix = 1;
        else if (c == 'i')
            o->ids = optarg;
        else
            return bad("topo: unknown option '%s' (hi-smi topo -m)", culprit(argv, optind));
    }
    if (optind < argc)
        return bad("topo: unexpected argument '%s'", argv[optind]);
    if (!matrix)
        return bad("topo: say what to show: -m (the matrix of how GPUs reach each other)");
    return SMI_EXIT_OK;
}

int smi_parse(int argc, char **argv, smi_opts *o) {
    memset(o, 0, sizeof *o);
    if (argc > 1 && strcmp(argv[1], "dmon") == 0) {
        o->mode = SMI_DMON;
        return parse_monitor(argc - 1, argv + 1, o, "dmon", "pucm");
    }
    if (argc > 1 && strcmp(argv[1], "pmon") == 0) {
        o->mode = SMI_PMON;
        return parse_monitor(argc - 1, argv + 1, o, "pmon", "um");
    }
    if (argc > 1 && strcmp(argv[1], "topo") == 0) {
        o->mode = SMI_TOPO;
        return parse_topo(argc - 1, argv + 1, o);
    }
    /* nvidia-smi spells the millisecond loop "-lms MS", which getopt would
     * read as -l with the value "ms": rewrite it first. */
    static char loop_ms[] = "--loop-ms";
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-lms") == 0)
            argv[i] = loop_ms;
    return parse_main(argc, argv, o);
}
