#!/usr/bin/env bash
# The main job in one command: install the dependencies, build, get a corpus, train skip-gram
# vectors, show nearest words and score the analogy questions.
#
# Environment:
#   W2V_SHARED_DATA  directory with corpus/ and eval/ (default: ../shared/data beside the repo)
#   W2V_THREADS      training threads (default: all cores)
set -euo pipefail
cd "$(dirname "$0")/.."

shared=${W2V_SHARED_DATA:-$(pwd)/../shared/data}
questions=$shared/eval/questions-words.txt
model=data/vectors.bin

scripts/install-deps.sh
scripts/build.sh
corpus=$(scripts/get-corpus.sh)

threads=()
if [ -n "${W2V_THREADS:-}" ]; then threads=(-threads "$W2V_THREADS"); fi
build/w2v train -train "$corpus" -output "$model" -binary 1 -cbow 0 -size 100 -window 5 \
  -negative 5 -hs 0 -sample 1e-4 -min-count 5 -iter 5 -alpha 0.025 "${threads[@]}"

for word in king water france; do
  echo "== nearest words to '$word'"
  build/w2v distance "$model" -n 10 "$word" || true
done
echo "== king - man + woman"
build/w2v analogy "$model" man king woman -n 5 || true

if [ -f "$questions" ]; then
  echo "== analogy accuracy ($questions, 30000 most frequent words)"
  build/w2v accuracy "$model" "$questions" --restrict 30000
else
  echo "demo: $questions not found, so the analogy score is skipped." \
    "Set W2V_SHARED_DATA to the directory that contains eval/questions-words.txt." >&2
fi
