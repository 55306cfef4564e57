# Shared set-up of the word2vec.c demo ports (demo-word.sh, demo-phrases.sh, demo-classes.sh);
# sourced, not run. Sets repo, data, w2v, work, threads and corpus, and decompresses the shared
# corpus into $work on first use.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data=${W2V_SHARED_DATA:-$repo/../shared/data}
w2v=${W2V_BINARY:-$repo/build/w2v}
work=${W2V_DEMO_DIR:-$repo/data}
threads=${THREADS:-$(nproc)}

if [ ! -x "$w2v" ]; then
  echo "$0: w2v executable not found at $w2v; build it (scripts/build.sh) or set W2V_BINARY" >&2
  exit 2
fi
mkdir -p "$work"
corpus=$work/mixed-en.txt
if [ ! -e "$corpus" ]; then
  xz -dc "$data/corpus/mixed-en.txt.xz" > "$corpus.tmp"
  mv "$corpus.tmp" "$corpus"
fi
