/* hcc-objdump -- display the contents of .hcbin code objects, like objdump.
 *
 *   -d   disassembly: addresses, encodings, labels, relocations, source lines
 *   -k   kernel metadata        -t   symbol table and variables
 *   -x   all of the headers     --asm  re-assemblable text for hias
 *
 * Everything works on an in-memory image, so objects embedded in host
 * executables can be dumped by handing their bytes to dump_image(). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hisa/hcbin.h"

typedef struct options {
    int disasm, kernels, symbols, headers, raw, as_asm;
} options;

/* ---- branch labels -------------------------------------------------------------- */

/* Names for branch targets: a function's name where one starts, otherwise
 * .L_<hex offset>.  Built once per object. */
typedef struct labels {
    const hcbin *bin;
    uint32_t *targets; /* sorted, unique, not function starts */
    size_t n;
    char buf[32];
} labels;

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static const hcbin_func *func_starting_at(const hcbin *bin, uint32_t offset) {
    for (uint32_t i = 0; i < bin->nfuncs; i++)
        if (bin->funcs[i].offset == offset)
            return &bin->funcs[i];
    return NULL;
}

static int is_target(const labels *l, uint32_t offset) {
    return bsearch(&offset, l->targets, l->n, sizeof *l->targets, cmp_u32) != NULL;
}

static const char *label_of(void *ctx, uint32_t target) {
    labels *l = ctx;
    const hcbin_func *f = func_starting_at(l->bin, target);
    if (f)
        return f->name;
    if (!is_target(l, target))
        return NULL;
    snprintf(l->buf, sizeof l->buf, ".L_%x", target);
    return l->buf;
}

static int labels_build(labels *l, const hcbin *bin) {
    l->bin = bin;
    l->n = 0;
    l->targets = malloc((bin->ntext + 1) * sizeof *l->targets);
    if (!l->targets)
        return -1;
    for (uint32_t i = 0; i < bin->ntext; i++) {
        hisa_insn in;
        if (hisa_decode(bin->text[i], &in, NULL) != 0)
            continue;
        const hisa_info *info = hisa_info_of(in.op);
        if (memchr(info->opnd, 't', info->nopnd) && !func_starting_at(bin, in.immb))
            l->targets[l->n++] = in.immb;
    }
    qsort(l->targets, l->n, sizeof *l->targets, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < l->n; i++)
        if (u == 0 || l->targets[u - 1] != l->targets[i])
            l->targets[u++] = l->targets[i];
    l->n = u;
    return 0;
}

/* ---- per-instruction helpers ---------------------------------------------------------- */

static const hcbin_reloc *reloc_at(const hcbin *bin, uint32_t offset) {
    for (uint32_t i = 0; i < bin->nrelocs; i++) /* sorted; objects are small */
        if (bin->relocs[i].offset == offset)
            return &bin->relocs[i];
    return NULL;
}

static const hcbin_line *line_starting_at(const hcbin *bin, uint32_t offset) {
    const hcbin_line *l = hcbin_line_at(bin, offset);
    return l && l->offset == offset ? l : NULL;
}

static const char *reloc_suffix(uint32_t type) {
    return type == HCBIN_R_ADDR_LO ? "lo" : type == HCBIN_R_ADDR_HI ? "hi" : "code";
}

static const char *reloc_name(uint32_t type) {
    return type == HCBIN_R_ADDR_LO   ? "R_HISA_ADDR_LO"
           : type == HCBIN_R_ADDR_HI ? "R_HISA_ADDR_HI"
                                     : "R_HISA_CODE";
}

/* "sym", "sym+8" or "sym-8" */
static void sym_plus(char *buf, size_t size, const hcbin_reloc *r) {
    if (r->addend)
        snprintf(buf, size, "%s%+lld", r->symbol, (long long)r->addend);
    else
        snprintf(buf, size, "%s", r->symbol);
}

/* Formats an instruction; with a relocation, operand b becomes sym@lo etc.
 * hisa_format separates operands with ", " and no operand contains one. */
static void format_insn(const hcbin *bin, uint32_t offset, labels *l, int symbolic, char *out,
                        size_t size) {
    hisa_insn in;
    hisa_decode(bin->text[offset / HISA_INSN_BYTES], &in, NULL);
    char text[256];
    hisa_format(&in, text, sizeof text, symbolic ? label_of : NULL, l);
    const hcbin_reloc *r = symbolic ? reloc_at(bin, offset) : NULL;
    const hisa_info *info = hisa_info_of(in.op);
    const char *b = r ? memchr(info->opnd, 'b', info->nopnd) : NULL;
    if (!b) {
        snprintf(out, size, "%s", text);
        return;
    }
    /* find the start of the operand list, then the b-th operand */
    char *p = text[0] == '@' ? strchr(text, ' ') + 1 : text;
    p = strchr(p, ' ');
    for (long i = 0; i < b - info->opnd; i++)
        p = strstr(p + 1, ", ") + 1;
    char *end = strstr(p + 1, ", ");
    char sym[200];
    sym_plus(sym, sizeof sym, r);
    snprintf(out, size, "%.*s %s@%s%s", (int)(p - text), text, sym, reloc_suffix(r->type),
             end ? end : "");
}

/* ---- objdump-style listing ------------------------------------------------------------- */

static const char *section_name(hcbin_section s) {
    return s == HCBIN_SEC_DATA ? ".data" : s == HCBIN_SEC_BSS ? ".bss" : ".hisa.const";
}

/* head starts the first line, indent the parameter lines. */
static void print_kernel(const hcbin_kernel *k, const char *head, const char *indent) {
    printf("%sregs %u, shared %u, local %u, max threads %u, params %u bytes", head, k->nregs,
           k->shared_bytes, k->local_bytes, k->max_threads, k->param_bytes);
    if (k->flags)
        printf(", flags 0x%x", k->flags);
    putchar('\n');
    for (uint32_t p = 0; p < k->nparams; p++)
        printf("%sparam %u: offset %u, size %u\n", indent, p, k->params[p].offset,
               k->params[p].size);
}

static void print_kernels(const hcbin *bin) {
    printf("Kernels:\n");
    for (uint32_t i = 0; i < bin->nkernels; i++) {
        const hcbin_kernel *k = &bin->kernels[i];
        printf("  %s: entry 0x%x, size 0x%x\n", k->name, k->entry, k->size);
        print_kernel(k, "    ", "      ");
    }
    putchar('\n');
}

static void print_sections(const hcbin *bin) {
    printf("Sections:\nIdx Name          Size\n");
    printf("  0 .text         %08llx\n", (unsigned long long)bin->ntext * HISA_INSN_BYTES);
    printf("  1 .data         %08llx\n", (unsigned long long)bin->data_size);
    printf("  2 .bss          %08llx\n", (unsigned long long)bin->bss_size);
    printf("  3 .hisa.const   %08llx\n", (unsigned long long)bin->cdata_size);
    printf("    %u kernels, %u relocations, %u line records\n\n", bin->nkernels, bin->nrelocs,
           bin->nlines);
}

static void print_symbols(const hcbin *bin) {
    printf("SYMBOL TABLE:\n");
    for (uint32_t i = 0; i < bin->nfuncs; i++)
        printf("%016x g     F .text\t%016x %s%s\n", bin->funcs[i].offset, bin->funcs[i].size,
               bin->funcs[i].name, bin->funcs[i].is_kernel ? " (kernel)" : "");
    for (uint32_t i = 0; i < bin->nvars; i++)
        printf("%016llx g     O %s\t%016llx %s\n", (unsigned long long)bin->vars[i].offset,
               section_name(bin->vars[i].section), (unsigned long long)bin->vars[i].size,
               bin->vars[i].name);
    putchar('\n');
}

static void print_disasm(const hcbin *bin, labels *l, int raw) {
    printf("Disassembly of section .text:\n");
    for (uint32_t i = 0; i < bin->ntext; i++) {
        uint32_t off = i * HISA_INSN_BYTES;
        const hcbin_func *f = func_starting_at(bin, off);
        if (f) {
            printf("\n%016x <%s>:\n", off, f->name);
            const hcbin_kernel *k = hcbin_find_kernel(bin, f->name);
            if (k)
                print_kernel(k, "        // kernel: ", "        //   ");
        } else if (!raw && is_target(l, off)) {
            printf(".L_%x:\n", off);
        }
        const hcbin_line *ln = line_starting_at(bin, off);
        if (ln)
            printf("        // %s:%u:%u\n", ln->file, ln->line, ln->column);
        char text[320];
        format_insn(bin, off, l, !raw, text, sizeof text);
        printf("  /*%04x*/  %016llx %016llx  %s", off, (unsigned long long)bin->text[i].lo,
               (unsigned long long)bin->text[i].hi, text);
        const hcbin_reloc *r = reloc_at(bin, off);
        if (r) {
            char sym[200];
            sym_plus(sym, sizeof sym, r);
            printf("    ; %s %s", reloc_name(r->type), sym);
        }
        putchar('\n');
    }
}

/* ---- --asm: text that hias turns back into the same object ---------------------------- */

/* Functions must tile .text in order for their text to reassemble in place. */
static int check_text_tiling(const char *name, const hcbin *bin) {
    uint32_t at = 0;
    while (at < bin->ntext * HISA_INSN_BYTES) {
        const hcbin_func *f = func_starting_at(bin, at);
        if (!f) {
            fprintf(stderr,
                    "hcc-objdump: %s: code at 0x%x belongs to no function; --asm cannot "
                    "reproduce it\n",
                    name, at);
            return -1;
        }
        at += f->size;
    }
    return 0;
}

static void asm_kernel(const hcbin_kernel *k) {
    printf("    .regs %u\n", k->nregs);
    if (k->shared_bytes)
        printf("    .shared %u\n", k->shared_bytes);
    if (k->local_bytes)
        printf("    .local %u\n", k->local_bytes);
    if (k->max_threads)
        printf("    .maxthreads %u\n", k->max_threads);
    if (k->flags)
        printf("    .flags 0x%x\n", k->flags);
    printf("    .params %u\n", k->param_bytes);
    for (uint32_t p = 0; p < k->nparams; p++)
        printf("    .param %u, %u\n", k->params[p].offset, k->params[p].size);
}

static void asm_line(const hcbin_line *ln) {
    printf(".line \"");
    for (const unsigned char *c = (const unsigned char *)ln->file; *c; c++) {
        if (*c == '"' || *c == '\\')
            printf("\\%c", *c);
        else if (*c < 0x20 || *c == 0x7f)
            printf("\\x%02x", *c);
        else
            putchar(*c);
    }
    printf("\" %u %u\n", ln->line, ln->column);
}

static void asm_text(const hcbin *bin, labels *l) {
    for (uint32_t i = 0; i < bin->ntext; i++) {
        uint32_t off = i * HISA_INSN_BYTES;
        const hcbin_func *f = func_starting_at(bin, off);
        if (f) {
            printf("%s.%s %s\n", off ? ".end\n\n" : "", f->is_kernel ? "kernel" : "func", f->name);
            if (f->is_kernel)
                asm_kernel(hcbin_find_kernel(bin, f->name));
        } else if (is_target(l, off)) {
            printf(".L_%x:\n", off);
        }
        const hcbin_line *ln = line_starting_at(bin, off);
        if (ln)
            asm_line(ln);
        char text[320];
        format_insn(bin, off, l, 1, text, sizeof text);
        printf("    %s\n", text);
    }
    if (bin->ntext)
        printf(".end\n");
}

enum { ASM_DEFAULT_ALIGN = 8, ASM_MAX_ALIGN = 65536 };

static uint64_t align_up(uint64_t x, uint64_t a) {
    return (x + a - 1) & ~(a - 1);
}

/* The alignment argument that places a variable at off after cur: 0 for the
 * default, the smallest power of two that works, or -1 if none does. */
static long asm_align(uint64_t cur, uint64_t off) {
    if (align_up(cur, ASM_DEFAULT_ALIGN) == off)
        return 0;
    for (uint64_t a = 1; a <= ASM_MAX_ALIGN; a *= 2)
        if (align_up(cur, a) == off)
            return (long)a;
    return -1;
}

static int zero_bytes(const uint8_t *p, uint64_t n) {
    for (uint64_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static void asm_values(const uint8_t *p, uint64_t size) {
    int words = size % 4 == 0;
    unsigned per_line = words ? 4 : 16, step = words ? 4 : 1;
    for (uint64_t at = 0; at < size; at += step) {
        if ((at / step) % per_line == 0)
            printf("%s    %s ", at ? "\n" : "", words ? ".u32" : ".u8");
        else
            printf(", ");
        if (words)
            printf("0x%08x", (unsigned)p[at] | (unsigned)p[at + 1] << 8 |
                                 (unsigned)p[at + 2] << 16 | (unsigned)p[at + 3] << 24);
        else
            printf("0x%02x", p[at]);
    }
    if (size)
        putchar('\n');
}

static int asm_data(const char *name, const hcbin *bin) {
    uint64_t cur[3] = {0, 0, 0}; /* per section, indexed by section - 1 */
    const uint8_t *bytes[3] = {bin->data, NULL, bin->cdata};
    const uint64_t sizes[3] = {bin->data_size, bin->bss_size, bin->cdata_size};
    for (uint32_t i = 0; i < bin->nvars; i++) {
        const hcbin_var *v = &bin->vars[i];
        unsigned s = (unsigned)v->section - 1;
        long a = v->offset >= cur[s] ? asm_align(cur[s], v->offset) : -1;
        if (a < 0 || (bytes[s] && !zero_bytes(bytes[s] + cur[s], v->offset - cur[s]))) {
            fprintf(stderr,
                    "hcc-objdump: %s: the placement of '%s' in %s cannot be written as "
                    "assembly\n",
                    name, v->name, section_name(v->section));
            return -1;
        }
        char align[32] = "";
        if (a)
            snprintf(align, sizeof align, ", %ld", a);
        if (v->section == HCBIN_SEC_BSS)
            printf("\n.global %s, %llu%s\n", v->name, (unsigned long long)v->size, align);
        else
            printf("\n.%s %s%s\n", v->section == HCBIN_SEC_DATA ? "data" : "const", v->name, align);
        if (bytes[s])
            asm_values(bytes[s] + v->offset, v->size);
        cur[s] = v->offset + v->size;
    }
    for (unsigned s = 0; s < 3; s++)
        if (cur[s] != sizes[s]) {
            fprintf(stderr,
                    "hcc-objdump: %s: %s has bytes after its last variable; --asm cannot "
                    "reproduce them\n",
                    name, section_name((hcbin_section)(s + 1)));
            return -1;
        }
    return 0;
}

static int print_asm(const char *name, const hcbin *bin, labels *l) {
    if (check_text_tiling(name, bin))
        return -1;
    printf("// %s, disassembled by hcc-objdump --asm\n\n", name);
    asm_text(bin, l);
    return asm_data(name, bin);
}

/* ---- driver ------------------------------------------------------------------------------ */

static int dump_image(const char *name, const void *buf, size_t len, const options *o) {
    hcbin *bin;
    char err[512];
    if (hcbin_read_mem(buf, len, &bin, err, sizeof err)) {
        fprintf(stderr, "hcc-objdump: %s: %s\n", name, err);
        return -1;
    }
    labels l;
    if (labels_build(&l, bin)) {
        hcbin_free(bin);
        fprintf(stderr, "hcc-objdump: out of memory\n");
        return -1;
    }
    int rc = 0;
    if (o->as_asm) {
        rc = print_asm(name, bin, &l);
    } else {
        printf("\n%s:     file format hcbin-hisa\n\n", name);
        if (o->headers)
            print_sections(bin);
        if (o->kernels || o->headers)
            print_kernels(bin);
        if (o->symbols || o->headers)
            print_symbols(bin);
        if (o->disasm)
            print_disasm(bin, &l, o->raw);
    }
    free(l.targets);
    hcbin_free(bin);
    return rc;
}

static int dump_file(const char *path, const options *o) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "hcc-objdump: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, len = 0;
    uint8_t *buf = malloc(cap);
    while (buf && (len += fread(buf + len, 1, cap - len, f)) == cap) {
        uint8_t *bigger = realloc(buf, cap *= 2);
        if (!bigger)
            free(buf);
        buf = bigger;
    }
    int bad = !buf || ferror(f);
    fclose(f);
    int rc = bad ? (fprintf(stderr, "hcc-objdump: %s: read error\n", path), -1)
                 : dump_image(path, buf, len, o);
    free(buf);
    return rc;
}

static void usage(FILE *f) {
    fputs("Usage: hcc-objdump <option(s)> <file(s)>\n"
          "Display information from HiGPU code objects (.hcbin).\n"
          "\n"
          "  -d, --disassemble     disassemble .text (the default)\n"
          "  -k, --kernels         show kernel metadata\n"
          "  -t, --syms            show the symbol table and variables\n"
          "  -x, --all-headers     show sections, kernels and symbols\n"
          "      --raw             no labels or relocation symbols in the disassembly\n"
          "      --asm             print re-assemblable text for hias\n"
          "  -h, --help            show this help and exit\n"
          "  -V, --version         show the version and exit\n",
          f);
}

int main(int argc, char **argv) {
    enum { OPT_RAW = 256, OPT_ASM };
    static const struct option longopts[] = {{"disassemble", no_argument, NULL, 'd'},
                                             {"kernels", no_argument, NULL, 'k'},
                                             {"syms", no_argument, NULL, 't'},
                                             {"all-headers", no_argument, NULL, 'x'},
                                             {"raw", no_argument, NULL, OPT_RAW},
                                             {"asm", no_argument, NULL, OPT_ASM},
                                             {"help", no_argument, NULL, 'h'},
                                             {"version", no_argument, NULL, 'V'},
                                             {NULL, 0, NULL, 0}};
    options o = {0};
    int c;
    while ((c = getopt_long(argc, argv, "dktxhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': o.disasm = 1; break;
        case 'k': o.kernels = 1; break;
        case 't': o.symbols = 1; break;
        case 'x': o.headers = 1; break;
        case OPT_RAW: o.raw = 1; break;
        case OPT_ASM: o.as_asm = 1; break;
        case 'h': usage(stdout); return 0;
        case 'V': puts("hcc-objdump (HiGPU) 0.1.0"); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "hcc-objdump: no input files\n");
        usage(stderr);
        return 2;
    }
    if (!o.kernels && !o.symbols && !o.headers && !o.as_asm)
        o.disasm = 1;
    int rc = 0;
    for (int i = optind; i < argc; i++)
        rc |= dump_file(argv[i], &o) != 0;
    return rc;
}
