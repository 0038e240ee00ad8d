/* be_isel_printf.c -- device printf.  clang lowers printf(fmt, ...) to
 * vprintf(fmt, args) where args points to a local buffer holding the
 * arguments at their natural alignment.  The call appends a record to the
 * module's printf buffer, described by the variable __hcc_printf
 * {u64 buffer, u32 capacity, u32 write offset}; the runtime prints the
 * records after the kernel (docs/runtime.md, "Device printf"):
 *
 *     u32 size (whole record, multiple of 8) | u32 argbytes | u64 fmt | args
 *
 * A record that does not fit is dropped; the offset still advances, so the
 * runtime can say how much was lost. */
#include "be_isel.h"

const char *const be_printf_var = "__hcc_printf";

void isel_printf(isel *s, LLVMValueRef call) {
    LLVMValueRef fmt = LLVMGetOperand(call, 0), args = LLVMGetOperand(call, 1);
    unsigned argbytes = 0;
    addr aa = {0};
    if (!LLVMIsAConstantPointerNull(args)) {
        aa = address_of(s, args);
        LLVMValueRef base = args;
        while (LLVMIsAAddrSpaceCastInst(base) || LLVMIsABitCastInst(base))
            base = LLVMGetOperand(base, 0);
        if (aa.space != 5 || !LLVMIsAAllocaInst(base))
            be_error(s->b, call, "printf arguments must be a local buffer");
        argbytes = (unsigned)LLVMABISizeOfType(s->b->td, LLVMGetAllocatedType(base));
    }
    unsigned size = 16 + (argbytes + 7) / 8 * 8;
    s->b->uses_printf = 1;

    int pv = new_vreg(s, 2), cap = new_vreg(s, 1), off = new_vreg(s, 1), end = new_vreg(s, 1);
    int bufp = new_vreg(s, 2), off64 = new_vreg(s, 2), rec = new_vreg(s, 2);
    emit(s, MI_UNDEF, 0, 1, mo_vreg(pv));
    emit(s, HISA_OP_MOV, 0, 2, mo_vsub(pv, 0), mo_sym(be_printf_var, 0, 0));
    emit(s, HISA_OP_MOV, 0, 2, mo_vsub(pv, 1), mo_sym(be_printf_var, 0, 1));
    emit(s, HISA_OP_LDG, 0, 2, mo_vreg(cap), mo_mem(pv, 0, 8));
    emit(s, HISA_OP_ATOMG, mod(HISA_MG_TYPE, HISA_T_U32) | mod(HISA_MG_ATOM, HISA_ATOM_ADD), 3, mo_vreg(off),
         mo_mem(pv, 0, 12), mo_imm(size));
    emit(s, HISA_OP_IADD, 0, 3, mo_vreg(end), mo_vreg(off), mo_imm(size));
    /* P0: the record does not fit (or the offset wrapped) */
    emit(s, HISA_OP_ISETP, mod(HISA_MG_CMP, HISA_CMP_GT) | mod(HISA_MG_TYPE, HISA_T_U32), 3, mo_pred(0, 0),
         mo_vreg(end), mo_vreg(cap));
    emit(s, HISA_OP_ISETP, mod(HISA_MG_CMP, HISA_CMP_LT) | mod(HISA_MG_TYPE, HISA_T_U32) |
                               mod(HISA_MG_BOOL, HISA_BOOL_OR),
         4, mo_pred(0, 0), mo_vreg(end), mo_vreg(off), mo_pred(0, 0));
    emit(s, HISA_OP_LDG, mod(HISA_MG_TYPE, HISA_T_B64), 2, mo_vreg(bufp), mo_mem(pv, 0, 0));
    emit(s, MI_UNDEF, 0, 1, mo_vreg(off64));
    emit(s, HISA_OP_MOV, 0, 2, mo_vsub(off64, 0), mo_vreg(off));
    emit(s, HISA_OP_MOV, 0, 2, mo_vsub(off64, 1), mo_imm(0));
    emit(s, HISA_OP_IADD64, 0, 3, mo_vreg(rec), mo_vreg(bufp), mo_vreg(off64));
    unsigned skip = 0 | HISA_PRED_NEG; /* @!P0: only when it fits */
    emit_g(s, skip, HISA_OP_STG, 0, 2, mo_mem(rec, 0, 0), mo_imm(size));
    emit_g(s, skip, HISA_OP_STG, 0, 2, mo_mem(rec, 0, 4), mo_imm(argbytes));
    emit_g(s, skip, HISA_OP_STG, mod(HISA_MG_TYPE, HISA_T_B64), 2, mo_mem(rec, 0, 8), mo_vreg(reg(s, fmt)));
    if (argbytes) {
        int w = new_vreg(s, 1);
        for (unsigned o = 0; o < argbytes; o += 4) {
            emit(s, HISA_OP_LDL, 0, 2, mo_vreg(w), mem_operand(s, aa, o, 0));
            emit_g(s, skip, HISA_OP_STG, 0, 2, mo_mem(rec, 0, 16 + o), mo_vreg(w));
        }
    }
    /* vprintf's result: 0, or -1 when the record was dropped */
    int m1 = new_vreg(s, 1);
    emit(s, HISA_OP_MOV, 0, 2, mo_vreg(m1), mo_imm(0xffffffffu));
    emit(s, HISA_OP_SEL, 0, 4, mo_vreg(vreg_of(s, call)), mo_vreg(m1), mo_imm(0), mo_pred(0, 0));
}
