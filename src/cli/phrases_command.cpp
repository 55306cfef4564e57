#include "commands.h"
#include "w2v/errors.h"

namespace w2v::cli {

// Placeholder until the phrases subcommand lands; replace this whole file.
Command add_phrases_command(CLI::App& parent) {
  CLI::App* app = parent.add_subcommand("phrases", "Join frequent word pairs into phrases (word2phrase)");
  return {app, []() -> int { throw Error("phrases is under construction"); }};
}

}  // namespace w2v::cli
