#include "w2v/vector_io.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "test_support.h"
#include "w2v/errors.h"

namespace w2v {
namespace {

using testing::read_file;
using testing::TempDir;
using testing::write_file;

WordVectors make_vectors(std::vector<std::string> words, std::size_t dim) {
  WordVectors vectors;
  vectors.words = std::move(words);
  vectors.dim = dim;
  vectors.values.resize(vectors.words.size() * dim);
  for (std::size_t i = 0; i < vectors.values.size(); ++i) {
    // Values with long decimal expansions, both signs and a wide range of magnitudes.
    vectors.values[i] = static_cast<float>(std::sin(0.7 * static_cast<double>(i) + 0.1) *
                                           std::pow(10.0, static_cast<double>(i % 7) - 3.0));
  }
  return vectors;
}

std::string float_bytes(std::vector<float> values) {
  std::string bytes(values.size() * sizeof(float), '\0');
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

void expect_same_vectors(const WordVectors& expected, const WordVectors& actual) {
  ASSERT_EQ(expected.dim, actual.dim);
  ASSERT_EQ(expected.words, actual.words);
  ASSERT_EQ(expected.values.size(), actual.values.size());
  for (std::size_t i = 0; i < expected.values.size(); ++i) {
    // Bitwise equality: text output must read back to the identical float32.
    ASSERT_EQ(std::bit_cast<std::uint32_t>(expected.values[i]),
              std::bit_cast<std::uint32_t>(actual.values[i]))
        << "value " << i << ": " << expected.values[i] << " vs " << actual.values[i];
  }
}

TEST(VectorIo, BinaryRoundTrip) {
  TempDir dir;
  const WordVectors original = make_vectors({"the", "of", "caf\xC3\xA9", "x"}, 5);
  write_vectors(dir / "v.bin", original.words, original.view(), VectorFormat::kBinary);
  VectorReadReport report;
  const WordVectors loaded = read_vectors(dir / "v.bin", {}, &report);
  expect_same_vectors(original, loaded);
  EXPECT_EQ(report.format, VectorFormat::kBinary);
  EXPECT_TRUE(report.has_header);
}

TEST(VectorIo, TextRoundTrip) {
  TempDir dir;
  const WordVectors original = make_vectors({"the", "of", "caf\xC3\xA9", "x"}, 5);
  write_vectors(dir / "v.txt", original.words, original.view(), VectorFormat::kText);
  VectorReadReport report;
  const WordVectors loaded = read_vectors(dir / "v.txt", {}, &report);
  expect_same_vectors(original, loaded);
  EXPECT_EQ(report.format, VectorFormat::kText);
}

TEST(VectorIo, BinaryLayoutIsExact) {
  TempDir dir;
  const std::vector<std::string> words = {"a", "bc"};
  const std::vector<float> values = {1.0f, -2.5f, 0.25f, 3.0f};
  write_vectors(dir / "v.bin", words, {values.data(), 2, 2, 2}, VectorFormat::kBinary);
  const std::string expected =
      "2 2\na " + float_bytes({1.0f, -2.5f}) + "\nbc " + float_bytes({0.25f, 3.0f}) + "\n";
  EXPECT_EQ(read_file(dir / "v.bin"), expected);
}

TEST(VectorIo, TextLayoutIsExact) {
  TempDir dir;
  const std::vector<std::string> words = {"a", "bc"};
  const std::vector<float> values = {1.0f, -2.5f, 0.1f, 3e-7f};
  write_vectors(dir / "v.txt", words, {values.data(), 2, 2, 2}, VectorFormat::kText);
  EXPECT_EQ(read_file(dir / "v.txt"), "2 2\na 1 -2.5\nbc 0.1 3e-07\n");
}

}  // namespace
}  // namespace w2v
