// sample.hs -- a small HISA program exercising every assembler feature:
// kernels, a device function, calls, labels, data, relocations, lines.

.const scale_table, 16
    .f32 1.0, 2.0, 0.5, -4.25
.data counters
    .u32 0, 1, 2, 3
    .u64 0x123456789abcdef0
.data bytes, 1
    .u8 1, 2, 255, -1
.global scratch, 1024, 256
.global flag, 4

// out[i] = a[i] * scale + b[i]
.kernel saxpy
    .maxthreads 256
    .param 0, 8          ; out
    .param 8, 8          ; a
    .param 16, 8         ; b
    .param 24, 4         ; n
    .param 28, 4         ; scale
.line "saxpy.cu" 10 5
    S2R R0, SR_TID.X
    S2R R2, SR_CTAID.X
    S2R R3, SR_NTID.X
    IMAD R0, R2, R3, R0
    LDP R4, [RZ+0x18]
    ISETP.GE.S32 P0, R0, R4
.line "saxpy.cu" 11 9
    @P0 BRA done
    LDP.B64 R4, [RZ+0x8]
    LDP.B64 R6, [RZ+0x10]
    SHL R8, R0, 2
    IADD64 R4, R4, R8
    IADD64 R6, R6, R8
    LDG R9, [R4]
    LDG R10, [R6]
    LDP R11, [RZ+0x1c]
    FFMA R9, R9, R11, R10
    FMUL R9, R9, 1.5
    LDP.B64 R4, [RZ]
    IADD64 R4, R4, R8
    STG [R4+0x0], R9
    MOV R12, counters@lo
    MOV R13, counters+8@hi
    MOV R14, scratch@lo
    MOV R15, helper@code
    CALL R16, helper
done:
    EXIT
.end

.kernel reduce
    .regs 40
    .shared 4096
    .local 16
    .params 16
    .param 0, 8
    S2R R0, SR_LANEID
    MOV R2, 0
loop:
    SHFL.BFLY R3, P1, R2, 1, 0x1f, 0xffffffff
    FADD R2, R2, R3
    IADD R0, R0, -1
    ISETP.NE.AND P2, R0, RZ, PT
    @!P2 BRA loop
    VOTE.BALLOT R4, !P1, -1
    CVT.F32.S32 R5, R4
    CVT.RN.S64.F64 R6, R8
    ATOMG.ADD.U32 R7, [R10-0x10], R5
    BAR.SYNC 0
    MEMBAR.CTA
    MUFU.RSQ R9, R9
    HADD2.BF16 R11, R11, 0.25
    WMMA.MMA.F32.F16 R16, R24, R28, R32
    CALL R1, helper
    EXIT
.end

.func helper
    IADD R3, R3, 1
    RET R16
.end
