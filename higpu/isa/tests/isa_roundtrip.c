/* isa_roundtrip -- every opcode in every operand form and modifier value:
 * encode -> decode is the identity, and format -> assemble gives the same
 * bits.  Then random words: the decoder rejects them with a reason or they
 * survive the same round trip. */
#include <stdint.h>

#include "hisa/hcbin.h"
#include "hisa/hisa.h"
#include "hisa_test.h"

static int insn_equal(const hisa_insn *a, const hisa_insn *b) {
    return a->op == b->op && a->guard == b->guard && a->rd == b->rd && a->ra == b->ra &&
           a->rb == b->rb && a->rc == b->rc && a->pd == b->pd && a->ps == b->ps &&
           a->bimm == b->bimm && a->cimm == b->cimm && a->mods == b->mods && a->immc == b->immc &&
           a->immb == b->immb;
}

static int has(const hisa_info *info, char letter) {
    return memchr(info->opnd, letter, info->nopnd) != NULL;
}

static long checked;

/* format -> assemble inside a one-instruction kernel -> the same word. */
static void reassemble(const hisa_insn *in) {
    char text[256], src[400], err[512];
    hisa_format(in, text, sizeof text, NULL, NULL);
    snprintf(src, sizeof src, ".kernel k\n    %s\n", text);
    hcbin *bin;
    int rc = hisa_assemble(src, strlen(src), "rt.hs", &bin, err, sizeof err);
    CHECK(rc == 0, "'%s': %s", text, err);
    if (rc)
        return;
    hisa_word w = hisa_encode(in);
    CHECK(bin->ntext == 1 && bin->text[0].lo == w.lo && bin->text[0].hi == w.hi,
          "'%s' reassembled to different bits", text);
    hcbin_free(bin);
    checked++;
}

static void roundtrip(const hisa_insn *in) {
    const char *why = NULL;
    char text[256];
    hisa_format(in, text, sizeof text, NULL, NULL);
    CHECK(hisa_validate(in, &why) == 0, "'%s' invalid: %s", text, why);
    hisa_word w = hisa_encode(in);
    hisa_insn d;
    CHECK(hisa_decode(w, &d, &why) == 0 && insn_equal(in, &d), "'%s' decode", text);
    reassemble(in);
}

/* Registers far enough apart for pairs, vectors and 8-register fragments. */
static hisa_insn base(unsigned op) {
    const hisa_info *info = hisa_info_of(op);
    hisa_insn in = hisa_insn_make((hisa_opcode)op);
    for (unsigned i = 0; i < info->nopnd; i++) {
        switch (info->opnd[i]) {
        case 'd': in.rd = 4; break;
        case 'a': in.ra = 12; break;
        case 'b':
        case 'e': in.rb = 20; break;
        case 'c':
        case 'r': in.rc = 28; break;
        case 'p': in.pd = 1; break;
        case 'q': in.ps = 2; break;
        case 'x': in.ra = 3; break;
        case 'y': in.rb = 4 | HISA_PRED_NEG; break;
        case 'm':
            in.ra = 40;
            in.immc = 16;
            break;
        case 't': in.immb = 0; break;
        case 's': in.immb = HISA_SR_CTAID_Y; break;
        case 'k': in.mods |= 0x1f; break;
        default: break;
        }
    }
    return in;
}

static void operand_forms(unsigned op) {
    const hisa_info *info = hisa_info_of(op);
    hisa_insn in = base(op);
    roundtrip(&in);
    static const uint32_t bimms[] = {0,
                                     1,
                                     0xffffffffu,
                                     0x7fffffffu,
                                     0x80000000u,
                                     0x12345678u,
                                     0x3fc00000u /* 1.5f */,
                                     0x80000000u /* -0.0f */,
                                     0x7fc00000u /* NaN */,
                                     0x00000001u /* denormal */,
                                     0xff800000u /* -inf */};
    if (has(info, 'b')) {
        for (size_t i = 0; i < sizeof bimms / sizeof bimms[0]; i++) {
            hisa_insn v = base(op);
            v.bimm = 1, v.rb = HISA_RZ, v.immb = bimms[i];
            roundtrip(&v);
        }
        hisa_insn v = base(op);
        v.rb = HISA_RZ;
        roundtrip(&v);
    }
    static const int32_t cimms[] = {0, 5, -5, 70000, -70000, HISA_IMMC_MIN, HISA_IMMC_MAX};
    if (has(info, 'c')) {
        for (size_t i = 0; i < sizeof cimms / sizeof cimms[0]; i++) {
            hisa_insn v = base(op);
            v.cimm = 1, v.rc = HISA_RZ, v.immc = cimms[i];
            roundtrip(&v);
        }
    }
    static const int32_t moffs[] = {0, -16, 0x100, HISA_IMMC_MIN, HISA_IMMC_MAX};
    if (has(info, 'm')) {
        for (size_t i = 0; i < sizeof moffs / sizeof moffs[0]; i++) {
            hisa_insn v = base(op);
            v.immc = moffs[i];
            v.ra = i == 2 ? HISA_RZ : v.ra;
            roundtrip(&v);
        }
    }
    static const uint8_t preds[] = {0, 6, HISA_PT, 3 | HISA_PRED_NEG, HISA_PT | HISA_PRED_NEG};
    for (size_t i = 0; i < sizeof preds / sizeof preds[0]; i++) {
        hisa_insn v = base(op);
        v.guard = preds[i];
        roundtrip(&v);
        v = base(op);
        if (has(info, 'q'))
            v.ps = preds[i];
        if (has(info, 'x'))
            v.ra = preds[i];
        if (has(info, 'y'))
            v.rb = preds[i];
        if (has(info, 'p'))
            v.pd = preds[i] & 7;
        roundtrip(&v);
    }
    if (has(info, 'k'))
        for (unsigned k = 0; k < (1u << HISA_K_BITS); k += 0x3ff) {
            hisa_insn v = base(op);
            v.mods = (uint16_t)k;
            roundtrip(&v);
        }
    if (has(info, 's'))
        for (unsigned s = 0; s < HISA_SR_COUNT; s++) {
            hisa_insn v = base(op);
            v.immb = s;
            roundtrip(&v);
        }
}

static void modifier_values(unsigned op) {
    const hisa_info *info = hisa_info_of(op);
    for (unsigned g = 0; g < HISA_MG_COUNT; g++) {
        if (!(info->modgroups & (1u << g)))
            continue;
        for (unsigned v = 0; hisa_modgroups[g].names[v]; v++) {
            hisa_insn in = base(op);
            in.mods = hisa_mod_set(in.mods, (hisa_modgroup_id)g, v);
            /* wide types need registers to spare before R254 */
            roundtrip(&in);
        }
    }
}

/* Random fields, each either neutral or random, so that a useful share of
 * the words decode. */
static hisa_word random_word(uint64_t *seed) {
    hisa_insn in = hisa_insn_make((hisa_opcode)(test_rand(seed) % HISA_OP_COUNT));
    /* each field random with probability 1/4 */
    uint64_t r = test_rand(seed), mask = test_rand(seed) & test_rand(seed);
    if (mask & 1)
        in.guard = r & 15;
    if (mask & 2)
        in.rd = (uint8_t)(r >> 4);
    if (mask & 4)
        in.ra = (uint8_t)(r >> 12);
    if (mask & 8)
        in.rb = (uint8_t)(r >> 20);
    if (mask & 16)
        in.rc = (uint8_t)(r >> 28);
    if (mask & 32)
        in.pd = (r >> 36) & 7;
    if (mask & 64)
        in.ps = (r >> 39) & 15;
    if (mask & 128)
        in.bimm = 1;
    if (mask & 256)
        in.cimm = 1;
    if (mask & 512)
        in.mods = (uint16_t)(r >> 43);
    if (mask & 1024)
        in.immc = (int32_t)((uint32_t)test_rand(seed) << 7) >> 7;
    if (mask & 2048)
        in.immb = (uint32_t)test_rand(seed);
    return hisa_encode(&in);
}

static void random_words(void) {
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    long valid = 0;
    for (int i = 0; i < 200000; i++) {
        hisa_word w = random_word(&seed);
        if (i % 4 == 0) { /* and some fully random words */
            w.lo = test_rand(&seed);
            w.hi = test_rand(&seed);
        }
        hisa_insn in;
        const char *why = NULL;
        if (hisa_decode(w, &in, &why) != 0) {
            CHECK(why && *why, "rejected without a reason");
            continue;
        }
        valid++;
        hisa_word back = hisa_encode(&in);
        CHECK(back.lo == w.lo && back.hi == w.hi, "re-encode differs");
        /* a one-instruction kernel can only branch to itself */
        if (has(hisa_info_of(in.op), 't'))
            in.immb = 0;
        reassemble(&in);
    }
    CHECK(valid > 1000, "only %ld random words decoded", valid);
    printf("random words: %ld of 200000 decoded and reassembled\n", valid);
}

int main(void) {
    for (unsigned op = 0; op < HISA_OP_COUNT; op++) {
        operand_forms(op);
        modifier_values(op);
    }
    random_words();
    printf("%ld instructions reassembled\n", checked);
    return test_report("isa_roundtrip");
}
