#pragma once

// Per-sentence skip-gram training loops. sentence_kernels.inc is compiled once per instruction
// set (AVX-512, AVX2+FMA, baseline x86-64) and select_kernels() picks the best one the CPU runs.

#include <cstddef>
#include <cstdint>

#include "w2v/huffman.h"
#include "w2v/sampling.h"
#include "w2v/vocab.h"

namespace w2v::detail {

/// Limits of the batched kernel's fixed-size row tables; validated with the options.
inline constexpr int kMaxBatchContexts = 2 * 64;  // window <= 64
inline constexpr int kMaxBatchTargets = 64 + 1;   // negative <= 64

/// Everything one thread needs to train sentences: the shared tables, its generator and scratch.
struct KernelJob {
  float* input = nullptr;   // word vectors, `stride` floats per row
  float* output = nullptr;  // context vectors
  std::size_t stride = 0;
  int window = 5;
  int negative = 5;
  const NoiseSampler* noise = nullptr;
  Rng* rng = nullptr;
  float* scratch = nullptr;    // scratch_floats() floats, 64-byte aligned
  WordId* contexts = nullptr;  // 2 * window ids
  WordId* targets = nullptr;   // 2 * (negative + 1) ids: this center's and the next one's
  float* hs_output = nullptr;  // hierarchical-softmax inner-node vectors, or null without -hs
  const HuffmanTree* tree = nullptr;  // null without -hs
  // Output rows of ids below private_rows live in this thread's copy at private_output (same
  // stride) instead of the shared table. Only the batched kernel uses them; 0 disables.
  float* private_output = nullptr;
  WordId private_rows = 0;
};

/// Trains every center word of `sentence` (kept words, no kSentenceEnd) at learning rate `alpha`.
using SentenceKernel = void (*)(KernelJob& job, const WordId* sentence, std::size_t length,
                                float alpha);

struct KernelTable {
  SentenceKernel batched;  // skip-gram, negative sampling only, shared negatives
  SentenceKernel pairs;    // skip-gram, negative sampling and/or hierarchical softmax
  SentenceKernel cbow;     // CBOW, negative sampling and/or hierarchical softmax
  const char* instruction_set;
};

/// Kernels for the best instruction set this CPU supports.
const KernelTable& select_kernels();

/// Floats of scratch space a thread needs for the given settings.
std::size_t scratch_floats(int window, std::size_t stride);

#define W2V_DECLARE_KERNELS(isa)                                                          \
  namespace isa {                                                                         \
  void train_sentence_batched(KernelJob& job, const WordId* sentence, std::size_t length, \
                              float alpha);                                               \
  void train_sentence_pairs(KernelJob& job, const WordId* sentence, std::size_t length,   \
                            float alpha);                                                 \
  void train_sentence_cbow(KernelJob& job, const WordId* sentence, std::size_t length,    \
                           float alpha);                                                  \
  }
W2V_DECLARE_KERNELS(avx512)
W2V_DECLARE_KERNELS(avx2)
W2V_DECLARE_KERNELS(generic)
#undef W2V_DECLARE_KERNELS

}  // namespace w2v::detail
