#include "w2v/huffman.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace {

using w2v::HuffmanTree;

std::string code_string(const HuffmanTree& tree, std::size_t word) {
  std::string bits;
  for (auto bit : tree.code(word)) bits += static_cast<char>('0' + bit);
  return bits;
}

TEST(HuffmanTree, CodesArePrefixFree) {
  const std::vector<std::uint64_t> counts = {50, 30, 30, 10, 5, 5, 1, 0, 200};
  const HuffmanTree tree(counts);
  ASSERT_EQ(tree.size(), counts.size());
  for (std::size_t a = 0; a < counts.size(); ++a) {
    EXPECT_FALSE(tree.code(a).empty());
    for (std::size_t b = 0; b < counts.size(); ++b) {
      if (a == b) continue;
      const std::string ca = code_string(tree, a);
      const std::string cb = code_string(tree, b);
      EXPECT_FALSE(cb.starts_with(ca)) << ca << " is a prefix of " << cb;
    }
  }
}

TEST(HuffmanTree, FrequentWordsGetShorterCodes) {
  std::vector<std::uint64_t> counts;
  for (int i = 0; i < 300; ++i) counts.push_back(static_cast<std::uint64_t>(100000 / (i + 1)));
  const HuffmanTree tree(counts);
  for (std::size_t a = 0; a < counts.size(); ++a) {
    for (std::size_t b = 0; b < counts.size(); ++b) {
      if (counts[a] > counts[b]) {
        EXPECT_LE(tree.code(a).size(), tree.code(b).size());
      }
    }
  }
}

TEST(HuffmanTree, PointsAreInnerNodesFromRoot) {
  const std::vector<std::uint64_t> counts = {7, 3, 2, 1, 1};
  const HuffmanTree tree(counts);
  const std::int32_t root = static_cast<std::int32_t>(counts.size()) - 2;
  for (std::size_t word = 0; word < counts.size(); ++word) {
    ASSERT_EQ(tree.points(word).size(), tree.code(word).size());
    EXPECT_EQ(tree.points(word)[0], root);
    for (auto node : tree.points(word)) {
      EXPECT_GE(node, 0);
      EXPECT_LE(node, root);
    }
  }
  // Kraft equality holds for a full binary tree: sum of 2^-length is 1.
  double kraft = 0;
  for (std::size_t word = 0; word < counts.size(); ++word) kraft += std::ldexp(1.0, -static_cast<int>(tree.code(word).size()));
  EXPECT_DOUBLE_EQ(kraft, 1.0);
}

TEST(HuffmanTree, DepthBoundsAndHugeCounts) {
  // Equal counts give a balanced tree: depth ceil(log2 V).
  const HuffmanTree balanced(std::vector<std::uint64_t>(1024, 5));
  EXPECT_EQ(balanced.max_depth(), 10u);
  // Fibonacci counts give the deepest tree, V - 1, and sums beyond 32 bits must not overflow.
  std::vector<std::uint64_t> fibonacci = {1, 1};
  while (fibonacci.size() < 80) fibonacci.push_back(fibonacci[fibonacci.size() - 1] + fibonacci[fibonacci.size() - 2]);
  const HuffmanTree deep(fibonacci);
  EXPECT_EQ(deep.max_depth(), fibonacci.size() - 1);
  EXPECT_EQ(deep.code(fibonacci.size() - 1).size(), 1u);
}

TEST(HuffmanTree, SingleWordHasNoCode) {
  const HuffmanTree tree(std::vector<std::uint64_t>{4});
  EXPECT_EQ(tree.size(), 1u);
  EXPECT_TRUE(tree.code(0).empty());
}

}  // namespace
