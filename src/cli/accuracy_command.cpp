#include "commands.h"
#include "w2v/errors.h"

namespace w2v::cli {

// Placeholder until the accuracy subcommand lands; replace this whole file.
Command add_accuracy_command(CLI::App& parent) {
  CLI::App* app = parent.add_subcommand("accuracy", "Score an analogy question set");
  return {app, []() -> int { throw Error("accuracy is under construction"); }};
}

}  // namespace w2v::cli
