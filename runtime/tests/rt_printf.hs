// rt_printf.hs -- kernels that call printf the way hcc compiles it: each
// call reserves a record in the module's buffer (__hcc_printf) with one
// atomic add and writes it if it fits (docs/runtime.md, "Device printf"):
//     u32 size | u32 argbytes | u64 format address | vprintf argument buffer

.global __hcc_printf, 16, 8

.const fmt_hello
    .u8 116, 104, 114, 101, 97, 100, 32, 37, 100, 32, 111, 102, 32, 37, 100, 32
    .u8 115, 97, 121, 115, 32, 37, 115, 10, 0
.const str_hi
    .u8 104, 105, 0
.const fmt_mix
    .u8 112, 105, 61, 37, 56, 46, 51, 102, 32, 101, 61, 37, 45, 49, 48, 46
    .u8 50, 101, 124, 32, 113, 61, 37, 108, 108, 100, 32, 120, 61, 37, 35, 120
    .u8 32, 99, 61, 37, 99, 32, 49, 48, 48, 37, 37, 32, 119, 61, 91, 37
    .u8 42, 100, 93, 32, 115, 61, 37, 46, 51, 115, 10, 0
.const str_long
    .u8 97, 98, 99, 100, 101, 102, 0
.const fmt_bad
    .u8 98, 97, 100, 32, 37, 110, 10, 0
.const fmt_assert
    .u8 37, 115, 58, 37, 100, 58, 32, 98, 108, 111, 99, 107, 32, 91, 37, 100
    .u8 44, 48, 44, 48, 93, 44, 32, 116, 104, 114, 101, 97, 100, 32, 91, 37
    .u8 100, 44, 48, 44, 48, 93, 32, 65, 115, 115, 101, 114, 116, 105, 111, 110
    .u8 32, 96, 37, 115, 96, 32, 102, 97, 105, 108, 101, 100, 46, 10, 0
.const str_file
    .u8 97, 115, 115, 101, 114, 116, 95, 116, 101, 115, 116, 46, 104, 99, 99, 0
.const str_cond
    .u8 120, 32, 60, 32, 53, 0

// __global__ void hello(int n)
//   if (tid < n) printf("thread %d of %d says %s\n", tid, blockDim.x, "hi");
//   tid 0: printf("pi=%8.3f e=%-10.2e| q=%lld x=%#x c=%c 100%% w=[%*d] s=%.3s\n",
//                 3.14159265, 2.718281828e-3, -1234567890123LL, 0xbeef, 'Z', 5, 42, "abcdef");
//   tid 1: printf("bad %n\n", &x)            -- a format the runtime refuses
//   tid 2: a record whose format address (0x10) is not device memory
.kernel hello
.param 0, 4
    S2R R0, SR_TID.X
    S2R R1, SR_NTID.X
    MOV R20, __hcc_printf@lo
    MOV R21, __hcc_printf@hi
    LDG R22, [R20+8]                 // capacity
    LDP R2, [RZ]
    ISETP.GE.S32 P1, R0, R2
@P1 BRA after_hello
    ATOMG.ADD.U32 R23, [R20+12], 32  // reserve 32 bytes
    IADD R24, R23, 32
    ISETP.GT.U32 P0, R24, R22        // P0: it does not fit
    LDG.B64 R26, [R20]
    MOV R28, R23
    MOV R29, 0
    IADD64 R26, R26, R28
@!P0 STG [R26], 32
@!P0 STG [R26+4], 16
    MOV R30, fmt_hello@lo
    MOV R31, fmt_hello@hi
@!P0 STG.B64 [R26+8], R30
@!P0 STG [R26+16], R0
@!P0 STG [R26+20], R1
    MOV R30, str_hi@lo
    MOV R31, str_hi@hi
@!P0 STG.B64 [R26+24], R30
after_hello:
    ISETP.NE.S32 P1, R0, 0
@P1 BRA after_mix
    ATOMG.ADD.U32 R23, [R20+12], 64
    IADD R24, R23, 64
    ISETP.GT.U32 P0, R24, R22
    LDG.B64 R26, [R20]
    MOV R28, R23
    MOV R29, 0
    IADD64 R26, R26, R28
@!P0 STG [R26], 64
@!P0 STG [R26+4], 48
    MOV R30, fmt_mix@lo
    MOV R31, fmt_mix@hi
@!P0 STG.B64 [R26+8], R30
    MOV R30, 0x53c8d4f1              // 3.14159265
    MOV R31, 0x400921fb
@!P0 STG.B64 [R26+16], R30
    MOV R30, 0x71aea995              // 2.718281828e-3
    MOV R31, 0x3f6644a6
@!P0 STG.B64 [R26+24], R30
    MOV R30, 0x8e04fb35              // -1234567890123
    MOV R31, 0xfffffee0
@!P0 STG.B64 [R26+32], R30
@!P0 STG [R26+40], 0xbeef
@!P0 STG [R26+44], 90                // 'Z'
@!P0 STG [R26+48], 5                 // the * width
@!P0 STG [R26+52], 42
    MOV R30, str_long@lo
    MOV R31, str_long@hi
@!P0 STG.B64 [R26+56], R30
after_mix:
    ISETP.NE.S32 P1, R0, 1
@P1 BRA after_bad
    ATOMG.ADD.U32 R23, [R20+12], 24
    IADD R24, R23, 24
    ISETP.GT.U32 P0, R24, R22
    LDG.B64 R26, [R20]
    MOV R28, R23
    MOV R29, 0
    IADD64 R26, R26, R28
@!P0 STG [R26], 24
@!P0 STG [R26+4], 8
    MOV R30, fmt_bad@lo
    MOV R31, fmt_bad@hi
@!P0 STG.B64 [R26+8], R30
@!P0 STG.B64 [R26+16], R26
after_bad:
    ISETP.NE.S32 P1, R0, 2
@P1 EXIT
    ATOMG.ADD.U32 R23, [R20+12], 16
    IADD R24, R23, 16
    ISETP.GT.U32 P0, R24, R22
    LDG.B64 R26, [R20]
    MOV R28, R23
    MOV R29, 0
    IADD64 R26, R26, R28
@!P0 STG [R26], 16
@!P0 STG [R26+4], 0
    MOV R30, 0x10
    MOV R31, 0
@!P0 STG.B64 [R26+8], R30
    EXIT

// __global__ void badsize(): a record header whose size is not a multiple of 8
.kernel badsize
    S2R R0, SR_TID.X
    ISETP.NE.S32 P1, R0, 0
@P1 EXIT
    MOV R20, __hcc_printf@lo
    MOV R21, __hcc_printf@hi
    ATOMG.ADD.U32 R23, [R20+12], 24
    LDG.B64 R26, [R20]
    MOV R28, R23
    MOV R29, 0
    IADD64 R26, R26, R28
    STG [R26], 13
    STG [R26+4], 0
    EXIT

// __global__ void assert_kernel(): assert(threadIdx.x < 5) in assert_test.hcc line 42
// (hcc's __assertfail prints CUDA's message, then TRAP 0x41535254 "ASRT")
.kernel assert_kernel
    S2R R0, SR_TID.X
    ISETP.NE.S32 P1, R0, 5
@P1 EXIT
    MOV R20, __hcc_printf@lo
    MOV R21, __hcc_printf@hi
    LDG R22, [R20+8]
    ATOMG.ADD.U32 R23, [R20+12], 48
    IADD R24, R23, 48
    ISETP.GT.U32 P0, R24, R22
    LDG.B64 R26, [R20]
    MOV R28, R23
    MOV R29, 0
    IADD64 R26, R26, R28
@!P0 STG [R26], 48
@!P0 STG [R26+4], 32
    MOV R30, fmt_assert@lo
    MOV R31, fmt_assert@hi
@!P0 STG.B64 [R26+8], R30
    MOV R30, str_file@lo
    MOV R31, str_file@hi
@!P0 STG.B64 [R26+16], R30
@!P0 STG [R26+24], 42
@!P0 STG [R26+28], 0
@!P0 STG [R26+32], R0
    MOV R30, str_cond@lo
    MOV R31, str_cond@hi
@!P0 STG.B64 [R26+40], R30
.line assert_test.hcc 42
    TRAP 0x41535254
    EXIT
