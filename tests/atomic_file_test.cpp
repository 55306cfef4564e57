#include "w2v/atomic_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "test_support.h"
#include "w2v/errors.h"

namespace {

using w2v::testing::TempDir;

TEST(AtomicFile, CommitRenamesToTarget) {
  TempDir dir;
  const auto target = dir / "out.txt";
  {
    w2v::AtomicFile file(target);
    file.write("hello\n");
    EXPECT_FALSE(std::filesystem::exists(target));
    file.commit();
  }
  EXPECT_EQ(w2v::testing::read_file(target), "hello\n");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(AtomicFile, AbandonedWriteKeepsOldFile) {
  TempDir dir;
  const auto target = dir / "out.txt";
  w2v::testing::write_file(target, "old");
  try {
    w2v::AtomicFile file(target);
    file.write("partial");
    throw std::runtime_error("simulated failure");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(w2v::testing::read_file(target), "old");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(AtomicFile, MissingDirectoryIsUsageError) {
  TempDir dir;
  EXPECT_THROW(w2v::check_output_writable(dir / "missing" / "out.bin", "--output"),
               w2v::UsageError);
  EXPECT_NO_THROW(w2v::check_output_writable(dir / "out.bin", "--output"));
}

}  // namespace
