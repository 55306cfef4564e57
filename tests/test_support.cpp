#include "test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace w2v::testing {

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device device;
  path_ = std::filesystem::temp_directory_path() /
          ("w2v-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
           std::to_string(device()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write test file " + path.string());
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read test file " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

CommandResult run_w2v(const std::string& arguments, const std::string& stdin_text) {
  TempDir scratch;
  const auto in_path = scratch / "stdin";
  const auto out_path = scratch / "stdout";
  const auto err_path = scratch / "stderr";
  write_file(in_path, stdin_text);
  const std::string command = std::string("'") + W2V_BINARY + "' " + arguments + " <'" +
                              in_path.string() + "' >'" + out_path.string() + "' 2>'" +
                              err_path.string() + "'";
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

std::filesystem::path shared_data_dir() {
  if (const char* value = std::getenv("W2V_SHARED_DATA"); value != nullptr && *value != '\0') {
    return value;
  }
  return W2V_DEFAULT_SHARED_DATA;
}

}  // namespace w2v::testing
