#include "w2v/phrases.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>

#include "w2v/atomic_file.h"
#include "w2v/errors.h"
#include "w2v/interrupt.h"

namespace w2v {
namespace {

constexpr std::size_t kReadBufferBytes = 4 << 20;
constexpr std::size_t kWriterBufferBytes = 1 << 20;
constexpr std::size_t kInitialPairSlots = 1 << 16;
constexpr double kProgressSeconds = 5.0;

std::size_t mix_key(std::uint64_t key) {
  // SplitMix64's finalizer: pair keys are two small ids, so their low bits alone would cluster.
  key = (key ^ (key >> 30)) * 0xBF58476D1CE4E5B9ULL;
  key = (key ^ (key >> 27)) * 0x94D049BB133111EBULL;
  return static_cast<std::size_t>(key ^ (key >> 31));
}

}  // namespace

double phrase_score(std::uint64_t pair_count, std::uint64_t first_count, std::uint64_t second_count,
                    std::uint64_t min_count, std::uint64_t train_words) {
  if (pair_count < min_count || first_count < min_count || second_count < min_count) return 0;
  if (first_count == 0 || second_count == 0) return 0;
  return static_cast<double>(pair_count - min_count) / static_cast<double>(first_count) /
         static_cast<double>(second_count) * static_cast<double>(train_words);
}

// ---------------------------------------------------------------------------------------------
// PhraseCounter

PhraseCounter::PhraseCounter(std::uint64_t max_entries)
    : max_entries_(max_entries), pairs_(kInitialPairSlots, PairSlot{kEmptyKey, 0}) {}

void PhraseCounter::add(std::string_view token) {
  // NOTE: a literal "</s>" in the text also ends the line, as in `w2v train`, because the
  // tokenizer reports newlines with that same token.
  if (token == kSentenceEnd) {
    previous_ = -1;
    return;
  }
  const std::uint32_t id = words_.insert(token);
  if (id == word_counts_.size()) {
    // Ids stay below 2^32 - 1 so that no pair key equals kEmptyKey.
    if (id == std::numeric_limits<std::uint32_t>::max()) {
      throw InputError(
          "the text has more than 4 billion distinct words. Lower --max-vocab so "
          "that rare words are dropped while counting.");
    }
    word_counts_.push_back(0);
  }
  ++word_counts_[id];
  ++train_words_;
  if (previous_ >= 0) add_pair(pair_key(previous_, id));
  previous_ = id;
  if (max_entries_ != 0 && words_.size() + pair_size_ > max_entries_) prune();
}

std::uint64_t PhraseCounter::word_count(std::int64_t id) const {
  return id < 0 ? 0 : word_counts_[static_cast<std::size_t>(id)];
}

std::uint64_t PhraseCounter::pair_count(std::int64_t first, std::int64_t second) const {
  if (first < 0 || second < 0) return 0;
  return pairs_[find_pair_slot(pair_key(first, second))].count;
}

std::size_t PhraseCounter::find_pair_slot(std::uint64_t key) const {
  const std::size_t mask = pairs_.size() - 1;
  std::size_t slot = mix_key(key) & mask;
  while (pairs_[slot].key != key && pairs_[slot].key != kEmptyKey) slot = (slot + 1) & mask;
  return slot;
}

void PhraseCounter::add_pair(std::uint64_t key) {
  PairSlot& slot = pairs_[find_pair_slot(key)];
  if (slot.key == kEmptyKey) {
    slot.key = key;
    ++pair_size_;
  }
  ++slot.count;
  // Keep the load factor at most 0.7 so that probe sequences stay short.
  if (pair_size_ * 10 > pairs_.size() * 7) grow_pairs();
}

void PhraseCounter::grow_pairs() {
  std::vector<PairSlot> old(pairs_.size() * 2, PairSlot{kEmptyKey, 0});
  old.swap(pairs_);
  for (const PairSlot& entry : old) {
    if (entry.key != kEmptyKey) pairs_[find_pair_slot(entry.key)] = entry;
  }
}

std::uint64_t PhraseCounter::choose_prune_threshold() const {
  // Raise the threshold until the survivors fit in 3/4 of the limit, so pruning is rare.
  std::uint64_t threshold = prune_threshold_;
  std::uint64_t survivors = 0;
  do {
    ++threshold;
    survivors = 0;
    for (const std::uint64_t count : word_counts_) survivors += count > threshold ? 1 : 0;
    for (const PairSlot& entry : pairs_) {
      survivors += entry.key != kEmptyKey && entry.count > threshold ? 1 : 0;
    }
  } while (survivors > max_entries_ / 4 * 3 && survivors > 0);
  return threshold;
}

void PhraseCounter::prune() {
  prune_threshold_ = choose_prune_threshold();
  const std::size_t before = words_.size() + pair_size_;

  // A pair is never counted more often than either of its words since that word's entry was
  // made, so every surviving pair keeps both of its words.
  WordIndex kept_words;
  std::vector<std::uint64_t> kept_counts;
  std::vector<std::int64_t> new_id(words_.size(), -1);
  for (std::uint32_t id = 0; id < words_.size(); ++id) {
    if (word_counts_[id] <= prune_threshold_) continue;
    new_id[id] = kept_words.insert(words_.word(id));
    kept_counts.push_back(word_counts_[id]);
  }

  std::vector<PairSlot> old_pairs(kInitialPairSlots, PairSlot{kEmptyKey, 0});
  old_pairs.swap(pairs_);
  pair_size_ = 0;
  words_ = std::move(kept_words);
  word_counts_ = std::move(kept_counts);
  for (const PairSlot& entry : old_pairs) {
    if (entry.key == kEmptyKey || entry.count <= prune_threshold_) continue;
    const std::uint64_t key = pair_key(new_id[entry.key >> 32], new_id[entry.key & 0xFFFFFFFF]);
    add_pair(key);
    pairs_[find_pair_slot(key)].count = entry.count;
  }
  previous_ = previous_ >= 0 ? new_id[static_cast<std::size_t>(previous_)] : -1;

  const std::size_t after = words_.size() + pair_size_;
  pruned_entries_ += before - after;
  spdlog::warn(
      "words and pairs reached --max-vocab {}: dropped {} entries with count <= {}, "
      "kept {}",
      max_entries_, before - after, prune_threshold_, after);
}

// ---------------------------------------------------------------------------------------------
// PhraseWriter

PhraseWriter::PhraseWriter(const PhraseCounter& counts, const PhraseOptions& options, Sink sink)
    : counts_(counts), options_(options), sink_(std::move(sink)) {
  buffer_.reserve(kWriterBufferBytes + 2 * options_.max_token_bytes + 2);
}

bool PhraseWriter::should_join(std::int64_t first, std::int64_t second) const {
  if (first < 0 || second < 0) return false;
  const double score =
      phrase_score(counts_.pair_count(first, second), counts_.word_count(first),
                   counts_.word_count(second), options_.min_count, counts_.train_words());
  return score > options_.threshold;
}

void PhraseWriter::add(std::string_view token) {
  if (token == kSentenceEnd) {
    buffer_ += '\n';
    at_line_start_ = true;
    previous_ = -1;
  } else {
    const std::int64_t id = counts_.find_word(token);
    if (at_line_start_) {
      previous_ = id;
    } else if (should_join(previous_, id)) {
      buffer_ += '_';
      ++joined_pairs_;
      joined_keys_.insert(PhraseCounter::pair_key(previous_, id));
      previous_ = -1;  // the joined word cannot start another pair
    } else {
      buffer_ += ' ';
      previous_ = id;
    }
    buffer_ += token;
    at_line_start_ = false;
  }
  if (buffer_.size() >= kWriterBufferBytes) flush();
}

void PhraseWriter::flush() {
  if (buffer_.empty()) return;
  sink_(buffer_);
  buffer_.clear();
}

// ---------------------------------------------------------------------------------------------
// Passes over text

std::string join_phrases_in_text(std::string_view text, const PhraseOptions& options,
                                 PhraseStats* stats) {
  PhraseCounter counter(options.max_entries);
  Tokenizer tokenizer(options.max_token_bytes);
  auto count = [&](std::string_view token) { counter.add(token); };
  tokenizer.feed(text.data(), text.size(), count);
  tokenizer.finish(count);
  const std::uint64_t cut_tokens = tokenizer.cut_tokens();

  std::string output;
  PhraseWriter writer(counter, options, [&](std::string_view piece) { output += piece; });
  auto write = [&](std::string_view token) { writer.add(token); };
  tokenizer.feed(text.data(), text.size(), write);
  tokenizer.finish(write);
  writer.flush();

  if (stats != nullptr) {
    *stats = {counter.train_words(),   counter.distinct_words(),  counter.distinct_pairs(),
              writer.joined_pairs(),   writer.distinct_phrases(), cut_tokens,
              counter.pruned_entries()};
  }
  return output;
}

namespace {

std::string errno_text() { return std::strerror(errno); }

// Input file descriptor that closes itself. Standard input is borrowed and never closed.
class InputFile {
 public:
  explicit InputFile(const std::string& path)
      : name_(path == "-" ? "standard input" : "'" + path + "'") {
    if (path == "-") {
      fd_ = STDIN_FILENO;
      return;
    }
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      throw IoError("cannot open training file '" + path + "': " + errno_text() +
                    ". Check the path given to -train.");
    }
    struct stat info {};
    if (::fstat(fd_, &info) == 0 && S_ISDIR(info.st_mode)) {
      ::close(fd_);
      throw IoError("training file '" + path + "' is a directory. Give a text file.");
    }
    if (S_ISREG(info.st_mode)) size_ = static_cast<std::uint64_t>(info.st_size);
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  ~InputFile() {
    if (fd_ != STDIN_FILENO) ::close(fd_);
  }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  int fd() const { return fd_; }
  const std::string& name() const { return name_; }
  /// Size in bytes of a regular file, 0 when unknown (pipes, terminals).
  std::uint64_t size() const { return size_; }

 private:
  int fd_ = -1;
  std::string name_;
  std::uint64_t size_ = 0;
};

// Unlinked temporary file: its space is freed when the descriptor closes, even after a crash.
class SpoolFile {
 public:
  SpoolFile() {
    const std::filesystem::path directory = std::filesystem::temp_directory_path();
    std::string pattern = (directory / "w2v-phrases-XXXXXX").string();
    fd_ = ::mkstemp(pattern.data());
    if (fd_ < 0) {
      throw IoError("cannot create a temporary file in '" + directory.string() +
                    "': " + errno_text() + ". Set TMPDIR to a writable directory.");
    }
    ::unlink(pattern.c_str());
  }
  ~SpoolFile() { ::close(fd_); }
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;

  int fd() const { return fd_; }

  void write(const char* data, std::size_t size) {
    while (size > 0) {
      const ssize_t written = ::write(fd_, data, size);
      if (written < 0 && errno == EINTR) continue;
      if (written < 0) {
        throw IoError("cannot copy standard input to the temporary directory: " + errno_text() +
                      ". Free disk space or set TMPDIR elsewhere.");
      }
      data += written;
      size -= static_cast<std::size_t>(written);
    }
  }

 private:
  int fd_ = -1;
};

// Logs "<pass>: N% read" lines every few seconds while a pass runs.
class ProgressLog {
 public:
  ProgressLog(std::string pass, std::uint64_t total_bytes, bool enabled)
      : pass_(std::move(pass)), total_bytes_(total_bytes), enabled_(enabled) {}

  void update(std::uint64_t bytes_read) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (std::chrono::duration<double>(now - last_).count() < kProgressSeconds) return;
    last_ = now;
    if (total_bytes_ > 0) {
      spdlog::info("{}: {:.1f}% read", pass_,
                   100.0 * static_cast<double>(bytes_read) / static_cast<double>(total_bytes_));
    } else {
      spdlog::info("{}: {} MiB read", pass_, bytes_read >> 20);
    }
  }

 private:
  std::string pass_;
  std::uint64_t total_bytes_;
  bool enabled_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// Reads `fd` to its end in chunks, calling on_chunk(data, size) for each. Polls for SIGINT.
template <typename OnChunk>
void read_chunks(int fd, const std::string& name, std::vector<char>& buffer, OnChunk&& on_chunk) {
  for (;;) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR && !interrupt_requested()) continue;
    throw_if_interrupted();
    if (got < 0) throw IoError("cannot read training file " + name + ": " + errno_text());
    if (got == 0) return;
    on_chunk(buffer.data(), static_cast<std::size_t>(got));
  }
}

// Output to a file through AtomicFile, or to standard output for "-".
class PhraseOutput {
 public:
  explicit PhraseOutput(const std::string& path) {
    if (path != "-") file_.emplace(path);
  }

  void write(std::string_view text) {
    if (file_) {
      file_->write(text);
    } else if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
      throw IoError("cannot write to standard output: " + errno_text());
    }
  }

  void commit() {
    if (file_) {
      file_->commit();
    } else if (std::fflush(stdout) != 0) {
      throw IoError("cannot write to standard output: " + errno_text());
    }
  }

 private:
  std::optional<AtomicFile> file_;
};

}  // namespace

namespace {

// First pass: counts words and pairs. Standard input is copied to `spool` meanwhile.
void count_pass(const InputFile& in, SpoolFile* spool, std::vector<char>& buffer,
                Tokenizer& tokenizer, PhraseCounter& counter, const PhraseOptions& options) {
  std::uint64_t bytes_read = 0;
  ProgressLog progress("counting", in.size(), options.log_progress);
  auto count = [&](std::string_view token) { counter.add(token); };
  read_chunks(in.fd(), in.name(), buffer, [&](const char* data, std::size_t size) {
    if (spool != nullptr) spool->write(data, size);
    tokenizer.feed(data, size, count);
    bytes_read += size;
    progress.update(bytes_read);
  });
  tokenizer.finish(count);
  spdlog::info("counted {} words: {} distinct words, {} distinct pairs", counter.train_words(),
               counter.distinct_words(), counter.distinct_pairs());
}

// Second pass: reads `fd` from its start again and writes the text with joined pairs.
void write_pass(int fd, const InputFile& in, std::vector<char>& buffer, Tokenizer& tokenizer,
                PhraseWriter& writer, const PhraseOptions& options) {
  if (::lseek(fd, 0, SEEK_SET) != 0) {
    throw IoError("cannot rewind training file " + in.name() + " for the second pass: " +
                  errno_text() + ". Give a regular file, or - for standard input.");
  }
  std::uint64_t bytes_read = 0;
  ProgressLog progress("joining", in.size(), options.log_progress);
  auto write = [&](std::string_view token) { writer.add(token); };
  read_chunks(fd, in.name(), buffer, [&](const char* data, std::size_t size) {
    tokenizer.feed(data, size, write);
    bytes_read += size;
    progress.update(bytes_read);
  });
  tokenizer.finish(write);
  writer.flush();
}

}  // namespace

PhraseStats join_phrases(const std::string& input, const std::string& output,
                         const PhraseOptions& options) {
  InputFile in(input);
  std::unique_ptr<SpoolFile> spool;
  if (in.fd() == STDIN_FILENO) spool = std::make_unique<SpoolFile>();
  std::vector<char> buffer(kReadBufferBytes);
  Tokenizer tokenizer(options.max_token_bytes);

  PhraseCounter counter(options.max_entries);
  count_pass(in, spool.get(), buffer, tokenizer, counter, options);
  const std::uint64_t cut_tokens = tokenizer.cut_tokens();

  PhraseOutput out(output);
  PhraseWriter writer(counter, options, [&](std::string_view piece) { out.write(piece); });
  write_pass(spool ? spool->fd() : in.fd(), in, buffer, tokenizer, writer, options);
  out.commit();

  return {counter.train_words(),   counter.distinct_words(),  counter.distinct_pairs(),
          writer.joined_pairs(),   writer.distinct_phrases(), cut_tokens,
          counter.pruned_entries()};
}

}  // namespace w2v
