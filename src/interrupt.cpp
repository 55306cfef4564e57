#include "w2v/interrupt.h"

#include <unistd.h>

#include <atomic>
#include <csignal>

#include "w2v/atomic_file.h"
#include "w2v/errors.h"

namespace w2v {
namespace {

std::atomic<int> received_signal{0};

extern "C" void handle_stop_signal(int signal_number) {
  if (received_signal.exchange(signal_number) != 0) {
    remove_pending_temporary_files();
    ::_exit(128 + signal_number);
  }
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = handle_stop_signal;
  sigemptyset(&action.sa_mask);
  // No SA_RESTART, so a blocking read returns EINTR and the caller checks the flag.
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool interrupt_requested() { return received_signal.load(std::memory_order_relaxed) != 0; }

void throw_if_interrupted() {
  if (const int signal_number = received_signal.load(); signal_number != 0) {
    throw InterruptedError(signal_number);
  }
}

}  // namespace w2v
