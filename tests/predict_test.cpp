// Tests of context-word prediction: scores, softmax, greedy, top-k, top-p, temperature and
// seeded sampling.

#include "w2v/predict.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "w2v/errors.h"

namespace {

using w2v::ContextModel;
using w2v::DecodingOptions;
using w2v::Prediction;
using w2v::WordVectors;

WordVectors make_vectors(std::vector<std::string> words, std::size_t dim,
                         std::vector<float> values) {
  WordVectors vectors;
  vectors.words = std::move(words);
  vectors.dim = dim;
  vectors.values = std::move(values);
  return vectors;
}

// Query "q" has input vector (1, 0), so the scores of a..e are the first output coordinates:
// 2, 1, 0.5, 0, -1. "q" scores 0 against itself and is left out unless include_query is set.
ContextModel tiny_model() {
  const std::vector<std::string> words = {"q", "a", "b", "c", "d", "e"};
  WordVectors input = make_vectors(words, 2, {1, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1});
  WordVectors output = make_vectors(words, 2, {0, 0, 2, 0, 1, 0, 0.5F, 0, 0, 0, -1, 0});
  return ContextModel(std::move(input), std::move(output));
}

constexpr std::size_t kQuery = 0;

// Softmax of the tiny model's candidate scores (a..e) at `temperature`, indexed by id - 1.
std::vector<double> tiny_probabilities(double temperature) {
  const std::vector<double> scores = {2, 1, 0.5, 0, -1};
  std::vector<double> probabilities;
  double total = 0;
  for (const double score : scores) {
    probabilities.push_back(std::exp(score / temperature));
    total += probabilities.back();
  }
  for (double& probability : probabilities) probability /= total;
  return probabilities;
}

// Model of `size` words with Gaussian vectors, so scores are spread and rarely tied.
ContextModel random_model(std::size_t size, std::size_t dim, unsigned seed) {
  std::mt19937 generator(seed);
  std::normal_distribution<float> normal(0.0F, 1.0F);
  std::vector<std::string> words;
  std::vector<float> input;
  std::vector<float> output;
  for (std::size_t id = 0; id < size; ++id) {
    words.push_back("w" + std::to_string(id));
    for (std::size_t i = 0; i < dim; ++i) input.push_back(normal(generator));
    for (std::size_t i = 0; i < dim; ++i) output.push_back(normal(generator));
  }
  return ContextModel(make_vectors(words, dim, input), make_vectors(words, dim, output));
}

std::vector<std::size_t> ids_of(const std::vector<Prediction>& predictions) {
  std::vector<std::size_t> ids;
  for (const Prediction& prediction : predictions) ids.push_back(prediction.id);
  return ids;
}

std::vector<std::size_t> greedy_ids(const ContextModel& model, std::vector<std::size_t> query,
                                    std::size_t count) {
  DecodingOptions options;
  options.count = count;
  return ids_of(w2v::predict(model, query, options));
}

TEST(PredictScore, SumsQueryInputVectors) {
  const ContextModel model = tiny_model();
  const std::vector<std::size_t> query = {kQuery, kQuery, 1};  // (2, 0) + (0, 1) = (2, 1)
  const std::vector<float> scores = model.score(query);
  const std::vector<float> expected = {0, 4, 2, 1, 0, -2};
  EXPECT_EQ(scores, expected);
}

TEST(PredictSoftmax, MatchesClosedForm) {
  const ContextModel model = tiny_model();
  const std::vector<std::size_t> query = {kQuery};
  for (const double temperature : {0.5, 1.0, 3.0}) {
    const auto probabilities = w2v::softmax(model.score(query), temperature, query);
    const auto expected = tiny_probabilities(temperature);
    EXPECT_EQ(probabilities[kQuery], 0.0) << "the excluded query word";
    for (std::size_t i = 0; i < expected.size(); ++i) {
      EXPECT_NEAR(probabilities[i + 1], expected[i], 1e-12) << "T " << temperature << " id " << i;
    }
  }
}

TEST(PredictSoftmax, LargeScoresDoNotOverflow) {
  const std::vector<float> scores = {1000, 999, -1000};
  const auto probabilities = w2v::softmax(scores, 0.001);
  EXPECT_EQ(probabilities[0], 1.0);
  EXPECT_EQ(probabilities[1], 0.0) << "exp(-1000) underflows";
  EXPECT_EQ(probabilities[2], 0.0);
}

TEST(PredictSoftmax, RejectsNanScore) {
  const std::vector<float> scores = {1, std::nanf(""), 0};
  EXPECT_THROW(w2v::softmax(scores, 1.0), w2v::InputError);
}

TEST(PredictGreedy, ListsBestScoresFirst) {
  const ContextModel model = tiny_model();
  DecodingOptions options;
  options.count = 3;
  const auto predictions = w2v::predict(model, std::vector<std::size_t>{kQuery}, options);
  ASSERT_EQ(predictions.size(), 3U);
  const auto expected = tiny_probabilities(1.0);
  for (std::size_t rank = 0; rank < 3; ++rank) {
    EXPECT_EQ(predictions[rank].id, rank + 1);
    EXPECT_NEAR(predictions[rank].probability, expected[rank], 1e-12);
  }
  EXPECT_EQ(predictions[0].score, 2.0F);
  EXPECT_EQ(predictions[2].score, 0.5F);
}

TEST(PredictGreedy, IncludeQueryKeepsQueryWord) {
  const ContextModel model = tiny_model();
  DecodingOptions options;
  options.count = 10;
  EXPECT_EQ(ids_of(w2v::predict(model, std::vector<std::size_t>{kQuery}, options)),
            (std::vector<std::size_t>{1, 2, 3, 4, 5}));
  options.include_query = true;
  // "q" and "d" both score 0; the lower id comes first.
  EXPECT_EQ(ids_of(w2v::predict(model, std::vector<std::size_t>{kQuery}, options)),
            (std::vector<std::size_t>{1, 2, 3, 0, 4, 5}));
}

TEST(PredictGreedy, NoCandidateIsUsageError) {
  const ContextModel model(make_vectors({"only"}, 1, {1}), make_vectors({"only"}, 1, {1}));
  EXPECT_THROW(w2v::predict(model, std::vector<std::size_t>{0}, {}), w2v::UsageError);
}

TEST(PredictTemperature, NearZeroEqualsGreedy) {
  const ContextModel model = random_model(300, 8, 1);
  for (std::size_t word = 0; word < 20; ++word) {
    const std::vector<std::size_t> query = {word};
    const std::size_t best = greedy_ids(model, query, 1).at(0);

    DecodingOptions options;
    options.temperature = 1e-4;
    options.samples = 50;
    options.seed = word;
    for (const std::size_t id : ids_of(w2v::predict(model, query, options))) {
      EXPECT_EQ(id, best) << "query " << word;
    }

    DecodingOptions nucleus;
    nucleus.temperature = 1e-4;
    nucleus.top_p = 0.999;
    const auto kept = w2v::predict(model, query, nucleus);
    ASSERT_EQ(kept.size(), 1U) << "query " << word;
    EXPECT_EQ(kept[0].id, best);
    EXPECT_GE(kept[0].probability, 0.999);
  }
}

TEST(PredictTopK, SamplesOnlyFromKBest) {
  const ContextModel model = random_model(300, 8, 2);
  for (const std::size_t k : {1U, 5U, 40U}) {
    const std::vector<std::size_t> query = {7, 8};
    const std::vector<std::size_t> best = greedy_ids(model, query, k);
    const std::set<std::size_t> allowed(best.begin(), best.end());

    DecodingOptions options;
    options.top_k = k;
    // A high temperature flattens the distribution, so a leak past the k-th word would show.
    options.temperature = 50.0;
    options.samples = 5000;
    std::set<std::size_t> drawn;
    for (const std::size_t id : ids_of(w2v::predict(model, query, options))) {
      EXPECT_TRUE(allowed.contains(id)) << "k " << k << " drew id " << id;
      drawn.insert(id);
    }
    EXPECT_EQ(drawn.size(), k) << "at T = 50 every one of the k words is drawn";

    options.samples.reset();
    EXPECT_EQ(ids_of(w2v::predict(model, query, options)), best) << "listing, k " << k;
  }
}

TEST(PredictTopP, NucleusIsSmallestSetReachingP) {
  const ContextModel model = random_model(500, 16, 3);
  const std::vector<std::size_t> query = {11};
  const std::vector<std::size_t> ranking = greedy_ids(model, query, 499);
  for (const double temperature : {0.5, 1.0, 4.0}) {
    for (const double p : {0.05, 0.3, 0.5, 0.9, 0.99}) {
      DecodingOptions options;
      options.temperature = temperature;
      options.top_p = p;
      const auto kept = w2v::predict(model, query, options);
      ASSERT_FALSE(kept.empty());

      double mass = 0.0;
      for (std::size_t i = 0; i < kept.size(); ++i) {
        EXPECT_EQ(kept[i].id, ranking[i]) << "the nucleus is a prefix of the ranking";
        mass += kept[i].probability;
      }
      const double without_last = mass - kept.back().probability;
      EXPECT_GE(mass, p) << "T " << temperature << " p " << p;
      EXPECT_LT(without_last, p) << "T " << temperature << " p " << p << ": not the smallest";
    }
  }
}

TEST(PredictTopP, CombinesWithTopK) {
  const ContextModel model = tiny_model();
  DecodingOptions options;
  options.top_p = 0.9;  // a, b, c: 0.563 + 0.207 + 0.126 = 0.896 < 0.9, so d joins
  EXPECT_EQ(ids_of(w2v::predict(model, std::vector<std::size_t>{kQuery}, options)),
            (std::vector<std::size_t>{1, 2, 3, 4}));
  options.top_k = 2;
  EXPECT_EQ(ids_of(w2v::predict(model, std::vector<std::size_t>{kQuery}, options)),
            (std::vector<std::size_t>{1, 2}));
  options.top_p = 0.5;
  options.top_k = 4;
  EXPECT_EQ(ids_of(w2v::predict(model, std::vector<std::size_t>{kQuery}, options)),
            (std::vector<std::size_t>{1}));
}

TEST(PredictTopP, OneKeepsOnlyNonzeroProbabilities) {
  const std::vector<float> scores = {0, 1000, 999, 1000};
  const std::vector<std::size_t> ranked = w2v::rank_candidates(scores);
  EXPECT_EQ(ranked, (std::vector<std::size_t>{1, 3, 2, 0}));
  DecodingOptions options;
  options.top_p = 1.0;
  const auto probabilities = w2v::softmax(scores, 0.001);
  EXPECT_EQ(w2v::truncated_size(ranked, probabilities, options), 2U)
      << "ids 2 and 0 have probability exp(-1000) = 0 in double";
}

TEST(PredictSamples, SameSeedRepeatsDifferentSeedsDiffer) {
  const ContextModel model = random_model(200, 8, 4);
  const std::vector<std::size_t> query = {3};
  DecodingOptions options;
  options.samples = 100;
  options.temperature = 2.0;
  options.seed = 42;
  const auto first = ids_of(w2v::predict(model, query, options));
  const auto again = ids_of(w2v::predict(model, query, options));
  EXPECT_EQ(first, again);
  ASSERT_EQ(first.size(), 100U);

  for (const std::uint64_t seed : {0ULL, 1ULL, 43ULL, 1ULL << 40}) {
    options.seed = seed;
    EXPECT_NE(ids_of(w2v::predict(model, query, options)), first) << "seed " << seed;
  }
}

// Pearson's chi-square statistic of `draws` against `expected` probabilities over `ids`.
double chi_square(const std::vector<std::size_t>& draws, const std::vector<std::size_t>& ids,
                  const std::vector<double>& expected) {
  double statistic = 0.0;
  const auto total = static_cast<double>(draws.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto observed = static_cast<double>(std::count(draws.begin(), draws.end(), ids[i]));
    const double mean = total * expected[i];
    statistic += (observed - mean) * (observed - mean) / mean;
  }
  return statistic;
}

// Upper 1e-6 quantiles of the chi-square distribution. For 4 degrees of freedom the survival
// function is exp(-x/2) (1 + x/2), which is 1e-6 at x = 33.4. For 2 it is exp(-x/2), so
// x = 2 ln(1e6) = 27.6. A correct sampler fails a check with probability 1e-6.
constexpr double kChiSquare4 = 33.4;
constexpr double kChiSquare2 = 27.6;

TEST(PredictSamples, FrequenciesMatchSoftmax) {
  const ContextModel model = tiny_model();
  const std::vector<std::size_t> query = {kQuery};
  for (const double temperature : {1.0, 2.5}) {
    DecodingOptions options;
    options.temperature = temperature;
    options.samples = 20000;
    options.seed = 9;
    const auto draws = ids_of(w2v::predict(model, query, options));
    EXPECT_EQ(std::count(draws.begin(), draws.end(), kQuery), 0) << "the query is excluded";
    const double statistic =
        chi_square(draws, {1, 2, 3, 4, 5}, tiny_probabilities(temperature));
    EXPECT_LT(statistic, kChiSquare4) << "T " << temperature;
  }
}

TEST(PredictSamples, TopKRenormalizes) {
  const ContextModel model = tiny_model();
  DecodingOptions options;
  options.top_k = 3;
  options.samples = 20000;
  options.seed = 10;
  const auto draws = ids_of(w2v::predict(model, std::vector<std::size_t>{kQuery}, options));

  std::vector<double> expected = tiny_probabilities(1.0);
  expected.resize(3);
  const double kept_mass = std::accumulate(expected.begin(), expected.end(), 0.0);
  for (double& probability : expected) probability /= kept_mass;
  EXPECT_LT(chi_square(draws, {1, 2, 3}, expected), kChiSquare2);
}

TEST(PredictOptions, InvalidValuesNameTheFlag) {
  const auto message_of = [](const DecodingOptions& options) -> std::string {
    try {
      w2v::validate(options);
    } catch (const w2v::UsageError& error) {
      return error.what();
    }
    return "no error";
  };
  const auto with = [](auto change) {
    DecodingOptions options;
    change(options);
    return options;
  };
  EXPECT_EQ(message_of({}), "no error");
  EXPECT_EQ(message_of(with([](auto& o) { o.top_p = 1.0; })), "no error");
  EXPECT_EQ(message_of(with([](auto& o) { o.top_p = 0.0; })), "--top-p must be in (0, 1], got 0");
  EXPECT_EQ(message_of(with([](auto& o) { o.top_p = 1.5; })),
            "--top-p must be in (0, 1], got 1.5");
  EXPECT_EQ(message_of(with([](auto& o) { o.top_p = std::nan(""); })),
            "--top-p must be in (0, 1], got nan");
  EXPECT_EQ(message_of(with([](auto& o) { o.top_k = 0; })), "--top-k must be at least 1, got 0");
  EXPECT_EQ(message_of(with([](auto& o) { o.samples = 0; })),
            "--samples must be at least 1, got 0");
  EXPECT_EQ(message_of(with([](auto& o) { o.count = 0; })), "-n must be at least 1, got 0");
  for (const double temperature : {0.0, -1.0, static_cast<double>(INFINITY)}) {
    const std::string message = message_of(with([&](auto& o) { o.temperature = temperature; }));
    EXPECT_TRUE(message.starts_with("--temperature must be a finite number greater than 0"))
        << message;
  }
}

TEST(PredictModel, MismatchedFilesAreInputErrors) {
  const auto message_of = [](WordVectors input, WordVectors output) -> std::string {
    try {
      ContextModel model(std::move(input), std::move(output), "vec.bin", "ctx.bin");
    } catch (const w2v::InputError& error) {
      return error.what();
    }
    return "no error";
  };
  const WordVectors two = make_vectors({"a", "b"}, 1, {1, 2});
  EXPECT_EQ(message_of(two, two), "no error");

  const std::string count = message_of(two, make_vectors({"a"}, 1, {1}));
  EXPECT_NE(count.find("'vec.bin' and 'ctx.bin'"), std::string::npos) << count;
  EXPECT_NE(count.find("2 words against 1"), std::string::npos) << count;

  const std::string dim = message_of(two, make_vectors({"a", "b"}, 2, {1, 2, 3, 4}));
  EXPECT_NE(dim.find("dimension 1 against 2"), std::string::npos) << dim;

  const std::string order = message_of(two, make_vectors({"b", "a"}, 1, {1, 2}));
  EXPECT_NE(order.find("row 1 is 'a' against 'b'"), std::string::npos) << order;
}

TEST(PredictModel, FindsWordsExactly) {
  const ContextModel model = tiny_model();
  EXPECT_EQ(model.find("c"), std::optional<std::size_t>{3});
  EXPECT_EQ(model.find("C"), std::nullopt);
  EXPECT_EQ(model.size(), 6U);
  EXPECT_EQ(model.dim(), 2U);
}

}  // namespace
