#pragma once

#include <cstdio>
#include <filesystem>
#include <string_view>

namespace w2v {

/// Output file that appears under its final name only when complete.
///
/// Writes go to a temporary file in the target's directory (`NAME.tmp.PID.N`). commit() flushes,
/// fsyncs and renames it over the target. If the object is destroyed before commit(), for example
/// because an exception unwinds, the temporary file is removed and an existing target is untouched.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// Stream to write to. Errors are detected at write() and commit().
  std::FILE* stream() { return stream_; }
  void write(const void* data, std::size_t size);
  void write(std::string_view text) { write(text.data(), text.size()); }

  /// Finishes the file and renames it to the target. Throws IoError on any write failure, and
  /// InterruptedError (here and in write()) once SIGINT or SIGTERM has arrived.
  void commit();

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& temporary_path() const { return temporary_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::FILE* stream_ = nullptr;
};

/// Throws UsageError unless a file can be created in the directory of `target`, so a long job
/// fails before it starts rather than when it writes its result.
void check_output_writable(const std::filesystem::path& target, std::string_view flag);

/// Removes every temporary file that a live AtomicFile owns. Async-signal-safe: the signal
/// handler calls it before the process exits on SIGINT or SIGTERM.
void remove_pending_temporary_files() noexcept;

}  // namespace w2v
