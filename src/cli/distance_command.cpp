#include "commands.h"
#include "w2v/errors.h"

namespace w2v::cli {

// Placeholder until the distance subcommand lands; replace this whole file.
Command add_distance_command(CLI::App& parent) {
  CLI::App* app = parent.add_subcommand("distance", "Nearest words by cosine similarity");
  return {app, []() -> int { throw Error("distance is under construction"); }};
}

}  // namespace w2v::cli
