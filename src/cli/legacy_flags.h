#pragma once

#include <string>
#include <vector>

namespace w2v::cli {

/// Returns argv with word2vec.c's single-dash flags (`-train`, `-min-count`, ...) rewritten to
/// the double-dash form CLI11 parses. Other arguments, including `-` for stdin, pass unchanged.
std::vector<std::string> translate_legacy_flags(int argc, char** argv);

}  // namespace w2v::cli
