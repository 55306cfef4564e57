// Parts of read_vectors() shared by the text and binary parsers. Not a public interface.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "w2v/vector_io.h"

namespace w2v::vector_io_detail {

/// Number of fault messages kept in VectorReadReport::problems in lenient mode.
constexpr std::size_t kMaxKeptProblems = 10;

/// Faults found while parsing. In strict mode add() throws InputError at the first one; in
/// lenient mode it counts them and keeps the first kMaxKeptProblems messages.
class FaultLog {
 public:
  FaultLog(std::string file, bool lenient) : file_(std::move(file)), lenient_(lenient) {}

  /// Reports "'FILE' LOCATION: DETAIL". Throws InputError unless lenient.
  void add(const std::string& location, const std::string& detail);
  /// Returns the message for a fault, without the advice that add() appends when it throws.
  std::string message(const std::string& location, const std::string& detail) const;

  bool lenient() const { return lenient_; }
  const std::string& file() const { return file_; }
  std::size_t count() const { return count_; }
  const std::vector<std::string>& kept_messages() const { return kept_messages_; }

 private:
  std::string file_;
  bool lenient_;
  std::size_t count_ = 0;
  std::vector<std::string> kept_messages_;
};

/// Body layout and sizes found by the header and format detection.
struct BodyLayout {
  std::size_t dim = 0;
  bool has_header = false;
  std::size_t declared_words = 0;  // from the header; meaningful only if has_header
  std::size_t first_line = 1;      // 1-based file line of the first body line (text messages)
  std::size_t body_offset = 0;     // byte offset of the body in the file (binary messages)
  std::size_t limit = 0;           // 0 loads all rows
};

/// Rows as parsed, in file order, before duplicate removal and UTF-8 handling.
struct ParsedRows {
  std::vector<std::string> words;
  std::vector<float> values;  // words.size() * dim
  std::size_t rows_read = 0;  // rows seen, including skipped ones
  std::size_t skipped_rows = 0;
  bool truncated = false;
};

/// Parses text rows "word v1 ... vd" separated by '\n' (a trailing '\r' is ignored). Blank lines
/// are skipped. Large bodies are parsed in parallel.
ParsedRows parse_text_body(std::string_view body, const BodyLayout& layout, FaultLog& faults);

/// Parses word2vec.c binary rows: word, ' ', dim little-endian float32, optional '\n'.
ParsedRows parse_binary_body(std::string_view body, const BodyLayout& layout, FaultLog& faults);

/// Parses one decimal float token as float32. Returns false if it is not a number. Values that
/// underflow float32 become zero, and values that overflow it become infinite.
bool parse_float(std::string_view token, float& value);

/// Counts the words that are not valid UTF-8 and, for InvalidUtf8::kReplace, replaces each
/// maximal invalid byte sequence in them with U+FFFD. Returns the count.
std::size_t apply_utf8_policy(std::vector<std::string>& words, InvalidUtf8 policy);

/// Drops every row whose word occurred in an earlier row. Returns the number dropped.
std::size_t remove_duplicates(ParsedRows& rows, std::size_t dim);

/// Logs one warning per kind of problem in `report`, with counts.
void log_summary(const std::filesystem::path& path, const VectorReadOptions& options,
                 const VectorReadReport& report, std::size_t fault_count);

/// Renders `word` for a message: at most 40 bytes, with control bytes escaped.
std::string quote_word(std::string_view word);

}  // namespace w2v::vector_io_detail
