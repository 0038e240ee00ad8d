/* hgt_op.c -- the table-driven instruction test runner (hgt_op.h). */
#include "hgt_op.h"

#include <string.h>

enum { BLOCK = 96, MAX_SHOWN = 6 };

static unsigned long kernels_run, results_checked;

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "hgt_op: out of memory\n");
        exit(1);
    }
    return p;
}

/* Loads parameter slot `param` (a pointer) + gid * width * 4 into reg. */
static void load_operand(hgt_str *src, unsigned param, unsigned width, unsigned reg) {
    if (!width)
        return;
    hgt_str_printf(src,
                   "    LDP.B64 R12, [RZ+%u]\n"
                   "    IMULW.U32 R14, R0, %u\n"
                   "    IADD64 R12, R12, R14\n"
                   "    LDG%s R%u, [R12]\n",
                   param * 8, width * 4, width == 2 ? ".B64" : "", reg);
}

static void kernel_text(hgt_str *src, const char *insn, hgt_shape s) {
    /* params: out, a, b, c (device pointers), n */
    hgt_str_printf(src, ".kernel op\n"
                        ".param 0, 8\n.param 8, 8\n.param 16, 8\n.param 24, 8\n.param 32, 4\n"
                        "    S2R R0, SR_TID.X\n"
                        "    S2R R1, SR_CTAID.X\n"
                        "    S2R R2, SR_NTID.X\n"
                        "    IMAD R0, R1, R2, R0\n"
                        "    LDP R3, [RZ+32]\n"
                        "    ISETP.GE.U32 P0, R0, R3\n"
                        "@P0 EXIT\n");
    load_operand(src, 1, s.a, 4);
    load_operand(src, 2, s.b, 6);
    load_operand(src, 3, s.c, 8);
    /* a defined result even for an instruction that writes only part of it */
    hgt_str_printf(src, "    MOV R10, 0\n    MOV R11, 0\n%s\n", insn);
    hgt_str_printf(src,
                   "    LDP.B64 R12, [RZ]\n"
                   "    IMULW.U32 R14, R0, %u\n"
                   "    IADD64 R12, R12, R14\n"
                   "    STG%s [R12], R10\n"
                   "    EXIT\n",
                   s.d * 4, s.d == 2 ? ".B64" : "");
}

/* Copies values to a device buffer of width-register elements. */
static uint64_t upload(hgt *t, const uint64_t *v, uint32_t n, unsigned width) {
    if (!width)
        return 0;
    uint64_t bytes = (uint64_t)n * width * 4, d = hgt_alloc(t, bytes);
    if (width == 2) {
        hgt_put(t, d, v, bytes);
    } else {
        uint32_t *w = xmalloc(bytes);
        for (uint32_t i = 0; i < n; i++)
            w[i] = (uint32_t)v[i];
        hgt_put(t, d, w, bytes);
        free(w);
    }
    return d;
}

void hgt_run_op(hgt *t, const char *insn, hgt_shape s, uint32_t n, const uint64_t *a,
                const uint64_t *b, const uint64_t *c, uint64_t *d) {
    hgt_str src = {0};
    kernels_run++;
    kernel_text(&src, insn, s);
    hgt_load(t, src.s);
    hgt_str_free(&src);
    struct {
        uint64_t out, a, b, c;
        uint32_t n, pad;
    } p = {0};
    uint64_t bytes = (uint64_t)n * s.d * 4;
    p.out = hgt_alloc(t, bytes);
    p.a = upload(t, a, n, s.a);
    p.b = upload(t, b, n, s.b);
    p.c = upload(t, c, n, s.c);
    p.n = n;
    hg_status st = hgt_launch(t, "op", hgt_dim((n + BLOCK - 1) / BLOCK, 1, 1), hgt_dim(BLOCK, 1, 1),
                              &p, sizeof p, NULL);
    if (st != HG_OK) {
        fprintf(stderr, "hgt_op: launch of '%s' failed: %s\n", insn, hg_status_string(st));
        exit(1);
    }
    if (s.d == 2) {
        hgt_get(t, d, p.out, bytes);
    } else {
        uint32_t *w = xmalloc(bytes);
        hgt_get(t, w, p.out, bytes);
        for (uint32_t i = 0; i < n; i++)
            d[i] = w[i];
        free(w);
    }
    uint64_t bufs[] = {p.out, p.a, p.b, p.c};
    for (unsigned i = 0; i < 4; i++)
        if (bufs[i])
            hg_free(t->ctx, bufs[i]);
}

static int show(unsigned width) {
    return width == 2 ? 16 : 8;
}

int hgt_check_op(hgt *t, const hgt_opcheck *op, uint32_t n, const uint64_t *a, const uint64_t *b,
                 const uint64_t *c) {
    uint64_t *d = xmalloc((size_t)n * sizeof *d);
    hgt_run_op(t, op->insn, op->shape, n, a, b, c, d);
    const hgt_shape s = op->shape;
    /* the instruction text on one line, for the messages */
    hgt_str name = {0};
    for (const char *p = op->insn; *p; p++)
        hgt_str_printf(&name, *p == '\n' ? "; " : "%c", *p);
    int bad = 0;
    results_checked += n;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t va = s.a ? a[i] : 0, vb = s.b ? b[i] : 0, vc = s.c ? c[i] : 0;
        uint64_t want = op->ref(op->ctx, va, vb, vc);
        if (s.d == 1)
            want &= 0xffffffffu;
        if (op->eq ? op->eq(op->ctx, d[i], want) : d[i] == want)
            continue;
        if (bad++ < MAX_SHOWN) {
            hgt_str ops = {0};
            const uint64_t v[3] = {va, vb, vc};
            const unsigned wd[3] = {s.a, s.b, s.c};
            hgt_str_printf(&ops, "%s", "");
            for (unsigned k = 0; k < 3; k++)
                if (wd[k])
                    hgt_str_printf(&ops, " %c=0x%0*llx", 'a' + k, show(wd[k]),
                                   (unsigned long long)v[k]);
            fprintf(stderr, "FAIL %s [%u]%s: got 0x%0*llx, want 0x%0*llx\n", name.s, i, ops.s,
                    show(s.d), (unsigned long long)d[i], show(s.d), (unsigned long long)want);
            hgt_str_free(&ops);
        }
    }
    if (bad > MAX_SHOWN)
        fprintf(stderr, "FAIL %s: %d mismatches in all\n", name.s, bad);
    hgt_failures += bad;
    hgt_str_free(&name);
    free(d);
    return bad;
}

/* ---- operands ------------------------------------------------------------ */

void hgt_fill(uint64_t *rng, const hgt_pool *p, uint32_t div, uint32_t cross, uint32_t n,
              uint64_t *v) {
    for (uint32_t i = 0; i < n; i++) {
        if (i < cross)
            v[i] = p->edge[(i / div) % p->nedge];
        else if (hgt_rand(rng) % 4 == 0)
            v[i] = p->edge[hgt_rand(rng) % p->nedge];
        else
            v[i] = p->random(rng);
    }
}

void hgt_operands_make(hgt_operands *o, uint64_t *rng, const hgt_pool *pa, const hgt_pool *pb,
                       const hgt_pool *pc, uint32_t extra) {
    const hgt_pool *pools[3] = {pa, pb, pc};
    uint32_t cross = 1;
    for (unsigned k = 0; k < 3; k++)
        if (pools[k])
            cross *= pools[k]->nedge;
    o->n = cross + extra;
    uint32_t div = 1;
    for (unsigned k = 0; k < 3; k++) {
        o->v[k] = NULL;
        if (!pools[k])
            continue;
        o->v[k] = xmalloc((size_t)o->n * sizeof(uint64_t));
        hgt_fill(rng, pools[k], div, cross, o->n, o->v[k]);
        div *= pools[k]->nedge;
    }
}

void hgt_operands_free(hgt_operands *o) {
    for (unsigned k = 0; k < 3; k++)
        free(o->v[k]);
}

int hgt_check_operands(hgt *t, const hgt_opcheck *op, const hgt_operands *o) {
    return hgt_check_op(t, op, o->n, o->v[0], o->v[1], o->v[2]);
}

void hgt_op_summary(void) {
    printf("%lu instruction kernels, %lu results checked\n", kernels_run, results_checked);
}

const char *const hgt_cmp_names[16] = {"EQ",  "NE",  "LT",  "LE",  "GT",  "GE",  "EQU", "NEU",
                                       "LTU", "LEU", "GTU", "GEU", "NUM", "NAN", "T",   "F"};
const char *const hgt_bool_names[3] = {"AND", "OR", "XOR"};

void hgt_setp_text(hgt_str *b, const char *mnem, const char *type, int op, int qneg) {
    hgt_str_printf(b, "ISETP.NE.U32 P1, R8, 0\n");
    for (unsigned k = 0; k < 16; k++)
        hgt_str_printf(
            b, "%s.%s.%s%s P0, R4, R6, %sP1\nP2R R16, P0\nSHL R16, R16, %u\nOR R10, R10, R16\n",
            mnem, hgt_cmp_names[k], hgt_bool_names[op], type, qneg ? "!" : "", k);
}

uint64_t hgt_setp_combine(const int cmp[16], int op, int q) {
    uint64_t m = 0;
    for (unsigned k = 0; k < 16; k++) {
        int r = op == 0 ? cmp[k] && q : op == 1 ? cmp[k] || q : cmp[k] ^ q;
        m |= (uint64_t)(r != 0) << k;
    }
    return m;
}

const char *hgt_open_args(hgt *t, int argc, char **argv) {
    int threads = hgt_threads_arg(argc, argv);
    /* read by the module loader (predecode.c) when it picks the handlers */
    if (argc > 2 && !strcmp(argv[2], "baseline"))
        setenv("HI_EXEC_VARIANT", "baseline", 1);
    hgt_open(t, "teach", threads);
    const char *variant = hg_exec_variant();
    if (argc > 2 && strcmp(variant, argv[2]) != 0) {
        fprintf(stderr, "hgt: asked for the %s interpreter, got %s\n", argv[2], variant);
        exit(1);
    }
    printf("interpreter: %s, %d host thread(s)\n", variant, threads);
    return variant;
}
