#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace w2v {

/// Token that word2vec.c writes for every newline; it ends a sentence.
inline constexpr std::string_view kSentenceEnd = "</s>";

/// Default maximum token length in bytes (word2vec.c's MAX_STRING is 100).
inline constexpr std::size_t kDefaultMaxTokenBytes = 100;

/// Streaming whitespace tokenizer for one input file at a time.
///
/// Space, tab, `\r`, `\v`, `\f` and NUL separate tokens. A newline also emits kSentenceEnd.
/// A UTF-8 byte-order mark at the start of the stream is skipped. A token longer than
/// `max_token_bytes` is cut to at most that many bytes, at a UTF-8 character boundary when the
/// token is valid UTF-8 there. Bytes that are not valid UTF-8 are kept as they are.
class Tokenizer {
 public:
  explicit Tokenizer(std::size_t max_token_bytes = kDefaultMaxTokenBytes);

  /// Feeds the next `size` bytes of the stream, calling `on_token(std::string_view)` for every
  /// complete token. A token may span several calls.
  template <typename OnToken>
  void feed(const char* data, std::size_t size, OnToken&& on_token);

  /// Ends the stream: emits the last token if the stream did not end with whitespace, and resets
  /// the tokenizer for the next stream (so a BOM is skipped again).
  template <typename OnToken>
  void finish(OnToken&& on_token);

  /// Starts reading in the middle of a stream, right after a separator: the next byte begins a
  /// token, and no byte-order mark is looked for.
  void skip_stream_start() {
    bom_bytes_seen_ = kBom.size();
    at_stream_start_ = false;
  }

  /// Number of tokens that were longer than the maximum and were cut.
  std::uint64_t cut_tokens() const { return cut_tokens_; }

 private:
  template <typename OnToken>
  void emit(OnToken&& on_token);
  void append(const char* begin, const char* end);
  void restore_partial_bom();

  static constexpr std::array<unsigned char, 3> kBom = {0xEF, 0xBB, 0xBF};

  std::size_t max_token_bytes_;
  std::string token_;
  bool overflowed_ = false;
  unsigned char first_dropped_byte_ = 0;
  std::size_t bom_bytes_seen_ = 0;  // bytes of a leading BOM matched so far
  bool at_stream_start_ = true;
  std::uint64_t cut_tokens_ = 0;
};

namespace detail {

// 1 for the bytes that separate tokens.
inline constexpr bool is_separator(unsigned char byte) {
  return byte == ' ' || byte == '\n' || byte == '\t' || byte == '\r' || byte == '\v' ||
         byte == '\f' || byte == '\0';
}

// Returns the first separator in [p, end), or end. SSE2 tests 16 bytes per step for the
// separators ' ', NUL and the five bytes '\t' (9) to '\r' (13).
inline const char* find_separator(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i zero = _mm_setzero_si128();
  const __m128i tab = _mm_set1_epi8('\t');
  const __m128i span = _mm_set1_epi8('\r' - '\t');
  while (end - p >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i from_tab = _mm_sub_epi8(bytes, tab);
    // (byte - 9) mod 256 <= 4 exactly for 9..13.
    const __m128i in_range = _mm_cmpeq_epi8(_mm_min_epu8(from_tab, span), from_tab);
    const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, space),
                                                   _mm_cmpeq_epi8(bytes, zero)),
                                      in_range);
    const int mask = _mm_movemask_epi8(hits);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < end && !is_separator(static_cast<unsigned char>(*p))) ++p;
  return p;
}

}  // namespace detail

template <typename OnToken>
void Tokenizer::feed(const char* data, std::size_t size, OnToken&& on_token) {
  const char* p = data;
  const char* end = data + size;
  if (at_stream_start_) {
    while (p < end && bom_bytes_seen_ < kBom.size() &&
           static_cast<unsigned char>(*p) == kBom[bom_bytes_seen_]) {
      ++bom_bytes_seen_;
      ++p;
    }
    if (p == end && bom_bytes_seen_ < kBom.size()) return;  // maybe inside a BOM: wait for more
    // A partial BOM followed by other bytes belongs to the first token.
    if (bom_bytes_seen_ < kBom.size()) restore_partial_bom();
    at_stream_start_ = false;
  }
  while (p < end) {
    const char* token_start = p;
    p = detail::find_separator(p, end);
    if (p == end) {
      append(token_start, p);  // the token continues in the next buffer
      return;
    }
    if (token_.empty() && !overflowed_) {
      if (p != token_start) {
        // Fast path: the token lies inside this buffer.
        const std::size_t length = static_cast<std::size_t>(p - token_start);
        if (length <= max_token_bytes_) {
          on_token(std::string_view(token_start, length));
        } else {
          append(token_start, p);
          emit(on_token);
        }
      }
    } else {
      append(token_start, p);
      emit(on_token);
    }
    if (*p == '\n') on_token(kSentenceEnd);
    ++p;
  }
}

template <typename OnToken>
void Tokenizer::finish(OnToken&& on_token) {
  if (at_stream_start_ && bom_bytes_seen_ < kBom.size()) restore_partial_bom();
  if (!token_.empty()) emit(on_token);
  token_.clear();
  overflowed_ = false;
  bom_bytes_seen_ = 0;
  at_stream_start_ = true;
}

template <typename OnToken>
void Tokenizer::emit(OnToken&& on_token) {
  if (overflowed_) {
    // Cut before the character that straddles the limit: if the first dropped byte is a UTF-8
    // continuation byte, the kept part ends inside a character, so drop that character's start.
    std::size_t cut = token_.size();
    if ((first_dropped_byte_ & 0xC0) == 0x80) {
      std::size_t lead = cut;
      while (lead > 0 && (static_cast<unsigned char>(token_[lead - 1]) & 0xC0) == 0x80) --lead;
      // lead-1 is the lead byte of the split character when it is a multi-byte lead.
      if (lead > 0 && (static_cast<unsigned char>(token_[lead - 1]) & 0xC0) == 0xC0 &&
          cut - lead < 4) {
        cut = lead - 1;
      }
    }
    token_.resize(cut);
    ++cut_tokens_;
    overflowed_ = false;
  }
  if (!token_.empty()) on_token(std::string_view(token_));
  token_.clear();
}

}  // namespace w2v
