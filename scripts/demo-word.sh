#!/usr/bin/env bash
# Port of word2vec.c's demo-word.sh to w2v and the offline corpus: trains CBOW vectors with
# the demo's flags, then opens the interactive nearest-word prompt.
#
# Usage: scripts/demo-word.sh
#
# Environment:
#   W2V_SHARED_DATA  data directory containing corpus/ (default: ../shared/data beside the
#                    repository)
#   W2V_BINARY       w2v executable (default: build/w2v in the repository)
#   W2V_DEMO_DIR     directory for the corpus copy and the vectors (default: data/ in the
#                    repository, which git ignores)
#   THREADS          training threads (default: all cores; word2vec.c's demo uses 20)
set -euo pipefail

source "$(dirname "$0")/demo-common.sh"

# The flags are word2vec.c's demo line, unchanged.
time "$w2v" train -train "$corpus" -output "$work/vectors-demo-word.bin" -cbow 1 -size 200 \
  -window 8 -negative 25 -hs 0 -sample 1e-4 -threads "$threads" -binary 1 -iter 15
"$w2v" distance "$work/vectors-demo-word.bin"
