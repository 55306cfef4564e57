#!/usr/bin/env bash
# Port of word2vec.c's demo-phrases.sh and demo-phrase-accuracy.sh to w2v and the offline
# corpus: two rounds of `w2v phrases` (threshold 200, then 100) build phrases of up to four
# words, `w2v train` learns vectors for them, and `w2v accuracy` scores the phrase analogies.
#
# Usage: scripts/demo-phrases.sh
#
# Environment:
#   W2V_SHARED_DATA  data directory containing corpus/ and eval/ (default: ../shared/data beside
#                    the repository)
#   W2V_BINARY       w2v executable (default: build/w2v in the repository)
#   W2V_DEMO_DIR     directory for the corpus copy and every output (default: data/ in the
#                    repository, which git ignores)
#   THREADS          training threads (default: all cores; word2vec.c's demo uses 20)
set -euo pipefail

source "$(dirname "$0")/demo-common.sh"

# word2vec.c's normalization for news text: straight apostrophes, then every byte other than
# letters, apostrophe, underscore, space and newline becomes a space. The offline corpus is
# already lowercase a-z, so this changes nothing there but keeps the flow the same.
sed -e "s/’/'/g" -e "s/′/'/g" -e "s/''/ /g" < "$corpus" | tr -c "A-Za-z'_ \n" " " \
  > "$work/mixed-en-norm0.txt"
time "$w2v" phrases -train "$work/mixed-en-norm0.txt" -output "$work/mixed-en-norm0-phrase0.txt" \
  -threshold 200 -debug 2
time "$w2v" phrases -train "$work/mixed-en-norm0-phrase0.txt" \
  -output "$work/mixed-en-norm0-phrase1.txt" -threshold 100 -debug 2
tr A-Z a-z < "$work/mixed-en-norm0-phrase1.txt" > "$work/mixed-en-norm1-phrase1.txt"

# NOTE: the offline corpus has almost none of the newspapers, teams and airlines that the
# phrase questions ask about, so `w2v accuracy` may report that it saw no question at all.
time "$w2v" train -train "$work/mixed-en-norm1-phrase1.txt" -output "$work/vectors-phrase.bin" \
  -cbow 1 -size 200 -window 10 -negative 25 -hs 0 -sample 1e-5 -threads "$threads" -binary 1 \
  -iter 15
"$w2v" accuracy "$work/vectors-phrase.bin" "$data/eval/questions-phrases.txt"
