/* node.c -- a node is a directory: finding it, its node.conf, its GPUs.
 *
 * Opening is serialised between processes by an flock on <dir>/.lock: the
 * first opener writes node.conf and creates each GPU's files while every
 * other opener waits, so nobody sees a half-created node.  Per-GPU work
 * (allocation, process table) is guarded by each GPU's own robust mutex in
 * devmem.c.  Layout and formats: docs/node.md.
 */
#define _GNU_SOURCE
#include "devmem_internal.h"
#include "telemetry_internal.h"

#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct hg_node {
    char dir[PATH_MAX];
    int ngpus;
    hg_config cfg[HG_MAX_NODE_GPUS];
    hg_devmem *mem[HG_MAX_NODE_GPUS];
    int registered[HG_MAX_NODE_GPUS];
    int is_private; /* made by hg_node_open_private: removed on close */
};

enum { HG_CONF_MAX = 64 * 1024 }; /* node.conf is a few lines; refuse anything huge */

void hg_errf(char *err, size_t errlen, const char *fmt, ...) {
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* ---- node.conf ------------------------------------------------------------ */

typedef struct node_conf {
    int gpus;
    char preset[32];
    char gpu_preset[HG_MAX_NODE_GPUS][32];
    uint64_t gpu_mem[HG_MAX_NODE_GPUS]; /* 0: the preset's */
    int gpu_line[HG_MAX_NODE_GPUS];     /* last line naming gpu.N, for range errors */
} node_conf;

static char *trim(char *s) {
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

/* "64M", "1G", "4096", "2GiB": binary multiples. 0 on error. */
static uint64_t parse_size(const char *v) {
    if (!isdigit((unsigned char)*v))
        return 0;
    errno = 0;
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    if (errno)
        return 0;
    int shift = 0;
    switch (toupper((unsigned char)*end)) {
    case 'K': shift = 10; break;
    case 'M': shift = 20; break;
    case 'G': shift = 30; break;
    case 'T': shift = 40; break;
    }
    if (shift) {
        end++;
        if (strcmp(end, "iB") == 0 || strcmp(end, "B") == 0)
            end += strlen(end);
    }
    if (*end || n == 0 || n > (UINT64_MAX >> shift))
        return 0;
    return (uint64_t)n << shift;
}

static int parse_int(const char *v, long lo, long hi, long *out) {
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < lo || n > hi)
        return -1;
    *out = n;
    return 0;
}

static int check_preset(const char *v, char *dst, size_t len) {
    hg_config c;
    if (hg_config_preset(v, &c) != HG_OK)
        return -1;
    snprintf(dst, len, "%s", v);
    return 0;
}

/* Parses one `key = value` line (comment already removed); NULL or what is
 * wrong with it. */
static const char *parse_line(node_conf *c, char *line, int lineno) {
    char *eq = strchr(line, '=');
    if (!eq)
        return "expected `key = value`";
    *eq = '\0';
    char *key = trim(line), *val = trim(eq + 1);
    if (!*val)
        return "missing value";
    if (strcmp(key, "gpus") == 0) {
        long n;
        if (parse_int(val, 1, HG_MAX_NODE_GPUS, &n) != 0)
            return "gpus must be a number from 1 to 16";
        c->gpus = (int)n;
        return NULL;
    }
    if (strcmp(key, "preset") == 0)
        return check_preset(val, c->preset, sizeof c->preset) ? "unknown preset" : NULL;
    if (strncmp(key, "gpu.", 4) != 0)
        return "unknown key";
    char *end;
    errno = 0;
    long g = strtol(key + 4, &end, 10);
    if (end == key + 4 || *end != '.' || g < 0 || g >= HG_MAX_NODE_GPUS)
        return "expected gpu.N.preset or gpu.N.memory with N from 0 to 15";
    c->gpu_line[g] = lineno;
    if (strcmp(end + 1, "preset") == 0)
        return check_preset(val, c->gpu_preset[g], sizeof c->gpu_preset[g]) ? "unknown preset"
                                                                            : NULL;
    if (strcmp(end + 1, "memory") == 0) {
        uint64_t sz = parse_size(val);
        if (sz < 64 * 1024 || sz % 4096)
            return "memory must be a size such as 64M or 2G (at least 64K, whole pages)";
        c->gpu_mem[g] = sz;
        return NULL;
    }
    return "unknown key";
}

/* Parses node.conf text (NUL-terminated, modified in place) into the GPUs'
 * configurations.  name is the file named in errors. */
static hg_status parse_conf(char *text, const char *name, int *ngpus, hg_config *cfg, char *err,
                            size_t errlen) {
    node_conf c = {.gpus = 1};
    snprintf(c.preset, sizeof c.preset, "%s", hg_config_default_preset());
    int lineno = 0;
    for (char *line = text; line; lineno++) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *l = trim(line);
        const char *why = *l ? parse_line(&c, l, lineno + 1) : NULL;
        if (why) {
            hg_errf(err, errlen, "%s:%d: %s", name, lineno + 1, why);
            return HG_ERR_INVALID_VALUE;
        }
        line = next;
    }
    for (int g = c.gpus; g < HG_MAX_NODE_GPUS; g++) {
        if (c.gpu_line[g]) {
            hg_errf(err, errlen, "%s:%d: gpu.%d configured but the node has %d GPU%s", name,
                    c.gpu_line[g], g, c.gpus, c.gpus == 1 ? "" : "s");
            return HG_ERR_INVALID_VALUE;
        }
    }
    for (int g = 0; g < c.gpus; g++) {
        /* Presets were checked while parsing, so this cannot fail. */
        hg_config_preset(c.gpu_preset[g][0] ? c.gpu_preset[g] : c.preset, &cfg[g]);
        if (c.gpu_mem[g])
            cfg[g].mem_bytes = c.gpu_mem[g];
    }
    *ngpus = c.gpus;
    return HG_OK;
}

/* ---- files ---------------------------------------------------------------- */

/* Reads a whole small file into a NUL-terminated malloc'ed buffer. */
static hg_status read_text(const char *path, char **out, char *err, size_t errlen) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        hg_errf(err, errlen, "%s: %s", path, strerror(errno));
        return errno == ENOENT ? HG_ERR_NOT_FOUND : HG_ERR_IO;
    }
    hg_status s = HG_ERR_IO;
    char *buf = malloc(HG_CONF_MAX + 1);
    size_t len = 0;
    if (!buf) {
        hg_errf(err, errlen, "%s: out of host memory", path);
        goto out;
    }
    for (;;) {
        ssize_t n = read(fd, buf + len, HG_CONF_MAX + 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            hg_errf(err, errlen, "%s: %s", path, strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > HG_CONF_MAX) {
            hg_errf(err, errlen, "%s: larger than %d bytes; not a node configuration", path,
                    HG_CONF_MAX);
            s = HG_ERR_INVALID_VALUE;
            goto out;
        }
    }
    buf[len] = '\0';
    if (memchr(buf, '\0', len)) {
        hg_errf(err, errlen, "%s: binary data in a node configuration", path);
        s = HG_ERR_INVALID_VALUE;
        goto out;
    }
    *out = buf;
    buf = NULL;
    s = HG_OK;
out:
    free(buf);
    close(fd);
    return s;
}

/* Writes path through a temporary file and a rename, so readers see the old
 * file or the whole new one. */
static hg_status write_atomic(const char *path, const char *text, char *err, size_t errlen) {
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        hg_errf(err, errlen, "%s: path too long", path);
        return HG_ERR_IO;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        hg_errf(err, errlen, "%s: %s", tmp, strerror(errno));
        return HG_ERR_IO;
    }
    size_t len = strlen(text), done = 0;
    while (done < len) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    int ok = done == len;
    if (close(fd) != 0)
        ok = 0;
    if (!ok || rename(tmp, path) != 0) {
        hg_errf(err, errlen, "%s: %s", ok ? path : tmp, strerror(errno));
        unlink(tmp);
        return HG_ERR_IO;
    }
    return HG_OK;
}

/* mkdir -p with mode 0700 for what it creates; the leaf must be a directory. */
static hg_status make_dirs(const char *dir, char *err, size_t errlen) {
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s", dir);
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST) {
            hg_errf(err, errlen, "%s: cannot create directory: %s", p, strerror(errno));
            return HG_ERR_IO;
        }
        *s = c;
        if (!c)
            break;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        hg_errf(err, errlen, "%s: not a directory", dir);
        return HG_ERR_IO;
    }
    return HG_OK;
}

static const char default_conf[] = "# HiGPU node configuration (see docs/node.md)\n"
                                   "gpus = 1\n"
                                   "preset = %s\n";

/* node.conf of a new node: a validated copy of $HI_NODE_CONFIG, or the
 * defaults. */
static hg_status create_conf(const char *path, char *err, size_t errlen) {
    const char *src = getenv("HI_NODE_CONFIG");
    char *text = NULL, *scratch = NULL;
    hg_status s;
    if (src && *src) {
        s = read_text(src, &text, err, errlen);
        if (s != HG_OK) {
            if (s == HG_ERR_NOT_FOUND)
                s = HG_ERR_IO;
            goto out;
        }
        /* Check it before it becomes the node's configuration. */
        scratch = strdup(text);
        int n;
        hg_config cfg[HG_MAX_NODE_GPUS];
        s = scratch ? parse_conf(scratch, src, &n, cfg, err, errlen) : HG_ERR_IO;
        if (s != HG_OK)
            goto out;
    } else {
        if (asprintf(&text, default_conf, hg_config_default_preset()) < 0) {
            text = NULL;
            hg_errf(err, errlen, "%s: out of host memory", path);
            s = HG_ERR_IO;
            goto out;
        }
    }
    s = write_atomic(path, text, err, errlen);
out:
    free(scratch);
    free(text);
    return s;
}

/* The run directory: dir, else $HI_NODE_DIR, else $XDG_RUNTIME_DIR/higpu-node,
 * else /dev/shm/higpu-node-<uid>. */
static hg_status resolve_dir(const char *dir, char *out, size_t len, char *err, size_t errlen) {
    const char *env;
    int n;
    int shared_tmp = 0;
    if (dir && *dir)
        n = snprintf(out, len, "%s", dir);
    else if ((env = getenv("HI_NODE_DIR")) && *env)
        n = snprintf(out, len, "%s", env);
    else if ((env = getenv("XDG_RUNTIME_DIR")) && *env)
        n = snprintf(out, len, "%s/higpu-node", env);
    else {
        n = snprintf(out, len, "/dev/shm/higpu-node-%u", (unsigned)getuid());
        shared_tmp = 1;
    }
    if (n < 0 || (size_t)n >= len - 32) { /* room for /gpuN/state.tmp */
        hg_errf(err, errlen, "%s: run directory path too long", out);
        return HG_ERR_INVALID_VALUE;
    }
    /* /dev/shm is world-writable: refuse a directory someone else made. */
    struct stat sb;
    if (shared_tmp && lstat(out, &sb) == 0 && (!S_ISDIR(sb.st_mode) || sb.st_uid != getuid())) {
        hg_errf(err, errlen, "%s: exists but is not a directory owned by you", out);
        return HG_ERR_IO;
    }
    return HG_OK;
}

/* ---- the node -------------------------------------------------------------- */

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

void hg_node_close(hg_node *node) {
    if (!node)
        return;
    for (int i = 0; i < node->ngpus; i++) {
        if (node->registered[i])
            hg_devmem_unregister(node->mem[i]);
        hg_devmem_detach(node->mem[i]);
    }
    if (node->is_private)
        nftw(node->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    free(node);
}

hg_status hg_node_open_private(const char *conf, hg_node **out, char *err, size_t errlen) {
    const char *tmp = getenv("TMPDIR");
    char dir[PATH_MAX], path[PATH_MAX + 16];
    struct stat st;
    if (!tmp || !*tmp)
        tmp = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/higpu-private-XXXXXX", tmp);
    if (!mkdtemp(dir)) {
        hg_errf(err, errlen, "%s: cannot create a private node directory: %s", dir, strerror(errno));
        return HG_ERR_IO;
    }
    snprintf(path, sizeof path, "%s/node.conf", dir);
    hg_status s = write_atomic(path, conf ? conf : default_conf, err, errlen);
    if (s == HG_OK)
        s = hg_node_open(dir, out, err, errlen);
    if (s != HG_OK) {
        nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
        return s;
    }
    (*out)->is_private = 1;
    return HG_OK;
}

hg_status hg_node_open(const char *dir, hg_node **out, char *err, size_t errlen) {
    if (err && errlen)
        err[0] = '\0';
    if (!out) {
        hg_errf(err, errlen, "hg_node_open: out is NULL");
        return HG_ERR_INVALID_VALUE;
    }
    *out = NULL;
    hg_node *node = calloc(1, sizeof *node);
    if (!node) {
        hg_errf(err, errlen, "hg_node_open: out of host memory");
        return HG_ERR_IO;
    }
    char path[PATH_MAX + 64];
    char *text = NULL;
    int lockfd = -1;
    hg_status s = resolve_dir(dir, node->dir, sizeof node->dir, err, errlen);
    if (s != HG_OK)
        goto fail;
    s = make_dirs(node->dir, err, errlen);
    if (s != HG_OK)
        goto fail;

    snprintf(path, sizeof path, "%s/.lock", node->dir);
    lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    int rc = lockfd < 0 ? -1 : 0;
    while (rc == 0 && (rc = flock(lockfd, LOCK_EX)) != 0 && errno == EINTR)
        rc = 0;
    if (rc != 0) {
        hg_errf(err, errlen, "%s: %s", path, strerror(errno));
        s = HG_ERR_IO;
        goto fail;
    }

    snprintf(path, sizeof path, "%s/node.conf", node->dir);
    s = read_text(path, &text, err, errlen);
    if (s == HG_ERR_NOT_FOUND) {
        s = create_conf(path, err, errlen);
        if (s == HG_OK)
            s = read_text(path, &text, err, errlen);
    }
    if (s != HG_OK)
        goto fail;
    s = parse_conf(text, path, &node->ngpus, node->cfg, err, errlen);
    if (s != HG_OK)
        goto fail;

    for (int i = 0; i < node->ngpus; i++) {
        snprintf(path, sizeof path, "%s/gpu%d", node->dir, i);
        if (mkdir(path, 0700) != 0 && errno != EEXIST) {
            hg_errf(err, errlen, "%s: cannot create directory: %s", path, strerror(errno));
            s = HG_ERR_IO;
            goto fail;
        }
        s = hg_devmem_attach(path, i, &node->cfg[i], &node->mem[i], err, errlen);
        if (s != HG_OK)
            goto fail;
        size_t tbytes;
        void *page = hg_devmem_telemetry(node->mem[i], &tbytes);
        hg_tm_init_page(page, tbytes, i, node->ngpus, &node->cfg[i], node->dir);
    }
    for (int i = 0; i < node->ngpus; i++) {
        s = hg_devmem_register(node->mem[i], err, errlen);
        if (s != HG_OK)
            goto fail;
        node->registered[i] = 1;
    }
    free(text);
    close(lockfd); /* drops the flock */
    *out = node;
    return HG_OK;

fail:
    /* hg_node_close unwinds exactly what was attached and registered. */
    hg_node_close(node);
    free(text);
    if (lockfd >= 0)
        close(lockfd);
    return s;
}

const char *hg_node_dir(const hg_node *node) {
    return node ? node->dir : NULL;
}
int hg_node_gpu_count(const hg_node *node) {
    return node ? node->ngpus : 0;
}

const hg_config *hg_node_gpu_config(const hg_node *node, int i) {
    return node && i >= 0 && i < node->ngpus ? &node->cfg[i] : NULL;
}

hg_devmem *hg_node_devmem(hg_node *node, int i) {
    return node && i >= 0 && i < node->ngpus ? node->mem[i] : NULL;
}

int hg_node_procs(hg_node *node, int i, hg_proc_info *out, int max) {
    hg_devmem *m = hg_node_devmem(node, i);
    return m && out && max > 0 ? hg_devmem_procs(m, out, max) : 0;
}

/* ---- the read-only side (telemetry readers) ------------------------------------- */

hg_status hg_node_locate(const char *dir, char *out, size_t len, char *err, size_t errlen) {
    return resolve_dir(dir, out, len, err, errlen);
}

hg_status hg_node_read_config(const char *dir, int *ngpus, hg_config *cfg, char *err,
                              size_t errlen) {
    char path[PATH_MAX + 16], *text = NULL;
    snprintf(path, sizeof path, "%s/node.conf", dir);
    hg_status s = read_text(path, &text, err, errlen);
    if (s == HG_ERR_NOT_FOUND) {
        hg_errf(err, errlen, "%s: no HiGPU node here (no node.conf)", dir);
        return HG_ERR_NO_DEVICE;
    }
    if (s == HG_OK)
        s = parse_conf(text, path, ngpus, cfg, err, errlen);
    free(text);
    return s;
}
