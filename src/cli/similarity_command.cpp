#include "commands.h"
#include "w2v/errors.h"

namespace w2v::cli {

// Placeholder until the similarity subcommand lands; replace this whole file.
Command add_similarity_command(CLI::App& parent) {
  CLI::App* app = parent.add_subcommand("similarity", "Correlate cosine similarity with human word-pair scores");
  return {app, []() -> int { throw Error("similarity is under construction"); }};
}

}  // namespace w2v::cli
