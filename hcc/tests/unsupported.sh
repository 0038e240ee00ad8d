#!/bin/bash
# unsupported.sh HCC DIR WORKDIR -- each DIR/*.hcc uses a construct hcc does
# not support (docs/hcc.md, "Not yet supported"); its first line is
# "// expect: REGEX".  At -O0 and -O2 hcc must refuse it cleanly: a non-zero
# exit status (not a signal), the expected message on stderr, no sanitizer
# report.  When a feature gets implemented, its file moves to a real test.
# Registered as the ctest hcc.unsupported.
set -u
HCC=$1
DIR=$2
WORK=$3
mkdir -p "$WORK"
fails=0 cases=0
for src in "$DIR"/*.hcc; do
    expect=$(sed -n '1s|^// expect: ||p' "$src")
    name=$(basename "$src" .hcc)
    if [ -z "$expect" ]; then
        echo "FAIL $name: no '// expect: REGEX' first line"
        fails=$((fails + 1))
        continue
    fi
    # both levels at once (the compiles dominate the test's time)
    for opt in -O0 -O2; do
        (timeout 120 "$HCC" $opt --device-only "$src" -o "$WORK/$name$opt.hcbin" >/dev/null 2>"$WORK/err$opt.txt"
         echo $? >"$WORK/rc$opt.txt") &
    done
    wait
    for opt in -O0 -O2; do
        cases=$((cases + 1))
        rc=$(cat "$WORK/rc$opt.txt")
        cp "$WORK/err$opt.txt" "$WORK/err.txt"
        why=""
        if [ $rc -eq 0 ]; then
            why="compiled (implemented now? move it to a conformance test)"
        elif [ $rc -ge 124 ]; then
            why="exit status $rc (timeout or signal)"
        elif grep -q "Sanitizer\|runtime error:" "$WORK/err.txt"; then
            why="a sanitizer report"
        elif ! grep -Eq "$expect" "$WORK/err.txt"; then
            why="the message does not match /$expect/"
        fi
        if [ -n "$why" ]; then
            fails=$((fails + 1))
            echo "FAIL $name $opt: $why"
            sed 's/^/    /' "$WORK/err.txt" | head -10
        else
            echo "ok   $name $opt: $(grep -E -m1 "$expect" "$WORK/err.txt" | cut -c1-140)"
        fi
    done
done
echo "unsupported: $((cases - fails)) of $cases cases refused cleanly"
[ $fails -eq 0 ]
