/* test_props.c -- device count, selection, properties and attributes
 * against the GPU presets, versions.  The node has two GPUs of different
 * presets, the first with its memory overridden. */
#include <string.h>

#include "higpu/config.h"
#include "rt_test.h"

static void check_device(int dev, const char *preset, size_t mem) {
    hg_config c;
    hcDeviceProp p;
    CHECK(hg_config_preset(preset, &c) == HG_OK);
    CHECK_OK(hcGetDeviceProperties(&p, dev));
    CHECK(!strcmp(p.name, c.name));
    CHECK(p.totalGlobalMem == mem);
    CHECK(p.multiProcessorCount == (int)c.sm_count);
    CHECK(p.warpSize == 32);
    CHECK(p.maxThreadsPerBlock == (int)c.max_threads_per_block);
    CHECK(p.maxThreadsDim[0] == 1024 && p.maxThreadsDim[1] == 1024 && p.maxThreadsDim[2] == 64);
    CHECK(p.maxGridSize[0] == 0x7fffffff && p.maxGridSize[1] == 65535 && p.maxGridSize[2] == 65535);
    CHECK(p.sharedMemPerBlock == c.shared_per_block &&
          p.sharedMemPerBlockOptin == c.shared_per_block);
    CHECK(p.sharedMemPerMultiprocessor == c.shared_per_sm);
    CHECK(p.regsPerBlock == (int)c.regs_per_sm && p.regsPerMultiprocessor == (int)c.regs_per_sm);
    CHECK(p.clockRate == (int)c.clock_mhz * 1000);
    CHECK(p.memoryClockRate == (int)c.mem_clock_mhz * 1000);
    CHECK(p.memoryBusWidth == (int)c.mem_bus_bits);
    CHECK(p.l2CacheSize == (int)c.l2_bytes);
    CHECK(p.major == (int)c.compute_major && p.minor == (int)c.compute_minor);
    CHECK(p.maxThreadsPerMultiProcessor == (int)c.max_threads_per_sm);
    CHECK(p.maxBlocksPerMultiProcessor == (int)c.max_blocks_per_sm);
    CHECK(p.unifiedAddressing == 1 && p.asyncEngineCount == 2 && p.concurrentKernels == 0);
    CHECK(p.canMapHostMemory == 0 && p.managedMemory == 0 && p.integrated == 0);
    CHECK(p.pciBusID == dev + 1);

    /* attributes say the same as the properties */
    struct {
        hcDeviceAttr a;
        int want;
    } attrs[] = {
        {hcDevAttrMaxThreadsPerBlock, p.maxThreadsPerBlock},
        {hcDevAttrMaxBlockDimZ, 64},
        {hcDevAttrMaxGridDimX, p.maxGridSize[0]},
        {hcDevAttrMaxSharedMemoryPerBlock, (int)p.sharedMemPerBlock},
        {hcDevAttrWarpSize, 32},
        {hcDevAttrClockRate, p.clockRate},
        {hcDevAttrMultiProcessorCount, p.multiProcessorCount},
        {hcDevAttrComputeCapabilityMajor, p.major},
        {hcDevAttrComputeCapabilityMinor, p.minor},
        {hcDevAttrMaxRegistersPerMultiprocessor, p.regsPerMultiprocessor},
        {hcDevAttrMaxSharedMemoryPerBlockOptin, (int)p.sharedMemPerBlockOptin},
        {hcDevAttrMaxBlocksPerMultiprocessor, p.maxBlocksPerMultiProcessor},
        {hcDevAttrL2CacheSize, p.l2CacheSize},
        {hcDevAttrUnifiedAddressing, 1},
        {hcDevAttrConcurrentKernels, 0},
        {hcDevAttrPciBusId, dev + 1},
    };
    for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++) {
        int v = -1;
        CHECK_OK(hcDeviceGetAttribute(&v, attrs[i].a, dev));
        if (v != attrs[i].want) {
            fprintf(stderr, "attribute %d of device %d is %d, expected %d\n", (int)attrs[i].a, dev,
                    v, attrs[i].want);
            rt_failures++;
        }
    }
    int v;
    CHECK_ERR(hcDeviceGetAttribute(&v, (hcDeviceAttr)1000, dev), hcErrorInvalidValue);
    CHECK_ERR(hcDeviceGetAttribute(NULL, hcDevAttrWarpSize, dev), hcErrorInvalidValue);
}

int main(void) {
    rt_node("gpus = 2\ngpu.0.preset = teach\ngpu.0.memory = 64M\ngpu.1.preset = ws\ngpu.1.memory = "
            "32M\n");
    int n = 0, dev = -1;
    CHECK_OK(hcGetDeviceCount(&n));
    CHECK(n == 2);
    CHECK_OK(hcGetDevice(&dev));
    CHECK(dev == 0);
    check_device(0, "teach", 64ull << 20);
    check_device(1, "ws", 32ull << 20);

    hcDeviceProp a, b, a2;
    CHECK_OK(hcGetDeviceProperties(&a, 0));
    CHECK_OK(hcGetDeviceProperties(&b, 1));
    CHECK_OK(hcGetDeviceProperties(&a2, 0));
    CHECK(memcmp(a.uuid.bytes, a2.uuid.bytes, 16) == 0); /* stable */
    CHECK(memcmp(a.uuid.bytes, b.uuid.bytes, 16) != 0);  /* and distinct */
    CHECK_ERR(hcGetDeviceProperties(&a, 2), hcErrorInvalidDevice);
    CHECK_ERR(hcGetDeviceProperties(NULL, 0), hcErrorInvalidValue);

    CHECK_ERR(hcSetDevice(2), hcErrorInvalidDevice);

    /* limits: the fixed 1 KB stack (a larger request is accepted), the
     * unsupported ones refused with CUDA's error */
    size_t lim = 0;
    CHECK_OK(hcDeviceGetLimit(&lim, hcLimitStackSize));
    CHECK(lim == 1024);
    CHECK_OK(hcDeviceSetLimit(hcLimitStackSize, 512));
    CHECK_OK(hcDeviceGetLimit(&lim, hcLimitPrintfFifoSize));
    CHECK(lim == 1u << 20);
    CHECK_ERR(hcDeviceSetLimit(hcLimitMallocHeapSize, 1 << 20), hcErrorUnsupportedLimit);
    CHECK_ERR(hcDeviceGetLimit(&lim, hcLimitDevRuntimeSyncDepth), hcErrorUnsupportedLimit);
    CHECK_ERR(hcDeviceGetLimit(NULL, hcLimitStackSize), hcErrorInvalidValue);
    CHECK_ERR(hcSetDevice(-1), hcErrorInvalidDevice);
    CHECK_OK(hcSetDevice(1));
    CHECK_OK(hcGetDevice(&dev));
    CHECK(dev == 1);
    size_t free_b, total;
    CHECK_OK(hcMemGetInfo(&free_b, &total));
    CHECK(total == 32ull << 20); /* the current device's */

    int drv = 0, rt = 0;
    CHECK_OK(hcDriverGetVersion(&drv));
    CHECK_OK(hcRuntimeGetVersion(&rt));
    CHECK(drv == HCRT_VERSION && rt == 12000);
    return rt_finish("test_props");
}
