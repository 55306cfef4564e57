#!/usr/bin/env bash
# Measures how much `w2v train` results vary with the seed and between repeats of one seed,
# for docs/REPRODUCIBILITY.md. Trains the standard skip-gram run on data/mixed-en.txt:
#   2 threads: seeds 1-5 once each, then seed 1 five more times;
#   1 thread: seed 1 twice (the two files must be identical), seeds 2 and 3 once.
# Writes one row per run to $OUT/runs.tsv (analogy accuracy with --restrict 30000, seconds,
# SHA-256 of the model) and prints summary statistics per group.
# Usage: scripts/repro/measure.sh  (W2V=path/to/w2v, OUT=dir, SHARED=shared data dir)
set -euo pipefail
cd "$(dirname "$0")/../.."
w2v=${W2V:-build-predict/w2v}
out=${OUT:-data/repro}
shared=${SHARED:-/work/shared/data}
corpus=data/mixed-en.txt
questions=$shared/eval/questions-words.txt

mkdir -p "$out"
if [ ! -f "$corpus" ]; then xz -dc "$shared/corpus/mixed-en.txt.xz" >"$corpus"; fi

runs=$out/runs.tsv
printf 'group\tthreads\tseed\trun\tsemantic\tsyntactic\ttotal\tseconds\tsha256\n' >"$runs"

# train_and_score GROUP THREADS SEED RUN
train_and_score() {
  local group=$1 threads=$2 seed=$3 run=$4
  local model=$out/$group-t$threads-s$seed-r$run.bin
  local start end
  start=$(date +%s.%N)
  "$w2v" train -train "$corpus" -output "$model" -binary 1 -cbow 0 -size 100 -window 5 \
    -negative 5 -hs 0 -sample 1e-4 -min-count 5 -iter 5 -alpha 0.025 -threads "$threads" \
    -seed "$seed" -debug 0
  end=$(date +%s.%N)
  "$w2v" accuracy "$model" "$questions" --restrict 30000 2>/dev/null >"$model.accuracy"
  local semantic syntactic total
  semantic=$(awk -F'\t' '$2 == "semantic" {print $6}' "$model.accuracy")
  syntactic=$(awk -F'\t' '$2 == "syntactic" {print $6}' "$model.accuracy")
  total=$(awk -F'\t' '$2 == "total" {print $6}' "$model.accuracy")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%s\n' "$group" "$threads" "$seed" "$run" \
    "$semantic" "$syntactic" "$total" "$(echo "$end - $start" | bc)" \
    "$(sha256sum "$model" | cut -c1-16)" | tee -a "$runs"
}

for seed in 1 2 3 4 5; do train_and_score seeds 2 "$seed" 1; done
for run in 1 2 3 4 5; do train_and_score repeats 2 1 "$run"; done
train_and_score single 1 1 1
train_and_score single 1 1 2
train_and_score single 1 2 1
train_and_score single 1 3 1

if cmp "$out/single-t1-s1-r1.bin" "$out/single-t1-s1-r2.bin"; then
  echo "1 thread, seed 1: the two model files are byte-identical"
else
  echo "1 thread, seed 1: the two model files DIFFER"
fi
cmp -s "$out/repeats-t2-s1-r1.bin" "$out/repeats-t2-s1-r2.bin" &&
  echo "2 threads, seed 1: repeats 1 and 2 are byte-identical" ||
  echo "2 threads, seed 1: repeats 1 and 2 differ"

python3 scripts/repro/summarize.py "$runs"
