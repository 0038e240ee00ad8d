#!/usr/bin/env bash
# installed_hcc.sh BUILD_DIR SAMPLE [ENV] -- installs the build under a prefix
# (cmake --install) and checks that the installed hcc compiles a sample
# whose program then runs: the install has the build tree's layout.
set -euo pipefail
build=$1 sample=$2 program_env=${3:-} # ENV: e.g. the sanitizer runtime to preload
prefix=$build/test-install
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
"$prefix/bin/hcc" -O2 "$sample" -o "$prefix/sample"
# the program must find libhcrt and libhigpu inside the prefix (ldd's output
# is read whole: grep -q would stop early and, under pipefail, ldd's SIGPIPE
# would fail the test now and then)
libs=$(ldd "$prefix/sample")
grep -q "$prefix/lib/libhcrt.so" <<<"$libs"
env $program_env "$prefix/sample" 1000
