#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>

#include "w2v/word_vectors.h"

namespace w2v {

/// Layout of a vector file.
enum class VectorFormat {
  kBinary,  // word2vec.c binary: "V d\n", then per word: word, ' ', d little-endian float32, '\n'
  kText,    // word2vec.c text / fastText .vec: "V d\n", then "word v1 ... vd" per line
};

/// Options for read_vectors().
struct VectorReadOptions {
  std::size_t limit = 0;  // load only the first `limit` words; 0 loads all
};

/// Loads a vector file, detecting binary or text layout.
/// Throws InputError naming the file and line (or row) on malformed input.
WordVectors read_vectors(const std::filesystem::path& path, const VectorReadOptions& options = {});

/// Writes `vectors` (one row per word) to `path` through a temporary file that is renamed when
/// complete. Throws InputError if a word cannot be written so that it reads back as one word.
void write_vectors(const std::filesystem::path& path, std::span<const std::string> words,
                   const MatrixView& vectors, VectorFormat format);

}  // namespace w2v
