#!/bin/sh
# hias -> hcc-objdump --asm -> hias gives a byte-identical .hcbin, for every
# .hs file in the data directory.  Usage: roundtrip.sh DATA_DIR WORK_DIR
set -eu
data=$1
work=$2
mkdir -p "$work"
for src in "$data"/*.hs; do
    name=$(basename "$src" .hs)
    hias "$src" -o "$work/$name.hcbin"
    hcc-objdump --asm "$work/$name.hcbin" > "$work/$name.re.hs"
    hias "$work/$name.re.hs" -o "$work/$name.re.hcbin"
    if ! cmp "$work/$name.hcbin" "$work/$name.re.hcbin"; then
        echo "roundtrip: $name: reassembled object differs (see $work/$name.re.hs)" >&2
        exit 1
    fi
    # and the listing works on it
    hcc-objdump -d -x "$work/$name.hcbin" > "$work/$name.lst"
    echo "roundtrip: $name ok"
done
