#pragma once

#include <stdexcept>
#include <string>

namespace w2v {

/// Base class of every error the library reports to the user. Only the CLI's main() catches it
/// and turns it into a message and an exit code.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Invalid settings: a flag value that cannot train or run. The CLI exits with status 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

/// Unreadable or malformed input data. The message names the file and, where known, the line.
class InputError : public Error {
 public:
  using Error::Error;
};

/// A file or stream that could not be opened, read or written.
class IoError : public Error {
 public:
  using Error::Error;
};

/// Training stopped because the weights became NaN or infinite.
class DivergenceError : public Error {
 public:
  using Error::Error;
};

/// Work stopped because the process received SIGINT or SIGTERM.
class InterruptedError : public Error {
 public:
  explicit InterruptedError(int signal_number)
      : Error("interrupted by signal " + std::to_string(signal_number)), signal_(signal_number) {}
  int signal_number() const { return signal_; }

 private:
  int signal_;
};

}  // namespace w2v
