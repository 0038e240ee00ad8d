/* test_himl.c -- libhiml's contract, NVML's: calls before himlInit fail
 * with UNINITIALIZED, init is reference counted, no node is
 * DRIVER_NOT_LOADED with a detail naming the directory, handles by index,
 * UUID and bus id (long and short forms), bad handles and arguments,
 * buffers too small, the size protocol of the process list, and that
 * opening the node with libhiml registers nothing and creates nothing. */
#include "smi_test.h" /* first: it defines _GNU_SOURCE */

#include "higpu/node.h"
#include "himl.h"

static void test_uninitialized(void) {
    unsigned n;
    himlDevice_t d;
    char buf[64];
    CHECK(himlDeviceGetCount(&n) == HIML_ERROR_UNINITIALIZED);
    CHECK(himlDeviceGetHandleByIndex(0, &d) == HIML_ERROR_UNINITIALIZED);
    CHECK(himlSystemGetNodeDir(buf, sizeof buf) == HIML_ERROR_UNINITIALIZED);
    CHECK(himlShutdown() == HIML_ERROR_UNINITIALIZED);
    CHECK(strcmp(himlErrorString(HIML_ERROR_UNINITIALIZED), "Uninitialized") == 0);
    CHECK(strcmp(himlErrorString((himlReturn_t)12345), "Unknown Error") == 0);
    /* the driver's own facts need no node */
    CHECK(himlSystemGetDriverVersion(buf, sizeof buf) == HIML_SUCCESS && buf[0]);
    CHECK(himlSystemGetDriverVersion(buf, 2) == HIML_ERROR_INSUFFICIENT_SIZE);
    int v = 0;
    CHECK(himlSystemGetHcDriverVersion(&v) == HIML_SUCCESS && v >= 12000);
}

static void test_no_node(void) {
    char dir[256], absent[512];
    make_run_dir(dir, sizeof dir);
    snprintf(absent, sizeof absent, "%s/none", dir);
    CHECK(himlInitWithNodeDir(absent) == HIML_ERROR_DRIVER_NOT_LOADED);
    CHECK(strstr(himlErrorDetail(), absent) != NULL);
    CHECK(access(absent, F_OK) != 0);
    setenv("HI_NODE_DIR", absent, 1);
    CHECK(himlInit() == HIML_ERROR_DRIVER_NOT_LOADED);
    unsetenv("HI_NODE_DIR");
    remove_tree(dir);
}

static void test_handles_and_getters(void) {
    char dir[256], conf[600];
    make_run_dir(dir, sizeof dir);
    snprintf(conf, sizeof conf, "%s/node.conf", dir);
    write_file(conf, "gpus = 3\npreset = teach\ngpu.2.preset = dc\n"
                     "gpu.0.memory = 1M\ngpu.1.memory = 1M\ngpu.2.memory = 2M\n");
    char err[256];
    hg_node *node;
    REQUIRE(hg_node_open(dir, &node, err, sizeof err) == HG_OK);
    hg_node_close(node); /* the node stays; nobody uses it now */

    REQUIRE(himlInitWithNodeDir(dir) == HIML_SUCCESS);
    CHECK(himlInit() == HIML_SUCCESS); /* counted: the node stays open */
    CHECK(himlShutdown() == HIML_SUCCESS);
    unsigned n = 0;
    CHECK(himlDeviceGetCount(&n) == HIML_SUCCESS && n == 3);
    himlDevice_t d[3], x;
    for (unsigned i = 0; i < 3; i++)
        CHECK(himlDeviceGetHandleByIndex(i, &d[i]) == HIML_SUCCESS);
    CHECK(himlDeviceGetHandleByIndex(3, &x) == HIML_ERROR_INVALID_ARGUMENT);
    CHECK(himlDeviceGetHandleByIndex(0, NULL) == HIML_ERROR_INVALID_ARGUMENT);

    char name[64], uuid[80], small[4];
    CHECK(himlDeviceGetName(d[2], name, sizeof name) == HIML_SUCCESS &&
          !strcmp(name, "HiGPU DC-132"));
    CHECK(himlDeviceGetName(d[2], small, sizeof small) == HIML_ERROR_INSUFFICIENT_SIZE);
    CHECK(himlDeviceGetUUID(d[2], uuid, sizeof uuid) == HIML_SUCCESS);
    CHECK(himlDeviceGetHandleByUUID(uuid, &x) == HIML_SUCCESS && x == d[2]);
    CHECK(himlDeviceGetHandleByUUID("GPU-nope", &x) == HIML_ERROR_NOT_FOUND);
    CHECK(himlDeviceGetHandleByPciBusId("00000000:03:00.0", &x) == HIML_SUCCESS && x == d[2]);
    CHECK(himlDeviceGetHandleByPciBusId("0000:02:00.0", &x) == HIML_SUCCESS && x == d[1]);
    CHECK(himlDeviceGetHandleByPciBusId("01:00.0", &x) == HIML_SUCCESS && x == d[0]);
    CHECK(himlDeviceGetHandleByPciBusId("09:00.0", &x) == HIML_ERROR_NOT_FOUND);
    CHECK(himlDeviceGetHandleByPciBusId("bus", &x) == HIML_ERROR_INVALID_ARGUMENT);

    /* a handle that is not one of ours */
    struct himlDevice_st *bogus = (struct himlDevice_st *)&n;
    CHECK(himlDeviceGetName(bogus, name, sizeof name) == HIML_ERROR_INVALID_ARGUMENT);
    CHECK(himlDeviceGetName(NULL, name, sizeof name) == HIML_ERROR_INVALID_ARGUMENT);

    himlMemory_t m;
    CHECK(himlDeviceGetMemoryInfo(d[2], &m) == HIML_SUCCESS && m.total == 2u << 20 && m.used == 0 &&
          m.free == m.total);
    himlUtilization_t u;
    CHECK(himlDeviceGetUtilizationRates(d[0], &u) == HIML_SUCCESS && u.gpu == 0 && u.memory == 0);
    unsigned mw, lim, lo, hi, t, mhz;
    CHECK(himlDeviceGetPowerUsage(d[0], &mw) == HIML_SUCCESS);
    CHECK(himlDeviceGetPowerManagementLimitConstraints(d[0], &lo, &hi) == HIML_SUCCESS && lo < hi);
    CHECK(himlDeviceGetEnforcedPowerLimit(d[0], &lim) == HIML_SUCCESS && lim == hi && mw < lim);
    CHECK(himlDeviceGetTemperature(d[0], HIML_TEMPERATURE_GPU, &t) == HIML_SUCCESS && t > 20 &&
          t < 60);
    CHECK(himlDeviceGetTemperatureThreshold(d[0], HIML_TEMPERATURE_THRESHOLD_MEM_MAX, &t) ==
          HIML_ERROR_NOT_SUPPORTED);
    CHECK(himlDeviceGetClockInfo(d[0], HIML_CLOCK_VIDEO, &mhz) == HIML_ERROR_NOT_SUPPORTED);
    CHECK(himlDeviceGetMaxClockInfo(d[0], HIML_CLOCK_SM, &mhz) == HIML_SUCCESS && mhz == 1000);
    himlPstates_t ps;
    CHECK(himlDeviceGetPerformanceState(d[0], &ps) == HIML_SUCCESS && ps == HIML_PSTATE_8);

    unsigned count = 5;
    himlProcessInfo_t infos[5];
    CHECK(himlDeviceGetComputeRunningProcesses(d[0], &count, infos) == HIML_SUCCESS && count == 0);
    himlLinkInfo_t l;
    CHECK(himlDeviceGetLinkInfo(d[0], 2, &l) == HIML_SUCCESS && l.type == HIML_LINK_HOST);
    CHECK(himlDeviceGetLinkInfo(d[0], 0, &l) == HIML_SUCCESS && l.type == HIML_LINK_SELF);
    CHECK(himlDeviceGetLinkInfo(d[0], 3, &l) == HIML_ERROR_INVALID_ARGUMENT);
    himlGpuTopologyLevel_t level;
    CHECK(himlDeviceGetTopologyCommonAncestor(d[0], d[1], &level) == HIML_SUCCESS &&
          level == HIML_TOPOLOGY_HOSTBRIDGE);
    CHECK(himlDeviceGetTopologyCommonAncestor(d[0], bogus, &level) == HIML_ERROR_INVALID_ARGUMENT);
    char nd[512];
    CHECK(himlSystemGetNodeDir(nd, sizeof nd) == HIML_SUCCESS && !strcmp(nd, dir));
    CHECK(himlShutdown() == HIML_SUCCESS);
    CHECK(himlDeviceGetCount(&n) == HIML_ERROR_UNINITIALIZED);
    remove_tree(dir);
}

/* A process using the GPU is listed with its memory; the size protocol. */
static void test_processes(void) {
    char dir[256], conf[600];
    make_run_dir(dir, sizeof dir);
    snprintf(conf, sizeof conf, "%s/node.conf", dir);
    write_file(conf, "gpus = 1\npreset = teach\ngpu.0.memory = 64M\n");
    setenv("HI_NODE_DIR", dir, 1);
    busy b;
    char *args[] = {"--mem", "4", "--kernel-ms", "5", NULL};
    REQUIRE(busy_start(&b, args) == 0);
    REQUIRE(himlInit() == HIML_SUCCESS);
    himlDevice_t d;
    CHECK(himlDeviceGetHandleByIndex(0, &d) == HIML_SUCCESS);
    unsigned count = 0;
    CHECK(himlDeviceGetComputeRunningProcesses(d, &count, NULL) == HIML_ERROR_INSUFFICIENT_SIZE &&
          count == 1);
    himlProcessInfo_t info[2];
    count = 2;
    CHECK(himlDeviceGetComputeRunningProcesses(d, &count, info) == HIML_SUCCESS && count == 1);
    CHECK(info[0].pid == (unsigned)b.pid && info[0].usedGpuMemory >= 4u << 20);
    char name[256];
    CHECK(himlSystemGetProcessName(info[0].pid, name, sizeof name) == HIML_SUCCESS &&
          strstr(name, "busy_gpu"));
    himlProcessUtilizationSample_t s[2];
    count = 2;
    CHECK(himlDeviceGetProcessUtilization(d, s, &count, 0) == HIML_SUCCESS && count == 1 &&
          s[0].pid == (unsigned)b.pid && s[0].smUtil <= 100);
    CHECK(busy_stop(&b));
    count = 2;
    CHECK(himlDeviceGetComputeRunningProcesses(d, &count, info) == HIML_SUCCESS && count == 0);
    himlShutdown();
    unsetenv("HI_NODE_DIR");
    remove_tree(dir);
}

int main(void) {
    unsetenv("HI_NODE_CONFIG");
    RUN(test_uninitialized);
    RUN(test_no_node);
    RUN(test_handles_and_getters);
    RUN(test_processes);
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
