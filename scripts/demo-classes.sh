#!/usr/bin/env bash
# Port of word2vec.c's demo-classes.sh to w2v and the offline corpus: trains vectors and
# writes 500 k-means word classes ("word class" lines) instead of the vectors, then sorts
# the file by class.
#
# Usage: scripts/demo-classes.sh
#
# Environment:
#   W2V_SHARED_DATA  data directory containing corpus/ (default: ../shared/data beside the
#                    repository)
#   W2V_BINARY       w2v executable (default: build/w2v in the repository)
#   W2V_DEMO_DIR     directory for the corpus copy and every output (default: data/ in the
#                    repository, which git ignores)
#   THREADS          training threads (default: all cores; word2vec.c's demo uses 20)
set -euo pipefail

source "$(dirname "$0")/demo-common.sh"

# The flags are word2vec.c's demo line, unchanged.
time "$w2v" train -train "$corpus" -output "$work/classes.txt" -cbow 1 -size 200 -window 8 \
  -negative 25 -hs 0 -sample 1e-4 -threads "$threads" -iter 15 -classes 500
sort "$work/classes.txt" -k 2 -n > "$work/classes.sorted.txt"
echo "The word classes were saved to file $work/classes.sorted.txt"
