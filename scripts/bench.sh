#!/usr/bin/env bash
# Benchmarks w2v against word2vec.c, pWord2Vec, gensim and fastText on one corpus with the same
# settings, and writes the results into docs/BENCHMARKS.md. Run with --help for the modes.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
bench_dir="$repo/scripts/bench"
# The command as run, with the environment variables that select binaries and data.
invocation=
for variable in W2V_BIN WORD2VEC_BIN PWORD2VEC_BIN FASTTEXT_BIN COMPUTE_ACCURACY_BIN DISTANCE_BIN \
  GENSIM_PYTHON W2V_SHARED_DATA W2V_CORPUS W2V_QUESTIONS; do
  [ -n "${!variable:-}" ] && invocation+="$variable=${!variable} "
done
invocation+=scripts/bench.sh
for argument in "$@"; do
  if [[ $argument =~ ^[A-Za-z0-9_./,=:+-]+$ ]]; then invocation+=" $argument"; else invocation+=" $(printf '%q' "$argument")"; fi
done

usage() {
  cat <<'EOF'
Usage: scripts/bench.sh [options] [mode...]

Modes (default: standard):
  standard   train every available tool with the standard settings, --rounds times each,
             alternating the tools within each round; report median wall time, words/s,
             peak RSS, analogy accuracy and the ratios against each reference
  threads    words/s of w2v (and word2vec.c, when given) with 1 and 2 threads
  vocab      vocabulary building time: w2v against word2vec.c (-save-vocab without -output)
  distance   load time and top-40 query time on a generated binary model (default
             100,000 x 300): w2v distance against word2vec.c's distance
  variants   CBOW+NS, skip-gram+HS and CBOW+HS: w2v against word2vec.c
  profile    perf stat on a w2v training run, or callgrind on a small run where perf has
             no hardware counters
  all        every mode above, in this order

Options:
  --rounds N          runs of each tool per measurement (default 3)
  --iter N            training epochs (default 5); use 1 for a quick check of the harness
  --words N           train on the first N words of the corpus (default: the whole corpus)
  --threads N         training threads (default 2)
  --tools LIST        comma-separated subset of w2v,word2vec.c,pWord2Vec,gensim,fastText
  --w2v-bin PATH      w2v binary (default: $W2V_BIN or build/w2v)
  --word2vec-bin PATH word2vec.c's word2vec binary (default: $WORD2VEC_BIN; skipped if unset)
  --pword2vec-bin PATH pWord2Vec binary (default: $PWORD2VEC_BIN; skipped if unset)
  --fasttext-bin PATH fastText binary (default: $FASTTEXT_BIN, else fasttext on PATH)
  --distance-words N  rows of the generated model for the distance mode (default 100000)
  --distance-dim N    columns of that model (default 300)
  --work-dir DIR      scratch directory for corpora, models and logs (default data/bench)
  --no-docs           print the tables but leave docs/BENCHMARKS.md unchanged
  -h, --help          show this help

Environment:
  W2V_SHARED_DATA     data directory (default: ../shared/data next to the repository)
  W2V_CORPUS          training corpus, plain or .xz (default: corpus/mixed-en.txt.xz in it)
  W2V_QUESTIONS       analogy questions (default: eval/questions-words.txt in it)
  COMPUTE_ACCURACY_BIN, DISTANCE_BIN
                      word2vec.c's compute-accuracy and distance (default: next to word2vec)
  GENSIM_PYTHON       Python with gensim (default /usr/bin/python3; "none" skips gensim)
  BENCH_TIMEOUT       seconds before one run is stopped (default 3600)

Accuracy is word2vec.c's compute-accuracy on the 30,000 most frequent words for every tool.
words/s is the corpus's in-vocabulary word count times epochs divided by the whole process's
wall time, so vocabulary building and saving count against every tool alike.
EOF
}

# ---------------------------------------------------------------------------------------------
# Options

rounds=3
iterations=5
prefix_words=
threads=2
tool_filter=
w2v_bin=${W2V_BIN:-$repo/build/w2v}
word2vec_bin=${WORD2VEC_BIN:-}
pword2vec_bin=${PWORD2VEC_BIN:-}
fasttext_bin=${FASTTEXT_BIN:-$(command -v fasttext || true)}
distance_words=100000
distance_dim=300
work_dir=$repo/data/bench
write_docs=1
modes=()

while [ "$#" -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --iter) iterations=$2; shift 2 ;;
    --words) prefix_words=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --tools) tool_filter=$2; shift 2 ;;
    --w2v-bin) w2v_bin=$2; shift 2 ;;
    --word2vec-bin) word2vec_bin=$2; shift 2 ;;
    --pword2vec-bin) pword2vec_bin=$2; shift 2 ;;
    --fasttext-bin) fasttext_bin=$2; shift 2 ;;
    --distance-words) distance_words=$2; shift 2 ;;
    --distance-dim) distance_dim=$2; shift 2 ;;
    --work-dir) work_dir=$2; shift 2 ;;
    --no-docs) write_docs=0; shift ;;
    -h | --help) usage; exit 0 ;;
    standard | threads | vocab | distance | variants | profile) modes+=("$1"); shift ;;
    all) modes+=(standard threads vocab distance variants profile); shift ;;
    *) echo "bench: unknown argument '$1'; run scripts/bench.sh --help for the options" >&2; exit 2 ;;
  esac
done
[ "${#modes[@]}" -gt 0 ] || modes=(standard)

for number in rounds iterations threads distance_words distance_dim; do
  if ! [[ ${!number} =~ ^[1-9][0-9]*$ ]]; then
    echo "bench: --${number//_/-} must be a positive integer, got '${!number}'" >&2
    exit 2
  fi
done
if [ -n "$prefix_words" ] && ! [[ $prefix_words =~ ^[1-9][0-9]*$ ]]; then
  echo "bench: --words must be a positive integer, got '$prefix_words'" >&2
  exit 2
fi

shared_data=${W2V_SHARED_DATA:-$(realpath -m "$repo/../shared/data")}
corpus_source=${W2V_CORPUS:-$shared_data/corpus/mixed-en.txt.xz}
questions=${W2V_QUESTIONS:-$shared_data/eval/questions-words.txt}
word2vec_dir=${word2vec_bin:+$(dirname "$word2vec_bin")}
compute_accuracy_bin=${COMPUTE_ACCURACY_BIN:-${word2vec_dir:+$word2vec_dir/compute-accuracy}}
distance_bin=${DISTANCE_BIN:-${word2vec_dir:+$word2vec_dir/distance}}
gensim_python=${GENSIM_PYTHON:-/usr/bin/python3}
helper_python=/usr/bin/python3
run_timeout=${BENCH_TIMEOUT:-3600}
gnu_time=/usr/bin/time

# Settings of the standard run, shared by every tool.
size=100
window=5
sample=1e-4
min_count=5
alpha=0.025
restrict=30000

# ---------------------------------------------------------------------------------------------
# Setup

log() { echo "bench: $*" >&2; }

install_gnu_time() {
  [ -x "$gnu_time" ] && return
  log "installing Debian's 'time' package for $gnu_time"
  local sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq time >&2
}

tool_selected() {
  [ -z "$tool_filter" ] && return 0
  [[ ",$tool_filter," == *",$1,"* ]]
}

# Sets available_tools to the tools that are selected and present, logging why others are not.
find_tools() {
  available_tools=()

  if tool_selected w2v; then
    if [ -x "$w2v_bin" ]; then
      available_tools+=(w2v)
    else
      log "skipping w2v: no binary at $w2v_bin (run scripts/build.sh)"
    fi
  fi

  if tool_selected word2vec.c; then
    if [ -n "$word2vec_bin" ] && [ -x "$word2vec_bin" ]; then
      available_tools+=(word2vec.c)
    else
      log "skipping word2vec.c: set WORD2VEC_BIN or --word2vec-bin"
    fi
  fi

  if tool_selected pWord2Vec; then
    if [ -n "$pword2vec_bin" ] && [ -x "$pword2vec_bin" ]; then
      available_tools+=(pWord2Vec)
    else
      log "skipping pWord2Vec: set PWORD2VEC_BIN or --pword2vec-bin"
    fi
  fi

  if tool_selected gensim; then
    if [ "$gensim_python" != none ] && "$gensim_python" -c 'import gensim' 2>/dev/null; then
      available_tools+=(gensim)
    else
      log "skipping gensim: $gensim_python cannot import gensim (install python3-gensim)"
    fi
  fi

  if tool_selected fastText; then
    if [ -n "$fasttext_bin" ] && [ -x "$fasttext_bin" ]; then
      available_tools+=(fastText)
    else
      log "skipping fastText: set FASTTEXT_BIN or install Debian's fasttext"
    fi
  fi

  if [ -z "$compute_accuracy_bin" ] || [ ! -x "$compute_accuracy_bin" ]; then
    log "no compute-accuracy binary (set COMPUTE_ACCURACY_BIN or WORD2VEC_BIN): accuracy is not measured"
    compute_accuracy_bin=
  fi
}

has_tool() {
  local tool
  for tool in "${available_tools[@]}"; do [ "$tool" = "$1" ] && return 0; done
  return 1
}

# Decompresses the corpus (or its first --words words) into the work directory once, and
# reads its counts. The gensim copy has a newline every 10,000 words because gensim's
# corpus_file reader reads only the first 10,000 words of a line, and this corpus is one line.
prepare_corpus() {
  mkdir -p "$work_dir"
  if [ ! -f "$corpus_source" ]; then
    log "corpus not found: $corpus_source (set W2V_CORPUS or W2V_SHARED_DATA)"
    exit 1
  fi
  if [ ! -f "$questions" ]; then
    log "analogy questions not found: $questions (set W2V_QUESTIONS or W2V_SHARED_DATA)"
    exit 1
  fi
  local name stamp
  name=$(basename "$corpus_source" .xz)
  name=${name%.txt}${prefix_words:+-$prefix_words}
  corpus=$work_dir/$name.txt
  corpus_wrapped=$work_dir/$name.lines10k.txt
  stamp="$corpus_source $(stat -c '%s %Y' "$corpus_source") ${prefix_words:-all}"
  if [ ! -f "$corpus.stamp" ] || [ "$(cat "$corpus.stamp")" != "$stamp" ]; then
    log "preparing $corpus from $corpus_source"
    "$helper_python" "$bench_dir/prepare.py" corpus "$corpus_source" "$corpus" ${prefix_words:+--words "$prefix_words"}
    "$helper_python" "$bench_dir/prepare.py" wrap "$corpus" "$corpus_wrapped" --words 10000
    "$helper_python" "$bench_dir/prepare.py" stats "$corpus" "$min_count" >"$corpus.stats"
    echo "$stamp" >"$corpus.stamp"
  fi
  corpus_tokens=$(sed -n 's/^tokens=//p' "$corpus.stats")
  corpus_vocabulary=$(sed -n 's/^vocabulary=//p' "$corpus.stats")
  train_words=$(sed -n 's/^train_words=//p' "$corpus.stats")
  log "corpus: $corpus_tokens tokens, $corpus_vocabulary words with count >= $min_count, $train_words training words"
}

# ---------------------------------------------------------------------------------------------
# Measurement

# Runs a command under GNU time and a timeout, with stdout and stderr to LOG and stdin from
# the file in $run_stdin (default /dev/null). Sets run_wall (seconds), run_rss (KiB) and
# run_status (exit code; 124 means timed out). The wall time comes from bash's EPOCHREALTIME
# (microseconds) around the whole command, because GNU time's %e has a resolution of 10 ms,
# which is 10% of a 0.1 s model load. It includes starting timeout and time, a few ms that
# every tool pays alike.
measure() {
  local log_file=$1
  shift
  local time_file=$log_file.time started finished
  run_status=0
  started=$EPOCHREALTIME
  timeout "$run_timeout" "$gnu_time" -f '%e %M' -o "$time_file" "$@" \
    <"${run_stdin:-/dev/null}" >"$log_file" 2>&1 || run_status=$?
  finished=$EPOCHREALTIME
  read -r _ run_rss < <(tail -n 1 "$time_file" 2>/dev/null || echo "NA NA")
  run_wall=$(awk -v start="$started" -v end="$finished" 'BEGIN { printf "%.3f", end - start }')
  [[ $run_wall =~ ^[0-9.]+$ ]] || run_wall=NA
  [[ $run_rss =~ ^[0-9]+$ ]] || run_rss=NA
}

# Sets run_accuracy and run_seen (percent of questions seen) from compute-accuracy on MODEL,
# and run_w2v_accuracy from `w2v accuracy` where that command works, to check that both agree.
measure_accuracy() {
  local model=$1 output
  run_accuracy=NA
  run_seen=NA
  run_w2v_accuracy=NA
  if [ -n "$compute_accuracy_bin" ]; then
    output=$("$compute_accuracy_bin" "$model" "$restrict" <"$questions" 2>&1 | tail -n 3 || true)
    run_accuracy=$(sed -n 's/^Total accuracy: *\([0-9.]*\) %.*/\1/p' <<<"$output")
    run_seen=$(sed -n 's/^Questions seen \/ total:.* \([0-9.]*\) %.*/\1/p' <<<"$output")
    [ -n "$run_accuracy" ] || run_accuracy=NA
    [ -n "$run_seen" ] || run_seen=NA
  fi
  # w2v accuracy prints tab-separated rows: file, section, correct, seen, total, accuracy %.
  if has_tool w2v && output=$("$w2v_bin" accuracy "$model" "$questions" --restrict "$restrict" 2>/dev/null); then
    run_w2v_accuracy=$(awk -F'\t' '$2 == "total" { print $6 }' <<<"$output" | tail -n 1)
    [ -n "$run_w2v_accuracy" ] || run_w2v_accuracy=NA
  fi
}

# Sets train_cmd to the command that trains TOOL into OUTPUT (word2vec.c binary format).
# Arguments: tool, output, cbow (0/1), hs (0/1), negative, threads, epochs, alpha.
build_train_command() {
  local tool=$1 output=$2 cbow=$3 hs=$4 negative=$5 thread_count=$6 epochs=$7 rate=$8
  local common=(-size "$size" -window "$window" -sample "$sample" -threads "$thread_count"
    -iter "$epochs" -min-count "$min_count" -alpha "$rate")
  case "$tool" in
    w2v)
      train_cmd=("$w2v_bin" train -train "$corpus" -output "$output" -cbow "$cbow" -hs "$hs"
        -negative "$negative" -binary 1 "${common[@]}") ;;
    word2vec.c)
      train_cmd=("$word2vec_bin" -train "$corpus" -output "$output" -cbow "$cbow" -hs "$hs"
        -negative "$negative" -binary 1 "${common[@]}") ;;
    pWord2Vec)
      # pWord2Vec has skip-gram with negative sampling only. Its -batch-size defaults to
      # 2 * window + 1, so all context words of a position share one set of negatives.
      train_cmd=(env OPENBLAS_NUM_THREADS=1 "$pword2vec_bin" -train "$corpus" -output "$output"
        -negative "$negative" -binary 1 -batch-size $((2 * window + 1)) "${common[@]}") ;;
    gensim)
      train_cmd=("$gensim_python" "$bench_dir/gensim_train.py" -train "$corpus_wrapped"
        -output "$output" -cbow "$cbow" -hs "$hs" -negative "$negative" "${common[@]}") ;;
    fastText)
      # -minn 0 -maxn 0 turns off subword n-grams and -bucket 0 skips their 2M-row table, so
      # this is plain word2vec. fastText writes ${output%.bin}.vec as text and .bin with its own
      # format; the harness converts the .vec file for compute-accuracy afterwards.
      local mode=skipgram loss=ns
      [ "$cbow" = 1 ] && mode=cbow
      [ "$hs" = 1 ] && loss=hs
      train_cmd=("$fasttext_bin" "$mode" -input "$corpus" -output "${output%.bin}.ft"
        -dim "$size" -ws "$window" -neg "$negative" -loss "$loss" -t "$sample" -minCount "$min_count"
        -epoch "$epochs" -thread "$thread_count" -lr "$rate" -minn 0 -maxn 0 -bucket 0 -verbose 1) ;;
    *) log "unknown tool $tool"; exit 2 ;;
  esac
}

# Prints the percentage of the requested work (epochs x corpus) that TOOL's log LOG reports as
# done, or NA. word2vec.c at commit 20c129a stops early: it never clears its end-of-file flag
# between epochs, so the thread that reads to the end of the file trains only one epoch.
trained_percent() {
  local tool=$1 log_file=$2 percent=
  case "$tool" in
    word2vec.c | pWord2Vec | fastText)
      percent=$(tr '\r' '\n' <"$log_file" | grep -o 'Progress: *[0-9.]*%' | tail -n 1 | tr -dc '0-9.' || true) ;;
    w2v)
      percent=$(sed -n 's/.*\[info\] trained \([0-9]*\) tokens.*/\1/p' "$log_file" |
        awk -v total="$((train_words * iterations))" '{ sum += $1 } END { if (NR) printf "%.2f", 100 * sum / total }') ;;
    gensim)
      percent=$(sed -n 's/.*EPOCH [0-9]*: training on \([0-9]*\) raw words.*/\1/p' "$log_file" |
        awk -v total="$((corpus_tokens * iterations))" '{ sum += $1 } END { if (NR) printf "%.2f", 100 * sum / total }') ;;
  esac
  echo "${percent:-NA}"
}

# Trains one tool once and appends a row to $results. Arguments: group label, tool, round,
# cbow, hs, negative, threads, alpha.
run_training() {
  local group=$1 tool=$2 round=$3 cbow=$4 hs=$5 negative=$6 thread_count=$7 rate=$8
  local stem model
  stem=$run_dir/$(tr -c 'A-Za-z0-9.\n' '_' <<<"$group-$tool-$round")
  model=$stem.bin
  rm -f "$model"
  build_train_command "$tool" "$model" "$cbow" "$hs" "$negative" "$thread_count" "$iterations" "$rate"
  printf '%s\n' "${train_cmd[*]}" >"$stem.cmd"
  log "round $round, $group, $tool: ${train_cmd[*]}"
  measure "$stem.log" "${train_cmd[@]}"
  if [ "$tool" = fastText ] && [ "$run_status" -eq 0 ]; then
    "$helper_python" "$bench_dir/prepare.py" vec2bin "${model%.bin}.ft.vec" "$model"
    rm -f "${model%.bin}.ft.vec" "${model%.bin}.ft.bin"
  fi
  run_accuracy=NA
  run_seen=NA
  run_w2v_accuracy=NA
  if [ "$run_status" -eq 0 ] && [ -s "$model" ]; then
    measure_accuracy "$model"
  else
    log "$tool failed with exit code $run_status; see $stem.log"
    tail -n 5 "$stem.log" >&2 || true
  fi
  rm -f "$model"
  local trained
  trained=$(trained_percent "$tool" "$stem.log")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "$tool" "$round" "$run_wall" "$run_rss" \
    "$run_status" "$run_accuracy" "$run_seen" "$train_words" "$run_w2v_accuracy" "$trained" >>"$results"
  log "  wall ${run_wall}s, peak RSS ${run_rss} KiB, exit $run_status, accuracy ${run_accuracy}%, trained ${trained}%"
}

# Prints the tools rotated left by N places, so each round starts with a different tool.
rotate() {
  local shift_by=$1
  shift
  local tools=("$@") count=$#
  local index
  for ((index = 0; index < count; index++)); do
    printf '%s\n' "${tools[$(((index + shift_by) % count))]}"
  done
}

# ---------------------------------------------------------------------------------------------
# Modes

begin_mode() {
  local mode=$1
  run_dir=$work_dir/runs/$mode
  rm -rf "$run_dir"
  mkdir -p "$run_dir"
  results=$run_dir/results.tsv
  printf 'group\ttool\tround\twall_s\trss_kib\tstatus\taccuracy\tseen\ttrain_words\tw2v_accuracy\ttrained\n' >"$results"
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  log "mode $mode: results in $results"
}

# Writes the run description to $run_dir/meta.txt and renders the tables; rerun
# scripts/bench/report.py with --meta-file on that file to render them again.
finish_mode() {
  local mode=$1
  local docs_args=()
  [ "$write_docs" -eq 1 ] && docs_args=(--docs "$repo/docs/BENCHMARKS.md")
  {
    echo "command=$invocation"
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
    echo "cores=$(nproc)"
    echo "memory=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "load=$load_before (before) / $(cut -d' ' -f1-3 /proc/loadavg) (after)"
    echo "corpus=$(basename "$corpus_source")${prefix_words:+ (first $prefix_words words)}, md5 $(md5sum <"$corpus" | cut -d' ' -f1) as trained"
    echo "corpus_counts=$corpus_tokens tokens, $corpus_vocabulary words with count >= $min_count, $train_words training words"
    echo "settings=size $size, window $window, sample $sample, min-count $min_count, $iterations epochs, $threads threads"
    echo "rounds=$rounds"
    echo "epochs=$iterations"
    echo "binaries=$(describe_binaries)"
    printf '%s\n' "${extra_meta[@]}"
  } >"$run_dir/meta.txt"
  extra_meta=()
  "$helper_python" "$bench_dir/report.py" "$mode" "$results" --meta-file "$run_dir/meta.txt" "${docs_args[@]}"
}

describe_binaries() {
  local tool descriptions=()
  for tool in "${available_tools[@]}"; do
    case "$tool" in
      w2v) descriptions+=("w2v: $w2v_bin") ;;
      word2vec.c) descriptions+=("word2vec.c: $word2vec_bin") ;;
      pWord2Vec) descriptions+=("pWord2Vec: $pword2vec_bin") ;;
      gensim) descriptions+=("gensim $("$gensim_python" -c 'import gensim; print(gensim.__version__)'): $gensim_python $bench_dir/gensim_train.py") ;;
      fastText) descriptions+=("fastText: $fasttext_bin") ;;
    esac
  done
  [ -n "$compute_accuracy_bin" ] && descriptions+=("compute-accuracy: $compute_accuracy_bin")
  [ -n "$distance_bin" ] && [ -x "$distance_bin" ] && descriptions+=("distance: $distance_bin")
  local IFS=';'
  echo "${descriptions[*]}"
}

mode_standard() {
  begin_mode standard
  local round tool
  for ((round = 1; round <= rounds; round++)); do
    while read -r tool; do
      run_training "skip-gram NS" "$tool" "$round" 0 0 5 "$threads" "$alpha"
    done < <(rotate "$((round - 1))" "${available_tools[@]}")
  done
  finish_mode standard
}

mode_threads() {
  begin_mode threads
  local tools=() round tool count
  has_tool w2v && tools+=(w2v)
  has_tool word2vec.c && tools+=(word2vec.c)
  if [ "${#tools[@]}" -eq 0 ]; then log "threads: needs w2v or word2vec.c"; return; fi
  for ((round = 1; round <= rounds; round++)); do
    for count in 1 2; do
      while read -r tool; do
        run_training "$count threads" "$tool" "$round" 0 0 5 "$count" "$alpha"
      done < <(rotate "$((round - 1))" "${tools[@]}")
    done
  done
  finish_mode threads
}

# word2vec.c returns right after building (and saving) the vocabulary when -output is missing.
# With -iter 0 it would train forever, because its epoch counter stops only at exactly zero.
mode_vocab() {
  begin_mode vocab
  local tools=() round tool stem vocab_file
  has_tool w2v && tools+=(w2v)
  has_tool word2vec.c && tools+=(word2vec.c)
  if [ "${#tools[@]}" -eq 0 ]; then log "vocab: needs w2v or word2vec.c"; return; fi
  for ((round = 1; round <= rounds; round++)); do
    while read -r tool; do
      stem=$run_dir/vocab-$tool-$round
      vocab_file=$stem.vocab
      case "$tool" in
        w2v) train_cmd=("$w2v_bin" train -train "$corpus" -save-vocab "$vocab_file"
          -min-count "$min_count" -threads "$threads") ;;
        word2vec.c) train_cmd=("$word2vec_bin" -train "$corpus" -save-vocab "$vocab_file"
          -min-count "$min_count" -threads "$threads") ;;
      esac
      printf '%s\n' "${train_cmd[*]}" >"$stem.cmd"
      log "round $round, vocabulary, $tool: ${train_cmd[*]}"
      measure "$stem.log" "${train_cmd[@]}"
      if [ "$tool" = w2v ] && [ "$run_status" -ne 0 ]; then
        # Fall back to a run with zero epochs where w2v needs -output.
        train_cmd=("$w2v_bin" train -train "$corpus" -output "$stem.bin" -save-vocab "$vocab_file"
          -min-count "$min_count" -threads "$threads" -iter 0 -binary 1)
        printf '%s\n' "${train_cmd[*]}" >"$stem.cmd"
        log "  failed; retrying as ${train_cmd[*]}"
        measure "$stem.log" "${train_cmd[@]}"
        rm -f "$stem.bin"
      fi
      local entries=NA
      [ -f "$vocab_file" ] && entries=$(wc -l <"$vocab_file")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "vocabulary" "$tool" "$round" "$run_wall" \
        "$run_rss" "$run_status" NA NA "$entries" NA NA >>"$results"
      log "  wall ${run_wall}s, peak RSS ${run_rss} KiB, exit $run_status, $entries vocabulary entries"
      grep -i 'vocab' "$stem.log" | tr '\r' '\n' | grep -iv 'progress' | tail -n 3 >&2 || true
    done < <(rotate "$((round - 1))" "${tools[@]}")
  done
  finish_mode vocab
}

# Times loading the model alone (EXIT as the only input), then loading plus $queries top-40
# queries; the query time is the difference divided by $queries.
mode_distance() {
  begin_mode distance
  local model=$work_dir/random-$distance_words-$distance_dim.bin
  local queries=50 tools=() round tool kind stem index

  if [ ! -f "$model" ]; then
    log "writing a random $distance_words x $distance_dim model to $model"
    "$helper_python" "$bench_dir/prepare.py" model "$model" "$distance_words" "$distance_dim"
  fi

  printf 'EXIT\n' >"$run_dir/load.in"
  : >"$run_dir/query.in"
  for ((index = 0; index < queries; index++)); do
    printf 'w%06d\n' $(((index * 7919) % distance_words)) >>"$run_dir/query.in"
  done
  printf 'EXIT\n' >>"$run_dir/query.in"

  has_tool w2v && tools+=(w2v)
  [ -n "$distance_bin" ] && [ -x "$distance_bin" ] && tools+=(word2vec.c)
  if [ "${#tools[@]}" -eq 0 ]; then log "distance: needs w2v or word2vec.c's distance"; return; fi

  for ((round = 1; round <= rounds; round++)); do
    while read -r tool; do
      for kind in load query; do
        stem=$run_dir/distance-$tool-$kind-$round
        case "$tool" in
          w2v) train_cmd=("$w2v_bin" distance -n 40 "$model") ;;
          word2vec.c) train_cmd=("$distance_bin" "$model") ;;
        esac
        log "round $round, distance $kind, $tool: ${train_cmd[*]} < $kind.in"
        run_stdin=$run_dir/$kind.in measure "$stem.log" "${train_cmd[@]}"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$tool" "$round" "$run_wall" \
          "$run_rss" "$run_status" NA NA "$queries" NA NA >>"$results"
        log "  wall ${run_wall}s, peak RSS ${run_rss} KiB, exit $run_status"
      done
    done < <(rotate "$((round - 1))" "${tools[@]}")
  done
  extra_meta=("model=$distance_words x $distance_dim random binary model, $queries queries of one word each")
  finish_mode distance
}

mode_variants() {
  begin_mode variants
  local tools=() round tool variant name cbow hs negative rate
  has_tool w2v && tools+=(w2v)
  has_tool word2vec.c && tools+=(word2vec.c)
  if [ "${#tools[@]}" -eq 0 ]; then log "variants: needs w2v or word2vec.c"; return; fi
  # name:cbow:hs:negative:alpha. CBOW uses word2vec.c's default CBOW rate of 0.05.
  local variants=("CBOW NS:1:0:5:0.05" "skip-gram HS:0:1:0:$alpha" "CBOW HS:1:1:0:0.05")
  local rejected=()
  for ((round = 1; round <= rounds; round++)); do
    for variant in "${variants[@]}"; do
      IFS=: read -r name cbow hs negative rate <<<"$variant"
      while read -r tool; do
        if [ "$tool" = w2v ] && [[ " ${rejected[*]} " == *" $name "* ]]; then continue; fi
        run_training "$name" "$tool" "$round" "$cbow" "$hs" "$negative" "$threads" "$rate"
        if [ "$tool" = w2v ] && [ "$run_status" -eq 2 ]; then
          log "  w2v rejected the $name flags; skipping it for this variant"
          rejected+=("$name")
        fi
      done < <(rotate "$((round - 1))" "${tools[@]}")
    done
  done
  finish_mode variants
}

# perf stat needs hardware counters, which many virtual machines hide ("<not supported>").
# Callgrind counts instructions in software instead, so it is slow: it runs one thread, one
# epoch and the first 200,000 words unless --words is given.
mode_profile() {
  begin_mode profile
  if ! has_tool w2v; then log "profile: needs w2v"; return; fi
  local stem=$run_dir/profile
  if command -v perf >/dev/null 2>&1 &&
    perf stat -x, -e instructions true 2>&1 | grep -q '^[0-9]'; then
    build_train_command w2v "$stem.bin" 0 0 5 "$threads" "$iterations" "$alpha"
    log "perf stat: ${train_cmd[*]}"
    perf stat -e task-clock,cycles,instructions,branches,branch-misses,cache-misses \
      -o "$stem.perf" "${train_cmd[@]}" >"$stem.log" 2>&1
    extra_meta=("tool=perf stat" "profile_command=perf stat -e task-clock,cycles,instructions,branches,branch-misses,cache-misses ${train_cmd[*]}"
      "profile_output=$stem.perf")
  else
    log "perf stat has no hardware counters here; using valgrind --tool=callgrind"
    local small=$work_dir/profile-corpus.txt saved_corpus=$corpus
    "$helper_python" "$bench_dir/prepare.py" corpus "$corpus" "$small" --words "${prefix_words:-200000}"
    corpus=$small
    build_train_command w2v "$stem.bin" 0 0 5 1 1 "$alpha"
    corpus=$saved_corpus
    log "callgrind: ${train_cmd[*]}"
    valgrind --tool=callgrind --callgrind-out-file="$stem.callgrind" "${train_cmd[@]}" >"$stem.log" 2>&1 || {
      log "callgrind run failed; see $stem.log"
      tail -n 5 "$stem.log" >&2
      return
    }
    # Keep the program total and the 20 functions with the most instructions.
    callgrind_annotate --inclusive=no --auto=no "$stem.callgrind" 2>/dev/null |
      sed -n '/PROGRAM TOTALS/,$p' | grep -v '^-*$' | head -n 23 >"$stem.annotate"
    extra_meta=("tool=valgrind --tool=callgrind"
      "profile_command=valgrind --tool=callgrind ${train_cmd[*]}"
      "profile_output=$stem.annotate")
  fi
  rm -f "$stem.bin"
  finish_mode profile
}

# ---------------------------------------------------------------------------------------------

extra_meta=()
install_gnu_time
find_tools
prepare_corpus
for mode in "${modes[@]}"; do
  if [ "${#available_tools[@]}" -eq 0 ] && [ "$mode" != distance ]; then
    log "$mode: no tool available; see the messages above"
    continue
  fi
  "mode_$mode"
done
