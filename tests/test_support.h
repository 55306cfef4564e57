#pragma once

#include <filesystem>
#include <string>

namespace w2v::testing {

/// Fresh directory under the system temp dir, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

/// Writes `bytes` to `path`, replacing the file.
void write_file(const std::filesystem::path& path, const std::string& bytes);

/// Returns the whole content of `path`.
std::string read_file(const std::filesystem::path& path);

/// Result of running the w2v executable.
struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

/// Runs the built w2v binary with `arguments` (a shell-quoted string) and optional stdin text.
CommandResult run_w2v(const std::string& arguments, const std::string& stdin_text = "");

/// Directory of the shared evaluation data and corpus: $W2V_SHARED_DATA, or ../shared/data
/// beside the source tree. Tests that need it call GTEST_SKIP when it is absent.
std::filesystem::path shared_data_dir();

}  // namespace w2v::testing
