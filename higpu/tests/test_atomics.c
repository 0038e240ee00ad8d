/* test_atomics.c -- every atomic operation, 32 and 64 bits, signed and
 * unsigned, integer and float add, on global memory, shared memory and
 * generic addresses into both, under contention: all threads of many blocks
 * on one address, or spread over four.  Final values must equal a CPU
 * fold (independent of the host-thread count, except rounding of float
 * adds), and the old values the threads got back must be a valid
 * serialisation: a chain from the initial to the final value in which
 * every thread's operation happens exactly once. */
#include <math.h>
#include <string.h>

#include "hgtest.h"

/* Every thread issues K atomics in a loop: N operations per launch. */
enum { BLOCKS = 16, THREADS = 128, K = 4, N = BLOCKS * THREADS * K };

/* How the returned old values are checked. */
typedef enum {
    CHK_WALK,    /* monotone op: follow the chain init -> final greedily */
    CHK_BALANCE, /* states may recur: multiset {olds, final} == {init, old op v} */
    CHK_SEQ,     /* INC/DEC with one bound: olds are the n states from init */
    CHK_FLOAT,   /* inexact float add: final within rounding bounds */
} check_kind;

typedef enum {
    V_SMALL,
    V_SIGNED20,
    V_U64BIG,
    V_RAND,
    V_CLEAR_BIT,
    V_SET_BIT,
    V_DISTINCT,
    V_BOUND,
    V_FINT,
    V_FFRAC
} value_kind;

typedef struct acase {
    const char *op, *type;
    unsigned size;
    value_kind vk;
    check_kind ck;
    uint64_t init;
} acase;

static const acase cases[] = {
    {"ADD", "U32", 4, V_SMALL, CHK_WALK, 7},
    {"ADD", "S32", 4, V_SIGNED20, CHK_BALANCE, 0xfffffff0},
    {"ADD", "U64", 8, V_U64BIG, CHK_WALK, 0xfffffff0},
    {"ADD", "F32", 4, V_FINT, CHK_WALK, 0x3f800000}, /* 1.0f */
    {"ADD", "F32", 4, V_FFRAC, CHK_FLOAT, 0},
    {"ADD", "F64", 8, V_FINT, CHK_WALK, 0x4000000000000000ull}, /* 2.0 */
    {"ADD", "F64", 8, V_FFRAC, CHK_FLOAT, 0},
    {"MIN", "S32", 4, V_RAND, CHK_WALK, 0},
    {"MIN", "U32", 4, V_RAND, CHK_WALK, 0xffffffff},
    {"MIN", "S64", 8, V_RAND, CHK_WALK, 0},
    {"MIN", "U64", 8, V_RAND, CHK_WALK, ~0ull},
    {"MAX", "S32", 4, V_RAND, CHK_WALK, 0},
    {"MAX", "U32", 4, V_RAND, CHK_WALK, 0},
    {"MAX", "S64", 8, V_RAND, CHK_WALK, 0},
    {"MAX", "U64", 8, V_RAND, CHK_WALK, 0},
    {"INC", "U32", 4, V_BOUND, CHK_SEQ, 5},
    {"DEC", "U32", 4, V_BOUND, CHK_SEQ, 5},
    {"INC", "U32", 4, V_BOUND, CHK_SEQ, 100}, /* starts above the bound */
    {"DEC", "U32", 4, V_BOUND, CHK_SEQ, 100},
    {"AND", "B32", 4, V_CLEAR_BIT, CHK_WALK, 0xffffffff},
    {"AND", "B64", 8, V_CLEAR_BIT, CHK_WALK, ~0ull},
    {"OR", "B32", 4, V_SET_BIT, CHK_WALK, 0},
    {"OR", "B64", 8, V_SET_BIT, CHK_WALK, 0},
    {"XOR", "B32", 4, V_RAND, CHK_BALANCE, 0x12345678},
    {"XOR", "B64", 8, V_RAND, CHK_BALANCE, 0x123456789abcdef0ull},
    {"EXCH", "B32", 4, V_DISTINCT, CHK_WALK, 0},
    {"EXCH", "B64", 8, V_DISTINCT, CHK_WALK, 0},
};
#define NCASES (sizeof cases / sizeof cases[0])

/* The spaces an atomic reaches: the instruction and how its address is made. */
typedef struct aspace {
    const char *name;
    int shared, generic;
} aspace;

static const aspace spaces[] = {
    {"g", 0, 0},
    {"s", 1, 0},
    {"gg", 0, 1},
    {"gs", 1, 1},
};
#define NSPACES (sizeof spaces / sizeof spaces[0])

/* ---- the CPU model ------------------------------------------------------------------ */

static uint64_t trunc_to(unsigned size, uint64_t v) {
    return size == 8 ? v : (uint32_t)v;
}

static double as_float(const acase *c, uint64_t v) {
    if (c->size == 8) {
        double d;
        memcpy(&d, &v, 8);
        return d;
    }
    float f;
    uint32_t u = (uint32_t)v;
    memcpy(&f, &u, 4);
    return f;
}

static uint64_t from_float(const acase *c, double d) {
    if (c->size == 8) {
        uint64_t v;
        memcpy(&v, &d, 8);
        return v;
    }
    float f = (float)d;
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static int is_float(const acase *c) {
    return c->type[0] == 'F';
}
static int is_signed(const acase *c) {
    return c->type[0] == 'S';
}

static int op_is(const acase *c, const char *op) {
    return !strcmp(c->op, op);
}

/* PTX semantics of atom.op.type: the new value at the address. */
static uint64_t apply(const acase *c, uint64_t old, uint64_t v) {
    unsigned sz = c->size;
    if (op_is(c, "ADD")) {
        if (!is_float(c))
            return trunc_to(sz, old + v);
        if (sz == 8)
            return from_float(c, as_float(c, old) + as_float(c, v));
        return from_float(c, (float)as_float(c, old) + (float)as_float(c, v));
    }
    if (op_is(c, "MIN") || op_is(c, "MAX")) {
        int less;
        if (is_signed(c))
            less = sz == 8 ? (int64_t)old < (int64_t)v : (int32_t)old < (int32_t)v;
        else
            less = old < v;
        return op_is(c, "MIN") == less ? old : v;
    }
    if (op_is(c, "INC"))
        return old >= v ? 0 : old + 1;
    if (op_is(c, "DEC"))
        return (old == 0 || old > v) ? v : old - 1;
    if (op_is(c, "AND"))
        return old & v;
    if (op_is(c, "OR"))
        return old | v;
    if (op_is(c, "XOR"))
        return old ^ v;
    return v; /* EXCH */
}

static uint64_t gen_value(const acase *c, unsigned i, uint64_t *rng) {
    uint64_t r = hgt_rand(rng);
    switch (c->vk) {
    case V_SMALL: return 1 + r % 0xffff;
    case V_SIGNED20: return (uint32_t)((int32_t)(r % 0x200000) - 0x100000);
    case V_U64BIG: return (1ull << 32) + (r >> 32);
    case V_RAND: return trunc_to(c->size, r);
    case V_CLEAR_BIT: return trunc_to(c->size, ~(1ull << (r % (8 * c->size))));
    case V_SET_BIT: return 1ull << (r % (8 * c->size));
    case V_DISTINCT: return trunc_to(c->size, (i + 1ull) * 0x9e3779b97f4a7c15ull);
    case V_BOUND: return 37;
    case V_FINT: return from_float(c, (double)(1 + r % 64));
    case V_FFRAC: return from_float(c, (double)(r >> 40) / (double)(1ull << 24));
    }
    return 0;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Members of one contended address: their values and the olds they got. */
typedef struct group {
    uint64_t v[N], old[N];
    unsigned n;
} group;

static int walk_order(const void *a, const void *b) {
    return cmp_u64(a, b);
}

/* Checks one address: returns NULL or what is wrong. */
static const char *check_group(const acase *c, uint64_t init, const group *g, uint64_t final) {
    static uint64_t a[N + 1], b[N + 1];
    static uint64_t pair[N][2]; /* (old, v) sorted by old */
    unsigned n = g->n;
    if (c->ck != CHK_FLOAT && !op_is(c, "EXCH")) {
        uint64_t f = init;
        for (unsigned i = 0; i < n; i++)
            f = apply(c, f, g->v[i]);
        if (f != final)
            return "final value differs from the CPU fold";
    }
    switch (c->ck) {
    case CHK_WALK: {
        static uint8_t used[N];
        for (unsigned i = 0; i < n; i++) {
            pair[i][0] = g->old[i];
            pair[i][1] = g->v[i];
            used[i] = 0;
        }
        qsort(pair, n, sizeof pair[0], walk_order);
        uint64_t s = init;
        unsigned done = 0;
        for (;;) {
            unsigned lo = 0, hi = n; /* first pair with old >= s */
            while (lo < hi) {
                unsigned mid = (lo + hi) / 2;
                if (pair[mid][0] < s)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            int changer = -1;
            for (unsigned i = lo; i < n && pair[i][0] == s; i++) {
                if (used[i])
                    continue;
                if (apply(c, s, pair[i][1]) == s) {
                    used[i] = 1, done++;
                } else if (changer >= 0) {
                    return "two threads got the same old value and both changed it";
                } else {
                    changer = (int)i;
                }
            }
            if (changer < 0)
                break;
            used[changer] = 1, done++;
            s = apply(c, s, pair[changer][1]);
        }
        if (done != n)
            return "some old values are not on the chain from the initial value";
        if (s != final)
            return "the chain of old values does not end at the final value";
        return NULL;
    }
    case CHK_BALANCE:
        for (unsigned i = 0; i < n; i++) {
            a[i] = g->old[i];
            b[i] = apply(c, g->old[i], g->v[i]);
        }
        a[n] = final;
        b[n] = init;
        qsort(a, n + 1, 8, cmp_u64);
        qsort(b, n + 1, 8, cmp_u64);
        return memcmp(a, b, (n + 1) * 8) ? "old values do not balance (not a serialisation)" : NULL;
    case CHK_SEQ: {
        uint64_t s = init;
        for (unsigned i = 0; i < n; i++) {
            a[i] = s;
            s = apply(c, s, g->v[i]);
            b[i] = g->old[i];
        }
        qsort(a, n, 8, cmp_u64);
        qsort(b, n, 8, cmp_u64);
        return memcmp(a, b, n * 8) ? "old values are not the states of the sequence" : NULL;
    }
    case CHK_FLOAT: {
        double exact = as_float(c, init), f = as_float(c, final), lo = exact;
        for (unsigned i = 0; i < n; i++)
            exact += as_float(c, g->v[i]);
        double ulp = c->size == 8 ? ldexp(1.0, -52) : ldexp(1.0, -23);
        if (fabs(f - exact) > n * ulp * exact)
            return "float sum outside the rounding bound";
        for (unsigned i = 0; i < n; i++) {
            double o = as_float(c, g->old[i]);
            if (o < lo || o > f)
                return "a float old value lies outside [init, final]";
        }
        return NULL;
    }
    }
    return NULL;
}

/* ---- kernels -------------------------------------------------------------------------- */

static const char *bw(unsigned size) {
    return size == 8 ? "B64" : "B32";
}

/* Registers: R0 tid, R2 ctaid, R3 gtid, R10 mask, R12:R13 slot offset,
 * R14:R15 address, R30 loop counter k, R4:R5 (gtid*K + k)*size, R8(:R9)
 * value, R16(:R17) old. */
static void emit_prologue(hgt_str *s, const char *name, const aspace *sp, unsigned size) {
    hgt_str_printf(s,
                   ".param 0, 8\n.param 8, 8\n.param 16, 8\n.param 24, 8\n.param 32, 4\n"
                   "%s"
                   "    S2R R0, SR_TID.X\n"
                   "    S2R R2, SR_CTAID.X\n"
                   "    S2R R3, SR_NTID.X\n"
                   "    IMAD R3, R2, R3, R0\n"
                   "    LDP R10, [RZ+32]\n"
                   "    AND R11, R%d, R10\n"
                   "    IMULW.U32 R12, R11, %u\n",
                   sp->shared ? ".shared 64\n" : "", sp->shared ? 0 : 3, size);
    if (!sp->shared) {
        hgt_str_printf(s, "    LDP.B64 R14, [RZ+16]\n"
                          "    IADD64 R14, R14, R12\n");
    } else {
        /* the first naddr threads bring the initial values into shared memory */
        hgt_str_printf(s,
                       "    ISETP.LE.U32 P0, R0, R10\n"
                       "    IMULW.U32 R18, R0, %u\n"
                       "    LDP.B64 R20, [RZ+16]\n"
                       "    IADD64 R20, R20, R18\n"
                       "@P0 LDG.%s R22, [R20]\n"
                       "@P0 STS.%s [R18], R22\n"
                       "    BAR.SYNC 0\n",
                       size, bw(size), bw(size));
        if (sp->generic)
            hgt_str_printf(s, "    CVTA.SHARED R14, R12\n");
        else
            hgt_str_printf(s, "    MOV R14, R12\n");
    }
    /* the loop over this thread's K operations: load the value */
    hgt_str_printf(s,
                   "    MOV R30, 0\n"
                   "%s_k:\n"
                   "    IMAD R31, R3, %d, R30\n"
                   "    IMULW.U32 R4, R31, %u\n"
                   "    LDP.B64 R6, [RZ]\n"
                   "    IADD64 R6, R6, R4\n"
                   "    LDG.%s R8, [R6]\n",
                   name, K, size, bw(size));
}

static void emit_epilogue(hgt_str *s, const char *name, const aspace *sp, unsigned size) {
    hgt_str_printf(s,
                   "    LDP.B64 R6, [RZ+8]\n"
                   "    IADD64 R6, R6, R4\n"
                   "    STG.%s [R6], R16\n"
                   "    IADD R30, R30, 1\n"
                   "    ISETP.LT.U32 P2, R30, %d\n"
                   "@P2 BRA %s_k\n",
                   bw(size), K, name);
    if (sp->shared) /* the finals of this block's addresses */
        hgt_str_printf(s,
                       "    BAR.SYNC 0\n"
                       "@P0 LDS.%s R22, [R18]\n"
                       "    IADD R24, R10, 1\n"
                       "    IMAD R24, R2, R24, R0\n"
                       "    IMULW.U32 R26, R24, %u\n"
                       "    LDP.B64 R28, [RZ+24]\n"
                       "    IADD64 R28, R28, R26\n"
                       "@P0 STG.%s [R28], R22\n",
                       bw(size), size, bw(size));
    hgt_str_printf(s, "    EXIT\n");
}

static const char *atom_insn(const aspace *sp, int cas) {
    if (sp->generic)
        return cas ? "CAS" : "ATOM";
    if (sp->shared)
        return cas ? "CASS" : "ATOMS";
    return cas ? "CASG" : "ATOMG";
}

static const char *plain_load(const aspace *sp) {
    return sp->generic ? "LD" : sp->shared ? "LDS" : "LDG";
}

static void emit_atom_kernel(hgt_str *s, unsigned ci, const aspace *sp) {
    const acase *c = &cases[ci];
    char name[32];
    snprintf(name, sizeof name, "a%u_%s", ci, sp->name);
    hgt_str_printf(s, ".kernel %s\n", name);
    emit_prologue(s, name, sp, c->size);
    hgt_str_printf(s, "    %s.%s.%s R16, [R14], R8\n", atom_insn(sp, 0), c->op, c->type);
    emit_epilogue(s, name, sp, c->size);
}

/* Tickets by compare-and-swap retry loops: old + 1 until the CAS wins. */
static void emit_cas_kernel(hgt_str *s, unsigned size, const aspace *sp) {
    char name[32];
    snprintf(name, sizeof name, "cas%u_%s", size, sp->name);
    hgt_str_printf(s, ".kernel %s\n", name);
    emit_prologue(s, name, sp, size);
    hgt_str_printf(s,
                   "cas%u_%s_retry:\n"
                   "    %s.%s R16, [R14]\n"
                   "    %s R24, R16, 1\n"
                   "    %s.%s R26, [R14], R16, R24\n"
                   "    %s.NE.U%u P1, R26, R16\n"
                   "@P1 BRA cas%u_%s_retry\n",
                   size, sp->name, plain_load(sp), bw(size), size == 8 ? "IADD64" : "IADD",
                   atom_insn(sp, 1), bw(size), size == 8 ? "ISETP64" : "ISETP", size * 8, size,
                   sp->name);
    emit_epilogue(s, name, sp, size);
}

/* ---- running the cases ------------------------------------------------------------- */

typedef struct bufs {
    uint64_t vals, olds, target, finals;
} bufs;

/* Runs one kernel with the given per-thread values and checks every address. */
static void run_case(hgt *t, const bufs *d, const char *kernel, const acase *c, const aspace *sp,
                     unsigned naddr, const uint64_t *vals, int cas) {
    static uint8_t vbuf[N * 8], obuf[N * 8];
    static group g;
    unsigned sz = c->size;
    for (unsigned i = 0; i < N; i++)
        memcpy(vbuf + i * sz, &vals[i], sz);
    hgt_put(t, d->vals, vbuf, (uint64_t)N * sz);
    uint8_t init[4 * 8];
    for (unsigned a = 0; a < naddr; a++)
        memcpy(init + a * sz, &c->init, sz);
    hgt_put(t, d->target, init, naddr * sz);
    struct {
        uint64_t vals, olds, target, finals;
        uint32_t mask, pad;
    } p = {d->vals, d->olds, d->target, d->finals, naddr - 1, 0};
    hg_launch_stats st;
    if (!hgt_run(t, kernel, hgt_dim(BLOCKS, 1, 1), hgt_dim(THREADS, 1, 1), &p, 36, &st))
        return;
    CHECK(cas ? st.c.atomics >= N : st.c.atomics == N); /* CAS loops retry */
    hgt_get(t, obuf, d->olds, (uint64_t)N * sz);
    unsigned ngroups = sp->shared ? BLOCKS * naddr : naddr;
    uint8_t fbuf[BLOCKS * 4 * 8];
    hgt_get(t, fbuf, sp->shared ? d->finals : d->target, (uint64_t)ngroups * sz);
    for (unsigned gi = 0; gi < ngroups; gi++) {
        g.n = 0;
        for (unsigned i = 0; i < N; i++) {
            unsigned gtid = i / K, block = gtid / THREADS;
            unsigned slot = (sp->shared ? gtid % THREADS : gtid) & (naddr - 1);
            unsigned which = sp->shared ? block * naddr + slot : slot;
            if (which != gi)
                continue;
            g.v[g.n] = vals[i];
            g.old[g.n] = 0;
            memcpy(&g.old[g.n], obuf + i * sz, sz);
            g.n++;
        }
        uint64_t final = 0;
        memcpy(&final, fbuf + gi * sz, sz);
        const char *why = check_group(c, c->init, &g, final);
        if (why) {
            fprintf(stderr, "%s (%s.%s, %u address(es)), address %u: %s (final 0x%llx)\n", kernel,
                    c->op, c->type, naddr, gi, why, (unsigned long long) final);
            hgt_failures++;
            return;
        }
    }
}

static void test_atomics(hgt *t) {
    hgt_str src = {0};
    for (unsigned ci = 0; ci < NCASES; ci++)
        for (unsigned s = 0; s < NSPACES; s++)
            emit_atom_kernel(&src, ci, &spaces[s]);
    for (unsigned s = 0; s < NSPACES; s++) {
        emit_cas_kernel(&src, 4, &spaces[s]);
        emit_cas_kernel(&src, 8, &spaces[s]);
    }
    hgt_load(t, src.s);
    hgt_str_free(&src);

    bufs d = {hgt_alloc(t, N * 8), hgt_alloc(t, N * 8), hgt_alloc(t, 64),
              hgt_alloc(t, BLOCKS * 4 * 8)};
    static uint64_t vals[N];
    for (unsigned ci = 0; ci < NCASES; ci++) {
        const acase *c = &cases[ci];
        uint64_t rng = 0x853c49e6748fea9bull + ci;
        for (unsigned i = 0; i < N; i++)
            vals[i] = gen_value(c, i, &rng);
        for (unsigned s = 0; s < NSPACES; s++) {
            char name[32];
            snprintf(name, sizeof name, "a%u_%s", ci, spaces[s].name);
            for (unsigned naddr = 1; naddr <= 4; naddr *= 4)
                run_case(t, &d, name, c, &spaces[s], naddr, vals, 0);
        }
    }
    /* CAS tickets: checked as a chain of ADD 1 (each thread's ticket is distinct) */
    static const acase tick[2] = {{"ADD", "U32", 4, V_SMALL, CHK_WALK, 0xfffffff0},
                                  {"ADD", "U64", 8, V_SMALL, CHK_WALK, 0xfffffff0}};
    for (unsigned i = 0; i < N; i++)
        vals[i] = 1;
    for (unsigned k = 0; k < 2; k++)
        for (unsigned s = 0; s < NSPACES; s++) {
            char name[32];
            snprintf(name, sizeof name, "cas%u_%s", tick[k].size, spaces[s].name);
            for (unsigned naddr = 1; naddr <= 4; naddr *= 4)
                run_case(t, &d, name, &tick[k], &spaces[s], naddr, vals, 1);
        }
}

/* ---- CAS: a failed compare does not write ----------------------------------------------- */

static const char *cas_once_src = ".kernel cas_once\n"
                                  ".param 0, 8\n" /* words[64]: [2i] = current, [2i+1] = old out */
                                  "    S2R R0, SR_TID.X\n"
                                  "    SHL R2, R0, 3\n"
                                  "    IMULW.U32 R2, R2, 1\n"
                                  "    LDP.B64 R4, [RZ]\n"
                                  "    IADD64 R4, R4, R2\n"
                                  "    LDG R6, [R4]\n"
                                  "    AND R7, R0, 1\n"
                                  "    XOR R7, R7, 1\n"
                                  "    IADD R8, R6, R7\n" /* even lanes: a compare that fails */
                                  "    IADD R9, R0, 0x500\n"
                                  "    CASG.B32 R10, [R4], R8, R9\n"
                                  "    STG [R4+4], R10\n"
                                  "    EXIT\n"
                                  ".kernel cas_once64\n"
                                  ".param 0, 8\n" /* u64[64]: [2i] = current, [2i+1] = old out */
                                  "    S2R R0, SR_TID.X\n"
                                  "    SHL R2, R0, 4\n"
                                  "    IMULW.U32 R2, R2, 1\n"
                                  "    LDP.B64 R4, [RZ]\n"
                                  "    IADD64 R4, R4, R2\n"
                                  "    LDG.B64 R6, [R4]\n"
                                  "    AND R8, R0, 1\n"
                                  "    XOR R8, R8, 1\n"
                                  "    SHL R9, R8, 0\n"
                                  "    MOV R8, 0\n"
                                  "    IADD64 R8, R6, R8\n" /* even lanes: the high word differs */
                                  "    MOV R10, 0x600\n"
                                  "    IADD R11, R0, 0x700\n"
                                  "    CASG.B64 R12, [R4], R8, R10\n"
                                  "    STG.B64 [R4+8], R12\n"
                                  "    EXIT\n";

static void test_cas_once(hgt *t) {
    hgt_load(t, cas_once_src);
    uint32_t w[64];
    uint64_t q[64];
    for (uint32_t i = 0; i < 32; i++) {
        w[2 * i] = 0x1000 + i * 3, w[2 * i + 1] = 0;
        q[2 * i] = 0x100000000ull * i + 0x2000, q[2 * i + 1] = 0;
    }
    uint64_t dw = hgt_alloc_put(t, w, sizeof w), dq = hgt_alloc_put(t, q, sizeof q);
    if (hgt_run(t, "cas_once", hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), &dw, 8, NULL)) {
        uint32_t r[64];
        hgt_get(t, r, dw, sizeof r);
        for (uint32_t i = 0; i < 32; i++) {
            CHECK_EQ_U(r[2 * i + 1], 0x1000 + i * 3);
            CHECK_EQ_U(r[2 * i], (i & 1) ? 0x500 + i : 0x1000 + i * 3);
        }
    }
    if (hgt_run(t, "cas_once64", hgt_dim(1, 1, 1), hgt_dim(32, 1, 1), &dq, 8, NULL)) {
        uint64_t r[64];
        hgt_get(t, r, dq, sizeof r);
        for (uint32_t i = 0; i < 32; i++) {
            CHECK_EQ_U(r[2 * i + 1], q[2 * i]);
            CHECK_EQ_U(r[2 * i], (i & 1) ? ((uint64_t)(0x700 + i) << 32 | 0x600) : q[2 * i]);
        }
    }
}

int main(int argc, char **argv) {
    hgt t;
    hgt_open(&t, "teach", hgt_threads_arg(argc, argv));
    test_atomics(&t);
    test_cas_once(&t);
    hgt_close(&t);
    return hgt_finish("test_atomics");
}
