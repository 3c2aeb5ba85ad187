#pragma once
// A fresh folder of the running test's own under GoogleTest's temp folder,
// named by the process and the test so that parallel CTest runs never share
// one, and its removal afterwards.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>

namespace kw::test {

inline std::filesystem::path fresh_test_dir(const std::string& prefix) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  // typed and parameterised tests have names like "H5RoundTrip/3"
  std::string name = prefix + "_" + std::to_string(::getpid()) + "_" + info->test_suite_name() + "_" + info->name();
  std::replace(name.begin(), name.end(), '/', '_');
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Removes the folder, first giving back the write permission a test may have
// taken away.
inline void remove_test_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
  std::filesystem::remove_all(dir, ec);
}

}  // namespace kw::test
