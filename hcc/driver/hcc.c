/*
 * hcc -- the HCC compiler driver (docs/hcc.md).
 *
 * For each CUDA-dialect source (.hcc, .cu): clang-19 compiles the device side
 * to LLVM IR, the hcc backend lowers it to HISA assembly, the HISA assembler
 * makes a .hcbin, and clang-19 compiles the host side with that .hcbin
 * embedded (-fcuda-include-gpubinary), so the program registers its kernels
 * with libhcrt at start-up.  Plain C/C++ sources, objects and libraries join
 * the final link, which adds libhcrt.
 *
 * The driver finds its headers and libraries relative to its own location
 * (bin/../include/hcc, bin/../lib), which is both the build tree's and an
 * installation's layout.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hccbe.h"
#include "hisa/hcbin.h"

#ifndef HCC_CLANG
#define HCC_CLANG "clang-19"
#endif
#ifndef HCC_VERSION
#define HCC_VERSION "0.1.0"
#endif

extern char **environ;

/* ---- a growable argv ---------------------------------------------------------------- */

typedef struct strv {
    char **v;
    int n, cap;
} strv;

static void die_oom(void) {
    fprintf(stderr, "hcc: error: out of memory\n");
    exit(1);
}

static void sv_add(strv *s, const char *x) {
    if (s->n + 2 > s->cap) {
        s->cap = s->cap ? s->cap * 2 : 32;
        s->v = realloc(s->v, (size_t)s->cap * sizeof *s->v);
        if (!s->v)
            die_oom();
    }
    s->v[s->n] = strdup(x);
    if (!s->v[s->n])
        die_oom();
    s->v[++s->n] = NULL;
}

static void sv_addf(strv *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sv_addf(strv *s, const char *fmt, ...) {
    char buf[PATH_MAX + 64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    sv_add(s, buf);
}

static void sv_cat(strv *s, const strv *t) {
    for (int i = 0; i < t->n; i++)
        sv_add(s, t->v[i]);
}

static void sv_free(strv *s) {
    for (int i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* ---- options ----------------------------------------------------------------------- */

typedef struct opts {
    const char *out;
    int compile_only, asm_only, emit_llvm, device_only, verbose, keep, resource_usage;
    int opt_level, debug, lineinfo;
    const char *gpu;
    strv cflags;  /* -I -D -U -std= and friends, for both sides */
    strv hostflags; /* -Xcompiler */
    strv sources; /* .hcc .cu */
    strv others;  /* C/C++ sources */
    strv linkin;  /* objects, libraries, -L, -l */
    char prefix[PATH_MAX];
    char tmpdir[PATH_MAX];
} opts;

static void usage(FILE *f) {
    fprintf(f,
            "usage: hcc [options] files... [-o out]\n"
            "Compiles CUDA-dialect sources (.hcc, .cu) for HiGPU and links a host program.\n\n"
            "  -o FILE            output file\n"
            "  -c                 compile to an object file, do not link\n"
            "  -S                 write HISA assembly (.hs) for the device code\n"
            "  --emit-llvm        write the device LLVM IR (.ll)\n"
            "  --device-only      compile device code only: -o x.hcbin (or .hs with -S)\n"
            "  -O0 -O1 -O2 -O3    optimisation level (default -O2 for device code, as nvcc -O3)\n"
            "  -g, -lineinfo      source lines in fault reports and disassembly\n"
            "  -I DIR -D NAME[=V] -U NAME -std=STD   preprocessor and language options\n"
            "  -L DIR -l LIB      libraries for the link\n"
            "  -Xcompiler OPT     pass OPT to the host compiler\n"
            "  --gpu=PRESET       define __HIGPU_PRESET__ (the code runs on every preset)\n"
            "  --resource-usage   print registers, shared, local and parameter bytes per kernel\n"
            "  -keep              keep intermediate files (printed with -v)\n"
            "  -v                 print the commands hcc runs\n"
            "  --version, --help\n");
}

static int has_suffix(const char *s, const char *suf) {
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

static void need_arg(int i, int argc, const char *opt) {
    if (i >= argc) {
        fprintf(stderr, "hcc: error: option '%s' needs an argument\n", opt);
        exit(1);
    }
}

static void parse_args(opts *o, int argc, char **argv) {
    o->opt_level = 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(a, "--version")) {
            printf("hcc %s (HiGPU HISA backend, clang-19 front end)\n", HCC_VERSION);
            exit(0);
        } else if (!strcmp(a, "-o")) {
            need_arg(++i, argc, a);
            o->out = argv[i];
        } else if (!strcmp(a, "-c")) {
            o->compile_only = 1;
        } else if (!strcmp(a, "-S")) {
            o->asm_only = 1;
        } else if (!strcmp(a, "--emit-llvm") || !strcmp(a, "-emit-llvm")) {
            o->emit_llvm = 1;
        } else if (!strcmp(a, "--device-only") || !strcmp(a, "--cuda-device-only")) {
            o->device_only = 1;
        } else if (!strcmp(a, "-v")) {
            o->verbose = 1;
        } else if (!strcmp(a, "-keep")) {
            o->keep = 1;
        } else if (!strcmp(a, "--resource-usage")) {
            o->resource_usage = 1;
        } else if (!strncmp(a, "-O", 2) && a[2] && !a[3] && a[2] >= '0' && a[2] <= '3') {
            o->opt_level = a[2] - '0';
        } else if (!strcmp(a, "-g") || !strcmp(a, "-G")) {
            o->debug = 1;
        } else if (!strcmp(a, "-lineinfo")) {
            o->lineinfo = 1;
        } else if (!strncmp(a, "--gpu=", 6)) {
            o->gpu = a + 6; /* HISA is the same on every preset: only __HIGPU_PRESET__ */
        } else if (!strcmp(a, "-I") || !strcmp(a, "-D") || !strcmp(a, "-U") || !strcmp(a, "-include")) {
            need_arg(++i, argc, a);
            sv_add(&o->cflags, a);
            sv_add(&o->cflags, argv[i]);
        } else if (!strncmp(a, "-I", 2) || !strncmp(a, "-D", 2) || !strncmp(a, "-U", 2) ||
                   !strncmp(a, "-std=", 5) || !strncmp(a, "-W", 2) || !strcmp(a, "-w")) {
            sv_add(&o->cflags, a);
        } else if (!strcmp(a, "-Xcompiler")) {
            need_arg(++i, argc, a);
            sv_add(&o->hostflags, argv[i]);
        } else if (!strcmp(a, "-L") || !strcmp(a, "-l")) {
            need_arg(++i, argc, a);
            sv_addf(&o->linkin, "%s%s", a, argv[i]);
        } else if (!strncmp(a, "-L", 2) || !strncmp(a, "-l", 2) || !strncmp(a, "-Wl,", 4) ||
                   !strcmp(a, "-pthread")) {
            sv_add(&o->linkin, a);
        } else if (!strncmp(a, "-arch", 5) || !strncmp(a, "--gpu-architecture", 18) ||
                   !strncmp(a, "-gencode", 8)) {
            if (!strchr(a, '=') && i + 1 < argc)
                i++; /* nvcc architecture flags: HiGPU has one ISA, accept and ignore */
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "hcc: error: unknown option '%s' (see hcc --help)\n", a);
            exit(1);
        } else if (has_suffix(a, ".hcc") || has_suffix(a, ".cu")) {
            sv_add(&o->sources, a);
        } else if (has_suffix(a, ".c") || has_suffix(a, ".cc") || has_suffix(a, ".cpp") || has_suffix(a, ".cxx")) {
            sv_add(&o->others, a);
        } else if (has_suffix(a, ".ll") || has_suffix(a, ".bc")) {
            sv_add(&o->sources, a); /* device IR: --device-only */
        } else {
            sv_add(&o->linkin, a);
        }
    }
}

/* ---- running tools --------------------------------------------------------------------- */

static int run(const opts *o, char **argv) {
    if (o->verbose) {
        for (int i = 0; argv[i]; i++)
            fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
        fprintf(stderr, "\n");
    }
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
    if (rc) {
        fprintf(stderr, "hcc: error: cannot run %s: %s%s\n", argv[0], strerror(rc),
                rc == ENOENT ? " (run tools/deps.sh to install clang-19)" : "");
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (WIFEXITED(status))
        return WEXITSTATUS(status) ? -1 : 0;
    fprintf(stderr, "hcc: error: %s was killed by signal %d\n", argv[0], WTERMSIG(status));
    return -1;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n + 65536 > cap) {
            cap = cap ? cap * 2 : 1 << 20;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got);
    fclose(f);
    *len = n;
    return buf;
}

static int write_file(const char *path, const char *data, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
        fprintf(stderr, "hcc: error: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* The flags both clang invocations share. */
static void cuda_flags(const opts *o, strv *a) {
    sv_add(a, HCC_CLANG);
    sv_add(a, "-x");
    sv_add(a, "cuda");
    sv_add(a, "-nocudainc");
    sv_add(a, "-nocudalib");
    sv_addf(a, "--cuda-path=%s/include/hcc", o->prefix);
    sv_add(a, "--cuda-gpu-arch=sm_80");
    sv_add(a, "-Xclang");
    sv_add(a, "-target-sdk-version=12.0"); /* the launch ABI of CUDA >= 9.2 */
    sv_add(a, "-Wno-unknown-cuda-version");
    /* __nv_bfloat16 arithmetic rounds at every operation, as CUDA's operators
     * do (clang's default evaluates a whole expression in float) */
    sv_add(a, "-Xclang");
    sv_add(a, "-fbfloat16-excess-precision=none");
    sv_addf(a, "-I%s/include/hcc", o->prefix);
    sv_add(a, "-include");
    sv_add(a, "hcc_runtime.h");
    sv_add(a, "-D__HCC__=1");
    if (o->gpu)
        sv_addf(a, "-D__HIGPU_PRESET__=\"%s\"", o->gpu);
    if (o->debug || o->lineinfo)
        sv_add(a, "-gline-tables-only");
    sv_cat(a, &o->cflags);
}

/* snprintf into a path buffer; a path too long for PATH_MAX is an error. */
static void pathf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void pathf(char *buf, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= size) {
        fprintf(stderr, "hcc: error: path too long: %s...\n", buf);
        exit(1);
    }
}

static const char *base_name(const char *path, char *buf, size_t size, const char *ext) {
    char tmp[PATH_MAX];
    pathf(tmp, sizeof tmp, "%s", path);
    char *b = basename(tmp), *dot = strrchr(b, '.');
    if (dot)
        *dot = 0;
    snprintf(buf, size, "%s%s", b, ext);
    return buf;
}

/* Device side of one source: IR -> HISA text -> .hcbin (or .hs / .ll). */
static int compile_device(const opts *o, const char *src, const char *hcbin_path, const char *final_out) {
    char bc[PATH_MAX], name[PATH_MAX];
    int is_ir = has_suffix(src, ".ll") || has_suffix(src, ".bc");
    if (is_ir) {
        pathf(bc, sizeof bc, "%s", src);
    } else {
        pathf(bc, sizeof bc, "%s/%s", o->tmpdir, base_name(src, name, sizeof name, o->emit_llvm ? ".ll" : ".bc"));
        if (o->emit_llvm && final_out)
            pathf(bc, sizeof bc, "%s", final_out);
        strv a = {0};
        cuda_flags(o, &a);
        sv_add(&a, "--cuda-device-only");
        sv_add(&a, "-Xclang");
        sv_add(&a, "-target-feature");
        sv_add(&a, "-Xclang");
        sv_add(&a, "+ptx80"); /* the warp intrinsics clang gates on PTX versions */
        sv_addf(&a, "-O%d", o->opt_level);
        /* HiGPU is scalar per thread: vectors of bytes from the loop and SLP
         * vectorizers would only be split up again */
        sv_add(&a, "-fno-vectorize");
        sv_add(&a, "-fno-slp-vectorize");
        sv_add(&a, "-emit-llvm");
        sv_add(&a, o->emit_llvm ? "-S" : "-c");
        sv_add(&a, src);
        sv_add(&a, "-o");
        sv_add(&a, bc);
        int rc = run(o, a.v);
        sv_free(&a);
        if (rc)
            return -1;
        if (o->emit_llvm)
            return 0;
    }
    size_t len;
    char *ir = read_file(bc, &len);
    if (!ir) {
        fprintf(stderr, "hcc: error: cannot read %s: %s\n", bc, strerror(errno));
        return -1;
    }
    hccbe_options bo = {.opt_level = o->opt_level, .line_info = o->debug || o->lineinfo};
    hccbe_result r;
    char err[1024];
    if (o->verbose)
        fprintf(stderr, "hccbe %s -> HISA\n", bc);
    int rc = hccbe_compile(ir, len, is_ir ? src : src, &bo, &r, err, sizeof err);
    free(ir);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    if (o->resource_usage)
        for (unsigned i = 0; i < r.nkernels; i++)
            fprintf(stderr,
                    "hcc info    : Function properties for %s\n"
                    "    %u registers, %u bytes smem, %u bytes lmem, %u bytes params\n",
                    r.kernels[i].name, r.kernels[i].regs, r.kernels[i].shared_bytes, r.kernels[i].local_bytes,
                    r.kernels[i].param_bytes);
    if (o->asm_only) {
        rc = write_file(final_out, r.asm_text, strlen(r.asm_text));
        hccbe_result_free(&r);
        return rc;
    }
    if (o->keep) {
        char hs[PATH_MAX];
        pathf(hs, sizeof hs, "%s.hs", hcbin_path);
        write_file(hs, r.asm_text, strlen(r.asm_text));
    }
    hcbin *bin = NULL;
    rc = hisa_assemble(r.asm_text, strlen(r.asm_text), src, &bin, err, sizeof err);
    hccbe_result_free(&r);
    if (rc) { /* the backend made text its own assembler rejects: a compiler bug */
        fprintf(stderr, "hcc: internal error: generated HISA does not assemble: %s\n", err);
        return -1;
    }
    rc = hcbin_write_file(bin, hcbin_path, err, sizeof err);
    hcbin_free(bin);
    if (rc) {
        fprintf(stderr, "hcc: error: %s\n", err);
        return -1;
    }
    return 0;
}

static int compile_host(const opts *o, const char *src, const char *hcbin_path, const char *obj) {
    strv a = {0};
    cuda_flags(o, &a);
    sv_add(&a, "--cuda-host-only");
    sv_addf(&a, "-O%d", o->opt_level < 2 ? o->opt_level : 2);
    sv_add(&a, "-Xclang");
    sv_add(&a, "-fcuda-include-gpubinary");
    sv_add(&a, "-Xclang");
    sv_add(&a, hcbin_path);
    sv_cat(&a, &o->hostflags);
    sv_add(&a, "-c");
    sv_add(&a, src);
    sv_add(&a, "-o");
    sv_add(&a, obj);
    int rc = run(o, a.v);
    sv_free(&a);
    return rc;
}

static int compile_other(const opts *o, const char *src, const char *obj) {
    strv a = {0};
    sv_add(&a, HCC_CLANG);
    sv_addf(&a, "-O%d", o->opt_level);
    sv_addf(&a, "-I%s/include/hcc", o->prefix);
    sv_cat(&a, &o->cflags);
    sv_cat(&a, &o->hostflags);
    sv_add(&a, "-c");
    sv_add(&a, src);
    sv_add(&a, "-o");
    sv_add(&a, obj);
    int rc = run(o, a.v);
    sv_free(&a);
    return rc;
}

static int link_program(const opts *o, const strv *objs) {
    strv a = {0};
    sv_add(&a, HCC_CLANG);
    sv_add(&a, "--driver-mode=g++");
    sv_cat(&a, objs);
    sv_cat(&a, &o->linkin);
    sv_addf(&a, "-L%s/lib", o->prefix);
    sv_addf(&a, "-Wl,-rpath,%s/lib", o->prefix);
    sv_add(&a, "-lhcrt");
    sv_add(&a, "-lm");
    sv_add(&a, "-pthread");
    sv_add(&a, "-o");
    sv_add(&a, o->out ? o->out : "a.out");
    int rc = run(o, a.v);
    sv_free(&a);
    return rc;
}

/* ---- main ------------------------------------------------------------------------------- */

static void find_prefix(opts *o, const char *argv0) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        snprintf(exe, sizeof exe, "%s", argv0);
    else
        exe[n] = 0;
    char *bin = dirname(exe);
    pathf(o->prefix, sizeof o->prefix, "%s/..", bin);
    char *real = realpath(o->prefix, NULL);
    if (real) {
        pathf(o->prefix, sizeof o->prefix, "%s", real);
        free(real);
    }
}

static void remove_tmpdir(const opts *o) {
    if (!o->tmpdir[0] || o->keep)
        return;
    strv a = {0};
    sv_add(&a, "rm");
    sv_add(&a, "-rf");
    sv_add(&a, o->tmpdir);
    opts quiet = *o;
    quiet.verbose = 0;
    run(&quiet, a.v);
    sv_free(&a);
}

int main(int argc, char **argv) {
    opts o = {0};
    parse_args(&o, argc, argv);
    if (!o.sources.n && !o.others.n && !o.linkin.n) {
        fprintf(stderr, "hcc: error: no input files (see hcc --help)\n");
        return 1;
    }
    find_prefix(&o, argv[0]);
    const char *tmp = getenv("TMPDIR");
    pathf(o.tmpdir, sizeof o.tmpdir, "%s/hcc-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(o.tmpdir)) {
        fprintf(stderr, "hcc: error: cannot create a temporary directory: %s\n", strerror(errno));
        return 1;
    }
    if (o.keep && o.verbose)
        fprintf(stderr, "hcc: keeping intermediate files in %s\n", o.tmpdir);
    int single = o.sources.n + o.others.n == 1;
    int device_out = o.device_only || o.asm_only || o.emit_llvm;
    if ((o.compile_only || device_out) && o.out && !single) {
        fprintf(stderr, "hcc: error: -o with -c, -S, --emit-llvm or --device-only needs exactly one source\n");
        remove_tmpdir(&o);
        return 1;
    }
    int rc = 0;
    strv objs = {0};
    for (int i = 0; i < o.sources.n && !rc; i++) {
        const char *src = o.sources.v[i];
        char name[PATH_MAX], hcbin_path[PATH_MAX], obj[PATH_MAX];
        if (device_out) {
            const char *ext = o.asm_only ? ".hs" : o.emit_llvm ? ".ll" : ".hcbin";
            const char *out = o.out ? o.out : base_name(src, name, sizeof name, ext);
            rc = compile_device(&o, src, out, out);
            continue;
        }
        if (has_suffix(src, ".ll") || has_suffix(src, ".bc")) {
            fprintf(stderr, "hcc: error: %s: LLVM IR input needs --device-only\n", src);
            rc = -1;
            break;
        }
        pathf(hcbin_path, sizeof hcbin_path, "%s/%s", o.tmpdir, base_name(src, name, sizeof name, ".hcbin"));
        if (o.compile_only)
            pathf(obj, sizeof obj, "%s", o.out ? o.out : base_name(src, name, sizeof name, ".o"));
        else
            pathf(obj, sizeof obj, "%s/%d-%s", o.tmpdir, i, base_name(src, name, sizeof name, ".o"));
        rc = compile_device(&o, src, hcbin_path, NULL);
        if (!rc)
            rc = compile_host(&o, src, hcbin_path, obj);
        sv_add(&objs, obj);
    }
    for (int i = 0; i < o.others.n && !rc && !device_out; i++) {
        char name[PATH_MAX], obj[PATH_MAX];
        const char *src = o.others.v[i];
        if (o.compile_only)
            pathf(obj, sizeof obj, "%s", o.out ? o.out : base_name(src, name, sizeof name, ".o"));
        else
            pathf(obj, sizeof obj, "%s/x%d-%s", o.tmpdir, i, base_name(src, name, sizeof name, ".o"));
        rc = compile_other(&o, src, obj);
        sv_add(&objs, obj);
    }
    if (!rc && !o.compile_only && !device_out)
        rc = link_program(&o, &objs);
    remove_tmpdir(&o);
    sv_free(&objs);
    sv_free(&o.cflags);
    sv_free(&o.hostflags);
    sv_free(&o.sources);
    sv_free(&o.others);
    sv_free(&o.linkin);
    return rc ? 1 : 0;
}
