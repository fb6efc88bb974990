// Helpers shared by all newsd tests.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "core/result.h"

// ASSERT_OK(expr): expr is a Result/Status that must hold a value.
#define ASSERT_OK(expr)                                                        \
  do {                                                                         \
    const auto& _r = (expr);                                                   \
    ASSERT_TRUE(_r.has_value()) << #expr << " failed: " << _r.error().message; \
  } while (0)
#define EXPECT_OK(expr)                                                        \
  do {                                                                         \
    const auto& _r = (expr);                                                   \
    EXPECT_TRUE(_r.has_value()) << #expr << " failed: " << _r.error().message; \
  } while (0)

namespace newsd::testing {

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  // Writes `content` to path()/name and returns the full path.
  std::string Write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

// Reads a whole file; fails the test (returns "") when it cannot.
std::string ReadFile(const std::string& path);

// Polls `cond` until it holds or `timeout` passes; returns the last result.
bool WaitFor(const std::function<bool()>& cond,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));

// The project's tests/data directory.
std::string DataPath(const std::string& rel);

// ../shared/corpora/<rel> beside the source tree ("" if it is not there).
std::string CorpusPath(const std::string& rel);

}  // namespace newsd::testing
