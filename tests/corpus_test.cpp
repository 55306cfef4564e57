#include "w2v/corpus.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "test_support.h"
#include "w2v/errors.h"

namespace {

using w2v::CorpusOptions;
using w2v::EncodedCorpus;
using w2v::testing::TempDir;
using w2v::testing::write_file;

std::map<std::string, std::uint64_t> counts_of(const EncodedCorpus& corpus) {
  std::map<std::string, std::uint64_t> counts;
  for (const auto& entry : corpus.counted_words()) counts[entry.word] = entry.count;
  return counts;
}

TEST(EncodedCorpus, CountsWordsAcrossFiles) {
  TempDir dir;
  write_file(dir / "a.txt", "the cat\nthe dog");
  write_file(dir / "b.txt", "\xEF\xBB\xBFthe end\n");
  const auto corpus =
      EncodedCorpus::encode({(dir / "a.txt").string(), (dir / "b.txt").string()}, {});
  const auto counts = counts_of(corpus);
  EXPECT_EQ(counts.at("the"), 3u);
  EXPECT_EQ(counts.at("cat"), 1u);
  EXPECT_EQ(counts.at("</s>"), 2u);
  EXPECT_EQ(counts.count("\xEF\xBB\xBFthe"), 0u);
  EXPECT_EQ(corpus.size(), 8u);
}

TEST(EncodedCorpus, ReadsIdsOfVocab) {
  TempDir dir;
  write_file(dir / "a.txt", "x y x z x y\nq");
  auto corpus = EncodedCorpus::encode({(dir / "a.txt").string()}, {});
  const auto vocab = w2v::Vocab::from_counts(corpus.counted_words(), 2);
  corpus.use_vocab(vocab);
  std::vector<w2v::WordId> ids(corpus.size());
  corpus.read(0, ids);
  const w2v::WordId x = vocab.find("x");
  const w2v::WordId y = vocab.find("y");
  EXPECT_EQ(ids, (std::vector<w2v::WordId>{x, y, x, w2v::kNoWord, x, y, vocab.find("</s>"),
                                           w2v::kNoWord}));
  std::vector<w2v::WordId> tail(3);
  corpus.read(5, tail);
  EXPECT_EQ(tail, (std::vector<w2v::WordId>{y, 0, w2v::kNoWord}));
}

TEST(EncodedCorpus, CrlfAndLfGiveSameCounts) {
  TempDir dir;
  write_file(dir / "lf.txt", "a b c\nb c\nc\n");
  write_file(dir / "crlf.txt", "a b c\r\nb c\r\nc\r\n");
  EXPECT_EQ(counts_of(EncodedCorpus::encode({(dir / "lf.txt").string()}, {})),
            counts_of(EncodedCorpus::encode({(dir / "crlf.txt").string()}, {})));
}

TEST(EncodedCorpus, MissingFileNamed) {
  TempDir dir;
  try {
    EncodedCorpus::encode({(dir / "nope.txt").string()}, {});
    FAIL() << "no error";
  } catch (const w2v::IoError& error) {
    EXPECT_NE(std::string(error.what()).find("nope.txt"), std::string::npos);
  }
}

TEST(EncodedCorpus, PrunesRareWordsWhenVocabIsFull) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 200; ++i) text += "common" + std::to_string(i % 5) + " rare" + std::to_string(i) + " ";
  write_file(dir / "a.txt", text);
  CorpusOptions options;
  options.max_vocab = 50;
  auto corpus = EncodedCorpus::encode({(dir / "a.txt").string()}, options);
  EXPECT_GT(corpus.pruned_words(), 0u);
  EXPECT_GE(corpus.prune_threshold(), 1u);
  const auto counts = counts_of(corpus);
  EXPECT_LE(counts.size(), 50u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(counts.at("common" + std::to_string(i)), 40u);
  // Tokens of pruned words read as out-of-vocabulary; the frequent ones keep their ids.
  const auto vocab = w2v::Vocab::from_counts(corpus.counted_words(), 1);
  corpus.use_vocab(vocab);
  std::vector<w2v::WordId> ids(corpus.size());
  corpus.read(0, ids);
  EXPECT_EQ(ids[0], vocab.find("common0"));
  EXPECT_EQ(ids[1], w2v::kNoWord);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), vocab.find("common3")), 40);
}

}  // namespace
