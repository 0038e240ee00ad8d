// kernels.hs -- the higpu-bench workloads, in HISA.  Every kernel takes
// (int iterations, float *out) and leaves a value per thread in out, so no
// work is dead.

// fma: 16 independent FP32 FMA chains per thread, full warps.
.kernel fma
.param 0, 4
.param 8, 8
    S2R R0, SR_TID.X
    CVT.F32.S32 R1, R0
    MOV R2, 1.0001
    MOV R3, 0.5
    MOV R4, R1
    MOV R5, R1
    MOV R6, R1
    MOV R7, R1
    MOV R8, R1
    MOV R9, R1
    MOV R10, R1
    MOV R11, R1
    MOV R12, R1
    MOV R13, R1
    MOV R14, R1
    MOV R15, R1
    MOV R16, R1
    MOV R17, R1
    MOV R18, R1
    LDP R20, [RZ]
fma_loop:
    FFMA R4, R4, R2, R3
    FFMA R5, R5, R2, R3
    FFMA R6, R6, R2, R3
    FFMA R7, R7, R2, R3
    FFMA R8, R8, R2, R3
    FFMA R9, R9, R2, R3
    FFMA R10, R10, R2, R3
    FFMA R11, R11, R2, R3
    FFMA R12, R12, R2, R3
    FFMA R13, R13, R2, R3
    FFMA R14, R14, R2, R3
    FFMA R15, R15, R2, R3
    FFMA R16, R16, R2, R3
    FFMA R17, R17, R2, R3
    FFMA R18, R18, R2, R3
    FFMA R1, R1, R2, R3
    IADD R20, R20, -1
    ISETP.NE.S32 P0, R20, 0
@P0 BRA fma_loop
    FADD R4, R4, R5
    FADD R4, R4, R18
    FADD R4, R4, R1
    BRA store

// int: integer ALU chains (multiply-add, logic, shifts).
.kernel int
.param 0, 4
.param 8, 8
    S2R R0, SR_TID.X
    MOV R4, R0
    XOR R5, R0, 0x5bd1e995
    IADD R6, R0, 7
    OR R7, R0, 0x100
    LDP R20, [RZ]
int_loop:
    IMAD R4, R4, 1664525, R5
    XOR R5, R5, R4
    SHL R6, R6, 1
    IADD R7, R7, R6
    SHR.U32 R8, R4, 3
    AND R9, R7, 0xffff
    IADD R5, R5, R8
    XOR R6, R6, R9
    IMAD R7, R7, 22695477, R4
    IADD R4, R4, R9
    AND R8, R5, R6
    OR R9, R4, R7
    IADD R5, R5, R8
    XOR R4, R4, R9
    SHL R8, R7, 2
    IADD R6, R6, R8
    IADD R20, R20, -1
    ISETP.NE.S32 P0, R20, 0
@P0 BRA int_loop
    XOR R4, R4, R5
    XOR R4, R4, R6
    XOR R4, R4, R7
    BRA store

// diverge: odd and even lanes take different 8-instruction paths each
// iteration, so every iteration runs both paths at half occupancy.
.kernel diverge
.param 0, 4
.param 8, 8
    S2R R0, SR_TID.X
    CVT.F32.S32 R4, R0
    MOV R5, R4
    MOV R2, 1.0001
    MOV R3, 0.5
    AND R1, R0, 1
    ISETP.NE.S32 P1, R1, 0
    LDP R20, [RZ]
div_loop:
@P1 BRA div_odd
    FFMA R4, R4, R2, R3
    FFMA R5, R5, R2, R3
    FFMA R4, R4, R2, R3
    FFMA R5, R5, R2, R3
    FFMA R4, R4, R2, R3
    FFMA R5, R5, R2, R3
    FFMA R4, R4, R2, R3
    FFMA R5, R5, R2, R3
    BRA div_join
div_odd:
    FMUL R4, R4, R2
    FADD R5, R5, R3
    FMUL R4, R4, R2
    FADD R5, R5, R3
    FMUL R4, R4, R2
    FADD R5, R5, R3
    FMUL R4, R4, R2
    FADD R5, R5, R3
div_join:
    IADD R20, R20, -1
    ISETP.NE.S32 P0, R20, 0
@P0 BRA div_loop
    FADD R4, R4, R5
    BRA store

// stream: out[i] = in[i] * 2 + 1 over a grid-stride loop of n = iterations
// elements (out holds 2n floats: in, then out).
.kernel stream
.param 0, 4
.param 8, 8
    S2R R0, SR_TID.X
    S2R R1, SR_CTAID.X
    S2R R2, SR_NTID.X
    S2R R3, SR_NCTAID.X
    IMAD R0, R1, R2, R0          // i
    IMUL R3, R3, R2              // stride
    LDP R20, [RZ]                // n
    LDP.B64 R10, [RZ+0x8]
    IMULW.U32 R12, R20, 4
    IADD64 R12, R10, R12         // out = in + n
    MOV R5, 2.0
    MOV R6, 1.0
stream_loop:
    ISETP.GE.S32 P0, R0, R20
@P0 EXIT
    IMULW.U32 R14, R0, 4
    IADD64 R16, R10, R14
    LDG R7, [R16]
    FFMA R7, R7, R5, R6
    IADD64 R16, R12, R14
    STG [R16], R7
    IADD R0, R0, R3
    BRA stream_loop

// reduce: a block-wide shared-memory tree reduction, repeated.
.kernel reduce
.param 0, 4
.param 8, 8
.shared 1024
    S2R R0, SR_TID.X
    S2R R9, SR_NTID.X
    SHL R1, R0, 2
    LDP R20, [RZ]
    MOV R4, 0
red_outer:
    IADD R2, R0, R20
    STS [R1], R2
    BAR.SYNC 0
    SHR.U32 R3, R9, 1
red_top:
    ISETP.EQ.S32 P0, R3, 0
@P0 BRA red_out
    ISETP.GE.S32 P1, R0, R3
@P1 BRA red_skip
    SHL R5, R3, 2
    IADD R5, R1, R5
    LDS R6, [R5]
    LDS R7, [R1]
    IADD R7, R7, R6
    STS [R1], R7
red_skip:
    BAR.SYNC 0
    SHR.U32 R3, R3, 1
    BRA red_top
red_out:
    LDS R8, [RZ]
    IADD R4, R4, R8
    BAR.SYNC 0
    IADD R20, R20, -1
    ISETP.NE.S32 P2, R20, 0
@P2 BRA red_outer
    BRA store

// Shared tail: out[global thread id] = R4.
.func store
    S2R R0, SR_TID.X
    S2R R1, SR_CTAID.X
    S2R R2, SR_NTID.X
    IMAD R0, R1, R2, R0
    LDP.B64 R10, [RZ+0x8]
    IMULW.U32 R12, R0, 4
    IADD64 R10, R10, R12
    STG [R10], R4
    EXIT
