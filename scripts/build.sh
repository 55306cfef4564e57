#!/usr/bin/env bash
# Configures and builds w2v in build/ (Release, -O3). Extra arguments go to cmake's configure
# step, for example: scripts/build.sh -DW2V_NATIVE=ON
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${W2V_BUILD_DIR:-build}
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release "$@" >&2
elif [ "$#" -gt 0 ]; then
  cmake -S . -B "$build_dir" "$@" >&2
fi
cmake --build "$build_dir" -j "$(nproc)" >&2
