/* hias_errors -- bad assembly: each case must fail with "t.hs:LINE: " and a
 * message naming the problem.  Also: no input crashes the assembler. */
#include <stdint.h>

#include "hisa/hcbin.h"
#include "hisa_test.h"

typedef struct bad {
    const char *src;
    int line;
    const char *msg;
} bad;

#define K ".kernel k\n"
static const bad cases[] = {
    {K "    FOO R1, R2\n", 2, "unknown instruction 'FOO'"},
    {K "    IADD R1, R2\n", 2, "IADD takes 3 operands, got 2"},
    {K "    IADD R1, R2, R3, R4\n", 2, "IADD takes 3 operands, got 4"},
    {K "    ISETP.LT P0\n", 2, "ISETP takes 3 to 4 operands"},
    {K "    IADD.S32 R1, R2, R3\n", 2, "modifier '.S32' is not valid for IADD"},
    {K "    ISETP.LT.GT P0, R1, R2\n", 2, "conflicts with an earlier comparison"},
    {K "    FADD.XYZ R1, R2, R3\n", 2, "modifier '.XYZ'"},
    {K "    MOV R255, R1\n", 2, "expected a register, got 'R255'"},
    {K "    MOV R1, P0\n", 2, "expected a register or 32-bit immediate"},
    {K "    MOV R1, 0x100000000\n", 2, "32-bit immediate"},
    {K "    MOV R1, 1.5.5\n", 2, "bad float immediate '1.5.5'"},
    {K "    IMAD R1, R2, R3, 16777216\n", 2, "out of range (-16777216..16777215)"},
    {K "    LDG R1, [R2+0x1000000]\n", 2, "out of range"},
    {K "    LDG R1, R2\n", 2, "expected a memory operand"},
    {K "    LDG R1, [P0]\n", 2, "expected a base register"},
    {K "    S2R R1, SR_BOGUS\n", 2, "unknown special register 'SR_BOGUS'"},
    {K "    ISETP.LT P7, R1, R2\n", 2, "expected a predicate, got 'P7'"},
    {K "    PLOP.AND P0, P1, !Q2\n", 2, "expected a predicate"},
    {K "    @P9 EXIT\n", 2, "bad guard predicate"},
    {K "    SHFL.IDX R1, P0, R2, R3, 9000, R4\n", 2, "expected an immediate 0..8191"},
    {K "    MOV64 R254, 1\n", 2, "register pair or vector runs past R254"},
    {K "    BRA nowhere\n    EXIT\n", 2, "undefined label 'nowhere'"},
    {K "    BRA end\nend:\n", 2, "label 'end' is past the last instruction"},
    {K "    BRA 0x18\n", 2, "multiple of 16"},
    {K "x:\n    EXIT\nx:\n", 4, "'x' is already defined"},
    {K "    EXIT\n.kernel k\n    EXIT\n", 3, "'k' is already defined"},
    {K "    MOV R1, nothing@lo\n", 2, "'nothing' is not a variable"},
    {K "    MOV R1, k@lo\n", 2, "'k' is not a variable"},
    {".data d\n.u32 1\n" K "    MOV R1, d@code\n", 4, "'d' is not a function"},
    {K "    MOV R1, d@mid\n", 2, "unknown relocation '@mid'"},
    {"    EXIT\n", 1, "instruction outside a .kernel or .func"},
    {".regs 4\n", 1, ".regs is only valid inside a .kernel"},
    {".func f\n.shared 16\n", 2, ".shared is only valid inside a .kernel"},
    {K ".regs 300\n", 2, ".regs: expected a number 0..255"},
    {K ".regs 2\n    MOV R5, 1\n", 1, "kernel 'k' uses R5 but .regs is 2"},
    {K ".params 4\n.param 0, 8\n    EXIT\n", 1, "parameters up to byte 8 but .params is 4"},
    {K ".end\n", 1, "function 'k' has no instructions"},
    {".end\n", 1, ".end without a .kernel or .func"},
    {".u32 5\n", 1, ".u32 outside a .data or .const variable"},
    {".global g, 4\n.u32 5\n", 2, ".u32 outside"},
    {".data d\n.u8 256\n", 2, "'256' is not a 8-bit value"},
    {".data d\n.f32 abc\n", 2, "bad float 'abc'"},
    {".data d, 3\n", 1, "alignment must be a power of two"},
    {".bogus 1\n", 1, "unknown directive '.bogus'"},
    {".kernel 9k\n", 1, "'9k' is not a valid name"},
    {K ".line\n", 2, ".line: expected a file name"},
    {K ".line \"a.cu\" x\n", 2, ".line: expected a number"},
    {K "    EXIT\n    EXIT\n    MOV R1,\n", 4, "operand 2 is empty"},
    {"// comment\n; another\n\n" K "    EXIT ; fine\n    NOP junk\n", 6, "NOP takes 0 operands"},
};

static void run_cases(void) {
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bad *c = &cases[i];
        hcbin *bin = NULL;
        char err[512] = "", prefix[32];
        int rc = hisa_assemble(c->src, strlen(c->src), "t.hs", &bin, err, sizeof err);
        snprintf(prefix, sizeof prefix, "t.hs:%d: ", c->line);
        CHECK(rc == -1 && !bin, "case %zu accepted", i);
        CHECK(strncmp(err, prefix, strlen(prefix)) == 0 && strstr(err, c->msg),
              "case %zu: got '%s', want '%s...%s'", i, err, prefix, c->msg);
    }
}

/* Random printable garbage and mutated good lines: must never crash. */
static void garbage(void) {
    static const char *good =
        ".kernel k\n.regs 8\n.param 0, 8\nl: @!P0 ISETP.LT.S32 P0, R1, 0x10, !P1\n"
        "    LDG.B64 R2, [R4+0x10]\n    BRA l\n    MOV R1, v@lo\n    EXIT\n.end\n"
        ".data v, 16\n.u32 1, 2\n.f64 1.5\n.line \"a\\x41.cu\" 3 4\n";
    uint64_t seed = 7;
    size_t n = strlen(good);
    char *buf = malloc(n + 1);
    for (int i = 0; i < 3000; i++) {
        memcpy(buf, good, n + 1);
        for (int k = 0; k < 1 + i % 5; k++)
            buf[test_rand(&seed) % n] = (char)(1 + test_rand(&seed) % 127);
        hcbin *bin;
        char err[256];
        if (hisa_assemble(buf, n, "g.hs", &bin, err, sizeof err) == 0)
            hcbin_free(bin);
        else
            CHECK(strncmp(err, "g.hs:", 5) == 0, "message '%s'", err);
    }
    free(buf);
    hcbin *bin;
    char err[256];
    CHECK(hisa_assemble(good, n, "g.hs", &bin, err, sizeof err) == 0, "good: %s", err);
    hcbin_free(bin);
    CHECK(hisa_assemble("a\0b", 3, "z.hs", &bin, err, sizeof err) == -1 && strstr(err, "NUL byte"),
          "NUL: %s", err);
}

int main(void) {
    run_cases();
    garbage();
    return test_report("hias_errors");
}
