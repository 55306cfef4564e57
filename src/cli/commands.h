#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace w2v::cli {

/// A subcommand registered on the top-level app, and the function that runs it once parsed.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command add_train_command(CLI::App& parent);
Command add_distance_command(CLI::App& parent);
Command add_analogy_command(CLI::App& parent);
Command add_accuracy_command(CLI::App& parent);
Command add_similarity_command(CLI::App& parent);
Command add_convert_command(CLI::App& parent);
Command add_predict_command(CLI::App& parent);
Command add_phrases_command(CLI::App& parent);

}  // namespace w2v::cli
