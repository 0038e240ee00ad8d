/* run.c -- fork, exec and wait.  An exec failure travels back through a
 * close-on-exec pipe, so hiprof can tell "the program could not be run"
 * from "the program ran and exited 127". */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run.h"

static void child(char **argv, const hp_child_env *env, int errfd) {
    setenv("HI_PROF_OUT", env->records, 1);
    if (env->blocks) {
        char n[16];
        snprintf(n, sizeof n, "%u", env->blocks);
        setenv("HI_PROF_BLOCKS", n, 1);
    } else {
        unsetenv("HI_PROF_BLOCKS");
    }
    if (env->warp_trace)
        setenv("HI_TRACE", env->warp_trace, 1);
    if (env->kernel) {
        setenv("HI_PROF_TRACE_KERNEL", env->kernel, 1);
        unsetenv("HI_TRACE_KERNEL");
    } else {
        unsetenv("HI_PROF_TRACE_KERNEL");
    }
    execvp(argv[0], argv);
    int e = errno;
    ssize_t n = write(errfd, &e, sizeof e);
    (void)n;
    _exit(e == ENOENT ? 127 : 126);
}

int hp_run(char **argv, const hp_child_env *env, FILE *banner, hp_run_info *ri, int *status,
           char *err, size_t errlen) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        snprintf(err, errlen, "cannot start '%s': %m", argv[0]);
        *status = 126;
        return -1;
    }
    struct sigaction ign = {.sa_handler = SIG_IGN}, old_int, old_quit;
    sigemptyset(&ign.sa_mask);
    fflush(NULL); /* nothing buffered is written twice */
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errlen, "cannot start '%s': %m", argv[0]);
        close(fds[0]);
        close(fds[1]);
        *status = 126;
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        child(argv, env, fds[1]);
    }
    close(fds[1]);
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGQUIT, &ign, &old_quit);
    int e = 0;
    ssize_t n;
    while ((n = read(fds[0], &e, sizeof e)) < 0 && errno == EINTR)
        ;
    close(fds[0]);
    if (n == (ssize_t)sizeof e) {
        waitpid(pid, NULL, 0);
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
        snprintf(err, errlen, "cannot run '%s': %s", argv[0], strerror(e));
        *status = e == ENOENT ? 127 : 126;
        return -1;
    }
    if (banner) {
        fprintf(banner, "==%d== hiprof is profiling process %d, command: %s\n", (int)pid, (int)pid,
                ri->command);
        fflush(banner);
    }
    int ws;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    ri->pid = (int)pid;
    if (WIFSIGNALED(ws)) {
        ri->signaled = 1;
        ri->sig = WTERMSIG(ws);
        *status = 128 + ri->sig;
    } else {
        ri->exited = 1;
        ri->code = WEXITSTATUS(ws);
        *status = ri->code;
    }
    return 0;
}
