/* exec_warp.c -- shuffles, votes, match, active mask and warp reductions.
 * Each .sync instruction first waits until the lanes of its member mask have
 * converged on it (hg_warp_sync), as on Volta and later GPUs. */
#include "exec.h"
#include "handlers.h"

static inline uint32_t member_mask(hg_warp *w, const hg_insn *in, uint32_t exec) {
    return hg_row(w, in->c)[exec ? __builtin_ctz(exec) : 0];
}

typedef enum { SH_IDX, SH_UP, SH_DOWN, SH_BFLY } shfl_mode;

/* PTX shfl semantics: k = clamp | segmask << 8 splits the warp into
 * segments; a source lane outside the lane's segment reads its own value
 * and reports p = false.  Only b[4:0] counts (bval in the PTX pseudocode),
 * so an out-of-range b can still name a valid lane. */
static void shfl(hg_warp *w, const hg_insn *in, uint32_t exec, shfl_mode mode) {
    if (!exec || !hg_warp_sync(w, in, exec, member_mask(w, in, exec)))
        return;
    const uint32_t *A = hg_row(w, in->a), *B = hg_row(w, in->b);
    uint32_t k = in->mods & ((1u << HISA_K_BITS) - 1);
    uint32_t clamp = k & 0x1f, segmask = (k >> 8) & 0x1f;
    uint32_t t[HG_WARP_SIZE], valid = 0;
    LANES {
        uint32_t lane = (uint32_t)l, b = B[l] & 31;
        uint32_t min_lane = lane & segmask, max_lane = min_lane | (clamp & ~segmask);
        int32_t j;
        int ok;
        switch (mode) {
        case SH_UP:
            j = (int32_t)lane - (int32_t)b;
            ok = j >= (int32_t)max_lane;
            break;
        case SH_DOWN:
            j = (int32_t)(lane + b);
            ok = j <= (int32_t)max_lane;
            break;
        case SH_BFLY:
            j = (int32_t)(lane ^ b);
            ok = j <= (int32_t)max_lane;
            break;
        default:
            j = (int32_t)(min_lane | (b & ~segmask));
            ok = j <= (int32_t)max_lane;
            break;
        }
        if (!ok || j < 0 || j > 31)
            j = (int32_t)lane;
        t[l] = A[j];
        valid |= (uint32_t)ok << l;
    }
    hg_store(hg_row(w, in->d), t, exec);
    hg_set_pred(w, in->pd, valid, exec);
}

HG_DEF(SHFL_IDX) { shfl(w, in, exec, SH_IDX); }
HG_DEF(SHFL_UP) { shfl(w, in, exec, SH_UP); }
HG_DEF(SHFL_DOWN) { shfl(w, in, exec, SH_DOWN); }
HG_DEF(SHFL_BFLY) { shfl(w, in, exec, SH_BFLY); }

/* Votes over the lanes of the mask that execute the instruction. */
static int vote_prelude(hg_warp *w, const hg_insn *in, uint32_t exec, uint32_t *lanes, uint32_t *q) {
    uint32_t mask = member_mask(w, in, exec);
    if (!exec || !hg_warp_sync(w, in, exec, mask))
        return 0;
    *lanes = exec & mask;
    *q = hg_pred(w, in->ps, in->psxor) & *lanes;
    return 1;
}

HG_DEF(VOTE_ALL) {
    uint32_t lanes, q;
    if (vote_prelude(w, in, exec, &lanes, &q))
        hg_set_pred(w, in->pd, q == lanes ? HG_FULL : 0, exec);
}
HG_DEF(VOTE_ANY) {
    uint32_t lanes, q;
    if (vote_prelude(w, in, exec, &lanes, &q))
        hg_set_pred(w, in->pd, q ? HG_FULL : 0, exec);
}
HG_DEF(VOTE_UNI) {
    uint32_t lanes, q;
    if (vote_prelude(w, in, exec, &lanes, &q))
        hg_set_pred(w, in->pd, (q == lanes || q == 0) ? HG_FULL : 0, exec);
}
HG_DEF(VOTE_BALLOT) {
    uint32_t lanes, q, t[HG_WARP_SIZE];
    if (!vote_prelude(w, in, exec, &lanes, &q))
        return;
    LANES t[l] = q;
    hg_store(hg_row(w, in->d), t, exec);
}

static void match(hg_warp *w, const hg_insn *in, uint32_t exec, int all, int wide) {
    uint32_t mask = member_mask(w, in, exec);
    if (!exec || !hg_warp_sync(w, in, exec, mask))
        return;
    uint32_t lanes = exec & mask;
    uint64_t v[HG_WARP_SIZE];
    if (wide) {
        hg_load64(w, in->a, v);
    } else {
        const uint32_t *A = hg_row(w, in->a);
        LANES v[l] = A[l];
    }
    uint32_t t[HG_WARP_SIZE], same_all = 1;
    LANES {
        uint32_t m = 0;
        for (int j = 0; j < HG_WARP_SIZE; j++)
            m |= (uint32_t)(((lanes >> j) & 1) && v[j] == v[l]) << j;
        t[l] = m;
        if (((lanes >> l) & 1) && m != lanes)
            same_all = 0;
    }
    if (all) {
        LANES t[l] = same_all ? lanes : 0;
        hg_set_pred(w, in->pd, same_all ? HG_FULL : 0, exec);
    }
    hg_store(hg_row(w, in->d), t, exec);
}

HG_DEF(MATCH_ANY) { match(w, in, exec, 0, 0); }
HG_DEF(MATCH_ALL) { match(w, in, exec, 1, 0); }
HG_DEF(MATCH_ANY64) { match(w, in, exec, 0, 1); }
HG_DEF(MATCH_ALL64) { match(w, in, exec, 1, 1); }

HG_DEF(ACTMASK) {
    uint32_t t[HG_WARP_SIZE];
    LANES t[l] = exec;
    hg_store(hg_row(w, in->d), t, exec);
}

HG_DEF(REDUX) {
    uint32_t mask = member_mask(w, in, exec);
    if (!exec || !hg_warp_sync(w, in, exec, mask))
        return;
    uint32_t lanes = exec & mask;
    const uint32_t *A = hg_row(w, in->a);
    unsigned op = hisa_mod_get(in->mods, HISA_MG_ATOM);
    int uns = hg_is_unsigned(in->mods);
    uint32_t r = 0;
    int first = 1;
    LANES {
        if (!((lanes >> l) & 1))
            continue;
        uint32_t x = A[l];
        if (first) {
            r = x;
            first = 0;
            continue;
        }
        switch (op) {
        case HISA_ATOM_ADD: r += x; break;
        case HISA_ATOM_MIN: r = uns ? (x < r ? x : r) : ((int32_t)x < (int32_t)r ? x : r); break;
        case HISA_ATOM_MAX: r = uns ? (x > r ? x : r) : ((int32_t)x > (int32_t)r ? x : r); break;
        case HISA_ATOM_AND: r &= x; break;
        case HISA_ATOM_OR: r |= x; break;
        case HISA_ATOM_XOR: r ^= x; break;
        default: break;
        }
    }
    uint32_t t[HG_WARP_SIZE];
    LANES t[l] = r;
    hg_store(hg_row(w, in->d), t, exec);
}
