#include "w2v/huffman.h"

#include <algorithm>
#include <numeric>

namespace w2v {

HuffmanTree::HuffmanTree(std::span<const std::uint64_t> counts) {
  const std::size_t words = counts.size();
  offsets_.assign(words + 1, 0);
  if (words < 2) return;

  // Leaves are sorted by ascending count, and merged inner nodes come out in ascending order
  // too, so two queues (leaves, inner nodes) give the two smallest nodes in O(1) each.
  std::vector<std::size_t> leaves(words);
  std::iota(leaves.begin(), leaves.end(), std::size_t{0});
  std::stable_sort(leaves.begin(), leaves.end(),
                   [&](std::size_t a, std::size_t b) { return counts[a] < counts[b]; });
  const std::size_t inner_count = words - 1;
  std::vector<std::uint64_t> inner_weight(inner_count);
  // parent[node] for nodes 0..words-1 (leaves by word id) and words..2*words-2 (inner nodes).
  std::vector<std::size_t> parent(2 * words - 1, 0);
  std::vector<std::uint8_t> branch(2 * words - 1, 0);
  std::size_t next_leaf = 0;
  std::size_t next_inner = 0;
  auto pop_smallest = [&](std::size_t made) -> std::size_t {
    const bool take_leaf = next_leaf < words &&
                           (next_inner >= made || counts[leaves[next_leaf]] <= inner_weight[next_inner]);
    if (take_leaf) return leaves[next_leaf++];
    return words + next_inner++;
  };
  auto weight_of = [&](std::size_t node) {
    return node < words ? counts[node] : inner_weight[node - words];
  };
  for (std::size_t made = 0; made < inner_count; ++made) {
    const std::size_t first = pop_smallest(made);
    const std::size_t second = pop_smallest(made);
    inner_weight[made] = weight_of(first) + weight_of(second);
    parent[first] = words + made;
    parent[second] = words + made;
    branch[second] = 1;
  }

  // Walk each leaf up to the root, then store the path root-first.
  const std::size_t root = 2 * words - 2;
  std::vector<std::uint8_t> bits;
  std::vector<std::int32_t> nodes;
  for (std::size_t word = 0; word < words; ++word) {
    bits.clear();
    nodes.clear();
    for (std::size_t node = word; node != root; node = parent[node]) {
      bits.push_back(branch[node]);
      nodes.push_back(static_cast<std::int32_t>(parent[node] - words));
    }
    offsets_[word + 1] = offsets_[word] + bits.size();
    codes_.insert(codes_.end(), bits.rbegin(), bits.rend());
    points_.insert(points_.end(), nodes.rbegin(), nodes.rend());
    max_depth_ = std::max(max_depth_, bits.size());
  }
}

}  // namespace w2v
