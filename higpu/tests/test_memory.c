/* test_memory.c -- loads and stores of every width and extension in every
 * state space (global, shared, local, constant, parameter, and generic
 * addresses into the global memory and the shared and local windows),
 * module variables, address-space conversions, fences, and the faults of
 * bad accesses.  Expected values come from a CPU model of the bytes. */
#include <string.h>

#include "hgtest.h"

enum {
    IN_BYTES = 512,  /* input data: thread t's element of size S is at t*S */
    ST_BYTES = 1024, /* store region: thread t stores its element at 2*t*S */
    ST_OFF = 512,    /* the store region's offset in shared/local memory */
    PARAM_DATA = 48, /* the input data's offset in the parameter buffer */
    BLOCKS = 2,
    THREADS = 32,
};

/* ---- widths and extensions ----------------------------------------------------- */

typedef struct mtype {
    const char *mod;
    unsigned size;
    int sign; /* sub-word loads: sign-extend */
} mtype;

static const mtype types[] = {
    {"U8", 1, 0},   {"S8", 1, 1},  {"U16", 2, 0}, {"S16", 2, 1}, {"F16", 2, 0},
    {"BF16", 2, 0}, {"B32", 4, 0}, {"U32", 4, 0}, {"S32", 4, 0}, {"F32", 4, 0},
    {"B64", 8, 0},  {"U64", 8, 0}, {"S64", 8, 0}, {"F64", 8, 0}, {"B128", 16, 0},
};

/* ---- state spaces --------------------------------------------------------------- */

typedef enum { BK_GLOBAL, BK_SHARED, BK_LOCAL, BK_CONST, BK_PARAM } backing;

typedef struct mspace {
    const char *name;
    backing bk;
    int generic; /* LD/ST through a generic address */
    int can_store;
    int per_thread; /* stores are visible only to the storing thread */
} mspace;

static const mspace spaces[] = {
    {"global", BK_GLOBAL, 0, 1, 0},     {"shared", BK_SHARED, 0, 1, 0},
    {"local", BK_LOCAL, 0, 1, 1},       {"gen_global", BK_GLOBAL, 1, 1, 0},
    {"gen_shared", BK_SHARED, 1, 1, 0}, {"gen_local", BK_LOCAL, 1, 1, 1},
    {"const", BK_CONST, 0, 0, 0},       {"param", BK_PARAM, 0, 0, 0},
};
#define NSPACES (sizeof spaces / sizeof spaces[0])
#define NTYPES  (sizeof types / sizeof types[0])

static uint8_t in_data[IN_BYTES], sentinel[ST_BYTES];

/* Registers: R0 tid, R2 ctaid, R3 global thread id, R4:R5 in, R6:R7 sentinel,
 * R8..R11 the loaded value, R12 load offset, R13 store offset, R14 window
 * offset, R24:R25 global store region, R26:R27 generic base, R32..R39 the
 * window read back after the stores. */
static void emit_kernel(hgt_str *s, const mspace *sp, const mtype *ty) {
    const char *k = sp->name, *t = ty->mod;
    unsigned S = ty->size;
    hgt_str_printf(s,
                   ".kernel m_%s_%s\n"
                   ".param 0, 8\n.param 8, 8\n.param 16, 8\n.param 24, 8\n.param 32, 8\n",
                   k, t);
    if (sp->bk == BK_PARAM)
        hgt_str_printf(s, ".param %d, %d\n", PARAM_DATA, IN_BYTES);
    if (sp->bk == BK_SHARED)
        hgt_str_printf(s, ".shared %d\n", ST_OFF + ST_BYTES);
    if (sp->bk == BK_LOCAL)
        hgt_str_printf(s, ".local %d\n", ST_OFF + ST_BYTES);
    hgt_str_printf(s,
                   "    S2R R0, SR_TID.X\n"
                   "    S2R R2, SR_CTAID.X\n"
                   "    IMAD R3, R2, %d, R0\n"
                   "    MOV R8, 0x8badf00d\n"
                   "    MOV R9, 0x1badb002\n"
                   "    MOV R10, 0xdeadbeef\n"
                   "    MOV R11, 0xfeedface\n"
                   "    LDP.B64 R4, [RZ]\n"
                   "    LDP.B64 R6, [RZ+16]\n"
                   "    IMUL R12, R0, %u\n"
                   "    IMUL R13, R0, %u\n"
                   "    AND R14, R13, -16\n",
                   THREADS, S, 2 * S);
    /* bring the input and the sentinel store region into the space */
    if (sp->bk == BK_SHARED) {
        hgt_str_printf(s,
                       "    IMULW.U32 R16, R0, 16\n"
                       "    IADD64 R18, R4, R16\n"
                       "    LDG.B128 R20, [R18]\n"
                       "    STS.B128 [R16], R20\n"
                       "    IMULW.U32 R16, R0, 32\n"
                       "    IADD64 R18, R6, R16\n"
                       "    LDG.B128 R20, [R18]\n"
                       "    STS.B128 [R16+%d], R20\n"
                       "    LDG.B128 R20, [R18+16]\n"
                       "    STS.B128 [R16+%d], R20\n"
                       "    BAR.SYNC 0\n",
                       ST_OFF, ST_OFF + 16);
    } else if (sp->bk == BK_LOCAL) {
        hgt_str_printf(s,
                       "    MOV R15, 0\n"
                       "m_%s_%s_copy:\n"
                       "    IMULW.U32 R16, R15, 16\n"
                       "    IADD64 R18, R4, R16\n"
                       "    LDG.B128 R20, [R18]\n"
                       "    STL.B128 [R16], R20\n"
                       "    IMULW.U32 R16, R15, 32\n"
                       "    IADD64 R18, R6, R16\n"
                       "    LDG.B128 R20, [R18]\n"
                       "    STL.B128 [R16+%d], R20\n"
                       "    LDG.B128 R20, [R18+16]\n"
                       "    STL.B128 [R16+%d], R20\n"
                       "    IADD R15, R15, 1\n"
                       "    ISETP.LT.U32 P0, R15, %d\n"
                       "@P0 BRA m_%s_%s_copy\n",
                       k, t, ST_OFF, ST_OFF + 16, IN_BYTES / 16, k, t);
    } else if (sp->bk == BK_GLOBAL) {
        hgt_str_printf(s,
                       "    LDP.B64 R24, [RZ+24]\n"
                       "    IMULW.U32 R16, R2, %d\n"
                       "    IADD64 R24, R24, R16\n",
                       ST_BYTES);
    }
    /* the generic base of the space */
    if (sp->generic) {
        if (sp->bk == BK_SHARED)
            hgt_str_printf(s, "    CVTA.SHARED R26, RZ\n");
        else if (sp->bk == BK_LOCAL)
            hgt_str_printf(s, "    CVTA.LOCAL R26, RZ\n");
    }
    /* the typed load */
    const char *ld = sp->generic ? "LD" : "";
    switch (sp->bk) {
    case BK_GLOBAL:
        hgt_str_printf(s,
                       "    IMULW.U32 R16, R12, 1\n"
                       "    IADD64 R30, R4, R16\n"
                       "    %s.%s R8, [R30]\n",
                       sp->generic ? "LD" : "LDG", t);
        break;
    case BK_SHARED:
    case BK_LOCAL:
        if (sp->generic)
            hgt_str_printf(s,
                           "    IMULW.U32 R16, R12, 1\n"
                           "    IADD64 R30, R26, R16\n"
                           "    %s.%s R8, [R30]\n",
                           ld, t);
        else
            hgt_str_printf(s, "    %s.%s R8, [R12]\n", sp->bk == BK_SHARED ? "LDS" : "LDL", t);
        break;
    case BK_CONST:
        hgt_str_printf(s,
                       "    MOV R26, cdata@lo\n"
                       "    MOV R27, cdata@hi\n"
                       "    IMULW.U32 R16, R12, 1\n"
                       "    IADD64 R30, R26, R16\n"
                       "    LDC.%s R8, [R30]\n",
                       t);
        break;
    case BK_PARAM: hgt_str_printf(s, "    LDP.%s R8, [R12+%d]\n", t, PARAM_DATA); break;
    }
    /* the typed store and the 32-byte window around it, read back */
    if (sp->can_store) {
        if (sp->bk == BK_GLOBAL) {
            hgt_str_printf(s,
                           "    IMULW.U32 R16, R13, 1\n"
                           "    IADD64 R30, R24, R16\n"
                           "    %s.%s [R30], R8\n"
                           "    MEMBAR.CTA\n"
                           "    BAR.SYNC 0\n"
                           "    IMULW.U32 R16, R14, 1\n"
                           "    IADD64 R30, R24, R16\n"
                           "    %s.B128 R32, [R30]\n"
                           "    %s.B128 R36, [R30+16]\n",
                           sp->generic ? "ST" : "STG", t, sp->generic ? "LD" : "LDG",
                           sp->generic ? "LD" : "LDG");
        } else if (sp->generic) {
            hgt_str_printf(s,
                           "    IMULW.U32 R16, R13, 1\n"
                           "    IADD64 R30, R26, R16\n"
                           "    ST.%s [R30+%d], R8\n"
                           "    BAR.SYNC 0\n"
                           "    IMULW.U32 R16, R14, 1\n"
                           "    IADD64 R30, R26, R16\n"
                           "    LD.B128 R32, [R30+%d]\n"
                           "    LD.B128 R36, [R30+%d]\n",
                           t, ST_OFF, ST_OFF, ST_OFF + 16);
        } else {
            char c = sp->bk == BK_SHARED ? 'S' : 'L';
            hgt_str_printf(s,
                           "    ST%c.%s [R13+%d], R8\n"
                           "    BAR.SYNC 0\n"
                           "    LD%c.B128 R32, [R14+%d]\n"
                           "    LD%c.B128 R36, [R14+%d]\n",
                           c, t, ST_OFF, c, ST_OFF, c, ST_OFF + 16);
        }
    }
    hgt_str_printf(s, "    IMULW.U32 R16, R3, 16\n"
                      "    LDP.B64 R30, [RZ+8]\n"
                      "    IADD64 R30, R30, R16\n"
                      "    STG.B128 [R30], R8\n");
    if (sp->can_store)
        hgt_str_printf(s, "    IMULW.U32 R16, R3, 32\n"
                          "    LDP.B64 R30, [RZ+32]\n"
                          "    IADD64 R30, R30, R16\n"
                          "    STG.B128 [R30], R32\n"
                          "    STG.B128 [R30+16], R36\n");
    hgt_str_printf(s, "    EXIT\n");
}

/* The register words a load of ty leaves for thread t (R8..R11). */
static void expect_load(const mtype *ty, unsigned t, uint32_t w[4]) {
    static const uint32_t init[4] = {0x8badf00d, 0x1badb002, 0xdeadbeef, 0xfeedface};
    memcpy(w, init, sizeof init);
    const uint8_t *p = in_data + t * ty->size;
    if (ty->size == 1) {
        w[0] = ty->sign ? (uint32_t)(int32_t)(int8_t)p[0] : p[0];
    } else if (ty->size == 2) {
        uint16_t h;
        memcpy(&h, p, 2);
        w[0] = ty->sign ? (uint32_t)(int32_t)(int16_t)h : h;
    } else {
        memcpy(w, p, ty->size);
    }
}

static void test_widths_and_spaces(hgt *t) {
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    for (unsigned i = 0; i < IN_BYTES; i++)
        in_data[i] = (uint8_t)hgt_rand(&seed);
    in_data[0] = 0x80, in_data[1] = 0xff, in_data[2] = 0x7f; /* sign boundaries */
    for (unsigned i = 0; i < ST_BYTES; i++)
        sentinel[i] = (uint8_t)hgt_rand(&seed);

    hgt_str src = {0};
    hgt_str_printf(&src, ".const cdata, 16\n");
    for (unsigned i = 0; i < IN_BYTES; i += 4) {
        uint32_t v;
        memcpy(&v, in_data + i, 4);
        hgt_str_printf(&src, "    .u32 0x%08x\n", v);
    }
    for (unsigned s = 0; s < NSPACES; s++)
        for (unsigned k = 0; k < NTYPES; k++)
            emit_kernel(&src, &spaces[s], &types[k]);
    hgt_load(t, src.s);
    hgt_str_free(&src);

    uint64_t d_in = hgt_alloc_put(t, in_data, IN_BYTES);
    uint64_t d_sent = hgt_alloc_put(t, sentinel, ST_BYTES);
    uint64_t d_out = hgt_alloc(t, BLOCKS * THREADS * 16);
    uint64_t d_st = hgt_alloc(t, BLOCKS * ST_BYTES);
    uint64_t d_win = hgt_alloc(t, BLOCKS * THREADS * 32);
    uint8_t params[PARAM_DATA + IN_BYTES] = {0};
    uint64_t ptrs[5] = {d_in, d_out, d_sent, d_st, d_win};
    memcpy(params, ptrs, sizeof ptrs);
    memcpy(params + PARAM_DATA, in_data, IN_BYTES);

    for (unsigned s = 0; s < NSPACES; s++) {
        const mspace *sp = &spaces[s];
        for (unsigned k = 0; k < NTYPES; k++) {
            const mtype *ty = &types[k];
            char name[64];
            snprintf(name, sizeof name, "m_%s_%s", sp->name, ty->mod);
            for (unsigned b = 0; b < BLOCKS; b++)
                hgt_put(t, d_st + b * ST_BYTES, sentinel, ST_BYTES);
            hg_launch_stats st;
            uint32_t psize = sp->bk == BK_PARAM ? PARAM_DATA + IN_BYTES : 40;
            if (!hgt_run(t, name, hgt_dim(BLOCKS, 1, 1), hgt_dim(THREADS, 1, 1), params, psize,
                         &st))
                continue;
            uint32_t out[BLOCKS * THREADS][4];
            uint8_t win[BLOCKS * THREADS][32];
            hgt_get(t, out, d_out, sizeof out);
            if (sp->can_store)
                hgt_get(t, win, d_win, sizeof win);
            int bad = 0;
            for (unsigned g = 0; g < BLOCKS * THREADS; g++) {
                unsigned tid = g % THREADS;
                uint32_t want[4];
                expect_load(ty, tid, want);
                if (memcmp(out[g], want, sizeof want) && bad++ < 4)
                    fprintf(
                        stderr,
                        "%s: thread %u loaded %08x %08x %08x %08x, expected %08x %08x %08x %08x\n",
                        name, g, out[g][0], out[g][1], out[g][2], out[g][3], want[0], want[1],
                        want[2], want[3]);
                if (!sp->can_store)
                    continue;
                /* the store region after the stores every visible thread made */
                uint8_t region[ST_BYTES];
                memcpy(region, sentinel, ST_BYTES);
                for (unsigned u = 0; u < THREADS; u++)
                    if (!sp->per_thread || u == tid)
                        memcpy(region + 2 * u * ty->size, in_data + u * ty->size, ty->size);
                unsigned w0 = (2 * tid * ty->size) & ~15u;
                if (memcmp(win[g], region + w0, 32) && bad++ < 4)
                    fprintf(stderr, "%s: thread %u: store window at %u differs\n", name, g, w0);
            }
            if (bad)
                fprintf(stderr, "%s: %d mismatches\n", name, bad);
            CHECK(bad == 0);
            if (sp->bk == BK_SHARED && !sp->generic)
                CHECK(st.c.shared_requests > 0);
            if (sp->bk == BK_GLOBAL && !sp->generic)
                CHECK(st.c.gld_requests > 0 && st.c.gst_requests > 0);
            if (sp->can_store && sp->bk == BK_GLOBAL) {
                uint8_t region[BLOCKS][ST_BYTES], want[ST_BYTES];
                hgt_get(t, region, d_st, sizeof region);
                memcpy(want, sentinel, ST_BYTES);
                for (unsigned u = 0; u < THREADS; u++)
                    memcpy(want + 2 * u * ty->size, in_data + u * ty->size, ty->size);
                for (unsigned b = 0; b < BLOCKS; b++)
                    CHECK(!memcmp(region[b], want, ST_BYTES));
            }
        }
    }
}

/* ---- module variables: .data, .global (bss) and .const ------------------------------- */

static const char *vars_src = ".data dvar, 16\n"
                              "    .u32 0x11223344, 0x55667788\n"
                              "    .u64 0x0123456789abcdef\n"
                              ".global gvar, 128, 16\n"
                              ".const cvar, 8\n"
                              "    .u64 0xfedcba9876543210, 0x0f1e2d3c4b5a6978\n"
                              "    .u8 1, 2, 255, 128\n"
                              ".kernel vars\n"
                              ".param 0, 8\n"
                              "    S2R R0, SR_TID.X\n"
                              "    MOV R4, dvar@lo\n"
                              "    MOV R5, dvar@hi\n"
                              "    MOV R6, cvar@lo\n"
                              "    MOV R7, cvar@hi\n"
                              "    MOV R8, gvar@lo\n"
                              "    MOV R9, gvar@hi\n"
                              "    MOV R10, cvar+16@lo\n"
                              "    MOV R11, cvar+16@hi\n"
                              "    LDG.B64 R12, [R4+8]\n" /* dvar's u64 (the host rewrote it) */
                              "    LDC.B64 R14, [R6+8]\n" /* cvar[1] */
                              "    LDC.S8 R16, [R10+3]\n" /* 128 as a signed byte */
                              "    LDC.U8 R17, [R10+2]\n"
                              "    SHL R18, R0, 2\n"
                              "    IMUL R19, R0, 3\n"
                              "    IADD R19, R19, 1\n"
                              "    IMULW.U32 R20, R18, 1\n"
                              "    IADD64 R20, R8, R20\n"
                              "    STG [R20], R19\n" /* gvar[tid] = 3 tid + 1 */
                              "    ISETP.NE.U32 P0, R0, 0\n"
                              "@P0 EXIT\n"
                              "    LDP.B64 R22, [RZ]\n"
                              "    STG.B64 [R22], R4\n"
                              "    STG.B64 [R22+8], R6\n"
                              "    STG.B64 [R22+16], R8\n"
                              "    STG.B64 [R22+24], R12\n"
                              "    STG.B64 [R22+32], R14\n"
                              "    STG [R22+40], R16\n"
                              "    STG [R22+44], R17\n"
                              "    EXIT\n";

static void test_module_vars(hgt *t) {
    hgt_load(t, vars_src);
    uint64_t dvar, gvar, cvar, dsz, gsz, csz;
    CHECK_EQ_U(hg_module_var(t->mod, "dvar", &dvar, &dsz), HG_OK);
    CHECK_EQ_U(hg_module_var(t->mod, "gvar", &gvar, &gsz), HG_OK);
    CHECK_EQ_U(hg_module_var(t->mod, "cvar", &cvar, &csz), HG_OK);
    CHECK_EQ_U(dsz, 16);
    CHECK_EQ_U(gsz, 128);
    CHECK_EQ_U(csz, 20);
    CHECK(gvar % 16 == 0);
    uint32_t d[4];
    hgt_get(t, d, dvar, sizeof d);
    CHECK_EQ_U(d[0], 0x11223344);
    CHECK_EQ_U(d[1], 0x55667788);
    uint64_t nv = 0xa5a5a5a55a5a5a5aull; /* as cudaMemcpyToSymbol */
    hgt_put(t, dvar + 8, &nv, 8);
    uint64_t out = hgt_alloc(t, 48);
    if (!hgt_run(t, "vars", hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), &out, 8, NULL))
        return;
    uint64_t r[6];
    hgt_get(t, r, out, sizeof r);
    CHECK_EQ_U(r[0], dvar);
    CHECK_EQ_U(r[1], cvar);
    CHECK_EQ_U(r[2], gvar);
    CHECK_EQ_U(r[3], nv);
    CHECK_EQ_U(r[4], 0x0f1e2d3c4b5a6978ull);
    CHECK_EQ_U((uint32_t)r[5], 0xffffff80u);
    CHECK_EQ_U(r[5] >> 32, 255);
    uint32_t g[32];
    hgt_get(t, g, gvar, sizeof g);
    for (uint32_t i = 0; i < 32; i++)
        CHECK_EQ_U(g[i], 3 * i + 1);
}

/* ---- address-space conversions and generic windows ---------------------------------- */

/* Per thread (offset o = 8 tid): 16 words of results, see the checks. */
static const char *cvta_src =
    ".kernel cvta\n"
    ".param 0, 8\n"
    ".param 8, 8\n"
    ".shared 1024\n"
    ".local 64\n"
    "    S2R R0, SR_TID.X\n"
    "    SHL R2, R0, 3\n"      /* o */
    "    CVTA.SHARED R4, R2\n" /* R4:R5 generic shared */
    "    CVTA.LOCAL R6, R2\n"  /* R6:R7 generic local (offset o & 63) */
    "    LDP.B64 R8, [RZ+8]\n" /* a global pointer */
    "    CVTA.GLOBAL R10, R8\n"
    "    CVTA.TO.SHARED R12, R4\n"
    "    CVTA.TO.LOCAL R13, R6\n"
    "    CVTA.TO.GLOBAL R14, R10\n"
    "    ISSPACEP.SHARED P0, R4\n"
    "    ISSPACEP.LOCAL P1, R4\n"
    "    ISSPACEP.GLOBAL P2, R4\n"
    "    ISSPACEP.SHARED P3, R6\n"
    "    ISSPACEP.LOCAL P4, R6\n"
    "    ISSPACEP.GLOBAL P5, R8\n"
    "    ISSPACEP.SHARED P6, R8\n"
    "    P2R R16, P0\n"
    "    P2R R17, P1\n"
    "    P2R R18, P2\n"
    "    P2R R19, P3\n"
    "    P2R R20, P4\n"
    "    P2R R21, P5\n"
    "    P2R R22, P6\n"
    "    SHL R17, R17, 1\n"
    "    SHL R18, R18, 2\n"
    "    SHL R19, R19, 3\n"
    "    SHL R20, R20, 4\n"
    "    SHL R21, R21, 5\n"
    "    SHL R22, R22, 6\n"
    "    OR R16, R16, R17\n"
    "    OR R16, R16, R18\n"
    "    OR R16, R16, R19\n"
    "    OR R16, R16, R20\n"
    "    OR R16, R16, R21\n"
    "    OR R16, R16, R22\n"
    /* the last byte of each window is inside it, the next one is not */
    "    MOV R24, 0xffffff\n"
    "    MOV R25, 1\n"
    "    ISSPACEP.SHARED P0, R24\n"
    "    MOV R24, 0\n"
    "    MOV R25, 2\n"
    "    ISSPACEP.SHARED P1, R24\n"
    "    ISSPACEP.LOCAL P2, R24\n"
    "    MOV R24, 0xffffff\n"
    "    ISSPACEP.LOCAL P3, R24\n"
    "    IADD64 R24, R24, 1\n"
    "    ISSPACEP.LOCAL P4, R24\n"
    "    P2R R17, P0\n"
    "    P2R R18, P1\n"
    "    P2R R19, P2\n"
    "    P2R R20, P3\n"
    "    P2R R21, P4\n"
    "    SHL R18, R18, 1\n"
    "    SHL R19, R19, 2\n"
    "    SHL R20, R20, 3\n"
    "    SHL R21, R21, 4\n"
    "    OR R17, R17, R18\n"
    "    OR R17, R17, R19\n"
    "    OR R17, R17, R20\n"
    "    OR R17, R17, R21\n"
    /* generic stores into both windows, read back by the space's own loads */
    "    IADD R18, R0, 0x100\n"
    "    ST [R4], R18\n" /* shared[o] = tid + 0x100 */
    "    AND R2, R2, 63\n"
    "    CVTA.LOCAL R6, R2\n"
    "    IADD R19, R0, 0x200\n"
    "    ST [R6], R19\n" /* local[o & 63] = tid + 0x200 */
    "    BAR.SYNC 0\n"
    "    SHL R20, R0, 3\n"
    "    XOR R20, R20, 8\n" /* the neighbour's shared slot */
    "    LDS R20, [R20]\n"
    "    LDL R21, [R2]\n"
    /* a generic address formed by hand from the window base */
    "    MOV R24, 0\n"
    "    MOV R25, 1\n"
    "    SHL R26, R0, 3\n"
    "    IMULW.U32 R26, R26, 1\n"
    "    IADD64 R24, R24, R26\n"
    "    LD R22, [R24]\n"
    "    MOV R27, 0x5a5a\n"
    "    ST.U16 [R24+4], R27\n"
    "    LDS.U16 R23, [R26+4]\n"
    "    LDP.B64 R28, [RZ]\n"
    "    SHL R30, R0, 6\n"
    "    IMULW.U32 R30, R30, 1\n"
    "    IADD64 R28, R28, R30\n"
    "    STG.B64 [R28], R4\n"
    "    STG.B64 [R28+8], R6\n"
    "    STG.B64 [R28+16], R10\n"
    "    STG [R28+24], R12\n"
    "    STG [R28+28], R13\n"
    "    STG.B64 [R28+32], R14\n"
    "    STG.B64 [R28+40], R16\n"
    "    STG.B128 [R28+48], R20\n"
    "    EXIT\n";

/* One generic load and store whose lanes hit different windows: lane%3 == 0
 * shared, 1 local, 2 global; negative offsets from a biased base. */
static const char *mixed_src = ".kernel mixed\n"
                               ".param 0, 8\n" /* global buffer: 32 words */
                               ".param 8, 8\n" /* out: 32 x 2 words */
                               ".shared 256\n"
                               ".local 16\n"
                               "    S2R R0, SR_TID.X\n"
                               "    SHL R2, R0, 2\n"
                               "    IADD R3, R0, 0x1000\n"
                               "    STS [R2], R3\n" /* shared[4 tid] = tid + 0x1000 */
                               "    IADD R3, R0, 0x2000\n"
                               "    STL [RZ+8], R3\n" /* local[8] = tid + 0x2000 */
                               "    BAR.SYNC 0\n"
                               "    CVTA.SHARED R4, R2\n"
                               "    MOV R6, 8\n"
                               "    CVTA.LOCAL R6, R6\n"
                               "    LDP.B64 R8, [RZ]\n"
                               "    IMULW.U32 R10, R2, 1\n"
                               "    IADD64 R8, R8, R10\n" /* &global[tid] */
                               "    MOV R10, 3\n"
                               "    IREM.U32 R10, R0, R10\n"
                               "    ISETP.EQ.U32 P0, R10, 1\n"
                               "    ISETP.EQ.U32 P1, R10, 2\n"
                               "    SEL64 R4, R6, R4, P0\n"
                               "    SEL64 R4, R8, R4, P1\n"
                               "    IADD64 R4, R4, 16\n"
                               "    LD R12, [R4-16]\n"
                               "    IADD R13, R12, 0x100\n"
                               "    ST [R4-16], R13\n"
                               "    LD R13, [R4-16]\n"
                               "    LDP.B64 R14, [RZ+8]\n"
                               "    SHL R16, R0, 3\n"
                               "    IMULW.U32 R16, R16, 1\n"
                               "    IADD64 R14, R14, R16\n"
                               "    STG.B64 [R14], R12\n"
                               "    EXIT\n";

static void test_mixed_windows(hgt *t) {
    hgt_load(t, mixed_src);
    uint32_t g[32];
    for (uint32_t i = 0; i < 32; i++)
        g[i] = 0x3000 + i;
    uint64_t p[2] = {hgt_alloc_put(t, g, sizeof g), hgt_alloc(t, 32 * 8)};
    hg_launch_stats st;
    if (!hgt_run(t, "mixed", hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), p, sizeof p, &st))
        return;
    uint32_t r[32][2], after[32];
    hgt_get(t, r, p[1], sizeof r);
    hgt_get(t, after, p[0], sizeof after);
    for (uint32_t i = 0; i < 32; i++) {
        uint32_t want = 0x1000 * (i % 3 + 1) + i;
        CHECK_EQ_U(r[i][0], want);
        CHECK_EQ_U(r[i][1], want + 0x100);
        CHECK_EQ_U(after[i], i % 3 == 2 ? want + 0x100 : 0x3000 + i);
    }
}

static void test_cvta(hgt *t) {
    hgt_load(t, cvta_src);
    uint64_t out = hgt_alloc(t, 32 * 64), g = hgt_alloc(t, 64);
    uint64_t p[2] = {out, g};
    if (!hgt_run(t, "cvta", hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), p, sizeof p, NULL))
        return;
    uint8_t r[32][64];
    hgt_get(t, r, out, sizeof r);
    for (uint32_t i = 0; i < 32; i++) {
        uint64_t q[8];
        uint32_t w[16];
        memcpy(q, r[i], 64);
        memcpy(w, r[i], 64);
        uint32_t o = 8 * i;
        CHECK_EQ_U(q[0], HG_SHARED_WINDOW + o);
        CHECK_EQ_U(q[1], HG_LOCAL_WINDOW + (o & 63));
        CHECK_EQ_U(q[2], g);
        CHECK_EQ_U(w[6], o);
        CHECK_EQ_U(w[7], o);
        CHECK_EQ_U(q[4], g);
        /* shared: in S, not L, not G; local: not S, in L; global ptr: in G, not S */
        CHECK_EQ_U(w[10], 0x1 | 0x10 | 0x20);
        /* last shared byte in S; local base not S, in L; last local byte in L; not S */
        CHECK_EQ_U(w[11], 0x1 | 0x4 | 0x8);
        CHECK_EQ_U(w[12], (i ^ 1) + 0x100); /* the neighbour's generic store */
        CHECK_EQ_U(w[13], i + 0x200);
        CHECK_EQ_U(w[14], i + 0x100); /* LD through the hand-made address */
        CHECK_EQ_U(w[15], 0x5a5a);
    }
}

/* ---- fences: message passing between blocks on two SMs ---------------------------
 * Block 0 (SM 0) always starts first: SMs are handed to host threads in order,
 * so the consumer never spins alone on a single host thread. */

static const char *fence_src = ".kernel mp\n"
                               ".param 0, 8\n"  /* data[32] */
                               ".param 8, 8\n"  /* flag */
                               ".param 16, 8\n" /* out[32] */
                               "    S2R R0, SR_TID.X\n"
                               "    S2R R2, SR_CTAID.X\n"
                               "    SHL R3, R0, 2\n"
                               "    IMULW.U32 R4, R3, 1\n"
                               "    LDP.B64 R6, [RZ]\n"
                               "    IADD64 R6, R6, R4\n"
                               "    LDP.B64 R8, [RZ+8]\n"
                               "    ISETP.NE.U32 P0, R2, 0\n"
                               "@P0 BRA consumer\n"
                               "    IMUL R10, R0, 7\n"
                               "    IADD R10, R10, 1\n"
                               "    STG [R6], R10\n"
                               "    MEMBAR.CTA\n"
                               "    MEMBAR.GPU\n"
                               "    BAR.SYNC 0\n"
                               "    MEMBAR.SYS\n"
                               "    ISETP.NE.U32 P1, R0, 0\n"
                               "@P1 EXIT\n"
                               "    MOV R11, 1\n"
                               "    STG [R8], R11\n"
                               "    EXIT\n"
                               "consumer:\n"
                               "    LDG R12, [R8]\n"
                               "    ISETP.EQ.U32 P2, R12, 0\n"
                               "@P2 NANOSLEEP 100\n"
                               "@P2 BRA consumer\n"
                               "    MEMBAR.GPU\n"
                               "    LDG R13, [R6]\n"
                               "    LDP.B64 R14, [RZ+16]\n"
                               "    IADD64 R14, R14, R4\n"
                               "    STG [R14], R13\n"
                               "    EXIT\n";

static void test_fence(hgt *t) {
    hgt_load(t, fence_src);
    uint64_t data = hgt_alloc(t, 128), flag = hgt_alloc(t, 4), out = hgt_alloc(t, 128);
    for (int rep = 0; rep < 4; rep++) {
        uint32_t zero[32] = {0};
        hgt_put(t, data, zero, sizeof zero);
        hgt_put(t, flag, zero, 4);
        uint64_t p[3] = {data, flag, out};
        if (!hgt_run(t, "mp", hgt_dim(2, 1, 1), hgt_dim(32, 1, 1), p, sizeof p, NULL))
            return;
        uint32_t r[32];
        hgt_get(t, r, out, sizeof r);
        for (uint32_t i = 0; i < 32; i++)
            CHECK_EQ_U(r[i], 7 * i + 1);
    }
}

/* ---- dynamic shared memory follows the static part ------------------------------------ */

static const char *dyn_src = ".kernel dyn\n"
                             ".param 0, 8\n"
                             ".param 8, 4\n" /* an offset to touch past the end (or not) */
                             ".shared 64\n"
                             "    S2R R0, SR_TID.X\n"
                             "    S2R R2, SR_DYNSMEM\n"
                             "    SHL R3, R0, 2\n"
                             "    IADD R4, R3, 64\n" /* dynamic part: static bytes + 4 tid */
                             "    IADD R5, R0, 0x40\n"
                             "    STS [R3], R5\n"
                             "    CVTA.SHARED R6, R4\n"
                             "    IADD R5, R0, 0x80\n"
                             "    ST [R6], R5\n"
                             "    BAR.SYNC 0\n"
                             "    XOR R8, R3, 4\n"
                             "    LDS R9, [R8]\n"
                             "    IADD R8, R8, 64\n"
                             "    LDS R10, [R8]\n"
                             "    LDP R11, [RZ+8]\n"
                             "    LDS R12, [R11]\n"
                             "    LDP.B64 R14, [RZ]\n"
                             "    SHL R16, R0, 4\n"
                             "    IMULW.U32 R16, R16, 1\n"
                             "    IADD64 R14, R14, R16\n"
                             "    STG.B128 [R14], R9\n" /* R9..R12 */
                             "    EXIT\n";

static void test_dynamic_shared(hgt *t) {
    hgt_load(t, dyn_src);
    hg_kernel *k = hg_module_kernel(t->mod, "dyn");
    uint64_t out = hgt_alloc(t, 16 * 16);
    for (uint32_t last = 0; last < 2; last++) {
        struct {
            uint64_t out;
            uint32_t probe, pad;
        } p = {out, last ? 64 + 64 : 64 + 60, 0};
        hg_launch_params lp = {hgt_dim(1, 1, 1), hgt_dim(16, 1, 1), 64, &p, 12};
        hg_status st = hg_launch(t->ctx, k, &lp, NULL);
        if (last) { /* one byte past static + dynamic: a fault (which poisons this context) */
            CHECK_EQ_U(st, HG_ERR_KERNEL_FAULT);
            hg_fault f;
            hg_ctx_fault(t->ctx, &f);
            CHECK_EQ_U(f.kind, HG_FAULT_OUT_OF_BOUNDS);
            continue;
        }
        CHECK_EQ_U(st, HG_OK);
        uint32_t r[16][4];
        hgt_get(t, r, out, sizeof r);
        for (uint32_t i = 0; i < 16; i++) {
            CHECK_EQ_U(r[i][0], (i ^ 1) + 0x40);
            CHECK_EQ_U(r[i][1], (i ^ 1) + 0x80);
            CHECK_EQ_U(r[i][2], 124);
            CHECK_EQ_U(r[i][3], 0x80 + 15); /* the last dynamic word: thread 15's */
        }
    }
}

/* ---- memory counters: 32-byte sectors and shared-memory wavefronts ------------------ */

typedef struct counted {
    int shared;
    const char *type;
    uint32_t stride; /* bytes between lanes */
    uint64_t want;   /* sectors (global) or wavefronts (shared) for one warp request */
} counted;

static const counted counted_cases[] = {
    {0, "B32", 4, 4},    {0, "B32", 0, 1},    {0, "B32", 32, 32}, {0, "B32", 8, 8},
    {0, "B64", 8, 8},    {0, "B128", 16, 16}, {0, "U8", 1, 1},    {0, "U16", 2, 2},
    {0, "B32", 128, 32}, {0, "U8", 32, 32},   {1, "B32", 4, 1},   {1, "B32", 0, 1},
    {1, "B32", 8, 2},    {1, "B32", 128, 32}, {1, "B32", 132, 1}, {1, "B64", 8, 2},
    {1, "B128", 16, 4},  {1, "U8", 1, 1},     {1, "B64", 16, 4},  {1, "B32", 64, 16},
    {1, "U16", 64, 16},
};

static void test_counters(hgt *t) {
    hgt_str src = {0};
    size_t n = sizeof counted_cases / sizeof counted_cases[0];
    for (size_t i = 0; i < n; i++) {
        const counted *c = &counted_cases[i];
        hgt_str_printf(&src,
                       ".kernel cnt%zu\n.param 0, 8\n.param 8, 4\n.shared 8192\n"
                       "    S2R R0, SR_LANEID\n"
                       "    LDP R2, [RZ+8]\n"
                       "    IMUL R2, R0, R2\n",
                       i);
        if (c->shared)
            hgt_str_printf(&src, "    LDS.%s R8, [R2]\n    EXIT\n", c->type);
        else
            hgt_str_printf(&src,
                           "    IMULW.U32 R4, R2, 1\n"
                           "    LDP.B64 R6, [RZ]\n"
                           "    IADD64 R6, R6, R4\n"
                           "    LDG.%s R8, [R6]\n"
                           "    EXIT\n",
                           c->type);
    }
    hgt_load(t, src.s);
    hgt_str_free(&src);
    uint64_t buf = hgt_alloc(t, 8192);
    for (size_t i = 0; i < n; i++) {
        const counted *c = &counted_cases[i];
        struct {
            uint64_t buf;
            uint32_t stride, pad;
        } p = {buf, c->stride, 0};
        char name[16];
        snprintf(name, sizeof name, "cnt%zu", i);
        hg_launch_stats st;
        if (!hgt_run(t, name, hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), &p, 12, &st))
            continue;
        uint64_t req = c->shared ? st.c.shared_requests : st.c.gld_requests;
        uint64_t got = c->shared ? st.c.shared_wavefronts : st.c.gld_sectors;
        if (req != 1 || got != c->want)
            fprintf(stderr, "%s %s stride %u: %llu requests, %llu %s, expected 1 and %llu\n",
                    c->shared ? "LDS" : "LDG", c->type, c->stride, (unsigned long long)req,
                    (unsigned long long)got, c->shared ? "wavefronts" : "sectors",
                    (unsigned long long)c->want);
        CHECK_EQ_U(req, 1);
        CHECK_EQ_U(got, c->want);
    }
}

/* ---- bad accesses in each space fault with the right kind ------------------------- */

typedef struct bad_access {
    const char *name, *body;
    hg_fault_kind kind;
} bad_access;

static const bad_access bad[] = {
    {"gen_shared_past_end", "    CVTA.SHARED R4, RZ\n    LD R6, [R4+256]\n",
     HG_FAULT_OUT_OF_BOUNDS},
    {"gen_local_past_end", "    CVTA.LOCAL R4, RZ\n    ST [R4+64], R4\n", HG_FAULT_OUT_OF_BOUNDS},
    {"lds_misaligned", "    LDS.B64 R6, [RZ+4]\n", HG_FAULT_MISALIGNED},
    {"ldl_past_end", "    LDL.B128 R8, [RZ+64]\n", HG_FAULT_OUT_OF_BOUNDS},
    {"ldp_past_end", "    LDP.B128 R8, [RZ+16]\n", HG_FAULT_BAD_PARAM},
    {"ldc_past_end", "    MOV R4, k@lo\n    MOV R5, k@hi\n    LDC R6, [R4+0x100000]\n",
     HG_FAULT_OUT_OF_BOUNDS},
    {"stg_b128_misaligned", "    LDP.B64 R4, [RZ]\n    STG.B128 [R4+8], R8\n", HG_FAULT_MISALIGNED},
    {"gen_between_windows", "    MOV R4, 0\n    MOV R5, 3\n    LD R6, [R4]\n",
     HG_FAULT_OUT_OF_BOUNDS},
    {"gen_null", "    LD R6, [RZ]\n", HG_FAULT_OUT_OF_BOUNDS},
};

static void test_bad_accesses(int threads) {
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        hgt t;
        hgt_open(&t, "teach", threads);
        hgt_str s = {0};
        hgt_str_printf(&s,
                       ".const k, 8\n    .u32 1, 2\n"
                       ".kernel %s\n.param 0, 8\n.params 24\n.shared 256\n.local 64\n%s    EXIT\n",
                       bad[i].name, bad[i].body);
        hgt_load(&t, s.s);
        hgt_str_free(&s);
        uint64_t p[3] = {hgt_alloc(&t, 256), 0, 0};
        hg_status st =
            hgt_launch(&t, bad[i].name, hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), p, sizeof p, NULL);
        hg_fault f;
        hg_ctx_fault(t.ctx, &f);
        if (st != HG_ERR_KERNEL_FAULT || f.kind != bad[i].kind)
            fprintf(stderr, "%s: status %d, fault kind %d (%s), expected kind %d\n", bad[i].name,
                    (int)st, (int)f.kind, f.detail, (int)bad[i].kind);
        CHECK_EQ_U(st, HG_ERR_KERNEL_FAULT);
        CHECK_EQ_U(f.kind, bad[i].kind);
        hgt_close(&t);
    }
}

int main(int argc, char **argv) {
    int threads = hgt_threads_arg(argc, argv);
    hgt t;
    hgt_open(&t, "teach", threads);
    test_widths_and_spaces(&t);
    test_module_vars(&t);
    test_cvta(&t);
    test_mixed_windows(&t);
    test_fence(&t);
    test_counters(&t);
    test_dynamic_shared(&t); /* last: it ends with a fault */
    hgt_close(&t);
    test_bad_accesses(threads);
    return hgt_finish("test_memory");
}
