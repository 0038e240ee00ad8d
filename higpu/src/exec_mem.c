/* exec_mem.c -- loads, stores, atomics, fences and address conversions. */
#include "exec.h"
#include "handlers.h"
#include "mem.h"

/* ---- loads and stores ---------------------------------------------------------- */

/* Per-lane reads with the type's extension; one loop per type so the lane
 * loop has no branches inside (full warps are the common case). */
#define LOAD_LANES(EXPR)                                   \
    do {                                                   \
        if (exec == 0xffffffffu) {                         \
            LANES { const uint8_t *p = ptr[l]; EXPR; }     \
        } else {                                           \
            LANES {                                        \
                if (!((exec >> l) & 1))                    \
                    continue;                              \
                const uint8_t *p = ptr[l];                 \
                EXPR;                                      \
            }                                              \
        }                                                  \
    } while (0)

static inline uint32_t rd16(const uint8_t *p) {
    uint16_t x;
    memcpy(&x, p, 2);
    return x;
}
static inline uint32_t rd32(const uint8_t *p) {
    uint32_t x;
    memcpy(&x, p, 4);
    return x;
}

/* A value read once and given to every lane (a full warp at one address). */
static void load_uniform(hg_warp *w, const hg_insn *in, unsigned t, unsigned size, const uint8_t *p) {
    uint32_t x;
    switch (t) {
    case HISA_T_U8: x = *p; break;
    case HISA_T_S8: x = (uint32_t)(int32_t)(int8_t)*p; break;
    case HISA_T_U16: case HISA_T_F16: case HISA_T_BF16: x = rd16(p); break;
    case HISA_T_S16: x = (uint32_t)(int32_t)(int16_t)rd16(p); break;
    default: x = rd32(p); break;
    }
    for (unsigned k = 0; k < (size <= 4 ? 1 : size / 4); k++) {
        uint32_t *row = hg_row(w, in->d + k), v = k ? rd32(p + 4 * k) : x;
        LANES row[l] = v;
    }
}

static void load(hg_warp *w, const hg_insn *in, uint32_t exec, hg_space sp, int wide) {
    unsigned t = hisa_mod_get(in->mods, HISA_MG_TYPE), size = hisa_type_bytes((hisa_type)t);
    uint64_t addr[HG_WARP_SIZE];
    uint8_t *ptr[HG_WARP_SIZE];
    hg_mem_addresses(w, in, wide, addr);
    if (exec == 0xffffffffu) {
        const uint8_t *p = hg_mem_uniform_load(w, sp, addr, size);
        if (p) {
            load_uniform(w, in, t, size, p);
            return;
        }
    }
    if (hg_mem_lanes(w, in, sp, addr, exec, size, 0, ptr) != 0)
        return;
    unsigned nrows = size <= 4 ? 1 : size / 4;
    uint32_t v[4][HG_WARP_SIZE];
    switch (t) {
    case HISA_T_U8: LOAD_LANES(v[0][l] = *p); break;
    case HISA_T_S8: LOAD_LANES(v[0][l] = (uint32_t)(int32_t)(int8_t)*p); break;
    case HISA_T_U16: case HISA_T_F16: case HISA_T_BF16: LOAD_LANES(v[0][l] = rd16(p)); break;
    case HISA_T_S16: LOAD_LANES(v[0][l] = (uint32_t)(int32_t)(int16_t)rd16(p)); break;
    default:
        if (nrows == 1)
            LOAD_LANES(v[0][l] = rd32(p));
        else
            LOAD_LANES(for (unsigned k = 0; k < nrows; k++) v[k][l] = rd32(p + 4 * k));
        break;
    }
    for (unsigned k = 0; k < nrows; k++)
        hg_store(hg_row(w, in->d + k), v[k], exec);
}

static void store(hg_warp *w, const hg_insn *in, uint32_t exec, hg_space sp, int wide) {
    unsigned t = hisa_mod_get(in->mods, HISA_MG_TYPE), size = hisa_type_bytes((hisa_type)t);
    uint64_t addr[HG_WARP_SIZE];
    uint8_t *ptr[HG_WARP_SIZE];
    hg_mem_addresses(w, in, wide, addr);
    if (hg_mem_lanes(w, in, sp, addr, exec, size, 1, ptr) != 0)
        return;
    LANES {
        if (!((exec >> l) & 1))
            continue;
        if (size < 4) {
            uint32_t x = hg_row(w, in->b)[l];
            memcpy(ptr[l], &x, size); /* little-endian: the low bytes */
        } else {
            for (unsigned k = 0; k < size / 4; k++)
                memcpy(ptr[l] + 4 * k, &hg_row(w, in->b + k)[l], 4);
        }
    }
}

HG_DEF(LDG) { load(w, in, exec, HG_SP_GLOBAL, 1); }
HG_DEF(STG) { store(w, in, exec, HG_SP_GLOBAL, 1); }
HG_DEF(LDS) { load(w, in, exec, HG_SP_SHARED, 0); }
HG_DEF(STS) { store(w, in, exec, HG_SP_SHARED, 0); }
HG_DEF(LDL) { load(w, in, exec, HG_SP_LOCAL, 0); }
HG_DEF(STL) { store(w, in, exec, HG_SP_LOCAL, 0); }
HG_DEF(LD) { load(w, in, exec, HG_SP_GENERIC, 1); }
HG_DEF(ST) { store(w, in, exec, HG_SP_GENERIC, 1); }
HG_DEF(LDC) { load(w, in, exec, HG_SP_CONST, 1); }
HG_DEF(LDP) { load(w, in, exec, HG_SP_PARAM, 0); }

/* ---- atomics ----------------------------------------------------------------------
 * Lanes apply in lane order, so a warp's result is deterministic; across SMs
 * (host threads) and processes the host's atomic instructions order them. */

static uint64_t atom_apply(unsigned op, unsigned t, uint64_t old, uint64_t b) {
    int wide = hisa_type_bytes((hisa_type)t) == 8;
    switch (op) {
    case HISA_ATOM_ADD:
        if (t == HISA_T_F32)
            return hg_u32(hg_f32((uint32_t)old) + hg_f32((uint32_t)b));
        if (t == HISA_T_F64)
            return hg_u64(hg_f64(old) + hg_f64(b));
        return old + b;
    case HISA_ATOM_MIN:
    case HISA_ATOM_MAX: {
        int less;
        if (t == HISA_T_S32 || t == HISA_T_DEFAULT)
            less = (int32_t)old < (int32_t)b;
        else if (t == HISA_T_S64)
            less = (int64_t)old < (int64_t)b;
        else
            less = old < b;
        return (op == HISA_ATOM_MIN) == less ? old : b;
    }
    case HISA_ATOM_INC: return old >= b ? 0 : old + 1;
    case HISA_ATOM_DEC: return (old == 0 || old > b) ? b : old - 1;
    case HISA_ATOM_AND: return old & b;
    case HISA_ATOM_OR: return old | b;
    case HISA_ATOM_XOR: return old ^ b;
    case HISA_ATOM_EXCH: return b;
    default: (void)wide; return old;
    }
}

/* One lane's read-modify-write with a compare-exchange loop. */
static uint64_t atom_lane(uint8_t *p, unsigned op, unsigned t, uint64_t b, int cas, uint64_t nv) {
    if (hisa_type_bytes((hisa_type)t) == 8) {
        uint64_t *q = (uint64_t *)p, old = __atomic_load_n(q, __ATOMIC_RELAXED), want;
        do {
            want = cas ? (old == b ? nv : old) : atom_apply(op, t, old, b);
        } while (!__atomic_compare_exchange_n(q, &old, want, 1, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
        return old;
    }
    uint32_t *q = (uint32_t *)p, old = __atomic_load_n(q, __ATOMIC_RELAXED), want;
    do {
        want = cas ? (old == (uint32_t)b ? (uint32_t)nv : old)
                   : (uint32_t)atom_apply(op, t, old, (uint32_t)b);
    } while (!__atomic_compare_exchange_n(q, &old, want, 1, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
    return old;
}

static void atomic(hg_warp *w, const hg_insn *in, uint32_t exec, hg_space sp, int cas) {
    unsigned t = hisa_mod_get(in->mods, HISA_MG_TYPE);
    unsigned op = cas ? 0 : hisa_mod_get(in->mods, HISA_MG_ATOM);
    unsigned size = hisa_type_bytes((hisa_type)t) == 8 ? 8 : 4;
    uint64_t addr[HG_WARP_SIZE], b[HG_WARP_SIZE], nv[HG_WARP_SIZE], old[HG_WARP_SIZE];
    uint8_t *ptr[HG_WARP_SIZE];
    hg_mem_addresses(w, in, sp != HG_SP_SHARED, addr);
    if (hg_mem_lanes(w, in, sp, addr, exec, size, 1, ptr) != 0)
        return;
    if (size == 8) {
        hg_load64(w, in->b, b);
        if (cas)
            hg_load64(w, in->c, nv);
    } else {
        const uint32_t *B = hg_row(w, in->b), *C = hg_row(w, in->c);
        LANES {
            b[l] = B[l];
            nv[l] = C[l];
        }
    }
    LANES old[l] = ((exec >> l) & 1) ? atom_lane(ptr[l], op, t, b[l], cas, nv[l]) : 0;
    w->sm->ctr->atomics += (uint64_t)__builtin_popcount(exec);
    if (size == 8) {
        hg_store64(w, in->d, old, exec);
    } else {
        uint32_t o[HG_WARP_SIZE];
        LANES o[l] = (uint32_t)old[l];
        hg_store(hg_row(w, in->d), o, exec);
    }
}

HG_DEF(ATOMG) { atomic(w, in, exec, HG_SP_GLOBAL, 0); }
HG_DEF(ATOMS) { atomic(w, in, exec, HG_SP_SHARED, 0); }
HG_DEF(ATOM) { atomic(w, in, exec, HG_SP_GENERIC, 0); }
HG_DEF(CASG) { atomic(w, in, exec, HG_SP_GLOBAL, 1); }
HG_DEF(CASS) { atomic(w, in, exec, HG_SP_SHARED, 1); }
HG_DEF(CAS) { atomic(w, in, exec, HG_SP_GENERIC, 1); }

HG_DEF(MEMBAR) {
    (void)w, (void)in, (void)exec;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* ---- address conversions ---------------------------------------------------------- */

static uint64_t window_of(unsigned space) {
    return space == HISA_SPACE_SHARED ? HG_SHARED_WINDOW : space == HISA_SPACE_LOCAL ? HG_LOCAL_WINDOW : 0;
}

HG_DEF(CVTA) {
    unsigned space = hisa_mod_get(in->mods, HISA_MG_SPACE);
    uint64_t base = window_of(space), v[HG_WARP_SIZE];
    if (base) {
        const uint32_t *A = hg_row(w, in->a);
        LANES v[l] = base + A[l];
    } else {
        hg_load64(w, in->a, v);
    }
    hg_store64(w, in->d, v, exec);
}

HG_DEF(CVTA_TO) {
    unsigned space = hisa_mod_get(in->mods, HISA_MG_SPACE);
    uint64_t base = window_of(space), v[HG_WARP_SIZE];
    hg_load64(w, in->a, v);
    if (base) {
        uint32_t t[HG_WARP_SIZE];
        LANES t[l] = (uint32_t)(v[l] - base);
        hg_store(hg_row(w, in->d), t, exec);
    } else {
        hg_store64(w, in->d, v, exec);
    }
}

HG_DEF(ISSPACEP) {
    unsigned space = hisa_mod_get(in->mods, HISA_MG_SPACE);
    hg_space want = space == HISA_SPACE_SHARED ? HG_SP_SHARED
                    : space == HISA_SPACE_LOCAL ? HG_SP_LOCAL : HG_SP_GLOBAL;
    uint64_t v[HG_WARP_SIZE];
    hg_load64(w, in->a, v);
    uint32_t m = 0;
    LANES m |= (uint32_t)(hg_mem_window(v[l]) == want) << l;
    hg_set_pred(w, in->pd, m, exec);
}
