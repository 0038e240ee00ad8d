/* hias -- the HISA assembler: assembly text (.hs) to a .hcbin code object.
 * The syntax is in docs/isa.md, "Assembler syntax". */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hisa/hcbin.h"

static void usage(FILE *f) {
    fputs("Usage: hias [options] input.hs -o output.hcbin\n"
          "Assemble HISA assembly text into a HiGPU code object (ELF64).\n"
          "\n"
          "  -o, --output FILE   write the code object to FILE (required)\n"
          "  -h, --help          show this help and exit\n"
          "  -V, --version       show the version and exit\n"
          "\n"
          "The input '-' reads standard input.  The syntax is described in docs/isa.md.\n",
          f);
}

/* Reads all of f into a malloc'd buffer. */
static char *slurp(FILE *f, size_t *len) {
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *bigger = realloc(buf, cap * 2);
        if (!bigger)
            free(buf);
        buf = bigger;
        cap *= 2;
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    *len = n;
    return buf;
}

int main(int argc, char **argv) {
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"version", no_argument, NULL, 'V'},
                                         {NULL, 0, NULL, 0}};
    const char *output = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "o:hV", opts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'h': usage(stdout); return 0;
        case 'V': puts("hias (HiGPU) 0.1.0"); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc - 1 || !output) {
        fprintf(stderr, "hias: %s\n",
                optind >= argc ? "no input file"
                : !output      ? "no output file (-o)"
                               : "more than one input file");
        return 2;
    }
    const char *input = argv[optind];
    int from_stdin = strcmp(input, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(input, "rb");
    if (!f) {
        fprintf(stderr, "hias: %s: %s\n", input, strerror(errno));
        return 1;
    }
    size_t len;
    char *src = slurp(f, &len);
    if (!from_stdin)
        fclose(f);
    if (!src) {
        fprintf(stderr, "hias: %s: read error\n", input);
        return 1;
    }
    char err[512];
    hcbin *bin;
    int rc = hisa_assemble(src, len, from_stdin ? "<stdin>" : input, &bin, err, sizeof err);
    free(src);
    if (rc == 0) {
        rc = hcbin_write_file(bin, output, err, sizeof err);
        hcbin_free(bin);
    }
    if (rc != 0) {
        fprintf(stderr, "hias: %s\n", err);
        return 1;
    }
    return 0;
}
