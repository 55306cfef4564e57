// End-to-end runs of `w2v predict`: output lines, seeds, flag checks and file errors.

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace {

using w2v::testing::run_w2v;
using w2v::testing::TempDir;
using w2v::testing::write_file;

// Query "q" has input vector (1, 0), so the scores of a..e are 2, 1, 0.5, 0 and -1. Their
// softmax is 0.563021, 0.207124, 0.125627, 0.0761966 and 0.0280312.
constexpr const char* kWordVectors =
    "6 2\n"
    "q 1 0\n"
    "a 0 1\n"
    "b 0 1\n"
    "c 0 1\n"
    "d 0 1\n"
    "e 0 1\n";
constexpr const char* kContextVectors =
    "6 2\n"
    "q 0 0\n"
    "a 2 0\n"
    "b 1 0\n"
    "c 0.5 0\n"
    "d 0 0\n"
    "e -1 0\n";

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

class PredictCli : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_ / "vec.txt", kWordVectors);
    write_file(dir_ / "ctx.txt", kContextVectors);
  }

  // Runs predict on the tiny model with `arguments` after the two files.
  w2v::testing::CommandResult predict(const std::string& arguments) const {
    return run_w2v("predict " + quoted(dir_ / "vec.txt") + " " + quoted(dir_ / "ctx.txt") + " " +
                   arguments);
  }

  TempDir dir_;
};

TEST_F(PredictCli, GreedyPrintsWordProbabilityScoreSigmoid) {
  const auto result = predict("q -n 2");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "a\t0.563021\t2.000000\t0.880797\n"
            "b\t0.207124\t1.000000\t0.731059\n");
}

TEST_F(PredictCli, DefaultListsTenWithoutQuery) {
  const auto result = predict("q");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 5U) << "five candidates, fewer than -n 10";
  EXPECT_TRUE(lines[4].starts_with("e\t0.0280312\t-1.000000\t")) << lines[4];

  const auto with_query = predict("q --include-query");
  EXPECT_EQ(lines_of(with_query.out).size(), 6U) << with_query.err;
}

TEST_F(PredictCli, TopPPrintsNucleus) {
  const auto result = predict("q --top-p 0.7");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "a\t0.563021\t2.000000\t0.880797\n"
            "b\t0.207124\t1.000000\t0.731059\n");
}

TEST_F(PredictCli, SamplesRepeatWithSeed) {
  const auto first = predict("q --samples 30 --seed 5 --temperature 3");
  const auto again = predict("q --samples 30 -seed 5 --temperature 3");
  const auto other = predict("q --samples 30 --seed 6 --temperature 3");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(lines_of(first.out).size(), 30U);
  EXPECT_EQ(first.out, again.out);
  EXPECT_NE(first.out, other.out);
}

TEST_F(PredictCli, UnknownWordsAreNamed) {
  const auto result = predict("q unicorn Q");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find("'unicorn', 'Q' are not in the vocabulary"), std::string::npos)
      << result.err;
}

TEST_F(PredictCli, MismatchedFilesFail) {
  write_file(dir_ / "other_words.txt", "6 2\nq 0 0\na 2 0\nb 1 0\nc 0.5 0\nd 0 0\nf -1 0\n");
  write_file(dir_ / "other_dim.txt", "6 1\nq 0\na 2\nb 1\nc 0.5\nd 0\ne -1\n");
  const std::string words = quoted(dir_ / "vec.txt");

  const auto vocab = run_w2v("predict " + words + " " + quoted(dir_ / "other_words.txt") + " q");
  EXPECT_EQ(vocab.exit_code, 1);
  EXPECT_NE(vocab.err.find("row 6 is 'e' against 'f'"), std::string::npos) << vocab.err;

  const auto dim = run_w2v("predict " + words + " " + quoted(dir_ / "other_dim.txt") + " q");
  EXPECT_EQ(dim.exit_code, 1);
  EXPECT_NE(dim.err.find("dimension 2 against 1"), std::string::npos) << dim.err;
}

TEST_F(PredictCli, InvalidValuesNameTheFlag) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--top-p 0", "--top-p must be in (0, 1], got 0"},
      {"--top-p 1.5", "--top-p must be in (0, 1], got 1.5"},
      {"--temperature 0", "--temperature must be a finite number greater than 0, got 0"},
      {"--temperature -2", "--temperature must be a finite number greater than 0, got -2"},
      {"--top-k 0", "--top-k must be at least 1, got 0"},
      {"--top-k -1", "--top-k must be at least 1, got -1"},
      {"-n 0", "-n must be at least 1, got 0"},
      {"--top-p x", "--top-p = x"},
      {"--samples 0", "--samples must be at least 1, got 0"},
      {"-n 3 --top-k 2", "excludes --top-k"},
  };
  for (const auto& [flags, message] : cases) {
    const auto result = predict("q " + flags);
    EXPECT_EQ(result.exit_code, 2) << flags;
    EXPECT_EQ(result.out, "") << flags;
    EXPECT_NE(result.err.find(message), std::string::npos) << flags << ": " << result.err;
  }
}

TEST_F(PredictCli, HelpExplainsDecoding) {
  const auto result = run_w2v("predict --help");
  EXPECT_EQ(result.exit_code, 0);
  for (const std::string term : {"Greedy", "--top-k", "--top-p", "nucleus", "--temperature",
                                 "--seed", "--samples", "CONTEXT_VECTORS"}) {
    EXPECT_NE(result.out.find(term), std::string::npos) << term;
  }
}

// Text of `sentences` lines, each with 10 words of one of 4 groups of 5 words ("g2w3").
std::string grouped_text(int sentences) {
  std::mt19937 generator(17);
  std::string text;
  for (int s = 0; s < sentences; ++s) {
    const auto group = std::to_string(generator() % 4);
    for (int i = 0; i < 10; ++i) text += "g" + group + "w" + std::to_string(generator() % 5) + " ";
    text += "\n";
  }
  return text;
}

TEST(PredictCliTrained, ContextsComeFromQueryGroup) {
  TempDir dir;
  write_file(dir / "corpus.txt", grouped_text(1000));
  const auto train = run_w2v(
      "train -train " + quoted(dir / "corpus.txt") + " -output " + quoted(dir / "vec.bin") +
      " -save-output " + quoted(dir / "ctx.bin") +
      " -size 16 -window 3 -negative 5 -sample 0 -min-count 1 -iter 5 -binary 1 -threads 1"
      " -seed 1 -debug 0");
  ASSERT_EQ(train.exit_code, 0) << train.err;

  const auto result = run_w2v("predict " + quoted(dir / "vec.bin") + " " +
                              quoted(dir / "ctx.bin") + " g1w0 -n 5");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // Skip-gram's optimal score is the PMI minus log(negative), log(4) - log(5) = -0.2 for a word
  // of the query's group here. "</s>" scores exactly 0, because it is never a context word nor
  // a negative sample, so its context vector stays zero. It may rank among the group words,
  // but every other word in the top 5 must come from group 1.
  std::vector<std::string> predicted;
  for (const std::string& line : lines_of(result.out)) {
    if (!line.starts_with("</s>\t")) predicted.push_back(line);
  }
  ASSERT_GE(predicted.size(), 4U) << result.out;
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_TRUE(predicted[i].starts_with("g1w")) << "rank " << i << " of\n" << result.out;
  }
}

}  // namespace
