// Tests of phrase detection (`w2v phrases`, word2vec.c's word2phrase): scores, joining rules,
// line ends, repeated passes, pruning and the command line.

#include "w2v/phrases.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace {

using w2v::testing::read_file;
using w2v::testing::run_w2v;
using w2v::testing::TempDir;
using w2v::testing::write_file;

// `lines` lines of 10 words drawn from 100 filler words; `phrase` replaces the first words of
// every `every`-th line.
std::string corpus_with_phrase(int lines, const std::string& phrase, int every, unsigned seed) {
  std::mt19937 generator(seed);
  std::string text;
  for (int line = 0; line < lines; ++line) {
    if (line % every == 0) text += phrase + " ";
    for (int i = 0; i < 10; ++i) text += "w" + std::to_string(generator() % 100) + " ";
    text += "\n";
  }
  return text;
}

std::size_t count_occurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

// Every distinct token of `text` that contains '_'.
std::vector<std::string> joined_tokens(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> found;
  std::string token;
  while (in >> token) {
    if (token.find('_') != std::string::npos &&
        std::find(found.begin(), found.end(), token) == found.end()) {
      found.push_back(token);
    }
  }
  return found;
}

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

TEST(PhraseScore, FollowsWord2phraseFormula) {
  // (8 - 4) / 8 / 8 * 128 = 8, exact in binary floating point.
  EXPECT_EQ(w2v::phrase_score(8, 8, 8, 4, 128), 8.0);
  EXPECT_EQ(w2v::phrase_score(20, 40, 10, 5, 1000), 15.0 / 40 / 10 * 1000);
}

TEST(PhraseScore, ZeroBelowMinCount) {
  EXPECT_EQ(w2v::phrase_score(4, 100, 100, 5, 10'000), 0.0);
  EXPECT_EQ(w2v::phrase_score(5, 4, 100, 5, 10'000), 0.0);
  EXPECT_EQ(w2v::phrase_score(5, 100, 4, 5, 10'000), 0.0);
  EXPECT_EQ(w2v::phrase_score(5, 5, 5, 5, 10'000), 0.0);  // count(ab) - min_count is 0
}

TEST(Phrases, JoinsFrequentPairOnly) {
  // 1000 lines, 50 with "new york": score (50 - 5) / 50 / 50 * 10106 = 181.9 > 100. A filler
  // word occurs about 100 times, so a filler pair would need about 100 occurrences to score 100.
  std::string text = corpus_with_phrase(1000, "new york", 20, 1);
  text += "rare pair\nrare pair\nrare pair\n";
  w2v::PhraseStats stats;
  const std::string output = w2v::join_phrases_in_text(text, {}, &stats);

  EXPECT_EQ(count_occurrences(output, "new_york"), 50u);
  EXPECT_EQ(count_occurrences(output, "new york"), 0u);
  EXPECT_EQ(count_occurrences(output, "rare pair"), 3u);
  EXPECT_EQ(joined_tokens(output), std::vector<std::string>{"new_york"});
  EXPECT_EQ(stats.joined_pairs, 50u);
  EXPECT_EQ(stats.distinct_phrases, 1u);
  EXPECT_EQ(stats.train_words, 10'000u + 100u + 6u);
}

TEST(Phrases, FrequentWordsRarelyTogetherStayApart) {
  // "new" and "york" each occur 200 times but only 10 times as a pair:
  // (10 - 5) / 200 / 200 * 14200 = 1.8.
  std::string text = corpus_with_phrase(1000, "new york", 100, 2);
  text += corpus_with_phrase(190, "new", 1, 3);
  text += corpus_with_phrase(190, "york", 1, 4);
  const std::string output = w2v::join_phrases_in_text(text, {});
  EXPECT_EQ(count_occurrences(output, "new_york"), 0u);
  EXPECT_EQ(count_occurrences(output, "new york"), 10u);
}

// 8 lines "new york" and 112 words that occur once: score (8 - 4) / 8 / 8 * 128 = 8.
std::string boundary_corpus() {
  std::string text;
  for (int i = 0; i < 8; ++i) text += "new york\n";
  for (int i = 0; i < 112; ++i) text += "f" + std::to_string(i) + "\n";
  return text;
}

TEST(Phrases, ThresholdIsExclusive) {
  w2v::PhraseOptions options;
  options.min_count = 4;
  options.threshold = 8;
  EXPECT_EQ(count_occurrences(w2v::join_phrases_in_text(boundary_corpus(), options), "new_york"),
            0u);
  options.threshold = 7.999;
  EXPECT_EQ(count_occurrences(w2v::join_phrases_in_text(boundary_corpus(), options), "new_york"),
            8u);
}

TEST(Phrases, PairsDoNotSpanLines) {
  // "new" always ends a line and "york" always starts the next one.
  std::string text;
  for (int i = 0; i < 50; ++i) {
    text += "a" + std::to_string(i) + " new\nyork b" + std::to_string(i) + "\n";
  }
  text += corpus_with_phrase(1000, "filler", 1000, 5);

  w2v::PhraseCounter counter(0);
  w2v::Tokenizer tokenizer;
  auto add = [&](std::string_view token) { counter.add(token); };
  tokenizer.feed(text.data(), text.size(), add);
  tokenizer.finish(add);
  EXPECT_EQ(counter.word_count(counter.find_word("new")), 50u);
  EXPECT_EQ(counter.pair_count(counter.find_word("new"), counter.find_word("york")), 0u);

  w2v::PhraseOptions options;
  options.threshold = 0;
  const std::string output = w2v::join_phrases_in_text(text, options);
  EXPECT_EQ(count_occurrences(output, "new_york"), 0u);
  EXPECT_EQ(count_occurrences(output, "new\nyork"), 50u);
}

TEST(Phrases, KeepsLineStructure) {
  // Runs of spaces and tabs become one space, "\r" is dropped, empty lines stay, and a last
  // line without a newline gets none.
  const std::string text = "a  b\t c\r\n\n\nd e\n   \nf";
  EXPECT_EQ(w2v::join_phrases_in_text(text, {}), "a b c\n\n\nd e\n\nf");
  EXPECT_EQ(w2v::join_phrases_in_text("", {}), "");
  EXPECT_EQ(w2v::join_phrases_in_text("\n\n", {}), "\n\n");
}

TEST(Phrases, JoinedPairConsumesBothWords) {
  // "a b" and "b c" both score (20 - 5) / 20 / 20 * 3061 = 114.8. Left to right, "a b" is
  // joined first and "b" cannot join "c" as well.
  std::string text;
  for (int i = 0; i < 20; ++i) text += "a b c\n";
  text += corpus_with_phrase(300, "filler", 1000, 6);
  w2v::PhraseOptions options;
  options.threshold = 50;
  const std::string output = w2v::join_phrases_in_text(text, options);
  EXPECT_EQ(count_occurrences(output, "a_b c\n"), 20u);
  EXPECT_EQ(count_occurrences(output, "b_c"), 0u);
}

TEST(Phrases, TwoPassesBuildThreeWordPhrase) {
  // As demo-phrases.sh: threshold 200, then 100 on the output. Pass 1 scores "new york"
  // (50 - 5) / 50 / 50 * 20150 = 363 and joins it, which consumes "york" before "york city".
  // Pass 2 scores "new_york city" (50 - 5) / 50 / 50 * 20100 = 362.
  const std::string text = corpus_with_phrase(2000, "new york city", 40, 7);
  w2v::PhraseOptions options;
  options.threshold = 200;
  const std::string first = w2v::join_phrases_in_text(text, options);
  EXPECT_EQ(count_occurrences(first, "new_york city"), 50u);
  EXPECT_EQ(joined_tokens(first), std::vector<std::string>{"new_york"});

  options.threshold = 100;
  const std::string second = w2v::join_phrases_in_text(first, options);
  EXPECT_EQ(count_occurrences(second, "new_york_city"), 50u);
  EXPECT_EQ(joined_tokens(second), std::vector<std::string>{"new_york_city"});
}

TEST(PhraseCounter, PrunesRareEntriesAtLimit) {
  w2v::PhraseCounter counter(100);
  for (int i = 0; i < 50; ++i) {
    counter.add("new");
    counter.add("york");
    counter.add(w2v::kSentenceEnd);
  }
  for (int i = 0; i < 500; ++i) counter.add("once" + std::to_string(i));

  EXPECT_GT(counter.pruned_entries(), 0u);
  EXPECT_GE(counter.prune_threshold(), 1u);
  EXPECT_LE(counter.distinct_words() + counter.distinct_pairs(), 100u);
  EXPECT_EQ(counter.find_word("once0"), -1);
  EXPECT_EQ(counter.train_words(), 600u);
  const std::int64_t first = counter.find_word("new");
  const std::int64_t second = counter.find_word("york");
  EXPECT_EQ(counter.word_count(first), 50u);
  EXPECT_EQ(counter.word_count(second), 50u);
  EXPECT_EQ(counter.pair_count(first, second), 50u);
}

TEST(PhraseCounter, PairCountsSurvivePruning) {
  // Every line adds a new rare word and a new rare pair, so the table is pruned and rebuilt
  // with new word ids several times. The frequent pair must keep its count through all of them.
  w2v::PhraseCounter counter(64);
  for (int i = 0; i < 200; ++i) {
    counter.add("x");
    counter.add("y");
    counter.add("rare" + std::to_string(i));
    counter.add(w2v::kSentenceEnd);
  }
  EXPECT_GE(counter.prune_threshold(), 3u);
  const std::int64_t x = counter.find_word("x");
  const std::int64_t y = counter.find_word("y");
  EXPECT_EQ(counter.word_count(x), 200u);
  EXPECT_EQ(counter.word_count(y), 200u);
  EXPECT_EQ(counter.pair_count(x, y), 200u);
  EXPECT_EQ(counter.pair_count(y, x), 0u);
}

TEST(PhrasesCli, LegacyFlagsWriteOutput) {
  TempDir dir;
  write_file(dir / "in.txt", corpus_with_phrase(1000, "new york", 20, 8));
  const auto result = run_w2v("phrases -train " + quoted(dir / "in.txt") + " -output " +
                              quoted(dir / "out.txt") + " -min-count 5 -threshold 100 -debug 2");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string output = read_file(dir / "out.txt");
  EXPECT_EQ(count_occurrences(output, "new_york"), 50u);
  EXPECT_EQ(count_occurrences(output, "\n"), 1000u);
  EXPECT_NE(result.err.find("1 distinct phrases"), std::string::npos) << result.err;
  EXPECT_TRUE(result.out.empty());
}

TEST(PhrasesCli, OutputMayReplaceInput) {
  TempDir dir;
  write_file(dir / "text.txt", corpus_with_phrase(1000, "new york", 20, 9));
  const auto result = run_w2v("phrases --train " + quoted(dir / "text.txt") + " --output " +
                              quoted(dir / "text.txt") + " --debug 0");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(count_occurrences(read_file(dir / "text.txt"), "new_york"), 50u);
}

TEST(PhrasesCli, StandardInputToStandardOutput) {
  const auto result =
      run_w2v("phrases -train - -output - -debug 0", corpus_with_phrase(1000, "new york", 20, 10));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(count_occurrences(result.out, "new_york"), 50u);
  EXPECT_EQ(count_occurrences(result.out, "\n"), 1000u);
}

TEST(PhrasesCli, MissingInputFails) {
  TempDir dir;
  const auto result = run_w2v("phrases -train " + quoted(dir / "absent.txt") + " -output " +
                              quoted(dir / "out.txt"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("cannot open training file"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("absent.txt"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out.txt"));
}

TEST(PhrasesCli, DirectoryInputFails) {
  TempDir dir;
  const auto result =
      run_w2v("phrases -train " + quoted(dir.path()) + " -output " + quoted(dir / "out.txt"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("is a directory"), std::string::npos) << result.err;
}

TEST(PhrasesCli, InvalidThresholdFails) {
  TempDir dir;
  write_file(dir / "in.txt", "a b\n");
  const std::string base =
      "phrases -train " + quoted(dir / "in.txt") + " -output " + quoted(dir / "out.txt");
  for (const std::string value : {"abc", "-5", "nan", "inf"}) {
    const auto result = run_w2v(base + " -threshold " + value);
    EXPECT_EQ(result.exit_code, 2) << value;
    EXPECT_NE(result.err.find("threshold"), std::string::npos) << value << ": " << result.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "out.txt"));
}

TEST(PhrasesCli, MissingOutputFlagFails) {
  TempDir dir;
  write_file(dir / "in.txt", "a b\n");
  const auto result = run_w2v("phrases -train " + quoted(dir / "in.txt"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("output"), std::string::npos) << result.err;
}

TEST(PhrasesCli, NegativeMinCountFails) {
  TempDir dir;
  write_file(dir / "in.txt", "a b\n");
  const auto result = run_w2v("phrases -train " + quoted(dir / "in.txt") + " -output " +
                              quoted(dir / "out.txt") + " -min-count -1");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("min-count"), std::string::npos) << result.err;
}

}  // namespace
