#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace w2v {

/// Word id in a Vocab. Id 0 is always kSentenceEnd.
using WordId = std::int32_t;
inline constexpr WordId kNoWord = -1;

/// 64-bit hash of a byte string (not cryptographic; spreads short words well).
std::uint64_t hash_word(std::string_view word);

/// Open-addressing hash table from byte strings to dense ids 0, 1, 2, ... in insertion order.
class WordIndex {
 public:
  WordIndex();

  /// Returns the id of `word`, inserting it with the next id if absent.
  std::uint32_t insert(std::string_view word);
  /// Returns the id of `word`, or -1 if absent.
  std::int64_t find(std::string_view word) const;

  std::size_t size() const { return words_.size(); }
  const std::string& word(std::uint32_t id) const { return words_[id]; }
  /// Removes every word and frees the table.
  void clear();
  /// Makes room for `count` words, so that inserting them neither rehashes nor reallocates.
  void reserve(std::size_t count);

 private:
  // Resizes the slot array to `slot_count` (a power of two) and reinserts every word.
  void rehash(std::size_t slot_count);

  std::vector<std::string> words_;
  std::vector<std::uint64_t> hashes_;
  std::vector<std::uint64_t> slots_;  // hash tag and id + 1; 0 for an empty slot
  std::size_t mask_ = 0;
};

/// Final vocabulary: words sorted by descending count with kSentenceEnd first.
class Vocab {
 public:
  /// Word and its corpus count.
  struct Entry {
    std::string word;
    std::uint64_t count = 0;
  };

  Vocab() = default;

  /// Builds the vocabulary from raw counts: keeps words with count >= min_count, then sorts by
  /// descending count, ties broken by byte order of the word. kSentenceEnd is kept at id 0
  /// whatever its count, as word2vec.c does. `entries` may or may not contain kSentenceEnd.
  static Vocab from_counts(std::vector<Entry> entries, std::uint64_t min_count);

  /// Loads a vocabulary in word2vec.c's `word count` line format (the order in the file is
  /// re-sorted as from_counts does, with min_count applied). Throws InputError naming the line.
  static Vocab load(const std::filesystem::path& path, std::uint64_t min_count);

  /// Writes `word count` lines, one per word in id order, through a temporary file.
  void save(const std::filesystem::path& path) const;

  std::size_t size() const { return entries_.size(); }
  const std::string& word(WordId id) const { return entries_[static_cast<std::size_t>(id)].word; }
  std::uint64_t count(WordId id) const { return entries_[static_cast<std::size_t>(id)].count; }
  const std::vector<Entry>& entries() const { return entries_; }
  /// Sum of the counts of all words, kSentenceEnd included: the number of tokens one epoch
  /// trains on.
  std::uint64_t total_count() const { return total_count_; }
  /// Id of `word`, or kNoWord.
  WordId find(std::string_view word) const;

 private:
  void index_words();

  std::vector<Entry> entries_;
  WordIndex index_;
  std::uint64_t total_count_ = 0;
};

}  // namespace w2v
