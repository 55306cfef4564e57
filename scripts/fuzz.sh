#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) in build-fuzz/ and runs each for SECONDS
# (default 60), one after another. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
# Targets: tokenizer, vocab_load, vector_read (default: all three).
#
# Seeds come from tests/fuzz/corpus/TARGET/ and are copied into build-fuzz/corpus/TARGET/, which
# keeps the inputs libFuzzer adds, so later runs continue from there. A crashing input is saved
# as build-fuzz/crashes/TARGET/crash-*; reproduce it with build-fuzz/tests/fuzz/fuzz_TARGET FILE.
# The log of each run, with its final statistics, is build-fuzz/logs/TARGET.log.
# Exits non-zero if any target found a crash.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then targets=(tokenizer vocab_load vector_read); fi

build_dir=${W2V_FUZZ_BUILD_DIR:-build-fuzz}
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DW2V_FUZZ=ON -DW2V_BUILD_TESTS=OFF >&2
fi
cmake --build "$build_dir" -j "$(nproc)" --target "${targets[@]/#/fuzz_}" >&2

export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/fuzz/lsan.supp}
status=0
for target in "${targets[@]}"; do
  corpus="$build_dir/corpus/$target"
  crashes="$build_dir/crashes/$target"
  log="$build_dir/logs/$target.log"
  mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
  cp -n tests/fuzz/corpus/"$target"/* "$corpus"/
  echo "fuzzing $target for $seconds s (log: $log)" >&2
  # -timeout: an input that takes over 10 s counts as a hang. -rss_limit_mb: a reader that
  # allocates far beyond its input counts as a bug.
  if ! "$build_dir/tests/fuzz/fuzz_$target" "$corpus" -max_total_time="$seconds" -timeout=10 \
       -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes/" >"$log" 2>&1; then
    echo "fuzz_$target failed; see $log and $crashes/" >&2
    status=1
  fi
  grep -E '^stat::number_of_executed_units|^Done|ERROR' "$log" >&2 || true
done
exit "$status"
