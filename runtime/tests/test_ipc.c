/* test_ipc.c -- inter-process memory handles.  The parent allocates and
 * fills device memory and exports handles; a forked child (which opens its
 * own runtime: the parent's contexts do not survive fork) opens them, sees
 * the parent's bytes, writes new ones with a kernel, and is refused
 * handles that are stale or forged.  The parent then sees the child's
 * writes. */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rt_kernels.h"

static void **fatbin;
__attribute__((constructor)) static void register_code(void) {
    fatbin = rt_register_kernels();
}

enum { N = 1024 };

typedef struct message {
    hcIpcMemHandle_t live, freed, forged;
} message;

static int child(int rfd, int wfd) {
    message m;
    if (read(rfd, &m, sizeof m) != (ssize_t)sizeof m)
        return 2;
    unsigned *d = NULL, h[N];
    CHECK_OK(hcIpcOpenMemHandle((void **)&d, m.live, hcIpcMemLazyEnablePeerAccess));
    CHECK_OK(hcMemcpy(h, d, sizeof h, hcMemcpyDeviceToHost));
    CHECK(h[0] == 40 && h[N - 1] == 40 + N - 1);
    /* a kernel of this process writes the parent's allocation */
    RT_LAUNCH(fill, rt_dim(N / 256, 1, 1), rt_dim(256, 1, 1), 0, 0, (d, 5000u, N));
    CHECK_OK(hcDeviceSynchronize());
    hcPointerAttributes a;
    CHECK_OK(hcPointerGetAttributes(&a, d));
    CHECK(a.type == hcMemoryTypeDevice && a.device == 0);
    /* opening twice gives the same pointer; each open needs a close */
    unsigned *again = NULL;
    CHECK_OK(hcIpcOpenMemHandle((void **)&again, m.live, 0));
    CHECK(again == d);
    CHECK_OK(hcIpcCloseMemHandle(again));
    CHECK_OK(hcIpcCloseMemHandle(d));
    CHECK_ERR(hcIpcCloseMemHandle(d), hcErrorInvalidValue);
    void *p;
    CHECK_ERR(hcIpcOpenMemHandle(&p, m.freed, 0), hcErrorInvalidResourceHandle);
    CHECK_ERR(hcIpcOpenMemHandle(&p, m.forged, 0), hcErrorInvalidValue);
    CHECK_ERR(hcIpcOpenMemHandle(&p, m.live, 8), hcErrorInvalidValue);
    char done = rt_failures ? 'F' : 'K';
    if (write(wfd, &done, 1) != 1)
        return 2;
    return rt_failures ? 1 : 0;
}

int main(void) {
    rt_node("gpus = 1\npreset = teach\ngpu.0.memory = 64M\n");
    unsigned *d, *gone;
    CHECK_OK(hcMalloc((void **)&d, N * 4));
    CHECK_OK(hcMalloc((void **)&gone, 256));
    RT_LAUNCH(fill, rt_dim(N / 256, 1, 1), rt_dim(256, 1, 1), 0, 0, (d, 40u, N));
    CHECK_OK(hcDeviceSynchronize());

    message m;
    int host;
    CHECK_ERR(hcIpcGetMemHandle(&m.live, &host), hcErrorInvalidValue); /* not device memory */
    CHECK_OK(hcIpcGetMemHandle(&m.live, d + 10)); /* inside the allocation: names all of it */
    CHECK_OK(hcIpcGetMemHandle(&m.freed, gone));
    CHECK_OK(hcFree(gone));
    m.forged = m.live;
    m.forged.reserved[0] ^= 1;
    void *p;
    CHECK_ERR(hcIpcOpenMemHandle(&p, m.live, 0), hcErrorInvalidValue); /* not in the exporter */

    int down[2], up[2];
    if (pipe(down) != 0 || pipe(up) != 0)
        return 2;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(down[1]);
        close(up[0]);
        exit(child(down[0], up[1]));
    }
    close(down[0]);
    close(up[1]);
    CHECK(write(down[1], &m, sizeof m) == (ssize_t)sizeof m);
    char done = 0;
    CHECK(read(up[0], &done, 1) == 1 && done == 'K');
    int status = -1;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    /* the child's writes are in the parent's allocation */
    unsigned h[N];
    CHECK_OK(hcMemcpy(h, d, sizeof h, hcMemcpyDeviceToHost));
    CHECK(h[0] == 5000 && h[N - 1] == 5000 + N - 1);
    CHECK_OK(hcFree(d));
    return rt_finish("test_ipc");
}
