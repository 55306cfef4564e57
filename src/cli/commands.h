#pragma once

#include <CLI/CLI.hpp>
#include <charconv>
#include <functional>
#include <string>

namespace w2v::cli {

/// Validator for a whole-number flag that must be at least `minimum`. Its message reads
/// "--flag: must be at least 1, got -5" where CLI11's own range checks print huge bounds.
inline CLI::Validator at_least(unsigned long long minimum) {
  return CLI::Validator(
      [minimum](std::string& value) -> std::string {
        const std::string bound = "must be at least " + std::to_string(minimum) + ", got " + value;
        if (!value.empty() && value[0] == '-') return bound;
        unsigned long long number = 0;
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (error == std::errc() && end == value.data() + value.size() && number < minimum) {
          return bound;
        }
        return {};  // not a number: the conversion reports it
      },
      ">=" + std::to_string(minimum));
}

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
