/* test_smi_args.c -- hi-smi's command line without a GPU: every bad option
 * or value is one line on stderr and exit code 2 with nothing on stdout;
 * with no node present every mode says so in one line and exits 9 (as
 * nvidia-smi does without its driver) without creating anything; --help,
 * --version and --help-query-* need no node. */
#include "smi_test.h"

/* One line on stderr, nothing on stdout, exit 2. */
static void expect_usage_error(char *const argv[]) {
    output o;
    run(argv, &o);
    int ok = o.rc == 2 && o.out[0] == '\0' && count_lines(o.err) == 1;
    if (!ok) {
        fprintf(stderr, "  hi-smi");
        for (int i = 1; argv[i]; i++)
            fprintf(stderr, " %s", argv[i]);
        fprintf(stderr, ": rc %d, stdout '%.60s', stderr '%s'\n", o.rc, o.out, o.err);
    }
    CHECK(ok);
}

static void test_bad_options(void) {
    static char *const cases[][6] = {
        {"hi-smi", "--bogus"},
        {"hi-smi", "-z"},
        {"hi-smi", "-i"},
        {"hi-smi", "stray"},
        {"hi-smi", "-x"},
        {"hi-smi", "-L", "-q"},
        {"hi-smi", "-d", "MEMORY"},
        {"hi-smi", "-q", "-d", "NOPE"},
        {"hi-smi", "-q", "-d", ""},
        {"hi-smi", "--query-gpu=index"},
        {"hi-smi", "--query-gpu=bogus", "--format=csv"},
        {"hi-smi", "--query-gpu=index,,", "--format=csv"},
        {"hi-smi", "--query-gpu=index", "--format=xml"},
        {"hi-smi", "--query-gpu=index", "--format=noheader"},
        {"hi-smi", "--query-compute-apps=pid,bogus", "--format=csv"},
        {"hi-smi", "--format=csv"},
        {"hi-smi", "-l", "0"},
        {"hi-smi", "-l", "abc"},
        {"hi-smi", "-lms", "-5"},
        {"hi-smi", "-L", "-l", "1"},
        {"hi-smi", "dmon", "-c", "x"},
        {"hi-smi", "dmon", "-s", "z"},
        {"hi-smi", "dmon", "-q"},
        {"hi-smi", "pmon", "-d", "99"},
        {"hi-smi", "pmon", "extra"},
        {"hi-smi", "topo"},
        {"hi-smi", "topo", "-x"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_usage_error(cases[i]);
    /* the unknown field is named the way nvidia-smi names it */
    output o;
    SMI(&o, "--query-gpu=index,bogus.field", "--format=csv");
    CHECK(strstr(o.err, "Field \"bogus.field\" is not a valid field to query.") != NULL);
}

static void test_no_node(void) {
    char dir[256], absent[512];
    make_run_dir(dir, sizeof dir);
    snprintf(absent, sizeof absent, "%s/no-node-here", dir);
    setenv("HI_NODE_DIR", absent, 1);
    static char *const modes[][5] = {
        {"hi-smi"},
        {"hi-smi", "-L"},
        {"hi-smi", "-q"},
        {"hi-smi", "--query-gpu=index,name", "--format=csv"},
        {"hi-smi", "--query-compute-apps=pid", "--format=csv"},
        {"hi-smi", "--json"},
        {"hi-smi", "dmon", "-c", "1"},
        {"hi-smi", "pmon", "-c", "1"},
        {"hi-smi", "topo", "-m"},
        {"hi-smi", "-i", "0", "-L"},
    };
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        output o;
        run(modes[i], &o);
        int ok = o.rc == 9 && o.out[0] == '\0' && count_lines(o.err) == 1 &&
                 strstr(o.err, "couldn't find a HiGPU node") && strstr(o.err, absent);
        if (!ok)
            fprintf(stderr, "  %s %s: rc %d, stderr '%s'\n", modes[i][0],
                    modes[i][1] ? modes[i][1] : "", o.rc, o.err);
        CHECK(ok);
    }
    CHECK(access(absent, F_OK) != 0); /* hi-smi never creates a node */
    /* a directory that is not a node (no node.conf) */
    setenv("HI_NODE_DIR", dir, 1);
    output o;
    SMI0(&o);
    CHECK(o.rc == 9 && count_lines(o.err) == 1);
    char conf[600];
    snprintf(conf, sizeof conf, "%s/node.conf", dir);
    CHECK(access(conf, F_OK) != 0);
    unsetenv("HI_NODE_DIR");
    remove_tree(dir);
}

static void test_help_without_node(void) {
    setenv("HI_NODE_DIR", "/nonexistent/hi-smi-test", 1);
    output o;
    SMI(&o, "--help");
    CHECK(o.rc == 0 && strstr(o.out, "--query-gpu") && strstr(o.out, "modelled"));
    SMI(&o, "--version");
    CHECK(o.rc == 0 && strstr(o.out, "HI-SMI version") && strstr(o.out, "DRIVER version"));
    SMI(&o, "--help-query-gpu");
    CHECK(o.rc == 0 && strstr(o.out, "\"utilization.gpu\"") &&
          strstr(o.out, "\"clocks.current.sm\" or \"clocks.sm\""));
    SMI(&o, "--help-query-compute-apps");
    CHECK(o.rc == 0 && strstr(o.out, "\"used_gpu_memory\" or \"used_memory\""));
    SMI(&o, "dmon", "--help");
    CHECK(o.rc == 0 && strstr(o.out, "dmon"));
    unsetenv("HI_NODE_DIR");
}

int main(void) {
    unsetenv("HI_NODE_CONFIG");
    RUN(test_bad_options);
    RUN(test_no_node);
    RUN(test_help_without_node);
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
