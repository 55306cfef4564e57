#include "commands.h"
#include "w2v/errors.h"

namespace w2v::cli {

// Placeholder until the convert subcommand lands; replace this whole file.
Command add_convert_command(CLI::App& parent) {
  CLI::App* app = parent.add_subcommand("convert", "Convert a vector file between binary and text");
  return {app, []() -> int { throw Error("convert is under construction"); }};
}

}  // namespace w2v::cli
