#!/usr/bin/env bash
# Evaluates vector files on every analogy and word-similarity set of the shared evaluation data
# and prints one Markdown table to stdout, one row per model.
#
# Usage: scripts/evaluate.sh MODEL...
#
# Analogy cells show accuracy in percent and the questions seen / total (`w2v accuracy` with its
# defaults: the 30,000 most frequent words, case folded). Similarity cells show the Spearman
# correlation and the pairs used / total (`w2v similarity` with its defaults).
#
# Environment:
#   W2V_SHARED_DATA  data directory containing eval/ (default: ../shared/data beside the repo)
#   W2V_BINARY       w2v executable (default: build/w2v in the repo, else w2v on PATH)
#
# When the evaluation data is absent, the script prints why on stderr and exits with 0.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
data=${W2V_SHARED_DATA:-$repo/../shared/data}
eval_dir=$data/eval

if [ "$#" -eq 0 ]; then
  echo "usage: $0 MODEL..." >&2
  exit 2
fi

if [ -n "${W2V_BINARY:-}" ]; then
  w2v=$W2V_BINARY
elif [ -x "$repo/build/w2v" ]; then
  w2v=$repo/build/w2v
else
  w2v=$(command -v w2v || true)
fi
if [ -z "$w2v" ] || [ ! -x "$w2v" ]; then
  echo "$0: w2v executable not found; build it (scripts/build.sh) or set W2V_BINARY" >&2
  exit 2
fi

if [ ! -d "$eval_dir" ]; then
  echo "$0: skipped: no evaluation data at $eval_dir; set W2V_SHARED_DATA to the directory" \
    "that contains eval/" >&2
  exit 0
fi

# Analogy sets: word2vec-format question files; similarity sets: normalized pair files. The
# messy copies in eval/original/ duplicate these and are left out.
shopt -s nullglob
analogy_files=("$eval_dir"/*.txt "$eval_dir"/analogy-zh/*.txt)
similarity_files=("$eval_dir"/similarity/*.tsv)
shopt -u nullglob
if [ "${#analogy_files[@]}" -eq 0 ] && [ "${#similarity_files[@]}" -eq 0 ]; then
  echo "$0: skipped: no analogy (*.txt) or similarity (*.tsv) sets under $eval_dir" >&2
  exit 0
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Runs w2v with its log in a file, and shows the log only if it fails.
run_w2v() {
  if ! "$w2v" "$@" 2>"$scratch/log"; then
    echo "$0: '$w2v $*' failed:" >&2
    cat "$scratch/log" >&2
    exit 1
  fi
}

set_name() {
  local name
  name=$(basename "$1")
  echo "${name%.*}"
}

header="| model |"
separator="|---|"
for file in "${analogy_files[@]}" "${similarity_files[@]}"; do
  header+=" $(set_name "$file") |"
  separator+="---:|"
done
# Rows are collected first, so a failing model leaves no partial table on stdout.
rows=()
for model in "$@"; do
  row="| ${model//|/\\|} |"
  if [ "${#analogy_files[@]}" -gt 0 ]; then
    run_w2v accuracy "$model" "${analogy_files[@]}" >"$scratch/accuracy.tsv"
    for file in "${analogy_files[@]}"; do
      # Columns: file section correct seen total accuracy.
      cell=$(awk -F'\t' -v file="$file" '$1 == file && $2 == "total" {
               accuracy = ($6 == "nan") ? "n/a" : $6 "%"
               printf "%s (%s/%s)", accuracy, $4, $5 }' "$scratch/accuracy.tsv")
      row+=" $cell |"
    done
  fi
  if [ "${#similarity_files[@]}" -gt 0 ]; then
    run_w2v similarity "$model" "${similarity_files[@]}" >"$scratch/similarity.tsv"
    for file in "${similarity_files[@]}"; do
      # Columns: file spearman pearson pairs total.
      cell=$(awk -F'\t' -v file="$file" '$1 == file {
               spearman = ($2 == "nan") ? "n/a" : sprintf("%.3f", $2)
               printf "%s (%s/%s)", spearman, $4, $5 }' "$scratch/similarity.tsv")
      row+=" $cell |"
    done
  fi
  rows+=("$row")
done

echo "$header"
echo "$separator"
printf '%s\n' "${rows[@]}"
