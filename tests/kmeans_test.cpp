// Tests of k-means word classes (word2vec.c's -classes): cluster recovery, determinism, empty
// classes, settings checks and the classes file.

#include "w2v/kmeans.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"
#include "w2v/errors.h"

namespace {

using w2v::testing::read_file;
using w2v::testing::TempDir;

// `clusters` clusters of `per_cluster` words in `dim` >= clusters dimensions: cluster c lies
// around 3 * e_c with uniform noise in [-0.1, 0.1] on every coordinate. Word names are
// "c<cluster>w<index>". Rows are interleaved, so row r belongs to cluster r % clusters.
w2v::WordVectors planted_clusters(int clusters, int per_cluster, std::size_t dim, unsigned seed) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<float> noise(-0.1F, 0.1F);
  w2v::WordVectors vectors;
  vectors.dim = dim;
  for (int i = 0; i < per_cluster; ++i) {
    for (int c = 0; c < clusters; ++c) {
      vectors.words.push_back("c" + std::to_string(c) + "w" + std::to_string(i));
      for (std::size_t d = 0; d < dim; ++d) {
        vectors.values.push_back((d == static_cast<std::size_t>(c) ? 3.0F : 0.0F) +
                                 noise(generator));
      }
    }
  }
  return vectors;
}

w2v::WordVectors random_vectors(std::size_t rows, std::size_t dim, unsigned seed) {
  std::mt19937 generator(seed);
  std::normal_distribution<float> normal;
  w2v::WordVectors vectors;
  vectors.dim = dim;
  for (std::size_t i = 0; i < rows; ++i) {
    vectors.words.push_back("w" + std::to_string(i));
    for (std::size_t d = 0; d < dim; ++d) vectors.values.push_back(normal(generator));
  }
  return vectors;
}

std::set<int> distinct(const std::vector<int>& classes) { return {classes.begin(), classes.end()}; }

TEST(KMeans, RecoversPlantedClusters) {
  constexpr int kClusters = 5;
  const w2v::WordVectors vectors = planted_clusters(kClusters, 13, 8, 1);
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const std::vector<int> classes =
        w2v::kmeans_classes(vectors, {.classes = kClusters, .iterations = 10, .seed = seed});
    ASSERT_EQ(classes.size(), vectors.size());
    EXPECT_EQ(distinct(classes).size(), static_cast<std::size_t>(kClusters)) << "seed " << seed;
    // Row r belongs to planted cluster r % kClusters: equal clusters must give equal classes.
    for (std::size_t row = 0; row < classes.size(); ++row) {
      EXPECT_EQ(classes[row], classes[row % kClusters]) << "seed " << seed << ", row " << row;
    }
  }
}

TEST(KMeans, NearIdenticalVectorsShareClass) {
  w2v::WordVectors vectors = planted_clusters(3, 10, 6, 2);
  // Append a near copy of row 0 and of row 1 (different planted clusters).
  for (const std::size_t source : {0, 1}) {
    vectors.words.push_back("copy" + std::to_string(source));
    for (std::size_t d = 0; d < vectors.dim; ++d) {
      vectors.values.push_back(vectors.values[source * vectors.dim + d] + 1e-6F);
    }
  }
  const std::vector<int> classes = w2v::kmeans_classes(vectors, {.classes = 3, .seed = 7});
  EXPECT_EQ(classes[vectors.size() - 2], classes[0]);
  EXPECT_EQ(classes[vectors.size() - 1], classes[1]);
  EXPECT_NE(classes[0], classes[1]);
}

TEST(KMeans, SameSeedSameResult) {
  const w2v::WordVectors vectors = random_vectors(500, 16, 3);
  const w2v::KMeansOptions options{.classes = 20, .iterations = 10, .seed = 42};
  EXPECT_EQ(w2v::kmeans_classes(vectors, options), w2v::kmeans_classes(vectors, options));
}

TEST(KMeans, SeedChangesFirstCentroids) {
  const w2v::WordVectors vectors = random_vectors(500, 16, 3);
  EXPECT_NE(w2v::kmeans_classes(vectors, {.classes = 20, .iterations = 1, .seed = 1}),
            w2v::kmeans_classes(vectors, {.classes = 20, .iterations = 1, .seed = 2}));
}

TEST(KMeans, ThreadCountDoesNotChangeResult) {
  // 2000 rows x 64 dimensions x 10 classes is above the size at which the rounds run threaded.
  const w2v::WordVectors vectors = random_vectors(2000, 64, 4);
  const auto one_thread = w2v::kmeans_classes(vectors, {.classes = 10, .seed = 5, .threads = 1});
  const auto two_threads = w2v::kmeans_classes(vectors, {.classes = 10, .seed = 5, .threads = 2});
  const auto three_threads = w2v::kmeans_classes(vectors, {.classes = 10, .seed = 5, .threads = 3});
  EXPECT_EQ(one_thread, two_threads);
  EXPECT_EQ(one_thread, three_threads);
}

TEST(KMeans, EmptyClassesAreRefilled) {
  // All rows are equal, so every row picks class 0 (ties go to the lowest class); the other
  // classes must still get a row each.
  w2v::WordVectors vectors;
  vectors.dim = 4;
  for (int i = 0; i < 30; ++i) {
    vectors.words.push_back("same" + std::to_string(i));
    vectors.values.insert(vectors.values.end(), {1.0F, 2.0F, 3.0F, 4.0F});
  }
  const std::vector<int> classes = w2v::kmeans_classes(vectors, {.classes = 3, .seed = 1});
  EXPECT_EQ(distinct(classes), (std::set<int>{0, 1, 2}));
}

TEST(KMeans, AsManyClassesAsRows) {
  const w2v::WordVectors vectors = random_vectors(7, 3, 6);
  const std::vector<int> classes = w2v::kmeans_classes(vectors, {.classes = 7, .seed = 1});
  EXPECT_EQ(distinct(classes).size(), 7u);
}

TEST(KMeans, ReadsPaddedRows) {
  // The trainer's tables pad rows (stride > cols); padding must not affect the classes.
  const w2v::WordVectors vectors = planted_clusters(4, 8, 5, 8);
  constexpr std::size_t kStride = 16;
  std::vector<float> padded(vectors.size() * kStride, 1e6F);
  for (std::size_t row = 0; row < vectors.size(); ++row) {
    std::copy_n(vectors.row(row).data(), vectors.dim, padded.data() + row * kStride);
  }
  const w2v::MatrixView view{padded.data(), vectors.size(), vectors.dim, kStride};
  const w2v::KMeansOptions options{.classes = 4, .seed = 3};
  EXPECT_EQ(w2v::kmeans_classes(view, options), w2v::kmeans_classes(vectors, options));
}

TEST(KMeans, RejectsInvalidSettings) {
  const w2v::WordVectors vectors = random_vectors(10, 4, 9);
  EXPECT_THROW(w2v::kmeans_classes(vectors, {.classes = 0}), w2v::UsageError);
  EXPECT_THROW(w2v::kmeans_classes(vectors, {.classes = 11}), w2v::UsageError);
  EXPECT_THROW(w2v::kmeans_classes(vectors, {.classes = 2, .iterations = 0}), w2v::UsageError);
  EXPECT_THROW(w2v::kmeans_classes(vectors, {.classes = 2, .threads = -1}), w2v::UsageError);
}

TEST(KMeans, WritesOneLinePerWord) {
  TempDir dir;
  const w2v::WordVectors vectors = planted_clusters(3, 5, 4, 10);
  const std::vector<int> classes = w2v::kmeans_classes(vectors, {.classes = 3, .seed = 1});
  w2v::write_classes(dir / "classes.txt", vectors.words, classes);

  std::istringstream in(read_file(dir / "classes.txt"));
  std::string line;
  std::size_t row = 0;
  while (std::getline(in, line)) {
    ASSERT_LT(row, vectors.size());
    EXPECT_EQ(line, vectors.words[row] + " " + std::to_string(classes[row]));
    ++row;
  }
  EXPECT_EQ(row, vectors.size());
}

TEST(KMeans, WriteRejectsLengthMismatch) {
  TempDir dir;
  const std::vector<std::string> words = {"a", "b"};
  const std::vector<int> classes = {0};
  EXPECT_THROW(w2v::write_classes(dir / "classes.txt", words, classes), w2v::Error);
  EXPECT_FALSE(std::filesystem::exists(dir / "classes.txt"));
}

}  // namespace
