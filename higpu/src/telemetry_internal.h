/* telemetry_internal.h -- how the rest of libhigpu feeds the telemetry
 * block (telemetry.c, telemetry_pub.c) and what the writer and the reader
 * share (telemetry_model.c).  Not installed.  docs/telemetry.md. */
#ifndef HIGPU_TELEMETRY_INTERNAL_H
#define HIGPU_TELEMETRY_INTERNAL_H

#include "devmem_internal.h"
#include "higpu/telemetry.h"

/* A context's writer: NULL when publishing is off ($HI_TELEMETRY=0) or the
 * page holds a block this library cannot write; every hook accepts NULL. */
typedef struct hg_tm_writer hg_tm_writer;

/* ---- node and allocator (node.c, devmem.c) -------------------------------- */

/* Initialises the block in a GPU's page unless it already holds one (called
 * while opening the node, under the node's flock).  node_dir names the node
 * for the UUID. */
HG_INTERNAL void hg_tm_init_page(void *page, size_t bytes, int index, int node_gpus,
                                 const hg_config *cfg, const char *node_dir);

/* A process as the allocator knows it. */
typedef struct hg_tm_owner {
    int64_t pid;
    uint64_t start;
    const char *name;
    uint64_t mem_bytes;
} hg_tm_owner;

/* The allocator's view after any change of the process table (the GPU's
 * state mutex held): slots of processes not in the list are freed, the
 * others get their memory and name. */
HG_INTERNAL void hg_tm_publish_procs(void *page, uint64_t used, uint32_t nallocs,
                                     const hg_tm_owner *owners, int n);
/* A cheaper update after one allocation or free by a known owner. */
HG_INTERNAL void hg_tm_publish_alloc(void *page, hg_proc_id owner, int64_t delta, uint32_t nallocs);

/* ---- contexts and engines (ctx.c, engine.c) -------------------------------- */

HG_INTERNAL hg_tm_writer *hg_tm_attach(hg_devmem *m);
HG_INTERNAL void hg_tm_detach(hg_tm_writer *w);
/* An operation starts / ends on engine (HG_ENGINE_*; the host engine is not
 * accounted).  kind is an hg_op_kind; bytes for copies and memset. */
HG_INTERNAL void hg_tm_op_begin(hg_tm_writer *w, int engine, uint64_t t_ns);
HG_INTERNAL void hg_tm_op_end(hg_tm_writer *w, int kind, int engine, uint64_t start_ns,
                              uint64_t end_ns, uint64_t bytes, hg_status st);
/* The context got its sticky error; text is the fault as one line. */
HG_INTERNAL void hg_tm_fault(hg_tm_writer *w, hg_status st, const char *text);

/* ---- the per-process publisher (telemetry_pub.c) ---------------------------- */

/* Adds / removes a writer from the 10 Hz publisher thread's list (the thread
 * starts with the first writer).  After remove returns the thread no longer
 * touches w. */
HG_INTERNAL void hg_tm_pub_add(hg_tm_writer *w);
HG_INTERNAL void hg_tm_pub_remove(hg_tm_writer *w);
/* One publisher tick for w (telemetry.c): history samples, thermal state. */
HG_INTERNAL void hg_tm_tick(hg_tm_writer *w, uint64_t now_ns);

/* ---- the model, shared by writers and readers (telemetry_model.c) ---------- */

/* The model constants and clocks of a preset. */
HG_INTERNAL void hg_tm_model_for(const hg_config *cfg, hg_tm_model *m, uint32_t *sm_idle_mhz,
                                 uint32_t *mem_idle_mhz);
/* "GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" from the node directory and index. */
HG_INTERNAL void hg_tm_make_uuid(const char *node_dir, int index, char *out, size_t len);
/* Cumulative busy time per engine at now: closed intervals plus the open
 * intervals of live processes (self: the caller's identity, known alive). */
HG_INTERNAL void hg_tm_busy_now(const hg_telemetry *b, uint64_t now_ns,
                                uint64_t busy[HG_TM_ENGINES]);
/* Modelled power (mW) for utilisations u[engine] in 0..1. */
HG_INTERNAL double hg_tm_power_mw(const hg_tm_model *m, const double u[HG_TM_ENGINES]);
/* The steady-state temperature (m°C) at a constant power (mW). */
HG_INTERNAL double hg_tm_target_mc(const hg_tm_model *m, double power_mw);
/* The thermal state advanced to now, given cumulative busy time then. */
HG_INTERNAL int64_t hg_tm_temp_at(const hg_telemetry *b, uint64_t now_ns,
                                  const uint64_t busy[HG_TM_ENGINES]);
/* Whether the process of a slot still runs (cached for the caller's pid). */
HG_INTERNAL int hg_tm_proc_alive(const hg_tm_proc *p);

/* ---- test hook ------------------------------------------------------------------ */

/* One edit of the block that sets a recognisable pattern derived from k in
 * several fields (test_telemetry checks readers never see it torn).  With
 * die_mid_edit the process kills itself with SIGKILL half-way through,
 * holding the lock with the generation odd. */
HG_TEST_HOOK void hg__tm_test_write(void *page, uint64_t k, int die_mid_edit);

#endif /* HIGPU_TELEMETRY_INTERNAL_H */
