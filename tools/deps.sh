#!/usr/bin/env bash
# deps.sh -- installs the Debian packages this project needs, if any are
# missing (docs/dependencies.md says why each is here).  Idempotent; with
# everything installed it only asks dpkg and returns.
set -euo pipefail

packages=(
  build-essential   # gcc, make: the C toolchain
  cmake ninja-build # the build
  pkg-config        # finds libelf
  libelf-dev        # reading and writing .hcbin ELF code objects
  binutils          # readelf, used by tests to check .hcbin files
  clang-19          # hcc's front end (CUDA dialect -> LLVM IR, host code)
  llvm-19-dev       # the LLVM-C API hcc's backend is written on
  libjson-c-dev     # hiprof reads its profile records and writes JSON with it; hi-smi --json
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps.sh: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deps.sh: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
# refresh the package lists once if they are missing or older than a day
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -1)" ]; then
  $sudo apt-get update -qq
fi
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
