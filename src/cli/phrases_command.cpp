// `w2v phrases`: word2vec.c's word2phrase. Joins frequent word pairs of a text into phrases.

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <string>

#include "commands.h"
#include "w2v/atomic_file.h"
#include "w2v/errors.h"
#include "w2v/interrupt.h"
#include "w2v/phrases.h"

namespace w2v::cli {
namespace {

struct PhrasesCommandOptions {
  std::string input;
  std::string output;
  std::int64_t min_count = 5;
  double threshold = 100;
  std::uint64_t max_vocab = PhraseOptions{}.max_entries;
  std::size_t max_token_bytes = kDefaultMaxTokenBytes;
  int debug = 2;
};

PhraseOptions check_settings(const PhrasesCommandOptions& options) {
  if (options.min_count < 0) throw UsageError("--min-count must be 0 or more");
  if (!std::isfinite(options.threshold) || options.threshold < 0) {
    throw UsageError(fmt::format(
        "--threshold must be a number of 0 or more (word2phrase's default is 100), got {}",
        options.threshold));
  }
  if (options.max_token_bytes < 4) throw UsageError("--max-token-bytes must be at least 4");
  if (options.output != "-") check_output_writable(options.output, "--output");

  PhraseOptions phrase_options;
  phrase_options.min_count = static_cast<std::uint64_t>(options.min_count);
  phrase_options.threshold = options.threshold;
  phrase_options.max_entries = options.max_vocab;
  phrase_options.max_token_bytes = options.max_token_bytes;
  phrase_options.log_progress = options.debug >= 2;
  return phrase_options;
}

int run_phrases(const PhrasesCommandOptions& options) {
  const PhraseOptions phrase_options = check_settings(options);
  if (options.debug <= 0) spdlog::set_level(spdlog::level::warn);
  install_interrupt_handlers();

  const auto start = std::chrono::steady_clock::now();
  spdlog::info("joining phrases in {}: min count {}, threshold {}",
               options.input == "-" ? "standard input" : options.input, phrase_options.min_count,
               phrase_options.threshold);
  const PhraseStats stats = join_phrases(options.input, options.output, phrase_options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (stats.cut_tokens > 0) {
    spdlog::warn("{} tokens were longer than {} bytes and were cut (--max-token-bytes)",
                 stats.cut_tokens, phrase_options.max_token_bytes);
  }
  spdlog::info("joined {} pairs ({} distinct phrases) in {} words and wrote {} in {:.2f} s",
               stats.joined_pairs, stats.distinct_phrases, stats.train_words,
               options.output == "-" ? "standard output" : options.output, seconds);
  return 0;
}

}  // namespace

Command add_phrases_command(CLI::App& parent) {
  auto options = std::make_shared<PhrasesCommandOptions>();
  CLI::App* app = parent.add_subcommand(
      "phrases",
      "Join frequent word pairs into phrases, as word2vec.c's word2phrase does: a pair 'a b' "
      "on one line becomes 'a_b' when (count(ab) - min-count) / (count(a) * count(b)) * "
      "words in the text is greater than --threshold. Pairs are taken left to right and a "
      "joined pair uses up both words. Run it again on its output to build longer phrases. "
      "Words are written separated by one space and line ends are kept. word2vec.c's "
      "single-dash flags (-train, -output, -threshold, ...) work as well.");
  // As in word2phrase, a flag given twice takes its last value.
  app->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app->add_option("--train", options->input,
                  "Input text file, read twice; - reads standard input and copies it to a "
                  "temporary file in $TMPDIR for the second pass")
      ->required();
  app->add_option("--output", options->output,
                  "Output text file, written when complete; - writes to standard output")
      ->required();

  app->add_option("--min-count", options->min_count,
                  "Words and pairs that occur fewer times are never joined")
      ->capture_default_str();
  app->add_option("--threshold", options->threshold,
                  "Minimum score of a joined pair (exclusive); higher gives fewer phrases")
      ->capture_default_str();

  app->add_option("--max-vocab", options->max_vocab,
                  "Distinct words plus distinct pairs held while counting before rare ones are "
                  "dropped (0: no limit)")
      ->capture_default_str();
  app->add_option("--max-token-bytes", options->max_token_bytes,
                  "Longer tokens are cut at a UTF-8 character boundary")
      ->capture_default_str();

  app->add_option("--debug", options->debug,
                  "Log level: 0 warnings only, 1 summary, 2 progress every few seconds")
      ->capture_default_str();
  return {app, [options] { return run_phrases(*options); }};
}

}  // namespace w2v::cli
