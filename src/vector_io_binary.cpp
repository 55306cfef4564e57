// Binary body parser for read_vectors(): word2vec.c rows of word, ' ', float32 values.

#include <sys/mman.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "vector_io_internal.h"

namespace w2v::vector_io_detail {
namespace {

// A word longer than this without a following space means the file is not binary vectors.
constexpr std::size_t kMaxWordBytes = 1 << 16;

std::string row_location(const BodyLayout& layout, std::size_t row, std::size_t offset) {
  return "row " + std::to_string(row + 1) + " (byte " +
         std::to_string(layout.body_offset + offset) + ")";
}

// Buffers smaller than this are not worth a thread for populate_pages().
constexpr std::size_t kMinPopulateBytes = 16 << 20;

// Maps the whole pages inside [begin, begin + bytes) as writable memory ahead of use. One call
// costs less than taking a page fault on each page. Linux 5.14 and later; elsewhere it does
// nothing, and the pages are faulted in when first written.
void populate_pages(char* begin, std::size_t bytes) {
#if defined(MADV_POPULATE_WRITE)
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto first = (reinterpret_cast<std::uintptr_t>(begin) + page - 1) / page * page;
  const auto last = (reinterpret_cast<std::uintptr_t>(begin) + bytes) / page * page;
  if (last > first) {
    ::madvise(reinterpret_cast<void*>(first), last - first, MADV_POPULATE_WRITE);
  }
#else
  (void)begin;
  (void)bytes;
#endif
}

// Random-access iterator over float32 values stored little-endian at any byte alignment. Each
// value is read with memcpy, so vector::insert() can append a row of the file directly,
// without first zero-filling the space as resize() would.
// NOTE: the big-endian branch here and in the writer has not run on a big-endian host.
class LittleEndianFloats {
 public:
  using iterator_category = std::random_access_iterator_tag;
  using value_type = float;
  using difference_type = std::ptrdiff_t;
  using pointer = const float*;
  using reference = float;

  explicit LittleEndianFloats(const char* bytes) : bytes_(bytes) {}

  float operator*() const {
    std::uint32_t bits;
    std::memcpy(&bits, bytes_, sizeof(bits));
    if constexpr (std::endian::native == std::endian::big) bits = __builtin_bswap32(bits);
    return std::bit_cast<float>(bits);
  }
  float operator[](difference_type n) const { return *(*this + n); }
  LittleEndianFloats& operator++() {
    bytes_ += sizeof(float);
    return *this;
  }
  LittleEndianFloats operator++(int) {
    LittleEndianFloats old = *this;
    ++*this;
    return old;
  }
  LittleEndianFloats& operator--() {
    bytes_ -= sizeof(float);
    return *this;
  }
  LittleEndianFloats operator--(int) {
    LittleEndianFloats old = *this;
    --*this;
    return old;
  }
  LittleEndianFloats& operator+=(difference_type n) {
    bytes_ += n * static_cast<difference_type>(sizeof(float));
    return *this;
  }
  LittleEndianFloats& operator-=(difference_type n) { return *this += -n; }
  friend LittleEndianFloats operator+(LittleEndianFloats it, difference_type n) { return it += n; }
  friend LittleEndianFloats operator+(difference_type n, LittleEndianFloats it) { return it += n; }
  friend LittleEndianFloats operator-(LittleEndianFloats it, difference_type n) { return it -= n; }
  friend difference_type operator-(const LittleEndianFloats& a, const LittleEndianFloats& b) {
    return (a.bytes_ - b.bytes_) / static_cast<difference_type>(sizeof(float));
  }
  friend bool operator==(const LittleEndianFloats& a, const LittleEndianFloats& b) {
    return a.bytes_ == b.bytes_;
  }
  friend auto operator<=>(const LittleEndianFloats& a, const LittleEndianFloats& b) {
    return a.bytes_ <=> b.bytes_;
  }

 private:
  const char* bytes_;
};

// Returns the index of the first value that is NaN or infinite, or `count` if all are finite.
// A float is not finite exactly when its exponent bits are all ones. The first loop only ORs
// that test over the row, so it vectorizes; the search runs only for a row that has one.
std::size_t find_non_finite(const float* values, std::size_t count) {
  constexpr std::uint32_t kExponent = 0x7F80'0000;
  std::uint32_t any = 0;
#pragma omp simd reduction(| : any)
  for (std::size_t j = 0; j < count; ++j) {
    any |= static_cast<std::uint32_t>((std::bit_cast<std::uint32_t>(values[j]) & kExponent) ==
                                      kExponent);
  }
  if (any == 0) return count;
  for (std::size_t j = 0; j < count; ++j) {
    if (!std::isfinite(values[j])) return j;
  }
  return count;
}

class BinaryParser {
 public:
  BinaryParser(std::string_view body, const BodyLayout& layout, FaultLog& faults)
      : body_(body), layout_(layout), faults_(faults) {}

  ParsedRows parse();

 private:
  bool parse_row(std::size_t row);
  void check_end();

  std::string_view body_;
  const BodyLayout& layout_;
  FaultLog& faults_;
  std::size_t pos_ = 0;
  ParsedRows rows_;
};

ParsedRows BinaryParser::parse() {
  const std::size_t row_bytes = layout_.dim * sizeof(float) + 2;
  // Bounded by the file size, so a damaged header cannot request a huge allocation.
  std::size_t expected = std::min(layout_.declared_words, body_.size() / row_bytes);
  if (layout_.limit != 0) expected = std::min(expected, layout_.limit);
  rows_.words.reserve(expected);
  rows_.values.reserve(expected * layout_.dim);
  // Page faults on the new buffer cost more than copying into it, so another thread maps the
  // last two thirds of it while this one fills the start. The thread is joined when parse()
  // returns or throws, before rows_ can be freed.
  std::jthread populate;
  const std::size_t buffer_bytes = rows_.values.capacity() * sizeof(float);
  if (buffer_bytes >= kMinPopulateBytes) {
    char* buffer = reinterpret_cast<char*>(rows_.values.data());
    const std::size_t split = buffer_bytes / 3;
    populate = std::jthread(populate_pages, buffer + split, buffer_bytes - split);
  }

  for (std::size_t row = 0; layout_.limit == 0 || row < layout_.limit; ++row) {
    while (pos_ < body_.size() && body_[pos_] == '\n') ++pos_;
    if (pos_ == body_.size()) break;
    if (row == layout_.declared_words) {
      faults_.add(row_location(layout_, row, pos_),
                  "the header declares " + std::to_string(layout_.declared_words) +
                      " words, but more data follows. Correct the count in the first line or "
                      "remove the extra bytes");
    }
    if (!parse_row(row)) break;
  }
  check_end();
  return std::move(rows_);
}

// Parses the row at pos_. Returns false when no later row can be found: the file ends inside
// this row, or its word has no space after it.
bool BinaryParser::parse_row(std::size_t row) {
  const std::size_t start = pos_;
  const std::size_t search = std::min(body_.size() - start, kMaxWordBytes);
  const void* space = std::memchr(body_.data() + start, ' ', search);
  if (space == nullptr && search == kMaxWordBytes) {
    faults_.add(row_location(layout_, row, start),
                "expected a word followed by a space, found no space in " +
                    std::to_string(kMaxWordBytes) +
                    " bytes. The file is damaged or not in "
                    "word2vec binary format");
    rows_.truncated = true;  // nothing after this point can be located
    pos_ = body_.size();
    return false;
  }
  const std::size_t value_bytes = layout_.dim * sizeof(float);
  const std::size_t values_at =
      space == nullptr ? body_.size() : static_cast<const char*>(space) - body_.data() + 1;
  const std::string_view word = body_.substr(start, values_at - 1 - start);
  if (space == nullptr || body_.size() - values_at < value_bytes) {
    ++rows_.rows_read;
    rows_.truncated = true;
    const std::size_t found = space == nullptr ? 0 : body_.size() - values_at;
    faults_.add(row_location(layout_, row, start),
                "the file ends inside the row of the word '" + quote_word(word) + "': expected " +
                    std::to_string(value_bytes) + " bytes of values, found " +
                    std::to_string(found) + ". The file is truncated; copy or export it again");
    pos_ = body_.size();
    return false;
  }

  ++rows_.rows_read;
  pos_ = values_at + value_bytes;
  if (word.empty()) {
    ++rows_.skipped_rows;
    faults_.add(row_location(layout_, row, start),
                "expected a word before the space, found an empty word");
    return true;
  }
  const std::size_t old_size = rows_.values.size();
  const LittleEndianFloats first(body_.data() + values_at);
  const auto last = first + static_cast<std::ptrdiff_t>(layout_.dim);
  rows_.values.insert(rows_.values.end(), first, last);
  const std::size_t bad = find_non_finite(rows_.values.data() + old_size, layout_.dim);
  if (bad != layout_.dim) {
    rows_.values.resize(old_size);
    ++rows_.skipped_rows;
    faults_.add(row_location(layout_, row, start),
                "value " + std::to_string(bad + 1) + " of the word '" + quote_word(word) +
                    "' is NaN or infinite, expected a finite number");
    return true;
  }
  rows_.words.emplace_back(word);
  return true;
}

void BinaryParser::check_end() {
  const bool limited = layout_.limit != 0 && rows_.rows_read >= layout_.limit;
  if (limited || rows_.truncated || rows_.rows_read >= layout_.declared_words) return;
  rows_.truncated = true;
  faults_.add(row_location(layout_, rows_.rows_read, pos_),
              "the file ends after " + std::to_string(rows_.rows_read) +
                  " rows, but the header declares " + std::to_string(layout_.declared_words) +
                  " words. The file is probably truncated; copy or export it again, or correct "
                  "the header");
}

}  // namespace

ParsedRows parse_binary_body(std::string_view body, const BodyLayout& layout, FaultLog& faults) {
  return BinaryParser(body, layout, faults).parse();
}

}  // namespace w2v::vector_io_detail
