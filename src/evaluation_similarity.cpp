// Word-similarity data sets: parsing pair files and correlating model cosines with human scores.

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "w2v/errors.h"
#include "w2v/evaluation.h"

namespace w2v {
namespace {

std::string_view trim(std::string_view text) {
  const auto words = split_words(text);
  if (words.empty()) return {};
  const char* begin = words.front().data();
  const char* end = words.back().data() + words.back().size();
  return {begin, static_cast<std::size_t>(end - begin)};
}

// Splits a pair line at tabs when it has any (so stray spaces around a field are dropped),
// otherwise at whitespace.
std::vector<std::string_view> split_fields(std::string_view line) {
  if (line.find('\t') == std::string_view::npos) return split_words(line);
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(trim(line.substr(start, tab - start)));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return fields;
}

// Parses a whole field as a finite number; Python's float() also accepts a leading '+'.
std::optional<double> parse_score(std::string_view field) {
  if (field.starts_with('+')) field.remove_prefix(1);
  double value = 0.0;
  const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (error != std::errc() || end != field.data() + field.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

double cosine(const SearchIndex& index, std::size_t first, std::size_t second) {
  const auto a = index.unit_vector(first);
  const auto b = index.unit_vector(second);
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += static_cast<double>(a[i]) * b[i];
  return sum;
}

}  // namespace

WordPairSet parse_word_pairs(std::istream& in, const std::string& source) {
  WordPairSet set;
  std::string line;
  std::size_t line_number = 0;
  while (read_data_line(in, line, line_number)) {
    const std::string_view content = trim(line);
    if (content.empty() || content.starts_with('#')) continue;
    const auto fields = split_fields(content);
    const auto score = fields.size() == 3 ? parse_score(fields[2]) : std::nullopt;
    if (!score || fields[0].empty() || fields[1].empty()) {
      set.invalid_lines.push_back(line_number);
      continue;
    }
    set.pairs.push_back({std::string(fields[0]), std::string(fields[1]), *score, line_number});
  }
  if (set.pairs.empty()) {
    throw InputError(source + ": no word pairs found. Expected lines of the form "
                              "'word1<TAB>word2<TAB>score'; check that this is a similarity file.");
  }
  return set;
}

WordPairSet read_word_pairs(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw IoError("cannot open pair file '" + path.string() + "': " + std::strerror(errno) +
                  ". Check the path.");
  }
  return parse_word_pairs(in, path.string());
}

SimilarityReport evaluate_word_pairs(const EvaluationVocabulary& vocabulary,
                                     std::span<const WordPair> pairs) {
  SimilarityReport report;
  report.total = pairs.size();
  std::vector<double> human;
  std::vector<double> model;
  std::unordered_set<std::string> reported;
  for (const WordPair& pair : pairs) {
    const auto first = vocabulary.find(vocabulary.key(pair.first));
    const auto second = vocabulary.find(vocabulary.key(pair.second));
    if (first && second) {
      human.push_back(pair.score);
      model.push_back(cosine(vocabulary.index(), *first, *second));
      continue;
    }
    for (const auto& [word, id] : {std::pair{&pair.first, first}, std::pair{&pair.second, second}}) {
      if (!id && reported.insert(*word).second) report.unknown_words.push_back(*word);
    }
  }
  report.used = human.size();
  report.spearman = spearman_correlation(human, model);
  report.pearson = pearson_correlation(human, model);
  return report;
}

std::vector<double> average_ranks(std::span<const double> values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  std::size_t start = 0;
  while (start < order.size()) {
    std::size_t end = start + 1;
    while (end < order.size() && values[order[end]] == values[order[start]]) ++end;
    // Positions start..end-1 hold equal values; 1-based ranks start+1..end average to this.
    const double rank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
    for (std::size_t i = start; i < end; ++i) ranks[order[i]] = rank;
    start = end;
  }
  return ranks;
}

double pearson_correlation(std::span<const double> x, std::span<const double> y) {
  const std::size_t n = std::min(x.size(), y.size());
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  const double mean_x = std::accumulate(x.begin(), x.begin() + n, 0.0) / n;
  const double mean_y = std::accumulate(y.begin(), y.begin() + n, 0.0) / n;
  double sum_xy = 0.0;
  double sum_xx = 0.0;
  double sum_yy = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = x[i] - mean_x;
    const double dy = y[i] - mean_y;
    sum_xy += dx * dy;
    sum_xx += dx * dx;
    sum_yy += dy * dy;
  }
  if (sum_xx == 0.0 || sum_yy == 0.0) return std::numeric_limits<double>::quiet_NaN();
  return std::clamp(sum_xy / std::sqrt(sum_xx * sum_yy), -1.0, 1.0);
}

double spearman_correlation(std::span<const double> x, std::span<const double> y) {
  const auto rank_x = average_ranks(x);
  const auto rank_y = average_ranks(y);
  return pearson_correlation(rank_x, rank_y);
}

}  // namespace w2v
