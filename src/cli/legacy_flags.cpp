#include "legacy_flags.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace w2v::cli {
namespace {

// Flags of word2vec.c, word2phrase.c, distance.c and compute-accuracy.c that w2v accepts.
constexpr std::array<std::string_view, 26> kLegacyFlags = {
    "train",  "output",    "size",      "window",     "sample",  "negative", "threads",
    "iter",   "min-count", "alpha",     "binary",     "save-vocab", "read-vocab", "cbow",
    "hs",     "debug",     "classes",   "threshold",  "seed",    "epochs",   "dim",
    "save-output", "ns-exponent", "max-vocab", "kernel", "max-token-bytes"};

}  // namespace

std::vector<std::string> translate_legacy_flags(int argc, char** argv) {
  std::vector<std::string> arguments(argv, argv + argc);
  for (std::size_t i = 1; i < arguments.size(); ++i) {
    std::string_view argument = arguments[i];
    if (argument.size() < 3 || argument[0] != '-' || argument[1] == '-') continue;
    const std::string_view name = argument.substr(1);
    if (std::find(kLegacyFlags.begin(), kLegacyFlags.end(), name) != kLegacyFlags.end()) {
      arguments[i] = "-" + arguments[i];
    }
  }
  return arguments;
}

}  // namespace w2v::cli
