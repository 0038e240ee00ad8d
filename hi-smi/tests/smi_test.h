/* smi_test.h -- helpers for the hi-smi tests: CHECK macros, private node
 * directories, running hi-smi (found on $PATH, which ctest points at the
 * build's bin/) and capturing what it prints, and the busy_gpu helper
 * program that keeps a GPU busy from another process.
 *
 * Nothing here waits a fixed time and then asserts: waits poll for a
 * condition with a generous deadline (SMI_TEST_DEADLINE seconds). */
#ifndef SMI_TEST_H
#define SMI_TEST_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "node_test_util.h" /* CHECK, REQUIRE, RUN, run directories, files */

enum { SMI_TEST_DEADLINE = 120 };

/* Each test uses some of these helpers. */
#define SMI_HELPER static __attribute__((unused))

/* What a run printed. */
typedef struct output {
    int rc; /* exit code, or 128 + signal */
    char out[1 << 16], err[4096];
} output;

SMI_HELPER void drain(int fd, char *buf, size_t cap, size_t *len) {
    ssize_t n = read(fd, buf + *len, cap - 1 - *len);
    if (n > 0)
        *len += (size_t)n;
    buf[*len] = '\0';
}

/* Runs argv (argv[0] looked up on $PATH) and captures its output. */
SMI_HELPER void run(char *const argv[], output *o) {
    int po[2], pe[2];
    memset(o, 0, sizeof *o);
    if (pipe(po) != 0 || pipe(pe) != 0)
        exit(1);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(po[1], 1);
        dup2(pe[1], 2);
        close(po[0]), close(pe[0]), close(po[1]), close(pe[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(po[1]), close(pe[1]);
    size_t lo = 0, le = 0;
    struct pollfd p[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
    int open_fds = 2;
    while (open_fds > 0) {
        if (poll(p, 2, -1) < 0 && errno == EINTR)
            continue;
        for (int i = 0; i < 2; i++) {
            if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            size_t before = i ? le : lo;
            if (i)
                drain(p[i].fd, o->err, sizeof o->err, &le);
            else
                drain(p[i].fd, o->out, sizeof o->out, &lo);
            if ((i ? le : lo) == before) { /* EOF (or the buffer is full) */
                close(p[i].fd);
                p[i].fd = -1;
                open_fds--;
            }
        }
    }
    int st;
    waitpid(pid, &st, 0);
    o->rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* run() with up to 16 arguments given inline, ending with NULL. */
#define SMI(o, ...)                                                                                \
    do {                                                                                           \
        char *argv_[] = {"hi-smi", __VA_ARGS__, NULL};                                             \
        run(argv_, o);                                                                             \
    } while (0)
#define SMI0(o)                                                                                    \
    do {                                                                                           \
        char *argv_[] = {"hi-smi", NULL};                                                          \
        run(argv_, o);                                                                             \
    } while (0)

SMI_HELPER int count_lines(const char *s) {
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* ---- busy_gpu --------------------------------------------------------------- */

typedef struct busy {
    pid_t pid;
    int in; /* its stdin: closing it ends the program */
} busy;

/* Starts busy_gpu with args and waits for its "ready" line. */
SMI_HELPER int busy_start(busy *b, char *const args[]) {
    int pi[2], po[2];
    if (pipe(pi) != 0 || pipe(po) != 0)
        return -1;
    char *argv[16] = {"busy_gpu"};
    for (int i = 0; args[i] && i < 14; i++)
        argv[i + 1] = args[i];
    b->pid = fork();
    if (b->pid == 0) {
        dup2(pi[0], 0);
        dup2(po[1], 1);
        close(pi[0]), close(pi[1]), close(po[0]), close(po[1]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(pi[0]), close(po[1]);
    b->in = pi[1];
    char line[128] = "";
    size_t len = 0;
    struct pollfd p = {po[0], POLLIN, 0};
    time_t deadline = time(NULL) + SMI_TEST_DEADLINE;
    while (!strchr(line, '\n') && time(NULL) < deadline && len + 1 < sizeof line) {
        if (poll(&p, 1, 1000) <= 0)
            continue;
        ssize_t n = read(po[0], line + len, sizeof line - 1 - len);
        if (n <= 0)
            break;
        len += (size_t)n;
        line[len] = '\0';
    }
    close(po[0]);
    if (strncmp(line, "ready", 5) != 0) {
        fprintf(stderr, "busy_gpu did not start: '%s'\n", line);
        kill(b->pid, SIGKILL);
        waitpid(b->pid, NULL, 0);
        return -1;
    }
    return 0;
}

/* Ends busy_gpu the polite way (EOF on stdin); 1 if it exited with 0. */
SMI_HELPER int busy_stop(busy *b) {
    close(b->in);
    int st;
    waitpid(b->pid, &st, 0);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

SMI_HELPER void busy_kill(busy *b) {
    kill(b->pid, SIGKILL);
    waitpid(b->pid, NULL, 0);
    close(b->in);
}

/* Splits one CSV line at ", " into at most max fields (modifies it). */
SMI_HELPER int csv_split(char *line, char **f, int max) {
    int n = 0;
    while (n < max) {
        f[n++] = line;
        char *sep = strstr(line, ", ");
        if (!sep)
            break;
        *sep = '\0';
        line = sep + 2;
    }
    return n;
}

#endif /* SMI_TEST_H */
