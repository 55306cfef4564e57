// Command-line tests of `w2v train`: flags, output layouts, reproducibility and errors.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <random>
#include <sstream>
#include <string>

#include "test_support.h"

namespace {

using w2v::testing::read_file;
using w2v::testing::run_w2v;
using w2v::testing::TempDir;
using w2v::testing::write_file;

// Text of `sentences` lines, each drawing 10 words from one of 6 groups of 6 words.
std::string planted_text(int sentences, unsigned seed) {
  std::mt19937 generator(seed);
  std::string text;
  for (int s = 0; s < sentences; ++s) {
    const int group = static_cast<int>(generator() % 6);
    for (int i = 0; i < 10; ++i) {
      text += "g" + std::to_string(group) + "w" + std::to_string(generator() % 6) + " ";
    }
    text += "\n";
  }
  return text;
}

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

// Flags of a quick run, word2vec.c spelling.
const std::string kQuick =
    " -size 12 -window 3 -negative 3 -hs 0 -cbow 0 -sample 0 -min-count 1 -iter 2 -debug 0";

TEST(TrainCli, LegacyFlagsWriteBinaryLayout) {
  TempDir dir;
  write_file(dir / "corpus.txt", planted_text(200, 1));
  const auto result = run_w2v("train -train " + quoted(dir / "corpus.txt") + " -output " +
                              quoted(dir / "vectors.bin") + kQuick + " -binary 1 -threads 1");
  ASSERT_EQ(result.exit_code, 0) << result.err;

  const std::string bytes = read_file(dir / "vectors.bin");
  // 36 words plus </s>, dimension 12: "37 12\n" then word, space, 48 bytes, newline.
  ASSERT_TRUE(bytes.starts_with("37 12\n")) << bytes.substr(0, 20);
  std::size_t at = 6;
  int words = 0;
  while (at < bytes.size()) {
    const std::size_t space = bytes.find(' ', at);
    ASSERT_NE(space, std::string::npos);
    const std::string word = bytes.substr(at, space - at);
    EXPECT_FALSE(word.empty());
    if (words == 0) {
      EXPECT_EQ(word, "</s>");
    }
    at = space + 1 + 12 * sizeof(float);
    ASSERT_LT(at, bytes.size() + 1);
    EXPECT_EQ(bytes[at], '\n') << "after word " << word;
    ++at;
    ++words;
  }
  EXPECT_EQ(words, 37);
}

TEST(TrainCli, TextLayout) {
  TempDir dir;
  write_file(dir / "corpus.txt", planted_text(200, 2));
  const auto result = run_w2v("train --train " + quoted(dir / "corpus.txt") + " --output " +
                              quoted(dir / "vectors.txt") + kQuick + " --binary 0");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream in(read_file(dir / "vectors.txt"));
  std::size_t vocab = 0, dim = 0;
  in >> vocab >> dim;
  EXPECT_EQ(vocab, 37u);
  EXPECT_EQ(dim, 12u);
  std::string line;
  std::getline(in, line);
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string word;
    fields >> word;
    int values = 0;
    float value;
    while (fields >> value) ++values;
    EXPECT_EQ(values, 12) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 37u);
}

TEST(TrainCli, SingleThreadSeedIsByteIdentical) {
  TempDir dir;
  write_file(dir / "corpus.txt", planted_text(400, 3));
  const std::string base = "train -train " + quoted(dir / "corpus.txt") + kQuick +
                           " -sample 1e-2 -binary 1 --threads 1 --seed 7 -output ";
  ASSERT_EQ(run_w2v(base + quoted(dir / "a.bin")).exit_code, 0);
  ASSERT_EQ(run_w2v(base + quoted(dir / "b.bin")).exit_code, 0);
  EXPECT_EQ(read_file(dir / "a.bin"), read_file(dir / "b.bin"));

  const std::string other = "train -train " + quoted(dir / "corpus.txt") + kQuick +
                            " -sample 1e-2 -binary 1 --threads 1 --seed 8 -output ";
  ASSERT_EQ(run_w2v(other + quoted(dir / "c.bin")).exit_code, 0);
  EXPECT_NE(read_file(dir / "a.bin"), read_file(dir / "c.bin"));
}

TEST(TrainCli, StandardInputMatchesFile) {
  TempDir dir;
  const std::string text = planted_text(200, 4);
  write_file(dir / "corpus.txt", text);
  const std::string flags = kQuick + " -binary 1 -threads 1 -seed 3 -output ";
  ASSERT_EQ(run_w2v("train -train " + quoted(dir / "corpus.txt") + flags + quoted(dir / "file.bin")).exit_code, 0);
  const auto from_stdin = run_w2v("train -train -" + flags + quoted(dir / "stdin.bin"), text);
  ASSERT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
  EXPECT_EQ(read_file(dir / "file.bin"), read_file(dir / "stdin.bin"));
}

TEST(TrainCli, SaveAndReadVocab) {
  TempDir dir;
  write_file(dir / "corpus.txt", planted_text(200, 5));
  const std::string flags = kQuick + " -binary 1 -threads 1 -seed 3";
  ASSERT_EQ(run_w2v("train -train " + quoted(dir / "corpus.txt") + flags + " -output " +
                    quoted(dir / "counted.bin") + " -save-vocab " + quoted(dir / "vocab.txt"))
                .exit_code,
            0);
  const std::string vocab = read_file(dir / "vocab.txt");
  EXPECT_TRUE(vocab.starts_with("</s> 200\n")) << vocab.substr(0, 30);
  ASSERT_EQ(run_w2v("train -train " + quoted(dir / "corpus.txt") + flags + " -output " +
                    quoted(dir / "read.bin") + " -read-vocab " + quoted(dir / "vocab.txt"))
                .exit_code,
            0);
  EXPECT_EQ(read_file(dir / "counted.bin"), read_file(dir / "read.bin"));
}

TEST(TrainCli, VocabOnlyWithoutOutput) {
  TempDir dir;
  write_file(dir / "corpus.txt", "a a a b b\n");
  const auto result = run_w2v("train -train " + quoted(dir / "corpus.txt") +
                              " -min-count 2 -save-vocab " + quoted(dir / "vocab.txt"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_file(dir / "vocab.txt"), "</s> 1\na 3\nb 2\n");
}

// Each invalid command: expected exit status and a fragment of the message.
struct BadRun {
  std::string flags;
  int exit_code;
  std::string message;
};

TEST(TrainCli, InvalidSettingsAreRejected) {
  TempDir dir;
  write_file(dir / "corpus.txt", planted_text(50, 6));
  write_file(dir / "old.bin", "previous model");
  const std::string corpus = " -train " + quoted(dir / "corpus.txt");
  const std::string output = " -output " + quoted(dir / "old.bin");
  const std::vector<BadRun> cases = {
      {corpus + output + " -foo 1", 2, "-foo"},
      {corpus + output + " -size abc", 2, "size"},
      {corpus + output + " -size", 2, "size"},
      {corpus + output + " -cbow 2", 2, "cbow"},
      {corpus + output + " -hs 2", 2, "hs"},
      {corpus + output + " -negative 0", 2, "--negative"},
      {corpus + output + " -negative -1", 2, "--negative"},
      {corpus + output + " -size 0", 2, "--size"},
      {corpus + output + " -window 0", 2, "--window"},
      {corpus + output + " -threads 0", 2, "--threads"},
      {corpus + output + " -alpha 0", 2, "--alpha"},
      {corpus + output + " -alpha -0.1", 2, "--alpha"},
      {corpus + output + " -min-count 0", 2, "--min-count"},
      {corpus + output + " -sample -1", 2, "--sample"},
      {corpus + output + " -binary 2", 2, "binary"},
      {corpus + output + " -size -5", 2, "size"},
      {corpus + output + " -min-count -1", 2, "min-count"},
      {corpus + output + " -alpha inf", 2, "--alpha"},
      {corpus + output + " -debug 5", 2, "debug"},
      {corpus + " -output -", 2, "--output -"},
      {corpus + output + " -hs 1 -negative 0 -save-output " + quoted(dir / "ctx.bin"), 2,
       "--save-output"},
      {corpus + output + " --kernel fast", 2, "kernel"},
      {" -train " + quoted(dir / "missing.txt") + output, 1, "missing.txt"},
      {corpus + " -output " + quoted(dir / "no-such-dir" / "out.bin"), 2, "does not exist"},
      {corpus + output + " -min-count 1000", 2, "--min-count"},
      {output, 2, "train"},
  };
  for (const auto& c : cases) {
    const auto result = run_w2v("train" + c.flags + " -debug 0");
    EXPECT_EQ(result.exit_code, c.exit_code) << c.flags << "\n" << result.err;
    EXPECT_NE(result.err.find(c.message), std::string::npos) << c.flags << "\n" << result.err;
    EXPECT_EQ(read_file(dir / "old.bin"), "previous model") << c.flags;
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++files;
    EXPECT_EQ(files, 2u) << "stray file after: " << c.flags;
  }
}

TEST(TrainCli, OutputThroughSymlinkAndPipe) {
  TempDir dir;
  write_file(dir / "corpus.txt", planted_text(100, 9));
  std::filesystem::create_directory(dir / "real");
  write_file(dir / "real" / "target.txt", "old");
  std::filesystem::create_symlink(dir / "real" / "target.txt", dir / "link.txt");
  const std::string train = "train -train " + quoted(dir / "corpus.txt") + kQuick + " -output ";
  const auto through_link = run_w2v(train + quoted(dir / "link.txt"));
  ASSERT_EQ(through_link.exit_code, 0) << through_link.err;
  EXPECT_TRUE(std::filesystem::is_symlink(dir / "link.txt"));
  EXPECT_TRUE(read_file(dir / "real" / "target.txt").starts_with("37 12\n"));

  ASSERT_EQ(::mkfifo((dir / "pipe").c_str(), 0600), 0);
  const auto to_pipe = run_w2v(train + quoted(dir / "pipe"));
  EXPECT_EQ(to_pipe.exit_code, 2);
  EXPECT_NE(to_pipe.err.find("not a regular file"), std::string::npos) << to_pipe.err;
}

TEST(TrainCli, EmptyCorpusIsAnError) {
  TempDir dir;
  write_file(dir / "empty.txt", "");
  const auto result = run_w2v("train -train " + quoted(dir / "empty.txt") + " -output " +
                              quoted(dir / "out.bin") + " -debug 0");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("no words to train"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out.bin"));
}

}  // namespace

namespace {

TEST(TrainCli, ClassesWritesOneLinePerWord) {
  TempDir dir;
  write_file(dir / "corpus.txt", planted_text(600, 7));
  const auto result = run_w2v("train -train " + quoted(dir / "corpus.txt") + " -output " +
                              quoted(dir / "classes.txt") + kQuick + " -threads 1 -classes 6");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream in(read_file(dir / "classes.txt"));
  std::string word;
  int cls = 0;
  std::set<int> classes;
  std::map<std::string, int> class_of;
  while (in >> word >> cls) {
    classes.insert(cls);
    class_of[word] = cls;
  }
  EXPECT_EQ(class_of.size(), 37u);  // 36 words and </s>
  EXPECT_EQ(classes.size(), 6u);
  // Words of one planted group mostly share a class: check the group of g0w0.
  int same = 0;
  for (int i = 0; i < 6; ++i) same += class_of["g0w" + std::to_string(i)] == class_of["g0w0"];
  EXPECT_GE(same, 5);

  const auto too_many = run_w2v("train -train " + quoted(dir / "corpus.txt") + " -output " +
                                quoted(dir / "c2.txt") + kQuick + " -classes 100");
  EXPECT_EQ(too_many.exit_code, 2);
  EXPECT_NE(too_many.err.find("--classes"), std::string::npos) << too_many.err;
}

}  // namespace

namespace {

TEST(TrainCli, DeterministicIgnoresThreadCount) {
  TempDir dir;
  write_file(dir / "corpus.txt", planted_text(400, 8));
  const std::string base = "train -train " + quoted(dir / "corpus.txt") + kQuick +
                           " -sample 1e-2 -binary 1 --seed 5 --deterministic -output ";
  ASSERT_EQ(run_w2v(base + quoted(dir / "one.bin") + " -threads 1").exit_code, 0);
  ASSERT_EQ(run_w2v(base + quoted(dir / "two.bin") + " -threads 2").exit_code, 0);
  ASSERT_EQ(run_w2v(base + quoted(dir / "four.bin") + " -threads 4").exit_code, 0);
  EXPECT_EQ(read_file(dir / "one.bin"), read_file(dir / "two.bin"));
  EXPECT_EQ(read_file(dir / "one.bin"), read_file(dir / "four.bin"));
}

}  // namespace
