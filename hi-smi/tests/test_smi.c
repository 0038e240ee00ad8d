/* test_smi.c -- hi-smi end to end, as a person uses it: busy_gpu keeps a GPU
 * busy in one process while hi-smi, in another, shows it (utilisation
 * above 0, the memory used, the process listed) in every output mode; the
 * CSV parses and agrees with libhiml read by this process; a process that
 * dies disappears at once; a fault shows; loops stop on Ctrl+C; topo -m
 * agrees with the node configuration.
 *
 * Each test has its own node directory (HI_NODE_DIR) made from a
 * configuration given by HI_NODE_CONFIG.  Waits poll for a condition with
 * a generous deadline; nothing asserts on how long anything took. */
#include "smi_test.h" /* first: it defines _GNU_SOURCE */

#include <json-c/json.h>
#include <math.h>

#include "higpu/node.h"
#include "himl.h"

static char node_dir[256];

/* A private node made from conf (text), selected through the environment
 * variables every HiGPU program and hi-smi read. */
static void node_begin(const char *conf) {
    char path[512];
    make_run_dir(node_dir, sizeof node_dir);
    snprintf(path, sizeof path, "%s.conf", node_dir);
    write_file(path, conf);
    char dir[512];
    snprintf(dir, sizeof dir, "%s/node", node_dir);
    setenv("HI_NODE_DIR", dir, 1);
    setenv("HI_NODE_CONFIG", path, 1);
}

static void node_end(void) {
    char path[512];
    snprintf(path, sizeof path, "%s.conf", node_dir);
    unlink(path);
    remove_tree(node_dir);
    unsetenv("HI_NODE_DIR");
    unsetenv("HI_NODE_CONFIG");
}

/* One CSV row of GPU gpu: fields separated, or 0. */
static int gpu_row(char *csv, unsigned gpu, char **f, int max) {
    for (char *save, *line = strtok_r(csv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        int n = csv_split(line, f, max);
        if (strtoul(f[0], NULL, 10) == gpu)
            return n;
    }
    return 0;
}

/* Polls hi-smi until GPU gpu's utilization.gpu is above 0. */
static int wait_busy(unsigned gpu) {
    time_t deadline = time(NULL) + SMI_TEST_DEADLINE;
    while (time(NULL) < deadline) {
        output o;
        SMI(&o, "--query-gpu=index,utilization.gpu", "--format=csv,noheader,nounits");
        char *f[4];
        if (o.rc == 0 && gpu_row(o.out, gpu, f, 4) == 2 && atoi(f[1]) > 0)
            return 1;
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return 0;
}

static const char two_gpus[] = "gpus = 2\n"
                               "preset = teach\n"
                               "gpu.1.preset = ws\n"
                               "gpu.0.memory = 64M\n"
                               "gpu.1.memory = 64M\n";

/* The default table while GPU 1 is busy. */
static void check_table(pid_t pid) {
    output o;
    SMI0(&o);
    CHECK(o.rc == 0);
    char want[64];
    snprintf(want, sizeof want, " %d ", (int)pid);
    CHECK(strstr(o.out, "HI-SMI ") && strstr(o.out, "Driver Version:"));
    CHECK(strstr(o.out, "HiGPU Teach-4") && strstr(o.out, "HiGPU WS-84"));
    CHECK(strstr(o.out, "00000000:02:00.0"));
    CHECK(strstr(o.out, "16MiB /     64MiB") != NULL);
    CHECK(strstr(o.out, want) && strstr(o.out, "busy_gpu"));
    CHECK(strstr(o.out, "modelled"));
    /* every line of the boxes is 91 characters, as nvidia-smi's */
    int boxed = 0, bad = 0;
    for (char *save, *l = strtok_r(o.out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        if (l[0] != '|' && l[0] != '+')
            continue;
        boxed++;
        if (strlen(l) != 91) {
            fprintf(stderr, "  %zu wide: '%s'\n", strlen(l), l);
            bad++;
        }
    }
    CHECK(boxed >= 20 && bad == 0);
}

/* --query-gpu agrees with libhiml read here, field by field. */
static void check_csv_against_himl(void) {
    output o;
    SMI(&o,
        "--query-gpu=index,name,uuid,pci.bus_id,memory.total,memory.used,memory.free,"
        "utilization.gpu,temperature.gpu,power.draw,power.limit,clocks.max.sm,clocks.max.mem,"
        "pstate,count,driver_version,hi.preset,compute_cap,hi.processes",
        "--format=csv,noheader,nounits");
    CHECK(o.rc == 0 && count_lines(o.out) == 2);
    REQUIRE(himlInit() == HIML_SUCCESS);
    for (unsigned gpu = 0; gpu < 2; gpu++) {
        char copy[sizeof o.out], *f[32];
        memcpy(copy, o.out, sizeof copy);
        int n = gpu_row(copy, gpu, f, 32);
        CHECK(n == 19);
        if (n != 19)
            continue;
        himlDevice_t d;
        char name[64], uuid[80], preset[32], drv[80];
        himlPciInfo_t pci;
        himlMemory_t mem;
        unsigned limit, maxsm, maxmem, count, power, temp;
        himlPstates_t ps;
        int major, minor;
        CHECK(himlDeviceGetHandleByIndex(gpu, &d) == HIML_SUCCESS);
        CHECK(himlDeviceGetName(d, name, sizeof name) == HIML_SUCCESS && !strcmp(f[1], name));
        CHECK(himlDeviceGetUUID(d, uuid, sizeof uuid) == HIML_SUCCESS && !strcmp(f[2], uuid));
        CHECK(himlDeviceGetPciInfo(d, &pci) == HIML_SUCCESS && !strcmp(f[3], pci.busId));
        CHECK(himlDeviceGetMemoryInfo(d, &mem) == HIML_SUCCESS);
        CHECK(strtoull(f[4], NULL, 10) == mem.total >> 20);
        CHECK(strtoull(f[5], NULL, 10) == mem.used >> 20); /* busy_gpu allocates once */
        CHECK(strtoull(f[6], NULL, 10) == mem.free >> 20);
        CHECK(atoi(f[7]) >= 0 && atoi(f[7]) <= 100);
        CHECK(gpu == 0 || atoi(f[7]) > 0);
        CHECK(himlDeviceGetTemperature(d, HIML_TEMPERATURE_GPU, &temp) == HIML_SUCCESS);
        CHECK(abs(atoi(f[8]) - (int)temp) <= 1); /* modelled: it moves between reads */
        CHECK(himlDeviceGetPowerUsage(d, &power) == HIML_SUCCESS && power > 0);
        CHECK(himlDeviceGetEnforcedPowerLimit(d, &limit) == HIML_SUCCESS);
        CHECK(atof(f[9]) > 0 && atof(f[9]) <= limit / 1000.0 + 0.01);
        CHECK(fabs(atof(f[10]) - limit / 1000.0) < 0.006);
        CHECK(himlDeviceGetMaxClockInfo(d, HIML_CLOCK_SM, &maxsm) == HIML_SUCCESS);
        CHECK(himlDeviceGetMaxClockInfo(d, HIML_CLOCK_MEM, &maxmem) == HIML_SUCCESS);
        CHECK((unsigned)atoi(f[11]) == maxsm && (unsigned)atoi(f[12]) == maxmem);
        CHECK(himlDeviceGetPerformanceState(d, &ps) == HIML_SUCCESS);
        CHECK(!strcmp(f[13], ps == HIML_PSTATE_0 ? "P0" : "P8"));
        CHECK(gpu == 0 || ps == HIML_PSTATE_0);
        CHECK(himlDeviceGetCount(&count) == HIML_SUCCESS && (unsigned)atoi(f[14]) == count);
        CHECK(himlSystemGetDriverVersion(drv, sizeof drv) == HIML_SUCCESS && !strcmp(f[15], drv));
        CHECK(himlDeviceGetPreset(d, preset, sizeof preset) == HIML_SUCCESS &&
              !strcmp(f[16], preset));
        CHECK(himlDeviceGetHcComputeCapability(d, &major, &minor) == HIML_SUCCESS);
        char cc[16];
        snprintf(cc, sizeof cc, "%d.%d", major, minor);
        CHECK(!strcmp(f[17], cc));
        unsigned np = 0; /* NVML's protocol: ask with no room, get the count */
        himlReturn_t r = himlDeviceGetComputeRunningProcesses(d, &np, NULL);
        CHECK(r == (np ? HIML_ERROR_INSUFFICIENT_SIZE : HIML_SUCCESS));
        CHECK((unsigned)atoi(f[18]) == np && np == (gpu == 1 ? 1u : 0u));
    }
    himlShutdown();
    /* the header and units, when asked for */
    SMI(&o, "--query-gpu=index,memory.total,utilization.gpu,power.draw,clocks.sm,temperature.gpu",
        "--format=csv", "-i", "1");
    CHECK(o.rc == 0 && count_lines(o.out) == 2);
    CHECK(!strncmp(o.out,
                   "index, memory.total [MiB], utilization.gpu [%], power.draw [W], "
                   "clocks.current.sm [MHz], temperature.gpu\n1, 64 MiB, ",
                   strlen("index, memory.total [MiB], utilization.gpu [%], power.draw [W], "
                          "clocks.current.sm [MHz], temperature.gpu\n1, 64 MiB, ")));
    CHECK(strstr(o.out, " %, ") && strstr(o.out, " W, ") && strstr(o.out, " MHz, "));
}

static void check_apps(pid_t pid) {
    output o;
    SMI(&o, "--query-compute-apps=pid,process_name,used_memory,gpu_bus_id", "--format=csv");
    CHECK(o.rc == 0 && count_lines(o.out) == 2);
    CHECK(!strncmp(o.out, "pid, process_name, used_gpu_memory [MiB], gpu_bus_id\n", 53));
    char *f[8], *row = strchr(o.out, '\n');
    REQUIRE(row);
    row[strcspn(row + 1, "\n") + 1] = '\0';
    CHECK(csv_split(row + 1, f, 8) == 4);
    CHECK(atoi(f[0]) == pid && strstr(f[1], "busy_gpu") && !strcmp(f[2], "16 MiB"));
    CHECK(!strcmp(f[3], "00000000:02:00.0"));
}

static void check_query(pid_t pid) {
    output o;
    char want[64];
    snprintf(want, sizeof want, "Process ID                        : %d", (int)pid);
    SMI(&o, "-q", "-i", "1");
    CHECK(o.rc == 0 && strstr(o.out, "==============HISMI LOG=============="));
    CHECK(strstr(o.out, "Product Name                                       : HiGPU WS-84"));
    CHECK(strstr(o.out, "Temperature (modelled)") &&
          strstr(o.out, "GPU Power Readings (modelled)"));
    CHECK(strstr(o.out, want) && strstr(o.out, "Used GPU Memory               : 16 MiB"));
    CHECK(strstr(o.out, "GPU 00000000:01:00.0") == NULL);
    SMI(&o, "-q", "-d", "MEMORY,PIDS");
    CHECK(o.rc == 0 && strstr(o.out, "FB Memory Usage") && strstr(o.out, want));
    CHECK(!strstr(o.out, "Temperature") && !strstr(o.out, "Product Name"));
    CHECK(strstr(o.out, "GPU 00000000:01:00.0") &&
          strstr(o.out, "Processes                                          : None"));
}

static void check_json(pid_t pid) {
    output o;
    SMI(&o, "--json");
    CHECK(o.rc == 0);
    json_object *root = json_tokener_parse(o.out), *gpus, *g, *v, *procs;
    REQUIRE(root);
    CHECK(json_object_object_get_ex(root, "gpus", &gpus) && json_object_array_length(gpus) == 2);
    g = json_object_array_get_idx(gpus, 1);
    CHECK(g && json_object_object_get_ex(g, "processes", &procs) &&
          json_object_array_length(procs) == 1);
    json_object *p0 = procs ? json_object_array_get_idx(procs, 0) : NULL;
    CHECK(p0 && json_object_object_get_ex(p0, "pid", &v) && json_object_get_int(v) == pid);
    CHECK(json_object_object_get_ex(g, "power", &v) &&
          json_object_object_get_ex(v, "modelled", &v) && json_object_get_boolean(v));
    json_object *mem;
    CHECK(json_object_object_get_ex(g, "memory", &mem) &&
          json_object_object_get_ex(mem, "used_mib", &v) && json_object_get_int(v) >= 16);
    json_object_put(root);
}

static void check_monitors(pid_t pid) {
    output o;
    SMI(&o, "dmon", "-c", "2", "-i", "1");
    CHECK(o.rc == 0 && count_lines(o.out) == 5); /* note, two headers, two rows */
    CHECK(strstr(o.out, "# gpu    pwr  gtemp  mtemp     sm    mem"));
    char *rows = strstr(o.out, "# Idx");
    rows = rows ? strchr(rows, '\n') : NULL;
    int gpu = -1, pwr = -1, gtemp = -1, sm = -1;
    CHECK(rows && sscanf(rows + 1, "%d %d %d - %d", &gpu, &pwr, &gtemp, &sm) == 4);
    CHECK(gpu == 1 && pwr > 0 && gtemp > 0 && sm > 0);
    SMI(&o, "pmon", "-c", "1", "-i", "1");
    char want[64];
    snprintf(want, sizeof want, "    1 %10d      C", (int)pid);
    CHECK(o.rc == 0 && strstr(o.out, want) && strstr(o.out, "busy_gpu"));
}

static void check_selection(void) {
    output o;
    char uuid[80];
    SMI(&o, "--query-gpu=uuid", "--format=csv,noheader", "-i", "1");
    CHECK(o.rc == 0);
    snprintf(uuid, sizeof uuid, "%.*s", (int)strcspn(o.out, "\n"), o.out);
    SMI(&o, "-L", "-i", uuid);
    CHECK(o.rc == 0 && count_lines(o.out) == 1 &&
          !strncmp(o.out, "GPU 1: HiGPU WS-84 (UUID: GPU-", 30));
    SMI(&o, "-L", "-i", "02:00.0");
    CHECK(o.rc == 0 && !strncmp(o.out, "GPU 1:", 6));
    SMI(&o, "-L", "-i", "0,00000000:02:00.0");
    CHECK(o.rc == 0 && count_lines(o.out) == 2);
    SMI(&o, "-L", "-i", "7");
    CHECK(o.rc == 6 && !strcmp(o.out, "No devices were found\n"));
    SMI(&o, "-L", "-i", "GPU-00000000-0000-0000-0000-000000000000");
    CHECK(o.rc == 6);
}

/* -lms repeats until Ctrl+C, which ends it cleanly. */
static void check_loop(void) {
    int po[2];
    REQUIRE(pipe(po) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(po[1], 1);
        close(po[0]), close(po[1]);
        execlp("hi-smi", "hi-smi", "-lms", "50", "--query-gpu=index", "--format=csv,noheader", "-i",
               "0", (char *)NULL);
        _exit(127);
    }
    close(po[1]);
    char buf[4096];
    size_t len = 0;
    time_t deadline = time(NULL) + SMI_TEST_DEADLINE;
    while (len + 1 < sizeof buf && time(NULL) < deadline) {
        buf[len] = '\0';
        if (count_lines(buf) >= 3)
            break;
        struct pollfd p = {po[0], POLLIN, 0};
        if (poll(&p, 1, 1000) <= 0)
            continue;
        ssize_t n = read(po[0], buf + len, sizeof buf - 1 - len);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    CHECK(count_lines(buf) >= 3 && !strncmp(buf, "0\n0\n0\n", 6));
    kill(pid, SIGINT);
    int st;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(po[0]);
}

static void test_busy_gpu_seen_from_another_process(void) {
    node_begin(two_gpus);
    busy b;
    char *args[] = {"--gpu", "1", "--mem", "16", "--copies", NULL};
    REQUIRE(busy_start(&b, args) == 0);
    CHECK(wait_busy(1));
    check_table(b.pid);
    check_csv_against_himl();
    check_apps(b.pid);
    check_query(b.pid);
    check_json(b.pid);
    check_monitors(b.pid);
    check_selection();
    check_loop();
    CHECK(busy_stop(&b));
    /* gone: no process, no memory, and (a window later) idle */
    output o;
    SMI0(&o);
    CHECK(o.rc == 0 && strstr(o.out, "No running processes found"));
    SMI(&o, "--query-gpu=memory.used,hi.processes", "--format=csv,noheader,nounits", "-i", "1");
    CHECK(o.rc == 0 && !strcmp(o.out, "0, 0\n"));
    node_end();
}

/* A process killed with SIGKILL disappears at once (its slot is only
 * cleared by the next process that reaps); its fault stays recorded. */
static void test_killed_process_and_fault(void) {
    node_begin(two_gpus);
    busy b;
    char *args[] = {"--gpu", "0", "--mem", "8", "--fault", NULL};
    REQUIRE(busy_start(&b, args) == 0);
    output o;
    SMI(&o, "--query-gpu=hi.faults,hi.kernel_faults,hi.last_fault,memory.used",
        "--format=csv,noheader,nounits", "-i", "0");
    CHECK(o.rc == 0 && !strncmp(o.out, "1, 1, out-of-bounds access in kernel 'oob'", 42));
    CHECK(strstr(o.out, ", 8\n") != NULL);
    SMI(&o, "-q", "-d", "FAULTS", "-i", "0");
    CHECK(strstr(o.out, "Count                                          : 1"));
    busy_kill(&b);
    SMI(&o, "--query-compute-apps=pid", "--format=csv,noheader");
    CHECK(o.rc == 0 && o.out[0] == '\0');
    SMI(&o, "--query-gpu=memory.used,hi.faults", "--format=csv,noheader,nounits", "-i", "0");
    CHECK(o.rc == 0 && !strcmp(o.out, "0, 1\n"));
    node_end();
}

/* topo -m shows one row and column per GPU of node.conf, X on the
 * diagonal, and the path libhiml reports between each pair. */
static void test_topo_matches_node_conf(void) {
    const char *src = getenv("HI_SOURCE_DIR");
    char conf_path[1024], conf[1024] = "";
    snprintf(conf_path, sizeof conf_path, "%s/samples/hcc/node-2gpu.conf", src ? src : ".");
    FILE *f = fopen(conf_path, "r");
    REQUIRE(f);
    size_t n = fread(conf, 1, sizeof conf - 1, f);
    fclose(f);
    conf[n] = '\0';
    int gpus = 0;
    const char *g = strstr(conf, "\ngpus = ");
    REQUIRE(g && sscanf(g, "\ngpus = %d", &gpus) == 1 && gpus >= 2);
    node_begin(conf);
    char err[256];
    hg_node *node;
    REQUIRE(hg_node_open(NULL, &node, err, sizeof err) == HG_OK); /* makes the node */
    hg_node_close(node);
    output o;
    SMI(&o, "topo", "-m");
    CHECK(o.rc == 0 && strstr(o.out, "Legend:") && strstr(o.out, "  X    = Self"));
    CHECK(strstr(o.out, "PHB  = "));
    REQUIRE(himlInit() == HIML_SUCCESS);
    int rows = 0;
    for (char *save, *l = strtok_r(o.out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        int i;
        if (sscanf(l, "GPU%d\t", &i) != 1)
            continue;
        rows++;
        char *cell = strchr(l, '\t') + 1;
        for (int j = 0; j < gpus; j++) {
            himlDevice_t a, b;
            himlGpuTopologyLevel_t level;
            himlDeviceGetHandleByIndex((unsigned)i, &a);
            himlDeviceGetHandleByIndex((unsigned)j, &b);
            CHECK(himlDeviceGetTopologyCommonAncestor(a, b, &level) == HIML_SUCCESS);
            const char *want = i == j ? " X \t" : "PHB\t";
            CHECK(!strncmp(cell, want, 4));
            CHECK(level == (i == j ? HIML_TOPOLOGY_INTERNAL : HIML_TOPOLOGY_HOSTBRIDGE));
            cell += 4;
        }
    }
    himlShutdown();
    CHECK(rows == gpus);
    SMI(&o, "-L");
    CHECK(count_lines(o.out) == gpus);
    node_end();
}

int main(void) {
    RUN(test_busy_gpu_seen_from_another_process);
    RUN(test_killed_process_and_fault);
    RUN(test_topo_matches_node_conf);
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
