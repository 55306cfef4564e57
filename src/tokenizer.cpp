#include "w2v/tokenizer.h"

namespace w2v {

Tokenizer::Tokenizer(std::size_t max_token_bytes) : max_token_bytes_(max_token_bytes) {
  token_.reserve(max_token_bytes_ + 1);
}

void Tokenizer::append(const char* begin, const char* end) {
  if (overflowed_) return;
  const std::size_t room = max_token_bytes_ - token_.size();
  const std::size_t length = static_cast<std::size_t>(end - begin);
  if (length <= room) {
    token_.append(begin, length);
    return;
  }
  token_.append(begin, room);
  overflowed_ = true;
  first_dropped_byte_ = static_cast<unsigned char>(begin[room]);
}

void Tokenizer::restore_partial_bom() {
  // At most two bytes, and the maximum token length is at least 4, so no cut is needed.
  for (std::size_t i = 0; i < bom_bytes_seen_; ++i) token_.push_back(static_cast<char>(kBom[i]));
}

}  // namespace w2v
