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

}  // namespace w2v::cli
