// Fuzz target for read_vectors, the reader of word2vec binary, word2vec text, fastText .vec
// and GloVe vector files.
//
// Input layout: byte 0 sets the read options (bit 0: lenient, bits 1-2: invalid UTF-8 handling,
// bits 3-4: row limit 0..3). The rest is the file. Checked properties: read_vectors either
// returns vectors or throws w2v::Error, the matrix has one row of `dim` values per word, the
// words are unique, and the report counts agree with the rows kept.

#include <spdlog/spdlog.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <unordered_set>

#include "fuzz_support.h"
#include "w2v/errors.h"
#include "w2v/vector_io.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);  // warnings about the input would flood the output
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  w2v::VectorReadOptions options;
  options.lenient = (data[0] & 1) != 0;
  switch ((data[0] >> 1) & 3) {
    case 0: options.invalid_utf8 = w2v::InvalidUtf8::kKeep; break;
    case 1: options.invalid_utf8 = w2v::InvalidUtf8::kReport; break;
    default: options.invalid_utf8 = w2v::InvalidUtf8::kReplace; break;
  }
  options.limit = (data[0] >> 3) & 3;
  const auto& path = w2v::fuzz::scratch_path("vectors");
  w2v::fuzz::write_bytes(path, data + 1, size - 1);

  w2v::VectorReadReport report;
  w2v::WordVectors vectors;
  try {
    vectors = w2v::read_vectors(path, options, &report);
  } catch (const w2v::Error&) {
    return 0;
  }
  if (vectors.values.size() != vectors.words.size() * vectors.dim) std::abort();
  if (options.limit != 0 && vectors.size() > options.limit) std::abort();
  if (vectors.size() + report.duplicate_words + report.skipped_rows > report.rows_read) {
    std::abort();
  }
  std::unordered_set<std::string> seen;
  for (const auto& word : vectors.words) {
    if (!seen.insert(word).second) std::abort();
  }
  return 0;
}
