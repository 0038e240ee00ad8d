/* hcbin_write.c -- serialising a code object to ELF64 with libelf.
 *
 * The layout is fixed by the contents alone (same hcbin, same bytes), which
 * is what lets "hias | hcc-objdump --asm | hias" reproduce a file exactly. */
#define _GNU_SOURCE
#include "hcbin_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A growing byte buffer; also used as an ELF string table. */
typedef struct bytes {
    uint8_t *p;
    size_t len, cap;
    int oom;
} bytes;

static size_t bytes_add(bytes *b, const void *src, size_t n) {
    size_t at = b->len;
    if (b->oom || hcbin_grow((void **)&b->p, &b->cap, b->len + n, 1)) {
        b->oom = 1;
        return at;
    }
    if (n)
        memcpy(b->p + b->len, src, n);
    b->len += n;
    return at;
}

static uint32_t str_add(bytes *b, const char *s) {
    return (uint32_t)bytes_add(b, s, strlen(s) + 1);
}

/* Offset of s in a string table, adding it the first time (file names repeat
 * for every line record). */
static uint32_t str_intern(bytes *b, const char *s) {
    size_t n = strlen(s) + 1;
    for (size_t at = 0; at + n <= b->len; at += strlen((char *)b->p + at) + 1)
        if (memcmp(b->p + at, s, n) == 0)
            return (uint32_t)at;
    return str_add(b, s);
}

/* Everything the ELF file is built from; freed in one place. */
typedef struct image {
    bytes text, kernels, lines, files, strtab, shstrtab;
    Elf64_Sym *syms;
    Elf64_Rela *relas;
    uint32_t nsyms;
    uint32_t *func_name; /* .strtab offset of each function's name */
} image;

static void image_free(image *im) {
    free(im->text.p);
    free(im->kernels.p);
    free(im->lines.p);
    free(im->files.p);
    free(im->strtab.p);
    free(im->shstrtab.p);
    free(im->syms);
    free(im->relas);
    free(im->func_name);
}

/* Section indexes in the order they are written. */
typedef struct layout {
    size_t text, data, bss, cnst, kernels, lines, files, rela, symtab, strtab, shstrtab;
} layout;

static layout layout_of(const hcbin *bin) {
    layout l = {.text = 1, .data = 2, .bss = 3, .cnst = 4, .kernels = 5};
    size_t next = 6;
    if (bin->nlines) {
        l.lines = next++;
        l.files = next++;
    }
    l.rela = next++;
    l.symtab = next++;
    l.strtab = next++;
    l.shstrtab = next;
    return l;
}

static size_t var_shndx(const layout *l, hcbin_section s) {
    return s == HCBIN_SEC_DATA ? l->data : s == HCBIN_SEC_BSS ? l->bss : l->cnst;
}

static uint32_t symbol_index(const hcbin *bin, const char *name) {
    for (uint32_t i = 0; i < bin->nfuncs; i++)
        if (strcmp(bin->funcs[i].name, name) == 0)
            return 1 + i;
    for (uint32_t i = 0; i < bin->nvars; i++)
        if (strcmp(bin->vars[i].name, name) == 0)
            return 1 + bin->nfuncs + i;
    return 0;
}

/* .symtab: the null symbol, then functions, then variables, all global. */
static int build_symbols(const hcbin *bin, const layout *l, image *im) {
    im->nsyms = 1 + bin->nfuncs + bin->nvars;
    im->syms = calloc(im->nsyms, sizeof *im->syms);
    im->func_name = calloc(bin->nfuncs + 1, sizeof *im->func_name);
    if (!im->syms || !im->func_name)
        return -1;
    str_add(&im->strtab, "");
    Elf64_Sym *s = im->syms + 1;
    for (uint32_t i = 0; i < bin->nfuncs; i++, s++) {
        const hcbin_func *f = &bin->funcs[i];
        s->st_name = im->func_name[i] = str_add(&im->strtab, f->name);
        s->st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
        s->st_shndx = (Elf64_Section)l->text;
        s->st_value = f->offset;
        s->st_size = f->size;
    }
    for (uint32_t i = 0; i < bin->nvars; i++, s++) {
        const hcbin_var *v = &bin->vars[i];
        s->st_name = str_add(&im->strtab, v->name);
        s->st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT);
        s->st_shndx = (Elf64_Section)var_shndx(l, v->section);
        s->st_value = v->offset;
        s->st_size = v->size;
    }
    return im->strtab.oom ? -1 : 0;
}

/* .hisa.kernels: the records, then every kernel's parameter array. */
static int build_kernels(const hcbin *bin, image *im) {
    uint64_t param_at = (uint64_t)bin->nkernels * HCBIN_KREC_BYTES;
    for (uint32_t i = 0; i < bin->nkernels; i++) {
        const hcbin_kernel *k = &bin->kernels[i];
        uint32_t name = 0;
        for (uint32_t f = 0; f < bin->nfuncs; f++)
            if (strcmp(bin->funcs[f].name, k->name) == 0)
                name = im->func_name[f];
        uint32_t fields[HCBIN_KREC_BYTES / 4] = {
            name,           k->entry,       k->size,        k->nregs,   k->shared_bytes,
            k->local_bytes, k->max_threads, k->param_bytes, k->nparams, (uint32_t)param_at,
            k->flags,
        };
        uint8_t rec[HCBIN_KREC_BYTES];
        for (unsigned w = 0; w < HCBIN_KREC_BYTES / 4; w++)
            hcbin_wr32(rec + 4 * w, fields[w]);
        bytes_add(&im->kernels, rec, sizeof rec);
        param_at += (uint64_t)k->nparams * HCBIN_PREC_BYTES;
        if (param_at > UINT32_MAX)
            return -1;
    }
    for (uint32_t i = 0; i < bin->nkernels; i++)
        for (uint32_t p = 0; p < bin->kernels[i].nparams; p++) {
            uint8_t rec[HCBIN_PREC_BYTES];
            hcbin_wr32(rec, bin->kernels[i].params[p].offset);
            hcbin_wr32(rec + 4, bin->kernels[i].params[p].size);
            bytes_add(&im->kernels, rec, sizeof rec);
        }
    return im->kernels.oom ? -1 : 0;
}

static int build_lines(const hcbin *bin, image *im) {
    if (!bin->nlines)
        return 0;
    str_add(&im->files, "");
    for (uint32_t i = 0; i < bin->nlines; i++) {
        const hcbin_line *l = &bin->lines[i];
        uint8_t rec[HCBIN_LREC_BYTES];
        hcbin_wr32(rec, l->offset);
        hcbin_wr32(rec + 4, str_intern(&im->files, l->file));
        hcbin_wr32(rec + 8, l->line);
        hcbin_wr32(rec + 12, l->column);
        bytes_add(&im->lines, rec, sizeof rec);
    }
    return im->lines.oom || im->files.oom ? -1 : 0;
}

static int build_image(const hcbin *bin, const layout *l, image *im) {
    for (uint32_t i = 0; i < bin->ntext; i++) {
        uint8_t w[HISA_INSN_BYTES];
        hcbin_wr64(w, bin->text[i].lo);
        hcbin_wr64(w + 8, bin->text[i].hi);
        bytes_add(&im->text, w, sizeof w);
    }
    if (im->text.oom || build_symbols(bin, l, im) || build_kernels(bin, im) || build_lines(bin, im))
        return -1;
    if (bin->nrelocs && !(im->relas = calloc(bin->nrelocs, sizeof *im->relas)))
        return -1;
    for (uint32_t i = 0; i < bin->nrelocs; i++) {
        const hcbin_reloc *r = &bin->relocs[i];
        im->relas[i].r_offset = r->offset;
        im->relas[i].r_info = ELF64_R_INFO(symbol_index(bin, r->symbol), r->type);
        im->relas[i].r_addend = r->addend;
    }
    return 0;
}

/* One section: header fields plus its single data block. */
typedef struct secdesc {
    const char *name;
    Elf64_Word type;
    Elf64_Xword flags, entsize, align;
    Elf64_Word link, info;
    Elf_Type dtype;
    const void *buf;
    size_t size;
    int line_info; /* only written when the object has line records */
} secdesc;

static int add_section(Elf *e, uint32_t name, const secdesc *d) {
    Elf_Scn *scn = elf_newscn(e);
    Elf_Data *data = scn ? elf_newdata(scn) : NULL;
    GElf_Shdr sh;
    if (!data || !gelf_getshdr(scn, &sh))
        return -1;
    data->d_buf = (void *)d->buf;
    data->d_size = d->size;
    data->d_type = d->dtype;
    data->d_align = d->align;
    data->d_version = EV_CURRENT;
    sh.sh_name = name;
    sh.sh_type = d->type;
    sh.sh_flags = d->flags;
    sh.sh_entsize = d->entsize;
    sh.sh_addralign = d->align;
    sh.sh_link = d->link;
    sh.sh_info = d->info;
    return gelf_update_shdr(scn, &sh) ? 0 : -1;
}

static int add_sections(Elf *e, const hcbin *bin, const layout *l, image *im) {
    secdesc secs[] = {
        {HCBIN_SN_TEXT, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0, 16, 0, 0, ELF_T_BYTE,
         im->text.p, im->text.len, 0},
        {HCBIN_SN_DATA, SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0, 16, 0, 0, ELF_T_BYTE, bin->data,
         bin->data_size, 0},
        {HCBIN_SN_BSS, SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 0, 16, 0, 0, ELF_T_BYTE, NULL,
         bin->bss_size, 0},
        {HCBIN_SN_CONST, SHT_PROGBITS, SHF_ALLOC, 0, 16, 0, 0, ELF_T_BYTE, bin->cdata,
         bin->cdata_size, 0},
        {HCBIN_SN_KERNELS, SHT_PROGBITS, 0, 0, 4, 0, 0, ELF_T_BYTE, im->kernels.p, im->kernels.len,
         0},
        {HCBIN_SN_LINES, SHT_PROGBITS, 0, HCBIN_LREC_BYTES, 4, (Elf64_Word)l->files, 0, ELF_T_BYTE,
         im->lines.p, im->lines.len, 1},
        {HCBIN_SN_FILES, SHT_STRTAB, 0, 0, 1, 0, 0, ELF_T_BYTE, im->files.p, im->files.len, 1},
        {HCBIN_SN_RELA, SHT_RELA, SHF_INFO_LINK, sizeof(Elf64_Rela), 8, (Elf64_Word)l->symtab,
         (Elf64_Word)l->text, ELF_T_RELA, im->relas, bin->nrelocs * sizeof(Elf64_Rela), 0},
        {HCBIN_SN_SYMTAB, SHT_SYMTAB, 0, sizeof(Elf64_Sym), 8, (Elf64_Word)l->strtab, 1, ELF_T_SYM,
         im->syms, im->nsyms * sizeof(Elf64_Sym), 0},
        {HCBIN_SN_STRTAB, SHT_STRTAB, 0, 0, 1, 0, 0, ELF_T_BYTE, im->strtab.p, im->strtab.len, 0},
        {HCBIN_SN_SHSTRTAB, SHT_STRTAB, 0, 0, 1, 0, 0, ELF_T_BYTE, NULL, 0, 0},
    };
    const size_t n = sizeof secs / sizeof secs[0];
    /* Name every section first: .shstrtab's own buffer must be final before
     * it is handed to libelf. */
    uint32_t names[sizeof secs / sizeof secs[0]];
    str_add(&im->shstrtab, "");
    for (size_t i = 0; i < n; i++)
        if (!secs[i].line_info || bin->nlines)
            names[i] = str_add(&im->shstrtab, secs[i].name);
    if (im->shstrtab.oom)
        return -1;
    secs[n - 1].buf = im->shstrtab.p;
    secs[n - 1].size = im->shstrtab.len;
    for (size_t i = 0; i < n; i++)
        if ((!secs[i].line_info || bin->nlines) && add_section(e, names[i], &secs[i]))
            return -1;
    return 0;
}

static int write_elf(int fd, const hcbin *bin, image *im, char *err, size_t errlen) {
    layout l = layout_of(bin);
    if (build_image(bin, &l, im))
        return hcbin_errf(err, errlen, "out of memory");
    Elf *e = elf_begin(fd, ELF_C_WRITE, NULL);
    GElf_Ehdr eh;
    if (!e || !gelf_newehdr(e, ELFCLASS64) || !gelf_getehdr(e, &eh)) {
        if (e)
            elf_end(e);
        return hcbin_errf(err, errlen, "libelf: %s", elf_errmsg(-1));
    }
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_OSABI] = ELFOSABI_NONE;
    eh.e_type = ET_EXEC;
    eh.e_machine = HCBIN_EM;
    eh.e_version = EV_CURRENT;
    eh.e_flags = HCBIN_VERSION;
    eh.e_shstrndx = (Elf64_Half)l.shstrtab; /* always below SHN_LORESERVE */
    int rc = 0;
    if (add_sections(e, bin, &l, im) || !gelf_update_ehdr(e, &eh) || elf_update(e, ELF_C_WRITE) < 0)
        rc = hcbin_errf(err, errlen, "libelf: %s", elf_errmsg(-1));
    elf_end(e);
    return rc;
}

/* libelf writes only to file descriptors; a memfd keeps it off the disk. */
int hcbin_write_mem(const hcbin *bin, void **buf, size_t *len, char *err, size_t errlen) {
    *buf = NULL;
    *len = 0;
    if (hcbin_check(bin, err, errlen))
        return -1;
    if (elf_version(EV_CURRENT) == EV_NONE)
        return hcbin_errf(err, errlen, "libelf: %s", elf_errmsg(-1));
    int fd = memfd_create("hcbin", MFD_CLOEXEC);
    if (fd < 0)
        return hcbin_errf(err, errlen, "memfd_create: %s", strerror(errno));
    image im = {0};
    int rc = write_elf(fd, bin, &im, err, errlen);
    image_free(&im);
    off_t size = rc == 0 ? lseek(fd, 0, SEEK_END) : -1;
    uint8_t *p = size > 0 ? malloc((size_t)size) : NULL;
    if (rc == 0 && (!p || pread(fd, p, (size_t)size, 0) != size)) {
        free(p);
        p = NULL;
        rc = hcbin_errf(err, errlen, "reading back the ELF image failed");
    }
    close(fd);
    if (rc == 0) {
        *buf = p;
        *len = (size_t)size;
    }
    return rc;
}

int hcbin_write_file(const hcbin *bin, const char *path, char *err, size_t errlen) {
    void *buf;
    size_t len;
    if (hcbin_write_mem(bin, &buf, &len, err, errlen))
        return -1;
    FILE *f = fopen(path, "wb");
    int rc = 0;
    if (!f) {
        rc = hcbin_errf(err, errlen, "%s: %s", path, strerror(errno));
    } else {
        size_t n = fwrite(buf, 1, len, f);
        if (fclose(f) != 0 || n != len)
            rc = hcbin_errf(err, errlen, "%s: write failed: %s", path, strerror(errno));
    }
    free(buf);
    return rc;
}
