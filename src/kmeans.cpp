#include "w2v/kmeans.h"

#include <omp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "w2v/atomic_file.h"
#include "w2v/errors.h"
#include "w2v/interrupt.h"
#include "w2v/sampling.h"

namespace w2v {
namespace {

// Below this many multiply-adds per round, starting OpenMP threads costs more than it saves.
constexpr std::size_t kMinParallelWork = std::size_t{1} << 20;

float dot(const float* a, const float* b, std::size_t size) {
  float sum = 0;
#pragma omp simd reduction(+ : sum)
  for (std::size_t i = 0; i < size; ++i) sum += a[i] * b[i];
  return sum;
}

// Seeding draws the first centroids from a random sample of this many rows per class (all rows
// if fewer). Seeding makes one pass over its rows per centroid, so over all rows of a large
// vocabulary it would cost more than several rounds of k-means.
constexpr std::size_t kSeedRowsPerClass = 8;

// Returns `count` distinct rows drawn uniformly at random (a partial Fisher-Yates shuffle).
std::vector<std::uint32_t> sample_rows(std::size_t rows, std::size_t count, Rng& rng) {
  std::vector<std::uint32_t> order(rows);
  std::iota(order.begin(), order.end(), 0);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t pick = i + rng.below(static_cast<std::uint32_t>(rows - i));
    std::swap(order[i], order[pick]);
  }
  order.resize(count);
  return order;
}

// Returns the index of the weight that a uniform draw in [0, sum of weights) falls on, skipping
// zero weights. NOTE: if every weight is 0, the last index is returned.
std::size_t draw_weighted(const std::vector<double>& weights, Rng& rng) {
  double total = 0;
  for (const double weight : weights) total += weight;
  const double target = static_cast<double>(rng.next() >> 11) * 0x1.0p-53 * total;
  std::size_t chosen = 0;
  double cumulative = 0;
  while (chosen + 1 < weights.size() &&
         (weights[chosen] == 0 || cumulative + weights[chosen] <= target)) {
    cumulative += weights[chosen];
    ++chosen;
  }
  return chosen;
}

// Picks the initial centroids by k-means++ seeding for cosine distance over a random sample of
// rows. The first is a uniform random sample row. Each next one is a sample row drawn with
// probability proportional to the square of (1 - its largest cosine to the centroids so far).
// Centroids are the chosen rows scaled to unit length. If the sample runs out of rows with a
// new direction, centroids may coincide, and the classes this leaves empty are refilled later.
void seed_centroids(const MatrixView& vectors, const std::vector<float>& norms, int classes,
                    std::uint64_t seed, int threads, std::vector<float>& centroids) {
  const std::size_t dim = vectors.cols;
  Rng rng = Rng::for_stream(seed, 0);
  const std::size_t sample_size =
      std::min(vectors.rows, kSeedRowsPerClass * static_cast<std::size_t>(classes));
  const std::vector<std::uint32_t> sample = sample_rows(vectors.rows, sample_size, rng);
  const bool parallel = sample_size * dim >= kMinParallelWork;

  std::vector<double> weights(sample_size, 1.0);
  std::vector<float> best_cosine(sample_size, -std::numeric_limits<float>::infinity());
  for (int c = 0; c < classes; ++c) {
    const std::size_t chosen = sample[draw_weighted(weights, rng)];
    const float* row = vectors.data + chosen * vectors.stride;
    float* centroid = centroids.data() + static_cast<std::size_t>(c) * dim;
    for (std::size_t d = 0; d < dim; ++d) {
      centroid[d] = norms[chosen] > 0 ? row[d] / norms[chosen] : 0.0F;
    }

#pragma omp parallel for schedule(static) num_threads(threads) if (parallel)
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(sample_size); ++i) {
      const auto index = static_cast<std::size_t>(i);
      const std::size_t other_row = sample[index];
      const float* other = vectors.data + other_row * vectors.stride;
      const float norm = norms[other_row];
      const float cosine = norm > 0 ? dot(centroid, other, dim) / norm : 0.0F;
      best_cosine[index] = std::max(best_cosine[index], cosine);
      const double distance = std::max(0.0, 1.0 - static_cast<double>(best_cosine[index]));
      weights[index] = distance * distance;
    }
  }
}

// Rows of each class in ascending row order: members[offsets[c] .. offsets[c + 1]).
struct ClassMembers {
  std::vector<std::size_t> offsets;
  std::vector<std::uint32_t> rows;
};

ClassMembers group_by_class(const std::vector<int>& assignment, int classes) {
  ClassMembers members;
  members.offsets.assign(static_cast<std::size_t>(classes) + 1, 0);
  for (const int c : assignment) ++members.offsets[static_cast<std::size_t>(c) + 1];
  std::partial_sum(members.offsets.begin(), members.offsets.end(), members.offsets.begin());
  std::vector<std::size_t> next(members.offsets.begin(), members.offsets.end() - 1);
  members.rows.resize(assignment.size());
  for (std::uint32_t row = 0; row < assignment.size(); ++row) {
    members.rows[next[static_cast<std::size_t>(assignment[row])]++] = row;
  }
  return members;
}

// Sets each centroid to the unit-length sum of its rows (a zero sum stays zero). Sums run in
// row order in double precision, so the result does not depend on the thread count.
void compute_centroids(const MatrixView& vectors, const std::vector<int>& assignment, int classes,
                       int threads, std::vector<float>& centroids) {
  const ClassMembers members = group_by_class(assignment, classes);
  const std::size_t dim = vectors.cols;
#pragma omp parallel num_threads(threads)
  {
    std::vector<double> sum(dim);
#pragma omp for schedule(dynamic, 4)
    for (int c = 0; c < classes; ++c) {
      std::fill(sum.begin(), sum.end(), 0.0);
      const auto begin = members.offsets[static_cast<std::size_t>(c)];
      const auto end = members.offsets[static_cast<std::size_t>(c) + 1];
      for (std::size_t m = begin; m < end; ++m) {
        const float* row = vectors.data + members.rows[m] * vectors.stride;
        for (std::size_t d = 0; d < dim; ++d) sum[d] += row[d];
      }
      double norm = 0;
      for (const double value : sum) norm += value * value;
      norm = std::sqrt(norm);
      float* centroid = centroids.data() + static_cast<std::size_t>(c) * dim;
      for (std::size_t d = 0; d < dim; ++d) {
        centroid[d] = norm > 0 ? static_cast<float>(sum[d] / norm) : 0.0F;
      }
    }
  }
}

// Rows scored together against each centroid by assign_rows().
constexpr std::size_t kRowBlock = 4;

// Writes the dot products of `centroid` with the kRowBlock rows at `rows`. Loading each centroid
// value once for several rows cuts the cache traffic of the assignment step about fourfold.
void dot_block(const float* centroid, const float* const* rows, std::size_t dim, float* out) {
  float sum0 = 0, sum1 = 0, sum2 = 0, sum3 = 0;
#pragma omp simd reduction(+ : sum0, sum1, sum2, sum3)
  for (std::size_t d = 0; d < dim; ++d) {
    sum0 += centroid[d] * rows[0][d];
    sum1 += centroid[d] * rows[1][d];
    sum2 += centroid[d] * rows[2][d];
    sum3 += centroid[d] * rows[3][d];
  }
  out[0] = sum0;
  out[1] = sum1;
  out[2] = sum2;
  out[3] = sum3;
}

// Moves every row to the class whose centroid has the largest dot product with it (ties: the
// lowest class) and stores that row's cosine to its centroid. Returns how many rows moved.
std::size_t assign_rows(const MatrixView& vectors, const std::vector<float>& centroids,
                        const std::vector<float>& norms, int classes, int threads,
                        std::vector<int>& assignment, std::vector<float>& cosines) {
  const std::size_t dim = vectors.cols;
  const auto blocks = static_cast<std::int64_t>((vectors.rows + kRowBlock - 1) / kRowBlock);
  std::size_t moved = 0;
#pragma omp parallel for schedule(static) reduction(+ : moved) num_threads(threads)
  for (std::int64_t block = 0; block < blocks; ++block) {
    const std::size_t first = static_cast<std::size_t>(block) * kRowBlock;
    const std::size_t count = std::min(kRowBlock, vectors.rows - first);
    // A short last block repeats its last row, so every row goes through the same kernel.
    const float* rows[kRowBlock];
    for (std::size_t r = 0; r < kRowBlock; ++r) {
      rows[r] = vectors.data + (first + std::min(r, count - 1)) * vectors.stride;
    }
    float best[kRowBlock];
    int best_class[kRowBlock] = {};
    std::fill_n(best, kRowBlock, -std::numeric_limits<float>::infinity());
    float scores[kRowBlock];
    for (int c = 0; c < classes; ++c) {
      dot_block(centroids.data() + static_cast<std::size_t>(c) * dim, rows, dim, scores);
      for (std::size_t r = 0; r < kRowBlock; ++r) {
        if (scores[r] > best[r]) {
          best[r] = scores[r];
          best_class[r] = c;
        }
      }
    }
    for (std::size_t r = 0; r < count; ++r) {
      const std::size_t row = first + r;
      if (assignment[row] != best_class[r]) ++moved;
      assignment[row] = best_class[r];
      cosines[row] = norms[row] > 0 ? best[r] / norms[row] : 0.0F;
    }
  }
  return moved;
}

// Gives each empty class the row with the lowest cosine to its centroid (ties: the lowest row)
// among classes with at least two rows. Returns the number of classes filled.
int fill_empty_classes(const std::vector<float>& cosines, int classes,
                       std::vector<int>& assignment) {
  std::vector<std::size_t> sizes(static_cast<std::size_t>(classes), 0);
  for (const int c : assignment) ++sizes[static_cast<std::size_t>(c)];
  if (std::find(sizes.begin(), sizes.end(), 0) == sizes.end()) return 0;

  std::vector<std::uint32_t> by_cosine(assignment.size());
  std::iota(by_cosine.begin(), by_cosine.end(), 0);
  std::stable_sort(by_cosine.begin(), by_cosine.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return cosines[a] < cosines[b]; });
  int filled = 0;
  std::size_t next = 0;
  for (int c = 0; c < classes; ++c) {
    if (sizes[static_cast<std::size_t>(c)] != 0) continue;
    // Rows already moved now sit alone in their class, so the size check skips them.
    while (sizes[static_cast<std::size_t>(assignment[by_cosine[next]])] < 2) ++next;
    const std::uint32_t row = by_cosine[next++];
    --sizes[static_cast<std::size_t>(assignment[row])];
    assignment[row] = c;
    sizes[static_cast<std::size_t>(c)] = 1;
    ++filled;
  }
  return filled;
}

void check_kmeans_options(const MatrixView& vectors, const KMeansOptions& options) {
  if (options.classes < 1 || static_cast<std::size_t>(options.classes) > vectors.rows) {
    throw UsageError(fmt::format("--classes must be between 1 and the number of words ({}), got {}",
                                 vectors.rows, options.classes));
  }
  if (options.iterations < 1) {
    throw UsageError(fmt::format("k-means needs at least 1 iteration, got {}", options.iterations));
  }
  if (options.threads < 0) {
    throw UsageError(fmt::format("k-means threads must be 0 or more, got {}", options.threads));
  }
}

}  // namespace

std::vector<int> kmeans_classes(const MatrixView& vectors, const KMeansOptions& options) {
  check_kmeans_options(vectors, options);
  const int classes = options.classes;
  const std::size_t dim = vectors.cols;
  int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  if (vectors.rows * dim * static_cast<std::size_t>(classes) < kMinParallelWork) threads = 1;

  std::vector<float> norms(vectors.rows);
  for (std::size_t i = 0; i < vectors.rows; ++i) {
    const float* row = vectors.data + i * vectors.stride;
    norms[i] = std::sqrt(dot(row, row, dim));
  }
  std::vector<float> centroids(static_cast<std::size_t>(classes) * dim);
  seed_centroids(vectors, norms, classes, options.seed, threads, centroids);
  std::vector<int> assignment(vectors.rows, 0);
  std::vector<float> cosines(vectors.rows);
  assign_rows(vectors, centroids, norms, classes, threads, assignment, cosines);
  fill_empty_classes(cosines, classes, assignment);

  spdlog::info("k-means: {} words into {} classes, at most {} iterations", vectors.rows, classes,
               options.iterations);
  for (int iteration = 1; iteration <= options.iterations; ++iteration) {
    throw_if_interrupted();
    compute_centroids(vectors, assignment, classes, threads, centroids);
    const std::size_t moved =
        assign_rows(vectors, centroids, norms, classes, threads, assignment, cosines);
    const int filled = fill_empty_classes(cosines, classes, assignment);
    spdlog::info("k-means iteration {}/{}: {} words changed class, {} empty classes refilled",
                 iteration, options.iterations, moved, filled);
    // Unchanged classes give unchanged centroids, so later rounds would change nothing.
    if (moved == 0 && filled == 0) break;
  }

  return assignment;
}

std::vector<int> kmeans_classes(const WordVectors& vectors, const KMeansOptions& options) {
  return kmeans_classes(vectors.view(), options);
}

void write_classes(const std::filesystem::path& path, std::span<const std::string> words,
                   std::span<const int> classes) {
  if (words.size() != classes.size()) {
    throw Error(
        fmt::format("write_classes: {} words but {} classes", words.size(), classes.size()));
  }
  AtomicFile file(path);
  std::string line;
  for (std::size_t i = 0; i < words.size(); ++i) {
    line = words[i];
    line += ' ';
    line += std::to_string(classes[i]);
    line += '\n';
    file.write(line);
  }
  file.commit();
}

}  // namespace w2v
