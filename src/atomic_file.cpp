#include "w2v/atomic_file.h"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>

#include "w2v/errors.h"
#include "w2v/interrupt.h"

namespace w2v {
namespace {

// Temporary paths a signal handler may need to unlink. A fixed table of C strings keeps the
// handler free of allocation and locks.
constexpr std::size_t kMaxPendingFiles = 16;
constexpr std::size_t kMaxPathBytes = 4096;
struct PendingSlot {
  std::atomic<bool> used{false};
  char path[kMaxPathBytes];
};
std::array<PendingSlot, kMaxPendingFiles> pending_slots;

int register_pending(const std::string& path) {
  if (path.size() >= kMaxPathBytes) return -1;
  for (std::size_t i = 0; i < pending_slots.size(); ++i) {
    bool expected = false;
    if (!pending_slots[i].used.compare_exchange_strong(expected, true)) continue;
    std::memcpy(pending_slots[i].path, path.c_str(), path.size() + 1);
    return static_cast<int>(i);
  }
  return -1;
}

void unregister_pending(const std::string& path) {
  for (auto& slot : pending_slots) {
    if (slot.used.load() && path == slot.path) {
      slot.used.store(false);
      return;
    }
  }
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  // Renaming over a symlink would replace the link, so write beside the file it points to.
  // Renaming over a pipe or device would replace the node, so those are rejected.
  std::error_code error;
  if (std::filesystem::is_symlink(target_, error)) {
    target_ = std::filesystem::weakly_canonical(target_, error);
  }
  const auto status = std::filesystem::status(target_, error);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    throw IoError("output '" + target_.string() +
                  "' exists and is not a regular file (a pipe, device or directory). Give the "
                  "path of a regular file.");
  }
  static std::atomic<unsigned> counter{0};
  temporary_ = target_;
  temporary_ += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  register_pending(temporary_.string());
  stream_ = std::fopen(temporary_.c_str(), "wb");
  if (stream_ == nullptr) {
    unregister_pending(temporary_.string());
    throw IoError("cannot create output file '" + temporary_.string() + "': " + errno_text() +
                  ". Check that the directory exists and is writable.");
  }
  // A large buffer turns many small vector writes into few system calls.
  std::setvbuf(stream_, nullptr, _IOFBF, 1 << 20);
}

AtomicFile::~AtomicFile() {
  if (stream_ != nullptr) {
    std::fclose(stream_);
    std::remove(temporary_.c_str());
    unregister_pending(temporary_.string());
  }
}

void AtomicFile::write(const void* data, std::size_t size) {
  // After SIGINT or SIGTERM the file is abandoned: the destructor removes the temporary file and
  // the previous target stays as it was.
  throw_if_interrupted();
  if (size != 0 && std::fwrite(data, 1, size, stream_) != size) {
    throw IoError("cannot write '" + temporary_.string() + "': " + errno_text());
  }
}

void AtomicFile::commit() {
  throw_if_interrupted();
  const bool flushed = std::fflush(stream_) == 0 && ::fsync(::fileno(stream_)) == 0;
  const std::string flush_error = flushed ? "" : errno_text();
  const bool closed = std::fclose(stream_) == 0;
  stream_ = nullptr;
  if (!flushed || !closed) {
    std::remove(temporary_.c_str());
    unregister_pending(temporary_.string());
    throw IoError("cannot write '" + temporary_.string() + "': " +
                  (flushed ? errno_text() : flush_error));
  }
  if (std::rename(temporary_.c_str(), target_.c_str()) != 0) {
    const std::string reason = errno_text();
    std::remove(temporary_.c_str());
    unregister_pending(temporary_.string());
    throw IoError("cannot rename '" + temporary_.string() + "' to '" + target_.string() +
                  "': " + reason);
  }
  unregister_pending(temporary_.string());
}

void check_output_writable(const std::filesystem::path& target, std::string_view flag) {
  std::filesystem::path directory = target.parent_path();
  if (directory.empty()) directory = ".";
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) {
    throw UsageError(std::string(flag) + " '" + target.string() + "': directory '" +
                     directory.string() + "' does not exist. Create it or choose another path.");
  }
  if (std::filesystem::is_directory(target, error)) {
    throw UsageError(std::string(flag) + " '" + target.string() +
                     "' is a directory. Give a file name.");
  }
  const auto status = std::filesystem::status(target, error);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    throw UsageError(std::string(flag) + " '" + target.string() +
                     "' is not a regular file (a pipe or device). Give the path of a regular file.");
  }
  if (::access(directory.c_str(), W_OK) != 0) {
    throw UsageError(std::string(flag) + " '" + target.string() + "': directory '" +
                     directory.string() + "' is not writable.");
  }
}

void remove_pending_temporary_files() noexcept {
  for (auto& slot : pending_slots) {
    if (slot.used.load()) ::unlink(slot.path);
  }
}

}  // namespace w2v
