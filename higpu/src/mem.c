/* mem.c -- address resolution and checking for every device memory access. */
#include "mem.h"

#include <stdio.h>

hg_space hg_mem_window(uint64_t addr) {
    if (addr - HG_SHARED_WINDOW < HG_WINDOW_SIZE)
        return HG_SP_SHARED;
    if (addr - HG_LOCAL_WINDOW < HG_WINDOW_SIZE)
        return HG_SP_LOCAL;
    return HG_SP_GLOBAL;
}

void hg_mem_addresses(hg_warp *w, const hg_insn *in, int wide, uint64_t *addr) {
    const uint32_t *lo = hg_row(w, in->a);
    if (wide) {
        const uint32_t *hi = hg_row(w, in->a + 1);
        LANES addr[l] = ((uint64_t)hi[l] << 32 | lo[l]) + (uint64_t)(int64_t)in->immc;
    } else {
        LANES addr[l] = (uint64_t)lo[l] + (uint64_t)(int64_t)in->immc;
    }
}

static const char *space_name(hg_space s) {
    static const char *const names[] = {"global", "shared", "local", "param", "const", "generic"};
    return names[s];
}

/* Number of distinct 32-byte sectors the lanes touch (aligned accesses of
 * at most 16 bytes never straddle a sector). */
static uint32_t count_sectors(const uint64_t *addr, uint32_t exec) {
    if (exec == 0xffffffffu) { /* full warp, usually in address order: one pass */
        uint32_t count = 1, sorted = 1;
        for (int l = 1; l < HG_WARP_SIZE; l++) {
            uint64_t a = addr[l] >> 5, b = addr[l - 1] >> 5;
            count += a != b;
            sorted &= a >= b;
        }
        if (sorted)
            return count;
    }
    uint64_t s[HG_WARP_SIZE];
    int n = 0, sorted = 1;
    for (int l = 0; l < HG_WARP_SIZE; l++) {
        if (!((exec >> l) & 1))
            continue;
        s[n] = addr[l] >> 5;
        if (n && s[n] < s[n - 1])
            sorted = 0;
        n++;
    }
    if (!sorted) {
        for (int i = 1; i < n; i++) {
            uint64_t v = s[i];
            int j = i;
            for (; j > 0 && s[j - 1] > v; j--)
                s[j] = s[j - 1];
            s[j] = v;
        }
    }
    uint32_t count = 0;
    for (int i = 0; i < n; i++)
        count += i == 0 || s[i] != s[i - 1];
    return count;
}

/* Shared-memory wavefronts: 32 banks of 4 bytes; lanes touching distinct
 * words of one bank serialise, the same word broadcasts.  8- and 16-byte
 * accesses are split into half- and quarter-warp phases, as on hardware. */
static uint32_t shared_wavefronts(const uint64_t *addr, uint32_t exec, unsigned size) {
    unsigned words = size < 4 ? 1 : size / 4;
    unsigned per_phase = HG_WARP_SIZE / words;
    uint32_t total = 0;
    for (unsigned base = 0; base < HG_WARP_SIZE; base += per_phase) {
        uint32_t bankword[32][HG_WARP_SIZE];
        uint8_t count[32] = {0};
        uint32_t worst = 0;
        for (unsigned l = base; l < base + per_phase; l++) {
            if (!((exec >> l) & 1))
                continue;
            for (unsigned k = 0; k < words; k++) {
                uint32_t word = (uint32_t)(addr[l] >> 2) + k, bank = word & 31, seen = 0;
                for (unsigned i = 0; i < count[bank]; i++)
                    seen |= bankword[bank][i] == word;
                if (!seen) {
                    bankword[bank][count[bank]++] = word;
                    if (count[bank] > worst)
                        worst = count[bank];
                }
            }
        }
        total += worst;
    }
    return total;
}

static int fault_oob(hg_warp *w, const hg_insn *in, int lane, hg_space sp, uint64_t a,
                     unsigned size, const char *why) {
    const hisa_info *info = hisa_info_of(in->op);
    hg_fault_raise(w, in, HG_FAULT_OUT_OF_BOUNDS, (uint32_t)lane, a,
                   "%s: %u-byte %s access at 0x%llx %s", info->mnemonic, size, space_name(sp),
                   (unsigned long long)a, why);
    return -1;
}

/* Is [lo, hi) inside one of the allocations this SM validated recently? */
static inline int in_cached_range(const hg_smrun *sm, uint64_t lo, uint64_t hi) {
    for (int k = 0; k < HG_RANGE_CACHE; k++)
        if (lo >= sm->range_lo[k] && hi <= sm->range_hi[k])
            return 1;
    return 0;
}

/* An access to the memory of a peer GPU whose access was enabled
 * (hg_ctx_set_peer_access): checked against that GPU's allocations, not
 * cached (peer traffic is the exception).  NULL if a is not such memory. */
static uint8_t *peer_ptr(const hg_launch_ctx *lc, uint64_t a, unsigned size) {
    if (!lc->peer_mask || a < HG_GLOBAL_BASE)
        return NULL;
    uint64_t gpu = (a - HG_GLOBAL_BASE) / HG_GLOBAL_STRIDE;
    if (gpu >= 32 || !((lc->peer_mask >> gpu) & 1))
        return NULL;
    hg_devmem *m = hg_node_devmem(lc->node, (int)gpu);
    uint64_t off = a - HG_GLOBAL_BASE - gpu * HG_GLOBAL_STRIDE, base, len;
    if (!m || off + size > hg_devmem_size(m) || hg_devmem_find(m, off, size, &base, &len) != HG_OK)
        return NULL;
    return hg_devmem_base(m) + off;
}

/* Global address check: inside this GPU's memory and inside one live
 * allocation.  Recently validated allocations are cached per SM run. */
static uint8_t *global_ptr(hg_warp *w, const hg_insn *in, int lane, hg_space sp, uint64_t a,
                           unsigned size) {
    hg_smrun *sm = w->sm;
    const hg_launch_ctx *lc = sm->lc;
    if (HG_LIKELY(in_cached_range(sm, a, a + size)))
        return lc->mem + (a - lc->mem_base);
    if (a < lc->mem_base || a - lc->mem_base + size > lc->mem_size) {
        uint8_t *p = peer_ptr(lc, a, size);
        if (!p)
            fault_oob(w, in, lane, sp, a, size, "is outside device memory");
        return p;
    }
    uint64_t base, len;
    if (hg_devmem_find(lc->devmem, a - lc->mem_base, size, &base, &len) != HG_OK) {
        fault_oob(w, in, lane, sp, a, size, "is not inside any allocation");
        return NULL;
    }
    uint32_t k = sm->range_next++ % HG_RANGE_CACHE;
    sm->range_lo[k] = lc->mem_base + base;
    sm->range_hi[k] = sm->range_lo[k] + len;
    return lc->mem + (a - lc->mem_base);
}

static void count_global(hg_counters *c, const uint64_t *addr, uint32_t exec, unsigned size, int is_store) {
    uint32_t n = hg_popc(exec), sectors = count_sectors(addr, exec);
    if (is_store) {
        c->gst_requests++;
        c->gst_sectors += sectors;
        c->gst_bytes += (uint64_t)n * size;
    } else {
        c->gld_requests++;
        c->gld_sectors += sectors;
        c->gld_bytes += (uint64_t)n * size;
    }
}

/* The common case, checked for the whole warp at once: a full warp whose
 * addresses are all global, aligned, and inside the allocation the SM
 * validated last.  Returns 0 when it does not apply. */
static int global_fast(hg_warp *w, hg_space space, const uint64_t *addr, uint32_t exec, unsigned size,
                       int is_store, uint8_t **ptr) {
    hg_smrun *sm = w->sm;
    if (exec != 0xffffffffu || !(space == HG_SP_GLOBAL || space == HG_SP_CONST || space == HG_SP_GENERIC))
        return 0;
    uint64_t lo = addr[0], hi = addr[0], any = 0;
    for (int l = 0; l < HG_WARP_SIZE; l++) {
        lo = addr[l] < lo ? addr[l] : lo;
        hi = addr[l] > hi ? addr[l] : hi;
        any |= addr[l];
    }
    /* generic addresses at or above the global base are never in a window */
    if ((any & (size - 1)) || !in_cached_range(sm, lo, hi + size) ||
        (space == HG_SP_GENERIC && lo < HG_GLOBAL_BASE))
        return 0;
    const hg_launch_ctx *lc = sm->lc;
    uint8_t *base = lc->mem - lc->mem_base; /* host address of device address 0 */
    for (int l = 0; l < HG_WARP_SIZE; l++)
        ptr[l] = base + addr[l];
    count_global(sm->ctr, addr, exec, size, is_store);
    return 1;
}

const uint8_t *hg_mem_uniform_load(hg_warp *w, hg_space space, const uint64_t *addr, unsigned size) {
    if (!(space == HG_SP_GLOBAL || space == HG_SP_CONST || space == HG_SP_GENERIC))
        return NULL; /* shared, local and parameter loads never scan for it */
    uint64_t a = addr[0], diff = 0;
    for (int l = 1; l < HG_WARP_SIZE; l++)
        diff |= addr[l] ^ a;
    hg_smrun *sm = w->sm;
    if (diff || (a & (size - 1)) || (space == HG_SP_GENERIC && a < HG_GLOBAL_BASE) ||
        !in_cached_range(sm, a, a + size))
        return NULL;
    hg_counters *c = sm->ctr;
    c->gld_requests++;
    c->gld_sectors++;
    c->gld_bytes += (uint64_t)HG_WARP_SIZE * size;
    return sm->lc->mem + (a - sm->lc->mem_base);
}

int hg_mem_lanes(hg_warp *w, const hg_insn *in, hg_space space, const uint64_t *addr,
                 uint32_t exec, unsigned size, int is_store, uint8_t **ptr) {
    if (global_fast(w, space, addr, exec, size, is_store, ptr))
        return 0;
    hg_counters *c = w->sm->ctr;
    const hg_launch_ctx *lc = w->sm->lc;
    hg_space common = (hg_space)-1;
    for (int l = 0; l < HG_WARP_SIZE; l++) {
        if (!((exec >> l) & 1))
            continue;
        uint64_t a = addr[l];
        hg_space sp = space == HG_SP_GENERIC ? hg_mem_window(a) : space;
        if (a & (size - 1)) {
            const hisa_info *info = hisa_info_of(in->op);
            hg_fault_raise(w, in, HG_FAULT_MISALIGNED, (uint32_t)l, a,
                           "%s: %u-byte %s access at 0x%llx is not %u-byte aligned",
                           info->mnemonic, size, space_name(sp), (unsigned long long)a, size);
            return -1;
        }
        switch (sp) {
        case HG_SP_GLOBAL:
        case HG_SP_CONST:
            ptr[l] = global_ptr(w, in, l, sp, a, size);
            if (!ptr[l])
                return -1;
            break;
        case HG_SP_SHARED: {
            uint64_t off = space == HG_SP_GENERIC ? a - HG_SHARED_WINDOW : a;
            if (off + size > w->cta->shared_bytes)
                return fault_oob(w, in, l, sp, a, size, "is beyond the block's shared memory");
            ptr[l] = w->cta->shared + off;
            break;
        }
        case HG_SP_LOCAL: {
            uint64_t off = space == HG_SP_GENERIC ? a - HG_LOCAL_WINDOW : a;
            if (off + size > w->local_bytes)
                return fault_oob(w, in, l, sp, a, size, "is beyond the thread's local memory");
            ptr[l] = w->local + (size_t)l * w->local_bytes + off;
            break;
        }
        case HG_SP_PARAM:
            if (a + size > lc->params_size) {
                const hisa_info *info = hisa_info_of(in->op);
                hg_fault_raise(w, in, HG_FAULT_BAD_PARAM, (uint32_t)l, a,
                               "%s: parameter read at offset %llu past the %u-byte parameter buffer",
                               info->mnemonic, (unsigned long long)a, lc->params_size);
                return -1;
            }
            ptr[l] = (uint8_t *)lc->params + a;
            break;
        default:
            break;
        }
        if (common == (hg_space)-1)
            common = sp;
        else if (common != sp)
            common = HG_SP_GENERIC; /* mixed windows: counted as global below */
    }
    if (!exec)
        return 0;
    if (common == HG_SP_SHARED) {
        c->shared_requests++;
        c->shared_wavefronts += shared_wavefronts(addr, exec, size);
    } else if (common == HG_SP_GLOBAL || common == HG_SP_GENERIC) {
        count_global(c, addr, exec, size, is_store);
    }
    return 0;
}
