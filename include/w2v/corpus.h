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
  /// When a thread has counted more distinct words than this, it drops the words with
  /// count <= t, t = 1, 2, ... (word2vec.c's vocabulary reduction), and the merged counts are
  /// reduced the same way. 0 disables pruning.
  /// NOTE: each thread prunes its own part of the text, so once pruning starts, which rare words
  /// survive depends on the number of threads.
  std::uint64_t max_vocab = 21'000'000;
  /// Threads that tokenize and count. Regular files are cut at token separators into this many
  /// byte ranges (at most 256), one per thread. Standard input and other pipes are read by one
  /// thread.
  int threads = 1;
  /// Minimum bytes per range: smaller inputs are not worth splitting across threads.
  std::uint64_t min_range_bytes = 1 << 20;
};

/// Training corpus read once from text and kept as 32-bit token ids in unlinked temporary files
/// (4 bytes per token, in $TMPDIR), so later epochs never parse text again and stdin can be
/// trained on for several epochs. Memory holds only the distinct words and their counts.
class EncodedCorpus final : public TokenSource {
 public:
  /// Tokenizes `inputs` in order ("-" is standard input) and counts every distinct word. Gives
  /// the same tokens and counts for any number of threads unless pruning starts.
  /// Throws IoError naming a file that cannot be opened or read.
  static EncodedCorpus encode(const std::vector<std::string>& inputs, const CorpusOptions& options);

  EncodedCorpus(EncodedCorpus&& other) noexcept = default;
  EncodedCorpus& operator=(EncodedCorpus&&) = delete;
  ~EncodedCorpus() override;

  /// Distinct words with their counts, kSentenceEnd included when a newline was seen.
  std::vector<Vocab::Entry> counted_words() const;

  /// Maps stored tokens to ids of `vocab`; words missing from it become kNoWord.
  void use_vocab(const Vocab& vocab);

  std::uint64_t size() const override { return shard_starts_.back(); }
  void read(std::uint64_t offset, std::span<WordId> out) const override;

  /// Tokens cut to the maximum token length.
  std::uint64_t cut_tokens() const { return cut_tokens_; }
  /// Distinct words removed by vocabulary reduction, and the highest count threshold used
  /// (0: none).
  std::uint64_t pruned_words() const { return pruned_words_; }
  std::uint64_t prune_threshold() const { return prune_threshold_; }
  /// Number of byte ranges counted in parallel (1 when the input was read by one thread).
  std::size_t shard_count() const { return shards_.size(); }

 private:
  // The tokens of one byte range of the input, counted by one thread into its own word table
  // and temporary file. The file stores raw ids: a word keeps its raw id until vocabulary
  // reduction drops it, and a dropped word that comes back gets a new one.
  struct Shard {
    int fd = -1;
    std::uint64_t token_count = 0;
    WordIndex index;
    std::vector<std::uint32_t> slot_raw_id;
    std::vector<std::uint64_t> slot_count;
    std::uint32_t raw_id_count = 0;
    std::vector<std::uint32_t> pending;  // raw ids not yet written to the file
    std::uint64_t cut_tokens = 0;
    std::uint64_t pruned_words = 0;
    std::uint64_t prune_threshold = 0;
    // Filled after counting: raw id -> slot in the merged word table (kDroppedWord if pruned),
    // and raw id -> vocabulary id.
    std::vector<std::uint32_t> raw_to_word;
    std::vector<WordId> raw_to_vocab;

    void count(std::string_view word, std::uint64_t max_vocab);
    void prune(std::uint64_t max_vocab);
    void flush();
  };
  struct Position;
  struct ByteRange;

  EncodedCorpus() = default;
  static std::vector<ByteRange> plan_ranges(const std::vector<std::string>& inputs,
                                            const CorpusOptions& options);
  static void fill_shard(Shard& shard, const std::vector<std::string>& inputs,
                         const ByteRange& range, const CorpusOptions& options);
  void merge_shards(std::uint64_t max_vocab);

  std::vector<Shard> shards_;
  std::vector<std::uint64_t> shard_starts_{0};  // first token of each shard, then the total
  WordIndex words_;                             // distinct words of all shards
  std::vector<std::uint64_t> word_counts_;
  std::uint64_t cut_tokens_ = 0;
  std::uint64_t pruned_words_ = 0;
  std::uint64_t prune_threshold_ = 0;
};

}  // namespace w2v
