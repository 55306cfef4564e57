#!/usr/bin/env bash
# Times loading a large text vector file: `w2v distance` (load, normalize, build its search
# index, then EXIT) against gensim's KeyedVectors.load_word2vec_format on the same file.
# The file is a generated random model (default 340,000 x 300, about 1.1 GB as text).
#
# Usage: scripts/bench/text_load.sh [WORDS [DIM [ROUNDS]]]
# Environment: W2V_BIN (default build/w2v), GENSIM_PYTHON (default /usr/bin/python3),
#              WORK_DIR (default data/bench/text-load)
set -euo pipefail
cd "$(dirname "$0")/../.."

words=${1:-340000}
dim=${2:-300}
rounds=${3:-2}
w2v=${W2V_BIN:-build/w2v}
python=${GENSIM_PYTHON:-/usr/bin/python3}
work=${WORK_DIR:-data/bench/text-load}
mkdir -p "$work"

model_bin=$work/model-${words}x${dim}.bin
model_txt=$work/model-${words}x${dim}.txt
if [ ! -s "$model_txt" ]; then
  "$python" scripts/bench/prepare.py model "$model_bin" "$words" "$dim"
  "$w2v" convert "$model_bin" "$model_txt" --binary 0 2>/dev/null
  rm -f "$model_bin"
fi
bytes=$(stat -c %s "$model_txt")
echo "text-load: $model_txt, $words x $dim, $bytes bytes" >&2

time_of() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -n 1; }
w2v_times=()
gensim_times=()
for round in $(seq "$rounds"); do
  w2v_times+=("$(echo EXIT | time_of "$w2v" distance "$model_txt")")
  gensim_times+=("$(time_of "$python" -c "import sys
from gensim.models import KeyedVectors
KeyedVectors.load_word2vec_format(sys.argv[1], binary=False)" "$model_txt")")
  echo "text-load: round $round: w2v ${w2v_times[-1]} s, gensim ${gensim_times[-1]} s" >&2
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
w2v_median=$(median "${w2v_times[@]}")
gensim_median=$(median "${gensim_times[@]}")
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD); load average $(cut -d' ' -f1-3 /proc/loadavg)."
echo "- Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores."
echo "- Command: \`scripts/bench/text_load.sh $words $dim $rounds\`; file of $bytes bytes."
echo
echo "| tool | median wall s | wall s of each run |"
echo "| --- | ---: | --- |"
echo "| w2v distance (load + index, then EXIT) | $w2v_median | ${w2v_times[*]} |"
echo "| gensim 4.2 load_word2vec_format | $gensim_median | ${gensim_times[*]} |"
echo
awk -v g="$gensim_median" -v w="$w2v_median" 'BEGIN { printf "gensim wall time / w2v wall time: %.1fx\n", g / w }'
