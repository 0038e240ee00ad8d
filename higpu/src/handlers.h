/* handlers.h -- small helpers shared by the instruction handlers (exec_*.c). */
#ifndef HIGPU_HANDLERS_H
#define HIGPU_HANDLERS_H

#include "exec.h"

/* .U8/.U16/.U32/.U64 select unsigned semantics; anything else is signed. */
static inline int hg_is_unsigned(uint16_t mods) {
    switch (hisa_mod_get(mods, HISA_MG_TYPE)) {
    case HISA_T_U8: case HISA_T_U16: case HISA_T_U32: case HISA_T_U64: return 1;
    default: return 0;
    }
}

/* The .AND/.OR/.XOR combination of a comparison with predicate q. */
static inline uint32_t hg_combine(const hg_warp *w, const hg_insn *in, uint32_t m) {
    uint32_t q = hg_pred(w, in->ps, in->psxor);
    switch (hisa_mod_get(in->mods, HISA_MG_BOOL)) {
    case HISA_BOOL_OR: return m | q;
    case HISA_BOOL_XOR: return m ^ q;
    default: return m & q;
    }
}

static inline float hg_f32(uint32_t u) {
    float f;
    memcpy(&f, &u, 4);
    return f;
}
static inline uint32_t hg_u32(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}
static inline double hg_f64(uint64_t u) {
    double f;
    memcpy(&f, &u, 8);
    return f;
}
static inline uint64_t hg_u64(double f) {
    uint64_t u;
    memcpy(&u, &f, 8);
    return u;
}

#endif
