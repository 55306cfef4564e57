// End-to-end tests of `w2v convert`. The damaged-file table in vector_io_test.cpp also runs
// convert on every damaged file.

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "test_support.h"
#include "w2v/vector_io.h"

namespace w2v {
namespace {

using testing::read_file;
using testing::run_w2v;
using testing::TempDir;
using testing::write_file;

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

testing::CommandResult convert(const std::filesystem::path& in, const std::filesystem::path& out,
                               const std::string& flags) {
  return run_w2v("convert " + quoted(in) + " " + quoted(out) + " " + flags);
}

TEST(Convert, TextToBinaryAndBack) {
  TempDir dir;
  const std::string text = "3 4\nthe 0.1 -0.25 3e-07 12345.678\nof 1 2 3 4\ncaf\xE9 -1 0 0.5 9\n";
  write_file(dir / "in.txt", text);
  auto result = convert(dir / "in.txt", dir / "v.bin", "--binary 1");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const WordVectors binary = read_vectors(dir / "v.bin");
  EXPECT_EQ(binary.words, (std::vector<std::string>{"the", "of", "caf\xE9"}));
  EXPECT_EQ(binary.values[3], 12345.678f);

  result = convert(dir / "v.bin", dir / "out.txt", "--binary 0");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_file(dir / "out.txt"), text);
  EXPECT_NE(result.err.find("read 3 words of dimension 4"), std::string::npos) << result.err;
  EXPECT_TRUE(result.out.empty());
}

TEST(Convert, GloveToWord2vecText) {
  TempDir dir;
  write_file(dir / "glove.txt", "a 1 2\r\nb 3 4\r\n");
  const auto result = convert(dir / "glove.txt", dir / "out.txt", "--binary 0");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_file(dir / "out.txt"), "2 2\na 1 2\nb 3 4\n");
}

TEST(Convert, NormalizeKeepsZeroVectors) {
  TempDir dir;
  write_file(dir / "in.txt", "3 2\na 3 4\nzero 0 0\nb -2 0\n");
  const auto result = convert(dir / "in.txt", dir / "out.txt", "--binary 0 --normalize");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_file(dir / "out.txt"), "3 2\na 0.6 0.8\nzero 0 0\nb -1 0\n");
}

TEST(Convert, NormalizeGivesUnitLength) {
  TempDir dir;
  write_file(dir / "in.txt", "2 3\na 0.1 0.2 0.3\nb 100 -7 2e-3\n");
  const auto result = convert(dir / "in.txt", dir / "out.bin", "--binary 1 --normalize");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const WordVectors loaded = read_vectors(dir / "out.bin");
  for (std::size_t i = 0; i < loaded.size(); ++i) {
    double sum = 0.0;
    for (const float value : loaded.row(i)) sum += static_cast<double>(value) * value;
    EXPECT_NEAR(std::sqrt(sum), 1.0, 1e-6) << loaded.words[i];
  }
}

TEST(Convert, LimitKeepsFirstRows) {
  TempDir dir;
  write_file(dir / "in.txt", "4 1\na 1\nb 2\nc 3\nd 4\n");
  const auto result = convert(dir / "in.txt", dir / "out.txt", "--binary 0 --limit 2");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_file(dir / "out.txt"), "2 1\na 1\nb 2\n");
}

TEST(Convert, LenientSkipsAndWarns) {
  TempDir dir;
  write_file(dir / "in.txt", "4 2\na 1 2\nb 1 x\nc 3\nd 5 6\n");
  const auto result = convert(dir / "in.txt", dir / "out.txt", "--binary 0 --lenient");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_file(dir / "out.txt"), "2 2\na 1 2\nd 5 6\n");
  EXPECT_NE(result.err.find("skipped 2 faults (2 malformed rows)"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("line 3"), std::string::npos) << result.err;
}

TEST(Convert, DuplicatesWarnOnce) {
  TempDir dir;
  write_file(dir / "in.txt", "3 1\na 1\na 2\na 3\n");
  const auto result = convert(dir / "in.txt", dir / "out.txt", "--binary 0");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_file(dir / "out.txt"), "1 1\na 1\n");
  EXPECT_NE(result.err.find("2 rows repeat a word"), std::string::npos) << result.err;
}

TEST(Convert, InvalidUtf8Replace) {
  TempDir dir;
  write_file(dir / "in.txt", "2 1\ncaf\xE9 1\nok 2\n");
  const auto result =
      convert(dir / "in.txt", dir / "out.txt", "--binary 0 --invalid-utf8 replace");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_file(dir / "out.txt"), "2 1\ncaf\xEF\xBF\xBD 1\nok 2\n");
  EXPECT_NE(result.err.find("1 words are not valid UTF-8"), std::string::npos) << result.err;
}

TEST(Convert, InPlace) {
  TempDir dir;
  write_file(dir / "v", "1 2\na 1 2\n");
  const auto result = convert(dir / "v", dir / "v", "--binary 1");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const WordVectors loaded = read_vectors(dir / "v");
  EXPECT_EQ(loaded.values, (std::vector<float>{1.0f, 2.0f}));
}

TEST(Convert, FailureKeepsExistingOutput) {
  TempDir dir;
  write_file(dir / "in.txt", "2 2\na 1 2\n");
  write_file(dir / "out.txt", "previous");
  const auto result = convert(dir / "in.txt", dir / "out.txt", "--binary 0");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(read_file(dir / "out.txt"), "previous");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 2);
}

TEST(Convert, MissingInputIsError) {
  TempDir dir;
  const auto result = convert(dir / "absent.bin", dir / "out.txt", "--binary 0");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("cannot open"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("absent.bin"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out.txt"));
}

TEST(Convert, BadFlagValuesAreUsageErrors) {
  TempDir dir;
  write_file(dir / "in.txt", "1 1\na 1\n");
  EXPECT_EQ(convert(dir / "in.txt", dir / "out.txt", "--binary 2").exit_code, 2);
  EXPECT_EQ(convert(dir / "in.txt", dir / "out.txt", "").exit_code, 2);
  EXPECT_EQ(convert(dir / "in.txt", dir / "out.txt", "--binary 0 --limit -1").exit_code, 2);
  EXPECT_EQ(convert(dir / "in.txt", dir / "out.txt", "--binary 0 --invalid-utf8 drop").exit_code,
            2);
  EXPECT_EQ(convert(dir / "in.txt", dir / "missing-dir" / "out.txt", "--binary 0").exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir / "out.txt"));
}

}  // namespace
}  // namespace w2v
