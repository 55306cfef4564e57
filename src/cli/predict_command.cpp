// `w2v predict`: sampled or greedy predictions of context words from the output vectors.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "interactive.h"
#include "w2v/errors.h"
#include "w2v/predict.h"

namespace w2v::cli {
namespace {

struct PredictCommandOptions {
  std::string model;
  std::string context_vectors;
  std::vector<std::string> words;
  DecodingOptions decoding;
  // Plain values for CLI11 2.1, which has no std::optional options; copied into `decoding`
  // when their flag is given. The counts are signed so that "-1" is rejected by name instead
  // of wrapping around to a huge unsigned value.
  std::int64_t count = 10;
  std::int64_t top_k = 0;
  double top_p = 1.0;
  std::int64_t samples = 0;
  CLI::Option* top_k_flag = nullptr;
  CLI::Option* top_p_flag = nullptr;
  CLI::Option* samples_flag = nullptr;
};

constexpr const char* kDecodingHelp = R"(Decoding:
  Every vocabulary word w gets score(w) = (sum of the query words' input vectors) . (output
  vector of w), skip-gram's logit for w as a context word. Probabilities are the softmax of
  score / temperature over the vocabulary minus the query words (unless --include-query).
  Greedy (the default) prints the -n words with the highest scores.
  --top-k K keeps only the K highest-scoring words.
  --top-p P keeps the smallest set of top words whose probabilities sum to at least P (the
  nucleus). With both flags, the smaller set is kept.
  --temperature T divides the scores before the softmax: T > 1 flattens the distribution,
  T < 1 sharpens it, and T near 0 puts all probability on the greedy choice.
  Without --samples, the kept words are printed best first. --samples N instead draws N words
  with replacement from the kept words, in proportion to their probabilities.
  --seed S fixes the draws: the same seed, files and flags print the same samples.
Output: one 'word<TAB>probability<TAB>score<TAB>sigmoid(score)' line per returned word on
stdout. The probability is the softmax value before top-k and top-p. The sentence end '</s>'
always scores 0, because 'w2v train' never updates its output vector.)";

std::vector<std::size_t> find_query(const ContextModel& model, const PredictCommandOptions& options,
                                    const std::vector<std::string>& words) {
  std::vector<std::size_t> ids;
  std::vector<std::string> unknown;
  for (const std::string& word : words) {
    const auto id = model.find(word);
    if (id) {
      ids.push_back(*id);
    } else {
      unknown.push_back("'" + word + "'");
    }
  }
  if (!unknown.empty()) {
    throw InputError(fmt::format("{} {} not in the vocabulary of '{}'. Words are matched exactly, "
                                 "case included.",
                                 fmt::join(unknown, ", "), unknown.size() == 1 ? "is" : "are",
                                 options.model));
  }
  return ids;
}

void print_predictions(const ContextModel& model, const std::vector<Prediction>& predictions) {
  for (const Prediction& prediction : predictions) {
    const double sigmoid = 1.0 / (1.0 + std::exp(-static_cast<double>(prediction.score)));
    fmt::print(stdout, "{}\t{:.6g}\t{:.6f}\t{:.6f}\n", model.word(prediction.id),
               prediction.probability, prediction.score, sigmoid);
  }
}

std::size_t positive_count(std::string_view flag, std::int64_t value) {
  if (value < 1) throw UsageError(fmt::format("{} must be at least 1, got {}", flag, value));
  return static_cast<std::size_t>(value);
}

int run_predict(PredictCommandOptions& options) {
  options.decoding.count = positive_count("-n", options.count);
  if (options.top_k_flag->count() > 0) {
    options.decoding.top_k = positive_count("--top-k", options.top_k);
  }
  if (options.top_p_flag->count() > 0) options.decoding.top_p = options.top_p;
  if (options.samples_flag->count() > 0) {
    options.decoding.samples = positive_count("--samples", options.samples);
  }
  validate(options.decoding);

  const std::vector<std::string> words = split_arguments(options.words);
  if (words.empty()) throw UsageError("missing query words: give at least one WORD");
  const ContextModel model = load_context_model(options.model, options.context_vectors);
  const std::vector<std::size_t> query = find_query(model, options, words);
  print_predictions(model, predict(model, query, options.decoding));
  return 0;
}

}  // namespace

Command add_predict_command(CLI::App& parent) {
  auto options = std::make_shared<PredictCommandOptions>();
  CLI::App* app = parent.add_subcommand(
      "predict",
      "Predict the context words of the query words from a model's output vectors, which "
      "'w2v train -save-output FILE' writes: list the most likely words or draw samples.");
  app->footer(kDecodingHelp);
  app->add_option("MODEL", options->model, "Word (input) vector file written by -output")
      ->required();
  app->add_option("CONTEXT_VECTORS", options->context_vectors,
                  "Context (output) vector file written by -save-output in the same run")
      ->required();
  app->add_option("WORD", options->words,
                  "Query words (case-sensitive); their input vectors are summed")
      ->required();

  DecodingOptions& decoding = options->decoding;
  CLI::Option* count = app->add_option("-n,--top", options->count,
                                       "Number of words greedy decoding prints")
                           ->capture_default_str();
  options->top_k_flag = app->add_option("--top-k", options->top_k,
                                        "Keep only the K highest-scoring words (K >= 1)");
  options->top_p_flag = app->add_option(
      "--top-p", options->top_p,
      "Keep the smallest set of top words whose probabilities sum to at least P (0 < P <= 1)");
  app->add_option("--temperature", decoding.temperature,
                  "Divide the scores by T (> 0) before the softmax")
      ->capture_default_str();
  options->samples_flag = app->add_option(
      "--samples", options->samples,
      "Draw N words with replacement from the kept words instead of listing them");
  app->add_option("--seed", decoding.seed, "Seed of the draws of --samples")
      ->capture_default_str();
  app->add_flag("--include-query", decoding.include_query,
                "Let the query words be predicted too (they are left out by default)");
  count->excludes(options->top_k_flag)
      ->excludes(options->top_p_flag)
      ->excludes(options->samples_flag);
  return {app, [options] { return run_predict(*options); }};
}

}  // namespace w2v::cli
