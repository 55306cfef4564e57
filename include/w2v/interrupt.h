#pragma once

namespace w2v {

/// Installs SIGINT and SIGTERM handlers that ask long work to stop. A second signal removes
/// pending temporary output files and exits at once with status 128 + signal.
void install_interrupt_handlers();

/// True once SIGINT or SIGTERM arrived. Cheap: long loops poll it every few thousand steps.
bool interrupt_requested();

/// Throws InterruptedError if a signal arrived.
void throw_if_interrupted();

}  // namespace w2v
