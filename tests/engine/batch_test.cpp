#include "engine/batch.h"
#include "scratch_dir.h"

#include "engine/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

namespace kw::engine {
namespace {

namespace fs = std::filesystem;

class BatchTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = kw::test::fresh_test_dir("kw_batch");
    spec_.folder = dir_.string();
    spec_.jobs = 40;
    spec_.name = [](std::size_t j) { return "job" + std::to_string(j) + ".bin"; };
    spec_.run = [this](std::size_t j) {
      ++ran_;
      return std::vector<unsigned char>(j + 1, static_cast<unsigned char>(j));
    };
  }
  void TearDown() override { kw::test::remove_test_dir(dir_); }
  std::vector<unsigned char> read(std::size_t j) {
    std::ifstream in(dir_ / spec_.name(j), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  fs::path dir_;
  BatchSpec spec_;
  std::atomic<int> ran_{0};
};

TEST_F(BatchTest, EveryJobSavedOnceWithItsBytes) {
  std::set<std::size_t> reported;
  spec_.progress = [&](std::size_t saved, std::size_t total) {
    EXPECT_EQ(total, 40u);
    reported.insert(saved);
  };
  ThreadPool pool(3);
  EXPECT_TRUE(pool.execute([&] { return run_batch(spec_); }));
  EXPECT_EQ(ran_, 40);
  EXPECT_EQ(reported.size(), 40u) << "one report per saved job, counts 1..40";
  EXPECT_EQ(*reported.rbegin(), 40u);
  for (std::size_t j = 0; j < 40; ++j) EXPECT_EQ(read(j), std::vector<unsigned char>(j + 1, static_cast<unsigned char>(j)));
  EXPECT_TRUE(missing_jobs(spec_).empty());
}

TEST_F(BatchTest, StoppedBatchKeepsWhatWasSavedAndResumesWithTheRest) {
  std::atomic<int> calls{0};
  spec_.stop = [&] { return calls++ >= 10; };
  ThreadPool pool(2);
  EXPECT_FALSE(pool.execute([&] { return run_batch(spec_); }));
  const std::size_t missing = missing_jobs(spec_).size();
  EXPECT_GT(missing, 0u);
  EXPECT_LT(missing, 40u);
  // a leftover partial save is cleared, not taken for a result
  std::ofstream(dir_ / "job39.bin.partial") << "half";
  const int before = ran_;
  spec_.stop = nullptr;
  EXPECT_TRUE(pool.execute([&] { return run_batch(spec_); }));
  EXPECT_EQ(ran_ - before, static_cast<int>(missing)) << "only the missing jobs run again";
  EXPECT_FALSE(fs::exists(dir_ / "job39.bin.partial"));
  for (std::size_t j = 0; j < 40; ++j) EXPECT_EQ(read(j).size(), j + 1);
}

TEST_F(BatchTest, AJobThatStopsItselfIsNotSaved) {
  spec_.run = [](std::size_t j) { return j == 5 ? std::vector<unsigned char>{} : std::vector<unsigned char>{1}; };
  ThreadPool pool(1);
  EXPECT_FALSE(pool.execute([&] { return run_batch(spec_); }));
  EXPECT_FALSE(fs::exists(dir_ / "job5.bin"));
}

}  // namespace
}  // namespace kw::engine
