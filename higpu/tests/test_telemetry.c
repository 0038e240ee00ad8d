/* test_telemetry.c -- the published telemetry block (docs/telemetry.md):
 * created with the node, identity and UUIDs, the read-only side creates
 * nothing, memory and processes follow the allocator, engines count their
 * operations and faults, readers never see a torn block while another
 * process writes, a writer that dies mid-edit is survived, the model's
 * arithmetic (utilisation window, power, temperature, dead processes),
 * the HI_TELEMETRY=0 switch and the peer-copy link counters.
 *
 * Tests never assert on wall-clock time: the model is checked on blocks
 * built by hand with chosen timestamps. */
#include "node_test_util.h" /* first: it defines _GNU_SOURCE */

#include <math.h>
#include <string.h>
#include <time.h>

#include "higpu/higpu.h"
#include "telemetry_internal.h"

static const char kernels[] = ".kernel spin\n"
                              ".param 0, 4\n"
                              "    LDP R20, [RZ]\n"
                              "loop:\n"
                              "    IADD R20, R20, -1\n"
                              "    ISETP.NE.S32 P0, R20, 0\n"
                              "@P0 BRA loop\n"
                              "    EXIT\n"
                              ".kernel oob\n"
                              "    MOV R0, 0\n"
                              "    MOV R1, 0\n"
                              "    LDG R2, [R0]\n"
                              "    EXIT\n";

static hg_telemetry *read_block(const char *dir, int gpu) {
    char err[512];
    hg_tm_node *n = NULL;
    static hg_telemetry b;
    if (hg_tm_node_open(dir, &n, err, sizeof err) != HG_OK) {
        fprintf(stderr, "hg_tm_node_open(%s): %s\n", dir, err);
        return NULL;
    }
    hg_status s = hg_tm_read(n, gpu, &b);
    hg_tm_node_close(n);
    return s == HG_OK ? &b : NULL;
}

static int uuid_shape(const char *u) {
    if (strlen(u) != 40 || strncmp(u, "GPU-", 4) != 0)
        return 0;
    for (int i = 4; i < 40; i++) {
        int dash = i == 12 || i == 17 || i == 22 || i == 27;
        if (dash ? u[i] != '-' : !strchr("0123456789abcdef", u[i]))
            return 0;
    }
    return 1;
}

/* The node creates a block per GPU: identity, links, a baseline sample. */
static void test_block_created(void) {
    char dir[256], dir2[256], uuid0[48];
    make_run_dir(dir, sizeof dir);
    make_run_dir(dir2, sizeof dir2);
    write_node_conf(dir, 2, "1M");
    write_node_conf(dir2, 2, "1M");
    hg_node *n = open_node(dir);
    REQUIRE(n);
    hg_telemetry *b = read_block(dir, 0);
    REQUIRE(b);
    CHECK(b->version >> 16 == HG_TM_VERSION_MAJOR && b->size == sizeof *b);
    CHECK(strcmp(b->id.name, "HiGPU Teach-4") == 0 && strcmp(b->id.preset, "teach") == 0);
    CHECK(b->id.index == 0 && b->id.node_gpus == 2 && b->id.mem_total == 1u << 20);
    CHECK(strcmp(b->id.bus_id, "00000000:01:00.0") == 0 && b->id.pci_bus == 1);
    CHECK(uuid_shape(b->id.uuid));
    CHECK(b->links[0].type == HG_TM_LINK_SELF && b->links[1].type == HG_TM_LINK_HOST);
    CHECK(b->id.clock_sm_max_mhz == 1000 && b->id.clock_sm_idle_mhz < 1000);
    CHECK(b->model.power_limit_mw > b->model.power_idle_mw && b->model.tau_ms > 0);
    CHECK(b->ring_next >= 1 && b->ring[0].t_ns == b->created_ns);
    snprintf(uuid0, sizeof uuid0, "%s", b->id.uuid);
    b = read_block(dir, 1);
    REQUIRE(b);
    CHECK(strcmp(b->id.bus_id, "00000000:02:00.0") == 0 && strcmp(b->id.uuid, uuid0) != 0);
    CHECK(b->links[0].type == HG_TM_LINK_HOST && b->links[1].type == HG_TM_LINK_SELF);
    hg_node_close(n);
    /* stable across opens, different for another node */
    n = open_node(dir);
    b = read_block(dir, 0);
    CHECK(n && b && strcmp(b->id.uuid, uuid0) == 0);
    hg_node_close(n);
    hg_node *n2 = open_node(dir2);
    b = read_block(dir2, 0);
    CHECK(n2 && b && strcmp(b->id.uuid, uuid0) != 0);
    hg_node_close(n2);
    remove_tree(dir);
    remove_tree(dir2);
}

/* A reader never creates a directory, a node.conf or GPU files. */
static void test_reader_creates_nothing(void) {
    char dir[256], path[512], err[512] = "";
    make_run_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/absent", dir);
    hg_tm_node *n = NULL;
    CHECK(hg_tm_node_open(path, &n, err, sizeof err) == HG_ERR_NO_DEVICE && !n);
    CHECK(strstr(err, path) != NULL);
    CHECK(access(path, F_OK) != 0);
    /* a directory without node.conf */
    CHECK(hg_tm_node_open(dir, &n, err, sizeof err) == HG_ERR_NO_DEVICE);
    snprintf(path, sizeof path, "%s/node.conf", dir);
    CHECK(access(path, F_OK) != 0);
    /* node.conf but no GPU files yet */
    write_node_conf(dir, 1, "1M");
    CHECK(hg_tm_node_open(dir, &n, err, sizeof err) == HG_ERR_NO_DEVICE);
    snprintf(path, sizeof path, "%s/gpu0", dir);
    CHECK(access(path, F_OK) != 0);
    /* $HI_NODE_DIR is honoured like node.h's rules */
    hg_node *node = open_node(dir);
    setenv("HI_NODE_DIR", dir, 1);
    CHECK(hg_tm_node_open(NULL, &n, err, sizeof err) == HG_OK && hg_tm_node_gpu_count(n) == 1);
    unsetenv("HI_NODE_DIR");
    hg_tm_node_close(n);
    hg_node_close(node);
    remove_tree(dir);
}

static const hg_tm_proc *find_proc(const hg_telemetry *b, pid_t pid) {
    for (int i = 0; i < HG_TM_PROCS; i++)
        if (b->procs[i].pid == pid)
            return &b->procs[i];
    return NULL;
}

/* Memory used and each process's memory follow the allocator. */
static void test_memory_and_procs(void) {
    char dir[256];
    make_run_dir(dir, sizeof dir);
    write_node_conf(dir, 1, "4M");
    hg_node *n = open_node(dir);
    REQUIRE(n);
    hg_ctx *ctx = NULL;
    CHECK_OK(hg_ctx_create(n, 0, NULL, &ctx));
    REQUIRE(ctx);
    uint64_t a, b2, c;
    CHECK_OK(hg_malloc(ctx, 1000, &a));   /* footprint 1024 */
    CHECK_OK(hg_malloc(ctx, 65536, &b2)); /* 65536 */
    CHECK_OK(hg_malloc(ctx, 1, &c));      /* 256 */
    hg_telemetry *b = read_block(dir, 0);
    REQUIRE(b);
    CHECK(b->mem_used == 1024 + 65536 + 256 && b->mem_allocs == 3);
    const hg_tm_proc *p = find_proc(b, getpid());
    CHECK(p && p->mem_bytes == b->mem_used && p->contexts == 1);
    CHECK(p && strlen(p->name) > 0);
    uint64_t free_bytes, total;
    hg_devmem_info(hg_node_devmem(n, 0), &free_bytes, &total);
    CHECK(total - free_bytes == b->mem_used);
    CHECK_OK(hg_free(ctx, b2));
    b = read_block(dir, 0);
    REQUIRE(b);
    CHECK(b->mem_used == 1024 + 256 && b->mem_allocs == 2);
    p = find_proc(b, getpid());
    CHECK(p && p->mem_bytes == 1024 + 256);
    hg_tm_status *st = malloc(sizeof *st);
    hg_tm_derive(b, hg_tm_now_ns(), st);
    CHECK(st->nprocs == 1 && st->procs[0].pid == getpid() && st->procs[0].contexts == 1);
    CHECK(st->mem_used == 1024 + 256 && st->pstate == 0);
    hg_ctx_destroy(ctx);
    b = read_block(dir, 0);
    p = b ? find_proc(b, getpid()) : NULL;
    CHECK(b && b->mem_used == 0 && p && p->contexts == 0);
    hg_tm_derive(b, hg_tm_now_ns(), st);
    CHECK(st->nprocs == 0); /* no context, no memory: not a compute process */
    free(st);
    hg_node_close(n);
    b = read_block(dir, 0);
    CHECK(b && !find_proc(b, getpid())); /* unregistered: the slot is free */
    remove_tree(dir);
}

static hg_module *load(hg_ctx *ctx, hcbin **bin) {
    char err[512];
    hg_module *m = NULL;
    if (hisa_assemble(kernels, strlen(kernels), "t.hs", bin, err, sizeof err) != 0 ||
        hg_module_load(ctx, *bin, &m, err, sizeof err) != HG_OK)
        fprintf(stderr, "load: %s\n", err);
    return m;
}

/* Engines count kernels, copies and bytes, busy time and faults. */
static void test_ops_counted(void) {
    char dir[256];
    make_run_dir(dir, sizeof dir);
    write_node_conf(dir, 1, "4M");
    hg_node *n = open_node(dir);
    REQUIRE(n);
    hg_ctx *ctx = NULL;
    hg_ctx_options o = {.host_threads = 1};
    CHECK_OK(hg_ctx_create(n, 0, &o, &ctx));
    REQUIRE(ctx);
    hcbin *bin = NULL;
    hg_module *m = load(ctx, &bin);
    REQUIRE(m);
    uint64_t buf;
    char host[4096] = {1};
    CHECK_OK(hg_malloc(ctx, sizeof host, &buf));
    uint32_t iters = 1000;
    hg_launch_params p = {{2, 1, 1}, {64, 1, 1}, 0, &iters, sizeof iters};
    for (int i = 0; i < 3; i++)
        CHECK_OK(hg_launch(ctx, hg_module_kernel(m, "spin"), &p, NULL));
    CHECK_OK(hg_memcpy_htod(ctx, buf, host, sizeof host));
    CHECK_OK(hg_memcpy_htod(ctx, buf, host, 100));
    CHECK_OK(hg_memcpy_dtoh(ctx, host, buf, sizeof host));
    CHECK_OK(hg_memset(ctx, buf, 0, 512));
    hg_telemetry *b = read_block(dir, 0);
    REQUIRE(b);
    CHECK(b->eng.kernels == 3 && b->eng.kernel_faults == 0);
    CHECK(b->eng.copies[HG_TM_DIR_HTOD] == 2 && b->eng.bytes[HG_TM_DIR_HTOD] == 4096 + 100);
    CHECK(b->eng.copies[HG_TM_DIR_DTOH] == 1 && b->eng.bytes[HG_TM_DIR_DTOH] == 4096);
    CHECK(b->eng.copies[HG_TM_DIR_MEMSET] == 1 && b->eng.bytes[HG_TM_DIR_MEMSET] == 512);
    CHECK(b->eng.busy_ns[HG_TM_ENG_COMPUTE] > 0 && b->eng.last_busy_end_ns > 0);
    const hg_tm_proc *pr = find_proc(b, getpid());
    CHECK(pr && pr->kernels == 3 && pr->copies == 4 && pr->running[0] == 0);
    CHECK(pr && pr->busy_ns[0] == b->eng.busy_ns[0]);
    CHECK(b->fault.count == 0);

    hg_launch_params q = {{1, 1, 1}, {1, 1, 1}, 0, NULL, 0};
    CHECK(hg_launch(ctx, hg_module_kernel(m, "oob"), &q, NULL) == HG_ERR_KERNEL_FAULT);
    CHECK(hg_memcpy_htod(ctx, buf, host, 4) == HG_ERR_STICKY); /* refused: not counted */
    b = read_block(dir, 0);
    REQUIRE(b);
    CHECK(b->eng.kernels == 4 && b->eng.kernel_faults == 1 && b->fault.count == 1);
    CHECK(strstr(b->fault.last_text, "out-of-bounds") && strstr(b->fault.last_text, "oob"));
    CHECK(b->fault.last_pid == getpid() && b->fault.last_status == HG_ERR_KERNEL_FAULT);
    CHECK(b->eng.copies[HG_TM_DIR_HTOD] == 2);
    pr = find_proc(b, getpid());
    CHECK(pr && pr->sticky == HG_ERR_KERNEL_FAULT);
    hg_module_unload(m);
    hcbin_free(bin);
    hg_ctx_destroy(ctx);
    hg_node_close(n);
    remove_tree(dir);
}

/* Pattern written by hg__tm_test_write(k): all of it or none of it (the
 * test process's slot included: the reader copies only used slots). */
static int consistent(const hg_telemetry *b, uint64_t *k) {
    *k = b->eng.kernels;
    for (int d = 0; d < HG_TM_DIRS; d++)
        if (b->eng.copies[d] != *k + (uint64_t)d || b->eng.bytes[d] != *k * 3)
            return 0;
    const hg_tm_proc *me = find_proc(b, getpid());
    if (!me || me->kernels != *k || b->fault.count != *k)
        return 0;
    for (size_t i = 0; i + 1 < HG_TM_TEXT; i++)
        if (b->fault.last_text[i] != (char)('a' + (*k + i) % 26))
            return 0;
    return 1;
}

/* A reader in one process never sees a half-written block while another
 * process writes as fast as it can.  The reader stops after seeing 200
 * different edits (or after a generous 60 s), so the test does not depend
 * on how the two processes are scheduled. */
static void test_seqlock_concurrent_writer(void) {
    char dir[256];
    make_run_dir(dir, sizeof dir);
    write_node_conf(dir, 1, "1M");
    hg_node *n = open_node(dir);
    REQUIRE(n);
    void *page = hg_devmem_telemetry(hg_node_devmem(n, 0), NULL);
    hg__tm_test_write(page, 1, 0);
    int stop[2];
    REQUIRE(pipe(stop) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(stop[1]);
        fcntl(stop[0], F_SETFL, O_NONBLOCK);
        /* An edit every 5 us: 200000 a second, more than engines ever
         * publish (two edits per operation), with no pause for readers
         * longer than that. */
        char c;
        for (uint64_t k = 2; read(stop[0], &c, 1) < 0 && errno == EAGAIN; k++) {
            hg__tm_test_write(page, k, 0);
            struct timespec t0, t1;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            do
                clock_gettime(CLOCK_MONOTONIC, &t1);
            while ((t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec) < 5000);
        }
        _exit(0);
    }
    close(stop[0]);
    char err[512];
    hg_tm_node *r = NULL;
    CHECK_OK(hg_tm_node_open(dir, &r, err, sizeof err));
    hg_telemetry *b = malloc(sizeof *b);
    uint64_t last = 0, k = 0;
    int distinct = 0, torn = 0, reads = 0;
    time_t deadline = time(NULL) + 60;
    while (r && b && distinct < 200 && time(NULL) < deadline) {
        if (hg_tm_read(r, 0, b) != HG_OK || (b->seq & 1)) {
            fprintf(stderr, "  read gave up after %d reads (seq %llu)\n", reads,
                    (unsigned long long)b->seq);
            torn++;
            break;
        }
        reads++;
        if (!consistent(b, &k)) {
            fprintf(stderr, "  torn copy after %d reads (k %llu)\n", reads, (unsigned long long)k);
            torn++;
            break;
        }
        if (k != last)
            distinct++;
        last = k;
    }
    sync_send(stop[1]);
    close(stop[1]);
    CHECK(child_ok(pid));
    CHECK(torn == 0);
    CHECK(distinct >= 200);
    fprintf(stderr, "  %d reads saw %d different edits\n", reads, distinct);
    free(b);
    hg_tm_node_close(r);
    hg_node_close(n);
    remove_tree(dir);
}

/* A writer killed inside its edit leaves the generation odd and the mutex
 * held: readers still return (flagging the copy), and the next writer
 * takes over the robust mutex and closes the edit. */
static void test_writer_dies_mid_edit(void) {
    char dir[256];
    make_run_dir(dir, sizeof dir);
    write_node_conf(dir, 1, "1M");
    hg_node *n = open_node(dir);
    REQUIRE(n);
    void *page = hg_devmem_telemetry(hg_node_devmem(n, 0), NULL);
    pid_t pid = fork();
    if (pid == 0) {
        hg__tm_test_write(page, 7, 1);
        _exit(1); /* not reached */
    }
    int st;
    waitpid(pid, &st, 0);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    hg_telemetry *b = malloc(sizeof *b);
    REQUIRE(b);
    CHECK(hg_tm_read_page(page, 64 * 1024, b) == HG_OK && (b->seq & 1));
    hg__tm_test_write(page, 9, 0); /* EOWNERDEAD: recovers */
    uint64_t k;
    CHECK(hg_tm_read_page(page, 64 * 1024, b) == HG_OK && !(b->seq & 1));
    CHECK(consistent(b, &k) && k == 9);
    free(b);
    hg_node_close(n);
    remove_tree(dir);
}

/* ---- the model, on blocks built by hand ------------------------------------ */

enum { S = 1000000000 };

/* A block as a dc GPU's node creates it (model constants, clocks), with
 * this process's slot kept aside in *self and everything else cleared. */
static void model_block(hg_telemetry *b, hg_tm_proc *self) {
    char dir[256];
    make_run_dir(dir, sizeof dir);
    char path[512];
    snprintf(path, sizeof path, "%s/node.conf", dir);
    write_file(path, "gpus = 1\npreset = dc\ngpu.0.memory = 1M\n");
    hg_node *n = open_node(dir);
    hg_telemetry *r = n ? read_block(dir, 0) : NULL;
    if (r) {
        hg_telemetry copy = *r;
        memset(b, 0, sizeof *b);
        b->id = copy.id;
        b->model = copy.model;
        b->id.mem_total = 1 << 30;
        if (self) {
            const hg_tm_proc *p = find_proc(&copy, getpid());
            if (p)
                *self = *p;
        }
    }
    hg_node_close(n);
    remove_tree(dir);
}

static double expect_power_w(const hg_tm_model *m, double sm, double copy) {
    double act = (m->sm_weight * sm + m->copy_weight * copy) / 1000.0;
    if (act > 1)
        act = 1;
    return (m->power_idle_mw + (m->power_limit_mw - m->power_idle_mw) * act) / 1000.0;
}

static void test_model_utilisation_power_temperature(void) {
    hg_telemetry *b = calloc(1, sizeof *b);
    hg_tm_status *st = malloc(sizeof *st);
    REQUIRE(b && st);
    model_block(b, NULL);
    REQUIRE(b->model.tau_ms > 0);
    /* Samples at 1 s and 2 s; by 3 s the kernel engine has been busy 0.5 s
     * of the last second and copy engine 1 a quarter of it. */
    b->ring[0] = (hg_tm_sample){1ull * S, {0, 0, 0}};
    b->ring[1] = (hg_tm_sample){2ull * S, {S / 2, 0, 0}};
    b->ring_next = 2;
    b->eng.busy_ns[0] = S;
    b->eng.busy_ns[2] = S / 4;
    b->eng.last_busy_end_ns = 3ull * S;
    b->thermal.temp_mc = 40000;
    b->thermal.at = b->ring[1];
    hg_tm_derive(b, 3ull * S, st);
    CHECK(fabs(st->util_sm - 0.5) < 1e-9 && fabs(st->util_mem - 0.25) < 1e-9);
    CHECK(st->window_ns == (uint64_t)S);
    CHECK(fabs(st->power_w - expect_power_w(&b->model, 0.5, 0.25)) < 1e-6);
    double target = b->model.ambient_mc / 1000.0 +
                    expect_power_w(&b->model, 0.5, 0.25) * b->model.rth_mc_per_w / 1000.0;
    double want = target + (40.0 - target) * exp(-1000.0 / b->model.tau_ms);
    CHECK(fabs(st->temp_c - want) < 0.002);
    CHECK(st->pstate == 0 && st->clock_sm_mhz == b->id.clock_sm_max_mhz);

    /* Idle for more than a window: exactly 0 %, idle power, P8, and the
     * temperature decays toward the idle steady state. */
    hg_tm_derive(b, 10ull * S, st);
    CHECK(st->util_sm == 0 && st->util_mem == 0 && st->pstate == 8);
    CHECK(fabs(st->power_w - b->model.power_idle_mw / 1000.0) < 1e-9);
    CHECK(st->clock_sm_mhz == b->id.clock_sm_idle_mhz);
    hg_tm_derive(b, 100000ull * S, st);
    double idle_t =
        (b->model.ambient_mc + b->model.power_idle_mw * (double)b->model.rth_mc_per_w / 1000.0) /
        1000.0;
    CHECK(fabs(st->temp_c - idle_t) < 0.01);

    /* Full load forever: the limit's steady state, never above the limit. */
    b->eng.busy_ns[0] = 100000ull * S;
    b->eng.busy_ns[1] = 100000ull * S;
    b->eng.last_busy_end_ns = 100000ull * S;
    b->ring[1].t_ns = 99999ull * S;
    b->ring[1].busy_ns[0] = b->ring[1].busy_ns[1] = 99999ull * S;
    hg_tm_derive(b, 100000ull * S, st);
    CHECK(st->util_sm == 1 && st->power_w <= b->model.power_limit_mw / 1000.0 + 1e-9);
    free(st);
    free(b);
}

/* A process that died with a kernel running: its open interval and its
 * memory stop counting at once (its slot is only freed by the next writer
 * that reaps); a live process's open interval counts up to now. */
static void test_model_processes(void) {
    hg_telemetry *b = calloc(1, sizeof *b);
    hg_tm_status *st = malloc(sizeof *st);
    REQUIRE(b && st);
    hg_tm_proc self = {0};
    model_block(b, &self);
    REQUIRE(self.pid == getpid());
    pid_t dead = fork();
    if (dead == 0)
        _exit(0);
    waitpid(dead, NULL, 0);
    hg_tm_proc *d = &b->procs[3];
    d->pid = dead;
    d->start = 1;
    d->mem_bytes = 1 << 20;
    d->contexts = 1;
    d->running[0] = 1;
    d->since_ns[0] = 1ull * S;
    b->mem_used = (1 << 20) + 4096;
    hg_tm_proc *me = &b->procs[5];
    me->pid = self.pid;
    me->start = self.start;
    me->mem_bytes = 4096;
    me->contexts = 1;
    me->running[0] = 1;
    me->since_ns[0] = 2ull * S + S / 2;
    snprintf(me->name, sizeof me->name, "me");
    b->ring[0] = (hg_tm_sample){2ull * S, {0, 0, 0}};
    b->ring_next = 1;
    hg_tm_derive(b, 3ull * S, st);
    CHECK(st->nprocs == 1 && st->procs[0].pid == self.pid && strcmp(st->procs[0].name, "me") == 0);
    CHECK(st->mem_used == 4096 && st->mem_free == (1u << 30) - 4096);
    CHECK(fabs(st->util_sm - 0.5) < 1e-9); /* only the live process's half second */
    CHECK(st->busy_ns[0] == S / 2);
    CHECK(fabs(st->procs[0].util_sm - 0.5 / 3.0) < 1e-9 || st->procs[0].util_sm > 0);
    free(st);
    free(b);
}

/* HI_TELEMETRY=0: no engine publishing (the cost baseline); the allocator
 * still publishes memory. */
static void test_switch_off(void) {
    char dir[256];
    make_run_dir(dir, sizeof dir);
    write_node_conf(dir, 1, "4M");
    hg_node *n = open_node(dir);
    REQUIRE(n);
    setenv("HI_TELEMETRY", "0", 1);
    hg_ctx *ctx = NULL;
    CHECK_OK(hg_ctx_create(n, 0, NULL, &ctx));
    unsetenv("HI_TELEMETRY");
    REQUIRE(ctx);
    uint64_t buf;
    char host[64] = {0};
    CHECK_OK(hg_malloc(ctx, 4096, &buf));
    CHECK_OK(hg_memcpy_htod(ctx, buf, host, sizeof host));
    hg_telemetry *b = read_block(dir, 0);
    REQUIRE(b);
    CHECK(b->eng.copies[HG_TM_DIR_HTOD] == 0 && b->mem_used == 4096);
    const hg_tm_proc *p = find_proc(b, getpid());
    CHECK(p && p->contexts == 0 && p->mem_bytes == 4096);
    hg_ctx_destroy(ctx);
    hg_node_close(n);
    remove_tree(dir);
}

static void test_peer_links(void) {
    char dir[256];
    make_run_dir(dir, sizeof dir);
    write_node_conf(dir, 2, "1M");
    hg_node *n = open_node(dir);
    REQUIRE(n);
    hg_tm_count_peer_copy(n, 0, 1, 4096);
    hg_tm_count_peer_copy(n, 0, 1, 100);
    hg_tm_count_peer_copy(n, 1, 1, 100); /* not a peer copy: ignored */
    hg_telemetry *b = read_block(dir, 0);
    REQUIRE(b);
    CHECK(b->links[1].tx_copies == 2 && b->links[1].tx_bytes == 4196 && b->links[1].rx_bytes == 0);
    CHECK(b->eng.copies[HG_TM_DIR_PEER_TX] == 2);
    b = read_block(dir, 1);
    REQUIRE(b);
    CHECK(b->links[0].rx_copies == 2 && b->links[0].rx_bytes == 4196 && b->links[0].tx_bytes == 0);
    CHECK(b->eng.bytes[HG_TM_DIR_PEER_RX] == 4196 && b->links[1].rx_bytes == 0);
    hg_node_close(n);
    remove_tree(dir);
}

int main(void) {
    (void)sync_wait; /* a helper of node_test_util.h this file does not need */
    unsetenv("HI_NODE_CONFIG");
    unsetenv("HI_NODE_DIR");
    unsetenv("HI_TELEMETRY");
    RUN(test_block_created);
    RUN(test_reader_creates_nothing);
    RUN(test_memory_and_procs);
    RUN(test_ops_counted);
    RUN(test_seqlock_concurrent_writer);
    RUN(test_writer_dies_mid_edit);
    RUN(test_model_utilisation_power_temperature);
    RUN(test_model_processes);
    RUN(test_switch_off);
    RUN(test_peer_links);
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
