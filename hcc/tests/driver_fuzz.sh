#!/bin/bash
# driver_fuzz.sh HCC WORKDIR -- hcc on malformed input: every case must fail
# with a non-zero exit status (not a signal, not a timeout), print an error
# message, and trip no sanitizer.  Registered as the ctest hcc.driver_fuzz.
set -u
HCC=$1
WORK=$2
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK" || exit 2
fails=0 cases=0

# expect_error NAME CMD...: CMD must exit 1..125 with "error" on stderr
expect_error() {
    local name=$1
    shift
    cases=$((cases + 1))
    timeout 120 "$@" >out.txt 2>err.txt
    local rc=$?
    local why=""
    if [ $rc -eq 0 ]; then
        why="succeeded"
    elif [ $rc -eq 124 ]; then
        why="timed out"
    elif [ $rc -ge 126 ]; then
        why="exit status $rc (a signal?)"
    elif ! grep -qi "error" err.txt; then
        why="no error message"
    elif grep -q "Sanitizer\|runtime error:" err.txt; then
        why="a sanitizer report"
    fi
    if [ -n "$why" ]; then
        fails=$((fails + 1))
        echo "FAIL $name: $why"
        sed 's/^/    /' err.txt | head -20
    else
        echo "ok   $name: $(grep -i -m1 error err.txt | cut -c1-150)"
    fi
}

# deterministic junk: bytes from a fixed seed
junk() { # junk FILE BYTES SEED
    LC_ALL=C awk -v n="$2" -v seed="$3" 'BEGIN { srand(seed); for (i = 0; i < n; i++) printf "%c", int(rand() * 256) }' \
        >"$1"
}

# a valid device module to mutilate
cat >good.hcc <<'EOF'
__global__ void k(float *x, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        x[i] = x[i] * 2.0f + 1.0f;
}
EOF
"$HCC" --device-only --emit-llvm good.hcc -o good.ll || { echo "cannot build the reference IR"; exit 2; }
# bitcode of the same module (llvm-as from LLVM 19, found next to clang)
LLVM_AS=$(command -v llvm-as-19 || echo /usr/lib/llvm-19/bin/llvm-as)
"$LLVM_AS" good.ll -o good.bc || { echo "cannot assemble the reference bitcode"; exit 2; }
"$HCC" --device-only good.bc -o good.hcbin || { echo "the reference bitcode does not compile"; exit 2; }

# source files
junk junk.hcc 4096 1
expect_error "binary junk as .hcc" "$HCC" junk.hcc -o junk
: >empty.hcc
expect_error "empty .hcc (no main)" "$HCC" empty.hcc -o empty
printf '__global__ void k(int *p) { p[0] = ; }\n' >syntax.hcc
expect_error "syntax error" "$HCC" syntax.hcc -o syntax
head -c $(($(wc -c <good.hcc) / 2)) good.hcc >cut.hcc
expect_error "truncated source" "$HCC" --device-only cut.hcc -o cut.hcbin
printf '\xef\xbb\xbf\x00\x00\x00__global__\x01\x02' >nul.hcc
expect_error "NUL bytes in source" "$HCC" --device-only nul.hcc -o nul.hcbin

# IR inputs with --device-only
size=$(wc -c <good.ll)
for frac in 3 5 7 9; do # (a cut right after the header would be a valid empty module)
    head -c $((size * frac / 10)) good.ll >trunc$frac.ll
    expect_error "IR truncated at $((frac * 10))%" "$HCC" --device-only trunc$frac.ll -o t.hcbin
done
bsize=$(wc -c <good.bc)
for frac in 0 1 5 9; do
    head -c $((bsize * frac / 10 + 4)) good.bc >trunc$frac.bc
    expect_error "bitcode truncated at $((frac * 10))%" "$HCC" --device-only trunc$frac.bc -o t.hcbin
done
junk junk.ll 2000 2
expect_error "binary junk as .ll" "$HCC" --device-only junk.ll -o j.hcbin
junk junk3 3000 3
{ printf 'BC\xc0\xde'; cat junk3; } >junk.bc
expect_error "bitcode magic then junk" "$HCC" --device-only junk.bc -o j.hcbin
junk junk2.bc 100 4
expect_error "binary junk as .bc" "$HCC" --device-only junk2.bc -o j.hcbin
: >empty.ll
expect_error "empty .ll" "$HCC" --device-only empty.ll -o e.hcbin
: >empty.bc
expect_error "empty .bc" "$HCC" --device-only empty.bc -o e.hcbin
sed 's/^target triple = .*/target triple = "x86_64-pc-linux-gnu"/' good.ll >x86.ll
expect_error "IR for another target" "$HCC" --device-only x86.ll -o x.hcbin
sed 's/fmul contract float/frem float/' good.ll >frem.ll
expect_error "IR with an unsupported instruction" "$HCC" --device-only frem.ll -o f.hcbin
sed 's/ret void/ret i32 0/' good.ll >bad.ll
expect_error "IR that does not verify" "$HCC" --device-only bad.ll -o b.hcbin
# every 97th byte of the IR flipped
awk 'BEGIN { RS = "\0" } { for (i = 1; i <= length($0); i++) { c = substr($0, i, 1); printf "%s", (i % 97 == 0 ? "#" : c) } }' \
    good.ll >flipped.ll
expect_error "IR with scattered corruption" "$HCC" --device-only flipped.ll -o fl.hcbin

# command lines
expect_error "nonexistent input" "$HCC" does-not-exist.hcc -o x
expect_error "nonexistent IR input" "$HCC" --device-only does-not-exist.ll -o x.hcbin
expect_error "unknown option" "$HCC" --no-such-option good.hcc -o x
expect_error "unknown single-dash option" "$HCC" -fno-such-thing-at-all good.hcc -o x
expect_error "-o without a file" "$HCC" good.hcc -o
expect_error "no input files" "$HCC" -o x
expect_error "a directory as input" "$HCC" "$WORK" -o x
expect_error "unwritable output" "$HCC" --device-only good.hcc -o /nonexistent-dir/x.hcbin
long=$(printf 'a%.0s' $(seq 1 5000))
expect_error "a 5000-character file name" "$HCC" "$long.hcc" -o x
expect_error "unknown input kind" "$HCC" good.xyz -o x

echo "driver_fuzz: $((cases - fails)) of $cases cases behaved"
[ $fails -eq 0 ]
