#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "w2v/vocab.h"

namespace w2v {

/// Sequence of vocabulary ids that the trainer reads, one epoch after another. The trainer sees
/// only ids, never files: kNoWord marks a token outside the vocabulary and kSentenceEnd's id 0
/// ends a sentence.
class TokenSource {
 public:
  virtual ~TokenSource() = default;
  /// Number of tokens, out-of-vocabulary ones included.
  virtual std::uint64_t size() const = 0;
  /// Copies the ids of tokens [offset, offset + out.size()) into `out`. Safe to call from
  /// several threads at once.
  virtual void read(std::uint64_t offset, std::span<WordId> out) const = 0;
};

/// TokenSource over ids held in memory, for tests and small inputs.
class InMemoryTokens final : public TokenSource {
 public:
  explicit InMemoryTokens(std::vector<WordId> ids) : ids_(std::move(ids)) {}
  std::uint64_t size() const override { return ids_.size(); }
  void read(std::uint64_t offset, std::span<WordId> out) const override {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = ids_[offset + i];
  }

 private:
  std::vector<WordId> ids_;
};

}  // namespace w2v
