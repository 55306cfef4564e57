// `w2v distance`: nearest words by cosine, like word2vec.c's distance tool.

#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "interactive.h"
#include "w2v/errors.h"

namespace w2v::cli {
namespace {

struct DistanceOptions {
  std::string model;
  std::vector<std::string> words;
  std::size_t count = 40;
};

void print_nearest(const SearchIndex& index, std::span<const std::size_t> ids,
                   std::size_t count) {
  const auto query = unit_sum(index, ids);
  print_neighbors(index, index.nearest(query, count, ids));
}

int run_distance(const DistanceOptions& options) {
  const SearchIndex index = load_index(options.model);
  if (options.words.empty()) {
    run_query_loop(std::cin, "Enter words (EXIT to quit): ",
                   [&](std::span<const std::string_view> words) {
                     const auto ids = find_words(index, words);
                     if (!ids.empty()) print_nearest(index, ids, options.count);
                   });
    return 0;
  }

  const auto words = split_arguments(options.words);
  const std::vector<std::string_view> views(words.begin(), words.end());
  const auto ids = find_words(index, views);
  if (ids.empty()) {
    throw InputError("cannot search: a query word is not in the vocabulary of '" +
                     options.model + "' (see the warning above)");
  }
  print_nearest(index, ids, options.count);
  return 0;
}

}  // namespace

Command add_distance_command(CLI::App& parent) {
  auto options = std::make_shared<DistanceOptions>();
  CLI::App* app = parent.add_subcommand(
      "distance",
      "Print the words nearest by cosine to the sum of the query words' unit vectors, excluding "
      "the query words, as 'word<TAB>cosine' lines on stdout. Without WORD arguments, read one "
      "query per line from stdin; each query's lines end with an empty line. EXIT or end of "
      "input ends the session.");
  app->add_option("MODEL", options->model, "Vector file (word2vec binary or text)")->required();
  app->add_option("WORD", options->words,
                  "Query words (case-sensitive); their unit vectors are summed");
  app->add_option("-n,--top", options->count, "Number of neighbours to print")
      ->check(at_least(1))
      ->capture_default_str();
  return {app, [options]() { return run_distance(*options); }};
}

}  // namespace w2v::cli
