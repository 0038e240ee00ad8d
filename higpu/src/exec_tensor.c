/* exec_tensor.c -- warp-wide m16n16k16 matrix multiply-accumulate (WMMA).
 *
 * Fragment layout (an implementation choice, as on CUDA where fragments are
 * opaque): every 16x16 fragment is split row-major into 32 runs of 8
 * elements; lane l holds row l/2, columns (l%2)*8 .. +7.  A and B fragments
 * (f16/bf16) pack two elements per register (4 registers); a f32
 * accumulator uses 8 registers, a f16 one 4. */
#include "exec.h"
#include "handlers.h"
#include "mem.h"
#include "softfloat.h"

enum { FRAG = 16, PER_LANE = 8 };

static inline int lane_row(int l) { return l / 2; }
static inline int lane_col(int l, int e) { return (l % 2) * PER_LANE + e; }

/* Loads or stores a fragment: element e of every lane in one access. */
static int frag_access(hg_warp *w, const hg_insn *in, uint32_t exec, unsigned esize, int is_store,
                       uint8_t *ptrs[PER_LANE][HG_WARP_SIZE]) {
    uint64_t base[HG_WARP_SIZE], addr[HG_WARP_SIZE];
    hg_mem_addresses(w, in, 1, base);
    const uint32_t *ld = hg_row(w, in->b);
    int col_major = hisa_mod_get(in->mods, HISA_MG_LAYOUT) == HISA_LAYOUT_COL;
    for (int e = 0; e < PER_LANE; e++) {
        LANES {
            uint64_t r = (uint64_t)lane_row(l), c = (uint64_t)lane_col(l, e);
            uint64_t idx = col_major ? r + c * ld[l] : r * ld[l] + c;
            addr[l] = base[l] + idx * esize;
        }
        if (hg_mem_lanes(w, in, HG_SP_GENERIC, addr, exec, esize, is_store, ptrs[e]) != 0)
            return -1;
    }
    return 0;
}

/* A and B: 8 halves per lane in 4 registers. */
static void load_ab(hg_warp *w, const hg_insn *in, uint32_t exec) {
    if (!hg_warp_sync(w, in, exec, HG_FULL))
        return;
    uint8_t *ptrs[PER_LANE][HG_WARP_SIZE];
    if (frag_access(w, in, exec, 2, 0, ptrs) != 0)
        return;
    for (int r = 0; r < PER_LANE / 2; r++) {
        uint32_t t[HG_WARP_SIZE];
        LANES {
            uint16_t lo, hi;
            memcpy(&lo, ptrs[2 * r][l], 2);
            memcpy(&hi, ptrs[2 * r + 1][l], 2);
            t[l] = (uint32_t)lo | (uint32_t)hi << 16;
        }
        hg_store(hg_row(w, in->d + (uint32_t)r), t, exec);
    }
}

HG_DEF(WMMA_LDA) { load_ab(w, in, exec); }
HG_DEF(WMMA_LDB) { load_ab(w, in, exec); }

static int acc_is_f16(const hg_insn *in) { return hisa_mod_get(in->mods, HISA_MG_TYPE) == HISA_T_F16; }

HG_DEF(WMMA_LDC) {
    if (acc_is_f16(in)) { /* packed like A and B */
        load_ab(w, in, exec);
        return;
    }
    if (!hg_warp_sync(w, in, exec, HG_FULL))
        return;
    uint8_t *ptrs[PER_LANE][HG_WARP_SIZE];
    if (frag_access(w, in, exec, 4, 0, ptrs) != 0)
        return;
    for (int e = 0; e < PER_LANE; e++) {
        uint32_t t[HG_WARP_SIZE];
        LANES memcpy(&t[l], ptrs[e][l], 4);
        hg_store(hg_row(w, in->d + (uint32_t)e), t, exec);
    }
}

HG_DEF(WMMA_STD) {
    if (!hg_warp_sync(w, in, exec, HG_FULL))
        return;
    int f16 = acc_is_f16(in);
    uint8_t *ptrs[PER_LANE][HG_WARP_SIZE];
    if (frag_access(w, in, exec, f16 ? 2 : 4, 1, ptrs) != 0)
        return;
    LANES {
        if (!((exec >> l) & 1))
            continue;
        for (int e = 0; e < PER_LANE; e++) {
            if (f16) {
                uint16_t h = (uint16_t)(hg_row(w, in->c + (uint32_t)e / 2)[l] >> (16 * (e % 2)));
                memcpy(ptrs[e][l], &h, 2);
            } else {
                memcpy(ptrs[e][l], &hg_row(w, in->c + (uint32_t)e)[l], 4);
            }
        }
    }
}

/* Unpacks a half fragment (4 registers per lane) into a 16x16 float matrix. */
static void unpack_half(hg_warp *w, uint32_t row, int bf, float m[FRAG][FRAG]) {
    for (int r = 0; r < PER_LANE / 2; r++) {
        const uint32_t *R = hg_row(w, row + (uint32_t)r);
        LANES {
            for (int h = 0; h < 2; h++) {
                uint16_t x = (uint16_t)(R[l] >> (16 * h));
                m[lane_row(l)][lane_col(l, 2 * r + h)] = bf ? hg_from_bf16(x) : hg_from_f16(x);
            }
        }
    }
}

/* D = A x B + C.  Products of f16/bf16 values are exact in f32; the sum is
 * accumulated in f32 over k = 0..15 in order, rounding to nearest. */
HG_DEF(WMMA_MMA) {
    if (!hg_warp_sync(w, in, exec, HG_FULL))
        return;
    int bf = hisa_mod_get(in->mods, HISA_MG_TYPE2) == HISA_T_BF16, f16acc = acc_is_f16(in);
    float A[FRAG][FRAG], B[FRAG][FRAG], C[FRAG][FRAG], D[FRAG][FRAG];
    unpack_half(w, in->a, bf, A);
    unpack_half(w, in->b, bf, B);
    if (f16acc) {
        unpack_half(w, in->c, 0, C);
    } else {
        for (int e = 0; e < PER_LANE; e++) {
            const float *R = hg_frow(w, in->c + (uint32_t)e);
            LANES C[lane_row(l)][lane_col(l, e)] = R[l];
        }
    }
    for (int i = 0; i < FRAG; i++)
        for (int j = 0; j < FRAG; j++) {
            float acc = C[i][j];
            for (int k = 0; k < FRAG; k++)
                acc = fmaf(A[i][k], B[k][j], acc);
            D[i][j] = acc;
        }
    if (f16acc) {
        for (int r = 0; r < PER_LANE / 2; r++) {
            uint32_t t[HG_WARP_SIZE];
            LANES t[l] = (uint32_t)hg_to_f16(D[lane_row(l)][lane_col(l, 2 * r)], HISA_RND_RN) |
                         (uint32_t)hg_to_f16(D[lane_row(l)][lane_col(l, 2 * r + 1)], HISA_RND_RN) << 16;
            hg_store(hg_row(w, in->d + (uint32_t)r), t, exec);
        }
        return;
    }
    for (int e = 0; e < PER_LANE; e++) {
        float t[HG_WARP_SIZE];
        LANES t[l] = D[lane_row(l)][lane_col(l, e)];
        hg_store(hg_row(w, in->d + (uint32_t)e), (const uint32_t *)t, exec);
    }
}
