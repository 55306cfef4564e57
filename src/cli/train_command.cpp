// `w2v train`: read text, build the vocabulary, train skip-gram vectors and write them.

#include <omp.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "commands.h"
#include "w2v/atomic_file.h"
#include "w2v/corpus.h"
#include "w2v/errors.h"
#include "w2v/interrupt.h"
#include "w2v/kmeans.h"
#include "w2v/trainer.h"
#include "w2v/vector_io.h"
#include "w2v/vocab.h"

namespace w2v::cli {
namespace {

struct TrainCommandOptions {
  std::vector<std::string> inputs;
  std::string output;
  std::string save_vocab;
  std::string save_output;
  std::string read_vocab;
  int binary = 0;
  std::uint64_t min_count = 5;
  int cbow = 0;
  int hs = 0;
  int classes = 0;
  bool alpha_given = false;
  bool deterministic = false;
  int debug = 2;
  std::size_t max_token_bytes = kDefaultMaxTokenBytes;
  std::uint64_t max_vocab = CorpusOptions{}.max_vocab;
  TrainOptions train;
};

constexpr int kMaxThreads = 4096;

// Human-readable count: 1234567 -> "1.23M".
std::string short_count(double value) {
  if (value >= 1e9) return fmt::format("{:.2f}G", value / 1e9);
  if (value >= 1e6) return fmt::format("{:.2f}M", value / 1e6);
  if (value >= 1e3) return fmt::format("{:.1f}K", value / 1e3);
  return fmt::format("{:.0f}", value);
}

std::string clock_time(double seconds) {
  const auto total = static_cast<long long>(std::llround(seconds));
  if (total >= 3600) return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
  return fmt::format("{}:{:02}", total / 60, total % 60);
}

// Bytes the kernel reports as available for new allocations, or 0 if unknown.
std::uint64_t available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::uint64_t kilobytes = 0;
  std::string unit;
  while (meminfo >> key >> kilobytes >> unit) {
    if (key == "MemAvailable:") return kilobytes * 1024;
  }
  return 0;
}

void check_model_fits(std::size_t vocab_size, std::size_t dim, bool hierarchical_softmax) {
  const std::uint64_t needed = EmbeddingTables::bytes_needed(vocab_size, dim, hierarchical_softmax);
  const std::uint64_t available = available_memory_bytes();
  if (available != 0 && needed > available) {
    throw UsageError(fmt::format(
        "the model needs about {:.1f} GiB ({} words x {} dimensions x {} tables) but only {:.1f} "
        "GiB of memory is available. Lower --size, or raise --min-count to shrink the vocabulary.",
        static_cast<double>(needed) / (1 << 30), vocab_size, dim, hierarchical_softmax ? 3 : 2,
        static_cast<double>(available) / (1 << 30)));
  }
}

void check_settings(const TrainCommandOptions& options) {
  if (options.min_count < 1) throw UsageError("--min-count must be at least 1");
  if (options.classes < 0) throw UsageError("--classes must be 0 (write vectors) or more");
  if (options.classes > 0 && options.output.empty()) {
    throw UsageError("--classes needs --output for the 'word class' lines");
  }
  if (options.max_token_bytes < 4) throw UsageError("--max-token-bytes must be at least 4");
  const TrainOptions& train = options.train;
  validate_train_options(train);
  // libgomp 12 fails to start tens of thousands of threads and crashes (SIGSEGV in
  // GOMP_parallel) at 100000, so a typo such as -threads 100000 gets a clear error instead.
  if (train.threads > kMaxThreads) {
    throw UsageError(fmt::format("--threads must be at most {}; more threads than cores only "
                                 "slow training down",
                                 kMaxThreads));
  }
  if (options.output == "-") {
    throw UsageError("--output - (standard output) is not supported: give a file path, and "
                     "use 'w2v convert' or the file itself to pipe vectors elsewhere");
  }
  if (!options.output.empty()) check_output_writable(options.output, "--output");
  if (!options.save_vocab.empty()) check_output_writable(options.save_vocab, "--save-vocab");
  if (!options.save_output.empty()) {
    if (options.output.empty()) throw UsageError("--save-output needs --output as well");
    if (train.negative == 0) {
      throw UsageError("--save-output writes the negative-sampling context vectors, which "
                       "--negative 0 never trains. Use --negative 5 or drop --save-output.");
    }
    check_output_writable(options.save_output, "--save-output");
  }
}

// Kernel that train_embeddings() runs for these settings, for the log.
const char* kernel_name(const TrainOptions& train) {
  if (train.cbow) return "cbow";
  return train.kernel == Kernel::kPairs ? "pairs" : "batched";
}

Vocab build_vocab(EncodedCorpus& corpus, const TrainCommandOptions& options) {
  Vocab vocab = options.read_vocab.empty()
                    ? Vocab::from_counts(corpus.counted_words(), options.min_count)
                    : Vocab::load(options.read_vocab, options.min_count);
  corpus.use_vocab(vocab);
  return vocab;
}

int run_train(TrainCommandOptions& options) {
  options.train.cbow = options.cbow != 0;
  options.train.hierarchical_softmax = options.hs != 0;
  // word2vec.c's default learning rate is 0.05 for CBOW and 0.025 for skip-gram.
  if (options.train.cbow && !options.alpha_given) options.train.alpha = 0.05;
  check_settings(options);
  if (options.debug <= 0) spdlog::set_level(spdlog::level::warn);
  if (options.deterministic && options.train.threads != 1) {
    // Hogwild threads interleave their updates differently on every run, so the only schedule
    // that repeats exactly is one thread; --threads is ignored rather than silently racy.
    spdlog::info("--deterministic: training on 1 thread instead of {}", options.train.threads);
    options.train.threads = 1;
  }
  install_interrupt_handlers();

  const auto start = std::chrono::steady_clock::now();
  CorpusOptions corpus_options;
  corpus_options.max_token_bytes = options.max_token_bytes;
  corpus_options.max_vocab = options.max_vocab;
  corpus_options.threads = options.train.threads;
  EncodedCorpus corpus = EncodedCorpus::encode(options.inputs, corpus_options);
  const double read_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (corpus.cut_tokens() > 0) {
    spdlog::warn("{} tokens were longer than {} bytes and were cut (--max-token-bytes)",
                 corpus.cut_tokens(), options.max_token_bytes);
  }

  Vocab vocab = build_vocab(corpus, options);
  const double vocab_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("read {} tokens; vocab: {} words with count >= {}, {} training words ({:.2f} s)",
               corpus.size(), vocab.size(), options.min_count, vocab.total_count(), vocab_seconds);
  spdlog::debug("reading and counting took {:.2f} s", read_seconds);
  if (!options.save_vocab.empty()) {
    vocab.save(options.save_vocab);
    spdlog::info("saved vocab to {}", options.save_vocab);
  }
  if (options.output.empty()) {
    spdlog::info("no --output given: built the vocabulary only");
    return 0;
  }
  throw_if_interrupted();

  if (options.classes > 0 && static_cast<std::size_t>(options.classes) > vocab.size()) {
    throw UsageError(fmt::format("--classes {} is more than the {} words of the vocabulary",
                                 options.classes, vocab.size()));
  }
  if (options.train.epochs == 0) {
    spdlog::warn("--iter 0: writing the initial random vectors without training");
  }
  check_model_fits(vocab.size(), options.train.dim, options.train.hierarchical_softmax);
  EmbeddingTables tables(vocab.size(), options.train.dim, options.train.seed,
                         options.train.hierarchical_softmax);
  std::vector<std::uint64_t> counts;
  counts.reserve(vocab.size());
  for (const auto& entry : vocab.entries()) counts.push_back(entry.count);

  spdlog::info("training {}{}: dim {}, window {}, negative {}, sample {}, alpha {}, epochs {}, "
               "threads {}, {} kernel ({})",
               options.train.cbow ? "CBOW" : "skip-gram",
               options.train.hierarchical_softmax ? " with hierarchical softmax" : "",
               options.train.dim, options.train.window, options.train.negative,
               options.train.sample, options.train.alpha, options.train.epochs,
               options.train.threads, kernel_name(options.train), kernel_instruction_set());
  const TrainStats stats =
      train_embeddings(corpus, counts, options.train, tables, [](const TrainProgress& progress) {
        spdlog::info("{:5.1f}%  {} words/s  alpha {:.6f}  elapsed {}  ETA {}",
                     progress.fraction * 100, short_count(progress.words_per_second),
                     progress.alpha, clock_time(progress.seconds_elapsed),
                     clock_time(progress.seconds_left));
      });
  const double words_per_second = stats.seconds > 0 ? stats.words_processed / stats.seconds : 0;
  spdlog::info("trained {} tokens ({} kept by subsampling) in {:.2f} s: {} words/s, {} "
               "words/s/thread",
               stats.words_processed, stats.words_trained, stats.seconds,
               short_count(words_per_second), short_count(words_per_second / stats.threads));

  std::vector<std::string> words;
  words.reserve(vocab.size());
  for (const auto& entry : vocab.entries()) words.push_back(entry.word);
  const VectorFormat format = options.binary != 0 ? VectorFormat::kBinary : VectorFormat::kText;
  if (!options.save_output.empty()) {
    write_vectors(options.save_output, words, tables.output_view(), format);
    spdlog::info("wrote the context (output) vectors to {}", options.save_output);
  }
  if (options.classes > 0) {
    // word2vec.c's -classes: k-means over the word vectors, 'word class' lines in place of them.
    KMeansOptions kmeans;
    kmeans.classes = options.classes;
    kmeans.seed = options.train.seed;
    kmeans.threads = options.train.threads;
    write_classes(options.output, words, kmeans_classes(tables.input_view(), kmeans));
    spdlog::info("wrote the k-means class of each of {} words ({} classes) to {}", words.size(),
                 options.classes, options.output);
    return 0;
  }
  write_vectors(options.output, words, tables.input_view(), format);
  spdlog::info("wrote {} vectors of dimension {} to {} ({})", words.size(), options.train.dim,
               options.output, options.binary != 0 ? "binary" : "text");
  return 0;
}

}  // namespace

Command add_train_command(CLI::App& parent) {
  auto options = std::make_shared<TrainCommandOptions>();
  options->train.threads = omp_get_num_procs();
  CLI::App* app = parent.add_subcommand(
      "train",
      "Train word vectors: skip-gram (default) or CBOW, with negative sampling and/or "
      "hierarchical softmax. word2vec.c's single-dash flags (-train, -size, -iter, ...) work "
      "as well.");
  // As in word2vec.c, a flag given twice takes its last value.
  app->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app->add_option("--train", options->inputs, "Training text file(s); - reads standard input")
      ->required()
      ->expected(1, -1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app->add_option("--output", options->output,
                  "Output vector file; without it only the vocabulary is built");
  app->add_option("--binary", options->binary, "Write the binary format (1) or text (0)")
      ->check(CLI::Range(0, 1))
      ->capture_default_str();
  app->add_option("--size,--dim", options->train.dim, "Vector size (dimensions)")
      ->check(at_least(1))
      ->capture_default_str();
  app->add_option("--window", options->train.window,
                  "Maximum distance between center and context word; shrunk at random per center")
      ->capture_default_str();
  app->add_option("--sample", options->train.sample,
                  "Subsampling rate of frequent words (0 keeps every token)")
      ->capture_default_str();
  app->add_option("--negative", options->train.negative, "Negative samples per context")
      ->capture_default_str();
  app->add_option("--ns-exponent", options->train.ns_exponent,
                  "Exponent of the unigram counts in the noise distribution")
      ->capture_default_str();
  app->add_option("--threads", options->train.threads,
                  "Threads for counting words and for training (default: all cores)")
      ->capture_default_str();
  app->add_option("--iter,--epochs", options->train.epochs, "Passes over the corpus")
      ->capture_default_str();
  app->add_option("--min-count", options->min_count, "Discard words that occur fewer times")
      ->check(at_least(1))
      ->capture_default_str();
  app->add_option("--max-vocab", options->max_vocab,
                  "Distinct words each counting thread holds before rare ones are dropped (0: no limit)")
      ->check(at_least(0))
      ->capture_default_str();
  app->add_option("--alpha", options->train.alpha,
                  "Starting learning rate, decaying linearly to alpha x 1e-4 (default 0.025, "
                  "0.05 with --cbow 1)")
      ->each([options](const std::string&) { options->alpha_given = true; });
  app->add_option("--seed", options->train.seed, "Seed of every random draw")
      ->check(at_least(0))
      ->capture_default_str();
  app->add_flag("--deterministic", options->deterministic,
               "Give a byte-identical file for a seed whatever --threads is, by training on one "
               "thread (slower: see docs/REPRODUCIBILITY.md)");
  app->add_option("--kernel", options->train.kernel,
                  "batched: the contexts of a center word are updated together and share their "
                  "negative samples (fast; skip-gram); pairs: word2vec.c's per-pair updates")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, Kernel>{{"batched", Kernel::kBatched}, {"pairs", Kernel::kPairs}},
          CLI::ignore_case))
      ->capture_default_str();
  app->add_option("--max-token-bytes", options->max_token_bytes,
                  "Longer tokens are cut at a UTF-8 character boundary")
      ->check(at_least(0))
      ->capture_default_str();
  app->add_option("--save-vocab", options->save_vocab, "Write the vocabulary ('word count' lines)");
  app->add_option("--classes", options->classes,
                  "Write 'word class' lines from k-means with this many classes in place of the "
                  "vectors (0: write vectors)")
      ->capture_default_str();
  app->add_option("--save-output", options->save_output,
                  "Also write the context (output) vectors, in the format of --output");
  app->add_option("--read-vocab", options->read_vocab,
                  "Use this vocabulary ('word count' lines) instead of counting");
  app->add_option("--cbow", options->cbow, "1: CBOW; 0: skip-gram")
      ->check(CLI::Range(0, 1))
      ->capture_default_str();
  app->add_option("--hs", options->hs,
                  "1: add hierarchical softmax (alone with --negative 0, or with negative sampling)")
      ->check(CLI::Range(0, 1))
      ->capture_default_str();
  app->add_option("--debug", options->debug, "Log level: 0 warnings only, 1 and 2 progress")
      ->check(CLI::Range(0, 2))
      ->capture_default_str();
  return {app, [options] { return run_train(*options); }};
}

}  // namespace w2v::cli
