/* himl_procs.c -- the processes using a GPU, their utilisation and names. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "himl_internal.h"

/* Takes a snapshot of the GPU and checks that the caller's array (count
 * entries) holds every process; *count becomes the number of processes
 * either way.  On HIML_SUCCESS the caller fills the array from *s and
 * releases it. */
static himlReturn_t procs_begin(himlDevice_t d, unsigned int *count, const void *array, himl_snap **s) {
    if (!count)
        return HIML_ERROR_INVALID_ARGUMENT;
    himlReturn_t r = himl_acquire(d, 1, s);
    if (r != HIML_SUCCESS)
        return r;
    unsigned n = (unsigned)(*s)->s.nprocs;
    r = *count < n || (n > 0 && !array) ? HIML_ERROR_INSUFFICIENT_SIZE : HIML_SUCCESS;
    *count = n;
    if (r != HIML_SUCCESS)
        himl_release(*s);
    return r;
}

HIML_API himlReturn_t himlDeviceGetComputeRunningProcesses(himlDevice_t d, unsigned int *infoCount,
                                                           himlProcessInfo_t *infos) {
    himl_snap *s;
    himlReturn_t r = procs_begin(d, infoCount, infos, &s);
    if (r != HIML_SUCCESS)
        return r;
    for (unsigned i = 0; i < *infoCount; i++) {
        infos[i].pid = (unsigned)s->s.procs[i].pid;
        infos[i].usedGpuMemory = s->s.procs[i].mem_bytes;
    }
    himl_release(s);
    return HIML_SUCCESS;
}

HIML_API himlReturn_t himlDeviceGetProcessUtilization(himlDevice_t d,
                                                      himlProcessUtilizationSample_t *u,
                                                      unsigned int *count,
                                                      unsigned long long lastSeenTimeStamp) {
    (void)lastSeenTimeStamp;
    himl_snap *s;
    himlReturn_t r = procs_begin(d, count, u, &s);
    if (r != HIML_SUCCESS)
        return r;
    for (unsigned i = 0; i < *count; i++) {
        const hg_tm_proc_status *p = &s->s.procs[i];
        memset(&u[i], 0, sizeof u[i]);
        u[i].pid = (unsigned)p->pid;
        u[i].timeStamp = s->s.now_ns / 1000;
        u[i].smUtil = himl_percent(p->util_sm);
        u[i].memUtil = himl_percent(p->util_copy);
    }
    himl_release(s);
    return HIML_SUCCESS;
}

/* Reads up to len-1 bytes of a small /proc file; -1 if it cannot. */
static ssize_t read_small(const char *path, char *buf, size_t len) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, len - 1);
    close(fd);
    if (n >= 0)
        buf[n] = '\0';
    return n;
}

HIML_API himlReturn_t himlSystemGetProcessName(unsigned int pid, char *name, unsigned int length) {
    if (!name || length == 0)
        return HIML_ERROR_INVALID_ARGUMENT;
    char path[64], buf[4096];
    /* argv[0] as nvidia-smi shows it (often a path); a kernel thread or a
     * process that cleared its command line falls back to its comm. */
    snprintf(path, sizeof path, "/proc/%u/cmdline", pid);
    ssize_t n = read_small(path, buf, sizeof buf);
    if (n <= 0 || buf[0] == '\0') {
        snprintf(path, sizeof path, "/proc/%u/comm", pid);
        n = read_small(path, buf, sizeof buf);
        if (n <= 0)
            return HIML_ERROR_NOT_FOUND;
        buf[strcspn(buf, "\n")] = '\0';
    }
    return himl_copy_str(name, length, buf);
}
