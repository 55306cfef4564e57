#include "commands.h"
#include "w2v/errors.h"

namespace w2v::cli {

// Placeholder until the analogy subcommand lands; replace this whole file.
Command add_analogy_command(CLI::App& parent) {
  CLI::App* app = parent.add_subcommand("analogy", "Answer analogy questions A:B::C:?");
  return {app, []() -> int { throw Error("analogy is under construction"); }};
}

}  // namespace w2v::cli
