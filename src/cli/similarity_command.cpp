// `w2v similarity`: correlates model cosines with human word-similarity scores.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <string>
#include <vector>

#include "commands.h"
#include "interactive.h"
#include "w2v/evaluation.h"

namespace w2v::cli {
namespace {

struct SimilarityOptions {
  std::string model;
  std::vector<std::string> pair_files;
  std::size_t restrict = 300000;
  bool case_sensitive = false;
};

std::string join(std::span<const std::string> words) {
  std::string joined;
  for (const std::string& word : words) {
    if (!joined.empty()) joined += ' ';
    joined += word;
  }
  return joined;
}

void report_skipped(const std::string& file, const WordPairSet& set,
                    const SimilarityReport& report) {
  if (!set.invalid_lines.empty()) {
    spdlog::warn("{}: skipped {} lines that are not 'word1 word2 score' (first: line {})", file,
                 set.invalid_lines.size(), set.invalid_lines.front());
  }
  if (!report.unknown_words.empty()) {
    spdlog::warn("{}: skipped {} of {} pairs; unknown words: {}", file,
                 report.total - report.used, report.total, join(report.unknown_words));
  }
}

int run_similarity(const SimilarityOptions& options) {
  // Pair files are small, so reading them first reports a missing or malformed one before a
  // large model is loaded.
  std::vector<WordPairSet> sets;
  for (const std::string& file : options.pair_files) sets.push_back(read_word_pairs(file));

  const SearchIndex index = load_index(options.model, options.restrict);
  const EvaluationVocabulary vocabulary(index, options.restrict, !options.case_sensitive);
  fmt::print("file\tspearman\tpearson\tpairs\ttotal\n");
  for (std::size_t i = 0; i < sets.size(); ++i) {
    const std::string& file = options.pair_files[i];
    const WordPairSet& set = sets[i];
    const auto report = evaluate_word_pairs(vocabulary, set.pairs);
    report_skipped(file, set, report);
    // Nine decimals, so a comparison with gensim to 1e-6 is not limited by rounding.
    fmt::print("{}\t{:.9f}\t{:.9f}\t{}\t{}\n", file, report.spearman, report.pearson,
               report.used, report.total);
  }
  std::fflush(stdout);
  return 0;
}

}  // namespace

Command add_similarity_command(CLI::App& parent) {
  auto options = std::make_shared<SimilarityOptions>();
  CLI::App* app = parent.add_subcommand(
      "similarity",
      "Correlate the cosine similarity of word pairs with human scores. Pair files have "
      "'word1 word2 score' lines separated by tabs or whitespace; '#' comment lines, blank "
      "lines, CRLF and spaces around tab-separated fields are accepted. A pair listed twice "
      "counts twice, as in gensim's evaluate_word_pairs. Pairs with an unknown word are skipped "
      "and the words are listed on stderr. Prints a tab-separated table to stdout: Spearman and "
      "Pearson correlation, pairs used and pairs in the file.");
  app->add_option("MODEL", options->model, "Vector file (word2vec binary or text)")->required();
  app->add_option("PAIRS", options->pair_files, "Word-pair files")->required();
  app->add_option("--restrict", options->restrict,
                  "Use only the first N words of the model (the most frequent); 0 uses all. "
                  "The default is gensim's")
      ->check(at_least(0))
      ->capture_default_str();
  app->add_flag("--case-sensitive", options->case_sensitive,
                "Match words exactly. By default words are upper-cased (ASCII letters) on both "
                "sides and the most frequent of the model words that fold together is used");
  return {app, [options]() { return run_similarity(*options); }};
}

}  // namespace w2v::cli
