#include "w2v/vocab.h"

#include <gtest/gtest.h>

#include "test_support.h"
#include "w2v/errors.h"

namespace {

using w2v::Vocab;
using w2v::testing::TempDir;

TEST(Vocab, SortsByCountThenBytes) {
  const Vocab vocab = Vocab::from_counts(
      {{"b", 5}, {"a", 5}, {"c", 9}, {"rare", 1}, {"</s>", 3}}, /*min_count=*/2);
  ASSERT_EQ(vocab.size(), 4u);
  EXPECT_EQ(vocab.word(0), "</s>");
  EXPECT_EQ(vocab.count(0), 3u);
  EXPECT_EQ(vocab.word(1), "c");
  EXPECT_EQ(vocab.word(2), "a");
  EXPECT_EQ(vocab.word(3), "b");
  EXPECT_EQ(vocab.find("rare"), w2v::kNoWord);
  EXPECT_EQ(vocab.find("b"), 3);
  EXPECT_EQ(vocab.total_count(), 3u + 9u + 5u + 5u);
}

TEST(Vocab, SentenceEndKeptBelowMinCount) {
  const Vocab vocab = Vocab::from_counts({{"x", 10}}, 5);
  ASSERT_EQ(vocab.size(), 2u);
  EXPECT_EQ(vocab.word(0), "</s>");
  EXPECT_EQ(vocab.count(0), 0u);
  EXPECT_EQ(vocab.word(1), "x");
}

TEST(Vocab, MinCountBoundaryIsInclusive) {
  const Vocab vocab = Vocab::from_counts({{"four", 4}, {"five", 5}}, 5);
  EXPECT_EQ(vocab.find("five"), 1);
  EXPECT_EQ(vocab.find("four"), w2v::kNoWord);
}

TEST(Vocab, SaveAndLoadRoundTrip) {
  TempDir dir;
  const Vocab vocab = Vocab::from_counts({{"the", 100}, {"cat", 7}, {"中文", 7}}, 1);
  vocab.save(dir / "vocab.txt");
  EXPECT_EQ(w2v::testing::read_file(dir / "vocab.txt"), "</s> 0\nthe 100\ncat 7\n中文 7\n");
  const Vocab loaded = Vocab::load(dir / "vocab.txt", 1);
  ASSERT_EQ(loaded.size(), vocab.size());
  for (std::size_t i = 0; i < vocab.size(); ++i) {
    EXPECT_EQ(loaded.word(static_cast<w2v::WordId>(i)), vocab.word(static_cast<w2v::WordId>(i)));
    EXPECT_EQ(loaded.count(static_cast<w2v::WordId>(i)), vocab.count(static_cast<w2v::WordId>(i)));
  }
}

TEST(Vocab, LoadAppliesMinCountAndAcceptsCrlf) {
  TempDir dir;
  w2v::testing::write_file(dir / "vocab.txt", "</s> 2\r\nbig 50\r\nsmall 2\r\n");
  const Vocab vocab = Vocab::load(dir / "vocab.txt", 5);
  EXPECT_EQ(vocab.size(), 2u);
  EXPECT_EQ(vocab.word(1), "big");
}

TEST(Vocab, LoadRejectsMalformedLines) {
  struct Case {
    std::string text;
    std::string expected_in_message;
  };
  const std::vector<Case> cases = {
      {"good 3\nbad\n", "line 2"},
      {"good 3\nbad x1\n", "line 2"},
      {"a 1\nb 2\na 3\n", "line 3"},
      {"w -4\n", "line 1"},
      {"", "contains no words"},
  };
  for (const auto& c : cases) {
    TempDir dir;
    w2v::testing::write_file(dir / "vocab.txt", c.text);
    try {
      Vocab::load(dir / "vocab.txt", 1);
      ADD_FAILURE() << "no error for: " << c.text;
    } catch (const w2v::InputError& error) {
      EXPECT_NE(std::string(error.what()).find(c.expected_in_message), std::string::npos)
          << error.what();
    }
  }
}

TEST(Vocab, LoadMissingFileIsIoError) {
  TempDir dir;
  EXPECT_THROW(Vocab::load(dir / "absent.txt", 1), w2v::IoError);
}

TEST(WordIndex, InsertAndFindManyWords) {
  w2v::WordIndex index;
  for (int i = 0; i < 5000; ++i) EXPECT_EQ(index.insert("w" + std::to_string(i)), static_cast<std::uint32_t>(i));
  for (int i = 0; i < 5000; ++i) EXPECT_EQ(index.find("w" + std::to_string(i)), i);
  EXPECT_EQ(index.insert("w42"), 42u);
  EXPECT_EQ(index.find("w5000"), -1);
  EXPECT_EQ(index.size(), 5000u);
}

TEST(WordIndex, ReserveKeepsWords) {
  w2v::WordIndex index;
  for (int i = 0; i < 100; ++i) index.insert("before" + std::to_string(i));
  index.reserve(20000);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(index.find("before" + std::to_string(i)), i);
  for (int i = 0; i < 20000; ++i) {
    EXPECT_EQ(index.insert("after" + std::to_string(i)), static_cast<std::uint32_t>(100 + i));
  }
  EXPECT_EQ(index.size(), 20100u);
  EXPECT_EQ(index.find("after19999"), 20099);
  EXPECT_EQ(index.find("before100"), -1);
}

TEST(WordIndex, WordsOfEveryTailLength) {
  // The hash reads the last 1 to 7 bytes with different loads; words that differ only there
  // must stay apart.
  w2v::WordIndex index;
  std::vector<std::string> words;
  for (std::size_t length = 1; length <= 17; ++length) {
    for (char last = 'a'; last <= 'z'; ++last) {
      words.push_back(std::string(length - 1, 'x') + last);
    }
  }
  for (const auto& word : words) index.insert(word);
  ASSERT_EQ(index.size(), words.size());
  for (std::size_t i = 0; i < words.size(); ++i) {
    EXPECT_EQ(index.find(words[i]), static_cast<std::int64_t>(i)) << words[i];
  }
}

}  // namespace
