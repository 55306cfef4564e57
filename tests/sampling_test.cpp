#include "w2v/sampling.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {

using w2v::NoiseSampler;
using w2v::Rng;

TEST(NoiseSampler, TableMatchesUnigramPower) {
  const std::vector<std::uint64_t> counts = {0, 1000, 300, 50, 7, 1, 0, 20000};
  const NoiseSampler sampler(counts, 0.75);
  double total = 0;
  for (auto c : counts) total += std::pow(static_cast<double>(c), 0.75) * (c > 0);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double expected = counts[i] > 0 ? std::pow(static_cast<double>(counts[i]), 0.75) / total : 0;
    EXPECT_NEAR(sampler.probability(static_cast<std::int32_t>(i)), expected, 1e-8) << "word " << i;
  }
}

TEST(NoiseSampler, ObservedFrequenciesMatchUnigramPower) {
  const std::vector<std::uint64_t> counts = {0, 5000, 1200, 300, 40, 9, 2};
  const NoiseSampler sampler(counts, 0.75);
  Rng rng(12345);
  constexpr int kDraws = 2'000'000;
  std::vector<int> observed(counts.size(), 0);
  for (int i = 0; i < kDraws; ++i) ++observed[static_cast<std::size_t>(sampler.sample(rng))];

  double total = 0;
  for (auto c : counts) total += c > 0 ? std::pow(static_cast<double>(c), 0.75) : 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double p = counts[i] > 0 ? std::pow(static_cast<double>(counts[i]), 0.75) / total : 0;
    const double expected = p * kDraws;
    // Five standard deviations of a binomial count.
    const double tolerance = 5 * std::sqrt(kDraws * p * (1 - p)) + 1;
    EXPECT_NEAR(observed[i], expected, tolerance) << "word " << i;
  }
  EXPECT_EQ(observed[0], 0);
}

TEST(NoiseSampler, ExponentZeroIsUniformOverSeenWords) {
  const std::vector<std::uint64_t> counts = {1, 100, 10000, 0};
  const NoiseSampler sampler(counts, 0.0);
  for (std::int32_t i = 0; i < 3; ++i) EXPECT_NEAR(sampler.probability(i), 1.0 / 3, 1e-8);
  EXPECT_NEAR(sampler.probability(3), 0.0, 1e-12);
}

TEST(NoiseSampler, AllZeroCountsRejected) {
  const std::vector<std::uint64_t> counts = {0, 0};
  EXPECT_ANY_THROW(NoiseSampler(counts, 0.75));
}

TEST(Subsampling, KeepProbabilityFormula) {
  // word2vec.c: (sqrt(c / (s * T)) + 1) * (s * T) / c
  const double s = 1e-3;
  const std::uint64_t total = 1'000'000;
  const std::uint64_t count = 50'000;
  const double expected = (std::sqrt(count / (s * total)) + 1) * (s * total) / count;
  EXPECT_NEAR(w2v::keep_probability(count, total, s), expected, 1e-12);
  EXPECT_DOUBLE_EQ(w2v::keep_probability(10, total, s), 1.0);  // rare words always kept
  EXPECT_DOUBLE_EQ(w2v::keep_probability(count, total, 0.0), 1.0);
}

TEST(Subsampling, ObservedKeepRateMatchesThreshold) {
  const std::vector<std::uint64_t> counts = {0, 90'000, 9'000, 1'000};
  const auto thresholds = w2v::keep_thresholds(counts, 1e-3);
  Rng rng(7);
  for (std::size_t word = 1; word < counts.size(); ++word) {
    const double p = w2v::keep_probability(counts[word], 100'000, 1e-3);
    int kept = 0;
    constexpr int kTrials = 200'000;
    for (int i = 0; i < kTrials; ++i) kept += (rng.next() >> 32) < thresholds[word];
    EXPECT_NEAR(static_cast<double>(kept) / kTrials, p, 5 * std::sqrt(p * (1 - p) / kTrials) + 1e-9)
        << "word " << word;
  }
}

TEST(Rng, StreamsDifferAndRepeat) {
  Rng a = Rng::for_stream(7, 1);
  Rng b = Rng::for_stream(7, 1);
  Rng c = Rng::for_stream(7, 2);
  Rng d = Rng::for_stream(8, 1);
  const auto first_a = a.next();
  EXPECT_EQ(first_a, b.next());
  EXPECT_NE(first_a, c.next());
  EXPECT_NE(first_a, d.next());
}

TEST(Rng, BelowStaysInRange) {
  Rng rng(3);
  std::vector<int> seen(5, 0);
  for (int i = 0; i < 10000; ++i) {
    const auto value = rng.below(5);
    ASSERT_LT(value, 5u);
    ++seen[value];
  }
  for (int count : seen) EXPECT_GT(count, 1800);
  for (int i = 0; i < 1000; ++i) {
    const float u = rng.uniform();
    ASSERT_GE(u, 0.0f);
    ASSERT_LT(u, 1.0f);
  }
}

}  // namespace
