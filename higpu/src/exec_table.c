/* exec_table.c -- the handler table of one interpreter variant, generated
 * from hisa.def (this file is compiled once per variant). */
#include "exec.h"

#define HISA_OP(name, mnem, ops, cls, mods, sem) HG_DEF(name);
#include "hisa/hisa.def"

/* Runs when a warp falls off the end of .text. */
HG_DEF(END_OF_TEXT) {
    (void)exec;
    hg_fault_raise(w, in, HG_FAULT_BAD_PC, w->active ? (uint32_t)__builtin_ctz(w->active) : 0, 0,
                   "execution ran past the end of .text (missing EXIT?)");
}

const hg_exec_fn HG_CAT3(hg_exec_table, HG_VARIANT, )[HISA_OP_COUNT + 1] = {
#define HISA_OP(name, mnem, ops, cls, mods, sem) [HISA_OP_##name] = HG_HANDLER(name),
#include "hisa/hisa.def"
    [HISA_OP_COUNT] = HG_HANDLER(END_OF_TEXT),
};
