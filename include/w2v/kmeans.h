#pragma once

// Word classes by k-means over word vectors, as word2vec.c's -classes option computes them.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "w2v/word_vectors.h"

namespace w2v {

/// Settings of kmeans_classes().
struct KMeansOptions {
  /// K, the number of classes: 1 to the number of rows.
  int classes = 0;
  /// Maximum number of rounds (word2vec.c runs exactly 10). Stopping early when no word changes
  /// class gives the same result as running on.
  int iterations = 10;
  /// Seed of the random choice of the first centroids.
  std::uint64_t seed = 1;
  /// OpenMP threads, 0 for OpenMP's default. The result is the same for any thread count.
  int threads = 0;
};

/// Assigns each row of `vectors` to one of `options.classes` classes and returns the class of
/// each row, in row order.
///
/// This is word2vec.c's spherical k-means, with two changes. Each round sets every centroid to
/// the unit-length sum of its rows, then moves every row to the centroid with the largest dot
/// product (ties: the lowest class).
///
/// word2vec.c starts from row i in class i mod K. Such a start can end in a local optimum with
/// two clear clusters in one class. Here the first centroids come from k-means++ seeding with
/// cosine distance over a random sample of 8 rows per class, drawn with `options.seed`.
///
/// word2vec.c also leaves a class that lost all its rows with a NaN centroid, so it outputs
/// fewer than K classes. Here each empty class takes the row with the lowest cosine to its own
/// centroid from a class with at least two rows, so every class is used.
///
/// The result is the same for the same input, options and seed, whatever the thread count.
/// Throws UsageError if `options.classes` is not in 1..rows, `options.iterations` < 1 or
/// `options.threads` < 0.
std::vector<int> kmeans_classes(const MatrixView& vectors, const KMeansOptions& options);

/// Same as above for the rows of `vectors`.
std::vector<int> kmeans_classes(const WordVectors& vectors, const KMeansOptions& options);

/// Writes one "word class" line per word, in the given order, like word2vec.c's -classes
/// output, through an AtomicFile. Throws Error if the spans differ in length and IoError if the
/// file cannot be written.
void write_classes(const std::filesystem::path& path, std::span<const std::string> words,
                   std::span<const int> classes);

}  // namespace w2v
