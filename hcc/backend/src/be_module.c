/* be_module.c -- the backend's entry point: parse the IR, prepare it
 * (inline device functions, canonicalise with LLVM passes), compile every
 * kernel, and print global variables as data directives. */
#include <llvm-c/Analysis.h>
#include <llvm-c/IRReader.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be.h"
#include "be_util.h"

extern const char *const be_printf_var;

enum { PTX_KERNEL_CC = 71 }; /* the ptx_kernel calling convention */

/* The value of annotation `key` of fn in !nvvm.annotations ({fn, !"key",
 * i32 value}), or -1 if there is none. */
static long annotation(be *b, LLVMValueRef fn, const char *key) {
    unsigned n = LLVMGetNamedMetadataNumOperands(b->mod, "nvvm.annotations");
    if (!n)
        return -1;
    LLVMValueRef *ops = be_alloc(b, n * sizeof *ops);
    LLVMGetNamedMetadataOperands(b->mod, "nvvm.annotations", ops);
    long found = -1;
    size_t klen = strlen(key);
    for (unsigned i = 0; i < n && found < 0; i++) {
        if (LLVMGetMDNodeNumOperands(ops[i]) != 3)
            continue;
        LLVMValueRef f[3];
        LLVMGetMDNodeOperands(ops[i], f);
        unsigned len;
        const char *s = f[1] ? LLVMGetMDString(f[1], &len) : NULL;
        if (f[0] == fn && s && len == klen && !memcmp(s, key, klen))
            found = f[2] && LLVMIsAConstantInt(f[2]) ? (long)LLVMConstIntGetZExtValue(f[2]) : 0;
    }
    be_free(b, ops);
    return found;
}

/* Kernels are marked by !nvvm.annotations {fn, !"kernel", i32 1} (LLVM 19)
 * or by the ptx_kernel calling convention (later LLVMs). */
static int is_kernel(be *b, LLVMValueRef fn) {
    return LLVMGetFunctionCallConv(fn) == PTX_KERNEL_CC || annotation(b, fn, "kernel") > 0;
}

/* __launch_bounds__(N, ...): the maximum block size (maxntid{x,y,z}
 * annotations), 0 if the kernel has none.  minctasm is not used: registers
 * are allocated without a per-kernel budget. */
static unsigned max_threads(be *b, LLVMValueRef fn) {
    long x = annotation(b, fn, "maxntidx"), y = annotation(b, fn, "maxntidy"), z = annotation(b, fn, "maxntidz");
    if (x < 0 && y < 0 && z < 0)
        return 0;
    return (unsigned)((x > 0 ? x : 1) * (y > 0 ? y : 1) * (z > 0 ? z : 1));
}

static void remove_attr(LLVMValueRef fn, const char *name) {
    unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
    LLVMRemoveEnumAttributeAtIndex(fn, LLVMAttributeFunctionIndex, kind);
}

/* Device functions are inlined (calls are future work), so every defined
 * non-kernel function becomes always-inline; optnone (clang's -O0) would
 * stop the passes we need, so it goes too. */
static void prepare(be *b) {
    unsigned always = LLVMGetEnumAttributeKindForName("alwaysinline", 12);
    for (LLVMValueRef fn = LLVMGetFirstFunction(b->mod); fn; fn = LLVMGetNextFunction(fn)) {
        if (LLVMIsDeclaration(fn))
            continue;
        remove_attr(fn, "optnone");
        if (is_kernel(b, fn))
            continue;
        remove_attr(fn, "noinline");
        LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(b->llctx, always, 0));
    }
    const char *passes = b->opts->opt_level > 0
        ? "always-inline,globaldce,function(sroa,early-cse,instcombine,simplifycfg,lower-expect,"
          "lower-constant-intrinsics,lower-switch,scalarizer,dce),globaldce"
        /* -O0 keeps the program's shape; promoting allocas is still needed so
         * that the constant operands of inlined intrinsics become constants.
         * The last globaldce drops globals whose uses went with the allocas
         * (at -O0, `this` of threadIdx's conversion operators). */
        : "always-inline,globaldce,function(sroa,instsimplify,lower-expect,lower-constant-intrinsics,lower-switch,"
          "scalarizer),globaldce";
    LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
    LLVMErrorRef err = LLVMRunPasses(b->mod, passes, NULL, po);
    LLVMDisposePassBuilderOptions(po);
    if (err) {
        char *msg = LLVMGetErrorMessage(err);
        char copy[256];
        snprintf(copy, sizeof copy, "%s", msg);
        LLVMDisposeErrorMessage(msg);
        be_error(b, NULL, "LLVM passes failed: %s", copy);
    }
}

/* ---- global variables --------------------------------------------------------------------- */

static int valid_name(const char *s) {
    if (!*s || !(s[0] == '_' || s[0] == '.' || s[0] == '$' || ((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z')))
        return 0;
    for (; *s; s++)
        if (!(*s == '_' || *s == '.' || *s == '$' || ((*s | 32) >= 'a' && (*s | 32) <= 'z') ||
              (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

/* Writes the bytes of constant c of type t at buf (size bytes, zeroed). */
static void serialise(be *b, LLVMValueRef g, LLVMValueRef c, LLVMTypeRef t, uint8_t *buf, uint64_t size) {
    if (LLVMIsNull(c) || LLVMIsAUndefValue(c) || LLVMIsAPoisonValue(c))
        return;
    LLVMTypeKind k = LLVMGetTypeKind(t);
    if (LLVMIsAConstantInt(c)) {
        uint64_t v = LLVMConstIntGetZExtValue(c);
        for (uint64_t i = 0; i < size && i < 8; i++)
            buf[i] = (uint8_t)(v >> (8 * i));
        return;
    }
    if (LLVMIsAConstantFP(c)) {
        LLVMBool lost;
        double d = LLVMConstRealGetDouble(c, &lost);
        if (k == LLVMFloatTypeKind) {
            float f = (float)d;
            memcpy(buf, &f, 4);
        } else if (k == LLVMDoubleTypeKind) {
            memcpy(buf, &d, 8);
        } else {
            /* half / bfloat: bitcast to an integer constant */
            LLVMValueRef bits = LLVMConstBitCast(c, LLVMIntTypeInContext(b->llctx, 16));
            uint64_t v = LLVMIsAConstantInt(bits) ? LLVMConstIntGetZExtValue(bits) : 0;
            buf[0] = (uint8_t)v;
            buf[1] = (uint8_t)(v >> 8);
        }
        return;
    }
    if (k == LLVMStructTypeKind) {
        unsigned n = LLVMCountStructElementTypes(t);
        for (unsigned i = 0; i < n; i++) {
            LLVMTypeRef et = LLVMStructGetTypeAtIndex(t, i);
            uint64_t off = LLVMOffsetOfElement(b->td, t, i);
            serialise(b, g, LLVMGetAggregateElement(c, i), et, buf + off, LLVMABISizeOfType(b->td, et));
        }
        return;
    }
    if (k == LLVMArrayTypeKind || k == LLVMVectorTypeKind) {
        LLVMTypeRef et = LLVMGetElementType(t);
        uint64_t es = LLVMABISizeOfType(b->td, et);
        unsigned n = k == LLVMArrayTypeKind ? (unsigned)LLVMGetArrayLength2(t) : LLVMGetVectorSize(t);
        if (LLVMIsAConstantDataSequential(c) && LLVMGetTypeKind(et) == LLVMIntegerTypeKind &&
            LLVMGetIntTypeWidth(et) == 8) {
            size_t len;
            const char *s = LLVMGetAsString(c, &len);
            memcpy(buf, s, len < size ? len : size);
            return;
        }
        for (unsigned i = 0; i < n; i++)
            serialise(b, g, LLVMGetAggregateElement(c, i), et, buf + i * es, es);
        return;
    }
    be_error(b, NULL, "initializer of '%s' contains addresses or expressions (not supported yet)",
             LLVMGetValueName(g));
}

static void emit_global(be *b, LLVMValueRef g) {
    unsigned as = LLVMGetPointerAddressSpace(LLVMTypeOf(g));
    if (as == 3)
        return; /* shared: laid out per kernel */
    const char *name = LLVMGetValueName(g), *section = LLVMGetSection(g);
    if (!strncmp(name, "llvm.", 5) || (section && !strcmp(section, "llvm.metadata")))
        return; /* llvm.used, llvm.compiler.used, ...: information for LLVM, not data */
    if (!valid_name(name))
        be_error(b, NULL, "global variable name '%s' cannot be represented in HISA assembly", name);
    if (LLVMIsDeclaration(g))
        be_error(b, NULL, "'%s' is declared but not defined: separate compilation of device code "
                          "(-rdc) is not supported", name);
    LLVMTypeRef t = LLVMGlobalGetValueType(g);
    uint64_t size = LLVMABISizeOfType(b->td, t);
    unsigned align = LLVMGetAlignment(g);
    if (align < LLVMABIAlignmentOfType(b->td, t))
        align = LLVMABIAlignmentOfType(b->td, t);
    if (align < 1)
        align = 1;
    LLVMValueRef init = LLVMGetInitializer(g);
    if (!init || LLVMIsNull(init) || LLVMIsAUndefValue(init)) {
        be_printf(b, ".global %s, %llu, %u\n", name, (unsigned long long)(size ? size : 1), align);
        return;
    }
    uint8_t *buf = be_alloc(b, size ? size : 1);
    serialise(b, g, init, t, buf, size);
    be_printf(b, "%s %s, %u\n", as == 4 ? ".const" : ".data", name, align);
    for (uint64_t i = 0; i < size; i += 16) {
        be_printf(b, "    .u8 ");
        for (uint64_t k = i; k < size && k < i + 16; k++)
            be_printf(b, k > i ? ", %u" : "%u", buf[k]);
        be_printf(b, "\n");
    }
    be_free(b, buf);
}

/* ---- the compilation ------------------------------------------------------------------------ */

static void compile(be *b, hccbe_result *out) {
    LLVMMemoryBufferRef mb = LLVMCreateMemoryBufferWithMemoryRangeCopy(b->out, b->outlen, b->name);
    b->outlen = 0;
    char *msg = NULL;
    if (LLVMParseIRInContext(b->llctx, mb, &b->mod, &msg)) {
        char copy[400];
        snprintf(copy, sizeof copy, "%s", msg ? msg : "unknown");
        LLVMDisposeMessage(msg);
        be_error(b, NULL, "invalid LLVM IR: %s", copy);
    }
    if (b->opts->verify && LLVMVerifyModule(b->mod, LLVMReturnStatusAction, &msg)) {
        char copy[400];
        snprintf(copy, sizeof copy, "%s", msg ? msg : "unknown");
        LLVMDisposeMessage(msg);
        be_error(b, NULL, "invalid LLVM IR: %s", copy);
    }
    LLVMDisposeMessage(msg);
    const char *triple = LLVMGetTarget(b->mod);
    if (strncmp(triple, "nvptx", 5) != 0)
        be_error(b, NULL, "expected device IR for the nvptx64 carrier triple, got '%s'", triple);
    b->td = LLVMGetModuleDataLayout(b->mod);
    prepare(b);

    be_printf(b, "// HISA assembly generated by hcc from %s\n", b->name);
    /* device functions left after inlining (recursion) are real calls */
    for (LLVMValueRef fn = LLVMGetFirstFunction(b->mod); fn; fn = LLVMGetNextFunction(fn))
        if (!LLVMIsDeclaration(fn) && !is_kernel(b, fn) && LLVMGetFirstUse(fn))
            b->has_calls = 1;
    unsigned cap = 0;
    for (LLVMValueRef fn = LLVMGetFirstFunction(b->mod); fn; fn = LLVMGetNextFunction(fn)) {
        if (LLVMIsDeclaration(fn))
            continue;
        int kernel = is_kernel(b, fn);
        if (!kernel && !LLVMGetFirstUse(fn))
            continue; /* inlined everywhere */
        const char *name = LLVMGetValueName(fn);
        if (!valid_name(name))
            be_error(b, NULL, "function name '%s' cannot be represented in HISA assembly", name);
        mfunc mf = {.name = name, .is_kernel = kernel, .uses_stack = b->has_calls,
                    .max_threads = kernel ? max_threads(b, fn) : 0};
        b->fn_name = name;
        be_isel_function(b, fn, &mf);
        be_regalloc(b, &mf);
        be_emit_function(b, &mf, fn);
        b->fn_name = NULL;
        if (!kernel) {
            be_mfunc_free(b, &mf);
            continue;
        }
        if (out->nkernels == cap) {
            cap = cap ? cap * 2 : 8;
            hccbe_kernel_usage *k = realloc(out->kernels, cap * sizeof *k);
            if (!k)
                be_error(b, NULL, "out of memory");
            out->kernels = k;
        }
        hccbe_kernel_usage *u = &out->kernels[out->nkernels++];
        memset(u, 0, sizeof *u);
        snprintf(u->name, sizeof u->name, "%s", name);
        u->regs = mf.nregs;
        u->shared_bytes = (mf.shared_bytes + 15) / 16 * 16;
        u->local_bytes = mf.frame_bytes;
        u->param_bytes = mf.param_bytes;
        be_mfunc_free(b, &mf);
    }
    be_printf(b, "\n");
    for (LLVMValueRef g = LLVMGetFirstGlobal(b->mod); g; g = LLVMGetNextGlobal(g))
        emit_global(b, g);
    if (b->uses_printf)
        be_printf(b, ".global %s, 16, 8\n", be_printf_var);
}

int hccbe_compile(const char *buf, size_t len, const char *name, const hccbe_options *opts, hccbe_result *out,
                  char *err, size_t errlen) {
    static const hccbe_options defaults = {.opt_level = 2};
    memset(out, 0, sizeof *out);
    be b = {.opts = opts ? opts : &defaults, .name = name ? name : "<input>", .err = err, .errlen = errlen};
    b.llctx = LLVMContextCreate();
    /* the IR goes through the output buffer so that compile() owns one copy */
    b.stack_bytes = 1024; /* CUDA's default cudaLimitStackSize */
    b.out = malloc(len + 1);
    if (!b.out) {
        snprintf(err, errlen, "%s: error: out of memory", b.name);
        LLVMContextDispose(b.llctx);
        return -1;
    }
    memcpy(b.out, buf, len);
    b.outlen = len;
    b.outcap = len + 1;
    int rc = 0;
    if (setjmp(b.fail) == 0) {
        compile(&b, out);
        out->asm_text = b.out;
        b.out = NULL;
    } else {
        rc = -1;
        free(out->kernels);
        out->kernels = NULL;
        out->nkernels = 0;
    }
    free(b.out);
    be_arena_release(&b);
    if (b.mod)
        LLVMDisposeModule(b.mod);
    LLVMContextDispose(b.llctx);
    return rc;
}

void hccbe_result_free(hccbe_result *r) {
    free(r->asm_text);
    free(r->kernels);
    memset(r, 0, sizeof *r);
}
