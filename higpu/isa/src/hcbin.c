/* hcbin.c -- the in-memory code object: lookup, freeing, and the consistency
 * rules that the reader, the writer and the assembler all enforce. */
#include "hcbin_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int hcbin_errf(char *err, size_t errlen, const char *fmt, ...) {
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int hcbin_ident_start(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '.' || c == '$';
}

int hcbin_ident_char(int c) {
    return hcbin_ident_start(c) || (c >= '0' && c <= '9');
}

int hcbin_name_ok(const char *name) {
    if (!name || !hcbin_ident_start((unsigned char)name[0]))
        return 0;
    for (const char *p = name + 1; *p; p++)
        if (!hcbin_ident_char((unsigned char)*p))
            return 0;
    return 1;
}

int hcbin_grow(void **arr, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem)
            return -1;
        n *= 2;
    }
    void *p = realloc(*arr, n * elem);
    if (!p)
        return -1;
    memset((char *)p + *cap * elem, 0, (n - *cap) * elem);
    *arr = p;
    *cap = n;
    return 0;
}

int hcbin_operand_index(const hisa_info *info, char letter) {
    for (unsigned i = 0; i < info->nopnd; i++)
        if (info->opnd[i] == letter)
            return (int)i;
    return -1;
}

void hcbin_free(hcbin *bin) {
    if (!bin)
        return;
    for (uint32_t i = 0; i < bin->nkernels; i++) {
        free(bin->kernels[i].name);
        free(bin->kernels[i].params);
    }
    for (uint32_t i = 0; i < bin->nfuncs; i++)
        free(bin->funcs[i].name);
    for (uint32_t i = 0; i < bin->nvars; i++)
        free(bin->vars[i].name);
    for (uint32_t i = 0; i < bin->nrelocs; i++)
        free(bin->relocs[i].symbol);
    for (uint32_t i = 0; i < bin->nlines; i++)
        free(bin->lines[i].file);
    free(bin->kernels);
    free(bin->funcs);
    free(bin->vars);
    free(bin->relocs);
    free(bin->lines);
    free(bin->text);
    free(bin->data);
    free(bin->cdata);
    free(bin);
}

const hcbin_kernel *hcbin_find_kernel(const hcbin *bin, const char *name) {
    for (uint32_t i = 0; i < bin->nkernels; i++)
        if (strcmp(bin->kernels[i].name, name) == 0)
            return &bin->kernels[i];
    return NULL;
}

const hcbin_var *hcbin_find_var(const hcbin *bin, const char *name) {
    for (uint32_t i = 0; i < bin->nvars; i++)
        if (strcmp(bin->vars[i].name, name) == 0)
            return &bin->vars[i];
    return NULL;
}

const hcbin_func *hcbin_find_func(const hcbin *bin, const char *name) {
    for (uint32_t i = 0; i < bin->nfuncs; i++)
        if (strcmp(bin->funcs[i].name, name) == 0)
            return &bin->funcs[i];
    return NULL;
}

/* Line records are sorted by offset (hcbin_check enforces it); each covers
 * the code up to the next record. */
const hcbin_line *hcbin_line_at(const hcbin *bin, uint32_t offset) {
    if (!bin->nlines || offset < bin->lines[0].offset)
        return NULL;
    uint32_t lo = 0, hi = bin->nlines; /* answer in [lo, hi) */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (bin->lines[mid].offset <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return &bin->lines[lo];
}

/* ---- consistency rules ---------------------------------------------------- */

static int cmp_str_ptr(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Function and variable names share one namespace (the symbol table); a
 * sorted copy finds duplicates in n log n even for hostile inputs. */
static int check_names(const hcbin *bin, char *err, size_t errlen) {
    size_t n = (size_t)bin->nfuncs + bin->nvars;
    if (!n)
        return 0;
    const char **names = malloc(n * sizeof *names);
    if (!names)
        return hcbin_errf(err, errlen, ".symtab: out of memory");
    for (uint32_t i = 0; i < bin->nfuncs; i++)
        names[i] = bin->funcs[i].name;
    for (uint32_t i = 0; i < bin->nvars; i++)
        names[bin->nfuncs + i] = bin->vars[i].name;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        if (!hcbin_name_ok(names[i]))
            rc = hcbin_errf(err, errlen, ".symtab: symbol name '%.64s' is not an identifier",
                            names[i] ? names[i] : "(null)");
    if (rc == 0) {
        qsort(names, n, sizeof *names, cmp_str_ptr);
        for (size_t i = 1; i < n && rc == 0; i++)
            if (strcmp(names[i - 1], names[i]) == 0)
                rc = hcbin_errf(err, errlen, ".symtab: symbol '%s' defined twice", names[i]);
    }
    free(names);
    return rc;
}

static uint64_t text_bytes(const hcbin *bin) {
    return (uint64_t)bin->ntext * HISA_INSN_BYTES;
}

static int is_branch_with_target(const hisa_info *info) {
    return hcbin_operand_index(info, 't') >= 0;
}

static int check_text(const hcbin *bin, char *err, size_t errlen) {
    for (uint32_t i = 0; i < bin->ntext; i++) {
        hisa_insn in;
        const char *why = NULL;
        uint64_t at = (uint64_t)i * HISA_INSN_BYTES;
        if (hisa_decode(bin->text[i], &in, &why) != 0)
            return hcbin_errf(err, errlen, ".text: instruction at 0x%llx: %s",
                              (unsigned long long)at, why);
        if (is_branch_with_target(hisa_info_of(in.op)) && in.immb >= text_bytes(bin))
            return hcbin_errf(err, errlen,
                              ".text: instruction at 0x%llx: branch target 0x%x beyond .text "
                              "(0x%llx bytes)",
                              (unsigned long long)at, in.immb, (unsigned long long)text_bytes(bin));
    }
    return 0;
}

static int check_funcs(const hcbin *bin, char *err, size_t errlen) {
    for (uint32_t i = 0; i < bin->nfuncs; i++) {
        const hcbin_func *f = &bin->funcs[i];
        if (f->offset % HISA_INSN_BYTES || f->size % HISA_INSN_BYTES || f->size == 0)
            return hcbin_errf(err, errlen,
                              ".symtab: function '%s' at 0x%x size 0x%x is not whole "
                              "instructions",
                              f->name, f->offset, f->size);
        if ((uint64_t)f->offset + f->size > text_bytes(bin))
            return hcbin_errf(err, errlen,
                              ".symtab: function '%s' (0x%x+0x%x) beyond .text (0x%llx bytes)",
                              f->name, f->offset, f->size, (unsigned long long)text_bytes(bin));
        if ((hcbin_find_kernel(bin, f->name) != NULL) != (f->is_kernel != 0))
            return hcbin_errf(err, errlen, ".hisa.kernels: function '%s' %s a kernel record",
                              f->name,
                              f->is_kernel ? "is a kernel without" : "is not a kernel but has");
    }
    return 0;
}

static uint64_t section_size(const hcbin *bin, hcbin_section s) {
    switch (s) {
    case HCBIN_SEC_DATA: return bin->data_size;
    case HCBIN_SEC_BSS: return bin->bss_size;
    case HCBIN_SEC_CONST: return bin->cdata_size;
    default: return 0;
    }
}

static int check_vars(const hcbin *bin, char *err, size_t errlen) {
    for (uint32_t i = 0; i < bin->nvars; i++) {
        const hcbin_var *v = &bin->vars[i];
        if (v->section != HCBIN_SEC_DATA && v->section != HCBIN_SEC_BSS &&
            v->section != HCBIN_SEC_CONST)
            return hcbin_errf(err, errlen, ".symtab: variable '%s' is not in a data section",
                              v->name);
        uint64_t size = section_size(bin, v->section);
        if (v->size > size || v->offset > size - v->size)
            return hcbin_errf(err, errlen,
                              ".symtab: variable '%s' (0x%llx+0x%llx) beyond its section "
                              "(0x%llx bytes)",
                              v->name, (unsigned long long)v->offset, (unsigned long long)v->size,
                              (unsigned long long)size);
    }
    return 0;
}

static int check_kernel(const hcbin *bin, const hcbin_kernel *k, char *err, size_t errlen) {
    const hcbin_func *f = k->name ? hcbin_find_func(bin, k->name) : NULL;
    if (!f)
        return hcbin_errf(err, errlen, ".hisa.kernels: kernel '%.64s' has no function symbol",
                          k->name ? k->name : "(null)");
    if ((uint64_t)k->entry + k->size > text_bytes(bin))
        return hcbin_errf(err, errlen,
                          ".hisa.kernels: kernel '%s' entry 0x%x beyond .text (0x%llx bytes)",
                          k->name, k->entry, (unsigned long long)text_bytes(bin));
    if (f->offset != k->entry || f->size != k->size)
        return hcbin_errf(err, errlen,
                          ".hisa.kernels: kernel '%s' code 0x%x+0x%x differs from its symbol "
                          "0x%x+0x%x",
                          k->name, k->entry, k->size, f->offset, f->size);
    if (k->nregs > HISA_NUM_GPRS)
        return hcbin_errf(err, errlen, ".hisa.kernels: kernel '%s' uses %u registers (max %u)",
                          k->name, k->nregs, (unsigned)HISA_NUM_GPRS);
    if (hcbin_find_kernel(bin, k->name) != k)
        return hcbin_errf(err, errlen, ".hisa.kernels: kernel '%s' listed twice", k->name);
    for (uint32_t p = 0; p < k->nparams; p++)
        if ((uint64_t)k->params[p].offset + k->params[p].size > k->param_bytes)
            return hcbin_errf(err, errlen,
                              ".hisa.kernels: kernel '%s' parameter %u (offset %u, size %u) "
                              "beyond its %u parameter bytes",
                              k->name, p, k->params[p].offset, k->params[p].size, k->param_bytes);
    return 0;
}

static int check_reloc(const hcbin *bin, const hcbin_reloc *r, uint64_t prev_end, char *err,
                       size_t errlen) {
    if (r->offset % HISA_INSN_BYTES || r->offset >= text_bytes(bin))
        return hcbin_errf(err, errlen, ".rela.text: relocation at 0x%x is not an instruction",
                          r->offset);
    if (r->offset < prev_end)
        return hcbin_errf(err, errlen, ".rela.text: relocation at 0x%x out of order", r->offset);
    int want_func = r->type == HCBIN_R_CODE;
    if (r->type != HCBIN_R_ADDR_LO && r->type != HCBIN_R_ADDR_HI && r->type != HCBIN_R_CODE)
        return hcbin_errf(err, errlen, ".rela.text: relocation at 0x%x has unknown type %u",
                          r->offset, r->type);
    if (!r->symbol ||
        (want_func ? !hcbin_find_func(bin, r->symbol) : !hcbin_find_var(bin, r->symbol)))
        return hcbin_errf(
            err, errlen, ".rela.text: relocation at 0x%x names %s '%.64s' that does not exist",
            r->offset, want_func ? "function" : "variable", r->symbol ? r->symbol : "(null)");
    /* The patched field is an immediate b that holds 0 in the file, so the
     * disassembly can print the symbol in its place and reassemble exactly. */
    hisa_insn in;
    hisa_decode(bin->text[r->offset / HISA_INSN_BYTES], &in, NULL);
    if (hcbin_operand_index(hisa_info_of(in.op), 'b') < 0 || !in.bimm || in.immb != 0)
        return hcbin_errf(err, errlen,
                          ".rela.text: relocation at 0x%x patches an instruction without a zero "
                          "immediate b",
                          r->offset);
    return 0;
}

static int check_lines(const hcbin *bin, char *err, size_t errlen) {
    for (uint32_t i = 0; i < bin->nlines; i++) {
        const hcbin_line *l = &bin->lines[i];
        if (l->offset % HISA_INSN_BYTES || l->offset >= text_bytes(bin) || !l->file)
            return hcbin_errf(err, errlen, ".hisa.lines: record %u at 0x%x is not an instruction",
                              i, l->offset);
        if (i && l->offset <= bin->lines[i - 1].offset)
            return hcbin_errf(err, errlen, ".hisa.lines: record %u at 0x%x out of order", i,
                              l->offset);
    }
    return 0;
}

int hcbin_check(const hcbin *bin, char *err, size_t errlen) {
    if (check_text(bin, err, errlen) || check_names(bin, err, errlen) ||
        check_funcs(bin, err, errlen) || check_vars(bin, err, errlen))
        return -1;
    for (uint32_t i = 0; i < bin->nkernels; i++)
        if (check_kernel(bin, &bin->kernels[i], err, errlen))
            return -1;
    uint64_t prev_end = 0;
    for (uint32_t i = 0; i < bin->nrelocs; i++) {
        if (check_reloc(bin, &bin->relocs[i], prev_end, err, errlen))
            return -1;
        prev_end = (uint64_t)bin->relocs[i].offset + HISA_INSN_BYTES;
    }
    return check_lines(bin, err, errlen);
}
