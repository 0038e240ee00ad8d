/* module.c -- loading a code object into a context: device variables,
 * relocations, pre-decoding, and per-kernel initial register files. */
#include <stdio.h>
#include <stdlib.h>

#include "ctx_internal.h"

static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

/* Device address (or code offset) a relocation refers to. */
static int reloc_value(const hg_module *mod, const hcbin_reloc *r, uint64_t *out) {
    if (r->type == HCBIN_R_CODE) {
        const hcbin_func *f = hcbin_find_func(mod->bin, r->symbol);
        if (!f)
            return -1;
        *out = f->offset + (uint64_t)r->addend;
        return 0;
    }
    const hcbin_var *v = hcbin_find_var(mod->bin, r->symbol);
    if (!v)
        return -1;
    uint64_t base = v->section == HCBIN_SEC_CONST ? mod->const_dptr
                    : v->section == HCBIN_SEC_BSS ? mod->bss_dptr : mod->data_dptr;
    *out = base + v->offset + (uint64_t)r->addend;
    return 0;
}

/* Patches immB of the relocated instructions in a copy of .text. */
static hg_status relocate(hg_module *mod, hisa_word *words, char *err, size_t errlen) {
    for (uint32_t i = 0; i < mod->bin->nrelocs; i++) {
        const hcbin_reloc *r = &mod->bin->relocs[i];
        uint64_t v;
        if (r->offset % HISA_INSN_BYTES || r->offset / HISA_INSN_BYTES >= mod->bin->ntext ||
            reloc_value(mod, r, &v) != 0) {
            snprintf(err, errlen, "relocation at 0x%x against '%s' cannot be resolved", r->offset,
                     r->symbol);
            return HG_ERR_BAD_IMAGE;
        }
        uint32_t imm = r->type == HCBIN_R_ADDR_HI ? (uint32_t)(v >> 32) : (uint32_t)v;
        hisa_insn in;
        hisa_word *w = &words[r->offset / HISA_INSN_BYTES];
        if (hisa_decode(*w, &in, NULL) != 0) {
            snprintf(err, errlen, "relocation at 0x%x patches an invalid instruction", r->offset);
            return HG_ERR_BAD_IMAGE;
        }
        in.immb = imm;
        *w = hisa_encode(&in);
    }
    return HG_OK;
}

static hg_status load_data(hg_module *mod) {
    hg_ctx *ctx = mod->ctx;
    const hcbin *b = mod->bin;
    uint64_t data = align_up(b->data_size, 256);
    hg_status st = hg_malloc(ctx, data + b->bss_size, &mod->data_dptr);
    if (st != HG_OK)
        return st;
    mod->bss_dptr = mod->data_dptr + data;
    uint8_t *p = hg_host_ptr(ctx, mod->data_dptr, data + b->bss_size);
    memset(p, 0, data + b->bss_size);
    if (b->data_size)
        memcpy(p, b->data, b->data_size);
    st = hg_malloc(ctx, b->cdata_size, &mod->const_dptr);
    if (st != HG_OK)
        return st;
    if (b->cdata_size)
        memcpy(hg_host_ptr(ctx, mod->const_dptr, b->cdata_size), b->cdata, b->cdata_size);
    return HG_OK;
}

static hg_status make_kernels(hg_module *mod) {
    const hcbin *b = mod->bin;
    mod->kernels = calloc(b->nkernels ? b->nkernels : 1, sizeof *mod->kernels);
    if (!mod->kernels)
        return HG_ERR_OUT_OF_MEMORY;
    size_t rows = (size_t)mod->nrows * HG_WARP_SIZE;
    for (uint32_t i = 0; i < b->nkernels; i++) {
        hg_kernel *k = &mod->kernels[i];
        k->mod = mod;
        k->info = &b->kernels[i];
        k->entry = k->info->entry / HISA_INSN_BYTES;
        k->init_rows = calloc(rows, 4);
        if (!k->init_rows)
            return HG_ERR_OUT_OF_MEMORY;
        for (uint32_t c = 0; c < mod->nrows - mod->const_row; c++)
            for (int l = 0; l < HG_WARP_SIZE; l++)
                k->init_rows[(size_t)(mod->const_row + c) * HG_WARP_SIZE + (size_t)l] = mod->const_values[c];
        for (int l = 0; l < HG_WARP_SIZE; l++) /* R1: stack pointer at the top of local memory */
            k->init_rows[HG_WARP_SIZE + l] = k->info->local_bytes;
    }
    return HG_OK;
}

/* Disassembly per instruction, for the trace. */
static void make_text(hg_module *mod, const hisa_word *words) {
    mod->text = calloc(mod->ncode + 1, sizeof *mod->text);
    for (uint32_t i = 0; mod->text && i < mod->ncode; i++) {
        hisa_insn in;
        char buf[160];
        if (hisa_decode(words[i], &in, NULL) == 0)
            hisa_format(&in, buf, sizeof buf, NULL, NULL);
        else
            snprintf(buf, sizeof buf, "?");
        mod->text[i] = strdup(buf);
    }
    if (mod->text)
        mod->text[mod->ncode] = strdup("<end of .text>");
}

hg_status hg_module_load(hg_ctx *ctx, const hcbin *bin, hg_module **out, char *err, size_t errlen) {
    char dummy[8];
    if (!err) {
        err = dummy;
        errlen = sizeof dummy;
    }
    err[0] = 0;
    hg_module *mod = calloc(1, sizeof *mod);
    if (!mod)
        return HG_ERR_OUT_OF_MEMORY;
    mod->ctx = ctx;
    void *buf = NULL;
    size_t len = 0;
    hisa_word *words = NULL;
    hg_status st = HG_ERR_BAD_IMAGE;
    /* a private deep copy: the caller may free bin right after loading */
    if (hcbin_write_mem(bin, &buf, &len, err, errlen) != 0 ||
        hcbin_read_mem(buf, len, &mod->bin, err, errlen) != 0)
        goto fail;
    st = load_data(mod);
    if (st != HG_OK) {
        snprintf(err, errlen, "cannot allocate the module's variables: %s", hg_status_string(st));
        goto fail;
    }
    words = malloc((mod->bin->ntext ? mod->bin->ntext : 1) * sizeof *words);
    st = HG_ERR_OUT_OF_MEMORY;
    if (!words)
        goto fail;
    memcpy(words, mod->bin->text, mod->bin->ntext * sizeof *words);
    if ((st = relocate(mod, words, err, errlen)) != HG_OK)
        goto fail;
    if ((st = hg_predecode(mod, words, err, errlen)) != HG_OK)
        goto fail;
    if ((st = make_kernels(mod)) != HG_OK)
        goto fail;
    if (ctx->trace)
        make_text(mod, words);
    free(words);
    free(buf);
    pthread_mutex_lock(&ctx->lock);
    mod->next = ctx->modules;
    ctx->modules = mod;
    pthread_mutex_unlock(&ctx->lock);
    *out = mod;
    return HG_OK;
fail:
    free(words);
    free(buf);
    mod->next = NULL;
    pthread_mutex_lock(&ctx->lock);
    mod->next = ctx->modules; /* let unload free what was made */
    ctx->modules = mod;
    pthread_mutex_unlock(&ctx->lock);
    hg_module_unload(mod);
    return st;
}

void hg_module_unload(hg_module *mod) {
    if (!mod)
        return;
    hg_ctx *ctx = mod->ctx;
    hg_drain(ctx); /* queued launches may use its code */
    pthread_mutex_lock(&ctx->lock);
    for (hg_module **p = &ctx->modules; *p; p = &(*p)->next) {
        if (*p == mod) {
            *p = mod->next;
            break;
        }
    }
    pthread_mutex_unlock(&ctx->lock);
    if (mod->data_dptr)
        hg_free(ctx, mod->data_dptr);
    if (mod->const_dptr)
        hg_free(ctx, mod->const_dptr);
    for (uint32_t i = 0; mod->kernels && mod->bin && i < mod->bin->nkernels; i++)
        free(mod->kernels[i].init_rows);
    free(mod->kernels);
    for (uint32_t i = 0; mod->text && i <= mod->ncode; i++)
        free(mod->text[i]);
    free(mod->text);
    free(mod->code);
    free(mod->const_values);
    if (mod->bin)
        hcbin_free(mod->bin);
    free(mod);
}

hg_kernel *hg_module_kernel(hg_module *mod, const char *name) {
    for (uint32_t i = 0; i < mod->bin->nkernels; i++)
        if (!strcmp(mod->bin->kernels[i].name, name))
            return &mod->kernels[i];
    return NULL;
}

const hcbin_kernel *hg_kernel_info(const hg_kernel *k) { return k->info; }

hg_status hg_module_var(hg_module *mod, const char *name, uint64_t *dptr, uint64_t *size) {
    const hcbin_var *v = hcbin_find_var(mod->bin, name);
    if (!v)
        return HG_ERR_NOT_FOUND;
    uint64_t base = v->section == HCBIN_SEC_CONST ? mod->const_dptr
                    : v->section == HCBIN_SEC_BSS ? mod->bss_dptr : mod->data_dptr;
    if (dptr)
        *dptr = base + v->offset;
    if (size)
        *size = v->size;
    return HG_OK;
}
