#include "w2v/predict.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "w2v/errors.h"
#include "w2v/sampling.h"
#include "w2v/vector_io.h"

namespace w2v {
namespace {

// Stream of Rng::for_stream() used for the draws, so they are unrelated to training's streams
// (thread index + 1 and the complemented row numbers) of the same seed.
constexpr std::uint64_t kSampleStream = 0x70726564696374ULL;  // "predict" in ASCII

void check_match(const WordVectors& words, const WordVectors& contexts,
                 std::string_view word_source, std::string_view context_source) {
  const auto mismatch = [&](const std::string& what) {
    return InputError(fmt::format("'{}' and '{}' are not from one training run ({}). Pass the "
                                  "files that one 'w2v train -output ... -save-output ...' "
                                  "run wrote.",
                                  word_source, context_source, what));
  };
  if (words.size() != contexts.size()) {
    throw mismatch(fmt::format("{} words against {}", words.size(), contexts.size()));
  }
  if (words.dim != contexts.dim) {
    throw mismatch(fmt::format("dimension {} against {}", words.dim, contexts.dim));
  }
  for (std::size_t id = 0; id < words.size(); ++id) {
    if (words.words[id] != contexts.words[id]) {
      throw mismatch(fmt::format("row {} is '{}' against '{}'", id + 1, words.words[id],
                                 contexts.words[id]));
    }
  }
}

std::vector<bool> exclusion_mask(std::size_t size, std::span<const std::size_t> excluded) {
  std::vector<bool> mask(size, false);
  for (const std::size_t id : excluded) {
    if (id < size) mask[id] = true;
  }
  return mask;
}

// Uniform double in [0, 1) with 53 random bits, fine enough for probabilities far below the
// 2^-24 resolution of Rng::uniform().
double uniform_double(Rng& rng) { return static_cast<double>(rng.next() >> 11) * 0x1.0p-53; }

}  // namespace

ContextModel::ContextModel(WordVectors word_vectors, WordVectors context_vectors,
                           std::string_view word_source, std::string_view context_source)
    : words_(std::move(word_vectors)), contexts_(std::move(context_vectors)) {
  check_match(words_, contexts_, word_source, context_source);
  ids_.reserve(words_.size());
  for (std::size_t id = 0; id < words_.size(); ++id) ids_.emplace(words_.words[id], id);
}

std::optional<std::size_t> ContextModel::find(std::string_view word) const {
  const auto found = ids_.find(word);
  if (found == ids_.end()) return std::nullopt;
  return found->second;
}

std::vector<float> ContextModel::score(std::span<const std::size_t> query) const {
  std::vector<float> sum(dim(), 0.0F);
  for (const std::size_t id : query) {
    const auto row = words_.row(id);
    for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += row[i];
  }

  std::vector<float> scores(size());
  for (std::size_t id = 0; id < size(); ++id) {
    const auto row = contexts_.row(id);
    float dot = 0.0F;
    for (std::size_t i = 0; i < sum.size(); ++i) dot += sum[i] * row[i];
    scores[id] = dot;
  }
  return scores;
}

ContextModel load_context_model(const std::filesystem::path& word_file,
                                const std::filesystem::path& context_file) {
  WordVectors words = read_vectors(word_file);
  WordVectors contexts = read_vectors(context_file);
  spdlog::info("loaded {} words of dimension {} from {} and {}", words.size(), words.dim,
               word_file.string(), context_file.string());
  return ContextModel(std::move(words), std::move(contexts), word_file.string(),
                      context_file.string());
}

void validate(const DecodingOptions& options) {
  if (options.count < 1) throw UsageError("-n must be at least 1, got 0");
  if (options.top_k && *options.top_k < 1) throw UsageError("--top-k must be at least 1, got 0");
  if (options.top_p && !(*options.top_p > 0.0 && *options.top_p <= 1.0)) {
    throw UsageError(fmt::format("--top-p must be in (0, 1], got {}", *options.top_p));
  }
  if (!(options.temperature > 0.0) || !std::isfinite(options.temperature)) {
    throw UsageError(fmt::format(
        "--temperature must be a finite number greater than 0, got {}. Use a small value such "
        "as 0.01 for nearly greedy decoding.",
        options.temperature));
  }
  if (options.samples && *options.samples < 1) {
    throw UsageError("--samples must be at least 1, got 0");
  }
}

std::vector<double> softmax(std::span<const float> scores, double temperature,
                            std::span<const std::size_t> excluded) {
  const std::vector<bool> skip = exclusion_mask(scores.size(), excluded);
  double highest = -std::numeric_limits<double>::infinity();
  for (std::size_t id = 0; id < scores.size(); ++id) {
    if (skip[id]) continue;
    if (!std::isfinite(scores[id])) {
      throw InputError(fmt::format("invalid score {} for row {}, because the vectors contain "
                                   "NaN or infinite values. Check the model files.",
                                   scores[id], id + 1));
    }
    highest = std::max(highest, static_cast<double>(scores[id]));
  }

  std::vector<double> probabilities(scores.size(), 0.0);
  double total = 0.0;
  for (std::size_t id = 0; id < scores.size(); ++id) {
    if (skip[id]) continue;
    probabilities[id] = std::exp((static_cast<double>(scores[id]) - highest) / temperature);
    total += probabilities[id];
  }
  // total >= 1 whenever a candidate exists, because the best candidate contributes exp(0).
  if (total > 0.0) {
    for (double& probability : probabilities) probability /= total;
  }
  return probabilities;
}

std::vector<std::size_t> rank_candidates(std::span<const float> scores,
                                         std::span<const std::size_t> excluded) {
  const std::vector<bool> skip = exclusion_mask(scores.size(), excluded);
  std::vector<std::size_t> ranked;
  ranked.reserve(scores.size());
  for (std::size_t id = 0; id < scores.size(); ++id) {
    if (!skip[id]) ranked.push_back(id);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t left, std::size_t right) {
    return scores[left] > scores[right];
  });
  return ranked;
}

std::size_t truncated_size(std::span<const std::size_t> ranked,
                           std::span<const double> probabilities, const DecodingOptions& options) {
  std::size_t kept = ranked.size();
  if (options.top_k) kept = std::min(kept, *options.top_k);
  if (options.top_p) {
    double mass = 0.0;
    std::size_t nucleus = 0;
    while (nucleus < kept && mass < *options.top_p && probabilities[ranked[nucleus]] > 0.0) {
      mass += probabilities[ranked[nucleus]];
      ++nucleus;
    }
    kept = nucleus;
  }
  return kept;
}

std::vector<std::size_t> sample_ids(std::span<const std::size_t> kept,
                                    std::span<const double> probabilities, std::size_t count,
                                    std::uint64_t seed) {
  std::vector<double> cumulative(kept.size());
  double total = 0.0;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    total += probabilities[kept[i]];
    cumulative[i] = total;
  }
  if (!(total > 0.0)) throw InputError("cannot sample, because the kept words have probability 0");

  Rng rng = Rng::for_stream(seed, kSampleStream);
  std::vector<std::size_t> draws;
  draws.reserve(count);
  for (std::size_t n = 0; n < count; ++n) {
    // The first entry above u * total: a word of probability 0 adds an empty interval and is
    // never drawn, and u < 1 keeps the index inside the table.
    const double target = uniform_double(rng) * total;
    const auto slot = std::upper_bound(cumulative.begin(), cumulative.end(), target);
    const auto index = static_cast<std::size_t>(slot - cumulative.begin());
    draws.push_back(kept[std::min(index, kept.size() - 1)]);
  }
  return draws;
}

std::vector<Prediction> predict(const ContextModel& model, std::span<const std::size_t> query,
                                const DecodingOptions& options) {
  validate(options);
  const std::vector<float> scores = model.score(query);
  const std::span<const std::size_t> excluded =
      options.include_query ? std::span<const std::size_t>{} : query;
  // softmax() first: it rejects NaN scores, which rank_candidates() could not order.
  const std::vector<double> probabilities = softmax(scores, options.temperature, excluded);
  const std::vector<std::size_t> ranked = rank_candidates(scores, excluded);
  if (ranked.empty()) {
    throw UsageError("no candidate words: every vocabulary word is a query word. Pass "
                     "--include-query to score the query words too.");
  }

  const bool truncating = options.top_k || options.top_p;
  std::size_t kept_count = truncated_size(ranked, probabilities, options);
  if (!truncating && !options.samples) kept_count = std::min(kept_count, options.count);
  const std::span<const std::size_t> kept_ids(ranked.data(), kept_count);

  double kept_mass = 0.0;
  for (const std::size_t id : kept_ids) kept_mass += probabilities[id];
  spdlog::info("{} candidate words, {} kept with probability mass {:.6f}", ranked.size(),
               kept_count, kept_mass);

  std::vector<std::size_t> returned(kept_ids.begin(), kept_ids.end());
  if (options.samples) {
    returned = sample_ids(kept_ids, probabilities, *options.samples, options.seed);
  }
  std::vector<Prediction> predictions;
  predictions.reserve(returned.size());
  for (const std::size_t id : returned) predictions.push_back({id, probabilities[id], scores[id]});
  return predictions;
}

}  // namespace w2v
