#include "w2v/vector_io.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "test_support.h"
#include "w2v/errors.h"

namespace w2v {
namespace {

using testing::read_file;
using testing::run_w2v;
using testing::TempDir;
using testing::write_file;

WordVectors make_vectors(std::vector<std::string> words, std::size_t dim) {
  WordVectors vectors;
  vectors.words = std::move(words);
  vectors.dim = dim;
  vectors.values.resize(vectors.words.size() * dim);
  for (std::size_t i = 0; i < vectors.values.size(); ++i) {
    // Values with long decimal expansions, both signs and a wide range of magnitudes.
    vectors.values[i] = static_cast<float>(std::sin(0.7 * static_cast<double>(i) + 0.1) *
                                           std::pow(10.0, static_cast<double>(i % 7) - 3.0));
  }
  return vectors;
}

std::string float_bytes(const std::vector<float>& values) {
  std::string bytes(values.size() * sizeof(float), '\0');
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

// One word2vec.c binary row: word, space, float32 values and, unless `newline` is false (as
// gensim writes it), a newline.
std::string binary_row(const std::string& word, const std::vector<float>& values,
                       bool newline = true) {
  return word + " " + float_bytes(values) + (newline ? "\n" : "");
}

void expect_same_vectors(const WordVectors& expected, const WordVectors& actual) {
  ASSERT_EQ(expected.dim, actual.dim);
  ASSERT_EQ(expected.words, actual.words);
  ASSERT_EQ(expected.values.size(), actual.values.size());
  for (std::size_t i = 0; i < expected.values.size(); ++i) {
    // Bitwise equality: text output must read back to the identical float32.
    ASSERT_EQ(std::bit_cast<std::uint32_t>(expected.values[i]),
              std::bit_cast<std::uint32_t>(actual.values[i]))
        << "value " << i << ": " << expected.values[i] << " vs " << actual.values[i];
  }
}

void expect_row(const WordVectors& vectors, std::size_t row, const std::string& word,
                const std::vector<float>& values) {
  ASSERT_LT(row, vectors.size());
  EXPECT_EQ(vectors.words[row], word);
  const std::span<const float> actual = vectors.row(row);
  ASSERT_EQ(actual.size(), values.size());
  for (std::size_t j = 0; j < values.size(); ++j) {
    EXPECT_EQ(actual[j], values[j]) << "row " << row << " value " << j;
  }
}

std::vector<std::string> directory_entries(const std::filesystem::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// --- Writer -------------------------------------------------------------------------------

TEST(VectorIo, BinaryRoundTrip) {
  TempDir dir;
  const WordVectors original = make_vectors({"the", "of", "caf\xC3\xA9", "x"}, 5);
  write_vectors(dir / "v.bin", original.words, original.view(), VectorFormat::kBinary);
  VectorReadReport report;
  const WordVectors loaded = read_vectors(dir / "v.bin", {}, &report);
  expect_same_vectors(original, loaded);
  EXPECT_EQ(report.format, VectorFormat::kBinary);
  EXPECT_TRUE(report.has_header);
  EXPECT_EQ(report.declared_words, 4u);
}

TEST(VectorIo, TextRoundTrip) {
  TempDir dir;
  const WordVectors original = make_vectors({"the", "of", "caf\xC3\xA9", "x"}, 5);
  write_vectors(dir / "v.txt", original.words, original.view(), VectorFormat::kText);
  VectorReadReport report;
  const WordVectors loaded = read_vectors(dir / "v.txt", {}, &report);
  expect_same_vectors(original, loaded);
  EXPECT_EQ(report.format, VectorFormat::kText);
}

TEST(VectorIo, TextRoundTripExtremeFloats) {
  TempDir dir;
  const std::vector<float> values = {std::numeric_limits<float>::max(),
                                     std::numeric_limits<float>::lowest(),
                                     std::numeric_limits<float>::min(),
                                     std::numeric_limits<float>::denorm_min(),
                                     -0.0f,
                                     0.1f,
                                     1.0f / 3.0f,
                                     16777217.0f};
  WordVectors original;
  original.words = {"extremes"};
  original.dim = values.size();
  original.values = values;
  write_vectors(dir / "v.txt", original.words, original.view(), VectorFormat::kText);
  expect_same_vectors(original, read_vectors(dir / "v.txt"));
}

TEST(VectorIo, RoundTripOddBytesInWords) {
  TempDir dir;
  // Invalid UTF-8, control bytes, a non-breaking space, numbers and "nan" as words.
  const std::vector<std::string> words = {
      "caf\xE9", "\xFF\xFE", "a\x01z",     "\x7F", "na\xC3\xAFve",    "\xE6\x97\xA5",
      "3",       "nan",      "a\xC2\xA0z", "-1e5", "\xEF\xBB\xBFword"};
  const WordVectors original = make_vectors(words, 3);
  for (const VectorFormat format : {VectorFormat::kBinary, VectorFormat::kText}) {
    write_vectors(dir / "v", original.words, original.view(), format);
    VectorReadReport report;
    const WordVectors loaded = read_vectors(dir / "v", {}, &report);
    expect_same_vectors(original, loaded);
    EXPECT_EQ(report.format, format);
    EXPECT_EQ(report.invalid_utf8_words, 2u);
  }
}

TEST(VectorIo, BinaryLayoutIsExact) {
  TempDir dir;
  const std::vector<std::string> words = {"a", "bc"};
  const std::vector<float> values = {1.0f, -2.5f, 0.25f, 3.0f};
  write_vectors(dir / "v.bin", words, {values.data(), 2, 2, 2}, VectorFormat::kBinary);
  const std::string expected =
      "2 2\n" + binary_row("a", {1.0f, -2.5f}) + binary_row("bc", {0.25f, 3.0f});
  EXPECT_EQ(read_file(dir / "v.bin"), expected);
}

TEST(VectorIo, TextLayoutIsExact) {
  TempDir dir;
  const std::vector<std::string> words = {"a", "bc"};
  const std::vector<float> values = {1.0f, -2.5f, 0.1f, 3e-7f};
  write_vectors(dir / "v.txt", words, {values.data(), 2, 2, 2}, VectorFormat::kText);
  EXPECT_EQ(read_file(dir / "v.txt"), "2 2\na 1 -2.5\nbc 0.1 3e-07\n");
}

TEST(VectorIo, WriterHonoursStride) {
  TempDir dir;
  const std::vector<std::string> words = {"a", "b"};
  const std::vector<float> padded = {1.0f, 2.0f, 99.0f, 3.0f, 4.0f, 99.0f};
  write_vectors(dir / "v.txt", words, {padded.data(), 2, 2, 3}, VectorFormat::kText);
  EXPECT_EQ(read_file(dir / "v.txt"), "2 2\na 1 2\nb 3 4\n");
}

TEST(VectorIo, WriterRejectsUnreadableWords) {
  const std::vector<std::string> bad_words = {"",     "a b",  "a\tb", "a\nb",
                                              "a\rb", "a\vb", "a\fb", std::string("a\0b", 3)};
  for (const std::string& bad : bad_words) {
    for (const VectorFormat format : {VectorFormat::kBinary, VectorFormat::kText}) {
      TempDir dir;
      write_file(dir / "v", "old content");
      const std::vector<std::string> words = {"fine", bad};
      const std::vector<float> values = {1.0f, 2.0f};
      try {
        write_vectors(dir / "v", words, {values.data(), 2, 1, 1}, format);
        ADD_FAILURE() << "no error for word '" << bad << "'";
      } catch (const InputError& error) {
        EXPECT_NE(std::string(error.what()).find("row 2"), std::string::npos) << error.what();
      }
      EXPECT_EQ(read_file(dir / "v"), "old content");
      EXPECT_EQ(directory_entries(dir.path()), std::vector<std::string>{"v"});
    }
  }
}

TEST(VectorIo, WriterRejectsNonFiniteValues) {
  TempDir dir;
  const std::vector<std::string> words = {"a", "b"};
  for (const float bad :
       {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
    const std::vector<float> values = {1.0f, 2.0f, 3.0f, bad};
    try {
      write_vectors(dir / "v", words, {values.data(), 2, 2, 2}, VectorFormat::kText);
      ADD_FAILURE() << "no error for " << bad;
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find("row 2"), std::string::npos) << error.what();
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "v"));
  }
}

TEST(VectorIo, WriterEmptyVocabularyReadsBack) {
  TempDir dir;
  const std::vector<std::string> words;
  write_vectors(dir / "v", words, {nullptr, 0, 4, 4}, VectorFormat::kText);
  EXPECT_EQ(read_file(dir / "v"), "0 4\n");
  const WordVectors loaded = read_vectors(dir / "v");
  EXPECT_EQ(loaded.size(), 0u);
  EXPECT_EQ(loaded.dim, 4u);
}

TEST(VectorIo, LargeTextRoundTripParallel) {
  // Above the size where text rows are parsed in parallel.
  TempDir dir;
  std::vector<std::string> words;
  for (int i = 0; i < 20000; ++i) words.push_back(std::to_string(i) + "w");
  const WordVectors original = make_vectors(words, 50);
  write_vectors(dir / "v.txt", original.words, original.view(), VectorFormat::kText);
  ASSERT_GT(std::filesystem::file_size(dir / "v.txt"), 4u << 20);
  expect_same_vectors(original, read_vectors(dir / "v.txt"));
}

TEST(VectorIo, LargeBinaryRoundTrip) {
  // Above the buffer size where a second thread maps pages ahead of the copy.
  TempDir dir;
  std::vector<std::string> words;
  for (int i = 0; i < 20000; ++i) words.push_back("w" + std::to_string(i));
  WordVectors original = make_vectors(words, 250);
  original.values[123 * 250 + 7] = std::numeric_limits<float>::infinity();

  // Written by hand, because write_vectors() rejects the infinity.
  std::string bytes = std::to_string(words.size()) + " 250\n";
  for (std::size_t row = 0; row < words.size(); ++row) {
    bytes += words[row] + " ";
    bytes.append(reinterpret_cast<const char*>(original.values.data() + row * 250),
                 250 * sizeof(float));
    bytes += "\n";
  }
  write_file(dir / "v.bin", bytes);
  ASSERT_GT(std::filesystem::file_size(dir / "v.bin"), 16u << 20);

  VectorReadOptions options;
  options.lenient = true;
  VectorReadReport report;
  const WordVectors loaded = read_vectors(dir / "v.bin", options, &report);

  // The row with the infinity is skipped; every other row reads back exactly.
  EXPECT_EQ(report.skipped_rows, 1u);
  ASSERT_EQ(loaded.words.size(), words.size() - 1);
  ASSERT_EQ(loaded.values.size(), loaded.words.size() * 250);
  EXPECT_EQ(loaded.words[123], "w124");
  for (std::size_t row = 0; row < loaded.words.size(); ++row) {
    const std::size_t source = row < 123 ? row : row + 1;
    ASSERT_EQ(std::memcmp(loaded.values.data() + row * 250,
                          original.values.data() + source * 250, 250 * sizeof(float)),
              0)
        << "row " << row;
  }
}

// --- Reader: layouts ----------------------------------------------------------------------

TEST(VectorIo, BinaryWithoutNewlines) {
  TempDir dir;
  write_file(dir / "v.bin",
             "2 2\n" + binary_row("a", {1.0f, 2.0f}, false) + binary_row("b", {3.0f, 4.0f}, false));
  const WordVectors loaded = read_vectors(dir / "v.bin");
  ASSERT_EQ(loaded.size(), 2u);
  expect_row(loaded, 0, "a", {1.0f, 2.0f});
  expect_row(loaded, 1, "b", {3.0f, 4.0f});
}

TEST(VectorIo, BinaryValuesContainingSeparatorBytes) {
  // Float bytes equal to '\n' and ' ' must not be taken for row or word ends.
  TempDir dir;
  const float tricky = std::bit_cast<float>(std::uint32_t{0x0A200A0A});
  const float spaces = std::bit_cast<float>(std::uint32_t{0x20202020});
  write_file(dir / "v.bin", "2 2\n" + binary_row("a", {tricky, spaces}) +
                                binary_row("b", {spaces, tricky}, false));
  const WordVectors loaded = read_vectors(dir / "v.bin");
  ASSERT_EQ(loaded.size(), 2u);
  expect_row(loaded, 0, "a", {tricky, spaces});
  expect_row(loaded, 1, "b", {spaces, tricky});
}

TEST(VectorIo, HeaderlessGloveText) {
  TempDir dir;
  write_file(dir / "glove.txt", "the 0.1 -0.2 0.3\nof 1 2 3\n");
  VectorReadReport report;
  const WordVectors loaded = read_vectors(dir / "glove.txt", {}, &report);
  EXPECT_FALSE(report.has_header);
  EXPECT_EQ(report.format, VectorFormat::kText);
  ASSERT_EQ(loaded.dim, 3u);
  expect_row(loaded, 0, "the", {0.1f, -0.2f, 0.3f});
  expect_row(loaded, 1, "of", {1.0f, 2.0f, 3.0f});
}

TEST(VectorIo, FastTextVecWithTrailingSpaces) {
  // fastText and word2vec.c text output end each row with a space.
  TempDir dir;
  write_file(dir / "v.vec", "2 3\n</s> 0.5 0.25 -1 \nword 1e-3 +2 .5 \n");
  const WordVectors loaded = read_vectors(dir / "v.vec");
  expect_row(loaded, 0, "</s>", {0.5f, 0.25f, -1.0f});
  expect_row(loaded, 1, "word", {1e-3f, 2.0f, 0.5f});
}

TEST(VectorIo, ByteOrderMark) {
  TempDir dir;
  write_file(dir / "h.txt",
             "\xEF\xBB\xBF"
             "1 2\na 1 2\n");
  write_file(dir / "g.txt",
             "\xEF\xBB\xBF"
             "a 1 2\n");
  write_file(dir / "b.bin",
             "\xEF\xBB\xBF"
             "1 2\n" +
                 binary_row("a", {1.0f, 2.0f}));
  for (const char* name : {"h.txt", "g.txt", "b.bin"}) {
    const WordVectors loaded = read_vectors(dir / name);
    ASSERT_EQ(loaded.size(), 1u) << name;
    expect_row(loaded, 0, "a", {1.0f, 2.0f});
  }
}

TEST(VectorIo, CrlfLineEnds) {
  TempDir dir;
  write_file(dir / "h.txt", "2 2\r\na 1 2\r\nb 3 4\r\n");
  write_file(dir / "g.txt", "a 1 2\r\nb 3 4\r\n");
  for (const char* name : {"h.txt", "g.txt"}) {
    const WordVectors loaded = read_vectors(dir / name);
    ASSERT_EQ(loaded.size(), 2u) << name;
    expect_row(loaded, 0, "a", {1.0f, 2.0f});
    expect_row(loaded, 1, "b", {3.0f, 4.0f});
  }
}

TEST(VectorIo, TabsAndBlankLines) {
  TempDir dir;
  write_file(dir / "v.txt", "2 2\n\na\t1\t2\n\nb 3  4\n\n");
  const WordVectors loaded = read_vectors(dir / "v.txt");
  ASSERT_EQ(loaded.size(), 2u);
  expect_row(loaded, 1, "b", {3.0f, 4.0f});
}

TEST(VectorIo, LastLineWithoutNewline) {
  TempDir dir;
  write_file(dir / "v.txt", "2 2\na 1 2\nb 3 4");
  const WordVectors loaded = read_vectors(dir / "v.txt");
  expect_row(loaded, 1, "b", {3.0f, 4.0f});
}

TEST(VectorIo, UnderflowBecomesZero) {
  TempDir dir;
  write_file(dir / "v.txt", "a 1e-60 -1e-60\n");
  const WordVectors loaded = read_vectors(dir / "v.txt");
  expect_row(loaded, 0, "a", {0.0f, -0.0f});
}

TEST(VectorIo, LimitLoadsFirstRows) {
  TempDir dir;
  const WordVectors original = make_vectors({"a", "b", "c", "d"}, 3);
  write_vectors(dir / "v.txt", original.words, original.view(), VectorFormat::kText);
  write_vectors(dir / "v.bin", original.words, original.view(), VectorFormat::kBinary);
  for (const char* name : {"v.txt", "v.bin"}) {
    VectorReadOptions options;
    options.limit = 2;
    const WordVectors loaded = read_vectors(dir / name, options);
    ASSERT_EQ(loaded.words, (std::vector<std::string>{"a", "b"})) << name;
    EXPECT_EQ(loaded.values,
              std::vector<float>(original.values.begin(), original.values.begin() + 6));
    options.limit = 100;
    EXPECT_EQ(read_vectors(dir / name, options).size(), 4u) << name;
  }
}

TEST(VectorIo, LimitIgnoresDamageAfterIt) {
  TempDir dir;
  write_file(dir / "v.txt", "5 2\na 1 2\nb 3 4\nc x y\n");
  write_file(dir / "v.bin", "5 2\n" + binary_row("a", {1, 2}) + binary_row("b", {3, 4}) + "c ");
  for (const char* name : {"v.txt", "v.bin"}) {
    VectorReadOptions options;
    options.limit = 2;
    EXPECT_EQ(read_vectors(dir / name, options).size(), 2u) << name;
  }
}

TEST(VectorIo, DuplicatesKeepFirst) {
  TempDir dir;
  write_file(dir / "v.txt", "4 1\na 1\nb 2\na 3\nb 4\n");
  write_file(dir / "v.bin", "4 1\n" + binary_row("a", {1}) + binary_row("b", {2}) +
                                binary_row("a", {3}) + binary_row("b", {4}));
  for (const char* name : {"v.txt", "v.bin"}) {
    VectorReadReport report;
    const WordVectors loaded = read_vectors(dir / name, {}, &report);
    ASSERT_EQ(loaded.size(), 2u) << name;
    expect_row(loaded, 0, "a", {1.0f});
    expect_row(loaded, 1, "b", {2.0f});
    EXPECT_EQ(report.duplicate_words, 2u);
    EXPECT_EQ(report.rows_read, 4u);
  }
}

TEST(VectorIo, InvalidUtf8KeptReportedReplaced) {
  TempDir dir;
  // Two different invalid words that become the same word once replaced.
  write_file(dir / "v.txt", "4 1\ncaf\xE9 1\ncaf\xFF 2\n\xE2\x82x 3\nok 4\n");
  VectorReadOptions options;
  VectorReadReport report;
  WordVectors loaded = read_vectors(dir / "v.txt", options, &report);
  EXPECT_EQ(loaded.words, (std::vector<std::string>{"caf\xE9", "caf\xFF", "\xE2\x82x", "ok"}));
  EXPECT_EQ(report.invalid_utf8_words, 3u);

  options.invalid_utf8 = InvalidUtf8::kReport;
  loaded = read_vectors(dir / "v.txt", options, &report);
  EXPECT_EQ(loaded.words[0], "caf\xE9");
  EXPECT_EQ(report.invalid_utf8_words, 3u);

  options.invalid_utf8 = InvalidUtf8::kReplace;
  loaded = read_vectors(dir / "v.txt", options, &report);
  // A truncated three-byte sequence is one maximal invalid subpart: one U+FFFD.
  EXPECT_EQ(loaded.words, (std::vector<std::string>{"caf\xEF\xBF\xBD", "\xEF\xBF\xBDx", "ok"}));
  EXPECT_EQ(report.duplicate_words, 1u);
  expect_row(loaded, 0, "caf\xEF\xBF\xBD", {1.0f});
}

TEST(VectorIo, MissingFileIsIoError) {
  TempDir dir;
  EXPECT_THROW(read_vectors(dir / "absent.bin"), IoError);
  EXPECT_THROW(read_vectors(dir.path()), IoError);
}

// --- Reader: damaged files ----------------------------------------------------------------

struct DamagedCase {
  const char* name;
  std::string content;
  const char* location;  // expected in the message: "line N" or "row N"
  const char* phrase;    // expected in the message
  int lenient_words;     // words loaded in lenient mode; -1 if lenient mode throws too
};

void PrintTo(const DamagedCase& c, std::ostream* out) { *out << c.name; }

std::string binary_file(const std::string& header, const std::string& rows) {
  return header + rows;
}

std::vector<DamagedCase> damaged_cases() {
  const std::string row_a = binary_row("a", {1, 2, 3});
  return {
      {"Empty", "", "line 1", "empty", -1},
      {"OnlyWhitespace", "\n \n", "line 1", "empty", -1},
      {"OnlyBom", "\xEF\xBB\xBF", "line 1", "empty", -1},
      {"MoreRowsThanHeader", "2 2\na 1 2\nb 3 4\nc 5 6\n", "line 4", "more rows", 3},
      {"FewerRowsThanHeader", "3 2\na 1 2\nb 3 4\n", "line 4", "ends after 2 rows", 2},
      {"TooFewValues", "2 3\na 1 2 3\nb 1 2\n", "line 3", "expected 3 values", 1},
      {"TooManyValues", "2 2\na 1 2\nb 1 2 3\n", "line 3", "found 3", 1},
      {"WordOnly", "2 2\na 1 2\nb\n", "line 3", "found 0", 1},
      {"NotANumber", "2 2\na 1 2\nb 1 zz\n", "line 3", "'zz'", 1},
      {"HexNumber", "2 2\na 1 2\nb 0x1p3 1\n", "line 3", "'0x1p3'", 1},
      {"NaNText", "2 2\na nan 2\nb 1 2\n", "line 2", "NaN", 1},
      {"InfinityText", "2 2\na 1 2\nb -inf 2\n", "line 3", "infinite", 1},
      {"OverflowText", "2 2\na 1 2\nb 1e50 2\n", "line 3", "float32 range", 1},
      {"HeaderlessWrongCount", "a 1 2\nb 1\nc 3 4\n", "line 2", "expected 2 values", 2},
      {"SingleToken", "hello\n", "line 1", "not a word vector file", -1},
      {"DimensionZero", "2 0\na\nb\n", "line 1", "dimension 0", -1},
      {"AbsurdWordCount", "99999999999 3\na 1 2 3\n", "line 1", "99999999999 words", -1},
      {"AbsurdDimension", "2 1000000000\na 1 2 3\n", "line 1", "dimension 1000000000", -1},
      {"HeaderOverflow", "99999999999999999999999 3\na 1 2 3\n", "line 1", "too large", -1},
      {"BinaryTruncatedValues", binary_file("2 3\n", row_a + "b " + std::string(5, '\x01')),
       "row 2", "truncated", 1},
      {"BinaryTruncatedInWord", binary_file("2 3\n", row_a + "bcd"), "row 2", "truncated", 1},
      {"BinaryFewerRows", binary_file("3 3\n", row_a + binary_row("b", {4, 5, 6})), "row 3",
       "ends after 2 rows", 2},
      {"BinaryMoreRows", binary_file("1 3\n", row_a + binary_row("b", {4, 5, 6})), "row 2",
       "more data", 2},
      {"BinaryNaN",
       binary_file("2 3\n", binary_row("a", {1, std::numeric_limits<float>::quiet_NaN(), 3}) +
                                binary_row("b", {4, 5, 6})),
       "row 1", "NaN", 1},
      {"BinaryInfinity",
       binary_file("2 3\n",
                   row_a + binary_row("b", {4, 5, -std::numeric_limits<float>::infinity()})),
       "row 2", "infinite", 1},
  };
}

class VectorIoDamaged : public ::testing::TestWithParam<DamagedCase> {};

TEST_P(VectorIoDamaged, StrictThrowsInputError) {
  const DamagedCase& c = GetParam();
  TempDir dir;
  write_file(dir / "damaged.vec", c.content);
  try {
    read_vectors(dir / "damaged.vec");
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("damaged.vec"), std::string::npos) << message;
    EXPECT_NE(message.find(c.location), std::string::npos) << message;
    EXPECT_NE(message.find(c.phrase), std::string::npos) << message;
  }
}

TEST_P(VectorIoDamaged, LenientLoadsSoundRows) {
  const DamagedCase& c = GetParam();
  TempDir dir;
  write_file(dir / "damaged.vec", c.content);
  VectorReadOptions options;
  options.lenient = true;
  if (c.lenient_words < 0) {
    EXPECT_THROW(read_vectors(dir / "damaged.vec", options), InputError);
    return;
  }
  VectorReadReport report;
  const WordVectors loaded = read_vectors(dir / "damaged.vec", options, &report);
  EXPECT_EQ(loaded.size(), static_cast<std::size_t>(c.lenient_words));
  ASSERT_FALSE(report.problems.empty());
  EXPECT_NE(report.problems[0].find(c.location), std::string::npos) << report.problems[0];
}

TEST_P(VectorIoDamaged, ConvertFailsWithoutOutput) {
  const DamagedCase& c = GetParam();
  TempDir dir;
  write_file(dir / "damaged.vec", c.content);
  const auto result = run_w2v("convert '" + (dir / "damaged.vec").string() + "' '" +
                              (dir / "out.txt").string() + "' --binary 0");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find(c.location), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(c.phrase), std::string::npos) << result.err;
  EXPECT_EQ(directory_entries(dir.path()), std::vector<std::string>{"damaged.vec"});
}

INSTANTIATE_TEST_SUITE_P(Files, VectorIoDamaged, ::testing::ValuesIn(damaged_cases()),
                         [](const ::testing::TestParamInfo<DamagedCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(VectorIo, LenientReportCountsProblems) {
  TempDir dir;
  write_file(dir / "v.txt", "5 2\na 1 2\nb x 2\nc 1\nd 1 2\n");
  VectorReadOptions options;
  options.lenient = true;
  VectorReadReport report;
  const WordVectors loaded = read_vectors(dir / "v.txt", options, &report);
  EXPECT_EQ(loaded.words, (std::vector<std::string>{"a", "d"}));
  EXPECT_EQ(report.skipped_rows, 2u);
  EXPECT_EQ(report.rows_read, 4u);
  EXPECT_TRUE(report.truncated);
  ASSERT_EQ(report.problems.size(), 3u);
  EXPECT_NE(report.problems[0].find("line 3"), std::string::npos) << report.problems[0];
  EXPECT_NE(report.problems[1].find("line 4"), std::string::npos) << report.problems[1];
  EXPECT_NE(report.problems[2].find("ends after 4 rows"), std::string::npos) << report.problems[2];
}

TEST(VectorIo, HugeDimensionWithShortRows) {
  // Slots are only reserved for lines long enough to contain a valid row, so this header does
  // not make the reader allocate 100,000 x 100,000 floats.
  TempDir dir;
  std::string content = "100000 100000\n";
  for (int i = 0; i < 100000; ++i) content += "a 1\n";
  write_file(dir / "v.txt", content);
  try {
    read_vectors(dir / "v.txt");
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("line 2: expected 100000 values"), std::string::npos)
        << error.what();
  }
  VectorReadOptions options;
  options.lenient = true;
  VectorReadReport report;
  EXPECT_EQ(read_vectors(dir / "v.txt", options, &report).size(), 0u);
  EXPECT_EQ(report.skipped_rows, 100000u);
}

TEST(VectorIo, WhitespaceLineAfterHeaderIsText) {
  TempDir dir;
  write_file(dir / "v.txt", "1 2\n  \na 1 2\n");
  VectorReadReport report;
  const WordVectors loaded = read_vectors(dir / "v.txt", {}, &report);
  EXPECT_EQ(report.format, VectorFormat::kText);
  expect_row(loaded, 0, "a", {1.0f, 2.0f});
}

TEST(VectorIo, RandomDamageRaisesOnlyInputError) {
  // Seeded byte flips, insertions and truncations of valid files: every result is either a
  // load or an InputError, in strict and lenient mode alike.
  TempDir dir;
  const WordVectors original = make_vectors({"the", "of", "caf\xC3\xA9", "x", "and"}, 4);
  std::vector<std::string> sources;
  for (const VectorFormat format : {VectorFormat::kBinary, VectorFormat::kText}) {
    write_vectors(dir / "v", original.words, original.view(), format);
    sources.push_back(read_file(dir / "v"));
  }
  std::mt19937 random(20240601);
  for (int trial = 0; trial < 1000; ++trial) {
    std::string bytes = sources[trial % 2];
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits && !bytes.empty(); ++e) {
      const std::size_t at = random() % bytes.size();
      switch (random() % 4) {
        case 0: bytes[at] = static_cast<char>(random()); break;
        case 1: bytes.insert(at, 1, " \n0.-e\xFF"[random() % 8]); break;
        case 2: bytes.erase(at, 1); break;
        default: bytes.resize(at); break;
      }
    }
    write_file(dir / "damaged", bytes);
    for (const bool lenient : {false, true}) {
      VectorReadOptions options;
      options.lenient = lenient;
      try {
        const WordVectors loaded = read_vectors(dir / "damaged", options);
        ASSERT_EQ(loaded.values.size(), loaded.size() * loaded.dim) << "trial " << trial;
      } catch (const InputError&) {
      }
    }
  }
}

TEST(VectorIo, StrictReportsFirstFaultInLargeFile) {
  // Faults in several parallel chunks: the message names the earliest line.
  TempDir dir;
  std::string content = "20000 50\n";
  std::string values;
  for (int j = 0; j < 50; ++j) values += " 0.123456789";
  for (int i = 0; i < 20000; ++i) {
    content += std::to_string(i) + "w";
    content += (i == 15000 || i == 7000) ? " bad" + values.substr(12) : values;
    content += "\n";
  }
  write_file(dir / "v.txt", content);
  try {
    read_vectors(dir / "v.txt");
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("line 7002:"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace w2v
