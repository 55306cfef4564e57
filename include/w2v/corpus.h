#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "w2v/token_source.h"
#include "w2v/tokenizer.h"
#include "w2v/vocab.h"

namespace w2v {

/// Settings for reading and encoding training text.
struct CorpusOptions {
  std::size_t max_token_bytes = kDefaultMaxTokenBytes;
  /// When more distinct words than this are held while counting, words with count <= t are
  /// dropped, t = 1, 2, ... (word2vec.c's vocabulary reduction). 0 disables pruning.
  std::uint64_t max_vocab = 21'000'000;
};

/// Training corpus read once from text and kept as 32-bit token ids in an unlinked temporary
/// file (4 bytes per token, in $TMPDIR), so later epochs never parse text again and stdin can be
/// trained on for several epochs. Memory holds only the distinct words and their counts.
class EncodedCorpus final : public TokenSource {
 public:
  /// Tokenizes `inputs` in order ("-" is standard input) and counts every distinct word.
  /// Throws IoError naming a file that cannot be opened or read.
  static EncodedCorpus encode(const std::vector<std::string>& inputs, const CorpusOptions& options);

  EncodedCorpus(EncodedCorpus&& other) noexcept;
  EncodedCorpus& operator=(EncodedCorpus&&) = delete;
  ~EncodedCorpus() override;

  /// Distinct words with their counts, kSentenceEnd included when a newline was seen.
  std::vector<Vocab::Entry> counted_words() const;

  /// Maps stored tokens to ids of `vocab`; words missing from it become kNoWord.
  void use_vocab(const Vocab& vocab);

  std::uint64_t size() const override { return token_count_; }
  void read(std::uint64_t offset, std::span<WordId> out) const override;

  /// Tokens cut to the maximum token length.
  std::uint64_t cut_tokens() const { return cut_tokens_; }
  /// Distinct words removed by vocabulary reduction, and the last count threshold used (0: none).
  std::uint64_t pruned_words() const { return pruned_words_; }
  std::uint64_t prune_threshold() const { return prune_threshold_; }

 private:
  EncodedCorpus() = default;
  void count_token(std::string_view word, std::vector<std::uint32_t>& pending);
  void prune(std::uint64_t max_vocab);
  void flush(std::vector<std::uint32_t>& pending);

  int fd_ = -1;
  std::uint64_t token_count_ = 0;
  // Words still counted. The file stores raw ids: a word keeps its raw id until vocabulary
  // reduction drops it, and a dropped word that comes back gets a new one.
  WordIndex index_;
  std::vector<std::uint32_t> slot_raw_id_;
  std::vector<std::uint64_t> slot_count_;
  std::uint32_t raw_id_count_ = 0;
  std::vector<WordId> raw_to_vocab_;
  std::uint64_t cut_tokens_ = 0;
  std::uint64_t pruned_words_ = 0;
  std::uint64_t prune_threshold_ = 0;
};

}  // namespace w2v
