/* options.h -- hiprof's command line: defaults in one struct, one table
 * of options that drives both parsing and --help. */
#ifndef HIPROF_OPTIONS_H
#define HIPROF_OPTIONS_H

#include <stdint.h>

typedef enum hp_format { HP_TEXT, HP_CSV, HP_JSON } hp_format;

typedef struct hp_options {
    hp_format format;
    int gpu_trace;          /* --print-gpu-trace: one row per operation */
    const char *log_file;   /* the report goes here (NULL: stderr) */
    const char *trace;      /* --trace: Chrome trace-event timeline */
    uint32_t trace_blocks;  /* blocks per launch on the timeline */
    const char *warp_trace; /* --warp-trace: the per-warp instruction trace */
    const char *kernel;     /* --kernel: only this kernel's warp trace */
    const char *records;    /* --records: keep the raw records here */
    const char *import;     /* --import: report on a records file, run nothing */
    char **argv;            /* the program and its arguments (NULL with --import) */
} hp_options;

typedef enum hp_parse { HP_PARSE_OK, HP_PARSE_EXIT, HP_PARSE_ERROR } hp_parse;

/* Parses argv into o.  HP_PARSE_EXIT: --help or --version was printed;
 * HP_PARSE_ERROR: one line saying what was wrong went to stderr. */
hp_parse hp_options_parse(int argc, char **argv, hp_options *o);

#endif
