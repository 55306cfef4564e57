#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace w2v {

/// Huffman codes of the vocabulary for hierarchical softmax: the path of inner nodes from the
/// root to each word's leaf, with the branch bit taken at each node. Inner nodes are numbered
/// 0 .. V-2 (the root is V-2), which index the hierarchical-softmax output table.
class HuffmanTree {
 public:
  HuffmanTree() = default;
  /// Builds the tree from word counts (any order; ties broken by word id). Sums are 64-bit.
  explicit HuffmanTree(std::span<const std::uint64_t> counts);

  std::size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  /// Branch bits from the root down to `word` (0 or 1 each).
  std::span<const std::uint8_t> code(std::size_t word) const {
    return {codes_.data() + offsets_[word], offsets_[word + 1] - offsets_[word]};
  }
  /// Inner nodes from the root down to `word`'s parent, aligned with code(word).
  std::span<const std::int32_t> points(std::size_t word) const {
    return {points_.data() + offsets_[word], offsets_[word + 1] - offsets_[word]};
  }
  std::size_t max_depth() const { return max_depth_; }

 private:
  std::vector<std::size_t> offsets_;
  std::vector<std::uint8_t> codes_;
  std::vector<std::int32_t> points_;
  std::size_t max_depth_ = 0;
};

}  // namespace w2v
