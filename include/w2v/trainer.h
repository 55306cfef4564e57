#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "w2v/sampling.h"
#include "w2v/token_source.h"
#include "w2v/word_vectors.h"

namespace w2v {

/// Update scheme of the skip-gram kernels.
enum class Kernel {
  /// All context words of a center word share one set of negative samples (and the center's
  /// hierarchical-softmax path), so the update is a few small dense matrix products (HogBatch,
  /// Ji et al. 2016). Fastest; the default for skip-gram. CBOW always runs its own kernel.
  kBatched,
  /// word2vec.c's algorithm: fresh negative samples for every (context, center) pair, one pair
  /// updated at a time.
  kPairs,
};

/// Training settings. Defaults are word2vec.c's for skip-gram with negative sampling.
struct TrainOptions {
  bool cbow = false;                  // CBOW (mean of the contexts predicts the center) or skip-gram
  bool hierarchical_softmax = false;  // add hierarchical softmax over a Huffman tree
  std::size_t dim = 100;          // vector size
  int window = 5;                 // maximum distance between center and context word
  int negative = 5;               // negative samples per positive example; 0 needs -hs
  double sample = 1e-3;           // subsampling rate of frequent words; 0 disables
  double alpha = 0.025;           // starting learning rate
  int epochs = 5;
  int threads = 1;
  std::uint64_t seed = 1;
  double ns_exponent = kDefaultNoiseExponent;
  Kernel kernel = Kernel::kBatched;
};

/// Lower bound of the learning rate, as a fraction of the starting alpha (word2vec.c's 1e-4).
inline constexpr double kMinAlphaFraction = 1e-4;

/// Maximum number of kept words trained as one sentence (word2vec.c's MAX_SENTENCE_LENGTH).
inline constexpr std::size_t kMaxSentenceWords = 1000;

/// Word (input, "syn0") and context (output, "syn1neg") vectors, rows padded to a multiple of 16
/// floats and 64-byte aligned for vector instructions.
class EmbeddingTables {
 public:
  /// Allocates the tables: word vectors uniform in [-0.5/dim, 0.5/dim) from `seed`, context
  /// vectors zero (word2vec.c's initialisation), and with `hierarchical_softmax` a zeroed table
  /// of vocab_size - 1 inner-node vectors.
  EmbeddingTables(std::size_t vocab_size, std::size_t dim, std::uint64_t seed,
                  bool hierarchical_softmax = false);

  std::size_t vocab_size() const { return vocab_size_; }
  std::size_t dim() const { return dim_; }
  std::size_t stride() const { return stride_; }
  float* input() { return input_.get(); }
  float* output() { return output_.get(); }
  /// Inner-node vectors of hierarchical softmax, or null.
  float* hs_output() { return hs_output_.get(); }
  MatrixView input_view() const { return {input_.get(), vocab_size_, dim_, stride_}; }
  MatrixView output_view() const { return {output_.get(), vocab_size_, dim_, stride_}; }

  /// Bytes the tables take, for the memory check before training.
  static std::uint64_t bytes_needed(std::size_t vocab_size, std::size_t dim,
                                    bool hierarchical_softmax = false);

 private:
  struct FreeDeleter {
    void operator()(float* p) const;
  };
  std::size_t vocab_size_;
  std::size_t dim_;
  std::size_t stride_;
  std::unique_ptr<float[], FreeDeleter> input_;
  std::unique_ptr<float[], FreeDeleter> output_;
  std::unique_ptr<float[], FreeDeleter> hs_output_;
};

/// Snapshot of training progress, passed to the progress callback about once a second.
struct TrainProgress {
  double fraction = 0;           // of all epochs
  double words_per_second = 0;   // tokens read per wall-clock second, over the whole run
  double alpha = 0;              // current learning rate
  double seconds_elapsed = 0;
  double seconds_left = 0;       // estimate from the rate so far
};

/// Totals of a finished run.
struct TrainStats {
  std::uint64_t words_processed = 0;  // in-vocabulary tokens read over all epochs
  std::uint64_t words_trained = 0;    // of those, kept by subsampling and trained as centers
  double seconds = 0;
  int threads = 0;
};

/// Throws UsageError naming the flag if `options` cannot train (the checks that do not need
/// the vocabulary). train_embeddings() calls it too.
void validate_train_options(const TrainOptions& options);

/// Trains skip-gram or CBOW on `tokens` (ids of `counts`' vocabulary) into `tables`. Hogwild:
/// threads update shared rows without locks; with threads == 1 the result is a deterministic
/// function of the inputs and the seed.
/// Throws DivergenceError if the vectors become NaN or infinite, InterruptedError on a signal.
TrainStats train_embeddings(const TokenSource& tokens, std::span<const std::uint64_t> counts,
                          const TrainOptions& options, EmbeddingTables& tables,
                          const std::function<void(const TrainProgress&)>& on_progress = {});

/// Name of the instruction set the kernels run with on this CPU ("avx512", "avx2" or "generic").
std::string kernel_instruction_set();

}  // namespace w2v
