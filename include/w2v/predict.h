#pragma once

// Context-word prediction from a trained model: the scores of skip-gram's output layer, a full
// softmax over the vocabulary and the usual decoding rules (greedy, top-k, top-p, temperature,
// seeded sampling).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "w2v/word_vectors.h"

namespace w2v {

/// A model's word (input, "syn0") and context (output, "syn1neg") vectors, which share one
/// vocabulary in one order and one dimension.
class ContextModel {
 public:
  /// Stores both tables. Throws InputError naming `word_source` and `context_source` (the file
  /// names shown in messages) when the word counts, the dimensions or any word differ.
  ContextModel(WordVectors word_vectors, WordVectors context_vectors,
               std::string_view word_source = "word vectors",
               std::string_view context_source = "context vectors");

  std::size_t size() const { return words_.size(); }
  std::size_t dim() const { return words_.dim; }
  const std::string& word(std::size_t id) const { return words_.words[id]; }

  /// Returns the row of `word` (exact, case-sensitive). A word listed twice keeps its first row.
  std::optional<std::size_t> find(std::string_view word) const;

  /// Returns, for every vocabulary word w, the dot product of the sum of the word vectors of
  /// `query` with the context vector of w: skip-gram's logit for w as a context of the query.
  std::vector<float> score(std::span<const std::size_t> query) const;

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };

  WordVectors words_;
  WordVectors contexts_;
  std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> ids_;
};

/// Loads a word vector file and its context vector file (any layout read_vectors() accepts).
/// Throws InputError when they do not match, and the errors of read_vectors().
ContextModel load_context_model(const std::filesystem::path& word_file,
                                const std::filesystem::path& context_file);

/// Decoding settings. The flag names in the comments are those of `w2v predict`.
struct DecodingOptions {
  std::size_t count = 10;             // -n: number of words greedy decoding lists
  std::optional<std::size_t> top_k;   // --top-k: keep only the k highest-scoring words
  std::optional<double> top_p;        // --top-p: keep the smallest top set with mass >= p
  double temperature = 1.0;           // --temperature: softmax over score / temperature
  std::optional<std::size_t> samples; // --samples: draw this many words instead of listing
  std::uint64_t seed = 1;             // --seed: generator of the draws
  bool include_query = false;         // --include-query: query words may be returned
};

/// One returned word: its row, softmax probability among the candidates and raw score.
struct Prediction {
  std::size_t id = 0;
  double probability = 0.0;
  float score = 0.0F;
};

/// Throws UsageError naming the flag and the value when `options` cannot decode: top-k < 1,
/// top-p outside (0, 1], a temperature that is not a finite number > 0, -n or --samples < 1.
void validate(const DecodingOptions& options);

/// Returns the softmax of score / temperature over the ids not in `excluded`, computed in
/// double after subtracting the highest score, so it cannot overflow. Excluded ids get 0.
/// Throws InputError if a candidate's score is NaN or infinite.
std::vector<double> softmax(std::span<const float> scores, double temperature,
                            std::span<const std::size_t> excluded = {});

/// Returns the ids not in `excluded` ordered by descending score. Equal scores keep the lower
/// id (in word2vec output, the more frequent word) first.
std::vector<std::size_t> rank_candidates(std::span<const float> scores,
                                         std::span<const std::size_t> excluded = {});

/// Returns how many of the first `ranked` ids top-k and top-p keep (all of them when neither
/// is set). Top-p keeps the shortest prefix whose probabilities sum to at least p, and never
/// a word of probability 0, so rounding cannot pull in the underflowed tail. When both are
/// set, the shorter of the two prefixes is kept.
std::size_t truncated_size(std::span<const std::size_t> ranked,
                           std::span<const double> probabilities, const DecodingOptions& options);

/// Draws `count` ids with replacement from `kept`, each with probability proportional to
/// probabilities[id], using a generator derived from `seed` only. So the same seed and inputs
/// give the same draws. Throws InputError if the kept probabilities sum to 0.
std::vector<std::size_t> sample_ids(std::span<const std::size_t> kept,
                                    std::span<const double> probabilities, std::size_t count,
                                    std::uint64_t seed);

/// Scores every word as a context of `query` (row ids, repeats allowed) and decodes. Without
/// `options.samples` it returns the kept words best first: the first `options.count` under
/// greedy decoding, or the whole top-k/top-p set. With it, it returns the draws in order.
/// Probabilities are those of the softmax over the candidates (the vocabulary minus the query
/// words unless `include_query`), before truncation. Throws UsageError for invalid options or
/// when no candidate remains.
std::vector<Prediction> predict(const ContextModel& model, std::span<const std::size_t> query,
                                const DecodingOptions& options);

}  // namespace w2v
