/* himl_device.c -- per-device getters: identity, memory, utilisation,
 * clocks, performance state, the modelled power and temperature, engine
 * counters and faults.  Each reads one fresh copy of the GPU's block. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "himl_internal.h"

/* The boilerplate of every getter: check the out-pointer, take a snapshot,
 * run the body with `s` (himl_snap *), release. */
#define WITH_SNAP(dev, derive, out_ok, body)                                                       \
    do {                                                                                           \
        if (!(out_ok))                                                                             \
            return HIML_ERROR_INVALID_ARGUMENT;                                                    \
        himl_snap *s;                                                                              \
        himlReturn_t r_ = himl_acquire(dev, derive, &s);                                           \
        if (r_ != HIML_SUCCESS)                                                                    \
            return r_;                                                                             \
        body;                                                                                      \
        himl_release(s);                                                                           \
        return r_;                                                                                 \
    } while (0)

/* ---- identity --------------------------------------------------------------- */

HIML_API himlReturn_t himlDeviceGetIndex(himlDevice_t d, unsigned int *index) {
    WITH_SNAP(d, 0, index, *index = s->b.id.index);
}

HIML_API himlReturn_t himlDeviceGetMinorNumber(himlDevice_t d, unsigned int *minor) {
    WITH_SNAP(d, 0, minor, *minor = s->b.id.index);
}

HIML_API himlReturn_t himlDeviceGetName(himlDevice_t d, char *name, unsigned int length) {
    WITH_SNAP(d, 0, name, r_ = himl_copy_str(name, length, s->b.id.name));
}

HIML_API himlReturn_t himlDeviceGetUUID(himlDevice_t d, char *uuid, unsigned int length) {
    WITH_SNAP(d, 0, uuid, r_ = himl_copy_str(uuid, length, s->b.id.uuid));
}

HIML_API himlReturn_t himlDeviceGetPreset(himlDevice_t d, char *preset, unsigned int length) {
    WITH_SNAP(d, 0, preset, r_ = himl_copy_str(preset, length, s->b.id.preset));
}

HIML_API himlReturn_t himlDeviceGetPciInfo(himlDevice_t d, himlPciInfo_t *pci) {
    WITH_SNAP(d, 0, pci, {
        memset(pci, 0, sizeof *pci);
        snprintf(pci->busId, sizeof pci->busId, "%s", s->b.id.bus_id);
        pci->domain = s->b.id.pci_domain;
        pci->bus = s->b.id.pci_bus;
        pci->device = s->b.id.pci_device;
        pci->pciDeviceId = s->b.id.pci_device_id;
    });
}

HIML_API himlReturn_t himlDeviceGetHcComputeCapability(himlDevice_t d, int *major, int *minor) {
    WITH_SNAP(d, 0, major && minor, {
        *major = (int)s->b.id.compute_major;
        *minor = (int)s->b.id.compute_minor;
    });
}

HIML_API himlReturn_t himlDeviceGetMultiprocessorCount(himlDevice_t d, unsigned int *count) {
    WITH_SNAP(d, 0, count, *count = s->b.id.sm_count);
}

HIML_API himlReturn_t himlDeviceGetComputeMode(himlDevice_t d, himlComputeMode_t *mode) {
    WITH_SNAP(d, 0, mode, *mode = HIML_COMPUTEMODE_DEFAULT);
}

/* ---- memory, utilisation, clocks ---------------------------------------------- */

HIML_API himlReturn_t himlDeviceGetMemoryInfo(himlDevice_t d, himlMemory_t *m) {
    WITH_SNAP(d, 1, m, {
        m->total = s->b.id.mem_total;
        m->used = s->s.mem_used;
        m->free = s->s.mem_free;
    });
}

HIML_API himlReturn_t himlDeviceGetUtilizationRates(himlDevice_t d, himlUtilization_t *u) {
    WITH_SNAP(d, 1, u, {
        u->gpu = himl_percent(s->s.util_sm);
        u->memory = himl_percent(s->s.util_mem);
    });
}

static himlReturn_t clock_of(const himl_snap *s, himlClockType_t type, int max, unsigned *mhz) {
    switch (type) {
    case HIML_CLOCK_GRAPHICS:
    case HIML_CLOCK_SM:
        *mhz = max ? s->b.id.clock_sm_max_mhz : s->s.clock_sm_mhz;
        return HIML_SUCCESS;
    case HIML_CLOCK_MEM:
        *mhz = max ? s->b.id.clock_mem_max_mhz : s->s.clock_mem_mhz;
        return HIML_SUCCESS;
    case HIML_CLOCK_VIDEO: return HIML_ERROR_NOT_SUPPORTED;
    }
    return HIML_ERROR_INVALID_ARGUMENT;
}

HIML_API himlReturn_t himlDeviceGetClockInfo(himlDevice_t d, himlClockType_t type,
                                             unsigned int *mhz) {
    WITH_SNAP(d, 1, mhz, r_ = clock_of(s, type, 0, mhz));
}

HIML_API himlReturn_t himlDeviceGetMaxClockInfo(himlDevice_t d, himlClockType_t type,
                                                unsigned int *mhz) {
    WITH_SNAP(d, 0, mhz, r_ = clock_of(s, type, 1, mhz));
}

HIML_API himlReturn_t himlDeviceGetPerformanceState(himlDevice_t d, himlPstates_t *p) {
    WITH_SNAP(d, 1, p, *p = s->s.pstate == 0 ? HIML_PSTATE_0 : HIML_PSTATE_8);
}

/* ---- modelled power and temperature --------------------------------------------- */

static unsigned mw(double w) {
    return w <= 0 ? 0 : (unsigned)(w * 1000 + 0.5);
}

HIML_API himlReturn_t himlDeviceGetPowerUsage(himlDevice_t d, unsigned int *power) {
    WITH_SNAP(d, 1, power, *power = mw(s->s.power_w));
}

HIML_API himlReturn_t himlDeviceGetPowerUsageInstant(himlDevice_t d, unsigned int *power) {
    WITH_SNAP(d, 1, power, *power = mw(s->s.power_inst_w));
}

HIML_API himlReturn_t himlDeviceGetEnforcedPowerLimit(himlDevice_t d, unsigned int *limit) {
    WITH_SNAP(d, 0, limit, *limit = s->b.model.power_limit_mw);
}

HIML_API himlReturn_t himlDeviceGetPowerManagementLimit(himlDevice_t d, unsigned int *limit) {
    WITH_SNAP(d, 0, limit, *limit = s->b.model.power_limit_mw);
}

HIML_API himlReturn_t himlDeviceGetPowerManagementDefaultLimit(himlDevice_t d,
                                                               unsigned int *limit) {
    WITH_SNAP(d, 0, limit, *limit = s->b.model.power_limit_mw);
}

HIML_API himlReturn_t himlDeviceGetPowerManagementLimitConstraints(himlDevice_t d,
                                                                   unsigned int *minLimit,
                                                                   unsigned int *maxLimit) {
    WITH_SNAP(d, 0, minLimit && maxLimit, {
        *minLimit = s->b.model.power_min_limit_mw;
        *maxLimit = s->b.model.power_limit_mw;
    });
}

HIML_API himlReturn_t himlDeviceGetPowerModel(himlDevice_t d, himlPowerModel_t *m) {
    WITH_SNAP(d, 0, m, {
        const hg_tm_model *pm = &s->b.model;
        m->idlePower = pm->power_idle_mw;
        m->powerLimit = pm->power_limit_mw;
        m->smWeight = pm->sm_weight;
        m->copyWeight = pm->copy_weight;
        m->ambient = pm->ambient_mc;
        m->thermalResistance = pm->rth_mc_per_w;
        m->timeConstantMs = pm->tau_ms;
    });
}

HIML_API himlReturn_t himlDeviceGetTemperature(himlDevice_t d, himlTemperatureSensors_t sensor,
                                               unsigned int *temp) {
    WITH_SNAP(d, 1, temp, {
        if (sensor != HIML_TEMPERATURE_GPU)
            r_ = HIML_ERROR_INVALID_ARGUMENT;
        else
            *temp = s->s.temp_c <= 0 ? 0 : (unsigned)(s->s.temp_c + 0.5);
    });
}

HIML_API himlReturn_t himlDeviceGetTemperatureThreshold(himlDevice_t d,
                                                        himlTemperatureThresholds_t type,
                                                        unsigned int *temp) {
    WITH_SNAP(d, 0, temp, {
        const hg_tm_model *m = &s->b.model;
        switch (type) {
        case HIML_TEMPERATURE_THRESHOLD_SHUTDOWN: *temp = (unsigned)m->shutdown_mc / 1000; break;
        case HIML_TEMPERATURE_THRESHOLD_SLOWDOWN: *temp = (unsigned)m->slowdown_mc / 1000; break;
        case HIML_TEMPERATURE_THRESHOLD_GPU_MAX:
            *temp = (unsigned)m->max_operating_mc / 1000;
            break;
        case HIML_TEMPERATURE_THRESHOLD_MEM_MAX: r_ = HIML_ERROR_NOT_SUPPORTED; break;
        default: r_ = HIML_ERROR_INVALID_ARGUMENT; break;
        }
    });
}

/* ---- engines and faults ------------------------------------------------------------ */

HIML_API himlReturn_t himlDeviceGetEngineCounters(himlDevice_t d, himlEngineCounters_t *c) {
    WITH_SNAP(d, 1, c, {
        memset(c, 0, sizeof *c);
        const hg_tm_counters *e = &s->b.eng;
        c->kernels = e->kernels;
        c->kernelFaults = e->kernel_faults;
        for (int i = 0; i < HIML_COPY_DIRS; i++) {
            c->copies[i] = e->copies[i];
            c->bytes[i] = e->bytes[i];
        }
        for (int i = 0; i < HIML_ENGINE_COUNT; i++) {
            c->busyNs[i] = s->s.busy_ns[i];
            c->utilization[i] = himl_percent(s->s.util_engine[i]);
        }
    });
}

HIML_API himlReturn_t himlDeviceGetFaultInfo(himlDevice_t d, himlFaultInfo_t *f) {
    WITH_SNAP(d, 0, f, {
        memset(f, 0, sizeof *f);
        const hg_tm_faults *t = &s->b.fault;
        f->count = t->count;
        f->lastTime = t->last_ns / 1000;
        f->lastPid = (unsigned)t->last_pid;
        f->lastStatus = (int)t->last_status;
        snprintf(f->lastText, sizeof f->lastText, "%.*s", (int)sizeof t->last_text, t->last_text);
    });
}
