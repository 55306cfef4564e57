// write_vectors(): word2vec.c binary and text layouts, written through AtomicFile.

#include <omp.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "w2v/atomic_file.h"
#include "w2v/errors.h"
#include "w2v/vector_io.h"

namespace w2v {
namespace {

// Rows formatted per parallel batch in text output; each thread formats one block of a batch.
constexpr std::size_t kRowsPerBlock = 2048;

// Bytes that end a word for word2vec.c's fscanf("%s") and for read_vectors(): C isspace().
bool is_separator_byte(unsigned char byte) {
  return byte == ' ' || byte == '\t' || byte == '\n' || byte == '\v' || byte == '\f' ||
         byte == '\r' || byte == '\0';
}

void check_word(const std::filesystem::path& path, const std::string& word, std::size_t row) {
  const std::string where =
      "cannot write '" + path.string() + "': word in row " + std::to_string(row + 1);
  if (word.empty()) {
    throw InputError(where + " is empty. Every word needs at least one byte; remove the row.");
  }
  for (const char byte : word) {
    if (is_separator_byte(static_cast<unsigned char>(byte))) {
      throw InputError(where + " ('" + word +
                       "') contains whitespace or a NUL byte, so it would not read back as one "
                       "word. Replace those bytes, for example with '_'.");
    }
  }
}

void check_row_values(const std::filesystem::path& path, std::span<const float> row,
                      std::size_t row_index, const std::string& word) {
  for (std::size_t j = 0; j < row.size(); ++j) {
    if (!std::isfinite(row[j])) {
      throw InputError("cannot write '" + path.string() + "': value " + std::to_string(j + 1) +
                       " of row " + std::to_string(row_index + 1) + " ('" + word + "') is " +
                       (std::isnan(row[j]) ? "NaN" : "infinite") +
                       ". Only finite values can be written.");
    }
  }
}

void check_input(const std::filesystem::path& path, std::span<const std::string> words,
                 const MatrixView& vectors) {
  if (words.size() != vectors.rows) {
    throw std::invalid_argument("write_vectors: " + std::to_string(words.size()) + " words for " +
                                std::to_string(vectors.rows) + " vector rows");
  }
  if (vectors.cols == 0 && vectors.rows != 0) {
    throw InputError("cannot write '" + path.string() + "': the vectors have no dimensions.");
  }
  for (std::size_t i = 0; i < words.size(); ++i) {
    check_word(path, words[i], i);
    check_row_values(path, vectors.row(i), i, words[i]);
  }
}

std::string header_line(const MatrixView& vectors) {
  return std::to_string(vectors.rows) + " " + std::to_string(vectors.cols) + "\n";
}

void write_binary_body(AtomicFile& file, std::span<const std::string> words,
                       const MatrixView& vectors) {
  std::string buffer;
  buffer.reserve(1 << 22);
  std::vector<float> little_endian(vectors.cols);
  for (std::size_t i = 0; i < vectors.rows; ++i) {
    buffer += words[i];
    buffer += ' ';
    const std::span<const float> row = vectors.row(i);
    const char* bytes = reinterpret_cast<const char*>(row.data());
    if constexpr (std::endian::native == std::endian::big) {
      for (std::size_t j = 0; j < row.size(); ++j) {
        little_endian[j] =
            std::bit_cast<float>(__builtin_bswap32(std::bit_cast<std::uint32_t>(row[j])));
      }
      bytes = reinterpret_cast<const char*>(little_endian.data());
    }
    buffer.append(bytes, row.size() * sizeof(float));
    buffer += '\n';
    if (buffer.size() >= (1 << 22) - 4096) {
      file.write(buffer);
      buffer.clear();
    }
  }
  file.write(buffer);
}

// Appends "word v1 ... vd\n" with each value in the shortest form that reads back exactly.
void format_text_row(std::string& out, const std::string& word, std::span<const float> row) {
  out += word;
  char number[32];
  for (const float value : row) {
    const auto result = std::to_chars(number, number + sizeof(number), value);
    out += ' ';
    out.append(number, result.ptr);
  }
  out += '\n';
}

void write_text_body(AtomicFile& file, std::span<const std::string> words,
                     const MatrixView& vectors) {
  const std::size_t blocks_per_batch = static_cast<std::size_t>(omp_get_max_threads());
  std::vector<std::string> blocks(blocks_per_batch);
  const std::size_t rows_per_batch = kRowsPerBlock * blocks_per_batch;
  for (std::size_t batch_start = 0; batch_start < vectors.rows; batch_start += rows_per_batch) {
#pragma omp parallel for schedule(static, 1) if (vectors.rows - batch_start > kRowsPerBlock)
    for (std::size_t b = 0; b < blocks_per_batch; ++b) {
      blocks[b].clear();
      const std::size_t begin = std::min(vectors.rows, batch_start + b * kRowsPerBlock);
      const std::size_t end = std::min(vectors.rows, begin + kRowsPerBlock);
      for (std::size_t i = begin; i < end; ++i)
        format_text_row(blocks[b], words[i], vectors.row(i));
    }
    for (const std::string& block : blocks) file.write(block);
  }
}

}  // namespace

void write_vectors(const std::filesystem::path& path, std::span<const std::string> words,
                   const MatrixView& vectors, VectorFormat format) {
  check_input(path, words, vectors);
  AtomicFile file(path);
  file.write(header_line(vectors));
  if (format == VectorFormat::kBinary) {
    write_binary_body(file, words, vectors);
  } else {
    write_text_body(file, words, vectors);
  }
  file.commit();
}

}  // namespace w2v
