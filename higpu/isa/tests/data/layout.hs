; layout.hs -- odd data placement, a function-only object part, indirect
; calls and defaults: the disassembler must reproduce all of it exactly.
.data a, 1
    .u8 1, 2, 3
.data b, 2
    .u16 0xbeef, -2
.data c, 64
    .f64 3.25, -0.0
.const tbl, 4
    .u8 7
.const tbl2, 1
    .u8 8, 9
.global g1, 3, 1
.global g2, 8, 32
.global g3, 0

.func leaf
    .line "lib/leaf.cu" 3
    IADD R20, R20, 0x7fffffff
    RET R30
.end

.kernel indirect
    .local 32
    MOV R2, leaf@code
    CALLR R3, R2
    LDL.B128 R4, [R1-0x20]
    ST.U8 [R6+0x7], R4
    CAS.B64 R8, [R10], R12, R14
    FSETP.NAN.OR P0, R4, -1.5, !P1
    @!PT EXIT
    PRMT R4, R5, 0x3210, 0xffffff
    ISETP.LT.U32.XOR P1, R4, R5
    TRAP 0xdeadbeef
    EXIT
