// Fuzz target for the streaming tokenizer and the corpus encoder that counts its tokens.
//
// Input layout: byte 0 picks the maximum token length (4..35 bytes), byte 1 the --max-vocab
// limit (0 = none, else 3..257 distinct words) and byte 2 where the text is split between two
// feed() calls and how many threads (2..5) encode it. The rest is the text. Checked properties:
//  - every token is non-empty, at most the maximum length and contains no separator byte;
//  - feeding the text in two pieces gives the same tokens as feeding it whole;
//  - EncodedCorpus::encode on the same text stores one id per token, every stored id maps into
//    the vocabulary or to kNoWord, and with pruning off the counts add up to the token count;
//  - the same holds when several threads encode byte ranges of the file.

#include <spdlog/spdlog.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "w2v/corpus.h"
#include "w2v/errors.h"
#include "w2v/tokenizer.h"
#include "w2v/vocab.h"

namespace {

std::vector<std::string> tokenize(std::string_view text, std::size_t max_bytes, std::size_t split) {
  std::vector<std::string> tokens;
  w2v::Tokenizer tokenizer(max_bytes);
  auto on_token = [&](std::string_view token) { tokens.emplace_back(token); };
  tokenizer.feed(text.data(), split, on_token);
  tokenizer.feed(text.data() + split, text.size() - split, on_token);
  tokenizer.finish(on_token);
  return tokens;
}

void check_token(std::string_view token, std::size_t max_bytes) {
  if (token.empty() || token.size() > max_bytes) std::abort();
  if (token == w2v::kSentenceEnd) return;
  for (const char byte : token) {
    if (w2v::detail::is_separator(static_cast<unsigned char>(byte))) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // The pruning warning would otherwise be most of the output and of the time.
  spdlog::set_level(spdlog::level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::size_t max_bytes = 4 + data[0] % 32;
  const std::uint64_t max_vocab = data[1] == 0 ? 0 : 2 + data[1];
  const std::string_view text(reinterpret_cast<const char*>(data + 3), size - 3);
  const std::size_t split = text.empty() ? 0 : data[2] % (text.size() + 1);

  const auto whole = tokenize(text, max_bytes, text.size());
  const auto pieces = tokenize(text, max_bytes, split);
  if (whole != pieces) std::abort();
  for (const auto& token : whole) check_token(token, max_bytes);

  const auto& path = w2v::fuzz::scratch_path("corpus.txt");
  w2v::fuzz::write_bytes(path, data + 3, size - 3);
  w2v::CorpusOptions options;
  options.max_token_bytes = max_bytes;
  options.max_vocab = max_vocab;
  options.min_range_bytes = 1;
  for (const int threads : {1, 2 + data[2] % 4}) {
    options.threads = threads;
    try {
      w2v::EncodedCorpus corpus = w2v::EncodedCorpus::encode({path.string()}, options);
      if (corpus.size() != whole.size()) std::abort();
      const w2v::Vocab vocab = w2v::Vocab::from_counts(corpus.counted_words(), 1);
      corpus.use_vocab(vocab);
      std::vector<w2v::WordId> ids(corpus.size());
      corpus.read(0, ids);
      std::uint64_t known = 0;
      for (std::size_t i = 0; i < ids.size(); ++i) {
        if (ids[i] == w2v::kNoWord) continue;
        if (ids[i] < 0 || static_cast<std::size_t>(ids[i]) >= vocab.size()) std::abort();
        if (vocab.word(ids[i]) != whole[i]) std::abort();
        ++known;
      }
      if (max_vocab == 0 && (known != ids.size() || vocab.total_count() != known)) std::abort();
    } catch (const w2v::Error&) {
      // A clean error is acceptable. Only crashes and failed checks are bugs.
    }
  }
  return 0;
}
