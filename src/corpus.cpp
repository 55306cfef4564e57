#include "w2v/corpus.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>

#include "w2v/errors.h"
#include "w2v/interrupt.h"

namespace w2v {
namespace {

constexpr std::size_t kReadBufferBytes = 4 << 20;
constexpr std::size_t kPendingIds = 1 << 18;

int open_input(const std::string& input) {
  if (input == "-") return STDIN_FILENO;
  const int fd = ::open(input.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw IoError("cannot open training file '" + input + "': " + std::strerror(errno) +
                  ". Check the path given to -train.");
  }
  if (std::filesystem::is_directory(input)) {
    ::close(fd);
    throw IoError("training file '" + input + "' is a directory. Give a text file.");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return fd;
}

int create_unlinked_temp_file() {
  std::string pattern = (std::filesystem::temp_directory_path() / "w2v-corpus-XXXXXX").string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    throw IoError("cannot create a temporary file in '" +
                  std::filesystem::temp_directory_path().string() + "': " + std::strerror(errno) +
                  ". Set TMPDIR to a writable directory.");
  }
  // Unlinked at once: the space is freed when the descriptor closes, even after a crash.
  ::unlink(pattern.c_str());
  return fd;
}

void write_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t written = ::write(fd, p, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw IoError(std::string("cannot write the encoded corpus to the temporary directory: ") +
                    std::strerror(errno) + ". Free disk space or set TMPDIR elsewhere.");
    }
    p += written;
    size -= static_cast<std::size_t>(written);
  }
}

}  // namespace

EncodedCorpus::EncodedCorpus(EncodedCorpus&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      token_count_(other.token_count_),
      index_(std::move(other.index_)),
      slot_raw_id_(std::move(other.slot_raw_id_)),
      slot_count_(std::move(other.slot_count_)),
      raw_id_count_(other.raw_id_count_),
      raw_to_vocab_(std::move(other.raw_to_vocab_)),
      cut_tokens_(other.cut_tokens_),
      pruned_words_(other.pruned_words_),
      prune_threshold_(other.prune_threshold_) {}

EncodedCorpus::~EncodedCorpus() {
  if (fd_ >= 0) ::close(fd_);
}

EncodedCorpus EncodedCorpus::encode(const std::vector<std::string>& inputs,
                                    const CorpusOptions& options) {
  // Fail on a missing file before spending time on the others.
  for (const auto& input : inputs) {
    if (input != "-") ::close(open_input(input));
  }

  EncodedCorpus corpus;
  corpus.fd_ = create_unlinked_temp_file();
  std::vector<std::uint32_t> pending;
  pending.reserve(kPendingIds);
  std::vector<char> buffer(kReadBufferBytes);
  Tokenizer tokenizer(options.max_token_bytes);
  auto on_token = [&](std::string_view word) {
    corpus.count_token(word, pending);
    if (options.max_vocab != 0 && corpus.index_.size() > options.max_vocab) {
      corpus.prune(options.max_vocab);
    }
  };

  for (const auto& input : inputs) {
    const int fd = open_input(input);
    const std::string name = input == "-" ? "standard input" : "'" + input + "'";
    for (;;) {
      const ssize_t got = ::read(fd, buffer.data(), buffer.size());
      if (got < 0 && errno == EINTR && !interrupt_requested()) continue;
      throw_if_interrupted();
      if (got < 0) {
        const std::string reason = std::strerror(errno);
        if (fd != STDIN_FILENO) ::close(fd);
        throw IoError("cannot read training file " + name + ": " + reason);
      }
      if (got == 0) break;
      tokenizer.feed(buffer.data(), static_cast<std::size_t>(got), on_token);
    }
    tokenizer.finish(on_token);
    if (fd != STDIN_FILENO) ::close(fd);
  }
  corpus.flush(pending);
  corpus.cut_tokens_ = tokenizer.cut_tokens();
  return corpus;
}

void EncodedCorpus::count_token(std::string_view word, std::vector<std::uint32_t>& pending) {
  const std::uint32_t slot = index_.insert(word);
  if (slot == slot_count_.size()) {
    if (raw_id_count_ == std::numeric_limits<std::uint32_t>::max()) {
      throw InputError("the training text has more than 4 billion distinct words. Lower "
                       "--max-vocab so that rare words are dropped while counting.");
    }
    slot_count_.push_back(0);
    slot_raw_id_.push_back(raw_id_count_++);
  }
  ++slot_count_[slot];
  pending.push_back(slot_raw_id_[slot]);
  ++token_count_;
  if (pending.size() == kPendingIds) flush(pending);
}

void EncodedCorpus::flush(std::vector<std::uint32_t>& pending) {
  write_all(fd_, pending.data(), pending.size() * sizeof(std::uint32_t));
  pending.clear();
}

void EncodedCorpus::prune(std::uint64_t max_vocab) {
  // Raise the threshold until the survivors fit in 3/4 of the limit, so pruning is rare.
  WordIndex survivors;
  std::vector<std::uint32_t> raw_ids;
  std::vector<std::uint64_t> counts;
  const std::size_t before = index_.size();
  do {
    ++prune_threshold_;
    survivors.clear();
    raw_ids.clear();
    counts.clear();
    for (std::uint32_t slot = 0; slot < index_.size(); ++slot) {
      if (slot_count_[slot] > prune_threshold_ || index_.word(slot) == kSentenceEnd) {
        survivors.insert(index_.word(slot));
        raw_ids.push_back(slot_raw_id_[slot]);
        counts.push_back(slot_count_[slot]);
      }
    }
  } while (survivors.size() > max_vocab / 4 * 3 && survivors.size() > 1);
  pruned_words_ += before - survivors.size();
  spdlog::warn("vocabulary reached --max-vocab {} distinct words: dropped {} words with count <= {}",
               max_vocab, before - survivors.size(), prune_threshold_);
  index_ = std::move(survivors);
  slot_raw_id_ = std::move(raw_ids);
  slot_count_ = std::move(counts);
}

std::vector<Vocab::Entry> EncodedCorpus::counted_words() const {
  std::vector<Vocab::Entry> entries;
  entries.reserve(index_.size());
  for (std::uint32_t slot = 0; slot < index_.size(); ++slot) {
    entries.push_back({index_.word(slot), slot_count_[slot]});
  }
  return entries;
}

void EncodedCorpus::use_vocab(const Vocab& vocab) {
  raw_to_vocab_.assign(raw_id_count_, kNoWord);
  for (std::uint32_t slot = 0; slot < index_.size(); ++slot) {
    raw_to_vocab_[slot_raw_id_[slot]] = vocab.find(index_.word(slot));
  }
}

void EncodedCorpus::read(std::uint64_t offset, std::span<WordId> out) const {
  static_assert(sizeof(WordId) == sizeof(std::uint32_t));
  char* destination = reinterpret_cast<char*>(out.data());
  std::size_t left = out.size() * sizeof(std::uint32_t);
  off_t position = static_cast<off_t>(offset * sizeof(std::uint32_t));
  while (left > 0) {
    const ssize_t got = ::pread(fd_, destination, left, position);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      throw IoError(std::string("cannot read the encoded corpus from the temporary directory: ") +
                    (got < 0 ? std::strerror(errno) : "file is shorter than expected"));
    }
    destination += got;
    position += got;
    left -= static_cast<std::size_t>(got);
  }
  for (auto& id : out) id = raw_to_vocab_[static_cast<std::uint32_t>(id)];
}

}  // namespace w2v
