/* hcbin_roundtrip -- assemble data/sample.hs, write, read back: every field
 * survives, writing again gives the same bytes, and readelf reads the file
 * without a warning. */
#include <stdint.h>
#include <unistd.h>

#include "hisa/hcbin.h"
#include "hisa_test.h"

#define SAME(field) CHECK(a->field == b->field, "%s differs", #field)
#define SAME_STR(s) CHECK(strcmp(a->s, b->s) == 0, "%s: '%s' vs '%s'", #s, a->s, b->s)

static void same_kernel(const hcbin_kernel *a, const hcbin_kernel *b) {
    SAME_STR(name);
    SAME(entry);
    SAME(size);
    SAME(nregs);
    SAME(shared_bytes);
    SAME(local_bytes);
    SAME(max_threads);
    SAME(param_bytes);
    SAME(flags);
    SAME(nparams);
    for (uint32_t p = 0; p < a->nparams && p < b->nparams; p++)
        CHECK(a->params[p].offset == b->params[p].offset && a->params[p].size == b->params[p].size,
              "kernel %s param %u differs", a->name, p);
}

static void same_bin(const hcbin *a, const hcbin *b) {
    SAME(ntext);
    SAME(nkernels);
    SAME(nfuncs);
    SAME(nvars);
    SAME(nrelocs);
    SAME(nlines);
    SAME(data_size);
    SAME(bss_size);
    SAME(cdata_size);
    if (test_failures)
        return;
    CHECK(memcmp(a->text, b->text, a->ntext * sizeof *a->text) == 0, ".text differs");
    CHECK(!a->data_size || memcmp(a->data, b->data, a->data_size) == 0, ".data differs");
    CHECK(!a->cdata_size || memcmp(a->cdata, b->cdata, a->cdata_size) == 0, "const differs");
    for (uint32_t i = 0; i < a->nkernels; i++)
        same_kernel(&a->kernels[i], &b->kernels[i]);
    for (uint32_t i = 0; i < a->nfuncs; i++) {
        const hcbin_func *x = &a->funcs[i], *y = &b->funcs[i];
        CHECK(!strcmp(x->name, y->name) && x->offset == y->offset && x->size == y->size &&
                  x->is_kernel == y->is_kernel,
              "function %s differs", x->name);
    }
    for (uint32_t i = 0; i < a->nvars; i++) {
        const hcbin_var *x = &a->vars[i], *y = &b->vars[i];
        CHECK(!strcmp(x->name, y->name) && x->section == y->section && x->offset == y->offset &&
                  x->size == y->size,
              "variable %s differs", x->name);
    }
    for (uint32_t i = 0; i < a->nrelocs; i++) {
        const hcbin_reloc *x = &a->relocs[i], *y = &b->relocs[i];
        CHECK(!strcmp(x->symbol, y->symbol) && x->offset == y->offset && x->type == y->type &&
                  x->addend == y->addend,
              "relocation %u differs", i);
    }
    for (uint32_t i = 0; i < a->nlines; i++) {
        const hcbin_line *x = &a->lines[i], *y = &b->lines[i];
        CHECK(!strcmp(x->file, y->file) && x->offset == y->offset && x->line == y->line &&
                  x->column == y->column,
              "line record %u differs", i);
    }
}

/* What sample.hs says, checked on the object read back. */
static void check_sample(const hcbin *bin) {
    const hcbin_kernel *k = hcbin_find_kernel(bin, "saxpy");
    CHECK(k && k->nparams == 5 && k->param_bytes == 32 && k->max_threads == 256, "saxpy metadata");
    /* saxpy calls helper, which touches R3; saxpy itself R16 (CALL) */
    CHECK(k && k->nregs == 17, "saxpy regs %u", k ? k->nregs : 0);
    k = hcbin_find_kernel(bin, "reduce");
    CHECK(k && k->nregs == 40 && k->shared_bytes == 4096 && k->local_bytes == 16 &&
              k->param_bytes == 16,
          "reduce metadata");
    const hcbin_func *f = hcbin_find_func(bin, "helper");
    CHECK(f && !f->is_kernel, "helper is a device function");
    const hcbin_var *v = hcbin_find_var(bin, "scratch");
    CHECK(v && v->section == HCBIN_SEC_BSS && v->size == 1024 && v->offset % 256 == 0, "scratch");
    v = hcbin_find_var(bin, "bytes");
    CHECK(v && v->section == HCBIN_SEC_DATA && v->offset == 24 && v->size == 4, "bytes");
    CHECK(bin->data[24] == 1 && bin->data[26] == 255 && bin->data[27] == 255, "bytes values");
    v = hcbin_find_var(bin, "scale_table");
    float f2;
    memcpy(&f2, bin->cdata + 12, 4);
    CHECK(v && v->section == HCBIN_SEC_CONST && f2 == -4.25f, "scale_table");
    CHECK(bin->nrelocs == 4 && bin->relocs[1].type == HCBIN_R_ADDR_HI &&
              bin->relocs[1].addend == 8 && bin->relocs[3].type == HCBIN_R_CODE,
          "relocations");
    const hcbin_line *l = hcbin_line_at(bin, 0x70);
    CHECK(l && l->line == 11 && l->column == 9 && !strcmp(l->file, "saxpy.cu"), "line at 0x70");
    CHECK(hcbin_line_at(bin, 0x0) && hcbin_line_at(bin, 0x0)->line == 10, "line at 0");
    CHECK(!hcbin_find_kernel(bin, "helper") && !hcbin_find_var(bin, "nope"), "lookups");
}

static void check_readelf(const void *buf, size_t len) {
    char path[] = "/tmp/hcbin_roundtrip_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, buf, len) == (ssize_t)len, "temp file");
    close(fd);
    char cmd[256], line[512];
    snprintf(cmd, sizeof cmd, "readelf -h -S -s -r -W %s 2>&1", path);
    FILE *p = popen(cmd, "r");
    int lines = 0;
    while (p && fgets(line, sizeof line, p)) {
        lines++;
        CHECK(!strstr(line, "arning") && !strstr(line, "Error"), "readelf: %s", line);
    }
    CHECK(p && pclose(p) == 0, "readelf failed");
    CHECK(lines > 20, "readelf printed too little");
    unlink(path);
}

int main(void) {
    size_t len;
    char *src = test_read_data("sample.hs", &len);
    hcbin *a, *b, *c;
    char err[512];
    int rc = hisa_assemble(src, len, "sample.hs", &a, err, sizeof err);
    free(src);
    CHECK(rc == 0, "%s", err);
    if (rc)
        return test_report("hcbin_roundtrip");
    void *buf, *buf2;
    size_t n, n2;
    CHECK(hcbin_write_mem(a, &buf, &n, err, sizeof err) == 0, "%s", err);
    CHECK(hcbin_read_mem(buf, n, &b, err, sizeof err) == 0, "%s", err);
    same_bin(a, b);
    check_sample(b);
    CHECK(hcbin_write_mem(b, &buf2, &n2, err, sizeof err) == 0, "%s", err);
    CHECK(n == n2 && memcmp(buf, buf2, n) == 0, "second write differs");
    check_readelf(buf, n);

    /* through a file as well */
    char path[] = "/tmp/hcbin_file_XXXXXX";
    close(mkstemp(path));
    CHECK(hcbin_write_file(b, path, err, sizeof err) == 0, "%s", err);
    CHECK(hcbin_read_file(path, &c, err, sizeof err) == 0, "%s", err);
    same_bin(a, c);
    hcbin_free(c);
    unlink(path);
    CHECK(hcbin_read_file("/nonexistent/x.hcbin", &c, err, sizeof err) == -1 &&
              strstr(err, "/nonexistent/x.hcbin"),
          "missing file: %s", err);

    hcbin_free(a);
    hcbin_free(b);
    hcbin_free(c);
    free(buf);
    free(buf2);
    return test_report("hcbin_roundtrip");
}
