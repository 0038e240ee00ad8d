/* test_node.c -- run directory, node.conf, state-file checks, process table. */
#include "node_test_util.h"

#define MiB (1024ull * 1024)

static void test_config_good(void) {
    char dir[256], path[512], err[512];
    make_run_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/node.conf", dir);
    write_file(path, "# two GPUs of different shapes\n"
                     "gpus = 2   # trailing comment\n"
                     "\n"
                     "  preset=teach\n"
                     "gpu.1.preset = ws\r\n"
                     "gpu.0.memory = 64M\n"
                     "gpu.1.memory = 32MiB\n");
    hg_node *n = NULL;
    hg_status s = hg_node_open(dir, &n, err, sizeof err);
    CHECK_OK(s);
    REQUIRE(n);
    CHECK(strcmp(hg_node_dir(n), dir) == 0);
    CHECK(hg_node_gpu_count(n) == 2);
    const hg_config *c0 = hg_node_gpu_config(n, 0), *c1 = hg_node_gpu_config(n, 1);
    REQUIRE(c0 && c1);
    CHECK(strcmp(c0->preset, "teach") == 0 && c0->sm_count == 4 && c0->mem_bytes == 64 * MiB);
    CHECK(strcmp(c1->preset, "ws") == 0 && c1->sm_count == 84 && c1->mem_bytes == 32 * MiB);
    CHECK(hg_node_gpu_config(n, 2) == NULL && hg_node_gpu_config(n, -1) == NULL);
    CHECK(hg_node_devmem(n, 2) == NULL);
    CHECK(hg_devmem_size(hg_node_devmem(n, 1)) == 32 * MiB);
    struct stat sb;
    snprintf(path, sizeof path, "%s/gpu1/memory", dir);
    CHECK(stat(path, &sb) == 0 && (uint64_t)sb.st_size == 32 * MiB);
    CHECK(sb.st_blocks == 0); /* sparse until allocated */
    snprintf(path, sizeof path, "%s/gpu0", dir);
    CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0700);
    hg_node_close(n);
    remove_tree(dir);
}

/* A new directory takes its node.conf from $HI_NODE_CONFIG, else defaults. */
static void test_config_sources(void) {
    char dir[256], src[256], path[512], err[512];
    make_run_dir(src, sizeof src);
    snprintf(path, sizeof path, "%s/my.conf", src);
    write_file(path, "gpus = 3\npreset = teach\ngpu.2.memory = 1M\n");
    setenv("HI_NODE_CONFIG", path, 1);
    make_run_dir(dir, sizeof dir);
    hg_node *n = NULL;
    CHECK_OK(hg_node_open(dir, &n, err, sizeof err));
    REQUIRE(n);
    CHECK(hg_node_gpu_count(n) == 3);
    CHECK(hg_node_gpu_config(n, 2)->mem_bytes == 1 * MiB);
    CHECK(hg_node_gpu_config(n, 0)->mem_bytes == 1024 * MiB); /* teach preset */
    hg_node_close(n);
    /* The copy is the node's now: changing the source changes nothing. */
    write_file(path, "gpus = 1\n");
    CHECK_OK(hg_node_open(dir, &n, err, sizeof err));
    REQUIRE(n);
    CHECK(hg_node_gpu_count(n) == 3);
    hg_node_close(n);
    remove_tree(dir);

    /* A missing source file is an error naming it. */
    snprintf(path, sizeof path, "%s/missing.conf", src);
    setenv("HI_NODE_CONFIG", path, 1);
    make_run_dir(dir, sizeof dir);
    CHECK(hg_node_open(dir, &n, err, sizeof err) == HG_ERR_IO && n == NULL);
    CHECK(strstr(err, "missing.conf") != NULL);
    remove_tree(dir);
    unsetenv("HI_NODE_CONFIG");
    remove_tree(src);

    /* Defaults: one GPU of the default preset (sparse, so its size is free). */
    make_run_dir(dir, sizeof dir);
    CHECK_OK(hg_node_open(dir, &n, err, sizeof err));
    REQUIRE(n);
    hg_config def;
    CHECK_OK(hg_config_preset(hg_config_default_preset(), &def));
    CHECK(hg_node_gpu_count(n) == 1);
    CHECK(strcmp(hg_node_gpu_config(n, 0)->preset, def.preset) == 0);
    CHECK(hg_devmem_size(hg_node_devmem(n, 0)) == def.mem_bytes);
    snprintf(path, sizeof path, "%s/node.conf", dir);
    struct stat sb;
    CHECK(stat(path, &sb) == 0);
    hg_node_close(n);
    remove_tree(dir);
}

static void test_config_bad(void) {
    static const struct {
        const char *text;
        int line;
    } bad[] = {
        {"gpus = 0\n", 1},
        {"gpus = 17\n", 1},
        {"# x\ngpus = two\n", 2},
        {"preset = nosuch\n", 1},
        {"colour = blue\n", 1},
        {"gpus\n", 1},
        {"gpus =\n", 1},
        {"gpus = 1\ngpu.1.memory = 64M\n", 2},
        {"gpu.0.memory = 12Q\n", 1},
        {"gpu.0.memory = 100\n", 1},
        {"gpu.0.memory = 99999999999999999999G\n", 1},
        {"gpu.0.memory = 64M trailing\n", 1},
        {"gpu.16.preset = dc\n", 1},
        {"gpu.x.preset = dc\n", 1},
        {"gpu.0.colour = red\n", 1},
        {"gpu.0.preset = nosuch\n", 1},
    };
    char dir[256], path[512], want[1024], err[512];
    make_run_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/node.conf", dir);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file(path, bad[i].text);
        hg_node *n = (hg_node *)1;
        hg_status s = hg_node_open(dir, &n, err, sizeof err);
        snprintf(want, sizeof want, "%s:%d: ", path, bad[i].line);
        if (s != HG_ERR_INVALID_VALUE || n != NULL || strncmp(err, want, strlen(want)) != 0) {
            fprintf(stderr, "bad config %zu (%s): got %s, '%s'\n", i, bad[i].text,
                    hg_status_name(s), err);
            failures++;
        }
    }
    /* A bad $HI_NODE_CONFIG is reported against itself and never copied. */
    char src[600];
    snprintf(src, sizeof src, "%s/src.conf", dir);
    write_file(src, "gpus = 2\n\ngpus = many\n");
    setenv("HI_NODE_CONFIG", src, 1);
    unlink(path);
    hg_node *n = NULL;
    CHECK(hg_node_open(dir, &n, err, sizeof err) == HG_ERR_INVALID_VALUE);
    snprintf(want, sizeof want, "%s:3: ", src);
    CHECK(strncmp(err, want, strlen(want)) == 0);
    CHECK(access(path, F_OK) != 0);
    unsetenv("HI_NODE_CONFIG");
    /* NULL err buffers are fine. */
    write_file(path, "gpus = 0\n");
    CHECK(hg_node_open(dir, &n, NULL, 0) == HG_ERR_INVALID_VALUE);
    CHECK(hg_node_open(dir, NULL, err, sizeof err) == HG_ERR_INVALID_VALUE);
    remove_tree(dir);
}

static void test_dir_resolution(void) {
    char dir[256], want[512];
    make_run_dir(dir, sizeof dir);
    write_node_conf(dir, 1, "1M");
    setenv("HI_NODE_DIR", dir, 1);
    hg_node *n = open_node(NULL);
    REQUIRE(n);
    CHECK(strcmp(hg_node_dir(n), dir) == 0);
    hg_node_close(n);
    unsetenv("HI_NODE_DIR");

    /* $XDG_RUNTIME_DIR/higpu-node, created (with parents) on first use. */
    char xdg[300];
    snprintf(xdg, sizeof xdg, "%s/xdg/run", dir);
    setenv("XDG_RUNTIME_DIR", xdg, 1);
    snprintf(want, sizeof want, "%s/higpu-node", xdg);
    char src[300];
    snprintf(src, sizeof src, "%s/node.conf", dir);
    setenv("HI_NODE_CONFIG", src, 1);
    n = open_node(NULL);
    REQUIRE(n);
    CHECK(strcmp(hg_node_dir(n), want) == 0);
    CHECK(hg_devmem_size(hg_node_devmem(n, 0)) == 1 * MiB);
    struct stat sb;
    CHECK(stat(want, &sb) == 0 && S_ISDIR(sb.st_mode) && (sb.st_mode & 0777) == 0700);
    hg_node_close(n);
    unsetenv("HI_NODE_CONFIG");
    unsetenv("XDG_RUNTIME_DIR");

    /* A run dir that is a file is a clear error. */
    char file[300], err[512];
    snprintf(file, sizeof file, "%s/afile", dir);
    write_file(file, "x");
    CHECK(hg_node_open(file, &n, err, sizeof err) != HG_OK && strstr(err, "afile"));
    remove_tree(dir);
}

/* A state file that is not ours is reported, never reinitialised. */
static void test_bad_state(void) {
    char dir[256], state[512], mem[512], conf[512], err[512];
    make_run_dir(dir, sizeof dir);
    write_node_conf(dir, 2, "1M");
    hg_node *n = open_node(dir);
    REQUIRE(n);
    uint64_t off;
    CHECK_OK(hg_devmem_alloc(hg_node_devmem(n, 0), 4096, 0, &off));
    memset(hg_devmem_base(hg_node_devmem(n, 0)) + off, 0x5a, 4096);
    hg_node_close(n);

    snprintf(state, sizeof state, "%s/gpu0/state", dir);
    snprintf(mem, sizeof mem, "%s/gpu0/memory", dir);
    int fd = open(state, O_RDWR);
    REQUIRE(fd >= 0);
    char magic[8], junk[8] = "XXXXXXXX";
    CHECK(pread(fd, magic, 8, 0) == 8);
    CHECK(pwrite(fd, junk, 8, 0) == 8);
    n = (hg_node *)1;
    CHECK(hg_node_open(dir, &n, err, sizeof err) == HG_ERR_INVALID_VALUE && n == NULL);
    CHECK(strncmp(err, state, strlen(state)) == 0 && strstr(err, "magic"));

    uint32_t version = 999, old_version;
    CHECK(pwrite(fd, magic, 8, 0) == 8);
    CHECK(pread(fd, &old_version, 4, 8) == 4);
    CHECK(pwrite(fd, &version, 4, 8) == 4);
    CHECK(hg_node_open(dir, &n, err, sizeof err) == HG_ERR_INVALID_VALUE);
    CHECK(strncmp(err, state, strlen(state)) == 0 && strstr(err, "version"));
    CHECK(pwrite(fd, &old_version, 4, 8) == 4);

    struct stat sb;
    CHECK(fstat(fd, &sb) == 0);
    CHECK(ftruncate(fd, sb.st_size - 1) == 0);
    CHECK(hg_node_open(dir, &n, err, sizeof err) == HG_ERR_INVALID_VALUE);
    CHECK(strncmp(err, state, strlen(state)) == 0 && strstr(err, "size"));
    CHECK(ftruncate(fd, sb.st_size) == 0);
    CHECK(ftruncate(fd, 3) == 0);
    CHECK(hg_node_open(dir, &n, err, sizeof err) == HG_ERR_INVALID_VALUE);
    CHECK(strncmp(err, state, strlen(state)) == 0);
    close(fd);

    /* Nothing was reinitialised: the device memory still holds its bytes. */
    fd = open(mem, O_RDONLY);
    unsigned char b = 0;
    CHECK(fd >= 0 && pread(fd, &b, 1, (off_t)off + 100) == 1 && b == 0x5a);
    close(fd);

    /* A node.conf that no longer matches the GPU's files. */
    remove_tree(dir);
    mkdir(dir, 0700);
    write_node_conf(dir, 1, "1M");
    n = open_node(dir);
    REQUIRE(n);
    hg_node_close(n);
    write_node_conf(dir, 1, "2M");
    snprintf(conf, sizeof conf, "%s/node.conf", dir);
    CHECK(hg_node_open(dir, &n, err, sizeof err) == HG_ERR_INVALID_VALUE);
    CHECK(strncmp(err, state, strlen(state)) == 0 && strstr(err, "node.conf"));
    remove_tree(dir);
}

static int find_proc(const hg_proc_info *p, int n, pid_t pid) {
    for (int i = 0; i < n; i++)
        if (p[i].pid == pid)
            return i;
    return -1;
}

static void test_procs(void) {
    char dir[256];
    make_run_dir(dir, sizeof dir);
    write_node_conf(dir, 2, "4M");
    hg_node *a = open_node(dir), *b = open_node(dir);
    REQUIRE(a && b);
    hg_proc_info p[HG_MAX_PROCS];
    int np = hg_node_procs(a, 0, p, HG_MAX_PROCS);
    CHECK(np == 1 && p[0].pid == getpid() && p[0].mem_bytes == 0);
    CHECK(strncmp(p[0].name, "test_node", 9) == 0);
    CHECK(hg_node_procs(a, 5, p, HG_MAX_PROCS) == 0);

    int to_child[2], to_parent[2];
    REQUIRE(pipe(to_child) == 0 && pipe(to_parent) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        /* Opens and closes (unregisters), then allocates through a second
         * open and closes it without freeing. */
        hg_node *c = open_node(dir);
        if (!c)
            _exit(1);
        hg_node_close(c);
        sync_send(to_parent[1]);
        sync_wait(to_child[0]);
        c = open_node(dir);
        uint64_t off;
        if (!c || hg_devmem_alloc(hg_node_devmem(c, 1), 1 * MiB, 0, &off) != HG_OK)
            _exit(1);
        sync_send(to_parent[1]);
        sync_wait(to_child[0]);
        hg_node_close(c);
        sync_send(to_parent[1]);
        sync_wait(to_child[0]);
        _exit(0);
    }
    CHECK(sync_wait(to_parent[0]));
    np = hg_node_procs(a, 0, p, HG_MAX_PROCS);
    CHECK(np == 1 && find_proc(p, np, pid) < 0); /* closed: gone while alive */
    sync_send(to_child[1]);

    CHECK(sync_wait(to_parent[0]));
    np = hg_node_procs(a, 1, p, HG_MAX_PROCS);
    int k = find_proc(p, np, pid);
    CHECK(np == 2 && k >= 0 && p[k].mem_bytes == 1 * MiB);
    np = hg_node_procs(b, 0, p, HG_MAX_PROCS);
    CHECK(np == 2 && find_proc(p, np, pid) >= 0);
    CHECK(hg_node_procs(a, 1, p, 1) == 1); /* max is honoured */
    sync_send(to_child[1]);

    CHECK(sync_wait(to_parent[0]));
    np = hg_node_procs(a, 1, p, HG_MAX_PROCS);
    k = find_proc(p, np, pid);
    CHECK(k >= 0 && p[k].mem_bytes == 1 * MiB); /* still owns memory */
    np = hg_node_procs(a, 0, p, HG_MAX_PROCS);
    CHECK(np == 1 && find_proc(p, np, pid) < 0);
    sync_send(to_child[1]);
    CHECK(child_ok(pid));

    /* Dead: dropped from the table and its memory reaped. */
    np = hg_node_procs(a, 1, p, HG_MAX_PROCS);
    CHECK(np == 1 && p[0].pid == getpid());
    uint64_t fr, total;
    hg_devmem_info(hg_node_devmem(a, 1), &fr, &total);
    CHECK(fr == total && total == 4 * MiB);

    /* References: still registered after closing one of two opens. */
    hg_node_close(b);
    CHECK(hg_node_procs(a, 0, p, HG_MAX_PROCS) == 1);
    hg_node_close(a);
    for (int i = 0; i < 2; i++) {
        close(to_child[i]);
        close(to_parent[i]);
    }
    remove_tree(dir);
}

/* Many processes opening a brand-new directory at the same moment all see
 * one fully created node. */
static void test_concurrent_open(void) {
    char dir[256], src[300];
    make_run_dir(dir, sizeof dir);
    snprintf(src, sizeof src, "%s.conf", dir);
    write_file(src, "gpus = 2\npreset = teach\ngpu.0.memory = 8M\ngpu.1.memory = 8M\n");
    setenv("HI_NODE_CONFIG", src, 1);
    char run[300];
    snprintf(run, sizeof run, "%s/node", dir); /* does not exist yet */
    int go[2];
    REQUIRE(pipe(go) == 0);
    enum { N = 6 };
    pid_t pids[N];
    for (int i = 0; i < N; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            close(go[1]);
            char c;
            if (read(go[0], &c, 1) != 0) /* released together when the pipe closes */
                _exit(1);
            hg_node *n = open_node(run);
            uint64_t off;
            int ok = n && hg_node_gpu_count(n) == 2 &&
                     hg_devmem_size(hg_node_devmem(n, 1)) == 8 * MiB &&
                     hg_devmem_alloc(hg_node_devmem(n, i % 2), 4096, 0, &off) == HG_OK &&
                     hg_devmem_free(hg_node_devmem(n, i % 2), off) == HG_OK;
            hg_node_close(n);
            _exit(ok ? 0 : 1);
        }
    }
    close(go[0]);
    close(go[1]);
    for (int i = 0; i < N; i++)
        CHECK(pids[i] > 0 && child_ok(pids[i]));
    unsetenv("HI_NODE_CONFIG");
    unlink(src);
    remove_tree(dir);
}

/* The telemetry page is shared by every process that opens the node. */
static void test_telemetry_page(void) {
    char dir[256];
    make_run_dir(dir, sizeof dir);
    write_node_conf(dir, 1, "1M");
    hg_node *n = open_node(dir);
    REQUIRE(n);
    size_t bytes = 0;
    unsigned char *t = hg_devmem_telemetry(hg_node_devmem(n, 0), &bytes);
    /* the page starts with the published block (docs/telemetry.md); its
     * tail is still zero */
    CHECK(t && bytes == 64 * 1024 && memcmp(t, "HGTELEM", 8) == 0 && t[bytes - 1] == 0);
    pid_t pid = fork();
    if (pid == 0) {
        hg_node *c = open_node(dir);
        unsigned char *ct = c ? hg_devmem_telemetry(hg_node_devmem(c, 0), NULL) : NULL;
        if (ct)
            ct[bytes - 1] = 42;
        hg_node_close(c);
        _exit(ct ? 0 : 1);
    }
    CHECK(child_ok(pid));
    CHECK(t[bytes - 1] == 42);
    hg_node_close(n);
    remove_tree(dir);
}

int main(void) {
    unsetenv("HI_NODE_CONFIG");
    unsetenv("HI_NODE_DIR");
    RUN(test_config_good);
    RUN(test_config_sources);
    RUN(test_config_bad);
    RUN(test_dir_resolution);
    RUN(test_bad_state);
    RUN(test_procs);
    RUN(test_concurrent_open);
    RUN(test_telemetry_page);
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
