#include "commands.h"
#include "w2v/errors.h"

namespace w2v::cli {

// Placeholder until the predict subcommand lands; replace this whole file.
Command add_predict_command(CLI::App& parent) {
  CLI::App* app = parent.add_subcommand("predict", "Predict context words of given words from the output vectors");
  return {app, []() -> int { throw Error("predict is under construction"); }};
}

}  // namespace w2v::cli
