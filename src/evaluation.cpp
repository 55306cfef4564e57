// Text helpers and the vocabulary lookup shared by the analogy and similarity evaluations.

#include <algorithm>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "w2v/evaluation.h"

namespace w2v {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool is_space(char byte) {
  return byte == ' ' || byte == '\t' || byte == '\r' || byte == '\n' || byte == '\v' ||
         byte == '\f';
}

}  // namespace

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t position = 0;
  while (position < line.size()) {
    while (position < line.size() && is_space(line[position])) ++position;
    const std::size_t start = position;
    while (position < line.size() && !is_space(line[position])) ++position;
    if (position > start) words.push_back(line.substr(start, position - start));
  }
  return words;
}

bool read_data_line(std::istream& in, std::string& line, std::size_t& line_number) {
  if (!std::getline(in, line)) return false;
  ++line_number;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line_number == 1 && line.starts_with(kByteOrderMark)) line.erase(0, kByteOrderMark.size());
  return true;
}

std::string fold_case(std::string_view word) {
  std::string folded(word);
  for (char& byte : folded) {
    if (byte >= 'a' && byte <= 'z') byte = static_cast<char>(byte - 'a' + 'A');
  }
  return folded;
}

EvaluationVocabulary::EvaluationVocabulary(const SearchIndex& index, std::size_t limit,
                                           bool case_insensitive)
    : index_(&index), limit_(index.clamp_limit(limit)), case_insensitive_(case_insensitive) {
  ids_.reserve(limit_);
  for (std::size_t id = 0; id < limit_; ++id) ids_.try_emplace(key(index.word(id)), id);
}

std::string EvaluationVocabulary::key(std::string_view word) const {
  return case_insensitive_ ? fold_case(word) : std::string(word);
}

std::optional<std::size_t> EvaluationVocabulary::find(const std::string& key) const {
  const auto found = ids_.find(key);
  if (found == ids_.end()) return std::nullopt;
  return found->second;
}

}  // namespace w2v
