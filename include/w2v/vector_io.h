#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "w2v/word_vectors.h"

namespace w2v {

/// Layout of a vector file.
enum class VectorFormat {
  kBinary,  // word2vec.c binary: "V d\n", then per word: word, ' ', d little-endian float32, '\n'
  kText,    // word2vec.c text / fastText .vec: "V d\n", then "word v1 ... vd" per line
};

/// Handling of words that are not valid UTF-8 in read_vectors().
enum class InvalidUtf8 {
  kKeep,     // keep the bytes as they are, silently
  kReport,   // keep the bytes and log one warning with the count
  kReplace,  // replace each invalid sequence with U+FFFD and log one warning with the count
};

/// Options for read_vectors().
struct VectorReadOptions {
  std::size_t limit = 0;  // load only the first `limit` rows of the file; 0 loads all
  // Load the sound rows and report faults as warnings instead of throwing: malformed rows are
  // skipped, rows beyond the header count are kept, and a truncated end is dropped. Faults
  // that leave nothing to load (empty file, unusable header) still throw.
  bool lenient = false;
  InvalidUtf8 invalid_utf8 = InvalidUtf8::kKeep;
};

/// Summary of one read_vectors() call: the layout found and what was skipped or changed.
struct VectorReadReport {
  VectorFormat format = VectorFormat::kText;
  bool has_header = false;         // false for headerless text such as GloVe
  std::size_t declared_words = 0;  // word count in the header; 0 without a header
  std::size_t rows_read = 0;       // rows parsed, including duplicates and skipped rows
  std::size_t duplicate_words = 0;
  std::size_t skipped_rows = 0;  // malformed rows dropped in lenient mode
  std::size_t invalid_utf8_words = 0;
  bool truncated = false;  // lenient mode: the file ended inside a row or before the header count
  std::vector<std::string> problems;  // lenient mode: the first few fault messages
};

/// Loads a vector file, detecting its layout: word2vec.c binary (with or without the newline
/// after each vector), text with a "V d" header (word2vec.c, fastText .vec) or without one
/// (GloVe, where the dimension comes from the first row). A UTF-8 byte order mark and CRLF line
/// ends are accepted. Words are byte strings and keep their bytes unless `options.invalid_utf8`
/// is kReplace.
///
/// A word that occurs more than once keeps its first vector. Later rows with that word are
/// dropped and one warning gives their count.
///
/// Throws InputError naming the file and the line (text) or row (binary) on malformed input,
/// and IoError when the file cannot be opened or read. Fills `report` when it is not null.
WordVectors read_vectors(const std::filesystem::path& path, const VectorReadOptions& options = {},
                         VectorReadReport* report = nullptr);

/// Writes `vectors` (one row per word) to `path` through a temporary file that is renamed when
/// complete. Text values use the shortest decimal form that reads back to the same float32.
/// Throws InputError naming the row if a word is empty or contains whitespace or a NUL byte, or
/// if a value is NaN or infinite, because such a file would not read back. Nothing is written
/// then. Throws IoError when the file cannot be written.
void write_vectors(const std::filesystem::path& path, std::span<const std::string> words,
                   const MatrixView& vectors, VectorFormat format);

}  // namespace w2v
