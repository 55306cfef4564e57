#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace w2v {

/// Default exponent applied to unigram counts for the noise distribution (word2vec.c's 0.75).
inline constexpr double kDefaultNoiseExponent = 0.75;

/// Small, fast pseudo-random generator (SplitMix64). Every random draw of training goes through
/// one of these; each thread owns its own, derived from the user's seed and the thread index.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  /// Generator for stream `stream` of `seed`: distinct streams give unrelated sequences.
  static Rng for_stream(std::uint64_t seed, std::uint64_t stream);

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform integer in [0, bound) by multiply-shift (bias below 2^-32 for bound < 2^32).
  std::uint32_t below(std::uint32_t bound) {
    return static_cast<std::uint32_t>(((next() >> 32) * bound) >> 32);
  }
  /// Uniform float in [0, 1).
  float uniform() { return static_cast<float>(next() >> 40) * 0x1.0p-24f; }

 private:
  std::uint64_t state_;
};

/// Noise (negative-sample) distribution: P(w) proportional to count(w)^exponent, sampled in O(1)
/// time by Walker's alias method. Memory is 8 bytes per vocabulary word.
class NoiseSampler {
 public:
  NoiseSampler() = default;
  /// Builds the table. Words with count 0 are never drawn. Throws UsageError if every count
  /// is 0.
  NoiseSampler(std::span<const std::uint64_t> counts, double exponent);

  /// Draws one word id.
  std::int32_t sample(Rng& rng) const {
    const std::uint64_t bits = rng.next();
    const auto column = static_cast<std::uint32_t>(((bits >> 32) * size_) >> 32);
    return static_cast<std::uint32_t>(bits) < threshold_[column] ? static_cast<std::int32_t>(column)
                                                                 : alias_[column];
  }

  /// Probability that sample() returns `id` (exact, from the table), for tests.
  double probability(std::int32_t id) const;
  std::size_t size() const { return size_; }

 private:
  std::uint64_t size_ = 0;
  // Column i returns i with probability threshold_[i] / 2^32, else alias_[i].
  std::vector<std::uint32_t> threshold_;
  std::vector<std::int32_t> alias_;
};

/// word2vec.c's probability of keeping one occurrence of a word with `count` occurrences in a
/// corpus of `total` tokens under subsampling rate `sample`:
/// (sqrt(count / (sample * total)) + 1) * (sample * total) / count, capped at 1. sample <= 0
/// keeps everything.
double keep_probability(std::uint64_t count, std::uint64_t total, double sample);

/// Per-word keep thresholds for subsampling: an occurrence of word i is kept when a uniform
/// 32-bit random number is below result[i]. 2^32 (kept always) is stored as UINT32_MAX + 1 in
/// 64 bits.
std::vector<std::uint64_t> keep_thresholds(std::span<const std::uint64_t> counts, double sample);

}  // namespace w2v
