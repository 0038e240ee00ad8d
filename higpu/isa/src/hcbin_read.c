/* hcbin_read.c -- reading and validating a .hcbin (ELF64) with libelf.
 *
 * Input may be anything (the reader is fuzzed): every size, offset, index and
 * string is checked before use, ELF structure here and the code object's own
 * rules in hcbin_check. */
#include "hcbin_internal.h"

#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The sections the reader knows; others are ignored. */
enum {
    S_TEXT,
    S_DATA,
    S_BSS,
    S_CONST,
    S_KERNELS,
    S_LINES,
    S_FILES,
    S_RELA,
    S_SYMTAB,
    S_STRTAB,
    S_COUNT
};

static const struct {
    const char *name;
    Elf64_Word type;
    int required;
} known[S_COUNT] = {
    [S_TEXT] = {HCBIN_SN_TEXT, SHT_PROGBITS, 1},
    [S_DATA] = {HCBIN_SN_DATA, SHT_PROGBITS, 0},
    [S_BSS] = {HCBIN_SN_BSS, SHT_NOBITS, 0},
    [S_CONST] = {HCBIN_SN_CONST, SHT_PROGBITS, 0},
    [S_KERNELS] = {HCBIN_SN_KERNELS, SHT_PROGBITS, 1},
    [S_LINES] = {HCBIN_SN_LINES, SHT_PROGBITS, 0},
    [S_FILES] = {HCBIN_SN_FILES, SHT_STRTAB, 0},
    [S_RELA] = {HCBIN_SN_RELA, SHT_RELA, 0},
    [S_SYMTAB] = {HCBIN_SN_SYMTAB, SHT_SYMTAB, 1},
    [S_STRTAB] = {HCBIN_SN_STRTAB, SHT_STRTAB, 1},
};

typedef struct reader {
    Elf *e;
    size_t len;
    struct {
        Elf_Scn *scn;
        GElf_Shdr sh;
        size_t index;
        const uint8_t *bytes; /* sh_size bytes (NULL for .bss or absent) */
    } sec[S_COUNT];
    const char **symname; /* symbol index -> name owned by the hcbin */
    size_t nsyms;
    hcbin *bin;
    char *err;
    size_t errlen;
} reader;

#define FAIL(r, ...) hcbin_errf((r)->err, (r)->errlen, __VA_ARGS__)

static int check_header(reader *r) {
    GElf_Ehdr eh;
    if (elf_kind(r->e) != ELF_K_ELF || !gelf_getehdr(r->e, &eh))
        return FAIL(r, "not an ELF file");
    if (gelf_getclass(r->e) != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB)
        return FAIL(r, "ELF header: not little-endian ELF64");
    if (eh.e_machine != HCBIN_EM)
        return FAIL(r, "ELF header: machine 0x%x is not HiGPU (0x%x)", eh.e_machine, HCBIN_EM);
    if (eh.e_ident[EI_VERSION] != EV_CURRENT || eh.e_version != EV_CURRENT)
        return FAIL(r, "ELF header: unknown ELF version %u", (unsigned)eh.e_version);
    if (eh.e_type != ET_EXEC)
        return FAIL(r, "ELF header: type %u is not ET_EXEC", (unsigned)eh.e_type);
    if (eh.e_flags != HCBIN_VERSION)
        return FAIL(r, "ELF header: hcbin version %u, this reader knows %u", (unsigned)eh.e_flags,
                    HCBIN_VERSION);
    return 0;
}

static int take_section(reader *r, Elf_Scn *scn, size_t shstrndx) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh))
        return FAIL(r, "section %zu: bad header", elf_ndxscn(scn));
    const char *name = elf_strptr(r->e, shstrndx, sh.sh_name);
    if (!name)
        return FAIL(r, "section %zu: bad name", elf_ndxscn(scn));
    int k = 0;
    while (k < S_COUNT && strcmp(known[k].name, name) != 0)
        k++;
    if (k == S_COUNT)
        return 0;
    if (r->sec[k].scn)
        return FAIL(r, "%s: section appears twice", name);
    if (sh.sh_type != known[k].type)
        return FAIL(r, "%s: section type %u, expected %u", name, (unsigned)sh.sh_type,
                    (unsigned)known[k].type);
    if (sh.sh_type != SHT_NOBITS && (sh.sh_offset > r->len || sh.sh_size > r->len - sh.sh_offset))
        return FAIL(r, "%s: 0x%llx bytes at 0x%llx beyond the file (0x%zx bytes)", name,
                    (unsigned long long)sh.sh_size, (unsigned long long)sh.sh_offset, r->len);
    r->sec[k].scn = scn;
    r->sec[k].sh = sh;
    r->sec[k].index = elf_ndxscn(scn);
    if (sh.sh_type == SHT_NOBITS || sh.sh_size == 0)
        return 0;
    /* Raw bytes: records are decoded field by field, never cast. */
    Elf_Data *d = elf_rawdata(scn, NULL);
    if (!d || d->d_size != sh.sh_size || !d->d_buf)
        return FAIL(r, "%s: unreadable section data", name);
    r->sec[k].bytes = d->d_buf;
    return 0;
}

static int find_sections(reader *r) {
    size_t shstrndx, shnum;
    if (elf_getshdrnum(r->e, &shnum) != 0 || elf_getshdrstrndx(r->e, &shstrndx) != 0)
        return FAIL(r, "ELF header: bad section header table: %s", elf_errmsg(-1));
    for (Elf_Scn *scn = elf_nextscn(r->e, NULL); scn; scn = elf_nextscn(r->e, scn))
        if (take_section(r, scn, shstrndx))
            return -1;
    for (int k = 0; k < S_COUNT; k++)
        if (known[k].required && !r->sec[k].scn)
            return FAIL(r, "missing section %s", known[k].name);
    if (r->sec[S_LINES].scn && !r->sec[S_FILES].scn)
        return FAIL(r, "%s without %s", HCBIN_SN_LINES, HCBIN_SN_FILES);
    return 0;
}

static uint64_t sec_size(const reader *r, int k) {
    return r->sec[k].scn ? r->sec[k].sh.sh_size : 0;
}

static int read_text(reader *r) {
    uint64_t size = sec_size(r, S_TEXT);
    if (size % HISA_INSN_BYTES || size / HISA_INSN_BYTES > UINT32_MAX)
        return FAIL(r, ".text: size 0x%llx is not whole instructions", (unsigned long long)size);
    r->bin->ntext = (uint32_t)(size / HISA_INSN_BYTES);
    if (size && !(r->bin->text = malloc(size)))
        return FAIL(r, ".text: out of memory");
    for (uint32_t i = 0; i < r->bin->ntext; i++) {
        const uint8_t *p = r->sec[S_TEXT].bytes + (size_t)i * HISA_INSN_BYTES;
        r->bin->text[i].lo = hcbin_rd64(p);
        r->bin->text[i].hi = hcbin_rd64(p + 8);
    }
    return 0;
}

static int copy_bytes(reader *r, int k, uint8_t **out, uint64_t *size) {
    *size = sec_size(r, k);
    if (!*size)
        return 0;
    if (!(*out = malloc(*size)))
        return FAIL(r, "%s: out of memory", known[k].name);
    memcpy(*out, r->sec[k].bytes, *size);
    return 0;
}

/* A string of .strtab (or another string section), or NULL. */
static const char *string_at(reader *r, int k, uint64_t off) {
    return elf_strptr(r->e, r->sec[k].index, off);
}

static char *dup_or_fail(reader *r, const char *s, const char *what) {
    char *d = strdup(s);
    if (!d)
        FAIL(r, "%s: out of memory", what);
    return d;
}

/* One symbol into funcs or vars; sym index i. */
static int take_symbol(reader *r, size_t i, const GElf_Sym *s) {
    const char *name = string_at(r, S_STRTAB, s->st_name);
    if (!name)
        return FAIL(r, ".symtab: symbol %zu has a bad name offset 0x%x", i, (unsigned)s->st_name);
    int type = GELF_ST_TYPE(s->st_info);
    hcbin *bin = r->bin;
    if (type == STT_FUNC) {
        if (s->st_shndx != r->sec[S_TEXT].index || s->st_value > UINT32_MAX ||
            s->st_size > UINT32_MAX)
            return FAIL(r, ".symtab: function '%.64s' is not in .text", name);
        hcbin_func *f = &bin->funcs[bin->nfuncs];
        if (!(f->name = dup_or_fail(r, name, ".symtab")))
            return -1;
        bin->nfuncs++;
        f->offset = (uint32_t)s->st_value;
        f->size = (uint32_t)s->st_size;
        r->symname[i] = f->name;
        return 0;
    }
    if (type != STT_OBJECT)
        return FAIL(r, ".symtab: symbol '%.64s' has unsupported type %d", name, type);
    static const int var_secs[] = {S_DATA, S_BSS, S_CONST};
    static const hcbin_section var_kind[] = {HCBIN_SEC_DATA, HCBIN_SEC_BSS, HCBIN_SEC_CONST};
    hcbin_var *v = &bin->vars[bin->nvars];
    int found = 0;
    for (int k = 0; k < 3; k++)
        if (r->sec[var_secs[k]].scn && s->st_shndx == r->sec[var_secs[k]].index) {
            v->section = var_kind[k];
            found = 1;
        }
    if (!found)
        return FAIL(r, ".symtab: variable '%.64s' is not in .data, .bss or .hisa.const", name);
    if (!(v->name = dup_or_fail(r, name, ".symtab")))
        return -1;
    bin->nvars++;
    v->offset = s->st_value;
    v->size = s->st_size;
    r->symname[i] = v->name;
    return 0;
}

static int read_symbols(reader *r) {
    const GElf_Shdr *sh = &r->sec[S_SYMTAB].sh;
    if (sh->sh_entsize != sizeof(Elf64_Sym) || sh->sh_size % sizeof(Elf64_Sym) ||
        sh->sh_link != r->sec[S_STRTAB].index)
        return FAIL(r, ".symtab: bad entry size, size or string table link");
    Elf_Data *d = elf_getdata(r->sec[S_SYMTAB].scn, NULL);
    r->nsyms = sh->sh_size / sizeof(Elf64_Sym);
    if (!d || r->nsyms == 0 || r->nsyms > UINT32_MAX)
        return FAIL(r, ".symtab: unreadable");
    r->symname = calloc(r->nsyms, sizeof *r->symname);
    r->bin->funcs = calloc(r->nsyms, sizeof *r->bin->funcs);
    r->bin->vars = calloc(r->nsyms, sizeof *r->bin->vars);
    if (!r->symname || !r->bin->funcs || !r->bin->vars)
        return FAIL(r, ".symtab: out of memory");
    for (size_t i = 1; i < r->nsyms; i++) {
        GElf_Sym s;
        if (!gelf_getsym(d, (int)i, &s))
            return FAIL(r, ".symtab: symbol %zu unreadable", i);
        if (take_symbol(r, i, &s))
            return -1;
    }
    return 0;
}

static int read_params(reader *r, hcbin_kernel *k, uint32_t at, uint32_t first) {
    uint64_t size = sec_size(r, S_KERNELS);
    if (at < first || at % 4 || (uint64_t)at + (uint64_t)k->nparams * HCBIN_PREC_BYTES > size)
        return FAIL(r, ".hisa.kernels: kernel '%s' parameters (%u at 0x%x) outside the section",
                    k->name, k->nparams, at);
    if (k->nparams && !(k->params = calloc(k->nparams, sizeof *k->params)))
        return FAIL(r, ".hisa.kernels: out of memory");
    for (uint32_t p = 0; p < k->nparams; p++) {
        const uint8_t *rec = r->sec[S_KERNELS].bytes + at + (size_t)p * HCBIN_PREC_BYTES;
        k->params[p].offset = hcbin_rd32(rec);
        k->params[p].size = hcbin_rd32(rec + 4);
    }
    return 0;
}

static int read_kernel(reader *r, const uint8_t *rec, uint32_t first_param) {
    uint32_t f[HCBIN_KREC_BYTES / 4];
    for (unsigned i = 0; i < HCBIN_KREC_BYTES / 4; i++)
        f[i] = hcbin_rd32(rec + 4 * i);
    const char *name = string_at(r, S_STRTAB, f[0]);
    if (!name)
        return FAIL(r, ".hisa.kernels: kernel %u has a bad name offset 0x%x", r->bin->nkernels,
                    f[0]);
    for (unsigned i = 11; i < HCBIN_KREC_BYTES / 4; i++)
        if (f[i])
            return FAIL(r, ".hisa.kernels: kernel '%.64s' has nonzero reserved fields", name);
    hcbin_kernel *k = &r->bin->kernels[r->bin->nkernels];
    if (!(k->name = dup_or_fail(r, name, ".hisa.kernels")))
        return -1;
    r->bin->nkernels++;
    k->entry = f[1];
    k->size = f[2];
    k->nregs = f[3];
    k->shared_bytes = f[4];
    k->local_bytes = f[5];
    k->max_threads = f[6];
    k->param_bytes = f[7];
    k->nparams = f[8];
    k->flags = f[10];
    return read_params(r, k, f[9], first_param);
}

/* The section is n records followed by their P parameter records, so its
 * size is 64 n + 8 P with P summed over the first n records: that size
 * grows with n, so the count is the one n that fits exactly. */
static int count_kernels(reader *r, uint64_t *count) {
    uint64_t size = sec_size(r, S_KERNELS), n = 0, params = 0;
    while (n * HCBIN_KREC_BYTES + params * HCBIN_PREC_BYTES < size) {
        if ((n + 1) * HCBIN_KREC_BYTES + params * HCBIN_PREC_BYTES > size)
            break;
        params += hcbin_rd32(r->sec[S_KERNELS].bytes + n * HCBIN_KREC_BYTES +
                             offsetof(hcbin_kernel_rec, nparams));
        n++;
    }
    if (n * HCBIN_KREC_BYTES + params * HCBIN_PREC_BYTES != size)
        return FAIL(r, ".hisa.kernels: size 0x%llx is not whole kernel and parameter records",
                    (unsigned long long)size);
    *count = n;
    return 0;
}

static int read_kernels(reader *r) {
    uint64_t n = 0;
    if (count_kernels(r, &n))
        return -1;
    if (n && !(r->bin->kernels = calloc(n, sizeof *r->bin->kernels)))
        return FAIL(r, ".hisa.kernels: out of memory");
    for (uint64_t i = 0; i < n; i++)
        if (read_kernel(r, r->sec[S_KERNELS].bytes + i * HCBIN_KREC_BYTES,
                        (uint32_t)(n * HCBIN_KREC_BYTES)))
            return -1;
    for (uint32_t i = 0; i < r->bin->nfuncs; i++)
        r->bin->funcs[i].is_kernel = hcbin_find_kernel(r->bin, r->bin->funcs[i].name) != NULL;
    return 0;
}

static int read_relocs(reader *r) {
    if (!r->sec[S_RELA].scn)
        return 0;
    const GElf_Shdr *sh = &r->sec[S_RELA].sh;
    if (sh->sh_entsize != sizeof(Elf64_Rela) || sh->sh_size % sizeof(Elf64_Rela) ||
        sh->sh_link != r->sec[S_SYMTAB].index || sh->sh_info != r->sec[S_TEXT].index)
        return FAIL(r, ".rela.text: bad entry size, size, symbol table or section link");
    uint64_t n = sh->sh_size / sizeof(Elf64_Rela);
    Elf_Data *d = n ? elf_getdata(r->sec[S_RELA].scn, NULL) : NULL;
    if (n && (!d || n > UINT32_MAX || !(r->bin->relocs = calloc(n, sizeof *r->bin->relocs))))
        return FAIL(r, ".rela.text: unreadable");
    for (uint64_t i = 0; i < n; i++) {
        GElf_Rela ra;
        if (!gelf_getrela(d, (int)i, &ra))
            return FAIL(r, ".rela.text: entry %llu unreadable", (unsigned long long)i);
        uint64_t sym = GELF_R_SYM(ra.r_info);
        if (sym == 0 || sym >= r->nsyms || ra.r_offset > UINT32_MAX)
            return FAIL(r, ".rela.text: entry %llu has a bad symbol or offset",
                        (unsigned long long)i);
        hcbin_reloc *rel = &r->bin->relocs[r->bin->nrelocs];
        if (!(rel->symbol = dup_or_fail(r, r->symname[sym], ".rela.text")))
            return -1;
        r->bin->nrelocs++;
        rel->offset = (uint32_t)ra.r_offset;
        rel->type = (uint32_t)GELF_R_TYPE(ra.r_info);
        rel->addend = ra.r_addend;
    }
    return 0;
}

static int read_lines(reader *r) {
    uint64_t size = sec_size(r, S_LINES);
    if (!size)
        return 0;
    if (size % HCBIN_LREC_BYTES || size / HCBIN_LREC_BYTES > UINT32_MAX)
        return FAIL(r, ".hisa.lines: size 0x%llx is not whole records", (unsigned long long)size);
    uint64_t n = size / HCBIN_LREC_BYTES;
    if (!(r->bin->lines = calloc(n, sizeof *r->bin->lines)))
        return FAIL(r, ".hisa.lines: out of memory");
    for (uint64_t i = 0; i < n; i++) {
        const uint8_t *rec = r->sec[S_LINES].bytes + i * HCBIN_LREC_BYTES;
        const char *file = string_at(r, S_FILES, hcbin_rd32(rec + 4));
        if (!file)
            return FAIL(r, ".hisa.lines: record %llu has a bad file name offset",
                        (unsigned long long)i);
        hcbin_line *l = &r->bin->lines[r->bin->nlines];
        if (!(l->file = dup_or_fail(r, file, ".hisa.lines")))
            return -1;
        r->bin->nlines++;
        l->offset = hcbin_rd32(rec);
        l->line = hcbin_rd32(rec + 8);
        l->column = hcbin_rd32(rec + 12);
    }
    return 0;
}

static int read_all(reader *r) {
    hcbin *bin = r->bin;
    if (check_header(r) || find_sections(r) || read_text(r) ||
        copy_bytes(r, S_DATA, &bin->data, &bin->data_size) ||
        copy_bytes(r, S_CONST, &bin->cdata, &bin->cdata_size))
        return -1;
    bin->bss_size = sec_size(r, S_BSS);
    if (read_symbols(r) || read_kernels(r) || read_relocs(r) || read_lines(r))
        return -1;
    return hcbin_check(bin, r->err, r->errlen);
}

int hcbin_read_mem(const void *buf, size_t len, hcbin **out, char *err, size_t errlen) {
    *out = NULL;
    if (elf_version(EV_CURRENT) == EV_NONE)
        return hcbin_errf(err, errlen, "libelf: %s", elf_errmsg(-1));
    /* libelf wants a writable image; a private copy keeps the caller's const. */
    char *image = malloc(len ? len : 1);
    hcbin *bin = calloc(1, sizeof *bin);
    if (!image || !bin) {
        free(image);
        free(bin);
        return hcbin_errf(err, errlen, "out of memory");
    }
    if (len)
        memcpy(image, buf, len);
    reader r = {.len = len, .bin = bin, .err = err, .errlen = errlen};
    r.e = elf_memory(image, len);
    int rc = r.e ? read_all(&r) : hcbin_errf(err, errlen, "not an ELF file");
    if (r.e)
        elf_end(r.e);
    free(r.symname);
    free(image);
    if (rc) {
        hcbin_free(bin);
        return -1;
    }
    *out = bin;
    return 0;
}

int hcbin_read_file(const char *path, hcbin **out, char *err, size_t errlen) {
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return hcbin_errf(err, errlen, "%s: %s", path, strerror(errno));
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (hcbin_grow((void **)&buf, &cap, len + 65536, 1)) {
            rc = hcbin_errf(err, errlen, "%s: out of memory", path);
            break;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            if (ferror(f))
                rc = hcbin_errf(err, errlen, "%s: read error", path);
            break;
        }
    }
    fclose(f);
    char inner[512];
    if (rc == 0 && hcbin_read_mem(buf, len, out, inner, sizeof inner))
        rc = hcbin_errf(err, errlen, "%s: %s", path, inner);
    free(buf);
    return rc;
}
