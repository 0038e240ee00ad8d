/* rt_test.h -- a small harness for the runtime's tests.
 *
 * The tests are host programs that drive libhcrt exactly as clang-generated
 * code does: a static constructor registers a fat binary wrapper pointing
 * at an .hcbin image, each kernel's host stub and each variable's host
 * shadow; a launch pushes its configuration and calls the stub, which pops
 * it and calls cudaLaunchKernel with its own address.  Each test gets a
 * private node (a fresh run directory) made in main, before the first
 * runtime call -- after registration, which must not touch the node. */
#ifndef RT_TEST_H
#define RT_TEST_H

#include <stdio.h>
#include <stdlib.h>

#include "hc_cuda_abi.h"
#include "hc_runtime_api.h"

#ifdef __cplusplus
extern "C" {
#endif

extern int rt_failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
            rt_failures++;                                                                         \
        }                                                                                          \
    } while (0)

/* CHECK_ERR(call, hcErrorX): the call returns that error. */
#define CHECK_ERR(call, want)                                                                      \
    do {                                                                                           \
        hcError_t got_ = (call), want_ = (want);                                                   \
        if (got_ != want_) {                                                                       \
            fprintf(stderr, "%s:%d: %s returned %s (%d), expected %s\n", __FILE__, __LINE__,       \
                    #call, hcGetErrorName(got_), (int)got_, hcGetErrorName(want_));                \
            rt_failures++;                                                                         \
        }                                                                                          \
    } while (0)
#define CHECK_OK(call) CHECK_ERR(call, hcSuccess)

/* Makes a private node with conf as its node.conf and points HI_NODE_DIR
 * at it; the directory is removed at exit (by the process that made it). */
void rt_node(const char *conf);
/* Registers the .hcbin file name (next to the executable) as clang's
 * module constructor does and unregisters it at exit; exits on failure. */
void **rt_fatbin(const char *name);
/* The body of every host stub: pop the configuration, launch the stub. */
void rt_stub_launch(const void *stub, void **args);
/* `kernel<<<grid, block, shmem, stream>>>(args)` as clang lowers it:
 * RT_LAUNCH(kernel, grid, block, shmem, stream, (a, b, c)). */
#define RT_LAUNCH(kernel, grid, block, shmem, stream, args)                                        \
    (__cudaPushCallConfiguration((grid), (block), (shmem), (stream)) ? (void)0 : (void)kernel args)

/* Runs fn with fd (1 or 2) redirected to a file; returns what it wrote
 * (malloc'd, NUL-terminated). */
char *rt_capture(int fd, void (*fn)(void *), void *arg);
/* Ends the test: one summary line, the exit code. */
int rt_finish(const char *name);

#ifdef __cplusplus
}
#endif

static inline dim3 rt_dim(unsigned x, unsigned y, unsigned z) {
    dim3 d = {x, y, z};
    return d;
}

#endif
