#include "w2v/tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using w2v::Tokenizer;

// Tokenizes `text` fed in pieces of `piece` bytes (0: all at once).
std::vector<std::string> tokenize(const std::string& text, std::size_t max_bytes = 100,
                                  std::size_t piece = 0) {
  Tokenizer tokenizer(max_bytes);
  std::vector<std::string> tokens;
  auto collect = [&](std::string_view token) { tokens.emplace_back(token); };
  if (piece == 0) piece = text.size() + 1;
  for (std::size_t at = 0; at < text.size(); at += piece) {
    const std::size_t size = std::min(piece, text.size() - at);
    tokenizer.feed(text.data() + at, size, collect);
  }
  tokenizer.finish(collect);
  return tokens;
}

using Tokens = std::vector<std::string>;

TEST(Tokenizer, SplitsOnWhitespace) {
  EXPECT_EQ(tokenize("a  bb\tccc \f d\v"), (Tokens{"a", "bb", "ccc", "d"}));
}

TEST(Tokenizer, NewlineEndsSentence) {
  EXPECT_EQ(tokenize("a b\nc\n\nd"), (Tokens{"a", "b", "</s>", "c", "</s>", "</s>", "d"}));
}

TEST(Tokenizer, CarriageReturnIsWhitespace) {
  EXPECT_EQ(tokenize("a b\r\nc\r\n"), tokenize("a b\nc\n"));
  EXPECT_EQ(tokenize("a\rb"), (Tokens{"a", "b"}));
}

TEST(Tokenizer, SkipsByteOrderMark) {
  EXPECT_EQ(tokenize("\xEF\xBB\xBFhello world"), (Tokens{"hello", "world"}));
  // Split across buffers one byte at a time.
  EXPECT_EQ(tokenize("\xEF\xBB\xBFhello world", 100, 1), (Tokens{"hello", "world"}));
  // A BOM in the middle of the stream is an ordinary byte sequence.
  EXPECT_EQ(tokenize("a \xEF\xBB\xBFx"), (Tokens{"a", "\xEF\xBB\xBFx"}));
}

TEST(Tokenizer, PartialBomIsKept) {
  EXPECT_EQ(tokenize("\xEF\xBBz"), (Tokens{"\xEF\xBBz"}));
  EXPECT_EQ(tokenize("\xEF\xBBz", 100, 1), (Tokens{"\xEF\xBBz"}));
  EXPECT_EQ(tokenize("\xEF"), (Tokens{"\xEF"}));
}

TEST(Tokenizer, LastLineWithoutNewlineCounts) {
  EXPECT_EQ(tokenize("one two"), (Tokens{"one", "two"}));
  EXPECT_EQ(tokenize("one two", 100, 3), (Tokens{"one", "two"}));
}

TEST(Tokenizer, TokenSpanningBuffers) {
  const std::string text = "alpha beta gamma delta";
  for (std::size_t piece = 1; piece <= text.size(); ++piece) {
    EXPECT_EQ(tokenize(text, 100, piece), (Tokens{"alpha", "beta", "gamma", "delta"}))
        << "piece size " << piece;
  }
}

TEST(Tokenizer, NulByteSeparates) {
  EXPECT_EQ(tokenize(std::string("a\0b", 3)), (Tokens{"a", "b"}));
}

TEST(Tokenizer, CutsLongAsciiToken) {
  const Tokens tokens = tokenize(std::string(250, 'x') + " y", 100);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0], std::string(100, 'x'));
  EXPECT_EQ(tokens[1], "y");
}

TEST(Tokenizer, CutsOnUtf8Boundary) {
  // 99 ASCII bytes then a 2-byte character: byte 100 would be the character's lead byte only.
  const std::string two_byte = "\xC3\xA9";  // é
  Tokens tokens = tokenize(std::string(99, 'a') + two_byte + "b", 100);
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0], std::string(99, 'a'));

  // 3-byte Chinese characters: 100 is not a multiple of 3, so the cut keeps 33 characters.
  std::string chinese;
  for (int i = 0; i < 50; ++i) chinese += "\xE4\xB8\xAD";  // 中
  for (std::size_t piece : {0, 1, 7}) {
    tokens = tokenize(chinese + " end", 100, piece);
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_EQ(tokens[0].size(), 99u) << "piece size " << piece;
    EXPECT_EQ(tokens[0], chinese.substr(0, 99));
  }
}

TEST(Tokenizer, TokenOfExactlyMaxIsKept) {
  const std::string word(100, 'z');
  EXPECT_EQ(tokenize(word + " next", 100), (Tokens{word, "next"}));
}

TEST(Tokenizer, CountsCutTokens) {
  Tokenizer tokenizer(4);
  std::vector<std::string> tokens;
  const std::string text = "abcdefgh ab abcdef";
  tokenizer.feed(text.data(), text.size(), [&](std::string_view t) { tokens.emplace_back(t); });
  tokenizer.finish([&](std::string_view t) { tokens.emplace_back(t); });
  EXPECT_EQ(tokens, (Tokens{"abcd", "ab", "abcd"}));
  EXPECT_EQ(tokenizer.cut_tokens(), 2u);
}

TEST(Tokenizer, InvalidUtf8KeptAsBytes) {
  EXPECT_EQ(tokenize("\xFF\xFE ok \x80"), (Tokens{"\xFF\xFE", "ok", "\x80"}));
}

TEST(Tokenizer, FinishResetsForNextFile) {
  Tokenizer tokenizer;
  std::vector<std::string> tokens;
  auto collect = [&](std::string_view t) { tokens.emplace_back(t); };
  const std::string first = "end";
  const std::string second = "\xEF\xBB\xBFstart";
  tokenizer.feed(first.data(), first.size(), collect);
  tokenizer.finish(collect);
  tokenizer.feed(second.data(), second.size(), collect);
  tokenizer.finish(collect);
  EXPECT_EQ(tokens, (Tokens{"end", "start"}));
}

TEST(Tokenizer, SkipStreamStartKeepsBom) {
  Tokenizer tokenizer;
  std::vector<std::string> tokens;
  auto collect = [&](std::string_view t) { tokens.emplace_back(t); };
  const std::string middle = "\xEF\xBB\xBFword next";
  tokenizer.skip_stream_start();
  tokenizer.feed(middle.data(), middle.size(), collect);
  tokenizer.finish(collect);
  EXPECT_EQ(tokens, (Tokens{"\xEF\xBB\xBFword", "next"}));
}

TEST(FindSeparator, EveryByteAtEveryOffset) {
  // Offsets up to 40 cover the 16-byte vector steps and the byte-by-byte tail.
  for (int byte = 0; byte < 256; ++byte) {
    const bool separator = byte == ' ' || byte == '\0' || (byte >= '\t' && byte <= '\r');
    for (std::size_t offset = 0; offset < 40; ++offset) {
      std::string text(40, 'a');
      text[offset] = static_cast<char>(byte);
      const char* found = w2v::detail::find_separator(text.data(), text.data() + text.size());
      const auto expected = separator ? offset : text.size();
      ASSERT_EQ(static_cast<std::size_t>(found - text.data()), expected)
          << "byte " << byte << " at offset " << offset;
    }
  }
}

}  // namespace
