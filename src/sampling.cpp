#include "w2v/sampling.h"

#include <cmath>
#include <numeric>

#include "w2v/errors.h"

namespace w2v {

Rng Rng::for_stream(std::uint64_t seed, std::uint64_t stream) {
  // Mix seed and stream through one generator step each, so neighbouring seeds or streams
  // start far apart in the sequence.
  Rng mixer(seed ^ 0x6A09E667F3BCC909ULL);
  const std::uint64_t base = mixer.next();
  Rng stream_mixer(base + stream * 0xD1B54A32D192ED03ULL);
  return Rng(stream_mixer.next());
}

NoiseSampler::NoiseSampler(std::span<const std::uint64_t> counts, double exponent)
    : size_(counts.size()), threshold_(counts.size()), alias_(counts.size()) {
  std::vector<double> weights(counts.size());
  double total = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    weights[i] = counts[i] == 0 ? 0.0 : std::pow(static_cast<double>(counts[i]), exponent);
    total += weights[i];
  }
  if (!(total > 0)) {
    throw UsageError("cannot build the negative-sampling distribution: every word count is 0");
  }

  // Vose's alias method: scale weights so the mean is 1, then pair each small column with a large
  // one that fills the rest of it.
  const double scale = static_cast<double>(counts.size()) / total;
  std::vector<double> scaled(counts.size());
  std::vector<std::int32_t> small;
  std::vector<std::int32_t> large;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    scaled[i] = weights[i] * scale;
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::int32_t>(i));
  }
  constexpr double kTwoTo32 = 4294967296.0;
  const auto to_threshold = [&](double p) {
    const double value = std::floor(p * kTwoTo32);
    return value >= kTwoTo32 - 1 ? 0xFFFFFFFFu : static_cast<std::uint32_t>(value < 0 ? 0 : value);
  };
  while (!small.empty() && !large.empty()) {
    const std::int32_t low = small.back();
    small.pop_back();
    const std::int32_t high = large.back();
    threshold_[low] = to_threshold(scaled[low]);
    alias_[low] = high;
    scaled[high] -= 1.0 - scaled[low];
    if (scaled[high] < 1.0) {
      large.pop_back();
      small.push_back(high);
    }
  }
  // Columns left over are full up to rounding; they always return themselves.
  for (std::int32_t i : large) {
    threshold_[i] = 0xFFFFFFFFu;
    alias_[i] = i;
  }
  for (std::int32_t i : small) {
    threshold_[i] = 0xFFFFFFFFu;
    alias_[i] = i;
  }
  // A zero-weight word must never be drawn, even through a rounded-up threshold.
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (weights[i] == 0) threshold_[i] = 0;
  }
}

double NoiseSampler::probability(std::int32_t id) const {
  constexpr double kTwoTo32 = 4294967296.0;
  double p = 0;
  for (std::size_t column = 0; column < size_; ++column) {
    const double own = threshold_[column] / kTwoTo32;
    if (static_cast<std::int32_t>(column) == id) p += own;
    if (alias_[column] == id) p += 1.0 - own;
  }
  return p / static_cast<double>(size_);
}

double keep_probability(std::uint64_t count, std::uint64_t total, double sample) {
  if (sample <= 0 || count == 0) return 1.0;
  const double threshold = sample * static_cast<double>(total);
  const double ratio = static_cast<double>(count) / threshold;
  const double keep = (std::sqrt(ratio) + 1.0) / ratio;
  return keep < 1.0 ? keep : 1.0;
}

std::vector<std::uint64_t> keep_thresholds(std::span<const std::uint64_t> counts, double sample) {
  const std::uint64_t total = std::accumulate(counts.begin(), counts.end(), std::uint64_t{0});
  std::vector<std::uint64_t> thresholds(counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i) {
    thresholds[i] =
        static_cast<std::uint64_t>(keep_probability(counts[i], total, sample) * 4294967296.0);
  }
  return thresholds;
}

}  // namespace w2v
