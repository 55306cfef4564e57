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

// Every stored token as its word, under a vocabulary of all counted words.
std::vector<std::string> tokens_of(EncodedCorpus& corpus) {
  const auto vocab = w2v::Vocab::from_counts(corpus.counted_words(), 1);
  corpus.use_vocab(vocab);
  std::vector<w2v::WordId> ids(corpus.size());
  corpus.read(0, ids);
  std::vector<std::string> words;
  for (const w2v::WordId id : ids) words.push_back(id == w2v::kNoWord ? "?" : vocab.word(id));
  return words;
}

CorpusOptions split_options(int threads) {
  CorpusOptions options;
  options.threads = threads;
  options.min_range_bytes = 1;  // split even tiny files
  return options;
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

TEST(EncodedCorpus, SplitMatchesOneThread) {
  TempDir dir;
  // A BOM, CRLF, tabs, a token longer than the maximum, a file without a final newline and an
  // empty file, so that cuts land in every kind of place.
  // The BOM is a separate literal, because "\xBFa" would read as one hex escape.
  std::string first = "\xEF\xBB\xBF" "alpha beta\r\ngamma\tdelta ";
  for (int i = 0; i < 300; ++i) {
    first += "w" + std::to_string(i % 37) + (i % 11 == 0 ? "\n" : " ");
  }
  first += std::string(250, 'x') + " tail";
  write_file(dir / "a.txt", first);
  write_file(dir / "empty.txt", "");
  write_file(dir / "b.txt", "\xEF\xBB\xBF" "beta beta\n\nomega");
  const std::vector<std::string> inputs = {(dir / "a.txt").string(), (dir / "empty.txt").string(),
                                           (dir / "b.txt").string()};

  auto reference = EncodedCorpus::encode(inputs, {});
  ASSERT_EQ(reference.shard_count(), 1u);
  const auto reference_counts = counts_of(reference);
  EXPECT_EQ(reference_counts.at("alpha"), 1u);
  EXPECT_EQ(reference_counts.at("beta"), 3u);
  const auto reference_tokens = tokens_of(reference);
  for (const int threads : {2, 3, 7, 64}) {
    auto corpus = EncodedCorpus::encode(inputs, split_options(threads));
    EXPECT_GT(corpus.shard_count(), 1u) << threads << " threads";
    EXPECT_EQ(counts_of(corpus), counts_of(reference)) << threads << " threads";
    EXPECT_EQ(tokens_of(corpus), reference_tokens) << threads << " threads";
    EXPECT_EQ(corpus.cut_tokens(), 1u) << threads << " threads";
  }
}

TEST(EncodedCorpus, SplitReadsAcrossShards) {
  TempDir dir;
  write_file(dir / "a.txt", "a b c d e f g h i j k l m n o p");
  auto corpus = EncodedCorpus::encode({(dir / "a.txt").string()}, split_options(4));
  ASSERT_EQ(corpus.shard_count(), 4u);
  const auto vocab = w2v::Vocab::from_counts(corpus.counted_words(), 1);
  corpus.use_vocab(vocab);
  // A read that starts in one shard and ends in another.
  std::vector<w2v::WordId> ids(9);
  corpus.read(3, ids);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(vocab.word(ids[i]), std::string(1, static_cast<char>('d' + i)));
  }
  std::vector<w2v::WordId> past_end(2);
  EXPECT_THROW(corpus.read(15, past_end), w2v::IoError);
}

TEST(EncodedCorpus, SplitSkipsCutsInsideLongToken) {
  TempDir dir;
  // Every even cut lands inside the long token, so all move to the space after it.
  const std::string long_token(5000, 'z');
  write_file(dir / "a.txt", "ab " + long_token + " cd");
  CorpusOptions options = split_options(4);
  options.max_token_bytes = 10'000;
  auto corpus = EncodedCorpus::encode({(dir / "a.txt").string()}, options);
  EXPECT_EQ(corpus.shard_count(), 2u);
  EXPECT_EQ(tokens_of(corpus), (std::vector<std::string>{"ab", long_token, "cd"}));
}

TEST(EncodedCorpus, DevicesAreNotSplit) {
  TempDir dir;
  write_file(dir / "a.txt", "a b c d e f g h");
  auto corpus = EncodedCorpus::encode({(dir / "a.txt").string(), "/dev/null"}, split_options(4));
  EXPECT_EQ(corpus.shard_count(), 1u);
  EXPECT_EQ(corpus.size(), 8u);
}

TEST(EncodedCorpus, SplitPrunesMergedCounts) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 240; ++i) {
    text += "common" + std::to_string(i % 5) + " rare" + std::to_string(i) + " ";
  }
  write_file(dir / "a.txt", text);
  CorpusOptions options = split_options(2);
  options.max_vocab = 150;
  auto corpus = EncodedCorpus::encode({(dir / "a.txt").string()}, options);
  ASSERT_EQ(corpus.shard_count(), 2u);
  // Each half contains about 125 distinct words, under the limit. Together they contain 245,
  // so the merged counts are pruned.
  const auto counts = counts_of(corpus);
  EXPECT_EQ(counts.size(), 5u);
  EXPECT_EQ(corpus.pruned_words(), 240u);
  EXPECT_EQ(corpus.prune_threshold(), 1u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(counts.at("common" + std::to_string(i)), 48u);
  const auto tokens = tokens_of(corpus);
  EXPECT_EQ(std::count(tokens.begin(), tokens.end(), "common4"), 48);
  EXPECT_EQ(std::count(tokens.begin(), tokens.end(), "?"), 240);
}

}  // namespace
