/* smi.h -- what the files of the hi-smi command share.
 *
 *   main.c     entry, libhiml start-up, GPU selection (-i), loops, exit codes
 *   options.c  the command line (getopt_long) and --help
 *   collect.c  everything hi-smi shows about a GPU, read through libhiml
 *   format.c   small formatting helpers
 *   table.c    the default boxed table and -L
 *   query.c    -q [-d TYPES]
 *   csv.c      --query-gpu / --query-compute-apps and their --help-query-*
 *   monitor.c  dmon and pmon
 *   topo.c     topo -m
 *   json.c     --json
 */
#ifndef SMI_H
#define SMI_H

#include <stddef.h>
#include <stdio.h>

#include "himl.h"

/* Exit codes, nvidia-smi's. */
enum {
    SMI_EXIT_OK = 0,
    SMI_EXIT_USAGE = 2, /* bad option or value */
    SMI_EXIT_NO_PERM = 4,
    SMI_EXIT_NOT_FOUND = 6, /* -i names no GPU */
    SMI_EXIT_NO_DRIVER = 9, /* no HiGPU node */
    SMI_EXIT_GPU_LOST = 15,
    SMI_EXIT_OTHER = 255,
};

typedef enum smi_mode {
    SMI_TABLE,
    SMI_LIST,
    SMI_QUERY,
    SMI_QUERY_GPU,
    SMI_QUERY_APPS,
    SMI_HELP_QUERY_GPU,
    SMI_HELP_QUERY_APPS,
    SMI_JSON,
    SMI_DMON,
    SMI_PMON,
    SMI_TOPO,
    SMI_VERSION,
    SMI_HELP,
} smi_mode;

/* -q -d display types (bits). */
enum {
    SMI_D_MEMORY = 1 << 0,
    SMI_D_UTILIZATION = 1 << 1,
    SMI_D_ECC = 1 << 2,
    SMI_D_TEMPERATURE = 1 << 3,
    SMI_D_POWER = 1 << 4,
    SMI_D_CLOCK = 1 << 5,
    SMI_D_COMPUTE = 1 << 6,
    SMI_D_PIDS = 1 << 7,
    SMI_D_PERFORMANCE = 1 << 8,
    SMI_D_ENGINES = 1 << 9, /* HiGPU */
    SMI_D_FAULTS = 1 << 10, /* HiGPU */
    SMI_D_LINKS = 1 << 11,  /* HiGPU */
    SMI_D_ALL = (1 << 12) - 1,
};

typedef struct smi_opts {
    smi_mode mode;
    const char *mode_opt; /* the option that chose the mode, for messages */
    const char *ids;      /* -i: comma-separated indices, UUIDs or bus ids; NULL: all */
    unsigned display;     /* -d for -q (0: everything, with the identity) */
    const char *fields;   /* --query-gpu= / --query-compute-apps= */
    int format_set, noheader, nounits;
    long loop_ms; /* -l / -lms: repeat every loop_ms; 0: once */
    /* dmon / pmon */
    long count;          /* -c: rows (per GPU); 0: until interrupted */
    long delay_s;        /* -d: seconds between rows */
    const char *metrics; /* -s */
} smi_opts;

/* Parses argv into o; SMI_EXIT_OK, or an exit code after printing one line
 * on stderr.  --help and --version are modes, not exits. */
int smi_parse(int argc, char **argv, smi_opts *o);
void smi_usage(FILE *f);

/* ---- what is shown about a GPU (collect.c) --------------------------------- */

enum { SMI_MAX_GPUS = 16, SMI_MAX_PROCS = 64 };

typedef struct smi_proc {
    unsigned pid;
    unsigned long long mem_bytes;
    char name[256]; /* argv[0] */
    int util_known; /* sm/mem below are valid */
    unsigned sm_util, mem_util;
} smi_proc;

typedef struct smi_gpu {
    himlDevice_t dev;
    unsigned index;
    char name[HIML_DEVICE_NAME_BUFFER_SIZE], uuid[HIML_DEVICE_UUID_BUFFER_SIZE];
    char preset[32];
    himlPciInfo_t pci;
    int cc_major, cc_minor;
    unsigned sm_count;
    himlMemory_t mem;
    himlUtilization_t util;
    himlEngineCounters_t eng;
    himlPstates_t pstate;
    unsigned temp_c, temp_shutdown_c, temp_slowdown_c, temp_max_c;
    unsigned power_mw, power_inst_mw, limit_mw, default_limit_mw, min_limit_mw, max_limit_mw;
    himlPowerModel_t model;
    unsigned clk_sm, clk_mem, max_sm, max_mem;
    himlFaultInfo_t fault;
    unsigned nprocs;
    smi_proc procs[SMI_MAX_PROCS];
    unsigned ngpus; /* GPUs of the node: links[] entries */
    himlLinkInfo_t links[SMI_MAX_GPUS];
} smi_gpu;

/* Reads everything about dev; HIML_SUCCESS or the first failure. */
himlReturn_t smi_collect(himlDevice_t dev, smi_gpu *g);

/* The run-wide facts printed in headers. */
typedef struct smi_system {
    char driver[HIML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE];
    char himl[HIML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE];
    char hc[16]; /* "12.0" */
    char node_dir[4096];
    unsigned count; /* GPUs in the node */
} smi_system;
void smi_system_info(smi_system *s);

/* ---- output modes (one file each) ------------------------------------------------ */

/* Each prints for the selected GPUs (n of them) and returns an exit code. */
int smi_table(const smi_system *sys, himlDevice_t *devs, int n);
int smi_list(himlDevice_t *devs, int n);
int smi_query(const smi_system *sys, himlDevice_t *devs, int n, unsigned display);
int smi_query_gpu(const smi_opts *o, himlDevice_t *devs, int n, int first);
int smi_query_apps(const smi_opts *o, himlDevice_t *devs, int n, int first);
/* Checks the field list before anything runs (one line on error). */
int smi_check_fields(const smi_opts *o);
void smi_help_query_gpu(FILE *f);
void smi_help_query_apps(FILE *f);
int smi_json(const smi_system *sys, himlDevice_t *devs, int n);
int smi_dmon(const smi_opts *o, himlDevice_t *devs, int n);
int smi_pmon(const smi_opts *o, himlDevice_t *devs, int n);
int smi_topo(himlDevice_t *devs, int n);

/* ---- helpers (format.c, main.c) ------------------------------------------------- */

/* Bytes as whole MiB (rounded down, as nvidia-smi). */
unsigned long long smi_mib(unsigned long long bytes);
/* "Thu Nov 26 01:42:20 2026" */
void smi_timestamp(char *buf, size_t len);
/* "2026/11/26 01:42:20.123" (the CSV timestamp field) */
void smi_timestamp_csv(char *buf, size_t len);
/* Fits s into width columns, keeping its end: "...tmp/prog". */
void smi_fit_left(const char *s, size_t width, char *out, size_t len);
const char *smi_basename(const char *path);
/* "P0" / "P8" / "Unknown" */
const char *smi_pstate(himlPstates_t p);
/* Link type for topo -m: " X ", "PHB", "HL4" */
void smi_link_label(const himlLinkInfo_t *l, char *buf, size_t len);
/* "-i" devices could not be read: one line, the exit code. */
int smi_report(himlReturn_t r, const char *what);
/* Set by SIGINT/SIGTERM during loops. */
extern volatile int smi_stop;
/* Sleeps ms (returns early on smi_stop). */
void smi_sleep_ms(long ms);

#endif /* SMI_H */
