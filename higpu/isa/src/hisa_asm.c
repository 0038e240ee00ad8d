/* hisa_asm.c -- the HISA assembler: text (docs/isa.md, "Assembler syntax")
 * to an in-memory hcbin.
 *
 * One pass over the lines builds the code, the kernel records and the data
 * sections; branch targets and relocation symbols are names that may be
 * defined later, so they are recorded as fixups and resolved at the end.
 * The first error stops the assembly and is reported as "NAME:LINE: ...". */
#include "hcbin_internal.h"
#include "hisa_asm_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { DEFAULT_ALIGN = 8, MAX_ALIGN = 65536, MAX_MNEMONIC = 64, MAX_TOKS = 64 };

/* ---- one namespace for labels, functions and variables ---------------------- */

enum { NAME_LABEL, NAME_FUNC, NAME_VAR };

typedef struct name_entry {
    char *name; /* NULL: empty slot */
    int kind;
    uint32_t value; /* label: byte offset; function / variable: index in the hcbin */
} name_entry;

typedef struct name_map {
    name_entry *slots;
    size_t cap, n;
} name_map;

static size_t hash_str(const char *s) {
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static name_entry *map_slot(const name_map *m, const char *name) {
    if (!m->cap)
        return NULL;
    for (size_t i = hash_str(name) & (m->cap - 1);; i = (i + 1) & (m->cap - 1))
        if (!m->slots[i].name || strcmp(m->slots[i].name, name) == 0)
            return &m->slots[i];
}

static const name_entry *map_find(const name_map *m, const char *name) {
    const name_entry *e = map_slot(m, name);
    return e && e->name ? e : NULL;
}

/* Adds a new name (the caller checked it is not there); keeps the load under
 * one half.  0 or -1 (out of memory). */
static int map_add(name_map *m, const char *name, int kind, uint32_t value) {
    if (2 * (m->n + 1) > m->cap) {
        name_map bigger = {calloc(m->cap ? 2 * m->cap : 64, sizeof(name_entry)),
                           m->cap ? 2 * m->cap : 64, m->n};
        if (!bigger.slots)
            return -1;
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i].name)
                *map_slot(&bigger, m->slots[i].name) = m->slots[i];
        free(m->slots);
        *m = bigger;
    }
    name_entry *e = map_slot(m, name);
    if (!(e->name = strdup(name)))
        return -1;
    e->kind = kind;
    e->value = value;
    m->n++;
    return 0;
}

static void map_free(name_map *m) {
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].name);
    free(m->slots);
}

/* ---- assembler state ------------------------------------------------------------ */

/* A name used before it is known: a branch target or a relocation symbol. */
typedef struct fixup {
    uint32_t insn, line, func;
    int reloc;     /* 0: branch target patched into immB; 1: relocation symbol check */
    uint32_t type; /* HCBIN_R_* for relocations */
    char *name;
} fixup;

/* What the end of the assembly needs to know about each function. */
typedef struct func_info {
    uint32_t line;      /* of its .kernel / .func */
    uint32_t regs_used; /* 1 + highest register its own code touches */
    int uses_callr;     /* indirect calls: could reach any function */
    int regs_explicit;
    uint32_t params_end; /* highest .param end */
    int params_explicit;
    int kernel; /* index in bin->kernels or -1 */
} func_info;

typedef struct assembler {
    const char *name;
    uint32_t line;
    char *err;
    size_t errlen;
    hcbin *bin;
    size_t cap_text, cap_funcs, cap_kernels, cap_vars, cap_relocs, cap_lines, cap_data, cap_cdata,
        cap_fix, cap_info;
    name_map names;
    fixup *fix;
    size_t nfix;
    func_info *info; /* parallel to bin->funcs */
    int in_func;     /* bin->funcs[nfuncs - 1] is open */
    long open_var;   /* index of the .data/.const variable taking values, or -1 */
    char *line_file; /* pending .line, attached to the next instruction */
    uint32_t line_no, line_col;
} assembler;

static int aerr(assembler *A, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int aerr(assembler *A, const char *fmt, ...) {
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return hcbin_errf(A->err, A->errlen, "%s:%u: %s", A->name, A->line, msg);
}

#define APPEND(arr, count, cap)                                                                    \
    (hcbin_grow((void **)&(arr), &(cap), (size_t)(count) + 1, sizeof *(arr)) ? NULL                \
                                                                             : &(arr)[(count)++])

static uint64_t text_bytes(const assembler *A) {
    return (uint64_t)A->bin->ntext * HISA_INSN_BYTES;
}

static func_info *cur_info(assembler *A) {
    return A->in_func ? &A->info[A->bin->nfuncs - 1] : NULL;
}

static hcbin_kernel *cur_kernel(assembler *A) {
    func_info *fi = cur_info(A);
    return fi && fi->kernel >= 0 ? &A->bin->kernels[fi->kernel] : NULL;
}

static int define_name(assembler *A, const char *name, int kind, uint32_t value) {
    if (!hcbin_name_ok(name))
        return aerr(A, "'%s' is not a valid name", name);
    if (map_find(&A->names, name))
        return aerr(A, "'%s' is already defined", name);
    return map_add(&A->names, name, kind, value) ? aerr(A, "out of memory") : 0;
}

/* ---- instructions ------------------------------------------------------------------ */

/* The longest table mnemonic made of the leading dotted words of m; *rest
 * points at the first modifier word (or the end). */
static int find_opcode(const char *m, const char **rest) {
    size_t len = strlen(m);
    for (;;) {
        for (unsigned op = 0; op < HISA_OP_COUNT; op++) {
            const char *mn = hisa_info_of(op)->mnemonic;
            if (strlen(mn) == len && strncasecmp(mn, m, len) == 0) {
                *rest = m[len] ? m + len + 1 : m + len;
                return (int)op;
            }
        }
        while (len && m[len - 1] != '.')
            len--;
        if (len == 0)
            return -1;
        len--; /* drop the dot */
    }
}

/* Applies the dotted modifier words in mods (modified in place). */
static int apply_modifiers(assembler *A, hisa_insn *in, char *mods) {
    const hisa_info *info = hisa_info_of(in->op);
    unsigned seen = 0;
    for (char *w = mods; *mods && w;) {
        char *dot = strchr(w, '.');
        if (dot)
            *dot = 0;
        int g = -1, v = -1;
        for (unsigned k = 0; k < HISA_MG_COUNT && v < 0; k++) {
            /* the first type word goes to TYPE, a second one to TYPE2 */
            if (!(info->modgroups & (1u << k)) || (k == HISA_MG_TYPE2 && !(seen & MG_TYPE)))
                continue;
            if (k == HISA_MG_TYPE && (seen & MG_TYPE) && (info->modgroups & MG_TYPE2))
                continue;
            v = asm_find_name(hisa_modgroups[k].names, w);
            g = (int)k;
        }
        if (v < 0)
            return aerr(A, "modifier '.%s' is not valid for %s", w, info->mnemonic);
        if (seen & (1u << g))
            return aerr(A, "modifier '.%s' conflicts with an earlier %s modifier", w,
                        hisa_modgroups[g].title);
        seen |= 1u << g;
        in->mods = hisa_mod_set(in->mods, (hisa_modgroup_id)g, (unsigned)v);
        w = dot ? dot + 1 : NULL;
    }
    return 0;
}

/* What an operand asks of the rest of the instruction's assembly. */
typedef struct pending {
    const char *target; /* label for a 't' operand */
    const char *sym;    /* relocation symbol for a 'b' operand */
    uint32_t type;
    int64_t addend;
} pending;

static int float_class(const hisa_info *info) {
    return info->cls == HISA_CLASS_FP32 || info->cls == HISA_CLASS_FP32D ||
           info->cls == HISA_CLASS_SFU || info->cls == HISA_CLASS_FP64 ||
           info->cls == HISA_CLASS_HALF;
}

/* sym@lo, sym+8@hi, func@code */
static int parse_reloc(assembler *A, char *tok, pending *pd) {
    char *at = strrchr(tok, '@');
    *at = 0;
    static const char *const kinds[] = {"lo", "hi", "code", NULL};
    static const uint32_t types[] = {HCBIN_R_ADDR_LO, HCBIN_R_ADDR_HI, HCBIN_R_CODE};
    int k = asm_find_name(kinds, at + 1);
    if (k < 0)
        return aerr(A, "unknown relocation '@%s' (expected @lo, @hi or @code)", at + 1);
    size_t n = asm_ident_len(tok);
    pd->addend = 0;
    if (tok[n]) {
        asm_int v;
        uint64_t bits;
        if ((tok[n] != '+' && tok[n] != '-') || asm_parse_int(tok + n, &v) ||
            asm_int_bits(&v, INT64_MIN, INT64_MAX, &bits))
            return aerr(A, "bad relocation expression '%s@%s'", tok, at + 1);
        pd->addend = (int64_t)bits;
        tok[n] = 0;
    }
    if (!n)
        return aerr(A, "relocation '@%s' needs a symbol name", at + 1);
    pd->sym = tok;
    pd->type = types[k];
    return 0;
}

static int parse_b(assembler *A, hisa_insn *in, char *tok, pending *pd) {
    if (asm_parse_reg(tok, &in->rb) == 0)
        return 0;
    in->bimm = 1;
    in->rb = HISA_RZ;
    if (strchr(tok, '@'))
        return parse_reloc(A, tok, pd);
    /* A literal with a point or exponent is a float anywhere (MOV R2, 1.5
     * loads float bits).  In float classes a decimal integer is a float too;
     * hex always gives raw bits. */
    asm_int v;
    int is_int = asm_parse_int(tok, &v) == 0;
    if (asm_is_float_literal(tok) || (float_class(hisa_info_of(in->op)) && is_int && !v.hex)) {
        float f;
        if (asm_parse_f32(tok, &f))
            return aerr(A, "bad float immediate '%s'", tok);
        memcpy(&in->immb, &f, 4);
        return 0;
    }
    uint64_t bits;
    if (!is_int || asm_int_bits(&v, INT32_MIN, UINT32_MAX, &bits))
        return aerr(A, "expected a register or 32-bit immediate, got '%s'", tok);
    in->immb = (uint32_t)bits;
    return 0;
}

/* A 25-bit signed immediate; hex is read as 32-bit two's complement, which
 * is how the disassembler prints large negative values. */
static int parse_imm25(assembler *A, const char *tok, int32_t *out) {
    asm_int v;
    uint64_t bits;
    if (asm_parse_int(tok, &v))
        return aerr(A, "expected a register or immediate, got '%s'", tok);
    if (v.hex && !v.neg && v.mag <= UINT32_MAX) {
        v.neg = (int32_t)v.mag < 0;
        v.mag = v.neg ? (uint64_t) - (int64_t)(int32_t)v.mag : v.mag;
    }
    if (asm_int_bits(&v, HISA_IMMC_MIN, HISA_IMMC_MAX, &bits))
        return aerr(A, "immediate '%s' out of range (%d..%d)", tok, HISA_IMMC_MIN, HISA_IMMC_MAX);
    *out = (int32_t)bits;
    return 0;
}

/* [Rn], [Rn+imm], [Rn-imm] */
static int parse_mem(assembler *A, hisa_insn *in, char *tok) {
    size_t n = strlen(tok);
    if (tok[0] != '[' || n < 2 || tok[n - 1] != ']')
        return aerr(A, "expected a memory operand [Rn+imm], got '%s'", tok);
    tok[n - 1] = 0;
    char *p = asm_skipws(tok + 1);
    char *sign = strpbrk(p, "+-");
    char reg[16] = "";
    size_t rlen = sign ? (size_t)(sign - p) : strlen(p);
    if (rlen < sizeof reg)
        memcpy(reg, p, rlen), reg[rlen] = 0;
    if (asm_parse_reg(asm_trim(reg), &in->ra))
        return aerr(A, "expected a base register in '[%s]'", p);
    in->immc = 0;
    if (!sign)
        return 0;
    char num[40];
    snprintf(num, sizeof num, "%c%s", *sign, asm_skipws(sign + 1));
    return parse_imm25(A, asm_trim(num), &in->immc);
}

static int parse_target(assembler *A, hisa_insn *in, const char *tok, pending *pd) {
    asm_int v;
    uint64_t bits;
    if (asm_ident_len(tok) == strlen(tok) && *tok) {
        pd->target = tok;
        return 0;
    }
    if (asm_parse_int(tok, &v) || asm_int_bits(&v, 0, UINT32_MAX, &bits))
        return aerr(A, "expected a label or byte offset, got '%s'", tok);
    in->immb = (uint32_t)bits;
    return 0;
}

static int parse_operand(assembler *A, hisa_insn *in, char k, char *tok, pending *pd) {
    asm_int v;
    uint64_t bits;
    switch (k) {
    case 'd':
    case 'a':
    case 'e':
    case 'r': {
        uint8_t *f = k == 'd' ? &in->rd : k == 'a' ? &in->ra : k == 'e' ? &in->rb : &in->rc;
        return asm_parse_reg(tok, f) ? aerr(A, "expected a register, got '%s'", tok) : 0;
    }
    case 'p':
    case 'q':
    case 'x':
    case 'y': {
        uint8_t *f = k == 'p' ? &in->pd : k == 'q' ? &in->ps : k == 'x' ? &in->ra : &in->rb;
        return asm_parse_pred(tok, k != 'p', f) ? aerr(A, "expected a predicate, got '%s'", tok)
                                                : 0;
    }
    case 'b': return parse_b(A, in, tok, pd);
    case 'c':
        if (asm_parse_reg(tok, &in->rc) == 0)
            return 0;
        in->rc = HISA_RZ;
        in->cimm = 1;
        return parse_imm25(A, tok, &in->immc);
    case 'm': return parse_mem(A, in, tok);
    case 't': return parse_target(A, in, tok, pd);
    case 's':
        return asm_parse_sreg(tok, &in->immb) ? aerr(A, "unknown special register '%s'", tok) : 0;
    case 'k':
        if (asm_parse_int(tok, &v) || asm_int_bits(&v, 0, (1u << HISA_K_BITS) - 1, &bits))
            return aerr(A, "expected an immediate 0..%u, got '%s'", (1u << HISA_K_BITS) - 1, tok);
        in->mods = (uint16_t)(in->mods | bits);
        return 0;
    default: return aerr(A, "internal: unknown operand letter '%c'", k);
    }
}

static int parse_operands(assembler *A, hisa_insn *in, char *text, pending *pd) {
    const hisa_info *info = hisa_info_of(in->op);
    char *toks[MAX_TOKS];
    int n = asm_split(text, toks, MAX_TOKS);
    unsigned need = 0;
    for (unsigned i = 0; i < info->nopnd; i++)
        need += !info->optional[i];
    if (n < 0 || (unsigned)n < need || (unsigned)n > info->nopnd) {
        if (need == info->nopnd)
            return aerr(A, "%s takes %u operand%s, got %d", info->mnemonic, need,
                        need == 1 ? "" : "s", n < 0 ? MAX_TOKS : n);
        return aerr(A, "%s takes %u to %u operands, got %d", info->mnemonic, need,
                    (unsigned)info->nopnd, n < 0 ? MAX_TOKS : n);
    }
    for (unsigned i = 0; i < info->nopnd; i++) {
        if (i >= (unsigned)n) { /* omitted optional operand */
            if (info->opnd[i] == 'c')
                in->cimm = 1;
            continue;
        }
        if (!*toks[i])
            return aerr(A, "operand %u is empty", i + 1);
        if (parse_operand(A, in, info->opnd[i], toks[i], pd))
            return -1;
    }
    return 0;
}

/* 1 + the highest GPR the instruction touches (0 if none). */
static uint32_t regs_touched(const hisa_insn *in) {
    const hisa_info *info = hisa_info_of(in->op);
    uint32_t top = 0;
    for (unsigned i = 0; i < info->nopnd; i++) {
        char k = info->opnd[i];
        unsigned r;
        switch (k) {
        case 'd': r = in->rd; break;
        case 'a':
        case 'm': r = in->ra; break;
        case 'e': r = in->rb; break;
        case 'r': r = in->rc; break;
        case 'b': r = in->bimm ? HISA_RZ : in->rb; break;
        case 'c': r = in->cimm ? HISA_RZ : in->rc; break;
        default: continue;
        }
        if (r != HISA_RZ && r + hisa_operand_regs(in, k) > top)
            top = r + hisa_operand_regs(in, k);
    }
    return top;
}

static int add_fixup(assembler *A, const char *name, int reloc, uint32_t type) {
    fixup *f = APPEND(A->fix, A->nfix, A->cap_fix);
    if (!f || !(f->name = strdup(name)))
        return aerr(A, "out of memory");
    f->insn = A->bin->ntext;
    f->line = A->line;
    f->func = A->bin->nfuncs - 1;
    f->reloc = reloc;
    f->type = type;
    return 0;
}

/* Appends the instruction and whatever its operands asked for. */
static int emit(assembler *A, const hisa_insn *in, const pending *pd) {
    hcbin *bin = A->bin;
    if (text_bytes(A) + HISA_INSN_BYTES > UINT32_MAX)
        return aerr(A, "too much code for one object");
    if (pd->target && add_fixup(A, pd->target, 0, 0))
        return -1;
    if (pd->sym) {
        hcbin_reloc *r = APPEND(bin->relocs, bin->nrelocs, A->cap_relocs);
        if (!r || !(r->symbol = strdup(pd->sym)))
            return aerr(A, "out of memory");
        r->offset = (uint32_t)text_bytes(A);
        r->type = pd->type;
        r->addend = pd->addend;
        if (add_fixup(A, pd->sym, 1, pd->type))
            return -1;
    }
    if (A->line_file) {
        hcbin_line *l = APPEND(bin->lines, bin->nlines, A->cap_lines);
        if (!l)
            return aerr(A, "out of memory");
        l->file = A->line_file;
        A->line_file = NULL;
        l->offset = (uint32_t)text_bytes(A);
        l->line = A->line_no;
        l->column = A->line_col;
    }
    hisa_word *w = APPEND(bin->text, bin->ntext, A->cap_text);
    if (!w)
        return aerr(A, "out of memory");
    *w = hisa_encode(in);
    func_info *fi = cur_info(A);
    uint32_t top = regs_touched(in);
    if (top > fi->regs_used)
        fi->regs_used = top;
    fi->uses_callr |= in->op == HISA_OP_CALLR;
    return 0;
}

static int assemble_insn(assembler *A, char *p) {
    if (!A->in_func)
        return aerr(A, "instruction outside a .kernel or .func");
    A->open_var = -1;
    hisa_insn in = hisa_insn_make(HISA_OP_NOP);
    uint8_t guard = HISA_PT;
    if (*p == '@') {
        char g[16] = "";
        size_t n = strcspn(p + 1, " \t");
        if (n < sizeof g)
            memcpy(g, p + 1, n), g[n] = 0;
        if (asm_parse_pred(g, 1, &guard))
            return aerr(A, "bad guard predicate '@%.*s'", (int)n, p + 1);
        p = asm_skipws(p + 1 + n);
    }
    size_t mlen = strcspn(p, " \t");
    char mnem[MAX_MNEMONIC + 1];
    if (mlen > MAX_MNEMONIC)
        return aerr(A, "unknown instruction '%.*s...'", MAX_MNEMONIC, p);
    memcpy(mnem, p, mlen);
    mnem[mlen] = 0;
    const char *mods;
    int op = find_opcode(mnem, &mods);
    if (op < 0)
        return aerr(A, "unknown instruction '%s'", mnem);
    in = hisa_insn_make((hisa_opcode)op);
    in.guard = guard;
    char modbuf[MAX_MNEMONIC + 1];
    snprintf(modbuf, sizeof modbuf, "%s", mods);
    pending pd = {0};
    const char *why;
    if (apply_modifiers(A, &in, modbuf) || parse_operands(A, &in, p + mlen, &pd))
        return -1;
    if (hisa_validate(&in, &why))
        return aerr(A, "invalid %s: %s", hisa_info_of(in.op)->mnemonic, why);
    return emit(A, &in, &pd);
}

/* ---- functions ------------------------------------------------------------------------- */

static int close_func(assembler *A) {
    if (!A->in_func)
        return 0;
    A->in_func = 0;
    hcbin *bin = A->bin;
    hcbin_func *f = &bin->funcs[bin->nfuncs - 1];
    func_info *fi = &A->info[bin->nfuncs - 1];
    f->size = (uint32_t)(text_bytes(A) - f->offset);
    uint32_t at = A->line;
    A->line = fi->line; /* errors about the whole function point at its start */
    if (f->size == 0)
        return aerr(A, "function '%s' has no instructions", f->name);
    hcbin_kernel *k = fi->kernel >= 0 ? &bin->kernels[fi->kernel] : NULL;
    if (k) {
        k->entry = f->offset;
        k->size = f->size;
        if (k->local_bytes && fi->regs_used < 2) /* R1 is the stack pointer */
            fi->regs_used = 2;
        if (fi->regs_explicit && fi->regs_used > k->nregs)
            return aerr(A, "kernel '%s' uses R%u but .regs is %u", f->name, fi->regs_used - 1,
                        k->nregs);
        if (!fi->params_explicit)
            k->param_bytes = fi->params_end;
        else if (fi->params_end > k->param_bytes)
            return aerr(A, "kernel '%s' has parameters up to byte %u but .params is %u", f->name,
                        fi->params_end, k->param_bytes);
    }
    A->line = at;
    return 0;
}

static int open_func(assembler *A, char *args, int is_kernel) {
    if (close_func(A))
        return -1;
    hcbin *bin = A->bin;
    if (define_name(A, args, NAME_FUNC, bin->nfuncs))
        return -1;
    hcbin_func *f = APPEND(bin->funcs, bin->nfuncs, A->cap_funcs);
    if (!f || hcbin_grow((void **)&A->info, &A->cap_info, bin->nfuncs, sizeof *A->info) ||
        !(f->name = strdup(args)))
        return aerr(A, "out of memory");
    func_info *fi = &A->info[bin->nfuncs - 1];
    f->offset = (uint32_t)text_bytes(A);
    f->is_kernel = is_kernel;
    fi->line = A->line;
    fi->kernel = -1;
    if (is_kernel) {
        hcbin_kernel *k = APPEND(bin->kernels, bin->nkernels, A->cap_kernels);
        if (!k || !(k->name = strdup(args)))
            return aerr(A, "out of memory");
        fi->kernel = (int)bin->nkernels - 1;
    }
    A->in_func = 1;
    return 0;
}

/* ---- directives ------------------------------------------------------------------------ */

static int get_number(assembler *A, const char *dir, const char *tok, uint64_t max, uint64_t *out) {
    asm_int v;
    if (!tok || asm_parse_int(tok, &v) || asm_int_bits(&v, 0, max, out))
        return aerr(A, "%s: expected a number 0..%llu, got '%s'", dir, (unsigned long long)max,
                    tok ? tok : "");
    return 0;
}

/* Splits args at commas and checks the count; returns it or -1. */
static int directive_args(assembler *A, const char *dir, char *args, char **t, int min, int max) {
    int n = asm_split(args, t, max);
    if (n < min || n < 0) {
        if (min == max)
            return aerr(A, "%s takes %d argument%s", dir, min, min == 1 ? "" : "s");
        return aerr(A, "%s takes %d to %d arguments", dir, min, max);
    }
    for (int i = 0; i < n; i++)
        if (!*t[i])
            return aerr(A, "%s: argument %d is empty", dir, i + 1);
    return n;
}

/* Kernel metadata set by a one-number directive. */
static const struct {
    const char *dir;
    size_t off;
    uint32_t max;
} kfields[] = {
    {".regs", offsetof(hcbin_kernel, nregs), HISA_NUM_GPRS},
    {".shared", offsetof(hcbin_kernel, shared_bytes), UINT32_MAX},
    {".local", offsetof(hcbin_kernel, local_bytes), UINT32_MAX},
    {".maxthreads", offsetof(hcbin_kernel, max_threads), UINT32_MAX},
    {".params", offsetof(hcbin_kernel, param_bytes), UINT32_MAX},
    {".flags", offsetof(hcbin_kernel, flags), UINT32_MAX},
};

static hcbin_kernel *need_kernel(assembler *A, const char *dir) {
    hcbin_kernel *k = cur_kernel(A);
    if (!k)
        aerr(A, "%s is only valid inside a .kernel", dir);
    return k;
}

static int d_kernel_field(assembler *A, const char *dir, char *args) {
    hcbin_kernel *k = need_kernel(A, dir);
    char *t[1];
    uint64_t v;
    if (!k || directive_args(A, dir, args, t, 1, 1) < 0)
        return -1;
    for (size_t i = 0; i < sizeof kfields / sizeof kfields[0]; i++) {
        if (strcmp(kfields[i].dir, dir) != 0)
            continue;
        if (get_number(A, dir, t[0], kfields[i].max, &v))
            return -1;
        *(uint32_t *)((char *)k + kfields[i].off) = (uint32_t)v;
    }
    func_info *fi = cur_info(A);
    fi->regs_explicit |= strcmp(dir, ".regs") == 0;
    fi->params_explicit |= strcmp(dir, ".params") == 0;
    return 0;
}

static int d_param(assembler *A, const char *dir, char *args) {
    hcbin_kernel *k = need_kernel(A, dir);
    char *t[2];
    uint64_t off, size;
    if (!k || directive_args(A, dir, args, t, 2, 2) < 0 ||
        get_number(A, dir, t[0], UINT32_MAX, &off) || get_number(A, dir, t[1], UINT32_MAX, &size))
        return -1;
    if (off + size > UINT32_MAX)
        return aerr(A, "%s: parameter ends beyond 4 GiB", dir);
    size_t cap = k->nparams;
    hcbin_param *p = APPEND(k->params, k->nparams, cap);
    if (!p)
        return aerr(A, "out of memory");
    p->offset = (uint32_t)off;
    p->size = (uint32_t)size;
    func_info *fi = cur_info(A);
    if (off + size > fi->params_end)
        fi->params_end = (uint32_t)(off + size);
    return 0;
}

static int d_func(assembler *A, const char *dir, char *args) {
    char *t[1];
    if (directive_args(A, dir, args, t, 1, 1) < 0)
        return -1;
    return open_func(A, t[0], strcmp(dir, ".kernel") == 0);
}

static int d_end(assembler *A, const char *dir, char *args) {
    if (*args)
        return aerr(A, ".end takes no arguments");
    if (!A->in_func)
        return aerr(A, ".end without a .kernel or .func");
    return close_func(A);
}

/* The bytes of a data section and their capacity. */
static void section_of(assembler *A, hcbin_section s, uint8_t ***buf, uint64_t **size,
                       size_t **cap) {
    int is_data = s == HCBIN_SEC_DATA;
    *buf = is_data ? &A->bin->data : &A->bin->cdata;
    *size = is_data ? &A->bin->data_size : &A->bin->cdata_size;
    *cap = is_data ? &A->cap_data : &A->cap_cdata;
}

static int section_add(assembler *A, hcbin_section s, const void *src, uint64_t n) {
    uint8_t **buf;
    uint64_t *size;
    size_t *cap;
    section_of(A, s, &buf, &size, &cap);
    if (n == 0)
        return 0;
    if (*size + n > UINT32_MAX)
        return aerr(A, "data section larger than 4 GiB");
    if (hcbin_grow((void **)buf, cap, *size + n, 1))
        return aerr(A, "out of memory");
    if (src)
        memcpy(*buf + *size, src, n);
    else
        memset(*buf + *size, 0, n);
    *size += n;
    return 0;
}

static int get_align(assembler *A, const char *dir, char **t, int n, int at, uint64_t *align) {
    *align = DEFAULT_ALIGN;
    if (n > at &&
        (get_number(A, dir, t[at], MAX_ALIGN, align) || *align == 0 || (*align & (*align - 1))))
        return aerr(A, "%s: alignment must be a power of two up to %d", dir, MAX_ALIGN);
    return 0;
}

static int add_var(assembler *A, const char *name, hcbin_section s, uint64_t offset,
                   uint64_t size) {
    hcbin *bin = A->bin;
    if (define_name(A, name, NAME_VAR, bin->nvars))
        return -1;
    hcbin_var *v = APPEND(bin->vars, bin->nvars, A->cap_vars);
    if (!v || !(v->name = strdup(name)))
        return aerr(A, "out of memory");
    v->section = s;
    v->offset = offset;
    v->size = size;
    return 0;
}

/* .global NAME, SIZE[, ALIGN] -- zero-initialised, in .bss */
static int d_global(assembler *A, const char *dir, char *args) {
    char *t[3];
    uint64_t size, align;
    int n = directive_args(A, dir, args, t, 2, 3);
    if (n < 0 || get_number(A, dir, t[1], UINT32_MAX, &size) || get_align(A, dir, t, n, 2, &align))
        return -1;
    uint64_t at = (A->bin->bss_size + align - 1) & ~(align - 1);
    if (at + size > UINT32_MAX)
        return aerr(A, ".bss larger than 4 GiB");
    if (add_var(A, t[0], HCBIN_SEC_BSS, at, size))
        return -1;
    A->bin->bss_size = at + size;
    return 0;
}

/* .data NAME[, ALIGN] / .const NAME[, ALIGN] -- value lines follow */
static int d_data(assembler *A, const char *dir, char *args) {
    hcbin_section s = strcmp(dir, ".data") == 0 ? HCBIN_SEC_DATA : HCBIN_SEC_CONST;
    char *t[2];
    uint64_t align, *size;
    uint8_t **buf;
    size_t *cap;
    int n = directive_args(A, dir, args, t, 1, 2);
    if (n < 0 || get_align(A, dir, t, n, 1, &align))
        return -1;
    section_of(A, s, &buf, &size, &cap);
    if (section_add(A, s, NULL, ((*size + align - 1) & ~(align - 1)) - *size) ||
        add_var(A, t[0], s, *size, 0))
        return -1;
    A->open_var = (long)A->bin->nvars - 1;
    return 0;
}

static const struct {
    const char *dir;
    unsigned bytes;
    int is_float;
} value_dirs[] = {
    {".u8", 1, 0}, {".u16", 2, 0}, {".u32", 4, 0}, {".u64", 8, 0}, {".f32", 4, 1}, {".f64", 8, 1},
};

/* One value of a value line as little-endian bytes. */
static int value_bits(assembler *A, const char *dir, unsigned bytes, int is_float, const char *tok,
                      uint64_t *bits) {
    asm_int v;
    int isint = asm_parse_int(tok, &v) == 0;
    if (is_float && !(isint && v.hex)) { /* hex gives raw bits, as in instructions */
        float f;
        double d;
        if (bytes == 4 ? asm_parse_f32(tok, &f) : asm_parse_f64(tok, &d))
            return aerr(A, "%s: bad float '%s'", dir, tok);
        if (bytes == 4) {
            uint32_t u;
            memcpy(&u, &f, 4);
            *bits = u;
        } else {
            memcpy(bits, &d, 8);
        }
        return 0;
    }
    uint64_t max = bytes == 8 ? UINT64_MAX : (1ull << (8 * bytes)) - 1;
    int64_t min = bytes == 8 ? INT64_MIN : -(int64_t)(1ull << (8 * bytes - 1));
    if (!isint || asm_int_bits(&v, min, max, bits))
        return aerr(A, "%s: '%s' is not a %u-bit value", dir, tok, 8 * bytes);
    return 0;
}

static int d_values(assembler *A, const char *dir, char *args, long var) {
    unsigned i = 0;
    while (strcmp(value_dirs[i].dir, dir) != 0)
        i++;
    if (var < 0)
        return aerr(A, "%s outside a .data or .const variable", dir);
    if (!*args)
        return aerr(A, "%s needs at least one value", dir);
    hcbin_var *v = &A->bin->vars[var];
    /* values are plain numbers, so any comma separates two of them */
    for (char *tok = args, *next; tok; tok = next) {
        char *comma = strchr(tok, ',');
        next = comma ? comma + 1 : NULL;
        if (comma)
            *comma = 0;
        tok = asm_trim(tok);
        uint64_t bits;
        uint8_t le[8];
        if (!*tok)
            return aerr(A, "%s: empty value", dir);
        if (value_bits(A, dir, value_dirs[i].bytes, value_dirs[i].is_float, tok, &bits))
            return -1;
        hcbin_wr64(le, bits);
        if (section_add(A, v->section, le, value_dirs[i].bytes))
            return -1;
        v->size += value_dirs[i].bytes;
    }
    return 0;
}

/* .line FILE LINE [COL] */
static int d_line(assembler *A, const char *dir, char *args) {
    const char *p = args;
    char *file = *p ? asm_parse_string(&p) : NULL;
    char *t[2];
    uint64_t line, col = 0;
    if (!file || !*file) {
        free(file);
        return aerr(A, ".line: expected a file name");
    }
    char *rest = asm_trim((char *)p);
    char *space = strpbrk(rest, " \t");
    int n = 0;
    if (*rest) {
        t[n++] = rest;
        if (space) {
            *space = 0;
            t[n++] = asm_trim(space + 1);
        }
    }
    if (n < 1 || get_number(A, dir, t[0], UINT32_MAX, &line) ||
        (n == 2 && get_number(A, dir, t[1], UINT32_MAX, &col))) {
        free(file);
        return n < 1 ? aerr(A, ".line: expected FILE LINE [COLUMN]") : -1;
    }
    free(A->line_file);
    A->line_file = file;
    A->line_no = (uint32_t)line;
    A->line_col = (uint32_t)col;
    return 0;
}

static const struct {
    const char *name;
    int (*fn)(assembler *A, const char *dir, char *args);
} directives[] = {
    {".kernel", d_func},
    {".func", d_func},
    {".end", d_end},
    {".regs", d_kernel_field},
    {".shared", d_kernel_field},
    {".local", d_kernel_field},
    {".maxthreads", d_kernel_field},
    {".params", d_kernel_field},
    {".flags", d_kernel_field},
    {".param", d_param},
    {".global", d_global},
    {".data", d_data},
    {".const", d_data},
    {".line", d_line},
};

static int directive(assembler *A, char *p) {
    size_t n = strcspn(p, " \t");
    char *args = asm_trim(p + n);
    char dir[32];
    snprintf(dir, sizeof dir, "%.*s", (int)(n < sizeof dir ? n : sizeof dir - 1), p);
    for (size_t i = 0; i < sizeof value_dirs / sizeof value_dirs[0]; i++)
        if (strcasecmp(dir, value_dirs[i].dir) == 0) /* keeps the variable open */
            return d_values(A, value_dirs[i].dir, args, A->open_var);
    A->open_var = -1;
    for (size_t i = 0; i < sizeof directives / sizeof directives[0]; i++)
        if (strcasecmp(dir, directives[i].name) == 0)
            return directives[i].fn(A, directives[i].name, args);
    return aerr(A, "unknown directive '%s'", dir);
}

/* ---- lines ------------------------------------------------------------------------------- */

/* Cuts a // or ; comment, leaving quoted strings alone. */
static void strip_comment(char *s) {
    int quoted = 0;
    for (char *p = s; *p; p++) {
        if (quoted && *p == '\\' && p[1])
            p++;
        else if (*p == '"')
            quoted = !quoted;
        else if (!quoted && (*p == ';' || (*p == '/' && p[1] == '/'))) {
            *p = 0;
            return;
        }
    }
}

static int assemble_line(assembler *A, char *line) {
    strip_comment(line);
    char *p = asm_trim(line);
    size_t n = asm_ident_len(p);
    char *colon = asm_skipws(p + n);
    if (n && *colon == ':') {
        p[n] = 0;
        A->open_var = -1;
        if (!A->in_func)
            return aerr(A, "label '%s' outside a .kernel or .func", p);
        if (define_name(A, p, NAME_LABEL, (uint32_t)text_bytes(A)))
            return -1;
        p = asm_skipws(colon + 1);
    }
    if (!*p)
        return 0;
    return *p == '.' ? directive(A, p) : assemble_insn(A, p);
}

/* ---- the end: names, register counts ------------------------------------------------- */

/* The function containing a code offset (functions are contiguous and in
 * order, so a binary search finds it). */
static uint32_t func_at(const hcbin *bin, uint32_t offset) {
    uint32_t lo = 0, hi = bin->nfuncs;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (bin->funcs[mid].offset <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static int resolve(assembler *A, const fixup *f) {
    const name_entry *e = map_find(&A->names, f->name);
    A->line = f->line;
    if (f->reloc) {
        int want = f->type == HCBIN_R_CODE ? NAME_FUNC : NAME_VAR;
        if (!e || e->kind != want)
            return aerr(A, "'%s' is not a %s", f->name,
                        want == NAME_FUNC ? "function" : "variable");
        return 0;
    }
    if (!e || e->kind == NAME_VAR)
        return aerr(A, "undefined label '%s'", f->name);
    if (e->value >= text_bytes(A))
        return aerr(A, "label '%s' is past the last instruction", f->name);
    hisa_insn in;
    hisa_decode(A->bin->text[f->insn], &in, NULL);
    in.immb = e->kind == NAME_FUNC ? A->bin->funcs[e->value].offset : e->value;
    A->bin->text[f->insn] = hisa_encode(&in);
    return 0;
}

/* The function a branch or call fixup lands in, or -1.  Branches count too:
 * code may jump into a shared tail in another function. */
static long callee_of(const assembler *A, const fixup *f) {
    hisa_insn in;
    if (f->reloc || hisa_decode(A->bin->text[f->insn], &in, NULL))
        return -1;
    return func_at(A->bin, in.immb);
}

/* A kernel without .regs gets the registers of everything it can reach:
 * direct calls and branches transitively, and every function if any of them calls
 * indirectly. */
static int default_regs(assembler *A, uint32_t fn, char *reach) {
    hcbin *bin = A->bin;
    memset(reach, 0, bin->nfuncs);
    reach[fn] = 1;
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < A->nfix; i++) {
            long to = callee_of(A, &A->fix[i]);
            if (to >= 0 && reach[A->fix[i].func] && !reach[to])
                reach[to] = changed = 1;
        }
    }
    int any = 0;
    for (uint32_t i = 0; i < bin->nfuncs; i++)
        any |= reach[i] && A->info[i].uses_callr;
    uint32_t regs = 0;
    for (uint32_t i = 0; i < bin->nfuncs; i++)
        if ((reach[i] || any) && A->info[i].regs_used > regs)
            regs = A->info[i].regs_used;
    return (int)regs;
}

static int finish(assembler *A) {
    hcbin *bin = A->bin;
    if (close_func(A))
        return -1;
    for (size_t i = 0; i < A->nfix; i++)
        if (resolve(A, &A->fix[i]))
            return -1;
    char *reach = malloc(bin->nfuncs + 1);
    if (!reach)
        return aerr(A, "out of memory");
    for (uint32_t i = 0; i < bin->nfuncs; i++)
        if (A->info[i].kernel >= 0 && !A->info[i].regs_explicit)
            bin->kernels[A->info[i].kernel].nregs = (uint32_t)default_regs(A, i, reach);
    free(reach);
    char why[400];
    if (hcbin_check(bin, why, sizeof why))
        return hcbin_errf(A->err, A->errlen, "%s: %s", A->name, why);
    return 0;
}

int hisa_assemble(const char *src, size_t len, const char *name, hcbin **out, char *err,
                  size_t errlen) {
    *out = NULL;
    assembler A = {.name = name ? name : "<input>", .err = err, .errlen = errlen, .open_var = -1};
    A.bin = calloc(1, sizeof *A.bin);
    char *line = NULL;
    size_t cap = 0;
    int rc = A.bin ? 0 : hcbin_errf(err, errlen, "out of memory");
    for (size_t at = 0; rc == 0 && at < len;) {
        const char *nl = memchr(src + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (src + at)) : len - at;
        A.line++;
        if (memchr(src + at, 0, n))
            rc = aerr(&A, "NUL byte in input");
        else if (hcbin_grow((void **)&line, &cap, n + 1, 1))
            rc = aerr(&A, "out of memory");
        else {
            memcpy(line, src + at, n);
            line[n] = 0;
            rc = assemble_line(&A, line);
        }
        at += n + 1;
    }
    if (rc == 0)
        rc = finish(&A);
    free(line);
    map_free(&A.names);
    for (size_t i = 0; i < A.nfix; i++)
        free(A.fix[i].name);
    free(A.fix);
    free(A.info);
    free(A.line_file);
    if (rc) {
        hcbin_free(A.bin);
        return -1;
    }
    *out = A.bin;
    return 0;
}
