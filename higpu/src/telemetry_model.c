/* telemetry_model.c -- what the numbers in the telemetry block mean: the
 * utilisation window, the modelled power and temperature, clocks and
 * performance state, the UUID.  Writers and readers share it, so a reader
 * that extrapolates (nobody has written for a while) computes exactly what
 * a writer would have published.  Formulas and constants: docs/telemetry.md.
 */
#define _GNU_SOURCE
#include "telemetry_internal.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- constants per preset ------------------------------------------------ */

typedef struct preset_model {
    const char *preset;
    uint32_t limit_w, min_limit_w, idle_w;
    double rth_c_per_w; /* thermal resistance to ambient */
    uint32_t tau_s;     /* thermal time constant */
    int slowdown_c, shutdown_c, max_operating_c;
} preset_model;

/* Shaped after the parts each preset imitates (docs/gpu-model.md): limits
 * of the real boards, idle power ~10 % of the limit, and a thermal
 * resistance that puts full load in the mid 70s °C at 28 °C inlet air. */
static const preset_model models[] = {
    {"dc", 700, 200, 75, 0.068, 20, 87, 92, 85},
    {"ws", 300, 100, 22, 0.160, 12, 93, 98, 90},
    {"teach", 75, 40, 9, 0.600, 6, 90, 95, 88},
};

enum { AMBIENT_MC = 28000, SM_WEIGHT = 850, COPY_WEIGHT = 150 };

void hg_tm_model_for(const hg_config *cfg, hg_tm_model *m, uint32_t *sm_idle_mhz,
                     uint32_t *mem_idle_mhz) {
    /* Unknown presets scale with the SM count like the known ones. */
    preset_model pm = {NULL, 0, 0, 0, 0, 15, 90, 95, 88};
    pm.limit_w = cfg->sm_count * 53 / 10 > 30 ? cfg->sm_count * 53 / 10 : 30;
    pm.min_limit_w = pm.limit_w * 3 / 10;
    pm.idle_w = pm.limit_w / 9;
    pm.rth_c_per_w = 48.0 / pm.limit_w;
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++)
        if (strcmp(models[i].preset, cfg->preset) == 0)
            pm = models[i];
    memset(m, 0, sizeof *m);
    m->power_limit_mw = pm.limit_w * 1000;
    m->power_min_limit_mw = pm.min_limit_w * 1000;
    m->power_idle_mw = pm.idle_w * 1000;
    m->sm_weight = SM_WEIGHT;
    m->copy_weight = COPY_WEIGHT;
    m->ambient_mc = AMBIENT_MC;
    m->rth_mc_per_w = (uint32_t)(pm.rth_c_per_w * 1000 + 0.5);
    m->tau_ms = pm.tau_s * 1000;
    m->slowdown_mc = pm.slowdown_c * 1000;
    m->shutdown_mc = pm.shutdown_c * 1000;
    m->max_operating_mc = pm.max_operating_c * 1000;
    /* Idle clocks (P8): the SM clock drops to a fifth, on NVIDIA's 15 MHz
     * steps; HBM (wide buses) keeps its clock, GDDR drops to 405 MHz. */
    uint32_t sm = cfg->clock_mhz / 5 / 15 * 15;
    *sm_idle_mhz = sm > 0 ? sm : cfg->clock_mhz;
    *mem_idle_mhz =
        cfg->mem_bus_bits >= 1024 || cfg->mem_clock_mhz < 405 ? cfg->mem_clock_mhz : 405;
}

/* ---- UUID ------------------------------------------------------------------ */

static uint64_t fnv1a(const char *s, uint64_t h) {
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ull;
    }
    return h;
}

static uint64_t mix(uint64_t z) { /* splitmix64's finaliser */
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void hg_tm_make_uuid(const char *node_dir, int index, char *out, size_t len) {
    /* Stable for a node directory and index, different across nodes: the
     * canonical path names the node. */
    char path[PATH_MAX], key[PATH_MAX + 32];
    if (!node_dir || !realpath(node_dir, path))
        snprintf(path, sizeof path, "%s", node_dir ? node_dir : "");
    snprintf(key, sizeof key, "%s#gpu%d", path, index);
    uint64_t hi = mix(fnv1a(key, 0xcbf29ce484222325ull));
    uint64_t lo = mix(fnv1a(key, 0x84222325cbf29ce4ull) ^ hi);
    snprintf(out, len, "GPU-%08x-%04x-%04x-%04x-%012llx", (unsigned)(hi >> 32),
             (unsigned)(hi >> 16) & 0xffff, (unsigned)hi & 0xffff, (unsigned)(lo >> 48),
             (unsigned long long)(lo & 0xffffffffffffull));
}

/* ---- busy time, power, temperature ------------------------------------------ */

int hg_tm_proc_alive(const hg_tm_proc *p) {
    return p->pid > 0 && hg_proc_alive((hg_proc_id){p->pid, p->start});
}

void hg_tm_busy_now(const hg_telemetry *b, uint64_t now, uint64_t busy[HG_TM_ENGINES]) {
    for (int e = 0; e < HG_TM_ENGINES; e++)
        busy[e] = b->eng.busy_ns[e];
    for (int i = 0; i < HG_TM_PROCS; i++) {
        const hg_tm_proc *p = &b->procs[i];
        int open = 0;
        for (int e = 0; e < HG_TM_ENGINES; e++)
            open |= p->running[e] != 0;
        /* An open interval of a process that died never closes: ignore it. */
        if (!p->pid || !open || !hg_tm_proc_alive(p))
            continue;
        for (int e = 0; e < HG_TM_ENGINES; e++)
            if (p->running[e] && now > p->since_ns[e])
                busy[e] += now - p->since_ns[e];
    }
}

static double clamp01(double x) {
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

double hg_tm_power_mw(const hg_tm_model *m, const double u[HG_TM_ENGINES]) {
    double mem = u[HG_TM_ENG_COPY0] > u[HG_TM_ENG_COPY1] ? u[HG_TM_ENG_COPY0] : u[HG_TM_ENG_COPY1];
    double activity =
        clamp01((m->sm_weight * u[HG_TM_ENG_COMPUTE] + m->copy_weight * mem) / 1000.0);
    double idle = m->power_idle_mw, limit = m->power_limit_mw;
    return idle + (limit - idle) * activity;
}

double hg_tm_target_mc(const hg_tm_model *m, double power_mw) {
    /* steady state: ambient + R_th * P (m°C/W * mW / 1000 = m°C) */
    return m->ambient_mc + power_mw * m->rth_mc_per_w / 1000.0;
}

/* Utilisation per engine between a sample and the busy time now. */
static void util_since(const hg_tm_sample *s, uint64_t now, const uint64_t busy[HG_TM_ENGINES],
                       double u[HG_TM_ENGINES]) {
    double dt = now > s->t_ns ? (double)(now - s->t_ns) : 0;
    for (int e = 0; e < HG_TM_ENGINES; e++)
        u[e] =
            dt > 0 && busy[e] > s->busy_ns[e] ? clamp01((double)(busy[e] - s->busy_ns[e]) / dt) : 0;
}

int64_t hg_tm_temp_at(const hg_telemetry *b, uint64_t now, const uint64_t busy[HG_TM_ENGINES]) {
    const hg_tm_thermal *th = &b->thermal;
    if (now <= th->at.t_ns)
        return th->temp_mc;
    /* First-order lag toward the steady state of the average power since
     * the last step: T = Tt + (T0 - Tt) * exp(-dt / tau). */
    double u[HG_TM_ENGINES];
    util_since(&th->at, now, busy, u);
    double target = hg_tm_target_mc(&b->model, hg_tm_power_mw(&b->model, u));
    double dt_ms = (double)(now - th->at.t_ns) / 1e6;
    double tau = b->model.tau_ms ? b->model.tau_ms : 1;
    return (int64_t)llround(target + ((double)th->temp_mc - target) * exp(-dt_ms / tau));
}

/* ---- deriving what a reader shows --------------------------------------------- */

enum { WINDOW_NS = 1000 * 1000 * 1000, INSTANT_NS = 100 * 1000 * 1000 };

/* The newest sample at least `window` old (else the oldest one) of a ring
 * of n slots with `next` samples ever written; NULL if it is empty. */
static const hg_tm_sample *pick(const hg_tm_sample *ring, uint32_t n, uint32_t next, uint64_t now,
                                uint64_t window) {
    const hg_tm_sample *best = NULL, *oldest = NULL;
    uint32_t count = next < n ? next : n;
    for (uint32_t k = 1; k <= count; k++) { /* newest first */
        const hg_tm_sample *s = &ring[(next - k) % n];
        if (s->t_ns > now || s->t_ns == 0)
            continue;
        oldest = s;
        if (!best && now - s->t_ns >= window)
            best = s;
    }
    return best ? best : oldest;
}

static int any_running(const hg_tm_proc *p) {
    for (int e = 0; e < HG_TM_ENGINES; e++)
        if (p->running[e])
            return 1;
    return 0;
}

static void derive_proc(const hg_tm_proc *p, uint64_t now, hg_tm_proc_status *o) {
    memset(o, 0, sizeof *o);
    o->pid = p->pid;
    memcpy(o->name, p->name, sizeof o->name);
    o->name[sizeof o->name - 1] = '\0';
    o->mem_bytes = p->mem_bytes;
    o->contexts = p->contexts;
    o->sticky = p->sticky;
    o->kernels = p->kernels;
    o->copies = p->copies;
    uint64_t busy[HG_TM_ENGINES];
    for (int e = 0; e < HG_TM_ENGINES; e++)
        busy[e] =
            p->busy_ns[e] + (p->running[e] && now > p->since_ns[e] ? now - p->since_ns[e] : 0);
    hg_tm_sample attach = {.t_ns = p->attach_ns};
    const hg_tm_sample *s = pick(p->ring, HG_TM_PROC_RING, p->ring_next, now, WINDOW_NS);
    double u[HG_TM_ENGINES];
    util_since(s ? s : &attach, now, busy, u);
    o->util_sm = u[HG_TM_ENG_COMPUTE];
    o->util_copy =
        u[HG_TM_ENG_COPY0] > u[HG_TM_ENG_COPY1] ? u[HG_TM_ENG_COPY0] : u[HG_TM_ENG_COPY1];
}

void hg_tm_derive(const hg_telemetry *b, uint64_t now, hg_tm_status *out) {
    memset(out, 0, sizeof *out);
    out->now_ns = now;
    uint64_t busy[HG_TM_ENGINES];
    hg_tm_busy_now(b, now, busy);
    memcpy(out->busy_ns, busy, sizeof busy);

    int live_running = 0, live_contexts = 0;
    uint64_t dead_mem = 0;
    for (int i = 0; i < HG_TM_PROCS; i++) {
        const hg_tm_proc *p = &b->procs[i];
        if (!p->pid)
            continue;
        if (!hg_tm_proc_alive(p)) {
            dead_mem += p->mem_bytes; /* freed when the next writer reaps it */
            continue;
        }
        live_running |= any_running(p);
        live_contexts |= p->contexts > 0;
        if (p->contexts > 0 || p->mem_bytes > 0)
            derive_proc(p, now, &out->procs[out->nprocs++]);
    }

    /* Utilisation: busy time over the last second (or whatever history the
     * ring has), per engine; exactly 0 once nothing ran for a whole window. */
    double u[HG_TM_ENGINES] = {0}, ui[HG_TM_ENGINES] = {0};
    int idle = !live_running && b->eng.last_busy_end_ns + WINDOW_NS <= now;
    const hg_tm_sample *s = pick(b->ring, HG_TM_RING, b->ring_next, now, WINDOW_NS);
    const hg_tm_sample *si = pick(b->ring, HG_TM_RING, b->ring_next, now, INSTANT_NS);
    if (s) {
        out->window_ns = now - s->t_ns;
        if (!idle)
            util_since(s, now, busy, u);
    }
    if (si && !(!live_running && b->eng.last_busy_end_ns + INSTANT_NS <= now))
        util_since(si, now, busy, ui);
    for (int e = 0; e < HG_TM_ENGINES; e++)
        out->util_engine[e] = u[e];
    out->util_sm = u[HG_TM_ENG_COMPUTE];
    out->util_mem =
        u[HG_TM_ENG_COPY0] > u[HG_TM_ENG_COPY1] ? u[HG_TM_ENG_COPY0] : u[HG_TM_ENG_COPY1];

    out->power_w = hg_tm_power_mw(&b->model, u) / 1000.0;
    out->power_inst_w = hg_tm_power_mw(&b->model, ui) / 1000.0;
    out->temp_c = (double)hg_tm_temp_at(b, now, busy) / 1000.0;

    out->pstate = live_contexts || !idle ? 0 : 8;
    out->clock_sm_mhz = out->pstate == 0 ? b->id.clock_sm_max_mhz : b->id.clock_sm_idle_mhz;
    out->clock_mem_mhz = out->pstate == 0 ? b->id.clock_mem_max_mhz : b->id.clock_mem_idle_mhz;

    out->mem_used = b->mem_used > dead_mem ? b->mem_used - dead_mem : 0;
    if (out->mem_used > b->id.mem_total)
        out->mem_used = b->id.mem_total;
    out->mem_free = b->id.mem_total - out->mem_used;
}
