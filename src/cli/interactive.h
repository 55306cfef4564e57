#pragma once

// Helpers shared by the query subcommands (distance, analogy): loading a model into a search
// index, printing neighbours and the interactive read-query loop.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <istream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "w2v/search.h"

namespace w2v::cli {

/// Reads a vector file (only its first `limit` rows unless 0) and builds a search index.
SearchIndex load_index(const std::filesystem::path& model, std::size_t limit = 0);

/// Prints one "word<TAB>cosine" line per neighbour to stdout.
void print_neighbors(const SearchIndex& index, std::span<const Neighbor> neighbors);

/// Splits every argument at whitespace, so "king queen" and "king" "queen" give the same words.
std::vector<std::string> split_arguments(std::span<const std::string> arguments);

/// Runs the interactive loop of word2vec.c's distance and word-analogy tools on `in`. For each
/// line with at least one word, calls `answer` with its words, then prints an empty line to
/// stdout and flushes it, so every query yields one block of output even when `answer` prints
/// nothing. Blank lines are skipped. Returns at end of input or at a line that is just "EXIT".
/// `prompt` goes to stderr, and only when stdin is a terminal, so stdout stays data only.
void run_query_loop(std::istream& in, std::string_view prompt,
                    const std::function<void(std::span<const std::string_view>)>& answer);

/// Returns the rows of `words`, or logs a warning naming each word that is not in the index and
/// returns an empty vector.
std::vector<std::size_t> find_words(const SearchIndex& index,
                                    std::span<const std::string_view> words);

}  // namespace w2v::cli
