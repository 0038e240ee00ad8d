/* hcbin_malformed -- the reader on broken objects: truncations, thousands of
 * deterministic byte mutations and targeted corruptions.  It must return -1
 * with a message (or, for harmless mutations, a valid object), never crash;
 * CI runs this under ASan and UBSan. */
#include <gelf.h>
#include <libelf.h>
#include <stdint.h>

#include "hisa/hcbin.h"
#include "hisa_test.h"

static uint8_t *valid;
static size_t valid_len;

/* Reads buf; a success must be an object that writes and reads again. */
static int try_read(const uint8_t *buf, size_t len, char *err, size_t errlen) {
    hcbin *bin = NULL;
    err[0] = 0;
    if (hcbin_read_mem(buf, len, &bin, err, errlen) != 0) {
        CHECK(bin == NULL && err[0], "failure without a message");
        return -1;
    }
    void *out;
    size_t n;
    char err2[512];
    hcbin *again = NULL;
    CHECK(hcbin_write_mem(bin, &out, &n, err2, sizeof err2) == 0, "rewrite: %s", err2);
    CHECK(hcbin_read_mem(out, n, &again, err2, sizeof err2) == 0, "reread: %s", err2);
    free(out);
    hcbin_free(again);
    hcbin_free(bin);
    return 0;
}

static void expect_error(const uint8_t *buf, size_t len, const char *what, const char *substr) {
    char err[512];
    CHECK(try_read(buf, len, err, sizeof err) == -1, "%s: accepted", what);
    CHECK(strstr(err, substr), "%s: message '%s' lacks '%s'", what, err, substr);
}

static void truncations(void) {
    for (size_t n = 0; n < valid_len; n++) {
        char what[64];
        snprintf(what, sizeof what, "truncated to %zu", n);
        expect_error(valid, n, what, "");
    }
}

static void mutations(void) {
    uint64_t seed = 12345;
    uint8_t *buf = malloc(valid_len);
    int rejected = 0;
    for (int i = 0; i < 4000; i++) {
        memcpy(buf, valid, valid_len);
        int flips = 1 + (int)(test_rand(&seed) % 4);
        for (int k = 0; k < flips; k++) {
            size_t at = test_rand(&seed) % valid_len;
            buf[at] ^= (uint8_t)(1 + test_rand(&seed) % 255);
        }
        char err[512];
        rejected += try_read(buf, valid_len, err, sizeof err) != 0;
    }
    free(buf);
    printf("mutations: %d of 4000 rejected\n", rejected);
    CHECK(rejected > 1000, "too few mutations rejected (%d)", rejected);
}

/* File offsets of a section's header and contents, found with gelf. */
static void locate(const char *name, size_t *shdr_at, size_t *data_at) {
    Elf *e = elf_memory((char *)valid, valid_len);
    GElf_Ehdr eh;
    size_t shstrndx;
    gelf_getehdr(e, &eh);
    elf_getshdrstrndx(e, &shstrndx);
    *shdr_at = *data_at = 0;
    for (Elf_Scn *s = elf_nextscn(e, NULL); s; s = elf_nextscn(e, s)) {
        GElf_Shdr sh;
        gelf_getshdr(s, &sh);
        if (strcmp(elf_strptr(e, shstrndx, sh.sh_name), name) == 0) {
            *shdr_at = eh.e_shoff + elf_ndxscn(s) * eh.e_shentsize;
            *data_at = sh.sh_offset;
        }
    }
    elf_end(e);
    CHECK(*shdr_at, "section %s not found", name);
}

static void put32(uint8_t *p, uint32_t v) {
    memcpy(p, &v, 4);
} /* test host is little-endian */

static void targeted(void) {
    uint8_t *buf = malloc(valid_len);
    size_t shdr, data;
#define FRESH() memcpy(buf, valid, valid_len)
    FRESH(), buf[18] = 0x3e, buf[19] = 0; /* e_machine = x86-64 */
    expect_error(buf, valid_len, "wrong machine", "machine 0x3e is not HiGPU");
    FRESH(), buf[4] = ELFCLASS32;
    expect_error(buf, valid_len, "ELF32", "");
    FRESH(), put32(buf + 48, 2); /* e_flags: another hcbin version */
    expect_error(buf, valid_len, "version", "hcbin version 2");
    expect_error((const uint8_t *)"garbage!", 8, "garbage", "not an ELF file");

    locate(".text", &shdr, &data);
    FRESH(), put32(buf + shdr + 0x20, 0x7fffff00); /* sh_size */
    expect_error(buf, valid_len, ".text size", ".text: 0x7fffff00 bytes");
    FRESH(), put32(buf + shdr + 0x20, 0x18);
    expect_error(buf, valid_len, ".text partial", "not whole instructions");
    FRESH(), buf[data] = 0xff, buf[data + 1] |= 3; /* opcode 1023 */
    expect_error(buf, valid_len, "bad opcode", ".text: instruction at 0x0: opcode out of range");

    locate(".hisa.kernels", &shdr, &data);
    FRESH(), put32(buf + data + 4, 0x10000); /* entry */
    expect_error(buf, valid_len, "kernel entry", "kernel 'saxpy' entry 0x10000 beyond .text");
    FRESH(), put32(buf + data + 28, 4); /* param_bytes below the params */
    expect_error(buf, valid_len, "params", "beyond its 4 parameter bytes");
    FRESH(), put32(buf + data + 32, 1000); /* nparams */
    expect_error(buf, valid_len, "nparams", "not whole kernel and parameter records");
    FRESH(), put32(buf + data + 0, 0xffffff); /* name */
    expect_error(buf, valid_len, "kernel name", "bad name offset");
    FRESH(), put32(buf + data + 60, 1); /* reserved */
    expect_error(buf, valid_len, "reserved", "reserved");

    locate(".rela.text", &shdr, &data);
    FRESH(), buf[data + 8] = 9; /* r_info type */
    expect_error(buf, valid_len, "reloc type", "unknown type 9");
    FRESH(), buf[data] = 0x44; /* r_offset not an instruction */
    expect_error(buf, valid_len, "reloc offset", "is not an instruction");
    FRESH(), put32(buf + data + 12, 1000); /* r_info symbol */
    expect_error(buf, valid_len, "reloc symbol", "bad symbol");

    locate(".symtab", &shdr, &data);
    FRESH(), buf[data + 24 + 4] = STT_NOTYPE; /* symbol 1's st_info */
    expect_error(buf, valid_len, "symbol type", "unsupported type");
    FRESH(), put32(buf + data + 24 + 16, 8); /* symbol 1's st_value: misaligned */
    expect_error(buf, valid_len, "function offset", "not whole instructions");

    locate(".hisa.lines", &shdr, &data);
    FRESH(), put32(buf + data + 16, 0); /* second record before the first */
    expect_error(buf, valid_len, "line order", "out of order");
    free(buf);
#undef FRESH
}

int main(void) {
    size_t len;
    char *src = test_read_data("sample.hs", &len);
    hcbin *bin;
    char err[512];
    if (hisa_assemble(src, len, "sample.hs", &bin, err, sizeof err) ||
        hcbin_write_mem(bin, (void **)&valid, &valid_len, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    free(src);
    hcbin_free(bin);
    elf_version(EV_CURRENT);
    CHECK(try_read(valid, valid_len, err, sizeof err) == 0, "valid file rejected: %s", err);
    truncations();
    mutations();
    targeted();
    free(valid);
    return test_report("hcbin_malformed");
}
