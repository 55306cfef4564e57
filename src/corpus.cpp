#include "w2v/corpus.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <omp.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <limits>
#include <mutex>

#include "w2v/errors.h"
#include "w2v/interrupt.h"

namespace w2v {
namespace {

constexpr std::size_t kReadBufferBytes = 4 << 20;
constexpr std::size_t kPendingIds = 1 << 18;
constexpr std::uint32_t kDroppedWord = std::numeric_limits<std::uint32_t>::max();
// Maximum byte ranges counted in parallel, whatever the thread count. Each range keeps a
// temporary file open, and a common limit is 1,024 open files per process.
constexpr std::uint64_t kMaxRanges = 256;

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

std::string describe_input(const std::string& input) {
  return input == "-" ? "standard input" : "'" + input + "'";
}

// Reads up to `size` bytes, retrying after signals that did not ask to stop. Returns 0 at the
// end of the file.
std::size_t read_some(int fd, char* buffer, std::size_t size, const std::string& input) {
  for (;;) {
    const ssize_t got = ::read(fd, buffer, size);
    if (got < 0 && errno == EINTR && !interrupt_requested()) continue;
    throw_if_interrupted();
    if (got < 0) {
      throw IoError("cannot read training file " + describe_input(input) + ": " +
                    std::strerror(errno));
    }
    return static_cast<std::size_t>(got);
  }
}

// Moves the read position of `fd` to `offset`. Throws IoError naming the input.
void seek_input(int fd, std::uint64_t offset, const std::string& input) {
  if (::lseek(fd, static_cast<off_t>(offset), SEEK_SET) < 0) {
    throw IoError("cannot seek in training file " + describe_input(input) + ": " +
                  std::strerror(errno));
  }
}

// Closes a descriptor on scope exit unless it is standard input.
class InputFile {
 public:
  explicit InputFile(const std::string& input) : fd_(open_input(input)) {}
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile() {
    if (fd_ != STDIN_FILENO) ::close(fd_);
  }
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Keeps the words with count > threshold (and kSentenceEnd), raising the threshold until they
// fit in 3/4 of `max_vocab` so that pruning stays rare. Rebuilds `index` and `counts` with the
// survivors in their old order and returns the old slot of each survivor.
std::vector<std::uint32_t> drop_rare_words(WordIndex& index, std::vector<std::uint64_t>& counts,
                                           std::uint64_t max_vocab, std::uint64_t& threshold) {
  WordIndex survivors;
  std::vector<std::uint32_t> survivor_slots;
  do {
    ++threshold;
    survivors.clear();
    survivor_slots.clear();
    for (std::uint32_t slot = 0; slot < index.size(); ++slot) {
      if (counts[slot] > threshold || index.word(slot) == kSentenceEnd) {
        survivors.insert(index.word(slot));
        survivor_slots.push_back(slot);
      }
    }
  } while (survivors.size() > max_vocab / 4 * 3 && survivors.size() > 1);
  spdlog::warn(
      "vocabulary reached --max-vocab {} distinct words: dropped {} words with count <= {}",
      max_vocab, index.size() - survivors.size(), threshold);
  std::vector<std::uint64_t> kept_counts;
  kept_counts.reserve(survivor_slots.size());
  for (const std::uint32_t slot : survivor_slots) kept_counts.push_back(counts[slot]);
  index = std::move(survivors);
  counts = std::move(kept_counts);
  return survivor_slots;
}

}  // namespace

// A place in the concatenated inputs. Positions compare in reading order once normalized so
// that an offset never equals its file's size (the next file's offset 0 is used instead).
struct EncodedCorpus::Position {
  std::size_t input = 0;
  std::uint64_t offset = 0;
  auto operator<=>(const Position&) const = default;
};

// Bytes [begin, end) of the concatenated inputs. An end at {inputs.size(), 0} reads the last
// input to its end, which is the only way standard input is read.
struct EncodedCorpus::ByteRange {
  Position begin;
  Position end;
};

EncodedCorpus::~EncodedCorpus() {
  for (const auto& shard : shards_) {
    if (shard.fd >= 0) ::close(shard.fd);
  }
}

EncodedCorpus EncodedCorpus::encode(const std::vector<std::string>& inputs,
                                    const CorpusOptions& options) {
  // Fail on a missing file before spending time on the others.
  for (const auto& input : inputs) {
    if (input != "-") ::close(open_input(input));
  }

  const std::vector<ByteRange> ranges = plan_ranges(inputs, options);
  EncodedCorpus corpus;
  corpus.shards_.resize(ranges.size());
  for (auto& shard : corpus.shards_) shard.fd = create_unlinked_temp_file();

  if (ranges.size() == 1) {
    fill_shard(corpus.shards_[0], inputs, ranges[0], options);
  } else {
    std::exception_ptr error;
    std::mutex error_mutex;
    const int count = static_cast<int>(ranges.size());
#pragma omp parallel for num_threads(count) schedule(static, 1)
    for (int i = 0; i < count; ++i) {
      try {
        fill_shard(corpus.shards_[i], inputs, ranges[i], options);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
      }
    }
    if (error) std::rethrow_exception(error);
  }
  corpus.merge_shards(options.max_vocab);
  return corpus;
}

std::vector<EncodedCorpus::ByteRange> EncodedCorpus::plan_ranges(
    const std::vector<std::string>& inputs, const CorpusOptions& options) {
  const ByteRange whole{{0, 0}, {inputs.size(), 0}};
  if (options.threads <= 1) return {whole};
  std::vector<std::uint64_t> sizes;
  std::uint64_t total = 0;
  for (const auto& input : inputs) {
    struct stat info {};
    // Pipes and devices have no size to split by, so one thread reads everything in order.
    if (input == "-" || ::stat(input.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
      return {whole};
    }
    sizes.push_back(static_cast<std::uint64_t>(info.st_size));
    total += sizes.back();
  }
  const std::uint64_t min_bytes = std::max<std::uint64_t>(options.min_range_bytes, 1);
  const std::uint64_t pieces = std::min(
      {static_cast<std::uint64_t>(options.threads), total / min_bytes, kMaxRanges});
  if (pieces <= 1) return {whole};

  // Move each even cut forward to just after a separator byte, so no token straddles two
  // ranges. A range may end up empty when a cut finds no separator before its file ends.
  const auto normalized = [&](Position position) {
    while (position.input < sizes.size() && position.offset >= sizes[position.input]) {
      position = {position.input + 1, 0};
    }
    return position;
  };
  std::vector<Position> cuts{{0, 0}};
  std::vector<char> buffer(64 << 10);
  for (std::uint64_t k = 1; k < pieces; ++k) {
    std::uint64_t target = total / pieces * k;
    Position cut{0, 0};
    while (target >= sizes[cut.input]) target -= sizes[cut.input++];
    cut.offset = target;
    if (cut.offset > 0) {
      const std::string& input = inputs[cut.input];
      InputFile file(input);
      seek_input(file.fd(), cut.offset, input);
      for (;;) {
        const std::size_t got = read_some(file.fd(), buffer.data(), buffer.size(), input);
        if (got == 0) {
          cut.offset = sizes[cut.input];
          break;
        }
        const char* found = detail::find_separator(buffer.data(), buffer.data() + got);
        if (found != buffer.data() + got) {
          cut.offset += static_cast<std::uint64_t>(found - buffer.data()) + 1;
          break;
        }
        cut.offset += got;
      }
    }
    cuts.push_back(std::max(normalized(cut), cuts.back()));
  }
  cuts.push_back({inputs.size(), 0});

  std::vector<ByteRange> ranges;
  for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
    if (cuts[k] != cuts[k + 1]) ranges.push_back({cuts[k], cuts[k + 1]});
  }
  return ranges;
}

void EncodedCorpus::fill_shard(Shard& shard, const std::vector<std::string>& inputs,
                               const ByteRange& range, const CorpusOptions& options) {
  shard.pending.reserve(kPendingIds);
  std::vector<char> buffer(kReadBufferBytes);
  Tokenizer tokenizer(options.max_token_bytes);
  auto on_token = [&](std::string_view word) { shard.count(word, options.max_vocab); };

  for (std::size_t input = range.begin.input; input <= range.end.input && input < inputs.size();
       ++input) {
    const std::uint64_t begin = input == range.begin.input ? range.begin.offset : 0;
    const bool to_end = input < range.end.input;
    if (!to_end && range.end.offset == 0) break;
    InputFile file(inputs[input]);
    if (begin > 0) {
      // The range starts right after a separator, so the tokenizer is between tokens and no
      // byte-order mark can follow.
      seek_input(file.fd(), begin, inputs[input]);
      tokenizer.skip_stream_start();
    }
    std::uint64_t left = to_end ? std::numeric_limits<std::uint64_t>::max()
                                : range.end.offset - begin;
    while (left > 0) {
      const std::size_t want =
          static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), left));
      const std::size_t got = read_some(file.fd(), buffer.data(), want, inputs[input]);
      if (got == 0) break;
      tokenizer.feed(buffer.data(), got, on_token);
      left -= got;
    }
    // A range that ends inside a file ends just after a separator, so nothing is pending.
    if (to_end) tokenizer.finish(on_token);
  }
  shard.flush();
  shard.cut_tokens = tokenizer.cut_tokens();
}

void EncodedCorpus::Shard::count(std::string_view word, std::uint64_t max_vocab) {
  const std::uint32_t slot = index.insert(word);
  if (slot == slot_count.size()) {
    if (raw_id_count == std::numeric_limits<std::uint32_t>::max()) {
      throw InputError("the training text has more than 4 billion distinct words. Lower "
                       "--max-vocab so that rare words are dropped while counting.");
    }
    slot_count.push_back(0);
    slot_raw_id.push_back(raw_id_count++);
  }
  ++slot_count[slot];
  pending.push_back(slot_raw_id[slot]);
  ++token_count;
  if (pending.size() == kPendingIds) flush();
  if (max_vocab != 0 && index.size() > max_vocab) prune(max_vocab);
}

void EncodedCorpus::Shard::flush() {
  write_all(fd, pending.data(), pending.size() * sizeof(std::uint32_t));
  pending.clear();
}

void EncodedCorpus::Shard::prune(std::uint64_t max_vocab) {
  const std::size_t before = index.size();
  const std::vector<std::uint32_t> kept =
      drop_rare_words(index, slot_count, max_vocab, prune_threshold);
  pruned_words += before - kept.size();
  std::vector<std::uint32_t> kept_raw_ids;
  kept_raw_ids.reserve(kept.size());
  for (const std::uint32_t slot : kept) kept_raw_ids.push_back(slot_raw_id[slot]);
  slot_raw_id = std::move(kept_raw_ids);
}

void EncodedCorpus::merge_shards(std::uint64_t max_vocab) {
  for (auto& shard : shards_) {
    cut_tokens_ += shard.cut_tokens;
    pruned_words_ += shard.pruned_words;
    prune_threshold_ = std::max(prune_threshold_, shard.prune_threshold);
    shard_starts_.push_back(shard_starts_.back() + shard.token_count);

    shard.raw_to_word.assign(shard.raw_id_count, kDroppedWord);
    if (words_.size() == 0) {
      // The first shard's table becomes the merged one, so one thread pays no merge.
      for (std::uint32_t slot = 0; slot < shard.index.size(); ++slot) {
        shard.raw_to_word[shard.slot_raw_id[slot]] = slot;
      }
      words_ = std::move(shard.index);
      word_counts_ = std::move(shard.slot_count);
    } else {
      for (std::uint32_t slot = 0; slot < shard.index.size(); ++slot) {
        const std::uint32_t merged = words_.insert(shard.index.word(slot));
        if (merged == word_counts_.size()) word_counts_.push_back(0);
        word_counts_[merged] += shard.slot_count[slot];
        shard.raw_to_word[shard.slot_raw_id[slot]] = merged;
      }
    }
    shard.index.clear();
    shard.slot_count = {};
    shard.slot_raw_id = {};
    shard.pending = {};
  }

  if (max_vocab != 0 && words_.size() > max_vocab) {
    const std::size_t before = words_.size();
    const std::vector<std::uint32_t> kept =
        drop_rare_words(words_, word_counts_, max_vocab, prune_threshold_);
    pruned_words_ += before - kept.size();
    std::vector<std::uint32_t> old_to_new(before, kDroppedWord);
    for (std::uint32_t slot = 0; slot < kept.size(); ++slot) old_to_new[kept[slot]] = slot;
    for (auto& shard : shards_) {
      for (auto& word : shard.raw_to_word) {
        if (word != kDroppedWord) word = old_to_new[word];
      }
    }
  }
}

std::vector<Vocab::Entry> EncodedCorpus::counted_words() const {
  std::vector<Vocab::Entry> entries;
  entries.reserve(words_.size());
  for (std::uint32_t slot = 0; slot < words_.size(); ++slot) {
    entries.push_back({words_.word(slot), word_counts_[slot]});
  }
  return entries;
}

void EncodedCorpus::use_vocab(const Vocab& vocab) {
  std::vector<WordId> word_to_vocab(words_.size());
  for (std::uint32_t slot = 0; slot < words_.size(); ++slot) {
    word_to_vocab[slot] = vocab.find(words_.word(slot));
  }
  for (auto& shard : shards_) {
    shard.raw_to_vocab.resize(shard.raw_to_word.size());
    for (std::size_t raw = 0; raw < shard.raw_to_word.size(); ++raw) {
      const std::uint32_t word = shard.raw_to_word[raw];
      shard.raw_to_vocab[raw] = word == kDroppedWord ? kNoWord : word_to_vocab[word];
    }
  }
}

void EncodedCorpus::read(std::uint64_t offset, std::span<WordId> out) const {
  static_assert(sizeof(WordId) == sizeof(std::uint32_t));
  std::size_t done = 0;
  while (done < out.size()) {
    // The shard that contains token `offset` is the last one starting at or before it.
    const auto next = std::upper_bound(shard_starts_.begin(), shard_starts_.end() - 1, offset);
    const auto index = static_cast<std::size_t>(next - shard_starts_.begin()) - 1;
    const Shard& shard = shards_[index];
    const std::uint64_t shard_end = shard_starts_[index + 1];
    if (offset >= shard_end) {
      throw IoError("cannot read the encoded corpus: token " + std::to_string(offset) +
                    " is past its end, " + std::to_string(size()));
    }
    const auto part = static_cast<std::size_t>(
        std::min<std::uint64_t>(out.size() - done, shard_end - offset));
    char* destination = reinterpret_cast<char*>(out.data() + done);
    std::size_t left = part * sizeof(std::uint32_t);
    auto position = static_cast<off_t>((offset - shard_starts_[index]) * sizeof(std::uint32_t));
    while (left > 0) {
      const ssize_t got = ::pread(shard.fd, destination, left, position);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        throw IoError(std::string("cannot read the encoded corpus from the temporary directory: ") +
                      (got < 0 ? std::strerror(errno) : "file is shorter than expected"));
      }
      destination += got;
      position += got;
      left -= static_cast<std::size_t>(got);
    }
    for (auto& id : out.subspan(done, part)) {
      id = shard.raw_to_vocab[static_cast<std::uint32_t>(id)];
    }
    done += part;
    offset += part;
  }
}

}  // namespace w2v
