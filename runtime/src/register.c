/* register.c -- the registration half of clang's CUDA ABI and the code it
 * registers: fat binaries (embedded .hcbin images), kernels by host stub,
 * device variables by host shadow, and their modules, loaded on each
 * device when a launch or a symbol first needs them.
 *
 * Registration runs in static constructors before main, possibly before
 * anything else of the process is ready, so it only records pointers and
 * the image's length; parsing waits for the first use. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

pthread_mutex_t hcrt_reg_lock = PTHREAD_MUTEX_INITIALIZER;
static hcrt_fatbin *fatbins;
static ptrmap funcs; /* host stub -> hcrt_func */
static ptrmap vars;  /* host shadow -> hcrt_var */

/* Around fork (device.c): 0 before, 1 after in the parent, 2 after in
 * the child.  A fat binary's own locks may have been held by an engine
 * thread of the parent, which the child does not have; the child is single
 * threaded here, so it makes them afresh (its modules load anew anyway). */
void hcrt_registry_atfork(int phase) {
    if (phase == 0) {
        pthread_mutex_lock(&hcrt_reg_lock);
        return;
    }
    if (phase == 2) {
        for (hcrt_fatbin *fb = fatbins; fb; fb = fb->next) {
            pthread_mutex_init(&fb->lock, NULL);
            for (int i = 0; i < HCRT_MAX_DEVICES; i++)
                pthread_mutex_init(&fb->mods[i].pf.lock, NULL);
        }
    }
    pthread_mutex_unlock(&hcrt_reg_lock);
}

/* ---- the image --------------------------------------------------------------------- */

enum { MAX_IMAGE = 1 << 30 };

/* The length of the ELF image at data: the end of whatever its header
 * describes last -- the section header table or any section's contents
 * (or the program headers).  clang embeds the file as is, and the wrapper
 * does not carry its length.  0 (and why) if data is not a sane ELF64. */
static size_t image_len(const unsigned char *data, char *why, size_t whylen) {
    Elf64_Ehdr eh;
    memcpy(&eh, data, sizeof eh);
    if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64) {
        snprintf(why, whylen, "the embedded device code is not an ELF64 .hcbin image");
        return 0;
    }
    uint64_t end = eh.e_ehsize > sizeof eh ? eh.e_ehsize : sizeof eh;
    if (eh.e_phnum && eh.e_phoff + (uint64_t)eh.e_phnum * eh.e_phentsize > end)
        end = eh.e_phoff + (uint64_t)eh.e_phnum * eh.e_phentsize;
    uint64_t shnum = eh.e_shnum;
    if (eh.e_shoff && eh.e_shentsize < sizeof(Elf64_Shdr)) {
        snprintf(why, whylen, "the embedded .hcbin has a bad section header size");
        return 0;
    }
    if (eh.e_shoff > MAX_IMAGE) {
        snprintf(why, whylen, "the embedded .hcbin is larger than 1 GiB");
        return 0;
    }
    if (eh.e_shoff && shnum == 0) { /* extended numbering: the count is in section 0 */
        Elf64_Shdr s0;
        memcpy(&s0, data + eh.e_shoff, sizeof s0);
        shnum = s0.sh_size;
    }
    if (shnum > 65536) {
        snprintf(why, whylen, "the embedded .hcbin claims %llu sections",
                 (unsigned long long)shnum);
        return 0;
    }
    if (eh.e_shoff + shnum * eh.e_shentsize > end)
        end = eh.e_shoff + shnum * eh.e_shentsize;
    for (uint64_t i = 0; i < shnum; i++) {
        Elf64_Shdr sh;
        memcpy(&sh, data + eh.e_shoff + i * eh.e_shentsize, sizeof sh);
        if (sh.sh_type == SHT_NOBITS || sh.sh_type == SHT_NULL)
            continue;
        if (sh.sh_offset > MAX_IMAGE || sh.sh_size > MAX_IMAGE) {
            snprintf(why, whylen, "section %llu of the embedded .hcbin lies beyond 1 GiB",
                     (unsigned long long)i);
            return 0;
        }
        if (sh.sh_offset + sh.sh_size > end)
            end = sh.sh_offset + sh.sh_size;
    }
    return end > MAX_IMAGE ? 0 : (size_t)end;
}

/* Parses the image once (fb->lock held). */
static hcError_t parse_locked(hcrt_fatbin *fb) {
    if (!fb->bin && !fb->bad[0]) {
        char err[256];
        if (hcbin_read_mem(fb->image, fb->len, &fb->bin, err, sizeof err) != 0)
            snprintf(fb->bad, sizeof fb->bad, "the embedded .hcbin is invalid: %s", err);
        if (fb->bad[0] && !hcrt_quiet())
            fprintf(stderr, "hcrt: %s\n", fb->bad);
    }
    return fb->bad[0] ? hcErrorInvalidKernelImage : hcSuccess;
}

/* The fat binary's module on ready device d, loading it if this context
 * has not got it yet. */
static hcError_t module_get(hcrt_fatbin *fb, hcrt_device *d, hcrt_module **out) {
    pthread_mutex_lock(&fb->lock);
    hcError_t e = parse_locked(fb);
    hcrt_module *m = &fb->mods[d->ordinal];
    hg_status st = HG_OK;
    if (e == hcSuccess && !(m->mod && m->serial == d->serial)) {
        char err[256] = "";
        hg_module *mod;
        st = hg_module_load(d->ctx, fb->bin, &mod, err, sizeof err);
        if (st == HG_OK) {
            m->mod = mod;
            m->serial = d->serial;
            hcrt_printf_init(&m->pf, d, mod);
        } else if (!hcrt_quiet()) {
            fprintf(stderr, "hcrt: cannot load device code on device %d: %s\n", d->ordinal, err);
        }
    }
    pthread_mutex_unlock(&fb->lock);
    *out = m;
    /* mapped without the lock: a sticky status leads to a fault report */
    return st == HG_OK ? e : hcrt_from_hg(d, st);
}

static int module_live(const hcrt_fatbin *fb, const hcrt_device *d) {
    const hcrt_module *m = &fb->mods[d->ordinal];
    return m->mod && d->ctx && m->serial == d->serial;
}

/* ---- the clang ABI -------------------------------------------------------------------- */

void **__cudaRegisterFatBinary(void *fatCubin) {
    hcrt_fatbin *fb = calloc(1, sizeof *fb);
    if (!fb)
        return NULL; /* registrations against a NULL handle are ignored */
    pthread_mutex_init(&fb->lock, NULL);
    for (int i = 0; i < HCRT_MAX_DEVICES; i++)
        pthread_mutex_init(&fb->mods[i].pf.lock, NULL);
    hcFatbinWrapper w = {0};
    if (fatCubin)
        memcpy(&w, fatCubin, sizeof w);
    if (w.magic != HC_FATBIN_MAGIC || w.version != HC_FATBIN_VERSION || !w.data)
        snprintf(fb->bad, sizeof fb->bad, "the fat binary wrapper is not clang's (magic 0x%x)",
                 (unsigned)w.magic);
    else if ((fb->len = image_len(w.data, fb->bad, sizeof fb->bad)) != 0)
        fb->image = w.data;
    pthread_mutex_lock(&hcrt_reg_lock);
    fb->next = fatbins;
    fatbins = fb;
    pthread_mutex_unlock(&hcrt_reg_lock);
    return (void **)fb;
}

void __cudaRegisterFatBinaryEnd(void **fatCubinHandle) {
    (void)fatCubinHandle;
}

void __cudaRegisterFunction(void **fatCubinHandle, const char *hostFun, char *deviceFun,
                            const char *deviceName, int thread_limit, void *tid, void *bid,
                            void *bDim, void *gDim, int *wSize) {
    hcrt_func *fn = calloc(1, sizeof *fn);
    if (!fatCubinHandle || !hostFun || !deviceName || !fn || !(fn->name = strdup(deviceName))) {
        free(fn);
        return;
    }
    fn->fb = (hcrt_fatbin *)fatCubinHandle;
    fn->max_dyn_shared = -1;
    pthread_mutex_lock(&hcrt_reg_lock);
    hcrt_func *old = ptrmap_get(&funcs, hostFun);
    if (ptrmap_put(&funcs, hostFun, fn) != 0)
        old = fn; /* not registered: launches say invalid device function */
    pthread_mutex_unlock(&hcrt_reg_lock);
    if (old) {
        free(old->name);
        free(old);
    }
}

void __cudaRegisterVar(void **fatCubinHandle, char *hostVar, char *deviceAddress,
                       const char *deviceName, int ext, size_t size, int constant, int global) {
    hcrt_var *v = calloc(1, sizeof *v);
    if (!fatCubinHandle || !hostVar || !deviceName || !v || !(v->name = strdup(deviceName))) {
        free(v);
        return;
    }
    v->fb = (hcrt_fatbin *)fatCubinHandle; /* size and kind come from the module */
    pthread_mutex_lock(&hcrt_reg_lock);
    hcrt_var *old = ptrmap_get(&vars, hostVar);
    if (ptrmap_put(&vars, hostVar, v) != 0)
        old = v;
    pthread_mutex_unlock(&hcrt_reg_lock);
    if (old) {
        free(old->name);
        free(old);
    }
}

static int drop_func(void *value, void *fb) {
    hcrt_func *fn = value;
    if (fn->fb != fb)
        return 0;
    free(fn->name);
    free(fn);
    return 1;
}

static int drop_var(void *value, void *fb) {
    hcrt_var *v = value;
    if (v->fb != fb)
        return 0;
    free(v->name);
    free(v);
    return 1;
}

void __cudaUnregisterFatBinary(void **fatCubinHandle) {
    hcrt_fatbin *fb = (hcrt_fatbin *)fatCubinHandle;
    if (!fb)
        return;
    pthread_mutex_lock(&hcrt_reg_lock);
    for (hcrt_fatbin **pp = &fatbins; *pp; pp = &(*pp)->next) {
        if (*pp == fb) {
            *pp = fb->next;
            break;
        }
    }
    ptrmap_remove_if(&funcs, drop_func, fb);
    ptrmap_remove_if(&vars, drop_var, fb);
    pthread_mutex_unlock(&hcrt_reg_lock);
    /* unload from every device whose context still has the module (at
     * exit the contexts are already gone); its printf output comes first */
    hcrt_runtime *rt = hcrt_rt_peek();
    for (int i = 0; rt && i < rt->ndev; i++) {
        hcrt_device *d = &rt->dev[i];
        hcrt_dev_sticky(d);
        pthread_mutex_lock(&d->lock);
        if (module_live(fb, d)) {
            hg_ctx_synchronize(d->ctx);
            pthread_mutex_lock(&fb->mods[i].pf.lock);
            hcrt_printf_flush(&fb->mods[i].pf);
            hcrt_printf_release(&fb->mods[i].pf, d);
            pthread_mutex_unlock(&fb->mods[i].pf.lock);
            hg_module_unload(fb->mods[i].mod);
        }
        pthread_mutex_unlock(&d->lock);
    }
    hcbin_free(fb->bin);
    for (int i = 0; i < HCRT_MAX_DEVICES; i++)
        pthread_mutex_destroy(&fb->mods[i].pf.lock);
    pthread_mutex_destroy(&fb->lock);
    free(fb);
}

/* ---- lookups ------------------------------------------------------------------------------ */

hcError_t hcrt_kernel_get(const void *func, hcrt_device *d, hcrt_kernel *out) {
    pthread_mutex_lock(&hcrt_reg_lock);
    hcrt_func *fn = func ? ptrmap_get(&funcs, func) : NULL;
    pthread_mutex_unlock(&hcrt_reg_lock);
    if (!fn)
        return hcErrorInvalidDeviceFunction;
    hcrt_module *m;
    hcError_t e = module_get(fn->fb, d, &m);
    if (e != hcSuccess)
        return e;
    hg_kernel *k = hg_module_kernel(m->mod, fn->name);
    if (!k)
        return hcErrorInvalidDeviceFunction;
    *out = (hcrt_kernel){fn, m, k, hg_kernel_info(k)};
    return hcSuccess;
}

hcError_t hcrt_var_get(const void *symbol, hcrt_device *d, uint64_t *dptr, size_t *size) {
    pthread_mutex_lock(&hcrt_reg_lock);
    hcrt_var *v = symbol ? ptrmap_get(&vars, symbol) : NULL;
    pthread_mutex_unlock(&hcrt_reg_lock);
    if (!v)
        return hcErrorInvalidSymbol;
    hcrt_module *m;
    hcError_t e = module_get(v->fb, d, &m);
    if (e != hcSuccess)
        return e;
    uint64_t a, n;
    if (hg_module_var(m->mod, v->name, &a, &n) != HG_OK)
        return hcErrorInvalidSymbol;
    *dptr = a;
    *size = (size_t)n;
    return hcSuccess;
}

const hcbin *hcrt_bin_of_kernel(hcrt_device *d, const char *name) {
    const hcbin *bin = NULL;
    pthread_mutex_lock(&hcrt_reg_lock);
    for (hcrt_fatbin *fb = fatbins; fb && !bin; fb = fb->next)
        if (fb->bin && module_live(fb, d) && hcbin_find_kernel(fb->bin, name))
            bin = fb->bin;
    pthread_mutex_unlock(&hcrt_reg_lock);
    return bin;
}

void hcrt_printf_flush_device(hcrt_device *d) {
    pthread_mutex_lock(&hcrt_reg_lock);
    for (hcrt_fatbin *fb = fatbins; fb; fb = fb->next) {
        if (!module_live(fb, d))
            continue;
        hcrt_printf *pf = &fb->mods[d->ordinal].pf;
        pthread_mutex_lock(&pf->lock);
        hcrt_printf_flush(pf);
        pthread_mutex_unlock(&pf->lock);
    }
    pthread_mutex_unlock(&hcrt_reg_lock);
}

/* hcFuncSetAttribute's value lives with the registration. */
void hcrt_registry_each_kernel(void (*fn)(const char *name, void *arg), void *arg) {
    pthread_mutex_lock(&hcrt_reg_lock);
    for (size_t i = 0; i < funcs.n; i++)
        fn(((const hcrt_func *)funcs.e[i].value)->name, arg);
    pthread_mutex_unlock(&hcrt_reg_lock);
}

hcError_t hcrt_func_set_max_dyn_shared(const void *func, int value) {
    pthread_mutex_lock(&hcrt_reg_lock);
    hcrt_func *fn = func ? ptrmap_get(&funcs, func) : NULL;
    if (fn)
        fn->max_dyn_shared = value;
    pthread_mutex_unlock(&hcrt_reg_lock);
    return fn ? hcSuccess : hcErrorInvalidDeviceFunction;
}
