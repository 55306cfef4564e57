// SIGINT and SIGTERM during `w2v train`: the run must stop within about a second, exit with
// 128 + the signal number, keep a pre-existing output file byte for byte and leave no
// temporary file behind.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"
#include "w2v/atomic_file.h"
#include "w2v/errors.h"
#include "w2v/interrupt.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using w2v::testing::read_file;
using w2v::testing::TempDir;
using w2v::testing::write_file;

const std::string kPreviousModel = "previous model\n";

// Longest accepted time from the signal to the exit of the process. Each training thread checks
// the interrupt flag after every sentence of at most 1000 kept words. The limit leaves a wide
// margin for sanitizer builds and a loaded machine.
constexpr auto kMaxStopTime = std::chrono::milliseconds(1500);

// A w2v process started with its standard error in a file.
class Child {
 public:
  // Starts w2v with `arguments`. If `stdin_fd` is not -1 it becomes the child's standard input,
  // otherwise /dev/null does.
  Child(const std::vector<std::string>& arguments, const fs::path& err_path, int stdin_fd = -1)
      : err_path_(err_path) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (stdin_fd >= 0) {
      posix_spawn_file_actions_adddup2(&actions, stdin_fd, STDIN_FILENO);
    } else {
      posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    }
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> argv_strings = {W2V_BINARY};
    argv_strings.insert(argv_strings.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& argument : argv_strings) argv.push_back(argument.data());
    argv.push_back(nullptr);
    const int error = posix_spawn(&pid_, W2V_BINARY, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) pid_ = -1;
  }

  ~Child() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  bool started() const { return pid_ > 0; }

  // Waits until standard error contains `text`, the process exits or `timeout` passes.
  bool wait_for_log(const std::string& text, std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      if (read_file(err_path_).find(text) != std::string::npos) return true;
      if (poll_exit()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  // Waits up to `timeout` for the process to exit. Returns its exit status (128 + N if a
  // signal N killed it), or -1 on timeout, after which the destructor kills it.
  int wait_for_exit(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!poll_exit()) {
      if (Clock::now() >= deadline) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return exit_code_;
  }

  void signal(int signal_number) const { ::kill(pid_, signal_number); }
  std::string log() const { return read_file(err_path_); }

 private:
  bool poll_exit() {
    if (exited_) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) != pid_) return false;
    exited_ = true;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return true;
  }

  fs::path err_path_;
  pid_t pid_ = -1;
  bool exited_ = false;
  int exit_code_ = -1;
};

// About `tokens` tokens in sentences of 20 words, drawn from 2000 words in 40 topics.
std::string topic_text(std::size_t tokens, unsigned seed) {
  std::mt19937 generator(seed);
  std::string text;
  text.reserve(tokens * 7);
  for (std::size_t i = 0; i < tokens; i += 20) {
    const unsigned topic = generator() % 40;
    for (int j = 0; j < 20; ++j) {
      text += "t" + std::to_string(topic) + "w" + std::to_string(generator() % 50) + " ";
    }
    text += "\n";
  }
  return text;
}

std::set<std::string> file_names(const fs::path& directory) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

// Interrupts a training run once it has logged its first progress line, about a second into
// training, which is long before the 300 epochs could end.
void interrupt_training(int signal_number) {
  TempDir dir;
  write_file(dir / "corpus.txt", topic_text(400'000, 1));
  write_file(dir / "out.bin", kPreviousModel);
  write_file(dir / "vocab.txt", kPreviousModel);
  const fs::path err_path = dir.path().parent_path() / (dir.path().filename().string() + ".err");

  Child child({"train", "-train", (dir / "corpus.txt").string(), "-output",
               (dir / "out.bin").string(), "-save-vocab", (dir / "vocab.txt").string(),
               "-binary", "1", "-size", "50", "-iter", "300", "-min-count", "1", "-threads", "2"},
              err_path);
  ASSERT_TRUE(child.started());
  const bool training = child.wait_for_log("words/s  alpha", std::chrono::seconds(60));
  ASSERT_TRUE(training) << "no progress line before the deadline:\n" << child.log();

  const auto sent = Clock::now();
  child.signal(signal_number);
  const int exit_code = child.wait_for_exit(std::chrono::seconds(10));
  const auto stop_time = Clock::now() - sent;
  const std::string log = child.log();
  fs::remove(err_path);

  EXPECT_EQ(exit_code, 128 + signal_number) << log;
  EXPECT_LT(stop_time, kMaxStopTime) << "stopped after "
                                     << std::chrono::duration<double>(stop_time).count() << " s";
  EXPECT_NE(log.find("interrupted by signal " + std::to_string(signal_number)), std::string::npos)
      << log;
  EXPECT_EQ(read_file(dir / "out.bin"), kPreviousModel);
  // The vocabulary was saved before training started, so that file is complete.
  EXPECT_TRUE(read_file(dir / "vocab.txt").starts_with("</s> ")) << read_file(dir / "vocab.txt");
  EXPECT_EQ(file_names(dir.path()), (std::set<std::string>{"corpus.txt", "out.bin", "vocab.txt"}));
}

TEST(Interrupt, SigintDuringTraining) { interrupt_training(SIGINT); }

TEST(Interrupt, SigtermDuringTraining) { interrupt_training(SIGTERM); }

// A signal while the corpus is read from a pipe that stays open without data: the blocked
// read() must return and the run must stop.
TEST(Interrupt, SigintWhileReadingStandardInput) {
  TempDir dir;
  write_file(dir / "out.bin", kPreviousModel);
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const std::string text = "some words before the pipe goes quiet\n";
  ASSERT_EQ(::write(pipe_fds[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));

  const fs::path err_path = dir.path().parent_path() / (dir.path().filename().string() + ".err");
  Child child({"train", "-train", "-", "-output", (dir / "out.bin").string(), "-min-count", "1"},
              err_path, pipe_fds[0]);
  ::close(pipe_fds[0]);
  ASSERT_TRUE(child.started());
  // No log line marks the blocked read, so the test gives the process time to reach it.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  const auto sent = Clock::now();
  child.signal(SIGINT);
  const int exit_code = child.wait_for_exit(std::chrono::seconds(10));
  const auto stop_time = Clock::now() - sent;
  ::close(pipe_fds[1]);
  const std::string log = child.log();
  fs::remove(err_path);

  EXPECT_EQ(exit_code, 130) << log;
  EXPECT_LT(stop_time, kMaxStopTime);
  EXPECT_EQ(read_file(dir / "out.bin"), kPreviousModel);
  EXPECT_EQ(file_names(dir.path()), (std::set<std::string>{"out.bin"}));
}

// A second signal ends the process at once from the signal handler, which removes the
// temporary files of outputs still being written.
TEST(Interrupt, SecondSignalExitsAtOnce) {
  TempDir dir;
  write_file(dir / "corpus.txt", topic_text(200'000, 2));
  write_file(dir / "out.bin", kPreviousModel);
  const fs::path err_path = dir.path().parent_path() / (dir.path().filename().string() + ".err");
  Child child({"train", "-train", (dir / "corpus.txt").string(), "-output",
               (dir / "out.bin").string(), "-size", "50", "-iter", "300", "-min-count", "1",
               "-threads", "2"},
              err_path);
  ASSERT_TRUE(child.started());
  ASSERT_TRUE(child.wait_for_log("training skip-gram", std::chrono::seconds(60))) << child.log();

  child.signal(SIGTERM);
  child.signal(SIGTERM);
  const int exit_code = child.wait_for_exit(std::chrono::seconds(10));
  fs::remove(err_path);

  EXPECT_EQ(exit_code, 143);
  EXPECT_EQ(read_file(dir / "out.bin"), kPreviousModel);
  EXPECT_EQ(file_names(dir.path()), (std::set<std::string>{"corpus.txt", "out.bin"}));
}

// A signal that arrives while an output file is written: the file is not committed, so the
// previous content stays. Runs in a child process because the interrupt flag cannot be reset.
TEST(InterruptDeathTest, AtomicFileNotCommittedAfterSignal) {
  TempDir dir;
  write_file(dir / "out.txt", kPreviousModel);
  EXPECT_EXIT(
      {
        w2v::install_interrupt_handlers();
        int exit_code = 0;
        try {
          w2v::AtomicFile file(dir / "out.txt");
          file.write("new content\n");
          std::raise(SIGINT);
          file.write("more content\n");
          file.commit();
        } catch (const w2v::InterruptedError&) {
          exit_code = 42;  // the AtomicFile destructor has run and removed its temporary file
        }
        std::exit(exit_code);
      },
      ::testing::ExitedWithCode(42), "");
  EXPECT_EQ(read_file(dir / "out.txt"), kPreviousModel);
  EXPECT_EQ(file_names(dir.path()), (std::set<std::string>{"out.txt"}));
}

}  // namespace
