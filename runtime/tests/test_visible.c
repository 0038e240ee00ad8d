/* test_visible.c -- HI_VISIBLE_DEVICES selects and renumbers the node's
 * GPUs like CUDA_VISIBLE_DEVICES.  The node has three GPUs of different
 * presets; the arguments are the node GPUs expected as devices 0, 1, ...
 * (none: no device is visible). */
#include <string.h>

#include "rt_test.h"

static const char *const names[] = {"HiGPU Teach-4", "HiGPU WS-84", "HiGPU DC-132"};

int main(int argc, char **argv) {
    rt_node("gpus = 3\ngpu.0.preset = teach\ngpu.1.preset = ws\ngpu.2.preset = dc\n"
            "gpu.0.memory = 16M\ngpu.1.memory = 16M\ngpu.2.memory = 16M\n");
    int want = argc - 1, n = -1;
    if (want == 0) {
        void *p;
        CHECK_ERR(hcGetDeviceCount(&n), hcErrorNoDevice);
        CHECK(n == 0);
        CHECK_ERR(hcMalloc(&p, 16), hcErrorNoDevice);
        CHECK_ERR(hcSetDevice(0), hcErrorNoDevice);
        return rt_finish("test_visible");
    }
    CHECK_OK(hcGetDeviceCount(&n));
    CHECK(n == want);
    for (int dev = 0; dev < n && dev < want; dev++) {
        int gpu = atoi(argv[dev + 1]);
        hcDeviceProp p;
        CHECK_OK(hcGetDeviceProperties(&p, dev));
        CHECK(!strcmp(p.name, names[gpu]));
        /* memory of device dev is node GPU gpu's */
        void *d;
        CHECK_OK(hcSetDevice(dev));
        CHECK_OK(hcMalloc(&d, 16));
        uint64_t a = (uint64_t)(uintptr_t)d;
        CHECK((a - 0x0000100000000000ull) / 0x0000010000000000ull == (uint64_t)gpu);
        hcPointerAttributes at;
        CHECK_OK(hcPointerGetAttributes(&at, d));
        CHECK(at.device == dev);
        CHECK_OK(hcFree(d));
    }
    CHECK_ERR(hcSetDevice(n), hcErrorInvalidDevice);
    return rt_finish("test_visible");
}
