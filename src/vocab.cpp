#include "w2v/vocab.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <fstream>

#include "w2v/atomic_file.h"
#include "w2v/errors.h"
#include "w2v/tokenizer.h"

namespace w2v {

std::uint64_t hash_word(std::string_view word) {
  // 8 bytes at a time with a multiply-xorshift mix; the length is folded in so that prefixes
  // padded with zeros do not collide.
  constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
  std::uint64_t hash = word.size() * kMultiplier;
  const char* p = word.data();
  std::size_t left = word.size();
  while (left >= 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, p, 8);
    hash = (hash ^ chunk) * kMultiplier;
    hash ^= hash >> 29;
    p += 8;
    left -= 8;
  }
  if (left > 0) {
    // Fixed-size loads of the last 1-7 bytes (overlapping where needed), because a memcpy of
    // variable length becomes a library call, and most words end here.
    std::uint64_t chunk = 0;
    if (left >= 4) {
      std::uint32_t low;
      std::uint32_t high;
      std::memcpy(&low, p, 4);
      std::memcpy(&high, p + left - 4, 4);
      chunk = low | (static_cast<std::uint64_t>(high) << 32);
    } else {
      const auto byte = [&](std::size_t i) {
        return static_cast<std::uint64_t>(static_cast<unsigned char>(p[i]));
      };
      chunk = byte(0) | (byte(left / 2) << 8) | (byte(left - 1) << 16);
    }
    hash = (hash ^ chunk) * kMultiplier;
    hash ^= hash >> 29;
  }
  hash *= kMultiplier;
  return hash ^ (hash >> 32);
}

WordIndex::WordIndex() { clear(); }

void WordIndex::clear() {
  words_.clear();
  words_.shrink_to_fit();
  hashes_.clear();
  hashes_.shrink_to_fit();
  slots_.assign(1024, 0);
  mask_ = slots_.size() - 1;
}

namespace {

// A slot packs the upper 32 bits of the word's hash (the tag) with id + 1 in the lower 32 bits,
// so most mismatches are rejected without touching the word itself. 0 is an empty slot.
constexpr std::uint64_t slot_of(std::uint64_t hash, std::uint32_t id) {
  return (hash & 0xFFFF'FFFF'0000'0000ULL) | (static_cast<std::uint64_t>(id) + 1);
}

constexpr bool tag_matches(std::uint64_t slot, std::uint64_t hash) {
  return ((slot ^ hash) >> 32) == 0;
}

constexpr std::uint32_t id_of(std::uint64_t slot) {
  return static_cast<std::uint32_t>(slot) - 1;
}

}  // namespace

void WordIndex::reserve(std::size_t count) {
  words_.reserve(count);
  hashes_.reserve(count);
  if (count * 2 <= slots_.size()) return;
  std::size_t slots = slots_.size();
  while (count * 2 > slots) slots *= 2;
  rehash(slots);
}

std::uint32_t WordIndex::insert(std::string_view word) {
  const std::uint64_t hash = hash_word(word);
  std::size_t position = hash & mask_;
  while (slots_[position] != 0) {
    const std::uint64_t slot = slots_[position];
    if (tag_matches(slot, hash) && words_[id_of(slot)] == word) return id_of(slot);
    position = (position + 1) & mask_;
  }
  const auto id = static_cast<std::uint32_t>(words_.size());
  words_.emplace_back(word);
  hashes_.push_back(hash);
  slots_[position] = slot_of(hash, id);
  // Keep the load factor at most 1/2 so probe sequences stay short.
  if (words_.size() * 2 > slots_.size()) rehash(slots_.size() * 2);
  return id;
}

std::int64_t WordIndex::find(std::string_view word) const {
  const std::uint64_t hash = hash_word(word);
  std::size_t position = hash & mask_;
  while (slots_[position] != 0) {
    const std::uint64_t slot = slots_[position];
    if (tag_matches(slot, hash) && words_[id_of(slot)] == word) return id_of(slot);
    position = (position + 1) & mask_;
  }
  return -1;
}

void WordIndex::rehash(std::size_t slot_count) {
  slots_.assign(slot_count, 0);
  mask_ = slots_.size() - 1;
  for (std::uint32_t id = 0; id < words_.size(); ++id) {
    std::size_t position = hashes_[id] & mask_;
    while (slots_[position] != 0) position = (position + 1) & mask_;
    slots_[position] = slot_of(hashes_[id], id);
  }
}

Vocab Vocab::from_counts(std::vector<Entry> entries, std::uint64_t min_count) {
  std::uint64_t sentence_end_count = 0;
  std::erase_if(entries, [&](const Entry& entry) {
    if (entry.word == kSentenceEnd) {
      sentence_end_count += entry.count;
      return true;
    }
    return entry.count < min_count;
  });
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.count != b.count ? a.count > b.count : a.word < b.word;
  });
  Vocab vocab;
  vocab.entries_.reserve(entries.size() + 1);
  vocab.entries_.push_back({std::string(kSentenceEnd), sentence_end_count});
  for (auto& entry : entries) vocab.entries_.push_back(std::move(entry));
  vocab.index_words();
  return vocab;
}

void Vocab::index_words() {
  index_.clear();
  total_count_ = 0;
  for (const auto& entry : entries_) {
    index_.insert(entry.word);
    total_count_ += entry.count;
  }
}

WordId Vocab::find(std::string_view word) const {
  return static_cast<WordId>(index_.find(word));
}

Vocab Vocab::load(const std::filesystem::path& path, std::uint64_t min_count) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw IoError("cannot open vocabulary file '" + path.string() +
                  "'. Check the path given to --read-vocab.");
  }
  std::vector<Entry> entries;
  WordIndex seen;
  std::string line;
  std::uint64_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    if (line.empty()) continue;
    const std::size_t space = line.find_last_of(" \t");
    const auto where = [&] { return "'" + path.string() + "' line " + std::to_string(line_number); };
    if (space == std::string::npos || space == 0) {
      throw InputError("vocabulary file " + where() + ": expected 'word count', got '" +
                       line.substr(0, 80) + "'");
    }
    std::string_view word(line.data(), line.find_first_of(" \t"));
    std::string_view count_text(line.data() + space + 1, line.size() - space - 1);
    if (line.find_first_of(" \t") != space) {
      throw InputError("vocabulary file " + where() +
                       ": a word may not contain spaces or tabs; expected 'word count'");
    }
    std::uint64_t count = 0;
    const auto [end, error] =
        std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
    if (error != std::errc() || end != count_text.data() + count_text.size()) {
      throw InputError("vocabulary file " + where() + ": count '" + std::string(count_text) +
                       "' is not a non-negative integer");
    }
    const std::size_t before = seen.size();
    seen.insert(word);
    if (seen.size() == before) {
      throw InputError("vocabulary file " + where() + ": word '" + std::string(word) +
                       "' appears twice. Remove the duplicate line.");
    }
    entries.push_back({std::string(word), count});
  }
  if (in.bad()) throw IoError("cannot read vocabulary file '" + path.string() + "'");
  if (entries.empty()) {
    throw InputError("vocabulary file '" + path.string() + "' contains no words");
  }
  return from_counts(std::move(entries), min_count);
}

void Vocab::save(const std::filesystem::path& path) const {
  AtomicFile file(path);
  std::string line;
  for (const auto& entry : entries_) {
    line.assign(entry.word);
    line += ' ';
    line += std::to_string(entry.count);
    line += '\n';
    file.write(line);
  }
  file.commit();
}

}  // namespace w2v
