/* rt_test.c -- see rt_test.h. */
#define _GNU_SOURCE
#include "rt_test.h"

#include <ftw.h>
#include <string.h>
#include <unistd.h>

int rt_failures;

static char node_dir[4096];
static pid_t node_owner;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_node(void) {
    if (node_dir[0] && getpid() == node_owner)
        nftw(node_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void rt_node(const char *conf) {
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(node_dir, sizeof node_dir, "%s/hcrt-test-XXXXXX", base);
    if (!mkdtemp(node_dir)) {
        perror("mkdtemp");
        exit(2);
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/node.conf", node_dir);
    FILE *f = fopen(path, "w");
    if (!f || fputs(conf, f) < 0 || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
    setenv("HI_NODE_DIR", node_dir, 1);
    node_owner = getpid();
    /* registered before the runtime's own exit handler, so it runs after it */
    atexit(remove_node);
}

/* ---- fat binaries ------------------------------------------------------------ */

enum { MAX_FATBINS = 8 };
static void **handles[MAX_FATBINS];
static int nhandles;

static void unregister_all(void) {
    while (nhandles > 0)
        __cudaUnregisterFatBinary(handles[--nhandles]);
}

void **rt_fatbin(const char *name) {
    char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 256);
    if (n <= 0) {
        fprintf(stderr, "rt_fatbin: cannot find the executable\n");
        exit(2);
    }
    path[n] = 0;
    strcpy(strrchr(path, '/') + 1, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    /* what clang embeds: the file's bytes, 8-aligned, and a wrapper */
    void *image = aligned_alloc(8, ((size_t)len + 7) / 8 * 8);
    if (!image || fread(image, 1, (size_t)len, f) != (size_t)len) {
        fprintf(stderr, "rt_fatbin: cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    /* like clang's __cuda_fatbin_wrapper, it lives as long as the program */
    static hcFatbinWrapper wrappers[MAX_FATBINS];
    if (nhandles == MAX_FATBINS) {
        fprintf(stderr, "rt_fatbin: too many images\n");
        exit(2);
    }
    hcFatbinWrapper *w = &wrappers[nhandles];
    *w = (hcFatbinWrapper){HC_FATBIN_MAGIC, HC_FATBIN_VERSION, image, NULL};
    void **h = __cudaRegisterFatBinary(w);
    if (!h) {
        fprintf(stderr, "rt_fatbin: cannot register %s\n", path);
        exit(2);
    }
    if (nhandles == 0)
        atexit(unregister_all);
    handles[nhandles++] = h;
    return h;
}

void rt_stub_launch(const void *stub, void **args) {
    dim3 grid, block;
    size_t shmem;
    hcStream_t stream;
    if (__cudaPopCallConfiguration(&grid, &block, &shmem, &stream) != 0)
        return;
    cudaLaunchKernel(stub, grid, block, args, shmem, stream);
}

char *rt_capture(int fd, void (*fn)(void *), void *arg) {
    char path[] = "/tmp/hcrt-capture-XXXXXX";
    int tmp = mkstemp(path);
    if (tmp < 0) {
        perror("mkstemp");
        exit(2);
    }
    unlink(path);
    fflush(fd == 1 ? stdout : stderr);
    int saved = dup(fd);
    dup2(tmp, fd);
    fn(arg);
    fflush(fd == 1 ? stdout : stderr);
    dup2(saved, fd);
    close(saved);
    off_t len = lseek(tmp, 0, SEEK_END);
    char *buf = calloc(1, (size_t)len + 1);
    if (pread(tmp, buf, (size_t)len, 0) != len)
        buf[0] = 0;
    close(tmp);
    return buf;
}

int rt_finish(const char *name) {
    if (rt_failures)
        printf("%s: FAILED (%d checks)\n", name, rt_failures);
    else
        printf("%s: PASSED\n", name);
    return rt_failures ? 1 : 0;
}
