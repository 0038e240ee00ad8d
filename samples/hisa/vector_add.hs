// vector_add.hs -- c[i] = a[i] + b[i] for i < n, written by hand in HISA.
//
//   __global__ void vector_add(const float *a, const float *b, float *c, int n)
.kernel vector_add
.param 0, 8                    // a
.param 8, 8                    // b
.param 16, 8                   // c
.param 24, 4                   // n
    S2R R0, SR_TID.X
    S2R R2, SR_CTAID.X
    S2R R3, SR_NTID.X
    IMAD R0, R2, R3, R0        // i = blockIdx.x * blockDim.x + threadIdx.x
    LDP R4, [RZ+0x18]          // n
    ISETP.GE.S32 P0, R0, R4
@P0 EXIT                       // the tail of the last block has no work
    IMULW.S32 R6, R0, 4        // byte offset of element i (64-bit)
    LDP.B64 R8, [RZ]           // a
    IADD64 R8, R8, R6
    LDG R10, [R8]
    LDP.B64 R8, [RZ+0x8]       // b
    IADD64 R8, R8, R6
    LDG R11, [R8]
    FADD R10, R10, R11
    LDP.B64 R8, [RZ+0x10]      // c
    IADD64 R8, R8, R6
    STG [R8], R10
    EXIT
