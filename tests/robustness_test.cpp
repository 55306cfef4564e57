// Hostile and degenerate inputs to `w2v train` and the interactive query tools. Each run must
// either succeed or exit with a message that names what to change, and a failed run must leave
// a pre-existing output file unchanged and no temporary file behind.

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using w2v::testing::CommandResult;
using w2v::testing::read_file;
using w2v::testing::run_w2v;
using w2v::testing::TempDir;
using w2v::testing::write_file;

// Content of the output file that exists before each run.
const std::string kPreviousModel = "previous model\n";

// Flags of a short run.
const std::string kQuick =
    " -size 8 -window 2 -negative 2 -sample 0 -min-count 1 -iter 1 -threads 2 -binary 0";

// Runs w2v with `arguments` under coreutils timeout, which kills it after `seconds`. A killed
// run reports exit code 137 (128 + SIGKILL), so a hang fails the test instead of stalling it.
CommandResult run_bounded(const std::string& arguments, int seconds) {
  TempDir scratch;
  const auto out_path = scratch / "stdout";
  const auto err_path = scratch / "stderr";
  const std::string command = "timeout -s KILL " + std::to_string(seconds) + " '" + W2V_BINARY +
                              "' " + arguments + " </dev/null >'" + out_path.string() + "' 2>'" +
                              err_path.string() + "'";
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

std::set<std::string> file_names(const fs::path& directory) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

// Random bytes, NUL and every other byte value included.
std::string random_bytes(std::size_t size, unsigned seed) {
  std::mt19937 generator(seed);
  std::string bytes(size, '\0');
  for (auto& byte : bytes) byte = static_cast<char>(generator() & 0xFF);
  return bytes;
}

// `lines` lines of `words_per_line` words drawn from a vocabulary of `distinct` words, with word k
// drawn about twice as often as word 2k (a rough Zipf law).
std::string zipf_text(int lines, int words_per_line, int distinct, unsigned seed) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::string text;
  for (int line = 0; line < lines; ++line) {
    for (int i = 0; i < words_per_line; ++i) {
      const int k = static_cast<int>(std::pow(static_cast<double>(distinct), uniform(generator)));
      text += "w" + std::to_string(k - 1) + " ";
    }
    text += "\n";
  }
  return text;
}

// One row of the table: the input files the test writes, the train flags, and what must happen.
struct TrainCase {
  std::string name;
  std::vector<std::pair<std::string, std::string>> inputs;  // file name -> content
  std::string flags;  // after "train", with "{dir}" for the test's directory
  int exit_code;
  std::vector<std::string> messages;      // substrings the standard error must contain
  std::vector<std::string> absent;        // substrings it must not contain
  std::vector<std::string> new_files;     // files the run creates besides out.txt
  std::function<void(const fs::path&)> check;  // extra checks on the directory, or empty
};

std::string print_case_name(const ::testing::TestParamInfo<TrainCase>& info) {
  return info.param.name;
}

std::vector<TrainCase> train_cases() {
  const std::string output = " -output {dir}/out.txt";
  const std::string ten_megabytes(10 << 20, 'x');

  std::string million_tokens;
  million_tokens.reserve(6'000'000);
  for (int i = 0; i < 1'000'000; ++i) {
    million_tokens += "t" + std::to_string(i % 1000);
    million_tokens += ' ';
  }
  million_tokens.pop_back();  // no trailing space and no newline

  return {
      {"EmptyFile", {{"in.txt", ""}}, "-train {dir}/in.txt" + output + kQuick, 2,
       {"no words to train", "Lower --min-count or give more text"}},
      {"AllWordsBelowMinCount", {{"in.txt", "a b c a b\nc d e\n"}},
       "-train {dir}/in.txt" + output + kQuick + " -min-count 5", 2,
       {"vocab: 1 words with count >= 5", "no words to train"}},
      // Arbitrary bytes are words: only the separators split them, and the rest are kept as they
      // are, so garbage trains like text and every word reads back.
      {"BinaryGarbageTrains", {{"in.txt", random_bytes(200'000, 1)}},
       "-train {dir}/in.txt" + output + kQuick, 0, {"trained "}, {}, {},
       [](const fs::path& dir) {
         const auto result = run_w2v("convert '" + (dir / "out.txt").string() + "' '" +
                                     (dir / "copy.bin").string() + "' --binary 1");
         EXPECT_EQ(result.exit_code, 0) << result.err;
         fs::remove(dir / "copy.bin");
       }},
      {"OnlyNulBytes", {{"in.txt", std::string(100'000, '\0')}},
       "-train {dir}/in.txt" + output + kQuick, 2, {"read 0 tokens", "no words to train"}},
      {"TenMegabyteTokenIsCut", {{"in.txt", ten_megabytes + " y\n"}},
       "-train {dir}/in.txt" + output + kQuick + " -save-vocab {dir}/vocab.txt", 0,
       {"1 tokens were longer than 100 bytes and were cut"}, {}, {"vocab.txt"},
       [](const fs::path& dir) {
         EXPECT_EQ(read_file(dir / "vocab.txt"), "</s> 1\n" + std::string(100, 'x') + " 1\ny 1\n");
       }},
      {"MillionTokensOnOneLine", {{"in.txt", million_tokens}},
       "-train {dir}/in.txt" + output + kQuick, 0,
       {"read 1000000 tokens", "trained 1000000 tokens"}},
      {"MissingInputFile", {}, "-train {dir}/missing.txt" + output + kQuick, 1,
       {"cannot open training file", "missing.txt", "Check the path given to -train"}},
      {"InputIsDirectory", {}, "-train {dir}" + output + kQuick, 1, {"is a directory"}},
      {"OutputDirectoryMissing", {{"in.txt", "a b c\n"}},
       "-train {dir}/in.txt -output {dir}/no-such-dir/out.txt" + kQuick, 2,
       {"no-such-dir", "does not exist"}, {"read "}},
      {"OutputIsDirectory", {{"in.txt", "a b c\n"}}, "-train {dir}/in.txt -output {dir}" + kQuick,
       2, {"is a directory"}, {"read "}},
      {"MaxVocabPrunes", {{"in.txt", zipf_text(200, 20, 500, 2)}},
       "-train {dir}/in.txt" + output + kQuick + " --max-vocab 40", 0,
       {"vocabulary reached --max-vocab 40 distinct words: dropped", "words with count <= "}},
      {"SizeTooLargeForMemory", {{"in.txt", "a b c\n"}},
       "-train {dir}/in.txt" + output + kQuick + " -size 1000000000000", 2,
       {"the model needs about", "GiB", "Lower --size"}, {"training skip-gram"}},
      // 2^64 - 1 dimensions: the size estimate must not wrap around to a small number.
      {"SizeOverflowsEstimate", {{"in.txt", "a b c\n"}},
       "-train {dir}/in.txt" + output + kQuick + " -size 18446744073709551615", 2,
       {"the model needs about", "Lower --size"}, {"training skip-gram"}},
      // libgomp crashes when asked for 100000 threads; the limit turns that into a usage error.
      {"ThreadsBeyondLimit", {{"in.txt", "a b c\n"}},
       "-train {dir}/in.txt" + output + kQuick + " -threads 100000", 2,
       {"--threads must be at most 4096"}, {"read "}},
      {"DivergenceWritesNothing", {{"in.txt", zipf_text(300, 20, 50, 3)}},
       "-train {dir}/in.txt" + output + kQuick + " -alpha 1e30 -save-output {dir}/context.txt",
       1, {"training diverged", "Lower the learning rate (--alpha)"}},
      {"BadReadVocabNamesLine", {{"in.txt", "a b c\n"}, {"vocab.txt", "a 1\nb two\n"}},
       "-train {dir}/in.txt" + output + kQuick + " -read-vocab {dir}/vocab.txt", 1,
       {"vocab.txt' line 2", "'two' is not a non-negative integer"}},
  };
}

class TrainRobustness : public ::testing::TestWithParam<TrainCase> {};

TEST_P(TrainRobustness, ExitsCleanly) {
  const TrainCase& c = GetParam();
  TempDir dir;
  std::set<std::string> expected_files = {"out.txt"};
  for (const auto& [name, content] : c.inputs) {
    write_file(dir / name, content);
    expected_files.insert(name);
  }
  write_file(dir / "out.txt", kPreviousModel);

  const std::string quoted_dir = "'" + dir.path().string() + "'";
  const std::string flags = replace_all(c.flags, "{dir}/", "'" + dir.path().string() + "'/");
  // Every case is small: 60 s is far beyond a normal run, even under sanitizers.
  const auto result = run_bounded("train " + replace_all(flags, "{dir}", quoted_dir), 60);

  EXPECT_EQ(result.exit_code, c.exit_code) << result.err;
  for (const auto& message : c.messages) {
    EXPECT_NE(result.err.find(message), std::string::npos) << "missing '" << message << "' in:\n"
                                                           << result.err;
  }
  for (const auto& message : c.absent) {
    EXPECT_EQ(result.err.find(message), std::string::npos) << "unexpected '" << message
                                                           << "' in:\n" << result.err;
  }
  if (c.exit_code == 0) {
    EXPECT_NE(read_file(dir / "out.txt"), kPreviousModel) << "output not replaced";
  } else {
    EXPECT_EQ(read_file(dir / "out.txt"), kPreviousModel) << "output changed by a failed run";
  }
  if (c.check) c.check(dir.path());
  for (const auto& name : c.new_files) expected_files.insert(name);
  EXPECT_EQ(file_names(dir.path()), expected_files) << "missing or stray files";
}

INSTANTIATE_TEST_SUITE_P(Train, TrainRobustness, ::testing::ValuesIn(train_cases()),
                         print_case_name);

TEST(TrainRobustnessText, CrlfAndLfGiveSameVocab) {
  TempDir dir;
  const std::string lf = zipf_text(100, 12, 60, 4);
  write_file(dir / "lf.txt", lf);
  write_file(dir / "crlf.txt", replace_all(lf, "\n", "\r\n"));
  for (const std::string name : {"lf", "crlf"}) {
    const auto result = run_bounded("train -train '" + (dir / (name + ".txt")).string() +
                                        "' -min-count 1 -save-vocab '" +
                                        (dir / (name + ".vocab")).string() + "'",
                                    60);
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  const std::string vocab = read_file(dir / "lf.vocab");
  EXPECT_TRUE(vocab.starts_with("</s> 100\n")) << vocab.substr(0, 40);
  EXPECT_EQ(read_file(dir / "crlf.vocab"), vocab);
}

TEST(TrainRobustnessText, EmptyStandardInput) {
  TempDir dir;
  write_file(dir / "out.txt", kPreviousModel);
  const auto result = run_w2v("train -train - -output '" + (dir / "out.txt").string() + "'" +
                              kQuick);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("no words to train"), std::string::npos) << result.err;
  EXPECT_EQ(read_file(dir / "out.txt"), kPreviousModel);
}

// Interactive sessions: every hostile line gets an answer or a warning, then the next query is
// read.
class QueryRobustness : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(model_, "4 2\nalpha 1 0\nbeta 0.9 0.1\ngamma 0 1\ndelta -1 0\n");
  }

  std::string model() const { return "'" + model_.string() + "'"; }

  TempDir dir_;
  fs::path model_ = dir_ / "model.txt";
};

TEST_F(QueryRobustness, DistanceCrlfAndControlBytes) {
  // CR, tab and vertical tab separate words like spaces. A NUL byte stays inside its word, which
  // no model contains, so that line gets the unknown-word warning and an empty block.
  const std::string input =
      std::string("alpha\r\n\t\v alpha \r\n\r\n") + std::string("al\0pha\n", 7) + "alpha";
  const auto result = run_w2v("distance " + model() + " -n 1", input);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "beta\t0.993884\n\nbeta\t0.993884\n\n\nbeta\t0.993884\n\n") << result.err;
  EXPECT_NE(result.err.find("is not in the vocabulary"), std::string::npos) << result.err;
}

TEST_F(QueryRobustness, DistanceManyWordsOnOneLine) {
  std::string line;
  for (int i = 0; i < 100'000; ++i) line += "alpha gamma ";
  const auto result = run_w2v("distance " + model() + " -n 1", line + "\n");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "beta\t0.780869\n\n");
}

TEST_F(QueryRobustness, AnalogyHostileLines) {
  const std::string long_word(1'000'000, 'z');
  const std::string input = "\n   \n" + long_word + " alpha beta\n" +
                            "alpha  beta\t\tgamma   \n" + std::string(500'000, ' ') + "\n" +
                            "alpha beta";  // no newline at the end of input
  const auto result = run_w2v("analogy " + model() + " -n 1", input);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // The unknown word and the two-word line give empty blocks, the known query one answer, and
  // blank lines nothing.
  EXPECT_EQ(result.out, "\ndelta\t0.005508\n\n\n");
  EXPECT_NE(result.err.find("(1000000 bytes)"), std::string::npos) << result.err.substr(0, 300);
  EXPECT_NE(result.err.find("expected three words A B C (A is to B as C is to ?), got 2"),
            std::string::npos)
      << result.err.substr(0, 300);
}

}  // namespace
