// Entry point: registers the subcommands, parses argv and maps errors to exit codes.
// Exit codes: 0 success, 1 runtime failure, 2 invalid usage or settings, 128+N on signal N.

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "commands.h"
#include "legacy_flags.h"
#include "w2v/errors.h"

namespace {

void configure_logging() {
  auto logger = spdlog::stderr_logger_mt("w2v");
  logger->set_pattern("%Y-%m-%d %H:%M:%S [%l] %v");
  spdlog::set_default_logger(logger);
}

}  // namespace

int main(int argc, char** argv) {
  configure_logging();

  CLI::App app{"w2v: train word2vec vectors (skip-gram or CBOW), query them and evaluate them."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "w2v 0.1.0");

  std::vector<w2v::cli::Command> commands;
  commands.push_back(w2v::cli::add_train_command(app));
  commands.push_back(w2v::cli::add_distance_command(app));
  commands.push_back(w2v::cli::add_analogy_command(app));
  commands.push_back(w2v::cli::add_accuracy_command(app));
  commands.push_back(w2v::cli::add_similarity_command(app));
  commands.push_back(w2v::cli::add_convert_command(app));
  commands.push_back(w2v::cli::add_predict_command(app));
  commands.push_back(w2v::cli::add_phrases_command(app));

  // word2vec.c spells its long flags with one dash (-train, -size); CLI11 needs two.
  std::vector<std::string> arguments = w2v::cli::translate_legacy_flags(argc, argv);
  std::vector<char*> translated;
  for (auto& argument : arguments) translated.push_back(argument.data());
  // CLI11 reports a misspelled subcommand only as "A subcommand is required"; name it instead.
  const auto is_subcommand = [&](const std::string& name) {
    for (const auto& command : commands) {
      if (command.app->get_name() == name) return true;
    }
    return false;
  };
  if (arguments.size() > 1 && !arguments[1].starts_with("-") && !is_subcommand(arguments[1])) {
    spdlog::error("unknown subcommand '{}'. Run 'w2v --help' for the list of subcommands.",
                  arguments[1]);
    return 2;
  }
  try {
    app.parse(static_cast<int>(translated.size()), translated.data());
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : 2;
  }

  try {
    for (const auto& command : commands) {
      if (command.app->parsed()) return command.run();
    }
  } catch (const w2v::UsageError& error) {
    spdlog::error("{}", error.what());
    return 2;
  } catch (const w2v::InterruptedError& error) {
    spdlog::error("{}; no output was written", error.what());
    return 128 + error.signal_number();
  } catch (const std::bad_alloc&) {
    spdlog::error("out of memory. Lower the vector size (--size) or the vocabulary (--min-count).");
    return 1;
  } catch (const std::exception& error) {
    spdlog::error("{}", error.what());
    return 1;
  }
  return 2;
}
