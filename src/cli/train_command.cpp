#include "commands.h"
#include "w2v/errors.h"

namespace w2v::cli {

Command add_train_command(CLI::App& parent) {
  CLI::App* app = parent.add_subcommand("train", "Train skip-gram word vectors");
  return {app, [] () -> int { throw Error("train is under construction"); }};
}

}  // namespace w2v::cli
