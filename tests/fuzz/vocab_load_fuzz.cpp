// Fuzz target for Vocab::load, the reader of word2vec.c's "word count" vocabulary files.
//
// Input layout: byte 0 picks min_count (0..7), and the rest is the file. Checked properties: load
// either returns a vocabulary or throws w2v::Error, and a loaded vocabulary survives
// save() and a second load() unchanged.

#include <spdlog/spdlog.h>

#include <cstdint>
#include <cstdlib>

#include "fuzz_support.h"
#include "w2v/errors.h"
#include "w2v/vocab.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);  // warnings about the input would flood the output
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint64_t min_count = data[0] % 8;
  const auto& input = w2v::fuzz::scratch_path("vocab.txt");
  w2v::fuzz::write_bytes(input, data + 1, size - 1);

  w2v::Vocab vocab;
  try {
    vocab = w2v::Vocab::load(input, min_count);
  } catch (const w2v::Error&) {
    return 0;
  }
  if (vocab.size() == 0 || vocab.word(0) != "</s>") std::abort();
  for (std::size_t id = 0; id < vocab.size(); ++id) {
    if (vocab.find(vocab.word(static_cast<w2v::WordId>(id))) != static_cast<w2v::WordId>(id)) {
      std::abort();
    }
  }

  const auto& saved = w2v::fuzz::scratch_path("vocab-saved.txt");
  vocab.save(saved);
  const w2v::Vocab reloaded = w2v::Vocab::load(saved, min_count);
  if (reloaded.size() != vocab.size()) std::abort();
  for (std::size_t id = 0; id < vocab.size(); ++id) {
    const auto word_id = static_cast<w2v::WordId>(id);
    if (reloaded.word(word_id) != vocab.word(word_id)) std::abort();
    if (reloaded.count(word_id) != vocab.count(word_id)) std::abort();
  }
  return 0;
}
