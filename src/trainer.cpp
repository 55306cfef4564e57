#include "w2v/trainer.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <limits>
#include <mutex>
#include <numeric>
#include <optional>
#include <thread>
#include <vector>

#include "kernels/sentence_kernels.h"
#include "w2v/huffman.h"
#include "w2v/errors.h"
#include "w2v/interrupt.h"

namespace w2v {
namespace {

constexpr std::size_t kAlignment = 64;
constexpr std::size_t kFloatsPerLine = kAlignment / sizeof(float);
constexpr std::size_t kChunkTokens = 1 << 16;
// Threads publish their token count and refresh alpha every this many tokens (word2vec.c: 10000).
constexpr std::uint64_t kProgressStep = 10000;

float* allocate_floats(std::size_t count) {
  const std::size_t bytes = (count * sizeof(float) + kAlignment - 1) / kAlignment * kAlignment;
  void* memory = std::aligned_alloc(kAlignment, std::max<std::size_t>(bytes, kAlignment));
  if (memory == nullptr) throw std::bad_alloc();
  return static_cast<float*>(memory);
}

// Returns `vocab_size`, or throws std::bad_alloc if the tables could not even be addressed.
std::size_t checked_vocab_size(std::size_t vocab_size, std::size_t dim) {
  if (EmbeddingTables::bytes_needed(vocab_size, dim) == std::numeric_limits<std::uint64_t>::max()) {
    throw std::bad_alloc();
  }
  return vocab_size;
}

// Per-thread token counter on its own cache line, so threads never share a written line.
struct alignas(kAlignment) ThreadCounter {
  std::atomic<std::uint64_t> words{0};
};

using Clock = std::chrono::steady_clock;

// State shared by the worker threads of one train_skipgram() call.
struct SharedRun {
  const TokenSource& tokens;
  const TrainOptions& options;
  EmbeddingTables& tables;
  const NoiseSampler& noise;
  const std::vector<std::uint64_t>& keep_threshold;
  detail::SentenceKernel kernel;
  const HuffmanTree* tree;
  std::uint64_t words_per_epoch;
  std::vector<ThreadCounter> processed;
  std::vector<ThreadCounter> trained;
  std::atomic<bool> stop{false};
  std::atomic<bool> diverged{false};
  std::mutex error_mutex;
  std::exception_ptr error;

  std::uint64_t total_processed() const {
    std::uint64_t sum = 0;
    for (const auto& counter : processed) sum += counter.words.load(std::memory_order_relaxed);
    return sum;
  }
  double alpha_at(std::uint64_t words_done) const {
    const double planned = static_cast<double>(options.epochs) * static_cast<double>(words_per_epoch);
    const double fraction = 1.0 - static_cast<double>(words_done) / (planned + 1.0);
    return options.alpha * std::max(kMinAlphaFraction, fraction);
  }
};

// Output rows of the most frequent words. By an estimate from the unigram^0.75 noise
// distribution, most centers draw at least one of them as a negative sample, so two threads
// sharing these rows pass their cache lines back and forth all the time.
constexpr std::size_t kPrivateOutputRows = 64;

// Trained words between two merges of PrivateOutputRows. Merging after every sentence made
// 2 threads 30% slower on a corpus of 20-word lines (3.29M against 4.68M words/s with shared
// rows). Every 1,000 words, 2 threads beat shared rows on 20-word lines and on one long line.
constexpr std::uint64_t kWordsPerMerge = 1000;

// One thread's copy of the first output rows (the most frequent words), merged into the
// shared table every kWordsPerMerge trained words. A merge adds this thread's change since the
// last merge (copy - base) to the shared rows, which keeps what other threads merged in the
// meantime, and restarts the copy from the result. Other threads therefore see these updates
// up to kWordsPerMerge words late. Used with several threads only, so one thread trains
// exactly as before.
class PrivateOutputRows {
 public:
  PrivateOutputRows(float* shared, std::size_t rows, std::size_t stride)
      : shared_(shared),
        floats_(rows * stride),
        copy_(allocate_floats(floats_), &std::free),
        base_(allocate_floats(floats_), &std::free) {
    std::copy(shared_, shared_ + floats_, copy_.get());
    std::copy(shared_, shared_ + floats_, base_.get());
  }
  PrivateOutputRows(const PrivateOutputRows&) = delete;
  PrivateOutputRows& operator=(const PrivateOutputRows&) = delete;
  // Merges what the last sentences changed, also when training stops early.
  ~PrivateOutputRows() { merge(); }

  float* rows() { return copy_.get(); }

  void merge() {
    float* shared = shared_;
    float* copy = copy_.get();
    float* base = base_.get();
#pragma omp simd
    for (std::size_t i = 0; i < floats_; ++i) {
      const float merged = shared[i] + (copy[i] - base[i]);
      shared[i] = merged;
      copy[i] = merged;
      base[i] = merged;
    }
  }

 private:
  float* shared_;
  std::size_t floats_;
  std::unique_ptr<float, decltype(&std::free)> copy_;
  std::unique_ptr<float, decltype(&std::free)> base_;
};

bool rows_finite(const float* table, std::size_t stride, std::size_t dim, std::size_t begin,
                 std::size_t end) {
  for (std::size_t row = begin; row < end; ++row) {
    const float* values = table + row * stride;
    for (std::size_t i = 0; i < dim; ++i) {
      if (!std::isfinite(values[i])) return false;
    }
  }
  return true;
}

void run_worker(SharedRun& run, int thread_index, int thread_count) {
  const TrainOptions& options = run.options;
  Rng rng = Rng::for_stream(options.seed, static_cast<std::uint64_t>(thread_index) + 1);
  const std::size_t stride = run.tables.stride();
  float* scratch = allocate_floats(detail::scratch_floats(options.window, stride));
  std::unique_ptr<float, decltype(&std::free)> scratch_owner(scratch, &std::free);
  std::vector<WordId> contexts(2 * static_cast<std::size_t>(options.window));
  std::vector<WordId> targets(2 * (static_cast<std::size_t>(options.negative) + 1));
  detail::KernelJob job{run.tables.input(), run.tables.output(), stride, options.window,
                        options.negative, &run.noise, &rng, scratch, contexts.data(),
                        targets.data(), run.tables.hs_output(), run.tree};

  std::optional<PrivateOutputRows> private_output;
  if (run.kernel == detail::select_kernels().batched && options.threads > 1 &&
      options.negative > 0) {
    const std::size_t rows = std::min(kPrivateOutputRows, run.tables.vocab_size());
    private_output.emplace(run.tables.output(), rows, stride);
    job.private_output = private_output->rows();
    job.private_rows = static_cast<WordId>(rows);
  }

  // Exact partition of the token positions: every epoch each token is read by one thread once.
  const std::uint64_t size = run.tokens.size();
  const std::uint64_t begin = size * static_cast<std::uint64_t>(thread_index) / thread_count;
  const std::uint64_t end = size * static_cast<std::uint64_t>(thread_index + 1) / thread_count;
  const std::size_t vocab_size = run.tables.vocab_size();
  const std::size_t rows_begin = vocab_size * thread_index / thread_count;
  const std::size_t rows_end = vocab_size * (thread_index + 1) / thread_count;

  std::vector<WordId> chunk(kChunkTokens);
  std::vector<WordId> sentence;
  sentence.reserve(kMaxSentenceWords);
  std::uint64_t processed = 0;
  std::uint64_t trained = 0;
  std::uint64_t next_report = kProgressStep;
  std::uint64_t next_merge = kWordsPerMerge;
  float alpha = static_cast<float>(run.alpha_at(0));

  // Trains the sentence collected so far. Returns false once training must stop (a signal
  // arrived, or another thread failed or diverged). Checking after every sentence bounds the
  // time to stop by one sentence of at most kMaxSentenceWords words, not one chunk.
  auto flush_sentence = [&] {
    if (!sentence.empty()) run.kernel(job, sentence.data(), sentence.size(), alpha);
    trained += sentence.size();
    sentence.clear();
    if (private_output && trained >= next_merge) {
      private_output->merge();
      next_merge = trained + kWordsPerMerge;
    }
    if (interrupt_requested()) run.stop.store(true);
    return !run.stop.load(std::memory_order_relaxed);
  };

  for (int epoch = 0; epoch < options.epochs && !run.stop.load(std::memory_order_relaxed); ++epoch) {
    for (std::uint64_t position = begin; position < end; position += kChunkTokens) {
      const std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(kChunkTokens, end - position));
      run.tokens.read(position, std::span<WordId>(chunk.data(), count));
      for (std::size_t i = 0; i < count; ++i) {
        const WordId word = chunk[i];
        if (word == kNoWord) continue;
        ++processed;
        if (word == 0) {  // kSentenceEnd
          if (!flush_sentence()) return;
          continue;
        }
        if ((rng.next() >> 32) >= run.keep_threshold[static_cast<std::size_t>(word)]) continue;
        sentence.push_back(word);
        if (sentence.size() == kMaxSentenceWords && !flush_sentence()) return;
      }
      if (processed >= next_report) {
        run.processed[thread_index].words.store(processed, std::memory_order_relaxed);
        run.trained[thread_index].words.store(trained, std::memory_order_relaxed);
        alpha = static_cast<float>(run.alpha_at(run.total_processed()));
        next_report = processed + kProgressStep;
        if (run.stop.load(std::memory_order_relaxed)) return;
        if (interrupt_requested()) {
          run.stop.store(true);
          return;
        }
      }
    }
    flush_sentence();
    // Divergence check once per epoch, outside the inner loop: each thread scans its share.
    if (!rows_finite(run.tables.input(), stride, run.tables.dim(), rows_begin, rows_end)) {
      run.diverged.store(true);
      run.stop.store(true);
    }
  }
  run.processed[thread_index].words.store(processed, std::memory_order_relaxed);
  run.trained[thread_index].words.store(trained, std::memory_order_relaxed);
}

}  // namespace

void validate_train_options(const TrainOptions& options) {
  if (options.dim == 0) throw UsageError("--size must be at least 1");
  if (options.window < 1) throw UsageError("--window must be at least 1");
  if (options.window > detail::kMaxBatchContexts / 2) {
    throw UsageError("--window must be at most " + std::to_string(detail::kMaxBatchContexts / 2));
  }
  if (options.negative < 0) throw UsageError("--negative must be 0 or more");
  if (options.negative == 0 && !options.hierarchical_softmax) {
    throw UsageError("--negative 0 leaves nothing to train: use --negative 5 or add -hs 1");
  }
  if (options.negative > detail::kMaxBatchTargets - 1) {
    throw UsageError("--negative must be at most " + std::to_string(detail::kMaxBatchTargets - 1));
  }
  if (options.threads < 1) throw UsageError("--threads must be at least 1");
  if (!(options.alpha > 0) || !std::isfinite(options.alpha)) {
    throw UsageError("--alpha must be a finite number greater than 0");
  }
  if (options.epochs < 0) throw UsageError("--iter must be 0 or more");
  if (!(options.sample >= 0) || !std::isfinite(options.sample)) {
    throw UsageError("--sample must be a finite number, 0 or more");
  }
  if (!(options.ns_exponent >= 0)) throw UsageError("--ns-exponent must be 0 or more");
}

void EmbeddingTables::FreeDeleter::operator()(float* p) const { std::free(p); }

EmbeddingTables::EmbeddingTables(std::size_t vocab_size, std::size_t dim, std::uint64_t seed,
                                 bool hierarchical_softmax)
    : vocab_size_(checked_vocab_size(vocab_size, dim)),
      dim_(dim),
      stride_((dim + kFloatsPerLine - 1) / kFloatsPerLine * kFloatsPerLine),
      input_(allocate_floats(vocab_size * stride_)),
      output_(allocate_floats(vocab_size * stride_)) {
  std::fill(output_.get(), output_.get() + vocab_size_ * stride_, 0.0f);
  if (hierarchical_softmax && vocab_size_ > 1) {
    hs_output_.reset(allocate_floats((vocab_size_ - 1) * stride_));
    std::fill(hs_output_.get(), hs_output_.get() + (vocab_size_ - 1) * stride_, 0.0f);
  }
  // One generator per row makes the start independent of the thread count.
#pragma omp parallel for schedule(static)
  for (std::size_t row = 0; row < vocab_size_; ++row) {
    Rng rng = Rng::for_stream(seed, ~static_cast<std::uint64_t>(row));
    float* values = input_.get() + row * stride_;
    for (std::size_t i = 0; i < dim_; ++i) values[i] = (rng.uniform() - 0.5f) / static_cast<float>(dim_);
    std::fill(values + dim_, values + stride_, 0.0f);
  }
}

std::uint64_t EmbeddingTables::bytes_needed(std::size_t vocab_size, std::size_t dim,
                                            bool hierarchical_softmax) {
  // Saturates instead of wrapping around, so that a huge --size cannot pass as a small model.
  constexpr std::uint64_t kMaxBytes = std::numeric_limits<std::uint64_t>::max();
  if (dim > kMaxBytes - kFloatsPerLine) return kMaxBytes;
  const std::uint64_t stride = (dim + kFloatsPerLine - 1) / kFloatsPerLine * kFloatsPerLine;
  std::uint64_t bytes = 0;
  const std::uint64_t tables = hierarchical_softmax ? 3 : 2;
  if (__builtin_mul_overflow(stride, tables * sizeof(float), &bytes) ||
      __builtin_mul_overflow(bytes, static_cast<std::uint64_t>(vocab_size), &bytes)) {
    return kMaxBytes;
  }
  return bytes;
}

TrainStats train_embeddings(const TokenSource& tokens, std::span<const std::uint64_t> counts,
                          const TrainOptions& options, EmbeddingTables& tables,
                          const std::function<void(const TrainProgress&)>& on_progress) {
  validate_train_options(options);
  if (counts.size() < 2) {
    throw UsageError("the vocabulary has no words to train. Lower --min-count or give more text.");
  }
  const std::uint64_t words_per_epoch =
      std::accumulate(counts.begin(), counts.end(), std::uint64_t{0});

  // kSentenceEnd (id 0) is never a negative sample.
  std::vector<std::uint64_t> noise_counts(counts.begin(), counts.end());
  noise_counts[0] = 0;
  // Without negative sampling (-negative 0 -hs 1) no noise table is needed.
  const NoiseSampler noise =
      options.negative > 0 ? NoiseSampler(noise_counts, options.ns_exponent) : NoiseSampler();
  const std::vector<std::uint64_t> keep_threshold = keep_thresholds(counts, options.sample);

  if (options.hierarchical_softmax && tables.hs_output() == nullptr) {
    throw UsageError("hierarchical softmax needs tables allocated with its inner-node table");
  }
  const HuffmanTree tree = options.hierarchical_softmax ? HuffmanTree(counts) : HuffmanTree();

  // The batched kernel covers skip-gram (negative sampling and/or hierarchical softmax); CBOW
  // has its own kernel.
  const auto& kernels = detail::select_kernels();
  detail::SentenceKernel kernel = kernels.pairs;
  if (options.cbow) {
    kernel = kernels.cbow;
  } else if (options.kernel == Kernel::kBatched) {
    kernel = kernels.batched;
  }
  SharedRun run{tokens, options, tables, noise, keep_threshold, kernel,
                options.hierarchical_softmax ? &tree : nullptr, words_per_epoch, std::vector<ThreadCounter>(options.threads),
                std::vector<ThreadCounter>(options.threads), {}, {}, {}, {}};

  const auto start = Clock::now();
  std::mutex reporter_mutex;
  std::condition_variable reporter_wake;
  bool finished = false;
  std::thread reporter([&] {
    if (!on_progress) return;
    const double planned = static_cast<double>(options.epochs) * static_cast<double>(words_per_epoch);
    auto last_report = start;
    double last_fraction = 0;
    std::unique_lock lock(reporter_mutex);
    while (!reporter_wake.wait_for(lock, std::chrono::milliseconds(200), [&] { return finished; })) {
      const auto now = Clock::now();
      const double since_last = std::chrono::duration<double>(now - last_report).count();
      const std::uint64_t done = run.total_processed();
      const double fraction = planned > 0 ? static_cast<double>(done) / planned : 1.0;
      // About once a second at first, then at every further percent or 30 s.
      if (since_last < 1.0 || (fraction - last_fraction < 0.01 && since_last < 30.0 &&
                               std::chrono::duration<double>(now - start).count() > 10.0)) {
        continue;
      }
      TrainProgress progress;
      progress.fraction = fraction;
      progress.seconds_elapsed = std::chrono::duration<double>(now - start).count();
      progress.words_per_second = static_cast<double>(done) / progress.seconds_elapsed;
      progress.alpha = run.alpha_at(done);
      progress.seconds_left = progress.words_per_second > 0
                                  ? (planned - static_cast<double>(done)) / progress.words_per_second
                                  : 0;
      on_progress(progress);
      last_report = now;
      last_fraction = fraction;
    }
  });

#pragma omp parallel num_threads(options.threads)
  {
    try {
      run_worker(run, omp_get_thread_num(), omp_get_num_threads());
    } catch (...) {
      std::lock_guard lock(run.error_mutex);
      if (!run.error) run.error = std::current_exception();
      run.stop.store(true);
    }
  }
  {
    std::lock_guard lock(reporter_mutex);
    finished = true;
  }
  reporter_wake.notify_all();
  reporter.join();

  if (run.error) std::rethrow_exception(run.error);
  throw_if_interrupted();
  if (run.diverged.load()) {
    throw DivergenceError("training diverged: the word vectors contain NaN or infinity. Lower the "
                          "learning rate (--alpha) and train again; no output was written.");
  }

  TrainStats stats;
  stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  stats.threads = options.threads;
  stats.words_processed = run.total_processed();
  for (const auto& counter : run.trained) stats.words_trained += counter.words.load();
  return stats;
}

std::string kernel_instruction_set() { return detail::select_kernels().instruction_set; }

}  // namespace w2v
