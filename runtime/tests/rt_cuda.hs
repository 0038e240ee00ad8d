// rt_cuda.hs -- the device side of test_clang_cuda.cu, by hand, under the
// names clang gives its kernels and variables.

// __global__ void vector_add(const float *a, const float *b, float *c, int n)
.kernel _Z10vector_addPKfS0_Pfi
.param 0, 8
.param 8, 8
.param 16, 8
.param 24, 4
    S2R R0, SR_TID.X
    S2R R2, SR_CTAID.X
    S2R R3, SR_NTID.X
    IMAD R0, R2, R3, R0
    LDP R4, [RZ+0x18]
    ISETP.GE.S32 P0, R0, R4
@P0 EXIT
    IMULW.S32 R6, R0, 4
    LDP.B64 R8, [RZ]
    IADD64 R8, R8, R6
    LDG R10, [R8]
    LDP.B64 R8, [RZ+0x8]
    IADD64 R8, R8, R6
    LDG R11, [R8]
    FADD R10, R10, R11
    LDP.B64 R8, [RZ+0x10]
    IADD64 R8, R8, R6
    STG [R8], R10
    EXIT

// __constant__ float scale;  __device__ unsigned table[8];
.const scale, 4
    .f32 0
.global table, 32, 4

// __global__ void scale_table(float *out): out[i] = table[i] * scale
.kernel _Z11scale_tablePf
.param 0, 8
    S2R R0, SR_TID.X
    ISETP.GE.S32 P0, R0, 8
@P0 EXIT
    IMULW.S32 R2, R0, 4
    MOV R4, table@lo
    MOV R5, table@hi
    IADD64 R4, R4, R2
    LDG R6, [R4]
    CVT.F32.U32 R6, R6
    MOV R8, scale@lo
    MOV R9, scale@hi
    LDC R7, [R8]
    FMUL R6, R6, R7
    LDP.B64 R10, [RZ]
    IADD64 R10, R10, R2
    STG [R10], R6
    EXIT

// template <int K> __global__ void add_k(int *p, int n), K = 7: p[i] += 7
.kernel _Z5add_kILi7EEvPii
.param 0, 8
.param 8, 4
    S2R R0, SR_TID.X
    LDP R4, [RZ+8]
    ISETP.GE.S32 P0, R0, R4
@P0 EXIT
    IMULW.S32 R6, R0, 4
    LDP.B64 R8, [RZ]
    IADD64 R8, R8, R6
    LDG R10, [R8]
    IADD R10, R10, 7
    STG [R8], R10
    EXIT
