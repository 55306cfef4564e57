#include "w2v/trainer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numeric>
#include <random>
#include <vector>

#include "w2v/errors.h"

namespace {

using w2v::EmbeddingTables;
using w2v::InMemoryTokens;
using w2v::TrainOptions;
using w2v::WordId;

// A corpus with planted structure: kGroups groups of kGroupSize words. Each sentence draws its
// words from one group only, so words of a group share contexts and should end up close.
constexpr int kGroups = 8;
constexpr int kGroupSize = 8;
constexpr int kVocab = 1 + kGroups * kGroupSize;  // id 0 is </s>

struct PlantedCorpus {
  std::vector<WordId> tokens;
  std::vector<std::uint64_t> counts = std::vector<std::uint64_t>(kVocab, 0);
};

PlantedCorpus make_planted_corpus(int sentences, unsigned seed) {
  std::mt19937 generator(seed);
  std::uniform_int_distribution<int> pick_group(0, kGroups - 1);
  std::uniform_int_distribution<int> pick_member(0, kGroupSize - 1);
  PlantedCorpus corpus;
  for (int s = 0; s < sentences; ++s) {
    const int group = pick_group(generator);
    for (int i = 0; i < 12; ++i) {
      const WordId word = 1 + group * kGroupSize + pick_member(generator);
      corpus.tokens.push_back(word);
      ++corpus.counts[static_cast<std::size_t>(word)];
    }
    corpus.tokens.push_back(0);
    ++corpus.counts[0];
  }
  return corpus;
}

double cosine(const float* a, const float* b, std::size_t dim) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < dim; ++i) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / std::sqrt(aa * bb);
}

// Fraction of words whose nearest other word (by cosine of word vectors) is in the same group.
double same_group_accuracy(const EmbeddingTables& tables) {
  const auto view = tables.input_view();
  int correct = 0;
  for (int a = 1; a < kVocab; ++a) {
    int best = -1;
    double best_cosine = -2;
    for (int b = 1; b < kVocab; ++b) {
      if (b == a) continue;
      const double c = cosine(view.row(a).data(), view.row(b).data(), view.cols);
      if (c > best_cosine) {
        best_cosine = c;
        best = b;
      }
    }
    correct += (best - 1) / kGroupSize == (a - 1) / kGroupSize;
  }
  return static_cast<double>(correct) / (kVocab - 1);
}

TrainOptions small_options() {
  TrainOptions options;
  options.dim = 24;
  options.window = 4;
  options.negative = 5;
  options.sample = 0;
  options.epochs = 5;
  options.threads = 1;
  options.seed = 7;
  return options;
}

TEST(TrainSkipgram, LearnsPlantedGroupsBatched) {
  const PlantedCorpus corpus = make_planted_corpus(3000, 1);
  const InMemoryTokens tokens(corpus.tokens);
  const TrainOptions options = small_options();
  EmbeddingTables tables(kVocab, options.dim, options.seed);
  const double before = same_group_accuracy(tables);
  w2v::train_embeddings(tokens, corpus.counts, options, tables);
  // Random vectors find a same-group neighbour about 7 times in 63; training must reach 95%.
  EXPECT_LT(before, 0.5);
  EXPECT_GE(same_group_accuracy(tables), 0.95);
}

TEST(TrainSkipgram, TwoThreadsMergeFrequentOutputRows) {
  // With 2 threads each thread trains the output rows of the 64 most frequent words in its own
  // copy and merges them into the shared table. Here those are all words but the last.
  const PlantedCorpus corpus = make_planted_corpus(3000, 3);
  const InMemoryTokens tokens(corpus.tokens);
  TrainOptions options = small_options();
  options.threads = 2;
  EmbeddingTables tables(kVocab, options.dim, options.seed);
  w2v::train_embeddings(tokens, corpus.counts, options, tables);
  EXPECT_GE(same_group_accuracy(tables), 0.95);
  // Output rows start at zero, so a row that never received a merge would still be zero.
  for (int word = 1; word < kVocab; ++word) {
    const float* row = tables.output() + static_cast<std::size_t>(word) * tables.stride();
    double squares = 0;
    for (std::size_t i = 0; i < options.dim; ++i) squares += row[i] * row[i];
    EXPECT_GT(squares, 0.01) << "output row " << word;
  }
}

TEST(TrainSkipgram, LearnsPlantedGroupsPairs) {
  const PlantedCorpus corpus = make_planted_corpus(3000, 2);
  const InMemoryTokens tokens(corpus.tokens);
  TrainOptions options = small_options();
  options.kernel = w2v::Kernel::kPairs;
  EmbeddingTables tables(kVocab, options.dim, options.seed);
  w2v::train_embeddings(tokens, corpus.counts, options, tables);
  EXPECT_GE(same_group_accuracy(tables), 0.95);
}

// Every training mode must learn the planted groups.
TEST(TrainModes, LearnPlantedGroups) {
  struct Mode {
    const char* name;
    bool cbow;
    bool hs;
    int negative;
  };
  const Mode modes[] = {{"skip-gram+hs", false, true, 0},
                        {"skip-gram+hs+ns", false, true, 5},
                        {"cbow+ns", true, false, 5},
                        {"cbow+hs", true, true, 0},
                        {"cbow+hs+ns", true, true, 5}};
  const PlantedCorpus corpus = make_planted_corpus(3000, 9);
  const InMemoryTokens tokens(corpus.tokens);
  for (const Mode& mode : modes) {
    TrainOptions options = small_options();
    options.cbow = mode.cbow;
    options.hierarchical_softmax = mode.hs;
    options.negative = mode.negative;
    if (mode.cbow) options.alpha = 0.05;
    EmbeddingTables tables(kVocab, options.dim, options.seed, mode.hs);
    w2v::train_embeddings(tokens, corpus.counts, options, tables);
    EXPECT_GE(same_group_accuracy(tables), 0.95) << mode.name;
  }
}

TEST(TrainSkipgram, ReadsEveryTokenOncePerEpoch) {
  PlantedCorpus corpus = make_planted_corpus(701, 3);
  // Out-of-vocabulary tokens are skipped and not counted.
  for (std::size_t i = 5; i < corpus.tokens.size(); i += 97) corpus.tokens.insert(corpus.tokens.begin() + i, w2v::kNoWord);
  const InMemoryTokens tokens(corpus.tokens);
  const std::uint64_t per_epoch = std::accumulate(corpus.counts.begin(), corpus.counts.end(), std::uint64_t{0});
  for (int threads : {1, 2, 3}) {
    TrainOptions options = small_options();
    options.threads = threads;
    options.epochs = 3;
    EmbeddingTables tables(kVocab, options.dim, options.seed);
    const auto stats = w2v::train_embeddings(tokens, corpus.counts, options, tables);
    EXPECT_EQ(stats.words_processed, 3 * per_epoch) << threads << " threads";
    // Without subsampling every word but </s> is trained as a center word.
    EXPECT_EQ(stats.words_trained, 3 * (per_epoch - corpus.counts[0])) << threads << " threads";
  }
}

TEST(TrainSkipgram, SingleThreadIsReproducible) {
  const PlantedCorpus corpus = make_planted_corpus(500, 4);
  const InMemoryTokens tokens(corpus.tokens);
  TrainOptions options = small_options();
  options.sample = 1e-2;
  EmbeddingTables first(kVocab, options.dim, options.seed);
  EmbeddingTables second(kVocab, options.dim, options.seed);
  w2v::train_embeddings(tokens, corpus.counts, options, first);
  w2v::train_embeddings(tokens, corpus.counts, options, second);
  const std::size_t bytes = kVocab * first.stride() * sizeof(float);
  EXPECT_EQ(std::memcmp(first.input(), second.input(), bytes), 0);
  EXPECT_EQ(std::memcmp(first.output(), second.output(), bytes), 0);

  options.seed = 8;
  EmbeddingTables other_seed(kVocab, options.dim, options.seed);
  w2v::train_embeddings(tokens, corpus.counts, options, other_seed);
  EXPECT_NE(std::memcmp(first.input(), other_seed.input(), bytes), 0);
}

TEST(TrainSkipgram, ZeroEpochsKeepsInitialVectors) {
  const PlantedCorpus corpus = make_planted_corpus(50, 5);
  const InMemoryTokens tokens(corpus.tokens);
  TrainOptions options = small_options();
  options.epochs = 0;
  EmbeddingTables tables(kVocab, options.dim, options.seed);
  EmbeddingTables untouched(kVocab, options.dim, options.seed);
  const auto stats = w2v::train_embeddings(tokens, corpus.counts, options, tables);
  EXPECT_EQ(stats.words_processed, 0u);
  EXPECT_EQ(std::memcmp(tables.input(), untouched.input(), kVocab * tables.stride() * sizeof(float)), 0);
}

TEST(TrainSkipgram, DivergenceIsReported) {
  const PlantedCorpus corpus = make_planted_corpus(300, 6);
  const InMemoryTokens tokens(corpus.tokens);
  TrainOptions options = small_options();
  options.alpha = 1e30;
  EmbeddingTables tables(kVocab, options.dim, options.seed);
  EXPECT_THROW(w2v::train_embeddings(tokens, corpus.counts, options, tables), w2v::DivergenceError);
}

TEST(EmbeddingTables, InitialisationRangeAndPadding) {
  EmbeddingTables tables(50, 10, 3);
  ASSERT_EQ(tables.stride(), 16u);
  for (std::size_t row = 0; row < 50; ++row) {
    for (std::size_t i = 0; i < 16; ++i) {
      const float value = tables.input()[row * 16 + i];
      if (i < 10) {
        EXPECT_GE(value, -0.05f);
        EXPECT_LT(value, 0.05f);
      } else {
        EXPECT_EQ(value, 0.0f);
      }
      EXPECT_EQ(tables.output()[row * 16 + i], 0.0f);
    }
  }
}

}  // namespace
