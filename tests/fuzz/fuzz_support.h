// Helpers shared by the libFuzzer targets.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace w2v::fuzz {

/// Path of a scratch file private to this fuzzing process, under $TMPDIR.
inline const std::filesystem::path& scratch_path(const char* name) {
  static const std::filesystem::path directory = [] {
    const auto path = std::filesystem::temp_directory_path() /
                      ("w2v-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    return path;
  }();
  static thread_local std::filesystem::path path;
  path = directory / name;
  return path;
}

/// Replaces the file at `path` with `size` bytes from `data`. Aborts if the write fails, because a
/// target that cannot write its input would report nothing but false results.
inline void write_bytes(const std::filesystem::path& path, const std::uint8_t* data,
                        std::size_t size) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) std::abort();
  if (size != 0 && std::fwrite(data, 1, size, file) != size) std::abort();
  if (std::fclose(file) != 0) std::abort();
}

}  // namespace w2v::fuzz
