/* test_warp.c -- warp-synchronous instructions against a CPU model of PTX:
 * SHFL (idx/up/down/bfly) with segment widths, clamps and member masks,
 * VOTE (all/any/uni/ballot), MATCH (any/all, 32 and 64 bits), ACTMASK and
 * REDUX (every operation), with full warps, with divergent warps running
 * the instructions on two disjoint masks at different PCs, with lanes that
 * reach the instruction late, and with exited lanes. */
#include <string.h>

#include "hgtest.h"

/* ---- SHFL -------------------------------------------------------------------------- */

typedef enum { SH_IDX, SH_UP, SH_DOWN, SH_BFLY } shmode;
static const char *const shnames[] = {"IDX", "UP", "DOWN", "BFLY"};

typedef struct shcase {
    shmode mode;
    unsigned k; /* clamp | segmask << 8 */
    int b;      /* immediate lane operand, or -1: per-lane register */
} shcase;

/* PTX shfl.sync: the source lane and whether it is valid. */
static unsigned shfl_src(shmode mode, unsigned lane, uint32_t b, unsigned k, int *valid) {
    unsigned bval = b & 31, clamp = k & 31, seg = (k >> 8) & 31;
    int max_lane = (int)((lane & seg) | (clamp & ~seg)), min_lane = (int)(lane & seg), j;
    switch (mode) {
    case SH_UP:
        j = (int)lane - (int)bval;
        *valid = j >= max_lane;
        break;
    case SH_DOWN:
        j = (int)(lane + bval);
        *valid = j <= max_lane;
        break;
    case SH_BFLY:
        j = (int)(lane ^ bval);
        *valid = j <= max_lane;
        break;
    default:
        j = min_lane | (int)(bval & ~seg);
        *valid = j <= max_lane;
        break;
    }
    return *valid ? (unsigned)j : lane;
}

static shcase shcases[512];
static unsigned nshcases;

static void make_shcases(void) {
    static const unsigned widths[] = {32, 16, 8, 4, 2, 1};
    static const int bs[] = {1, 5, 33, -1};
    for (unsigned m = 0; m < 4; m++) {
        unsigned ks[8], nk = 0;
        for (unsigned w = 0; w < sizeof widths / sizeof widths[0];
             w++) /* as CUDA's __shfl_*_sync */
            ks[nk++] = ((32 - widths[w]) << 8) | (m == SH_UP ? 0 : 0x1f);
        ks[nk++] = m == SH_UP ? 3 : 0x14; /* a clamp that is not a segment end */
        ks[nk++] = (0x18 << 8) | 0x5;     /* a clamp inside 8-lane segments */
        for (unsigned k = 0; k < nk; k++)
            for (unsigned b = 0; b < sizeof bs / sizeof bs[0]; b++)
                shcases[nshcases++] = (shcase){(shmode)m, ks[k], bs[b]};
    }
}

static void emit_shfl(hgt_str *s, unsigned i) {
    const shcase *c = &shcases[i];
    char b[16];
    if (c->b < 0)
        snprintf(b, sizeof b, "R7");
    else
        snprintf(b, sizeof b, "%d", c->b);
    hgt_str_printf(s,
                   ".kernel sh%u\n"
                   ".param 0, 8\n.param 8, 8\n.param 16, 8\n.param 24, 4\n"
                   "    S2R R0, SR_LANEID\n"
                   "    SHL R2, R0, 2\n"
                   "    IMULW.U32 R2, R2, 1\n"
                   "    LDP.B64 R4, [RZ]\n"
                   "    IADD64 R4, R4, R2\n"
                   "    LDG R6, [R4]\n"
                   "    LDP.B64 R4, [RZ+8]\n"
                   "    IADD64 R4, R4, R2\n"
                   "    LDG R7, [R4]\n"
                   "    LDP R8, [RZ+24]\n"
                   "    MOV R10, 0xcafe\n"
                   "    MOV R11, 0x77\n"
                   "    SHR.U32 R12, R8, R0\n"
                   "    AND R12, R12, 1\n"
                   "    ISETP.EQ.U32 P0, R12, 0\n"
                   "@P0 BRA sh%u_out\n"
                   "    SHFL.%s R10, P1, R6, %s, %u, R8\n"
                   "    P2R R11, P1\n"
                   "sh%u_out:\n"
                   "    SHL R2, R0, 3\n"
                   "    IMULW.U32 R2, R2, 1\n"
                   "    LDP.B64 R4, [RZ+16]\n"
                   "    IADD64 R4, R4, R2\n"
                   "    STG.B64 [R4], R10\n"
                   "    EXIT\n",
                   i, i, shnames[c->mode], b, c->k, i);
}

static void test_shfl(hgt *t) {
    make_shcases();
    hgt_str src = {0};
    for (unsigned i = 0; i < nshcases; i++)
        emit_shfl(&src, i);
    hgt_load(t, src.s);
    hgt_str_free(&src);

    uint32_t a[32], b[32];
    uint64_t rng = 0x1234567887654321ull;
    for (unsigned l = 0; l < 32; l++) {
        a[l] = 0x1000u * l + 0x11u;
        b[l] = (uint32_t)(hgt_rand(&rng) % 70); /* lanes and offsets past 31 too */
    }
    uint64_t da = hgt_alloc_put(t, a, sizeof a), db = hgt_alloc_put(t, b, sizeof b),
             dout = hgt_alloc(t, 256);
    static const uint32_t masks[] = {0xffffffffu, 0x0f0f3cc3u, 0x00ffffffu, 0x80000001u};
    for (unsigned i = 0; i < nshcases; i++) {
        const shcase *c = &shcases[i];
        for (unsigned mi = 0; mi < sizeof masks / sizeof masks[0]; mi++) {
            uint32_t mask = masks[mi];
            struct {
                uint64_t a, b, out;
                uint32_t mask, pad;
            } p = {da, db, dout, mask, 0};
            char name[16];
            snprintf(name, sizeof name, "sh%u", i);
            if (!hgt_run(t, name, hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), &p, 28, NULL))
                continue;
            uint32_t r[32][2];
            hgt_get(t, r, dout, sizeof r);
            int bad = 0;
            for (unsigned l = 0; l < 32; l++) {
                uint32_t want_d = 0xcafe, want_p = 0x77;
                int check_d = 1;
                if ((mask >> l) & 1) {
                    int valid;
                    unsigned j =
                        shfl_src(c->mode, l, c->b < 0 ? b[l] : (uint32_t)c->b, c->k, &valid);
                    want_p = (uint32_t)valid;
                    want_d = a[j];
                    check_d = (mask >> j) & 1; /* a source outside the mask is undefined */
                }
                if ((check_d && r[l][0] != want_d) || r[l][1] != want_p) {
                    if (bad++ < 3)
                        fprintf(stderr,
                                "SHFL.%s b=%d (lane b %u) k=0x%x mask 0x%08x lane %u: d 0x%x p %u, "
                                "expected d 0x%x p %u\n",
                                shnames[c->mode], c->b, b[l], c->k, mask, l, r[l][0], r[l][1],
                                want_d, want_p);
                }
            }
            CHECK(bad == 0);
        }
    }
}

/* ---- VOTE, MATCH, ACTMASK, REDUX on two divergent masks ---------------------------------- */

/* The results, in register order: R12..R19, R21, R24..R36. */
enum { NRES = 22, STRIDE_WORDS = 28 };
static const char *const res_names[NRES] = {
    "VOTE.ALL",       "VOTE.ANY",  "VOTE.UNI",    "VOTE.ALL !q",   "VOTE.ANY !q",   "VOTE.BALLOT",
    "VOTE.BALLOT !q", "MATCH.ANY", "MATCH.ALL d", "MATCH.ALL p",   "MATCH.ANY64",   "MATCH.ALL64 d",
    "MATCH.ALL64 p",  "ACTMASK",   "REDUX.ADD",   "REDUX.MIN.S32", "REDUX.MIN.U32", "REDUX.MAX.S32",
    "REDUX.MAX.U32",  "REDUX.AND", "REDUX.OR",    "REDUX.XOR"};
/* Word offset of each result in a lane's STRIDE_WORDS output. */
static unsigned res_word(unsigned e) {
    return e < 9 ? e : 12 + (e - 9);
}

/* The warp instructions for the lanes of mask register m.  q is P0, x is
 * R20, x64 is R22:R23. */
static void emit_votes(hgt_str *s, const char *m) {
    hgt_str_printf(s,
                   "    VOTE.ALL P1, P0, %s\n"
                   "    VOTE.ANY P2, P0, %s\n"
                   "    VOTE.UNI P3, P0, %s\n"
                   "    VOTE.ALL P4, !P0, %s\n"
                   "    VOTE.ANY P5, !P0, %s\n"
                   "    P2R R12, P1\n"
                   "    P2R R13, P2\n"
                   "    P2R R14, P3\n"
                   "    P2R R15, P4\n"
                   "    P2R R16, P5\n"
                   "    VOTE.BALLOT R17, P0, %s\n"
                   "    VOTE.BALLOT R18, !P0, %s\n"
                   "    MATCH.ANY R19, R20, %s\n"
                   "    MATCH.ALL R21, P6, R20, %s\n"
                   "    P2R R24, P6\n"
                   "    MATCH.ANY64 R25, R22, %s\n"
                   "    MATCH.ALL64 R26, P6, R22, %s\n"
                   "    P2R R27, P6\n"
                   "    ACTMASK R28\n",
                   m, m, m, m, m, m, m, m, m, m, m);
    static const char *const redux[] = {"ADD",     "MIN.S32", "MIN.U32", "MAX.S32",
                                        "MAX.U32", "AND",     "OR",      "XOR"};
    for (unsigned k = 0; k < 8; k++)
        hgt_str_printf(s, "    REDUX.%s R%u, R20, %s\n", redux[k], 29 + k, m);
}

static const char *vote_head = ".kernel votes\n"
                               ".param 0, 8\n"  /* x[32] */
                               ".param 8, 8\n"  /* x64 high words[32] */
                               ".param 16, 8\n" /* out[32][STRIDE_WORDS] */
                               ".param 24, 4\n" /* q bits */
                               ".param 28, 4\n" /* mask A; the other lanes form mask B */
                               "    S2R R0, SR_LANEID\n"
                               "    SHL R2, R0, 2\n"
                               "    IMULW.U32 R2, R2, 1\n"
                               "    LDP.B64 R4, [RZ]\n"
                               "    IADD64 R4, R4, R2\n"
                               "    LDG R20, [R4]\n"
                               "    MOV R22, R20\n"
                               "    LDP.B64 R4, [RZ+8]\n"
                               "    IADD64 R4, R4, R2\n"
                               "    LDG R23, [R4]\n"
                               "    LDP R6, [RZ+24]\n"
                               "    SHR.U32 R6, R6, R0\n"
                               "    AND R6, R6, 1\n"
                               "    ISETP.NE.U32 P0, R6, 0\n"
                               "    LDP R8, [RZ+28]\n"
                               "    NOT R9, R8\n"
                               "    SHR.U32 R6, R8, R0\n"
                               "    AND R6, R6, 1\n"
                               "    ISETP.EQ.U32 P1, R6, 0\n"
                               "@P1 BRA votes_b\n";

static const char *vote_tail = "votes_store:\n"
                               "    IMUL R2, R0, 112\n"
                               "    IMULW.U32 R2, R2, 1\n"
                               "    LDP.B64 R4, [RZ+16]\n"
                               "    IADD64 R4, R4, R2\n"
                               "    STG.B128 [R4], R12\n"
                               "    STG.B128 [R4+16], R16\n"
                               "    STG [R4+32], R21\n"
                               "    STG.B128 [R4+48], R24\n"
                               "    STG.B128 [R4+64], R28\n"
                               "    STG.B128 [R4+80], R32\n"
                               "    STG [R4+96], R36\n"
                               "    EXIT\n";

typedef struct vcase {
    uint32_t q, mask_a;
    int values; /* 0 equal, 1 lane % 3, 2 random from 4, 3 random */
    int hi;     /* 0 equal high words, 1 high word = lane & 1 */
} vcase;

static const vcase vcases[] = {
    {0xffffffffu, 0xffffffffu, 0, 0}, {0x00000000u, 0xffffffffu, 1, 0},
    {0x12345678u, 0xffff0000u, 1, 1}, {0x55555555u, 0x55555555u, 2, 0},
    {0x0000ff00u, 0x00000001u, 3, 1}, {0xdeadbeefu, 0x7fffffffu, 3, 0},
    {0xf0f0f0f0u, 0x0f0f0f0fu, 0, 1}, {0xffff0000u, 0xfff00fffu, 2, 1},
    {0x0u, 0xffffffffu, 0, 1},
};

/* PTX vote/match/activemask/redux over the lanes L of lane l's path. */
static void expect_votes(const vcase *c, const uint32_t *x, const uint32_t *hi, unsigned l,
                         uint32_t w[NRES]) {
    uint32_t L = ((c->mask_a >> l) & 1) ? c->mask_a : ~c->mask_a, q = c->q & L;
    uint32_t any = 0, any64 = 0, add = 0, and_ = ~0u, or_ = 0, xor_ = 0;
    uint32_t mins = 0x7fffffff, minu = ~0u, maxs = 0x80000000u, maxu = 0;
    for (unsigned j = 0; j < 32; j++) {
        if (!((L >> j) & 1))
            continue;
        any |= (uint32_t)(x[j] == x[l]) << j;
        any64 |= (uint32_t)(x[j] == x[l] && hi[j] == hi[l]) << j;
        add += x[j];
        mins = (int32_t)x[j] < (int32_t)mins ? x[j] : mins;
        minu = x[j] < minu ? x[j] : minu;
        maxs = (int32_t)x[j] > (int32_t)maxs ? x[j] : maxs;
        maxu = x[j] > maxu ? x[j] : maxu;
        and_ &= x[j], or_ |= x[j], xor_ ^= x[j];
    }
    int all = any == L, all64 = any64 == L;
    uint32_t v[NRES] = {q == L,
                        q != 0,
                        q == L || q == 0,
                        q == 0,
                        q != L,
                        q,
                        ~c->q & L,
                        any,
                        all ? L : 0,
                        (uint32_t)all,
                        any64,
                        all64 ? L : 0,
                        (uint32_t)all64,
                        L,
                        add,
                        mins,
                        minu,
                        maxs,
                        maxu,
                        and_,
                        or_,
                        xor_};
    memcpy(w, v, sizeof v);
}

static void test_votes(hgt *t) {
    hgt_str src = {0};
    hgt_str_printf(&src, "%s", vote_head);
    emit_votes(&src, "R8");
    hgt_str_printf(&src, "    BRA votes_store\nvotes_b:\n");
    emit_votes(&src, "R9");
    hgt_str_printf(&src, "%s", vote_tail);
    hgt_load(t, src.s);
    hgt_str_free(&src);
    uint64_t dx = hgt_alloc(t, 128), dh = hgt_alloc(t, 128),
             dout = hgt_alloc(t, 32 * 4 * STRIDE_WORDS);
    uint64_t rng = 42;
    for (size_t ci = 0; ci < sizeof vcases / sizeof vcases[0]; ci++) {
        const vcase *c = &vcases[ci];
        uint32_t x[32], hi[32];
        for (unsigned l = 0; l < 32; l++) {
            uint32_t r = (uint32_t)hgt_rand(&rng);
            x[l] = c->values == 0   ? 0x80000005u
                   : c->values == 1 ? (l % 3) * 0x7fffffffu
                   : c->values == 2 ? (r % 4) * 0x40000001u
                                    : r;
            hi[l] = c->hi ? l & 1 : 9;
        }
        hgt_put(t, dx, x, sizeof x);
        hgt_put(t, dh, hi, sizeof hi);
        struct {
            uint64_t x, hi, out;
            uint32_t q, mask;
        } p = {dx, dh, dout, c->q, c->mask_a};
        if (!hgt_run(t, "votes", hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), &p, sizeof p, NULL))
            continue;
        uint32_t r[32][STRIDE_WORDS];
        hgt_get(t, r, dout, sizeof r);
        int bad = 0;
        for (unsigned l = 0; l < 32; l++) {
            uint32_t w[NRES];
            expect_votes(c, x, hi, l, w);
            for (unsigned e = 0; e < NRES; e++)
                if (r[l][res_word(e)] != w[e] && bad++ < 4)
                    fprintf(stderr,
                            "votes case %zu (mask A 0x%08x) lane %u: %s = 0x%x, expected 0x%x\n",
                            ci, c->mask_a, l, res_names[e], r[l][res_word(e)], w[e]);
        }
        CHECK(bad == 0);
    }
}

/* ---- lanes that arrive late, and lanes that exited ---------------------------------- */

/* Odd lanes take a detour and come back to the instructions the even lanes
 * already wait at; the last ballot runs only where its guard holds. */
static const char *late_src = ".kernel late\n"
                              ".param 0, 8\n"
                              "    S2R R0, SR_LANEID\n"
                              "    IMUL R6, R0, 10\n"
                              "    AND R2, R0, 1\n"
                              "    ISETP.NE.U32 P0, R2, 0\n"
                              "@P0 BRA late_detour\n"
                              "late_back:\n"
                              "    SHFL.BFLY R7, P1, R6, 1, 0x1f, -1\n"
                              "    VOTE.BALLOT R8, P0, -1\n"
                              "    REDUX.ADD R9, R6, -1\n"
                              "    MATCH.ANY R10, R2, -1\n"
                              "    ACTMASK R11\n"
                              "    MOV R12, 0x55555555\n"
                              "    MOV R13, 0xeeee\n"
                              "@!P0 VOTE.BALLOT R13, PT, R12\n"
                              "    SHL R14, R0, 5\n"
                              "    IMULW.U32 R14, R14, 1\n"
                              "    LDP.B64 R16, [RZ]\n"
                              "    IADD64 R16, R16, R14\n"
                              "    STG.B128 [R16], R6\n"
                              "    STG.B128 [R16+16], R10\n"
                              "    EXIT\n"
                              "late_detour:\n"
                              "    NANOSLEEP 0\n"
                              "    BRA late_back\n"
                              /* lanes >= 24 exit first; exited lanes in the mask do not block */
                              ".kernel exited\n"
                              ".param 0, 8\n"
                              "    S2R R0, SR_LANEID\n"
                              "    IMUL R6, R0, 10\n"
                              "    ISETP.GE.U32 P0, R0, 24\n"
                              "@P0 EXIT\n"
                              "    SHFL.DOWN R7, P1, R6, 4, 0x1f, -1\n"
                              "    P2R R8, P1\n"
                              "    VOTE.ALL P2, PT, -1\n"
                              "    P2R R9, P2\n"
                              "    VOTE.BALLOT R10, PT, -1\n"
                              "    REDUX.ADD R11, R0, -1\n"
                              "    ACTMASK R12\n"
                              "    MOV R14, 7\n"
                              "    MATCH.ANY R13, R14, -1\n"
                              "    SHL R14, R0, 5\n"
                              "    IMULW.U32 R14, R14, 1\n"
                              "    LDP.B64 R16, [RZ]\n"
                              "    IADD64 R16, R16, R14\n"
                              "    STG.B128 [R16], R6\n"
                              "    STG.B128 [R16+16], R10\n"
                              "    EXIT\n";

/* Three groups reach one SHFL at three different times: lane % 3 == 0
 * directly, 1 after one detour, 2 after two. */
static const char *late3_src = ".kernel late3\n"
                               ".param 0, 8\n"
                               "    S2R R0, SR_LANEID\n"
                               "    MOV R2, 3\n"
                               "    IREM.U32 R2, R0, R2\n"
                               "    ISETP.NE.U32 P0, R2, 0\n"
                               "    ISETP.EQ.U32 P1, R2, 2\n"
                               "@P0 BRA late3_far\n"
                               "late3_meet:\n"
                               "    SHFL.IDX R3, PT, R0, 31, 0x1f, -1\n"
                               "    REDUX.ADD R4, R0, -1\n"
                               "    VOTE.BALLOT R5, P1, -1\n"
                               "    ACTMASK R6\n"
                               "    SHL R8, R0, 4\n"
                               "    IMULW.U32 R8, R8, 1\n"
                               "    LDP.B64 R10, [RZ]\n"
                               "    IADD64 R10, R10, R8\n"
                               "    STG.B128 [R10], R3\n"
                               "    EXIT\n"
                               "late3_far:\n"
                               "@P1 BRA late3_farther\n"
                               "    BRA late3_meet\n"
                               "late3_farther:\n"
                               "    NANOSLEEP 0\n"
                               "    BRA late3_meet\n";

static void test_late3(hgt *t) {
    hgt_load(t, late3_src);
    uint64_t out = hgt_alloc(t, 32 * 16);
    if (!hgt_run(t, "late3", hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), &out, 8, NULL))
        return;
    uint32_t r[32][4], ballot = 0;
    for (uint32_t l = 0; l < 32; l++)
        ballot |= (uint32_t)(l % 3 == 2) << l;
    hgt_get(t, r, out, sizeof r);
    for (uint32_t l = 0; l < 32; l++) {
        CHECK_EQ_U(r[l][0], 31);
        CHECK_EQ_U(r[l][1], 496);
        CHECK_EQ_U(r[l][2], ballot);
        CHECK_EQ_U(r[l][3], 0xffffffffu);
    }
}

/* Lanes 0..15 wait at the warp instructions for the whole warp; then lanes
 * >= cut exit and the rest of 16..31 arrive: the waits complete with the
 * non-exited lanes. */
static const char *exit_late_src = ".kernel exit_late\n"
                                   ".param 0, 8\n"
                                   ".param 8, 4\n"
                                   "    S2R R0, SR_LANEID\n"
                                   "    LDP R2, [RZ+8]\n"
                                   "    ISETP.GE.U32 P0, R0, 16\n"
                                   "@P0 BRA exit_late_upper\n"
                                   "exit_late_meet:\n"
                                   "    SHFL.IDX R3, PT, R0, 3, 0x1f, -1\n"
                                   "    VOTE.BALLOT R4, PT, -1\n"
                                   "    REDUX.ADD R5, R0, -1\n"
                                   "    MATCH.ANY R6, R2, -1\n"
                                   "    SHL R8, R0, 4\n"
                                   "    IMULW.U32 R8, R8, 1\n"
                                   "    LDP.B64 R10, [RZ]\n"
                                   "    IADD64 R10, R10, R8\n"
                                   "    STG.B128 [R10], R3\n"
                                   "    EXIT\n"
                                   "exit_late_upper:\n"
                                   "    ISETP.GE.U32 P1, R0, R2\n"
                                   "@P1 EXIT\n"
                                   "    NANOSLEEP 0\n"
                                   "    BRA exit_late_meet\n";

static void test_exit_late(hgt *t) {
    hgt_load(t, exit_late_src);
    uint64_t out = hgt_alloc(t, 32 * 16);
    for (uint32_t cut = 16; cut <= 24; cut += 8) {
        struct {
            uint64_t out;
            uint32_t cut, pad;
        } p = {out, cut, 0};
        if (!hgt_run(t, "exit_late", hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), &p, 12, NULL))
            continue;
        uint32_t r[32][4], live = (1u << cut) - 1;
        hgt_get(t, r, out, sizeof r);
        for (uint32_t l = 0; l < cut; l++) {
            CHECK_EQ_U(r[l][0], 3);
            CHECK_EQ_U(r[l][1], live);
            CHECK_EQ_U(r[l][2], cut * (cut - 1) / 2);
            CHECK_EQ_U(r[l][3], live);
        }
    }
}

static void test_late_and_exited(hgt *t) {
    hgt_load(t, late_src);
    uint64_t out = hgt_alloc(t, 32 * 32);
    uint32_t r[32][8];
    if (hgt_run(t, "late", hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), &out, 8, NULL)) {
        hgt_get(t, r, out, sizeof r);
        for (uint32_t l = 0; l < 32; l++) {
            CHECK_EQ_U(r[l][1], 10 * (l ^ 1));
            CHECK_EQ_U(r[l][2], 0xaaaaaaaau);
            CHECK_EQ_U(r[l][3], 4960);
            CHECK_EQ_U(r[l][4], (l & 1) ? 0xaaaaaaaau : 0x55555555u);
            CHECK_EQ_U(r[l][5], 0xffffffffu);
            CHECK_EQ_U(r[l][7], (l & 1) ? 0xeeeeu : 0x55555555u);
        }
    }
    /* 32 threads of which 8 exit, and a partial warp of 20 threads */
    for (uint32_t n = 32; n >= 20; n -= 12) {
        uint32_t live = n < 24 ? n : 24, lm = (1u << live) - 1;
        memset(r, 0, sizeof r);
        hgt_put(t, out, r, sizeof r);
        if (!hgt_run(t, "exited", hgt_dim(1, 1, 1), hgt_dim(n, 1, 1), &out, 8, NULL))
            continue;
        hgt_get(t, r, out, sizeof r);
        for (uint32_t l = 0; l < live; l++) {
            if (l + 4 < live)
                CHECK_EQ_U(r[l][1], 10 * (l + 4));
            CHECK_EQ_U(r[l][2], 1);
            CHECK_EQ_U(r[l][3], 1);
            CHECK_EQ_U(r[l][4], lm);
            CHECK_EQ_U(r[l][5], live * (live - 1) / 2);
            CHECK_EQ_U(r[l][6], lm);
            CHECK_EQ_U(r[l][7], lm);
        }
        for (uint32_t l = live; l < 32; l++)
            CHECK_EQ_U(r[l][0], 0);
    }
}

int main(int argc, char **argv) {
    hgt t;
    hgt_open(&t, "teach", hgt_threads_arg(argc, argv));
    test_shfl(&t);
    test_votes(&t);
    test_late_and_exited(&t);
    test_late3(&t);
    test_exit_late(&t);
    hgt_close(&t);
    return hgt_finish("test_warp");
}
