#!/usr/bin/env bash
# Runs w2v under a sanitizer. Usage: scripts/sanitize.sh asan|tsan
#
#   asan  builds build-asan/ with -DW2V_SANITIZE=ON (AddressSanitizer and UndefinedBehavior-
#         Sanitizer, g++) and runs the whole CTest suite there.
#   tsan  builds build-tsan/ with clang++ -fsanitize=thread and LLVM's OpenMP runtime, then trains
#         a tiny model on 2 threads and queries it. The Archer tool (libarcher.so, loaded through
#         OMP_TOOL_LIBRARIES) reports OpenMP's own synchronization to ThreadSanitizer.
#         tests/tsan.supp suppresses the deliberate lock-free (Hogwild) weight updates of the
#         training kernels and a race inside libomp itself. Any other report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi

case "$mode" in
  asan)
    build_dir=${W2V_ASAN_BUILD_DIR:-build-asan}
    if [ ! -f "$build_dir/CMakeCache.txt" ]; then
      # -O1 -g1 compiles faster than -O2 -g and still gives line numbers in reports, and
      # Debug keeps assert() on.
      cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Debug \
        -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DW2V_SANITIZE=ON >&2
    fi
    cmake --build "$build_dir" -j "$(nproc)" >&2
    # detect_leaks: LeakSanitizer is part of ASan on Linux. halt_on_error: the first report
    # fails the test that triggered it.
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)"
    ;;
  tsan)
    build_dir=${W2V_TSAN_BUILD_DIR:-build-tsan}
    if [ ! -f "$build_dir/CMakeCache.txt" ]; then
      # No function entry and exit hooks: the ifunc resolver of search.cpp's target_clones
      # function runs while the dynamic loader relocates w2v, before ThreadSanitizer starts, and
      # crashes in __tsan_func_entry. Reports then show the inlined call chain at each access
      # instead of the whole stack.
      cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_COMPILER=clang++ -DW2V_BUILD_TESTS=OFF \
        -DCMAKE_CXX_FLAGS="-fsanitize=thread -fno-sanitize-thread-func-entry-exit -fno-omit-frame-pointer" \
        -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >&2
    fi
    cmake --build "$build_dir" -j "$(nproc)" --target w2v >&2

    archer=$(clang++ -print-file-name=libarcher.so)
    if [ ! -f "$archer" ]; then
      archer=$(find /usr/lib/llvm-*/lib -name libarcher.so 2>/dev/null | head -n 1)
    fi
    if [ -z "$archer" ] || [ ! -f "$archer" ]; then
      echo "libarcher.so (LLVM's OpenMP tool for ThreadSanitizer) was not found." \
        "Install libomp-14-dev." >&2
      exit 1
    fi
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    python3 - "$work/corpus.txt" <<'PYTHON'
import random, sys
random.seed(1)
with open(sys.argv[1], "w") as out:
    for _ in range(3000):
        topic = random.randrange(20)
        out.write(" ".join(f"t{topic}w{random.randrange(30)}" for _ in range(15)) + "\n")
PYTHON
    export OMP_TOOL_LIBRARIES="$archer"
    # print_suppressions lists the suppressions that matched at the end of each run.
    export TSAN_OPTIONS="suppressions=$PWD/tests/tsan.supp print_suppressions=1"
    w2v="$build_dir/w2v"
    status=0
    for mode in "--kernel batched" "--kernel pairs" "-cbow 1" "-hs 1 -negative 0"; do
      echo "training with $mode under ThreadSanitizer" >&2
      # $mode is unquoted on purpose because it contains one or two flags with their values.
      # shellcheck disable=SC2086
      "$w2v" train -train "$work/corpus.txt" -output "$work/vectors.txt" -size 16 -window 3 \
        -negative 3 -iter 2 -min-count 1 -threads 2 $mode -debug 1 || status=1
    done
    echo "querying under ThreadSanitizer" >&2
    "$w2v" distance "$work/vectors.txt" t1w1 -n 3 >/dev/null || status=1
    "$w2v" analogy "$work/vectors.txt" t1w1 t1w2 t2w1 -n 3 >/dev/null || status=1
    if [ "$status" -ne 0 ]; then
      echo "a run failed or ThreadSanitizer reported a race (see above)" >&2
    fi
    exit "$status"
    ;;
  *)
    echo "usage: $0 asan|tsan" >&2
    exit 2
    ;;
esac
