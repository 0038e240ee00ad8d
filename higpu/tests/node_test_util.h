/* node_test_util.h -- small helpers shared by the node, devmem and telemetry
 * tests and hi-smi's: CHECK macros, a private run directory per test, files,
 * forked children.  Each test uses some of them. */
#ifndef HIGPU_NODE_TEST_UTIL_H
#define HIGPU_NODE_TEST_UTIL_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "higpu/node.h"

#define NODE_TEST_HELPER static __attribute__((unused))

NODE_TEST_HELPER int failures;

/* CHECK records a failure and goes on; REQUIRE also leaves the function
 * (what follows would only crash on the failed precondition). */
#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c);                  \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)
#define REQUIRE(c)                                                                                 \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #c);                \
            failures++;                                                                            \
            return;                                                                                \
        }                                                                                          \
    } while (0)
#define CHECK_OK(s)                                                                                \
    do {                                                                                           \
        hg_status s_ = (s);                                                                        \
        if (s_ != HG_OK) {                                                                         \
            fprintf(stderr, "%s:%d: %s returned %s\n", __FILE__, __LINE__, #s,                     \
                    hg_status_name(s_));                                                           \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

/* Run directories go on tmpfs when there is one, as in real use. */
NODE_TEST_HELPER char *make_run_dir(char *buf, size_t len) {
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(buf, len, "%s/hg-test-XXXXXX", base);
    if (!mkdtemp(buf)) {
        fprintf(stderr, "mkdtemp %s: %s\n", buf, strerror(errno));
        exit(1);
    }
    return buf;
}

NODE_TEST_HELPER int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    return remove(path);
}

NODE_TEST_HELPER void remove_tree(const char *dir) {
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

NODE_TEST_HELPER void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        exit(1);
    }
    fputs(text, f);
    fclose(f);
}

/* A node of `gpus` GPUs with `mem` of memory each, written as node.conf. */
NODE_TEST_HELPER void write_node_conf(const char *dir, int gpus, const char *mem) {
    char path[4096], text[512];
    int n = snprintf(text, sizeof text, "gpus = %d\npreset = teach\n", gpus);
    for (int i = 0; i < gpus; i++)
        n += snprintf(text + n, sizeof text - (size_t)n, "gpu.%d.memory = %s\n", i, mem);
    snprintf(path, sizeof path, "%s/node.conf", dir);
    write_file(path, text);
}

NODE_TEST_HELPER hg_node *open_node(const char *dir) {
    char err[512];
    hg_node *n = NULL;
    hg_status s = hg_node_open(dir, &n, err, sizeof err);
    if (s != HG_OK) {
        fprintf(stderr, "hg_node_open(%s): %s: %s\n", dir, hg_status_name(s), err);
        return NULL;
    }
    return n;
}

/* Waits for a child; 1 if it exited with status 0. */
NODE_TEST_HELPER int child_ok(pid_t pid) {
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* Pipes let parent and child take turns: each side writes one byte. */
NODE_TEST_HELPER int sync_send(int fd) {
    char c = 1;
    return write(fd, &c, 1) == 1;
}

/* 0 when the other side has gone (closed its end or died). */
NODE_TEST_HELPER int sync_wait(int fd) {
    char c;
    return read(fd, &c, 1) == 1;
}

#define RUN(test)                                                                                  \
    do {                                                                                           \
        int before_ = failures;                                                                    \
        test();                                                                                    \
        fprintf(stderr, "%-40s %s\n", #test, failures == before_ ? "ok" : "FAILED");               \
    } while (0)

#endif /* HIGPU_NODE_TEST_UTIL_H */
