#pragma once

// Phrase detection as word2vec.c's word2phrase does it: count words and adjacent word pairs in
// one pass, then copy the text in a second pass, joining "a b" into "a_b" when the pair scores
// above a threshold. Running it again on its own output builds longer phrases.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "w2v/tokenizer.h"
#include "w2v/vocab.h"

namespace w2v {

/// Settings of phrase detection. The defaults are word2phrase's.
struct PhraseOptions {
  /// Words and pairs that occur fewer times never form a phrase. Also subtracted from the pair
  /// count in the score, so that pairs seen only a few times score low.
  std::uint64_t min_count = 5;
  /// A pair is joined when its score is greater than this.
  double threshold = 100;
  /// When more distinct words and pairs than this are held while counting, entries with
  /// count <= t are dropped, t = 1, 2, ... (word2vec.c's vocabulary reduction). 0: no limit.
  /// An entry takes roughly 30 to 80 bytes (estimate: hash slots, key and count, and the
  /// word's bytes for single words).
  std::uint64_t max_entries = 100'000'000;
  std::size_t max_token_bytes = kDefaultMaxTokenBytes;
  /// Log progress lines at info level every few seconds.
  bool log_progress = true;
};

/// Returns word2phrase's score of the pair "a b":
/// (count(ab) - min_count) / (count(a) * count(b)) * train_words, or 0 when count(a), count(b)
/// or count(ab) is below min_count.
double phrase_score(std::uint64_t pair_count, std::uint64_t first_count, std::uint64_t second_count,
                    std::uint64_t min_count, std::uint64_t train_words);

/// Counts of single words and of adjacent word pairs, from the first pass over the text.
/// Pairs never span a line end (kSentenceEnd).
class PhraseCounter {
 public:
  /// `max_entries` is PhraseOptions::max_entries.
  explicit PhraseCounter(std::uint64_t max_entries);

  /// Counts one token. kSentenceEnd ends the current line and is not counted as a word.
  void add(std::string_view token);

  /// Id of `word` in this counter, or -1 when it was never seen (or dropped by pruning).
  std::int64_t find_word(std::string_view word) const { return words_.find(word); }
  std::uint64_t word_count(std::int64_t id) const;
  /// Count of the pair (first, second) of word ids, 0 when unseen.
  std::uint64_t pair_count(std::int64_t first, std::int64_t second) const;
  /// Key of the pair (first, second) of word ids: first << 32 | second.
  static std::uint64_t pair_key(std::int64_t first, std::int64_t second) {
    return static_cast<std::uint64_t>(first) << 32 | static_cast<std::uint64_t>(second);
  }

  /// Words read, kSentenceEnd excluded (word2phrase's train_words).
  std::uint64_t train_words() const { return train_words_; }
  std::size_t distinct_words() const { return words_.size(); }
  std::size_t distinct_pairs() const { return pair_size_; }
  /// Entries removed by pruning, and the last count threshold used (0: none).
  std::uint64_t pruned_entries() const { return pruned_entries_; }
  std::uint64_t prune_threshold() const { return prune_threshold_; }

 private:
  // Open-addressing table slot: key is pair_key(), or kEmptyKey when the slot is free.
  struct PairSlot {
    std::uint64_t key;
    std::uint64_t count;
  };
  static constexpr std::uint64_t kEmptyKey = ~std::uint64_t{0};

  std::size_t find_pair_slot(std::uint64_t key) const;
  void add_pair(std::uint64_t key);
  void grow_pairs();
  void prune();
  std::uint64_t choose_prune_threshold() const;

  std::uint64_t max_entries_;
  WordIndex words_;
  std::vector<std::uint64_t> word_counts_;
  std::vector<PairSlot> pairs_;
  std::size_t pair_size_ = 0;
  std::int64_t previous_ = -1;  // id of the previous word on this line, -1 at a line start
  std::uint64_t train_words_ = 0;
  std::uint64_t pruned_entries_ = 0;
  std::uint64_t prune_threshold_ = 0;
};

/// Second pass: writes tokens back as text, joining each pair that scores above the threshold.
/// Pairs are scored left to right and a joined pair consumes both words, so "a b c" becomes
/// "a_b c" when both pairs qualify. Words on a line are separated by one space and every
/// kSentenceEnd becomes a newline.
class PhraseWriter {
 public:
  /// Receives the output text in pieces.
  using Sink = std::function<void(std::string_view)>;

  PhraseWriter(const PhraseCounter& counts, const PhraseOptions& options, Sink sink);

  void add(std::string_view token);
  /// Passes the buffered text to the sink.
  void flush();

  /// Pairs joined so far, and how many distinct pairs these were.
  std::uint64_t joined_pairs() const { return joined_pairs_; }
  std::size_t distinct_phrases() const { return joined_keys_.size(); }

 private:
  bool should_join(std::int64_t first, std::int64_t second) const;

  const PhraseCounter& counts_;
  PhraseOptions options_;
  Sink sink_;
  std::string buffer_;
  bool at_line_start_ = true;
  std::int64_t previous_ = -1;  // id of the previous word unless it was consumed by a join
  std::uint64_t joined_pairs_ = 0;
  std::unordered_set<std::uint64_t> joined_keys_;  // distinct joined pairs as PhraseCounter keys
};

/// Summary of one run of join_phrases().
struct PhraseStats {
  std::uint64_t train_words = 0;
  std::size_t distinct_words = 0;
  std::size_t distinct_pairs = 0;
  std::uint64_t joined_pairs = 0;
  std::size_t distinct_phrases = 0;
  std::uint64_t cut_tokens = 0;
  std::uint64_t pruned_entries = 0;
};

/// Runs both passes over `text` in memory and returns the output text.
std::string join_phrases_in_text(std::string_view text, const PhraseOptions& options,
                                 PhraseStats* stats = nullptr);

/// Runs both passes over the file `input` and writes the result to `output` through an
/// AtomicFile ("-" writes to standard output). Input "-" reads standard input once and copies
/// it to an unlinked temporary file in $TMPDIR for the second pass, so that needs disk space
/// the size of the input. Throws IoError when a file cannot be opened, read or written.
PhraseStats join_phrases(const std::string& input, const std::string& output,
                         const PhraseOptions& options);

}  // namespace w2v
