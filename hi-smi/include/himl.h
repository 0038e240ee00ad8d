/*
 * himl.h -- libhiml, the HiGPU Management Library: NVML's shape for HiGPU.
 *
 * A program that knows NVML knows this: himlInit, a device count, handles by
 * index, UUID or PCI bus id, and getters that fill caller-owned structs and
 * return a himlReturn_t.  Names are NVML's with `nvml` -> `himl` where the
 * meaning is the same; what HiGPU adds is marked "HiGPU:".
 *
 * libhiml reads the telemetry block each GPU publishes (higpu/telemetry.h,
 * docs/telemetry.md) from the node's run directory -- $HI_NODE_DIR, else
 * $XDG_RUNTIME_DIR/higpu-node, else /dev/shm/higpu-node-<uid> -- read-only:
 * it never creates a node and is never listed as a process of a GPU.  Every
 * getter reads a fresh consistent copy of the block; nothing is cached
 * except per-process utilisation history for himlDeviceGetProcessUtilization.
 *
 * Power and temperature are modelled from activity (HiGPU has no sensors);
 * docs/telemetry.md gives the model and its constants.
 *
 * Thread safety: every function may be called from any thread between
 * himlInit and the matching himlShutdown.
 */
#ifndef HIML_H
#define HIML_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Explicit values, never reordered; NVML's numbers where NVML has the code. */
typedef enum himlReturn_enum {
    HIML_SUCCESS = 0,
    HIML_ERROR_UNINITIALIZED = 1,
    HIML_ERROR_INVALID_ARGUMENT = 2,
    HIML_ERROR_NOT_SUPPORTED = 3,
    HIML_ERROR_NO_PERMISSION = 4,
    HIML_ERROR_ALREADY_INITIALIZED = 5,
    HIML_ERROR_NOT_FOUND = 6,
    HIML_ERROR_INSUFFICIENT_SIZE = 7,
    HIML_ERROR_DRIVER_NOT_LOADED = 9, /* no HiGPU node in the run directory */
    HIML_ERROR_TIMEOUT = 10,
    HIML_ERROR_GPU_IS_LOST = 15, /* the GPU's files vanished or are unreadable */
    HIML_ERROR_NO_DATA = 26,     /* no process has published telemetry yet */
    HIML_ERROR_UNKNOWN = 999,
} himlReturn_t;

typedef struct himlDevice_st *himlDevice_t;

/* Buffer sizes, as NVML's *_BUFFER_SIZE constants. */
#define HIML_DEVICE_NAME_BUFFER_SIZE           64
#define HIML_DEVICE_UUID_BUFFER_SIZE           80
#define HIML_DEVICE_PCI_BUS_ID_BUFFER_SIZE     32
#define HIML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE 80
#define HIML_FAULT_TEXT_BUFFER_SIZE            256
#define HIML_MAX_LINKS                         16

/* ---- initialisation and errors ---------------------------------------------- */

/* Opens the node of the default run directory.  Reference counted like
 * nvmlInit: each successful call needs one himlShutdown.
 * HIML_ERROR_DRIVER_NOT_LOADED when there is no node (himlErrorDetail says
 * where it looked). */
himlReturn_t himlInit(void);
/* HiGPU: the same for an explicit run directory (NULL: the default). */
himlReturn_t himlInitWithNodeDir(const char *nodeDir);
himlReturn_t himlShutdown(void);
/* A constant string for a return code ("Not Found"). */
const char *himlErrorString(himlReturn_t result);
/* HiGPU: one line about the calling thread's last failure that has more to
 * say than the code (a path, a file:line); "" if none. */
const char *himlErrorDetail(void);

/* ---- system ------------------------------------------------------------------ */

/* The version of libhigpu (the "driver"): "0.1.0". */
himlReturn_t himlSystemGetDriverVersion(char *version, unsigned int length);
himlReturn_t himlSystemGetHimlVersion(char *version, unsigned int length);
/* The HC runtime API level this driver serves, as cudaDriverGetVersion:
 * 1000 * major + 10 * minor (12000 is "12.0"). */
himlReturn_t himlSystemGetHcDriverVersion(int *hcDriverVersion);
/* The command line's first word of a process (its path), else its name. */
himlReturn_t himlSystemGetProcessName(unsigned int pid, char *name, unsigned int length);
/* HiGPU: the node's run directory. */
himlReturn_t himlSystemGetNodeDir(char *dir, unsigned int length);

/* ---- devices ------------------------------------------------------------------- */

himlReturn_t himlDeviceGetCount(unsigned int *deviceCount);
himlReturn_t himlDeviceGetHandleByIndex(unsigned int index, himlDevice_t *device);
/* "GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" */
himlReturn_t himlDeviceGetHandleByUUID(const char *uuid, himlDevice_t *device);
/* "00000000:01:00.0"; the short form "01:00.0" is accepted too. */
himlReturn_t himlDeviceGetHandleByPciBusId(const char *pciBusId, himlDevice_t *device);
himlReturn_t himlDeviceGetIndex(himlDevice_t device, unsigned int *index);
himlReturn_t himlDeviceGetMinorNumber(himlDevice_t device, unsigned int *minorNumber);
himlReturn_t himlDeviceGetName(himlDevice_t device, char *name, unsigned int length);
himlReturn_t himlDeviceGetUUID(himlDevice_t device, char *uuid, unsigned int length);
/* HiGPU: the preset the GPU was made from ("dc", "teach", "ws"). */
himlReturn_t himlDeviceGetPreset(himlDevice_t device, char *preset, unsigned int length);

typedef struct himlPciInfo_st {
    char busId[HIML_DEVICE_PCI_BUS_ID_BUFFER_SIZE]; /* "00000000:01:00.0" */
    unsigned int domain, bus, device;
    unsigned int pciDeviceId;    /* 0 until the QEMU device has one */
    unsigned int pciSubSystemId; /* 0 */
} himlPciInfo_t;
himlReturn_t himlDeviceGetPciInfo(himlDevice_t device, himlPciInfo_t *pci);

/* Capability reported to programs (hcGetDeviceProperties' major.minor). */
himlReturn_t himlDeviceGetHcComputeCapability(himlDevice_t device, int *major, int *minor);
/* HiGPU: streaming multiprocessors. */
himlReturn_t himlDeviceGetMultiprocessorCount(himlDevice_t device, unsigned int *count);

/* ---- memory, utilisation, clocks ---------------------------------------------- */

typedef struct himlMemory_st {
    unsigned long long total, free, used; /* bytes; used = allocation footprints */
} himlMemory_t;
himlReturn_t himlDeviceGetMemoryInfo(himlDevice_t device, himlMemory_t *memory);

typedef struct himlUtilization_st {
    unsigned int gpu;    /* % of the last ~1 s during which a kernel ran */
    unsigned int memory; /* % of it during which a copy engine moved data (the busier one) */
} himlUtilization_t;
himlReturn_t himlDeviceGetUtilizationRates(himlDevice_t device, himlUtilization_t *utilization);

typedef enum himlClockType_enum {
    HIML_CLOCK_GRAPHICS = 0,
    HIML_CLOCK_SM = 1,
    HIML_CLOCK_MEM = 2,
    HIML_CLOCK_VIDEO = 3, /* not modelled: NOT_SUPPORTED */
} himlClockType_t;
himlReturn_t himlDeviceGetClockInfo(himlDevice_t device, himlClockType_t type, unsigned int *mhz);
himlReturn_t himlDeviceGetMaxClockInfo(himlDevice_t device, himlClockType_t type,
                                       unsigned int *mhz);

typedef enum himlPStates_enum {
    HIML_PSTATE_0 = 0,
    HIML_PSTATE_8 = 8,
    HIML_PSTATE_UNKNOWN = 32,
} himlPstates_t;
/* P0 while a process has a context on the GPU or it was busy in the last
 * second; P8 otherwise (idle clocks). */
himlReturn_t himlDeviceGetPerformanceState(himlDevice_t device, himlPstates_t *pState);

typedef enum himlComputeMode_enum { HIML_COMPUTEMODE_DEFAULT = 0 } himlComputeMode_t;
himlReturn_t himlDeviceGetComputeMode(himlDevice_t device, himlComputeMode_t *mode);

/* ---- modelled power and temperature -------------------------------------------- */

/* Modelled board power, milliwatts, averaged over the last ~1 s. */
himlReturn_t himlDeviceGetPowerUsage(himlDevice_t device, unsigned int *power);
/* HiGPU: the same over the last ~100 ms (nvidia-smi's "instantaneous"). */
himlReturn_t himlDeviceGetPowerUsageInstant(himlDevice_t device, unsigned int *power);
himlReturn_t himlDeviceGetEnforcedPowerLimit(himlDevice_t device, unsigned int *limit);
himlReturn_t himlDeviceGetPowerManagementLimit(himlDevice_t device, unsigned int *limit);
himlReturn_t himlDeviceGetPowerManagementDefaultLimit(himlDevice_t device,
                                                      unsigned int *defaultLimit);
himlReturn_t himlDeviceGetPowerManagementLimitConstraints(himlDevice_t device,
                                                          unsigned int *minLimit,
                                                          unsigned int *maxLimit);

typedef enum himlTemperatureSensors_enum { HIML_TEMPERATURE_GPU = 0 } himlTemperatureSensors_t;
/* Modelled die temperature, whole degrees C. */
himlReturn_t himlDeviceGetTemperature(himlDevice_t device, himlTemperatureSensors_t sensor,
                                      unsigned int *temp);
typedef enum himlTemperatureThresholds_enum {
    HIML_TEMPERATURE_THRESHOLD_SHUTDOWN = 0,
    HIML_TEMPERATURE_THRESHOLD_SLOWDOWN = 1,
    HIML_TEMPERATURE_THRESHOLD_MEM_MAX = 2, /* not modelled: NOT_SUPPORTED */
    HIML_TEMPERATURE_THRESHOLD_GPU_MAX = 3,
} himlTemperatureThresholds_t;
himlReturn_t himlDeviceGetTemperatureThreshold(himlDevice_t device,
                                               himlTemperatureThresholds_t thresholdType,
                                               unsigned int *temp);

/* ---- processes ------------------------------------------------------------------ */

typedef struct himlProcessInfo_st {
    unsigned int pid;
    unsigned long long usedGpuMemory; /* bytes */
} himlProcessInfo_t;
/* Live processes with a context or device memory on the GPU.  NVML's
 * protocol: with *infoCount too small (or infos NULL), sets *infoCount to
 * the number needed and returns HIML_ERROR_INSUFFICIENT_SIZE. */
himlReturn_t himlDeviceGetComputeRunningProcesses(himlDevice_t device, unsigned int *infoCount,
                                                  himlProcessInfo_t *infos);

typedef struct himlProcessUtilizationSample_st {
    unsigned int pid;
    unsigned long long timeStamp;  /* CLOCK_MONOTONIC microseconds of the reading */
    unsigned int smUtil;           /* % */
    unsigned int memUtil;          /* % (copy engines) */
    unsigned int encUtil, decUtil; /* always 0 */
} himlProcessUtilizationSample_t;
/* Per-process utilisation over the last ~1 s (each process keeps its own
 * history in the block).  Same size protocol as above; lastSeenTimeStamp is
 * accepted for NVML compatibility and ignored. */
himlReturn_t himlDeviceGetProcessUtilization(himlDevice_t device,
                                             himlProcessUtilizationSample_t *utilization,
                                             unsigned int *processSamplesCount,
                                             unsigned long long lastSeenTimeStamp);

/* ---- topology and links ----------------------------------------------------------- */

/* NVML's topology levels: how far apart two GPUs are. */
typedef enum himlGpuTopologyLevel_enum {
    HIML_TOPOLOGY_INTERNAL = 0, /* the same GPU */
    HIML_TOPOLOGY_SINGLE = 10,
    HIML_TOPOLOGY_MULTIPLE = 20,
    HIML_TOPOLOGY_HOSTBRIDGE = 30, /* through the host: HiGPU's shared-memory peer path */
    HIML_TOPOLOGY_NODE = 40,
    HIML_TOPOLOGY_SYSTEM = 50,
} himlGpuTopologyLevel_t;
himlReturn_t himlDeviceGetTopologyCommonAncestor(himlDevice_t device1, himlDevice_t device2,
                                                 himlGpuTopologyLevel_t *pathInfo);

/* HiGPU: how device reaches GPU peerIndex of the node, and what moved.
 * NVML spreads this over nvmlDeviceGetNvLink*; one struct is simpler. */
typedef enum himlLinkType_enum {
    HIML_LINK_NONE = 0,
    HIML_LINK_SELF = 1,
    HIML_LINK_HOST = 2,   /* peer copies through host shared memory (topo: PHB) */
    HIML_LINK_HILINK = 3, /* a bonded set of `lanes` HiLinks (topo: HL#) */
} himlLinkType_t;
typedef struct himlLinkInfo_st {
    himlLinkType_t type;
    unsigned int lanes;
    unsigned long long txCopies, txBytes; /* this GPU -> peer */
    unsigned long long rxCopies, rxBytes; /* peer -> this GPU */
} himlLinkInfo_t;
himlReturn_t himlDeviceGetLinkInfo(himlDevice_t device, unsigned int peerIndex,
                                   himlLinkInfo_t *info);

/* ---- HiGPU: engines and faults ------------------------------------------------------ */

typedef enum himlCopyDir_enum {
    HIML_COPY_HTOD = 0,
    HIML_COPY_DTOH = 1,
    HIML_COPY_DTOD = 2,
    HIML_COPY_MEMSET = 3,
    HIML_COPY_PEER_TX = 4,
    HIML_COPY_PEER_RX = 5,
    HIML_COPY_DIRS = 6,
} himlCopyDir_t;
typedef enum himlEngine_enum {
    HIML_ENGINE_COMPUTE = 0,
    HIML_ENGINE_COPY0 = 1, /* host-to-device, device-to-device, memset */
    HIML_ENGINE_COPY1 = 2, /* device-to-host */
    HIML_ENGINE_COUNT = 3,
} himlEngine_t;
typedef struct himlEngineCounters_st {
    unsigned long long kernels, kernelFaults;
    unsigned long long copies[HIML_COPY_DIRS], bytes[HIML_COPY_DIRS];
    unsigned long long busyNs[HIML_ENGINE_COUNT]; /* cumulative, summed over processes */
    unsigned int utilization[HIML_ENGINE_COUNT];  /* % over the last ~1 s */
} himlEngineCounters_t;
himlReturn_t himlDeviceGetEngineCounters(himlDevice_t device, himlEngineCounters_t *counters);

typedef struct himlFaultInfo_st {
    unsigned long long count;    /* faults since the GPU's files were created */
    unsigned long long lastTime; /* CLOCK_REALTIME microseconds; 0 if none */
    unsigned int lastPid;
    int lastStatus;                             /* libhigpu hg_status of the last fault */
    char lastText[HIML_FAULT_TEXT_BUFFER_SIZE]; /* one line; "" if none */
} himlFaultInfo_t;
himlReturn_t himlDeviceGetFaultInfo(himlDevice_t device, himlFaultInfo_t *info);

/* HiGPU: the constants of the power and thermal model (docs/telemetry.md). */
typedef struct himlPowerModel_st {
    unsigned int idlePower, powerLimit; /* mW */
    unsigned int smWeight, copyWeight;  /* per mille of the dynamic range */
    int ambient;                        /* m°C */
    unsigned int thermalResistance;     /* m°C per W */
    unsigned int timeConstantMs;
} himlPowerModel_t;
himlReturn_t himlDeviceGetPowerModel(himlDevice_t device, himlPowerModel_t *model);

#ifdef __cplusplus
}
#endif
#endif /* HIML_H */
