// `w2v analogy`: solves "A is to B as C is to ?", like word2vec.c's word-analogy tool.

#include <spdlog/spdlog.h>

#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "commands.h"
#include "interactive.h"
#include "w2v/errors.h"
#include "w2v/evaluation.h"

namespace w2v::cli {
namespace {

struct AnalogyOptions {
  std::string model;
  std::vector<std::string> words;
  std::size_t count = 40;
  AnalogyMethod method = AnalogyMethod::kAdd;
};

// Prints the answers to one query, or returns false if it is not three known words.
bool answer_query(const SearchIndex& index, const AnalogyOptions& options,
                  std::span<const std::string_view> words) {
  if (words.size() != 3) {
    spdlog::warn("expected three words A B C (A is to B as C is to ?), got {}", words.size());
    return false;
  }
  const auto ids = find_words(index, words);
  if (ids.empty()) return false;
  print_neighbors(index, solve_analogy(index, ids[0], ids[1], ids[2], options.count,
                                       options.method));
  return true;
}

int run_analogy(const AnalogyOptions& options) {
  // The word count is checked before the model is loaded, which can take seconds.
  const auto words = split_arguments(options.words);
  const std::vector<std::string_view> views(words.begin(), words.end());
  if (!options.words.empty() && views.size() != 3) {
    throw UsageError("analogy takes three words A B C, got " + std::to_string(views.size()) +
                     "; run 'w2v analogy MODEL' without words for an interactive session");
  }

  const SearchIndex index = load_index(options.model);
  if (options.words.empty()) {
    run_query_loop(std::cin, "Enter three words A B C (EXIT to quit): ",
                   [&](std::span<const std::string_view> query) {
                     answer_query(index, options, query);
                   });
    return 0;
  }
  if (!answer_query(index, options, views)) {
    throw InputError("cannot solve the analogy: a query word is not in the vocabulary of '" +
                     options.model + "' (see the warning above)");
  }
  return 0;
}

}  // namespace

Command add_analogy_command(CLI::App& parent) {
  auto options = std::make_shared<AnalogyOptions>();
  CLI::App* app = parent.add_subcommand(
      "analogy",
      "Answer 'A is to B as C is to ?': print the words nearest by cosine to B - A + C (unit "
      "vectors), excluding A, B and C, as 'word<TAB>score' lines on stdout. Without words, read "
      "one 'A B C' query per line from stdin; each query's lines end with an empty line. EXIT "
      "or end of input ends the session.");
  app->add_option("MODEL", options->model, "Vector file (word2vec binary or text)")->required();
  app->add_option("WORDS", options->words, "A B C (case-sensitive)");
  app->add_option("-n,--top", options->count, "Number of answers to print")
      ->check(at_least(1))
      ->capture_default_str();
  const std::map<std::string, AnalogyMethod> methods = {{"add", AnalogyMethod::kAdd},
                                                        {"mul", AnalogyMethod::kMul}};
  app->add_option("--method", options->method,
                  "Scoring: add (3CosAdd, cosine with B - A + C) or mul (3CosMul of Levy and "
                  "Goldberg 2014)")
      ->transform(CLI::CheckedTransformer(methods, CLI::ignore_case))
      ->default_str("add");
  return {app, [options]() { return run_analogy(*options); }};
}

}  // namespace w2v::cli
