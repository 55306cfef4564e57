#include "interactive.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "w2v/evaluation.h"
#include "w2v/vector_io.h"

namespace w2v::cli {
namespace {

// Longest prefix of an unknown word shown in a warning, in bytes.
constexpr std::size_t kMaxShownWordBytes = 80;

std::string shorten(std::string_view word) {
  if (word.size() <= kMaxShownWordBytes) return std::string(word);
  // Cut before a UTF-8 continuation byte (10xxxxxx) so no character is split.
  std::size_t cut = kMaxShownWordBytes;
  while (cut > 0 && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) --cut;
  return fmt::format("{}... ({} bytes)", word.substr(0, cut), word.size());
}

}  // namespace

SearchIndex load_index(const std::filesystem::path& model, std::size_t limit) {
  VectorReadOptions options;
  options.limit = limit;
  WordVectors vectors = read_vectors(model, options);
  spdlog::info("loaded {} words of dimension {} from {}", vectors.size(), vectors.dim,
               model.string());
  return SearchIndex(std::move(vectors));
}

void print_neighbors(const SearchIndex& index, std::span<const Neighbor> neighbors) {
  for (const Neighbor& neighbor : neighbors) {
    fmt::print(stdout, "{}\t{:.6f}\n", index.word(neighbor.id), neighbor.similarity);
  }
}

std::vector<std::string> split_arguments(std::span<const std::string> arguments) {
  std::vector<std::string> words;
  for (const std::string& argument : arguments) {
    for (const std::string_view word : split_words(argument)) words.emplace_back(word);
  }
  return words;
}

void run_query_loop(std::istream& in, std::string_view prompt,
                    const std::function<void(std::span<const std::string_view>)>& answer) {
  const bool show_prompt = ::isatty(STDIN_FILENO) == 1;
  std::string line;
  while (true) {
    if (show_prompt) {
      fmt::print(stderr, "{}", prompt);
      std::fflush(stderr);
    }
    if (!std::getline(in, line)) break;
    const auto words = split_words(line);
    if (words.empty()) continue;
    if (words.size() == 1 && words[0] == "EXIT") break;
    answer(words);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  }
  if (show_prompt) std::fputc('\n', stderr);
}

std::vector<std::size_t> find_words(const SearchIndex& index,
                                    std::span<const std::string_view> words) {
  std::vector<std::size_t> ids;
  bool all_found = true;
  for (const std::string_view word : words) {
    const auto id = index.find(word);
    if (id) {
      ids.push_back(*id);
      continue;
    }
    spdlog::warn("'{}' is not in the vocabulary; words are matched exactly, case included",
                 shorten(word));
    all_found = false;
  }
  if (!all_found) ids.clear();
  return ids;
}

}  // namespace w2v::cli
