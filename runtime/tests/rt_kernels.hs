// rt_kernels.hs -- kernels for the runtime's tests, written by hand in HISA
// (the tests drive libhcrt exactly as clang-generated host code would; the
// parameter layouts are what hcc gives the C signatures in the comments).

// __global__ void vector_add(const float *a, const float *b, float *c, int n)
.kernel vector_add
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

// __global__ void fill(unsigned *p, unsigned value, int n): p[i] = value + i
.kernel fill
.param 0, 8
.param 8, 4
.param 12, 4
    S2R R0, SR_TID.X
    S2R R2, SR_CTAID.X
    S2R R3, SR_NTID.X
    IMAD R0, R2, R3, R0
    LDP R4, [RZ+12]
    ISETP.GE.S32 P0, R0, R4
@P0 EXIT
    LDP R5, [RZ+8]
    IADD R5, R5, R0
    IMULW.S32 R6, R0, 4
    LDP.B64 R8, [RZ]
    IADD64 R8, R8, R6
    STG [R8], R5
    EXIT

// __global__ void params(char c, double d, short s, long long q, float f, void *out)
// copies every parameter's bytes to out at the parameter's own offset
.kernel params
.param 0, 1
.param 8, 8
.param 16, 2
.param 24, 8
.param 32, 4
.param 40, 8
    LDP.B64 R10, [RZ+40]
    LDP.U8 R2, [RZ]
    STG.U8 [R10], R2
    LDP.B64 R2, [RZ+8]
    STG.B64 [R10+8], R2
    LDP.U16 R2, [RZ+16]
    STG.U16 [R10+16], R2
    LDP.B64 R2, [RZ+24]
    STG.B64 [R10+24], R2
    LDP R2, [RZ+32]
    STG [R10+32], R2
    EXIT

// __constant__ float scale = 2.5f;
// __device__ unsigned table[8] = {1, ..., 8};
// __device__ unsigned counter;
.const scale, 4
    .f32 2.5
.data table, 4
    .u32 1, 2, 3, 4, 5, 6, 7, 8
.global counter, 4, 4

// __global__ void scale_table(float *out): out[i] = table[i] * scale, counter += 1 per thread
.kernel scale_table
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
    MOV R12, counter@lo
    MOV R13, counter@hi
    ATOMG.ADD.U32 R14, [R12], 1
    EXIT

// __global__ void spin(int iters, unsigned *out): a loop to keep the GPU busy
.kernel spin
.param 0, 4
.param 8, 8
    LDP R2, [RZ]
    MOV R3, 0
spin_loop:
    ISETP.GE.S32 P0, R3, R2
@P0 BRA spin_done
    IADD R3, R3, 1
    BRA spin_loop
spin_done:
    S2R R0, SR_TID.X
    ISETP.NE.S32 P1, R0, 0
@P1 EXIT
    LDP.B64 R4, [RZ+8]
    STG [R4], R3
    EXIT

// __global__ void copy_words(const unsigned *src, unsigned *dst, int n): dst[i] = src[i]
.kernel copy_words
.param 0, 8
.param 8, 8
.param 16, 4
    S2R R0, SR_TID.X
    S2R R2, SR_CTAID.X
    S2R R3, SR_NTID.X
    IMAD R0, R2, R3, R0
    LDP R4, [RZ+16]
    ISETP.GE.S32 P0, R0, R4
@P0 EXIT
    IMULW.S32 R6, R0, 4
    LDP.B64 R8, [RZ]
    IADD64 R8, R8, R6
    LDG R10, [R8]
    LDP.B64 R8, [RZ+8]
    IADD64 R8, R8, R6
    STG [R8], R10
    EXIT

// __global__ void oob(unsigned *p): reads 4 GiB past p, outside device memory
.kernel oob
.param 0, 8
    LDP.B64 R4, [RZ]
    MOV R6, 0
    MOV R7, 1
.line oob_test.hcc 7
    IADD64 R4, R4, R6
    LDG R8, [R4]
    STG [R4], R8
    EXIT

// __global__ void misaligned(unsigned *p): a 4-byte load at p + 2
.kernel misaligned
.param 0, 8
    LDP.B64 R4, [RZ]
.line misaligned_test.hcc 3
    LDG R6, [R4+2]
    EXIT

// __global__ void trap7(): __trap with a code that is not assert's
.kernel trap7
    TRAP 7
    EXIT

// a kernel with resource needs, for hcFuncGetAttributes and occupancy:
// 64 registers, 1 KiB of shared memory, 256 bytes of stack, at most 512 threads
.kernel heavy
.regs 64
.shared 1024
.local 256
.maxthreads 512
    EXIT
