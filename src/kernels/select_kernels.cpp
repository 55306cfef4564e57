#include "sentence_kernels.h"

#include <algorithm>

namespace w2v::detail {

std::size_t scratch_floats(int window, std::size_t stride) {
  // Scores of every (context, target) pair of the largest batch, rounded up to whole 64-byte
  // lines, then one gradient row per context word. A batch has at most kMaxBatchTargets
  // targets: negative + 1, or a slice of a Huffman path.
  const std::size_t pairs = static_cast<std::size_t>(2 * window) * kMaxBatchTargets;
  const std::size_t scores = (pairs + 15) / 16 * 16;
  // At least two rows (gradient and context mean) for the per-pair and CBOW kernels.
  return scores + static_cast<std::size_t>(std::max(2 * window, 2)) * stride;
}

const KernelTable& select_kernels() {
  static const KernelTable table = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")) {
      return KernelTable{avx512::train_sentence_batched, avx512::train_sentence_pairs,
                         avx512::train_sentence_cbow, "avx512"};
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
      return KernelTable{avx2::train_sentence_batched, avx2::train_sentence_pairs,
                         avx2::train_sentence_cbow, "avx2"};
    }
    return KernelTable{generic::train_sentence_batched, generic::train_sentence_pairs,
                         generic::train_sentence_cbow, "generic"};
  }();
  return table;
}

}  // namespace w2v::detail
